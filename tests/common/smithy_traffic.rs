//! smithy-rs's recorded HTTP traffic (`http-traffic.json` in
//! tests/data/smithy-rs-aws-config/aws-config/…): the exchanges of one
//! case, in order, each a request (method, URI, headers, body) and its
//! response (status, body).

use std::path::Path;

use serde_json::Value;

/// One recorded request and the response to it.
#[derive(Debug, Clone, Default)]
pub struct Exchange {
    pub method: String,
    pub uri: String,
    /// Names as recorded; each value as recorded (smithy-rs records lists).
    pub headers: Vec<(String, String)>,
    pub request_body: String,
    pub status: u16,
    pub response_body: String,
}

impl Exchange {
    /// The first value of a header, the name matched without case.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn utf8(data: &Value) -> String {
    data["Utf8"]
        .as_str()
        .unwrap_or_else(|| panic!("only Utf8 data is expected here: {data}"))
        .to_string()
}

/// The exchanges of `case_dir/http-traffic.json`, in recorded order.
pub fn exchanges(case_dir: &Path) -> Vec<Exchange> {
    let doc = super::read_json(&case_dir.join("http-traffic.json"));
    let mut out: Vec<Exchange> = Vec::new();
    for event in doc["events"].as_array().expect("events") {
        let action = &event["action"];
        if let Some(r) = action.get("Request") {
            let r = &r["request"];
            let mut headers = Vec::new();
            for (name, values) in r["headers"].as_object().expect("headers") {
                for v in values.as_array().expect("header values") {
                    headers.push((name.clone(), v.as_str().expect("header value").to_string()));
                }
            }
            out.push(Exchange {
                method: r["method"].as_str().expect("method").to_string(),
                uri: r["uri"].as_str().expect("uri").to_string(),
                headers,
                ..Exchange::default()
            });
        } else if let Some(d) = action.get("Data") {
            let last = out.last_mut().expect("data before a request");
            match d["direction"].as_str() {
                Some("Request") => last.request_body.push_str(&utf8(&d["data"])),
                Some("Response") => last.response_body.push_str(&utf8(&d["data"])),
                other => panic!("unknown direction {other:?}"),
            }
        } else if let Some(r) = action.get("Response") {
            let last = out.last_mut().expect("response before a request");
            last.status = r["response"]["Ok"]["status"]
                .as_u64()
                .unwrap_or_else(|| panic!("a response without a status: {r}"))
                as u16;
        }
    }
    out
}

/// `name=value` pairs of a form body, decoded (`%XX`; the SDKs never
/// write `+`).
pub fn form_pairs(body: &str) -> Vec<(String, String)> {
    let decode = |s: &str| {
        let b = s.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'%' {
                out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).expect("hex escape"));
                i += 3;
            } else {
                out.push(b[i]);
                i += 1;
            }
        }
        String::from_utf8(out).expect("UTF-8 form value")
    };
    body.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (n, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(n), decode(v))
        })
        .collect()
}
