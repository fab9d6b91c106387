//! A small in-memory S3 front door, in axum, behind
//! [`awssig::tower::VerifyLayer`]: the layer verifies every request
//! (presigned and header-signed SigV4 and SigV2, aws-chunked signed and
//! unsigned with trailers) and checks each body as it streams; this file
//! is only the store. It serves what the common clients (boto3, the aws
//! cli, s3cmd, rclone, aws-sdk-js, curl `--aws-sigv4`) ask for:
//!
//! * objects: `PUT` (answering `ETag` and the checksum S3 echoes), `GET`
//!   with `Range`, `HEAD`, `DELETE`; `x-amz-checksum-mode: ENABLED`
//!   returns the stored checksum;
//! * `ListObjectsV2` (`prefix`, `delimiter`, `max-keys`,
//!   `continuation-token`, `start-after`, `encoding-type=url`),
//!   `ListBuckets`, `HeadBucket`, `GetBucketLocation`;
//! * multipart uploads: create, upload part, complete, abort, list parts;
//! * browser POST form uploads, checked with
//!   [`Verifier::verify_post`](awssig::verify::Verifier::verify_post).
//!
//! Refusals are S3's XML errors with S3's status codes: a tampered URL is
//! `403 SignatureDoesNotMatch`, an expired one `403 AccessDenied`, a body
//! that breaks a chunk signature, `x-amz-content-sha256`, `Content-MD5` or
//! a checksum is refused and not stored.
//!
//! It stays an example: one bucket, path style only, everything in memory
//! (a body is staged whole before it is stored). A real store would stream
//! to disk and rename on success, persist objects and multipart state,
//! keep versions, ACLs, metadata (`x-amz-meta-*`) and storage classes,
//! enforce part-size minimums and per-part checksums (composite
//! `…-N` checksums), support copy (`x-amz-copy-source`), and authorize
//! who may do what (the layer only says who signed).
//!
//! One-time links (`awssig presign --once`) are admitted once: by a guard
//! in memory, or, with `REDIS_URL=redis://127.0.0.1:6379` (feature
//! `redis`), by Redis, shared by every instance; `ONCE_USE_COUNTS=on-success`
//! counts a use only when it was served to its end.
//!
//! ```text
//! AWS_ACCESS_KEY_ID=AKIDEXAMPLE AWS_SECRET_ACCESS_KEY=secret [AWS_REGION=us-east-1] \
//! [BUCKET=uploads] [PORT=8000] [REDIS_URL=redis://127.0.0.1:6379] \
//! cargo run --example verify_service --features tower,redis
//! aws --endpoint-url http://127.0.0.1:8000 s3 cp notes.txt s3://uploads/notes.txt
//! ```
//!
//! Tested end to end in `tests/verify_service.rs` with a real HTTP client
//! and in `tests/s3_clients.rs` with boto3, the aws cli and curl.

use std::collections::{BTreeMap, HashMap};
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use awssig::tower::{error_response, BodyError, BodyOutcome, Unverified, VerifyLayer};
use awssig::verify::replay::{MemoryGuard, OnceLinks, ReplayGuard, UseCounts};
use awssig::verify::{IncomingPost, Verifier};
use awssig::SigningTime;
use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;

/// One stored object.
#[derive(Clone, Debug)]
struct Object {
    data: Bytes,
    etag: String,
    content_type: Option<String>,
    /// (`x-amz-checksum-…` header name, value), for a single PUT.
    checksum: Option<(&'static str, String)>,
    modified: SigningTime,
}

/// A multipart upload in progress: its key and parts (number → data, ETag).
#[derive(Debug, Default)]
struct Upload {
    key: String,
    content_type: Option<String>,
    parts: BTreeMap<u32, (Bytes, String)>,
}

/// The store: one bucket, the known keys, objects and uploads (in memory).
pub struct Service {
    bucket: String,
    region: String,
    keys: HashMap<String, String>,
    max_object_size: usize,
    objects: Mutex<BTreeMap<String, Object>>,
    uploads: Mutex<HashMap<String, Upload>>,
    next_upload: AtomicU64,
}

impl Service {
    /// A store for `bucket` that accepts signatures for `region` by the
    /// given (access key id, secret) pairs; objects up to 64 MiB.
    pub fn new(
        bucket: impl Into<String>,
        region: impl Into<String>,
        keys: impl IntoIterator<Item = (String, String)>,
    ) -> Self {
        Service {
            bucket: bucket.into(),
            region: region.into(),
            keys: keys.into_iter().collect(),
            max_object_size: 64 << 20,
            objects: Mutex::new(BTreeMap::new()),
            uploads: Mutex::new(HashMap::new()),
            next_upload: AtomicU64::new(1),
        }
    }

    /// The stored object at `key` (decoded).
    pub fn object(&self, key: &str) -> Option<Vec<u8>> {
        Some(self.objects.lock().ok()?.get(key)?.data.to_vec())
    }

    /// How many objects are stored.
    pub fn object_count(&self) -> usize {
        self.objects.lock().map(|o| o.len()).unwrap_or(0)
    }

    fn secret(&self, access_key_id: &str) -> Option<String> {
        self.keys.get(access_key_id).cloned()
    }
}

/// An S3 error answer: a refusal from awssig (a body that failed a check,
/// a POST form), or the store's own (`NoSuchKey`, `InvalidRange`, …).
enum S3Error {
    Refused(awssig::Error),
    Store(StatusCode, &'static str, String),
}

impl From<awssig::Error> for S3Error {
    fn from(e: awssig::Error) -> Self {
        S3Error::Refused(e)
    }
}

fn fail(status: StatusCode, code: &'static str, message: &str) -> S3Error {
    S3Error::Store(status, code, message.to_string())
}

fn render(e: S3Error, resource: &str, head: bool) -> Response {
    let (status, code, message) = match e {
        S3Error::Refused(err) => return error_response(&err, resource, head).map(Body::from),
        S3Error::Store(status, code, message) => (status, code, message),
    };
    let body = if head {
        String::new()
    } else {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code><Message>{}</Message><Resource>{}</Resource></Error>",
            xml_escape(&message),
            xml_escape(resource)
        )
    };
    (status, [(header::CONTENT_TYPE, "application/xml")], body).into_response()
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

/// Percent-decodes a path or query component (`+` kept: S3 paths).
fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        match (
            b[i],
            b.get(i + 1).copied().and_then(hex),
            b.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (c, _, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// RFC 3986 encoding, `/` kept (`encoding-type=url` listings).
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The query's decoded (name, value) pairs (`+` is a space in a query).
fn query_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (n, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(&n.replace('+', " ")), decode(&v.replace('+', " ")))
        })
        .collect()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn http_date(t: SigningTime) -> String {
    let d = t.to_datetime();
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!(
        "{}, {:02} {} {} {:02}:{:02}:{:02} GMT",
        DAYS[d.weekday().number_days_from_monday() as usize],
        d.day(),
        MONTHS[d.month() as usize - 1],
        d.year(),
        d.hour(),
        d.minute(),
        d.second()
    )
}

/// Reads a verified body to its end (the layer checked every byte); a
/// failed check is the S3 error to answer.
async fn read_body(body: Body, limit: usize) -> Result<Vec<u8>, S3Error> {
    let mut body = body;
    let mut out = Vec::new();
    while let Some(frame) = std::future::poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await {
        let frame = frame.map_err(|e| BodyError::refusal_or_incomplete(&e))?;
        if let Some(data) = frame.data_ref() {
            out.extend_from_slice(data);
            if out.len() > limit {
                return Err(fail(
                    StatusCode::BAD_REQUEST,
                    "EntityTooLarge",
                    &format!(
                        "Your proposed upload exceeds the maximum allowed size ({limit} bytes)"
                    ),
                ));
            }
        }
    }
    Ok(out)
}

fn xml(body: String) -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/xml")],
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{body}"),
    )
        .into_response()
}

fn no_such_key() -> S3Error {
    fail(
        StatusCode::NOT_FOUND,
        "NoSuchKey",
        "The specified key does not exist.",
    )
}

fn no_such_upload() -> S3Error {
    fail(
        StatusCode::NOT_FOUND,
        "NoSuchUpload",
        "The specified multipart upload does not exist.",
    )
}

fn set(headers: &mut HeaderMap, name: &'static str, value: &str) {
    if let Ok(v) = HeaderValue::from_str(value) {
        headers.insert(name, v);
    }
}

/// PUT object: the body read (and so checked) to its end, then stored.
async fn put_object(
    service: &Service,
    key: &str,
    headers: &HeaderMap,
    outcome: Option<BodyOutcome>,
    body: Body,
) -> Result<Response, S3Error> {
    if headers.contains_key("x-amz-copy-source") {
        return Err(fail(
            StatusCode::NOT_IMPLEMENTED,
            "NotImplemented",
            "this example does not copy objects",
        ));
    }
    let data = read_body(body, service.max_object_size).await?;
    let digests = outcome.and_then(|o| o.digests());
    let etag = format!(
        "\"{}\"",
        digests
            .as_ref()
            .and_then(|d| d.md5())
            .map(|m| hex(m))
            .unwrap_or_default()
    );
    let checksum = digests
        .as_ref()
        .and_then(|d| d.checksum())
        .map(|(alg, v)| (alg.header_name(), v.to_string()));
    let object = Object {
        data: data.into(),
        etag: etag.clone(),
        content_type: headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string),
        checksum: checksum.clone(),
        modified: SigningTime::now(),
    };
    service
        .objects
        .lock()
        .map_err(|_| poisoned())?
        .insert(key.to_string(), object);
    let mut r = StatusCode::OK.into_response();
    set(r.headers_mut(), "etag", &etag);
    if let Some((name, value)) = checksum {
        set(r.headers_mut(), name, &value);
    }
    Ok(r)
}

fn poisoned() -> S3Error {
    fail(
        StatusCode::INTERNAL_SERVER_ERROR,
        "InternalError",
        "a lock was poisoned",
    )
}

/// `bytes=a-b`, `bytes=a-`, `bytes=-n` → the inclusive range, or `None`
/// for a range S3 ignores (several ranges, not bytes).
fn parse_range(value: &str, len: u64) -> Result<Option<(u64, u64)>, S3Error> {
    let Some(spec) = value.trim().strip_prefix("bytes=") else {
        return Ok(None);
    };
    if spec.contains(',') {
        return Ok(None);
    }
    let (a, b) = spec.split_once('-').unwrap_or((spec, ""));
    let invalid = || {
        fail(
            StatusCode::RANGE_NOT_SATISFIABLE,
            "InvalidRange",
            "The requested range is not satisfiable",
        )
    };
    let range = match (a.trim().parse::<u64>().ok(), b.trim().parse::<u64>().ok()) {
        (Some(a), Some(b)) if a <= b => (a, b.min(len.saturating_sub(1))),
        (Some(a), None) if b.trim().is_empty() => (a, len.saturating_sub(1)),
        (None, Some(n)) if a.trim().is_empty() && n > 0 => {
            (len.saturating_sub(n), len.saturating_sub(1))
        }
        _ => return Ok(None),
    };
    if range.0 >= len {
        return Err(invalid());
    }
    Ok(Some(range))
}

/// GET or HEAD object, with `Range`.
fn get_object(
    service: &Service,
    key: &str,
    headers: &HeaderMap,
    head: bool,
) -> Result<Response, S3Error> {
    let object = service
        .objects
        .lock()
        .map_err(|_| poisoned())?
        .get(key)
        .cloned()
        .ok_or_else(no_such_key)?;
    let len = object.data.len() as u64;
    let range = match headers.get(header::RANGE).and_then(|v| v.to_str().ok()) {
        Some(v) => parse_range(v, len)?,
        None => None,
    };
    let (status, data) = match range {
        Some((a, b)) => (
            StatusCode::PARTIAL_CONTENT,
            object.data.slice(a as usize..=b as usize),
        ),
        None => (StatusCode::OK, object.data.clone()),
    };
    let mut r = Response::new(if head {
        Body::empty()
    } else {
        Body::from(data.clone())
    });
    *r.status_mut() = status;
    let h = r.headers_mut();
    set(h, "etag", &object.etag);
    set(h, "last-modified", &http_date(object.modified));
    set(h, "accept-ranges", "bytes");
    set(h, "content-length", &data.len().to_string());
    set(
        h,
        "content-type",
        object
            .content_type
            .as_deref()
            .unwrap_or("binary/octet-stream"),
    );
    if let Some((a, b)) = range {
        set(h, "content-range", &format!("bytes {a}-{b}/{len}"));
    }
    let wants_checksum = headers
        .get("x-amz-checksum-mode")
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"enabled"));
    if let (Some((name, value)), true, None) = (&object.checksum, wants_checksum, range) {
        set(h, name, value);
    }
    Ok(r)
}

/// ListObjectsV2.
fn list_objects(service: &Service, query: &[(String, String)]) -> Result<Response, S3Error> {
    let q = |name: &str| {
        query
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    let prefix = q("prefix").unwrap_or("");
    let delimiter = q("delimiter").filter(|d| !d.is_empty());
    let max_keys = q("max-keys")
        .and_then(|m| m.parse::<usize>().ok())
        .unwrap_or(1000)
        .min(1000);
    let url = q("encoding-type") == Some("url");
    let start = q("continuation-token").or(q("start-after")).unwrap_or("");
    let enc = |s: &str| if url { encode(s) } else { xml_escape(s) };
    let objects = service.objects.lock().map_err(|_| poisoned())?;
    let mut contents = String::new();
    let mut prefixes: Vec<String> = Vec::new();
    let (mut count, mut next) = (0usize, None);
    for (key, object) in
        objects.range::<str, _>((std::ops::Bound::Excluded(start), std::ops::Bound::Unbounded))
    {
        if !key.starts_with(prefix) {
            continue;
        }
        let rolled = delimiter.and_then(|d| {
            key[prefix.len()..]
                .find(d)
                .map(|i| key[..prefix.len() + i + d.len()].to_string())
        });
        if let Some(p) = &rolled {
            if prefixes.last() == Some(p) {
                continue;
            }
        }
        if count == max_keys {
            next = Some(key.clone());
            break;
        }
        count += 1;
        match rolled {
            Some(p) => prefixes.push(p),
            None => contents.push_str(&format!(
                "<Contents><Key>{}</Key><LastModified>{}</LastModified><ETag>{}</ETag><Size>{}</Size><StorageClass>STANDARD</StorageClass></Contents>",
                enc(key),
                object.modified.rfc3339(),
                xml_escape(&object.etag),
                object.data.len()
            )),
        }
    }
    // A token past a rolled-up prefix: the last key under it.
    if let (Some(_), Some(p)) = (&next, prefixes.last()) {
        if let Some(last) = objects.keys().rev().find(|k| k.starts_with(p.as_str())) {
            if next.as_deref().is_some_and(|n| n.starts_with(p.as_str())) {
                next = Some(last.clone());
            }
        }
    }
    let mut body = format!(
        "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>{}</Name><Prefix>{}</Prefix><KeyCount>{count}</KeyCount><MaxKeys>{max_keys}</MaxKeys><IsTruncated>{}</IsTruncated>",
        xml_escape(&service.bucket),
        enc(prefix),
        next.is_some()
    );
    if let Some(d) = delimiter {
        body.push_str(&format!("<Delimiter>{}</Delimiter>", enc(d)));
    }
    if url {
        body.push_str("<EncodingType>url</EncodingType>");
    }
    if let Some(t) = q("continuation-token") {
        body.push_str(&format!(
            "<ContinuationToken>{}</ContinuationToken>",
            xml_escape(t)
        ));
    }
    if let Some(t) = &next {
        // The token is the last key returned's successor; any opaque text works.
        body.push_str(&format!(
            "<NextContinuationToken>{}</NextContinuationToken>",
            xml_escape(&prev_key(&objects, t))
        ));
    }
    body.push_str(&contents);
    for p in prefixes {
        body.push_str(&format!(
            "<CommonPrefixes><Prefix>{}</Prefix></CommonPrefixes>",
            enc(&p)
        ));
    }
    body.push_str("</ListBucketResult>");
    Ok(xml(body))
}

/// The key before `key` in the store ("" if none): listings resume after it.
fn prev_key(objects: &BTreeMap<String, Object>, key: &str) -> String {
    objects
        .range::<str, _>((std::ops::Bound::Unbounded, std::ops::Bound::Excluded(key)))
        .next_back()
        .map(|(k, _)| k.clone())
        .unwrap_or_default()
}

fn upload_id(query: &[(String, String)]) -> Option<&str> {
    query
        .iter()
        .find(|(n, _)| n == "uploadId")
        .map(|(_, v)| v.as_str())
}

/// The text of every `<tag>…</tag>` in `xml`, in order.
fn tag_texts<'x>(xml: &'x str, tag: &str) -> Vec<&'x str> {
    let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(i) = rest.find(&open) {
        let after = &rest[i + open.len()..];
        let Some(j) = after.find(&close) else { break };
        out.push(&after[..j]);
        rest = &after[j + close.len()..];
    }
    out
}

async fn multipart(
    service: &Service,
    method: &Method,
    key: &str,
    query: &[(String, String)],
    headers: &HeaderMap,
    outcome: Option<BodyOutcome>,
    body: Body,
) -> Result<Option<Response>, S3Error> {
    let has = |name: &str| query.iter().any(|(n, _)| n == name);
    let bucket = xml_escape(&service.bucket);
    let k = xml_escape(key);
    if *method == Method::POST && has("uploads") {
        let id = format!(
            "upload-{}",
            service.next_upload.fetch_add(1, Ordering::Relaxed)
        );
        let upload = Upload {
            key: key.to_string(),
            content_type: headers
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string),
            ..Upload::default()
        };
        service
            .uploads
            .lock()
            .map_err(|_| poisoned())?
            .insert(id.clone(), upload);
        return Ok(Some(xml(format!(
            "<InitiateMultipartUploadResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Bucket>{bucket}</Bucket><Key>{k}</Key><UploadId>{id}</UploadId></InitiateMultipartUploadResult>"
        ))));
    }
    let Some(id) = upload_id(query) else {
        return Ok(None);
    };
    let known = |service: &Service| -> Result<(), S3Error> {
        match service.uploads.lock().map_err(|_| poisoned())?.get(id) {
            Some(u) if u.key == key => Ok(()),
            _ => Err(no_such_upload()),
        }
    };
    match *method {
        Method::PUT => {
            known(service)?;
            let number = query
                .iter()
                .find(|(n, _)| n == "partNumber")
                .and_then(|(_, v)| v.parse::<u32>().ok())
                .filter(|n| (1..=10_000).contains(n))
                .ok_or_else(|| {
                    fail(
                        StatusCode::BAD_REQUEST,
                        "InvalidArgument",
                        "Part number must be an integer between 1 and 10000, inclusive",
                    )
                })?;
            let data = read_body(body, service.max_object_size).await?;
            let digests = outcome.and_then(|o| o.digests());
            let etag = format!(
                "\"{}\"",
                digests
                    .as_ref()
                    .and_then(|d| d.md5())
                    .map(|m| hex(m))
                    .unwrap_or_default()
            );
            let mut uploads = service.uploads.lock().map_err(|_| poisoned())?;
            let upload = uploads.get_mut(id).ok_or_else(no_such_upload)?;
            upload.parts.insert(number, (data.into(), etag.clone()));
            let mut r = StatusCode::OK.into_response();
            set(r.headers_mut(), "etag", &etag);
            if let Some((alg, value)) = digests.as_ref().and_then(|d| d.checksum()) {
                set(r.headers_mut(), alg.header_name(), value);
            }
            Ok(Some(r))
        }
        Method::GET => {
            let uploads = service.uploads.lock().map_err(|_| poisoned())?;
            let upload = uploads
                .get(id)
                .filter(|u| u.key == key)
                .ok_or_else(no_such_upload)?;
            let mut parts = String::new();
            for (n, (data, etag)) in &upload.parts {
                parts.push_str(&format!(
                    "<Part><PartNumber>{n}</PartNumber><ETag>{}</ETag><Size>{}</Size></Part>",
                    xml_escape(etag),
                    data.len()
                ));
            }
            Ok(Some(xml(format!(
                "<ListPartsResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Bucket>{bucket}</Bucket><Key>{k}</Key><UploadId>{id}</UploadId><IsTruncated>false</IsTruncated>{parts}</ListPartsResult>"
            ))))
        }
        Method::DELETE => {
            known(service)?;
            service.uploads.lock().map_err(|_| poisoned())?.remove(id);
            Ok(Some(StatusCode::NO_CONTENT.into_response()))
        }
        Method::POST => {
            known(service)?;
            let request = read_body(body, 1 << 20).await?;
            let request = String::from_utf8_lossy(&request);
            let numbers = tag_texts(&request, "PartNumber");
            let etags = tag_texts(&request, "ETag");
            let mut uploads = service.uploads.lock().map_err(|_| poisoned())?;
            let upload = uploads.get(id).ok_or_else(no_such_upload)?;
            let invalid = || {
                fail(
                    StatusCode::BAD_REQUEST,
                    "InvalidPart",
                    "One or more of the specified parts could not be found.",
                )
            };
            if numbers.is_empty() || numbers.len() != etags.len() {
                return Err(fail(
                    StatusCode::BAD_REQUEST,
                    "MalformedXML",
                    "The XML you provided was not well-formed",
                ));
            }
            let (mut data, mut md5s, mut last) = (Vec::new(), Vec::new(), 0u32);
            for (n, etag) in numbers.iter().zip(&etags) {
                let n: u32 = n.trim().parse().map_err(|_| invalid())?;
                if n <= last {
                    return Err(fail(
                        StatusCode::BAD_REQUEST,
                        "InvalidPartOrder",
                        "The list of parts was not in ascending order.",
                    ));
                }
                last = n;
                let (part, stored) = upload.parts.get(&n).ok_or_else(invalid)?;
                let given = etag.trim().replace("&quot;", "\"").replace("&#34;", "\"");
                if given.trim_matches('"') != stored.trim_matches('"') {
                    return Err(invalid());
                }
                data.extend_from_slice(part);
                md5s.extend((0..stored.len() / 2).filter_map(|i| {
                    u8::from_str_radix(stored.trim_matches('"').get(2 * i..2 * i + 2)?, 16).ok()
                }));
            }
            let etag = {
                use md5::Digest as _;
                format!("\"{}-{}\"", hex(&md5::Md5::digest(&md5s)), numbers.len())
            };
            let object = Object {
                data: data.into(),
                etag: etag.clone(),
                content_type: upload.content_type.clone(),
                checksum: None,
                modified: SigningTime::now(),
            };
            uploads.remove(id);
            drop(uploads);
            service
                .objects
                .lock()
                .map_err(|_| poisoned())?
                .insert(key.to_string(), object);
            Ok(Some(xml(format!(
                "<CompleteMultipartUploadResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Location>/{bucket}/{k}</Location><Bucket>{bucket}</Bucket><Key>{k}</Key><ETag>{}</ETag></CompleteMultipartUploadResult>",
                xml_escape(&etag)
            ))))
        }
        _ => Ok(None),
    }
}

/// A browser POST form: the form read (bounded), its policy and signature
/// checked with the verifier, then the file stored under the form's key.
async fn post_form(
    service: &Service,
    headers: &HeaderMap,
    body: Body,
) -> Result<Response, S3Error> {
    let boundary = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.split(';')
                .find_map(|p| p.trim().strip_prefix("boundary="))
        })
        .map(|b| b.trim_matches('"').to_string())
        .ok_or_else(|| {
            fail(
                StatusCode::BAD_REQUEST,
                "MalformedPOSTRequest",
                "no multipart boundary",
            )
        })?;
    let form = read_body(body, service.max_object_size + (64 << 10)).await?;
    let malformed = || {
        fail(
            StatusCode::BAD_REQUEST,
            "MalformedPOSTRequest",
            "The body of your POST request is not well-formed multipart/form-data.",
        )
    };
    let delimiter = format!("--{boundary}");
    let mut fields: Vec<(String, String)> = Vec::new();
    let mut file: Option<(Option<String>, &[u8])> = None;
    let mut rest = &form[..];
    let find = |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).position(|w| w == needle);
    let start = find(rest, delimiter.as_bytes()).ok_or_else(malformed)?;
    rest = &rest[start + delimiter.len()..];
    while !rest.starts_with(b"--") {
        rest = rest.strip_prefix(b"\r\n").ok_or_else(malformed)?;
        let head_end = find(rest, b"\r\n\r\n").ok_or_else(malformed)?;
        let head = String::from_utf8_lossy(&rest[..head_end]).into_owned();
        rest = &rest[head_end + 4..];
        let end = find(rest, format!("\r\n{delimiter}").as_bytes()).ok_or_else(malformed)?;
        let value = &rest[..end];
        rest = &rest[end + 2 + delimiter.len()..];
        let disposition = head
            .lines()
            .find(|l| l.to_ascii_lowercase().starts_with("content-disposition"))
            .unwrap_or("");
        let param = |p: &str| {
            disposition.split(';').find_map(|x| {
                x.trim()
                    .strip_prefix(p)
                    .map(|v| v.trim_matches('"').to_string())
            })
        };
        let name = param("name=").ok_or_else(malformed)?;
        if name.eq_ignore_ascii_case("file") {
            file = Some((param("filename="), value));
            break; // S3 ignores fields after the file.
        }
        fields.push((name, String::from_utf8_lossy(value).into_owned()));
    }
    let (filename, data) = file.ok_or_else(|| {
        fail(
            StatusCode::BAD_REQUEST,
            "InvalidArgument",
            "POST requires exactly one file upload per request.",
        )
    })?;
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let mut post = IncomingPost::new(&service.bucket, &pairs, data.len() as u64);
    if let Some(f) = filename.as_deref() {
        post = post.filename(f);
    }
    let verifier = Verifier::s3().region(service.region.clone());
    let verified =
        verifier.verify_post(&post, SigningTime::now(), |id: &str| service.secret(id))?;
    let key = verified.key().to_string();
    let etag = {
        use md5::Digest as _;
        format!("\"{}\"", hex(&md5::Md5::digest(data)))
    };
    let object = Object {
        data: Bytes::copy_from_slice(data),
        etag: etag.clone(),
        content_type: verified.field("Content-Type").map(str::to_string),
        checksum: None,
        modified: SigningTime::now(),
    };
    service
        .objects
        .lock()
        .map_err(|_| poisoned())?
        .insert(key.clone(), object);
    let status = verified.field("success_action_status").unwrap_or("204");
    let mut r = match status {
        "200" => StatusCode::OK.into_response(),
        "201" => {
            let mut r = xml(format!(
                "<PostResponse><Bucket>{}</Bucket><Key>{}</Key><ETag>{}</ETag></PostResponse>",
                xml_escape(&service.bucket),
                xml_escape(&key),
                xml_escape(&etag)
            ));
            *r.status_mut() = StatusCode::CREATED;
            r
        }
        _ => StatusCode::NO_CONTENT.into_response(),
    };
    set(r.headers_mut(), "etag", &etag);
    Ok(r)
}

async fn dispatch(service: &Service, request: Request) -> Result<Response, S3Error> {
    let (parts, body) = request.into_parts();
    let query = query_pairs(parts.uri.query().unwrap_or(""));
    let path = parts.uri.path();
    let outcome = parts.extensions.get::<BodyOutcome>().cloned();
    let method = &parts.method;
    if parts.extensions.get::<Unverified>().is_some() {
        return post_form(service, &parts.headers, body).await;
    }
    if path == "/" && *method == Method::GET {
        return Ok(xml(format!(
            "<ListAllMyBucketsResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Owner><ID>example</ID></Owner><Buckets><Bucket><Name>{}</Name><CreationDate>2024-01-01T00:00:00.000Z</CreationDate></Bucket></Buckets></ListAllMyBucketsResult>",
            xml_escape(&service.bucket)
        )));
    }
    let rest = path.strip_prefix('/').unwrap_or(path);
    let (bucket, key) = rest.split_once('/').unwrap_or((rest, ""));
    if decode(bucket) != service.bucket {
        return Err(fail(
            StatusCode::NOT_FOUND,
            "NoSuchBucket",
            "The specified bucket does not exist",
        ));
    }
    let key = decode(key);
    if key.is_empty() {
        let has = |name: &str| query.iter().any(|(n, _)| n == name);
        return match method.as_str() {
            // HeadBucket, and CreateBucket of this bucket (us-east-1 answers 200).
            "HEAD" | "PUT" => Ok(StatusCode::OK.into_response()),
            "GET" if has("location") => Ok(xml(format!(
                "<LocationConstraint xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">{}</LocationConstraint>",
                if service.region == "us-east-1" { "" } else { service.region.as_str() }
            ))),
            "GET" => list_objects(service, &query),
            _ => Err(fail(StatusCode::NOT_IMPLEMENTED, "NotImplemented", "this bucket operation is not implemented in the example")),
        };
    }
    if query.iter().any(|(n, _)| n == "uploads" || n == "uploadId") {
        return multipart(service, method, &key, &query, &parts.headers, outcome, body)
            .await?
            .ok_or_else(|| {
                fail(
                    StatusCode::METHOD_NOT_ALLOWED,
                    "MethodNotAllowed",
                    "The specified method is not allowed against this resource.",
                )
            });
    }
    match method.as_str() {
        "PUT" => put_object(service, &key, &parts.headers, outcome, body).await,
        "GET" => get_object(service, &key, &parts.headers, false),
        "HEAD" => get_object(service, &key, &parts.headers, true),
        "DELETE" => {
            service.objects.lock().map_err(|_| poisoned())?.remove(&key);
            Ok(StatusCode::NO_CONTENT.into_response())
        }
        _ => Err(fail(
            StatusCode::METHOD_NOT_ALLOWED,
            "MethodNotAllowed",
            "The specified method is not allowed against this resource.",
        )),
    }
}

async fn handle(State(service): State<Arc<Service>>, request: Request) -> Response {
    let resource = request.uri().path().to_string();
    let head = request.method() == Method::HEAD;
    match dispatch(&service, request).await {
        Ok(r) => r,
        Err(e) => render(e, &resource, head),
    }
}

/// The routes: every path goes to the one handler, behind the layer;
/// one-time links are remembered in this process.
pub fn router(service: Arc<Service>) -> Router {
    router_with(service, OnceLinks::new(MemoryGuard::new(100_000)))
}

/// The routes, with one-time links admitted once by `once`'s guard (a
/// `RedisGuard` shared by every instance).
pub fn router_with<G: ReplayGuard + Send + Sync + 'static>(
    service: Arc<Service>,
    once: OnceLinks<G>,
) -> Router {
    let lookup = {
        let service = service.clone();
        move |id: &str| service.secret(id)
    };
    let verifier = Verifier::s3().region(service.region.clone());
    let layer = VerifyLayer::new(verifier, lookup)
        .post_forms(true)
        .once_links(once);
    Router::new()
        .fallback(handle)
        .with_state(service)
        .layer(layer)
}

/// The one-time link guard `REDIS_URL` names (`redis://HOST:PORT`), or
/// one in memory; `ONCE_USE_COUNTS=on-success` counts a use only when it
/// was served (default: on verification).
fn once_links() -> Result<OnceLinks<Box<dyn ReplayGuard + Send + Sync>>, String> {
    let counts = match std::env::var("ONCE_USE_COUNTS").as_deref() {
        Err(_) | Ok("on-verify") => UseCounts::OnVerify,
        Ok("on-success") => UseCounts::OnSuccess,
        Ok(other) => {
            return Err(format!(
                "ONCE_USE_COUNTS={other:?}: on-verify or on-success"
            ))
        }
    };
    let guard: Box<dyn ReplayGuard + Send + Sync> = match std::env::var("REDIS_URL") {
        Err(_) => Box::new(MemoryGuard::new(100_000)),
        Ok(url) => redis_guard(&url)?,
    };
    Ok(OnceLinks::new(guard).counts(counts))
}

#[cfg(feature = "redis")]
fn redis_guard(url: &str) -> Result<Box<dyn ReplayGuard + Send + Sync>, String> {
    let addr = url
        .strip_prefix("redis://")
        .map(|rest| rest.split('/').next().unwrap_or(rest))
        .filter(|a| !a.is_empty() && !a.contains('@'))
        .ok_or_else(|| {
            format!("REDIS_URL={url:?}: expected redis://HOST:PORT (no user, no TLS)")
        })?;
    Ok(Box::new(awssig::verify::replay::RedisGuard::new(addr)))
}

#[cfg(not(feature = "redis"))]
fn redis_guard(_: &str) -> Result<Box<dyn ReplayGuard + Send + Sync>, String> {
    Err("REDIS_URL is set but this example was built without the `redis` feature".into())
}

fn main() -> Result<(), String> {
    let var = |name: &str| std::env::var(name).map_err(|_| format!("{name} is not set"));
    let keys = [(var("AWS_ACCESS_KEY_ID")?, var("AWS_SECRET_ACCESS_KEY")?)];
    let region = var("AWS_REGION").unwrap_or_else(|_| "us-east-1".to_string());
    let bucket = var("BUCKET").unwrap_or_else(|_| "uploads".to_string());
    let port = var("PORT").unwrap_or_else(|_| "8000".to_string());
    let service = Arc::new(Service::new(bucket.clone(), region, keys));
    let once = once_links()?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_io()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(format!("127.0.0.1:{port}"))
            .await
            .map_err(|e| format!("bind 127.0.0.1:{port}: {e}"))?;
        println!("bucket {bucket:?} on http://127.0.0.1:{port} (path style)");
        axum::serve(listener, router_with(service, once))
            .await
            .map_err(|e| e.to_string())
    })
}
