//! Load: 32 concurrent keep-alive connections send a fixed number of
//! uploads to `examples/verify_service.rs` (behind the `tower` layer),
//! mixing valid ones (presigned, header-signed with the body's SHA-256,
//! aws-chunked signed) with tampered ones (flipped signature, a changed
//! body byte, a changed chunk byte). Every valid object must be stored
//! intact, every tampered one refused with S3's code and not stored, none
//! lost; the process's peak memory must stay bounded. It prints
//! requests/s and the verifier's share of the CPU (measured by checking
//! the same requests again, single-threaded, with the same `Verifier`,
//! `BodyCheck` and chunk decoder, against the process CPU time of the
//! run, which includes the 32 client threads in this process):
//! `cargo test --release --all-features --test load -- --nocapture`.
#![cfg(feature = "tower")]

#[path = "../examples/verify_service.rs"]
#[allow(dead_code)]
mod verify_service;

mod common;

use std::sync::Arc;
use std::time::Instant;

use awssig::s3::{AddressingStyle, Bucket, Endpoint};
use awssig::v4::chunked::{Chunked, ChunkedMode};
use awssig::v4::{Payload, Request, Signer, SigningSettings};
use awssig::verify::{BodyCheck, Incoming, Verifier};
use awssig::{Credentials, SigningTime};
use common::s3_client::{agent, send};
use verify_service::Service;

const BUCKET: &str = "load";
const REGION: &str = "us-east-1";
const AKID: &str = "AKIDLOAD";
const SECRET: &str = "load/test+secret";
const CONNECTIONS: usize = 32;
const PER_CONNECTION: usize = 40;

/// One prepared upload: method, URL, headers, body, and whether it is
/// tampered (then the S3 code it must be refused with).
struct Upload {
    key: String,
    url: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    data: Vec<u8>,
    refused_with: Option<(u16, &'static str)>,
}

/// Process CPU time (user + system) from /proc/self/stat, in seconds.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    // Fields 14 and 15 (utime, stime) are at 11 and 12 after the name.
    (ticks(11) + ticks(12)) / 100.0
}

/// Peak resident memory (VmHWM), in KiB.
fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn prepare(port: u16, conn: usize, i: usize, now: SigningTime) -> Upload {
    let creds = Credentials::new(AKID, SECRET).unwrap();
    let endpoint = Endpoint::parse(&format!("http://127.0.0.1:{port}")).unwrap();
    let bucket = Bucket::with_endpoint(BUCKET, REGION, endpoint)
        .and_then(|b| b.addressing_style(AddressingStyle::Path))
        .unwrap();
    let key = format!("c{conn}/o{i}");
    let len = 1024 + (conn * 7919 + i * 104_729) % (24 << 10);
    let data: Vec<u8> = (0..len)
        .map(|j| ((j * 31 + conn * 7 + i) % 251) as u8)
        .collect();
    let tampered = i % 4 == 3;
    let host = format!("127.0.0.1:{port}");
    let path = format!("/{BUCKET}/{key}");
    let signer = Signer::new(creds.clone(), SigningSettings::s3(REGION)).unwrap();
    let mut u = match (i / 4) % 3 {
        0 => {
            let mut url = bucket.put(&key).presign(&creds, now, 600).unwrap();
            if tampered {
                let at = url.find("X-Amz-Signature=").unwrap() + 16;
                let flip = if &url[at..at + 1] == "0" { "1" } else { "0" };
                url.replace_range(at..at + 1, flip);
            }
            Upload {
                key,
                url,
                headers: Vec::new(),
                body: data.clone(),
                data,
                refused_with: tampered.then_some((403, "SignatureDoesNotMatch")),
            }
        }
        1 => {
            let headers = [("host", host.as_str())];
            let signed = signer
                .sign_headers(
                    &Request::new("PUT", &path)
                        .headers(&headers)
                        .payload(Payload::Bytes(&data)),
                    now,
                )
                .unwrap();
            let mut body = data.clone();
            if tampered {
                body[len / 2] ^= 1;
            }
            Upload {
                key,
                url: format!("http://{host}{path}"),
                headers: signed
                    .iter()
                    .map(|(n, v)| (n.to_string(), v.to_string()))
                    .collect(),
                body,
                data,
                refused_with: tampered.then_some((400, "XAmzContentSHA256Mismatch")),
            }
        }
        _ => {
            let chunked = Chunked::new(ChunkedMode::Signed, 8192).unwrap();
            let length = chunked.content_length(len as u64).unwrap().to_string();
            let decoded = len.to_string();
            let headers = [
                ("host", host.as_str()),
                ("content-encoding", "aws-chunked"),
                ("content-length", length.as_str()),
                ("x-amz-decoded-content-length", decoded.as_str()),
            ];
            let seed = signer
                .sign_headers(
                    &Request::new("PUT", &path)
                        .headers(&headers)
                        .payload(chunked.payload()),
                    now,
                )
                .unwrap();
            let mut body = chunked
                .encode(Some(signer.chunk_signer(&seed).unwrap()), &data, &[])
                .unwrap();
            if tampered {
                let at = body.len() - 200;
                body[at] ^= 1;
            }
            let mut all: Vec<(String, String)> = headers[1..]
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect();
            all.extend(seed.iter().map(|(n, v)| (n.to_string(), v.to_string())));
            Upload {
                key,
                url: format!("http://{host}{path}"),
                headers: all,
                body,
                data,
                refused_with: tampered.then_some((403, "SignatureDoesNotMatch")),
            }
        }
    };
    u.headers
        .retain(|(n, _)| n != "host" && n != "content-length");
    u
}

/// The verifier's own work for one upload, as the layer does it: the
/// signature, then the body through the chunk decoder and `BodyCheck`.
fn verify_again(verifier: &Verifier, u: &Upload, now: SigningTime) {
    let target = u
        .url
        .split_once("127.0.0.1")
        .map(|(_, r)| &r[r.find('/').unwrap_or(0)..])
        .unwrap_or("/");
    let port_host = u.url.split('/').nth(2).unwrap_or("");
    let mut headers: Vec<(&str, &str)> = u
        .headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    headers.push(("host", port_host));
    let len = u.body.len().to_string();
    headers.push(("content-length", &len));
    let incoming = Incoming::new("PUT", target, &headers);
    let lookup = |id: &str| (id == AKID).then(|| SECRET.to_string());
    let Ok(verified) = verifier.verify(&incoming, now, lookup) else {
        return;
    };
    let Ok(check) = BodyCheck::new(&incoming) else {
        return;
    };
    let mut check = check.with_md5();
    if u.headers.iter().any(|(n, _)| n == "content-encoding") {
        if let Ok(mut decoder) = verifier.chunk_decoder(&incoming, &verified, lookup) {
            let mut out = Vec::new();
            if decoder.decode_into(&u.body, &mut out).is_ok() {
                check.update(&out);
                let _ = decoder.finish();
            }
        }
        let _ = check.finish_with_trailers(std::iter::empty());
    } else {
        check.update(&u.body);
        let _ = check.finish();
    }
}

#[test]
fn thirty_two_connections_mixed_valid_and_tampered_uploads() {
    let service = Arc::new(Service::new(
        BUCKET,
        REGION,
        [(AKID.to_string(), SECRET.to_string())],
    ));
    let work = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("load-{}", std::process::id()));
    let door = common::s3_front_door::serve(verify_service::router(service.clone()), &work, 2);
    let now = SigningTime::now();
    let uploads: Vec<Vec<Upload>> = (0..CONNECTIONS)
        .map(|c| {
            (0..PER_CONNECTION)
                .map(|i| prepare(door.http_port, c, i, now))
                .collect()
        })
        .collect();
    let uploads = Arc::new(uploads);
    let rss_before = peak_rss_kib();
    let (cpu0, t0) = (cpu_seconds(), Instant::now());
    let threads: Vec<_> = (0..CONNECTIONS)
        .map(|c| {
            let uploads = uploads.clone();
            std::thread::spawn(move || {
                let agent = agent();
                let mut failures = Vec::new();
                for u in &uploads[c] {
                    let h: Vec<(&str, &str)> = u
                        .headers
                        .iter()
                        .map(|(n, v)| (n.as_str(), v.as_str()))
                        .collect();
                    let r = send(&agent, "PUT", &u.url, &h, Some(&u.body));
                    let want = u
                        .refused_with
                        .map(|(s, c)| (s, c.to_string()))
                        .unwrap_or((200, String::new()));
                    if (r.status, r.code()) != want {
                        failures.push(format!(
                            "{}: got {} {}, want {want:?}",
                            u.key,
                            r.status,
                            r.text()
                        ));
                    }
                }
                failures
            })
        })
        .collect();
    let failures: Vec<String> = threads
        .into_iter()
        .flat_map(|t| t.join().expect("client thread"))
        .collect();
    let (elapsed, cpu) = (t0.elapsed(), cpu_seconds() - cpu0);
    let rss_after = peak_rss_kib();
    assert!(
        failures.is_empty(),
        "{} answers were wrong:\n{}",
        failures.len(),
        failures.join("\n")
    );

    let (mut valid, mut tampered, mut stored_bytes) = (0, 0, 0usize);
    for u in uploads.iter().flatten() {
        match u.refused_with {
            None => {
                valid += 1;
                stored_bytes += u.data.len();
                assert_eq!(
                    service.object(&u.key).as_deref(),
                    Some(&u.data[..]),
                    "{} not stored intact",
                    u.key
                );
            }
            Some(_) => {
                tampered += 1;
                assert_eq!(
                    service.object(&u.key),
                    None,
                    "tampered {} was stored",
                    u.key
                );
            }
        }
    }
    assert_eq!(service.object_count(), valid, "objects lost or extra");

    // The verifier's share: the same checks again, one thread, timed.
    let verifier = Verifier::s3().region(REGION);
    let (vcpu0, v0) = (cpu_seconds(), Instant::now());
    for u in uploads.iter().flatten() {
        verify_again(&verifier, u, now);
    }
    let verify_time = v0.elapsed().as_secs_f64().max(cpu_seconds() - vcpu0);
    let total = CONNECTIONS * PER_CONNECTION;
    let growth_mib = rss_after.saturating_sub(rss_before) as f64 / 1024.0;
    println!(
        "load: {total} uploads ({valid} valid, {tampered} tampered) over {CONNECTIONS} connections in {:.2} s: {:.0} requests/s; \
         process CPU {cpu:.2} s, verifier (signature + body checks) {verify_time:.2} s = {:.0}% of it; \
         peak RSS +{growth_mib:.1} MiB for {:.1} MiB stored",
        elapsed.as_secs_f64(),
        total as f64 / elapsed.as_secs_f64(),
        100.0 * verify_time / cpu.max(1e-9),
        stored_bytes as f64 / (1024.0 * 1024.0)
    );
    // Bounded: what is stored, plus a fixed allowance for buffers and
    // 32 connections' worth of frames, never the sum of every body twice.
    let bound = stored_bytes as f64 / (1024.0 * 1024.0) + 64.0;
    assert!(
        growth_mib < bound,
        "peak RSS grew {growth_mib:.1} MiB, bound {bound:.1} MiB"
    );
}
