//! Connecting and disconnecting through the relay, as a shipped build does: Calendly (the
//! sandbox) redirects to the relay's HTTPS landing page, which sends the browser on to
//! quotla://; connecting registers this desktop's inbox at the relay; disconnecting revokes
//! the tokens through the relay, which holds the client secret the desktop never sees.

use std::sync::Arc;

use calendly_sandbox::SandboxConfig;
use quotla_core::calendly::settings::{ConnectionSettings, SettingKey};
use quotla_core::calendly::CalendlyConnection;
use quotla_core::deep_link::{self, DeepLink};
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
                "CALENDLY_WEBHOOK_SIGNING_KEY" => Some("test-signing-key".into()),
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

    // Connecting registered this desktop's inbox: its token in the keyring, its id here.
    let consumer = secrets
        .get(SecretHandle::RelayConsumerToken)
        .expect("keyring")
        .expect("consumer token stored");
    assert!(consumer.len() > 20);
    assert!(store
        .app_setting("relay.inbox_id")
        .await
        .expect("read")
        .is_some());
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

    // Disconnecting revokes both tokens at Calendly through the relay and forgets them.
    let outcome = connection.disconnect(&store).await.expect("disconnect");
    assert!(outcome.revoked, "revoked through the relay");
    assert_eq!(outcome.hint, None, "nothing left for the user to do");
    assert!(!is_active(&http, &sandbox_url, &access).await);
    assert!(!is_active(&http, &sandbox_url, &refresh).await);
    assert_eq!(
        secrets.get(SecretHandle::CalendlyTokens).expect("read"),
        None
    );
    assert_eq!(
        secrets.get(SecretHandle::RelayConsumerToken).expect("read"),
        None
    );
    assert!(store.calendly_account().await.expect("read").is_none());

    relay.shutdown().await;
}
