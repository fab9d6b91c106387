//! Adapters for the [`http`] crate (1.x), feature `http`.
//!
//! A thin layer over [`v4::Signer`] and [`verify`]: it reads the method,
//! the URI's path and query *as sent* and the headers out of an
//! [`http::Request`] (or its [`Parts`]), signs with the
//! same code as everything else, and writes the result back into the
//! request.
//!
//! * [`sign`] / [`sign_body`]: SigV4 header signing; adds `x-amz-date`,
//!   `authorization` (and `x-amz-content-sha256`, `x-amz-security-token`
//!   when they apply) to the request's headers.
//! * [`presign`]: SigV4 query signing; rewrites the request's URI to the
//!   presigned one.
//! * [`RequestParts`]: the borrowed view, giving a [`v4::Request`] and, on
//!   the server side, a [`verify::Incoming`].
//!
//! The signed `Host` is the request's `Host` header, or else the URI's
//! authority without user info and without the scheme's default port (what
//! hyper and reqwest send).
//!
//! ```
//! use awssig::{Credentials, SigningTime};
//! use awssig::v4::{Payload, Signer, SigningSettings};
//! use awssig::verify::Verifier;
//!
//! let creds = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")?;
//! let signer = Signer::new(creds, SigningSettings::s3("us-east-1"))?;
//! let t = SigningTime::from_amz_date("20240101T000000Z")?;
//!
//! // Client side: sign an http::Request in place.
//! let mut req = http::Request::put("https://b-1.s3.amazonaws.com/notes.txt")
//!     .header("content-type", "text/plain")
//!     .body(b"hello".to_vec())
//!     .expect("request");
//! awssig::http::sign_body(&signer, &mut req, t)?;
//! assert!(req.headers()["authorization"].to_str().is_ok_and(|a| a.starts_with("AWS4-HMAC-SHA256 ")));
//!
//! // Server side: verify it from its parts.
//! let (parts, body) = req.into_parts();
//! let view = awssig::http::RequestParts::new(&parts)?;
//! let lookup = |_: &str| Some("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY".to_string());
//! let ok = Verifier::s3().verify(&view.incoming().payload(Payload::Bytes(&body)), t, lookup)?;
//! assert_eq!(ok.signed_headers(), ["content-type", "host", "x-amz-content-sha256", "x-amz-date"]);
//! # Ok::<(), awssig::Error>(())
//! ```

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use ::http::header::{HeaderMap, HeaderName, HeaderValue};
use ::http::request::Parts;
use ::http::uri::{PathAndQuery, Uri};
use ::http::Method;

use crate::error::{Error, ErrorKind, Result};
use crate::time::SigningTime;
use crate::v4::{self, Payload, Signer};
use crate::verify;

/// A request's method, path, query and headers, borrowed from an
/// [`http::Request`] or its [`Parts`], ready to sign or
/// verify.
///
/// ```
/// let req = http::Request::get("http://example.com:80/a%20b?x=1").body(()).expect("request");
/// let view = awssig::http::RequestParts::from_request(&req)?;
/// assert_eq!((view.method(), view.path(), view.query()), ("GET", "/a%20b", "x=1"));
/// assert_eq!(view.headers(), [("host", "example.com")]);
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct RequestParts<'a> {
    method: &'a str,
    target: &'a str,
    path: &'a str,
    query: &'a str,
    headers: Vec<(&'a str, &'a str)>,
}

impl<'a> RequestParts<'a> {
    /// The view of a request's parts (e.g. what a server framework hands
    /// over). Fails if a header value is not UTF-8.
    ///
    /// ```
    /// let (parts, _body) = http::Request::get("/k?versionId=3")
    ///     .header("host", "b-1.s3.amazonaws.com")
    ///     .body(())
    ///     .expect("request")
    ///     .into_parts();
    /// let view = awssig::http::RequestParts::new(&parts)?;
    /// assert_eq!(view.incoming().query(), "versionId=3");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn new(parts: &'a Parts) -> Result<Self> {
        Self::from_pieces(&parts.method, &parts.uri, &parts.headers)
    }

    /// The view of a whole request (its body is not read).
    ///
    /// ```
    /// let req = http::Request::delete("https://b-1.s3.amazonaws.com/k").body(()).expect("request");
    /// let view = awssig::http::RequestParts::from_request(&req)?;
    /// assert_eq!(view.v4_request().method(), "DELETE");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn from_request<B>(request: &'a ::http::Request<B>) -> Result<Self> {
        Self::from_pieces(request.method(), request.uri(), request.headers())
    }

    fn from_pieces(method: &'a Method, uri: &'a Uri, headers: &'a HeaderMap) -> Result<Self> {
        let mut pairs = Vec::with_capacity(headers.len() + 1);
        for (name, value) in headers {
            let value = core::str::from_utf8(value.as_bytes()).map_err(|_| {
                Error::new(
                    ErrorKind::InvalidHeaderValue,
                    format!("the value of header {:?} is not UTF-8", name.as_str()),
                )
            })?;
            pairs.push((name.as_str(), value));
        }
        if !headers.contains_key(::http::header::HOST) {
            if let Some(host) = uri_host(uri) {
                pairs.push(("host", host));
            }
        }
        let target = uri.path_and_query().map_or("/", PathAndQuery::as_str);
        Ok(RequestParts {
            method: method.as_str(),
            target,
            path: uri.path(),
            query: uri.query().unwrap_or(""),
            headers: pairs,
        })
    }

    /// The method.
    ///
    /// ```
    /// let req = http::Request::post("http://h/").body(()).expect("request");
    /// assert_eq!(awssig::http::RequestParts::from_request(&req)?.method(), "POST");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn method(&self) -> &'a str {
        self.method
    }

    /// The path as sent (still percent-encoded).
    ///
    /// ```
    /// let req = http::Request::get("http://h/a%2Fb").body(()).expect("request");
    /// assert_eq!(awssig::http::RequestParts::from_request(&req)?.path(), "/a%2Fb");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn path(&self) -> &'a str {
        self.path
    }

    /// The query as sent, without `?` (empty if none).
    ///
    /// ```
    /// let req = http::Request::get("http://h/?acl").body(()).expect("request");
    /// assert_eq!(awssig::http::RequestParts::from_request(&req)?.query(), "acl");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn query(&self) -> &'a str {
        self.query
    }

    /// The headers (lowercase name, value), with `host` taken from the URI
    /// when the request has no `Host` header.
    ///
    /// ```
    /// let req = http::Request::get("https://user@B-1.example.com:443/").header("x-amz-meta-a", "1").body(()).expect("request");
    /// let view = awssig::http::RequestParts::from_request(&req)?;
    /// assert_eq!(view.headers(), [("x-amz-meta-a", "1"), ("host", "B-1.example.com")]);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn headers(&self) -> &[(&'a str, &'a str)] {
        &self.headers
    }

    /// The request to sign (payload [`Payload::Empty`] until set).
    ///
    /// ```
    /// use awssig::{Credentials, SigningTime, v4::{Payload, Signer, SigningSettings}};
    /// let req = http::Request::get("https://example.amazonaws.com/").body(()).expect("request");
    /// let view = awssig::http::RequestParts::from_request(&req)?;
    /// let signer = Signer::new(
    ///     Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")?,
    ///     SigningSettings::new("service", "us-east-1"),
    /// )?;
    /// let signed = signer.sign_headers(&view.v4_request().payload(Payload::Empty), SigningTime::from_amz_date("20150830T123600Z")?)?;
    /// // The AWS suite's get-vanilla.
    /// assert_eq!(signed.signature(), "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn v4_request(&self) -> v4::Request<'_> {
        v4::Request::new(self.method, self.path)
            .raw_query(self.query)
            .headers(&self.headers)
    }

    /// The request as a server received it, to verify.
    ///
    /// ```
    /// let req = http::Request::get("/k?X-Amz-Date=1").header("host", "h").body(()).expect("request");
    /// let view = awssig::http::RequestParts::from_request(&req)?;
    /// assert_eq!(view.incoming().path(), "/k");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn incoming(&self) -> verify::Incoming<'_> {
        verify::Incoming::new(self.method, self.target, &self.headers)
    }
}

/// The URI's authority without user info or the scheme's default port.
fn uri_host(uri: &Uri) -> Option<&str> {
    let authority = uri.authority()?.as_str();
    let host = authority.rsplit('@').next().unwrap_or(authority);
    let default = match uri.scheme_str() {
        Some(s) if s.eq_ignore_ascii_case("https") => ":443",
        Some(s) if s.eq_ignore_ascii_case("http") => ":80",
        _ => "",
    };
    Some(
        host.strip_suffix(default)
            .filter(|_| !default.is_empty())
            .unwrap_or(host),
    )
}

/// Signs `request` (SigV4, `Authorization` header) and adds the signature's
/// headers to it; `payload` says what to sign for the body
/// ([`Payload::Unsigned`], a precomputed [`Payload::Sha256Hex`], …; see
/// [`sign_body`] to hash the body itself).
///
/// ```
/// use awssig::{Credentials, SigningTime};
/// use awssig::v4::{Payload, Signer, SigningSettings};
/// let signer = Signer::new(Credentials::new("AKID", "secret")?, SigningSettings::s3("us-east-1"))?;
/// let mut req = http::Request::get("https://b-1.s3.amazonaws.com/k").body(()).expect("request");
/// awssig::http::sign(&signer, &mut req, Payload::Unsigned, SigningTime::from_unix(0)?)?;
/// assert_eq!(req.headers()["x-amz-date"], "19700101T000000Z");
/// assert_eq!(req.headers()["x-amz-content-sha256"], "UNSIGNED-PAYLOAD");
/// # Ok::<(), awssig::Error>(())
/// ```
pub fn sign<B>(
    signer: &Signer,
    request: &mut ::http::Request<B>,
    payload: Payload<'_>,
    time: SigningTime,
) -> Result<()> {
    let signed = {
        let view = RequestParts::from_request(request)?;
        signer.sign_headers(&view.v4_request().payload(payload), time)?
    };
    add_headers(request.headers_mut(), signed.iter())
}

/// Signs `request` with its body hashed into the signature
/// ([`Payload::Bytes`]) and adds the signature's headers.
///
/// ```
/// use awssig::{Credentials, SigningTime};
/// use awssig::v4::{Signer, SigningSettings};
/// let signer = Signer::new(Credentials::new("AKID", "secret")?, SigningSettings::s3("us-east-1"))?;
/// let mut req = http::Request::put("https://b-1.s3.amazonaws.com/k").body("hello").expect("request");
/// awssig::http::sign_body(&signer, &mut req, SigningTime::from_unix(0)?)?;
/// assert_eq!(req.headers()["x-amz-content-sha256"], "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
/// # Ok::<(), awssig::Error>(())
/// ```
pub fn sign_body<B: AsRef<[u8]>>(
    signer: &Signer,
    request: &mut ::http::Request<B>,
    time: SigningTime,
) -> Result<()> {
    let signed = {
        let view = RequestParts::from_request(request)?;
        let req = view
            .v4_request()
            .payload(Payload::Bytes(request.body().as_ref()));
        signer.sign_headers(&req, time)?
    };
    add_headers(request.headers_mut(), signed.iter())
}

/// Presigns `request` for `expires_in` seconds (1..=604800): its URI
/// becomes the presigned URL (its own query first, then the `X-Amz-*`
/// parameters). Headers it carries besides `Host` are signed and must be
/// sent with the URL. For S3 use [`Payload::Unsigned`].
///
/// ```
/// use awssig::{Credentials, SigningTime};
/// use awssig::v4::{Payload, Signer, SigningSettings};
/// let signer = Signer::new(Credentials::new("AKID", "secret")?, SigningSettings::s3("us-east-1"))?;
/// let mut req = http::Request::get("https://b-1.s3.amazonaws.com/k?versionId=7").body(()).expect("request");
/// awssig::http::presign(&signer, &mut req, Payload::Unsigned, SigningTime::from_unix(0)?, 300)?;
/// let url = req.uri().to_string();
/// assert!(url.starts_with("https://b-1.s3.amazonaws.com/k?versionId=7&X-Amz-Algorithm=AWS4-HMAC-SHA256&"));
/// assert!(url.contains("&X-Amz-Expires=300&X-Amz-SignedHeaders=host&X-Amz-Signature="));
/// # Ok::<(), awssig::Error>(())
/// ```
pub fn presign<B>(
    signer: &Signer,
    request: &mut ::http::Request<B>,
    payload: Payload<'_>,
    time: SigningTime,
    expires_in: u64,
) -> Result<()> {
    let (query, path) = {
        let view = RequestParts::from_request(request)?;
        let query = signer.presign(&view.v4_request().payload(payload), time, expires_in)?;
        (query, view.path)
    };
    let mut pq = String::with_capacity(path.len() + 1 + query.as_str().len());
    pq.push_str(if path.is_empty() { "/" } else { path });
    pq.push('?');
    pq.push_str(query.as_str());
    let pq = PathAndQuery::try_from(pq).map_err(|e| {
        Error::new(
            ErrorKind::InvalidQuery,
            format!("the presigned path and query is not a valid URI part: {e}"),
        )
    })?;
    let mut parts = request.uri().clone().into_parts();
    parts.path_and_query = Some(pq);
    *request.uri_mut() = Uri::from_parts(parts).map_err(|e| {
        Error::new(
            ErrorKind::InvalidQuery,
            format!("the presigned URI is invalid: {e}"),
        )
    })?;
    Ok(())
}

fn add_headers<'h>(
    headers: &mut HeaderMap,
    signed: impl Iterator<Item = (&'static str, &'h str)>,
) -> Result<()> {
    for (name, value) in signed {
        let value = HeaderValue::from_str(value).map_err(|_| {
            Error::new(
                ErrorKind::InvalidHeaderValue,
                format!("the signed header {name} is not a valid HTTP header value"),
            )
        })?;
        let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
            Error::new(
                ErrorKind::InvalidHeaderName,
                format!("{name:?} is not a valid HTTP header name"),
            )
        })?;
        headers.insert(name, value);
    }
    Ok(())
}
