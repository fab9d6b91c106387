//! The portal's `GetRoleCredentials`: `GET /federation/credentials` with
//! the access token, answered with JSON.

use alloc::format;
use alloc::string::String;
use zeroize::Zeroizing;

use crate::credentials::{Credentials, HttpRequest, HttpResponse};
use crate::error::{Error, ErrorKind, Result};
use crate::json::{self, Value};
use crate::time::SigningTime;

use super::endpoint::SsoEndpoint;
use super::token_cache::SsoToken;

fn source_error(message: String) -> Error {
    Error::new(
        ErrorKind::CredentialSource,
        format!("SSO GetRoleCredentials: {message}"),
    )
}

/// A `GetRoleCredentials` call: the profile's `sso_account_id` and
/// `sso_role_name`.
///
/// ```
/// use awssig::credentials::sso::GetRoleCredentials;
/// assert!(GetRoleCredentials::new("012345678901", "SampleRole").is_ok());
/// let err = GetRoleCredentials::new("12-34", "SampleRole").unwrap_err();
/// assert!(err.to_string().starts_with("SSO GetRoleCredentials: sso_account_id"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GetRoleCredentials {
    account_id: String,
    role_name: String,
}

impl GetRoleCredentials {
    /// The account (digits) and the permission set's role name (1–32
    /// characters of letters, digits and `_+=,.@-`).
    ///
    /// ```
    /// use awssig::credentials::sso::GetRoleCredentials;
    /// assert!(GetRoleCredentials::new("123456789012", "a role").is_err());
    /// assert!(GetRoleCredentials::new("", "Admin").is_err());
    /// ```
    pub fn new(account_id: impl Into<String>, role_name: impl Into<String>) -> Result<Self> {
        let (account_id, role_name) = (account_id.into(), role_name.into());
        if account_id.is_empty()
            || account_id.len() > 32
            || !account_id.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(source_error(format!(
                "sso_account_id {account_id:?} is not an account id; expected its digits, e.g. 123456789012"
            )));
        }
        let n = role_name.chars().count();
        if !(1..=32).contains(&n)
            || !role_name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_+=,.@-".contains(c))
        {
            return Err(source_error(format!(
                "sso_role_name {role_name:?} is not a role name; expected 1 to 32 letters, digits and _+=,.@-"
            )));
        }
        Ok(GetRoleCredentials {
            account_id,
            role_name,
        })
    }

    /// The request: `GET
    /// {portal}/federation/credentials?account_id=…&role_name=…` with the
    /// token in `x-amz-sso_bearer_token` (unsigned; the header is zeroed
    /// with the request).
    ///
    /// ```
    /// use awssig::SigningTime;
    /// use awssig::credentials::sso::{GetRoleCredentials, SsoEndpoint, SsoToken};
    /// let token = SsoToken::parse_cached(br#"{"accessToken":"a-token","expiresAt":"2080-10-16T03:56:45Z"}"#, SigningTime::from_unix(0)?)?;
    /// let req = GetRoleCredentials::new("123456789", "MySsoRole")?.request(&SsoEndpoint::regional("us-east-2")?, &token);
    /// assert_eq!(req.method(), "GET");
    /// assert_eq!(req.url(), "https://portal.sso.us-east-2.amazonaws.com/federation/credentials?account_id=123456789&role_name=MySsoRole");
    /// assert_eq!(req.header_value("x-amz-sso_bearer_token"), Some("a-token"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn request(&self, endpoint: &SsoEndpoint, token: &SsoToken) -> HttpRequest {
        // Both values are checked to need no encoding.
        let url = format!(
            "{}/federation/credentials?account_id={}&role_name={}",
            endpoint.origin(),
            self.account_id,
            self.role_name
        );
        HttpRequest::new("GET", url).header("x-amz-sso_bearer_token", token.access_token())
    }

    /// Reads the answer: `{"roleCredentials":{"accessKeyId", "secretAccessKey",
    /// "sessionToken", "expiration"}}` (`expiration` in milliseconds since
    /// the epoch) gives credentials that expire then; an error status
    /// gives an error naming the portal's error (`UnauthorizedException`:
    /// the token is no longer accepted, run `aws sso login`) and message.
    ///
    /// ```
    /// use awssig::credentials::{HttpResponse, sso::GetRoleCredentials};
    /// let call = GetRoleCredentials::new("123456789012", "ReadOnly")?;
    /// let err = call.parse_response(HttpResponse::new(401, br#"{"message":"Session token not found or invalid"}"#)).unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "SSO GetRoleCredentials: the portal refused the request: HTTP 401 UnauthorizedException: \
    ///      Session token not found or invalid; run `aws sso login` to get a new token"
    /// );
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn parse_response(&self, response: HttpResponse<'_>) -> Result<Credentials> {
        let status = response.status();
        let text = core::str::from_utf8(response.body()).ok();
        let doc = text.and_then(|t| json::parse(t).ok()).map(Zeroizing::new);
        if !response.is_success() {
            return Err(portal_error(status, doc.as_deref()));
        }
        let Some(doc) = doc else {
            return Err(source_error(format!(
                "HTTP {status} with a body that is not JSON ({} bytes)",
                response.body().len()
            )));
        };
        let Some(role) = doc
            .get("roleCredentials")
            .filter(|v| matches!(v, Value::Object(_)))
        else {
            return Err(source_error(String::from(
                "the response has no roleCredentials object",
            )));
        };
        let string = |name: &str| match role.get(name) {
            Some(Value::String(s)) => Ok(s.as_str()),
            Some(v) => Err(source_error(format!(
                "the response's roleCredentials.{name} is {}, expected a string",
                v.kind()
            ))),
            None => Err(source_error(format!(
                "the response's roleCredentials has no {name}"
            ))),
        };
        let expires_at = match role.get("expiration") {
            Some(Value::Number(ms)) => millis(ms)
                .and_then(|ms| SigningTime::from_unix(ms.div_euclid(1000)).ok())
                .ok_or_else(|| {
                    source_error(format!(
                        "the response's roleCredentials.expiration {ms} is not milliseconds since the epoch within the years 0000-9999"
                    ))
                })?,
            Some(v) => {
                return Err(source_error(format!(
                    "the response's roleCredentials.expiration is {}, expected a number (milliseconds since the epoch)",
                    v.kind()
                )))
            }
            None => {
                return Err(source_error(String::from(
                    "the response's roleCredentials has no expiration",
                )))
            }
        };
        Credentials::new(string("accessKeyId")?, string("secretAccessKey")?)
            .and_then(|c| c.with_session_token(string("sessionToken")?))
            .map(|c| c.expiring_at(expires_at))
            .map_err(|e| source_error(format!("the response's credentials are unusable: {e}")))
    }
}

/// An integer in JSON number text (no fraction or exponent).
fn millis(text: &str) -> Option<i64> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// The error the portal's REST-JSON error answers: the type from the body
/// (`__type`, `code`) or, as the type travels in a header this exchange
/// does not carry, from the status as the SSO model maps them.
fn portal_error(status: u16, doc: Option<&Value>) -> Error {
    let field = |names: &[&str]| {
        names.iter().find_map(|n| {
            doc.and_then(|d| d.get(n))
                .and_then(Value::as_str)
                .map(clean)
                .filter(|s| !s.is_empty())
        })
    };
    let kind = field(&["__type", "code", "Code"])
        .map(|t| {
            // `com.amazonaws.sso#UnauthorizedException` or `…:http://…`.
            let t = t.rsplit('#').next().unwrap_or(&t);
            String::from(t.split(':').next().unwrap_or(t))
        })
        .or_else(|| {
            match status {
                400 => Some("InvalidRequestException"),
                401 => Some("UnauthorizedException"),
                404 => Some("ResourceNotFoundException"),
                429 => Some("TooManyRequestsException"),
                _ => None,
            }
            .map(String::from)
        });
    let mut m = format!("the portal refused the request: HTTP {status}");
    if let Some(kind) = &kind {
        m.push(' ');
        m.push_str(kind);
    }
    match field(&["message", "Message"]) {
        Some(message) => {
            m.push_str(": ");
            m.push_str(&message);
        }
        None => m.push_str(" (no message)"),
    }
    if status == 401 || kind.as_deref() == Some("UnauthorizedException") {
        m.push_str("; run `aws sso login` to get a new token");
    }
    source_error(m)
}

/// Control characters become spaces; at most 512 characters.
fn clean(text: &str) -> String {
    text.trim()
        .chars()
        .take(512)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    fn call() -> GetRoleCredentials {
        GetRoleCredentials::new("123456789012", "ReadOnly").unwrap()
    }

    fn err(status: u16, body: &str) -> String {
        let e = call()
            .parse_response(HttpResponse::new(status, body.as_bytes()))
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::CredentialSource);
        e.to_string()
    }

    const OK: &str = r#"{"roleCredentials":{"accessKeyId":"ASIA1","secretAccessKey":"sekrit","sessionToken":"tok","expiration":1234567890000}}"#;

    #[test]
    fn expiration_milliseconds_become_the_expiry_second() {
        let c = call()
            .parse_response(HttpResponse::new(200, OK.as_bytes()))
            .unwrap();
        assert_eq!(c.expires_at().map(|t| t.unix()), Some(1_234_567_890));
        let c = call()
            .parse_response(HttpResponse::new(
                200,
                OK.replace("890000", "890999").as_bytes(),
            ))
            .unwrap();
        assert_eq!(c.expires_at().map(|t| t.unix()), Some(1_234_567_890));
    }

    #[test]
    fn portal_errors_name_type_and_message() {
        assert_eq!(
            err(403, r#"{"__type":"com.amazonaws.sso#ForbiddenException","message":"no"}"#),
            "SSO GetRoleCredentials: the portal refused the request: HTTP 403 ForbiddenException: no"
        );
        assert_eq!(
            err(429, "{}"),
            "SSO GetRoleCredentials: the portal refused the request: HTTP 429 TooManyRequestsException (no message)"
        );
        assert_eq!(
            err(503, ""),
            "SSO GetRoleCredentials: the portal refused the request: HTTP 503 (no message)"
        );
    }

    #[test]
    fn malformed_success_bodies_are_named_errors_without_secrets() {
        for (body, want) in [
            ("", "not JSON"),
            ("{}", "no roleCredentials"),
            (r#"{"roleCredentials":[]}"#, "no roleCredentials"),
            (
                &OK.replace(r#""accessKeyId":"ASIA1","#, ""),
                "has no accessKeyId",
            ),
            (
                &OK.replace(r#","expiration":1234567890000"#, ""),
                "has no expiration",
            ),
            (
                &OK.replace("1234567890000", "\"1234567890000\""),
                "expiration is a string",
            ),
            (&OK.replace("1234567890000", "1.5e12"), "not milliseconds"),
            (
                &OK.replace("1234567890000", "99999999999999999999999"),
                "not milliseconds",
            ),
            (&OK.replace(r#""tok""#, "7"), "sessionToken is a number"),
            (&OK.replace(r#""tok""#, r#""""#), "unusable"),
        ] {
            let m = err(200, body);
            assert!(m.contains(want), "{body}: {m}");
            assert!(!m.contains("sekrit"), "{m}");
        }
    }
}
