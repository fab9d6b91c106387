//! Browser POST verification (`Verifier::verify_post`):
//!
//! * every form the crate signs verifies (SigV4 and SigV2, with and
//!   without a session token, `${filename}`, every condition type), and
//!   stops verifying after its expiration;
//! * every form of the botocore POST corpus (tests/data/botocore/post.json)
//!   and the S3 SigV4 POST documentation example verify at their signing
//!   time and fail after their expiration;
//! * a form that breaks each condition type is rejected with S3's code and
//!   wording; so are tampered policies and signatures, unknown keys,
//!   uncovered fields and files outside `content-length-range`;
//! * malformed input (bad base64, non-JSON, deep nesting, huge numbers,
//!   missing fields, …) is an error, never a panic.

use crate::common::*;
use awssig::post::{self, Condition};
use awssig::s3::{Bucket, SignatureVersion};
use awssig::verify::{IncomingPost, VerifiedPost, Verifier};
use awssig::{Error, ErrorKind, S3ErrorCode, SigningTime};
use base64::Engine;
use serde_json::Value;

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;
const T0: i64 = 1_700_000_000;

fn verify(
    bucket: &str,
    fields: &[(&str, &str)],
    len: u64,
    filename: Option<&str>,
    now: i64,
) -> Result<VerifiedPost, Error> {
    let mut post = IncomingPost::new(bucket, fields, len);
    if let Some(f) = filename {
        post = post.filename(f);
    }
    Verifier::s3().verify_post(&post, unix_time(now), example_lookup)
}

#[track_caller]
fn assert_code(r: Result<VerifiedPost, Error>, code: S3ErrorCode) -> Error {
    match r {
        Ok(v) => panic!("expected {code}, verified {v:?}"),
        Err(e) => {
            assert_eq!(e.kind(), ErrorKind::Rejected, "{e}");
            assert_eq!(e.s3_code(), Some(code), "{e}");
            e
        }
    }
}

fn set(fields: &mut [(&str, &str)], name: &str, value: &'static str) {
    let slot = fields.iter_mut().find(|(n, _)| *n == name).unwrap();
    slot.1 = value;
}

fn bucket() -> Bucket {
    Bucket::new("uploads", "eu-west-1").unwrap()
}

/// A form with every kind of condition the crate writes.
fn rich_form(v4: bool, token: bool) -> post::PostForm {
    let mut c = example_creds();
    if token {
        c = c
            .with_session_token("FQoGZXIvYXdzEXAMPLE//token+=")
            .unwrap();
    }
    let b = bucket();
    let p = b
        .post_policy("users/42/${filename}")
        .expires_in(600)
        .content_length_range(10, 1000)
        .acl("private")
        .success_action_status(201)
        .metadata("uuid", "14365123651274")
        .field("Content-Type", "image/png")
        .condition(Condition::starts_with("$Content-Type", "image/"))
        .field("x-amz-meta-tag", "anything")
        .condition(Condition::starts_with("$x-amz-meta-tag", ""))
        .field("success_action_redirect", "https://example.com/done")
        .condition(Condition::eq(
            "$success_action_redirect",
            "https://example.com/done",
        ));
    if v4 {
        p.sign_v4(&c, unix_time(T0)).unwrap()
    } else {
        p.sign_v2(&c, unix_time(T0)).unwrap()
    }
}

// ---------------------------------------------------------------- round trips

#[test]
fn crate_forms_verify_and_expire() {
    for v4 in [true, false] {
        for token in [false, true] {
            let form = rich_form(v4, token);
            let fields = form.fields().collect::<Vec<_>>();
            let ok = verify("uploads", &fields, 500, Some("C:\\pics\\cat.png"), T0 + 1).unwrap();
            assert_eq!(ok.access_key_id(), EXAMPLE_KEY_ID);
            assert_eq!(ok.key(), "users/42/cat.png");
            assert_eq!(ok.expiration().unix(), T0 + 600);
            assert_eq!(
                ok.signature_version(),
                if v4 {
                    SignatureVersion::V4
                } else {
                    SignatureVersion::V2
                }
            );
            assert_eq!(ok.signature().len(), if v4 { 32 } else { 20 });
            assert_eq!(ok.region(), v4.then_some("eu-west-1"));
            assert_eq!(ok.signed_at().map(|t| t.unix()), v4.then_some(T0));
            assert_eq!(
                ok.session_token(),
                token.then_some("FQoGZXIvYXdzEXAMPLE//token+=")
            );
            assert!(!format!("{ok:?}").contains("EXAMPLE//token"));
            // The decoded conditions are the ones signed.
            let mut p = post::Policy::new(form.expiration());
            for c in ok.conditions() {
                p = p.condition(c.clone());
            }
            assert_eq!(p.to_json().unwrap(), form.policy_json());
            assert_eq!(ok.field("content-type"), Some("image/png"));
            // Valid up to and including the expiration instant.
            assert!(verify("uploads", &fields, 500, None, T0 + 600).is_ok());
            let e = assert_code(
                verify("uploads", &fields, 500, None, T0 + 601),
                S3ErrorCode::AccessDenied,
            );
            assert_eq!(
                e.to_string(),
                "Invalid according to Policy: Policy expired."
            );
        }
    }
}

#[test]
fn minimal_forms_and_every_expiration_format() {
    for fmt in [
        post::ExpirationFormat::Seconds,
        post::ExpirationFormat::Milliseconds,
    ] {
        let b = bucket();
        let p = b.post_policy("a.txt").expiration_format(fmt);
        for form in [
            p.sign_v4(&example_creds(), unix_time(T0)).unwrap(),
            p.sign_v2(&example_creds(), unix_time(T0)).unwrap(),
        ] {
            let ok = verify("uploads", &form.fields().collect::<Vec<_>>(), 0, None, T0).unwrap();
            assert_eq!(ok.key(), "a.txt");
            assert_eq!(ok.policy().expiration_text(), {
                let p = post::Policy::new(form.expiration()).expiration_format(fmt);
                p.expiration_text()
            });
        }
    }
}

#[test]
fn field_names_are_case_insensitive() {
    let form = rich_form(true, true);
    let upper: Vec<(String, String)> = form
        .fields()
        .map(|(n, v)| {
            let n = match n {
                "policy" => "Policy".to_string(),
                "acl" => "ACL".to_string(),
                other if other.starts_with("x-amz-") => other.to_ascii_uppercase(),
                other => other.to_string(),
            };
            (n, v.to_string())
        })
        .collect();
    let ok = verify("uploads", &str_pairs(&upper), 10, Some("x"), T0).unwrap();
    assert_eq!(ok.fields()[0].0, "ACL");
    let v2 = rich_form(false, false);
    let lower: Vec<(String, String)> = v2
        .fields()
        .map(|(n, v)| (n.to_ascii_lowercase(), v.to_string()))
        .collect();
    assert!(verify("uploads", &str_pairs(&lower), 10, None, T0).is_ok());
}

#[test]
fn filename_substitution() {
    let form = rich_form(true, false);
    let fields = form.fields().collect::<Vec<_>>();
    let key = |f: Option<&str>| verify("uploads", &fields, 10, f, T0).map(|v| v.key().to_string());
    assert_eq!(key(Some("/home/me/a b.png")).unwrap(), "users/42/a b.png");
    assert_eq!(key(Some("dir\\sub/x.png")).unwrap(), "users/42/x.png");
    assert_eq!(key(Some("")).unwrap(), "users/42/");
    // No filename parameter at all: S3 keeps the variable.
    assert_eq!(key(None).unwrap(), "users/42/${filename}");
    // A key condition that the substituted name breaks.
    let exact = bucket()
        .post_policy("fixed/${filename}")
        .condition(Condition::starts_with("key", "fixed/"))
        .sign_v4(&example_creds(), unix_time(T0))
        .unwrap();
    let mut f = exact.fields().collect::<Vec<_>>();
    set(&mut f, "key", "other/${filename}");
    assert_code(
        verify("uploads", &f, 0, Some("a"), T0),
        S3ErrorCode::AccessDenied,
    );
}

#[test]
fn fields_after_file_and_x_ignore_are_ignored() {
    let form = rich_form(true, false);
    let mut fields = form.fields().collect::<Vec<_>>();
    fields.insert(0, ("x-ignore-flash", "1"));
    fields.insert(0, ("X-Ignore-Other", "2"));
    fields.push(("file", ""));
    fields.push(("submit", "Upload"));
    fields.push(("acl", "public-read"));
    assert!(verify("uploads", &fields, 10, None, T0).is_ok());
}

#[test]
fn content_type_lists() {
    let form = rich_form(true, false);
    let mut fields = form.fields().collect::<Vec<_>>();
    // The exact `Content-Type` condition is absent; starts-with applies per type.
    for ok in [
        "image/png",
        "image/jpg,image/png,image/gif",
        "image/a, image/b",
    ] {
        set(&mut fields, "Content-Type", ok);
        assert!(verify("uploads", &fields, 10, None, T0).is_ok(), "{ok}");
    }
    for bad in [
        "text/plain",
        "image/jpg,text/plain",
        "image/png,",
        "Image/png",
    ] {
        set(&mut fields, "Content-Type", bad);
        let e = assert_code(
            verify("uploads", &fields, 10, None, T0),
            S3ErrorCode::AccessDenied,
        );
        assert_eq!(
            e.to_string(),
            r#"Invalid according to Policy: Policy Condition failed: ["starts-with", "$Content-Type", "image/"]"#
        );
    }
    // Other fields are plain strings, commas and all.
    let f = bucket()
        .post_policy("k")
        .field("x-amz-meta-list", "a/1,b/2")
        .condition(Condition::starts_with("x-amz-meta-list", "a/"))
        .sign_v4(&example_creds(), unix_time(T0))
        .unwrap();
    assert!(verify("uploads", &f.fields().collect::<Vec<_>>(), 0, None, T0).is_ok());
}

// ------------------------------------------------------- each condition broken

#[test]
fn each_condition_type_broken() {
    let form = rich_form(true, false);
    let good = form.fields().collect::<Vec<_>>();
    let cases: [(&str, &'static str, &str); 5] = [
        ("acl", "public-read", r#"["eq", "$acl", "private"]"#),
        (
            "success_action_redirect",
            "https://evil.example/",
            r#"["eq", "$success_action_redirect", "https://example.com/done"]"#,
        ),
        (
            "key",
            "elsewhere/${filename}",
            r#"["starts-with", "$key", "users/42/"]"#,
        ),
        (
            "Content-Type",
            "text/html",
            r#"["starts-with", "$Content-Type", "image/"]"#,
        ),
        (
            "x-amz-meta-uuid",
            "14365123651275",
            r#"["eq", "$x-amz-meta-uuid", "14365123651274"]"#,
        ),
    ];
    for (name, value, shown) in cases {
        let mut f = good.clone();
        set(&mut f, name, value);
        let e = assert_code(
            verify("uploads", &f, 10, None, T0),
            S3ErrorCode::AccessDenied,
        );
        assert_eq!(
            e.to_string(),
            format!("Invalid according to Policy: Policy Condition failed: {shown}")
        );
    }
    // A field the policy has a condition for, missing from the form
    // (even `starts-with ""` needs the field).
    for name in ["x-amz-meta-tag", "acl"] {
        let f: Vec<_> = good.iter().copied().filter(|(n, _)| *n != name).collect();
        assert_code(
            verify("uploads", &f, 10, None, T0),
            S3ErrorCode::AccessDenied,
        );
    }
    // The bucket condition is checked against the bucket posted to, and
    // against a `bucket` field if one is sent.
    let e = assert_code(
        verify("other", &good, 10, None, T0),
        S3ErrorCode::AccessDenied,
    );
    assert!(
        e.to_string().ends_with(r#"["eq", "$bucket", "uploads"]"#),
        "{e}"
    );
    let mut with_bucket = good.clone();
    with_bucket.insert(0, ("bucket", "uploads"));
    assert!(verify("uploads", &with_bucket, 10, None, T0).is_ok());
    set(&mut with_bucket, "bucket", "other");
    assert_code(
        verify("uploads", &with_bucket, 10, None, T0),
        S3ErrorCode::AccessDenied,
    );
    // content-length-range, inclusive bounds.
    assert!(verify("uploads", &good, 10, None, T0).is_ok());
    assert!(verify("uploads", &good, 1000, None, T0).is_ok());
    let e = assert_code(
        verify("uploads", &good, 9, None, T0),
        S3ErrorCode::EntityTooSmall,
    );
    assert!(e
        .to_string()
        .starts_with("Your proposed upload is smaller than the minimum allowed size"));
    let e = assert_code(
        verify("uploads", &good, 1001, None, T0),
        S3ErrorCode::EntityTooLarge,
    );
    assert!(e
        .to_string()
        .starts_with("Your proposed upload exceeds the maximum allowed size"));
    assert_code(
        verify("uploads", &good, u64::MAX, None, T0),
        S3ErrorCode::EntityTooLarge,
    );
}

#[test]
fn uncovered_fields_are_rejected() {
    let form = rich_form(false, false);
    let good = form.fields().collect::<Vec<_>>();
    for extra in [
        "Cache-Control",
        "x-amz-meta-new",
        "Content-MD5",
        "x-ignore",
        "filename",
    ] {
        let mut f = good.clone();
        f.insert(1, (extra, "v"));
        let e = assert_code(
            verify("uploads", &f, 10, None, T0),
            S3ErrorCode::AccessDenied,
        );
        assert_eq!(
            e.to_string(),
            format!("Invalid according to Policy: Extra input fields: {extra}")
        );
    }
    // botocore's `Fields` without a condition: S3 refuses the form.
    let f = bucket()
        .post_policy("k")
        .field("acl", "private")
        .sign_v4(&example_creds(), unix_time(T0))
        .unwrap();
    assert_code(
        verify("uploads", &f.fields().collect::<Vec<_>>(), 0, None, T0),
        S3ErrorCode::AccessDenied,
    );
}

// ----------------------------------------------------------- auth rejections

#[test]
fn tampered_policy_signature_and_keys() {
    for v4 in [true, false] {
        let form = rich_form(v4, false);
        let good = form.fields().collect::<Vec<_>>();
        let sig_name = if v4 { "x-amz-signature" } else { "signature" };
        // Every single-character change of the policy or the signature.
        for name in ["policy", sig_name] {
            let value = good.iter().find(|(n, _)| *n == name).unwrap().1;
            for i in 0..value.len() {
                let mut v = value.as_bytes().to_vec();
                v[i] = if v[i] == b'0' { b'1' } else { b'0' };
                let v = String::from_utf8(v).unwrap();
                let f: Vec<(&str, &str)> = good
                    .iter()
                    .map(|&(n, x)| if n == name { (n, v.as_str()) } else { (n, x) })
                    .collect();
                let e = verify("uploads", &f, 10, None, T0).unwrap_err();
                assert_eq!(
                    e.s3_code(),
                    Some(S3ErrorCode::SignatureDoesNotMatch),
                    "{name}[{i}]: {e}"
                );
            }
        }
        // Unknown access key.
        let mut f = good.clone();
        if v4 {
            set(
                &mut f,
                "x-amz-credential",
                "AKIDUNKNOWN/20231114/eu-west-1/s3/aws4_request",
            );
        } else {
            set(&mut f, "AWSAccessKeyId", "AKIDUNKNOWN");
        }
        assert_code(
            verify("uploads", &f, 10, None, T0),
            S3ErrorCode::InvalidAccessKeyId,
        );
        // Another secret for the same key.
        let other = |_: &str| Some("another secret".to_string());
        let e = Verifier::s3()
            .verify_post(
                &IncomingPost::new("uploads", &good, 10),
                unix_time(T0),
                other,
            )
            .unwrap_err();
        assert_eq!(e.s3_code(), Some(S3ErrorCode::SignatureDoesNotMatch));
    }
}

#[test]
fn sigv4_scope_checks() {
    let form = rich_form(true, false);
    let good = form.fields().collect::<Vec<_>>();
    // The verifier's region.
    let post = IncomingPost::new("uploads", &good, 10);
    assert!(Verifier::s3()
        .region("eu-west-1")
        .verify_post(&post, unix_time(T0), example_lookup)
        .is_ok());
    let e = Verifier::s3()
        .region("us-east-1")
        .verify_post(&post, unix_time(T0), example_lookup)
        .unwrap_err();
    assert_eq!(e.s3_code(), Some(S3ErrorCode::InvalidArgument));
    let cases: [(&str, &'static str); 6] = [
        ("x-amz-algorithm", "AWS4-HMAC-SHA512"),
        (
            "x-amz-credential",
            "AKIAIOSFODNN7EXAMPLE/20231114/eu-west-1/s3",
        ),
        (
            "x-amz-credential",
            "AKIAIOSFODNN7EXAMPLE/20231115/eu-west-1/s3/aws4_request",
        ),
        (
            "x-amz-credential",
            "AKIAIOSFODNN7EXAMPLE/20231114/eu-west-1/sqs/aws4_request",
        ),
        ("x-amz-date", "2023-11-14T22:13:20Z"),
        ("x-amz-date", "20231114T221320"),
    ];
    for (name, value) in cases {
        let mut f = good.clone();
        set(&mut f, name, value);
        assert_code(
            verify("uploads", &f, 10, None, T0),
            S3ErrorCode::InvalidArgument,
        );
    }
}

#[test]
fn missing_duplicate_and_mixed_auth_fields() {
    for v4 in [true, false] {
        let form = rich_form(v4, true);
        let good = form.fields().collect::<Vec<_>>();
        let required: &[&str] = if v4 {
            &[
                "x-amz-algorithm",
                "x-amz-credential",
                "x-amz-date",
                "x-amz-signature",
                "policy",
                "key",
            ]
        } else {
            &["AWSAccessKeyId", "signature", "policy", "key"]
        };
        for name in required {
            let f: Vec<_> = good.iter().copied().filter(|(n, _)| n != name).collect();
            let e = assert_code(
                verify("uploads", &f, 10, None, T0),
                S3ErrorCode::InvalidArgument,
            );
            assert!(
                e.to_string()
                    .starts_with("Bucket POST must contain a field named"),
                "{e}"
            );
        }
        // A field after `file` is as good as missing.
        let mut f: Vec<_> = good
            .iter()
            .copied()
            .filter(|(n, _)| *n != "policy")
            .collect();
        f.push(("file", ""));
        f.push(("policy", form.policy()));
        assert_code(
            verify("uploads", &f, 10, None, T0),
            S3ErrorCode::InvalidArgument,
        );
        // Single-valued fields given twice.
        for name in required.iter().chain(&["x-amz-security-token"]) {
            let mut f = good.clone();
            let v = good.iter().find(|(n, _)| n == name).unwrap().1;
            f.insert(0, (name, v));
            assert_code(
                verify("uploads", &f, 10, None, T0),
                S3ErrorCode::InvalidArgument,
            );
        }
    }
    // Both kinds of signature fields.
    let form = rich_form(true, false);
    let mut f = form.fields().collect::<Vec<_>>();
    f.push(("AWSAccessKeyId", EXAMPLE_KEY_ID));
    assert_code(
        verify("uploads", &f, 10, None, T0),
        S3ErrorCode::InvalidArgument,
    );
    // No signature at all: an anonymous upload.
    assert_code(
        verify("uploads", &[("key", "a"), ("policy", "e30=")], 0, None, T0),
        S3ErrorCode::AccessDenied,
    );
    assert_code(
        verify("uploads", &[], 0, None, T0),
        S3ErrorCode::AccessDenied,
    );
}

#[test]
fn repeated_plain_fields_are_joined_with_commas() {
    let f = bucket()
        .post_policy("k")
        .condition(Condition::exact("x-amz-meta-tag", "Ninja,Stallman"))
        .sign_v2(&example_creds(), unix_time(T0))
        .unwrap();
    let mut fields = f.fields().collect::<Vec<_>>();
    fields.insert(0, ("x-amz-meta-tag", "Ninja"));
    fields.insert(1, ("X-Amz-Meta-Tag", "Stallman"));
    let ok = verify("uploads", &fields, 0, None, T0).unwrap();
    assert_eq!(ok.field("x-amz-meta-tag"), Some("Ninja,Stallman"));
}

// ------------------------------------------------------------------ corpora

fn s(v: &Value) -> &str {
    v.as_str()
        .unwrap_or_else(|| panic!("expected a string, got {v}"))
}

/// A botocore case's fields, plus the ones a browser must add for the
/// conditions botocore wrote without a field (`conditions_in` on fields
/// that are not in `fields_in`): the value the condition asks for.
fn botocore_fields(c: &Value) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = c["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (s(&p[0]).to_string(), s(&p[1]).to_string()))
        .collect();
    for cond in c["policy"]["conditions"].as_array().unwrap() {
        let (name, value) = match cond {
            Value::Object(o) => {
                let (k, v) = o.iter().next().unwrap();
                (k.clone(), s(v).to_string())
            }
            Value::Array(a) if s(&a[0]) != "content-length-range" => {
                let name = s(&a[1]).trim_start_matches('$').to_string();
                let mut v = s(&a[2]).to_string();
                if s(&a[0]) == "starts-with" {
                    v.push_str("added-by-browser");
                }
                (name, v)
            }
            _ => continue,
        };
        if name != "bucket" && !fields.iter().any(|(n, _)| n.eq_ignore_ascii_case(&name)) {
            fields.insert(0, (name, value));
        }
    }
    fields
}

fn botocore_len(c: &Value) -> u64 {
    c["policy"]["conditions"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|v| {
            let a = v.as_array()?;
            (a[0] == "content-length-range").then(|| a[1].as_u64().unwrap())
        })
        .unwrap_or(0)
}

#[test]
fn botocore_corpus_verifies_then_expires() {
    let corpus = read_json(&data_dir().join("botocore/post.json"));
    let cases = corpus["cases"].as_array().unwrap();
    assert!(cases.len() >= 90);
    let mut failures = Vec::new();
    let (mut v4, mut v2) = (0, 0);
    for c in cases {
        let name = s(&c["name"]);
        let secret = s(&c["secret_access_key"]).to_string();
        let akid = s(&c["access_key_id"]).to_string();
        let lookup = move |id: &str| (id == akid).then(|| secret.clone());
        let signed = SigningTime::from_amz_date(&iso_to_amz(s(&c["time"]))).unwrap();
        let expires = signed.unix() + c["expires_in"].as_i64().unwrap();
        let fields = botocore_fields(c);
        let fields = str_pairs(&fields);
        let key = s(&c["key"]);
        let v = Verifier::s3().region(s(&c["region"]));
        let mut post = IncomingPost::new(s(&c["bucket"]), &fields, botocore_len(c));
        if key.ends_with("${filename}") {
            post = post.filename("photo.jpg");
        } else if key.contains("${filename}") {
            // botocore writes `{"key": "${filename}/x.txt"}` for a key with
            // the variable elsewhere; S3 expands the field before matching,
            // so the form only works without a file name.
            let named = post.filename("photo.jpg");
            match v.verify_post(&named, signed, &lookup) {
                Err(e) if e.s3_code() == Some(S3ErrorCode::AccessDenied) => {}
                other => failures.push(format!("{name}: with a file name: {other:?}")),
            }
        }
        match v.verify_post(&post, signed, &lookup) {
            Ok(ok) => {
                let want_key = if key.ends_with("${filename}") {
                    key.replace("${filename}", "photo.jpg")
                } else {
                    key.to_string()
                };
                if ok.key() != want_key {
                    failures.push(format!("{name}: key {:?}, want {want_key:?}", ok.key()));
                }
                if ok.expiration().unix() != expires {
                    failures.push(format!("{name}: expiration {}", ok.expiration()));
                }
                let version = if c["signature_version"] == "s3v4" {
                    v4 += 1;
                    SignatureVersion::V4
                } else {
                    v2 += 1;
                    SignatureVersion::V2
                };
                if ok.signature_version() != version
                    || ok.session_token() != c["session_token"].as_str()
                    || ok.conditions().len() != c["policy"]["conditions"].as_array().unwrap().len()
                {
                    failures.push(format!("{name}: {ok:?}"));
                }
            }
            Err(e) => failures.push(format!("{name}: {e}")),
        }
        if v.verify_post(&post, unix_time(expires), &lookup).is_err() {
            failures.push(format!("{name}: rejected at its expiration instant"));
        }
        match v.verify_post(&post, unix_time(expires + 1), &lookup) {
            Err(e) if e.to_string() == "Invalid according to Policy: Policy expired." => {}
            other => failures.push(format!("{name}: after expiry: {other:?}")),
        }
    }
    finish(failures, cases.len());
    assert!(v4 >= 40 && v2 >= 40, "{v4} SigV4, {v2} SigV2");
}

#[test]
fn s3_sigv4_doc_example_verifies_then_expires() {
    let c = read_json(&data_dir().join("s3-sigv4-docs/post-policy/case.json"));
    let b64 = s(&c["expected"]["policy_base64"]);
    let sig = s(&c["expected"]["signature"]);
    let fields: Vec<(String, String)> = c["form_fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let v = match s(&p[1]) {
                "<policy_base64>" => b64,
                "<signature>" => sig,
                v => v,
            };
            (s(&p[0]).to_string(), v.to_string())
        })
        .collect();
    let fields = str_pairs(&fields);
    let akid = s(&c["credentials"]["access_key_id"]).to_string();
    let secret = s(&c["credentials"]["secret_access_key"]).to_string();
    let lookup = move |id: &str| (id == akid).then(|| secret.clone());
    let signed = SigningTime::from_amz_date(s(&c["datetime"])).unwrap();
    let v = Verifier::s3().region("us-east-1");
    let post = IncomingPost::new("sigv4examplebucket", &fields, 40_000).filename("photo.jpg");
    let ok = v.verify_post(&post, signed, &lookup).unwrap();
    assert_eq!(ok.key(), "user/user1/photo.jpg");
    assert_eq!(ok.policy().expiration_text(), "2015-12-30T12:00:00.000Z");
    assert_eq!(ok.conditions().len(), 11);
    assert_eq!(
        ok.conditions()[1],
        Condition::starts_with("key", "user/user1/")
    );
    assert_eq!(ok.region(), Some("us-east-1"));
    let exp = SigningTime::from_amz_date("20151230T120000Z")
        .unwrap()
        .unix();
    assert!(v.verify_post(&post, unix_time(exp), &lookup).is_ok());
    let e = v
        .verify_post(&post, unix_time(exp + 1), &lookup)
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "Invalid according to Policy: Policy expired."
    );
    // The doc's form breaks nothing else; each change is caught.
    let e = v
        .verify_post(
            &IncomingPost::new("otherbucket", &fields, 1),
            signed,
            &lookup,
        )
        .unwrap_err();
    assert_eq!(e.s3_code(), Some(S3ErrorCode::AccessDenied));
    let no_tag: Vec<_> = fields
        .iter()
        .copied()
        .filter(|(n, _)| *n != "x-amz-meta-tag")
        .collect();
    let e = v
        .verify_post(
            &IncomingPost::new("sigv4examplebucket", &no_tag, 1),
            signed,
            &lookup,
        )
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        r#"Invalid according to Policy: Policy Condition failed: ["starts-with", "$x-amz-meta-tag", ""]"#
    );
}

// ------------------------------------------------------ hand-written policies

const REGION: &str = "us-east-1";

/// A SigV4 form around an arbitrary `policy` field value, correctly signed,
/// so verification reaches the policy itself.
fn hand_v4(policy_b64: &str) -> Vec<(String, String)> {
    let sig = post::signature_v4(&example_creds(), REGION, unix_time(T0), policy_b64).unwrap();
    vec![
        ("key".into(), "k".into()),
        ("x-amz-algorithm".into(), "AWS4-HMAC-SHA256".into()),
        (
            "x-amz-credential".into(),
            format!("{EXAMPLE_KEY_ID}/20231114/{REGION}/s3/aws4_request"),
        ),
        ("x-amz-date".into(), "20231114T221320Z".into()),
        ("policy".into(), policy_b64.into()),
        ("x-amz-signature".into(), sig),
    ]
}

fn hand_v2(policy_b64: &str) -> Vec<(String, String)> {
    vec![
        ("key".into(), "k".into()),
        ("AWSAccessKeyId".into(), EXAMPLE_KEY_ID.into()),
        ("policy".into(), policy_b64.into()),
        (
            "signature".into(),
            post::signature_v2(&example_creds(), policy_b64),
        ),
    ]
}

const AUTH_CONDS: &str = r#"{"bucket": "b"}, {"key": "k"}, {"x-amz-algorithm": "AWS4-HMAC-SHA256"}, {"x-amz-credential": "AKIAIOSFODNN7EXAMPLE/20231114/us-east-1/s3/aws4_request"}, {"x-amz-date": "20231114T221320Z"}"#;

fn policy_with(conditions: &str) -> String {
    format!(r#"{{"expiration": "2030-01-01T00:00:00Z", "conditions": [{AUTH_CONDS}{conditions}]}}"#)
}

fn check_json(json: &str, len: u64) -> Result<VerifiedPost, Error> {
    let b64 = B64.encode(json);
    let f = hand_v4(&b64);
    verify("b", &str_pairs(&f), len, None, T0)
}

#[test]
fn hand_written_policies_s3_accepts() {
    let cases = [
        // S3 compares condition names and operators case-insensitively.
        r#"{"expiration": "2030-01-01T00:00:00.000Z", "conditions": [{"BUCKET": "b"}, ["StArTs-WiTh", "$KeY", ""], ["EQ", "$X-AMZ-ALGORITHM", "AWS4-HMAC-SHA256"], {"x-amz-credential": "AKIAIOSFODNN7EXAMPLE/20231114/us-east-1/s3/aws4_request"}, ["starts-with", "$x-amz-date", "2023"]]}"#.to_string(),
        // Whitespace, CRLF, escapes.
        format!("{{ \"conditions\" :\r\n [ {AUTH_CONDS}, [\"content-length-range\", \"5\", \"10\"] ] ,\r\n\"expiration\":\"2030-01-01T00:00:00.5Z\"}}"),
        policy_with(r#", ["content-length-range", 0, 9223372036854775807], {"k\u0065y": "\u006b"}"#),
    ];
    for json in &cases {
        check_json(json, 7).unwrap_or_else(|e| panic!("{json}: {e}"));
    }
}

#[test]
fn malformed_policies_are_invalid_policy_documents() {
    let deep = format!("{}{}", "[".repeat(5_000), "]".repeat(5_000));
    let deep_in = policy_with(&format!(", {}{}", "[".repeat(50), "]".repeat(50)));
    let huge = policy_with(r#", ["content-length-range", 0, 99999999999999999999999999999]"#);
    let huge_neg = policy_with(&format!(
        ", [\"content-length-range\", -{}, 1]",
        "9".repeat(5000)
    ));
    let cases: Vec<(String, &str)> = vec![
        ("not json".into(), "Invalid JSON"),
        ("".into(), "Invalid JSON"),
        ("[]".into(), "Invalid JSON"),
        (deep, "Invalid JSON"),
        (deep_in, "Invalid JSON"),
        (huge, "too large"),
        (huge_neg, "negative"),
        (policy_with(r#", ["content-length-range", 0, 1e400]"#), "Invalid JSON"),
        (policy_with(r#", ["content-length-range", 0, 512.0]"#), "Invalid JSON"),
        (policy_with(r#", ["content-length-range", -1, 0]"#), "negative"),
        (policy_with(r#", ["content-length-range", 10, 1]"#), "exceeds"),
        (policy_with(r#", ["content-length-range", 0]"#), "wrong number of arguments"),
        (policy_with(r#", ["content-length-range", 0, null]"#), "Invalid JSON"),
        (policy_with(r#", ["eq", "$key"]"#), "wrong number of arguments"),
        (policy_with(r#", ["eq", "$key", 1]"#), "Invalid JSON"),
        (policy_with(r#", ["in", "$key", ["k"]]"#), "unknown operation"),
        (policy_with(r#", []"#), "missing operation identifier"),
        (policy_with(r#", [1, 2, 3]"#), "missing operation identifier"),
        (policy_with(r#", {}"#), "exactly one property"),
        (policy_with(r#", {"a": "1", "b": "2"}"#), "exactly one property"),
        (policy_with(r#", {"acl": 5}"#), "must be a string"),
        (policy_with(r#", {"acl": null}"#), "Invalid JSON"),
        (policy_with(r#", "acl""#), "must be a List or Object"),
        (policy_with(r#",]"#), "Invalid JSON"),
        (policy_with(r#", {"a": "\ud800"}"#), "Invalid JSON"),
        (policy_with(r#", {"a": "tab	inside"}"#), "Invalid JSON"),
        (r#"{"conditions": []}"#.into(), "missing expiration"),
        (r#"{"expiration": "2030-01-01T00:00:00Z"}"#.into(), "missing conditions"),
        (r#"{"expiration": "2030-01-01T00:00:00Z", "conditions": {}}"#.into(), "must be a List"),
        (r#"{"EXPIRATION": "2030-01-01T00:00:00Z", "conditions": []}"#.into(), "Unexpected: 'expiration'"),
        (r#"{"expiration": "2030-01-01T00:00:00Z", "CONDITIONS": []}"#.into(), "Unexpected"),
        (r#"{"expiration": "2030-01-01T00:00:00Z", "conditions": [], "Statement": []}"#.into(), "Unexpected: 'statement'"),
        (r#"{"expiration": "2030-01-01T00:00:00Z", "expiration": "2030-01-01T00:00:00Z", "conditions": []}"#.into(), "more than once"),
        (r#"{"expiration": "2030-01-01 00:00:00Z", "conditions": []}"#.into(), "Invalid 'expiration' value"),
        (r#"{"expiration": "2030-01-01T00:00:00+02:00", "conditions": []}"#.into(), "Invalid 'expiration' value"),
        (r#"{"expiration": 1893456000, "conditions": []}"#.into(), "Invalid 'expiration' value"),
        (r#"{"expiration": "2030-01-01T00:00:00Z", "conditions": []} x"#.into(), "Invalid JSON"),
    ];
    for (json, needle) in &cases {
        let e = assert_code(check_json(json, 0), S3ErrorCode::InvalidPolicyDocument);
        assert!(e.to_string().starts_with("Invalid Policy: "), "{e}");
        assert!(e.to_string().contains(needle), "{json:.200}: {e}");
    }
    // Not base64, not UTF-8, too long: signed, so the policy is at fault.
    let not_utf8 = B64.encode([0x7b, 0xff, 0x7d]);
    let long = "A".repeat(awssig::verify::MAX_POLICY_LEN + 4);
    for b64 in ["not base64!", "eyJ9=", &not_utf8, &long] {
        for f in [hand_v4(b64), hand_v2(b64)] {
            assert_code(
                verify("b", &str_pairs(&f), 0, None, T0),
                S3ErrorCode::InvalidPolicyDocument,
            );
        }
    }
}

#[test]
fn conditions_no_form_can_meet() {
    // A field name without `$`, a size that is not a number: S3 reads them
    // as conditions that fail.
    for (cond, shown) in [
        (r#", ["eq", "key", "k"]"#, r#"["eq", "key", "k"]"#),
        (
            r#", ["starts-with", "key", ""]"#,
            r#"["starts-with", "key", ""]"#,
        ),
        (
            r#", ["content-length-range", "test", "10"]"#,
            r#"["content-length-range", "test", "10"]"#,
        ),
    ] {
        let e = assert_code(check_json(&policy_with(cond), 0), S3ErrorCode::AccessDenied);
        assert_eq!(
            e.to_string(),
            format!("Invalid according to Policy: Policy Condition failed: {shown}")
        );
    }
    // A condition's value as S3 prints it, escaped.
    let e = assert_code(
        check_json(&policy_with(r#", {"x-amz-meta-q": "say \"hi\" é"}"#), 0),
        S3ErrorCode::AccessDenied,
    );
    assert!(
        e.to_string()
            .ends_with(r#"["eq", "$x-amz-meta-q", "say \"hi\" \u00e9"]"#),
        "{e}"
    );
}

// ------------------------------------------------------------ never a panic

#[test]
fn mutations_never_panic() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let json = rich_form(true, true).policy_json().to_string();
    let alphabet = b"{}[]\",:\\u0123456789.eE+-$ tfnlrsaZ\x00\xff";
    let mut accepted = 0;
    for _ in 0..4000 {
        let mut bytes = json.clone().into_bytes();
        for _ in 0..1 + rng.below(4) {
            let i = rng.below(bytes.len());
            match rng.below(3) {
                0 => bytes[i] = alphabet[rng.below(alphabet.len())],
                1 => {
                    bytes.remove(i);
                }
                _ => bytes.insert(i, alphabet[rng.below(alphabet.len())]),
            }
        }
        let b64 = B64.encode(&bytes);
        let f = hand_v4(&b64);
        if verify("uploads", &str_pairs(&f), 10, Some("x"), T0).is_ok() {
            accepted += 1;
        }
    }
    // Mutated field values and names of a valid form.
    let form = rich_form(true, true);
    for _ in 0..4000 {
        let mut fields: Vec<(String, String)> = form
            .fields()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect();
        let i = rng.below(fields.len());
        let target = if rng.below(2) == 0 {
            &mut fields[i].0
        } else {
            &mut fields[i].1
        };
        let mut bytes = std::mem::take(target).into_bytes();
        let j = rng.below(bytes.len() + 1);
        let c = alphabet[rng.below(alphabet.len() - 1)];
        if j < bytes.len() && rng.below(2) == 0 {
            bytes[j] = c;
        } else {
            bytes.insert(j, c);
        }
        *target = String::from_utf8_lossy(&bytes).into_owned();
        let _ = verify(
            "uploads",
            &str_pairs(&fields),
            rng.next() % 2000,
            Some("ä/ö"),
            T0,
        );
    }
    assert!(accepted < 4000);
}
