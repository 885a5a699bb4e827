//! `Calendly-Webhook-Signature`: vectors, every malformed header, key rotation, whitespace.

use calendly::signature::{digest_hex, parse_header, sign, verify, SignatureError, HEADER};

const KEY: &str = "whsec_test_key";
const T: i64 = 1_700_000_000;
const BODY: &[u8] = br#"{"event":"invitee.created"}"#;
const TOLERANCE: i64 = 180;

/// Worked by hand, outside this crate:
///
/// ```text
/// key     = "whsec_test_key"                       (the key's string bytes)
/// message = "1700000000" + "." + '{"event":"invitee.created"}'
///         = 1700000000.{"event":"invitee.created"}  (38 bytes, no trailing newline)
///
/// $ printf '%s' '1700000000.{"event":"invitee.created"}' | openssl dgst -sha256 -hmac 'whsec_test_key'
/// SHA2-256(stdin)= 8b8b39467dc95b09f8050fdba09a51f2a4a842f66e0ab4816f6c3214238724cb
///
/// $ python3 -c 'import hmac,hashlib; print(hmac.new(b"whsec_test_key",
///       b"1700000000." + b"{\"event\":\"invitee.created\"}", hashlib.sha256).hexdigest())'
/// 8b8b39467dc95b09f8050fdba09a51f2a4a842f66e0ab4816f6c3214238724cb
/// ```
const HAND_DIGEST: &str = "8b8b39467dc95b09f8050fdba09a51f2a4a842f66e0ab4816f6c3214238724cb";

fn ok(header: &str) -> bool {
    verify(header, BODY, &[KEY], T, TOLERANCE).is_ok()
}

fn err(header: &str) -> SignatureError {
    verify(header, BODY, &[KEY], T, TOLERANCE).expect_err(header)
}

#[test]
fn hand_computed_vector() {
    assert_eq!(HEADER, "Calendly-Webhook-Signature");
    assert_eq!(digest_hex(KEY.as_bytes(), T, BODY), HAND_DIGEST);
    assert_eq!(
        sign(KEY.as_bytes(), T, BODY),
        format!("t={T},v1={HAND_DIGEST}")
    );
    let parsed = verify(
        &format!("t={T},v1={HAND_DIGEST}"),
        BODY,
        &[KEY],
        T,
        TOLERANCE,
    )
    .unwrap();
    assert_eq!(parsed.timestamp, T);
    assert_eq!(hex::encode(parsed.signatures[0]), HAND_DIGEST);
}

#[test]
fn second_vector_binary_body_and_long_key() {
    // Raw bytes are signed as received: a body that is not UTF-8 works, and so does a key
    // longer than the SHA-256 block (HMAC hashes it first).
    // $ python3 -c 'import hmac,hashlib; print(hmac.new(b"k"*100, b"1.\xff\x00\xfe", hashlib.sha256).hexdigest())'
    let key = [b'k'; 100];
    let body = [0xff, 0x00, 0xfe];
    let expected = "808e899a1634facf65a78fa89dc7e8b47faedd2fa2934226e9b1e75890cdac74";
    let got = digest_hex(&key, 1, &body);
    assert_eq!(got.len(), 64);
    assert_eq!(got, expected, "check with the python line above");
    assert!(verify(&sign(&key, 1, &body), &body, &[&key[..]], 1, 0).is_ok());
}

#[test]
fn sign_verify_round_trip_and_tampering() {
    let header = sign(KEY.as_bytes(), T, BODY);
    assert!(ok(&header));
    // One byte of the body changed.
    let tampered = br#"{"event":"invitee.canceled"}"#;
    assert_eq!(
        verify(&header, tampered, &[KEY], T, TOLERANCE).unwrap_err(),
        SignatureError::Mismatch
    );
    // Re-serialised JSON (a space added) is a different body.
    let reformatted = br#"{"event": "invitee.created"}"#;
    assert_eq!(
        verify(&header, reformatted, &[KEY], T, TOLERANCE).unwrap_err(),
        SignatureError::Mismatch
    );
    // The timestamp is signed too: moving `t` breaks the signature.
    assert_eq!(
        err(&format!("t={},v1={HAND_DIGEST}", T + 1)),
        SignatureError::Mismatch
    );
    // A wrong key.
    assert_eq!(
        verify(&header, BODY, &["other"], T, TOLERANCE).unwrap_err(),
        SignatureError::Mismatch
    );
    // No keys at all never passes.
    assert_eq!(
        verify(&header, BODY, &[] as &[&str], T, TOLERANCE).unwrap_err(),
        SignatureError::Mismatch
    );
}

#[test]
fn missing_or_repeated_timestamp() {
    assert_eq!(
        err(&format!("v1={HAND_DIGEST}")),
        SignatureError::MissingTimestamp
    );
    assert_eq!(err(""), SignatureError::MissingTimestamp);
    assert_eq!(
        err(&format!("t={T},t={T},v1={HAND_DIGEST}")),
        SignatureError::RepeatedTimestamp
    );
    assert_eq!(
        err(&format!("t={T},v1={HAND_DIGEST},t={}", T + 1)),
        SignatureError::RepeatedTimestamp
    );
}

#[test]
fn missing_signature() {
    assert_eq!(err(&format!("t={T}")), SignatureError::MissingSignature);
    // Only a scheme we do not know (e.g. a future v2) is no `v1`.
    assert_eq!(
        err(&format!("t={T},v0={HAND_DIGEST}")),
        SignatureError::MissingSignature
    );
    assert_eq!(
        parse_header(&format!("t={T},v0=abc")).unwrap_err(),
        SignatureError::MissingSignature
    );
}

#[test]
fn non_numeric_timestamp() {
    for t in [
        "",
        "abc",
        "17e8",
        "-1700000000",
        "+1700000000",
        "1700000000.5",
        "0x10",
        "1 7",
        "99999999999999999999",
    ] {
        assert_eq!(
            err(&format!("t={t},v1={HAND_DIGEST}")),
            SignatureError::InvalidTimestamp,
            "t={t:?}"
        );
    }
}

#[test]
fn non_hex_short_or_long_signature() {
    let non_hex = format!("{}zz", &HAND_DIGEST[..62]);
    let short = &HAND_DIGEST[..62];
    let odd = &HAND_DIGEST[..63];
    let long = format!("{HAND_DIGEST}00");
    for v1 in [non_hex.as_str(), short, odd, long.as_str(), "", "not-hex"] {
        assert_eq!(
            err(&format!("t={T},v1={v1}")),
            SignatureError::Malformed,
            "v1={v1:?}"
        );
    }
    // A part without `=` is malformed, not ignored.
    assert_eq!(
        err(&format!("t={T},v1={HAND_DIGEST},garbage")),
        SignatureError::Malformed
    );
}

#[test]
fn stale_and_future_timestamps() {
    let header = sign(KEY.as_bytes(), T, BODY);
    let at = |now| verify(&header, BODY, &[KEY], now, TOLERANCE);
    // Inside the window, both edges included.
    assert!(at(T).is_ok());
    assert!(at(T + TOLERANCE).is_ok());
    assert!(at(T - TOLERANCE).is_ok());
    // Older than the window.
    assert_eq!(at(T + TOLERANCE + 1).unwrap_err(), SignatureError::Stale);
    assert_eq!(at(T + 86_400).unwrap_err(), SignatureError::Stale);
    // From the future.
    assert_eq!(at(T - TOLERANCE - 1).unwrap_err(), SignatureError::Stale);
    // The window is a parameter.
    assert!(verify(&header, BODY, &[KEY], T + 3600, 3600).is_ok());
    assert_eq!(
        verify(&header, BODY, &[KEY], T + 1, 0).unwrap_err(),
        SignatureError::Stale
    );
    // Extreme values neither overflow nor pass.
    let far = format!("t={},v1={HAND_DIGEST}", i64::MAX);
    assert_eq!(
        verify(&far, BODY, &[KEY], i64::MIN, TOLERANCE).unwrap_err(),
        SignatureError::Stale
    );
    assert_eq!(
        verify(&header, BODY, &[KEY], T, -5).unwrap_err(),
        SignatureError::Stale
    );
}

#[test]
fn empty_body() {
    let header = sign(KEY.as_bytes(), T, b"");
    assert_eq!(
        verify(&header, b"", &[KEY], T, TOLERANCE).unwrap_err(),
        SignatureError::EmptyBody
    );
}

#[test]
fn key_rotation_with_two_keys() {
    let old = "whsec_old_key";
    let new = "whsec_new_key";
    let by_old = sign(old.as_bytes(), T, BODY);
    let by_new = sign(new.as_bytes(), T, BODY);
    // The relay accepts both keys while rotating.
    assert!(verify(&by_old, BODY, &[new, old], T, TOLERANCE).is_ok());
    assert!(verify(&by_new, BODY, &[new, old], T, TOLERANCE).is_ok());
    // After the rotation the old key's signatures are refused.
    assert_eq!(
        verify(&by_old, BODY, &[new], T, TOLERANCE).unwrap_err(),
        SignatureError::Mismatch
    );
    // A header with one v1 per key passes if any of them matches.
    let both = format!(
        "t={T},v1={},v1={}",
        digest_hex(old.as_bytes(), T, BODY),
        digest_hex(new.as_bytes(), T, BODY)
    );
    assert_eq!(parse_header(&both).unwrap().signatures.len(), 2);
    assert!(verify(&both, BODY, &[old], T, TOLERANCE).is_ok());
    assert!(verify(&both, BODY, &[new], T, TOLERANCE).is_ok());
    assert_eq!(
        verify(&both, BODY, &["third"], T, TOLERANCE).unwrap_err(),
        SignatureError::Mismatch
    );
}

#[test]
fn whitespace_around_separators_is_ignored() {
    for header in [
        format!(" t={T},v1={HAND_DIGEST} "),
        format!("t = {T} , v1 = {HAND_DIGEST}"),
        format!("t={T} ,\tv1={HAND_DIGEST}"),
        format!("  t  =  {T}  ,  v1  =  {HAND_DIGEST}  "),
        format!("v1={HAND_DIGEST}, t={T}"),
    ] {
        assert!(ok(&header), "{header:?}");
    }
    // Whitespace inside a value is not around a separator.
    let split = format!("t={T},v1={} {}", &HAND_DIGEST[..32], &HAND_DIGEST[32..]);
    assert_eq!(err(&split), SignatureError::Malformed);
    assert_eq!(
        err(&format!("t=17 00000000,v1={HAND_DIGEST}")),
        SignatureError::InvalidTimestamp
    );
}

#[test]
fn several_v1_pass_if_any_matches() {
    let wrong = "0".repeat(64);
    assert!(ok(&format!("t={T},v1={wrong},v1={HAND_DIGEST}")));
    assert!(ok(&format!("t={T},v1={HAND_DIGEST},v1={wrong}")));
    assert_eq!(
        err(&format!("t={T},v1={wrong},v1={wrong}")),
        SignatureError::Mismatch
    );
}
