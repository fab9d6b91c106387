//! A web service that hands out presigned S3 URLs and browser POST forms,
//! the scenario of a Flask/FastAPI + boto3 backend, in axum:
//!
//! * `GET /presigned-url?file_name=…[&method=GET|PUT]` →
//!   `{"presigned_url": "…"}` (a download URL by default, an upload URL
//!   with `method=PUT`);
//! * `POST /presigned-post?file_name=…` → `{"url": "…", "fields": {…},
//!   "expires_at": "…"}`, boto3's `generate_presigned_post` shape and the
//!   policy's expiration (`PostForm`'s `Serialize`,
//!   feature `serde`), for a browser or any client to upload with a
//!   `multipart/form-data` POST (at most 10 MiB).
//!
//! ```text
//! AWS_ACCESS_KEY_ID=… AWS_SECRET_ACCESS_KEY=… AWS_REGION=us-east-1 \
//! S3_BUCKET=my-bucket [S3_ENDPOINT=http://127.0.0.1:9000] [PORT=8000] \
//! cargo run --example presign_service --features serde
//! curl 'http://127.0.0.1:8000/presigned-url?file_name=report.pdf'
//! ```
//!
//! Tested in `tests/examples.rs`: the service runs on 127.0.0.1:0 and the
//! URLs and form it returns are used against s3s-fs.

use std::sync::Arc;

use awssig::post::PostForm;
use awssig::s3::{AddressingStyle, Bucket, Endpoint};
use awssig::{Credentials, SigningTime};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

/// What the service signs with.
pub struct Service {
    /// The bucket the URLs and forms are for.
    pub bucket: Bucket,
    /// The credentials that sign them (never sent to clients).
    pub credentials: Credentials,
    /// Lifetime of URLs and forms, seconds.
    pub expires_in: u64,
}

#[derive(Deserialize)]
struct FileQuery {
    file_name: String,
    #[serde(default)]
    method: Option<String>,
}

type Answer = Result<Json<Value>, (StatusCode, Json<Value>)>;

fn bad_request(message: impl std::fmt::Display) -> (StatusCode, Json<Value>) {
    (
        StatusCode::BAD_REQUEST,
        Json(json!({ "error": message.to_string() })),
    )
}

async fn presigned_url(State(service): State<Arc<Service>>, Query(q): Query<FileQuery>) -> Answer {
    let request = match q.method.as_deref().unwrap_or("GET") {
        m if m.eq_ignore_ascii_case("GET") => service.bucket.get(&q.file_name),
        m if m.eq_ignore_ascii_case("PUT") => service.bucket.put(&q.file_name),
        other => return Err(bad_request(format!("method {other:?}: use GET or PUT"))),
    };
    let url = request
        .presign(&service.credentials, SigningTime::now(), service.expires_in)
        .map_err(bad_request)?;
    Ok(Json(json!({ "presigned_url": url })))
}

async fn presigned_post(
    State(service): State<Arc<Service>>,
    Query(q): Query<FileQuery>,
) -> Result<Json<PostForm>, (StatusCode, Json<Value>)> {
    // `Json(form)` writes the fields in form order (a `serde_json::Value`
    // would sort them).
    service
        .bucket
        .post_policy(&q.file_name)
        .expires_in(service.expires_in)
        .content_length_range(0, 10 << 20)
        .sign_v4(&service.credentials, SigningTime::now())
        .map(Json)
        .map_err(bad_request)
}

/// The routes.
pub fn router(service: Arc<Service>) -> Router {
    Router::new()
        .route("/presigned-url", get(presigned_url))
        .route("/presigned-post", post(presigned_post))
        .with_state(service)
}

/// The service from the environment (the AWS tools' variable names, plus
/// `S3_BUCKET` and an optional `S3_ENDPOINT`, which selects path style).
pub fn from_env() -> Result<Service, String> {
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
    Ok(Service {
        bucket,
        credentials,
        expires_in: 3600,
    })
}

fn main() -> Result<(), String> {
    let service = Arc::new(from_env()?);
    let port = std::env::var("PORT").unwrap_or_else(|_| "8000".to_string());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_io()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(format!("127.0.0.1:{port}"))
            .await
            .map_err(|e| format!("bind 127.0.0.1:{port}: {e}"))?;
        println!("listening on http://127.0.0.1:{port}");
        axum::serve(listener, router(service))
            .await
            .map_err(|e| e.to_string())
    })
}
