//! Years of data on a real SQLite file: what `seed` writes (every status, several scripts and
//! currencies, reschedules, cancellations, no-shows, group events, totals that add up), and
//! lists read a page at a time that match the whole list row for row, with correct counts,
//! stable positions while rows change, and hostile page requests refused.

mod common;

use std::collections::HashSet;

use common::*;
use quotla_core::model::{
    ClientFilter, InvoiceFilter, InvoiceStatus, Meeting, MeetingFilter, MeetingStatus, Page,
    PageCursor, PageRequest, QuoteFilter, QuoteStatus,
};
use quotla_core::store::seed::{SeedPlan, SeedReport};
use quotla_core::{CoreError, Store};

fn plan(clients: u32, documents: u32, meetings: u32) -> SeedPlan {
    SeedPlan {
        clients,
        documents,
        meetings,
        seed: 7,
        calendly_user: "https://api.calendly.com/users/SEEDUSER00000001".into(),
    }
}

async fn seeded() -> (TestStore, SeedReport) {
    let t = store().await;
    let report = t.store.seed(&plan(300, 1_200, 2_500)).await.expect("seed");
    (t, report)
}

/// Reads every page of a list with `limit` rows a page; checks each page's total and size.
async fn walk<T, F, Fut>(limit: u32, mut read: F) -> (Vec<T>, i64)
where
    F: FnMut(PageRequest) -> Fut,
    Fut: std::future::Future<Output = Result<Page<T>, CoreError>>,
{
    let mut rows = Vec::new();
    let mut after: Option<PageCursor> = None;
    let mut total = None;
    loop {
        let page = read(PageRequest {
            after: after.clone(),
            limit: Some(limit),
        })
        .await
        .expect("page");
        assert_eq!(
            *total.get_or_insert(page.total),
            page.total,
            "every page counts the same list"
        );
        assert!(page.rows.len() <= limit as usize);
        let last = page.next.is_none();
        if !last {
            assert_eq!(
                page.rows.len(),
                limit as usize,
                "only the last page is short"
            );
        }
        rows.extend(page.rows);
        if last {
            break;
        }
        after = page.next;
    }
    (rows, total.unwrap_or(0))
}

fn field(err: CoreError) -> String {
    match err {
        CoreError::Validation { field, .. } => field.unwrap_or_default(),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

#[tokio::test]
async fn seed_writes_varied_years_of_data() {
    let (t, report) = seeded().await;
    assert_eq!(report.clients, 300);
    assert_eq!(report.quotes + report.invoices, 1_200);
    assert_eq!(report.meetings, 2_500);
    let s = &t.store;

    let clients = s
        .list_clients(&ClientFilter {
            search: None,
            include_archived: true,
        })
        .await
        .unwrap();
    assert_eq!(clients.len(), 300);
    let scripts = [
        ('\u{0370}', '\u{03FF}'),
        ('\u{0400}', '\u{04FF}'),
        ('\u{0590}', '\u{05FF}'),
        ('\u{0600}', '\u{06FF}'),
        ('\u{0900}', '\u{097F}'),
        ('\u{AC00}', '\u{D7AF}'),
        ('\u{4E00}', '\u{9FFF}'),
    ];
    for (low, high) in scripts {
        assert!(
            clients
                .iter()
                .any(|c| c.name.chars().any(|ch| (low..=high).contains(&ch))),
            "a client is named in U+{:04X}..U+{:04X}",
            low as u32,
            high as u32
        );
    }
    assert!(
        clients.iter().any(|c| c.archived),
        "some clients are archived"
    );

    let quotes = s.list_quotes(&QuoteFilter::default()).await.unwrap();
    let now = "2025-06-15T12:00:00.000000Z";
    assert!(
        quotes.iter().all(|q| q.updated_at.as_str() <= now),
        "nothing happened after now"
    );
    let currencies: HashSet<&str> = quotes.iter().map(|q| q.currency.as_str()).collect();
    assert!(currencies.len() >= 5, "several currencies: {currencies:?}");
    for status in [
        QuoteStatus::Draft,
        QuoteStatus::Sent,
        QuoteStatus::Expired,
        QuoteStatus::Accepted,
        QuoteStatus::Declined,
    ] {
        assert!(
            quotes.iter().any(|q| q.status == status),
            "a quote is {status:?}"
        );
    }
    let invoices = s.list_invoices(&InvoiceFilter::default()).await.unwrap();
    assert!(invoices
        .iter()
        .all(|i| i.updated_at.as_str() <= now
            && i.paid_on.as_deref().is_none_or(|p| p <= "2025-06-15")));
    for status in [
        InvoiceStatus::Draft,
        InvoiceStatus::Issued,
        InvoiceStatus::Sent,
        InvoiceStatus::Overdue,
        InvoiceStatus::Paid,
        InvoiceStatus::Void,
    ] {
        assert!(
            invoices.iter().any(|i| i.status == status),
            "an invoice is {status:?}"
        );
    }

    // Stored totals are the ones core computes from the lines, and lines exist.
    for summary in quotes.iter().step_by(97) {
        let quote = s.get_quote(summary.id).await.unwrap();
        assert!(!quote.items.is_empty());
        assert_eq!(
            quote.totals.total_minor, summary.total_minor,
            "{}",
            quote.number
        );
    }
    for summary in invoices.iter().step_by(97) {
        let invoice = s.get_invoice(summary.id).await.unwrap();
        assert!(!invoice.items.is_empty());
        assert_eq!(invoice.totals.total_minor, summary.total_minor);
    }
    assert!(
        quotes.iter().any(|q| q.invoice_id.is_some()),
        "some quotes became invoices"
    );

    let meetings = s.meetings(&MeetingFilter::default()).await.unwrap();
    assert_eq!(meetings.len(), 2_500);
    let first = meetings.first().unwrap().start_time.clone();
    let last = meetings.last().unwrap().start_time.clone();
    assert!(
        first.as_str() < "2020-08-01" && last.as_str() > "2025-06-15",
        "five years and ahead: {first} .. {last}"
    );
    assert!(meetings.iter().any(|m| m.no_show));
    assert!(
        meetings
            .iter()
            .all(|m| !(m.quote_id.is_some() && m.invoice_id.is_some())),
        "a meeting is about a quote or an invoice, never both"
    );
    assert!(meetings
        .iter()
        .all(|m| m.canceled_at.as_deref().is_none_or(|at| at <= now)));
    for client in clients.iter().take(40) {
        let timeline = s.client_activity(client.id).await.unwrap();
        assert!(
            timeline.iter().all(|a| a.occurred_at.as_str() <= now),
            "nothing on {}'s timeline happened after now",
            client.name
        );
    }
    assert!(meetings.iter().any(|m| m.status == MeetingStatus::Canceled
        && m.cancel_reason.as_deref().is_some_and(|r| !r.is_empty())));
    let moved: Vec<&Meeting> = meetings.iter().filter(|m| m.rescheduled).collect();
    assert!(!moved.is_empty());
    for m in moved.iter().take(20) {
        let to = meetings
            .iter()
            .find(|n| Some(&n.invitee_uri) == m.rescheduled_to.as_ref())
            .expect("the new booking is stored");
        assert_eq!(to.rescheduled_from.as_ref(), Some(&m.invitee_uri));
        assert_eq!(m.moved_to_start_time.as_ref(), Some(&to.start_time));
    }
    let mut per_event = std::collections::HashMap::<&str, usize>::new();
    for m in &meetings {
        *per_event.entry(m.event_uri.as_str()).or_default() += 1;
    }
    assert!(
        per_event.values().any(|&n| n > 1),
        "group events have several invitees"
    );
    assert!(
        meetings.iter().any(|m| m.quote_number.is_some())
            && meetings.iter().any(|m| m.invoice_number.is_some())
    );
    assert!(
        meetings.iter().any(|m| m.client_id.is_none()),
        "some invitees are not clients"
    );

    // A client's page shows its history, and new documents number after the seeded ones.
    let busiest = clients
        .iter()
        .max_by_key(|c| c.open_quotes + c.open_invoices)
        .unwrap();
    let detail = s.get_client(busiest.id).await.unwrap();
    assert!(
        !detail.activity.rows.is_empty(),
        "a client's history is on its page"
    );
    assert!(detail.quotes.total + detail.invoices.total > 0);
    let active = clients.iter().find(|c| !c.archived).unwrap();
    let fresh = s.create_quote(&quote_input(active.id)).await.unwrap();
    assert_eq!(fresh.number, format!("QUO-{:04}", report.quotes + 1));

    // The dashboard adds up what the lists hold.
    let dashboard = s.dashboard().await.unwrap();
    let drafts = quotes
        .iter()
        .filter(|q| q.status == QuoteStatus::Draft)
        .count() as i64;
    assert_eq!(dashboard.counts.draft_quotes, drafts + 1);
}

#[tokio::test]
async fn seed_refuses_a_store_with_data_and_absurd_plans() {
    let (t, _) = seeded().await;
    assert!(matches!(
        t.store.seed(&plan(1, 0, 0)).await,
        Err(CoreError::InvalidState(_))
    ));
    let empty = store().await;
    assert_eq!(
        field(empty.store.seed(&plan(0, 10, 0)).await.unwrap_err()),
        "clients"
    );
    assert_eq!(
        field(empty.store.seed(&plan(1, 2_000_000, 0)).await.unwrap_err()),
        "documents"
    );
    // Nothing was written by the refusals.
    assert!(empty
        .store
        .list_clients(&ClientFilter::default())
        .await
        .unwrap()
        .is_empty());
    // The same seed writes the same data.
    let again = store().await;
    again.store.seed(&plan(300, 1_200, 2_500)).await.unwrap();
    let names = |s: Store| async move {
        s.list_quotes(&QuoteFilter::default())
            .await
            .unwrap()
            .into_iter()
            .map(|q| (q.number, q.client_name, q.total_minor))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        names(t.store.clone()).await,
        names(again.store.clone()).await
    );
}

#[tokio::test]
async fn pages_match_the_whole_list_under_every_filter() {
    let (t, _) = seeded().await;
    let s = &t.store;

    // Clients: names repeat (a small name table), so ties on the sort key are exercised.
    for filter in [
        ClientFilter::default(),
        ClientFilter {
            search: None,
            include_archived: true,
        },
        ClientFilter {
            search: Some("müller".into()),
            include_archived: true,
        },
        ClientFilter {
            search: Some("example.fr".into()),
            include_archived: false,
        },
    ] {
        let whole = s.list_clients(&filter).await.unwrap();
        let (paged, total) = walk(23, |p| {
            let f = filter.clone();
            async move { s.client_page(&f, &p).await }
        })
        .await;
        assert_eq!(total, whole.len() as i64, "{filter:?}");
        assert_eq!(
            paged.iter().map(|c| c.id).collect::<Vec<_>>(),
            whole.iter().map(|c| c.id).collect::<Vec<_>>(),
            "{filter:?}"
        );
        assert!(!whole.is_empty(), "{filter:?} matches something");
    }
    let duplicated_names = {
        let all = s.list_clients(&ClientFilter::default()).await.unwrap();
        all.windows(2).filter(|w| w[0].name == w[1].name).count()
    };
    assert!(duplicated_names > 5, "the tie-break is exercised");

    let client = s.list_quotes(&QuoteFilter::default()).await.unwrap()[0].client_id;
    let mut quote_filters: Vec<QuoteFilter> = [
        None,
        Some(QuoteStatus::Draft),
        Some(QuoteStatus::Sent),
        Some(QuoteStatus::Expired),
        Some(QuoteStatus::Accepted),
        Some(QuoteStatus::Declined),
    ]
    .into_iter()
    .map(|status| QuoteFilter {
        status,
        ..QuoteFilter::default()
    })
    .collect();
    quote_filters.push(QuoteFilter {
        client_id: Some(client),
        ..QuoteFilter::default()
    });
    quote_filters.push(QuoteFilter {
        search: Some("QUO-01".into()),
        ..QuoteFilter::default()
    });
    quote_filters.push(QuoteFilter {
        search: Some("иван".into()),
        status: Some(QuoteStatus::Accepted),
        client_id: None,
    });
    for filter in quote_filters {
        let whole = s.list_quotes(&filter).await.unwrap();
        let (paged, total) = walk(41, |p| {
            let f = filter.clone();
            async move { s.quote_page(&f, &p).await }
        })
        .await;
        assert_eq!(total, whole.len() as i64, "{filter:?}");
        assert_eq!(paged, whole, "{filter:?}");
        assert!(!whole.is_empty(), "{filter:?} matches something");
    }

    for status in [
        None,
        Some(InvoiceStatus::Draft),
        Some(InvoiceStatus::Issued),
        Some(InvoiceStatus::Sent),
        Some(InvoiceStatus::Overdue),
        Some(InvoiceStatus::Paid),
        Some(InvoiceStatus::Void),
    ] {
        let filter = InvoiceFilter {
            status,
            ..InvoiceFilter::default()
        };
        let whole = s.list_invoices(&filter).await.unwrap();
        let (paged, total) = walk(41, |p| {
            let f = filter.clone();
            async move { s.invoice_page(&f, &p).await }
        })
        .await;
        assert_eq!(total, whole.len() as i64, "{filter:?}");
        assert_eq!(paged, whole, "{filter:?}");
    }
    let search = InvoiceFilter {
        search: Some("INV-00".into()),
        ..InvoiceFilter::default()
    };
    let (paged, total) = walk(100, |p| {
        let f = search.clone();
        async move { s.invoice_page(&f, &p).await }
    })
    .await;
    assert_eq!(total, paged.len() as i64);
    assert!(paged
        .iter()
        .all(|i| i.number.as_deref().is_some_and(|n| n.contains("INV-00"))));

    // A client's page shows the first pages of its documents and timeline, with totals;
    // the timeline reads on page by page to its first entry.
    let mut per_client = std::collections::HashMap::<i64, usize>::new();
    for q in s.list_quotes(&QuoteFilter::default()).await.unwrap() {
        *per_client.entry(q.client_id).or_default() += 1;
    }
    let busiest = s
        .client(*per_client.iter().max_by_key(|(_, n)| **n).unwrap().0)
        .await
        .unwrap();
    let detail = s.get_client(busiest.id).await.unwrap();
    let all_quotes = s
        .list_quotes(&QuoteFilter {
            client_id: Some(busiest.id),
            ..QuoteFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(detail.quotes.total, all_quotes.len() as i64);
    assert_eq!(detail.quotes.rows, all_quotes[..all_quotes.len().min(50)]);
    let timeline = s.client_activity(busiest.id).await.unwrap();
    assert!(
        timeline.len() > 100,
        "the busiest client has a long history: {}",
        timeline.len()
    );
    assert_eq!(detail.activity.rows, timeline[..100]);
    assert_eq!(detail.activity.total, timeline.len() as i64);
    let (paged, _) = walk(100, |p| async move {
        s.client_activity_page(busiest.id, &p).await
    })
    .await;
    assert_eq!(paged, timeline);

    // Meetings: oldest first (what comes next) and newest first (the history).
    for filter in [
        MeetingFilter::default(),
        MeetingFilter {
            status: Some(MeetingStatus::Canceled),
            ..MeetingFilter::default()
        },
        MeetingFilter {
            from: Some("2024-01-01".into()),
            to: Some("2024-03-31".into()),
            ..MeetingFilter::default()
        },
        MeetingFilter {
            client_id: Some(client),
            ..MeetingFilter::default()
        },
    ] {
        let whole = s.meetings(&filter).await.unwrap();
        let (oldest_first, total) = walk(57, |p| {
            let f = filter.clone();
            async move { s.meeting_page(&f, &p, false).await }
        })
        .await;
        assert_eq!(total, whole.len() as i64);
        let uris = |ms: &[Meeting]| ms.iter().map(|m| m.invitee_uri.clone()).collect::<Vec<_>>();
        assert_eq!(uris(&oldest_first), uris(&whole), "{filter:?}");
        let (mut newest_first, _) = walk(57, |p| {
            let f = filter.clone();
            async move { s.meeting_page(&f, &p, true).await }
        })
        .await;
        newest_first.reverse();
        assert_eq!(uris(&newest_first), uris(&whole), "{filter:?}");
    }
}

#[tokio::test]
async fn a_page_position_survives_changes_to_the_list() {
    let (t, _) = seeded().await;
    let s = &t.store;
    let first = s
        .quote_page(&QuoteFilter::default(), &PageRequest::first(50))
        .await
        .unwrap();
    // A new quote is the most recently changed: it goes on top, not into the next page.
    let client = s.list_clients(&ClientFilter::default()).await.unwrap()[0].id;
    let added = s.create_quote(&quote_input(client)).await.unwrap();
    // A quote of the first page is deleted.
    let gone = first
        .rows
        .iter()
        .find(|q| q.status == QuoteStatus::Draft)
        .map(|q| q.id);
    if let Some(id) = gone {
        s.delete_quote(id).await.unwrap();
    }
    let second = s
        .quote_page(
            &QuoteFilter::default(),
            &PageRequest {
                after: first.next.clone(),
                limit: Some(50),
            },
        )
        .await
        .unwrap();
    let shown: HashSet<i64> = first.rows.iter().map(|q| q.id).collect();
    assert!(second
        .rows
        .iter()
        .all(|q| !shown.contains(&q.id) && q.id != added.id));
    let whole = s.list_quotes(&QuoteFilter::default()).await.unwrap();
    let position = whole
        .iter()
        .position(|q| q.id == second.rows[0].id)
        .unwrap();
    assert_eq!(
        whole[position - 1].id,
        first.rows.last().unwrap().id,
        "the next page starts right after the last row shown"
    );
    assert_eq!(
        second.total,
        whole.len() as i64,
        "the count follows the change"
    );
}

#[tokio::test]
async fn hostile_page_requests_are_refused_or_harmless() {
    let (t, _) = seeded().await;
    let s = &t.store;
    let all = ClientFilter::default();
    let quotes_before = s.list_quotes(&QuoteFilter::default()).await.unwrap().len();
    for limit in [0, 501, u32::MAX] {
        let err = s
            .client_page(
                &all,
                &PageRequest {
                    after: None,
                    limit: Some(limit),
                },
            )
            .await
            .unwrap_err();
        assert_eq!(field(err), "limit");
    }
    for key in ["x".repeat(1_001), "a\0b".to_string()] {
        let after = Some(PageCursor { key, id: 1 });
        assert_eq!(
            field(
                s.quote_page(&QuoteFilter::default(), &PageRequest { after, limit: None })
                    .await
                    .unwrap_err()
            ),
            "after"
        );
    }
    // A made-up position is just a place in the order: no error, no injection, sane rows.
    for (key, id) in [
        ("'); DROP TABLE quotes; --", i64::MAX),
        ("%", i64::MIN),
        ("", 0),
        ("9999-12-31T00:00:00.000000Z", -1),
        ("\u{202E}ﷺ", 42),
    ] {
        let request = PageRequest {
            after: Some(PageCursor {
                key: key.into(),
                id,
            }),
            limit: Some(10),
        };
        let page = s
            .quote_page(&QuoteFilter::default(), &request)
            .await
            .unwrap();
        assert!(page
            .rows
            .iter()
            .all(|q| q.updated_at.as_str() <= key || key.is_empty()));
        assert!(s.client_page(&all, &request).await.unwrap().rows.len() <= 10);
    }
    assert_eq!(
        s.list_quotes(&QuoteFilter::default()).await.unwrap().len(),
        quotes_before
    );
    // The default page is 100 rows.
    let page = s
        .meeting_page(&MeetingFilter::default(), &PageRequest::default(), true)
        .await
        .unwrap();
    assert_eq!(page.rows.len(), 100);
    assert_eq!(page.total, 2_500);
}

/// The chart's figures added up from the invoice list itself.
fn monthly_from(
    invoices: &[quotla_core::model::InvoiceSummary],
    first: &str,
    last: &str,
) -> Vec<(String, String, i64, i64)> {
    let mut sums = std::collections::BTreeMap::<(String, String), (i64, i64)>::new();
    for i in invoices {
        if !matches!(i.status, InvoiceStatus::Draft | InvoiceStatus::Void) {
            sums.entry((i.issue_date[..7].to_string(), i.currency.clone()))
                .or_default()
                .0 += i.total_minor;
        }
        if let Some(paid) = &i.paid_on {
            sums.entry((paid[..7].to_string(), i.currency.clone()))
                .or_default()
                .1 += i.total_minor;
        }
    }
    sums.into_iter()
        .filter(|((month, _), (a, b))| {
            month.as_str() >= first && month.as_str() <= last && (*a != 0 || *b != 0)
        })
        .map(|((month, currency), (a, b))| (month, currency, a, b))
        .collect()
}

#[tokio::test]
async fn the_monthly_chart_follows_every_change_to_invoices() {
    let (t, _) = seeded().await;
    let s = &t.store;
    let chart = |s: Store| async move {
        s.dashboard()
            .await
            .unwrap()
            .monthly
            .into_iter()
            .map(|m| (m.month, m.currency, m.invoiced_minor, m.paid_minor))
            .collect::<Vec<_>>()
    };
    let (first, last) = ("2024-07", "2025-06");
    let before = chart(s.clone()).await;
    assert!(
        before.len() > 12,
        "a year in several currencies: {}",
        before.len()
    );
    assert_eq!(
        before,
        monthly_from(
            &s.list_invoices(&InvoiceFilter::default()).await.unwrap(),
            first,
            last
        )
    );

    // Pay an issued invoice today, void another, issue a draft, delete a draft.
    let by = |status| InvoiceFilter {
        status: Some(status),
        ..InvoiceFilter::default()
    };
    let issued = s.list_invoices(&by(InvoiceStatus::Sent)).await.unwrap();
    s.mark_invoice_paid(issued[0].id, "2025-06-15", issued[0].version)
        .await
        .unwrap();
    s.void_invoice(issued[1].id, issued[1].version)
        .await
        .unwrap();
    let drafts = s.list_invoices(&by(InvoiceStatus::Draft)).await.unwrap();
    s.issue_invoice(drafts[0].id, drafts[0].version)
        .await
        .unwrap();
    s.delete_invoice(drafts[1].id).await.unwrap();
    let client = s.list_clients(&ClientFilter::default()).await.unwrap()[0].id;
    let fresh = s.create_invoice(&invoice_input(client)).await.unwrap();
    s.issue_invoice(fresh.id, fresh.version).await.unwrap();

    let after = chart(s.clone()).await;
    assert_ne!(after, before);
    assert_eq!(
        after,
        monthly_from(
            &s.list_invoices(&InvoiceFilter::default()).await.unwrap(),
            first,
            last
        )
    );
}

#[tokio::test]
async fn the_calendar_reads_a_busy_month_without_the_moved_halves() {
    let (t, _) = seeded().await;
    let s = &t.store;
    let (from, to) = ("2025-05-26", "2025-07-06");
    let entries = s.calendar(from, to).await.unwrap();
    let full = s
        .meetings(&MeetingFilter {
            from: Some(from.into()),
            to: Some(to.into()),
            ..MeetingFilter::default()
        })
        .await
        .unwrap();
    let shown: Vec<&Meeting> = full.iter().filter(|m| !m.rescheduled).collect();
    assert!(full.len() > shown.len(), "the range holds a moved meeting");
    assert_eq!(entries.len(), shown.len());
    for (entry, meeting) in entries.iter().zip(&shown) {
        assert_eq!(entry.invitee_uri, meeting.invitee_uri);
        assert_eq!(
            (&entry.start_time, &entry.end_time),
            (&meeting.start_time, &meeting.end_time)
        );
        assert_eq!(entry.status, meeting.status);
        assert_eq!(entry.no_show, meeting.no_show);
        let who = meeting
            .client_name
            .clone()
            .or(meeting.name.clone())
            .or(meeting.email.clone());
        assert_eq!(entry.who, who);
        assert_eq!(entry.event_type_name, meeting.event_type_name);
    }
    // "Upcoming" leaves out what has ended, in the rows and in the count.
    let june = MeetingFilter {
        status: Some(MeetingStatus::Scheduled),
        from: Some("2025-06-01".into()),
        to: Some("2025-06-30".into()),
        ..MeetingFilter::default()
    };
    let all_june = s.meetings(&june).await.unwrap();
    let now = "2025-06-15T12:00:00.000000Z";
    let ahead = all_june
        .iter()
        .filter(|m| m.end_time.as_str() > now)
        .count();
    assert!(
        ahead > 0 && ahead < all_june.len(),
        "June has meetings on both sides of now"
    );
    let upcoming = s
        .meeting_page(
            &MeetingFilter {
                upcoming: true,
                ..june
            },
            &PageRequest::first(2),
            false,
        )
        .await
        .unwrap();
    assert_eq!(upcoming.total, ahead as i64);
    assert!(upcoming.rows.iter().all(|m| m.end_time.as_str() > now));

    // A day, and the longest range, are fine; backwards, too long or malformed ranges are not.
    assert!(s.calendar("2025-06-15", "2025-06-15").await.is_ok());
    assert!(s.calendar("2025-06-01", "2025-08-01").await.is_ok());
    for (from, to, bad) in [
        ("2025-06-15", "2025-06-14", "to"),
        ("2025-01-01", "2025-12-31", "to"),
        ("2025-02-30", "2025-03-01", "from"),
        ("yesterday", "2025-03-01", "from"),
        ("2025-03-01", "2025-03-01'; --", "to"),
        ("-9999-01-01", "2025-03-01", "from"),
    ] {
        assert_eq!(
            field(s.calendar(from, to).await.unwrap_err()),
            bad,
            "{from} .. {to}"
        );
    }
}

/// (sent, sent with a meeting, accepted with, accepted without) counted from the lists.
async fn measures_from_lists(s: &Store) -> (i64, i64, i64, i64) {
    let met: HashSet<i64> = s
        .meetings(&MeetingFilter::default())
        .await
        .unwrap()
        .into_iter()
        .filter_map(|m| m.quote_id)
        .collect();
    let quotes = s.list_quotes(&QuoteFilter::default()).await.unwrap();
    let sent: Vec<_> = quotes
        .iter()
        .filter(|q| q.status != QuoteStatus::Draft)
        .collect();
    let accepted = |with: bool| {
        sent.iter()
            .filter(|q| q.status == QuoteStatus::Accepted && met.contains(&q.id) == with)
            .count() as i64
    };
    (
        sent.len() as i64,
        sent.iter().filter(|q| met.contains(&q.id)).count() as i64,
        accepted(true),
        accepted(false),
    )
}

#[tokio::test]
async fn meeting_measures_follow_links_and_deletions() {
    let (t, _) = seeded().await;
    let s = &t.store;
    let read = |s: Store| async move {
        let m = s.meeting_measures("2025-06-15").await.unwrap();
        (
            m.sent_quotes,
            m.sent_quotes_with_meeting,
            m.accepted_with_meeting,
            m.accepted_without_meeting,
        )
    };
    let before = read(s.clone()).await;
    assert!(before.1 > 0 && before.2 > 0 && before.3 > 0, "{before:?}");
    assert_eq!(before, measures_from_lists(s).await);

    // Unlink the only meeting of a sent quote: one quote fewer has a meeting.
    let meetings = s.meetings(&MeetingFilter::default()).await.unwrap();
    let quotes = s.list_quotes(&QuoteFilter::default()).await.unwrap();
    let mut per_quote = std::collections::HashMap::<i64, usize>::new();
    for id in meetings.iter().filter_map(|m| m.quote_id) {
        *per_quote.entry(id).or_default() += 1;
    }
    let status_of = |id: i64| quotes.iter().find(|q| q.id == id).map(|q| q.status);
    let alone = meetings
        .iter()
        .find(|m| {
            m.quote_id.is_some_and(|q| {
                per_quote[&q] == 1 && status_of(q).is_some_and(|st| st != QuoteStatus::Draft)
            }) && !m.rescheduled
                && m.rescheduled_from.is_none()
        })
        .unwrap();
    s.link_meeting(&alone.invitee_uri, None, None, None)
        .await
        .unwrap();
    let unlinked = read(s.clone()).await;
    assert_eq!(unlinked.1, before.1 - 1);
    assert_eq!(unlinked, measures_from_lists(s).await);

    // Move a meeting from a quote that has others to an accepted quote that has none.
    let shared = meetings
        .iter()
        .find(|m| {
            m.quote_id.is_some_and(|q| per_quote[&q] > 1)
                && !m.rescheduled
                && m.rescheduled_from.is_none()
        })
        .unwrap();
    let bare = quotes
        .iter()
        .find(|q| q.status == QuoteStatus::Accepted && !per_quote.contains_key(&q.id))
        .unwrap();
    s.link_meeting(
        &shared.invitee_uri,
        Some(bare.client_id),
        Some(bare.id),
        None,
    )
    .await
    .unwrap();
    let moved = read(s.clone()).await;
    assert_eq!((moved.1, moved.2), (unlinked.1 + 1, unlinked.2 + 1));
    assert_eq!(moved, measures_from_lists(s).await);

    // Forgetting every meeting leaves every quote without one.
    s.delete_meetings(None).await.unwrap();
    let gone = read(s.clone()).await;
    assert_eq!((gone.1, gone.2), (0, 0));
    assert_eq!(gone, measures_from_lists(s).await);
}
