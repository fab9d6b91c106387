//! A real HTTP client (ureq) for the S3-style services under test
//! (`tests/tower.rs`, `tests/verify_service.rs`): any status is an
//! answer, headers and body kept, and the `<Code>` of an S3 error read.

use std::time::Duration;

/// An answer: status, headers, body.
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Resp {
    /// The first value of header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body as text (lossy).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The `<Code>` of an S3 XML error body ("" if none).
    pub fn code(&self) -> String {
        let t = self.text();
        match (t.find("<Code>"), t.find("</Code>")) {
            (Some(a), Some(b)) if a + 6 <= b => t[a + 6..b].to_string(),
            _ => String::new(),
        }
    }
}

/// An agent that returns every status as an answer and never redirects.
pub fn agent() -> ureq::Agent {
    ureq::config::Config::builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .new_agent()
}

/// Sends one request; panics with the method and URL if the transport fails.
pub fn send(
    agent: &ureq::Agent,
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: Option<&[u8]>,
) -> Resp {
    let mut b = ureq::http::Request::builder().method(method).uri(url);
    for (n, v) in headers {
        b = b.header(*n, *v);
    }
    let res = match body {
        Some(body) => agent.run(b.body(body).expect("request")),
        None => agent.run(b.body(()).expect("request")),
    };
    let mut res = res.unwrap_or_else(|e| panic!("{method} {url}: {e}"));
    let status = res.status().as_u16();
    let headers = res
        .headers()
        .iter()
        .map(|(n, v)| {
            (
                n.to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let body = if method == "HEAD" {
        Vec::new()
    } else {
        res.body_mut().read_to_vec().expect("read body")
    };
    Resp {
        status,
        headers,
        body,
    }
}
