//! What a client receives: a quote or an invoice as a PDF sheet, and the e-mail that goes
//! with it, both from the stored document, the business profile and the document settings.

use quotla_documents as documents;

use super::quotes::check_sendable;
use super::Store;
use crate::currency;
use crate::dates::format_date;
use crate::error::{CoreError, Result};
use crate::model::{
    BusinessProfile, Client, Discount, DocumentKind, DocumentSettings, Id, InvoiceStatus, LineItem,
    MailDraft, PaperSize, QuoteStatus, Totals,
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
                    check_sendable(
                        &q.items,
                        q.valid_until.as_deref(),
                        &format_date(self.today()),
                    )?;
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

    /// Everything a document's PDF and e-mail are made from, read once.
    async fn source(&self, kind: DocumentKind, id: Id, purpose: Purpose) -> Result<Source> {
        let content = self.content(kind, id, purpose).await?;
        Ok(Source {
            kind,
            id,
            profile: self.business_profile().await?,
            settings: self.document_settings().await?,
            client: self.client(content.client_id).await?,
            content,
        })
    }

    /// Lays out and writes the PDF of `source`; the CPU work runs off the async workers.
    async fn render(&self, source: &Source, locale: &str) -> Result<Pdf> {
        let sheet = source.sheet(self.business_logo().await?, locale);
        let bytes = tokio::task::spawn_blocking(move || documents::render(&sheet))
            .await
            .map_err(|e| CoreError::InvalidState(format!("The PDF could not be made: {e}")))?
            .map_err(|e| CoreError::InvalidState(e.to_string()))?;
        Ok(Pdf {
            file_name: source.file_name(),
            bytes,
        })
    }

    /// The document as a PDF, laid out for the user's `locale` (a BCP 47 tag).
    pub async fn document_pdf(
        &self,
        kind: DocumentKind,
        id: Id,
        locale: &str,
        purpose: Purpose,
    ) -> Result<Pdf> {
        let source = self.source(kind, id, purpose).await?;
        self.render(&source, locale).await
    }

    /// The file name the document's PDF is saved under: its number, or `Draft invoice 12`.
    pub async fn document_file_name(&self, kind: DocumentKind, id: Id) -> Result<String> {
        let content = self.content(kind, id, Purpose::Keep).await?;
        Ok(file_name(content.number.as_deref(), id))
    }

    /// The e-mail to send with the PDF, from the template in the document settings.
    pub async fn mail_draft(&self, kind: DocumentKind, id: Id, locale: &str) -> Result<MailDraft> {
        let source = self.source(kind, id, Purpose::Send).await?;
        Ok(source.mail(locale))
    }

    /// The e-mail and the PDF to attach to it, from one reading of the document.
    pub async fn mail_with_pdf(
        &self,
        kind: DocumentKind,
        id: Id,
        locale: &str,
    ) -> Result<(MailDraft, Pdf)> {
        let source = self.source(kind, id, Purpose::Send).await?;
        let pdf = self.render(&source, locale).await?;
        Ok((source.mail(locale), pdf))
    }
}

/// A rendered document and the name to save it under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pdf {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// What [`Store::source`] read.
struct Source {
    kind: DocumentKind,
    id: Id,
    content: Content,
    profile: BusinessProfile,
    settings: DocumentSettings,
    client: Client,
}

impl Source {
    fn file_name(&self) -> String {
        file_name(self.content.number.as_deref(), self.id)
    }

    /// Everything printed on the document, formatted later for `locale`.
    fn sheet(&self, logo: Option<documents::Logo>, locale: &str) -> documents::Sheet {
        let c = &self.content;
        let profile = &self.profile;
        let money = |minor| documents::Money { minor };
        let discount = match c.discount {
            _ if c.totals.discount_minor == 0 => None,
            Discount::Percent { milli } => Some((money(c.totals.discount_minor), Some(milli))),
            _ => Some((money(c.totals.discount_minor), None)),
        };
        documents::Sheet {
            kind: c.kind,
            number: c.number.clone(),
            mark: c.mark,
            business: documents::Party {
                name: profile.name.clone(),
                company: None,
                address: profile.address.clone(),
                email: profile.email.clone(),
                phone: profile.phone.clone(),
                tax_number: profile.tax_number.clone(),
            },
            logo,
            client: party(&self.client),
            issue_date: c.issue_date.clone(),
            end_date: c.end_date.clone(),
            currency: c.currency.clone(),
            minor_units: minor_units(&c.currency),
            lines: lines(&c.items),
            subtotal: money(c.totals.subtotal_minor),
            discount,
            taxes: c
                .totals
                .tax_breakdown
                .iter()
                .map(|t| documents::TaxLine {
                    rate_milli: t.tax_rate_milli,
                    taxable: money(t.taxable_minor),
                    tax: money(t.tax_minor),
                })
                .collect(),
            total: money(c.totals.total_minor),
            notes: c.notes.clone(),
            payment_details: profile.payment_details.clone(),
            paper: match self.settings.paper_size {
                PaperSize::A4 => documents::Paper::A4,
                PaperSize::Letter => documents::Paper::Letter,
            },
            locale: clean_locale(locale),
        }
    }

    /// The e-mail from the template in the document settings.
    fn mail(&self, locale: &str) -> MailDraft {
        let c = &self.content;
        let locale = clean_locale(locale);
        let document = match self.kind {
            DocumentKind::Quote => "quote",
            DocumentKind::Invoice => "invoice",
        };
        let values = [
            ("{document}", document.to_string()),
            ("{number}", c.number.clone().unwrap_or_default()),
            ("{client}", self.client.name.clone()),
            ("{business}", self.profile.name.clone()),
            (
                "{total}",
                documents::format::money(
                    c.totals.total_minor,
                    &c.currency,
                    minor_units(&c.currency),
                    &locale,
                ),
            ),
            (
                "{due_date}",
                c.end_date
                    .as_deref()
                    .map(|d| documents::format::date(d, &locale))
                    .unwrap_or_default(),
            ),
        ];
        let subject = fill_template(&self.settings.email_subject, &values);
        let subject = subject.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut subject_chars = subject.chars();
        let subject = match subject_chars.next() {
            Some(first) => first.to_uppercase().chain(subject_chars).collect(),
            None => subject,
        };
        MailDraft {
            to: self.client.email.clone(),
            subject,
            body: fill_template(&self.settings.email_body, &values),
        }
    }
}

fn minor_units(currency: &str) -> u8 {
    currency::find(currency).map_or(2, |cur| cur.minor_units)
}

/// A document's PDF file name: its number, or `Draft invoice 12`, with the characters some
/// systems refuse in file names (a prefix may hold `/` or `?`) replaced.
fn file_name(number: Option<&str>, id: Id) -> String {
    let stem = number.map_or_else(|| format!("Draft invoice {id}"), str::to_string);
    let safe: String = stem
        .chars()
        .map(|ch| {
            let refused = matches!(ch, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|');
            if refused || ch.is_control() {
                '-'
            } else {
                ch
            }
        })
        .collect();
    format!("{safe}.pdf")
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
    fn a_file_name_is_one_path_component_every_system_accepts() {
        assert_eq!(file_name(Some("QUO-0001"), 1), "QUO-0001.pdf");
        assert_eq!(file_name(None, 12), "Draft invoice 12.pdf");
        assert_eq!(
            file_name(Some("2025/A:B*?\"<>|\\\n"), 1),
            "2025-A-B--------.pdf"
        );
    }

    #[test]
    fn a_hostile_locale_falls_back_to_en_us() {
        assert_eq!(clean_locale("de-DE"), "de-DE");
        for bad in ["", "de_DE.UTF-8", "x\"y", &"a".repeat(36), "en-US\n"] {
            assert_eq!(clean_locale(bad), "en-US", "{bad:?}");
        }
    }
}
