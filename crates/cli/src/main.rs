//! `quotla-cli`: Quotla's core without a window. Output is a contract (see README.md):
//! JSON on stdout, one-line errors on stderr, exit 0 / 1 / 2. It never prints a token.

mod args;
mod calendly;
mod context;
mod data;
mod error;
mod line_item;
mod loopback;
mod meetings;
mod sync;

use std::io::{IsTerminal, Write};

use clap::Parser;

use args::{Cli, Command};
use context::Context;
use error::CliError;

fn main() {
    init_logging();
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => fail(&CliError::Io(e)),
    };
    if let Err(err) = runtime.block_on(run(cli)) {
        fail(&err);
    }
}

async fn run(cli: Cli) -> Result<(), CliError> {
    let mut cx = Context::open(cli.data_dir).await?;
    let result = match cli.command {
        Command::Calendly(cmd) => calendly::run(&mut cx, cmd).await,
        Command::Relay(cmd) => calendly::relay(&mut cx, cmd).await,
        Command::Sync(args) => sync::run(&mut cx, args).await,
        Command::Meetings(cmd) => meetings::run(&mut cx, cmd).await,
        Command::Links(cmd) => meetings::links(&mut cx, cmd).await,
        Command::Clients(cmd) => data::clients(&cx, cmd).await,
        Command::Quotes(cmd) => data::quotes(&cx, cmd).await,
        Command::Invoices(cmd) => data::invoices(&cx, cmd).await,
        Command::Export(args) => data::export(&cx, args).await,
        Command::Seed(args) => data::seed(&cx, args).await,
    };
    cx.store.close().await;
    result
}

/// Prints one JSON value on its own line and flushes, so a reader sees it at once.
pub fn print_json(value: &impl serde::Serialize) -> Result<(), CliError> {
    let text = serde_json::to_string(value).map_err(|e| CliError::Other(e.to_string()))?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{text}")?;
    out.flush()?;
    Ok(())
}

fn fail(err: &CliError) -> ! {
    match err.code() {
        Some(code) => eprintln!("error: {} [{code}]", err.one_line()),
        None => eprintln!("error: {}", err.one_line()),
    }
    std::process::exit(err.exit_code());
}

/// Logs go to stderr, quiet unless `RUST_LOG` asks.
fn init_logging() {
    let filter = std::env::var("RUST_LOG").unwrap_or_else(|_| "warn".into());
    let _ = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr)
        .try_init();
}
