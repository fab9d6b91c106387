//! Profile resolution against botocore (`tests/data/botocore/profiles.json`,
//! made by `tests/tools/gen_botocore_profiles.py`): every case's config and
//! credentials texts go through `ProfileSet::parse` + `resolve`, and a
//! `credential_process` base through `process::parse_output` on the
//! output botocore's run of the command printed (recorded in the corpus;
//! no process runs here). The result is compared with what a botocore
//! session resolved, field by field: the provider (`method`), the source
//! credentials or settings, the roles in the order they are assumed, and
//! the region.
//!
//! botocore's "no credentials in the files" (`none`, it would go on to
//! IMDS) and its errors both mean `resolve` must fail: a plan always has a
//! base. Cases where awssig departs from botocore on purpose are listed in
//! [`DELIBERATE`](crate::common::botocore_profiles::DELIBERATE) with the reason; each must still disagree, so a marker
//! cannot outlive its reason.

use crate::common::botocore_profiles::DELIBERATE;
use crate::common::*;
use awssig::credentials::process::parse_output;
use awssig::credentials::profile::{Base, FileKind, Plan, ProfileFile, ProfileSet};
use awssig::SigningTime;
use serde_json::{json, Value};

use crate::common::botocore_profiles::corpus;

/// The source a plan starts from, in the corpus's shape.
fn source(set: &ProfileSet, case: &Value, plan: &Plan, now: SigningTime) -> Result<Value, String> {
    Ok(match &plan.base {
        Base::AccessKey(keys) => {
            let origin = set
                .profile(&keys.profile)
                .and_then(|p| p.origin("aws_access_key_id"));
            let method = match origin {
                Some(FileKind::Credentials) => "shared-credentials-file",
                _ => "config-file",
            };
            let c = &keys.credentials;
            json!({
                "method": method,
                "access_key_id": c.access_key_id(),
                "secret_access_key": c.secret_access_key(),
                "session_token": c.session_token(),
                "account_id": keys.account_id,
                "expiry": c.expires_at().map(|t| t.rfc3339()),
            })
        }
        Base::Process(p) => {
            let Some(run) = case["processes"].get(&p.command) else {
                return Err(format!("botocore never ran the command {:?}", p.command));
            };
            if run["exit_code"] != 0 {
                return Err(format!("the command exits with {}", run["exit_code"]));
            }
            let stdout = run["stdout"].as_str().unwrap();
            let c = parse_output(stdout.as_bytes(), now).map_err(|e| e.to_string())?;
            json!({
                "method": "custom-process",
                "access_key_id": c.access_key_id(),
                "secret_access_key": c.secret_access_key(),
                "session_token": c.session_token(),
                "expiry": c.expires_at().map(|t| t.rfc3339()),
            })
        }
        Base::WebIdentity(w) => json!({
            "method": "assume-role-with-web-identity",
            "role_arn": w.role_arn,
            "token_file": w.token_file,
            "role_session_name": w.role_session_name,
        }),
        Base::Sso(s) => json!({
            "method": "sso",
            "start_url": s.start_url,
            "region": s.region,
            "account_id": s.account_id,
            "role_name": s.role_name,
            "session_name": s.session_name,
        }),
        Base::Named(n) => json!({"method": "credential_source", "name": n.as_str()}),
        other => return Err(format!("a base the corpus does not know: {other:?}")),
    })
}

/// What awssig resolves for a case, in the corpus's `expect` shape
/// (`result`, `method`, `source`, `roles`, `region`), or its error.
fn ours(case: &Value, now: SigningTime) -> Result<Value, String> {
    let mut files = Vec::new();
    if let Some(text) = case["config"].as_str() {
        files.push(ProfileFile::config("config", text));
    }
    if let Some(text) = case["credentials"].as_str() {
        files.push(ProfileFile::credentials("credentials", text));
    }
    let set = ProfileSet::parse(&files).map_err(|e| e.to_string())?;
    let plan = set
        .resolve(case["profile"].as_str().unwrap())
        .map_err(|e| e.to_string())?;
    let source = source(&set, case, &plan, now)?;
    let roles: Vec<Value> = plan
        .roles
        .iter()
        .map(|r| {
            json!({
                "role_arn": r.role_arn,
                "role_session_name": r.role_session_name,
                "external_id": r.external_id,
                "mfa_serial": r.mfa_serial,
                "duration_seconds": r.duration_seconds,
            })
        })
        .collect();
    let method = if roles.is_empty() {
        source["method"].clone()
    } else {
        json!("assume-role")
    };
    Ok(json!({
        "result": "credentials",
        "method": method,
        "source": source,
        "roles": roles,
        "region": plan.region,
    }))
}

/// botocore's record with the two representational differences taken
/// out: an empty `aws_session_token` is held as `""` and signs no token
/// (`if credentials.token:` in `botocore.auth`), which awssig holds as
/// none; an expiry keeps its fraction of a second, which a `SigningTime`
/// (whole seconds) drops.
fn normalized(want: &Value) -> Value {
    let mut want = want.clone();
    want.as_object_mut().unwrap().remove("error");
    if let Some(source) = want["source"].as_object_mut() {
        if source.get("session_token") == Some(&json!("")) {
            source.insert("session_token".into(), Value::Null);
        }
        if let Some(Value::String(e)) = source.get_mut("expiry") {
            if let Some(dot) = e.find('.') {
                e.replace_range(dot.., "Z");
            }
        }
        if source["method"] == "custom-process" {
            // Credentials carry no account id; a process's AccountId is
            // not part of what awssig signs with.
            source.remove("account_id");
        }
    }
    want
}

/// The differences between botocore's record and ours, one line each.
fn differences(case: &Value, now: SigningTime) -> Vec<String> {
    let want = &case["expect"];
    match (want["result"].as_str().unwrap(), ours(case, now)) {
        ("credentials", Err(e)) => vec![format!(
            "botocore resolves {} ({}), awssig fails: {e}",
            want["method"], want["source"]
        )],
        ("credentials", Ok(got)) => {
            let want = normalized(want);
            let mut out = Vec::new();
            for key in ["result", "method", "source", "roles", "region"] {
                if got[key] != want[key] {
                    out.push(format!(
                        "{key}: botocore {}, awssig {}",
                        want[key], got[key]
                    ));
                }
            }
            out
        }
        (_, Err(e)) => {
            // Both fail; a loop must be named as one.
            if want["error"] == "InfiniteLoopConfigError" && !e.contains("infinite loop") {
                vec![format!("botocore reports a loop, awssig: {e}")]
            } else {
                Vec::new()
            }
        }
        (what, Ok(got)) => vec![format!(
            "botocore: {what} ({}), awssig resolves {got}",
            want["error"]
        )],
    }
}

#[test]
fn botocore_profile_resolution_every_case() {
    let corpus = corpus();
    assert_eq!(corpus["botocore"], "1.44.5", "the pinned botocore");
    let now = SigningTime::from_rfc3339(corpus["now"].as_str().unwrap()).unwrap();
    let cases = corpus["cases"].as_array().unwrap();
    let mut failures = Vec::new();
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let diffs = differences(case, now);
        let show = || {
            format!(
                "profile {:?}\n--- config\n{}\n--- credentials\n{}",
                case["profile"].as_str().unwrap(),
                case["config"].as_str().unwrap_or("<no file>"),
                case["credentials"].as_str().unwrap_or("<no file>"),
            )
        };
        match DELIBERATE.iter().find(|(n, _)| *n == name) {
            Some((_, why)) if diffs.is_empty() => failures.push(format!(
                "case {name}: marked as a deliberate difference ({why}) but awssig now agrees with botocore; remove the marker"
            )),
            Some(_) => {}
            None if diffs.is_empty() => {}
            None => failures.push(format!("case {name}:\n  {}\n{}\n", diffs.join("\n  "), show())),
        }
    }
    finish(failures, cases.len());
}

#[test]
fn deliberate_differences_name_real_cases() {
    let corpus = corpus();
    let names: Vec<&str> = corpus["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    for (name, _) in DELIBERATE {
        assert!(names.contains(name), "DELIBERATE names no case: {name}");
    }
}
