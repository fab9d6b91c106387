//! The SigV4A verifier with arbitrary received requests, checked with the
//! secret (the key derived) and with a public key: an error, never a
//! panic; and a verified request always names a region set.
#![no_main]

use arbitrary::Arbitrary;
use awssig::v4a::EcdsaKey;
use awssig::verify::{Incoming, Verifier};
use awssig::SigningTime;
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
});
