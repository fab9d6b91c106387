//! A replaying [`HttpClient`] for smithy-rs's recorded HTTP traffic
//! (`http-traffic.json`, the format of `aws-smithy-http-client`'s
//! `test_util::dvr`: `{"events": [{"connection_id", "action": {Request |
//! Data | Eof | Response}}], "docs", "version": "V0"}`).
//!
//! Each connection of the recording is one exchange, in the order its
//! request was recorded. URIs are compared as HTTP sees them: an empty path
//! is `/`, and the query's parameters in any order (the recordings
//! themselves put `account_id` and `role_name` in either order). Every request sent is answered with the next
//! exchange's response; the test panics (listing the difference) when the
//! request's method or URI differs from the recorded one, or when no
//! exchange is left. [`ReplayingClient::assert_done`] checks at the end
//! that every recorded request was sent.

use std::collections::VecDeque;
use std::path::Path;
use std::sync::Mutex;

use awssig::credentials::io::{HttpClient, HttpResponseBuf, Timeouts};
use awssig::credentials::HttpRequest;
use base64::Engine as _;
use serde_json::Value;

/// One recorded exchange: the request as recorded and its answer.
#[derive(Clone, Debug)]
pub struct Exchange {
    /// The recorded method (`GET`, `PUT`, `POST`).
    pub method: String,
    /// The recorded URI.
    pub uri: String,
    /// The recorded request headers (name, value), in file order.
    pub headers: Vec<(String, String)>,
    /// The recorded request body (the `Data` events sent with the request).
    pub body: Vec<u8>,
    /// The recorded status and body, or the recorded connection error.
    pub response: Result<(u16, Vec<u8>), String>,
}

/// Answers requests from a recording, in order. See the module docs.
#[derive(Debug)]
pub struct ReplayingClient {
    source: String,
    pending: Mutex<VecDeque<Exchange>>,
    served: Mutex<usize>,
}

impl ReplayingClient {
    /// The recording in the `http-traffic.json` at `path`. Panics if the
    /// file cannot be read or is not that format.
    pub fn from_file(path: &Path) -> Self {
        let text = std::fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        Self::from_json(&path.display().to_string(), &text)
    }

    /// The recording in `text`; `source` names it in panic messages.
    pub fn from_json(source: &str, text: &str) -> Self {
        let doc: Value =
            serde_json::from_str(text).unwrap_or_else(|e| panic!("{source}: not JSON: {e}"));
        let events = doc["events"]
            .as_array()
            .unwrap_or_else(|| panic!("{source}: no \"events\" array"));
        let mut order: Vec<u64> = Vec::new();
        let mut partial: std::collections::HashMap<u64, Partial> = Default::default();
        for (i, event) in events.iter().enumerate() {
            let at = || format!("{source}: event {i}");
            let id = event["connection_id"]
                .as_u64()
                .unwrap_or_else(|| panic!("{}: no connection_id", at()));
            let action = event["action"]
                .as_object()
                .and_then(|o| o.iter().next())
                .unwrap_or_else(|| panic!("{}: no action", at()));
            let p = partial.entry(id).or_insert_with(|| {
                order.push(id);
                Partial::default()
            });
            match (action.0.as_str(), action.1) {
                ("Request", a) => {
                    let r = &a["request"];
                    p.method = Some(str_field(r, "method", &at()));
                    p.uri = Some(str_field(r, "uri", &at()));
                    if let Some(h) = r["headers"].as_object() {
                        for (name, values) in h {
                            for v in values.as_array().into_iter().flatten() {
                                p.headers
                                    .push((name.clone(), v.as_str().unwrap_or("").to_string()));
                            }
                        }
                    }
                }
                ("Data", a) => {
                    let bytes = body_data(&a["data"], &at());
                    match a["direction"].as_str() {
                        Some("Request") => p.request_body.extend(bytes),
                        Some("Response") => p.response_body.extend(bytes),
                        other => panic!("{}: Data direction {other:?}", at()),
                    }
                }
                ("Response", a) => {
                    let r = &a["response"];
                    if let Some(ok) = r.get("Ok") {
                        let status = ok["status"]
                            .as_u64()
                            .and_then(|s| u16::try_from(s).ok())
                            .unwrap_or_else(|| panic!("{}: no status", at()));
                        p.status = Some(Ok(status));
                    } else if let Some(err) = r.get("Err") {
                        p.status = Some(Err(err.to_string()));
                    } else {
                        panic!("{}: a Response neither Ok nor Err", at());
                    }
                }
                ("Eof", _) => {}
                (other, _) => panic!("{}: unknown action {other}", at()),
            }
        }
        let pending = order
            .into_iter()
            .map(|id| {
                let p = partial.remove(&id).unwrap_or_default();
                let at = format!("{source}: connection {id}");
                Exchange {
                    method: p.method.unwrap_or_else(|| panic!("{at}: no Request")),
                    uri: p.uri.unwrap_or_else(|| panic!("{at}: no Request")),
                    headers: p.headers,
                    body: p.request_body,
                    response: match p.status.unwrap_or_else(|| panic!("{at}: no Response")) {
                        Ok(status) => Ok((status, p.response_body)),
                        Err(e) => Err(e),
                    },
                }
            })
            .collect();
        ReplayingClient {
            source: source.to_string(),
            pending: Mutex::new(pending),
            served: Mutex::new(0),
        }
    }

    /// The exchanges not yet replayed.
    pub fn remaining(&self) -> Vec<Exchange> {
        self.pending.lock().unwrap().iter().cloned().collect()
    }

    /// Panics, listing them, if some recorded requests were never sent.
    pub fn assert_done(&self) {
        let left = self.remaining();
        if !left.is_empty() {
            let list: Vec<String> = left
                .iter()
                .map(|e| format!("  {} {}", e.method, e.uri))
                .collect();
            panic!(
                "{}: {} recorded request(s) were never sent:\n{}",
                self.source,
                left.len(),
                list.join("\n")
            );
        }
    }
}

impl HttpClient for ReplayingClient {
    fn send(&self, request: &HttpRequest, _: &Timeouts) -> awssig::Result<HttpResponseBuf> {
        let mut served = self.served.lock().unwrap();
        let Some(next) = self.pending.lock().unwrap().pop_front() else {
            panic!(
                "{}: request #{} {} {} was not recorded (the recording has {} request(s))",
                self.source,
                *served + 1,
                request.method(),
                request.url(),
                *served
            );
        };
        *served += 1;
        let mut differences = Vec::new();
        if next.method != request.method() {
            differences.push(format!(
                "  method: recorded {}, sent {}",
                next.method,
                request.method()
            ));
        }
        if same_target(&next.uri) != same_target(request.url()) {
            differences.push(format!(
                "  uri: recorded {}, sent {}",
                next.uri,
                request.url()
            ));
        }
        if !differences.is_empty() {
            panic!(
                "{}: request #{} differs from the recording:\n{}",
                self.source,
                *served,
                differences.join("\n")
            );
        }
        match next.response {
            Ok((status, body)) => Ok(HttpResponseBuf::new(status, body)),
            Err(e) => Err(awssig::Error::credential_source(
                &format!("{} {}", request.method(), request.url()),
                format!("recorded connection error {e}"),
            )),
        }
    }
}

/// The URI with an empty path written `/` and the query's pairs sorted.
fn same_target(uri: &str) -> String {
    let (base, query) = uri.split_once('?').unwrap_or((uri, ""));
    let after_scheme = base.find("://").map_or(0, |i| i + 3);
    let base = if base[after_scheme..].contains('/') {
        base.to_string()
    } else {
        format!("{base}/")
    };
    let mut pairs: Vec<&str> = query.split('&').filter(|p| !p.is_empty()).collect();
    pairs.sort_unstable();
    format!("{base}?{}", pairs.join("&"))
}

#[derive(Default)]
struct Partial {
    method: Option<String>,
    uri: Option<String>,
    headers: Vec<(String, String)>,
    request_body: Vec<u8>,
    status: Option<Result<u16, String>>,
    response_body: Vec<u8>,
}

fn str_field(v: &Value, key: &str, at: &str) -> String {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("{at}: no {key}"))
        .to_string()
}

/// `{"Utf8": "..."}` or `{"Base64": "..."}`.
fn body_data(v: &Value, at: &str) -> Vec<u8> {
    if let Some(s) = v["Utf8"].as_str() {
        s.as_bytes().to_vec()
    } else if let Some(s) = v["Base64"].as_str() {
        base64::engine::general_purpose::STANDARD
            .decode(s)
            .unwrap_or_else(|e| panic!("{at}: bad Base64 data: {e}"))
    } else {
        panic!("{at}: data neither Utf8 nor Base64: {v}")
    }
}
