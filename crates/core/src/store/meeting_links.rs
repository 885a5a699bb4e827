//! What the user decides about a synced meeting on this device: which client (and quote or
//! invoice) it belongs to, a new client made from its invitee, the reschedule chain it is
//! part of, and the measures of whether meetings move quotes forward.

use std::collections::HashSet;

use sqlx::SqliteConnection;

use super::clients::{active_client_by_email, insert_client, validate_client};
use super::meeting_sync::{record_activity, DocLinks, MAX_CHAIN};
use super::meetings::{read_meeting, set_links};
use super::Store;
use crate::dates::{format_timestamp, parse_date};
use crate::error::{CoreError, Result};
use crate::model::{
    ActivityKind, ClientInput, Id, Meeting, MeetingDetail, MeetingMeasures, MeetingStatus,
};
use crate::validate::{self, MAX_NAME};

/// The client name when the invitee left neither a usable name nor a usable e-mail.
const FALLBACK_NAME: &str = "Calendly invitee";

/// The meeting before `?1`: the one it names as moved from, else one that names it as
/// moved to (either half of a move may be the only one stored that knows the other).
const PREVIOUS: &str = "SELECT uri FROM (
        SELECT 0 AS rank, p.invitee_uri AS uri FROM meetings m
            JOIN meetings p ON p.invitee_uri = m.rescheduled_from WHERE m.invitee_uri = ?1
        UNION ALL
        SELECT 1, invitee_uri FROM meetings WHERE rescheduled_to = ?1
    ) ORDER BY rank, uri LIMIT 1";

/// The meeting after `?1`, mirroring [`PREVIOUS`].
const NEXT: &str = "SELECT uri FROM (
        SELECT 0 AS rank, n.invitee_uri AS uri FROM meetings m
            JOIN meetings n ON n.invitee_uri = m.rescheduled_to WHERE m.invitee_uri = ?1
        UNION ALL
        SELECT 1, invitee_uri FROM meetings WHERE rescheduled_from = ?1
    ) ORDER BY rank, uri LIMIT 1";

impl Store {
    /// A meeting with its whole reschedule chain.
    pub async fn meeting_detail(&self, invitee_uri: &str) -> Result<MeetingDetail> {
        // One read transaction, so a sync batch landing meanwhile cannot tear the chain.
        let mut tx = self.pool().begin().await?;
        let meeting = read_meeting(&mut tx, invitee_uri).await?;
        let mut chain = Vec::new();
        for uri in chain_uris(&mut tx, invitee_uri).await? {
            chain.push(if uri == invitee_uri {
                meeting.clone()
            } else {
                read_meeting(&mut tx, &uri).await?
            });
        }
        tx.commit().await?;
        Ok(MeetingDetail { meeting, chain })
    }

    /// Ties the meeting to a client and at most one of that client's quotes or invoices;
    /// `client_id = None` unlinks it. The whole reschedule chain follows (it is one
    /// meeting's story), and so do its timeline entries: they move to the new client, go
    /// when unlinked, and a chain that had none gets those sync writes for a matched one.
    pub async fn link_meeting(
        &self,
        invitee_uri: &str,
        client_id: Option<Id>,
        quote_id: Option<Id>,
        invoice_id: Option<Id>,
    ) -> Result<Meeting> {
        let links = (client_id, quote_id, invoice_id);
        check_link_shape(links)?;
        let mut tx = self.write_tx().await?;
        link_chain(&mut tx, invitee_uri, links, &self.now_text()).await?;
        let meeting = read_meeting(&mut tx, invitee_uri).await?;
        tx.commit().await?;
        Ok(meeting)
    }

    /// Creates a client from the meeting's invitee and links the meeting to it, at once.
    /// Refused on `email` when a client already has the invitee's e-mail, so the meeting is
    /// linked to that client instead of to a twin.
    pub async fn create_client_from_meeting(&self, invitee_uri: &str) -> Result<Meeting> {
        let now = self.now_text();
        let mut tx = self.write_tx().await?;
        let invitee: Option<(Option<String>, Option<String>, Option<Id>)> = sqlx::query_as(
            "SELECT invitee_name, invitee_email, client_id FROM meetings WHERE invitee_uri = ?",
        )
        .bind(invitee_uri)
        .fetch_optional(&mut *tx)
        .await?;
        let (name, email, linked) = invitee.ok_or_else(|| not_found(invitee_uri))?;
        // Only for unmatched meetings: a linked one is moved with "change", never by
        // creating a second client behind the user's back.
        if linked.is_some() {
            return Err(CoreError::field(
                "client_id",
                "This meeting already belongs to a client; change its client instead.",
            ));
        }
        let input = client_from_invitee(name.as_deref(), email.as_deref());
        if let Some(email) = &input.email {
            if let Some(existing) = active_client_by_email(&mut tx, email).await? {
                return Err(CoreError::field(
                    "email",
                    format!(
                        "{} already has this e-mail address; link the meeting to that client instead",
                        existing.name
                    ),
                ));
            }
        }
        let client = insert_client(&mut tx, &validate_client(&input)?, &now).await?;
        link_chain(&mut tx, invitee_uri, (Some(client), None, None), &now).await?;
        let meeting = read_meeting(&mut tx, invitee_uri).await?;
        tx.commit().await?;
        Ok(meeting)
    }

    /// The meeting measures as of `today` (`YYYY-MM-DD` in the user's zone).
    pub async fn meeting_measures(&self, today: &str) -> Result<MeetingMeasures> {
        let day = parse_date("today", today)?;
        let too_far = || CoreError::field("today", "is too far in the future");
        let first = day.replace_day(1).map_err(|_| too_far())?;
        // 31 days after the 1st is always in the next month, whatever this month's length.
        let next = first
            .checked_add(time::Duration::days(31))
            .and_then(|d| d.replace_day(1).ok())
            .ok_or_else(too_far)?;
        let zone = self.zone();
        let mut tx = self.pool().begin().await?;
        // A chain counts once, by its last stored meeting (whose move target is not here).
        let booked_this_month: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM meetings m
             WHERE m.start_time >= ? AND m.start_time < ?
               AND NOT EXISTS (SELECT 1 FROM meetings n WHERE n.invitee_uri = m.rescheduled_to)",
        )
        .bind(format_timestamp(zone.start_of_day(first)?))
        .bind(format_timestamp(zone.start_of_day(next)?))
        .fetch_one(&mut *tx)
        .await?;
        let quotes: (i64, i64, i64, i64, i64, i64) = sqlx::query_as(
            "SELECT COUNT(*), COALESCE(SUM(met), 0),
                COALESCE(SUM(decided AND met), 0), COALESCE(SUM(accepted AND met), 0),
                COALESCE(SUM(decided AND NOT met), 0), COALESCE(SUM(accepted AND NOT met), 0)
             FROM (SELECT q.status IN ('accepted', 'declined') AS decided,
                    q.status = 'accepted' AS accepted, q.meetings > 0 AS met
                FROM quotes q WHERE q.status IN ('sent', 'accepted', 'declined'))",
        )
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(MeetingMeasures {
            booked_this_month,
            sent_quotes: quotes.0,
            sent_quotes_with_meeting: quotes.1,
            decided_with_meeting: quotes.2,
            accepted_with_meeting: quotes.3,
            decided_without_meeting: quotes.4,
            accepted_without_meeting: quotes.5,
        })
    }
}

fn not_found(invitee_uri: &str) -> CoreError {
    CoreError::NotFoundKey {
        entity: "meeting",
        key: invitee_uri.to_string(),
    }
}

/// The rules of a link that need no lookup.
fn check_link_shape((client, quote, invoice): DocLinks) -> Result<()> {
    if client.is_none() && (quote.is_some() || invoice.is_some()) {
        return Err(CoreError::field(
            "client_id",
            "choose the client the quote or invoice belongs to",
        ));
    }
    if quote.is_some() && invoice.is_some() {
        return Err(CoreError::field(
            "invoice_id",
            "link the meeting to a quote or to an invoice, not both",
        ));
    }
    Ok(())
}

/// Links the reschedule chain of `invitee_uri` on the caller's transaction: the meetings,
/// then their timeline entries.
async fn link_chain(
    conn: &mut SqliteConnection,
    invitee_uri: &str,
    links: DocLinks,
    now: &str,
) -> Result<()> {
    let known: Option<i64> = sqlx::query_scalar("SELECT 1 FROM meetings WHERE invitee_uri = ?")
        .bind(invitee_uri)
        .fetch_optional(&mut *conn)
        .await?;
    if known.is_none() {
        return Err(not_found(invitee_uri));
    }
    let (quote_number, invoice_number) = check_documents(conn, links).await?;
    let chain = chain_uris(conn, invitee_uri).await?;
    let mut entries = 0;
    for uri in &chain {
        set_links(conn, uri, links).await?;
        let query = match links.0 {
            Some(client) => sqlx::query(
                "UPDATE activity SET client_id = ?, quote_id = ?, quote_number = ?,
                    invoice_id = ?, invoice_number = ?
                 WHERE meeting_invitee_uri = ?",
            )
            .bind(client)
            .bind(links.1)
            .bind(&quote_number)
            .bind(links.2)
            .bind(&invoice_number),
            None => sqlx::query("DELETE FROM activity WHERE meeting_invitee_uri = ?"),
        };
        entries += query.bind(uri).execute(&mut *conn).await?.rows_affected();
    }
    if entries == 0 && links.0.is_some() {
        for (i, uri) in chain.iter().enumerate() {
            for kind in entries_of(conn, uri, i == 0).await? {
                record_activity(conn, uri, links, kind, now).await?;
            }
        }
    }
    Ok(())
}

/// Checks that the client, quote and invoice exist and the document is the client's;
/// returns the document numbers timeline entries carry.
async fn check_documents(
    conn: &mut SqliteConnection,
    (client, quote, invoice): DocLinks,
) -> Result<(Option<String>, Option<String>)> {
    let Some(client) = client else {
        return Ok((None, None));
    };
    let known: Option<i64> = sqlx::query_scalar("SELECT 1 FROM clients WHERE id = ?")
        .bind(client)
        .fetch_optional(&mut *conn)
        .await?;
    if known.is_none() {
        return Err(CoreError::NotFound {
            entity: "client",
            id: client,
        });
    }
    let quote_number = match quote {
        Some(id) => owned_number(conn, "quote", id, client).await?,
        None => None,
    };
    let invoice_number = match invoice {
        Some(id) => owned_number(conn, "invoice", id, client).await?,
        None => None,
    };
    Ok((quote_number, invoice_number))
}

/// The number of quote or invoice `id` (`entity`), which must belong to `client`.
async fn owned_number(
    conn: &mut SqliteConnection,
    entity: &'static str,
    id: Id,
    client: Id,
) -> Result<Option<String>> {
    let sql = match entity {
        "quote" => "SELECT client_id, number FROM quotes WHERE id = ?",
        _ => "SELECT client_id, number FROM invoices WHERE id = ?",
    };
    let (owner, number): (Id, Option<String>) = sqlx::query_as(sql)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(CoreError::NotFound { entity, id })?;
    if owner != client {
        let which = number.as_deref().unwrap_or("this draft invoice");
        return Err(CoreError::field(
            format!("{entity}_id"),
            format!("{which} belongs to another client"),
        ));
    }
    Ok(number)
}

/// The timeline entries sync writes for a matched meeting in this row's state: booked (the
/// chain's first) or moved here, then canceled (unless moved away) and no-show.
async fn entries_of(
    conn: &mut SqliteConnection,
    invitee_uri: &str,
    first: bool,
) -> Result<Vec<ActivityKind>> {
    let (status, moved_away, no_show): (MeetingStatus, bool, bool) = sqlx::query_as(
        "SELECT status, rescheduled_to IS NOT NULL, no_show FROM meetings WHERE invitee_uri = ?",
    )
    .bind(invitee_uri)
    .fetch_one(&mut *conn)
    .await?;
    let mut kinds = vec![if first {
        ActivityKind::MeetingBooked
    } else {
        ActivityKind::MeetingRescheduled
    }];
    if status == MeetingStatus::Canceled && !moved_away {
        kinds.push(ActivityKind::MeetingCanceled);
    }
    if no_show {
        kinds.push(ActivityKind::MeetingNoShow);
    }
    Ok(kinds)
}

/// The invitee URIs of the reschedule chain through `invitee_uri`, oldest first, itself
/// included. A missing row, a URI seen before (a cycle, which Calendly never makes but a
/// hostile payload or a damaged backup could) or [`MAX_CHAIN`] rows end the walk.
async fn chain_uris(conn: &mut SqliteConnection, invitee_uri: &str) -> Result<Vec<String>> {
    let mut seen = HashSet::from([invitee_uri.to_string()]);
    let mut chain = walk(conn, invitee_uri, PREVIOUS, &mut seen).await?;
    chain.reverse();
    chain.push(invitee_uri.to_string());
    chain.extend(walk(conn, invitee_uri, NEXT, &mut seen).await?);
    Ok(chain)
}

/// Follows `step` (`PREVIOUS` or `NEXT`) from `start` until it leads nowhere new.
async fn walk(
    conn: &mut SqliteConnection,
    start: &str,
    step: &str,
    seen: &mut HashSet<String>,
) -> Result<Vec<String>> {
    let mut found = Vec::new();
    let mut current = start.to_string();
    while seen.len() < MAX_CHAIN {
        let next: Option<String> = sqlx::query_scalar(step)
            .bind(&current)
            .fetch_optional(&mut *conn)
            .await?;
        match next {
            Some(next) if seen.insert(next.clone()) => {
                found.push(next.clone());
                current = next;
            }
            _ => break,
        }
    }
    Ok(found)
}

/// A client form from what the booker typed into Calendly. The text is untrusted and not
/// the user's, so it is trimmed and cut to the form's limits rather than refused; an
/// e-mail the form would refuse is left out (a cut address would be a wrong one).
fn client_from_invitee(name: Option<&str>, email: Option<&str>) -> ClientInput {
    let email = validate::optional_email("email", email).ok().flatten();
    let local_part = email.as_deref().and_then(|e| e.split('@').next());
    let name = [name, local_part]
        .into_iter()
        .flatten()
        .map(|n| clean_line(n, MAX_NAME))
        .find(|n| !n.is_empty())
        .unwrap_or_else(|| FALLBACK_NAME.to_string());
    ClientInput {
        name,
        email,
        ..ClientInput::default()
    }
}

/// One line of at most `max` characters: control characters become spaces, ends trimmed.
fn clean_line(text: &str, max: usize) -> String {
    let line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let cut: String = line.trim().chars().take(max).collect();
    cut.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invitee_text_is_cleaned_and_cut_and_falls_back() {
        let c = client_from_invitee(Some("  Ann\u{0}\nExample  "), Some(" ANN@Example.com "));
        assert_eq!(c.name, "Ann  Example");
        assert_eq!(c.email.as_deref(), Some("ANN@Example.com"));
        let long = client_from_invitee(Some(&"é".repeat(10_000)), Some(&"a".repeat(10_000)));
        assert_eq!(long.name.chars().count(), MAX_NAME);
        assert_eq!(long.email, None, "a cut address would be a wrong one");
        assert!(validate_client(&long).is_ok());
        let by_mail = client_from_invitee(Some(" \t "), Some("ann.example@example.com"));
        assert_eq!(by_mail.name, "ann.example");
        let nothing = client_from_invitee(None, Some("not an address"));
        assert_eq!(
            (nothing.name.as_str(), nothing.email),
            (FALLBACK_NAME, None)
        );
    }

    #[test]
    fn a_link_names_a_client_and_at_most_one_document() {
        assert!(check_link_shape((None, None, None)).is_ok());
        assert!(check_link_shape((Some(1), Some(2), None)).is_ok());
        let field = |links| match check_link_shape(links) {
            Err(CoreError::Validation { field: Some(f), .. }) => f,
            other => panic!("{other:?}"),
        };
        assert_eq!(field((None, Some(2), None)), "client_id");
        assert_eq!(field((None, None, Some(3))), "client_id");
        assert_eq!(field((Some(1), Some(2), Some(3))), "invoice_id");
    }
}
