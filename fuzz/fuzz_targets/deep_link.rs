//! `quotla://` links: the strict parser and the OAuth query reader it shares with the CLI.
//!
//! Checks that an accepted link is short, that its values are the URL-safe tokens the parser
//! promises, that writing it back gives the same link, that `Debug` never shows a code, and
//! that `parse_oauth` agrees with `parse` on the same URL.

#![no_main]

use libfuzzer_sys::fuzz_target;
use quotla_core::deep_link::{parse, parse_oauth, DeepLink, OAuthCallback, MAX_LINK_LEN};

fn is_token(value: &str) -> bool {
    !value.is_empty()
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~'))
}

fuzz_target!(|data: &[u8]| {
    let raw = String::from_utf8_lossy(data);
    let url = url::Url::parse(&raw);
    // Any URL's query, whatever its scheme: the CLI reads its loopback redirect with it.
    let oauth = url.as_ref().ok().map(parse_oauth);

    let Ok(link) = parse(&raw) else {
        return;
    };
    assert!(raw.len() <= MAX_LINK_LEN);
    let DeepLink::CalendlyOAuth(callback) = &link;
    assert!(
        oauth == Some(Ok(callback.clone())),
        "parse_oauth disagrees with parse"
    );
    let written = match callback {
        OAuthCallback::Approved { code, state } => {
            assert!(is_token(code) && is_token(state), "{raw}");
            assert_eq!(format!("{link:?}"), "CalendlyOAuth(Approved { .. })");
            format!("quotla://oauth/calendly?code={code}&state={state}")
        }
        OAuthCallback::Failed { error, state } => {
            assert!(is_token(error), "{raw}");
            match state {
                Some(state) => {
                    assert!(is_token(state), "{raw}");
                    format!("quotla://oauth/calendly?error={error}&state={state}")
                }
                None => format!("quotla://oauth/calendly?error={error}"),
            }
        }
    };
    assert_eq!(parse(&written).as_ref(), Ok(&link), "{written}");
});
