//! Step 4: the signature, `HEX(HMAC-SHA256(signing key, string to sign))`.
//!
//! The string to sign is streamed into the MAC, never built.

use crate::encode;
use crate::sha256::Mac;

/// A finished signature: 32 bytes, and their lowercase hex.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct Signature {
    pub(crate) bytes: [u8; 32],
    pub(crate) hex: [u8; 64],
}

impl Signature {
    pub(crate) fn finish(mac: Mac) -> Self {
        let bytes = mac.finish();
        Signature {
            bytes,
            hex: encode::hex32(&bytes),
        }
    }

    pub(crate) fn hex_str(&self) -> &str {
        core::str::from_utf8(&self.hex).unwrap_or("")
    }
}
