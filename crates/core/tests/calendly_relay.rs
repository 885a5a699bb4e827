//! Connecting and disconnecting through the relay, as a shipped build does: Calendly (the
//! sandbox) redirects to the relay's HTTPS landing page, which sends the browser on to
//! quotla://; connecting registers this desktop's inbox at the relay; disconnecting revokes
//! the tokens through the relay, which holds the client secret the desktop never sees.

use std::sync::Arc;

use calendly_sandbox::SandboxConfig;
use quotla_core::calendly::settings::{ConnectionSettings, SettingKey};
use quotla_core::calendly::CalendlyConnection;
use quotla_core::deep_link::{self, DeepLink};
use quotla_core::sync::SyncEngine;
use quotla_core::Store;
use quotla_relay::config::Config as RelayConfig;
use quotla_secrets::{Backend, SecretHandle, SecretStore};
use serde_json::Value;

const CLIENT_SECRET: &str = "sandbox-client-secret";

async fn is_active(http: &reqwest::Client, sandbox: &str, token: &str) -> bool {
    let form = [
        ("client_id", "quotla-desktop-dev"),
        ("client_secret", CLIENT_SECRET),
        ("token", token),
    ];
    let answer: Value = http
        .post(format!("{sandbox}/oauth/introspect"))
        .form(&form)
        .send()
        .await
        .expect("introspect")
        .json()
        .await
        .expect("introspect json");
    answer["active"].as_bool().expect("active flag")
}

/// (callback URL, state) of every subscription the sandbox holds.
async fn sandbox_subscriptions(http: &reqwest::Client, sandbox: &str) -> Vec<(String, String)> {
    let list: Value = http
        .get(format!("{sandbox}/_sandbox/webhook_subscriptions"))
        .send()
        .await
        .expect("subscriptions")
        .json()
        .await
        .expect("subscriptions json");
    list["subscriptions"]
        .as_array()
        .expect("list")
        .iter()
        .map(|s| {
            (
                s["callback_url"].as_str().unwrap_or_default().to_string(),
                s["state"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// Books the account's first event type on the sandbox; returns the invitee URI.
async fn book(
    http: &reqwest::Client,
    sandbox: &str,
    store: &Store,
    name: &str,
    email: &str,
) -> String {
    let event_type = store.calendly_event_types().await.expect("types")[0]
        .uri
        .clone();
    let booked: Value = http
        .post(format!("{sandbox}/_sandbox/book"))
        .json(&serde_json::json!({ "event_type": event_type, "name": name, "email": email }))
        .send()
        .await
        .expect("book")
        .json()
        .await
        .expect("booking json");
    booked["invitee"]["uri"]
        .as_str()
        .expect("invitee uri")
        .to_string()
}

/// The `quotla://` link of the landing page's "Open Quotla" button, unescaped.
fn open_quotla_link(page: &str) -> String {
    let start = page.find("quotla://").expect("the page links to quotla://");
    let end = start + page[start..].find('"').expect("link ends");
    page[start..end].replace("&amp;", "&")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connect_registers_an_inbox_and_disconnect_revokes_through_the_relay() {
    let sandbox = calendly_sandbox::spawn(SandboxConfig::default())
        .await
        .expect("sandbox starts");
    let sandbox_url = sandbox.base_url().to_string();
    let dir = tempfile::tempdir().expect("tempdir");
    let relay_db = format!("sqlite://{}", dir.path().join("relay.db").display());
    let relay = quotla_relay::start(
        RelayConfig::from_args(
            [
                "--listen",
                "127.0.0.1:0",
                "--database-url",
                &relay_db,
                "--calendly-client-id",
                "quotla-desktop-dev",
                "--calendly-auth-base-url",
                &sandbox_url,
            ],
            |name| match name {
                "CALENDLY_CLIENT_SECRET" => Some(CLIENT_SECRET.into()),
                "CALENDLY_WEBHOOK_SIGNING_KEY" => Some("sandbox-signing-key".into()),
                _ => None,
            },
        )
        .expect("relay flags"),
    )
    .await
    .expect("relay starts");
    let relay_url = format!("http://{}", relay.addr());

    let store = Store::open(dir.path().join("quotla.db"))
        .await
        .expect("store");
    for (key, value) in [
        (SettingKey::ClientId, "quotla-desktop-dev"),
        (SettingKey::AuthBaseUrl, sandbox_url.as_str()),
        (SettingKey::ApiBaseUrl, sandbox_url.as_str()),
        (SettingKey::RelayUrl, relay_url.as_str()),
    ] {
        ConnectionSettings::save(&store, key, Some(value))
            .await
            .expect("setting");
    }
    let secrets =
        Arc::new(SecretStore::with_backend(Backend::Keyutils, dir.path()).expect("keyutils"));
    let connection = CalendlyConnection::new(dir.path(), secrets.clone());

    // The browser: Calendly's page redirects to the relay's landing page…
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("http");
    let authorize = connection.begin(&store).await.expect("begin");
    assert_eq!(
        authorize
            .query_pairs()
            .find(|(k, _)| k == "redirect_uri")
            .map(|(_, v)| v.into_owned()),
        Some(format!("{relay_url}/oauth/calendly/callback"))
    );
    let to_landing = http.get(authorize).send().await.expect("authorize");
    assert_eq!(to_landing.status(), 302);
    let landing = to_landing.headers()["location"]
        .to_str()
        .expect("location")
        .to_string();
    // …which shows "Open Quotla" with the quotla:// link, and the OS hands it to the app.
    let page = http
        .get(&landing)
        .send()
        .await
        .expect("landing page")
        .text()
        .await
        .expect("page");
    let DeepLink::CalendlyOAuth(callback) =
        deep_link::parse(&open_quotla_link(&page)).expect("a valid callback link");
    let account = connection
        .complete(&store, callback)
        .await
        .expect("connected");
    assert_eq!(
        account.email.as_deref(),
        Some("morgan@avery-studio.example")
    );

    // After connecting, the engine sets up the push path: an inbox bound to this user
    // (its token in the keyring, its id in sync_state) and one subscription pointing at it.
    let connection = Arc::new(connection);
    let engine = Arc::new(SyncEngine::new(store.clone(), connection.clone()));
    let push = engine.ensure_push_path().await.expect("push path");
    assert!(
        push.live && push.inbox_registered && push.subscription_created,
        "{push:?}"
    );
    let consumer = secrets
        .get(SecretHandle::RelayConsumerToken)
        .expect("keyring")
        .expect("consumer token stored");
    assert!(consumer.len() > 20);
    let state = store.sync_state().await.expect("sync state");
    let webhook_url = state.webhook_url.clone().expect("webhook url");
    assert_eq!(state.inbox_user.as_deref(), Some(account.user_uri.as_str()));
    let subscriptions = sandbox_subscriptions(&http, &sandbox_url).await;
    assert_eq!(
        subscriptions,
        vec![(webhook_url.clone(), "active".to_string())]
    );
    // Checking again (a restart) changes nothing: the same inbox, the same subscription.
    let again = engine.ensure_push_path().await.expect("push path again");
    assert!(again.live && !again.inbox_registered && !again.subscription_created);
    assert_eq!(sandbox_subscriptions(&http, &sandbox_url).await.len(), 1);

    // A booking travels Calendly → relay → this desktop.
    let invitee = book(
        &http,
        &sandbox_url,
        &store,
        "Ann Example",
        "ann@example.com",
    )
    .await;
    let mut applied = Vec::new();
    for _ in 0..50 {
        let report = engine
            .pull(std::time::Duration::from_secs(2), |_| {})
            .await
            .expect("pull");
        applied.extend(report.applied);
        if !applied.is_empty() {
            break;
        }
    }
    assert_eq!(applied.len(), 1);
    assert_eq!(applied[0].invitee_uri, invitee);
    assert!(store.sync_state().await.expect("state").relay_cursor > 0);

    // A backup from now; then a second booking arrives and is acknowledged.
    let backup = dir.path().join("backup.db");
    store.backup_to(&backup).await.expect("backup");
    book(&http, &sandbox_url, &store, "Bo", "bo@example.com").await;
    let mut pulled = 0;
    for _ in 0..50 {
        pulled += engine
            .pull(std::time::Duration::from_secs(2), |_| {})
            .await
            .expect("pull")
            .applied
            .len();
        if pulled > 0 {
            break;
        }
    }
    assert_eq!(store.meeting_count().await.expect("count"), 2);
    // Restoring the backup while a long poll is parked: the poll is not in the way, and
    // afterwards the push path checks out and reconcile brings back what the backup lacks.
    let parked = {
        let engine = engine.clone();
        tokio::spawn(async move { engine.pull(std::time::Duration::from_secs(3), |_| {}).await })
    };
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    store.restore_from(&backup).await.expect("restore");
    assert_eq!(store.meeting_count().await.expect("count"), 1);
    parked
        .await
        .expect("joined")
        .expect("the parked poll ends cleanly");
    let check = engine
        .ensure_push_path()
        .await
        .expect("push path after restore");
    assert!(
        check.live && !check.inbox_registered && !check.subscription_created,
        "{check:?}"
    );
    let healed = engine.reconcile(false, |_| {}).await.expect("reconcile");
    assert_eq!(healed.applied.applied.len(), 1, "{healed:?}");
    assert_eq!(store.meeting_count().await.expect("count"), 2);

    let tokens: Value = serde_json::from_str(
        &secrets
            .get(SecretHandle::CalendlyTokens)
            .expect("keyring")
            .expect("tokens"),
    )
    .expect("token json");
    let access = tokens["access_token"].as_str().expect("access").to_string();
    let refresh = tokens["refresh_token"]
        .as_str()
        .expect("refresh")
        .to_string();
    assert!(is_active(&http, &sandbox_url, &access).await);

    // Disconnecting deletes the subscription first (it needs the tokens), then revokes
    // both tokens through the relay (it needs the still-bound inbox), then deletes the
    // inbox and forgets everything; the meetings are kept unless asked otherwise.
    let outcome = engine.disconnect(false).await.expect("disconnect");
    assert!(outcome.revoked, "revoked through the relay");
    assert_eq!(outcome.hint, None, "nothing left for the user to do");
    assert!(sandbox_subscriptions(&http, &sandbox_url).await.is_empty());
    assert!(!is_active(&http, &sandbox_url, &access).await);
    assert!(!is_active(&http, &sandbox_url, &refresh).await);
    let gone = http
        .post(&webhook_url)
        .body("{}")
        .send()
        .await
        .expect("webhook to the deleted inbox");
    assert_eq!(
        gone.status(),
        410,
        "a deleted inbox makes Calendly drop any subscription"
    );
    assert_eq!(
        secrets.get(SecretHandle::CalendlyTokens).expect("read"),
        None
    );
    assert_eq!(
        secrets.get(SecretHandle::RelayConsumerToken).expect("read"),
        None
    );
    assert!(store.calendly_account().await.expect("read").is_none());
    assert_eq!(store.sync_state().await.expect("state").inbox_id, None);
    assert_eq!(
        store.meeting_count().await.expect("count"),
        2,
        "meetings kept"
    );

    relay.shutdown().await;
}
