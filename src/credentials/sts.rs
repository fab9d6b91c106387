//! AWS STS: `AssumeRole`, `GetSessionToken` and
//! `AssumeRoleWithWebIdentity`, as pure request builders and response
//! parsers (the query protocol: a form-encoded `POST`, an XML answer).
//!
//! Build the request, send it with any HTTP client, hand the status and
//! body back to the same builder's `parse_response`: the result is
//! [`Credentials`](crate::Credentials) that know when they expire.
//!
//! ```
//! use awssig::{Credentials, SigningTime};
//! use awssig::credentials::HttpResponse;
//! use awssig::credentials::sts::{AssumeRole, StsEndpoint};
//!
//! let source = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")?;
//! let call = AssumeRole::new("arn:aws:iam::123456789012:role/reader", "nightly-report")?
//!     .duration_seconds(3600)?;
//! let request = call.signed_request(&StsEndpoint::regional("eu-west-1")?, &source, SigningTime::from_unix(1_700_000_000)?)?;
//! assert_eq!(request.url(), "https://sts.eu-west-1.amazonaws.com/");
//! // ... send `request`, get the status and the body back ...
//! let body = br#"<AssumeRoleResponse><AssumeRoleResult>
//!   <AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/reader/nightly-report</Arn></AssumedRoleUser>
//!   <Credentials><AccessKeyId>ASIAEXAMPLE</AccessKeyId><SecretAccessKey>s</SecretAccessKey>
//!   <SessionToken>t</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration></Credentials>
//! </AssumeRoleResult></AssumeRoleResponse>"#;
//! let session = call.parse_response(HttpResponse::new(200, body))?;
//! assert_eq!(session.credentials().expires_at(), Some(SigningTime::from_rfc3339("2030-01-01T00:00:00Z")?));
//! assert_eq!(session.account_id(), Some("123456789012"));
//! # Ok::<(), awssig::Error>(())
//! ```

mod assume_role;
mod endpoint;
mod params;
mod request;
mod response;
mod session_token;
mod web_identity;

pub use assume_role::AssumeRole;
pub use endpoint::StsEndpoint;
pub use response::StsCredentials;
pub use session_token::GetSessionToken;
pub use web_identity::AssumeRoleWithWebIdentity;

/// The STS API version every request names (`Version=2011-06-15`).
///
/// ```
/// assert_eq!(awssig::credentials::sts::API_VERSION, "2011-06-15");
/// ```
pub const API_VERSION: &str = "2011-06-15";

/// A role session name from the time, for callers with no name of their
/// own: `awssig-session-<unix seconds>` (botocore names its sessions
/// `botocore-session-<unix seconds>` the same way).
///
/// ```
/// use awssig::SigningTime;
/// let name = awssig::credentials::sts::default_session_name(SigningTime::from_unix(1_700_000_000)?);
/// assert_eq!(name, "awssig-session-1700000000");
/// # Ok::<(), awssig::Error>(())
/// ```
pub fn default_session_name(time: crate::SigningTime) -> alloc::string::String {
    alloc::format!("awssig-session-{}", time.unix())
}
