//! aws-chunked streaming uploads: chunk signatures, signed trailers, the
//! wire framing, and the server-side decoder that checks them.
//!
//! An upload whose size or content is not known up front is sent as
//! `Content-Encoding: aws-chunked`. The request itself (the *seed*) is
//! signed as usual with one of the streaming payload hashes
//! ([`ChunkedMode::payload`]); then every chunk carries a signature chained
//! from the seed's:
//!
//! ```text
//! AWS4-HMAC-SHA256-PAYLOAD \n amz-date \n scope \n previous-signature \n SHA256("") \n SHA256(chunk)
//! ```
//!
//! and, with a trailer, the trailer block is signed last
//! (`AWS4-HMAC-SHA256-TRAILER` \n … \n previous \n SHA256(`name:value\n`…)).
//!
//! Wire framing (as smithy-rs writes it):
//!
//! | mode | data chunk | end |
//! |---|---|---|
//! | [`ChunkedMode::Signed`] | `hex;chunk-signature=SIG\r\nDATA\r\n` | `0;chunk-signature=SIG\r\n\r\n` |
//! | [`ChunkedMode::SignedTrailer`] | same | `0;chunk-signature=SIG\r\n` `name:value\r\n`… `x-amz-trailer-signature:SIG\r\n\r\n` |
//! | [`ChunkedMode::UnsignedTrailer`] | `hex\r\nDATA\r\n` | `0\r\n` `name:value\r\n`… `\r\n` |
//!
//! SigV4A ([`ChunkedMode::SignedEcdsa`], [`ChunkedMode::SignedEcdsaTrailer`],
//! feature `sigv4a` to sign or check) frames the same way; its chunk
//! strings to sign start `AWS4-ECDSA-P256-SHA256-PAYLOAD` (`-TRAILER`),
//! chain the previous signature's DER hex without padding, and each
//! signature goes on the wire as its DER hex right-padded with
//! [`SIGNATURE_PADDING`] to 144 characters, as aws-c-auth writes it
//! (`AWS_SIGV4A_SIGNATURE_PADDING_BYTE`), so that the length is known
//! before anything is signed. See [`Chunked::encoder_v4a`] and
//! [`ChunkDecoder::new_v4a`].
//!
//! Client side: [`Chunked`] (mode, chunk size, checksum) gives the payload
//! hash and `Content-Length` for the seed request, then frames the body with
//! [`Chunked::encode`] (a slice), a [`ChunkEncoder`] (chunk by chunk) or a
//! [`ChunkedWriter`] (`std::io::Write`). Server side: [`ChunkDecoder`].
//!
//! ```
//! use awssig::{Credentials, SigningTime};
//! use awssig::v4::{Request, Signer, SigningSettings};
//! use awssig::v4::chunked::{ChunkDecoder, Chunked, ChunkedMode};
//!
//! let signer = Signer::new(
//!     Credentials::new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")?,
//!     SigningSettings::s3("us-east-1"),
//! )?;
//! let data = vec![b'a'; 65536 + 1024];
//! let chunked = Chunked::new(ChunkedMode::Signed, 65536)?;
//! let length = chunked.content_length(data.len() as u64)?.to_string();
//! let decoded = data.len().to_string();
//! let headers = [
//!     ("Host", "s3.amazonaws.com"),
//!     ("x-amz-storage-class", "REDUCED_REDUNDANCY"),
//!     ("Content-Encoding", "aws-chunked"),
//!     ("x-amz-decoded-content-length", decoded.as_str()),
//!     ("Content-Length", length.as_str()),
//! ];
//! let req = Request::new("PUT", "/examplebucket/chunkObject.txt")
//!     .headers(&headers)
//!     .payload(chunked.payload());
//! let seed = signer.sign_headers(&req, SigningTime::from_amz_date("20130524T000000Z")?)?;
//! assert_eq!(seed.signature(), "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9");
//!
//! let body = chunked.encode(Some(signer.chunk_signer(&seed)?), &data, &[])?;
//! assert_eq!(body.len(), 66824);
//! assert!(body.starts_with(b"10000;chunk-signature=ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648\r\n"));
//!
//! // The server side, given the same seed signature and key.
//! let mut decoder = ChunkDecoder::new(ChunkedMode::Signed, Some(signer.chunk_signer(&seed)?))?
//!     .decoded_content_length(data.len() as u64);
//! let mut out = Vec::new();
//! for piece in body.chunks(1000) {
//!     decoder.decode_into(piece, &mut out)?;
//! }
//! decoder.finish()?;
//! assert_eq!(out, data);
//! # Ok::<(), awssig::Error>(())
//! ```

use alloc::string::String;

use crate::error::{Error, ErrorKind, S3ErrorCode};

// One concern per file. Siblings take the public types through the
// re-exports below and crate-internal helpers from their file; nothing in
// chunked/ imports the request signer (`Signer::chunk_signer` builds a
// ChunkSigner from its parts, in v4/signer.rs).
mod chain;
mod checksum;
mod decoder;
mod encoder;
mod mode;
mod signer;
pub(crate) mod trailer;
#[cfg(feature = "std")]
mod writer;

pub use checksum::ChecksumAlgorithm;
pub(crate) use checksum::Checksummer;
pub use decoder::{ChunkDecoder, Decoded};
pub use encoder::{ChunkEncoder, Chunked};
pub use mode::ChunkedMode;
pub use signer::ChunkSigner;
#[cfg(feature = "std")]
pub use writer::ChunkedWriter;

/// The algorithm line of a chunk's string to sign.
///
/// ```
/// assert_eq!(awssig::v4::chunked::PAYLOAD_ALGORITHM, "AWS4-HMAC-SHA256-PAYLOAD");
/// ```
pub const PAYLOAD_ALGORITHM: &str = "AWS4-HMAC-SHA256-PAYLOAD";
/// The algorithm line of the trailer's string to sign.
///
/// ```
/// assert_eq!(awssig::v4::chunked::TRAILER_ALGORITHM, "AWS4-HMAC-SHA256-TRAILER");
/// ```
pub const TRAILER_ALGORITHM: &str = "AWS4-HMAC-SHA256-TRAILER";
/// The name of the trailer line that carries the trailer signature.
///
/// ```
/// assert_eq!(awssig::v4::chunked::TRAILER_SIGNATURE_NAME, "x-amz-trailer-signature");
/// ```
pub const TRAILER_SIGNATURE_NAME: &str = "x-amz-trailer-signature";
/// A chunk size that works well: 64 KiB (what smithy-rs sends).
///
/// ```
/// use awssig::v4::chunked::{Chunked, ChunkedMode, DEFAULT_CHUNK_SIZE};
/// assert!(Chunked::new(ChunkedMode::UnsignedTrailer, DEFAULT_CHUNK_SIZE).is_ok());
/// ```
pub const DEFAULT_CHUNK_SIZE: usize = 64 * 1024;
/// S3's smallest chunk size for every chunk but the last: 8 KiB. The encoder
/// accepts smaller sizes (other servers may), S3 answers them with
/// `InvalidChunkSizeError`.
///
/// ```
/// assert!(awssig::v4::chunked::MIN_CHUNK_SIZE <= awssig::v4::chunked::DEFAULT_CHUNK_SIZE);
/// ```
pub const MIN_CHUNK_SIZE: usize = 8 * 1024;
/// The largest trailer block the decoder accepts, in bytes.
///
/// ```
/// assert_eq!(awssig::v4::chunked::MAX_TRAILER_BLOCK, 16 * 1024);
/// ```
pub const MAX_TRAILER_BLOCK: usize = 16 * 1024;

/// What pads a SigV4A chunk or trailer signature on the wire to 144
/// characters (aws-c-auth's `AWS_SIGV4A_SIGNATURE_PADDING_BYTE`); SigV4's
/// 64 hex digits need none.
///
/// ```
/// assert_eq!(awssig::v4::chunked::SIGNATURE_PADDING, b'*');
/// ```
pub const SIGNATURE_PADDING: u8 = b'*';

const CHUNK_SIGNATURE: &[u8] = b";chunk-signature=";
const CRLF: &[u8] = b"\r\n";

/// An `InvalidChunk` error without an S3 code (a bad setting or signer).
fn invalid(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::InvalidChunk, message)
}

/// A body that is malformed or ends early (S3: `IncompleteBody`).
fn incomplete(message: impl Into<String>) -> Error {
    invalid(message).with_s3_code(S3ErrorCode::IncompleteBody)
}

/// A trailer block that is malformed (S3: `MalformedTrailerError`).
fn malformed_trailer(message: impl Into<String>) -> Error {
    invalid(message).with_s3_code(S3ErrorCode::MalformedTrailerError)
}

/// A chunk or trailer signature that does not match (S3: `SignatureDoesNotMatch`).
fn mismatch(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::ChunkSignatureMismatch, message)
        .with_s3_code(S3ErrorCode::SignatureDoesNotMatch)
}
