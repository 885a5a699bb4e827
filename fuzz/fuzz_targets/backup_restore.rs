//! Restoring a backup: the file header, integrity and schema checks, then the swap.
//!
//! Each input is written to a file and inspected; a file inspection accepts is restored.
//! What must hold: a refused restore leaves the current data in place and answering, and
//! whatever was restored, the store's own backup restores afterwards with its data intact.
//! With `QUOTLA_FUZZ_BACKUP_SEED=PATH` the target first writes that backup to PATH, a seed
//! made by the project's own code that mutations can reach past the header from.

#![no_main]

use std::cell::RefCell;
use std::path::PathBuf;

use libfuzzer_sys::fuzz_target;
use quotla_core::model::{ClientFilter, ClientInput, PageRequest};
use quotla_core::Store;

const CLIENTS: [&str; 3] = ["Ada Lovelace", "Zoë Émile", "山田 太郎"];

struct Restore {
    runtime: tokio::runtime::Runtime,
    store: Store,
    /// The store's backup, made once, restored after every accepted input.
    pristine: PathBuf,
    candidate: PathBuf,
    _dir: tempfile::TempDir,
}

impl Restore {
    fn new() -> Self {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        let dir = tempfile::tempdir().expect("temp dir");
        let pristine = dir.path().join("pristine.sqlite");
        let store = runtime.block_on(async {
            let store = Store::open_in(&dir.path().join("data")).await.expect("store");
            for name in CLIENTS {
                let input = ClientInput {
                    name: name.into(),
                    email: Some("someone@example.com".into()),
                    ..Default::default()
                };
                store.create_client(&input).await.expect("client");
            }
            store
                .set_app_setting("time_zone", Some("Europe/Berlin"))
                .await
                .expect("setting");
            store.backup_to(&pristine).await.expect("backup");
            store
        });
        if let Some(seed) = std::env::var_os("QUOTLA_FUZZ_BACKUP_SEED") {
            std::fs::copy(&pristine, seed).expect("write the backup seed");
        }
        Restore {
            runtime,
            store,
            pristine,
            candidate: dir.path().join("candidate.sqlite"),
            _dir: dir,
        }
    }

    fn clients(&self) -> Result<i64, quotla_core::CoreError> {
        let filter = ClientFilter {
            search: None,
            include_archived: true,
        };
        let page = self
            .runtime
            .block_on(self.store.client_page(&filter, &PageRequest::first(1)))?;
        Ok(page.total)
    }
}

thread_local! {
    static RESTORE: RefCell<Restore> = RefCell::new(Restore::new());
}

fuzz_target!(init: {
    RESTORE.with_borrow(|_| ());
}, |data: &[u8]| {
    RESTORE.with_borrow_mut(|r| {
        std::fs::write(&r.candidate, data).expect("write candidate");
        let Ok(summary) = r.runtime.block_on(r.store.inspect_backup(&r.candidate)) else {
            return;
        };
        for count in [summary.clients, summary.quotes, summary.invoices, summary.meetings] {
            assert!(count >= 0);
        }
        match r.runtime.block_on(r.store.restore_from(&r.candidate)) {
            Ok(()) => {
                // Restored data may be odd; reading it may fail, but must not panic.
                let _ = r.clients();
            }
            Err(_) => {
                assert_eq!(
                    r.clients().expect("the current data still answers"),
                    CLIENTS.len() as i64,
                    "a refused restore changed the data"
                );
            }
        }
        r.runtime
            .block_on(r.store.restore_from(&r.pristine))
            .expect("the store's own backup restores");
        assert_eq!(r.clients().expect("answers"), CLIENTS.len() as i64);
    });
});
