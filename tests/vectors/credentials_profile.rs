//! The shared config file suites smithy-rs keeps for every SDK
//! (`tests/data/smithy-rs-aws-config/aws-runtime/`): the parser
//! (`profile-parser-tests.json`, every case) and the file locations
//! (`file-location-tests.json`, every case).
//!
//! Error cases give a phrase the message must contain; ours name the file
//! and line first and write the phrase in lower case, so the phrase is
//! looked for ASCII case-insensitively.

use crate::common::*;
use awssig::credentials::profile::{locate_files, Platform, ProfileFile, ProfileSet};
use serde_json::{Map, Value};

fn suite(name: &str) -> Vec<Value> {
    let path = data_dir()
        .join("smithy-rs-aws-config/aws-runtime")
        .join(name);
    read_json(&path)["tests"]
        .as_array()
        .expect("a tests array")
        .clone()
}

fn sections<'a>(it: impl Iterator<Item = &'a awssig::credentials::profile::Section>) -> Value {
    let mut out = Map::new();
    for s in it {
        let props: Map<String, Value> = s
            .properties()
            .map(|(k, v)| (k.to_string(), Value::from(v)))
            .collect();
        out.insert(s.name().to_string(), Value::Object(props));
    }
    Value::Object(out)
}

#[test]
fn profile_parser_suite_every_case() {
    let cases = suite("profile-parser-tests.json");
    let mut failures = Vec::new();
    for case in &cases {
        let name = case["name"].as_str().unwrap();
        let input = &case["input"];
        let mut files = Vec::new();
        if let Some(text) = input["configFile"].as_str() {
            files.push(ProfileFile::config("config", text));
        }
        if let Some(text) = input["credentialsFile"].as_str() {
            files.push(ProfileFile::credentials("credentials", text));
        }
        let got = ProfileSet::parse(&files);
        let want = &case["output"];
        match (got, want.get("errorContaining").and_then(Value::as_str)) {
            (Err(e), Some(phrase)) => {
                let shown = e.to_string();
                if !shown.to_lowercase().contains(&phrase.to_lowercase()) {
                    failures.push(format!("case {name:?}: error {shown:?} lacks {phrase:?}"));
                }
                if e.kind() != awssig::ErrorKind::CredentialSource {
                    failures.push(format!("case {name:?}: kind {:?}", e.kind()));
                }
            }
            (Ok(set), None) => {
                let config = &want["config"];
                check(
                    name,
                    "profiles",
                    &sections(set.profiles()).to_string(),
                    &config["profiles"].to_string(),
                    &mut failures,
                );
                let sso_want = config
                    .get("sso_sessions")
                    .cloned()
                    .unwrap_or(Value::Object(Map::new()));
                check(
                    name,
                    "sso_sessions",
                    &sections(set.sso_sessions()).to_string(),
                    &sso_want.to_string(),
                    &mut failures,
                );
            }
            (Ok(set), Some(phrase)) => failures.push(format!(
                "case {name:?}: parsed ({set:?}), expected an error with {phrase:?}"
            )),
            (Err(e), None) => failures.push(format!("case {name:?}: unexpected error {e}")),
        }
    }
    finish(failures, cases.len());
}

#[test]
fn file_location_suite_every_case() {
    let cases = suite("file-location-tests.json");
    let mut failures = Vec::new();
    for case in &cases {
        let name = case["name"].as_str().unwrap();
        let env = case["environment"].as_object().unwrap().clone();
        let platform = match case["platform"].as_str().unwrap() {
            "windows" => Platform::Windows,
            "linux" | "macos" => Platform::Unix,
            other => panic!("case {name:?}: unknown platform {other}"),
        };
        let found = locate_files(
            |k| env.get(k).and_then(Value::as_str).map(String::from),
            platform,
        );
        check(
            name,
            "config",
            found.config.as_deref().unwrap_or("<none>"),
            case["configLocation"].as_str().unwrap(),
            &mut failures,
        );
        check(
            name,
            "credentials",
            found.credentials.as_deref().unwrap_or("<none>"),
            case["credentialsLocation"].as_str().unwrap(),
            &mut failures,
        );
        if let Some(profile) = case["profile"].as_str() {
            check(name, "profile", &found.profile, profile, &mut failures);
        }
    }
    finish(failures, cases.len());
}

#[test]
fn parse_errors_name_file_and_line_and_hide_the_line() {
    let text = "[default]\naws_secret_access_key wJalrXUtnFEMI\n";
    let e = ProfileSet::parse(&[ProfileFile::config("/home/u/.aws/config", text)]).unwrap_err();
    let shown = e.to_string();
    assert!(
        shown.starts_with("config file /home/u/.aws/config, line 2: "),
        "{shown}"
    );
    assert!(!shown.contains("wJalr"), "{shown}");
}

#[test]
fn debug_of_a_profile_set_hides_values() {
    let text = "[a]\naws_secret_access_key = wJalrXUtnFEMI\n";
    let set = ProfileSet::parse(&[ProfileFile::credentials("c", text)]).unwrap();
    let shown = format!("{set:?}");
    assert!(shown.contains("aws_secret_access_key"), "{shown}");
    assert!(!shown.contains("wJalr"), "{shown}");
}

#[test]
fn skipped_sections_and_properties_are_listed() {
    let config = "[foo]\nx = 1\n[profile ok]\nin valid = 2\n[profile default]\n[default]\n";
    let set = ProfileSet::parse(&[ProfileFile::config("cfg", config)]).unwrap();
    let ignored = set.ignored().join("\n");
    for needle in [
        "section [foo]",
        "\"in valid\"",
        "[profile default] takes priority",
    ] {
        assert!(ignored.contains(needle), "{needle:?} not in {ignored}");
    }
}

#[test]
fn home_is_needed_only_without_overrides() {
    let none = locate_files(|_| None, Platform::Unix);
    assert_eq!((none.config, none.credentials), (None, None));
    let blank = locate_files(|k| (k == "HOME").then(|| " ".to_string()), Platform::Unix);
    assert_eq!(blank.config, None);
    let windows = locate_files(
        |k| (k == "USERPROFILE").then(|| "C:\\u".to_string()),
        Platform::Unix,
    );
    assert_eq!(windows.config, None, "USERPROFILE is a Windows rule only");
}
