//! `awssig::explain` against a real server: one broken request per cause
//! (tests/common/broken_requests.rs), each sent to Ceph RGW (started by
//! `scripts/e2e-ceph.sh` with `RGW_DEBUG=10`, so its log holds the
//! canonical request and string to sign it computed) and to this crate's
//! `Verifier` in debug mode; `explain` must name the row's cause from
//! either. With `AWSSIG_RECORD_EXPLAIN=1` the answers are written to
//! tests/data/explain/ (how they were recorded: its README), which
//! tests/vectors/explain_table.rs checks without a server.
//!
//! Ignored in a plain `cargo test`; run with `--ignored` but without the
//! endpoint, it fails: a server that is not there is not a pass.

mod common;

use std::io::{Read, Seek, SeekFrom};
use std::time::Duration;

use awssig::explain::{explain, ServerSteps};
use awssig::SigningTime;
use common::broken_requests::{self, Broken};
use common::http1_client::send_raw;

/// Ceph's request id in its log (`req N`): the decimal value of the hex
/// digits of the `<RequestId>tx…-…` it answered with.
fn request_id(body: &str) -> u64 {
    let tx = body
        .split("<RequestId>tx")
        .nth(1)
        .and_then(|r| r.split('-').next())
        .unwrap_or_else(|| panic!("no RequestId in Ceph's answer {body:?}"));
    u64::from_str_radix(tx, 16).unwrap()
}

/// The entries of request `id` that Ceph logged at level 10 or below
/// after byte `start` of its log (a timestamped line and its continuation
/// lines: the canonical request, the string to sign, the signatures; not
/// the level-15/20 chatter, not other requests'), waiting up to 5 s for
/// its string to sign.
fn request_log(path: &str, start: u64, id: u64) -> String {
    let tag = format!(" req {id} ");
    for _ in 0..50 {
        let mut f = std::fs::File::open(path).unwrap();
        f.seek(SeekFrom::Start(start)).unwrap();
        let mut text = String::new();
        f.read_to_string(&mut text).unwrap();
        let mut out = String::new();
        let mut keep = false;
        for line in text.lines() {
            let b = line.as_bytes();
            let entry = b.len() > 11
                && b[..4].iter().all(u8::is_ascii_digit)
                && b[4] == b'-'
                && b[10] == b'T';
            if entry {
                let level = line.split(' ').nth(2).and_then(|l| l.parse::<u32>().ok());
                keep = line.contains(&tag) && level.is_some_and(|l| l <= 10);
            }
            if keep {
                out.push_str(line);
                out.push('\n');
            }
        }
        if out.contains(" string to sign = ") {
            return out;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("Ceph logged no string to sign for req {id} in 5 s: is RGW_DEBUG >= 10 (bash scripts/e2e-ceph.sh sets it)?");
}

#[test]
#[ignore = "needs Ceph RGW with RGW_DEBUG=10: bash scripts/e2e-ceph.sh"]
fn explain_names_each_cause_from_ceph_rgw_and_the_debug_verifier() {
    let endpoint = std::env::var("AWSSIG_E2E_CEPH_ENDPOINT").unwrap_or_default();
    assert!(
        !endpoint.is_empty(),
        "AWSSIG_E2E_CEPH_ENDPOINT is not set: start Ceph RGW and run these tests with `bash scripts/e2e-ceph.sh`"
    );
    let log = std::env::var("AWSSIG_E2E_CEPH_LOG")
        .expect("AWSSIG_E2E_CEPH_LOG (scripts/ceph-rgw.sh writes it)");
    let access_key = std::env::var("AWSSIG_E2E_CEPH_ACCESS_KEY").unwrap();
    let secret_key = std::env::var("AWSSIG_E2E_CEPH_SECRET_KEY").unwrap();
    let authority = endpoint
        .strip_prefix("http://")
        .expect("an http:// endpoint")
        .to_string();
    let record = std::env::var("AWSSIG_RECORD_EXPLAIN").is_ok();
    let now = SigningTime::now();
    let rows = broken_requests::rows();
    let setup = broken_requests::create_bucket(&authority, &access_key, &secret_key, now);
    let (status, body) =
        send_raw(&authority, "PUT", &setup.target, &setup.header_refs(), b"").unwrap();
    assert!(
        status == 200 || status == 409,
        "creating the bucket: {status} {}",
        String::from_utf8_lossy(&body)
    );
    let mut recorded = Vec::new();
    let mut failures = Vec::new();
    for row in &rows {
        let broken: Broken = row.build(&authority, &access_key, &secret_key, now);
        // Ceph.
        let start = std::fs::metadata(&log).unwrap().len();
        let (status, body) = send_raw(
            &authority,
            &broken.sent.method,
            &broken.sent.target,
            &broken.sent.header_refs(),
            b"",
        )
        .unwrap();
        let ceph_log = request_log(&log, start, request_id(&String::from_utf8_lossy(&body)));
        let from_ceph =
            ServerSteps::from_rgw_log(&ceph_log).map(|server| explain(&broken.ours, &server));
        match &from_ceph {
            Ok(e) if e.cause() == row.cause => {}
            other => failures.push(format!(
                "row {}, Ceph ({status}): expected {}, got {other:?}",
                row.name, row.cause
            )),
        }
        // The crate's verifier in debug mode.
        let verifier_body = broken.verifier_body(&secret_key);
        let from_verifier = verifier_body
            .as_deref()
            .map_err(String::clone)
            .and_then(|b| ServerSteps::from_error_body(b).map_err(|e| e.to_string()))
            .map(|server| explain(&broken.ours, &server));
        match &from_verifier {
            Ok(e) if e.cause() == row.cause => {}
            other => failures.push(format!(
                "row {}, verifier: expected {}, got {other:?}",
                row.name, row.cause
            )),
        }
        recorded.push((
            row,
            broken,
            status,
            String::from_utf8_lossy(&body).into_owned(),
            ceph_log,
            verifier_body,
        ));
    }
    if record {
        broken_requests::write_recording(&recorded_refs(&recorded));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

type Recorded<'a> = (
    &'a broken_requests::Row,
    Broken,
    u16,
    String,
    String,
    Result<String, String>,
);

fn recorded_refs<'a>(r: &'a [Recorded<'a>]) -> Vec<broken_requests::Recording<'a>> {
    r.iter()
        .map(
            |(row, broken, status, body, log, verifier)| broken_requests::Recording {
                row,
                broken,
                ceph_status: *status,
                ceph_body: body,
                ceph_log: log,
                verifier_body: verifier.as_deref(),
            },
        )
        .collect()
}
