//! `awssig explain`'s readers and comparison: an arbitrary error body and
//! Ceph log, compared with real steps. Properties: no panic; a body that
//! reads gives at least one text; a log that reads gives a canonical
//! request; the explanation's line is 0 only for `Secret`, and the lines
//! it quotes are lines of the two texts.
#![no_main]

use arbitrary::Arbitrary;
use awssig::explain::{explain, Cause, ServerSteps};
use awssig::v4::{Request, Signer, SigningSettings};
use awssig::{Credentials, ErrorKind, SigningTime};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    body: &'a str,
    log: &'a str,
    creq: &'a str,
    sts: &'a str,
}

fuzz_target!(|i: Input<'_>| {
    let signer = Signer::new(
        Credentials::new("AKIDEXAMPLE", "secret").unwrap(),
        SigningSettings::s3("us-east-1"),
    )
    .unwrap();
    let h = [
        ("host", "b.s3.amazonaws.com"),
        ("content-type", "text/plain"),
    ];
    let ours = signer
        .sign_headers_steps(
            &Request::new("PUT", "/k").headers(&h),
            SigningTime::from_unix(0).unwrap(),
        )
        .unwrap();
    let mut servers = vec![ServerSteps::new(Some(i.creq.into()), Some(i.sts.into()))];
    match ServerSteps::from_error_body(i.body) {
        Ok(s) => {
            assert!(s.canonical_request().is_some() || s.string_to_sign().is_some());
            servers.push(s);
        }
        Err(e) => assert_eq!(e.kind(), ErrorKind::InvalidServerAnswer),
    }
    match ServerSteps::from_rgw_log(i.log) {
        Ok(s) => {
            assert!(s.canonical_request().is_some());
            servers.push(s);
        }
        Err(e) => assert_eq!(e.kind(), ErrorKind::InvalidServerAnswer),
    }
    for server in &servers {
        let e = explain(&ours, server);
        assert_eq!(e.line() == 0, e.cause() == Cause::Secret, "{e}");
        if e.line() > 0 {
            let ours_text = match e.step() {
                awssig::explain::Step::CanonicalRequest => &ours.canonical_request,
                _ => &ours.string_to_sign,
            };
            let n = ours_text.split('\n').count();
            assert!(
                e.ours().is_empty() || ours_text.split('\n').any(|l| l == e.ours()) || e.line() > n,
                "{e}"
            );
        }
        let _ = e.to_string();
    }
});
