//! The examples run against s3s-fs (in-process, `tests/e2e/s3s_server.rs`):
//! each example's code is compiled in here (`#[path]`), its service is
//! started on 127.0.0.1:0, and what it hands out is used against the real
//! server with a real HTTP client; the objects are read back.
//!
//! The browser tests need Chromium (`apt-get install chromium`); they are
//! ignored unless asked for (`.ci/run` runs them and fails without
//! Chromium). The POST form runs against s3s-fs:
//! `cargo test --all-features --test examples -- --ignored --exact browser_upload_through_headless_chromium`;
//! the 20 MiB multipart upload runs against Ceph RGW (it needs a bucket
//! CORS rule, which s3s-fs 0.14 does not serve), started by
//! `bash scripts/e2e-ceph.sh`, which runs it.

mod e2e;

#[path = "../examples/browser_upload.rs"]
#[allow(dead_code)]
mod browser_upload;
#[cfg(feature = "serde")]
#[path = "../examples/presign_service.rs"]
#[allow(dead_code)]
mod presign_service;
#[path = "../examples/upload_file.rs"]
#[allow(dead_code)]
mod upload_file;

use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use awssig::v4::Payload;
use e2e::s3s_server::S3sServer;
use e2e::{Ctx, Resp, Style};

/// s3s-fs with a fresh bucket.
fn s3s_with_bucket() -> (S3sServer, Ctx) {
    let server = S3sServer::start();
    let ctx = Ctx::new(server.e2e_server(Vec::new())).expect("e2e context");
    let path = format!("/{}", ctx.bucket);
    let h = ctx
        .sign_v4("PUT", Style::Path, &path, "", &[], Payload::Empty)
        .expect("sign CreateBucket");
    let h: Vec<(&str, &str)> = h.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    let r = ctx
        .send("PUT", &ctx.url(Style::Path, &path, ""), &h, Some(b""))
        .expect("CreateBucket");
    assert_eq!(
        r.status,
        200,
        "CreateBucket: {}",
        String::from_utf8_lossy(&r.body)
    );
    (server, ctx)
}

/// Serves `router` on 127.0.0.1:0; the runtime stops when dropped.
fn serve(router: axum::Router) -> (tokio::runtime::Runtime, u16) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_io()
        .build()
        .expect("tokio runtime");
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    listener.set_nonblocking(true).expect("nonblocking");
    let port = listener.local_addr().expect("local addr").port();
    runtime.spawn(async move {
        let listener = tokio::net::TcpListener::from_std(listener).expect("tokio listener");
        let _ = axum::serve(listener, router).await;
    });
    (runtime, port)
}

/// GET of `key` by a presigned URL the test makes itself.
fn read_back(ctx: &Ctx, key: &str) -> Resp {
    let url = ctx.presign(ctx.path.get(key)).expect("presign GET");
    ctx.send("GET", &url, &[], None).expect("GET")
}

#[test]
fn upload_file_puts_with_a_presigned_url() {
    let (_server, ctx) = s3s_with_bucket();
    let body = b"uploaded by examples/upload_file.rs\n";
    let up = upload_file::upload(
        &ctx.path,
        &ctx.creds,
        "files/report 1.txt",
        body,
        Some("text/plain"),
    )
    .expect("upload");
    assert_eq!(up.status, 200, "PUT answered {}: {}", up.status, up.body);
    assert!(up.etag.is_some(), "no ETag");
    let back = read_back(&ctx, "files/report 1.txt");
    assert_eq!(back.status, 200);
    assert_eq!(back.body, body);
    assert_eq!(back.header("content-type"), Some("text/plain"));

    // A wrong secret is refused by the server, and the example reports it.
    let wrong =
        awssig::Credentials::new(ctx.creds.access_key_id(), "not-the-secret").expect("creds");
    let up = upload_file::upload(&ctx.path, &wrong, "files/x.txt", body, None).expect("upload");
    assert_eq!(up.status, 403, "{}", up.body);
    assert!(up.body.contains("SignatureDoesNotMatch"), "{}", up.body);
}

/// A `multipart/form-data` body: `fields` in order, then the file.
fn multipart(fields: &[(String, String)], file: &[u8]) -> (String, Vec<u8>) {
    let boundary = "----awssig-example-boundary-7d3f";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n")
            .as_bytes(),
    );
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

#[cfg(feature = "serde")]
#[test]
fn presign_service_urls_and_form_work_against_s3s() {
    let (_server, ctx) = s3s_with_bucket();
    let service = Arc::new(presign_service::Service {
        bucket: ctx.path.clone(),
        credentials: ctx.creds.clone(),
        expires_in: 600,
    });
    let (_runtime, port) = serve(presign_service::router(service));
    let api_text = |method: &str, path_query: &str| -> String {
        let r = ctx
            .send(
                method,
                &format!("http://127.0.0.1:{port}{path_query}"),
                &[],
                None,
            )
            .expect("call the service");
        assert_eq!(
            r.status,
            200,
            "{path_query}: {}",
            String::from_utf8_lossy(&r.body)
        );
        String::from_utf8(r.body).expect("UTF-8 answer")
    };
    let api = |method: &str, path_query: &str| -> serde_json::Value {
        serde_json::from_str(&api_text(method, path_query)).expect("JSON answer")
    };
    let key = "docs/report v1 (final).txt";
    let q = awssig::uri_encode(key, false);

    // Upload with the PUT URL, download with the GET URL.
    let put = api("GET", &format!("/presigned-url?file_name={q}&method=PUT"));
    let url = put["presigned_url"].as_str().expect("presigned_url");
    let r = ctx.send("PUT", url, &[], Some(b"version 1")).expect("PUT");
    assert_eq!(r.status, 200, "PUT: {}", String::from_utf8_lossy(&r.body));
    let get = api("GET", &format!("/presigned-url?file_name={q}"));
    let url = get["presigned_url"].as_str().expect("presigned_url");
    let r = ctx.send("GET", url, &[], None).expect("GET");
    assert_eq!((r.status, r.body.as_slice()), (200, &b"version 1"[..]));

    // The POST form, in boto3's shape, fields in form order (checked on
    // the text: serde_json's map here is sorted).
    let text = api_text("POST", "/presigned-post?file_name=form%2Fupload.bin");
    let names = [
        "key",
        "x-amz-algorithm",
        "x-amz-credential",
        "x-amz-date",
        "policy",
        "x-amz-signature",
    ];
    let at: Vec<usize> = names
        .iter()
        .map(|n| text.find(&format!("\"{n}\":")).expect(n))
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "field order: {text}");
    assert!(text.starts_with(r#"{"url":""#), "{text}");
    let form: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(form.as_object().map(|o| o.len()), Some(3), "{form}");
    // The effective expiry, after the signing time.
    let expires_at = form["expires_at"].as_str().expect("expires_at");
    let signed_at = form["fields"]["x-amz-date"].as_str().expect("x-amz-date");
    assert!(
        awssig::SigningTime::from_amz_date(expires_at).expect("expires_at")
            > awssig::SigningTime::from_amz_date(signed_at).expect("x-amz-date"),
        "{form}"
    );
    let url = form["url"].as_str().expect("url");
    assert_eq!(url, format!("{}/{}", ctx.server.endpoint, ctx.bucket));
    let fields: Vec<(String, String)> = names
        .iter()
        .map(|n| {
            (
                n.to_string(),
                form["fields"][*n].as_str().expect(n).to_string(),
            )
        })
        .collect();
    assert_eq!(
        form["fields"].as_object().map(|o| o.len()),
        Some(names.len())
    );
    let (content_type, body) = multipart(&fields, b"posted bytes \x00\xff");
    let r = ctx
        .send("POST", url, &[("content-type", &content_type)], Some(&body))
        .expect("POST");
    assert_eq!(r.status, 204, "POST: {}", String::from_utf8_lossy(&r.body));
    let back = read_back(&ctx, "form/upload.bin");
    assert_eq!(
        (back.status, back.body.as_slice()),
        (200, &b"posted bytes \x00\xff"[..])
    );

    // A bad request is answered 400 with a message.
    let r = ctx
        .send(
            "GET",
            &format!("http://127.0.0.1:{port}/presigned-url?file_name=a&method=DELETE"),
            &[],
            None,
        )
        .expect("call");
    assert_eq!(r.status, 400);
}

/// Chromium's binary: `$CHROMIUM`, else `chromium` on the PATH.
fn chromium() -> String {
    std::env::var("CHROMIUM").unwrap_or_else(|_| "chromium".to_string())
}

#[test]
#[ignore = "needs chromium (apt-get install chromium): cargo test --all-features --test examples -- --ignored"]
fn browser_upload_through_headless_chromium() {
    let (_server, ctx) = s3s_with_bucket();
    let page = Arc::new(browser_upload::Page {
        bucket: ctx.path.clone(),
        credentials: ctx.creds.clone(),
        uploads: Default::default(),
    });
    let (_runtime, port) = serve(browser_upload::router(page.clone()));
    let key = "browser/hello from chromium.txt";
    let page_url = format!(
        "http://127.0.0.1:{port}/?auto=1&key={}",
        awssig::uri_encode(key, false)
    );
    let shot = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("browser_upload.png");
    let _ = std::fs::remove_file(&shot);
    let profile = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("chromium-profile-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&profile);
    let mut child = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--window-size=1024,600",
            "--virtual-time-budget=20000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--screenshot={}", shot.display()))
        .arg(&page_url)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run {:?} ({e}): install it (apt-get install chromium) or set CHROMIUM",
                chromium()
            )
        });
    let deadline = Instant::now() + Duration::from_secs(120);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for chromium") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within 120 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let _ = std::fs::remove_dir_all(&profile);
    let mut stderr = String::new();
    if let Some(mut e) = child.stderr.take() {
        let _ = std::io::Read::read_to_string(&mut e, &mut stderr);
    }
    assert!(status.success(), "chromium failed ({status}):\n{stderr}");

    // S3 redirected the browser back to the page's /done with the upload.
    let uploads = page.uploads.lock().expect("uploads").clone();
    assert_eq!(
        uploads.len(),
        1,
        "S3 redirects seen: {uploads:?}\nchromium:\n{stderr}"
    );
    assert_eq!(
        (uploads[0].0.as_str(), uploads[0].1.as_str()),
        (ctx.bucket.as_str(), key)
    );
    // The object landed, with the bytes and type the page sent.
    let back = read_back(&ctx, key);
    assert_eq!(
        back.status,
        200,
        "GET: {}",
        String::from_utf8_lossy(&back.body)
    );
    assert_eq!(
        back.body,
        b"uploaded by a browser through an awssig POST policy\n"
    );
    assert_eq!(back.header("content-type"), Some("text/plain"));
    let png = std::fs::metadata(&shot).map(|m| m.len()).unwrap_or(0);
    assert!(png > 0, "no screenshot at {}", shot.display());
    println!(
        "screenshot of the page after the upload: {}",
        shot.display()
    );
}

/// Ceph RGW from `scripts/e2e-ceph.sh`'s environment, with a fresh bucket
/// whose CORS rule lets a page on any origin PUT and POST and read `ETag`.
fn ceph_with_cors_bucket() -> Ctx {
    let var = |n: &str| std::env::var(n).unwrap_or_default();
    let endpoint = var("AWSSIG_E2E_CEPH_ENDPOINT");
    assert!(
        !endpoint.is_empty(),
        "AWSSIG_E2E_CEPH_ENDPOINT is not set: run this test through `bash scripts/e2e-ceph.sh`"
    );
    let ctx = Ctx::new(e2e::Server {
        name: "ceph-rgw".into(),
        endpoint,
        vhost_domain: var("AWSSIG_E2E_CEPH_VHOST_DOMAIN"),
        region: "us-east-1".into(),
        access_key: var("AWSSIG_E2E_CEPH_ACCESS_KEY"),
        secret_key: var("AWSSIG_E2E_CEPH_SECRET_KEY"),
        limits: Vec::new(),
        expect_100_continue: false,
        sts_user: None,
    })
    .expect("e2e context");
    let create = ctx.presign(ctx.path.put("")).expect("presign CreateBucket");
    let r = ctx
        .send("PUT", &create, &[], Some(b""))
        .expect("CreateBucket");
    assert_eq!(
        r.status,
        200,
        "CreateBucket: {}",
        String::from_utf8_lossy(&r.body)
    );
    let cors = b"<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin>\
        <AllowedMethod>GET</AllowedMethod><AllowedMethod>PUT</AllowedMethod>\
        <AllowedMethod>POST</AllowedMethod><AllowedHeader>*</AllowedHeader>\
        <ExposeHeader>ETag</ExposeHeader></CORSRule></CORSConfiguration>";
    let md5: [u8; 16] = <md5::Md5 as md5::Digest>::digest(cors).into();
    let signed = ctx
        .path
        .put("")
        .query("cors", "")
        .content_md5_digest(&md5)
        .presign_detailed(&ctx.creds, awssig::SigningTime::now(), 300)
        .expect("presign PutBucketCors");
    let h: Vec<(&str, &str)> = signed
        .headers()
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let r = ctx
        .send("PUT", signed.url(), &h, Some(cors))
        .expect("PutBucketCors");
    assert_eq!(
        r.status,
        200,
        "PutBucketCors: {}",
        String::from_utf8_lossy(&r.body)
    );
    ctx
}

/// Runs headless Chromium on `url` until it exits (at most 180 s).
fn run_chromium(url: &str, name: &str) -> String {
    let profile = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("chromium-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&profile);
    let mut child = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--virtual-time-budget=120000",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(url)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run {:?} ({e}): install it (apt-get install chromium) or set CHROMIUM",
                chromium()
            )
        });
    let deadline = Instant::now() + Duration::from_secs(180);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for chromium") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within 180 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let _ = std::fs::remove_dir_all(&profile);
    let (mut out, mut err) = (String::new(), String::new());
    if let Some(mut o) = child.stdout.take() {
        let _ = std::io::Read::read_to_string(&mut o, &mut out);
    }
    if let Some(mut e) = child.stderr.take() {
        let _ = std::io::Read::read_to_string(&mut e, &mut err);
    }
    assert!(status.success(), "chromium failed ({status}):\n{err}");
    format!("{out}\n--- chromium stderr ---\n{err}")
}

/// The file the multipart page generates: byte `i` is `7 i + i / 8192`.
fn generated_file(size: usize) -> Vec<u8> {
    (0..size).map(|i| (i * 7 + i / 8192) as u8).collect()
}

#[test]
#[ignore = "needs chromium and Ceph RGW: bash scripts/e2e-ceph.sh (runs it when chromium is installed)"]
fn browser_multipart_upload_of_20_mib_through_headless_chromium_against_ceph() {
    let ctx = ceph_with_cors_bucket();
    let page = Arc::new(browser_upload::Page {
        bucket: ctx.path.clone(),
        credentials: ctx.creds.clone(),
        uploads: Default::default(),
    });
    let (_runtime, port) = serve(browser_upload::router(page.clone()));
    let key = "browser/multipart 20 MiB.bin";
    let size = 20 * 1024 * 1024;
    let url = format!(
        "http://127.0.0.1:{port}/multipart?auto=1&size={size}&key={}",
        awssig::uri_encode(key, false)
    );
    let t = Instant::now();
    let dom = run_chromium(&url, "multipart");
    let uploads = page.uploads.lock().expect("uploads").clone();
    assert_eq!(uploads.len(), 1, "completed uploads: {uploads:?}\n{dom}");
    assert_eq!(uploads[0].1, key);
    // (Ceph 16.2 answers Complete with an empty ETag: not checked here.)
    let back = read_back(&ctx, key);
    assert_eq!(
        back.status,
        200,
        "GET: {}",
        String::from_utf8_lossy(&back.body)
    );
    assert_eq!(back.body.len(), size);
    assert!(
        back.body == generated_file(size),
        "the stored bytes differ from the file"
    );
    println!(
        "browser multipart: {size} bytes in 3 parts through Ceph RGW in {:.1} s",
        t.elapsed().as_secs_f64()
    );
}
