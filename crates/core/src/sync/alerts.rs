//! Desktop notifications for meetings: which applied changes deserve one and what it says.
//! Only what a user would want to be interrupted for: a new, moved or canceled meeting that
//! is still ahead. A first sync of a busy account must not flood the desktop, so more than
//! three at once become one summary.

use jiff::Timestamp;

use super::rules::Effect;
use crate::model::Meeting;
use crate::store::Applied;
use crate::zone::UserZone;
use crate::{Result, Store};

/// Most notifications one batch shows one by one.
const MAX_ALERTS: usize = 3;
/// Longest piece of booker text in a notification, in characters.
const MAX_TEXT: usize = 60;

/// One desktop notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingAlert {
    pub title: String,
    pub body: String,
}

/// The notifications for what a batch applied, read back from the store.
pub async fn alerts(
    store: &Store,
    applied: &[Applied],
    now: Timestamp,
) -> Result<Vec<MeetingAlert>> {
    let candidates: Vec<&Applied> = applied.iter().filter(|c| announces(c.kind)).collect();
    // A summary needs no meeting read: a first sync may apply hundreds at once.
    if candidates.len() > MAX_ALERTS {
        return Ok(vec![summary(candidates.len())]);
    }
    let zone = store.zone();
    let mut found = Vec::new();
    for change in candidates {
        let meeting = store.meeting(&change.invitee_uri).await?;
        if let Some(alert) = alert_for(change.kind, &meeting, &zone, now) {
            found.push(alert);
        }
    }
    Ok(found)
}

fn announces(effect: Effect) -> bool {
    matches!(
        effect,
        Effect::Booked | Effect::Rescheduled | Effect::Canceled
    )
}

/// The notification for one change, if the meeting is still ahead.
pub fn alert_for(
    effect: Effect,
    meeting: &Meeting,
    zone: &UserZone,
    now: Timestamp,
) -> Option<MeetingAlert> {
    let start: Timestamp = meeting.start_time.parse().ok()?;
    if start <= now {
        return None;
    }
    let who = inert(
        meeting
            .client_name
            .as_deref()
            .or(meeting.name.as_deref())
            .or(meeting.email.as_deref())
            .unwrap_or("Someone"),
    );
    let what = inert(meeting.event_type_name.as_deref().unwrap_or("Meeting"));
    let when = zone.format(start, "%a %-d %b, %H:%M");
    let (title, body) = match effect {
        Effect::Booked => (
            format!("New meeting with {who}"),
            format!("{what} · {when}"),
        ),
        Effect::Rescheduled => (
            format!("{who} moved a meeting"),
            format!("{what} · now {when}"),
        ),
        Effect::Canceled => {
            let reason = meeting
                .cancel_reason
                .as_deref()
                .filter(|r| !r.trim().is_empty())
                .map(|r| format!(" · “{}”", inert(r)))
                .unwrap_or_default();
            (
                format!("Meeting with {who} canceled"),
                format!("{what} · {when}{reason}"),
            )
        }
        _ => return None,
    };
    Some(MeetingAlert { title, body })
}

fn summary(count: usize) -> MeetingAlert {
    MeetingAlert {
        title: format!("{count} meetings changed"),
        body: "Open Quotla's meetings to see what is new.".into(),
    }
}

/// Booker text made safe for a notification: notification servers may read the body as
/// markup, so angle brackets and ampersands are replaced; control characters become
/// spaces; long values are cut.
fn inert(text: &str) -> String {
    let mapped: String = text
        .chars()
        .map(|c| match c {
            '<' => '‹',
            '>' => '›',
            '&' => '＆',
            c if c.is_control() || invisible(c) => ' ',
            c => c,
        })
        .collect();
    let mapped = mapped.trim();
    let mut out: String = mapped.chars().take(MAX_TEXT).collect();
    if mapped.chars().count() > MAX_TEXT {
        out.push('…');
    }
    out
}

/// Format characters and line separators: bidi overrides (U+202E) could reverse the
/// text a user reads, zero-width ones hide it, and separators break it into lines.
fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::MeetingStatus;
    use crate::zone::TimeZoneSource;

    fn meeting(start: &str) -> Meeting {
        Meeting {
            invitee_uri: "https://api.calendly.com/scheduled_events/E/invitees/I".into(),
            event_uri: "https://api.calendly.com/scheduled_events/E".into(),
            event_type_uri: None,
            event_type_name: Some("Intro call".into()),
            name: Some("Ada Lovelace".into()),
            email: Some("ada@example.com".into()),
            start_time: start.into(),
            end_time: start.into(),
            status: MeetingStatus::Scheduled,
            rescheduled: false,
            rescheduled_from: None,
            rescheduled_to: None,
            moved_to_start_time: None,
            no_show: false,
            canceled_at: None,
            canceled_by: None,
            canceler_type: None,
            cancel_reason: None,
            location_type: None,
            location: None,
            join_url: None,
            questions_and_answers: vec![],
            invitee_timezone: None,
            client_id: None,
            client_name: None,
            quote_id: None,
            quote_number: None,
            invoice_id: None,
            invoice_number: None,
            calendly_user: "https://api.calendly.com/users/U".into(),
        }
    }

    fn berlin() -> UserZone {
        UserZone::named("Europe/Berlin", TimeZoneSource::Setting).unwrap()
    }

    fn now() -> Timestamp {
        "2030-03-20T12:00:00Z".parse().unwrap()
    }

    #[test]
    fn a_booking_ahead_is_announced_in_the_users_zone() {
        // 31 March 2030 is after Europe's DST change: 08:00 UTC is 10:00 in Berlin.
        let alert = alert_for(
            Effect::Booked,
            &meeting("2030-03-31T08:00:00.000000Z"),
            &berlin(),
            now(),
        )
        .unwrap();
        assert_eq!(alert.title, "New meeting with Ada Lovelace");
        assert_eq!(alert.body, "Intro call · Sun 31 Mar, 10:00");
    }

    #[test]
    fn past_meetings_and_quiet_changes_are_not_announced() {
        let past = meeting("2030-03-01T08:00:00Z");
        assert_eq!(alert_for(Effect::Booked, &past, &berlin(), now()), None);
        let ahead = meeting("2030-04-01T08:00:00Z");
        for quiet in [
            Effect::Moved,
            Effect::Updated,
            Effect::NoShowMarked,
            Effect::Unchanged,
        ] {
            assert_eq!(
                alert_for(quiet, &ahead, &berlin(), now()),
                None,
                "{quiet:?}"
            );
        }
        assert_eq!(
            alert_for(Effect::Booked, &meeting("not a time"), &berlin(), now()),
            None
        );
    }

    #[test]
    fn a_cancellation_names_the_reason_and_the_client_quotla_matched() {
        let mut m = meeting("2030-04-01T08:00:00Z");
        m.status = MeetingStatus::Canceled;
        m.client_name = Some("Lovelace Ltd".into());
        m.cancel_reason = Some("Ill today".into());
        let alert = alert_for(Effect::Canceled, &m, &berlin(), now()).unwrap();
        assert_eq!(alert.title, "Meeting with Lovelace Ltd canceled");
        assert_eq!(alert.body, "Intro call · Mon 1 Apr, 10:00 · “Ill today”");
    }

    #[test]
    fn booker_text_cannot_carry_markup_or_flood_the_notification() {
        let mut m = meeting("2030-04-01T08:00:00Z");
        m.name = Some(format!(
            "<b>Eve</b> & <a href=x>co</a>\n{}",
            "x".repeat(10_000)
        ));
        m.event_type_name = Some("<img src=x>".into());
        let alert = alert_for(Effect::Rescheduled, &m, &berlin(), now()).unwrap();
        for text in [&alert.title, &alert.body] {
            assert!(
                !text.contains('<') && !text.contains('>') && !text.contains('&'),
                "{text}"
            );
            assert!(!text.contains('\n'));
        }
        assert!(alert.title.chars().count() < 100, "{}", alert.title);
        assert!(alert.title.starts_with("‹b›Eve‹/b› ＆"));
        m.name = Some("Eve\u{202E}gpj.exe\u{2028}second line\u{200B}".into());
        let alert = alert_for(Effect::Booked, &m, &berlin(), now()).unwrap();
        assert_eq!(alert.title, "New meeting with Eve gpj.exe second line");
    }
}
