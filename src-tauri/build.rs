//! Build script: makes sure the embedded UI folder exists, then runs tauri-build with the
//! app's capabilities kept under `src-tauri/` and Quotla's commands declared in the app
//! manifest, so only commands a capability allows are callable from the window.

/// Every IPC command; each must also be allowed in `src-tauri/capabilities/main.json`.
const COMMANDS: &[&str] = &[
    "list_clients",
    "get_client",
    "create_client",
    "update_client",
    "delete_client",
    "unarchive_client",
    "list_quotes",
    "get_quote",
    "create_quote",
    "update_quote",
    "send_quote",
    "accept_quote",
    "decline_quote",
    "convert_quote_to_invoice",
    "delete_quote",
    "list_invoices",
    "get_invoice",
    "create_invoice",
    "update_invoice",
    "issue_invoice",
    "mark_invoice_paid",
    "void_invoice",
    "delete_invoice",
    "compute_totals",
    "get_dashboard",
    "get_business_profile",
    "update_business_profile",
    "list_currencies",
    "backup_database",
    "restore_database",
    "calendly_status",
    "calendly_connect",
    "calendly_cancel_connect",
    "calendly_refresh_event_types",
    "calendly_set_default_event_type",
    "calendly_disconnect",
    "calendly_set_enabled",
    "calendly_save_setting",
    "take_notices",
];

fn main() {
    // `generate_context!` embeds ui/dist; a checkout that has not built the UI yet still
    // compiles (clippy, unit tests) and shows a page that says how to build it.
    let dist = std::path::Path::new("ui/dist");
    if !dist.join("index.html").exists() {
        std::fs::create_dir_all(dist).expect("create ui/dist");
        std::fs::write(
            dist.join("index.html"),
            "<!doctype html><title>Quotla</title><p>The UI has not been built: run <code>make run</code>.</p>",
        )
        .expect("write placeholder ui/dist/index.html");
    }
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .capabilities_path_pattern("src-tauri/capabilities/**/*")
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri-build failed");
}
