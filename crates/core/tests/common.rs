//! Helpers shared by the store tests: a store on a fresh file with a fixed "today".

#![allow(dead_code)]

use std::sync::Arc;

use quotla_core::clock::FixedClock;
use quotla_core::model::{Client, ClientInput, Discount, InvoiceInput, LineItemInput, QuoteInput};
use quotla_core::{CoreError, Store};
use tempfile::TempDir;
use time::macros::date;
use time::Date;

/// The date every test store believes is today.
pub const TODAY: Date = date!(2025 - 06 - 15);

pub struct TestStore {
    pub dir: TempDir,
    pub store: Store,
}

pub async fn store() -> TestStore {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = open(&dir).await;
    TestStore { dir, store }
}

/// Noon UTC of [`TODAY`]: the same date in every zone the tests use.
pub fn noon_of_today() -> jiff::Timestamp {
    "2025-06-15T12:00:00Z".parse().expect("timestamp")
}

pub async fn open(dir: &TempDir) -> Store {
    let clock: Arc<FixedClock> = FixedClock::new(noon_of_today());
    let store = Store::open_with_clock(dir.path().join("quotla.db"), clock)
        .await
        .expect("open store");
    // A zone of its own, so "today" never depends on the machine running the tests.
    store
        .set_time_zone(Some("Europe/London"))
        .await
        .expect("set zone");
    assert_eq!(store.today(), TODAY);
    store
}

pub fn client_input(name: &str) -> ClientInput {
    ClientInput {
        name: name.into(),
        company: Some("Acme Ltd".into()),
        email: Some(format!(
            "{}@example.com",
            name.to_lowercase().replace(' ', ".")
        )),
        ..ClientInput::default()
    }
}

pub async fn client(store: &Store, name: &str) -> Client {
    store
        .create_client(&client_input(name))
        .await
        .expect("create client")
}

pub fn line(
    description: &str,
    quantity_milli: i64,
    unit_price_minor: i64,
    tax_rate_milli: i64,
) -> LineItemInput {
    LineItemInput {
        description: description.into(),
        quantity_milli,
        unit_price_minor,
        tax_rate_milli,
    }
}

pub fn quote_input(client_id: i64) -> QuoteInput {
    QuoteInput {
        client_id,
        currency: "EUR".into(),
        items: vec![
            line("Design", 2000, 5000, 20000),
            line("Hosting", 1500, 999, 20000),
        ],
        discount: Discount::None,
        notes: Some("Thank you".into()),
        valid_until: Some("2025-07-15".into()),
    }
}

pub fn invoice_input(client_id: i64) -> InvoiceInput {
    InvoiceInput {
        client_id,
        currency: "EUR".into(),
        items: vec![line("Consulting", 1000, 10000, 20000)],
        discount: Discount::None,
        notes: None,
        issue_date: "2025-06-01".into(),
        due_date: "2025-07-01".into(),
    }
}

/// The field of a validation error, or a panic naming what came instead.
pub fn field<T: std::fmt::Debug>(result: Result<T, CoreError>) -> String {
    match result {
        Err(CoreError::Validation { field: Some(f), .. }) => f,
        other => panic!("expected a field validation error, got {other:?}"),
    }
}
