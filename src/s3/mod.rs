//! S3: buckets, endpoints, addressing, and presigned object URLs.
//!
//! ```
//! use awssig::{Credentials, SigningTime};
//! use awssig::s3::{AddressingStyle, Bucket, Endpoint};
//!
//! let creds = Credentials::new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")?;
//! // A local MinIO: path style.
//! let minio = Bucket::with_endpoint("media", "us-east-1", Endpoint::parse("http://127.0.0.1:9000")?)?
//!     .addressing_style(AddressingStyle::Path)?;
//! let url = minio.get("clips/intro.mp4").presign(&creds, SigningTime::from_unix(1_700_000_000)?, 900)?;
//! assert!(url.starts_with("http://127.0.0.1:9000/media/clips/intro.mp4?X-Amz-Algorithm=AWS4-HMAC-SHA256&"));
//! # Ok::<(), awssig::Error>(())
//! ```

mod bucket;
mod endpoint;
pub mod multipart;
mod object;
mod once;
mod pin;
mod post_form;

pub use bucket::{AddressingStyle, Bucket};
pub use endpoint::{Endpoint, Scheme};
pub use multipart::Multipart;
pub use object::{PresignRequest, PresignedUrl, MAX_KEY_LEN};
pub use once::ONCE_PARAM;
pub use post_form::PostPolicy;

/// The checksum a presigned upload or POST form pins
/// ([`PresignRequest::checksum`]); also at
/// [`crate::v4::chunked::ChecksumAlgorithm`].
#[doc(no_inline)]
pub use crate::v4::chunked::ChecksumAlgorithm;

/// Also at the crate root ([`crate::SignatureVersion`]), where the
/// verifier uses it too.
#[doc(no_inline)]
pub use crate::SignatureVersion;
