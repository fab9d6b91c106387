//! smithy-rs's cross-SDK `assume-role-tests.json`
//! (`tests/data/smithy-rs-aws-config/aws-config/`), every case: a set of
//! profiles (written out as a config file) resolved into a chain of
//! providers, or an error.
//!
//! Error cases give a phrase the message must contain. Ours quote profile
//! names with `"` where the suite uses backticks or nothing, and may
//! change the case of the first letter, so both sides are compared with
//! quotes and backticks removed, ASCII case-insensitively.

use crate::common::*;
use awssig::credentials::profile::{Base, Plan, ProfileFile, ProfileSet};
use serde_json::{json, Map, Value};

fn config_text(input: &Value) -> String {
    let mut text = String::new();
    for (key, prefix) in [("profiles", "profile "), ("sso_sessions", "sso-session ")] {
        for (name, props) in input
            .get(key)
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            text.push_str(&format!("[{prefix}{name}]\n"));
            for (k, v) in props.as_object().unwrap() {
                text.push_str(&format!("{k} = {}\n", v.as_str().unwrap()));
            }
        }
    }
    text
}

fn some(m: &mut Map<String, Value>, k: &str, v: &Option<String>) {
    if let Some(v) = v {
        m.insert(k.into(), Value::from(v.as_str()));
    }
}

/// The plan in the suite's shape.
fn chain(plan: &Plan) -> Value {
    let mut out = Vec::new();
    out.push(match &plan.base {
        Base::AccessKey(k) => {
            let mut m = Map::new();
            m.insert("access_key_id".into(), k.credentials.access_key_id().into());
            m.insert(
                "secret_access_key".into(),
                k.credentials.secret_access_key().into(),
            );
            some(&mut m, "account_id", &k.account_id);
            json!({ "AccessKey": m })
        }
        Base::Named(n) => json!({ "NamedSource": n.as_str() }),
        Base::WebIdentity(w) => {
            let mut m = Map::new();
            m.insert("role_arn".into(), w.role_arn.as_str().into());
            m.insert(
                "web_identity_token_file".into(),
                w.token_file.as_str().into(),
            );
            some(&mut m, "role_session_name", &w.role_session_name);
            json!({ "WebIdentityToken": m })
        }
        Base::Sso(s) => {
            let mut m = Map::new();
            some(&mut m, "sso_session", &s.session_name);
            m.insert("sso_region".into(), s.region.as_str().into());
            m.insert("sso_start_url".into(), s.start_url.as_str().into());
            some(&mut m, "sso_account_id", &s.account_id);
            some(&mut m, "sso_role_name", &s.role_name);
            json!({ "Sso": m })
        }
        Base::Process(p) => json!({ "CredentialProcess": p.command }),
        other => json!({ "Unknown": format!("{other:?}") }),
    });
    for r in &plan.roles {
        let mut m = Map::new();
        m.insert("role_arn".into(), r.role_arn.as_str().into());
        some(&mut m, "role_session_name", &r.role_session_name);
        some(&mut m, "external_id", &r.external_id);
        out.push(json!({ "AssumeRole": m }));
    }
    Value::Array(out)
}

fn normal(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '"' | '`'))
        .collect::<String>()
        .to_ascii_lowercase()
}

#[test]
fn assume_role_suite_every_case() {
    let path = data_dir().join("smithy-rs-aws-config/aws-config/assume-role-tests.json");
    let cases = read_json(&path).as_array().unwrap().clone();
    let mut failures = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let name = format!("#{i} {}", case["docs"].as_str().unwrap());
        let input = &case["input"];
        let text = config_text(input);
        let set = ProfileSet::parse(&[ProfileFile::config("config", &text)]).unwrap();
        let got = set.resolve(input["selected_profile"].as_str().unwrap());
        let want = &case["output"];
        match (got, want.get("Error").and_then(Value::as_str)) {
            (Err(e), Some(phrase)) => {
                if !normal(&e.to_string()).contains(&normal(phrase)) {
                    failures.push(format!(
                        "case {name}: error {:?} lacks {phrase:?}",
                        e.to_string()
                    ));
                }
            }
            (Ok(plan), None) => check(
                &name,
                "chain",
                &chain(&plan).to_string(),
                &want["ProfileChain"].to_string(),
                &mut failures,
            ),
            (Ok(plan), Some(phrase)) => failures.push(format!(
                "case {name}: got {plan:?}, expected error {phrase:?}"
            )),
            (Err(e), None) => failures.push(format!("case {name}: unexpected error {e}")),
        }
    }
    finish(failures, cases.len());
}

fn resolve(config: &str, credentials: &str, profile: &str) -> awssig::Result<Plan> {
    ProfileSet::parse(&[
        ProfileFile::config("config", config),
        ProfileFile::credentials("credentials", credentials),
    ])?
    .resolve(profile)
}

#[test]
fn credentials_file_keys_beat_a_process_but_config_file_keys_do_not() {
    // botocore's order: shared credentials file, credential_process, config file.
    let keys = "aws_access_key_id = AKID\naws_secret_access_key = s\n";
    let process = "credential_process = get-creds\n";
    let plan = resolve(
        &format!("[default]\n{process}"),
        &format!("[default]\n{keys}"),
        "default",
    )
    .unwrap();
    assert!(matches!(plan.base, Base::AccessKey(_)), "{plan:?}");
    let plan = resolve(&format!("[default]\n{process}{keys}"), "", "default").unwrap();
    assert!(matches!(plan.base, Base::Process(_)), "{plan:?}");
}

#[test]
fn role_steps_carry_mfa_and_duration() {
    let config = "[profile a]\nrole_arn = arn:r\ncredential_source = EcsContainer\nmfa_serial = arn:mfa\nduration_seconds = 3600\n";
    let plan = resolve(config, "", "a").unwrap();
    assert!(matches!(
        plan.base,
        Base::Named(awssig::credentials::profile::CredentialSource::EcsContainer)
    ));
    assert_eq!(plan.roles[0].mfa_serial.as_deref(), Some("arn:mfa"));
    assert_eq!(plan.roles[0].duration_seconds, Some(3600));
}

#[test]
fn bad_settings_are_errors_naming_profile_and_allowed_values() {
    for (config, needles) in [
        ("[profile a]\nrole_arn = r\ncredential_source = Ec2\n", &["profile \"a\"", "Ec2", "Ec2InstanceMetadata"][..]),
        ("[profile a]\nrole_arn = r\ncredential_source = Environment\nduration_seconds = 60\n", &["profile \"a\"", "900 to 43200"][..]),
        ("[profile a]\nsso_session = s\nsso_account_id = 1\nsso_role_name = r\n[sso-session s]\nsso_region = x\n", &["sso_start_url is missing from [sso-session s]"][..]),
        ("[profile b]\n", &["profile \"a\"", "not found"][..]),
    ] {
        let e = resolve(config, "", "a").unwrap_err();
        assert_eq!(e.kind(), awssig::ErrorKind::CredentialSource, "{e}");
        for n in needles {
            assert!(e.to_string().contains(n), "{config:?}: {e} lacks {n:?}");
        }
    }
}

#[test]
fn a_process_command_is_not_in_debug_beyond_its_program() {
    let plan = resolve(
        "[default]\ncredential_process = get-creds --token hunter2\n",
        "",
        "default",
    )
    .unwrap();
    let shown = format!("{plan:?}");
    assert!(shown.contains("get-creds"), "{shown}");
    assert!(!shown.contains("hunter2"), "{shown}");
}

#[test]
fn service_endpoints_come_from_the_named_services_section() {
    let config = "[default]\ncredential_process = p\nservices = dev\nregion = eu-west-1\n\
                  [services dev]\nsts =\n  endpoint_url = http://127.0.0.1:5000\n\
                  [services other]\nsso =\n  endpoint_url = http://wrong\n";
    let plan = resolve(config, "", "default").unwrap();
    assert_eq!(plan.endpoint_url_for("STS"), Some("http://127.0.0.1:5000"));
    assert_eq!(plan.endpoint_url_for("sso"), None);
    assert_eq!(plan.region.as_deref(), Some("eu-west-1"));
}
