//! Access keys, and where temporary ones come from.
//!
//! [`Credentials`] are an access key pair, an optional session token and an
//! optional expiry. The submodules are the credential sources the aws cli
//! reads, each a pure request builder and response parser (sans-IO): they
//! never open a file, a socket or a process; the caller (or the IO edge
//! behind a feature) does, and hands the bytes back.

use alloc::string::String;
use core::fmt;
use zeroize::Zeroize;

use crate::error::{Error, ErrorKind, Result};
use crate::time::SigningTime;

pub mod container;
pub mod env;
mod exchange;
pub mod imds;
#[cfg(feature = "credentials-io")]
pub mod io;
mod json_document;
pub mod process;
pub mod profile;
pub mod sso;
pub mod sts;

pub use exchange::{HttpRequest, HttpResponse};

/// An access key id, its secret, and an optional session token.
///
/// `Debug` never shows the secret or the token, and both are zeroed in memory
/// when the value is dropped.
///
/// A URL or header signed with temporary credentials (those with a session
/// token) stops working when the token expires, whatever expiry the URL
/// says: an instance-profile token lives at most 6 hours, an STS session
/// token at most 36 hours; only an IAM user's long-term keys reach the SigV4
/// maximum of 7 days. Credentials that know their end
/// ([`Credentials::expiring_at`], set by every temporary source) let the
/// presigners refuse, or clamp, a URL that would outlive them.
///
/// ```
/// use awssig::Credentials;
/// let creds = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")?
///     .with_session_token("token/with+chars=")?;
/// let shown = format!("{creds:?}");
/// assert!(shown.contains("AKIDEXAMPLE"));
/// assert!(!shown.contains("wJalr"));
/// assert!(!shown.contains("token/with"));
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
    expires_at: Option<SigningTime>,
    /// The key ID needs no percent-encoding (checked once, not per URL).
    key_id_plain: bool,
}

fn check_access_key(id: &str) -> Result<()> {
    if id.is_empty() {
        return Err(Error::new(
            ErrorKind::InvalidCredentials,
            "the access key id is empty",
        ));
    }
    // Printable ASCII but the three: the usual key id, checked bytewise.
    if id
        .bytes()
        .all(|b| b.is_ascii_graphic() && !matches!(b, b'/' | b',' | b'='))
    {
        return Ok(());
    }
    if let Some(c) = id
        .chars()
        .find(|c| c.is_control() || c.is_whitespace() || matches!(c, '/' | ',' | '='))
    {
        return Err(Error::new(
            ErrorKind::InvalidCredentials,
            alloc::format!(
                "the access key id contains {c:?}; allowed are printable characters other than whitespace, '/', ',' and '='"
            ),
        ));
    }
    Ok(())
}

/// What [`Credentials::new`] checks: the access key id as
/// [`check_access_key`] does, and a secret that is not empty.
pub(crate) fn check_key_pair(access_key_id: &str, secret_access_key: &str) -> Result<()> {
    check_access_key(access_key_id)?;
    if secret_access_key.is_empty() {
        return Err(Error::new(
            ErrorKind::InvalidCredentials,
            "the secret access key is empty",
        ));
    }
    Ok(())
}

impl Credentials {
    /// Long-term credentials: an access key id and its secret.
    ///
    /// The access key id must be non-empty printable text without
    /// whitespace, `/`, `,` or `=` (they would break the credential scope);
    /// the secret must be non-empty.
    ///
    /// ```
    /// use awssig::Credentials;
    /// assert!(Credentials::new("AKIDEXAMPLE", "secret").is_ok());
    /// assert!(Credentials::new("AKID/EXAMPLE", "secret").is_err());
    /// assert!(Credentials::new("AKIDEXAMPLE", "").is_err());
    /// ```
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
    ) -> Result<Self> {
        let access_key_id = access_key_id.into();
        let mut secret_access_key = secret_access_key.into();
        if let Err(e) = check_key_pair(&access_key_id, &secret_access_key) {
            secret_access_key.zeroize();
            return Err(e);
        }
        Ok(Credentials {
            key_id_plain: crate::encode::is_plain(&access_key_id),
            access_key_id,
            secret_access_key,
            session_token: None,
            expires_at: None,
        })
    }

    /// Adds the session token of temporary credentials (STS, instance
    /// profiles, SSO). It must be non-empty and hold no control characters.
    ///
    /// ```
    /// use awssig::Credentials;
    /// let creds = Credentials::new("ASIAEXAMPLE", "secret")?.with_session_token("FwoGZXIvYXdzE")?;
    /// assert_eq!(creds.session_token(), Some("FwoGZXIvYXdzE"));
    /// assert!(Credentials::new("ASIAEXAMPLE", "secret")?.with_session_token("a\r\nb").is_err());
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn with_session_token(mut self, token: impl Into<String>) -> Result<Self> {
        let mut token = token.into();
        if token.is_empty() || token.chars().any(|c| c.is_control()) {
            token.zeroize();
            return Err(Error::new(
                ErrorKind::InvalidCredentials,
                "the session token is empty or contains control characters (CR, LF, NUL, ...)",
            ));
        }
        self.session_token = Some(token);
        Ok(self)
    }

    /// Sets the instant these credentials stop working (temporary
    /// credentials: STS, instance profiles, SSO, processes with
    /// `Expiration`).
    ///
    /// ```
    /// use awssig::{Credentials, SigningTime};
    /// let end = SigningTime::from_rfc3339("2026-12-07T12:00:00Z")?;
    /// let creds = Credentials::new("ASIAEXAMPLE", "secret")?.expiring_at(end);
    /// assert_eq!(creds.expires_at(), Some(end));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    #[must_use]
    pub fn expiring_at(mut self, at: SigningTime) -> Self {
        self.expires_at = Some(at);
        self
    }

    /// When these credentials stop working, if known; `None` for long-term
    /// keys and for temporary ones whose source did not say.
    ///
    /// ```
    /// # use awssig::Credentials;
    /// assert_eq!(Credentials::new("AKIDEXAMPLE", "s")?.expires_at(), None);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn expires_at(&self) -> Option<SigningTime> {
        self.expires_at
    }

    /// Whether the credentials have stopped working at `now` (never, when
    /// no expiry is known).
    ///
    /// ```
    /// use awssig::{Credentials, SigningTime};
    /// let creds = Credentials::new("ASIAEXAMPLE", "s")?.expiring_at(SigningTime::from_unix(100)?);
    /// assert!(!creds.is_expired_at(SigningTime::from_unix(99)?));
    /// assert!(creds.is_expired_at(SigningTime::from_unix(100)?));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn is_expired_at(&self, now: SigningTime) -> bool {
        self.expires_at.is_some_and(|end| now >= end)
    }

    /// The access key id.
    ///
    /// ```
    /// # use awssig::Credentials;
    /// assert_eq!(Credentials::new("AKIDEXAMPLE", "s")?.access_key_id(), "AKIDEXAMPLE");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    pub(crate) fn key_id_plain(&self) -> bool {
        self.key_id_plain
    }

    /// The secret access key.
    ///
    /// ```
    /// # use awssig::Credentials;
    /// assert_eq!(Credentials::new("AKIDEXAMPLE", "s3cr3t")?.secret_access_key(), "s3cr3t");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn secret_access_key(&self) -> &str {
        &self.secret_access_key
    }

    /// The session token, for temporary credentials.
    ///
    /// ```
    /// # use awssig::Credentials;
    /// assert_eq!(Credentials::new("AKIDEXAMPLE", "s")?.session_token(), None);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn session_token(&self) -> Option<&str> {
        self.session_token.as_deref()
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"<redacted>")
            .field(
                "session_token",
                &self.session_token.as_ref().map(|_| "<redacted>"),
            )
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

impl Drop for Credentials {
    fn drop(&mut self) {
        self.secret_access_key.zeroize();
        if let Some(t) = self.session_token.as_mut() {
            t.zeroize();
        }
    }
}
