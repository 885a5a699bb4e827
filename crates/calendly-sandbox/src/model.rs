//! Calendly's resource shapes, written from `openapi-2024-04.yaml` (components/schemas).
//!
//! The sandbox serialises only these types; it shares nothing with the `calendly` client's
//! tolerant types, so a misnamed field shows up as a failed fidelity test instead of
//! round-tripping unseen between the two.

use crate::clock::ts;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// `#/components/schemas/User`.
#[derive(Debug, Clone, Serialize)]
pub struct User {
    pub uri: String,
    pub name: String,
    pub slug: String,
    pub email: String,
    pub scheduling_url: String,
    pub timezone: String,
    pub avatar_url: Option<String>,
    #[serde(with = "ts")]
    pub created_at: OffsetDateTime,
    #[serde(with = "ts")]
    pub updated_at: OffsetDateTime,
    pub current_organization: String,
}

/// `#/components/schemas/Organization`.
#[derive(Debug, Clone, Serialize)]
pub struct Organization {
    pub uri: String,
    pub plan: String,
    pub stage: String,
    #[serde(with = "ts")]
    pub created_at: OffsetDateTime,
    #[serde(with = "ts")]
    pub updated_at: OffsetDateTime,
}

/// `#/components/schemas/Profile`.
#[derive(Debug, Clone, Serialize)]
pub struct Profile {
    #[serde(rename = "type")]
    pub kind: String,
    pub name: String,
    pub owner: String,
}

/// `#/components/schemas/EventTypeCustomQuestion`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CustomQuestion {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub position: u32,
    pub enabled: bool,
    pub required: bool,
    #[serde(default)]
    pub answer_choices: Vec<String>,
    #[serde(default)]
    pub include_other: bool,
}

/// `#/components/schemas/EventType`.
#[derive(Debug, Clone, Serialize)]
pub struct EventType {
    pub uri: String,
    pub name: Option<String>,
    pub active: bool,
    pub slug: Option<String>,
    pub scheduling_url: String,
    pub duration: u32,
    pub kind: String,
    pub pooling_type: Option<String>,
    #[serde(rename = "type")]
    pub type_name: String,
    pub color: String,
    #[serde(with = "ts")]
    pub created_at: OffsetDateTime,
    #[serde(with = "ts")]
    pub updated_at: OffsetDateTime,
    pub internal_note: Option<String>,
    pub description_plain: Option<String>,
    pub description_html: Option<String>,
    pub profile: Option<Profile>,
    pub secret: bool,
    pub booking_method: String,
    pub custom_questions: Vec<CustomQuestion>,
    #[serde(with = "ts::option")]
    pub deleted_at: Option<OffsetDateTime>,
    pub kind_description: String,
    pub admin_managed: bool,
}

/// `#/components/schemas/Location`: one of the location shapes, tagged by `type`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Location {
    Physical {
        location: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        additional_info: Option<String>,
    },
    OutboundCall {
        #[serde(default)]
        location: Option<String>,
    },
    InboundCall {
        location: String,
    },
    GoogleConference {
        #[serde(default = "pushed")]
        status: String,
        #[serde(default)]
        join_url: Option<String>,
    },
    ZoomConference {
        #[serde(default = "pushed")]
        status: String,
        #[serde(default)]
        join_url: Option<String>,
        #[serde(default)]
        data: Option<serde_json::Value>,
    },
    MicrosoftTeamsConference {
        #[serde(default = "pushed")]
        status: String,
        #[serde(default)]
        join_url: Option<String>,
        #[serde(default)]
        data: Option<serde_json::Value>,
    },
    Custom {
        #[serde(default)]
        location: Option<String>,
    },
    AskInvitee {
        location: String,
    },
}

fn pushed() -> String {
    "pushed".into()
}

/// `Event.invitees_counter`.
#[derive(Debug, Clone, Serialize)]
pub struct InviteesCounter {
    pub total: u32,
    pub active: u32,
    pub limit: u32,
}

/// `Event.event_memberships[]`; `user_email` and `user_name` are in the webhook fixtures.
#[derive(Debug, Clone, Serialize)]
pub struct EventMembership {
    pub user: String,
    pub user_email: String,
    pub user_name: String,
}

/// `#/components/schemas/Guest`.
#[derive(Debug, Clone, Serialize)]
pub struct Guest {
    pub email: String,
    #[serde(with = "ts")]
    pub created_at: OffsetDateTime,
    #[serde(with = "ts")]
    pub updated_at: OffsetDateTime,
}

/// `#/components/schemas/Cancellation`, plus `created_at` which the real API and the
/// fixtures carry.
#[derive(Debug, Clone, Serialize)]
pub struct Cancellation {
    pub canceled_by: String,
    pub reason: Option<String>,
    pub canceler_type: String,
    #[serde(with = "ts")]
    pub created_at: OffsetDateTime,
}

/// `#/components/schemas/LegacyCalendarEvent`.
#[derive(Debug, Clone, Serialize)]
pub struct CalendarEvent {
    pub kind: String,
    pub external_id: String,
}

/// `#/components/schemas/Event` (a scheduled event).
#[derive(Debug, Clone, Serialize)]
pub struct Event {
    pub uri: String,
    pub name: Option<String>,
    pub meeting_notes_plain: Option<String>,
    pub meeting_notes_html: Option<String>,
    pub status: String,
    #[serde(with = "ts")]
    pub start_time: OffsetDateTime,
    #[serde(with = "ts")]
    pub end_time: OffsetDateTime,
    pub event_type: String,
    pub location: Option<Location>,
    pub invitees_counter: InviteesCounter,
    #[serde(with = "ts")]
    pub created_at: OffsetDateTime,
    #[serde(with = "ts")]
    pub updated_at: OffsetDateTime,
    pub event_memberships: Vec<EventMembership>,
    pub event_guests: Vec<Guest>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cancellation: Option<Cancellation>,
    pub calendar_event: Option<CalendarEvent>,
}

/// `#/components/schemas/InviteeTracking`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Tracking {
    #[serde(default)]
    pub utm_campaign: Option<String>,
    #[serde(default)]
    pub utm_source: Option<String>,
    #[serde(default)]
    pub utm_medium: Option<String>,
    #[serde(default)]
    pub utm_content: Option<String>,
    #[serde(default)]
    pub utm_term: Option<String>,
    #[serde(default)]
    pub salesforce_uuid: Option<String>,
}

/// `#/components/schemas/InviteeQuestionAndAnswer`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct QuestionAndAnswer {
    pub question: String,
    pub answer: String,
    pub position: u32,
}

/// `Invitee.no_show`.
#[derive(Debug, Clone, Serialize)]
pub struct NoShowRef {
    pub uri: String,
    #[serde(with = "ts")]
    pub created_at: OffsetDateTime,
}

/// `#/components/schemas/Invitee`, plus `scheduling_method` and `invitee_scheduled_by`
/// which the webhook fixtures carry.
#[derive(Debug, Clone, Serialize)]
pub struct Invitee {
    pub uri: String,
    pub email: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub name: String,
    pub status: String,
    pub questions_and_answers: Vec<QuestionAndAnswer>,
    pub timezone: Option<String>,
    pub event: String,
    #[serde(with = "ts")]
    pub created_at: OffsetDateTime,
    #[serde(with = "ts")]
    pub updated_at: OffsetDateTime,
    pub tracking: Tracking,
    pub text_reminder_number: Option<String>,
    pub rescheduled: bool,
    pub old_invitee: Option<String>,
    pub new_invitee: Option<String>,
    pub cancel_url: String,
    pub reschedule_url: String,
    pub routing_form_submission: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cancellation: Option<Cancellation>,
    pub payment: Option<serde_json::Value>,
    pub no_show: Option<NoShowRef>,
    pub reconfirmation: Option<serde_json::Value>,
    pub scheduling_method: Option<String>,
    pub invitee_scheduled_by: Option<String>,
}

/// `#/components/schemas/InviteeNoShow`.
#[derive(Debug, Clone, Serialize)]
pub struct InviteeNoShow {
    pub uri: String,
    pub invitee: String,
    #[serde(with = "ts")]
    pub created_at: OffsetDateTime,
}

/// The `POST /scheduling_links` resource.
#[derive(Debug, Clone, Serialize)]
pub struct SchedulingLink {
    pub booking_url: String,
    pub owner: String,
    pub owner_type: String,
}

/// `#/components/schemas/WebhookSubscription`.
#[derive(Debug, Clone, Serialize)]
pub struct WebhookSubscription {
    pub uri: String,
    pub callback_url: String,
    #[serde(with = "ts")]
    pub created_at: OffsetDateTime,
    #[serde(with = "ts")]
    pub updated_at: OffsetDateTime,
    #[serde(with = "ts::option")]
    pub retry_started_at: Option<OffsetDateTime>,
    pub state: String,
    pub events: Vec<String>,
    pub scope: String,
    pub organization: String,
    pub user: Option<String>,
    pub creator: Option<String>,
}

/// `#/components/schemas/Pagination`.
#[derive(Debug, Clone, Serialize)]
pub struct Pagination {
    pub count: usize,
    pub next_page: Option<String>,
    pub previous_page: Option<String>,
    pub next_page_token: Option<String>,
    pub previous_page_token: Option<String>,
}

/// `{"resource": …}`.
#[derive(Debug, Serialize)]
pub struct Resource<T> {
    pub resource: T,
}

/// `{"collection": […], "pagination": …}`.
#[derive(Debug, Serialize)]
pub struct Collection<T> {
    pub collection: Vec<T>,
    pub pagination: Pagination,
}

/// One entry of `ErrorResponse.details`.
#[derive(Debug, Clone, Serialize)]
pub struct ErrorDetail {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameter: Option<String>,
    pub message: String,
}

/// `#/components/schemas/ErrorResponse` (`title` is required there too).
#[derive(Debug, Clone, Serialize)]
pub struct ErrorResponse {
    pub title: String,
    pub message: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<ErrorDetail>,
}

/// The invitee as a webhook carries it: the REST invitee plus the legacy `canceled` flag
/// and the embedded `scheduled_event` (as in `objects_webhooks_invite_payload.json`).
#[derive(Debug, Clone, Serialize)]
pub struct WebhookInvitee {
    #[serde(flatten)]
    pub invitee: Invitee,
    pub canceled: bool,
    pub scheduled_event: Event,
}

/// `#/components/schemas/WebhookPayload`: the envelope of every delivery.
#[derive(Debug, Clone, Serialize)]
pub struct WebhookEnvelope {
    pub event: String,
    #[serde(with = "ts")]
    pub created_at: OffsetDateTime,
    pub created_by: String,
    pub payload: WebhookInvitee,
}

/// The OAuth token endpoint's answer.
#[derive(Clone, Serialize)]
pub struct TokenResponse {
    pub token_type: String,
    pub access_token: String,
    pub refresh_token: String,
    pub expires_in: i64,
    pub created_at: i64,
    pub scope: String,
    pub owner: String,
    pub organization: String,
}
