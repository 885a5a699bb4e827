//! Scope rules: `:write` implies `:read`, `default` is full access, and token sets redact.

use calendly::oauth::{Scope, Scopes, TokenSet};
use calendly::Secret;
use time::macros::datetime;

#[test]
fn write_implies_read_and_default_is_everything() {
    let granted = Scopes::parse("users:read scheduled_events:write  webhooks:write");
    assert!(granted.has(&Scope::USERS_READ));
    assert!(granted.has(&Scope::SCHEDULED_EVENTS_READ));
    assert!(granted.has(&Scope::SCHEDULED_EVENTS_WRITE));
    assert!(granted.has(&Scope::WEBHOOKS_READ));
    assert!(!granted.has(&Scope::EVENT_TYPES_READ));
    assert!(!granted.has(&Scope::SCHEDULING_LINKS_WRITE));
    // `:read` does not imply `:write`, and a prefix is not a resource.
    assert!(!Scopes::parse("users:read").has(&Scope::new("users:write")));
    assert!(!Scopes::parse("events:write").has(&Scope::new("scheduled_events:read")));
    assert_eq!(
        granted.missing(&Scopes::product()),
        Scopes::parse("event_types:read scheduling_links:write")
    );
    let legacy = Scopes::parse("default");
    assert!(legacy.has(&Scope::new("anything:write")));
    assert!(legacy.missing(&Scopes::product()).is_empty());
    assert!(!Scopes::parse("").has(&Scope::USERS_READ));
    // Sets: order and repeats do not matter.
    assert_eq!(
        Scopes::parse("b:read a:read b:read"),
        Scopes::parse("a:read b:read")
    );
    assert_eq!(Scopes::parse("a:read a:read").to_string(), "a:read");
    assert_ne!(Scopes::parse("a:read"), Scopes::parse("a:read b:read"));
    assert_eq!(
        Scopes::product().to_string(),
        "users:read event_types:read scheduling_links:write scheduled_events:write webhooks:write"
    );
}

#[test]
fn token_set_debug_redacts_and_serde_round_trips() {
    let tokens = TokenSet {
        access_token: Secret::new("access-secret-value"),
        refresh_token: Some(Secret::new("refresh-secret-value")),
        expires_at: datetime!(2030-01-01 00:00:00 UTC),
        scopes: Scopes::product(),
        owner: Some("https://api.calendly.com/users/U".into()),
        organization: None,
    };
    let debug = format!("{tokens:?}");
    assert!(!debug.contains("secret-value"), "{debug}");
    assert!(debug.contains("[redacted]") && debug.contains("users/U"));
    // Serialisation (for the keyring) keeps everything.
    let json = serde_json::to_string(&tokens).unwrap();
    let back: TokenSet = serde_json::from_str(&json).unwrap();
    assert_eq!(back.access_token.expose(), "access-secret-value");
    assert_eq!(back.refresh_token.unwrap().expose(), "refresh-secret-value");
    assert_eq!(back.scopes, Scopes::product());
    assert_eq!(back.expires_at, tokens.expires_at);
    assert!(tokens.expires_within(
        datetime!(2029-12-31 23:55:00 UTC),
        std::time::Duration::from_secs(600)
    ));
    assert!(!tokens.expires_within(
        datetime!(2029-12-31 23:00:00 UTC),
        std::time::Duration::from_secs(600)
    ));
}
