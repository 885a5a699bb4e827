//! What a document says, before formatting: core fills a [`Sheet`] from its store.

use crate::logo::Logo;

/// Quote or invoice: decides the title and the labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Quote,
    Invoice,
}

/// A word printed across every page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Not yet sent or issued: the client should not take it as final.
    Draft,
    /// A voided invoice: kept for the record, no longer payable.
    Void,
}

/// Page size, from the document settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    A4,
    Letter,
}

impl Paper {
    /// Width and height in PostScript points.
    pub fn size(self) -> (f32, f32) {
        match self {
            Paper::A4 => (595.276, 841.89),
            Paper::Letter => (612.0, 792.0),
        }
    }
}

/// An amount in minor units of a currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Money {
    pub minor: i64,
}

/// The business or the client block.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Party {
    pub name: String,
    pub company: Option<String>,
    /// Several lines allowed.
    pub address: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// VAT or other tax number.
    pub tax_number: Option<String>,
}

/// One line item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetLine {
    pub description: String,
    pub quantity_milli: i64,
    pub unit_price: Money,
    pub tax_rate_milli: i64,
    /// Quantity × unit price, before discount and tax.
    pub amount: Money,
}

/// Tax collected at one rate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaxLine {
    pub rate_milli: i64,
    pub taxable: Money,
    pub tax: Money,
}

/// Everything printed on a quote or an invoice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    pub kind: Kind,
    /// `None` for a draft invoice, which has no number yet.
    pub number: Option<String>,
    pub mark: Option<Mark>,
    pub business: Party,
    pub logo: Option<Logo>,
    pub client: Party,
    /// `YYYY-MM-DD`: the quote's creation day or the invoice's issue date.
    pub issue_date: String,
    /// `YYYY-MM-DD`: a quote's valid-until or an invoice's due date.
    pub end_date: Option<String>,
    /// ISO 4217 code and its minor units.
    pub currency: String,
    pub minor_units: u8,
    pub lines: Vec<SheetLine>,
    pub subtotal: Money,
    /// The discount's amount, and its percentage when it is one (thousandths).
    pub discount: Option<(Money, Option<i64>)>,
    pub taxes: Vec<TaxLine>,
    pub total: Money,
    pub notes: Option<String>,
    /// Bank account, IBAN or free text; printed on invoices only.
    pub payment_details: Option<String>,
    pub paper: Paper,
    /// BCP 47 tag of the user's locale, e.g. `de-DE`.
    pub locale: String,
}
