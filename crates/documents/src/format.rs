//! Amounts, quantities, rates and dates as the user's locale writes them.
//!
//! A small table of conventions rather than ICU: the languages listed in [`conventions`]
//! follow their own customs (separators, symbol position, date order); any other locale is
//! written the way `en-US` writes it, the same fallback the app's screens use.

/// How one locale writes numbers and dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Conventions {
    decimal: char,
    group: &'static str,
    /// `€1.00` rather than `1.00 €`.
    symbol_first: bool,
    /// Space between symbol and number.
    symbol_space: bool,
    /// A space between a rate and `%`.
    percent_space: bool,
    date: DateStyle,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DateStyle {
    /// `Dec 30, 2026`
    MonthFirst,
    /// `30 Dec 2026`
    DayFirst,
    /// Numeric day, month, year with this separator.
    Dmy(char),
    /// Numeric year, month, day with this separator.
    Ymd(char),
}

const NBSP: &str = "\u{a0}";
const NNBSP: &str = "\u{202f}";

fn conventions(locale: &str) -> Conventions {
    let mut parts = locale.split(['-', '_']);
    let language = parts.next().unwrap_or("").to_ascii_lowercase();
    let region = parts
        .find(|p| p.len() == 2)
        .map(str::to_ascii_uppercase)
        .unwrap_or_default();
    let base = Conventions {
        decimal: '.',
        group: ",",
        symbol_first: true,
        symbol_space: false,
        percent_space: false,
        date: DateStyle::MonthFirst,
    };
    let comma_after = Conventions {
        decimal: ',',
        group: ".",
        symbol_first: false,
        symbol_space: true,
        percent_space: true,
        date: DateStyle::Dmy('.'),
    };
    let space_grouped = Conventions {
        group: NBSP,
        ..comma_after
    };
    match language.as_str() {
        "en" if matches!(region.as_str(), "US" | "" | "PH" | "CA") => base,
        "en" => Conventions {
            date: DateStyle::DayFirst,
            ..base
        },
        "de" if matches!(region.as_str(), "CH" | "LI") => Conventions {
            group: "\u{2019}",
            symbol_space: true,
            percent_space: true,
            date: DateStyle::Dmy('.'),
            ..base
        },
        "de" | "da" | "id" | "ro" | "hr" | "sl" | "sr" | "el" => comma_after,
        "es" | "it" | "pt" => Conventions {
            date: DateStyle::Dmy('/'),
            ..comma_after
        },
        "nl" => Conventions {
            symbol_first: true,
            percent_space: false,
            date: DateStyle::Dmy('-'),
            ..comma_after
        },
        "tr" => Conventions {
            symbol_first: true,
            symbol_space: false,
            percent_space: false,
            ..comma_after
        },
        "fr" => Conventions {
            group: NNBSP,
            date: DateStyle::Dmy('/'),
            ..space_grouped
        },
        "sv" | "lt" => Conventions {
            date: DateStyle::Ymd('-'),
            ..space_grouped
        },
        "hu" => Conventions {
            date: DateStyle::Ymd('.'),
            ..space_grouped
        },
        "nb" | "no" | "nn" | "fi" | "cs" | "sk" | "pl" | "ru" | "uk" | "bg" | "lv" | "et" => {
            space_grouped
        }
        "ja" | "zh" | "ko" => Conventions {
            date: DateStyle::Ymd(if language == "ko" { '.' } else { '/' }),
            ..base
        },
        "he" | "ar" => Conventions {
            symbol_first: false,
            symbol_space: true,
            date: DateStyle::Dmy(if language == "he" { '.' } else { '/' }),
            ..base
        },
        _ => base,
    }
}

/// The symbol printed for a currency, or its ISO code when a symbol would be ambiguous.
fn symbol(currency: &str, locale: &str) -> &'static str {
    let us = matches!(locale, "en" | "en-US") || locale.ends_with("-US");
    match currency {
        "EUR" => "€",
        "GBP" => "£",
        "USD" if us => "$",
        "USD" => "US$",
        "JPY" => "¥",
        "INR" => "₹",
        "ILS" => "₪",
        "KRW" => "₩",
        "NGN" => "₦",
        "TRY" => "₺",
        "UAH" => "₴",
        "VND" => "₫",
        "PHP" => "₱",
        _ => "",
    }
}

/// Groups the integer digits of `digits` with `group` every three digits.
fn grouped(digits: &str, group: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * group.len());
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(group);
        }
        out.push(c);
    }
    out
}

/// `value` scaled by 10^`places`, written with the locale's separators and exactly
/// `places` decimals.
fn decimal(value: i64, places: u8, c: &Conventions) -> String {
    let scale = 10u64.pow(u32::from(places));
    let magnitude = value.unsigned_abs();
    let whole = grouped(&(magnitude / scale).to_string(), c.group);
    let sign = if value < 0 { "-" } else { "" };
    if places == 0 {
        return format!("{sign}{whole}");
    }
    let fraction = format!("{:0width$}", magnitude % scale, width = usize::from(places));
    format!("{sign}{whole}{}{fraction}", c.decimal)
}

/// An amount in minor units, e.g. `€1,234.50` in `en-US` or `1.234,50 €` in `de-DE`.
pub fn money(minor: i64, currency: &str, minor_units: u8, locale: &str) -> String {
    let c = conventions(locale);
    let number = decimal(minor, minor_units, &c);
    let symbol = symbol(currency, locale);
    let (symbol, space) = if symbol.is_empty() {
        (currency, NBSP)
    } else if c.symbol_space {
        (symbol, NBSP)
    } else {
        (symbol, "")
    };
    if c.symbol_first {
        match number.strip_prefix('-') {
            Some(positive) => format!("-{symbol}{space}{positive}"),
            None => format!("{symbol}{space}{number}"),
        }
    } else {
        format!("{number}{space}{symbol}")
    }
}

/// A value kept in thousandths, with up to three decimals and no trailing zeros.
fn thousandths(milli: i64, c: &Conventions) -> String {
    let full = decimal(milli, 3, c);
    if !full.contains(c.decimal) {
        return full;
    }
    full.trim_end_matches('0')
        .trim_end_matches(c.decimal)
        .to_string()
}

/// A quantity kept in thousandths: `1500` → `1.5`.
pub fn quantity(milli: i64, locale: &str) -> String {
    thousandths(milli, &conventions(locale))
}

/// A rate kept in thousandths of a percent: `20000` → `20%` or `20 %`.
pub fn percent(milli: i64, locale: &str) -> String {
    let c = conventions(locale);
    let space = if c.percent_space { NBSP } else { "" };
    format!("{}{space}%", thousandths(milli, &c))
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A calendar date `YYYY-MM-DD` in the locale's order; anything else is printed as given.
pub fn date(iso: &str, locale: &str) -> String {
    let parsed = iso.split('-').collect::<Vec<_>>();
    let (year, month, day) = match parsed.as_slice() {
        [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() == 2 => (*y, *m, *d),
        _ => return iso.to_string(),
    };
    let month_index = match month.parse::<usize>() {
        Ok(m @ 1..=12) => m - 1,
        _ => return iso.to_string(),
    };
    let day_number = day.trim_start_matches('0');
    match conventions(locale).date {
        DateStyle::MonthFirst => format!("{} {day_number}, {year}", MONTHS[month_index]),
        DateStyle::DayFirst => format!("{day_number} {} {year}", MONTHS[month_index]),
        DateStyle::Dmy(sep) => format!("{day}{sep}{month}{sep}{year}"),
        DateStyle::Ymd(sep) => format!("{year}{sep}{month}{sep}{day}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_follows_the_locale() {
        assert_eq!(money(123_450, "EUR", 2, "en-US"), "€1,234.50");
        assert_eq!(money(123_450, "EUR", 2, "de-DE"), "1.234,50\u{a0}€");
        assert_eq!(money(123_450, "EUR", 2, "fr-FR"), "1\u{202f}234,50\u{a0}€");
        assert_eq!(
            money(123_450, "CHF", 2, "de-CH"),
            "CHF\u{a0}1\u{2019}234.50"
        );
        assert_eq!(money(-5_000, "USD", 2, "en-US"), "-$50.00");
        assert_eq!(money(-5_000, "USD", 2, "en-GB"), "-US$50.00");
        assert_eq!(money(1_234_567, "JPY", 0, "ja-JP"), "¥1,234,567");
        assert_eq!(money(1_500, "KWD", 3, "en-US"), "KWD\u{a0}1.500");
        assert_eq!(money(0, "EUR", 2, "nl-NL"), "€\u{a0}0,00");
    }

    #[test]
    fn an_unknown_or_malformed_locale_writes_like_en_us() {
        for locale in ["", "xx", "C", "-", "en-US-x-private-\u{202e}"] {
            assert_eq!(money(100_000, "GBP", 2, locale), "£1,000.00", "{locale:?}");
        }
    }

    #[test]
    fn quantities_and_rates_drop_trailing_zeros() {
        assert_eq!(quantity(1_500, "en-US"), "1.5");
        assert_eq!(quantity(2_000, "en-US"), "2");
        assert_eq!(quantity(1_234_125, "de-DE"), "1.234,125");
        assert_eq!(percent(20_000, "en-US"), "20%");
        assert_eq!(percent(7_700, "de-DE"), "7,7\u{a0}%");
        assert_eq!(percent(0, "fr-FR"), "0\u{a0}%");
    }

    #[test]
    fn dates_follow_the_locale_and_bad_input_is_printed_as_given() {
        assert_eq!(date("2026-12-03", "en-US"), "Dec 3, 2026");
        assert_eq!(date("2026-12-03", "en-GB"), "3 Dec 2026");
        assert_eq!(date("2026-12-03", "de-DE"), "03.12.2026");
        assert_eq!(date("2026-12-03", "fr-FR"), "03/12/2026");
        assert_eq!(date("2026-12-03", "sv-SE"), "2026-12-03");
        for bad in [
            "2026-13-01",
            "2026-00-10",
            "26-12-03",
            "",
            "2026-12",
            "x-y-z",
        ] {
            assert_eq!(date(bad, "en-US"), bad);
        }
    }
}
