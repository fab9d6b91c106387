//! The server side: check presigned URLs and header-signed requests, in
//! constant time, with the same canonicalizer that signs.
//!
//! Time is an input (`now`), and the secret for an access key id comes from
//! a lookup the caller provides (a closure or a [`SecretLookup`]), so keys
//! can live in a database. Errors carry the S3 error code a server would
//! answer with ([`crate::Error::s3_code`]).
//!
//! ```
//! use awssig::{Credentials, SigningTime};
//! use awssig::s3::Bucket;
//! use awssig::verify::{Incoming, Verifier};
//!
//! // Client side: a presigned GET.
//! let creds = Credentials::new("AKIDEXAMPLE", "s3cr3t")?;
//! let url = Bucket::new("photos", "eu-west-1")?.get("cat.jpg").presign(&creds, SigningTime::from_unix(1_700_000_000)?, 300)?;
//!
//! // Server side: the request as received.
//! let verifier = Verifier::s3().region("eu-west-1");
//! let lookup = |id: &str| (id == "AKIDEXAMPLE").then(|| "s3cr3t".to_string());
//! let ok = verifier.verify_presigned(&Incoming::new("GET", &url, &[]), SigningTime::from_unix(1_700_000_100)?, lookup)?;
//! assert_eq!(ok.access_key_id(), "AKIDEXAMPLE");
//! assert_eq!(ok.expires_at().map(|t| t.unix()), Some(1_700_000_300));
//! # Ok::<(), awssig::Error>(())
//! ```

mod aws_domains;
mod body;
mod chunked;
mod credential;
mod keys;
mod policy;
mod post;
mod presign_params;
pub mod replay;
mod signed_list;
mod v2;
mod v4;
mod verified;

pub use crate::post::fields::POST_EXEMPT_FIELDS;
pub use body::{BodyCheck, BodyDigests, Promises};
#[cfg(feature = "sigv4a")]
pub use keys::PublicKeyLookup;
pub use post::{IncomingPost, VerifiedPost, MAX_POLICY_LEN};
pub use verified::{SignedHeaderNames, SignedHeaders, Verified};

use alloc::string::String;
use alloc::vec::Vec;

use crate::encode;
use crate::error::{Error, Result, S3ErrorCode};
use crate::syntax::raw_pairs;
use crate::time::SigningTime;
use crate::v4::{Payload, SigningKeyCache};

/// The secret of `access_key_id` (cleared from memory when dropped), or
/// `InvalidAccessKeyId` (S3's wording).
pub(crate) fn secret_of(
    lookup: &impl SecretLookup,
    access_key_id: &str,
) -> crate::Result<zeroize::Zeroizing<String>> {
    lookup.secret_for(access_key_id).map(zeroize::Zeroizing::new).ok_or_else(|| {
        crate::Error::rejected(
            crate::S3ErrorCode::InvalidAccessKeyId,
            alloc::format!(
                "The AWS Access Key Id you provided does not exist in our records: {access_key_id:?}"
            ),
        )
    })
}

/// `SignatureDoesNotMatch`, in S3's wording.
pub(crate) fn mismatch() -> crate::Error {
    crate::Error::rejected(
        crate::S3ErrorCode::SignatureDoesNotMatch,
        "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
    )
}

/// Finds the secret access key of an access key id (`None`: unknown key).
///
/// Implemented for closures `Fn(&str) -> Option<String>`.
///
/// ```
/// use awssig::verify::SecretLookup;
/// let lookup = |id: &str| (id == "AKID").then(|| "secret".to_string());
/// assert_eq!(lookup.secret_for("AKID").as_deref(), Some("secret"));
/// assert_eq!(lookup.secret_for("OTHER"), None);
/// ```
pub trait SecretLookup {
    /// The secret for `access_key_id`, or `None` if the key is unknown.
    fn secret_for(&self, access_key_id: &str) -> Option<String>;
}

impl<F: Fn(&str) -> Option<String>> SecretLookup for F {
    fn secret_for(&self, access_key_id: &str) -> Option<String> {
        self(access_key_id)
    }
}

/// A request as the server received it: method, request target (origin
/// form `/path?query`, still percent-encoded, or an absolute URL) and
/// headers.
///
/// When no `Host` header is given and the target is an absolute URL, the
/// host comes from the URL (lowercased, default port dropped), as a client
/// would have sent it.
///
/// ```
/// use awssig::verify::Incoming;
/// let headers = [("Host", "photos.s3.amazonaws.com")];
/// let req = Incoming::new("GET", "/cat.jpg?X-Amz-Algorithm=AWS4-HMAC-SHA256", &headers);
/// assert_eq!(req.path(), "/cat.jpg");
/// ```
#[derive(Clone, Debug)]
pub struct Incoming<'a> {
    method: &'a str,
    path: &'a str,
    query: &'a str,
    headers: &'a [(&'a str, &'a str)],
    url_host: Option<String>,
    payload: Option<Payload<'a>>,
}

impl<'a> Incoming<'a> {
    /// A received request.
    ///
    /// ```
    /// let req = awssig::verify::Incoming::new("PUT", "https://b.s3.amazonaws.com:443/k?a=1", &[]);
    /// assert_eq!((req.path(), req.query()), ("/k", "a=1"));
    /// ```
    pub fn new(method: &'a str, target: &'a str, headers: &'a [(&'a str, &'a str)]) -> Self {
        let target = target.split('#').next().unwrap_or("");
        // Origin form (`/path?query`), the usual request line, has no host.
        let (url_host, rest) = if target.starts_with('/') {
            (None, target)
        } else {
            split_absolute(target)
        };
        let (path, query) = match rest.find('?') {
            Some(i) => (&rest[..i], &rest[i + 1..]),
            None => (rest, ""),
        };
        let has_host = headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host"));
        Incoming {
            method,
            path: if path.is_empty() { "/" } else { path },
            query,
            headers,
            url_host: if has_host { None } else { url_host },
            payload: None,
        }
    }

    /// What the server knows of the body: its bytes or SHA-256 (checked
    /// against `x-amz-content-sha256`), or nothing (default: the hash the
    /// request states is used, and the server must check the body matches
    /// it as it reads it).
    ///
    /// ```
    /// use awssig::{v4::Payload, verify::Incoming};
    /// let req = Incoming::new("PUT", "/k", &[]).payload(Payload::Bytes(b"hello"));
    /// # let _ = req;
    /// ```
    pub fn payload(mut self, payload: Payload<'a>) -> Self {
        self.payload = Some(payload);
        self
    }

    /// The path, still encoded.
    ///
    /// ```
    /// assert_eq!(awssig::verify::Incoming::new("GET", "/a%20b?x", &[]).path(), "/a%20b");
    /// ```
    pub fn path(&self) -> &'a str {
        self.path
    }

    /// The query string, still encoded, without `?`.
    ///
    /// ```
    /// assert_eq!(awssig::verify::Incoming::new("GET", "/a?x=1", &[]).query(), "x=1");
    /// ```
    pub fn query(&self) -> &'a str {
        self.query
    }

    pub(crate) fn header(&self, name: &str) -> Option<&'a str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| *v)
    }

    pub(crate) fn has_header(&self, name: &str) -> bool {
        self.headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case(name))
    }

    pub(crate) fn header_count(&self, name: &str) -> usize {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .count()
    }
}

/// `https://Host:443/p?q` → (Some("host"), "/p?q"); origin form unchanged.
fn split_absolute(target: &str) -> (Option<String>, &str) {
    let Some(i) = target.find("://") else {
        return (None, target);
    };
    let scheme = &target[..i];
    if scheme.is_empty() || !scheme.bytes().all(|b| b.is_ascii_alphabetic()) {
        return (None, target);
    }
    let rest = &target[i + 3..];
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let mut host = String::from(authority.rsplit('@').next().unwrap_or(authority));
    host.make_ascii_lowercase();
    let default = if scheme.eq_ignore_ascii_case("https") {
        ":443"
    } else if scheme.eq_ignore_ascii_case("http") {
        ":80"
    } else {
        ""
    };
    if !default.is_empty() && host.ends_with(default) {
        host.truncate(host.len() - default.len());
    }
    (Some(host), &rest[end..])
}

/// The default clock-skew window for header-signed requests: 15 minutes.
///
/// ```
/// assert_eq!(awssig::verify::DEFAULT_CLOCK_SKEW, 15 * 60);
/// ```
pub const DEFAULT_CLOCK_SKEW: u64 = 900;

/// Checks signatures for one service (S3 by default).
///
/// ```
/// use awssig::verify::Verifier;
/// let v = Verifier::s3().region("us-east-1").clock_skew(300);
/// assert_eq!(v.service(), "s3");
/// ```
#[derive(Debug)]
pub struct Verifier {
    service: String,
    normalize_path: bool,
    double_encode_path: bool,
    clock_skew: u64,
    cache: SigningKeyCache,
    domains: Vec<String>,
    policy: policy::Policy,
    aws_domains: bool,
}

impl Verifier {
    /// A verifier for S3 (paths signed as sent, `UNSIGNED-PAYLOAD` for
    /// presigned URLs), any region unless [`Verifier::region`] is set.
    ///
    /// ```
    /// assert_eq!(awssig::verify::Verifier::s3().service(), "s3");
    /// ```
    pub fn s3() -> Self {
        Verifier {
            service: String::from("s3"),
            normalize_path: false,
            double_encode_path: false,
            clock_skew: DEFAULT_CLOCK_SKEW,
            cache: SigningKeyCache::new(),
            domains: Vec::new(),
            policy: policy::Policy::default(),
            aws_domains: false,
        }
    }

    /// A verifier for another service (paths normalized and encoded twice).
    ///
    /// ```
    /// assert_eq!(awssig::verify::Verifier::new("execute-api").service(), "execute-api");
    /// ```
    pub fn new(service: impl Into<String>) -> Self {
        Verifier {
            service: service.into(),
            normalize_path: true,
            double_encode_path: true,
            ..Self::s3()
        }
    }

    /// Accepts only this region in the credential scope (see
    /// [`Verifier::regions`] for several).
    ///
    /// ```
    /// let v = awssig::verify::Verifier::s3().region("eu-west-1");
    /// # let _ = v;
    /// ```
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.policy.regions = alloc::vec![region.into()];
        self
    }

    /// The clock-skew window, in seconds, for header-signed requests (how
    /// far their `x-amz-date` may be from `now`), and for how far in the
    /// future a presigned URL's date may lie. Default 900.
    ///
    /// ```
    /// let v = awssig::verify::Verifier::s3().clock_skew(60);
    /// # let _ = v;
    /// ```
    pub fn clock_skew(mut self, seconds: u64) -> Self {
        self.clock_skew = seconds;
        self
    }

    /// Whether paths are normalized before signing (off for S3; on by
    /// default for other services, for requests signed with it off).
    ///
    /// ```
    /// let v = awssig::verify::Verifier::new("service").normalize_path(false);
    /// # let _ = v;
    /// ```
    pub fn normalize_path(mut self, on: bool) -> Self {
        self.normalize_path = on;
        self
    }

    /// A domain under which buckets are virtual-hosted (`s3.amazonaws.com`,
    /// `s3.eu-west-1.amazonaws.com`, Ceph's `rgw_dns_name`, …); call it
    /// once per domain. SigV2 signs `/bucket` + path for a virtual-hosted
    /// request, so its verifier must know the bucket that the `Host`
    /// names (SigV4 signs the host itself and needs none of this).
    ///
    /// With domains set, a `Host` (port ignored) equal to one of them is a
    /// path-style request, `<bucket>.<domain>` names `<bucket>` (the longest
    /// matching domain wins), an IP
    /// address is path style, and any other host is a CNAME whose whole
    /// name is the bucket, as S3 does. With none set (the default), every
    /// SigV2 request is taken as path style. [`Verifier::aws_s3_domains`]
    /// adds AWS's own domains, for every region. When a SigV2 signature
    /// does not match and the host matched no domain (a name like
    /// `bucket.s3.example.com` checked as path style, or a host taken as a
    /// CNAME), the `SignatureDoesNotMatch` message names the host and
    /// this setting.
    ///
    /// ```
    /// use awssig::{Credentials, SigningTime, s3::{Bucket, SignatureVersion}};
    /// use awssig::verify::{Incoming, Verifier};
    /// let creds = Credentials::new("AKID", "secret")?;
    /// let bucket = Bucket::new("photos", "eu-west-1")?.signature_version(SignatureVersion::V2);
    /// let url = bucket.get("cat.jpg").presign(&creds, SigningTime::from_unix(1_700_000_000)?, 60)?;
    /// let lookup = |_: &str| Some("secret".to_string());
    /// let now = SigningTime::from_unix(1_700_000_010)?;
    /// let v = Verifier::s3().virtual_host_domain("s3.eu-west-1.amazonaws.com");
    /// assert!(v.verify(&Incoming::new("GET", &url, &[]), now, lookup).is_ok());
    /// // Without the domain the bucket is unknown, and the signature cannot match.
    /// assert!(Verifier::s3().verify(&Incoming::new("GET", &url, &[]), now, lookup).is_err());
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn virtual_host_domain(mut self, domain: impl Into<String>) -> Self {
        let mut d = domain.into();
        d.make_ascii_lowercase();
        self.domains.push(d);
        self
    }

    /// Also takes AWS's own S3 domains as virtual-host domains (see
    /// [`Verifier::virtual_host_domain`]), for any region, matched by
    /// pattern rather than listed:
    ///
    /// * `s3.amazonaws.com`, the legacy global endpoint;
    /// * `s3.<region>.amazonaws.com`, and `s3.<region>.amazonaws.com.cn` in
    ///   China;
    /// * `s3.dualstack.<region>.amazonaws.com` (and `….amazonaws.com.cn`);
    /// * `s3-<region>.amazonaws.com`, the legacy dash form some older
    ///   regions still answer (it also covers `s3-external-1.amazonaws.com`,
    ///   which botocore's endpoint data lists for us-east-1 but AWS's
    ///   current documentation no longer names);
    /// * `s3-fips.<region>.amazonaws.com` and
    ///   `s3-fips.dualstack.<region>.amazonaws.com`.
    ///
    /// `<region>` is one label shaped like a region code (`us-east-1`,
    /// `us-gov-west-1`, `cn-north-1`: letters, digits and dashes, a letter
    /// first, a digit last). Access points, S3 Control, website and
    /// Transfer Acceleration hosts are not included.
    ///
    /// Sources: AWS General Reference, "Amazon Simple Storage Service
    /// endpoints and quotas" (<https://docs.aws.amazon.com/general/latest/gr/s3.html>);
    /// Amazon S3 User Guide, "Virtual hosting of general purpose buckets",
    /// its legacy global and `s3-<region>` endpoints under "Backward
    /// compatibility" (<https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html>);
    /// "Using Amazon S3 dual-stack endpoints"
    /// (<https://docs.aws.amazon.com/AmazonS3/latest/userguide/dual-stack-endpoints.html>);
    /// and for China, "Making requests using the REST API"
    /// (<https://docs.amazonaws.cn/AmazonS3/latest/API/RESTAPI.html>).
    ///
    /// ```
    /// use awssig::{Credentials, SigningTime, s3::{Bucket, SignatureVersion}};
    /// use awssig::verify::{Incoming, Verifier};
    /// let creds = Credentials::new("AKID", "secret")?;
    /// let lookup = |_: &str| Some("secret".to_string());
    /// let t = SigningTime::from_unix(1_700_000_000)?;
    /// let v = Verifier::s3().aws_s3_domains();
    /// for region in ["us-east-1", "eu-west-1", "ap-southeast-5", "cn-north-1"] {
    ///     let bucket = Bucket::new("photos", region)?.signature_version(SignatureVersion::V2);
    ///     let url = bucket.get("cat.jpg").presign(&creds, t, 60)?;
    ///     assert!(url.starts_with("https://photos.s3."), "{url}");
    ///     assert!(v.verify(&Incoming::new("GET", &url, &[]), t, lookup).is_ok(), "{url}");
    /// }
    /// // The dual-stack and legacy dash forms name the bucket too.
    /// for host in ["photos.s3.dualstack.eu-west-1.amazonaws.com", "photos.s3-eu-west-1.amazonaws.com"] {
    ///     let url = Bucket::new("photos", "eu-west-1")?
    ///         .signature_version(SignatureVersion::V2)
    ///         .get("cat.jpg")
    ///         .presign(&creds, t, 60)?
    ///         .replace("photos.s3.eu-west-1.amazonaws.com", host);
    ///     assert!(v.verify(&Incoming::new("GET", &url, &[]), t, lookup).is_ok(), "{url}");
    /// }
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn aws_s3_domains(mut self) -> Self {
        self.aws_domains = true;
        self
    }

    /// The service this verifier accepts.
    ///
    /// ```
    /// assert_eq!(awssig::verify::Verifier::s3().service(), "s3");
    /// ```
    pub fn service(&self) -> &str {
        &self.service
    }

    /// Verifies whatever signature the request carries: a SigV4 or SigV2
    /// presigned URL (`X-Amz-Signature` / `X-Amz-Algorithm`, or
    /// `Signature` / `AWSAccessKeyId` in the query), or a SigV4 or SigV2
    /// `Authorization` header (`AWS4-HMAC-SHA256 …` or `AWS …`). A request
    /// with both a query signature and an `Authorization` header is
    /// refused (`InvalidArgument`, as S3 does); one with neither is
    /// `AccessDenied` (anonymous access is the server's own decision).
    ///
    /// ```
    /// use awssig::{Credentials, S3ErrorCode, SigningTime, s3::{Bucket, SignatureVersion}};
    /// use awssig::verify::{Incoming, Verifier};
    /// let creds = Credentials::new("AKID", "secret")?;
    /// let t = SigningTime::from_unix(1_700_000_000)?;
    /// let v4 = Bucket::new("b-1", "us-east-1")?;
    /// let v2 = v4.clone().signature_version(SignatureVersion::V2);
    /// let verifier = Verifier::s3().virtual_host_domain("s3.amazonaws.com");
    /// let lookup = |_: &str| Some("secret".to_string());
    /// for bucket in [&v4, &v2] {
    ///     let url = bucket.get("k").presign(&creds, t, 60)?;
    ///     assert!(verifier.verify(&Incoming::new("GET", &url, &[]), t, lookup).is_ok());
    /// }
    /// let anonymous = verifier.verify(&Incoming::new("GET", "/b-1/k", &[]), t, lookup);
    /// assert_eq!(anonymous.unwrap_err().s3_code(), Some(S3ErrorCode::AccessDenied));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn verify(
        &self,
        req: &Incoming<'_>,
        now: SigningTime,
        lookup: impl SecretLookup,
    ) -> Result<Verified> {
        let (mut v4_query, mut v2_query) = (false, false);
        raw_pairs(req.query, |name, _| {
            let decoded;
            let name = if name.bytes.contains(&b'%') {
                decoded = encode::decode(name.bytes);
                &decoded[..]
            } else {
                name.bytes
            };
            match name {
                b"X-Amz-Signature" | b"X-Amz-Algorithm" | b"X-Amz-Credential" => v4_query = true,
                b"Signature" | b"AWSAccessKeyId" => v2_query = true,
                _ => {}
            }
        });
        let auth = req.header("authorization").map(str::trim_start);
        if ((v4_query || v2_query) && auth.is_some()) || (v4_query && v2_query) {
            return Err(Error::rejected(
                S3ErrorCode::InvalidArgument,
                "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified",
            ));
        }
        match auth {
            _ if v4_query => self.verify_presigned(req, now, lookup),
            _ if v2_query => self.verify_presigned_v2(req, now, lookup),
            Some(a) if a.starts_with("AWS4-") => self.verify_headers(req, now, lookup),
            Some(a) if a.starts_with("AWS ") => self.verify_headers_v2(req, now, lookup),
            Some(_) => Err(Error::rejected(
                S3ErrorCode::InvalidArgument,
                "the Authorization header is neither AWS4-HMAC-SHA256 (or AWS4-ECDSA-P256-SHA256) nor AWS (SigV2)",
            )),
            None => Err(Error::rejected(
                S3ErrorCode::AccessDenied,
                "the request carries no signature (no Authorization header, no signed query)",
            )),
        }
    }
}
