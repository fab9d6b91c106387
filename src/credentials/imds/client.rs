//! A sans-IO IMDS client: a state machine that says which request to send
//! next and takes the responses, so the code holding the socket only
//! loops.

use alloc::string::String;

use super::config::ImdsConfig;
use super::role::parse_role_name;
use super::security_credentials::parse_credentials;
use super::status::{reaction, status_error, Reaction, Request};
use super::token::ImdsToken;
use crate::credentials::{Credentials, HttpRequest, HttpResponse};
use crate::error::{Error, Result};
use crate::time::SigningTime;

/// What to do after a response: send another request, or use the
/// credentials.
///
/// ```
/// use awssig::SigningTime;
/// use awssig::credentials::HttpResponse;
/// use awssig::credentials::imds::{ImdsClient, ImdsConfig, ImdsStep};
/// let mut client = ImdsClient::new(ImdsConfig::builder().build()?)?;
/// let token_request = client.start(SigningTime::from_unix(0)?);
/// assert_eq!(token_request.method(), "PUT");
/// let ImdsStep::Send(next) = client.handle(HttpResponse::new(200, b"token"))? else { panic!() };
/// assert!(next.url().ends_with("/latest/meta-data/iam/security-credentials/"));
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum ImdsStep {
    /// Send this request and hand its response to
    /// [`ImdsClient::handle`]. It may repeat the last one: IMDS answered
    /// 5xx (wait a little first) or the token expired.
    Send(HttpRequest),
    /// The fetch is done; the credentials carry their expiry.
    Done(Credentials),
}

/// A metadata request (one that carries the token).
#[derive(Clone, Debug, PartialEq, Eq)]
enum Metadata {
    RoleName,
    Credentials { role: String },
}

/// Where a fetch stands: which response is awaited.
#[derive(Clone, Debug, PartialEq, Eq)]
enum State {
    Idle,
    /// The token request; `then` is the metadata request that needs it.
    Token {
        asked_at: SigningTime,
        then: Metadata,
    },
    Metadata(Metadata),
}

/// Fetches instance-profile credentials from IMDSv2 without doing IO.
///
/// [`start`](ImdsClient::start) returns the first request;
/// [`handle`](ImdsClient::handle) takes each response and returns the next
/// request or the credentials. It asks for a token (`PUT
/// /latest/api/token`), the role name, then the role's credentials; it
/// keeps the token between fetches while it has more than a minute left,
/// asks for a new one once when IMDS answers 401, and repeats a request
/// answered 5xx or 429 up to [`ImdsConfig::max_attempts`] times (the
/// caller chooses the wait between). Any other failure ends the fetch with
/// an error saying what IMDS meant; the next `start` begins afresh.
///
/// ```
/// use awssig::credentials::{HttpResponse, imds::{ImdsClient, ImdsConfig, ImdsStep}};
/// use awssig::SigningTime;
/// let mut client = ImdsClient::new(ImdsConfig::builder().build()?)?;
/// let now = SigningTime::from_unix(1_632_190_000)?;
/// let mut request = client.start(now);
/// // A real edge sends `request` and passes back what came; here IMDS is scripted.
/// let answers: [&[u8]; 3] = [
///     b"token",
///     b"my-role",
///     br#"{"Code":"Success","AccessKeyId":"ASIA1","SecretAccessKey":"s","Token":"t","Expiration":"2021-09-21T04:16:53Z"}"#,
/// ];
/// let mut creds = None;
/// for body in answers {
///     assert!(request.url().starts_with("http://169.254.169.254/latest/"));
///     match client.handle(HttpResponse::new(200, body))? {
///         ImdsStep::Send(next) => request = next,
///         ImdsStep::Done(c) => creds = Some(c),
///         _ => unreachable!(),
///     }
/// }
/// assert_eq!(creds.unwrap().access_key_id(), "ASIA1");
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Debug)]
pub struct ImdsClient {
    config: ImdsConfig,
    token: Option<ImdsToken>,
    state: State,
    /// Attempts made of the current request.
    attempts: u32,
    /// Whether this fetch already replaced a token IMDS refused.
    renewed: bool,
    /// When the current fetch started (a renewed token counts from here).
    started_at: SigningTime,
}

impl ImdsClient {
    /// A client for this configuration; an error if it is disabled
    /// (`AWS_EC2_METADATA_DISABLED=true`).
    ///
    /// ```
    /// use awssig::credentials::imds::{ImdsClient, ImdsConfig};
    /// let env = |n: &str| (n == "AWS_EC2_METADATA_DISABLED").then(|| "true".to_string());
    /// let err = ImdsClient::new(ImdsConfig::builder().resolve(env, |_| None)?).unwrap_err();
    /// assert!(err.to_string().starts_with("IMDS: "));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn new(config: ImdsConfig) -> Result<Self> {
        if config.is_disabled() {
            return Err(Error::credential_source(
                "IMDS",
                "disabled by AWS_EC2_METADATA_DISABLED=true",
            ));
        }
        Ok(ImdsClient {
            config,
            token: None,
            state: State::Idle,
            attempts: 0,
            renewed: false,
            started_at: SigningTime::from_unix(0)?,
        })
    }

    /// Begins a credentials fetch at `now` and returns the first request:
    /// the role name request if the kept token is still good, else the
    /// token request. A fetch in progress is abandoned.
    ///
    /// ```
    /// use awssig::credentials::imds::{ImdsClient, ImdsConfig};
    /// let mut client = ImdsClient::new(ImdsConfig::builder().build()?)?;
    /// let first = client.start(awssig::SigningTime::from_unix(0)?);
    /// assert_eq!(first.method(), "PUT");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn start(&mut self, now: SigningTime) -> HttpRequest {
        self.attempts = 1;
        self.renewed = false;
        self.started_at = now;
        if self.token.as_ref().is_some_and(|t| !t.is_usable_at(now)) {
            self.token = None;
        }
        self.state = State::Metadata(Metadata::RoleName);
        self.current_request()
    }

    /// Takes the response to the last request and returns the next step.
    ///
    /// Errors end the fetch (the next [`start`](ImdsClient::start) begins
    /// again): a response with no request outstanding, a status IMDS means
    /// as a refusal (403 on the token: IMDS disabled; 404 on the role
    /// name: no IAM role attached), 5xx past the attempts, a second 401,
    /// an unreadable body.
    ///
    /// ```
    /// use awssig::credentials::{HttpResponse, imds::{ImdsClient, ImdsConfig, ImdsStep}};
    /// let mut client = ImdsClient::new(ImdsConfig::builder().build()?)?;
    /// client.start(awssig::SigningTime::from_unix(0)?);
    /// let ImdsStep::Send(next) = client.handle(HttpResponse::new(200, b"tok"))? else { panic!() };
    /// assert_eq!(next.header_value("x-aws-ec2-metadata-token"), Some("tok"));
    /// let err = client.handle(HttpResponse::new(404, b"")).unwrap_err();
    /// assert!(err.to_string().contains("no IAM role attached"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn handle(&mut self, response: HttpResponse<'_>) -> Result<ImdsStep> {
        let result = self.advance(response);
        if result.is_err() {
            self.state = State::Idle;
        }
        result
    }

    fn advance(&mut self, response: HttpResponse<'_>) -> Result<ImdsStep> {
        let request = match &self.state {
            State::Idle => {
                return Err(Error::credential_source(
                    "IMDS",
                    "a response arrived with no request outstanding; call start first",
                ))
            }
            State::Token { .. } => Request::Token,
            State::Metadata(Metadata::RoleName) => Request::RoleName,
            State::Metadata(Metadata::Credentials { .. }) => Request::Credentials,
        };
        if !response.is_success() {
            match reaction(request, response.status()) {
                Reaction::Retry if self.attempts < self.config.max_attempts() => {
                    self.attempts += 1;
                    return Ok(ImdsStep::Send(self.current_request()));
                }
                Reaction::NewToken if !self.renewed => {
                    self.renewed = true;
                    self.token = None;
                    self.attempts = 1;
                    // current_request puts the token request first; the
                    // new token counts from the fetch's start (errs early).
                    return Ok(ImdsStep::Send(self.current_request()));
                }
                _ => return Err(status_error(request, response.status())),
            }
        }
        self.attempts = 1;
        match core::mem::replace(&mut self.state, State::Idle) {
            State::Idle => Err(Error::credential_source("IMDS", "no request outstanding")),
            State::Token { asked_at, then } => {
                self.token = Some(ImdsToken::from_response(&self.config, response, asked_at)?);
                self.state = State::Metadata(then);
                Ok(ImdsStep::Send(self.current_request()))
            }
            State::Metadata(Metadata::RoleName) => {
                let role = parse_role_name(response)?;
                self.state = State::Metadata(Metadata::Credentials { role });
                Ok(ImdsStep::Send(self.current_request()))
            }
            State::Metadata(Metadata::Credentials { .. }) => {
                Ok(ImdsStep::Done(parse_credentials(response)?))
            }
        }
    }

    /// The request whose answer the current state awaits; with no token,
    /// a metadata request waits behind the token request.
    fn current_request(&mut self) -> HttpRequest {
        if self.token.is_none() && matches!(self.state, State::Metadata(_)) {
            if let State::Metadata(then) = core::mem::replace(&mut self.state, State::Idle) {
                self.state = State::Token {
                    asked_at: self.started_at,
                    then,
                };
            }
        }
        match (&self.state, &self.token) {
            (State::Metadata(Metadata::RoleName), Some(token)) => {
                self.config.role_name_request(token)
            }
            (State::Metadata(Metadata::Credentials { role }), Some(token)) => {
                self.config.checked_credentials_request(token, role)
            }
            _ => self.config.token_request(),
        }
    }
}
