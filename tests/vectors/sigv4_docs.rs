//! Worked examples from the AWS documentation: the IAM ListUsers example,
//! the signing-key derivation example, and the S3 SigV4 examples run
//! through the S3 settings (single encoding, no normalization).
//! Data: tests/data/sigv4-general-reference-docs, sigv4-signing-key-derivation,
//! s3-sigv4-docs (AWS documentation; provenance in tests/data/VECTORS-README.md).

use crate::common::*;
use awssig::v4::{Payload, Request, Signer, SigningKey, SigningSettings};
use awssig::SigningTime;

/// Signs a doc case in header mode and checks each step it publishes.
fn header_case(
    group: &str,
    case: &str,
    settings: SigningSettings,
    failures: &mut Vec<String>,
) -> usize {
    let c = read_json(&data_dir().join(group).join(case).join("case.json"));
    let r = &c["request"];
    let headers = json_pairs(&r["headers"]);
    let query = json_pairs(&r["query"]);
    let (h, q) = (str_pairs(&headers), str_pairs(&query));
    let body = r["payload"].as_str().unwrap_or("").as_bytes().to_vec();
    let req = Request::new(r["method"].as_str().unwrap(), r["path"].as_str().unwrap())
        .headers(&h)
        .query_pairs(&q)
        .payload(Payload::Bytes(&body));
    let time = SigningTime::from_amz_date(c["datetime"].as_str().unwrap()).unwrap();
    let signer = Signer::new(json_creds(&c["credentials"]), settings).unwrap();
    let steps = signer.sign_headers_steps(&req, time).unwrap();
    let signed = signer.sign_headers(&req, time).unwrap();
    let e = &c["expected"];
    check(
        case,
        "canonical request",
        &steps.canonical_request,
        e["canonical_request"].as_str().unwrap(),
        failures,
    );
    check(
        case,
        "string to sign",
        &steps.string_to_sign,
        e["string_to_sign"].as_str().unwrap(),
        failures,
    );
    check(
        case,
        "signature",
        signed.signature(),
        e["signature"].as_str().unwrap(),
        failures,
    );
    if let Some(a) = e["authorization"].as_str() {
        check(case, "Authorization", signed.authorization(), a, failures);
    }
    if let Some(a) = e["authorization_as_printed_in_doc"].as_str() {
        // The S3 docs print the Authorization value without a space after
        // each comma; SDKs (and this crate) write ", ". Same value otherwise.
        check(
            case,
            "Authorization (doc spacing)",
            &signed.authorization().replace(", ", ","),
            a,
            failures,
        );
    }
    4
}

#[test]
fn iam_list_users_worked_example() {
    let mut failures = Vec::new();
    let ran = header_case(
        "sigv4-general-reference-docs",
        "iam-listusers",
        SigningSettings::new("iam", "us-east-1"),
        &mut failures,
    );
    finish(failures, ran);
}

#[test]
fn signing_key_derivation_example_every_intermediate_key() {
    let c = read_json(
        &data_dir().join("sigv4-signing-key-derivation/iam-20120215-us-east-1/case.json"),
    );
    let i = &c["inputs"];
    let (secret, date, region, service) = (
        i["secret_access_key"].as_str().unwrap(),
        i["date"].as_str().unwrap(),
        i["region"].as_str().unwrap(),
        i["service"].as_str().unwrap(),
    );
    let e = &c["expected"];
    // kSecret is the HMAC key of kDate: "AWS4" + secret, printed as hex.
    let k_secret: String = format!("AWS4{secret}")
        .bytes()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(k_secret, e["kSecret_hex"].as_str().unwrap(), "kSecret");
    let [k_date, k_region, k_service, k_signing] =
        SigningKey::derive_steps(secret, date, region, service);
    assert_eq!(k_date.to_hex(), e["kDate_hex"].as_str().unwrap(), "kDate");
    assert_eq!(
        k_region.to_hex(),
        e["kRegion_hex"].as_str().unwrap(),
        "kRegion"
    );
    assert_eq!(
        k_service.to_hex(),
        e["kService_hex"].as_str().unwrap(),
        "kService"
    );
    assert_eq!(
        k_signing.to_hex(),
        e["kSigning_hex"].as_str().unwrap(),
        "kSigning"
    );
    assert_eq!(SigningKey::derive(secret, date, region, service), k_signing);
}

#[test]
fn s3_get_object_range_signs_range_header() {
    let mut f = Vec::new();
    let ran = header_case(
        "s3-sigv4-docs",
        "get-object-range",
        SigningSettings::s3("us-east-1"),
        &mut f,
    );
    finish(f, ran);
}

#[test]
fn s3_put_object_encodes_dollar_once_and_hashes_body() {
    let mut f = Vec::new();
    let ran = header_case(
        "s3-sigv4-docs",
        "put-object",
        SigningSettings::s3("us-east-1"),
        &mut f,
    );
    finish(f, ran);
}

#[test]
fn s3_get_bucket_lifecycle_bare_subresource_is_name_equals() {
    let mut f = Vec::new();
    let ran = header_case(
        "s3-sigv4-docs",
        "get-bucket-lifecycle",
        SigningSettings::s3("us-east-1"),
        &mut f,
    );
    finish(f, ran);
}

#[test]
fn s3_list_objects_query_sorted() {
    let mut f = Vec::new();
    let ran = header_case(
        "s3-sigv4-docs",
        "list-objects",
        SigningSettings::s3("us-east-1"),
        &mut f,
    );
    finish(f, ran);
}

#[test]
fn s3_presigned_get_url_doc_example() {
    let c = read_json(&data_dir().join("s3-sigv4-docs/presigned-get-url/case.json"));
    let r = &c["request"];
    let headers = json_pairs(&r["headers"]);
    let h = str_pairs(&headers);
    let req = Request::new("GET", r["path"].as_str().unwrap())
        .headers(&h)
        .payload(Payload::Unsigned);
    let time = SigningTime::from_amz_date(c["datetime"].as_str().unwrap()).unwrap();
    let signer = Signer::new(
        json_creds(&c["credentials"]),
        SigningSettings::s3("us-east-1"),
    )
    .unwrap();
    let expires = c["expires_seconds"].as_u64().unwrap();
    let steps = signer.presign_steps(&req, time, expires).unwrap();
    let q = signer.presign(&req, time, expires).unwrap();
    let e = &c["expected"];
    let mut f = Vec::new();
    let case = "presigned-get-url";
    check(
        case,
        "canonical request",
        &steps.canonical_request,
        e["canonical_request"].as_str().unwrap(),
        &mut f,
    );
    check(
        case,
        "string to sign",
        &steps.string_to_sign,
        e["string_to_sign"].as_str().unwrap(),
        &mut f,
    );
    check(
        case,
        "signature",
        q.signature(),
        e["signature"].as_str().unwrap(),
        &mut f,
    );
    let url = format!(
        "https://{}{}?{}",
        r["host"].as_str().unwrap(),
        r["path"].as_str().unwrap(),
        q
    );
    check(case, "url", &url, e["url"].as_str().unwrap(), &mut f);
    finish(f, 4);
}

#[test]
fn signing_key_cache_matches_fresh_derivation_and_separates_inputs() {
    let cache = awssig::v4::SigningKeyCache::new();
    let base = ("secret", "20240101", "us-east-1", "s3");
    let fresh = SigningKey::derive(base.0, base.1, base.2, base.3);
    assert_eq!(cache.get(base.0, base.1, base.2, base.3), fresh);
    // Served from the cache now: still the same key.
    assert_eq!(cache.get(base.0, base.1, base.2, base.3), fresh);
    for (s, d, r, v) in [
        ("secreT", base.1, base.2, base.3),
        (base.0, "20240102", base.2, base.3),
        (base.0, base.1, "us-east-2", base.3),
        (base.0, base.1, base.2, "iam"),
    ] {
        let k = cache.get(s, d, r, v);
        assert_eq!(k, SigningKey::derive(s, d, r, v), "{s} {d} {r} {v}");
        assert_ne!(k, fresh, "{s} {d} {r} {v} must not reuse the cached key");
        // And back: the original inputs get the original key again.
        assert_eq!(cache.get(base.0, base.1, base.2, base.3), fresh);
    }
    // A walk where each step changes one input from the last (the entry
    // is rewritten in place each time): the secret kept across days, then
    // shorter, longer, and equal in length but different.
    let mut last = None;
    for (s, d) in [
        ("secret", "20240103"),
        ("secret", "20240104"),
        ("sec", "20240104"),
        ("a-much-longer-secret-than-before", "20240104"),
        ("a-much-longer-secret-than-befor3", "20240104"),
        ("a-much-longer-secret-than-befor3", "20240105"),
    ] {
        let k = cache.get(s, d, base.2, base.3);
        assert_eq!(k, SigningKey::derive(s, d, base.2, base.3), "{s} {d}");
        assert_ne!(Some(&k), last.as_ref(), "{s} {d}");
        last = Some(k);
    }
}
