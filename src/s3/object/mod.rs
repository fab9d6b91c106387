//! Presigning one request on a bucket: the builder and its result.

use alloc::borrow::Cow;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use crate::credentials::Credentials;
use crate::encode::{Sink, StringSink};
use crate::error::{Error, ErrorKind, Result};
use crate::time::SigningTime;
use crate::v4::canonical::S3Path;
use crate::v4::{Payload, Request};

use super::bucket::Bucket;
use crate::SignatureVersion;

/// The longest object key S3 accepts, in UTF-8 bytes.
///
/// ```
/// # use awssig::{Credentials, SigningTime, s3::{Bucket, MAX_KEY_LEN}};
/// let creds = Credentials::new("AKID", "secret")?;
/// let b = Bucket::new("b-1", "us-east-1")?;
/// assert!(b.get(&"k".repeat(MAX_KEY_LEN)).presign(&creds, SigningTime::from_unix(0)?, 60).is_ok());
/// assert!(b.get(&"k".repeat(MAX_KEY_LEN + 1)).presign(&creds, SigningTime::from_unix(0)?, 60).is_err());
/// # Ok::<(), awssig::Error>(())
/// ```
pub const MAX_KEY_LEN: usize = 1024;

/// A request being presigned: add query parameters and headers, then call
/// [`PresignRequest::presign`].
///
/// Every header added is signed; whoever uses the URL must send it with the
/// same value ([`PresignedUrl::headers`] lists them).
///
/// ```
/// use awssig::{Credentials, SigningTime, s3::Bucket};
/// let creds = Credentials::new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")?;
/// let bucket = Bucket::new("reports", "eu-west-1")?;
/// // A download link that saves as "résumé.pdf".
/// let url = bucket
///     .get("2024/cv.pdf")
///     .response_content_disposition("attachment; filename=\"résumé.pdf\"")
///     .presign(&creds, SigningTime::from_unix(1_700_000_000)?, 3600)?;
/// assert!(url.contains("?response-content-disposition=attachment%3B%20filename%3D%22r%C3%A9sum%C3%A9.pdf%22&X-Amz-"));
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone)]
#[must_use = "a PresignRequest does nothing until presign() is called"]
pub struct PresignRequest<'b> {
    bucket: &'b Bucket,
    method: &'b str,
    key: &'b str,
    query: Vec<(Cow<'b, str>, Cow<'b, str>)>,
    headers: Vec<(Cow<'b, str>, Cow<'b, str>)>,
}

/// A presigned URL and the headers its user must send.
///
/// ```
/// use awssig::{Credentials, SigningTime, s3::Bucket};
/// let creds = Credentials::new("AKID", "secret")?;
/// let signed = Bucket::new("b-1", "us-east-1")?
///     .put("k")
///     .header("x-amz-meta-owner", "me")
///     .presign_detailed(&creds, SigningTime::from_unix(0)?, 60)?;
/// assert!(signed.url().contains("X-Amz-SignedHeaders=host%3Bx-amz-meta-owner"));
/// assert_eq!(signed.expires_at().unix(), 60);
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct PresignedUrl {
    url: String,
    headers: Vec<(String, String)>,
    signature: UrlSignature,
    expires_at: SigningTime,
}

/// The signature text of a presigned URL.
#[derive(Clone, Copy, PartialEq, Eq)]
enum UrlSignature {
    /// SigV4: 64 lowercase hex digits.
    V4([u8; 64]),
    /// SigV2: 28 base64 characters, and the absolute `Expires`.
    V2 { b64: [u8; 28], expires: u64 },
}

impl PresignedUrl {
    /// The URL.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let p = Bucket::new("b-1", "us-east-1")?.get("k").presign_detailed(&creds, SigningTime::from_unix(0)?, 60)?;
    /// assert!(p.url().starts_with("https://b-1.s3.amazonaws.com/k?"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The headers (lowercase name, value) that were signed besides `host`:
    /// the request made with the URL must carry them, with these values.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let p = Bucket::new("b-1", "us-east-1")?.get("k").range("bytes=0-99").presign_detailed(&creds, SigningTime::from_unix(0)?, 60)?;
    /// assert_eq!(p.headers(), [("range".to_string(), "bytes=0-99".to_string())]);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }

    /// The signature (e.g. to record one-time use): 64 lowercase hex digits
    /// for SigV4, 28 base64 characters for SigV2 (the URL carries them
    /// percent-encoded).
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::{Bucket, SignatureVersion}};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let p = Bucket::new("b-1", "us-east-1")?.get("k").presign_detailed(&creds, SigningTime::from_unix(0)?, 60)?;
    /// assert!(p.url().ends_with(p.signature()));
    /// let v2 = Bucket::new("b-1", "us-east-1")?.signature_version(SignatureVersion::V2);
    /// let p = v2.get("k").presign_detailed(&creds, SigningTime::from_unix(0)?, 60)?;
    /// assert_eq!(p.signature().len(), 28);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn signature(&self) -> &str {
        let bytes: &[u8] = match &self.signature {
            UrlSignature::V4(hex) => hex,
            UrlSignature::V2 { b64, .. } => b64,
        };
        core::str::from_utf8(bytes).unwrap_or("")
    }

    /// When the URL stops working (signing time + `expires_in`; for SigV2
    /// the URL's `Expires`). With temporary credentials it dies earlier,
    /// when the session token does.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let p = Bucket::new("b-1", "us-east-1")?.get("k").presign_detailed(&creds, SigningTime::from_unix(100)?, 60)?;
    /// assert_eq!(p.expires_at().unix(), 160);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn expires_at(&self) -> SigningTime {
        self.expires_at
    }

    /// The URL, owned.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let url: String = Bucket::new("b-1", "us-east-1")?.get("k").presign_detailed(&creds, SigningTime::from_unix(0)?, 60)?.into_url();
    /// # let _ = url;
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn into_url(self) -> String {
        self.url
    }
}

impl fmt::Display for PresignedUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.url)
    }
}

impl fmt::Debug for PresignedUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PresignedUrl")
            .field("url", &self.url)
            .field("headers", &self.headers)
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

impl<'b> PresignRequest<'b> {
    pub(crate) fn new(bucket: &'b Bucket, method: &'b str, key: &'b str) -> Self {
        PresignRequest {
            bucket,
            method,
            key,
            query: Vec::new(),
            headers: Vec::new(),
        }
    }

    /// Adds a query parameter (decoded; it is encoded here). They appear in
    /// the URL in the order added, before the signature's own. A bare
    /// sub-resource such as `uploads` takes an empty value.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let url = Bucket::new("b-1", "us-east-1")?.presign("POST", "big.bin").query("uploads", "").presign(&creds, SigningTime::from_unix(0)?, 60)?;
    /// assert!(url.contains("/big.bin?uploads=&X-Amz-Algorithm="));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn query(mut self, name: impl Into<Cow<'b, str>>, value: impl Into<Cow<'b, str>>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    /// Adds a header to sign (`Content-Type`, `Content-MD5`, `x-amz-acl`,
    /// `x-amz-meta-*`, checksum headers, `Range`, …). The URL's user must
    /// send it with this value. With [`SignatureVersion::V2`] only
    /// `x-amz-*`, `Content-Type` and `Content-MD5` can be signed (they are
    /// also carried in the query); any other is an
    /// [`ErrorKind::UnsupportedHeader`] error when presigning.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let url = Bucket::new("b-1", "us-east-1")?.put("k").header("x-amz-checksum-sha256", "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=").presign(&creds, SigningTime::from_unix(0)?, 60)?;
    /// assert!(url.contains("X-Amz-SignedHeaders=host%3Bx-amz-checksum-sha256"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn header(mut self, name: impl Into<Cow<'b, str>>, value: impl Into<Cow<'b, str>>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// `response-content-disposition`: the download's file name, e.g.
    /// `attachment; filename="report.pdf"` (non-ASCII is UTF-8
    /// percent-encoded, as botocore does).
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let url = Bucket::new("b-1", "us-east-1")?.get("k").response_content_disposition("inline").presign(&creds, SigningTime::from_unix(0)?, 60)?;
    /// assert!(url.contains("response-content-disposition=inline&"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn response_content_disposition(self, value: impl Into<Cow<'b, str>>) -> Self {
        self.query("response-content-disposition", value)
    }

    /// `response-content-type`.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let url = Bucket::new("b-1", "us-east-1")?.get("k").response_content_type("text/plain").presign(&creds, SigningTime::from_unix(0)?, 60)?;
    /// assert!(url.contains("response-content-type=text%2Fplain&"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn response_content_type(self, value: impl Into<Cow<'b, str>>) -> Self {
        self.query("response-content-type", value)
    }

    /// `response-cache-control`.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let url = Bucket::new("b-1", "us-east-1")?.get("k").response_cache_control("no-cache").presign(&creds, SigningTime::from_unix(0)?, 60)?;
    /// assert!(url.contains("response-cache-control=no-cache&"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn response_cache_control(self, value: impl Into<Cow<'b, str>>) -> Self {
        self.query("response-cache-control", value)
    }

    /// `response-content-language`.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let url = Bucket::new("b-1", "us-east-1")?.get("k").response_content_language("fr").presign(&creds, SigningTime::from_unix(0)?, 60)?;
    /// assert!(url.contains("response-content-language=fr&"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn response_content_language(self, value: impl Into<Cow<'b, str>>) -> Self {
        self.query("response-content-language", value)
    }

    /// `response-content-encoding`.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let url = Bucket::new("b-1", "us-east-1")?.get("k").response_content_encoding("gzip").presign(&creds, SigningTime::from_unix(0)?, 60)?;
    /// assert!(url.contains("response-content-encoding=gzip&"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn response_content_encoding(self, value: impl Into<Cow<'b, str>>) -> Self {
        self.query("response-content-encoding", value)
    }

    /// `response-expires` (an HTTP date, passed through as given).
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let url = Bucket::new("b-1", "us-east-1")?.get("k").response_expires("Thu, 01 Dec 1994 16:00:00 GMT").presign(&creds, SigningTime::from_unix(0)?, 60)?;
    /// assert!(url.contains("response-expires=Thu%2C%2001%20Dec%201994%2016%3A00%3A00%20GMT&"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn response_expires(self, value: impl Into<Cow<'b, str>>) -> Self {
        self.query("response-expires", value)
    }

    /// `versionId`: a specific version of the object.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let url = Bucket::new("b-1", "us-east-1")?.get("k").version_id("3/L4k+a").presign(&creds, SigningTime::from_unix(0)?, 60)?;
    /// assert!(url.contains("?versionId=3%2FL4k%2Ba&"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn version_id(self, value: impl Into<Cow<'b, str>>) -> Self {
        self.query("versionId", value)
    }

    /// `partNumber` and `uploadId`: one part of a multipart upload (PUT).
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let url = Bucket::new("b-1", "us-east-1")?.put("big.bin").upload_part("VXBsb2FkSUQ", 3).presign(&creds, SigningTime::from_unix(0)?, 60)?;
    /// assert!(url.contains("?partNumber=3&uploadId=VXBsb2FkSUQ&"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn upload_part(self, upload_id: impl Into<Cow<'b, str>>, part_number: u16) -> Self {
        self.query("partNumber", part_number.to_string())
            .query("uploadId", upload_id)
    }

    /// Signs `Content-Type`: the upload must declare exactly this type.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let url = Bucket::new("b-1", "us-east-1")?.put("k").content_type("image/png").presign(&creds, SigningTime::from_unix(0)?, 60)?;
    /// assert!(url.contains("X-Amz-SignedHeaders=content-type%3Bhost"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn content_type(self, value: impl Into<Cow<'b, str>>) -> Self {
        self.header("content-type", value)
    }

    /// Signs `Content-MD5` (base64 of the MD5 of the body): the upload must
    /// have exactly these bytes.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let url = Bucket::new("b-1", "us-east-1")?.put("k").content_md5("1B2M2Y8AsgTpgAmY+7AoTw==").presign(&creds, SigningTime::from_unix(0)?, 60)?;
    /// assert!(url.contains("X-Amz-SignedHeaders=content-md5%3Bhost"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn content_md5(self, value: impl Into<Cow<'b, str>>) -> Self {
        self.header("content-md5", value)
    }

    /// Signs `x-amz-acl` (a canned ACL such as `public-read`).
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let url = Bucket::new("b-1", "us-east-1")?.put("k").acl("public-read").presign(&creds, SigningTime::from_unix(0)?, 60)?;
    /// assert!(url.contains("X-Amz-SignedHeaders=host%3Bx-amz-acl"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn acl(self, value: impl Into<Cow<'b, str>>) -> Self {
        self.header("x-amz-acl", value)
    }

    /// Signs a user metadata header `x-amz-meta-<name>` (name lowercased).
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let p = Bucket::new("b-1", "us-east-1")?.put("k").metadata("camelCase", "v").presign_detailed(&creds, SigningTime::from_unix(0)?, 60)?;
    /// assert_eq!(p.headers()[0].0, "x-amz-meta-camelcase");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn metadata(self, name: &str, value: impl Into<Cow<'b, str>>) -> Self {
        let mut n = String::with_capacity(11 + name.len());
        n.push_str("x-amz-meta-");
        n.push_str(name);
        n.make_ascii_lowercase();
        self.header(n, value)
    }

    /// Signs `Range` (e.g. `bytes=0-99`) for a GET or HEAD. SigV4 only: a
    /// SigV2 URL cannot carry it, and presigning is then an
    /// [`ErrorKind::UnsupportedHeader`] error.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let url = Bucket::new("b-1", "us-east-1")?.get("k").range("bytes=0-9").presign(&creds, SigningTime::from_unix(0)?, 60)?;
    /// assert!(url.contains("X-Amz-SignedHeaders=host%3Brange"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn range(self, value: impl Into<Cow<'b, str>>) -> Self {
        self.header("range", value)
    }

    fn check(&self) -> Result<()> {
        if self.key.len() > MAX_KEY_LEN {
            return Err(Error::new(
                ErrorKind::InvalidKey,
                alloc::format!(
                    "object key is {} bytes; S3 allows at most {MAX_KEY_LEN} bytes of UTF-8",
                    self.key.len()
                ),
            ));
        }
        if let Some((n, _)) = self
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("host"))
        {
            return Err(Error::new(
                ErrorKind::InvalidHeaderName,
                alloc::format!(
                    "header {n:?} is set from the bucket's endpoint and cannot be given"
                ),
            ));
        }
        Ok(())
    }

    /// Writes the URL into `out` (cleared first) and returns the signature.
    fn write(
        &self,
        credentials: &Credentials,
        time: SigningTime,
        expires_in: u64,
        out: &mut String,
    ) -> Result<UrlSignature> {
        self.check()?;
        let b = self.bucket;
        if b.version == SignatureVersion::V2 {
            return self.write_v2(credentials, time, expires_in, out);
        }
        let path = S3Path {
            prefix: b.endpoint().path_prefix(),
            bucket: b.path_bucket(),
            key: self.key,
        };
        // Borrowed views of the builder's lists, on the stack when short.
        let mut headers_inline = [("", ""); PAIRS_INLINE];
        let mut headers_heap: Vec<(&str, &str)> = Vec::new();
        let all_headers = core::iter::once(("host", b.signed_host()))
            .chain(self.headers.iter().map(|(n, v)| (n.as_ref(), v.as_ref())));
        let headers = pairs_view(
            self.headers.len() + 1,
            all_headers,
            &mut headers_inline,
            &mut headers_heap,
        );
        let mut query_inline = [("", ""); PAIRS_INLINE];
        let mut query_heap: Vec<(&str, &str)> = Vec::new();
        let query = pairs_view(
            self.query.len(),
            self.query.iter().map(|(n, v)| (n.as_ref(), v.as_ref())),
            &mut query_inline,
            &mut query_heap,
        );
        // The bucket's host (first) was checked when the bucket was made.
        let req = Request::s3(self.method, path)
            .headers(headers)
            .headers_checked(1)
            .query_pairs(query)
            .payload(Payload::Unsigned);
        out.clear();
        let origin = b.origin();
        let head_len = origin.len() + path.len_max() + 1;
        let ctx = crate::v4::context::Context::new(credentials, &b.settings, &b.cache);
        ctx.presign_into(&req, time, expires_in, out, head_len, |out| {
            out.put(origin.as_bytes());
            let start = out.pos();
            path.write(out);
            let end = out.pos();
            out.put(b"?");
            Some((start, end))
        })
        .map(|s| UrlSignature::V4(s.hex))
    }

    /// SigV2: the same URL with the SigV2 query. The path signed is the
    /// path sent, with `/bucket` in front when the bucket is in the host
    /// (botocore's `auth_path`, S3's canonicalized resource). For a
    /// path-style bucket-level URL (`…/bucket`) that is `/bucket`: botocore
    /// signs `/bucket/` there, which no server accepts.
    fn write_v2(
        &self,
        credentials: &Credentials,
        time: SigningTime,
        expires_in: u64,
        out: &mut String,
    ) -> Result<UrlSignature> {
        let b = self.bucket;
        let path = S3Path {
            prefix: b.endpoint().path_prefix(),
            bucket: b.path_bucket(),
            key: self.key,
        };
        out.clear();
        out.reserve(b.origin().len() + 3 * self.key.len() + 160);
        out.push_str(b.origin());
        let start = out.len();
        path.write(&mut StringSink(out));
        let mut to_sign = String::with_capacity(out.len() - start + b.name().len() + 1);
        if b.is_virtual_hosted() {
            to_sign.push('/');
            to_sign.push_str(b.name());
        }
        to_sign.push_str(&out[start..]);
        out.push('?');
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(n, v)| (n.as_ref(), v.as_ref()))
            .collect();
        let query: Vec<(&str, &str)> = self
            .query
            .iter()
            .map(|(n, v)| (n.as_ref(), v.as_ref()))
            .collect();
        let req = crate::v2::Request::new(self.method, &to_sign)
            .query_pairs(&query)
            .headers(&headers);
        let (expires, signature) =
            crate::v2::presign_append(credentials, &req, time, expires_in, out)?;
        Ok(UrlSignature::V2 {
            b64: signature.b64,
            expires,
        })
    }

    /// Presigns: the URL, valid for `expires_in` seconds from `time`
    /// (1..=604800 for SigV4; at least 1 for SigV2, whose URL carries the
    /// absolute `Expires`).
    ///
    /// ```
    /// use awssig::{Credentials, ErrorKind, SigningTime, s3::Bucket};
    /// let creds = Credentials::new("AKID", "secret")?;
    /// let bucket = Bucket::new("b-1", "us-east-1")?;
    /// let err = bucket.get("k").presign(&creds, SigningTime::from_unix(0)?, 0).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::InvalidExpiry);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn presign(
        &self,
        credentials: &Credentials,
        time: SigningTime,
        expires_in: u64,
    ) -> Result<String> {
        let mut out = String::new();
        self.write(credentials, time, expires_in, &mut out)?;
        Ok(out)
    }

    /// Presigns into a caller's buffer (cleared first), so a service
    /// presigning many URLs can reuse one allocation.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let bucket = Bucket::new("b-1", "us-east-1")?;
    /// let mut buf = String::new();
    /// bucket.get("a").presign_into(&creds, SigningTime::from_unix(0)?, 60, &mut buf)?;
    /// assert!(buf.starts_with("https://b-1.s3.amazonaws.com/a?"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn presign_into(
        &self,
        credentials: &Credentials,
        time: SigningTime,
        expires_in: u64,
        out: &mut String,
    ) -> Result<()> {
        self.write(credentials, time, expires_in, out).map(|_| ())
    }

    /// Presigns and also returns the headers the URL's user must send, the
    /// signature and the expiry instant.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let p = Bucket::new("b-1", "us-east-1")?.put("k").content_type("text/plain").presign_detailed(&creds, SigningTime::from_unix(0)?, 60)?;
    /// assert_eq!(p.headers().len(), 1);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn presign_detailed(
        &self,
        credentials: &Credentials,
        time: SigningTime,
        expires_in: u64,
    ) -> Result<PresignedUrl> {
        let mut url = String::new();
        let sig = self.write(credentials, time, expires_in, &mut url)?;
        let mut headers: Vec<(String, String)> = self
            .headers
            .iter()
            .map(|(n, v)| (n.to_ascii_lowercase(), v.to_string()))
            .collect();
        headers.sort_by(|a, b| a.0.cmp(&b.0));
        let expires_at = match sig {
            UrlSignature::V4(_) => {
                SigningTime::from_unix(time.unix().saturating_add(expires_in as i64))?
            }
            UrlSignature::V2 { expires, .. } => {
                SigningTime::from_unix(i64::try_from(expires).unwrap_or(i64::MAX))?
            }
        };
        Ok(PresignedUrl {
            url,
            headers,
            signature: sig,
            expires_at,
        })
    }

    /// Presigns and returns a `url::Url` (feature `url`). It is an error
    /// when the `url` crate would change the signed path, which it does for
    /// keys with `.` or `..` segments (it resolves them): use
    /// [`PresignRequest::presign`]'s `String` for those.
    ///
    /// ```
    /// # use awssig::{Credentials, ErrorKind, SigningTime, s3::Bucket};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let bucket = Bucket::new("b-1", "us-east-1")?;
    /// let url = bucket.get("a b").presign_url(&creds, SigningTime::from_unix(0)?, 60)?;
    /// assert_eq!(url.path(), "/a%20b");
    /// let err = bucket.get("a/../b").presign_url(&creds, SigningTime::from_unix(0)?, 60).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::InvalidKey);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    #[cfg(feature = "url")]
    pub fn presign_url(
        &self,
        credentials: &Credentials,
        time: SigningTime,
        expires_in: u64,
    ) -> Result<url::Url> {
        let s = self.presign(credentials, time, expires_in)?;
        match url::Url::parse(&s) {
            Ok(u) if u.as_str() == s => Ok(u),
            _ => Err(Error::new(
                ErrorKind::InvalidKey,
                alloc::format!(
                    "the url crate would rewrite this presigned URL (it resolves '.' and '..' segments), breaking its signature; use the String form: {s}"
                ),
            )),
        }
    }
}

/// How many headers or query parameters a presign borrows without the heap.
const PAIRS_INLINE: usize = 8;

/// `items` (`n` of them) as a slice: in `inline` when they fit, else in `heap`.
fn pairs_view<'a, 'r>(
    n: usize,
    items: impl Iterator<Item = (&'a str, &'a str)>,
    inline: &'r mut [(&'a str, &'a str); PAIRS_INLINE],
    heap: &'r mut Vec<(&'a str, &'a str)>,
) -> &'r [(&'a str, &'a str)] {
    if n <= PAIRS_INLINE {
        for (slot, item) in inline.iter_mut().zip(items) {
            *slot = item;
        }
        &inline[..n]
    } else {
        heap.extend(items);
        heap
    }
}

impl fmt::Debug for PresignRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PresignRequest")
            .field("bucket", &self.bucket.name())
            .field("method", &self.method)
            .field("key", &self.key)
            .field("query", &self.query)
            .field("headers", &self.headers)
            .finish()
    }
}
