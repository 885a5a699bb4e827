//! The Calendly connection against the running sandbox, with tokens in the real kernel
//! keyring (keyutils): refresh is single flight inside a process and across processes,
//! a refused refresh means "reconnect needed" with data kept, and no token reaches SQLite.

use std::path::Path;
use std::sync::Arc;

use calendly::oauth::{Scopes, TokenSet};
use calendly::Secret;
use calendly_sandbox::SandboxConfig;
use quotla_core::calendly::account::{AccountFacts, AccountStatus};
use quotla_core::calendly::settings::{ConnectionSettings, SettingKey};
use quotla_core::calendly::{CalendlyConnection, ConnectError};
use quotla_core::Store;
use quotla_secrets::{Backend, SecretHandle, SecretStore};
use serde_json::{json, Value};
use time::{Duration, OffsetDateTime};

const SCOPES: &str =
    "users:read event_types:read scheduling_links:write scheduled_events:write webhooks:write";

struct Fixture {
    sandbox: calendly_sandbox::Sandbox,
    http: reqwest::Client,
    dir: tempfile::TempDir,
    store: Store,
    secrets: Arc<SecretStore>,
}

impl Fixture {
    async fn new() -> Fixture {
        let sandbox = calendly_sandbox::spawn(SandboxConfig::default())
            .await
            .expect("sandbox starts");
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(dir.path().join("quotla.db"))
            .await
            .expect("store opens");
        let base = sandbox.base_url().to_string();
        for (key, value) in [
            (SettingKey::ClientId, "quotla-desktop-dev"),
            (SettingKey::AuthBaseUrl, base.as_str()),
            (SettingKey::ApiBaseUrl, base.as_str()),
            (SettingKey::RedirectUri, "quotla://oauth/calendly"),
        ] {
            ConnectionSettings::save(&store, key, Some(value))
                .await
                .expect("setting saved");
        }
        let secrets = Arc::new(
            SecretStore::with_backend(Backend::Keyutils, dir.path()).expect("keyutils store"),
        );
        Fixture {
            sandbox,
            http: reqwest::Client::new(),
            dir,
            store,
            secrets,
        }
    }

    async fn control(&self, path: &str, body: Value) -> Value {
        let response = self
            .http
            .post(format!("{}/_sandbox/{path}", self.sandbox.base_url()))
            .json(&body)
            .send()
            .await
            .expect("control request");
        assert!(
            response.status().is_success(),
            "{path}: {}",
            response.status()
        );
        response.json().await.unwrap_or(Value::Null)
    }

    async fn refreshes(&self) -> u64 {
        let stats: Value = self
            .http
            .get(format!("{}/_sandbox/stats", self.sandbox.base_url()))
            .send()
            .await
            .expect("stats")
            .json()
            .await
            .expect("stats json");
        stats["token_requests"]["refresh_token"]
            .as_u64()
            .expect("refresh count")
    }

    /// Tokens minted for the seeded user, stored as if the OAuth flow had just finished,
    /// but recorded as expiring within the refresh margin.
    async fn connect_expiring(&self) -> TokenSet {
        let minted = self.control("tokens", json!({ "scope": SCOPES })).await;
        let tokens = TokenSet {
            access_token: Secret::new(minted["access_token"].as_str().expect("access")),
            refresh_token: Some(Secret::new(
                minted["refresh_token"].as_str().expect("refresh"),
            )),
            expires_at: OffsetDateTime::now_utc() + Duration::seconds(30),
            scopes: Scopes::parse(SCOPES),
            owner: minted["owner"].as_str().map(str::to_string),
            organization: minted["organization"].as_str().map(str::to_string),
        };
        self.secrets
            .set(
                SecretHandle::CalendlyTokens,
                &serde_json::to_string(&tokens).expect("encode"),
            )
            .expect("keyring write");
        self.store
            .save_calendly_account(&AccountFacts {
                user_uri: minted["owner"].as_str().expect("owner").into(),
                organization_uri: minted["organization"].as_str().map(str::to_string),
                name: None,
                email: None,
                scheduling_url: None,
                timezone: None,
                scopes: Scopes::parse(SCOPES),
                status: AccountStatus::Connected,
                default_event_type_uri: None,
                event_types_fetched_at: None,
                connected_at: String::new(),
            })
            .await
            .expect("account saved");
        tokens
    }

    fn connection(&self) -> CalendlyConnection {
        CalendlyConnection::new(self.dir.path(), self.secrets.clone())
    }

    fn stored_tokens(&self) -> TokenSet {
        let json = self
            .secrets
            .get(SecretHandle::CalendlyTokens)
            .expect("keyring read")
            .expect("tokens stored");
        serde_json::from_str(&json).expect("token json")
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        // The kernel keyring outlives the test: leave nothing behind.
        let _ = self.secrets.delete(SecretHandle::CalendlyTokens);
    }
}

async fn whoami(connection: &CalendlyConnection, store: &Store) -> Result<String, ConnectError> {
    connection
        .call(store, |api| {
            Box::pin(async move { api.current_user().await })
        })
        .await
        .map(|user| user.uri)
}

/// Every file of the database, including the WAL and shared-memory files.
fn database_bytes(dir: &Path) -> Vec<u8> {
    let mut bytes = Vec::new();
    for name in ["quotla.db", "quotla.db-wal", "quotla.db-shm"] {
        if let Ok(b) = std::fs::read(dir.join(name)) {
            bytes.extend(b);
        }
    }
    bytes
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_calls_at_expiry_cause_exactly_one_refresh() {
    let fx = Fixture::new().await;
    let old = fx.connect_expiring().await;
    let connection = Arc::new(fx.connection());
    let before = fx.refreshes().await;

    let calls = (0..20).map(|_| {
        let connection = connection.clone();
        let store = fx.store.clone();
        tokio::spawn(async move { whoami(&connection, &store).await })
    });
    let results = futures_join(calls).await;
    for result in &results {
        assert!(result.is_ok(), "a call failed: {result:?}");
    }
    assert_eq!(
        fx.refreshes().await - before,
        1,
        "exactly one refresh request"
    );
    let logged = fx.store.sync_log_entries(100).await.expect("sync log");
    let refreshed: Vec<_> = logged
        .iter()
        .filter(|e| e.kind == quotla_core::store::SyncLogKind::TokenRefreshed)
        .collect();
    assert_eq!(refreshed.len(), 1, "the refresh is logged once: {logged:?}");

    let new = fx.stored_tokens();
    assert_ne!(new.access_token.expose(), old.access_token.expose());
    assert_ne!(
        new.refresh_token.as_ref().map(Secret::expose),
        old.refresh_token.as_ref().map(Secret::expose),
        "the rotated refresh token was persisted"
    );
    assert!(new.expires_at > OffsetDateTime::now_utc() + Duration::minutes(30));

    // No token ever reaches the database files.
    let db = database_bytes(fx.dir.path());
    for secret in [
        old.access_token.expose(),
        old.refresh_token.as_ref().expect("refresh").expose(),
        new.access_token.expose(),
        new.refresh_token.as_ref().expect("refresh").expose(),
    ] {
        assert!(!contains(&db, secret), "a token was written to SQLite");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_processes_sharing_a_data_directory_refresh_once() {
    let fx = Fixture::new().await;
    fx.connect_expiring().await;
    // Two connections stand for two processes: separate memory, one lock file, one keyring.
    let first = Arc::new(fx.connection());
    let second = Arc::new(fx.connection());
    let before = fx.refreshes().await;

    let calls = (0..10).map(|i| {
        let connection = if i % 2 == 0 {
            first.clone()
        } else {
            second.clone()
        };
        let store = fx.store.clone();
        tokio::spawn(async move { whoami(&connection, &store).await })
    });
    for result in futures_join(calls).await {
        assert!(result.is_ok(), "a call failed: {result:?}");
    }
    assert_eq!(fx.refreshes().await - before, 1, "one refresh across both");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_refresh_asks_for_reconnect_and_keeps_the_account() {
    let fx = Fixture::new().await;
    fx.connect_expiring().await;
    fx.control("tokens/revoke", json!({})).await;
    let connection = fx.connection();

    let result = whoami(&connection, &fx.store).await;
    assert!(
        matches!(result, Err(ConnectError::ReconnectNeeded)),
        "got {result:?}"
    );
    let account = fx
        .store
        .calendly_account()
        .await
        .expect("read account")
        .expect("account kept");
    assert_eq!(account.status, AccountStatus::ReconnectNeeded);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_access_token_refused_early_is_replaced_once() {
    let fx = Fixture::new().await;
    let mut tokens = fx.connect_expiring().await;
    // The keyring believes the token is good for an hour, but Calendly expired it.
    tokens.expires_at = OffsetDateTime::now_utc() + Duration::hours(1);
    fx.secrets
        .set(
            SecretHandle::CalendlyTokens,
            &serde_json::to_string(&tokens).expect("encode"),
        )
        .expect("keyring write");
    fx.control(
        "tokens/expire",
        json!({ "token": tokens.access_token.expose() }),
    )
    .await;
    let before = fx.refreshes().await;

    let user = whoami(&fx.connection(), &fx.store)
        .await
        .expect("call succeeds");
    assert!(user.contains("/users/"), "{user}");
    assert_eq!(fx.refreshes().await - before, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tokens_missing_from_the_keyring_turn_the_account_to_reconnect_needed() {
    let fx = Fixture::new().await;
    fx.connect_expiring().await;
    // What a reboot does to keyutils.
    fx.secrets
        .delete(SecretHandle::CalendlyTokens)
        .expect("keyring delete");
    fx.connection()
        .check_tokens_present(&fx.store)
        .await
        .expect("check runs");
    let account = fx
        .store
        .calendly_account()
        .await
        .expect("read")
        .expect("account kept");
    assert_eq!(account.status, AccountStatus::ReconnectNeeded);
}

async fn futures_join<T: Send + 'static>(
    handles: impl Iterator<Item = tokio::task::JoinHandle<T>>,
) -> Vec<T> {
    let mut out = Vec::new();
    for handle in handles {
        out.push(handle.await.expect("task"));
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn where_tokens_go_cannot_change_while_connected() {
    let fx = Fixture::new().await;
    fx.connect_expiring().await;
    for key in [
        SettingKey::ClientId,
        SettingKey::AuthBaseUrl,
        SettingKey::ApiBaseUrl,
        SettingKey::RelayUrl,
    ] {
        let refused = ConnectionSettings::save(&fx.store, key, Some("https://evil.example")).await;
        assert!(
            matches!(refused, Err(quotla_core::CoreError::InvalidState(_))),
            "{key:?}: {refused:?}"
        );
    }
    let (settings, _) = ConnectionSettings::resolve(&fx.store)
        .await
        .expect("resolve");
    assert_eq!(settings.api_base, fx.sandbox.base_url());
    // After disconnecting, the settings are free again. Without a relay nothing could
    // revoke the tokens, so the user is told where to do it.
    let engine = quotla_core::sync::SyncEngine::new(fx.store.clone(), Arc::new(fx.connection()));
    let outcome = engine.disconnect(false).await.expect("disconnect");
    assert!(!outcome.revoked);
    assert!(outcome
        .hint
        .as_deref()
        .is_some_and(|h| h.contains("Integrations & apps")));
    ConnectionSettings::save(
        &fx.store,
        SettingKey::ApiBaseUrl,
        Some("https://api.example"),
    )
    .await
    .expect("saved once disconnected");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connecting_another_user_drops_the_previous_event_types() {
    let fx = Fixture::new().await;
    fx.connect_expiring().await;
    let connection = fx.connection();
    let types = connection
        .refresh_event_types(&fx.store)
        .await
        .expect("event types fetched");
    assert!(!types.is_empty());
    let mut other = fx
        .store
        .calendly_account()
        .await
        .expect("read")
        .expect("account");
    other.user_uri = format!("{}/users/SOMEONE_ELSE", fx.sandbox.base_url());
    fx.store.save_calendly_account(&other).await.expect("saved");
    assert!(fx
        .store
        .calendly_event_types()
        .await
        .expect("read")
        .is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restore_during_a_token_refresh_leaves_both_working() {
    let fx = Fixture::new().await;
    fx.connect_expiring().await;
    let backups = tempfile::tempdir().expect("tempdir");
    let backup = backups.path().join("before-refresh.db");
    fx.store.backup_to(&backup).await.expect("backup");
    let before = fx.refreshes().await;
    // The refresh request (the next one the sandbox sees) takes a while.
    fx.control("faults", json!({ "kind": "slow", "delay_ms": 600 }))
        .await;

    let connection = Arc::new(fx.connection());
    let refreshing = {
        let connection = connection.clone();
        let store = fx.store.clone();
        tokio::spawn(async move { connection.refresh_event_types(&store).await })
    };
    // Restore while the refresh waits for the sandbox.
    while fx.refreshes().await == before && !refreshing.is_finished() {
        tokio::task::yield_now().await;
    }
    fx.store.restore_from(&backup).await.expect("restore");
    // Whether its write landed before or after the swap, the refresh ends cleanly…
    let outcome = refreshing.await.expect("no panic");
    assert!(
        matches!(outcome, Ok(_) | Err(ConnectError::Core(_))),
        "{outcome:?}"
    );
    assert_eq!(fx.refreshes().await - before, 1, "one refresh, kept");
    // …and the connection goes on against the restored database with the new tokens.
    let types = connection
        .refresh_event_types(&fx.store)
        .await
        .expect("works after the restore");
    assert!(!types.is_empty());
    assert_eq!(fx.store.calendly_event_types().await.expect("read"), types);
    assert_eq!(fx.refreshes().await - before, 1, "no second refresh needed");
}
