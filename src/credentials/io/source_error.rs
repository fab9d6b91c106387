//! The error a credential source (or a client or provider of your own)
//! returns: it names the source, then says what went wrong.

use alloc::format;
use core::fmt;

use crate::error::{Error, ErrorKind};

impl Error {
    /// An [`ErrorKind::CredentialSource`] error that names the source:
    /// `"{source}: {message}"`. For [`HttpClient`](super::HttpClient) and
    /// [`ProvideCredentials`](super::ProvideCredentials) implementations of
    /// your own (feature `credentials-io`).
    ///
    /// ```
    /// use awssig::{Error, ErrorKind};
    /// let err = Error::credential_source("vault", "the lease has ended");
    /// assert_eq!(err.kind(), ErrorKind::CredentialSource);
    /// assert_eq!(err.to_string(), "vault: the lease has ended");
    /// ```
    pub fn credential_source(source: &str, message: impl fmt::Display) -> Error {
        Error::new(ErrorKind::CredentialSource, format!("{source}: {message}"))
    }
}
