//! Browser POST: inputs the builder refuses, each with a typed error.

use awssig::post::{Condition, Policy, MAX_EXPIRES_IN_V4};
use awssig::s3::Bucket;
use awssig::{Credentials, ErrorKind, SigningTime};

fn setup() -> (Bucket, Credentials, SigningTime) {
    (
        Bucket::new("uploads", "eu-west-1").unwrap(),
        Credentials::new("AKIDEXAMPLE", "secret").unwrap(),
        SigningTime::from_unix(1_700_000_000).unwrap(),
    )
}

#[test]
fn content_length_range_errors() {
    let (b, c, t) = setup();
    for (min, max) in [(10, 1), (-1, 10), (-5, -1), (0, -1)] {
        let e = b
            .post_policy("k")
            .content_length_range(min, max)
            .sign_v4(&c, t)
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidPolicy, "{min} {max}");
        assert!(e.to_string().contains("content-length-range"), "{e}");
    }
    assert!(b
        .post_policy("k")
        .content_length_range(0, 0)
        .sign_v4(&c, t)
        .is_ok());
    assert!(b
        .post_policy("k")
        .content_length_range(0, i64::MAX)
        .sign_v2(&c, t)
        .is_ok());
}

#[test]
fn expiry_bounds() {
    let (b, c, t) = setup();
    for n in [0, MAX_EXPIRES_IN_V4 + 1, u64::MAX] {
        let e = b.post_policy("k").expires_in(n).sign_v4(&c, t).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidExpiry, "{n}");
    }
    assert!(b.post_policy("k").expires_in(1).sign_v4(&c, t).is_ok());
    assert!(b
        .post_policy("k")
        .expires_in(MAX_EXPIRES_IN_V4)
        .sign_v4(&c, t)
        .is_ok());
    // SigV2: no 7-day cap, but not 0 and not past the year 9999.
    assert!(b
        .post_policy("k")
        .expires_in(365 * 86_400)
        .sign_v2(&c, t)
        .is_ok());
    assert_eq!(
        b.post_policy("k")
            .expires_in(0)
            .sign_v2(&c, t)
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidExpiry
    );
    assert_eq!(
        b.post_policy("k")
            .expires_in(u64::MAX)
            .sign_v2(&c, t)
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidExpiry
    );
    let late = SigningTime::from_amz_date("99991231T235959Z").unwrap();
    assert_eq!(
        b.post_policy("k")
            .expires_in(1)
            .sign_v2(&c, late)
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidExpiry
    );
}

#[test]
fn line_breaks_and_nul_are_refused_everywhere() {
    let (b, c, t) = setup();
    for bad in ["a\rb", "a\nb", "a\r\nb", "a\0b"] {
        let e = b.post_policy(bad).sign_v4(&c, t).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidKey);
        let e = b
            .post_policy("k")
            .field("x-amz-meta-a", bad)
            .sign_v4(&c, t)
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidPolicy);
        let e = b
            .post_policy("k")
            .field(bad, "v")
            .sign_v2(&c, t)
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidPolicy);
        for cond in [
            Condition::exact("x-amz-meta-a", bad),
            Condition::exact(bad, "v"),
            Condition::eq("x-amz-meta-a", bad),
            Condition::starts_with("key", bad),
            Condition::starts_with(bad, ""),
        ] {
            let e = b
                .post_policy("k")
                .condition(cond.clone())
                .sign_v4(&c, t)
                .unwrap_err();
            assert_eq!(e.kind(), ErrorKind::InvalidPolicy, "{cond:?}");
            assert!(Policy::new(t).condition(cond).to_json().is_err());
        }
    }
    // A tab or other control characters are fine: they are escaped.
    let form = b
        .post_policy("k")
        .field_exact("x-amz-meta-a", "a\tb\u{1}")
        .sign_v4(&c, t)
        .unwrap();
    assert!(form
        .policy_json()
        .contains(r#"{"x-amz-meta-a": "a\tb\u0001"}"#));
}

#[test]
fn reserved_repeated_and_empty_fields() {
    let (b, c, t) = setup();
    for name in [
        "key",
        "Policy",
        "X-Amz-Signature",
        "signature",
        "AWSAccessKeyId",
        "x-amz-date",
        "x-amz-credential",
        "x-amz-algorithm",
        "x-amz-security-token",
        "file",
    ] {
        let e = b
            .post_policy("k")
            .field(name, "v")
            .sign_v4(&c, t)
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidPolicy, "{name}");
    }
    let e = b
        .post_policy("k")
        .acl("private")
        .field("ACL", "public-read")
        .sign_v4(&c, t)
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidPolicy);
    assert!(e.to_string().contains("twice"));
    assert_eq!(
        b.post_policy("k")
            .field("", "v")
            .sign_v4(&c, t)
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidPolicy
    );
    assert_eq!(
        b.post_policy("").sign_v4(&c, t).unwrap_err().kind(),
        ErrorKind::InvalidKey
    );
    let long = "x".repeat(1025);
    assert_eq!(
        b.post_policy(long).sign_v4(&c, t).unwrap_err().kind(),
        ErrorKind::InvalidKey
    );
    let e = b
        .post_policy("k")
        .condition(Condition::exact("$acl", "x"))
        .sign_v4(&c, t)
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidPolicy);
}

#[test]
fn session_token_is_a_field_and_a_condition_and_not_in_debug() {
    let (b, c, t) = setup();
    let c = c.with_session_token("tok/en+=").unwrap();
    for form in [
        b.post_policy("k").sign_v4(&c, t).unwrap(),
        b.post_policy("k").sign_v2(&c, t).unwrap(),
    ] {
        assert_eq!(form.field("x-amz-security-token"), Some("tok/en+="));
        assert!(form
            .policy_json()
            .ends_with(r#"{"x-amz-security-token": "tok/en+="}]}"#));
        assert!(!format!("{form:?}").contains("tok/en"));
    }
}

#[test]
fn filename_key_becomes_starts_with() {
    let (b, c, t) = setup();
    let form = b.post_policy("a/${filename}").sign_v4(&c, t).unwrap();
    assert!(form
        .policy_json()
        .contains(r#"["starts-with", "$key", "a/"]"#));
    let form = b.post_policy("${filename}").sign_v2(&c, t).unwrap();
    assert!(form
        .policy_json()
        .contains(r#"["starts-with", "$key", ""]"#));
    // Only at the end, as botocore does.
    let form = b.post_policy("${filename}/x").sign_v2(&c, t).unwrap();
    assert!(form.policy_json().contains(r#"{"key": "${filename}/x"}"#));
}
