//! A minimal HTTP/1.1 client for the sans-IO credential sources' requests:
//! plain `http://host:port/path` only, one request per connection,
//! `Connection: close`, the body read to the end (or `Content-Length`).
//! It sends the request as built (no header of its own but `Host`,
//! `Connection` and `Content-Length`), so a stand-in or moto sees exactly
//! what the builders wrote. The tests' one client for those requests.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use awssig::credentials::HttpRequest;

/// Sends `request` and returns the status and the body (any status is an
/// answer); an error names the request.
pub fn send(request: &HttpRequest) -> Result<(u16, Vec<u8>), String> {
    exchange(request).map_err(|e| format!("{} {}: {e}", request.method(), request.url()))
}

fn exchange(request: &HttpRequest) -> std::io::Result<(u16, Vec<u8>)> {
    let bad = |what: &str| std::io::Error::new(std::io::ErrorKind::InvalidInput, what.to_string());
    let rest = request
        .url()
        .strip_prefix("http://")
        .ok_or_else(|| bad("only http:// URLs"))?;
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let mut headers: Vec<(&str, &str)> = vec![("Host", authority)];
    headers.extend(
        request
            .headers()
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str())),
    );
    send_raw(authority, request.method(), path, &headers, request.body())
}

/// Sends exactly this request (the request target and every header as
/// given, `Host` included, plus `Connection: close` and, with a body or a
/// method other than GET, `Content-Length`) to `authority`, and
/// returns the status and the body. For requests a test breaks on purpose.
pub fn send_raw(
    authority: &str,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> std::io::Result<(u16, Vec<u8>)> {
    let bad = |what: &str| std::io::Error::new(std::io::ErrorKind::InvalidInput, what.to_string());
    let mut stream = TcpStream::connect(authority)?;
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    let mut head = format!("{method} {target} HTTP/1.1\r\nConnection: close\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if !body.is_empty() || method != "GET" {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(body)?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| bad("no header end"))?;
    let head = std::str::from_utf8(&raw[..end]).map_err(|_| bad("head is not UTF-8"))?;
    let status: u16 = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| bad("no status"))?;
    let mut body = raw[end + 4..].to_vec();
    if let Some(len) = head.lines().find_map(|l| {
        let (n, v) = l.split_once(':')?;
        n.eq_ignore_ascii_case("content-length")
            .then(|| v.trim().parse::<usize>().ok())
            .flatten()
    }) {
        body.truncate(len);
    }
    Ok((status, body))
}
