//! What quotes and invoices share: validated editor input, line items, discounts, versions.

use sqlx::SqliteConnection;

use crate::currency;
use crate::error::{CoreError, Result};
use crate::model::{Discount, Id, LineItem, LineItemInput, Totals};
use crate::totals;
use crate::validate::{self, MAX_NOTES};

/// Which document table a helper works on.
#[derive(Clone, Copy)]
pub(crate) enum Kind {
    Quote,
    Invoice,
}

impl Kind {
    fn items_table(self) -> &'static str {
        match self {
            Kind::Quote => "quote_items",
            Kind::Invoice => "invoice_items",
        }
    }

    fn owner_column(self) -> &'static str {
        match self {
            Kind::Quote => "quote_id",
            Kind::Invoice => "invoice_id",
        }
    }

    fn table(self) -> &'static str {
        match self {
            Kind::Quote => "quotes",
            Kind::Invoice => "invoices",
        }
    }

    pub(crate) fn entity(self) -> &'static str {
        match self {
            Kind::Quote => "quote",
            Kind::Invoice => "invoice",
        }
    }
}

/// The editor fields common to quotes and invoices, checked and with totals computed.
pub(crate) struct Body {
    pub currency: String,
    pub items: Vec<LineItemInput>,
    pub discount: Discount,
    pub notes: Option<String>,
    pub totals: Totals,
}

impl Body {
    pub(crate) fn validate(
        currency: &str,
        items: &[LineItemInput],
        discount: &Discount,
        notes: Option<&str>,
    ) -> Result<Body> {
        let currency = currency::validate("currency", currency)?;
        let totals = totals::compute_lines(items, discount)?;
        let notes = validate::optional_text("notes", notes, MAX_NOTES, true)?;
        let items = items
            .iter()
            .map(|it| LineItemInput {
                description: it.description.trim().to_owned(),
                ..it.clone()
            })
            .collect();
        Ok(Body {
            currency,
            items,
            discount: *discount,
            notes,
            totals,
        })
    }
}

/// The stored form of a discount: (kind, value).
/// A stored line as editor input again (duplicating a document).
pub(crate) fn line_input(item: &LineItem) -> LineItemInput {
    LineItemInput {
        description: item.description.clone(),
        quantity_milli: item.quantity_milli,
        unit_price_minor: item.unit_price_minor,
        tax_rate_milli: item.tax_rate_milli,
    }
}

pub(crate) fn discount_columns(discount: &Discount) -> (&'static str, i64) {
    match *discount {
        Discount::None => ("none", 0),
        Discount::Percent { milli } => ("percent", milli),
        Discount::Amount { minor } => ("amount", minor),
    }
}

/// Reads a stored discount back.
pub(crate) fn discount_from_columns(kind: &str, value: i64) -> Discount {
    match kind {
        "percent" => Discount::Percent { milli: value },
        "amount" => Discount::Amount { minor: value },
        _ => Discount::None,
    }
}

/// Replaces a document's lines with `body`'s.
pub(crate) async fn write_items(
    conn: &mut SqliteConnection,
    kind: Kind,
    id: Id,
    body: &Body,
) -> Result<()> {
    sqlx::query(&format!(
        "DELETE FROM {} WHERE {} = ?",
        kind.items_table(),
        kind.owner_column()
    ))
    .bind(id)
    .execute(&mut *conn)
    .await?;
    let insert = format!(
        "INSERT INTO {} ({}, position, description, quantity_milli, unit_price_minor, tax_rate_milli, line_total_minor)
         VALUES (?, ?, ?, ?, ?, ?, ?)",
        kind.items_table(),
        kind.owner_column()
    );
    for (position, (item, line_total)) in body.items.iter().zip(&body.totals.lines).enumerate() {
        sqlx::query(&insert)
            .bind(id)
            .bind(position as i64)
            .bind(&item.description)
            .bind(item.quantity_milli)
            .bind(item.unit_price_minor)
            .bind(item.tax_rate_milli)
            .bind(line_total)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

#[derive(sqlx::FromRow)]
struct ItemRow {
    description: String,
    quantity_milli: i64,
    unit_price_minor: i64,
    tax_rate_milli: i64,
    line_total_minor: i64,
}

/// A document's lines in order.
pub(crate) async fn read_items(
    conn: &mut SqliteConnection,
    kind: Kind,
    id: Id,
) -> Result<Vec<LineItem>> {
    let rows: Vec<ItemRow> = sqlx::query_as(&format!(
        "SELECT description, quantity_milli, unit_price_minor, tax_rate_milli, line_total_minor
         FROM {} WHERE {} = ? ORDER BY position",
        kind.items_table(),
        kind.owner_column()
    ))
    .bind(id)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| LineItem {
            description: r.description,
            quantity_milli: r.quantity_milli,
            unit_price_minor: r.unit_price_minor,
            tax_rate_milli: r.tax_rate_milli,
            line_total_minor: r.line_total_minor,
        })
        .collect())
}

/// Recomputes the totals of stored lines (the breakdown is not stored).
pub(crate) fn totals_of(items: &[LineItem], discount: &Discount) -> Result<Totals> {
    let inputs: Vec<LineItemInput> = items
        .iter()
        .map(|it| LineItemInput {
            description: it.description.clone(),
            quantity_milli: it.quantity_milli,
            unit_price_minor: it.unit_price_minor,
            tax_rate_milli: it.tax_rate_milli,
        })
        .collect();
    totals::compute_lines(&inputs, discount)
}

/// Fails with `conflict` unless the stored version is the one the caller read.
pub(crate) fn check_version(kind: Kind, stored: i64, expected: i64) -> Result<()> {
    if stored == expected {
        Ok(())
    } else {
        Err(CoreError::Conflict {
            entity: kind.entity(),
        })
    }
}

/// Checks that the client exists and can receive new documents; returns nothing on success.
pub(crate) async fn check_client_open(conn: &mut SqliteConnection, client_id: Id) -> Result<()> {
    let archived: Option<bool> = sqlx::query_scalar("SELECT archived FROM clients WHERE id = ?")
        .bind(client_id)
        .fetch_optional(conn)
        .await?;
    match archived {
        None => Err(CoreError::field("client_id", "choose an existing client")),
        Some(true) => Err(CoreError::field(
            "client_id",
            "this client is archived; restore the client before writing new documents",
        )),
        Some(false) => Ok(()),
    }
}

/// Takes the next number of `kind` on the caller's (immediate) transaction: the prefix from
/// the document settings and the counter, at least four digits (`QUO-0001`).
pub(crate) async fn next_number(conn: &mut SqliteConnection, kind: Kind) -> Result<String> {
    let (counter, prefix_column) = match kind {
        Kind::Quote => ("quote", "quote_prefix"),
        Kind::Invoice => ("invoice", "invoice_prefix"),
    };
    let prefix: String = sqlx::query_scalar(&format!(
        "SELECT {prefix_column} FROM document_settings WHERE id = 1"
    ))
    .fetch_one(&mut *conn)
    .await?;
    let value: i64 = sqlx::query_scalar(
        "UPDATE counters SET next_value = next_value + 1 WHERE name = ? RETURNING next_value - 1",
    )
    .bind(counter)
    .fetch_one(&mut *conn)
    .await?;
    let number = format!("{prefix}{value:04}");
    // A changed prefix and a raised counter can, rarely, spell a number already used.
    let taken: bool = sqlx::query_scalar(&format!(
        "SELECT EXISTS (SELECT 1 FROM {} WHERE number = ?)",
        kind.table()
    ))
    .bind(&number)
    .fetch_one(&mut *conn)
    .await?;
    if taken {
        return Err(CoreError::InvalidState(format!(
            "The number {number} is already used. Change the prefix or the next number in Settings → Documents."
        )));
    }
    Ok(number)
}

/// Sending or issuing needs at least one line.
pub(crate) fn require_items(items: &[LineItem], what: &str) -> Result<()> {
    if items.is_empty() {
        Err(CoreError::field(
            "items",
            format!("add at least one line before {what}"),
        ))
    } else {
        Ok(())
    }
}
