//! SigV4A verification: the aws-c-auth v4a suite's own signed requests
//! verify (with the secret, and with the case's public key); what awssig
//! signs verifies; tampered requests and URLs are refused with S3's codes.

use crate::common::ecdsa_reference::unhex;
use crate::common::*;
use awssig::v4::{Payload, Request, SigningSettings};
use awssig::v4a::{EcdsaKey, PublicKey, Signer};
use awssig::verify::{Incoming, Verifier};
use awssig::{ErrorKind, S3ErrorCode, SigningTime};

const MRAP_HOST: &str = "mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com";

fn suite_lookup(id: &str) -> Option<String> {
    (id == SUITE_KEY_ID).then(|| SUITE_SECRET.to_string())
}

/// Every complete case's header- and query-signed request, with the
/// suite's randomized signatures, verifies with the secret (the public
/// key derived) and with `public-key.json`. post-sts-header-after adds
/// its token after signing: S3 refuses an unsigned x-amz-* header, and so
/// does the verifier (asserted below instead).
#[test]
fn suite_v4a_signed_requests_verify_with_the_secret_and_the_public_key() {
    let dir = data_dir().join("sigv4a-aws-c-auth");
    let mut failures = Vec::new();
    let mut ran = 0;
    for case in case_dirs(&dir, |d| d.join("header-signed-request.txt").exists()) {
        let name = case.file_name().unwrap().to_string_lossy().to_string();
        let ctx = read_json(&case.join("context.json"));
        let pk = read_json(&case.join("public-key.json"));
        let public =
            PublicKey::from_xy_hex(pk["X"].as_str().unwrap(), pk["Y"].as_str().unwrap()).unwrap();
        let at =
            SigningTime::from_amz_date(&iso_to_amz(ctx["timestamp"].as_str().unwrap())).unwrap();
        let v = Verifier::new("service")
            .region("us-east-1")
            .normalize_path(ctx["normalize"].as_bool().unwrap());
        let token_after = ctx["omit_session_token"].as_bool() == Some(true);
        for mode in ["header", "query"] {
            let raw = RawRequest::parse(&read(&case.join(format!("{mode}-signed-request.txt"))));
            let headers = raw.header_refs();
            let target = match &raw.query {
                Some(q) => format!("{}?{}", raw.path, q),
                None => raw.path.clone(),
            };
            let mut req = Incoming::new(&raw.method, &target, &headers);
            if ctx["sign_body"].as_bool() == Some(true) {
                req = req.payload(Payload::Bytes(&raw.body));
            }
            let by_secret = v.verify(&req, at, suite_lookup);
            let by_key = v.verify_with_public_keys(&req, at, |_: &str| Some(public));
            ran += 2;
            if token_after {
                // Header mode: an unsigned x-amz-security-token
                // (AccessDenied); query mode: a parameter the signature
                // does not cover (SignatureDoesNotMatch).
                let code = match mode {
                    "header" => S3ErrorCode::AccessDenied,
                    _ => S3ErrorCode::SignatureDoesNotMatch,
                };
                for r in [by_secret, by_key] {
                    match r {
                        Err(e) if e.s3_code() == Some(code) => {}
                        other => failures.push(format!(
                            "case {name}, {mode} mode: the token added after signing must be refused, got {other:?}"
                        )),
                    }
                }
                continue;
            }
            for (how, r) in [("secret", by_secret), ("public key", by_key)] {
                match r {
                    Ok(ok) => check(
                        &name,
                        &format!("{mode} mode, {how}: region set"),
                        ok.region(),
                        "us-east-1",
                        &mut failures,
                    ),
                    Err(e) => {
                        failures.push(format!("case {name}, step {mode} mode with the {how}: {e}"))
                    }
                }
            }
        }
    }
    finish(failures, ran);
}

fn signer(region_set: &str) -> Signer {
    Signer::new(example_creds(), SigningSettings::s3(region_set)).unwrap()
}

fn signed_url(region_set: &str) -> String {
    let host = [("host", MRAP_HOST)];
    let q = signer(region_set)
        .presign(
            &Request::new("GET", "/photos/cat.jpg")
                .headers(&host)
                .payload(Payload::Unsigned),
            unix_time(1_700_000_000),
            600,
        )
        .unwrap();
    format!("https://{MRAP_HOST}/photos/cat.jpg?{q}")
}

#[test]
fn what_awssig_signs_verifies_headers_and_urls() {
    let t = unix_time(1_700_000_000);
    let public = EcdsaKey::derive(EXAMPLE_KEY_ID, EXAMPLE_SECRET)
        .unwrap()
        .public_key();
    let by_key = |id: &str| (id == EXAMPLE_KEY_ID).then_some(public);
    let v = Verifier::s3();
    // URLs, any region set.
    for set in ["*", "us-east-1", "us-east-1,us-west-2"] {
        let url = signed_url(set);
        let req = Incoming::new("GET", &url, &[]);
        let ok = v
            .verify(&req, t, example_lookup)
            .unwrap_or_else(|e| panic!("{set}: {e}"));
        assert_eq!((ok.region(), ok.service()), (set, "s3"));
        v.verify_with_public_keys(&req, t, by_key).unwrap();
    }
    // Headers, with a body and a session token.
    let creds = example_creds().with_session_token("tok/en").unwrap();
    let s = Signer::new(creds, SigningSettings::s3("*")).unwrap();
    let host = [("host", MRAP_HOST), ("content-type", "text/plain")];
    let req = Request::new("PUT", "/k")
        .headers(&host)
        .payload(Payload::Bytes(b"hello"));
    let signed = s.sign_headers(&req, t).unwrap();
    let mut headers: Vec<(&str, &str)> = host.to_vec();
    headers.extend(signed.iter());
    let incoming = Incoming::new("PUT", "/k", &headers).payload(Payload::Bytes(b"hello"));
    let ok = v.verify_headers(&incoming, t, example_lookup).unwrap();
    assert_eq!(ok.session_token(), Some("tok/en"));
    assert_eq!(ok.region(), "*");
    v.verify_with_public_keys(&incoming, t, by_key).unwrap();
    // Another body: the payload hash no longer matches.
    let other = Incoming::new("PUT", "/k", &headers).payload(Payload::Bytes(b"hellO"));
    rejected(
        v.verify_headers(&other, t, example_lookup),
        S3ErrorCode::XAmzContentSHA256Mismatch,
    );
}

#[test]
fn any_single_character_change_of_a_v4a_url_is_rejected() {
    let url = signed_url("*");
    let v = Verifier::s3();
    let t = unix_time(1_700_000_001);
    v.verify_presigned(&Incoming::new("GET", &url, &[]), t, example_lookup)
        .unwrap();
    let path_start = format!("https://{MRAP_HOST}").len();
    let mut tested = 0;
    for i in path_start..url.len() {
        let c = url.as_bytes()[i];
        if !c.is_ascii_alphanumeric() {
            continue;
        }
        let repl = match c {
            b'a' => 'b',
            b'9' => '0',
            b'0'..=b'8' => (c + 1) as char,
            _ => 'a',
        };
        // `%2A` and `%2a` are the same escape: a change of case there
        // changes nothing.
        let in_escape = url[..i].ends_with('%') || url[..i.saturating_sub(1)].ends_with('%');
        if in_escape && (repl as u8).eq_ignore_ascii_case(&c) {
            continue;
        }
        let mut tampered = url.clone();
        tampered.replace_range(i..i + 1, &repl.to_string());
        tested += 1;
        match v.verify_presigned(&Incoming::new("GET", &tampered, &[]), t, example_lookup) {
            Ok(_) => panic!("accepted a change at byte {i}: {tampered}"),
            Err(e) => assert_eq!(e.kind(), ErrorKind::Rejected, "{e}"),
        }
    }
    assert!(tested > 250, "{tested}");
    // The host is signed, and so is the region set.
    rejected(
        v.verify_presigned(
            &Incoming::new("GET", &url, &[("host", "other.example.com")]),
            t,
            example_lookup,
        ),
        S3ErrorCode::SignatureDoesNotMatch,
    );
    let other_set = url.replace("X-Amz-Region-Set=%2A", "X-Amz-Region-Set=us-east-1");
    rejected(
        v.verify_presigned(&Incoming::new("GET", &other_set, &[]), t, example_lookup),
        S3ErrorCode::SignatureDoesNotMatch,
    );
    let no_set = url.replace("&X-Amz-Region-Set=%2A", "");
    rejected(
        v.verify_presigned(&Incoming::new("GET", &no_set, &[]), t, example_lookup),
        S3ErrorCode::AuthorizationQueryParametersError,
    );
}

type Headers = Vec<(String, String)>;

#[test]
fn tampered_v4a_headers_are_rejected_with_s3_codes() {
    let t = unix_time(1_700_000_000);
    let host = [("host", MRAP_HOST)];
    let signed = signer("*")
        .sign_headers(&Request::new("GET", "/k").headers(&host), t)
        .unwrap();
    let base: Headers = host
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .chain(signed.iter().map(|(n, v)| (n.to_string(), v.to_string())))
        .collect();
    let v = Verifier::s3();
    let run = |edit: &dyn Fn(&mut Headers)| {
        let mut h = base.clone();
        edit(&mut h);
        let refs = str_pairs(&h);
        v.verify_headers(&Incoming::new("GET", "/k", &refs), t, example_lookup)
    };
    run(&|_| {}).unwrap();
    let set = |h: &mut Headers, name: &str, value: String| {
        h.iter_mut().find(|(n, _)| n == name).unwrap().1 = value;
    };
    let auth = signed.authorization().to_string();
    let sig = signed.signature().to_string();
    // A signed header changed.
    rejected(
        run(&|h| set(h, "x-amz-region-set", "us-west-2".into())),
        S3ErrorCode::SignatureDoesNotMatch,
    );
    // The signature: one digit changed, truncated, not hex, too long.
    let flipped = {
        let mut s = sig.clone();
        let last = if s.ends_with('0') { "1" } else { "0" };
        s.replace_range(s.len() - 1.., last);
        s
    };
    rejected(
        run(&|h| set(h, "authorization", auth.replace(&sig, &flipped))),
        S3ErrorCode::SignatureDoesNotMatch,
    );
    rejected(
        run(&|h| {
            set(
                h,
                "authorization",
                auth.replace(&sig, &sig[..sig.len() - 2]),
            )
        }),
        S3ErrorCode::SignatureDoesNotMatch,
    );
    rejected(
        run(&|h| set(h, "authorization", auth.replace(&sig, "zz"))),
        S3ErrorCode::AuthorizationHeaderMalformed,
    );
    rejected(
        run(&|h| set(h, "authorization", auth.replace(&sig, &"ab".repeat(73)))),
        S3ErrorCode::AuthorizationHeaderMalformed,
    );
    // The region set left unsigned.
    rejected(
        run(&|h| set(h, "authorization", auth.replace(";x-amz-region-set", ""))),
        S3ErrorCode::AuthorizationHeaderMalformed,
    );
    // A SigV4 scope (with a region) under the SigV4A algorithm.
    rejected(
        run(&|h| {
            set(
                h,
                "authorization",
                auth.replace("/s3/aws4_request", "/us-east-1/s3/aws4_request"),
            )
        }),
        S3ErrorCode::AuthorizationHeaderMalformed,
    );
    // The SigV4 algorithm name on a SigV4A signature.
    rejected(
        run(&|h| {
            set(
                h,
                "authorization",
                auth.replace("AWS4-ECDSA-P256-SHA256", "AWS4-HMAC-SHA256"),
            )
        }),
        S3ErrorCode::AuthorizationHeaderMalformed,
    );
    // An unknown key.
    rejected(
        run(&|h| {
            set(
                h,
                "authorization",
                auth.replace(EXAMPLE_KEY_ID, "AKIDUNKNOWN"),
            )
        }),
        S3ErrorCode::InvalidAccessKeyId,
    );
}

#[test]
fn region_set_policy_and_key_kinds() {
    let t = unix_time(1_700_000_000);
    let eu = Verifier::s3().region("eu-west-1");
    // A set naming the region, or every region, is accepted; another is not.
    for set in ["*", "us-east-1,eu-west-1"] {
        eu.verify(
            &Incoming::new("GET", &signed_url(set), &[]),
            t,
            example_lookup,
        )
        .unwrap_or_else(|e| panic!("{set}: {e}"));
    }
    let e = rejected(
        eu.verify(
            &Incoming::new("GET", &signed_url("us-east-1"), &[]),
            t,
            example_lookup,
        ),
        S3ErrorCode::AuthorizationQueryParametersError,
    );
    assert!(e.to_string().contains("region set 'us-east-1'"), "{e}");
    // Another key's public key: the signature does not match.
    let other = EcdsaKey::derive("AKIDOTHER", "other").unwrap().public_key();
    rejected(
        Verifier::s3().verify_with_public_keys(
            &Incoming::new("GET", &signed_url("*"), &[]),
            t,
            |_: &str| Some(other),
        ),
        S3ErrorCode::SignatureDoesNotMatch,
    );
    // A SigV4 URL cannot be checked with a public key.
    let v4 = awssig::s3::Bucket::new("b-1", "us-east-1")
        .unwrap()
        .get("k")
        .presign(&example_creds(), t, 60)
        .unwrap();
    rejected(
        Verifier::s3()
            .verify_with_public_keys(&Incoming::new("GET", &v4, &[]), t, |_: &str| Some(other)),
        S3ErrorCode::AccessDenied,
    );
}

/// ECDSA signatures are malleable: `(r, n - s)` verifies as `(r, s)`
/// does. Both verify, and `Verified::signature` is the same for both (the
/// low-S form), so a server recording it for one-time use sees a replay.
#[test]
fn a_malleated_signature_records_as_the_original() {
    let url = signed_url("*");
    let t = unix_time(1_700_000_000);
    let sig_hex = url.rsplit_once("X-Amz-Signature=").unwrap().1.to_string();
    let der = unhex(&sig_hex).unwrap();
    let sig = p256::ecdsa::Signature::from_der(&der).unwrap();
    let (r, s) = sig.split_scalars();
    let flipped = p256::ecdsa::Signature::from_scalars(r.to_bytes(), (-*s).to_bytes()).unwrap();
    let flipped_hex: String = flipped
        .to_der()
        .as_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_ne!(flipped_hex, sig_hex);
    let other = url.replace(&sig_hex, &flipped_hex);
    let v = Verifier::s3();
    let a = v
        .verify(&Incoming::new("GET", &url, &[]), t, example_lookup)
        .unwrap();
    let b = v
        .verify(&Incoming::new("GET", &other, &[]), t, example_lookup)
        .unwrap();
    assert_eq!(a.signature(), b.signature());
    assert!(a.signature().len() <= 72 && a.signature()[0] == 0x30);
}

/// A SigV4A streaming seed verifies (its signature covers the
/// STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD line), and its body is
/// checked chunk by chunk, never passed unchecked: the body the seed's
/// chain signs decodes, one flipped data byte is SignatureDoesNotMatch,
/// and a body cut short is IncompleteBody.
#[test]
fn a_sigv4a_streaming_seed_verifies_and_its_body_is_checked_not_passed() {
    use awssig::v4::chunked::{Chunked, ChunkedMode};
    let t = unix_time(1_700_000_000);
    let h = [
        ("host", MRAP_HOST),
        ("content-encoding", "aws-chunked"),
        ("x-amz-decoded-content-length", "5"),
    ];
    let signer = signer("*");
    let seed = signer
        .sign_headers(
            &Request::new("PUT", "/k")
                .headers(&h)
                .payload(Payload::StreamingSignedEcdsa),
            t,
        )
        .unwrap();
    let body = Chunked::new(ChunkedMode::SignedEcdsa, 8192)
        .unwrap()
        .encode_v4a(signer.chunk_signer(&seed).unwrap(), b"hello", &[])
        .unwrap();
    let mut headers: Vec<(&str, &str)> = h.to_vec();
    headers.extend(seed.iter());
    let req = Incoming::new("PUT", "/k", &headers);
    let v = Verifier::s3();
    let ok = v.verify_headers(&req, t, example_lookup).unwrap();
    let mut d = v.chunk_decoder(&req, &ok, example_lookup).unwrap();
    let mut out = Vec::new();
    d.decode_into(&body, &mut out).unwrap();
    d.finish().unwrap();
    assert_eq!(out, b"hello");

    let at = body.iter().position(|&b| b == b'\n').unwrap() + 1;
    let mut bad = body.clone();
    bad[at] ^= 1;
    let mut d = v.chunk_decoder(&req, &ok, example_lookup).unwrap();
    let e = d.decode_into(&bad, &mut Vec::new()).unwrap_err();
    assert_eq!(e.s3_code(), Some(S3ErrorCode::SignatureDoesNotMatch), "{e}");

    let mut d = v.chunk_decoder(&req, &ok, example_lookup).unwrap();
    d.decode_into(&body[..body.len() - 3], &mut Vec::new())
        .unwrap();
    let e = d.finish().unwrap_err();
    assert_eq!(e.s3_code(), Some(S3ErrorCode::IncompleteBody), "{e}");
}
