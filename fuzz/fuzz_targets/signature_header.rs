//! `Calendly-Webhook-Signature`: the header parser and the verifier.
//!
//! Input: the header value, a newline, then the body. Checks that an accepted header has a
//! timestamp and a digest, survives being written back and parsed again, that `verify` only
//! passes when a key really signed the body, and that `sign` output always verifies.

#![no_main]

use calendly::signature::{digest_hex, parse_header, sign, verify, SignatureError};
use libfuzzer_sys::fuzz_target;

/// The fake keys of the crate's own signature tests.
const KEY: &[u8] = b"whsec_test_key";
const OTHER_KEY: &[u8] = b"previous-signing-key-abcdef";
const TOLERANCE: i64 = 180;

fuzz_target!(|data: &[u8]| {
    let split = data.iter().position(|&b| b == b'\n').unwrap_or(data.len());
    let header = String::from_utf8_lossy(&data[..split]);
    let body = data.get(split + 1..).unwrap_or_default();

    let parsed = parse_header(&header);
    if let Ok(parsed) = &parsed {
        assert!(parsed.timestamp >= 0, "negative timestamp accepted");
        assert!(!parsed.signatures.is_empty(), "header without v1 accepted");
        let mut again = format!("t={}", parsed.timestamp);
        for digest in &parsed.signatures {
            again.push_str(&format!(",v1={}", hex::encode(digest)));
        }
        assert_eq!(parse_header(&again).as_ref(), Ok(parsed), "{again}");
    }

    // At the header's own time, so the MAC comparison is reached.
    let now = parsed.as_ref().map_or(1_700_000_000, |p| p.timestamp);
    if let Ok(verified) = verify(&header, body, &[KEY, OTHER_KEY], now, TOLERANCE) {
        assert_eq!(parsed.as_ref(), Ok(&verified));
        assert!(!body.is_empty(), "empty body verified");
        let signed_by_a_key = [KEY, OTHER_KEY].iter().any(|key| {
            let expected = digest_hex(key, verified.timestamp, body);
            verified
                .signatures
                .iter()
                .any(|sig| hex::encode(sig) == expected)
        });
        assert!(signed_by_a_key, "forged header verified: {header}");
    }
    // Extreme clocks and windows must be refused or accepted, never overflow.
    for (now, tolerance) in [(i64::MIN, i64::MAX), (i64::MAX, i64::MAX), (0, -1), (now, 0)] {
        let _ = verify(&header, body, &[KEY], now, tolerance);
    }

    if !body.is_empty() {
        let t = now.rem_euclid(4_000_000_000);
        let header = sign(KEY, t, body);
        assert!(verify(&header, body, &[OTHER_KEY, KEY], t, 0).is_ok());
        assert_eq!(
            verify(&header, body, &[OTHER_KEY], t, 0),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify(&header, body, &[KEY], t + TOLERANCE + 1, TOLERANCE),
            Err(SignatureError::Stale)
        );
    }
});
