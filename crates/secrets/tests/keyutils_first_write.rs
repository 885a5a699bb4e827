//! keyutils in a fresh process whose very first keyring operation is a write (what happens
//! when the app connects Calendly right after starting). Kept in its own test binary so no
//! other test warms the process's keyrings first.

use quotla_secrets::{Backend, SecretHandle, SecretStore};

#[test]
fn the_first_keyutils_operation_of_a_process_can_be_a_write() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SecretStore::with_backend(Backend::Keyutils, dir.path()).expect("open");
    store
        .set(SecretHandle::CalendlyTokens, "first write")
        .expect("the first write succeeds");
    assert_eq!(
        store
            .get(SecretHandle::CalendlyTokens)
            .expect("read")
            .as_deref(),
        Some("first write")
    );
    store.delete(SecretHandle::CalendlyTokens).expect("cleanup");
}
