//! Inbox ids and consumer tokens: 128+ bit random values; only a SHA-256 of a token is stored.

use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// Prefix that makes a consumer token recognisable in a secret scanner.
const TOKEN_PREFIX: &str = "qrt_";

/// A new inbox id: 128 random bits as 32 lowercase hex characters.
pub fn new_inbox_id() -> String {
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// Whether `id` has the shape of an id this relay issues (so malformed ids skip the database).
pub fn is_inbox_id(id: &str) -> bool {
    id.len() == 32 && id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// A new consumer token: 256 random bits, base64url.
pub fn new_consumer_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    format!(
        "{TOKEN_PREFIX}{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    )
}

/// The stored form of a token.
pub fn hash_token(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

/// Whether `token` hashes to `stored`, compared in constant time so the answer's timing
/// reveals nothing about how much of the hash matched.
pub fn token_matches(token: &str, stored: &[u8]) -> bool {
    stored.ct_eq(&hash_token(token)).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_tokens_are_random_and_well_formed() {
        let (a, b) = (new_inbox_id(), new_inbox_id());
        assert_ne!(a, b);
        assert!(is_inbox_id(&a));
        assert!(!is_inbox_id("../etc/passwd"));
        assert!(!is_inbox_id(&a.to_uppercase()));
        let token = new_consumer_token();
        assert!(token.starts_with(TOKEN_PREFIX) && token.len() == 4 + 43);
        assert_ne!(token, new_consumer_token());
    }

    #[test]
    fn token_matches_only_its_own_hash() {
        let h = hash_token("x");
        assert!(token_matches("x", &h));
        assert!(!token_matches("y", &h));
        assert!(
            !token_matches("x", &h[..31]),
            "a stored hash of another length"
        );
    }
}
