//! s3s-fs 0.14.1 served in-process on a loopback port with a fresh data
//! directory (used by `tests/e2e_s3s.rs` and `tests/examples.rs`).

use std::path::PathBuf;

use hyper_util::rt::TokioIo;
use s3s::auth::SimpleAuth;
use s3s::host::MultiDomain;
use s3s::service::S3ServiceBuilder;

pub const ACCESS_KEY: &str = "S3SE2EACCESSKEY00001";
pub const SECRET_KEY: &str = "s3se2esecretkey/0000000000000000000000001";

/// s3s-fs on 127.0.0.1; stopped (runtime shut down, data removed) on drop,
/// also when a test panics.
pub struct S3sServer {
    pub port: u16,
    root: PathBuf,
    runtime: Option<tokio::runtime::Runtime>,
}

impl S3sServer {
    pub fn start() -> S3sServer {
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
            // s3s answers CompleteMultipartUpload with a keep-alive body
            // on a tokio interval: without timers it panics.
            .enable_time()
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

impl S3sServer {
    /// The server as the e2e scenarios see it (path-style endpoint on
    /// 127.0.0.1, virtual hosts under `s3.localhost`), with `limits`.
    pub fn e2e_server(&self, limits: Vec<(String, String)>) -> super::Server {
        super::Server {
            name: "s3s".into(),
            endpoint: format!("http://127.0.0.1:{}", self.port),
            vhost_domain: format!("s3.localhost:{}", self.port),
            region: "us-east-1".into(),
            access_key: ACCESS_KEY.into(),
            secret_key: SECRET_KEY.into(),
            limits,
            expect_100_continue: true,
            sts_user: None,
        }
    }
}
