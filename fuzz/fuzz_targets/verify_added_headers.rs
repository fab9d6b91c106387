//! Headers added to a validly signed request (presigned URL or
//! `Authorization` header): the verifier accepts the request only if every
//! added `x-amz-*` header is one S3 lets through unsigned and changes
//! nothing the signature covers (`x-amz-content-sha256: UNSIGNED-PAYLOAD`
//! on a presigned URL). Whatever else is added, an `x-amz-*` header the
//! signer never saw cannot pass; and nothing panics.
#![no_main]

use arbitrary::Arbitrary;
use awssig::s3::Bucket;
use awssig::v4::{Payload, Request, Signer, SigningSettings};
use awssig::verify::{Incoming, Verifier};
use awssig::{Credentials, SigningTime};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    header_signed: bool,
    added: Vec<(&'a str, &'a str)>,
}

const HOST: &str = "b-1.s3.amazonaws.com";

fn is_amz(name: &str) -> bool {
    name.trim()
        .as_bytes()
        .get(..6)
        .is_some_and(|p| p.eq_ignore_ascii_case(b"x-amz-"))
}

fuzz_target!(|inp: Input<'_>| {
    let creds = Credentials::new("AKID", "secret").expect("credentials");
    let at = SigningTime::from_unix(1_700_000_000).expect("time");
    let lookup = |id: &str| (id == "AKID").then(|| "secret".to_string());
    let signed_meta = [("x-amz-meta-signed", "yes")];
    let mut owned: Vec<(String, String)> = Vec::new();
    let target: String;
    if inp.header_signed {
        let signer = Signer::new(creds, SigningSettings::s3("us-east-1")).expect("signer");
        let mut h = vec![("host", HOST)];
        h.extend_from_slice(&signed_meta);
        let req = Request::new("PUT", "/k")
            .headers(&h)
            .payload(Payload::Unsigned);
        let signed = signer.sign_headers(&req, at).expect("sign");
        owned.extend(h.iter().map(|(n, v)| (n.to_string(), v.to_string())));
        owned.extend(signed.iter().map(|(n, v)| (n.to_string(), v.to_string())));
        target = "/k".to_string();
    } else {
        let bucket = Bucket::new("b-1", "us-east-1").expect("bucket");
        target = bucket
            .put("k")
            .header(signed_meta[0].0, signed_meta[0].1)
            .presign(&creds, at, 60)
            .expect("presign");
        owned.extend(
            signed_meta
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string())),
        );
    }
    let mut headers: Vec<(&str, &str)> = owned
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    // The request as signed verifies.
    let ok = Verifier::s3().verify(&Incoming::new("PUT", &target, &headers), at, lookup);
    assert!(ok.is_ok(), "the unchanged request must verify: {ok:?}");
    headers.extend(inp.added.iter().copied());
    if Verifier::s3()
        .verify(&Incoming::new("PUT", &target, &headers), at, lookup)
        .is_err()
    {
        return;
    }
    for (name, value) in &inp.added {
        if !is_amz(name) {
            continue;
        }
        assert!(
            !inp.header_signed
                && name.trim().eq_ignore_ascii_case("x-amz-content-sha256")
                && value.trim() == "UNSIGNED-PAYLOAD",
            "accepted with an added {name:?}: {value:?} (header-signed: {})",
            inp.header_signed
        );
    }
});
