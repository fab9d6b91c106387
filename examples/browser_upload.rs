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
//!
//! ```text
//! AWS_ACCESS_KEY_ID=… AWS_SECRET_ACCESS_KEY=… AWS_REGION=us-east-1 \
//! S3_BUCKET=my-bucket [S3_ENDPOINT=http://127.0.0.1:9000] [PORT=8000] \
//! cargo run --example browser_upload
//! # open http://127.0.0.1:8000/
//! ```
//!
//! The bucket must accept browser POSTs (on AWS: a CORS rule is not needed
//! for a plain form post, only for `fetch`). Tested with headless Chromium
//! against s3s-fs in `tests/examples.rs`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use awssig::s3::{AddressingStyle, Bucket, Endpoint};
use awssig::{Credentials, SigningTime};
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::Html;
use axum::routing::get;
use axum::Router;

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

/// The routes.
pub fn router(page: Arc<Page>) -> Router {
    Router::new()
        .route("/", get(self::page))
        .route("/done", get(done))
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
