//! Clients on a real SQLite file: validation, search, versions, archive instead of delete.

mod common;

use common::*;
use quotla_core::model::{ActivityKind, ClientFilter, ClientInput, DeleteOutcome};
use quotla_core::CoreError;

#[tokio::test]
async fn a_new_database_is_migrated_marked_and_enforces_foreign_keys() {
    let t = store().await;
    let app_id: i32 = sqlx::query_scalar("PRAGMA application_id")
        .fetch_one(&t.store.pool())
        .await
        .unwrap();
    assert_eq!(app_id, quotla_core::store::APPLICATION_ID);
    let fk: bool = sqlx::query_scalar("PRAGMA foreign_keys")
        .fetch_one(&t.store.pool())
        .await
        .unwrap();
    assert!(fk);
    // A quote pointing at a client that does not exist is refused by SQLite itself.
    let orphan = sqlx::query(
        "INSERT INTO quotes (number, client_id, status, currency, discount_kind, subtotal_minor, discount_minor,
            tax_minor, total_minor, created_at, updated_at)
         VALUES ('QUO-9999', 424242, 'draft', 'EUR', 'none', 0, 0, 0, 0, 'x', 'x')",
    )
    .execute(&t.store.pool())
    .await;
    assert!(orphan.is_err(), "foreign key not enforced");
    // Opening the same file again runs no migration twice.
    t.store.close().await;
    let again = open(&t.dir).await;
    assert!(again
        .list_clients(&ClientFilter::default())
        .await
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn create_and_read_a_client_with_its_timeline() {
    let t = store().await;
    let c = t
        .store
        .create_client(&ClientInput {
            name: "  Ada Lovelace ".into(),
            company: Some("".into()),
            email: Some("ada@example.com".into()),
            phone: Some("+44 20 1234".into()),
            address: Some("1 Analytical Way\nLondon".into()),
            notes: None,
            tax_number: Some(" GB 123 ".into()),
        })
        .await
        .unwrap();
    assert_eq!(c.name, "Ada Lovelace");
    assert_eq!(c.company, None, "empty text is stored as absent");
    assert_eq!(c.tax_number.as_deref(), Some("GB 123"));
    assert_eq!(c.version, 1);
    let detail = t.store.get_client(c.id).await.unwrap();
    assert_eq!(detail.client, c);
    assert_eq!(detail.activity.rows.len(), 1);
    assert_eq!(detail.activity.rows[0].kind, ActivityKind::ClientCreated);
}

#[tokio::test]
async fn timeline_entries_of_a_kind_this_version_does_not_know_are_skipped() {
    let t = store().await;
    let c = client(&t.store, "Grace Hopper").await;
    // As a newer Quotla (or a restored backup from one) would have written it.
    sqlx::query(
        "INSERT INTO activity (client_id, kind, occurred_at) VALUES (?, 'meeting_teleported', ?)",
    )
    .bind(c.id)
    .bind("2099-01-01T00:00:00.000000Z")
    .execute(&t.store.pool())
    .await
    .unwrap();
    let detail = t.store.get_client(c.id).await.unwrap();
    let kinds: Vec<_> = detail.activity.rows.iter().map(|a| a.kind).collect();
    assert_eq!(kinds, [ActivityKind::ClientCreated]);
}

#[tokio::test]
async fn bad_client_input_names_the_field_and_writes_nothing() {
    let t = store().await;
    let cases: Vec<(ClientInput, &str)> = vec![
        (
            ClientInput {
                name: "".into(),
                ..ClientInput::default()
            },
            "name",
        ),
        (
            ClientInput {
                name: "   ".into(),
                ..ClientInput::default()
            },
            "name",
        ),
        (
            ClientInput {
                name: "x".repeat(201),
                ..ClientInput::default()
            },
            "name",
        ),
        (
            ClientInput {
                name: "Line\nbreak".into(),
                ..ClientInput::default()
            },
            "name",
        ),
        (
            ClientInput {
                name: "Bob".into(),
                email: Some("bob@".into()),
                ..ClientInput::default()
            },
            "email",
        ),
        (
            ClientInput {
                name: "Bob".into(),
                email: Some("bob example.com".into()),
                ..ClientInput::default()
            },
            "email",
        ),
        (
            ClientInput {
                name: "Bob".into(),
                phone: Some("1".repeat(51)),
                ..ClientInput::default()
            },
            "phone",
        ),
        (
            ClientInput {
                name: "Bob".into(),
                address: Some("a".repeat(1001)),
                ..ClientInput::default()
            },
            "address",
        ),
        (
            ClientInput {
                name: "Bob".into(),
                notes: Some("n".repeat(5001)),
                ..ClientInput::default()
            },
            "notes",
        ),
        (
            ClientInput {
                name: "Bob".into(),
                notes: Some("nul\0".into()),
                ..ClientInput::default()
            },
            "notes",
        ),
    ];
    for (input, expected) in cases {
        assert_eq!(field(t.store.create_client(&input).await), expected);
    }
    let all = ClientFilter {
        search: None,
        include_archived: true,
    };
    assert!(t.store.list_clients(&all).await.unwrap().is_empty());
    let activity: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM activity")
        .fetch_one(&t.store.pool())
        .await
        .unwrap();
    assert_eq!(activity, 0);
}

#[tokio::test]
async fn search_matches_name_company_and_email_case_insensitively_and_literally() {
    let t = store().await;
    client(&t.store, "Grace Hopper").await;
    t.store
        .create_client(&ClientInput {
            name: "Linus".into(),
            company: Some("Kernel 100% Co".into()),
            ..ClientInput::default()
        })
        .await
        .unwrap();
    t.store
        .create_client(&ClientInput {
            name: "Ken".into(),
            email: Some("ken@unix.org".into()),
            ..ClientInput::default()
        })
        .await
        .unwrap();
    let names = |v: Vec<quotla_core::model::ClientSummary>| {
        v.into_iter().map(|c| c.name).collect::<Vec<_>>()
    };
    let search = |s: &str| ClientFilter {
        search: Some(s.into()),
        include_archived: false,
    };
    assert_eq!(
        names(t.store.list_clients(&search("HOPPER")).await.unwrap()),
        ["Grace Hopper"]
    );
    assert_eq!(
        names(t.store.list_clients(&search("kernel")).await.unwrap()),
        ["Linus"]
    );
    assert_eq!(
        names(t.store.list_clients(&search("unix.org")).await.unwrap()),
        ["Ken"]
    );
    // LIKE wildcards in the search text are taken literally.
    assert_eq!(
        names(t.store.list_clients(&search("100%")).await.unwrap()),
        ["Linus"]
    );
    assert!(t.store.list_clients(&search("%")).await.unwrap().len() == 1);
    assert!(t.store.list_clients(&search("_")).await.unwrap().is_empty());
    assert_eq!(t.store.list_clients(&search("   ")).await.unwrap().len(), 3);
    assert_eq!(
        field(t.store.list_clients(&search(&"s".repeat(201))).await),
        "search"
    );
}

#[tokio::test]
async fn a_stale_version_is_a_conflict_and_keeps_the_other_edit() {
    let t = store().await;
    let c = client(&t.store, "Alan Turing").await;
    // Two windows opened the client at version 1; the first saves.
    let first = t
        .store
        .update_client(
            c.id,
            &ClientInput {
                name: "Alan M. Turing".into(),
                ..client_input("Alan Turing")
            },
            c.version,
        )
        .await
        .unwrap();
    assert_eq!(first.version, 2);
    let second = t
        .store
        .update_client(
            c.id,
            &ClientInput {
                name: "A. Turing".into(),
                ..client_input("Alan Turing")
            },
            c.version,
        )
        .await;
    assert!(
        matches!(second, Err(CoreError::Conflict { entity: "client" })),
        "{second:?}"
    );
    assert_eq!(t.store.client(c.id).await.unwrap().name, "Alan M. Turing");
    let missing = t.store.update_client(999, &client_input("Nobody"), 1).await;
    assert!(matches!(
        missing,
        Err(CoreError::NotFound {
            entity: "client",
            id: 999
        })
    ));
}

#[tokio::test]
async fn a_client_with_documents_is_archived_not_deleted() {
    let t = store().await;
    let lonely = client(&t.store, "No Documents").await;
    let busy = client(&t.store, "Has Quotes").await;
    t.store.create_quote(&quote_input(busy.id)).await.unwrap();

    assert_eq!(
        t.store.delete_client(lonely.id).await.unwrap().outcome,
        DeleteOutcome::Deleted
    );
    assert!(matches!(
        t.store.client(lonely.id).await,
        Err(CoreError::NotFound { .. })
    ));
    let activity: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM activity WHERE client_id = ?")
        .bind(lonely.id)
        .fetch_one(&t.store.pool())
        .await
        .unwrap();
    assert_eq!(activity, 0, "a deleted client's timeline goes with it");

    assert_eq!(
        t.store.delete_client(busy.id).await.unwrap().outcome,
        DeleteOutcome::Archived
    );
    let archived = t.store.client(busy.id).await.unwrap();
    assert!(archived.archived);
    assert!(t
        .store
        .list_clients(&ClientFilter::default())
        .await
        .unwrap()
        .is_empty());
    let with_archived = ClientFilter {
        search: None,
        include_archived: true,
    };
    assert_eq!(t.store.list_clients(&with_archived).await.unwrap().len(), 1);
    // Its quote is still there, and no new document can be written for it.
    assert_eq!(
        t.store.get_client(busy.id).await.unwrap().quotes.rows.len(),
        1
    );
    assert_eq!(
        field(t.store.create_quote(&quote_input(busy.id)).await),
        "client_id"
    );
    assert_eq!(
        field(t.store.create_invoice(&invoice_input(busy.id)).await),
        "client_id"
    );

    // Deleting the row under SQLite's nose is refused too (ON DELETE RESTRICT).
    let raw = sqlx::query("DELETE FROM clients WHERE id = ?")
        .bind(busy.id)
        .execute(&t.store.pool())
        .await;
    assert!(raw.is_err());

    let back = t.store.unarchive_client(busy.id).await.unwrap();
    assert!(!back.archived);
    assert!(back.version > archived.version);
    assert!(t.store.create_quote(&quote_input(busy.id)).await.is_ok());
}

#[tokio::test]
async fn a_client_is_found_by_e_mail_whatever_its_case_and_never_when_archived() {
    let t = store().await;
    let ada = client(&t.store, "Ada Lovelace").await;
    let twin = t
        .store
        .create_client(&ClientInput {
            email: Some("ADA.LOVELACE@example.com".into()),
            ..client_input("Ada Twin")
        })
        .await
        .unwrap();

    let found = t
        .store
        .active_client_by_email(" Ada.Lovelace@Example.com ")
        .await
        .unwrap();
    assert_eq!(found.map(|c| c.id), Some(ada.id), "the oldest of the two");
    assert!(t
        .store
        .active_client_by_email("nobody@example.com")
        .await
        .unwrap()
        .is_none());

    // Archived clients are not offered: the twin is found once Ada is archived.
    t.store.create_quote(&quote_input(ada.id)).await.unwrap();
    t.store.delete_client(ada.id).await.unwrap();
    let found = t
        .store
        .active_client_by_email("ada.lovelace@example.com")
        .await
        .unwrap();
    assert_eq!(found.map(|c| c.id), Some(twin.id));
}
