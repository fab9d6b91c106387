//! AWS Signature Version 2 for S3 (`Authorization: AWS AKID:signature` and
//! `?AWSAccessKeyId=…&Signature=…&Expires=…` URLs), the legacy scheme that
//! Ceph RGW, older MinIO, Riak CS and many on-premise stores still speak.
//!
//! The steps follow the spec, one file each: [`string_to_sign`] (the
//! `StringToSign` with its canonicalized amz headers and resource), then the
//! two outputs, the `Authorization` header ([`Signer::sign_headers`], in
//! [`header`]) and the presigned query string ([`Signer::presign`], in
//! [`presign`]). The signature is `Base64(HMAC-SHA1(secret, StringToSign))`.
//!
//! This is the low-level signer: the caller gives the **path to sign**,
//! which for S3 is `/bucket/key` as encoded on the wire, also for
//! virtual-hosted requests whose URL path is only `/key` (and `/bucket/`
//! for a virtual-hosted bucket-level request). The path is signed exactly
//! as given, never decoded or re-encoded: the S3 documentation signs
//! `/dictionary/fran%C3%A7ais/pr%c3%a9f%c3%a8re` with its mixed-case escapes.
//!
//! ```
//! use awssig::{Credentials, SigningTime};
//! use awssig::v2::{DateFormat, Request, Signer};
//!
//! let creds = Credentials::new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")?;
//! // The S3 documentation prints dates with `+0000`; the default is `GMT`.
//! let signer = Signer::new(creds).date_format(DateFormat::NumericOffset);
//! // GET https://johnsmith.s3.amazonaws.com/photos/puppy.jpg: sign `/johnsmith/photos/puppy.jpg`.
//! let req = Request::new("GET", "/johnsmith/photos/puppy.jpg");
//! let time = SigningTime::from_unix(1_175_024_202)?; // Tue, 27 Mar 2007 19:36:42 +0000
//! let signed = signer.sign_headers(&req, time)?;
//! assert_eq!(signed.date(), Some("Tue, 27 Mar 2007 19:36:42 +0000"));
//! assert_eq!(signed.authorization(), "AWS AKIAIOSFODNN7EXAMPLE:bWq2s1WEIj+Ydj0vQ697zp+IXMU=");
//! # Ok::<(), awssig::Error>(())
//! ```

pub mod header;
pub mod presign;
pub mod string_to_sign;

pub use header::SignedHeaders;
pub use presign::PresignedQuery;

use alloc::string::String;
use core::fmt;

use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;

use crate::credentials::Credentials;
use crate::encode::{Sink, StringSink};
use crate::error::Result;
use crate::syntax::Query;
use crate::time::SigningTime;

use string_to_sign::{Mode, StringToSign};

/// The query parameters S3 signs as sub-resources in the canonicalized
/// resource, when a request carries them: botocore's `QSAOfInterest` list
/// (botocore 1.44.5, `botocore/auth.py`, `HmacV1Auth`), which contains every
/// sub-resource the S3 SigV2 documentation names. Names are compared
/// exactly (case-sensitively); every other parameter (`prefix`,
/// `list-type`, `max-keys`, …) is left out of the signature.
///
/// ```
/// use awssig::v2::SUB_RESOURCES;
/// assert!(SUB_RESOURCES.contains(&"acl"));
/// assert!(SUB_RESOURCES.contains(&"response-content-disposition"));
/// assert!(!SUB_RESOURCES.contains(&"prefix"));
/// ```
pub const SUB_RESOURCES: &[&str] = &[
    "accelerate",
    "acl",
    "analytics",
    "cors",
    "defaultObjectAcl",
    "delete",
    "inventory",
    "lifecycle",
    "location",
    "logging",
    "metrics",
    "notification",
    "object-lock",
    "partNumber",
    "policy",
    "replication",
    "requestPayment",
    "response-cache-control",
    "response-content-disposition",
    "response-content-encoding",
    "response-content-language",
    "response-content-type",
    "response-expires",
    "restore",
    "select",
    "select-type",
    "storageClass",
    "tagging",
    "torrent",
    "uploadId",
    "uploads",
    "versionId",
    "versioning",
    "versions",
    "website",
];

/// Which header carries the signing time in header signing.
///
/// ```
/// use awssig::{Credentials, SigningTime};
/// use awssig::v2::{DateHeader, Request, Signer};
/// let signer = Signer::new(Credentials::new("AKID", "secret")?).date_header(DateHeader::XAmzDate);
/// let signed = signer.sign_headers(&Request::new("GET", "/b/k"), SigningTime::from_unix(0)?)?;
/// assert_eq!(signed.x_amz_date(), Some("Thu, 01 Jan 1970 00:00:00 GMT"));
/// assert_eq!(signed.date(), None);
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DateHeader {
    /// A `Date` header, signed on the fourth line of the string to sign.
    #[default]
    Date,
    /// An `x-amz-date` header (for clients that cannot set `Date`). As the
    /// SigV2 spec says, the `Date` line of the string to sign is then
    /// **empty** and `x-amz-date:…` is signed among the amz headers.
    ///
    /// botocore departs from the spec here (it fills the `Date` line anyway
    /// and also signs `x-amz-date`), so its signatures differ in this mode.
    XAmzDate,
}

/// How the date header value is written. Both are RFC 1123 dates that S3
/// accepts; the signature covers the exact text.
///
/// ```
/// use awssig::{Credentials, SigningTime};
/// use awssig::v2::{DateFormat, Request, Signer};
/// let t = SigningTime::from_unix(1_175_024_202)?;
/// let req = Request::new("GET", "/");
/// let gmt = Signer::new(Credentials::new("AKID", "secret")?);
/// assert_eq!(gmt.sign_headers(&req, t)?.date(), Some("Tue, 27 Mar 2007 19:36:42 GMT"));
/// let doc = Signer::new(Credentials::new("AKID", "secret")?).date_format(DateFormat::NumericOffset);
/// assert_eq!(doc.sign_headers(&req, t)?.date(), Some("Tue, 27 Mar 2007 19:36:42 +0000"));
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DateFormat {
    /// `Tue, 27 Mar 2007 19:36:42 GMT`: the HTTP `IMF-fixdate` form
    /// (RFC 9110), and what botocore writes (`formatdate(usegmt=True)`).
    #[default]
    Gmt,
    /// `Tue, 27 Mar 2007 19:36:42 +0000`: the form the S3 SigV2
    /// documentation examples print and sign.
    NumericOffset,
}

impl DateFormat {
    pub(crate) fn zone(self) -> &'static [u8] {
        match self {
            DateFormat::Gmt => b"GMT",
            DateFormat::NumericOffset => b"+0000",
        }
    }
}

/// A request to sign, borrowed from the caller.
///
/// * `path` is the **path to sign**: `/bucket/key` as encoded on the wire
///   (also for virtual-hosted requests, whose URL path lacks the bucket),
///   `/bucket/` for a virtual-hosted bucket-level request, `/` for the
///   service. It is signed exactly as given.
/// * The query, raw (`raw_query`, as sent) or as decoded pairs
///   (`query_pairs`): only its [`SUB_RESOURCES`] are signed, with their
///   values decoded.
/// * The headers: `Content-MD5`, `Content-Type` and every `x-amz-*` header
///   are signed; `Host` and the rest are not (and a presigned URL cannot
///   carry them, see [`Signer::presign`]).
///
/// ```
/// use awssig::v2::Request;
/// let headers = [("Content-Type", "image/jpeg"), ("x-amz-acl", "public-read")];
/// let req = Request::new("PUT", "/johnsmith/photos/puppy.jpg").headers(&headers);
/// assert_eq!(req.path(), "/johnsmith/photos/puppy.jpg");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Request<'a> {
    pub(crate) method: &'a str,
    pub(crate) path: &'a str,
    pub(crate) query: Query<'a>,
    pub(crate) headers: &'a [(&'a str, &'a str)],
}

impl<'a> Request<'a> {
    /// A request with no query and no headers.
    ///
    /// ```
    /// let req = awssig::v2::Request::new("DELETE", "/johnsmith/photos/puppy.jpg");
    /// assert_eq!(req.method(), "DELETE");
    /// ```
    pub fn new(method: &'a str, path_to_sign: &'a str) -> Self {
        Request {
            method,
            path: path_to_sign,
            query: Query::Raw(""),
            headers: &[],
        }
    }

    /// The query string as sent, without the `?` (`versionId=a%2Bb&acl`).
    /// Sub-resource values are percent-decoded for the signature (a `+`
    /// stays a `+`); a presigned URL keeps this text as it is.
    ///
    /// ```
    /// let req = awssig::v2::Request::new("GET", "/b/").raw_query("acl");
    /// # let _ = req;
    /// ```
    pub fn raw_query(mut self, query: &'a str) -> Self {
        self.query = Query::Raw(query);
        self
    }

    /// The query as decoded name/value pairs; a presigned URL carries them
    /// percent-encoded, and a pair with an empty value as a bare name
    /// (`?uploads`).
    ///
    /// ```
    /// let q = [("response-content-disposition", "attachment; filename=\"a b.txt\"")];
    /// let req = awssig::v2::Request::new("GET", "/b/a%20b.txt").query_pairs(&q);
    /// # let _ = req;
    /// ```
    pub fn query_pairs(mut self, pairs: &'a [(&'a str, &'a str)]) -> Self {
        self.query = Query::Pairs(pairs);
        self
    }

    /// The request headers (name, value). A `Date` or `x-amz-date` header
    /// is replaced by the signer's in header signing.
    ///
    /// ```
    /// let h = [("Content-MD5", "4gJE4saaMU4BqNR0kLY+lw=="), ("X-Amz-Meta-Reviewer", "joe")];
    /// let req = awssig::v2::Request::new("PUT", "/b/k").headers(&h);
    /// # let _ = req;
    /// ```
    pub fn headers(mut self, headers: &'a [(&'a str, &'a str)]) -> Self {
        self.headers = headers;
        self
    }

    /// The method.
    ///
    /// ```
    /// assert_eq!(awssig::v2::Request::new("HEAD", "/b/k").method(), "HEAD");
    /// ```
    pub fn method(&self) -> &'a str {
        self.method
    }

    /// The path to sign.
    ///
    /// ```
    /// assert_eq!(awssig::v2::Request::new("GET", "/b/a%20b").path(), "/b/a%20b");
    /// ```
    pub fn path(&self) -> &'a str {
        self.path
    }
}

/// The string to sign and the signature of one request, for debugging and
/// for checking against published examples (the same code that signs wrote
/// them).
///
/// ```
/// use awssig::{Credentials, SigningTime};
/// use awssig::v2::{Request, Signer};
/// let signer = Signer::new(Credentials::new("AKID", "secret")?);
/// let steps = signer.presign_steps(&Request::new("GET", "/b/k"), SigningTime::from_unix(0)?, 60)?;
/// assert_eq!(steps.string_to_sign, "GET\n\n\n60\n/b/k");
/// assert_eq!(steps.signature.len(), 28);
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Steps {
    /// The `StringToSign`.
    pub string_to_sign: String,
    /// `Base64(HMAC-SHA1(secret, StringToSign))`.
    pub signature: String,
}

/// A SigV2 signature: the base64 of an HMAC-SHA1, 28 characters.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct Signature {
    pub(crate) b64: [u8; 28],
}

impl Signature {
    pub(crate) fn as_str(&self) -> &str {
        core::str::from_utf8(&self.b64).unwrap_or("")
    }

    pub(crate) fn from_digest(digest: &[u8; 20]) -> Self {
        let mut b64 = [0u8; 28];
        // 20 bytes always encode to 28 base64 characters.
        let _ = base64::Engine::encode_slice(
            &base64::engine::general_purpose::STANDARD,
            digest,
            &mut b64,
        );
        Signature { b64 }
    }
}

/// An HMAC-SHA1 keyed with `secret` (any length is accepted).
fn mac_for(secret: &[u8]) -> MacSink {
    let mac = <Hmac<Sha1> as KeyInit>::new_from_slice(secret)
        .unwrap_or_else(|_| <Hmac<Sha1> as KeyInit>::new(&Default::default()));
    MacSink(mac)
}

/// `HMAC-SHA1(secret, StringToSign)`, the raw 20 bytes (verification).
pub(crate) fn digest(secret: &[u8], sts: &StringToSign<'_>) -> [u8; 20] {
    let mut mac = mac_for(secret);
    sts.write(&mut mac);
    mac.0.finalize().into_bytes().into()
}

/// Presigns for the S3 API: appends the query (without `?`) to `out` and
/// returns the absolute expiry and the signature.
pub(crate) fn presign_append(
    credentials: &Credentials,
    req: &Request<'_>,
    time: SigningTime,
    expires_in: u64,
    out: &mut String,
) -> Result<(u64, Signature)> {
    let expires = presign::expires_at(&time, expires_in)?;
    let token = credentials.session_token();
    let sts = StringToSign::new(req, Mode::Presign { expires }, token)?;
    let mut mac = mac_for(credentials.secret_access_key().as_bytes());
    sts.write(&mut mac);
    let signature = Signer::finish(mac);
    presign::write_query(
        out,
        req,
        credentials.access_key_id(),
        token,
        expires,
        &signature,
    );
    Ok((expires, signature))
}

/// Streams the string to sign into the MAC.
struct MacSink(Hmac<Sha1>);

impl Sink for MacSink {
    #[inline]
    fn put(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }
}

/// Signs S3 requests with SigV2 for one set of credentials.
///
/// `Debug` never shows the secret.
///
/// ```
/// use awssig::{Credentials, SigningTime};
/// use awssig::v2::{Request, Signer};
/// let creds = Credentials::new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")?;
/// let signer = Signer::new(creds);
/// let req = Request::new("GET", "/johnsmith/photos/puppy.jpg");
/// let q = signer.presign(&req, SigningTime::from_unix(1_175_139_620 - 3600)?, 3600)?;
/// assert_eq!(
///     q.as_str(),
///     "AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Signature=NpgCjnDzrM%2BWFzoENXmpNDUsSn8%3D&Expires=1175139620"
/// );
/// assert!(!format!("{signer:?}").contains("wJalr"));
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone)]
pub struct Signer {
    credentials: Credentials,
    date_header: DateHeader,
    date_format: DateFormat,
}

impl fmt::Debug for Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signer")
            .field("credentials", &self.credentials)
            .field("date_header", &self.date_header)
            .field("date_format", &self.date_format)
            .finish()
    }
}

impl Signer {
    /// A signer with the defaults: a `Date` header ([`DateHeader::Date`])
    /// in the `GMT` form ([`DateFormat::Gmt`]).
    ///
    /// ```
    /// use awssig::{Credentials, v2::{DateFormat, DateHeader, Signer}};
    /// let signer = Signer::new(Credentials::new("AKID", "secret")?);
    /// assert_eq!(signer.get_date_header(), DateHeader::Date);
    /// assert_eq!(signer.get_date_format(), DateFormat::Gmt);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn new(credentials: Credentials) -> Self {
        Signer {
            credentials,
            date_header: DateHeader::Date,
            date_format: DateFormat::Gmt,
        }
    }

    /// Which header carries the time in header signing; see [`DateHeader`].
    ///
    /// ```
    /// use awssig::{Credentials, v2::{DateHeader, Signer}};
    /// let signer = Signer::new(Credentials::new("AKID", "secret")?).date_header(DateHeader::XAmzDate);
    /// assert_eq!(signer.get_date_header(), DateHeader::XAmzDate);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn date_header(mut self, header: DateHeader) -> Self {
        self.date_header = header;
        self
    }

    /// How the date is written; see [`DateFormat`].
    ///
    /// ```
    /// use awssig::{Credentials, v2::{DateFormat, Signer}};
    /// let signer = Signer::new(Credentials::new("AKID", "secret")?).date_format(DateFormat::NumericOffset);
    /// assert_eq!(signer.get_date_format(), DateFormat::NumericOffset);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn date_format(mut self, format: DateFormat) -> Self {
        self.date_format = format;
        self
    }

    /// The date header used in header signing.
    ///
    /// ```
    /// # use awssig::{Credentials, v2::{DateHeader, Signer}};
    /// assert_eq!(Signer::new(Credentials::new("AKID", "s")?).get_date_header(), DateHeader::Date);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn get_date_header(&self) -> DateHeader {
        self.date_header
    }

    /// The date format used in header signing.
    ///
    /// ```
    /// # use awssig::{Credentials, v2::{DateFormat, Signer}};
    /// assert_eq!(Signer::new(Credentials::new("AKID", "s")?).get_date_format(), DateFormat::Gmt);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn get_date_format(&self) -> DateFormat {
        self.date_format
    }

    /// The credentials.
    ///
    /// ```
    /// # use awssig::{Credentials, v2::Signer};
    /// assert_eq!(Signer::new(Credentials::new("AKID", "s")?).credentials().access_key_id(), "AKID");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    fn mac(&self) -> MacSink {
        mac_for(self.credentials.secret_access_key().as_bytes())
    }

    fn finish(mac: MacSink) -> Signature {
        Signature::from_digest(&mac.0.finalize().into_bytes().into())
    }

    fn sign_sts(&self, sts: &StringToSign<'_>) -> Signature {
        let mut mac = self.mac();
        sts.write(&mut mac);
        Self::finish(mac)
    }

    fn steps(&self, sts: &StringToSign<'_>) -> Steps {
        let mut string_to_sign = String::new();
        sts.write(&mut StringSink(&mut string_to_sign));
        Steps {
            string_to_sign,
            signature: String::from(self.sign_sts(sts).as_str()),
        }
    }

    /// `Base64(HMAC-SHA1(secret, text))`: the SigV2 signature of any text,
    /// e.g. the base64 policy of a browser POST form, or a string to sign
    /// built elsewhere.
    ///
    /// ```
    /// use awssig::{Credentials, v2::Signer};
    /// let signer = Signer::new(Credentials::new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")?);
    /// assert_eq!(
    ///     signer.sign_string("GET\n\n\nTue, 27 Mar 2007 19:36:42 +0000\n/johnsmith/photos/puppy.jpg"),
    ///     "bWq2s1WEIj+Ydj0vQ697zp+IXMU="
    /// );
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn sign_string(&self, text: &str) -> String {
        let mut mac = self.mac();
        mac.put(text.as_bytes());
        String::from(Self::finish(mac).as_str())
    }

    fn header_mode(&self, time: SigningTime) -> Mode {
        Mode::Header {
            time,
            date_header: self.date_header,
            format: self.date_format,
        }
    }

    /// Signs a request for the `Authorization` header. Returns the headers
    /// to add: the date header (`Date` or `x-amz-date`, replacing any the
    /// request has), `x-amz-security-token` with temporary credentials, and
    /// `Authorization: AWS AKID:signature`.
    ///
    /// ```
    /// use awssig::{Credentials, SigningTime};
    /// use awssig::v2::{Request, Signer};
    /// let creds = Credentials::new("AKID", "secret")?.with_session_token("token")?;
    /// let h = [("Content-Type", "text/plain"), ("x-amz-meta-a", " 1 ")];
    /// let req = Request::new("PUT", "/bucket/key").headers(&h);
    /// let signed = Signer::new(creds).sign_headers(&req, SigningTime::from_unix(0)?)?;
    /// let names: Vec<&str> = signed.iter().map(|(n, _)| n).collect();
    /// assert_eq!(names, ["date", "x-amz-security-token", "authorization"]);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn sign_headers(&self, req: &Request<'_>, time: SigningTime) -> Result<SignedHeaders> {
        let token = self.credentials.session_token();
        let sts = StringToSign::new(req, self.header_mode(time), token)?;
        let signature = self.sign_sts(&sts);
        Ok(header::signed_headers(
            self.credentials.access_key_id(),
            token,
            self.date_header,
            self.date_format,
            &time,
            signature,
        ))
    }

    /// The string to sign and signature of [`Signer::sign_headers`].
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime};
    /// # use awssig::v2::{DateHeader, Request, Signer};
    /// let signer = Signer::new(Credentials::new("AKID", "secret")?).date_header(DateHeader::XAmzDate);
    /// let steps = signer.sign_headers_steps(&Request::new("GET", "/b/k"), SigningTime::from_unix(0)?)?;
    /// assert_eq!(steps.string_to_sign, "GET\n\n\n\nx-amz-date:Thu, 01 Jan 1970 00:00:00 GMT\n/b/k");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn sign_headers_steps(&self, req: &Request<'_>, time: SigningTime) -> Result<Steps> {
        let sts = StringToSign::new(
            req,
            self.header_mode(time),
            self.credentials.session_token(),
        )?;
        Ok(self.steps(&sts))
    }

    /// Presigns a request: the query string that makes its URL usable until
    /// `time + expires_in` (the absolute `Expires`, in seconds since the
    /// epoch). `expires_in` must be at least 1; SigV2 sets no maximum.
    ///
    /// The `x-amz-*`, `Content-Type` and `Content-MD5` headers of the
    /// request are signed and carried in the query with lowercase names.
    /// Any other header but `Host` (`Range`, `If-Match`, `Date`, …) cannot
    /// be carried by a SigV2 URL and is an [`ErrorKind::UnsupportedHeader`](crate::ErrorKind::UnsupportedHeader)
    /// error, never silently dropped; so is a header given twice.
    ///
    /// The query is the request's own query (as given), then
    /// `AWSAccessKeyId`, `Signature`, the carried headers (in request
    /// order), `x-amz-security-token` (temporary credentials) and
    /// `Expires`, botocore's order.
    ///
    /// ```
    /// use awssig::{Credentials, ErrorKind, SigningTime};
    /// use awssig::v2::{Request, Signer};
    /// let signer = Signer::new(Credentials::new("AKID", "secret")?);
    /// let t = SigningTime::from_unix(1_700_000_000)?;
    /// let q = [("response-content-type", "text/plain")];
    /// let url = signer.presign(&Request::new("GET", "/b/k").query_pairs(&q), t, 600)?;
    /// assert!(url.as_str().starts_with("response-content-type=text%2Fplain&AWSAccessKeyId=AKID&Signature="));
    /// assert!(url.as_str().ends_with("&Expires=1700000600"));
    ///
    /// let range = [("Range", "bytes=0-9")];
    /// let err = signer.presign(&Request::new("GET", "/b/k").headers(&range), t, 600).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::UnsupportedHeader);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn presign(
        &self,
        req: &Request<'_>,
        time: SigningTime,
        expires_in: u64,
    ) -> Result<PresignedQuery> {
        let token = self.credentials.session_token();
        let mut query = String::with_capacity(
            128 + self.credentials.access_key_id().len() + token.map_or(0, |t| t.len() * 2),
        );
        let (expires, signature) =
            presign_append(&self.credentials, req, time, expires_in, &mut query)?;
        Ok(presign::PresignedQuery::new(query, expires, signature))
    }

    /// The string to sign and signature of [`Signer::presign`].
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime};
    /// # use awssig::v2::{Request, Signer};
    /// let signer = Signer::new(Credentials::new("AKID", "secret")?.with_session_token("tok")?);
    /// let h = [("x-amz-meta-x", "1")];
    /// let steps = signer.presign_steps(&Request::new("PUT", "/b/k").headers(&h), SigningTime::from_unix(0)?, 5)?;
    /// assert_eq!(steps.string_to_sign, "PUT\n\n\n5\nx-amz-meta-x:1\nx-amz-security-token:tok\n/b/k");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn presign_steps(
        &self,
        req: &Request<'_>,
        time: SigningTime,
        expires_in: u64,
    ) -> Result<Steps> {
        let expires = presign::expires_at(&time, expires_in)?;
        let sts = StringToSign::new(
            req,
            Mode::Presign { expires },
            self.credentials.session_token(),
        )?;
        Ok(self.steps(&sts))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc1123_dates() {
        for (unix, want) in [
            (0, "Thu, 01 Jan 1970 00:00:00 GMT"),
            (1_175_024_202, "Tue, 27 Mar 2007 19:36:42 GMT"),
            (951_782_400, "Tue, 29 Feb 2000 00:00:00 GMT"),
            (253_402_300_799, "Fri, 31 Dec 9999 23:59:59 GMT"),
            (-62_167_219_200, "Sat, 01 Jan 0000 00:00:00 GMT"),
        ] {
            let mut s = String::new();
            SigningTime::from_unix(unix)
                .unwrap()
                .write_rfc1123(&mut StringSink(&mut s), b"GMT");
            assert_eq!(s, want, "{unix}");
        }
    }

    #[test]
    fn sub_resources_sorted_and_unique() {
        assert!(SUB_RESOURCES.windows(2).all(|w| w[0] < w[1]));
    }
}
