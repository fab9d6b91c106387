//! End-to-end tests against s3s-fs 0.14.1 (an independent Rust S3 server),
//! served in-process on a loopback port with a fresh data directory; no
//! setup needed. The scenarios are in `tests/e2e/mod.rs`.

mod e2e;

use e2e::s3s_server::S3sServer;

/// What s3s-fs cannot do, whatever signs the request: it stores an object
/// at the file path `bucket/key` (so `a//b` is `a/b`, `./x` is `x`, `x/..`
/// and `/leading` fail with 500) and its metadata in a file named after the
/// key in base64 (so a key over ~180 bytes fails with 500: file name too
/// long). The signature of those requests is accepted: the errors come from
/// the storage, after authentication.
fn s3s_fs_limits() -> Vec<(String, String)> {
    let fs = "s3s-fs maps keys to file paths";
    let mut v: Vec<(String, String)> = ["key a//b", "key ./x", "key x/..", "key leading /"]
        .iter()
        .map(|k| (k.to_string(), fs.to_string()))
        .collect();
    v.push((
        "key 1000-byte key".into(),
        "s3s-fs names a metadata file after the base64 key: too long for the file system".into(),
    ));
    v.push((
        "body does not match the signed hash".into(),
        "s3s answers 500 InternalError, not a 4xx (it stores nothing)".into(),
    ));
    for row in ["a tampered chunk", "a tampered checksum trailer"] {
        v.push((
            row.into(),
            "s3s answers a chunk or trailer signature mismatch with 500 InternalError, not a 4xx (it keeps the previous object)".into(),
        ));
    }
    v.push((
        "unsigned payload, a wrong checksum trailer".into(),
        "s3s-fs checks the trailer checksum after writing: it answers 400 BadDigest but has already replaced the object".into(),
    ));
    v.push((
        "x-amz-meta (in the URL)".into(),
        "s3s does not take x-amz-* from a SigV2 URL's query (botocore's way; Ceph does): \
         it matches only if the client also sends the header, which Ceph then counts twice"
            .into(),
    ));
    v.push((
        "unsigned x-amz-*: S3 refuses".into(),
        "s3s 0.14.1 does not check that every x-amz-* header is signed: it applies unsigned \
         ones (s3s#818 added the check in a later release, s3s#830 narrowed its exemptions \
         to x-amz-content-sha256)"
            .into(),
    ));
    // Specific rows first: the first limit whose text a row name holds wins.
    v.push((
        "x-amz-sdk-checksum-algorithm that names another".into(),
        "s3s 0.14.1 does not compare x-amz-sdk-checksum-algorithm with the checksum header \
         sent: it answers 200 and stores the object"
            .into(),
    ));
    v.push((
        "x-amz-checksum-crc32 in its query".into(),
        "s3s 0.14.1 does not take x-amz-checksum-* from a presigned URL's query: it stores \
         a body that breaks the checksum the URL was signed with"
            .into(),
    ));
    v.push((
        "Content-MD5 that is not the base64".into(),
        "s3s-fs answers a malformed Content-MD5 with BadDigest, not InvalidDigest, after \
         storing the body"
            .into(),
    ));
    v.push((
        "pinned upload: S3 refuses another body".into(),
        "s3s-fs checks Content-MD5 and x-amz-checksum-* after writing: it answers 400 \
         BadDigest but has already stored the body"
            .into(),
    ));
    v.push((
        "abort, then ListParts".into(),
        "s3s-fs 0.14.1 answers ListParts of an aborted upload with 200 and an empty \
         ListPartsResult, not 404 NoSuchUpload"
            .into(),
    ));
    v.push((
        "body check: S3 refuses".into(),
        "s3s-fs checks Content-MD5 and x-amz-checksum-* after writing: it answers 400 \
         BadDigest but has already stored the body"
            .into(),
    ));
    v.push((
        "session token:".into(),
        "s3s has no STS: GetSessionToken answers 501 NotImplemented, so it issues no temporary credentials".into(),
    ));
    v
}

#[test]
fn e2e_against_s3s_fs() {
    let server = S3sServer::start();
    e2e::run_suite(server.e2e_server(s3s_fs_limits()));
    drop(server);
}
