//! Presigning one request on a bucket: the builder, [`PresignRequest`].
//! The URL is written and signed in `write.rs`; the detailed result,
//! [`PresignedUrl`], is in `presigned.rs`.

mod presigned;
mod write;

pub use presigned::PresignedUrl;

use alloc::borrow::Cow;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use crate::credentials::Credentials;
use crate::error::{Error, ErrorKind, Result};
use crate::expiry_policy::ExpiryPolicy;
use crate::time::SigningTime;
use crate::v4::chunked::ChecksumAlgorithm;

use super::bucket::Bucket;
use super::once::ONCE_PARAM;
use super::pin;
use presigned::UrlSignature;

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

/// The header an SDK names its checksum algorithm in.
const SDK_CHECKSUM_ALGORITHM: &str = "x-amz-sdk-checksum-algorithm";

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
    expiry_policy: ExpiryPolicy,
    time_window: Option<u64>,
    /// The first unusable pin or part number given, reported by presign.
    invalid: Option<Error>,
}
impl<'b> PresignRequest<'b> {
    pub(crate) fn new(bucket: &'b Bucket, method: &'b str, key: &'b str) -> Self {
        PresignRequest {
            bucket,
            method,
            key,
            query: Vec::new(),
            headers: Vec::new(),
            expiry_policy: ExpiryPolicy::Refuse,
            time_window: None,
            invalid: None,
        }
    }

    /// Keeps the first input error for presign to report.
    fn refuse(mut self, err: Error) -> Self {
        self.invalid.get_or_insert(err);
        self
    }

    /// What to do when the credentials expire before the URL would (see
    /// [`ExpiryPolicy`]): refuse (the default) or clamp the URL's lifetime
    /// to their end.
    ///
    /// ```
    /// use awssig::{Credentials, ExpiryPolicy, SigningTime, s3::Bucket};
    /// let creds = Credentials::new("ASIAEXAMPLE", "secret")?.expiring_at(SigningTime::from_unix(1_000)?);
    /// let bucket = Bucket::new("b-1", "us-east-1")?;
    /// let t = SigningTime::from_unix(400)?;
    /// assert!(bucket.get("k").presign(&creds, t, 3600).is_err());
    /// let url = bucket.get("k").expiry_policy(ExpiryPolicy::Clamp).presign(&creds, t, 3600)?;
    /// assert!(url.contains("&X-Amz-Expires=600&"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn expiry_policy(mut self, policy: ExpiryPolicy) -> Self {
        self.expiry_policy = policy;
        self
    }

    /// Signs at the start of the `seconds`-long window (counted from the
    /// Unix epoch) that holds the signing time, so every call inside one
    /// window returns the same URL: links a CDN or browser can cache.
    ///
    /// The URL then ends `expires_in` seconds after the window's start
    /// (as [`PresignedUrl::expires_at`] reports), so from any call inside
    /// the window it stays valid for more than `expires_in - seconds`
    /// seconds (but never past the credentials' end, see below).
    /// `seconds` must lie in `1..=expires_in`, else presigning is an
    /// [`ErrorKind::InvalidExpiry`] error: a URL handed out at a window's
    /// end must still work.
    ///
    /// With credentials that expire ([`Credentials::expires_at`]), the
    /// [`ExpiryPolicy`] is applied to the URL as signed: refused when
    /// `window start + expires_in` is past their end, or clamped to end
    /// with them (the same URL for the whole window still); credentials
    /// already expired at the call's own time are always an error.
    ///
    /// ```
    /// use awssig::{Credentials, SigningTime, s3::Bucket};
    /// let creds = Credentials::new("AKID", "secret")?;
    /// let bucket = Bucket::new("b-1", "us-east-1")?;
    /// let get = bucket.get("k").time_window(300);
    /// // 1_700_000_100 (2023-11-14T22:15:00Z) starts a 300 s window.
    /// let a = get.presign_detailed(&creds, SigningTime::from_unix(1_700_000_150)?, 3600)?;
    /// let b = get.presign_detailed(&creds, SigningTime::from_unix(1_700_000_399)?, 3600)?;
    /// assert_eq!(a.url(), b.url());
    /// assert!(a.url().contains("X-Amz-Date=20231114T221500Z"));
    /// assert_eq!(a.expires_at().unix(), 1_700_000_100 + 3600);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn time_window(mut self, seconds: u64) -> Self {
        self.time_window = Some(seconds);
        self
    }

    /// The time written in the URL and its lifetime from then: the
    /// window's start and the [`ExpiryPolicy`] applied. `expires_in` is
    /// checked against the signature version's bounds first.
    fn lifetime(
        &self,
        credentials: &Credentials,
        now: SigningTime,
        expires_in: u64,
    ) -> Result<(SigningTime, u64)> {
        if self.time_window.is_none() && credentials.expires_at().is_none() {
            return Ok((now, expires_in));
        }
        let signed_at = match self.time_window {
            None => now,
            Some(w) if (1..=expires_in).contains(&w) => now.window_start(w),
            Some(w) => {
                return Err(Error::new(
                    ErrorKind::InvalidExpiry,
                    alloc::format!(
                        "time_window {w} s must be at least 1 s and at most expires_in ({expires_in} s), so that a URL handed out at the window's end still works"
                    ),
                ))
            }
        };
        if self.bucket.version == crate::SignatureVersion::V2 {
            crate::v2::presign::expires_at(&signed_at, expires_in)?;
        } else {
            crate::v4::presign::check_expires(expires_in)?;
        }
        let n = crate::expiry_policy::lifetime(
            credentials,
            now,
            signed_at,
            expires_in,
            self.expiry_policy,
        )?;
        Ok((signed_at, n))
    }

    /// Marks the URL as one-time: a signed `x-awssig-once` parameter
    /// holding `nonce` (16 random bytes from your RNG; two one-time URLs
    /// for the same object in the same second then differ). A server that
    /// verifies with [`crate::verify::replay::OnceLinks`] admits it once;
    /// S3 itself ignores the parameter. SigV4 only (presigning with SigV2
    /// is an error: it would not sign the marker).
    ///
    /// ```
    /// use awssig::{Credentials, SigningTime, s3::Bucket};
    /// let creds = Credentials::new("AKID", "secret")?;
    /// let t = SigningTime::from_unix(1_700_000_000)?;
    /// let url = Bucket::new("b-1", "us-east-1")?.get("k").once([7; 16]).presign(&creds, t, 600)?;
    /// assert!(url.contains("?x-awssig-once=BwcHBwcHBwcHBwcHBwcHBw&"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn once(self, nonce: [u8; 16]) -> Self {
        self.query(ONCE_PARAM, super::once::marker_value(&nonce))
    }

    /// Adds a query parameter (decoded; it is encoded here). They appear in
    /// the URL in the order added, before the signature's own. A bare
    /// sub-resource such as `uploads` takes an empty value.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let url = Bucket::new("b-1", "us-east-1")?.request("POST", "big.bin").query("uploads", "").presign(&creds, SigningTime::from_unix(0)?, 60)?;
    /// assert!(url.contains("/big.bin?uploads=&X-Amz-Algorithm="));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn query(mut self, name: impl Into<Cow<'b, str>>, value: impl Into<Cow<'b, str>>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    /// Adds a header to sign (`Content-Type`, `Content-MD5`, `x-amz-acl`,
    /// `x-amz-meta-*`, checksum headers, `Range`, …). The URL's user must
    /// send it with this value. With
    /// [`SignatureVersion::V2`](crate::SignatureVersion::V2) only `x-amz-*`,
    /// `Content-Type` and `Content-MD5` can be signed (they are also carried
    /// in the query); any other is an [`ErrorKind::UnsupportedHeader`] error
    /// when presigning.
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

    /// `uploadId` and `partNumber`: one part of a multipart upload (PUT).
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let url = Bucket::new("b-1", "us-east-1")?.put("big.bin").upload_part("VXBsb2FkSUQ", 3).presign(&creds, SigningTime::from_unix(0)?, 60)?;
    /// assert!(url.contains("?uploadId=VXBsb2FkSUQ&partNumber=3&"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    ///
    /// A part number outside 1–10000 is an [`ErrorKind::InvalidMultipart`]
    /// error when presigning:
    ///
    /// ```
    /// # use awssig::{Credentials, ErrorKind, SigningTime, s3::Bucket};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let err = Bucket::new("b-1", "us-east-1")?.put("big.bin").upload_part("VXBsb2FkSUQ", 0).presign(&creds, SigningTime::from_unix(0)?, 60).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::InvalidMultipart);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn upload_part(self, upload_id: impl Into<Cow<'b, str>>, part_number: u16) -> Self {
        let this = match crate::s3::multipart::check_part_number(part_number) {
            Ok(()) => self,
            Err(e) => self.refuse(e),
        };
        // botocore's order in the URL (the signature sorts them anyway).
        this.query("uploadId", upload_id)
            .query("partNumber", part_number.to_string())
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
    /// have exactly these bytes. A value that is not the canonical base64
    /// of 16 bytes is an [`ErrorKind::InvalidChecksum`] error when
    /// presigning.
    ///
    /// ```
    /// # use awssig::{Credentials, ErrorKind, SigningTime, s3::Bucket};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let bucket = Bucket::new("b-1", "us-east-1")?;
    /// let url = bucket.put("k").content_md5("1B2M2Y8AsgTpgAmY+7AoTw==").presign(&creds, SigningTime::from_unix(0)?, 60)?;
    /// assert!(url.contains("X-Amz-SignedHeaders=content-md5%3Bhost"));
    /// let hex = bucket.put("k").content_md5("d41d8cd98f00b204e9800998ecf8427e").presign(&creds, SigningTime::from_unix(0)?, 60);
    /// assert_eq!(hex.unwrap_err().kind(), ErrorKind::InvalidChecksum);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn content_md5(self, value: impl Into<Cow<'b, str>>) -> Self {
        self.header("content-md5", value)
    }

    /// Signs `Content-MD5` from the raw 16-byte MD5 digest of the body;
    /// another length is an [`ErrorKind::InvalidChecksum`] error when
    /// presigning.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// // MD5 of the empty body.
    /// let md5 = [0xd4, 0x1d, 0x8c, 0xd9, 0x8f, 0x00, 0xb2, 0x04, 0xe9, 0x80, 0x09, 0x98, 0xec, 0xf8, 0x42, 0x7e];
    /// let p = Bucket::new("b-1", "us-east-1")?.put("k").content_md5_digest(&md5).presign_detailed(&creds, SigningTime::from_unix(0)?, 60)?;
    /// assert_eq!(p.headers(), [("content-md5".to_string(), "1B2M2Y8AsgTpgAmY7PhCfg==".to_string())]);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn content_md5_digest(self, digest: &[u8]) -> Self {
        match pin::md5_from_digest(digest) {
            Ok(v) => self.header("content-md5", v),
            Err(e) => self.refuse(e),
        }
    }

    /// Pins the body by its checksum: signs `x-amz-checksum-<algorithm>`
    /// with the base64 of `digest` (the raw checksum: 4 bytes for CRC32 and
    /// CRC32C, 8 for CRC64NVME, 20 for SHA-1, 32 for SHA-256). S3 refuses
    /// an upload whose body does not match (`BadDigest`). The header is
    /// signed, never put in the query, and listed by
    /// [`PresignedUrl::headers`]: the uploader must send it. A digest of
    /// another length, a second checksum pin, or a SigV2 bucket (which
    /// would carry it in the query) is an error when presigning.
    ///
    /// ```
    /// use awssig::{Credentials, ErrorKind, SigningTime, s3::{Bucket, ChecksumAlgorithm}};
    /// let creds = Credentials::new("AKID", "secret")?;
    /// let bucket = Bucket::new("b-1", "us-east-1")?;
    /// let digest = [0u8; 32]; // sha256(body) in real use
    /// let p = bucket.put("k").checksum(ChecksumAlgorithm::Sha256, &digest).presign_detailed(&creds, SigningTime::from_unix(0)?, 60)?;
    /// assert_eq!(p.headers(), [("x-amz-checksum-sha256".to_string(), "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=".to_string())]);
    /// assert!(!p.url().contains("x-amz-checksum-sha256="));
    /// let err = bucket.put("k").checksum(ChecksumAlgorithm::Sha256, &digest[..20]).presign(&creds, SigningTime::from_unix(0)?, 60).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::InvalidChecksum);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn checksum(self, algorithm: ChecksumAlgorithm, digest: &[u8]) -> Self {
        match pin::checksum_from_digest(algorithm, digest) {
            Ok(v) => self.pin_header(algorithm.header_name(), v.into()),
            Err(e) => self.refuse(e),
        }
    }

    /// [`PresignRequest::checksum`] from the base64 value (what
    /// `ChecksumSHA256` and its kin hold in the SDKs). A value that is not
    /// the canonical base64 of a digest of the algorithm's length is an
    /// [`ErrorKind::InvalidChecksum`] error when presigning.
    ///
    /// ```
    /// use awssig::{Credentials, ErrorKind, SigningTime, s3::{Bucket, ChecksumAlgorithm}};
    /// let creds = Credentials::new("AKID", "secret")?;
    /// let bucket = Bucket::new("b-1", "us-east-1")?;
    /// let url = bucket.put("k")
    ///     .checksum_base64(ChecksumAlgorithm::Sha256, "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=")
    ///     .presign(&creds, SigningTime::from_unix(0)?, 60)?;
    /// assert!(url.contains("X-Amz-SignedHeaders=host%3Bx-amz-checksum-sha256&"));
    /// let err = bucket.put("k").checksum_base64(ChecksumAlgorithm::Sha1, "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=")
    ///     .presign(&creds, SigningTime::from_unix(0)?, 60).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::InvalidChecksum);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn checksum_base64(
        self,
        algorithm: ChecksumAlgorithm,
        value: impl Into<Cow<'b, str>>,
    ) -> Self {
        self.pin_header(algorithm.header_name(), value.into())
    }

    /// Signs `x-amz-sdk-checksum-algorithm` (boto3's `ChecksumAlgorithm`):
    /// the uploader must name this algorithm, as the SDKs do. With a
    /// [`PresignRequest::checksum`] pin it must name the same algorithm,
    /// else presigning is an [`ErrorKind::InvalidChecksum`] error (S3
    /// refuses the pair).
    ///
    /// ```
    /// use awssig::{Credentials, SigningTime, s3::{Bucket, ChecksumAlgorithm}};
    /// let creds = Credentials::new("AKID", "secret")?;
    /// let p = Bucket::new("b-1", "us-east-1")?.put("k")
    ///     .checksum_algorithm(ChecksumAlgorithm::Sha256)
    ///     .checksum_base64(ChecksumAlgorithm::Sha256, "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=")
    ///     .presign_detailed(&creds, SigningTime::from_unix(0)?, 60)?;
    /// assert_eq!(p.headers()[1], ("x-amz-sdk-checksum-algorithm".to_string(), "SHA256".to_string()));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn checksum_algorithm(self, algorithm: ChecksumAlgorithm) -> Self {
        self.pin_header(SDK_CHECKSUM_ALGORITHM, algorithm.sdk_name().into())
    }

    /// Pins the body's length: signs `Content-Length`, so an upload of any
    /// other size fails the signature check.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let p = Bucket::new("b-1", "us-east-1")?.put("k").content_length(1_048_576).presign_detailed(&creds, SigningTime::from_unix(0)?, 60)?;
    /// assert!(p.url().contains("X-Amz-SignedHeaders=content-length%3Bhost&"));
    /// assert_eq!(p.headers(), [("content-length".to_string(), "1048576".to_string())]);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn content_length(self, length: u64) -> Self {
        self.header("content-length", length.to_string())
    }

    /// A checksum pin's header: SigV2 would carry it in the query.
    fn pin_header(self, name: &'static str, value: Cow<'b, str>) -> Self {
        if self.bucket.version == crate::SignatureVersion::V2 {
            let e = Error::new(
                ErrorKind::UnsupportedHeader,
                alloc::format!(
                    "{name}: a SigV2 presigned URL carries x-amz-* headers in its query, where                      the uploader could not be held to them; pin checksums with SigV4"
                ),
            );
            return self.refuse(e);
        }
        self.header(name, value)
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
        if let Some(e) = &self.invalid {
            return Err(e.clone());
        }
        self.check_pins()?;
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
        if self.bucket.version == crate::SignatureVersion::V2
            && self.query.iter().any(|(n, _)| n == ONCE_PARAM)
        {
            return Err(Error::new(
                ErrorKind::InvalidQuery,
                alloc::format!(
                    "a one-time link needs SigV4: SigV2 does not sign the {ONCE_PARAM} parameter, so a holder could strip it"
                ),
            ));
        }
        Ok(())
    }
    /// The pins among the headers, however given: each `Content-MD5` and
    /// `x-amz-checksum-*` value well formed, one checksum at most, and an
    /// `x-amz-sdk-checksum-algorithm` naming it.
    fn check_pins(&self) -> Result<()> {
        let mut checksum: Option<ChecksumAlgorithm> = None;
        let mut sdk: Option<(&str, Option<ChecksumAlgorithm>)> = None;
        for (n, v) in &self.headers {
            if n.eq_ignore_ascii_case("content-md5") {
                pin::check_md5_base64(v)?;
            } else if n.eq_ignore_ascii_case(SDK_CHECKSUM_ALGORITHM) {
                sdk = Some((v, ChecksumAlgorithm::from_sdk_name(v)));
            } else if let Some(alg) = ChecksumAlgorithm::from_header_name(n) {
                pin::check_checksum_base64(alg, v)?;
                if let Some(first) = checksum.replace(alg) {
                    return Err(Error::new(
                        ErrorKind::InvalidChecksum,
                        alloc::format!(
                            "two checksum pins, {} and {}: S3 accepts one x-amz-checksum-* header per request",
                            first.header_name(),
                            alg.header_name()
                        ),
                    ));
                }
            }
        }
        match (sdk, checksum) {
            (Some((name, None)), _) => Err(Error::new(
                ErrorKind::InvalidChecksum,
                alloc::format!(
                    "{SDK_CHECKSUM_ALGORITHM} {name:?} names no checksum this build knows (CRC32, CRC32C, CRC64NVME with the `checksums` feature; SHA1, SHA256)"
                ),
            )),
            (Some((_, Some(named))), Some(pinned)) if named != pinned => Err(Error::new(
                ErrorKind::InvalidChecksum,
                alloc::format!(
                    "{SDK_CHECKSUM_ALGORITHM} names {} but the pinned checksum is {}: S3 refuses the pair",
                    named.sdk_name(),
                    pinned.header_name()
                ),
            )),
            _ => Ok(()),
        }
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
        let (sig, signed_at, expires_in) = self.write(credentials, time, expires_in, &mut url)?;
        let mut headers: Vec<(String, String)> = self
            .headers
            .iter()
            .map(|(n, v)| (n.to_ascii_lowercase(), v.to_string()))
            .collect();
        headers.sort_by(|a, b| a.0.cmp(&b.0));
        let expires_at = match sig {
            UrlSignature::V4(_) => signed_at.plus_saturating(expires_in),
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
impl fmt::Debug for PresignRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PresignRequest")
            .field("bucket", &self.bucket.name())
            .field("method", &self.method)
            .field("key", &self.key)
            .field("query", &self.query)
            .field("headers", &self.headers)
            .field("expiry_policy", &self.expiry_policy)
            .field("time_window", &self.time_window)
            .field("invalid", &self.invalid)
            .finish()
    }
}
