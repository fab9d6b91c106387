//! A credential source that can be asked for credentials at an instant.

use alloc::boxed::Box;
use alloc::sync::Arc;

use crate::credentials::Credentials;
use crate::error::{Error, Result};
use crate::time::SigningTime;

/// A source of credentials: the environment, a profile, a process, IMDS,
/// the container endpoint, STS, SSO, a chain of these, or your own.
///
/// `now` is the time the caller goes by (a [`Clock`](super::Clock)
/// reading): a source must not return credentials already expired at
/// `now`. Errors name the source ([`ProvideCredentials::name`]), e.g.
/// with [`Error::credential_source`].
///
/// ```
/// use awssig::{Credentials, Error, SigningTime};
/// use awssig::credentials::io::ProvideCredentials;
///
/// struct FromVault;
/// impl ProvideCredentials for FromVault {
///     fn provide(&self, now: SigningTime) -> awssig::Result<Credentials> {
///         let end = SigningTime::from_unix(now.unix() + 3600)?;
///         Ok(Credentials::new("ASIAVAULT", "secret")?.with_session_token("token")?.expiring_at(end))
///     }
///     fn name(&self) -> &str {
///         "vault"
///     }
/// }
/// let now = SigningTime::from_unix(1_700_000_000)?;
/// assert_eq!(FromVault.provide(now)?.expires_at().unwrap().unix(), 1_700_003_600);
/// # Ok::<(), awssig::Error>(())
/// ```
pub trait ProvideCredentials: Send + Sync {
    /// Credentials valid at `now`, or an error naming the source.
    ///
    /// ```
    /// use awssig::{Credentials, SigningTime};
    /// use awssig::credentials::io::ProvideCredentials;
    /// let fixed = Credentials::new("AKIDEXAMPLE", "secret")?;
    /// assert_eq!(fixed.provide(SigningTime::now())?.access_key_id(), "AKIDEXAMPLE");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    fn provide(&self, now: SigningTime) -> Result<Credentials>;

    /// The source's name, for errors and logs (`"environment"`,
    /// `"profile dev"`, `"IMDS"`, …).
    ///
    /// ```
    /// use awssig::credentials::io::ProvideCredentials;
    /// assert_eq!(awssig::Credentials::new("AKID", "s")?.name(), "static credentials");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    fn name(&self) -> &str;
}

/// Fixed credentials are a source: they are handed out until they expire,
/// then refused.
///
/// ```
/// use awssig::{Credentials, ErrorKind, SigningTime};
/// use awssig::credentials::io::ProvideCredentials;
/// let creds = Credentials::new("ASIA", "s")?.expiring_at(SigningTime::from_unix(100)?);
/// assert!(creds.provide(SigningTime::from_unix(99)?).is_ok());
/// let err = creds.provide(SigningTime::from_unix(100)?).unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::CredentialSource);
/// assert!(err.to_string().starts_with("static credentials: "));
/// # Ok::<(), awssig::Error>(())
/// ```
impl ProvideCredentials for Credentials {
    fn provide(&self, now: SigningTime) -> Result<Credentials> {
        match self.expires_at() {
            Some(end) if now >= end => Err(Error::credential_source(
                "static credentials",
                format_args!("expired at {} (now {})", end.rfc3339(), now.rfc3339()),
            )),
            _ => Ok(self.clone()),
        }
    }

    fn name(&self) -> &str {
        "static credentials"
    }
}

impl<P: ProvideCredentials + ?Sized> ProvideCredentials for &P {
    fn provide(&self, now: SigningTime) -> Result<Credentials> {
        (**self).provide(now)
    }
    fn name(&self) -> &str {
        (**self).name()
    }
}

impl<P: ProvideCredentials + ?Sized> ProvideCredentials for Box<P> {
    fn provide(&self, now: SigningTime) -> Result<Credentials> {
        (**self).provide(now)
    }
    fn name(&self) -> &str {
        (**self).name()
    }
}

impl<P: ProvideCredentials + ?Sized> ProvideCredentials for Arc<P> {
    fn provide(&self, now: SigningTime) -> Result<Credentials> {
        (**self).provide(now)
    }
    fn name(&self) -> &str {
        (**self).name()
    }
}
