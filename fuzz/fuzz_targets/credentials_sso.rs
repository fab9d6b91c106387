//! SSO: the token cache file's bytes (read at an arbitrary time) and the
//! portal's `GetRoleCredentials` answer (arbitrary status and body).
//! Properties: no panic; errors are `CredentialSource` errors naming SSO;
//! a token read from the cache is unexpired at the time it was read, has
//! no control characters and goes into the portal request as the bearer
//! header unchanged; credentials from the portal have an expiry only when
//! the answer was a success.
#![no_main]

use arbitrary::Arbitrary;
use awssig::credentials::sso::{GetRoleCredentials, SsoEndpoint, SsoToken};
use awssig::credentials::HttpResponse;
use awssig::{ErrorKind, SigningTime};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    cache_file: &'a [u8],
    now: u32,
    status: u16,
    body: &'a [u8],
}

fuzz_target!(|input: Input<'_>| {
    let now = SigningTime::from_unix(i64::from(input.now)).unwrap();
    match SsoToken::parse_cached(input.cache_file, now) {
        Ok(token) => {
            assert!(token.expires_at() > now);
            assert!(!token.access_token().is_empty());
            assert!(!token.access_token().chars().any(char::is_control));
            let call = GetRoleCredentials::new("123456789012", "fuzz-role").unwrap();
            let req = call.request(&SsoEndpoint::regional("us-east-1").unwrap(), &token);
            assert_eq!(
                req.header_value("x-amz-sso_bearer_token"),
                Some(token.access_token())
            );
        }
        Err(e) => {
            assert_eq!(e.kind(), ErrorKind::CredentialSource, "{e}");
            assert!(e.to_string().starts_with("SSO"), "{e}");
        }
    }
    let call = GetRoleCredentials::new("123456789012", "fuzz-role").unwrap();
    match call.parse_response(HttpResponse::new(input.status, input.body)) {
        Ok(creds) => {
            assert!(
                (200..300).contains(&input.status),
                "success from HTTP {}",
                input.status
            );
            assert!(!creds.access_key_id().is_empty());
        }
        Err(e) => {
            assert_eq!(e.kind(), ErrorKind::CredentialSource, "{e}");
            assert!(e.to_string().starts_with("SSO"), "{e}");
        }
    }
});
