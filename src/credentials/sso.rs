//! AWS IAM Identity Center (SSO): the access token `aws sso login` caches,
//! and the portal's `GetRoleCredentials` call that trades it for a role's
//! temporary credentials. Pure: the caller reads the cache file and sends
//! the request.
//!
//! ```
//! use awssig::SigningTime;
//! use awssig::credentials::HttpResponse;
//! use awssig::credentials::sso::{self, GetRoleCredentials, SsoEndpoint, SsoToken};
//!
//! // [profile dev] sso_session = my-sso  →  ~/.aws/sso/cache/<this>
//! let file = sso::cache_file_name("my-sso");
//! assert!(file.len() == 45 && file.ends_with(".json"));
//! let now = SigningTime::from_rfc3339("2026-01-01T00:00:00Z")?;
//! let token = SsoToken::parse_cached(br#"{"accessToken":"aoa-token","expiresAt":"2026-01-01T08:00:00Z"}"#, now)?;
//! let call = GetRoleCredentials::new("123456789012", "ReadOnly")?;
//! let req = call.request(&SsoEndpoint::regional("eu-west-1")?, &token);
//! assert_eq!(req.url(), "https://portal.sso.eu-west-1.amazonaws.com/federation/credentials?account_id=123456789012&role_name=ReadOnly");
//! let body = br#"{"roleCredentials":{"accessKeyId":"ASIA1","secretAccessKey":"s","sessionToken":"t","expiration":1767232800000}}"#;
//! let creds = call.parse_response(HttpResponse::new(200, body))?;
//! assert_eq!(creds.expires_at(), Some(SigningTime::from_rfc3339("2026-01-01T02:00:00Z")?));
//! # Ok::<(), awssig::Error>(())
//! ```

mod endpoint;
mod portal;
mod token_cache;

pub use endpoint::SsoEndpoint;
pub use portal::GetRoleCredentials;
pub use token_cache::{cache_file_name, SsoToken};
