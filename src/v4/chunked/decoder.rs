//! The server side: [`ChunkDecoder`] reads an aws-chunked body as it
//! streams in and checks each chunk signature, the final chunk, the
//! trailer signature, the checksum trailer and the decoded length.
//!
//! It stays one file, past 600 lines, because it is one idea: a single
//! state machine (`State`) whose step function and checks share the
//! decoder's fields, fed input in pieces of any size. Most of the length
//! is the doctested public methods; the trailer block's format lives in
//! `trailer.rs`, the signature chain in `signer.rs` (SigV4) and
//! `v4a/chunked.rs` (SigV4A), and which of them checks a body, with how
//! wide its signatures are on the wire, in `chain.rs`.

use alloc::string::String;
use alloc::vec::Vec;

use crate::encode::{self, Sink};
use crate::error::{Error, ErrorKind, Result, S3ErrorCode};
use crate::sha256::Sha256;
use crate::syntax::trim_ows;

use super::chain::ChainChecker;
use super::mode::ECDSA_WIDTH;
use super::trailer::{lines_well_formed, trailer_lines, trailers_digest};
use super::{
    incomplete, invalid, malformed_trailer, mismatch, ChecksumAlgorithm, Checksummer, ChunkSigner,
    ChunkedMode, CHUNK_SIGNATURE, CRLF, MAX_TRAILER_BLOCK, TRAILER_SIGNATURE_NAME,
};

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

/// The longest chunk header line: 16 hex digits, the widest signature
/// (SigV4A's, padded), CR. A mode's own limit is [`ChunkDecoder::line_max`].
const LINE_MAX: usize = 16 + 17 + ECDSA_WIDTH + 1;

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
    signer: Option<ChainChecker>,
    state: State,
    line: [u8; LINE_MAX],
    line_len: usize,
    /// The signature the current chunk carries (without padding).
    expected: [u8; ECDSA_WIDTH],
    expected_len: usize,
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
        Self::with_chain(mode, signer.map(ChainChecker::Hmac))
    }

    /// A decoder for a SigV4A body ([`ChunkedMode::SignedEcdsa`] or
    /// [`ChunkedMode::SignedEcdsaTrailer`]) that checks each chunk and the
    /// trailer with `verifier`: the public key and the seed request's
    /// signature, time and service. A signature on the wire is the DER hex
    /// right-padded with `*` to 144 characters (unpadded is accepted too);
    /// padding first or in the middle, uppercase or other characters, and
    /// more than 144 characters are refused (`IncompleteBody`), a signature
    /// that does not verify is `SignatureDoesNotMatch`.
    ///
    /// ```
    /// use awssig::{Credentials, S3ErrorCode, SigningTime};
    /// use awssig::v4::{Request, SigningSettings};
    /// use awssig::v4::chunked::{ChunkDecoder, Chunked, ChunkedMode};
    /// use awssig::v4a::{ChunkVerifier, EcdsaKey, Signer};
    /// let signer = Signer::new(Credentials::new("AKID", "secret")?, SigningSettings::s3("*"))?;
    /// let c = Chunked::new(ChunkedMode::SignedEcdsa, 8192)?;
    /// let t = SigningTime::from_unix(1_700_000_000)?;
    /// let h = [("host", "b.s3.amazonaws.com"), ("content-encoding", "aws-chunked")];
    /// let seed = signer.sign_headers(&Request::new("PUT", "/k").headers(&h).payload(c.payload()), t)?;
    /// let body = c.encode_v4a(signer.chunk_signer(&seed)?, &[9u8; 20_000], &[])?;
    ///
    /// let public = EcdsaKey::derive("AKID", "secret")?.public_key();
    /// let verifier = ChunkVerifier::new(public, t, "s3", seed.signature())?;
    /// let mut d = ChunkDecoder::new_v4a(ChunkedMode::SignedEcdsa, verifier.clone())?;
    /// let mut out = Vec::new();
    /// d.decode_into(&body, &mut out)?;
    /// d.finish()?;
    /// assert_eq!(out, [9u8; 20_000]);
    ///
    /// let mut bad = body.clone();
    /// bad[500] ^= 1; // a data byte of the first chunk
    /// let mut d = ChunkDecoder::new_v4a(ChunkedMode::SignedEcdsa, verifier)?;
    /// let err = d.decode_into(&bad, &mut Vec::new()).unwrap_err();
    /// assert_eq!(err.s3_code(), Some(S3ErrorCode::SignatureDoesNotMatch));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    #[cfg(feature = "sigv4a")]
    pub fn new_v4a(mode: ChunkedMode, verifier: crate::v4a::ChunkVerifier) -> Result<Self> {
        Self::with_chain(mode, Some(ChainChecker::Ecdsa(verifier)))
    }

    fn with_chain(mode: ChunkedMode, signer: Option<ChainChecker>) -> Result<Self> {
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
        if let Some(chain) = &signer {
            if !chain.fits(mode) {
                return Err(invalid(alloc::format!(
                    "{mode:?} mode is checked with {}",
                    if mode.is_ecdsa() {
                        "SigV4A's public key: ChunkDecoder::new_v4a and a v4a::ChunkVerifier"
                    } else {
                        "SigV4's signing key: ChunkDecoder::new and a v4::chunked::ChunkSigner"
                    }
                )));
            }
        }
        Ok(ChunkDecoder {
            mode,
            signer,
            state: State::Header,
            line: [0; LINE_MAX],
            line_len: 0,
            expected: [0; ECDSA_WIDTH],
            expected_len: 0,
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

    /// The longest chunk header line of this mode (without its LF).
    fn line_max(&self) -> usize {
        let signature = if self.mode.is_signed() {
            CHUNK_SIGNATURE.len() + self.mode.signature_width()
        } else {
            0
        };
        16 + signature + 1
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
                    core::str::from_utf8(trim_ows(v)).unwrap_or(""),
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
        let max = self.line_max();
        if end > max {
            return Err(incomplete(alloc::format!(
                "chunk {} header of the aws-chunked body is longer than {max} bytes \
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
            // Every byte here is a hex digit (checked above).
            size = size << 4 | u64::from(encode::hex_val(c).unwrap_or(0));
        }
        let rest = &line[digits..];
        if let Some(chain) = &self.signer {
            let sig = rest
                .strip_prefix(CHUNK_SIGNATURE)
                .and_then(|s| chain.signature_text(s))
                .ok_or_else(|| {
                    bad(if self.mode.is_ecdsa() {
                        "lacks \";chunk-signature=\" and a SigV4A signature (lowercase hex of a \
                         DER ECDSA signature, right-padded with '*' to at most 144 characters)"
                    } else {
                        "lacks \";chunk-signature=\" and 64 hex digits"
                    })
                })?;
            self.expected_len = sig.len().min(ECDSA_WIDTH);
            self.expected[..self.expected_len].copy_from_slice(&sig[..self.expected_len]);
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
        if signer.check_chunk_sha256(&digest, &self.expected[..self.expected_len]) {
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
                // SigV4: compared as sent (a wrong length does not match).
                let sig = if self.mode.is_ecdsa() {
                    signer.signature_text(trim_ows(sig)).ok_or_else(|| {
                        malformed(
                            "has an x-amz-trailer-signature that is not a SigV4A signature \
                             (lowercase hex of a DER ECDSA signature, right-padded with '*' to \
                             at most 144 characters)",
                        )
                    })?
                } else {
                    trim_ows(sig)
                };
                let digest = trailers_digest(body_lines());
                if !signer.check_trailer_sha256(&digest, sig) {
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
            if trim_ows(got) != computed.as_bytes() {
                return Err(Error::new(
                    ErrorKind::ChecksumMismatch,
                    alloc::format!(
                        "the {} trailer {:?} does not match the data's {} (S3: BadDigest)",
                        alg.header_name(),
                        String::from_utf8_lossy(trim_ows(got)),
                        computed.as_str()
                    ),
                )
                .with_s3_code(S3ErrorCode::BadDigest));
            }
        }
        Ok(())
    }
}
