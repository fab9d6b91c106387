//! The crate's one error type.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

/// What kind of input was rejected.
///
/// Match on this to react to a class of problem; read the [`Error`]'s
/// `Display` text for the details (which input, what is allowed).
///
/// ```
/// use awssig::{Credentials, ErrorKind};
/// let err = Credentials::new("", "secret").unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::InvalidCredentials);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The access key id, secret or session token is unusable.
    InvalidCredentials,
    /// The region is empty or has characters a credential scope cannot hold.
    InvalidRegion,
    /// The service name is empty or has characters a credential scope cannot hold.
    InvalidService,
    /// The signing time is outside the years 0000–9999 or is malformed.
    InvalidTime,
    /// The HTTP method is empty or is not an RFC 9110 token.
    InvalidMethod,
    /// The request path is malformed (not starting with `/`, or with control characters).
    InvalidPath,
    /// The query string or a query parameter is malformed or reserved for the signature.
    InvalidQuery,
    /// A header name is not an RFC 9110 token.
    InvalidHeaderName,
    /// A header value holds CR, LF, NUL or another control character.
    InvalidHeaderValue,
    /// The request has no `Host` header, which SigV4 always signs.
    MissingHost,
    /// A precomputed payload hash is not 64 lowercase hex digits.
    InvalidPayloadHash,
    /// The expiry is outside what the signature version allows.
    InvalidExpiry,
    /// The S3 bucket name breaks a naming rule (the message names it).
    InvalidBucketName,
    /// The S3 object key is too long or otherwise unusable.
    InvalidKey,
    /// The endpoint URL is malformed or uses an unsupported scheme.
    InvalidEndpoint,
    /// The addressing style cannot be used with this bucket or endpoint.
    InvalidAddressing,
    /// A header cannot be carried by this kind of signature (e.g. `Range`
    /// in a SigV2 presigned URL).
    UnsupportedHeader,
    /// Verification rejected the request; [`Error::s3_code`] tells the S3
    /// error code to answer with.
    Rejected,
    /// An aws-chunked body is malformed or ends early (chunk header, size,
    /// CRLF, trailer block, decoded length), or chunked-upload settings are
    /// unusable. The message names the S3 error code a server answers with
    /// (`IncompleteBody`, `MalformedTrailerError`, …).
    InvalidChunk,
    /// A chunk or trailer signature of an aws-chunked body does not match
    /// the one computed from the data (S3: `SignatureDoesNotMatch`).
    ChunkSignatureMismatch,
    /// A checksum trailer does not match the data it covers (S3: `BadDigest`).
    ChecksumMismatch,
    /// A POST policy condition or form field is unusable: `min > max` or a
    /// negative size in `content-length-range`, CR, LF or NUL in a field or
    /// condition, a reserved or repeated form field name.
    InvalidPolicy,
    /// The credentials expire before what they would sign: a presigned URL
    /// or POST form that would outlive them. The message names both
    /// instants; clamping is opt-in.
    CredentialsExpire,
    /// A credential source answered with something unusable: a malformed
    /// config file, process output, STS/IMDS/SSO/container response, or an
    /// error from the service. The message names the source.
    CredentialSource,
    /// A database or cluster token's host name, port, user, cluster or
    /// cache name breaks the rule of its service ([`crate::tokens`]); the
    /// message names the input and what is allowed.
    InvalidTokenInput,
    /// A server's answer given to [`crate::explain`] is malformed or holds
    /// neither a canonical request nor a string to sign.
    InvalidServerAnswer,
    /// A body pin of a presigned upload or POST form is malformed: an
    /// `x-amz-checksum-*` digest of the wrong length for its algorithm, a
    /// value that is not canonical base64, a `Content-MD5` that is not 16
    /// bytes, two checksum pins, or `x-amz-sdk-checksum-algorithm` naming
    /// another algorithm than the pinned checksum.
    InvalidChecksum,
    /// A multipart upload input breaks S3's rules: a part number outside
    /// 1–10000, a part smaller than 5 MiB that is not the last, a part over
    /// 5 GiB, more than 10000 parts, or a Complete list out of order or
    /// with a part twice.
    InvalidMultipart,
    /// An S3 response body cannot be read: not XML this crate accepts, the
    /// wrong root element, or an element it needs missing.
    InvalidResponse,
}

/// An input the library refused, with the reason.
///
/// `Display` names the input and says what is allowed, e.g.
/// `expires_in 604801 s exceeds the SigV4 maximum of 604800 s`.
///
/// ```
/// use awssig::{ErrorKind, v4::SigningSettings};
/// let err = SigningSettings::new("s3", "us east 1").validate().unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::InvalidRegion);
/// assert!(err.to_string().contains("region"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    message: String,
    code: Option<S3ErrorCode>,
    details: Option<Box<Details>>,
}

/// What S3 adds to some error bodies, kept off the common path (boxed).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Details {
    /// `<HeadersNotSigned>`: the `x-amz-*` headers present but not signed.
    pub(crate) headers_not_signed: Vec<String>,
    /// `<CanonicalRequest>` (debug mode of the verifier only).
    pub(crate) canonical_request: Option<String>,
    /// `<StringToSign>` (debug mode of the verifier only).
    pub(crate) string_to_sign: Option<String>,
}

/// The S3 error code a server sends when it rejects a request for this
/// reason (verification errors carry one; see [`Error::s3_code`]).
///
/// ```
/// use awssig::S3ErrorCode;
/// assert_eq!(S3ErrorCode::SignatureDoesNotMatch.as_str(), "SignatureDoesNotMatch");
/// assert_eq!(S3ErrorCode::SignatureDoesNotMatch.http_status(), 403);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum S3ErrorCode {
    /// The signature does not match the one computed from the request.
    SignatureDoesNotMatch,
    /// Access denied; e.g. "Request has expired" or "Request is not valid yet".
    AccessDenied,
    /// The presigned URL's auth parameters are missing, repeated or malformed.
    AuthorizationQueryParametersError,
    /// The `Authorization` header is malformed.
    AuthorizationHeaderMalformed,
    /// A required header (`x-amz-date`, `Date`, `Host`) is missing.
    MissingSecurityHeader,
    /// The access key id is unknown.
    InvalidAccessKeyId,
    /// The request time is too far from the server's clock.
    RequestTimeTooSkewed,
    /// The payload does not match `x-amz-content-sha256`.
    XAmzContentSHA256Mismatch,
    /// The POST policy is malformed or the form breaks it.
    InvalidPolicyDocument,
    /// The upload is larger than the policy's `content-length-range` allows.
    EntityTooLarge,
    /// The upload is smaller than the policy's `content-length-range` allows.
    EntityTooSmall,
    /// A request argument is malformed (e.g. an expiry out of range).
    InvalidArgument,
    /// An aws-chunked body ended early or is malformed.
    IncompleteBody,
    /// A checksum (an aws-chunked checksum trailer) does not match the data.
    BadDigest,
    /// The trailer block of an aws-chunked body is malformed or lacks a
    /// trailer the request announced.
    MalformedTrailerError,
    /// The request is inconsistent: e.g. a required header is missing
    /// (`x-amz-content-sha256` on a header-signed S3 request), two checksum
    /// headers, or `x-amz-sdk-checksum-algorithm` that names another
    /// checksum than the one sent.
    InvalidRequest,
    /// `Content-MD5` is not the base64 of 16 bytes.
    InvalidDigest,
    /// The server cannot answer now (503): e.g. the store of one-time
    /// links is down, so the link is refused rather than let through twice.
    ServiceUnavailable,
}

impl S3ErrorCode {
    /// The code as S3 writes it in an error response.
    ///
    /// ```
    /// assert_eq!(awssig::S3ErrorCode::AccessDenied.as_str(), "AccessDenied");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            S3ErrorCode::SignatureDoesNotMatch => "SignatureDoesNotMatch",
            S3ErrorCode::AccessDenied => "AccessDenied",
            S3ErrorCode::AuthorizationQueryParametersError => "AuthorizationQueryParametersError",
            S3ErrorCode::AuthorizationHeaderMalformed => "AuthorizationHeaderMalformed",
            S3ErrorCode::MissingSecurityHeader => "MissingSecurityHeader",
            S3ErrorCode::InvalidAccessKeyId => "InvalidAccessKeyId",
            S3ErrorCode::RequestTimeTooSkewed => "RequestTimeTooSkewed",
            S3ErrorCode::XAmzContentSHA256Mismatch => "XAmzContentSHA256Mismatch",
            S3ErrorCode::InvalidPolicyDocument => "InvalidPolicyDocument",
            S3ErrorCode::EntityTooLarge => "EntityTooLarge",
            S3ErrorCode::EntityTooSmall => "EntityTooSmall",
            S3ErrorCode::InvalidArgument => "InvalidArgument",
            S3ErrorCode::IncompleteBody => "IncompleteBody",
            S3ErrorCode::BadDigest => "BadDigest",
            S3ErrorCode::MalformedTrailerError => "MalformedTrailerError",
            S3ErrorCode::InvalidRequest => "InvalidRequest",
            S3ErrorCode::InvalidDigest => "InvalidDigest",
            S3ErrorCode::ServiceUnavailable => "ServiceUnavailable",
        }
    }

    /// The HTTP status S3 answers with.
    ///
    /// ```
    /// assert_eq!(awssig::S3ErrorCode::EntityTooLarge.http_status(), 400);
    /// ```
    pub fn http_status(self) -> u16 {
        match self {
            S3ErrorCode::SignatureDoesNotMatch
            | S3ErrorCode::AccessDenied
            | S3ErrorCode::InvalidAccessKeyId
            | S3ErrorCode::RequestTimeTooSkewed => 403,
            S3ErrorCode::ServiceUnavailable => 503,
            _ => 400,
        }
    }
}

impl fmt::Display for S3ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            kind,
            message: message.into(),
            code: None,
            details: None,
        }
    }

    /// An [`ErrorKind::CredentialSource`] error that names the source:
    /// `"{source}: {message}"`. The credential sources answer with it, and
    /// so can your own HTTP clients and credential providers.
    ///
    /// ```
    /// use awssig::{Error, ErrorKind};
    /// let err = Error::credential_source("vault", "the lease has ended");
    /// assert_eq!(err.kind(), ErrorKind::CredentialSource);
    /// assert_eq!(err.to_string(), "vault: the lease has ended");
    /// ```
    pub fn credential_source(source: &str, message: impl fmt::Display) -> Error {
        Error::new(
            ErrorKind::CredentialSource,
            alloc::format!("{source}: {message}"),
        )
    }

    /// The same error, its message led by `who: ` (unless it already
    /// starts with `who`): a source's error as the chain that asked it
    /// reports it. Kind, S3 code and details are kept.
    #[cfg(feature = "credentials-io")]
    pub(crate) fn context(mut self, who: &str) -> Error {
        if !self.message.starts_with(who) {
            self.message = alloc::format!("{who}: {}", self.message);
        }
        self
    }

    /// An error of another kind that also carries the S3 code a server
    /// would answer with (the aws-chunked decoder's errors).
    pub(crate) fn with_s3_code(mut self, code: S3ErrorCode) -> Self {
        self.code = Some(code);
        self
    }

    /// A request the verifier rejects, with the S3 code a server would send.
    pub(crate) fn rejected(code: S3ErrorCode, message: impl Into<String>) -> Self {
        Error {
            kind: ErrorKind::Rejected,
            message: message.into(),
            code: Some(code),
            details: None,
        }
    }

    /// The same error with S3's extra fields attached.
    pub(crate) fn with_details(mut self, details: Details) -> Self {
        self.details = Some(Box::new(details));
        self
    }

    /// For `AccessDenied` "There were headers present in the request which
    /// were not signed": the lowercase names of those `x-amz-*` headers, in
    /// the order the request carried them, for S3's `<HeadersNotSigned>`
    /// element (written comma-separated). Empty for every other error.
    ///
    /// ```
    /// use awssig::{Credentials, S3ErrorCode, SigningTime, s3::Bucket, verify::{Incoming, Verifier}};
    /// let creds = Credentials::new("AKID", "secret")?;
    /// let url = Bucket::new("b-1", "us-east-1")?.put("k").presign(&creds, SigningTime::from_unix(0)?, 60)?;
    /// let headers = [("x-amz-acl", "public-read")];
    /// let req = Incoming::new("PUT", &url, &headers);
    /// let err = Verifier::s3().verify_presigned(&req, SigningTime::from_unix(1)?, |_: &str| Some("secret".to_string())).unwrap_err();
    /// assert_eq!(err.s3_code(), Some(S3ErrorCode::AccessDenied));
    /// assert_eq!(err.headers_not_signed(), ["x-amz-acl"]);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn headers_not_signed(&self) -> &[String] {
        self.details
            .as_ref()
            .map_or(&[][..], |d| &d.headers_not_signed[..])
    }

    /// For `SignatureDoesNotMatch` from a verifier in debug mode
    /// ([`crate::verify::Verifier::debug`]): the canonical request the
    /// server computed, as S3's `<CanonicalRequest>` carries it.
    ///
    /// ```
    /// use awssig::{Credentials, SigningTime, s3::Bucket, verify::{Incoming, Verifier}};
    /// let creds = Credentials::new("AKID", "secret")?;
    /// let url = Bucket::new("b-1", "us-east-1")?.get("k").presign(&creds, SigningTime::from_unix(0)?, 60)?;
    /// let lookup = |_: &str| Some("other secret".to_string());
    /// let err = Verifier::s3().debug(true).verify_presigned(&Incoming::new("GET", &url, &[]), SigningTime::from_unix(1)?, lookup).unwrap_err();
    /// assert!(err.canonical_request().unwrap().starts_with("GET\n/k\n"));
    /// assert!(err.string_to_sign().unwrap().starts_with("AWS4-HMAC-SHA256\n19700101T000000Z\n"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn canonical_request(&self) -> Option<&str> {
        self.details.as_ref()?.canonical_request.as_deref()
    }

    /// For `SignatureDoesNotMatch` from a verifier in debug mode: the string
    /// to sign the server computed (S3's `<StringToSign>`; its
    /// `<StringToSignBytes>` is these bytes in two-digit hex separated by
    /// spaces). See [`Error::canonical_request`].
    ///
    /// ```
    /// let err = awssig::SigningTime::from_amz_date("x").unwrap_err();
    /// assert_eq!(err.string_to_sign(), None);
    /// ```
    pub fn string_to_sign(&self) -> Option<&str> {
        self.details.as_ref()?.string_to_sign.as_deref()
    }

    /// For verification errors ([`ErrorKind::Rejected`]) and those of the
    /// aws-chunked decoder, the S3 error code a server would answer with.
    ///
    /// ```
    /// use awssig::{Credentials, S3ErrorCode, SigningTime, s3::Bucket, verify::{Incoming, Verifier}};
    /// let creds = Credentials::new("AKID", "secret")?;
    /// let url = Bucket::new("b-1", "us-east-1")?.get("k").presign(&creds, SigningTime::from_unix(0)?, 60)?;
    /// let req = Incoming::new("GET", &url, &[]);
    /// let err = Verifier::s3().verify_presigned(&req, SigningTime::from_unix(61)?, |_: &str| Some("secret".to_string())).unwrap_err();
    /// assert_eq!(err.s3_code(), Some(S3ErrorCode::AccessDenied));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn s3_code(&self) -> Option<S3ErrorCode> {
        self.code
    }

    /// The class of problem.
    ///
    /// ```
    /// use awssig::{ErrorKind, SigningTime};
    /// assert_eq!(SigningTime::from_amz_date("2015").unwrap_err().kind(), ErrorKind::InvalidTime);
    /// ```
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

#[cfg(feature = "std")]
impl std::error::Error for Error {}

/// The crate's result type.
///
/// ```
/// fn parse(d: &str) -> awssig::Result<awssig::SigningTime> {
///     awssig::SigningTime::from_amz_date(d)
/// }
/// assert!(parse("20150830T123600Z").is_ok());
/// ```
pub type Result<T, E = Error> = core::result::Result<T, E>;
