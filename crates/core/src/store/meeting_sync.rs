//! Applying a batch of Calendly changes: the pure rules of [`crate::sync::rules`] plus what
//! needs the database — matching a booking to what its link was made for, carrying links
//! along a reschedule chain, the client's timeline, the log and the relay cursor. A batch
//! is one transaction; it can be made durable before the relay is told it may forget it.

use sqlx::SqliteConnection;

use super::activity::{self, Links};
use super::meetings::{client_by_email, event_type_name, load_record, set_links, write_record};
use super::sync_state::{advance_cursor, log, SyncLogKind};
use super::Store;
use crate::error::Result;
use crate::model::{ActivityKind, Id};
use crate::sync::incoming::Change;
use crate::sync::rules::{apply_invitee, apply_no_show, Effect, MeetingRecord, UNKNOWN_OWNER};

/// Longest reschedule chain followed when carrying links forward (or reading a chain).
pub(crate) const MAX_CHAIN: usize = 64;

/// One change that was applied.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Applied {
    pub kind: Effect,
    pub invitee_uri: String,
    pub client_id: Option<Id>,
    pub quote_id: Option<Id>,
    pub invoice_id: Option<Id>,
}

/// What a batch did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ApplyReport {
    pub applied: Vec<Applied>,
    pub skipped: u32,
    pub unchanged: u32,
}

impl ApplyReport {
    /// Adds another batch's counts.
    pub fn absorb(&mut self, other: ApplyReport) {
        self.applied.extend(other.applied);
        self.skipped += other.skipped;
        self.unchanged += other.unchanged;
    }
}

/// A meeting's client, quote and invoice.
pub(crate) type DocLinks = (Option<Id>, Option<Id>, Option<Id>);

impl Store {
    /// Applies `changes` in one transaction together with the relay `cursor`. `owner` is the
    /// connected Calendly user (new meetings belong to it); `durable` makes the commit
    /// survive a power cut (`synchronous=FULL` for this transaction), as it must be before
    /// the relay is acknowledged.
    pub async fn apply_changes(
        &self,
        changes: &[Change],
        cursor: Option<i64>,
        owner: Option<&str>,
        durable: bool,
    ) -> Result<ApplyReport> {
        let _work = self.work().await;
        let now = self.now_text();
        let mut conn = self.pool().acquire().await?;
        if durable {
            sqlx::query("PRAGMA synchronous = FULL")
                .execute(&mut *conn)
                .await?;
        }
        // A guard, not a bare BEGIN: a caller that gives up half-way rolls back.
        let outcome = async {
            let mut tx = sqlx::Connection::begin_with(&mut *conn, "BEGIN IMMEDIATE").await?;
            let report = apply_all(&mut tx, changes, cursor, owner, &now).await?;
            tx.commit().await?;
            Ok(report)
        }
        .await;
        if durable {
            // The batch's own outcome comes first; a connection that cannot be reset is
            // closed rather than returned to the pool still syncing every commit.
            if let Err(err) = sqlx::query("PRAGMA synchronous = NORMAL")
                .execute(&mut *conn)
                .await
            {
                tracing::warn!(error = %err, "synchronous=NORMAL not restored");
                conn.close_on_drop();
            }
        }
        outcome
    }
}

async fn apply_all(
    conn: &mut SqliteConnection,
    changes: &[Change],
    cursor: Option<i64>,
    owner: Option<&str>,
    now: &str,
) -> Result<ApplyReport> {
    let mut report = ApplyReport::default();
    for change in changes {
        match apply_one(conn, change, owner, now).await? {
            Some(applied) => {
                log(
                    conn,
                    now,
                    SyncLogKind::EventApplied,
                    &format!("{} {}", effect_name(applied.kind), applied.invitee_uri),
                )
                .await?;
                report.applied.push(applied);
            }
            None if matches!(change, Change::Skip { .. }) => report.skipped += 1,
            None => report.unchanged += 1,
        }
        if let Change::Skip {
            event,
            invitee_uri,
            reason,
        } = change
        {
            let who = invitee_uri.as_deref().unwrap_or("-");
            log(
                conn,
                now,
                SyncLogKind::EventSkipped,
                &format!("{event} {who}: {reason}"),
            )
            .await?;
        }
    }
    if let Some(cursor) = cursor {
        advance_cursor(conn, cursor).await?;
        sqlx::query("UPDATE sync_state SET last_push_at = ? WHERE id = 1")
            .bind(now)
            .execute(&mut *conn)
            .await?;
    }
    Ok(report)
}

fn effect_name(effect: Effect) -> &'static str {
    match effect {
        Effect::Booked => "booked",
        Effect::Rescheduled => "rescheduled",
        Effect::Moved => "moved",
        Effect::Canceled => "canceled",
        Effect::NoShowMarked => "no_show_marked",
        Effect::NoShowCleared => "no_show_cleared",
        Effect::Updated => "updated",
        Effect::Stale => "stale",
        Effect::Unchanged => "unchanged",
    }
}

async fn apply_one(
    conn: &mut SqliteConnection,
    change: &Change,
    owner: Option<&str>,
    now: &str,
) -> Result<Option<Applied>> {
    let (record, effect, utm_content) = match change {
        Change::Skip { .. } => return Ok(None),
        Change::Invitee {
            state,
            order,
            source,
        } => {
            let stored = load_record(conn, &state.invitee_uri).await?;
            let user = owner.or(state.owner.as_deref()).unwrap_or(UNKNOWN_OWNER);
            let (mut record, effect) = apply_invitee(stored.as_ref(), state, *order, *source, user);
            if stored.is_none() {
                if let Some(record) = record.as_mut() {
                    // A no-show mark that arrived before its meeting applies now, unless
                    // reconcile read the mark itself.
                    let pending = take_pending_no_show(conn, &record.invitee_uri).await?;
                    if let (Some((marked, uri)), None) = (pending, &state.no_show) {
                        record.no_show = marked;
                        record.no_show_uri = uri.filter(|_| marked);
                    }
                }
            }
            (record, effect, state.utm_content.clone())
        }
        Change::NoShow {
            invitee_uri,
            marked,
            no_show_uri,
            state,
        } => {
            let mut stored = load_record(conn, invitee_uri).await?;
            if stored.is_none() {
                let Some((state, order)) = state else {
                    // Its meeting is not here yet: the mark waits for it.
                    keep_pending_no_show(conn, invitee_uri, *marked, no_show_uri.as_deref(), now)
                        .await?;
                    log(
                        conn,
                        now,
                        SyncLogKind::EventSkipped,
                        &format!("no-show for {invitee_uri} kept until its meeting arrives"),
                    )
                    .await?;
                    return Ok(None);
                };
                // Marked before its booking reached us: the payload's invitee creates it.
                let user = owner.or(state.owner.as_deref()).unwrap_or(UNKNOWN_OWNER);
                let mut fresh = crate::sync::rules::new_record(state, *order, user);
                (fresh.client_id, fresh.quote_id, fresh.invoice_id) =
                    write_new(conn, &fresh, state.utm_content.as_deref(), now).await?;
                stored = Some(fresh);
            }
            let (record, effect) = apply_no_show(stored.as_ref(), *marked, no_show_uri.clone());
            (record, effect, None)
        }
    };
    let Some(mut record) = record.filter(|_| effect.writes()) else {
        return Ok(None);
    };
    if record.event_type_name.is_none() {
        if let Some(uri) = &record.event_type_uri {
            record.event_type_name = event_type_name(conn, uri).await?;
        }
    }
    write_record(conn, &record, now).await?;
    let links = match_links(conn, &record, utm_content.as_deref(), now).await?;
    carry_forward(conn, &record.invitee_uri, links, now).await?;
    if let Some(kind) = activity_kind(effect) {
        record_activity(conn, &record.invitee_uri, links, kind, now).await?;
    }
    Ok(Some(Applied {
        kind: effect,
        invitee_uri: record.invitee_uri,
        client_id: links.0,
        quote_id: links.1,
        invoice_id: links.2,
    }))
}

/// Remembers a no-show mark (or its removal) for a meeting not stored yet.
async fn keep_pending_no_show(
    conn: &mut SqliteConnection,
    invitee_uri: &str,
    marked: bool,
    no_show_uri: Option<&str>,
    now: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO pending_no_shows (invitee_uri, marked, no_show_uri, received_at)
         VALUES (?, ?, ?, ?)
         ON CONFLICT (invitee_uri) DO UPDATE SET marked = excluded.marked,
            no_show_uri = excluded.no_show_uri, received_at = excluded.received_at",
    )
    .bind(invitee_uri)
    .bind(marked)
    .bind(no_show_uri)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// The waiting no-show mark of a meeting that has just arrived, removed from the queue.
async fn take_pending_no_show(
    conn: &mut SqliteConnection,
    invitee_uri: &str,
) -> Result<Option<(bool, Option<String>)>> {
    Ok(sqlx::query_as(
        "DELETE FROM pending_no_shows WHERE invitee_uri = ? RETURNING marked, no_show_uri",
    )
    .bind(invitee_uri)
    .fetch_optional(conn)
    .await?)
}

/// Writes a row that a no-show creates, matched like a booking; its links, which the
/// record must carry from now on.
async fn write_new(
    conn: &mut SqliteConnection,
    record: &MeetingRecord,
    utm_content: Option<&str>,
    now: &str,
) -> Result<DocLinks> {
    write_record(conn, record, now).await?;
    match_links(conn, record, utm_content, now).await
}

fn activity_kind(effect: Effect) -> Option<ActivityKind> {
    match effect {
        Effect::Booked => Some(ActivityKind::MeetingBooked),
        Effect::Rescheduled => Some(ActivityKind::MeetingRescheduled),
        Effect::Canceled => Some(ActivityKind::MeetingCanceled),
        Effect::NoShowMarked => Some(ActivityKind::MeetingNoShow),
        _ => None,
    }
}

/// The client, quote and invoice of a meeting: kept when set; else inherited from the
/// meeting it was moved from; else from the Quotla link it was booked through (the token
/// in `utm_content`); else the one client with the invitee's e-mail; else unmatched.
async fn match_links(
    conn: &mut SqliteConnection,
    record: &MeetingRecord,
    utm_content: Option<&str>,
    now: &str,
) -> Result<DocLinks> {
    if record.client_id.is_some() {
        return Ok((record.client_id, record.quote_id, record.invoice_id));
    }
    let mut links: DocLinks = (None, None, None);
    if let Some(from) = &record.rescheduled_from {
        if let Some(row) = sqlx::query_as::<_, (Option<Id>, Option<Id>, Option<Id>)>(
            "SELECT client_id, quote_id, invoice_id FROM meetings WHERE invitee_uri = ?",
        )
        .bind(from)
        .fetch_optional(&mut *conn)
        .await?
        {
            links = row;
        }
    }
    if links.0.is_none() {
        if let Some(token) = utm_content.filter(|t| !t.is_empty() && t.len() <= 128) {
            if let Some((client, quote, invoice)) =
                sqlx::query_as::<_, (Id, Option<Id>, Option<Id>)>(
                    "SELECT client_id, quote_id, invoice_id FROM scheduling_links WHERE token = ?",
                )
                .bind(token)
                .fetch_optional(&mut *conn)
                .await?
            {
                links = (Some(client), quote, invoice);
                sqlx::query(
                    "UPDATE scheduling_links SET used_at = COALESCE(used_at, ?),
                        used_by_invitee = COALESCE(used_by_invitee, ?) WHERE token = ?",
                )
                .bind(now)
                .bind(&record.invitee_uri)
                .bind(token)
                .execute(&mut *conn)
                .await?;
            }
        }
    }
    if links.0.is_none() {
        if let Some(email) = &record.invitee_email {
            links.0 = client_by_email(conn, email).await?;
        }
    }
    if links.0.is_some() {
        set_links(conn, &record.invitee_uri, links).await?;
    }
    Ok(links)
}

/// A move keeps the story together: the meetings this one moved to (a chain of
/// reschedules) get its client, quote and invoice, unless one is already tied to a quote
/// or invoice of its own (a client found by e-mail before the move was known is replaced),
/// and each gets its "moved" timeline entry once.
async fn carry_forward(
    conn: &mut SqliteConnection,
    from: &str,
    links: DocLinks,
    now: &str,
) -> Result<()> {
    if links.0.is_none() {
        return Ok(());
    }
    let mut current = from.to_string();
    for _ in 0..MAX_CHAIN {
        let next: Option<(Option<String>,)> =
            sqlx::query_as("SELECT rescheduled_to FROM meetings WHERE invitee_uri = ?")
                .bind(&current)
                .fetch_optional(&mut *conn)
                .await?;
        let Some((Some(next),)) = next else {
            return Ok(());
        };
        let current_links: Option<DocLinks> = sqlx::query_as(
            "SELECT client_id, quote_id, invoice_id FROM meetings WHERE invitee_uri = ?",
        )
        .bind(&next)
        .fetch_optional(&mut *conn)
        .await?;
        let Some(current_links) = current_links else {
            return Ok(());
        };
        // What the meeting was moved from outranks an e-mail match made before the move
        // was known; a meeting already tied to a document keeps its own.
        let own = current_links.1.is_some() || current_links.2.is_some();
        let next_links = if own { current_links } else { links };
        if next_links != current_links {
            set_links(conn, &next, next_links).await?;
        }
        record_activity(
            conn,
            &next,
            next_links,
            ActivityKind::MeetingRescheduled,
            now,
        )
        .await?;
        current = next;
    }
    Ok(())
}

/// Writes a meeting's timeline entry once, when the meeting has a client.
pub(crate) async fn record_activity(
    conn: &mut SqliteConnection,
    invitee_uri: &str,
    links: DocLinks,
    kind: ActivityKind,
    now: &str,
) -> Result<()> {
    let Some(client) = links.0 else {
        return Ok(());
    };
    let exists: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM activity WHERE meeting_invitee_uri = ? AND kind = ?")
            .bind(invitee_uri)
            .bind(kind)
            .fetch_optional(&mut *conn)
            .await?;
    if exists.is_some() {
        return Ok(());
    }
    let quote_number: Option<String> = match links.1 {
        Some(q) => {
            sqlx::query_scalar("SELECT number FROM quotes WHERE id = ?")
                .bind(q)
                .fetch_optional(&mut *conn)
                .await?
        }
        None => None,
    };
    let invoice_number: Option<String> = match links.2 {
        Some(i) => sqlx::query_scalar("SELECT number FROM invoices WHERE id = ?")
            .bind(i)
            .fetch_optional(&mut *conn)
            .await?
            .flatten(),
        None => None,
    };
    activity::record(
        conn,
        now,
        client,
        kind,
        Links {
            quote: links.1.zip(quote_number.as_deref()),
            invoice: links.2.map(|i| (i, invoice_number.as_deref())),
            meeting: Some(invitee_uri),
        },
    )
    .await
}
