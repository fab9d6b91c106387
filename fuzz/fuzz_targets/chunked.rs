//! aws-chunked: arbitrary bodies through the decoder in arbitrary splits
//! (an error, never a panic), and framing → decoding gives the data back.
#![no_main]

use arbitrary::Arbitrary;
use awssig::v4::chunked::{ChunkDecoder, ChunkSigner, Chunked, ChunkedMode, Decoded};
use awssig::v4::SigningKey;
use awssig::SigningTime;
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    mode: u8,
    raw: &'a [u8],
    splits: Vec<u8>,
    data: &'a [u8],
    chunk_size: u16,
}

const SEED: &str = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";

fn signer() -> ChunkSigner {
    let key = SigningKey::derive(
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "20130524",
        "us-east-1",
        "s3",
    );
    let time = SigningTime::from_amz_date("20130524T000000Z").unwrap();
    ChunkSigner::new(&key, time, "us-east-1", "s3", SEED).unwrap()
}

fn mode(m: u8) -> ChunkedMode {
    match m % 3 {
        0 => ChunkedMode::Signed,
        1 => ChunkedMode::SignedTrailer,
        _ => ChunkedMode::UnsignedTrailer,
    }
}

fn signed(m: ChunkedMode) -> bool {
    !matches!(m, ChunkedMode::UnsignedTrailer)
}

/// Decodes `body` fed in pieces; the data, or the first error.
fn decode(m: ChunkedMode, body: &[u8], splits: &[u8]) -> Result<Vec<u8>, awssig::Error> {
    let mut d = ChunkDecoder::new(m, signed(m).then(signer))?;
    let mut out = Vec::new();
    let mut rest = body;
    let mut split = splits.iter().cycle();
    loop {
        let n = (*split.next().unwrap_or(&255) as usize + 1).min(rest.len());
        let (mut piece, tail) = rest.split_at(n);
        rest = tail;
        loop {
            match d.decode(&mut piece)? {
                Decoded::Data(b) => out.extend_from_slice(b),
                Decoded::ChunkEnd { .. } => {}
                Decoded::NeedMore => break,
                Decoded::Done => return Ok(out),
            }
        }
        if rest.is_empty() {
            d.finish()?;
            return Ok(out);
        }
    }
}

fuzz_target!(|inp: Input<'_>| {
    let m = mode(inp.mode);
    let _ = decode(m, inp.raw, &inp.splits);
    let size = usize::from(inp.chunk_size.max(1));
    let Ok(c) = Chunked::new(m, size) else { return };
    let body = c
        .encode(signed(m).then(signer), inp.data, &[])
        .expect("framing accepts any data");
    assert_eq!(
        body.len() as u64,
        c.content_length_with_trailers(inp.data.len() as u64, &[])
            .unwrap()
    );
    match decode(m, &body, &inp.splits) {
        Ok(data) => assert_eq!(data, inp.data),
        Err(e) => panic!("framed body rejected: {e}"),
    }
});
