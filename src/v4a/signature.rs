//! SigV4A's final step: the string to sign (v4's step 2, with
//! `AWS4-ECDSA-P256-SHA256` on its first line and a scope without a
//! region), hashed with SHA-256 and signed with ECDSA P-256; the signature
//! is its DER encoding in lowercase hex.

use crate::sha256::Sha256;
use crate::time::SigningTime;
use crate::v4::scope::Scope;
use crate::v4::signature::Signature;
use crate::v4::string_to_sign;

use super::key::{EcdsaKey, PublicKey};
use super::ALGORITHM;

/// The SHA-256 of the string to sign of a canonical request whose
/// SHA-256 is `creq_digest`.
pub(crate) fn string_to_sign_digest(
    scope: &Scope<'_>,
    time: &SigningTime,
    creq_digest: &[u8; 32],
) -> [u8; 32] {
    let mut sha = Sha256::new();
    string_to_sign::write(&mut sha, ALGORITHM, time, scope, creq_digest);
    sha.finish()
}

/// Steps 2 to 4 of SigV4A from the canonical request's SHA-256.
pub(crate) fn sign_digest(
    key: &EcdsaKey,
    scope: &Scope<'_>,
    time: &SigningTime,
    creq_digest: &[u8; 32],
) -> Signature {
    key.sign_digest(&string_to_sign_digest(scope, time, creq_digest))
}

/// Whether `signature_hex` is the SigV4A signature of the canonical
/// request whose SHA-256 is `creq_digest` (the verifier's last step).
pub(crate) fn verifies(
    key: &PublicKey,
    scope: &Scope<'_>,
    time: &SigningTime,
    creq_digest: &[u8; 32],
    signature_hex: &str,
) -> bool {
    key.verifies_digest(
        &string_to_sign_digest(scope, time, creq_digest),
        signature_hex,
    )
}
