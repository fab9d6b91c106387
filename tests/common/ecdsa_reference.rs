//! The reference ECDSA check for SigV4A tests: RustCrypto's `p256`
//! verifying a DER signature over a string to sign with a public key
//! given as hex coordinates, apart from awssig's own verifier.

use p256::ecdsa::signature::Verifier;
use p256::ecdsa::{DerSignature, VerifyingKey};

/// Hex (either case) to bytes; `None` when not hex.
pub fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

/// Whether the DER signature `sig_hex` signs `message` (ECDSA P-256 with
/// SHA-256) under the key whose affine coordinates are `x_hex`, `y_hex`.
pub fn p256_verifies(x_hex: &str, y_hex: &str, message: &[u8], sig_hex: &str) -> bool {
    let mut sec1 = vec![4u8];
    sec1.extend(unhex(x_hex).expect("x is hex"));
    sec1.extend(unhex(y_hex).expect("y is hex"));
    let key = VerifyingKey::from_sec1_bytes(&sec1).expect("a P-256 point");
    let Some(der) = unhex(sig_hex) else {
        return false;
    };
    match DerSignature::from_bytes(&der) {
        Ok(sig) => key.verify(message, &sig).is_ok(),
        Err(_) => false,
    }
}
