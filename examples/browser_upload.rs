//! Serves an HTML page whose form uploads a file straight from the browser
//! to S3 with a SigV4 POST policy: the server signs, the bytes never pass
//! through it.
//!
//! * `GET /?key=…` → the page: a `multipart/form-data` form whose action is
//!   the bucket's URL, the policy's hidden fields, and a file input. With
//!   `&auto=1` the page makes a small text file itself and submits the
//!   form (what the headless-browser test uses).
//! * `GET /done?bucket=…&key=…&etag=…` → where S3 redirects after the
//!   upload (`success_action_redirect`); shows what was stored.
//! * `GET /multipart?key=…` → a page that uploads a large file in parts
//!   through presigned URLs (`Bucket::multipart`): the browser asks this
//!   server for the create URL, creates the upload on S3, asks for the
//!   part URLs (each pinned to its part's `Content-Length` by
//!   `PartPlan`), PUTs each slice, asks for the Complete body
//!   (`CompleteMultipartUpload`) and URL, completes, and posts S3's answer
//!   back to `/multipart/done`, which reads it with `CompleteOutcome`.
//!   With `&auto=1&size=N` the page makes an N-byte file itself (byte `i`
//!   is `(7 i + i / 8192) mod 256`) and runs the flow (the headless test
//!   uses 20 MiB). The bucket needs a CORS rule that allows the page's
//!   origin to `PUT`/`POST` and exposes `ETag`.
//!
//! ```text
//! AWS_ACCESS_KEY_ID=… AWS_SECRET_ACCESS_KEY=… AWS_REGION=us-east-1 \
//! S3_BUCKET=my-bucket [S3_ENDPOINT=http://127.0.0.1:9000] [PORT=8000] \
//! cargo run --example browser_upload
//! # open http://127.0.0.1:8000/
//! ```
//!
//! The bucket must accept browser POSTs (on AWS: a CORS rule is not needed
//! for a plain form post, only for `fetch`, which the multipart page
//! uses). Tested with headless Chromium in `tests/examples.rs`: the form
//! against s3s-fs, the multipart upload against Ceph RGW.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use awssig::s3::multipart::{CompleteMultipartUpload, CompleteOutcome, PartPlan};
use awssig::s3::{AddressingStyle, Bucket, Endpoint};
use awssig::{Credentials, SigningTime};
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::Html;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};

/// What the page signs with, and the uploads S3 reported back.
pub struct Page {
    /// The bucket the form posts to.
    pub bucket: Bucket,
    /// The credentials that sign the policy (never sent to the browser).
    pub credentials: Credentials,
    /// `(bucket, key, etag)` of each upload S3 redirected back with.
    pub uploads: Mutex<Vec<(String, String, String)>>,
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A generated file and an automatic submit, for headless browsers.
const AUTO_SUBMIT: &str = r#"<script>
const file = new File(["uploaded by a browser through an awssig POST policy\n"], "hello.txt", {type: "text/plain"});
const list = new DataTransfer();
list.items.add(file);
document.getElementById("file").files = list.files;
document.getElementById("status").textContent = "uploading " + file.name;
document.getElementById("upload").submit();
</script>"#;

async fn page(
    State(page): State<Arc<Page>>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Html<String>, (StatusCode, String)> {
    let key = q.get("key").map_or("uploads/hello.txt", String::as_str);
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1");
    let form = page
        .bucket
        .post_policy(key)
        .expires_in(600)
        .content_type("text/plain")
        .content_length_range(1, 1 << 20)
        .success_action_redirect(format!("http://{host}/done"))
        .sign_v4(&page.credentials, SigningTime::now())
        .map_err(|e| (StatusCode::BAD_REQUEST, e.to_string()))?;
    let auto = if q.get("auto").is_some_and(|v| v == "1") {
        AUTO_SUBMIT
    } else {
        ""
    };
    Ok(Html(format!(
        r#"<!doctype html>
<html><head><meta charset="utf-8"><title>awssig browser upload</title></head>
<body>
<h1>Upload to {bucket}</h1>
<p id="status">key: {key}</p>
<form id="upload" action="{action}" method="post" enctype="multipart/form-data">
{inputs}<input type="file" id="file" name="file">
<button type="submit">Upload</button>
</form>
{auto}
</body></html>
"#,
        bucket = escape(page.bucket.name()),
        key = escape(key),
        action = escape(form.url()),
        inputs = form.html_inputs(),
    )))
}

async fn done(
    State(page): State<Arc<Page>>,
    Query(q): Query<HashMap<String, String>>,
) -> Html<String> {
    let field = |name: &str| q.get(name).cloned().unwrap_or_default();
    let (bucket, key, etag) = (field("bucket"), field("key"), field("etag"));
    let text = format!(
        "<!doctype html><html><body><h1>Uploaded</h1><p id=\"result\">{} / {} (ETag {})</p></body></html>",
        escape(&bucket),
        escape(&key),
        escape(&etag)
    );
    if let Ok(mut uploads) = page.uploads.lock() {
        uploads.push((bucket, key, etag));
    }
    Html(text)
}

/// How long the multipart page's URLs live.
const MULTIPART_EXPIRES_IN: u64 = 900;

/// The multipart page's script: create, parts, complete, report.
const MULTIPART_SCRIPT: &str = r#"<script>
const show = t => { document.getElementById("status").textContent = t; };
async function ok(url, opts) {
  const r = await fetch(url, opts);
  if (!r.ok) throw new Error(url.split("?")[0] + ": HTTP " + r.status + " " + await r.text());
  return r;
}
async function upload(file, key) {
  const q = "key=" + encodeURIComponent(key);
  const create = await (await ok("/multipart/create?" + q)).json();
  const init = await (await ok(create.url, {method: "POST", headers: create.headers})).text();
  const id = new DOMParser().parseFromString(init, "application/xml").getElementsByTagName("UploadId")[0].textContent;
  const qi = q + "&upload_id=" + encodeURIComponent(id);
  const plan = await (await ok("/multipart/parts?" + qi + "&size=" + file.size)).json();
  const etags = [];
  for (const p of plan.parts) {
    show("part " + p.number + " of " + plan.parts.length);
    const r = await ok(p.url, {method: "PUT", headers: p.headers, body: file.slice(p.offset, p.offset + p.len)});
    etags.push([p.number, r.headers.get("ETag")]);
  }
  const complete = await (await ok("/multipart/complete?" + qi, {method: "POST", headers: {"content-type": "application/json"}, body: JSON.stringify(etags)})).json();
  const answer = await (await ok(complete.url, {method: "POST", body: complete.body})).text();
  const done = await (await ok("/multipart/done?" + q + "&size=" + file.size, {method: "POST", body: answer})).text();
  show(done);
}
function pick() {
  const f = document.getElementById("file").files[0];
  upload(f, document.getElementById("key").value).catch(e => show("failed: " + e.message));
}
</script>"#;

/// The automatic run: a generated file of `size` bytes.
fn multipart_auto(size: u64) -> String {
    format!(
        r#"<script>
const size = {size};
const data = new Uint8Array(size);
for (let i = 0; i < size; i++) data[i] = (i * 7 + Math.floor(i / 8192)) & 255;
upload(new Blob([data]), document.getElementById("key").value).catch(e => show("failed: " + e.message));
</script>"#
    )
}

fn bad_request(e: impl ToString) -> (StatusCode, String) {
    (StatusCode::BAD_REQUEST, e.to_string())
}

fn query<'q>(q: &'q HashMap<String, String>, name: &str) -> Result<&'q str, (StatusCode, String)> {
    q.get(name)
        .map(String::as_str)
        .ok_or_else(|| bad_request(format!("{name} is missing")))
}

/// A presigned step for the page: the URL and the headers `fetch` must
/// send (`Content-Length` is the browser's to set, from the body).
fn step(signed: &awssig::s3::PresignedUrl) -> Value {
    let headers: serde_json::Map<String, Value> = signed
        .headers()
        .iter()
        .filter(|(n, _)| n != "content-length")
        .map(|(n, v)| (n.clone(), Value::from(v.as_str())))
        .collect();
    json!({"url": signed.url(), "headers": headers})
}

async fn multipart_page(Query(q): Query<HashMap<String, String>>) -> Html<String> {
    let key = q.get("key").map_or("uploads/big.bin", String::as_str);
    let auto = match (q.get("auto"), q.get("size").and_then(|s| s.parse().ok())) {
        (Some(a), Some(size)) if a == "1" => multipart_auto(size),
        _ => String::new(),
    };
    Html(format!(
        r#"<!doctype html>
<html><head><meta charset="utf-8"><title>awssig multipart upload</title></head>
<body>
<h1>Multipart upload through presigned URLs</h1>
<p><input id="key" value="{key}"> <input type="file" id="file"> <button onclick="pick()">Upload</button></p>
<p id="status">ready</p>
{MULTIPART_SCRIPT}
{auto}
</body></html>
"#,
        key = escape(key),
    ))
}

async fn multipart_create(
    State(page): State<Arc<Page>>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Json<Value>, (StatusCode, String)> {
    let signed = page
        .bucket
        .multipart(query(&q, "key")?)
        .create()
        .presign_detailed(&page.credentials, SigningTime::now(), MULTIPART_EXPIRES_IN)
        .map_err(bad_request)?;
    Ok(Json(step(&signed)))
}

async fn multipart_parts(
    State(page): State<Arc<Page>>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Json<Value>, (StatusCode, String)> {
    let size: u64 = query(&q, "size")?.parse().map_err(bad_request)?;
    let plan = PartPlan::auto(size, 8 * 1024 * 1024).map_err(bad_request)?;
    let upload = page.bucket.multipart(query(&q, "key")?);
    let id = query(&q, "upload_id")?;
    let now = SigningTime::now();
    let mut parts = Vec::new();
    for p in plan.parts() {
        let signed = upload
            .upload_part(id, p.number())
            .content_length(p.len())
            .presign_detailed(&page.credentials, now, MULTIPART_EXPIRES_IN)
            .map_err(bad_request)?;
        let mut s = step(&signed);
        s["number"] = p.number().into();
        s["offset"] = p.offset().into();
        s["len"] = p.len().into();
        parts.push(s);
    }
    Ok(Json(json!({ "parts": parts })))
}

async fn multipart_complete(
    State(page): State<Arc<Page>>,
    Query(q): Query<HashMap<String, String>>,
    Json(etags): Json<Vec<(u16, String)>>,
) -> Result<Json<Value>, (StatusCode, String)> {
    let body = etags
        .into_iter()
        .fold(CompleteMultipartUpload::new(), |b, (n, etag)| {
            b.part(n, etag)
        })
        .to_xml()
        .map_err(bad_request)?;
    let signed = page
        .bucket
        .multipart(query(&q, "key")?)
        .complete(query(&q, "upload_id")?)
        .presign_detailed(&page.credentials, SigningTime::now(), MULTIPART_EXPIRES_IN)
        .map_err(bad_request)?;
    let mut s = step(&signed);
    s["body"] = body.into();
    Ok(Json(s))
}

async fn multipart_done(
    State(page): State<Arc<Page>>,
    Query(q): Query<HashMap<String, String>>,
    answer: String,
) -> Result<String, (StatusCode, String)> {
    let key = query(&q, "key")?.to_string();
    match CompleteOutcome::parse(&answer).map_err(bad_request)? {
        CompleteOutcome::Completed(c) => {
            if let Ok(mut uploads) = page.uploads.lock() {
                uploads.push((
                    page.bucket.name().to_string(),
                    key.clone(),
                    c.etag().to_string(),
                ));
            }
            Ok(format!("uploaded {key} (ETag {})", c.etag()))
        }
        CompleteOutcome::Failed(e) => Err(bad_request(format!("{}: {}", e.code(), e.message()))),
        other => Err(bad_request(format!("{other:?}"))),
    }
}

/// The routes.
pub fn router(page: Arc<Page>) -> Router {
    Router::new()
        .route("/", get(self::page))
        .route("/done", get(done))
        .route("/multipart", get(multipart_page))
        .route("/multipart/create", get(multipart_create))
        .route("/multipart/parts", get(multipart_parts))
        .route("/multipart/complete", post(multipart_complete))
        .route("/multipart/done", post(multipart_done))
        .with_state(page)
}

/// The page from the environment (the AWS tools' variable names, plus
/// `S3_BUCKET` and an optional `S3_ENDPOINT`, which selects path style).
pub fn from_env() -> Result<Page, String> {
    let var = |name: &str| std::env::var(name).map_err(|_| format!("{name} is not set"));
    let credentials = Credentials::new(var("AWS_ACCESS_KEY_ID")?, var("AWS_SECRET_ACCESS_KEY")?)
        .map_err(|e| e.to_string())?;
    let region = var("AWS_REGION").unwrap_or_else(|_| "us-east-1".to_string());
    let bucket = match std::env::var("S3_ENDPOINT") {
        Ok(endpoint) => Bucket::with_endpoint(
            var("S3_BUCKET")?,
            region,
            Endpoint::parse(&endpoint).map_err(|e| e.to_string())?,
        )
        .and_then(|b| b.addressing_style(AddressingStyle::Path)),
        Err(_) => Bucket::new(var("S3_BUCKET")?, region),
    }
    .map_err(|e| e.to_string())?;
    Ok(Page {
        bucket,
        credentials,
        uploads: Mutex::new(Vec::new()),
    })
}

fn main() -> Result<(), String> {
    let page = Arc::new(from_env()?);
    let port = std::env::var("PORT").unwrap_or_else(|_| "8000".to_string());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_io()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(format!("127.0.0.1:{port}"))
            .await
            .map_err(|e| format!("bind 127.0.0.1:{port}: {e}"))?;
        println!("open http://127.0.0.1:{port}/");
        axum::serve(listener, router(page))
            .await
            .map_err(|e| e.to_string())
    })
}
