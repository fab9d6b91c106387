//! Real S3 clients against `examples/verify_service.rs` (behind the
//! `tower` layer), served on 127.0.0.1 over HTTP and over TLS with a
//! self-signed certificate the clients trust: boto3 (default
//! configuration: aws-chunked with a CRC32 trailer over https), the aws
//! cli (`s3 cp` both ways, `s3 ls`, `s3api`) and curl `--aws-sigv4`. Each
//! client uploads, downloads, lists and deletes (multipart where the
//! client does it), then sends tampered variants that must be refused
//! with S3's codes.
//!
//! The clients are not part of `cargo test`: these tests are ignored
//! unless asked for, and fail when a client is missing. `.ci/run`
//! installs them (boto3 and awscli into `target/s3-clients-venv`) and
//! runs `cargo test --all-features --test s3_clients -- --ignored`;
//! `S3_CLIENTS_BIN` names the directory holding `python3`, `aws`
//! (default: the `PATH`).
#![cfg(feature = "tower")]

#[path = "../examples/verify_service.rs"]
#[allow(dead_code)]
mod verify_service;

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;

use common::s3_front_door::{serve, FrontDoor};
use verify_service::Service;

const BUCKET: &str = "clients";
const REGION: &str = "us-east-1";
const AKID: &str = "AKIDS3CLIENTS";
const SECRET: &str = "s3/clients+secret";

struct Setup {
    door: FrontDoor,
    service: Arc<Service>,
    work: PathBuf,
}

fn start(name: &str) -> Setup {
    let work = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("s3-clients-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).expect("work dir");
    let service = Arc::new(Service::new(
        BUCKET,
        REGION,
        [(AKID.to_string(), SECRET.to_string())],
    ));
    let door = serve(
        verify_service::router(service.clone()),
        &work.join("tls"),
        2,
    );
    Setup {
        door,
        service,
        work,
    }
}

/// A client program: from `S3_CLIENTS_BIN` if set, else the `PATH`.
fn program(name: &str) -> PathBuf {
    match std::env::var_os("S3_CLIENTS_BIN") {
        Some(dir) if Path::new(&dir).join(name).exists() => Path::new(&dir).join(name),
        _ => PathBuf::from(name),
    }
}

/// Runs `cmd` with the test's credentials and CA bundle; panics if the
/// program is missing (a client that fails to start fails the run).
fn run(s: &Setup, cmd: &mut Command) -> Output {
    cmd.env("AWS_ACCESS_KEY_ID", AKID)
        .env("AWS_SECRET_ACCESS_KEY", SECRET)
        .env("AWS_DEFAULT_REGION", REGION)
        .env("AWS_REGION", REGION)
        .env("AWS_CA_BUNDLE", &s.door.cert_pem)
        .env("AWS_CONFIG_FILE", s.work.join("no-config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", s.work.join("no-credentials"))
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_SESSION_TOKEN")
        .env_remove("AWS_ENDPOINT_URL");
    cmd.output().unwrap_or_else(|e| {
        panic!(
            "{:?} did not start ({e}); see this file's header for how to install it",
            cmd.get_program()
        )
    })
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// The rows a client printed (`ROW <name> ok|FAIL …`): all must pass.
fn check_rows(client: &str, out: &Output) {
    let all = text(out);
    println!("{all}");
    let rows: Vec<&str> = all.lines().filter(|l| l.starts_with("ROW ")).collect();
    let failed: Vec<&&str> = rows.iter().filter(|l| !l.ends_with(" ok")).collect();
    assert!(!rows.is_empty(), "{client}: no rows ran:\n{all}");
    assert!(
        failed.is_empty() && out.status.success(),
        "{client}: failed rows:\n{failed:#?}\n{all}"
    );
    println!("{client}: {} rows passed", rows.len());
}

#[test]
#[ignore = "needs boto3: pip install boto3; cargo test --all-features --test s3_clients -- --ignored"]
fn boto3_default_config_over_https() {
    let s = start("boto3");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/clients/boto3_matrix.py");
    let out = run(
        &s,
        Command::new(program("python3"))
            .arg(&script)
            .env("ENDPOINT", s.door.https_url())
            .env("BUCKET", BUCKET)
            .env("WORK", &s.work),
    );
    check_rows("boto3", &out);
    assert!(s
        .service
        .object("boto3/big.bin")
        .is_some_and(|b| b.len() == 9 * 1024 * 1024 + 12345));
}

/// One aws cli row: runs `aws --endpoint-url URL ARGS…`, returns the output.
fn aws(s: &Setup, endpoint: &str, args: &[&str]) -> Output {
    run(
        s,
        Command::new(program("aws"))
            .arg("--endpoint-url")
            .arg(endpoint)
            .args(args),
    )
}

#[test]
#[ignore = "needs the aws cli: pip install awscli; cargo test --all-features --test s3_clients -- --ignored"]
fn aws_cli_cp_ls_s3api_over_https() {
    let s = start("awscli");
    let ep = s.door.https_url();
    let small = s.work.join("small.txt");
    std::fs::write(&small, b"from the aws cli\n".repeat(50)).unwrap();
    let big = s.work.join("big.bin");
    let big_data: Vec<u8> = (0..9 * 1024 * 1024 + 777u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    std::fs::write(&big, &big_data).unwrap();
    let dst = |k: &str| format!("s3://{BUCKET}/{k}");
    let mut rows = Vec::new();
    let mut row = |name: &str, ok: bool, detail: String| {
        println!(
            "ROW {name} {}",
            if ok {
                "ok".to_string()
            } else {
                format!("FAIL {detail}")
            }
        );
        rows.push((name.to_string(), ok));
    };
    let o = aws(
        &s,
        &ep,
        &["s3", "cp", small.to_str().unwrap(), &dst("cli/small.txt")],
    );
    row(
        "s3 cp up",
        o.status.success()
            && s.service.object("cli/small.txt").as_deref()
                == Some(&std::fs::read(&small).unwrap()[..]),
        text(&o),
    );
    let o = aws(
        &s,
        &ep,
        &["s3", "cp", big.to_str().unwrap(), &dst("cli/big.bin")],
    );
    row(
        "s3 cp up, multipart (9 MiB)",
        o.status.success() && s.service.object("cli/big.bin").as_deref() == Some(&big_data[..]),
        text(&o),
    );
    let down = s.work.join("down.bin");
    let o = aws(
        &s,
        &ep,
        &["s3", "cp", &dst("cli/big.bin"), down.to_str().unwrap()],
    );
    row(
        "s3 cp down",
        o.status.success() && std::fs::read(&down).ok().as_deref() == Some(&big_data[..]),
        text(&o),
    );
    let o = aws(&s, &ep, &["s3", "ls", &dst("cli/")]);
    let t = text(&o);
    row(
        "s3 ls",
        o.status.success() && t.contains("small.txt") && t.contains("big.bin"),
        t,
    );
    let o = aws(&s, &ep, &["s3", "ls"]);
    row(
        "s3 ls (buckets)",
        o.status.success() && text(&o).contains(BUCKET),
        text(&o),
    );
    let o = aws(
        &s,
        &ep,
        &[
            "s3api",
            "head-object",
            "--bucket",
            BUCKET,
            "--key",
            "cli/small.txt",
        ],
    );
    row(
        "s3api head-object",
        o.status.success() && text(&o).contains("\"ContentLength\": 850"),
        text(&o),
    );
    let o = aws(
        &s,
        &ep,
        &[
            "s3api",
            "list-objects-v2",
            "--bucket",
            BUCKET,
            "--prefix",
            "cli/",
            "--max-items",
            "5",
            "--page-size",
            "1",
        ],
    );
    row(
        "s3api list-objects-v2 (paged)",
        o.status.success() && text(&o).matches("\"Key\"").count() == 2,
        text(&o),
    );
    let o = aws(
        &s,
        &ep,
        &[
            "s3api",
            "delete-object",
            "--bucket",
            BUCKET,
            "--key",
            "cli/small.txt",
        ],
    );
    row(
        "s3api delete-object",
        o.status.success() && s.service.object("cli/small.txt").is_none(),
        text(&o),
    );
    let o = aws(&s, &ep, &["s3", "rm", &dst("cli/big.bin")]);
    row(
        "s3 rm",
        o.status.success() && s.service.object_count() == 0,
        text(&o),
    );
    // Tampered: a wrong secret, refused as S3 does.
    let o = Command::new(program("aws"))
        .args([
            "--endpoint-url",
            &ep,
            "s3api",
            "put-object",
            "--bucket",
            BUCKET,
            "--key",
            "cli/evil.txt",
            "--body",
            small.to_str().unwrap(),
        ])
        .env("AWS_ACCESS_KEY_ID", AKID)
        .env("AWS_SECRET_ACCESS_KEY", "not-the-secret")
        .env("AWS_DEFAULT_REGION", REGION)
        .env("AWS_CA_BUNDLE", &s.door.cert_pem)
        .env("AWS_CONFIG_FILE", s.work.join("no-config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", s.work.join("no-credentials"))
        .output()
        .expect("aws");
    row(
        "tampered: wrong secret → SignatureDoesNotMatch",
        !o.status.success()
            && text(&o).contains("SignatureDoesNotMatch")
            && s.service.object("cli/evil.txt").is_none(),
        text(&o),
    );
    // An expired presigned URL from `aws s3 presign`.
    let o = aws(
        &s,
        &ep,
        &["s3", "presign", &dst("cli/none"), "--expires-in", "1"],
    );
    let url = String::from_utf8_lossy(&o.stdout).trim().to_string();
    std::thread::sleep(std::time::Duration::from_secs(2));
    let o = Command::new("curl")
        .args(["-sS", "--cacert"])
        .arg(&s.door.cert_pem)
        .arg(&url)
        .output()
        .expect("curl did not start (apt-get install curl)");
    row(
        "tampered: expired aws s3 presign URL → AccessDenied",
        text(&o).contains("<Code>AccessDenied</Code>"),
        text(&o),
    );
    let failed: Vec<_> = rows.iter().filter(|(_, ok)| !ok).collect();
    assert!(failed.is_empty(), "aws cli rows failed: {failed:?}");
}

fn curl(s: &Setup, secret: &str, args: &[&str]) -> (u16, String) {
    let out = Command::new("curl")
        .args(["-sS", "--cacert"])
        .arg(&s.door.cert_pem)
        .args([
            "--aws-sigv4",
            &format!("aws:amz:{REGION}:s3"),
            "--user",
            &format!("{AKID}:{secret}"),
            "-o",
            "-",
            "-w",
            "\n%{http_code}",
        ])
        .args(args)
        .output()
        .expect("curl did not start (apt-get install curl)");
    let t = String::from_utf8_lossy(&out.stdout).into_owned();
    let (body, code) = t.rsplit_once('\n').unwrap_or(("", "0"));
    (code.trim().parse().unwrap_or(0), body.to_string())
}

#[test]
#[ignore = "needs curl (apt-get install curl): cargo test --all-features --test s3_clients -- --ignored"]
fn curl_aws_sigv4_over_https() {
    let s = start("curl");
    let url = |k: &str| format!("{}/{BUCKET}/{k}", s.door.https_url());
    let file = s.work.join("c.txt");
    std::fs::write(&file, b"sent by curl --aws-sigv4").unwrap();
    let sha = "UNSIGNED-PAYLOAD";
    let h = format!("x-amz-content-sha256: {sha}");
    let (code, body) = curl(
        &s,
        SECRET,
        &["-H", &h, "-T", file.to_str().unwrap(), &url("curl/c.txt")],
    );
    assert_eq!(code, 200, "PUT: {body}");
    assert_eq!(
        s.service.object("curl/c.txt").as_deref(),
        Some(&b"sent by curl --aws-sigv4"[..])
    );
    let (code, body) = curl(&s, SECRET, &["-H", &h, &url("curl/c.txt")]);
    assert_eq!((code, body.as_str()), (200, "sent by curl --aws-sigv4"));
    let (code, body) = curl(
        &s,
        SECRET,
        &[
            "-H",
            &h,
            &format!(
                "{}/{BUCKET}/?list-type=2&prefix=curl%2F",
                s.door.https_url()
            ),
        ],
    );
    assert!(
        code == 200 && body.contains("<Key>curl/c.txt</Key>"),
        "{code} {body}"
    );
    let (code, body) = curl(&s, SECRET, &["-H", &h, "-X", "DELETE", &url("curl/c.txt")]);
    assert_eq!(code, 204, "{body}");
    assert_eq!(s.service.object_count(), 0);
    // Tampered: a wrong secret; a body other than the signed hash.
    let (code, body) = curl(
        &s,
        "not-the-secret",
        &[
            "-H",
            &h,
            "-T",
            file.to_str().unwrap(),
            &url("curl/evil.txt"),
        ],
    );
    assert!(
        code == 403 && body.contains("<Code>SignatureDoesNotMatch</Code>"),
        "{code} {body}"
    );
    let wrong_hash =
        "x-amz-content-sha256: 0000000000000000000000000000000000000000000000000000000000000000";
    let (code, body) = curl(
        &s,
        SECRET,
        &[
            "-H",
            wrong_hash,
            "-T",
            file.to_str().unwrap(),
            &url("curl/evil.txt"),
        ],
    );
    assert!(
        code == 400 && body.contains("<Code>XAmzContentSHA256Mismatch</Code>"),
        "{code} {body}"
    );
    assert_eq!(s.service.object_count(), 0);
}
