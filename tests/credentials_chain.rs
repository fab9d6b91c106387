//! The default credential chain against smithy-rs's recorded cases
//! (feature `credentials-io`): each case folder's `env.json` is the
//! environment, its `fs/` the file system (mounted at `/`), its
//! `http-traffic.json` the network (every request must be the recorded
//! one, in order, and every recorded request must be sent), and its
//! `test-case.json` the result.
//!
//! `default-credential-provider-chain/` runs through the whole chain.
//! `profile-provider/` tests smithy-rs's profile provider alone: those
//! cases run through the chain with the profile named explicitly, which
//! skips the environment's keys as the profile provider does.
//!
//! What is compared: the access key id, the secret, the session token and
//! the expiry (`Credentials` has no account id, so the recorded
//! `account_id` is not compared). Where a case expects an error, the
//! recorded text is smithy-rs's wording; the table `EXPECTED_ERRORS` maps
//! each such case to the phrase awssig's error says for the same cause.
#![cfg(feature = "credentials-io")]

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use awssig::credentials::io::DefaultChain;
use awssig::credentials::profile::Platform;
use awssig::SigningTime;
use common::replay::ReplayingClient;
use serde_json::Value;

/// The instant the cases run at: before every recorded expiry the chain
/// checks (credential_process and SSO token expiries), as the recordings
/// were made in 2021.
const NOW: i64 = 1_600_000_000;

/// Cases run at another instant, and why.
const NOW_FOR: &[(&str, i64, &str)] = &[(
    "ecs_assume_role",
    1_234_567_000,
    "its recorded ECS credentials expire at 1234567890 (2009) and then sign the AssumeRole request; awssig refuses to sign with expired credentials",
)];

/// Cases that expect an error: smithy-rs's text (a part of the case's),
/// and what awssig says for the same cause.
const EXPECTED_ERRORS: &[(&str, &str, &str)] = &[
    (
        "eks_pod_identity_no_token_file",
        "No such file or directory (os error 2)",
        "the authorization token file /token.jwt (AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE) does not exist",
    ),
    (
        "imds_default_chain_error",
        "the credential provider was not enabled",
        "no credentials found",
    ),
    (
        "imds_disabled",
        "the credential provider was not enabled",
        "IMDS: disabled by AWS_EC2_METADATA_DISABLED",
    ),
    (
        "imds_no_iam_role",
        "the credential provider was not enabled",
        "no IAM role attached",
    ),
    (
        "imds_token_fail",
        "request forbidden: IMDS is disabled",
        "request forbidden: IMDS is disabled",
    ),
    (
        "profile_overrides_web_identity",
        "provider was not enabled",
        "credential_source = Environment, but AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set",
    ),
    (
        "sso_no_token_file",
        "failed to read `/home/.aws/sso/cache/dace00cba5f8355ec9d274ceb2bcebdfbeed0e12.json`",
        "no cached token at /home/.aws/sso/cache/dace00cba5f8355ec9d274ceb2bcebdfbeed0e12.json",
    ),
    (
        "sso_server_error",
        "an error occurred while loading credentials",
        "SSO",
    ),
    (
        "web_identity_source_profile_no_env",
        "`web_identity_token_file` was specified but `role_arn` was missing",
        "role_arn",
    ),
    (
        "web_identity_token_invalid_jwt",
        "InvalidIdentityTokenException: No OpenIDConnect provider found in your account",
        "InvalidIdentityToken",
    ),
    (
        "credential_process_failure",
        "external process exited with code exit status: 1",
        "exited with code 1",
    ),
    (
        "credential_process_invalid",
        "could not parse response: invalid JSON in response",
        "credential_process: the output is not JSON",
    ),
    (
        "invalid_config",
        "could not parse profile file",
        "config file /home/.aws/config, line",
    ),
    (
        "invalid_sso_credentials_config",
        "selected profile will resolve an access token instead of credentials",
        "sso_account_id and sso_role_name are needed for credentials (the profile only names a token)",
    ),
    (
        "sso_token",
        "selected profile will resolve an access token instead of credentials",
        "sso_account_id and sso_role_name are needed for credentials (the profile only names a token)",
    ),
    (
        "empty_config",
        "the credential provider was not enabled",
        "no profiles were defined in the config or credentials file",
    ),
];

/// Cases that cannot run here, and why.
const SKIPPED: &[(&str, &str)] = &[];

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/smithy-rs-aws-config/aws-config")
}

fn run_case(dir: &Path, profile_only: bool) -> Result<(), String> {
    let name = dir.file_name().unwrap().to_string_lossy().to_string();
    let read = |f: &str| std::fs::read_to_string(dir.join(f)).map_err(|e| format!("{f}: {e}"));
    let env: HashMap<String, String> =
        serde_json::from_str(&read("env.json")?).map_err(|e| e.to_string())?;
    let case: Value = serde_json::from_str(&read("test-case.json")?).map_err(|e| e.to_string())?;
    let traffic = dir.join("http-traffic.json");
    let client = Arc::new(if traffic.exists() {
        ReplayingClient::from_file(&traffic)
    } else {
        ReplayingClient::from_json(&name, r#"{"events": [], "version": "V0"}"#)
    });
    let fs_root = dir.join("fs");
    let profile = env
        .get("AWS_PROFILE")
        .cloned()
        .unwrap_or_else(|| "default".into());
    let env_for_chain = env.clone();
    let mut chain = DefaultChain::new()
        .env(move |k| env_for_chain.get(k).cloned())
        .files(move |p: &Path| {
            let inside = fs_root.join(p.strip_prefix("/").unwrap_or(p));
            match std::fs::read_to_string(&inside) {
                Ok(text) => Ok(Some(text.into())),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(awssig::Error::credential_source("test fs", e)),
            }
        })
        .http_client(client.clone())
        .platform(Platform::Unix)
        .retry_pause(Duration::ZERO);
    if profile_only {
        chain = chain.profile(profile);
    }
    let now = NOW_FOR
        .iter()
        .find(|(n, ..)| *n == name)
        .map_or(NOW, |(_, t, _)| *t);
    let got = chain.resolve(SigningTime::from_unix(now).unwrap());
    let result = &case["result"];
    match (result.get("Ok"), got) {
        (Some(want), Ok(resolved)) => {
            let c = &resolved.credentials;
            let check = |field: &str, got: Option<&str>| -> Result<(), String> {
                let want = want[field].as_str();
                if want != got {
                    return Err(format!(
                        "{field}: expected {want:?}, got {got:?} (source {})",
                        resolved.source
                    ));
                }
                Ok(())
            };
            check("access_key_id", Some(c.access_key_id()))?;
            check("secret_access_key", Some(c.secret_access_key()))?;
            check("session_token", c.session_token())?;
            let want_expiry = want["expiry"].as_i64();
            let got_expiry = c.expires_at().map(|t| t.unix());
            if want_expiry != got_expiry {
                return Err(format!(
                    "expiry: expected {want_expiry:?}, got {got_expiry:?}"
                ));
            }
            client.assert_done();
            Ok(())
        }
        (Some(_), Err(e)) => Err(format!("expected credentials, got the error: {e}")),
        (None, got) => {
            let Some((_, smithy, ours)) = EXPECTED_ERRORS.iter().find(|(n, ..)| *n == name) else {
                return Err(format!(
                    "an error case without an entry in EXPECTED_ERRORS: {result}; got {got:?}"
                ));
            };
            let recorded = result["ErrorContains"].as_str().unwrap_or_default();
            if !recorded.contains(smithy) {
                return Err(format!(
                    "the table's smithy-rs text {smithy:?} is not the case's {recorded:?}"
                ));
            }
            match got {
                Ok(r) => Err(format!(
                    "expected an error ({recorded:?}), got credentials from {}",
                    r.source
                )),
                Err(e) if e.to_string().contains(ours) => Ok(()),
                Err(e) => Err(format!("expected an error containing {ours:?}, got: {e}")),
            }
        }
    }
}

fn run_folder(folder: &str, profile_only: bool) {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(data().join(folder))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(!dirs.is_empty(), "no cases in {folder}");
    let mut failures = Vec::new();
    let mut ran = 0;
    for dir in &dirs {
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        if let Some((_, why)) = SKIPPED.iter().find(|(n, _)| *n == name) {
            eprintln!("skipped {folder}/{name}: {why}");
            continue;
        }
        ran += 1;
        let outcome = std::panic::catch_unwind(|| run_case(dir, profile_only));
        match outcome {
            Ok(Ok(())) => {}
            Ok(Err(why)) => failures.push(format!("{folder}/{name}: {why}")),
            Err(panic) => {
                let why = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                failures.push(format!("{folder}/{name}: panicked: {why}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {ran} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_default_chain_reproduces_every_recorded_case() {
    run_folder("default-credential-provider-chain", false);
}

#[test]
fn the_chain_with_a_named_profile_reproduces_the_profile_provider_cases() {
    run_folder("profile-provider", true);
}

/// The chain with its default HTTP client, over real sockets, against the
/// IMDSv2 stand-in (AWS's documented wire format: token PUT with a TTL,
/// 401 on a missing or expired token): the credentials it serves, with
/// their expiry; then through `Refreshing`: one more fetch, and none for
/// a second caller while the credentials are fresh.
#[test]
fn the_chain_fetches_from_imds_over_a_socket() {
    use awssig::credentials::io::{ProvideCredentials, Refreshing};
    use common::imds_endpoint::*;
    let imds = ImdsEndpoint::start(Some("app-role"));
    let endpoint = imds.url();
    let chain = DefaultChain::new()
        .env(move |k| match k {
            "HOME" => Some("/nowhere".into()),
            "AWS_EC2_METADATA_SERVICE_ENDPOINT" => Some(endpoint.clone()),
            _ => None,
        })
        .files(|_| Ok(None));
    let now = SigningTime::from_unix(NOW).unwrap();
    let resolved = chain.resolve(now).unwrap();
    assert_eq!(resolved.source, "IMDS");
    let c = &resolved.credentials;
    assert_eq!(c.access_key_id(), IMDS_ACCESS_KEY_ID);
    assert_eq!(c.secret_access_key(), IMDS_SECRET);
    assert_eq!(c.session_token(), Some(IMDS_SESSION_TOKEN));
    assert_eq!(
        c.expires_at(),
        Some(SigningTime::from_rfc3339(IMDS_EXPIRATION).unwrap())
    );
    assert_eq!(
        imds.log(),
        [
            "PUT /latest/api/token -> 200",
            "GET /latest/meta-data/iam/security-credentials/ -> 200",
            "GET /latest/meta-data/iam/security-credentials/app-role -> 200",
        ]
    );
    let shared = Refreshing::new(chain).with_clock(move || now);
    assert_eq!(
        shared.provide(now).unwrap().access_key_id(),
        IMDS_ACCESS_KEY_ID
    );
    assert_eq!(imds.request_count(), 6, "{:?}", imds.log());
}

/// The container endpoint over a socket: the relative URI is fixed to
/// 169.254.170.2 by AWS, so the full URI (loopback is allowed) points at
/// the stand-in, with the authorization token read from its file.
#[test]
fn the_chain_fetches_from_the_container_endpoint_over_a_socket() {
    use common::container_endpoint::*;
    let server = ContainerEndpoint::start("/v1/credentials", Some("pod-token"));
    let url = server.url();
    let chain = DefaultChain::new()
        .env(move |k| match k {
            "HOME" => Some("/nowhere".into()),
            "AWS_CONTAINER_CREDENTIALS_FULL_URI" => Some(url.clone()),
            "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE" => Some("/var/run/token".into()),
            _ => None,
        })
        .files(|p| Ok((p == Path::new("/var/run/token")).then(|| "pod-token".to_string().into())));
    let resolved = chain.resolve(SigningTime::from_unix(NOW).unwrap()).unwrap();
    assert_eq!(resolved.source, "container credentials");
    assert_eq!(
        resolved.credentials.access_key_id(),
        CONTAINER_ACCESS_KEY_ID
    );
    assert_eq!(
        resolved.credentials.session_token(),
        Some(CONTAINER_SESSION_TOKEN)
    );
    assert_eq!(server.authorizations(), [Some("pod-token".to_string())]);
}
