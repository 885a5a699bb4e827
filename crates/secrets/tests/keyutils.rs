//! The kernel keyutils store, as used on headless Linux and in CI.

mod support;

use std::process::Command;

/// Reads a key the way an administrator would, with `keyctl`.
fn keyctl_read(service: &str, user: &str) -> Option<String> {
    let description = format!("keyring-rs:{user}@{service}");
    let found = Command::new("keyctl")
        .args(["search", "@s", "user", &description])
        .output()
        .expect("keyctl must be installed (make test installs keyutils)");
    if !found.status.success() {
        return None;
    }
    let id = String::from_utf8_lossy(&found.stdout).trim().to_string();
    let value = Command::new("keyctl").args(["pipe", &id]).output().ok()?;
    value
        .status
        .success()
        .then(|| String::from_utf8_lossy(&value.stdout).into_owned())
}

#[test]
fn keyutils_store_keeps_secrets_per_profile() {
    support::exercise(quotla_secrets::Backend::Keyutils, keyctl_read);
}
