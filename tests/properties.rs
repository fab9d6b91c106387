//! Property tests: the encoder against a plain reference written here, the
//! canonical query sorted and idempotent, presign → verify round trips for
//! random inputs, and any single-character tamper rejected.

use awssig::s3::{AddressingStyle, Bucket, Endpoint, SignatureVersion};
use awssig::v4::{Request, Signer, SigningSettings};
use awssig::verify::{Incoming, Verifier};
use awssig::{Credentials, SigningTime};
use proptest::prelude::*;

/// RFC 3986 encoding, the obvious way.
fn reference_encode(s: &str, keep_slash: bool) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        let c = b as char;
        if c.is_ascii_alphanumeric() || "-_.~".contains(c) || (keep_slash && c == '/') {
            out.push(c);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn text() -> impl Strategy<Value = String> {
    // Mostly the characters that matter, with some arbitrary unicode.
    let interesting = prop::sample::select(
        " +~!*'()=&?#%:@,;$/.-_aZ09é\u{301}🎉\t\u{7f}"
            .chars()
            .collect::<Vec<_>>(),
    );
    prop::collection::vec(prop_oneof![3 => interesting, 1 => any::<char>()], 0..24)
        .prop_map(|v| v.into_iter().collect())
}

fn creds() -> Credentials {
    Credentials::new("AKIDEXAMPLE", "secret").unwrap()
}

fn lookup(id: &str) -> Option<String> {
    (id == "AKIDEXAMPLE").then(|| "secret".to_string())
}

fn canonical_query(raw: &str) -> String {
    let signer = Signer::new(creds(), SigningSettings::new("service", "us-east-1")).unwrap();
    let h = [("host", "example.amazonaws.com")];
    let steps = signer
        .sign_headers_steps(
            &Request::new("GET", "/").raw_query(raw).headers(&h),
            SigningTime::from_unix(0).unwrap(),
        )
        .unwrap();
    steps.canonical_request.lines().nth(2).unwrap().to_string()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn encoder_matches_the_reference(s in text(), keep_slash in any::<bool>()) {
        prop_assert_eq!(awssig::uri_encode(&s, keep_slash), reference_encode(&s, keep_slash));
    }

    #[test]
    fn canonical_query_is_sorted_and_idempotent(pairs in prop::collection::vec((text(), text()), 0..6)) {
        let raw: Vec<String> = pairs.iter().map(|(n, v)| format!("{}={}", reference_encode(n, false), reference_encode(v, false))).collect();
        let line = canonical_query(&raw.join("&"));
        let parsed: Vec<(&str, &str)> = if line.is_empty() {
            Vec::new()
        } else {
            line.split('&').map(|p| p.split_once('=').unwrap()).collect()
        };
        let mut sorted = parsed.clone();
        sorted.sort();
        prop_assert_eq!(&parsed, &sorted, "sorted by name, then value");
        // Every pair is there (an empty name and value too, `=`, as
        // botocore signs it).
        prop_assert_eq!(parsed.len(), pairs.len());
        // Canonicalizing the canonical form changes nothing.
        prop_assert_eq!(canonical_query(&line), line);
    }

    #[test]
    fn presigned_urls_verify_and_any_tamper_is_rejected(
        key in text(),
        query in prop::collection::vec((text(), text()), 0..3),
        meta in prop::option::of("[a-z]{1,8}"),
        path_style in any::<bool>(),
        v2 in any::<bool>(),
        custom in any::<bool>(),
        expires in 1u64..=604_800,
        t in 0i64..4_000_000_000,
        pick in any::<prop::sample::Index>(),
    ) {
        let bucket = if custom {
            Bucket::with_endpoint("b-1", "us-east-1", Endpoint::parse("http://127.0.0.1:9000").unwrap()).unwrap()
        } else {
            Bucket::new("b-1", "us-east-1").unwrap()
        };
        let style = if path_style { AddressingStyle::Path } else { AddressingStyle::Auto };
        let mut bucket = bucket.addressing_style(style).unwrap();
        if v2 {
            bucket = bucket.signature_version(SignatureVersion::V2);
        }
        let mut req = bucket.put(&key);
        for (n, v) in &query {
            req = req.query(n.as_str(), v.as_str());
        }
        if let Some(m) = &meta {
            req = req.metadata(m, "value");
        }
        let time = SigningTime::from_unix(t).unwrap();
        let p = match req.presign_detailed(&creds(), time, expires) {
            Ok(p) => p,
            // Query names the signature reserves, or (SigV2) named like
            // headers, are refused; nothing else.
            Err(e) => {
                prop_assert!(query.iter().any(|(n, _)| n.to_ascii_lowercase().starts_with("x-amz-") || n.eq_ignore_ascii_case("content-type") || n.eq_ignore_ascii_case("content-md5")), "{e}");
                return Ok(());
            }
        };
        // SigV2 URLs carry their x-amz-* headers in the query; SigV4 URLs'
        // users send them.
        let headers: Vec<(&str, &str)> = if v2 { Vec::new() } else { p.headers().iter().map(|(n, v)| (n.as_str(), v.as_str())).collect() };
        // SigV2 signs /bucket/key: the verifier must know the virtual hosts.
        let v = Verifier::s3().virtual_host_domain("s3.amazonaws.com");
        let ok = v.verify(&Incoming::new("PUT", p.url(), &headers), time, lookup);
        prop_assert!(ok.is_ok(), "{:?}\n{}", ok.err(), p.url());
        // Change one letter or digit after the host.
        let url = p.url();
        let start = url.find("://").unwrap() + 3;
        let start = start + url[start..].find('/').unwrap();
        // SigV2 signs only sub-resources of the query: the caller's other
        // parameters (before AWSAccessKeyId) are not signed.
        let unsigned = if v2 {
            url.find('?').map(|q| q + 1..url.find("AWSAccessKeyId=").unwrap())
        } else {
            None
        };
        let positions: Vec<usize> = url
            .char_indices()
            .filter(|(i, c)| *i > start && c.is_ascii_alphanumeric() && !unsigned.as_ref().is_some_and(|r| r.contains(i)))
            .map(|(i, _)| i)
            .collect();
        let i = positions[pick.index(positions.len())];
        let c = url.as_bytes()[i];
        // A different byte, also inside a %XX escape (not just its case).
        let repl = if c == b'0' { '1' } else if c.is_ascii_digit() { '0' } else if c.eq_ignore_ascii_case(&b'a') { 'b' } else { 'a' };
        let mut tampered = url.to_string();
        tampered.replace_range(i..i + 1, &repl.to_string());
        let r = v.verify(&Incoming::new("PUT", &tampered, &headers), time, lookup);
        prop_assert!(r.is_err(), "accepted a change at {i}: {tampered}");
    }
}
