//! `Calendly-Webhook-Signature` signing and verification.
//!
//! The header reads `t=<unix seconds>,v1=<hex>` where
//! `v1 = lowercase hex(HMAC-SHA256(key, "<t>." + raw body))` and the key is used as its
//! string bytes. Verification works on the raw body bytes (re-serialised JSON would not
//! match), compares in constant time, bounds the timestamp's age both ways and accepts
//! several keys so a relay can rotate its signing key.

use hmac::digest::CtOutput;
use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// Name of the HTTP header Calendly signs webhooks with.
pub const HEADER: &str = "Calendly-Webhook-Signature";

/// Why a signature header was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    /// No `t=` part.
    #[error("signature header has no t= timestamp")]
    MissingTimestamp,
    /// More than one `t=` part.
    #[error("signature header has more than one t= timestamp")]
    RepeatedTimestamp,
    /// `t` is not a non-negative decimal integer that fits in an `i64`.
    #[error("signature timestamp is not a number")]
    InvalidTimestamp,
    /// No `v1=` part.
    #[error("signature header has no v1= signature")]
    MissingSignature,
    /// A part without `=`, or a `v1` that is not 64 hex digits.
    #[error("signature header is malformed")]
    Malformed,
    /// The body is empty (Calendly never signs an empty body).
    #[error("webhook body is empty")]
    EmptyBody,
    /// `t` is further from `now` than the tolerance, in the past or the future.
    #[error("signature timestamp is outside the accepted window")]
    Stale,
    /// No `v1` matches the body under any of the keys.
    #[error("signature does not match")]
    Mismatch,
}

/// A parsed header: the timestamp and every `v1` digest it carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureHeader {
    /// `t`, unix seconds.
    pub timestamp: i64,
    /// Every `v1` digest, in header order.
    pub signatures: Vec<[u8; 32]>,
}

/// Computes the hex `v1` digest of `body` signed at `timestamp`.
pub fn digest_hex(key: &[u8], timestamp: i64, body: &[u8]) -> String {
    hex::encode(mac(key, timestamp, body).finalize().into_bytes())
}

/// Builds the full header value for `body`, signed at `timestamp` (unix seconds).
pub fn sign(key: &[u8], timestamp: i64, body: &[u8]) -> String {
    format!("t={timestamp},v1={}", digest_hex(key, timestamp, body))
}

fn mac(key: &[u8], timestamp: i64, body: &[u8]) -> HmacSha256 {
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC accepts keys of any length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    mac
}

/// Parses `t=…,v1=…[,v1=…]`, ignoring whitespace around `,` and `=` and unknown schemes.
pub fn parse_header(value: &str) -> Result<SignatureHeader, SignatureError> {
    let mut timestamp = None;
    let mut signatures = Vec::new();
    for part in value.split(',') {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let (name, val) = part.split_once('=').ok_or(SignatureError::Malformed)?;
        let (name, val) = (name.trim(), val.trim());
        match name {
            "t" => {
                if timestamp.is_some() {
                    return Err(SignatureError::RepeatedTimestamp);
                }
                if val.is_empty() || !val.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(SignatureError::InvalidTimestamp);
                }
                timestamp = Some(val.parse().map_err(|_| SignatureError::InvalidTimestamp)?);
            }
            "v1" => {
                let mut digest = [0u8; 32];
                hex::decode_to_slice(val, &mut digest).map_err(|_| SignatureError::Malformed)?;
                signatures.push(digest);
            }
            _ => {}
        }
    }
    let timestamp = timestamp.ok_or(SignatureError::MissingTimestamp)?;
    if signatures.is_empty() {
        return Err(SignatureError::MissingSignature);
    }
    Ok(SignatureHeader {
        timestamp,
        signatures,
    })
}

/// Verifies `header` over the raw `body` against any of `keys`.
///
/// `now` is unix seconds; the timestamp may differ from it by at most `tolerance_secs` in
/// either direction (a future timestamp is as suspicious as an old one); a negative
/// tolerance accepts nothing. The MAC is computed over the decimal form of `t` as parsed,
/// which is what [`sign`] writes. Passes when any `v1` matches under any key. Returns the
/// parsed header (timestamp and digests), e.g. to key replay detection.
pub fn verify<K: AsRef<[u8]>>(
    header: &str,
    body: &[u8],
    keys: &[K],
    now: i64,
    tolerance_secs: i64,
) -> Result<SignatureHeader, SignatureError> {
    let parsed = parse_header(header)?;
    if body.is_empty() {
        return Err(SignatureError::EmptyBody);
    }
    // `abs_diff` cannot overflow, whatever timestamp an attacker sends; a negative window
    // admits nothing.
    let window = u64::try_from(tolerance_secs).map_err(|_| SignatureError::Stale)?;
    if now.abs_diff(parsed.timestamp) > window {
        return Err(SignatureError::Stale);
    }
    // One MAC per key, compared in constant time with every `v1` of the header.
    let matched = keys.iter().any(|key| {
        let expected = mac(key.as_ref(), parsed.timestamp, body).finalize();
        parsed
            .signatures
            .iter()
            .any(|sig| expected == CtOutput::new((*sig).into()))
    });
    if matched {
        Ok(parsed)
    } else {
        Err(SignatureError::Mismatch)
    }
}
