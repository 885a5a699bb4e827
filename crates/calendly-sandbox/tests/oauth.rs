//! The OAuth rules: PKCE S256, single-use codes that expire after 10 minutes, exact
//! redirect URIs, rotating single-use refresh tokens, revoke and introspect only with the
//! client secret, scopes honoured, and the authorize page's three modes.

mod common;

use base64::Engine;
use calendly_sandbox::{AuthorizeMode, SandboxConfig};
use common::{start, start_with, Env, ALL_SCOPES};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

const REDIRECT: &str = "quotla://oauth/calendly";
const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-0123456789";

fn challenge(verifier: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

fn authorize_url(env: &Env, redirect: &str, scope: &str) -> String {
    let mut u = url::Url::parse(&env.url("/oauth/authorize")).expect("url");
    u.query_pairs_mut()
        .append_pair("client_id", "quotla-desktop-dev")
        .append_pair("response_type", "code")
        .append_pair("redirect_uri", redirect)
        .append_pair("code_challenge", &challenge(VERIFIER))
        .append_pair("code_challenge_method", "S256")
        .append_pair("scope", scope)
        .append_pair("state", "st-123");
    u.into()
}

/// Opens the authorize URL and returns the redirect's query pairs.
async fn redirect_params(env: &Env, url: &str) -> Vec<(String, String)> {
    let r = env.http.get(url).send().await.expect("authorize");
    assert_eq!(r.status(), 302, "authorize should redirect");
    let loc = r.headers()["location"]
        .to_str()
        .expect("location")
        .to_owned();
    let u = url::Url::parse(&loc).expect("location is a URL");
    u.query_pairs().into_owned().collect()
}

fn param<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

async fn code(env: &Env, scope: &str) -> String {
    let p = redirect_params(env, &authorize_url(env, REDIRECT, scope)).await;
    assert_eq!(param(&p, "state"), Some("st-123"));
    param(&p, "code").expect("code").to_owned()
}

async fn token(env: &Env, form: &[(&str, &str)]) -> (u16, Value) {
    let r = env
        .http
        .post(env.url("/oauth/token"))
        .form(form)
        .send()
        .await
        .expect("token request");
    let s = r.status().as_u16();
    (s, r.json().await.unwrap_or(Value::Null))
}

async fn exchange(env: &Env, code: &str, verifier: &str, redirect: &str) -> (u16, Value) {
    token(
        env,
        &[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", redirect),
            ("code_verifier", verifier),
            ("client_id", "quotla-desktop-dev"),
        ],
    )
    .await
}

async fn refresh(env: &Env, rt: &str) -> (u16, Value) {
    token(
        env,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", rt),
            ("client_id", "quotla-desktop-dev"),
        ],
    )
    .await
}

#[tokio::test]
async fn full_flow_with_pkce_issues_working_tokens() {
    let env = start().await;
    let p = redirect_params(&env, &authorize_url(&env, REDIRECT, ALL_SCOPES)).await;
    assert_eq!(param(&p, "state"), Some("st-123"));
    let code = param(&p, "code").expect("code");
    let (s, t) = exchange(&env, code, VERIFIER, REDIRECT).await;
    assert_eq!(s, 200, "{t}");
    assert_eq!(t["token_type"], "Bearer");
    assert_eq!(t["expires_in"], 7200);
    assert_eq!(t["scope"], ALL_SCOPES);
    assert!(t["created_at"].is_i64());
    for k in ["access_token", "refresh_token", "owner", "organization"] {
        assert!(t[k].as_str().is_some_and(|v| !v.is_empty()), "{k} missing");
    }
    let (s, _, me) = env
        .get(t["access_token"].as_str().expect("at"), "/users/me")
        .await;
    assert_eq!(s, 200);
    assert_eq!(me["resource"]["uri"], t["owner"]);
}

#[tokio::test]
async fn pkce_mismatch_and_missing_verifier_are_refused() {
    let env = start().await;
    let c = code(&env, ALL_SCOPES).await;
    let (s, e) = exchange(&env, &c, &format!("{VERIFIER}x"), REDIRECT).await;
    assert_eq!((s, e["error"].as_str()), (400, Some("invalid_grant")));
    // The attempt spent the code: the right verifier no longer helps.
    let (s, _) = exchange(&env, &c, VERIFIER, REDIRECT).await;
    assert_eq!(s, 400);

    let c = code(&env, ALL_SCOPES).await;
    let (s, e) = token(
        &env,
        &[
            ("grant_type", "authorization_code"),
            ("code", &c),
            ("redirect_uri", REDIRECT),
            ("client_id", "quotla-desktop-dev"),
        ],
    )
    .await;
    assert_eq!((s, e["error"].as_str()), (400, Some("invalid_request")));
}

#[tokio::test]
async fn codes_are_single_use_and_expire_after_ten_minutes() {
    let env = start().await;
    let c = code(&env, ALL_SCOPES).await;
    assert_eq!(exchange(&env, &c, VERIFIER, REDIRECT).await.0, 200);
    let (s, e) = exchange(&env, &c, VERIFIER, REDIRECT).await;
    assert_eq!((s, e["error"].as_str()), (400, Some("invalid_grant")));

    let c = code(&env, ALL_SCOPES).await;
    env.control("clock/advance", json!({"seconds": 599})).await;
    assert_eq!(
        exchange(&env, &c, VERIFIER, REDIRECT).await.0,
        200,
        "still valid at 9:59"
    );
    let c = code(&env, ALL_SCOPES).await;
    env.control("clock/advance", json!({"seconds": 601})).await;
    let (s, e) = exchange(&env, &c, VERIFIER, REDIRECT).await;
    assert_eq!((s, e["error"].as_str()), (400, Some("invalid_grant")));
}

#[tokio::test]
async fn redirect_uri_must_be_registered_and_match() {
    let env = start().await;
    // Loopback redirects are allowed (any port), custom scheme is registered.
    let loopback = "http://127.0.0.1:53682/callback";
    let p = redirect_params(&env, &authorize_url(&env, loopback, "users:read")).await;
    let c = param(&p, "code").expect("code").to_owned();
    let (s, e) = exchange(&env, &c, VERIFIER, REDIRECT).await;
    assert_eq!(
        (s, e["error"].as_str()),
        (400, Some("invalid_grant")),
        "redirect differs"
    );

    // An unregistered redirect is never redirected to.
    for bad in [
        "https://evil.example/cb",
        "quotla://oauth/other",
        "javascript:alert(1)",
        "",
    ] {
        let r = env
            .http
            .get(authorize_url(&env, bad, "users:read"))
            .send()
            .await
            .expect("authorize");
        assert_eq!(r.status(), 400, "{bad:?}");
        assert!(r.headers().get("location").is_none());
    }
    // Unknown client: no redirect either.
    let url =
        authorize_url(&env, REDIRECT, "users:read").replace("quotla-desktop-dev", "someone-else");
    let r = env.http.get(url).send().await.expect("authorize");
    assert_eq!(r.status(), 400);
}

#[tokio::test]
async fn authorize_errors_go_back_to_the_client() {
    let env = start().await;
    let url = authorize_url(&env, REDIRECT, "users:read").replace("S256", "plain");
    let p = redirect_params(&env, &url).await;
    assert_eq!(param(&p, "error"), Some("invalid_request"));
    assert_eq!(param(&p, "state"), Some("st-123"));
    let p = redirect_params(&env, &authorize_url(&env, REDIRECT, "users:admin")).await;
    assert_eq!(param(&p, "error"), Some("invalid_scope"));
    let url = authorize_url(&env, REDIRECT, "users:read")
        .replace("response_type=code", "response_type=token");
    let p = redirect_params(&env, &url).await;
    assert_eq!(param(&p, "error"), Some("unsupported_response_type"));
}

#[tokio::test]
async fn refresh_tokens_rotate_and_reuse_is_invalid_grant() {
    let env = start().await;
    let c = code(&env, ALL_SCOPES).await;
    let (_, first) = exchange(&env, &c, VERIFIER, REDIRECT).await;
    let rt1 = first["refresh_token"].as_str().expect("rt");
    let (s, second) = refresh(&env, rt1).await;
    assert_eq!(s, 200);
    let rt2 = second["refresh_token"].as_str().expect("rt2");
    assert_ne!(rt1, rt2);
    assert_ne!(first["access_token"], second["access_token"]);
    assert_eq!(second["scope"], ALL_SCOPES);
    let (s, e) = refresh(&env, rt1).await;
    assert_eq!(
        (s, e["error"].as_str()),
        (400, Some("invalid_grant")),
        "reuse refused"
    );
    let (s, _, _) = env
        .get(second["access_token"].as_str().expect("at"), "/users/me")
        .await;
    assert_eq!(s, 200);
    assert_eq!(refresh(&env, rt2).await.0, 200);

    // Tokens from the control API rotate the same way.
    let t = env.tokens("users:read").await;
    assert_eq!(refresh(&env, &t.refresh).await.0, 200);
    assert_eq!(refresh(&env, &t.refresh).await.0, 400);
}

#[tokio::test]
async fn access_tokens_expire_and_can_be_expired_or_revoked_by_control() {
    let env = start().await;
    let t = env.tokens("users:read").await;
    env.control("clock/advance", json!({"seconds": 7199})).await;
    assert_eq!(env.get(&t.access, "/users/me").await.0, 200);
    env.control("clock/advance", json!({"seconds": 2})).await;
    let (s, _, e) = env.get(&t.access, "/users/me").await;
    assert_eq!(s, 401);
    assert_eq!(e["message"], "The access token expired");
    // The refresh token still works after the access token expired.
    let (s, fresh) = refresh(&env, &t.refresh).await;
    assert_eq!(s, 200);
    let at = fresh["access_token"].as_str().expect("at").to_owned();

    let (s, v) = env.control("tokens/expire", json!({"token": at})).await;
    assert_eq!((s.as_u16(), v["expired"].as_u64()), (200, Some(1)));
    assert_eq!(env.get(&at, "/users/me").await.0, 401);

    let t = env.tokens("users:read").await;
    env.control("tokens/revoke", json!({"token": t.access}))
        .await;
    let (s, _, e) = env.get(&t.access, "/users/me").await;
    assert_eq!(
        (s.as_u16(), e["message"].as_str()),
        (401, Some("The access token is revoked"))
    );
    assert_eq!(
        refresh(&env, &t.refresh).await.0,
        400,
        "revoking revokes the pair"
    );
}

#[tokio::test]
async fn revoke_and_introspect_need_the_client_secret() {
    let env = start().await;
    let t = env.tokens("users:read").await;
    let post = |path: &str, form: Vec<(&'static str, String)>| {
        let req = env.http.post(env.url(path)).form(&form);
        async move { req.send().await.expect("request") }
    };
    let r = post(
        "/oauth/revoke",
        vec![
            ("client_id", "quotla-desktop-dev".into()),
            ("token", t.access.clone()),
        ],
    )
    .await;
    assert_eq!(r.status(), 401);
    assert_eq!(
        r.json::<Value>().await.expect("json")["error"],
        "invalid_client"
    );
    let r = post(
        "/oauth/revoke",
        vec![
            ("client_id", "quotla-desktop-dev".into()),
            ("client_secret", "wrong".into()),
            ("token", t.access.clone()),
        ],
    )
    .await;
    assert_eq!(r.status(), 401);
    assert_eq!(env.get(&t.access, "/users/me").await.0, 200, "still valid");

    let r = post(
        "/oauth/introspect",
        vec![
            ("client_id", "quotla-desktop-dev".into()),
            ("client_secret", "sandbox-client-secret".into()),
            ("token", t.access.clone()),
        ],
    )
    .await;
    let v: Value = r.json().await.expect("json");
    assert_eq!(v["active"], true);
    assert_eq!(v["scope"], "users:read");

    // HTTP Basic works as well as form credentials.
    let r = env
        .http
        .post(env.url("/oauth/revoke"))
        .basic_auth("quotla-desktop-dev", Some("sandbox-client-secret"))
        .form(&[("token", t.refresh.as_str())])
        .send()
        .await
        .expect("revoke");
    assert_eq!(r.status(), 200);
    assert_eq!(env.get(&t.access, "/users/me").await.0, 401);
    let r = post(
        "/oauth/introspect",
        vec![
            ("client_id", "quotla-desktop-dev".into()),
            ("client_secret", "sandbox-client-secret".into()),
            ("token", t.access.clone()),
        ],
    )
    .await;
    assert_eq!(r.json::<Value>().await.expect("json")["active"], false);
}

#[tokio::test]
async fn missing_scopes_answer_403_and_write_implies_read() {
    let env = start().await;
    let t = env.tokens("users:read").await;
    let (s, _, e) = env
        .get(
            &t.access,
            &format!("/scheduled_events?user={}", common::enc(&t.owner)),
        )
        .await;
    assert_eq!(s, 403);
    assert_eq!(e["title"], "Permission Denied");
    let t = env.tokens("scheduled_events:write").await;
    let (s, _, _) = env
        .get(
            &t.access,
            &format!("/scheduled_events?user={}", common::enc(&t.owner)),
        )
        .await;
    assert_eq!(s, 200);
    let t = env.tokens("").await;
    assert_eq!(
        env.get(&t.access, "/users/me").await.0,
        403,
        "no scope, no access"
    );
    let t = env.tokens("default").await;
    assert_eq!(
        env.get(&t.access, "/users/me").await.0,
        200,
        "legacy default is full access"
    );

    // A user who grants fewer scopes than asked: the token says so.
    env.control(
        "authorize",
        json!({"mode": "auto_approve", "grant_scope": "users:read"}),
    )
    .await;
    let c = code(&env, ALL_SCOPES).await;
    let (_, tok) = exchange(&env, &c, VERIFIER, REDIRECT).await;
    assert_eq!(tok["scope"], "users:read");
}

#[tokio::test]
async fn interactive_page_approves_and_denies() {
    let env = start_with(SandboxConfig {
        authorize_mode: AuthorizeMode::Interactive,
        ..SandboxConfig::default()
    })
    .await;
    let r = env
        .http
        .get(authorize_url(&env, REDIRECT, ALL_SCOPES))
        .send()
        .await
        .expect("page");
    assert_eq!(r.status(), 200);
    let page = r.text().await.expect("html");
    assert!(page.contains("value=\"approve\"") && page.contains("value=\"deny\""));
    assert!(page.contains("<form method=\"post\" action=\"/oauth/authorize\">"));

    let form = |decision: &str| {
        vec![
            ("client_id", "quotla-desktop-dev".to_owned()),
            ("response_type", "code".into()),
            ("redirect_uri", REDIRECT.into()),
            ("code_challenge", challenge(VERIFIER)),
            ("code_challenge_method", "S256".into()),
            ("scope", ALL_SCOPES.into()),
            ("state", "s<1>".into()),
            ("decision", decision.into()),
        ]
    };
    let r = env
        .http
        .post(env.url("/oauth/authorize"))
        .form(&form("approve"))
        .send()
        .await
        .expect("approve");
    assert_eq!(r.status(), 302);
    let loc = url::Url::parse(r.headers()["location"].to_str().expect("loc")).expect("url");
    assert_eq!(loc.scheme(), "quotla");
    let p: Vec<(String, String)> = loc.query_pairs().into_owned().collect();
    assert_eq!(param(&p, "state"), Some("s<1>"));
    let c = param(&p, "code").expect("code");
    assert_eq!(exchange(&env, c, VERIFIER, REDIRECT).await.0, 200);

    let r = env
        .http
        .post(env.url("/oauth/authorize"))
        .form(&form("deny"))
        .send()
        .await
        .expect("deny");
    let loc = url::Url::parse(r.headers()["location"].to_str().expect("loc")).expect("url");
    let p: Vec<(String, String)> = loc.query_pairs().into_owned().collect();
    assert_eq!(param(&p, "error"), Some("access_denied"));
    assert_eq!(param(&p, "code"), None);

    // Hostile values in the page are escaped, not rendered.
    let url = authorize_url(&env, REDIRECT, "users:read")
        .replace("st-123", "%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E");
    let page = env
        .http
        .get(url)
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(!page.contains("<script>"));
}

#[tokio::test]
async fn auto_deny_redirects_with_access_denied() {
    let env = start_with(SandboxConfig {
        authorize_mode: AuthorizeMode::AutoDeny,
        ..SandboxConfig::default()
    })
    .await;
    let p = redirect_params(&env, &authorize_url(&env, REDIRECT, ALL_SCOPES)).await;
    assert_eq!(param(&p, "error"), Some("access_denied"));
    assert_eq!(param(&p, "state"), Some("st-123"));
}

#[tokio::test]
async fn token_endpoint_refuses_malformed_and_hostile_requests() {
    let env = start().await;
    for (form, status, error) in [
        (vec![], 401, "invalid_client"),
        (
            vec![("client_id", "quotla-desktop-dev")],
            400,
            "invalid_request",
        ),
        (
            vec![
                ("client_id", "quotla-desktop-dev"),
                ("grant_type", "password"),
            ],
            400,
            "unsupported_grant_type",
        ),
        (
            vec![
                ("client_id", "quotla-desktop-dev"),
                ("grant_type", "refresh_token"),
            ],
            400,
            "invalid_request",
        ),
        (
            vec![
                ("client_id", "quotla-desktop-dev"),
                ("grant_type", "refresh_token"),
                ("refresh_token", "nope"),
            ],
            400,
            "invalid_grant",
        ),
        (
            vec![
                ("client_id", "quotla-desktop-dev"),
                ("grant_type", "authorization_code"),
                ("code", "nope"),
            ],
            400,
            "invalid_grant",
        ),
        (
            vec![
                ("client_id", "quotla-desktop-dev"),
                ("client_id", "quotla-desktop-dev"),
                ("grant_type", "refresh_token"),
            ],
            400,
            "invalid_request",
        ),
        (
            vec![
                ("client_id", "someone"),
                ("grant_type", "refresh_token"),
                ("refresh_token", "x"),
            ],
            401,
            "invalid_client",
        ),
    ] {
        let (s, e) = token(&env, &form).await;
        assert_eq!((s, e["error"].as_str()), (status, Some(error)), "{form:?}");
    }
    // Not UTF-8, and far over the body limit.
    let r = env
        .http
        .post(env.url("/oauth/token"))
        .body(vec![0xff, 0xfe, 0x00])
        .send()
        .await
        .expect("req");
    assert_eq!(r.status(), 400);
    let big = format!(
        "client_id=quotla-desktop-dev&grant_type=refresh_token&refresh_token={}",
        "a".repeat(200_000)
    );
    let r = env
        .http
        .post(env.url("/oauth/token"))
        .body(big)
        .send()
        .await
        .expect("req");
    assert_eq!(r.status(), 413);
}

#[tokio::test]
async fn token_requests_are_limited_per_minute() {
    let env = start().await;
    let mut statuses = Vec::new();
    for _ in 0..9 {
        statuses.push(refresh(&env, "unknown").await.0);
    }
    assert_eq!(statuses[..8], [400; 8]);
    assert_eq!(statuses[8], 429);
    env.control("clock/advance", json!({"seconds": 60})).await;
    assert_eq!(
        refresh(&env, "unknown").await.0,
        400,
        "a new minute, a new budget"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_refreshes_with_one_token_let_exactly_one_through() {
    let env = start().await;
    let t = env.tokens("users:read").await;
    let (a, b, c) = tokio::join!(
        refresh(&env, &t.refresh),
        refresh(&env, &t.refresh),
        refresh(&env, &t.refresh)
    );
    let mut statuses = [a.0, b.0, c.0];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 400, 400], "single use even under a race");
}

#[tokio::test]
async fn stats_count_token_requests_by_grant() {
    let env = start().await;
    let t = env.tokens("users:read").await;
    let c = code(&env, "users:read").await;
    exchange(&env, &c, VERIFIER, REDIRECT).await;
    refresh(&env, &t.refresh).await;
    refresh(&env, &t.refresh).await;
    env.get(&t.access, "/users/me").await;
    let s = env.control_get("stats").await;
    assert_eq!(s["token_requests"]["authorization_code"], 1);
    assert_eq!(
        s["token_requests"]["refresh_token"], 2,
        "refused reuse counts too"
    );
    assert_eq!(s["api_requests"], 1);
}

#[tokio::test]
async fn the_authorize_page_can_sign_in_as_the_second_user() {
    let env = start_with(SandboxConfig {
        authorize_mode: AuthorizeMode::Interactive,
        ..SandboxConfig::default()
    })
    .await;
    let (s, v) = env
        .control(
            "authorize",
            json!({"mode": "interactive", "user": "second"}),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    let page = env
        .http
        .get(authorize_url(&env, REDIRECT, ALL_SCOPES))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(page.contains("Second Host"), "signed in as the second user");
    env.control(
        "authorize",
        json!({"mode": "auto_approve", "user": "second"}),
    )
    .await;
    let c = code(&env, ALL_SCOPES).await;
    let (s, t) = exchange(&env, &c, VERIFIER, REDIRECT).await;
    assert_eq!(s, 200, "{t}");
    assert_eq!(t["owner"], v["user"]);
    // Refreshing keeps the owner; the token acts for that user.
    let (s, r) = token(
        &env,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", t["refresh_token"].as_str().expect("rt")),
            ("client_id", "quotla-desktop-dev"),
        ],
    )
    .await;
    assert_eq!(s, 200, "{r}");
    assert_eq!(r["owner"], v["user"]);
    assert_eq!(r["organization"], t["organization"]);
    let (_, _, me) = env
        .get(r["access_token"].as_str().expect("at"), "/users/me")
        .await;
    assert_eq!(me["resource"]["name"], "Second Host");
    // Back to the default: the first user.
    let (_, v) = env
        .control("authorize", json!({"mode": "auto_approve"}))
        .await;
    let c = code(&env, ALL_SCOPES).await;
    let (_, t) = exchange(&env, &c, VERIFIER, REDIRECT).await;
    assert_eq!(t["owner"], v["user"]);
    assert_ne!(t["owner"], r["owner"]);
}
