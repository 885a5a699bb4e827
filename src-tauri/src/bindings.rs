//! The typed IPC surface: every command and event, and the TypeScript bindings generated
//! from them into `ui/src/bindings.ts` (committed; a test keeps it current).

use tauri::Runtime;
use tauri_specta::{collect_commands, collect_events, Builder};

use crate::calendly::commands as calendly;
use crate::calendly::notices::NoticesChanged;
use crate::commands::{
    clients, dashboard, documents, external, invoices, meetings, quotes, settings, startup, totals,
};
use crate::events::{DataChanged, SyncProgress};

/// Where the generated bindings live, relative to the package root.
pub const BINDINGS_PATH: &str = "ui/src/bindings.ts";

/// All commands and events, for the invoke handler and for the bindings.
pub fn builder<R: Runtime>() -> Builder<R> {
    Builder::<R>::new()
        .commands(collect_commands![
            clients::list_clients,
            clients::list_client_activity,
            clients::get_client,
            clients::find_client_by_email,
            clients::duplicate_clients,
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
            quotes::duplicate_quote::<tauri::Wry>,
            invoices::list_invoices,
            invoices::get_invoice,
            invoices::create_invoice::<tauri::Wry>,
            invoices::update_invoice::<tauri::Wry>,
            invoices::issue_invoice::<tauri::Wry>,
            invoices::mark_invoice_paid::<tauri::Wry>,
            invoices::void_invoice::<tauri::Wry>,
            invoices::delete_invoice::<tauri::Wry>,
            invoices::mark_invoice_sent::<tauri::Wry>,
            invoices::duplicate_invoice::<tauri::Wry>,
            totals::compute_totals,
            dashboard::get_dashboard,
            settings::get_business_profile,
            settings::get_app_context,
            settings::set_time_zone::<tauri::Wry>,
            settings::update_business_profile::<tauri::Wry>,
            settings::list_currencies,
            settings::backup_database,
            settings::restore_database::<tauri::Wry>,
            settings::inspect_backup,
            settings::set_business_logo::<tauri::Wry>,
            settings::clear_business_logo::<tauri::Wry>,
            settings::get_business_logo,
            settings::get_document_settings,
            settings::update_document_settings::<tauri::Wry>,
            documents::document_file_name,
            documents::save_document_pdf,
            documents::print_document::<tauri::Wry>,
            documents::email_document::<tauri::Wry>,
            meetings::list_meetings,
            meetings::list_meeting_page,
            meetings::list_calendar,
            meetings::get_meeting,
            meetings::create_booking_link::<tauri::Wry>,
            meetings::cancel_meeting::<tauri::Wry>,
            meetings::set_meeting_no_show::<tauri::Wry>,
            meetings::link_meeting::<tauri::Wry>,
            meetings::create_client_from_meeting::<tauri::Wry>,
            meetings::get_meeting_measures,
            meetings::calendly_sync_log,
            calendly::calendly_status,
            calendly::calendly_connect::<tauri::Wry>,
            calendly::calendly_cancel_connect::<tauri::Wry>,
            calendly::calendly_refresh_event_types::<tauri::Wry>,
            calendly::calendly_set_default_event_type::<tauri::Wry>,
            calendly::calendly_disconnect::<tauri::Wry>,
            calendly::calendly_delete_earlier_meetings::<tauri::Wry>,
            calendly::calendly_sync_now::<tauri::Wry>,
            calendly::calendly_set_enabled::<tauri::Wry>,
            calendly::calendly_set_notifications::<tauri::Wry>,
            calendly::calendly_save_setting::<tauri::Wry>,
            calendly::take_notices,
            external::open_external::<tauri::Wry>,
            startup::mark_first_screen,
        ])
        .events(collect_events![DataChanged, NoticesChanged, SyncProgress])
}

/// Renders the TypeScript bindings. i64 values are exported as `number`: ids, versions and
/// minor-unit amounts stay far below 2^53.
#[cfg(feature = "dev-tools")]
pub fn typescript<R: Runtime>(
    builder: &Builder<R>,
) -> Result<String, specta_typescript::ExportError> {
    use specta_typescript::{BigIntExportBehavior, Typescript};
    builder.export_str(
        Typescript::default()
            .bigint(BigIntExportBehavior::Number)
            .header("// @ts-nocheck\n// Generated from the Rust commands by `cargo test -p quotla-desktop bindings`; do not edit.\n"),
    )
}

#[cfg(all(test, feature = "dev-tools"))]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use super::*;

    include!("../command_names.rs");

    fn listed() -> BTreeSet<String> {
        COMMANDS.iter().map(|c| c.to_string()).collect()
    }

    /// Commands the generated bindings invoke, i.e. those `builder()` registers.
    #[test]
    fn the_registered_commands_are_the_listed_ones() {
        let generated =
            typescript(&builder::<tauri::test::MockRuntime>()).expect("render bindings");
        let invoked: BTreeSet<String> = generated
            .split("TAURI_INVOKE(\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .map(str::to_string)
            .collect();
        assert_eq!(invoked, listed(), "bindings.rs and command_names.rs differ");
    }

    #[test]
    fn the_window_may_call_exactly_the_listed_commands() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("src-tauri/capabilities/main.json");
        let capability: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).expect("capability file"))
                .expect("capability json");
        let allowed: BTreeSet<String> = capability["permissions"]
            .as_array()
            .expect("permissions")
            .iter()
            .filter_map(|p| p.as_str()?.strip_prefix("allow-"))
            .map(|p| p.replace('-', "_"))
            .collect();
        assert_eq!(
            allowed,
            listed(),
            "capabilities/main.json and command_names.rs differ"
        );
    }

    /// The UI's own code (not the generated bindings, not tests), as one text.
    fn ui_source() -> String {
        fn walk(dir: &Path, out: &mut String) {
            for entry in std::fs::read_dir(dir).expect("ui/src") {
                let path = entry.expect("entry").path();
                let name = path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or_default();
                if path.is_dir() {
                    if name != "test" {
                        walk(&path, out);
                    }
                } else if (name.ends_with(".ts") || name.ends_with(".tsx"))
                    && !name.contains(".test.")
                    && name != "bindings.ts"
                {
                    out.push_str(&std::fs::read_to_string(&path).expect("source"));
                }
            }
        }
        let mut out = String::new();
        walk(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src"),
            &mut out,
        );
        out
    }

    /// The window is granted a command only when the UI calls it: a command nobody calls is
    /// attack surface with no user.
    #[test]
    fn every_granted_command_is_called_by_the_ui() {
        let source = ui_source();
        let unused: Vec<String> = listed()
            .into_iter()
            .filter(|command| {
                let mut camel = String::new();
                let mut upper = false;
                for c in command.chars() {
                    if c == '_' {
                        upper = true;
                    } else if upper {
                        camel.push(c.to_ascii_uppercase());
                        upper = false;
                    } else {
                        camel.push(c);
                    }
                }
                // The name must end there: `commands.getMeeting` is not `getMeetingMeasures`.
                let call = format!("commands.{camel}");
                !source.match_indices(&call).any(|(at, _)| {
                    !source[at + call.len()..]
                        .starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
                })
            })
            .collect();
        assert!(
            unused.is_empty(),
            "granted but never called by the UI: {unused:?}"
        );
    }

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
