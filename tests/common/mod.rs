//! Shared helpers for the vector harnesses: reading `tests/data`, parsing
//! the suites' raw HTTP request files.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

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
