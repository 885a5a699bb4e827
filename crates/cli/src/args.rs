//! The command line, as documented in the crate's README (its output is a contract).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(
    name = "quotla-cli",
    version,
    about = "Quotla without a window: Calendly sync, meetings, clients, quotes, import and export."
)]
pub struct Cli {
    /// Data directory (default: the app's; `QUOTLA_DATA_DIR` overrides it too).
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Connect, inspect or disconnect the Calendly account.
    #[command(subcommand)]
    Calendly(CalendlyCommand),
    /// This desktop's inbox at the webhook relay.
    #[command(subcommand)]
    Relay(RelayCommand),
    /// Apply what Calendly sent: `--once` drains and reconciles, `--follow` keeps going.
    Sync(SyncArgs),
    /// Synced meetings.
    #[command(subcommand)]
    Meetings(MeetingsCommand),
    /// Single-use Calendly booking links.
    #[command(subcommand)]
    Links(LinksCommand),
    #[command(subcommand)]
    Clients(ClientsCommand),
    #[command(subcommand)]
    Quotes(QuotesCommand),
    #[command(subcommand)]
    Invoices(InvoicesCommand),
    /// Write clients, quotes, invoices and meetings as files.
    Export(ExportArgs),
    /// Fill an empty data directory with years of realistic data (for trying Quotla at
    /// scale and for the benchmarks); the same `--seed` writes the same data.
    Seed(SeedArgs),
}

#[derive(Subcommand)]
pub enum CalendlyCommand {
    /// OAuth with PKCE: a loopback redirect (sandbox apps), or `--paste` for a production
    /// app's HTTPS redirect, whose forwarded `quotla://` link is read from stdin.
    Connect {
        /// Print the authorize URL without opening a browser.
        #[arg(long)]
        no_browser: bool,
        /// Use the configured redirect and read the forwarded quotla:// link from stdin.
        #[arg(long)]
        paste: bool,
    },
    /// State, sync mode, account and last sync.
    Status {
        #[arg(long)]
        json: bool,
    },
    /// Delete the subscription, revoke the tokens, delete the inbox, clear the keyring.
    Disconnect {
        /// Delete the meetings synced from this account too (default: keep them).
        #[arg(long)]
        delete_meetings: bool,
    },
}

#[derive(Subcommand)]
pub enum RelayCommand {
    /// Register this desktop's inbox (bound to the connected user, else unbound).
    Register {
        #[arg(long, value_name = "URL")]
        url: String,
    },
}

#[derive(Args)]
#[group(required = true, multiple = false)]
pub struct SyncArgs {
    /// Drain the inbox without waiting and, when connected, reconcile; print counts.
    #[arg(long)]
    pub once: bool,
    /// Keep applying as events arrive; one JSON line per applied event.
    #[arg(long)]
    pub follow: bool,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum StatusArg {
    Scheduled,
    Canceled,
}

#[derive(Subcommand)]
pub enum MeetingsCommand {
    /// Every stored meeting (or those matching the filters), by start time.
    List {
        #[arg(long)]
        json: bool,
        #[arg(long, value_name = "ID")]
        client: Option<i64>,
        #[arg(long, value_name = "NUMBER")]
        quote: Option<String>,
        #[arg(long, value_name = "NUMBER")]
        invoice: Option<String>,
        #[arg(long, value_enum)]
        status: Option<StatusArg>,
        /// First day (YYYY-MM-DD, in your time zone).
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Last day (YYYY-MM-DD, in your time zone).
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
    },
    /// Cancel the meeting's event at Calendly (every invitee of a group event).
    Cancel {
        invitee_uri: String,
        #[arg(long)]
        reason: String,
    },
    /// Mark the invitee as a no-show (`--undo` removes the mark).
    NoShow {
        invitee_uri: String,
        #[arg(long)]
        undo: bool,
    },
}

#[derive(Subcommand)]
pub enum LinksCommand {
    /// A single-use booking link for a client, or one of its quotes or invoices.
    Create {
        #[arg(long, value_name = "ID")]
        client: i64,
        #[arg(long, value_name = "NUMBER", conflicts_with = "invoice")]
        quote: Option<String>,
        #[arg(long, value_name = "NUMBER")]
        invoice: Option<String>,
        /// Event type URI (default: the account's default event type).
        #[arg(long, value_name = "URI")]
        event_type: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum ClientsCommand {
    Add {
        #[arg(long)]
        name: String,
        #[arg(long)]
        email: Option<String>,
        #[arg(long)]
        company: Option<String>,
    },
    List {
        #[arg(long)]
        json: bool,
    },
    /// Import clients from CSV with a header row (name, email, company, phone, address,
    /// notes); every bad row is reported by line and nothing is imported then.
    Import {
        #[arg(long, value_name = "FILE")]
        csv: PathBuf,
    },
}

/// The line items of a new quote or invoice.
#[derive(Args)]
pub struct Lines {
    /// `DESCRIPTION:QTY:UNIT_PRICE` (price in major units, e.g. 12.50); repeatable.
    #[arg(
        long = "line",
        value_name = "DESCRIPTION:QTY:UNIT_PRICE",
        required = true
    )]
    pub lines: Vec<String>,
}

#[derive(Subcommand)]
pub enum QuotesCommand {
    /// A draft quote in the business's default currency.
    Add {
        #[arg(long, value_name = "ID")]
        client: i64,
        #[command(flatten)]
        lines: Lines,
        /// Mark it as sent to the client at once.
        #[arg(long)]
        send: bool,
    },
    /// Writes the PDF the client receives (the same as the app's "Download PDF").
    Pdf(PdfArgs),
}

#[derive(Subcommand)]
pub enum InvoicesCommand {
    /// A draft invoice in the business's default currency, dated today and due after the
    /// payment terms of the document settings.
    Add {
        #[arg(long, value_name = "ID")]
        client: i64,
        #[command(flatten)]
        lines: Lines,
        /// Issue it at once: it gets its number and is locked.
        #[arg(long)]
        issue: bool,
    },
    /// Writes the PDF the client receives (the same as the app's "Download PDF").
    Pdf(PdfArgs),
}

#[derive(Args)]
pub struct PdfArgs {
    pub id: i64,
    /// The file to write.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Locale for amounts and dates (BCP 47, e.g. de-DE).
    #[arg(long, default_value = "en-US")]
    pub locale: String,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ExportFormat {
    Csv,
}

#[derive(Args)]
pub struct ExportArgs {
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

#[derive(Args)]
pub struct SeedArgs {
    #[arg(long, default_value_t = 10_000)]
    pub clients: u32,
    /// Quotes and invoices together, about half each.
    #[arg(long, default_value_t = 50_000)]
    pub documents: u32,
    /// Meeting invitees over five years and the next two months.
    #[arg(long, default_value_t = 100_000)]
    pub meetings: u32,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// The Calendly user the meetings belong to.
    #[arg(
        long,
        default_value = "https://api.calendly.com/users/SEEDUSER00000001"
    )]
    pub calendly_user: String,
}
