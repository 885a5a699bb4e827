//! `app-bench`: how long each command behind a screen takes on a business with years of
//! data (10,000 clients, 50,000 quotes and invoices, 100,000 meetings by default).
//!
//! The data is written once by the same seed as `quotla-cli seed` into a data directory
//! kept between runs (under the cargo target directory). Each command is then run many
//! times on the real SQLite file through `quotla-core`, as the app's IPC commands do, and
//! its result serialised to JSON as IPC would: the time printed is query plus encoding.
//! Run with `make bench-app` (a release build). Target: p99 ≤ 20 ms for every command.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use clap::Parser;
use quotla_core::model::{
    ClientFilter, Id, InvoiceFilter, InvoiceStatus, MeetingFilter, MeetingStatus, PageCursor,
    PageRequest, QuoteFilter, QuoteStatus,
};
use quotla_core::store::seed::SeedPlan;
use quotla_core::{CoreError, Store};
use serde::Serialize;

/// p99 every screen command must meet.
const TARGET_P99: Duration = Duration::from_millis(20);

#[derive(Parser)]
#[command(about = "Benchmark of the commands behind every screen (see PERFORMANCE.md)")]
struct Args {
    /// Where the seeded data is kept between runs (default: in the cargo target directory).
    #[arg(long, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    #[arg(long, default_value_t = 10_000)]
    clients: u32,
    #[arg(long, default_value_t = 50_000)]
    documents: u32,
    #[arg(long, default_value_t = 100_000)]
    meetings: u32,
    /// Runs of each command after a warm-up.
    #[arg(long, default_value_t = 200)]
    runs: usize,
}

/// One command's figures.
struct Figure {
    name: String,
    p50: Duration,
    p99: Duration,
    max: Duration,
    bytes: usize,
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1_000.0
}

/// A command as a screen calls it, with its arguments.
enum Call {
    Dashboard,
    Measures(String),
    Meetings(MeetingFilter),
    Calendar(String, String),
    Activity(Id, PageRequest),
    MeetingPage(MeetingFilter, PageRequest, bool),
    Meeting(String),
    Clients(ClientFilter, PageRequest),
    Client(Id),
    Quotes(QuoteFilter, PageRequest),
    Quote(Id),
    Invoices(InvoiceFilter, PageRequest),
    Invoice(Id),
}

fn json(value: &impl Serialize) -> Vec<u8> {
    serde_json::to_vec(value).expect("view models serialise")
}

/// Runs a call and encodes its answer as IPC does.
async fn run(s: &Store, call: &Call) -> Result<Vec<u8>, CoreError> {
    Ok(match call {
        Call::Dashboard => json(&s.dashboard().await?),
        Call::Measures(today) => json(&s.meeting_measures(today).await?),
        Call::Meetings(filter) => json(&s.meetings(filter).await?),
        Call::Calendar(from, to) => json(&s.calendar(from, to).await?),
        Call::Activity(id, page) => json(&s.client_activity_page(*id, page).await?),
        Call::MeetingPage(filter, page, newest) => {
            json(&s.meeting_page(filter, page, *newest).await?)
        }
        Call::Meeting(uri) => json(&s.meeting_detail(uri).await?),
        Call::Clients(filter, page) => json(&s.client_page(filter, page).await?),
        Call::Client(id) => json(&s.get_client(*id).await?),
        Call::Quotes(filter, page) => json(&s.quote_page(filter, page).await?),
        Call::Quote(id) => json(&s.get_quote(*id).await?),
        Call::Invoices(filter, page) => json(&s.invoice_page(filter, page).await?),
        Call::Invoice(id) => json(&s.get_invoice(*id).await?),
    })
}

/// Runs `call` `runs` times after a few warm-up runs.
async fn measure(s: &Store, name: &str, runs: usize, call: &Call) -> Figure {
    let mut times = Vec::with_capacity(runs);
    let mut bytes = 0;
    for i in 0..runs + 5 {
        let started = Instant::now();
        let encoded = run(s, call).await.unwrap_or_else(|e| panic!("{name}: {e}"));
        let elapsed = started.elapsed();
        bytes = encoded.len();
        if i >= 5 {
            times.push(elapsed);
        }
    }
    times.sort_unstable();
    let at = |q: f64| times[((times.len() as f64 * q).ceil() as usize).clamp(1, times.len()) - 1];
    Figure {
        name: name.to_string(),
        p50: at(0.50),
        p99: at(0.99),
        max: *times.last().expect("at least one run"),
        bytes,
    }
}

fn day_offset(store: &Store, days: i64) -> String {
    quotla_core::dates::format_date(store.today() + time::Duration::days(days))
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let args = Args::parse();
    let dir = args.data_dir.clone().unwrap_or_else(|| {
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .map_or_else(|| PathBuf::from("target"), PathBuf::from);
        target.join("bench-data").join(format!(
            "app-{}-{}-{}",
            args.clients, args.documents, args.meetings
        ))
    });
    let marker = dir.join("seeded");
    if !marker.exists() {
        // Only the bench's own directory is cleared; a directory named with --data-dir is
        // seeded only when empty (seed refuses one that holds data).
        if args.data_dir.is_none() {
            let _ = std::fs::remove_dir_all(&dir);
        }
        let store = Store::open_in(&dir).await.expect("open the bench store");
        let started = Instant::now();
        let report = store
            .seed(&SeedPlan {
                clients: args.clients,
                documents: args.documents,
                meetings: args.meetings,
                seed: 1,
                calendly_user: "https://api.calendly.com/users/SEEDUSER00000001".into(),
            })
            .await
            .expect("seed");
        store.close().await;
        println!(
            "seeded {} clients, {} quotes, {} invoices, {} meetings, {} timeline entries in {:.1} s",
            report.clients, report.quotes, report.invoices, report.meetings, report.activity,
            started.elapsed().as_secs_f64()
        );
        std::fs::write(&marker, b"").expect("mark the data seeded");
    }
    let store = Store::open_in(&dir).await.expect("open the bench store");
    let s = &store;
    let runs = args.runs;

    let first = PageRequest::first(100);
    let today = day_offset(s, 0);
    let all_clients = ClientFilter::default();
    let clients = s.list_clients(&all_clients).await.expect("clients");
    let deep_client = PageRequest {
        after: clients.get(clients.len() / 2).map(|c| PageCursor {
            key: c.name.clone(),
            id: c.id,
        }),
        limit: Some(100),
    };
    let busiest = clients
        .iter()
        .max_by_key(|c| c.open_quotes + c.open_invoices)
        .expect("seeded clients")
        .id;
    let timeline_next = PageRequest {
        after: s.get_client(busiest).await.expect("client").activity.next,
        limit: Some(100),
    };
    let quotes = s
        .list_quotes(&QuoteFilter::default())
        .await
        .expect("quotes");
    let deep_quote = PageRequest {
        after: quotes.get(quotes.len() / 2).map(|q| PageCursor {
            key: q.updated_at.clone(),
            id: q.id,
        }),
        limit: Some(100),
    };
    let linked_quote = s
        .meetings(&MeetingFilter {
            from: Some(day_offset(s, -30)),
            ..MeetingFilter::default()
        })
        .await
        .expect("meetings")
        .into_iter()
        .find_map(|m| m.quote_number)
        .expect("a meeting about a quote");
    let moved = s
        .meeting_page(
            &MeetingFilter {
                status: Some(MeetingStatus::Canceled),
                ..MeetingFilter::default()
            },
            &PageRequest::first(500),
            true,
        )
        .await
        .expect("canceled meetings")
        .rows
        .into_iter()
        .find(|m| m.rescheduled)
        .expect("a rescheduled meeting")
        .invitee_uri;
    let upcoming = |from: String, to: Option<String>| MeetingFilter {
        status: Some(MeetingStatus::Scheduled),
        from: Some(from),
        to,
        upcoming: true,
        ..MeetingFilter::default()
    };
    let search = |text: &str| ClientFilter {
        search: Some(text.into()),
        include_archived: false,
    };
    let quote_filter = |status: Option<QuoteStatus>, search: Option<&str>| QuoteFilter {
        status,
        client_id: None,
        search: search.map(str::to_string),
    };
    let invoice_filter = |status: Option<InvoiceStatus>, search: Option<&str>| InvoiceFilter {
        status,
        client_id: None,
        search: search.map(str::to_string),
    };
    let range = |from: i64, to: i64| MeetingFilter {
        from: Some(day_offset(s, from)),
        to: Some(day_offset(s, to)),
        ..MeetingFilter::default()
    };
    let (tomorrow, later) = (day_offset(s, 1), day_offset(s, 2));
    let mut calls: Vec<(String, Call)> = vec![
        // Dashboard: figures, the three upcoming groups, the success measures, a badge.
        ("dashboard: get_dashboard".into(), Call::Dashboard),
        (
            "dashboard: upcoming today".into(),
            Call::MeetingPage(
                upcoming(today.clone(), Some(today.clone())),
                PageRequest::first(5),
                false,
            ),
        ),
        (
            "dashboard: upcoming tomorrow".into(),
            Call::MeetingPage(
                upcoming(tomorrow.clone(), Some(tomorrow)),
                PageRequest::first(5),
                false,
            ),
        ),
        (
            "dashboard: upcoming later".into(),
            Call::MeetingPage(upcoming(later, None), PageRequest::first(5), false),
        ),
        (
            "dashboard: get_meeting_measures".into(),
            Call::Measures(today.clone()),
        ),
        (
            "dashboard: badge of a quote".into(),
            Call::Meetings(MeetingFilter {
                quote_number: Some(linked_quote.clone()),
                ..MeetingFilter::default()
            }),
        ),
        // Clients.
        (
            "clients: first page".into(),
            Call::Clients(all_clients.clone(), first.clone()),
        ),
        (
            "clients: page at row 5,000".into(),
            Call::Clients(all_clients.clone(), deep_client),
        ),
        (
            "clients: search \"mül\"".into(),
            Call::Clients(search("mül"), first.clone()),
        ),
        (
            "clients: search \"example.fr\"".into(),
            Call::Clients(search("example.fr"), first.clone()),
        ),
        (
            "clients: picker search \"an\" (50)".into(),
            Call::Clients(search("an"), PageRequest::first(50)),
        ),
        ("client detail: get_client".into(), Call::Client(busiest)),
        (
            "client detail: upcoming meetings".into(),
            Call::MeetingPage(
                MeetingFilter {
                    client_id: Some(busiest),
                    from: Some(today.clone()),
                    status: Some(MeetingStatus::Scheduled),
                    upcoming: true,
                    ..MeetingFilter::default()
                },
                PageRequest::first(5),
                false,
            ),
        ),
        (
            "client detail: earlier timeline".into(),
            Call::Activity(busiest, timeline_next),
        ),
        // Quotes and invoices.
        (
            "quotes: first page".into(),
            Call::Quotes(quote_filter(None, None), first.clone()),
        ),
        (
            "quotes: page at row 12,500".into(),
            Call::Quotes(quote_filter(None, None), deep_quote),
        ),
        (
            "quotes: search \"QUO-12\"".into(),
            Call::Quotes(quote_filter(None, Some("QUO-12")), first.clone()),
        ),
        (
            "quotes: search \"müller\"".into(),
            Call::Quotes(quote_filter(None, Some("müller")), first.clone()),
        ),
        (
            "quote detail: get_quote".into(),
            Call::Quote(quotes[quotes.len() / 3].id),
        ),
        (
            "invoices: first page".into(),
            Call::Invoices(invoice_filter(None, None), first.clone()),
        ),
        (
            "invoices: search \"иван\"".into(),
            Call::Invoices(invoice_filter(None, Some("иван")), first.clone()),
        ),
        ("invoice detail: get_invoice".into(), Call::Invoice(1)),
        // Meetings: the calendar's month (six weeks shown) and week, the history, one meeting.
        (
            "calendar: month (42 days)".into(),
            Call::Calendar(day_offset(s, -20), day_offset(s, 21)),
        ),
        (
            "calendar: week".into(),
            Call::Calendar(day_offset(s, -3), day_offset(s, 3)),
        ),
        (
            "history: newest first".into(),
            Call::MeetingPage(MeetingFilter::default(), first.clone(), true),
        ),
        (
            "history: canceled".into(),
            Call::MeetingPage(
                MeetingFilter {
                    status: Some(MeetingStatus::Canceled),
                    ..MeetingFilter::default()
                },
                first.clone(),
                true,
            ),
        ),
        (
            "history: one client".into(),
            Call::MeetingPage(
                MeetingFilter {
                    client_id: Some(busiest),
                    ..MeetingFilter::default()
                },
                first.clone(),
                true,
            ),
        ),
        (
            "history: a quarter".into(),
            Call::MeetingPage(range(-120, -30), first.clone(), true),
        ),
        (
            "history: a quote number".into(),
            Call::MeetingPage(
                MeetingFilter {
                    quote_number: Some(linked_quote),
                    ..MeetingFilter::default()
                },
                first.clone(),
                true,
            ),
        ),
        ("meeting detail: get_meeting".into(), Call::Meeting(moved)),
    ];
    for status in [
        QuoteStatus::Draft,
        QuoteStatus::Sent,
        QuoteStatus::Expired,
        QuoteStatus::Accepted,
        QuoteStatus::Declined,
    ] {
        calls.push((
            format!("quotes: {status:?}"),
            Call::Quotes(quote_filter(Some(status), None), first.clone()),
        ));
    }
    for status in [
        InvoiceStatus::Draft,
        InvoiceStatus::Issued,
        InvoiceStatus::Sent,
        InvoiceStatus::Overdue,
        InvoiceStatus::Paid,
        InvoiceStatus::Void,
    ] {
        calls.push((
            format!("invoices: {status:?}"),
            Call::Invoices(invoice_filter(Some(status), None), first.clone()),
        ));
    }
    calls.sort_by(|a, b| a.0.cmp(&b.0));
    let mut figures = Vec::with_capacity(calls.len());
    for (name, call) in &calls {
        figures.push(measure(s, name, runs, call).await);
    }
    store.close().await;

    println!(
        "\nQuotla screen commands: {} clients, {} documents, {} meetings; {} runs each (release)",
        args.clients, args.documents, args.meetings, runs
    );
    println!(
        "{:<38} {:>8} {:>8} {:>8} {:>9}",
        "screen: command", "p50 ms", "p99 ms", "max ms", "JSON KiB"
    );
    for f in &figures {
        println!(
            "{:<38} {:>8.2} {:>8.2} {:>8.2} {:>9.1}{}",
            f.name,
            ms(f.p50),
            ms(f.p99),
            ms(f.max),
            f.bytes as f64 / 1024.0,
            if f.p99 > TARGET_P99 {
                "  over target"
            } else {
                ""
            }
        );
    }
    let over = figures.iter().filter(|f| f.p99 > TARGET_P99).count();
    println!(
        "\n{} of {} commands meet p99 ≤ {} ms",
        figures.len() - over,
        figures.len(),
        TARGET_P99.as_millis()
    );
}
