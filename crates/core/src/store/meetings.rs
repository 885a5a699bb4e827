//! Meetings: the rows the sync engine writes and the lists the app and the CLI read.

use jiff::Timestamp;
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Row, Sqlite, SqliteConnection};

use super::paging::{Order as ListOrder, Paging};
use super::Store;
use crate::dates::format_timestamp;
use crate::error::{CoreError, Result};
use crate::model::{
    CalendarEntry, Id, Meeting, MeetingFilter, Page, PageCursor, PageRequest, QuestionAnswer,
};
use crate::sync::incoming::Order;
use crate::sync::rules::MeetingRecord;

const RECORD_COLUMNS: &str = "invitee_uri, event_uri, event_type_uri, event_type_name, name,
    start_time, end_time, location_type, location, join_url, status, canceled_at, canceled_by,
    canceler_type, cancel_reason, rescheduled_from, rescheduled_to, no_show, no_show_uri,
    questions_and_answers, invitee_name, invitee_email, invitee_timezone, tracking,
    calendly_user, client_id, quote_id, invoice_id, updated_at, event_created_at, relay_seq,
    event_updated_at";

fn parse_ts(text: &str) -> Result<Timestamp> {
    text.parse()
        .map_err(|_| CoreError::InvalidState(format!("stored time {text:?} is unreadable")))
}

fn parse_opt_ts(text: Option<String>) -> Result<Option<Timestamp>> {
    text.as_deref().map(parse_ts).transpose()
}

fn record_from_row(row: &SqliteRow) -> Result<MeetingRecord> {
    let qa: String = row.try_get("questions_and_answers")?;
    let tracking: String = row.try_get("tracking")?;
    Ok(MeetingRecord {
        invitee_uri: row.try_get("invitee_uri")?,
        event_uri: row.try_get("event_uri")?,
        event_type_uri: row.try_get("event_type_uri")?,
        event_type_name: row.try_get("event_type_name")?,
        name: row.try_get("name")?,
        start_time: parse_ts(&row.try_get::<String, _>("start_time")?)?,
        end_time: parse_ts(&row.try_get::<String, _>("end_time")?)?,
        location_type: row.try_get("location_type")?,
        location: row.try_get("location")?,
        join_url: row.try_get("join_url")?,
        status: row.try_get("status")?,
        canceled_at: parse_opt_ts(row.try_get("canceled_at")?)?,
        canceled_by: row.try_get("canceled_by")?,
        canceler_type: row.try_get("canceler_type")?,
        cancel_reason: row.try_get("cancel_reason")?,
        rescheduled_from: row.try_get("rescheduled_from")?,
        rescheduled_to: row.try_get("rescheduled_to")?,
        no_show: row.try_get("no_show")?,
        no_show_uri: row.try_get("no_show_uri")?,
        questions_and_answers: questions_from_json(&qa),
        invitee_name: row.try_get("invitee_name")?,
        invitee_email: row.try_get("invitee_email")?,
        invitee_timezone: row.try_get("invitee_timezone")?,
        tracking: serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&tracking)
            .map(|m| {
                m.into_iter()
                    .filter_map(|(k, v)| v.as_str().map(|v| (k, v.to_string())))
                    .collect()
            })
            .unwrap_or_default(),
        calendly_user: row.try_get("calendly_user")?,
        client_id: row.try_get("client_id")?,
        quote_id: row.try_get("quote_id")?,
        invoice_id: row.try_get("invoice_id")?,
        order: Order {
            updated_at: parse_ts(&row.try_get::<String, _>("updated_at")?)?,
            event_created_at: parse_opt_ts(row.try_get("event_created_at")?)?,
            seq: row.try_get("relay_seq")?,
        },
        event_updated_at: parse_opt_ts(row.try_get("event_updated_at")?)?,
    })
}

fn questions_from_json(text: &str) -> Vec<QuestionAnswer> {
    serde_json::from_str::<Vec<serde_json::Value>>(text)
        .unwrap_or_default()
        .into_iter()
        .map(|v| QuestionAnswer {
            question: v["question"].as_str().unwrap_or_default().to_string(),
            answer: v["answer"].as_str().unwrap_or_default().to_string(),
            position: v["position"].as_u64().and_then(|p| u32::try_from(p).ok()),
        })
        .collect()
}

fn questions_to_json(qa: &[QuestionAnswer]) -> String {
    serde_json::Value::Array(
        qa.iter()
            .map(|q| {
                serde_json::json!({ "question": q.question, "answer": q.answer, "position": q.position })
            })
            .collect(),
    )
    .to_string()
}

/// The stored row of one invitee.
pub(crate) async fn load_record(
    conn: &mut SqliteConnection,
    invitee_uri: &str,
) -> Result<Option<MeetingRecord>> {
    let row = sqlx::query(&format!(
        "SELECT {RECORD_COLUMNS} FROM meetings WHERE invitee_uri = ?"
    ))
    .bind(invitee_uri)
    .fetch_optional(conn)
    .await?;
    row.as_ref().map(record_from_row).transpose()
}

/// Inserts or replaces one invitee's row.
pub(crate) async fn write_record(
    conn: &mut SqliteConnection,
    rec: &MeetingRecord,
    now: &str,
) -> Result<()> {
    let tracking: serde_json::Map<String, serde_json::Value> = rec
        .tracking
        .iter()
        .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
        .collect();
    sqlx::query(&format!(
        "INSERT INTO meetings ({RECORD_COLUMNS}, synced_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (invitee_uri) DO UPDATE SET
            event_uri = excluded.event_uri, event_type_uri = excluded.event_type_uri,
            event_type_name = excluded.event_type_name, name = excluded.name,
            start_time = excluded.start_time, end_time = excluded.end_time,
            location_type = excluded.location_type, location = excluded.location,
            join_url = excluded.join_url, status = excluded.status,
            canceled_at = excluded.canceled_at, canceled_by = excluded.canceled_by,
            canceler_type = excluded.canceler_type, cancel_reason = excluded.cancel_reason,
            rescheduled_from = excluded.rescheduled_from, rescheduled_to = excluded.rescheduled_to,
            no_show = excluded.no_show, no_show_uri = excluded.no_show_uri,
            questions_and_answers = excluded.questions_and_answers,
            invitee_name = excluded.invitee_name, invitee_email = excluded.invitee_email,
            invitee_timezone = excluded.invitee_timezone, tracking = excluded.tracking,
            calendly_user = excluded.calendly_user, client_id = excluded.client_id,
            quote_id = excluded.quote_id, invoice_id = excluded.invoice_id,
            updated_at = excluded.updated_at, event_created_at = excluded.event_created_at,
            relay_seq = excluded.relay_seq, event_updated_at = excluded.event_updated_at,
            synced_at = excluded.synced_at"
    ))
    .bind(&rec.invitee_uri)
    .bind(&rec.event_uri)
    .bind(&rec.event_type_uri)
    .bind(&rec.event_type_name)
    .bind(&rec.name)
    .bind(format_timestamp(rec.start_time))
    .bind(format_timestamp(rec.end_time))
    .bind(&rec.location_type)
    .bind(&rec.location)
    .bind(&rec.join_url)
    .bind(rec.status)
    .bind(rec.canceled_at.map(format_timestamp))
    .bind(&rec.canceled_by)
    .bind(&rec.canceler_type)
    .bind(&rec.cancel_reason)
    .bind(&rec.rescheduled_from)
    .bind(&rec.rescheduled_to)
    .bind(rec.no_show)
    .bind(&rec.no_show_uri)
    .bind(questions_to_json(&rec.questions_and_answers))
    .bind(&rec.invitee_name)
    .bind(&rec.invitee_email)
    .bind(&rec.invitee_timezone)
    .bind(serde_json::Value::Object(tracking).to_string())
    .bind(&rec.calendly_user)
    .bind(rec.client_id)
    .bind(rec.quote_id)
    .bind(rec.invoice_id)
    .bind(format_timestamp(rec.order.updated_at))
    .bind(rec.order.event_created_at.map(format_timestamp))
    .bind(rec.order.seq)
    .bind(rec.event_updated_at.map(format_timestamp))
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Sets client, quote and invoice of a row.
pub(crate) async fn set_links(
    conn: &mut SqliteConnection,
    invitee_uri: &str,
    links: (Option<Id>, Option<Id>, Option<Id>),
) -> Result<()> {
    sqlx::query(
        "UPDATE meetings SET client_id = ?, quote_id = ?, invoice_id = ? WHERE invitee_uri = ?",
    )
    .bind(links.0)
    .bind(links.1)
    .bind(links.2)
    .bind(invitee_uri)
    .execute(conn)
    .await?;
    Ok(())
}

/// The one client whose e-mail is `email` (case-insensitive); none when several share it.
pub(crate) async fn client_by_email(
    conn: &mut SqliteConnection,
    email: &str,
) -> Result<Option<Id>> {
    let ids: Vec<Id> = sqlx::query_scalar(
        "SELECT id FROM clients WHERE email = ? COLLATE NOCASE AND archived = 0 LIMIT 2",
    )
    .bind(email.trim())
    .fetch_all(conn)
    .await?;
    Ok(match ids.as_slice() {
        [one] => Some(*one),
        _ => None,
    })
}

/// The name of a cached event type.
pub(crate) async fn event_type_name(
    conn: &mut SqliteConnection,
    uri: &str,
) -> Result<Option<String>> {
    Ok(
        sqlx::query_scalar("SELECT name FROM calendly_event_types WHERE uri = ?")
            .bind(uri)
            .fetch_optional(conn)
            .await?,
    )
}

/// Most days one calendar read covers: a month view shows six weeks.
pub const MAX_CALENDAR_DAYS: i64 = 62;

/// The meeting filtered list's SELECT, joined to what the view shows.
const MEETING_SELECT: &str =
    "SELECT m.rowid AS row_id, m.invitee_uri, m.event_uri, m.event_type_uri,
        COALESCE(m.event_type_name, m.name) AS event_type_name, m.invitee_name, m.invitee_email,
        m.start_time, m.end_time, m.status, m.rescheduled_from, m.rescheduled_to,
        nm.start_time AS moved_to_start_time, m.no_show, m.canceled_at, m.canceled_by,
        m.canceler_type, m.cancel_reason, m.location_type, m.location, m.join_url,
        m.questions_and_answers, m.invitee_timezone, m.client_id, c.name AS client_name,
        m.quote_id, q.number AS quote_number, m.invoice_id, i.number AS invoice_number,
        m.calendly_user
    FROM meetings m
    LEFT JOIN meetings nm ON nm.invitee_uri = m.rescheduled_to
    LEFT JOIN clients c ON c.id = m.client_id
    LEFT JOIN quotes q ON q.id = m.quote_id
    LEFT JOIN invoices i ON i.id = m.invoice_id";

fn meeting_from_row(row: &SqliteRow) -> Result<Meeting> {
    let qa: String = row.try_get("questions_and_answers")?;
    let rescheduled_to: Option<String> = row.try_get("rescheduled_to")?;
    Ok(Meeting {
        invitee_uri: row.try_get("invitee_uri")?,
        event_uri: row.try_get("event_uri")?,
        event_type_uri: row.try_get("event_type_uri")?,
        event_type_name: row.try_get("event_type_name")?,
        name: row.try_get("invitee_name")?,
        email: row.try_get("invitee_email")?,
        start_time: row.try_get("start_time")?,
        end_time: row.try_get("end_time")?,
        status: row.try_get("status")?,
        rescheduled: rescheduled_to.is_some(),
        rescheduled_from: row.try_get("rescheduled_from")?,
        rescheduled_to,
        moved_to_start_time: row.try_get("moved_to_start_time")?,
        no_show: row.try_get("no_show")?,
        canceled_at: row.try_get("canceled_at")?,
        canceled_by: row.try_get("canceled_by")?,
        canceler_type: row.try_get("canceler_type")?,
        cancel_reason: row.try_get("cancel_reason")?,
        location_type: row.try_get("location_type")?,
        location: row.try_get("location")?,
        join_url: row.try_get("join_url")?,
        questions_and_answers: questions_from_json(&qa),
        invitee_timezone: row.try_get("invitee_timezone")?,
        client_id: row.try_get("client_id")?,
        client_name: row.try_get("client_name")?,
        quote_id: row.try_get("quote_id")?,
        quote_number: row.try_get("quote_number")?,
        invoice_id: row.try_get("invoice_id")?,
        invoice_number: row.try_get("invoice_number")?,
        calendly_user: row.try_get("calendly_user")?,
    })
}

/// One meeting as the views show it, read on the caller's connection (or transaction).
pub(crate) async fn read_meeting(
    conn: &mut SqliteConnection,
    invitee_uri: &str,
) -> Result<Meeting> {
    let row = sqlx::query(&format!("{MEETING_SELECT} WHERE m.invitee_uri = ?"))
        .bind(invitee_uri)
        .fetch_optional(conn)
        .await?
        .ok_or_else(|| CoreError::NotFoundKey {
            entity: "meeting",
            key: invitee_uri.to_string(),
        })?;
    meeting_from_row(&row)
}

/// What reconcile last saw of a scheduled event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventSeen {
    /// The event's `updated_at` as stored.
    pub updated_at: Option<String>,
    /// Invitees stored for it.
    pub invitees: i64,
}

impl Store {
    /// What is stored of each scheduled event starting at or after `since`, keyed by URI.
    pub async fn events_seen(
        &self,
        since: jiff::Timestamp,
    ) -> Result<std::collections::HashMap<String, EventSeen>> {
        let rows: Vec<(String, Option<String>, i64)> = sqlx::query_as(
            "SELECT event_uri, MIN(event_updated_at), COUNT(*) FROM meetings
             WHERE start_time >= ? GROUP BY event_uri",
        )
        .bind(format_timestamp(since))
        .fetch_all(&self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(|(uri, updated_at, invitees)| {
                (
                    uri,
                    EventSeen {
                        updated_at,
                        invitees,
                    },
                )
            })
            .collect())
    }

    /// The no-show resource of a marked meeting (needed to unmark it).
    pub(crate) async fn meeting_no_show_uri(&self, invitee_uri: &str) -> Result<Option<String>> {
        Ok(sqlx::query_scalar::<_, Option<String>>(
            "SELECT no_show_uri FROM meetings WHERE invitee_uri = ?",
        )
        .bind(invitee_uri)
        .fetch_optional(&self.pool())
        .await?
        .flatten())
    }

    /// Records the event's `updated_at` as seen by reconcile on all its invitees.
    pub async fn mark_event_seen(&self, event_uri: &str, updated_at: &str) -> Result<()> {
        sqlx::query("UPDATE meetings SET event_updated_at = ? WHERE event_uri = ?")
            .bind(updated_at)
            .bind(event_uri)
            .execute(&self.pool())
            .await?;
        Ok(())
    }

    /// Meetings matching `filter`, by start time. Without a filter: every stored meeting,
    /// past and future, scheduled, canceled, moved and unmatched.
    pub async fn meetings(&self, filter: &MeetingFilter) -> Result<Vec<Meeting>> {
        Ok(self
            .meetings_paged(filter, Paging::all(), ListOrder::Ascending)
            .await?
            .rows)
    }

    /// One page of the meetings matching `filter`: oldest first (what comes next), or newest
    /// first (the history).
    pub async fn meeting_page(
        &self,
        filter: &MeetingFilter,
        page: &PageRequest,
        newest_first: bool,
    ) -> Result<Page<Meeting>> {
        let order = if newest_first {
            ListOrder::Descending
        } else {
            ListOrder::Ascending
        };
        self.meetings_paged(filter, Paging::new(page)?, order).await
    }

    async fn meetings_paged(
        &self,
        filter: &MeetingFilter,
        paging: Paging,
        order: ListOrder,
    ) -> Result<Page<Meeting>> {
        let zone = self.zone();
        let from = match &filter.from {
            Some(from) => {
                let day = crate::dates::parse_date("from", from)?;
                Some(format_timestamp(zone.start_of_day(day)?))
            }
            None => None,
        };
        let until = match &filter.to {
            Some(to) => {
                let day = crate::dates::parse_date("to", to)?;
                let next = day
                    .next_day()
                    .ok_or_else(|| CoreError::field("to", "is too far in the future"))?;
                Some(format_timestamp(zone.start_of_day(next)?))
            }
            None => None,
        };
        let now = self.now_text();
        let conditions = |query: &mut QueryBuilder<Sqlite>| {
            if let Some(client) = filter.client_id {
                query.push(" AND m.client_id = ").push_bind(client);
            }
            if filter.upcoming {
                query.push(" AND m.end_time > ").push_bind(now.clone());
            }
            if let Some(number) = &filter.quote_number {
                query
                    .push(" AND m.quote_id = (SELECT id FROM quotes WHERE number = ")
                    .push_bind(number.trim().to_string())
                    .push(")");
            }
            if let Some(number) = &filter.invoice_number {
                query
                    .push(" AND m.invoice_id = (SELECT id FROM invoices WHERE number = ")
                    .push_bind(number.trim().to_string())
                    .push(")");
            }
            if let Some(status) = filter.status {
                query.push(" AND m.status = ").push_bind(status);
            }
            if let Some(user) = &filter.calendly_user {
                query
                    .push(" AND m.calendly_user = ")
                    .push_bind(user.clone());
            }
            if let Some(from) = &from {
                query.push(" AND m.start_time >= ").push_bind(from.clone());
            }
            if let Some(until) = &until {
                query.push(" AND m.start_time < ").push_bind(until.clone());
            }
        };
        let mut query: QueryBuilder<Sqlite> = QueryBuilder::new(MEETING_SELECT);
        query.push(" WHERE 1 = 1");
        conditions(&mut query);
        paging.push_tail(&mut query, "m.start_time", "m.rowid", order);
        let mut count = QueryBuilder::<Sqlite>::new("SELECT COUNT(*) FROM meetings m WHERE 1 = 1");
        conditions(&mut count);
        let (rows, total) = paging.fetch(&self.pool(), query, count).await?;
        let rows = rows
            .iter()
            .map(|row| Ok((row.try_get::<i64, _>("row_id")?, meeting_from_row(row)?)))
            .collect::<Result<Vec<_>>>()?;
        let page = paging.finish(rows, total, |(id, m): &(i64, Meeting)| PageCursor {
            key: m.start_time.clone(),
            id: *id,
        });
        Ok(Page {
            rows: page.rows.into_iter().map(|(_, m)| m).collect(),
            next: page.next,
            total: page.total,
        })
    }

    /// The meetings the calendar shows from `from` to `to` (calendar days in the user's
    /// zone, inclusive, at most [`MAX_CALENDAR_DAYS`] apart), by start time. The half of a
    /// reschedule that moved away is left out: its new booking is shown instead.
    pub async fn calendar(&self, from: &str, to: &str) -> Result<Vec<CalendarEntry>> {
        let zone = self.zone();
        let first = crate::dates::parse_date("from", from)?;
        let last = crate::dates::parse_date("to", to)?;
        let days = (last - first).whole_days();
        if !(0..MAX_CALENDAR_DAYS).contains(&days) {
            return Err(CoreError::field(
                "to",
                format!("choose a day from the first one to {MAX_CALENDAR_DAYS} days after it"),
            ));
        }
        let next = last
            .next_day()
            .ok_or_else(|| CoreError::field("to", "is too far in the future"))?;
        // A busy month holds thousands of rows: SQLite hands them over as one JSON array
        // rather than row by row, which costs more than the query itself.
        let json: String = sqlx::query_scalar(
            "SELECT json_group_array(json_object(
                    'invitee_uri', m.invitee_uri,
                    'event_type_name', COALESCE(m.event_type_name, m.name),
                    'who', COALESCE(c.name, m.invitee_name, m.invitee_email),
                    'start_time', m.start_time,
                    'end_time', m.end_time,
                    'status', m.status,
                    'no_show', json(CASE WHEN m.no_show THEN 'true' ELSE 'false' END))
                    ORDER BY m.start_time, m.rowid)
             FROM meetings m LEFT JOIN clients c ON c.id = m.client_id
             WHERE m.start_time >= ? AND m.start_time < ? AND m.rescheduled_to IS NULL",
        )
        .bind(format_timestamp(zone.start_of_day(first)?))
        .bind(format_timestamp(zone.start_of_day(next)?))
        .fetch_one(&self.pool())
        .await?;
        serde_json::from_str(&json)
            .map_err(|e| CoreError::InvalidState(format!("stored meetings are unreadable: {e}")))
    }

    /// One meeting by its invitee URI.
    pub async fn meeting(&self, invitee_uri: &str) -> Result<Meeting> {
        read_meeting(&mut *self.pool().acquire().await?, invitee_uri).await
    }

    /// How many meetings are stored.
    pub async fn meeting_count(&self) -> Result<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM meetings")
            .fetch_one(&self.pool())
            .await?)
    }

    /// Calendly users other than `user` that have meetings here (after switching accounts).
    pub async fn meeting_users_other_than(&self, user: &str) -> Result<Vec<(String, i64)>> {
        Ok(sqlx::query_as(
            "SELECT calendly_user, COUNT(*) FROM meetings WHERE calendly_user <> ?
             GROUP BY calendly_user ORDER BY calendly_user",
        )
        .bind(user)
        .fetch_all(&self.pool())
        .await?)
    }

    /// Deletes the meetings of one Calendly user (or every meeting), with their timeline
    /// entries; returns how many meetings went.
    pub async fn delete_meetings(&self, user: Option<&str>) -> Result<u64> {
        self.delete_meetings_where("?1 IS NULL OR calendly_user = ?1", user)
            .await
    }

    /// Deletes the meetings of every Calendly user but `keep` (accounts connected before),
    /// with their timeline entries, all or nothing.
    pub async fn delete_meetings_except(&self, keep: &str) -> Result<u64> {
        self.delete_meetings_where("calendly_user <> ?1", Some(keep))
            .await
    }

    /// Deletes the meetings `condition` (over `?1` = `user`) picks and their timeline
    /// entries in one transaction; how many meetings went.
    async fn delete_meetings_where(&self, condition: &str, user: Option<&str>) -> Result<u64> {
        let mut tx = self.write_tx().await?;
        sqlx::query(&format!(
            "DELETE FROM activity WHERE meeting_invitee_uri IN
                (SELECT invitee_uri FROM meetings WHERE {condition})"
        ))
        .bind(user)
        .execute(&mut *tx)
        .await?;
        let deleted = sqlx::query(&format!("DELETE FROM meetings WHERE {condition}"))
            .bind(user)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        Ok(deleted)
    }
}
