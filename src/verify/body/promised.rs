//! What a request promises about its body: the `x-amz-content-sha256`,
//! `Content-MD5`, `x-amz-checksum-*`, `x-amz-sdk-checksum-algorithm` and
//! `x-amz-trailer` it states (in its headers, and the checksum ones in a
//! presigned URL's query), read and judged as S3 judges them, before any
//! body byte comes.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;

use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine as _;
use subtle::ConstantTimeEq as _;

use crate::encode;
use crate::error::{Error, Result, S3ErrorCode};
use crate::syntax::raw_pairs;
use crate::v4::chunked::ChecksumAlgorithm;
use crate::verify::Incoming;

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

pub(super) fn invalid_request(message: impl Into<String>) -> Error {
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

/// The promised checks of a request, as
/// [`BodyCheck::promises`](super::BodyCheck::promises) reports them.
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
pub(super) struct Stated {
    buf: [u8; 44],
    len: usize,
}

impl Stated {
    /// `value` when it is the strict base64 of exactly `len` bytes.
    pub(super) fn parse(value: &str, len: usize) -> Option<Stated> {
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

    pub(super) fn matches(&self, computed: &[u8]) -> bool {
        bool::from(self.buf[..self.len].ct_eq(computed))
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
pub(super) fn checksum_suffix(name: &str) -> Option<&str> {
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

/// What [`read`] found: the digests to hold the body to.
pub(super) struct Read {
    /// The SHA-256 a hex `x-amz-content-sha256` states.
    pub(super) sha256: Option<[u8; 32]>,
    /// The MD5 `Content-MD5` states.
    #[cfg(feature = "checksums")]
    pub(super) md5: Option<[u8; 16]>,
    /// The checksum's algorithm and its value (`None`: the value comes in
    /// the trailer).
    pub(super) checksum: Option<(ChecksumAlgorithm, Option<Stated>)>,
}

/// The checks `req` promises; see [`super::BodyCheck::new`] for what is
/// read and the errors.
pub(super) fn read(req: &Incoming<'_>) -> Result<Read> {
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
            Some(digest)
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

    Ok(Read {
        sha256,
        #[cfg(feature = "checksums")]
        md5: md5_stated,
        checksum: declared.map(|algorithm| (algorithm, header.map(|(_, v)| v))),
    })
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
}
