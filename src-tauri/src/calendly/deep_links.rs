//! `quotla://` links handed over by the OS: on Linux and Windows a second process started
//! with the URL passes it to this one through the single-instance plugin; the deep-link
//! plugin delivers it here. Every link is parsed strictly; anything unexpected is refused,
//! logged without its values, and reported to the user, never acted on.

use quotla_core::deep_link::{self, DeepLink, OAuthCallback};
use tauri::{Manager, Runtime};

use quotla_core::notices::Notice;

use super::notices::notify;
use crate::error::AppError;
use crate::events::{changed, Resource};
use crate::profiles;
use crate::state::AppState;

/// The `quotla:` arguments of a command line (the first item, the program, is skipped).
pub fn links_in(args: impl IntoIterator<Item = String>) -> Vec<String> {
    args.into_iter()
        .skip(1)
        .filter(|arg| {
            arg.get(..7)
                .is_some_and(|scheme| scheme.eq_ignore_ascii_case("quotla:"))
        })
        .collect()
}

/// Handles every URL of one hand-over.
pub fn handle<R: Runtime>(app: &tauri::AppHandle<R>, urls: Vec<String>) {
    if urls.is_empty() {
        // A plain second launch: bring the running window forward.
        focus_main_window(app);
        return;
    }
    for url in urls {
        if let Some(to) = other_profile(app, &url) {
            // Started by another running profile: it holds the attempt, so it gets the link.
            std::thread::spawn(move || profiles::forward(&to, &url));
            continue;
        }
        match deep_link::parse(&url) {
            Ok(DeepLink::CalendlyOAuth(callback)) => {
                let app = app.clone();
                tauri::async_runtime::spawn(async move { complete(&app, callback).await });
            }
            Err(reason) => {
                tracing::warn!(%reason, "refused a quotla:// link");
                notify(
                    app,
                    Notice::link_rejected(format!(
                        "Quotla ignored a link it does not accept: {reason}."
                    )),
                );
            }
        }
    }
    focus_main_window(app);
}

/// The running profile a callback belongs to, when that is another one.
fn other_profile<R: Runtime>(app: &tauri::AppHandle<R>, url: &str) -> Option<profiles::Entry> {
    let running = app.try_state::<profiles::Running>()?;
    profiles::destination(&running.registry, url, &running.me)
}

async fn complete<R: Runtime>(app: &tauri::AppHandle<R>, callback: OAuthCallback) {
    let state = app.state::<AppState>();
    let outcome = match state.calendly_required() {
        Ok(connection) => {
            // A handle, not a guard: the code exchange talks to Calendly and must not hold
            // up a restore.
            let store = state.store_handle();
            connection
                .complete(&store, callback)
                .await
                .map_err(AppError::from)
        }
        Err(err) => Err(err),
    };
    let notice = match outcome {
        Ok(account) => {
            tracing::info!("Calendly connected");
            // The worker sets up webhooks and brings the meetings in.
            state.sync_control().kick();
            Notice::connected(account.email.as_deref())
        }
        Err(err) => {
            tracing::warn!(code = ?err.code, "Calendly connection failed");
            Notice::connect_failed(err.code, err.message)
        }
    };
    changed(app, &[Resource::Calendly]);
    notify(app, notice);
}

fn focus_main_window<R: Runtime>(app: &tauri::AppHandle<R>) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.set_focus();
    }
}

#[cfg(test)]
mod tests {
    use super::links_in;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn finds_links_among_other_arguments() {
        assert_eq!(
            links_in(args(&[
                "quotla",
                "--data-dir",
                "/tmp/x",
                "quotla://oauth/calendly?code=a"
            ])),
            args(&["quotla://oauth/calendly?code=a"])
        );
        assert_eq!(
            links_in(args(&["quotla", "QUOTLA://oauth/calendly"])),
            args(&["QUOTLA://oauth/calendly"])
        );
    }

    #[test]
    fn ignores_the_program_and_other_arguments() {
        assert!(links_in(args(&["quotla:"])).is_empty());
        assert!(links_in(args(&["quotla", "--verbose", "https://x", "quot", "é"])).is_empty());
        assert!(links_in(Vec::new()).is_empty());
    }
}
