//! Where the Calendly integration connects to.
//!
//! A shipped build bakes in its defaults at compile time (`QUOTLA_CALENDLY_CLIENT_ID`,
//! `QUOTLA_RELAY_URL`, …: the client id of a native app is public). Environment variables of
//! the same names override them at run time, and the advanced section of Settings →
//! Integrations overrides both (development, the sandbox, a self-hosted relay). A user of a
//! shipped build never has to set anything.

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::{CoreError, Result, Store};

/// Calendly's real hosts, as the Calendly client defines them.
const AUTH_BASE: &str = calendly::oauth::DEFAULT_AUTH_BASE;
const API_BASE: &str = calendly::client::DEFAULT_API_BASE;
/// Used when no relay is configured: a direct deep link (sandbox apps accept it).
const DIRECT_REDIRECT: &str = "quotla://oauth/calendly";
/// Prefix of every saved connection setting in `app_settings`.
const SAVED_PREFIX: &str = "calendly.";
/// Longest value accepted for any setting.
const MAX_LEN: usize = 512;

/// One setting: its name, environment variable and compile-time default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum SettingKey {
    ClientId,
    AuthBaseUrl,
    ApiBaseUrl,
    RedirectUri,
    RelayUrl,
}

impl SettingKey {
    /// Every key, in the order the advanced settings show them.
    pub const ALL: [SettingKey; 5] = [
        SettingKey::ClientId,
        SettingKey::AuthBaseUrl,
        SettingKey::ApiBaseUrl,
        SettingKey::RedirectUri,
        SettingKey::RelayUrl,
    ];

    fn env(self) -> &'static str {
        match self {
            SettingKey::ClientId => "QUOTLA_CALENDLY_CLIENT_ID",
            SettingKey::AuthBaseUrl => "QUOTLA_CALENDLY_AUTH_URL",
            SettingKey::ApiBaseUrl => "QUOTLA_CALENDLY_API_URL",
            SettingKey::RedirectUri => "QUOTLA_CALENDLY_REDIRECT_URI",
            SettingKey::RelayUrl => "QUOTLA_RELAY_URL",
        }
    }

    fn built_in(self) -> Option<&'static str> {
        match self {
            SettingKey::ClientId => option_env!("QUOTLA_CALENDLY_CLIENT_ID"),
            SettingKey::AuthBaseUrl => {
                Some(option_env!("QUOTLA_CALENDLY_AUTH_URL").unwrap_or(AUTH_BASE))
            }
            SettingKey::ApiBaseUrl => {
                Some(option_env!("QUOTLA_CALENDLY_API_URL").unwrap_or(API_BASE))
            }
            SettingKey::RedirectUri => option_env!("QUOTLA_CALENDLY_REDIRECT_URI"),
            SettingKey::RelayUrl => option_env!("QUOTLA_RELAY_URL"),
        }
    }

    fn stored_key(self) -> &'static str {
        match self {
            SettingKey::ClientId => "calendly.client_id",
            SettingKey::AuthBaseUrl => "calendly.auth_base_url",
            SettingKey::ApiBaseUrl => "calendly.api_base_url",
            SettingKey::RedirectUri => "calendly.redirect_uri",
            SettingKey::RelayUrl => "calendly.relay_url",
        }
    }
}

/// Where a setting's value came from, shown next to it in the advanced section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum SettingSource {
    Saved,
    Environment,
    BuiltIn,
    Unset,
}

/// One resolved setting for the advanced section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct SettingValue {
    pub key: SettingKey,
    pub value: Option<String>,
    pub source: SettingSource,
    pub env_var: String,
}

/// The resolved connection settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectionSettings {
    pub client_id: Option<String>,
    pub auth_base: String,
    pub api_base: String,
    pub redirect_uri: String,
    pub relay_url: Option<String>,
}

impl ConnectionSettings {
    /// Resolves every setting: saved override, then environment, then built-in default.
    /// Runs before every Calendly call, so the saved overrides come in one query.
    pub async fn resolve(store: &Store) -> Result<(ConnectionSettings, Vec<SettingValue>)> {
        let saved = store.app_settings_with_prefix(SAVED_PREFIX).await?;
        let values: Vec<SettingValue> = SettingKey::ALL
            .into_iter()
            .map(|key| resolve_one(key, saved.get(key.stored_key()).cloned()))
            .collect();
        let get = |key: SettingKey| {
            values
                .iter()
                .find(|v| v.key == key)
                .and_then(|v| v.value.clone())
        };
        let relay_url = get(SettingKey::RelayUrl).map(|u| u.trim_end_matches('/').to_string());
        let redirect_uri = get(SettingKey::RedirectUri).unwrap_or_else(|| match &relay_url {
            Some(relay) => format!("{relay}/oauth/calendly/callback"),
            None => DIRECT_REDIRECT.to_string(),
        });
        let settings = ConnectionSettings {
            client_id: get(SettingKey::ClientId),
            auth_base: get(SettingKey::AuthBaseUrl).unwrap_or_else(|| AUTH_BASE.into()),
            api_base: get(SettingKey::ApiBaseUrl).unwrap_or_else(|| API_BASE.into()),
            redirect_uri,
            relay_url,
        };
        Ok((settings, values))
    }

    /// Saves (or with `None`/empty clears) an advanced override after checking it.
    ///
    /// Where tokens are sent (client id, OAuth and API hosts, relay) cannot change while an
    /// account is connected: the stored tokens would otherwise go to the new host.
    pub async fn save(store: &Store, key: SettingKey, value: Option<&str>) -> Result<()> {
        if key != SettingKey::RedirectUri && store.calendly_account().await?.is_some() {
            return Err(CoreError::InvalidState(
                "Disconnect Calendly before changing where Quotla connects to.".into(),
            ));
        }
        let value = value.map(str::trim).filter(|v| !v.is_empty());
        if let Some(value) = value {
            validate(key, value)?;
        }
        store.set_app_setting(key.stored_key(), value).await
    }
}

fn resolve_one(key: SettingKey, saved: Option<String>) -> SettingValue {
    let env_var = key.env().to_string();
    if let Some(saved) = saved {
        return SettingValue {
            key,
            value: Some(saved),
            source: SettingSource::Saved,
            env_var,
        };
    }
    if let Some(env) = std::env::var(key.env())
        .ok()
        .filter(|v| !v.trim().is_empty())
    {
        return SettingValue {
            key,
            value: Some(env.trim().to_string()),
            source: SettingSource::Environment,
            env_var,
        };
    }
    let built_in = key.built_in().map(str::to_string);
    let source = if built_in.is_some() {
        SettingSource::BuiltIn
    } else {
        SettingSource::Unset
    };
    SettingValue {
        key,
        value: built_in,
        source,
        env_var,
    }
}

fn validate(key: SettingKey, value: &str) -> Result<()> {
    let field = match key {
        SettingKey::ClientId => "client_id",
        SettingKey::AuthBaseUrl => "auth_base_url",
        SettingKey::ApiBaseUrl => "api_base_url",
        SettingKey::RedirectUri => "redirect_uri",
        SettingKey::RelayUrl => "relay_url",
    };
    if value.len() > MAX_LEN {
        return Err(CoreError::field(field, "This value is too long."));
    }
    if key == SettingKey::ClientId {
        let ok = value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
        return if ok {
            Ok(())
        } else {
            Err(CoreError::field(
                field,
                "A client id has only letters, digits, '-', '_' and '.'.",
            ))
        };
    }
    let url = url::Url::parse(value)
        .map_err(|_| CoreError::field(field, "Enter a full URL, e.g. https://example.com."))?;
    let allowed = match key {
        SettingKey::RedirectUri => matches!(url.scheme(), "https" | "http" | "quotla"),
        _ => matches!(url.scheme(), "https" | "http"),
    };
    // Plain HTTP only to this machine (the sandbox, a local relay): tokens cross it.
    if !allowed || (url.scheme() == "http" && !is_loopback(&url)) {
        return Err(CoreError::field(
            field,
            "Use an https:// URL (http:// only for 127.0.0.1 or localhost).",
        ));
    }
    Ok(())
}

/// Whether `url` points at this machine, the only place plain HTTP may go.
pub fn is_loopback(url: &url::Url) -> bool {
    matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"))
}
