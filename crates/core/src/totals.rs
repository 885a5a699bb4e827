//! Document totals: the only place Quotla does money arithmetic.
//!
//! All amounts are integers in minor units of the document currency (cents for EUR, yen for
//! JPY). Intermediates are `i128`, every result is range-checked, so absurd input is a
//! validation error and never an overflow or a panic.
//!
//! # The rounding rule
//!
//! "Round" below always means *half away from zero* to a whole minor unit.
//!
//! 1. Line amount = round(quantity_milli × unit_price_minor / 1000).
//! 2. Subtotal = sum of line amounts.
//! 3. Discount (applied before tax): `percent` = round(subtotal × milli / 100 000);
//!    `amount` = the given minor units, which may not exceed the subtotal.
//! 4. The discount is allocated across the lines in proportion to their amounts with the
//!    largest-remainder method (floor every share, then hand the leftover units one by one to
//!    the lines with the largest remainders, earlier lines first on ties), so the parts add up
//!    to the discount exactly.
//! 5. Tax per line = round((line amount − its discount share) × tax_rate_milli / 100 000).
//!    Tax = sum of line taxes; the breakdown per rate sums the same per-line figures, so it
//!    adds up to the tax exactly.
//! 6. Total = subtotal − discount + tax.

use crate::currency;
use crate::error::{CoreError, Result};
use crate::model::{Discount, LineItemInput, TaxBreakdown, Totals, TotalsInput};

/// Most lines a document may have.
pub const MAX_LINES: usize = 200;
/// Largest quantity: 1,000,000 units, in thousandths.
pub const MAX_QUANTITY_MILLI: i64 = 1_000_000_000;
/// Largest unit price in minor units.
pub const MAX_UNIT_PRICE_MINOR: i64 = 100_000_000_000;
/// 100 % in thousandths of a percent.
pub const MAX_RATE_MILLI: i64 = 100_000;
/// Longest line description in characters.
pub const MAX_DESCRIPTION_CHARS: usize = 1_000;

/// Divides and rounds half away from zero; `den` must be positive.
fn div_round(num: i128, den: i128) -> i128 {
    let q = num / den;
    let r = num % den;
    if 2 * r.abs() >= den {
        q + num.signum()
    } else {
        q
    }
}

fn to_i64(value: i128, field: &str) -> Result<i64> {
    i64::try_from(value)
        .map_err(|_| CoreError::field(field, "the amounts are too large for Quotla to handle"))
}

/// Checks one line's numbers and text; `index` names it in errors (`items[1].quantity_milli`).
pub(crate) fn validate_line(index: usize, item: &LineItemInput) -> Result<()> {
    let field = |name: &str| format!("items[{index}].{name}");
    let description = item.description.trim();
    if description.is_empty() {
        return Err(CoreError::field(
            field("description"),
            "describe what this line is for",
        ));
    }
    if description.chars().count() > MAX_DESCRIPTION_CHARS {
        return Err(CoreError::field(
            field("description"),
            format!("a description may have at most {MAX_DESCRIPTION_CHARS} characters"),
        ));
    }
    if item.quantity_milli <= 0 {
        return Err(CoreError::field(
            field("quantity_milli"),
            "the quantity must be more than zero",
        ));
    }
    if item.quantity_milli > MAX_QUANTITY_MILLI {
        return Err(CoreError::field(
            field("quantity_milli"),
            "the quantity may be at most 1,000,000",
        ));
    }
    if item.unit_price_minor < 0 {
        return Err(CoreError::field(
            field("unit_price_minor"),
            "the unit price cannot be negative",
        ));
    }
    if item.unit_price_minor > MAX_UNIT_PRICE_MINOR {
        return Err(CoreError::field(
            field("unit_price_minor"),
            "the unit price is too large",
        ));
    }
    if !(0..=MAX_RATE_MILLI).contains(&item.tax_rate_milli) {
        return Err(CoreError::field(
            field("tax_rate_milli"),
            "the tax rate must be between 0 % and 100 %",
        ));
    }
    Ok(())
}

/// Checks the discount's own range (the amount-versus-subtotal check happens in `compute`).
pub(crate) fn validate_discount(discount: &Discount) -> Result<()> {
    match *discount {
        Discount::None => Ok(()),
        Discount::Percent { milli } if (0..=MAX_RATE_MILLI).contains(&milli) => Ok(()),
        Discount::Percent { .. } => Err(CoreError::field(
            "discount",
            "a percentage discount must be between 0 % and 100 %",
        )),
        Discount::Amount { minor } if minor >= 0 => Ok(()),
        Discount::Amount { .. } => Err(CoreError::field(
            "discount",
            "a discount cannot be negative",
        )),
    }
}

/// Validates the lines and discount and computes the totals (see the module doc).
pub fn compute_lines(items: &[LineItemInput], discount: &Discount) -> Result<Totals> {
    if items.len() > MAX_LINES {
        return Err(CoreError::field(
            "items",
            format!("a document may have at most {MAX_LINES} lines"),
        ));
    }
    for (i, item) in items.iter().enumerate() {
        validate_line(i, item)?;
    }
    validate_discount(discount)?;

    let lines: Vec<i128> = items
        .iter()
        .map(|it| {
            div_round(
                i128::from(it.quantity_milli) * i128::from(it.unit_price_minor),
                1000,
            )
        })
        .collect();
    let subtotal: i128 = lines.iter().sum();

    let discount_total: i128 = match *discount {
        Discount::None => 0,
        Discount::Percent { milli } => div_round(subtotal * i128::from(milli), 100_000),
        Discount::Amount { minor } => {
            let minor = i128::from(minor);
            if minor > subtotal {
                return Err(CoreError::field(
                    "discount",
                    "the discount cannot be larger than the subtotal",
                ));
            }
            minor
        }
    };

    let shares = allocate(discount_total, &lines);
    let mut breakdown: Vec<TaxBreakdown> = Vec::new();
    let mut tax_total: i128 = 0;
    let mut by_rate: std::collections::BTreeMap<i64, (i128, i128)> = Default::default();
    for ((item, line), share) in items.iter().zip(&lines).zip(&shares) {
        let taxable = line - share;
        let tax = div_round(taxable * i128::from(item.tax_rate_milli), 100_000);
        tax_total += tax;
        let entry = by_rate.entry(item.tax_rate_milli).or_default();
        entry.0 += taxable;
        entry.1 += tax;
    }
    for (rate, (taxable, tax)) in by_rate {
        breakdown.push(TaxBreakdown {
            tax_rate_milli: rate,
            taxable_minor: to_i64(taxable, "items")?,
            tax_minor: to_i64(tax, "items")?,
        });
    }

    Ok(Totals {
        subtotal_minor: to_i64(subtotal, "items")?,
        discount_minor: to_i64(discount_total, "discount")?,
        tax_minor: to_i64(tax_total, "items")?,
        total_minor: to_i64(subtotal - discount_total + tax_total, "items")?,
        lines: lines
            .iter()
            .map(|&l| to_i64(l, "items"))
            .collect::<Result<_>>()?,
        tax_breakdown: breakdown,
    })
}

/// `compute_lines` plus the currency check: what the editor's live totals call.
pub fn compute(input: &TotalsInput) -> Result<Totals> {
    currency::validate("currency", &input.currency)?;
    compute_lines(&input.items, &input.discount)
}

/// Splits `total` across `weights` proportionally; the parts sum to `total` exactly.
fn allocate(total: i128, weights: &[i128]) -> Vec<i128> {
    let sum: i128 = weights.iter().sum();
    if total == 0 || sum == 0 {
        return vec![0; weights.len()];
    }
    let mut parts: Vec<i128> = weights.iter().map(|w| total * w / sum).collect();
    let mut leftover = total - parts.iter().sum::<i128>();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    // Largest remainder first; the stable sort keeps earlier lines first on ties.
    order.sort_by_key(|&i| std::cmp::Reverse(total * weights[i] % sum));
    for i in order {
        if leftover == 0 {
            break;
        }
        parts[i] += 1;
        leftover -= 1;
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(quantity_milli: i64, unit_price_minor: i64, tax_rate_milli: i64) -> LineItemInput {
        LineItemInput {
            description: "Work".into(),
            quantity_milli,
            unit_price_minor,
            tax_rate_milli,
        }
    }

    fn field_of(err: CoreError) -> String {
        match err {
            CoreError::Validation { field: Some(f), .. } => f,
            other => panic!("expected a field validation error, got {other:?}"),
        }
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        assert_eq!(div_round(5, 10), 1);
        assert_eq!(div_round(4, 10), 0);
        assert_eq!(div_round(15, 10), 2);
        assert_eq!(div_round(-5, 10), -1);
        assert_eq!(div_round(-4, 10), 0);
    }

    #[test]
    fn simple_invoice_adds_up() {
        // 2 h at 50.00 with 20 % VAT, 1.5 units at 9.99 with 20 %.
        let t = compute_lines(
            &[line(2000, 5000, 20000), line(1500, 999, 20000)],
            &Discount::None,
        )
        .unwrap();
        assert_eq!(t.lines, vec![10000, 1499]); // 1.5 × 999 = 1498.5 → 1499
        assert_eq!(t.subtotal_minor, 11499);
        assert_eq!(t.discount_minor, 0);
        // 2000.0 + 299.8 → 2000 + 300
        assert_eq!(t.tax_minor, 2300);
        assert_eq!(t.total_minor, 13799);
        assert_eq!(t.tax_breakdown.len(), 1);
        assert_eq!(t.tax_breakdown[0].taxable_minor, 11499);
        assert_eq!(t.tax_breakdown[0].tax_minor, 2300);
    }

    #[test]
    fn fractional_rates_like_new_york_sales_tax() {
        // 8.875 % of 1.00 = 8.875 cents → 9
        let t = compute_lines(&[line(1000, 100, 8875)], &Discount::None).unwrap();
        assert_eq!(t.tax_minor, 9);
        assert_eq!(t.total_minor, 109);
    }

    #[test]
    fn percent_discount_is_applied_before_tax_and_allocated_exactly() {
        let items = [
            line(1000, 1000, 20000),
            line(1000, 1000, 10000),
            line(1000, 1000, 0),
        ];
        // 10 % of 3000 = 300, split 100/100/100.
        let t = compute_lines(&items, &Discount::Percent { milli: 10000 }).unwrap();
        assert_eq!(t.discount_minor, 300);
        assert_eq!(t.tax_minor, 180 + 90);
        assert_eq!(t.total_minor, 3000 - 300 + 270);
        let taxable: i64 = t.tax_breakdown.iter().map(|b| b.taxable_minor).sum();
        assert_eq!(taxable, t.subtotal_minor - t.discount_minor);
    }

    #[test]
    fn amount_discount_remainders_go_to_the_largest_remainders() {
        // 100 split over three equal lines: 34/33/33, first line gets the extra unit.
        assert_eq!(allocate(100, &[1, 1, 1]), vec![34, 33, 33]);
        // 10 over 1:2 → 3.33 / 6.67 → 3 / 7.
        assert_eq!(allocate(10, &[1, 2]), vec![3, 7]);
        let parts = allocate(997, &[13, 7, 19, 1, 0, 55]);
        assert_eq!(parts.iter().sum::<i128>(), 997);
        assert_eq!(parts[4], 0);
    }

    #[test]
    fn discount_equal_to_subtotal_leaves_zero() {
        let t = compute_lines(&[line(1000, 500, 20000)], &Discount::Amount { minor: 500 }).unwrap();
        assert_eq!(t.total_minor, 0);
        assert_eq!(t.tax_minor, 0);
        let t = compute_lines(
            &[line(1000, 500, 20000)],
            &Discount::Percent { milli: 100_000 },
        )
        .unwrap();
        assert_eq!(t.total_minor, 0);
    }

    #[test]
    fn empty_documents_and_free_lines_total_zero() {
        let t = compute_lines(&[], &Discount::None).unwrap();
        assert_eq!((t.subtotal_minor, t.tax_minor, t.total_minor), (0, 0, 0));
        let t = compute_lines(&[line(1000, 0, 20000)], &Discount::Percent { milli: 5000 }).unwrap();
        assert_eq!(t.total_minor, 0);
    }

    #[test]
    fn the_largest_allowed_document_does_not_overflow() {
        let items: Vec<_> = (0..MAX_LINES)
            .map(|_| line(MAX_QUANTITY_MILLI, MAX_UNIT_PRICE_MINOR, MAX_RATE_MILLI))
            .collect();
        // 200 × 1e6 × 1e11 = 2e19 > i64::MAX: a clear validation error, not a panic.
        assert_eq!(
            field_of(compute_lines(&items, &Discount::None).unwrap_err()),
            "items"
        );
        let big = [line(
            MAX_QUANTITY_MILLI,
            MAX_UNIT_PRICE_MINOR,
            MAX_RATE_MILLI,
        )];
        let t = compute_lines(&big, &Discount::Percent { milli: 33_333 }).unwrap();
        assert_eq!(
            t.subtotal_minor - t.discount_minor + t.tax_minor,
            t.total_minor
        );
    }

    #[test]
    fn bad_lines_name_the_field() {
        let cases = [
            (line(0, 100, 0), "items[0].quantity_milli"),
            (line(-1000, 100, 0), "items[0].quantity_milli"),
            (
                line(MAX_QUANTITY_MILLI + 1, 100, 0),
                "items[0].quantity_milli",
            ),
            (line(i64::MAX, i64::MAX, 0), "items[0].quantity_milli"),
            (line(1000, -1, 0), "items[0].unit_price_minor"),
            (
                line(1000, MAX_UNIT_PRICE_MINOR + 1, 0),
                "items[0].unit_price_minor",
            ),
            (line(1000, 100, -1), "items[0].tax_rate_milli"),
            (line(1000, 100, 100_001), "items[0].tax_rate_milli"),
        ];
        for (item, field) in cases {
            assert_eq!(
                field_of(compute_lines(&[item], &Discount::None).unwrap_err()),
                field
            );
        }
        let mut blank = line(1000, 1, 0);
        blank.description = "   ".into();
        assert_eq!(
            field_of(compute_lines(&[line(1000, 1, 0), blank], &Discount::None).unwrap_err()),
            "items[1].description"
        );
        let mut long = line(1000, 1, 0);
        long.description = "x".repeat(MAX_DESCRIPTION_CHARS + 1);
        assert_eq!(
            field_of(compute_lines(&[long], &Discount::None).unwrap_err()),
            "items[0].description"
        );
        let many = vec![line(1000, 1, 0); MAX_LINES + 1];
        assert_eq!(
            field_of(compute_lines(&many, &Discount::None).unwrap_err()),
            "items"
        );
    }

    #[test]
    fn bad_discounts_are_refused() {
        let items = [line(1000, 100, 0)];
        for d in [
            Discount::Amount { minor: 101 },
            Discount::Amount { minor: -1 },
            Discount::Percent { milli: -1 },
            Discount::Percent { milli: 100_001 },
            Discount::Amount { minor: i64::MAX },
        ] {
            assert_eq!(field_of(compute_lines(&items, &d).unwrap_err()), "discount");
        }
    }

    #[test]
    fn compute_checks_the_currency() {
        let input = TotalsInput {
            currency: "ABC".into(),
            items: vec![],
            discount: Discount::None,
        };
        assert_eq!(field_of(compute(&input).unwrap_err()), "currency");
    }
}
