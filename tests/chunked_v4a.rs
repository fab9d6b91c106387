//! SigV4A aws-chunked bodies end to end: a SigV4A seed signed, its body
//! framed (`*`-padded 144-character signatures), then verified by the
//! server from the seed (with the secret, and with the public key only)
//! and decoded back to the data; every tamper (a data byte, a signature
//! digit, two chunks swapped, the final chunk dropped, padding abused, the
//! trailer changed) refused with S3's code at the right chunk, never a
//! panic. The wire signatures are checked against RustCrypto `p256` with
//! the chain as aws-c-auth builds it (previous signature without padding).
#![cfg(feature = "sigv4a")]

mod common;

use std::io::Write;

use awssig::v4::chunked::{ChecksumAlgorithm, ChunkDecoder, Chunked, ChunkedMode, Decoded};
use awssig::v4::{Request, SignedHeaders, SigningSettings};
use awssig::v4a::{ChunkVerifier, EcdsaKey, PublicKey, Signer};
use awssig::verify::{Incoming, Verified, Verifier};
use awssig::{ErrorKind, S3ErrorCode, SigningTime};
use common::ecdsa_reference::p256_verifies;
use common::*;

const MODES: [ChunkedMode; 2] = [ChunkedMode::SignedEcdsa, ChunkedMode::SignedEcdsaTrailer];
const MRAP_HOST: &str = "mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com";

fn time() -> SigningTime {
    unix_time(1_700_000_000)
}

fn public() -> PublicKey {
    EcdsaKey::derive(EXAMPLE_KEY_ID, EXAMPLE_SECRET)
        .unwrap()
        .public_key()
}

fn public_lookup(id: &str) -> Option<PublicKey> {
    (id == EXAMPLE_KEY_ID).then(public)
}

/// One upload: the settings, the seed request's headers (signed, with the
/// lengths of `data_len`) and the signer.
struct Upload {
    chunked: Chunked,
    signer: Signer,
    seed: SignedHeaders,
    headers: Vec<(String, String)>,
}

impl Upload {
    fn new(chunked: Chunked, data_len: usize, trailers: &[(&str, &str)]) -> Upload {
        let signer = Signer::new(example_creds(), SigningSettings::s3("*")).unwrap();
        let mut headers: Vec<(String, String)> = vec![
            ("host".into(), MRAP_HOST.into()),
            ("content-encoding".into(), "aws-chunked".into()),
            ("x-amz-decoded-content-length".into(), data_len.to_string()),
        ];
        let length = chunked
            .content_length_with_trailers(data_len as u64, trailers)
            .unwrap();
        if chunked.mode() == ChunkedMode::SignedEcdsa {
            headers.push(("content-length".into(), length.to_string()));
        }
        let mut names: Vec<&str> = chunked.trailer_header().into_iter().collect();
        names.extend(trailers.iter().map(|(n, _)| *n));
        if !names.is_empty() {
            headers.push(("x-amz-trailer".into(), names.join(",")));
        }
        let refs: Vec<(&str, &str)> = headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        let req = Request::new("PUT", "/key")
            .headers(&refs)
            .payload(chunked.payload());
        let seed = signer.sign_headers(&req, time()).unwrap();
        for (n, v) in seed.iter() {
            headers.push((n.to_string(), v.to_string()));
        }
        Upload {
            chunked,
            signer,
            seed,
            headers,
        }
    }

    fn body(&self, data: &[u8], trailers: &[(&str, &str)]) -> Vec<u8> {
        let chunks = self.signer.chunk_signer(&self.seed).unwrap();
        self.chunked.encode_v4a(chunks, data, trailers).unwrap()
    }

    fn refs(&self) -> Vec<(&str, &str)> {
        self.headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect()
    }

    /// The server's decoder, from the seed verified with the secret.
    fn decoder_by_secret(&self) -> ChunkDecoder {
        let refs = self.refs();
        let req = Incoming::new("PUT", "/key", &refs);
        let v = Verifier::s3();
        let ok = v.verify_headers(&req, time(), example_lookup).unwrap();
        v.chunk_decoder(&req, &ok, example_lookup).unwrap()
    }

    /// The server's decoder, from the seed verified with the public key.
    fn decoder_by_public_key(&self) -> ChunkDecoder {
        let refs = self.refs();
        let req = Incoming::new("PUT", "/key", &refs);
        let v = Verifier::s3();
        let ok: Verified = v
            .verify_with_public_keys(&req, time(), public_lookup)
            .unwrap();
        v.chunk_decoder_with_public_keys(&req, &ok, public_lookup)
            .unwrap()
    }
}

/// Feeds `body` in random pieces of at most `max_piece` bytes; the data or
/// the error, and how many chunks ended before it.
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

/// Where `needle` first starts in `hay` (bytes: the data is not UTF-8).
fn find(hay: &[u8], needle: &str) -> usize {
    hay.windows(needle.len())
        .position(|w| w == needle.as_bytes())
        .unwrap_or_else(|| panic!("{needle:?} not found"))
}

/// The signature field of every chunk line and of the trailer signature,
/// in order, as the wire carries them.
fn wire_signatures(body: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(body);
    let mut sigs = Vec::new();
    for key in [";chunk-signature=", "x-amz-trailer-signature:"] {
        let mut from = 0;
        while let Some(i) = text[from..].find(key) {
            let start = from + i + key.len();
            let end = start + text[start..].find("\r\n").unwrap();
            sigs.push(text[start..end].to_string());
            from = end;
        }
    }
    sigs
}

#[test]
fn round_trips_payload_and_trailer_every_size_with_secret_and_public_key() {
    let mut rng = Rng(0xA5A5_5A5A_1234_5678);
    for mode in MODES {
        for &(size, len) in &[
            (1usize, 0usize),
            (1, 1),
            (1, 5),
            (7, 20),
            (8192, 0),
            (8192, 8191),
            (8192, 8192),
            (8192, 20_000),
            (65536, 65536),
            (65536, 70_000),
        ] {
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
            let up = Upload::new(chunked, len, extra);
            let body = up.body(&data, extra);
            let what = format!("{mode:?} size {size} len {len}");
            assert_eq!(
                chunked
                    .content_length_with_trailers(len as u64, extra)
                    .unwrap(),
                body.len() as u64,
                "{what}"
            );
            let sigs = wire_signatures(&body);
            assert_eq!(
                sigs.len(),
                len.div_ceil(size) + 1 + usize::from(mode.has_trailer()),
                "{what}"
            );
            for s in &sigs {
                assert_eq!(s.len(), 144, "{what}: {s}");
            }
            for (i, d) in [up.decoder_by_secret(), up.decoder_by_public_key()]
                .into_iter()
                .enumerate()
            {
                let max_piece = [body.len(), 1 + rng.below(300)][i];
                let (out, ends) = run(d, &body, &mut rng, max_piece);
                let out = out.unwrap_or_else(|e| panic!("{what} decoder {i}: {e}"));
                assert_eq!(out, data, "{what}");
                assert_eq!(ends, len.div_ceil(size), "{what}");
            }
        }
    }
}

#[cfg(feature = "checksums")]
#[test]
fn round_trips_with_a_crc32c_trailer() {
    let data = Rng(11).bytes(30_000);
    let chunked = Chunked::new(ChunkedMode::SignedEcdsaTrailer, 8192)
        .unwrap()
        .checksum(ChecksumAlgorithm::Crc32c)
        .unwrap();
    let up = Upload::new(chunked, data.len(), &[]);
    let body = up.body(&data, &[]);
    let line = format!(
        "\r\nx-amz-checksum-crc32c:{}\r\nx-amz-trailer-signature:",
        ChecksumAlgorithm::Crc32c.compute(&data)
    );
    assert!(body.windows(line.len()).any(|w| w == line.as_bytes()));
    let d = up.decoder_by_public_key();
    assert_eq!(run(d, &body, &mut Rng(2), 4000).0.unwrap(), data);

    // The crc32c changed in transit: the trailer signature no longer matches.
    let at = find(&body, "crc32c:") + 7;
    let mut tampered = body.clone();
    tampered[at] = if tampered[at] == b'A' { b'B' } else { b'A' };
    let e = run(up.decoder_by_secret(), &tampered, &mut Rng(3), 999)
        .0
        .unwrap_err();
    assert_eq!(e.s3_code(), Some(S3ErrorCode::SignatureDoesNotMatch), "{e}");
}

/// The wire form is aws-c-auth's: each signature the lowercase hex of a
/// DER ECDSA signature right-padded with `*` to 144 characters, and each
/// string to sign chains the previous signature without its padding
/// (checked with RustCrypto's verifier, apart from awssig's).
#[test]
fn wire_signatures_are_padded_der_hex_chained_without_padding() {
    let data = vec![b'a'; 65536 + 1024];
    let chunked = Chunked::new(ChunkedMode::SignedEcdsaTrailer, 65536).unwrap();
    let trailers = [("first", "1st"), ("second", "2nd"), ("third", "3rd")];
    let up = Upload::new(chunked, data.len(), &trailers);
    let body = up.body(&data, &trailers);
    let key = public();
    let (x, y) = (key.x_hex(), key.y_hex());
    let scope = "20231114/s3/aws4_request";
    let head = format!("AWS4-ECDSA-P256-SHA256-PAYLOAD\n20231114T221320Z\n{scope}\n");
    let empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    // sha256 of 65536 'a', of 1024 'a', of nothing (the CRT vector's suffixes).
    let hashes = [
        "bf718b6f653bebc184e1479f1935b8da974d701b893afcf49e701f3e2f9f9c5a",
        "2edc986847e209b4016e141a6dc8716d3207350f416969382d431539bf292e4a",
        empty,
    ];
    let sigs = wire_signatures(&body);
    assert_eq!(sigs.len(), 4);
    let mut previous = up.seed.signature().to_string();
    for (i, wire) in sigs.iter().enumerate() {
        let hex = wire.trim_end_matches('*');
        assert!(
            hex.len() <= 144
                && hex.len() % 2 == 0
                && hex
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)),
            "{wire}"
        );
        assert!(wire[hex.len()..].bytes().all(|b| b == b'*'), "{wire}");
        assert_eq!(wire.len(), 144, "{wire}");
        let sts = if i < 3 {
            format!("{head}{previous}\n{empty}\n{}", hashes[i])
        } else {
            // sha256("first:1st\nsecond:2nd\nthird:3rd\n"), the CRT vector's.
            format!(
                "AWS4-ECDSA-P256-SHA256-TRAILER\n20231114T221320Z\n{scope}\n{previous}\n\
                 83d8f190334fb741bc8daf73c891689d320bd8017756bc730c540021ed48001f"
            )
        };
        assert!(p256_verifies(&x, &y, sts.as_bytes(), hex), "signature {i}");
        previous = hex.to_string();
    }
    let d = up.decoder_by_public_key();
    assert_eq!(run(d, &body, &mut Rng(4), 10_000).0.unwrap(), data);
}

#[test]
fn writer_v4a_writes_what_encode_v4a_does() {
    let mut rng = Rng(99);
    for mode in MODES {
        for &(size, len) in &[(1usize, 3usize), (100, 0), (100, 250), (8192, 20_000)] {
            let data = rng.bytes(len);
            let mut chunked = Chunked::new(mode, size).unwrap();
            let trailers: &[(&str, &str)] = if mode.has_trailer() {
                chunked = chunked.checksum(ChecksumAlgorithm::Sha1).unwrap();
                &[("x-amz-meta-a", "b")]
            } else {
                &[]
            };
            let up = Upload::new(chunked, len, trailers);
            let expected = up.body(&data, trailers);
            let mut w = chunked
                .writer_v4a(up.signer.chunk_signer(&up.seed).unwrap(), Vec::new())
                .unwrap();
            let mut rest = &data[..];
            while !rest.is_empty() {
                let n = 1 + rng.below(rest.len().min(3 * size));
                let written = w.write(&rest[..n]).unwrap();
                rest = &rest[written..];
            }
            assert_eq!(
                w.finish(trailers).unwrap(),
                expected,
                "{mode:?} {size} {len}"
            );
        }
    }
}

/// A 4-chunk SigV4A body (1000-byte chunks, a sha256 trailer), and each
/// chunk's header line and data offsets.
fn four_chunks(mode: ChunkedMode) -> (Upload, Vec<u8>, Vec<(usize, usize)>) {
    let data: Vec<u8> = (0..4000u32).map(|i| (i % 251) as u8).collect();
    let mut chunked = Chunked::new(mode, 1000).unwrap();
    if mode.has_trailer() {
        chunked = chunked.checksum(ChecksumAlgorithm::Sha256).unwrap();
    }
    let up = Upload::new(chunked, data.len(), &[]);
    let body = up.body(&data, &[]);
    let mut spans = Vec::new();
    let mut at = 0;
    for _ in 0..5 {
        let nl = at + body[at..].iter().position(|&b| b == b'\n').unwrap();
        spans.push((at, nl + 1));
        at = nl + 1 + 1000 + 2;
    }
    (up, body, spans)
}

fn assert_mismatch(e: &awssig::Error) {
    assert_eq!(e.kind(), ErrorKind::ChunkSignatureMismatch, "{e}");
    assert_eq!(e.s3_code(), Some(S3ErrorCode::SignatureDoesNotMatch), "{e}");
}

#[test]
fn a_flipped_data_byte_is_refused_at_its_chunk() {
    for mode in MODES {
        let (up, body, spans) = four_chunks(mode);
        for (k, &(_, data_at)) in spans.iter().take(4).enumerate() {
            let mut bad = body.clone();
            bad[data_at + 123] ^= 0x20;
            let (r, ends) = run(up.decoder_by_public_key(), &bad, &mut Rng(3), 700);
            let e = r.unwrap_err();
            assert_mismatch(&e);
            assert_eq!(ends, k, "{e}");
            assert!(e.to_string().contains(&format!("chunk {}", k + 1)), "{e}");
        }
    }
}

#[test]
fn a_flipped_signature_digit_is_refused_at_its_chunk() {
    for mode in MODES {
        let (up, body, spans) = four_chunks(mode);
        for (k, &(head, data_at)) in spans.iter().enumerate() {
            let sig_at = data_at - 2 - 144;
            let sig = std::str::from_utf8(&body[sig_at..data_at - 2]).unwrap();
            let hex_len = sig.trim_end_matches('*').len();
            // The DER header, a digit of r, the last digit of s.
            for i in [1, 12, hex_len - 1] {
                let mut bad = body.clone();
                bad[sig_at + i] = if bad[sig_at + i] == b'0' { b'1' } else { b'0' };
                let (r, ends) = run(up.decoder_by_secret(), &bad, &mut Rng(5), 900);
                let e = r.unwrap_err();
                assert_mismatch(&e);
                assert_eq!(ends, k, "chunk {} digit {i}: {e}", k + 1);
            }
            let _ = head;
        }
    }
}

#[test]
fn swapped_chunks_and_a_dropped_final_chunk_are_refused() {
    let (up, body, spans) = four_chunks(ChunkedMode::SignedEcdsa);
    // Chunks 2 and 3 swapped (each whole, with its own valid signature).
    let (c2, c3, c4) = (spans[1].0, spans[2].0, spans[3].0);
    let mut swapped = body[..c2].to_vec();
    swapped.extend_from_slice(&body[c3..c4]);
    swapped.extend_from_slice(&body[c2..c3]);
    swapped.extend_from_slice(&body[c4..]);
    assert_eq!(swapped.len(), body.len());
    let (r, ends) = run(up.decoder_by_public_key(), &swapped, &mut Rng(6), 5000);
    assert_mismatch(&r.unwrap_err());
    assert_eq!(ends, 1);

    // The final chunk dropped: the body stops early.
    let final_at = spans[4].0;
    let (r, ends) = run(
        up.decoder_by_public_key(),
        &body[..final_at],
        &mut Rng(7),
        5000,
    );
    let e = r.unwrap_err();
    assert_eq!(e.s3_code(), Some(S3ErrorCode::IncompleteBody), "{e}");
    assert_eq!(ends, 4);

    // Chunk 4 dropped, the final chunk kept: its signature chains from
    // chunk 4's, and the length falls short.
    let mut shortened = body[..spans[3].0].to_vec(); // chunk 4 dropped
    shortened.extend_from_slice(&body[final_at..]);
    let e = run(up.decoder_by_secret(), &shortened, &mut Rng(8), 5000)
        .0
        .unwrap_err();
    assert!(
        matches!(
            e.s3_code(),
            Some(S3ErrorCode::SignatureDoesNotMatch) | Some(S3ErrorCode::IncompleteBody)
        ),
        "{e}"
    );
}

#[test]
fn every_truncation_is_incomplete() {
    for mode in MODES {
        let mut c = Chunked::new(mode, 10).unwrap();
        if mode.has_trailer() {
            c = c.checksum(ChecksumAlgorithm::Sha256).unwrap();
        }
        let up = Upload::new(c, 25, &[]);
        let body = up.body(&[1u8; 25], &[]);
        let d = up.decoder_by_public_key();
        for cut in 0..body.len() {
            let e = run(d.clone(), &body[..cut], &mut Rng(9), 1000)
                .0
                .unwrap_err();
            assert_eq!(
                e.s3_code(),
                Some(S3ErrorCode::IncompleteBody),
                "{mode:?} cut {cut}: {e}"
            );
        }
        let mut long = body.clone();
        long.push(b'x');
        let e = run(d, &long, &mut Rng(9), 1000).0.unwrap_err();
        assert_eq!(e.s3_code(), Some(S3ErrorCode::IncompleteBody), "{e}");
    }
}

/// The signature field of chunk 1 rewritten: the padding rules.
#[test]
fn padding_abuse_is_refused_and_no_padding_is_accepted() {
    let (up, body, spans) = four_chunks(ChunkedMode::SignedEcdsa);
    let (head, data_at) = spans[0];
    let line = std::str::from_utf8(&body[head..data_at - 2]).unwrap();
    let (size, sig) = line.split_once(";chunk-signature=").unwrap();
    let hex = sig.trim_end_matches('*');
    let pad = sig.len() - hex.len();
    assert!(
        pad > 0,
        "a DER P-256 signature is shorter than 72 bytes here"
    );
    let with_sig = |s: &str| {
        let mut b = format!("{size};chunk-signature={s}\r\n").into_bytes();
        b.extend_from_slice(&body[data_at..]);
        b
    };
    // Unpadded, or padded short of 144: the same signature, accepted.
    for s in [hex.to_string(), format!("{hex}*")] {
        let d = up.decoder_by_public_key();
        assert!(run(d, &with_sig(&s), &mut Rng(1), 3000).0.is_ok(), "{s}");
    }
    let upper = hex.to_uppercase();
    let refused_framing = [
        format!("{sig}*"),                                           // 145 characters
        format!("*{hex}{}", "*".repeat(pad - 1)),                    // padding first
        format!("{}*{}{}", &hex[..10], &hex[11..], "*".repeat(pad)), // in the middle
        format!("{}*{}", &hex[..hex.len() - 1], "*".repeat(pad)),    // an odd digit count
        format!("{upper}{}", "*".repeat(pad)),                       // uppercase hex
        format!("{}g{}", &hex[..20], &sig[21..]),                    // not hex
        format!("{hex}{}", "-".repeat(pad)),                         // another padding byte
        "*".repeat(144),                                             // padding only
        String::new(),                                               // nothing
        format!("{hex} {}", "*".repeat(pad - 1)),                    // a space
    ];
    for s in &refused_framing {
        let d = up.decoder_by_public_key();
        let e = run(d, &with_sig(s), &mut Rng(1), 3000).0.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidChunk, "{s:?}: {e}");
        assert_eq!(e.s3_code(), Some(S3ErrorCode::IncompleteBody), "{s:?}: {e}");
    }
    // Well-formed but another signature (a DER byte changed): mismatch.
    let other = format!(
        "{}{}",
        &hex[..hex.len() - 2],
        if hex.ends_with("00") { "01" } else { "00" }
    );
    let d = up.decoder_by_public_key();
    let e = run(d, &with_sig(&other), &mut Rng(1), 3000).0.unwrap_err();
    assert_mismatch(&e);
}

#[test]
fn trailer_tampering_is_refused() {
    let (up, body, _) = four_chunks(ChunkedMode::SignedEcdsaTrailer);
    let cks_at = find(&body, "x-amz-checksum-sha256:") + 22;
    let tsig_at = find(&body, "x-amz-trailer-signature:") + 24;
    let tsig_end = tsig_at + find(&body[tsig_at..], "\r\n");
    let tsig = std::str::from_utf8(&body[tsig_at..tsig_end]).unwrap();
    let hex = tsig.trim_end_matches('*');
    let replace = |at: usize, end: usize, with: &str| {
        let mut b = body[..at].to_vec();
        b.extend_from_slice(with.as_bytes());
        b.extend_from_slice(&body[end..]);
        b
    };
    // The checksum value changed: the trailer signature does not match.
    let flip = if body[cks_at] == b'A' { "B" } else { "A" };
    let e = run(
        up.decoder_by_secret(),
        &replace(cks_at, cks_at + 1, flip),
        &mut Rng(1),
        333,
    )
    .0
    .unwrap_err();
    assert_mismatch(&e);
    assert!(e.to_string().contains("trailer signature"), "{e}");
    // A digit of the trailer signature changed.
    let digit = if &hex[20..21] == "0" { "1" } else { "0" };
    let e = run(
        up.decoder_by_public_key(),
        &replace(tsig_at + 20, tsig_at + 21, digit),
        &mut Rng(1),
        333,
    )
    .0
    .unwrap_err();
    assert_mismatch(&e);
    // Malformed padding in the trailer signature: MalformedTrailerError.
    for bad in [
        format!("*{hex}"),
        format!("{tsig}*"),
        format!("{}*{}", &hex[..8], &tsig[9..]),
    ] {
        let e = run(
            up.decoder_by_public_key(),
            &replace(tsig_at, tsig_end, &bad),
            &mut Rng(1),
            333,
        )
        .0
        .unwrap_err();
        assert_eq!(
            e.s3_code(),
            Some(S3ErrorCode::MalformedTrailerError),
            "{bad}: {e}"
        );
    }
    // The trailer signature unpadded (and with spaces around): accepted.
    let d = up.decoder_by_public_key();
    assert!(run(
        d,
        &replace(tsig_at, tsig_end, &format!(" {hex} ")),
        &mut Rng(1),
        333
    )
    .0
    .is_ok());
    // No trailer signature at all.
    let sig_line = tsig_at - 24;
    let e = run(
        up.decoder_by_public_key(),
        &replace(sig_line, tsig_end + 2, ""),
        &mut Rng(1),
        333,
    )
    .0
    .unwrap_err();
    assert_eq!(e.s3_code(), Some(S3ErrorCode::MalformedTrailerError), "{e}");
}

#[test]
fn another_key_or_seed_does_not_verify_the_body() {
    let (up, body, _) = four_chunks(ChunkedMode::SignedEcdsa);
    let t = time();
    // Another access key's public key.
    let other = EcdsaKey::derive("AKIDOTHER", "other-secret")
        .unwrap()
        .public_key();
    let v = ChunkVerifier::new(other, t, "s3", up.seed.signature()).unwrap();
    let d = ChunkDecoder::new_v4a(ChunkedMode::SignedEcdsa, v).unwrap();
    let (r, ends) = run(d, &body, &mut Rng(1), 5000);
    assert_mismatch(&r.unwrap_err());
    assert_eq!(ends, 0);
    // The right key, another seed signature (the chain starts elsewhere).
    let seed2 = up
        .signer
        .sign_headers(
            &Request::new("PUT", "/other")
                .headers(&[("host", MRAP_HOST)])
                .payload(ChunkedMode::SignedEcdsa.payload()),
            t,
        )
        .unwrap();
    let v = ChunkVerifier::new(public(), t, "s3", seed2.signature()).unwrap();
    let d = ChunkDecoder::new_v4a(ChunkedMode::SignedEcdsa, v).unwrap();
    assert_mismatch(&run(d, &body, &mut Rng(1), 5000).0.unwrap_err());
    // Another service or time in the scope.
    for (svc, at) in [
        ("s3-outposts", t),
        ("s3", unix_time(1_700_000_000 + 86_400)),
    ] {
        let v = ChunkVerifier::new(public(), at, svc, up.seed.signature()).unwrap();
        let d = ChunkDecoder::new_v4a(ChunkedMode::SignedEcdsa, v).unwrap();
        assert_mismatch(&run(d, &body, &mut Rng(1), 5000).0.unwrap_err());
    }
}

#[test]
fn modes_and_chains_must_agree() {
    let up = Upload::new(Chunked::new(ChunkedMode::SignedEcdsa, 100).unwrap(), 0, &[]);
    let chunks = up.signer.chunk_signer(&up.seed).unwrap();
    let v = chunks.verifier();
    for mode in [
        ChunkedMode::Signed,
        ChunkedMode::SignedTrailer,
        ChunkedMode::UnsignedTrailer,
    ] {
        let c = Chunked::new(mode, 100).unwrap();
        let e = c.encoder_v4a(chunks.clone()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidChunk, "{e}");
        assert!(ChunkDecoder::new_v4a(mode, v.clone()).is_err());
    }
    for mode in MODES {
        let c = Chunked::new(mode, 100).unwrap();
        assert!(c.encoder(None).is_err());
        assert!(ChunkDecoder::new(mode, None).is_err());
    }
}

/// The verifier's side: a SigV4A streaming seed is refused where its body
/// cannot be checked, and a SigV4 streaming body needs the secret.
#[test]
fn verifier_refusals() {
    let up = Upload::new(Chunked::new(ChunkedMode::SignedEcdsa, 100).unwrap(), 5, &[]);
    let refs = up.refs();
    let req = Incoming::new("PUT", "/key", &refs);
    let v = Verifier::s3();
    let ok = v.verify_headers(&req, time(), example_lookup).unwrap();
    // The seed's key is gone.
    let e = v
        .chunk_decoder(&req, &ok, |_: &str| None::<String>)
        .unwrap_err();
    assert_eq!(e.s3_code(), Some(S3ErrorCode::InvalidAccessKeyId), "{e}");
    let e = v
        .chunk_decoder_with_public_keys(&req, &ok, |_: &str| None)
        .unwrap_err();
    assert_eq!(e.s3_code(), Some(S3ErrorCode::InvalidAccessKeyId), "{e}");
    // A SigV4 (HMAC) streaming seed with public keys only.
    let s4 = awssig::v4::Signer::new(example_creds(), SigningSettings::s3("us-east-1")).unwrap();
    let h = [
        ("host", "b-1.s3.amazonaws.com"),
        ("content-encoding", "aws-chunked"),
    ];
    let seed = s4
        .sign_headers(
            &Request::new("PUT", "/key")
                .headers(&h)
                .payload(ChunkedMode::Signed.payload()),
            time(),
        )
        .unwrap();
    let mut hs = h.to_vec();
    hs.extend(seed.iter());
    let req4 = Incoming::new("PUT", "/key", &hs);
    let ok4 = v.verify_headers(&req4, time(), example_lookup).unwrap();
    let e = v
        .chunk_decoder_with_public_keys(&req4, &ok4, public_lookup)
        .unwrap_err();
    assert_eq!(e.s3_code(), Some(S3ErrorCode::InvalidArgument), "{e}");
    // A SigV4 seed claiming SigV4A chunks (or the reverse) is refused by
    // the chain, never checked with the wrong algorithm.
    let h = [
        ("host", "b-1.s3.amazonaws.com"),
        ("content-encoding", "aws-chunked"),
    ];
    let seed = s4
        .sign_headers(
            &Request::new("PUT", "/key")
                .headers(&h)
                .payload(ChunkedMode::SignedEcdsa.payload()),
            time(),
        )
        .unwrap();
    let mut hs = h.to_vec();
    hs.extend(seed.iter());
    let req4a = Incoming::new("PUT", "/key", &hs);
    if let Ok(ok) = v.verify_headers(&req4a, time(), example_lookup) {
        let e = v.chunk_decoder(&req4a, &ok, example_lookup).unwrap_err();
        assert_eq!(e.s3_code(), Some(S3ErrorCode::InvalidArgument), "{e}");
    }
    // A SigV4A seed with STREAMING-UNSIGNED-PAYLOAD-TRAILER: an unsigned
    // body, decoded with the public key path too.
    let c = Chunked::new(ChunkedMode::UnsignedTrailer, 100)
        .unwrap()
        .checksum(ChecksumAlgorithm::Sha256)
        .unwrap();
    let up = Upload::new(c, 5, &[]);
    let body = c.encode(None, b"hello", &[]).unwrap();
    let d = up.decoder_by_public_key();
    assert_eq!(run(d, &body, &mut Rng(1), 7).0.unwrap(), b"hello");
    let d = up.decoder_by_secret();
    assert_eq!(run(d, &body, &mut Rng(1), 7).0.unwrap(), b"hello");
}

/// Random corruption of a SigV4A body: an error or the data, never a
/// panic, and never other data than was signed.
#[test]
fn random_corruption_never_panics_nor_passes_other_data() {
    let mut rng = Rng(0xDEAD_BEEF);
    let data = rng.bytes(300);
    let c = Chunked::new(ChunkedMode::SignedEcdsaTrailer, 128)
        .unwrap()
        .checksum(ChecksumAlgorithm::Sha256)
        .unwrap();
    let up = Upload::new(c, data.len(), &[]);
    let body = up.body(&data, &[]);
    let d = up.decoder_by_public_key();
    for _ in 0..300 {
        let mut bad = body.clone();
        for _ in 0..1 + rng.below(3) {
            let i = rng.below(bad.len());
            match rng.below(3) {
                0 => bad[i] = rng.next() as u8,
                1 => {
                    bad.remove(i);
                }
                _ => bad.insert(i, [b'*', b'0', b'\r', b';'][rng.below(4)]),
            }
        }
        if let (Ok(out), _) = run(d.clone(), &bad, &mut rng, 200) {
            assert_eq!(out, data, "a corrupted body decoded to other data");
        }
    }
}
