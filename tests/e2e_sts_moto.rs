//! STS for real against moto (PyPI `moto[server]`) in server mode on
//! 127.0.0.1, started by `scripts/e2e-moto.sh` (which runs this file with
//! `--ignored` and the endpoint in `AWSSIG_E2E_MOTO_ENDPOINT`). Ignored in
//! a plain `cargo test`; run with `--ignored` but without the endpoint, it
//! fails: a server that is not there is not a pass.
//!
//! Each call is built by `awssig::credentials::sts`, sent by the tests'
//! plain HTTP/1.1 client (tests/common/http1_client.rs) and
//! answered by moto's STS; its answer is parsed by the same builder. moto
//! does not check signatures (Ceph RGW does: tests/e2e, the session-token
//! rows), so here the requests' shape and the answers' parsing are under
//! test: what moto accepts and what it sends back.

mod common;

use awssig::credentials::sts::{
    AssumeRole, AssumeRoleWithWebIdentity, GetSessionToken, StsCredentials, StsEndpoint,
};
use awssig::credentials::HttpResponse;
use awssig::{Credentials, ErrorKind, SigningTime};

fn endpoint() -> StsEndpoint {
    let url = std::env::var("AWSSIG_E2E_MOTO_ENDPOINT").unwrap_or_default();
    assert!(
        !url.is_empty(),
        "AWSSIG_E2E_MOTO_ENDPOINT is not set: start moto and run these tests with `bash scripts/e2e-moto.sh`"
    );
    StsEndpoint::custom(&url, "us-east-1").unwrap()
}

fn source() -> Credentials {
    // moto accepts any key; these are the AWS documentation's.
    Credentials::new(common::EXAMPLE_KEY_ID, common::EXAMPLE_SECRET).unwrap()
}

fn check_fresh(what: &str, c: &StsCredentials, before: SigningTime, seconds: i64) {
    let creds = c.credentials();
    // moto answers GetSessionToken with the documentation's AKIA… key,
    // and the AssumeRole* calls with fresh ASIA… keys.
    assert!(creds.access_key_id().len() >= 16, "{what}: {creds:?}");
    assert!(!creds.secret_access_key().is_empty());
    assert!(
        creds.session_token().is_some_and(|t| t.len() > 20),
        "{what}"
    );
    let end = creds.expires_at().expect("an expiry").unix();
    // moto's clock and ours agree within a minute.
    let want = before.unix() + seconds;
    assert!(
        (want - 60..=want + 60).contains(&end),
        "{what}: expires {end}, wanted about {want}"
    );
}

const ROLE: &str = "arn:aws:iam::123456789012:role/awssig-e2e";

#[test]
#[ignore = "needs moto: bash scripts/e2e-moto.sh"]
fn assume_role_with_web_identity_against_moto() {
    let now = SigningTime::now();
    let call =
        AssumeRoleWithWebIdentity::new(ROLE, "web-1", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.\n")
            .unwrap()
            .duration_seconds(900)
            .unwrap();
    let (status, body) = common::http1_client::send(&call.request(&endpoint())).unwrap();
    let got = call
        .parse_response(HttpResponse::new(status, &body))
        .unwrap();
    check_fresh("AssumeRoleWithWebIdentity", &got, now, 900);
    assert_eq!(
        got.assumed_role_arn(),
        Some("arn:aws:sts::123456789012:assumed-role/awssig-e2e/web-1")
    );
    assert_eq!(got.account_id(), Some("123456789012"));
}

#[test]
#[ignore = "needs moto: bash scripts/e2e-moto.sh"]
fn assume_role_against_moto() {
    let now = SigningTime::now();
    let call = AssumeRole::new(ROLE, "role-1")
        .unwrap()
        .duration_seconds(1800)
        .unwrap()
        .external_id("awssig-external")
        .unwrap();
    let req = call.signed_request(&endpoint(), &source(), now).unwrap();
    let (status, body) = common::http1_client::send(&req).unwrap();
    let got = call
        .parse_response(HttpResponse::new(status, &body))
        .unwrap();
    check_fresh("AssumeRole", &got, now, 1800);
    assert!(got.credentials().access_key_id().starts_with("ASIA"));
    assert_eq!(
        got.assumed_role_arn(),
        Some("arn:aws:sts::123456789012:assumed-role/awssig-e2e/role-1")
    );
}

#[test]
#[ignore = "needs moto: bash scripts/e2e-moto.sh"]
fn get_session_token_against_moto() {
    let now = SigningTime::now();
    let call = GetSessionToken::new().duration_seconds(3600).unwrap();
    let req = call.signed_request(&endpoint(), &source(), now).unwrap();
    let (status, body) = common::http1_client::send(&req).unwrap();
    let got = call
        .parse_response(HttpResponse::new(status, &body))
        .unwrap();
    check_fresh("GetSessionToken", &got, now, 3600);
    assert_eq!(got.assumed_role_arn(), None);
}

/// A call moto does not know gets an HTML error page (HTTP 500, with a
/// DOCTYPE): an error naming the action and the status, not credentials,
/// and not the page.
#[test]
#[ignore = "needs moto: bash scripts/e2e-moto.sh"]
fn an_answer_that_is_not_sts_xml_is_an_error_naming_the_action() {
    let call = AssumeRole::new(ROLE, "role-2").unwrap();
    let mut req = call
        .signed_request(&endpoint(), &source(), SigningTime::now())
        .unwrap();
    // The same request with a body moto refuses (an unknown action).
    req = req.with_body("Action=AssumeRoleTwice&Version=2011-06-15");
    let (status, body) = common::http1_client::send(&req).unwrap();
    assert!(
        status >= 400,
        "moto answered {status}: {}",
        String::from_utf8_lossy(&body)
    );
    let err = call
        .parse_response(HttpResponse::new(status, &body))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::CredentialSource);
    assert!(
        err.to_string().starts_with(&format!(
            "STS AssumeRole: HTTP {status} with a body that is not an STS error document"
        )),
        "{err}"
    );
    println!("moto's refusal: {err}");
}
