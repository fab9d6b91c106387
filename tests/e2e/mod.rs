//! End-to-end scenarios against real S3 servers, written once and run
//! against each server (`tests/e2e_s3s.rs`, `tests/e2e_ceph.rs`).
//!
//! Every request is built by the crate's public API and sent by a real HTTP
//! client (ureq) as a user would. Each scenario is a [`Row`]; [`run_suite`]
//! runs them all, prints one line per row and the counts, and fails if any
//! row failed or if nothing ran.
//!
//! Besides presigned URLs and header-signed requests (SigV4 and SigV2, the
//! latter also through `Bucket::signature_version`), the rows cover
//! [`post_form_rows`] (browser POST forms, v4 and v2), [`chunked_rows`]
//! (aws-chunked uploads, signed chunks and checksum trailers) and
//! [`session_token_rows`] (temporary credentials from the server's STS)
//! and [`clamp_rows`] (a URL clamped to credentials that expire), and
//! `pinned` (presigned uploads pinned by checksum, length and MD5; the
//! presigned multipart flow).
#![allow(dead_code)]

use std::io::Write as _;
use std::net::{SocketAddr, ToSocketAddrs};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

#[cfg(feature = "checksums")]
mod body;
mod pinned;
mod refusals;
pub mod s3s_server;
mod sts;

use awssig::s3::{AddressingStyle, Bucket, Endpoint, PresignRequest, SignatureVersion};
use awssig::v4::{Payload, SigningSettings};
use awssig::{uri_encode, Credentials, SigningTime};

/// A running server to test against.
pub struct Server {
    /// Printed in the counts (`e2e: N passed against NAME`).
    pub name: String,
    /// `http://127.0.0.1:PORT`: path-style requests go here.
    pub endpoint: String,
    /// `domain:PORT` the server treats as its virtual-host base
    /// (`bucket.domain:PORT`); the client connects to 127.0.0.1 for it.
    pub vhost_domain: String,
    pub region: String,
    pub access_key: String,
    pub secret_key: String,
    /// Known limits of this server, not of the signing: (part of a row's
    /// name, why). A listed row that fails is counted as "limited by the
    /// server", never as passed; one that passes is counted as passed.
    pub limits: Vec<(String, String)>,
    /// Send `Expect: 100-continue` with a body. For a server that answers
    /// a rejected PUT before reading its body and then closes the
    /// connection (hyper), so the client does not lose the answer while
    /// still writing; Ceph needs it off.
    pub expect_100_continue: bool,
    /// The server's user name for the access key, where its STS wants an
    /// IAM user policy allowing `sts:GetSessionToken` first (Ceph); the
    /// session-token rows attach one with `PutUserPolicy`. `None`: ask for
    /// the token directly.
    pub sts_user: Option<String>,
}

/// The result of one row.
pub type Outcome = Result<(), String>;

/// One scenario.
pub struct Row {
    pub name: String,
    pub run: Box<dyn Fn(&Ctx) -> Outcome>,
}

fn row(name: impl Into<String>, run: impl Fn(&Ctx) -> Outcome + 'static) -> Row {
    Row {
        name: name.into(),
        run: Box::new(run),
    }
}

macro_rules! ensure {
    ($cond:expr, $($fmt:tt)*) => {
        if !$cond {
            return Err(format!($($fmt)*));
        }
    };
}

/// Addressing style of a row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Path,
    Vhost,
}

impl Style {
    fn label(self) -> &'static str {
        match self {
            Style::Path => "path-style",
            Style::Vhost => "virtual-hosted",
        }
    }
}

/// What the rows share: the server, credentials, one bucket seen in both
/// addressing styles, and the HTTP client.
pub struct Ctx {
    pub server: Server,
    pub creds: Credentials,
    pub bucket: String,
    pub path: Bucket,
    pub vhost: Bucket,
    agent: ureq::Agent,
}

/// An HTTP response.
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The S3 error code in the body, if any.
    pub fn code(&self) -> String {
        let text = String::from_utf8_lossy(&self.body);
        match (text.find("<Code>"), text.find("</Code>")) {
            (Some(a), Some(b)) if a + 6 <= b => text[a + 6..b].to_string(),
            _ => String::from("-"),
        }
    }

    fn brief(&self) -> String {
        format!("HTTP {} {}", self.status, self.code())
    }
}

/// Sends every host name to 127.0.0.1 (the URL's port), so
/// `bucket.s3.localhost:PORT` needs no DNS while the request still carries
/// that `Host`.
#[derive(Debug)]
struct Loopback;

impl ureq::unversioned::resolver::Resolver for Loopback {
    fn resolve(
        &self,
        uri: &ureq::http::Uri,
        _config: &ureq::config::Config,
        _timeout: ureq::unversioned::transport::NextTimeout,
    ) -> Result<ureq::unversioned::resolver::ResolvedSocketAddrs, ureq::Error> {
        let port = uri.port_u16().unwrap_or(80);
        let mut out = self.empty();
        let addr: SocketAddr = ("127.0.0.1", port)
            .to_socket_addrs()
            .map_err(ureq::Error::Io)?
            .next()
            .ok_or(ureq::Error::HostNotFound)?;
        out.push(addr);
        Ok(out)
    }
}

const BODY: &[u8] = b"awssig end-to-end \x00\x01\xff body\n";

fn now() -> SigningTime {
    SigningTime::now()
}

/// Encodes a key for a path, `/` kept (what the crate puts in URLs).
pub fn enc_key(key: &str) -> String {
    uri_encode(key, true)
}

impl Ctx {
    pub fn new(server: Server) -> Result<Ctx, String> {
        let creds = Credentials::new(server.access_key.clone(), server.secret_key.clone())
            .map_err(|e| e.to_string())?;
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        let bucket = format!("awssig-e2e-{secs}");
        let path = Bucket::with_endpoint(
            bucket.clone(),
            server.region.clone(),
            Endpoint::parse(&server.endpoint).map_err(|e| e.to_string())?,
        )
        .and_then(|b| b.addressing_style(AddressingStyle::Path))
        .map_err(|e| e.to_string())?;
        let vhost = Bucket::with_endpoint(
            bucket.clone(),
            server.region.clone(),
            Endpoint::parse(&format!("http://{}", server.vhost_domain))
                .map_err(|e| e.to_string())?,
        )
        .and_then(|b| b.addressing_style(AddressingStyle::VirtualHosted))
        .map_err(|e| e.to_string())?;
        let config = ureq::config::Config::builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_global(Some(Duration::from_secs(30)))
            .build();
        let agent = ureq::Agent::with_parts(
            config,
            ureq::unversioned::transport::DefaultConnector::new(),
            Loopback,
        );
        Ok(Ctx {
            server,
            creds,
            bucket,
            path,
            vhost,
            agent,
        })
    }

    pub fn bucket_for(&self, style: Style) -> &Bucket {
        match style {
            Style::Path => &self.path,
            Style::Vhost => &self.vhost,
        }
    }

    /// The path as sent for `key` in `style` (encoded once, never normalized).
    pub fn wire_path(&self, style: Style, key: &str) -> String {
        match style {
            Style::Path => format!("/{}/{}", self.bucket, enc_key(key)),
            Style::Vhost => format!("/{}", enc_key(key)),
        }
    }

    /// Sends one request. `body: None` sends none.
    pub fn send(
        &self,
        method: &str,
        url: &str,
        headers: &[(&str, &str)],
        body: Option<&[u8]>,
    ) -> Result<Resp, String> {
        let mut b = ureq::http::Request::builder().method(method).uri(url);
        for (n, v) in headers {
            b = b.header(*n, *v);
        }
        if self.server.expect_100_continue && body.is_some_and(|b| !b.is_empty()) {
            b = b.header("expect", "100-continue");
        }
        let res = match body {
            Some(body) => b
                .body(body)
                .map_err(|e| format!("{method} {url}: {e}"))
                .and_then(|r| {
                    self.agent
                        .run(r)
                        .map_err(|e| format!("{method} {url}: {e}"))
                }),
            None => b
                .body(())
                .map_err(|e| format!("{method} {url}: {e}"))
                .and_then(|r| {
                    self.agent
                        .run(r)
                        .map_err(|e| format!("{method} {url}: {e}"))
                }),
        };
        let mut resp = res?;
        let status = resp.status().as_u16();
        let headers = resp
            .headers()
            .iter()
            .map(|(n, v)| {
                (
                    n.as_str().to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let body = if method == "HEAD" {
            Vec::new()
        } else {
            resp.body_mut()
                .with_config()
                .limit(64 << 20)
                .read_to_vec()
                .map_err(|e| format!("{method} {url}: reading body: {e}"))?
        };
        Ok(Resp {
            status,
            headers,
            body,
        })
    }

    /// Presigns for 300 s from now.
    pub fn presign(&self, req: PresignRequest<'_>) -> Result<String, String> {
        req.presign(&self.creds, now(), 300)
            .map_err(|e| e.to_string())
    }

    /// Keys under `prefix`, by a presigned ListObjectsV2 (path style).
    pub fn list(&self, prefix: &str) -> Result<Vec<String>, String> {
        let url = self.presign(
            self.path
                .get("")
                .query("list-type", "2")
                .query("prefix", prefix),
        )?;
        let r = self.send("GET", &url, &[], None)?;
        ensure!(
            r.status == 200,
            "ListObjectsV2 prefix={prefix:?}: {}",
            r.brief()
        );
        let text = String::from_utf8_lossy(&r.body).into_owned();
        let mut keys = Vec::new();
        let mut rest = text.as_str();
        while let Some(a) = rest.find("<Key>") {
            let after = &rest[a + 5..];
            let Some(b) = after.find("</Key>") else { break };
            keys.push(xml_unescape(&after[..b]));
            rest = &after[b + 6..];
        }
        Ok(keys)
    }

    /// Headers for a SigV4 header-signed request (`Authorization`, …),
    /// the request's own signed headers first.
    pub fn sign_v4(
        &self,
        method: &str,
        style: Style,
        path: &str,
        query: &str,
        extra: &[(&str, &str)],
        payload: Payload<'_>,
    ) -> Result<Vec<(String, String)>, String> {
        let signer = awssig::v4::Signer::new(
            self.creds.clone(),
            SigningSettings::s3(self.server.region.clone()),
        )
        .map_err(|e| e.to_string())?;
        let host = self.bucket_for(style).signed_host().to_string();
        let mut headers: Vec<(&str, &str)> = vec![("host", host.as_str())];
        headers.extend_from_slice(extra);
        let req = awssig::v4::Request::new(method, path)
            .raw_query(query)
            .headers(&headers)
            .payload(payload);
        let signed = signer
            .sign_headers(&req, now())
            .map_err(|e| e.to_string())?;
        let mut out: Vec<(String, String)> = extra
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect();
        out.extend(signed.iter().map(|(n, v)| (n.to_string(), v.to_string())));
        Ok(out)
    }

    /// The URL of `path?query` on the bucket's origin.
    pub fn url(&self, style: Style, path: &str, query: &str) -> String {
        let origin = self.bucket_for(style).origin();
        if query.is_empty() {
            format!("{origin}{path}")
        } else {
            format!("{origin}{path}?{query}")
        }
    }

    /// A SigV2 presigned URL: the resource signed is `/bucket/key`
    /// whatever the style.
    pub fn presign_v2(
        &self,
        method: &str,
        style: Style,
        key: &str,
        headers: &[(&str, &str)],
        expires_in: u64,
    ) -> Result<String, String> {
        let signer = awssig::v2::Signer::new(self.creds.clone());
        let resource = self.wire_path(Style::Path, key);
        let req = awssig::v2::Request::new(method, &resource).headers(headers);
        let q = signer
            .presign(&req, now(), expires_in)
            .map_err(|e| e.to_string())?;
        Ok(self.url(style, &self.wire_path(style, key), q.as_str()))
    }

    /// Headers for a SigV2 header-signed request (`Date`, `Authorization`),
    /// the request's own headers first.
    pub fn sign_v2(
        &self,
        method: &str,
        key: &str,
        extra: &[(&str, &str)],
    ) -> Result<Vec<(String, String)>, String> {
        let signer = awssig::v2::Signer::new(self.creds.clone());
        let resource = self.wire_path(Style::Path, key);
        let req = awssig::v2::Request::new(method, &resource).headers(extra);
        let signed = signer
            .sign_headers(&req, now())
            .map_err(|e| e.to_string())?;
        let mut out: Vec<(String, String)> = extra
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect();
        out.extend(signed.iter().map(|(n, v)| (n.to_string(), v.to_string())));
        Ok(out)
    }
}

fn as_refs(h: &[(String, String)]) -> Vec<(&str, &str)> {
    h.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect()
}

fn xml_unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest.find(';') else { break };
        let ent = &rest[1..end];
        let c = match ent {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ if ent.starts_with("#x") || ent.starts_with("#X") => {
                u32::from_str_radix(&ent[2..], 16)
                    .ok()
                    .and_then(char::from_u32)
            }
            _ if ent.starts_with('#') => ent[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn expect(r: &Resp, status: u16, what: &str) -> Outcome {
    ensure!(
        r.status == status,
        "{what}: expected HTTP {status}, got {}: {}",
        r.brief(),
        String::from_utf8_lossy(&r.body)
            .chars()
            .take(300)
            .collect::<String>()
    );
    Ok(())
}

fn expect_2xx(r: &Resp, what: &str) -> Outcome {
    ensure!(
        (200..300).contains(&r.status),
        "{what}: expected success, got {}: {}",
        r.brief(),
        String::from_utf8_lossy(&r.body)
            .chars()
            .take(300)
            .collect::<String>()
    );
    Ok(())
}

/// A rejection: a 4xx other than 404 (a tampered request must not reach
/// the object lookup). Returns "status code" for the report.
fn expect_rejected(r: &Resp, what: &str) -> Result<String, String> {
    ensure!(
        (400..500).contains(&r.status) && r.status != 404,
        "{what}: expected a rejection, got {}",
        r.brief()
    );
    Ok(r.brief())
}

// ---------------------------------------------------------------------------
// Keys

/// The keys every round trip is run with: (label, key).
pub fn keys() -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = Vec::new();
    for c in " +~!*'()=&?#%:@,;$".chars() {
        v.push((format!("char {c:?}"), format!("chars/a{c}b")));
    }
    v.push((
        "all special characters".into(),
        "chars/all +~!*'()=&?#%:@,;$ end".into(),
    ));
    v.push(("spaces".into(), "spaces/ two  spaces and trailing ".into()));
    v.push(("unicode NFC".into(), "unicode/caf\u{e9}".into()));
    v.push(("unicode NFD".into(), "unicode/cafe\u{301}".into()));
    v.push(("emoji".into(), "emoji/\u{1f600}\u{1f389}.txt".into()));
    v.push(("a//b".into(), "a//b".into()));
    v.push(("./x".into(), "./x".into()));
    v.push(("x/..".into(), "x/..".into()));
    v.push(("leading /".into(), "/leading".into()));
    let mut long = String::from("long/");
    long.push_str(&"k".repeat(1000 - long.len()));
    v.push(("1000-byte key".into(), long));
    v
}

/// PUT, GET (same bytes), HEAD, listed under exactly that key, DELETE,
/// HEAD 404: SigV4 presigned URLs.
fn v4_key_round_trip(ctx: &Ctx, style: Style, key: &str) -> Outcome {
    let b = ctx.bucket_for(style);
    let body = format!("key {key:?} {}", style.label()).into_bytes();
    let put = ctx.presign(b.put(key))?;
    expect(&ctx.send("PUT", &put, &[], Some(&body))?, 200, "PUT")?;
    let get = ctx.send("GET", &ctx.presign(b.get(key))?, &[], None)?;
    expect(&get, 200, "GET")?;
    ensure!(get.body == body, "GET returned other bytes");
    let head = ctx.send("HEAD", &ctx.presign(b.head(key))?, &[], None)?;
    expect(&head, 200, "HEAD")?;
    let len = body.len().to_string();
    ensure!(
        head.header("content-length") == Some(len.as_str()),
        "HEAD content-length {:?}, expected {len}",
        head.header("content-length")
    );
    let listed = ctx.list(key)?;
    ensure!(
        listed.iter().any(|k| k == key),
        "not listed under exactly {key:?}; prefix listing gave {listed:?}"
    );
    let del = ctx.send("DELETE", &ctx.presign(b.delete(key))?, &[], None)?;
    expect(&del, 204, "DELETE")?;
    let head = ctx.send("HEAD", &ctx.presign(b.head(key))?, &[], None)?;
    expect(&head, 404, "HEAD after DELETE")?;
    Ok(())
}

/// The same with SigV2 presigned URLs.
fn v2_key_round_trip(ctx: &Ctx, style: Style, key: &str) -> Outcome {
    let body = format!("v2 key {key:?} {}", style.label()).into_bytes();
    let put = ctx.presign_v2("PUT", style, key, &[], 300)?;
    expect(&ctx.send("PUT", &put, &[], Some(&body))?, 200, "PUT")?;
    let get = ctx.send(
        "GET",
        &ctx.presign_v2("GET", style, key, &[], 300)?,
        &[],
        None,
    )?;
    expect(&get, 200, "GET")?;
    ensure!(get.body == body, "GET returned other bytes");
    let head = ctx.send(
        "HEAD",
        &ctx.presign_v2("HEAD", style, key, &[], 300)?,
        &[],
        None,
    )?;
    expect(&head, 200, "HEAD")?;
    let listed = ctx.list(key)?;
    ensure!(
        listed.iter().any(|k| k == key),
        "not listed under exactly {key:?}; prefix listing gave {listed:?}"
    );
    let del = ctx.send(
        "DELETE",
        &ctx.presign_v2("DELETE", style, key, &[], 300)?,
        &[],
        None,
    )?;
    expect(&del, 204, "DELETE")?;
    Ok(())
}

// ---------------------------------------------------------------------------
// Rows

/// Creates the bucket (SigV4 header-signed `PUT /bucket`); every other row
/// needs it.
fn setup_rows() -> Vec<Row> {
    vec![row("v4 header-signed CreateBucket (path style)", |ctx| {
        let path = format!("/{}", ctx.bucket);
        let h = ctx.sign_v4("PUT", Style::Path, &path, "", &[], Payload::Empty)?;
        let r = ctx.send(
            "PUT",
            &ctx.url(Style::Path, &path, ""),
            &as_refs(&h),
            Some(b""),
        )?;
        expect(&r, 200, "CreateBucket")
    })]
}

fn v4_presign_rows() -> Vec<Row> {
    let mut rows = Vec::new();
    for style in [Style::Path, Style::Vhost] {
        rows.push(row(
            format!("v4 presign PUT/GET/HEAD/DELETE ({})", style.label()),
            move |ctx| v4_key_round_trip(ctx, style, "hello/world.txt"),
        ));
        for (label, key) in keys() {
            rows.push(row(
                format!("v4 presign key {label} ({})", style.label()),
                move |ctx| v4_key_round_trip(ctx, style, &key),
            ));
        }
    }
    rows.push(row("v4 presign: NFC and NFD keys are two objects", |ctx| {
        let (nfc, nfd) = ("nf/caf\u{e9}", "nf/cafe\u{301}");
        for k in [nfc, nfd] {
            let r = ctx.send(
                "PUT",
                &ctx.presign(ctx.path.put(k))?,
                &[],
                Some(k.as_bytes()),
            )?;
            expect(&r, 200, "PUT")?;
        }
        for k in [nfc, nfd] {
            let r = ctx.send("GET", &ctx.presign(ctx.path.get(k))?, &[], None)?;
            expect(&r, 200, "GET")?;
            ensure!(r.body == k.as_bytes(), "{k:?} returned the other object");
        }
        let mut listed = ctx.list("nf/")?;
        listed.sort();
        let mut want = vec![nfc.to_string(), nfd.to_string()];
        want.sort();
        ensure!(listed == want, "listed {listed:?}");
        Ok(())
    }));
    for style in [Style::Path, Style::Vhost] {
        rows.push(row(
            format!(
                "v4 presign PUT signed Content-Type: same accepted, other or none rejected ({})",
                style.label()
            ),
            move |ctx| {
                let b = ctx.bucket_for(style);
                let ct = "text/plain; charset=utf-8";
                let url = ctx.presign(b.put("typed.txt").content_type(ct))?;
                let r = ctx.send("PUT", &url, &[("content-type", "image/png")], Some(BODY))?;
                let other = expect_rejected(&r, "PUT with another Content-Type")?;
                let r = ctx.send("PUT", &url, &[], Some(BODY))?;
                let none = expect_rejected(&r, "PUT without Content-Type")?;
                let r = ctx.send("PUT", &url, &[("content-type", ct)], Some(BODY))?;
                expect(&r, 200, "PUT with the signed Content-Type")?;
                let r = ctx.send("GET", &ctx.presign(b.get("typed.txt"))?, &[], None)?;
                expect(&r, 200, "GET")?;
                ensure!(
                    r.header("content-type") == Some(ct),
                    "stored Content-Type {:?}",
                    r.header("content-type")
                );
                println!("    other Content-Type: {other}; none: {none}");
                Ok(())
            },
        ));
    }
    rows.push(row(
        "v4 presign GET response-content-disposition and response-content-type honoured",
        |ctx| {
            let r = ctx.send(
                "PUT",
                &ctx.presign(ctx.path.put("rcd.bin"))?,
                &[],
                Some(BODY),
            )?;
            expect(&r, 200, "PUT")?;
            let cd = "attachment; filename=\"report 2024.txt\"";
            let url = ctx.presign(
                ctx.path
                    .get("rcd.bin")
                    .response_content_disposition(cd)
                    .response_content_type("text/csv"),
            )?;
            let r = ctx.send("GET", &url, &[], None)?;
            expect(&r, 200, "GET")?;
            ensure!(
                r.header("content-disposition") == Some(cd),
                "content-disposition {:?}",
                r.header("content-disposition")
            );
            ensure!(
                r.header("content-type") == Some("text/csv"),
                "content-type {:?}",
                r.header("content-type")
            );
            ensure!(r.body == BODY, "other bytes");
            Ok(())
        },
    ));
    rows.push(row("v4 presign ListObjectsV2 (virtual-hosted)", |ctx| {
        let r = ctx.send(
            "PUT",
            &ctx.presign(ctx.vhost.put("vlist/one"))?,
            &[],
            Some(BODY),
        )?;
        expect(&r, 200, "PUT")?;
        let url = ctx.presign(
            ctx.vhost
                .get("")
                .query("list-type", "2")
                .query("prefix", "vlist/"),
        )?;
        let r = ctx.send("GET", &url, &[], None)?;
        expect(&r, 200, "ListObjectsV2")?;
        ensure!(
            String::from_utf8_lossy(&r.body).contains("<Key>vlist/one</Key>"),
            "vlist/one not listed"
        );
        Ok(())
    }));
    rows
}

fn v4_header_rows() -> Vec<Row> {
    let mut rows = Vec::new();
    for style in [Style::Path, Style::Vhost] {
        rows.push(row(
            format!(
                "v4 header-signed PUT (signed payload) then GET ({})",
                style.label()
            ),
            move |ctx| {
                let key = "hdr/signed payload.bin";
                let path = ctx.wire_path(style, key);
                let url = ctx.url(style, &path, "");
                let h = ctx.sign_v4("PUT", style, &path, "", &[], Payload::Bytes(BODY))?;
                expect(
                    &ctx.send("PUT", &url, &as_refs(&h), Some(BODY))?,
                    200,
                    "PUT",
                )?;
                let h = ctx.sign_v4("GET", style, &path, "", &[], Payload::Empty)?;
                let r = ctx.send("GET", &url, &as_refs(&h), None)?;
                expect(&r, 200, "GET")?;
                ensure!(r.body == BODY, "other bytes");
                Ok(())
            },
        ));
    }
    rows.push(row(
        "v4 header-signed PUT with UNSIGNED-PAYLOAD, extra signed header",
        |ctx| {
            let key = "hdr/unsigned.bin";
            let path = ctx.wire_path(Style::Path, key);
            let url = ctx.url(Style::Path, &path, "");
            let extra = [("x-amz-meta-colour", "blue")];
            let h = ctx.sign_v4("PUT", Style::Path, &path, "", &extra, Payload::Unsigned)?;
            ensure!(
                h.iter()
                    .any(|(n, v)| n == "x-amz-content-sha256" && v == "UNSIGNED-PAYLOAD"),
                "no UNSIGNED-PAYLOAD header in {h:?}"
            );
            expect(
                &ctx.send("PUT", &url, &as_refs(&h), Some(BODY))?,
                200,
                "PUT",
            )?;
            let h = ctx.sign_v4("HEAD", Style::Path, &path, "", &[], Payload::Empty)?;
            let r = ctx.send("HEAD", &url, &as_refs(&h), None)?;
            expect(&r, 200, "HEAD")?;
            ensure!(
                r.header("x-amz-meta-colour") == Some("blue"),
                "metadata {:?}",
                r.header("x-amz-meta-colour")
            );
            Ok(())
        },
    ));
    rows.push(row(
        "v4 header-signed PUT whose body does not match the signed hash is rejected",
        |ctx| {
            let key = "hdr/mismatch.bin";
            let path = ctx.wire_path(Style::Path, key);
            let url = ctx.url(Style::Path, &path, "");
            let h = ctx.sign_v4(
                "PUT",
                Style::Path,
                &path,
                "",
                &[],
                Payload::Bytes(b"the signed body"),
            )?;
            let put = ctx.send("PUT", &url, &as_refs(&h), Some(b"another body!!!"))?;
            // Nothing stored, whatever the status says.
            let h = ctx.sign_v4("HEAD", Style::Path, &path, "", &[], Payload::Empty)?;
            let r = ctx.send("HEAD", &url, &as_refs(&h), None)?;
            expect(&r, 404, "HEAD after the PUT with another body")?;
            println!("    {}", expect_rejected(&put, "PUT with another body")?);
            Ok(())
        },
    ));
    rows.push(row(
        "v4 header-signed ListObjectsV2 with a query (path style)",
        |ctx| {
            let path = format!("/{}", ctx.bucket);
            let query = "list-type=2&prefix=hdr%2F";
            let h = ctx.sign_v4("GET", Style::Path, &path, query, &[], Payload::Empty)?;
            let r = ctx.send(
                "GET",
                &ctx.url(Style::Path, &path, query),
                &as_refs(&h),
                None,
            )?;
            expect(&r, 200, "ListObjectsV2")?;
            ensure!(
                String::from_utf8_lossy(&r.body).contains("<Key>hdr/unsigned.bin</Key>"),
                "hdr/unsigned.bin not listed"
            );
            Ok(())
        },
    ));
    rows.push(row(
        "v4 header-signed: one changed signature character is rejected",
        |ctx| {
            let key = "hdr/signed payload.bin";
            let path = ctx.wire_path(Style::Path, key);
            let mut h = ctx.sign_v4("GET", Style::Path, &path, "", &[], Payload::Empty)?;
            for (n, v) in h.iter_mut() {
                if n == "authorization" {
                    *v = flip_last(v);
                }
            }
            let r = ctx.send("GET", &ctx.url(Style::Path, &path, ""), &as_refs(&h), None)?;
            println!("    {}", expect_rejected(&r, "tampered Authorization")?);
            Ok(())
        },
    ));
    rows
}

/// Changes the last character (a hex or base64 digit) to another one.
fn flip_last(s: &str) -> String {
    let mut out = s.to_string();
    let last = out.pop().unwrap_or('0');
    out.push(if last == '0' { '1' } else { '0' });
    out
}

/// Replaces `name=value` in a URL's query by `name=f(value)`.
fn tamper_param(url: &str, name: &str, f: impl Fn(&str) -> String) -> Result<String, String> {
    let (base, query) = url.split_once('?').ok_or("no query")?;
    let mut found = false;
    let parts: Vec<String> = query
        .split('&')
        .map(|p| match p.split_once('=') {
            Some((n, v)) if n == name => {
                found = true;
                format!("{n}={}", f(v))
            }
            _ => p.to_string(),
        })
        .collect();
    ensure!(found, "{name} not in {url}");
    Ok(format!("{base}?{}", parts.join("&")))
}

fn tamper_rows() -> Vec<Row> {
    type Tamper = fn(&Ctx, &str) -> Result<String, String>;
    let cases: Vec<(&str, Tamper)> = vec![
        ("X-Amz-Signature (one character)", |_, u| {
            tamper_param(u, "X-Amz-Signature", flip_last)
        }),
        ("X-Amz-Expires", |_, u| {
            tamper_param(u, "X-Amz-Expires", |v| {
                format!("{}", v.parse::<u64>().unwrap_or(0) + 1)
            })
        }),
        ("X-Amz-Date", |_, u| {
            tamper_param(u, "X-Amz-Date", |v| {
                let (head, tail) = v.split_at(v.len() - 2);
                // 20240101T000000Z -> one second earlier or later.
                let s = &tail[..1];
                format!("{head}{}Z", if s == "0" { "1" } else { "0" })
            })
        }),
        ("X-Amz-Credential (region)", |ctx, u| {
            let region = ctx.server.region.clone();
            tamper_param(u, "X-Amz-Credential", move |v| {
                v.replace(&format!("%2F{region}%2F"), "%2Fus-west-2%2F")
            })
        }),
        ("X-Amz-Credential (access key)", |_, u| {
            tamper_param(u, "X-Amz-Credential", |v| {
                let mut c: Vec<char> = v.chars().collect();
                c[0] = if c[0] == 'A' { 'B' } else { 'A' };
                c.into_iter().collect()
            })
        }),
        ("X-Amz-SignedHeaders", |_, u| {
            tamper_param(u, "X-Amz-SignedHeaders", |_| "host%3Brange".into())
        }),
        ("a signed query parameter", |_, u| {
            tamper_param(u, "response-content-type", |_| "text%2Fhtml".into())
        }),
        ("an added query parameter", |_, u| {
            Ok(format!("{u}&response-cache-control=no-store"))
        }),
        ("the path (another existing key)", |_, u| {
            ensure!(u.contains("/tamper/a?"), "unexpected URL {u}");
            Ok(u.replace("/tamper/a?", "/tamper/b?"))
        }),
    ];
    let mut rows = Vec::new();
    for (what, f) in cases {
        rows.push(row(
            format!("v4 presign tampered {what} is rejected"),
            move |ctx| {
                for k in ["tamper/a", "tamper/b"] {
                    let r = ctx.send(
                        "PUT",
                        &ctx.presign(ctx.path.put(k))?,
                        &[],
                        Some(k.as_bytes()),
                    )?;
                    expect(&r, 200, "PUT")?;
                }
                let url =
                    ctx.presign(ctx.path.get("tamper/a").response_content_type("text/plain"))?;
                expect(&ctx.send("GET", &url, &[], None)?, 200, "untampered GET")?;
                let bad = f(ctx, &url)?;
                ensure!(bad != url, "tamper changed nothing");
                let r = ctx.send("GET", &bad, &[], None)?;
                println!("    {}", expect_rejected(&r, "tampered URL")?);
                Ok(())
            },
        ));
    }
    rows.push(row(
        "v4 presigned GET used with another method (DELETE) is rejected",
        |ctx| {
            let r = ctx.send(
                "PUT",
                &ctx.presign(ctx.path.put("tamper/m"))?,
                &[],
                Some(BODY),
            )?;
            expect(&r, 200, "PUT")?;
            let url = ctx.presign(ctx.path.get("tamper/m"))?;
            let r = ctx.send("DELETE", &url, &[], None)?;
            println!("    {}", expect_rejected(&r, "DELETE with a GET URL")?);
            expect(&ctx.send("GET", &url, &[], None)?, 200, "GET after")?;
            Ok(())
        },
    ));
    rows
}

/// Presigns for 1 s (SigV4 and SigV2), checks the URLs work at once, waits
/// until 3 s after, checks they are rejected.
fn expiry_rows() -> Vec<Row> {
    vec![row(
        "v4 and v2 presigned URLs expire (1 s, then wait)",
        |ctx| {
            let r = ctx.send(
                "PUT",
                &ctx.presign(ctx.path.put("expiry.txt"))?,
                &[],
                Some(BODY),
            )?;
            expect(&r, 200, "PUT")?;
            // Sign at the start of a second, so "at once" is well inside it.
            let sub = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.subsec_millis())
                .unwrap_or(0);
            std::thread::sleep(Duration::from_millis(u64::from(1000 - sub) + 20));
            let t = now();
            let v4 = ctx
                .path
                .get("expiry.txt")
                .presign(&ctx.creds, t, 1)
                .map_err(|e| e.to_string())?;
            let v2 = ctx.presign_v2("GET", Style::Path, "expiry.txt", &[], 1)?;
            let start = Instant::now();
            expect(
                &ctx.send("GET", &v4, &[], None)?,
                200,
                "v4 GET within the second",
            )?;
            expect(
                &ctx.send("GET", &v2, &[], None)?,
                200,
                "v2 GET within the second",
            )?;
            std::thread::sleep(Duration::from_millis(3000).saturating_sub(start.elapsed()));
            let a = expect_rejected(&ctx.send("GET", &v4, &[], None)?, "expired v4 URL")?;
            let b = expect_rejected(&ctx.send("GET", &v2, &[], None)?, "expired v2 URL")?;
            println!("    v4: {a}; v2: {b}");
            Ok(())
        },
    )]
}

/// Issue 21's scenario: the server's static keys, marked as expiring 10 s
/// from now, presign a GET signed 590 s ago for 3600 s. By default that
/// is an error; clamped, the URL says `X-Amz-Expires=600` (SigV2:
/// `Expires` = the credentials' end), the server accepts it at once and
/// refuses it (403) once the credentials' end has passed. The keys do not
/// really expire on the server: the URL's own expiry is what it enforces,
/// which is the point of clamping.
fn clamp_rows() -> Vec<Row> {
    vec![row(
        "v4 and v2 presigned URLs clamped to credentials that expire in 10 s (then wait)",
        |ctx| {
            let key = "clamp.txt";
            let r = ctx.send("PUT", &ctx.presign(ctx.path.put(key))?, &[], Some(BODY))?;
            expect(&r, 200, "PUT")?;
            let t = now();
            let start = Instant::now();
            let at = |unix: i64| SigningTime::from_unix(unix).map_err(|e| e.to_string());
            let end = at(t.unix() + 10)?;
            let signed_at = at(t.unix() - 590)?;
            let creds = ctx.creds.clone().expiring_at(end);
            let get = ctx.path.get(key);
            match get.presign(&creds, signed_at, 3600) {
                Err(e) if e.kind() == awssig::ErrorKind::CredentialsExpire => {}
                other => {
                    return Err(format!(
                        "default policy: expected a CredentialsExpire error, got {other:?}"
                    ))
                }
            }
            let v4 = get
                .expiry_policy(awssig::ExpiryPolicy::Clamp)
                .presign_detailed(&creds, signed_at, 3600)
                .map_err(|e| e.to_string())?;
            ensure!(
                v4.url().contains("&X-Amz-Expires=600&"),
                "v4 clamped: {}",
                v4.url()
            );
            ensure!(
                v4.expires_at() == end,
                "v4 reports {:?}, not {end:?}",
                v4.expires_at()
            );
            let signer = awssig::v2::Signer::new(creds).expiry_policy(awssig::ExpiryPolicy::Clamp);
            let resource = ctx.wire_path(Style::Path, key);
            let q = signer
                .presign(&awssig::v2::Request::new("GET", &resource), signed_at, 3600)
                .map_err(|e| e.to_string())?;
            ensure!(
                q.expires_at() == end,
                "v2 reports {:?}, not {end:?}",
                q.expires_at()
            );
            ensure!(
                q.as_str().ends_with(&format!("&Expires={}", end.unix())),
                "v2 clamped: {q}"
            );
            let v2 = ctx.url(Style::Path, &resource, q.as_str());
            let r = ctx.send("GET", v4.url(), &[], None)?;
            expect(&r, 200, "clamped v4 GET before the credentials' end")?;
            ensure!(r.body == BODY, "clamped v4 GET: another body");
            expect(
                &ctx.send("GET", &v2, &[], None)?,
                200,
                "clamped v2 GET before the credentials' end",
            )?;
            // Past the end by a second and a half (the server's clock
            // reads whole seconds).
            std::thread::sleep(Duration::from_millis(11_500).saturating_sub(start.elapsed()));
            let a = ctx.send("GET", v4.url(), &[], None)?;
            expect(&a, 403, "clamped v4 GET after the credentials' end")?;
            let b = ctx.send("GET", &v2, &[], None)?;
            expect(&b, 403, "clamped v2 GET after the credentials' end")?;
            println!("    after the end: v4 {}; v2 {}", a.brief(), b.brief());
            Ok(())
        },
    )]
}

fn v2_rows() -> Vec<Row> {
    let mut rows = Vec::new();
    for style in [Style::Path, Style::Vhost] {
        rows.push(row(
            format!("v2 presign PUT/GET/HEAD/DELETE ({})", style.label()),
            move |ctx| v2_key_round_trip(ctx, style, "v2/hello.txt"),
        ));
    }
    for (label, key) in keys() {
        rows.push(row(
            format!("v2 presign key {label} (path-style)"),
            move |ctx| v2_key_round_trip(ctx, Style::Path, &key),
        ));
    }
    for style in [Style::Path, Style::Vhost] {
        rows.push(row(
            format!("v2 header-signed PUT then GET ({})", style.label()),
            move |ctx| {
                let key = "v2/header signed.bin";
                let url = ctx.url(style, &ctx.wire_path(style, key), "");
                let extra = [
                    ("content-type", "application/x-test"),
                    ("x-amz-meta-mode", "v2"),
                ];
                let h = ctx.sign_v2("PUT", key, &extra)?;
                expect(
                    &ctx.send("PUT", &url, &as_refs(&h), Some(BODY))?,
                    200,
                    "PUT",
                )?;
                let h = ctx.sign_v2("GET", key, &[])?;
                let r = ctx.send("GET", &url, &as_refs(&h), None)?;
                expect(&r, 200, "GET")?;
                ensure!(r.body == BODY, "other bytes");
                ensure!(
                    r.header("x-amz-meta-mode") == Some("v2"),
                    "metadata {:?}",
                    r.header("x-amz-meta-mode")
                );
                Ok(())
            },
        ));
    }
    rows.push(row(
        "v2 header-signed ListObjects on /bucket (path style)",
        |ctx| {
            let path = format!("/{}", ctx.bucket);
            let h = {
                let signer = awssig::v2::Signer::new(ctx.creds.clone());
                let s = signer
                    .sign_headers(&awssig::v2::Request::new("GET", &path), now())
                    .map_err(|e| e.to_string())?;
                s.iter()
                    .map(|(n, v)| (n.to_string(), v.to_string()))
                    .collect::<Vec<_>>()
            };
            let r = ctx.send(
                "GET",
                &ctx.url(Style::Path, &path, "prefix=v2%2F"),
                &as_refs(&h),
                None,
            )?;
            expect(&r, 200, "ListObjects")?;
            ensure!(
                String::from_utf8_lossy(&r.body).contains("<Key>v2/header signed.bin</Key>"),
                "not listed"
            );
            Ok(())
        },
    ));
    rows.push(row(
        "v2 presign PUT signed Content-Type: same accepted, other rejected",
        |ctx| {
            let ct = "text/plain";
            let url = ctx.presign_v2(
                "PUT",
                Style::Path,
                "v2/typed.txt",
                &[("Content-Type", ct)],
                300,
            )?;
            let r = ctx.send("PUT", &url, &[("content-type", "image/png")], Some(BODY))?;
            let other = expect_rejected(&r, "PUT with another Content-Type")?;
            let r = ctx.send("PUT", &url, &[("content-type", ct)], Some(BODY))?;
            expect(&r, 200, "PUT with the signed Content-Type")?;
            println!("    other Content-Type: {other}");
            Ok(())
        },
    ));
    type Tamper = fn(&str) -> Result<String, String>;
    let cases: Vec<(&str, Tamper)> = vec![
        ("Signature (one character)", |u| {
            tamper_param(u, "Signature", |v| {
                // base64, percent-encoded: change the first character.
                let mut c: Vec<char> = v.chars().collect();
                c[0] = if c[0] == 'A' { 'B' } else { 'A' };
                c.into_iter().collect()
            })
        }),
        ("Expires", |u| {
            tamper_param(u, "Expires", |v| {
                format!("{}", v.parse::<u64>().unwrap_or(0) + 1)
            })
        }),
        ("AWSAccessKeyId", |u| {
            tamper_param(u, "AWSAccessKeyId", flip_last)
        }),
        ("a signed sub-resource", |u| {
            Ok(format!("{u}&response-content-type=text%2Fhtml"))
        }),
        ("the path (another existing key)", |u| {
            ensure!(u.contains("/v2tamper/a?"), "unexpected URL {u}");
            Ok(u.replace("/v2tamper/a?", "/v2tamper/b?"))
        }),
    ];
    for (what, f) in cases {
        rows.push(row(
            format!("v2 presign tampered {what} is rejected"),
            move |ctx| {
                for k in ["v2tamper/a", "v2tamper/b"] {
                    let r = ctx.send(
                        "PUT",
                        &ctx.presign(ctx.path.put(k))?,
                        &[],
                        Some(k.as_bytes()),
                    )?;
                    expect(&r, 200, "PUT")?;
                }
                let url = ctx.presign_v2("GET", Style::Path, "v2tamper/a", &[], 300)?;
                expect(&ctx.send("GET", &url, &[], None)?, 200, "untampered GET")?;
                let bad = f(&url)?;
                ensure!(bad != url, "tamper changed nothing");
                println!(
                    "    {}",
                    expect_rejected(&ctx.send("GET", &bad, &[], None)?, "tampered URL")?
                );
                Ok(())
            },
        ));
    }
    rows.push(row(
        "v2 header-signed: one changed signature character is rejected",
        |ctx| {
            let key = "v2/header signed.bin";
            let mut h = ctx.sign_v2("GET", key, &[])?;
            for (n, v) in h.iter_mut() {
                if n == "authorization" {
                    // "AWS AKID:base64sig": change the signature's first character.
                    let i = v.find(':').map(|i| i + 1).unwrap_or(0);
                    let mut c: Vec<char> = v.chars().collect();
                    c[i] = if c[i] == 'A' { 'B' } else { 'A' };
                    *v = c.into_iter().collect();
                }
            }
            let url = ctx.url(Style::Path, &ctx.wire_path(Style::Path, key), "");
            println!(
                "    {}",
                expect_rejected(
                    &ctx.send("GET", &url, &as_refs(&h), None)?,
                    "tampered Authorization"
                )?
            );
            Ok(())
        },
    ));
    rows
}

// ---------------------------------------------------------------------------
// POST forms

/// A `multipart/form-data` body: every field in form order, then the
/// `file` part last (S3 ignores fields after it). Returns the
/// `Content-Type` (with the boundary) and the body.
pub fn multipart(fields: &[(String, String)], filename: &str, file: &[u8]) -> (String, Vec<u8>) {
    let boundary = "----awssigE2EBoundary7MA4YWxkTrZu0gW";
    let mut body = Vec::with_capacity(file.len() + 2048);
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// Which POST signature a row uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PostSig {
    V4,
    V2,
}

impl PostSig {
    fn label(self) -> &'static str {
        match self {
            PostSig::V4 => "v4",
            PostSig::V2 => "v2",
        }
    }
    fn signature_field(self) -> &'static str {
        match self {
            PostSig::V4 => "x-amz-signature",
            PostSig::V2 => "signature",
        }
    }
}

/// Bytes of a given length that are not all alike.
fn pattern(len: usize, seed: u8) -> Vec<u8> {
    let mut x: u32 = 0x9e37_79b9 ^ u32::from(seed);
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            (x >> 24) as u8
        })
        .collect()
}

/// Changes one character of `s` at `i` (counted in chars) to another one of
/// the same alphabet (hex or base64), keeping the length.
fn flip_at(s: &str, i: usize) -> String {
    let mut c: Vec<char> = s.chars().collect();
    let i = i.min(c.len().saturating_sub(1));
    c[i] = match c[i] {
        'A' => 'B',
        '0' => '1',
        _ if c[i].is_ascii_hexdigit() || c[i].is_ascii_alphanumeric() => {
            if c[i] == 'a' {
                'b'
            } else {
                'a'
            }
        }
        _ => 'A',
    };
    c.into_iter().collect()
}

/// Changes one character of a base64 policy so that it still decodes to a
/// valid policy: one digit of the expiration's minutes, seconds or
/// milliseconds becomes another (its lowest bit flipped, which is the lowest
/// bit of the base64 character that ends its 3-byte group). Only the
/// signature can then tell.
fn tamper_policy(b64: &str) -> Result<String, String> {
    use base64::Engine as _;
    let json = base64::engine::general_purpose::STANDARD
        .decode(b64)
        .map_err(|e| e.to_string())?;
    let text = String::from_utf8_lossy(&json);
    let at = text.find("\"expiration\"").ok_or("no expiration")?;
    let value = at + text[at..].find("T").ok_or("no time in the expiration")? + 1;
    // HH:MM:SS[.mmm]Z: the digits after the hour.
    let j = (value + 3..value + 12)
        .find(|&j| j % 3 == 2 && json.get(j).is_some_and(u8::is_ascii_digit))
        .ok_or("no digit to change")?;
    let i = j / 3 * 4 + 3;
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = b64.as_bytes().to_vec();
    let pos = ALPHABET
        .iter()
        .position(|&c| c == out[i])
        .ok_or("not base64")?;
    out[i] = ALPHABET[pos ^ 1];
    let tampered = String::from_utf8(out).map_err(|e| e.to_string())?;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(&tampered)
        .map_err(|e| e.to_string())?;
    ensure!(
        decoded.len() == json.len()
            && decoded.iter().zip(&json).filter(|(a, b)| a != b).count() == 1,
        "the tamper changed more than one byte"
    );
    println!(
        "    policy expiration {} -> {}",
        &text[value - 11..value + 13],
        &String::from_utf8_lossy(&decoded)[value - 11..value + 13]
    );
    Ok(tampered)
}

impl Ctx {
    /// Signs a POST form of `policy` with `sig`.
    fn sign_post(
        &self,
        policy: awssig::s3::PostPolicy<'_>,
        sig: PostSig,
    ) -> Result<awssig::post::PostForm, String> {
        match sig {
            PostSig::V4 => policy.sign_v4(&self.creds, now()),
            PostSig::V2 => policy.sign_v2(&self.creds, now()),
        }
        .map_err(|e| e.to_string())
    }

    /// POSTs `fields` (then the file) to `url` as a browser would.
    pub fn post_form(
        &self,
        url: &str,
        fields: &[(String, String)],
        file: &[u8],
    ) -> Result<Resp, String> {
        let (ct, body) = multipart(fields, "upload.bin", file);
        self.send("POST", url, &[("content-type", ct.as_str())], Some(&body))
    }

    /// The object's bytes (presigned GET, path style), `None` on 404.
    pub fn get_object(&self, key: &str) -> Result<Option<Vec<u8>>, String> {
        let r = self.send("GET", &self.presign(self.path.get(key))?, &[], None)?;
        match r.status {
            200 => Ok(Some(r.body)),
            404 => Ok(None),
            _ => Err(format!("GET {key:?}: {}", r.brief())),
        }
    }

    /// Stores `body` under `key` with a presigned PUT (path style).
    pub fn put_object(&self, key: &str, body: &[u8]) -> Outcome {
        let r = self.send("PUT", &self.presign(self.path.put(key))?, &[], Some(body))?;
        expect(&r, 200, "PUT")
    }
}

/// A signed form's fields as owned pairs (to post, or to tamper with).
fn owned_fields(form: &awssig::post::PostForm) -> Vec<(String, String)> {
    form.fields()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect()
}

fn set_field(fields: &mut [(String, String)], name: &str, f: impl Fn(&str) -> String) -> Outcome {
    let field = fields
        .iter_mut()
        .find(|(n, _)| n == name)
        .ok_or_else(|| format!("no {name} field"))?;
    let new = f(&field.1);
    ensure!(new != field.1, "tamper changed nothing in {name}");
    field.1 = new;
    Ok(())
}

/// A rejected POST: a 4xx, and nothing stored under `key`.
fn expect_post_rejected(ctx: &Ctx, r: &Resp, key: &str, what: &str) -> Result<String, String> {
    let stored = ctx.get_object(key)?;
    ensure!(
        stored.is_none(),
        "{what}: the object was stored ({} bytes; POST answered {})",
        stored.map_or(0, |b| b.len()),
        r.brief()
    );
    let brief = expect_rejected(r, what)?;
    match xml_field(&String::from_utf8_lossy(&r.body), "Message") {
        Some(m) => Ok(format!("{brief} ({m})")),
        None => Ok(brief),
    }
}

/// Browser POST forms (SigV4 and SigV2 policies, `Bucket::post_policy`):
/// the upload stores exactly the bytes; a file outside
/// content-length-range, a key outside starts-with, a tampered policy and a
/// tampered signature are each rejected with nothing stored.
pub fn post_form_rows() -> Vec<Row> {
    let mut rows = Vec::new();
    for sig in [PostSig::V4, PostSig::V2] {
        for style in [Style::Path, Style::Vhost] {
            rows.push(row(
                format!(
                    "{} POST form upload stores exactly the bytes ({})",
                    sig.label(),
                    style.label()
                ),
                move |ctx| {
                    let key = format!("post/{}/{} upload+1.bin", sig.label(), style.label());
                    let file = pattern(5000, 1);
                    let form = ctx.sign_post(
                        ctx.bucket_for(style)
                            .post_policy(key.as_str())
                            .content_type("application/x-awssig")
                            .metadata("origin", "post-form")
                            .content_length_range(1, 10_000),
                        sig,
                    )?;
                    let r = ctx.post_form(form.url(), &owned_fields(&form), &file)?;
                    expect_2xx(&r, "POST")?;
                    let get = ctx.send("GET", &ctx.presign(ctx.path.get(&key))?, &[], None)?;
                    expect(&get, 200, "GET")?;
                    ensure!(
                        get.body == file,
                        "stored other bytes ({} bytes)",
                        get.body.len()
                    );
                    ensure!(
                        get.header("content-type") == Some("application/x-awssig"),
                        "stored Content-Type {:?}",
                        get.header("content-type")
                    );
                    ensure!(
                        get.header("x-amz-meta-origin") == Some("post-form"),
                        "stored metadata {:?}",
                        get.header("x-amz-meta-origin")
                    );
                    println!("    POST: HTTP {}", r.status);
                    Ok(())
                },
            ));
        }
        rows.push(row(
            format!(
                "{} POST form: a file outside content-length-range is rejected",
                sig.label()
            ),
            move |ctx| {
                let key = format!("post/{}/too-big.bin", sig.label());
                let form = ctx.sign_post(
                    ctx.path
                        .post_policy(key.as_str())
                        .content_length_range(1, 100),
                    sig,
                )?;
                let r = ctx.post_form(form.url(), &owned_fields(&form), &pattern(101, 2))?;
                let big = expect_post_rejected(ctx, &r, &key, "101 bytes for 1..=100")?;
                let r = ctx.post_form(form.url(), &owned_fields(&form), b"")?;
                let empty = expect_post_rejected(ctx, &r, &key, "0 bytes for 1..=100")?;
                // The same form with a file inside the range works.
                let r = ctx.post_form(form.url(), &owned_fields(&form), &pattern(100, 2))?;
                expect_2xx(&r, "100 bytes for 1..=100")?;
                println!("    101 bytes: {big}; 0 bytes: {empty}");
                Ok(())
            },
        ));
        rows.push(row(
            format!(
                "{} POST form: a key outside the starts-with prefix is rejected",
                sig.label()
            ),
            move |ctx| {
                let prefix = format!("post/{}/allowed/", sig.label());
                let form =
                    ctx.sign_post(ctx.path.post_policy(format!("{prefix}${{filename}}")), sig)?;
                // Inside the prefix: accepted (and `${filename}` not needed).
                let inside = format!("{prefix}inside.bin");
                let mut fields = owned_fields(&form);
                set_field(&mut fields, "key", |_| inside.clone())?;
                let r = ctx.post_form(form.url(), &fields, BODY)?;
                expect_2xx(&r, "POST with a key inside the prefix")?;
                ensure!(
                    ctx.get_object(&inside)?.as_deref() == Some(BODY),
                    "{inside:?} not stored with the bytes"
                );
                let outside = format!("post/{}/elsewhere/x.bin", sig.label());
                set_field(&mut fields, "key", |_| outside.clone())?;
                let r = ctx.post_form(form.url(), &fields, BODY)?;
                println!(
                    "    {}",
                    expect_post_rejected(ctx, &r, &outside, "key outside the prefix")?
                );
                Ok(())
            },
        ));
        rows.push(row(
            format!(
                "{} POST form: a tampered policy (one base64 character) is rejected",
                sig.label()
            ),
            move |ctx| {
                let key = format!("post/{}/tampered-policy.bin", sig.label());
                let form = ctx.sign_post(ctx.path.post_policy(key.as_str()), sig)?;
                let mut fields = owned_fields(&form);
                let policy = form.policy().to_string();
                set_field(&mut fields, "policy", |_| {
                    tamper_policy(&policy).unwrap_or_else(|e| e)
                })?;
                let r = ctx.post_form(form.url(), &fields, BODY)?;
                println!(
                    "    {}",
                    expect_post_rejected(ctx, &r, &key, "tampered policy")?
                );
                Ok(())
            },
        ));
        rows.push(row(
            format!(
                "{} POST form: a tampered signature (one character) is rejected",
                sig.label()
            ),
            move |ctx| {
                let key = format!("post/{}/tampered-signature.bin", sig.label());
                let form = ctx.sign_post(ctx.path.post_policy(key.as_str()), sig)?;
                let mut fields = owned_fields(&form);
                set_field(&mut fields, sig.signature_field(), |s| flip_at(s, 0))?;
                let r = ctx.post_form(form.url(), &fields, BODY)?;
                println!(
                    "    {}",
                    expect_post_rejected(ctx, &r, &key, "tampered signature")?
                );
                Ok(())
            },
        ));
    }
    rows
}

// ---------------------------------------------------------------------------
// aws-chunked

use awssig::v4::chunked::{ChecksumAlgorithm, Chunked, ChunkedMode};

/// 3 × 64 KiB and a 1000-byte tail.
const CHUNKED_LEN: usize = 3 * 65536 + 1000;

/// How to spoil a framed body after signing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Spoil {
    None,
    /// One data byte of the second chunk.
    ChunkByte,
    /// One character of the checksum trailer's value.
    TrailerValue,
}

impl Ctx {
    /// An aws-chunked PUT of `data` to `key` in `mode` (64 KiB chunks),
    /// header-signed with SigV4; `spoil` changes the framed body after
    /// signing. Returns the answer and the number of chunk lines sent.
    fn chunked_put(
        &self,
        style: Style,
        key: &str,
        mode: ChunkedMode,
        checksum: Option<ChecksumAlgorithm>,
        data: &[u8],
        spoil: Spoil,
    ) -> Result<Resp, String> {
        let err = |e: awssig::Error| e.to_string();
        let mut chunked = Chunked::new(mode, 65536).map_err(err)?;
        if let Some(alg) = checksum {
            chunked = chunked.checksum(alg).map_err(err)?;
        }
        let decoded = data.len().to_string();
        let length = chunked
            .content_length(data.len() as u64)
            .map_err(err)?
            .to_string();
        let signer = awssig::v4::Signer::new(
            self.creds.clone(),
            SigningSettings::s3(self.server.region.clone()),
        )
        .map_err(err)?;
        let path = self.wire_path(style, key);
        let host = self.bucket_for(style).signed_host().to_string();
        let mut headers: Vec<(&str, &str)> = vec![
            ("host", host.as_str()),
            ("content-encoding", "aws-chunked"),
            ("content-length", length.as_str()),
            ("x-amz-decoded-content-length", decoded.as_str()),
            ("content-type", "application/octet-stream"),
        ];
        if let Some(t) = chunked.trailer_header() {
            headers.push(("x-amz-trailer", t));
        }
        let req = awssig::v4::Request::new("PUT", &path)
            .headers(&headers)
            .payload(chunked.payload());
        let seed = signer.sign_headers(&req, now()).map_err(err)?;
        let chunk_signer = if mode.is_signed() {
            Some(signer.chunk_signer(&seed).map_err(err)?)
        } else {
            None
        };
        let mut body = chunked.encode(chunk_signer, data, &[]).map_err(err)?;
        ensure!(
            body.len().to_string() == length,
            "framed {} bytes, Content-Length says {length}",
            body.len()
        );
        match spoil {
            Spoil::None => {}
            Spoil::ChunkByte => {
                // Second chunk: after the first chunk line, its data, CRLF
                // and the second chunk line.
                let first_line = body
                    .windows(2)
                    .position(|w| w == b"\r\n")
                    .ok_or("no chunk line")?;
                let second_start = first_line + 2 + 65536 + 2;
                let second_line = body[second_start..]
                    .windows(2)
                    .position(|w| w == b"\r\n")
                    .ok_or("no second chunk line")?;
                body[second_start + second_line + 2 + 100] ^= 0x01;
            }
            Spoil::TrailerValue => {
                let name = chunked.trailer_header().ok_or("no trailer")?;
                let at = body
                    .windows(name.len() + 1)
                    .rposition(|w| w[..name.len()] == *name.as_bytes() && w[name.len()] == b':')
                    .ok_or("no checksum trailer line")?;
                let i = at + name.len() + 1;
                body[i] = if body[i] == b'A' { b'B' } else { b'A' };
            }
        }
        // Content-Length is the framed length: the client sets it from the
        // body.
        let send: Vec<(&str, &str)> = headers
            .iter()
            .filter(|(n, _)| *n != "host" && *n != "content-length")
            .copied()
            .chain(seed.iter())
            .collect();
        let url = self.url(style, &path, "");
        self.send("PUT", &url, &send, Some(&body))
    }
}

fn checksum_label(alg: ChecksumAlgorithm) -> &'static str {
    alg.header_name().trim_start_matches("x-amz-checksum-")
}

/// A chunked upload that should store `data`: 200, then GET gives exactly
/// the bytes and HEAD the decoded length.
fn chunked_round_trip(
    ctx: &Ctx,
    style: Style,
    key: &str,
    mode: ChunkedMode,
    checksum: Option<ChecksumAlgorithm>,
) -> Outcome {
    let data = pattern(CHUNKED_LEN, 7);
    let r = ctx.chunked_put(style, key, mode, checksum, &data, Spoil::None)?;
    expect(&r, 200, "aws-chunked PUT")?;
    let b = ctx.bucket_for(style);
    let get = ctx.send("GET", &ctx.presign(b.get(key))?, &[], None)?;
    expect(&get, 200, "GET")?;
    ensure!(
        get.body.len() == data.len() && get.body == data,
        "stored {} bytes that differ from the {} sent",
        get.body.len(),
        data.len()
    );
    if let Some(ce) = get.header("content-encoding") {
        // S3 drops `aws-chunked` from what it stores; not every server does.
        println!("    the server kept Content-Encoding: {ce} on the object");
    }
    let head = ctx.send("HEAD", &ctx.presign(b.head(key))?, &[], None)?;
    expect(&head, 200, "HEAD")?;
    let len = data.len().to_string();
    ensure!(
        head.header("content-length") == Some(len.as_str()),
        "HEAD content-length {:?}, expected {len}",
        head.header("content-length")
    );
    if let Some(alg) = checksum {
        // What the server recorded, if it answers with checksums.
        let url = ctx.presign(b.get(key).header("x-amz-checksum-mode", "ENABLED"))?;
        let r = ctx.send("HEAD", &url, &[("x-amz-checksum-mode", "ENABLED")], None)?;
        let want = alg.compute(&data);
        match r.header(alg.header_name()) {
            Some(v) => {
                ensure!(
                    v == want,
                    "server recorded {} {v}, expected {want}",
                    alg.header_name()
                );
                println!("    server returned {}: {v} (matches)", alg.header_name());
            }
            None => println!("    server returns no {} on HEAD", alg.header_name()),
        }
    }
    Ok(())
}

/// A spoiled chunked upload over an existing object: a 4xx, and the old
/// object is still there, unchanged.
fn chunked_spoiled(
    ctx: &Ctx,
    key: &str,
    mode: ChunkedMode,
    checksum: Option<ChecksumAlgorithm>,
    spoil: Spoil,
) -> Outcome {
    let data = pattern(CHUNKED_LEN, 9);
    // The control: the same upload unspoiled is accepted, so the rejection
    // below is the spoiling's.
    let control = format!("{key}.control");
    let r = ctx.chunked_put(Style::Path, &control, mode, checksum, &data, Spoil::None)?;
    expect(&r, 200, "the same aws-chunked PUT unspoiled (control)")?;
    ensure!(
        ctx.get_object(&control)?.as_deref() == Some(data.as_slice()),
        "the control upload stored other bytes"
    );
    let old = format!("the previous object under {key}").into_bytes();
    ctx.put_object(key, &old)?;
    let r = ctx.chunked_put(Style::Path, key, mode, checksum, &data, spoil)?;
    let kept = ctx.get_object(key)?;
    ensure!(
        kept.as_deref() == Some(old.as_slice()),
        "the previous object was not kept: {} (PUT answered {})",
        match &kept {
            None => "deleted".to_string(),
            Some(b) if *b == data => "replaced by the spoiled upload".to_string(),
            Some(b) => format!("now {} other bytes", b.len()),
        },
        r.brief()
    );
    println!(
        "    {} (previous object kept)",
        expect_rejected(&r, "spoiled aws-chunked PUT")?
    );
    Ok(())
}

/// The checksum trailers rows run with (CRC32 and CRC32C need the
/// `checksums` feature).
fn trailer_checksums() -> Vec<ChecksumAlgorithm> {
    vec![
        #[cfg(feature = "checksums")]
        ChecksumAlgorithm::Crc32,
        #[cfg(feature = "checksums")]
        ChecksumAlgorithm::Crc32c,
        ChecksumAlgorithm::Sha256,
    ]
}

/// aws-chunked uploads (`awssig::v4::chunked`): multi-chunk uploads in
/// every mode store exactly the bytes; a tampered chunk or trailer is
/// rejected and the previous object kept.
pub fn chunked_rows() -> Vec<Row> {
    let mut rows = Vec::new();
    for style in [Style::Path, Style::Vhost] {
        rows.push(row(
            format!(
                "aws-chunked STREAMING-AWS4-HMAC-SHA256-PAYLOAD PUT, 3 x 64 KiB + 1000 B, stores exactly the bytes ({})",
                style.label()
            ),
            move |ctx| {
                chunked_round_trip(
                    ctx,
                    style,
                    &format!("chunked/signed {}.bin", style.label()),
                    ChunkedMode::Signed,
                    None,
                )
            },
        ));
    }
    rows.push(row(
        "aws-chunked: a tampered chunk (one data byte) is rejected, the previous object kept",
        |ctx| {
            chunked_spoiled(
                ctx,
                "chunked/tampered.bin",
                ChunkedMode::Signed,
                None,
                Spoil::ChunkByte,
            )
        },
    ));
    for alg in trailer_checksums() {
        rows.push(row(
            format!(
                "aws-chunked trailer: STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER with {} stores exactly the bytes",
                checksum_label(alg)
            ),
            move |ctx| {
                chunked_round_trip(
                    ctx,
                    Style::Path,
                    &format!("chunked/signed-trailer-{}.bin", checksum_label(alg)),
                    ChunkedMode::SignedTrailer,
                    Some(alg),
                )
            },
        ));
    }
    for alg in trailer_checksums() {
        rows.push(row(
            format!(
                "aws-chunked trailer: STREAMING-UNSIGNED-PAYLOAD-TRAILER with {} stores exactly the bytes",
                checksum_label(alg)
            ),
            move |ctx| {
                chunked_round_trip(
                    ctx,
                    Style::Path,
                    &format!("chunked/unsigned-trailer-{}.bin", checksum_label(alg)),
                    ChunkedMode::UnsignedTrailer,
                    Some(alg),
                )
            },
        ));
    }
    rows.push(row(
        "aws-chunked trailer: signed trailer, a tampered chunk is rejected, the previous object kept",
        |ctx| {
            chunked_spoiled(
                ctx,
                "chunked/trailer-tampered-chunk.bin",
                ChunkedMode::SignedTrailer,
                Some(ChecksumAlgorithm::Sha256),
                Spoil::ChunkByte,
            )
        },
    ));
    rows.push(row(
        "aws-chunked trailer: signed trailer, a tampered checksum trailer is rejected, the previous object kept",
        |ctx| {
            chunked_spoiled(
                ctx,
                "chunked/trailer-tampered-trailer.bin",
                ChunkedMode::SignedTrailer,
                Some(ChecksumAlgorithm::Sha256),
                Spoil::TrailerValue,
            )
        },
    ));
    rows.push(row(
        "aws-chunked trailer: unsigned payload, a wrong checksum trailer is rejected, the previous object kept",
        |ctx| {
            chunked_spoiled(
                ctx,
                "chunked/unsigned-wrong-checksum.bin",
                ChunkedMode::UnsignedTrailer,
                Some(ChecksumAlgorithm::Sha256),
                Spoil::TrailerValue,
            )
        },
    ));
    rows
}

// ---------------------------------------------------------------------------
// SigV2 through the Bucket API

/// PUT, GET, HEAD, listed, DELETE, HEAD 404 with SigV2 presigned URLs from
/// `Bucket::signature_version(SignatureVersion::V2)`.
fn v2_bucket_round_trip(ctx: &Ctx, style: Style, key: &str) -> Outcome {
    let b = ctx
        .bucket_for(style)
        .clone()
        .signature_version(SignatureVersion::V2);
    let body = format!("v2 bucket API {key:?} {}", style.label()).into_bytes();
    let put = ctx.presign(b.put(key))?;
    ensure!(
        put.contains("AWSAccessKeyId=") && put.contains("Signature=") && !put.contains("X-Amz-"),
        "not a SigV2 URL: {put}"
    );
    expect(&ctx.send("PUT", &put, &[], Some(&body))?, 200, "PUT")?;
    let get = ctx.send("GET", &ctx.presign(b.get(key))?, &[], None)?;
    expect(&get, 200, "GET")?;
    ensure!(get.body == body, "GET returned other bytes");
    let head = ctx.send("HEAD", &ctx.presign(b.head(key))?, &[], None)?;
    expect(&head, 200, "HEAD")?;
    let len = body.len().to_string();
    ensure!(
        head.header("content-length") == Some(len.as_str()),
        "HEAD content-length {:?}, expected {len}",
        head.header("content-length")
    );
    let listed = ctx.list(key)?;
    ensure!(
        listed.iter().any(|k| k == key),
        "not listed under exactly {key:?}; prefix listing gave {listed:?}"
    );
    let del = ctx.send("DELETE", &ctx.presign(b.delete(key))?, &[], None)?;
    expect(&del, 204, "DELETE")?;
    let head = ctx.send("HEAD", &ctx.presign(b.head(key))?, &[], None)?;
    expect(&head, 404, "HEAD after DELETE")?;
    Ok(())
}

fn v2_bucket_rows() -> Vec<Row> {
    let mut rows = Vec::new();
    for style in [Style::Path, Style::Vhost] {
        rows.push(row(
            format!(
                "v2 Bucket API presign PUT/GET/HEAD/DELETE ({})",
                style.label()
            ),
            move |ctx| v2_bucket_round_trip(ctx, style, "v2api/hello.txt"),
        ));
        for (label, key) in keys() {
            rows.push(row(
                format!("v2 Bucket API presign key {label} ({})", style.label()),
                move |ctx| v2_bucket_round_trip(ctx, style, &key),
            ));
        }
    }
    rows.push(row(
        "v2 Bucket API presign PUT signed Content-Type and x-amz-meta (in the URL): same accepted, other rejected",
        |ctx| {
            let b = ctx.path.clone().signature_version(SignatureVersion::V2);
            let url = ctx.presign(
                b.put("v2api/typed.txt")
                    .content_type("text/plain")
                    .metadata("note", "two words"),
            )?;
            // The URL carries `x-amz-meta-note` (botocore's SigV2 way), so
            // the client sends only the Content-Type header.
            ensure!(url.contains("&x-amz-meta-note=two%20words&"), "metadata not in {url}");
            let r = ctx.send("PUT", &url, &[("content-type", "image/png")], Some(BODY))?;
            let other = expect_rejected(&r, "PUT with another Content-Type")?;
            let r = ctx.send("PUT", &url, &[("content-type", "text/plain")], Some(BODY))?;
            expect(&r, 200, "PUT with the signed Content-Type")?;
            let r = ctx.send("GET", &ctx.presign(b.get("v2api/typed.txt"))?, &[], None)?;
            expect(&r, 200, "GET")?;
            ensure!(
                r.header("content-type") == Some("text/plain"),
                "stored Content-Type {:?}",
                r.header("content-type")
            );
            println!(
                "    other Content-Type: {other}; metadata stored from the URL's query: {:?}",
                r.header("x-amz-meta-note")
            );
            Ok(())
        },
    ));
    rows
}

// ---------------------------------------------------------------------------
// Session tokens

fn xml_field(text: &str, name: &str) -> Option<String> {
    let open = format!("<{name}>");
    let close = format!("</{name}>");
    let a = text.find(&open)? + open.len();
    let b = a + text[a..].find(&close)?;
    Some(xml_unescape(&text[a..b]))
}

fn form_encode(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(n, v)| format!("{}={}", uri_encode(n, false), uri_encode(v, false)))
        .collect::<Vec<_>>()
        .join("&")
}

impl Ctx {
    /// A SigV4 header-signed form POST to the endpoint's `/` for `service`
    /// (`sts`, `iam`): the query API.
    fn query_api(&self, service: &str, params: &[(&str, &str)]) -> Result<Resp, String> {
        let body = form_encode(params);
        let signer = awssig::v4::Signer::new(
            self.creds.clone(),
            SigningSettings::new(service, self.server.region.clone()),
        )
        .map_err(|e| e.to_string())?;
        let host = self.path.signed_host().to_string();
        let ct = "application/x-www-form-urlencoded; charset=utf-8";
        let headers = [("host", host.as_str()), ("content-type", ct)];
        let req = awssig::v4::Request::new("POST", "/")
            .headers(&headers)
            .payload(Payload::Bytes(body.as_bytes()));
        let signed = signer
            .sign_headers(&req, now())
            .map_err(|e| e.to_string())?;
        let mut send = vec![("content-type", ct)];
        send.extend(signed.iter());
        self.send(
            "POST",
            &format!("{}/", self.path.origin()),
            &send,
            Some(body.as_bytes()),
        )
    }

    /// Temporary credentials from the server's STS `GetSessionToken`
    /// (SigV4, service `sts`), after allowing it with an IAM user policy
    /// where the server wants one (Ceph).
    pub fn session_credentials(&self) -> Result<Credentials, String> {
        if let Some(user) = &self.server.sts_user {
            let policy = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sts:GetSessionToken"],"Resource":"*"}]}"#;
            let r = self.query_api(
                "iam",
                &[
                    ("Action", "PutUserPolicy"),
                    ("Version", "2010-05-08"),
                    ("UserName", user),
                    ("PolicyName", "awssig-e2e-sts"),
                    ("PolicyDocument", policy),
                ],
            )?;
            expect(&r, 200, "IAM PutUserPolicy (allow sts:GetSessionToken)")?;
        }
        let r = self.query_api(
            "sts",
            &[
                ("Action", "GetSessionToken"),
                ("Version", "2011-06-15"),
                ("DurationSeconds", "900"),
            ],
        )?;
        expect(&r, 200, "STS GetSessionToken")?;
        let text = String::from_utf8_lossy(&r.body);
        let field = |n: &str| xml_field(&text, n).ok_or_else(|| format!("no <{n}> in {text}"));
        let token = field("SessionToken")?;
        Credentials::new(field("AccessKeyId")?, field("SecretAccessKey")?)
            .and_then(|c| c.with_session_token(token))
            .map_err(|e| e.to_string())
    }
}

/// Temporary credentials: a token from the server's STS GetSessionToken
/// (requested with this crate's SigV4), used in presigned URLs (SigV4 and
/// SigV2), a header-signed request and a POST form; a tampered token is
/// rejected.
pub fn session_token_rows() -> Vec<Row> {
    let mut rows = Vec::new();
    for style in [Style::Path, Style::Vhost] {
        rows.push(row(
            format!(
                "session token: STS GetSessionToken, then v4 presigned PUT/GET/HEAD with X-Amz-Security-Token ({})",
                style.label()
            ),
            move |ctx| {
                let creds = ctx.session_credentials()?;
                let b = ctx.bucket_for(style);
                let key = format!("sts/{}.txt", style.label());
                let put = b.put(&key).presign(&creds, now(), 300).map_err(|e| e.to_string())?;
                ensure!(put.contains("X-Amz-Security-Token="), "no token in {put}");
                expect(&ctx.send("PUT", &put, &[], Some(BODY))?, 200, "PUT")?;
                let get = b.get(&key).presign(&creds, now(), 300).map_err(|e| e.to_string())?;
                let r = ctx.send("GET", &get, &[], None)?;
                expect(&r, 200, "GET")?;
                ensure!(r.body == BODY, "other bytes");
                let head = b.head(&key).presign(&creds, now(), 300).map_err(|e| e.to_string())?;
                expect(&ctx.send("HEAD", &head, &[], None)?, 200, "HEAD")?;
                println!("    temporary access key {}", creds.access_key_id());
                Ok(())
            },
        ));
    }
    rows.push(row(
        "session token: v2 presigned GET and v4 header-signed GET with x-amz-security-token",
        |ctx| {
            let creds = ctx.session_credentials()?;
            let key = "sts/v2-and-header.txt";
            ctx.put_object(key, BODY)?;
            let b = ctx.path.clone().signature_version(SignatureVersion::V2);
            let url = b
                .get(key)
                .presign(&creds, now(), 300)
                .map_err(|e| e.to_string())?;
            ensure!(url.contains("x-amz-security-token="), "no token in {url}");
            let r = ctx.send("GET", &url, &[], None)?;
            expect(&r, 200, "v2 presigned GET")?;
            ensure!(r.body == BODY, "other bytes");
            let signer = awssig::v4::Signer::new(
                creds.clone(),
                SigningSettings::s3(ctx.server.region.clone()),
            )
            .map_err(|e| e.to_string())?;
            let path = ctx.wire_path(Style::Path, key);
            let host = ctx.path.signed_host().to_string();
            let h = [("host", host.as_str())];
            let req = awssig::v4::Request::new("GET", &path)
                .headers(&h)
                .payload(Payload::Empty);
            let signed = signer
                .sign_headers(&req, now())
                .map_err(|e| e.to_string())?;
            ensure!(
                signed.iter().any(|(n, _)| n == "x-amz-security-token"),
                "no x-amz-security-token header"
            );
            let hs: Vec<(&str, &str)> = signed.iter().collect();
            let r = ctx.send("GET", &ctx.url(Style::Path, &path, ""), &hs, None)?;
            expect(&r, 200, "v4 header-signed GET")?;
            ensure!(r.body == BODY, "other bytes");
            Ok(())
        },
    ));
    rows.push(row(
        "session token: v4 POST form with x-amz-security-token uploads",
        |ctx| {
            let creds = ctx.session_credentials()?;
            let key = "sts/post.bin";
            let form = ctx
                .path
                .post_policy(key)
                .sign_v4(&creds, now())
                .map_err(|e| e.to_string())?;
            ensure!(
                form.field("x-amz-security-token").is_some(),
                "no token field"
            );
            let r = ctx.post_form(form.url(), &owned_fields(&form), BODY)?;
            expect_2xx(&r, "POST")?;
            ensure!(ctx.get_object(key)?.as_deref() == Some(BODY), "not stored");
            Ok(())
        },
    ));
    rows.push(row(
        "session token: a tampered token (signed into the URL) is rejected",
        |ctx| {
            let creds = ctx.session_credentials()?;
            let key = "sts/tamper.txt";
            ctx.put_object(key, BODY)?;
            let url = ctx
                .path
                .get(key)
                .presign(&creds, now(), 300)
                .map_err(|e| e.to_string())?;
            expect(&ctx.send("GET", &url, &[], None)?, 200, "untampered GET")?;
            let bad = tamper_param(&url, "X-Amz-Security-Token", |v| flip_at(v, 10))?;
            println!(
                "    {}",
                expect_rejected(&ctx.send("GET", &bad, &[], None)?, "tampered token")?
            );
            // A token the signature covers, but from other credentials.
            let other = Credentials::new(creds.access_key_id(), creds.secret_access_key())
                .and_then(|c| {
                    c.with_session_token(flip_at(creds.session_token().unwrap_or("x"), 10))
                })
                .map_err(|e| e.to_string())?;
            let url = ctx
                .path
                .get(key)
                .presign(&other, now(), 300)
                .map_err(|e| e.to_string())?;
            println!(
                "    re-signed with a changed token: {}",
                expect_rejected(
                    &ctx.send("GET", &url, &[], None)?,
                    "changed token, re-signed"
                )?
            );
            Ok(())
        },
    ));
    rows
}

/// Every row, in order.
pub fn all_rows() -> Vec<Row> {
    let mut rows = setup_rows();
    rows.extend(v4_presign_rows());
    rows.extend(v4_header_rows());
    rows.extend(refusals::refusal_rows());
    #[cfg(feature = "checksums")]
    rows.extend(body::body_rows());
    rows.extend(tamper_rows());
    rows.extend(v2_rows());
    rows.extend(v2_bucket_rows());
    rows.extend(post_form_rows());
    rows.extend(chunked_rows());
    rows.extend(session_token_rows());
    rows.extend(sts::sts_builder_rows());
    rows.extend(expiry_rows());
    rows.extend(clamp_rows());
    rows.extend(pinned::pinned_rows());
    rows
}

/// Runs every row against `server` (already running); prints a line per
/// row and `e2e: N passed against NAME`; panics if a row failed or if the
/// bucket could not be created (a server that did not start).
pub fn run_suite(server: Server) {
    let name = server.name.clone();
    let ctx = match Ctx::new(server) {
        Ok(c) => c,
        Err(e) => panic!("e2e: {name}: setup failed: {e}"),
    };
    let start = Instant::now();
    let rows = all_rows();
    let (mut passed, mut failed, mut limited) = (0usize, Vec::new(), Vec::new());
    for (i, r) in rows.iter().enumerate() {
        let t = Instant::now();
        let out = catch_unwind(AssertUnwindSafe(|| (r.run)(&ctx))).unwrap_or_else(|p| {
            Err(p
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "panicked".into()))
        });
        match out {
            Ok(()) => {
                passed += 1;
                println!("ok   [{name}] {} ({} ms)", r.name, t.elapsed().as_millis());
            }
            Err(e) => {
                if let Some((_, why)) = ctx
                    .server
                    .limits
                    .iter()
                    .find(|(part, _)| r.name.contains(part.as_str()))
                {
                    println!("LIMIT [{name}] {}: {e} ({why})", r.name);
                    limited.push(format!("{}: {why}", r.name));
                    continue;
                }
                println!("FAIL [{name}] {}: {e}", r.name);
                failed.push(format!("{}: {e}", r.name));
                if i == 0 {
                    // Without the bucket nothing else can pass.
                    break;
                }
            }
        }
    }
    let summary = format!(
        "e2e: {passed} passed, {} failed, {} limited by the server against {name} ({} rows, {:.1} s)",
        failed.len(),
        limited.len(),
        rows.len(),
        start.elapsed().as_secs_f64()
    );
    println!("{summary}");
    // Past the test harness's capture, so the counts show on success too.
    let _ = writeln!(std::io::stderr(), "{summary}");
    for l in &limited {
        let _ = writeln!(std::io::stderr(), "e2e: limited by {name}: {l}");
    }
    for f in &failed {
        let _ = writeln!(std::io::stderr(), "e2e: FAIL [{name}] {f}");
    }
    assert!(failed.is_empty(), "{summary}");
    assert!(passed > 0, "e2e: nothing ran against {name}");
}
