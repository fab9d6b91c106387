//! Real S3 clients against `examples/verify_service.rs` (behind the
//! `tower` layer), served on 127.0.0.1 over TLS with a self-signed
//! certificate the clients trust: boto3 (default configuration:
//! aws-chunked with a CRC32 trailer over https), the aws cli (`s3 cp` both
//! ways, `s3 ls`, `s3api`), s3cmd, rclone, aws-sdk-js-v3 and curl
//! `--aws-sigv4`. Each client uploads, downloads, lists and deletes
//! (multipart where the client does it), then sends tampered variants
//! that must be refused with S3's codes; a row that differs because of the
//! client names the quirk and links its tracker.
//!
//! The clients are not part of `cargo test`: these tests are ignored
//! unless asked for, and fail when a client is missing. `.ci/run`
//! installs them (boto3 and awscli into `target/s3-clients-venv`, s3cmd
//! and rclone from Debian, aws-sdk-js-v3 into `target/s3-clients-node`)
//! and runs `cargo test --all-features --test s3_clients -- --ignored`.
//! `S3_CLIENTS_BIN` names the directory holding `python3`, `aws`, `s3cmd`,
//! `rclone` (default: the `PATH`); `S3_CLIENTS_NODE_MODULES` the
//! `node_modules` (default: `target/s3-clients-node/node_modules`).
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
    // rclone 1.60 refuses AWS_CA_BUNDLE beside --ca-cert ("unsupported
    // transport"): a command that removed it keeps it removed.
    if !cmd.get_envs().any(|(k, _)| k == "AWS_CA_BUNDLE") {
        cmd.env("AWS_CA_BUNDLE", &s.door.cert_pem);
    }
    cmd.env("AWS_ACCESS_KEY_ID", AKID)
        .env("AWS_SECRET_ACCESS_KEY", SECRET)
        .env("AWS_DEFAULT_REGION", REGION)
        .env("AWS_REGION", REGION)
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

/// A client's matrix: each row printed as it runs; all must pass.
#[derive(Default)]
struct Rows(Vec<(String, bool)>);

impl Rows {
    fn row(&mut self, name: &str, ok: bool, detail: impl std::fmt::Display) {
        if ok {
            println!("ROW {name} ok");
        } else {
            println!("ROW {name} FAIL {detail}");
        }
        self.0.push((name.to_string(), ok));
    }

    fn finish(self, client: &str) {
        let failed: Vec<_> = self
            .0
            .iter()
            .filter(|(_, ok)| !ok)
            .map(|(n, _)| n)
            .collect();
        assert!(failed.is_empty(), "{client}: rows failed: {failed:?}");
        println!("{client}: {} rows passed", self.0.len());
    }
}

/// A file of `len` bytes under the work directory, and its content.
fn file(s: &Setup, name: &str, len: usize) -> (PathBuf, Vec<u8>) {
    let data: Vec<u8> = (0..len as u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    let path = s.work.join(name);
    std::fs::write(&path, &data).expect("write");
    (path, data)
}

/// `curl` of a presigned URL; the body.
fn curl_url(s: &Setup, url: &str) -> String {
    let o = Command::new("curl")
        .args(["-sS", "--cacert"])
        .arg(&s.door.cert_pem)
        .arg(url)
        .output()
        .expect("curl did not start (apt-get install curl)");
    text(&o)
}

fn s3cmd(s: &Setup, secret: &str, args: &[&str]) -> Output {
    let config = s.work.join(format!("s3cmd-{}.cfg", secret.len()));
    std::fs::write(
        &config,
        format!(
            "[default]\naccess_key = {AKID}\nsecret_key = {secret}\nhost_base = 127.0.0.1:{port}\nhost_bucket = 127.0.0.1:{port}\n\
             use_https = True\nca_certs_file = {ca}\ncheck_ssl_certificate = True\ncheck_ssl_hostname = True\n\
             signature_v2 = False\nbucket_location = {REGION}\n",
            port = s.door.https_port,
            ca = s.door.cert_pem.display()
        ),
    )
    .expect("s3cmd config");
    run(
        s,
        Command::new(program("s3cmd"))
            .arg("-c")
            .arg(&config)
            .args(args),
    )
}

#[test]
#[ignore = "needs s3cmd (apt-get install s3cmd): cargo test --all-features --test s3_clients -- --ignored"]
fn s3cmd_put_get_ls_del_multipart_over_https() {
    let s = start("s3cmd");
    let mut rows = Rows::default();
    let (small, small_data) = file(&s, "small.bin", 3000);
    let (big, big_data) = file(&s, "big.bin", 9 * 1024 * 1024 + 4321);
    let o = s3cmd(
        &s,
        SECRET,
        &[
            "put",
            small.to_str().unwrap(),
            &format!("s3://{BUCKET}/s3cmd/small.bin"),
        ],
    );
    rows.row(
        "put",
        o.status.success() && s.service.object("s3cmd/small.bin") == Some(small_data.clone()),
        text(&o),
    );
    let o = s3cmd(
        &s,
        SECRET,
        &[
            "put",
            "--multipart-chunk-size-mb=5",
            big.to_str().unwrap(),
            &format!("s3://{BUCKET}/s3cmd/big.bin"),
        ],
    );
    rows.row(
        "put, multipart (2 parts)",
        o.status.success() && s.service.object("s3cmd/big.bin") == Some(big_data.clone()),
        text(&o),
    );
    let out = s.work.join("down.bin");
    let o = s3cmd(
        &s,
        SECRET,
        &[
            "get",
            "--force",
            &format!("s3://{BUCKET}/s3cmd/big.bin"),
            out.to_str().unwrap(),
        ],
    );
    rows.row(
        "get",
        o.status.success() && std::fs::read(&out).ok() == Some(big_data),
        text(&o),
    );
    let o = s3cmd(&s, SECRET, &["ls", &format!("s3://{BUCKET}/s3cmd/")]);
    rows.row(
        "ls",
        o.status.success() && text(&o).contains("small.bin") && text(&o).contains("big.bin"),
        text(&o),
    );
    let o = s3cmd(
        &s,
        SECRET,
        &["del", &format!("s3://{BUCKET}/s3cmd/small.bin")],
    );
    rows.row(
        "del",
        o.status.success() && s.service.object("s3cmd/small.bin").is_none(),
        text(&o),
    );
    let o = s3cmd(
        &s,
        "not-the-secret",
        &[
            "put",
            small.to_str().unwrap(),
            &format!("s3://{BUCKET}/s3cmd/evil.bin"),
        ],
    );
    rows.row(
        "tampered: wrong secret → SignatureDoesNotMatch",
        !o.status.success()
            && text(&o).contains("SignatureDoesNotMatch")
            && s.service.object("s3cmd/evil.bin").is_none(),
        text(&o),
    );
    let o = s3cmd(
        &s,
        SECRET,
        &["signurl", &format!("s3://{BUCKET}/s3cmd/big.bin"), "+1"],
    );
    // s3cmd 2.3.0 writes signurl's URL with http:// whatever use_https
    // says; the server behind it speaks TLS.
    let url = String::from_utf8_lossy(&o.stdout)
        .trim()
        .replacen("http://", "https://", 1);
    std::thread::sleep(std::time::Duration::from_secs(2));
    let body = curl_url(&s, &url);
    rows.row(
        "tampered: expired signurl → AccessDenied",
        body.contains("<Code>AccessDenied</Code>"),
        format!("{url}: {body}"),
    );
    rows.finish("s3cmd");
}

fn rclone(s: &Setup, secret: &str, args: &[&str]) -> Output {
    let mut cmd = Command::new(program("rclone"));
    cmd.env_remove("AWS_CA_BUNDLE")
        .env("RCLONE_CONFIG", s.work.join("no-rclone.conf"))
        .env("RCLONE_CONFIG_T_TYPE", "s3")
        .env("RCLONE_CONFIG_T_PROVIDER", "Other")
        .env("RCLONE_CONFIG_T_ACCESS_KEY_ID", AKID)
        .env("RCLONE_CONFIG_T_SECRET_ACCESS_KEY", secret)
        .env("RCLONE_CONFIG_T_ENDPOINT", s.door.https_url())
        .env("RCLONE_CONFIG_T_REGION", REGION)
        .env("RCLONE_CONFIG_T_FORCE_PATH_STYLE", "true")
        .arg("--ca-cert")
        .arg(&s.door.cert_pem)
        .args(["--retries", "1", "--low-level-retries", "1"])
        .args(args);
    run(s, &mut cmd)
}

#[test]
#[ignore = "needs rclone (apt-get install rclone): cargo test --all-features --test s3_clients -- --ignored"]
fn rclone_copy_ls_delete_multipart_over_https() {
    let s = start("rclone");
    let mut rows = Rows::default();
    let (small, small_data) = file(&s, "small.bin", 3000);
    let (big, big_data) = file(&s, "big.bin", 12 * 1024 * 1024 + 99);
    let dst = |k: &str| format!("t:{BUCKET}/rclone/{k}");
    let o = rclone(
        &s,
        SECRET,
        &["copyto", small.to_str().unwrap(), &dst("small.bin")],
    );
    rows.row(
        "copyto up",
        o.status.success() && s.service.object("rclone/small.bin") == Some(small_data),
        text(&o),
    );
    let o = rclone(
        &s,
        SECRET,
        &[
            "copyto",
            "--s3-upload-cutoff",
            "5M",
            "--s3-chunk-size",
            "5M",
            big.to_str().unwrap(),
            &dst("big.bin"),
        ],
    );
    rows.row(
        "copyto up, multipart (3 parts)",
        o.status.success() && s.service.object("rclone/big.bin") == Some(big_data.clone()),
        text(&o),
    );
    let out = s.work.join("down.bin");
    let o = rclone(
        &s,
        SECRET,
        &["copyto", &dst("big.bin"), out.to_str().unwrap()],
    );
    rows.row(
        "copyto down",
        o.status.success() && std::fs::read(&out).ok() == Some(big_data),
        text(&o),
    );
    let o = rclone(&s, SECRET, &["ls", &format!("t:{BUCKET}/rclone")]);
    rows.row(
        "ls",
        o.status.success() && text(&o).contains("small.bin") && text(&o).contains("big.bin"),
        text(&o),
    );
    let o = rclone(&s, SECRET, &["deletefile", &dst("small.bin")]);
    rows.row(
        "deletefile",
        o.status.success() && s.service.object("rclone/small.bin").is_none(),
        text(&o),
    );
    let o = rclone(
        &s,
        "not-the-secret",
        &["copyto", small.to_str().unwrap(), &dst("evil.bin")],
    );
    rows.row(
        "tampered: wrong secret → 403 (rclone HEADs first: a HEAD answer has no body, so no code)",
        !o.status.success()
            && text(&o).contains("status code: 403")
            && s.service.object("rclone/evil.bin").is_none(),
        text(&o),
    );
    let o = rclone(&s, SECRET, &["link", "--expire", "1s", &dst("big.bin")]);
    let url = String::from_utf8_lossy(&o.stdout).trim().to_string();
    std::thread::sleep(std::time::Duration::from_secs(2));
    let body = curl_url(&s, &url);
    rows.row(
        "tampered: expired rclone link → AccessDenied",
        body.contains("<Code>AccessDenied</Code>"),
        format!("{url}: {body}"),
    );
    rows.finish("rclone");
}

#[test]
#[ignore = "needs aws-sdk-js-v3: npm install --prefix target/s3-clients-node @aws-sdk/client-s3 @aws-sdk/lib-storage @aws-sdk/s3-request-presigner; cargo test --all-features --test s3_clients -- --ignored"]
fn aws_sdk_js_v3_over_https() {
    let s = start("js");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let modules = std::env::var_os("S3_CLIENTS_NODE_MODULES")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target/s3-clients-node/node_modules"));
    assert!(
        modules.join("@aws-sdk/client-s3").exists(),
        "aws-sdk-js-v3 is not installed under {}",
        modules.display()
    );
    let out = run(
        &s,
        Command::new("node")
            .arg(root.join("tests/clients/js_matrix.mjs"))
            .env("NODE_PATH", &modules)
            .env("NODE_EXTRA_CA_CERTS", &s.door.cert_pem)
            .env("ENDPOINT", s.door.https_url())
            .env("BUCKET", BUCKET),
    );
    check_rows("aws-sdk-js-v3", &out);
}
