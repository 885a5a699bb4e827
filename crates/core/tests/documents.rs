//! Quotes and invoices on a real SQLite file: lifecycles, locking, derived statuses,
//! conversion, numbering (also under concurrency) and bad input.

mod common;

use std::collections::HashSet;

use common::*;
use quotla_core::model::{
    ActivityKind, Discount, InvoiceFilter, InvoiceStatus, QuoteFilter, QuoteInput, QuoteStatus,
};
use quotla_core::CoreError;

fn invalid_state<T: std::fmt::Debug>(r: Result<T, CoreError>) {
    assert!(
        matches!(r, Err(CoreError::InvalidState(_))),
        "expected invalid_state, got {r:?}"
    );
}

#[tokio::test]
async fn quote_lifecycle_from_draft_to_invoice_with_the_timeline() {
    let t = store().await;
    let c = client(&t.store, "Ada").await;
    let q = t.store.create_quote(&quote_input(c.id)).await.unwrap();
    assert_eq!(q.number, "QUO-0001");
    assert_eq!(q.status, QuoteStatus::Draft);
    assert_eq!(q.totals.subtotal_minor, 11499);
    assert_eq!(q.totals.total_minor, 13799);
    assert_eq!(q.items[1].line_total_minor, 1499);

    let mut edit = quote_input(c.id);
    edit.discount = Discount::Amount { minor: 1499 };
    let q = t.store.update_quote(q.id, &edit, q.version).await.unwrap();
    assert_eq!(
        (q.totals.discount_minor, q.totals.total_minor),
        (1499, 12000)
    );

    let q = t.store.send_quote(q.id, q.version).await.unwrap();
    assert_eq!(q.status, QuoteStatus::Sent);
    assert!(q.sent_at.is_some());
    // A sent quote is locked.
    invalid_state(t.store.update_quote(q.id, &edit, q.version).await);
    invalid_state(t.store.delete_quote(q.id).await);
    invalid_state(t.store.convert_quote_to_invoice(q.id).await);

    let q = t.store.accept_quote(q.id, q.version).await.unwrap();
    assert_eq!(q.status, QuoteStatus::Accepted);
    invalid_state(t.store.decline_quote(q.id, q.version).await);

    let inv = t.store.convert_quote_to_invoice(q.id).await.unwrap();
    assert_eq!(
        inv.number, None,
        "a converted invoice starts as an unnumbered draft"
    );
    assert_eq!(inv.status, InvoiceStatus::Draft);
    assert_eq!(inv.quote_id, Some(q.id));
    assert_eq!(inv.quote_number.as_deref(), Some("QUO-0001"));
    assert_eq!(inv.items.len(), 2);
    assert_eq!(inv.totals, q.totals);
    assert_eq!(
        (inv.issue_date.as_str(), inv.due_date.as_str()),
        ("2025-06-15", "2025-06-29"),
        "due after the default payment terms of 14 days"
    );
    let q = t.store.get_quote(q.id).await.unwrap();
    assert_eq!(q.invoice_id, Some(inv.id));
    invalid_state(t.store.convert_quote_to_invoice(q.id).await);

    let inv = t.store.issue_invoice(inv.id, inv.version).await.unwrap();
    let inv = t
        .store
        .mark_invoice_paid(inv.id, "2025-06-15", inv.version)
        .await
        .unwrap();
    assert_eq!(inv.status, InvoiceStatus::Paid);

    let kinds: Vec<ActivityKind> = t
        .store
        .get_client(c.id)
        .await
        .unwrap()
        .activity
        .rows
        .iter()
        .map(|a| a.kind)
        .collect();
    assert_eq!(
        kinds,
        [
            ActivityKind::InvoicePaid,
            ActivityKind::InvoiceIssued,
            ActivityKind::InvoiceCreated,
            ActivityKind::QuoteConverted,
            ActivityKind::QuoteAccepted,
            ActivityKind::QuoteSent,
            ActivityKind::QuoteCreated,
            ActivityKind::ClientCreated,
        ]
    );
    let timeline = t.store.get_client(c.id).await.unwrap().activity.rows;
    let created = timeline
        .iter()
        .find(|a| a.kind == ActivityKind::InvoiceCreated)
        .unwrap();
    assert_eq!(
        created.invoice_number.as_deref(),
        Some("INV-0001"),
        "entries show the number the invoice got later"
    );
    assert_eq!(created.quote_number.as_deref(), Some("QUO-0001"));
}

#[tokio::test]
async fn a_stale_version_on_a_quote_is_a_conflict() {
    let t = store().await;
    let c = client(&t.store, "Ada").await;
    let q = t.store.create_quote(&quote_input(c.id)).await.unwrap();
    let mut mine = quote_input(c.id);
    mine.notes = Some("mine".into());
    let mut theirs = quote_input(c.id);
    theirs.notes = Some("theirs".into());
    t.store.update_quote(q.id, &mine, q.version).await.unwrap();
    let r = t.store.update_quote(q.id, &theirs, q.version).await;
    assert!(
        matches!(r, Err(CoreError::Conflict { entity: "quote" })),
        "{r:?}"
    );
    assert!(matches!(
        t.store.send_quote(q.id, q.version).await,
        Err(CoreError::Conflict { .. })
    ));
    assert_eq!(
        t.store.get_quote(q.id).await.unwrap().notes.as_deref(),
        Some("mine")
    );
}

#[tokio::test]
async fn expired_and_overdue_are_derived_from_today() {
    let t = store().await;
    let c = client(&t.store, "Ada").await;
    // A quote sent while valid expires once its date has passed.
    let expired = t.store.create_quote(&quote_input(c.id)).await.unwrap();
    let expired = t
        .store
        .send_quote(expired.id, expired.version)
        .await
        .unwrap();
    sqlx::query("UPDATE quotes SET valid_until = '2025-06-14' WHERE id = ?")
        .bind(expired.id)
        .execute(&t.store.pool())
        .await
        .unwrap();
    let expired = t.store.get_quote(expired.id).await.unwrap();
    assert_eq!(expired.status, QuoteStatus::Expired);
    // Sending a quote that would be expired on arrival is refused.
    let mut old = quote_input(c.id);
    old.valid_until = Some("2025-06-14".into());
    let stale = t.store.create_quote(&old).await.unwrap();
    assert_eq!(
        field(t.store.send_quote(stale.id, stale.version).await),
        "valid_until"
    );
    t.store.delete_quote(stale.id).await.unwrap();
    let mut current = quote_input(c.id);
    current.valid_until = Some("2025-06-15".into());
    let q = t.store.create_quote(&current).await.unwrap();
    assert_eq!(
        t.store.send_quote(q.id, q.version).await.unwrap().status,
        QuoteStatus::Sent
    );
    let mut draft = quote_input(c.id);
    draft.valid_until = Some("2020-01-01".into());
    assert_eq!(
        t.store.create_quote(&draft).await.unwrap().status,
        QuoteStatus::Draft,
        "only sent quotes expire"
    );

    let by = |status| QuoteFilter {
        status: Some(status),
        ..QuoteFilter::default()
    };
    let numbers = |v: Vec<quotla_core::model::QuoteSummary>| {
        v.into_iter().map(|q| q.number).collect::<Vec<_>>()
    };
    assert_eq!(
        numbers(
            t.store
                .list_quotes(&by(QuoteStatus::Expired))
                .await
                .unwrap()
        ),
        ["QUO-0001"]
    );
    assert_eq!(
        numbers(t.store.list_quotes(&by(QuoteStatus::Sent)).await.unwrap()),
        ["QUO-0003"]
    );
    // An expired quote can still be accepted: the business decides.
    assert_eq!(
        t.store
            .accept_quote(expired.id, expired.version)
            .await
            .unwrap()
            .status,
        QuoteStatus::Accepted
    );

    let mut late = invoice_input(c.id);
    late.due_date = "2025-06-14".into();
    let overdue = t.store.create_invoice(&late).await.unwrap();
    assert_eq!(
        overdue.status,
        InvoiceStatus::Draft,
        "drafts are never overdue"
    );
    let overdue = t
        .store
        .issue_invoice(overdue.id, overdue.version)
        .await
        .unwrap();
    assert_eq!(overdue.status, InvoiceStatus::Overdue);
    let on_time = t.store.create_invoice(&invoice_input(c.id)).await.unwrap();
    t.store
        .issue_invoice(on_time.id, on_time.version)
        .await
        .unwrap();
    let by = |status| InvoiceFilter {
        status: Some(status),
        ..InvoiceFilter::default()
    };
    let ids = |v: Vec<quotla_core::model::InvoiceSummary>| {
        v.into_iter().map(|i| i.id).collect::<Vec<_>>()
    };
    assert_eq!(
        ids(t
            .store
            .list_invoices(&by(InvoiceStatus::Overdue))
            .await
            .unwrap()),
        [overdue.id]
    );
    let listed = |status| {
        let store = t.store.clone();
        async move { ids(store.list_invoices(&by(status)).await.unwrap()) }
    };
    assert_eq!(listed(InvoiceStatus::Issued).await, [on_time.id]);
    assert!(
        listed(InvoiceStatus::Sent).await.is_empty(),
        "issued is not sent"
    );
    let on_time = t.store.get_invoice(on_time.id).await.unwrap();
    let sent = t
        .store
        .mark_invoice_sent(on_time.id, on_time.version)
        .await
        .unwrap();
    assert_eq!(sent.status, InvoiceStatus::Sent);
    assert!(sent.sent_at.is_some());
    assert_eq!(listed(InvoiceStatus::Sent).await, [on_time.id]);
    assert!(listed(InvoiceStatus::Issued).await.is_empty());
    invalid_state(t.store.mark_invoice_sent(sent.id, sent.version).await);
    // Overdue invoices can be voided or paid.
    let voided = t
        .store
        .void_invoice(overdue.id, overdue.version)
        .await
        .unwrap();
    assert_eq!(voided.status, InvoiceStatus::Void);
    assert_eq!(
        voided.number.as_deref(),
        Some("INV-0001"),
        "a voided invoice keeps its number"
    );
}

#[tokio::test]
async fn invoice_rules_only_drafts_change_and_payment_dates_make_sense() {
    let t = store().await;
    let c = client(&t.store, "Ada").await;
    let empty = t
        .store
        .create_invoice(&quotla_core::model::InvoiceInput {
            items: vec![],
            ..invoice_input(c.id)
        })
        .await
        .unwrap();
    assert_eq!(
        field(t.store.issue_invoice(empty.id, empty.version).await),
        "items"
    );
    t.store.delete_invoice(empty.id).await.unwrap();
    assert!(matches!(
        t.store.get_invoice(empty.id).await,
        Err(CoreError::NotFound { .. })
    ));

    let inv = t.store.create_invoice(&invoice_input(c.id)).await.unwrap();
    invalid_state(
        t.store
            .mark_invoice_paid(inv.id, "2025-06-10", inv.version)
            .await,
    );
    invalid_state(t.store.void_invoice(inv.id, inv.version).await);
    let inv = t.store.issue_invoice(inv.id, inv.version).await.unwrap();
    assert_eq!(
        inv.number.as_deref(),
        Some("INV-0001"),
        "deleted drafts consume no number"
    );
    invalid_state(
        t.store
            .update_invoice(inv.id, &invoice_input(c.id), inv.version)
            .await,
    );
    invalid_state(t.store.issue_invoice(inv.id, inv.version).await);
    invalid_state(t.store.delete_invoice(inv.id).await);
    assert_eq!(
        field(
            t.store
                .mark_invoice_paid(inv.id, "2025-06-16", inv.version)
                .await
        ),
        "paid_on"
    );
    assert_eq!(
        field(
            t.store
                .mark_invoice_paid(inv.id, "2025-05-31", inv.version)
                .await
        ),
        "paid_on"
    );
    assert_eq!(
        field(
            t.store
                .mark_invoice_paid(inv.id, "yesterday", inv.version)
                .await
        ),
        "paid_on"
    );
    let paid = t
        .store
        .mark_invoice_paid(inv.id, "2025-06-01", inv.version)
        .await
        .unwrap();
    assert_eq!(paid.paid_on.as_deref(), Some("2025-06-01"));
    invalid_state(t.store.void_invoice(paid.id, paid.version).await);
    invalid_state(
        t.store
            .mark_invoice_paid(paid.id, "2025-06-02", paid.version)
            .await,
    );

    let mut backwards = invoice_input(c.id);
    backwards.due_date = "2025-05-01".into();
    assert_eq!(field(t.store.create_invoice(&backwards).await), "due_date");
}

#[tokio::test]
async fn deleting_a_converted_draft_lets_the_quote_convert_again() {
    let t = store().await;
    let c = client(&t.store, "Ada").await;
    let q = t.store.create_quote(&quote_input(c.id)).await.unwrap();
    let q = t.store.send_quote(q.id, q.version).await.unwrap();
    let q = t.store.accept_quote(q.id, q.version).await.unwrap();
    let inv = t.store.convert_quote_to_invoice(q.id).await.unwrap();
    t.store.delete_invoice(inv.id).await.unwrap();
    assert_eq!(t.store.get_quote(q.id).await.unwrap().invoice_id, None);
    let again = t.store.convert_quote_to_invoice(q.id).await.unwrap();
    assert_eq!(again.quote_id, Some(q.id));
}

#[tokio::test]
async fn bad_document_input_is_refused_with_the_field_and_nothing_is_written() {
    let t = store().await;
    let c = client(&t.store, "Ada").await;
    let with = |f: &dyn Fn(&mut QuoteInput)| {
        let mut input = quote_input(c.id);
        f(&mut input);
        input
    };
    let cases: Vec<(QuoteInput, &str)> = vec![
        (with(&|q| q.currency = "EURO".into()), "currency"),
        (with(&|q| q.currency = "".into()), "currency"),
        (
            with(&|q| q.items[0].quantity_milli = -1000),
            "items[0].quantity_milli",
        ),
        (
            with(&|q| q.items[1].quantity_milli = 0),
            "items[1].quantity_milli",
        ),
        (
            with(&|q| q.items[1].quantity_milli = i64::MAX),
            "items[1].quantity_milli",
        ),
        (
            with(&|q| q.items[0].unit_price_minor = -1),
            "items[0].unit_price_minor",
        ),
        (
            with(&|q| q.items[0].unit_price_minor = i64::MAX),
            "items[0].unit_price_minor",
        ),
        (
            with(&|q| q.items[0].tax_rate_milli = 250_000),
            "items[0].tax_rate_milli",
        ),
        (
            with(&|q| q.items[0].description = "d".repeat(1001)),
            "items[0].description",
        ),
        (
            with(&|q| q.items = vec![line("x", 1000, 1, 0); 201]),
            "items",
        ),
        (
            with(&|q| q.discount = Discount::Amount { minor: 1_000_000 }),
            "discount",
        ),
        (
            with(&|q| q.discount = Discount::Percent { milli: -5 }),
            "discount",
        ),
        (with(&|q| q.notes = Some("n".repeat(5001))), "notes"),
        (
            with(&|q| q.valid_until = Some("2025-02-30".into())),
            "valid_until",
        ),
        (with(&|q| q.client_id = 9999), "client_id"),
    ];
    for (input, expected) in cases {
        assert_eq!(field(t.store.create_quote(&input).await), expected);
    }
    assert!(t
        .store
        .list_quotes(&QuoteFilter::default())
        .await
        .unwrap()
        .is_empty());
    // A failed edit leaves the draft as it was.
    let q = t.store.create_quote(&quote_input(c.id)).await.unwrap();
    assert_eq!(q.number, "QUO-0001", "refused quotes consume no number");
    let bad = with(&|q| q.items[0].unit_price_minor = -5);
    assert_eq!(
        field(t.store.update_quote(q.id, &bad, q.version).await),
        "items[0].unit_price_minor"
    );
    assert_eq!(t.store.get_quote(q.id).await.unwrap(), q);
}

#[tokio::test]
async fn concurrent_issuing_gives_unique_gapless_numbers() {
    let t = store().await;
    let c = client(&t.store, "Ada").await;
    const N: usize = 40;
    let mut drafts = Vec::new();
    for _ in 0..N {
        drafts.push(t.store.create_invoice(&invoice_input(c.id)).await.unwrap());
    }
    // Several independent pools on the same file, as if several windows or processes issued
    // at once; each pool has several connections of its own.
    let mut stores = vec![t.store.clone()];
    for _ in 0..3 {
        stores.push(open(&t.dir).await);
    }
    let mut tasks = Vec::new();
    for (i, draft) in drafts.into_iter().enumerate() {
        let store = stores[i % stores.len()].clone();
        tasks.push(tokio::spawn(async move {
            store.issue_invoice(draft.id, draft.version).await
        }));
    }
    let mut numbers = HashSet::new();
    for task in tasks {
        let invoice = task.await.unwrap().expect("issue");
        assert!(numbers.insert(invoice.number.unwrap()));
    }
    let expected: HashSet<String> = (1..=N).map(|n| format!("INV-{n:04}")).collect();
    assert_eq!(numbers, expected);
    // Issuing the same draft twice at once: exactly one wins.
    let d = t.store.create_invoice(&invoice_input(c.id)).await.unwrap();
    let (a, b) = tokio::join!(
        stores[1].issue_invoice(d.id, d.version),
        stores[2].issue_invoice(d.id, d.version)
    );
    assert_eq!(a.is_ok() as u8 + b.is_ok() as u8, 1, "{a:?} {b:?}");
    let next: i64 = sqlx::query_scalar("SELECT next_value FROM counters WHERE name = 'invoice'")
        .fetch_one(&t.store.pool())
        .await
        .unwrap();
    assert_eq!(next, N as i64 + 2);
}

#[tokio::test]
async fn concurrent_quote_creation_gives_unique_numbers() {
    let t = store().await;
    let c = client(&t.store, "Ada").await;
    let other = open(&t.dir).await;
    let mut tasks = Vec::new();
    for i in 0..20 {
        let store = if i % 2 == 0 {
            t.store.clone()
        } else {
            other.clone()
        };
        let input = quote_input(c.id);
        tasks.push(tokio::spawn(
            async move { store.create_quote(&input).await },
        ));
    }
    let mut numbers = HashSet::new();
    for task in tasks {
        assert!(numbers.insert(task.await.unwrap().expect("create").number));
    }
    let expected: HashSet<String> = (1..=20).map(|n| format!("QUO-{n:04}")).collect();
    assert_eq!(numbers, expected);
}
