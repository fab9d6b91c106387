//! STS's response parsers: arbitrary bytes as the body of an
//! `AssumeRole`, `GetSessionToken` or `AssumeRoleWithWebIdentity` answer,
//! with an arbitrary status. Properties: no panic; an error is a
//! `CredentialSource` error naming STS and the action; credentials come
//! with an expiry; and an error never repeats the body when the body is
//! not an STS error document (an unknown body may hold anything).
#![no_main]

use arbitrary::Arbitrary;
use awssig::credentials::sts::{AssumeRole, AssumeRoleWithWebIdentity, GetSessionToken};
use awssig::credentials::HttpResponse;
use awssig::ErrorKind;
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    action: u8,
    status: u16,
    body: &'a [u8],
}

fuzz_target!(|input: Input<'_>| {
    let response = HttpResponse::new(input.status, input.body);
    let (action, result) = match input.action % 3 {
        0 => (
            "AssumeRole",
            AssumeRole::new("arn:aws:iam::123456789012:role/fuzz", "fuzz-session")
                .unwrap()
                .parse_response(response),
        ),
        1 => (
            "GetSessionToken",
            GetSessionToken::new().parse_response(response),
        ),
        _ => (
            "AssumeRoleWithWebIdentity",
            AssumeRoleWithWebIdentity::new(
                "arn:aws:iam::123456789012:role/fuzz",
                "fuzz-session",
                "token",
            )
            .unwrap()
            .parse_response(response),
        ),
    };
    match result {
        Ok(session) => {
            assert!(
                (200..300).contains(&input.status),
                "success from HTTP {}",
                input.status
            );
            let creds = session.credentials();
            assert!(
                creds.expires_at().is_some(),
                "STS credentials always expire"
            );
            assert!(!creds.access_key_id().is_empty());
        }
        Err(e) => {
            assert_eq!(e.kind(), ErrorKind::CredentialSource, "{e}");
            let msg = e.to_string();
            assert!(msg.starts_with(&format!("STS {action}: ")), "{msg}");
            let error_document = input.body.windows(6).any(|w| w == b"<Error");
            if let Ok(text) = std::str::from_utf8(input.body) {
                if !error_document && text.trim().len() >= 16 {
                    assert!(!msg.contains(text.trim()), "the body is repeated: {msg}");
                }
            }
        }
    }
});
