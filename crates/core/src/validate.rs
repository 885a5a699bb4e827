//! Checks of free text from forms: length limits, control characters, e-mail syntax.

use crate::error::{CoreError, Result};

pub const MAX_NAME: usize = 200;
pub const MAX_PHONE: usize = 50;
pub const MAX_TAX_NUMBER: usize = 50;
pub const MAX_EMAIL: usize = 254;
pub const MAX_ADDRESS: usize = 1_000;
pub const MAX_NOTES: usize = 5_000;

/// Trims, refuses control characters (newlines and tabs only where `multiline`) and
/// over-long text; an empty result is `None`.
pub fn optional_text(
    field: &str,
    value: Option<&str>,
    max: usize,
    multiline: bool,
) -> Result<Option<String>> {
    let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    if value.chars().count() > max {
        return Err(CoreError::field(
            field,
            format!("at most {max} characters, please"),
        ));
    }
    let bad = |c: char| c.is_control() && !(multiline && matches!(c, '\n' | '\r' | '\t'));
    if value.chars().any(bad) {
        return Err(CoreError::field(
            field,
            "contains characters that cannot be stored",
        ));
    }
    Ok(Some(value.to_owned()))
}

/// Like `optional_text`, but the field must not be empty.
pub fn required_text(field: &str, value: &str, max: usize, what: &str) -> Result<String> {
    optional_text(field, Some(value), max, false)?
        .ok_or_else(|| CoreError::field(field, format!("{what} is required")))
}

/// An optional e-mail address: one `@`, a plausible local part and a dotted domain.
pub fn optional_email(field: &str, value: Option<&str>) -> Result<Option<String>> {
    let Some(email) = optional_text(field, value, MAX_EMAIL, false)? else {
        return Ok(None);
    };
    if is_email(&email) {
        Ok(Some(email))
    } else {
        Err(CoreError::field(
            field,
            format!("'{email}' is not a valid e-mail address"),
        ))
    }
}

fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.chars().all(char::is_alphabetic) && tld.len() >= 2);
    local_ok && domain_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_ordinary_addresses() {
        for ok in [
            "a@b.co",
            "first.last+tag@example.co.uk",
            "o'neil@ex-ample.com",
            "zoë@exämple.de",
        ] {
            assert!(is_email(ok), "{ok} refused");
        }
    }

    #[test]
    fn refuses_malformed_addresses() {
        for bad in [
            "plain",
            "@example.com",
            "a@",
            "a@b",
            "a@@b.com",
            "a b@c.com",
            "a@b..com",
            ".a@b.com",
            "a.@b.com",
            "a..b@c.com",
            "a@-b.com",
            "a@b.c0m",
            "a@b.c",
            "<script>@x.com",
            "a@b.com\n",
        ] {
            assert!(!is_email(bad), "{bad} accepted");
        }
        assert!(optional_email("email", Some("no-at-sign")).is_err());
        assert_eq!(optional_email("email", Some("  ")).unwrap(), None);
    }

    #[test]
    fn text_limits_and_control_characters() {
        assert_eq!(
            optional_text("notes", Some("  hi \n there "), 10, true)
                .unwrap()
                .as_deref(),
            Some("hi \n there")
        );
        assert!(optional_text("name", Some("a\nb"), 10, false).is_err());
        assert!(optional_text("notes", Some("nul\0byte"), 100, true).is_err());
        assert!(optional_text("name", Some(&"é".repeat(11)), 10, false).is_err());
        assert!(optional_text("name", Some(&"é".repeat(10)), 10, false).is_ok());
        assert!(required_text("name", "   ", 10, "A name").is_err());
    }
}
