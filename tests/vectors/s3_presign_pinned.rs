//! Parity with botocore for presigned uploads that pin their body: every
//! case of tests/data/botocore/presign-pinned.json (made by
//! tests/tools/gen_botocore_pinned.py from botocore 1.44.5's
//! generate_presigned_url for put_object and upload_part with
//! ChecksumSHA256/SHA1/CRC32/CRC32C/CRC64NVME, ContentLength, ContentMD5
//! and ChecksumAlgorithm, at a frozen clock) is presigned through the
//! typed pins (`checksum_base64`, `checksum_algorithm`, `content_length`,
//! `content_md5`, `Bucket::multipart(..).upload_part`) and must give the
//! same URL byte for byte, and `presign_detailed().headers()` must list
//! exactly the headers botocore signed (what the uploader must send).
//!
//! Hoisting: aws-sdk-js-v3 >= 3.729 moves checksum headers into a
//! presigned URL's query; awssig never does (it signs them as headers).
//! botocore 1.44.5 does not hoist either: every case records `hoisted`
//! (pin names botocore put in the query) and the test asserts it empty,
//! so a corpus regenerated with a hoisting botocore fails here and says
//! which cases differ and why, instead of silently changing signatures.
//!
//! Without the `checksums` feature the CRC algorithms do not exist in
//! `ChecksumAlgorithm`: those cases are skipped and counted (the default
//! CI runs them with `--all-features`).

use crate::common::*;
use awssig::s3::{AddressingStyle, Bucket, ChecksumAlgorithm, Endpoint};
use awssig::{Credentials, SigningTime};
use serde_json::Value;

fn s(v: &Value) -> &str {
    v.as_str()
        .unwrap_or_else(|| panic!("expected a string, got {v}"))
}

fn corpus() -> Value {
    read_json(&data_dir().join("botocore/presign-pinned.json"))
}

/// The `ChecksumXxx` parameter's algorithm, `None` when this build lacks it.
fn param_algorithm(param: &str) -> Option<ChecksumAlgorithm> {
    ChecksumAlgorithm::from_sdk_name(param.strip_prefix("Checksum")?)
}

enum Outcome {
    Url(Box<awssig::s3::PresignedUrl>),
    Skipped(String),
}

fn presign_case(c: &Value) -> Result<Outcome, awssig::Error> {
    let mut creds = Credentials::new(s(&c["access_key_id"]), s(&c["secret_access_key"]))?;
    if let Some(t) = c["session_token"].as_str() {
        creds = creds.with_session_token(t)?;
    }
    let bucket = match c["endpoint_url"].as_str() {
        None => Bucket::new(s(&c["bucket"]), s(&c["region"]))?,
        Some(url) => {
            Bucket::with_endpoint(s(&c["bucket"]), s(&c["region"]), Endpoint::parse(url)?)?
        }
    };
    let bucket = bucket.addressing_style(match s(&c["addressing_style"]) {
        "virtual" => AddressingStyle::Auto,
        "path" => AddressingStyle::Path,
        other => panic!("unknown style {other}"),
    })?;
    let params = c["params"].as_object().unwrap();
    let key = s(&c["key"]);
    let upload = bucket.multipart(key);
    let mut req = match s(&c["client_method"]) {
        "put_object" => bucket.put(key),
        "upload_part" => upload.upload_part(
            s(&params["UploadId"]).to_string(),
            params["PartNumber"].as_u64().unwrap() as u16,
        ),
        other => panic!("unknown client_method {other}"),
    };
    for (name, value) in params {
        req = match name.as_str() {
            "Bucket" | "Key" | "UploadId" | "PartNumber" => req,
            "ContentLength" => req.content_length(value.as_u64().unwrap()),
            "ContentMD5" => req.content_md5(s(value).to_string()),
            "ChecksumAlgorithm" => match ChecksumAlgorithm::from_sdk_name(s(value)) {
                Some(alg) => req.checksum_algorithm(alg),
                None => return Ok(Outcome::Skipped(format!("{} needs `checksums`", s(value)))),
            },
            p if p.starts_with("Checksum") => match param_algorithm(p) {
                Some(alg) => req.checksum_base64(alg, s(value).to_string()),
                None => return Ok(Outcome::Skipped(format!("{p} needs `checksums`"))),
            },
            other => panic!("parameter {other} has no typed pin"),
        };
    }
    let time = SigningTime::from_amz_date(&iso_to_amz(s(&c["time"])))?;
    req.presign_detailed(&creds, time, c["expires_in"].as_u64().unwrap())
        .map(|p| Outcome::Url(Box::new(p)))
}

#[test]
fn botocore_pinned_uploads_identical_urls_and_headers() {
    let corpus = corpus();
    let cases = corpus["cases"].as_array().unwrap();
    assert!(cases.len() >= 200, "the corpus has {} cases", cases.len());
    let mut failures = Vec::new();
    let mut skipped = Vec::new();
    for c in cases {
        let name = s(&c["name"]);
        match presign_case(c) {
            Ok(Outcome::Url(p)) => {
                check(name, "presigned URL", p.url(), s(&c["url"]), &mut failures);
                let want: Vec<(String, String)> = json_pairs(&c["signed_headers"]);
                if p.headers() != want.as_slice() {
                    failures.push(format!(
                        "case {name}: step headers(): got {:?}, botocore signed {want:?} \
                         (canonical request: {:?})",
                        p.headers(),
                        s(&c["canonical_request"])
                    ));
                }
            }
            Ok(Outcome::Skipped(why)) => skipped.push(format!("{name}: {why}")),
            Err(e) => failures.push(format!("case {name}: error {e}")),
        }
    }
    if !skipped.is_empty() {
        eprintln!(
            "{} cases skipped without the `checksums` feature",
            skipped.len()
        );
    }
    #[cfg(feature = "checksums")]
    assert!(skipped.is_empty(), "skipped with all features: {skipped:?}");
    finish(failures, cases.len() - skipped.len());
}

/// The question, answered by the corpus: botocore signs every pin
/// as a header, as awssig does, so the signatures are equal. If a botocore
/// ever hoists one into the query (as aws-sdk-js-v3 >= 3.729 does), its
/// URL stops agreeing with awssig's, whose uploader is held to the header;
/// this test then names the cases.
#[test]
fn botocore_hoists_no_pin_into_the_query() {
    let corpus = corpus();
    let hoisting: Vec<String> = corpus["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| !c["hoisted"].as_array().unwrap().is_empty())
        .map(|c| format!("{}: {}", s(&c["name"]), c["hoisted"]))
        .collect();
    assert!(
        hoisting.is_empty(),
        "botocore hoisted pins into the query, where awssig signs them as headers \
         (the URLs then differ by design): {hoisting:?}"
    );
}

/// Every pin in the URL awssig made stays out of its query.
#[test]
fn awssig_keeps_every_pin_out_of_the_query() {
    let corpus = corpus();
    for c in corpus["cases"].as_array().unwrap() {
        if let Ok(Outcome::Url(p)) = presign_case(c) {
            let query = p.url().split_once('?').unwrap().1.to_ascii_lowercase();
            for pair in query.split('&') {
                let name = pair.split('=').next().unwrap();
                assert!(
                    !name.starts_with("x-amz-checksum")
                        && !name.starts_with("x-amz-sdk-checksum")
                        && name != "content-md5"
                        && name != "content-length",
                    "case {}: {name} in the query",
                    s(&c["name"])
                );
            }
        }
    }
}

/// The checksums the generator computed with Python (hashlib, zlib, and
/// bitwise CRC-32C / CRC-64/NVME) equal `ChecksumAlgorithm::compute` of the
/// recorded body: the values pinned are real.
#[test]
fn corpus_checksums_match_the_bodies() {
    let corpus = corpus();
    let mut ran = 0;
    for c in corpus["cases"].as_array().unwrap() {
        let hex = s(&c["body_hex"]);
        let body: Vec<u8> = (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
            .collect();
        for (name, value) in c["params"].as_object().unwrap() {
            if name == "ChecksumAlgorithm" {
                continue;
            }
            if let Some(alg) = param_algorithm(name) {
                assert_eq!(
                    alg.compute(&body),
                    s(value),
                    "case {} {name}",
                    s(&c["name"])
                );
                ran += 1;
            }
        }
    }
    assert!(ran > 90, "{ran} checksums compared");
}
