//! The sandbox clock: wall time plus an offset that tests move forward, so expiry of codes,
//! tokens and rate-limit windows can be tested without sleeping.

use std::sync::Mutex;
use time::{Duration, OffsetDateTime};

/// Wall-clock time shifted by an adjustable offset.
#[derive(Debug, Default)]
pub struct Clock {
    offset: Mutex<Duration>,
}

impl Clock {
    /// The sandbox's idea of now.
    pub fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc() + self.offset()
    }

    /// How far the clock has been moved ahead of wall time.
    pub fn offset(&self) -> Duration {
        *self.offset.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Moves the clock forward; a negative step is ignored (time never runs backwards).
    pub fn advance(&self, by: Duration) {
        if by.is_positive() {
            *self.offset.lock().unwrap_or_else(|e| e.into_inner()) += by;
        }
    }
}

/// Calendly's timestamp form: UTC, RFC 3339, microseconds, `Z`.
pub fn format(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        t.microsecond()
    )
}

/// Parses an RFC 3339 timestamp as sent in query parameters and control requests.
pub fn parse(s: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).ok()
}

/// Serde adapter writing [`OffsetDateTime`] in Calendly's form.
pub mod ts {
    use serde::Serializer;
    use time::OffsetDateTime;

    pub fn serialize<S: Serializer>(t: &OffsetDateTime, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::format(*t))
    }

    /// The same for optional timestamps (`null` when absent).
    pub mod option {
        use serde::Serializer;
        use time::OffsetDateTime;

        pub fn serialize<S: Serializer>(
            t: &Option<OffsetDateTime>,
            s: S,
        ) -> Result<S::Ok, S::Error> {
            match t {
                Some(t) => s.serialize_str(&super::super::format(*t)),
                None => s.serialize_none(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn formats_with_microseconds_and_z() {
        assert_eq!(
            format(datetime!(2020-01-02 03:04:05.678123 UTC)),
            "2020-01-02T03:04:05.678123Z"
        );
        assert_eq!(
            format(datetime!(2020-01-02 05:04:05 +02:00)),
            "2020-01-02T03:04:05.000000Z"
        );
    }

    #[test]
    fn advance_moves_forward_only() {
        let c = Clock::default();
        c.advance(Duration::hours(2));
        c.advance(Duration::hours(-5));
        assert_eq!(c.offset(), Duration::hours(2));
    }
}
