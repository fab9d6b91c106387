//! The body check: for arbitrary body bytes, split arbitrarily, and
//! arbitrary promised header values (true digests, near misses, garbage),
//! `BodyCheck` accepts only if every promised digest really is the body's
//! (computed here independently: sha2, sha1, md-5, the crc crate), accepts
//! when every promise is true, and never panics.
#![no_main]

use arbitrary::Arbitrary;
use awssig::v4::chunked::ChecksumAlgorithm;
use awssig::verify::{BodyCheck, Incoming};
use base64::Engine as _;
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
enum Promise<'a> {
    Absent,
    /// The body's true digest.
    True,
    /// The true digest with one byte changed.
    Flipped(u8, u8),
    /// Anything.
    Raw(&'a str),
}

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    body: &'a [u8],
    splits: Vec<u8>,
    sha256: Promise<'a>,
    sha256_upper: bool,
    md5: Promise<'a>,
    checksum_alg: u8,
    checksum: Promise<'a>,
    sdk_algorithm: Option<&'a str>,
    in_query: bool,
    extra: Vec<(&'a str, &'a str)>,
}

const ALGS: [(&str, &str); 5] = [
    ("x-amz-checksum-crc32", "CRC32"),
    ("x-amz-checksum-crc32c", "CRC32C"),
    ("x-amz-checksum-crc64nvme", "CRC64NVME"),
    ("x-amz-checksum-sha1", "SHA1"),
    ("x-amz-checksum-sha256", "SHA256"),
];

/// The digest of `body` for ALGS[i], big-endian bytes, independently.
fn checksum(i: usize, body: &[u8]) -> Vec<u8> {
    use sha1::Digest as _;
    match i {
        0 => crc::Crc::<u32>::new(&crc::CRC_32_ISO_HDLC)
            .checksum(body)
            .to_be_bytes()
            .to_vec(),
        1 => crc::Crc::<u32>::new(&crc::CRC_32_ISCSI)
            .checksum(body)
            .to_be_bytes()
            .to_vec(),
        2 => crc::Crc::<u64>::new(&crc::CRC_64_NVME)
            .checksum(body)
            .to_be_bytes()
            .to_vec(),
        3 => sha1::Sha1::digest(body).to_vec(),
        _ => sha2::Sha256::digest(body).to_vec(),
    }
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// The stated value and whether it is the true one.
fn state(
    p: &Promise<'_>,
    truth: &[u8],
    encode: impl Fn(&[u8]) -> String,
) -> Option<(String, bool)> {
    match p {
        Promise::Absent => None,
        Promise::True => Some((encode(truth), true)),
        Promise::Flipped(at, by) => {
            let mut v = truth.to_vec();
            let i = usize::from(*at) % v.len();
            v[i] ^= (*by).max(1);
            Some((encode(&v), false))
        }
        Promise::Raw(s) => Some((s.to_string(), false)),
    }
}

fn percent(s: &str) -> String {
    s.bytes().map(|b| format!("%{b:02X}")).collect()
}

fuzz_target!(|inp: Input<'_>| {
    use sha2::Digest as _;
    let body = inp.body;
    let sha256 = sha2::Sha256::digest(body).to_vec();
    let md5 = md5::Md5::digest(body).to_vec();
    let alg = usize::from(inp.checksum_alg) % ALGS.len();
    let sum = checksum(alg, body);

    let upper = inp.sha256_upper;
    let sha256_stated = state(&inp.sha256, &sha256, |b| {
        let h = hex(b);
        if upper {
            h.to_ascii_uppercase()
        } else {
            h
        }
    });
    let md5_stated = state(&inp.md5, &md5, b64);
    let sum_stated = state(&inp.checksum, &sum, b64);

    let mut headers: Vec<(&str, &str)> = Vec::new();
    if let Some((v, _)) = &sha256_stated {
        headers.push(("x-amz-content-sha256", v));
    }
    if let Some((v, _)) = &md5_stated {
        headers.push(("Content-MD5", v));
    }
    let mut url = String::from("/bucket/key?X-Amz-Algorithm=AWS4-HMAC-SHA256");
    if let Some((v, _)) = &sum_stated {
        if inp.in_query {
            url.push('&');
            url.push_str(ALGS[alg].0);
            url.push('=');
            url.push_str(&percent(v));
        } else {
            headers.push((ALGS[alg].0, v));
        }
    }
    if let Some(s) = inp.sdk_algorithm {
        headers.push(("x-amz-sdk-checksum-algorithm", s));
    }
    headers.extend(inp.extra.iter().copied());

    let req = Incoming::new("PUT", &url, &headers);
    let result = BodyCheck::new(&req).and_then(|mut check| {
        let mut rest = body;
        let mut split = inp.splits.iter().cycle();
        while !rest.is_empty() {
            let n = (usize::from(*split.next().unwrap_or(&255)) + 1).min(rest.len());
            check.update(&rest[..n]);
            rest = &rest[n..];
        }
        check.finish()
    });

    match &result {
        Ok(d) => {
            // Accepted: every promise it checked is true.
            if let Some(h) = d.sha256() {
                assert_eq!(&h[..], &sha256[..]);
            }
            if let Some(m) = d.md5() {
                assert_eq!(&m[..], &md5[..]);
            }
            if let Some((a, v)) = d.checksum() {
                let i = ALGS
                    .iter()
                    .position(|(n, _)| *n == a.header_name())
                    .expect("a known algorithm");
                assert_eq!(v, b64(&checksum(i, body)));
            }
            // Every promise made here is the body's (whatever flag the
            // generator gave it: a raw value may happen to be true).
            if let Some((v, _)) = &sha256_stated {
                let v = v.trim();
                let streaming = v == "UNSIGNED-PAYLOAD" || v.starts_with("STREAMING-");
                assert!(streaming || v.eq_ignore_ascii_case(&hex(&sha256)), "{v:?}");
            }
            if let Some((v, _)) = &md5_stated {
                assert_eq!(unb64(v).as_deref(), Some(&md5[..]), "{v:?}");
            }
            if let Some((v, _)) = &sum_stated {
                assert_eq!(unb64(v).as_deref(), Some(&sum[..]), "{v:?}");
            }
        }
        Err(e) => {
            assert!(e.s3_code().is_some(), "{e}");
            // Refused although every promise is true: only a disagreeing
            // x-amz-sdk-checksum-algorithm (or extra headers) may cause it.
            let all_true = [&sha256_stated, &md5_stated, &sum_stated]
                .iter()
                .all(|s| s.as_ref().map_or(true, |(_, t)| *t));
            let sdk_ok = inp.sdk_algorithm.map_or(true, |s| {
                sum_stated.is_some() && s.eq_ignore_ascii_case(ALGS[alg].1)
            });
            assert!(
                !(all_true && sdk_ok && inp.extra.is_empty()),
                "true promises refused: {e}"
            );
        }
    }
    let _ = ChecksumAlgorithm::from_sdk_name(inp.sdk_algorithm.unwrap_or(""));
});

fn unb64(s: &str) -> Option<Vec<u8>> {
    base64::engine::general_purpose::STANDARD
        .decode(s.trim())
        .ok()
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}
