//! `--line "DESCRIPTION:QTY:UNIT_PRICE"`: split at its last two colons, so a description
//! may contain colons; quantity and price are plain decimals (price in major units).

/// One parsed `--line`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineSpec {
    pub description: String,
    pub quantity_milli: i64,
    pub unit_price_minor: i64,
}

/// Parses one `--line` value for a currency with `minor_units` decimals.
pub fn parse(value: &str, minor_units: u8) -> Result<LineSpec, String> {
    let mut parts = value.rsplitn(3, ':');
    let (Some(price), Some(quantity), Some(description)) =
        (parts.next(), parts.next(), parts.next())
    else {
        return Err(format!(
            "--line {value:?} must be DESCRIPTION:QTY:UNIT_PRICE"
        ));
    };
    let description = description.trim();
    if description.is_empty() {
        return Err("--line needs a description before QTY:UNIT_PRICE".into());
    }
    let quantity_milli = decimal(quantity.trim(), 3)
        .filter(|q| *q > 0)
        .ok_or_else(|| {
            format!(
                "quantity {:?} must be a positive number with at most 3 decimals",
                quantity.trim()
            )
        })?;
    let unit_price_minor = decimal(price.trim(), u32::from(minor_units)).ok_or_else(|| {
        format!(
            "unit price {:?} must be a number with at most {minor_units} decimals",
            price.trim()
        )
    })?;
    Ok(LineSpec {
        description: description.to_string(),
        quantity_milli,
        unit_price_minor,
    })
}

/// `text` as an integer count of 10^-`scale` units: digits, at most one point, at most
/// `scale` decimals, no sign or exponent.
fn decimal(text: &str, scale: u32) -> Option<i64> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() && fraction.is_empty()
        || !digits(whole)
        || !digits(fraction)
        || fraction.len() > scale as usize
        || text.ends_with('.')
    {
        return None;
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let mut fraction_value: i64 = if fraction.is_empty() {
        0
    } else {
        fraction.parse().ok()?
    };
    for _ in fraction.len()..scale as usize {
        fraction_value *= 10;
    }
    whole
        .checked_mul(10_i64.checked_pow(scale)?)?
        .checked_add(fraction_value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_at_the_last_two_colons() {
        assert_eq!(
            parse("Design: phase 1:2.5:120.50", 2).unwrap(),
            LineSpec {
                description: "Design: phase 1".into(),
                quantity_milli: 2_500,
                unit_price_minor: 12_050,
            }
        );
        assert_eq!(parse("Fee:1:1500", 0).unwrap().unit_price_minor, 1_500);
        assert_eq!(parse("Fee:1:.5", 2).unwrap().unit_price_minor, 50);
    }

    #[test]
    fn refuses_what_is_not_a_line() {
        for bad in [
            "no colons",
            "one:colon",
            ":1:2",
            "x:0:2",
            "x:-1:2",
            "x:1:-2",
            "x:1:1e3",
            "x:1:1.234",
            "x:1.2345:1",
            "x:1:",
            "x:1:1.",
            "x::1",
            "x:1:99999999999999999999",
            "x:1:1,50",
        ] {
            assert!(parse(bad, 2).is_err(), "{bad} accepted");
        }
    }
}
