//! `ProcessRunner` with real processes through `sh -c` (Unix).

use std::time::{Duration, Instant};

use awssig::credentials::io::ProcessRunner;
use awssig::ErrorKind;

#[test]
fn stdout_of_a_successful_process_is_returned_byte_for_byte() {
    let out = ProcessRunner::new()
        .run(r#"printf '{"Version": 1, "AccessKeyId": "AKID"}\n'; echo 'progress' >&2"#)
        .unwrap();
    assert_eq!(&out[..], b"{\"Version\": 1, \"AccessKeyId\": \"AKID\"}\n");
}

#[test]
fn a_non_zero_exit_names_program_and_code_and_quotes_stderr_not_stdout() {
    let err = ProcessRunner::new()
        .run("printf 'SECRET-ON-STDOUT'; echo 'token expired,' >&2; echo 'run login' >&2; exit 7 # --password hunter2")
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::CredentialSource);
    assert_eq!(
        err.to_string(),
        "credential_process `printf`: exited with code 7; standard error: token expired, run login"
    );
}

#[test]
fn a_missing_program_is_the_shell_s_exit_code_127() {
    let err = ProcessRunner::new()
        .run("/no/such/credential-helper --profile dev")
        .unwrap_err();
    let message = err.to_string();
    assert!(
        message.starts_with("credential_process `/no/such/credential-helper`: exited with code 127; standard error: "),
        "{message}"
    );
    assert!(!message.contains("--profile"), "{message}");
}

#[test]
fn a_process_killed_by_a_signal_says_which() {
    let err = ProcessRunner::new().run("kill -9 $$").unwrap_err();
    assert_eq!(
        err.to_string(),
        "credential_process `kill`: was killed by signal 9; nothing on standard error"
    );
}

#[test]
fn a_process_past_its_timeout_is_killed_and_reported() {
    let started = Instant::now();
    let err = ProcessRunner::new()
        .with_timeout(Duration::from_millis(300))
        .run("sleep 10")
        .unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(
        err.to_string(),
        "credential_process `sleep`: did not finish within 0.3 s; it was stopped"
    );
}

#[test]
fn output_over_the_bound_stops_the_process() {
    let started = Instant::now();
    let err = ProcessRunner::new()
        .with_max_stdout(1000)
        .run("yes")
        .unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    assert!(
        err.to_string().starts_with(
            "credential_process `yes`: printed more than 1000 bytes to standard output"
        ),
        "{err}"
    );
    // Exactly at the bound is fine.
    let out = ProcessRunner::new()
        .with_max_stdout(1000)
        .run("head -c 1000 /dev/zero")
        .unwrap();
    assert_eq!(out.len(), 1000);
}

#[test]
fn a_long_stderr_is_quoted_only_in_part() {
    let err = ProcessRunner::new()
        .run("head -c 100000 /dev/zero | tr '\\0' e >&2; exit 1")
        .unwrap_err();
    let message = err.to_string();
    assert!(
        message.ends_with("e…"),
        "{}",
        &message[message.len() - 20..]
    );
    assert!(message.len() < 1200, "{}", message.len());
}

#[test]
fn an_empty_command_line_is_refused() {
    let err = ProcessRunner::new().run("   ").unwrap_err();
    assert_eq!(
        err.to_string(),
        "credential_process ``: the command line is empty"
    );
}
