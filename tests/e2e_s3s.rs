//! End-to-end tests against s3s-fs 0.14.1 (an independent Rust S3 server),
//! served in-process on a loopback port with a fresh data directory; no
//! setup needed. The scenarios are in `tests/e2e/mod.rs`.

mod e2e;

use std::path::PathBuf;

use hyper_util::rt::TokioIo;
use s3s::auth::SimpleAuth;
use s3s::host::MultiDomain;
use s3s::service::S3ServiceBuilder;

const ACCESS_KEY: &str = "S3SE2EACCESSKEY00001";
const SECRET_KEY: &str = "s3se2esecretkey/0000000000000000000000001";

/// s3s-fs on 127.0.0.1; stopped (runtime shut down, data removed) on drop,
/// also when a test panics.
struct S3sServer {
    port: u16,
    root: PathBuf,
    runtime: Option<tokio::runtime::Runtime>,
}

impl S3sServer {
    fn start() -> S3sServer {
        let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!(
            "e2e-s3s-{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0)
        ));
        std::fs::create_dir_all(&root).expect("create the s3s-fs data directory");
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_io()
            .build()
            .expect("tokio runtime");
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        listener.set_nonblocking(true).expect("nonblocking");
        let port = listener.local_addr().expect("local addr").port();
        let mut server = S3sServer {
            port,
            root,
            runtime: None,
        };
        let fs = s3s_fs::FileSystem::new(&server.root).expect("s3s-fs FileSystem");
        let service = {
            let mut b = S3ServiceBuilder::new(fs);
            b.set_auth(SimpleAuth::from_single(ACCESS_KEY, SECRET_KEY));
            // Virtual-hosted base domains must include the port; the IP one
            // keeps path-style requests on 127.0.0.1 from being read as
            // virtual-hosted.
            b.set_host(
                MultiDomain::new([format!("s3.localhost:{port}"), format!("127.0.0.1:{port}")])
                    .expect("s3s domains"),
            );
            b.build()
        };
        runtime.spawn(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("tokio listener");
            loop {
                let Ok((socket, _)) = listener.accept().await else {
                    continue;
                };
                let service = service.clone();
                tokio::spawn(async move {
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(socket), service)
                        .await;
                });
            }
        });
        server.runtime = Some(runtime);
        server
    }
}

impl Drop for S3sServer {
    fn drop(&mut self) {
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_timeout(std::time::Duration::from_secs(5));
        }
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

/// What s3s-fs cannot do, whatever signs the request: it stores an object
/// at the file path `bucket/key` (so `a//b` is `a/b`, `./x` is `x`, `x/..`
/// and `/leading` fail with 500) and its metadata in a file named after the
/// key in base64 (so a key over ~180 bytes fails with 500: file name too
/// long). The signature of those requests is accepted: the errors come from
/// the storage, after authentication.
fn s3s_fs_limits() -> Vec<(String, String)> {
    let fs = "s3s-fs maps keys to file paths";
    let mut v: Vec<(String, String)> = ["key a//b", "key ./x", "key x/..", "key leading /"]
        .iter()
        .map(|k| (k.to_string(), fs.to_string()))
        .collect();
    v.push((
        "key 1000-byte key".into(),
        "s3s-fs names a metadata file after the base64 key: too long for the file system".into(),
    ));
    v.push((
        "body does not match the signed hash".into(),
        "s3s answers 500 InternalError, not a 4xx (it stores nothing)".into(),
    ));
    v
}

#[test]
fn e2e_against_s3s_fs() {
    let server = S3sServer::start();
    e2e::run_suite(e2e::Server {
        name: "s3s".into(),
        endpoint: format!("http://127.0.0.1:{}", server.port),
        vhost_domain: format!("s3.localhost:{}", server.port),
        region: "us-east-1".into(),
        access_key: ACCESS_KEY.into(),
        secret_key: SECRET_KEY.into(),
        limits: s3s_fs_limits(),
        expect_100_continue: true,
    });
    drop(server);
}
