//! The result of presigning with the headers to send: [`PresignedUrl`].

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::time::SigningTime;

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
    pub(super) url: String,
    pub(super) headers: Vec<(String, String)>,
    pub(super) signature: UrlSignature,
    pub(super) expires_at: SigningTime,
}

/// The signature text of a presigned URL.
#[derive(Clone, PartialEq, Eq)]
pub(super) enum UrlSignature {
    /// SigV4: 64 lowercase hex digits (SigV4A: a DER signature in hex).
    V4(crate::v4::signature::Signature),
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
            UrlSignature::V4(sig) => sig.hex(),
            UrlSignature::V2 { b64, .. } => b64,
        };
        core::str::from_utf8(bytes).unwrap_or("")
    }

    /// When the URL stops working: the time it is signed at (a
    /// [`time_window`](super::PresignRequest::time_window)'s start) plus
    /// its lifetime, for SigV2 the URL's `Expires`. A clamping
    /// [`ExpiryPolicy`](crate::ExpiryPolicy) makes it the credentials'
    /// end; credentials without a known expiry
    /// ([`Credentials::expires_at`](crate::Credentials::expires_at)) may
    /// still die earlier, and the URL with them.
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
