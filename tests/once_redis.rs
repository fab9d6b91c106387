//! One-time links shared through a real Redis (`redis-server`, Debian's
//! package) on 127.0.0.1: each test starts its own server (append-only
//! file on, so a restart keeps what was used), on a free port in a
//! temporary directory (`tests/common/redis_server.rs`), and stops it.
//! `scripts/e2e-redis.sh` runs them
//! with `--ignored` and the server's path in `AWSSIG_E2E_REDIS_SERVER`;
//! run with `--ignored` without it, they fail: a server that is not there
//! is not a pass.

#![cfg(feature = "redis")]

mod common;

use std::sync::{Arc, Barrier};
use std::time::Duration;

use awssig::s3::Bucket;
use awssig::verify::replay::resp::{self, Reply};
use awssig::verify::replay::{OnceLinks, RedisGuard, ReplayKey};
use awssig::verify::{Incoming, Verifier};
use awssig::{Credentials, S3ErrorCode, SigningTime};
use common::redis_server::Redis;

const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

fn lookup(_: &str) -> Option<String> {
    Some(SECRET.to_string())
}

/// A one-time URL signed now, valid for `seconds`.
fn once_url(nonce: u8, seconds: u64) -> String {
    Bucket::new("examplebucket", "us-east-1")
        .unwrap()
        .get("report.pdf")
        .once([nonce; 16])
        .presign(
            &Credentials::new("AKIAIOSFODNN7EXAMPLE", SECRET).unwrap(),
            SigningTime::now(),
            seconds,
        )
        .unwrap()
}

/// What a server in front of the storage does with a request: verify,
/// then admit.
fn serve(once: &OnceLinks<RedisGuard>, url: &str) -> Result<(), awssig::Error> {
    let now = SigningTime::now();
    let req = Incoming::new("GET", url, &[]);
    let verified = Verifier::s3().verify(&req, now, lookup)?;
    once.admit(&req, &verified, now)?.commit();
    Ok(())
}

#[test]
#[ignore = "needs redis-server: bash scripts/e2e-redis.sh"]
fn fifty_concurrent_uses_over_two_replicas_admit_exactly_one() {
    let redis = Redis::start();
    // Two replicas, each with its own connection to the shared Redis.
    let replicas = Arc::new([
        OnceLinks::new(RedisGuard::new(redis.addr())),
        OnceLinks::new(RedisGuard::new(redis.addr())),
    ]);
    let url = Arc::new(once_url(1, 600));
    let barrier = Arc::new(Barrier::new(50));
    let results: Vec<Result<(), awssig::Error>> = (0..50)
        .map(|i| {
            let (replicas, url, barrier) = (replicas.clone(), url.clone(), barrier.clone());
            std::thread::spawn(move || {
                barrier.wait();
                serve(&replicas[i % 2], &url)
            })
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|h| h.join().unwrap())
        .collect();
    let ok = results.iter().filter(|r| r.is_ok()).count();
    assert_eq!(ok, 1, "{results:?}");
    for e in results.iter().filter_map(|r| r.as_ref().err()) {
        assert_eq!(e.s3_code(), Some(S3ErrorCode::AccessDenied), "{e}");
        assert!(e.to_string().contains("already used"), "{e}");
    }
}

#[test]
#[ignore = "needs redis-server: bash scripts/e2e-redis.sh"]
fn a_bad_signature_consumes_nothing_and_the_key_lives_as_long_as_the_url() {
    let redis = Redis::start();
    let once = OnceLinks::new(RedisGuard::new(redis.addr()));
    let url = once_url(2, 60);
    let forged = url.replace("X-Amz-Expires=60", "X-Amz-Expires=61");
    let err = serve(&once, &forged).unwrap_err();
    assert_eq!(err.s3_code(), Some(S3ErrorCode::SignatureDoesNotMatch));
    assert!(redis.keys().is_empty(), "a forged URL stored a key");

    serve(&once, &url).unwrap();
    let keys = redis.keys();
    assert_eq!(keys.len(), 1);
    let key = String::from_utf8(keys[0].clone()).unwrap();
    assert!(key.starts_with("awssig:once:"), "{key}");
    // Kept until the URL expires (signed now, 60 s, valid through its
    // last second) and no longer.
    let ttl = match redis
        .command(&resp::command(&[b"PTTL", key.as_bytes()]))
        .unwrap()
    {
        Reply::Integer(ms) => ms,
        other => panic!("PTTL answered {other:?}"),
    };
    assert!((58_000..=61_000).contains(&ttl), "PTTL {ttl} ms");
    assert!(serve(&once, &url).is_err());
}

#[test]
#[ignore = "needs redis-server: bash scripts/e2e-redis.sh"]
fn redis_down_refuses_with_503_and_the_service_resumes_when_it_is_back() {
    let mut redis = Redis::start();
    let once = OnceLinks::new(RedisGuard::new(redis.addr()).timeout(Duration::from_millis(300)));
    let used = once_url(3, 600);
    serve(&once, &used).unwrap();

    redis.stop();
    for url in [&used, &once_url(4, 600)] {
        let err = serve(&once, url).unwrap_err();
        assert_eq!(
            err.s3_code(),
            Some(S3ErrorCode::ServiceUnavailable),
            "{err}"
        );
        assert!(err.to_string().contains("cannot answer"), "{err}");
    }

    // Back, same guard, no restart of the service: what was used stays
    // used (Redis kept it in its append-only file), a new link works.
    redis.restart();
    let err = serve(&once, &used).unwrap_err();
    assert_eq!(err.s3_code(), Some(S3ErrorCode::AccessDenied), "{err}");
    serve(&once, &once_url(5, 600)).unwrap();
}

#[test]
#[ignore = "needs redis-server: bash scripts/e2e-redis.sh"]
fn the_guard_stores_the_key_of_the_signature_not_the_signature() {
    let redis = Redis::start();
    let once = OnceLinks::new(RedisGuard::new(redis.addr()));
    let url = once_url(6, 600);
    serve(&once, &url).unwrap();
    let sig_hex = url.rsplit("X-Amz-Signature=").next().unwrap();
    let sig: Vec<u8> = (0..32)
        .map(|i| u8::from_str_radix(&sig_hex[2 * i..2 * i + 2], 16).unwrap())
        .collect();
    let want = RedisGuard::new(redis.addr()).key_name(&ReplayKey::of_signature(&sig));
    assert_eq!(redis.keys(), vec![want.into_bytes()]);
    assert!(!String::from_utf8(redis.keys()[0].clone())
        .unwrap()
        .contains(sig_hex));
}
