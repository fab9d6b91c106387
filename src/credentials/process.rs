//! `credential_process`: the JSON a credential process prints, read and
//! written. Reading checks what the aws cli checks (`Version` 1, both
//! keys, an optional `SessionToken` and `Expiration`) and refuses
//! credentials that have already expired. Writing gives the formats of
//! `aws configure export-credentials` (`process` and `env`).
//!
//! Running the process is the caller's job; this module only sees its
//! standard output. Errors never repeat that output: it may hold secrets.

use alloc::string::String;
use zeroize::Zeroizing;

use crate::credentials::Credentials;
use crate::error::{Error, Result};
use crate::json::{self, Value};
use crate::time::SigningTime;

/// The most output read (a credential process prints well under 8 KiB).
const MAX_OUTPUT: usize = 1 << 20;

fn err(message: impl core::fmt::Display) -> Error {
    Error::credential_source("credential_process", message)
}

fn member<'v>(doc: &'v Value, name: &str, required: bool) -> Result<Option<&'v str>> {
    match doc.get(name) {
        None if required => Err(err(format_args!(
            "the output has no {name} (it needs Version, AccessKeyId and SecretAccessKey)"
        ))),
        Some(Value::Null) if !required => Ok(None),
        None => Ok(None),
        Some(v) => v.as_str().map(Some).ok_or_else(|| {
            err(format_args!(
                "{name} is {} in the output; it must be a string",
                v.kind()
            ))
        }),
    }
}

/// Parses what a `credential_process` printed on standard output into
/// credentials, with their expiry when the output has `Expiration`.
///
/// The output must be one JSON object with `"Version": 1`,
/// `AccessKeyId` and `SecretAccessKey`, and may have `SessionToken` and
/// `Expiration` (RFC 3339). An `Expiration` at or before `now` is an
/// error naming both instants. Output that is not such an object is an
/// error that does not show it.
///
/// ```
/// use awssig::credentials::process::parse_output;
/// use awssig::SigningTime;
/// let now = SigningTime::from_rfc3339("2026-01-01T00:00:00Z")?;
/// let out = br#"{"Version": 1, "AccessKeyId": "ASIAEXAMPLE", "SecretAccessKey": "s",
///               "SessionToken": "t", "Expiration": "2026-01-01T01:00:00Z"}"#;
/// let creds = parse_output(out, now)?;
/// assert_eq!(creds.access_key_id(), "ASIAEXAMPLE");
/// assert_eq!(creds.expires_at().map(|t| t.rfc3339()).as_deref(), Some("2026-01-01T01:00:00Z"));
///
/// let late = SigningTime::from_rfc3339("2026-01-01T02:00:00Z")?;
/// assert!(parse_output(out, late).unwrap_err().to_string().contains("2026-01-01T02:00:00Z"));
/// assert!(!parse_output(b"oops s3cr3t", now).unwrap_err().to_string().contains("s3cr3t"));
/// # Ok::<(), awssig::Error>(())
/// ```
pub fn parse_output(stdout: &[u8], now: SigningTime) -> Result<Credentials> {
    if stdout.len() > MAX_OUTPUT {
        return Err(err(format_args!(
            "the output is {} bytes; at most {MAX_OUTPUT} are accepted",
            stdout.len()
        )));
    }
    let text = core::str::from_utf8(stdout).map_err(|e| {
        err(format_args!(
            "the output is not UTF-8 (at byte {}); it must be a JSON object (output not shown: it may hold secrets)",
            e.valid_up_to()
        ))
    })?;
    let doc = Zeroizing::new(json::parse(text).map_err(|e| {
        err(format_args!(
            "the output is not JSON ({e}); it must be a JSON object with Version, AccessKeyId and SecretAccessKey (output not shown: it may hold secrets)"
        ))
    })?);
    if !matches!(*doc, Value::Object(_)) {
        return Err(err(format_args!(
            "the output is {}; it must be a JSON object",
            doc.kind()
        )));
    }
    match doc.get("Version") {
        Some(Value::Number(n)) if n == "1" => {}
        Some(Value::Number(n)) => {
            return Err(err(format_args!(
                "Version {n} is not supported; it must be 1"
            )))
        }
        Some(v) => {
            return Err(err(format_args!(
                "Version is {}; it must be the number 1",
                v.kind()
            )))
        }
        None => return Err(err("the output has no Version; it must be 1")),
    }
    let id = member(&doc, "AccessKeyId", true)?.unwrap_or_default();
    let secret = member(&doc, "SecretAccessKey", true)?.unwrap_or_default();
    let mut creds = Credentials::new(id, secret).map_err(err)?;
    if let Some(token) = member(&doc, "SessionToken", false)? {
        creds = creds.with_session_token(token).map_err(err)?;
    }
    if let Some(exp) = member(&doc, "Expiration", false)? {
        let end =
            SigningTime::from_rfc3339(exp).map_err(|e| err(format_args!("Expiration: {e}")))?;
        if end <= now {
            return Err(err(format_args!(
                "the credentials expired at {} (Expiration), not after now, {}",
                end.rfc3339(),
                now.rfc3339()
            )));
        }
        creds = creds.expiring_at(end);
    }
    Ok(creds)
}

/// An instant as the aws cli prints an expiry (Python's `isoformat` of a
/// UTC time): `2026-01-01T01:00:00+00:00`.
fn cli_instant(t: SigningTime) -> String {
    let mut s = t.rfc3339();
    s.pop(); // the `Z`
    s.push_str("+00:00");
    s
}

/// The credentials as `aws configure export-credentials --format process`
/// prints them: the `credential_process` JSON, two-space indented, keys in
/// the order `Version`, `AccessKeyId`, `SecretAccessKey`, `SessionToken`,
/// `Expiration` (the last two when known), and a final newline.
///
/// ```
/// use awssig::{Credentials, SigningTime};
/// use awssig::credentials::process::write_process_json;
/// let creds = Credentials::new("AKIDEXAMPLE", "secret")?
///     .expiring_at(SigningTime::from_rfc3339("2026-01-01T01:00:00Z")?);
/// assert_eq!(
///     write_process_json(&creds).as_str(),
///     "{\n  \"Version\": 1,\n  \"AccessKeyId\": \"AKIDEXAMPLE\",\n  \"SecretAccessKey\": \"secret\",\n  \"Expiration\": \"2026-01-01T01:00:00+00:00\"\n}\n"
/// );
/// # Ok::<(), awssig::Error>(())
/// ```
pub fn write_process_json(creds: &Credentials) -> Zeroizing<String> {
    use crate::post::json_string::write_json_string;
    // Room for the longest the fields can be (an escape is at most six
    // bytes a character), so the buffer never moves and leaves a copy.
    let values = creds.access_key_id().len()
        + creds.secret_access_key().len()
        + creds.session_token().map_or(0, str::len);
    let mut out = Zeroizing::new(String::with_capacity(6 * values + 160));
    out.push_str("{\n  \"Version\": 1");
    let mut field = |name: &str, value: &str| {
        out.push_str(",\n  \"");
        out.push_str(name);
        out.push_str("\": ");
        write_json_string(&mut out, value);
    };
    field("AccessKeyId", creds.access_key_id());
    field("SecretAccessKey", creds.secret_access_key());
    if let Some(token) = creds.session_token() {
        field("SessionToken", token);
    }
    if let Some(end) = creds.expires_at() {
        field("Expiration", &cli_instant(end));
    }
    out.push_str("\n}\n");
    out
}

/// The credentials as `aws configure export-credentials --format env`
/// prints them: `export NAME=value` lines for `AWS_ACCESS_KEY_ID`,
/// `AWS_SECRET_ACCESS_KEY`, and when known `AWS_SESSION_TOKEN` and
/// `AWS_CREDENTIAL_EXPIRATION`, each ending in `\n`. Values are written as
/// they are, unquoted, as the aws cli does.
///
/// ```
/// use awssig::Credentials;
/// use awssig::credentials::process::write_env_exports;
/// let creds = Credentials::new("ASIAEXAMPLE", "secret")?.with_session_token("token")?;
/// assert_eq!(
///     write_env_exports(&creds).as_str(),
///     "export AWS_ACCESS_KEY_ID=ASIAEXAMPLE\nexport AWS_SECRET_ACCESS_KEY=secret\nexport AWS_SESSION_TOKEN=token\n"
/// );
/// # Ok::<(), awssig::Error>(())
/// ```
pub fn write_env_exports(creds: &Credentials) -> Zeroizing<String> {
    // Room for every line, so the buffer never moves and leaves a copy.
    let values = creds.access_key_id().len()
        + creds.secret_access_key().len()
        + creds.session_token().map_or(0, str::len);
    let mut out = Zeroizing::new(String::with_capacity(values + 160));
    let mut line = |name: &str, value: &str| {
        out.push_str("export ");
        out.push_str(name);
        out.push('=');
        out.push_str(value);
        out.push('\n');
    };
    line("AWS_ACCESS_KEY_ID", creds.access_key_id());
    line("AWS_SECRET_ACCESS_KEY", creds.secret_access_key());
    if let Some(token) = creds.session_token() {
        line("AWS_SESSION_TOKEN", token);
    }
    if let Some(end) = creds.expires_at() {
        line("AWS_CREDENTIAL_EXPIRATION", &cli_instant(end));
    }
    out
}
