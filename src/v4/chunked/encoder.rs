//! The client side's framing: [`Chunked`], the settings of one upload
//! (mode, chunk size, checksum), which give the seed request its payload
//! hash and `Content-Length` before anything is signed, and
//! [`ChunkEncoder`], which frames the body chunk by chunk. The length
//! arithmetic and the framing live together because each must produce
//! exactly as many bytes as the other counts.

use alloc::vec::Vec;

use crate::encode::{self, Sink};
use crate::error::{Error, ErrorKind, Result};
use crate::sha256::Sha256;
use crate::v4::Payload;

use super::chain::ChainSigner;
use super::mode::ECDSA_WIDTH;
use super::trailer::{check_trailers, trailer_line_len, trailers_digest, write_trailer};
use super::{
    invalid, ChecksumAlgorithm, Checksummer, ChunkSigner, ChunkedMode, CHUNK_SIGNATURE, CRLF,
    SIGNATURE_PADDING, TRAILER_SIGNATURE_NAME,
};

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
    /// shorter). Zero is refused; S3 wants at least
    /// [`MIN_CHUNK_SIZE`](super::MIN_CHUNK_SIZE).
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
    /// assert_eq!(Chunked::new(ChunkedMode::UnsignedTrailer, 8192)?.checksum_algorithm(), None);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn checksum_algorithm(&self) -> Option<ChecksumAlgorithm> {
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
        let width = self.mode.signature_width() as u64;
        let signature = if signed {
            CHUNK_SIGNATURE.len() as u64 + width
        } else {
            0
        };
        let frame = |n: u64| -> u64 { hex_len(n) + signature + 4 };
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
        let mut end: u64 = 1 + signature + 2;
        match self.mode {
            ChunkedMode::Signed | ChunkedMode::SignedEcdsa => end += 2,
            ChunkedMode::SignedTrailer
            | ChunkedMode::UnsignedTrailer
            | ChunkedMode::SignedEcdsaTrailer => {
                if let Some(alg) = self.checksum {
                    end += (alg.header_name().len() + 1 + alg.value_len() + 2) as u64;
                }
                for &(name, value) in trailers {
                    end += trailer_line_len(name, value);
                }
                if signed {
                    end += (TRAILER_SIGNATURE_NAME.len() + 1 + 2) as u64 + width;
                }
                end += 2;
            }
        }
        total.checked_add(end).ok_or_else(overflow)
    }

    pub(super) fn check_trailers(&self, trailers: &[(&str, &str)]) -> Result<()> {
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
        self.encoder_with(signer.map(ChainSigner::Hmac))
    }

    /// An encoder for a SigV4A body ([`ChunkedMode::SignedEcdsa`] or
    /// [`ChunkedMode::SignedEcdsaTrailer`]): `signer` is the SigV4A seed
    /// request's chunk signer
    /// ([`v4a::Signer::chunk_signer`](crate::v4a::Signer::chunk_signer)).
    /// Each signature goes on the wire `*`-padded to 144 characters, as
    /// aws-c-auth writes it.
    ///
    /// ```
    /// use awssig::{Credentials, SigningTime};
    /// use awssig::v4::{Request, SigningSettings};
    /// use awssig::v4::chunked::{Chunked, ChunkedMode};
    /// use awssig::v4a::Signer;
    /// let signer = Signer::new(Credentials::new("AKID", "secret")?, SigningSettings::s3("*"))?;
    /// let c = Chunked::new(ChunkedMode::SignedEcdsa, 8192)?;
    /// let h = [("host", "b.s3.amazonaws.com"), ("content-encoding", "aws-chunked")];
    /// let req = Request::new("PUT", "/k").headers(&h).payload(c.payload());
    /// let seed = signer.sign_headers(&req, SigningTime::from_unix(0)?)?;
    /// let mut enc = c.encoder_v4a(signer.chunk_signer(&seed)?)?;
    /// let mut out = Vec::new();
    /// enc.write_chunk(b"hello", &mut out);
    /// enc.finish(&[], &mut out)?;
    /// assert!(out.starts_with(b"5;chunk-signature=30"));
    /// assert_eq!(&out[18 + 144..18 + 144 + 2], b"\r\n"); // 144 characters, padded with '*'
    /// assert_eq!(out.len() as u64, c.content_length(5)?);
    /// assert!(Chunked::new(ChunkedMode::Signed, 8192)?.encoder_v4a(signer.chunk_signer(&seed)?).is_err());
    /// # Ok::<(), awssig::Error>(())
    /// ```
    #[cfg(feature = "sigv4a")]
    pub fn encoder_v4a(&self, signer: crate::v4a::ChunkSigner) -> Result<ChunkEncoder> {
        self.encoder_with(Some(ChainSigner::Ecdsa(signer)))
    }

    pub(super) fn encoder_with(&self, signer: Option<ChainSigner>) -> Result<ChunkEncoder> {
        match &signer {
            None if self.mode.is_signed() => Err(invalid(alloc::format!(
                "{:?} mode signs every chunk: it needs the seed request's chunk signer",
                self.mode
            ))),
            Some(_) if !self.mode.is_signed() => Err(invalid(
                "UnsignedTrailer mode signs no chunk: pass no chunk signer",
            )),
            Some(s) if !s.fits(self.mode) => Err(invalid(alloc::format!(
                "{:?} mode signs with {}: {}",
                self.mode,
                if self.mode.is_ecdsa() {
                    "SigV4A (ECDSA)"
                } else {
                    "SigV4 (HMAC)"
                },
                if self.mode.is_ecdsa() {
                    "pass a v4a::ChunkSigner (Chunked::encoder_v4a)"
                } else {
                    "pass a v4::chunked::ChunkSigner (Chunked::encoder)"
                }
            ))),
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
        self.encode_with(signer.map(ChainSigner::Hmac), data, trailers)
    }

    /// [`Chunked::encode`] for a SigV4A body (see [`Chunked::encoder_v4a`]).
    ///
    /// ```
    /// use awssig::{Credentials, SigningTime};
    /// use awssig::v4::{Request, SigningSettings};
    /// use awssig::v4::chunked::{ChecksumAlgorithm, Chunked, ChunkedMode};
    /// use awssig::v4a::Signer;
    /// let signer = Signer::new(Credentials::new("AKID", "secret")?, SigningSettings::s3("*"))?;
    /// let c = Chunked::new(ChunkedMode::SignedEcdsaTrailer, 8192)?.checksum(ChecksumAlgorithm::Sha256)?;
    /// let h = [("host", "b.s3.amazonaws.com"), ("x-amz-trailer", "x-amz-checksum-sha256")];
    /// let req = Request::new("PUT", "/k").headers(&h).payload(c.payload());
    /// let seed = signer.sign_headers(&req, SigningTime::from_unix(0)?)?;
    /// let body = c.encode_v4a(signer.chunk_signer(&seed)?, b"hello", &[])?;
    /// assert_eq!(body.len() as u64, c.content_length(5)?);
    /// let text = String::from_utf8(body).unwrap();
    /// assert!(text.contains("\r\nx-amz-checksum-sha256:LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ=\r\nx-amz-trailer-signature:30"));
    /// assert!(text.ends_with("*\r\n\r\n"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    #[cfg(feature = "sigv4a")]
    pub fn encode_v4a(
        &self,
        signer: crate::v4a::ChunkSigner,
        data: &[u8],
        trailers: &[(&str, &str)],
    ) -> Result<Vec<u8>> {
        self.encode_with(Some(ChainSigner::Ecdsa(signer)), data, trailers)
    }

    fn encode_with(
        &self,
        signer: Option<ChainSigner>,
        data: &[u8],
        trailers: &[(&str, &str)],
    ) -> Result<Vec<u8>> {
        let len = self.content_length_with_trailers(data.len() as u64, trailers)?;
        let mut enc = self.encoder_with(signer)?;
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
    pub(super) settings: Chunked,
    signer: Option<ChainSigner>,
    checksum: Option<Checksummer>,
}

/// The longest chunk line: 16 hex digits, `;chunk-signature=`, the widest
/// signature, CRLF.
const PREFIX_MAX: usize = 16 + 17 + ECDSA_WIDTH + 2;

/// The line before a chunk's data, on the stack.
pub(super) struct ChunkPrefix {
    buf: [u8; PREFIX_MAX],
    len: usize,
}

impl ChunkPrefix {
    pub(super) fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }

    fn push(&mut self, bytes: &[u8]) {
        let end = (self.len + bytes.len()).min(self.buf.len());
        self.buf[self.len..end].copy_from_slice(&bytes[..end - self.len]);
        self.len = end;
    }

    /// `n` padding bytes (at most what is left).
    fn pad(&mut self, n: usize) {
        let end = (self.len + n).min(self.buf.len());
        self.buf[self.len..end].fill(SIGNATURE_PADDING);
        self.len = end;
    }
}

/// `signature` then the padding that brings it to `width` characters.
fn write_padded(out: &mut Vec<u8>, signature: &str, width: usize) {
    out.extend_from_slice(signature.as_bytes());
    out.resize(
        out.len() + width.saturating_sub(signature.len()),
        SIGNATURE_PADDING,
    );
}

/// Bytes of a signed chunk that [`ChunkEncoder::write_chunk`] hashes then
/// copies at a time: they are still in L1 for the copy, and the copy's
/// stores overlap the hashing.
const FUSED_BLOCK: usize = 4096;

/// `hex-size[;chunk-signature=SIG]\r\n`, SIG padded to `width`.
fn chunk_line(n: u64, signature: Option<&str>, width: usize) -> ChunkPrefix {
    let mut p = ChunkPrefix {
        buf: [0; PREFIX_MAX],
        len: 0,
    };
    let mut hex = [0u8; 16];
    encode::hex_lower_to(&mut hex, &n.to_be_bytes());
    let digits = hex_len(n) as usize;
    p.buf[..digits].copy_from_slice(&hex[16 - digits..]);
    p.len = digits;
    if let Some(sig) = signature {
        p.push(CHUNK_SIGNATURE);
        p.push(sig.as_bytes());
        p.pad(width.saturating_sub(sig.len()));
    }
    p.push(CRLF);
    p
}

impl ChunkEncoder {
    /// `hex-size[;chunk-signature=SIG]\r\n` for `data` (signing it and
    /// adding it to the checksum).
    pub(super) fn prefix(&mut self, data: &[u8]) -> ChunkPrefix {
        if let Some(c) = &mut self.checksum {
            c.update(data);
        }
        let width = self.settings.mode.signature_width();
        let sig = self
            .signer
            .as_mut()
            .map(|s| s.sign_chunk_sha256(&Sha256::digest(data)));
        chunk_line(data.len() as u64, sig, width)
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
        let width = self.settings.mode.signature_width();
        let line_len = hex_len(n) as usize + CHUNK_SIGNATURE.len() + width + CRLF.len();
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
        let p = chunk_line(n, Some(signer.sign_chunk_sha256(&hasher.finish())), width);
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
            write_padded(out, sig, self.settings.mode.signature_width());
            out.extend_from_slice(CRLF);
        }
        out.extend_from_slice(CRLF);
        Ok(())
    }
}
