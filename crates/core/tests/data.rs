//! Dashboard, business profile, and backup/restore on real files, including hostile files.

mod common;

use common::*;
use quotla_core::model::{BusinessProfile, ClientFilter, CurrencyAmount, InvoiceInput};
use quotla_core::CoreError;

fn amount(currency: &str, amount_minor: i64, count: i64) -> CurrencyAmount {
    CurrencyAmount {
        currency: currency.into(),
        amount_minor,
        count,
    }
}

#[tokio::test]
async fn the_dashboard_sums_per_currency_and_never_across() {
    let t = store().await;
    let c = client(&t.store, "Ada").await;
    let usd = |due: &str| InvoiceInput {
        currency: "USD".into(),
        items: vec![line("Work", 1000, 2500, 0)],
        due_date: due.into(),
        ..invoice_input(c.id)
    };
    for input in [invoice_input(c.id), usd("2025-07-01"), usd("2025-06-10")] {
        let inv = t.store.create_invoice(&input).await.unwrap();
        t.store.issue_invoice(inv.id, inv.version).await.unwrap();
    }
    t.store.create_invoice(&invoice_input(c.id)).await.unwrap(); // a draft counts nowhere
    let q = t.store.create_quote(&quote_input(c.id)).await.unwrap();
    t.store.send_quote(q.id, q.version).await.unwrap();
    let mut jpy = quote_input(c.id);
    jpy.currency = "JPY".into();
    jpy.items = vec![line("Ramen", 2000, 900, 10000)];
    let q = t.store.create_quote(&jpy).await.unwrap();
    t.store.send_quote(q.id, q.version).await.unwrap();

    let d = t.store.dashboard().await.unwrap();
    assert_eq!(
        d.outstanding_invoices,
        [amount("EUR", 12000, 1), amount("USD", 5000, 2)]
    );
    assert_eq!(d.overdue_invoices, [amount("USD", 2500, 1)]);
    assert_eq!(
        d.open_quotes,
        [amount("EUR", 13799, 1), amount("JPY", 1980, 1)]
    );
    assert_eq!(d.counts.clients, 1);
    assert_eq!(d.counts.draft_invoices, 1);
    assert_eq!(d.counts.outstanding_invoices, 3);
    assert_eq!(d.counts.overdue_invoices, 1);
    assert_eq!(d.counts.open_quotes, 2);
    assert_eq!(d.recent_invoices.len(), 4);
    assert_eq!(d.recent_quotes.len(), 2);
}

#[tokio::test]
async fn the_business_profile_is_validated_and_kept() {
    let t = store().await;
    let default = t.store.business_profile().await.unwrap();
    assert_eq!(default.default_currency, "EUR");
    let good = BusinessProfile {
        name: "Quotla Studio".into(),
        address: Some("Main St 1\n12345 Town".into()),
        email: Some("hello@quotla.app".into()),
        default_currency: "gbp".into(),
        default_tax_rate_milli: 20000,
        phone: Some("+44 117 496 0000".into()),
        tax_number: Some("GB123456789".into()),
        payment_details: Some("IBAN GB33 BUKB 2020 1555 5555 55".into()),
        has_logo: true,
    };
    let saved = t.store.update_business_profile(&good).await.unwrap();
    assert_eq!(saved.default_currency, "GBP");
    assert_eq!(saved.tax_number.as_deref(), Some("GB123456789"));
    assert!(
        !saved.has_logo,
        "a logo is set by its own command, not by saying so"
    );
    let bad = [
        (
            BusinessProfile {
                name: "".into(),
                ..good.clone()
            },
            "name",
        ),
        (
            BusinessProfile {
                email: Some("nope".into()),
                ..good.clone()
            },
            "email",
        ),
        (
            BusinessProfile {
                default_currency: "ZZZ".into(),
                ..good.clone()
            },
            "default_currency",
        ),
        (
            BusinessProfile {
                default_tax_rate_milli: 100_001,
                ..good.clone()
            },
            "default_tax_rate_milli",
        ),
        (
            BusinessProfile {
                address: Some("a".repeat(1001)),
                ..good.clone()
            },
            "address",
        ),
        (
            BusinessProfile {
                phone: Some("1".repeat(51)),
                ..good.clone()
            },
            "phone",
        ),
        (
            BusinessProfile {
                tax_number: Some("GB\n123".into()),
                ..good.clone()
            },
            "tax_number",
        ),
        (
            BusinessProfile {
                payment_details: Some("x".repeat(1001)),
                ..good.clone()
            },
            "payment_details",
        ),
    ];
    for (profile, expected) in bad {
        assert_eq!(
            field(t.store.update_business_profile(&profile).await),
            expected
        );
    }
    assert_eq!(t.store.business_profile().await.unwrap(), saved);
}

async fn client_names(store: &quotla_core::Store) -> Vec<String> {
    let all = ClientFilter {
        search: None,
        include_archived: true,
    };
    store
        .list_clients(&all)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect()
}

#[tokio::test]
async fn backup_then_restore_brings_back_exactly_the_backed_up_data() {
    let t = store().await;
    let c = client(&t.store, "Before Backup").await;
    let inv = t.store.create_invoice(&invoice_input(c.id)).await.unwrap();
    t.store.issue_invoice(inv.id, inv.version).await.unwrap();

    let backups = tempfile::tempdir().unwrap();
    let target = backups.path().join("quotla-backup.db");
    std::fs::write(&target, b"an older file the user chose to overwrite").unwrap();
    let result = t.store.backup_to(&target).await.unwrap();
    assert_eq!(result.path, target.to_string_lossy());
    assert_eq!(
        result.size_bytes as u64,
        std::fs::metadata(&target).unwrap().len()
    );
    assert!(!backups.path().join("quotla-backup.db.partial").exists());

    client(&t.store, "After Backup").await;
    assert_eq!(
        client_names(&t.store).await,
        ["After Backup", "Before Backup"]
    );

    t.store.restore_from(&target).await.unwrap();
    assert_eq!(client_names(&t.store).await, ["Before Backup"]);
    let restored = t.store.get_invoice(inv.id).await.unwrap();
    assert_eq!(restored.number.as_deref(), Some("INV-0001"));
    // The restored store works, numbering continues from the backup's counter, and no
    // staging or previous files are left behind.
    let next = t.store.create_invoice(&invoice_input(c.id)).await.unwrap();
    let next = t.store.issue_invoice(next.id, next.version).await.unwrap();
    assert_eq!(next.number.as_deref(), Some("INV-0002"));
    let leftovers: Vec<_> = std::fs::read_dir(t.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("restore"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // Reopening the file after the swap shows the restored data too.
    t.store.close().await;
    let reopened = open(&t.dir).await;
    assert_eq!(client_names(&reopened).await, ["Before Backup"]);
}

#[tokio::test]
async fn backing_up_onto_the_live_database_is_refused() {
    let t = store().await;
    let live = t.store.path().to_path_buf();
    assert_eq!(field(t.store.backup_to(&live).await), "path");
    let missing_dir = t.dir.path().join("no/such/dir/backup.db");
    assert!(t.store.backup_to(&missing_dir).await.is_err());
}

/// Restoring `file` fails with `invalid_backup` and the current data is untouched.
async fn assert_refused(t: &TestStore, file: &std::path::Path) {
    let r = t.store.restore_from(file).await;
    assert!(
        matches!(r, Err(CoreError::InvalidBackup(_))),
        "{file:?}: {r:?}"
    );
    assert_eq!(client_names(&t.store).await, ["Keep Me"]);
    assert!(
        t.store.create_quote(&quote_input(1)).await.is_ok(),
        "the store still works"
    );
}

#[tokio::test]
async fn garbage_foreign_truncated_and_newer_files_are_refused_and_the_data_stays() {
    let t = store().await;
    client(&t.store, "Keep Me").await;
    let files = tempfile::tempdir().unwrap();

    let garbage = files.path().join("garbage.db");
    std::fs::write(&garbage, b"this is not a database at all, just text").unwrap();
    assert_refused(&t, &garbage).await;

    let empty = files.path().join("empty.db");
    std::fs::write(&empty, b"").unwrap();
    assert_refused(&t, &empty).await;

    assert_refused(&t, &files.path().join("missing.db")).await;

    // A healthy SQLite database that is not Quotla's.
    let foreign = files.path().join("foreign.db");
    {
        use sqlx::{ConnectOptions, Connection};
        let mut conn = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(&foreign)
            .create_if_missing(true)
            .connect()
            .await
            .unwrap();
        sqlx::query("CREATE TABLE songs (title TEXT)")
            .execute(&mut conn)
            .await
            .unwrap();
        conn.close().await.unwrap();
    }
    assert_refused(&t, &foreign).await;

    // A real backup cut in half.
    let good = files.path().join("good.db");
    t.store.backup_to(&good).await.unwrap();
    let bytes = std::fs::read(&good).unwrap();
    let truncated = files.path().join("truncated.db");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    assert_refused(&t, &truncated).await;

    // A real backup with a page overwritten by noise.
    // A whole page: a vacuumed file has no free pages, so every page is part of a b-tree
    // and a noisy header is always found (noise in a page's free space would not be).
    let mut damaged_bytes = bytes.clone();
    let page_size = usize::from(u16::from_be_bytes([bytes[16], bytes[17]]));
    let page = (damaged_bytes.len() / 2) / page_size * page_size;
    for b in &mut damaged_bytes[page..page + page_size] {
        *b = 0xA5;
    }
    let damaged = files.path().join("damaged.db");
    std::fs::write(&damaged, &damaged_bytes).unwrap();
    assert_refused(&t, &damaged).await;

    // A backup from a newer Quotla with a migration this build does not know.
    let newer = files.path().join("newer.db");
    t.store.backup_to(&newer).await.unwrap();
    {
        use sqlx::{ConnectOptions, Connection};
        let mut conn = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(&newer)
            .connect()
            .await
            .unwrap();
        sqlx::query(
            "INSERT INTO _sqlx_migrations (version, description, installed_on, success, checksum, execution_time)
             VALUES (99999999999999, 'from the future', CURRENT_TIMESTAMP, 1, x'00', 0)",
        )
        .execute(&mut conn)
        .await
        .unwrap();
        conn.close().await.unwrap();
    }
    let r = t.store.restore_from(&newer).await;
    match r {
        Err(CoreError::InvalidBackup(message)) => {
            assert!(message.contains("newer version"), "{message}")
        }
        other => panic!("expected invalid_backup, got {other:?}"),
    }
    assert_eq!(client_names(&t.store).await, ["Keep Me"]);
}

/// A read that keeps its connection busy for a while: counts to `n` in SQL.
async fn long_read(conn: &mut sqlx::SqliteConnection, n: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ?)
         SELECT count(*) FROM c",
    )
    .bind(n)
    .fetch_one(conn)
    .await
}

#[tokio::test]
async fn restore_waits_for_work_in_flight_and_every_clone_continues_on_the_restored_file() {
    let t = store().await;
    client(&t.store, "Before Backup").await;
    let backups = tempfile::tempdir().unwrap();
    let target = backups.path().join("b.db");
    t.store.backup_to(&target).await.unwrap();
    client(&t.store, "After Backup").await;

    // A background worker holds a clone of the store across awaits, like the sync worker.
    let worker = t.store.clone();
    let mut restores = worker.restores();
    let unit = worker.work().await;
    let mut conn = worker.pool().acquire().await.unwrap();
    let (started_tx, started_rx) = tokio::sync::oneshot::channel();
    let read = tokio::spawn(async move {
        started_tx.send(()).unwrap();
        long_read(&mut conn, 2_000_000).await
    });
    started_rx.await.unwrap();

    let restoring = {
        let store = t.store.clone();
        let target = target.clone();
        tokio::spawn(async move { store.restore_from(&target).await })
    };
    for _ in 0..200 {
        tokio::task::yield_now().await;
    }
    assert!(
        !restoring.is_finished(),
        "restore must wait for the unit of work in flight"
    );
    assert_eq!(
        client_names(&worker).await.len(),
        2,
        "old data until the swap"
    );
    drop(unit);

    assert_eq!(
        read.await.unwrap().unwrap(),
        2_000_000,
        "the long read finished"
    );
    restoring.await.unwrap().unwrap();
    restores.changed().await.unwrap();
    assert_eq!(*restores.borrow(), 1);

    // The worker's clone, the store and a fresh open all see the restored file.
    assert_eq!(client_names(&worker).await, ["Before Backup"]);
    client(&worker, "Written By The Worker").await;
    assert_eq!(
        client_names(&t.store).await,
        ["Before Backup", "Written By The Worker"]
    );
    t.store.close().await;
    let reopened = open(&t.dir).await;
    assert_eq!(
        client_names(&reopened).await,
        ["Before Backup", "Written By The Worker"]
    );
}

#[tokio::test]
async fn a_query_on_a_pool_closed_by_a_restore_fails_cleanly() {
    let t = store().await;
    client(&t.store, "Kept").await;
    let backups = tempfile::tempdir().unwrap();
    let target = backups.path().join("b.db");
    t.store.backup_to(&target).await.unwrap();
    // A caller that took the pool before the swap gets an error, not a panic or old data…
    let stale_pool = t.store.pool();
    t.store.restore_from(&target).await.unwrap();
    let stale: Result<i64, _> = sqlx::query_scalar("SELECT count(*) FROM clients")
        .fetch_one(&stale_pool)
        .await;
    assert!(matches!(stale, Err(sqlx::Error::PoolClosed)), "{stale:?}");
    // …and its next call through the store runs on the restored database.
    assert_eq!(client_names(&t.store).await, ["Kept"]);
}

#[tokio::test]
async fn the_time_zone_setting_survives_reopen_and_follows_a_restore() {
    let t = store().await;
    let backups = tempfile::tempdir().unwrap();
    let target = backups.path().join("b.db");
    let tokyo = t.store.set_time_zone(Some("Asia/Tokyo")).await.unwrap();
    assert_eq!(
        (tokyo.time_zone.as_str(), tokyo.time_zone_source),
        ("Asia/Tokyo", quotla_core::zone::TimeZoneSource::Setting)
    );
    t.store.backup_to(&target).await.unwrap();
    t.store
        .set_time_zone(Some("America/New_York"))
        .await
        .unwrap();
    assert_eq!(
        field(t.store.set_time_zone(Some("Not/AZone")).await),
        "time_zone"
    );
    assert_eq!(t.store.zone().name(), "America/New_York");
    t.store.restore_from(&target).await.unwrap();
    assert_eq!(t.store.zone().name(), "Asia/Tokyo");
}
