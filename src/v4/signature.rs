//! Step 4: the signature, `HEX(HMAC-SHA256(signing key, string to sign))`.
//!
//! The string to sign is streamed into the MAC, never built. SigV4A's
//! final step (an ECDSA P-256 signature, DER, in hex: at most 144 digits)
//! gives the same type, so the outputs write either.

use crate::encode;
use crate::sha256::Mac;

/// The longest signature text: a DER ECDSA P-256 signature (72 bytes) in hex.
const MAX_HEX: usize = 144;

/// A finished signature: its lowercase hex, and for SigV4 its 32 bytes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct Signature {
    /// The HMAC (SigV4); zero for SigV4A, whose signature is its text.
    pub(crate) bytes: [u8; 32],
    hex: [u8; MAX_HEX],
    len: u8,
}

impl Signature {
    pub(crate) fn finish(mac: Mac) -> Self {
        Self::from_bytes(mac.finish())
    }

    /// A SigV4 signature from its 32 bytes.
    pub(crate) fn from_bytes(bytes: [u8; 32]) -> Self {
        let mut hex = [0u8; MAX_HEX];
        hex[..64].copy_from_slice(&encode::hex32(&bytes));
        Signature {
            bytes,
            hex,
            len: 64,
        }
    }

    /// A SigV4A signature: DER bytes (at most 72), written in hex.
    #[cfg(feature = "sigv4a")]
    pub(crate) fn from_der(der: &[u8]) -> Self {
        let n = der.len().min(MAX_HEX / 2);
        let mut hex = [0u8; MAX_HEX];
        encode::hex_lower_to(&mut hex[..2 * n], &der[..n]);
        Signature {
            bytes: [0; 32],
            hex,
            len: (2 * n) as u8,
        }
    }

    /// A SigV4A signature from its hex text as received (at most 144
    /// characters, kept as they are); `None` when longer.
    #[cfg(feature = "sigv4a")]
    pub(crate) fn from_hex_text(text: &[u8]) -> Option<Self> {
        let mut hex = [0u8; MAX_HEX];
        hex.get_mut(..text.len())?.copy_from_slice(text);
        Some(Signature {
            bytes: [0; 32],
            hex,
            len: u8::try_from(text.len()).ok()?,
        })
    }

    /// The lowercase hex digits.
    pub(crate) fn hex(&self) -> &[u8] {
        &self.hex[..usize::from(self.len)]
    }

    pub(crate) fn hex_str(&self) -> &str {
        core::str::from_utf8(self.hex()).unwrap_or("")
    }
}
