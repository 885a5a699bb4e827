//! Counters exported at `/metrics` in the Prometheus text format.

use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};

/// Why a webhook was refused; each reason is one `reason` label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rejection {
    NotFound,
    Gone,
    BadSignature,
    Stale,
    TooLarge,
    BadJson,
    Forbidden,
    RateLimited,
    Unavailable,
}

impl Rejection {
    const ALL: [Rejection; 9] = [
        Rejection::NotFound,
        Rejection::Gone,
        Rejection::BadSignature,
        Rejection::Stale,
        Rejection::TooLarge,
        Rejection::BadJson,
        Rejection::Forbidden,
        Rejection::RateLimited,
        Rejection::Unavailable,
    ];

    fn label(self) -> &'static str {
        match self {
            Rejection::NotFound => "not_found",
            Rejection::Gone => "gone",
            Rejection::BadSignature => "bad_signature",
            Rejection::Stale => "stale",
            Rejection::TooLarge => "too_large",
            Rejection::BadJson => "bad_json",
            Rejection::Forbidden => "forbidden",
            Rejection::RateLimited => "rate_limited",
            Rejection::Unavailable => "unavailable",
        }
    }
}

/// Process-wide counters; cheap atomic increments on the hot path.
#[derive(Debug, Default)]
pub struct Metrics {
    pub received: AtomicU64,
    pub stored: AtomicU64,
    pub duplicates: AtomicU64,
    /// Group-commit transactions; webhooks stored per commit shows the batching at work.
    pub commits: AtomicU64,
    pub delivered: AtomicU64,
    pub acked: AtomicU64,
    pub expired: AtomicU64,
    pub inboxes_created: AtomicU64,
    pub inboxes_purged: AtomicU64,
    rejected: [AtomicU64; 9],
}

impl Metrics {
    pub fn add(counter: &AtomicU64, n: u64) {
        counter.fetch_add(n, Ordering::Relaxed);
    }

    pub fn reject(&self, reason: Rejection) {
        let index = Rejection::ALL
            .iter()
            .position(|r| *r == reason)
            .unwrap_or(0);
        self.rejected[index].fetch_add(1, Ordering::Relaxed);
    }

    /// Renders every counter, plus the long poll gauges given by the caller.
    pub fn render(&self, open_long_polls: usize, long_polls_waiting: usize) -> String {
        let mut out = String::with_capacity(2048);
        let counters = [
            (
                "webhooks_received",
                "Webhook requests received.",
                &self.received,
            ),
            ("webhooks_stored", "Webhooks stored durably.", &self.stored),
            (
                "commits",
                "Group-commit transactions of webhooks.",
                &self.commits,
            ),
            (
                "webhooks_duplicate",
                "Replayed webhooks answered without storing.",
                &self.duplicates,
            ),
            (
                "events_delivered",
                "Events handed to consumers.",
                &self.delivered,
            ),
            (
                "events_acked",
                "Events acknowledged and deleted.",
                &self.acked,
            ),
            (
                "events_expired",
                "Unacknowledged events deleted by retention.",
                &self.expired,
            ),
            (
                "inboxes_created",
                "Inboxes registered.",
                &self.inboxes_created,
            ),
            (
                "inboxes_purged",
                "Idle inboxes purged to tombstones.",
                &self.inboxes_purged,
            ),
        ];
        for (name, help, value) in counters {
            let _ = writeln!(
                out,
                "# HELP quotla_relay_{name}_total {help}\n# TYPE quotla_relay_{name}_total counter\nquotla_relay_{name}_total {}",
                value.load(Ordering::Relaxed)
            );
        }
        out.push_str("# HELP quotla_relay_webhooks_rejected_total Webhooks refused, by reason.\n");
        out.push_str("# TYPE quotla_relay_webhooks_rejected_total counter\n");
        for (reason, value) in Rejection::ALL.iter().zip(&self.rejected) {
            let _ = writeln!(
                out,
                "quotla_relay_webhooks_rejected_total{{reason=\"{}\"}} {}",
                reason.label(),
                value.load(Ordering::Relaxed)
            );
        }
        let _ = writeln!(
            out,
            "# HELP quotla_relay_open_long_polls Long polls parked right now.\n# TYPE quotla_relay_open_long_polls gauge\nquotla_relay_open_long_polls {open_long_polls}"
        );
        let _ = writeln!(
            out,
            "# HELP quotla_relay_long_polls_waiting Parked long polls whose last read found nothing, waiting for a commit.\n# TYPE quotla_relay_long_polls_waiting gauge\nquotla_relay_long_polls_waiting {long_polls_waiting}"
        );
        out
    }
}
