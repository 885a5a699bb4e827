//! Places a sheet's content on pages: header, parties, the line table (its header repeated on
//! every page it continues on), totals, notes and payment details. Coordinates are points
//! from the page's top-left corner; `y` of a text is its baseline.

use crate::format;
use crate::sheet::{Kind, Paper, Party, Sheet};
use crate::text::{self, Line};

pub(crate) const MARGIN: f32 = 48.0;
/// Room kept free at the bottom of every page for the footer.
const FOOTER_ROOM: f32 = 34.0;
const BODY: f32 = 9.5;
const LEADING: f32 = 13.0;

/// Shades of grey, 0 = black.
pub(crate) type Grey = u8;
pub(crate) const INK: Grey = 25;
pub(crate) const MUTED: Grey = 110;

pub(crate) enum Op {
    Text {
        x: f32,
        y: f32,
        line: Line,
        size: f32,
        grey: Grey,
    },
    Fill {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        grey: Grey,
    },
    Rule {
        x1: f32,
        x2: f32,
        y: f32,
        grey: Grey,
    },
    Logo {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
}

/// How a piece of text is set.
#[derive(Clone, Copy)]
struct Style {
    size: f32,
    bold: bool,
    grey: Grey,
}

const fn style(size: f32, bold: bool, grey: Grey) -> Style {
    Style { size, bold, grey }
}

const TEXT: Style = style(BODY, false, INK);
const LABEL: Style = style(BODY, false, MUTED);

#[derive(Clone, Copy)]
enum Align {
    Left,
    Right,
}

/// Column edges of the line table.
struct Columns {
    description: (f32, f32),
    quantity: f32,
    price: f32,
    tax: f32,
    amount: f32,
}

pub(crate) struct Layout<'a> {
    sheet: &'a Sheet,
    pub(crate) width: f32,
    pub(crate) height: f32,
    pub(crate) pages: Vec<Vec<Op>>,
    y: f32,
    /// Set while the line table runs, so a page break repeats its header.
    in_table: bool,
}

fn money(sheet: &Sheet, minor: i64) -> String {
    format::money(minor, &sheet.currency, sheet.minor_units, &sheet.locale)
}

impl<'a> Layout<'a> {
    pub(crate) fn new(sheet: &'a Sheet) -> Self {
        let (width, height) = Paper::size(sheet.paper);
        Layout {
            sheet,
            width,
            height,
            pages: vec![Vec::new()],
            y: MARGIN,
            in_table: false,
        }
    }

    fn right(&self) -> f32 {
        self.width - MARGIN
    }

    fn bottom(&self) -> f32 {
        self.height - MARGIN - FOOTER_ROOM
    }

    fn push(&mut self, op: Op) {
        if let Some(page) = self.pages.last_mut() {
            page.push(op);
        }
    }

    /// Makes room for `height` points, starting a new page when the current one is full.
    fn room(&mut self, height: f32) {
        if self.y + height > self.bottom() && self.y > MARGIN {
            self.pages.push(Vec::new());
            self.y = MARGIN;
            if self.in_table {
                self.table_header();
            }
        }
    }

    /// One line of text with its baseline at `y`; right-to-left text in a left-aligned
    /// block is aligned to the right edge of `(left, right)` instead.
    fn line_at(
        &mut self,
        text: &str,
        (left, right): (f32, f32),
        y: f32,
        style: Style,
        align: Align,
    ) {
        let Style { size, bold, grey } = style;
        let line = text::shape_line(text, bold);
        let width = line.width(size);
        let x = match align {
            Align::Right => right - width,
            Align::Left if line.rtl => right - width,
            Align::Left => left,
        };
        self.push(Op::Text {
            x,
            y,
            line,
            size,
            grey,
        });
    }

    /// Wrapped text flowing down from the cursor, breaking pages between lines.
    fn paragraph(&mut self, text: &str, (left, right): (f32, f32), style: Style) {
        for line in text::wrap(text, style.size, style.bold, right - left) {
            self.room(LEADING);
            self.y += LEADING;
            self.line_at(&line, (left, right), self.y - 3.0, style, Align::Left);
        }
    }

    pub(crate) fn run(mut self, logo_aspect: Option<f32>) -> Vec<Vec<Op>> {
        self.header(logo_aspect);
        self.client();
        self.table();
        self.totals();
        let sheet = self.sheet;
        if let Some(notes) = sheet.notes.as_deref().filter(|n| !n.trim().is_empty()) {
            self.section("Notes", notes);
        }
        if sheet.kind == Kind::Invoice {
            if let Some(details) = sheet
                .payment_details
                .as_deref()
                .filter(|d| !d.trim().is_empty())
            {
                self.section("Payment details", details);
            }
        }
        self.pages
    }

    fn header(&mut self, logo_aspect: Option<f32>) {
        let sheet = self.sheet;
        let half = self.width / 2.0;
        let top = self.y;
        // Right: title, number and dates.
        let right = self.right();
        let title = match sheet.kind {
            Kind::Quote => "Quote",
            Kind::Invoice => "Invoice",
        };
        let mut y = top + 22.0;
        self.line_at(
            title,
            (half, right),
            y,
            style(24.0, true, INK),
            Align::Right,
        );
        y += 18.0;
        let number = sheet
            .number
            .clone()
            .unwrap_or_else(|| "Draft: not yet issued".to_string());
        self.line_at(
            &number,
            (half, right),
            y,
            style(11.0, true, INK),
            Align::Right,
        );
        let (issue_label, end_label) = match sheet.kind {
            Kind::Quote => ("Date", "Valid until"),
            Kind::Invoice => ("Issue date", "Due date"),
        };
        let mut dates = vec![(issue_label, format::date(&sheet.issue_date, &sheet.locale))];
        if let Some(end) = &sheet.end_date {
            dates.push((end_label, format::date(end, &sheet.locale)));
        }
        for (label, value) in dates {
            y += LEADING + 2.0;
            let value_width = text::width(&value, BODY, false);
            self.line_at(
                label,
                (half, right - value_width - 10.0),
                y,
                LABEL,
                Align::Right,
            );
            self.line_at(&value, (half, right), y, TEXT, Align::Right);
        }
        // Left, after the right so a page break in a long address cannot move the title:
        // the logo, then the business.
        if let Some(aspect) = logo_aspect {
            let h = 52.0_f32.min(180.0 / aspect);
            let w = h * aspect;
            self.push(Op::Logo {
                x: MARGIN,
                y: top,
                w,
                h,
            });
            self.y = top + h + 8.0;
        }
        self.party(&sheet.business, (MARGIN, half - 12.0));
        self.y = self.y.max(y + 4.0) + 22.0;
    }

    /// A party's block: name in bold, then company, address, e-mail, phone and tax number.
    fn party(&mut self, party: &Party, columns: (f32, f32)) {
        self.paragraph(&party.name, columns, style(11.0, true, INK));
        let tax = party
            .tax_number
            .as_ref()
            .map(|t| format!("VAT / Tax no. {t}"));
        let rest = [
            party.company.as_ref(),
            party.address.as_ref(),
            party.email.as_ref(),
            party.phone.as_ref(),
            tax.as_ref(),
        ];
        for value in rest.into_iter().flatten().filter(|v| !v.trim().is_empty()) {
            self.paragraph(value, columns, TEXT);
        }
    }

    fn client(&mut self) {
        let sheet = self.sheet;
        let label = match sheet.kind {
            Kind::Quote => "PREPARED FOR",
            Kind::Invoice => "BILL TO",
        };
        let columns = (MARGIN, self.width / 2.0 - 12.0);
        self.paragraph(label, columns, style(8.0, true, MUTED));
        self.party(&sheet.client, columns);
        self.y += 18.0;
    }

    fn columns(&self) -> Columns {
        let amount = self.right();
        let tax = amount - 92.0;
        let price = tax - 50.0;
        let quantity = price - 84.0;
        Columns {
            description: (MARGIN + 6.0, quantity - 50.0),
            quantity,
            price,
            tax,
            amount: amount - 6.0,
        }
    }

    fn table_header(&mut self) {
        let c = self.columns();
        let y = self.y;
        self.push(Op::Fill {
            x: MARGIN,
            y,
            w: self.right() - MARGIN,
            h: 20.0,
            grey: 236,
        });
        let baseline = y + 13.5;
        self.line_at(
            "Description",
            c.description,
            baseline,
            style(8.5, true, MUTED),
            Align::Left,
        );
        for (label, edge) in [
            ("Qty", c.quantity),
            ("Unit price", c.price),
            ("Tax", c.tax),
            ("Amount", c.amount),
        ] {
            self.line_at(
                label,
                (MARGIN, edge),
                baseline,
                style(8.5, true, MUTED),
                Align::Right,
            );
        }
        self.y += 24.0;
    }

    fn table(&mut self) {
        let sheet = self.sheet;
        self.room(24.0 + LEADING * 2.0);
        self.table_header();
        self.in_table = true;
        for item in &sheet.lines {
            let c = self.columns();
            let numbers = [
                (
                    format::quantity(item.quantity_milli, &sheet.locale),
                    c.quantity,
                ),
                (money(sheet, item.unit_price.minor), c.price),
                (format::percent(item.tax_rate_milli, &sheet.locale), c.tax),
                (money(sheet, item.amount.minor), c.amount),
            ];
            let width = c.description.1 - c.description.0;
            let lines = text::wrap(&item.description, BODY, false, width);
            for (i, line) in lines.iter().enumerate() {
                // The first line keeps room for the rule below a one-line row.
                self.room(if i == 0 { LEADING + 8.0 } else { LEADING });
                self.y += LEADING;
                let baseline = self.y - 3.0;
                self.line_at(line, c.description, baseline, TEXT, Align::Left);
                if i == 0 {
                    for (value, edge) in &numbers {
                        self.line_at(value, (MARGIN, *edge), baseline, TEXT, Align::Right);
                    }
                }
            }
            self.y += 5.0;
            self.push(Op::Rule {
                x1: MARGIN,
                x2: self.right(),
                y: self.y,
                grey: 220,
            });
            self.y += 3.0;
        }
        self.in_table = false;
    }

    fn totals(&mut self) {
        let sheet = self.sheet;
        let mut rows = vec![("Subtotal".to_string(), money(sheet, sheet.subtotal.minor))];
        if let Some((amount, percent)) = &sheet.discount {
            let label = match percent {
                Some(p) => format!("Discount ({})", format::percent(*p, &sheet.locale)),
                None => "Discount".to_string(),
            };
            rows.push((label, money(sheet, -amount.minor)));
        }
        for tax in &sheet.taxes {
            rows.push((
                format!(
                    "Tax {} on {}",
                    format::percent(tax.rate_milli, &sheet.locale),
                    money(sheet, tax.taxable.minor)
                ),
                money(sheet, tax.tax.minor),
            ));
        }
        let height = (rows.len() as f32 + 2.0) * (LEADING + 2.0) + 12.0;
        self.room(height);
        self.y += 8.0;
        let right = self.right() - 6.0;
        let left = self.right() - 260.0;
        for (label, value) in rows {
            self.y += LEADING + 2.0;
            self.line_at(&label, (left, right), self.y, LABEL, Align::Left);
            self.line_at(&value, (left, right), self.y, TEXT, Align::Right);
        }
        self.y += 8.0;
        self.push(Op::Rule {
            x1: left,
            x2: self.right(),
            y: self.y,
            grey: 60,
        });
        self.y += 17.0;
        let total_label = format!("Total ({})", sheet.currency);
        self.line_at(
            &total_label,
            (left, right),
            self.y,
            style(12.0, true, INK),
            Align::Left,
        );
        let total = money(sheet, sheet.total.minor);
        self.line_at(
            &total,
            (left, right),
            self.y,
            style(12.0, true, INK),
            Align::Right,
        );
        self.y += 20.0;
    }

    fn section(&mut self, title: &str, body: &str) {
        self.room(LEADING * 3.0);
        self.y += 8.0;
        let columns = (MARGIN, self.right());
        self.paragraph(title, columns, style(10.0, true, INK));
        self.paragraph(body, columns, TEXT);
    }
}
