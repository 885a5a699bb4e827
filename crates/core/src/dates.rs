//! Calendar dates (`YYYY-MM-DD`) and UTC timestamps as Quotla stores and shows them.

use time::{format_description::FormatItem, macros::format_description, Date, OffsetDateTime};

use crate::error::{CoreError, Result};

const DATE: &[FormatItem<'static>] = format_description!("[year]-[month]-[day]");
/// Fixed-width RFC 3339 in UTC, so stored timestamps sort correctly as text.
const TIMESTAMP: &[FormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z");

/// Parses a `YYYY-MM-DD` input date; `field` names it in the error.
pub fn parse_date(field: &str, value: &str) -> Result<Date> {
    let value = value.trim();
    if value.len() != 10 {
        return Err(CoreError::field(field, "dates are written YYYY-MM-DD"));
    }
    Date::parse(value, DATE)
        .map_err(|_| CoreError::field(field, format!("'{value}' is not a valid date (YYYY-MM-DD)")))
}

/// Formats a date as `YYYY-MM-DD`.
pub fn format_date(date: Date) -> String {
    date.format(DATE).unwrap_or_else(|_| {
        format!(
            "{:04}-{:02}-{:02}",
            date.year(),
            date.month() as u8,
            date.day()
        )
    })
}

/// The current time as a fixed-width RFC 3339 UTC string.
pub fn now_timestamp() -> String {
    let now = OffsetDateTime::now_utc();
    now.format(TIMESTAMP)
        .unwrap_or_else(|_| format!("{}", now.unix_timestamp()))
}

/// Today in UTC: the default clock when the caller supplies no local date.
pub fn today_utc() -> Date {
    OffsetDateTime::now_utc().date()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_and_reject_garbage() {
        let d = parse_date("due_date", "2024-02-29").unwrap();
        assert_eq!(format_date(d), "2024-02-29");
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "24-01-01",
            "2024-1-1",
            "",
            "tomorrow",
            "2024-01-01T00:00",
        ] {
            assert!(
                matches!(parse_date("due_date", bad), Err(CoreError::Validation { field: Some(ref f), .. }) if f == "due_date"),
                "{bad} accepted"
            );
        }
    }

    #[test]
    fn timestamps_are_fixed_width_utc() {
        let t = now_timestamp();
        assert_eq!(t.len(), "2024-01-01T00:00:00.000000Z".len());
        assert!(t.ends_with('Z'));
    }
}
