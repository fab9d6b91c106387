//! Serves an axum `Router` (the `verify_service` example) on 127.0.0.1
//! over plain HTTP and over TLS with a throw-away self-signed certificate
//! (made by `openssl`, trusted by the clients through the PEM file), for
//! the real-client and load tests. The runtime stops with the value.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use tokio_rustls::rustls;
use tower_service::Service as _;

/// A running server: its ports and the certificate clients must trust.
pub struct FrontDoor {
    pub http_port: u16,
    pub https_port: u16,
    pub cert_pem: PathBuf,
    _runtime: tokio::runtime::Runtime,
}

impl FrontDoor {
    pub fn http_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.http_port)
    }

    pub fn https_url(&self) -> String {
        format!("https://127.0.0.1:{}", self.https_port)
    }
}

/// A self-signed certificate for 127.0.0.1 and localhost under `dir`:
/// (cert.pem, cert.der, key.der).
fn self_signed(dir: &Path) -> (PathBuf, Vec<u8>, Vec<u8>) {
    std::fs::create_dir_all(dir).expect("cert dir");
    let (pem, key) = (dir.join("cert.pem"), dir.join("key.pem"));
    let run = |args: &[&str]| {
        let out = Command::new("openssl")
            .args(args)
            .output()
            .expect("openssl (apt-get install openssl)");
        assert!(
            out.status.success(),
            "openssl {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    run(&[
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        key.to_str().unwrap(),
        "-out",
        pem.to_str().unwrap(),
        "-days",
        "2",
        "-subj",
        "/CN=127.0.0.1",
        "-addext",
        "subjectAltName=IP:127.0.0.1,DNS:localhost",
    ]);
    let cert_der = run(&["x509", "-in", pem.to_str().unwrap(), "-outform", "DER"]);
    let key_der = run(&[
        "pkcs8",
        "-topk8",
        "-nocrypt",
        "-in",
        key.to_str().unwrap(),
        "-outform",
        "DER",
    ]);
    (pem, cert_der, key_der)
}

/// Serves `router` on two loopback ports (HTTP and HTTPS) with `threads`
/// runtime workers; certificates go under `dir`.
pub fn serve(router: axum::Router, dir: &Path, threads: usize) -> FrontDoor {
    let (cert_pem, cert_der, key_der) = self_signed(dir);
    // ring is the one provider built in (ureq's rustls uses it too).
    let config = rustls::ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(
            vec![cert_der.into()],
            rustls::pki_types::PrivateKeyDer::Pkcs8(key_der.into()),
        )
        .expect("certificate");
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(threads)
        .enable_io()
        .enable_time()
        .build()
        .expect("tokio runtime");
    let bind = || {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        l.set_nonblocking(true).expect("nonblocking");
        l
    };
    let (plain, tls) = (bind(), bind());
    let (http_port, https_port) = (
        plain.local_addr().unwrap().port(),
        tls.local_addr().unwrap().port(),
    );
    let r = router.clone();
    runtime.spawn(async move {
        let listener = tokio::net::TcpListener::from_std(plain).expect("listener");
        let _ = axum::serve(listener, r).await;
    });
    runtime.spawn(async move {
        let listener = tokio::net::TcpListener::from_std(tls).expect("listener");
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            let (acceptor, router) = (acceptor.clone(), router.clone());
            tokio::spawn(async move {
                let Ok(stream) = acceptor.accept(stream).await else {
                    return;
                };
                let service = hyper::service::service_fn(
                    move |req: hyper::Request<hyper::body::Incoming>| {
                        let mut router = router.clone();
                        async move { router.call(req.map(axum::body::Body::new)).await }
                    },
                );
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    FrontDoor {
        http_port,
        https_port,
        cert_pem,
        _runtime: runtime,
    }
}
