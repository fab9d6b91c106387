//! Credentials from environment variables, taken as input (the caller
//! looks them up): `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
//! `AWS_SESSION_TOKEN`, `AWS_CREDENTIAL_EXPIRATION`. Blank values count as
//! unset, as in the SDKs.

use alloc::string::String;
use zeroize::Zeroize;

use crate::credentials::Credentials;
use crate::error::{Error, Result};
use crate::time::SigningTime;

fn err(message: impl core::fmt::Display) -> Error {
    Error::credential_source("environment variables", message)
}

/// Reads credentials from environment values: `env` looks a variable up
/// (pass `|k| std::env::var(k).ok()`, or a map in tests).
///
/// `Ok(None)` when neither `AWS_ACCESS_KEY_ID` nor
/// `AWS_SECRET_ACCESS_KEY` is set to something other than blanks (the
/// chain goes on to the next source); an error when only one of them is.
/// `AWS_SESSION_TOKEN` is added when not blank, and
/// `AWS_CREDENTIAL_EXPIRATION` (RFC 3339) sets the expiry.
///
/// ```
/// use awssig::credentials::env::from_env;
/// let env = |k: &str| match k {
///     "AWS_ACCESS_KEY_ID" => Some("ASIAEXAMPLE".to_string()),
///     "AWS_SECRET_ACCESS_KEY" => Some("secret".to_string()),
///     "AWS_SESSION_TOKEN" => Some("  ".to_string()),
///     "AWS_CREDENTIAL_EXPIRATION" => Some("2026-01-01T00:00:00Z".to_string()),
///     _ => None,
/// };
/// let creds = from_env(env)?.unwrap();
/// assert_eq!(creds.session_token(), None);
/// assert_eq!(creds.expires_at().unwrap().rfc3339(), "2026-01-01T00:00:00Z");
/// assert!(from_env(|_| Some(" ".to_string()))?.is_none());
/// # Ok::<(), awssig::Error>(())
/// ```
pub fn from_env<F: Fn(&str) -> Option<String>>(env: F) -> Result<Option<Credentials>> {
    let get = |k: &str| {
        env(k).and_then(|mut v| {
            if v.trim().is_empty() {
                v.zeroize();
                None
            } else {
                Some(v)
            }
        })
    };
    let (id, secret) =
        match (get("AWS_ACCESS_KEY_ID"), get("AWS_SECRET_ACCESS_KEY")) {
            (None, None) => return Ok(None),
            (Some(id), Some(secret)) => (id, secret),
            (Some(_), None) => return Err(err(
                "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not; set both or neither",
            )),
            (None, Some(mut secret)) => {
                secret.zeroize();
                return Err(err(
                "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not; set both or neither",
            ));
            }
        };
    let mut creds = Credentials::new(id, secret).map_err(err)?;
    if let Some(mut token) = get("AWS_SESSION_TOKEN") {
        let trimmed = token.trim();
        let result = Credentials::with_session_token(creds, trimmed);
        token.zeroize();
        creds = result.map_err(|e| err(format_args!("AWS_SESSION_TOKEN: {e}")))?;
    }
    if let Some(exp) = get("AWS_CREDENTIAL_EXPIRATION") {
        let end = SigningTime::from_rfc3339(exp.trim())
            .map_err(|e| err(format_args!("AWS_CREDENTIAL_EXPIRATION: {e}")))?;
        creds = creds.expiring_at(end);
    }
    Ok(Some(creds))
}
