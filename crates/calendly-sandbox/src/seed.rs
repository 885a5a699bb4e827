//! Seed data: the account the sandbox serves. Loaded from JSON (`--seed FILE`) or the
//! built-in default, a realistic consultant with a few event types.

use crate::model::{CustomQuestion, Location};
use serde::Deserialize;

/// Which Calendly plan the seeded organization is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Plan {
    /// Webhook subscriptions answer 403; rate limit 50 requests per minute.
    Free,
    /// Webhooks allowed; rate limit 500 requests per minute.
    Paid,
}

impl Plan {
    /// Requests per user per minute, as Calendly documents per plan.
    pub fn rate_limit(self) -> u32 {
        match self {
            Plan::Free => 50,
            Plan::Paid => 500,
        }
    }
}

/// The seeded user.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedUser {
    /// Identifier used in the user's URI; generated when absent.
    #[serde(default)]
    pub uuid: Option<String>,
    pub name: String,
    pub email: String,
    pub slug: String,
    #[serde(default = "default_timezone")]
    pub timezone: String,
    #[serde(default)]
    pub avatar_url: Option<String>,
}

fn default_timezone() -> String {
    "Europe/London".into()
}

/// One seeded event type.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedEventType {
    #[serde(default)]
    pub uuid: Option<String>,
    pub name: String,
    pub slug: String,
    /// Minutes.
    pub duration: u32,
    #[serde(default = "yes")]
    pub active: bool,
    #[serde(default = "default_kind")]
    pub kind: String,
    #[serde(default = "default_color")]
    pub color: String,
    #[serde(default)]
    pub secret: bool,
    #[serde(default)]
    pub description: Option<String>,
    /// Where meetings of this type happen; conference types get a join URL per booking.
    #[serde(default)]
    pub location: Option<Location>,
    #[serde(default)]
    pub custom_questions: Vec<CustomQuestion>,
}

fn yes() -> bool {
    true
}
fn default_kind() -> String {
    "solo".into()
}
fn default_color() -> String {
    "#0069ff".into()
}

/// The whole seed file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Seed {
    pub user: SeedUser,
    #[serde(default)]
    pub organization_uuid: Option<String>,
    #[serde(default = "default_plan")]
    pub plan: Plan,
    pub event_types: Vec<SeedEventType>,
}

fn default_plan() -> Plan {
    Plan::Paid
}

/// First path segments the sandbox serves itself, so a user slug cannot take them.
const RESERVED: &[&str] = &[
    "users",
    "organizations",
    "event_types",
    "scheduling_links",
    "scheduled_events",
    "invitee_no_shows",
    "webhook_subscriptions",
    "oauth",
    "d",
    "cancellations",
    "reschedulings",
    "meet",
    "_sandbox",
];

/// Why a seed file was refused.
#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("cannot read seed file {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("seed file is not valid: {0}")]
    Parse(#[from] serde_json::Error),
    #[error("seed is not valid: {0}")]
    Invalid(String),
}

impl Seed {
    /// Reads and checks a JSON seed file.
    pub fn from_file(path: &std::path::Path) -> Result<Self, SeedError> {
        let text = std::fs::read_to_string(path).map_err(|source| SeedError::Read {
            path: path.display().to_string(),
            source,
        })?;
        Self::from_json(&text)
    }

    /// Parses and checks a JSON seed.
    pub fn from_json(text: &str) -> Result<Self, SeedError> {
        let seed: Seed = serde_json::from_str(text)?;
        seed.validate()?;
        Ok(seed)
    }

    /// Checks what JSON types cannot: slugs, durations, colors, kinds.
    pub fn validate(&self) -> Result<(), SeedError> {
        // Slugs become page paths (`/{user}/{event type}`): plain, and clear of the API's own.
        let plain = |s: &str| {
            (1..=64).contains(&s.len())
                && s.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        };
        if !plain(&self.user.slug) || RESERVED.contains(&self.user.slug.as_str()) {
            return Err(SeedError::Invalid(format!(
                "user slug {:?} must be 1-64 of a-z 0-9 - _ and not one of {RESERVED:?}",
                self.user.slug
            )));
        }
        let mut slugs = std::collections::HashSet::new();
        for et in &self.event_types {
            if !plain(&et.slug) || !slugs.insert(et.slug.as_str()) {
                return Err(SeedError::Invalid(format!(
                    "event type slug {:?} must be unique and 1-64 of a-z 0-9 - _",
                    et.slug
                )));
            }
        }
        if self.event_types.is_empty() {
            return Err(SeedError::Invalid(
                "at least one event type is needed".into(),
            ));
        }
        for et in &self.event_types {
            if et.duration == 0 || et.duration > 24 * 60 {
                return Err(SeedError::Invalid(format!(
                    "event type {:?}: duration must be 1..=1440 minutes",
                    et.slug
                )));
            }
            let hex = et.color.strip_prefix('#').unwrap_or("");
            if hex.len() != 6 || !hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
                return Err(SeedError::Invalid(format!(
                    "event type {:?}: color must look like #a1b2c3",
                    et.slug
                )));
            }
            if !matches!(et.kind.as_str(), "solo" | "group") {
                return Err(SeedError::Invalid(format!(
                    "event type {:?}: kind must be solo or group",
                    et.slug
                )));
            }
        }
        Ok(())
    }
}

impl Default for Seed {
    fn default() -> Self {
        let et = |uuid: &str, name: &str, slug: &str, duration, location, description: &str| {
            SeedEventType {
                uuid: Some(uuid.into()),
                name: name.into(),
                slug: slug.into(),
                duration,
                active: true,
                kind: "solo".into(),
                color: "#0069ff".into(),
                secret: false,
                description: Some(description.into()),
                location: Some(location),
                custom_questions: Vec::new(),
            }
        };
        let mut consult = et(
            "ETCONSULT0000001",
            "30 Minute Consultation",
            "consultation",
            30,
            Location::ZoomConference {
                status: "pushed".into(),
                join_url: None,
                data: None,
            },
            "A first call about your project.",
        );
        consult.custom_questions.push(CustomQuestion {
            name: "What would you like to discuss?".into(),
            kind: "text".into(),
            position: 0,
            enabled: true,
            required: false,
            answer_choices: Vec::new(),
            include_other: false,
        });
        let mut inactive = et(
            "ETARCHIVED000004",
            "Old Intro Call",
            "intro-call",
            15,
            Location::OutboundCall { location: None },
            "No longer offered.",
        );
        inactive.active = false;
        Seed {
            user: SeedUser {
                uuid: Some("QUOTLASANDBOXUSR".into()),
                name: "Morgan Avery".into(),
                email: "morgan@avery-studio.example".into(),
                slug: "morgan-avery".into(),
                timezone: "Europe/London".into(),
                avatar_url: None,
            },
            organization_uuid: Some("QUOTLASANDBOXORG".into()),
            plan: Plan::Paid,
            event_types: vec![
                consult,
                et(
                    "ETSITEVISIT00002",
                    "Site Visit",
                    "site-visit",
                    60,
                    Location::Physical {
                        location: "12 Harbour Street, Bristol".into(),
                        additional_info: Some("Ring the studio bell".into()),
                    },
                    "An on-site walkthrough before the quote.",
                ),
                et(
                    "ETQUOTEREVIEW003",
                    "Quote Review",
                    "quote-review",
                    45,
                    Location::GoogleConference {
                        status: "pushed".into(),
                        join_url: None,
                    },
                    "Go through the quote together.",
                ),
                inactive,
            ],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_seed_is_valid() {
        Seed::default().validate().expect("default seed");
    }

    #[test]
    fn rejects_unknown_fields_and_bad_values() {
        assert!(Seed::from_json("{}").is_err());
        assert!(Seed::from_json(
            r##"{"user":{"name":"a","email":"a@x","slug":"a"},"event_types":[],"x":1}"##
        )
        .is_err());
        let bad_color = r##"{"user":{"name":"a","email":"a@x","slug":"a"},
            "event_types":[{"name":"n","slug":"s","duration":30,"color":"red"}]}"##;
        assert!(matches!(
            Seed::from_json(bad_color),
            Err(SeedError::Invalid(_))
        ));
        let reserved = r##"{"user":{"name":"a","email":"a@x","slug":"oauth"},
            "event_types":[{"name":"n","slug":"s","duration":30}]}"##;
        assert!(matches!(
            Seed::from_json(reserved),
            Err(SeedError::Invalid(_))
        ));
        let dup = r##"{"user":{"name":"a","email":"a@x","slug":"a"},
            "event_types":[{"name":"n","slug":"s","duration":30},{"name":"m","slug":"s","duration":30}]}"##;
        assert!(matches!(Seed::from_json(dup), Err(SeedError::Invalid(_))));
        let path = r##"{"user":{"name":"a","email":"a@x","slug":"a/b"},
            "event_types":[{"name":"n","slug":"s","duration":30}]}"##;
        assert!(matches!(Seed::from_json(path), Err(SeedError::Invalid(_))));
        let ok = r##"{"user":{"name":"a","email":"a@x","slug":"a"},"plan":"free",
            "event_types":[{"name":"n","slug":"s","duration":30,"location":{"type":"physical","location":"here"}}]}"##;
        assert_eq!(Seed::from_json(ok).expect("valid seed").plan, Plan::Free);
    }
}
