//! Search that ignores case and accents: "CAFÉ", "cafe" and "Café" find each other.
//!
//! SQLite's `LIKE` folds ASCII only, so each client keeps a folded copy of its name, company
//! and e-mail (`clients.search_key`) and the search text is folded the same way.

use unicode_normalization::UnicodeNormalization;

/// Lowercase, without combining marks, with the letters that do not decompose spelled out.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.nfkd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        match c {
            'ß' | 'ẞ' => out.push_str("ss"),
            'Æ' | 'æ' => out.push_str("ae"),
            'Œ' | 'œ' => out.push_str("oe"),
            'Ø' | 'ø' => out.push('o'),
            'Ł' | 'ł' => out.push('l'),
            'Đ' | 'đ' => out.push('d'),
            'Þ' | 'þ' => out.push_str("th"),
            'ı' => out.push('i'),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// What a client's search matches: its folded name, company and e-mail.
pub(crate) fn client_key(name: &str, company: Option<&str>, email: Option<&str>) -> String {
    [Some(name), company, email]
        .into_iter()
        .flatten()
        .map(fold)
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_and_accents_fold_away() {
        assert_eq!(fold("CAFÉ"), "cafe");
        assert_eq!(fold("Café"), "cafe");
        assert_eq!(fold("Ærøskøbing Straße"), "aeroskobing strasse");
        assert_eq!(fold("ŁÓDŹ"), "lodz");
        assert_eq!(fold("İstanbul"), "istanbul");
        assert_eq!(fold("Ｆｕｌｌ"), "full");
    }

    #[test]
    fn scripts_without_case_pass_through() {
        assert_eq!(fold("שלום"), "שלום");
        assert_eq!(fold("東京"), "東京");
        assert_eq!(fold(""), "");
    }

    #[test]
    fn a_client_key_holds_every_searchable_field() {
        let key = client_key("Zoë", Some("ACME"), Some("Zoe@Example.com"));
        assert_eq!(key, "zoe\nacme\nzoe@example.com");
        assert_eq!(client_key("A", None, None), "a");
    }
}
