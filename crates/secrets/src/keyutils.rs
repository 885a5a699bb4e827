//! Kernel keyutils as a keyring credential store, keeping secrets in the **user keyring**.
//!
//! keyring's own keyutils store writes into the session keyring, and links the persistent
//! keyring there, which gives a thread without a session keyring a fresh one of its own:
//! keys written from one thread were then missing from others and from other processes
//! (the CLI, the app after a restart). The user keyring (`@u`) is one per user, shared by
//! every thread and process, and lives until the machine reboots — the documented
//! behaviour of Quotla's headless store.

use std::any::Any;

use keyring::credential::{Credential, CredentialApi, CredentialBuilderApi, CredentialPersistence};
use keyring::Error;
use linux_keyutils::{KeyError, KeyRing, KeyRingIdentifier};

/// Builds [`UserKeyringCredential`]s.
#[derive(Debug)]
pub struct UserKeyringBuilder;

impl CredentialBuilderApi for UserKeyringBuilder {
    fn build(
        &self,
        _target: Option<&str>,
        service: &str,
        user: &str,
    ) -> keyring::Result<Box<Credential>> {
        Ok(Box::new(UserKeyringCredential {
            description: format!("quotla:{service}:{user}"),
        }))
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn persistence(&self) -> CredentialPersistence {
        CredentialPersistence::UntilReboot
    }
}

/// One secret in the user keyring, found by its description.
#[derive(Debug)]
pub struct UserKeyringCredential {
    description: String,
}

fn user_keyring() -> keyring::Result<KeyRing> {
    KeyRing::from_special_id(KeyRingIdentifier::User, true).map_err(to_error)
}

/// The kernel's answer as an error keyring can carry (`KeyError` is not `std::error::Error`).
#[derive(Debug, thiserror::Error)]
#[error("kernel keyring: {0:?}")]
struct KernelError(KeyError);

fn to_error(err: KeyError) -> Error {
    match err {
        KeyError::KeyDoesNotExist | KeyError::KeyExpired | KeyError::KeyRevoked => Error::NoEntry,
        KeyError::AccessDenied | KeyError::QuotaExceeded => {
            Error::NoStorageAccess(Box::new(KernelError(err)))
        }
        other => Error::PlatformFailure(Box::new(KernelError(other))),
    }
}

impl CredentialApi for UserKeyringCredential {
    fn set_secret(&self, secret: &[u8]) -> keyring::Result<()> {
        if secret.is_empty() {
            return Err(Error::Invalid("secret".into(), "cannot be empty".into()));
        }
        // add_key replaces the payload of an existing key with this description.
        user_keyring()?
            .add_key(&self.description, secret)
            .map_err(to_error)?;
        Ok(())
    }

    fn get_secret(&self) -> keyring::Result<Vec<u8>> {
        let key = user_keyring()?
            .search(&self.description)
            .map_err(to_error)?;
        key.read_to_vec().map_err(to_error)
    }

    fn delete_credential(&self) -> keyring::Result<()> {
        let ring = user_keyring()?;
        let key = ring.search(&self.description).map_err(to_error)?;
        key.invalidate().map_err(to_error)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
