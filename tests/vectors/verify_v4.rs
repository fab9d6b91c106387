//! SigV4 verification: everything the crate signs verifies; every URL of the
//! botocore corpus and the AWS examples verifies at its signing time and
//! fails after expiry; every tamper and malformed input is rejected with
//! the S3 error code a server would send.

use crate::common::*;
use awssig::s3::{AddressingStyle, Bucket, Endpoint};
use awssig::v4::{Payload, Request, Signer, SigningSettings};
use awssig::verify::{Incoming, Verifier};
use awssig::{ErrorKind, S3ErrorCode, SigningTime};

/// [`example_lookup`], and also botocore's session-credential key id
/// (its corpus signs that one with the same secret).
fn lookup(id: &str) -> Option<String> {
    example_lookup(id)
        .or_else(|| (id == "ASIAIOSFODNN7EXAMPLE").then(|| EXAMPLE_SECRET.to_string()))
}

#[test]
fn botocore_corpus_urls_verify_at_signing_time_and_expire() {
    let corpus = read_json(&data_dir().join("botocore/presign-v4.json"));
    let cases = corpus["cases"].as_array().unwrap();
    let mut failures = Vec::new();
    for c in cases {
        let name = c["name"].as_str().unwrap();
        let url = c["url"].as_str().unwrap();
        let headers = json_pairs(&c["signed_headers"]);
        let h = str_pairs(&headers);
        let signed_at =
            SigningTime::from_amz_date(&iso_to_amz(c["time"].as_str().unwrap())).unwrap();
        let expires = c["expires_in"].as_i64().unwrap();
        let req = Incoming::new(c["method"].as_str().unwrap(), url, &h);
        let v = Verifier::s3();
        let secret = c["secret_access_key"].as_str().unwrap().to_string();
        let look = move |_: &str| Some(secret.clone());
        match v.verify_presigned(&req, signed_at, &look) {
            Ok(ok) => {
                if ok.session_token() != c["session_token"].as_str() {
                    failures.push(format!("case {name}: session token not reported"));
                }
            }
            Err(e) => failures.push(format!("case {name}: at signing time: {e}")),
        }
        if let Err(e) = v.verify_presigned(&req, unix_time(signed_at.unix() + expires), &look) {
            failures.push(format!("case {name}: at the last valid second: {e}"));
        }
        match v.verify_presigned(&req, unix_time(signed_at.unix() + expires + 1), &look) {
            Err(e) if e.s3_code() == Some(S3ErrorCode::AccessDenied) => {}
            other => failures.push(format!("case {name}: after expiry: {other:?}")),
        }
    }
    finish(failures, cases.len());
}

#[test]
fn s3_doc_examples_verify() {
    // The presigned doc URL.
    let c = read_json(&data_dir().join("s3-sigv4-docs/presigned-get-url/case.json"));
    let url = c["expected"]["url"].as_str().unwrap();
    let at = example_time();
    let ok = Verifier::s3()
        .verify_presigned(&Incoming::new("GET", url, &[]), at, lookup)
        .unwrap();
    assert_eq!(ok.signed_headers(), ["host"]);
    rejected(
        Verifier::s3().verify_presigned(
            &Incoming::new("GET", url, &[]),
            unix_time(at.unix() + 86_401),
            lookup,
        ),
        S3ErrorCode::AccessDenied,
    );
    // The header-signed doc requests, with their printed Authorization.
    for case in [
        "get-object-range",
        "put-object",
        "get-bucket-lifecycle",
        "list-objects",
    ] {
        let c = read_json(
            &data_dir()
                .join("s3-sigv4-docs")
                .join(case)
                .join("case.json"),
        );
        let r = &c["request"];
        let mut headers = json_pairs(&r["headers"]);
        headers.push((
            "Authorization".into(),
            c["expected"]["authorization_as_printed_in_doc"]
                .as_str()
                .unwrap()
                .into(),
        ));
        let h = str_pairs(&headers);
        let body = r["payload"].as_str().unwrap_or("").as_bytes().to_vec();
        let req = Incoming::new(
            r["method"].as_str().unwrap(),
            r["url"].as_str().unwrap(),
            &h,
        )
        .payload(Payload::Bytes(&body));
        let ok = Verifier::s3()
            .verify_headers(&req, at, lookup)
            .unwrap_or_else(|e| panic!("{case}: {e}"));
        assert_eq!(ok.signed_at(), at, "{case}");
        rejected(
            Verifier::s3().verify_headers(&req, unix_time(at.unix() + 901), lookup),
            S3ErrorCode::RequestTimeTooSkewed,
        );
        let other = b"not the body".to_vec();
        let req = Incoming::new(
            r["method"].as_str().unwrap(),
            r["url"].as_str().unwrap(),
            &h,
        )
        .payload(Payload::Bytes(&other));
        rejected(
            Verifier::s3().verify_headers(&req, at, lookup),
            S3ErrorCode::XAmzContentSHA256Mismatch,
        );
    }
}

#[test]
fn suite_header_and_query_requests_verify_for_other_services() {
    // The aws-c-auth suite's signed requests, verified with the generic
    // (non-S3) rules; the suite's own expected signatures are the input.
    let dir = data_dir().join("sigv4-aws-c-auth");
    let mut failures = Vec::new();
    let mut ran = 0;
    for case in case_dirs(&dir, |d| d.join("context.json").exists()) {
        let name = case.file_name().unwrap().to_string_lossy().to_string();
        let ctx = read_json(&case.join("context.json"));
        if ctx["omit_session_token"].as_bool() == Some(true)
            || ctx["sign_body"].as_bool() == Some(true)
        {
            // post-sts-header-after's token is unsigned on purpose, and the
            // sign_body cases sign the body the raw request file carries
            // after the headers: both are covered by the round-trip tests.
            continue;
        }
        let secret = ctx["credentials"]["secret_access_key"]
            .as_str()
            .unwrap()
            .to_string();
        let look = move |_: &str| Some(secret.clone());
        let at =
            SigningTime::from_amz_date(&iso_to_amz(ctx["timestamp"].as_str().unwrap())).unwrap();
        let v = Verifier::new("service")
            .region("us-east-1")
            .normalize_path(ctx["normalize"].as_bool().unwrap());
        for mode in ["header", "query"] {
            let raw = RawRequest::parse(&read(&case.join(format!("{mode}-signed-request.txt"))));
            let headers = raw.header_refs();
            let target = match &raw.query {
                Some(q) => format!("{}?{}", raw.path, q),
                None => raw.path.clone(),
            };
            let req = Incoming::new(&raw.method, &target, &headers);
            let r = if mode == "header" {
                v.verify_headers(&req, at, &look)
            } else {
                v.verify_presigned(&req, at, &look)
            };
            ran += 1;
            if let Err(e) = r {
                failures.push(format!("case {name}, {mode} mode: {e}"));
            }
        }
    }
    finish(failures, ran);
}

fn round_trip_buckets() -> Vec<Bucket> {
    vec![
        Bucket::new("b-1", "us-east-1").unwrap(),
        Bucket::new("my.bucket", "eu-west-1").unwrap(),
        Bucket::with_endpoint(
            "media",
            "us-east-1",
            Endpoint::parse("http://127.0.0.1:9000").unwrap(),
        )
        .unwrap(),
        Bucket::with_endpoint(
            "p",
            "auto",
            Endpoint::parse("https://h.example.com:9443/prefix").unwrap(),
        )
        .unwrap()
        .addressing_style(AddressingStyle::Path)
        .unwrap(),
    ]
}

#[test]
fn everything_the_crate_presigns_verifies() {
    let keys = [
        "k",
        "a b/c+d",
        "e\u{301}/☃/🎉",
        "a//b/./c/../d",
        "/lead",
        "~!*'()=&?#%:@,;$",
    ];
    for b in round_trip_buckets() {
        for key in keys {
            for with_token in [false, true] {
                let c = if with_token {
                    example_creds().with_session_token("tok/+=").unwrap()
                } else {
                    example_creds()
                };
                let p = b
                    .put(key)
                    .content_type("text/plain")
                    .response_content_disposition("attachment; filename=\"résumé.pdf\"")
                    .presign_detailed(&c, unix_time(1_700_000_000), 300)
                    .unwrap();
                let headers = str_pairs(p.headers());
                let ok = Verifier::s3()
                    .region(b.region())
                    .verify_presigned(
                        &Incoming::new("PUT", p.url(), &headers),
                        unix_time(1_700_000_100),
                        lookup,
                    )
                    .unwrap_or_else(|e| panic!("{} {key:?}: {e}\n{}", b.name(), p.url()));
                assert_eq!(ok.signature(), &hex_decode(p.signature())[..]);
                assert_eq!(ok.session_token().is_some(), with_token);
                // Another Content-Type than the signed one is rejected.
                let wrong = [("content-type", "text/html")];
                rejected(
                    Verifier::s3().verify_presigned(
                        &Incoming::new("PUT", p.url(), &wrong),
                        unix_time(1_700_000_100),
                        lookup,
                    ),
                    S3ErrorCode::SignatureDoesNotMatch,
                );
            }
        }
    }
}

fn hex_decode(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

#[test]
fn everything_the_crate_header_signs_verifies() {
    let signer = Signer::new(
        example_creds().with_session_token("tok").unwrap(),
        SigningSettings::s3("us-east-1"),
    )
    .unwrap();
    let at = unix_time(1_700_000_000);
    for (payload, body) in [
        (Payload::Bytes(b"hello"), Some(&b"hello"[..])),
        (Payload::Unsigned, None),
        (Payload::Empty, Some(&b""[..])),
    ] {
        let base = [
            ("Host", "b-1.s3.amazonaws.com"),
            ("Content-Type", "text/plain"),
            ("X-Amz-Meta-A", "  x   y "),
        ];
        let req = Request::new("PUT", "/a%20b")
            .raw_query("x-id=PutObject")
            .headers(&base)
            .payload(payload);
        let signed = signer.sign_headers(&req, at).unwrap();
        let mut headers = base.to_vec();
        headers.extend(signed.iter());
        let mut incoming = Incoming::new("PUT", "/a%20b?x-id=PutObject", &headers);
        if let Some(b) = body {
            incoming = incoming.payload(Payload::Bytes(b));
        }
        let ok = Verifier::s3()
            .verify_headers(&incoming, unix_time(at.unix() - 899), lookup)
            .unwrap();
        assert_eq!(ok.session_token(), Some("tok"));
        rejected(
            Verifier::s3().verify_headers(&incoming, unix_time(at.unix() + 901), lookup),
            S3ErrorCode::RequestTimeTooSkewed,
        );
        // A changed body is a mismatch when the hash was signed.
        if matches!(payload, Payload::Bytes(_)) {
            let other = Incoming::new("PUT", "/a%20b?x-id=PutObject", &headers)
                .payload(Payload::Bytes(b"hellO"));
            rejected(
                Verifier::s3().verify_headers(&other, at, lookup),
                S3ErrorCode::XAmzContentSHA256Mismatch,
            );
        }
        // Any changed header value, path or query breaks the signature.
        for (i, _) in headers.iter().enumerate() {
            if headers[i].0 == "authorization"
                || headers[i].0 == "x-amz-content-sha256"
                || headers[i].0 == "x-amz-date"
            {
                continue;
            }
            let mut h2 = headers.clone();
            let changed = format!("{}x", h2[i].1);
            h2[i].1 = &changed;
            let r = Verifier::s3().verify_headers(
                &Incoming::new("PUT", "/a%20b?x-id=PutObject", &h2),
                at,
                lookup,
            );
            rejected(r, S3ErrorCode::SignatureDoesNotMatch);
        }
        for target in ["/a%20c?x-id=PutObject", "/a%20b?x-id=GetObject", "/a%20b"] {
            rejected(
                Verifier::s3().verify_headers(&Incoming::new("PUT", target, &headers), at, lookup),
                S3ErrorCode::SignatureDoesNotMatch,
            );
        }
        rejected(
            Verifier::s3().verify_headers(
                &Incoming::new("POST", "/a%20b?x-id=PutObject", &headers),
                at,
                lookup,
            ),
            S3ErrorCode::SignatureDoesNotMatch,
        );
    }
}

fn good_url() -> String {
    Bucket::new("b-1", "us-east-1")
        .unwrap()
        .get("photos/cat.jpg")
        .version_id("v1")
        .presign(&example_creds(), unix_time(1_700_000_000), 600)
        .unwrap()
}

#[test]
fn any_single_character_change_of_a_signed_part_is_rejected() {
    let url = good_url();
    let v = Verifier::s3();
    assert!(v
        .verify_presigned(
            &Incoming::new("GET", &url, &[]),
            unix_time(1_700_000_001),
            lookup
        )
        .is_ok());
    let query_start = url.find('?').unwrap();
    let path_start = "https://b-1.s3.amazonaws.com".len();
    let mut tested = 0;
    for i in path_start..url.len() {
        let c = url.as_bytes()[i];
        if !c.is_ascii_alphanumeric() {
            continue; // keep the URL's structure; change values only
        }
        let repl = if c == b'a' {
            'b'
        } else if c.is_ascii_digit() {
            if c == b'9' {
                '0'
            } else {
                (c + 1) as char
            }
        } else {
            'a'
        };
        let mut tampered = url.clone();
        tampered.replace_range(i..i + 1, &repl.to_string());
        let r = v.verify_presigned(
            &Incoming::new("GET", &tampered, &[]),
            unix_time(1_700_000_001),
            lookup,
        );
        tested += 1;
        match r {
            Ok(_) => panic!(
                "accepted a change at byte {i} ({}): {tampered}",
                if i > query_start { "query" } else { "path" }
            ),
            Err(e) => assert_eq!(e.kind(), ErrorKind::Rejected, "{e}"),
        }
    }
    assert!(tested > 200, "{tested}");
    // The host is signed too.
    let other_host = [("host", "b-2.s3.amazonaws.com")];
    rejected(
        v.verify_presigned(
            &Incoming::new("GET", &url, &other_host),
            unix_time(1_700_000_001),
            lookup,
        ),
        S3ErrorCode::SignatureDoesNotMatch,
    );
}

#[test]
fn expiry_window() {
    let url = good_url();
    let v = Verifier::s3();
    let req = Incoming::new("GET", &url, &[]);
    assert!(v
        .verify_presigned(&req, unix_time(1_700_000_600), lookup)
        .is_ok());
    let msg = rejected(
        v.verify_presigned(&req, unix_time(1_700_000_601), lookup),
        S3ErrorCode::AccessDenied,
    )
    .to_string();
    assert!(msg.contains("Request has expired"), "{msg}");
    assert!(v
        .verify_presigned(&req, unix_time(1_700_000_000 - 900), lookup)
        .is_ok());
    let msg = rejected(
        v.verify_presigned(&req, unix_time(1_700_000_000 - 901), lookup),
        S3ErrorCode::AccessDenied,
    )
    .to_string();
    assert!(msg.contains("Request is not yet valid"), "{msg}");
}

#[test]
fn malformed_presigned_urls_are_errors_not_panics() {
    let url = good_url();
    let v = Verifier::s3();
    let at = unix_time(1_700_000_001);
    let cases: Vec<(String, S3ErrorCode)> = vec![
        (
            url.replace("X-Amz-Signature=", "X-Amz-Signature=zz"),
            S3ErrorCode::AuthorizationQueryParametersError,
        ),
        (
            url.replace("&X-Amz-Signature=", "&X-Amz-Signature=00&X-Amz-Signature="),
            S3ErrorCode::AuthorizationQueryParametersError,
        ),
        (
            url.replace("&X-Amz-Date=", "&X-Amz-Date=2&X-Amz-Date="),
            S3ErrorCode::AuthorizationQueryParametersError,
        ),
        (
            url.replace("X-Amz-Algorithm=AWS4-HMAC-SHA256&", ""),
            S3ErrorCode::AuthorizationQueryParametersError,
        ),
        (
            url.replace(
                "X-Amz-Algorithm=AWS4-HMAC-SHA256",
                "X-Amz-Algorithm=AWS4-HMAC-SHA512",
            ),
            S3ErrorCode::AuthorizationQueryParametersError,
        ),
        (
            url.replace("%2Faws4_request", ""),
            S3ErrorCode::AuthorizationQueryParametersError,
        ),
        (
            url.replace(
                "X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20231114",
                "X-Amz-Credential=%2F20231114",
            ),
            S3ErrorCode::AuthorizationQueryParametersError,
        ),
        (
            url.replace("X-Amz-Expires=600", "X-Amz-Expires=604801"),
            S3ErrorCode::AuthorizationQueryParametersError,
        ),
        (
            url.replace("X-Amz-Expires=600", "X-Amz-Expires=99999999999999999999999"),
            S3ErrorCode::AuthorizationQueryParametersError,
        ),
        (
            url.replace("X-Amz-Expires=600", "X-Amz-Expires=-1"),
            S3ErrorCode::AuthorizationQueryParametersError,
        ),
        (
            url.replace("X-Amz-Date=20231114T221320Z", "X-Amz-Date=20231114"),
            S3ErrorCode::AuthorizationQueryParametersError,
        ),
        (
            url.replace("X-Amz-Date=20231114T221320Z", "X-Amz-Date=20231115T221320Z"),
            S3ErrorCode::AuthorizationQueryParametersError,
        ),
        (
            url.replace("X-Amz-SignedHeaders=host", "X-Amz-SignedHeaders=range"),
            S3ErrorCode::AuthorizationQueryParametersError,
        ),
        (
            url.replace(
                "X-Amz-SignedHeaders=host",
                "X-Amz-SignedHeaders=host%3Brange",
            ),
            S3ErrorCode::SignatureDoesNotMatch,
        ),
        (
            url.replace("%2Fs3%2F", "%2Fs4%2F"),
            S3ErrorCode::AuthorizationQueryParametersError,
        ),
        (
            url.replace("AKIAIOSFODNN7EXAMPLE", "AKIAUNKNOWN"),
            S3ErrorCode::InvalidAccessKeyId,
        ),
        (
            url.replace("X-Amz-Credential=AKIA", "X-Amz-Credential=%FFAKIA"),
            S3ErrorCode::AuthorizationQueryParametersError,
        ),
    ];
    for (u, code) in cases {
        if u == url {
            panic!("test case did not change the URL");
        }
        rejected(
            v.verify_presigned(&Incoming::new("GET", &u, &[]), at, lookup),
            code,
        );
    }
    rejected(
        v.verify_presigned(
            &Incoming::new("GET", "/k?X-Amz-Credential=%FF%FE", &[]),
            at,
            lookup,
        ),
        S3ErrorCode::AuthorizationQueryParametersError,
    );
    // A region the verifier does not serve.
    rejected(
        Verifier::s3().region("eu-west-1").verify_presigned(
            &Incoming::new("GET", &url, &[]),
            at,
            lookup,
        ),
        S3ErrorCode::AuthorizationQueryParametersError,
    );
}

#[test]
fn malformed_authorization_headers_are_errors_not_panics() {
    let at = unix_time(1_700_000_000);
    let date = at.amz_date().to_string();
    let good_cred = format!(
        "Credential={EXAMPLE_KEY_ID}/{}/us-east-1/s3/aws4_request",
        at.date()
    );
    for (auth, code) in [
        (
            "AWS4-HMAC-SHA256".to_string(),
            S3ErrorCode::AuthorizationHeaderMalformed,
        ),
        (
            "AWS AKID:sig".to_string(),
            S3ErrorCode::AuthorizationHeaderMalformed,
        ),
        (
            format!("AWS4-HMAC-SHA256 {good_cred}, SignedHeaders=host;x-amz-date"),
            S3ErrorCode::AuthorizationHeaderMalformed,
        ),
        (
            format!("AWS4-HMAC-SHA256 {good_cred}, SignedHeaders=host;x-amz-date, Signature=abc"),
            S3ErrorCode::AuthorizationHeaderMalformed,
        ),
        (
            format!(
                "AWS4-HMAC-SHA256 {good_cred}, {good_cred}, SignedHeaders=host, Signature={}",
                "0".repeat(64)
            ),
            S3ErrorCode::AuthorizationHeaderMalformed,
        ),
        (
            format!(
                "AWS4-HMAC-SHA256 Credential=x, SignedHeaders=host;x-amz-date, Signature={}",
                "0".repeat(64)
            ),
            S3ErrorCode::AuthorizationHeaderMalformed,
        ),
        (
            format!(
                "AWS4-HMAC-SHA256 {good_cred}, SignedHeaders=host, Signature={}",
                "0".repeat(64)
            ),
            S3ErrorCode::AuthorizationHeaderMalformed,
        ),
        (
            format!(
                "AWS4-HMAC-SHA256 {good_cred}, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature={}",
                "0".repeat(64)
            ),
            S3ErrorCode::SignatureDoesNotMatch,
        ),
    ] {
        let headers = [
            ("host", "b-1.s3.amazonaws.com"),
            ("x-amz-date", date.as_str()),
            ("x-amz-content-sha256", "UNSIGNED-PAYLOAD"),
            ("authorization", auth.as_str()),
        ];
        rejected(
            Verifier::s3().verify_headers(&Incoming::new("GET", "/k", &headers), at, lookup),
            code,
        );
    }
    let no_date = [("host", "b"), ("authorization", "AWS4-HMAC-SHA256 Credential=a/20230101/r/s3/aws4_request, SignedHeaders=host, Signature=00")];
    rejected(
        Verifier::s3().verify_headers(&Incoming::new("GET", "/k", &no_date), at, lookup),
        S3ErrorCode::AuthorizationHeaderMalformed,
    );
    rejected(
        Verifier::s3().verify_headers(&Incoming::new("GET", "/k", &[("host", "b")]), at, lookup),
        S3ErrorCode::AccessDenied,
    );
}

#[test]
fn verified_debug_hides_the_token() {
    let c = example_creds().with_session_token("SECRETTOKEN").unwrap();
    let url = Bucket::new("b-1", "us-east-1")
        .unwrap()
        .get("k")
        .presign(&c, unix_time(0), 60)
        .unwrap();
    let ok = Verifier::s3()
        .verify_presigned(&Incoming::new("GET", &url, &[]), unix_time(1), lookup)
        .unwrap();
    assert!(!format!("{ok:?}").contains("SECRETTOKEN"));
}

/// Found by the fuzzer: a header name such as `x*y` (a valid HTTP token) was
/// written unencoded in the canonical `X-Amz-SignedHeaders` value, which
/// the spec encodes like every query value.
#[test]
fn signed_header_names_are_encoded_in_the_canonical_query() {
    let signer = Signer::new(example_creds(), SigningSettings::s3("us-east-1")).unwrap();
    let h = [("host", "b-1.s3.amazonaws.com"), ("x*y", "v")];
    let req = Request::new("GET", "/k")
        .headers(&h)
        .payload(Payload::Unsigned);
    let steps = signer.presign_steps(&req, unix_time(0), 60).unwrap();
    assert!(
        steps
            .canonical_request
            .contains("&X-Amz-SignedHeaders=host%3Bx%2Ay\n"),
        "{}",
        steps.canonical_request
    );
    let q = signer.presign(&req, unix_time(0), 60).unwrap();
    assert!(
        q.as_str().contains("&X-Amz-SignedHeaders=host%3Bx%2Ay&"),
        "{q}"
    );
    let url = format!("https://b-1.s3.amazonaws.com/k?{q}");
    let sent = [("x*y", "v")];
    Verifier::s3()
        .verify_presigned(&Incoming::new("GET", &url, &sent), unix_time(1), lookup)
        .unwrap();
}
