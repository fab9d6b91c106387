//! POST policies with arbitrary keys, fields and conditions: never a panic,
//! and the policy JSON the crate writes parses back to the same conditions.
#![no_main]

use arbitrary::Arbitrary;
use awssig::post::Condition;
use awssig::s3::Bucket;
use awssig::{Credentials, SigningTime};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
enum Cond<'a> {
    Exact(&'a str, &'a str),
    Eq(&'a str, &'a str),
    StartsWith(&'a str, &'a str),
    Range(i64, i64),
}

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    key: &'a str,
    v2: bool,
    token: Option<&'a str>,
    fields: Vec<(&'a str, &'a str)>,
    conditions: Vec<Cond<'a>>,
    time: i64,
    expires: u64,
}

fuzz_target!(|inp: Input<'_>| {
    let Ok(bucket) = Bucket::new("uploads", "us-east-1") else {
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
    let mut p = bucket.post_policy(inp.key).expires_in(inp.expires);
    for (n, v) in &inp.fields {
        p = p.field(*n, *v);
    }
    for c in &inp.conditions {
        p = p.condition(match *c {
            Cond::Exact(n, v) => Condition::exact(n, v),
            Cond::Eq(n, v) => Condition::eq(n, v),
            Cond::StartsWith(n, v) => Condition::starts_with(n, v),
            Cond::Range(a, b) => Condition::content_length_range(a, b),
        });
    }
    let form = if inp.v2 {
        p.sign_v2(&creds, time)
    } else {
        p.sign_v4(&creds, time)
    };
    let Ok(form) = form else { return };
    let json: serde_json::Value =
        serde_json::from_str(form.policy_json()).expect("the policy is JSON");
    let conds = json["conditions"].as_array().expect("conditions");
    // The user's conditions come first, in order, as written.
    for (c, j) in inp.conditions.iter().zip(conds) {
        match *c {
            Cond::Exact(n, v) => {
                let name = n.trim_start_matches('$');
                assert_eq!(
                    j.as_object()
                        .and_then(|o| o.get(name))
                        .and_then(|v| v.as_str()),
                    Some(v),
                    "{j}"
                );
            }
            Cond::Eq(n, v) | Cond::StartsWith(n, v) => {
                let a = j.as_array().expect("array condition");
                assert_eq!(a[2].as_str(), Some(v), "{j}");
                assert_eq!(
                    a[1].as_str().map(|s| s.trim_start_matches('$')),
                    Some(n.trim_start_matches('$')),
                    "{j}"
                );
            }
            Cond::Range(lo, hi) => {
                let a = j.as_array().expect("array condition");
                assert_eq!((a[1].as_i64(), a[2].as_i64()), (Some(lo), Some(hi)), "{j}");
            }
        }
    }
    assert!(json["expiration"].as_str().is_some());
    // With no extra fields or conditions, the form verifies as a browser
    // would post it.
    if inp.fields.is_empty() && inp.conditions.is_empty() {
        let fields: Vec<(&str, &str)> = form.fields().collect();
        let post = awssig::verify::IncomingPost::new("uploads", &fields, 0);
        let lookup = |_: &str| Some("secret".to_string());
        if let Err(e) = awssig::verify::Verifier::s3().verify_post(&post, time, lookup) {
            panic!(
                "signed form not verified: {e}\n{fields:?}\n{}",
                form.policy_json()
            );
        }
    }
});
