//! [`ChunkedMode`]: which of the three aws-chunked variants an upload
//! uses, and the seed request's `x-amz-content-sha256` that announces it.

use crate::v4::{
    Payload, STREAMING_PAYLOAD, STREAMING_PAYLOAD_TRAILER, STREAMING_UNSIGNED_PAYLOAD_TRAILER,
};

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
        }
    }

    /// The mode an `x-amz-content-sha256` value announces, if any (server
    /// side).
    ///
    /// ```
    /// use awssig::v4::chunked::ChunkedMode;
    /// assert_eq!(ChunkedMode::from_content_sha256("STREAMING-AWS4-HMAC-SHA256-PAYLOAD"), Some(ChunkedMode::Signed));
    /// assert_eq!(ChunkedMode::from_content_sha256("UNSIGNED-PAYLOAD"), None);
    /// ```
    pub fn from_content_sha256(value: &str) -> Option<Self> {
        [
            ChunkedMode::Signed,
            ChunkedMode::SignedTrailer,
            ChunkedMode::UnsignedTrailer,
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
        !matches!(self, ChunkedMode::Signed)
    }
}
