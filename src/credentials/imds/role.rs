//! The IAM role attached to the instance: the request that lists it and
//! the response that names it.

use alloc::string::{String, ToString};

use super::config::ImdsConfig;
use super::status::{status_error, Request};
use super::token::{ImdsToken, TOKEN_HEADER};
use crate::credentials::json_document::body_text;
use crate::credentials::{HttpRequest, HttpResponse};
use crate::error::{Error, Result};

/// The path that lists the instance's role (and, with the role appended,
/// serves its credentials).
pub(super) const SECURITY_CREDENTIALS_PATH: &str = "/latest/meta-data/iam/security-credentials/";

/// The longest role name IAM allows.
const MAX_ROLE_NAME: usize = 64;

impl ImdsConfig {
    /// The role name request: `GET /latest/meta-data/iam/security-credentials/`
    /// with the token in `x-aws-ec2-metadata-token`.
    ///
    /// ```
    /// use awssig::credentials::{HttpResponse, imds::{ImdsConfig, ImdsToken}};
    /// let config = ImdsConfig::builder().build()?;
    /// let token = ImdsToken::from_response(&config, HttpResponse::new(200, b"tok"), awssig::SigningTime::from_unix(0)?)?;
    /// let req = config.role_name_request(&token);
    /// assert_eq!(req.method(), "GET");
    /// assert_eq!(req.url(), "http://169.254.169.254/latest/meta-data/iam/security-credentials/");
    /// assert_eq!(req.header_value("x-aws-ec2-metadata-token"), Some("tok"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn role_name_request(&self, token: &ImdsToken) -> HttpRequest {
        HttpRequest::new("GET", self.url(SECURITY_CREDENTIALS_PATH))
            .header(TOKEN_HEADER, token.secret())
    }
}

/// Reads the role name response: the first line, trimmed.
///
/// 404 or an empty body means no IAM role is attached to the instance;
/// 401 that the token expired or is missing (fetch a new one). The name
/// must be an IAM role name (letters, digits, `+=,.@_-`, at most 64), as
/// it goes into the next request's path.
///
/// ```
/// use awssig::credentials::{HttpResponse, imds::parse_role_name};
/// assert_eq!(parse_role_name(HttpResponse::new(200, b"my-role\n"))?, "my-role");
/// let err = parse_role_name(HttpResponse::new(404, b"<html>")).unwrap_err();
/// assert!(err.to_string().contains("no IAM role attached"));
/// assert!(parse_role_name(HttpResponse::new(200, b"  \n")).is_err());
/// # Ok::<(), awssig::Error>(())
/// ```
pub fn parse_role_name(response: HttpResponse<'_>) -> Result<String> {
    if !response.is_success() {
        return Err(status_error(Request::RoleName, response.status()));
    }
    let text = body_text("IMDS", "role name", &response)?;
    let name = text.lines().next().unwrap_or("").trim();
    if name.is_empty() {
        return Err(Error::credential_source(
            "IMDS",
            "the role name response is empty: no IAM role attached to this instance",
        ));
    }
    checked_role_name(name).map(ToString::to_string)
}

/// `name` if it is an IAM role name, safe in a URL path.
pub(super) fn checked_role_name(name: &str) -> Result<&str> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c);
    if name.is_empty()
        || name.len() > MAX_ROLE_NAME
        || !name.chars().all(allowed)
        || name == "."
        || name == ".."
    {
        return Err(Error::credential_source(
            "IMDS",
            format_args!(
                "the role name `{}` is not an IAM role name; expected at most {MAX_ROLE_NAME} letters, digits and +=,.@_-",
                name.escape_debug()
            ),
        ));
    }
    Ok(name)
}
