//! Tolerant types for the Calendly resources the product reads.
//!
//! Calendly's payloads have grown over the years and the fixtures we test against are older
//! than the OpenAPI description, so every type here is forgiving: unknown fields are ignored,
//! an enum value this crate does not know is kept as `Other(String)`, and any field that is
//! not the resource's identity is optional (`null` and absent read the same). Only
//! [`Deserialize`] is implemented: these types are for reading what Calendly sends.

use serde::{Deserialize, Deserializer};
use time::OffsetDateTime;

/// Reads `null` or an absent field as the type's default (an empty list, `false`, …).
pub(crate) fn null_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// Declares a string enum that keeps unknown values as `Other(String)` instead of failing.
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident { $( $(#[$vmeta:meta])* $variant:ident = $text:literal, )* }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// A value this crate does not know, kept exactly as sent.
            Other(String),
        }

        impl $name {
            /// The wire value.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $text, )*
                    Self::Other(other) => other,
                }
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $( $text => Self::$variant, )*
                    other => Self::Other(other.to_owned()),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
                Ok(Self::from(value.as_ref()))
            }
        }
    };
}
pub(crate) use open_enum;

/// One resource: `{"resource": {...}}`.
#[derive(Debug, Clone, Deserialize)]
pub struct Resource<T> {
    /// The resource itself.
    pub resource: T,
}

/// One page of a list: `{"collection": [...], "pagination": {...}}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(bound(deserialize = "T: Deserialize<'de>"))]
pub struct Page<T> {
    /// The items of this page.
    #[serde(default, deserialize_with = "null_default")]
    pub collection: Vec<T>,
    /// Where the list goes on.
    #[serde(default, deserialize_with = "null_default")]
    pub pagination: Pagination,
}

/// The `pagination` object of a list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct Pagination {
    /// Number of rows asked for.
    #[serde(default)]
    pub count: Option<u32>,
    /// URL of the next page. Never followed: its host may not be the configured one.
    #[serde(default)]
    pub next_page: Option<String>,
    /// URL of the previous page.
    #[serde(default)]
    pub previous_page: Option<String>,
    /// Cursor of the next page; `None` on the last page.
    #[serde(default)]
    pub next_page_token: Option<String>,
    /// Cursor of the previous page.
    #[serde(default)]
    pub previous_page_token: Option<String>,
}

impl Pagination {
    /// The cursor of the next page.
    ///
    /// `next_page_token` when present; older responses only carry `next_page`, and then the
    /// `page_token` parameter is taken from that URL (only the token: the request itself is
    /// always built against the configured base URL).
    pub fn next_token(&self) -> Option<String> {
        if let Some(token) = self.next_page_token.as_deref().filter(|t| !t.is_empty()) {
            return Some(token.to_owned());
        }
        let next = url::Url::parse(self.next_page.as_deref()?).ok()?;
        next.query_pairs()
            .find(|(k, v)| k == "page_token" && !v.is_empty())
            .map(|(_, v)| v.into_owned())
    }
}

/// `GET /users/me`: the connected Calendly user.
#[derive(Debug, Clone, Deserialize)]
pub struct User {
    /// Canonical URI, e.g. `https://api.calendly.com/users/AAAA`.
    pub uri: String,
    /// Display name.
    #[serde(default)]
    pub name: Option<String>,
    /// Scheduling page slug.
    #[serde(default)]
    pub slug: Option<String>,
    /// E-mail address.
    #[serde(default)]
    pub email: Option<String>,
    /// The user's landing page.
    #[serde(default)]
    pub scheduling_url: Option<String>,
    /// IANA time zone (Calendly's examples also show `America/New York`).
    #[serde(default)]
    pub timezone: Option<String>,
    /// Avatar image.
    #[serde(default)]
    pub avatar_url: Option<String>,
    /// The user's current organization URI.
    #[serde(default)]
    pub current_organization: Option<String>,
    /// When the user was created.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub created_at: Option<OffsetDateTime>,
    /// When the user was last updated.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub updated_at: Option<OffsetDateTime>,
}

open_enum! {
    /// `kind` of an event type.
    pub enum EventTypeKind {
        /// One host.
        Solo = "solo",
        /// Several invitees in one slot.
        Group = "group",
    }
}

/// An event type (a bookable meeting template).
#[derive(Debug, Clone, Deserialize)]
pub struct EventType {
    /// Canonical URI.
    pub uri: String,
    /// Display name.
    #[serde(default)]
    pub name: Option<String>,
    /// Whether it can be booked (absent reads as active).
    #[serde(default = "yes", deserialize_with = "null_true")]
    pub active: bool,
    /// URL slug.
    #[serde(default)]
    pub slug: Option<String>,
    /// Public booking page.
    #[serde(default)]
    pub scheduling_url: Option<String>,
    /// Length in minutes.
    #[serde(default)]
    pub duration: Option<u32>,
    /// `solo` or `group`.
    #[serde(default)]
    pub kind: Option<EventTypeKind>,
    /// `round_robin`, `collective`, … or none.
    #[serde(default)]
    pub pooling_type: Option<String>,
    /// `StandardEventType` or `AdhocEventType`.
    #[serde(default, rename = "type")]
    pub type_: Option<String>,
    /// Colour as `#rrggbb`.
    #[serde(default)]
    pub color: Option<String>,
    /// Hidden from the landing page.
    #[serde(default, deserialize_with = "null_default")]
    pub secret: bool,
    /// `instant` or `poll`.
    #[serde(default)]
    pub booking_method: Option<String>,
    /// Plain-text description.
    #[serde(default)]
    pub description_plain: Option<String>,
    /// Host-only note.
    #[serde(default)]
    pub internal_note: Option<String>,
    /// Questions asked at booking.
    #[serde(default, deserialize_with = "null_default")]
    pub custom_questions: Vec<CustomQuestion>,
    /// Who owns it.
    #[serde(default)]
    pub profile: Option<Profile>,
    /// Configured locations (their shape varies by `kind`).
    #[serde(default, deserialize_with = "null_default")]
    pub locations: Vec<EventTypeLocation>,
    /// When it was created.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub created_at: Option<OffsetDateTime>,
    /// When it was last updated.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub updated_at: Option<OffsetDateTime>,
}

fn yes() -> bool {
    true
}

fn null_true<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    Ok(Option::<bool>::deserialize(deserializer)?.unwrap_or(true))
}

/// A question on an event type's booking form.
#[derive(Debug, Clone, Deserialize)]
pub struct CustomQuestion {
    /// The question text.
    #[serde(default)]
    pub name: Option<String>,
    /// `string`, `text`, `single_select`, `multi_select`, `phone_number`, …
    #[serde(default, rename = "type")]
    pub type_: Option<String>,
    /// Order on the form.
    #[serde(default)]
    pub position: Option<u32>,
    /// Shown on the form.
    #[serde(default, deserialize_with = "null_default")]
    pub enabled: bool,
    /// Must be answered.
    #[serde(default, deserialize_with = "null_default")]
    pub required: bool,
    /// Choices of a select question.
    #[serde(default, deserialize_with = "null_default")]
    pub answer_choices: Vec<String>,
    /// Whether "Other" may be typed in.
    #[serde(default, deserialize_with = "null_default")]
    pub include_other: bool,
}

/// The owner of an event type.
#[derive(Debug, Clone, Deserialize)]
pub struct Profile {
    /// `User` or `Team`.
    #[serde(default, rename = "type")]
    pub type_: Option<String>,
    /// Owner's name.
    #[serde(default)]
    pub name: Option<String>,
    /// Owner's URI.
    #[serde(default)]
    pub owner: Option<String>,
}

/// A location configured on an event type: its `kind` plus whatever else it carries.
#[derive(Debug, Clone, Deserialize)]
pub struct EventTypeLocation {
    /// `physical`, `inbound_call`, `zoom_conference`, …
    #[serde(default)]
    pub kind: Option<LocationKind>,
    /// All other fields as sent (their types vary: a phone number may be a number).
    #[serde(flatten)]
    pub details: serde_json::Map<String, serde_json::Value>,
}

open_enum! {
    /// Status of a scheduled event.
    pub enum EventStatus {
        /// Going ahead.
        Active = "active",
        /// Canceled.
        Canceled = "canceled",
    }
}

/// A scheduled event (a booked meeting).
#[derive(Debug, Clone, Deserialize)]
pub struct ScheduledEvent {
    /// Canonical URI.
    pub uri: String,
    /// Event name (may be null).
    #[serde(default)]
    pub name: Option<String>,
    /// `active` or `canceled`.
    #[serde(default)]
    pub status: Option<EventStatus>,
    /// Start, UTC.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub start_time: Option<OffsetDateTime>,
    /// End, UTC.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub end_time: Option<OffsetDateTime>,
    /// The event type URI.
    #[serde(default)]
    pub event_type: Option<String>,
    /// Where it takes place (may be null).
    #[serde(default)]
    pub location: Option<Location>,
    /// Invitee counts.
    #[serde(default)]
    pub invitees_counter: Option<InviteesCounter>,
    /// Set when the event was canceled.
    #[serde(default)]
    pub cancellation: Option<Cancellation>,
    /// Hosts.
    #[serde(default, deserialize_with = "null_default")]
    pub event_memberships: Vec<EventMembership>,
    /// Additional guests.
    #[serde(default, deserialize_with = "null_default")]
    pub event_guests: Vec<Guest>,
    /// Host's notes (webhook payloads only).
    #[serde(default)]
    pub meeting_notes_plain: Option<String>,
    /// When it was created.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub created_at: Option<OffsetDateTime>,
    /// When it was last updated.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub updated_at: Option<OffsetDateTime>,
}

open_enum! {
    /// The `type` of an event location.
    pub enum LocationKind {
        /// In person; `location` is the address.
        Physical = "physical",
        /// The host calls the invitee.
        OutboundCall = "outbound_call",
        /// The invitee calls the host.
        InboundCall = "inbound_call",
        /// The invitee chose the place.
        AskInvitee = "ask_invitee",
        /// Free text from the host.
        Custom = "custom",
        /// Google Meet.
        GoogleConference = "google_conference",
        /// Zoom.
        ZoomConference = "zoom_conference",
        /// GoToMeeting.
        Gotomeeting = "gotomeeting",
        /// Microsoft Teams.
        MicrosoftTeamsConference = "microsoft_teams_conference",
        /// Webex.
        WebexConference = "webex_conference",
    }
}

open_enum! {
    /// Provisioning status of a conference location.
    pub enum ConferenceStatus {
        /// Requested.
        Initiated = "initiated",
        /// Being created; `join_url` may still be null.
        Processing = "processing",
        /// Created; `join_url` is set.
        Pushed = "pushed",
        /// Creation failed.
        Failed = "failed",
    }
}

/// Where a scheduled event takes place.
#[derive(Debug, Clone, Deserialize)]
pub struct Location {
    /// The location type; unknown types (e.g. the old `zoom`) are kept as `Other`.
    #[serde(default, rename = "type")]
    pub kind: Option<LocationKind>,
    /// Address, phone number or free text, depending on the type.
    #[serde(default)]
    pub location: Option<String>,
    /// Extra directions.
    #[serde(default)]
    pub additional_info: Option<String>,
    /// Conference provisioning status.
    #[serde(default)]
    pub status: Option<ConferenceStatus>,
    /// Conference link; null while the conference is being created.
    #[serde(default)]
    pub join_url: Option<String>,
    /// Provider-specific data, as sent.
    #[serde(default)]
    pub data: Option<serde_json::Value>,
}

/// `invitees_counter` of a scheduled event.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
pub struct InviteesCounter {
    /// All invitees, canceled ones included.
    #[serde(default, deserialize_with = "null_default")]
    pub total: u32,
    /// Invitees who have not canceled.
    #[serde(default, deserialize_with = "null_default")]
    pub active: u32,
    /// Maximum number of invitees.
    #[serde(default, deserialize_with = "null_default")]
    pub limit: u32,
}

open_enum! {
    /// Who canceled.
    pub enum CancelerType {
        /// The host.
        Host = "host",
        /// The invitee.
        Invitee = "invitee",
    }
}

/// Cancellation details of an event or invitee.
#[derive(Debug, Clone, Deserialize)]
pub struct Cancellation {
    /// Name of who canceled.
    #[serde(default)]
    pub canceled_by: Option<String>,
    /// Reason given, if any.
    #[serde(default)]
    pub reason: Option<String>,
    /// `host` or `invitee`.
    #[serde(default)]
    pub canceler_type: Option<CancelerType>,
    /// When it was canceled (newer payloads only).
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub created_at: Option<OffsetDateTime>,
}

/// A host of a scheduled event.
#[derive(Debug, Clone, Deserialize)]
pub struct EventMembership {
    /// The host's user URI.
    #[serde(default)]
    pub user: Option<String>,
    /// The host's e-mail (webhook payloads).
    #[serde(default)]
    pub user_email: Option<String>,
    /// The host's name (webhook payloads).
    #[serde(default)]
    pub user_name: Option<String>,
}

/// An additional guest of a scheduled event.
#[derive(Debug, Clone, Deserialize)]
pub struct Guest {
    /// Guest e-mail.
    #[serde(default)]
    pub email: Option<String>,
    /// When the guest was added.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub created_at: Option<OffsetDateTime>,
    /// When the guest was last updated.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub updated_at: Option<OffsetDateTime>,
}

open_enum! {
    /// Status of an invitee.
    pub enum InviteeStatus {
        /// Booked.
        Active = "active",
        /// Canceled (or rescheduled away).
        Canceled = "canceled",
    }
}

/// An invitee of a scheduled event; also the payload of `invitee.*` webhooks.
#[derive(Debug, Clone, Deserialize)]
pub struct Invitee {
    /// Canonical URI (`…/scheduled_events/EV/invitees/INV`), the meeting's key.
    pub uri: String,
    /// E-mail address.
    #[serde(default)]
    pub email: Option<String>,
    /// Full name (null in some older payloads).
    #[serde(default)]
    pub name: Option<String>,
    /// First name, when the form asks for it separately.
    #[serde(default)]
    pub first_name: Option<String>,
    /// Last name, when the form asks for it separately.
    #[serde(default)]
    pub last_name: Option<String>,
    /// `active` or `canceled`.
    #[serde(default)]
    pub status: Option<InviteeStatus>,
    /// Answers to the booking form.
    #[serde(default, deserialize_with = "null_default")]
    pub questions_and_answers: Vec<QuestionAndAnswer>,
    /// Invitee's time zone.
    #[serde(default)]
    pub timezone: Option<String>,
    /// The scheduled event's URI.
    #[serde(default)]
    pub event: Option<String>,
    /// When the invitee was created.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub created_at: Option<OffsetDateTime>,
    /// When the invitee was last updated.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub updated_at: Option<OffsetDateTime>,
    /// UTM and Salesforce parameters from the booking URL.
    #[serde(default, deserialize_with = "null_default")]
    pub tracking: Tracking,
    /// Number for text reminders.
    #[serde(default)]
    pub text_reminder_number: Option<String>,
    /// True when this invitee was canceled by a reschedule.
    #[serde(default, deserialize_with = "null_default")]
    pub rescheduled: bool,
    /// The invitee this one replaces (after a reschedule).
    #[serde(default)]
    pub old_invitee: Option<String>,
    /// The invitee that replaced this one (after a reschedule).
    #[serde(default)]
    pub new_invitee: Option<String>,
    /// Link for the invitee to cancel.
    #[serde(default)]
    pub cancel_url: Option<String>,
    /// Link for the invitee to reschedule.
    #[serde(default)]
    pub reschedule_url: Option<String>,
    /// Routing form submission that led here.
    #[serde(default)]
    pub routing_form_submission: Option<String>,
    /// Set when the invitee canceled or was canceled.
    #[serde(default)]
    pub cancellation: Option<Cancellation>,
    /// Payment taken at booking.
    #[serde(default)]
    pub payment: Option<Payment>,
    /// Set when the host marked the invitee as a no-show.
    #[serde(default)]
    pub no_show: Option<NoShowRef>,
    /// Reconfirmation request state.
    #[serde(default)]
    pub reconfirmation: Option<Reconfirmation>,
    /// `instant_book` or null.
    #[serde(default)]
    pub scheduling_method: Option<String>,
    /// Who booked on the invitee's behalf.
    #[serde(default)]
    pub invitee_scheduled_by: Option<String>,
    /// The scheduled event, embedded in webhook payloads since ~2022.
    #[serde(default)]
    pub scheduled_event: Option<ScheduledEvent>,
}

/// One answer on the booking form.
#[derive(Debug, Clone, Deserialize)]
pub struct QuestionAndAnswer {
    /// The question.
    #[serde(default, deserialize_with = "null_default")]
    pub question: String,
    /// The answer (lines joined by `\n` for multi-choice questions).
    #[serde(default, deserialize_with = "null_default")]
    pub answer: String,
    /// Order on the form.
    #[serde(default)]
    pub position: Option<u32>,
}

/// UTM and Salesforce parameters carried from the booking URL to the invitee.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct Tracking {
    /// `utm_campaign`.
    #[serde(default)]
    pub utm_campaign: Option<String>,
    /// `utm_source`.
    #[serde(default)]
    pub utm_source: Option<String>,
    /// `utm_medium`.
    #[serde(default)]
    pub utm_medium: Option<String>,
    /// `utm_content`.
    #[serde(default)]
    pub utm_content: Option<String>,
    /// `utm_term`.
    #[serde(default)]
    pub utm_term: Option<String>,
    /// `salesforce_uuid`.
    #[serde(default)]
    pub salesforce_uuid: Option<String>,
}

/// A payment taken at booking.
#[derive(Debug, Clone, Deserialize)]
pub struct Payment {
    /// Provider's id.
    #[serde(default)]
    pub external_id: Option<String>,
    /// `stripe`, `paypal`, …
    #[serde(default)]
    pub provider: Option<String>,
    /// Amount in major units as Calendly reports it.
    #[serde(default)]
    pub amount: Option<f64>,
    /// ISO 4217 currency.
    #[serde(default)]
    pub currency: Option<String>,
    /// Terms shown.
    #[serde(default)]
    pub terms: Option<String>,
    /// Whether the payment went through.
    #[serde(default)]
    pub successful: Option<bool>,
}

/// The `no_show` object of an invitee.
#[derive(Debug, Clone, Deserialize)]
pub struct NoShowRef {
    /// URI of the no-show resource (needed to unmark it).
    #[serde(default)]
    pub uri: Option<String>,
    /// When it was marked.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub created_at: Option<OffsetDateTime>,
}

/// The `reconfirmation` object of an invitee.
#[derive(Debug, Clone, Deserialize)]
pub struct Reconfirmation {
    /// When reconfirmation was requested.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub created_at: Option<OffsetDateTime>,
    /// When the invitee confirmed, if they did.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub confirmed_at: Option<OffsetDateTime>,
}

/// `POST /invitee_no_shows`: an invitee marked as a no-show.
#[derive(Debug, Clone, Deserialize)]
pub struct InviteeNoShow {
    /// Canonical URI of the no-show.
    pub uri: String,
    /// The invitee URI.
    #[serde(default)]
    pub invitee: Option<String>,
    /// When it was marked.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub created_at: Option<OffsetDateTime>,
}

/// `POST /scheduling_links`: a single-use booking link.
#[derive(Debug, Clone, Deserialize)]
pub struct SchedulingLink {
    /// The URL to send to the invitee.
    pub booking_url: String,
    /// The event type URI it books.
    #[serde(default)]
    pub owner: Option<String>,
    /// `EventType`.
    #[serde(default)]
    pub owner_type: Option<String>,
}

open_enum! {
    /// State of a webhook subscription.
    pub enum WebhookState {
        /// Delivering.
        Active = "active",
        /// Disabled after deliveries kept failing.
        Disabled = "disabled",
    }
}

open_enum! {
    /// Scope of a webhook subscription.
    pub enum WebhookScope {
        /// One user's events.
        User = "user",
        /// The whole organization's events.
        Organization = "organization",
        /// A group's events.
        Group = "group",
    }
}

/// A webhook subscription.
#[derive(Debug, Clone, Deserialize)]
pub struct WebhookSubscription {
    /// Canonical URI.
    pub uri: String,
    /// Where Calendly delivers.
    #[serde(default)]
    pub callback_url: Option<String>,
    /// When it was created.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub created_at: Option<OffsetDateTime>,
    /// When it was last updated.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub updated_at: Option<OffsetDateTime>,
    /// Set while deliveries are failing and being retried.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub retry_started_at: Option<OffsetDateTime>,
    /// `active` or `disabled`.
    #[serde(default)]
    pub state: Option<WebhookState>,
    /// Subscribed events.
    #[serde(default, deserialize_with = "null_default")]
    pub events: Vec<crate::webhook::WebhookEvent>,
    /// `user` or `organization`.
    #[serde(default)]
    pub scope: Option<WebhookScope>,
    /// Organization URI.
    #[serde(default)]
    pub organization: Option<String>,
    /// User URI (user scope).
    #[serde(default)]
    pub user: Option<String>,
    /// Who created it.
    #[serde(default)]
    pub creator: Option<String>,
}
