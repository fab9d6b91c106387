//! AWS Signature Version 4, for any service.
//!
//! The steps follow the spec, one file each: the canonical request
//! (`canonical/`), the string to sign, the [`signing_key`], the signature;
//! then the two outputs,
//! the `Authorization` header ([`Signer::sign_headers`]) and the presigned
//! query string ([`Signer::presign`]).
//!
//! ```
//! use awssig::{Credentials, SigningTime};
//! use awssig::v4::{Payload, Request, Signer, SigningSettings};
//!
//! let creds = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")?;
//! let signer = Signer::new(creds, SigningSettings::new("service", "us-east-1"))?;
//! let headers = [("Host", "example.amazonaws.com")];
//! let req = Request::new("GET", "/").headers(&headers).payload(Payload::Empty);
//! let signed = signer.sign_headers(&req, SigningTime::from_amz_date("20150830T123600Z")?)?;
//! assert_eq!(
//!     signed.authorization(),
//!     "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
//!      SignedHeaders=host;x-amz-date, \
//!      Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
//! );
//! # Ok::<(), awssig::Error>(())
//! ```

pub(crate) mod canonical;
pub mod chunked;
pub(crate) mod configured;
pub(crate) mod context;
pub mod header;
#[cfg(feature = "std")]
mod key_snapshot;
pub(crate) mod payload;
pub mod presign;
pub(crate) mod scope;
pub(crate) mod signature;
pub mod signing_key;
pub(crate) mod string_to_sign;

pub(crate) mod signer;

pub use header::SignedHeaders;
pub use payload::{
    Payload, EMPTY_SHA256, STREAMING_ECDSA_PAYLOAD, STREAMING_ECDSA_PAYLOAD_TRAILER,
    STREAMING_PAYLOAD, STREAMING_PAYLOAD_TRAILER, STREAMING_UNSIGNED_PAYLOAD_TRAILER,
    UNSIGNED_PAYLOAD,
};
pub use presign::PresignedQuery;
pub use signer::{Signer, Steps};
pub use signing_key::{SigningKey, SigningKeyCache};

use alloc::string::String;

use crate::encode;
use crate::error::{Error, ErrorKind, Result};
use crate::syntax::Query;

/// The SigV4 algorithm name.
///
/// ```
/// assert_eq!(awssig::v4::ALGORITHM, "AWS4-HMAC-SHA256");
/// ```
pub const ALGORITHM: &str = "AWS4-HMAC-SHA256";
/// The longest expiry SigV4 presigning allows: 7 days.
///
/// ```
/// assert_eq!(awssig::v4::MAX_EXPIRES_IN, 7 * 24 * 3600);
/// ```
pub const MAX_EXPIRES_IN: u64 = 604_800;

/// Headers never signed, because proxies and client libraries add, change or
/// drop them on the way (the list botocore leaves unsigned, plus
/// `authorization` itself). Compared case-insensitively.
///
/// ```
/// assert!(awssig::v4::UNSIGNED_HEADERS.contains(&"user-agent"));
/// ```
pub const UNSIGNED_HEADERS: &[&str] = &[
    "authorization",
    "baggage",
    "connection",
    "expect",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "traceparent",
    "tracestate",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "user-agent",
    "x-amzn-trace-id",
];

/// Where a session token goes.
///
/// ```
/// use awssig::v4::{SessionTokenMode, SigningSettings};
/// let s = SigningSettings::new("sts", "us-east-1").session_token_mode(SessionTokenMode::AfterSigning);
/// assert_eq!(s.session_token_mode_used(), SessionTokenMode::AfterSigning);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SessionTokenMode {
    /// The token is a signed header (`x-amz-security-token`) or a signed
    /// query parameter (`X-Amz-Security-Token`). What S3 and most services
    /// need.
    #[default]
    Signed,
    /// The token is added after the signature is computed, unsigned (the
    /// suite's `post-sts-header-after`; a few services want this). S3
    /// refuses such a request (the token is an unsigned `x-amz-*`
    /// header), and so does [`crate::verify::Verifier`].
    AfterSigning,
}

/// Service, region and the rules that differ between services.
///
/// [`SigningSettings::new`] gives the rules of every service but S3 (path
/// normalized, then encoded once more); [`SigningSettings::s3`] gives S3's
/// (path used as sent, never normalized, `x-amz-content-sha256` signed).
///
/// ```
/// use awssig::v4::SigningSettings;
/// let iam = SigningSettings::new("iam", "us-east-1");
/// assert!(iam.normalizes_path() && iam.double_encodes_path());
/// let s3 = SigningSettings::s3("eu-west-1");
/// assert!(!s3.normalizes_path() && !s3.double_encodes_path());
/// assert!(s3.adds_content_sha256_header());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SigningSettings {
    service: String,
    region: String,
    normalize_path: bool,
    double_encode_path: bool,
    content_sha256_header: bool,
    session_token_mode: SessionTokenMode,
    /// Region and service need no percent-encoding (checked once).
    scope_plain: bool,
}

fn check_scope_part(what: &str, value: &str, kind: ErrorKind) -> Result<()> {
    if value.is_empty() {
        return Err(Error::new(kind, alloc::format!("the {what} is empty")));
    }
    if let Some(c) = value.chars().find(|c| !c.is_ascii_graphic() || *c == '/') {
        return Err(Error::new(
            kind,
            alloc::format!(
                "the {what} {value:?} contains {c:?}; allowed are printable ASCII characters other than whitespace and '/'"
            ),
        ));
    }
    Ok(())
}

impl SigningSettings {
    /// Settings for a service other than S3: URI path normalized and encoded
    /// twice, no `x-amz-content-sha256` header, session token signed.
    ///
    /// ```
    /// let s = awssig::v4::SigningSettings::new("lambda", "us-east-2");
    /// assert_eq!((s.service(), s.region()), ("lambda", "us-east-2"));
    /// ```
    pub fn new(service: impl Into<String>, region: impl Into<String>) -> Self {
        let (service, region) = (service.into(), region.into());
        SigningSettings {
            scope_plain: encode::is_plain(&service) && encode::is_plain(&region),
            service,
            region,
            normalize_path: true,
            double_encode_path: true,
            content_sha256_header: false,
            session_token_mode: SessionTokenMode::Signed,
        }
    }

    /// Settings for S3: service `s3`, path used as sent (no normalization,
    /// one encoding), `x-amz-content-sha256` added and signed in header mode.
    ///
    /// ```
    /// assert_eq!(awssig::v4::SigningSettings::s3("auto").service(), "s3");
    /// ```
    pub fn s3(region: impl Into<String>) -> Self {
        SigningSettings {
            normalize_path: false,
            double_encode_path: false,
            content_sha256_header: true,
            ..Self::new("s3", region)
        }
    }

    /// Removes `.`/`..` segments and empty segments (`//`) from the path
    /// before encoding. Never for S3.
    ///
    /// ```
    /// let s = awssig::v4::SigningSettings::new("es", "us-east-1").normalize_path(false);
    /// assert!(!s.normalizes_path());
    /// ```
    pub fn normalize_path(mut self, on: bool) -> Self {
        self.normalize_path = on;
        self
    }

    /// Encodes the path as sent once more (`%3A` → `%253A`). On for every
    /// service but S3.
    ///
    /// ```
    /// let s = awssig::v4::SigningSettings::new("es", "us-east-1").double_encode_path(false);
    /// assert!(!s.double_encodes_path());
    /// ```
    pub fn double_encode_path(mut self, on: bool) -> Self {
        self.double_encode_path = on;
        self
    }

    /// Adds and signs `x-amz-content-sha256` (the payload hash) in header
    /// signing, as S3 requires.
    ///
    /// ```
    /// let s = awssig::v4::SigningSettings::new("service", "us-east-1").content_sha256_header(true);
    /// assert!(s.adds_content_sha256_header());
    /// ```
    pub fn content_sha256_header(mut self, on: bool) -> Self {
        self.content_sha256_header = on;
        self
    }

    /// Where the session token goes; see [`SessionTokenMode`].
    ///
    /// ```
    /// use awssig::v4::{SessionTokenMode, SigningSettings};
    /// let s = SigningSettings::s3("us-east-1").session_token_mode(SessionTokenMode::Signed);
    /// assert_eq!(s.session_token_mode_used(), SessionTokenMode::Signed);
    /// ```
    pub fn session_token_mode(mut self, mode: SessionTokenMode) -> Self {
        self.session_token_mode = mode;
        self
    }

    /// The service name of the credential scope.
    ///
    /// ```
    /// assert_eq!(awssig::v4::SigningSettings::new("iam", "us-east-1").service(), "iam");
    /// ```
    pub fn service(&self) -> &str {
        &self.service
    }

    /// The region of the credential scope.
    ///
    /// ```
    /// assert_eq!(awssig::v4::SigningSettings::s3("eu-west-1").region(), "eu-west-1");
    /// ```
    pub fn region(&self) -> &str {
        &self.region
    }

    /// Whether the path is normalized.
    ///
    /// ```
    /// assert!(awssig::v4::SigningSettings::new("iam", "us-east-1").normalizes_path());
    /// ```
    pub fn normalizes_path(&self) -> bool {
        self.normalize_path
    }

    /// Whether the path is encoded twice.
    ///
    /// ```
    /// assert!(!awssig::v4::SigningSettings::s3("us-east-1").double_encodes_path());
    /// ```
    pub fn double_encodes_path(&self) -> bool {
        self.double_encode_path
    }

    /// Whether `x-amz-content-sha256` is added in header signing.
    ///
    /// ```
    /// assert!(!awssig::v4::SigningSettings::new("iam", "us-east-1").adds_content_sha256_header());
    /// ```
    pub fn adds_content_sha256_header(&self) -> bool {
        self.content_sha256_header
    }

    /// Where the session token goes.
    ///
    /// ```
    /// use awssig::v4::{SessionTokenMode, SigningSettings};
    /// assert_eq!(SigningSettings::s3("us-east-1").session_token_mode_used(), SessionTokenMode::Signed);
    /// ```
    pub fn session_token_mode_used(&self) -> SessionTokenMode {
        self.session_token_mode
    }

    pub(crate) fn scope_plain(&self) -> bool {
        self.scope_plain
    }

    /// Checks the region and service: non-empty printable ASCII without
    /// whitespace or `/`. [`Signer::new`] calls this.
    ///
    /// ```
    /// use awssig::v4::SigningSettings;
    /// assert!(SigningSettings::s3("us-east-1").validate().is_ok());
    /// assert!(SigningSettings::s3("us-east-1/x").validate().is_err());
    /// assert!(SigningSettings::new("", "us-east-1").validate().is_err());
    /// ```
    pub fn validate(&self) -> Result<()> {
        check_scope_part("region", &self.region, ErrorKind::InvalidRegion)?;
        check_scope_part("service", &self.service, ErrorKind::InvalidService)
    }
}

/// A request to sign, borrowed from the caller.
///
/// The path is given as it goes on the wire (already percent-encoded, e.g.
/// `/my%20file`); the query either as sent (`raw_query`) or as decoded
/// name/value pairs (`query_pairs`), which the signer encodes. Headers must
/// include `Host`.
///
/// ```
/// use awssig::v4::{Payload, Request};
/// let headers = [("Host", "iam.amazonaws.com")];
/// let query = [("Action", "ListUsers"), ("Version", "2010-05-08")];
/// let req = Request::new("GET", "/").query_pairs(&query).headers(&headers).payload(Payload::Empty);
/// assert_eq!(req.method(), "GET");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Request<'a> {
    method: &'a str,
    path: &'a str,
    s3_path: Option<canonical::S3Path<'a>>,
    query: Query<'a>,
    headers: &'a [(&'a str, &'a str)],
    /// How many leading headers were checked already (an S3 bucket's
    /// `host`, checked when the bucket was made).
    checked_headers: usize,
    payload: Payload<'a>,
}

impl<'a> Request<'a> {
    /// A request with no query, no headers and an empty payload.
    ///
    /// ```
    /// let req = awssig::v4::Request::new("PUT", "/bucket/key");
    /// assert_eq!(req.path(), "/bucket/key");
    /// ```
    pub fn new(method: &'a str, path: &'a str) -> Self {
        Request {
            method,
            path,
            s3_path: None,
            query: Query::Raw(""),
            headers: &[],
            checked_headers: 0,
            payload: Payload::Empty,
        }
    }

    /// The query string as sent, without the `?` (`a=1&b=%20`). Each name
    /// and value is normalized (decoded, then encoded as AWS signs) in the
    /// canonical request, but sent as given.
    ///
    /// ```
    /// let req = awssig::v4::Request::new("GET", "/").raw_query("list-type=2&prefix=a%2Fb");
    /// # let _ = req;
    /// ```
    pub fn raw_query(mut self, query: &'a str) -> Self {
        self.query = Query::Raw(query);
        self
    }

    /// The query as decoded name/value pairs; the signer encodes them.
    ///
    /// ```
    /// let q = [("prefix", "photos/2024 summer")];
    /// let req = awssig::v4::Request::new("GET", "/").query_pairs(&q);
    /// # let _ = req;
    /// ```
    pub fn query_pairs(mut self, pairs: &'a [(&'a str, &'a str)]) -> Self {
        self.query = Query::Pairs(pairs);
        self
    }

    /// The request headers (name, value), `Host` included. Headers in
    /// [`UNSIGNED_HEADERS`] are left out of the signature; a caller's
    /// `X-Amz-Date` is replaced by the signing time.
    ///
    /// ```
    /// let h = [("Host", "example.amazonaws.com"), ("Content-Type", "text/plain")];
    /// let req = awssig::v4::Request::new("PUT", "/k").headers(&h);
    /// # let _ = req;
    /// ```
    pub fn headers(mut self, headers: &'a [(&'a str, &'a str)]) -> Self {
        self.headers = headers;
        self.checked_headers = 0;
        self
    }

    /// What to sign for the body (default: [`Payload::Empty`]).
    ///
    /// ```
    /// use awssig::v4::{Payload, Request};
    /// let req = Request::new("PUT", "/k").payload(Payload::Unsigned);
    /// # let _ = req;
    /// ```
    pub fn payload(mut self, payload: Payload<'a>) -> Self {
        self.payload = payload;
        self
    }

    /// A request for an S3 object (or bucket, with an empty key) whose path
    /// is written from its parts, for the URL and the signature alike.
    pub(crate) fn s3(method: &'a str, path: canonical::S3Path<'a>) -> Self {
        Request {
            s3_path: Some(path),
            ..Request::new(method, "/")
        }
    }

    /// Marks the first `n` headers as checked by the caller (values with
    /// no control characters, names that are tokens).
    pub(crate) fn headers_checked(mut self, n: usize) -> Self {
        self.checked_headers = n;
        self
    }

    /// The method.
    ///
    /// ```
    /// assert_eq!(awssig::v4::Request::new("HEAD", "/").method(), "HEAD");
    /// ```
    pub fn method(&self) -> &'a str {
        self.method
    }

    /// The path as sent.
    ///
    /// ```
    /// assert_eq!(awssig::v4::Request::new("GET", "/a%20b").path(), "/a%20b");
    /// ```
    pub fn path(&self) -> &'a str {
        self.path
    }
}
