//! One broken S3 request per cause `awssig::explain` names: the request
//! as the client signed it, and what was sent instead (or how it was
//! signed wrong). tests/explain_ceph.rs sends them to Ceph RGW and to the
//! crate's verifier in debug mode and records the answers under
//! tests/data/explain/; tests/vectors/explain_table.rs and tests/cli.rs
//! explain the recordings.

use std::path::Path;

use awssig::explain::Cause;
use awssig::v4::{Payload, Request, Signer, SigningSettings, Steps};
use awssig::verify::{Incoming, Verifier};
use awssig::{Credentials, SigningTime};
use serde_json::{json, Value};

/// The bucket every row addresses (path style).
pub const BUCKET: &str = "awssig-explain";

/// A request on the wire: method, request target, headers (`Host` first).
#[derive(Clone, Debug)]
pub struct Sent {
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, String)>,
}

impl Sent {
    pub fn header_refs(&self) -> Vec<(&str, &str)> {
        self.headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect()
    }
    fn set(&mut self, name: &str, value: String) {
        let h = self
            .headers
            .iter_mut()
            .find(|(n, _)| n.eq_ignore_ascii_case(name));
        h.expect("the header is there").1 = value;
    }
    fn get(&self, name: &str) -> &str {
        let h = self
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name));
        &h.expect("the header is there").1
    }
}

/// What `awssig explain` is given: the request as the client signed it.
#[derive(Clone, Debug)]
pub struct Given {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub region: String,
    pub service: String,
}

/// A row: the request as signed, and how it broke.
pub struct Row {
    pub name: &'static str,
    pub cause: Cause,
    pub method: &'static str,
    /// Path and query as signed (encoded).
    pub target: &'static str,
    /// The headers the client's request has (besides host and the ones
    /// signing adds).
    pub headers: &'static [(&'static str, &'static str)],
    /// Headers of `headers` the signature leaves out.
    pub unsigned: &'static [&'static str],
    pub region: &'static str,
    /// Sign with a secret other than the server's.
    pub wrong_secret: bool,
    /// What happened to the request after signing.
    pub break_it: fn(&mut Sent),
    /// How it broke, for the recording's README.
    pub story: &'static str,
}

pub fn rows() -> Vec<Row> {
    vec![
        Row { name: "method", cause: Cause::Method, method: "GET", target: "/awssig-explain/k.txt", headers: &[], unsigned: &[], region: "us-east-1", wrong_secret: false,
            break_it: |s| s.method = "DELETE".into(), story: "signed GET, sent DELETE" },
        Row { name: "path-encoding", cause: Cause::PathEncoding, method: "GET", target: "/awssig-explain/a%20b.txt", headers: &[], unsigned: &[], region: "us-east-1", wrong_secret: false,
            break_it: |s| s.target = "/awssig-explain/a+b.txt".into(), story: "signed the key 'a b.txt' as a%20b.txt, sent a+b.txt (form encoding)" },
        Row { name: "query-encoding", cause: Cause::QueryEncoding, method: "GET", target: "/awssig-explain?list-type=2&prefix=a%20b", headers: &[], unsigned: &[], region: "us-east-1", wrong_secret: false,
            break_it: |s| s.target = "/awssig-explain?list-type=2&prefix=a%2520b".into(), story: "signed prefix=a%20b, sent it encoded twice (a%2520b)" },
        Row { name: "header-changed", cause: Cause::HeaderChanged, method: "PUT", target: "/awssig-explain/meta.txt", headers: &[("x-amz-meta-owner", "alice")], unsigned: &[], region: "us-east-1", wrong_secret: false,
            break_it: |s| s.set("x-amz-meta-owner", "bob".into()), story: "signed x-amz-meta-owner: alice, a proxy sent bob" },
        Row { name: "header-not-signed",
            cause: Cause::HeaderNotSigned,
            method: "PUT",
            target: "/awssig-explain/typed.txt",
            headers: &[("content-type", "text/plain")],
            unsigned: &[],
            region: "us-east-1",
            wrong_secret: false,
            break_it: |s| {
                let a = s.get("authorization").replacen("SignedHeaders=content-type;", "SignedHeaders=", 1);
                s.set("authorization", a)
            },
            story: "the request carries Content-Type but the SignedHeaders that reached the server leaves it out (a signer that dropped it from the list)",
        },
        Row { name: "payload", cause: Cause::Payload, method: "PUT", target: "/awssig-explain/empty.txt", headers: &[], unsigned: &[], region: "us-east-1", wrong_secret: false,
            break_it: |s| s.set("x-amz-content-sha256", "UNSIGNED-PAYLOAD".into()), story: "signed the empty body's hash, sent x-amz-content-sha256: UNSIGNED-PAYLOAD" },
        Row { name: "time", cause: Cause::Time, method: "GET", target: "/awssig-explain/k.txt", headers: &[], unsigned: &[], region: "us-east-1", wrong_secret: false,
            break_it: |s| {
                let t = SigningTime::from_amz_date(s.get("x-amz-date")).unwrap();
                s.set("x-amz-date", SigningTime::from_unix(t.unix() + 7).unwrap().amz_date().to_string());
            }, story: "a retry re-stamped X-Amz-Date 7 s later without signing again" },
        Row { name: "region", cause: Cause::Region, method: "GET", target: "/awssig-explain/k.txt", headers: &[], unsigned: &[], region: "us-west-2", wrong_secret: false,
            break_it: |s| { let a = s.get("authorization").replacen("/us-west-2/", "/us-east-1/", 1); s.set("authorization", a) },
            story: "signed for us-west-2; the scope that reached the server says us-east-1 (the server computes with its region)" },
        Row { name: "scope", cause: Cause::Scope, method: "GET", target: "/awssig-explain/k.txt", headers: &[], unsigned: &[], region: "us-east-1", wrong_secret: false,
            break_it: |s| { let a = s.get("authorization").replacen("/s3/aws4_request", "/s3-object-lambda/aws4_request", 1); s.set("authorization", a) },
            story: "signed for s3; the scope that reached the server names s3-object-lambda" },
        Row { name: "secret", cause: Cause::Secret, method: "GET", target: "/awssig-explain/k.txt", headers: &[], unsigned: &[], region: "us-east-1", wrong_secret: true,
            break_it: |_| {}, story: "signed with another secret than the server has for the key" },
    ]
}

/// A row built at a time: what explain is given, awssig's steps for it,
/// and what was sent.
pub struct Broken {
    pub given: Given,
    pub ours: Steps,
    pub sent: Sent,
    pub time: SigningTime,
}

fn sign(
    authority: &str,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    region: &str,
    creds: Credentials,
    time: SigningTime,
) -> Vec<(String, String)> {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let mut all = vec![("host", authority)];
    all.extend_from_slice(headers);
    let signer = Signer::new(creds, SigningSettings::s3(region)).unwrap();
    let req = Request::new(method, path)
        .raw_query(query)
        .headers(&all)
        .payload(Payload::Empty);
    let signed = signer.sign_headers(&req, time).unwrap();
    signed
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect()
}

/// A signed PUT of the bucket the rows use.
pub fn create_bucket(
    authority: &str,
    access_key: &str,
    secret_key: &str,
    time: SigningTime,
) -> Sent {
    let target = format!("/{BUCKET}");
    let added = sign(
        authority,
        "PUT",
        &target,
        &[],
        "us-east-1",
        Credentials::new(access_key, secret_key).unwrap(),
        time,
    );
    let mut headers = vec![("Host".to_string(), authority.to_string())];
    headers.extend(added);
    Sent {
        method: "PUT".into(),
        target,
        headers,
    }
}

impl Row {
    pub fn build(
        &self,
        authority: &str,
        access_key: &str,
        secret_key: &str,
        time: SigningTime,
    ) -> Broken {
        let secret = if self.wrong_secret {
            "not-the-secret-the-server-has"
        } else {
            secret_key
        };
        let signed: Vec<(&str, &str)> = self
            .headers
            .iter()
            .copied()
            .filter(|(n, _)| !self.unsigned.contains(n))
            .collect();
        let added = sign(
            authority,
            self.method,
            self.target,
            &signed,
            self.region,
            Credentials::new(access_key, secret).unwrap(),
            time,
        );
        let mut sent_headers = vec![("Host".to_string(), authority.to_string())];
        sent_headers.extend(
            self.headers
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string())),
        );
        sent_headers.extend(added.iter().cloned());
        let mut sent = Sent {
            method: self.method.into(),
            target: self.target.into(),
            headers: sent_headers,
        };
        (self.break_it)(&mut sent);
        let mut given_headers: Vec<(String, String)> = self
            .headers
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect();
        given_headers.extend(added.into_iter().filter(|(n, _)| n != "authorization"));
        let given = Given {
            method: self.method.into(),
            url: format!("http://{authority}{}", self.target),
            headers: given_headers,
            region: self.region.into(),
            service: "s3".into(),
        };
        let ours = ours_for(&given, access_key, secret_key);
        Broken {
            given,
            ours,
            sent,
            time,
        }
    }
}

/// awssig's steps for the request as given, as `awssig explain` computes
/// them: host from the URL, the time from X-Amz-Date, the payload from
/// X-Amz-Content-SHA256.
pub fn ours_for(given: &Given, access_key: &str, secret_key: &str) -> Steps {
    let rest = given.url.strip_prefix("http://").unwrap();
    let slash = rest.find('/').unwrap();
    let (authority, target) = rest.split_at(slash);
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let header = |name: &str| {
        given
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    };
    let mut headers = vec![("host", authority)];
    headers.extend(
        given
            .headers
            .iter()
            .filter(|(n, _)| {
                !["x-amz-date", "x-amz-content-sha256"].contains(&n.to_ascii_lowercase().as_str())
            })
            .map(|(n, v)| (n.as_str(), v.as_str())),
    );
    let payload = match header("x-amz-content-sha256") {
        Some("UNSIGNED-PAYLOAD") => Payload::Unsigned,
        Some(h) => Payload::Sha256Hex(h),
        None => Payload::Empty,
    };
    let time = SigningTime::from_amz_date(header("x-amz-date").unwrap()).unwrap();
    let signer = Signer::new(
        Credentials::new(access_key, secret_key).unwrap(),
        SigningSettings::s3(given.region.clone()),
    )
    .unwrap();
    let req = Request::new(&given.method, path)
        .raw_query(query)
        .headers(&headers)
        .payload(payload);
    signer.sign_headers_steps(&req, time).unwrap()
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn hex_bytes(s: &str) -> String {
    s.bytes()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(" ")
}

impl Broken {
    /// The error body the crate's verifier in debug mode gives for the
    /// request sent, in S3's shape; or why it gave none.
    pub fn verifier_body(&self, secret_key: &str) -> Result<String, String> {
        let verifier = Verifier::s3()
            .debug(true)
            .also_services(["s3-object-lambda"]);
        let lookup = |_: &str| Some(secret_key.to_string());
        let headers = self.sent.header_refs();
        let err = match verifier.verify(
            &Incoming::new(&self.sent.method, &self.sent.target, &headers),
            self.time,
            lookup,
        ) {
            Ok(_) => return Err("the verifier accepted the request".into()),
            Err(e) => e,
        };
        let (Some(creq), Some(sts)) = (err.canonical_request(), err.string_to_sign()) else {
            return Err(format!("no debug texts: {:?} {err}", err.s3_code()));
        };
        Ok(format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{}</Code><Message>{}</Message><StringToSign>{}</StringToSign><StringToSignBytes>{}</StringToSignBytes><CanonicalRequest>{}</CanonicalRequest><CanonicalRequestBytes>{}</CanonicalRequestBytes></Error>",
            err.s3_code().map(|c| c.as_str()).unwrap_or(""),
            xml_escape(&err.to_string()),
            xml_escape(sts),
            hex_bytes(sts),
            xml_escape(creq),
            hex_bytes(creq),
        ))
    }
}

/// One row's answers, for [`write_recording`].
pub struct Recording<'a> {
    pub row: &'a Row,
    pub broken: &'a Broken,
    pub ceph_status: u16,
    pub ceph_body: &'a str,
    pub ceph_log: &'a str,
    pub verifier_body: Result<&'a str, &'a String>,
}

fn pairs_json(p: &[(String, String)]) -> Value {
    Value::Array(p.iter().map(|(n, v)| json!([n, v])).collect())
}

/// Writes tests/data/explain/: cases.json, ceph/NAME.log, ceph/NAME.body,
/// verifier/NAME.xml.
pub fn write_recording(recorded: &[Recording<'_>]) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/explain");
    std::fs::create_dir_all(dir.join("ceph")).unwrap();
    std::fs::create_dir_all(dir.join("verifier")).unwrap();
    let mut cases = Vec::new();
    for r in recorded {
        let name = r.row.name;
        std::fs::write(dir.join(format!("ceph/{name}.log")), r.ceph_log).unwrap();
        std::fs::write(dir.join(format!("ceph/{name}.body")), r.ceph_body).unwrap();
        let verifier = match r.verifier_body {
            Ok(body) => {
                std::fs::write(dir.join(format!("verifier/{name}.xml")), body).unwrap();
                json!({"body": format!("verifier/{name}.xml")})
            }
            Err(why) => json!({"none": why}),
        };
        let g = &r.broken.given;
        cases.push(json!({
            "name": name,
            "cause": r.row.cause.as_str(),
            "story": r.row.story,
            "given": {"method": g.method, "url": g.url, "headers": pairs_json(&g.headers), "region": g.region, "service": g.service},
            "sent": {"method": r.broken.sent.method, "target": r.broken.sent.target, "headers": pairs_json(&r.broken.sent.headers)},
            "ceph": {"status": r.ceph_status, "body": format!("ceph/{name}.body"), "log": format!("ceph/{name}.log")},
            "verifier": verifier,
        }));
    }
    let doc = json!({"recorded_by": "tests/explain_ceph.rs (AWSSIG_RECORD_EXPLAIN=1 bash scripts/e2e-ceph.sh)", "cases": cases});
    std::fs::write(
        dir.join("cases.json"),
        serde_json::to_string_pretty(&doc).unwrap() + "\n",
    )
    .unwrap();
}
