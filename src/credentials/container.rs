//! ECS and EKS Pod Identity container credentials, without IO.
//!
//! The agent on the task or pod serves the role's credentials over HTTP,
//! as AWS documents it ("IAM roles for tasks", Amazon ECS Developer
//! Guide; "EKS Pod Identity", Amazon EKS User Guide):
//!
//! - ECS sets `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`, a path on
//!   `http://169.254.170.2`;
//! - otherwise `AWS_CONTAINER_CREDENTIALS_FULL_URI` names the URL: any
//!   `https` URL, or `http` to a loopback address, `localhost`,
//!   `169.254.170.2`, or the EKS Pod Identity agent `169.254.170.23` /
//!   `[fd00:ec2::23]` (host names other than `localhost` are not resolved
//!   here, so they need https);
//! - the `Authorization` header is the contents of
//!   `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` (EKS mounts a projected
//!   token there, refreshed while the pod runs: read it for every fetch),
//!   else `AWS_CONTAINER_AUTHORIZATION_TOKEN`;
//! - the answer is JSON: `AccessKeyId`, `SecretAccessKey`, `Token`,
//!   `Expiration`.
//!
//! [`ContainerConfig::resolve`] reads those settings from the caller's
//! environment lookup, [`ContainerConfig::request`] builds the `GET`
//! (given the token file's contents, which the caller reads), and
//! [`parse_credentials`] reads the answer.
//!
//! ```
//! use awssig::credentials::{HttpResponse, container::{parse_credentials, ContainerConfig}};
//! let env = |name: &str| match name {
//!     "AWS_CONTAINER_CREDENTIALS_FULL_URI" => Some("http://169.254.170.23/v1/credentials".to_string()),
//!     "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE" => Some("/var/run/secrets/eks-pod-identity-token".to_string()),
//!     _ => None,
//! };
//! let config = ContainerConfig::resolve(env)?.expect("configured");
//! assert_eq!(config.authorization_token_file(), Some("/var/run/secrets/eks-pod-identity-token"));
//! let token = "eyJhbGciOi"; // the edge reads the file
//! let request = config.request(Some(token))?;
//! assert_eq!(request.url(), "http://169.254.170.23/v1/credentials");
//! assert_eq!(request.header_value("authorization"), Some("eyJhbGciOi"));
//! let body = br#"{"AccessKeyId":"ASIA1","SecretAccessKey":"s","Token":"t","Expiration":"2009-02-13T23:31:30Z"}"#;
//! assert_eq!(parse_credentials(HttpResponse::new(200, body))?.access_key_id(), "ASIA1");
//! # Ok::<(), awssig::Error>(())
//! ```

use alloc::string::String;
use core::fmt;
use zeroize::Zeroizing;

use crate::credentials::HttpRequest;
use crate::error::{Error, Result};

mod full_uri;
mod response;

pub use response::parse_credentials;

/// How errors name this source.
const SOURCE: &str = "container credentials";

/// Where the `Authorization` header comes from.
#[derive(Clone, PartialEq, Eq)]
enum Authorization {
    None,
    Token(Zeroizing<String>),
    File(String),
}

/// The container credentials endpoint and how to authorize to it.
///
/// `Debug` never shows the authorization token.
///
/// ```
/// use awssig::credentials::container::ContainerConfig;
/// let env = |name: &str| match name {
///     "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI" => Some("/v2/credentials/52b19262".to_string()),
///     "AWS_CONTAINER_AUTHORIZATION_TOKEN" => Some("Basic c2VjcmV0".to_string()),
///     _ => None,
/// };
/// let config = ContainerConfig::resolve(env)?.expect("configured");
/// assert_eq!(config.url(), "http://169.254.170.2/v2/credentials/52b19262");
/// assert!(!format!("{config:?}").contains("c2VjcmV0"));
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ContainerConfig {
    url: String,
    authorization: Authorization,
}

impl ContainerConfig {
    /// Reads the settings through `env` (an environment lookup; `None` or
    /// an empty value is unset). `Ok(None)` when neither
    /// `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` nor
    /// `AWS_CONTAINER_CREDENTIALS_FULL_URI` is set: the source is not
    /// configured. The relative URI wins when both are.
    ///
    /// Errors: a relative URI not starting with `/`, a full URI without a
    /// host, with another scheme, or over http to a host not allowed; an
    /// authorization token holding CR, LF or another control character.
    ///
    /// ```
    /// use awssig::credentials::container::ContainerConfig;
    /// assert!(ContainerConfig::resolve(|_| None)?.is_none());
    /// let env = |n: &str| (n == "AWS_CONTAINER_CREDENTIALS_FULL_URI").then(|| "http://example.com/creds".to_string());
    /// assert!(ContainerConfig::resolve(env).is_err());
    /// let env = |n: &str| (n == "AWS_CONTAINER_CREDENTIALS_FULL_URI").then(|| "https://example.com/creds".to_string());
    /// assert_eq!(ContainerConfig::resolve(env)?.unwrap().url(), "https://example.com/creds");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn resolve(env: impl Fn(&str) -> Option<String>) -> Result<Option<Self>> {
        let set = |name: &str| env(name).filter(|v| !v.is_empty());
        let url = if let Some(path) = set("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") {
            full_uri::relative_to_agent(&path)?
        } else if let Some(uri) = set("AWS_CONTAINER_CREDENTIALS_FULL_URI") {
            full_uri::checked_full_uri(&uri)?
        } else {
            return Ok(None);
        };
        let authorization = if let Some(path) = set("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE") {
            Authorization::File(path)
        } else if let Some(token) = set("AWS_CONTAINER_AUTHORIZATION_TOKEN") {
            let token = Zeroizing::new(token);
            checked_token(&token, "AWS_CONTAINER_AUTHORIZATION_TOKEN")?;
            Authorization::Token(token)
        } else {
            Authorization::None
        };
        Ok(Some(ContainerConfig { url, authorization }))
    }

    /// The URL the credentials are fetched from.
    ///
    /// ```
    /// # use awssig::credentials::container::ContainerConfig;
    /// let env = |n: &str| (n == "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI").then(|| "/credentials?a=1".to_string());
    /// assert_eq!(ContainerConfig::resolve(env)?.unwrap().url(), "http://169.254.170.2/credentials?a=1");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The file `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` names, if set:
    /// the caller reads it before every [`request`](ContainerConfig::request)
    /// and passes its contents.
    ///
    /// ```
    /// # use awssig::credentials::container::ContainerConfig;
    /// let env = |n: &str| (n == "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI").then(|| "/c".to_string());
    /// assert_eq!(ContainerConfig::resolve(env)?.unwrap().authorization_token_file(), None);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn authorization_token_file(&self) -> Option<&str> {
        match &self.authorization {
            Authorization::File(path) => Some(path),
            _ => None,
        }
    }

    /// The credentials request: `GET` the URL with `Accept:
    /// application/json` and, when configured, `Authorization`.
    ///
    /// `token_file_contents` is what the caller read from
    /// [`authorization_token_file`](ContainerConfig::authorization_token_file):
    /// required when a file is configured (an error names the file
    /// otherwise), ignored when not. The token is sent as read: one
    /// holding CR, LF or another control character (a trailing newline
    /// too) is an error, as botocore has it.
    ///
    /// ```
    /// # use awssig::credentials::container::ContainerConfig;
    /// let env = |n: &str| match n {
    ///     "AWS_CONTAINER_CREDENTIALS_FULL_URI" => Some("http://127.0.0.1:8080/creds".to_string()),
    ///     "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE" => Some("/token".to_string()),
    ///     _ => None,
    /// };
    /// let config = ContainerConfig::resolve(env)?.unwrap();
    /// assert!(config.request(None).is_err());
    /// assert!(config.request(Some("tok\n")).is_err());
    /// let req = config.request(Some("tok"))?;
    /// assert_eq!((req.method(), req.header_value("Authorization")), ("GET", Some("tok")));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn request(&self, token_file_contents: Option<&str>) -> Result<HttpRequest> {
        let request =
            HttpRequest::new("GET", self.url.as_str()).header("accept", "application/json");
        let token = match &self.authorization {
            Authorization::None => return Ok(request),
            Authorization::Token(token) => token.as_str(),
            Authorization::File(path) => {
                let Some(contents) = token_file_contents else {
                    return Err(Error::credential_source(
                        SOURCE,
                        format_args!(
                            "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE is set to `{path}`, but its contents were not given; read the file and pass them"
                        ),
                    ));
                };
                checked_token(
                    contents,
                    "the file AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE names",
                )?;
                contents
            }
        };
        Ok(request.header("authorization", token))
    }
}

/// A token must be non-empty and fit in a header: no CR, LF or other
/// control character.
fn checked_token(token: &str, from: &str) -> Result<()> {
    if token.is_empty() {
        return Err(Error::credential_source(
            SOURCE,
            format_args!("the authorization token from {from} is empty"),
        ));
    }
    if token.chars().any(char::is_control) {
        return Err(Error::credential_source(
            SOURCE,
            format_args!(
                "the authorization token from {from} holds CR, LF or another control character (a trailing newline?); a header value cannot"
            ),
        ));
    }
    Ok(())
}

impl fmt::Debug for ContainerConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let authorization = match &self.authorization {
            Authorization::None => "none",
            Authorization::Token(_) => "<redacted token>",
            Authorization::File(_) => "token file",
        };
        f.debug_struct("ContainerConfig")
            .field("url", &self.url)
            .field("authorization", &authorization)
            .field("authorization_token_file", &self.authorization_token_file())
            .finish()
    }
}
