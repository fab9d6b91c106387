//! aws-chunked throughput on 64 KiB chunks: `cargo bench --bench chunked`.
//!
//! One group, one run, the same 8 MiB body and `Throughput::Bytes` for all:
//!
//! * `sha256_raw`: SHA-256 of each chunk, nothing else (the floor: every
//!   signed chunk needs its hash);
//! * `sign_chunks`: [`ChunkSigner::sign_chunk`] on each chunk (hash + the
//!   chained HMAC) and the final chunk;
//! * `sign_and_frame`: a [`ChunkEncoder`] writing the framed body
//!   (signatures, size lines, data copies) into a reused buffer;
//! * `decode_verified`: the server side, a [`ChunkDecoder`] checking that
//!   body, fed in 16 KiB pieces.
//!
//! Issue 10's target: `sign_and_frame` at ≥ 90 % of `sha256_raw`. On a
//! shared machine criterion's groups, run one after the other, drift with
//! the load; so the bench ends with the ratios measured interleaved (raw,
//! signing, signing + framing in turn, order rotating, many rounds; the
//! median per-round ratio), printed as `ratio …`.

use std::hint::black_box;
use std::time::Instant;

use criterion::{criterion_group, Criterion, Throughput};
use sha2::{Digest, Sha256};

use awssig::v4::chunked::{ChunkDecoder, ChunkSigner, Chunked, ChunkedMode};
use awssig::v4::SigningKey;
use awssig::SigningTime;

const CHUNK: usize = 64 * 1024;
const BODY: usize = 8 << 20;
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

fn chunked_64k(c: &mut Criterion) {
    let data: Vec<u8> = (0..BODY).map(|i| (i * 31 % 251) as u8).collect();
    let chunked = Chunked::new(ChunkedMode::Signed, CHUNK).unwrap();
    let framed_len = chunked.content_length(BODY as u64).unwrap() as usize;

    let mut g = c.benchmark_group("chunked_64k");
    g.throughput(Throughput::Bytes(BODY as u64));

    g.bench_function("sha256_raw", |b| {
        b.iter(|| {
            for chunk in black_box(&data).chunks(CHUNK) {
                black_box(Sha256::digest(chunk));
            }
        })
    });

    g.bench_function("sign_chunks", |b| {
        let start = signer();
        b.iter(|| {
            let mut s = start.clone();
            for chunk in black_box(&data).chunks(CHUNK) {
                black_box(s.sign_chunk(chunk));
            }
            black_box(s.sign_final().len())
        })
    });

    g.bench_function("sign_and_frame", |b| {
        let start = signer();
        let mut out = Vec::with_capacity(framed_len);
        b.iter(|| {
            out.clear();
            let mut enc = chunked.encoder(Some(start.clone())).unwrap();
            for chunk in black_box(&data).chunks(CHUNK) {
                enc.write_chunk(chunk, &mut out);
            }
            enc.finish(&[], &mut out).unwrap();
            black_box(out.len())
        })
    });

    let body = chunked.encode(Some(signer()), &data, &[]).unwrap();
    g.bench_function("decode_verified", |b| {
        let start = signer();
        let mut out = Vec::with_capacity(BODY);
        b.iter(|| {
            out.clear();
            let mut dec = ChunkDecoder::new(ChunkedMode::Signed, Some(start.clone())).unwrap();
            for piece in black_box(&body).chunks(16 * 1024) {
                dec.decode_into(piece, &mut out).unwrap();
            }
            dec.finish().unwrap();
            black_box(out.len())
        })
    });

    g.finish();
}

fn raw(data: &[u8]) {
    for chunk in data.chunks(CHUNK) {
        black_box(Sha256::digest(chunk));
    }
}

fn sign(start: &ChunkSigner, data: &[u8]) {
    let mut s = start.clone();
    for chunk in data.chunks(CHUNK) {
        black_box(s.sign_chunk(chunk));
    }
    black_box(s.sign_final().len());
}

fn frame(chunked: &Chunked, start: &ChunkSigner, data: &[u8], out: &mut Vec<u8>) {
    out.clear();
    let mut enc = chunked.encoder(Some(start.clone())).unwrap();
    for chunk in data.chunks(CHUNK) {
        enc.write_chunk(chunk, out);
    }
    enc.finish(&[], out).unwrap();
    black_box(out.len());
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Throughput of signing, and of signing + framing, over raw SHA-256:
/// the median over interleaved rounds.
fn interleaved_ratios() {
    const ROUNDS: usize = 61;
    let data: Vec<u8> = (0..BODY).map(|i| (i * 31 % 251) as u8).collect();
    let chunked = Chunked::new(ChunkedMode::Signed, CHUNK).unwrap();
    let start = signer();
    let mut out = Vec::with_capacity(chunked.content_length(BODY as u64).unwrap() as usize);
    frame(&chunked, &start, &data, &mut out); // warm up, and touch `out`
    let (mut signed, mut framed) = (Vec::new(), Vec::new());
    for round in 0..ROUNDS {
        let mut t = [0f64; 3];
        for k in 0..3 {
            let which = (round + k) % 3;
            let at = Instant::now();
            match which {
                0 => raw(black_box(&data)),
                1 => sign(&start, black_box(&data)),
                _ => frame(&chunked, &start, black_box(&data), &mut out),
            }
            t[which] = at.elapsed().as_secs_f64();
        }
        signed.push(t[0] / t[1]);
        framed.push(t[0] / t[2]);
    }
    println!(
        "ratio (64 KiB chunks, median of {ROUNDS} interleaved rounds): sign_chunks / sha256_raw = {:.1} %, sign_and_frame / sha256_raw = {:.1} %",
        100.0 * median(signed),
        100.0 * median(framed)
    );
}

criterion_group!(benches, chunked_64k);

fn main() {
    benches();
    interleaved_ratios();
    Criterion::default().configure_from_args().final_summary();
}
