//! `examples/verify_service.rs` end to end: the service runs on
//! 127.0.0.1:0, URLs and aws-chunked bodies are made with the crate, and a
//! real HTTP client (ureq, as in the e2e tests) sends them.
#![cfg(feature = "tower")]

#[path = "../examples/verify_service.rs"]
#[allow(dead_code)]
mod verify_service;

use std::sync::Arc;
use std::time::Duration;

use awssig::s3::{AddressingStyle, Bucket, Endpoint, SignatureVersion};
use awssig::v4::chunked::{ChecksumAlgorithm, Chunked, ChunkedMode, DEFAULT_CHUNK_SIZE};
use awssig::v4::{Payload, Request, Signer, SigningSettings};
use awssig::{Credentials, SigningTime};
use verify_service::Service;

const BUCKET: &str = "uploads";
const REGION: &str = "eu-west-1";
const AKID: &str = "AKIDVERIFYSERVICE";
const SECRET: &str = "verify/service+secret";

struct Running {
    service: Arc<Service>,
    port: u16,
    agent: ureq::Agent,
    _runtime: tokio::runtime::Runtime,
}

struct Resp {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Resp {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The `<Code>` of an S3 XML error body.
    fn code(&self) -> String {
        let t = self.text();
        match (t.find("<Code>"), t.find("</Code>")) {
            (Some(a), Some(b)) if a + 6 <= b => t[a + 6..b].to_string(),
            _ => String::new(),
        }
    }
}

fn start() -> Running {
    let service = Arc::new(Service::new(
        BUCKET,
        REGION,
        [(AKID.to_string(), SECRET.to_string())],
    ));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_io()
        .build()
        .expect("tokio runtime");
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    listener.set_nonblocking(true).expect("nonblocking");
    let port = listener.local_addr().expect("local addr").port();
    let router = verify_service::router(service.clone());
    runtime.spawn(async move {
        let listener = tokio::net::TcpListener::from_std(listener).expect("tokio listener");
        let _ = axum::serve(listener, router).await;
    });
    let config = ureq::config::Config::builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(Duration::from_secs(30)))
        .build();
    Running {
        service,
        port,
        agent: config.new_agent(),
        _runtime: runtime,
    }
}

impl Running {
    fn bucket(&self, version: SignatureVersion) -> Bucket {
        let endpoint =
            Endpoint::parse(&format!("http://127.0.0.1:{}", self.port)).expect("endpoint");
        Bucket::with_endpoint(BUCKET, REGION, endpoint)
            .and_then(|b| b.addressing_style(AddressingStyle::Path))
            .expect("bucket")
            .signature_version(version)
    }

    fn send(&self, method: &str, url: &str, headers: &[(&str, &str)], body: Option<&[u8]>) -> Resp {
        let mut b = ureq::http::Request::builder().method(method).uri(url);
        for (n, v) in headers {
            b = b.header(*n, *v);
        }
        let res = match body {
            Some(body) => self.agent.run(b.body(body).expect("request")),
            None => self.agent.run(b.body(()).expect("request")),
        };
        let mut res = res.unwrap_or_else(|e| panic!("{method} {url}: {e}"));
        let status = res.status().as_u16();
        let headers = res
            .headers()
            .iter()
            .map(|(n, v)| {
                (
                    n.to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let body = res.body_mut().read_to_vec().expect("read body");
        Resp {
            status,
            headers,
            body,
        }
    }

    fn url(&self, key: &str) -> String {
        format!("http://127.0.0.1:{}/{BUCKET}/{key}", self.port)
    }
}

fn creds() -> Credentials {
    Credentials::new(AKID, SECRET).expect("credentials")
}

#[test]
fn presigned_put_then_get_v4_and_v2() {
    let s = start();
    for (version, key) in [
        (SignatureVersion::V4, "v4/notes.txt"),
        (SignatureVersion::V2, "v2/notes.txt"),
    ] {
        let bucket = s.bucket(version);
        let body = format!("stored through a {version:?} presigned PUT\n").into_bytes();
        let put = bucket
            .put(key)
            .presign(&creds(), SigningTime::now(), 300)
            .expect("presign PUT");
        let r = s.send("PUT", &put, &[], Some(&body));
        assert_eq!(r.status, 200, "{version:?} PUT: {}", r.text());
        assert_eq!(s.service.object(key).as_deref(), Some(&body[..]));

        let get = bucket
            .get(key)
            .presign(&creds(), SigningTime::now(), 300)
            .expect("presign GET");
        let r = s.send("GET", &get, &[], None);
        assert_eq!(r.status, 200, "{version:?} GET: {}", r.text());
        assert_eq!(r.body, body);
    }
    // An unknown key is answered as S3 does, once the signature checked.
    let get = s
        .bucket(SignatureVersion::V4)
        .get("missing")
        .presign(&creds(), SigningTime::now(), 300)
        .expect("presign");
    let r = s.send("GET", &get, &[], None);
    assert_eq!((r.status, r.code()), (404, "NoSuchKey".to_string()));
}

#[test]
fn tampered_urls_are_signature_does_not_match() {
    let s = start();
    for version in [SignatureVersion::V4, SignatureVersion::V2] {
        let put = s
            .bucket(version)
            .put("k.txt")
            .presign(&creds(), SigningTime::now(), 300)
            .expect("presign");
        // Another key than the one signed.
        let tampered = put.replace("/k.txt?", "/K.txt?");
        assert_ne!(tampered, put);
        let r = s.send("PUT", &tampered, &[], Some(b"evil"));
        assert_eq!(r.status, 403, "{version:?}: {}", r.text());
        assert_eq!(r.code(), "SignatureDoesNotMatch", "{}", r.text());
        assert!(r.text().starts_with("<?xml"), "{}", r.text());
        assert_eq!(s.service.object_count(), 0);
    }
    // A wrong secret: the same answer.
    let wrong = Credentials::new(AKID, "not-the-secret").expect("credentials");
    let get = s
        .bucket(SignatureVersion::V4)
        .get("k.txt")
        .presign(&wrong, SigningTime::now(), 300)
        .expect("presign");
    let r = s.send("GET", &get, &[], None);
    assert_eq!(
        (r.status, r.code()),
        (403, "SignatureDoesNotMatch".to_string()),
        "{}",
        r.text()
    );
    // An unknown access key id.
    let other = Credentials::new("AKIDUNKNOWN", SECRET).expect("credentials");
    let get = s
        .bucket(SignatureVersion::V4)
        .get("k.txt")
        .presign(&other, SigningTime::now(), 300)
        .expect("presign");
    let r = s.send("GET", &get, &[], None);
    assert_eq!(
        (r.status, r.code()),
        (403, "InvalidAccessKeyId".to_string()),
        "{}",
        r.text()
    );
}

#[test]
fn expired_urls_are_access_denied() {
    let s = start();
    let long_ago = SigningTime::from_unix(SigningTime::now().unix() - 3600).expect("time");
    for version in [SignatureVersion::V4, SignatureVersion::V2] {
        let put = s
            .bucket(version)
            .put("late.txt")
            .presign(&creds(), long_ago, 60)
            .expect("presign");
        let r = s.send("PUT", &put, &[], Some(b"too late"));
        assert_eq!(
            (r.status, r.code()),
            (403, "AccessDenied".to_string()),
            "{version:?}: {}",
            r.text()
        );
        assert!(r.text().contains("expired"), "{}", r.text());
    }
    assert_eq!(s.service.object_count(), 0);
}

#[test]
fn header_signed_put_checks_the_payload_hash() {
    let s = start();
    let signer = Signer::new(creds(), SigningSettings::s3(REGION)).expect("signer");
    let host = format!("127.0.0.1:{}", s.port);
    let headers = [("host", host.as_str())];
    let path = format!("/{BUCKET}/header.txt");
    let body = b"signed in the Authorization header";
    let signed = signer
        .sign_headers(
            &Request::new("PUT", &path)
                .headers(&headers)
                .payload(Payload::Bytes(body)),
            SigningTime::now(),
        )
        .expect("sign");
    let sent: Vec<(&str, &str)> = signed.iter().collect();
    let r = s.send("PUT", &s.url("header.txt"), &sent, Some(body));
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(s.service.object("header.txt").as_deref(), Some(&body[..]));
    // Another body under the same signature.
    let r = s.send(
        "PUT",
        &s.url("header.txt"),
        &sent,
        Some(b"signed in the Authorization headeR"),
    );
    assert_eq!(
        (r.status, r.code()),
        (400, "XAmzContentSHA256Mismatch".to_string()),
        "{}",
        r.text()
    );
    assert_eq!(s.service.object("header.txt").as_deref(), Some(&body[..]));
}

/// A header-signed aws-chunked PUT of `data` to `key`: (headers, body).
fn chunked_put(s: &Running, key: &str, data: &[u8]) -> (Vec<(String, String)>, Vec<u8>) {
    let signer = Signer::new(creds(), SigningSettings::s3(REGION)).expect("signer");
    let chunked = Chunked::new(ChunkedMode::Signed, DEFAULT_CHUNK_SIZE).expect("chunked");
    let host = format!("127.0.0.1:{}", s.port);
    let length = chunked
        .content_length(data.len() as u64)
        .expect("length")
        .to_string();
    let decoded = data.len().to_string();
    let headers = [
        ("host", host.as_str()),
        ("content-encoding", "aws-chunked"),
        ("content-length", length.as_str()),
        ("x-amz-decoded-content-length", decoded.as_str()),
    ];
    let path = format!("/{BUCKET}/{key}");
    let seed = signer
        .sign_headers(
            &Request::new("PUT", &path)
                .headers(&headers)
                .payload(chunked.payload()),
            SigningTime::now(),
        )
        .expect("seed");
    let body = chunked
        .encode(
            Some(signer.chunk_signer(&seed).expect("chunk signer")),
            data,
            &[],
        )
        .expect("encode");
    assert_eq!(body.len().to_string(), length);
    let mut all: Vec<(String, String)> = headers[1..]
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
    all.extend(seed.iter().map(|(n, v)| (n.to_string(), v.to_string())));
    (all, body)
}

fn send_chunked(s: &Running, key: &str, headers: &[(String, String)], body: &[u8]) -> Resp {
    let h: Vec<(&str, &str)> = headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    s.send("PUT", &s.url(key), &h, Some(body))
}

#[test]
fn chunked_upload_is_stored_and_a_tampered_chunk_is_not() {
    let s = start();
    // Three full chunks and a short one.
    let data: Vec<u8> = (0..3 * DEFAULT_CHUNK_SIZE + 1000)
        .map(|i| (i * 7 % 251) as u8)
        .collect();
    let (headers, body) = chunked_put(&s, "chunked.bin", &data);
    let r = send_chunked(&s, "chunked.bin", &headers, &body);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(s.service.object("chunked.bin").as_deref(), Some(&data[..]));
    let get = s
        .bucket(SignatureVersion::V4)
        .get("chunked.bin")
        .presign(&creds(), SigningTime::now(), 300)
        .expect("presign");
    let r = s.send("GET", &get, &[], None);
    assert_eq!((r.status, r.body == data), (200, true));

    // The same upload with one data byte of the second chunk changed: its
    // signature no longer matches, and the stored object is kept.
    let other: Vec<u8> = data.iter().map(|b| b ^ 0x55).collect();
    let (headers, mut body) = chunked_put(&s, "chunked.bin", &other);
    let at = body.len() / 3 + 10;
    body[at] ^= 1;
    let r = send_chunked(&s, "chunked.bin", &headers, &body);
    assert_eq!(
        (r.status, r.code()),
        (403, "SignatureDoesNotMatch".to_string()),
        "{}",
        r.text()
    );
    assert_eq!(s.service.object("chunked.bin").as_deref(), Some(&data[..]));

    // A tampered signature of the first chunk, to a new key: nothing stored.
    let (headers, body) = chunked_put(&s, "fresh.bin", &data);
    let text = String::from_utf8_lossy(&body).into_owned();
    let sig_at = text.find(";chunk-signature=").expect("signature") + 17;
    let mut body = body;
    body[sig_at] = if body[sig_at] == b'0' { b'1' } else { b'0' };
    let r = send_chunked(&s, "fresh.bin", &headers, &body);
    assert_eq!(
        (r.status, r.code()),
        (403, "SignatureDoesNotMatch".to_string()),
        "{}",
        r.text()
    );
    assert_eq!(s.service.object("fresh.bin"), None);

    assert_eq!(s.service.object_count(), 1);
}

#[test]
fn unsigned_x_amz_headers_are_refused_before_the_body() {
    let s = start();
    let put = s
        .bucket(SignatureVersion::V4)
        .put("unsigned.txt")
        .presign(&creds(), SigningTime::now(), 300)
        .expect("presign");
    let r = s.send(
        "PUT",
        &put,
        &[
            ("x-amz-copy-source", "uploads/other"),
            ("x-amz-acl", "public-read"),
        ],
        Some(b"body"),
    );
    assert_eq!(
        (r.status, r.code()),
        (403, "AccessDenied".to_string()),
        "{}",
        r.text()
    );
    assert!(
        r.text()
            .contains("There were headers present in the request which were not signed: x-amz-copy-source, x-amz-acl"),
        "{}",
        r.text()
    );
    assert_eq!(s.service.object_count(), 0);
}

fn md5_hex(data: &[u8]) -> String {
    use md5::Digest as _;
    md5::Md5::digest(data)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn put_answers_the_etag_and_holds_the_body_to_its_checksum() {
    let s = start();
    let body = b"checked while it streamed";
    let sum = ChecksumAlgorithm::Crc64Nvme.compute(body);
    let put = s
        .bucket(SignatureVersion::V4)
        .put("sum.txt")
        .header("x-amz-checksum-crc64nvme", sum.as_str())
        .presign(&creds(), SigningTime::now(), 300)
        .expect("presign");
    let sent = [("x-amz-checksum-crc64nvme", sum.as_str())];
    let r = s.send("PUT", &put, &sent, Some(body));
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        r.header("etag"),
        Some(format!("\"{}\"", md5_hex(body)).as_str())
    );
    assert_eq!(r.header("x-amz-checksum-crc64nvme"), Some(sum.as_str()));
    // Another body under the same URL and checksum: refused, not stored.
    let r = s.send("PUT", &put, &sent, Some(b"checked while it streamed!"));
    assert_eq!(
        (r.status, r.code()),
        (400, "BadDigest".to_string()),
        "{}",
        r.text()
    );
    assert!(r
        .text()
        .contains("The CRC64NVME you specified did not match the calculated checksum."));
    assert_eq!(s.service.object("sum.txt").as_deref(), Some(&body[..]));
}

#[test]
fn content_md5_is_checked_on_put() {
    let s = start();
    let md5 = {
        use base64::Engine as _;
        use md5::Digest as _;
        base64::engine::general_purpose::STANDARD.encode(md5::Md5::digest(b"what was promised"))
    };
    let put = s
        .bucket(SignatureVersion::V4)
        .put("md5.txt")
        .header("content-md5", md5.as_str())
        .presign(&creds(), SigningTime::now(), 300)
        .expect("presign");
    let sent = [("content-md5", md5.as_str())];
    let r = s.send("PUT", &put, &sent, Some(b"what was sent"));
    assert_eq!(
        (r.status, r.code()),
        (400, "BadDigest".to_string()),
        "{}",
        r.text()
    );
    assert_eq!(s.service.object_count(), 0);
    let r = s.send("PUT", &put, &sent, Some(b"what was promised"));
    assert_eq!(r.status, 200, "{}", r.text());
}

/// PUT `body` at `key` with a presigned URL; asserts it was stored.
fn put_object(s: &Running, key: &str, body: &[u8]) -> Resp {
    let put = s
        .bucket(SignatureVersion::V4)
        .put(key)
        .presign(&creds(), SigningTime::now(), 300)
        .expect("presign PUT");
    let r = s.send("PUT", &put, &[], Some(body));
    assert_eq!(r.status, 200, "PUT {key}: {}", r.text());
    r
}

/// A presigned request of `method` on `key` with query parameters.
fn presigned(s: &Running, method: &str, key: &str, query: &[(&str, &str)]) -> String {
    let bucket = s.bucket(SignatureVersion::V4);
    let mut req = bucket.request(method, key);
    for (n, v) in query {
        req = req.query(*n, *v);
    }
    req.presign(&creds(), SigningTime::now(), 300)
        .expect("presign")
}

#[test]
fn get_with_range_head_and_delete() {
    let s = start();
    let put = put_object(&s, "r.txt", b"0123456789");
    assert_eq!(
        put.header("etag"),
        Some(format!("\"{}\"", md5_hex(b"0123456789")).as_str())
    );
    let get = presigned(&s, "GET", "r.txt", &[]);
    for (range, want, content_range) in [
        ("bytes=2-5", &b"2345"[..], "bytes 2-5/10"),
        ("bytes=7-", b"789", "bytes 7-9/10"),
        ("bytes=-3", b"789", "bytes 7-9/10"),
        ("bytes=8-100", b"89", "bytes 8-9/10"),
    ] {
        let r = s.send("GET", &get, &[("range", range)], None);
        assert_eq!((r.status, &r.body[..]), (206, want), "{range}");
        assert_eq!(r.header("content-range"), Some(content_range), "{range}");
    }
    let r = s.send("GET", &get, &[("range", "bytes=10-")], None);
    assert_eq!((r.status, r.code()), (416, "InvalidRange".to_string()));

    let head = presigned(&s, "HEAD", "r.txt", &[]);
    let r = s.send("HEAD", &head, &[], None);
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-length"), Some("10"));
    assert_eq!(r.header("etag"), put.header("etag"));
    assert!(r
        .header("last-modified")
        .is_some_and(|d| d.ends_with(" GMT")));

    let r = s.send("DELETE", &presigned(&s, "DELETE", "r.txt", &[]), &[], None);
    assert_eq!(r.status, 204, "{}", r.text());
    assert_eq!(s.service.object_count(), 0);
    let r = s.send("GET", &get, &[], None);
    assert_eq!((r.status, r.code()), (404, "NoSuchKey".to_string()));
    let r = s.send("HEAD", &head, &[], None);
    assert_eq!((r.status, r.body.len()), (404, 0));
    // A HEAD with a tampered signature: 403 and no body, as S3 answers.
    let r = s.send(
        "HEAD",
        &head.replace("X-Amz-Expires=300", "X-Amz-Expires=301"),
        &[],
        None,
    );
    assert_eq!((r.status, r.body.len()), (403, 0));
}

/// The `<tag>` texts of an XML answer, in order.
fn texts(xml: &str, tag: &str) -> Vec<String> {
    xml.split(&format!("<{tag}>"))
        .skip(1)
        .filter_map(|p| p.split(&format!("</{tag}>")).next())
        .map(str::to_string)
        .collect()
}

#[test]
fn list_objects_v2_prefix_delimiter_continuation_and_url_encoding() {
    let s = start();
    for key in ["a/1", "a/2", "b/1", "c", "d e+f"] {
        put_object(&s, key, key.as_bytes());
    }
    let list = |query: &[(&str, &str)]| {
        let mut q = vec![("list-type", "2")];
        q.extend_from_slice(query);
        let r = s.send("GET", &presigned(&s, "GET", "", &q), &[], None);
        assert_eq!(r.status, 200, "{}", r.text());
        r.text()
    };
    let all = list(&[]);
    assert_eq!(texts(&all, "Key"), ["a/1", "a/2", "b/1", "c", "d e+f"]);
    assert_eq!(texts(&all, "KeyCount"), ["5"]);
    let rolled = list(&[("delimiter", "/")]);
    assert_eq!(texts(&rolled, "Key"), ["c", "d e+f"]);
    assert_eq!(texts(&rolled, "Prefix")[1..], ["a/", "b/"]);
    let under_a = list(&[("prefix", "a/")]);
    assert_eq!(texts(&under_a, "Key"), ["a/1", "a/2"]);
    let encoded = list(&[("encoding-type", "url")]);
    assert_eq!(texts(&encoded, "Key")[4], "d%20e%2Bf");
    // Two at a time, following the continuation tokens.
    let (mut seen, mut token) = (Vec::new(), None::<String>);
    for _ in 0..5 {
        let mut q = vec![("max-keys", "2")];
        if let Some(t) = &token {
            q.push(("continuation-token", t.as_str()));
        }
        let page = list(&q);
        seen.extend(texts(&page, "Key"));
        token = texts(&page, "NextContinuationToken").pop();
        assert_eq!(texts(&page, "IsTruncated"), [token.is_some().to_string()]);
        if token.is_none() {
            break;
        }
    }
    assert_eq!(seen, ["a/1", "a/2", "b/1", "c", "d e+f"]);
}

#[test]
fn multipart_create_upload_list_complete_and_abort() {
    let s = start();
    let r = s.send(
        "POST",
        &presigned(&s, "POST", "big.bin", &[("uploads", "")]),
        &[],
        None,
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let id = texts(&r.text(), "UploadId").pop().expect("UploadId");
    let parts: [Vec<u8>; 2] = [vec![1u8; 5 << 20], vec![2u8; 1000]];
    let mut etags = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        let n = (i + 1).to_string();
        let url = presigned(
            &s,
            "PUT",
            "big.bin",
            &[("partNumber", &n), ("uploadId", &id)],
        );
        let r = s.send("PUT", &url, &[], Some(part));
        assert_eq!(r.status, 200, "{}", r.text());
        etags.push(r.header("etag").expect("part ETag").to_string());
    }
    let r = s.send(
        "GET",
        &presigned(&s, "GET", "big.bin", &[("uploadId", &id)]),
        &[],
        None,
    );
    assert_eq!(texts(&r.text(), "PartNumber"), ["1", "2"], "{}", r.text());
    let complete: String = etags
        .iter()
        .enumerate()
        .map(|(i, e)| {
            format!(
                "<Part><PartNumber>{}</PartNumber><ETag>{e}</ETag></Part>",
                i + 1
            )
        })
        .collect();
    let complete = format!("<CompleteMultipartUpload>{complete}</CompleteMultipartUpload>");
    let url = presigned(&s, "POST", "big.bin", &[("uploadId", &id)]);
    let r = s.send("POST", &url, &[], Some(complete.as_bytes()));
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(
        texts(&r.text(), "ETag")[0].ends_with("-2&quot;"),
        "{}",
        r.text()
    );
    assert_eq!(s.service.object("big.bin"), Some(parts.concat()));
    // The upload is gone; a second one is aborted.
    let r = s.send("POST", &url, &[], Some(complete.as_bytes()));
    assert_eq!((r.status, r.code()), (404, "NoSuchUpload".to_string()));
    let r = s.send(
        "POST",
        &presigned(&s, "POST", "other.bin", &[("uploads", "")]),
        &[],
        None,
    );
    let id = texts(&r.text(), "UploadId").pop().expect("UploadId");
    let r = s.send(
        "DELETE",
        &presigned(&s, "DELETE", "other.bin", &[("uploadId", &id)]),
        &[],
        None,
    );
    assert_eq!(r.status, 204);
    assert_eq!(s.service.object("other.bin"), None);
}

/// A multipart/form-data body of `fields` and then the file.
fn form_body(fields: &[(&str, &str)], file_name: &str, data: &[u8]) -> (String, Vec<u8>) {
    let boundary = "----awssig-form-boundary";
    let mut body = Vec::new();
    for (n, v) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{n}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: text/plain\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(data);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

#[test]
fn post_form_upload_is_verified_then_stored() {
    let s = start();
    let bucket = s.bucket(SignatureVersion::V4);
    let form = bucket
        .post_policy("forms/${filename}")
        .expires_in(300)
        .content_length_range(1, 100)
        .sign_v4(&creds(), SigningTime::now())
        .expect("form");
    let fields: Vec<(&str, &str)> = form.fields().collect();
    let url = format!("http://127.0.0.1:{}/{BUCKET}", s.port);
    let (ct, body) = form_body(&fields, "hello.txt", b"posted");
    let r = s.send("POST", &url, &[("content-type", &ct)], Some(&body));
    assert_eq!(r.status, 204, "{}", r.text());
    assert_eq!(
        r.header("etag"),
        Some(format!("\"{}\"", md5_hex(b"posted")).as_str())
    );
    assert_eq!(
        s.service.object("forms/hello.txt").as_deref(),
        Some(&b"posted"[..])
    );
    // Too large for the policy, and a tampered signature: nothing stored.
    let (ct, body) = form_body(&fields, "big.txt", &[b'x'; 101]);
    let r = s.send("POST", &url, &[("content-type", &ct)], Some(&body));
    assert_eq!(r.status, 400, "{}", r.text());
    let tampered: Vec<(&str, &str)> = fields
        .iter()
        .map(|&(n, v)| {
            if n == "x-amz-signature" {
                (
                    n,
                    "0000000000000000000000000000000000000000000000000000000000000000",
                )
            } else {
                (n, v)
            }
        })
        .collect();
    let (ct, body) = form_body(&tampered, "evil.txt", b"evil");
    let r = s.send("POST", &url, &[("content-type", &ct)], Some(&body));
    assert_eq!(
        (r.status, r.code()),
        (403, "SignatureDoesNotMatch".to_string()),
        "{}",
        r.text()
    );
    assert_eq!(s.service.object_count(), 1);
}
