//! Opening things outside the app: booking pages and join links in the system browser, and
//! a prepared e-mail in the user's mail program. Only `https:` pages and `mailto:` drafts:
//! links a booker typed never reach the opener as `javascript:`, `file:` or a custom scheme.
//! The one exception is a Calendly configured on this machine (the sandbox, `make demo`):
//! its own pages are served over plain HTTP on loopback, and they open too.

use quotla_core::calendly::settings::{is_loopback, ConnectionSettings};
use quotla_core::CoreError;
use tauri::{AppHandle, Runtime, State};

use crate::calendly::browser;
use crate::error::AppError;
use crate::state::AppState;

/// Longest URL accepted (a mailto: draft with a message stays far below it).
const MAX_URL_LEN: usize = 8 * 1024;

/// Opens an `https:` page in the system browser or a `mailto:` draft in the mail program.
#[tauri::command]
#[specta::specta]
pub async fn open_external<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    url: String,
) -> Result<(), AppError> {
    let (settings, _) = ConnectionSettings::resolve(&*state.store().await).await?;
    let url = allowed(&url, &local_calendly(&settings.api_base))?;
    browser::open(&app, state.data_dir(), &url)
}

/// The origin of a Calendly served over plain HTTP on this machine, if that is the one
/// configured.
fn local_calendly(api_base: &str) -> Option<url::Origin> {
    url::Url::parse(api_base)
        .ok()
        .filter(|u| u.scheme() == "http" && is_loopback(u))
        .map(|u| u.origin())
}

/// The URL if it may be opened: `local` is the only plain-HTTP origin allowed.
fn allowed(raw: &str, local: &Option<url::Origin>) -> Result<url::Url, CoreError> {
    let refuse = || {
        CoreError::field(
            "url",
            "Quotla only opens secure web pages (https) and e-mail drafts",
        )
    };
    if raw.len() > MAX_URL_LEN {
        return Err(CoreError::field("url", "the address is too long to open"));
    }
    let url = url::Url::parse(raw.trim()).map_err(|_| refuse())?;
    match url.scheme() {
        // No user info: `https://calendly.com@evil.example` is not Calendly.
        "https"
            if url.host_str().is_some_and(|h| !h.is_empty())
                && url.username().is_empty()
                && url.password().is_none() =>
        {
            Ok(url)
        }
        "http"
            if local.as_ref() == Some(&url.origin())
                && url.username().is_empty()
                && url.password().is_none() =>
        {
            Ok(url)
        }
        // A draft with a subject and a body only: some mail programs honour `attach=`.
        "mailto"
            if url
                .query_pairs()
                .all(|(key, _)| MAILTO_KEYS.contains(&key.to_ascii_lowercase().as_str())) =>
        {
            Ok(url)
        }
        _ => Err(refuse()),
    }
}

/// Query keys a `mailto:` draft may carry.
const MAILTO_KEYS: [&str; 4] = ["subject", "body", "cc", "bcc"];

#[cfg(test)]
mod tests {
    use super::{allowed, local_calendly};

    #[test]
    fn secure_pages_and_mail_drafts_are_opened() {
        for ok in [
            "https://calendly.com/d/abc?utm_source=quotla",
            " https://zoom.example.com/j/1 ",
            "mailto:ada%40example.com?subject=Hi&body=Line%0Atwo",
            "mailto:?subject=no%20recipient",
        ] {
            assert!(
                allowed(ok, &local_calendly("https://api.calendly.com")).is_ok(),
                "{ok}"
            );
        }
    }

    #[test]
    fn everything_else_is_refused() {
        let long = format!("https://example.com/{}", "a".repeat(9000));
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "http://zoom.example.com/j/1",
            "file:///etc/passwd",
            "quotla://oauth/calendly?code=x",
            "data:text/html,<script>alert(1)</script>",
            "ftp://example.com",
            "https://calendly.com@evil.example/d/abc",
            "https://user:pass@example.com/",
            "mailto:a@example.com?subject=Hi&attach=/etc/passwd",
            "mailto:a@example.com?Attachment=~/.ssh/id_rsa",
            "not a url",
            "",
            long.as_str(),
        ] {
            assert!(
                allowed(bad, &local_calendly("http://127.0.0.1:4010")).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn a_calendly_on_this_machine_opens_its_own_pages_only() {
        let sandbox = local_calendly("http://127.0.0.1:4010");
        for ok in [
            "http://127.0.0.1:4010/d/abc?utm_content=t0k3n",
            "http://127.0.0.1:4010/meet/1",
        ] {
            assert!(allowed(ok, &sandbox).is_ok(), "{ok}");
        }
        for bad in [
            "http://127.0.0.1:4011/d/abc",
            "http://localhost:4010/d/abc",
            "http://user@127.0.0.1:4010/d/abc",
            "http://:secret@127.0.0.1:4010/d/abc",
            "http://zoom.example.com/j/1",
        ] {
            assert!(allowed(bad, &sandbox).is_err(), "{bad}");
        }
        // Calendly itself, or a Calendly elsewhere over plain HTTP, allows no HTTP page at all.
        for config in [
            "https://api.calendly.com",
            "http://calendly.example",
            "not a url",
        ] {
            let local = local_calendly(config);
            assert!(
                allowed("http://127.0.0.1:4010/d/abc", &local).is_err(),
                "{config}"
            );
        }
    }
}
