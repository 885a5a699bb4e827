//! `CalendlyClient` and `OAuthClient` against a scripted local server: request shapes,
//! paging, error mapping, retries — including faults the sandbox cannot produce.

mod common;

use std::time::{Duration, Instant};

use calendly::client::{
    EventTypesQuery, InviteesQuery, NewWebhookSubscription, ScheduledEventsQuery,
    WebhookSubscriptionsQuery,
};
use calendly::model::{EventStatus, InviteeStatus};
use calendly::oauth::{OAuthClient, OAuthConfig, Scopes, TokenSet};
use calendly::{CalendlyClient, ClientConfig, Error, ForbiddenReason, RetryPolicy, Secret};
use common::{Reply, Scripted};
use serde_json::json;
use time::macros::datetime;

fn fast_retry(max_retries: u32) -> RetryPolicy {
    RetryPolicy {
        max_retries,
        base_delay: Duration::from_millis(5),
        max_delay: Duration::from_secs(5),
    }
}

fn client(base: &str, retry: RetryPolicy) -> CalendlyClient {
    CalendlyClient::with_config(
        ClientConfig {
            api_base: base.to_owned(),
            retry,
            ..ClientConfig::default()
        },
        Secret::new("test-access-token"),
    )
    .unwrap()
}

fn user_json() -> serde_json::Value {
    json!({"resource": {"uri": "https://api.calendly.com/users/U1", "name": "Ada", "email": "ada@example.com",
                        "current_organization": "https://api.calendly.com/organizations/O1"}})
}

fn page(
    items: serde_json::Value,
    next_page: Option<&str>,
    next_token: Option<&str>,
) -> serde_json::Value {
    json!({"collection": items, "pagination": {"count": 2, "next_page": next_page, "previous_page": null,
                                               "next_page_token": next_token, "previous_page_token": null}})
}

#[tokio::test]
async fn bearer_token_base_path_and_shared_token_updates() {
    let (server, base) = Scripted::start(vec![
        Reply::json(200, user_json()),
        Reply::json(200, user_json()),
    ])
    .await;
    // A base with a path prefix and no trailing slash keeps its prefix.
    let c = client(&format!("{base}/v2"), RetryPolicy::none());
    let me = c.current_user().await.unwrap();
    assert_eq!(me.uri, "https://api.calendly.com/users/U1");
    assert_eq!(
        me.current_organization.as_deref(),
        Some("https://api.calendly.com/organizations/O1")
    );
    // A clone shares the token: refreshing once updates every task's client.
    let clone = c.clone();
    c.set_access_token(Secret::new("rotated-token"));
    clone.current_user().await.unwrap();
    let seen = server.seen();
    assert_eq!(seen[0].path, "/v2/users/me");
    assert_eq!(seen[0].headers["authorization"], "Bearer test-access-token");
    assert_eq!(seen[1].headers["authorization"], "Bearer rotated-token");
    assert!(!format!("{c:?}").contains("token"), "Debug shows no token");
}

#[tokio::test]
async fn paging_builds_next_request_from_token_against_base_never_next_page() {
    let et =
        |id: &str| json!({"uri": format!("https://api.calendly.com/event_types/{id}"), "name": id});
    let (server, base) = Scripted::start(vec![
        // next_page points at another host: it must not be followed.
        Reply::json(
            200,
            page(
                json!([et("A"), et("B")]),
                Some("http://elsewhere.invalid/event_types?page_token=EVIL"),
                Some("T2"),
            ),
        ),
        // An older answer with only `next_page`: its token is used, against our base.
        Reply::json(
            200,
            page(
                json!([et("C")]),
                Some("http://elsewhere.invalid/event_types?count=2&page_token=T3"),
                None,
            ),
        ),
        Reply::json(200, page(json!([et("D")]), None, None)),
    ])
    .await;
    let c = client(&base, RetryPolicy::none());
    let mut query = EventTypesQuery::active_of_user("https://api.calendly.com/users/U1");
    query.count = Some(2);
    let all = c.event_types(&query).all().await.unwrap();
    let names: Vec<_> = all.iter().map(|e| e.name.clone().unwrap()).collect();
    assert_eq!(names, ["A", "B", "C", "D"]);
    let seen = server.seen();
    assert_eq!(seen.len(), 3);
    for s in &seen {
        assert_eq!(s.path, "/event_types");
        assert_eq!(s.param("user"), Some("https://api.calendly.com/users/U1"));
        assert_eq!(s.param("active"), Some("true"));
        assert_eq!(s.param("count"), Some("2"));
    }
    assert_eq!(seen[0].param("page_token"), None);
    assert_eq!(seen[1].param("page_token"), Some("T2"));
    assert_eq!(seen[2].param("page_token"), Some("T3"));
}

#[tokio::test]
async fn paginator_pages_resumes_and_stops_on_a_token_loop() {
    let ev = json!([{"uri": "https://api.calendly.com/scheduled_events/E1"}]);
    let (server, base) = Scripted::start(vec![
        Reply::json(200, page(ev.clone(), None, Some("SAME"))),
        Reply::json(200, page(ev.clone(), None, Some("SAME"))),
    ])
    .await;
    let c = client(&base, RetryPolicy::none());
    let mut pages = c
        .scheduled_events(&ScheduledEventsQuery::default())
        .starting_at("SAVED");
    assert_eq!(pages.next_token(), Some("SAVED"));
    let first = pages.next_page().await.unwrap().unwrap();
    assert_eq!(
        first.collection[0].uri,
        "https://api.calendly.com/scheduled_events/E1"
    );
    assert_eq!(pages.next_token(), Some("SAME"));
    let e = pages.next_page().await.unwrap_err();
    assert!(matches!(e, Error::InvalidResponse(_)), "{e:?}");
    assert_eq!(server.seen()[0].param("page_token"), Some("SAVED"));
}

#[tokio::test]
async fn scheduled_events_filters_are_sent_as_calendly_expects() {
    let (server, base) = Scripted::start(vec![Reply::json(200, page(json!([]), None, None))]).await;
    let c = client(&base, RetryPolicy::none());
    let q = ScheduledEventsQuery {
        user: Some("https://api.calendly.com/users/U1".into()),
        min_start_time: Some(datetime!(2026-01-02 03:04:05.678123 UTC)),
        max_start_time: Some(datetime!(2026-02-01 00:00:00 +01:00)),
        status: Some(EventStatus::Canceled),
        invitee_email: Some("a+b@example.com".into()),
        sort: Some("start_time:asc".into()),
        count: Some(500),
        ..Default::default()
    };
    assert!(c.scheduled_events(&q).all().await.unwrap().is_empty());
    let s = &server.seen()[0];
    assert_eq!(s.path, "/scheduled_events");
    assert_eq!(
        s.param("min_start_time"),
        Some("2026-01-02T03:04:05.678123Z")
    );
    assert_eq!(s.param("max_start_time"), Some("2026-01-31T23:00:00Z"));
    assert_eq!(s.param("status"), Some("canceled"));
    assert_eq!(s.param("invitee_email"), Some("a+b@example.com"));
    assert_eq!(s.param("sort"), Some("start_time:asc"));
    assert_eq!(
        s.param("count"),
        Some("100"),
        "count is clamped to Calendly's maximum"
    );
}

#[tokio::test]
async fn every_endpoint_uses_calendlys_method_path_and_body() {
    let inv = json!({"uri": "https://api.calendly.com/scheduled_events/EV/invitees/INV", "email": "i@example.com"});
    let sub = json!({"uri": "https://api.calendly.com/webhook_subscriptions/W1", "state": "active", "events": ["invitee.created"]});
    let (server, base) = Scripted::start(vec![
        Reply::json(201, json!({"resource": {"booking_url": "http://b/1", "owner": "ET", "owner_type": "EventType"}})),
        Reply::json(200, json!({"resource": {"uri": "https://api.calendly.com/scheduled_events/EV"}})),
        Reply::json(200, page(json!([inv.clone()]), None, None)),
        Reply::json(200, json!({"resource": inv})),
        Reply::json(201, json!({"resource": {"canceled_by": "Ada", "canceler_type": "host", "reason": "sick"}})),
        Reply::json(201, json!({"resource": {"uri": "https://api.calendly.com/invitee_no_shows/NS", "invitee": "x"}})),
        Reply::raw(204, ""),
        Reply::json(201, json!({"resource": sub.clone()})),
        Reply::json(200, page(json!([sub.clone()]), None, None)),
        Reply::json(200, json!({"resource": sub})),
        Reply::raw(204, ""),
    ])
    .await;
    let c = client(&base, RetryPolicy::none());
    let ev_uri = "https://api.calendly.com/scheduled_events/EV";
    let inv_uri = "https://api.calendly.com/scheduled_events/EV/invitees/INV";

    let link = c
        .create_scheduling_link("https://api.calendly.com/event_types/ET", 1)
        .await
        .unwrap();
    assert_eq!(link.booking_url, "http://b/1");
    assert_eq!(c.scheduled_event(ev_uri).await.unwrap().uri, ev_uri);
    let q = InviteesQuery {
        status: Some(InviteeStatus::Active),
        email: Some("i@example.com".into()),
        ..Default::default()
    };
    assert_eq!(
        c.invitees(ev_uri, &q).unwrap().all().await.unwrap()[0].uri,
        inv_uri
    );
    assert_eq!(
        c.invitee(inv_uri).await.unwrap().email.as_deref(),
        Some("i@example.com")
    );
    assert_eq!(
        c.cancel_event("EV", Some("sick"))
            .await
            .unwrap()
            .reason
            .as_deref(),
        Some("sick")
    );
    assert_eq!(
        c.create_no_show(inv_uri).await.unwrap().uri,
        "https://api.calendly.com/invitee_no_shows/NS"
    );
    c.delete_no_show("https://api.calendly.com/invitee_no_shows/NS")
        .await
        .unwrap();
    let new = NewWebhookSubscription::for_user(
        "https://relay.example/hooks/calendly/I1",
        "https://api.calendly.com/organizations/O1",
        "https://api.calendly.com/users/U1",
    );
    assert_eq!(
        c.create_webhook_subscription(&new).await.unwrap().uri,
        "https://api.calendly.com/webhook_subscriptions/W1"
    );
    let q = WebhookSubscriptionsQuery::of_user(
        "https://api.calendly.com/organizations/O1",
        "https://api.calendly.com/users/U1",
    );
    assert_eq!(c.webhook_subscriptions(&q).all().await.unwrap().len(), 1);
    assert!(c.webhook_subscription("W1").await.is_ok());
    c.delete_webhook_subscription("https://api.calendly.com/webhook_subscriptions/W1/")
        .await
        .unwrap();

    let seen = server.seen();
    let calls: Vec<_> = seen
        .iter()
        .map(|s| format!("{} {}", s.method, s.path))
        .collect();
    assert_eq!(
        calls,
        [
            "POST /scheduling_links",
            "GET /scheduled_events/EV",
            "GET /scheduled_events/EV/invitees",
            "GET /scheduled_events/EV/invitees/INV",
            "POST /scheduled_events/EV/cancellation",
            "POST /invitee_no_shows",
            "DELETE /invitee_no_shows/NS",
            "POST /webhook_subscriptions",
            "GET /webhook_subscriptions",
            "GET /webhook_subscriptions/W1",
            "DELETE /webhook_subscriptions/W1",
        ]
    );
    assert_eq!(
        seen[0].json(),
        json!({"max_event_count": 1, "owner": "https://api.calendly.com/event_types/ET", "owner_type": "EventType"})
    );
    assert_eq!(seen[0].headers["content-type"], "application/json");
    assert_eq!(seen[2].param("status"), Some("active"));
    assert_eq!(seen[2].param("email"), Some("i@example.com"));
    assert_eq!(seen[4].json(), json!({"reason": "sick"}));
    assert_eq!(seen[5].json(), json!({"invitee": inv_uri}));
    assert_eq!(
        seen[7].json(),
        json!({"url": "https://relay.example/hooks/calendly/I1",
               "events": ["invitee.created", "invitee.canceled", "invitee_no_show.created", "invitee_no_show.deleted"],
               "organization": "https://api.calendly.com/organizations/O1",
               "user": "https://api.calendly.com/users/U1", "scope": "user"})
    );
    assert_eq!(
        seen[8].param("organization"),
        Some("https://api.calendly.com/organizations/O1")
    );
    assert_eq!(seen[8].param("scope"), Some("user"));
    assert_eq!(
        seen[8].param("user"),
        Some("https://api.calendly.com/users/U1")
    );

    // Arguments that name no resource are refused before anything is sent.
    assert!(matches!(
        c.invitee(ev_uri).await,
        Err(Error::InvalidInput(_))
    ));
    assert!(matches!(
        c.scheduled_event("").await,
        Err(Error::InvalidInput(_))
    ));
    assert_eq!(server.seen().len(), 11);
}

#[tokio::test]
async fn error_statuses_map_to_typed_errors() {
    let err = |title: &str, message: &str| json!({"title": title, "message": message});
    let (_, base) = Scripted::start(vec![
        Reply::json(401, err("Unauthenticated", "The access token is expired")),
        Reply::json(403, err("Permission Denied", "The access token does not have the required scope: webhooks:write")),
        Reply::json(403, err("Permission Denied", "Please upgrade your Calendly account to Standard")),
        Reply::json(403, err("Permission Denied", "Event is in the past")),
        Reply::json(404, err("Resource Not Found", "The server could not find the requested resource.")),
        Reply::json(409, err("Already Exists", "Hook with this url already exists")),
        Reply::json(400, json!({"title": "Invalid Argument", "message": "The supplied parameters are invalid.",
                                "details": [{"parameter": "count", "message": "must be <= 100", "code": "invalid"}]})),
        Reply::raw(200, "<html>not json</html>"),
        Reply::raw(502, "<html>Bad gateway</html>"),
    ])
    .await;
    let c = client(&base, RetryPolicy::none());
    let e = c.current_user().await.unwrap_err();
    assert!(
        matches!(&e, Error::Unauthenticated { message } if message.contains("expired")),
        "{e:?}"
    );
    let new = NewWebhookSubscription::for_user("https://r/x", "O", "U");
    let e = c.create_webhook_subscription(&new).await.unwrap_err();
    assert!(
        matches!(
            e,
            Error::Forbidden {
                reason: ForbiddenReason::Scope,
                ..
            }
        ),
        "{e:?}"
    );
    let e = c.create_webhook_subscription(&new).await.unwrap_err();
    assert!(
        matches!(
            e,
            Error::Forbidden {
                reason: ForbiddenReason::Plan,
                ..
            }
        ),
        "{e:?}"
    );
    let e = c.cancel_event("EV", None).await.unwrap_err();
    assert!(
        matches!(
            e,
            Error::Forbidden {
                reason: ForbiddenReason::Other,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(matches!(
        c.scheduled_event("EV").await,
        Err(Error::NotFound { .. })
    ));
    let e = c.create_webhook_subscription(&new).await.unwrap_err();
    assert!(
        matches!(&e, Error::Conflict { message } if message.contains("Already Exists")),
        "{e:?}"
    );
    match c.scheduled_event("EV").await.unwrap_err() {
        Error::Rejected {
            status: 400,
            body: Some(body),
            ..
        } => {
            assert_eq!(body.details[0].parameter.as_deref(), Some("count"));
            assert_eq!(body.details[0].code.as_deref(), Some("invalid"));
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        c.current_user().await,
        Err(Error::InvalidResponse(_))
    ));
    let e = c.current_user().await.unwrap_err();
    assert!(
        matches!(e, Error::Unavailable { status: 502 }) && e.is_transient(),
        "{e:?}"
    );
}

#[tokio::test]
async fn network_errors_are_network() {
    // A port that was just free: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let c = client(&format!("http://127.0.0.1:{port}"), fast_retry(1));
    let e = c.current_user().await.unwrap_err();
    assert!(matches!(e, Error::Network(_)) && e.is_transient(), "{e:?}");
}

#[tokio::test]
async fn rate_limit_waits_for_x_ratelimit_reset_then_retries() {
    let (server, base) = Scripted::start(vec![
        Reply::json(
            429,
            json!({"title": "Too Many Requests", "message": "slow down"}),
        )
        .header("x-ratelimit-limit", "50")
        .header("x-ratelimit-remaining", "0")
        .header("x-ratelimit-reset", "1"),
        Reply::json(200, user_json()),
    ])
    .await;
    let c = client(&base, fast_retry(2));
    let start = Instant::now();
    c.current_user().await.unwrap();
    assert!(
        start.elapsed() >= Duration::from_secs(1),
        "waited {:?}",
        start.elapsed()
    );
    assert_eq!(server.seen().len(), 2);
}

#[tokio::test]
async fn rate_limit_longer_than_the_longest_wait_is_returned_with_its_reset() {
    let (server, base) = Scripted::start(vec![Reply::json(
        429,
        json!({"title": "Too Many Requests"}),
    )
    .header("x-ratelimit-reset", "42")])
    .await;
    let c = client(&base, fast_retry(3));
    let e = c.current_user().await.unwrap_err();
    assert!(
        matches!(e, Error::RateLimited { reset_after: Some(d) } if d == Duration::from_secs(42)),
        "{e:?}"
    );
    assert_eq!(server.seen().len(), 1);
}

#[tokio::test]
async fn rate_limit_without_retries_reports_reset() {
    let (_, base) =
        Scripted::start(vec![Reply::raw(429, "").header("x-ratelimit-reset", "7")]).await;
    let e = client(&base, RetryPolicy::none())
        .current_user()
        .await
        .unwrap_err();
    assert!(
        matches!(e, Error::RateLimited { reset_after: Some(d) } if d == Duration::from_secs(7)),
        "{e:?}"
    );
}

#[tokio::test]
async fn get_retries_5xx_a_bounded_number_of_times() {
    let (server, base) = Scripted::start(vec![
        Reply::raw(503, ""),
        Reply::raw(500, ""),
        Reply::raw(503, ""),
        Reply::raw(503, ""),
    ])
    .await;
    let e = client(&base, fast_retry(2))
        .current_user()
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Unavailable { status: 503 }), "{e:?}");
    assert_eq!(server.seen().len(), 3, "one attempt plus two retries");
    assert_eq!(server.left(), 1);
}

#[tokio::test]
async fn get_recovers_after_a_5xx() {
    let (server, base) =
        Scripted::start(vec![Reply::raw(500, ""), Reply::json(200, user_json())]).await;
    client(&base, fast_retry(2)).current_user().await.unwrap();
    assert_eq!(server.seen().len(), 2);
}

#[tokio::test]
async fn post_is_not_retried_after_a_5xx_but_is_after_a_429() {
    let link = json!({"resource": {"booking_url": "http://b/1"}});
    let (server, base) = Scripted::start(vec![
        Reply::raw(500, ""),
        Reply::raw(429, "").header("x-ratelimit-reset", "0"),
        Reply::json(201, link),
    ])
    .await;
    let c = client(&base, fast_retry(3));
    let e = c.create_scheduling_link("ET", 1).await.unwrap_err();
    assert!(matches!(e, Error::Unavailable { status: 500 }), "{e:?}");
    assert_eq!(
        server.seen().len(),
        1,
        "a POST that may have been processed is not repeated"
    );
    c.create_scheduling_link("ET", 1).await.unwrap();
    assert_eq!(server.seen().len(), 3);
}

#[tokio::test]
async fn delete_that_finds_nothing_after_an_ambiguous_failure_is_done() {
    let (server, base) = Scripted::start(vec![
        Reply::raw(502, ""),
        Reply::json(
            404,
            json!({"title": "Resource Not Found", "message": "gone"}),
        ),
        Reply::json(
            404,
            json!({"title": "Resource Not Found", "message": "gone"}),
        ),
    ])
    .await;
    let c = client(&base, fast_retry(2));
    c.delete_webhook_subscription("W1").await.unwrap();
    assert_eq!(server.seen().len(), 2);
    // Without an earlier failure, 404 is 404.
    assert!(matches!(
        c.delete_webhook_subscription("W1").await,
        Err(Error::NotFound { .. })
    ));
}

// ---- OAuth -----------------------------------------------------------------------------

fn oauth(base: &str) -> OAuthClient {
    OAuthClient::new(
        OAuthConfig::new(
            "quotla-desktop-dev",
            base,
            "http://127.0.0.1:53682/callback",
        )
        .unwrap(),
    )
    .unwrap()
}

fn token_json(scope: &str) -> serde_json::Value {
    json!({"token_type": "Bearer", "access_token": "AT-1", "refresh_token": "RT-1", "expires_in": 7200,
           "created_at": time::OffsetDateTime::now_utc().unix_timestamp(), "scope": scope,
           "owner": "https://api.calendly.com/users/U1", "organization": "https://api.calendly.com/organizations/O1"})
}

#[tokio::test]
async fn authorize_url_carries_pkce_s256_state_and_scopes() {
    let o = oauth("http://127.0.0.1:9/base");
    let req = o.authorize(&Scopes::product(), "");
    let url = &req.url;
    assert_eq!(url.path(), "/base/oauth/authorize");
    let q: std::collections::HashMap<_, _> = url.query_pairs().into_owned().collect();
    assert_eq!(q["client_id"], "quotla-desktop-dev");
    assert_eq!(q["response_type"], "code");
    assert_eq!(q["redirect_uri"], "http://127.0.0.1:53682/callback");
    assert_eq!(q["code_challenge_method"], "S256");
    assert_eq!(q["scope"], Scopes::product().to_string());
    assert_eq!(q["state"], req.state.expose());
    assert!(req.state.expose().len() >= 16);
    // The challenge is BASE64URL(SHA-256(verifier)) without padding (RFC 7636).
    use sha2::Digest;
    let digest = sha2::Sha256::digest(req.pkce_verifier.expose().as_bytes());
    use base64::Engine;
    assert_eq!(
        q["code_challenge"],
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest)
    );
    assert!(!url.as_str().contains(req.pkce_verifier.expose()));
    assert!(req.state_matches(req.state.expose()));
    assert!(!req.state_matches("forged"));
    assert!(!format!("{req:?}").contains(req.pkce_verifier.expose()));
    // Two authorizations never share state or verifier.
    let other = o.authorize(&Scopes::product(), "");
    assert_ne!(other.state.expose(), req.state.expose());
    assert!(
        !req.state_matches(other.state.expose()),
        "same length, other bytes"
    );
    let state = req.state.expose();
    assert!(!req.state_matches(&state[..state.len() - 1]), "a prefix");
    assert_ne!(other.pkce_verifier.expose(), req.pkce_verifier.expose());
    // A routing prefix leads the state; the random part after it stays as long.
    let tagged = o.authorize(&Scopes::product(), "p0123.");
    let rest = tagged
        .state
        .expose()
        .strip_prefix("p0123.")
        .expect("prefix");
    assert_eq!(rest.len(), state.len());
}

#[tokio::test]
async fn code_exchange_and_refresh_are_native_client_requests() {
    let (server, base) = Scripted::start(vec![
        Reply::json(200, token_json("users:read scheduled_events:write")),
        Reply::json(200, json!({"token_type": "Bearer", "access_token": "AT-2", "refresh_token": "RT-2", "expires_in": 7200})),
    ])
    .await;
    let o = oauth(&base);
    let req = o.authorize(&Scopes::product(), "");
    let before = time::OffsetDateTime::now_utc();
    let tokens = o
        .exchange_code("CODE-1", &req.pkce_verifier, &req.scopes)
        .await
        .unwrap();
    assert_eq!(tokens.access_token.expose(), "AT-1");
    assert!(tokens.expires_at > before + Duration::from_secs(7100));
    assert!(tokens.expires_at <= time::OffsetDateTime::now_utc() + Duration::from_secs(7200));
    // Fewer scopes than asked were granted: that is what is recorded.
    assert_eq!(
        tokens.scopes,
        Scopes::parse("users:read scheduled_events:write")
    );
    assert_eq!(
        tokens.owner.as_deref(),
        Some("https://api.calendly.com/users/U1")
    );
    assert_eq!(
        tokens.organization.as_deref(),
        Some("https://api.calendly.com/organizations/O1")
    );

    let refreshed = o.refresh(&tokens).await.unwrap();
    assert_eq!(refreshed.refresh_token.as_ref().unwrap().expose(), "RT-2");
    // No scope and no owner in the answer: the previous grant and owner stand.
    assert_eq!(refreshed.scopes, tokens.scopes);
    assert_eq!(refreshed.owner, tokens.owner);

    let seen = server.seen();
    assert_eq!(seen[0].path, "/oauth/token");
    let form: std::collections::HashMap<_, _> = seen[0].form().into_iter().collect();
    assert_eq!(form["grant_type"], "authorization_code");
    assert_eq!(form["code"], "CODE-1");
    assert_eq!(form["redirect_uri"], "http://127.0.0.1:53682/callback");
    assert_eq!(form["code_verifier"], req.pkce_verifier.expose());
    assert_eq!(form["client_id"], "quotla-desktop-dev");
    assert!(!form.contains_key("client_secret"));
    assert!(
        !seen[0].headers.contains_key("authorization"),
        "native clients send no Basic auth"
    );
    let form: std::collections::HashMap<_, _> = seen[1].form().into_iter().collect();
    assert_eq!(form["grant_type"], "refresh_token");
    assert_eq!(form["refresh_token"], "RT-1");
    assert_eq!(form["client_id"], "quotla-desktop-dev");
    assert!(!form.contains_key("client_secret"));
}

#[tokio::test]
async fn token_endpoint_failures_are_told_apart() {
    let (_, base) = Scripted::start(vec![
        Reply::json(
            400,
            json!({"error": "invalid_grant", "error_description": "refresh token already used"}),
        ),
        Reply::json(
            401,
            json!({"error": "invalid_client", "error_description": "unknown client"}),
        ),
        Reply::raw(429, "").header("x-ratelimit-reset", "30"),
        Reply::raw(503, "<html>down</html>"),
        Reply::raw(200, "not json"),
    ])
    .await;
    let o = oauth(&base);
    let tokens = TokenSet {
        access_token: Secret::new("a"),
        refresh_token: Some(Secret::new("r")),
        expires_at: time::OffsetDateTime::now_utc(),
        scopes: Scopes::product(),
        owner: None,
        organization: None,
    };
    let e = o.refresh(&tokens).await.unwrap_err();
    assert!(
        matches!(&e, Error::InvalidGrant { description } if description == "refresh token already used"),
        "{e:?}"
    );
    assert!(e.needs_reconnect());
    let e = o.refresh(&tokens).await.unwrap_err();
    assert!(
        matches!(&e, Error::OAuth { error, .. } if error == "invalid_client"),
        "{e:?}"
    );
    assert!(!e.needs_reconnect());
    let e = o.refresh(&tokens).await.unwrap_err();
    assert!(
        matches!(e, Error::RateLimited { reset_after: Some(d) } if d == Duration::from_secs(30)),
        "{e:?}"
    );
    assert!(matches!(
        o.refresh(&tokens).await.unwrap_err(),
        Error::Unavailable { status: 503 }
    ));
    assert!(matches!(
        o.refresh(&tokens).await.unwrap_err(),
        Error::InvalidResponse(_)
    ));
    let none = TokenSet {
        refresh_token: None,
        ..tokens
    };
    assert!(o.refresh(&none).await.unwrap_err().needs_reconnect());
}
