//! SigV2 header signing and presigning with arbitrary requests: never a
//! panic, and what the signer accepts the verifier accepts.
#![no_main]

use arbitrary::Arbitrary;
use awssig::v2::{DateHeader, Request, Signer};
use awssig::verify::{Incoming, Verifier};
use awssig::{Credentials, SigningTime};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    x_amz_date: bool,
    token: Option<&'a str>,
    method: &'a str,
    path: &'a str,
    query: &'a str,
    headers: Vec<(&'a str, &'a str)>,
    time: i64,
    expires: u64,
}

const SET_BY_SIGNER: &[&str] = &[
    "date",
    "x-amz-date",
    "authorization",
    "x-amz-security-token",
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
    let signer = Signer::new(creds).date_header(if inp.x_amz_date {
        DateHeader::XAmzDate
    } else {
        DateHeader::Date
    });
    let Ok(time) = SigningTime::from_unix(inp.time) else {
        return;
    };
    let headers: Vec<(&str, &str)> = inp
        .headers
        .iter()
        .copied()
        .filter(|(n, _)| !SET_BY_SIGNER.iter().any(|s| s.eq_ignore_ascii_case(n)))
        .collect();
    let req = Request::new(inp.method, inp.path)
        .raw_query(inp.query)
        .headers(&headers);
    let lookup = |_: &str| Some("secret".to_string());
    let target = if inp.query.is_empty() {
        inp.path.to_string()
    } else {
        format!("{}?{}", inp.path, inp.query)
    };
    if let Ok(signed) = signer.sign_headers(&req, time) {
        let mut sent: Vec<(&str, &str)> = vec![("host", "example.com")];
        sent.extend(headers.iter().copied());
        for (n, v) in signed.iter() {
            sent.push((n, v));
        }
        if let Err(e) = Verifier::s3().verify_headers_v2(
            &Incoming::new(inp.method, &target, &sent),
            time,
            lookup,
        ) {
            panic!("signed but not verified: {e}\n{target}\n{sent:?}");
        }
    }
    if let Ok(q) = signer.presign(&req, time, inp.expires) {
        // The presigned query holds the request's own query first.
        let url = format!("{}?{q}", inp.path);
        let mut sent: Vec<(&str, &str)> = vec![("host", "example.com")];
        sent.extend(headers.iter().copied());
        if let Err(e) = Verifier::s3().verify_presigned_v2(
            &Incoming::new(inp.method, &url, &sent),
            time,
            lookup,
        ) {
            panic!("presigned but not verified: {e}\n{url}\n{sent:?}");
        }
    }
});
