//! The push path's lifecycle: one relay inbox per desktop profile, bound to the connected
//! Calendly user, and exactly one user-scope webhook subscription pointing at it.
//!
//! Checked and repaired on connect, at start and before every reconcile the app or
//! `quotla-cli sync` runs (they call [`SyncEngine::ensure_push_path`]): Calendly disables a
//! subscription silently after a day of failed deliveries and deletes it on a 410, and the
//! relay purges idle inboxes. A subscription whose callback URL is not this desktop's inbox
//! is never touched: another computer of the same user has its own.

use calendly::client::{NewWebhookSubscription, WebhookSubscriptionsQuery};
use calendly::model::{WebhookState, WebhookSubscription};
use calendly::webhook::WebhookEvent;
use quotla_secrets::SecretHandle;
use relay_client::{RelayClient, RelayError};
use serde::Serialize;

use super::{relay_error, SyncEngine};
use crate::calendly::account::AccountFacts;
use crate::calendly::connection::DisconnectOutcome;
use crate::calendly::ConnectError;
use crate::store::{SyncLogKind, SyncState};

/// The events this desktop's subscription must deliver.
const EVENTS: [WebhookEvent; 4] = [
    WebhookEvent::InviteeCreated,
    WebhookEvent::InviteeCanceled,
    WebhookEvent::InviteeNoShowCreated,
    WebhookEvent::InviteeNoShowDeleted,
];

/// What a check of the push path found and did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PushPath {
    /// Webhooks reach this desktop.
    pub live: bool,
    /// Why not, as an error code.
    pub polling_reason: Option<String>,
    pub inbox_registered: bool,
    pub subscription_created: bool,
}

/// The inbox as the CLI prints it after `relay register`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InboxInfo {
    pub inbox_id: String,
    pub webhook_url: String,
    pub calendly_user: Option<String>,
}

impl SyncEngine {
    /// Registers an inbox at `relay_url` for this desktop, bound to the connected user or
    /// unbound when none is connected; the consumer token goes to the keyring. An existing
    /// inbox is kept when it is at the same relay and bound to the same user.
    pub async fn register_inbox(&self, relay_url: &str) -> Result<InboxInfo, ConnectError> {
        let relay = self.relay_at(relay_url)?;
        let user = self.account().await?.map(|a| a.user_uri);
        let state = self.store.sync_state().await?;
        // An inbox recorded before the relay's URL was kept (upgraded installs) is taken
        // to be at the configured relay; the liveness check below settles it.
        let same = state
            .relay_url
            .as_deref()
            .is_none_or(|u| u == relay_url.trim_end_matches('/'))
            && state.inbox_user == user;
        if let (true, Some(inbox_id), Some(webhook_url)) =
            (same, state.inbox_id.clone(), state.webhook_url.clone())
        {
            if self.inbox_alive(&relay, &inbox_id).await? {
                return Ok(InboxInfo {
                    inbox_id,
                    webhook_url,
                    calendly_user: user,
                });
            }
        }
        self.replace_inbox(&relay, relay_url, &state, user.as_deref())
            .await
    }

    /// Whether the inbox still answers to our token (a purged or deleted one does not).
    async fn inbox_alive(&self, relay: &RelayClient, inbox_id: &str) -> Result<bool, ConnectError> {
        let Some(token) = self.consumer_token().await? else {
            return Ok(false);
        };
        match relay
            .events(inbox_id, &token, i64::MAX - 1, std::time::Duration::ZERO, 1)
            .await
        {
            Ok(_) => Ok(true),
            Err(RelayError::InboxGone { .. }) => Ok(false),
            Err(err) => Err(relay_error(err)),
        }
    }

    /// Deletes the old inbox (best effort) and registers a new one.
    async fn replace_inbox(
        &self,
        relay: &RelayClient,
        relay_url: &str,
        state: &SyncState,
        user: Option<&str>,
    ) -> Result<InboxInfo, ConnectError> {
        // The old inbox's subscription would deliver into nothing (or into an inbox that
        // could not be deleted): it goes first, while the account can still see it.
        if let (Some(subscription), Some(_)) = (&state.subscription_uri, self.account().await?) {
            if let Err(err) = self.delete_subscription(subscription).await {
                tracing::info!(error = %err, "old webhook subscription not deleted");
            }
        }
        if let (Some(old), Some(token)) = (&state.inbox_id, self.consumer_token().await?) {
            let old_relay = self.relay(state).await?;
            if let Some(old_relay) = old_relay {
                if let Err(err) = old_relay.delete_inbox(old, &token).await {
                    tracing::info!(error = %err, "old relay inbox not deleted");
                }
            }
        }
        let inbox = match user {
            Some(user) => relay.register_inbox(user).await,
            None => relay.register_unbound_inbox().await,
        }
        .map_err(relay_error)?;
        let token = inbox.consumer_token.expose().to_string();
        self.calendly
            .keyring(move |s| s.set(SecretHandle::RelayConsumerToken, &token))
            .await?;
        let relay_url = relay_url.trim_end_matches('/');
        self.store
            .set_sync_inbox(
                Some(relay_url),
                Some((&inbox.inbox_id, &inbox.webhook_url)),
                user,
            )
            .await?;
        self.store
            .sync_log(
                SyncLogKind::InboxRegistered,
                &format!(
                    "inbox {} at {relay_url} ({})",
                    inbox.inbox_id,
                    if user.is_some() { "bound" } else { "unbound" }
                ),
            )
            .await?;
        Ok(InboxInfo {
            inbox_id: inbox.inbox_id,
            webhook_url: inbox.webhook_url,
            calendly_user: user.map(str::to_string),
        })
    }

    /// Makes sure webhooks reach this desktop: a live inbox bound to the connected user and
    /// exactly one active subscription for it. Falls back to polling (with its reason)
    /// without a relay, on the free plan or without the `webhooks:write` scope. When the
    /// check itself fails (relay or Calendly unreachable) the subscription is marked
    /// unchecked, so no screen claims live updates it cannot vouch for.
    pub async fn ensure_push_path(&self) -> Result<PushPath, ConnectError> {
        let account = self.require_account().await?;
        let result = match self.follow_organization(account).await {
            Ok(account) => self.check_push_path(&account).await,
            Err(err) => Err(err),
        };
        if result.is_err() {
            let state = self.store.sync_state().await?;
            if state.subscription_state.is_some() {
                self.store
                    .set_sync_subscription(
                        state.subscription_uri.as_deref(),
                        Some("unchecked"),
                        None,
                    )
                    .await?;
            }
        }
        result
    }

    /// A Calendly user can move to another organization, and webhook subscriptions live in
    /// one. The user's organization is read each round (one call) and stored when it
    /// changed, so the subscription is looked for, and made, where the events now are.
    async fn follow_organization(
        &self,
        mut account: AccountFacts,
    ) -> Result<AccountFacts, ConnectError> {
        let user = self
            .calendly
            .call(&self.store, |api| {
                Box::pin(async move { api.current_user().await })
            })
            .await?;
        let moved = user.uri == account.user_uri
            && account.organization_uri.is_some()
            && user.current_organization.is_some()
            && user.current_organization != account.organization_uri;
        if moved {
            tracing::info!("the Calendly user moved to another organization");
            // The old organization's subscription goes; the check below makes a new one.
            // Calendly may refuse to touch it now the user has left: then it stays behind
            // (its deliveries are deduplicated) rather than blocking every later round.
            if let Some(old) = self.store.sync_state().await?.subscription_uri {
                if let Err(err) = self.delete_subscription(&old).await {
                    tracing::warn!(error = %err, "the old organization's subscription stays");
                }
                self.store.set_sync_subscription(None, None, None).await?;
            }
            self.store
                .set_calendly_organization(user.current_organization.as_deref())
                .await?;
            account.organization_uri = user.current_organization;
        }
        Ok(account)
    }

    async fn check_push_path(&self, account: &AccountFacts) -> Result<PushPath, ConnectError> {
        let mut outcome = PushPath {
            live: false,
            polling_reason: None,
            inbox_registered: false,
            subscription_created: false,
        };
        let state = self.store.sync_state().await?;
        // The relay of this user's inbox; else the configured one; else the relay an inbox
        // was registered at by hand (`quotla-cli relay register`).
        let relay_url = match &state.relay_url {
            Some(url) if state.inbox_user.as_deref() == Some(&account.user_uri) => {
                Some(url.clone())
            }
            _ => self
                .calendly
                .settings(&self.store)
                .await?
                .relay_url
                .or_else(|| state.relay_url.clone()),
        };
        let Some(relay_url) = relay_url else {
            return self.polling(outcome, "relay_not_configured").await;
        };
        let before = state.inbox_id.clone();
        let inbox = self.register_inbox(&relay_url).await?;
        outcome.inbox_registered = before.as_deref() != Some(inbox.inbox_id.as_str());
        match self.ensure_subscription(account, &inbox.webhook_url).await {
            Ok((subscription, created)) => {
                outcome.subscription_created = created;
                outcome.live = true;
                self.store
                    .set_sync_subscription(
                        Some(&subscription.uri),
                        subscription.state.as_ref().map(|s| s.as_str()),
                        None,
                    )
                    .await?;
                if created {
                    self.store
                        .sync_log(
                            SyncLogKind::SubscriptionRepaired,
                            &format!("subscription {} created", subscription.uri),
                        )
                        .await?;
                }
                Ok(outcome)
            }
            Err(err @ (ConnectError::PlanRequired(_) | ConnectError::ScopeMissing(_))) => {
                self.polling(outcome, &err.code().to_string()).await
            }
            Err(err) => Err(err),
        }
    }

    async fn polling(&self, mut outcome: PushPath, reason: &str) -> Result<PushPath, ConnectError> {
        self.store
            .set_sync_subscription(None, None, Some(reason))
            .await?;
        outcome.polling_reason = Some(reason.to_string());
        Ok(outcome)
    }

    /// Exactly one active subscription for `webhook_url` with all four events: adopted when
    /// one exists, else (re)created. Returns it and whether it was created.
    async fn ensure_subscription(
        &self,
        account: &AccountFacts,
        webhook_url: &str,
    ) -> Result<(WebhookSubscription, bool), ConnectError> {
        let organization = account
            .organization_uri
            .clone()
            .ok_or_else(|| ConnectError::Rejected("the account has no organization".into()))?;
        let ours = self
            .subscriptions_for(&organization, &account.user_uri, webhook_url)
            .await?;
        let mut keep = None;
        for sub in ours {
            if keep.is_none() && usable(&sub) {
                keep = Some(sub);
            } else {
                self.delete_subscription(&sub.uri).await?;
            }
        }
        if let Some(sub) = keep {
            return Ok((sub, false));
        }
        let new = NewWebhookSubscription::for_user(webhook_url, &organization, &account.user_uri);
        let created = self
            .calendly
            .call(&self.store, |api| {
                let new = new.clone();
                Box::pin(async move { api.create_webhook_subscription(&new).await })
            })
            .await;
        match created {
            Ok(sub) => Ok((sub, true)),
            // Taken meanwhile (another process of this profile): adopt what is there.
            Err(ConnectError::AlreadyExists(_)) => {
                let again = self
                    .subscriptions_for(&organization, &account.user_uri, webhook_url)
                    .await?;
                again
                    .into_iter()
                    .find(usable)
                    .map(|s| (s, false))
                    .ok_or_else(|| {
                        ConnectError::AlreadyExists(
                            "a subscription for this inbox exists but cannot be used".into(),
                        )
                    })
            }
            Err(err) => Err(err),
        }
    }

    /// This user's subscriptions whose callback is `webhook_url`.
    async fn subscriptions_for(
        &self,
        organization: &str,
        user: &str,
        webhook_url: &str,
    ) -> Result<Vec<WebhookSubscription>, ConnectError> {
        let query = WebhookSubscriptionsQuery::of_user(organization, user);
        let all = self
            .calendly
            .call(&self.store, |api| {
                let query = query.clone();
                Box::pin(async move { api.webhook_subscriptions(&query).all().await })
            })
            .await?;
        Ok(all
            .into_iter()
            .filter(|s| s.callback_url.as_deref() == Some(webhook_url))
            .collect())
    }

    async fn delete_subscription(&self, uri: &str) -> Result<(), ConnectError> {
        let target = uri.to_string();
        let deleted = self
            .calendly
            .call(&self.store, |api| {
                let target = target.clone();
                Box::pin(async move { api.delete_webhook_subscription(&target).await })
            })
            .await;
        match deleted {
            Ok(()) | Err(ConnectError::NotFound(_)) => {
                self.store
                    .sync_log(
                        SyncLogKind::SubscriptionRepaired,
                        &format!("subscription {uri} deleted"),
                    )
                    .await?;
                Ok(())
            }
            Err(err) => Err(err),
        }
    }

    /// Disconnects in the order that leaves nothing behind: delete the subscription (needs
    /// the tokens), revoke the tokens through the relay (needs the still-bound inbox),
    /// delete the inbox, clear the keyring; then keep or delete the synced meetings.
    pub async fn disconnect(
        &self,
        delete_meetings: bool,
    ) -> Result<DisconnectOutcome, ConnectError> {
        let state = self.store.sync_state().await?;
        let account = self.store.calendly_account().await?;
        if let Some(uri) = &state.subscription_uri {
            if let Err(err) = self.delete_subscription(uri).await {
                tracing::warn!(error = %err, "webhook subscription not deleted");
            }
        }
        let relay = self.relay(&state).await.ok().flatten();
        let consumer = self.consumer_token().await?;
        let revoked = match (&relay, &consumer) {
            (Some(relay), Some(token)) if state.inbox_id.is_some() => {
                self.calendly.revoke_tokens(relay, token).await
            }
            _ => false,
        };
        if let (Some(relay), Some(token), Some(inbox)) = (&relay, &consumer, &state.inbox_id) {
            if let Err(err) = relay.delete_inbox(inbox, token).await {
                tracing::warn!(error = %err, "relay inbox not deleted");
            }
        }
        let outcome = self.calendly.forget(&self.store, revoked).await?;
        self.store.clear_sync_state().await?;
        // Only this account's meetings: those of an earlier account stay until the user
        // deletes them, and with no account known nothing is deleted.
        let user = account.map(|a| a.user_uri).or(state.inbox_user.clone());
        if let (true, Some(user)) = (delete_meetings, user) {
            self.store.delete_meetings(Some(&user)).await?;
        }
        Ok(outcome)
    }
}

/// Active and delivering every event this desktop needs.
fn usable(sub: &WebhookSubscription) -> bool {
    sub.state == Some(WebhookState::Active) && EVENTS.iter().all(|e| sub.events.contains(e))
}
