//! The crate's one error type.

use alloc::string::String;
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
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            kind,
            message: message.into(),
        }
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
pub type Result<T, E = Error> = core::result::Result<T, E>;
