//! SigV4A against a second implementation, Python `cryptography`
//! (tests/tools/sigv4a_cryptography.py), for a few hundred random
//! requests in header and query mode: the key each access key derives
//! (its own KDF), awssig's signatures verified there, and its own
//! signatures (random nonces) put into the signed requests and verified by
//! awssig's verifier.
//!
//! The Python comes from `AWSSIG_PYTHON`, else `target/sigv4a-venv`
//! (made by `.ci/run`). Ignored in a plain `cargo test`; run with
//! `--ignored` and no Python with `cryptography`, it fails.
#![cfg(feature = "sigv4a")]

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

use awssig::v4::{Payload, Request, SigningSettings};
use awssig::v4a::Signer;
use awssig::verify::{Incoming, Verifier};
use common::*;

const CASES: usize = 300;

fn python() -> String {
    if let Ok(p) = std::env::var("AWSSIG_PYTHON") {
        return p;
    }
    let venv = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/target/sigv4a-venv/bin/python3"
    );
    assert!(
        std::path::Path::new(venv).exists(),
        "no Python with `cryptography`: set AWSSIG_PYTHON or run \
         `python3 -m venv target/sigv4a-venv && target/sigv4a-venv/bin/pip install cryptography`"
    );
    venv.to_string()
}

/// One random request, as owned parts.
struct Case {
    akid: String,
    secret: String,
    method: &'static str,
    path: String,
    query: String,
    headers: Vec<(String, String)>,
    s3: bool,
    region_set: String,
    query_mode: bool,
}

fn random_case(rng: &mut Rng, i: usize) -> Case {
    const PATH_CHARS: &[u8] = b"abcXYZ019-._~%20/";
    const SETS: [&str; 4] = ["*", "us-east-1", "us-east-1,eu-west-1", "ap-southeast-2"];
    const METHODS: [&str; 4] = ["GET", "PUT", "HEAD", "DELETE"];
    let mut path = String::from("/");
    for _ in 0..rng.below(20) {
        let c = PATH_CHARS[rng.below(PATH_CHARS.len())] as char;
        if c == '%' {
            path.push_str("%41");
        } else {
            path.push(c);
        }
    }
    let query = (0..rng.below(4))
        .map(|j| format!("p{j}={}", rng.below(1000)))
        .collect::<Vec<_>>()
        .join("&");
    let mut headers = vec![("host".to_string(), format!("h{}.example.com", rng.below(9)))];
    for j in 0..rng.below(4) {
        headers.push((
            format!("x-amz-meta-k{j}"),
            format!("v {}  w", rng.below(100)),
        ));
    }
    Case {
        akid: format!("AKID{:016X}", rng.next()),
        secret: format!("{:x}/{:x}+s", rng.next(), rng.next()),
        method: METHODS[rng.below(4)],
        path,
        query,
        headers,
        s3: rng.below(2) == 0,
        region_set: SETS[rng.below(SETS.len())].to_string(),
        query_mode: i % 2 == 1,
    }
}

/// A signed request: its headers and target, the string to sign and the
/// signature in it.
struct Signed {
    target: String,
    headers: Vec<(String, String)>,
    sts: String,
    sig: String,
}

fn sign(c: &Case, t: awssig::SigningTime) -> (Signer, Signed) {
    let creds = awssig::Credentials::new(&c.akid, &c.secret).unwrap();
    let settings = if c.s3 {
        SigningSettings::s3(c.region_set.as_str())
    } else {
        SigningSettings::new("service", c.region_set.as_str())
    };
    let signer = Signer::new(creds, settings).unwrap();
    let h = str_pairs(&c.headers);
    let req = Request::new(c.method, &c.path)
        .raw_query(&c.query)
        .headers(&h)
        .payload(if c.s3 {
            Payload::Unsigned
        } else {
            Payload::Empty
        });
    let signed = if c.query_mode {
        let steps = signer.presign_steps(&req, t, 900).unwrap();
        let q = signer.presign(&req, t, 900).unwrap();
        // The presigned query starts with the request's own parameters.
        let target = format!("{}?{}", c.path, q.as_str());
        assert_eq!(q.signature(), steps.signature, "deterministic");
        Signed {
            target,
            headers: c.headers.clone(),
            sts: steps.string_to_sign,
            sig: steps.signature,
        }
    } else {
        let steps = signer.sign_headers_steps(&req, t).unwrap();
        let out = signer.sign_headers(&req, t).unwrap();
        let mut headers = c.headers.clone();
        headers.extend(out.iter().map(|(n, v)| (n.to_string(), v.to_string())));
        let target = if c.query.is_empty() {
            c.path.clone()
        } else {
            format!("{}?{}", c.path, c.query)
        };
        Signed {
            target,
            headers,
            sts: steps.string_to_sign,
            sig: steps.signature,
        }
    };
    (signer, signed)
}

fn verifier(c: &Case) -> Verifier {
    if c.s3 {
        Verifier::s3()
    } else {
        Verifier::new("service")
    }
}

#[test]
#[ignore = "needs Python cryptography: bash .ci/run, or AWSSIG_PYTHON=python3 cargo test --features sigv4a --test sigv4a_cryptography -- --ignored"]
fn awssig_and_python_cryptography_verify_each_others_sigv4a_signatures() {
    let t = unix_time(1_700_000_000);
    let mut rng = Rng(0x5167_4a00_c0ff_ee01);
    let cases: Vec<Case> = (0..CASES).map(|i| random_case(&mut rng, i)).collect();
    let signed: Vec<(Signer, Signed)> = cases.iter().map(|c| sign(c, t)).collect();

    let mut child = Command::new(python())
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/tools/sigv4a_cryptography.py"
        ))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python runs");
    {
        let mut stdin = child.stdin.take().unwrap();
        for (c, (signer, s)) in cases.iter().zip(&signed) {
            let key = signer.public_key();
            let line = serde_json::json!({
                "akid": c.akid, "secret": c.secret,
                "x": key.x_hex(), "y": key.y_hex(),
                "sts": s.sts, "sig": s.sig,
            });
            writeln!(stdin, "{line}").unwrap();
        }
    }
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "python failed");
    let answers: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(answers.len(), CASES, "one answer per case");

    let mut failures = Vec::new();
    for (i, ((c, (_, s)), a)) in cases.iter().zip(&signed).zip(&answers).enumerate() {
        let name = format!(
            "{i} ({} {}{})",
            c.method,
            c.path,
            if c.query_mode { ", query" } else { "" }
        );
        if a["key_ok"] != true {
            failures.push(format!(
                "case {name}, step key: Python derives another public key"
            ));
        }
        if a["sig_ok"] != true {
            failures.push(format!(
                "case {name}, step awssig's signature: cryptography refuses it"
            ));
        }
        // Python's signature in place of awssig's: the request still
        // verifies (awssig's verifier, the key derived from the secret).
        let py = a["py_sig"].as_str().unwrap();
        assert_ne!(py, s.sig);
        let target = s.target.replace(&s.sig, py);
        let headers: Vec<(String, String)> = s
            .headers
            .iter()
            .map(|(n, v)| (n.clone(), v.replace(&s.sig, py)))
            .collect();
        let h = str_pairs(&headers);
        let req = Incoming::new(c.method, &target, &h);
        let look = |id: &str| (id == c.akid).then(|| c.secret.clone());
        if let Err(e) = verifier(c).verify(&req, t, look) {
            failures.push(format!(
                "case {name}, step Python's signature in the request: {e}"
            ));
        }
    }
    finish(failures, 3 * CASES);
}
