//! Webhook bodies: the v2 envelope with its invitee payload, parsed tolerantly.
//!
//! Parse the raw body only after [`crate::signature::verify`] accepted it. Unknown events are
//! returned as [`WebhookBody::Other`] rather than refused, and the legacy v1 shape
//! (`{"event", "payload": {"event_type": {...}, "event": {...}, "invitee": {...}}}`) is
//! recognised and reported as [`WebhookBody::Legacy`] instead of being mis-read as v2.

use serde::Deserialize;
use serde_json::{Map, Value};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::model::{open_enum, Invitee, InviteeNoShow};

open_enum! {
    /// The `event` of a webhook (and the events a subscription lists).
    pub enum WebhookEvent {
        /// An invitee booked (also the new half of a reschedule).
        InviteeCreated = "invitee.created",
        /// An invitee canceled (also the old half of a reschedule, with `rescheduled: true`).
        InviteeCanceled = "invitee.canceled",
        /// The host marked an invitee as a no-show.
        InviteeNoShowCreated = "invitee_no_show.created",
        /// The host removed a no-show mark.
        InviteeNoShowDeleted = "invitee_no_show.deleted",
        /// A routing form was submitted (not used by the product).
        RoutingFormSubmissionCreated = "routing_form_submission.created",
    }
}

/// The fields every v2 webhook carries around its payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    /// What happened.
    pub event: WebhookEvent,
    /// When Calendly created the delivery (absent or unreadable: `None`).
    pub created_at: Option<OffsetDateTime>,
    /// The user who created the subscription; absent in payloads from before ~2022.
    pub created_by: Option<String>,
}

/// A parsed webhook body.
#[derive(Debug, Clone)]
pub enum WebhookBody {
    /// `invitee.*` and `invitee_no_show.*` events whose payload is the invitee.
    Invitee {
        /// Event, time and creator.
        envelope: Envelope,
        /// The invitee (for no-show events its `no_show` is set or null).
        invitee: Box<Invitee>,
    },
    /// `invitee_no_show.*` events whose payload is the bare no-show resource
    /// (`{uri, invitee, created_at}`); the exact shape Calendly sends is unconfirmed.
    NoShow {
        /// Event, time and creator.
        envelope: Envelope,
        /// The no-show resource.
        no_show: InviteeNoShow,
    },
    /// An event this crate does not interpret; the payload is kept as sent.
    Other {
        /// Event, time and creator.
        envelope: Envelope,
        /// The payload, untouched.
        payload: Value,
    },
    /// The legacy v1 webhook shape; it is reported, not interpreted.
    Legacy {
        /// The `event` it names.
        event: WebhookEvent,
        /// The payload, untouched.
        payload: Value,
    },
}

/// Why a webhook body could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WebhookError {
    /// The body is not JSON.
    #[error("webhook body is not JSON: {0}")]
    NotJson(String),
    /// The body is JSON but not an object.
    #[error("webhook body is not a JSON object")]
    NotAnObject,
    /// The body has no string `event`.
    #[error("webhook body has no event name")]
    MissingEvent,
    /// The payload of a known event does not have the shape that event carries.
    #[error("webhook payload of {event} is invalid: {reason}")]
    InvalidPayload {
        /// The event name.
        event: String,
        /// What did not fit.
        reason: String,
    },
}

impl WebhookBody {
    /// Parses a raw webhook body.
    pub fn parse(raw: &[u8]) -> Result<Self, WebhookError> {
        let value: Value =
            serde_json::from_slice(raw).map_err(|e| WebhookError::NotJson(e.to_string()))?;
        let Value::Object(mut body) = value else {
            return Err(WebhookError::NotAnObject);
        };
        let event = match body.get("event") {
            Some(Value::String(name)) => WebhookEvent::from(name.as_str()),
            _ => return Err(WebhookError::MissingEvent),
        };
        let payload = body.remove("payload").unwrap_or(Value::Null);
        if is_legacy_payload(&payload) {
            return Ok(Self::Legacy { event, payload });
        }
        let envelope = Envelope {
            created_at: body
                .get("created_at")
                .and_then(Value::as_str)
                .and_then(|t| OffsetDateTime::parse(t, &Rfc3339).ok()),
            created_by: body
                .get("created_by")
                .and_then(Value::as_str)
                .map(str::to_owned),
            event,
        };
        let invalid = |envelope: &Envelope, e: serde_json::Error| WebhookError::InvalidPayload {
            event: envelope.event.to_string(),
            reason: e.to_string(),
        };
        match envelope.event {
            WebhookEvent::InviteeCreated | WebhookEvent::InviteeCanceled => {
                let invitee = Invitee::deserialize(payload).map_err(|e| invalid(&envelope, e))?;
                Ok(Self::Invitee {
                    envelope,
                    invitee: Box::new(invitee),
                })
            }
            WebhookEvent::InviteeNoShowCreated | WebhookEvent::InviteeNoShowDeleted => {
                if payload.as_object().is_some_and(is_bare_no_show) {
                    let no_show =
                        InviteeNoShow::deserialize(payload).map_err(|e| invalid(&envelope, e))?;
                    Ok(Self::NoShow { envelope, no_show })
                } else {
                    let invitee =
                        Invitee::deserialize(payload).map_err(|e| invalid(&envelope, e))?;
                    Ok(Self::Invitee {
                        envelope,
                        invitee: Box::new(invitee),
                    })
                }
            }
            _ => Ok(Self::Other { envelope, payload }),
        }
    }

    /// The event name.
    pub fn event(&self) -> &WebhookEvent {
        match self {
            Self::Invitee { envelope, .. }
            | Self::NoShow { envelope, .. }
            | Self::Other { envelope, .. } => &envelope.event,
            Self::Legacy { event, .. } => event,
        }
    }

    /// The user who created the subscription, when the body names one.
    pub fn created_by(&self) -> Option<&str> {
        match self {
            Self::Invitee { envelope, .. }
            | Self::NoShow { envelope, .. }
            | Self::Other { envelope, .. } => envelope.created_by.as_deref(),
            Self::Legacy { .. } => None,
        }
    }
}

/// v1 payloads nest objects where v2 has URIs: `event` and `event_type` are objects and the
/// invitee sits under `invitee`; a v2 invitee payload has `event` as a URI string.
fn is_legacy_payload(payload: &Value) -> bool {
    let Some(p) = payload.as_object() else {
        return false;
    };
    ["invitee", "event", "event_type"]
        .iter()
        .any(|k| p.get(*k).is_some_and(Value::is_object))
}

/// A no-show resource names its invitee by URI and has none of an invitee's own fields.
fn is_bare_no_show(p: &Map<String, Value>) -> bool {
    p.get("invitee").is_some_and(Value::is_string) && !p.contains_key("email")
}
