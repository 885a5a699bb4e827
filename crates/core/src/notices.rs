//! Notices: outcomes the user must hear about that no command returned, such as a
//! `quotla://` link arriving from the browser (possibly before the window has loaded).
//!
//! Any web page can open `quotla://` links, so a burst of refused links must not bury the
//! screen: a notice equal to the newest queued one is counted on it instead of queued again.

use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::error::ErrorCode;

/// How a notice is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum NoticeLevel {
    Success,
    Error,
}

/// What happened; the UI may branch on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum NoticeCode {
    /// An OAuth callback completed the connection.
    CalendlyConnected,
    /// A `quotla://` link was refused (malformed, forged, replayed or late).
    CalendlyLinkRejected,
    /// The callback was real, but connecting failed (denied, Calendly refused, offline).
    CalendlyConnectFailed,
}

/// One message for the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Notice {
    pub level: NoticeLevel,
    pub code: NoticeCode,
    pub title: String,
    pub message: String,
    /// How many times this same notice arrived in a row (a burst of refused links).
    pub count: u32,
}

impl Notice {
    /// The connection succeeded.
    pub fn connected(email: Option<&str>) -> Self {
        Notice {
            level: NoticeLevel::Success,
            code: NoticeCode::CalendlyConnected,
            title: "Calendly connected".into(),
            message: match email {
                Some(email) => format!("Quotla is connected to Calendly as {email}."),
                None => "Quotla is connected to Calendly.".into(),
            },
            count: 1,
        }
    }

    /// A link was refused before or while matching it to a connection attempt. Titled by
    /// what happened: whatever the connection's state, the link changed nothing.
    pub fn link_rejected(message: String) -> Self {
        Notice {
            level: NoticeLevel::Error,
            code: NoticeCode::CalendlyLinkRejected,
            title: "Link not accepted".into(),
            message,
            count: 1,
        }
    }

    /// A failure of a connection attempt, by the code of its error.
    pub fn connect_failed(code: ErrorCode, message: String) -> Self {
        if code == ErrorCode::CalendlyLinkRejected {
            return Notice::link_rejected(message);
        }
        Notice {
            level: NoticeLevel::Error,
            code: NoticeCode::CalendlyConnectFailed,
            title: "Calendly not connected".into(),
            message,
            count: 1,
        }
    }
}

/// Queued notices, oldest first; bounded so a flood of links cannot grow memory.
#[derive(Debug, Default)]
pub struct Notices(Mutex<Vec<Notice>>);

/// Most notices kept at once.
pub const MAX_QUEUED: usize = 20;

impl Notices {
    /// Queues a notice, folding it into the newest one when they say the same.
    pub fn push(&self, notice: Notice) {
        let mut queue = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(last) = queue.last_mut() {
            if last.code == notice.code
                && last.title == notice.title
                && last.message == notice.message
            {
                last.count = last.count.saturating_add(notice.count);
                return;
            }
        }
        if queue.len() == MAX_QUEUED {
            queue.remove(0);
        }
        queue.push(notice);
    }

    /// Takes every queued notice.
    pub fn take(&self) -> Vec<Notice> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_of_the_same_refusal_is_one_notice() {
        let notices = Notices::default();
        for _ in 0..50 {
            notices.push(Notice::link_rejected("the link is malformed".into()));
        }
        notices.push(Notice::connected(Some("a@example.com")));
        notices.push(Notice::link_rejected("the link is malformed".into()));
        let got = notices.take();
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].count, 50);
        assert_eq!(got[0].title, "Link not accepted");
        assert_eq!(got[1].code, NoticeCode::CalendlyConnected);
        assert_eq!(got[2].count, 1);
        assert!(notices.take().is_empty());
    }

    #[test]
    fn different_refusals_are_bounded() {
        let notices = Notices::default();
        for i in 0..(MAX_QUEUED + 5) {
            notices.push(Notice::link_rejected(format!("reason {i}")));
        }
        let got = notices.take();
        assert_eq!(got.len(), MAX_QUEUED);
        assert_eq!(got[0].message, "reason 5");
    }

    #[test]
    fn a_replayed_callback_is_titled_by_what_happened() {
        let n = Notice::connect_failed(ErrorCode::CalendlyLinkRejected, "late".into());
        assert_eq!(
            (n.code, n.title.as_str()),
            (NoticeCode::CalendlyLinkRejected, "Link not accepted")
        );
        let n = Notice::connect_failed(ErrorCode::CalendlyDenied, "declined".into());
        assert_eq!(n.code, NoticeCode::CalendlyConnectFailed);
    }
}
