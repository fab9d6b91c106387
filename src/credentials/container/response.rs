//! The container endpoint's answer: the credentials document, or an
//! error.

use crate::credentials::json_document::{body_text, credentials, parse_object};
use crate::credentials::{Credentials, HttpResponse};
use crate::error::{Error, Result};
use crate::json::Value;
use alloc::string::ToString;

use super::SOURCE;

/// Reads the container endpoint's response: a JSON object with
/// `AccessKeyId`, `SecretAccessKey`, `Token` and `Expiration` (RFC 3339,
/// which becomes the credentials' expiry). Other members (`RoleArn`,
/// `AccountId`) are ignored.
///
/// A non-2xx status is an error naming it, with the `code` and `message`
/// members the endpoint may send (`Code`/`Message` too); 5xx and 429 say
/// to retry later, 401/403 that the authorization token was refused.
///
/// ```
/// use awssig::credentials::{HttpResponse, container::parse_credentials};
/// let body = br#"{"RoleArn":"arn:aws:iam::123456789:role/ecs-task-role","AccessKeyId":"ASIARCORRECT",
///   "SecretAccessKey":"secretkeycorrect","Token":"tokencorrect","Expiration":"2009-02-13T23:31:30Z"}"#;
/// let creds = parse_credentials(HttpResponse::new(200, body))?;
/// assert_eq!(creds.expires_at().map(|t| t.unix()), Some(1234567890));
/// let err = parse_credentials(HttpResponse::new(403, br#"{"code":"AccessDenied","message":"bad token"}"#)).unwrap_err();
/// assert!(err.to_string().starts_with("container credentials: "));
/// assert!(err.to_string().contains("AccessDenied"));
/// # Ok::<(), awssig::Error>(())
/// ```
pub fn parse_credentials(response: HttpResponse<'_>) -> Result<Credentials> {
    if !response.is_success() {
        return Err(status_error(response));
    }
    let text = body_text(SOURCE, "credentials", &response)?;
    let doc = parse_object(SOURCE, "credentials", text)?;
    credentials(SOURCE, &doc)
}

fn status_error(response: HttpResponse<'_>) -> crate::Error {
    let status = response.status();
    let meaning = match status {
        400 => "the endpoint refused the request as malformed",
        401 | 403 => "the endpoint refused the authorization token (AWS_CONTAINER_AUTHORIZATION_TOKEN[_FILE])",
        404 => "the endpoint has no credentials at this URI",
        429 => "too many requests; retry later",
        500..=599 => "the endpoint is unavailable; retry later",
        _ => "unexpected status",
    };
    // The error body the endpoint may send: {"code": "...", "message": "..."}.
    let detail = body_text(SOURCE, "error", &response)
        .ok()
        .and_then(|text| parse_object(SOURCE, "error", text).ok())
        .map(|doc| {
            let member = |a: &str, b: &str| {
                doc.get(a)
                    .or_else(|| doc.get(b))
                    .and_then(Value::as_str)
                    .map(|s| s.escape_debug().to_string())
            };
            (member("code", "Code"), member("message", "Message"))
        });
    match detail {
        Some((Some(code), message)) => Error::credential_source(
            SOURCE,
            format_args!(
                "HTTP {status}: {meaning}: {code}: {}",
                message.unwrap_or_default()
            ),
        ),
        _ => Error::credential_source(SOURCE, format_args!("HTTP {status}: {meaning}")),
    }
}
