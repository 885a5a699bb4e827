//! Build script: makes sure the embedded UI folder exists, then runs tauri-build with the
//! app's capabilities kept under `src-tauri/` and Quotla's commands declared in the app
//! manifest, so only commands a capability allows are callable from the window.

include!("command_names.rs");

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
