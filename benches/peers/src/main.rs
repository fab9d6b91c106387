//! awssig next to other Rust SigV4 signers, on one input, in one process.
//!
//! First every implementation must produce the same URL (presign) or the
//! same `Authorization` value (header signing); then all are timed
//! interleaved, in rounds (thread CPU time), and the median per call is printed with its ratio
//! to the cryptographic floor and its heap allocations per call:
//!
//! ```text
//! presign_get <name> <median_ns> <ratio_to_floor> <allocs_per_call>
//! header_sign <name> <median_ns> <ratio_to_floor> <allocs_per_call>
//! ```
//!
//! The floor is what no signer can avoid: SHA-256 of the canonical request
//! and one HMAC of the string to sign with a cached (pre-keyed) signing key;
//! `floor_uncached` adds the four HMACs of the key derivation. Ratios of
//! uncached signers (`*_uncached`, and every peer: none of them caches the
//! key) are also worth reading against `floor_uncached`. `awssig_uncached`
//! signs without a usable cached key (alternating days, so the cache
//! misses every time); `awssig_fresh_bucket` also clones the `Bucket`.
//!
//! Verification (`verify_presigned`, `verify_header`): awssig's
//! `Verifier` next to s3s checking the same request. s3s 0.14.1 keeps its
//! SigV4 functions private (`mod sig_v4`) and reads the clock itself, so
//! the requests are signed at the current time and s3s is driven through
//! its public entry point, `S3Service::call` (SimpleAuth, an allow-all
//! access check, operations that answer an empty 200): `s3s` is that
//! whole call, `s3s_unsigned` the same call on the same request without
//! its signature (routing, parsing, the response), so `s3s - s3s_unsigned`
//! is what its verification costs. The floor is the same as above: the
//! canonical request's SHA-256 and one HMAC with a cached signing key.
//!
//! SigV4A (`presign_v4a`): awssig's `v4a::Signer` (key derived once) and
//! `Bucket::signature_version(V4a)`, `awssig_v4a_uncached` (a new signer,
//! so a key derivation, per call), next to aws-sigv4's `sigv4a` feature
//! (which derives the key on every call). Both sign with RFC 6979 nonces,
//! so their URLs must be equal; both must verify with awssig's verifier.
//! The floor is the canonical request's SHA-256, the string to sign's and
//! one ECDSA P-256 signature with a ready key.
//!
//! Run: `./run.sh` (or `cargo run --release`); `./run.sh verify` times
//! only the groups whose name contains `verify`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::time::{Duration, SystemTime};

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

// ---------------------------------------------------------------- allocator

struct Counting;
static ALLOCS: AtomicU64 = AtomicU64::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Relaxed);
        unsafe { System.alloc(l) }
    }
    unsafe fn alloc_zeroed(&self, l: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Relaxed);
        unsafe { System.alloc_zeroed(l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, n: usize) -> *mut u8 {
        ALLOCS.fetch_add(1, Relaxed);
        unsafe { System.realloc(p, l, n) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        unsafe { System.dealloc(p, l) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

// ---------------------------------------------------------------- the input

const AKID: &str = "AKIAIOSFODNN7EXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const REGION: &str = "us-east-1";
const BUCKET: &str = "examplebucket";
const KEY: &str = "photos/2024/01/cat picture (1).jpg";
const KEY_ENCODED: &str = "photos/2024/01/cat%20picture%20%281%29.jpg";
const HOST: &str = "examplebucket.s3.amazonaws.com";
const EXPIRES: u64 = 3600;
const UNIX: i64 = 1_369_353_600; // 2013-05-24T00:00:00Z
const AMZ_DATE: &str = "20130524T000000Z";
const DATE: &str = "20130524";
const EMPTY_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// Header signing: the S3 documentation's GET Object example (4 signed
/// headers: host, range, x-amz-content-sha256, x-amz-date).
const H_PATH: &str = "/test.txt";
const H_RANGE: &str = "bytes=0-9";
const H_SIGNATURE: &str = "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41";

fn system_time() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(UNIX as u64)
}

fn presign_creq() -> String {
    format!(
        "GET\n/{KEY_ENCODED}\nX-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential={AKID}%2F{DATE}%2F{REGION}%2Fs3%2Faws4_request&X-Amz-Date={AMZ_DATE}&X-Amz-Expires={EXPIRES}&X-Amz-SignedHeaders=host\nhost:{HOST}\n\nhost\nUNSIGNED-PAYLOAD"
    )
}

fn header_creq() -> String {
    format!(
        "GET\n{H_PATH}\n\nhost:{HOST}\nrange:{H_RANGE}\nx-amz-content-sha256:{EMPTY_SHA256}\nx-amz-date:{AMZ_DATE}\n\nhost;range;x-amz-content-sha256;x-amz-date\n{EMPTY_SHA256}"
    )
}

// ---------------------------------------------------------------- the floor

type HmacSha256 = Hmac<Sha256>;

fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut m = <HmacSha256 as KeyInit>::new_from_slice(key).unwrap();
    m.update(data);
    m.finalize().into_bytes().into()
}

fn derive_key() -> [u8; 32] {
    let mut k = Vec::with_capacity(44);
    k.extend_from_slice(b"AWS4");
    k.extend_from_slice(SECRET.as_bytes());
    let d = hmac(&k, DATE.as_bytes());
    let r = hmac(&d, REGION.as_bytes());
    let s = hmac(&r, b"s3");
    hmac(&s, b"aws4_request")
}

const STS_PREFIX: &str = "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n";

fn hex_into(bytes: &[u8; 32], out: &mut [u8; 64]) {
    const H: &[u8; 16] = b"0123456789abcdef";
    for (i, b) in bytes.iter().enumerate() {
        out[2 * i] = H[(b >> 4) as usize];
        out[2 * i + 1] = H[(b & 15) as usize];
    }
}

/// SHA-256 of the canonical request, then HMAC of the string to sign with
/// a pre-keyed HMAC state (the cached signing key).
fn floor(creq: &[u8], keyed: &HmacSha256) -> [u8; 32] {
    let digest: [u8; 32] = Sha256::digest(creq).into();
    let mut hex = [0u8; 64];
    hex_into(&digest, &mut hex);
    let mut m = keyed.clone();
    m.update(STS_PREFIX.as_bytes());
    m.update(&hex);
    m.finalize().into_bytes().into()
}

/// [`floor`] with the string to sign's first three lines given (the
/// verification groups sign at the current time).
fn floor_at(creq: &[u8], sts_prefix: &[u8], keyed: &HmacSha256) -> [u8; 32] {
    let digest: [u8; 32] = Sha256::digest(creq).into();
    let mut hex = [0u8; 64];
    hex_into(&digest, &mut hex);
    let mut m = keyed.clone();
    m.update(sts_prefix);
    m.update(&hex);
    m.finalize().into_bytes().into()
}

/// The signing key for `date` (YYYYMMDD).
fn derive_key_on(date: &str) -> [u8; 32] {
    let mut k = Vec::with_capacity(44);
    k.extend_from_slice(b"AWS4");
    k.extend_from_slice(SECRET.as_bytes());
    let d = hmac(&k, date.as_bytes());
    let r = hmac(&d, REGION.as_bytes());
    let s = hmac(&r, b"s3");
    hmac(&s, b"aws4_request")
}

/// The same, deriving the signing key first (4 HMACs).
fn floor_uncached(creq: &[u8]) -> [u8; 32] {
    let key = derive_key_nostd();
    let keyed = <HmacSha256 as KeyInit>::new_from_slice(&key).unwrap();
    floor(creq, &keyed)
}

/// [`derive_key`] without the heap (the floor allocates nothing).
fn derive_key_nostd() -> [u8; 32] {
    let mut k = [0u8; 44];
    k[..4].copy_from_slice(b"AWS4");
    k[4..].copy_from_slice(SECRET.as_bytes());
    let d = hmac(&k, DATE.as_bytes());
    let r = hmac(&d, REGION.as_bytes());
    let s = hmac(&r, b"s3");
    hmac(&s, b"aws4_request")
}

// ---------------------------------------------------------------- awssig

struct Awssig {
    creds: awssig::Credentials,
    bucket: awssig::s3::Bucket,
    signer: awssig::v4::Signer,
    time: awssig::SigningTime,
    next_day: awssig::SigningTime,
}

impl Awssig {
    fn new() -> Self {
        let creds = awssig::Credentials::new(AKID, SECRET).unwrap();
        Awssig {
            bucket: awssig::s3::Bucket::new(BUCKET, REGION).unwrap(),
            signer: awssig::v4::Signer::new(creds.clone(), awssig::v4::SigningSettings::s3(REGION))
                .unwrap(),
            creds,
            time: awssig::SigningTime::from_unix(UNIX).unwrap(),
            next_day: awssig::SigningTime::from_unix(UNIX + 86_400).unwrap(),
        }
    }

    fn presign(&self) -> String {
        self.bucket
            .get(KEY)
            .presign(&self.creds, self.time, EXPIRES)
            .unwrap()
    }

    /// Without a usable cached key, as the peers sign: the URLs alternate
    /// between two days, so the bucket's cache (which keeps the last key)
    /// misses on every call and the key is derived each time (4 HMACs).
    fn presign_uncached(&self, flip: &std::cell::Cell<bool>) -> String {
        flip.set(!flip.get());
        let time = if flip.get() { self.time } else { self.next_day };
        self.bucket
            .get(KEY)
            .presign(&self.creds, time, EXPIRES)
            .unwrap()
    }

    /// A fresh bucket (so an empty signing-key cache) for every URL: the
    /// key derivation plus the `Bucket` clone (its strings and settings).
    fn presign_fresh_bucket(&self) -> String {
        let bucket = self.bucket.clone();
        bucket
            .get(KEY)
            .presign(&self.creds, self.time, EXPIRES)
            .unwrap()
    }

    fn presign_into(&self, buf: &mut String) {
        self.bucket
            .get(KEY)
            .presign_into(&self.creds, self.time, EXPIRES, buf)
            .unwrap()
    }

    fn sign_headers(&self) -> awssig::v4::SignedHeaders {
        let headers = [("host", HOST), ("range", H_RANGE)];
        let req = awssig::v4::Request::new("GET", H_PATH)
            .headers(&headers)
            .payload(awssig::v4::Payload::Empty);
        self.signer.sign_headers(&req, self.time).unwrap()
    }
}

// ---------------------------------------------------------------- rusty-s3

struct RustyS3 {
    bucket: rusty_s3::Bucket,
    creds: rusty_s3::Credentials,
    time: jiff::Timestamp,
}

impl RustyS3 {
    fn new() -> Self {
        RustyS3 {
            bucket: rusty_s3::Bucket::new(
                "https://s3.amazonaws.com".parse().unwrap(),
                rusty_s3::UrlStyle::VirtualHost,
                BUCKET,
                REGION,
            )
            .unwrap(),
            creds: rusty_s3::Credentials::new(AKID, SECRET),
            time: jiff::Timestamp::from_second(UNIX).unwrap(),
        }
    }

    fn presign(&self) -> String {
        use rusty_s3::S3Action;
        let action = rusty_s3::actions::GetObject::new(&self.bucket, Some(&self.creds), KEY);
        action
            .sign_with_time(Duration::from_secs(EXPIRES), &self.time)
            .into()
    }
}

// ---------------------------------------------------------------- aws-sigv4

struct AwsSigv4 {
    identity: aws_smithy_runtime_api::client::identity::Identity,
}

impl AwsSigv4 {
    fn new() -> Self {
        let creds = aws_credential_types::Credentials::new(AKID, SECRET, None, None, "peers");
        AwsSigv4 {
            identity: creds.into(),
        }
    }

    fn s3_settings() -> aws_sigv4::http_request::SigningSettings {
        use aws_sigv4::http_request::{
            PercentEncodingMode, SigningSettings, UriPathNormalizationMode,
        };
        let mut s = SigningSettings::default();
        s.percent_encoding_mode = PercentEncodingMode::Single;
        s.uri_path_normalization_mode = UriPathNormalizationMode::Disabled;
        s
    }

    fn presign(&self) -> String {
        use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SignatureLocation};
        let mut settings = Self::s3_settings();
        settings.signature_location = SignatureLocation::QueryParams;
        settings.expires_in = Some(Duration::from_secs(EXPIRES));
        let params = aws_sigv4::sign::v4::SigningParams::builder()
            .identity(&self.identity)
            .region(REGION)
            .name("s3")
            .time(system_time())
            .settings(settings)
            .build()
            .unwrap()
            .into();
        let uri = format!("https://{HOST}/{KEY_ENCODED}");
        let mut request = http::Request::builder()
            .method("GET")
            .uri(&uri)
            .header("host", HOST)
            .body(())
            .unwrap();
        let signable = SignableRequest::new(
            "GET",
            uri.as_str(),
            std::iter::once(("host", HOST)),
            SignableBody::UnsignedPayload,
        )
        .unwrap();
        let (instructions, _sig) = sign(signable, &params).unwrap().into_parts();
        instructions.apply_to_request_http1x(&mut request);
        request.uri().to_string()
    }

    fn sign_headers(&self) -> aws_sigv4::http_request::SigningInstructions {
        use aws_sigv4::http_request::{sign, PayloadChecksumKind, SignableBody, SignableRequest};
        let mut settings = Self::s3_settings();
        settings.payload_checksum_kind = PayloadChecksumKind::XAmzSha256;
        let params = aws_sigv4::sign::v4::SigningParams::builder()
            .identity(&self.identity)
            .region(REGION)
            .name("s3")
            .time(system_time())
            .settings(settings)
            .build()
            .unwrap()
            .into();
        let signable = SignableRequest::new(
            "GET",
            "https://examplebucket.s3.amazonaws.com/test.txt",
            [("host", HOST), ("range", H_RANGE)].into_iter(),
            SignableBody::Precomputed(EMPTY_SHA256.to_string()),
        )
        .unwrap();
        let (instructions, _sig) = sign(signable, &params).unwrap().into_parts();
        instructions
    }
}

// ---------------------------------------------------------------- reqsign

/// reqsign-aws-v4 3.3 reads the clock itself (its `with_time` is
/// test-only), so its output is checked against awssig signing the same
/// input at the `X-Amz-Date` reqsign used.
struct Reqsign {
    signer: reqsign_aws_v4::RequestSigner,
    cred: reqsign_aws_v4::Credential,
    ctx: reqsign_core::Context,
    presign_parts: http::request::Parts,
    header_parts: http::request::Parts,
}

fn block_on<F: std::future::Future>(f: F) -> F::Output {
    let mut f = std::pin::pin!(f);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    match f.as_mut().poll(&mut cx) {
        std::task::Poll::Ready(v) => v,
        std::task::Poll::Pending => panic!("reqsign signing did not complete synchronously"),
    }
}

impl Reqsign {
    fn new() -> Self {
        let (presign_parts, ()) = http::Request::builder()
            .method("GET")
            .uri(format!("https://{HOST}/{KEY_ENCODED}"))
            .body(())
            .unwrap()
            .into_parts();
        let (header_parts, ()) = http::Request::builder()
            .method("GET")
            .uri(format!("https://{HOST}{H_PATH}"))
            .header("host", HOST)
            .header("range", H_RANGE)
            .header("x-amz-content-sha256", EMPTY_SHA256)
            .body(())
            .unwrap()
            .into_parts();
        Reqsign {
            signer: reqsign_aws_v4::RequestSigner::new("s3", REGION),
            cred: reqsign_aws_v4::Credential {
                access_key_id: AKID.into(),
                secret_access_key: SECRET.into(),
                session_token: None,
                expires_in: None,
            },
            ctx: reqsign_core::Context::new(),
            presign_parts,
            header_parts,
        }
    }

    fn presign(&self) -> String {
        use reqsign_core::SignRequest;
        let mut parts = self.presign_parts.clone();
        block_on(self.signer.sign_request(
            &self.ctx,
            &mut parts,
            Some(&self.cred),
            Some(Duration::from_secs(EXPIRES)),
        ))
        .unwrap();
        parts.uri.to_string()
    }

    fn sign_headers(&self) -> http::request::Parts {
        use reqsign_core::SignRequest;
        let mut parts = self.header_parts.clone();
        block_on(
            self.signer
                .sign_request(&self.ctx, &mut parts, Some(&self.cred), None),
        )
        .unwrap();
        parts
    }
}

// ---------------------------------------------------------------- verification

/// The header-signed PUT: 5 signed headers (content-type, host,
/// x-amz-content-sha256, x-amz-date, x-amz-meta-owner), plus the unsigned
/// content-length and the Authorization.
const V_CONTENT_TYPE: &str = "image/jpeg";
const V_META_NAME: &str = "x-amz-meta-owner";
const V_META_VALUE: &str = "alice";
const V_BODY: &[u8] = b"not really a jpeg, but 32 bytes.";

/// The two requests as a server receives them (origin-form target, Host
/// header), signed by awssig at `time` (now, for s3s's clock).
struct VerifyInput {
    time: awssig::SigningTime,
    /// `/photos/...?X-Amz-Algorithm=...&X-Amz-Signature=...`
    get_target: String,
    get_headers: Vec<(String, String)>,
    put_target: String,
    put_headers: Vec<(String, String)>,
    /// The hex signatures, for the floor's check.
    get_signature: String,
    put_signature: String,
    body_sha256: String,
}

impl VerifyInput {
    fn new(a: &Awssig) -> Self {
        let now = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64;
        let time = awssig::SigningTime::from_unix(now).unwrap();
        let url = a.bucket.get(KEY).presign(&a.creds, time, EXPIRES).unwrap();
        let get_target = url
            .strip_prefix(&format!("https://{HOST}"))
            .unwrap()
            .to_string();
        let get_signature = query_param(&url, "X-Amz-Signature").unwrap().to_string();
        let body_sha256 = hex::encode(Sha256::digest(V_BODY));
        let put_target = format!("/{KEY_ENCODED}");
        let signed_in = [
            ("host", HOST),
            ("content-type", V_CONTENT_TYPE),
            (V_META_NAME, V_META_VALUE),
        ];
        let req = awssig::v4::Request::new("PUT", &put_target)
            .headers(&signed_in)
            .payload(awssig::v4::Payload::Sha256Hex(&body_sha256));
        let signed = a.signer.sign_headers(&req, time).unwrap();
        let put_signature = signed.signature().to_string();
        let mut put_headers: Vec<(String, String)> = signed_in
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect();
        put_headers.push(("content-length".into(), V_BODY.len().to_string()));
        put_headers.extend(signed.iter().map(|(n, v)| (n.to_string(), v.to_string())));
        VerifyInput {
            time,
            get_target,
            get_headers: vec![("host".into(), HOST.into())],
            put_target,
            put_headers,
            get_signature,
            put_signature,
            body_sha256,
        }
    }

    fn date(&self) -> String {
        self.time.date().to_string()
    }

    fn sts_prefix(&self) -> String {
        format!(
            "AWS4-HMAC-SHA256\n{}\n{}/{REGION}/s3/aws4_request\n",
            self.time.amz_date(),
            self.date()
        )
    }

    fn get_creq(&self) -> String {
        let (date, amz) = (self.date(), self.time.amz_date().to_string());
        format!(
            "GET\n/{KEY_ENCODED}\nX-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential={AKID}%2F{date}%2F{REGION}%2Fs3%2Faws4_request&X-Amz-Date={amz}&X-Amz-Expires={EXPIRES}&X-Amz-SignedHeaders=host\nhost:{HOST}\n\nhost\nUNSIGNED-PAYLOAD"
        )
    }

    fn put_creq(&self) -> String {
        let (amz, sha) = (self.time.amz_date().to_string(), &self.body_sha256);
        format!(
            "PUT\n/{KEY_ENCODED}\n\ncontent-type:{V_CONTENT_TYPE}\nhost:{HOST}\nx-amz-content-sha256:{sha}\nx-amz-date:{amz}\n{V_META_NAME}:{V_META_VALUE}\n\ncontent-type;host;x-amz-content-sha256;x-amz-date;{V_META_NAME}\n{sha}"
        )
    }
}

fn borrow_pairs(v: &[(String, String)]) -> Vec<(&str, &str)> {
    v.iter().map(|(n, x)| (n.as_str(), x.as_str())).collect()
}

mod s3s_peer {
    use s3s::dto::{GetObjectInput, GetObjectOutput, PutObjectInput, PutObjectOutput};
    use s3s::{S3Request, S3Response, S3Result};

    /// Operations that answer an empty 200 at once.
    pub struct Noop;

    #[async_trait::async_trait]
    impl s3s::S3 for Noop {
        async fn get_object(
            &self,
            _req: S3Request<GetObjectInput>,
        ) -> S3Result<S3Response<GetObjectOutput>> {
            Ok(S3Response::new(GetObjectOutput::default()))
        }

        async fn put_object(
            &self,
            _req: S3Request<PutObjectInput>,
        ) -> S3Result<S3Response<PutObjectOutput>> {
            Ok(S3Response::new(PutObjectOutput::default()))
        }
    }

    /// Lets anonymous requests through (for `s3s_unsigned`); signed ones
    /// are checked by the auth before this runs.
    pub struct AllowAll;

    #[async_trait::async_trait]
    impl s3s::access::S3Access for AllowAll {
        async fn check(&self, _cx: &mut s3s::access::S3AccessContext<'_>) -> S3Result<()> {
            Ok(())
        }
    }
}

/// s3s's server: its `S3Service` with SimpleAuth, as an s3s-based server
/// is set up, and the requests as hyper would hand them over (parsed).
struct S3s {
    service: s3s::service::S3Service,
    get: (http::Uri, http::HeaderMap),
    get_unsigned: (http::Uri, http::HeaderMap),
    put: (http::Uri, http::HeaderMap),
    put_unsigned: (http::Uri, http::HeaderMap),
}

fn header_map(pairs: &[(String, String)], skip: &[&str]) -> http::HeaderMap {
    let mut m = http::HeaderMap::new();
    for (n, v) in pairs {
        if !skip.contains(&n.as_str()) {
            m.append(
                http::HeaderName::from_bytes(n.as_bytes()).unwrap(),
                http::HeaderValue::from_str(v).unwrap(),
            );
        }
    }
    m
}

impl S3s {
    fn new(v: &VerifyInput) -> Self {
        let mut b = s3s::service::S3ServiceBuilder::new(s3s_peer::Noop);
        b.set_auth(s3s::auth::SimpleAuth::from_single(AKID, SECRET));
        b.set_access(s3s_peer::AllowAll);
        b.set_host(s3s::host::SingleDomain::new("s3.amazonaws.com").unwrap());
        let unsigned_get = format!("/{KEY_ENCODED}");
        S3s {
            service: b.build(),
            get: (
                v.get_target.parse().unwrap(),
                header_map(&v.get_headers, &[]),
            ),
            get_unsigned: (
                unsigned_get.parse().unwrap(),
                header_map(&v.get_headers, &[]),
            ),
            put: (
                v.put_target.parse().unwrap(),
                header_map(&v.put_headers, &[]),
            ),
            put_unsigned: (
                v.put_target.parse().unwrap(),
                header_map(&v.put_headers, &["authorization"]),
            ),
        }
    }

    fn call(
        &self,
        method: http::Method,
        req: &(http::Uri, http::HeaderMap),
        body: s3s::Body,
    ) -> http::StatusCode {
        let mut r = http::Request::new(body);
        *r.method_mut() = method;
        *r.uri_mut() = req.0.clone();
        *r.headers_mut() = req.1.clone();
        block_on(self.service.call(r)).unwrap().status()
    }

    fn get(&self) -> http::StatusCode {
        self.call(http::Method::GET, &self.get, s3s::Body::empty())
    }

    fn get_unsigned(&self) -> http::StatusCode {
        self.call(http::Method::GET, &self.get_unsigned, s3s::Body::empty())
    }

    fn put(&self) -> http::StatusCode {
        self.call(
            http::Method::PUT,
            &self.put,
            bytes::Bytes::from_static(V_BODY).into(),
        )
    }

    fn put_unsigned(&self) -> http::StatusCode {
        self.call(
            http::Method::PUT,
            &self.put_unsigned,
            bytes::Bytes::from_static(V_BODY).into(),
        )
    }

    /// The signed request with its signature's last digit changed.
    fn tampered(req: &(http::Uri, http::HeaderMap)) -> (http::Uri, http::HeaderMap) {
        let flip = |s: &str| {
            let (head, last) = s.split_at(s.len() - 1);
            format!("{head}{}", if last == "0" { "1" } else { "0" })
        };
        let mut h = req.1.clone();
        let uri = match h.get("authorization") {
            Some(a) => {
                let a = flip(a.to_str().unwrap());
                h.insert("authorization", a.parse().unwrap());
                req.0.clone()
            }
            None => flip(&req.0.to_string()).parse().unwrap(),
        };
        (uri, h)
    }
}

// ---------------------------------------------------------------- checks

fn query_param<'a>(url: &'a str, name: &str) -> Option<&'a str> {
    let q = url.split_once('?')?.1;
    q.split('&').find_map(|p| {
        let (n, v) = p.split_once('=')?;
        (n == name).then_some(v)
    })
}

fn amz_date_to_unix(d: &str) -> i64 {
    awssig::SigningTime::from_amz_date(d).unwrap().unix()
}

fn check(name: &str, got: &str, want: &str) {
    if got != want {
        eprintln!("MISMATCH {name}:\n  got  {got}\n  want {want}");
        std::process::exit(1);
    }
}

// ---------------------------------------------------------------- timing

const ROUNDS: usize = 101;
const ITERS: u32 = 500;

/// This thread's CPU time in ns: on a shared machine, time spent
/// descheduled is not counted (wall-clock medians drift with the load).
fn cpu_ns() -> u64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: a valid pointer to a timespec; the clock id is a constant.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID)");
    ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
}

struct Case<'a> {
    name: &'static str,
    f: Box<dyn FnMut() + 'a>,
    samples: Vec<f64>,
    allocs: f64,
}

fn case<'a>(name: &'static str, f: impl FnMut() + 'a) -> Case<'a> {
    Case {
        name,
        f: Box::new(f),
        samples: Vec::with_capacity(ROUNDS),
        allocs: 0.0,
    }
}

/// `./run.sh verify` times only the groups whose name contains `verify`
/// (every check still runs first).
fn wanted(group: &str) -> bool {
    std::env::args().skip(1).all(|f| group.contains(f.as_str()))
}

fn measure(group: &str, cases: &mut [Case<'_>], floor_name: &str) {
    if !wanted(group) {
        return;
    }
    // Allocation counts: one warm call, then the average of ITERS calls.
    for c in cases.iter_mut() {
        (c.f)();
        let before = ALLOCS.load(Relaxed);
        for _ in 0..ITERS {
            (c.f)();
        }
        c.allocs = (ALLOCS.load(Relaxed) - before) as f64 / ITERS as f64;
    }
    // Interleaved rounds: each round times every case once, rotating the order.
    for round in 0..ROUNDS {
        let n = cases.len();
        for k in 0..n {
            let c = &mut cases[(k + round) % n];
            let t = cpu_ns();
            for _ in 0..ITERS {
                (c.f)();
            }
            c.samples.push((cpu_ns() - t) as f64 / ITERS as f64);
        }
    }
    let median = |s: &mut Vec<f64>| {
        s.sort_by(|a, b| a.partial_cmp(b).unwrap());
        s[s.len() / 2]
    };
    let medians: Vec<(&str, f64, f64)> = cases
        .iter_mut()
        .map(|c| (c.name, median(&mut c.samples), c.allocs))
        .collect();
    let floor = medians
        .iter()
        .find(|m| m.0 == floor_name)
        .map(|m| m.1)
        .unwrap();
    for (name, ns, allocs) in medians {
        println!(
            "{group} {name} {ns:.0} {:.2} {}",
            ns / floor,
            if allocs.fract() == 0.0 {
                format!("{allocs:.0}")
            } else {
                format!("{allocs:.2}")
            }
        );
    }
}

fn main() {
    let a = Awssig::new();
    let r = RustyS3::new();
    let s = AwsSigv4::new();
    let q = Reqsign::new();
    let key = derive_key();
    let keyed = <HmacSha256 as KeyInit>::new_from_slice(&key).unwrap();
    let pcreq = presign_creq();
    let hcreq = header_creq();

    // ---- the same URL from everyone
    let mut floor_sig = [0u8; 64];
    hex_into(&floor(pcreq.as_bytes(), &keyed), &mut floor_sig);
    let floor_sig = std::str::from_utf8(&floor_sig).unwrap().to_string();
    let mut uncached_sig = [0u8; 64];
    hex_into(&floor_uncached(pcreq.as_bytes()), &mut uncached_sig);
    check(
        "floor_uncached",
        std::str::from_utf8(&uncached_sig).unwrap(),
        &floor_sig,
    );
    let want = format!(
        "https://{HOST}/{KEY_ENCODED}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential={AKID}%2F{DATE}%2F{REGION}%2Fs3%2Faws4_request&X-Amz-Date={AMZ_DATE}&X-Amz-Expires={EXPIRES}&X-Amz-SignedHeaders=host&X-Amz-Signature={floor_sig}"
    );
    check("awssig", &a.presign(), &want);
    let flip = std::cell::Cell::new(false);
    check("awssig_uncached", &a.presign_uncached(&flip), &want);
    {
        // The other day's URL: as a fresh bucket signs it.
        let fresh = awssig::s3::Bucket::new(BUCKET, REGION).unwrap();
        let next = fresh
            .get(KEY)
            .presign(&a.creds, a.next_day, EXPIRES)
            .unwrap();
        check(
            "awssig_uncached (next day)",
            &a.presign_uncached(&flip),
            &next,
        );
    }
    check("awssig_fresh_bucket", &a.presign_fresh_bucket(), &want);
    let mut buf = String::new();
    a.presign_into(&mut buf);
    check("awssig_into", &buf, &want);
    check("rusty-s3", &r.presign(), &want);
    check("aws-sigv4", &s.presign(), &want);
    {
        let got = q.presign();
        let t = amz_date_to_unix(query_param(&got, "X-Amz-Date").unwrap());
        let at = a
            .bucket
            .get(KEY)
            .presign(
                &a.creds,
                awssig::SigningTime::from_unix(t).unwrap(),
                EXPIRES,
            )
            .unwrap();
        check("reqsign-aws-v4 (at its own clock)", &got, &at);
    }
    println!("# presign_get: every implementation produced {want}");

    // ---- the same Authorization from everyone
    let mut h_floor = [0u8; 64];
    hex_into(&floor(hcreq.as_bytes(), &keyed), &mut h_floor);
    check(
        "header floor",
        std::str::from_utf8(&h_floor).unwrap(),
        H_SIGNATURE,
    );
    let auth_want = format!(
        "AWS4-HMAC-SHA256 Credential={AKID}/{DATE}/{REGION}/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature={H_SIGNATURE}"
    );
    check(
        "awssig header",
        a.sign_headers().authorization(),
        &auth_want,
    );
    {
        let hs = s.sign_headers();
        let auth = hs.headers().find(|h| h.0 == "authorization").unwrap();
        check("aws-sigv4 header", auth.1, &auth_want);
    }
    {
        let parts = q.sign_headers();
        let date = parts.headers["x-amz-date"].to_str().unwrap();
        let t = awssig::SigningTime::from_unix(amz_date_to_unix(date)).unwrap();
        let headers = [("host", HOST), ("range", H_RANGE)];
        let req = awssig::v4::Request::new("GET", H_PATH)
            .headers(&headers)
            .payload(awssig::v4::Payload::Empty);
        let at = a.signer.sign_headers(&req, t).unwrap();
        check(
            "reqsign-aws-v4 header (at its own clock)",
            parts.headers["authorization"].to_str().unwrap(),
            at.authorization(),
        );
    }
    println!("# header_sign: every implementation produced {auth_want}");

    // ---- verification: awssig, s3s and the floor accept the same requests
    let v = VerifyInput::new(&a);
    let ss = S3s::new(&v);
    let verifier = awssig::verify::Verifier::s3();
    let lookup = |id: &str| (id == AKID).then(|| SECRET.to_string());
    let v_keyed = <HmacSha256 as KeyInit>::new_from_slice(&derive_key_on(&v.date())).unwrap();
    let v_prefix = v.sts_prefix();
    let v_get_creq = v.get_creq();
    let v_put_creq = v.put_creq();
    let v_get_headers = borrow_pairs(&v.get_headers);
    let v_put_headers = borrow_pairs(&v.put_headers);
    {
        let mut sig = [0u8; 64];
        hex_into(
            &floor_at(v_get_creq.as_bytes(), v_prefix.as_bytes(), &v_keyed),
            &mut sig,
        );
        check(
            "verify_presigned floor",
            std::str::from_utf8(&sig).unwrap(),
            &v.get_signature,
        );
        hex_into(
            &floor_at(v_put_creq.as_bytes(), v_prefix.as_bytes(), &v_keyed),
            &mut sig,
        );
        check(
            "verify_header floor",
            std::str::from_utf8(&sig).unwrap(),
            &v.put_signature,
        );
        let get = awssig::verify::Incoming::new("GET", &v.get_target, &v_get_headers);
        let ok = verifier.verify_presigned(&get, v.time, lookup).unwrap();
        check("awssig verify_presigned", ok.access_key_id(), AKID);
        check(
            "awssig verify (presigned)",
            verifier
                .verify(&get, v.time, lookup)
                .unwrap()
                .access_key_id(),
            AKID,
        );
        let put = awssig::verify::Incoming::new("PUT", &v.put_target, &v_put_headers);
        let ok = verifier.verify_headers(&put, v.time, lookup).unwrap();
        check(
            "awssig verify_headers",
            ok.signed_headers().as_str(),
            &format!("content-type;host;x-amz-content-sha256;x-amz-date;{V_META_NAME}"),
        );
        check(
            "awssig verify (header)",
            verifier
                .verify(&put, v.time, lookup)
                .unwrap()
                .access_key_id(),
            AKID,
        );
        let tampered = v.get_target.replace("/photos/", "/Photos/");
        assert!(
            verifier
                .verify_presigned(
                    &awssig::verify::Incoming::new("GET", &tampered, &v_get_headers),
                    v.time,
                    lookup
                )
                .is_err(),
            "awssig accepted a tampered presigned URL"
        );
        let bad_put: Vec<(&str, &str)> = v_put_headers
            .iter()
            .map(|&(n, x)| (n, if n == V_META_NAME { "mallory" } else { x }))
            .collect();
        assert!(
            verifier
                .verify_headers(
                    &awssig::verify::Incoming::new("PUT", &v.put_target, &bad_put),
                    v.time,
                    lookup
                )
                .is_err(),
            "awssig accepted a tampered PUT"
        );
        let status = |name: &str, got: http::StatusCode, want: u16| {
            check(name, got.as_str(), &want.to_string());
        };
        status("s3s presigned GET", ss.get(), 200);
        status("s3s unsigned GET", ss.get_unsigned(), 200);
        status("s3s header-signed PUT", ss.put(), 200);
        status("s3s unsigned PUT", ss.put_unsigned(), 200);
        let t = S3s::tampered(&ss.get);
        status(
            "s3s tampered presigned GET",
            ss.call(http::Method::GET, &t, s3s::Body::empty()),
            403,
        );
        let t = S3s::tampered(&ss.put);
        status(
            "s3s tampered PUT",
            ss.call(
                http::Method::PUT,
                &t,
                bytes::Bytes::from_static(V_BODY).into(),
            ),
            403,
        );
    }
    println!(
        "# verify_presigned: awssig and s3s accept GET {}",
        v.get_target
    );
    println!(
        "# verify_header: awssig and s3s accept PUT {} signed {}",
        v.put_target,
        v.put_headers
            .iter()
            .find(|h| h.0 == "authorization")
            .unwrap()
            .1
    );
    println!("# format: <group> <name> <median_ns> <ratio_to_floor> <allocs_per_call>");

    // ---- timing
    let mut reuse = String::with_capacity(512);
    let mut cases = vec![
        case("floor", || {
            black_box(floor(black_box(pcreq.as_bytes()), black_box(&keyed)));
        }),
        case("floor_uncached", || {
            black_box(floor_uncached(black_box(pcreq.as_bytes())));
        }),
        case("awssig", || {
            black_box(black_box(&a).presign());
        }),
        case("awssig_into", || {
            black_box(&a).presign_into(&mut reuse);
            black_box(&reuse);
        }),
        case("awssig_uncached", || {
            black_box(black_box(&a).presign_uncached(&flip));
        }),
        case("awssig_fresh_bucket", || {
            black_box(black_box(&a).presign_fresh_bucket());
        }),
        case("rusty-s3", || {
            black_box(black_box(&r).presign());
        }),
        case("aws-sigv4", || {
            black_box(black_box(&s).presign());
        }),
        case("reqsign-aws-v4", || {
            black_box(black_box(&q).presign());
        }),
    ];
    measure("presign_get", &mut cases, "floor");
    drop(cases);

    let mut cases = vec![
        case("floor", || {
            black_box(floor(black_box(hcreq.as_bytes()), black_box(&keyed)));
        }),
        case("floor_uncached", || {
            black_box(floor_uncached(black_box(hcreq.as_bytes())));
        }),
        case("awssig", || {
            black_box(black_box(&a).sign_headers());
        }),
        case("aws-sigv4", || {
            black_box(black_box(&s).sign_headers());
        }),
        case("reqsign-aws-v4", || {
            black_box(black_box(&q).sign_headers());
        }),
    ];
    measure("header_sign", &mut cases, "floor");
    drop(cases);

    let mut cases = vec![
        case("floor", || {
            black_box(floor_at(
                black_box(v_get_creq.as_bytes()),
                black_box(v_prefix.as_bytes()),
                black_box(&v_keyed),
            ));
        }),
        case("awssig", || {
            let req =
                awssig::verify::Incoming::new("GET", black_box(&v.get_target), &v_get_headers);
            black_box(
                black_box(&verifier)
                    .verify_presigned(&req, v.time, lookup)
                    .unwrap(),
            );
        }),
        case("awssig_verify", || {
            let req =
                awssig::verify::Incoming::new("GET", black_box(&v.get_target), &v_get_headers);
            black_box(black_box(&verifier).verify(&req, v.time, lookup).unwrap());
        }),
        case("s3s", || {
            black_box(black_box(&ss).get());
        }),
        case("s3s_unsigned", || {
            black_box(black_box(&ss).get_unsigned());
        }),
    ];
    measure("verify_presigned", &mut cases, "floor");
    drop(cases);

    let mut cases = vec![
        case("floor", || {
            black_box(floor_at(
                black_box(v_put_creq.as_bytes()),
                black_box(v_prefix.as_bytes()),
                black_box(&v_keyed),
            ));
        }),
        case("awssig", || {
            let req =
                awssig::verify::Incoming::new("PUT", black_box(&v.put_target), &v_put_headers);
            black_box(
                black_box(&verifier)
                    .verify_headers(&req, v.time, lookup)
                    .unwrap(),
            );
        }),
        case("awssig_verify", || {
            let req =
                awssig::verify::Incoming::new("PUT", black_box(&v.put_target), &v_put_headers);
            black_box(black_box(&verifier).verify(&req, v.time, lookup).unwrap());
        }),
        case("s3s", || {
            black_box(black_box(&ss).put());
        }),
        case("s3s_unsigned", || {
            black_box(black_box(&ss).put_unsigned());
        }),
    ];
    measure("verify_header", &mut cases, "floor");
    drop(cases);

    sigv4a(&s);
}

// ---------------------------------------------------------------- SigV4A

impl AwsSigv4 {
    fn presign_v4a(&self) -> String {
        use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SignatureLocation};
        let mut settings = Self::s3_settings();
        settings.signature_location = SignatureLocation::QueryParams;
        settings.expires_in = Some(Duration::from_secs(EXPIRES));
        let params = aws_sigv4::sign::v4a::SigningParams::builder()
            .identity(&self.identity)
            .region_set(REGION)
            .name("s3")
            .time(system_time())
            .settings(settings)
            .build()
            .unwrap()
            .into();
        let uri = format!("https://{HOST}/{KEY_ENCODED}");
        let mut request = http::Request::builder()
            .method("GET")
            .uri(&uri)
            .header("host", HOST)
            .body(())
            .unwrap();
        let signable = SignableRequest::new(
            "GET",
            uri.as_str(),
            std::iter::once(("host", HOST)),
            SignableBody::UnsignedPayload,
        )
        .unwrap();
        let (instructions, _sig) = sign(signable, &params).unwrap().into_parts();
        instructions.apply_to_request_http1x(&mut request);
        request.uri().to_string()
    }
}

/// The SigV4A floor: SHA-256 of the canonical request, of the string to
/// sign, and one ECDSA signature with a ready key.
fn floor_v4a(creq: &[u8], key: &p256::ecdsa::SigningKey) -> p256::ecdsa::Signature {
    use p256::ecdsa::signature::hazmat::PrehashSigner;
    let h = Sha256::digest(creq);
    let mut hex = [0u8; 64];
    hex_into(&h.into(), &mut hex);
    let mut sts = Sha256::new();
    sts.update(b"AWS4-ECDSA-P256-SHA256\n20130524T000000Z\n20130524/s3/aws4_request\n");
    sts.update(hex);
    key.sign_prehash(&sts.finalize()).unwrap()
}

fn sigv4a(s: &AwsSigv4) {
    use awssig::v4::{Payload, Request, SigningSettings};
    let creds = awssig::Credentials::new(AKID, SECRET).unwrap();
    let time = awssig::SigningTime::from_unix(UNIX).unwrap();
    let signer = awssig::v4a::Signer::new(creds.clone(), SigningSettings::s3(REGION)).unwrap();
    let bucket = awssig::s3::Bucket::new(BUCKET, REGION)
        .unwrap()
        .signature_version(awssig::s3::SignatureVersion::V4a);
    let host = [("host", HOST)];
    let path = format!("/{KEY_ENCODED}");
    let presign = |signer: &awssig::v4a::Signer| {
        let req = Request::new("GET", &path)
            .headers(&host)
            .payload(Payload::Unsigned);
        let q = signer.presign(&req, time, EXPIRES).unwrap();
        format!("https://{HOST}{path}?{q}")
    };
    let by_bucket = || bucket.get(KEY).presign(&creds, time, EXPIRES).unwrap();

    // ---- checks: every URL verifies with awssig's verifier, and the
    // RFC 6979 signatures are the same bytes.
    let verifier = awssig::verify::Verifier::s3();
    let lookup = |id: &str| (id == AKID).then(|| SECRET.to_string());
    let ours = presign(&signer);
    let theirs = s.presign_v4a();
    for (name, url) in [
        ("awssig_v4a", &ours),
        ("aws_sigv4_v4a", &theirs),
        ("awssig_v4a_bucket", &by_bucket()),
    ] {
        let req = awssig::verify::Incoming::new("GET", url, &[]);
        if let Err(e) = verifier.verify(&req, time, lookup) {
            panic!("{name}: {url} does not verify: {e}");
        }
    }
    check(
        "aws_sigv4_v4a signature",
        query_param(&theirs, "X-Amz-Signature").unwrap(),
        query_param(&ours, "X-Amz-Signature").unwrap(),
    );
    let creq = signer
        .presign_steps(
            &Request::new("GET", &path)
                .headers(&host)
                .payload(Payload::Unsigned),
            time,
            EXPIRES,
        )
        .unwrap()
        .canonical_request;
    let key = p256::ecdsa::SigningKey::from_slice(
        &(0..32)
            .map(|i| {
                u8::from_str_radix(
                    &awssig::v4a::EcdsaKey::derive(AKID, SECRET)
                        .unwrap()
                        .private_hex()[2 * i..2 * i + 2],
                    16,
                )
                .unwrap()
            })
            .collect::<Vec<u8>>(),
    )
    .unwrap();

    let mut cases = vec![
        case("floor_v4a", || {
            black_box(floor_v4a(black_box(creq.as_bytes()), black_box(&key)));
        }),
        case("awssig_v4a", || {
            black_box(presign(black_box(&signer)));
        }),
        case("awssig_v4a_bucket", || {
            black_box(by_bucket());
        }),
        case("awssig_v4a_uncached", || {
            let fresh =
                awssig::v4a::Signer::new(creds.clone(), SigningSettings::s3(REGION)).unwrap();
            black_box(presign(black_box(&fresh)));
        }),
        case("aws_sigv4_v4a", || {
            black_box(black_box(s).presign_v4a());
        }),
    ];
    measure("presign_v4a", &mut cases, "floor_v4a");
}
