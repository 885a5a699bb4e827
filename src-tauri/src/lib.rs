//! The Tauri shell of Quotla Desktop: it opens the store, registers the typed commands and
//! plugins, and starts the window. Business rules live in `quotla-core`.

mod alerts;
pub mod bindings;
pub mod calendly;
pub mod commands;
mod desktop;
pub mod error;
pub mod events;
pub mod profiles;
pub mod state;
mod sync_worker;
mod test_capture;

use std::io::IsTerminal;
use std::sync::Arc;

use quotla_core::calendly::CalendlyConnection;
use quotla_core::Store;
use quotla_secrets::SecretStore;
use tauri::{Manager, Runtime};
use tauri_plugin_deep_link::DeepLinkExt;

use crate::state::AppState;

/// Registers Quotla's commands on a builder; shared by the app and the command tests.
pub fn with_commands<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder.invoke_handler(bindings::builder::<R>().invoke_handler())
}

/// The app's context (config, assets, capabilities) for any runtime.
pub fn context<R: Runtime>() -> tauri::Context<R> {
    tauri::generate_context!()
}

/// Opens the store in `dir` with the system clock and the user's time zone.
pub async fn open_store(dir: &std::path::Path) -> Result<Store, Box<dyn std::error::Error>> {
    Ok(Store::open_in(dir).await?)
}

fn init_tracing() {
    let filter = std::env::var("QUOTLA_LOG")
        .or_else(|_| std::env::var("RUST_LOG"))
        .unwrap_or_else(|_| "info".into());
    let _ = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr)
        .try_init();
}

/// The Calendly integration for `dir`, if the OS has a keyring for its tokens.
fn open_calendly(dir: &std::path::Path, store: &Store) -> Option<CalendlyConnection> {
    let secrets = match SecretStore::open(dir) {
        Ok(secrets) => secrets,
        Err(e) => {
            tracing::warn!(error = %e, "no system keyring: Calendly cannot be connected");
            return None;
        }
    };
    tracing::info!(keyring = secrets.backend().as_str(), "keyring open");
    let connection = CalendlyConnection::new(dir, Arc::new(secrets));
    if let Err(e) = tauri::async_runtime::block_on(connection.check_tokens_present(store)) {
        tracing::warn!(error = %e, "could not check the Calendly tokens");
    }
    Some(connection)
}

/// Passes the `quotla://` links of this process's command line that belong to another
/// running profile to that profile. True when there were links and all of them went on, so
/// this process (started by the OS only to deliver them) has nothing left to do.
fn forward_links_of_command_line(running: &profiles::Running) -> bool {
    let args = std::env::args_os().filter_map(|a| a.into_string().ok());
    let links = calendly::deep_links::links_in(args);
    !links.is_empty()
        && links.iter().all(|link| {
            profiles::destination(&running.registry, link, &running.me)
                .is_some_and(|to| profiles::forward(&to, link))
        })
}

/// Starts Quotla.
pub fn run() {
    commands::startup::note_process_start();
    init_tracing();
    let running = profiles::Running {
        me: profiles::Me::from_env(),
        registry: profiles::registry_dir(),
    };
    if forward_links_of_command_line(&running) {
        return;
    }
    let context = context();
    let instance_id = running.me.instance_id(&context.config().identifier);
    let app = with_commands(tauri::Builder::default())
        // First plugin: a second process for the same profile (e.g. one the OS starts for a
        // quotla:// link) hands its arguments to this one and exits before opening anything.
        .plugin(
            tauri_plugin_single_instance::Builder::new()
                .callback(|app, argv, _cwd| {
                    calendly::deep_links::handle(app, calendly::deep_links::links_in(argv));
                })
                .dbus_id(instance_id)
                .build(),
        )
        .plugin(tauri_plugin_deep_link::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_dialog::init())
        .manage(running.clone())
        .setup(move |app| {
            let dir = state::data_dir(app.path().app_data_dir().ok())?;
            let store = tauri::async_runtime::block_on(open_store(&dir))?;
            let calendly = open_calendly(&dir, &store);
            if let Err(e) = profiles::register(&running.registry, &dir, &running.me) {
                tracing::warn!(error = %e, "profile not listed; callbacks for it cannot be passed on");
            }
            let state = AppState::new(store, dir, calendly);
            if let Some(engine) = state.sync() {
                sync_worker::start(
                    app.handle().clone(),
                    engine.clone(),
                    state.sync_control().clone(),
                );
            }
            app.manage(state);
            // Lets the OS send quotla:// links here even when Quotla was not installed by a
            // package (development builds, AppImage); harmless when already registered.
            #[cfg(any(target_os = "linux", windows))]
            if let Err(e) = app.deep_link().register_all() {
                tracing::debug!(error = %e, "quotla:// scheme not registered");
            }
            #[cfg(target_os = "macos")]
            {
                let handle = app.handle().clone();
                app.deep_link().on_open_url(move |event| {
                    let urls = event.urls().iter().map(|u| u.to_string()).collect();
                    calendly::deep_links::handle(&handle, urls);
                });
            }
            // A link that started the app from cold is handled like any other: with no
            // connection attempt waiting it is refused, and the window says why.
            // args_os: a non-UTF-8 argument is skipped, never a crash.
            let args = std::env::args_os().filter_map(|a| a.into_string().ok());
            let links = calendly::deep_links::links_in(args);
            if !links.is_empty() {
                calendly::deep_links::handle(app.handle(), links);
            }
            Ok(())
        })
        .build(context);
    match app {
        Ok(app) => app.run(|app, event| {
            if let (tauri::RunEvent::Exit, Some(state)) = (event, app.try_state::<AppState>()) {
                let running = app.state::<profiles::Running>();
                profiles::unregister(&running.registry, state.data_dir());
            }
        }),
        Err(e) => {
            tracing::error!(error = %e, "Quotla could not start");
            eprintln!("Quotla could not start: {e}");
            std::process::exit(1);
        }
    }
}
