//! The suites of the core, in one test binary: the published vectors (AWS
//! suites, S3 and SigV2 documentation examples, botocore corpora), the
//! typed errors, and verification. None needs a default feature, so CI
//! runs them all without std: `cargo test --no-default-features --test
//! vectors`. A suite added here runs there too, with no list to update.
//!
//! The SigV4A suites need the `sigv4a` feature (no_std too): `cargo test
//! --no-default-features --features sigv4a --test vectors`.
//!
//! Suites that need a feature (`cli`, `http`, std's `io::Write` for
//! aws-chunked), their own binary (`allocations`' global allocator) or a
//! server (`e2e_*`, `examples`) stay top-level files in `tests/`.

#[path = "../common/mod.rs"]
mod common;

mod chunked_docs;
mod credentials_assume_role;
mod credentials_botocore;
mod credentials_container;
mod credentials_env;
mod credentials_imds;
mod credentials_process;
mod credentials_profile;
mod credentials_sso;
mod credentials_sts;
mod explain_table;
mod pin_errors;
mod post_botocore;
mod post_docs;
mod post_errors;
#[cfg(feature = "sigv4a")]
mod s3_mrap;
mod s3_presign;
mod s3_presign_botocore;
mod s3_presign_pinned;
mod s3_presign_v2;
mod sigv2_botocore;
mod sigv2_docs;
mod sigv2_errors;
mod sigv4_docs;
mod sigv4_errors;
mod sigv4_suite;
mod sigv4_suite_2015;
#[cfg(feature = "sigv4a")]
mod sigv4a_botocore;
#[cfg(feature = "sigv4a")]
mod sigv4a_chunked;
#[cfg(feature = "sigv4a")]
mod sigv4a_suite;
mod tokens_botocore;
mod verify_body;
mod verify_post;
mod verify_refusals;
mod verify_v2;
mod verify_v4;
#[cfg(feature = "sigv4a")]
mod verify_v4a;
