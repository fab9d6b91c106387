//! POST upload verification with arbitrary form fields and policies: an
//! error, never a panic.
#![no_main]

use arbitrary::Arbitrary;
use awssig::verify::{IncomingPost, Verifier};
use awssig::SigningTime;
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    fields: Vec<(&'a str, &'a str)>,
    policy_json: Option<&'a str>,
    file_len: u64,
    filename: Option<&'a str>,
    now: i64,
}

fuzz_target!(|inp: Input<'_>| {
    let Ok(now) = SigningTime::from_unix(inp.now) else {
        return;
    };
    let b64;
    let mut fields = inp.fields.clone();
    if let Some(p) = inp.policy_json {
        // A policy the fuzzer writes as JSON text, so the parser is reached.
        use base64::Engine;
        b64 = base64::engine::general_purpose::STANDARD.encode(p);
        fields.push(("policy", &b64));
    }
    let mut post = IncomingPost::new("uploads", &fields, inp.file_len);
    if let Some(f) = inp.filename {
        post = post.filename(f);
    }
    let lookup = |_: &str| Some("secret".to_string());
    let _ = Verifier::s3().verify_post(&post, now, lookup);
});
