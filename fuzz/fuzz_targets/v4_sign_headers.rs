//! SigV4 header signing and presigning with arbitrary requests and
//! settings: never a panic, and whatever the signer accepts, the verifier
//! accepts.
#![no_main]

use arbitrary::Arbitrary;
use awssig::v4::{Payload, Request, SessionTokenMode, Signer, SigningSettings};
use awssig::verify::{Incoming, Verifier};
use awssig::{Credentials, SigningTime};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    s3: bool,
    normalize: bool,
    token: Option<&'a str>,
    after_signing: bool,
    method: &'a str,
    path: &'a str,
    query: &'a str,
    pairs: Option<Vec<(&'a str, &'a str)>>,
    headers: Vec<(&'a str, &'a str)>,
    payload: u8,
    body: &'a [u8],
    time: i64,
    expires: u64,
}

/// Headers the signer sets itself (a caller's copy would be sent twice).
const SET_BY_SIGNER: &[&str] = &[
    "x-amz-date",
    "authorization",
    "x-amz-security-token",
    "x-amz-content-sha256",
    "host",
];

fuzz_target!(|inp: Input<'_>| {
    let Ok(mut creds) = Credentials::new("AKIDEXAMPLE", "secret") else {
        return;
    };
    if let Some(t) = inp.token {
        match creds.clone().with_session_token(t) {
            Ok(c) => creds = c,
            Err(_) => return,
        }
    }
    let mut settings = if inp.s3 {
        SigningSettings::s3("us-east-1")
    } else {
        SigningSettings::new("service", "us-east-1").normalize_path(inp.normalize)
    };
    if inp.after_signing {
        settings = settings.session_token_mode(SessionTokenMode::AfterSigning);
    }
    let Ok(signer) = Signer::new(creds, settings) else {
        return;
    };
    let Ok(time) = SigningTime::from_unix(inp.time) else {
        return;
    };
    let mut headers: Vec<(&str, &str)> = vec![("host", "example.amazonaws.com")];
    headers.extend(
        inp.headers
            .iter()
            .copied()
            .filter(|(n, _)| !SET_BY_SIGNER.iter().any(|s| s.eq_ignore_ascii_case(n))),
    );
    let payload = match inp.payload % 3 {
        0 => Payload::Empty,
        1 => Payload::Bytes(inp.body),
        _ => Payload::Unsigned,
    };
    let mut req = Request::new(inp.method, inp.path)
        .headers(&headers)
        .payload(payload);
    req = match &inp.pairs {
        Some(p) => req.query_pairs(p),
        None => req.raw_query(inp.query),
    };
    let lookup = |_: &str| Some("secret".to_string());
    let verifier = if inp.s3 {
        Verifier::s3()
    } else {
        Verifier::new("service").normalize_path(inp.normalize)
    };

    if let Ok(signed) = signer.sign_headers(&req, time) {
        // The request as sent: its headers plus the signer's.
        let mut sent: Vec<(&str, &str)> = headers.iter().copied().collect();
        for (n, v) in signed.iter() {
            sent.push((n, v));
        }
        let query = signed_query(&req, &inp);
        let target = if query.is_empty() {
            inp.path.to_string()
        } else {
            format!("{}?{}", inp.path, query)
        };
        let mut incoming = Incoming::new(inp.method, &target, &sent);
        if let Payload::Bytes(b) = payload {
            incoming = incoming.payload(Payload::Bytes(b));
        }
        if inp.s3 || matches!(payload, Payload::Empty) {
            let verified = verifier.verify_headers(&incoming, time, lookup);
            if inp.after_signing && inp.token.is_some() {
                // The token added after signing is an unsigned x-amz-*
                // header: refused, as S3 refuses it.
                match verified {
                    Err(e) if e.headers_not_signed() == ["x-amz-security-token"] => {}
                    other => {
                        panic!("an unsigned token must be refused: {other:?}\n{target}\n{sent:?}")
                    }
                }
            } else if let Err(e) = verified {
                panic!("signed but not verified: {e}\n{target}\n{sent:?}");
            }
        }
    }
    if let Ok(q) = signer.presign(&req, time, inp.expires) {
        let target = format!("{}?{}", inp.path, q);
        let incoming = Incoming::new(inp.method, &target, &headers);
        let incoming = match payload {
            Payload::Bytes(b) => incoming.payload(Payload::Bytes(b)),
            Payload::Unsigned => incoming.payload(Payload::Unsigned),
            _ => incoming.payload(Payload::Empty),
        };
        if !inp.after_signing || inp.token.is_none() {
            if let Err(e) = verifier.verify_presigned(&incoming, time, lookup) {
                panic!("presigned but not verified: {e}\n{target}\n{headers:?}");
            }
        }
    }
});

/// The query string the request sends.
fn signed_query(_req: &Request<'_>, inp: &Input<'_>) -> String {
    match &inp.pairs {
        None => inp.query.to_string(),
        Some(p) => p
            .iter()
            .map(|(n, v)| {
                format!(
                    "{}={}",
                    awssig::uri_encode(n, false),
                    awssig::uri_encode(v, false)
                )
            })
            .collect::<Vec<_>>()
            .join("&"),
    }
}
