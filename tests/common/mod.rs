//! Shared helpers for the test suites: the example credentials, signing
//! times, the refusal assertion, reading `tests/data` and its JSON cases,
//! parsing the suites' raw HTTP request files, a deterministic RNG; the
//! credential endpoints' stand-ins (IMDS, container) with a minimal
//! HTTP/1.1 client, and smithy-rs's recorded traffic.
#![allow(dead_code)]

pub mod botocore_profiles;
pub mod broken_requests;
pub mod container_endpoint;
pub mod ecdsa_reference;
pub mod http1_client;
pub mod http_test_server;
pub mod imds_endpoint;
pub mod recorded_traffic;
pub mod redis_server;
/// The replaying `HttpClient` for smithy-rs's recorded traffic.
#[cfg(feature = "credentials-io")]
pub mod replay;
pub mod s3_client;
#[cfg(feature = "tower")]
pub mod s3_front_door;

use std::path::{Path, PathBuf};

use awssig::{Credentials, ErrorKind, S3ErrorCode, SigningTime};
use serde_json::Value;

// ------------------------------------------------------------ credentials

/// The access key id of the S3 documentation's examples (SigV4 and SigV2
/// pages, POST examples).
pub const EXAMPLE_KEY_ID: &str = "AKIAIOSFODNN7EXAMPLE";
/// The S3 documentation's example secret, paired with [`EXAMPLE_KEY_ID`].
pub const EXAMPLE_SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

/// The access key id of the AWS SigV4 test suite (aws-c-auth, 2015 suite).
pub const SUITE_KEY_ID: &str = "AKIDEXAMPLE";
/// The AWS SigV4 test suite's secret: `+` where [`EXAMPLE_SECRET`] has `/`.
pub const SUITE_SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

/// [`EXAMPLE_KEY_ID`] with [`EXAMPLE_SECRET`].
pub fn example_creds() -> Credentials {
    Credentials::new(EXAMPLE_KEY_ID, EXAMPLE_SECRET).unwrap()
}

/// A verifier's secret lookup that knows [`EXAMPLE_KEY_ID`] only.
pub fn example_lookup(id: &str) -> Option<String> {
    (id == EXAMPLE_KEY_ID).then(|| EXAMPLE_SECRET.to_string())
}

/// [`SUITE_KEY_ID`] with [`SUITE_SECRET`].
pub fn suite_creds() -> Credentials {
    Credentials::new(SUITE_KEY_ID, SUITE_SECRET).unwrap()
}

/// A case's credentials object: `access_key_id`, `secret_access_key` and
/// an optional `session_token` (null or absent: none).
pub fn json_creds(c: &Value) -> Credentials {
    let s = |k: &str| {
        c[k].as_str()
            .unwrap_or_else(|| panic!("credentials: {k} is not a string: {c}"))
    };
    let creds = Credentials::new(s("access_key_id"), s("secret_access_key")).unwrap();
    match c["session_token"].as_str() {
        Some(t) => creds.with_session_token(t).unwrap(),
        None => creds,
    }
}

// ------------------------------------------------------------------ times

/// The signing time of the S3 documentation's SigV4 examples
/// (`20130524T000000Z`).
pub fn example_time() -> SigningTime {
    SigningTime::from_amz_date("20130524T000000Z").unwrap()
}

/// A signing time from seconds since the Unix epoch.
pub fn unix_time(secs: i64) -> SigningTime {
    SigningTime::from_unix(secs).unwrap()
}

/// A botocore case's `time` (Unix seconds with a fraction, which botocore
/// truncates).
pub fn botocore_time(c: &Value) -> SigningTime {
    unix_time(c["time"].as_f64().unwrap().floor() as i64)
}

/// An HTTP date as the SigV2 pages print it:
/// `Tue, 27 Mar 2007 19:36:42 +0000` → seconds since the epoch, and
/// whether the zone was written `+0000`.
pub fn parse_http_date(s: &str) -> (i64, awssig::v2::DateFormat) {
    let p: Vec<&str> = s.split([' ', ':']).collect();
    let day: i64 = p[1].parse().unwrap();
    let month = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]
    .iter()
    .position(|m| *m == p[2])
    .unwrap() as u8
        + 1;
    let year: i32 = p[3].parse().unwrap();
    let (h, m, sec): (u8, u8, u8) = (
        p[4].parse().unwrap(),
        p[5].parse().unwrap(),
        p[6].parse().unwrap(),
    );
    let date =
        time::Date::from_calendar_date(year, time::Month::try_from(month).unwrap(), day as u8)
            .unwrap();
    let t =
        time::PrimitiveDateTime::new(date, time::Time::from_hms(h, m, sec).unwrap()).assume_utc();
    let format = match p[7] {
        "+0000" => awssig::v2::DateFormat::NumericOffset,
        "GMT" => awssig::v2::DateFormat::Gmt,
        z => panic!("zone {z}"),
    };
    (t.unix_timestamp(), format)
}

// ------------------------------------------------------------- assertions

/// Asserts that verification refused with `ErrorKind::Rejected` and S3's
/// `code`; returns the error for checks on its wording.
#[track_caller]
pub fn rejected(r: awssig::Result<awssig::verify::Verified>, code: S3ErrorCode) -> awssig::Error {
    let e = r.expect_err("must be rejected");
    assert_eq!(e.kind(), ErrorKind::Rejected, "{e}");
    assert_eq!(e.s3_code(), Some(code), "{e}");
    e
}

// ------------------------------------------------------------- tests/data

pub fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data")
}

pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

pub fn read_json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&read(path)).unwrap_or_else(|e| panic!("parsing {}: {e}", path.display()))
}

/// Case directories below `dir` (sorted), each holding `marker`.
pub fn case_dirs(dir: &Path, marker: impl Fn(&Path) -> bool) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        if marker(&d) {
            out.push(d.clone());
        }
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            if e.path().is_dir() {
                stack.push(e.path());
            }
        }
    }
    out.sort();
    out
}

/// A request as the suites write it: `METHOD target HTTP/1.1`, headers
/// (with obs-fold continuation lines), blank line, body.
#[derive(Debug, Clone)]
pub struct RawRequest {
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl RawRequest {
    pub fn parse(text: &str) -> RawRequest {
        let text = text.replace("\r\n", "\n");
        let (head, body) = match text.find("\n\n") {
            Some(i) => (&text[..i], text.as_bytes()[i + 2..].to_vec()),
            None => (text.as_str(), Vec::new()),
        };
        let mut lines = head.lines();
        let request_line = lines.next().expect("request line");
        // The target may hold spaces (get-space): method is before the first
        // space, the version after the last.
        let first = request_line.find(' ').expect("method");
        let last = request_line.rfind(' ').expect("version");
        let method = request_line[..first].to_string();
        let target = &request_line[first + 1..last];
        let (path, query) = match target.find('?') {
            Some(i) => (target[..i].to_string(), Some(target[i + 1..].to_string())),
            None => (target.to_string(), None),
        };
        let mut headers: Vec<(String, String)> = Vec::new();
        for line in lines {
            if line.starts_with(' ') || line.starts_with('\t') {
                // obs-fold: the line continues the previous value (RFC 9112
                // §5.2 replaces the fold with a space).
                let last = headers.last_mut().expect("continuation after a header");
                last.1.push(' ');
                last.1.push_str(line.trim());
                continue;
            }
            let colon = line.find(':').expect("header colon");
            headers.push((line[..colon].to_string(), line[colon + 1..].to_string()));
        }
        RawRequest {
            method,
            path,
            query,
            headers,
            body,
        }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn header_refs(&self) -> Vec<(&str, &str)> {
        self.headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect()
    }
}

/// A case's string field `k`; a missing one panics naming the case's `id`.
pub fn field<'a>(c: &'a Value, k: &str) -> &'a str {
    c[k].as_str().unwrap_or_else(|| panic!("{}: {k}", c["id"]))
}

/// A JSON array of strings.
pub fn json_strs(v: &Value) -> Vec<&str> {
    v.as_array()
        .unwrap_or_else(|| panic!("not an array: {v}"))
        .iter()
        .map(|x| x.as_str().unwrap_or_else(|| panic!("not a string: {x}")))
        .collect()
}

/// A JSON array of `[name, value]` string pairs.
pub fn json_pairs(v: &Value) -> Vec<(String, String)> {
    v.as_array()
        .unwrap_or_else(|| panic!("not an array of pairs: {v}"))
        .iter()
        .map(|p| {
            let s = |x: &Value| {
                x.as_str()
                    .unwrap_or_else(|| panic!("not a string pair: {p}"))
                    .to_string()
            };
            (s(&p[0]), s(&p[1]))
        })
        .collect()
}

/// Borrowed `(name, value)` pairs, as the signing and verifying APIs take.
pub fn str_pairs(pairs: &[(String, String)]) -> Vec<(&str, &str)> {
    pairs
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect()
}

/// `2015-08-30T12:36:00Z` → `20150830T123600Z`
pub fn iso_to_amz(iso: &str) -> String {
    iso.chars().filter(|c| *c != '-' && *c != ':').collect()
}

/// Splits a query string into its raw `name=value` parts, sorted (a multiset).
pub fn query_set(query: &str) -> Vec<String> {
    let mut v: Vec<String> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(String::from)
        .collect();
    v.sort();
    v
}

/// Asserts equality, naming the case and step on failure.
#[track_caller]
pub fn check(case: &str, step: &str, got: &str, want: &str, failures: &mut Vec<String>) {
    if got != want {
        failures.push(format!(
            "case {case}, step {step}:\n--- expected\n{want}\n--- got\n{got}\n"
        ));
    }
}

pub fn finish(failures: Vec<String>, ran: usize) {
    if !failures.is_empty() {
        panic!(
            "{} of {ran} checks failed:\n\n{}",
            failures.len(),
            failures.join("\n")
        );
    }
    assert!(ran > 0, "no case ran");
}

/// xorshift64*: deterministic test data, splits and mutations.
pub struct Rng(pub u64);

impl Rng {
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}
