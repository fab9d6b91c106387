//! The role's credentials: the request for them and the JSON document
//! IMDS answers with.

use super::config::ImdsConfig;
use super::role::{checked_role_name, SECURITY_CREDENTIALS_PATH};
use super::status::{status_error, Request};
use super::token::{ImdsToken, TOKEN_HEADER};
use crate::credentials::json_document::{body_text, credentials, parse_object};
use crate::credentials::{Credentials, HttpRequest, HttpResponse};
use crate::error::{Error, Result};
use crate::json::Value;

impl ImdsConfig {
    /// The credentials request for `role` (as [`parse_role_name`](super::parse_role_name)
    /// returned it): `GET /latest/meta-data/iam/security-credentials/<role>`
    /// with the token.
    ///
    /// ```
    /// use awssig::credentials::{HttpResponse, imds::{ImdsConfig, ImdsToken}};
    /// let config = ImdsConfig::builder().build()?;
    /// let token = ImdsToken::from_response(&config, HttpResponse::new(200, b"tok"), awssig::SigningTime::from_unix(0)?)?;
    /// let req = config.credentials_request(&token, "my-role")?;
    /// assert_eq!(req.url(), "http://169.254.169.254/latest/meta-data/iam/security-credentials/my-role");
    /// assert_eq!(req.header_value("x-aws-ec2-metadata-token"), Some("tok"));
    /// assert!(config.credentials_request(&token, "../x").is_err());
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn credentials_request(&self, token: &ImdsToken, role: &str) -> Result<HttpRequest> {
        let role = checked_role_name(role)?;
        Ok(self.checked_credentials_request(token, role))
    }

    /// [`ImdsConfig::credentials_request`] for a role name already checked.
    pub(super) fn checked_credentials_request(&self, token: &ImdsToken, role: &str) -> HttpRequest {
        let url = alloc::format!("{}{SECURITY_CREDENTIALS_PATH}{role}", self.endpoint());
        HttpRequest::new("GET", url).header(TOKEN_HEADER, token.secret())
    }
}

/// Reads the credentials response: a JSON object whose `Code` is
/// `Success`, with `AccessKeyId`, `SecretAccessKey`, `Token` and
/// `Expiration` (RFC 3339), which becomes the credentials' expiry.
///
/// A `Code` other than `Success` is an error carrying the code and
/// `Message`; 401 means the token expired (fetch a new one), 404 that the
/// role has no credentials.
///
/// ```
/// use awssig::credentials::{HttpResponse, imds::parse_credentials};
/// let body = br#"{"Code":"Success","Type":"AWS-HMAC","AccessKeyId":"ASIARTEST",
///   "SecretAccessKey":"testsecret","Token":"testtoken","Expiration":"2021-09-21T04:16:53Z"}"#;
/// let creds = parse_credentials(HttpResponse::new(200, body))?;
/// assert_eq!(creds.access_key_id(), "ASIARTEST");
/// assert_eq!(creds.session_token(), Some("testtoken"));
/// assert_eq!(creds.expires_at().map(|t| t.unix()), Some(1632197813));
/// let failed = br#"{"Code":"AssumeRoleUnauthorizedAccess","Message":"denied"}"#;
/// assert!(parse_credentials(HttpResponse::new(200, failed)).unwrap_err().to_string().contains("AssumeRoleUnauthorizedAccess"));
/// # Ok::<(), awssig::Error>(())
/// ```
pub fn parse_credentials(response: HttpResponse<'_>) -> Result<Credentials> {
    if !response.is_success() {
        return Err(status_error(Request::Credentials, response.status()));
    }
    let text = body_text("IMDS", "credentials", &response)?;
    let doc = parse_object("IMDS", "credentials", text)?;
    match doc.get("Code") {
        Some(Value::String(code)) if code == "Success" => {}
        Some(Value::String(code)) => {
            let message = doc.get("Message").and_then(Value::as_str).unwrap_or("");
            return Err(Error::credential_source(
                "IMDS",
                format_args!(
                    "the credentials response has Code `{}` (expected `Success`): {}",
                    code.escape_debug(),
                    message.escape_debug()
                ),
            ));
        }
        Some(other) => {
            return Err(Error::credential_source(
                "IMDS",
                format_args!(
                    "the credentials response's `Code` is {}; expected the string `Success`",
                    other.kind()
                ),
            ))
        }
        None => {
            return Err(Error::credential_source(
                "IMDS",
                "the credentials response has no `Code`; expected `Success`",
            ))
        }
    }
    credentials("IMDS", &doc)
}
