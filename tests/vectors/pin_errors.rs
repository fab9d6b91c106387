//! Pinned uploads and multipart: every malformed pin, a part number out of
//! range, a Complete list out of order, an unusable part plan and an
//! unreadable S3 answer → a typed error whose message names the input.
//! Runs without std too (the CRC algorithms then do not exist; the
//! checks they share are covered through SHA-1 and SHA-256).

use awssig::s3::multipart::{
    CompleteMultipartUpload, CompleteOutcome, ErrorResponse, InitiateResult, PartPlan,
};
use awssig::s3::{Bucket, ChecksumAlgorithm, SignatureVersion};
use awssig::{Credentials, Error, ErrorKind, SigningTime};

fn setup() -> (Bucket, Credentials, SigningTime) {
    (
        Bucket::new("uploads", "eu-west-1").unwrap(),
        Credentials::new("AKIDEXAMPLE", "secret").unwrap(),
        SigningTime::from_unix(1_700_000_000).unwrap(),
    )
}

#[track_caller]
fn names(e: &Error, kind: ErrorKind, needle: &str) {
    assert_eq!(e.kind(), kind, "{e}");
    assert!(
        e.to_string().contains(needle),
        "{e:?} should name {needle:?}"
    );
}

/// Every algorithm this build knows, with a valid base64 value.
fn algorithms() -> Vec<(ChecksumAlgorithm, &'static str)> {
    vec![
        #[cfg(feature = "checksums")]
        (ChecksumAlgorithm::Crc32, "AAAAAA=="),
        #[cfg(feature = "checksums")]
        (ChecksumAlgorithm::Crc32c, "AAAAAA=="),
        #[cfg(feature = "checksums")]
        (ChecksumAlgorithm::Crc64Nvme, "AAAAAAAAAAA="),
        (ChecksumAlgorithm::Sha1, "2jmj7l5rSw0yVb/vlWAYkK/YBwk="),
        (
            ChecksumAlgorithm::Sha256,
            "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
        ),
    ]
}

#[test]
fn checksum_digest_of_the_wrong_length_is_refused_for_every_algorithm() {
    let (b, c, t) = setup();
    for (alg, _) in algorithms() {
        for len in [0usize, 1, 3, 5, 16, 31, 33, 64] {
            if len == expected_len(alg) {
                continue;
            }
            let r = b.put("k").checksum(alg, &vec![0u8; len]).presign(&c, t, 60);
            match r {
                Err(e) => names(&e, ErrorKind::InvalidChecksum, alg.sdk_name()),
                Ok(url) => panic!("{alg:?} with a {len}-byte digest presigned: {url}"),
            }
        }
        // The right length is accepted, in the builder and in POST forms.
        let raw = vec![0u8; expected_len(alg)];
        assert!(b.put("k").checksum(alg, &raw).presign(&c, t, 60).is_ok());
        assert!(b
            .post_policy("k")
            .checksum(alg, &raw)
            .sign_v4(&c, t)
            .is_ok());
        let e = b
            .post_policy("k")
            .checksum(alg, &raw[1..])
            .sign_v4(&c, t)
            .unwrap_err();
        names(&e, ErrorKind::InvalidChecksum, alg.sdk_name());
    }
}

fn expected_len(alg: ChecksumAlgorithm) -> usize {
    match alg.value_len() {
        8 => 4,
        12 => 8,
        28 => 20,
        44 => 32,
        n => panic!("value_len {n}"),
    }
}

#[test]
fn checksum_base64_that_is_malformed_is_refused_and_named() {
    let (b, c, t) = setup();
    for (alg, good) in algorithms() {
        assert!(b
            .put("k")
            .checksum_base64(alg, good)
            .presign(&c, t, 60)
            .is_ok());
        let mut bad: Vec<String> = vec![
            String::new(),
            good.trim_end_matches('=').to_string(), // padding dropped
            format!("{good}="),                     // padding added
            format!("-{}", &good[1..]),             // not the standard alphabet
            format!(" {good}"),                     // whitespace
            "not base64 at all!".to_string(),
        ];
        // Another algorithm's value (another length).
        for (other, v) in algorithms() {
            if other.value_len() != alg.value_len() {
                bad.push(v.to_string());
            }
        }
        for v in bad {
            let e = b
                .put("k")
                .checksum_base64(alg, v.clone())
                .presign(&c, t, 60)
                .unwrap_err();
            names(&e, ErrorKind::InvalidChecksum, alg.header_name());
            // The same refusal for a POST form field.
            let e = b
                .post_policy("k")
                .checksum_base64(alg, v.clone())
                .sign_v4(&c, t)
                .unwrap_err();
            names(&e, ErrorKind::InvalidChecksum, alg.header_name());
            // And for the header given by name.
            let e = b
                .put("k")
                .header(alg.header_name(), v.clone())
                .presign(&c, t, 60)
                .unwrap_err();
            names(&e, ErrorKind::InvalidChecksum, alg.header_name());
        }
    }
}

#[test]
fn stray_bits_in_the_last_base64_character_are_refused() {
    let (b, c, t) = setup();
    // "…uFU=" is canonical; "…uFV=" decodes to the same bytes with a stray bit.
    let e = b
        .put("k")
        .checksum_base64(
            ChecksumAlgorithm::Sha256,
            "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFV=",
        )
        .presign(&c, t, 60)
        .unwrap_err();
    names(&e, ErrorKind::InvalidChecksum, "canonical");
}

#[test]
fn content_md5_must_be_the_base64_of_16_bytes() {
    let (b, c, t) = setup();
    for v in [
        "",
        "d41d8cd98f00b204e9800998ecf8427e", // hex, as people paste it
        "1B2M2Y8AsgTpgAmY7PhCfg",           // padding dropped
        "1B2M2Y8AsgTpgAmY7PhCfh==",         // stray bits
        "2jmj7l5rSw0yVb/vlWAYkK/YBwk=",     // a SHA-1
    ] {
        let e = b.put("k").content_md5(v).presign(&c, t, 60).unwrap_err();
        names(&e, ErrorKind::InvalidChecksum, "Content-MD5");
        let e = b
            .put("k")
            .header("Content-MD5", v)
            .presign(&c, t, 60)
            .unwrap_err();
        names(&e, ErrorKind::InvalidChecksum, "Content-MD5");
    }
    let e = b
        .put("k")
        .content_md5_digest(&[0; 15])
        .presign(&c, t, 60)
        .unwrap_err();
    names(
        &e,
        ErrorKind::InvalidChecksum,
        "MD5 digest is 16 bytes, not 15",
    );
    assert!(b
        .put("k")
        .content_md5("1B2M2Y8AsgTpgAmY7PhCfg==")
        .presign(&c, t, 60)
        .is_ok());
}

#[test]
fn two_checksum_pins_or_a_mismatched_algorithm_are_refused() {
    let (b, c, t) = setup();
    let sha1 = "2jmj7l5rSw0yVb/vlWAYkK/YBwk=";
    let sha256 = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
    let e = b
        .put("k")
        .checksum_base64(ChecksumAlgorithm::Sha1, sha1)
        .checksum_base64(ChecksumAlgorithm::Sha256, sha256)
        .presign(&c, t, 60)
        .unwrap_err();
    names(&e, ErrorKind::InvalidChecksum, "two checksum pins");
    let e = b
        .put("k")
        .checksum_base64(ChecksumAlgorithm::Sha1, sha1)
        .checksum_algorithm(ChecksumAlgorithm::Sha256)
        .presign(&c, t, 60)
        .unwrap_err();
    names(
        &e,
        ErrorKind::InvalidChecksum,
        "names SHA256 but the pinned checksum is x-amz-checksum-sha1",
    );
    let e = b
        .put("k")
        .header("x-amz-sdk-checksum-algorithm", "MD5")
        .presign(&c, t, 60)
        .unwrap_err();
    names(&e, ErrorKind::InvalidChecksum, "\"MD5\"");
}

#[test]
fn sigv2_refuses_checksum_pins_it_would_hoist_into_the_query() {
    let (b, c, t) = setup();
    let v2 = b.signature_version(SignatureVersion::V2);
    let e = v2
        .put("k")
        .checksum(ChecksumAlgorithm::Sha256, &[0; 32])
        .presign(&c, t, 60)
        .unwrap_err();
    names(&e, ErrorKind::UnsupportedHeader, "x-amz-checksum-sha256");
    let e = v2
        .put("k")
        .checksum_algorithm(ChecksumAlgorithm::Sha1)
        .presign(&c, t, 60)
        .unwrap_err();
    names(
        &e,
        ErrorKind::UnsupportedHeader,
        "x-amz-sdk-checksum-algorithm",
    );
    // A length pin is a header SigV2 cannot sign at all.
    let e = v2
        .put("k")
        .content_length(5)
        .presign(&c, t, 60)
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::UnsupportedHeader, "{e}");
}

#[test]
fn part_numbers_outside_1_to_10000_are_refused() {
    let (b, c, t) = setup();
    for n in [0u16, 10_001, u16::MAX] {
        let e = b
            .multipart("k")
            .upload_part("ID", n)
            .presign(&c, t, 60)
            .unwrap_err();
        names(&e, ErrorKind::InvalidMultipart, &format!("part number {n}"));
        let e = b
            .put("k")
            .upload_part("ID", n)
            .presign(&c, t, 60)
            .unwrap_err();
        names(&e, ErrorKind::InvalidMultipart, "1 to 10000");
        let e = CompleteMultipartUpload::new()
            .part(n, "\"e\"")
            .to_xml()
            .unwrap_err();
        names(&e, ErrorKind::InvalidMultipart, &format!("part number {n}"));
    }
    for n in [1u16, 10_000] {
        assert!(b
            .multipart("k")
            .upload_part("ID", n)
            .presign(&c, t, 60)
            .is_ok());
    }
}

#[test]
fn complete_list_out_of_order_repeated_or_empty_is_refused() {
    let e = CompleteMultipartUpload::new()
        .part(1, "\"a\"")
        .part(3, "\"c\"")
        .part(2, "\"b\"")
        .to_xml()
        .unwrap_err();
    names(&e, ErrorKind::InvalidMultipart, "part 2 comes after part 3");
    let e = CompleteMultipartUpload::new()
        .part(1, "\"a\"")
        .part(1, "\"a\"")
        .to_xml()
        .unwrap_err();
    names(&e, ErrorKind::InvalidMultipart, "part 1 is listed twice");
    let e = CompleteMultipartUpload::new().to_xml().unwrap_err();
    names(&e, ErrorKind::InvalidMultipart, "at least one part");
    for etag in ["", "\"a\nb\""] {
        let e = CompleteMultipartUpload::new()
            .part(4, etag)
            .to_xml()
            .unwrap_err();
        names(&e, ErrorKind::InvalidMultipart, "part 4: the ETag");
    }
    let e = CompleteMultipartUpload::new()
        .part_with_checksum(1, "\"a\"", ChecksumAlgorithm::Sha256, "AAAA")
        .to_xml()
        .unwrap_err();
    names(&e, ErrorKind::InvalidChecksum, "x-amz-checksum-sha256");
    // Gaps are allowed (S3 completes parts 1, 3, 7).
    let xml = CompleteMultipartUpload::new()
        .part(1, "\"a&b\"")
        .part(3, "\"c\"")
        .part(7, "\"d\"")
        .to_xml()
        .unwrap();
    assert!(
        xml.contains("<ETag>\"a&amp;b\"</ETag><PartNumber>1</PartNumber>"),
        "{xml}"
    );
}

#[test]
fn part_plans_that_s3_would_refuse() {
    let mib = 1024 * 1024;
    for (total, size, needle) in [
        (20 * mib, mib, "under S3's minimum of 5242880 bytes"),
        (20 * mib, 0, "part size 0 bytes"),
        (20 * mib, 5 * 1024 * mib + 1, "5 GiB"),
        (10_001 * 5 * mib, 5 * mib, "at most 10000"),
        (5 * 1024 * 1024 * mib + 1, 5 * 1024 * mib, "5 TiB"),
    ] {
        let e = PartPlan::new(total, size).unwrap_err();
        names(&e, ErrorKind::InvalidMultipart, needle);
    }
    let plan = PartPlan::new(20 * mib, 8 * mib).unwrap();
    let parts: Vec<(u16, u64, u64)> = plan
        .parts()
        .map(|p| (p.number(), p.offset(), p.len()))
        .collect();
    assert_eq!(
        parts,
        [
            (1, 0, 8 * mib),
            (2, 8 * mib, 8 * mib),
            (3, 16 * mib, 4 * mib)
        ]
    );
}

#[test]
fn unreadable_s3_answers_are_invalid_response() {
    for (body, needle) in [
        ("", "not XML"),
        ("<InitiateMultipartUploadResult>", "not XML"),
        (
            "<!DOCTYPE x [<!ENTITY a \"b\">]><InitiateMultipartUploadResult/>",
            "not XML",
        ),
        ("<Other><UploadId>u</UploadId></Other>", "got <Other>"),
        (
            "<InitiateMultipartUploadResult><Bucket>b</Bucket></InitiateMultipartUploadResult>",
            "no <UploadId>",
        ),
        (
            "<Error><Code>AccessDenied</Code><Message>no</Message></Error>",
            "AccessDenied",
        ),
    ] {
        let e = InitiateResult::parse(body).unwrap_err();
        names(&e, ErrorKind::InvalidResponse, needle);
    }
    let e = CompleteOutcome::parse("<CompleteMultipartUploadResult/>").unwrap_err();
    names(&e, ErrorKind::InvalidResponse, "no <ETag>");
    let e = ErrorResponse::parse("<InitiateMultipartUploadResult/>").unwrap_err();
    names(&e, ErrorKind::InvalidResponse, "<Error>");
    let big = format!("<Error><Code>{}</Code></Error>", "x".repeat(1 << 20));
    names(
        &ErrorResponse::parse(&big).unwrap_err(),
        ErrorKind::InvalidResponse,
        "bytes",
    );
    // S3's own documents are read, namespace and entities included.
    let init = InitiateResult::parse(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<InitiateMultipartUploadResult \
         xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Bucket>example-bucket</Bucket>\
         <Key>example-object</Key><UploadId>VXBsb2FkIElEIGZvciA2aWWpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZA</UploadId>\
         </InitiateMultipartUploadResult>",
    )
    .unwrap();
    assert_eq!(
        init.upload_id(),
        "VXBsb2FkIElEIGZvciA2aWWpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZA"
    );
}
