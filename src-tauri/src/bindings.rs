//! The typed IPC surface: every command and event, and the TypeScript bindings generated
//! from them into `ui/src/bindings.ts` (committed; a test keeps it current).

use specta_typescript::{BigIntExportBehavior, Typescript};
use tauri::Runtime;
use tauri_specta::{collect_commands, collect_events, Builder};

use crate::calendly::commands as calendly;
use crate::calendly::notices::NoticesChanged;
use crate::commands::{clients, dashboard, invoices, quotes, settings, totals};
use crate::events::DataChanged;

/// Where the generated bindings live, relative to the package root.
pub const BINDINGS_PATH: &str = "ui/src/bindings.ts";

/// All commands and events, for the invoke handler and for the bindings.
pub fn builder<R: Runtime>() -> Builder<R> {
    Builder::<R>::new()
        .commands(collect_commands![
            clients::list_clients,
            clients::get_client,
            clients::create_client::<tauri::Wry>,
            clients::update_client::<tauri::Wry>,
            clients::delete_client::<tauri::Wry>,
            clients::unarchive_client::<tauri::Wry>,
            quotes::list_quotes,
            quotes::get_quote,
            quotes::create_quote::<tauri::Wry>,
            quotes::update_quote::<tauri::Wry>,
            quotes::send_quote::<tauri::Wry>,
            quotes::accept_quote::<tauri::Wry>,
            quotes::decline_quote::<tauri::Wry>,
            quotes::convert_quote_to_invoice::<tauri::Wry>,
            quotes::delete_quote::<tauri::Wry>,
            invoices::list_invoices,
            invoices::get_invoice,
            invoices::create_invoice::<tauri::Wry>,
            invoices::update_invoice::<tauri::Wry>,
            invoices::issue_invoice::<tauri::Wry>,
            invoices::mark_invoice_paid::<tauri::Wry>,
            invoices::void_invoice::<tauri::Wry>,
            invoices::delete_invoice::<tauri::Wry>,
            totals::compute_totals,
            dashboard::get_dashboard,
            settings::get_business_profile,
            settings::update_business_profile::<tauri::Wry>,
            settings::list_currencies,
            settings::backup_database,
            settings::restore_database::<tauri::Wry>,
            calendly::calendly_status,
            calendly::calendly_connect::<tauri::Wry>,
            calendly::calendly_cancel_connect::<tauri::Wry>,
            calendly::calendly_refresh_event_types::<tauri::Wry>,
            calendly::calendly_set_default_event_type::<tauri::Wry>,
            calendly::calendly_disconnect::<tauri::Wry>,
            calendly::calendly_set_enabled::<tauri::Wry>,
            calendly::calendly_save_setting::<tauri::Wry>,
            calendly::take_notices,
        ])
        .events(collect_events![DataChanged, NoticesChanged])
}

/// Renders the TypeScript bindings. i64 values are exported as `number`: ids, versions and
/// minor-unit amounts stay far below 2^53.
pub fn typescript<R: Runtime>(
    builder: &Builder<R>,
) -> Result<String, specta_typescript::ExportError> {
    builder.export_str(
        Typescript::default()
            .bigint(BigIntExportBehavior::Number)
            .header("// @ts-nocheck\n// Generated from the Rust commands by `cargo test -p quotla-desktop bindings`; do not edit.\n"),
    )
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    /// Fails when `ui/src/bindings.ts` is stale; `QUOTLA_WRITE_BINDINGS=1` rewrites it.
    #[test]
    fn bindings_are_current() {
        let generated =
            typescript(&builder::<tauri::test::MockRuntime>()).expect("render bindings");
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(BINDINGS_PATH);
        if std::env::var_os("QUOTLA_WRITE_BINDINGS").is_some() {
            std::fs::write(&path, &generated).expect("write bindings");
            return;
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == generated,
            "{BINDINGS_PATH} is out of date: run QUOTLA_WRITE_BINDINGS=1 cargo test -p quotla-desktop bindings"
        );
    }
}
