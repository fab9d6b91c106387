//! The server side of presigned URLs: a small S3-style object store, in
//! axum, that checks every request's signature itself with awssig before
//! it stores or returns anything.
//!
//! * `PUT /{bucket}/{key}` with a presigned URL (SigV4 or SigV2), or signed
//!   with a SigV4 `Authorization` header, including aws-chunked uploads
//!   (`x-amz-content-sha256: STREAMING-AWS4-HMAC-SHA256-PAYLOAD` and the
//!   other streaming modes): an `x-amz-*` header the signature does not
//!   cover is refused before the body is read; every chunk is checked as it
//!   streams in, the body is held to every digest the request promised
//!   (`x-amz-content-sha256`, `Content-MD5`, `x-amz-checksum-*` including
//!   CRC64NVME, as a header, a presigned query parameter or a trailer), and
//!   the object is stored only when all of it checked; the answer carries
//!   the `ETag` (quoted MD5 hex) and the checksum, as S3's does;
//! * `GET /{bucket}/{key}` with a presigned URL returns it.
//!
//! It stays an example: a real store would stream to disk rather than
//! stage in memory, keep the ETag and checksum with the object, and serve
//! HEAD, DELETE, listings and multipart.
//!
//! Secrets come from a small in-memory map (in a real service: a
//! database, behind [`awssig::verify::SecretLookup`]). A rejected request
//! gets S3's XML error body and status, from
//! [`awssig::Error::s3_code`]: a tampered URL is `403
//! SignatureDoesNotMatch`, an expired one `403 AccessDenied`.
//!
//! ```text
//! AWS_ACCESS_KEY_ID=AKIDEXAMPLE AWS_SECRET_ACCESS_KEY=secret [AWS_REGION=us-east-1] \
//! [BUCKET=uploads] [PORT=8000] cargo run --example verify_service --features http,checksums
//! # then presign for endpoint http://127.0.0.1:8000, path style, and:
//! curl -T notes.txt "$PRESIGNED_PUT_URL"; curl "$PRESIGNED_GET_URL"
//! ```
//!
//! Tested end to end in `tests/verify_service.rs` (presigned PUT/GET v4
//! and v2, tampered and expired URLs, aws-chunked uploads with a tampered
//! chunk, unsigned `x-amz-*` headers, `Content-MD5`, a CRC64NVME checksum
//! and the `ETag`) with a real HTTP client.

use std::collections::HashMap;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use awssig::http::RequestParts;
use awssig::v4::chunked::ChunkedMode;
use awssig::verify::{BodyCheck, Incoming, Verifier};
use awssig::SigningTime;
use axum::body::{Body, HttpBody};
use axum::extract::{Request, State};
use axum::http::{header, request::Parts, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;

/// The store: one bucket, the known keys, the objects (in memory).
pub struct Service {
    bucket: String,
    verifier: Verifier,
    keys: HashMap<String, String>,
    max_object_size: usize,
    objects: Mutex<HashMap<String, Vec<u8>>>,
}

impl Service {
    /// A store for `bucket` that accepts signatures for `region` by the
    /// given (access key id, secret) pairs; objects up to 16 MiB.
    pub fn new(
        bucket: impl Into<String>,
        region: impl Into<String>,
        keys: impl IntoIterator<Item = (String, String)>,
    ) -> Self {
        Service {
            bucket: bucket.into(),
            verifier: Verifier::s3().region(region),
            keys: keys.into_iter().collect(),
            max_object_size: 16 << 20,
            objects: Mutex::new(HashMap::new()),
        }
    }

    /// The stored object at `key` (as it appears in the path, encoded).
    pub fn object(&self, key: &str) -> Option<Vec<u8>> {
        self.objects.lock().ok()?.get(key).cloned()
    }

    /// How many objects are stored.
    pub fn object_count(&self) -> usize {
        self.objects.lock().map(|o| o.len()).unwrap_or(0)
    }

    fn secret(&self, access_key_id: &str) -> Option<String> {
        self.keys.get(access_key_id).cloned()
    }

    fn store(&self, key: &str, body: Vec<u8>) -> Result<(), S3Error> {
        self.objects
            .lock()
            .map_err(|_| S3Error::new(StatusCode::INTERNAL_SERVER_ERROR, "InternalError", "store"))?
            .insert(key.to_string(), body);
        Ok(())
    }
}

/// An S3 error answer: status, code, message.
#[derive(Debug)]
pub struct S3Error {
    status: StatusCode,
    code: &'static str,
    message: String,
}

impl S3Error {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        S3Error {
            status,
            code,
            message: message.into(),
        }
    }
}

/// Verification (and aws-chunked) errors name the S3 code to answer with.
impl From<awssig::Error> for S3Error {
    fn from(e: awssig::Error) -> Self {
        match e.s3_code() {
            Some(code) => S3Error {
                status: StatusCode::from_u16(code.http_status()).unwrap_or(StatusCode::FORBIDDEN),
                code: code.as_str(),
                message: e.to_string(),
            },
            None => S3Error::new(StatusCode::BAD_REQUEST, "InvalidRequest", e.to_string()),
        }
    }
}

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

fn error_response(e: S3Error, resource: &str) -> Response {
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{}</Code><Message>{}</Message><Resource>{}</Resource></Error>",
        e.code,
        xml_escape(&e.message),
        xml_escape(resource)
    );
    (e.status, [(header::CONTENT_TYPE, "application/xml")], xml).into_response()
}

/// The next data of `body` (`None` at its end).
async fn next_data(body: &mut Body) -> Option<Result<axum::body::Bytes, S3Error>> {
    loop {
        let frame = std::future::poll_fn(|cx| Pin::new(&mut *body).poll_frame(cx)).await?;
        match frame {
            Ok(frame) => {
                if let Ok(data) = frame.into_data() {
                    return Some(Ok(data));
                }
            }
            Err(e) => {
                return Some(Err(S3Error::new(
                    StatusCode::BAD_REQUEST,
                    "IncompleteBody",
                    e.to_string(),
                )))
            }
        }
    }
}

/// Reads what is left of a rejected body (up to `limit` bytes), so the
/// client, still sending, receives the answer rather than a reset.
async fn drain(body: &mut Body, limit: usize) {
    let mut seen = 0usize;
    while let Some(Ok(data)) = next_data(body).await {
        seen = seen.saturating_add(data.len());
        if seen > limit {
            return;
        }
    }
}

fn too_large(limit: usize) -> S3Error {
    S3Error::new(
        StatusCode::BAD_REQUEST,
        "EntityTooLarge",
        format!("the object is larger than {limit} bytes"),
    )
}

/// The key of a path-style `/{bucket}/{key}` (still encoded).
fn object_key<'p>(service: &Service, path: &'p str) -> Result<&'p str, S3Error> {
    path.strip_prefix('/')
        .and_then(|p| p.strip_prefix(service.bucket.as_str()))
        .and_then(|p| p.strip_prefix('/'))
        .filter(|k| !k.is_empty())
        .ok_or_else(|| {
            S3Error::new(
                StatusCode::NOT_FOUND,
                "NoSuchBucket",
                format!(
                    "this service serves objects of bucket {:?} only",
                    service.bucket
                ),
            )
        })
}

/// A PUT: the signature is checked before the body is read (an unsigned
/// `x-amz-*` header is refused there, as S3 does), then the body streams
/// through the aws-chunked decoder (for a streaming upload) and the body
/// check, which holds it to every digest the request promised
/// (`x-amz-content-sha256`, `Content-MD5`, an `x-amz-checksum-*` header,
/// query parameter or trailer). Nothing is stored unless all of it passed;
/// the answer carries S3's `ETag` (the quoted MD5 hex) and the checksum.
async fn put(service: &Service, parts: &Parts, body: &mut Body) -> Result<Response, S3Error> {
    let view = RequestParts::new(parts)?;
    let incoming: Incoming<'_> = view.incoming();
    let lookup = |id: &str| service.secret(id);
    let limit = service.max_object_size;
    let verified = service
        .verifier
        .verify(&incoming, SigningTime::now(), lookup)?;
    let key = object_key(service, view.path())?;
    let mut check = BodyCheck::new(&incoming)?.with_md5();
    let mut staged = Vec::new();
    let chunked = parts
        .headers
        .get("x-amz-content-sha256")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| ChunkedMode::from_content_sha256(v.trim()))
        .is_some();
    let digests = if chunked {
        // aws-chunked: every chunk (and the trailer) as it arrives.
        let mut decoder = service
            .verifier
            .chunk_decoder(&incoming, &verified, lookup)?;
        let mut decoded = Vec::new();
        while let Some(data) = next_data(body).await {
            decoded.clear();
            decoder.decode_into(&data?, &mut decoded)?;
            check.update(&decoded);
            staged.extend_from_slice(&decoded);
            if staged.len() > limit {
                return Err(too_large(limit));
            }
        }
        decoder.finish()?;
        check.finish_with_trailers(decoder.trailers())?
    } else {
        while let Some(data) = next_data(body).await {
            let data = data?;
            check.update(&data);
            staged.extend_from_slice(&data);
            if staged.len() > limit {
                return Err(too_large(limit));
            }
        }
        check.finish()?
    };
    service.store(key, staged)?;
    let etag: String = digests
        .md5()
        .map(|m| m.iter().map(|b| format!("{b:02x}")).collect())
        .unwrap_or_default();
    let mut response = StatusCode::OK.into_response();
    let headers = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&format!("\"{etag}\"")) {
        headers.insert(header::ETAG, v);
    }
    if let Some((algorithm, value)) = digests.checksum() {
        if let Ok(v) = HeaderValue::from_str(value) {
            headers.insert(algorithm.header_name(), v);
        }
    }
    Ok(response)
}

fn get(service: &Service, parts: &Parts) -> Result<Response, S3Error> {
    let view = RequestParts::new(parts)?;
    let lookup = |id: &str| service.secret(id);
    service
        .verifier
        .verify(&view.incoming(), SigningTime::now(), lookup)?;
    let key = object_key(service, view.path())?;
    let data = service.object(key).ok_or_else(|| {
        S3Error::new(
            StatusCode::NOT_FOUND,
            "NoSuchKey",
            "The specified key does not exist.",
        )
    })?;
    Ok((StatusCode::OK, data).into_response())
}

async fn handle(State(service): State<Arc<Service>>, request: Request) -> Response {
    let (parts, mut body) = request.into_parts();
    let answer = match parts.method.as_str() {
        "PUT" => put(&service, &parts, &mut body).await,
        "GET" => get(&service, &parts),
        other => Err(S3Error::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "MethodNotAllowed",
            format!("{other} is not supported here: PUT or GET"),
        )),
    };
    match answer {
        Ok(response) => response,
        Err(e) => {
            drain(&mut body, service.max_object_size).await;
            error_response(e, parts.uri.path())
        }
    }
}

/// The routes: every path goes to the one handler.
pub fn router(service: Arc<Service>) -> Router {
    Router::new().fallback(handle).with_state(service)
}

fn main() -> Result<(), String> {
    let var = |name: &str| std::env::var(name).map_err(|_| format!("{name} is not set"));
    let keys = [(var("AWS_ACCESS_KEY_ID")?, var("AWS_SECRET_ACCESS_KEY")?)];
    let region = var("AWS_REGION").unwrap_or_else(|_| "us-east-1".to_string());
    let bucket = var("BUCKET").unwrap_or_else(|_| "uploads".to_string());
    let port = var("PORT").unwrap_or_else(|_| "8000".to_string());
    let service = Arc::new(Service::new(bucket.clone(), region, keys));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_io()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(format!("127.0.0.1:{port}"))
            .await
            .map_err(|e| format!("bind 127.0.0.1:{port}: {e}"))?;
        println!("bucket {bucket:?} on http://127.0.0.1:{port} (path style)");
        axum::serve(listener, router(service))
            .await
            .map_err(|e| e.to_string())
    })
}
