use serde::{Deserialize, Serialize};
use specta::Type;

use super::Id;

/// Whether a meeting goes ahead. "Completed" is not a status: it is derived from the end time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(type_name = "TEXT", rename_all = "snake_case")]
pub enum MeetingStatus {
    Scheduled,
    Canceled,
}

impl MeetingStatus {
    /// The wire name, as the CLI's `--status` takes it.
    pub fn as_str(self) -> &'static str {
        match self {
            MeetingStatus::Scheduled => "scheduled",
            MeetingStatus::Canceled => "canceled",
        }
    }
}

/// One answer the invitee gave on the booking form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct QuestionAnswer {
    pub question: String,
    pub answer: String,
    pub position: Option<u32>,
}

/// One invitee's meeting, flat, as the app and `quotla-cli meetings list --json` show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Meeting {
    pub invitee_uri: String,
    pub event_uri: String,
    pub event_type_uri: Option<String>,
    pub event_type_name: Option<String>,
    /// The invitee's name.
    pub name: Option<String>,
    pub email: Option<String>,
    /// RFC 3339 UTC.
    pub start_time: String,
    /// RFC 3339 UTC.
    pub end_time: String,
    pub status: MeetingStatus,
    /// This meeting was moved to another (`rescheduled_to`); it is not a cancellation.
    pub rescheduled: bool,
    pub rescheduled_from: Option<String>,
    pub rescheduled_to: Option<String>,
    /// Start of the meeting this one moved to, for "moved to <new time>".
    pub moved_to_start_time: Option<String>,
    pub no_show: bool,
    pub canceled_at: Option<String>,
    pub canceled_by: Option<String>,
    pub canceler_type: Option<String>,
    pub cancel_reason: Option<String>,
    pub location_type: Option<String>,
    pub location: Option<String>,
    pub join_url: Option<String>,
    pub questions_and_answers: Vec<QuestionAnswer>,
    pub invitee_timezone: Option<String>,
    pub client_id: Option<Id>,
    pub client_name: Option<String>,
    pub quote_id: Option<Id>,
    pub quote_number: Option<String>,
    pub invoice_id: Option<Id>,
    pub invoice_number: Option<String>,
    pub calendly_user: String,
}

/// Which meetings to list. Dates are calendar days in the user's time zone, inclusive.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct MeetingFilter {
    pub client_id: Option<Id>,
    pub quote_number: Option<String>,
    pub invoice_number: Option<String>,
    pub status: Option<MeetingStatus>,
    /// `YYYY-MM-DD`: meetings starting on or after this day.
    pub from: Option<String>,
    /// `YYYY-MM-DD`: meetings starting on or before this day.
    pub to: Option<String>,
    /// Only this Calendly user's meetings.
    pub calendly_user: Option<String>,
    /// Only meetings that have not ended yet (by the store's clock): what "upcoming" lists
    /// count, so a busy morning's finished meetings do not fill a page.
    #[serde(default)]
    pub upcoming: bool,
}

/// A meeting as the calendar draws it: its block's words and times, and the URI that opens
/// it. Far smaller than [`Meeting`], as a month of a busy calendar holds thousands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct CalendarEntry {
    pub invitee_uri: String,
    pub event_type_name: Option<String>,
    /// The matched client's name, else the invitee's name or e-mail.
    pub who: Option<String>,
    /// RFC 3339 UTC.
    pub start_time: String,
    pub end_time: String,
    pub status: MeetingStatus,
    pub no_show: bool,
}

/// A meeting with the reschedule chain it belongs to, for the meeting's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct MeetingDetail {
    pub meeting: Meeting,
    /// Every meeting of the chain, oldest first, `meeting` included (alone when it was
    /// never moved).
    pub chain: Vec<Meeting>,
}

/// Whether meetings move quotes forward, counted on this device only (nothing is sent
/// anywhere). Quote counts cover every quote ever sent; "with meeting" means at least one
/// stored meeting (any status) is linked to the quote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct MeetingMeasures {
    /// Meetings starting this calendar month in the user's zone, each reschedule chain
    /// once (by where it ended up), canceled ones included: Calendly's booking time is
    /// not stored, so the start time stands in for it.
    pub booked_this_month: i64,
    /// Quotes sent, accepted or declined (a converted quote stays accepted).
    pub sent_quotes: i64,
    pub sent_quotes_with_meeting: i64,
    /// Accepted or declined.
    pub decided_with_meeting: i64,
    pub accepted_with_meeting: i64,
    pub decided_without_meeting: i64,
    pub accepted_without_meeting: i64,
}
