//! The SigV4A verifier with arbitrary received requests, checked with the
//! secret (the key derived) and with a public key: an error, never a
//! panic; and a verified request always names a region set. Then SigV4A
//! aws-chunked bodies: arbitrary bytes through the decoder of a fixed
//! seed's chain (an error, never a panic, never data unless it verified),
//! and framing arbitrary data then decoding it gives the data back.
#![no_main]

use arbitrary::Arbitrary;
use awssig::v4::chunked::{ChunkDecoder, Chunked, ChunkedMode};
use awssig::v4::{Request, SigningSettings};
use awssig::v4a::{ChunkVerifier, EcdsaKey, Signer};
use awssig::verify::{Incoming, Verifier};
use awssig::{Credentials, SigningTime};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    s3: bool,
    region: Option<&'a str>,
    method: &'a str,
    target: &'a str,
    headers: Vec<(&'a str, &'a str)>,
    now: i64,
    skew: u64,
    trailer: bool,
    body: &'a [u8],
    data: &'a [u8],
    chunk_size: u16,
}

fuzz_target!(|inp: Input<'_>| {
    let Ok(now) = SigningTime::from_unix(inp.now) else {
        return;
    };
    let mut v = if inp.s3 {
        Verifier::s3()
    } else {
        Verifier::new("service")
    }
    .clock_skew(inp.skew);
    if let Some(r) = inp.region {
        v = v.region(r);
    }
    let public = EcdsaKey::derive("AKIDEXAMPLE", "secret")
        .expect("a fixed key derives")
        .public_key();
    let secret = |id: &str| (!id.is_empty()).then(|| "secret".to_string());
    let req = Incoming::new(inp.method, inp.target, &inp.headers);
    for r in [
        v.verify(&req, now, secret),
        v.verify_with_public_keys(&req, now, |_: &str| Some(public)),
    ] {
        if let Ok(ok) = r {
            assert!(!ok.region().is_empty());
        }
    }

    let mode = if inp.trailer {
        ChunkedMode::SignedEcdsaTrailer
    } else {
        ChunkedMode::SignedEcdsa
    };
    let creds = Credentials::new("AKIDEXAMPLE", "secret").expect("fixed credentials");
    let signer = Signer::new(creds, SigningSettings::s3("*")).expect("a fixed signer");
    let t = SigningTime::from_unix(1_700_000_000).expect("a fixed time");
    let host = [("host", "b.s3.amazonaws.com")];
    let req = Request::new("PUT", "/k")
        .headers(&host)
        .payload(mode.payload());
    let seed = signer.sign_headers(&req, t).expect("a fixed seed signs");
    let verifier = ChunkVerifier::new(public, t, "s3", seed.signature()).expect("the seed");
    let mut d = ChunkDecoder::new_v4a(mode, verifier.clone()).expect("a SigV4A mode");
    let _ = d
        .decode_into(inp.body, &mut Vec::new())
        .and_then(|()| d.finish());

    let data = &inp.data[..inp.data.len().min(4096)];
    let chunked = Chunked::new(mode, usize::from(inp.chunk_size.max(1))).expect("a size");
    let chunks = signer.chunk_signer(&seed).expect("the seed's chain");
    let body = chunked.encode_v4a(chunks, data, &[]).expect("frames");
    assert_eq!(
        body.len() as u64,
        chunked.content_length(data.len() as u64).unwrap()
    );
    let mut d = ChunkDecoder::new_v4a(mode, verifier).expect("a SigV4A mode");
    let mut out = Vec::new();
    d.decode_into(&body, &mut out)
        .expect("its own body decodes");
    d.finish().expect("its own body is complete");
    assert_eq!(out, data);
});
