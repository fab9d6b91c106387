//! The HTTP exchange a credential source needs, as plain data: the sources
//! build an [`HttpRequest`] and parse an [`HttpResponse`]; whoever holds
//! the socket (the IO edge, or the caller's own client) sends one and
//! hands back the other.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use zeroize::Zeroize;

/// A request a credential source asks to have sent.
///
/// Header values and the body can hold secrets (an IMDS token, a container
/// authorization token, an SSO access token, a web identity token), so
/// `Debug` shows only the method, the URL, the header names and the body's
/// length, and the values are zeroed when the request is dropped.
///
/// ```
/// use awssig::credentials::HttpRequest;
/// let req = HttpRequest::new("PUT", "http://169.254.169.254/latest/api/token")
///     .header("x-aws-ec2-metadata-token-ttl-seconds", "21600");
/// assert_eq!(req.method(), "PUT");
/// assert_eq!(req.header_value("X-AWS-EC2-Metadata-Token-TTL-Seconds"), Some("21600"));
/// assert!(!format!("{req:?}").contains("21600"));
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    method: &'static str,
    url: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl HttpRequest {
    /// A request with no headers and no body.
    ///
    /// ```
    /// let req = awssig::credentials::HttpRequest::new("GET", "http://127.0.0.1/");
    /// assert_eq!(req.url(), "http://127.0.0.1/");
    /// assert!(req.body().is_empty());
    /// ```
    pub fn new(method: &'static str, url: impl Into<String>) -> Self {
        HttpRequest {
            method,
            url: url.into(),
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// Adds a header (sent in the order added).
    ///
    /// ```
    /// let req = awssig::credentials::HttpRequest::new("GET", "http://127.0.0.1/").header("accept", "application/json");
    /// assert_eq!(req.headers().len(), 1);
    /// ```
    #[must_use]
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sets the body.
    ///
    /// ```
    /// let req = awssig::credentials::HttpRequest::new("POST", "https://sts.amazonaws.com/").with_body("Action=GetCallerIdentity");
    /// assert_eq!(req.body(), b"Action=GetCallerIdentity");
    /// ```
    #[must_use]
    pub fn with_body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }

    /// The method (`GET`, `PUT`, `POST`).
    ///
    /// ```
    /// assert_eq!(awssig::credentials::HttpRequest::new("GET", "http://h/").method(), "GET");
    /// ```
    pub fn method(&self) -> &'static str {
        self.method
    }

    /// The absolute URL.
    ///
    /// ```
    /// assert_eq!(awssig::credentials::HttpRequest::new("GET", "http://h/x").url(), "http://h/x");
    /// ```
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The headers, in order, as given.
    ///
    /// ```
    /// let req = awssig::credentials::HttpRequest::new("GET", "http://h/").header("a", "1");
    /// assert_eq!(req.headers(), &[("a".to_string(), "1".to_string())]);
    /// ```
    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }

    /// The first value of a header, the name matched without case.
    ///
    /// ```
    /// let req = awssig::credentials::HttpRequest::new("GET", "http://h/").header("Accept", "*/*");
    /// assert_eq!(req.header_value("accept"), Some("*/*"));
    /// assert_eq!(req.header_value("host"), None);
    /// ```
    pub fn header_value(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body (empty when there is none).
    ///
    /// ```
    /// assert!(awssig::credentials::HttpRequest::new("GET", "http://h/").body().is_empty());
    /// ```
    pub fn body(&self) -> &[u8] {
        &self.body
    }
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("header_names", &names)
            .field("body_len", &self.body.len())
            .finish()
    }
}

impl Drop for HttpRequest {
    fn drop(&mut self) {
        for (_, v) in &mut self.headers {
            v.zeroize();
        }
        self.body.zeroize();
    }
}

/// A response handed back to a credential source's parser: the status and
/// the body (the sources need no response header).
///
/// ```
/// use awssig::credentials::HttpResponse;
/// let res = HttpResponse::new(200, b"{}");
/// assert_eq!(res.status(), 200);
/// assert!(res.is_success());
/// ```
#[derive(Clone, Copy)]
pub struct HttpResponse<'a> {
    status: u16,
    body: &'a [u8],
}

impl<'a> HttpResponse<'a> {
    /// A response with this status and body.
    ///
    /// ```
    /// let res = awssig::credentials::HttpResponse::new(404, b"not found");
    /// assert_eq!(res.body(), b"not found");
    /// ```
    pub fn new(status: u16, body: &'a [u8]) -> Self {
        HttpResponse { status, body }
    }

    /// The HTTP status code.
    ///
    /// ```
    /// assert_eq!(awssig::credentials::HttpResponse::new(401, b"").status(), 401);
    /// ```
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The body bytes.
    ///
    /// ```
    /// assert_eq!(awssig::credentials::HttpResponse::new(200, b"x").body(), b"x");
    /// ```
    pub fn body(&self) -> &'a [u8] {
        self.body
    }

    /// Whether the status is 2xx.
    ///
    /// ```
    /// assert!(!awssig::credentials::HttpResponse::new(500, b"").is_success());
    /// ```
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

impl fmt::Debug for HttpResponse<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The body of a credentials response holds the secret.
        f.debug_struct("HttpResponse")
            .field("status", &self.status)
            .field("body_len", &self.body.len())
            .finish()
    }
}
