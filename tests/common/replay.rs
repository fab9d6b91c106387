//! A replaying [`HttpClient`] for smithy-rs's recorded HTTP traffic,
//! read by [`super::recorded_traffic`] (one exchange per connection, in
//! recorded order).
//!
//! URIs are compared as HTTP sees them ([`same_target`]): an empty path is
//! `/`, and the query's parameters in any order (the recordings themselves
//! put `account_id` and `role_name` in either order). Every request sent
//! is answered with the next exchange's response; the test panics
//! (listing the difference) when the request's method or URI differs from
//! the recorded one, or when no exchange is left.
//! [`ReplayingClient::assert_done`] checks at the end that every recorded
//! request was sent.

use std::collections::VecDeque;
use std::path::Path;
use std::sync::Mutex;

use awssig::credentials::io::{HttpClient, HttpResponseBuf, Timeouts};
use awssig::credentials::HttpRequest;

use super::recorded_traffic::{parse, same_target, Exchange};

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
        ReplayingClient {
            source: source.to_string(),
            pending: Mutex::new(parse(source, text).into()),
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
