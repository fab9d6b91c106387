//! `AssumeRole`: temporary credentials of a role, requested with
//! credentials allowed to assume it (signed by this crate).

use alloc::string::String;

use crate::credentials::{Credentials, HttpRequest, HttpResponse};
use crate::error::Result;
use crate::time::SigningTime;

use super::endpoint::StsEndpoint;
use super::params::{self, Params};
use super::response::StsCredentials;
use super::{request, response};

const ACTION: &str = "AssumeRole";

/// An `AssumeRole` call: the role, the session name and the options a
/// profile can set (`external_id`, `duration_seconds`, `mfa_serial`), plus
/// an inline session policy.
///
/// Every setter checks its value as STS would, so a mistake is an error
/// here (naming the parameter and its rule), not a round trip.
///
/// ```
/// use awssig::{Credentials, SigningTime};
/// use awssig::credentials::sts::{AssumeRole, StsEndpoint};
/// let call = AssumeRole::new("arn:aws:iam::123456789012:role/deploy", "ci-job-42")?
///     .external_id("our-shared-id")?
///     .duration_seconds(900)?
///     .mfa("arn:aws:iam::123456789012:mfa/alice", "123456")?;
/// let source = Credentials::new("AKIDEXAMPLE", "secret")?;
/// let req = call.signed_request(&StsEndpoint::regional("us-east-1")?, &source, SigningTime::from_unix(0)?)?;
/// assert_eq!(req.method(), "POST");
/// assert_eq!(
///     std::str::from_utf8(req.body()).unwrap(),
///     "Action=AssumeRole&Version=2011-06-15\
///      &RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdeploy&RoleSessionName=ci-job-42\
///      &DurationSeconds=900&ExternalId=our-shared-id\
///      &SerialNumber=arn%3Aaws%3Aiam%3A%3A123456789012%3Amfa%2Falice&TokenCode=123456"
/// );
/// assert!(AssumeRole::new("arn:aws:iam::123456789012:role/deploy", "x").is_err());
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AssumeRole {
    role_arn: String,
    session_name: String,
    policy: Option<String>,
    duration_seconds: Option<u32>,
    external_id: Option<String>,
    mfa: Option<(String, String)>,
}

impl AssumeRole {
    /// Assumes `role_arn` (`arn:PARTITION:iam::ACCOUNT:role/NAME`) in a
    /// session named `session_name` (2–64 characters of letters, digits
    /// and `_+=,.@-`; see [`super::default_session_name`]).
    ///
    /// ```
    /// use awssig::credentials::sts::AssumeRole;
    /// assert!(AssumeRole::new("arn:aws:iam::123456789012:role/r", "session").is_ok());
    /// let err = AssumeRole::new("arn:aws:iam::123456789012:user/bob", "session").unwrap_err();
    /// assert!(err.to_string().starts_with("STS AssumeRole: role ARN"));
    /// ```
    pub fn new(role_arn: impl Into<String>, session_name: impl Into<String>) -> Result<Self> {
        let (role_arn, session_name) = (role_arn.into(), session_name.into());
        params::role(ACTION, &role_arn, &session_name)?;
        Ok(AssumeRole {
            role_arn,
            session_name,
            policy: None,
            duration_seconds: None,
            external_id: None,
            mfa: None,
        })
    }

    /// How long the credentials last: 900 to 43200 seconds (the role's
    /// maximum session duration may be lower; STS then refuses). STS's
    /// default is 3600.
    ///
    /// ```
    /// use awssig::credentials::sts::AssumeRole;
    /// let call = AssumeRole::new("arn:aws:iam::123456789012:role/r", "session")?;
    /// assert!(call.clone().duration_seconds(43_200).is_ok());
    /// assert!(call.duration_seconds(43_201).is_err());
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn duration_seconds(mut self, seconds: u32) -> Result<Self> {
        self.duration_seconds = Some(params::duration(ACTION, seconds, params::ROLE_DURATION)?);
        Ok(self)
    }

    /// The external id the role's trust policy asks for (2–1224
    /// characters of letters, digits and `_+=,.@:/-`).
    ///
    /// ```
    /// use awssig::credentials::sts::AssumeRole;
    /// let call = AssumeRole::new("arn:aws:iam::123456789012:role/r", "session")?;
    /// assert!(call.clone().external_id("id-1").is_ok());
    /// assert!(call.external_id("a b").is_err());
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn external_id(mut self, id: impl Into<String>) -> Result<Self> {
        self.external_id = Some(params::external_id(ACTION, id.into())?);
        Ok(self)
    }

    /// The MFA device (`mfa_serial`: its ARN or a hardware serial number)
    /// and the 6-digit code it shows now.
    ///
    /// ```
    /// use awssig::credentials::sts::AssumeRole;
    /// let call = AssumeRole::new("arn:aws:iam::123456789012:role/r", "session")?;
    /// assert!(call.clone().mfa("arn:aws:iam::123456789012:mfa/alice", "123456").is_ok());
    /// assert!(call.mfa("arn:aws:iam::123456789012:mfa/alice", "12345").is_err());
    /// # Ok::<(), awssig::Error>(())
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

    /// An inline session policy (JSON, at most 2048 characters), which
    /// narrows what the session may do.
    ///
    /// ```
    /// use awssig::credentials::sts::AssumeRole;
    /// let call = AssumeRole::new("arn:aws:iam::123456789012:role/r", "session")?
    ///     .policy(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#)?;
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn policy(mut self, policy: impl Into<String>) -> Result<Self> {
        self.policy = Some(params::policy(ACTION, policy.into())?);
        Ok(self)
    }

    fn body(&self) -> String {
        Params {
            role: Some((&self.role_arn, &self.session_name)),
            policy: self.policy.as_deref(),
            duration_seconds: self.duration_seconds,
            external_id: self.external_id.as_deref(),
            mfa: self.mfa.as_ref(),
            ..Params::default()
        }
        .form_body(ACTION)
    }

    /// The request, signed (SigV4, service `sts`, the endpoint's region)
    /// with the source credentials at `time`: `POST` to the endpoint's URL
    /// with `Content-Type: application/x-www-form-urlencoded;
    /// charset=utf-8`. Send its headers as they are; the client adds
    /// `Host` from the URL and `Content-Length`.
    ///
    /// ```
    /// use awssig::{Credentials, SigningTime};
    /// use awssig::credentials::sts::{AssumeRole, StsEndpoint};
    /// let req = AssumeRole::new("arn:aws:iam::123456789012:role/r", "session")?
    ///     .signed_request(&StsEndpoint::regional("us-east-1")?, &Credentials::new("AKID", "secret")?, SigningTime::from_unix(0)?)?;
    /// assert!(req.header_value("authorization").unwrap().starts_with(
    ///     "AWS4-HMAC-SHA256 Credential=AKID/19700101/us-east-1/sts/aws4_request, SignedHeaders=content-type;host;x-amz-date, "));
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

    /// Reads the answer: the role's temporary credentials with their
    /// expiry, or an error naming STS's error code and message.
    ///
    /// ```
    /// use awssig::ErrorKind;
    /// use awssig::credentials::{HttpResponse, sts::AssumeRole};
    /// let call = AssumeRole::new("arn:aws:iam::123456789012:role/r", "session")?;
    /// let body = b"<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not allowed</Message></Error></ErrorResponse>";
    /// let err = call.parse_response(HttpResponse::new(403, body)).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::CredentialSource);
    /// assert_eq!(err.to_string(), "STS AssumeRole: the service refused the request: HTTP 403 AccessDenied (Sender): not allowed");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn parse_response(&self, response: HttpResponse<'_>) -> Result<StsCredentials> {
        response::parse(ACTION, response)
    }
}
