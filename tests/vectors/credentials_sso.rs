//! SSO against smithy-rs's recorded traffic
//! (tests/data/smithy-rs-aws-config/aws-config/, see its README): the
//! token cache file's name, the cached token, the portal request and what
//! our parser makes of the portal's answer.
//!
//! Compared, per case: the cache file we would read (SHA-1 of the
//! `sso_session` name, or of `sso_start_url` for a legacy profile) exists
//! under `fs/home/.aws/sso/cache/` (or, for `sso_no_token_file`, is the
//! one smithy-rs reports missing); the request's method, its URL (the
//! query's pairs as a set: the recordings differ in their order; we send
//! `account_id` first as the API reference writes it) and its bearer
//! header; the answer against `test-case.json` (keys, token, expiry).
//! The profile values (`sso_region`, `sso_account_id`, `sso_role_name`,
//! `sso_session`) are taken from each case's config file by the small
//! reader below; resolving profiles is not under test here. The cached
//! tokens expire in 2080 and 2199: they are read at the recording's time.

use std::path::PathBuf;

use crate::common::recorded_traffic::exchanges;
use crate::common::*;
use awssig::credentials::sso::{cache_file_name, GetRoleCredentials, SsoEndpoint, SsoToken};
use awssig::credentials::HttpResponse;
use awssig::SigningTime;

fn case_dir(case: &str) -> PathBuf {
    data_dir()
        .join("smithy-rs-aws-config/aws-config")
        .join(case)
}

/// `key = value` of the first section that has `key` (these configs have
/// one profile and at most one sso-session, no continuation lines).
fn config_value(case: &str, key: &str) -> Option<String> {
    read(&case_dir(case).join("fs/home/.aws/config"))
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once('=')?;
            (k.trim() == key).then(|| v.trim().to_string())
        })
}

fn cache_key(case: &str) -> String {
    config_value(case, "sso_session")
        .or_else(|| config_value(case, "sso_start_url"))
        .expect("sso_session or sso_start_url")
}

fn now() -> SigningTime {
    SigningTime::from_rfc3339("2022-01-03T19:13:54Z").unwrap()
}

const CASES: &[&str] = &[
    "default-credential-provider-chain/sso_assume_role",
    "default-credential-provider-chain/sso_server_error",
    "default-credential-provider-chain/e2e_fips_and_dual_stack_sso",
    "profile-provider/sso_credentials",
];

fn query_set(url: &str) -> (String, Vec<String>) {
    let (base, q) = url.split_once('?').unwrap_or((url, ""));
    let mut pairs: Vec<String> = q.split('&').map(str::to_string).collect();
    pairs.sort();
    (base.to_string(), pairs)
}

#[test]
fn get_role_credentials_requests_and_answers_match_the_recorded_traffic() {
    for case in CASES {
        let dir = case_dir(case);
        let file = dir
            .join("fs/home/.aws/sso/cache")
            .join(cache_file_name(&cache_key(case)));
        let token = SsoToken::parse_cached(&std::fs::read(&file).unwrap(), now())
            .unwrap_or_else(|e| panic!("{case}: {e}"));
        let env = read_json(&dir.join("env.json"));
        let on = |k: &str| env[k].as_str() == Some("true");
        let endpoint = SsoEndpoint::regional(&config_value(case, "sso_region").unwrap())
            .unwrap()
            .fips(on("AWS_USE_FIPS_ENDPOINT"))
            .dual_stack(on("AWS_USE_DUALSTACK_ENDPOINT"));
        let call = GetRoleCredentials::new(
            config_value(case, "sso_account_id").unwrap(),
            config_value(case, "sso_role_name").unwrap(),
        )
        .unwrap();
        let req = call.request(&endpoint, &token);
        let recorded = exchanges(&dir);
        assert_eq!(recorded.len(), 1, "{case}");
        let rec = &recorded[0];
        assert_eq!(req.method(), rec.method, "{case}");
        assert_eq!(query_set(req.url()), query_set(&rec.uri), "{case}");
        assert_eq!(
            req.header_value("x-amz-sso_bearer_token"),
            rec.header("x-amz-sso_bearer_token"),
            "{case}"
        );
        let got = call.parse_response(HttpResponse::new(rec.status(), rec.response_body()));
        let expected = read_json(&dir.join("test-case.json"));
        match expected["result"].get("Ok") {
            Some(ok) => {
                let c = got.unwrap_or_else(|e| panic!("{case}: {e}"));
                assert_eq!(
                    c.access_key_id(),
                    ok["access_key_id"].as_str().unwrap(),
                    "{case}"
                );
                assert_eq!(
                    c.secret_access_key(),
                    ok["secret_access_key"].as_str().unwrap(),
                    "{case}"
                );
                assert_eq!(c.session_token(), ok["session_token"].as_str(), "{case}");
                assert_eq!(
                    c.expires_at().map(|t| t.unix()),
                    ok["expiry"].as_i64(),
                    "{case}"
                );
                // The account is the one asked for (the answer does not say).
                assert_eq!(
                    config_value(case, "sso_account_id").as_deref(),
                    ok["account_id"].as_str()
                );
            }
            None => {
                // sso_server_error: an empty 503; smithy-rs says "an error
                // occurred while loading credentials"; we name the status.
                let e = got.expect_err(case).to_string();
                assert_eq!(
                    e,
                    format!("SSO GetRoleCredentials: the portal refused the request: HTTP {} (no message)", rec.status()),
                    "{case}"
                );
            }
        }
    }
}

/// `sso_no_token_file`: the cache holds a file under another name;
/// smithy-rs reports the one it looked for missing, and that is the name
/// we derive.
#[test]
fn the_missing_token_file_is_the_one_smithy_rs_names() {
    let case = "default-credential-provider-chain/sso_no_token_file";
    let want = read_json(&case_dir(case).join("test-case.json"))["result"]["ErrorContains"]
        .as_str()
        .unwrap()
        .to_string();
    let name = cache_file_name(&cache_key(case));
    assert!(
        want.contains(&format!("/home/.aws/sso/cache/{name}")),
        "{want} vs {name}"
    );
    assert!(!case_dir(case)
        .join("fs/home/.aws/sso/cache")
        .join(&name)
        .exists());
}

/// `sso_token`: a profile with an `sso_session` but no account or role
/// (a token-provider profile). What is ours to run: the session's cache
/// file name and token; that the profile yields no credentials is the
/// profile resolution's to say.
#[test]
fn the_sso_session_token_of_a_token_only_profile_is_read() {
    let case = "profile-provider/sso_token";
    assert_eq!(config_value(case, "sso_account_id"), None);
    let file = case_dir(case)
        .join("fs/home/.aws/sso/cache")
        .join(cache_file_name(&cache_key(case)));
    let token = SsoToken::parse_cached(&std::fs::read(file).unwrap(), now()).unwrap();
    assert_eq!(token.access_token(), "secret-access-token");
    assert_eq!(
        token.expires_at(),
        SigningTime::from_rfc3339("2199-11-14T04:05:45Z").unwrap()
    );
    assert_eq!(
        token.start_url(),
        Some("https://d-abc123.awsapps.com/start")
    );
    // The same cache read after it expired.
    let later = SigningTime::from_rfc3339("2199-11-14T04:05:45Z").unwrap();
    let file = case_dir(case)
        .join("fs/home/.aws/sso/cache")
        .join(cache_file_name("dev"));
    let e = SsoToken::parse_cached(&std::fs::read(file).unwrap(), later).unwrap_err();
    assert!(
        e.to_string().contains("expired at 2199-11-14T04:05:45Z"),
        "{e}"
    );
    assert!(e.to_string().contains("aws sso login"), "{e}");
}
