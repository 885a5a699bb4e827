//! The Tauri shell of Quotla Desktop: it opens the store, registers the typed commands and
//! plugins, and starts the window. Business rules live in `quotla-core`.

pub mod bindings;
pub mod clock;
pub mod commands;
pub mod error;
pub mod events;
pub mod state;

use std::io::IsTerminal;
use std::sync::Arc;

use quotla_core::Store;
use tauri::{Manager, Runtime};

use crate::state::AppState;

/// Registers Quotla's commands on a builder; shared by the app and the command tests.
pub fn with_commands<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder.invoke_handler(bindings::builder::<R>().invoke_handler())
}

/// The app's context (config, assets, capabilities) for any runtime.
pub fn context<R: Runtime>() -> tauri::Context<R> {
    tauri::generate_context!()
}

/// Opens the store in `dir` with the local-time clock.
pub async fn open_store(dir: &std::path::Path) -> Result<Store, Box<dyn std::error::Error>> {
    let path = state::database_path(dir)?;
    Ok(Store::open_with_clock(path, Arc::new(clock::local_today)).await?)
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

/// Starts Quotla.
pub fn run() {
    init_tracing();
    let app = with_commands(tauri::Builder::default())
        .plugin(tauri_plugin_dialog::init())
        .setup(|app| {
            let dir = state::data_dir(app.path().app_data_dir().ok())?;
            let store = tauri::async_runtime::block_on(open_store(&dir))?;
            app.manage(AppState::new(store));
            Ok(())
        })
        .build(context());
    match app {
        Ok(app) => app.run(|_, _| {}),
        Err(e) => {
            tracing::error!(error = %e, "Quotla could not start");
            eprintln!("Quotla could not start: {e}");
            std::process::exit(1);
        }
    }
}
