//! The command line's parsers (`s3://BUCKET/KEY`, `--condition` JSON) and
//! its JSON output, included from src/bin/awssig/parse.rs as they are:
//! an error, never a panic; the output is JSON with the fields in order.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../src/bin/awssig/parse.rs"]
mod parse;

/// The binary's error type, as parse.rs uses it.
pub struct Failure;

impl Failure {
    pub fn usage(_: impl Into<String>) -> Self {
        Failure
    }
}

fuzz_target!(|input: (&str, &str, Vec<(String, String)>)| {
    let (target, condition, fields) = input;
    if let Ok((bucket, key)) = parse::parse_target(target) {
        // The key is taken literally: the URI is exactly s3://bucket/key.
        assert!(!bucket.is_empty());
        assert!(
            target == format!("s3://{bucket}/{key}")
                || (key.is_empty() && target == format!("s3://{bucket}"))
        );
    }
    if let Ok(c) = parse::parse_condition(condition) {
        let _ = c.validate();
        let _ = c.to_json();
    }
    let out = parse::post_output(
        "https://b.s3.amazonaws.com/",
        fields.iter().map(|(n, v)| (n.as_str(), v.as_str())),
    );
    let v: serde_json::Value = serde_json::from_str(&out).expect("post output is JSON");
    for (k, val) in &fields {
        // A repeated name keeps its last value in the parsed map.
        let last = fields.iter().rev().find(|(n, _)| n == k).map(|(_, v)| v);
        assert_eq!(v["fields"][k].as_str(), last.map(String::as_str), "{val}");
    }
});
