//! What a client receives and the settings behind it, on a real SQLite file: PDFs read back,
//! the e-mail template, numbering and payment terms, duplicates and revisions, invoices that
//! were issued versus sent, accent-blind search, twin clients, the client timeline, the
//! monthly chart and a backup inspected before it is restored.

mod common;

use common::*;
use quotla_core::model::{
    ActivityKind, BusinessProfile, ClientFilter, ClientInput, DocumentKind, InvoiceStatus,
    PaperSize, QuoteFilter,
};
use quotla_core::store::{Pdf, Purpose};
use quotla_core::CoreError;

const SVG_LOGO: &[u8] = br##"<svg xmlns="http://www.w3.org/2000/svg" width="90" height="30"><rect width="90" height="30" fill="#0b7285"/></svg>"##;

fn text_of(pdf: &Pdf) -> String {
    pdf_extract::extract_text_from_mem(&pdf.bytes)
        .expect("the PDF reads back")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

async fn profile(t: &TestStore) -> BusinessProfile {
    t.store
        .update_business_profile(&BusinessProfile {
            name: "Northwind Studio".into(),
            address: Some("12 Harbour Road\nBristol".into()),
            email: Some("hello@northwind.example".into()),
            default_currency: "EUR".into(),
            default_tax_rate_milli: 20_000,
            phone: Some("+44 117 496 0000".into()),
            tax_number: Some("GB123456789".into()),
            payment_details: Some("IBAN DE89 3704 0044 0532 0130 00".into()),
            has_logo: false,
        })
        .await
        .unwrap()
}

#[tokio::test]
async fn an_invoice_pdf_carries_the_business_the_client_and_how_to_pay() {
    let t = store().await;
    profile(&t).await;
    t.store.set_business_logo(SVG_LOGO.to_vec()).await.unwrap();
    assert!(t.store.business_profile().await.unwrap().has_logo);
    let c = t
        .store
        .create_client(&ClientInput {
            tax_number: Some("DE811907980".into()),
            ..client_input("Zoë Müller")
        })
        .await
        .unwrap();
    let draft = t.store.create_invoice(&invoice_input(c.id)).await.unwrap();
    let pdf = t
        .store
        .document_pdf(DocumentKind::Invoice, draft.id, "de-DE", Purpose::Keep)
        .await
        .unwrap();
    assert!(text_of(&pdf).contains("DRAFT"), "a draft says so");
    let inv = t
        .store
        .issue_invoice(draft.id, draft.version)
        .await
        .unwrap();
    let text = text_of(
        &t.store
            .document_pdf(DocumentKind::Invoice, inv.id, "de-DE", Purpose::Keep)
            .await
            .unwrap(),
    );
    for expected in [
        "INV-0001",
        "Northwind Studio",
        "+44 117 496 0000",
        "GB123456789",
        "Zoë Müller",
        "DE811907980",
        "01.06.2025",
        "01.07.2025",
        "Consulting",
        "120,00",
        "IBAN DE89 3704 0044 0532 0130 00",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from {text:?}"
        );
    }
    assert!(!text.contains("DRAFT") && !text.contains("VOID"));
    let void = t.store.void_invoice(inv.id, inv.version).await.unwrap();
    let text = text_of(
        &t.store
            .document_pdf(DocumentKind::Invoice, void.id, "en-US", Purpose::Keep)
            .await
            .unwrap(),
    );
    assert!(text.contains("VOID") && text.contains("€120.00"));
}

#[tokio::test]
async fn a_draft_quote_being_sent_is_printed_as_sent_and_checked_first() {
    let t = store().await;
    profile(&t).await;
    let c = client(&t.store, "Ada").await;
    let mut input = quote_input(c.id);
    input.valid_until = Some("2025-07-31".into());
    let q = t.store.create_quote(&input).await.unwrap();
    let pdf = |purpose| {
        let store = t.store.clone();
        async move {
            text_of(
                &store
                    .document_pdf(DocumentKind::Quote, q.id, "en-GB", purpose)
                    .await
                    .unwrap(),
            )
        }
    };
    assert!(pdf(Purpose::Keep).await.contains("DRAFT"));
    let sent = pdf(Purpose::Send).await;
    assert!(
        !sent.contains("DRAFT") && sent.contains("15 Jun 2025"),
        "{sent}"
    );
    let mut late = quote_input(c.id);
    late.valid_until = Some("2025-06-01".into());
    let late = t.store.create_quote(&late).await.unwrap();
    assert_eq!(
        field(
            t.store
                .mail_draft(DocumentKind::Quote, late.id, "en-GB")
                .await
        ),
        "valid_until"
    );
    assert_eq!(
        field(
            t.store
                .document_pdf(DocumentKind::Quote, late.id, "en-GB", Purpose::Send)
                .await
        ),
        "valid_until"
    );
}

#[tokio::test]
async fn a_logo_that_is_not_an_image_is_refused_and_the_old_one_kept() {
    let t = store().await;
    let preview = t.store.set_business_logo(SVG_LOGO.to_vec()).await.unwrap();
    assert!(preview.data_url.starts_with("data:image/svg+xml;base64,"));
    for bad in [
        b"%PDF-1.7".to_vec(),
        b"hello".to_vec(),
        vec![0; 2 * 1024 * 1024],
    ] {
        assert_eq!(field(t.store.set_business_logo(bad).await), "logo");
    }
    assert_eq!(
        t.store.business_logo_preview().await.unwrap(),
        Some(preview)
    );
    t.store.clear_business_logo().await.unwrap();
    assert!(!t.store.business_profile().await.unwrap().has_logo);
}

#[tokio::test]
async fn the_mail_draft_fills_the_template() {
    let t = store().await;
    profile(&t).await;
    let c = client(&t.store, "Ada Lovelace").await;
    let q = t.store.create_quote(&quote_input(c.id)).await.unwrap();
    let mail = t
        .store
        .mail_draft(DocumentKind::Quote, q.id, "en-GB")
        .await
        .unwrap();
    assert_eq!(mail.to.as_deref(), Some("ada.lovelace@example.com"));
    assert_eq!(mail.subject, "Quote QUO-0001 from Northwind Studio");
    assert!(mail.body.starts_with("Hello Ada Lovelace,"));
    assert!(mail.body.contains("€137.99"), "{}", mail.body);
}

#[tokio::test]
async fn document_settings_number_and_date_new_documents() {
    let t = store().await;
    let c = client(&t.store, "Ada").await;
    t.store.create_quote(&quote_input(c.id)).await.unwrap();
    let mut settings = t.store.document_settings().await.unwrap();
    assert_eq!(settings.payment_terms_days, 14);
    assert_eq!(settings.next_quote_number, 2);
    settings.quote_prefix = "2025/Q-".into();
    settings.next_quote_number = 40;
    settings.payment_terms_days = 45;
    settings.paper_size = PaperSize::Letter;
    settings.quote_notes = Some("Valid for 30 days.".into());
    let saved = t.store.update_document_settings(&settings).await.unwrap();
    assert_eq!(saved.paper_size, PaperSize::Letter);
    let q = t.store.create_quote(&quote_input(c.id)).await.unwrap();
    assert_eq!(q.number, "2025/Q-0040");
    assert_eq!(
        t.store
            .document_file_name(DocumentKind::Quote, q.id)
            .await
            .unwrap(),
        "2025-Q-0040.pdf",
        "a prefix never makes a path"
    );
    let q = t.store.send_quote(q.id, q.version).await.unwrap();
    let q = t.store.accept_quote(q.id, q.version).await.unwrap();
    let inv = t.store.convert_quote_to_invoice(q.id).await.unwrap();
    assert_eq!(inv.due_date, "2025-07-30", "45 days after 15 June");
    // A next number below what is taken would hand out a number twice.
    let mut lower = t.store.document_settings().await.unwrap();
    lower.next_quote_number = 3;
    assert_eq!(
        field(t.store.update_document_settings(&lower).await),
        "next_quote_number"
    );
    for (bad, expected) in [
        (
            quotla_core::model::DocumentSettings {
                payment_terms_days: 366,
                ..settings.clone()
            },
            "payment_terms_days",
        ),
        (
            quotla_core::model::DocumentSettings {
                invoice_prefix: "A\nB".into(),
                ..settings.clone()
            },
            "invoice_prefix",
        ),
        (
            quotla_core::model::DocumentSettings {
                quote_prefix: "X".repeat(13),
                ..settings.clone()
            },
            "quote_prefix",
        ),
        (
            quotla_core::model::DocumentSettings {
                email_body: "  ".into(),
                ..settings.clone()
            },
            "email_body",
        ),
    ] {
        assert_eq!(
            field(t.store.update_document_settings(&bad).await),
            expected
        );
    }
}

#[tokio::test]
async fn a_revision_keeps_its_link_and_a_duplicate_is_a_fresh_draft() {
    let t = store().await;
    let c = client(&t.store, "Ada").await;
    let q = t.store.create_quote(&quote_input(c.id)).await.unwrap();
    assert!(matches!(
        t.store.duplicate_quote(q.id, true).await,
        Err(CoreError::InvalidState(_))
    ));
    let copy = t.store.duplicate_quote(q.id, false).await.unwrap();
    assert_ne!(copy.number, q.number);
    assert_eq!(copy.items, q.items);
    assert_eq!(copy.revises, None);
    let sent = t.store.send_quote(q.id, q.version).await.unwrap();
    let revision = t.store.duplicate_quote(sent.id, true).await.unwrap();
    assert_eq!(revision.revises.as_ref().map(|r| r.id), Some(sent.id));
    let original = t.store.get_quote(sent.id).await.unwrap();
    assert_eq!(
        original.revised_by.as_ref().map(|r| r.number.as_str()),
        Some(revision.number.as_str())
    );
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
    assert_eq!(kinds[0], ActivityKind::QuoteRevised);
    // One draft revision at a time; once the revision is sent it replaces the original in
    // the dashboard's open quotes.
    assert!(matches!(
        t.store.duplicate_quote(sent.id, true).await,
        Err(CoreError::InvalidState(_))
    ));
    assert_eq!(t.store.dashboard().await.unwrap().counts.open_quotes, 1);
    t.store
        .send_quote(revision.id, revision.version)
        .await
        .unwrap();
    let dashboard = t.store.dashboard().await.unwrap();
    assert_eq!(dashboard.counts.open_quotes, 1);
    assert_eq!(dashboard.open_quotes[0].count, 1);

    let inv = t.store.create_invoice(&invoice_input(c.id)).await.unwrap();
    let inv = t.store.issue_invoice(inv.id, inv.version).await.unwrap();
    let inv = t.store.void_invoice(inv.id, inv.version).await.unwrap();
    let again = t.store.duplicate_invoice(inv.id).await.unwrap();
    assert_eq!(again.status, InvoiceStatus::Draft);
    assert_eq!(again.number, None);
    assert_eq!(again.items, inv.items);
    assert_eq!(
        (again.issue_date.as_str(), again.due_date.as_str()),
        ("2025-06-15", "2025-06-29")
    );
}

#[tokio::test]
async fn search_ignores_case_and_accents() {
    let t = store().await;
    let cafe = t
        .store
        .create_client(&ClientInput {
            name: "Café Zoë".into(),
            company: Some("Straße & Söhne".into()),
            ..ClientInput::default()
        })
        .await
        .unwrap();
    client(&t.store, "Other").await;
    for needle in ["CAFÉ", "cafe", "ZOE", "strasse", "SÖHNE", "é z"] {
        let found = t
            .store
            .list_clients(&ClientFilter {
                search: Some(needle.into()),
                ..ClientFilter::default()
            })
            .await
            .unwrap();
        assert_eq!(
            found.iter().map(|c| c.id).collect::<Vec<_>>(),
            [cafe.id],
            "{needle}"
        );
    }
    let q = t.store.create_quote(&quote_input(cafe.id)).await.unwrap();
    let found = t
        .store
        .list_quotes(&QuoteFilter {
            search: Some("CAFE".into()),
            ..QuoteFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(found.iter().map(|q| q.id).collect::<Vec<_>>(), [q.id]);
    // A number is found as typed, even with a prefix that folding would change.
    let mut settings = t.store.document_settings().await.unwrap();
    settings.quote_prefix = "FAKTÚRA-".into();
    t.store.update_document_settings(&settings).await.unwrap();
    let accented = t.store.create_quote(&quote_input(cafe.id)).await.unwrap();
    let found = t
        .store
        .list_quotes(&QuoteFilter {
            search: Some(accented.number.clone()),
            ..QuoteFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(
        found.iter().map(|q| q.id).collect::<Vec<_>>(),
        [accented.id]
    );
    // `%` and `_` are literal, not wildcards.
    for needle in ["%", "_"] {
        let found = t
            .store
            .list_clients(&ClientFilter {
                search: Some(needle.into()),
                ..ClientFilter::default()
            })
            .await
            .unwrap();
        assert!(found.is_empty(), "{needle}");
    }
}

#[tokio::test]
async fn a_twin_client_is_found_before_it_is_made() {
    let t = store().await;
    let ada = t
        .store
        .create_client(&ClientInput {
            name: "Zoë Adams".into(),
            email: Some("zoe@example.com".into()),
            ..ClientInput::default()
        })
        .await
        .unwrap();
    let twin = ClientInput {
        name: " ZOE adams ".into(),
        email: Some("ZOE@example.com".into()),
        ..ClientInput::default()
    };
    let found = t.store.duplicate_clients(&twin, None).await.unwrap();
    assert_eq!(found.iter().map(|c| c.id).collect::<Vec<_>>(), [ada.id]);
    assert!(t
        .store
        .duplicate_clients(&twin, Some(ada.id))
        .await
        .unwrap()
        .is_empty());
    let other_mail = ClientInput {
        email: Some("zoe@elsewhere.example".into()),
        ..twin.clone()
    };
    assert!(t
        .store
        .duplicate_clients(&other_mail, None)
        .await
        .unwrap()
        .is_empty());
    assert_eq!(
        field(
            t.store
                .duplicate_clients(&ClientInput::default(), None)
                .await
        ),
        "name"
    );
}

#[tokio::test]
async fn edits_and_archiving_reach_the_timeline() {
    let t = store().await;
    let c = client(&t.store, "Ada").await;
    let same = client_input("Ada");
    let unchanged = t.store.update_client(c.id, &same, c.version).await.unwrap();
    let changed = t
        .store
        .update_client(
            c.id,
            &ClientInput {
                phone: Some("+1 555 0100".into()),
                ..same.clone()
            },
            unchanged.version,
        )
        .await
        .unwrap();
    t.store.create_quote(&quote_input(c.id)).await.unwrap();
    t.store.delete_client(c.id).await.unwrap();
    t.store.unarchive_client(changed.id).await.unwrap();
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
            ActivityKind::ClientRestored,
            ActivityKind::ClientArchived,
            ActivityKind::QuoteCreated,
            ActivityKind::ClientUpdated,
            ActivityKind::ClientCreated,
        ],
        "saving an unchanged form records nothing"
    );
}

#[tokio::test]
async fn the_monthly_chart_keeps_currencies_apart_and_leaves_out_voided_invoices() {
    let t = store().await;
    let c = client(&t.store, "Ada").await;
    let issue = |currency: &str, issue_date: &str| {
        let store = t.store.clone();
        let mut input = invoice_input(c.id);
        input.currency = currency.into();
        input.issue_date = issue_date.into();
        input.due_date = "2025-12-31".into();
        async move {
            let inv = store.create_invoice(&input).await.unwrap();
            store.issue_invoice(inv.id, inv.version).await.unwrap()
        }
    };
    let paid = issue("EUR", "2025-05-10").await;
    t.store
        .mark_invoice_paid(paid.id, "2025-06-02", paid.version)
        .await
        .unwrap();
    issue("USD", "2025-05-20").await;
    let void = issue("EUR", "2025-06-01").await;
    t.store.void_invoice(void.id, void.version).await.unwrap();
    issue("EUR", "2024-06-30").await;
    issue("EUR", "2024-07-01").await;
    let monthly = t.store.dashboard().await.unwrap().monthly;
    let rows: Vec<(&str, &str, i64, i64)> = monthly
        .iter()
        .map(|m| {
            (
                m.month.as_str(),
                m.currency.as_str(),
                m.invoiced_minor,
                m.paid_minor,
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("2024-07", "EUR", 12_000, 0),
            ("2025-05", "EUR", 12_000, 0),
            ("2025-05", "USD", 12_000, 0),
            ("2025-06", "EUR", 0, 12_000),
        ]
    );
}

#[tokio::test]
async fn a_backup_is_inspected_before_it_replaces_anything() {
    let t = store().await;
    let c = client(&t.store, "Ada").await;
    t.store.create_quote(&quote_input(c.id)).await.unwrap();
    let backup = t.dir.path().join("copy.quotla");
    t.store.backup_to(&backup).await.unwrap();
    client(&t.store, "Grace").await;
    let summary = t.store.inspect_backup(&backup).await.unwrap();
    assert_eq!(
        (
            summary.clients,
            summary.quotes,
            summary.invoices,
            summary.meetings
        ),
        (1, 1, 0, 0)
    );
    assert!(summary.file_modified_at.is_some());
    assert!(summary.last_change_at.is_some());
    let junk = t.dir.path().join("junk.quotla");
    std::fs::write(&junk, b"not a database at all").unwrap();
    assert!(matches!(
        t.store.inspect_backup(&junk).await,
        Err(CoreError::InvalidBackup(_))
    ));
    assert!(matches!(
        t.store.inspect_backup(&t.dir.path().join("missing")).await,
        Err(CoreError::InvalidBackup(_))
    ));
    let clients = t
        .store
        .list_clients(&ClientFilter::default())
        .await
        .unwrap();
    assert_eq!(clients.len(), 2, "inspecting changed nothing");
}
