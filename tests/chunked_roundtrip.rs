//! aws-chunked round trips: framing then decoding gives the data back for
//! every mode, many chunk sizes and input splits; the io::Write adapter
//! writes the slice function's bytes; a flipped byte in data, signature or
//! size is rejected at its chunk; truncated, oversized and garbled bodies
//! are errors, never panics.

mod common;

use std::io::Write;

use awssig::v4::chunked::{
    ChecksumAlgorithm, ChunkDecoder, ChunkSigner, Chunked, ChunkedMode, Decoded,
};
use awssig::v4::{Request, SignedHeaders, Signer, SigningSettings};
use awssig::{ErrorKind, S3ErrorCode};
use common::*;

const MODES: [ChunkedMode; 3] = [
    ChunkedMode::Signed,
    ChunkedMode::SignedTrailer,
    ChunkedMode::UnsignedTrailer,
];

struct Setup {
    signer: Signer,
    seed: SignedHeaders,
}

impl Setup {
    fn new(mode: ChunkedMode) -> Setup {
        let signer = Signer::new(suite_creds(), SigningSettings::s3("eu-west-1")).unwrap();
        let h = [
            ("host", "bucket.s3.eu-west-1.amazonaws.com"),
            ("content-encoding", "aws-chunked"),
        ];
        let req = Request::new("PUT", "/key")
            .headers(&h)
            .payload(mode.payload());
        let seed = signer.sign_headers(&req, unix_time(1_700_000_000)).unwrap();
        Setup { signer, seed }
    }

    fn chunk_signer(&self, mode: ChunkedMode) -> Option<ChunkSigner> {
        mode.is_signed()
            .then(|| self.signer.chunk_signer(&self.seed).unwrap())
    }
}

fn decoder(setup: &Setup, mode: ChunkedMode) -> ChunkDecoder {
    ChunkDecoder::new(mode, setup.chunk_signer(mode)).unwrap()
}

/// Feeds `body` in the pieces `cuts` gives; returns the data or the error,
/// and how many chunks ended before it.
fn run(
    mut d: ChunkDecoder,
    body: &[u8],
    rng: &mut Rng,
    max_piece: usize,
) -> (Result<Vec<u8>, awssig::Error>, usize) {
    let mut out = Vec::new();
    let mut ends = 0;
    let mut rest = body;
    while !rest.is_empty() {
        let n = 1 + rng.below(max_piece.min(rest.len()));
        let (mut piece, r) = rest.split_at(n);
        rest = r;
        loop {
            match d.decode(&mut piece) {
                Ok(Decoded::Data(x)) => out.extend_from_slice(x),
                Ok(Decoded::ChunkEnd { .. }) => ends += 1,
                Ok(Decoded::NeedMore) | Ok(Decoded::Done) => break,
                Err(e) => return (Err(e), ends),
            }
        }
    }
    (d.finish().map(|_| out), ends)
}

#[test]
fn round_trips_every_mode_size_and_split() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for mode in MODES {
        let setup = Setup::new(mode);
        for &size in &[1usize, 2, 3, 15, 16, 17, 255, 256, 1000, 8192, 65536] {
            for &len in &[0usize, 1, 2, 15, 16, 17, 1000, 8191, 8192, 8193, 70_000] {
                if len / size > 3000 {
                    continue; // tiny chunks over big data: slow, nothing new
                }
                let data = rng.bytes(len);
                let mut chunked = Chunked::new(mode, size).unwrap();
                if mode.has_trailer() {
                    chunked = chunked.checksum(ChecksumAlgorithm::Sha256).unwrap();
                }
                let extra: &[(&str, &str)] = if mode.has_trailer() {
                    &[("x-amz-meta-note", "round trip")]
                } else {
                    &[]
                };
                let body = chunked
                    .encode(setup.chunk_signer(mode), &data, extra)
                    .unwrap();
                assert_eq!(
                    chunked
                        .content_length_with_trailers(len as u64, extra)
                        .unwrap(),
                    body.len() as u64,
                    "{mode:?} size {size} len {len}"
                );
                for max_piece in [1, 2, 7, 100, 5000, body.len()] {
                    if max_piece < 7 && body.len() > 20_000 {
                        continue;
                    }
                    let mut d = decoder(&setup, mode).decoded_content_length(len as u64);
                    if mode.has_trailer() {
                        d = d.checksum(ChecksumAlgorithm::Sha256);
                    }
                    let (out, ends) = run(d, &body, &mut rng, max_piece);
                    let out = out.unwrap_or_else(|e| {
                        panic!("{mode:?} size {size} len {len} piece {max_piece}: {e}")
                    });
                    assert_eq!(out, data, "{mode:?} size {size} len {len}");
                    assert_eq!(ends, len.div_ceil(size));
                }
            }
        }
    }
}

#[cfg(feature = "checksums")]
#[test]
fn round_trips_with_crc_trailers() {
    let mut rng = Rng(7);
    let data = rng.bytes(100_000);
    for mode in [ChunkedMode::SignedTrailer, ChunkedMode::UnsignedTrailer] {
        let setup = Setup::new(mode);
        for alg in [
            ChecksumAlgorithm::Crc32,
            ChecksumAlgorithm::Crc32c,
            ChecksumAlgorithm::Crc64Nvme,
            ChecksumAlgorithm::Sha1,
        ] {
            let chunked = Chunked::new(mode, 8192).unwrap().checksum(alg).unwrap();
            let body = chunked
                .encode(setup.chunk_signer(mode), &data, &[])
                .unwrap();
            let needle = format!("\r\n{}:{}\r\n", alg.header_name(), alg.compute(&data));
            assert!(body.windows(needle.len()).any(|w| w == needle.as_bytes()));
            let d = decoder(&setup, mode).checksum(alg);
            assert_eq!(run(d, &body, &mut rng, 3000).0.unwrap(), data);
        }
    }
}

/// CRC-64/NVME against published values: the CRC catalogue's check value
/// for "123456789" (0xAE8B14860A799888), which openstack/swift's
/// test/s3api/test_object_checksums.py sends to AWS S3 as `rosUhgp5mIg=`;
/// awslabs/aws-checksums tests/crc64_test.c (32 zero bytes, bytes 0..32);
/// awslabs/aws-c-s3 tests/s3_checksums_crc64nvme_tests.c ("aaaaaaaaaa" fed
/// whole, and in pieces of 1 and 2 bytes; the empty input).
#[cfg(feature = "checksums")]
#[test]
fn crc64nvme_matches_published_vectors() {
    use base64::Engine as _;
    let b64 = |v: u64| base64::engine::general_purpose::STANDARD.encode(v.to_be_bytes());
    let counting: Vec<u8> = (0u8..32).collect();
    let cases: [(&[u8], u64); 5] = [
        (b"123456789", 0xAE8B_1486_0A79_9888),
        (&[0u8; 32], 0xCF34_7343_4D4E_CF3B),
        (&counting, 0xB9D9_D4A8_492C_BD7F),
        (b"aaaaaaaaaa", 0x0C1A_8003_6D65_C555),
        (b"", 0),
    ];
    let alg = ChecksumAlgorithm::Crc64Nvme;
    assert_eq!(alg.compute(b"123456789"), "rosUhgp5mIg=");
    for (data, want) in cases {
        assert_eq!(alg.compute(data), b64(want), "{data:?}");
        assert_eq!(alg.compute(data).len(), alg.value_len());
    }
    // Streamed in pieces (aws-c-s3's cases 3 and 4): through the encoder.
    for piece in [1, 2, 3] {
        let c = Chunked::new(ChunkedMode::UnsignedTrailer, piece)
            .unwrap()
            .checksum(alg)
            .unwrap();
        let body = c.encode(None, b"aaaaaaaaaa", &[]).unwrap();
        let line = format!(
            "x-amz-checksum-crc64nvme:{}\r\n",
            b64(0x0C1A_8003_6D65_C555)
        );
        assert!(body.windows(line.len()).any(|w| w == line.as_bytes()));
    }
    assert_eq!(ChecksumAlgorithm::from_sdk_name("crc64nvme"), Some(alg));
    assert_eq!(alg.sdk_name(), "CRC64NVME");
    assert_eq!(
        ChecksumAlgorithm::from_header_name("X-Amz-Checksum-CRC64NVME"),
        Some(alg)
    );
}

#[test]
fn writer_matches_slice_function() {
    let mut rng = Rng(42);
    for mode in MODES {
        let setup = Setup::new(mode);
        for &size in &[1usize, 5, 100, 8192] {
            for &len in &[0usize, 1, 99, 100, 101, 20_000] {
                let data = rng.bytes(len);
                let mut chunked = Chunked::new(mode, size).unwrap();
                if mode.has_trailer() {
                    chunked = chunked.checksum(ChecksumAlgorithm::Sha1).unwrap();
                }
                let trailers: &[(&str, &str)] = if mode.has_trailer() {
                    &[("x-amz-meta-a", "b")]
                } else {
                    &[]
                };
                let expected = chunked
                    .encode(setup.chunk_signer(mode), &data, trailers)
                    .unwrap();
                let mut w = chunked
                    .writer(setup.chunk_signer(mode), Vec::new())
                    .unwrap();
                let mut rest = &data[..];
                while !rest.is_empty() {
                    let n = 1 + rng.below(rest.len().min(3 * size));
                    let written = w.write(&rest[..n]).unwrap();
                    assert!(written > 0);
                    rest = &rest[written..];
                    if rng.below(4) == 0 {
                        w.flush().unwrap();
                    }
                }
                assert_eq!(
                    w.finish(trailers).unwrap(),
                    expected,
                    "{mode:?} {size} {len}"
                );
            }
        }
    }
}

/// A 4-chunk signed body, and the offsets of each chunk's header and data.
fn four_chunks(mode: ChunkedMode) -> (Setup, Vec<u8>, Vec<(usize, usize)>) {
    let setup = Setup::new(mode);
    let data: Vec<u8> = (0..4000u32).map(|i| (i % 251) as u8).collect();
    let body = Chunked::new(mode, 1000)
        .unwrap()
        .encode(setup.chunk_signer(mode), &data, &[])
        .unwrap();
    // Each chunk: header line, 1000 data bytes, CRLF.
    let mut spans = Vec::new();
    let mut at = 0;
    for _ in 0..4 {
        let nl = at + body[at..].iter().position(|&b| b == b'\n').unwrap();
        spans.push((at, nl + 1));
        at = nl + 1 + 1000 + 2;
    }
    (setup, body, spans)
}

#[test]
fn flipped_data_byte_is_rejected_at_its_chunk() {
    for mode in [ChunkedMode::Signed, ChunkedMode::SignedTrailer] {
        let (setup, body, spans) = four_chunks(mode);
        for (k, &(_, data_at)) in spans.iter().enumerate() {
            for offset in [0, 499, 999] {
                let mut bad = body.clone();
                bad[data_at + offset] ^= 0x01;
                let (r, ends) = run(decoder(&setup, mode), &bad, &mut Rng(3), 300);
                let e = r.unwrap_err();
                assert_eq!(e.kind(), ErrorKind::ChunkSignatureMismatch, "{e}");
                assert_eq!(e.s3_code(), Some(S3ErrorCode::SignatureDoesNotMatch));
                assert_eq!(ends, k, "chunk {} rejected after {ends} good ones", k + 1);
                assert!(e.to_string().contains(&format!("chunk {}", k + 1)), "{e}");
            }
        }
    }
}

#[test]
fn flipped_signature_or_size_is_rejected_at_its_chunk() {
    for mode in [ChunkedMode::Signed, ChunkedMode::SignedTrailer] {
        let (setup, body, spans) = four_chunks(mode);
        for (k, &(head, data_at)) in spans.iter().enumerate() {
            // Signature digits: the 64 bytes before CRLF.
            for i in [data_at - 3, data_at - 66] {
                let mut bad = body.clone();
                bad[i] = if bad[i] == b'0' { b'1' } else { b'0' };
                let (r, ends) = run(decoder(&setup, mode), &bad, &mut Rng(5), 500);
                let e = r.unwrap_err();
                assert_eq!(e.kind(), ErrorKind::ChunkSignatureMismatch, "{e}");
                assert_eq!(ends, k);
            }
            // Size digits ("3e8"): any change is caught at this chunk.
            for digit in [b'0', b'2', b'f', b'z', b';'] {
                let mut bad = body.clone();
                if bad[head] == digit {
                    continue;
                }
                bad[head] = digit;
                let (r, ends) = run(decoder(&setup, mode), &bad, &mut Rng(6), 500);
                let e = r.unwrap_err();
                assert!(
                    matches!(
                        e.kind(),
                        ErrorKind::ChunkSignatureMismatch | ErrorKind::InvalidChunk
                    ),
                    "{e}"
                );
                assert_eq!(ends, k, "{e}");
            }
        }
    }
}

#[test]
fn final_chunk_and_trailer_tampering() {
    let mode = ChunkedMode::SignedTrailer;
    let setup = Setup::new(mode);
    let chunked = Chunked::new(mode, 100)
        .unwrap()
        .checksum(ChecksumAlgorithm::Sha256)
        .unwrap();
    let body = chunked
        .encode(setup.chunk_signer(mode), &[9u8; 250], &[])
        .unwrap();
    let text = String::from_utf8_lossy(&body).into_owned();
    let final_at = text.find("\r\n0;chunk-signature=").unwrap() + 2;
    let cks_at = text.find("x-amz-checksum-sha256:").unwrap() + 22;
    let tsig_at = text.find("x-amz-trailer-signature:").unwrap() + 24;
    let cases = [
        (final_at + 20, ErrorKind::ChunkSignatureMismatch, "chunk 4"),
        (
            cks_at + 3,
            ErrorKind::ChunkSignatureMismatch,
            "trailer signature",
        ),
        (
            tsig_at + 10,
            ErrorKind::ChunkSignatureMismatch,
            "trailer signature",
        ),
    ];
    for (at, kind, what) in cases {
        let mut bad = body.clone();
        bad[at] = if bad[at] == b'A' { b'B' } else { b'A' };
        let d = decoder(&setup, mode).checksum(ChecksumAlgorithm::Sha256);
        let e = run(d, &bad, &mut Rng(1), 64).0.unwrap_err();
        assert_eq!(e.kind(), kind, "{e}");
        assert!(e.to_string().contains(what), "{e}");
    }

    // Unsigned trailer: a changed checksum is a BadDigest.
    let mode = ChunkedMode::UnsignedTrailer;
    let setup = Setup::new(mode);
    let chunked = Chunked::new(mode, 100)
        .unwrap()
        .checksum(ChecksumAlgorithm::Sha256)
        .unwrap();
    let mut body = chunked.encode(None, &[9u8; 250], &[]).unwrap();
    let at = String::from_utf8_lossy(&body).find("sha256:").unwrap() + 8;
    body[at] = if body[at] == b'A' { b'B' } else { b'A' };
    let d = decoder(&setup, mode).checksum(ChecksumAlgorithm::Sha256);
    let e = run(d, &body, &mut Rng(1), 64).0.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::ChecksumMismatch);
    assert_eq!(e.s3_code(), Some(S3ErrorCode::BadDigest));

    // A missing checksum trailer.
    let body = Chunked::new(mode, 100)
        .unwrap()
        .encode(None, b"x", &[])
        .unwrap();
    let d = decoder(&setup, mode).checksum(ChecksumAlgorithm::Sha256);
    let e = run(d, &body, &mut Rng(1), 64).0.unwrap_err();
    assert_eq!(e.s3_code(), Some(S3ErrorCode::MalformedTrailerError), "{e}");
}

#[test]
fn every_truncation_is_incomplete() {
    for mode in MODES {
        let setup = Setup::new(mode);
        let mut c = Chunked::new(mode, 10).unwrap();
        if mode.has_trailer() {
            c = c.checksum(ChecksumAlgorithm::Sha1).unwrap();
        }
        let body = c.encode(setup.chunk_signer(mode), &[1u8; 25], &[]).unwrap();
        for cut in 0..body.len() {
            let d = decoder(&setup, mode);
            let e = run(d, &body[..cut], &mut Rng(9), 17).0.unwrap_err();
            assert_eq!(
                e.s3_code(),
                Some(S3ErrorCode::IncompleteBody),
                "cut {cut}: {e}"
            );
            assert_eq!(e.kind(), ErrorKind::InvalidChunk);
        }
        // And bytes after the end.
        let mut long = body.clone();
        long.extend_from_slice(b"0\r\n");
        let e = run(decoder(&setup, mode), &long, &mut Rng(9), 17)
            .0
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidChunk, "{e}");
    }
}

#[test]
fn malformed_sizes_and_lines() {
    let setup = Setup::new(ChunkedMode::Signed);
    let sig = "0".repeat(64);
    let cases: Vec<Vec<u8>> = vec![
        // 17 hex digits.
        format!("1ffffffffffffffff;chunk-signature={sig}\r\n").into_bytes(),
        // Largest size: no overflow, waits for data, then stops short.
        format!("ffffffffffffffff;chunk-signature={sig}\r\nabc").into_bytes(),
        // No CR before LF.
        format!("3;chunk-signature={sig}\nabc\r\n").into_bytes(),
        // Data not followed by CRLF.
        format!("3;chunk-signature={sig}\r\nabcd\r\n").into_bytes(),
        // No size.
        format!(";chunk-signature={sig}\r\n").into_bytes(),
        // Short signature, long line.
        b"3;chunk-signature=abc\r\nabc\r\n".to_vec(),
        vec![b'1'; 10_000],
        b"\r\n".to_vec(),
        b"0\r\n\r\n".to_vec(),
    ];
    for body in cases {
        for piece in [1, 5, body.len().max(1)] {
            let d = decoder(&setup, ChunkedMode::Signed);
            let r = run(d, &body, &mut Rng(2), piece).0;
            assert!(r.is_err(), "{:?}", String::from_utf8_lossy(&body));
        }
    }
    // With a decoded length, a huge size fails at once.
    let mut d = decoder(&setup, ChunkedMode::Signed).decoded_content_length(10);
    let e = d
        .decode_into(
            format!("ffffffffffffffff;chunk-signature={sig}\r\n").as_bytes(),
            &mut Vec::new(),
        )
        .unwrap_err();
    assert!(e.to_string().contains("IncompleteBody"), "{e}");
    // The first error sticks.
    assert_eq!(d.decode_into(b"", &mut Vec::new()).unwrap_err(), e);
    assert_eq!(d.finish().unwrap_err(), e);

    // Unsigned chunks take no extension.
    let setup = Setup::new(ChunkedMode::UnsignedTrailer);
    let d = decoder(&setup, ChunkedMode::UnsignedTrailer);
    assert!(run(d, b"1;x=y\r\na\r\n0\r\n\r\n", &mut Rng(2), 100)
        .0
        .is_err());
}

#[test]
fn garbage_and_mutations_never_panic() {
    let mut rng = Rng(0xDEAD_BEEF);
    for mode in MODES {
        let setup = Setup::new(mode);
        let mut c = Chunked::new(mode, 50).unwrap();
        if mode.has_trailer() {
            c = c.checksum(ChecksumAlgorithm::Sha256).unwrap();
        }
        let good = c
            .encode(setup.chunk_signer(mode), &rng.bytes(180), &[])
            .unwrap();
        for _ in 0..1500 {
            let mut body = good.clone();
            match rng.below(4) {
                0 => {
                    let i = rng.below(body.len());
                    body[i] = rng.next() as u8;
                }
                1 => {
                    let i = rng.below(body.len());
                    body.insert(i, [b'\r', b'\n', b':', b';', b'0'][rng.below(5)]);
                }
                2 => {
                    let i = rng.below(body.len());
                    body.remove(i);
                }
                _ => {
                    let n = rng.below(300);
                    body = rng.bytes(n);
                }
            }
            let mut d = decoder(&setup, mode).decoded_content_length(180);
            if mode.has_trailer() {
                d = d.checksum(ChecksumAlgorithm::Sha256);
            }
            let max = 1 + rng.below(64);
            if let Ok(out) = run(d, &body, &mut rng, max).0 {
                // Only a body equal in meaning can pass: same data.
                assert_eq!(out.len(), 180);
            }
        }
    }
}

#[test]
fn settings_errors() {
    let setup = Setup::new(ChunkedMode::Signed);
    assert_eq!(
        Chunked::new(ChunkedMode::Signed, 0).unwrap_err().kind(),
        ErrorKind::InvalidChunk
    );
    let c = Chunked::new(ChunkedMode::Signed, 10).unwrap();
    assert!(c.encoder(None).is_err());
    assert_eq!(
        c.encode(setup.chunk_signer(ChunkedMode::Signed), b"x", &[("a", "b")])
            .unwrap_err()
            .kind(),
        ErrorKind::UnsupportedHeader
    );
    let u = Chunked::new(ChunkedMode::UnsignedTrailer, 10).unwrap();
    assert!(u.encoder(setup.chunk_signer(ChunkedMode::Signed)).is_err());
    for (name, value, kind) in [
        ("x-amz-trailer-signature", "x", ErrorKind::InvalidHeaderName),
        ("a b", "x", ErrorKind::InvalidHeaderName),
        ("a", "x\r\ny", ErrorKind::InvalidHeaderValue),
    ] {
        assert_eq!(
            u.encode(None, b"x", &[(name, value)]).unwrap_err().kind(),
            kind
        );
        assert_eq!(
            u.content_length_with_trailers(1, &[(name, value)])
                .unwrap_err()
                .kind(),
            kind
        );
    }
    let with = u.checksum(ChecksumAlgorithm::Sha1).unwrap();
    assert!(with
        .encode(None, b"x", &[("X-Amz-Checksum-Sha1", "x")])
        .is_err());
    // Lengths near u64::MAX overflow: an error, not a panic.
    let huge = Chunked::new(ChunkedMode::Signed, usize::MAX).unwrap();
    assert!(huge.content_length(u64::MAX).is_err());
    assert_eq!(
        huge.content_length(1 << 40).unwrap(),
        (1 << 40) + 11 + 17 + 64 + 4 + 86
    );
    assert!(Chunked::new(ChunkedMode::Signed, 1)
        .unwrap()
        .content_length(u64::MAX)
        .is_err());
}
