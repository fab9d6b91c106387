//! `GetSessionToken`: temporary credentials of an IAM user, requested with
//! the user's long-term keys (signed by this crate), optionally with MFA.

use alloc::string::String;

use crate::credentials::{Credentials, HttpRequest, HttpResponse};
use crate::error::Result;
use crate::time::SigningTime;

use super::endpoint::StsEndpoint;
use super::params::{self, Params};
use super::response::StsCredentials;
use super::{request, response};

const ACTION: &str = "GetSessionToken";

/// A `GetSessionToken` call. AWS answers it only for long-term keys (an
/// IAM user's or the root user's), not for temporary credentials.
///
/// ```
/// use awssig::{Credentials, SigningTime};
/// use awssig::credentials::sts::{GetSessionToken, StsEndpoint};
/// let call = GetSessionToken::new().duration_seconds(129_600)?.mfa("GAHT12345678", "654321")?;
/// let req = call.signed_request(&StsEndpoint::regional("us-east-1")?, &Credentials::new("AKID", "secret")?, SigningTime::from_unix(0)?)?;
/// assert_eq!(
///     std::str::from_utf8(req.body()).unwrap(),
///     "Action=GetSessionToken&Version=2011-06-15&DurationSeconds=129600&SerialNumber=GAHT12345678&TokenCode=654321"
/// );
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GetSessionToken {
    duration_seconds: Option<u32>,
    mfa: Option<(String, String)>,
}

impl GetSessionToken {
    /// A call with STS's defaults (12 hours, no MFA).
    ///
    /// ```
    /// let call = awssig::credentials::sts::GetSessionToken::new();
    /// # let _ = call;
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// How long the credentials last: 900 to 129600 seconds (36 hours).
    ///
    /// ```
    /// use awssig::credentials::sts::GetSessionToken;
    /// assert!(GetSessionToken::new().duration_seconds(899).is_err());
    /// assert!(GetSessionToken::new().duration_seconds(129_601).is_err());
    /// ```
    pub fn duration_seconds(mut self, seconds: u32) -> Result<Self> {
        self.duration_seconds = Some(params::duration(
            ACTION,
            seconds,
            params::SESSION_TOKEN_DURATION,
        )?);
        Ok(self)
    }

    /// The MFA device (its ARN or a hardware serial number) and the
    /// 6-digit code it shows now.
    ///
    /// ```
    /// use awssig::credentials::sts::GetSessionToken;
    /// assert!(GetSessionToken::new().mfa("arn:aws:iam::123456789012:mfa/bob", "123456").is_ok());
    /// assert!(GetSessionToken::new().mfa("arn:aws:iam::123456789012:mfa/bob", "1234567").is_err());
    /// ```
    pub fn mfa(
        mut self,
        serial_number: impl Into<String>,
        token_code: impl Into<String>,
    ) -> Result<Self> {
        self.mfa = Some(params::mfa(
            ACTION,
            serial_number.into(),
            token_code.into(),
        )?);
        Ok(self)
    }

    fn body(&self) -> String {
        Params {
            duration_seconds: self.duration_seconds,
            mfa: self.mfa.as_ref(),
            ..Params::default()
        }
        .form_body(ACTION)
    }

    /// The request, signed like [`super::AssumeRole::signed_request`].
    ///
    /// ```
    /// use awssig::{Credentials, SigningTime};
    /// use awssig::credentials::sts::{GetSessionToken, StsEndpoint};
    /// let req = GetSessionToken::new().signed_request(
    ///     &StsEndpoint::custom("http://127.0.0.1:7480", "us-east-1")?,
    ///     &Credentials::new("AKID", "secret")?,
    ///     SigningTime::from_unix(0)?,
    /// )?;
    /// assert_eq!(req.url(), "http://127.0.0.1:7480/");
    /// assert_eq!(req.header_value("x-amz-date"), Some("19700101T000000Z"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn signed_request(
        &self,
        endpoint: &StsEndpoint,
        credentials: &Credentials,
        time: SigningTime,
    ) -> Result<HttpRequest> {
        request::signed_post(endpoint, credentials, time, self.body())
    }

    /// Reads the answer: the session's credentials with their expiry, or
    /// an error naming STS's error code and message.
    ///
    /// ```
    /// use awssig::credentials::{HttpResponse, sts::GetSessionToken};
    /// let err = GetSessionToken::new().parse_response(HttpResponse::new(200, b"not xml")).unwrap_err();
    /// assert!(err.to_string().starts_with("STS GetSessionToken: the response is not XML"));
    /// ```
    pub fn parse_response(&self, response: HttpResponse<'_>) -> Result<StsCredentials> {
        response::parse(ACTION, response)
    }
}
