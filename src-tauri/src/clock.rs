//! "Today" in the user's local time zone, for derived statuses (expired, overdue).

use time::{Date, OffsetDateTime};

/// Today's local date; falls back to UTC where the local offset cannot be read.
pub fn local_today() -> Date {
    let now = OffsetDateTime::now_utc();
    match local_offset_seconds(now.unix_timestamp())
        .and_then(|s| time::UtcOffset::from_whole_seconds(s).ok())
    {
        Some(offset) => now.to_offset(offset).date(),
        None => now.date(),
    }
}

/// The local UTC offset at `timestamp` from the C library's time zone database. `time`'s own
/// local-offset support is off in this workspace, and this is the same call it would make.
#[cfg(unix)]
fn local_offset_seconds(timestamp: i64) -> Option<i32> {
    let t = libc::time_t::try_from(timestamp).ok()?;
    // SAFETY: `tm` is a plain C struct for which all-zero is a valid value, and
    // `localtime_r` is the re-entrant variant that writes only into the buffer we pass.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    let result = unsafe { libc::localtime_r(&t, &mut tm) };
    if result.is_null() {
        return None;
    }
    i32::try_from(tm.tm_gmtoff).ok()
}

#[cfg(not(unix))]
fn local_offset_seconds(_timestamp: i64) -> Option<i32> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_today_is_within_a_day_of_utc() {
        let utc = OffsetDateTime::now_utc().date();
        let local = local_today();
        assert!((local - utc).whole_days().abs() <= 1, "{local} vs {utc}");
    }
}
