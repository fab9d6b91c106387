//! Sends a credential source's [`HttpRequest`] with ureq (plain HTTP to
//! 127.0.0.1 in the end-to-end tests) and returns the status and body.

use std::time::Duration;

use awssig::credentials::HttpRequest;

/// Sends `req` as it is (method, URL, headers in order, body); ureq adds
/// `Host` from the URL and `Content-Length`. Any status is an answer.
pub fn send(req: &HttpRequest) -> Result<(u16, Vec<u8>), String> {
    let config = ureq::config::Config::builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(Duration::from_secs(30)))
        .build();
    let agent = ureq::Agent::new_with_config(config);
    let mut b = ureq::http::Request::builder()
        .method(req.method())
        .uri(req.url());
    for (n, v) in req.headers() {
        b = b.header(n.as_str(), v.as_str());
    }
    let what = format!("{} {}", req.method(), req.url());
    let request = b
        .body(req.body().to_vec())
        .map_err(|e| format!("{what}: {e}"))?;
    let mut res = agent.run(request).map_err(|e| format!("{what}: {e}"))?;
    let status = res.status().as_u16();
    let body = res
        .body_mut()
        .with_config()
        .limit(1 << 20)
        .read_to_vec()
        .map_err(|e| format!("{what}: reading the body: {e}"))?;
    Ok((status, body))
}
