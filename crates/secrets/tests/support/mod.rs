//! Shared checks run against each real store (see keyutils.rs and secret_service.rs).

use quotla_secrets::{namespace, Backend, SecretHandle, SecretStore};

/// Stores, replaces, reads back and deletes both handles, and shows that two data
/// directories never see each other's secrets. `read_outside` reads an entry with the
/// platform's own tool (service, user) → value, proving the secret really sits in that
/// store rather than in an in-process mock.
pub fn exercise(backend: Backend, read_outside: impl Fn(&str, &str) -> Option<String>) {
    let profile_a = tempfile::tempdir().expect("temp dir");
    let profile_b = tempfile::tempdir().expect("temp dir");
    let a = SecretStore::with_backend(backend, profile_a.path()).expect("open store A");
    let b = SecretStore::with_backend(backend, profile_b.path()).expect("open store B");
    assert_eq!(a.backend(), backend);

    assert_eq!(a.get(SecretHandle::CalendlyTokens).expect("read"), None);

    let first = format!("{{\"access\":\"a-{}\"}}", std::process::id());
    a.set(SecretHandle::CalendlyTokens, &first).expect("store");
    assert_eq!(
        a.get(SecretHandle::CalendlyTokens)
            .expect("read")
            .as_deref(),
        Some(first.as_str())
    );

    assert_eq!(
        read_outside(&namespace(profile_a.path()), "calendly-tokens").as_deref(),
        Some(first.as_str()),
        "the platform tool must see the stored secret"
    );

    // A second store opened on the same directory (a second process) reads the same value.
    let again = SecretStore::with_backend(backend, profile_a.path()).expect("reopen");
    assert_eq!(
        again
            .get(SecretHandle::CalendlyTokens)
            .expect("read")
            .as_deref(),
        Some(first.as_str())
    );

    // Another profile sees nothing, and writing there leaves profile A alone.
    assert_eq!(b.get(SecretHandle::CalendlyTokens).expect("read"), None);
    b.set(SecretHandle::CalendlyTokens, "profile-b")
        .expect("store B");
    assert_eq!(
        a.get(SecretHandle::CalendlyTokens)
            .expect("read")
            .as_deref(),
        Some(first.as_str())
    );

    // Replacing keeps one value; handles are independent.
    a.set(SecretHandle::CalendlyTokens, "second value ü")
        .expect("replace");
    a.set(SecretHandle::RelayConsumerToken, "consumer")
        .expect("store");
    assert_eq!(
        a.get(SecretHandle::CalendlyTokens)
            .expect("read")
            .as_deref(),
        Some("second value ü")
    );

    a.delete(SecretHandle::CalendlyTokens).expect("delete");
    assert_eq!(a.get(SecretHandle::CalendlyTokens).expect("read"), None);
    assert_eq!(
        read_outside(&namespace(profile_a.path()), "calendly-tokens"),
        None
    );
    assert_eq!(
        a.get(SecretHandle::RelayConsumerToken)
            .expect("read")
            .as_deref(),
        Some("consumer")
    );
    // Deleting what is gone is fine (disconnect may run twice).
    a.delete(SecretHandle::CalendlyTokens)
        .expect("delete again");

    a.delete(SecretHandle::RelayConsumerToken).expect("cleanup");
    b.delete(SecretHandle::CalendlyTokens).expect("cleanup");
}
