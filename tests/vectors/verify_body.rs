//! The streaming body check (`verify::BodyCheck`): one test per rule, each
//! failing without it. Bodies are fed in odd-sized pieces. S3's wording is
//! the one its error responses carry (sources in src/verify/body/mod.rs).

use awssig::v4::chunked::ChecksumAlgorithm;
use awssig::verify::{BodyCheck, BodyDigests, Incoming};
use awssig::{Error, S3ErrorCode};

/// Feeds `body` in pieces of 1, 2, 3, 5, 7, 11, … bytes.
fn feed(check: &mut BodyCheck, body: &[u8]) {
    let sizes = [1usize, 2, 3, 5, 7, 11, 13, 4093];
    let mut rest = body;
    for n in sizes.iter().cycle() {
        if rest.is_empty() {
            break;
        }
        let (piece, tail) = rest.split_at((*n).min(rest.len()));
        check.update(piece);
        rest = tail;
    }
}

fn run(headers: &[(&str, &str)], body: &[u8]) -> Result<BodyDigests, Error> {
    run_url("/bucket/key", headers, body)
}

fn run_url(url: &str, headers: &[(&str, &str)], body: &[u8]) -> Result<BodyDigests, Error> {
    let mut check = BodyCheck::new(&Incoming::new("PUT", url, headers))?;
    feed(&mut check, body);
    check.finish()
}

#[track_caller]
fn refused<T: std::fmt::Debug>(r: Result<T, Error>, code: S3ErrorCode, message: &str) {
    let err = r.expect_err("the check should refuse");
    assert_eq!(err.s3_code(), Some(code), "{err}");
    assert!(
        err.to_string().contains(message),
        "{err:?} lacks {message:?}"
    );
}

const BODY: &[u8] = b"123456789";
/// SHA-256 of BODY.
const BODY_SHA256: &str = "15e2b0d3c33891ebb0f1ef609ec419420c20e320ce94c65fbc8c3312448eb225";

#[test]
fn content_sha256_that_matches_passes() {
    let d = run(&[("x-amz-content-sha256", BODY_SHA256)], BODY).unwrap();
    assert_eq!(d.body_len(), 9);
    assert_eq!(d.sha256().map(|h| h[0]), Some(0x15));
    // Uppercase hex is the same digest.
    let upper = BODY_SHA256.to_ascii_uppercase();
    assert!(run(&[("x-amz-content-sha256", &upper)], BODY).is_ok());
}

#[test]
fn content_sha256_mismatch_is_xamz_content_sha256_mismatch() {
    refused(
        run(&[("x-amz-content-sha256", BODY_SHA256)], b"123456780"),
        S3ErrorCode::XAmzContentSHA256Mismatch,
        "The provided 'x-amz-content-sha256' header does not match what was computed.",
    );
}

#[test]
fn unsigned_and_streaming_content_sha256_check_no_hash() {
    for v in [
        "UNSIGNED-PAYLOAD",
        "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
        "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
        "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER",
        "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD",
        "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER",
    ] {
        let d = run(&[("x-amz-content-sha256", v)], b"anything").unwrap();
        assert_eq!(d.sha256(), None, "{v}");
    }
}

#[test]
fn malformed_content_sha256_is_invalid_argument() {
    for v in [
        "",
        "unsigned-payload",
        "STREAMING-FOO",
        &BODY_SHA256[1..],
        "z".repeat(64).as_str(),
    ] {
        refused(
            run(&[("x-amz-content-sha256", v)], BODY),
            S3ErrorCode::InvalidArgument,
            "x-amz-content-sha256 must be UNSIGNED-PAYLOAD,",
        );
    }
}

#[cfg(feature = "checksums")]
#[test]
fn malformed_content_md5_is_invalid_digest() {
    // Not base64; base64 of 15 and 17 bytes; stray bits.
    for v in [
        "not-an-md5",
        "AAAAAAAAAAAAAAAAAAAA",
        "AAAAAAAAAAAAAAAAAAAAAAAA",
        "1B2M2Y8AsgTpgAmY7PhCfh==",
    ] {
        refused(
            run(&[("Content-MD5", v)], BODY),
            S3ErrorCode::InvalidDigest,
            "The Content-MD5 you specified was invalid.",
        );
    }
}

#[cfg(feature = "checksums")]
#[test]
fn content_md5_mismatch_is_bad_digest() {
    // MD5("123456789") = 25f9e794323b453885f5181f1b624d0b (RFC 1321 style check value).
    let good = "JfnnlDI7RTiF9RgfG2JNCw==";
    let d = run(&[("Content-MD5", good)], BODY).unwrap();
    assert_eq!(d.md5().map(|m| m[0]), Some(0x25));
    refused(
        run(&[("Content-MD5", good)], b"12345678"),
        S3ErrorCode::BadDigest,
        "The Content-MD5 you specified did not match what we received.",
    );
}

#[cfg(not(feature = "checksums"))]
#[test]
fn checks_this_build_cannot_do_fail_closed() {
    for h in [
        ("Content-MD5", "JfnnlDI7RTiF9RgfG2JNCw=="),
        ("x-amz-checksum-crc32", "y/Q5Jg=="),
        ("x-amz-checksum-crc64nvme", "rosUhgp5mIg="),
        ("x-amz-trailer", "x-amz-checksum-crc32c"),
    ] {
        refused(
            run(&[h], BODY),
            S3ErrorCode::InvalidRequest,
            "`checksums` feature",
        );
    }
}

/// S3's values for "123456789" (openstack/swift test/s3api/test_object_checksums.py,
/// run against AWS S3).
fn s3_values() -> Vec<(ChecksumAlgorithm, &'static str, &'static str)> {
    vec![
        #[cfg(feature = "checksums")]
        (ChecksumAlgorithm::Crc32, "y/Q5Jg==", "z/Q5Jg=="),
        #[cfg(feature = "checksums")]
        (ChecksumAlgorithm::Crc32c, "4waSgw==", "5waSgw=="),
        #[cfg(feature = "checksums")]
        (ChecksumAlgorithm::Crc64Nvme, "rosUhgp5mIg=", "sosUhgp5mIg="),
        (
            ChecksumAlgorithm::Sha1,
            "98O8HYCOBHMq32eZZczDTKeuNEE=",
            "+8O8HYCOBHMq32eZZczDTKeuNEE=",
        ),
        (
            ChecksumAlgorithm::Sha256,
            "FeKw08M4keuw8e9gnsQZQgwg4yDOlMZfvIwzEkSOsiU=",
            "GeKw08M4keuw8e9gnsQZQgwg4yDOlMZfvIwzEkSOsiU=",
        ),
    ]
}

#[test]
fn checksum_header_is_checked_for_every_algorithm() {
    for (alg, good, bad) in s3_values() {
        let name = alg.header_name();
        let d = run(
            &[
                (name, good),
                ("x-amz-sdk-checksum-algorithm", alg.sdk_name()),
            ],
            BODY,
        )
        .unwrap();
        assert_eq!(d.checksum(), Some((alg, good)));
        let message = format!(
            "The {} you specified did not match the calculated checksum.",
            alg.sdk_name()
        );
        refused(run(&[(name, bad)], BODY), S3ErrorCode::BadDigest, &message);
        refused(
            run(&[(name, good)], b"12345678"),
            S3ErrorCode::BadDigest,
            &message,
        );
    }
}

#[test]
fn malformed_checksum_value_is_invalid_request() {
    // openstack/swift's cases (as AWS S3 answers them) and S3's "INVALID"
    // values: right length but stray bits in the last symbol.
    let mut cases: Vec<(&str, &str)> = vec![
        ("x-amz-checksum-sha1", "98O8HYCOBHMq32eZZczDTKeuNEF="),
        (
            "x-amz-checksum-sha256",
            "FeKw08M4keuw8e9gnsQZQgwg4yDOlMZfvIwzEkSOsiV=",
        ),
        ("x-amz-checksum-sha256", "98O8HYCOBHMq32eZZczDTKeuNEE="),
        ("x-amz-checksum-sha1", ""),
    ];
    if cfg!(feature = "checksums") {
        for v in [
            "short===",
            "shrt",
            "toolong=",
            "^^^^^^==",
            "y^/^Q5^J^g==",
            "y/Q5Jh==",
            "y/Q5Jg",
        ] {
            cases.push(("x-amz-checksum-crc32", v));
        }
        cases.push(("x-amz-checksum-crc64nvme", "rosUhgp5mIh="));
        cases.push(("x-amz-checksum-crc64nvme", "y/Q5Jg=="));
    }
    for (name, value) in cases {
        refused(
            run(&[(name, value)], BODY),
            S3ErrorCode::InvalidRequest,
            &format!("Value for {name} header is invalid."),
        );
    }
}

#[test]
fn unknown_checksum_header_is_invalid_request() {
    refused(
        run(&[("x-amz-checksum-xxhash64", "AAAAAAAAAAA=")], BODY),
        S3ErrorCode::InvalidRequest,
        "The algorithm type you specified in x-amz-checksum- header is invalid.",
    );
    // Headers of that prefix that are not body checksums.
    let d = run(
        &[
            ("x-amz-checksum-type", "FULL_OBJECT"),
            ("x-amz-checksum-mode", "ENABLED"),
            ("x-amz-checksum-algorithm", "SHA1"),
        ],
        BODY,
    )
    .unwrap();
    assert_eq!(d.checksum(), None);
}

#[test]
fn sdk_algorithm_that_disagrees_or_is_unknown_is_invalid_request() {
    let sha1 = ("x-amz-checksum-sha1", "98O8HYCOBHMq32eZZczDTKeuNEE=");
    for alg in ["SHA256", "MD5", "crc", ""] {
        refused(
            run(&[sha1, ("x-amz-sdk-checksum-algorithm", alg)], BODY),
            S3ErrorCode::InvalidRequest,
            "Value for x-amz-sdk-checksum-algorithm header is invalid.",
        );
    }
    // Case does not matter.
    assert!(run(&[sha1, ("x-amz-sdk-checksum-algorithm", "sha1")], BODY).is_ok());
    // The trailer's algorithm counts too.
    refused(
        run(
            &[
                ("x-amz-trailer", "x-amz-checksum-sha1"),
                ("x-amz-sdk-checksum-algorithm", "SHA256"),
            ],
            BODY,
        ),
        S3ErrorCode::InvalidRequest,
        "Value for x-amz-sdk-checksum-algorithm header is invalid.",
    );
}

#[test]
fn sdk_algorithm_without_checksum_is_invalid_request() {
    refused(
        run(&[("x-amz-sdk-checksum-algorithm", "SHA256")], BODY),
        S3ErrorCode::InvalidRequest,
        "x-amz-sdk-checksum-algorithm specified, but no corresponding x-amz-checksum-* or x-amz-trailer headers were found.",
    );
}

#[test]
fn two_checksum_headers_are_invalid_request() {
    let two = [
        ("x-amz-checksum-sha1", "98O8HYCOBHMq32eZZczDTKeuNEE="),
        (
            "x-amz-checksum-sha256",
            "FeKw08M4keuw8e9gnsQZQgwg4yDOlMZfvIwzEkSOsiU=",
        ),
    ];
    refused(
        run(&two, BODY),
        S3ErrorCode::InvalidRequest,
        "Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.",
    );
    refused(
        run(
            &[(
                "x-amz-trailer",
                "x-amz-checksum-sha1, x-amz-checksum-sha256",
            )],
            BODY,
        ),
        S3ErrorCode::InvalidRequest,
        "Multiple checksum Types are not allowed.",
    );
}

#[test]
fn trailer_with_checksum_header_is_invalid_request() {
    let err = run(
        &[
            ("x-amz-checksum-sha1", "98O8HYCOBHMq32eZZczDTKeuNEE="),
            ("x-amz-trailer", "x-amz-checksum-sha1"),
        ],
        BODY,
    )
    .unwrap_err();
    assert_eq!(err.s3_code(), Some(S3ErrorCode::InvalidRequest));
    assert_eq!(err.to_string(), "Expecting a single x-amz-checksum- header");
}

#[test]
fn unsupported_trailer_checksum_is_invalid_request() {
    refused(
        run(&[("x-amz-trailer", "x-amz-checksum-md5")], BODY),
        S3ErrorCode::InvalidRequest,
        "The value specified in the x-amz-trailer header is not supported",
    );
    // Other trailers are not checksums: nothing to check.
    assert!(run(&[("x-amz-trailer", "x-amz-meta-a")], BODY).is_ok());
}

#[test]
fn repeated_promise_headers_are_invalid_request() {
    let sha1 = "98O8HYCOBHMq32eZZczDTKeuNEE=";
    for name in ["x-amz-checksum-sha1", "X-Amz-Checksum-Sha1"] {
        refused(
            run(&[("x-amz-checksum-sha1", sha1), (name, sha1)], BODY),
            S3ErrorCode::InvalidRequest,
            "given more than once",
        );
    }
    for (name, value) in [
        ("x-amz-content-sha256", BODY_SHA256),
        ("x-amz-sdk-checksum-algorithm", "SHA1"),
        ("x-amz-trailer", "x-amz-checksum-sha1"),
        ("content-md5", "JfnnlDI7RTiF9RgfG2JNCw=="),
    ] {
        refused(
            run(&[(name, value), (name, value)], BODY),
            S3ErrorCode::InvalidRequest,
            "given more than once",
        );
    }
    // Twice in a presigned query, or in the query and a header with another value.
    let q = "/k?x-amz-checksum-sha1=98O8HYCOBHMq32eZZczDTKeuNEE%3D&x-amz-checksum-sha1=98O8HYCOBHMq32eZZczDTKeuNEE%3D";
    refused(
        run_url(q, &[], BODY),
        S3ErrorCode::InvalidRequest,
        "given more than once",
    );
    let q = "/k?x-amz-checksum-sha1=98O8HYCOBHMq32eZZczDTKeuNEE%3D";
    refused(
        run_url(
            q,
            &[("x-amz-checksum-sha1", "2jmj7l5rSw0yVb/vlWAYkK/YBwk=")],
            BODY,
        ),
        S3ErrorCode::InvalidRequest,
        "given more than once",
    );
    // The same value in both is one promise.
    assert!(run_url(q, &[("x-amz-checksum-sha1", sha1)], BODY).is_ok());
}

#[test]
fn presigned_query_checksum_is_checked() {
    // aws-sdk-js-v3 hoists x-amz-checksum-* and x-amz-sdk-checksum-algorithm
    // into the presigned URL.
    let url = "/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&x-amz-checksum-sha256=FeKw08M4keuw8e9gnsQZQgwg4yDOlMZfvIwzEkSOsiU%3D&x-amz-sdk-checksum-algorithm=SHA256";
    let d = run_url(url, &[], BODY).unwrap();
    assert_eq!(d.checksum().map(|c| c.0), Some(ChecksumAlgorithm::Sha256));
    refused(
        run_url(url, &[], b"other"),
        S3ErrorCode::BadDigest,
        "The SHA256 you specified",
    );
    // Encoded name, `+` kept as `+` (base64), not a space.
    let url = "/k?X-Amz-Checksum-Sha1=%2B8O8HYCOBHMq32eZZczDTKeuNEE%3D";
    refused(
        run_url(url, &[], BODY),
        S3ErrorCode::BadDigest,
        "The SHA1 you specified",
    );
}

#[test]
fn promised_trailer_that_never_comes_is_incomplete_body() {
    refused(
        run(
            &[
                ("x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER"),
                ("x-amz-trailer", "x-amz-checksum-sha256"),
            ],
            BODY,
        ),
        S3ErrorCode::IncompleteBody,
        "x-amz-checksum-sha256",
    );
}

fn trailer_check(trailers: &[(&str, &str)]) -> Result<BodyDigests, Error> {
    let headers = [("x-amz-trailer", "x-amz-checksum-sha1")];
    let mut check = BodyCheck::new(&Incoming::new("PUT", "/k", &headers))?;
    feed(&mut check, BODY);
    check.finish_with_trailers(trailers.iter().copied())
}

#[test]
fn trailer_block_without_the_announced_checksum_is_malformed_trailer() {
    refused(
        trailer_check(&[]),
        S3ErrorCode::MalformedTrailerError,
        "x-amz-checksum-sha1",
    );
    refused(
        trailer_check(&[("x-amz-meta-a", "1")]),
        S3ErrorCode::MalformedTrailerError,
        "x-amz-checksum-sha1",
    );
    // Another checksum, or the announced one twice.
    refused(
        trailer_check(&[(
            "x-amz-checksum-sha256",
            "FeKw08M4keuw8e9gnsQZQgwg4yDOlMZfvIwzEkSOsiU=",
        )]),
        S3ErrorCode::MalformedTrailerError,
        "not announced",
    );
    let sha1 = "98O8HYCOBHMq32eZZczDTKeuNEE=";
    refused(
        trailer_check(&[("x-amz-checksum-sha1", sha1), ("x-amz-checksum-sha1", sha1)]),
        S3ErrorCode::MalformedTrailerError,
        "more than once",
    );
    assert!(trailer_check(&[("x-amz-meta-a", "1"), ("X-Amz-Checksum-SHA1", sha1)]).is_ok());
}

#[test]
fn trailer_value_is_checked() {
    refused(
        trailer_check(&[("x-amz-checksum-sha1", "not base64")]),
        S3ErrorCode::InvalidRequest,
        "Value for x-amz-checksum-sha1 trailing header is invalid.",
    );
    refused(
        trailer_check(&[("x-amz-checksum-sha1", "+8O8HYCOBHMq32eZZczDTKeuNEE=")]),
        S3ErrorCode::BadDigest,
        "The SHA1 you specified did not match the calculated checksum.",
    );
}

/// An aws-chunked upload with a CRC64NVME trailer, framed by `Chunked` /
/// `ChunkEncoder`, decoded by `ChunkDecoder` (built by hand, without the
/// trailer check, so the body check is the one that judges), checked by
/// `BodyCheck` on the decoded data.
#[cfg(feature = "checksums")]
#[test]
fn aws_chunked_crc64nvme_trailer_round_trips_and_corruption_is_bad_digest() {
    use awssig::v4::chunked::{ChunkDecoder, Chunked, ChunkedMode};

    let data: Vec<u8> = (0..50_000u32).map(|i| (i * 7 + i / 251) as u8).collect();
    let alg = ChecksumAlgorithm::Crc64Nvme;
    let chunked = Chunked::new(ChunkedMode::UnsignedTrailer, 8192)
        .unwrap()
        .checksum(alg)
        .unwrap();
    let mut enc = chunked.encoder(None).unwrap();
    let mut wire = Vec::new();
    for piece in data.chunks(8192) {
        enc.write_chunk(piece, &mut wire);
    }
    enc.finish(&[], &mut wire).unwrap();
    let headers = [
        ("x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER"),
        ("x-amz-trailer", chunked.trailer_header().unwrap()),
        ("x-amz-sdk-checksum-algorithm", "CRC64NVME"),
    ];
    let req = Incoming::new("PUT", "/k", &headers);
    let upload = |wire: &[u8]| -> Result<(Vec<u8>, BodyDigests), Error> {
        let mut check = BodyCheck::new(&req)?;
        assert!(check.promises().trailer);
        let mut decoder = ChunkDecoder::new(ChunkedMode::UnsignedTrailer, None)?;
        let mut staged = Vec::new();
        for piece in wire.chunks(1009) {
            let at = staged.len();
            decoder.decode_into(piece, &mut staged)?;
            feed(&mut check, &staged[at..]);
        }
        decoder.finish()?;
        let digests = check.finish_with_trailers(decoder.trailers())?;
        Ok((staged, digests))
    };
    let (staged, digests) = upload(&wire).unwrap();
    assert_eq!(staged, data);
    assert_eq!(digests.checksum(), Some((alg, alg.compute(&data).as_str())));
    assert_eq!(digests.body_len(), data.len() as u64);

    // One data byte flipped (unsigned chunks: only the checksum can tell).
    let mut bad = wire.clone();
    bad[5000] ^= 0x20;
    refused(
        upload(&bad),
        S3ErrorCode::BadDigest,
        "The CRC64NVME you specified did not match the calculated checksum.",
    );
    // The trailer's value changed.
    let at = wire
        .windows(24)
        .position(|w| w == b"x-amz-checksum-crc64nvme")
        .unwrap()
        + 25;
    let mut bad = wire.clone();
    bad[at] = if bad[at] == b'A' { b'B' } else { b'A' };
    refused(
        upload(&bad),
        S3ErrorCode::BadDigest,
        "The CRC64NVME you specified",
    );
}

#[test]
fn odd_inputs_never_panic() {
    let values = [
        "",
        " ",
        "\u{fffd}",
        "é=",
        "%",
        "x-amz-checksum-",
        "x-amz-checksum-é",
        ",,,",
    ];
    let names = [
        "x-amz-checksum-",
        "x-amz-checksum-é",
        "X-AMZ-CHECKSUM-SHA1",
        "x-amz-trailer",
        "x-amz-sdk-checksum-algorithm",
        "content-md5",
        "x-amz-content-sha256",
        "é",
    ];
    for n in names {
        for v in values {
            let _ = run(&[(n, v)], b"x");
            let _ = run(&[(n, v), (n, v)], b"");
            let q = format!("/k?{}={}", n, v);
            let _ = run_url(&q, &[], b"x");
        }
    }
    // Non-UTF-8 bytes percent-encoded in a presigned query.
    for url in [
        "/k?x-amz-checksum-sha1=%FF%FE",
        "/k?%FF=1",
        "/k?x-amz-checksum-%FF=1",
        "/k?x-amz-sdk-checksum-algorithm=%C3",
    ] {
        let _ = run_url(url, &[], b"x");
    }
    refused(
        run_url("/k?x-amz-checksum-sha1=%FF%FE", &[], b"x"),
        S3ErrorCode::InvalidRequest,
        "is invalid",
    );
}
