//! Moving data in and out as files: clients imported from CSV (every bad row reported by
//! its line, nothing half imported) and everything exported as CSV.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::csv::{self, CsvError};
use crate::model::{ClientInput, Id, InvoiceFilter, MeetingFilter, QuoteFilter};
use crate::store::check_client;
use crate::{CoreError, Store};

/// Columns an import file may have (the header row names them, in any order).
const CLIENT_COLUMNS: [&str; 7] = [
    "name",
    "email",
    "company",
    "phone",
    "address",
    "notes",
    "tax_number",
];

/// One bad row of an import file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowProblem {
    pub line: usize,
    pub message: String,
}

/// Why an import changed nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Csv(#[from] CsvError),
    #[error("{} bad rows; the first: line {}: {}", .0.len(), .0[0].line, .0[0].message)]
    Rows(Vec<RowProblem>),
    #[error(transparent)]
    Core(#[from] CoreError),
}

/// Imports clients from CSV text with a header row; all rows or none.
pub async fn import_clients(store: &Store, text: &str) -> Result<Vec<Id>, ImportError> {
    let records = csv::parse(text)?;
    let Some((header, rows)) = records.split_first() else {
        return Err(CsvError {
            line: 1,
            message: "the file is empty; it needs a header row".into(),
        }
        .into());
    };
    let columns: Vec<usize> = header
        .fields
        .iter()
        .map(|name| {
            let name = name.trim().to_ascii_lowercase();
            CLIENT_COLUMNS
                .iter()
                .position(|c| *c == name)
                .ok_or_else(|| CsvError {
                    line: header.line,
                    message: format!(
                        "unknown column {:?}; columns are {}",
                        name.chars().take(40).collect::<String>(),
                        CLIENT_COLUMNS.join(", ")
                    ),
                })
        })
        .collect::<Result<_, _>>()?;
    if !columns.contains(&0) {
        return Err(CsvError {
            line: header.line,
            message: "the header has no name column".into(),
        }
        .into());
    }
    let mut inputs = Vec::with_capacity(rows.len());
    let mut problems = Vec::new();
    for row in rows {
        if row.fields.len() != columns.len() {
            problems.push(RowProblem {
                line: row.line,
                message: format!(
                    "{} fields where the header has {}",
                    row.fields.len(),
                    columns.len()
                ),
            });
            continue;
        }
        let mut input = ClientInput::default();
        for (value, column) in row.fields.iter().zip(&columns) {
            let value = value.trim().to_string();
            let optional = (!value.is_empty()).then(|| value.clone());
            match column {
                0 => input.name = value,
                1 => input.email = optional,
                2 => input.company = optional,
                3 => input.phone = optional,
                4 => input.address = optional,
                5 => input.notes = optional,
                _ => input.tax_number = optional,
            }
        }
        match check_client(&input) {
            Ok(()) => inputs.push(input),
            Err(err) => problems.push(RowProblem {
                line: row.line,
                message: err.to_string(),
            }),
        }
    }
    if !problems.is_empty() {
        return Err(ImportError::Rows(problems));
    }
    Ok(store.import_clients(&inputs).await?)
}

/// One written export file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExportedFile {
    pub path: PathBuf,
    pub rows: usize,
}

/// Writes clients, quotes, invoices and meetings as CSV files into `dir`.
pub async fn export_csv(store: &Store, dir: &Path) -> Result<Vec<ExportedFile>, CoreError> {
    std::fs::create_dir_all(dir)?;
    let mut files = Vec::new();

    let clients = store.all_clients().await?;
    files.push(write(
        dir,
        "clients.csv",
        &[
            "id",
            "name",
            "company",
            "email",
            "phone",
            "address",
            "notes",
            "tax_number",
            "archived",
            "created_at",
        ],
        clients.iter().map(|c| {
            vec![
                c.id.to_string(),
                c.name.clone(),
                c.company.clone().unwrap_or_default(),
                c.email.clone().unwrap_or_default(),
                c.phone.clone().unwrap_or_default(),
                c.address.clone().unwrap_or_default(),
                c.notes.clone().unwrap_or_default(),
                c.tax_number.clone().unwrap_or_default(),
                c.archived.to_string(),
                c.created_at.clone(),
            ]
        }),
    )?);

    let quotes = store.list_quotes(&QuoteFilter::default()).await?;
    files.push(write(
        dir,
        "quotes.csv",
        &[
            "number",
            "client_id",
            "client_name",
            "status",
            "currency",
            "total_minor",
            "valid_until",
            "updated_at",
        ],
        quotes.iter().map(|q| {
            vec![
                q.number.clone(),
                q.client_id.to_string(),
                q.client_name.clone(),
                enum_text(&q.status),
                q.currency.clone(),
                q.total_minor.to_string(),
                q.valid_until.clone().unwrap_or_default(),
                q.updated_at.clone(),
            ]
        }),
    )?);

    let invoices = store.list_invoices(&InvoiceFilter::default()).await?;
    files.push(write(
        dir,
        "invoices.csv",
        &[
            "number",
            "client_id",
            "client_name",
            "status",
            "currency",
            "total_minor",
            "issue_date",
            "due_date",
            "paid_on",
        ],
        invoices.iter().map(|i| {
            vec![
                i.number.clone().unwrap_or_default(),
                i.client_id.to_string(),
                i.client_name.clone(),
                enum_text(&i.status),
                i.currency.clone(),
                i.total_minor.to_string(),
                i.issue_date.clone(),
                i.due_date.clone(),
                i.paid_on.clone().unwrap_or_default(),
            ]
        }),
    )?);

    let meetings = store.meetings(&MeetingFilter::default()).await?;
    files.push(write(
        dir,
        "meetings.csv",
        &[
            "invitee_uri",
            "event_type_name",
            "name",
            "email",
            "start_time",
            "end_time",
            "status",
            "rescheduled",
            "no_show",
            "client_id",
            "quote_number",
            "invoice_number",
            "calendly_user",
        ],
        meetings.iter().map(|m| {
            vec![
                m.invitee_uri.clone(),
                m.event_type_name.clone().unwrap_or_default(),
                m.name.clone().unwrap_or_default(),
                m.email.clone().unwrap_or_default(),
                m.start_time.clone(),
                m.end_time.clone(),
                m.status.as_str().to_string(),
                m.rescheduled.to_string(),
                m.no_show.to_string(),
                m.client_id.map(|c| c.to_string()).unwrap_or_default(),
                m.quote_number.clone().unwrap_or_default(),
                m.invoice_number.clone().unwrap_or_default(),
                m.calendly_user.clone(),
            ]
        }),
    )?);
    Ok(files)
}

/// A status enum's wire name.
fn enum_text(value: &impl Serialize) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn write(
    dir: &Path,
    name: &str,
    header: &[&str],
    rows: impl Iterator<Item = Vec<String>>,
) -> Result<ExportedFile, CoreError> {
    let mut out = String::new();
    csv::write_row(&mut out, header);
    let mut count = 0;
    for row in rows {
        csv::write_row(&mut out, &row);
        count += 1;
    }
    let path = dir.join(name);
    std::fs::write(&path, out)?;
    Ok(ExportedFile { path, rows: count })
}
