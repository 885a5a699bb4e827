//! What a user does to meetings through Calendly: cancel one, mark or unmark a no-show,
//! and create a single-use booking link for a client, quote or invoice. Each action
//! updates the local meeting at once from Calendly's answer; the webhook that follows
//! changes nothing more.

use std::fmt::Write as _;

use rand::RngCore;
use serde::Serialize;
use specta::Type;

use super::incoming::Change;
use super::SyncEngine;
use crate::calendly::ConnectError;
use crate::model::{Id, Meeting};
use crate::CoreError;

/// Random bytes in a link token (160 bits; at least 128 are required).
const TOKEN_BYTES: usize = 20;

/// Which document a booking link is made for, besides its client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkFor {
    Client,
    Quote(String),
    Invoice(String),
}

/// A booking link Quotla made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct BookingLink {
    pub id: Id,
    /// The URL to send, with the tracking that ties a booking back to Quotla.
    pub booking_url: String,
    pub event_type_uri: String,
    pub client_id: Id,
    pub quote_id: Option<Id>,
    pub quote_number: Option<String>,
    pub invoice_id: Option<Id>,
    pub invoice_number: Option<String>,
    pub created_at: String,
}

impl SyncEngine {
    /// Cancels the meeting's event at Calendly (every invitee of a group event) with a
    /// reason, then records the cancellation locally.
    pub async fn cancel_meeting(
        &self,
        invitee_uri: &str,
        reason: &str,
    ) -> Result<Meeting, ConnectError> {
        let meeting = self.store.meeting(invitee_uri).await?;
        let reason = reason.trim().to_string();
        if reason.chars().count() > 500 {
            return Err(CoreError::field("reason", "keep the reason under 500 characters").into());
        }
        let event = meeting.event_uri.clone();
        self.calendly
            .call(&self.store, |api| {
                let (event, reason) = (event.clone(), reason.clone());
                Box::pin(async move {
                    api.cancel_event(&event, (!reason.is_empty()).then_some(reason.as_str()))
                        .await
                })
            })
            .await?;
        self.refresh_invitee(invitee_uri).await?;
        Ok(self.store.meeting(invitee_uri).await?)
    }

    /// Marks (or with `undo` unmarks) the invitee as a no-show at Calendly, then locally.
    pub async fn set_no_show(
        &self,
        invitee_uri: &str,
        undo: bool,
    ) -> Result<Meeting, ConnectError> {
        let meeting = self.store.meeting(invitee_uri).await?;
        let owner = self.require_account().await?.user_uri;
        // Calendly is asked only when the mark changes; the local apply runs either way
        // (an unmark of an unmarked meeting changes nothing).
        let no_show_uri = if undo {
            if meeting.no_show {
                let no_show = self
                    .store
                    .meeting_no_show_uri(invitee_uri)
                    .await?
                    .ok_or_else(|| ConnectError::NotFound("the no-show mark".into()))?;
                self.calendly
                    .call(&self.store, |api| {
                        let no_show = no_show.clone();
                        Box::pin(async move { api.delete_no_show(&no_show).await })
                    })
                    .await?;
            }
            None
        } else if meeting.no_show {
            return Ok(meeting);
        } else {
            let target = invitee_uri.to_string();
            let created = self
                .calendly
                .call(&self.store, |api| {
                    let target = target.clone();
                    Box::pin(async move { api.create_no_show(&target).await })
                })
                .await?;
            Some(created.uri)
        };
        let change = Change::NoShow {
            invitee_uri: invitee_uri.to_string(),
            marked: !undo,
            no_show_uri,
            state: None,
        };
        self.store
            .apply_changes(&[change], None, Some(&owner), false)
            .await?;
        Ok(self.store.meeting(invitee_uri).await?)
    }

    /// Reads one invitee back from Calendly and applies it, as reconcile would.
    async fn refresh_invitee(&self, invitee_uri: &str) -> Result<(), ConnectError> {
        let owner = self.require_account().await?.user_uri;
        let target = invitee_uri.to_string();
        let (invitee, event) = self
            .calendly
            .call(&self.store, |api| {
                let target = target.clone();
                Box::pin(async move {
                    let invitee = api.invitee(&target).await?;
                    let Some(event_uri) = invitee.event.clone() else {
                        return Err(calendly::Error::InvalidResponse(
                            "the invitee names no scheduled event".into(),
                        ));
                    };
                    let event = api.scheduled_event(&event_uri).await?;
                    Ok((invitee, event))
                })
            })
            .await?;
        self.store
            .apply_changes(
                &[Change::reconciled(&invitee, &event)],
                None,
                Some(&owner),
                false,
            )
            .await?;
        Ok(())
    }

    /// Creates a single-use booking link for a client (optionally for one of its quotes or
    /// invoices) with `event_type` or the default event type. The link carries
    /// `utm_source=quotla`, an unguessable token in `utm_content`, and the client's name
    /// and e-mail prefilled.
    pub async fn create_link(
        &self,
        client_id: Id,
        target: LinkFor,
        event_type: Option<&str>,
    ) -> Result<BookingLink, ConnectError> {
        let account = self.require_account().await?;
        let client = self.store.client(client_id).await?;
        let (quote, invoice) = self.store.link_documents(client_id, &target).await?;
        let event_type = event_type
            .map(str::to_string)
            .or(account.default_event_type_uri.clone())
            .ok_or(ConnectError::NoEventType)?;
        let owner = event_type.clone();
        let link = match self
            .calendly
            .call(&self.store, |api| {
                let owner = owner.clone();
                Box::pin(async move { api.create_scheduling_link(&owner, 1).await })
            })
            .await
        {
            Ok(link) => link,
            Err(
                err @ (ConnectError::NotFound(_)
                | ConnectError::Rejected(_)
                | ConnectError::Forbidden(_)),
            ) => {
                // Deleted or switched off in Calendly since it was chosen: fetch the event
                // types again, so Settings and the schedule window show it, and say so.
                let types = self.calendly.refresh_event_types(&self.store).await?;
                if types.iter().any(|t| t.uri == event_type && t.active) {
                    return Err(err);
                }
                return Err(ConnectError::EventTypeGone);
            }
            Err(err) => return Err(err),
        };
        let token = new_token();
        let mut url = url::Url::parse(&link.booking_url)
            .map_err(|_| ConnectError::Rejected("Calendly sent an unusable booking URL".into()))?;
        {
            let mut query = url.query_pairs_mut();
            query.append_pair("utm_source", "quotla");
            query.append_pair("utm_content", &token);
            query.append_pair("name", &client.name);
            if let Some(email) = client.email.as_deref().filter(|e| !e.is_empty()) {
                query.append_pair("email", email);
            }
        }
        let booking = self
            .store
            .save_scheduling_link(
                &token,
                url.as_str(),
                &event_type,
                &account.user_uri,
                client_id,
                quote,
                invoice,
            )
            .await?;
        Ok(booking)
    }
}

/// A URL-safe link token of [`TOKEN_BYTES`] random bytes.
fn new_token() -> String {
    let mut bytes = [0u8; TOKEN_BYTES];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes
        .iter()
        .fold(String::with_capacity(TOKEN_BYTES * 2), |mut out, b| {
            let _ = write!(out, "{b:02x}");
            out
        })
}
