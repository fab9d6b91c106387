#![doc = include_str!("../README.md")]
#![cfg_attr(not(feature = "std"), no_std)]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    warn(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]
#![cfg_attr(docsrs, feature(doc_cfg))]

extern crate alloc;

pub mod credentials;
mod ct_eq;
mod encode;
mod error;
mod expiry_policy;
mod inline_vec;
mod json;
mod partition;
#[cfg(feature = "serde")]
mod serde_impls;
mod sha256;
mod signature_version;
mod syntax;
mod time;
mod xml;

pub mod explain;
pub mod guide;
#[cfg(feature = "http")]
#[cfg_attr(docsrs, doc(cfg(feature = "http")))]
pub mod http;
pub mod post;
pub mod s3;
pub mod tokens;
#[cfg(feature = "tower")]
#[cfg_attr(docsrs, doc(cfg(feature = "tower")))]
pub mod tower;
pub mod v2;
pub mod v4;
#[cfg(feature = "sigv4a")]
#[cfg_attr(docsrs, doc(cfg(feature = "sigv4a")))]
pub mod v4a;
pub mod verify;

pub use credentials::Credentials;
pub use encode::uri_encode;
pub use error::{Error, ErrorKind, Result, S3ErrorCode};
pub use expiry_policy::ExpiryPolicy;
pub use signature_version::SignatureVersion;
pub use time::SigningTime;
