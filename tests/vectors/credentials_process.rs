//! `credential_process` output: what the aws cli accepts and refuses,
//! and the `export-credentials` formats written back.

use awssig::credentials::process::{parse_output, write_env_exports, write_process_json};
use awssig::{Credentials, ErrorKind, SigningTime};

fn now() -> SigningTime {
    SigningTime::from_rfc3339("2026-01-01T00:00:00Z").unwrap()
}

#[test]
fn bad_output_is_refused_without_echoing_it() {
    let secret = "wJalrXUtnFEMI";
    let cases: &[(&str, String, &str)] = &[
        ("garbage", format!("oops {secret}"), "not JSON"),
        ("not an object", format!("[\"{secret}\"]"), "an array"),
        (
            "no version",
            format!(r#"{{"AccessKeyId":"A","SecretAccessKey":"{secret}"}}"#),
            "no Version",
        ),
        (
            "version 2",
            format!(r#"{{"Version":2,"AccessKeyId":"A","SecretAccessKey":"{secret}"}}"#),
            "must be 1",
        ),
        (
            "version string",
            format!(r#"{{"Version":"1","AccessKeyId":"A","SecretAccessKey":"{secret}"}}"#),
            "must be the number 1",
        ),
        (
            "no secret",
            r#"{"Version":1,"AccessKeyId":"A"}"#.to_string(),
            "no SecretAccessKey",
        ),
        (
            "numeric key",
            format!(r#"{{"Version":1,"AccessKeyId":7,"SecretAccessKey":"{secret}"}}"#),
            "AccessKeyId is a number",
        ),
        (
            "null secret",
            r#"{"Version":1,"AccessKeyId":"A","SecretAccessKey":null}"#.to_string(),
            "SecretAccessKey is null",
        ),
        (
            "bad expiration",
            format!(
                r#"{{"Version":1,"AccessKeyId":"A","SecretAccessKey":"{secret}","Expiration":"soon"}}"#
            ),
            "Expiration",
        ),
        (
            "trailing text",
            format!(r#"{{"Version":1,"AccessKeyId":"A","SecretAccessKey":"{secret}"}} x"#),
            "not JSON",
        ),
    ];
    for (name, out, needle) in cases {
        let e = parse_output(out.as_bytes(), now()).unwrap_err();
        let shown = e.to_string();
        assert_eq!(
            e.kind(),
            ErrorKind::CredentialSource,
            "case {name}: {shown}"
        );
        assert!(
            shown.starts_with("credential_process: "),
            "case {name}: {shown}"
        );
        assert!(
            shown.contains(needle),
            "case {name}: {shown} lacks {needle:?}"
        );
        assert!(
            !shown.contains(secret),
            "case {name}: {shown} shows the secret"
        );
    }
    let e = parse_output(&[0xff, b'{'], now()).unwrap_err();
    assert!(e.to_string().contains("not UTF-8"), "{e}");
}

#[test]
fn expiration_at_or_before_now_is_an_error_naming_both_instants() {
    for exp in ["2026-01-01T00:00:00Z", "2025-12-31T23:00:00Z"] {
        let out = format!(
            r#"{{"Version":1,"AccessKeyId":"A","SecretAccessKey":"s","Expiration":"{exp}"}}"#
        );
        let e = parse_output(out.as_bytes(), now()).unwrap_err().to_string();
        assert!(e.contains(&format!("expired at {exp}")), "{e}");
        assert!(e.contains("now, 2026-01-01T00:00:00Z"), "{e}");
    }
}

#[test]
fn long_term_keys_have_no_expiry_and_offsets_are_honoured() {
    let c = parse_output(
        br#"{"Version":1,"AccessKeyId":"A","SecretAccessKey":"s"}"#,
        now(),
    )
    .unwrap();
    assert_eq!((c.session_token(), c.expires_at()), (None, None));
    let out = br#"{"Version":1,"AccessKeyId":"A","SecretAccessKey":"s","SessionToken":null,"Expiration":"2026-01-01T02:00:00+02:00"}"#;
    assert!(
        parse_output(out, now()).is_err(),
        "02:00+02:00 is midnight UTC: expired"
    );
}

#[test]
fn process_json_is_what_the_aws_cli_prints_and_reads_back() {
    let end = SigningTime::from_rfc3339("2026-01-01T01:00:00Z").unwrap();
    let creds = Credentials::new("ASIAEXAMPLE", "se\"cr/et")
        .unwrap()
        .with_session_token("tok+en=")
        .unwrap()
        .expiring_at(end);
    // json.dumps(d, indent=2, separators=(',', ': ')) + "\n", expiry by
    // datetime.isoformat() (awscli customizations/configure/exportcreds.py).
    let want = "{\n  \"Version\": 1,\n  \"AccessKeyId\": \"ASIAEXAMPLE\",\n  \"SecretAccessKey\": \"se\\\"cr/et\",\n  \"SessionToken\": \"tok+en=\",\n  \"Expiration\": \"2026-01-01T01:00:00+00:00\"\n}\n";
    let got = write_process_json(&creds);
    assert_eq!(got.as_str(), want);
    assert_eq!(parse_output(got.as_bytes(), now()).unwrap(), creds);
}

#[test]
fn env_exports_are_what_the_aws_cli_prints() {
    let end = SigningTime::from_rfc3339("2026-01-01T01:00:00Z").unwrap();
    let creds = Credentials::new("ASIAEXAMPLE", "secret")
        .unwrap()
        .with_session_token("tok")
        .unwrap()
        .expiring_at(end);
    assert_eq!(
        write_env_exports(&creds).as_str(),
        "export AWS_ACCESS_KEY_ID=ASIAEXAMPLE\nexport AWS_SECRET_ACCESS_KEY=secret\nexport AWS_SESSION_TOKEN=tok\nexport AWS_CREDENTIAL_EXPIRATION=2026-01-01T01:00:00+00:00\n"
    );
}
