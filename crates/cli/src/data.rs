//! Clients, quotes and export: the business data, no Calendly involved.

use quotla_core::model::{ClientFilter, ClientInput, Discount, LineItemInput, QuoteInput};
use quotla_core::transfer;
use serde_json::json;

use crate::args::{ClientsCommand, ExportArgs, ExportFormat, QuotesCommand};
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

pub async fn quotes(cx: &Context, cmd: QuotesCommand) -> Result<(), CliError> {
    let QuotesCommand::Add { client, lines } = cmd;
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
    let quote = cx
        .store
        .create_quote(&QuoteInput {
            client_id: client,
            currency: profile.default_currency.clone(),
            items,
            discount: Discount::None,
            notes: None,
            valid_until: None,
        })
        .await?;
    print_json(&quote)
}

pub async fn export(cx: &Context, args: ExportArgs) -> Result<(), CliError> {
    match args.format {
        ExportFormat::Csv => {
            let files = transfer::export_csv(&cx.store, &args.out).await?;
            print_json(&json!({ "files": files }))
        }
    }
}
