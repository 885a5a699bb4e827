//! Calendar dates (`YYYY-MM-DD`) and UTC timestamps as Quotla stores and shows them.

use time::{format_description::FormatItem, macros::format_description, Date};

use crate::error::{CoreError, Result};

const DATE: &[FormatItem<'static>] = format_description!("[year]-[month]-[day]");

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

/// An instant as stored: fixed-width RFC 3339 in UTC, so timestamps sort correctly as text.
pub fn format_timestamp(at: jiff::Timestamp) -> String {
    at.strftime("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

/// A calendar date of the tz-aware clock as the `time` date the models use.
pub fn from_civil(day: jiff::civil::Date) -> Date {
    time::Month::try_from(day.month() as u8)
        .ok()
        .and_then(|month| {
            Date::from_calendar_date(i32::from(day.year()), month, day.day() as u8).ok()
        })
        .unwrap_or(Date::MIN)
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
        let whole: jiff::Timestamp = "2024-01-01T00:00:00Z".parse().unwrap();
        assert_eq!(format_timestamp(whole), "2024-01-01T00:00:00.000000Z");
        let fine: jiff::Timestamp = "2024-12-31T23:59:59.1234567+02:00".parse().unwrap();
        assert_eq!(format_timestamp(fine), "2024-12-31T21:59:59.123456Z");
    }

    #[test]
    fn civil_dates_convert_exactly() {
        let day = jiff::civil::date(2024, 2, 29);
        assert_eq!(format_date(from_civil(day)), "2024-02-29");
    }
}
