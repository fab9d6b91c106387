//! [`SignatureVersion`]: which AWS signature (SigV4, SigV2, SigV4A) a request
//! carries; shared by the S3 builders and the verifier.

/// Which AWS signature version: the one a bucket's presigned URLs carry,
/// and the one a verified POST upload was signed with.
///
/// SigV4 is what AWS requires in every region opened since 2014 and the
/// default; SigV2 (`AWSAccessKeyId`, `Signature`, `Expires`) is for stores
/// that still speak only it (older Ceph RGW, MinIO, Riak CS, on-premise
/// appliances). Switching a deployment is one line:
///
/// ```
/// use awssig::{Credentials, SigningTime};
/// use awssig::s3::{AddressingStyle, Bucket, Endpoint, SignatureVersion};
/// let creds = Credentials::new("AKID", "secret")?;
/// let rgw = Bucket::with_endpoint("media", "us-east-1", Endpoint::parse("http://127.0.0.1:7480")?)?
///     .signature_version(SignatureVersion::V2);
/// let url = rgw.get("a.mp4").presign(&creds, SigningTime::from_unix(1_700_000_000)?, 900)?;
/// assert!(url.starts_with("http://127.0.0.1:7480/media/a.mp4?AWSAccessKeyId=AKID&Signature="));
/// assert!(url.ends_with("&Expires=1700000900"));
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SignatureVersion {
    /// AWS Signature Version 4 (`X-Amz-Algorithm=AWS4-HMAC-SHA256&…`):
    /// expiry 1..=604800 s, every header signed.
    #[default]
    V4,
    /// AWS Signature Version 2 for S3 (see [`crate::v2`]): `Expires` is an
    /// absolute time (any `expires_in` of at least 1 s), the path signed is
    /// `/bucket/key` also for virtual-hosted URLs, and only `x-amz-*`,
    /// `Content-Type` and `Content-MD5` headers can be signed (carried in
    /// the query); any other header is an error.
    V2,
    /// AWS Signature Version 4A (`X-Amz-Algorithm=AWS4-ECDSA-P256-SHA256`,
    /// feature `sigv4a`, see [`crate::v4a`]): SigV4's rules, with the
    /// bucket's region as the region set (`*` for a multi-region access
    /// point, [`crate::s3::Bucket::multi_region_access_point`]).
    #[cfg(feature = "sigv4a")]
    V4a,
}
