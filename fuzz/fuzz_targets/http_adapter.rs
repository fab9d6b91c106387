//! The `http` adapter with arbitrary requests: an error, never a panic;
//! a request it signs (headers or URI) verifies from its parts.
#![no_main]

use arbitrary::Arbitrary;
use awssig::v4::{Payload, Signer, SigningSettings};
use awssig::verify::Verifier;
use awssig::{Credentials, SigningTime};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    method: &'a str,
    uri: &'a str,
    headers: Vec<(&'a str, &'a [u8])>,
    body: &'a [u8],
    presign: bool,
    time: i64,
}

const SET_BY_SIGNER: &[&str] = &[
    "x-amz-date",
    "authorization",
    "x-amz-content-sha256",
    "x-amz-security-token",
];

fuzz_target!(|inp: Input<'_>| {
    let Ok(time) = SigningTime::from_unix(inp.time) else {
        return;
    };
    let mut builder = http::Request::builder().method(inp.method).uri(inp.uri);
    for (n, v) in &inp.headers {
        if SET_BY_SIGNER.iter().any(|s| s.eq_ignore_ascii_case(n)) {
            continue;
        }
        builder = builder.header(*n, *v);
    }
    let Ok(mut req) = builder.body(inp.body.to_vec()) else {
        return;
    };
    let Ok(signer) = Signer::new(
        Credentials::new("AKIDEXAMPLE", "secret").unwrap(),
        SigningSettings::s3("us-east-1"),
    ) else {
        return;
    };
    let lookup = |_: &str| Some("secret".to_string());
    let signed = if inp.presign {
        awssig::http::presign(&signer, &mut req, Payload::Unsigned, time, 60)
    } else {
        awssig::http::sign_body(&signer, &mut req, time)
    };
    if signed.is_err() {
        return;
    }
    let (parts, body) = req.into_parts();
    let Ok(view) = awssig::http::RequestParts::new(&parts) else {
        panic!("a request it signed has unreadable parts: {parts:?}");
    };
    // A header repeated by the caller is signed as one joined value and
    // read back the same way; only a value that is not text is refused.
    // Header signing hashed the body; a presigned S3 URL signs
    // UNSIGNED-PAYLOAD, which the verifier assumes by default.
    let incoming = if inp.presign {
        view.incoming()
    } else {
        view.incoming().payload(Payload::Bytes(&body))
    };
    // (`verify` would refuse a query that also looks like SigV2 auth, as S3
    // does; the mode is known here.)
    let result = if inp.presign {
        Verifier::s3().verify_presigned(&incoming, time, lookup)
    } else {
        Verifier::s3().verify_headers(&incoming, time, lookup)
    };
    if let Err(e) = result {
        panic!("signed but not verified: {e}\n{parts:?}");
    }
});
