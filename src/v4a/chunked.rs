//! SigV4A aws-chunked signing: the chain of ECDSA chunk and trailer
//! signatures that starts at the seed request's.
//!
//! ```text
//! AWS4-ECDSA-P256-SHA256-PAYLOAD \n amz-date \n DATE/SERVICE/aws4_request \n previous \n SHA256("") \n SHA256(chunk)
//! AWS4-ECDSA-P256-SHA256-TRAILER \n amz-date \n DATE/SERVICE/aws4_request \n previous \n SHA256(trailer lines)
//! ```
//!
//! `previous` is the previous signature's hex (DER, up to 144 digits, no
//! padding). The wire framing of a SigV4A body is not written here.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::encode::{self, Sink};
use crate::error::Result;
use crate::sha256::Sha256;
use crate::time::SigningTime;
use crate::v4::chunked::trailer::{check_trailers, trailers_digest};
use crate::v4::scope::Scope;
use crate::v4::signature::Signature;
use crate::v4::{string_to_sign, EMPTY_SHA256};

use super::key::EcdsaKey;

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

    /// `algorithm \n date \n scope \n previous`, then `\n hex` for each line.
    fn write_string_to_sign<S: Sink + ?Sized>(
        &self,
        out: &mut S,
        algorithm: &str,
        lines: &[&[u8]],
    ) {
        let scope = Scope {
            access_key_id: "",
            date: self.time.date_bytes(),
            region: "",
            service: &self.service,
            plain: false,
        };
        string_to_sign::write_head(out, algorithm, &self.time, &scope);
        out.put(self.previous.hex());
        for line in lines {
            out.put(b"\n");
            out.put(line);
        }
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
        let hash = encode::hex32(&Sha256::digest(data));
        self.sign_lines(PAYLOAD_ALGORITHM, &[EMPTY_SHA256.as_bytes(), &hash])
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
        Ok(self.sign_lines(TRAILER_ALGORITHM, &[&encode::hex32(&digest)]))
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
