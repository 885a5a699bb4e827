//! Years of realistic data for trying Quotla at scale and for the benchmarks
//! (`quotla-cli seed`): clients named in several scripts, quotes and invoices in every status
//! and several currencies, and five years of meetings with reschedules, cancellations,
//! no-shows and group events. The same seed always writes the same rows. Rows go straight
//! into the tables, many per statement, in one transaction: the rows the commands would
//! write, without a round trip per row.

use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use sqlx::query_builder::Separated;
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

use super::Store;
use crate::dates::format_timestamp;
use crate::error::{CoreError, Result};
use crate::model::{ActivityKind, Discount, Id, LineItemInput, MeetingStatus};
use crate::{currency, search, totals};

/// What to write.
#[derive(Debug, Clone)]
pub struct SeedPlan {
    pub clients: u32,
    /// Quotes and invoices together (about half each).
    pub documents: u32,
    /// Meeting invitees (a group event has several).
    pub meetings: u32,
    /// Same seed, same data.
    pub seed: u64,
    /// The Calendly user the meetings belong to.
    pub calendly_user: String,
}

/// What was written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SeedReport {
    pub clients: u64,
    pub quotes: u64,
    pub invoices: u64,
    pub meetings: u64,
    pub activity: u64,
}

/// Most of each kind one seed may write.
pub const MAX_SEED_ROWS: u32 = 1_000_000;

const DAY: i64 = 86_400;
/// History spans five years back from now; meetings also reach two months ahead.
const SPAN: i64 = 5 * 365 * DAY;
const AHEAD: i64 = 60 * DAY;
/// Rows per multi-row INSERT: well inside SQLite's limit of bound values.
const BATCH: usize = 400;

/// Given and family names per script; a client takes both from one script.
const NAMES: &[(&[&str], &[&str])] = &[
    (
        &[
            "Zoë",
            "Émile",
            "Anna",
            "Lukas",
            "María",
            "José",
            "Søren",
            "Ingrid",
            "Łukasz",
            "Chloé",
            "Olivia",
            "Noah",
            "Aoife",
            "Jürgen",
            "François",
            "Siobhán",
        ],
        &[
            "Müller",
            "García",
            "Dubois",
            "Kowalski",
            "Nielsen",
            "O'Brien",
            "Rossi",
            "Smith",
            "Jansen",
            "Novák",
            "Fernández",
            "Andersson",
            "Ørsted",
            "Łęcki",
        ],
    ),
    (
        &["Γιώργος", "Μαρία", "Νίκος", "Ελένη"],
        &["Παπαδόπουλος", "Οικονόμου", "Γεωργίου"],
    ),
    (
        &["Иван", "Ольга", "Дмитрий", "Анна"],
        &["Иванов", "Смирнова", "Кузнецов", "Попова"],
    ),
    (
        &["محمد", "فاطمة", "أحمد", "ليلى"],
        &["الحسن", "العلي", "منصور"],
    ),
    (&["דוד", "שרה", "יעל", "משה"], &["כהן", "לוי", "מזרחי"]),
    (
        &["太郎", "花子", "一郎", "美咲"],
        &["山田", "佐藤", "鈴木", "高橋"],
    ),
    (&["민준", "서연", "지호"], &["김", "이", "박"]),
    (&["अनीता", "राहुल", "प्रिया"], &["शर्मा", "वर्मा", "पटेल"]),
];
const COMPANY_SUFFIXES: &[&str] = &[
    "GmbH",
    "SARL",
    "Ltd",
    "& Co",
    "Studio",
    "AB",
    "S.L.",
    "BV",
    "株式会社",
    "ООО",
];
const DOMAINS: &[&str] = &[
    "example.com",
    "mail.example",
    "post.example.de",
    "example.fr",
    "example.co.jp",
];
const STREETS: &[&str] = &[
    "Hauptstraße 12\n10115 Berlin",
    "12 rue de la Paix\n75002 Paris",
    "221B Baker Street\nLondon NW1 6XE",
    "Calle Mayor 5\n28013 Madrid",
    "1-2-3 Shibuya\nTokyo 150-0002",
];
/// Currencies with their weight among clients.
const CURRENCIES: &[(&str, u32)] = &[
    ("EUR", 40),
    ("USD", 25),
    ("GBP", 15),
    ("CHF", 5),
    ("SEK", 5),
    ("JPY", 5),
    ("KWD", 2),
    ("INR", 3),
];
const SERVICES: &[&str] = &[
    "Design consultation",
    "Website maintenance (monthly)",
    "Logo redesign — three proposals",
    "Photography, half day",
    "Translation, 1,000 words",
    "Workshop facilitation",
    "Travel expenses",
    "Hosting (annual)",
    "Copywriting",
    "On-site support",
    "Übersetzung ins Deutsche",
    "Révision de la charte graphique",
];
const TAX_RATES: &[i64] = &[0, 5_000, 10_000, 19_000, 20_000, 25_000];
/// (name, duration in minutes, invitees at most: more than one is a group event).
const EVENT_TYPES: &[(&str, i64, usize)] = &[
    ("30 Minute Meeting", 30, 1),
    ("Discovery call", 45, 1),
    ("Project review", 60, 1),
    ("Group workshop", 90, 6),
];
const LOCATIONS: &[(&str, Option<&str>)] = &[
    ("zoom", Some("https://zoom.example/j/")),
    ("google_conference", Some("https://meet.example/")),
    ("outbound_call", None),
    ("physical", None),
];
const CANCEL_REASONS: &[&str] = &[
    "Something came up",
    "Found another provider",
    "Budget on hold",
    "",
];

/// A seeded client: what documents and meetings need of it.
struct SeedClient {
    id: Id,
    name: String,
    email: Option<String>,
    currency: &'static str,
    created: i64,
}

/// A document's lines and cached totals.
struct Lines {
    items: Vec<LineItemInput>,
    discount: Discount,
    totals: crate::model::Totals,
}

/// A quote or invoice of a client, for meetings to link to.
#[derive(Clone, Copy)]
struct DocLink {
    quote: Option<Id>,
    invoice: Option<Id>,
}

impl Store {
    /// Fills an empty store with `plan`'s data (see the module comment).
    pub async fn seed(&self, plan: &SeedPlan) -> Result<SeedReport> {
        for (field, n) in [
            ("clients", plan.clients),
            ("documents", plan.documents),
            ("meetings", plan.meetings),
        ] {
            if n > MAX_SEED_ROWS {
                return Err(CoreError::field(
                    field,
                    format!("seed at most {MAX_SEED_ROWS} {field} at a time"),
                ));
            }
        }
        if plan.clients == 0 && (plan.documents > 0 || plan.meetings > 0) {
            return Err(CoreError::field(
                "clients",
                "documents and meetings need at least one client",
            ));
        }
        let mut tx = self.write_tx().await?;
        let used: i64 = sqlx::query_scalar(
            "SELECT (SELECT COUNT(*) FROM clients) + (SELECT COUNT(*) FROM quotes)
                + (SELECT COUNT(*) FROM invoices) + (SELECT COUNT(*) FROM meetings)",
        )
        .fetch_one(&mut *tx)
        .await?;
        if used > 0 {
            return Err(CoreError::InvalidState(
                "This data directory already holds data; seed an empty one.".into(),
            ));
        }
        let now = self.now().as_second();
        let mut seeder = Seeder {
            rng: StdRng::seed_from_u64(plan.seed),
            now,
            report: SeedReport::default(),
            activity: Vec::new(),
        };
        let clients = seeder.clients(&mut tx, plan.clients).await?;
        let links = seeder.documents(&mut tx, &clients, plan.documents).await?;
        seeder.meetings(&mut tx, &clients, &links, plan).await?;
        seeder.flush_activity(&mut tx).await?;
        tx.commit().await?;
        Ok(seeder.report)
    }
}

/// One activity row waiting for its batch.
struct ActivityRow {
    client_id: Id,
    kind: ActivityKind,
    quote: Option<(Id, String)>,
    invoice: Option<(Id, Option<String>)>,
    meeting: Option<String>,
    at: i64,
}

struct Seeder {
    rng: StdRng,
    now: i64,
    report: SeedReport,
    activity: Vec<ActivityRow>,
}

fn instant(seconds: i64) -> Result<String> {
    jiff::Timestamp::from_second(seconds)
        .map(format_timestamp)
        .map_err(|e| CoreError::invalid(format!("seed time out of range: {e}")))
}

fn day(seconds: i64) -> Result<String> {
    Ok(instant(seconds)?[..10].to_string())
}

impl Seeder {
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        items
            .choose(&mut self.rng)
            .expect("seed tables are not empty")
    }

    /// A moment in the last five years, denser towards now (a growing business).
    fn past(&mut self) -> i64 {
        let f: f64 = self.rng.gen::<f64>().sqrt();
        self.now - SPAN + (f * SPAN as f64) as i64
    }

    fn note(&mut self, client_id: Id, kind: ActivityKind, at: i64) -> &mut ActivityRow {
        self.activity.push(ActivityRow {
            client_id,
            kind,
            quote: None,
            invoice: None,
            meeting: None,
            at,
        });
        self.activity.last_mut().expect("just pushed")
    }

    async fn clients(&mut self, conn: &mut SqliteConnection, n: u32) -> Result<Vec<SeedClient>> {
        let mut out = Vec::with_capacity(n as usize);
        let mut rows = Vec::with_capacity(BATCH);
        let weights: u32 = CURRENCIES.iter().map(|c| c.1).sum();
        for i in 0..n {
            let id = Id::from(i) + 1;
            let (given, family) = *self.pick(NAMES);
            let name = format!("{} {}", self.pick(given), self.pick(family));
            let company = self
                .rng
                .gen_bool(0.45)
                .then(|| format!("{} {}", self.pick(family), self.pick(COMPANY_SUFFIXES)));
            let email = self
                .rng
                .gen_bool(0.9)
                .then(|| format!("client{id}@{}", self.pick(DOMAINS)));
            let phone = self.rng.gen_bool(0.6).then(|| {
                format!(
                    "+{} {} {:04}",
                    self.rng.gen_range(1..99),
                    self.rng.gen_range(100..999),
                    self.rng.gen_range(0..10_000)
                )
            });
            let address = self
                .rng
                .gen_bool(0.5)
                .then(|| self.pick(STREETS).to_string());
            let tax_number = self
                .rng
                .gen_bool(0.3)
                .then(|| format!("EU{:09}", self.rng.gen_range(0..1_000_000_000u32)));
            let mut w = self.rng.gen_range(0..weights);
            let currency = CURRENCIES
                .iter()
                .find(|c| {
                    if w < c.1 {
                        true
                    } else {
                        w -= c.1;
                        false
                    }
                })
                .map_or("EUR", |c| c.0);
            let created = self.now - SPAN + self.rng.gen_range(0..SPAN / 2);
            let archived = self.rng.gen_bool(0.03);
            let key = search::client_key(&name, company.as_deref(), email.as_deref());
            self.note(id, ActivityKind::ClientCreated, created);
            rows.push((
                id,
                name.clone(),
                company,
                email.clone(),
                phone,
                address,
                tax_number,
                archived,
                instant(created)?,
                key,
            ));
            out.push(SeedClient {
                id,
                name,
                email,
                currency,
                created,
            });
            if rows.len() == BATCH || i + 1 == n {
                let mut q = QueryBuilder::<Sqlite>::new(
                    "INSERT INTO clients (id, name, company, email, phone, address, tax_number, archived,
                        created_at, updated_at, search_key) ",
                );
                q.push_values(rows.drain(..), |mut b, r| {
                    b.push_bind(r.0)
                        .push_bind(r.1)
                        .push_bind(r.2)
                        .push_bind(r.3)
                        .push_bind(r.4)
                        .push_bind(r.5)
                        .push_bind(r.6)
                        .push_bind(r.7)
                        .push_bind(r.8.clone())
                        .push_bind(r.8)
                        .push_bind(r.9);
                });
                q.build().execute(&mut *conn).await?;
            }
        }
        self.report.clients = u64::from(n);
        Ok(out)
    }

    fn lines(&mut self, currency: &str) -> Result<Lines> {
        let minor = currency::find(currency).map_or(2, |c| c.minor_units);
        let scale = 10_i64.pow(u32::from(minor));
        let count = self.rng.gen_range(1..=8);
        let items: Vec<LineItemInput> = (0..count)
            .map(|_| {
                let major = if currency == "JPY" {
                    self.rng.gen_range(3_000..80_000)
                } else {
                    self.rng.gen_range(20..1_500)
                };
                LineItemInput {
                    description: self.pick(SERVICES).to_string(),
                    quantity_milli: self.rng.gen_range(1..=16) * 500,
                    unit_price_minor: major * scale + self.rng.gen_range(0..scale.max(1)),
                    tax_rate_milli: *self.pick(TAX_RATES),
                }
            })
            .collect();
        let plain = totals::compute_lines(&items, &Discount::None)?;
        let discount = match self.rng.gen_range(0..10) {
            0 | 1 => Discount::Percent {
                milli: *self.pick(&[5_000, 10_000, 12_500]),
            },
            2 if plain.subtotal_minor >= 10 => Discount::Amount {
                minor: plain.subtotal_minor / 10,
            },
            _ => Discount::None,
        };
        let totals = if discount == Discount::None {
            plain
        } else {
            totals::compute_lines(&items, &discount)?
        };
        Ok(Lines {
            items,
            discount,
            totals,
        })
    }

    /// Writes a batch of quotes or invoices with their lines (see [`Document`]).
    async fn write_documents<T: Document>(
        &mut self,
        conn: &mut SqliteConnection,
        rows: &mut Vec<T>,
    ) -> Result<()> {
        if rows.is_empty() {
            return Ok(());
        }
        let mut q = QueryBuilder::<Sqlite>::new(format!(
            "INSERT INTO {} (id, number, client_id, status, currency, discount_kind, discount_value,
                subtotal_minor, discount_minor, tax_minor, total_minor, created_at, updated_at, {}) ",
            T::TABLE,
            T::COLUMNS
        ));
        q.push_values(rows.iter(), |mut b, row| {
            let d = row.common();
            let (kind, value) = super::documents::discount_columns(&d.lines.discount);
            let t = &d.lines.totals;
            b.push_bind(d.id)
                .push_bind(d.number.clone())
                .push_bind(d.client_id)
                .push_bind(d.status)
                .push_bind(d.currency)
                .push_bind(kind)
                .push_bind(value)
                .push_bind(t.subtotal_minor)
                .push_bind(t.discount_minor)
                .push_bind(t.tax_minor)
                .push_bind(t.total_minor)
                .push_bind(d.created.clone())
                .push_bind(d.updated.clone());
            row.push_own(&mut b);
        });
        q.build().execute(&mut *conn).await?;
        let lines: Vec<(Id, i64, &LineItemInput, i64)> = rows
            .iter()
            .flat_map(|row| {
                let d = row.common();
                d.lines
                    .items
                    .iter()
                    .zip(&d.lines.totals.lines)
                    .enumerate()
                    .map(move |(p, (item, total))| (d.id, p as i64, item, *total))
            })
            .collect();
        for chunk in lines.chunks(BATCH) {
            let mut q = QueryBuilder::<Sqlite>::new(format!(
                "INSERT INTO {} ({}, position, description, quantity_milli, unit_price_minor,
                    tax_rate_milli, line_total_minor) ",
                T::ITEMS,
                T::OWNER
            ));
            q.push_values(chunk, |mut b, (id, position, item, total)| {
                b.push_bind(*id)
                    .push_bind(*position)
                    .push_bind(item.description.clone())
                    .push_bind(item.quantity_milli)
                    .push_bind(item.unit_price_minor)
                    .push_bind(item.tax_rate_milli)
                    .push_bind(*total);
            });
            q.build().execute(&mut *conn).await?;
        }
        rows.clear();
        Ok(())
    }

    /// A quote's or invoice's status by its age: old ones were settled long ago.
    fn status_by_age(
        &mut self,
        created: i64,
        recent: (i64, &[(u32, &'static str)]),
        settled: &[(u32, &'static str)],
    ) -> &'static str {
        let table = if self.now - created < recent.0 {
            recent.1
        } else {
            settled
        };
        let mut roll = self
            .rng
            .gen_range(0..table.iter().map(|t| t.0).sum::<u32>());
        for &(weight, status) in table {
            if roll < weight {
                return status;
            }
            roll -= weight;
        }
        table[table.len() - 1].1
    }

    /// Quotes and invoices, numbered in the order they were created and issued; returns, per
    /// client, what meetings may be about.
    async fn documents(
        &mut self,
        conn: &mut SqliteConnection,
        clients: &[SeedClient],
        n: u32,
    ) -> Result<Vec<Vec<DocLink>>> {
        let mut links = vec![Vec::new(); clients.len()];
        if clients.is_empty() {
            return Ok(links);
        }
        let quotes = n / 2 + n % 2;
        let invoices = n - quotes;
        // Creation times in order, so numbers follow time like they do in use.
        let mut quote_times: Vec<i64> = (0..quotes).map(|_| self.past()).collect();
        quote_times.sort_unstable();
        let mut invoice_times: Vec<i64> = (0..invoices).map(|_| self.past()).collect();
        invoice_times.sort_unstable();
        // Nothing has happened after now.
        let now = self.now;

        let mut accepted: Vec<(Id, usize, i64)> = Vec::new();
        let mut last_open: Vec<Option<Id>> = vec![None; clients.len()];
        let mut rows = Vec::with_capacity(BATCH);
        for (i, &created) in quote_times.iter().enumerate() {
            let id = i as Id + 1;
            let c = self.client_for(clients, created);
            let client = &clients[c];
            let status = self.status_by_age(
                created,
                (20 * DAY, &[(40, "draft"), (60, "sent")]),
                &[
                    (3, "draft"),
                    (9, "sent"),
                    (58, "accepted"),
                    (30, "declined"),
                ],
            );
            let valid_until = created + self.rng.gen_range(14..45) * DAY;
            let sent =
                (status != "draft").then(|| (created + self.rng.gen_range(0..3) * DAY).min(now));
            let decided = matches!(status, "accepted" | "declined")
                .then(|| (sent.unwrap_or(created) + self.rng.gen_range(1..20) * DAY).min(now));
            // A declined or expired quote is sometimes revised by the client's next one.
            let revises = last_open[c].take().filter(|_| self.rng.gen_bool(0.3));
            if status == "declined" || (status == "sent" && valid_until < now) {
                last_open[c] = Some(id);
            }
            let number = format!("QUO-{id:04}");
            let first = if revises.is_some() {
                ActivityKind::QuoteRevised
            } else {
                ActivityKind::QuoteCreated
            };
            let decision = if status == "accepted" {
                ActivityKind::QuoteAccepted
            } else {
                ActivityKind::QuoteDeclined
            };
            for (kind, at) in [
                (first, Some(created)),
                (ActivityKind::QuoteSent, sent),
                (decision, decided),
            ] {
                if let Some(at) = at {
                    self.note(client.id, kind, at).quote = Some((id, number.clone()));
                }
            }
            if status == "accepted" {
                accepted.push((id, c, decided.unwrap_or(created)));
            }
            links[c].push(DocLink {
                quote: Some(id),
                invoice: None,
            });
            rows.push(SeedQuote {
                doc: SeedDocument {
                    id,
                    number: Some(number),
                    client_id: client.id,
                    status,
                    currency: client.currency,
                    lines: self.lines(client.currency)?,
                    created: instant(created)?,
                    updated: instant(decided.or(sent).unwrap_or(created))?,
                },
                valid_until: day(valid_until)?,
                sent: sent.map(instant).transpose()?,
                decided: decided.map(instant).transpose()?,
                revises,
            });
            if rows.len() == BATCH {
                self.write_documents(conn, &mut rows).await?;
            }
        }
        self.write_documents(conn, &mut rows).await?;
        self.report.quotes = u64::from(quotes);

        // Invoices: most accepted quotes were converted; the rest stand alone.
        accepted.shuffle(&mut self.rng);
        let mut rows = Vec::with_capacity(BATCH);
        let mut issued_count = 0_i64;
        for (i, &created) in invoice_times.iter().enumerate() {
            let id = i as Id + 1;
            let from_quote = accepted.pop().filter(|q| q.2 <= created);
            let c = match from_quote {
                Some((_, c, _)) => c,
                None => self.client_for(clients, created),
            };
            let client = &clients[c];
            // "issued" is stored as `sent` without a sent date.
            let status = self.status_by_age(
                created,
                (10 * DAY, &[(30, "draft"), (20, "issued"), (50, "sent")]),
                &[(2, "draft"), (3, "void"), (10, "sent"), (85, "paid")],
            );
            let terms = *self.pick(&[14_i64, 30, 30, 45]);
            let number = (status != "draft").then(|| {
                issued_count += 1;
                format!("INV-{issued_count:04}")
            });
            let sent = matches!(status, "sent" | "paid").then(|| (created + DAY).min(now));
            let paid = (status == "paid")
                .then(|| (created + self.rng.gen_range(1..terms + 20) * DAY).min(now));
            let voided = (status == "void").then(|| (created + 2 * DAY).min(now));
            let issued = number.as_ref().map(|_| created);
            let quote = from_quote.map(|q| q.0);
            for (kind, at) in [
                (ActivityKind::InvoiceCreated, Some(created)),
                (ActivityKind::InvoiceIssued, issued),
                (ActivityKind::InvoiceSent, sent),
                (ActivityKind::InvoicePaid, paid),
                (ActivityKind::InvoiceVoided, voided),
            ] {
                if let Some(at) = at {
                    self.note(client.id, kind, at).invoice = Some((id, number.clone()));
                }
            }
            if let Some(quote) = quote {
                let note = self.note(client.id, ActivityKind::QuoteConverted, created);
                note.quote = Some((quote, format!("QUO-{quote:04}")));
                note.invoice = Some((id, number.clone()));
            }
            // A meeting is about a quote or an invoice, never both (core's rule), and not
            // about a draft invoice, which has no number to name it by.
            if number.is_some() {
                links[c].push(DocLink {
                    quote: None,
                    invoice: Some(id),
                });
            }
            rows.push(SeedInvoice {
                doc: SeedDocument {
                    id,
                    number,
                    client_id: client.id,
                    status: if status == "issued" { "sent" } else { status },
                    currency: client.currency,
                    lines: self.lines(client.currency)?,
                    created: instant(created)?,
                    updated: instant(paid.or(voided).or(sent).unwrap_or(created))?,
                },
                quote_id: quote,
                issue_date: day(created)?,
                due_date: day(created + terms * DAY)?,
                paid_on: paid.map(day).transpose()?,
                issued: issued.map(instant).transpose()?,
                sent: sent.map(instant).transpose()?,
                voided: voided.map(instant).transpose()?,
            });
            if rows.len() == BATCH {
                self.write_documents(conn, &mut rows).await?;
            }
        }
        self.write_documents(conn, &mut rows).await?;
        self.report.invoices = u64::from(invoices);
        // The next numbers follow the seeded ones.
        sqlx::query("UPDATE counters SET next_value = ? WHERE name = 'quote'")
            .bind(i64::from(quotes) + 1)
            .execute(&mut *conn)
            .await?;
        sqlx::query("UPDATE counters SET next_value = ? WHERE name = 'invoice'")
            .bind(issued_count + 1)
            .execute(&mut *conn)
            .await?;
        Ok(links)
    }

    /// A client that existed at `at`: a few regulars get much of the work.
    fn client_for(&mut self, clients: &[SeedClient], at: i64) -> usize {
        for _ in 0..8 {
            let f: f64 = self.rng.gen();
            let i = ((f * f) * clients.len() as f64) as usize;
            let i = i.min(clients.len() - 1);
            if clients[i].created <= at {
                return i;
            }
        }
        // The oldest client exists for every document: creation times start five years back.
        clients
            .iter()
            .enumerate()
            .min_by_key(|(_, c)| c.created)
            .map_or(0, |(i, _)| i)
    }

    /// Meetings: events over five years and the next two months, with their invitees.
    async fn meetings(
        &mut self,
        conn: &mut SqliteConnection,
        clients: &[SeedClient],
        links: &[Vec<DocLink>],
        plan: &SeedPlan,
    ) -> Result<()> {
        let mut rows: Vec<MeetingRow> = Vec::with_capacity(BATCH);
        let mut written = 0_u32;
        let mut event = 0_u64;
        while written < plan.meetings {
            event += 1;
            let type_index = self.rng.gen_range(0..EVENT_TYPES.len());
            let (type_name, minutes, most) = EVENT_TYPES[type_index];
            // On the half hour, in working hours.
            let base = self.now - SPAN + self.rng.gen_range(0..(SPAN + AHEAD));
            let start = base - base.rem_euclid(DAY) + 8 * 3600 + self.rng.gen_range(0..19) * 1800;
            let invitees = if most > 1 {
                self.rng.gen_range(2..=most)
            } else {
                1
            };
            let (location_type, join) = *self.pick(LOCATIONS);
            let event_uri = format!("https://api.calendly.com/scheduled_events/SEEDEV{event:010}");
            let canceled_event = self.rng.gen_range(0..100) < 7;
            for k in 0..invitees {
                if written >= plan.meetings {
                    break;
                }
                written += 1;
                let invitee_uri = format!("{event_uri}/invitees/SEEDINV{written:010}");
                let matched = !clients.is_empty() && self.rng.gen_bool(0.8);
                let c = if matched {
                    Some(self.client_for(clients, start))
                } else {
                    None
                };
                let (client_id, name, email) = match c {
                    Some(c) => (
                        Some(clients[c].id),
                        clients[c].name.clone(),
                        clients[c].email.clone(),
                    ),
                    None => (
                        None,
                        format!("Guest {written}"),
                        Some(format!("guest{written}@{}", self.pick(DOMAINS))),
                    ),
                };
                let doc = c
                    .and_then(|c| links[c].choose(&mut self.rng).copied())
                    .filter(|_| self.rng.gen_bool(0.4));
                // Booked before it starts, and not after now.
                let booked = (start - self.rng.gen_range(1..21) * DAY).min(self.now);
                let rescheduled = !canceled_event
                    && invitees == 1
                    && self.rng.gen_range(0..100) < 8
                    && written < plan.meetings;
                let no_show = !canceled_event
                    && !rescheduled
                    && start + minutes * 60 < self.now
                    && self.rng.gen_range(0..100) < 4;
                let mut row = MeetingRow {
                    invitee_uri: invitee_uri.clone(),
                    event_uri: event_uri.clone(),
                    type_index,
                    type_name,
                    start,
                    end: start + minutes * 60,
                    location_type,
                    join: join.map(|j| format!("{j}{event}")),
                    status: MeetingStatus::Scheduled,
                    canceled: None,
                    rescheduled_from: None,
                    rescheduled_to: None,
                    no_show,
                    name,
                    email,
                    client_id,
                    doc,
                    booked,
                    question: (k == 0 && self.rng.gen_bool(0.3))
                        .then_some("Anything we should prepare?"),
                };
                if let Some(client_id) = client_id {
                    self.meeting_notes(client_id, &row, &invitee_uri, booked);
                }
                if canceled_event || rescheduled {
                    let at =
                        (booked + self.rng.gen_range(0..(start - booked).max(1))).min(self.now);
                    let reason = if rescheduled {
                        ""
                    } else {
                        self.pick(CANCEL_REASONS)
                    };
                    row.status = MeetingStatus::Canceled;
                    row.canceled = Some((at, reason.to_string()));
                }
                if rescheduled {
                    written += 1;
                    event += 1;
                    let moved_event =
                        format!("https://api.calendly.com/scheduled_events/SEEDEV{event:010}");
                    let moved_uri = format!("{moved_event}/invitees/SEEDINV{written:010}");
                    let shift = self.rng.gen_range(1..10) * DAY + self.rng.gen_range(-4..4) * 1800;
                    let mut moved = row.clone_as(&moved_uri, &moved_event, start + shift, minutes);
                    moved.rescheduled_from = Some(invitee_uri.clone());
                    moved.booked = row.canceled.as_ref().map_or(booked, |c| c.0);
                    row.rescheduled_to = Some(moved_uri.clone());
                    if let Some(client_id) = client_id {
                        self.note(client_id, ActivityKind::MeetingRescheduled, moved.booked)
                            .meeting = Some(moved_uri);
                    }
                    rows.push(row);
                    rows.push(moved);
                } else {
                    if let (Some(client_id), Some((at, _))) = (client_id, &row.canceled) {
                        self.note(client_id, ActivityKind::MeetingCanceled, *at)
                            .meeting = Some(invitee_uri.clone());
                    }
                    rows.push(row);
                }
                if rows.len() >= BATCH {
                    self.write_meetings(conn, &mut rows, plan).await?;
                }
            }
        }
        self.write_meetings(conn, &mut rows, plan).await?;
        self.report.meetings = u64::from(written);
        Ok(())
    }

    fn meeting_notes(&mut self, client_id: Id, row: &MeetingRow, invitee_uri: &str, booked: i64) {
        let note = self.note(client_id, ActivityKind::MeetingBooked, booked);
        note.meeting = Some(invitee_uri.to_string());
        if row.no_show {
            self.note(client_id, ActivityKind::MeetingNoShow, row.end)
                .meeting = Some(invitee_uri.to_string());
        }
    }

    async fn write_meetings(
        &mut self,
        conn: &mut SqliteConnection,
        rows: &mut Vec<MeetingRow>,
        plan: &SeedPlan,
    ) -> Result<()> {
        if rows.is_empty() {
            return Ok(());
        }
        let synced = instant(self.now)?;
        let values = rows
            .drain(..)
            .map(|r| {
                let canceled = r
                    .canceled
                    .as_ref()
                    .map(|(at, reason)| Ok::<_, CoreError>((instant(*at)?, reason.clone())))
                    .transpose()?;
                Ok((
                    instant(r.start)?,
                    instant(r.end)?,
                    instant(r.booked)?,
                    canceled,
                    r,
                ))
            })
            .collect::<Result<Vec<_>>>()?;
        let mut q = QueryBuilder::<Sqlite>::new(
            "INSERT INTO meetings (invitee_uri, event_uri, event_type_uri, event_type_name, name,
                start_time, end_time, location_type, location, join_url, status, canceled_at,
                canceled_by, canceler_type, cancel_reason, rescheduled_from, rescheduled_to, no_show,
                no_show_uri, questions_and_answers, invitee_name, invitee_email, invitee_timezone,
                calendly_user, client_id, quote_id, invoice_id, updated_at, event_created_at,
                synced_at) ",
        );
        q.push_values(values, |mut b, (start, end, booked, canceled, r)| {
            let qa = r.question.map_or_else(
                || "[]".to_string(),
                |question| serde_json::json!([{ "question": question, "answer": "The draft contract, please.", "position": 0 }]).to_string(),
            );
            let updated = canceled.as_ref().map_or(booked.clone(), |c| c.0.clone());
            b.push_bind(r.invitee_uri.clone())
                .push_bind(r.event_uri)
                .push_bind(format!("https://api.calendly.com/event_types/SEEDTYPE{:04}", r.type_index))
                .push_bind(r.type_name)
                .push_bind(r.type_name)
                .push_bind(start)
                .push_bind(end)
                .push_bind(r.location_type)
                .push_bind((r.location_type == "physical").then_some("Studio, Hauptstraße 12, Berlin"))
                .push_bind(r.join)
                .push_bind(r.status)
                .push_bind(canceled.as_ref().map(|c| c.0.clone()))
                .push_bind(canceled.as_ref().map(|_| r.name.clone()))
                .push_bind(canceled.as_ref().map(|_| "invitee"))
                .push_bind(canceled.map(|c| c.1))
                .push_bind(r.rescheduled_from)
                .push_bind(r.rescheduled_to)
                .push_bind(r.no_show)
                .push_bind(r.no_show.then(|| format!("https://api.calendly.com/invitee_no_shows/SEED{}", &r.invitee_uri[r.invitee_uri.len() - 10..])))
                .push_bind(qa)
                .push_bind(r.name)
                .push_bind(r.email)
                .push_bind("Europe/Berlin")
                .push_bind(plan.calendly_user.clone())
                .push_bind(r.client_id)
                .push_bind(r.doc.and_then(|d| d.quote))
                .push_bind(r.doc.and_then(|d| d.invoice))
                .push_bind(updated)
                .push_bind(booked)
                .push_bind(synced.clone());
        });
        q.build().execute(&mut *conn).await?;
        Ok(())
    }

    async fn flush_activity(&mut self, conn: &mut SqliteConnection) -> Result<()> {
        self.activity.sort_by_key(|a| a.at);
        let rows = std::mem::take(&mut self.activity);
        self.report.activity = rows.len() as u64;
        for chunk in rows.chunks(BATCH) {
            let values = chunk
                .iter()
                .map(|a| Ok((a, instant(a.at)?)))
                .collect::<Result<Vec<_>>>()?;
            let mut q = QueryBuilder::<Sqlite>::new(
                "INSERT INTO activity (client_id, kind, quote_id, quote_number, invoice_id, invoice_number,
                    meeting_invitee_uri, occurred_at) ",
            );
            q.push_values(values, |mut b, (a, at)| {
                b.push_bind(a.client_id)
                    .push_bind(a.kind)
                    .push_bind(a.quote.as_ref().map(|q| q.0))
                    .push_bind(a.quote.as_ref().map(|q| q.1.clone()))
                    .push_bind(a.invoice.as_ref().map(|i| i.0))
                    .push_bind(a.invoice.as_ref().and_then(|i| i.1.clone()))
                    .push_bind(a.meeting.clone())
                    .push_bind(at);
            });
            q.build().execute(&mut *conn).await?;
        }
        Ok(())
    }
}

/// What quotes and invoices share as rows: their table's common columns, as text.
struct SeedDocument {
    id: Id,
    /// `None` for a draft invoice.
    number: Option<String>,
    client_id: Id,
    /// As stored.
    status: &'static str,
    currency: &'static str,
    lines: Lines,
    created: String,
    updated: String,
}

/// A quote or an invoice row: the shared columns, then its own.
trait Document {
    const TABLE: &'static str;
    /// Its own columns, in the order `push_own` binds them.
    const COLUMNS: &'static str;
    const ITEMS: &'static str;
    const OWNER: &'static str;
    fn common(&self) -> &SeedDocument;
    fn push_own(&self, b: &mut Separated<'_, '_, Sqlite, &'static str>);
}

struct SeedQuote {
    doc: SeedDocument,
    valid_until: String,
    sent: Option<String>,
    decided: Option<String>,
    revises: Option<Id>,
}

impl Document for SeedQuote {
    const TABLE: &'static str = "quotes";
    const COLUMNS: &'static str = "valid_until, sent_at, decided_at, revises_id";
    const ITEMS: &'static str = "quote_items";
    const OWNER: &'static str = "quote_id";
    fn common(&self) -> &SeedDocument {
        &self.doc
    }
    fn push_own(&self, b: &mut Separated<'_, '_, Sqlite, &'static str>) {
        b.push_bind(self.valid_until.clone())
            .push_bind(self.sent.clone())
            .push_bind(self.decided.clone())
            .push_bind(self.revises);
    }
}

struct SeedInvoice {
    doc: SeedDocument,
    quote_id: Option<Id>,
    issue_date: String,
    due_date: String,
    paid_on: Option<String>,
    issued: Option<String>,
    sent: Option<String>,
    voided: Option<String>,
}

impl Document for SeedInvoice {
    const TABLE: &'static str = "invoices";
    const COLUMNS: &'static str =
        "quote_id, issue_date, due_date, paid_on, issued_at, sent_at, voided_at";
    const ITEMS: &'static str = "invoice_items";
    const OWNER: &'static str = "invoice_id";
    fn common(&self) -> &SeedDocument {
        &self.doc
    }
    fn push_own(&self, b: &mut Separated<'_, '_, Sqlite, &'static str>) {
        b.push_bind(self.quote_id)
            .push_bind(self.issue_date.clone())
            .push_bind(self.due_date.clone())
            .push_bind(self.paid_on.clone())
            .push_bind(self.issued.clone())
            .push_bind(self.sent.clone())
            .push_bind(self.voided.clone());
    }
}

/// One meeting row before it is written.
struct MeetingRow {
    invitee_uri: String,
    event_uri: String,
    type_index: usize,
    type_name: &'static str,
    start: i64,
    end: i64,
    location_type: &'static str,
    join: Option<String>,
    status: MeetingStatus,
    /// When and why it was canceled.
    canceled: Option<(i64, String)>,
    rescheduled_from: Option<String>,
    rescheduled_to: Option<String>,
    no_show: bool,
    name: String,
    email: Option<String>,
    client_id: Option<Id>,
    doc: Option<DocLink>,
    booked: i64,
    question: Option<&'static str>,
}

impl MeetingRow {
    /// The booking a reschedule makes: the same invitee at a new time, scheduled.
    fn clone_as(&self, invitee_uri: &str, event_uri: &str, start: i64, minutes: i64) -> MeetingRow {
        MeetingRow {
            invitee_uri: invitee_uri.to_string(),
            event_uri: event_uri.to_string(),
            type_index: self.type_index,
            type_name: self.type_name,
            start,
            end: start + minutes * 60,
            location_type: self.location_type,
            join: self.join.clone(),
            status: MeetingStatus::Scheduled,
            canceled: None,
            rescheduled_from: None,
            rescheduled_to: None,
            no_show: false,
            name: self.name.clone(),
            email: self.email.clone(),
            client_id: self.client_id,
            doc: self.doc,
            booked: self.booked,
            question: self.question,
        }
    }
}
