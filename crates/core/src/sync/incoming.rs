//! What arrives from Calendly, in core's terms: webhook bodies from the relay and invitees
//! read by reconcile become [`Change`]s; anything that cannot be applied becomes a
//! [`Change::Skip`] with its reason, so one odd event never stops the stream.

use calendly::model::{CancelerType, EventStatus, Invitee, InviteeStatus, ScheduledEvent};
use calendly::webhook::{WebhookBody, WebhookError, WebhookEvent};
use jiff::Timestamp;

use crate::model::{MeetingStatus, QuestionAnswer};

/// Where a change came from; decides which fields it may speak for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// `invitee.created`.
    Created,
    /// `invitee.canceled`.
    Canceled,
    /// Read from the API by reconcile: the whole truth, the no-show flag included.
    Reconciled,
}

/// The order of changes to one invitee: the payload's `updated_at`, then the envelope's
/// `created_at`, then the relay's sequence number. Absent parts sort first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Order {
    pub updated_at: Timestamp,
    pub event_created_at: Option<Timestamp>,
    pub seq: Option<i64>,
}

impl Order {
    /// The order of an invitee as read from the API: its own `updated_at` (else when it
    /// was created), nothing else known.
    fn of(invitee: &Invitee, state: &InviteeState) -> Order {
        Order {
            updated_at: invitee
                .updated_at
                .or(invitee.created_at)
                .map(to_jiff)
                .unwrap_or(state.start_time),
            event_created_at: None,
            seq: None,
        }
    }
}

/// An invitee's state as Calendly reported it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InviteeState {
    pub invitee_uri: String,
    pub event_uri: String,
    pub event_type_uri: Option<String>,
    pub event_name: Option<String>,
    pub start_time: Timestamp,
    pub end_time: Timestamp,
    pub location_type: Option<String>,
    pub location: Option<String>,
    pub join_url: Option<String>,
    pub status: MeetingStatus,
    pub canceled_at: Option<Timestamp>,
    pub canceled_by: Option<String>,
    pub canceler_type: Option<String>,
    pub cancel_reason: Option<String>,
    /// Canceled by a reschedule (the old half).
    pub rescheduled: bool,
    pub old_invitee: Option<String>,
    pub new_invitee: Option<String>,
    /// `(marked, no-show resource URI)`; only reconcile speaks for the mark.
    pub no_show: Option<(bool, Option<String>)>,
    pub questions_and_answers: Vec<QuestionAnswer>,
    pub name: Option<String>,
    pub email: Option<String>,
    pub timezone: Option<String>,
    /// `(parameter, value)` pairs of the booking URL's tracking.
    pub tracking: Vec<(String, String)>,
    pub utm_content: Option<String>,
    pub event_updated_at: Option<Timestamp>,
    /// The Calendly user the meeting belongs to, when the payload says (subscription
    /// creator, else the event's first host).
    pub owner: Option<String>,
}

/// Why an event was not applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    /// An event type this build does not apply (routing forms, event types, …).
    UnknownEvent,
    /// Created by another Calendly user than the connected one.
    ForeignCreator,
    /// The legacy v1 webhook shape.
    Legacy,
    /// Not JSON, or the payload does not have the shape its event carries.
    Malformed(String),
    /// A value this build does not know where it decides what happens.
    UnknownValue(String),
}

impl std::fmt::Display for SkipReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SkipReason::UnknownEvent => f.write_str("unknown event"),
            SkipReason::ForeignCreator => f.write_str("not created by the connected Calendly user"),
            SkipReason::Legacy => f.write_str("legacy webhook format"),
            SkipReason::Malformed(why) => write!(f, "malformed: {why}"),
            SkipReason::UnknownValue(what) => write!(f, "unknown value: {what}"),
        }
    }
}

/// One change to apply, or the record of one that is skipped.
#[derive(Debug, Clone)]
pub enum Change {
    Invitee {
        state: Box<InviteeState>,
        order: Order,
        source: Source,
    },
    NoShow {
        invitee_uri: String,
        /// True when marked, false when the mark was removed.
        marked: bool,
        no_show_uri: Option<String>,
        /// The invitee and its order when the payload carried it (creates the meeting if
        /// unknown).
        state: Option<(Box<InviteeState>, Order)>,
    },
    Skip {
        event: String,
        invitee_uri: Option<String>,
        reason: SkipReason,
    },
}

impl Change {
    /// Reads one webhook body the relay stored. `trusted_user` is the connected Calendly
    /// user: a body created by anyone else, or naming no creator, is skipped. Without one
    /// (an unbound inbox) the relay's signature check is the only gate.
    pub fn from_webhook(seq: i64, body: &[u8], trusted_user: Option<&str>) -> Change {
        let parsed = match WebhookBody::parse(body) {
            Ok(parsed) => parsed,
            Err(err) => {
                // The category only: parser messages quote payload values (e-mails).
                let why = match err {
                    WebhookError::InvalidPayload { .. } => {
                        "the payload does not have its event's shape"
                    }
                    WebhookError::NotJson(_) => "not JSON",
                    WebhookError::NotAnObject => "not a JSON object",
                    WebhookError::MissingEvent => "no event name",
                };
                return Change::Skip {
                    event: "unreadable".into(),
                    invitee_uri: None,
                    reason: SkipReason::Malformed(why.into()),
                };
            }
        };
        let event = parsed.event().as_str().to_string();
        if let Some(user) = trusted_user {
            if parsed.created_by() != Some(user) {
                return Change::Skip {
                    event,
                    invitee_uri: None,
                    reason: SkipReason::ForeignCreator,
                };
            }
        }
        let skip = |invitee_uri: Option<String>, reason| Change::Skip {
            event: event.clone(),
            invitee_uri,
            reason,
        };
        match parsed {
            WebhookBody::Legacy { .. } => skip(None, SkipReason::Legacy),
            WebhookBody::Other { .. } => skip(None, SkipReason::UnknownEvent),
            WebhookBody::NoShow { envelope, no_show } => match no_show.invitee {
                Some(invitee_uri) => Change::NoShow {
                    invitee_uri,
                    marked: envelope.event == WebhookEvent::InviteeNoShowCreated,
                    no_show_uri: Some(no_show.uri),
                    state: None,
                },
                None => skip(
                    None,
                    SkipReason::Malformed("no-show names no invitee".into()),
                ),
            },
            WebhookBody::Invitee { envelope, invitee } => {
                let no_show = matches!(
                    envelope.event,
                    WebhookEvent::InviteeNoShowCreated | WebhookEvent::InviteeNoShowDeleted
                );
                let state = match InviteeState::from_invitee(&invitee, None) {
                    Ok(mut state) => {
                        if envelope.created_by.is_some() {
                            state.owner = envelope.created_by.clone();
                        }
                        Some(state)
                    }
                    // A no-show mark needs only the invitee's URI: it still applies.
                    Err(_) if no_show => None,
                    Err(reason) => return skip(Some(invitee.uri.clone()), reason),
                };
                if no_show {
                    return Change::NoShow {
                        invitee_uri: invitee.uri.clone(),
                        marked: envelope.event == WebhookEvent::InviteeNoShowCreated,
                        no_show_uri: invitee.no_show.as_ref().and_then(|n| n.uri.clone()),
                        state: state.map(|state| {
                            let order = Order::of(&invitee, &state);
                            (Box::new(state), order)
                        }),
                    };
                }
                let Some(state) = state else {
                    return skip(Some(invitee.uri.clone()), SkipReason::UnknownEvent);
                };
                match envelope.event {
                    WebhookEvent::InviteeCreated | WebhookEvent::InviteeCanceled => {
                        let order = Order {
                            event_created_at: envelope.created_at.map(to_jiff),
                            seq: Some(seq),
                            ..Order::of(&invitee, &state)
                        };
                        let source = if envelope.event == WebhookEvent::InviteeCreated {
                            Source::Created
                        } else {
                            Source::Canceled
                        };
                        Change::Invitee {
                            state: Box::new(state),
                            order,
                            source,
                        }
                    }
                    _ => skip(Some(invitee.uri.clone()), SkipReason::UnknownEvent),
                }
            }
        }
    }

    /// An invitee read from the API by reconcile, with its scheduled event.
    pub fn reconciled(invitee: &Invitee, event: &ScheduledEvent) -> Change {
        match InviteeState::from_invitee(invitee, Some(event)) {
            Ok(mut state) => {
                state.no_show = Some((
                    invitee.no_show.is_some(),
                    invitee.no_show.as_ref().and_then(|n| n.uri.clone()),
                ));
                let order = Order::of(invitee, &state);
                Change::Invitee {
                    state: Box::new(state),
                    order,
                    source: Source::Reconciled,
                }
            }
            Err(reason) => Change::Skip {
                event: "reconcile".into(),
                invitee_uri: Some(invitee.uri.clone()),
                reason,
            },
        }
    }
}

impl InviteeState {
    /// Reads an invitee and its event (embedded in webhook payloads, fetched by reconcile).
    pub fn from_invitee(
        invitee: &Invitee,
        event: Option<&ScheduledEvent>,
    ) -> Result<InviteeState, SkipReason> {
        let event = event.or(invitee.scheduled_event.as_ref());
        let event_uri = invitee
            .event
            .clone()
            .or_else(|| event.map(|e| e.uri.clone()))
            .ok_or_else(|| SkipReason::Malformed("the invitee names no event".into()))?;
        let (Some(start), Some(end)) = (
            event.and_then(|e| e.start_time),
            event.and_then(|e| e.end_time),
        ) else {
            return Err(SkipReason::Malformed(
                "the event has no start or end".into(),
            ));
        };
        let status = match &invitee.status {
            Some(InviteeStatus::Active) => MeetingStatus::Scheduled,
            Some(InviteeStatus::Canceled) => MeetingStatus::Canceled,
            Some(InviteeStatus::Other(other)) => {
                return Err(SkipReason::UnknownValue(format!(
                    "invitee status {}",
                    truncate(other)
                )))
            }
            None if invitee.cancellation.is_some() => MeetingStatus::Canceled,
            None if event.and_then(|e| e.status.as_ref()) == Some(&EventStatus::Canceled) => {
                MeetingStatus::Canceled
            }
            None => MeetingStatus::Scheduled,
        };
        let cancellation = invitee
            .cancellation
            .as_ref()
            .or_else(|| event.and_then(|e| e.cancellation.as_ref()))
            .filter(|_| status == MeetingStatus::Canceled);
        let location = event.and_then(|e| e.location.as_ref());
        let tracking = &invitee.tracking;
        let tracking_pairs = [
            ("utm_source", &tracking.utm_source),
            ("utm_medium", &tracking.utm_medium),
            ("utm_campaign", &tracking.utm_campaign),
            ("utm_content", &tracking.utm_content),
            ("utm_term", &tracking.utm_term),
            ("salesforce_uuid", &tracking.salesforce_uuid),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.as_ref().map(|v| (k.to_string(), v.clone())))
        .collect();
        Ok(InviteeState {
            invitee_uri: invitee.uri.clone(),
            event_uri,
            event_type_uri: event.and_then(|e| e.event_type.clone()),
            event_name: event.and_then(|e| e.name.clone()),
            start_time: to_jiff(start),
            end_time: to_jiff(end),
            location_type: location.and_then(|l| l.kind.as_ref().map(|k| k.as_str().to_string())),
            location: location.and_then(|l| l.location.clone()),
            join_url: location.and_then(|l| l.join_url.clone()),
            status,
            canceled_at: cancellation
                .and_then(|c| c.created_at)
                .or(invitee
                    .updated_at
                    .filter(|_| status == MeetingStatus::Canceled))
                .map(to_jiff),
            canceled_by: cancellation.and_then(|c| c.canceled_by.clone()),
            canceler_type: cancellation.and_then(|c| {
                c.canceler_type.as_ref().map(|t| match t {
                    CancelerType::Other(other) => truncate(other),
                    known => known.as_str().to_string(),
                })
            }),
            cancel_reason: cancellation.and_then(|c| c.reason.clone()),
            rescheduled: invitee.rescheduled,
            old_invitee: invitee.old_invitee.clone(),
            new_invitee: invitee.new_invitee.clone(),
            no_show: None,
            questions_and_answers: invitee
                .questions_and_answers
                .iter()
                .map(|qa| QuestionAnswer {
                    question: qa.question.clone(),
                    answer: qa.answer.clone(),
                    position: qa.position,
                })
                .collect(),
            name: invitee.name.clone().or_else(|| {
                let parts: Vec<&str> = [&invitee.first_name, &invitee.last_name]
                    .into_iter()
                    .flatten()
                    .map(String::as_str)
                    .collect();
                (!parts.is_empty()).then(|| parts.join(" "))
            }),
            email: invitee.email.clone(),
            timezone: invitee.timezone.clone(),
            tracking: tracking_pairs,
            utm_content: tracking.utm_content.clone(),
            event_updated_at: event.and_then(|e| e.updated_at).map(to_jiff),
            owner: event
                .and_then(|e| e.event_memberships.first())
                .and_then(|m| m.user.clone()),
        })
    }
}

/// Calendly's `time` instants as core's `jiff` ones.
pub fn to_jiff(at: time::OffsetDateTime) -> Timestamp {
    Timestamp::from_nanosecond(at.unix_timestamp_nanos()).unwrap_or(Timestamp::UNIX_EPOCH)
}

/// Keeps log lines and skip reasons short whatever a payload holds.
fn truncate(text: &str) -> String {
    text.chars().take(120).collect()
}
