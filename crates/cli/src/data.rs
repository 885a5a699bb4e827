//! Clients, quotes, invoices and export: the business data, no Calendly involved.

use quotla_core::dates::format_date;
use quotla_core::model::{
    ClientFilter, ClientInput, Discount, DocumentKind, InvoiceInput, LineItemInput, QuoteInput,
};
use quotla_core::store::seed::SeedPlan;
use quotla_core::store::Purpose;
use quotla_core::transfer;
use serde_json::json;

use crate::args::{
    ClientsCommand, ExportArgs, ExportFormat, InvoicesCommand, PdfArgs, QuotesCommand, SeedArgs,
};
use crate::context::Context;
use crate::error::CliError;
use crate::{line_item, print_json};

pub async fn clients(cx: &Context, cmd: ClientsCommand) -> Result<(), CliError> {
    match cmd {
        ClientsCommand::Add {
            name,
            email,
            company,
        } => {
            let client = cx
                .store
                .create_client(&ClientInput {
                    name,
                    email,
                    company,
                    ..Default::default()
                })
                .await?;
            print_json(&client)
        }
        ClientsCommand::List { json } => {
            let clients = cx
                .store
                .list_clients(&ClientFilter {
                    search: None,
                    include_archived: true,
                })
                .await?;
            if json {
                return print_json(&clients);
            }
            for c in &clients {
                println!("{}\t{}\t{}", c.id, c.name, c.email.as_deref().unwrap_or(""));
            }
            Ok(())
        }
        ClientsCommand::Import { csv } => {
            let text = std::fs::read(&csv)
                .map_err(|e| CliError::Other(format!("cannot read {}: {e}", csv.display())))?;
            let text = String::from_utf8(text)
                .map_err(|_| CliError::Other(format!("{} is not UTF-8 text", csv.display())))?;
            let ids = transfer::import_clients(&cx.store, &text).await?;
            print_json(&json!({ "imported": ids.len(), "ids": ids }))
        }
    }
}

/// Line items in the business's default currency and tax rate, from `--line` values.
async fn line_items(
    cx: &Context,
    lines: &[String],
) -> Result<(String, Vec<LineItemInput>), CliError> {
    let profile = cx.store.business_profile().await?;
    let minor_units =
        quotla_core::currency::find(&profile.default_currency).map_or(2, |c| c.minor_units);
    let items = lines
        .iter()
        .map(|line| {
            line_item::parse(line, minor_units).map(|spec| LineItemInput {
                description: spec.description,
                quantity_milli: spec.quantity_milli,
                unit_price_minor: spec.unit_price_minor,
                tax_rate_milli: profile.default_tax_rate_milli,
            })
        })
        .collect::<Result<Vec<_>, _>>()
        .map_err(CliError::Usage)?;
    Ok((profile.default_currency, items))
}

/// Writes a document's PDF to `out` and prints where and how large.
async fn write_pdf(cx: &Context, kind: DocumentKind, args: PdfArgs) -> Result<(), CliError> {
    let pdf = cx
        .store
        .document_pdf(kind, args.id, &args.locale, Purpose::Keep)
        .await?;
    std::fs::write(&args.out, &pdf.bytes).map_err(quotla_core::CoreError::from)?;
    print_json(&json!({ "path": args.out, "size_bytes": pdf.bytes.len() }))
}

pub async fn quotes(cx: &Context, cmd: QuotesCommand) -> Result<(), CliError> {
    let (client, lines, send) = match cmd {
        QuotesCommand::Add {
            client,
            lines,
            send,
        } => (client, lines, send),
        QuotesCommand::Pdf(args) => return write_pdf(cx, DocumentKind::Quote, args).await,
    };
    let (currency, items) = line_items(cx, &lines.lines).await?;
    let mut quote = cx
        .store
        .create_quote(&QuoteInput {
            client_id: client,
            currency,
            items,
            discount: Discount::None,
            notes: None,
            valid_until: None,
        })
        .await?;
    if send {
        quote = cx.store.send_quote(quote.id, quote.version).await?;
    }
    print_json(&quote)
}

pub async fn invoices(cx: &Context, cmd: InvoicesCommand) -> Result<(), CliError> {
    let (client, lines, issue) = match cmd {
        InvoicesCommand::Add {
            client,
            lines,
            issue,
        } => (client, lines, issue),
        InvoicesCommand::Pdf(args) => return write_pdf(cx, DocumentKind::Invoice, args).await,
    };
    let (currency, items) = line_items(cx, &lines.lines).await?;
    let terms = cx.store.document_settings().await?.payment_terms_days;
    let today = cx.store.today();
    let mut invoice = cx
        .store
        .create_invoice(&InvoiceInput {
            client_id: client,
            currency,
            items,
            discount: Discount::None,
            notes: None,
            issue_date: format_date(today),
            due_date: format_date(today + time::Duration::days(terms)),
        })
        .await?;
    if issue {
        invoice = cx.store.issue_invoice(invoice.id, invoice.version).await?;
    }
    print_json(&invoice)
}

pub async fn export(cx: &Context, args: ExportArgs) -> Result<(), CliError> {
    match args.format {
        ExportFormat::Csv => {
            let files = transfer::export_csv(&cx.store, &args.out).await?;
            print_json(&json!({ "files": files }))
        }
    }
}

/// Fills an empty data directory; prints what it wrote and how long it took.
pub async fn seed(cx: &Context, args: SeedArgs) -> Result<(), CliError> {
    let started = std::time::Instant::now();
    let report = cx
        .store
        .seed(&SeedPlan {
            clients: args.clients,
            documents: args.documents,
            meetings: args.meetings,
            seed: args.seed,
            calendly_user: args.calendly_user,
        })
        .await?;
    print_json(&json!({
        "clients": report.clients,
        "quotes": report.quotes,
        "invoices": report.invoices,
        "meetings": report.meetings,
        "activity": report.activity,
        "seconds": started.elapsed().as_secs_f64(),
    }))
}
