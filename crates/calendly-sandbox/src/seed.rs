//! Seed data: the accounts the sandbox serves. Loaded from JSON (`--seed FILE`) or the
//! built-in default, a realistic consultant with a few event types and a colleague in the
//! same organization.

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
    /// Invitees per slot of a `group` event type (default [`DEFAULT_GROUP_LIMIT`]); a
    /// `solo` one takes one.
    #[serde(default)]
    pub max_invitees: Option<u32>,
}

/// Invitees per slot of a group event type whose seed does not say.
pub const DEFAULT_GROUP_LIMIT: u32 = 10;

impl SeedEventType {
    /// How many invitees one scheduled event of this type holds.
    pub fn invitee_limit(&self) -> u32 {
        match (self.kind.as_str(), self.max_invitees) {
            ("group", Some(n)) => n,
            ("group", None) => DEFAULT_GROUP_LIMIT,
            _ => 1,
        }
    }
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
    /// A colleague in the same organization, so tests can act as a foreign user.
    #[serde(default)]
    pub second_user: Option<SeedSecondUser>,
}

/// The second seeded user: the same shape as the seed's own `user` + `event_types`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedSecondUser {
    pub user: SeedUser,
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

    /// Checks what JSON types cannot: slugs, identifiers, durations, colors, kinds, limits.
    pub fn validate(&self) -> Result<(), SeedError> {
        let mut accounts = vec![(&self.user, &self.event_types)];
        if let Some(second) = &self.second_user {
            if second.user.slug == self.user.slug {
                return Err(SeedError::Invalid(
                    "the second user needs a slug of their own".into(),
                ));
            }
            accounts.push((&second.user, &second.event_types));
        }
        // Identifiers become URI path segments and must name one thing each.
        let mut ids = std::collections::HashSet::new();
        let all_ids = accounts
            .iter()
            .flat_map(|(u, ets)| std::iter::once(&u.uuid).chain(ets.iter().map(|et| &et.uuid)))
            .chain(std::iter::once(&self.organization_uuid))
            .flatten();
        for id in all_ids {
            if !plain_id(id) || !ids.insert(id.as_str()) {
                return Err(SeedError::Invalid(format!(
                    "identifier {id:?} must be unique and 1-64 of A-Z a-z 0-9 - _"
                )));
            }
        }
        for (user, event_types) in accounts {
            validate_account(user, event_types)?;
        }
        Ok(())
    }
}

/// Slugs become page paths (`/{user}/{event type}`): plain, and clear of the API's own.
fn plain_slug(s: &str) -> bool {
    (1..=64).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

fn plain_id(s: &str) -> bool {
    (1..=64).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn validate_account(user: &SeedUser, event_types: &[SeedEventType]) -> Result<(), SeedError> {
    if !plain_slug(&user.slug) || RESERVED.contains(&user.slug.as_str()) {
        return Err(SeedError::Invalid(format!(
            "user slug {:?} must be 1-64 of a-z 0-9 - _ and not one of {RESERVED:?}",
            user.slug
        )));
    }
    let mut slugs = std::collections::HashSet::new();
    for et in event_types {
        if !plain_slug(&et.slug) || !slugs.insert(et.slug.as_str()) {
            return Err(SeedError::Invalid(format!(
                "event type slug {:?} must be unique and 1-64 of a-z 0-9 - _",
                et.slug
            )));
        }
    }
    if event_types.is_empty() {
        return Err(SeedError::Invalid(format!(
            "user {:?} needs at least one event type",
            user.slug
        )));
    }
    for et in event_types {
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
        match (et.kind.as_str(), et.max_invitees) {
            ("solo", None | Some(1)) => {}
            ("solo", Some(_)) => {
                return Err(SeedError::Invalid(format!(
                    "event type {:?}: only group event types take max_invitees",
                    et.slug
                )))
            }
            ("group", None) => {}
            ("group", Some(n)) if (1..=1000).contains(&n) => {}
            ("group", Some(_)) => {
                return Err(SeedError::Invalid(format!(
                    "event type {:?}: max_invitees must be 1..=1000",
                    et.slug
                )))
            }
            _ => {
                return Err(SeedError::Invalid(format!(
                    "event type {:?}: kind must be solo or group",
                    et.slug
                )))
            }
        }
    }
    Ok(())
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
                max_invitees: None,
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
        let mut workshop = et(
            "ETGROUPWORKSHOP5",
            "Group Workshop",
            "group-workshop",
            90,
            Location::ZoomConference {
                status: "pushed".into(),
                join_url: None,
                data: None,
            },
            "A hands-on session for up to five people.",
        );
        workshop.kind = "group".into();
        workshop.max_invitees = Some(5);
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
                workshop,
            ],
            second_user: Some(SeedSecondUser {
                user: SeedUser {
                    uuid: Some("QUOTLASECONDUSR1".into()),
                    name: "Second Host".into(),
                    email: "second.host@avery-studio.example".into(),
                    slug: "second-host".into(),
                    timezone: "Europe/London".into(),
                    avatar_url: None,
                },
                event_types: vec![et(
                    "ETDISCOVERY00006",
                    "Discovery Call",
                    "discovery-call",
                    20,
                    Location::GoogleConference {
                        status: "pushed".into(),
                        join_url: None,
                    },
                    "A short first call with the second host.",
                )],
            }),
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

    #[test]
    fn checks_group_limits_second_users_and_identifiers() {
        let user = r##""user":{"name":"a","email":"a@x","slug":"a"}"##;
        let et = |extra: &str| {
            format!(
                r##"{{{user},"event_types":[{{"name":"n","slug":"s","duration":30{extra}}}]}}"##
            )
        };
        let group = Seed::from_json(&et(r#","kind":"group""#)).expect("group");
        assert_eq!(group.event_types[0].invitee_limit(), DEFAULT_GROUP_LIMIT);
        let five = Seed::from_json(&et(r#","kind":"group","max_invitees":5"#)).expect("five");
        assert_eq!(five.event_types[0].invitee_limit(), 5);
        for bad in [
            r#","max_invitees":3"#,
            r#","kind":"group","max_invitees":0"#,
            r#","kind":"group","max_invitees":100000"#,
            r#","kind":"group","max_invitees":-1"#,
            r#","kind":"round_robin""#,
            r#","uuid":"a/b""#,
            r#","uuid":"""#,
        ] {
            assert!(Seed::from_json(&et(bad)).is_err(), "{bad}");
        }
        let second = |u: &str| {
            format!(
                r##"{{{user},"event_types":[{{"name":"n","slug":"s","duration":30}}],
                "second_user":{{"user":{u},"event_types":[{{"name":"m","slug":"s","duration":20}}]}}}}"##
            )
        };
        let ok = Seed::from_json(&second(r#"{"name":"b","email":"b@x","slug":"b"}"#))
            .expect("second user");
        assert_eq!(ok.second_user.expect("second").user.slug, "b");
        for bad in [
            r#"{"name":"b","email":"b@x","slug":"a"}"#,
            r#"{"name":"b","email":"b@x","slug":"users"}"#,
            r#"{"name":"b","email":"b@x","slug":"b","extra":1}"#,
        ] {
            assert!(Seed::from_json(&second(bad)).is_err(), "{bad}");
        }
        let same_uuid = r##"{"user":{"name":"a","email":"a@x","slug":"a","uuid":"X"},
            "event_types":[{"name":"n","slug":"s","duration":30,"uuid":"X"}]}"##;
        assert!(Seed::from_json(same_uuid).is_err());
    }
}
