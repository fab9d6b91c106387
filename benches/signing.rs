//! The signing hot path: `cargo bench --bench signing`.
//!
//! Named fixtures, one group per operation; `Throughput::Elements(1)` (one
//! signature per iteration) for the signing groups, `Throughput::Bytes` for
//! the key length when it varies. Comparisons with other crates live in
//! `benches/peers` (a separate crate, `./benches/peers/run.sh`).

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

use awssig::v4::{Payload, Request, Signer, SigningKey, SigningKeyCache, SigningSettings};
use awssig::{s3::Bucket, s3::SignatureVersion, Credentials, SigningTime};

const AKID: &str = "AKIAIOSFODNN7EXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
/// A realistic STS session token length (they run from ~400 to ~1200 bytes).
const TOKEN_LEN: usize = 800;

fn creds() -> Credentials {
    Credentials::new(AKID, SECRET).unwrap()
}

fn time() -> SigningTime {
    SigningTime::from_amz_date("20130524T000000Z").unwrap()
}

/// Object keys by name: the peers' fixture, a short one, a long one with
/// many characters to escape.
fn keys() -> Vec<(&'static str, String)> {
    vec![
        ("short", "a.txt".to_string()),
        ("peers", "photos/2024/01/cat picture (1).jpg".to_string()),
        (
            "escapes_200",
            "dir with spaces/ünïcødé (copy) [final]+v2=ok&x;y/".repeat(4),
        ),
    ]
}

fn presign_get(c: &mut Criterion) {
    let creds = creds();
    let bucket = Bucket::new("examplebucket", "us-east-1").unwrap();
    let mut g = c.benchmark_group("presign_get");
    g.throughput(Throughput::Elements(1));
    for (name, key) in keys() {
        g.bench_with_input(BenchmarkId::new("cached", name), &key, |b, key| {
            b.iter(|| {
                bucket
                    .get(black_box(key))
                    .presign(&creds, time(), 3600)
                    .unwrap()
            })
        });
    }
    let key = "photos/2024/01/cat picture (1).jpg";
    g.bench_function("into_buffer/peers", |b| {
        let mut buf = String::with_capacity(512);
        b.iter(|| {
            bucket
                .get(black_box(key))
                .presign_into(&creds, time(), 3600, &mut buf)
                .unwrap();
            black_box(&buf);
        })
    });
    // Uncached: a fresh bucket (with an empty key cache) per URL; its
    // construction is included.
    g.bench_function("uncached_fresh_bucket/peers", |b| {
        b.iter(|| {
            let bucket = Bucket::new("examplebucket", "us-east-1").unwrap();
            bucket
                .get(black_box(key))
                .presign(&creds, time(), 3600)
                .unwrap()
        })
    });
    g.bench_function("uncached_cloned_bucket/peers", |b| {
        b.iter(|| {
            let bucket = bucket.clone();
            bucket
                .get(black_box(key))
                .presign(&creds, time(), 3600)
                .unwrap()
        })
    });
    g.finish();
}

fn presign_overrides_token(c: &mut Criterion) {
    let token = "FwoGZXIvYXdzEJr//////////wEaDOeE+5rVmQ/tz6a1CiKw".repeat(TOKEN_LEN / 48 + 1)
        [..TOKEN_LEN]
        .to_string();
    let creds = creds().with_session_token(token).unwrap();
    let bucket = Bucket::new("examplebucket", "us-east-1").unwrap();
    let mut g = c.benchmark_group("presign_get_overrides_token");
    g.throughput(Throughput::Elements(1));
    g.bench_function("cached/disposition_type_token800", |b| {
        b.iter(|| {
            bucket
                .get(black_box("reports/2024/q1 summary.pdf"))
                .response_content_disposition("attachment; filename=\"Q1 summary – résumé.pdf\"")
                .response_content_type("application/pdf")
                .presign(&creds, time(), 3600)
                .unwrap()
        })
    });
    g.finish();
}

fn header_sign(c: &mut Criterion) {
    let signer = Signer::new(creds(), SigningSettings::s3("us-east-1")).unwrap();
    // The S3 documentation's GET Object example: host, range,
    // x-amz-content-sha256 and x-amz-date signed.
    let headers = [
        ("Host", "examplebucket.s3.amazonaws.com"),
        ("Range", "bytes=0-9"),
    ];
    let mut g = c.benchmark_group("header_sign");
    g.throughput(Throughput::Elements(1));
    g.bench_function("cached/s3_get_4_headers", |b| {
        b.iter(|| {
            let req = Request::new("GET", black_box("/test.txt"))
                .headers(&headers)
                .payload(Payload::Empty);
            signer.sign_headers(&req, time()).unwrap()
        })
    });
    g.finish();
}

fn sigv2_presign(c: &mut Criterion) {
    let creds = creds();
    let bucket = Bucket::new("examplebucket", "us-east-1")
        .unwrap()
        .signature_version(SignatureVersion::V2);
    let mut g = c.benchmark_group("sigv2_presign");
    g.throughput(Throughput::Elements(1));
    g.bench_function("get/peers", |b| {
        b.iter(|| {
            bucket
                .get(black_box("photos/2024/01/cat picture (1).jpg"))
                .presign(&creds, time(), 3600)
                .unwrap()
        })
    });
    g.finish();
}

fn key_derivation(c: &mut Criterion) {
    let mut g = c.benchmark_group("signing_key");
    g.throughput(Throughput::Elements(1));
    g.bench_function("derive/s3_us-east-1", |b| {
        b.iter(|| SigningKey::derive(black_box(SECRET), "20130524", "us-east-1", "s3"))
    });
    let cache = SigningKeyCache::new();
    g.bench_function("cache_hit/s3_us-east-1", |b| {
        b.iter(|| cache.get(black_box(SECRET), "20130524", "us-east-1", "s3"))
    });
    g.finish();
}

fn post_policy(c: &mut Criterion) {
    use base64::Engine;
    use hmac::{KeyInit, Mac};
    let creds = creds();
    let bucket = Bucket::new("examplebucket", "us-east-1").unwrap();
    let policy = bucket
        .post_policy("uploads/${filename}")
        .content_length_range(0, 10_485_760)
        .content_type("image/jpeg");
    let form = policy.sign_v4(&creds, time()).unwrap();
    let json = form.policy_json().to_string();
    let key = SigningKey::derive(SECRET, "20130524", "us-east-1", "s3");
    let keyed = <hmac::Hmac<sha2::Sha256> as KeyInit>::new_from_slice(key.as_bytes()).unwrap();
    let mut g = c.benchmark_group("post_policy_v4");
    g.throughput(Throughput::Elements(1));
    g.bench_function("sign/length_range_content_type", |b| {
        b.iter(|| black_box(&policy).sign_v4(&creds, time()).unwrap())
    });
    // Its floor: base64 of the policy document and one HMAC over it with a
    // cached signing key (the JSON is given, not built).
    g.bench_function("floor/length_range_content_type", |b| {
        let mut b64 = String::with_capacity(2 * json.len());
        b.iter(|| {
            b64.clear();
            base64::engine::general_purpose::STANDARD.encode_string(black_box(&json), &mut b64);
            let mut m = keyed.clone();
            m.update(b64.as_bytes());
            black_box(m.finalize().into_bytes())
        })
    });
    g.finish();
}

criterion_group!(
    benches,
    post_policy,
    presign_get,
    presign_overrides_token,
    header_sign,
    sigv2_presign,
    key_derivation
);
criterion_main!(benches);
