//! What the verifier refuses besides a wrong signature: `x-amz-*` headers
//! the signature does not cover (S3's `AccessDenied` with
//! `<HeadersNotSigned>`), S3's codes for missing headers, and the server's
//! own policy (signature age, headers that must be signed, regions,
//! services, debug texts).

use crate::common::*;
use awssig::s3::Bucket;
use awssig::v4::{Payload, Request, Signer, SigningSettings};
use awssig::verify::{Incoming, Verifier};
use awssig::S3ErrorCode;

const HOST: &str = "jli.s3.amazonaws.com";

const SIGNED_AT: i64 = 1_704_067_200; // 2024-01-01T00:00:00Z

/// The example: `awssig presign s3://jli/upload.bin --method PUT`.
fn presigned_put() -> String {
    Bucket::new("jli", "us-east-1")
        .unwrap()
        .put("upload.bin")
        .presign(&example_creds(), unix_time(SIGNED_AT), 3600)
        .unwrap()
}

/// A header-signed S3 PUT with `extra` headers signed too; returns the
/// request's headers (the signed ones and the signature's own).
fn header_signed_put(extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let signer = Signer::new(example_creds(), SigningSettings::s3("us-east-1")).unwrap();
    let mut headers: Vec<(&str, &str)> = vec![("host", HOST)];
    headers.extend_from_slice(extra);
    let signed = signer
        .sign_headers(
            &Request::new("PUT", "/upload.bin")
                .headers(&headers)
                .payload(Payload::Unsigned),
            unix_time(SIGNED_AT),
        )
        .unwrap();
    let mut all: Vec<(String, String)> = headers
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
    all.extend(signed.iter().map(|(n, v)| (n.to_string(), v.to_string())));
    all
}

#[test]
fn presigned_put_with_unsigned_copy_source_and_acl_is_access_denied() {
    let url = presigned_put();
    let now = unix_time(SIGNED_AT + 1);
    // Control: the request as signed verifies.
    Verifier::s3()
        .verify(&Incoming::new("PUT", &url, &[]), now, example_lookup)
        .unwrap();
    let headers = [
        ("x-amz-copy-source", "secrets/passwords.txt"),
        ("x-amz-acl", "public-read"),
    ];
    let req = Incoming::new("PUT", &url, &headers);
    for r in [
        Verifier::s3().verify(&req, now, example_lookup),
        Verifier::s3().verify_presigned(&req, now, example_lookup),
    ] {
        let e = rejected(r, S3ErrorCode::AccessDenied);
        assert_eq!(e.headers_not_signed(), ["x-amz-copy-source", "x-amz-acl"]);
        assert!(
            e.to_string()
                .starts_with("There were headers present in the request which were not signed"),
            "{e}"
        );
        assert_eq!(e.s3_code().unwrap().http_status(), 403);
    }
}

#[test]
fn unsigned_header_names_match_any_case_and_are_listed_once_lowercase() {
    let url = presigned_put();
    let headers = [
        ("X-Amz-Meta-Owner", "a"),
        ("x-amz-meta-owner", "b"),
        ("X-AMZ-TAGGING", "k=v"),
    ];
    let e = rejected(
        Verifier::s3().verify(
            &Incoming::new("PUT", &url, &headers),
            unix_time(SIGNED_AT),
            example_lookup,
        ),
        S3ErrorCode::AccessDenied,
    );
    assert_eq!(
        e.headers_not_signed(),
        ["x-amz-meta-owner", "x-amz-tagging"]
    );
}

#[test]
fn x_amzn_headers_and_other_headers_are_not_x_amz_headers() {
    let url = presigned_put();
    let headers = [
        (
            "x-amzn-trace-id",
            "Root=1-5759e988-bd862e3fe1be46a994272793",
        ),
        ("x-amz", "not a prefix match"),
        ("content-type", "application/octet-stream"),
        ("user-agent", "curl/8"),
    ];
    Verifier::s3()
        .verify(
            &Incoming::new("PUT", &url, &headers),
            unix_time(SIGNED_AT),
            example_lookup,
        )
        .unwrap();
}

#[test]
fn presigned_url_may_carry_x_amz_content_sha256_unsigned() {
    // The one exemption S3 makes for presigned URLs (doc in verify/policy.rs).
    let url = presigned_put();
    let headers = [("x-amz-content-sha256", "UNSIGNED-PAYLOAD")];
    Verifier::s3()
        .verify(
            &Incoming::new("PUT", &url, &headers),
            unix_time(SIGNED_AT),
            example_lookup,
        )
        .unwrap();
}

#[test]
fn presigned_url_that_signed_an_x_amz_header_accepts_it() {
    let url = Bucket::new("jli", "us-east-1")
        .unwrap()
        .put("upload.bin")
        .header("x-amz-acl", "private")
        .presign(&example_creds(), unix_time(SIGNED_AT), 3600)
        .unwrap();
    let ok = Verifier::s3()
        .verify(
            &Incoming::new("PUT", &url, &[("X-Amz-Acl", "private")]),
            unix_time(SIGNED_AT),
            example_lookup,
        )
        .unwrap();
    assert_eq!(ok.signed_headers(), ["host", "x-amz-acl"]);
    // Another x-amz-* header beside the signed one is still refused.
    let e = rejected(
        Verifier::s3().verify(
            &Incoming::new(
                "PUT",
                &url,
                &[("x-amz-acl", "private"), ("x-amz-grant-read", "id=x")],
            ),
            unix_time(SIGNED_AT),
            example_lookup,
        ),
        S3ErrorCode::AccessDenied,
    );
    assert_eq!(e.headers_not_signed(), ["x-amz-grant-read"]);
}

#[test]
fn header_signed_request_with_an_added_x_amz_header_is_access_denied() {
    let mut headers = header_signed_put(&[("x-amz-meta-a", "1")]);
    let v = Verifier::s3();
    v.verify(
        &Incoming::new("PUT", "/upload.bin", &str_pairs(&headers)),
        unix_time(SIGNED_AT),
        example_lookup,
    )
    .unwrap();
    headers.push(("x-amz-copy-source".into(), "other/key".into()));
    headers.push(("x-amz-security-token".into(), "stolen".into()));
    let e = rejected(
        v.verify(
            &Incoming::new("PUT", "/upload.bin", &str_pairs(&headers)),
            unix_time(SIGNED_AT),
            example_lookup,
        ),
        S3ErrorCode::AccessDenied,
    );
    assert_eq!(
        e.headers_not_signed(),
        ["x-amz-copy-source", "x-amz-security-token"]
    );
}

#[test]
fn x_amz_content_sha256_need_not_be_listed_but_its_value_is_signed() {
    // S3's one exemption (doc of verify/policy.rs): the header is the
    // payload line of the canonical request whether or not it is listed.
    let headers = header_signed_put(&[]);
    let mut h = str_pairs(&headers);
    let auth = h.iter().position(|(n, _)| *n == "authorization").unwrap();
    let stripped = h[auth].1.replace(";x-amz-content-sha256", "");
    assert_ne!(stripped, h[auth].1);
    h[auth].1 = &stripped;
    // The signature was over a list with it: a mismatch, not HeadersNotSigned.
    let e = rejected(
        Verifier::s3().verify(
            &Incoming::new("PUT", "/upload.bin", &h),
            unix_time(SIGNED_AT),
            example_lookup,
        ),
        S3ErrorCode::SignatureDoesNotMatch,
    );
    assert!(e.headers_not_signed().is_empty());
    // A presigned URL with an unsigned digest there: S3 signs that digest
    // as the payload line, so the signature no longer matches.
    let url = presigned_put();
    let digest = [(
        "x-amz-content-sha256",
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    )];
    rejected(
        Verifier::s3().verify(
            &Incoming::new("PUT", &url, &digest),
            unix_time(SIGNED_AT),
            example_lookup,
        ),
        S3ErrorCode::SignatureDoesNotMatch,
    );
}

#[test]
fn header_signed_s3_request_without_x_amz_content_sha256_is_invalid_request() {
    // S3: 400 InvalidRequest "Missing required header for this request:
    // x-amz-content-sha256" (not MissingSecurityHeader).
    let signer = Signer::new(example_creds(), SigningSettings::new("s3", "us-east-1")).unwrap();
    let host = [("host", HOST)];
    let signed = signer
        .sign_headers(
            &Request::new("GET", "/k").headers(&host),
            unix_time(SIGNED_AT),
        )
        .unwrap();
    let mut headers: Vec<(&str, &str)> = host.to_vec();
    headers.extend(signed.iter());
    assert!(!headers.iter().any(|(n, _)| *n == "x-amz-content-sha256"));
    let e = rejected(
        Verifier::s3().verify(
            &Incoming::new("GET", "/k", &headers),
            unix_time(SIGNED_AT),
            example_lookup,
        ),
        S3ErrorCode::InvalidRequest,
    );
    assert_eq!(
        e.to_string(),
        "Missing required header for this request: x-amz-content-sha256"
    );
    assert_eq!(S3ErrorCode::InvalidRequest.http_status(), 400);
}

#[test]
fn max_signature_age_cuts_a_long_presigned_url_and_a_header_signature() {
    let url = Bucket::new("jli", "us-east-1")
        .unwrap()
        .get("k")
        .presign(&example_creds(), unix_time(SIGNED_AT), 604_800)
        .unwrap();
    let v = Verifier::s3().max_signature_age(600);
    let req = Incoming::new("GET", &url, &[]);
    v.verify(&req, unix_time(SIGNED_AT + 600), example_lookup)
        .unwrap();
    let e = rejected(
        v.verify(&req, unix_time(SIGNED_AT + 601), example_lookup),
        S3ErrorCode::AccessDenied,
    );
    assert!(e.to_string().contains("601 s old"), "{e}");
    // Without the policy the URL is good for its week.
    Verifier::s3()
        .verify(&req, unix_time(SIGNED_AT + 604_800), example_lookup)
        .unwrap();

    let headers = header_signed_put(&[]);
    let h = str_pairs(&headers);
    let v = Verifier::s3().max_signature_age(60);
    let req = Incoming::new("PUT", "/upload.bin", &h);
    v.verify(&req, unix_time(SIGNED_AT + 60), example_lookup)
        .unwrap();
    rejected(
        v.verify(&req, unix_time(SIGNED_AT + 61), example_lookup),
        S3ErrorCode::AccessDenied,
    );
    // A signature from the near future (within the skew) has no age.
    v.verify(&req, unix_time(SIGNED_AT - 30), example_lookup)
        .unwrap();
}

#[test]
fn required_signed_headers_are_enforced_per_method_and_by_prefix() {
    let v = Verifier::s3()
        .require_signed_header("PUT", "Content-Length")
        .require_signed_header("*", "x-amz-checksum-*");
    let get = Bucket::new("jli", "us-east-1")
        .unwrap()
        .get("k")
        .header("x-amz-checksum-mode", "ENABLED")
        .presign(&example_creds(), unix_time(SIGNED_AT), 60)
        .unwrap();
    let ok = v
        .verify(
            &Incoming::new("GET", &get, &[("x-amz-checksum-mode", "ENABLED")]),
            unix_time(SIGNED_AT),
            example_lookup,
        )
        .unwrap();
    assert_eq!(ok.signed_headers(), ["host", "x-amz-checksum-mode"]);

    let put = presigned_put();
    let e = rejected(
        v.verify(
            &Incoming::new("PUT", &put, &[]),
            unix_time(SIGNED_AT),
            example_lookup,
        ),
        S3ErrorCode::AccessDenied,
    );
    assert!(e.to_string().contains("content-length"), "{e}");

    let pinned = Bucket::new("jli", "us-east-1")
        .unwrap()
        .put("upload.bin")
        .header("content-length", "5")
        .header("x-amz-checksum-crc32", "NhCmhg==")
        .presign(&example_creds(), unix_time(SIGNED_AT), 60)
        .unwrap();
    let headers = [
        ("content-length", "5"),
        ("x-amz-checksum-crc32", "NhCmhg=="),
    ];
    v.verify(
        &Incoming::new("PUT", &pinned, &headers),
        unix_time(SIGNED_AT),
        example_lookup,
    )
    .unwrap();
}

#[test]
fn regions_and_services_accept_only_what_is_listed() {
    let url = Bucket::new("jli", "eu-west-1")
        .unwrap()
        .get("k")
        .presign(&example_creds(), unix_time(SIGNED_AT), 60)
        .unwrap();
    let req = Incoming::new("GET", &url, &[]);
    let now = unix_time(SIGNED_AT);
    Verifier::s3().verify(&req, now, example_lookup).unwrap();
    Verifier::s3()
        .regions(["us-east-1", "eu-west-1"])
        .verify(&req, now, example_lookup)
        .unwrap();
    let e = rejected(
        Verifier::s3()
            .regions(["us-east-1", "us-west-2"])
            .verify(&req, now, example_lookup),
        S3ErrorCode::AuthorizationQueryParametersError,
    );
    assert!(
        e.to_string()
            .contains("Error parsing the X-Amz-Credential parameter; the region 'eu-west-1' is wrong; expecting 'us-east-1' or 'us-west-2'"),
        "{e}"
    );
    // `region` replaces the list.
    rejected(
        Verifier::s3()
            .regions(["eu-west-1"])
            .region("us-east-1")
            .verify(&req, now, example_lookup),
        S3ErrorCode::AuthorizationQueryParametersError,
    );
    rejected(
        Verifier::new("execute-api").verify(&req, now, example_lookup),
        S3ErrorCode::AuthorizationQueryParametersError,
    );
}

#[test]
fn debug_mode_carries_the_canonical_request_and_string_to_sign() {
    let signer = Signer::new(example_creds(), SigningSettings::s3("us-east-1")).unwrap();
    let host = [("host", HOST)];
    let req = Request::new("GET", "/k")
        .headers(&host)
        .payload(Payload::Unsigned);
    let steps = signer
        .presign_steps(&req, unix_time(SIGNED_AT), 60)
        .unwrap();
    let q = signer.presign(&req, unix_time(SIGNED_AT), 60).unwrap();
    let url = format!("https://{HOST}/k?{}", q.as_str());
    // A client with the wrong secret: the server's texts are the signer's.
    let wrong = |_: &str| Some("not the secret".to_string());
    let incoming = Incoming::new("GET", &url, &[]);
    let e = rejected(
        Verifier::s3()
            .debug(true)
            .verify(&incoming, unix_time(SIGNED_AT), wrong),
        S3ErrorCode::SignatureDoesNotMatch,
    );
    // The server drops X-Amz-Signature from the query it canonicalizes, as
    // the signer never had it.
    assert_eq!(
        e.canonical_request(),
        Some(steps.canonical_request.as_str())
    );
    assert_eq!(e.string_to_sign(), Some(steps.string_to_sign.as_str()));
    // Off by default.
    let e = rejected(
        Verifier::s3().verify(&incoming, unix_time(SIGNED_AT), wrong),
        S3ErrorCode::SignatureDoesNotMatch,
    );
    assert_eq!((e.canonical_request(), e.string_to_sign()), (None, None));
}
