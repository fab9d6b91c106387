//! IMDS against smithy-rs's conformance data
//! (`tests/data/smithy-rs-aws-config/aws-config/`, see its README):
//!
//! * `imds-config/imds-endpoint-tests.json`: every case. The cases give a
//!   config file; a five-line reader below takes the `[default]` section's
//!   `key = value` lines (all these files hold), as the profile parser is
//!   another module's. Expected errors are checked as substrings of ours.
//! * `default-credential-provider-chain/imds_*`: the recorded traffic.
//!   [`ImdsClient`] must send the recorded requests (method, URI and every
//!   header but the user agents, in order) and, fed the recorded
//!   responses, yield the recorded credentials and expiry, or the error.
//!   What the default chain does around IMDS (its order, mapping "no role"
//!   to "provider not enabled", the STS AssumeRole after IMDS in
//!   `imds_assume_role`) is the chain's and STS's, checked there; here
//!   `imds_assume_role` checks that our IMDS credentials are the ones the
//!   recorded AssumeRole request was signed with.

use awssig::credentials::imds::{EndpointMode, ImdsClient, ImdsConfig, ImdsStep};
use awssig::credentials::HttpResponse;
use awssig::{Credentials, ErrorKind, SigningTime};
use serde_json::Value;

use crate::common::recorded_traffic::{recorded_cases, Exchange, RecordedCase};
use crate::common::{data_dir, read_json};

/// The `[default]` section's `key = value` lines of a config file.
fn default_profile(text: &str) -> Vec<(String, String)> {
    let mut in_default = false;
    let mut keys = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.starts_with('[') {
            in_default = line == "[default]";
        } else if let (true, Some((k, v))) = (in_default, line.split_once('=')) {
            keys.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    keys
}

#[test]
fn imds_endpoint_tests_resolve_every_case() {
    let path =
        data_dir().join("smithy-rs-aws-config/aws-config/imds-config/imds-endpoint-tests.json");
    let suite = read_json(&path);
    let cases = suite["tests"].as_array().unwrap();
    assert_eq!(cases.len(), 14, "the vendored suite has 14 cases");
    let mut failures = Vec::new();
    for case in cases {
        let docs = case["docs"].as_str().unwrap();
        let env = |name: &str| case["env"][name].as_str().map(String::from);
        let profile_keys = match case["env"]["AWS_CONFIG_FILE"].as_str() {
            Some(file) => default_profile(case["fs"][file].as_str().unwrap()),
            None => Vec::new(),
        };
        let profile = |key: &str| {
            profile_keys
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.clone())
        };
        let mut builder = ImdsConfig::builder();
        if let Some(url) = case["endpoint_override"].as_str() {
            builder = builder.endpoint(url);
        }
        if let Some(mode) = case["mode_override"].as_str() {
            builder = builder.endpoint_mode(EndpointMode::parse(mode).unwrap());
        }
        let got = builder
            .resolve(env, profile)
            .map(|c| c.token_request().url().to_string());
        match (&case["result"]["Ok"], &case["result"]["Err"], got) {
            (Value::String(want), _, Ok(url)) if *want == url => {}
            (_, Value::String(want), Err(e))
                if e.to_string().contains(want.as_str())
                    && e.kind() == ErrorKind::CredentialSource => {}
            (ok, err, got) => {
                failures.push(format!("{docs}: want Ok {ok} / Err {err}, got {got:?}"))
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// What the client did with a recorded case: the credentials or the
/// error, and how many recorded exchanges it used.
fn replay(case: &RecordedCase, config: ImdsConfig) -> (Result<Credentials, awssig::Error>, usize) {
    let mut client = ImdsClient::new(config).unwrap();
    let imds: Vec<&Exchange> = case
        .exchanges
        .iter()
        .filter(|x| x.uri.starts_with("http://169.254.169.254/"))
        .collect();
    let mut request = client.start(SigningTime::from_unix(1_632_000_000).unwrap());
    for (i, recorded) in imds.iter().enumerate() {
        let ours: std::collections::BTreeMap<String, String> = request
            .headers()
            .iter()
            .map(|(n, v)| (n.to_ascii_lowercase(), v.clone()))
            .collect();
        assert_eq!(
            (request.method(), request.url(), &ours),
            (
                recorded.method.as_str(),
                recorded.uri.as_str(),
                &recorded.headers_that_matter()
            ),
            "{}: request {i}",
            case.name
        );
        match client.handle(HttpResponse::new(
            recorded.status(),
            recorded.response_body(),
        )) {
            Ok(ImdsStep::Send(next)) => request = next,
            Ok(ImdsStep::Done(creds)) => return (Ok(creds), i + 1),
            Ok(other) => panic!("{}: unknown step {other:?}", case.name),
            Err(e) => return (Err(e), i + 1),
        }
    }
    panic!(
        "{}: the recording ended with the client waiting for more",
        case.name
    )
}

fn assert_creds(case: &str, creds: &Credentials, want: &Value) {
    assert_eq!(creds.access_key_id(), want["access_key_id"], "{case}");
    assert_eq!(
        creds.secret_access_key(),
        want["secret_access_key"],
        "{case}"
    );
    assert_eq!(
        creds.session_token(),
        want["session_token"].as_str(),
        "{case}"
    );
    assert_eq!(
        creds.expires_at().map(|t| t.unix()),
        want["expiry"].as_i64(),
        "{case}"
    );
}

/// The credentials a recorded STS request was signed with: the access
/// key of its `Authorization` header and its `x-amz-security-token`.
fn signing_key_of(exchange: &Exchange) -> (String, String) {
    let auth = exchange.header("authorization").unwrap();
    let id = auth
        .split("Credential=")
        .nth(1)
        .unwrap()
        .split('/')
        .next()
        .unwrap();
    (
        id.to_string(),
        exchange.header("x-amz-security-token").unwrap().to_string(),
    )
}

#[test]
fn imds_recorded_traffic_replays_through_the_client() {
    let cases = recorded_cases(&["imds_"]);
    assert_eq!(cases.len(), 8, "the vendored imds_* cases");
    for case in &cases {
        let profile_text = case
            .file("/home/.aws/config")
            .map(|b| String::from_utf8(b).unwrap());
        let keys = default_profile(profile_text.as_deref().unwrap_or(""));
        let profile = |key: &str| keys.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
        let config = ImdsConfig::builder()
            .resolve(case.env_lookup(), profile)
            .unwrap();
        if case.name == "imds_disabled" {
            // AWS_EC2_METADATA_DISABLED=True: nothing may be sent.
            assert!(config.is_disabled());
            assert!(case.exchanges.is_empty());
            let err = ImdsClient::new(config).unwrap_err();
            assert!(
                err.to_string().contains("AWS_EC2_METADATA_DISABLED"),
                "{err}"
            );
            continue;
        }
        let (result, used) = replay(case, config);
        let rest = &case.exchanges[used..];
        match (case.expected(), result) {
            (Ok(want), Ok(creds)) if case.name == "imds_assume_role" => {
                // The chain assumes a role with what IMDS gave: the next
                // recorded request is STS, signed with our credentials.
                assert_eq!(
                    rest.len(),
                    1,
                    "{}: only the STS exchange is left",
                    case.name
                );
                assert_eq!(
                    signing_key_of(&rest[0]),
                    (
                        creds.access_key_id().to_string(),
                        creds.session_token().unwrap().to_string()
                    )
                );
                assert_eq!(
                    creds.expires_at().unwrap().rfc3339(),
                    "2021-09-21T23:33:13Z"
                );
                assert_ne!(
                    creds.access_key_id(),
                    want["access_key_id"],
                    "the role's are STS's"
                );
            }
            (Ok(want), Ok(creds)) => {
                assert!(rest.is_empty(), "{}: exchanges left unused", case.name);
                assert_creds(&case.name, &creds, want);
            }
            (Err(want), Err(err)) => {
                assert!(rest.is_empty(), "{}: exchanges left unused", case.name);
                assert_eq!(err.kind(), ErrorKind::CredentialSource);
                let ours = err.to_string();
                assert!(ours.starts_with("IMDS: "), "{ours}");
                if want == "the credential provider was not enabled" {
                    // The chain's wording for "this instance has no role".
                    assert!(
                        ours.contains("no IAM role attached"),
                        "{}: {ours}",
                        case.name
                    );
                } else {
                    assert!(
                        ours.contains(want),
                        "{}: want {want:?} in {ours}",
                        case.name
                    );
                }
            }
            (want, got) => panic!("{}: want {want:?}, got {got:?}", case.name),
        }
    }
}
