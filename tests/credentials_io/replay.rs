//! The replaying client itself, on a vendored smithy-rs recording
//! (`imds_default_chain_success`: IMDSv2 token, role name, credentials).

use std::path::PathBuf;

use awssig::credentials::io::{HttpClient, Timeouts};
use awssig::credentials::HttpRequest;

use crate::common::replay::ReplayingClient;

fn recording() -> PathBuf {
    crate::common::data_dir().join(
        "smithy-rs-aws-config/aws-config/default-credential-provider-chain/imds_default_chain_success/http-traffic.json",
    )
}

const IMDS: &str = "http://169.254.169.254";

#[test]
fn the_imds_recording_answers_its_three_requests_in_order() {
    let client = ReplayingClient::from_file(&recording());
    let t = Timeouts::metadata();
    let token = client
        .send(
            &HttpRequest::new("PUT", format!("{IMDS}/latest/api/token")),
            &t,
        )
        .unwrap();
    assert_eq!(token.status(), 200);
    assert_eq!(
        token.body(),
        b"AQAEAKQRRHnsX8GCPgYTGMShrFJkMhru3n-8Ul5Gzvzj-bpWKYZuiw=="
    );
    let role = client
        .send(
            &HttpRequest::new(
                "GET",
                format!("{IMDS}/latest/meta-data/iam/security-credentials/"),
            ),
            &t,
        )
        .unwrap();
    assert_eq!(role.body(), b"imds-assume-role-test");
    let url = format!("{IMDS}/latest/meta-data/iam/security-credentials/imds-assume-role-test");
    let creds = client.send(&HttpRequest::new("GET", url), &t).unwrap();
    let body = std::str::from_utf8(creds.body()).unwrap();
    assert!(body.contains("\"AccessKeyId\" : \"ASIARTEST\""), "{body}");
    assert!(
        body.contains("\"Expiration\" : \"2021-09-21T04:16:53Z\""),
        "{body}"
    );
    client.assert_done();
}

#[test]
fn the_recorded_request_headers_are_kept_for_the_caller_to_check() {
    let client = ReplayingClient::from_file(&recording());
    let first = &client.remaining()[0];
    assert!(first.headers.contains(&(
        "x-aws-ec2-metadata-token-ttl-seconds".to_string(),
        "21600".to_string()
    )));
    assert_eq!(client.remaining().len(), 3);
}

#[test]
#[should_panic(
    expected = "request #1 differs from the recording:\n  method: recorded PUT, sent GET\n  uri: recorded http://169.254.169.254/latest/api/token, sent http://169.254.169.254/latest/api/tokens"
)]
fn a_request_that_differs_fails_listing_the_differences() {
    let client = ReplayingClient::from_file(&recording());
    let _ = client.send(
        &HttpRequest::new("GET", format!("{IMDS}/latest/api/tokens")),
        &Timeouts::metadata(),
    );
}

#[test]
#[should_panic(
    expected = "2 recorded request(s) were never sent:\n  GET http://169.254.169.254/latest/meta-data/iam/security-credentials/\n"
)]
fn requests_left_unsent_fail_the_final_check() {
    let client = ReplayingClient::from_file(&recording());
    client
        .send(
            &HttpRequest::new("PUT", format!("{IMDS}/latest/api/token")),
            &Timeouts::metadata(),
        )
        .unwrap();
    client.assert_done();
}

#[test]
#[should_panic(
    expected = "request #2 GET http://x/ was not recorded (the recording has 1 request(s))"
)]
fn a_request_beyond_the_recording_fails() {
    let json = r#"{"events": [
        {"connection_id": 0, "action": {"Request": {"request": {"uri": "http://x/", "headers": {}, "method": "GET"}}}},
        {"connection_id": 0, "action": {"Response": {"response": {"Ok": {"status": 500, "version": "HTTP/1.1", "headers": {}}}}}},
        {"connection_id": 0, "action": {"Data": {"data": {"Base64": "YnVzeQ=="}, "direction": "Response"}}}
    ], "docs": "", "version": "V0"}"#;
    let client = ReplayingClient::from_json("inline", json);
    let res = client
        .send(&HttpRequest::new("GET", "http://x/"), &Timeouts::metadata())
        .unwrap();
    assert_eq!((res.status(), res.body()), (500, &b"busy"[..]));
    let _ = client.send(&HttpRequest::new("GET", "http://x/"), &Timeouts::metadata());
}
