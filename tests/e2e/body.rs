//! A body that breaks the digest its request promises (`Content-MD5`,
//! `x-amz-checksum-*` as a header or in a presigned URL, CRC64NVME among
//! them), sent to the real server and checked by awssig's verifier and
//! [`awssig::verify::BodyCheck`] as it streams. Needs the `checksums`
//! feature (the CRCs and MD5).

use awssig::v4::chunked::ChecksumAlgorithm;
use awssig::v4::Payload;
use awssig::verify::{BodyCheck, Incoming};
use awssig::S3ErrorCode;
use base64::Engine as _;
use md5::Digest as _;

use super::refusals::awssig_verdict;
use super::{as_refs, expect, row, Ctx, Row, Style, BODY};

fn md5_b64(data: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(md5::Md5::digest(data))
}

/// awssig's verdict on the body: the signature first, then the body
/// streamed through [`BodyCheck`] in small pieces.
fn awssig_body_verdict(
    ctx: &Ctx,
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> awssig::Result<()> {
    awssig_verdict(ctx, method, url, headers)?;
    let req = Incoming::new(method, url, headers);
    let mut check = BodyCheck::new(&req)?;
    for piece in body.chunks(7) {
        check.update(piece);
    }
    check.finish().map(|_| ())
}

/// awssig and the server must both refuse with `code` (HTTP `status`), and
/// the server must store nothing under `key`.
fn both_refuse(
    ctx: &Ctx,
    key: &str,
    verdict: awssig::Result<()>,
    r: &super::Resp,
    status: u16,
    code: S3ErrorCode,
) -> Result<(), String> {
    match verdict {
        Err(e) if e.s3_code() == Some(code) => {}
        Err(e) => return Err(format!("awssig: {:?} {e}, S3 answers {code}", e.s3_code())),
        Ok(()) => return Err(format!("awssig accepted it; S3 answers {code}")),
    }
    let stored = {
        let head = ctx.presign(ctx.path.head(key))?;
        ctx.send("HEAD", &head, &[], None)?.status == 200
    };
    if r.status != status || r.code() != code.as_str() {
        return Err(format!(
            "S3 answers {status} {code}; the server answered {}{}",
            r.brief(),
            if stored { " and stored the object" } else { "" }
        ));
    }
    if stored {
        return Err(format!(
            "the server answered {} but stored the object",
            r.brief()
        ));
    }
    Ok(())
}

/// A sent request: its URL, its headers, the answer.
type Sent = (String, Vec<(String, String)>, super::Resp);

/// A header-signed PUT of `body` to `key` with `extra` headers signed.
fn signed_put(ctx: &Ctx, key: &str, extra: &[(&str, &str)], body: &[u8]) -> Result<Sent, String> {
    let path = ctx.wire_path(Style::Path, key);
    let url = ctx.url(Style::Path, &path, "");
    let h = ctx.sign_v4("PUT", Style::Path, &path, "", extra, Payload::Unsigned)?;
    let r = ctx.send("PUT", &url, &as_refs(&h), Some(body))?;
    Ok((url, h, r))
}

/// The checksums a body check knows in this build, with the wrong value
/// for `BODY` (the value of another body).
fn body_rows_checksums() -> Vec<ChecksumAlgorithm> {
    vec![
        ChecksumAlgorithm::Crc32,
        ChecksumAlgorithm::Crc32c,
        ChecksumAlgorithm::Crc64Nvme,
        ChecksumAlgorithm::Sha1,
        ChecksumAlgorithm::Sha256,
    ]
}

pub fn body_rows() -> Vec<Row> {
    let mut rows = Vec::new();
    rows.push(row(
        "body check: S3 refuses Content-MD5 that does not match the body (400 BadDigest)",
        |ctx| {
            let key = "body/md5-mismatch.bin";
            let md5 = md5_b64(b"another body");
            let extra = [("content-md5", md5.as_str())];
            let (url, h, r) = signed_put(ctx, key, &extra, BODY)?;
            let v = awssig_body_verdict(ctx, "PUT", &url, &as_refs(&h), BODY);
            both_refuse(ctx, key, v, &r, 400, S3ErrorCode::BadDigest)
        },
    ));
    rows.push(row(
        "body check: S3 refuses Content-MD5 that is not the base64 of 16 bytes (400 InvalidDigest)",
        |ctx| {
            let key = "body/md5-invalid.bin";
            let extra = [("content-md5", "bm90IGFuIG1kNQ==")];
            let (url, h, r) = signed_put(ctx, key, &extra, BODY)?;
            let v = awssig_body_verdict(ctx, "PUT", &url, &as_refs(&h), BODY);
            both_refuse(ctx, key, v, &r, 400, S3ErrorCode::InvalidDigest)
        },
    ));
    rows.push(row(
        "body check: S3 accepts Content-MD5 that matches, and answers its hex as the ETag",
        |ctx| {
            let key = "body/md5-ok.bin";
            let md5 = md5_b64(BODY);
            let extra = [("content-md5", md5.as_str())];
            let (url, h, r) = signed_put(ctx, key, &extra, BODY)?;
            awssig_body_verdict(ctx, "PUT", &url, &as_refs(&h), BODY)
                .map_err(|e| format!("awssig refused: {e}"))?;
            expect(&r, 200, "PUT")?;
            let want = format!("\"{}\"", hex(&md5::Md5::digest(BODY)));
            match r.header("etag") {
                Some(e) if e == want => Ok(()),
                other => Err(format!("ETag {other:?}, expected {want}")),
            }
        },
    ));
    for alg in body_rows_checksums() {
        let name = alg.sdk_name();
        rows.push(row(
            format!(
                "body check: S3 accepts x-amz-checksum-{} that matches (checksum {name})",
                name.to_ascii_lowercase()
            ),
            move |ctx| {
                let key = format!("body/{name}-ok.bin");
                let sum = alg.compute(BODY);
                let extra = [(alg.header_name(), sum.as_str())];
                let (url, h, r) = signed_put(ctx, &key, &extra, BODY)?;
                awssig_body_verdict(ctx, "PUT", &url, &as_refs(&h), BODY)
                    .map_err(|e| format!("awssig refused: {e}"))?;
                expect(&r, 200, "PUT")
            },
        ));
        rows.push(row(
            format!(
                "body check: S3 refuses x-amz-checksum-{} that does not match (400 BadDigest, checksum {name})",
                name.to_ascii_lowercase()
            ),
            move |ctx| {
                let key = format!("body/{name}-mismatch.bin");
                let sum = alg.compute(b"another body");
                let extra = [(alg.header_name(), sum.as_str())];
                let (url, h, r) = signed_put(ctx, &key, &extra, BODY)?;
                let v = awssig_body_verdict(ctx, "PUT", &url, &as_refs(&h), BODY);
                both_refuse(ctx, &key, v, &r, 400, S3ErrorCode::BadDigest)
            },
        ));
    }
    rows.push(row(
        "body check: S3 refuses x-amz-sdk-checksum-algorithm that names another checksum (400 InvalidRequest, checksum SHA256)",
        |ctx| {
            let key = "body/sdk-algorithm.bin";
            let sum = ChecksumAlgorithm::Crc32.compute(BODY);
            let extra = [
                ("x-amz-checksum-crc32", sum.as_str()),
                ("x-amz-sdk-checksum-algorithm", "SHA256"),
            ];
            let (url, h, r) = signed_put(ctx, key, &extra, BODY)?;
            let v = awssig_body_verdict(ctx, "PUT", &url, &as_refs(&h), BODY);
            both_refuse(ctx, key, v, &r, 400, S3ErrorCode::InvalidRequest)
        },
    ));
    rows.push(row(
        "body check: S3 refuses presigned PUT with x-amz-checksum-crc32 in its query, another body (400 BadDigest, checksum CRC32)",
        |ctx| {
            let key = "body/query-crc32.bin";
            let sum = ChecksumAlgorithm::Crc32.compute(b"the promised body");
            let url = ctx.presign(ctx.path.put(key).query("x-amz-checksum-crc32", sum.as_str()))?;
            let v = awssig_body_verdict(ctx, "PUT", &url, &[], BODY);
            let r = ctx.send("PUT", &url, &[], Some(BODY))?;
            both_refuse(ctx, key, v, &r, 400, S3ErrorCode::BadDigest)
        },
    ));
    rows
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
