//! `BlockingClient` against a local HTTP server that answers one canned
//! response per connection and keeps what it received.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use awssig::credentials::io::{BlockingClient, HttpClient, Timeouts};
use awssig::credentials::HttpRequest;
use awssig::ErrorKind;

/// A server on `bind` that answers each of `answers` on its own connection
/// and sends back the raw bytes of each request it got.
fn serve(bind: &str, answers: Vec<Vec<u8>>) -> (SocketAddr, mpsc::Receiver<Vec<u8>>) {
    let listener = TcpListener::bind(bind).unwrap();
    let addr = listener.local_addr().unwrap();
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        for answer in answers {
            let Ok((mut conn, _)) = listener.accept() else {
                return;
            };
            let got = read_request(&mut conn);
            let _ = tx.send(got);
            let _ = conn.write_all(&answer);
        }
    });
    (addr, rx)
}

/// Reads one request: the head, then `content-length` bytes of body.
fn read_request(conn: &mut TcpStream) -> Vec<u8> {
    conn.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut got = Vec::new();
    let mut byte = [0u8; 1];
    while !got.ends_with(b"\r\n\r\n") {
        match conn.read(&mut byte) {
            Ok(1) => got.push(byte[0]),
            _ => return got,
        }
    }
    let head = String::from_utf8_lossy(&got).to_ascii_lowercase();
    let len: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .map_or(0, |v| v.trim().parse().unwrap());
    let mut body = vec![0u8; len];
    conn.read_exact(&mut body).unwrap();
    got.extend(body);
    got
}

fn answer(status: &str, body: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 {status}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

#[test]
fn get_over_an_ipv6_literal_returns_the_status_and_body() {
    let (addr, rx) = serve("[::1]:0", vec![answer("200 OK", "imds-role")]);
    let url = format!(
        "http://[::1]:{}/latest/meta-data/iam/security-credentials/",
        addr.port()
    );
    let req = HttpRequest::new("GET", &url).header("x-aws-ec2-metadata-token", "TOKEN");
    let res = BlockingClient::new()
        .send(&req, &Timeouts::metadata())
        .unwrap();
    assert_eq!((res.status(), res.body()), (200, &b"imds-role"[..]));
    let got = String::from_utf8(rx.recv().unwrap()).unwrap();
    assert!(
        got.starts_with("GET /latest/meta-data/iam/security-credentials/ HTTP/1.1\r\n"),
        "{got}"
    );
    assert!(
        got.to_ascii_lowercase()
            .contains("x-aws-ec2-metadata-token: token\r\n"),
        "{got}"
    );
}

#[test]
fn put_sends_the_headers_and_body() {
    let (addr, rx) = serve("127.0.0.1:0", vec![answer("200 OK", "AQAEAK==")]);
    let url = format!("http://127.0.0.1:{}/latest/api/token", addr.port());
    let req = HttpRequest::new("POST", &url)
        .header("x-aws-ec2-metadata-token-ttl-seconds", "21600")
        .with_body("Action=AssumeRoleWithWebIdentity&WebIdentityToken=jwt");
    let res = BlockingClient::new()
        .send(&req, &Timeouts::default())
        .unwrap();
    assert_eq!(res.body(), b"AQAEAK==");
    let got = String::from_utf8(rx.recv().unwrap()).unwrap();
    let lower = got.to_ascii_lowercase();
    assert!(
        got.starts_with("POST /latest/api/token HTTP/1.1\r\n"),
        "{got}"
    );
    assert!(
        lower.contains("x-aws-ec2-metadata-token-ttl-seconds: 21600\r\n"),
        "{got}"
    );
    assert!(lower.contains("content-length: 53\r\n"), "{got}");
    assert!(
        got.ends_with("\r\n\r\nAction=AssumeRoleWithWebIdentity&WebIdentityToken=jwt"),
        "{got}"
    );
}

#[test]
fn an_error_status_is_a_response_not_an_error() {
    let (addr, _rx) = serve("127.0.0.1:0", vec![answer("404 Not Found", "no role")]);
    let req = HttpRequest::new("GET", format!("http://127.0.0.1:{}/x", addr.port()));
    let res = BlockingClient::new()
        .send(&req, &Timeouts::metadata())
        .unwrap();
    assert_eq!((res.status(), res.body()), (404, &b"no role"[..]));
}

#[test]
fn a_redirect_is_returned_not_followed() {
    let (elsewhere, elsewhere_rx) = serve("127.0.0.1:0", vec![answer("200 OK", "stolen")]);
    let location = format!("http://127.0.0.1:{}/steal", elsewhere.port());
    let redirect = format!(
        "HTTP/1.1 307 Temporary Redirect\r\nlocation: {location}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
    );
    let (addr, _rx) = serve("127.0.0.1:0", vec![redirect.into_bytes()]);
    let req = HttpRequest::new("GET", format!("http://127.0.0.1:{}/creds", addr.port()))
        .header("authorization", "container-token");
    let res = BlockingClient::new()
        .send(&req, &Timeouts::metadata())
        .unwrap();
    assert_eq!(res.status(), 307);
    assert!(
        elsewhere_rx
            .recv_timeout(Duration::from_millis(300))
            .is_err(),
        "the client followed the redirect to another host"
    );
}

#[test]
fn a_body_over_the_limit_is_an_error_naming_the_request() {
    let (addr, _rx) = serve("127.0.0.1:0", vec![answer("200 OK", &"x".repeat(100))]);
    let url = format!("http://127.0.0.1:{}/big", addr.port());
    let client = BlockingClient::new().with_max_body(99);
    let err = client
        .send(&HttpRequest::new("GET", &url), &Timeouts::metadata())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::CredentialSource);
    assert_eq!(
        err.to_string(),
        format!("GET {url}: the response body is larger than the 99 bytes allowed")
    );
    let (addr, _rx) = serve("127.0.0.1:0", vec![answer("200 OK", &"x".repeat(99))]);
    let url = format!("http://127.0.0.1:{}/big", addr.port());
    assert_eq!(
        client
            .send(&HttpRequest::new("GET", &url), &Timeouts::metadata())
            .unwrap()
            .body()
            .len(),
        99
    );
}

#[test]
fn a_silent_server_times_out_within_the_total_timeout() {
    // Accepts the connection, reads the request, never answers.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    thread::spawn(move || {
        let (mut conn, _) = listener.accept().unwrap();
        read_request(&mut conn);
        thread::sleep(Duration::from_secs(5));
    });
    let timeouts = Timeouts::metadata().with_total(Duration::from_millis(300));
    let req = HttpRequest::new("GET", format!("http://127.0.0.1:{}/slow", addr.port()));
    let started = Instant::now();
    let err = BlockingClient::new().send(&req, &timeouts).unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert!(
        err.to_string()
            .ends_with("no complete response within 0.3 s"),
        "{err}"
    );
}

#[test]
fn https_speaks_tls_not_plain_http() {
    // A plain-HTTP server: the client must open with a TLS ClientHello
    // (record type 22, version 3.x) and fail, never send the request.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let (mut conn, _) = listener.accept().unwrap();
        let mut first = [0u8; 2];
        conn.read_exact(&mut first).unwrap();
        tx.send(first).unwrap();
        let _ = conn.write_all(&answer("200 OK", "plain"));
    });
    let req = HttpRequest::new("GET", format!("https://127.0.0.1:{}/", addr.port()));
    let err = BlockingClient::new()
        .send(&req, &Timeouts::metadata())
        .unwrap_err();
    assert_eq!(rx.recv().unwrap(), [0x16, 0x03]);
    assert!(
        err.to_string()
            .starts_with(&format!("GET https://127.0.0.1:{}/: ", addr.port())),
        "{err}"
    );
}

#[test]
fn a_header_with_a_newline_is_refused_without_quoting_it() {
    let req =
        HttpRequest::new("GET", "http://127.0.0.1:9/").header("x-token", "secret\r\ninjected: 1");
    let err = BlockingClient::new()
        .send(&req, &Timeouts::metadata())
        .unwrap_err();
    assert!(
        err.to_string().contains("not a valid HTTP request"),
        "{err}"
    );
    assert!(!err.to_string().contains("secret"), "{err}");
}
