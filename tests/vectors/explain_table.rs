//! `awssig::explain` on the recorded table of broken requests
//! (tests/data/explain/, recorded by tests/explain_ceph.rs against Ceph
//! RGW 16.2 at debug_rgw 10 and the crate's verifier in debug mode; its
//! README says how): one row per cause, each explained from Ceph's log
//! and from the verifier's error body, and each must name the row's
//! cause.

use crate::common::broken_requests::{ours_for, Given};
use crate::common::*;
use awssig::explain::{explain, Cause, ServerSteps};
use serde_json::Value;

fn table() -> Vec<Value> {
    let doc = read_json(&data_dir().join("explain/cases.json"));
    doc["cases"].as_array().unwrap().clone()
}

fn given(c: &Value) -> Given {
    let g = &c["given"];
    Given {
        method: field(g, "method").into(),
        url: field(g, "url").into(),
        headers: json_pairs(&g["headers"]),
        region: field(g, "region").into(),
        service: field(g, "service").into(),
    }
}

/// The access key id of the recorded requests (in their Authorization).
fn access_key(c: &Value) -> String {
    let sent = json_pairs(&c["sent"]["headers"]);
    let auth = &sent.iter().find(|(n, _)| n == "authorization").unwrap().1;
    auth.split("Credential=")
        .nth(1)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_string()
}

fn cause_named(name: &str) -> Cause {
    [
        Cause::Method,
        Cause::PathEncoding,
        Cause::QueryEncoding,
        Cause::HeaderChanged,
        Cause::HeaderNotSigned,
        Cause::Payload,
        Cause::Time,
        Cause::Region,
        Cause::Scope,
        Cause::Secret,
    ]
    .into_iter()
    .find(|c| c.as_str() == name)
    .unwrap_or_else(|| panic!("no cause {name:?}"))
}

#[test]
fn explain_names_the_cause_of_each_broken_request_from_ceph_and_the_verifier() {
    let cases = table();
    let mut failures = Vec::new();
    let mut ran = 0;
    for c in &cases {
        let name = field(c, "name");
        let want = cause_named(field(c, "cause"));
        // The secret plays no part in the two texts compared.
        let ours = ours_for(&given(c), &access_key(c), "any-secret");
        let ceph_log = read(&data_dir().join("explain").join(field(&c["ceph"], "log")));
        let sources = [
            ("Ceph RGW log", ServerSteps::from_rgw_log(&ceph_log)),
            (
                "verifier error body",
                match c["verifier"]["body"].as_str() {
                    Some(path) => {
                        ServerSteps::from_error_body(&read(&data_dir().join("explain").join(path)))
                    }
                    None => panic!("case {name}: no verifier body recorded: {}", c["verifier"]),
                },
            ),
        ];
        for (source, server) in sources {
            ran += 1;
            match server.map(|s| explain(&ours, &s)) {
                Ok(e) if e.cause() == want => {}
                Ok(e) => failures.push(format!(
                    "case {name}, step {source}: expected {want}, got {e}"
                )),
                Err(e) => failures.push(format!("case {name}, step {source}: unreadable: {e}")),
            }
        }
    }
    finish(failures, ran);
}

#[test]
fn the_table_has_one_row_per_cause() {
    let mut causes: Vec<String> = table()
        .iter()
        .map(|c| field(c, "cause").to_string())
        .collect();
    causes.sort();
    let mut want = vec![
        "method",
        "path encoding",
        "query encoding",
        "header changed in transit",
        "header not signed",
        "payload",
        "time",
        "region",
        "scope",
        "secret",
    ];
    want.sort();
    assert_eq!(causes, want);
}

#[test]
fn ceph_answered_without_the_texts_so_its_log_is_the_source() {
    // Ceph 16.2's error body carries no CanonicalRequest: reading it says
    // where to look instead.
    for c in table() {
        let body = read(&data_dir().join("explain").join(field(&c["ceph"], "body")));
        assert!(
            !body.is_empty(),
            "case {}: Ceph's body was recorded",
            c["name"]
        );
        let err = ServerSteps::from_error_body(&body).unwrap_err();
        assert!(err.to_string().contains("Ceph RGW logs them"), "{err}");
    }
}
