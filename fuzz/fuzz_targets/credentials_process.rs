//! A `credential_process`'s standard output: any bytes give credentials
//! or an error, never a panic; an error never repeats the output, nor the
//! secret or token in it; credentials with an expiry end after `now`.
#![no_main]

use awssig::credentials::process::parse_output;
use awssig::SigningTime;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let now = SigningTime::from_rfc3339("2026-01-01T00:00:00Z").unwrap();
    match parse_output(data, now) {
        Ok(creds) => {
            assert!(!creds.access_key_id().is_empty());
            assert!(!creds.secret_access_key().is_empty());
            if let Some(end) = creds.expires_at() {
                assert!(end > now, "expired credentials accepted");
            }
        }
        Err(e) => {
            let message = e.to_string();
            if let Ok(text) = std::str::from_utf8(data) {
                if text.len() >= 24 {
                    assert!(
                        !message.contains(text),
                        "the error repeats the output: {message}"
                    );
                }
                if let Ok(doc) = serde_json::from_str::<serde_json::Value>(text) {
                    for key in ["SecretAccessKey", "SessionToken"] {
                        if let Some(s) = doc[key].as_str().filter(|s| s.len() >= 8) {
                            assert!(!message.contains(s), "the error shows {key}: {message}");
                        }
                    }
                }
            }
        }
    }
});
