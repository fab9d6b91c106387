//! The JSON credentials document that IMDS and the container endpoint
//! both answer with (`AccessKeyId`, `SecretAccessKey`, `Token`,
//! `Expiration`), read into [`Credentials`] that know when they expire.
//! Crate-private: each source names itself in the errors.

use alloc::string::ToString;
use zeroize::Zeroizing;

use crate::credentials::{Credentials, HttpResponse};
use crate::error::{Error, Result};
use crate::json::Value;
use crate::time::SigningTime;

/// The largest response body a source parses (a credentials document is
/// about 1.5 KiB; a session token can be a few KiB).
pub(crate) const MAX_BODY: usize = 64 * 1024;

/// The body as UTF-8 text, bounded by [`MAX_BODY`].
pub(crate) fn body_text<'a>(
    source: &str,
    what: &str,
    response: &HttpResponse<'a>,
) -> Result<&'a str> {
    let body = response.body();
    if body.len() > MAX_BODY {
        return Err(Error::credential_source(
            source,
            format_args!(
                "the {what} response is {} bytes; at most {MAX_BODY} are accepted",
                body.len()
            ),
        ));
    }
    core::str::from_utf8(body).map_err(|e| {
        Error::credential_source(
            source,
            format_args!(
                "the {what} response is not UTF-8 text (invalid byte at offset {})",
                e.valid_up_to()
            ),
        )
    })
}

/// Parses `text` as a JSON object, held so it is wiped when dropped.
pub(crate) fn parse_object(source: &str, what: &str, text: &str) -> Result<Zeroizing<Value>> {
    let value = Zeroizing::new(crate::json::parse(text).map_err(|e| {
        Error::credential_source(source, format_args!("the {what} response is not JSON: {e}"))
    })?);
    if !matches!(*value, Value::Object(_)) {
        return Err(Error::credential_source(
            source,
            format_args!(
                "the {what} response is {}; expected a JSON object",
                value.kind()
            ),
        ));
    }
    Ok(value)
}

/// A member that must be a non-empty string.
pub(crate) fn required<'a>(source: &str, doc: &'a Value, name: &str) -> Result<&'a str> {
    match doc.get(name) {
        None => Err(Error::credential_source(
            source,
            format_args!("the credentials response has no `{name}`; expected a string"),
        )),
        Some(Value::String(s)) if !s.is_empty() => Ok(s),
        Some(Value::String(_)) => Err(Error::credential_source(
            source,
            format_args!("the credentials response's `{name}` is empty"),
        )),
        Some(other) => Err(Error::credential_source(
            source,
            format_args!(
                "the credentials response's `{name}` is {}; expected a string",
                other.kind()
            ),
        )),
    }
}

/// `AccessKeyId`, `SecretAccessKey`, `Token` and `Expiration` (RFC 3339)
/// of a credentials document, as [`Credentials`] expiring at `Expiration`.
pub(crate) fn credentials(source: &str, doc: &Value) -> Result<Credentials> {
    let id = required(source, doc, "AccessKeyId")?;
    let secret = required(source, doc, "SecretAccessKey")?;
    let token = required(source, doc, "Token")?;
    let expiration = required(source, doc, "Expiration")?;
    let expires_at = SigningTime::from_rfc3339(expiration).map_err(|e| {
        Error::credential_source(
            source,
            format_args!("the credentials response's `Expiration` is unusable: {e}"),
        )
    })?;
    let unusable = |e: Error| {
        Error::credential_source(
            source,
            format_args!("the credentials in the response are unusable: {e}"),
        )
    };
    Ok(Credentials::new(id, secret.to_string())
        .map_err(unusable)?
        .with_session_token(token.to_string())
        .map_err(unusable)?
        .expiring_at(expires_at))
}
