//! `calendly` against the running `calendly-sandbox`: every endpoint, the error mapping,
//! rate limits, and OAuth (code flow with PKCE, refresh rotation: reuse → `invalid_grant`).

use std::collections::HashMap;
use std::time::Duration;

use calendly::client::{
    EventTypesQuery, InviteesQuery, NewWebhookSubscription, ScheduledEventsQuery,
    WebhookSubscriptionsQuery,
};
use calendly::model::{CancelerType, EventStatus, InviteeStatus, WebhookState};
use calendly::oauth::{OAuthClient, OAuthConfig, Scopes, TokenSet};
use calendly::signature;
use calendly::webhook::{WebhookBody, WebhookEvent};
use calendly::{CalendlyClient, ClientConfig, Error, ForbiddenReason, RetryPolicy, Secret};
use calendly_sandbox::{spawn, Sandbox, SandboxConfig};
use common::{Reply, Scripted};
use serde_json::{json, Value};

mod common;

const CLIENT_ID: &str = "quotla-desktop-dev";
const REDIRECT: &str = "http://127.0.0.1:53682/callback";

struct Env {
    sandbox: Sandbox,
    http: reqwest::Client,
}

impl Env {
    async fn start(config: SandboxConfig) -> Self {
        let sandbox = spawn(config).await.expect("start the sandbox");
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        Self { sandbox, http }
    }

    fn base(&self) -> &str {
        self.sandbox.base_url()
    }

    /// Calls the control API and returns its JSON answer.
    async fn control(&self, path: &str, body: Value) -> Value {
        let url = format!("{}/_sandbox/{path}", self.base());
        let resp = self.http.post(&url).json(&body).send().await.unwrap();
        let status = resp.status();
        let text = resp.text().await.unwrap();
        assert!(status.is_success(), "POST {url}: {status} {text}");
        serde_json::from_str(&text).unwrap_or(Value::Null)
    }

    async fn control_get(&self, path: &str) -> Value {
        let url = format!("{}/_sandbox/{path}", self.base());
        self.http
            .get(&url)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    /// Tokens for the seeded user through `POST /_sandbox/tokens`.
    async fn tokens(&self, scope: &str) -> TokenSet {
        let t = self.control("tokens", json!({ "scope": scope })).await;
        let expires_in = t["expires_in"].as_u64().unwrap();
        TokenSet {
            access_token: Secret::new(t["access_token"].as_str().unwrap()),
            refresh_token: Some(Secret::new(t["refresh_token"].as_str().unwrap())),
            expires_at: time::OffsetDateTime::now_utc() + Duration::from_secs(expires_in),
            scopes: Scopes::parse(t["scope"].as_str().unwrap()),
            owner: t["owner"].as_str().map(str::to_owned),
            organization: t["organization"].as_str().map(str::to_owned),
        }
    }

    fn client(&self, tokens: &TokenSet, retry: RetryPolicy) -> CalendlyClient {
        CalendlyClient::with_config(
            ClientConfig {
                api_base: self.base().to_owned(),
                retry,
                ..ClientConfig::default()
            },
            tokens.access_token.clone(),
        )
        .unwrap()
    }

    fn oauth(&self) -> OAuthClient {
        OAuthClient::new(OAuthConfig::new(CLIENT_ID, self.base(), REDIRECT).unwrap()).unwrap()
    }
}

fn fast_retry(max_retries: u32) -> RetryPolicy {
    RetryPolicy {
        max_retries,
        base_delay: Duration::from_millis(5),
        max_delay: Duration::from_secs(5),
    }
}

fn product_scope() -> String {
    Scopes::product().to_string()
}

#[tokio::test]
async fn every_endpoint_against_the_sandbox() {
    let env = Env::start(SandboxConfig::default()).await;
    let tokens = env.tokens(&product_scope()).await;
    let c = env.client(&tokens, RetryPolicy::none());
    let base = env.base();

    // users/me
    let me = c.current_user().await.unwrap();
    assert!(me.uri.starts_with(&format!("{base}/users/")), "{}", me.uri);
    assert_eq!(Some(&me.uri), tokens.owner.as_ref());
    assert_eq!(me.current_organization, tokens.organization);
    assert!(me.email.is_some() && me.name.is_some() && me.scheduling_url.is_some());

    // event types, one per page: the paginator must walk every page by page_token.
    let mut q = EventTypesQuery::active_of_user(me.uri.clone());
    q.count = Some(1);
    let mut pages = c.event_types(&q);
    let mut event_types = Vec::new();
    let mut page_count = 0;
    while let Some(page) = pages.next_page().await.unwrap() {
        page_count += 1;
        assert!(page.collection.len() <= 1);
        event_types.extend(page.collection);
    }
    assert!(
        event_types.len() >= 2,
        "the sandbox seeds several event types"
    );
    assert_eq!(page_count, event_types.len());
    assert!(event_types
        .iter()
        .all(|e| e.active && e.uri.starts_with(base)));
    let all_at_once = c
        .event_types(&EventTypesQuery::active_of_user(me.uri.clone()))
        .all()
        .await
        .unwrap();
    assert_eq!(
        all_at_once.iter().map(|e| &e.uri).collect::<Vec<_>>(),
        event_types.iter().map(|e| &e.uri).collect::<Vec<_>>()
    );
    let event_type = &event_types[0];

    // scheduling link, then a booking through it with tracking.
    let link = c.create_scheduling_link(&event_type.uri, 1).await.unwrap();
    assert!(link.booking_url.starts_with(base), "{}", link.booking_url);
    assert_eq!(link.owner.as_deref(), Some(event_type.uri.as_str()));
    assert_eq!(link.owner_type.as_deref(), Some("EventType"));
    let booked = env
        .control(
            "book",
            json!({"booking_url": link.booking_url, "name": "Grace Hopper", "email": "grace@example.com",
                   "tracking": {"utm_source": "quotla", "utm_content": "link-token-1"}}),
        )
        .await;
    let invitee_uri = booked["invitee"]["uri"].as_str().unwrap().to_owned();
    let event_uri = booked["event"]["uri"].as_str().unwrap().to_owned();

    // scheduled events: list with filters, single event, invitees, single invitee.
    let q = ScheduledEventsQuery {
        user: Some(me.uri.clone()),
        status: Some(EventStatus::Active),
        invitee_email: Some("grace@example.com".into()),
        sort: Some("start_time:asc".into()),
        count: Some(100),
        ..Default::default()
    };
    let events = c.scheduled_events(&q).all().await.unwrap();
    let listed = events
        .iter()
        .find(|e| e.uri == event_uri)
        .expect("the booked event is listed");
    assert_eq!(listed.event_type.as_deref(), Some(event_type.uri.as_str()));
    assert_eq!(listed.status, Some(EventStatus::Active));
    let event = c.scheduled_event(&event_uri).await.unwrap();
    assert_eq!(event.uri, event_uri);
    assert!(event.start_time.unwrap() < event.end_time.unwrap());
    assert_eq!(event.invitees_counter.unwrap().active, 1);
    let invitees = c
        .invitees(&event_uri, &InviteesQuery::default())
        .unwrap()
        .all()
        .await
        .unwrap();
    assert_eq!(invitees.len(), 1);
    assert_eq!(invitees[0].uri, invitee_uri);
    let invitee = c.invitee(&invitee_uri).await.unwrap();
    assert_eq!(invitee.email.as_deref(), Some("grace@example.com"));
    assert_eq!(invitee.name.as_deref(), Some("Grace Hopper"));
    assert_eq!(invitee.status, Some(InviteeStatus::Active));
    assert_eq!(invitee.tracking.utm_source.as_deref(), Some("quotla"));
    assert_eq!(
        invitee.tracking.utm_content.as_deref(),
        Some("link-token-1")
    );
    assert_eq!(invitee.event.as_deref(), Some(event_uri.as_str()));

    // no-show: mark, see it, unmark.
    let no_show = c.create_no_show(&invitee_uri).await.unwrap();
    assert_eq!(no_show.invitee.as_deref(), Some(invitee_uri.as_str()));
    let marked = c.invitee(&invitee_uri).await.unwrap();
    assert_eq!(
        marked.no_show.unwrap().uri.as_deref(),
        Some(no_show.uri.as_str())
    );
    c.delete_no_show(&no_show.uri).await.unwrap();
    assert!(c.invitee(&invitee_uri).await.unwrap().no_show.is_none());
    assert!(matches!(
        c.delete_no_show(&no_show.uri).await,
        Err(Error::NotFound { .. })
    ));

    // cancellation, then a second cancellation is refused.
    let cancellation = c
        .cancel_event(&event_uri, Some("Client asked to move it"))
        .await
        .unwrap();
    assert_eq!(cancellation.canceler_type, Some(CancelerType::Host));
    assert_eq!(
        cancellation.reason.as_deref(),
        Some("Client asked to move it")
    );
    assert_eq!(
        c.scheduled_event(&event_uri).await.unwrap().status,
        Some(EventStatus::Canceled)
    );
    let again = c.cancel_event(&event_uri, None).await.unwrap_err();
    assert!(matches!(again, Error::Forbidden { .. }), "{again:?}");
    let canceled = c.invitee(&invitee_uri).await.unwrap();
    assert_eq!(canceled.status, Some(InviteeStatus::Canceled));

    // webhook subscriptions: create, conflict on the same URL, list, get, delete.
    let org = me.current_organization.clone().unwrap();
    let new = NewWebhookSubscription::for_user(
        "http://127.0.0.1:9/hooks/calendly/inbox-1",
        org.clone(),
        me.uri.clone(),
    );
    let sub = c.create_webhook_subscription(&new).await.unwrap();
    assert_eq!(sub.callback_url.as_deref(), Some(new.url.as_str()));
    assert_eq!(sub.state, Some(WebhookState::Active));
    assert_eq!(sub.events, new.events);
    assert_eq!(sub.user.as_deref(), Some(me.uri.as_str()));
    let dup = c.create_webhook_subscription(&new).await.unwrap_err();
    assert!(matches!(dup, Error::Conflict { .. }), "{dup:?}");
    let listed = c
        .webhook_subscriptions(&WebhookSubscriptionsQuery::of_user(
            org.clone(),
            me.uri.clone(),
        ))
        .all()
        .await
        .unwrap();
    assert!(listed.iter().any(|s| s.uri == sub.uri));
    assert_eq!(c.webhook_subscription(&sub.uri).await.unwrap().uri, sub.uri);
    c.delete_webhook_subscription(&sub.uri).await.unwrap();
    assert!(matches!(
        c.webhook_subscription(&sub.uri).await,
        Err(Error::NotFound { .. })
    ));

    // On the free plan webhooks are refused with 403, told apart from a missing scope.
    env.control("plan", json!({"plan": "free"})).await;
    let free = c.create_webhook_subscription(&new).await.unwrap_err();
    assert!(
        matches!(
            free,
            Error::Forbidden {
                reason: ForbiddenReason::Plan,
                ..
            }
        ),
        "{free:?}"
    );
}

#[tokio::test]
async fn errors_are_mapped_from_the_sandboxs_answers() {
    let env = Env::start(SandboxConfig::default()).await;
    let tokens = env.tokens(&product_scope()).await;
    let c = env.client(&tokens, RetryPolicy::none());

    // Unknown token.
    let bogus = env.client(
        &TokenSet {
            access_token: Secret::new("not-a-token"),
            ..tokens.clone()
        },
        RetryPolicy::none(),
    );
    assert!(matches!(
        bogus.current_user().await,
        Err(Error::Unauthenticated { .. })
    ));

    // A missing scope is a 403 the client can tell from a plan limit.
    let narrow = env.tokens("users:read").await;
    let nc = env.client(&narrow, RetryPolicy::none());
    let me = nc.current_user().await.unwrap();
    let e = nc
        .event_types(&EventTypesQuery::active_of_user(me.uri.clone()))
        .all()
        .await
        .unwrap_err();
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
    // `:write` implies `:read` on the server as in `Scopes::has`.
    let writer = env.client(
        &env.tokens("scheduled_events:write").await,
        RetryPolicy::none(),
    );
    let q = ScheduledEventsQuery {
        user: Some(me.uri.clone()),
        ..Default::default()
    };
    writer.scheduled_events(&q).all().await.unwrap();

    // Not found.
    let e = c
        .scheduled_event(&format!("{}/scheduled_events/NOPE", env.base()))
        .await
        .unwrap_err();
    assert!(matches!(e, Error::NotFound { .. }), "{e:?}");

    // Injected 5xx: a GET is retried and succeeds.
    env.control(
        "faults",
        json!({"kind": "error", "status": 503, "count": 1}),
    )
    .await;
    let retrying = env.client(&tokens, fast_retry(2));
    retrying.current_user().await.unwrap();
    // …a POST is not retried: the fault surfaces and no link was made.
    let links_before = env.control_get("scheduling_links").await["scheduling_links"]
        .as_array()
        .unwrap()
        .len();
    let ets = c
        .event_types(&EventTypesQuery::active_of_user(me.uri.clone()))
        .all()
        .await
        .unwrap();
    env.control(
        "faults",
        json!({"kind": "error", "status": 500, "count": 1}),
    )
    .await;
    let e = retrying
        .create_scheduling_link(&ets[0].uri, 1)
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Unavailable { status: 500 }), "{e:?}");
    let links_after = env.control_get("scheduling_links").await["scheduling_links"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(links_before, links_after);
    // …and a GET that keeps failing gives up after its retries.
    env.control(
        "faults",
        json!({"kind": "error", "status": 502, "count": 3}),
    )
    .await;
    assert!(matches!(
        retrying.current_user().await,
        Err(Error::Unavailable { status: 502 })
    ));
    retrying.current_user().await.unwrap();

    // Injected 429 carries X-RateLimit-Reset.
    env.control("faults", json!({"kind": "rate_limit", "count": 1}))
        .await;
    match c.current_user().await.unwrap_err() {
        Error::RateLimited {
            reset_after: Some(reset),
        } => assert!(reset <= Duration::from_secs(60), "{reset:?}"),
        other => panic!("{other:?}"),
    }

    // Expired, then revoked tokens.
    env.control(
        "tokens/expire",
        json!({"token": tokens.access_token.expose()}),
    )
    .await;
    let e = c.current_user().await.unwrap_err();
    assert!(
        matches!(&e, Error::Unauthenticated { message } if message.contains("expired")),
        "{e:?}"
    );
    let fresh = env.tokens(&product_scope()).await;
    let fc = env.client(&fresh, RetryPolicy::none());
    fc.current_user().await.unwrap();
    env.control(
        "tokens/revoke",
        json!({"token": fresh.access_token.expose()}),
    )
    .await;
    let e = fc.current_user().await.unwrap_err();
    assert!(
        matches!(&e, Error::Unauthenticated { message } if message.contains("revoked")),
        "{e:?}"
    );
}

#[tokio::test]
async fn rate_limit_headers_from_the_sandbox() {
    let env = Env::start(SandboxConfig {
        rate_limit: Some(3),
        ..SandboxConfig::default()
    })
    .await;
    let tokens = env.tokens(&product_scope()).await;
    let c = env.client(&tokens, RetryPolicy::none());
    for left in (0..3).rev() {
        c.current_user().await.unwrap();
        let seen = c.rate_limit().expect("the sandbox sends X-RateLimit-*");
        assert_eq!((seen.limit, seen.remaining), (Some(3), Some(left)));
    }
    match c.current_user().await.unwrap_err() {
        Error::RateLimited {
            reset_after: Some(reset),
        } => {
            assert!(reset <= Duration::from_secs(60), "{reset:?}");
        }
        other => panic!("{other:?}"),
    }
    // A client whose longest wait is shorter than the reset hands the limit back at once.
    let impatient = env.client(
        &tokens,
        RetryPolicy {
            max_retries: 3,
            base_delay: Duration::from_millis(5),
            max_delay: Duration::ZERO,
        },
    );
    assert!(matches!(
        impatient.current_user().await,
        Err(Error::RateLimited { .. })
    ));
}

#[tokio::test]
async fn refresh_tokens_rotate_and_reuse_is_invalid_grant() {
    let env = Env::start(SandboxConfig::default()).await;
    let first = env.tokens(&product_scope()).await;
    let oauth = env.oauth();

    let second = oauth.refresh(&first).await.unwrap();
    assert_ne!(second.access_token.expose(), first.access_token.expose());
    assert_ne!(
        second.refresh_token.as_ref().unwrap().expose(),
        first.refresh_token.as_ref().unwrap().expose(),
        "refresh tokens rotate"
    );
    assert_eq!(second.scopes, first.scopes);
    assert_eq!(second.owner, first.owner);
    assert!(second.expires_at > time::OffsetDateTime::now_utc() + Duration::from_secs(3600));
    // The new access token works.
    env.client(&second, RetryPolicy::none())
        .current_user()
        .await
        .unwrap();

    // Reusing the spent refresh token: invalid_grant, and that means "reconnect".
    let reused = oauth.refresh(&first).await.unwrap_err();
    assert!(matches!(reused, Error::InvalidGrant { .. }), "{reused:?}");
    assert!(reused.needs_reconnect());
}

#[tokio::test]
async fn authorization_code_flow_with_pkce() {
    let env = Env::start(SandboxConfig::default()).await;
    let oauth = env.oauth();
    let scopes = Scopes::parse("users:read event_types:read");
    let req = oauth.authorize(&scopes, "");
    assert!(req
        .url
        .as_str()
        .starts_with(&format!("{}/oauth/authorize?", env.base())));

    // The sandbox approves at once (test mode) and redirects with code and state.
    let resp = env.http.get(req.url.clone()).send().await.unwrap();
    assert!(resp.status().is_redirection(), "{}", resp.status());
    let location = url::Url::parse(resp.headers()["location"].to_str().unwrap()).unwrap();
    assert!(location.as_str().starts_with(REDIRECT));
    let q: HashMap<_, _> = location.query_pairs().into_owned().collect();
    assert!(req.state_matches(&q["state"]));
    let code = &q["code"];

    // A wrong verifier is refused, and the right one then works (the code is not yet spent).
    let wrong = oauth
        .exchange_code(code, &Secret::new("x".repeat(64)), &req.scopes)
        .await
        .unwrap_err();
    assert!(matches!(wrong, Error::InvalidGrant { .. }), "{wrong:?}");
    let tokens = match oauth
        .exchange_code(code, &req.pkce_verifier, &req.scopes)
        .await
    {
        Ok(t) => t,
        // Some servers burn a code on any failed attempt; then start again.
        Err(Error::InvalidGrant { .. }) => {
            let req2 = oauth.authorize(&scopes, "");
            let resp = env.http.get(req2.url.clone()).send().await.unwrap();
            let location = url::Url::parse(resp.headers()["location"].to_str().unwrap()).unwrap();
            let q2: HashMap<_, _> = location.query_pairs().into_owned().collect();
            oauth
                .exchange_code(&q2["code"], &req2.pkce_verifier, &req2.scopes)
                .await
                .unwrap()
        }
        Err(e) => panic!("{e:?}"),
    };
    assert_eq!(tokens.scopes, scopes);
    assert!(tokens.owner.as_deref().unwrap().starts_with(env.base()));
    assert!(tokens.organization.is_some());
    let c = env.client(&tokens, RetryPolicy::none());
    assert_eq!(Some(c.current_user().await.unwrap().uri), tokens.owner);

    // Codes are single use.
    let reused = oauth
        .exchange_code(code, &req.pkce_verifier, &req.scopes)
        .await
        .unwrap_err();
    assert!(matches!(reused, Error::InvalidGrant { .. }), "{reused:?}");

    // A user who grants fewer scopes than asked: the token set records what was granted.
    env.control(
        "authorize",
        json!({"mode": "auto_approve", "grant_scope": "users:read"}),
    )
    .await;
    let req = oauth.authorize(&Scopes::product(), "");
    let resp = env.http.get(req.url.clone()).send().await.unwrap();
    let location = url::Url::parse(resp.headers()["location"].to_str().unwrap()).unwrap();
    let q: HashMap<_, _> = location.query_pairs().into_owned().collect();
    let narrow = oauth
        .exchange_code(&q["code"], &req.pkce_verifier, &req.scopes)
        .await
        .unwrap();
    assert_eq!(narrow.scopes, Scopes::parse("users:read"));
    assert!(!narrow.scopes.missing(&Scopes::product()).is_empty());

    // Denial comes back as error=access_denied with the state.
    env.control("authorize", json!({"mode": "auto_deny"})).await;
    let req = oauth.authorize(&scopes, "");
    let resp = env.http.get(req.url.clone()).send().await.unwrap();
    let location = url::Url::parse(resp.headers()["location"].to_str().unwrap()).unwrap();
    let q: HashMap<_, _> = location.query_pairs().into_owned().collect();
    assert_eq!(q["error"], "access_denied");
    assert!(req.state_matches(&q["state"]));
}

#[tokio::test]
async fn sandbox_webhooks_verify_and_parse_with_this_crate() {
    let key = "whsec_sandbox_test_key";
    let env = Env::start(SandboxConfig {
        signing_key: key.into(),
        ..SandboxConfig::default()
    })
    .await;
    let tokens = env.tokens(&product_scope()).await;
    let c = env.client(&tokens, RetryPolicy::none());
    let me = c.current_user().await.unwrap();
    let (receiver, receiver_base) = Scripted::start(vec![Reply::raw(200, ""); 8]).await;
    let new = NewWebhookSubscription::for_user(
        format!("{receiver_base}/hooks/calendly/inbox-1"),
        me.current_organization.clone().unwrap(),
        me.uri.clone(),
    );
    c.create_webhook_subscription(&new).await.unwrap();
    let ets = c
        .event_types(&EventTypesQuery::active_of_user(me.uri.clone()))
        .all()
        .await
        .unwrap();
    let booked = env
        .control(
            "book",
            json!({"event_type": ets[0].uri, "name": "Ada", "email": "ada@example.com"}),
        )
        .await;
    let invitee_uri = booked["invitee"]["uri"].as_str().unwrap().to_owned();
    env.control("no_show", json!({"invitee": invitee_uri}))
        .await;

    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while receiver.seen().len() < 2 && std::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let seen = receiver.seen();
    assert!(seen.len() >= 2, "deliveries received: {}", seen.len());
    let mut events = Vec::new();
    for delivery in &seen {
        assert_eq!(delivery.path, "/hooks/calendly/inbox-1");
        let header = delivery.headers[signature::HEADER].to_str().unwrap();
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        // The sandbox clock may run ahead of ours only if a test advanced it; none did here.
        signature::verify(header, &delivery.body, &[key], now, 180)
            .expect("sandbox signature verifies");
        assert_eq!(
            signature::verify(header, &delivery.body, &["another key"], now, 180).unwrap_err(),
            signature::SignatureError::Mismatch
        );
        match WebhookBody::parse(&delivery.body).unwrap() {
            WebhookBody::Invitee { envelope, invitee } => {
                assert_eq!(envelope.created_by.as_deref(), Some(me.uri.as_str()));
                assert!(envelope.created_at.is_some());
                assert_eq!(invitee.uri, invitee_uri);
                assert_eq!(invitee.email.as_deref(), Some("ada@example.com"));
                let ev = invitee
                    .scheduled_event
                    .as_ref()
                    .expect("modern payloads embed the event");
                assert_eq!(ev.event_type.as_deref(), Some(ets[0].uri.as_str()));
                if envelope.event == WebhookEvent::InviteeNoShowCreated {
                    assert!(invitee.no_show.is_some());
                }
                events.push(envelope.event);
            }
            WebhookBody::NoShow { envelope, no_show } => {
                assert_eq!(no_show.invitee.as_deref(), Some(invitee_uri.as_str()));
                events.push(envelope.event);
            }
            other => panic!("unexpected body {other:?}"),
        }
    }
    assert!(events.contains(&WebhookEvent::InviteeCreated), "{events:?}");
    assert!(
        events.contains(&WebhookEvent::InviteeNoShowCreated),
        "{events:?}"
    );
}
