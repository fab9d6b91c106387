//! [`ChunkSigner`]: the chain of chunk and trailer signatures that starts
//! at the seed request's signature. Built from its parts (key, time,
//! scope, seed signature), so nothing here depends on the request signer.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::encode::{self, Sink};
use crate::error::Result;
use crate::sha256::{MacKey, Sha256};
use crate::time::SigningTime;
use crate::v4::scope::Scope;
use crate::v4::signature::Signature;
use crate::v4::signing_key::SigningKey;
use crate::v4::{string_to_sign, SigningSettings, EMPTY_SHA256};

use super::trailer::{check_trailers, trailers_digest};
use super::{invalid, PAYLOAD_ALGORITHM, TRAILER_ALGORITHM};

/// Signs the chunks and the trailer of an aws-chunked body, each signature
/// chained from the previous one, starting at the seed request's.
///
/// Get one from [`Signer::chunk_signer`](crate::v4::Signer::chunk_signer) (client
/// side) or [`ChunkSigner::new`] (server side, or with a key of your own).
/// Each call advances the chain; clone it to try something without
/// advancing.
///
/// ```
/// use awssig::SigningTime;
/// use awssig::v4::{SigningKey, chunked::ChunkSigner};
/// let key = SigningKey::derive("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "20130524", "us-east-1", "s3");
/// let time = SigningTime::from_amz_date("20130524T000000Z")?;
/// let seed = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";
/// let mut chunks = ChunkSigner::new(&key, time, "us-east-1", "s3", seed)?;
/// assert_eq!(chunks.sign_chunk(&[b'a'; 65536]), "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648");
/// assert_eq!(chunks.sign_chunk(&[b'a'; 1024]), "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497");
/// assert_eq!(chunks.sign_final(), "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9");
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone)]
pub struct ChunkSigner {
    mac: MacKey,
    time: SigningTime,
    region: String,
    service: String,
    previous: Signature,
}

impl fmt::Debug for ChunkSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChunkSigner")
            .field("time", &self.time.amz_date())
            .field("region", &self.region)
            .field("service", &self.service)
            .field("previous", &self.previous_signature())
            .finish_non_exhaustive()
    }
}

/// 64 lowercase hex digits (uppercase is refused), parsed.
fn parse_hex_signature(hex: &str) -> Option<Signature> {
    if hex.bytes().any(|b| b.is_ascii_uppercase()) {
        return None;
    }
    Some(Signature::from_bytes(encode::unhex32(hex)?))
}

impl ChunkSigner {
    /// A chunk signer from a signing key, the seed request's time, region
    /// and service, and its signature (64 lowercase hex digits). The key must
    /// be the one derived for that date, region and service.
    ///
    /// ```
    /// use awssig::{ErrorKind, SigningTime};
    /// use awssig::v4::{SigningKey, chunked::ChunkSigner};
    /// let key = SigningKey::derive("secret", "20240101", "us-east-1", "s3");
    /// let time = SigningTime::from_amz_date("20240101T000000Z")?;
    /// let err = ChunkSigner::new(&key, time, "us-east-1", "s3", "not-hex").unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::InvalidChunk);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn new(
        key: &SigningKey,
        time: SigningTime,
        region: &str,
        service: &str,
        seed_signature: &str,
    ) -> Result<Self> {
        SigningSettings::new(service, region).validate()?;
        let previous = parse_hex_signature(seed_signature).ok_or_else(|| {
            invalid(alloc::format!(
                "seed signature {seed_signature:?} is not 64 lowercase hex digits"
            ))
        })?;
        Ok(Self::from_parts(
            key.mac_key(),
            time,
            region,
            service,
            previous,
        ))
    }

    /// A chunk signer from its parts, checked already: the signing key
    /// (ready to MAC), the seed request's time, region and service, and the
    /// seed signature. What [`Signer::chunk_signer`](crate::v4::Signer::chunk_signer)
    /// builds one from.
    pub(crate) fn from_parts(
        mac: MacKey,
        time: SigningTime,
        region: &str,
        service: &str,
        seed: Signature,
    ) -> Self {
        ChunkSigner {
            mac,
            time,
            region: region.into(),
            service: service.into(),
            previous: seed,
        }
    }

    fn scope(&self) -> Scope<'_> {
        Scope {
            access_key_id: "",
            date: self.time.date_bytes(),
            region: &self.region,
            service: &self.service,
            plain: false,
        }
    }

    /// `algorithm \n date \n scope \n previous` (the string-to-sign step,
    /// with the previous signature where the canonical request hash goes),
    /// then `\n hex` for each digest line.
    fn write_string_to_sign<S: Sink + ?Sized>(
        &self,
        out: &mut S,
        algorithm: &str,
        lines: &[&[u8; 64]],
    ) {
        string_to_sign::write(
            out,
            algorithm,
            &self.time,
            &self.scope(),
            &self.previous.bytes,
        );
        for line in lines {
            out.put(b"\n");
            out.put(&line[..]);
        }
    }

    fn sign_lines(&mut self, algorithm: &str, lines: &[&[u8; 64]]) -> &str {
        let mut mac = self.mac.start();
        self.write_string_to_sign(&mut mac, algorithm, lines);
        self.previous = Signature::finish(mac);
        self.previous.hex_str()
    }

    fn empty_line() -> [u8; 64] {
        let mut e = [0u8; 64];
        e.copy_from_slice(EMPTY_SHA256.as_bytes());
        e
    }

    /// Signs the next chunk (hashing it) and returns its signature.
    ///
    /// ```
    /// # use awssig::{SigningTime, v4::{SigningKey, chunked::ChunkSigner}};
    /// # let key = SigningKey::derive("s", "20240101", "us-east-1", "s3");
    /// # let mut c = ChunkSigner::new(&key, SigningTime::from_unix(1_704_067_200)?, "us-east-1", "s3", &"0".repeat(64))?;
    /// let sig = c.sign_chunk(b"hello").to_owned();
    /// assert_eq!(c.previous_signature(), sig);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn sign_chunk(&mut self, data: &[u8]) -> &str {
        self.sign_chunk_sha256(&Sha256::digest(data))
    }

    /// Signs the next chunk given its SHA-256 (hashed as it streamed).
    ///
    /// ```
    /// # use awssig::{SigningTime, v4::{SigningKey, chunked::ChunkSigner}};
    /// use sha2::{Digest, Sha256};
    /// # let key = SigningKey::derive("s", "20240101", "us-east-1", "s3");
    /// # let c = ChunkSigner::new(&key, SigningTime::from_unix(1_704_067_200)?, "us-east-1", "s3", &"0".repeat(64))?;
    /// let (mut a, mut b) = (c.clone(), c);
    /// assert_eq!(a.sign_chunk(b"hi"), b.sign_chunk_sha256(&Sha256::digest(b"hi").into()));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn sign_chunk_sha256(&mut self, sha256: &[u8; 32]) -> &str {
        let hash = encode::hex32(sha256);
        self.sign_lines(PAYLOAD_ALGORITHM, &[&Self::empty_line(), &hash])
    }

    /// Signs the final, empty chunk.
    ///
    /// ```
    /// # use awssig::{SigningTime, v4::{SigningKey, chunked::ChunkSigner}};
    /// # let key = SigningKey::derive("s", "20240101", "us-east-1", "s3");
    /// # let c = ChunkSigner::new(&key, SigningTime::from_unix(1_704_067_200)?, "us-east-1", "s3", &"0".repeat(64))?;
    /// let (mut a, mut b) = (c.clone(), c);
    /// assert_eq!(a.sign_final(), b.sign_chunk(b""));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn sign_final(&mut self) -> &str {
        self.sign_chunk(b"")
    }

    /// Signs the trailer block (after the final chunk): the SHA-256 of each
    /// `name:value\n` (name lowercased, value trimmed), in the given order.
    ///
    /// ```
    /// use awssig::SigningTime;
    /// use awssig::v4::{SigningKey, chunked::ChunkSigner};
    /// let key = SigningKey::derive("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "20130524", "us-east-1", "s3");
    /// let time = SigningTime::from_amz_date("20130524T000000Z")?;
    /// let last = "2ca2aba2005185cf7159c6277faf83795951dd77a3a99e6e65d5c9f85863f992";
    /// let mut c = ChunkSigner::new(&key, time, "us-east-1", "s3", last)?;
    /// assert_eq!(
    ///     c.sign_trailer(&[("x-amz-checksum-crc32c", "sOO8/Q==")])?,
    ///     "d81f82fc3505edab99d459891051a732e8730629a2e4a59689829ca17fe2e435"
    /// );
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn sign_trailer(&mut self, trailers: &[(&str, &str)]) -> Result<&str> {
        check_trailers(trailers)?;
        let digest = trailers_digest(trailers.iter().map(|(n, v)| (n.as_bytes(), v.as_bytes())));
        Ok(self.sign_trailer_sha256(&digest))
    }

    pub(super) fn sign_trailer_sha256(&mut self, sha256: &[u8; 32]) -> &str {
        let hash = encode::hex32(sha256);
        self.sign_lines(TRAILER_ALGORITHM, &[&hash])
    }

    /// The last signature produced (the seed's at first), lowercase hex.
    ///
    /// ```
    /// # use awssig::{SigningTime, v4::{SigningKey, chunked::ChunkSigner}};
    /// # let key = SigningKey::derive("s", "20240101", "us-east-1", "s3");
    /// let seed = "0123456789abcdef".repeat(4);
    /// let c = ChunkSigner::new(&key, SigningTime::from_unix(1_704_067_200)?, "us-east-1", "s3", &seed)?;
    /// assert_eq!(c.previous_signature(), seed);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn previous_signature(&self) -> &str {
        self.previous.hex_str()
    }

    /// The string to sign of the next chunk, for debugging and for checking
    /// against published examples (the same writer that signs wrote it).
    /// Does not advance the chain.
    ///
    /// ```
    /// # use awssig::{SigningTime, v4::{SigningKey, chunked::ChunkSigner}};
    /// # let key = SigningKey::derive("s", "20240101", "us-east-1", "s3");
    /// # let c = ChunkSigner::new(&key, SigningTime::from_amz_date("20240101T000000Z")?, "us-east-1", "s3", &"0".repeat(64))?;
    /// let sts = c.chunk_string_to_sign(b"");
    /// assert!(sts.starts_with("AWS4-HMAC-SHA256-PAYLOAD\n20240101T000000Z\n20240101/us-east-1/s3/aws4_request\n"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn chunk_string_to_sign(&self, data: &[u8]) -> String {
        let hash = encode::hex32(&Sha256::digest(data));
        let mut v = Vec::new();
        self.write_string_to_sign(&mut v, PAYLOAD_ALGORITHM, &[&Self::empty_line(), &hash]);
        String::from_utf8_lossy(&v).into_owned()
    }

    /// The string to sign of the trailer block, for debugging. Does not
    /// advance the chain.
    ///
    /// ```
    /// # use awssig::{SigningTime, v4::{SigningKey, chunked::ChunkSigner}};
    /// # let key = SigningKey::derive("s", "20240101", "us-east-1", "s3");
    /// # let c = ChunkSigner::new(&key, SigningTime::from_amz_date("20240101T000000Z")?, "us-east-1", "s3", &"0".repeat(64))?;
    /// let sts = c.trailer_string_to_sign(&[("x-amz-checksum-sha256", "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=")])?;
    /// assert!(sts.starts_with("AWS4-HMAC-SHA256-TRAILER\n"));
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
