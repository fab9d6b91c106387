//! Guides, as pages of the documentation (their examples are tested).

#[doc = include_str!("../docs/coming-from-boto3.md")]
pub mod coming_from_boto3 {}
