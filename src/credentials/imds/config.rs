//! Where IMDS is and how to talk to it, resolved from the caller's
//! overrides, the environment and the profile, in the order the SDKs use
//! (smithy-rs's `imds-endpoint-tests.json`).

use alloc::format;
use alloc::string::{String, ToString};

use crate::error::{Error, Result};

const SOURCE: &str = "IMDS";

/// The longest token lifetime IMDS grants, and the default asked for:
/// 6 hours.
///
/// ```
/// use awssig::credentials::imds::{ImdsConfig, MAX_TOKEN_TTL_SECONDS};
/// assert_eq!(ImdsConfig::builder().build()?.token_ttl_seconds(), MAX_TOKEN_TTL_SECONDS);
/// assert!(ImdsConfig::builder().token_ttl_seconds(MAX_TOKEN_TTL_SECONDS + 1).build().is_err());
/// # Ok::<(), awssig::Error>(())
/// ```
pub const MAX_TOKEN_TTL_SECONDS: u32 = 21_600;

/// Attempts per request when IMDS answers 5xx, unless configured (the
/// smithy-rs default; botocore makes one attempt unless
/// `metadata_service_num_attempts` says more).
///
/// ```
/// use awssig::credentials::imds::{ImdsConfig, DEFAULT_MAX_ATTEMPTS};
/// assert_eq!(ImdsConfig::builder().build()?.max_attempts(), DEFAULT_MAX_ATTEMPTS);
/// # Ok::<(), awssig::Error>(())
/// ```
pub const DEFAULT_MAX_ATTEMPTS: u32 = 4;

/// Which of IMDS's two fixed addresses to use when no endpoint is given.
///
/// Parsed without case from `IPv4` / `IPv6`, as the SDKs read
/// `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE` and the profile's
/// `ec2_metadata_service_endpoint_mode`.
///
/// ```
/// use awssig::credentials::imds::EndpointMode;
/// assert_eq!(EndpointMode::parse("ipV6")?, EndpointMode::IpV6);
/// assert_eq!(EndpointMode::IpV4.endpoint(), "http://169.254.169.254");
/// assert!(EndpointMode::parse("IPv7").is_err());
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum EndpointMode {
    /// `http://169.254.169.254` (the default).
    #[default]
    IpV4,
    /// `http://[fd00:ec2::254]` (Nitro instances with IPv6 enabled).
    IpV6,
}

impl EndpointMode {
    /// Reads `IPv4` or `IPv6`, without case.
    ///
    /// ```
    /// use awssig::credentials::imds::EndpointMode;
    /// assert_eq!(EndpointMode::parse("IPV4")?, EndpointMode::IpV4);
    /// let err = EndpointMode::parse("error").unwrap_err();
    /// assert!(err.to_string().contains("`error` is not a valid endpoint mode"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn parse(value: &str) -> Result<Self> {
        if value.eq_ignore_ascii_case("ipv4") {
            Ok(EndpointMode::IpV4)
        } else if value.eq_ignore_ascii_case("ipv6") {
            Ok(EndpointMode::IpV6)
        } else {
            Err(Error::credential_source(
                SOURCE,
                format_args!("`{value}` is not a valid endpoint mode; expected IPv4 or IPv6"),
            ))
        }
    }

    /// The endpoint this mode stands for.
    ///
    /// ```
    /// use awssig::credentials::imds::EndpointMode;
    /// assert_eq!(EndpointMode::IpV6.endpoint(), "http://[fd00:ec2::254]");
    /// ```
    pub fn endpoint(self) -> &'static str {
        match self {
            EndpointMode::IpV4 => "http://169.254.169.254",
            EndpointMode::IpV6 => "http://[fd00:ec2::254]",
        }
    }
}

/// IMDS settings, resolved: the endpoint, whether IMDS is disabled, the
/// token lifetime to ask for and the attempts per request.
///
/// Built by [`ImdsConfig::builder`]; the environment and the profile are
/// inputs (lookups the caller supplies), never read here. The endpoint is,
/// first found wins:
///
/// 1. [`ImdsConfigBuilder::endpoint`];
/// 2. `AWS_EC2_METADATA_SERVICE_ENDPOINT`;
/// 3. the profile's `ec2_metadata_service_endpoint`;
/// 4. the address of [`ImdsConfigBuilder::endpoint_mode`], else of
///    `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE`, else of the profile's
///    `ec2_metadata_service_endpoint_mode`, else IPv4.
///
/// `AWS_EC2_METADATA_DISABLED=true` (any case) marks it disabled: the
/// default chain skips IMDS and [`ImdsClient::new`](super::ImdsClient::new)
/// refuses. `AWS_METADATA_SERVICE_NUM_ATTEMPTS` or the profile's
/// `metadata_service_num_attempts` set the attempts (default
/// [`DEFAULT_MAX_ATTEMPTS`]).
///
/// ```
/// use awssig::credentials::imds::ImdsConfig;
/// let env = |name: &str| match name {
///     "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE" => Some("IPv6".to_string()),
///     _ => None,
/// };
/// let config = ImdsConfig::builder().resolve(env, |_| None)?;
/// assert_eq!(config.endpoint(), "http://[fd00:ec2::254]");
/// assert_eq!(config.token_ttl_seconds(), 21600);
/// assert!(!config.is_disabled());
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ImdsConfig {
    endpoint: String,
    disabled: bool,
    token_ttl_seconds: u32,
    max_attempts: u32,
}

/// The caller's overrides for an [`ImdsConfig`]; they win over the
/// environment and the profile.
///
/// ```
/// use awssig::credentials::imds::{EndpointMode, ImdsConfig};
/// let config = ImdsConfig::builder()
///     .endpoint_mode(EndpointMode::IpV6)
///     .token_ttl_seconds(300)
///     .build()?;
/// assert_eq!(config.endpoint(), "http://[fd00:ec2::254]");
/// assert_eq!(config.token_ttl_seconds(), 300);
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct ImdsConfigBuilder {
    endpoint: Option<String>,
    mode: Option<EndpointMode>,
    token_ttl_seconds: Option<u32>,
    max_attempts: Option<u32>,
}

impl ImdsConfig {
    /// A builder with no overrides.
    ///
    /// ```
    /// let config = awssig::credentials::imds::ImdsConfig::builder().build()?;
    /// assert_eq!(config.endpoint(), "http://169.254.169.254");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn builder() -> ImdsConfigBuilder {
        ImdsConfigBuilder::default()
    }

    /// The endpoint: scheme, host, optional port and path prefix, without a
    /// trailing `/`.
    ///
    /// ```
    /// use awssig::credentials::imds::ImdsConfig;
    /// let config = ImdsConfig::builder().endpoint("http://127.0.0.1:8080/").build()?;
    /// assert_eq!(config.endpoint(), "http://127.0.0.1:8080");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// Whether `AWS_EC2_METADATA_DISABLED` turned IMDS off.
    ///
    /// ```
    /// use awssig::credentials::imds::ImdsConfig;
    /// let env = |n: &str| (n == "AWS_EC2_METADATA_DISABLED").then(|| "True".to_string());
    /// assert!(ImdsConfig::builder().resolve(env, |_| None)?.is_disabled());
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn is_disabled(&self) -> bool {
        self.disabled
    }

    /// The token lifetime the token request asks for, in seconds.
    ///
    /// ```
    /// let config = awssig::credentials::imds::ImdsConfig::builder().build()?;
    /// assert_eq!(config.token_ttl_seconds(), 21600);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn token_ttl_seconds(&self) -> u32 {
        self.token_ttl_seconds
    }

    /// How many times one request is sent while IMDS answers 5xx.
    ///
    /// ```
    /// let config = awssig::credentials::imds::ImdsConfig::builder().max_attempts(1).build()?;
    /// assert_eq!(config.max_attempts(), 1);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// `endpoint` + `path` (which starts with `/`).
    pub(super) fn url(&self, path: &str) -> String {
        format!("{}{path}", self.endpoint)
    }
}

impl ImdsConfigBuilder {
    /// Uses this endpoint (`http://` or `https://`, a host, an optional
    /// port and path prefix), whatever the environment and profile say;
    /// checked when resolved.
    ///
    /// ```
    /// use awssig::credentials::imds::ImdsConfig;
    /// assert!(ImdsConfig::builder().endpoint("https://custom").build().is_ok());
    /// assert!(ImdsConfig::builder().endpoint("not a uri").build().is_err());
    /// ```
    #[must_use]
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Some(url.into());
        self
    }

    /// Uses this mode's address unless an endpoint is configured (here, in
    /// the environment or in the profile).
    ///
    /// ```
    /// use awssig::credentials::imds::{EndpointMode, ImdsConfig};
    /// let env = |n: &str| (n == "AWS_EC2_METADATA_SERVICE_ENDPOINT").then(|| "http://10.0.0.1".to_string());
    /// let config = ImdsConfig::builder().endpoint_mode(EndpointMode::IpV6).resolve(env, |_| None)?;
    /// assert_eq!(config.endpoint(), "http://10.0.0.1");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    #[must_use]
    pub fn endpoint_mode(mut self, mode: EndpointMode) -> Self {
        self.mode = Some(mode);
        self
    }

    /// The token lifetime to ask for: 1 to 21600 seconds (checked when
    /// resolved); default 21600.
    ///
    /// ```
    /// use awssig::credentials::imds::ImdsConfig;
    /// assert!(ImdsConfig::builder().token_ttl_seconds(21600).build().is_ok());
    /// let err = ImdsConfig::builder().token_ttl_seconds(21601).build().unwrap_err();
    /// assert!(err.to_string().contains("1 to 21600"));
    /// assert!(ImdsConfig::builder().token_ttl_seconds(0).build().is_err());
    /// ```
    #[must_use]
    pub fn token_ttl_seconds(mut self, seconds: u32) -> Self {
        self.token_ttl_seconds = Some(seconds);
        self
    }

    /// Attempts per request while IMDS answers 5xx (at least 1; checked
    /// when resolved).
    ///
    /// ```
    /// use awssig::credentials::imds::ImdsConfig;
    /// assert!(ImdsConfig::builder().max_attempts(0).build().is_err());
    /// ```
    #[must_use]
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = Some(attempts);
        self
    }

    /// Resolves with no environment and no profile: the overrides and the
    /// defaults only.
    ///
    /// ```
    /// let config = awssig::credentials::imds::ImdsConfig::builder().build()?;
    /// assert_eq!(config.max_attempts(), 4);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn build(self) -> Result<ImdsConfig> {
        self.resolve(|_| None, |_| None)
    }

    /// Resolves the settings: `env` looks up an environment variable,
    /// `profile` a key of the active profile (both `None` when unset).
    ///
    /// Errors name the setting: an endpoint that is not an `http(s)` URL
    /// with a host, an unknown endpoint mode, a token lifetime outside
    /// 1–21600 s, attempts that are not a positive number.
    ///
    /// ```
    /// use awssig::credentials::imds::ImdsConfig;
    /// let profile = |k: &str| (k == "ec2_metadata_service_endpoint").then(|| "http://override:456".to_string());
    /// let config = ImdsConfig::builder().resolve(|_| None, profile)?;
    /// assert_eq!(config.endpoint(), "http://override:456");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn resolve(
        self,
        env: impl Fn(&str) -> Option<String>,
        profile: impl Fn(&str) -> Option<String>,
    ) -> Result<ImdsConfig> {
        let endpoint = if let Some(url) = self.endpoint {
            checked_endpoint(&url, "the configured endpoint")?
        } else if let Some(url) = env("AWS_EC2_METADATA_SERVICE_ENDPOINT") {
            checked_endpoint(&url, "AWS_EC2_METADATA_SERVICE_ENDPOINT")?
        } else if let Some(url) = profile("ec2_metadata_service_endpoint") {
            checked_endpoint(&url, "the profile's ec2_metadata_service_endpoint")?
        } else {
            let mode = match self.mode {
                Some(mode) => mode,
                None => match env("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE")
                    .or_else(|| profile("ec2_metadata_service_endpoint_mode"))
                {
                    Some(text) => EndpointMode::parse(text.trim())?,
                    None => EndpointMode::IpV4,
                },
            };
            mode.endpoint().to_string()
        };
        let disabled =
            env("AWS_EC2_METADATA_DISABLED").is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
        let token_ttl_seconds = self.token_ttl_seconds.unwrap_or(MAX_TOKEN_TTL_SECONDS);
        if !(1..=MAX_TOKEN_TTL_SECONDS).contains(&token_ttl_seconds) {
            return Err(Error::credential_source(
                SOURCE,
                format_args!(
                    "the token lifetime {token_ttl_seconds} s is outside 1 to {MAX_TOKEN_TTL_SECONDS} s"
                ),
            ));
        }
        let max_attempts = match self.max_attempts {
            Some(n) => n,
            None => match env("AWS_METADATA_SERVICE_NUM_ATTEMPTS")
                .map(|v| ("AWS_METADATA_SERVICE_NUM_ATTEMPTS", v))
                .or_else(|| {
                    profile("metadata_service_num_attempts")
                        .map(|v| ("the profile's metadata_service_num_attempts", v))
                }) {
                Some((name, text)) => text.trim().parse().map_err(|_| {
                    Error::credential_source(
                        SOURCE,
                        format_args!("{name} `{text}` is not a whole number of attempts"),
                    )
                })?,
                None => DEFAULT_MAX_ATTEMPTS,
            },
        };
        if max_attempts == 0 {
            return Err(Error::credential_source(
                SOURCE,
                "the number of attempts is 0; at least 1 is needed",
            ));
        }
        Ok(ImdsConfig {
            endpoint,
            disabled,
            token_ttl_seconds,
            max_attempts,
        })
    }
}

/// Checks an endpoint URL (`http://` or `https://`, a non-empty host, no
/// whitespace or control characters, no query or fragment) and drops
/// trailing `/`s, so paths append.
fn checked_endpoint(url: &str, from: &str) -> Result<String> {
    if let Some(c) = url
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || !c.is_ascii())
    {
        return Err(Error::credential_source(
            SOURCE,
            format_args!(
                "{from} `{}` is not a URL: invalid uri character {c:?}",
                url.escape_debug()
            ),
        ));
    }
    let rest = if url.len() >= 7
        && url
            .get(..7)
            .is_some_and(|s| s.eq_ignore_ascii_case("http://"))
    {
        &url[7..]
    } else if url.len() >= 8
        && url
            .get(..8)
            .is_some_and(|s| s.eq_ignore_ascii_case("https://"))
    {
        &url[8..]
    } else {
        return Err(Error::credential_source(
            SOURCE,
            format_args!(
                "{from} `{url}` is not a URL: expected http://host[:port] or https://host[:port]"
            ),
        ));
    };
    let authority = rest.split('/').next().unwrap_or("");
    if authority.is_empty() || authority.starts_with(':') || authority.contains('@') {
        return Err(Error::credential_source(
            SOURCE,
            format_args!("{from} `{url}` is not a URL: it has no host (or has user info)"),
        ));
    }
    if url.contains(['?', '#']) {
        return Err(Error::credential_source(
            SOURCE,
            format_args!("{from} `{url}` has a query or fragment; an endpoint is scheme, host, port and path only"),
        ));
    }
    Ok(url.trim_end_matches('/').to_string())
}
