//! The token cache `aws sso login` writes: where it is, and what it holds.

use alloc::format;
use alloc::string::String;
use core::fmt;
use zeroize::{Zeroize, Zeroizing};

use crate::error::{Error, Result};
use crate::json::{self, Value};
use crate::time::SigningTime;

/// The cache file's name in `~/.aws/sso/cache/`: the SHA-1 of `key` in
/// lowercase hex, then `.json`. `key` is the profile's `sso_session` name
/// (an `[sso-session NAME]` section), or, for a legacy profile with
/// `sso_start_url` and no `sso_session`, the start URL (as botocore and
/// the SDKs name them).
///
/// ```
/// use awssig::credentials::sso::cache_file_name;
/// assert_eq!(cache_file_name("dev"), "34c6fceca75e456f25e7e99531e2425c6c1de443.json");
/// assert_eq!(
///     cache_file_name("https://ssotest.awsapps.com/start"),
///     "dace00cba5f8355ec9d274ceb2bcebdfbeed0e12.json"
/// );
/// ```
pub fn cache_file_name(key: &str) -> String {
    use sha1::Digest;
    let digest = sha1::Sha1::digest(key.as_bytes());
    let mut hex = [0u8; 40];
    crate::encode::hex_lower_to(&mut hex, &digest);
    let mut name = String::with_capacity(45);
    name.push_str(core::str::from_utf8(&hex).unwrap_or(""));
    name.push_str(".json");
    name
}

/// An SSO access token from the cache, checked to be unexpired.
///
/// The token is a secret: `Debug` does not show it, and it is zeroed when
/// dropped.
///
/// ```
/// use awssig::SigningTime;
/// use awssig::credentials::sso::SsoToken;
/// let cached = br#"{"accessToken":"aoa-secret","expiresAt":"2021-08-05T19:58:02Z","region":"us-east-1"}"#;
/// let token = SsoToken::parse_cached(cached, SigningTime::from_rfc3339("2021-08-05T19:00:00Z")?)?;
/// assert_eq!(token.access_token(), "aoa-secret");
/// assert!(!format!("{token:?}").contains("aoa-secret"));
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SsoToken {
    access_token: String,
    expires_at: SigningTime,
    start_url: Option<String>,
    region: Option<String>,
}

fn bad(message: String) -> Error {
    Error::credential_source("SSO", message)
}

impl SsoToken {
    /// Reads a cache file's content (JSON with `accessToken` and
    /// `expiresAt`; `startUrl` and `region` kept when present, the rest
    /// ignored) and checks that the token has not expired at `now`.
    ///
    /// An expired token is an error that names the instant and says to
    /// run `aws sso login`.
    ///
    /// ```
    /// use awssig::{ErrorKind, SigningTime};
    /// use awssig::credentials::sso::SsoToken;
    /// let cached = br#"{"accessToken":"aoa","expiresAt":"2021-08-05T19:58:02Z"}"#;
    /// let err = SsoToken::parse_cached(cached, SigningTime::from_rfc3339("2021-08-06T00:00:00Z")?).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::CredentialSource);
    /// assert_eq!(
    ///     err.to_string(),
    ///     "SSO: the cached access token expired at 2021-08-05T19:58:02Z (now 2021-08-06T00:00:00Z); run `aws sso login` to get a new one"
    /// );
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn parse_cached(file: &[u8], now: SigningTime) -> Result<Self> {
        let text = core::str::from_utf8(file)
            .map_err(|_| bad(String::from("the token cache file is not UTF-8")))?;
        let doc = Zeroizing::new(
            json::parse(text).map_err(|e| bad(format!("the token cache file is not JSON: {e}")))?,
        );
        if !matches!(*doc, Value::Object(_)) {
            return Err(bad(format!(
                "the token cache file holds {}, expected an object",
                doc.kind()
            )));
        }
        let string = |name: &str| match doc.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.as_str())),
            Some(v) => Err(bad(format!(
                "the token cache file's {name} is {}, expected a string",
                v.kind()
            ))),
        };
        let token = string("accessToken")?
            .filter(|t| !t.is_empty())
            .ok_or_else(|| {
                bad(String::from(
                    "the token cache file has no accessToken; run `aws sso login`",
                ))
            })?;
        if token.chars().any(char::is_control) {
            return Err(bad(String::from(
                "the cached accessToken contains control characters",
            )));
        }
        let expires = string("expiresAt")?
            .ok_or_else(|| bad(String::from("the token cache file has no expiresAt")))?;
        // The aws cli v1 wrote `2018-06-13T07:06:09UTC`.
        let expires_at = match expires.strip_suffix("UTC") {
            Some(head) => SigningTime::from_rfc3339(&format!("{head}Z")),
            None => SigningTime::from_rfc3339(expires),
        }
        .map_err(|e| bad(format!("the token cache file's expiresAt is unusable: {e}")))?;
        if now >= expires_at {
            return Err(bad(format!(
                "the cached access token expired at {} (now {}); run `aws sso login` to get a new one",
                expires_at.rfc3339(),
                now.rfc3339()
            )));
        }
        Ok(SsoToken {
            access_token: String::from(token),
            expires_at,
            start_url: string("startUrl")?.map(String::from),
            region: string("region")?.map(String::from),
        })
    }

    /// The access token (the portal's `x-amz-sso_bearer_token`).
    ///
    /// ```
    /// # use awssig::{SigningTime, credentials::sso::SsoToken};
    /// let token = SsoToken::parse_cached(br#"{"accessToken":"a","expiresAt":"2030-01-01T00:00:00Z"}"#, SigningTime::from_unix(0)?)?;
    /// assert_eq!(token.access_token(), "a");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn access_token(&self) -> &str {
        &self.access_token
    }

    /// When the token expires.
    ///
    /// ```
    /// # use awssig::{SigningTime, credentials::sso::SsoToken};
    /// let token = SsoToken::parse_cached(br#"{"accessToken":"a","expiresAt":"2030-01-01T00:00:00Z"}"#, SigningTime::from_unix(0)?)?;
    /// assert_eq!(token.expires_at().rfc3339(), "2030-01-01T00:00:00Z");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn expires_at(&self) -> SigningTime {
        self.expires_at
    }

    /// The start URL the token was issued for (`startUrl`), if the file
    /// says; a caller can check it against the profile's.
    ///
    /// ```
    /// # use awssig::{SigningTime, credentials::sso::SsoToken};
    /// let token = SsoToken::parse_cached(br#"{"accessToken":"a","expiresAt":"2030-01-01T00:00:00Z","startUrl":"https://x.awsapps.com/start"}"#, SigningTime::from_unix(0)?)?;
    /// assert_eq!(token.start_url(), Some("https://x.awsapps.com/start"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn start_url(&self) -> Option<&str> {
        self.start_url.as_deref()
    }

    /// The region of the SSO OIDC client (`region`), if the file says.
    ///
    /// ```
    /// # use awssig::{SigningTime, credentials::sso::SsoToken};
    /// let token = SsoToken::parse_cached(br#"{"accessToken":"a","expiresAt":"2030-01-01T00:00:00Z"}"#, SigningTime::from_unix(0)?)?;
    /// assert_eq!(token.region(), None);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }
}

impl fmt::Debug for SsoToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SsoToken")
            .field("access_token", &"<redacted>")
            .field("expires_at", &self.expires_at)
            .field("start_url", &self.start_url)
            .field("region", &self.region)
            .finish()
    }
}

impl Drop for SsoToken {
    fn drop(&mut self) {
        self.access_token.zeroize();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    fn at(s: &str) -> SigningTime {
        SigningTime::from_rfc3339(s).unwrap()
    }

    fn err(file: &str) -> String {
        SsoToken::parse_cached(file.as_bytes(), at("2020-01-01T00:00:00Z"))
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn the_cli_v1_utc_suffix_is_read() {
        let t = SsoToken::parse_cached(
            br#"{"accessToken":"a","expiresAt":"2030-06-13T07:06:09UTC"}"#,
            at("2020-01-01T00:00:00Z"),
        )
        .unwrap();
        assert_eq!(t.expires_at(), at("2030-06-13T07:06:09Z"));
    }

    #[test]
    fn the_token_is_valid_until_the_instant_it_expires() {
        let f = br#"{"accessToken":"a","expiresAt":"2030-01-01T00:00:00Z"}"#;
        assert!(SsoToken::parse_cached(f, at("2029-12-31T23:59:59Z")).is_ok());
        assert!(SsoToken::parse_cached(f, at("2030-01-01T00:00:00Z")).is_err());
    }

    #[test]
    fn malformed_cache_files_are_named_errors_without_the_token() {
        for (file, want) in [
            ("", "not JSON"),
            ("[]", "holds an array"),
            ("{}", "no accessToken"),
            (
                r#"{"accessToken":"","expiresAt":"2030-01-01T00:00:00Z"}"#,
                "no accessToken",
            ),
            (
                r#"{"accessToken":7,"expiresAt":"2030-01-01T00:00:00Z"}"#,
                "accessToken is a number",
            ),
            (r#"{"accessToken":"sekrit"}"#, "no expiresAt"),
            (
                r#"{"accessToken":"sekrit","expiresAt":"soon"}"#,
                "expiresAt is unusable",
            ),
            (
                r#"{"accessToken":"sek\nrit","expiresAt":"2030-01-01T00:00:00Z"}"#,
                "control characters",
            ),
        ] {
            let m = err(file);
            assert!(m.starts_with("SSO: "), "{m}");
            assert!(m.contains(want), "{file}: {m}");
            assert!(!m.contains("sekrit"), "{m}");
        }
        assert!(SsoToken::parse_cached(b"\xff", at("2020-01-01T00:00:00Z")).is_err());
    }
}
