//! Browser POST: the AWS documentation examples through the public
//! `awssig::post` API.
//!
//! * `s3-sigv4-docs/post-policy` (S3 API Reference, "Example: Browser-Based
//!   Upload using HTTP POST"): its base64 policy is the base64 of its
//!   policy bytes (CRLF line ends, hand indented), and signing those bytes
//!   reproduces its signature exactly. Our writer emits one-line
//!   Python-style JSON, so the bytes differ; the typed policy written in the
//!   doc's condition order is shown to be the same JSON value.
//! * `sigv2-s3-docs/post-file-upload` and `post-textarea-upload` (S3
//!   developer guide, SigV2 browser POST), with the two documented errata:
//!   the first signature verifies only with the legacy example secret
//!   (`uV3F…`), not the credentials the page lists; the second is a typo
//!   (not canonical base64) that verifies with no secret.

use crate::common::*;
use awssig::post::{self, Condition, ExpirationFormat, Policy};
use awssig::s3::Bucket;
use awssig::{Credentials, SigningTime};
use base64::Engine;
use serde_json::Value;

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;
const LEGACY_AKID: &str = "0PN5J17HBGZHT7JJ3X82";
const LEGACY_SECRET: &str = "uV3F3YluFJax1cknvbcGwgjvx4QpvB+leU8dUj2o";

fn s(v: &Value) -> &str {
    v.as_str()
        .unwrap_or_else(|| panic!("expected a string, got {v}"))
}

fn sigv4_case() -> Value {
    read_json(&data_dir().join("s3-sigv4-docs/post-policy/case.json"))
}

fn sigv2_edition(name: &str) -> Value {
    let c = read_json(&data_dir().join(format!("sigv2-s3-docs/{name}/case.json")));
    c["editions"][0].clone()
}

fn doc_creds(c: &Value) -> Credentials {
    Credentials::new(
        s(&c["credentials"]["access_key_id"]),
        s(&c["credentials"]["secret_access_key"]),
    )
    .unwrap()
}

#[test]
fn sigv4_doc_policy_base64_is_the_policy_bytes() {
    let c = sigv4_case();
    let json = s(&c["policy_json"]);
    assert!(json.contains("\r\n"), "the doc policy has CRLF line ends");
    assert_eq!(
        B64.encode(json.as_bytes()),
        s(&c["expected"]["policy_base64"])
    );
    // The string to sign is the base64 policy itself.
    assert_eq!(
        s(&c["expected"]["string_to_sign"]),
        s(&c["expected"]["policy_base64"])
    );
}

#[test]
fn sigv4_doc_signature_reproduced() {
    let c = sigv4_case();
    let time = SigningTime::from_amz_date(s(&c["datetime"])).unwrap();
    let sig = post::signature_v4(
        &doc_creds(&c),
        s(&c["region"]),
        time,
        s(&c["expected"]["policy_base64"]),
    )
    .unwrap();
    assert_eq!(sig, s(&c["expected"]["signature"]));
    assert_eq!(
        sig,
        "8afdbf4008c03f22c2cd3cdb72e4afbb1f6a588f3255ac628749a66d7f09699e"
    );
}

/// The doc's conditions, in the doc's order, as typed conditions.
fn sigv4_doc_policy() -> Policy {
    Policy::new(SigningTime::from_amz_date("20151230T120000Z").unwrap())
        .condition(Condition::exact("bucket", "sigv4examplebucket"))
        .condition(Condition::starts_with("$key", "user/user1/"))
        .condition(Condition::exact("acl", "public-read"))
        .condition(Condition::exact(
            "success_action_redirect",
            "http://sigv4examplebucket.s3.amazonaws.com/successful_upload.html",
        ))
        .condition(Condition::starts_with("$Content-Type", "image/"))
        .condition(Condition::exact("x-amz-meta-uuid", "14365123651274"))
        .condition(Condition::exact("x-amz-server-side-encryption", "AES256"))
        .condition(Condition::starts_with("$x-amz-meta-tag", ""))
        .condition(Condition::exact(
            "x-amz-credential",
            "AKIAIOSFODNN7EXAMPLE/20151229/us-east-1/s3/aws4_request",
        ))
        .condition(Condition::exact("x-amz-algorithm", "AWS4-HMAC-SHA256"))
        .condition(Condition::exact("x-amz-date", "20151229T000000Z"))
}

#[test]
fn sigv4_doc_policy_from_typed_conditions_is_semantically_equal() {
    let c = sigv4_case();
    let ours = sigv4_doc_policy().to_json().unwrap();
    let doc: Value = serde_json::from_str(s(&c["policy_json"])).unwrap();
    let mine: Value = serde_json::from_str(&ours).unwrap();
    // Same expiration (with milliseconds, our default), same conditions in
    // the same order.
    assert_eq!(mine, doc);
    assert_eq!(mine["expiration"], "2015-12-30T12:00:00.000Z");
    // The bytes differ only in layout: the doc is hand indented with CRLF
    // (and one `"20151229T000000Z" }` with a space); ours is one line.
    assert_ne!(ours, s(&c["policy_json"]));
    let squeeze = |t: &str| t.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    assert_eq!(squeeze(&ours), squeeze(s(&c["policy_json"])));
    // Signed through the same path, our bytes give our own (valid) signature.
    let time = SigningTime::from_amz_date("20151229T000000Z").unwrap();
    let sig = post::signature_v4(&doc_creds(&c), "us-east-1", time, &B64.encode(&ours)).unwrap();
    assert_eq!(sig.len(), 64);
    assert_ne!(sig, s(&c["expected"]["signature"]));
}

#[test]
fn sigv4_doc_inputs_through_the_bucket_builder() {
    // The doc's form, built by the crate: same field values and the same
    // set of conditions; our order is botocore's (user conditions, bucket,
    // key, auth), not the doc's hand-picked one.
    let c = sigv4_case();
    let bucket = Bucket::new("sigv4examplebucket", "us-east-1").unwrap();
    let time = SigningTime::from_amz_date("20151229T000000Z").unwrap();
    let form = bucket
        .post_policy("user/user1/${filename}")
        .expires_in(36 * 3600)
        .acl("public-read")
        .success_action_redirect(
            "http://sigv4examplebucket.s3.amazonaws.com/successful_upload.html",
        )
        .field("Content-Type", "image/jpeg")
        .condition(Condition::starts_with("$Content-Type", "image/"))
        .metadata("uuid", "14365123651274")
        .field_exact("x-amz-server-side-encryption", "AES256")
        .field("x-amz-meta-tag", "")
        .condition(Condition::starts_with("$x-amz-meta-tag", ""))
        .sign_v4(&doc_creds(&c), time)
        .unwrap();
    assert_eq!(form.url(), "https://sigv4examplebucket.s3.amazonaws.com/");
    // Every field of the doc's form, compared case-insensitively by name
    // (the doc writes `X-Amz-Credential`, `Policy`; S3 does not care).
    for pair in c["form_fields"].as_array().unwrap() {
        let (name, value) = (s(&pair[0]), s(&pair[1]));
        let ours = form
            .fields()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .unwrap_or_else(|| panic!("field {name} missing"));
        if !value.starts_with('<') {
            assert_eq!(ours.1, value, "field {name}");
        }
    }
    let doc: Value = serde_json::from_str(s(&c["policy_json"])).unwrap();
    let mine: Value = serde_json::from_str(form.policy_json()).unwrap();
    assert_eq!(mine["expiration"], doc["expiration"]);
    let mut a: Vec<String> = doc["conditions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.to_string())
        .collect();
    let mut b: Vec<String> = mine["conditions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.to_string())
        .collect();
    a.sort();
    b.sort();
    assert_eq!(a, b);
}

#[test]
fn sigv2_file_upload_verifies_with_the_legacy_secret_only() {
    let e = sigv2_edition("post-file-upload");
    let b64 = s(&e["policy_base64"]);
    let json = s(&e["policy_json"]);
    assert_eq!(B64.encode(json.as_bytes()), b64);
    assert_eq!(s(&e["expected_string_to_sign"]), b64);
    let want = s(&e["expected_signature"]);
    assert_eq!(want, "0RavWzkygo6QX9caELEqKi9kDbU=");
    // Erratum 1: the page lists AKIAIOSFODNN7EXAMPLE / wJalr…, but its
    // signature was made with the legacy example secret.
    let listed = Credentials::new(
        s(&e["credentials_listed_on_page"]["access_key_id"]),
        s(&e["credentials_listed_on_page"]["secret_access_key"]),
    )
    .unwrap();
    assert_ne!(post::signature_v2(&listed, b64), want);
    let legacy = Credentials::new(LEGACY_AKID, LEGACY_SECRET).unwrap();
    assert_eq!(post::signature_v2(&legacy, b64), want);
}

#[test]
fn sigv2_textarea_upload_signature_is_a_typo() {
    let e = sigv2_edition("post-textarea-upload");
    let b64 = s(&e["policy_base64"]);
    assert_eq!(B64.encode(s(&e["policy_json"]).as_bytes()), b64);
    let printed = s(&e["expected_signature"]);
    assert_eq!(printed, "qA7FWXKq6VvU68lI9KdveT1cWgF=");
    // Erratum 2: not canonical base64 for 20 bytes (the last character
    // carries non-zero padding bits), so no HMAC-SHA1 can produce it.
    assert!(B64.decode(printed).is_err());
    let legacy = post::signature_v2(&Credentials::new(LEGACY_AKID, LEGACY_SECRET).unwrap(), b64);
    let listed = post::signature_v2(&example_creds(), b64);
    assert_ne!(legacy, printed);
    assert_ne!(listed, printed);
    // With the legacy secret, ours differs from the printed value only in
    // the last character before the padding: the typo.
    assert_eq!(legacy[..26], printed[..26]);
    assert_eq!(legacy.len(), printed.len());
    assert!(B64.decode(&legacy).is_ok());
}

/// The two SigV2 doc policies, from typed conditions in the doc's order:
/// the same JSON value (the doc's bytes are hand indented with LF).
#[test]
fn sigv2_doc_policies_from_typed_conditions() {
    let exp = SigningTime::from_amz_date("20071201T120000Z").unwrap();
    let base = |redirect: &str, content_type: Condition| {
        Policy::new(exp)
            .condition(Condition::exact("bucket", "johnsmith"))
            .condition(Condition::starts_with("$key", "user/eric/"))
            .condition(Condition::exact("acl", "public-read"))
            .condition(Condition::exact("success_action_redirect", redirect))
            .condition(content_type)
            .condition(Condition::exact("x-amz-meta-uuid", "14365123651274"))
            .condition(Condition::starts_with("$x-amz-meta-tag", ""))
    };
    let cases = [
        (
            "post-file-upload",
            base(
                "http://johnsmith.s3.amazonaws.com/successful_upload.html",
                Condition::starts_with("$Content-Type", "image/"),
            ),
        ),
        (
            "post-textarea-upload",
            base(
                "http://johnsmith.s3.amazonaws.com/new_post.html",
                Condition::eq("$Content-Type", "text/html"),
            ),
        ),
    ];
    for (name, policy) in cases {
        let e = sigv2_edition(name);
        let doc: Value = serde_json::from_str(s(&e["policy_json"])).unwrap();
        let mine: Value = serde_json::from_str(&policy.to_json().unwrap()).unwrap();
        assert_eq!(mine, doc, "{name}");
    }
}

#[test]
fn expiration_formats() {
    let t = SigningTime::from_amz_date("20151230T120000Z").unwrap();
    assert_eq!(Policy::new(t).expiration_text(), "2015-12-30T12:00:00.000Z");
    assert_eq!(
        Policy::new(t)
            .expiration_format(ExpirationFormat::Seconds)
            .expiration_text(),
        "2015-12-30T12:00:00Z"
    );
}
