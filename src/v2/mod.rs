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
mod request;
mod settings;
mod signature;
mod signer;
pub mod string_to_sign;

pub use header::SignedHeaders;
pub use presign::PresignedQuery;
pub use request::Request;
pub use settings::{DateFormat, DateHeader};
pub use signer::{Signer, Steps};

pub(crate) use presign::presign_append;
pub(crate) use signature::digest;

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sub_resources_sorted_and_unique() {
        assert!(SUB_RESOURCES.windows(2).all(|w| w[0] < w[1]));
    }
}
