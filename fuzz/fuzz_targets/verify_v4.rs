//! The verifiers with arbitrary received requests: an error, never a panic.
#![no_main]

use arbitrary::Arbitrary;
use awssig::verify::{Incoming, Verifier};
use awssig::SigningTime;
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    s3: bool,
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
    let v = if inp.s3 {
        Verifier::s3()
    } else {
        Verifier::new("service")
    }
    .clock_skew(inp.skew);
    let lookup = |id: &str| (!id.is_empty()).then(|| "secret".to_string());
    let req = Incoming::new(inp.method, inp.target, &inp.headers);
    let _ = v.verify_presigned(&req, now, lookup);
    let _ = v.verify_headers(&req, now, lookup);
});
