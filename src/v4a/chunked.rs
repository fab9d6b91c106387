//! SigV4A aws-chunked signing: the chain of ECDSA chunk and trailer
//! signatures that starts at the seed request's.
//!
//! ```text
//! AWS4-ECDSA-P256-SHA256-PAYLOAD \n amz-date \n DATE/SERVICE/aws4_request \n previous \n SHA256("") \n SHA256(chunk)
//! AWS4-ECDSA-P256-SHA256-TRAILER \n amz-date \n DATE/SERVICE/aws4_request \n previous \n SHA256(trailer lines)
//! ```
//!
//! `previous` is the previous signature's hex (DER, up to 144 digits,
//! without the `*` padding the wire adds: aws-c-auth trims it before it
//! writes the string to sign). The wire framing is v4's
//! ([`Chunked`](crate::v4::chunked::Chunked) in the
//! [`ChunkedMode::SignedEcdsa`](crate::v4::chunked::ChunkedMode::SignedEcdsa)
//! modes); [`ChunkVerifier`] is the server's side of the chain, which needs
//! only the public key.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::encode::{self, Sink};
use crate::error::{Error, ErrorKind, Result, S3ErrorCode};
use crate::sha256::Sha256;
use crate::time::SigningTime;
use crate::v4::chunked::trailer::{check_trailers, trailers_digest};
use crate::v4::chunked::SIGNATURE_PADDING;
use crate::v4::scope::Scope;
use crate::v4::signature::Signature;
use crate::v4::{string_to_sign, EMPTY_SHA256};

use super::key::{EcdsaKey, PublicKey};

/// The string-to-sign algorithm of a SigV4A chunk.
///
/// ```
/// assert_eq!(awssig::v4a::PAYLOAD_ALGORITHM, "AWS4-ECDSA-P256-SHA256-PAYLOAD");
/// ```
pub const PAYLOAD_ALGORITHM: &str = "AWS4-ECDSA-P256-SHA256-PAYLOAD";
/// The string-to-sign algorithm of a SigV4A trailer.
///
/// ```
/// assert_eq!(awssig::v4a::TRAILER_ALGORITHM, "AWS4-ECDSA-P256-SHA256-TRAILER");
/// ```
pub const TRAILER_ALGORITHM: &str = "AWS4-ECDSA-P256-SHA256-TRAILER";

/// `algorithm \n date \n DATE/SERVICE/aws4_request \n previous`, then
/// `\n hex` for each line: the string to sign of a chunk or the trailer,
/// for the signer and the verifier alike.
fn write_string_to_sign<S: Sink + ?Sized>(
    out: &mut S,
    algorithm: &str,
    time: &SigningTime,
    service: &str,
    previous: &[u8],
    lines: &[&[u8]],
) {
    let scope = Scope {
        access_key_id: "",
        date: time.date_bytes(),
        region: "",
        service,
        plain: false,
    };
    string_to_sign::write_head(out, algorithm, time, &scope);
    out.put(previous);
    for line in lines {
        out.put(b"\n");
        out.put(line);
    }
}

/// Signs the chunks and the trailer of a SigV4A aws-chunked body, each
/// signature chained from the previous one, starting at the seed
/// request's. Get one from [`super::Signer::chunk_signer`].
///
/// ```
/// use awssig::{Credentials, SigningTime};
/// use awssig::v4::{Payload, Request, SigningSettings};
/// use awssig::v4a::Signer;
/// let signer = Signer::new(Credentials::new("AKID", "secret")?, SigningSettings::s3("*"))?;
/// let h = [("host", "b.s3.amazonaws.com"), ("content-encoding", "aws-chunked")];
/// let req = Request::new("PUT", "/k").headers(&h).payload(Payload::StreamingSignedEcdsa);
/// let seed = signer.sign_headers(&req, SigningTime::from_unix(0)?)?;
/// let mut chunks = signer.chunk_signer(&seed)?;
/// let sts = chunks.chunk_string_to_sign(b"hello");
/// let sig = chunks.sign_chunk(b"hello").to_owned();
/// assert!(signer.public_key().verifies(sts.as_bytes(), &sig));
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone)]
pub struct ChunkSigner {
    key: EcdsaKey,
    time: SigningTime,
    service: String,
    previous: Signature,
}

impl fmt::Debug for ChunkSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChunkSigner")
            .field("time", &self.time.amz_date())
            .field("service", &self.service)
            .field("previous", &self.previous_signature())
            .finish_non_exhaustive()
    }
}

impl ChunkSigner {
    pub(super) fn from_parts(
        key: EcdsaKey,
        time: SigningTime,
        service: &str,
        seed: Signature,
    ) -> Self {
        ChunkSigner {
            key,
            time,
            service: service.into(),
            previous: seed,
        }
    }

    fn write_string_to_sign<S: Sink + ?Sized>(
        &self,
        out: &mut S,
        algorithm: &str,
        lines: &[&[u8]],
    ) {
        write_string_to_sign(
            out,
            algorithm,
            &self.time,
            &self.service,
            self.previous.hex(),
            lines,
        );
    }

    fn sign_lines(&mut self, algorithm: &str, lines: &[&[u8]]) -> &str {
        let mut sha = Sha256::new();
        self.write_string_to_sign(&mut sha, algorithm, lines);
        self.previous = self.key.sign_digest(&sha.finish());
        self.previous.hex_str()
    }

    /// Signs the next chunk (hashing it) and returns its signature.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, v4::{Payload, Request, SigningSettings}, v4a::Signer};
    /// # let signer = Signer::new(Credentials::new("AKID", "secret")?, SigningSettings::s3("*"))?;
    /// # let h = [("host", "b.s3.amazonaws.com")];
    /// # let seed = signer.sign_headers(&Request::new("PUT", "/k").headers(&h).payload(Payload::StreamingSignedEcdsa), SigningTime::from_unix(0)?)?;
    /// let mut c = signer.chunk_signer(&seed)?;
    /// let sig = c.sign_chunk(b"hello").to_owned();
    /// assert_eq!(c.previous_signature(), sig);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn sign_chunk(&mut self, data: &[u8]) -> &str {
        self.sign_chunk_sha256(&Sha256::digest(data))
    }

    /// Signs the next chunk given its SHA-256 (the framing hashes as it
    /// copies).
    pub(crate) fn sign_chunk_sha256(&mut self, sha256: &[u8; 32]) -> &str {
        let hash = encode::hex32(sha256);
        self.sign_lines(PAYLOAD_ALGORITHM, &[EMPTY_SHA256.as_bytes(), &hash])
    }

    /// Signs the trailer block given the SHA-256 of its lines.
    pub(crate) fn sign_trailer_sha256(&mut self, sha256: &[u8; 32]) -> &str {
        self.sign_lines(TRAILER_ALGORITHM, &[&encode::hex32(sha256)])
    }

    /// The verifier of the rest of this chain: the public key, and the
    /// chain at the same point (a server holding the secret checks a body
    /// with it; so do tests).
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, v4::{Payload, Request, SigningSettings}, v4a::Signer};
    /// # let signer = Signer::new(Credentials::new("AKID", "secret")?, SigningSettings::s3("*"))?;
    /// # let h = [("host", "b.s3.amazonaws.com")];
    /// # let seed = signer.sign_headers(&Request::new("PUT", "/k").headers(&h).payload(Payload::StreamingSignedEcdsa), SigningTime::from_unix(0)?)?;
    /// let mut chunks = signer.chunk_signer(&seed)?;
    /// let mut check = chunks.verifier();
    /// let sig = chunks.sign_chunk(b"hello").to_owned();
    /// check.verify_chunk(b"hello", &sig)?;
    /// assert_eq!(check.previous_signature(), sig);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn verifier(&self) -> ChunkVerifier {
        ChunkVerifier {
            key: self.key.public_key(),
            time: self.time,
            service: self.service.clone(),
            previous: self.previous.clone(),
        }
    }

    /// Signs the final, empty chunk.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, v4::{Payload, Request, SigningSettings}, v4a::Signer};
    /// # let signer = Signer::new(Credentials::new("AKID", "secret")?, SigningSettings::s3("*"))?;
    /// # let h = [("host", "b.s3.amazonaws.com")];
    /// # let seed = signer.sign_headers(&Request::new("PUT", "/k").headers(&h).payload(Payload::StreamingSignedEcdsa), SigningTime::from_unix(0)?)?;
    /// let c = signer.chunk_signer(&seed)?;
    /// let (mut a, mut b) = (c.clone(), c);
    /// assert_eq!(a.sign_final(), b.sign_chunk(b"")); // RFC 6979: the same input signs the same
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn sign_final(&mut self) -> &str {
        self.sign_chunk(b"")
    }

    /// Signs the trailer block: the SHA-256 of each `name:value\n` (name
    /// lowercased, value trimmed), in the given order.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, v4::{Payload, Request, SigningSettings}, v4a::Signer};
    /// # let signer = Signer::new(Credentials::new("AKID", "secret")?, SigningSettings::s3("*"))?;
    /// # let h = [("host", "b.s3.amazonaws.com")];
    /// # let seed = signer.sign_headers(&Request::new("PUT", "/k").headers(&h).payload(Payload::StreamingSignedEcdsaTrailer), SigningTime::from_unix(0)?)?;
    /// let mut c = signer.chunk_signer(&seed)?;
    /// c.sign_final();
    /// let sts = c.trailer_string_to_sign(&[("x-amz-checksum-crc32", "AAAAAA==")])?;
    /// let sig = c.sign_trailer(&[("x-amz-checksum-crc32", "AAAAAA==")])?.to_owned();
    /// assert!(signer.public_key().verifies(sts.as_bytes(), &sig));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn sign_trailer(&mut self, trailers: &[(&str, &str)]) -> Result<&str> {
        check_trailers(trailers)?;
        let digest = trailers_digest(trailers.iter().map(|(n, v)| (n.as_bytes(), v.as_bytes())));
        Ok(self.sign_trailer_sha256(&digest))
    }

    /// The last signature produced (the seed's at first), lowercase hex.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, v4::{Payload, Request, SigningSettings}, v4a::Signer};
    /// # let signer = Signer::new(Credentials::new("AKID", "secret")?, SigningSettings::s3("*"))?;
    /// # let h = [("host", "b.s3.amazonaws.com")];
    /// let seed = signer.sign_headers(&Request::new("PUT", "/k").headers(&h).payload(Payload::StreamingSignedEcdsa), SigningTime::from_unix(0)?)?;
    /// assert_eq!(signer.chunk_signer(&seed)?.previous_signature(), seed.signature());
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn previous_signature(&self) -> &str {
        self.previous.hex_str()
    }

    /// The string to sign of the next chunk (the same writer that signs
    /// wrote it). Does not advance the chain.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, v4::{Payload, Request, SigningSettings}, v4a::Signer};
    /// # let signer = Signer::new(Credentials::new("AKID", "secret")?, SigningSettings::s3("*"))?;
    /// # let h = [("host", "b.s3.amazonaws.com")];
    /// # let seed = signer.sign_headers(&Request::new("PUT", "/k").headers(&h).payload(Payload::StreamingSignedEcdsa), SigningTime::from_unix(0)?)?;
    /// let sts = signer.chunk_signer(&seed)?.chunk_string_to_sign(b"");
    /// assert!(sts.starts_with("AWS4-ECDSA-P256-SHA256-PAYLOAD\n19700101T000000Z\n19700101/s3/aws4_request\n"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn chunk_string_to_sign(&self, data: &[u8]) -> String {
        let hash = encode::hex32(&Sha256::digest(data));
        let mut v = Vec::new();
        self.write_string_to_sign(&mut v, PAYLOAD_ALGORITHM, &[EMPTY_SHA256.as_bytes(), &hash]);
        String::from_utf8_lossy(&v).into_owned()
    }

    /// The string to sign of the trailer block. Does not advance the chain.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, v4::{Payload, Request, SigningSettings}, v4a::Signer};
    /// # let signer = Signer::new(Credentials::new("AKID", "secret")?, SigningSettings::s3("*"))?;
    /// # let h = [("host", "b.s3.amazonaws.com")];
    /// # let seed = signer.sign_headers(&Request::new("PUT", "/k").headers(&h).payload(Payload::StreamingSignedEcdsaTrailer), SigningTime::from_unix(0)?)?;
    /// let sts = signer.chunk_signer(&seed)?.trailer_string_to_sign(&[("x-amz-checksum-crc32", "AAAAAA==")])?;
    /// assert!(sts.starts_with("AWS4-ECDSA-P256-SHA256-TRAILER\n"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn trailer_string_to_sign(&self, trailers: &[(&str, &str)]) -> Result<String> {
        check_trailers(trailers)?;
        let digest = trailers_digest(trailers.iter().map(|(n, v)| (n.as_bytes(), v.as_bytes())));
        let mut v = Vec::new();
        self.write_string_to_sign(&mut v, TRAILER_ALGORITHM, &[&encode::hex32(&digest)]);
        Ok(String::from_utf8_lossy(&v).into_owned())
    }
}

/// The hex of a SigV4A chunk or trailer signature as the wire carries it,
/// without its `*` padding: lowercase hex digits, an even number of them,
/// 2 to 144, then only `*` up to at most 144 characters in all. `None`
/// for anything else (padding first or in the middle, a character that is
/// neither, too long).
pub(crate) fn unpad(signature: &[u8]) -> Option<&[u8]> {
    if signature.len() > 2 * 72 {
        return None;
    }
    let end = signature
        .iter()
        .position(|&b| b == SIGNATURE_PADDING)
        .unwrap_or(signature.len());
    let (hex, padding) = signature.split_at(end);
    let hex_ok = !hex.is_empty()
        && hex.len().is_multiple_of(2)
        && hex.iter().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    (hex_ok && padding.iter().all(|&b| b == SIGNATURE_PADDING)).then_some(hex)
}

/// Checks the chunk and trailer signatures of a SigV4A aws-chunked body
/// with the public key alone, each against the string to sign chained
/// from the previous signature as received, starting at the seed
/// request's. A server gets one from
/// [`Verifier::chunk_decoder`](crate::verify::Verifier::chunk_decoder)
/// (inside the decoder it returns), or builds one with
/// [`ChunkVerifier::new`]; a signer's is [`ChunkSigner::verifier`].
///
/// The signatures may carry the wire's `*` padding (to 144 characters),
/// or not.
///
/// ```
/// use awssig::{Credentials, S3ErrorCode, SigningTime};
/// use awssig::v4::{Payload, Request, SigningSettings};
/// use awssig::v4a::{ChunkVerifier, EcdsaKey, Signer};
/// let signer = Signer::new(Credentials::new("AKID", "secret")?, SigningSettings::s3("*"))?;
/// let h = [("host", "b.s3.amazonaws.com"), ("content-encoding", "aws-chunked")];
/// let t = SigningTime::from_unix(1_700_000_000)?;
/// let seed = signer.sign_headers(&Request::new("PUT", "/k").headers(&h).payload(Payload::StreamingSignedEcdsa), t)?;
/// let mut chunks = signer.chunk_signer(&seed)?;
/// let first = chunks.sign_chunk(b"hello").to_owned();
///
/// // The server: the public key, the seed's time, service and signature.
/// let public = EcdsaKey::derive("AKID", "secret")?.public_key();
/// let mut check = ChunkVerifier::new(public, t, "s3", seed.signature())?;
/// let padded = format!("{first:*<144}"); // as the wire carries it
/// check.clone().verify_chunk(b"hellO", &padded).unwrap_err();
/// check.verify_chunk(b"hello", &padded)?;
/// let err = check.verify_chunk(b"", &first).unwrap_err(); // the last chunk's turn
/// assert_eq!(err.s3_code(), Some(S3ErrorCode::SignatureDoesNotMatch));
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone)]
pub struct ChunkVerifier {
    key: PublicKey,
    time: SigningTime,
    service: String,
    previous: Signature,
}

impl fmt::Debug for ChunkVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChunkVerifier")
            .field("time", &self.time.amz_date())
            .field("service", &self.service)
            .field("previous", &self.previous_signature())
            .finish_non_exhaustive()
    }
}

fn chunk_mismatch(what: &str) -> Error {
    Error::new(
        ErrorKind::ChunkSignatureMismatch,
        alloc::format!("the SigV4A signature of {what} does not match (S3: SignatureDoesNotMatch)"),
    )
    .with_s3_code(S3ErrorCode::SignatureDoesNotMatch)
}

fn malformed_signature(signature: &str) -> Error {
    Error::new(
        ErrorKind::InvalidChunk,
        alloc::format!(
            "chunk signature {signature:?} is not a SigV4A signature: lowercase hex of a DER \
             ECDSA signature, 2 to 144 digits, optionally right-padded with '*' to 144 characters"
        ),
    )
}

impl ChunkVerifier {
    /// A verifier for the chain that starts at `seed_signature` (the seed
    /// request's `Signature=`, hex of DER), signed at `time` for
    /// `service` with the key whose public half is `key`.
    ///
    /// ```
    /// use awssig::{ErrorKind, SigningTime};
    /// use awssig::v4a::{ChunkVerifier, EcdsaKey};
    /// let key = EcdsaKey::derive("AKID", "secret")?.public_key();
    /// let t = SigningTime::from_unix(0)?;
    /// let err = ChunkVerifier::new(key, t, "s3", "3044*").unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::InvalidChunk);
    /// assert!(ChunkVerifier::new(key, t, "", "3044").is_err()); // no service
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn new(
        key: PublicKey,
        time: SigningTime,
        service: &str,
        seed_signature: &str,
    ) -> Result<Self> {
        crate::v4::SigningSettings::new(service, "*").validate()?;
        let hex = seed_signature.as_bytes();
        let ok = !hex.is_empty()
            && hex.len() <= 2 * 72
            && hex.len().is_multiple_of(2)
            && hex.iter().all(u8::is_ascii_hexdigit);
        let previous = ok
            .then(|| Signature::from_hex_text(hex))
            .flatten()
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::InvalidChunk,
                    alloc::format!(
                        "seed signature {seed_signature:?} is not a SigV4A signature (hex of a DER \
                         ECDSA signature, at most 144 digits)"
                    ),
                )
            })?;
        Ok(ChunkVerifier {
            key,
            time,
            service: service.into(),
            previous,
        })
    }

    /// Checks the signature of the next chunk (`signature` as the chunk
    /// line carries it, padded or not) and, when it matches, moves the
    /// chain on to it. A mismatch leaves the chain where it was.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, v4::{Payload, Request, SigningSettings}, v4a::Signer};
    /// # let signer = Signer::new(Credentials::new("AKID", "secret")?, SigningSettings::s3("*"))?;
    /// # let h = [("host", "b.s3.amazonaws.com")];
    /// # let seed = signer.sign_headers(&Request::new("PUT", "/k").headers(&h).payload(Payload::StreamingSignedEcdsa), SigningTime::from_unix(0)?)?;
    /// let mut chunks = signer.chunk_signer(&seed)?;
    /// let mut check = chunks.verifier();
    /// let sig = chunks.sign_chunk(b"abc").to_owned();
    /// assert!(check.verify_chunk(b"abc", &format!("*{sig}")).is_err()); // padding first
    /// check.verify_chunk(b"abc", &sig)?;
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn verify_chunk(&mut self, data: &[u8], signature: &str) -> Result<()> {
        let hex = unpad(signature.as_bytes()).ok_or_else(|| malformed_signature(signature))?;
        if self.verify_chunk_sha256(&Sha256::digest(data), hex) {
            Ok(())
        } else {
            Err(chunk_mismatch("the chunk"))
        }
    }

    /// Checks the signature of the trailer block (`trailers` as received,
    /// without `x-amz-trailer-signature`), as [`ChunkVerifier::verify_chunk`].
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, v4::{Payload, Request, SigningSettings}, v4a::Signer};
    /// # let signer = Signer::new(Credentials::new("AKID", "secret")?, SigningSettings::s3("*"))?;
    /// # let h = [("host", "b.s3.amazonaws.com")];
    /// # let seed = signer.sign_headers(&Request::new("PUT", "/k").headers(&h).payload(Payload::StreamingSignedEcdsaTrailer), SigningTime::from_unix(0)?)?;
    /// let mut chunks = signer.chunk_signer(&seed)?;
    /// let mut check = chunks.verifier();
    /// let last = chunks.sign_final().to_owned();
    /// let t = [("x-amz-checksum-crc32", "AAAAAA==")];
    /// let sig = chunks.sign_trailer(&t)?.to_owned();
    /// check.verify_chunk(b"", &last)?;
    /// assert!(check.clone().verify_trailer(&[("x-amz-checksum-crc32", "AAAAAB==")], &sig).is_err());
    /// check.verify_trailer(&t, &sig)?;
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn verify_trailer(&mut self, trailers: &[(&str, &str)], signature: &str) -> Result<()> {
        check_trailers(trailers)?;
        let hex = unpad(signature.as_bytes()).ok_or_else(|| malformed_signature(signature))?;
        let digest = trailers_digest(trailers.iter().map(|(n, v)| (n.as_bytes(), v.as_bytes())));
        if self.verify_trailer_sha256(&digest, hex) {
            Ok(())
        } else {
            Err(chunk_mismatch("the trailer block"))
        }
    }

    /// The last signature accepted (the seed's at first), hex without
    /// padding.
    ///
    /// ```
    /// # use awssig::{SigningTime, v4a::{ChunkVerifier, EcdsaKey}};
    /// let key = EcdsaKey::derive("AKID", "secret")?.public_key();
    /// let v = ChunkVerifier::new(key, SigningTime::from_unix(0)?, "s3", "3006020101020101")?;
    /// assert_eq!(v.previous_signature(), "3006020101020101");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn previous_signature(&self) -> &str {
        self.previous.hex_str()
    }

    /// The string to sign of the next chunk as this verifier checks it
    /// (the previous signature as received, without padding), for
    /// debugging and for checking against published examples. Does not
    /// advance the chain.
    ///
    /// ```
    /// # use awssig::{SigningTime, v4a::{ChunkVerifier, EcdsaKey}};
    /// let key = EcdsaKey::derive("AKID", "secret")?.public_key();
    /// let v = ChunkVerifier::new(key, SigningTime::from_unix(0)?, "s3", "3006020101020101")?;
    /// assert_eq!(
    ///     v.chunk_string_to_sign(b""),
    ///     "AWS4-ECDSA-P256-SHA256-PAYLOAD\n19700101T000000Z\n19700101/s3/aws4_request\n3006020101020101\n\
    ///      e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n\
    ///      e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    /// );
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn chunk_string_to_sign(&self, data: &[u8]) -> String {
        let hash = encode::hex32(&Sha256::digest(data));
        let mut v = Vec::new();
        write_string_to_sign(
            &mut v,
            PAYLOAD_ALGORITHM,
            &self.time,
            &self.service,
            self.previous.hex(),
            &[EMPTY_SHA256.as_bytes(), &hash],
        );
        String::from_utf8_lossy(&v).into_owned()
    }

    /// The string to sign of the trailer block as this verifier checks it.
    /// Does not advance the chain.
    ///
    /// ```
    /// # use awssig::{SigningTime, v4a::{ChunkVerifier, EcdsaKey}};
    /// let key = EcdsaKey::derive("AKID", "secret")?.public_key();
    /// let v = ChunkVerifier::new(key, SigningTime::from_unix(0)?, "s3", "3006020101020101")?;
    /// let sts = v.trailer_string_to_sign(&[("x-amz-checksum-crc32", "AAAAAA==")])?;
    /// assert!(sts.starts_with("AWS4-ECDSA-P256-SHA256-TRAILER\n19700101T000000Z\n"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn trailer_string_to_sign(&self, trailers: &[(&str, &str)]) -> Result<String> {
        check_trailers(trailers)?;
        let digest = trailers_digest(trailers.iter().map(|(n, v)| (n.as_bytes(), v.as_bytes())));
        let mut v = Vec::new();
        write_string_to_sign(
            &mut v,
            TRAILER_ALGORITHM,
            &self.time,
            &self.service,
            self.previous.hex(),
            &[&encode::hex32(&digest)],
        );
        Ok(String::from_utf8_lossy(&v).into_owned())
    }

    /// Whether `hex` (unpadded) signs the chunk whose SHA-256 is
    /// `sha256`; if so the chain moves on to it.
    pub(crate) fn verify_chunk_sha256(&mut self, sha256: &[u8; 32], hex: &[u8]) -> bool {
        let hash = encode::hex32(sha256);
        self.verify_lines(PAYLOAD_ALGORITHM, &[EMPTY_SHA256.as_bytes(), &hash], hex)
    }

    /// Whether `hex` (unpadded) signs the trailer block whose lines hash
    /// to `sha256`; if so the chain moves on to it.
    pub(crate) fn verify_trailer_sha256(&mut self, sha256: &[u8; 32], hex: &[u8]) -> bool {
        self.verify_lines(TRAILER_ALGORITHM, &[&encode::hex32(sha256)], hex)
    }

    fn verify_lines(&mut self, algorithm: &str, lines: &[&[u8]], hex: &[u8]) -> bool {
        let (Ok(text), Some(next)) = (core::str::from_utf8(hex), Signature::from_hex_text(hex))
        else {
            return false;
        };
        let mut sha = Sha256::new();
        write_string_to_sign(
            &mut sha,
            algorithm,
            &self.time,
            &self.service,
            self.previous.hex(),
            lines,
        );
        let ok = self.key.verifies_digest(&sha.finish(), text);
        if ok {
            self.previous = next;
        }
        ok
    }
}
