//! One-time links through `examples/verify_service.rs` itself: two
//! instances of the example (two processes, each on its own port) share
//! one real `redis-server` (`REDIS_URL`), as replicas behind a load
//! balancer would. The requests are real HTTP requests on 127.0.0.1.
//!
//! `scripts/e2e-redis.sh` builds the example (`cargo build --all-features
//! --example verify_service`) and runs these tests with `--ignored` and
//! the server's path in `AWSSIG_E2E_REDIS_SERVER`; without a server, or
//! without the example built, they fail: that is not a pass.
#![cfg(all(feature = "tower", feature = "redis"))]

mod common;

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use awssig::s3::{AddressingStyle, Bucket, Endpoint};
use awssig::verify::replay::resp::{self, Reply};
use awssig::{Credentials, SigningTime};
use common::redis_server::Redis;
use common::s3_client::{agent, send, Resp};

const AKID: &str = "AKIDONCE";
const SECRET: &str = "once/service+secret";
const BUCKET: &str = "shared";
const BODY: &[u8] = b"the contract, to be downloaded once";

/// One instance of the example, a process serving on its own port.
struct Instance {
    port: u16,
    child: Child,
}

impl Instance {
    fn start(redis: &Redis, counts: &str) -> Instance {
        let exe = example();
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(&exe)
            .env_clear()
            .env("AWS_ACCESS_KEY_ID", AKID)
            .env("AWS_SECRET_ACCESS_KEY", SECRET)
            .env("AWS_REGION", "us-east-1")
            .env("BUCKET", BUCKET)
            .env("PORT", port.to_string())
            .env("REDIS_URL", format!("redis://{}", redis.addr()))
            .env("ONCE_USE_COUNTS", counts)
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("{} does not start: {e}", exe.display()));
        let i = Instance { port, child };
        let start = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "the example did not listen on {port} in 10 s"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        i
    }

    fn bucket(&self) -> Bucket {
        let endpoint = Endpoint::parse(&format!("http://127.0.0.1:{}", self.port)).unwrap();
        Bucket::with_endpoint(BUCKET, "us-east-1", endpoint)
            .unwrap()
            .addressing_style(AddressingStyle::Path)
            .unwrap()
    }

    /// Stores `BODY` at `key` with a plain presigned PUT.
    fn put(&self, key: &str) {
        let url = self
            .bucket()
            .put(key)
            .presign(&creds(), SigningTime::now(), 60)
            .unwrap();
        let r = send(&agent(), "PUT", &url, &[], Some(BODY));
        assert_eq!(r.status, 200, "PUT {key}: {}", r.text());
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The example's binary, built beside this test.
fn example() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().and_then(|d| d.parent()).unwrap();
    let path = dir.join("examples").join("verify_service");
    assert!(
        path.exists(),
        "{} is not built: cargo build --all-features --example verify_service (scripts/e2e-redis.sh does)",
        path.display()
    );
    path
}

fn creds() -> Credentials {
    Credentials::new(AKID, SECRET).unwrap()
}

/// A one-time GET URL of `key`, signed now for the address clients use
/// (instance `front`'s: the load balancer's, in a deployment).
fn once_get(front: &Instance, key: &str, nonce: u8, seconds: u64) -> String {
    front
        .bucket()
        .get(key)
        .once([nonce; 16])
        .presign(&creds(), SigningTime::now(), seconds)
        .unwrap()
}

/// `GET url` delivered to `instance` unchanged, `Host` included, as a
/// load balancer in front of the instances forwards it.
fn get_via(instance: &Instance, url: &str) -> Resp {
    let rest = url.strip_prefix("http://").unwrap();
    let slash = rest.find('/').unwrap();
    let (host, target) = (&rest[..slash], &rest[slash..]);
    let (status, body) = common::http1_client::send_raw(
        &format!("127.0.0.1:{}", instance.port),
        "GET",
        target,
        &[("Host", host)],
        &[],
    )
    .unwrap_or_else(|e| panic!("GET {url} via {}: {e}", instance.port));
    Resp {
        status,
        headers: Vec::new(),
        body,
    }
}

fn pttl(redis: &Redis, key: &[u8]) -> i64 {
    match redis.command(&resp::command(&[b"PTTL", key])).unwrap() {
        Reply::Integer(ms) => ms,
        other => panic!("PTTL answered {other:?}"),
    }
}

fn assert_used(r: &Resp) {
    assert_eq!(
        (r.status, r.code().as_str()),
        (403, "AccessDenied"),
        "{}",
        r.text()
    );
    assert!(r.text().contains("already used"), "{}", r.text());
}

#[test]
#[ignore = "needs redis-server and the example: bash scripts/e2e-redis.sh"]
fn fifty_concurrent_requests_over_two_instances_serve_the_link_once() {
    let redis = Redis::start();
    let instances = Arc::new([
        Instance::start(&redis, "on-verify"),
        Instance::start(&redis, "on-verify"),
    ]);
    // Each instance keeps objects in its own memory: both get the object.
    for i in instances.iter() {
        i.put("contract.pdf");
    }
    let url = Arc::new(once_get(&instances[0], "contract.pdf", 1, 600));
    let barrier = Arc::new(Barrier::new(50));
    let answers: Vec<Resp> = (0..50)
        .map(|n| {
            let (instances, url, barrier) = (instances.clone(), url.clone(), barrier.clone());
            std::thread::spawn(move || {
                barrier.wait();
                get_via(&instances[n % 2], &url)
            })
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|h| h.join().unwrap())
        .collect();
    let served: Vec<_> = answers.iter().filter(|r| r.status == 200).collect();
    assert_eq!(
        served.len(),
        1,
        "{:?}",
        answers.iter().map(|r| r.status).collect::<Vec<_>>()
    );
    assert_eq!(served[0].body, BODY);
    for r in answers.iter().filter(|r| r.status != 200) {
        assert_used(r);
    }
}

#[test]
#[ignore = "needs redis-server and the example: bash scripts/e2e-redis.sh"]
fn a_forged_link_consumes_nothing_and_the_key_expires_with_the_link() {
    let redis = Redis::start();
    let a = Instance::start(&redis, "on-verify");
    let b = Instance::start(&redis, "on-verify");
    a.put("contract.pdf");
    b.put("contract.pdf");
    let url = once_get(&a, "contract.pdf", 2, 3);
    let forged = url.replace("X-Amz-Expires=3", "X-Amz-Expires=4");
    let r = get_via(&b, &forged);
    assert_eq!(
        (r.status, r.code().as_str()),
        (403, "SignatureDoesNotMatch"),
        "{}",
        r.text()
    );
    assert!(redis.keys().is_empty(), "a forged link stored a key");

    let r = get_via(&b, &url);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_used(&get_via(&a, &url));
    let keys = redis.keys();
    assert_eq!(keys.len(), 1);
    // Kept until the link expires (signed now for 3 s, valid through its
    // last second) and no longer.
    let ttl = pttl(&redis, &keys[0]);
    assert!((1_000..=4_000).contains(&ttl), "PTTL {ttl} ms");
    let start = Instant::now();
    while !redis.keys().is_empty() {
        assert!(
            start.elapsed() < Duration::from_secs(6),
            "the key outlived its link"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    // Expired: S3's answer for an expired URL, not "used".
    let r = get_via(&a, &url);
    assert_eq!(
        (r.status, r.code().as_str()),
        (403, "AccessDenied"),
        "{}",
        r.text()
    );
    assert!(!r.text().contains("already used"), "{}", r.text());
}

#[test]
#[ignore = "needs redis-server and the example: bash scripts/e2e-redis.sh"]
fn redis_down_refuses_once_links_with_503_and_both_resume_when_it_is_back() {
    let mut redis = Redis::start();
    let a = Instance::start(&redis, "on-verify");
    let b = Instance::start(&redis, "on-verify");
    a.put("contract.pdf");
    b.put("contract.pdf");
    let used = once_get(&a, "contract.pdf", 3, 600);
    assert_eq!(get_via(&a, &used).status, 200);

    redis.stop();
    let fresh = once_get(&a, "contract.pdf", 4, 600);
    for (instance, url) in [(&a, &used), (&b, &used), (&a, &fresh), (&b, &fresh)] {
        let r = get_via(instance, url);
        assert_eq!(
            (r.status, r.code().as_str()),
            (503, "ServiceUnavailable"),
            "{}",
            r.text()
        );
        assert!(r.text().contains("cannot answer"), "{}", r.text());
    }
    // Links that are not one-time do not need the store.
    let plain = a
        .bucket()
        .get("contract.pdf")
        .presign(&creds(), SigningTime::now(), 60)
        .unwrap();
    assert_eq!(get_via(&b, &plain).status, 200);

    // Back, the instances not restarted: what was used stays used (Redis
    // kept it in its append-only file), the new link works once.
    redis.restart();
    assert_used(&get_via(&b, &used));
    let r = get_via(&b, &fresh);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_used(&get_via(&a, &fresh));
}

#[test]
#[ignore = "needs redis-server and the example: bash scripts/e2e-redis.sh"]
fn on_success_a_failed_use_is_released_and_a_served_one_counts() {
    let redis = Redis::start();
    let a = Instance::start(&redis, "on-success");
    let b = Instance::start(&redis, "on-success");
    // The object is not there yet: 404, and the link is not used up.
    let url = once_get(&a, "later.pdf", 5, 600);
    let r = get_via(&a, &url);
    assert_eq!(
        (r.status, r.code().as_str()),
        (404, "NoSuchKey"),
        "{}",
        r.text()
    );
    assert!(redis.keys().is_empty(), "a failed use was kept");
    b.put("later.pdf");
    let r = get_via(&b, &url);
    assert_eq!((r.status, r.body.as_slice()), (200, BODY), "{}", r.text());
    assert_eq!(redis.keys().len(), 1);
    assert_used(&get_via(&a, &url));
    assert_used(&get_via(&b, &url));
}
