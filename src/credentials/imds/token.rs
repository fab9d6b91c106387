//! The IMDSv2 session token: the `PUT /latest/api/token` request that asks
//! for one, and the response that carries it.

use alloc::string::{String, ToString};
use core::fmt;
use zeroize::Zeroizing;

use super::config::ImdsConfig;
use super::status::{status_error, Request};
use crate::credentials::json_document::body_text;
use crate::credentials::{HttpRequest, HttpResponse};
use crate::error::{Error, Result};
use crate::time::SigningTime;

/// The header that asks for a token lifetime, in seconds.
///
/// ```
/// use awssig::credentials::imds::{ImdsConfig, TTL_HEADER};
/// let req = ImdsConfig::builder().build()?.token_request();
/// assert_eq!(req.header_value(TTL_HEADER), Some("21600"));
/// # Ok::<(), awssig::Error>(())
/// ```
pub const TTL_HEADER: &str = "x-aws-ec2-metadata-token-ttl-seconds";
/// The header that carries the token on every metadata request.
///
/// ```
/// use awssig::SigningTime;
/// use awssig::credentials::HttpResponse;
/// use awssig::credentials::imds::{ImdsConfig, ImdsToken, TOKEN_HEADER};
/// let config = ImdsConfig::builder().build()?;
/// let token = ImdsToken::from_response(&config, HttpResponse::new(200, b"tok"), SigningTime::from_unix(0)?)?;
/// assert_eq!(config.role_name_request(&token).header_value(TOKEN_HEADER), Some("tok"));
/// # Ok::<(), awssig::Error>(())
/// ```
pub const TOKEN_HEADER: &str = "x-aws-ec2-metadata-token";

/// Seconds before its end at which a token is no longer reused (a request
/// signed with it could reach IMDS after it ended).
const REUSE_MARGIN_SECONDS: i64 = 60;

/// An IMDSv2 session token and when it ends.
///
/// A secret: `Debug` shows only its end, and it is zeroed when dropped.
///
/// ```
/// use awssig::credentials::HttpResponse;
/// use awssig::credentials::imds::{ImdsConfig, ImdsToken};
/// use awssig::SigningTime;
/// let config = ImdsConfig::builder().build()?;
/// let asked_at = SigningTime::from_unix(1_000_000)?;
/// let token = ImdsToken::from_response(&config, HttpResponse::new(200, b"AQAEAKQR=="), asked_at)?;
/// assert_eq!(token.expires_at().unix(), 1_000_000 + 21600);
/// assert!(!format!("{token:?}").contains("AQAEAKQR"));
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct ImdsToken {
    value: Zeroizing<String>,
    expires_at: SigningTime,
}

impl ImdsToken {
    /// Reads the token request's response. `asked_at` is when the request
    /// was sent: the token ends the configured lifetime after it (IMDS
    /// counts from when it answered, a little later, so this errs early).
    ///
    /// 403 means IMDS is disabled on the instance or refused the token
    /// request (a hop limit, a proxy); any other non-2xx is an error naming
    /// the status. The body must be the token alone: non-empty visible
    /// ASCII, which goes into a header.
    ///
    /// ```
    /// use awssig::credentials::HttpResponse;
    /// use awssig::credentials::imds::{ImdsConfig, ImdsToken};
    /// # let config = ImdsConfig::builder().build()?;
    /// # let now = awssig::SigningTime::from_unix(0)?;
    /// let err = ImdsToken::from_response(&config, HttpResponse::new(403, b""), now).unwrap_err();
    /// assert!(err.to_string().contains("request forbidden: IMDS is disabled"));
    /// assert!(ImdsToken::from_response(&config, HttpResponse::new(200, b"a\r\nb"), now).is_err());
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn from_response(
        config: &ImdsConfig,
        response: HttpResponse<'_>,
        asked_at: SigningTime,
    ) -> Result<Self> {
        if !response.is_success() {
            return Err(status_error(Request::Token, response.status()));
        }
        let text = body_text("IMDS", "token", &response)?;
        if text.is_empty() || !text.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(Error::credential_source(
                "IMDS",
                "the token response is empty or holds characters a header cannot carry; expected visible ASCII",
            ));
        }
        let expires_at = SigningTime::from_unix(
            asked_at
                .unix()
                .saturating_add(i64::from(config.token_ttl_seconds())),
        )?;
        Ok(ImdsToken {
            value: Zeroizing::new(text.to_string()),
            expires_at,
        })
    }

    /// When the token ends (as [`ImdsToken::from_response`] reckons it).
    ///
    /// ```
    /// # use awssig::credentials::{HttpResponse, imds::{ImdsConfig, ImdsToken}};
    /// # let config = ImdsConfig::builder().token_ttl_seconds(60).build()?;
    /// let token = ImdsToken::from_response(&config, HttpResponse::new(200, b"t"), awssig::SigningTime::from_unix(0)?)?;
    /// assert_eq!(token.expires_at().unix(), 60);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn expires_at(&self) -> SigningTime {
        self.expires_at
    }

    /// Whether the token is still worth sending at `now`: more than a
    /// minute before its end.
    ///
    /// ```
    /// # use awssig::credentials::{HttpResponse, imds::{ImdsConfig, ImdsToken}};
    /// # use awssig::SigningTime;
    /// # let config = ImdsConfig::builder().build()?;
    /// let token = ImdsToken::from_response(&config, HttpResponse::new(200, b"t"), SigningTime::from_unix(0)?)?;
    /// assert!(token.is_usable_at(SigningTime::from_unix(21600 - 61)?));
    /// assert!(!token.is_usable_at(SigningTime::from_unix(21600 - 60)?));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn is_usable_at(&self, now: SigningTime) -> bool {
        now.unix().saturating_add(REUSE_MARGIN_SECONDS) < self.expires_at.unix()
    }

    /// The token text, for the `x-aws-ec2-metadata-token` header.
    ///
    /// ```
    /// # use awssig::credentials::{HttpResponse, imds::{ImdsConfig, ImdsToken}};
    /// # let config = ImdsConfig::builder().build()?;
    /// let token = ImdsToken::from_response(&config, HttpResponse::new(200, b"t0k"), awssig::SigningTime::from_unix(0)?)?;
    /// assert_eq!(token.secret(), "t0k");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn secret(&self) -> &str {
        &self.value
    }
}

impl fmt::Debug for ImdsToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ImdsToken")
            .field("value", &"<redacted>")
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

impl ImdsConfig {
    /// The token request: `PUT /latest/api/token` with
    /// `x-aws-ec2-metadata-token-ttl-seconds` set to the configured
    /// lifetime.
    ///
    /// ```
    /// use awssig::credentials::imds::ImdsConfig;
    /// let req = ImdsConfig::builder().build()?.token_request();
    /// assert_eq!(req.method(), "PUT");
    /// assert_eq!(req.url(), "http://169.254.169.254/latest/api/token");
    /// assert_eq!(req.header_value("x-aws-ec2-metadata-token-ttl-seconds"), Some("21600"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn token_request(&self) -> HttpRequest {
        HttpRequest::new("PUT", self.url("/latest/api/token"))
            .header(TTL_HEADER, self.token_ttl_seconds().to_string())
    }
}
