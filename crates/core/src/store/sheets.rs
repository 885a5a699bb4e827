//! What a client receives: a quote or an invoice as a PDF sheet, and the e-mail that goes
//! with it, both from the stored document, the business profile and the document settings.

use quotla_documents as documents;

use super::Store;
use crate::currency;
use crate::dates::format_date;
use crate::error::{CoreError, Result};
use crate::model::{
    Client, Discount, DocumentKind, Id, InvoiceStatus, LineItem, MailDraft, PaperSize, QuoteStatus,
    Totals,
};

/// Longest locale tag accepted from the UI (BCP 47 tags are far shorter).
const MAX_LOCALE: usize = 35;

fn party(client: &Client) -> documents::Party {
    documents::Party {
        name: client.name.clone(),
        company: client.company.clone(),
        address: client.address.clone(),
        email: client.email.clone(),
        phone: client.phone.clone(),
        tax_number: client.tax_number.clone(),
    }
}

fn lines(items: &[LineItem]) -> Vec<documents::SheetLine> {
    items
        .iter()
        .map(|item| documents::SheetLine {
            description: item.description.clone(),
            quantity_milli: item.quantity_milli,
            unit_price: documents::Money {
                minor: item.unit_price_minor,
            },
            tax_rate_milli: item.tax_rate_milli,
            amount: documents::Money {
                minor: item.line_total_minor,
            },
        })
        .collect()
}

/// A locale tag the UI sent: letters, digits and dashes only, else `en-US`.
fn clean_locale(locale: &str) -> String {
    let ok = !locale.is_empty()
        && locale.len() <= MAX_LOCALE
        && locale
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-');
    if ok {
        locale.to_string()
    } else {
        "en-US".to_string()
    }
}

/// What a PDF is for: a draft quote that is being e-mailed is printed as it will be once
/// sent (dated today, no DRAFT mark); to print or save, a draft says it is one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Keep,
    Send,
}

/// The fields a quote and an invoice share on paper.
struct Content {
    kind: documents::Kind,
    number: Option<String>,
    mark: Option<documents::Mark>,
    client_id: Id,
    issue_date: String,
    end_date: Option<String>,
    currency: String,
    items: Vec<LineItem>,
    discount: Discount,
    totals: Totals,
    notes: Option<String>,
}

impl Store {
    async fn content(&self, kind: DocumentKind, id: Id, purpose: Purpose) -> Result<Content> {
        Ok(match kind {
            DocumentKind::Quote => {
                let q = self.get_quote(id).await?;
                let sending_draft = purpose == Purpose::Send && q.status == QuoteStatus::Draft;
                if sending_draft {
                    check_sendable(&q, &format_date(self.today()))?;
                }
                // The quote's date is the day it was sent; a draft's, the day it was written,
                // or today when it is being sent now.
                let issue_date = if sending_draft {
                    format_date(self.today())
                } else {
                    let stamp = q.sent_at.as_deref().unwrap_or(&q.created_at);
                    let at = stamp
                        .parse()
                        .map_err(|_| CoreError::invalid("the quote has an unreadable date"))?;
                    self.zone().date_of(at).to_string()
                };
                Content {
                    kind: documents::Kind::Quote,
                    number: Some(q.number),
                    mark: (q.status == QuoteStatus::Draft && !sending_draft)
                        .then_some(documents::Mark::Draft),
                    client_id: q.client_id,
                    issue_date,
                    end_date: q.valid_until,
                    currency: q.currency,
                    items: q.items,
                    discount: q.discount,
                    totals: q.totals,
                    notes: q.notes,
                }
            }
            DocumentKind::Invoice => {
                let i = self.get_invoice(id).await?;
                let mark = match i.status {
                    InvoiceStatus::Draft => Some(documents::Mark::Draft),
                    InvoiceStatus::Void => Some(documents::Mark::Void),
                    _ => None,
                };
                Content {
                    kind: documents::Kind::Invoice,
                    number: i.number,
                    mark,
                    client_id: i.client_id,
                    issue_date: i.issue_date,
                    end_date: Some(i.due_date),
                    currency: i.currency,
                    items: i.items,
                    discount: i.discount,
                    totals: i.totals,
                    notes: i.notes,
                }
            }
        })
    }

    /// Everything printed on the document, formatted later for `locale`.
    async fn sheet(
        &self,
        kind: DocumentKind,
        id: Id,
        locale: &str,
        purpose: Purpose,
    ) -> Result<documents::Sheet> {
        let c = self.content(kind, id, purpose).await?;
        let profile = self.business_profile().await?;
        let settings = self.document_settings().await?;
        let client = self.client(c.client_id).await?;
        let minor_units = currency::find(&c.currency).map_or(2, |cur| cur.minor_units);
        let discount = match c.discount {
            _ if c.totals.discount_minor == 0 => None,
            Discount::Percent { milli } => Some((
                documents::Money {
                    minor: c.totals.discount_minor,
                },
                Some(milli),
            )),
            _ => Some((
                documents::Money {
                    minor: c.totals.discount_minor,
                },
                None,
            )),
        };
        Ok(documents::Sheet {
            kind: c.kind,
            number: c.number,
            mark: c.mark,
            business: documents::Party {
                name: profile.name,
                company: None,
                address: profile.address,
                email: profile.email,
                phone: profile.phone,
                tax_number: profile.tax_number,
            },
            logo: self.business_logo().await?,
            client: party(&client),
            issue_date: c.issue_date,
            end_date: c.end_date,
            currency: c.currency,
            minor_units,
            lines: lines(&c.items),
            subtotal: documents::Money {
                minor: c.totals.subtotal_minor,
            },
            discount,
            taxes: c
                .totals
                .tax_breakdown
                .iter()
                .map(|t| documents::TaxLine {
                    rate_milli: t.tax_rate_milli,
                    taxable: documents::Money {
                        minor: t.taxable_minor,
                    },
                    tax: documents::Money { minor: t.tax_minor },
                })
                .collect(),
            total: documents::Money {
                minor: c.totals.total_minor,
            },
            notes: c.notes,
            payment_details: profile.payment_details,
            paper: match settings.paper_size {
                PaperSize::A4 => documents::Paper::A4,
                PaperSize::Letter => documents::Paper::Letter,
            },
            locale: clean_locale(locale),
        })
    }

    /// The document as a PDF, laid out for the user's `locale` (a BCP 47 tag).
    pub async fn document_pdf(
        &self,
        kind: DocumentKind,
        id: Id,
        locale: &str,
        purpose: Purpose,
    ) -> Result<Vec<u8>> {
        let sheet = self.sheet(kind, id, locale, purpose).await?;
        // Shaping and layout are CPU work: keep them off the async workers.
        let pdf = tokio::task::spawn_blocking(move || documents::render(&sheet))
            .await
            .map_err(|e| CoreError::InvalidState(format!("The PDF could not be made: {e}")))?;
        pdf.map_err(|e| CoreError::InvalidState(e.to_string()))
    }

    /// The file name the document's PDF is saved under: its number, or `Draft invoice 12`.
    pub async fn document_file_name(&self, kind: DocumentKind, id: Id) -> Result<String> {
        let c = self.content(kind, id, Purpose::Keep).await?;
        let stem = c.number.unwrap_or_else(|| format!("Draft invoice {id}"));
        // Prefixes may hold `/`: keep the name one path component.
        let safe: String = stem
            .chars()
            .map(|ch| {
                if matches!(ch, '/' | '\\' | ':') || ch.is_control() {
                    '-'
                } else {
                    ch
                }
            })
            .collect();
        Ok(format!("{safe}.pdf"))
    }

    /// The e-mail to send with the PDF, from the template in the document settings.
    pub async fn mail_draft(&self, kind: DocumentKind, id: Id, locale: &str) -> Result<MailDraft> {
        let c = self.content(kind, id, Purpose::Send).await?;
        let profile = self.business_profile().await?;
        let settings = self.document_settings().await?;
        let client = self.client(c.client_id).await?;
        let locale = clean_locale(locale);
        let minor_units = currency::find(&c.currency).map_or(2, |cur| cur.minor_units);
        let document = match kind {
            DocumentKind::Quote => "quote",
            DocumentKind::Invoice => "invoice",
        };
        let values = [
            ("{document}", document.to_string()),
            ("{number}", c.number.clone().unwrap_or_default()),
            ("{client}", client.name.clone()),
            ("{business}", profile.name.clone()),
            (
                "{total}",
                documents::format::money(c.totals.total_minor, &c.currency, minor_units, &locale),
            ),
            (
                "{due_date}",
                c.end_date
                    .as_deref()
                    .map(|d| documents::format::date(d, &locale))
                    .unwrap_or_default(),
            ),
        ];
        let fill = |template: &str| fill_template(template, &values);
        let subject = fill(&settings.email_subject);
        let subject = subject.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut subject_chars = subject.chars();
        let subject = match subject_chars.next() {
            Some(first) => first.to_uppercase().chain(subject_chars).collect(),
            None => subject,
        };
        Ok(MailDraft {
            to: client.email,
            subject,
            body: fill(&settings.email_body),
            file_name: self.document_file_name(kind, id).await?,
        })
    }
}

/// A draft quote may go out only as `send_quote` would let it: with lines, and not past its
/// valid-until date.
fn check_sendable(q: &crate::model::Quote, today: &str) -> Result<()> {
    if q.items.is_empty() {
        return Err(CoreError::field(
            "items",
            "Add at least one line before sending the quote.",
        ));
    }
    if q.valid_until.as_deref().is_some_and(|v| v < today) {
        return Err(CoreError::field(
            "valid_until",
            "This quote's valid-until date has passed; choose a later date before sending it.",
        ));
    }
    Ok(())
}

/// Replaces each `{name}` of `template` that `values` knows, in one pass: a value that itself
/// contains `{total}` (a client named so) stays as written.
fn fill_template(template: &str, values: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let candidate = &rest[start..];
        match values.iter().find(|(key, _)| candidate.starts_with(key)) {
            Some((key, value)) => {
                out.push_str(value);
                rest = &candidate[key.len()..];
            }
            None => {
                out.push('{');
                rest = &candidate[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_is_filled_once() {
        let values = [
            ("{client}", "Ann {total}".to_string()),
            ("{total}", "€5.00".to_string()),
        ];
        assert_eq!(
            fill_template("Hi {client}, {total} {unknown} {", &values),
            "Hi Ann {total}, €5.00 {unknown} {"
        );
        assert_eq!(fill_template("", &values), "");
        assert_eq!(fill_template("Ünïcode {total}✓", &values), "Ünïcode €5.00✓");
    }

    #[test]
    fn a_hostile_locale_falls_back_to_en_us() {
        assert_eq!(clean_locale("de-DE"), "de-DE");
        for bad in ["", "de_DE.UTF-8", "x\"y", &"a".repeat(36), "en-US\n"] {
            assert_eq!(clean_locale(bad), "en-US", "{bad:?}");
        }
    }
}
