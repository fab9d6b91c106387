//! Credentials from environment values, including smithy-rs's
//! `environment_variables_blank` rule (blank keys count as unset).

use awssig::credentials::env::from_env;
use awssig::ErrorKind;

fn env(vars: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
    move |k| {
        vars.iter()
            .find(|(n, _)| *n == k)
            .map(|(_, v)| v.to_string())
    }
}

#[test]
fn blank_keys_count_as_unset() {
    // default-credential-provider-chain/environment_variables_blank/env.json
    let got = from_env(env(&[
        ("AWS_ACCESS_KEY_ID", " "),
        ("AWS_SECRET_ACCESS_KEY", " "),
    ]))
    .unwrap();
    assert!(got.is_none());
    assert!(from_env(env(&[])).unwrap().is_none());
}

#[test]
fn keys_token_and_expiry_are_read() {
    let c = from_env(env(&[
        ("AWS_ACCESS_KEY_ID", "ASIAEXAMPLE"),
        ("AWS_SECRET_ACCESS_KEY", "secret"),
        ("AWS_SESSION_TOKEN", " token "),
        ("AWS_CREDENTIAL_EXPIRATION", "2026-01-01T01:00:00+01:00"),
    ]))
    .unwrap()
    .unwrap();
    assert_eq!(
        (c.access_key_id(), c.secret_access_key(), c.session_token()),
        ("ASIAEXAMPLE", "secret", Some("token"))
    );
    assert_eq!(c.expires_at().unwrap().rfc3339(), "2026-01-01T00:00:00Z");
}

#[test]
fn half_a_key_pair_or_a_bad_expiry_is_an_error_naming_the_variable() {
    for (vars, needle) in [
        (
            &[("AWS_ACCESS_KEY_ID", "A")][..],
            "AWS_SECRET_ACCESS_KEY is not",
        ),
        (
            &[("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI")][..],
            "AWS_ACCESS_KEY_ID is not",
        ),
        (
            &[
                ("AWS_ACCESS_KEY_ID", "A"),
                ("AWS_SECRET_ACCESS_KEY", "s"),
                ("AWS_CREDENTIAL_EXPIRATION", "tomorrow"),
            ][..],
            "AWS_CREDENTIAL_EXPIRATION",
        ),
    ] {
        let vars: &'static [(&str, &str)] = Box::leak(vars.to_vec().into_boxed_slice());
        let e = from_env(env(vars)).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::CredentialSource, "{e}");
        assert!(e.to_string().starts_with("environment variables: "), "{e}");
        assert!(e.to_string().contains(needle), "{e} lacks {needle:?}");
        assert!(!e.to_string().contains("wJalr"), "{e}");
    }
}
