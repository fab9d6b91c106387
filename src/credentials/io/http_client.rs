//! The trait a credential source's HTTP exchange runs through, its
//! per-request timeouts, and the owned response it hands back.

use alloc::sync::Arc;
use alloc::vec::Vec;
use core::fmt;
use core::time::Duration;
use zeroize::Zeroizing;

use crate::credentials::{HttpRequest, HttpResponse};
use crate::error::Result;

/// Sends a credential source's [`HttpRequest`] and returns the response.
///
/// Any status is a response (a 404 or a 500 is for the source's parser to
/// judge); an error means no response came: the name did not resolve, the
/// connection or TLS failed, a timeout passed, the body was too large.
/// Errors are [`ErrorKind::CredentialSource`](crate::ErrorKind) and name
/// the request (method and URL, never a header value or the body).
///
/// [`BlockingClient`](super::BlockingClient) is the default; implement
/// this for your own (a test double, a client with your proxy or roots):
///
/// ```
/// use awssig::credentials::HttpRequest;
/// use awssig::credentials::io::{HttpClient, HttpResponseBuf, Timeouts};
///
/// struct Canned;
/// impl HttpClient for Canned {
///     fn send(&self, request: &HttpRequest, _: &Timeouts) -> awssig::Result<HttpResponseBuf> {
///         match request.url() {
///             "http://169.254.169.254/latest/api/token" => Ok(HttpResponseBuf::new(200, b"TOKEN".to_vec())),
///             other => Err(awssig::Error::credential_source("canned", format!("no answer for {other}"))),
///         }
///     }
/// }
/// let req = HttpRequest::new("PUT", "http://169.254.169.254/latest/api/token");
/// let res = Canned.send(&req, &Timeouts::metadata())?;
/// assert_eq!(res.as_response().body(), b"TOKEN");
/// # Ok::<(), awssig::Error>(())
/// ```
pub trait HttpClient: Send + Sync {
    /// Sends `request`, giving up as `timeouts` say.
    ///
    /// ```
    /// use awssig::credentials::{io::{BlockingClient, HttpClient, Timeouts}, HttpRequest};
    /// // Nothing listens on port 9 of the loopback address.
    /// let req = HttpRequest::new("GET", "http://127.0.0.1:9/");
    /// let err = BlockingClient::new().send(&req, &Timeouts::metadata()).unwrap_err();
    /// assert!(err.to_string().starts_with("GET http://127.0.0.1:9/: "));
    /// ```
    fn send(&self, request: &HttpRequest, timeouts: &Timeouts) -> Result<HttpResponseBuf>;
}

impl<T: HttpClient + ?Sized> HttpClient for &T {
    fn send(&self, request: &HttpRequest, timeouts: &Timeouts) -> Result<HttpResponseBuf> {
        (**self).send(request, timeouts)
    }
}

impl<T: HttpClient + ?Sized> HttpClient for alloc::boxed::Box<T> {
    fn send(&self, request: &HttpRequest, timeouts: &Timeouts) -> Result<HttpResponseBuf> {
        (**self).send(request, timeouts)
    }
}

impl<T: HttpClient + ?Sized> HttpClient for Arc<T> {
    fn send(&self, request: &HttpRequest, timeouts: &Timeouts) -> Result<HttpResponseBuf> {
        (**self).send(request, timeouts)
    }
}

/// How long one request may take: to connect (name resolution, TCP and
/// TLS), and in all (connecting, sending, and receiving the whole body).
///
/// The instance and container metadata endpoints are link-local and
/// answer at once or not at all, and the chain must move on quickly when
/// they are absent: use [`Timeouts::metadata`]. STS, the SSO portal and
/// other remote endpoints get [`Timeouts::default`].
///
/// ```
/// use std::time::Duration;
/// use awssig::credentials::io::Timeouts;
/// let t = Timeouts::default().with_connect(Duration::from_secs(2));
/// assert_eq!(t.connect(), Duration::from_secs(2));
/// assert_eq!(t.total(), Duration::from_secs(30));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Timeouts {
    connect: Duration,
    total: Duration,
}

impl Default for Timeouts {
    /// Remote endpoints (STS, the SSO portal): 5 s to connect, 30 s in all.
    ///
    /// ```
    /// use std::time::Duration;
    /// let t = awssig::credentials::io::Timeouts::default();
    /// assert_eq!((t.connect(), t.total()), (Duration::from_secs(5), Duration::from_secs(30)));
    /// ```
    fn default() -> Self {
        Timeouts {
            connect: Duration::from_secs(5),
            total: Duration::from_secs(30),
        }
    }
}

impl Timeouts {
    /// The link-local metadata endpoints (EC2 IMDS, ECS and EKS Pod
    /// Identity container credentials): 1 s to connect, 2 s in all, as the
    /// SDKs allow them (botocore: 1 s for IMDS, 2 s for containers).
    ///
    /// ```
    /// use std::time::Duration;
    /// let t = awssig::credentials::io::Timeouts::metadata();
    /// assert_eq!((t.connect(), t.total()), (Duration::from_secs(1), Duration::from_secs(2)));
    /// ```
    pub fn metadata() -> Self {
        Timeouts {
            connect: Duration::from_secs(1),
            total: Duration::from_secs(2),
        }
    }

    /// Sets how long connecting may take (name resolution, TCP, TLS).
    ///
    /// ```
    /// use std::time::Duration;
    /// let t = awssig::credentials::io::Timeouts::metadata().with_connect(Duration::from_millis(500));
    /// assert_eq!(t.connect(), Duration::from_millis(500));
    /// ```
    #[must_use]
    pub fn with_connect(mut self, connect: Duration) -> Self {
        self.connect = connect;
        self
    }

    /// Sets how long the whole exchange may take, body included.
    ///
    /// ```
    /// use std::time::Duration;
    /// let t = awssig::credentials::io::Timeouts::default().with_total(Duration::from_secs(60));
    /// assert_eq!(t.total(), Duration::from_secs(60));
    /// ```
    #[must_use]
    pub fn with_total(mut self, total: Duration) -> Self {
        self.total = total;
        self
    }

    /// How long connecting may take.
    ///
    /// ```
    /// # use std::time::Duration;
    /// assert_eq!(awssig::credentials::io::Timeouts::metadata().connect(), Duration::from_secs(1));
    /// ```
    pub fn connect(&self) -> Duration {
        self.connect
    }

    /// How long the whole exchange may take.
    ///
    /// ```
    /// # use std::time::Duration;
    /// assert_eq!(awssig::credentials::io::Timeouts::metadata().total(), Duration::from_secs(2));
    /// ```
    pub fn total(&self) -> Duration {
        self.total
    }
}

/// A response as a client received it: the status and the body, owned.
///
/// The body of a credentials response holds secrets, so it lives in a
/// buffer that is zeroed when dropped, and `Debug` shows only its length.
/// [`HttpResponseBuf::as_response`] lends it to a source's parser.
///
/// ```
/// use awssig::credentials::io::HttpResponseBuf;
/// let res = HttpResponseBuf::new(200, br#"{"SecretAccessKey":"s3cr3t"}"#.to_vec());
/// assert_eq!(res.status(), 200);
/// assert!(res.as_response().is_success());
/// assert!(!format!("{res:?}").contains("s3cr3t"));
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct HttpResponseBuf {
    status: u16,
    body: Zeroizing<Vec<u8>>,
}

impl HttpResponseBuf {
    /// A response with this status and body (taken over, not copied).
    ///
    /// ```
    /// let res = awssig::credentials::io::HttpResponseBuf::new(404, b"not found".to_vec());
    /// assert_eq!(res.body(), b"not found");
    /// ```
    pub fn new(status: u16, body: impl Into<Zeroizing<Vec<u8>>>) -> Self {
        HttpResponseBuf {
            status,
            body: body.into(),
        }
    }

    /// The HTTP status code.
    ///
    /// ```
    /// assert_eq!(awssig::credentials::io::HttpResponseBuf::new(401, Vec::new()).status(), 401);
    /// ```
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The body bytes.
    ///
    /// ```
    /// assert_eq!(awssig::credentials::io::HttpResponseBuf::new(200, b"x".to_vec()).body(), b"x");
    /// ```
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The response borrowed as the sources' parsers take it.
    ///
    /// ```
    /// use awssig::credentials::{io::HttpResponseBuf, HttpResponse};
    /// let owned = HttpResponseBuf::new(500, b"busy".to_vec());
    /// let res: HttpResponse<'_> = owned.as_response();
    /// assert_eq!((res.status(), res.body()), (500, &b"busy"[..]));
    /// ```
    pub fn as_response(&self) -> HttpResponse<'_> {
        HttpResponse::new(self.status, &self.body)
    }
}

impl fmt::Debug for HttpResponseBuf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpResponseBuf")
            .field("status", &self.status)
            .field("body_len", &self.body.len())
            .finish()
    }
}
