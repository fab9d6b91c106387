//! The `tower` layer on its own: a tiny in-memory store behind
//! `VerifyLayer`, served by a plain hyper 1.x server (no axum) and by axum,
//! driven by a real HTTP client (ureq) with requests the crate signs. The
//! layer's clock is the test's, so expiry is checked without waiting.
#![cfg(feature = "tower")]

mod common;

use std::collections::HashMap;
use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicI64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use awssig::s3::{AddressingStyle, Bucket, Endpoint, SignatureVersion};
use awssig::tower::{error_response, BodyOutcome, Unverified, VerifiedBody, VerifyLayer};
use awssig::v4::chunked::{ChecksumAlgorithm, Chunked, ChunkedMode};
use awssig::v4::{Payload, Request as SignRequest, Signer, SigningSettings};
use awssig::verify::{Verified, Verifier};
use awssig::{Credentials, SigningTime};
use common::s3_client::{agent, send, Resp};
use hyper::body::{Body, Incoming};
use hyper::{Request, Response};
use tower_layer::Layer;
use tower_service::Service;

const BUCKET: &str = "tower";
const REGION: &str = "eu-central-1";
const AKID: &str = "AKIDTOWERLAYER";
const SECRET: &str = "tower/layer+secret";
const T0: i64 = 1_767_000_000;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The inner service: stores a PUT's body once it was read to its end
/// (the layer checked it), answers GET with it and says who signed.
#[derive(Clone, Default)]
struct Store {
    objects: Arc<Mutex<HashMap<String, Vec<u8>>>>,
    calls: Arc<AtomicUsize>,
}

impl Store {
    fn object(&self, path: &str) -> Option<Vec<u8>> {
        self.objects.lock().unwrap().get(path).cloned()
    }
}

fn answer(status: u16, body: impl Into<String>) -> Response<String> {
    let mut r = Response::new(body.into());
    *r.status_mut() = hyper::StatusCode::from_u16(status).unwrap();
    r
}

impl<B> Service<Request<VerifiedBody<B>>> for Store
where
    B: Body + Send + 'static,
    B::Error: Into<BoxError>,
{
    type Response = Response<String>;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response<String>, Infallible>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: Request<VerifiedBody<B>>) -> Self::Future {
        self.calls.fetch_add(1, Ordering::SeqCst);
        let store = self.clone();
        Box::pin(async move {
            let (parts, body) = req.into_parts();
            let path = parts.uri.path().to_string();
            let who = match (
                parts.extensions.get::<Verified>(),
                parts.extensions.get::<Unverified>(),
            ) {
                (Some(v), _) => v.access_key_id().to_string(),
                (None, Some(_)) => "unverified POST form".to_string(),
                (None, None) => {
                    return Ok(answer(500, "the layer let an unverified request through"))
                }
            };
            let mut body = std::pin::pin!(body);
            let mut data = Vec::new();
            while let Some(frame) = std::future::poll_fn(|cx| body.as_mut().poll_frame(cx)).await {
                match frame {
                    Ok(frame) => {
                        if let Some(d) = frame.data_ref() {
                            data.extend_from_slice(d);
                        }
                    }
                    Err(e) => {
                        let e = e.into_error();
                        let r = error_response(&e, &path, false);
                        return Ok(r.map(|b| String::from_utf8_lossy(&b).into_owned()));
                    }
                }
            }
            let mut r = match parts.method.as_str() {
                "PUT" => {
                    store.objects.lock().unwrap().insert(path.clone(), data);
                    answer(200, "")
                }
                "GET" => match store.object(&path) {
                    Some(o) => answer(200, String::from_utf8_lossy(&o).into_owned()),
                    None => answer(404, "<Error><Code>NoSuchKey</Code></Error>"),
                },
                _ => answer(200, ""),
            };
            r.headers_mut()
                .insert("x-test-identity", who.parse().unwrap());
            if let Some(d) = parts
                .extensions
                .get::<BodyOutcome>()
                .and_then(BodyOutcome::digests)
            {
                let md5: String = d
                    .md5()
                    .map(|m| m.iter().map(|b| format!("{b:02x}")).collect())
                    .unwrap_or_default();
                r.headers_mut()
                    .insert("etag", format!("\"{md5}\"").parse().unwrap());
            }
            Ok(r)
        })
    }
}

struct Server {
    store: Store,
    port: u16,
    clock: Arc<AtomicI64>,
    agent: ureq::Agent,
    _runtime: tokio::runtime::Runtime,
}

fn layer(
    clock: &Arc<AtomicI64>,
    post_forms: bool,
) -> VerifyLayer<
    impl Fn(&str) -> Option<String> + Send + Sync + 'static,
    impl Fn() -> SigningTime + Send + Sync + 'static,
> {
    let c = clock.clone();
    let lookup = |id: &str| (id == AKID).then(|| SECRET.to_string());
    VerifyLayer::new(Verifier::s3().region(REGION), lookup)
        .clock(move || SigningTime::from_unix(c.load(Ordering::SeqCst)).unwrap())
        .post_forms(post_forms)
}

fn runtime() -> (tokio::runtime::Runtime, std::net::TcpListener, u16) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_io()
        .build()
        .expect("tokio runtime");
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    listener.set_nonblocking(true).expect("nonblocking");
    let port = listener.local_addr().expect("addr").port();
    (runtime, listener, port)
}

/// The layer around the store, served by hyper 1.x alone.
fn start_hyper(post_forms: bool) -> Server {
    let store = Store::default();
    let clock = Arc::new(AtomicI64::new(T0));
    let service = layer(&clock, post_forms).layer(store.clone());
    let (runtime, listener, port) = runtime();
    runtime.spawn(async move {
        let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            let service = service.clone();
            tokio::spawn(async move {
                let hyper_service = hyper::service::service_fn(move |req: Request<Incoming>| {
                    let mut service = service.clone();
                    async move {
                        std::future::poll_fn(|cx| {
                            Service::<Request<Incoming>>::poll_ready(&mut service, cx)
                        })
                        .await?;
                        service.call(req).await
                    }
                });
                let io = hyper_util::rt::TokioIo::new(stream);
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(io, hyper_service)
                    .await;
            });
        }
    });
    Server {
        store,
        port,
        clock,
        agent: agent(),
        _runtime: runtime,
    }
}

/// The layer on an axum `Router` whose one handler is the store.
fn start_axum() -> Server {
    let store = Store::default();
    let clock = Arc::new(AtomicI64::new(T0));
    let inner = store.clone();
    let router = axum::Router::new()
        .fallback_service(tower_service_fn(inner))
        .layer(layer(&clock, false));
    let (runtime, listener, port) = runtime();
    runtime.spawn(async move {
        let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
        let _ = axum::serve(listener, router).await;
    });
    Server {
        store,
        port,
        clock,
        agent: agent(),
        _runtime: runtime,
    }
}

/// The store behind axum: axum hands its own body type to the service
/// under the layer, so the store reads `VerifiedBody<axum::body::Body>`.
fn tower_service_fn(
    store: Store,
) -> impl Service<
    axum::extract::Request,
    Response = Response<String>,
    Error = Infallible,
    Future = impl Send,
> + Clone
       + Send
       + 'static {
    AxumStore(store)
}

#[derive(Clone)]
struct AxumStore(Store);

impl Service<axum::extract::Request> for AxumStore {
    type Response = Response<String>;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response<String>, Infallible>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: axum::extract::Request) -> Self::Future {
        // Under the layer the body is a VerifiedBody boxed by axum; read it
        // as the store reads it.
        let (parts, body) = req.into_parts();
        let mut store = self.0.clone();
        let req = Request::from_parts(parts, VerifiedBody::passthrough(body));
        store.call(req)
    }
}

impl Server {
    fn bucket(&self, version: SignatureVersion) -> Bucket {
        let endpoint =
            Endpoint::parse(&format!("http://127.0.0.1:{}", self.port)).expect("endpoint");
        Bucket::with_endpoint(BUCKET, REGION, endpoint)
            .and_then(|b| b.addressing_style(AddressingStyle::Path))
            .expect("bucket")
            .signature_version(version)
    }

    fn now(&self) -> SigningTime {
        SigningTime::from_unix(self.clock.load(Ordering::SeqCst)).unwrap()
    }

    fn send(&self, method: &str, url: &str, headers: &[(&str, &str)], body: Option<&[u8]>) -> Resp {
        send(&self.agent, method, url, headers, body)
    }

    fn calls(&self) -> usize {
        self.store.calls.load(Ordering::SeqCst)
    }
}

fn creds() -> Credentials {
    Credentials::new(AKID, SECRET).expect("credentials")
}

fn presigned_put_get_and_refusals(s: &Server) {
    for version in [SignatureVersion::V4, SignatureVersion::V2] {
        let key = format!("{version:?}/notes.txt");
        let body = format!("through the layer, {version:?}").into_bytes();
        let put = s
            .bucket(version)
            .put(&key)
            .presign(&creds(), s.now(), 300)
            .unwrap();
        let r = s.send("PUT", &put, &[], Some(&body));
        assert_eq!(r.status, 200, "{version:?} PUT: {}", r.text());
        assert_eq!(r.header("x-test-identity"), Some(AKID));
        assert_eq!(
            s.store.object(&format!("/{BUCKET}/{key}")),
            Some(body.clone())
        );
        let get = s
            .bucket(version)
            .get(&key)
            .presign(&creds(), s.now(), 300)
            .unwrap();
        let r = s.send("GET", &get, &[], None);
        assert_eq!((r.status, r.body.clone()), (200, body));
    }
    let calls = s.calls();
    // Tampered: another key under the signature; refused by the layer.
    let put = s
        .bucket(SignatureVersion::V4)
        .put("k")
        .presign(&creds(), s.now(), 300)
        .unwrap();
    let r = s.send("PUT", &put.replace("/k?", "/K?"), &[], Some(b"evil"));
    assert_eq!(
        (r.status, r.code()),
        (403, "SignatureDoesNotMatch".to_string()),
        "{}",
        r.text()
    );
    assert!(r.text().starts_with("<?xml"), "{}", r.text());
    assert!(
        r.text()
            .contains(&format!("<Resource>/{BUCKET}/K</Resource>")),
        "{}",
        r.text()
    );
    // Wrong secret, unknown key id, no signature at all.
    let wrong = Credentials::new(AKID, "wrong").unwrap();
    let r = s.send(
        "GET",
        &s.bucket(SignatureVersion::V4)
            .get("k")
            .presign(&wrong, s.now(), 60)
            .unwrap(),
        &[],
        None,
    );
    assert_eq!(
        (r.status, r.code()),
        (403, "SignatureDoesNotMatch".to_string())
    );
    let other = Credentials::new("AKIDOTHER", SECRET).unwrap();
    let r = s.send(
        "GET",
        &s.bucket(SignatureVersion::V4)
            .get("k")
            .presign(&other, s.now(), 60)
            .unwrap(),
        &[],
        None,
    );
    assert_eq!(
        (r.status, r.code()),
        (403, "InvalidAccessKeyId".to_string())
    );
    let r = s.send(
        "GET",
        &format!("http://127.0.0.1:{}/{BUCKET}/k", s.port),
        &[],
        None,
    );
    assert_eq!((r.status, r.code()), (403, "AccessDenied".to_string()));
    // HEAD: the status alone.
    let head = s
        .bucket(SignatureVersion::V4)
        .head("k")
        .presign(&wrong, s.now(), 60)
        .unwrap();
    let r = s.send("HEAD", &head, &[], None);
    assert_eq!((r.status, r.body.len()), (403, 0));
    // An unsigned x-amz-* header.
    let r = s.send(
        "PUT",
        &put,
        &[("x-amz-copy-source", "tower/secret")],
        Some(b"x"),
    );
    assert_eq!(
        (r.status, r.code()),
        (403, "AccessDenied".to_string()),
        "{}",
        r.text()
    );
    assert!(
        r.text()
            .contains("<HeadersNotSigned>x-amz-copy-source</HeadersNotSigned>"),
        "{}",
        r.text()
    );
    // The injected clock: ten minutes on, the 300 s URL has expired.
    s.clock.fetch_add(600, Ordering::SeqCst);
    let r = s.send("PUT", &put, &[], Some(b"late"));
    assert_eq!(
        (r.status, r.code()),
        (403, "AccessDenied".to_string()),
        "{}",
        r.text()
    );
    s.clock.fetch_sub(600, Ordering::SeqCst);
    assert_eq!(
        s.calls(),
        calls,
        "a refused request reached the inner service"
    );
    assert_eq!(s.store.object(&format!("/{BUCKET}/k")), None);
}

#[test]
fn hyper_server_without_axum_verifies_presigned_requests_and_refuses_tampered() {
    presigned_put_get_and_refusals(&start_hyper(false));
}

#[test]
fn axum_router_with_the_layer_verifies_presigned_requests_and_refuses_tampered() {
    presigned_put_get_and_refusals(&start_axum());
}

/// A header-signed aws-chunked PUT of `data`: (headers, body).
fn chunked_put(
    s: &Server,
    key: &str,
    mode: ChunkedMode,
    data: &[u8],
    trailer: Option<ChecksumAlgorithm>,
) -> (Vec<(String, String)>, Vec<u8>) {
    let signer = Signer::new(creds(), SigningSettings::s3(REGION)).unwrap();
    let mut chunked = Chunked::new(mode, 8192).unwrap();
    if let Some(alg) = trailer {
        chunked = chunked.checksum(alg).unwrap();
    }
    let host = format!("127.0.0.1:{}", s.port);
    let length = chunked
        .content_length(data.len() as u64)
        .unwrap()
        .to_string();
    let decoded = data.len().to_string();
    let mut headers = vec![
        ("host", host.as_str()),
        ("content-encoding", "aws-chunked"),
        ("content-length", length.as_str()),
        ("x-amz-decoded-content-length", decoded.as_str()),
    ];
    let trailer_name = trailer.map(|a| a.header_name());
    if let Some(name) = trailer_name {
        headers.push(("x-amz-trailer", name));
    }
    let path = format!("/{BUCKET}/{key}");
    let seed = signer
        .sign_headers(
            &SignRequest::new("PUT", &path)
                .headers(&headers)
                .payload(chunked.payload()),
            s.now(),
        )
        .unwrap();
    let chunk_signer = mode
        .is_signed()
        .then(|| signer.chunk_signer(&seed).unwrap());
    let body = chunked.encode(chunk_signer, data, &[]).unwrap();
    let mut all: Vec<(String, String)> = headers[1..]
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
    all.extend(seed.iter().map(|(n, v)| (n.to_string(), v.to_string())));
    (all, body)
}

fn put_with(s: &Server, key: &str, headers: &[(String, String)], body: &[u8]) -> Resp {
    let h: Vec<(&str, &str)> = headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    s.send(
        "PUT",
        &format!("http://127.0.0.1:{}/{BUCKET}/{key}", s.port),
        &h,
        Some(body),
    )
}

#[test]
fn aws_chunked_bodies_are_checked_as_they_stream_through_hyper_and_axum() {
    aws_chunked_bodies_are_checked(&start_hyper(false));
    aws_chunked_bodies_are_checked(&start_axum());
}

fn aws_chunked_bodies_are_checked(s: &Server) {
    let data: Vec<u8> = (0..3 * 8192 + 1000).map(|i| (i * 7 % 251) as u8).collect();
    let path = format!("/{BUCKET}/c.bin");
    for (mode, trailer) in [
        (ChunkedMode::Signed, None),
        (ChunkedMode::SignedTrailer, Some(ChecksumAlgorithm::Crc32)),
        (
            ChunkedMode::UnsignedTrailer,
            Some(ChecksumAlgorithm::Crc32c),
        ),
    ] {
        let (headers, body) = chunked_put(s, "c.bin", mode, &data, trailer);
        let r = put_with(s, "c.bin", &headers, &body);
        assert_eq!(r.status, 200, "{mode:?}: {}", r.text());
        assert_eq!(
            s.store.object(&path).as_deref(),
            Some(&data[..]),
            "{mode:?}"
        );
        let md5: String = {
            use md5::Digest as _;
            md5::Md5::digest(&data)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect()
        };
        assert_eq!(r.header("etag"), Some(format!("\"{md5}\"").as_str()));
        s.store.objects.lock().unwrap().clear();
        // One data byte changed in the second chunk: a signed chunk fails
        // its signature, an unsigned one its trailer checksum.
        let (headers, mut body) = chunked_put(s, "c.bin", mode, &data, trailer);
        let at = body.len() / 3 + 10;
        body[at] ^= 1;
        let r = put_with(s, "c.bin", &headers, &body);
        let want = if mode.is_signed() {
            (403, "SignatureDoesNotMatch")
        } else {
            (400, "BadDigest")
        };
        assert_eq!(
            (r.status, r.code().as_str()),
            want,
            "{mode:?}: {}",
            r.text()
        );
        assert_eq!(
            s.store.object(&path),
            None,
            "{mode:?}: a tampered body was stored"
        );
    }
}

#[test]
fn header_signed_body_must_match_its_hash() {
    let s = start_hyper(false);
    let signer = Signer::new(creds(), SigningSettings::s3(REGION)).unwrap();
    let host = format!("127.0.0.1:{}", s.port);
    let headers = [("host", host.as_str())];
    let path = format!("/{BUCKET}/h.txt");
    let body = b"signed body";
    let signed = signer
        .sign_headers(
            &SignRequest::new("PUT", &path)
                .headers(&headers)
                .payload(Payload::Bytes(body)),
            s.now(),
        )
        .unwrap();
    let sent: Vec<(&str, &str)> = signed.iter().collect();
    let url = format!("http://{host}{path}");
    let r = s.send("PUT", &url, &sent, Some(b"signed bodY"));
    assert_eq!(
        (r.status, r.code()),
        (400, "XAmzContentSHA256Mismatch".to_string()),
        "{}",
        r.text()
    );
    assert_eq!(s.store.object(&path), None);
    let r = s.send("PUT", &url, &sent, Some(body));
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(s.store.object(&path).as_deref(), Some(&body[..]));
}

#[test]
fn post_forms_pass_marked_unverified_only_when_enabled() {
    let form = [("content-type", "multipart/form-data; boundary=x")];
    let body = b"--x\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\nk\r\n--x--\r\n";
    let off = start_hyper(false);
    let r = off.send(
        "POST",
        &format!("http://127.0.0.1:{}/{BUCKET}", off.port),
        &form,
        Some(body),
    );
    assert_eq!(
        (r.status, r.code()),
        (403, "AccessDenied".to_string()),
        "{}",
        r.text()
    );
    assert_eq!(off.calls(), 0);
    let on = start_hyper(true);
    let r = on.send(
        "POST",
        &format!("http://127.0.0.1:{}/{BUCKET}", on.port),
        &form,
        Some(body),
    );
    assert_eq!(
        (r.status, r.header("x-test-identity")),
        (200, Some("unverified POST form"))
    );
}

/// A response body of `left` one-byte frames, for a download that can be
/// cut off half way.
struct Frames {
    left: u8,
}

impl Body for Frames {
    type Data = bytes::Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<hyper::body::Frame<bytes::Bytes>, Self::Error>>> {
        if self.left == 0 {
            return std::task::Poll::Ready(None);
        }
        self.left -= 1;
        std::task::Poll::Ready(Some(Ok(hyper::body::Frame::data(
            bytes::Bytes::from_static(b"x"),
        ))))
    }
}

/// Answers 404 for `/missing`, else 200 with three frames.
#[derive(Clone)]
struct Download;

impl Service<Request<VerifiedBody<String>>> for Download {
    type Response = Response<Frames>;
    type Error = std::convert::Infallible;
    type Future = std::future::Ready<Result<Self::Response, Self::Error>>;

    fn poll_ready(
        &mut self,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Result<(), Self::Error>> {
        std::task::Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: Request<VerifiedBody<String>>) -> Self::Future {
        let missing = req.uri().path().ends_with("/missing");
        let mut r = Response::new(Frames {
            left: if missing { 0 } else { 3 },
        });
        if missing {
            *r.status_mut() = hyper::StatusCode::NOT_FOUND;
        }
        std::future::ready(Ok(r))
    }
}

/// Polls a future that is ready at once.
fn now_ready<F: std::future::Future>(fut: F) -> F::Output {
    let waker = std::task::Waker::noop();
    let mut cx = std::task::Context::from_waker(waker);
    match std::pin::pin!(fut).poll(&mut cx) {
        std::task::Poll::Ready(v) => v,
        std::task::Poll::Pending => panic!("not ready at once"),
    }
}

#[test]
fn one_time_links_on_success_count_a_download_sent_to_its_end_only() {
    use awssig::verify::replay::{MemoryGuard, OnceLinks, UseCounts};
    let t = SigningTime::from_unix(T0).unwrap();
    let guard = Arc::new(MemoryGuard::new(100));
    let once = OnceLinks::new(guard.clone()).counts(UseCounts::OnSuccess);
    let lookup = |id: &str| (id == AKID).then(|| SECRET.to_string());
    let mut service = VerifyLayer::new(Verifier::s3().region(REGION), lookup)
        .clock(move || t)
        .once_links(once)
        .layer(Download);
    let bucket = Bucket::with_endpoint(
        BUCKET,
        REGION,
        Endpoint::parse("http://127.0.0.1:1").unwrap(),
    )
    .unwrap()
    .addressing_style(AddressingStyle::Path)
    .unwrap();
    let link = |key: &str| {
        bucket
            .get(key)
            .once([9; 16])
            .presign(&creds(), t, 600)
            .unwrap()
    };
    let mut call = |url: &str| {
        let req = Request::get(url).body(String::new()).unwrap();
        now_ready(service.call(req)).unwrap()
    };
    let read_all = |mut body: awssig::tower::ResponseBody<Frames>| {
        let mut n = 0;
        while let Some(frame) = now_ready(std::future::poll_fn(|cx| {
            std::pin::Pin::new(&mut body).poll_frame(cx)
        })) {
            n += frame.unwrap().into_data().unwrap().len();
        }
        n
    };

    // A 404: nothing was served, the link is not used.
    let missing = link("missing");
    assert_eq!(call(&missing).status(), 404);
    assert_eq!(guard.len(), 0);

    // A download cut off after one frame: released.
    let url = link("report.pdf");
    let r = call(&url);
    assert_eq!(r.status(), 200);
    let mut body = r.into_body();
    assert!(now_ready(std::future::poll_fn(
        |cx| std::pin::Pin::new(&mut body).poll_frame(cx)
    ))
    .is_some());
    assert_eq!(guard.len(), 1, "reserved while the body is sent");
    drop(body);
    assert_eq!(guard.len(), 0, "a download cut off releases the use");

    // Sent to its end: used.
    let r = call(&url);
    assert_eq!(r.status(), 200);
    assert_eq!(read_all(r.into_body()), 3);
    assert_eq!(guard.len(), 1);
    let again = call(&url);
    assert_eq!(again.status(), 403);
    assert!(read_all(again.into_body()) > 0, "S3's XML error");
}
