//! aws-c-auth's SigV4A aws-chunked vectors: the seed's canonical requests
//! (with and without a trailer), and each chunk's and the trailer's string
//! to sign (prefix + previous signature + suffix), whose ECDSA signatures
//! verify with the case's public key (RustCrypto `p256`).
//! Data: tests/data/s3-chunked-crt-extras/sigv4a-chunked-canonical-requests
//! (Apache-2.0, see tests/data/LICENSES).

use crate::common::ecdsa_reference::p256_verifies;
use crate::common::*;
use awssig::v4::{Payload, Request, SigningSettings};
use awssig::v4a::Signer;
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
