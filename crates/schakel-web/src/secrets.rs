//! Random tokens and their stored hashes. Tokens are shown once; only SHA-256 hashes are stored.

use rand::RngCore;
use sha2::{Digest, Sha256};

/// 256 random bits as hex.
pub fn random_token() -> String {
    let mut bytes = [0_u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0_u8; N];
    rand::rng().fill_bytes(&mut bytes);
    bytes
}

/// The stored form of a session token, API token or recovery code: HMAC-SHA256 with the installation's
/// secret key, so a copy of the database alone cannot be used to test guesses.
pub fn token_hash(key: &[u8], token: &str) -> String {
    use hmac::{Mac, SimpleHmac};
    match <SimpleHmac<Sha256> as Mac>::new_from_slice(key) {
        Ok(mut mac) => {
            mac.update(token.as_bytes());
            hex::encode(mac.finalize().into_bytes())
        }
        // HMAC accepts keys of any length; this arm is unreachable in practice.
        Err(_) => sha256_hex(token),
    }
}

pub fn sha256_hex(s: &str) -> String {
    hex::encode(Sha256::digest(s.as_bytes()))
}

/// Compares two strings in time independent of where they differ.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0_u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_hashes_depend_on_the_key() {
        let a = token_hash(b"key-one-key-one-key-one-key-one!", "token");
        assert_eq!(a, token_hash(b"key-one-key-one-key-one-key-one!", "token"));
        assert_ne!(a, token_hash(b"key-two-key-two-key-two-key-two!", "token"));
        assert_ne!(a, sha256_hex("token"));
        assert_eq!(a.len(), 64);
    }
}
