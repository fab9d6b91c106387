//! AWS Signature Version 4A: ECDSA P-256 over SigV4's canonical request,
//! for S3 multi-region access points and other global endpoints (feature
//! `sigv4a`).
//!
//! The canonical request is v4's, written by the same code; it signs the
//! region set (`x-amz-region-set` or `X-Amz-Region-Set`) where SigV4 puts
//! the region in the scope. The scope is `DATE/SERVICE/aws4_request`, the
//! algorithm `AWS4-ECDSA-P256-SHA256`, and the signature the DER ECDSA
//! signature of the string to sign, in hex, with the key an access key's
//! secret derives ([`EcdsaKey`]). Signatures use RFC 6979's deterministic
//! nonce: no random source, the same request signs the same (AWS's own are
//! randomized; both verify).
//!
//! ```
//! use awssig::{Credentials, SigningTime};
//! use awssig::v4::{Payload, Request, SigningSettings};
//! use awssig::v4a::Signer;
//!
//! let creds = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")?;
//! let signer = Signer::new(creds, SigningSettings::new("service", "us-east-1"))?;
//! let headers = [("Host", "example.amazonaws.com")];
//! let req = Request::new("GET", "/").headers(&headers).payload(Payload::Empty);
//! let signed = signer.sign_headers(&req, SigningTime::from_amz_date("20150830T123600Z")?)?;
//! assert!(signed.authorization().starts_with(
//!     "AWS4-ECDSA-P256-SHA256 Credential=AKIDEXAMPLE/20150830/service/aws4_request, \
//!      SignedHeaders=host;x-amz-date;x-amz-region-set, Signature=30"
//! ));
//! # Ok::<(), awssig::Error>(())
//! ```

mod chunked;
pub(crate) mod key;
pub(crate) mod key_cache;
pub(crate) mod signature;
mod signer;

pub use crate::v4::{
    STREAMING_ECDSA_PAYLOAD as STREAMING_PAYLOAD,
    STREAMING_ECDSA_PAYLOAD_TRAILER as STREAMING_PAYLOAD_TRAILER,
};
pub(crate) use chunked::unpad;
pub use chunked::{ChunkSigner, ChunkVerifier, PAYLOAD_ALGORITHM, TRAILER_ALGORITHM};
pub use key::{EcdsaKey, PublicKey};
pub use signer::Signer;

/// The SigV4A algorithm name.
///
/// ```
/// assert_eq!(awssig::v4a::ALGORITHM, "AWS4-ECDSA-P256-SHA256");
/// ```
pub const ALGORITHM: &str = crate::v4::context::SIGV4A;
