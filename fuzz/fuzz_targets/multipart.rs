//! Presigned multipart uploads and body pins: the S3 answers
//! (`InitiateResult`, `CompleteOutcome`, `ErrorResponse`) on arbitrary
//! text, and an upload id written into an Initiate answer with entities;
//! `CompleteMultipartUpload` on arbitrary part lists; a checksum pin on
//! an arbitrary value. Properties: no panic; a written upload id reads
//! back exactly; a Complete body is written only for part numbers in
//! 1..=10000, strictly ascending; a pin is signed only when its value is
//! the base64 of a digest of the algorithm's length.
#![no_main]

use arbitrary::Arbitrary;
use awssig::s3::multipart::{
    CompleteMultipartUpload, CompleteOutcome, ErrorResponse, InitiateResult,
};
use awssig::s3::{Bucket, ChecksumAlgorithm};
use awssig::{Credentials, SigningTime};
use base64::Engine as _;
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    answer: &'a str,
    upload_id: &'a str,
    parts: Vec<(u16, &'a str)>,
    algorithm: u8,
    value: &'a str,
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fuzz_target!(|input: Input<'_>| {
    let _ = InitiateResult::parse(input.answer);
    let _ = CompleteOutcome::parse(input.answer);
    let _ = ErrorResponse::parse(input.answer);

    let id = input.upload_id;
    let plain = !id.is_empty()
        && id.trim() == id
        && !id
            .chars()
            .any(|c| (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}');
    if plain {
        let doc = format!(
            "<InitiateMultipartUploadResult><Bucket>b</Bucket><Key>k</Key><UploadId>{}</UploadId></InitiateMultipartUploadResult>",
            escape(id)
        );
        let r = InitiateResult::parse(&doc).expect(&doc);
        assert_eq!(r.upload_id(), id);
    }

    let body = input
        .parts
        .iter()
        .fold(CompleteMultipartUpload::new(), |b, (n, e)| b.part(*n, *e));
    if body.to_xml().is_ok() {
        assert!(!input.parts.is_empty());
        for w in input.parts.windows(2) {
            assert!(w[0].0 < w[1].0, "{:?}", input.parts);
        }
        assert!(input.parts.iter().all(|(n, _)| (1..=10_000).contains(n)));
    }

    let alg = match input.algorithm % 5 {
        0 => ChecksumAlgorithm::Crc32,
        1 => ChecksumAlgorithm::Crc32c,
        2 => ChecksumAlgorithm::Crc64Nvme,
        3 => ChecksumAlgorithm::Sha1,
        _ => ChecksumAlgorithm::Sha256,
    };
    let bucket = Bucket::new("b-1", "us-east-1").unwrap();
    let creds = Credentials::new("AKID", "secret").unwrap();
    let signed = bucket.put("k").checksum_base64(alg, input.value).presign(
        &creds,
        SigningTime::from_unix(0).unwrap(),
        60,
    );
    if signed.is_ok() {
        let raw = base64::engine::general_purpose::STANDARD
            .decode(input.value)
            .expect("a pinned value is base64");
        assert_eq!(
            base64::engine::general_purpose::STANDARD.encode(&raw),
            input.value
        );
        assert_eq!(input.value.len(), alg.value_len());
    }
});
