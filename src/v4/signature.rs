//! Step 4: the signature, `HEX(HMAC-SHA256(signing key, string to sign))`.
//!
//! The string to sign is streamed into the MAC, never built. SigV4A's
//! final step (an ECDSA P-256 signature, DER, in hex: at most 144 digits)
//! gives the same type, so the outputs write either.

use crate::encode;
use crate::sha256::Mac;

/// The longest signature text: a DER ECDSA P-256 signature (72 bytes) in hex.
#[cfg(feature = "sigv4a")]
const MAX_HEX: usize = 144;

/// A finished signature: its lowercase hex, and for SigV4 its 32 bytes.
///
/// SigV4's hex lives inline (96 bytes in all, moved by value through the
/// presign pipeline); SigV4A's longer text goes on the heap, which costs
/// nothing next to its ECDSA signature, so SigV4 moves no more bytes than
/// before SigV4A existed (docs/performance.md, "SigV4A kept off SigV4's
/// path").
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Signature {
    /// The HMAC (SigV4); zero for SigV4A, whose signature is its text.
    pub(crate) bytes: [u8; 32],
    hex: [u8; 64],
    /// SigV4A: the signature's hex text (up to 144 digits).
    #[cfg(feature = "sigv4a")]
    long: Option<alloc::boxed::Box<[u8]>>,
}

impl Signature {
    pub(crate) fn finish(mac: Mac) -> Self {
        Self::from_bytes(mac.finish())
    }

    /// A SigV4 signature from its 32 bytes.
    pub(crate) fn from_bytes(bytes: [u8; 32]) -> Self {
        Signature {
            bytes,
            hex: encode::hex32(&bytes),
            #[cfg(feature = "sigv4a")]
            long: None,
        }
    }

    /// A SigV4A signature: DER bytes (at most 72), written in hex.
    #[cfg(feature = "sigv4a")]
    pub(crate) fn from_der(der: &[u8]) -> Self {
        let n = der.len().min(MAX_HEX / 2);
        let mut hex = alloc::vec![0u8; 2 * n];
        encode::hex_lower_to(&mut hex, &der[..n]);
        Signature {
            bytes: [0; 32],
            hex: [0; 64],
            long: Some(hex.into_boxed_slice()),
        }
    }

    /// A SigV4A signature from its hex text as received (at most 144
    /// characters, kept as they are); `None` when longer.
    #[cfg(feature = "sigv4a")]
    pub(crate) fn from_hex_text(text: &[u8]) -> Option<Self> {
        if text.len() > MAX_HEX {
            return None;
        }
        Some(Signature {
            bytes: [0; 32],
            hex: [0; 64],
            long: Some(text.into()),
        })
    }

    /// The lowercase hex digits.
    pub(crate) fn hex(&self) -> &[u8] {
        #[cfg(feature = "sigv4a")]
        if let Some(long) = &self.long {
            return long;
        }
        &self.hex
    }

    pub(crate) fn hex_str(&self) -> &str {
        core::str::from_utf8(self.hex()).unwrap_or("")
    }
}
