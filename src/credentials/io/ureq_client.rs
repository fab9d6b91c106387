//! The default [`HttpClient`]: blocking HTTP/1.1 over plain TCP or TLS
//! (ureq with rustls and the Mozilla root certificates).

use alloc::format;
use alloc::string::String;
use core::fmt;
use core::time::Duration;

use ureq::{http, AsSendBody};

use super::bounded::read_bounded;
use super::http_client::{HttpClient, HttpResponseBuf, Timeouts};
use crate::credentials::HttpRequest;
use crate::error::{Error, Result};

/// A small blocking HTTP client for the credential sources: `http://`
/// (IMDS, ECS and EKS container endpoints, IPv6 literals such as
/// `http://[fd00:ec2::254]`) and `https://` (STS, the SSO portal) with
/// rustls and the Mozilla root certificates (`webpki-roots`).
///
/// On purpose it:
/// * follows **no redirects**: a 3xx is returned as the response, so no
///   credentials header (an IMDS or container token) ever reaches another
///   host;
/// * uses **no proxy**, whatever `HTTP_PROXY` / `HTTPS_PROXY` say (the
///   metadata endpoints must never be reached through one; bring your own
///   [`HttpClient`] if STS must be);
/// * reads at most [`BlockingClient::DEFAULT_MAX_BODY`] of a body (1 MiB;
///   credentials responses are a few KiB), an error beyond;
/// * returns every status as a response (the source's parser judges it).
///
/// Connections are pooled per client: keep one and share it (it is
/// `Send + Sync` and cheap to clone).
///
/// ```no_run
/// use awssig::credentials::{io::{BlockingClient, HttpClient, Timeouts}, HttpRequest};
/// let client = BlockingClient::new();
/// let req = HttpRequest::new("PUT", "http://169.254.169.254/latest/api/token")
///     .header("x-aws-ec2-metadata-token-ttl-seconds", "21600");
/// let token = client.send(&req, &Timeouts::metadata())?;
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone)]
pub struct BlockingClient {
    agent: ureq::Agent,
    max_body: usize,
}

impl BlockingClient {
    /// The largest response body read by default: 1 MiB.
    ///
    /// ```
    /// assert_eq!(awssig::credentials::io::BlockingClient::DEFAULT_MAX_BODY, 1 << 20);
    /// ```
    pub const DEFAULT_MAX_BODY: usize = 1 << 20;

    /// A client with the settings described on [`BlockingClient`].
    ///
    /// ```
    /// let client = awssig::credentials::io::BlockingClient::new();
    /// assert_eq!(client.max_body(), 1 << 20);
    /// ```
    pub fn new() -> Self {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .proxy(None)
            .user_agent(concat!("awssig/", env!("CARGO_PKG_VERSION")))
            .build()
            .new_agent();
        BlockingClient {
            agent,
            max_body: Self::DEFAULT_MAX_BODY,
        }
    }

    /// Sets the largest response body read; a longer one is an error.
    ///
    /// ```
    /// let client = awssig::credentials::io::BlockingClient::new().with_max_body(64 * 1024);
    /// assert_eq!(client.max_body(), 65536);
    /// ```
    #[must_use]
    pub fn with_max_body(mut self, max_body: usize) -> Self {
        self.max_body = max_body;
        self
    }

    /// The largest response body read.
    ///
    /// ```
    /// assert_eq!(awssig::credentials::io::BlockingClient::default().max_body(), 1 << 20);
    /// ```
    pub fn max_body(&self) -> usize {
        self.max_body
    }

    fn run<B: AsSendBody>(
        &self,
        request: http::Request<B>,
        timeouts: &Timeouts,
        what: &dyn Fn(&dyn fmt::Display) -> Error,
    ) -> Result<HttpResponseBuf> {
        let request = self
            .agent
            .configure_request(request)
            .timeout_connect(Some(timeouts.connect()))
            .timeout_global(Some(timeouts.total()))
            .build();
        let mut response = self
            .agent
            .run(request)
            .map_err(|e| what(&describe(&e, timeouts)))?;
        let status = response.status().as_u16();
        let body = response.body_mut();
        let hint = body.content_length();
        let mut reader = body.with_config().reader();
        match read_bounded(&mut reader, self.max_body, hint) {
            Ok(Some(bytes)) => Ok(HttpResponseBuf::new(status, bytes)),
            Ok(None) => Err(what(&format_args!(
                "the response body is larger than the {} bytes allowed",
                self.max_body
            ))),
            Err(e) => Err(what(&format_args!("reading the response body: {e}"))),
        }
    }
}

/// A ureq error as a sentence; a timeout says which and how long.
fn describe(e: &ureq::Error, timeouts: &Timeouts) -> String {
    match e {
        ureq::Error::Timeout(ureq::Timeout::Connect | ureq::Timeout::Resolve) => {
            format!("no connection within {}", secs(timeouts.connect()))
        }
        ureq::Error::Timeout(_) => {
            format!("no complete response within {}", secs(timeouts.total()))
        }
        other => format!("{other}"),
    }
}

fn secs(d: Duration) -> String {
    format!("{} s", d.as_secs_f64())
}

impl Default for BlockingClient {
    /// The same as [`BlockingClient::new`].
    ///
    /// ```
    /// let _ = awssig::credentials::io::BlockingClient::default();
    /// ```
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for BlockingClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BlockingClient")
            .field("max_body", &self.max_body)
            .finish_non_exhaustive()
    }
}

impl HttpClient for BlockingClient {
    fn send(&self, request: &HttpRequest, timeouts: &Timeouts) -> Result<HttpResponseBuf> {
        let what = |message: &dyn fmt::Display| {
            Error::credential_source(&format!("{} {}", request.method(), request.url()), message)
        };
        let mut builder = http::Request::builder()
            .method(request.method())
            .uri(request.url());
        for (name, value) in request.headers() {
            builder = builder.header(name.as_str(), value.as_str());
        }
        // Say which part is wrong, never the header value (it may be a token).
        let invalid = |e: http::Error| what(&format_args!("not a valid HTTP request ({e})"));
        if request.body().is_empty() {
            self.run(builder.body(()).map_err(invalid)?, timeouts, &what)
        } else {
            self.run(
                builder.body(request.body()).map_err(invalid)?,
                timeouts,
                &what,
            )
        }
    }
}
