//! The shared config and credentials files: any bytes (the config text,
//! a NUL, the credentials text) parse and resolve every profile without a
//! panic, and no error shows the value of an `aws_secret_access_key` line.
//!
//! A value may rightly appear in a message when it is also other text (a
//! profile name, a word of the message itself), so the check is
//! differential: the same input with each such value masked by `Z`s must
//! give messages that still contain it, else it came from the secret.
#![no_main]

use awssig::credentials::profile::{ProfileFile, ProfileSet};
use libfuzzer_sys::fuzz_target;

/// The values of `aws_secret_access_key` lines (long enough not to be a
/// common word, found once in the input).
fn secrets(input: &str) -> Vec<String> {
    input
        .lines()
        .filter_map(|l| l.split_once('='))
        .filter(|(k, _)| k.trim().eq_ignore_ascii_case("aws_secret_access_key"))
        .map(|(_, v)| v.trim())
        .filter(|v| v.len() >= 12 && input.matches(*v).count() == 1)
        .map(String::from)
        .collect()
}

/// Every message parse and resolve give (errors, Debug output, the
/// ignored list), joined.
fn messages(config: &str, credentials: &str) -> String {
    let files = [
        ProfileFile::config("config", config),
        ProfileFile::credentials("credentials", credentials),
    ];
    let mut out = Vec::new();
    match ProfileSet::parse(&files) {
        Err(e) => out.push(e.to_string()),
        Ok(set) => {
            out.push(format!("{set:?}"));
            out.extend(set.ignored().iter().cloned());
            let names: Vec<String> = set.profiles().map(|p| p.name().to_string()).collect();
            for name in names
                .iter()
                .map(String::as_str)
                .chain(["default", "missing"])
            {
                match set.resolve(name) {
                    Err(e) => out.push(e.to_string()),
                    Ok(plan) => {
                        assert_eq!(plan.profile, name);
                        out.push(format!("{plan:?}"));
                    }
                }
            }
        }
    }
    out.join("\n")
}

fuzz_target!(|data: &[u8]| {
    let (config, credentials) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[][..]),
    };
    let config = String::from_utf8_lossy(config);
    let credentials = String::from_utf8_lossy(credentials);
    let shown = messages(&config, &credentials);
    let secrets = secrets(&format!("{config}\n{credentials}"));
    if secrets.iter().any(|s| shown.contains(s.as_str())) {
        let (mut masked_config, mut masked_credentials) =
            (config.to_string(), credentials.to_string());
        for s in &secrets {
            let mask = "Z".repeat(s.len());
            masked_config = masked_config.replace(s.as_str(), &mask);
            masked_credentials = masked_credentials.replace(s.as_str(), &mask);
        }
        let masked = messages(&masked_config, &masked_credentials);
        for s in &secrets {
            assert!(
                !shown.contains(s.as_str()) || masked.contains(s.as_str()),
                "a message shows the secret {s:?}: {shown}"
            );
        }
    }
});
