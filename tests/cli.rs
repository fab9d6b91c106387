//! The `awssig` binary, run as a user would: every subcommand, every
//! credential source, checked against the library and the S3 doc examples,
//! and the errors (one line on stderr, nothing on stdout, exit 2 for usage
//! and 1 for the rest).
#![cfg(feature = "cli")]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use awssig::s3::Bucket;
use awssig::SigningTime;
use common::*;

struct Home(PathBuf);

impl Home {
    fn new(name: &str) -> Home {
        let dir = std::env::temp_dir().join(format!("awssig-cli-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join(".aws")).unwrap();
        Home(dir)
    }
    fn write(&self, file: &str, text: &str) {
        std::fs::write(self.0.join(".aws").join(file), text).unwrap();
    }
}

impl Drop for Home {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs the binary with a clean environment: only HOME, IMDS switched off
/// (no test machine is an EC2 instance: the chain would wait for its
/// timeout), and the given vars.
fn run(home: &Path, env: &[(&str, &str)], args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_awssig"));
    cmd.env_clear()
        .env("HOME", home)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

fn stdout(o: &Output) -> String {
    assert!(
        o.status.success(),
        "exit {:?}, stderr: {}",
        o.status,
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout.clone()).unwrap()
}

#[track_caller]
fn fails(o: &Output, code: i32, needle: &str) {
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(code), "stderr: {err}");
    assert!(
        o.stdout.is_empty(),
        "nothing on stdout, got {:?}",
        String::from_utf8_lossy(&o.stdout)
    );
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    assert!(err.contains(needle), "{err:?} should mention {needle:?}");
}

const ENV: [(&str, &str); 2] = [
    ("AWS_ACCESS_KEY_ID", EXAMPLE_KEY_ID),
    ("AWS_SECRET_ACCESS_KEY", EXAMPLE_SECRET),
];

#[test]
fn presign_reproduces_the_s3_doc_example() {
    let home = Home::new("doc");
    let o = run(
        &home.0,
        &ENV,
        &[
            "presign",
            "s3://examplebucket/test.txt",
            "--expires-in",
            "86400",
            "--at",
            "2013-05-24T00:00:00Z",
        ],
    );
    let c = read_json(&data_dir().join("s3-sigv4-docs/presigned-get-url/case.json"));
    assert_eq!(
        stdout(&o).trim_end(),
        c["expected"]["url"].as_str().unwrap()
    );
}

#[test]
fn presign_matches_the_library_with_options() {
    let home = Home::new("opts");
    let o = run(
        &home.0,
        &ENV,
        &[
            "presign",
            "s3://uploads/a b/résumé?.pdf",
            "--method",
            "PUT",
            "--region",
            "eu-west-1",
            "--at",
            "2024-05-01T12:34:56.789Z",
            "--expires-in",
            "600",
            "--query",
            "x-id=PutObject",
            "--header",
            "Content-Type: application/pdf",
        ],
    );
    let creds = example_creds();
    let want = Bucket::new("uploads", "eu-west-1")
        .unwrap()
        .put("a b/résumé?.pdf")
        .query("x-id", "PutObject")
        .header("Content-Type", "application/pdf")
        .presign(
            &creds,
            SigningTime::from_amz_date("20240501T123456Z").unwrap(),
            600,
        )
        .unwrap();
    assert_eq!(stdout(&o).trim_end(), want);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("content-type: application/pdf"), "{err}");
}

#[test]
fn presign_bucket_level_path_style_custom_endpoint_and_v2() {
    let home = Home::new("ep");
    let env = [
        ENV[0],
        ENV[1],
        ("AWS_ENDPOINT_URL", "http://127.0.0.1:9000"),
    ];
    let o = run(
        &home.0,
        &env,
        &[
            "presign",
            "s3://media/",
            "--query",
            "list-type=2",
            "--at",
            "2024-01-01T00:00:00Z",
        ],
    );
    let url = stdout(&o);
    assert!(
        url.starts_with("http://127.0.0.1:9000/media?list-type=2&X-Amz-Algorithm="),
        "{url}"
    );
    let o = run(
        &home.0,
        &env,
        &[
            "presign",
            "s3://media/k",
            "--signature-version",
            "v2",
            "--at",
            "2024-01-01T00:00:00Z",
            "--expires-in",
            "60",
        ],
    );
    let url = stdout(&o);
    assert!(
        url.starts_with(
            "http://127.0.0.1:9000/media/k?AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Signature="
        ),
        "{url}"
    );
    assert!(url.trim_end().ends_with("&Expires=1704067260"), "{url}");
}

#[test]
fn credentials_from_profiles() {
    let home = Home::new("profiles");
    home.write("credentials", "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = secretdefault\n\n[work]\naws_access_key_id = AKIDWORK\naws_secret_access_key = secretwork\naws_session_token = tok/en\n");
    home.write("config", "[default]\nregion = eu-central-1\n\n[profile work]\nregion = ap-southeast-2\nendpoint_url = https://minio.example.com:9443\n");
    let at = ["--at", "2024-01-01T00:00:00Z"];
    let o = run(&home.0, &[], &["presign", "s3://b-1/k", at[0], at[1]]);
    let url = stdout(&o);
    assert!(
        url.contains("X-Amz-Credential=AKIDDEFAULT%2F20240101%2Feu-central-1%2Fs3"),
        "{url}"
    );
    for how in [vec![("AWS_PROFILE", "work")], vec![]] {
        let mut args = vec!["presign", "s3://b-1/k", at[0], at[1]];
        if how.is_empty() {
            args.extend(["--profile", "work"]);
        }
        let url = stdout(&run(&home.0, &how, &args));
        assert!(
            url.starts_with("https://b-1.minio.example.com:9443/k?"),
            "{url}"
        );
        assert!(
            url.contains("AKIDWORK%2F20240101%2Fap-southeast-2%2Fs3"),
            "{url}"
        );
        assert!(url.contains("X-Amz-Security-Token=tok%2Fen"), "{url}");
    }
    // The environment wins over the profile; --region over everything.
    let url = stdout(&run(
        &home.0,
        &[ENV[0], ENV[1], ("AWS_REGION", "us-west-2")],
        &["presign", "s3://b-1/k", at[0], at[1]],
    ));
    assert!(
        url.contains("AKIAIOSFODNN7EXAMPLE%2F20240101%2Fus-west-2"),
        "{url}"
    );
    let url = stdout(&run(
        &home.0,
        &[("AWS_REGION", "us-west-2")],
        &[
            "presign",
            "s3://b-1/k",
            "--region",
            "sa-east-1",
            at[0],
            at[1],
        ],
    ));
    assert!(url.contains("%2Fsa-east-1%2F"), "{url}");
    // AWS_SHARED_CREDENTIALS_FILE points elsewhere.
    let other = home.0.join("creds2");
    std::fs::write(
        &other,
        "[default]\naws_access_key_id = AKIDFILE2\naws_secret_access_key = s2\n",
    )
    .unwrap();
    let url = stdout(&run(
        &home.0,
        &[("AWS_SHARED_CREDENTIALS_FILE", other.to_str().unwrap())],
        &["presign", "s3://b-1/k", at[0], at[1]],
    ));
    assert!(url.contains("AKIDFILE2%2F"), "{url}");
    fails(
        &run(
            &home.0,
            &[],
            &["presign", "s3://b-1/k", "--profile", "nope"],
        ),
        1,
        "profile \"nope\"",
    );
}

#[test]
fn post_prints_the_form_in_order() {
    let home = Home::new("post");
    let o = run(
        &home.0,
        &ENV,
        &[
            "post",
            "s3://uploads/incoming/${filename}",
            "--at",
            "2024-01-01T00:00:00Z",
            "--expires-in",
            "600",
            "--field",
            "acl=public-read",
            "--condition",
            "{\"acl\":\"public-read\"}",
            "--condition",
            "[\"content-length-range\",1,1048576]",
            "--condition",
            "[\"starts-with\",\"$Content-Type\",\"image/\"]",
        ],
    );
    let out = stdout(&o);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["url"], "https://uploads.s3.amazonaws.com/");
    let creds = example_creds();
    let bucket = Bucket::new("uploads", "us-east-1").unwrap();
    let form = bucket
        .post_policy("incoming/${filename}")
        .expires_in(600)
        .field("acl", "public-read")
        .condition(awssig::post::Condition::exact("acl", "public-read"))
        .condition(awssig::post::Condition::content_length_range(1, 1_048_576))
        .condition(awssig::post::Condition::starts_with(
            "$Content-Type",
            "image/",
        ))
        .sign_v4(&creds, SigningTime::from_unix(1_704_067_200).unwrap())
        .unwrap();
    // Same fields, same order (serde_json keeps order only with
    // preserve_order, so the order is read from the text).
    let mut last = 0;
    for (k, val) in form.fields() {
        assert_eq!(v["fields"][k].as_str(), Some(val), "{k}");
        let at = out.find(&format!("\"{k}\":")).unwrap();
        assert!(at > last, "field {k} out of order");
        last = at;
    }
}

#[test]
fn sign_reproduces_the_s3_doc_get_object_range() {
    let home = Home::new("sign");
    let o = run(
        &home.0,
        &ENV,
        &[
            "sign",
            "--method",
            "GET",
            "--url",
            "https://examplebucket.s3.amazonaws.com/test.txt",
            "--header",
            "Range: bytes=0-9",
            "--at",
            "2013-05-24T00:00:00Z",
        ],
    );
    let out = stdout(&o);
    let c = read_json(&data_dir().join("s3-sigv4-docs/get-object-range/case.json"));
    let sig = c["expected"]["signature"].as_str().unwrap();
    assert!(out.contains(&format!("Signature={sig}")), "{out}");
    assert!(out.contains("X-Amz-Date: 20130524T000000Z"), "{out}");
    assert!(out.contains("X-Amz-Content-SHA256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"), "{out}");
    // Another service: generic rules, no content hash header.
    let o = run(
        &home.0,
        &[
            ("AWS_ACCESS_KEY_ID", SUITE_KEY_ID),
            ("AWS_SECRET_ACCESS_KEY", SUITE_SECRET),
        ],
        &[
            "sign",
            "--method",
            "GET",
            "--url",
            "https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08",
            "--service",
            "iam",
            "--header",
            "Content-Type: application/x-www-form-urlencoded; charset=utf-8",
            "--at",
            "2015-08-30T12:36:00Z",
        ],
    );
    let out = stdout(&o);
    assert!(
        out.contains("Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"),
        "{out}"
    );
    assert!(!out.contains("X-Amz-Content-SHA256"), "{out}");
    // A body file.
    let f = home.0.join("body.txt");
    std::fs::write(&f, "Welcome to Amazon S3.").unwrap();
    let o = run(
        &home.0,
        &ENV,
        &[
            "sign",
            "--method",
            "PUT",
            "--url",
            "https://examplebucket.s3.amazonaws.com/test$file.text",
            "--header",
            "x-amz-storage-class: REDUCED_REDUNDANCY",
            "--header",
            "Date: Fri, 24 May 2013 00:00:00 GMT",
            "--payload-file",
            f.to_str().unwrap(),
            "--at",
            "2013-05-24T00:00:00Z",
        ],
    );
    let put = read_json(&data_dir().join("s3-sigv4-docs/put-object/case.json"));
    assert!(stdout(&o).contains(put["expected"]["signature"].as_str().unwrap()));
}

#[test]
fn sign_keeps_an_explicit_host_header_as_given() {
    // Expected signature from botocore 1.43 (SigV4Auth.add_auth with the
    // clock at 2024-01-01T00:00:00Z): it signs `host:Api.Example.COM:8443`,
    // trimmed and case kept, in place of the URL's host.
    let home = Home::new("host");
    let o = run(
        &home.0,
        &[
            ("AWS_ACCESS_KEY_ID", SUITE_KEY_ID),
            ("AWS_SECRET_ACCESS_KEY", SUITE_SECRET),
        ],
        &[
            "sign",
            "--method",
            "GET",
            "--url",
            "https://example.amazonaws.com/x",
            "--header",
            "Host:  Api.Example.COM:8443 ",
            "--service",
            "svc",
            "--region",
            "us-east-1",
            "--at",
            "2024-01-01T00:00:00Z",
        ],
    );
    let out = stdout(&o);
    assert!(
        out.contains("SignedHeaders=host;x-amz-date, Signature=b6cba36b0aabd77011e10e24a65966e2044bca7939e3b0adfb8ba7786926ee49"),
        "{out}"
    );
}

#[test]
fn verify_refuses_headers_the_presigned_url_did_not_sign() {
    // The issue's reproduction: an unsigned x-amz-copy-source and x-amz-acl
    // on a presigned PUT are AccessDenied, as S3 answers.
    let home = Home::new("unsigned");
    let url = stdout(&run(
        &home.0,
        &ENV,
        &[
            "presign",
            "s3://jli/upload.bin",
            "--method",
            "PUT",
            "--at",
            "2024-01-01T00:00:00Z",
        ],
    ));
    let url = url.trim_end();
    let at = ["--at", "2024-01-01T00:00:01Z"];
    let ok = run(
        &home.0,
        &ENV,
        &[&["verify", url, "--method", "PUT"][..], &at].concat(),
    );
    assert!(stdout(&ok).starts_with("valid: "), "{}", stdout(&ok));
    let o = run(
        &home.0,
        &ENV,
        &[
            &[
                "verify",
                url,
                "--method",
                "PUT",
                "--header",
                "x-amz-copy-source: secrets/passwords.txt",
                "--header",
                "x-amz-acl: public-read",
            ][..],
            &at,
        ]
        .concat(),
    );
    fails(
        &o,
        1,
        "There were headers present in the request which were not signed: x-amz-copy-source, x-amz-acl",
    );
}

#[test]
fn verify_accepts_what_presign_made_and_rejects_a_tamper() {
    let home = Home::new("verify");
    let url = stdout(&run(
        &home.0,
        &ENV,
        &["presign", "s3://b-1/k", "--expires-in", "600"],
    ));
    let url = url.trim_end();
    let o = run(&home.0, &ENV, &["verify", url]);
    let out = stdout(&o);
    assert!(
        out.starts_with("valid: signed by AKIAIOSFODNN7EXAMPLE"),
        "{out}"
    );
    let tampered = url.replace("/k?", "/K?");
    fails(
        &run(&home.0, &ENV, &["verify", &tampered]),
        1,
        "SignatureDoesNotMatch",
    );
    let o = run(
        &home.0,
        &ENV,
        &["verify", url, "--at", "2099-01-01T00:00:00Z"],
    );
    fails(&o, 1, "expired");
}

#[test]
fn bad_input_is_one_line_with_the_right_exit_code() {
    let home = Home::new("errors");
    fails(
        &run(&home.0, &[], &["presign", "s3://b-1/k"]),
        1,
        "no credentials",
    );
    fails(
        &run(&home.0, &ENV, &["presign", "https://b-1/k"]),
        2,
        "s3://",
    );
    fails(&run(&home.0, &ENV, &["presign", "s3:///k"]), 2, "no bucket");
    fails(
        &run(
            &home.0,
            &ENV,
            &["presign", "s3://b-1/k", "--expires-in", "604801"],
        ),
        1,
        "604800",
    );
    fails(
        &run(&home.0, &ENV, &["presign", "s3://b-1/k", "--expires-in=-3"]),
        2,
        "--expires-in",
    );
    fails(
        &run(&home.0, &ENV, &["presign", "s3://b-1/k", "--bogus"]),
        2,
        "--bogus",
    );
    fails(
        &run(
            &home.0,
            &ENV,
            &["presign", "s3://b-1/k", "--at", "yesterday"],
        ),
        2,
        "--at",
    );
    fails(
        &run(
            &home.0,
            &ENV,
            &[
                "post",
                "s3://b-1/k",
                "--condition",
                "[\"starts-with\",\"$key\"",
            ],
        ),
        2,
        "--condition",
    );
    fails(
        &run(
            &home.0,
            &ENV,
            &[
                "post",
                "s3://b-1/k",
                "--condition",
                "[\"content-length-range\",9,1]",
            ],
        ),
        1,
        "content-length-range",
    );
    fails(
        &run(
            &home.0,
            &ENV,
            &["sign", "--method", "GET", "--url", "ftp://x/y"],
        ),
        2,
        "--url",
    );
    fails(
        &run(
            &home.0,
            &ENV,
            &["presign", "s3://b-1/k", "--header", "X-Bad: a\rb"],
        ),
        1,
        "control",
    );
    let o = run(&home.0, &[], &["--help"]);
    assert!(stdout(&o).contains("presign"));
    for sub in ["presign", "post", "sign", "verify"] {
        let o = run(&home.0, &[], &[sub, "--help"]);
        assert!(
            stdout(&o).contains("Example:"),
            "{sub} --help has an example"
        );
    }
}

/// Presigns with `args`, then verifies the URL with `verify_args` (both at
/// a fixed time), returning the verify run.
fn presign_then_verify(
    home: &Path,
    env: &[(&str, &str)],
    args: &[&str],
    verify_args: &[&str],
) -> (String, Output) {
    let at = ["--at", "2024-01-01T00:00:00Z"];
    let mut p = vec!["presign"];
    p.extend_from_slice(args);
    p.extend_from_slice(&at);
    let url = stdout(&run(home, env, &p)).trim_end().to_string();
    let mut v = vec!["verify", url.as_str()];
    v.extend_from_slice(verify_args);
    v.extend_from_slice(&at);
    let o = run(home, env, &v);
    (url, o)
}

#[track_caller]
fn valid(url: &str, o: &Output) {
    assert!(
        o.status.success(),
        "{url}: exit {:?}, stderr: {}",
        o.status,
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        String::from_utf8_lossy(&o.stdout).starts_with("valid: signed by AKIAIOSFODNN7EXAMPLE"),
        "{url}"
    );
}

#[test]
fn verify_knows_aws_s3_domains_for_sigv2_virtual_hosted_urls() {
    let home = Home::new("v2-aws");
    for (region, host) in [
        ("us-east-1", "examplebucket.s3.amazonaws.com"),
        ("eu-west-1", "examplebucket.s3.eu-west-1.amazonaws.com"),
        ("cn-north-1", "examplebucket.s3.cn-north-1.amazonaws.com.cn"),
    ] {
        let (url, o) = presign_then_verify(
            &home.0,
            &ENV,
            &[
                "s3://examplebucket/photos/cat.jpg",
                "--signature-version",
                "v2",
                "--region",
                region,
            ],
            &[],
        );
        assert!(
            url.starts_with(&format!("https://{host}/photos/cat.jpg?AWSAccessKeyId=")),
            "{url}"
        );
        valid(&url, &o);
    }
    // The same URL sent to the dual-stack or legacy dash host: still valid.
    let (url, _) = presign_then_verify(
        &home.0,
        &ENV,
        &[
            "s3://examplebucket/k",
            "--signature-version",
            "v2",
            "--region",
            "eu-west-1",
        ],
        &[],
    );
    for other in [
        "s3.dualstack.eu-west-1.amazonaws.com",
        "s3-eu-west-1.amazonaws.com",
    ] {
        let moved = url.replace("s3.eu-west-1.amazonaws.com", other);
        let o = run(
            &home.0,
            &ENV,
            &["verify", &moved, "--at", "2024-01-01T00:00:00Z"],
        );
        valid(&moved, &o);
    }
    // A tampered key is still caught.
    let tampered = url.replace("/k?", "/K?");
    fails(
        &run(
            &home.0,
            &ENV,
            &["verify", &tampered, "--at", "2024-01-01T00:00:00Z"],
        ),
        1,
        "SignatureDoesNotMatch",
    );
}

#[test]
fn verify_sigv2_path_style_on_custom_endpoints_needs_no_domain() {
    let home = Home::new("v2-path");
    for endpoint in [
        "http://127.0.0.1:9000",
        "http://[::1]:9000",
        "http://localhost:9000",
    ] {
        let args = [
            "s3://media/a b.txt",
            "--signature-version",
            "v2",
            "--endpoint-url",
            endpoint,
            "--addressing-style",
            "path",
        ];
        let (url, o) = presign_then_verify(&home.0, &ENV, &args, &[]);
        assert!(
            url.starts_with(&format!("{endpoint}/media/a%20b.txt?")),
            "{url}"
        );
        valid(&url, &o);
        let (url, o) = presign_then_verify(&home.0, &ENV, &args, &["--endpoint-url", endpoint]);
        valid(&url, &o);
    }
    // A named custom host without a domain: path style, as before.
    let (url, o) = presign_then_verify(
        &home.0,
        &ENV,
        &[
            "s3://media/k",
            "--signature-version",
            "v2",
            "--endpoint-url",
            "http://ceph.example.test:7480",
            "--addressing-style",
            "path",
        ],
        &[],
    );
    assert!(
        url.starts_with("http://ceph.example.test:7480/media/k?"),
        "{url}"
    );
    valid(&url, &o);
}

#[test]
fn verify_domain_names_the_bucket_of_a_custom_virtual_host() {
    let home = Home::new("v2-domain");
    let presign = [
        "s3://media/k",
        "--signature-version",
        "v2",
        "--endpoint-url",
        "http://s3.example.test",
    ];
    // Without the domain the bucket is unknown: the error says what to pass.
    let (url, o) = presign_then_verify(&home.0, &ENV, &presign, &[]);
    assert!(
        url.starts_with("http://media.s3.example.test/k?AWSAccessKeyId="),
        "{url}"
    );
    fails(&o, 1, "SignatureDoesNotMatch");
    fails(&o, 1, "--domain s3.example.test");
    // --domain, --endpoint-url and AWS_ENDPOINT_URL all name it.
    for flags in [
        &["--domain", "s3.example.test"][..],
        &["--domain", "other.example", "--domain", "S3.Example.Test"][..],
        &["--endpoint-url", "http://s3.example.test"][..],
    ] {
        let (url, o) = presign_then_verify(&home.0, &ENV, &presign, flags);
        valid(&url, &o);
    }
    let env = [
        ENV[0],
        ENV[1],
        ("AWS_ENDPOINT_URL", "http://s3.example.test"),
    ];
    let (url, o) = presign_then_verify(
        &home.0,
        &env,
        &["s3://media/k", "--signature-version", "v2"],
        &[],
    );
    assert!(url.starts_with("http://media.s3.example.test/k?"), "{url}");
    valid(&url, &o);
    // The flag shows in --help, with an example.
    let help = stdout(&run(&home.0, &[], &["verify", "--help"]));
    assert!(
        help.contains("--domain <D>") && help.contains("--domain rgw.example.com"),
        "{help}"
    );
}

/// The example keys with `AWS_CREDENTIAL_EXPIRATION` (as `aws configure
/// export-credentials --format env` writes it) at 00:10 on a fixed day.
const EXPIRING_ENV: [(&str, &str); 4] = [
    ("AWS_ACCESS_KEY_ID", EXAMPLE_KEY_ID),
    ("AWS_SECRET_ACCESS_KEY", EXAMPLE_SECRET),
    ("AWS_SESSION_TOKEN", "FwoGZXIvYXdzEXAMPLE"),
    ("AWS_CREDENTIAL_EXPIRATION", "2026-01-01T00:10:00Z"),
];

#[test]
fn presign_and_post_refuse_to_outlive_expiring_env_credentials_unless_clamp() {
    let home = Home::new("clamp");
    let at = ["--at", "2026-01-01T00:00:00Z"];
    for cmd in ["presign", "post"] {
        // Refused by default; the message names both instants and the flag.
        let o = run(
            &home.0,
            &EXPIRING_ENV,
            &[&[cmd, "s3://b-1/k"][..], &at].concat(),
        );
        fails(&o, 1, "2026-01-01T00:10:00Z");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("2026-01-01T01:00:00Z"), "{err}");
        assert!(err.contains("--clamp"), "{err}");
        assert!(!err.contains("ExpiryPolicy"), "{err}");

        // A lifetime that ends with the credentials is fine without --clamp.
        let o = run(
            &home.0,
            &EXPIRING_ENV,
            &[&[cmd, "s3://b-1/k", "--expires-in", "600"][..], &at].concat(),
        );
        stdout(&o);

        // Credentials already expired: refused, also with --clamp.
        let o = run(
            &home.0,
            &EXPIRING_ENV,
            &[cmd, "s3://b-1/k", "--clamp", "--at", "2026-01-01T00:10:00Z"],
        );
        fails(&o, 1, "clamping cannot help");
    }

    // --clamp: the URL lives 600 s and stderr says until when.
    let o = run(
        &home.0,
        &EXPIRING_ENV,
        &[&["presign", "s3://b-1/k", "--clamp"][..], &at].concat(),
    );
    let url = stdout(&o);
    assert!(url.contains("&X-Amz-Expires=600&"), "{url}");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("# expires at 2026-01-01T00:10:00Z (clamped"),
        "{err}"
    );
    // The same URL as presigning for 600 s with keys that never expire.
    let plain = run(
        &home.0,
        &[
            ("AWS_ACCESS_KEY_ID", EXAMPLE_KEY_ID),
            ("AWS_SECRET_ACCESS_KEY", EXAMPLE_SECRET),
            ("AWS_SESSION_TOKEN", "FwoGZXIvYXdzEXAMPLE"),
        ],
        &[&["presign", "s3://b-1/k", "--expires-in", "600"][..], &at].concat(),
    );
    assert_eq!(url, stdout(&plain));

    // SigV2: Expires is the credentials' end (1767226200).
    let o = run(
        &home.0,
        &EXPIRING_ENV,
        &[
            &[
                "presign",
                "s3://b-1/k",
                "--clamp",
                "--signature-version",
                "v2",
            ][..],
            &at,
        ]
        .concat(),
    );
    assert!(stdout(&o).trim_end().ends_with("&Expires=1767226200"));

    // POST: the policy's expiration is the credentials' end.
    let o = run(
        &home.0,
        &EXPIRING_ENV,
        &[&["post", "s3://b-1/k", "--clamp"][..], &at].concat(),
    );
    let form: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let policy = form["fields"]["policy"].as_str().unwrap();
    let json = {
        use base64::Engine as _;
        String::from_utf8(
            base64::engine::general_purpose::STANDARD
                .decode(policy)
                .unwrap(),
        )
        .unwrap()
    };
    assert!(
        json.starts_with(r#"{"expiration": "2026-01-01T00:10:00.000Z""#),
        "{json}"
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("# expires at 2026-01-01T00:10:00Z"));
}

#[test]
fn a_malformed_credential_expiration_is_named() {
    let home = Home::new("badexp");
    let mut env = EXPIRING_ENV;
    env[3].1 = "tomorrow";
    let o = run(&home.0, &env, &["presign", "s3://b-1/k"]);
    fails(&o, 1, "AWS_CREDENTIAL_EXPIRATION");
}

#[test]
fn sign_refuses_credentials_expired_at_the_signing_time() {
    let home = Home::new("signexp");
    let args = [
        "sign",
        "--method",
        "GET",
        "--url",
        "https://b-1.s3.amazonaws.com/k",
    ];
    let o = run(
        &home.0,
        &EXPIRING_ENV,
        &[&args[..], &["--at", "2026-01-01T00:10:00Z"]].concat(),
    );
    fails(&o, 1, "expired at 2026-01-01T00:10:00Z");
    let o = run(
        &home.0,
        &EXPIRING_ENV,
        &[&args[..], &["--at", "2026-01-01T00:09:59Z"]].concat(),
    );
    assert!(stdout(&o).contains("Authorization: AWS4-HMAC-SHA256 "));
}

/// The whole second the tests sign at (now), and the end of the temporary
/// credentials a `credential_process` profile gives: 600 s later.
fn process_times() -> (SigningTime, SigningTime) {
    let now = SigningTime::now();
    let end = SigningTime::from_unix(now.unix() + 600).unwrap();
    (now, end)
}

/// A profile whose `credential_process` prints temporary credentials that
/// expire at `end` (a real process, run by the chain).
fn process_profile(home: &Home, end: SigningTime) {
    let json = format!(
        r#"{{"Version": 1, "AccessKeyId": "ASIAPROCESS", "SecretAccessKey": "processsecret", "SessionToken": "processtoken", "Expiration": "{}"}}"#,
        end.rfc3339()
    );
    let script = home.0.join("creds.sh");
    std::fs::write(&script, format!("#!/bin/sh\ncat <<'END'\n{json}\nEND\n")).unwrap();
    home.write(
        "config",
        &format!(
            "[profile proc]\ncredential_process = sh {}\nregion = eu-west-1\n",
            script.display()
        ),
    );
}

#[cfg(unix)]
#[test]
fn presign_takes_expiring_credentials_from_a_credential_process_profile() {
    let home = Home::new("process");
    let (now, end) = process_times();
    process_profile(&home, end);
    let at = now.rfc3339();
    let args = ["presign", "s3://b-1/k", "--profile", "proc", "--at", &at];
    // The process's Expiration reaches the presigner: refused by default.
    fails(&run(&home.0, &[], &args), 1, &end.rfc3339());
    // --clamp: 600 s, signed with the process's keys and token.
    let o = run(&home.0, &[], &[&args[..], &["--clamp"]].concat());
    let url = stdout(&o);
    assert!(url.contains("X-Amz-Credential=ASIAPROCESS%2F"), "{url}");
    assert!(url.contains("&X-Amz-Expires=600&"), "{url}");
    assert!(url.contains("X-Amz-Security-Token=processtoken"), "{url}");
    let creds = awssig::Credentials::new("ASIAPROCESS", "processsecret")
        .unwrap()
        .with_session_token("processtoken")
        .unwrap();
    let want = Bucket::new("b-1", "eu-west-1")
        .unwrap()
        .get("k")
        .presign(&creds, now, 600)
        .unwrap();
    assert_eq!(url.trim_end(), want);
}

#[cfg(unix)]
#[test]
fn credentials_prints_what_the_chain_resolved_in_the_aws_cli_formats() {
    let home = Home::new("export");
    let (_, end) = process_times();
    process_profile(&home, end);
    // As the aws cli writes it (Python's isoformat).
    let cli_end = end.rfc3339().replace('Z', "+00:00");
    let args = ["credentials", "--profile", "proc"];
    let process = stdout(&run(&home.0, &[], &args));
    let doc: serde_json::Value = serde_json::from_str(&process).unwrap();
    assert_eq!(doc["Version"], 1);
    assert_eq!(doc["AccessKeyId"], "ASIAPROCESS");
    assert_eq!(doc["SecretAccessKey"], "processsecret");
    assert_eq!(doc["SessionToken"], "processtoken");
    assert_eq!(doc["Expiration"], cli_end.as_str());

    let env = stdout(&run(
        &home.0,
        &[],
        &[&args[..], &["--format", "env"]].concat(),
    ));
    assert_eq!(
        env.trim_end(),
        format!("export AWS_ACCESS_KEY_ID=ASIAPROCESS\nexport AWS_SECRET_ACCESS_KEY=processsecret\nexport AWS_SESSION_TOKEN=processtoken\nexport AWS_CREDENTIAL_EXPIRATION={cli_end}")
    );

    let json = stdout(&run(
        &home.0,
        &[],
        &[&args[..], &["--format", "json"]].concat(),
    ));
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(doc["Source"], "profile \"proc\": credential_process");
    assert_eq!(doc["Expiration"], end.rfc3339().as_str());

    // The env format read back by the chain gives the same credentials.
    let exported: Vec<(&str, &str)> = env
        .lines()
        .filter_map(|l| l.strip_prefix("export ")?.split_once('='))
        .collect();
    let back = stdout(&run(
        &home.0,
        &exported,
        &["credentials", "--format", "json"],
    ));
    let back: serde_json::Value = serde_json::from_str(&back).unwrap();
    assert_eq!(back["Source"], "environment");
    assert_eq!(back["AccessKeyId"], "ASIAPROCESS");
    assert_eq!(back["Expiration"], end.rfc3339().as_str());
}

#[test]
fn credentials_names_every_source_it_tried_when_none_has_any() {
    let home = Home::new("none");
    let o = run(&home.0, &[], &["credentials"]);
    fails(&o, 1, "no credentials found");
    let err = String::from_utf8_lossy(&o.stderr);
    for source in [
        "environment",
        "profile",
        "web identity",
        "container",
        "IMDS",
    ] {
        assert!(err.contains(source), "{source} missing from: {err}");
    }
}

/// `awssig credentials --format process` against what a botocore session
/// resolved for the same files (`tests/data/botocore/profiles.json`): every
/// case that botocore answers with static keys or a `credential_process`
/// (the commands are `printf`s and run for real here). Skipped, with the
/// reason: the cases awssig departs from on purpose (the shared list), and
/// processes whose `Expiration` has passed on the real clock (the corpus
/// froze botocore's at 2026-01-01; the CLI resolves now). Role chains,
/// SSO and web identity call STS or SSO: the library's comparison covers
/// their plans.
#[cfg(unix)]
#[test]
fn credentials_export_matches_botocore_for_static_keys_and_processes() {
    use common::botocore_profiles::{corpus, DELIBERATE};
    let corpus = corpus();
    let now = SigningTime::now();
    let home = Home::new("botocore");
    let (mut compared, mut failures) = (0, Vec::new());
    for case in corpus["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let expect = &case["expect"];
        let method = expect["method"].as_str().unwrap_or("");
        let static_or_process = matches!(
            method,
            "shared-credentials-file" | "config-file" | "custom-process"
        );
        if expect["result"] != "credentials"
            || !static_or_process
            || DELIBERATE.iter().any(|(n, _)| *n == name)
        {
            continue;
        }
        let source = &expect["source"];
        let expiry = source["expiry"].as_str();
        if let Some(end) = expiry {
            if SigningTime::from_rfc3339(end).unwrap() <= now {
                continue;
            }
        }
        for file in ["config", "credentials"] {
            let path = home.0.join(".aws").join(file);
            match case[file].as_str() {
                Some(text) => std::fs::write(&path, text).unwrap(),
                None => {
                    let _ = std::fs::remove_file(&path);
                }
            }
        }
        let profile = case["profile"].as_str().unwrap();
        let o = run(&home.0, &[], &["credentials", "--profile", profile]);
        compared += 1;
        if !o.status.success() {
            failures.push(format!(
                "{name}: exit {:?}: {}",
                o.status,
                String::from_utf8_lossy(&o.stderr)
            ));
            continue;
        }
        let got: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let want_expiry = expiry.map(|e| {
            SigningTime::from_rfc3339(e)
                .unwrap()
                .rfc3339()
                .replace('Z', "+00:00")
        });
        let checks = [
            (
                "AccessKeyId",
                source["access_key_id"].as_str().map(String::from),
            ),
            (
                "SecretAccessKey",
                source["secret_access_key"].as_str().map(String::from),
            ),
            (
                "SessionToken",
                // botocore keeps a blank token as "" and then sends none
                // (its signers test the token for truth): no token here.
                source["session_token"]
                    .as_str()
                    .filter(|t| !t.is_empty())
                    .map(String::from),
            ),
            ("Expiration", want_expiry),
        ];
        for (field, want) in checks {
            let got = got[field].as_str().map(String::from);
            if got != want {
                failures.push(format!(
                    "{name}: {field}: botocore {want:?}, awssig {got:?}"
                ));
            }
        }
    }
    assert!(
        compared >= 70,
        "only {compared} cases compared (76 when written)"
    );
    assert!(
        failures.is_empty(),
        "{} of {compared} cases differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

// ------------------------------------------------------------------ tokens

/// The committed corpus of tokens made by botocore and the aws cli
/// (tests/tools/gen_botocore_tokens.py).
fn token_cases(kind: &str) -> Vec<serde_json::Value> {
    let corpus = read_json(&data_dir().join("botocore/tokens.json"));
    corpus["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == kind)
        .take(12)
        .cloned()
        .collect()
}

/// A corpus case's credentials as the environment, and its time for --at.
fn case_env(c: &serde_json::Value) -> Vec<(&str, &str)> {
    let mut env = vec![
        ("AWS_ACCESS_KEY_ID", c["access_key_id"].as_str().unwrap()),
        (
            "AWS_SECRET_ACCESS_KEY",
            c["secret_access_key"].as_str().unwrap(),
        ),
    ];
    if let Some(t) = c["session_token"].as_str() {
        env.push(("AWS_SESSION_TOKEN", t));
    }
    env
}

fn case_str<'a>(c: &'a serde_json::Value, k: &str) -> &'a str {
    c[k].as_str().unwrap()
}

#[test]
fn token_subcommands_print_the_bytes_the_aws_tools_print() {
    let home = Home::new("tokens-corpus");
    for c in token_cases("rds") {
        let port = c["port"].to_string();
        let args = [
            "rds-token",
            "--hostname",
            case_str(&c, "hostname"),
            "--port",
            &port,
            "--username",
            case_str(&c, "username"),
            "--region",
            case_str(&c, "region"),
            "--at",
            case_str(&c, "time"),
        ];
        // `aws rds generate-db-auth-token` prints the token and a newline.
        let want = format!("{}\n", case_str(&c, "token"));
        assert_eq!(
            stdout(&run(&home.0, &case_env(&c), &args)),
            want,
            "{}",
            c["name"]
        );
    }
    for c in token_cases("dsql") {
        let expires = c["expires_in"].to_string();
        let mut args = vec![
            "dsql-token",
            "--hostname",
            case_str(&c, "hostname"),
            "--region",
            case_str(&c, "region"),
            "--expires-in",
            &expires,
            "--at",
            case_str(&c, "time"),
        ];
        if c["admin"].as_bool().unwrap() {
            args.push("--admin");
        }
        let want = format!("{}\n", case_str(&c, "token"));
        assert_eq!(
            stdout(&run(&home.0, &case_env(&c), &args)),
            want,
            "{}",
            c["name"]
        );
    }
    for c in token_cases("eks") {
        let mut env = case_env(&c);
        if let Some(info) = c["kubernetes_exec_info"].as_str() {
            env.push(("KUBERNETES_EXEC_INFO", info));
        }
        let args = [
            "eks-token",
            "--cluster-name",
            case_str(&c, "cluster_name"),
            "--region",
            case_str(&c, "region"),
            "--at",
            case_str(&c, "time"),
        ];
        let o = run(&home.0, &env, &args);
        assert_eq!(stdout(&o), case_str(&c, "stdout"), "{}", c["name"]);
        assert_eq!(
            String::from_utf8_lossy(&o.stderr),
            case_str(&c, "stderr"),
            "{}",
            c["name"]
        );
    }
    for c in token_cases("elasticache") {
        let target = if c["serverless"].as_bool().unwrap() {
            "--serverless-cache-name"
        } else {
            "--replication-group-id"
        };
        let args = [
            "elasticache-token",
            target,
            case_str(&c, "cache_name"),
            "--user-id",
            case_str(&c, "user_id"),
            "--region",
            case_str(&c, "region"),
            "--at",
            case_str(&c, "time"),
        ];
        let want = format!("{}\n", case_str(&c, "token"));
        assert_eq!(
            stdout(&run(&home.0, &case_env(&c), &args)),
            want,
            "{}",
            c["name"]
        );
    }
    for c in token_cases("memorydb") {
        let args = [
            "memorydb-token",
            "--cluster-name",
            case_str(&c, "cluster_name"),
            "--username",
            case_str(&c, "username"),
            "--region",
            case_str(&c, "region"),
            "--at",
            case_str(&c, "time"),
        ];
        let want = format!("{}\n", case_str(&c, "token"));
        assert_eq!(
            stdout(&run(&home.0, &case_env(&c), &args)),
            want,
            "{}",
            c["name"]
        );
    }
}

#[test]
fn eks_token_is_accepted_by_a_local_check_with_the_crates_verifier() {
    use base64::Engine;
    let home = Home::new("eks-verify");
    let at = "2026-03-01T10:00:00Z";
    let o = run(
        &home.0,
        &ENV,
        &[
            "eks-token",
            "--cluster-name",
            "prod_cluster-1",
            "--region",
            "eu-west-1",
            "--at",
            at,
        ],
    );
    let doc: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(doc["kind"], "ExecCredential");
    assert_eq!(doc["apiVersion"], "client.authentication.k8s.io/v1beta1");
    assert_eq!(doc["status"]["expirationTimestamp"], "2026-03-01T10:14:00Z");
    // What aws-iam-authenticator does: strip the prefix, decode, and
    // check the presigned GetCallerIdentity with the cluster's header.
    let token = doc["status"]["token"].as_str().unwrap();
    let b64 = token.strip_prefix("k8s-aws-v1.").unwrap();
    assert!(!b64.contains('='), "unpadded");
    let url = String::from_utf8(
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(b64)
            .unwrap(),
    )
    .unwrap();
    assert!(
        url.starts_with(
            "https://sts.eu-west-1.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15&"
        ),
        "{url}"
    );
    let t = SigningTime::from_rfc3339(at).unwrap();
    let verifier = awssig::verify::Verifier::new("sts").region("eu-west-1");
    let headers = [("x-k8s-aws-id", "prod_cluster-1")];
    let ok = verifier
        .verify(
            &awssig::verify::Incoming::new("GET", &url, &headers),
            t,
            example_lookup,
        )
        .unwrap();
    assert_eq!(ok.signed_headers().as_str(), "host;x-k8s-aws-id");
    assert_eq!(ok.expires_at().map(|e| e.unix() - t.unix()), Some(60));
    let other = [("x-k8s-aws-id", "another")];
    assert!(verifier
        .verify(
            &awssig::verify::Incoming::new("GET", &url, &other),
            t,
            example_lookup
        )
        .is_err());
}

#[test]
fn token_subcommands_have_help_with_an_example() {
    let home = Home::new("tokens-help");
    for sub in [
        "explain",
        "rds-token",
        "dsql-token",
        "eks-token",
        "elasticache-token",
        "memorydb-token",
    ] {
        let help = stdout(&run(&home.0, &[], &[sub, "--help"]));
        assert!(help.contains("Example:\n  "), "{sub}: {help}");
        assert!(
            help.contains(&format!("awssig {sub} ")),
            "{sub}'s example runs it: {help}"
        );
        assert!(
            help.contains("--at") && help.contains("--region"),
            "{sub}: {help}"
        );
    }
}

#[test]
fn token_bad_input_is_one_line_and_exit_2() {
    let home = Home::new("tokens-bad");
    let rds = |port: &str, user: &str, extra: &[&str]| {
        let mut args = vec![
            "rds-token",
            "--hostname",
            "db.example.com",
            "--port",
            port,
            "--username",
            user,
        ];
        args.extend_from_slice(extra);
        run(&home.0, &ENV, &args)
    };
    fails(
        &rds("70000", "app", &[]),
        2,
        "port 70000 is out of range; allowed are 1 to 65535",
    );
    fails(
        &rds("0", "app", &[]),
        2,
        "port 0 is out of range; allowed are 1 to 65535",
    );
    fails(&rds("5432x", "app", &[]), 2, "--port");
    fails(&rds("5432", "", &[]), 2, "the RDS user name is empty");
    fails(
        &rds("5432", "app", &["--expires-in", "901"]),
        2,
        "--expires-in 901 s is outside the RDS token's range of 1 to 900 s",
    );
    fails(&rds("5432", "app", &["--region", "us east 1"]), 2, "region");
    let o = run(
        &home.0,
        &ENV,
        &[
            "rds-token",
            "--hostname",
            "https://db.example.com",
            "--port",
            "5432",
            "--username",
            "app",
        ],
    );
    fails(&o, 2, "a host name alone");
    let o = run(
        &home.0,
        &ENV,
        &[
            "dsql-token",
            "--hostname",
            "a.dsql.us-east-1.on.aws",
            "--expires-in",
            "604801",
        ],
    );
    fails(&o, 2, "outside the DSQL token's range of 1 to 604800 s");
    let o = run(&home.0, &ENV, &["eks-token", "--cluster-name", "bad name"]);
    fails(&o, 2, "the EKS cluster name \"bad name\" is not valid");
    let o = run(&home.0, &ENV, &["eks-token"]);
    fails(&o, 2, "--cluster-name");
    let o = run(
        &home.0,
        &ENV,
        &[
            "elasticache-token",
            "--replication-group-id",
            "a--b",
            "--user-id",
            "u",
        ],
    );
    fails(&o, 2, "ElastiCache replication group id");
    let o = run(
        &home.0,
        &ENV,
        &[
            "elasticache-token",
            "--replication-group-id",
            "g",
            "--serverless-cache-name",
            "n",
            "--user-id",
            "u",
        ],
    );
    fails(&o, 2, "cannot be used with");
    let o = run(
        &home.0,
        &ENV,
        &[
            "memorydb-token",
            "--cluster-name",
            "orders",
            "--username",
            "u",
            "--expires-in",
            "0",
        ],
    );
    fails(&o, 2, "outside the MemoryDB token's range");
    // Without credentials the inputs are still checked first (exit 2); good
    // inputs then fail on the credentials (exit 1).
    fails(
        &run(
            &home.0,
            &[],
            &[
                "rds-token",
                "--hostname",
                "db",
                "--port",
                "0",
                "--username",
                "u",
            ],
        ),
        2,
        "port 0",
    );
    fails(
        &run(
            &home.0,
            &[],
            &[
                "rds-token",
                "--hostname",
                "db",
                "--port",
                "1",
                "--username",
                "u",
            ],
        ),
        1,
        "no usable credentials",
    );
}

// ----------------------------------------------------------------- explain

#[test]
fn explain_names_the_cause_of_each_recorded_broken_request() {
    let home = Home::new("explain");
    let dir = data_dir().join("explain");
    let doc = read_json(&dir.join("cases.json"));
    for c in doc["cases"].as_array().unwrap() {
        let g = &c["given"];
        let headers: Vec<String> = json_pairs(&g["headers"])
            .iter()
            .map(|(n, v)| format!("{n}: {v}"))
            .collect();
        let ceph_log = dir.join(c["ceph"]["log"].as_str().unwrap());
        let body = dir.join(c["verifier"]["body"].as_str().unwrap());
        for (flag, file) in [("--server-log", &ceph_log), ("--error-body", &body)] {
            let mut args = vec![
                "explain",
                "--method",
                g["method"].as_str().unwrap(),
                "--url",
                g["url"].as_str().unwrap(),
                "--region",
                g["region"].as_str().unwrap(),
                flag,
                file.to_str().unwrap(),
            ];
            for h in &headers {
                args.extend(["--header", h.as_str()]);
            }
            let out = stdout(&run(&home.0, &ENV, &args));
            let want = format!("likely cause: {}", c["cause"].as_str().unwrap());
            assert!(out.contains(&want), "{} {flag}: {out}", c["name"]);
        }
    }
}

#[test]
fn explain_reads_the_verifiers_body_on_stdin_and_explains_a_presigned_url() {
    use awssig::verify::{Incoming, Verifier};
    let home = Home::new("explain-presigned");
    let t = SigningTime::from_rfc3339("2026-03-01T10:00:00Z").unwrap();
    let url = Bucket::new("examplebucket", "us-east-1")
        .unwrap()
        .get("a b.txt")
        .presign(&example_creds(), t, 600)
        .unwrap();
    // Sent with the space as '+': the verifier's debug answer, in S3's shape.
    let sent = url.replacen("/a%20b.txt", "/a+b.txt", 1);
    let err = Verifier::s3()
        .debug(true)
        .verify(&Incoming::new("GET", &sent, &[]), t, example_lookup)
        .unwrap_err();
    let body = format!(
        "<Error><Code>SignatureDoesNotMatch</Code><CanonicalRequest>{}</CanonicalRequest><StringToSign>{}</StringToSign></Error>",
        err.canonical_request().unwrap().replace('&', "&amp;"),
        err.string_to_sign().unwrap()
    );
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_awssig"));
    cmd.env_clear()
        .env("HOME", &home.0)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .envs(ENV)
        .args(["explain", "--url", &url, "--error-body", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    use std::io::Write as _;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(body.as_bytes())
        .unwrap();
    let out = stdout(&child.wait_with_output().unwrap());
    assert_eq!(
        out,
        "canonical request line 2 differs:\n  awssig: /a%20b.txt\n  server: /a%2Bb.txt\nlikely cause: path encoding: the path was sent encoded differently from how it was signed (a space as '+', '%2F' decoded or encoded twice, dot segments resolved): sign the path exactly as it goes on the wire\n"
    );
}

#[test]
fn explain_bad_input_is_one_line_and_exit_2() {
    let home = Home::new("explain-bad");
    let body = home.0.join("body.xml");
    std::fs::write(&body, "<Error><Code>AccessDenied</Code></Error>").unwrap();
    let url = "https://b.s3.amazonaws.com/k";
    let o = run(
        &home.0,
        &ENV,
        &[
            "explain",
            "--url",
            url,
            "--header",
            "X-Amz-Date: 20260301T100000Z",
            "--error-body",
            body.to_str().unwrap(),
        ],
    );
    fails(
        &o,
        2,
        "has no CanonicalRequest, StringToSign or StringToSignBytes",
    );
    std::fs::write(
        &body,
        "<Error><CanonicalRequest>GET</CanonicalRequest></Error>",
    )
    .unwrap();
    let o = run(
        &home.0,
        &ENV,
        &[
            "explain",
            "--url",
            url,
            "--error-body",
            body.to_str().unwrap(),
        ],
    );
    fails(&o, 2, "give the signing time with --at");
    let o = run(&home.0, &ENV, &["explain", "--url", url]);
    fails(&o, 2, "--error-body");
}

#[test]
#[ignore = "needs moto: bash scripts/e2e-moto.sh"]
fn eks_token_assumes_the_role_arn_at_moto_and_signs_with_its_keys() {
    use base64::Engine;
    let endpoint = std::env::var("AWSSIG_E2E_MOTO_ENDPOINT").unwrap_or_default();
    assert!(
        !endpoint.is_empty(),
        "AWSSIG_E2E_MOTO_ENDPOINT is not set: start moto and run this test with `bash scripts/e2e-moto.sh`"
    );
    let home = Home::new("eks-role");
    let mut env = ENV.to_vec();
    env.push(("AWS_ENDPOINT_URL_STS", &endpoint));
    let o = run(
        &home.0,
        &env,
        &[
            "eks-token",
            "--cluster-name",
            "prod",
            "--region",
            "us-east-1",
            "--role-arn",
            "arn:aws:iam::123456789012:role/eks-admin",
        ],
    );
    let doc: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let b64 = doc["status"]["token"]
        .as_str()
        .unwrap()
        .strip_prefix("k8s-aws-v1.")
        .unwrap();
    let url = String::from_utf8(
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(b64)
            .unwrap(),
    )
    .unwrap();
    // Signed with the role's temporary keys, not the source's.
    assert!(url.contains("&X-Amz-Credential=ASIA"), "{url}");
    assert!(!url.contains(EXAMPLE_KEY_ID), "{url}");
    assert!(url.contains("&X-Amz-Security-Token="), "{url}");
    // A role ARN STS cannot take is a usage error.
    let o = run(
        &home.0,
        &env,
        &[
            "eks-token",
            "--cluster-name",
            "prod",
            "--role-arn",
            "not an arn",
        ],
    );
    fails(&o, 2, "--role-arn");
}

#[test]
fn presign_once_signs_a_fresh_nonce_each_time_and_the_link_is_admitted_once() {
    use awssig::verify::replay::{MemoryGuard, OnceLinks};
    use awssig::verify::{Incoming, Verifier};
    let home = Home::new("once");
    let args = [
        "presign",
        "s3://examplebucket/contract.pdf",
        "--once",
        "--at",
        "2024-01-01T00:00:00Z",
    ];
    let a = stdout(&run(&home.0, &ENV, &args)).trim_end().to_string();
    let b = stdout(&run(&home.0, &ENV, &args)).trim_end().to_string();
    assert_ne!(a, b, "two one-time links in the same second must differ");
    assert!(a.contains("?x-awssig-once="), "{a}");
    let now = SigningTime::from_rfc3339("2024-01-01T00:00:01Z").unwrap();
    let lookup = |_: &str| Some(EXAMPLE_SECRET.to_string());
    let once = OnceLinks::new(MemoryGuard::new(10));
    for url in [&a, &b] {
        let req = Incoming::new("GET", url, &[]);
        let ok = Verifier::s3().verify(&req, now, lookup).unwrap();
        assert!(once.admit(&req, &ok, now).unwrap().is_once());
        assert!(once.admit(&req, &ok, now).is_err(), "second use of {url}");
    }
}

#[test]
fn presign_once_with_sigv2_is_a_usage_error() {
    let home = Home::new("once-v2");
    let o = run(
        &home.0,
        &ENV,
        &[
            "presign",
            "s3://b-1/k",
            "--once",
            "--signature-version",
            "v2",
        ],
    );
    fails(&o, 2, "--once needs SigV4");
}

/// SigV4A: a multi-region access point ARN presigns to its global host
/// with the region set `*` (the same URL as the library's), `verify`
/// accepts it and refuses a tamper, `--signature-version v4a` presigns an
/// ordinary bucket (its region is the region set), and `sign` writes SigV4A headers that
/// the library's verifier accepts. POST forms refuse v4a.
#[test]
fn sigv4a_presign_verify_and_sign() {
    let home = Home::new("v4a");
    let arn = "arn:aws:s3::123456789012:accesspoint/mfzwi23gnjvgw.mrap";
    let target = format!("s3://{arn}/photos/cat.jpg");
    let (url, o) = presign_then_verify(&home.0, &ENV, &[&target], &[]);
    valid(&url, &o);
    let lib = awssig::s3::Bucket::multi_region_access_point(arn)
        .unwrap()
        .get("photos/cat.jpg")
        .presign(&example_creds(), unix_time(1_704_067_200), 3600)
        .unwrap();
    assert_eq!(url, lib, "RFC 6979: the CLI and the library sign the same");
    assert!(url.starts_with(
        "https://mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com/photos/cat.jpg?X-Amz-Algorithm=AWS4-ECDSA-P256-SHA256&"
    ));
    let tampered = url.replace("/cat.jpg?", "/dog.jpg?");
    fails(
        &run(
            &home.0,
            &ENV,
            &["verify", &tampered, "--at", "2024-01-01T00:00:00Z"],
        ),
        1,
        "SignatureDoesNotMatch",
    );
    let (url, o) = presign_then_verify(
        &home.0,
        &ENV,
        &[
            "s3://b-1/k",
            "--signature-version",
            "v4a",
            "--region",
            "eu-west-1",
        ],
        &["--region", "eu-west-1"],
    );
    valid(&url, &o);
    assert!(
        url.starts_with("https://b-1.s3.eu-west-1.amazonaws.com/k?"),
        "{url}"
    );
    assert!(url.contains("&X-Amz-Region-Set=eu-west-1&"), "{url}");
    fails(
        &run(&home.0, &ENV, &["post", &target]),
        2,
        "POST forms are signed with v4 or v2",
    );
    fails(
        &run(
            &home.0,
            &ENV,
            &["presign", &target, "--signature-version", "v2"],
        ),
        2,
        "SigV4A only",
    );

    let host = "mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com";
    let out = stdout(&run(
        &home.0,
        &ENV,
        &[
            "sign",
            "--method",
            "GET",
            "--url",
            &format!("https://{host}/k"),
            "--signature-version",
            "v4a",
            "--at",
            "2024-01-01T00:00:00Z",
        ],
    ));
    let mut headers: Vec<(String, String)> = vec![("host".into(), host.into())];
    for line in out.lines() {
        let (n, v) = line.split_once(": ").unwrap();
        headers.push((n.to_ascii_lowercase(), v.to_string()));
    }
    assert!(
        headers
            .iter()
            .any(|(n, v)| n == "x-amz-region-set" && v == "*"),
        "{out}"
    );
    let refs = str_pairs(&headers);
    let ok = awssig::verify::Verifier::s3()
        .verify(
            &awssig::verify::Incoming::new("GET", "/k", &refs),
            unix_time(1_704_067_200),
            example_lookup,
        )
        .unwrap();
    assert_eq!(ok.region(), "*");
}

/// `--checksum`, `--content-length` and `--content-md5` reproduce a case of
/// the botocore corpus of pinned uploads byte for byte, and the pins go to
/// stderr as the headers to send.
#[test]
fn presign_pins_match_botocore() {
    let home = Home::new("pins");
    let corpus = read_json(&data_dir().join("botocore/presign-pinned.json"));
    let c = corpus["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "put-object-crc32-length-md5-hello-us-east-1-virtual")
        .expect("the corpus case");
    let p = &c["params"];
    let checksum = format!("crc32={}", p["ChecksumCRC32"].as_str().unwrap());
    let length = p["ContentLength"].to_string();
    let o = run(
        &home.0,
        &ENV,
        &[
            "presign",
            "s3://pin-bucket/uploads/pinned file.bin",
            "--method",
            "PUT",
            "--at",
            c["time"].as_str().unwrap(),
            "--expires-in",
            "900",
            "--checksum",
            &checksum,
            "--content-length",
            &length,
            "--content-md5",
            p["ContentMD5"].as_str().unwrap(),
        ],
    );
    assert_eq!(stdout(&o).trim_end(), c["url"].as_str().unwrap());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains(&format!("content-length: {length}")), "{err}");
    assert!(err.contains("x-amz-checksum-crc32: "), "{err}");
}

#[test]
fn presign_refuses_malformed_pins() {
    let home = Home::new("badpins");
    let base = ["presign", "s3://b-1/k", "--method", "PUT"];
    let with = |extra: &[&str]| {
        let mut args = base.to_vec();
        args.extend_from_slice(extra);
        run(&home.0, &ENV, &args)
    };
    fails(&with(&["--checksum", "sha256"]), 2, "ALG=BASE64");
    fails(
        &with(&["--checksum", "md5=AAAA"]),
        2,
        "not a checksum algorithm",
    );
    fails(
        &with(&["--checksum", "sha256=AAAAAA=="]),
        1,
        "32-byte SHA256",
    );
    fails(
        &with(&["--checksum", "crc32=AAAAAAA="]),
        1,
        "x-amz-checksum-crc32",
    );
    fails(
        &with(&["--content-md5", "d41d8cd98f00b204e9800998ecf8427e"]),
        1,
        "Content-MD5",
    );
    fails(&with(&["--content-length", "ten"]), 2, "--content-length");
}

/// `awssig multipart` prints the library's URLs as JSON: the create step
/// alone, then with an upload id every part (pinned to its length with
/// --size), Complete, Abort and ListParts.
#[test]
fn multipart_prints_the_flow_as_json() {
    let home = Home::new("multipart");
    let at = "2024-05-01T12:34:56Z";
    let t = SigningTime::from_amz_date("20240501T123456Z").unwrap();
    let creds = example_creds();
    let bucket = Bucket::new("uploads", "us-east-1").unwrap();
    let up = bucket.multipart("big file.bin");
    let o = run(
        &home.0,
        &ENV,
        &["multipart", "s3://uploads/big file.bin", "--at", at],
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["create"]["method"], "POST");
    assert_eq!(
        v["create"]["url"],
        up.create().presign(&creds, t, 3600).unwrap()
    );
    assert!(v.get("parts").is_none());

    let size = (20 * 1024 * 1024).to_string();
    let o = run(
        &home.0,
        &ENV,
        &[
            "multipart",
            "s3://uploads/big file.bin",
            "--at",
            at,
            "--upload-id",
            "2~Vx+Ab/cD=eF",
            "--parts",
            "3",
            "--size",
            &size,
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let parts = v["parts"].as_array().unwrap();
    assert_eq!(parts.len(), 3);
    let lens = [6_990_507u64, 6_990_507, 6_990_506];
    for (i, p) in parts.iter().enumerate() {
        let n = i as u16 + 1;
        let want = up
            .upload_part("2~Vx+Ab/cD=eF", n)
            .content_length(lens[i])
            .presign(&creds, t, 3600)
            .unwrap();
        assert_eq!(p["url"], want, "part {n}");
        assert_eq!(p["part_number"], n);
        assert_eq!(p["headers"]["content-length"], lens[i].to_string());
    }
    for (step, method, req) in [
        ("complete", "POST", up.complete("2~Vx+Ab/cD=eF")),
        ("abort", "DELETE", up.abort("2~Vx+Ab/cD=eF")),
        ("list_parts", "GET", up.list_parts("2~Vx+Ab/cD=eF")),
    ] {
        assert_eq!(v[step]["method"], method);
        assert_eq!(
            v[step]["url"],
            req.presign(&creds, t, 3600).unwrap(),
            "{step}"
        );
    }
}

#[test]
fn multipart_refuses_what_s3_would() {
    let home = Home::new("multipart-bad");
    let run_mp = |extra: &[&str]| {
        let mut args = vec!["multipart", "s3://uploads/k", "--upload-id", "ID"];
        args.extend_from_slice(extra);
        run(&home.0, &ENV, &args)
    };
    fails(&run_mp(&["--parts", "0"]), 2, "--parts");
    fails(&run_mp(&["--parts", "10001"]), 2, "--parts");
    fails(&run_mp(&[]), 2, "--parts N");
    // 20 MiB in 10 parts is 2 MiB parts: under S3's 5 MiB minimum.
    fails(
        &run_mp(&["--parts", "10", "--size", "20971520"]),
        1,
        "5 MiB",
    );
    fails(
        &run(&home.0, &ENV, &["multipart", "s3://uploads/"]),
        2,
        "KEY",
    );
}
