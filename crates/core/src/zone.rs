//! The user's time zone. Core owns it so that "today", "tomorrow" and date filters mean the
//! same thing in the app, the CLI and the UI (which formats with `Intl` in the zone core
//! reports). Chosen in this order: the saved setting, the `TZ` variable, the OS's zone,
//! UTC. Names are looked up in the tz database bundled with Quotla, never the machine's,
//! so the rules (and tests) are the same everywhere.

use jiff::civil::Date as CivilDate;
use jiff::tz::TimeZone;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::error::{CoreError, Result};

/// Where the zone in force came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum TimeZoneSource {
    /// Chosen in Settings.
    Setting,
    /// The `TZ` environment variable.
    Environment,
    /// The operating system's zone (or UTC when it has none Quotla recognises).
    System,
}

/// A resolved zone: its IANA name (what `Intl` takes) and its rules.
#[derive(Debug, Clone)]
pub struct UserZone {
    name: String,
    tz: TimeZone,
    source: TimeZoneSource,
}

impl UserZone {
    /// The IANA name, e.g. `Europe/Berlin`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Where it came from.
    pub fn source(&self) -> TimeZoneSource {
        self.source
    }

    /// The calendar date of `at` in this zone.
    pub fn date_of(&self, at: Timestamp) -> CivilDate {
        self.tz.to_datetime(at).date()
    }

    /// `at` written in this zone with a strftime pattern, e.g. "Tue 10 Mar, 14:00".
    pub fn format(&self, at: Timestamp, pattern: &str) -> String {
        self.tz.to_datetime(at).strftime(pattern).to_string()
    }

    /// The first instant of `day` in this zone (midnight, or the first instant after a
    /// DST gap that skips it).
    pub fn start_of_day(&self, day: time::Date) -> crate::Result<Timestamp> {
        let civil = jiff::civil::date(
            i16::try_from(day.year())
                .map_err(|_| crate::CoreError::invalid("year out of range"))?,
            u8::from(day.month()) as i8,
            day.day() as i8,
        );
        civil
            .to_zoned_datetime(self.tz.clone())
            .and_then(|z| z.start_of_day())
            .map(|z| z.timestamp())
            .map_err(|_| crate::CoreError::invalid("date out of range"))
    }

    /// UTC, for stores opened without a zone.
    pub fn utc() -> Self {
        UserZone {
            name: "UTC".into(),
            tz: TimeZone::UTC,
            source: TimeZoneSource::System,
        }
    }

    /// A zone by IANA name, as a setting would choose it.
    pub fn named(name: &str, source: TimeZoneSource) -> Result<Self> {
        let name = name.trim();
        let tz = (!name.is_empty() && name.len() <= 64)
            .then(|| jiff::tz::db().get(name).ok())
            .flatten()
            .ok_or_else(|| {
                CoreError::field(
                    "time_zone",
                    "Choose a time zone from the list (e.g. Europe/Berlin).",
                )
            })?;
        Ok(UserZone {
            name: tz.iana_name().unwrap_or(name).to_string(),
            tz,
            source,
        })
    }

    /// Resolves the zone from the saved setting, the `TZ` value and the OS's zone name, in
    /// that order. A value that names no zone is skipped (and logged), never fatal.
    pub fn resolve(setting: Option<&str>, env_tz: Option<&str>, system: Option<&str>) -> Self {
        if let Some(name) = setting {
            match UserZone::named(name, TimeZoneSource::Setting) {
                Ok(zone) => return zone,
                Err(_) => tracing::warn!("the saved time zone is unknown; using the next choice"),
            }
        }
        // `TZ=:Europe/Berlin` is the POSIX spelling of a name; POSIX rule strings such as
        // `CET-1CEST` have no IANA name the UI could use, so they are skipped.
        if let Some(value) = env_tz.map(|v| v.trim_start_matches(':')) {
            if let Ok(zone) = UserZone::named(value, TimeZoneSource::Environment) {
                return zone;
            }
            if !value.is_empty() {
                tracing::warn!("TZ names no known time zone; using the system's");
            }
        }
        system
            .and_then(|name| UserZone::named(name, TimeZoneSource::System).ok())
            .unwrap_or_else(UserZone::utc)
    }

    /// Resolves with this process's `TZ` and the OS's zone.
    pub fn from_environment(setting: Option<&str>) -> Self {
        let env_tz = std::env::var("TZ").ok();
        // With TZ unset, jiff reads the OS's zone (e.g. /etc/localtime, the Windows registry).
        let system = TimeZone::try_system()
            .ok()
            .and_then(|tz| tz.iana_name().map(str::to_string));
        UserZone::resolve(setting, env_tz.as_deref(), system.as_deref())
    }
}

/// The zone facts the UI formats with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct AppContext {
    /// IANA name of the zone core uses.
    pub time_zone: String,
    pub time_zone_source: TimeZoneSource,
    /// Today in that zone, `YYYY-MM-DD`.
    pub today: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn setting_beats_tz_beats_system() {
        let zone = UserZone::resolve(
            Some("Asia/Tokyo"),
            Some("Europe/Berlin"),
            Some("America/New_York"),
        );
        assert_eq!(
            (zone.name(), zone.source()),
            ("Asia/Tokyo", TimeZoneSource::Setting)
        );
        let zone = UserZone::resolve(None, Some(":Europe/Berlin"), Some("America/New_York"));
        assert_eq!(
            (zone.name(), zone.source()),
            ("Europe/Berlin", TimeZoneSource::Environment)
        );
        let zone = UserZone::resolve(None, None, Some("America/New_York"));
        assert_eq!(
            (zone.name(), zone.source()),
            ("America/New_York", TimeZoneSource::System)
        );
    }

    #[test]
    fn unknown_values_fall_through_to_the_next_choice() {
        let zone = UserZone::resolve(Some("Mars/Olympus"), Some("CET-1CEST"), Some("Nowhere"));
        assert_eq!(
            (zone.name(), zone.source()),
            ("UTC", TimeZoneSource::System)
        );
        for bad in [
            "",
            "  ",
            "../../etc/passwd",
            &"A".repeat(500),
            "Europe/Berlin\0",
        ] {
            let err = UserZone::named(bad, TimeZoneSource::Setting).unwrap_err();
            assert!(
                matches!(err, CoreError::Validation { field: Some(ref f), .. } if f == "time_zone"),
                "{bad:?} accepted"
            );
        }
    }

    #[test]
    fn today_follows_the_zone_across_a_dst_change() {
        let berlin = UserZone::named("Europe/Berlin", TimeZoneSource::Setting).unwrap();
        // 2025-03-30: clocks go from 02:00 to 03:00 in Berlin (UTC+1 → UTC+2).
        let before: Timestamp = "2025-03-29T22:59:00Z".parse().unwrap();
        let after: Timestamp = "2025-03-29T23:00:00Z".parse().unwrap();
        assert_eq!(berlin.date_of(before).to_string(), "2025-03-29");
        assert_eq!(berlin.date_of(after).to_string(), "2025-03-30");
        // After the change the day starts at 22:00 UTC.
        let summer: Timestamp = "2025-04-01T22:00:00Z".parse().unwrap();
        assert_eq!(berlin.date_of(summer).to_string(), "2025-04-02");
        let tokyo = UserZone::named("Asia/Tokyo", TimeZoneSource::Setting).unwrap();
        assert_eq!(tokyo.date_of(before).to_string(), "2025-03-30");
    }
}
