//! The signature step: `Base64(HMAC-SHA1(secret, StringToSign))`, the
//! string to sign streamed into the MAC.

use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;

use crate::encode::Sink;

use super::string_to_sign::StringToSign;

/// A SigV2 signature: the base64 of an HMAC-SHA1, 28 characters.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct Signature {
    pub(crate) b64: [u8; 28],
}

impl Signature {
    pub(crate) fn as_str(&self) -> &str {
        core::str::from_utf8(&self.b64).unwrap_or("")
    }

    pub(crate) fn from_digest(digest: &[u8; 20]) -> Self {
        let mut b64 = [0u8; 28];
        // 20 bytes always encode to 28 base64 characters.
        let _ = base64::Engine::encode_slice(
            &base64::engine::general_purpose::STANDARD,
            digest,
            &mut b64,
        );
        Signature { b64 }
    }
}

/// An HMAC-SHA1 keyed with `secret` (any length is accepted).
pub(super) fn mac_for(secret: &[u8]) -> MacSink {
    let mac = <Hmac<Sha1> as KeyInit>::new_from_slice(secret)
        .unwrap_or_else(|_| <Hmac<Sha1> as KeyInit>::new(&Default::default()));
    MacSink(mac)
}

/// `HMAC-SHA1(secret, StringToSign)`, the raw 20 bytes (verification).
pub(crate) fn digest(secret: &[u8], sts: &StringToSign<'_>) -> [u8; 20] {
    let mut mac = mac_for(secret);
    sts.write(&mut mac);
    mac.0.finalize().into_bytes().into()
}

/// Streams the string to sign into the MAC.
pub(super) struct MacSink(Hmac<Sha1>);

impl Sink for MacSink {
    #[inline]
    fn put(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }
}

impl MacSink {
    /// The signature of what was streamed in.
    pub(super) fn finish(self) -> Signature {
        Signature::from_digest(&self.0.finalize().into_bytes().into())
    }
}
