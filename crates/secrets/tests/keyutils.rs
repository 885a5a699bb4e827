//! The kernel keyutils store, as used on headless Linux and in CI.

mod support;

use std::process::Command;

/// Reads a key the way an administrator would, with `keyctl`.
fn keyctl_read(service: &str, user: &str) -> Option<String> {
    let description = format!("quotla:{service}:{user}");
    let found = Command::new("keyctl")
        .args(["search", "@u", "user", &description])
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

#[test]
fn keyutils_secrets_are_seen_from_every_thread() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = std::sync::Arc::new(
        quotla_secrets::SecretStore::with_backend(quotla_secrets::Backend::Keyutils, dir.path())
            .expect("open"),
    );
    store
        .set(quotla_secrets::SecretHandle::RelayConsumerToken, "shared")
        .expect("write");
    let readers: Vec<_> = (0..8)
        .map(|_| {
            let store = store.clone();
            std::thread::spawn(move || store.get(quotla_secrets::SecretHandle::RelayConsumerToken))
        })
        .collect();
    for reader in readers {
        assert_eq!(
            reader.join().expect("thread").expect("read").as_deref(),
            Some("shared")
        );
    }
    store
        .delete(quotla_secrets::SecretHandle::RelayConsumerToken)
        .expect("cleanup");
}
