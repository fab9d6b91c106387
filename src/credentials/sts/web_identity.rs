//! `AssumeRoleWithWebIdentity`: a role's temporary credentials for an
//! OpenID Connect token (EKS service accounts, GitHub Actions, ...);
//! unsigned, the token is the proof.

use alloc::string::String;
use core::fmt;
use zeroize::Zeroize;

use crate::credentials::{HttpRequest, HttpResponse};
use crate::error::Result;

use super::endpoint::StsEndpoint;
use super::params::{self, Params};
use super::response::StsCredentials;
use super::{request, response};

const ACTION: &str = "AssumeRoleWithWebIdentity";

/// An `AssumeRoleWithWebIdentity` call: the role (`AWS_ROLE_ARN`,
/// `role_arn`), the session name (`AWS_ROLE_SESSION_NAME`,
/// `role_session_name`) and the token (the content of
/// `AWS_WEB_IDENTITY_TOKEN_FILE` / `web_identity_token_file`, as read: the
/// SDKs send a trailing newline along).
///
/// The token is a secret: `Debug` does not show it, and it is zeroed when
/// the call is dropped.
///
/// ```
/// use awssig::credentials::sts::{AssumeRoleWithWebIdentity, StsEndpoint};
/// let call = AssumeRoleWithWebIdentity::new("arn:aws:iam::123456789012:role/app", "pod-1", "eyJhbGciOi.x.y")?;
/// let req = call.request(&StsEndpoint::regional("us-west-2")?);
/// assert_eq!(req.url(), "https://sts.us-west-2.amazonaws.com/");
/// assert_eq!(req.header_value("authorization"), None);
/// assert_eq!(
///     std::str::from_utf8(req.body()).unwrap(),
///     "Action=AssumeRoleWithWebIdentity&Version=2011-06-15\
///      &RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fapp&RoleSessionName=pod-1&WebIdentityToken=eyJhbGciOi.x.y"
/// );
/// assert!(!format!("{call:?}").contains("eyJ"));
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct AssumeRoleWithWebIdentity {
    role_arn: String,
    session_name: String,
    token: String,
    policy: Option<String>,
    duration_seconds: Option<u32>,
}

impl AssumeRoleWithWebIdentity {
    /// Assumes `role_arn` in a session named `session_name` with the web
    /// identity token `token` (4 to 20000 characters).
    ///
    /// ```
    /// use awssig::credentials::sts::AssumeRoleWithWebIdentity;
    /// let err = AssumeRoleWithWebIdentity::new("arn:aws:iam::123456789012:role/app", "pod-1", "").unwrap_err();
    /// assert_eq!(err.to_string(), "STS AssumeRoleWithWebIdentity: WebIdentityToken is 0 characters long; allowed are 4 to 20000");
    /// ```
    pub fn new(
        role_arn: impl Into<String>,
        session_name: impl Into<String>,
        token: impl Into<String>,
    ) -> Result<Self> {
        let (role_arn, session_name, mut token) =
            (role_arn.into(), session_name.into(), token.into());
        let checked = params::role(ACTION, &role_arn, &session_name)
            .and_then(|()| params::web_identity_token(ACTION, &token));
        if let Err(e) = checked {
            token.zeroize();
            return Err(e);
        }
        Ok(AssumeRoleWithWebIdentity {
            role_arn,
            session_name,
            token,
            policy: None,
            duration_seconds: None,
        })
    }

    /// How long the credentials last: 900 to 43200 seconds.
    ///
    /// ```
    /// use awssig::credentials::sts::AssumeRoleWithWebIdentity;
    /// let call = AssumeRoleWithWebIdentity::new("arn:aws:iam::123456789012:role/app", "pod-1", "token")?;
    /// assert!(call.clone().duration_seconds(3600).is_ok());
    /// assert!(call.duration_seconds(60).is_err());
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn duration_seconds(mut self, seconds: u32) -> Result<Self> {
        self.duration_seconds = Some(params::duration(ACTION, seconds, params::ROLE_DURATION)?);
        Ok(self)
    }

    /// An inline session policy (JSON, at most 2048 characters).
    ///
    /// ```
    /// use awssig::credentials::sts::AssumeRoleWithWebIdentity;
    /// let call = AssumeRoleWithWebIdentity::new("arn:aws:iam::123456789012:role/app", "pod-1", "token")?;
    /// assert!(call.policy("").is_err());
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn policy(mut self, policy: impl Into<String>) -> Result<Self> {
        self.policy = Some(params::policy(ACTION, policy.into())?);
        Ok(self)
    }

    /// The request: an unsigned `POST` to the endpoint's URL with
    /// `Content-Type: application/x-www-form-urlencoded; charset=utf-8`
    /// (the body holds the token and is zeroed with the request).
    ///
    /// ```
    /// use awssig::credentials::sts::{AssumeRoleWithWebIdentity, StsEndpoint};
    /// let call = AssumeRoleWithWebIdentity::new("arn:aws:iam::123456789012:role/app", "pod-1", "token")?;
    /// let req = call.request(&StsEndpoint::custom("http://127.0.0.1:5000", "us-east-1")?);
    /// assert_eq!(req.header_value("content-type"), Some("application/x-www-form-urlencoded; charset=utf-8"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn request(&self, endpoint: &StsEndpoint) -> HttpRequest {
        let body = Params {
            role: Some((&self.role_arn, &self.session_name)),
            web_identity_token: Some(&self.token),
            policy: self.policy.as_deref(),
            duration_seconds: self.duration_seconds,
            ..Params::default()
        }
        .form_body(ACTION);
        request::unsigned_post(endpoint, body)
    }

    /// Reads the answer: the role's temporary credentials with their
    /// expiry, or an error naming STS's error code and message.
    ///
    /// ```
    /// use awssig::credentials::{HttpResponse, sts::AssumeRoleWithWebIdentity};
    /// let call = AssumeRoleWithWebIdentity::new("arn:aws:iam::123456789012:role/app", "pod-1", "token")?;
    /// let body = b"<ErrorResponse><Error><Type>Sender</Type><Code>ExpiredTokenException</Code><Message>Token expired</Message></Error></ErrorResponse>";
    /// let err = call.parse_response(HttpResponse::new(400, body)).unwrap_err();
    /// assert!(err.to_string().contains("ExpiredTokenException (Sender): Token expired"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn parse_response(&self, response: HttpResponse<'_>) -> Result<StsCredentials> {
        response::parse(ACTION, response)
    }
}

impl fmt::Debug for AssumeRoleWithWebIdentity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AssumeRoleWithWebIdentity")
            .field("role_arn", &self.role_arn)
            .field("session_name", &self.session_name)
            .field("token", &"<redacted>")
            .field("policy", &self.policy)
            .field("duration_seconds", &self.duration_seconds)
            .finish()
    }
}

impl Drop for AssumeRoleWithWebIdentity {
    fn drop(&mut self) {
        self.token.zeroize();
    }
}
