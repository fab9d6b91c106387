//! SigV2 verification (`Verifier::verify_presigned_v2`,
//! `Verifier::verify_headers_v2`, `Verifier::verify`):
//!
//! * every URL and header-signed request of the botocore SigV2 corpus
//!   (tests/data/botocore/sigv2.json) verifies at its signing time and fails
//!   after expiry (URLs) or outside the clock-skew window (headers), except
//!   botocore's path-style bucket-level URLs, which sign `/bucket/` but send
//!   `/bucket` (servers reject them too; see tests/vectors/s3_presign_v2.rs);
//! * the S3 SigV2 documentation examples verify, in the editions whose
//!   values are consistent (errata as in tests/vectors/sigv2_docs.rs: the 2017/2020
//!   DELETE printed form and the stale 2020 query signature are rejected);
//! * everything the crate signs with SigV2 verifies (round trip);
//! * single-character tampers are rejected; malformed input is an error,
//!   never a panic.

#![allow(clippy::type_complexity)]

use crate::common::*;
use awssig::s3::{AddressingStyle, Bucket, Endpoint, SignatureVersion};
use awssig::v2::{DateFormat, DateHeader, Request, Signer};
use awssig::verify::{Incoming, Verified, Verifier};
use awssig::{Credentials, S3ErrorCode};
use serde_json::Value;

const DOMAINS: [&str; 6] = [
    "s3.amazonaws.com",
    "s3.eu-west-1.amazonaws.com",
    "s3.us-west-2.amazonaws.com",
    "s3.ap-southeast-1.amazonaws.com",
    "s3.us-west-1.amazonaws.com",
    "rgw.example.com",
];

fn verifier() -> Verifier {
    DOMAINS
        .iter()
        .fold(Verifier::s3(), |v, d| v.virtual_host_domain(*d))
}

fn lookup_for(c: &Value) -> impl Fn(&str) -> Option<String> + Copy + '_ {
    move |id: &str| {
        (id == c["credentials"]["access_key_id"].as_str().unwrap()).then(|| {
            c["credentials"]["secret_access_key"]
                .as_str()
                .unwrap()
                .to_string()
        })
    }
}

fn code(r: Result<Verified, awssig::Error>) -> Option<S3ErrorCode> {
    match r {
        Ok(_) => None,
        Err(e) => Some(e.s3_code().unwrap_or_else(|| panic!("no S3 code: {e}"))),
    }
}

fn corpus() -> Vec<Value> {
    read_json(&data_dir().join("botocore/sigv2.json"))["cases"]
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn botocore_presigned_urls_verify_then_expire() {
    let v = verifier();
    let (mut ok, mut departures) = (0, 0);
    for c in corpus().iter().filter(|c| c["kind"] == "presign") {
        let id = field(c, "id");
        let url = field(c, "url");
        let expires =
            (c["time"].as_f64().unwrap().floor() as i64) + c["expires_in"].as_i64().unwrap();
        let lookup = lookup_for(c);
        let req = Incoming::new(field(c, "method"), url, &[]);
        let path_bucket_level =
            c["key"].is_null() && field(c, "url_base").ends_with(field(c, "bucket"));
        if path_bucket_level {
            // botocore signed `/bucket/`, the URL sends `/bucket`.
            assert_eq!(
                code(v.verify_presigned_v2(&req, unix_time(expires), lookup)),
                Some(S3ErrorCode::SignatureDoesNotMatch),
                "{id}"
            );
            departures += 1;
            continue;
        }
        let got = v
            .verify_presigned_v2(&req, unix_time(expires), lookup)
            .unwrap_or_else(|e| panic!("{id}: {e}"));
        assert_eq!(got.expires_at().map(|t| t.unix()), Some(expires), "{id}");
        assert_eq!((got.region(), got.service()), ("", "s3"));
        assert_eq!(got.signature().len(), 20);
        assert_eq!(
            got.session_token(),
            c["credentials"]["session_token"].as_str(),
            "{id}"
        );
        // Also through `verify`, and with the carried headers sent too.
        assert!(
            v.verify(&req, unix_time(expires - 1), lookup).is_ok(),
            "{id}"
        );
        let sent: Vec<(String, String)> = c["headers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| (h[0].as_str().unwrap().into(), h[1].as_str().unwrap().into()))
            .collect();
        let sent = str_pairs(&sent);
        let with_headers = Incoming::new(field(c, "method"), url, &sent);
        v.verify_presigned_v2(&with_headers, unix_time(expires), lookup)
            .unwrap_or_else(|e| panic!("{id} with headers: {e}"));
        let err = v
            .verify_presigned_v2(&req, unix_time(expires + 1), lookup)
            .unwrap_err();
        assert_eq!(err.s3_code(), Some(S3ErrorCode::AccessDenied), "{id}");
        assert!(err.to_string().contains("Request has expired"), "{err}");
        ok += 1;
    }
    eprintln!("{ok} botocore URLs verified, {departures} path-style bucket-level URLs rejected");
    assert_eq!(ok + departures, 84);
    assert!(ok >= 70);
}

/// A header case as a received request: botocore's URL (or, for client
/// cases, the URL its configuration gives), its headers plus the ones
/// botocore added.
fn header_request(c: &Value) -> (String, Vec<(String, String)>) {
    let url = match c["url"].as_str() {
        Some(u) => u.to_string(),
        None => {
            let path = field(c, "path");
            let q = field(c, "query");
            let target = match field(c, "config") {
                "us-east-1-virtual" => {
                    let rest = path.strip_prefix("/examplebucket").unwrap();
                    format!("https://examplebucket.s3.amazonaws.com{rest}")
                }
                "eu-west-1-path" => format!("https://s3.eu-west-1.amazonaws.com{path}"),
                other => panic!("config {other}"),
            };
            if q.is_empty() {
                target
            } else {
                format!("{target}?{q}")
            }
        }
    };
    let token = c["credentials"]["session_token"].as_str();
    let mut headers: Vec<(String, String)> = c["headers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| (h[0].as_str().unwrap().into(), h[1].as_str().unwrap().into()))
        .filter(|(n, _): &(String, String)| {
            let replaced = n.eq_ignore_ascii_case("date")
                || (token.is_some() && n.eq_ignore_ascii_case("x-amz-security-token"));
            !replaced
        })
        .collect();
    headers.push(("Date".into(), field(c, "date").into()));
    if let Some(t) = token {
        headers.push(("X-Amz-Security-Token".into(), t.into()));
    }
    headers.push(("Authorization".into(), field(c, "authorization").into()));
    (url, headers)
}

#[test]
fn botocore_header_requests_verify_within_the_skew_window() {
    let v = verifier();
    let mut n = 0;
    for c in corpus().iter().filter(|c| c["kind"] == "header") {
        let id = field(c, "id");
        let (url, headers) = header_request(c);
        let h = str_pairs(&headers);
        let req = Incoming::new(field(c, "method"), &url, &h);
        let t = c["time"].as_f64().unwrap().floor() as i64;
        let lookup = lookup_for(c);
        for now in [t, t - 900, t + 900] {
            let ok = v
                .verify_headers_v2(&req, unix_time(now), lookup)
                .unwrap_or_else(|e| panic!("{id} at {now}: {e}\n{url}\n{h:?}"));
            assert_eq!(ok.signed_at().unix(), t);
            assert_eq!(ok.expires_at(), None);
        }
        assert!(v.verify(&req, unix_time(t), lookup).is_ok(), "{id}");
        for now in [t - 901, t + 901] {
            assert_eq!(
                code(v.verify_headers_v2(&req, unix_time(now), lookup)),
                Some(S3ErrorCode::RequestTimeTooSkewed),
                "{id}"
            );
        }
        n += 1;
    }
    assert_eq!(n, 84);
}

fn doc_case(name: &str) -> Value {
    read_json(
        &data_dir()
            .join("sigv2-s3-docs")
            .join(name)
            .join("case.json"),
    )
}

fn doc_edition<'v>(c: &'v Value, prefix: &str) -> &'v Value {
    c["editions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["edition"].as_str().unwrap().starts_with(prefix))
        .unwrap()
}

fn doc_request(e: &Value) -> (String, String, Vec<(String, String)>, Vec<(String, String)>) {
    let r = &e["request"];
    let headers: Vec<(String, String)> = r["headers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| (h[0].as_str().unwrap().into(), h[1].as_str().unwrap().into()))
        .collect();
    let lookup = vec![(
        e["credentials"]["access_key_id"]
            .as_str()
            .unwrap()
            .to_string(),
        e["credentials"]["secret_access_key"]
            .as_str()
            .unwrap()
            .to_string(),
    )];
    (
        r["method"].as_str().unwrap().into(),
        r["request_uri"].as_str().unwrap().into(),
        headers,
        lookup,
    )
}

fn verify_doc(name: &str, ed: &str) -> Result<Verified, awssig::Error> {
    let c = doc_case(name);
    let e = doc_edition(&c, ed);
    let (method, target, mut headers, keys) = doc_request(e);
    if e["expected_authorization"].is_string() {
        headers.push((
            "Authorization".into(),
            e["expected_authorization"].as_str().unwrap().into(),
        ));
    }
    if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
        headers.push(("Host".into(), e["request"]["host"].as_str().unwrap().into()));
    }
    let h = str_pairs(&headers);
    let date = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("x-amz-date"))
        .or_else(|| headers.iter().find(|(n, _)| n.eq_ignore_ascii_case("date")));
    let now = match (date, e["expires"].as_i64()) {
        (_, Some(x)) => unix_time(x),
        // The page's time.
        (Some((_, d)), None) => unix_time(parse_http_date(d).0),
        _ => panic!("{name} {ed}: no time"),
    };
    let lookup = |id: &str| keys.iter().find(|(k, _)| k == id).map(|(_, s)| s.clone());
    // The 2020 object-get host is `bucket.us-west-1.s3.amazonaws.com`.
    let v = verifier().virtual_host_domain("us-west-1.s3.amazonaws.com");
    v.verify(&Incoming::new(&method, &target, &h), now, lookup)
}

#[test]
fn doc_examples_verify() {
    let mut n = 0;
    for name in [
        "object-get",
        "object-put",
        "list",
        "fetch-acl",
        "list-all-my-buckets",
        "unicode-keys",
        "upload-with-metadata",
    ] {
        for ed in ["2017", "2020", "legacy"] {
            verify_doc(name, ed).unwrap_or_else(|e| panic!("{name} {ed}: {e}"));
            n += 1;
        }
    }
    verify_doc("delete", "legacy").unwrap();
    for ed in ["2017", "legacy"] {
        let ok = verify_doc("query-string-auth", ed).unwrap();
        assert_eq!(ok.expires_at().unwrap().unix(), 1_175_139_620);
    }
    n += 3;
    assert_eq!(n, 24);
}

#[test]
fn doc_errata_are_rejected() {
    // DELETE 2017/2020: the printed form puts x-amz-date on the Date line.
    for ed in ["2017", "2020"] {
        assert_eq!(
            code(verify_doc("delete", ed)),
            Some(S3ErrorCode::SignatureDoesNotMatch),
            "delete {ed}"
        );
    }
    // Query 2020: the 2017 signature kept for a renamed bucket.
    assert_eq!(
        code(verify_doc("query-string-auth", "2020")),
        Some(S3ErrorCode::SignatureDoesNotMatch)
    );
}

#[test]
fn doc_query_example_expires() {
    let c = doc_case("query-string-auth");
    let e = doc_edition(&c, "2017");
    let (method, target, mut headers, keys) = doc_request(e);
    headers.push(("Host".into(), "johnsmith.s3.amazonaws.com".into()));
    let h = str_pairs(&headers);
    let lookup = |id: &str| keys.iter().find(|(k, _)| k == id).map(|(_, s)| s.clone());
    let req = Incoming::new(&method, &target, &h);
    assert!(verifier()
        .verify_presigned_v2(&req, unix_time(1_175_139_620), lookup)
        .is_ok());
    assert_eq!(
        code(verifier().verify_presigned_v2(&req, unix_time(1_175_139_621), lookup)),
        Some(S3ErrorCode::AccessDenied)
    );
}

const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

fn lookup(id: &str) -> Option<String> {
    (id == "AKIDEXAMPLE").then(|| SECRET.to_string())
}

fn creds(token: bool) -> Credentials {
    let c = Credentials::new("AKIDEXAMPLE", SECRET).unwrap();
    if token {
        c.with_session_token("FQoG+/tok=").unwrap()
    } else {
        c
    }
}

/// URLs the S3 API presigns with SigV2: (method, URL, headers to send).
fn crate_urls() -> Vec<(&'static str, String, Vec<(String, String)>)> {
    let t = unix_time(1_700_000_000);
    let mut out = Vec::new();
    let buckets = [
        Bucket::new("photos", "us-east-1").unwrap(),
        Bucket::new("photos", "eu-west-1")
            .unwrap()
            .addressing_style(AddressingStyle::Path)
            .unwrap(),
        Bucket::new("my.dotted", "eu-west-1").unwrap(),
        Bucket::with_endpoint(
            "media",
            "us-east-1",
            Endpoint::parse("http://127.0.0.1:9000").unwrap(),
        )
        .unwrap(),
        Bucket::with_endpoint(
            "media",
            "us-east-1",
            Endpoint::parse("http://rgw.example.com:7480").unwrap(),
        )
        .unwrap(),
    ];
    for (i, b) in buckets.into_iter().enumerate() {
        let b = b.signature_version(SignatureVersion::V2);
        let c = creds(i % 2 == 1);
        for key in [
            "k",
            "a b/c+d=e&f?.txt",
            "caf\u{e9}/\u{1f389}",
            "a//b/./../c",
            "/lead",
            "dir/",
            "",
        ] {
            let reqs = [
                ("GET", b.get(key)),
                (
                    "GET",
                    b.get(key)
                        .version_id("3/L+a")
                        .response_content_disposition("attachment; filename=\"r\u{e9}.pdf\""),
                ),
                (
                    "PUT",
                    b.put(key)
                        .content_type("text/plain")
                        .metadata("Owner", " me  too ")
                        .acl("private"),
                ),
                ("POST", b.request("POST", key).query("uploads", "")),
                (
                    "PUT",
                    b.put(key)
                        .upload_part("VXBs+/=", 7)
                        .content_md5("1B2M2Y8AsgTpgAmY+7AoTw=="),
                ),
                ("DELETE", b.delete(key)),
                ("GET", b.get(key).query("acl", "")),
                (
                    "GET",
                    b.get(key).query("list-type", "2").query("prefix", "a b/"),
                ),
            ];
            for (m, r) in reqs {
                let p = r.presign_detailed(&c, t, 3600).unwrap();
                out.push((m, p.url().to_string(), p.headers().to_vec()));
            }
        }
    }
    out
}

#[test]
fn round_trip_presigned_urls() {
    let v = Verifier::s3()
        .virtual_host_domain("s3.amazonaws.com")
        .virtual_host_domain("s3.eu-west-1.amazonaws.com")
        .virtual_host_domain("rgw.example.com");
    let urls = crate_urls();
    assert_eq!(urls.len(), 5 * 7 * 8);
    for (m, url, headers) in &urls {
        let m = *m;
        let none = Incoming::new(m, url, &[]);
        let ok = v
            .verify_presigned_v2(&none, unix_time(1_700_000_000), lookup)
            .unwrap_or_else(|e| panic!("{m} {url}: {e}"));
        assert_eq!(ok.access_key_id(), "AKIDEXAMPLE");
        let h = str_pairs(headers);
        v.verify(&Incoming::new(m, url, &h), unix_time(1_700_000_000), lookup)
            .unwrap_or_else(|e| panic!("{m} {url} with headers: {e}"));
        // Another method: rejected.
        let other = if m == "GET" { "HEAD" } else { "GET" };
        assert_eq!(
            code(v.verify_presigned_v2(
                &Incoming::new(other, url, &[]),
                unix_time(1_700_000_000),
                lookup
            )),
            Some(S3ErrorCode::SignatureDoesNotMatch),
            "{url}"
        );
    }
}

/// Header-signed requests the v2 signer makes, as received.
fn crate_header_requests() -> Vec<(String, String, Vec<(String, String)>)> {
    let t = unix_time(1_700_000_000);
    let mut out = Vec::new();
    let cases: [(&str, &str, &str, &[(&str, &str)]); 5] = [
        (
            "GET",
            "https://s3.amazonaws.com/b-1/k%20x",
            "/b-1/k%20x",
            &[],
        ),
        (
            "PUT",
            "https://b-1.s3.amazonaws.com/caf%C3%A9?uploadId=a%2Bb&partNumber=2",
            "/b-1/caf%C3%A9",
            &[
                ("Content-Type", "a/b"),
                ("Content-MD5", "1B2M2Y8AsgTpgAmY+7AoTw=="),
                ("x-amz-meta-a", " x  y "),
                ("X-Amz-Meta-A", "2"),
                ("Range", "bytes=0-1"),
            ],
        ),
        (
            "GET",
            "https://b-1.s3.amazonaws.com/?acl",
            "/b-1/",
            &[("User-Agent", "t")],
        ),
        (
            "DELETE",
            "http://static.example.net:8080/db.gz?versionId=v1",
            "/static.example.net/db.gz",
            &[("x-amz-mfa", "123 456")],
        ),
        (
            "GET",
            "http://127.0.0.1:9000/media/?list-type=2&prefix=a",
            "/media/",
            &[],
        ),
    ];
    for (i, (method, url, path, headers)) in cases.into_iter().enumerate() {
        let query = url.split_once('?').map(|(_, q)| q).unwrap_or("");
        for (which, format, token) in [
            (DateHeader::Date, DateFormat::Gmt, false),
            (DateHeader::XAmzDate, DateFormat::Gmt, true),
            (DateHeader::Date, DateFormat::NumericOffset, i % 2 == 0),
        ] {
            let signer = Signer::new(creds(token))
                .date_header(which)
                .date_format(format);
            let req = Request::new(method, path).raw_query(query).headers(headers);
            let signed = signer.sign_headers(&req, t).unwrap();
            let mut h: Vec<(String, String)> = headers
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect();
            h.extend(signed.iter().map(|(a, b)| (a.to_string(), b.to_string())));
            out.push((method.to_string(), url.to_string(), h));
        }
    }
    out
}

#[test]
fn round_trip_header_requests() {
    let v = Verifier::s3().virtual_host_domain("s3.amazonaws.com");
    for (m, url, h) in crate_header_requests() {
        let hr = str_pairs(&h);
        let ok = v
            .verify(
                &Incoming::new(&m, &url, &hr),
                unix_time(1_700_000_000),
                lookup,
            )
            .unwrap_or_else(|e| panic!("{m} {url} {hr:?}: {e}"));
        assert_eq!(ok.signed_at().unix(), 1_700_000_000);
        assert_eq!(ok.signature().len(), 20);
        let has_token = hr.iter().any(|(n, _)| *n == "x-amz-security-token");
        assert_eq!(ok.session_token().is_some(), has_token);
        // A changed unsigned header is fine; an added amz header is not.
        let mut more = hr.clone();
        more.push(("x-amz-meta-new", "1"));
        assert_eq!(
            code(v.verify(
                &Incoming::new(&m, &url, &more),
                unix_time(1_700_000_000),
                lookup
            )),
            Some(S3ErrorCode::SignatureDoesNotMatch)
        );
        let mut ua = hr.clone();
        ua.push(("User-Agent", "other"));
        assert!(v
            .verify(
                &Incoming::new(&m, &url, &ua),
                unix_time(1_700_000_000),
                lookup
            )
            .is_ok());
    }
}

#[test]
fn single_character_tampers_of_urls_are_rejected() {
    let v = Verifier::s3().virtual_host_domain("s3.amazonaws.com");
    let b = Bucket::new("photos", "us-east-1")
        .unwrap()
        .signature_version(SignatureVersion::V2);
    let url = b
        .put("a b/c.txt")
        .version_id("v+1")
        .content_type("text/plain")
        .metadata("k", "v")
        .presign(&creds(true), unix_time(1_700_000_000), 600)
        .unwrap();
    let now = unix_time(1_700_000_100);
    assert!(v
        .verify_presigned_v2(&Incoming::new("PUT", &url, &[]), now, lookup)
        .is_ok());
    // Everything after the origin: path and query.
    let start = "https://photos.s3.amazonaws.com".len();
    let mut checked = 0;
    for i in start..url.len() {
        for with in ['Z', '0'] {
            if url.as_bytes()[i] == with as u8 {
                continue;
            }
            let mut t = url.clone().into_bytes();
            t[i] = with as u8;
            let t = String::from_utf8(t).unwrap();
            let r = v.verify_presigned_v2(&Incoming::new("PUT", &t, &[]), now, lookup);
            assert!(r.is_err(), "tamper at {i} with {with:?} accepted: {t}");
            checked += 1;
        }
    }
    // The bucket in the host is signed too.
    let other = url.replace("https://photos.", "https://photoz.");
    assert!(v
        .verify_presigned_v2(&Incoming::new("PUT", &other, &[]), now, lookup)
        .is_err());
    assert!(checked > 300);
}

#[test]
fn single_character_tampers_of_headers_are_rejected() {
    let v = Verifier::s3().virtual_host_domain("s3.amazonaws.com");
    let signer = Signer::new(creds(true));
    let t = unix_time(1_700_000_000);
    let base = [("Content-Type", "text/plain"), ("x-amz-meta-a", "one two")];
    let signed = signer
        .sign_headers(
            &Request::new("PUT", "/b-1/k")
                .raw_query("acl")
                .headers(&base),
            t,
        )
        .unwrap();
    let mut headers: Vec<(String, String)> = base
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    headers.extend(signed.iter().map(|(a, b)| (a.to_string(), b.to_string())));
    let url = "https://b-1.s3.amazonaws.com/k?acl";
    let hr = str_pairs(&headers);
    assert!(v
        .verify_headers_v2(&Incoming::new("PUT", url, &hr), t, lookup)
        .is_ok());
    let mut n = 0;
    for (hi, (_, value)) in headers.iter().enumerate() {
        for i in 0..value.len() {
            let mut bytes = value.clone().into_bytes();
            bytes[i] = if bytes[i] == b'Z' { b'Y' } else { b'Z' };
            let tampered = String::from_utf8(bytes).unwrap();
            let mut h = hr.clone();
            h[hi].1 = &tampered;
            assert!(
                v.verify_headers_v2(&Incoming::new("PUT", url, &h), t, lookup)
                    .is_err(),
                "{:?} = {tampered:?}",
                h[hi].0
            );
            n += 1;
        }
    }
    for t2 in [
        "https://b-1.s3.amazonaws.com/K?acl",
        "https://b-1.s3.amazonaws.com/k?acL",
        "https://b-2.s3.amazonaws.com/k?acl",
        "https://b-1.s3.amazonaws.com/k",
    ] {
        assert!(
            v.verify_headers_v2(&Incoming::new("PUT", t2, &hr), t, lookup)
                .is_err(),
            "{t2}"
        );
    }
    assert!(v
        .verify_headers_v2(&Incoming::new("POST", url, &hr), t, lookup)
        .is_err());
    assert!(n >= 100, "{n}");
}

#[test]
fn malformed_presigned_urls_are_errors() {
    let v = Verifier::s3();
    let now = unix_time(1_000);
    let sig = "NpgCjnDzrM%2BWFzoENXmpNDUsSn8%3D";
    let cases: Vec<(String, S3ErrorCode)> = vec![
        (format!("/b/k?Signature={sig}&Expires=2000"), S3ErrorCode::AccessDenied),
        ("/b/k?AWSAccessKeyId=AKIDEXAMPLE&Expires=2000".to_string(), S3ErrorCode::AccessDenied),
        (format!("/b/k?AWSAccessKeyId=AKIDEXAMPLE&Signature={sig}"), S3ErrorCode::AccessDenied),
        (format!("/b/k?AWSAccessKeyId=AKIDEXAMPLE&Signature={sig}&Signature={sig}&Expires=2000"), S3ErrorCode::AuthorizationQueryParametersError),
        (format!("/b/k?AWSAccessKeyId=A&AWSAccessKeyId=AKIDEXAMPLE&Signature={sig}&Expires=2000"), S3ErrorCode::AuthorizationQueryParametersError),
        (format!("/b/k?AWSAccessKeyId=AKIDEXAMPLE&Signature={sig}&Expires=2000&Expires=2000"), S3ErrorCode::AuthorizationQueryParametersError),
        ("/b/k?AWSAccessKeyId=AKIDEXAMPLE&Signature=not-base64!!&Expires=2000".into(), S3ErrorCode::AuthorizationQueryParametersError),
        ("/b/k?AWSAccessKeyId=AKIDEXAMPLE&Signature=AAAA&Expires=2000".into(), S3ErrorCode::AuthorizationQueryParametersError),
        ("/b/k?AWSAccessKeyId=AKIDEXAMPLE&Signature=&Expires=2000".into(), S3ErrorCode::AuthorizationQueryParametersError),
        (format!("/b/k?AWSAccessKeyId=&Signature={sig}&Expires=2000"), S3ErrorCode::AuthorizationQueryParametersError),
        (format!("/b/k?AWSAccessKeyId=AKIDEXAMPLE&Signature={sig}&Expires=99999999999999999999999"), S3ErrorCode::AccessDenied),
        (format!("/b/k?AWSAccessKeyId=AKIDEXAMPLE&Signature={sig}&Expires=9223372036854775807"), S3ErrorCode::AccessDenied),
        (format!("/b/k?AWSAccessKeyId=AKIDEXAMPLE&Signature={sig}&Expires=18446744073709551616"), S3ErrorCode::AccessDenied),
        (format!("/b/k?AWSAccessKeyId=AKIDEXAMPLE&Signature={sig}&Expires=-1"), S3ErrorCode::AccessDenied),
        (format!("/b/k?AWSAccessKeyId=AKIDEXAMPLE&Signature={sig}&Expires=%2B5000"), S3ErrorCode::AccessDenied),
        (format!("/b/k?AWSAccessKeyId=AKIDEXAMPLE&Signature={sig}&Expires=1e9"), S3ErrorCode::AccessDenied),
        (format!("/b/k?AWSAccessKeyId=AKIDEXAMPLE&Signature={sig}&Expires="), S3ErrorCode::AccessDenied),
        (format!("/b/k?AWSAccessKeyId=AKIDEXAMPLE&Signature={sig}&Expires=999"), S3ErrorCode::AccessDenied),
        (format!("/b/k?AWSAccessKeyId=OTHER&Signature={sig}&Expires=2000"), S3ErrorCode::InvalidAccessKeyId),
        (format!("/b/k?AWSAccessKeyId=%FF&Signature={sig}&Expires=2000"), S3ErrorCode::AuthorizationQueryParametersError),
        (format!("/b/k?AWSAccessKeyId=AKIDEXAMPLE&Signature={sig}&Expires=2000"), S3ErrorCode::SignatureDoesNotMatch),
        (format!("/b/k?AWSAccessKeyId=AKIDEXAMPLE&Signature={sig}&Expires=2000&x-amz-meta-a=a%0Ab"), S3ErrorCode::InvalidArgument),
        (format!("/b/k?AWSAccessKeyId=AKIDEXAMPLE&Signature={sig}&Expires=2000&content-type=a&content-type=b"), S3ErrorCode::InvalidArgument),
        (format!("/b/k?AWSAccessKeyId=AKIDEXAMPLE&Signature={sig}&Expires=2000&x-amz-meta-a=1"), S3ErrorCode::SignatureDoesNotMatch),
    ];
    for (target, want) in &cases {
        let r = v.verify_presigned_v2(&Incoming::new("GET", target, &[]), now, lookup);
        assert_eq!(code(r), Some(*want), "{target}");
    }
    // A header that contradicts the value signed in the query.
    let b = Bucket::new("b-1", "us-east-1")
        .unwrap()
        .signature_version(SignatureVersion::V2);
    let url = b
        .put("k")
        .metadata("a", "1")
        .presign(&creds(false), unix_time(0), 60)
        .unwrap();
    let vv = Verifier::s3().virtual_host_domain("s3.amazonaws.com");
    assert!(vv
        .verify_presigned_v2(
            &Incoming::new("PUT", &url, &[("x-amz-meta-a", " 1 ")]),
            unix_time(0),
            lookup
        )
        .is_ok());
    assert_eq!(
        code(vv.verify_presigned_v2(
            &Incoming::new("PUT", &url, &[("x-amz-meta-a", "2")]),
            unix_time(0),
            lookup
        )),
        Some(S3ErrorCode::SignatureDoesNotMatch)
    );
}

#[test]
fn malformed_authorization_headers_are_errors() {
    let v = Verifier::s3();
    let now = unix_time(1_175_024_202);
    let date = ("Date", "Tue, 27 Mar 2007 19:36:42 GMT");
    let sig = "bWq2s1WEIj+Ydj0vQ697zp+IXMU=";
    let good = format!("AWS AKIDEXAMPLE:{sig}");
    let cases: Vec<(Vec<(&str, String)>, S3ErrorCode)> = vec![
        (vec![], S3ErrorCode::AccessDenied),
        (
            vec![
                ("Authorization", good.clone()),
                ("Authorization", good.clone()),
            ],
            S3ErrorCode::AccessDenied,
        ),
        (
            vec![("Authorization", "AWS".into())],
            S3ErrorCode::InvalidArgument,
        ),
        (
            vec![("Authorization", "AWS AKIDEXAMPLE".into())],
            S3ErrorCode::InvalidArgument,
        ),
        (
            vec![("Authorization", format!("AWS :{sig}"))],
            S3ErrorCode::InvalidArgument,
        ),
        (
            vec![("Authorization", "AWS AKIDEXAMPLE:".into())],
            S3ErrorCode::InvalidArgument,
        ),
        (
            vec![("Authorization", "AWS AKIDEXAMPLE:!!!!".into())],
            S3ErrorCode::InvalidArgument,
        ),
        (
            vec![("Authorization", format!("aws AKIDEXAMPLE:{sig}"))],
            S3ErrorCode::InvalidArgument,
        ),
        (
            vec![("Authorization", format!("AWS AKIDEXAMPLE:{sig}x"))],
            S3ErrorCode::InvalidArgument,
        ),
        (
            vec![("Authorization", good.clone())],
            S3ErrorCode::AccessDenied,
        ),
        (
            vec![
                ("Authorization", good.clone()),
                ("Date", "yesterday".into()),
            ],
            S3ErrorCode::AccessDenied,
        ),
        (
            vec![
                ("Authorization", good.clone()),
                ("Date", "Tue, 27 Mar 2007 19:36:42 EST".into()),
            ],
            S3ErrorCode::AccessDenied,
        ),
        (
            vec![
                ("Authorization", good.clone()),
                (date.0, date.1.into()),
                (date.0, date.1.into()),
            ],
            S3ErrorCode::AccessDenied,
        ),
        (
            vec![
                ("Authorization", good.clone()),
                ("x-amz-date", "x".into()),
                (date.0, date.1.into()),
            ],
            S3ErrorCode::AccessDenied,
        ),
        (
            vec![
                ("Authorization", good.clone()),
                (date.0, "Tue, 27 Mar 2007 20:36:42 GMT".into()),
            ],
            S3ErrorCode::RequestTimeTooSkewed,
        ),
        (
            vec![
                ("Authorization", format!("AWS OTHER:{sig}")),
                (date.0, date.1.into()),
            ],
            S3ErrorCode::InvalidAccessKeyId,
        ),
        (
            vec![
                ("Authorization", good.clone()),
                (date.0, date.1.into()),
                ("x-amz-meta-a", "a\nb".into()),
            ],
            S3ErrorCode::InvalidArgument,
        ),
        (
            vec![("Authorization", good.clone()), (date.0, date.1.into())],
            S3ErrorCode::SignatureDoesNotMatch,
        ),
    ];
    for (headers, want) in &cases {
        let h: Vec<(&str, &str)> = headers.iter().map(|(a, b)| (*a, b.as_str())).collect();
        let r = v.verify_headers_v2(&Incoming::new("GET", "/b/k", &h), now, lookup);
        assert_eq!(code(r), Some(*want), "{h:?}");
    }
}

#[test]
fn verify_dispatches_on_what_the_request_carries() {
    let v = Verifier::s3().virtual_host_domain("s3.amazonaws.com");
    let c = creds(false);
    let t = unix_time(1_700_000_000);
    let b4 = Bucket::new("b-1", "us-east-1").unwrap();
    let b2 = b4.clone().signature_version(SignatureVersion::V2);
    let u4 = b4.get("k").presign(&c, t, 60).unwrap();
    let u2 = b2.get("k").presign(&c, t, 60).unwrap();
    assert_eq!(
        v.verify(&Incoming::new("GET", &u4, &[]), t, lookup)
            .unwrap()
            .region(),
        "us-east-1"
    );
    assert_eq!(
        v.verify(&Incoming::new("GET", &u2, &[]), t, lookup)
            .unwrap()
            .region(),
        ""
    );
    let s4 =
        awssig::v4::Signer::new(c.clone(), awssig::v4::SigningSettings::s3("us-east-1")).unwrap();
    let host = [("host", "b-1.s3.amazonaws.com")];
    let signed = s4
        .sign_headers(
            &awssig::v4::Request::new("GET", "/k")
                .headers(&host)
                .payload(awssig::v4::Payload::Unsigned),
            t,
        )
        .unwrap();
    let mut h4: Vec<(&str, &str)> = host.to_vec();
    h4.extend(signed.iter());
    assert_eq!(
        v.verify(&Incoming::new("GET", "/k", &h4), t, lookup)
            .unwrap()
            .region(),
        "us-east-1"
    );
    let auth = [(
        "Authorization",
        "AWS AKIDEXAMPLE:bWq2s1WEIj+Ydj0vQ697zp+IXMU=",
    )];
    for (target, headers, want) in [
        (u2.as_str(), &auth[..], S3ErrorCode::InvalidArgument),
        (u4.as_str(), &auth[..], S3ErrorCode::InvalidArgument),
        (
            "/b-1/k?Signature=x&X-Amz-Signature=y",
            &[][..],
            S3ErrorCode::InvalidArgument,
        ),
        ("/b-1/k", &[][..], S3ErrorCode::AccessDenied),
        (
            "/b-1/k",
            &[("Authorization", "Bearer x")][..],
            S3ErrorCode::InvalidArgument,
        ),
    ] {
        assert_eq!(
            code(v.verify(&Incoming::new("GET", target, headers), t, lookup)),
            Some(want),
            "{target}"
        );
    }
}

#[test]
fn mutations_never_panic() {
    let v = verifier();
    let b = Bucket::new("photos", "us-east-1")
        .unwrap()
        .signature_version(SignatureVersion::V2);
    let url = b
        .put("a b")
        .metadata("x", "1")
        .presign(&creds(true), unix_time(1_700_000_000), 60)
        .unwrap();
    let bytes = url.as_bytes();
    let alphabet = b"%&=?+/ AZaz09\n\x7f#:;,.-_~";
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..3000 {
        let mut m = bytes.to_vec();
        for _ in 0..(next() % 4 + 1) {
            let i = (next() as usize) % m.len();
            match next() % 3 {
                0 => m[i] = alphabet[(next() as usize) % alphabet.len()],
                1 => {
                    m.remove(i);
                }
                _ => m.insert(i, alphabet[(next() as usize) % alphabet.len()]),
            }
            if m.is_empty() {
                m.push(b'/');
            }
        }
        let s = String::from_utf8_lossy(&m).into_owned();
        let _ = v.verify(
            &Incoming::new("PUT", &s, &[]),
            unix_time(1_700_000_000),
            lookup,
        );
        let h = [
            ("Authorization", s.as_str()),
            ("Date", "Tue, 14 Nov 2023 22:13:20 GMT"),
        ];
        let _ = v.verify(
            &Incoming::new("PUT", "/photos/a%20b", &h),
            unix_time(1_700_000_000),
            lookup,
        );
        let h = [
            (
                "Authorization",
                "AWS AKIDEXAMPLE:bWq2s1WEIj+Ydj0vQ697zp+IXMU=",
            ),
            ("Date", s.as_str()),
        ];
        let _ = v.verify(
            &Incoming::new("PUT", "/photos/a%20b", &h),
            unix_time(1_700_000_000),
            lookup,
        );
    }
}

/// Found by fuzzing: a query parameter the signature does not read (here a
/// value that decodes to bytes that are not UTF-8) made the verifier
/// reject a URL the signer had produced.
#[test]
fn unread_query_parameters_may_hold_any_bytes() {
    let signer = awssig::v2::Signer::new(awssig::Credentials::new("AKID", "secret").unwrap());
    let t = awssig::SigningTime::from_unix(1_000).unwrap();
    let q = signer
        .presign(
            &awssig::v2::Request::new("GET", "/b/k").raw_query("prefix=%8E%FF"),
            t,
            60,
        )
        .unwrap();
    let url = format!("/b/k?{q}");
    let lookup = |_: &str| Some("secret".to_string());
    awssig::verify::Verifier::s3()
        .verify_presigned_v2(&awssig::verify::Incoming::new("GET", &url, &[]), t, lookup)
        .unwrap();
}

/// SigV2 signs every `x-amz-*` header the request carries (its string to
/// sign lists them all, "CanonicalizedAmzHeaders"), so one added on the way
/// — here a canned ACL or a copy source — breaks the signature, for
/// presigned URLs and header-signed requests alike.
#[test]
fn an_added_x_amz_header_breaks_a_sigv2_signature() {
    let v = Verifier::s3().aws_s3_domains();
    let t = unix_time(1_700_000_000);
    let bucket = Bucket::new("photos", "us-east-1")
        .unwrap()
        .signature_version(SignatureVersion::V2);
    let url = bucket
        .put("cat.jpg")
        .content_type("image/jpeg")
        .presign(&creds(false), t, 60)
        .unwrap();
    let signer = Signer::new(creds(false));
    let sent = [("Content-Type", "image/jpeg")];
    let signed = signer
        .sign_headers(&Request::new("PUT", "/photos/cat.jpg").headers(&sent), t)
        .unwrap();
    let mut headers: Vec<(&str, &str)> = sent.to_vec();
    headers.extend(signed.iter());
    let host_target = "https://photos.s3.amazonaws.com/cat.jpg";
    // As signed: valid.
    v.verify(&Incoming::new("PUT", &url, &[]), t, lookup)
        .unwrap();
    v.verify(&Incoming::new("PUT", host_target, &headers), t, lookup)
        .unwrap();
    for added in [
        ("x-amz-acl", "public-read"),
        ("X-Amz-Acl", "public-read"),
        ("x-amz-copy-source", "/other/secret.txt"),
        ("x-amz-acl", ""),
    ] {
        assert_eq!(
            code(v.verify(&Incoming::new("PUT", &url, &[added]), t, lookup)),
            Some(S3ErrorCode::SignatureDoesNotMatch),
            "presigned URL + {added:?}"
        );
        let mut more = headers.clone();
        more.push(added);
        assert_eq!(
            code(v.verify(&Incoming::new("PUT", host_target, &more), t, lookup)),
            Some(S3ErrorCode::SignatureDoesNotMatch),
            "header-signed + {added:?}"
        );
    }
}

/// `Verifier::aws_s3_domains` recognises AWS's S3 hosts in any region and
/// form, so virtual-hosted SigV2 URLs verify without listing domains.
#[test]
fn aws_s3_domains_name_the_bucket_of_virtual_hosted_sigv2_urls() {
    let v = Verifier::s3().aws_s3_domains();
    let t = unix_time(1_700_000_000);
    let get = |region: &str, bucket: &str| {
        Bucket::new(bucket, region)
            .unwrap()
            .signature_version(SignatureVersion::V2)
            .get("a b.txt")
            .presign(&creds(true), t, 60)
            .unwrap()
    };
    for (region, aws_host, as_sent) in [
        ("us-east-1", "s3.amazonaws.com", "s3.amazonaws.com"),
        (
            "us-east-1",
            "s3.amazonaws.com",
            "s3.us-east-1.amazonaws.com",
        ),
        (
            "us-east-1",
            "s3.amazonaws.com",
            "s3-external-1.amazonaws.com",
        ),
        (
            "eu-west-1",
            "s3.eu-west-1.amazonaws.com",
            "s3.eu-west-1.amazonaws.com",
        ),
        (
            "eu-west-1",
            "s3.eu-west-1.amazonaws.com",
            "s3-eu-west-1.amazonaws.com",
        ),
        (
            "eu-west-1",
            "s3.eu-west-1.amazonaws.com",
            "s3.dualstack.eu-west-1.amazonaws.com",
        ),
        (
            "us-gov-west-1",
            "s3.us-gov-west-1.amazonaws.com",
            "s3-fips.us-gov-west-1.amazonaws.com",
        ),
        (
            "cn-north-1",
            "s3.cn-north-1.amazonaws.com.cn",
            "s3.cn-north-1.amazonaws.com.cn",
        ),
        (
            "cn-north-1",
            "s3.cn-north-1.amazonaws.com.cn",
            "s3.dualstack.cn-north-1.amazonaws.com.cn",
        ),
    ] {
        let url = get(region, "photos").replace(
            &format!("//photos.{aws_host}/"),
            &format!("//photos.{as_sent}/"),
        );
        assert!(url.contains(&format!("//photos.{as_sent}/")), "{url}");
        v.verify(&Incoming::new("GET", &url, &[]), t, lookup)
            .unwrap_or_else(|e| panic!("{url}: {e}"));
        // Path style on the same host is fine too.
        let path = Bucket::with_endpoint(
            "photos",
            region,
            Endpoint::parse(&format!("https://{as_sent}")).unwrap(),
        )
        .unwrap()
        .addressing_style(AddressingStyle::Path)
        .unwrap()
        .signature_version(SignatureVersion::V2)
        .get("a b.txt")
        .presign(&creds(true), t, 60)
        .unwrap();
        v.verify(&Incoming::new("GET", &path, &[]), t, lookup)
            .unwrap_or_else(|e| panic!("{path}: {e}"));
    }
    // A dotted bucket (http, where dots are allowed in the host).
    let dotted = Bucket::with_endpoint(
        "my.photos",
        "eu-west-1",
        Endpoint::parse("http://s3.eu-west-1.amazonaws.com").unwrap(),
    )
    .unwrap()
    .signature_version(SignatureVersion::V2)
    .get("k")
    .presign(&creds(false), t, 60)
    .unwrap();
    assert!(
        dotted.starts_with("http://my.photos.s3.eu-west-1.amazonaws.com/k?"),
        "{dotted}"
    );
    v.verify(&Incoming::new("GET", &dotted, &[]), t, lookup)
        .unwrap();
    // Explicit domains still work beside the AWS ones.
    let rgw = Bucket::with_endpoint(
        "media",
        "us-east-1",
        Endpoint::parse("http://rgw.example.com:7480").unwrap(),
    )
    .unwrap()
    .signature_version(SignatureVersion::V2)
    .get("k")
    .presign(&creds(false), t, 60)
    .unwrap();
    assert!(
        rgw.starts_with("http://media.rgw.example.com:7480/"),
        "{rgw}"
    );
    let req = Incoming::new("GET", &rgw, &[]);
    assert_eq!(
        code(v.verify(&req, t, lookup)),
        Some(S3ErrorCode::SignatureDoesNotMatch)
    );
    v.virtual_host_domain("rgw.example.com")
        .verify(&req, t, lookup)
        .unwrap();
}

/// A SigV2 request whose host looks virtual-hosted but matches no
/// configured domain fails as before (`SignatureDoesNotMatch`), with a
/// message that names the host and the setting to change.
#[test]
fn unmatched_virtual_host_is_named_in_the_sigv2_mismatch() {
    let t = unix_time(1_700_000_000);
    let url = Bucket::with_endpoint(
        "media",
        "us-east-1",
        Endpoint::parse("http://s3.example.test").unwrap(),
    )
    .unwrap()
    .signature_version(SignatureVersion::V2)
    .get("k")
    .presign(&creds(false), t, 60)
    .unwrap();
    assert!(url.starts_with("http://media.s3.example.test/k?"), "{url}");
    let req = Incoming::new("GET", &url, &[]);
    // No domains: checked as path style.
    let e = Verifier::s3().verify(&req, t, lookup).unwrap_err();
    assert_eq!(e.s3_code(), Some(S3ErrorCode::SignatureDoesNotMatch));
    let msg = e.to_string();
    assert!(
        msg.starts_with("The request signature we calculated does not match"),
        "{msg}"
    );
    assert!(
        msg.contains("\"media.s3.example.test\" looks virtual-hosted"),
        "{msg}"
    );
    assert!(msg.contains("virtual_host_domain"), "{msg}");
    // Domains that do not match: taken as a CNAME bucket.
    let e = Verifier::s3()
        .aws_s3_domains()
        .virtual_host_domain("other.example")
        .verify(&req, t, lookup)
        .unwrap_err();
    assert_eq!(e.s3_code(), Some(S3ErrorCode::SignatureDoesNotMatch));
    let msg = e.to_string();
    assert!(
        msg.contains("\"media.s3.example.test\" matches no configured domain"),
        "{msg}"
    );
    assert!(msg.contains("CNAME"), "{msg}");
    // The same for header-signed requests.
    let signed = Signer::new(creds(false))
        .sign_headers(&Request::new("GET", "/media/k"), t)
        .unwrap();
    let mut h: Vec<(&str, &str)> = signed.iter().collect();
    h.push(("Host", "media.s3.example.test"));
    let e = Verifier::s3()
        .verify(&Incoming::new("GET", "/k", &h), t, lookup)
        .unwrap_err();
    assert_eq!(e.s3_code(), Some(S3ErrorCode::SignatureDoesNotMatch));
    assert!(e.to_string().contains("looks virtual-hosted"), "{e}");
    // Hosts that cannot name a bucket under a domain get the plain message.
    for host in ["localhost:9000", "127.0.0.1:9000", "example.test", "[::1]"] {
        let mut h: Vec<(&str, &str)> = signed.iter().collect();
        h.push(("Host", host));
        let e = Verifier::s3()
            .verify(&Incoming::new("GET", "/k", &h), t, lookup)
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
            "{host}"
        );
    }
    // With the domain configured: valid.
    Verifier::s3()
        .virtual_host_domain("s3.example.test")
        .verify(&req, t, lookup)
        .unwrap();
    Verifier::s3()
        .virtual_host_domain("s3.example.test")
        .verify(
            &Incoming::new("GET", "/k", &{
                let mut h: Vec<(&str, &str)> = signed.iter().collect();
                h.push(("Host", "media.s3.example.test"));
                h
            }),
            t,
            lookup,
        )
        .unwrap();
}
