//! `POST /v1/oauth/revoke` against the Calendly sandbox: the relay revokes only tokens that
//! Calendly says belong to the inbox's bound user, with a secret the desktop never holds.

mod common;

use calendly_sandbox::SandboxConfig;
use common::*;
use serde_json::{json, Value};

const CLIENT_SECRET: &str = "sandbox-client-secret";

fn env_with_secret(name: &str) -> Option<String> {
    match name {
        "CALENDLY_CLIENT_SECRET" => Some(CLIENT_SECRET.into()),
        other => secrets(other),
    }
}

async fn is_active(http: &reqwest::Client, sandbox: &str, token: &str) -> bool {
    let form = [
        ("client_id", "quotla-desktop-dev"),
        ("client_secret", CLIENT_SECRET),
        ("token", token),
    ];
    let v: Value = http
        .post(format!("{sandbox}/oauth/introspect"))
        .form(&form)
        .send()
        .await
        .expect("introspect")
        .json()
        .await
        .expect("json");
    v["active"].as_bool().expect("active")
}

async fn revoke(http: &reqwest::Client, base: &str, consumer: Option<&str>, body: Value) -> u16 {
    let mut request = http.post(format!("{base}/v1/oauth/revoke")).json(&body);
    if let Some(consumer) = consumer {
        request = request.bearer_auth(consumer);
    }
    request.send().await.expect("revoke").status().as_u16()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn revokes_only_the_bound_users_tokens() {
    let config = SandboxConfig {
        client_secret: CLIENT_SECRET.into(),
        ..SandboxConfig::default()
    };
    let sandbox = calendly_sandbox::spawn(config).await.expect("sandbox");
    let sandbox_url = sandbox.base_url().to_owned();
    let http = client();
    let issued: Value = http
        .post(format!("{sandbox_url}/_sandbox/tokens"))
        .json(&json!({ "scope": "users:read" }))
        .send()
        .await
        .expect("tokens")
        .json()
        .await
        .expect("json");
    let access = issued["access_token"]
        .as_str()
        .expect("access_token")
        .to_owned();
    let owner = issued["owner"].as_str().expect("owner").to_owned();

    let db = TestDb::new(Backend::Sqlite).await;
    let relay = start_relay_env(
        &db.url,
        &[
            "--calendly-client-id",
            "quotla-desktop-dev",
            "--calendly-auth-base-url",
            &sandbox_url,
        ],
        env_with_secret,
    )
    .await;
    let base = base(&relay);
    let mine = register(&http, &base, Some(&owner)).await;
    let strangers = register(&http, &base, Some(OTHER_USER)).await;
    let unbound = register(&http, &base, None).await;
    let body = json!({ "token": access });

    assert_eq!(revoke(&http, &base, None, body.clone()).await, 401);
    assert_eq!(
        revoke(&http, &base, Some("qrt_wrong"), body.clone()).await,
        401
    );
    assert_eq!(
        revoke(&http, &base, Some(&unbound.token), body.clone()).await,
        403
    );
    assert_eq!(
        revoke(&http, &base, Some(&strangers.token), body.clone()).await,
        403,
        "a stranger's inbox cannot revoke this user's token"
    );
    assert_eq!(
        revoke(&http, &base, Some(&mine.token), json!({ "token": "" })).await,
        400
    );
    assert_eq!(
        revoke(&http, &base, Some(&mine.token), json!({ "tok": 1 })).await,
        400
    );
    assert!(
        is_active(&http, &sandbox_url, &access).await,
        "still active after refusals"
    );

    assert_eq!(
        revoke(&http, &base, Some(&mine.token), body.clone()).await,
        204
    );
    assert!(
        !is_active(&http, &sandbox_url, &access).await,
        "revoked at Calendly"
    );
    assert_eq!(
        revoke(&http, &base, Some(&mine.token), body.clone()).await,
        204,
        "an inactive token needs nothing more"
    );
    relay.shutdown().await;

    // Without the client secret the proxy is unavailable rather than half-working.
    let relay = start_relay(&db.url, &["--calendly-auth-base-url", &sandbox_url]).await;
    let base = common::base(&relay);
    assert_eq!(revoke(&http, &base, Some(&mine.token), body).await, 503);
    relay.shutdown().await;
    sandbox.shutdown().await;
}
