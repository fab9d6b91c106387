//! The last line of the canonical request: the payload hash, from what
//! the caller says of the body ([`Payload`]): the SHA-256 of its bytes, a
//! given digest, or one of the named values (`UNSIGNED-PAYLOAD`, the
//! aws-chunked `STREAMING-*` modes).

use crate::encode;
use crate::error::{Error, ErrorKind, Result};

/// The payload hash of a request whose body is not signed.
///
/// ```
/// assert_eq!(awssig::v4::UNSIGNED_PAYLOAD, "UNSIGNED-PAYLOAD");
/// ```
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";
/// SHA-256 of the empty string, the payload hash of a request with no body.
///
/// ```
/// use sha2::Digest;
/// let hex: String = sha2::Sha256::digest(b"").iter().map(|b| format!("{b:02x}")).collect();
/// assert_eq!(hex, awssig::v4::EMPTY_SHA256);
/// ```
pub const EMPTY_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
/// The payload hash of an aws-chunked upload whose chunks are signed
/// ([`Payload::StreamingSigned`]).
///
/// ```
/// assert!(awssig::v4::STREAMING_PAYLOAD.starts_with("STREAMING-"));
/// ```
pub const STREAMING_PAYLOAD: &str = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
/// The payload hash of an aws-chunked upload whose chunks and trailer are
/// signed ([`Payload::StreamingSignedTrailer`]).
///
/// ```
/// assert!(awssig::v4::STREAMING_PAYLOAD_TRAILER.ends_with("-TRAILER"));
/// ```
pub const STREAMING_PAYLOAD_TRAILER: &str = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
/// The payload hash of a SigV4A aws-chunked upload whose chunks are
/// signed with ECDSA ([`Payload::StreamingSignedEcdsa`]).
///
/// ```
/// assert_eq!(awssig::v4::STREAMING_ECDSA_PAYLOAD, "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD");
/// ```
pub const STREAMING_ECDSA_PAYLOAD: &str = "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD";
/// The payload hash of a SigV4A aws-chunked upload whose chunks and
/// trailer are signed with ECDSA ([`Payload::StreamingSignedEcdsaTrailer`]).
///
/// ```
/// assert!(awssig::v4::STREAMING_ECDSA_PAYLOAD_TRAILER.ends_with("-PAYLOAD-TRAILER"));
/// ```
pub const STREAMING_ECDSA_PAYLOAD_TRAILER: &str =
    "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER";
/// The payload hash of an aws-chunked upload with unsigned chunks and a
/// checksum trailer ([`Payload::StreamingUnsignedTrailer`]).
///
/// ```
/// assert!(awssig::v4::STREAMING_UNSIGNED_PAYLOAD_TRAILER.contains("UNSIGNED"));
/// ```
pub const STREAMING_UNSIGNED_PAYLOAD_TRAILER: &str = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";

/// What to sign for the body.
///
/// ```
/// use awssig::v4::Payload;
/// let p = Payload::Bytes(b"Param1=value1");
/// assert!(matches!(p, Payload::Bytes(_)));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Payload<'a> {
    /// No body: the hash of the empty string.
    #[default]
    Empty,
    /// The body itself; it is hashed.
    Bytes(&'a [u8]),
    /// The body's SHA-256, already computed, as 64 lowercase hex digits.
    Sha256Hex(&'a str),
    /// `UNSIGNED-PAYLOAD`: the body is not signed (presigned S3 URLs).
    Unsigned,
    /// `STREAMING-AWS4-HMAC-SHA256-PAYLOAD`: the seed request of an
    /// aws-chunked upload whose chunks are signed (see [`chunked`](super::chunked)).
    StreamingSigned,
    /// `STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER`: signed chunks, then a
    /// signed trailer (see [`chunked`](super::chunked)).
    StreamingSignedTrailer,
    /// `STREAMING-UNSIGNED-PAYLOAD-TRAILER`: unsigned chunks, then a
    /// checksum trailer (see [`chunked`](super::chunked)).
    StreamingUnsignedTrailer,
    /// `STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD`: the seed request of a
    /// SigV4A aws-chunked upload whose chunks are signed (the `sigv4a`
    /// feature's `v4a::ChunkSigner`).
    StreamingSignedEcdsa,
    /// `STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER`: SigV4A signed
    /// chunks, then a signed trailer.
    StreamingSignedEcdsaTrailer,
}

/// The payload hash line: 64 hex digits or a literal such as `UNSIGNED-PAYLOAD`.
/// The named ones are kept by reference, so setting one up writes two
/// words, not a 64-byte buffer.
#[derive(Clone, Copy)]
pub(crate) enum PayloadHash {
    Named(&'static str),
    Inline { buf: [u8; 64], len: u8 },
}

impl PayloadHash {
    /// A copy of `s` (at most 64 bytes: longer is no payload hash).
    pub(crate) fn literal(s: &str) -> Self {
        Self::literal_bytes(s.as_bytes())
    }

    fn literal_bytes(s: &[u8]) -> Self {
        let mut buf = [0u8; 64];
        let len = s.len().min(64);
        buf[..len].copy_from_slice(&s[..len]);
        PayloadHash::Inline {
            buf,
            len: len as u8,
        }
    }

    /// The line for `payload`, owned (verification keeps it). The named
    /// kinds need no work; a body is hashed, a given digest checked, out
    /// of line.
    pub(crate) fn of(payload: &Payload<'_>) -> Result<Self> {
        Ok(match *payload {
            Payload::Bytes(body) => Self::digest(body),
            Payload::Sha256Hex(hex) => Self::checked_hex(hex)?,
            _ => Self::Named(Self::named(payload).unwrap_or(EMPTY_SHA256)),
        })
    }

    /// The line for `payload`, borrowed: a name is static, a given digest
    /// is checked and used where it lies, a body is hashed into `buf`.
    /// Nothing is moved through memory but a slice (a `Result` of the
    /// 72-byte [`PayloadHash`] is copied piece by piece on the hot path).
    #[inline(always)]
    pub(crate) fn line<'p>(payload: &Payload<'p>, buf: &'p mut [u8; 64]) -> Result<&'p [u8]> {
        Ok(match *payload {
            Payload::Bytes(body) => {
                Self::hash_into(body, buf);
                buf
            }
            Payload::Sha256Hex(hex) => {
                Self::check_hex(hex)?;
                hex.as_bytes()
            }
            _ => Self::named(payload).unwrap_or(EMPTY_SHA256).as_bytes(),
        })
    }

    /// Kept with a signed request: the payload's [`PayloadHash::line`].
    #[inline(always)]
    pub(crate) fn keep(payload: &Payload<'_>, line: &[u8]) -> Self {
        match Self::named(payload) {
            Some(name) => Self::Named(name),
            None => Self::literal_bytes(line),
        }
    }

    #[inline(always)]
    fn named(payload: &Payload<'_>) -> Option<&'static str> {
        Some(match payload {
            Payload::Empty => EMPTY_SHA256,
            Payload::Unsigned => UNSIGNED_PAYLOAD,
            Payload::StreamingSigned => STREAMING_PAYLOAD,
            Payload::StreamingSignedTrailer => STREAMING_PAYLOAD_TRAILER,
            Payload::StreamingUnsignedTrailer => STREAMING_UNSIGNED_PAYLOAD_TRAILER,
            Payload::StreamingSignedEcdsa => STREAMING_ECDSA_PAYLOAD,
            Payload::StreamingSignedEcdsaTrailer => STREAMING_ECDSA_PAYLOAD_TRAILER,
            Payload::Bytes(_) | Payload::Sha256Hex(_) => return None,
        })
    }

    #[inline(never)]
    fn hash_into(body: &[u8], buf: &mut [u8; 64]) {
        *buf = encode::hex32(&crate::sha256::Sha256::digest(body));
    }

    fn digest(body: &[u8]) -> Self {
        let mut buf = [0u8; 64];
        Self::hash_into(body, &mut buf);
        PayloadHash::Inline { buf, len: 64 }
    }

    #[inline(never)]
    fn checked_hex(hex: &str) -> Result<Self> {
        Self::check_hex(hex)?;
        Ok(Self::literal(hex))
    }

    fn check_hex(hex: &str) -> Result<()> {
        if hex.len() != 64 || !hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
            return Err(Error::new(
                ErrorKind::InvalidPayloadHash,
                alloc::format!(
                    "payload hash {hex:?} is not a SHA-256 digest: expected 64 lowercase hex digits"
                ),
            ));
        }
        Ok(())
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        match self {
            PayloadHash::Named(s) => s.as_bytes(),
            PayloadHash::Inline { buf, len } => &buf[..usize::from(*len).min(64)],
        }
    }

    pub(crate) fn as_str(&self) -> &str {
        match self {
            PayloadHash::Named(s) => s,
            PayloadHash::Inline { .. } => {
                core::str::from_utf8(self.as_bytes()).unwrap_or(EMPTY_SHA256)
            }
        }
    }
}

/// Equal when the lines are (however each is kept).
impl PartialEq for PayloadHash {
    fn eq(&self, other: &Self) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl Eq for PayloadHash {}
