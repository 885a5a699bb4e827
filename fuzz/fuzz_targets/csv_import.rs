//! CSV: the RFC 4180 reader, the writer it must agree with, and the client import.
//!
//! Checks that accepted records keep the row and field limits and their line order, that
//! writing a record and reading it back gives the same fields, and that an import adds
//! exactly one client per data row or nothing at all. The store lives in a temp dir and is
//! replaced now and then, so it stays small however long the fuzzer runs.

#![no_main]

use std::cell::RefCell;

use libfuzzer_sys::fuzz_target;
use quotla_core::csv::{self, MAX_ROWS};
use quotla_core::model::{ClientFilter, PageRequest};
use quotla_core::transfer::{import_clients, ImportError};
use quotla_core::Store;

/// The reader's documented "most fields in a row".
const MAX_FIELDS: usize = 64;
/// Clients kept before the store is replaced by an empty one.
const MAX_CLIENTS: i64 = 2_000;

struct Import {
    runtime: tokio::runtime::Runtime,
    store: Store,
    dir: tempfile::TempDir,
    clients: i64,
}

impl Import {
    fn new() -> Self {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        let (store, dir) = runtime.block_on(open());
        Import {
            runtime,
            store,
            dir,
            clients: 0,
        }
    }

    fn renew(&mut self) {
        self.runtime.block_on(self.store.close());
        let (store, dir) = self.runtime.block_on(open());
        self.store = store;
        // Dropping the old directory deletes its database.
        self.dir = dir;
        self.clients = 0;
    }
}

async fn open() -> (Store, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open_in(dir.path()).await.expect("store opens");
    (store, dir)
}

thread_local! {
    static IMPORT: RefCell<Import> = RefCell::new(Import::new());
}

/// Formula cells come back with the apostrophe the writer puts before them.
fn same_field(read: &str, written: &str) -> bool {
    read == written || (written.starts_with(['=', '+', '-', '@']) && read == format!("'{written}"))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = csv::parse(text);
    if let Ok(records) = &parsed {
        assert!(records.len() <= MAX_ROWS);
        let mut previous_line = 0;
        for record in records {
            assert!(record.line > previous_line, "lines out of order");
            previous_line = record.line;
            assert!(
                record.fields.len() <= MAX_FIELDS,
                "{} fields accepted",
                record.fields.len()
            );
            // A single empty field is written as a blank line, which the reader skips.
            if record.fields == [""] {
                continue;
            }
            // After a header row, as in an export (a first field may start with a BOM).
            let mut out = String::new();
            csv::write_row(&mut out, ["header"]);
            csv::write_row(&mut out, &record.fields);
            let back = csv::parse(&out).expect("written row reads back");
            assert_eq!(back.len(), 2, "{out:?}");
            assert_eq!(back[1].fields.len(), record.fields.len(), "{out:?}");
            for (read, written) in back[1].fields.iter().zip(&record.fields) {
                assert!(same_field(read, written), "{written:?} read as {read:?}");
            }
        }
    }

    IMPORT.with_borrow_mut(|import| {
        let result = import
            .runtime
            .block_on(import_clients(&import.store, text));
        match (&parsed, &result) {
            (Err(_), Err(ImportError::Csv(_))) | (Ok(_), Err(_)) => {}
            (Ok(records), Ok(ids)) => {
                assert_eq!(ids.len() + 1, records.len(), "one client per data row");
                import.clients += i64::try_from(ids.len()).expect("small");
            }
            (Err(_), _) => panic!("unreadable CSV imported or refused for another reason"),
        }
        if let Err(ImportError::Rows(problems)) = &result {
            assert!(!problems.is_empty());
        }
        let filter = ClientFilter {
            search: None,
            include_archived: true,
        };
        let total = import
            .runtime
            .block_on(import.store.client_page(&filter, &PageRequest::first(1)))
            .expect("the store answers")
            .total;
        assert_eq!(total, import.clients, "a refused import left clients behind");
        if import.clients > MAX_CLIENTS {
            import.renew();
        }
    });
});
