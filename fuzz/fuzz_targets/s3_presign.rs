//! S3 presigning with arbitrary bucket, key, endpoint, style and extras:
//! never a panic; every URL it makes verifies at its signing time; the
//! `url::Url` form, when given, is the same URL.
#![no_main]

use arbitrary::Arbitrary;
use awssig::s3::{AddressingStyle, Bucket, Endpoint};
use awssig::verify::{Incoming, Verifier};
use awssig::{Credentials, SigningTime};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    bucket: &'a str,
    region: &'a str,
    endpoint: Option<&'a str>,
    style: u8,
    method: &'a str,
    key: &'a str,
    query: Vec<(&'a str, &'a str)>,
    headers: Vec<(&'a str, &'a str)>,
    token: Option<&'a str>,
    time: i64,
    expires: u64,
}

fuzz_target!(|inp: Input<'_>| {
    let bucket = match inp.endpoint {
        Some(e) => match Endpoint::parse(e) {
            Ok(ep) => Bucket::with_endpoint(inp.bucket, inp.region, ep),
            Err(_) => return,
        },
        None => Bucket::new(inp.bucket, inp.region),
    };
    let Ok(bucket) = bucket else { return };
    let style = match inp.style % 3 {
        0 => AddressingStyle::Auto,
        1 => AddressingStyle::VirtualHosted,
        _ => AddressingStyle::Path,
    };
    let Ok(bucket) = bucket.addressing_style(style) else {
        return;
    };
    let Ok(mut creds) = Credentials::new("AKIDEXAMPLE", "secret") else {
        return;
    };
    if let Some(t) = inp.token {
        match creds.clone().with_session_token(t) {
            Ok(c) => creds = c,
            Err(_) => return,
        }
    }
    let Ok(time) = SigningTime::from_unix(inp.time) else {
        return;
    };
    let mut req = bucket.request(inp.method, inp.key);
    for (n, v) in &inp.query {
        req = req.query(*n, *v);
    }
    for (n, v) in &inp.headers {
        req = req.header(*n, *v);
    }
    let Ok(p) = req.presign_detailed(&creds, time, inp.expires) else {
        return;
    };
    let headers: Vec<(&str, &str)> = p
        .headers()
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let lookup = |_: &str| Some("secret".to_string());
    if let Err(e) =
        Verifier::s3().verify_presigned(&Incoming::new(inp.method, p.url(), &headers), time, lookup)
    {
        // A header repeated by the caller is signed as one joined value;
        // a server sees the repeats, so only unique names must verify.
        let mut names: Vec<String> = headers
            .iter()
            .map(|(n, _)| n.to_ascii_lowercase())
            .collect();
        names.sort();
        let unique = names.windows(2).all(|w| w[0] != w[1]);
        if unique {
            panic!("presigned but not verified: {e}\n{}\n{headers:?}", p.url());
        }
    }
    if let Ok(u) = req.presign_url(&creds, time, inp.expires) {
        assert_eq!(u.as_str(), p.url());
    }
});
