//! [`ChunkedMode`]: which of the aws-chunked variants an upload uses, the
//! seed request's `x-amz-content-sha256` that announces it, and how wide
//! its chunk signatures are on the wire.

use crate::v4::{
    Payload, STREAMING_ECDSA_PAYLOAD, STREAMING_ECDSA_PAYLOAD_TRAILER, STREAMING_PAYLOAD,
    STREAMING_PAYLOAD_TRAILER, STREAMING_UNSIGNED_PAYLOAD_TRAILER,
};

/// Width of a SigV4 chunk signature on the wire: 64 hex digits.
pub(super) const HMAC_WIDTH: usize = 64;
/// Width of a SigV4A chunk signature on the wire: the hex of a DER ECDSA
/// P-256 signature (at most 72 bytes) right-padded with `*` to 144
/// characters, as aws-c-auth writes it, so the body length is known before
/// anything is signed.
pub(super) const ECDSA_WIDTH: usize = 144;

/// Which aws-chunked variant an upload uses.
///
/// ```
/// use awssig::v4::{chunked::ChunkedMode, Payload};
/// assert_eq!(ChunkedMode::SignedTrailer.payload(), Payload::StreamingSignedTrailer);
/// assert_eq!(ChunkedMode::from_content_sha256("STREAMING-UNSIGNED-PAYLOAD-TRAILER"), Some(ChunkedMode::UnsignedTrailer));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ChunkedMode {
    /// `STREAMING-AWS4-HMAC-SHA256-PAYLOAD`: every chunk signed, no trailer.
    Signed,
    /// `STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER`: every chunk signed, then
    /// a signed trailer block (checksums). The seed request signs
    /// `x-amz-trailer`.
    SignedTrailer,
    /// `STREAMING-UNSIGNED-PAYLOAD-TRAILER`: chunks not signed, then an
    /// unsigned trailer block (checksums); what modern SDKs send over HTTPS.
    UnsignedTrailer,
    /// `STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD`: SigV4A, every chunk
    /// signed with ECDSA; each signature is written `*`-padded to 144
    /// characters. Signing and checking need the `sigv4a` feature.
    SignedEcdsa,
    /// `STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER`: SigV4A, every
    /// chunk and the trailer block signed with ECDSA (padded as in
    /// [`ChunkedMode::SignedEcdsa`]).
    SignedEcdsaTrailer,
}

impl ChunkedMode {
    /// The payload to sign the seed request with.
    ///
    /// ```
    /// use awssig::v4::{chunked::ChunkedMode, Payload};
    /// assert_eq!(ChunkedMode::Signed.payload(), Payload::StreamingSigned);
    /// ```
    pub fn payload(self) -> Payload<'static> {
        match self {
            ChunkedMode::Signed => Payload::StreamingSigned,
            ChunkedMode::SignedTrailer => Payload::StreamingSignedTrailer,
            ChunkedMode::UnsignedTrailer => Payload::StreamingUnsignedTrailer,
            ChunkedMode::SignedEcdsa => Payload::StreamingSignedEcdsa,
            ChunkedMode::SignedEcdsaTrailer => Payload::StreamingSignedEcdsaTrailer,
        }
    }

    /// The `x-amz-content-sha256` value of the seed request.
    ///
    /// ```
    /// use awssig::v4::chunked::ChunkedMode;
    /// assert_eq!(ChunkedMode::Signed.content_sha256(), "STREAMING-AWS4-HMAC-SHA256-PAYLOAD");
    /// ```
    pub fn content_sha256(self) -> &'static str {
        match self {
            ChunkedMode::Signed => STREAMING_PAYLOAD,
            ChunkedMode::SignedTrailer => STREAMING_PAYLOAD_TRAILER,
            ChunkedMode::UnsignedTrailer => STREAMING_UNSIGNED_PAYLOAD_TRAILER,
            ChunkedMode::SignedEcdsa => STREAMING_ECDSA_PAYLOAD,
            ChunkedMode::SignedEcdsaTrailer => STREAMING_ECDSA_PAYLOAD_TRAILER,
        }
    }

    /// The mode an `x-amz-content-sha256` value announces, if any (server
    /// side).
    ///
    /// ```
    /// use awssig::v4::chunked::ChunkedMode;
    /// assert_eq!(ChunkedMode::from_content_sha256("STREAMING-AWS4-HMAC-SHA256-PAYLOAD"), Some(ChunkedMode::Signed));
    /// assert_eq!(
    ///     ChunkedMode::from_content_sha256("STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER"),
    ///     Some(ChunkedMode::SignedEcdsaTrailer)
    /// );
    /// assert_eq!(ChunkedMode::from_content_sha256("UNSIGNED-PAYLOAD"), None);
    /// ```
    pub fn from_content_sha256(value: &str) -> Option<Self> {
        [
            ChunkedMode::Signed,
            ChunkedMode::SignedTrailer,
            ChunkedMode::UnsignedTrailer,
            ChunkedMode::SignedEcdsa,
            ChunkedMode::SignedEcdsaTrailer,
        ]
        .into_iter()
        .find(|m| m.content_sha256() == value)
    }

    /// Whether chunks (and the trailer) carry signatures.
    ///
    /// ```
    /// use awssig::v4::chunked::ChunkedMode;
    /// assert!(ChunkedMode::SignedTrailer.is_signed() && !ChunkedMode::UnsignedTrailer.is_signed());
    /// ```
    pub fn is_signed(self) -> bool {
        !matches!(self, ChunkedMode::UnsignedTrailer)
    }

    /// Whether a trailer block follows the final chunk.
    ///
    /// ```
    /// use awssig::v4::chunked::ChunkedMode;
    /// assert!(!ChunkedMode::Signed.has_trailer() && ChunkedMode::UnsignedTrailer.has_trailer());
    /// ```
    pub fn has_trailer(self) -> bool {
        !matches!(self, ChunkedMode::Signed | ChunkedMode::SignedEcdsa)
    }

    /// Whether chunks are signed with SigV4A's ECDSA (else SigV4's HMAC,
    /// or not at all).
    ///
    /// ```
    /// use awssig::v4::chunked::ChunkedMode;
    /// assert!(ChunkedMode::SignedEcdsa.is_ecdsa() && !ChunkedMode::Signed.is_ecdsa());
    /// ```
    pub fn is_ecdsa(self) -> bool {
        matches!(
            self,
            ChunkedMode::SignedEcdsa | ChunkedMode::SignedEcdsaTrailer
        )
    }

    /// How many characters a chunk or trailer signature takes on the wire:
    /// 64 (SigV4's hex HMAC), 144 (SigV4A's DER hex, `*`-padded), 0
    /// (unsigned).
    ///
    /// ```
    /// use awssig::v4::chunked::ChunkedMode;
    /// assert_eq!(ChunkedMode::Signed.signature_width(), 64);
    /// assert_eq!(ChunkedMode::SignedEcdsaTrailer.signature_width(), 144);
    /// assert_eq!(ChunkedMode::UnsignedTrailer.signature_width(), 0);
    /// ```
    pub fn signature_width(self) -> usize {
        match self {
            ChunkedMode::Signed | ChunkedMode::SignedTrailer => HMAC_WIDTH,
            ChunkedMode::SignedEcdsa | ChunkedMode::SignedEcdsaTrailer => ECDSA_WIDTH,
            ChunkedMode::UnsignedTrailer => 0,
        }
    }
}
