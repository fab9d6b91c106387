//! STS against smithy-rs's recorded traffic
//! (tests/data/smithy-rs-aws-config/aws-config/, see its README): for each
//! vendored case, the request our builders make from the recorded
//! parameters, and what our parsers make of the recorded answer.
//!
//! Compared, per case:
//! * the body, **byte for byte**: the builder is given the parameters
//!   decoded from the recorded body (the recordings' role ARNs and session
//!   names differ from their config files: the profile resolution is not
//!   under test here) and must write the recorded body again;
//! * the URL: our endpoint for the case's region and settings (FIPS,
//!   dual-stack, an endpoint URL from `env.json` or the config file, each
//!   checked to be there) against the recorded URI; a recorded custom
//!   endpoint has no path, which we send as `/`;
//! * for the signed calls, the credential scope (`Credential=…`) and
//!   `X-Amz-Date` (and the session token) when signed at the recorded
//!   time with the recorded source keys. The signature itself cannot be
//!   compared: it covers headers we do not send (`content-length`,
//!   `x-amz-user-agent`), and even re-signing the recorded headers does
//!   not reproduce it (tried for `imds_assume_role`: the recordings'
//!   secrets were replaced after recording; the `profile-provider` ones
//!   share one signature across four hosts);
//! * the recorded content type lacks `; charset=utf-8`, which we send as
//!   botocore does (not compared);
//! * the answer: `test-case.json`'s keys, token, expiry and account (from
//!   the assumed role ARN), or, for `ErrorContains`, STS's code and
//!   message (smithy-rs appends `Exception` to the code; the rest is
//!   compared as written).

use std::path::PathBuf;

use crate::common::recorded_traffic::{exchanges, Exchange};
use crate::common::*;
use awssig::credentials::sts::{
    AssumeRole, AssumeRoleWithWebIdentity, StsCredentials, StsEndpoint,
};
use awssig::credentials::HttpResponse;
use awssig::{Credentials, SigningTime};
use serde_json::Value;

fn case_dir(case: &str) -> PathBuf {
    data_dir()
        .join("smithy-rs-aws-config/aws-config")
        .join(case)
}

/// The one STS exchange of a case (its body starts with `Action=`).
fn sts_exchange(case: &str) -> Exchange {
    let all = exchanges(&case_dir(case));
    let mut sts = all
        .into_iter()
        .filter(|e| e.request_body.starts_with(b"Action="));
    let e = sts
        .next()
        .unwrap_or_else(|| panic!("{case}: no STS request"));
    assert!(sts.next().is_none(), "{case}: more than one STS request");
    e
}

fn param<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// The endpoint a case's files ask for, each input checked to be there.
fn endpoint(case: &str) -> StsEndpoint {
    let dir = case_dir(case);
    let env = read_json(&dir.join("env.json"));
    let config = std::fs::read_to_string(dir.join("fs/home/.aws/config")).unwrap_or_default();
    let env_var = |k: &str| env[k].as_str().map(str::to_string);
    let config_has = |line: &str| {
        assert!(
            config.contains(line),
            "{case}: the config file no longer says {line:?}"
        );
    };
    let region = env_var("AWS_REGION").unwrap_or_else(|| {
        config_has("region = us-east-1");
        "us-east-1".into()
    });
    let custom = |url: &str| StsEndpoint::custom(url, &region).unwrap();
    match case {
        "profile-provider/assume_role_override_service_env_url" => {
            custom(&env_var("AWS_ENDPOINT_URL_STS").unwrap())
        }
        "profile-provider/assume_role_override_global_env_url" => {
            custom(&env_var("AWS_ENDPOINT_URL").unwrap())
        }
        "profile-provider/assume_role_override_global_profile_url" => {
            config_has("endpoint_url = http://aws.global-profile-override");
            custom("http://aws.global-profile-override")
        }
        "profile-provider/assume_role_override_service_profile_url" => {
            config_has("sts =\n    endpoint_url = http://aws.service-profile-override");
            custom("http://aws.service-profile-override")
        }
        "profile-provider/e2e_fips_and_dual_stack_sts" => {
            config_has("use_fips_endpoint = true");
            config_has("use_dualstack_endpoint = true");
            StsEndpoint::regional(&region)
                .unwrap()
                .fips(true)
                .dual_stack(true)
        }
        _ => StsEndpoint::regional(&region).unwrap(),
    }
}

/// The access key pair of the `[base]` profile the profile-provider
/// recordings assume the role with.
fn base_profile_keys(case: &str) -> Credentials {
    let file = read(&case_dir(case).join("fs/home/.aws/credentials"));
    assert!(
        file.contains("aws_access_key_id = AKIAFAKE")
            && file.contains("aws_secret_access_key = FAKE")
    );
    Credentials::new("AKIAFAKE", "FAKE").unwrap()
}

/// The keys of the IMDS answer `imds_assume_role` assumes the role with.
fn imds_keys(case: &str) -> Credentials {
    let all = exchanges(&case_dir(case));
    let imds = all
        .iter()
        .find(|e| {
            e.uri.contains("/security-credentials/") && e.response_text().contains("AccessKeyId")
        })
        .expect("the IMDS credentials answer");
    let v: Value = serde_json::from_str(imds.response_text()).unwrap();
    Credentials::new(
        v["AccessKeyId"].as_str().unwrap(),
        v["SecretAccessKey"].as_str().unwrap(),
    )
    .and_then(|c| c.with_session_token(v["Token"].as_str().unwrap()))
    .unwrap()
}

fn credential_scope(authorization: &str) -> &str {
    authorization
        .split(", ")
        .next()
        .and_then(|p| p.strip_prefix("AWS4-HMAC-SHA256 Credential="))
        .unwrap_or_else(|| panic!("not a SigV4 authorization: {authorization}"))
}

/// Compares the answer with `test-case.json`.
fn check_result(case: &str, got: awssig::Result<StsCredentials>) {
    let expected = read_json(&case_dir(case).join("test-case.json"));
    let result = &expected["result"];
    if let Some(ok) = result.get("Ok") {
        let got = got.unwrap_or_else(|e| panic!("{case}: {e}"));
        let c = got.credentials();
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
        assert_eq!(got.account_id(), ok["account_id"].as_str(), "{case}");
    } else {
        let want = result["ErrorContains"]
            .as_str()
            .expect("Ok or ErrorContains");
        let err = got.expect_err(case).to_string();
        // "CodeException: Message" → the code, then the message.
        let (code, message) = want.split_once(": ").expect("code: message");
        let code = code.strip_suffix("Exception").unwrap_or(code);
        assert!(err.starts_with("STS "), "{case}: {err}");
        assert!(
            err.contains(&format!(" {code} ")),
            "{case}: {err} lacks {code}"
        );
        assert!(err.contains(message), "{case}: {err} lacks {message}");
    }
}

const ASSUME_ROLE_CASES: &[&str] = &[
    "profile-provider/e2e_assume_role",
    "profile-provider/assume_role_override_global_env_url",
    "profile-provider/assume_role_override_global_profile_url",
    "profile-provider/assume_role_override_service_env_url",
    "profile-provider/assume_role_override_service_profile_url",
    "profile-provider/e2e_fips_and_dual_stack_sts",
    "default-credential-provider-chain/imds_assume_role",
];

const WEB_IDENTITY_CASES: &[&str] = &[
    "default-credential-provider-chain/web_identity_token_env",
    "default-credential-provider-chain/web_identity_token_profile",
    "default-credential-provider-chain/web_identity_token_invalid_jwt",
];

#[test]
fn assume_role_requests_and_answers_match_the_recorded_traffic() {
    for case in ASSUME_ROLE_CASES {
        let rec = sts_exchange(case);
        let pairs = rec.form_pairs();
        let names: Vec<&str> = pairs.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            ["Action", "Version", "RoleArn", "RoleSessionName"],
            "{case}"
        );
        let call = AssumeRole::new(
            param(&pairs, "RoleArn").unwrap(),
            param(&pairs, "RoleSessionName").unwrap(),
        )
        .unwrap();
        let source = if case.contains("imds") {
            imds_keys(case)
        } else {
            base_profile_keys(case)
        };
        let time = SigningTime::from_amz_date(rec.header("x-amz-date").unwrap()).unwrap();
        let req = call.signed_request(&endpoint(case), &source, time).unwrap();
        assert_eq!(req.method(), rec.method, "{case}");
        assert_eq!(req.url(), rec.url(), "{case}");
        assert_eq!(
            std::str::from_utf8(req.body()).unwrap(),
            rec.request_text(),
            "{case}: body"
        );
        assert_eq!(
            req.header_value("x-amz-date"),
            rec.header("x-amz-date"),
            "{case}"
        );
        assert_eq!(
            req.header_value("x-amz-security-token"),
            rec.header("x-amz-security-token"),
            "{case}"
        );
        assert_eq!(
            credential_scope(req.header_value("authorization").unwrap()),
            credential_scope(rec.header("authorization").unwrap()),
            "{case}"
        );
        assert!(rec
            .header("content-type")
            .unwrap()
            .starts_with("application/x-www-form-urlencoded"));
        assert_eq!(
            req.header_value("content-type"),
            Some("application/x-www-form-urlencoded; charset=utf-8")
        );
        check_result(
            case,
            call.parse_response(HttpResponse::new(rec.status(), rec.response_body())),
        );
    }
}

#[test]
fn web_identity_requests_and_answers_match_the_recorded_traffic() {
    for case in WEB_IDENTITY_CASES {
        let rec = sts_exchange(case);
        let pairs = rec.form_pairs();
        let names: Vec<&str> = pairs.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "Action",
                "Version",
                "RoleArn",
                "RoleSessionName",
                "WebIdentityToken"
            ],
            "{case}"
        );
        let call = AssumeRoleWithWebIdentity::new(
            param(&pairs, "RoleArn").unwrap(),
            param(&pairs, "RoleSessionName").unwrap(),
            param(&pairs, "WebIdentityToken").unwrap(),
        )
        .unwrap();
        let req = call.request(&endpoint(case));
        assert_eq!(req.method(), rec.method, "{case}");
        assert_eq!(req.url(), rec.url(), "{case}");
        assert_eq!(
            std::str::from_utf8(req.body()).unwrap(),
            rec.request_text(),
            "{case}: body"
        );
        assert_eq!(req.header_value("authorization"), None, "{case}: unsigned");
        assert!(
            rec.header("authorization").is_none(),
            "{case}: recorded unsigned"
        );
        check_result(
            case,
            call.parse_response(HttpResponse::new(rec.status(), rec.response_body())),
        );
    }
}

/// Where the recording's token file still matches what was sent (the
/// others were recorded with another token), the request carries the
/// file's bytes, trailing newline included, as the SDKs send them.
#[test]
fn the_web_identity_token_is_the_token_files_content_as_read() {
    let case = "default-credential-provider-chain/web_identity_token_invalid_jwt";
    let rec = sts_exchange(case);
    let file = std::fs::read_to_string(case_dir(case).join("fs/token.jwt")).unwrap();
    assert!(file.ends_with('\n'));
    assert_eq!(
        param(&rec.form_pairs(), "WebIdentityToken"),
        Some(file.as_str())
    );
}
