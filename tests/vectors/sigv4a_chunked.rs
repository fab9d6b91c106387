//! aws-c-auth's SigV4A aws-chunked vectors: the seed's canonical requests
//! (with and without a trailer), and each chunk's and the trailer's string
//! to sign (prefix + previous signature + suffix), whose ECDSA signatures
//! verify with the case's public key (RustCrypto `p256`); and the same
//! chunks framed for the wire (signatures `*`-padded to 144 characters),
//! whose strings to sign, rebuilt from the vector's parts with the
//! previous signature taken from the wire without its padding, verify
//! there too, and which awssig's decoder checks with the public key alone.
//! Data: tests/data/s3-chunked-crt-extras/sigv4a-chunked-canonical-requests
//! (Apache-2.0, see tests/data/LICENSES).

use crate::common::ecdsa_reference::p256_verifies;
use crate::common::*;
use awssig::v4::chunked::{ChunkDecoder, Chunked, ChunkedMode};
use awssig::v4::{Payload, Request, SigningSettings};
use awssig::v4a::{ChunkVerifier, PublicKey, Signer};
use awssig::SigningTime;

#[test]
fn crt_sigv4a_chunked_canonical_requests_and_chunk_strings_to_sign() {
    let dir = data_dir().join("s3-chunked-crt-extras/sigv4a-chunked-canonical-requests");
    let c = read_json(&dir.join("case.json"));
    let name = field(&c, "id");
    let e = &c["expected"];
    let signer = Signer::new(
        json_creds(&c["credentials"]),
        SigningSettings::s3(field(&c, "region_set")),
    )
    .unwrap();
    let time = SigningTime::from_amz_date(field(&c, "datetime")).unwrap();
    let key = &c["verification_public_key"];
    let (x, y) = (field(key, "x"), field(key, "y"));
    let mut failures = Vec::new();
    check(
        name,
        "derived public key x",
        &signer.public_key().x_hex(),
        x,
        &mut failures,
    );
    check(
        name,
        "derived public key y",
        &signer.public_key().y_hex(),
        y,
        &mut failures,
    );

    // The S3 doc's chunked request (content-length of its SigV4 framing).
    let base = [
        ("Host", "s3.amazonaws.com"),
        ("x-amz-storage-class", "REDUCED_REDUNDANCY"),
        ("Content-Encoding", "aws-chunked"),
        ("x-amz-decoded-content-length", "66560"),
        ("Content-Length", "66824"),
    ];
    let mut with_trailer = base.to_vec();
    with_trailer.push(("x-amz-trailer", "first,second,third"));
    for (step, headers, payload, want) in [
        (
            "canonical request",
            &base[..],
            Payload::StreamingSignedEcdsa,
            field(e, "canonical_request"),
        ),
        (
            "canonical request with trailer",
            &with_trailer[..],
            Payload::StreamingSignedEcdsaTrailer,
            field(e, "canonical_request_with_trailer"),
        ),
    ] {
        let req = Request::new("PUT", "/examplebucket/chunkObject.txt")
            .headers(headers)
            .payload(payload);
        let steps = signer.sign_headers_steps(&req, time).unwrap();
        check(name, step, &steps.canonical_request, want, &mut failures);
        if !p256_verifies(x, y, steps.string_to_sign.as_bytes(), &steps.signature) {
            failures.push(format!(
                "case {name}, step {step}: the seed signature does not verify"
            ));
        }
    }

    // The chunks (65536, 1024, 0 bytes of 'a') and the trailer, chained
    // from the trailer seed.
    let req = Request::new("PUT", "/examplebucket/chunkObject.txt")
        .headers(&with_trailer)
        .payload(Payload::StreamingSignedEcdsaTrailer);
    let seed = signer.sign_headers(&req, time).unwrap();
    let mut chunks = signer.chunk_signer(&seed).unwrap();
    let prefix = field(e, "chunk_string_to_sign_prefix");
    for (i, (len, suffix)) in [65536usize, 1024, 0]
        .into_iter()
        .zip(json_strs(&e["chunk_string_to_sign_suffixes"]))
        .enumerate()
    {
        let data = vec![b'a'; len];
        let previous = chunks.previous_signature().to_string();
        let sts = chunks.chunk_string_to_sign(&data);
        check(
            name,
            &format!("chunk {i} string to sign"),
            &sts,
            &format!("{prefix}{previous}{suffix}"),
            &mut failures,
        );
        let sig = chunks.sign_chunk(&data).to_string();
        if !p256_verifies(x, y, sts.as_bytes(), &sig) {
            failures.push(format!(
                "case {name}, step chunk {i}: signature does not verify"
            ));
        }
    }
    let trailers = [("first", "1st"), ("second", "2nd"), ("third", "3rd")];
    let previous = chunks.previous_signature().to_string();
    let sts = chunks.trailer_string_to_sign(&trailers).unwrap();
    check(
        name,
        "trailer string to sign",
        &sts,
        &format!(
            "{}{previous}{}",
            field(e, "trailer_string_to_sign_prefix"),
            field(e, "trailer_string_to_sign_suffix")
        ),
        &mut failures,
    );
    let sig = chunks.sign_trailer(&trailers).unwrap().to_string();
    if !p256_verifies(x, y, sts.as_bytes(), &sig) {
        failures.push(format!(
            "case {name}, step trailer: signature does not verify"
        ));
    }
    finish(failures, 10);
}

/// The vector's chunks (65536, 1024, 0 bytes of 'a') and trailer, framed
/// for the wire by awssig: each signature 144 characters, the DER hex then
/// `*`; each chunk's string to sign is the vector's prefix, the previous
/// wire signature without its padding, and the vector's suffix (checked
/// with RustCrypto's verifier), and the body decodes with the vector's
/// public key alone. The framed length is the SigV4 doc's 66824 plus 80
/// for each of the three chunk signatures (plus the trailer block).
#[test]
fn crt_sigv4a_chunked_wire_framing_chains_unpadded_signatures() {
    let dir = data_dir().join("s3-chunked-crt-extras/sigv4a-chunked-canonical-requests");
    let c = read_json(&dir.join("case.json"));
    let name = field(&c, "id");
    let e = &c["expected"];
    let signer = Signer::new(
        json_creds(&c["credentials"]),
        SigningSettings::s3(field(&c, "region_set")),
    )
    .unwrap();
    let time = SigningTime::from_amz_date(field(&c, "datetime")).unwrap();
    let key = &c["verification_public_key"];
    let (x, y) = (field(key, "x"), field(key, "y"));
    let mut failures = Vec::new();
    let data = vec![b'a'; 65536 + 1024];
    let trailers = [("first", "1st"), ("second", "2nd"), ("third", "3rd")];

    let plain = Chunked::new(ChunkedMode::SignedEcdsa, 65536).unwrap();
    check(
        name,
        "content length",
        &plain.content_length(66560).unwrap().to_string(),
        &(66824 + 3 * 80).to_string(),
        &mut failures,
    );

    let chunked = Chunked::new(ChunkedMode::SignedEcdsaTrailer, 65536).unwrap();
    let headers = [
        ("Host", "s3.amazonaws.com"),
        ("x-amz-storage-class", "REDUCED_REDUNDANCY"),
        ("Content-Encoding", "aws-chunked"),
        ("x-amz-decoded-content-length", "66560"),
        ("x-amz-trailer", "first,second,third"),
    ];
    let req = Request::new("PUT", "/examplebucket/chunkObject.txt")
        .headers(&headers)
        .payload(chunked.payload());
    let seed = signer.sign_headers(&req, time).unwrap();
    let body = chunked
        .encode_v4a(signer.chunk_signer(&seed).unwrap(), &data, &trailers)
        .unwrap();
    check(
        name,
        "framed length",
        &body.len().to_string(),
        &chunked
            .content_length_with_trailers(66560, &trailers)
            .unwrap()
            .to_string(),
        &mut failures,
    );

    // The signatures on the wire, in order: three chunk lines, the trailer.
    let text = String::from_utf8_lossy(&body).into_owned();
    let mut wire = Vec::new();
    for key in [";chunk-signature=", "x-amz-trailer-signature:"] {
        for (at, _) in text.match_indices(key) {
            let start = at + key.len();
            let end = start + text[start..].find("\r\n").unwrap();
            wire.push(text[start..end].to_string());
        }
    }
    let suffixes = json_strs(&e["chunk_string_to_sign_suffixes"]);
    let mut previous = seed.signature().to_string();
    for (i, sig) in wire.iter().enumerate() {
        let hex = sig.trim_end_matches('*');
        if sig.len() != 144 || !sig[hex.len()..].bytes().all(|b| b == b'*') {
            failures.push(format!(
                "case {name}, signature {i}: not 144 characters of hex then '*': {sig}"
            ));
        }
        let sts = match suffixes.get(i) {
            Some(suffix) => format!(
                "{}{previous}{suffix}",
                field(e, "chunk_string_to_sign_prefix")
            ),
            None => format!(
                "{}{previous}{}",
                field(e, "trailer_string_to_sign_prefix"),
                field(e, "trailer_string_to_sign_suffix")
            ),
        };
        if !p256_verifies(x, y, sts.as_bytes(), hex) {
            failures.push(format!(
                "case {name}, wire signature {i}: does not verify over the vector's string to sign"
            ));
        }
        previous = hex.to_string();
    }
    if wire.len() != 4 {
        failures.push(format!(
            "case {name}: {} wire signatures, not 4",
            wire.len()
        ));
    }

    // The server side with the vector's public key only: its strings to
    // sign, chained from the wire's signatures, byte for byte the vector's.
    let public = PublicKey::from_xy_hex(x, y).unwrap();
    let verifier = ChunkVerifier::new(public, time, "s3", seed.signature()).unwrap();
    let mut chain = verifier.clone();
    let mut previous = seed.signature().to_string();
    let pieces: [&[u8]; 3] = [&data[..65536], &data[65536..], b""];
    for (i, (piece, sig)) in pieces.iter().zip(&wire).enumerate() {
        let want = format!(
            "{}{previous}{}",
            field(e, "chunk_string_to_sign_prefix"),
            suffixes[i]
        );
        check(
            name,
            &format!("verifier's chunk {i} string to sign"),
            &chain.chunk_string_to_sign(piece),
            &want,
            &mut failures,
        );
        if let Err(err) = chain.verify_chunk(piece, sig) {
            failures.push(format!("case {name}, verifier chunk {i}: {err}"));
        }
        previous = sig.trim_end_matches('*').to_string();
    }
    check(
        name,
        "verifier's trailer string to sign",
        &chain.trailer_string_to_sign(&trailers).unwrap(),
        &format!(
            "{}{previous}{}",
            field(e, "trailer_string_to_sign_prefix"),
            field(e, "trailer_string_to_sign_suffix")
        ),
        &mut failures,
    );
    if let Some(sig) = wire.get(3) {
        if let Err(err) = chain.verify_trailer(&trailers, sig) {
            failures.push(format!("case {name}, verifier trailer: {err}"));
        }
    }
    let mut d = ChunkDecoder::new_v4a(ChunkedMode::SignedEcdsaTrailer, verifier)
        .unwrap()
        .decoded_content_length(66560);
    let mut out = Vec::new();
    let decoded = d.decode_into(&body, &mut out).and_then(|()| d.finish());
    match decoded {
        Ok(()) if out == data => {}
        Ok(()) => failures.push(format!("case {name}: the body decoded to other data")),
        Err(err) => failures.push(format!("case {name}: the body does not decode: {err}")),
    }
    if d.trailers().collect::<Vec<_>>() != trailers {
        failures.push(format!("case {name}: the trailers came back otherwise"));
    }
    finish(failures, 10);
}
