//! Feature `http`: signing `http::Request`s in place, presigning into the
//! URI, verifying from `http::request::Parts`; the same signatures as the
//! core signer, and accepted by s3s-fs when sent with a real client.
#![cfg(feature = "http")]

mod common;
mod e2e;

use awssig::http::{presign, sign, sign_body, RequestParts};
use awssig::v4::{Payload, Request, Signer, SigningSettings};
use awssig::verify::Verifier;
use awssig::{Credentials, ErrorKind, SigningTime};
use common::*;

fn signer(settings: SigningSettings) -> Signer {
    Signer::new(suite_creds(), settings).expect("signer")
}

fn t() -> SigningTime {
    SigningTime::from_amz_date("20150830T123600Z").expect("time")
}

fn lookup(_: &str) -> Option<String> {
    Some(SUITE_SECRET.to_string())
}

#[test]
fn sign_matches_the_core_signer_and_the_suite() {
    // The AWS suite's get-vanilla-query-order-key-case.
    let s = signer(SigningSettings::new("service", "us-east-1"));
    let mut req = http::Request::get("https://example.amazonaws.com/?Param2=value2&Param1=value1")
        .body(())
        .expect("request");
    sign(&s, &mut req, Payload::Empty, t()).expect("sign");
    let auth = req.headers()["authorization"].to_str().expect("ascii");
    assert!(
        auth.ends_with(
            "Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"
        ),
        "{auth}"
    );
    assert_eq!(req.headers()["x-amz-date"], "20150830T123600Z");
    let headers = [("host", "example.amazonaws.com")];
    let core = s
        .sign_headers(
            &Request::new("GET", "/")
                .raw_query("Param2=value2&Param1=value1")
                .headers(&headers),
            t(),
        )
        .expect("core");
    assert_eq!(auth, core.authorization());
}

#[test]
fn default_ports_and_user_info_are_not_signed_other_ports_are() {
    for (uri, host) in [
        ("https://u:p@Example.com:443/k", "Example.com"),
        ("http://example.com:80/k", "example.com"),
        ("http://example.com:8080/k", "example.com:8080"),
        ("https://example.com:80/k", "example.com:80"),
    ] {
        let req = http::Request::get(uri).body(()).expect("request");
        let view = RequestParts::from_request(&req).expect("view");
        assert_eq!(view.headers(), [("host", host)], "{uri}");
    }
    // A Host header wins over the URI.
    let req = http::Request::get("http://127.0.0.1:9000/k")
        .header("host", "b.s3.localhost:9000")
        .body(())
        .expect("request");
    let view = RequestParts::from_request(&req).expect("view");
    assert_eq!(view.headers(), [("host", "b.s3.localhost:9000")]);
}

#[test]
fn header_signed_requests_verify_from_their_parts() {
    let s = signer(SigningSettings::s3("us-east-1"));
    let mut req = http::Request::put("https://b-1.s3.amazonaws.com/a%20b/c.txt?tagging")
        .header("content-type", "text/plain")
        .header("x-amz-meta-note", "caf\u{e9}")
        .body(b"body bytes".to_vec())
        .expect("request");
    sign_body(&s, &mut req, t()).expect("sign");
    let (parts, body) = req.into_parts();
    let view = RequestParts::new(&parts).expect("view");
    let ok = Verifier::s3()
        .verify(&view.incoming().payload(Payload::Bytes(&body)), t(), lookup)
        .expect("verify");
    assert_eq!(
        ok.signed_headers(),
        [
            "content-type",
            "host",
            "x-amz-content-sha256",
            "x-amz-date",
            "x-amz-meta-note"
        ]
    );
    // Another body is rejected.
    let err = Verifier::s3()
        .verify(
            &view.incoming().payload(Payload::Bytes(b"other")),
            t(),
            lookup,
        )
        .expect_err("tampered body");
    assert_eq!(err.kind(), ErrorKind::Rejected);
}

#[test]
fn presigned_uris_verify_and_keep_the_request_query() {
    let s = signer(SigningSettings::s3("eu-west-1"));
    let mut req = http::Request::get("http://127.0.0.1:9000/bucket/k%2B1?versionId=3")
        .header("range", "bytes=0-9")
        .body(())
        .expect("request");
    presign(&s, &mut req, Payload::Unsigned, t(), 60).expect("presign");
    let uri = req.uri().to_string();
    assert!(
        uri.starts_with("http://127.0.0.1:9000/bucket/k%2B1?versionId=3&X-Amz-Algorithm="),
        "{uri}"
    );
    assert!(uri.contains("X-Amz-SignedHeaders=host%3Brange"), "{uri}");
    let (parts, _) = req.into_parts();
    let view = RequestParts::new(&parts).expect("view");
    let ok = Verifier::s3()
        .region("eu-west-1")
        .verify(&view.incoming(), t(), lookup)
        .expect("verify");
    assert_eq!(ok.expires_at().map(|e| e.unix()), Some(t().unix() + 60));
    let err = presign(
        &s,
        &mut http::Request::get("http://h/").body(()).expect("request"),
        Payload::Unsigned,
        t(),
        0,
    )
    .expect_err("expiry 0");
    assert_eq!(err.kind(), ErrorKind::InvalidExpiry);
}

#[test]
fn non_utf8_header_values_are_refused() {
    let req = http::Request::get("http://h/")
        .header(
            "x-amz-meta-a",
            http::HeaderValue::from_bytes(b"\xff").expect("value"),
        )
        .body(())
        .expect("request");
    let err = RequestParts::from_request(&req).expect_err("not UTF-8");
    assert_eq!(err.kind(), ErrorKind::InvalidHeaderValue);
}

/// Signed `http::Request`s sent by ureq (which takes them as they are) to
/// s3s-fs: created, uploaded, read back; a presigned one too.
#[test]
fn http_requests_signed_in_place_work_against_s3s() {
    let server = e2e::s3s_server::S3sServer::start();
    let base = format!("http://127.0.0.1:{}", server.port);
    let s = Signer::new(
        Credentials::new(e2e::s3s_server::ACCESS_KEY, e2e::s3s_server::SECRET_KEY).expect("creds"),
        SigningSettings::s3("us-east-1"),
    )
    .expect("signer");
    let agent = ureq::Agent::new_with_config(
        ureq::config::Config::builder()
            .http_status_as_error(false)
            .build(),
    );
    let now = SigningTime::now();
    let send = |req: http::Request<Vec<u8>>| {
        let mut r = agent.run(req).expect("send");
        let status = r.status().as_u16();
        (status, r.body_mut().read_to_vec().expect("body"))
    };

    let mut create = http::Request::put(format!("{base}/http-adapter"))
        .body(Vec::new())
        .expect("req");
    sign_body(&s, &mut create, now).expect("sign");
    assert_eq!(send(create).0, 200);

    let mut put = http::Request::put(format!("{base}/http-adapter/dir/a%20b.txt"))
        .header("content-type", "text/plain")
        .body(b"via http::Request".to_vec())
        .expect("req");
    sign_body(&s, &mut put, now).expect("sign");
    let (status, body) = send(put);
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));

    let mut get = http::Request::get(format!("{base}/http-adapter/dir/a%20b.txt"))
        .body(Vec::new())
        .expect("req");
    presign(&s, &mut get, Payload::Unsigned, now, 60).expect("presign");
    assert_eq!(send(get), (200, b"via http::Request".to_vec()));
}
