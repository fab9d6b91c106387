//! Body integrity, streamed: the digests a request promises for its body
//! (`x-amz-content-sha256`, `Content-MD5`, one `x-amz-checksum-*` header or
//! trailer) checked as the body goes by, without buffering it.
//!
//! Build a [`BodyCheck`] from the request once its signature is verified,
//! feed it every body byte ([`BodyCheck::update`]; for an aws-chunked body,
//! the decoded data), and call [`BodyCheck::finish`] (or
//! [`BodyCheck::finish_with_trailers`] with the trailers an aws-chunked body
//! ended with) before committing anything. Errors carry the S3 code and
//! S3's message ([`crate::Error::s3_code`]), so a server answers as S3 does.
//!
//! S3's wording, as AWS S3 answers and as S3 reimplementations reproduce
//! it: `XAmzContentSHA256Mismatch` and the `InvalidArgument` for a
//! malformed `x-amz-content-sha256` from
//! <https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html>
//! and openstack/swift `swift/common/middleware/s3api/s3request.py`; the
//! checksum messages (`Value for x-amz-checksum-crc32 header is invalid.`,
//! `The CRC32 you specified did not match the calculated checksum.`,
//! `Expecting a single x-amz-checksum- header. Multiple checksum Types are
//! not allowed.`, `Value for x-amz-sdk-checksum-algorithm header is
//! invalid.`) from openstack/swift `test/s3api/test_object_checksums.py`,
//! a test suite run against AWS S3, and scality/cloudserver's checksum
//! validation; `InvalidDigest` / `BadDigest` for `Content-MD5` from the
//! same error table.
//!
//! ```
//! use awssig::S3ErrorCode;
//! use awssig::v4::chunked::ChecksumAlgorithm;
//! use awssig::verify::{BodyCheck, Incoming};
//!
//! let body = b"hello world";
//! let sum = ChecksumAlgorithm::Sha256.compute(body);
//! let headers = [("x-amz-content-sha256", "UNSIGNED-PAYLOAD"), ("x-amz-checksum-sha256", sum.as_str())];
//! let req = Incoming::new("PUT", "/bucket/key", &headers);
//!
//! let mut check = BodyCheck::new(&req)?;
//! for piece in body.chunks(4) {
//!     check.update(piece); // and write the piece to a staging area
//! }
//! let digests = check.finish()?; // now commit
//! assert_eq!(digests.checksum(), Some((ChecksumAlgorithm::Sha256, sum.as_str())));
//!
//! // The same request with another body.
//! let mut check = BodyCheck::new(&req)?;
//! check.update(b"hello there");
//! let err = check.finish().unwrap_err();
//! assert_eq!(err.s3_code(), Some(S3ErrorCode::BadDigest));
//! assert_eq!(err.to_string(), "The SHA256 you specified did not match the calculated checksum.");
//! # Ok::<(), awssig::Error>(())
//! ```

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine as _;
use subtle::ConstantTimeEq as _;

use crate::encode::{self, Sink as _};
use crate::error::{Error, Result, S3ErrorCode};
use crate::sha256::Sha256;
use crate::syntax::raw_pairs;
use crate::v4::chunked::{ChecksumAlgorithm, Checksummer};

use super::Incoming;

/// Base64 as S3 reads a digest: standard alphabet, canonical padding, no
/// stray bits (`y/Q5Jh==` is not the base64 of 4 bytes).
const STRICT_BASE64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::RequireCanonical),
);

/// The `x-amz-content-sha256` values that stand for a body not hashed in
/// the header: its data comes aws-chunked (checked chunk by chunk) or not
/// at all.
const NOT_A_HASH: [&str; 6] = [
    "UNSIGNED-PAYLOAD",
    "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
    "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
    "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER",
    "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD",
    "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER",
];

/// Checksum header names of any build, the `checksums` feature's included:
/// one this build lacks is refused, never let through unchecked.
const KNOWN_CHECKSUMS: [&str; 5] = ["crc32", "crc32c", "crc64nvme", "sha1", "sha256"];

/// `x-amz-checksum-*` headers that are not checksums of the body.
const NOT_CHECKSUMS: [&str; 3] = ["type", "algorithm", "mode"];

const CHECKSUM_PREFIX: &str = "x-amz-checksum-";
const SDK_ALGORITHM: &str = "x-amz-sdk-checksum-algorithm";
const CONTENT_SHA256: &str = "x-amz-content-sha256";
const CONTENT_MD5: &str = "content-md5";
const TRAILER: &str = "x-amz-trailer";

fn invalid_request(message: impl Into<String>) -> Error {
    Error::rejected(S3ErrorCode::InvalidRequest, message)
}

/// A check this build cannot do: fail closed, naming the feature.
fn needs_feature(what: &str) -> Error {
    invalid_request(alloc::format!(
        "{what} asks for a check this build cannot do: awssig needs its `checksums` feature"
    ))
}

fn single_checksum() -> Error {
    invalid_request(
        "Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.",
    )
}

/// The promised checks of a request, as [`BodyCheck::promises`] reports
/// them.
///
/// ```
/// use awssig::verify::{BodyCheck, Incoming};
/// let req = Incoming::new("PUT", "/k", &[("x-amz-content-sha256", "UNSIGNED-PAYLOAD")]);
/// let p = BodyCheck::new(&req)?.promises();
/// assert!(!p.sha256 && !p.md5 && p.checksum.is_none() && !p.trailer);
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Promises {
    /// `x-amz-content-sha256` is the SHA-256 of the body.
    pub sha256: bool,
    /// `Content-MD5` is given.
    pub md5: bool,
    /// The algorithm of the `x-amz-checksum-*` header or trailer.
    pub checksum: Option<ChecksumAlgorithm>,
    /// The checksum's value comes in a trailer (`x-amz-trailer`).
    pub trailer: bool,
}

/// A checksum value as stated, canonical base64 on the stack.
#[derive(Clone, Copy)]
struct Stated {
    buf: [u8; 44],
    len: usize,
}

impl Stated {
    /// `value` when it is the strict base64 of exactly `len` bytes.
    fn parse(value: &str, len: usize) -> Option<Stated> {
        let mut raw = [0u8; 33];
        if value.len() > 44 {
            return None;
        }
        let n = STRICT_BASE64.decode_slice(value, &mut raw).ok()?;
        if n != len {
            return None;
        }
        let mut s = Stated {
            buf: [0; 44],
            len: value.len(),
        };
        s.buf[..value.len()].copy_from_slice(value.as_bytes());
        Some(s)
    }

    fn matches(&self, computed: &[u8]) -> bool {
        bool::from(self.buf[..self.len].ct_eq(computed))
    }
}

#[derive(Clone)]
struct Running {
    algorithm: ChecksumAlgorithm,
    state: Checksummer,
    /// `None`: the value comes in the trailer.
    stated: Option<Stated>,
}

/// Checks a request body against the digests the request promises, as the
/// body streams through: the SHA-256 of a hex `x-amz-content-sha256`,
/// `Content-MD5`, and one `x-amz-checksum-*` (CRC32, CRC32C, CRC64NVME,
/// SHA1, SHA256) given as a header, as a presigned URL's query parameter
/// (aws-sdk-js-v3 signs `x-amz-checksum-crc32` into the URL; S3 holds the
/// body to it), or as an aws-chunked trailer announced by `x-amz-trailer`.
///
/// For an aws-chunked body, pass the decoded data to
/// [`BodyCheck::update`] and the decoder's trailers to
/// [`BodyCheck::finish_with_trailers`]; `x-amz-content-sha256` is then a
/// `STREAMING-*` value and the chunk signatures are the decoder's job. A
/// decoder from [`super::Verifier::chunk_decoder`] already requires the
/// announced checksum trailer (`MalformedTrailerError` when it is absent)
/// and checks its value; this check looks at the same value again, so a
/// server that builds its decoder by hand is covered too.
///
/// CRC32, CRC32C, CRC64NVME and `Content-MD5` need the `checksums`
/// feature: without it a request that promises one is refused by
/// [`BodyCheck::new`] (it is never let through unchecked).
///
/// `Debug` shows which checks are active, nothing else.
///
/// ```
/// use awssig::S3ErrorCode;
/// use awssig::verify::{BodyCheck, Incoming};
/// let sha = "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"; // "hello world"
/// let headers = [("x-amz-content-sha256", sha)];
/// let req = Incoming::new("PUT", "/k", &headers);
/// let mut check = BodyCheck::new(&req)?;
/// check.update(b"hello ");
/// check.update(b"world");
/// assert_eq!(check.finish()?.body_len(), 11);
///
/// let mut check = BodyCheck::new(&req)?;
/// check.update(b"hello");
/// let err = check.finish().unwrap_err();
/// assert_eq!(err.s3_code(), Some(S3ErrorCode::XAmzContentSHA256Mismatch));
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone)]
pub struct BodyCheck {
    len: u64,
    sha256: Option<(Sha256, [u8; 32])>,
    /// The running MD5 and the `Content-MD5` it must equal (`None`: only
    /// computed, for an ETag; see [`BodyCheck::with_md5`]).
    #[cfg(feature = "checksums")]
    md5: Option<(md5::Md5, Option<[u8; 16]>)>,
    checksum: Option<Running>,
}

impl fmt::Debug for BodyCheck {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BodyCheck")
            .field("promises", &self.promises())
            .field("body_len", &self.len)
            .finish()
    }
}

/// One promise header as the request states it, in its headers and in
/// its query.
#[derive(Default)]
struct Field<'a> {
    header: Option<Cow<'a, str>>,
    query: Option<Cow<'a, str>>,
    repeated: bool,
}

impl<'a> Field<'a> {
    fn set(&mut self, value: Cow<'a, str>, from_query: bool) {
        let slot = if from_query {
            &mut self.query
        } else {
            &mut self.header
        };
        if slot.is_some() {
            self.repeated = true;
        }
        *slot = Some(value);
    }

    /// The value; given twice in the headers, twice in the query, or in
    /// both with different values is refused.
    fn get(&self, name: &str) -> Result<Option<&str>> {
        let header = self.header.as_deref().map(str::trim);
        let query = self.query.as_deref().map(str::trim);
        let differ = matches!((header, query), (Some(h), Some(q)) if h != q);
        if self.repeated || differ {
            return Err(invalid_request(alloc::format!(
                "{name} is given more than once"
            )));
        }
        Ok(header.or(query))
    }
}

/// The promise headers of a request (and presigned query), not yet judged.
#[derive(Default)]
struct Promised<'a> {
    content_sha256: Field<'a>,
    content_md5: Field<'a>,
    sdk_algorithm: Field<'a>,
    trailer: Field<'a>,
    /// `x-amz-checksum-<suffix>` (suffix as sent) and its field.
    checksums: Vec<(String, Field<'a>)>,
}

impl<'a> Promised<'a> {
    fn add(&mut self, name: &str, value: Cow<'a, str>, from_query: bool) {
        let field = if name.eq_ignore_ascii_case(SDK_ALGORITHM) {
            &mut self.sdk_algorithm
        } else if let Some(suffix) = checksum_suffix(name) {
            self.checksum(suffix)
        } else if from_query {
            // Only the x-amz-* checksum parameters of a presigned URL.
            return;
        } else if name.eq_ignore_ascii_case(CONTENT_SHA256) {
            &mut self.content_sha256
        } else if name.eq_ignore_ascii_case(CONTENT_MD5) {
            &mut self.content_md5
        } else if name.eq_ignore_ascii_case(TRAILER) {
            &mut self.trailer
        } else {
            return;
        };
        field.set(value, from_query);
    }

    fn checksum(&mut self, suffix: &str) -> &mut Field<'a> {
        let i = match self
            .checksums
            .iter()
            .position(|(s, _)| s.eq_ignore_ascii_case(suffix))
        {
            Some(i) => i,
            None => {
                self.checksums
                    .push((String::from(suffix), Field::default()));
                self.checksums.len() - 1
            }
        };
        &mut self.checksums[i].1
    }
}

/// The lowercase suffix of an `x-amz-checksum-*` name that names a body
/// checksum (not `x-amz-checksum-type`, `-algorithm`, `-mode`).
fn checksum_suffix(name: &str) -> Option<&str> {
    let prefix = name.get(..CHECKSUM_PREFIX.len())?;
    if !prefix.eq_ignore_ascii_case(CHECKSUM_PREFIX) {
        return None;
    }
    let suffix = &name[CHECKSUM_PREFIX.len()..];
    if NOT_CHECKSUMS.iter().any(|n| n.eq_ignore_ascii_case(suffix)) {
        return None;
    }
    Some(suffix)
}

/// The algorithm of a checksum header or trailer name; refuses the names
/// this build cannot check and those S3 does not know.
fn algorithm_of(name: &str, unknown: impl FnOnce() -> Error) -> Result<ChecksumAlgorithm> {
    if let Some(alg) = ChecksumAlgorithm::from_header_name(name) {
        return Ok(alg);
    }
    let known = checksum_suffix(name)
        .is_some_and(|s| KNOWN_CHECKSUMS.iter().any(|k| k.eq_ignore_ascii_case(s)));
    Err(if known {
        needs_feature(name)
    } else {
        unknown()
    })
}

impl BodyCheck {
    /// The checks `req` promises: from its headers (`x-amz-content-sha256`,
    /// `Content-MD5`, `x-amz-checksum-*`, `x-amz-sdk-checksum-algorithm`,
    /// `x-amz-trailer`) and from the `x-amz-checksum-*` and
    /// `x-amz-sdk-checksum-algorithm` parameters of a presigned URL's query.
    ///
    /// Errors, S3's: `InvalidArgument` for an `x-amz-content-sha256` that is
    /// neither a SHA-256 in hex nor `UNSIGNED-PAYLOAD` / `STREAMING-*`;
    /// `InvalidDigest` for a `Content-MD5` that is not the base64 of 16
    /// bytes; `InvalidRequest` for a checksum value that is not the base64
    /// of its algorithm's length, two checksums (two headers, or a header
    /// and a trailer), an unknown checksum algorithm, an
    /// `x-amz-sdk-checksum-algorithm` that names another algorithm than
    /// the checksum sent (or none), a promise header given twice with
    /// different values, and a check this build cannot do (without the
    /// `checksums` feature).
    ///
    /// ```
    /// use awssig::S3ErrorCode;
    /// use awssig::verify::{BodyCheck, Incoming};
    /// let bad = Incoming::new("PUT", "/k", &[("x-amz-checksum-sha1", "not base64")]);
    /// let err = BodyCheck::new(&bad).unwrap_err();
    /// assert_eq!(err.s3_code(), Some(S3ErrorCode::InvalidRequest));
    /// assert_eq!(err.to_string(), "Value for x-amz-checksum-sha1 header is invalid.");
    ///
    /// // A presigned URL carrying the checksum in its query.
    /// let url = "/k?X-Amz-Signature=abc&x-amz-checksum-sha1=qZk%2BNkcGgWq6PiVxeFDCbJzQ2J0%3D";
    /// let check = BodyCheck::new(&Incoming::new("PUT", url, &[]))?;
    /// assert_eq!(check.promises().checksum, Some(awssig::v4::chunked::ChecksumAlgorithm::Sha1));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn new(req: &Incoming<'_>) -> Result<BodyCheck> {
        let mut stated = Promised::default();
        for &(name, value) in req.headers {
            stated.add(name, Cow::Borrowed(value), false);
        }
        raw_pairs(req.query, |name, value| {
            let name = encode::decode(name.bytes);
            let Ok(name) = core::str::from_utf8(&name) else {
                return;
            };
            if name.eq_ignore_ascii_case(SDK_ALGORITHM) || checksum_suffix(name).is_some() {
                let value = encode::decode(value.bytes);
                let value = String::from_utf8_lossy(&value).into_owned();
                stated.add(name, Cow::Owned(value), true);
            }
        });

        let sha256 = match stated.content_sha256.get(CONTENT_SHA256)? {
            None => None,
            Some(v) if NOT_A_HASH.contains(&v) => None,
            Some(v) => {
                let digest = encode::unhex32(v).ok_or_else(|| {
                    Error::rejected(
                        S3ErrorCode::InvalidArgument,
                        "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, \
                         STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, \
                         STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, \
                         STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD, \
                         STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER or a valid sha256 value.",
                    )
                })?;
                Some((Sha256::new(), digest))
            }
        };

        let md5_stated = match stated.content_md5.get("Content-MD5")? {
            None => None,
            Some(v) => {
                let mut raw = [0u8; 18];
                let digest = (v.len() == 24)
                    .then(|| STRICT_BASE64.decode_slice(v, &mut raw).ok())
                    .flatten()
                    .filter(|&n| n == 16)
                    .map(|_| {
                        let mut d = [0u8; 16];
                        d.copy_from_slice(&raw[..16]);
                        d
                    })
                    .ok_or_else(|| {
                        Error::rejected(
                            S3ErrorCode::InvalidDigest,
                            "The Content-MD5 you specified was invalid.",
                        )
                    })?;
                Some(digest)
            }
        };
        #[cfg(not(feature = "checksums"))]
        if md5_stated.is_some() {
            return Err(needs_feature("Content-MD5"));
        }

        // The checksum header (at most one).
        let mut header: Option<(ChecksumAlgorithm, Stated)> = None;
        for (suffix, field) in &stated.checksums {
            let mut name = String::from(CHECKSUM_PREFIX);
            name.push_str(suffix);
            name.make_ascii_lowercase();
            let value = field.get(&name)?.unwrap_or("");
            let alg = algorithm_of(&name, || {
                invalid_request(
                    "The algorithm type you specified in x-amz-checksum- header is invalid.",
                )
            })?;
            if header.is_some() {
                return Err(single_checksum());
            }
            let value = Stated::parse(value, alg.digest_len()).ok_or_else(|| {
                invalid_request(alloc::format!("Value for {name} header is invalid."))
            })?;
            header = Some((alg, value));
        }

        // The checksum trailer `x-amz-trailer` announces (at most one).
        let mut trailer: Option<ChecksumAlgorithm> = None;
        for name in stated
            .trailer
            .get(TRAILER)?
            .unwrap_or("")
            .split(',')
            .map(str::trim)
        {
            if checksum_suffix(name).is_none() {
                continue; // not a checksum: not ours to check
            }
            let alg = algorithm_of(name, || {
                invalid_request("The value specified in the x-amz-trailer header is not supported")
            })?;
            if trailer.is_some() {
                return Err(single_checksum());
            }
            trailer = Some(alg);
        }
        if header.is_some() && trailer.is_some() {
            return Err(invalid_request("Expecting a single x-amz-checksum- header"));
        }
        let declared = header.map(|(a, _)| a).or(trailer);

        if let Some(v) = stated.sdk_algorithm.get(SDK_ALGORITHM)? {
            let invalid =
                || invalid_request("Value for x-amz-sdk-checksum-algorithm header is invalid.");
            let named = match ChecksumAlgorithm::from_sdk_name(v) {
                Some(a) => a,
                None if KNOWN_CHECKSUMS.iter().any(|k| k.eq_ignore_ascii_case(v)) => {
                    return Err(needs_feature(SDK_ALGORITHM))
                }
                None => return Err(invalid()),
            };
            match declared {
                None => {
                    return Err(invalid_request(
                        "x-amz-sdk-checksum-algorithm specified, but no corresponding \
                         x-amz-checksum-* or x-amz-trailer headers were found.",
                    ))
                }
                Some(a) if a != named => return Err(invalid()),
                Some(_) => {}
            }
        }

        let checksum = declared.map(|algorithm| Running {
            algorithm,
            state: Checksummer::new(algorithm),
            stated: header.map(|(_, v)| v),
        });
        Ok(BodyCheck {
            len: 0,
            sha256,
            #[cfg(feature = "checksums")]
            md5: md5_stated.map(|d| (<md5::Md5 as md5::Digest>::new(), Some(d))),
            checksum,
        })
    }

    /// Also computes the body's MD5 when the request promised none, for
    /// the `ETag` an S3 server answers a PUT with (the quoted hex of the
    /// MD5): [`BodyDigests::md5`] then always has it.
    ///
    /// ```
    /// use awssig::verify::{BodyCheck, Incoming};
    /// let mut check = BodyCheck::new(&Incoming::new("PUT", "/k", &[]))?.with_md5();
    /// check.update(b"hello");
    /// let etag: String = check.finish()?.md5().unwrap().iter().map(|b| format!("{b:02x}")).collect();
    /// assert_eq!(etag, "5d41402abc4b2a76b9719d911017c592");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    #[cfg(feature = "checksums")]
    pub fn with_md5(mut self) -> Self {
        if self.md5.is_none() {
            self.md5 = Some((<md5::Md5 as md5::Digest>::new(), None));
        }
        self
    }

    /// Feeds the next piece of the body (for aws-chunked, of the decoded
    /// data), in pieces of any size.
    ///
    /// ```
    /// use awssig::verify::{BodyCheck, Incoming};
    /// let mut check = BodyCheck::new(&Incoming::new("PUT", "/k", &[]))?;
    /// check.update(b"abc");
    /// check.update(b"");
    /// assert_eq!(check.finish()?.body_len(), 3);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn update(&mut self, data: &[u8]) {
        self.len = self.len.saturating_add(data.len() as u64);
        if let Some((h, _)) = &mut self.sha256 {
            h.put(data);
        }
        #[cfg(feature = "checksums")]
        if let Some((h, _)) = &mut self.md5 {
            md5::Digest::update(h, data);
        }
        if let Some(c) = &mut self.checksum {
            c.state.update(data);
        }
    }

    /// Which checks are active.
    ///
    /// ```
    /// use awssig::v4::chunked::ChecksumAlgorithm;
    /// use awssig::verify::{BodyCheck, Incoming};
    /// let headers = [("x-amz-trailer", "x-amz-checksum-sha256")];
    /// let p = BodyCheck::new(&Incoming::new("PUT", "/k", &headers))?.promises();
    /// assert_eq!((p.checksum, p.trailer), (Some(ChecksumAlgorithm::Sha256), true));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn promises(&self) -> Promises {
        #[cfg(feature = "checksums")]
        let md5 = self.md5.as_ref().is_some_and(|(_, want)| want.is_some());
        #[cfg(not(feature = "checksums"))]
        let md5 = false;
        Promises {
            sha256: self.sha256.is_some(),
            md5,
            checksum: self.checksum.as_ref().map(|c| c.algorithm),
            trailer: self.checksum.as_ref().is_some_and(|c| c.stated.is_none()),
        }
    }

    /// Ends the body: every promised digest must match. A checksum that
    /// `x-amz-trailer` announced cannot have come (no trailers were given):
    /// `IncompleteBody`; use [`BodyCheck::finish_with_trailers`] for a body
    /// that ended with trailers.
    ///
    /// Errors, S3's: `XAmzContentSHA256Mismatch`, `BadDigest` (`Content-MD5`
    /// or the checksum), `IncompleteBody`.
    ///
    /// ```
    /// use awssig::S3ErrorCode;
    /// use awssig::verify::{BodyCheck, Incoming};
    /// let headers = [("x-amz-trailer", "x-amz-checksum-sha1")];
    /// let err = BodyCheck::new(&Incoming::new("PUT", "/k", &headers))?.finish().unwrap_err();
    /// assert_eq!(err.s3_code(), Some(S3ErrorCode::IncompleteBody));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn finish(self) -> Result<BodyDigests> {
        if let Some(c) = &self.checksum {
            if c.stated.is_none() {
                return Err(Error::rejected(
                    S3ErrorCode::IncompleteBody,
                    alloc::format!(
                        "The request body ended without the {} trailer that x-amz-trailer announced.",
                        c.algorithm.header_name()
                    ),
                ));
            }
        }
        self.check()
    }

    /// Ends an aws-chunked body whose trailer block held `trailers` (what
    /// [`crate::v4::chunked::ChunkDecoder::trailers`] returns once the
    /// decoder is done): the announced checksum trailer is checked like a
    /// header, then everything [`BodyCheck::finish`] checks.
    ///
    /// Errors beyond `finish`'s: `MalformedTrailerError` when the announced
    /// checksum trailer is missing or given twice, or another checksum
    /// trailer comes (as the decoder answers); `InvalidRequest` (`Value for
    /// x-amz-checksum-crc32 trailing header is invalid.`) when its value is
    /// not base64 of the right length.
    ///
    /// ```
    /// use awssig::v4::chunked::{ChecksumAlgorithm, ChunkDecoder, Chunked, ChunkedMode};
    /// use awssig::verify::{BodyCheck, Incoming};
    /// let data = b"hello world";
    /// let chunked = Chunked::new(ChunkedMode::UnsignedTrailer, 8192)?.checksum(ChecksumAlgorithm::Sha256)?;
    /// let wire = chunked.encode(None, data, &[])?;
    /// let headers = [
    ///     ("x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER"),
    ///     ("x-amz-trailer", "x-amz-checksum-sha256"),
    /// ];
    /// let mut check = BodyCheck::new(&Incoming::new("PUT", "/k", &headers))?;
    /// let mut decoder = ChunkDecoder::new(ChunkedMode::UnsignedTrailer, None)?;
    /// let mut staged = Vec::new();
    /// for piece in wire.chunks(7) {
    ///     let at = staged.len();
    ///     decoder.decode_into(piece, &mut staged)?;
    ///     check.update(&staged[at..]);
    /// }
    /// decoder.finish()?;
    /// let digests = check.finish_with_trailers(decoder.trailers())?;
    /// assert_eq!(digests.checksum().map(|c| c.0), Some(ChecksumAlgorithm::Sha256));
    /// assert_eq!(staged, data);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn finish_with_trailers<'t>(
        mut self,
        trailers: impl IntoIterator<Item = (&'t str, &'t str)>,
    ) -> Result<BodyDigests> {
        let announced = self
            .checksum
            .as_ref()
            .filter(|c| c.stated.is_none())
            .map(|c| c.algorithm);
        let malformed = |what: String| Error::rejected(S3ErrorCode::MalformedTrailerError, what);
        let mut found: Option<Stated> = None;
        let mut seen = false;
        for (name, value) in trailers {
            let name = name.trim();
            if checksum_suffix(name).is_none() {
                continue;
            }
            let alg = ChecksumAlgorithm::from_header_name(name);
            match announced {
                Some(a) if alg == Some(a) => {
                    if seen {
                        return Err(malformed(alloc::format!(
                            "The trailer {} is given more than once.",
                            a.header_name()
                        )));
                    }
                    seen = true;
                    found = Some(Stated::parse(value.trim(), a.digest_len()).ok_or_else(|| {
                        invalid_request(alloc::format!(
                            "Value for {} trailing header is invalid.",
                            a.header_name()
                        ))
                    })?);
                }
                _ => {
                    return Err(malformed(alloc::format!(
                        "The trailer {name} was not announced in x-amz-trailer."
                    )))
                }
            }
        }
        if let Some(a) = announced {
            let Some(stated) = found else {
                return Err(malformed(alloc::format!(
                    "The trailer block lacks the {} trailer that x-amz-trailer announced.",
                    a.header_name()
                )));
            };
            if let Some(c) = &mut self.checksum {
                c.stated = Some(stated);
            }
        }
        self.check()
    }

    fn check(self) -> Result<BodyDigests> {
        let sha256 = match self.sha256 {
            Some((mut h, want)) => {
                if !bool::from(h.finish().ct_eq(&want)) {
                    return Err(Error::rejected(
                        S3ErrorCode::XAmzContentSHA256Mismatch,
                        "The provided 'x-amz-content-sha256' header does not match what was computed.",
                    ));
                }
                Some(want)
            }
            None => None,
        };
        #[cfg(feature = "checksums")]
        let md5 = match self.md5 {
            Some((h, want)) => {
                let got: [u8; 16] = md5::Digest::finalize(h).into();
                if want.is_some_and(|want| !bool::from(got.ct_eq(&want))) {
                    return Err(Error::rejected(
                        S3ErrorCode::BadDigest,
                        "The Content-MD5 you specified did not match what we received.",
                    ));
                }
                Some(got)
            }
            None => None,
        };
        #[cfg(not(feature = "checksums"))]
        let md5 = None;
        let checksum = match self.checksum {
            Some(Running {
                algorithm,
                state,
                stated: Some(stated),
            }) => {
                let got = state.finish();
                if !stated.matches(got.as_bytes()) {
                    return Err(Error::rejected(
                        S3ErrorCode::BadDigest,
                        alloc::format!(
                            "The {} you specified did not match the calculated checksum.",
                            algorithm.sdk_name()
                        ),
                    ));
                }
                Some((algorithm, String::from(got.as_str())))
            }
            // `finish` and `finish_with_trailers` have set the value.
            Some(Running { stated: None, .. }) | None => None,
        };
        Ok(BodyDigests {
            len: self.len,
            sha256,
            md5,
            checksum,
        })
    }
}

/// What a body that passed its [`BodyCheck`] was: its length and the
/// digests that were checked (to store with the object, e.g. the checksum
/// S3 returns with `x-amz-checksum-mode: ENABLED`).
///
/// ```
/// use awssig::verify::{BodyCheck, Incoming};
/// let digests = BodyCheck::new(&Incoming::new("PUT", "/k", &[]))?.finish()?;
/// assert_eq!((digests.body_len(), digests.checksum(), digests.sha256()), (0, None, None));
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BodyDigests {
    len: u64,
    sha256: Option<[u8; 32]>,
    md5: Option<[u8; 16]>,
    checksum: Option<(ChecksumAlgorithm, String)>,
}

impl BodyDigests {
    /// The body's length in bytes (for aws-chunked, of the decoded data).
    ///
    /// ```
    /// use awssig::verify::{BodyCheck, Incoming};
    /// let mut check = BodyCheck::new(&Incoming::new("PUT", "/k", &[]))?;
    /// check.update(&[0; 10]);
    /// assert_eq!(check.finish()?.body_len(), 10);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn body_len(&self) -> u64 {
        self.len
    }

    /// The SHA-256 `x-amz-content-sha256` stated and the body matched.
    ///
    /// ```
    /// use awssig::verify::{BodyCheck, Incoming};
    /// let empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    /// let d = BodyCheck::new(&Incoming::new("PUT", "/k", &[("x-amz-content-sha256", empty)]))?.finish()?;
    /// assert_eq!(d.sha256().map(|h| h[0]), Some(0xe3));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn sha256(&self) -> Option<&[u8; 32]> {
        self.sha256.as_ref()
    }

    /// The MD5 `Content-MD5` stated and the body matched (`checksums`
    /// feature).
    ///
    /// ```
    /// use awssig::verify::{BodyCheck, Incoming};
    /// let d = BodyCheck::new(&Incoming::new("PUT", "/k", &[]))?.finish()?;
    /// assert_eq!(d.md5(), None);
    /// # #[cfg(feature = "checksums")]
    /// # {
    /// let headers = [("Content-MD5", "1B2M2Y8AsgTpgAmY7PhCfg==")]; // MD5("")
    /// let d = BodyCheck::new(&Incoming::new("PUT", "/k", &headers))?.finish()?;
    /// assert_eq!(d.md5().map(|m| m[0]), Some(0xd4));
    /// # }
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn md5(&self) -> Option<&[u8; 16]> {
        self.md5.as_ref()
    }

    /// The checksum the request stated (header, query or trailer) and the
    /// body matched: its algorithm and base64 value.
    ///
    /// ```
    /// use awssig::v4::chunked::ChecksumAlgorithm;
    /// use awssig::verify::{BodyCheck, Incoming};
    /// let headers = [("x-amz-checksum-sha1", "2jmj7l5rSw0yVb/vlWAYkK/YBwk=")]; // SHA-1("")
    /// let d = BodyCheck::new(&Incoming::new("PUT", "/k", &headers))?.finish()?;
    /// assert_eq!(d.checksum(), Some((ChecksumAlgorithm::Sha1, "2jmj7l5rSw0yVb/vlWAYkK/YBwk=")));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn checksum(&self) -> Option<(ChecksumAlgorithm, &str)> {
        self.checksum.as_ref().map(|(a, v)| (*a, v.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stated_values_are_strict_base64_of_the_exact_length() {
        assert!(Stated::parse("2jmj7l5rSw0yVb/vlWAYkK/YBwk=", 20).is_some());
        for bad in [
            "2jmj7l5rSw0yVb/vlWAYkK/YBwk",
            "2jmj7l5rSw0yVb/vlWAYkK/YBwl=",
            " 2jmj",
            "",
        ] {
            assert!(Stated::parse(bad, 20).is_none(), "{bad:?}");
        }
        assert!(Stated::parse("2jmj7l5rSw0yVb/vlWAYkK/YBwk=", 32).is_none());
        assert!(Stated::parse(&"A".repeat(400), 32).is_none());
    }

    #[test]
    fn only_body_checksum_names_have_a_suffix() {
        assert_eq!(checksum_suffix("X-Amz-Checksum-CRC32"), Some("CRC32"));
        assert_eq!(checksum_suffix("x-amz-checksum-"), Some(""));
        for n in [
            "x-amz-checksum-type",
            "X-Amz-Checksum-Mode",
            "x-amz-checksum-algorithm",
            "x-amz-checks",
            "é-amz-checksum-crc32",
        ] {
            assert_eq!(checksum_suffix(n), None, "{n}");
        }
    }

    #[test]
    fn a_field_given_twice_is_refused_unless_header_and_query_agree() {
        let mut f = Field::default();
        f.set(Cow::Borrowed("a"), false);
        f.set(Cow::Borrowed(" a "), true);
        assert_eq!(f.get("n").ok().flatten(), Some("a"));
        f.set(Cow::Borrowed("a"), true);
        assert!(f.get("n").is_err());
        let mut f = Field::default();
        f.set(Cow::Borrowed("a"), false);
        f.set(Cow::Borrowed("b"), true);
        assert!(f.get("n").is_err());
    }

    #[test]
    fn debug_shows_promises_not_values() {
        let headers = [("x-amz-checksum-sha1", "2jmj7l5rSw0yVb/vlWAYkK/YBwk=")];
        let check = BodyCheck::new(&Incoming::new("PUT", "/k", &headers)).unwrap();
        let text = alloc::format!("{check:?}");
        assert!(text.contains("Sha1") && !text.contains("2jmj"), "{text}");
    }
}
