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
use alloc::vec::Vec;

use crate::sha256::Sha256;
use subtle::ConstantTimeEq as _;

use crate::encode::Sink;
use crate::error::{Error, ErrorKind, Result, S3ErrorCode};

use super::Payload;

mod checksum;
mod mode;
mod signer;
mod trailer;
#[cfg(feature = "std")]
mod writer;

pub use checksum::ChecksumAlgorithm;
pub(crate) use checksum::Checksummer;
pub use mode::ChunkedMode;
pub use signer::ChunkSigner;
#[cfg(feature = "std")]
pub use writer::ChunkedWriter;

use trailer::{
    check_trailers, lines_well_formed, trailer_line_len, trailer_lines, trailers_digest, trim,
    write_trailer,
};

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

const CHUNK_SIGNATURE: &[u8] = b";chunk-signature=";
const CRLF: &[u8] = b"\r\n";

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

// ---------------------------------------------------------------------------
// Settings and lengths

/// How a body is sent aws-chunked: the mode, the chunk size, and the
/// checksum trailer. It gives what the seed request needs (payload hash,
/// `Content-Length`, `x-amz-trailer`) before anything is signed, then frames
/// the body.
///
/// ```
/// use awssig::v4::chunked::{ChecksumAlgorithm, Chunked, ChunkedMode};
/// let c = Chunked::new(ChunkedMode::UnsignedTrailer, 65536)?.checksum(ChecksumAlgorithm::Sha256)?;
/// assert_eq!(c.trailer_header(), Some("x-amz-checksum-sha256"));
/// let body = c.encode(None, b"hello", &[])?;
/// assert_eq!(body, b"5\r\nhello\r\n0\r\nx-amz-checksum-sha256:LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ=\r\n\r\n");
/// assert_eq!(c.content_length(5)?, body.len() as u64);
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Chunked {
    mode: ChunkedMode,
    chunk_size: usize,
    checksum: Option<ChecksumAlgorithm>,
}

impl Chunked {
    /// Settings for `mode` with chunks of `chunk_size` bytes (the last may be
    /// shorter). Zero is refused; S3 wants at least [`MIN_CHUNK_SIZE`].
    ///
    /// ```
    /// use awssig::{ErrorKind, v4::chunked::{Chunked, ChunkedMode, DEFAULT_CHUNK_SIZE}};
    /// assert!(Chunked::new(ChunkedMode::Signed, DEFAULT_CHUNK_SIZE).is_ok());
    /// assert_eq!(Chunked::new(ChunkedMode::Signed, 0).unwrap_err().kind(), ErrorKind::InvalidChunk);
    /// ```
    pub fn new(mode: ChunkedMode, chunk_size: usize) -> Result<Self> {
        if chunk_size == 0 {
            return Err(invalid("chunk size 0: chunks must hold at least one byte"));
        }
        Ok(Chunked {
            mode,
            chunk_size,
            checksum: None,
        })
    }

    /// Adds a checksum trailer (computed over the data as it is framed).
    /// Only the trailer modes carry one.
    ///
    /// ```
    /// use awssig::v4::chunked::{ChecksumAlgorithm, Chunked, ChunkedMode};
    /// assert!(Chunked::new(ChunkedMode::Signed, 8192)?.checksum(ChecksumAlgorithm::Sha1).is_err());
    /// assert!(Chunked::new(ChunkedMode::SignedTrailer, 8192)?.checksum(ChecksumAlgorithm::Sha1).is_ok());
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn checksum(mut self, algorithm: ChecksumAlgorithm) -> Result<Self> {
        if !self.mode.has_trailer() {
            return Err(Error::new(
                ErrorKind::UnsupportedHeader,
                "a checksum trailer needs a trailer mode (SignedTrailer or UnsignedTrailer)",
            ));
        }
        self.checksum = Some(algorithm);
        Ok(self)
    }

    /// The mode.
    ///
    /// ```
    /// use awssig::v4::chunked::{Chunked, ChunkedMode};
    /// assert_eq!(Chunked::new(ChunkedMode::Signed, 8192)?.mode(), ChunkedMode::Signed);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn mode(&self) -> ChunkedMode {
        self.mode
    }

    /// The chunk size.
    ///
    /// ```
    /// use awssig::v4::chunked::{Chunked, ChunkedMode};
    /// assert_eq!(Chunked::new(ChunkedMode::Signed, 8192)?.chunk_size(), 8192);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn chunk_size(&self) -> usize {
        self.chunk_size
    }

    /// The checksum trailer's algorithm, if any.
    ///
    /// ```
    /// use awssig::v4::chunked::{Chunked, ChunkedMode};
    /// assert_eq!(Chunked::new(ChunkedMode::UnsignedTrailer, 8192)?.get_checksum(), None);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn get_checksum(&self) -> Option<ChecksumAlgorithm> {
        self.checksum
    }

    /// The payload to sign the seed request with.
    ///
    /// ```
    /// use awssig::v4::{Payload, chunked::{Chunked, ChunkedMode}};
    /// assert_eq!(Chunked::new(ChunkedMode::Signed, 8192)?.payload(), Payload::StreamingSigned);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn payload(&self) -> Payload<'static> {
        self.mode.payload()
    }

    /// The `x-amz-trailer` value of the seed request when the checksum is
    /// the only trailer (list further trailers after it, comma-separated).
    ///
    /// ```
    /// use awssig::v4::chunked::{ChecksumAlgorithm, Chunked, ChunkedMode};
    /// let c = Chunked::new(ChunkedMode::SignedTrailer, 8192)?.checksum(ChecksumAlgorithm::Sha256)?;
    /// assert_eq!(c.trailer_header(), Some("x-amz-checksum-sha256"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn trailer_header(&self) -> Option<&'static str> {
        self.checksum.map(ChecksumAlgorithm::header_name)
    }

    /// The `Content-Length` of the framed body for `data_len` bytes of data
    /// (which is the `x-amz-decoded-content-length`), the checksum trailer
    /// included.
    ///
    /// ```
    /// use awssig::v4::chunked::{Chunked, ChunkedMode};
    /// // The S3 documentation's example: 65536 + 1024 bytes in 64 KiB chunks.
    /// assert_eq!(Chunked::new(ChunkedMode::Signed, 65536)?.content_length(66560)?, 66824);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn content_length(&self, data_len: u64) -> Result<u64> {
        self.content_length_with_trailers(data_len, &[])
    }

    /// [`Chunked::content_length`] with further trailers, as they will be
    /// passed to [`Chunked::encode`] or [`ChunkEncoder::finish`].
    ///
    /// ```
    /// use awssig::v4::chunked::{Chunked, ChunkedMode};
    /// let c = Chunked::new(ChunkedMode::UnsignedTrailer, 4)?;
    /// let t = [("x-amz-meta-a", "1")];
    /// assert_eq!(c.content_length_with_trailers(5, &t)?, c.encode(None, b"hello", &t)?.len() as u64);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn content_length_with_trailers(
        &self,
        data_len: u64,
        trailers: &[(&str, &str)],
    ) -> Result<u64> {
        self.check_trailers(trailers)?;
        let overflow = || invalid("the framed body length overflows 64 bits");
        let signed = self.mode.is_signed();
        let frame = |n: u64| -> u64 {
            hex_len(n)
                + if signed {
                    (CHUNK_SIGNATURE.len() + 64) as u64
                } else {
                    0
                }
                + 4
        };
        let size = self.chunk_size as u64;
        let full = data_len / size;
        let rest = data_len % size;
        let framed = |n: u64| n.checked_add(frame(n)).ok_or_else(overflow);
        let mut total = if full > 0 {
            full.checked_mul(framed(size)?).ok_or_else(overflow)?
        } else {
            0
        };
        if rest > 0 {
            total = total.checked_add(framed(rest)?).ok_or_else(overflow)?;
        }
        // The final chunk line.
        let mut end: u64 =
            1 + if signed {
                (CHUNK_SIGNATURE.len() + 64) as u64
            } else {
                0
            } + 2;
        match self.mode {
            ChunkedMode::Signed => end += 2,
            ChunkedMode::SignedTrailer | ChunkedMode::UnsignedTrailer => {
                if let Some(alg) = self.checksum {
                    end += (alg.header_name().len() + 1 + alg.value_len() + 2) as u64;
                }
                for &(name, value) in trailers {
                    end += trailer_line_len(name, value);
                }
                if signed {
                    end += (TRAILER_SIGNATURE_NAME.len() + 1 + 64 + 2) as u64;
                }
                end += 2;
            }
        }
        total.checked_add(end).ok_or_else(overflow)
    }

    fn check_trailers(&self, trailers: &[(&str, &str)]) -> Result<()> {
        if !trailers.is_empty() && !self.mode.has_trailer() {
            return Err(Error::new(
                ErrorKind::UnsupportedHeader,
                "trailers need a trailer mode (SignedTrailer or UnsignedTrailer)",
            ));
        }
        check_trailers(trailers)?;
        if let Some(alg) = self.checksum {
            if let Some((name, _)) = trailers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(alg.header_name()))
            {
                return Err(Error::new(
                    ErrorKind::InvalidHeaderName,
                    alloc::format!("trailer {name:?} repeats the checksum trailer"),
                ));
            }
        }
        Ok(())
    }

    /// An encoder for one body: `signer` is the chunk signer of the seed
    /// request for the signed modes, `None` for
    /// [`ChunkedMode::UnsignedTrailer`].
    ///
    /// ```
    /// use awssig::v4::chunked::{Chunked, ChunkedMode};
    /// let c = Chunked::new(ChunkedMode::UnsignedTrailer, 4)?;
    /// let mut enc = c.encoder(None)?;
    /// let mut out = Vec::new();
    /// enc.write_chunk(b"abcd", &mut out);
    /// enc.write_chunk(b"e", &mut out);
    /// enc.finish(&[], &mut out)?;
    /// assert_eq!(out, b"4\r\nabcd\r\n1\r\ne\r\n0\r\n\r\n");
    /// assert!(Chunked::new(ChunkedMode::Signed, 4)?.encoder(None).is_err());
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn encoder(&self, signer: Option<ChunkSigner>) -> Result<ChunkEncoder> {
        match (self.mode.is_signed(), signer.is_some()) {
            (true, false) => Err(invalid(alloc::format!(
                "{:?} mode signs every chunk: it needs the seed request's chunk signer",
                self.mode
            ))),
            (false, true) => Err(invalid(
                "UnsignedTrailer mode signs no chunk: pass no chunk signer",
            )),
            _ => Ok(ChunkEncoder {
                settings: *self,
                signer,
                checksum: self.checksum.map(Checksummer::new),
            }),
        }
    }

    /// Frames a whole body: chunks of [`Chunked::chunk_size`], the final
    /// chunk, and the trailer block (checksum first, then `trailers`). The
    /// output is exactly [`Chunked::content_length_with_trailers`] long.
    ///
    /// ```
    /// use awssig::v4::chunked::{Chunked, ChunkedMode};
    /// let body = Chunked::new(ChunkedMode::UnsignedTrailer, 3)?.encode(None, b"hello", &[])?;
    /// assert_eq!(body, b"3\r\nhel\r\n2\r\nlo\r\n0\r\n\r\n");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn encode(
        &self,
        signer: Option<ChunkSigner>,
        data: &[u8],
        trailers: &[(&str, &str)],
    ) -> Result<Vec<u8>> {
        let len = self.content_length_with_trailers(data.len() as u64, trailers)?;
        let mut enc = self.encoder(signer)?;
        let mut out = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
        for chunk in data.chunks(self.chunk_size) {
            enc.write_chunk(chunk, &mut out);
        }
        enc.finish(trailers, &mut out)?;
        Ok(out)
    }
}

/// Number of lowercase hex digits of `n` (1 for 0).
fn hex_len(n: u64) -> u64 {
    let bits = 64 - n.leading_zeros() as u64;
    bits.div_ceil(4).max(1)
}

// ---------------------------------------------------------------------------
// The encoder

/// Frames one body chunk by chunk (from [`Chunked::encoder`]).
///
/// ```
/// use awssig::SigningTime;
/// use awssig::v4::{SigningKey, chunked::{ChunkSigner, Chunked, ChunkedMode}};
/// let key = SigningKey::derive("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "20130524", "us-east-1", "s3");
/// let seed = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";
/// let signer = ChunkSigner::new(&key, SigningTime::from_amz_date("20130524T000000Z")?, "us-east-1", "s3", seed)?;
/// let mut enc = Chunked::new(ChunkedMode::Signed, 65536)?.encoder(Some(signer))?;
/// let mut out = Vec::new();
/// enc.write_chunk(&[b'a'; 65536], &mut out);
/// enc.write_chunk(&[b'a'; 1024], &mut out);
/// enc.finish(&[], &mut out)?;
/// assert!(out.ends_with(b"0;chunk-signature=b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9\r\n\r\n"));
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct ChunkEncoder {
    settings: Chunked,
    signer: Option<ChunkSigner>,
    checksum: Option<Checksummer>,
}

/// The line before a chunk's data, on the stack.
struct ChunkPrefix {
    buf: [u8; 16 + 17 + 64 + 2],
    len: usize,
}

impl ChunkPrefix {
    fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }

    fn push(&mut self, bytes: &[u8]) {
        let end = (self.len + bytes.len()).min(self.buf.len());
        self.buf[self.len..end].copy_from_slice(&bytes[..end - self.len]);
        self.len = end;
    }
}

const HEX_LOWER: &[u8; 16] = b"0123456789abcdef";

/// Bytes of a signed chunk that [`ChunkEncoder::write_chunk`] hashes then
/// copies at a time: they are still in L1 for the copy, and the copy's
/// stores overlap the hashing.
const FUSED_BLOCK: usize = 4096;

/// `hex-size[;chunk-signature=SIG]\r\n`.
fn chunk_line(n: u64, signature: Option<&str>) -> ChunkPrefix {
    let mut p = ChunkPrefix {
        buf: [0; 99],
        len: 0,
    };
    let digits = hex_len(n) as usize;
    for i in 0..digits {
        let shift = 4 * (digits - 1 - i);
        p.buf[i] = HEX_LOWER[((n >> shift) & 15) as usize];
    }
    p.len = digits;
    if let Some(sig) = signature {
        p.push(CHUNK_SIGNATURE);
        p.push(sig.as_bytes());
    }
    p.push(CRLF);
    p
}

impl ChunkEncoder {
    /// `hex-size[;chunk-signature=SIG]\r\n` for `data` (signing it and
    /// adding it to the checksum).
    fn prefix(&mut self, data: &[u8]) -> ChunkPrefix {
        if let Some(c) = &mut self.checksum {
            c.update(data);
        }
        let sig = self.signer.as_mut().map(|s| s.sign_chunk(data));
        chunk_line(data.len() as u64, sig)
    }

    /// Appends one framed chunk of `data` to `out`. An empty slice writes
    /// nothing (the empty chunk ends the body: see [`ChunkEncoder::finish`]).
    ///
    /// ```
    /// use awssig::v4::chunked::{Chunked, ChunkedMode};
    /// let mut enc = Chunked::new(ChunkedMode::UnsignedTrailer, 1 << 20)?.encoder(None)?;
    /// let mut out = Vec::new();
    /// enc.write_chunk(&[0u8; 300], &mut out);
    /// enc.write_chunk(&[], &mut out);
    /// assert!(out.starts_with(b"12c\r\n"));
    /// assert_eq!(out.len(), 5 + 300 + 2);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn write_chunk(&mut self, data: &[u8], out: &mut Vec<u8>) {
        if data.is_empty() {
            return;
        }
        let Some(signer) = &mut self.signer else {
            let p = self.prefix(data);
            out.reserve(p.len + data.len() + 2);
            out.extend_from_slice(p.as_bytes());
            out.extend_from_slice(data);
            out.extend_from_slice(CRLF);
            return;
        };
        // One pass over `data`: each block hashed then copied; the line
        // before the data is filled in once the signature is known.
        let n = data.len() as u64;
        let line_len = hex_len(n) as usize + CHUNK_SIGNATURE.len() + 64 + CRLF.len();
        out.reserve(line_len + data.len() + 2);
        let at = out.len();
        out.resize(at + line_len, b'0');
        let mut hasher = Sha256::new();
        for block in data.chunks(FUSED_BLOCK) {
            hasher.put(block);
            if let Some(c) = &mut self.checksum {
                c.update(block);
            }
            out.extend_from_slice(block);
        }
        let p = chunk_line(n, Some(signer.sign_chunk_sha256(&hasher.finish())));
        if let Some(line) = out.get_mut(at..at + p.len) {
            line.copy_from_slice(p.as_bytes());
        }
        out.extend_from_slice(CRLF);
    }

    /// Appends the final chunk and the trailer block: the checksum trailer
    /// (if set), then `trailers` (names lowercased, values trimmed), then
    /// the trailer signature in [`ChunkedMode::SignedTrailer`]. Nothing is
    /// written when the trailers are refused.
    ///
    /// ```
    /// use awssig::{ErrorKind, v4::chunked::{Chunked, ChunkedMode}};
    /// let c = Chunked::new(ChunkedMode::UnsignedTrailer, 8192)?;
    /// let mut out = Vec::new();
    /// c.encoder(None)?.finish(&[("x-amz-meta-n", " 1 ")], &mut out)?;
    /// assert_eq!(out, b"0\r\nx-amz-meta-n:1\r\n\r\n");
    /// let err = c.encoder(None)?.finish(&[("bad\nname", "1")], &mut out).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::InvalidHeaderName);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn finish(mut self, trailers: &[(&str, &str)], out: &mut Vec<u8>) -> Result<()> {
        self.settings.check_trailers(trailers)?;
        let p = self.prefix(b"");
        out.extend_from_slice(p.as_bytes());
        if !self.settings.mode.has_trailer() {
            out.extend_from_slice(CRLF);
            return Ok(());
        }
        let checksum = self.checksum.take().map(Checksummer::finish);
        let names = self.settings.checksum.map(ChecksumAlgorithm::header_name);
        let lines = || {
            names
                .iter()
                .zip(&checksum)
                .map(|(n, v)| (n.as_bytes(), v.as_bytes()))
                .chain(trailers.iter().map(|(n, v)| (n.as_bytes(), v.as_bytes())))
        };
        for (name, value) in lines() {
            write_trailer(out, name, value, CRLF);
        }
        if let Some(s) = &mut self.signer {
            let sig = s.sign_trailer_sha256(&trailers_digest(lines()));
            out.extend_from_slice(TRAILER_SIGNATURE_NAME.as_bytes());
            out.extend_from_slice(b":");
            out.extend_from_slice(sig.as_bytes());
            out.extend_from_slice(CRLF);
        }
        out.extend_from_slice(CRLF);
        Ok(())
    }
}

// ---------------------------------------------------------------------------
// The decoder (server side)

/// What [`ChunkDecoder::decode`] found next.
///
/// ```
/// use awssig::v4::chunked::{ChunkDecoder, ChunkedMode, Decoded};
/// let mut d = ChunkDecoder::new(ChunkedMode::UnsignedTrailer, None)?;
/// let mut input: &[u8] = b"3\r\nabc\r\n0\r\n\r\n";
/// assert_eq!(d.decode(&mut input)?, Decoded::Data(b"abc"));
/// assert_eq!(d.decode(&mut input)?, Decoded::ChunkEnd { size: 3 });
/// assert_eq!(d.decode(&mut input)?, Decoded::Done);
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decoded<'a> {
    /// Data of the current chunk, a slice of the input. Its chunk is
    /// checked when it ends ([`Decoded::ChunkEnd`]): keep it apart until
    /// then, and commit nothing before [`Decoded::Done`].
    Data(&'a [u8]),
    /// The current chunk ended and (signed modes) its signature matched.
    ChunkEnd {
        /// The chunk's data length.
        size: u64,
    },
    /// The input is used up; call again with more.
    NeedMore,
    /// The body is complete: final chunk, trailers and their signature and
    /// checksum all checked.
    Done,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    Header,
    Data { size: u64, remaining: u64 },
    DataEnd { size: u64, cr: bool },
    FinalEnd { cr: bool },
    Trailer,
    Done,
}

/// The longest chunk header line: 16 hex digits, the signature, CR.
const LINE_MAX: usize = 16 + 17 + 64 + 1;

/// Decodes and checks an aws-chunked body as it streams in, in pieces of
/// any size: each chunk's signature when the chunk ends, the final chunk,
/// the trailer signature and the checksum trailer; the decoded length
/// against `x-amz-decoded-content-length` when given. The first bad chunk
/// is an error, and every later call returns it again.
///
/// Errors: [`ErrorKind::ChunkSignatureMismatch`] (S3 answers
/// `SignatureDoesNotMatch`), [`ErrorKind::ChecksumMismatch`] (`BadDigest`),
/// [`ErrorKind::InvalidChunk`] for framing, truncation and trailer problems
/// (the message names `IncompleteBody` or `MalformedTrailerError`). It never
/// panics and keeps at most one header line and the trailer block
/// ([`MAX_TRAILER_BLOCK`]) in memory.
///
/// ```
/// use awssig::{ErrorKind, SigningTime};
/// use awssig::v4::{SigningKey, chunked::{ChunkDecoder, ChunkSigner, ChunkedMode}};
/// let key = SigningKey::derive("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "20130524", "us-east-1", "s3");
/// let seed = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";
/// let signer = ChunkSigner::new(&key, SigningTime::from_amz_date("20130524T000000Z")?, "us-east-1", "s3", seed)?;
/// let mut d = ChunkDecoder::new(ChunkedMode::Signed, Some(signer))?;
/// let mut body = b"400;chunk-signature=0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497\r\n".to_vec();
/// body.extend_from_slice(&[b'a'; 1024]);
/// body.extend_from_slice(b"\r\n");
/// let err = d.decode_into(&body, &mut Vec::new()).unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::ChunkSignatureMismatch); // the doc's chunk 2, sent first
/// assert!(err.to_string().contains("SignatureDoesNotMatch"));
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct ChunkDecoder {
    mode: ChunkedMode,
    signer: Option<ChunkSigner>,
    state: State,
    line: [u8; LINE_MAX],
    line_len: usize,
    expected: [u8; 64],
    hasher: Sha256,
    checksum_alg: Option<ChecksumAlgorithm>,
    checksum: Option<Checksummer>,
    decoded: u64,
    decoded_len: Option<u64>,
    chunks: u64,
    trailer: Vec<u8>,
    failed: Option<Error>,
}

impl ChunkDecoder {
    /// A decoder for a body sent in `mode`; `signer` is the chunk signer of
    /// the seed request (its signature, key, scope and time) for the signed
    /// modes, `None` for [`ChunkedMode::UnsignedTrailer`].
    ///
    /// ```
    /// use awssig::v4::chunked::{ChunkDecoder, ChunkedMode};
    /// assert!(ChunkDecoder::new(ChunkedMode::UnsignedTrailer, None).is_ok());
    /// assert!(ChunkDecoder::new(ChunkedMode::Signed, None).is_err());
    /// ```
    pub fn new(mode: ChunkedMode, signer: Option<ChunkSigner>) -> Result<Self> {
        if mode.is_signed() != signer.is_some() {
            return Err(invalid(alloc::format!(
                "{mode:?} mode {} a chunk signer",
                if mode.is_signed() {
                    "needs"
                } else {
                    "takes no"
                }
            )));
        }
        Ok(ChunkDecoder {
            mode,
            signer,
            state: State::Header,
            line: [0; LINE_MAX],
            line_len: 0,
            expected: [0; 64],
            hasher: Sha256::new(),
            checksum_alg: None,
            checksum: None,
            decoded: 0,
            decoded_len: None,
            chunks: 0,
            trailer: Vec::new(),
            failed: None,
        })
    }

    /// Checks the decoded length against this `x-amz-decoded-content-length`
    /// (S3: `IncompleteBody` when they differ).
    ///
    /// ```
    /// use awssig::{ErrorKind, v4::chunked::{ChunkDecoder, ChunkedMode}};
    /// let mut d = ChunkDecoder::new(ChunkedMode::UnsignedTrailer, None)?.decoded_content_length(4);
    /// let err = d.decode_into(b"3\r\nabc\r\n0\r\n\r\n", &mut Vec::new()).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::InvalidChunk);
    /// assert!(err.to_string().contains("IncompleteBody"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn decoded_content_length(mut self, len: u64) -> Self {
        self.decoded_len = Some(len);
        self
    }

    /// Requires the checksum trailer of this algorithm (the one the seed
    /// request's `x-amz-trailer` names) and checks it against the data.
    ///
    /// ```
    /// use awssig::{ErrorKind, v4::chunked::{ChecksumAlgorithm, ChunkDecoder, ChunkedMode}};
    /// let mut d = ChunkDecoder::new(ChunkedMode::UnsignedTrailer, None)?.checksum(ChecksumAlgorithm::Sha1);
    /// let body = b"3\r\nabc\r\n0\r\nx-amz-checksum-sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAA=\r\n\r\n";
    /// let err = d.decode_into(body, &mut Vec::new()).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::ChecksumMismatch);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn checksum(mut self, algorithm: ChecksumAlgorithm) -> Self {
        self.checksum_alg = Some(algorithm);
        self.checksum = Some(Checksummer::new(algorithm));
        self
    }

    /// The mode.
    ///
    /// ```
    /// use awssig::v4::chunked::{ChunkDecoder, ChunkedMode};
    /// assert_eq!(ChunkDecoder::new(ChunkedMode::UnsignedTrailer, None)?.mode(), ChunkedMode::UnsignedTrailer);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn mode(&self) -> ChunkedMode {
        self.mode
    }

    /// Data bytes decoded so far.
    ///
    /// ```
    /// use awssig::v4::chunked::{ChunkDecoder, ChunkedMode};
    /// let mut d = ChunkDecoder::new(ChunkedMode::UnsignedTrailer, None)?;
    /// d.decode_into(b"3\r\nab", &mut Vec::new())?;
    /// assert_eq!(d.decoded_len(), 2);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn decoded_len(&self) -> u64 {
        self.decoded
    }

    /// Whether the whole body has been decoded and checked.
    ///
    /// ```
    /// use awssig::v4::chunked::{ChunkDecoder, ChunkedMode};
    /// let mut d = ChunkDecoder::new(ChunkedMode::UnsignedTrailer, None)?;
    /// d.decode_into(b"0\r\n\r\n", &mut Vec::new())?;
    /// assert!(d.is_done());
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn is_done(&self) -> bool {
        self.state == State::Done
    }

    /// Call at the end of the input: `Ok` when the body was complete and
    /// checked, the first error otherwise (S3: `IncompleteBody` for a body
    /// that stops early).
    ///
    /// ```
    /// use awssig::v4::chunked::{ChunkDecoder, ChunkedMode};
    /// let mut d = ChunkDecoder::new(ChunkedMode::UnsignedTrailer, None)?;
    /// d.decode_into(b"3\r\nabc\r\n", &mut Vec::new())?;
    /// assert!(d.finish().unwrap_err().to_string().contains("IncompleteBody"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn finish(&self) -> Result<()> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        if self.state == State::Done {
            return Ok(());
        }
        Err(incomplete(alloc::format!(
            "aws-chunked body ended early, in chunk {}, after {} data bytes (S3: IncompleteBody)",
            self.chunks + 1,
            self.decoded
        )))
    }

    /// The trailers received (name, value), without the trailer signature;
    /// empty before [`ChunkDecoder::is_done`].
    ///
    /// ```
    /// use awssig::v4::chunked::{ChunkDecoder, ChunkedMode};
    /// let mut d = ChunkDecoder::new(ChunkedMode::UnsignedTrailer, None)?;
    /// d.decode_into(b"0\r\nx-amz-meta-a: 1\r\n\r\n", &mut Vec::new())?;
    /// assert_eq!(d.trailers().collect::<Vec<_>>(), [("x-amz-meta-a", "1")]);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn trailers(&self) -> impl Iterator<Item = (&str, &str)> + '_ {
        let done = self.state == State::Done;
        trailer_lines(if done { &self.trailer } else { &[] })
            .filter(|(n, _)| !n.eq_ignore_ascii_case(TRAILER_SIGNATURE_NAME.as_bytes()))
            .map(|(n, v)| {
                (
                    core::str::from_utf8(n).unwrap_or(""),
                    core::str::from_utf8(trim(v)).unwrap_or(""),
                )
            })
    }

    /// Decodes all of `input`, appending the data to `out`. The data of a
    /// chunk is appended before the chunk is checked: commit nothing before
    /// [`ChunkDecoder::finish`] succeeds.
    ///
    /// ```
    /// use awssig::v4::chunked::{ChunkDecoder, ChunkedMode};
    /// let mut d = ChunkDecoder::new(ChunkedMode::UnsignedTrailer, None)?;
    /// let mut out = Vec::new();
    /// for piece in [&b"5\r\nhe"[..], b"llo\r", b"\n0\r\n\r", b"\n"] {
    ///     d.decode_into(piece, &mut out)?;
    /// }
    /// d.finish()?;
    /// assert_eq!(out, b"hello");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn decode_into(&mut self, mut input: &[u8], out: &mut Vec<u8>) -> Result<()> {
        loop {
            match self.decode(&mut input)? {
                Decoded::Data(d) => out.extend_from_slice(d),
                Decoded::ChunkEnd { .. } => {}
                Decoded::NeedMore | Decoded::Done => return Ok(()),
            }
        }
    }

    /// Decodes from the front of `input`, advancing it past what was used,
    /// up to the next event.
    ///
    /// ```
    /// use awssig::v4::chunked::{ChunkDecoder, ChunkedMode, Decoded};
    /// let mut d = ChunkDecoder::new(ChunkedMode::UnsignedTrailer, None)?;
    /// let mut input: &[u8] = b"a\r\n01234";
    /// assert_eq!(d.decode(&mut input)?, Decoded::Data(b"01234"));
    /// assert_eq!(d.decode(&mut input)?, Decoded::NeedMore);
    /// assert!(input.is_empty());
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn decode<'a>(&mut self, input: &mut &'a [u8]) -> Result<Decoded<'a>> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        let r = self.step(input);
        if let Err(e) = &r {
            self.failed = Some(e.clone());
        }
        r
    }

    fn step<'a>(&mut self, input: &mut &'a [u8]) -> Result<Decoded<'a>> {
        loop {
            match self.state {
                State::Done => {
                    if input.is_empty() {
                        return Ok(Decoded::Done);
                    }
                    return Err(incomplete(alloc::format!(
                        "{} bytes after the end of the aws-chunked body (S3: IncompleteBody)",
                        input.len()
                    )));
                }
                State::Header => {
                    let Some(i) = input.iter().position(|&b| b == b'\n') else {
                        self.push_line(input)?;
                        *input = &[];
                        return Ok(Decoded::NeedMore);
                    };
                    self.push_line(&input[..i])?;
                    *input = &input[i + 1..];
                    self.header()?;
                }
                State::Data { size, remaining } => {
                    if input.is_empty() {
                        return Ok(Decoded::NeedMore);
                    }
                    let n = usize::try_from(remaining)
                        .unwrap_or(usize::MAX)
                        .min(input.len());
                    let (data, rest) = input.split_at(n);
                    *input = rest;
                    self.hasher.put(data);
                    if let Some(c) = &mut self.checksum {
                        c.update(data);
                    }
                    self.decoded += n as u64;
                    let remaining = remaining - n as u64;
                    self.state = if remaining == 0 {
                        State::DataEnd { size, cr: false }
                    } else {
                        State::Data { size, remaining }
                    };
                    return Ok(Decoded::Data(data));
                }
                State::DataEnd { size, cr } => {
                    let Some((&b, rest)) = input.split_first() else {
                        return Ok(Decoded::NeedMore);
                    };
                    *input = rest;
                    match (cr, b) {
                        (false, b'\r') => self.state = State::DataEnd { size, cr: true },
                        (true, b'\n') => {
                            self.check_chunk()?;
                            self.state = State::Header;
                            return Ok(Decoded::ChunkEnd { size });
                        }
                        _ => {
                            return Err(incomplete(alloc::format!(
                                "chunk {} of the aws-chunked body is longer than its size {size} \
                                 or lacks the CRLF after its data (S3: IncompleteBody)",
                                self.chunks
                            )))
                        }
                    }
                }
                State::FinalEnd { cr } => {
                    let Some((&b, rest)) = input.split_first() else {
                        return Ok(Decoded::NeedMore);
                    };
                    *input = rest;
                    match (cr, b) {
                        (false, b'\r') => self.state = State::FinalEnd { cr: true },
                        (true, b'\n') => self.state = State::Done,
                        _ => {
                            return Err(incomplete(
                                "the final chunk of the aws-chunked body lacks its closing CRLF \
                                 (S3: IncompleteBody)",
                            ))
                        }
                    }
                }
                State::Trailer => {
                    while let Some((&b, rest)) = input.split_first() {
                        *input = rest;
                        if self.trailer.len() >= MAX_TRAILER_BLOCK {
                            return Err(malformed_trailer(alloc::format!(
                                "the trailer block exceeds {MAX_TRAILER_BLOCK} bytes (S3: MalformedTrailerError)"
                            )));
                        }
                        self.trailer.push(b);
                        if self.trailer == CRLF || self.trailer.ends_with(b"\r\n\r\n") {
                            self.check_trailer()?;
                            self.state = State::Done;
                            break;
                        }
                    }
                    if self.state != State::Done {
                        return Ok(Decoded::NeedMore);
                    }
                }
            }
        }
    }

    fn push_line(&mut self, bytes: &[u8]) -> Result<()> {
        let end = self.line_len + bytes.len();
        if end > LINE_MAX {
            return Err(incomplete(alloc::format!(
                "chunk {} header of the aws-chunked body is longer than {LINE_MAX} bytes \
                 (S3: IncompleteBody)",
                self.chunks + 1
            )));
        }
        self.line[self.line_len..end].copy_from_slice(bytes);
        self.line_len = end;
        Ok(())
    }

    /// A complete header line (without its LF) is in `line`.
    fn header(&mut self) -> Result<()> {
        self.chunks += 1;
        let index = self.chunks;
        let bad = |what: &str| {
            incomplete(alloc::format!(
                "chunk {index} header of the aws-chunked body {what} (S3: IncompleteBody)"
            ))
        };
        let len = self.line_len;
        self.line_len = 0;
        let Some((&b'\r', line)) = self.line[..len].split_last() else {
            return Err(bad("does not end with CRLF"));
        };
        let digits = line
            .iter()
            .position(|&b| !b.is_ascii_hexdigit())
            .unwrap_or(line.len());
        if digits == 0 || digits > 16 {
            return Err(bad(
                "does not start with a hexadecimal size of 1 to 16 digits",
            ));
        }
        let mut size: u64 = 0;
        for &c in &line[..digits] {
            let v = match c {
                b'0'..=b'9' => c - b'0',
                b'a'..=b'f' => c - b'a' + 10,
                _ => c - b'A' + 10,
            };
            size = size << 4 | u64::from(v);
        }
        let rest = &line[digits..];
        if self.mode.is_signed() {
            let sig = rest
                .strip_prefix(CHUNK_SIGNATURE)
                .filter(|s| s.len() == 64)
                .ok_or_else(|| bad("lacks \";chunk-signature=\" and 64 hex digits"))?;
            self.expected.copy_from_slice(sig);
        } else if !rest.is_empty() {
            return Err(bad("has more than a hexadecimal size (unsigned chunks)"));
        }
        if let Some(expected) = self.decoded_len {
            if size > expected - self.decoded.min(expected) {
                return Err(incomplete(alloc::format!(
                    "chunk {index} of {size} bytes goes past x-amz-decoded-content-length {expected} \
                     (S3: IncompleteBody)"
                )));
            }
        }
        if size > 0 {
            self.state = State::Data {
                size,
                remaining: size,
            };
            return Ok(());
        }
        // The final chunk.
        self.check_chunk()?;
        if let Some(expected) = self.decoded_len {
            if self.decoded != expected {
                return Err(incomplete(alloc::format!(
                    "the aws-chunked body holds {} data bytes, x-amz-decoded-content-length says \
                     {expected} (S3: IncompleteBody)",
                    self.decoded
                )));
            }
        }
        self.state = if self.mode.has_trailer() {
            State::Trailer
        } else {
            State::FinalEnd { cr: false }
        };
        Ok(())
    }

    /// Checks the signature of the chunk that just ended (signed modes).
    fn check_chunk(&mut self) -> Result<()> {
        let digest = core::mem::replace(&mut self.hasher, Sha256::new()).finish();
        let Some(signer) = &mut self.signer else {
            return Ok(());
        };
        let ok = signer
            .sign_chunk_sha256(&digest)
            .as_bytes()
            .ct_eq(&self.expected);
        if bool::from(ok) {
            Ok(())
        } else {
            Err(mismatch(alloc::format!(
                "the signature of chunk {} of the aws-chunked body does not match \
                     (S3: SignatureDoesNotMatch)",
                self.chunks
            )))
        }
    }

    /// The trailer block is complete in `trailer`.
    fn check_trailer(&mut self) -> Result<()> {
        let malformed = |what: &str| {
            malformed_trailer(alloc::format!(
                "the trailer block of the aws-chunked body {what} (S3: MalformedTrailerError)"
            ))
        };
        if !lines_well_formed(&self.trailer) {
            return Err(malformed("has a line that is not `name:value`"));
        }
        let mut signature: Option<&[u8]> = None;
        for (name, value) in trailer_lines(&self.trailer) {
            if signature.is_some() {
                return Err(malformed("has lines after x-amz-trailer-signature"));
            }
            let name_ok = !name.is_empty()
                && name
                    .iter()
                    .all(|&b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
            let value_ok = core::str::from_utf8(value).is_ok()
                && value
                    .iter()
                    .all(|&b| (b >= 0x20 && b != 0x7f) || b == b'\t');
            if !name_ok || !value_ok {
                return Err(malformed("has a line that is not `name:value`"));
            }
            if name.eq_ignore_ascii_case(TRAILER_SIGNATURE_NAME.as_bytes()) {
                signature = Some(value);
            }
        }
        let body_lines = || {
            trailer_lines(&self.trailer)
                .filter(|(n, _)| !n.eq_ignore_ascii_case(TRAILER_SIGNATURE_NAME.as_bytes()))
        };
        match (&mut self.signer, signature) {
            (Some(signer), Some(sig)) => {
                let digest = trailers_digest(body_lines());
                let ok = signer
                    .sign_trailer_sha256(&digest)
                    .as_bytes()
                    .ct_eq(trim(sig));
                if !bool::from(ok) {
                    return Err(mismatch(
                        "the trailer signature of the aws-chunked body does not match \
                         (S3: SignatureDoesNotMatch)",
                    ));
                }
            }
            (Some(_), None) => return Err(malformed("lacks x-amz-trailer-signature")),
            (None, Some(_)) => {
                return Err(malformed(
                    "is signed but the upload is STREAMING-UNSIGNED-PAYLOAD-TRAILER",
                ))
            }
            (None, None) => {}
        }
        if let (Some(alg), Some(c)) = (self.checksum_alg, self.checksum.take()) {
            let computed = c.finish();
            let Some((_, got)) =
                body_lines().find(|(n, _)| n.eq_ignore_ascii_case(alg.header_name().as_bytes()))
            else {
                return Err(malformed(&alloc::format!("lacks {}", alg.header_name())));
            };
            if trim(got) != computed.as_bytes() {
                return Err(Error::new(
                    ErrorKind::ChecksumMismatch,
                    alloc::format!(
                        "the {} trailer {:?} does not match the data's {} (S3: BadDigest)",
                        alg.header_name(),
                        String::from_utf8_lossy(trim(got)),
                        computed.as_str()
                    ),
                )
                .with_s3_code(S3ErrorCode::BadDigest));
            }
        }
        Ok(())
    }
}
