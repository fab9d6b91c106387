//! The suites of the core, in one test binary: the published vectors (AWS
//! suites, S3 and SigV2 documentation examples, botocore corpora), the
//! typed errors, and verification. None needs a default feature, so CI
//! runs them all without std: `cargo test --no-default-features --test
//! vectors`. A suite added here runs there too, with no list to update.
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
mod pin_errors;
mod post_botocore;
mod post_docs;
mod post_errors;
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
mod verify_body;
mod verify_post;
mod verify_refusals;
mod verify_v2;
mod verify_v4;
