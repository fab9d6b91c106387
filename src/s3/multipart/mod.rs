//! Presigned multipart uploads as one flow: [`Multipart`] presigns
//! `CreateMultipartUpload`, each `UploadPart` (with its own pins),
//! `CompleteMultipartUpload`, `AbortMultipartUpload` and `ListParts`;
//! [`PartPlan`] cuts an object into parts S3 accepts;
//! [`CompleteMultipartUpload`] writes the Complete request's XML body; and
//! [`InitiateResult`], [`CompleteOutcome`] and [`ErrorResponse`] read
//! S3's answers. Sans-IO: whoever holds the URLs (a script, a browser)
//! sends the requests.
//!
//! ```
//! use awssig::{Credentials, SigningTime};
//! use awssig::s3::Bucket;
//! use awssig::s3::multipart::{CompleteMultipartUpload, InitiateResult, PartPlan};
//!
//! let creds = Credentials::new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")?;
//! let t = SigningTime::from_unix(1_700_000_000)?;
//! let bucket = Bucket::new("uploads", "eu-west-1")?;
//! let upload = bucket.multipart("videos/big.mp4");
//! let create = upload.create().presign(&creds, t, 600)?; // POST it, read the answer:
//! let answer = "<InitiateMultipartUploadResult><Bucket>uploads</Bucket>\
//!     <Key>videos/big.mp4</Key><UploadId>VXBsb2FkSUQ</UploadId></InitiateMultipartUploadResult>";
//! let id = InitiateResult::parse(answer)?.upload_id().to_string();
//! let plan = PartPlan::new(20 * 1024 * 1024, 8 * 1024 * 1024)?; // 8 + 8 + 4 MiB
//! let mut urls = Vec::new();
//! for part in plan.parts() {
//!     urls.push(upload.upload_part(&id, part.number()).content_length(part.len()).presign(&creds, t, 600)?);
//! }
//! assert_eq!(urls.len(), 3);
//! let body = CompleteMultipartUpload::new().part(1, "\"a\"").part(2, "\"b\"").part(3, "\"c\"").to_xml()?;
//! let complete = upload.complete(&id).presign(&creds, t, 600)?; // POST `body` to it
//! assert!(create.contains("?uploads=&") && complete.contains("?uploadId=VXBsb2FkSUQ&"));
//! # let _ = body;
//! # Ok::<(), awssig::Error>(())
//! ```

mod complete;
mod plan;
mod response;

pub use complete::CompleteMultipartUpload;
pub use plan::{Part, PartPlan};
pub use response::{CompleteOutcome, CompleteResult, ErrorResponse, InitiateResult};

use alloc::borrow::Cow;
use core::fmt;

use crate::error::{Error, ErrorKind, Result};

use super::bucket::Bucket;
use super::object::PresignRequest;

/// The highest part number S3 accepts (and so the most parts).
///
/// ```
/// use awssig::s3::multipart::{PartPlan, MAX_PARTS, MIN_PART_SIZE};
/// assert!(PartPlan::new(u64::from(MAX_PARTS) * MIN_PART_SIZE, MIN_PART_SIZE).is_ok());
/// assert!(PartPlan::new(u64::from(MAX_PARTS) * MIN_PART_SIZE + 1, MIN_PART_SIZE).is_err());
/// ```
pub const MAX_PARTS: u16 = 10_000;
/// The smallest part S3 accepts, except the last: 5 MiB.
///
/// ```
/// use awssig::s3::multipart::{PartPlan, MIN_PART_SIZE};
/// assert!(PartPlan::new(20 << 20, MIN_PART_SIZE - 1).is_err());
/// assert_eq!(PartPlan::new(12 << 20, MIN_PART_SIZE)?.count(), 3); // 5 + 5 + 2 MiB
/// # Ok::<(), awssig::Error>(())
/// ```
pub const MIN_PART_SIZE: u64 = 5 * 1024 * 1024;
/// The largest part S3 accepts: 5 GiB.
///
/// ```
/// use awssig::s3::multipart::{PartPlan, MAX_PART_SIZE};
/// assert!(PartPlan::new(MAX_PART_SIZE + 1, MAX_PART_SIZE + 1).is_err());
/// ```
pub const MAX_PART_SIZE: u64 = 5 * 1024 * 1024 * 1024;
/// The largest object a multipart upload can make: 5 TiB.
///
/// ```
/// use awssig::s3::multipart::{PartPlan, MAX_OBJECT_SIZE, MAX_PART_SIZE};
/// assert!(PartPlan::new(MAX_OBJECT_SIZE, MAX_PART_SIZE).is_ok());
/// assert!(PartPlan::new(MAX_OBJECT_SIZE + 1, MAX_PART_SIZE).is_err());
/// ```
pub const MAX_OBJECT_SIZE: u64 = 5 * 1024 * 1024 * 1024 * 1024;

/// Part numbers run 1 to 10000.
pub(crate) fn check_part_number(number: u16) -> Result<()> {
    if (1..=MAX_PARTS).contains(&number) {
        return Ok(());
    }
    Err(Error::new(
        ErrorKind::InvalidMultipart,
        alloc::format!("part number {number} is out of range: S3 numbers parts 1 to {MAX_PARTS}"),
    ))
}

/// One multipart upload of one key, presigned step by step. Made by
/// [`Bucket::multipart`]; every step is a [`PresignRequest`], so pins,
/// headers and expiry work as for any presigned URL.
///
/// ```
/// use awssig::{Credentials, SigningTime, s3::Bucket};
/// let creds = Credentials::new("AKID", "secret")?;
/// let bucket = Bucket::new("b-1", "us-east-1")?;
/// let t = SigningTime::from_unix(0)?;
/// let up = bucket.multipart("big.bin");
/// assert!(up.abort("ID").presign(&creds, t, 60)?.contains("/big.bin?uploadId=ID&"));
/// assert!(up.list_parts("ID").presign(&creds, t, 60)?.contains("/big.bin?uploadId=ID&"));
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, Copy)]
pub struct Multipart<'b> {
    bucket: &'b Bucket,
    key: &'b str,
}

impl fmt::Debug for Multipart<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Multipart")
            .field("bucket", &self.bucket.name())
            .field("key", &self.key)
            .finish()
    }
}

impl Bucket {
    /// A multipart upload of `key`: see [`Multipart`].
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let url = Bucket::new("b-1", "us-east-1")?.multipart("big.bin").create().presign(&creds, SigningTime::from_unix(0)?, 60)?;
    /// assert!(url.starts_with("https://b-1.s3.amazonaws.com/big.bin?uploads=&X-Amz-Algorithm="));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn multipart<'b>(&'b self, key: &'b str) -> Multipart<'b> {
        Multipart { bucket: self, key }
    }
}

impl<'b> Multipart<'b> {
    /// `CreateMultipartUpload`: `POST /key?uploads`. Headers the object
    /// keeps (`Content-Type`, `x-amz-meta-*`, `x-amz-checksum-algorithm`)
    /// go here.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let bucket = Bucket::new("b-1", "us-east-1")?;
    /// let p = bucket.multipart("k").create().content_type("video/mp4").presign_detailed(&creds, SigningTime::from_unix(0)?, 60)?;
    /// assert!(p.url().contains("?uploads=&"));
    /// assert_eq!(p.headers()[0].0, "content-type");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn create(&self) -> PresignRequest<'b> {
        self.bucket.request("POST", self.key).query("uploads", "")
    }

    /// `UploadPart`: `PUT /key?uploadId=ID&partNumber=N`, to pin with
    /// [`PresignRequest::content_length`], [`PresignRequest::checksum`] or
    /// [`PresignRequest::content_md5`]. A part number outside 1–10000 is an
    /// [`ErrorKind::InvalidMultipart`] error when presigning.
    ///
    /// ```
    /// use awssig::{Credentials, ErrorKind, SigningTime, s3::{Bucket, ChecksumAlgorithm}};
    /// let creds = Credentials::new("AKID", "secret")?;
    /// let bucket = Bucket::new("b-1", "us-east-1")?;
    /// let up = bucket.multipart("k");
    /// let p = up.upload_part("ID", 2)
    ///     .content_length(5_242_880)
    ///     .checksum(ChecksumAlgorithm::Sha256, &[7; 32])
    ///     .presign_detailed(&creds, SigningTime::from_unix(0)?, 60)?;
    /// assert!(p.url().contains("?uploadId=ID&partNumber=2&"));
    /// assert_eq!(p.headers().len(), 2);
    /// let err = up.upload_part("ID", 10_001).presign(&creds, SigningTime::from_unix(0)?, 60).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::InvalidMultipart);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn upload_part(
        &self,
        upload_id: impl Into<Cow<'b, str>>,
        part_number: u16,
    ) -> PresignRequest<'b> {
        self.bucket
            .request("PUT", self.key)
            .upload_part(upload_id, part_number)
    }

    /// `CompleteMultipartUpload`: `POST /key?uploadId=ID`, with the body
    /// [`CompleteMultipartUpload::to_xml`] writes.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let url = Bucket::new("b-1", "us-east-1")?.multipart("k").complete("ID").presign(&creds, SigningTime::from_unix(0)?, 60)?;
    /// assert!(url.contains("/k?uploadId=ID&X-Amz-"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn complete(&self, upload_id: impl Into<Cow<'b, str>>) -> PresignRequest<'b> {
        self.bucket
            .request("POST", self.key)
            .query("uploadId", upload_id)
    }

    /// `AbortMultipartUpload`: `DELETE /key?uploadId=ID`.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let p = Bucket::new("b-1", "us-east-1")?.multipart("k").abort("ID").presign_detailed(&creds, SigningTime::from_unix(0)?, 60)?;
    /// assert!(p.url().contains("/k?uploadId=ID&"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn abort(&self, upload_id: impl Into<Cow<'b, str>>) -> PresignRequest<'b> {
        self.bucket
            .request("DELETE", self.key)
            .query("uploadId", upload_id)
    }

    /// `ListParts`: `GET /key?uploadId=ID` (add `max-parts` or
    /// `part-number-marker` with [`PresignRequest::query`]).
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let url = Bucket::new("b-1", "us-east-1")?.multipart("k").list_parts("ID").query("max-parts", "100").presign(&creds, SigningTime::from_unix(0)?, 60)?;
    /// assert!(url.contains("/k?uploadId=ID&max-parts=100&"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn list_parts(&self, upload_id: impl Into<Cow<'b, str>>) -> PresignRequest<'b> {
        self.bucket
            .request("GET", self.key)
            .query("uploadId", upload_id)
    }
}
