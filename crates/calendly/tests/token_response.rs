//! Token responses come from outside: odd or hostile values must never panic.

use calendly::oauth::{CalendlyTokenResponse, Scopes, TokenSet};
use time::{Duration, OffsetDateTime};

fn parse(json: &str) -> CalendlyTokenResponse {
    serde_json::from_str(json).expect("token response parses")
}

#[test]
fn a_created_at_at_the_end_of_time_keeps_the_local_expiry() {
    let now = OffsetDateTime::now_utc();
    let response = parse(
        r#"{"access_token":"a","token_type":"Bearer","expires_in":7200,
            "refresh_token":"r","created_at":253402300799,"scope":"users:read"}"#,
    );
    let tokens = TokenSet::from_response(&response, &Scopes::product(), now);
    assert_eq!(tokens.expires_at, now + Duration::seconds(7200));
}

#[test]
fn an_old_created_at_makes_the_token_expire_early() {
    let now = OffsetDateTime::now_utc();
    let issued = (now - Duration::seconds(7000)).unix_timestamp();
    let response = parse(&format!(
        r#"{{"access_token":"a","token_type":"Bearer","expires_in":7200,"created_at":{issued}}}"#
    ));
    let tokens = TokenSet::from_response(&response, &Scopes::product(), now);
    assert!(tokens.expires_at < now + Duration::seconds(300));
    assert!(tokens.expires_within(now, std::time::Duration::from_secs(300)));
}
