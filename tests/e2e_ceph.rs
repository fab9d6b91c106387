//! End-to-end tests against Ceph RADOS Gateway, started by
//! `scripts/e2e-ceph.sh` (which runs this file with `--ignored` and the
//! endpoint in `AWSSIG_E2E_CEPH_ENDPOINT`). Ignored in a plain `cargo test`;
//! run with `--ignored` but without the endpoint, it fails: a server that
//! is not there is not a pass. The scenarios are in `tests/e2e/mod.rs`.

mod e2e;

fn env_or(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_string())
}

/// What Ceph 16.2 (Pacific, as Debian 12 packages it) cannot do, whatever
/// signs the request.
fn ceph_limits() -> Vec<(String, String)> {
    vec![
        (
            "unsigned x-amz-*: S3 refuses".into(),
            "Ceph 16.2 does not check that every x-amz-* header is signed: it applies \
             unsigned ones, and an unsigned x-amz-copy-source on a presigned PUT copies \
             another object"
                .into(),
        ),
        (
            // The body-check rows that hold a body to an x-amz-checksum-*.
            ", checksum ".into(),
            "Ceph 16.2 does not know S3's x-amz-checksum-* headers (nor \
             x-amz-sdk-checksum-algorithm, nor one in a presigned query): it ignores \
             them and stores a body that breaks them"
                .into(),
        ),
        (
            "Complete answers the multipart ETag".into(),
            "Ceph 16.2 answers CompleteMultipartUpload with an empty <ETag></ETag> (the \
             stored object's ETag, on GET, is the multipart one)"
                .into(),
        ),
        (
            "abort, then ListParts".into(),
            "Ceph 16.2 answers ListParts of an aborted upload with 404 NoSuchKey, not \
             NoSuchUpload"
                .into(),
        ),
        (
            "aws-chunked trailer:".into(),
            "Ceph 16.2 does not know the -TRAILER aws-chunked modes: it takes \
         STREAMING-*-TRAILER for a literal payload hash and answers 400 \
         XAmzContentSHA256Mismatch (its log: `payload request hash = \
         STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER`)"
                .into(),
        ),
    ]
}

#[test]
#[ignore = "needs Ceph RGW: bash scripts/e2e-ceph.sh"]
fn e2e_against_ceph_rgw() {
    let endpoint = std::env::var("AWSSIG_E2E_CEPH_ENDPOINT").unwrap_or_default();
    assert!(
        !endpoint.is_empty(),
        "AWSSIG_E2E_CEPH_ENDPOINT is not set: start Ceph RGW and run these tests with `bash scripts/e2e-ceph.sh`"
    );
    e2e::run_suite(e2e::Server {
        name: "ceph-rgw".into(),
        endpoint,
        vhost_domain: env_or("AWSSIG_E2E_CEPH_VHOST_DOMAIN", "s3.ceph.localhost:7480"),
        region: env_or("AWSSIG_E2E_CEPH_REGION", "us-east-1"),
        access_key: env_or("AWSSIG_E2E_CEPH_ACCESS_KEY", "CEPHSIGTEST0000000001"),
        secret_key: env_or(
            "AWSSIG_E2E_CEPH_SECRET_KEY",
            "cephsigtestsecret0000000000000000000000001",
        ),
        limits: ceph_limits(),
        expect_100_continue: false,
        sts_user: Some(env_or("AWSSIG_E2E_CEPH_USER", "awssig-e2e")),
    });
}
