//! Reconcile: list the scheduled events of a window from the API and fetch invitees only for
//! events that are new or changed since they were last seen (`updated_at` or the invitee
//! count differs). It heals whatever the push path missed and is the only path when
//! webhooks are not available. With nothing changed it costs one list call per 100 events.

use std::time::Duration;

use calendly::client::{CalendlyClient, InviteesQuery, ScheduledEventsQuery};
use calendly::model::{Invitee, ScheduledEvent};
use jiff::{SignedDuration, Timestamp};
use serde::Serialize;

use super::incoming::{to_jiff, Change};
use super::{ApplyReport, SyncEngine};
use crate::calendly::connection::ApiFuture;
use crate::calendly::ConnectError;
use crate::store::{EventSeen, SyncLogKind};

/// How far back and ahead reconcile looks.
const WINDOW_BACK: SignedDuration = SignedDuration::from_hours(30 * 24);
const WINDOW_AHEAD: SignedDuration = SignedDuration::from_hours(365 * 24);
/// In polling mode, events that ended this recently are re-read: a no-show mark may not
/// move the event's `updated_at`.
const RECENTLY_ENDED: SignedDuration = SignedDuration::from_hours(24);
/// Calendly's largest page.
const PAGE: u32 = 100;
/// A first sync of a large account runs into Calendly's per-minute limit: reconcile waits
/// for the window to reset (at most this long each time, this many times) instead of
/// giving up half-way.
const MAX_RATE_WAIT: Duration = Duration::from_secs(120);
const MAX_RATE_WAITS: u32 = 10;

/// What one reconcile did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ReconcileReport {
    /// Scheduled events in the window.
    pub events: u32,
    /// Events whose invitees were fetched.
    pub changed_events: u32,
    pub list_calls: u32,
    pub invitee_calls: u32,
    /// The account's first reconcile: it brought in what was already booked, which is
    /// news to nobody (no notifications).
    pub first: bool,
    #[serde(flatten)]
    pub applied: ApplyReport,
}

/// Progress of a running reconcile: the first sync of a large account takes minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ReconcileProgress {
    pub events_listed: u32,
    pub events_to_fetch: u32,
    pub events_fetched: u32,
}

impl SyncEngine {
    /// Runs one reconcile of the connected account. `polling` re-reads recently ended
    /// events too (no webhooks bring their no-shows). `progress` hears how many events
    /// need their invitees fetched, then each one fetched.
    pub async fn reconcile(
        &self,
        polling: bool,
        mut progress: impl FnMut(ReconcileProgress),
    ) -> Result<ReconcileReport, ConnectError> {
        let account = self.require_account().await?;
        let first = self.store.sync_state().await?.last_reconcile_at.is_none();
        let now = self.store.now();
        let query = ScheduledEventsQuery {
            user: Some(account.user_uri.clone()),
            min_start_time: to_time(now - WINDOW_BACK),
            max_start_time: to_time(now + WINDOW_AHEAD),
            sort: Some("start_time:asc".into()),
            count: Some(PAGE),
            ..Default::default()
        };
        // Page by page, so a wait for the rate limit resumes where it stopped.
        let mut events = Vec::new();
        let mut list_calls = 0u32;
        let mut token: Option<String> = None;
        let mut seen = std::collections::HashSet::new();
        loop {
            let (page, next) = self
                .call_patiently(|api| {
                    let (query, token) = (query.clone(), token.clone());
                    Box::pin(async move {
                        let mut pages = api.scheduled_events(&query);
                        if let Some(token) = token {
                            pages = pages.starting_at(token);
                        }
                        let page = pages.next_page().await?;
                        Ok((page, pages.next_token().map(str::to_string)))
                    })
                })
                .await?;
            let Some(page) = page else { break };
            list_calls += 1;
            events.extend(page.collection);
            // A page token that comes back would loop forever: the list ends there.
            match next {
                Some(next) if seen.insert(next.clone()) => token = Some(next),
                _ => break,
            }
        }
        let mut report = ReconcileReport {
            events: events.len() as u32,
            list_calls,
            first,
            ..Default::default()
        };
        // Only the window's events can be listed: older ones need not be read.
        let seen = self.store.events_seen(now - WINDOW_BACK).await?;
        let changed: Vec<&ScheduledEvent> = events
            .iter()
            .filter(|e| needs_invitees(e, seen.get(&e.uri), polling, now))
            .collect();
        let mut state = ReconcileProgress {
            events_listed: report.events,
            events_to_fetch: changed.len() as u32,
            events_fetched: 0,
        };
        progress(state);
        for event in changed {
            let uri = event.uri.clone();
            let (invitees, calls) = self
                .call_patiently(|api| {
                    let uri = uri.clone();
                    Box::pin(async move { fetch_invitees(&api, &uri).await })
                })
                .await?;
            report.invitee_calls += calls;
            let changes: Vec<Change> = invitees
                .iter()
                .map(|i| Change::reconciled(i, event))
                .collect();
            let applied = self
                .store
                .apply_changes(&changes, None, Some(&account.user_uri), false)
                .await?;
            if let Some(updated) = event.updated_at {
                self.store
                    .mark_event_seen(
                        &event.uri,
                        &crate::dates::format_timestamp(to_jiff(updated)),
                    )
                    .await?;
            }
            report.applied.absorb(applied);
            report.changed_events += 1;
            state.events_fetched += 1;
            progress(state);
        }
        let watermark = events
            .iter()
            .filter_map(|e| e.updated_at)
            .max()
            .map(|t| crate::dates::format_timestamp(to_jiff(t)));
        self.store.set_sync_reconciled(watermark.as_deref()).await?;
        self.store
            .sync_log(
                SyncLogKind::Reconcile,
                &format!(
                    "{} events, {} fetched, {} applied, {} list and {} invitee calls",
                    report.events,
                    report.changed_events,
                    report.applied.applied.len(),
                    report.list_calls,
                    report.invitee_calls
                ),
            )
            .await?;
        Ok(report)
    }
}

impl SyncEngine {
    /// One API call that waits out Calendly's rate limit rather than failing on it.
    async fn call_patiently<T, F>(&self, request: F) -> Result<T, ConnectError>
    where
        F: Fn(CalendlyClient) -> ApiFuture<T>,
    {
        let mut waits = 0;
        loop {
            match self.calendly.call(&self.store, &request).await {
                Err(ConnectError::RateLimited { retry_after }) if waits < MAX_RATE_WAITS => {
                    waits += 1;
                    let pause = retry_after
                        .unwrap_or(MAX_RATE_WAIT)
                        .clamp(Duration::from_secs(1), MAX_RATE_WAIT);
                    tracing::info!(
                        seconds = pause.as_secs(),
                        "Calendly rate limit: reconcile waits"
                    );
                    tokio::time::sleep(pause).await;
                }
                other => return other,
            }
        }
    }
}

/// Every invitee of one event, and how many calls that took.
async fn fetch_invitees(
    api: &calendly::client::CalendlyClient,
    event: &str,
) -> Result<(Vec<Invitee>, u32), calendly::Error> {
    let query = InviteesQuery {
        count: Some(PAGE),
        ..Default::default()
    };
    let mut pages = api.invitees(event, &query)?;
    let mut invitees = Vec::new();
    let mut calls = 0;
    while let Some(page) = pages.next_page().await? {
        calls += 1;
        invitees.extend(page.collection);
    }
    Ok((invitees, calls))
}

/// Whether an event's invitees must be read: never seen, changed since, a different
/// number of invitees, or (polling) ended within the last day.
fn needs_invitees(
    event: &ScheduledEvent,
    seen: Option<&EventSeen>,
    polling: bool,
    now: Timestamp,
) -> bool {
    let Some(seen) = seen else {
        return true;
    };
    let updated = event
        .updated_at
        .map(|t| crate::dates::format_timestamp(to_jiff(t)));
    if updated.is_none() || seen.updated_at != updated {
        return true;
    }
    if let Some(counter) = event.invitees_counter {
        if i64::from(counter.total) != seen.invitees {
            return true;
        }
    }
    polling
        && event
            .end_time
            .map(to_jiff)
            .is_some_and(|end| end <= now && end > now - RECENTLY_ENDED)
}

fn to_time(at: Timestamp) -> Option<time::OffsetDateTime> {
    time::OffsetDateTime::from_unix_timestamp_nanos(at.as_nanosecond()).ok()
}
