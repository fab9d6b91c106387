//! Parity with botocore's `generate_presigned_post`: every case of
//! tests/data/botocore/post.json (made by tests/tools/gen_botocore_post.py,
//! boto3/botocore 1.44.5, frozen clock) is rebuilt through the public API.
//!
//! * With `ExpirationFormat::Seconds`, our policy JSON is **byte-identical**
//!   to botocore's (Python `json.dumps` layout and escaping), so the base64
//!   policy and the signature are too; URL and fields (names, values,
//!   order) are equal.
//! * Given botocore's own base64 policy, our signature functions give
//!   botocore's signature.
//! * With the default `ExpirationFormat::Milliseconds`, the one difference
//!   is stated: our `expiration` ends in `.000Z` where botocore's ends in
//!   `Z` (same instant); the conditions are the same, in the same order.
//!
//! botocore's `addressing_style='virtual'` is this crate's
//! `AddressingStyle::Auto`; `'path'` is `Path`. `signature_version='s3v4'`
//! is `sign_v4`, `'s3'` is `sign_v2`.

use crate::common::*;
use awssig::post::{self, Condition, ExpirationFormat, PostForm};
use awssig::s3::{AddressingStyle, Bucket, Endpoint};
use awssig::SigningTime;
use serde_json::Value;

fn s(v: &Value) -> &str {
    v.as_str()
        .unwrap_or_else(|| panic!("expected a string, got {v}"))
}

fn cases() -> Vec<Value> {
    let corpus = read_json(&data_dir().join("botocore/post.json"));
    assert_eq!(corpus["botocore"], "1.44.5");
    assert_eq!(corpus["has_crt"], false);
    corpus["cases"].as_array().unwrap().clone()
}

fn time(c: &Value) -> SigningTime {
    SigningTime::from_amz_date(&iso_to_amz(s(&c["time"]))).unwrap()
}

fn condition(v: &Value) -> Condition {
    if let Some(obj) = v.as_object() {
        assert_eq!(obj.len(), 1, "one name per exact-match condition: {v}");
        let (k, val) = obj.iter().next().unwrap();
        return Condition::exact(k.as_str(), s(val));
    }
    let a = v.as_array().unwrap();
    match s(&a[0]) {
        "eq" => Condition::eq(s(&a[1]), s(&a[2])),
        "starts-with" => Condition::starts_with(s(&a[1]), s(&a[2])),
        "content-length-range" => {
            Condition::content_length_range(a[1].as_i64().unwrap(), a[2].as_i64().unwrap())
        }
        other => panic!("unknown condition {other}"),
    }
}

/// The form's fields as owned pairs, to compare with botocore's.
fn owned(form: &PostForm) -> Vec<(String, String)> {
    form.fields()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect()
}

fn build(c: &Value, format: ExpirationFormat) -> Result<PostForm, awssig::Error> {
    let bucket = match c["endpoint_url"].as_str() {
        None => Bucket::new(s(&c["bucket"]), s(&c["region"]))?,
        Some(url) => {
            Bucket::with_endpoint(s(&c["bucket"]), s(&c["region"]), Endpoint::parse(url)?)?
        }
    };
    let style = match s(&c["addressing_style"]) {
        "virtual" => AddressingStyle::Auto,
        "path" => AddressingStyle::Path,
        other => panic!("unknown style {other}"),
    };
    let bucket = bucket.addressing_style(style)?;
    let mut p = bucket
        .post_policy(s(&c["key"]))
        .expires_in(c["expires_in"].as_u64().unwrap())
        .expiration_format(format);
    for f in c["fields_in"].as_array().unwrap() {
        p = p.field(s(&f[0]), s(&f[1]));
    }
    for cond in c["conditions_in"].as_array().unwrap() {
        p = p.condition(condition(cond));
    }
    match s(&c["signature_version"]) {
        "s3v4" => p.sign_v4(&json_creds(c), time(c)),
        "s3" => p.sign_v2(&json_creds(c), time(c)),
        other => panic!("unknown signature version {other}"),
    }
}

fn fields_of(c: &Value) -> Vec<(String, String)> {
    c["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (s(&p[0]).to_string(), s(&p[1]).to_string()))
        .collect()
}

#[test]
fn corpus_is_large_and_varied() {
    let cases = cases();
    assert!(cases.len() >= 40, "{} cases", cases.len());
    let count = |f: &dyn Fn(&Value) -> bool| cases.iter().filter(|c| f(c)).count();
    assert!(count(&|c| c["signature_version"] == "s3v4") >= 20);
    assert!(count(&|c| c["signature_version"] == "s3") >= 20);
    assert!(count(&|c| !c["session_token"].is_null()) >= 4);
    assert!(count(&|c| s(&c["key"]).ends_with("${filename}")) >= 4);
    assert!(count(&|c| !s(&c["key"]).is_ascii()) >= 4);
    assert!(count(&|c| !c["endpoint_url"].is_null()) >= 10);
    let json = serde_json::to_string(&cases).unwrap();
    for needle in [
        "\"eq\"",
        "\"starts-with\"",
        "\"content-length-range\"",
        "success_action_status",
        "success_action_redirect",
        "x-amz-meta-",
        "Content-Type",
    ] {
        assert!(json.contains(needle), "no case uses {needle}");
    }
}

#[test]
fn every_form_identical_with_botocore_expiration_format() {
    let cases = cases();
    let mut failures = Vec::new();
    for c in &cases {
        let name = s(&c["name"]);
        match build(c, ExpirationFormat::Seconds) {
            Ok(form) => {
                check(name, "url", form.url(), s(&c["url"]), &mut failures);
                check(
                    name,
                    "policy json",
                    form.policy_json(),
                    s(&c["policy_json"]),
                    &mut failures,
                );
                let want = fields_of(c);
                if owned(&form) != want {
                    failures.push(format!(
                        "case {name}: fields\n  ours {:?}\n  boto {:?}",
                        form.fields(),
                        want
                    ));
                }
            }
            Err(e) => failures.push(format!("case {name}: error {e}")),
        }
    }
    finish(failures, cases.len());
}

#[test]
fn botocore_policy_bytes_give_botocore_signature() {
    let cases = cases();
    let mut failures = Vec::new();
    for c in &cases {
        let name = s(&c["name"]);
        let fields = fields_of(c);
        let get = |n: &str| {
            fields
                .iter()
                .find(|(k, _)| k == n)
                .map(|(_, v)| v.as_str())
                .unwrap()
        };
        let b64 = get("policy");
        let (ours, want) = if c["signature_version"] == "s3v4" {
            (
                post::signature_v4(&json_creds(c), s(&c["region"]), time(c), b64).unwrap(),
                get("x-amz-signature"),
            )
        } else {
            (post::signature_v2(&json_creds(c), b64), get("signature"))
        };
        check(name, "signature", &ours, want, &mut failures);
    }
    finish(failures, cases.len());
}

#[test]
fn default_format_differs_from_botocore_only_in_expiration_milliseconds() {
    let cases = cases();
    let mut failures = Vec::new();
    for c in &cases {
        let name = s(&c["name"]);
        let form = build(c, ExpirationFormat::Milliseconds).unwrap();
        let ours: Value = serde_json::from_str(form.policy_json()).unwrap();
        let boto = &c["policy"];
        // The stated difference: `…:SS.000Z` (ours, the S3 docs' form) vs
        // `…:SSZ` (botocore's `%Y-%m-%dT%H:%M:%SZ`); the same instant.
        let boto_exp = s(&boto["expiration"]);
        let want_exp = format!("{}.000Z", boto_exp.strip_suffix('Z').unwrap());
        check(
            name,
            "expiration",
            s(&ours["expiration"]),
            &want_exp,
            &mut failures,
        );
        if ours["conditions"] != boto["conditions"] {
            failures.push(format!("case {name}: conditions differ"));
        }
        // Everything else of the form is unchanged but the policy and signature.
        let want = fields_of(c);
        let strip = |f: &[(String, String)]| -> Vec<(String, String)> {
            f.iter()
                .filter(|(n, _)| !matches!(n.as_str(), "policy" | "signature" | "x-amz-signature"))
                .cloned()
                .collect()
        };
        if strip(&owned(&form)) != strip(&want) {
            failures.push(format!("case {name}: non-policy fields differ"));
        }
        check(name, "url", form.url(), s(&c["url"]), &mut failures);
    }
    finish(failures, cases.len());
}
