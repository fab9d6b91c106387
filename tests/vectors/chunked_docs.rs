//! aws-chunked streaming uploads against published vectors: the S3
//! documentation's streaming PUT (seed and three chunk signatures over
//! 65536 + 1024 + 0 bytes of `a`, and the framed length), its trailer
//! example (crc32c trailer), and aws-c-auth's trailing-headers signature.
//! Every expected value is read from the vector files; none is computed here.
//! Data: tests/data/s3-sigv4-docs/streaming-chunked-put*,
//! tests/data/s3-chunked-crt-extras (provenance in tests/data/VECTORS-README.md
//! and tests/data/s3-chunked-crt-extras/NOTE.md).

use crate::common::*;
use awssig::v4::chunked::{ChunkDecoder, ChunkSigner, Chunked, ChunkedMode, Decoded};
use awssig::v4::{Request, SignedHeaders, Signer, SigningKey, SigningSettings};
use awssig::SigningTime;
use serde_json::Value;

fn case(rel: &str) -> Value {
    read_json(&data_dir().join(rel).join("case.json"))
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap_or_else(|| panic!("not a string: {v}"))
}

fn signer(case: &Value) -> Signer {
    let creds = json_creds(&case["credentials"]);
    assert_eq!(s(&case["service"]), "s3");
    Signer::new(creds, SigningSettings::s3(s(&case["region"]))).unwrap()
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> &'a str {
    &headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .unwrap_or_else(|| panic!("no {name}"))
        .1
}

/// Signs the case's seed request and checks the canonical request, string
/// to sign and seed signature against the vector.
fn seed(case: &Value, headers: &[(String, String)], mode: ChunkedMode) -> (Signer, SignedHeaders) {
    let signer = signer(case);
    let req = &case["request"];
    assert_eq!(s(&req["payload_hash"]), mode.content_sha256());
    let h = str_pairs(headers);
    let r = Request::new(s(&req["method"]), s(&req["path"]))
        .headers(&h)
        .payload(mode.payload());
    let time = SigningTime::from_amz_date(s(&case["datetime"])).unwrap();
    let steps = signer.sign_headers_steps(&r, time).unwrap();
    let exp = &case["expected"];
    assert_eq!(steps.canonical_request, s(&exp["canonical_request"]));
    assert_eq!(steps.string_to_sign, s(&exp["string_to_sign"]));
    let signed = signer.sign_headers(&r, time).unwrap();
    assert_eq!(signed.signature(), s(&exp["seed_signature"]));
    if let Some(auth) = exp["authorization"].as_str() {
        assert_eq!(signed.authorization(), auth);
    }
    (signer, signed)
}

/// The case's data: the chunks' sizes of `a` (0x61), as the case says.
fn data(case: &Value) -> Vec<u8> {
    assert!(s(&case["request"]["payload"]).contains("bytes of 'a'"));
    let total: u64 = case["expected"]["chunks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["size"].as_u64().unwrap())
        .sum();
    vec![b'a'; total as usize]
}

/// Walks the chunk list: each chunk's string to sign and signature, from
/// the chunk signer that follows the seed.
fn check_chunk_chain(case: &Value, chunks: &mut ChunkSigner) {
    for c in case["expected"]["chunks"].as_array().unwrap() {
        let data = vec![b'a'; c["size"].as_u64().unwrap() as usize];
        assert_eq!(
            chunks.chunk_string_to_sign(&data),
            s(&c["string_to_sign"]),
            "chunk {}",
            c["index"]
        );
        assert_eq!(
            chunks.sign_chunk(&data),
            s(&c["signature"]),
            "chunk {}",
            c["index"]
        );
    }
}

/// The framed body written from the vector's wire texts.
fn expected_body(case: &Value) -> Vec<u8> {
    let mut body = Vec::new();
    for c in case["expected"]["chunks"].as_array().unwrap() {
        if let Some(prefix) = c["wire_prefix"].as_str() {
            body.extend_from_slice(prefix.as_bytes());
            body.extend(std::iter::repeat_n(
                b'a',
                c["size"].as_u64().unwrap() as usize,
            ));
            body.extend_from_slice(b"\r\n");
        } else {
            body.extend_from_slice(s(&c["wire"]).as_bytes());
        }
    }
    if let Some(t) = case["expected"]["trailer"]["wire"].as_str() {
        body.extend_from_slice(t.as_bytes());
    }
    body
}

fn decode_all(mut d: ChunkDecoder, body: &[u8], piece: usize) -> (Vec<u8>, ChunkDecoder) {
    let mut out = Vec::new();
    for p in body.chunks(piece) {
        d.decode_into(p, &mut out).unwrap();
    }
    d.finish().unwrap();
    (out, d)
}

#[test]
fn s3_doc_streaming_put() {
    let case = case("s3-sigv4-docs/streaming-chunked-put");
    let headers = json_pairs(&case["request"]["headers"]);
    let mode = ChunkedMode::Signed;
    let (signer, signed) = seed(&case, &headers, mode);
    let data = data(&case);

    // Lengths: x-amz-decoded-content-length and Content-Length of the doc.
    let decoded_len: u64 = header(&headers, "x-amz-decoded-content-length")
        .parse()
        .unwrap();
    let content_length: u64 = header(&headers, "content-length").parse().unwrap();
    assert_eq!(data.len() as u64, decoded_len);
    let first = case["expected"]["chunks"][0]["size"].as_u64().unwrap() as usize;
    let chunked = Chunked::new(mode, first).unwrap();
    assert_eq!(chunked.content_length(decoded_len).unwrap(), content_length);

    // The chain, step by step.
    let mut chunks = signer.chunk_signer(&signed).unwrap();
    check_chunk_chain(&case, &mut chunks);

    // The framed body: byte for byte the doc's wire texts, and its length.
    let body = chunked
        .encode(Some(signer.chunk_signer(&signed).unwrap()), &data, &[])
        .unwrap();
    assert_eq!(body, expected_body(&case));
    assert_eq!(body.len() as u64, content_length);

    // Server side: a chunk signer from the key and the seed signature.
    let key = SigningKey::derive(
        s(&case["credentials"]["secret_access_key"]),
        &s(&case["datetime"])[..8],
        s(&case["region"]),
        s(&case["service"]),
    );
    let time = SigningTime::from_amz_date(s(&case["datetime"])).unwrap();
    for piece in [1, 7, 100, 4096, body.len()] {
        let server = ChunkSigner::new(
            &key,
            time,
            s(&case["region"]),
            "s3",
            s(&case["expected"]["seed_signature"]),
        )
        .unwrap();
        let d = ChunkDecoder::new(mode, Some(server))
            .unwrap()
            .decoded_content_length(decoded_len);
        let (out, _) = decode_all(d, &body, piece);
        assert_eq!(out, data);
    }
}

#[test]
fn s3_doc_streaming_put_decoder_events() {
    let case = case("s3-sigv4-docs/streaming-chunked-put");
    let headers = json_pairs(&case["request"]["headers"]);
    let (signer, signed) = seed(&case, &headers, ChunkedMode::Signed);
    let body = expected_body(&case);
    let mut d = ChunkDecoder::new(
        ChunkedMode::Signed,
        Some(signer.chunk_signer(&signed).unwrap()),
    )
    .unwrap();
    let mut input = &body[..];
    let mut ends = Vec::new();
    loop {
        match d.decode(&mut input).unwrap() {
            Decoded::Data(_) => {}
            Decoded::ChunkEnd { size } => ends.push(size),
            Decoded::Done => break,
            Decoded::NeedMore => panic!("whole body given"),
        }
    }
    let sizes: Vec<u64> = case["expected"]["chunks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["size"].as_u64().unwrap())
        .filter(|&n| n > 0)
        .collect();
    assert_eq!(ends, sizes);
}

#[test]
fn s3_doc_streaming_put_with_trailer() {
    let case = case("s3-sigv4-docs/streaming-chunked-put-with-trailer");
    let headers = json_pairs(&case["request"]["signed_headers_values"]);
    let mode = ChunkedMode::SignedTrailer;
    let (signer, signed) = seed(&case, &headers, mode);
    let exp = &case["expected"];

    let mut chunks = signer.chunk_signer(&signed).unwrap();
    check_chunk_chain(&case, &mut chunks);

    // The trailer, from the vector's trailer values.
    let trailers = json_pairs(&case["request"]["trailers"]);
    let t = str_pairs(&trailers);
    let sts = chunks.trailer_string_to_sign(&t).unwrap();
    assert_eq!(sts, s(&exp["trailer"]["string_to_sign"]));
    assert!(sts.ends_with(s(&exp["trailer"]["canonical_trailers_sha256"])));
    assert_eq!(
        chunks.sign_trailer(&t).unwrap(),
        s(&exp["trailer"]["signature"])
    );

    // Framing with the trailers given as they are.
    let data = data(&case);
    let first = exp["chunks"][0]["size"].as_u64().unwrap() as usize;
    let chunked = Chunked::new(mode, first).unwrap();
    let body = chunked
        .encode(Some(signer.chunk_signer(&signed).unwrap()), &data, &t)
        .unwrap();
    assert_eq!(body, expected_body(&case));
    assert_eq!(
        chunked
            .content_length_with_trailers(data.len() as u64, &t)
            .unwrap(),
        body.len() as u64
    );
    let decoded_len: u64 = header(&headers, "x-amz-decoded-content-length")
        .parse()
        .unwrap();
    for piece in [1, 3, 333, body.len()] {
        let d = ChunkDecoder::new(mode, Some(signer.chunk_signer(&signed).unwrap()))
            .unwrap()
            .decoded_content_length(decoded_len);
        let (out, d) = decode_all(d, &body, piece);
        assert_eq!(out, data);
        assert_eq!(d.trailers().collect::<Vec<_>>(), t);
    }
}

/// The doc's crc32c value, computed by the checksum trailer: the body that
/// `Chunked::checksum(Crc32c)` frames is the doc's, and the decoder checks
/// the checksum.
#[cfg(feature = "checksums")]
#[test]
fn s3_doc_trailer_checksum_computed() {
    use awssig::v4::chunked::ChecksumAlgorithm;
    let case = case("s3-sigv4-docs/streaming-chunked-put-with-trailer");
    let headers = json_pairs(&case["request"]["signed_headers_values"]);
    let mode = ChunkedMode::SignedTrailer;
    let (signer, signed) = seed(&case, &headers, mode);
    let data = data(&case);
    let trailers = json_pairs(&case["request"]["trailers"]);
    let (name, value) = &trailers[0];
    let alg = ChecksumAlgorithm::from_header_name(name).unwrap();
    assert_eq!(alg, ChecksumAlgorithm::Crc32c);
    assert_eq!(alg.compute(&data), *value);
    assert_eq!(header(&headers, "x-amz-trailer"), name);

    let first = case["expected"]["chunks"][0]["size"].as_u64().unwrap() as usize;
    let chunked = Chunked::new(mode, first).unwrap().checksum(alg).unwrap();
    assert_eq!(chunked.trailer_header(), Some(name.as_str()));
    let body = chunked
        .encode(Some(signer.chunk_signer(&signed).unwrap()), &data, &[])
        .unwrap();
    assert_eq!(body, expected_body(&case));
    assert_eq!(
        chunked.content_length(data.len() as u64).unwrap(),
        body.len() as u64
    );
    let d = ChunkDecoder::new(mode, Some(signer.chunk_signer(&signed).unwrap()))
        .unwrap()
        .checksum(alg);
    let (out, _) = decode_all(d, &body, 1000);
    assert_eq!(out, data);
}

#[test]
fn crt_trailing_headers_after_doc_chunks() {
    let crt = case("s3-chunked-crt-extras/sigv4-trailing-headers-after-doc-chunks");
    let doc = case("s3-sigv4-docs/streaming-chunked-put");
    // The CRT vector chains after the doc's chunks: the doc's final chunk
    // signature is its previous signature.
    let chunks = doc["expected"]["chunks"].as_array().unwrap();
    let previous = s(&crt["inputs"]["previous_signature"]);
    assert_eq!(s(&chunks[chunks.len() - 1]["signature"]), previous);

    let key = SigningKey::derive(
        s(&crt["credentials"]["secret_access_key"]),
        &s(&crt["datetime"])[..8],
        s(&crt["region"]),
        s(&crt["service"]),
    );
    let time = SigningTime::from_amz_date(s(&crt["datetime"])).unwrap();
    let mut signer =
        ChunkSigner::new(&key, time, s(&crt["region"]), s(&crt["service"]), previous).unwrap();
    let trailers = json_pairs(&crt["inputs"]["trailing_headers"]);
    let t = str_pairs(&trailers);
    let sts = signer.trailer_string_to_sign(&t).unwrap();
    assert!(sts.starts_with(s(&crt["algorithm"])));
    assert!(sts.ends_with(&format!(
        "\n{}",
        s(&crt["expected"]["canonical_trailing_headers_sha256"])
    )));
    assert_eq!(
        signer.sign_trailer(&t).unwrap(),
        s(&crt["expected"]["trailer_signature"])
    );

    // The same chain from the doc's seed, all the way through.
    let doc_signer = self::signer(&doc);
    let headers = json_pairs(&doc["request"]["headers"]);
    let (_, signed) = seed(&doc, &headers, ChunkedMode::Signed);
    let mut chain = doc_signer.chunk_signer(&signed).unwrap();
    check_chunk_chain(&doc, &mut chain);
    assert_eq!(
        chain.sign_trailer(&t).unwrap(),
        s(&crt["expected"]["trailer_signature"])
    );
}
