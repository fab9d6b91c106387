//! The checks STS makes on its parameters, made before a request is sent,
//! so a typo is an error that names the parameter and its rule instead of
//! a round trip and a `ValidationError`.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::error::{Error, ErrorKind, Result};

fn invalid(action: &str, message: String) -> Error {
    Error::new(
        ErrorKind::CredentialSource,
        format!("STS {action}: {message}"),
    )
}

/// `[\w+=,.@-]` and the extras a parameter allows (`\w` is ASCII here:
/// STS's patterns are ASCII).
fn allowed(c: char, extra: &str) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || "+=,.@-".contains(c) || extra.contains(c)
}

fn check_chars(action: &str, what: &str, value: &str, extra: &str, rule: &str) -> Result<()> {
    match value.chars().find(|&c| !allowed(c, extra)) {
        None => Ok(()),
        Some(c) => Err(invalid(
            action,
            format!("{what} {value:?} contains {c:?}; allowed are {rule}"),
        )),
    }
}

fn check_len(action: &str, what: &str, value: &str, min: usize, max: usize) -> Result<()> {
    let n = value.chars().count();
    if (min..=max).contains(&n) {
        Ok(())
    } else {
        Err(invalid(
            action,
            format!("{what} {value:?} is {n} characters long; allowed are {min} to {max}"),
        ))
    }
}

/// The role and the session name the two `AssumeRole*` calls start from.
pub(crate) fn role(action: &str, arn: &str, session: &str) -> Result<()> {
    role_arn(action, arn)?;
    session_name(action, session)
}

/// `arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME`. The account may be
/// empty (Ceph RGW's roles without a tenant) or have any number of digits
/// (the recorded SDK traffic uses 9).
pub(crate) fn role_arn(action: &str, arn: &str) -> Result<()> {
    let shape =
        "expected arn:PARTITION:iam::ACCOUNT:role/NAME, e.g. arn:aws:iam::123456789012:role/reader";
    let bad = |why: &str| invalid(action, format!("role ARN {arn:?} {why}; {shape}"));
    check_len(action, "role ARN", arn, 20, 2048)?;
    let mut parts = arn.splitn(6, ':');
    let (Some("arn"), Some(partition), Some("iam"), Some(""), Some(account), Some(resource)) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return Err(bad("is not an IAM ARN"));
    };
    if partition.is_empty()
        || !partition
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b == b'-')
    {
        return Err(bad("has no partition (aws, aws-cn, aws-us-gov, ...)"));
    }
    if !account.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad("has an account that is not digits"));
    }
    let Some(name) = resource.strip_prefix("role/") else {
        return Err(bad("does not name a role"));
    };
    if name.is_empty() || name.ends_with('/') {
        return Err(bad("has no role name"));
    }
    check_chars(
        action,
        "the role name in",
        name,
        "/",
        "letters, digits and _+=,.@-/",
    )
}

/// 2–64 characters of `[\w+=,.@-]`.
pub(crate) fn session_name(action: &str, name: &str) -> Result<()> {
    check_len(action, "RoleSessionName", name, 2, 64)?;
    check_chars(
        action,
        "RoleSessionName",
        name,
        "",
        "letters, digits and _+=,.@-",
    )
}

/// The `DurationSeconds` bounds of the `AssumeRole*` calls (15 minutes to
/// 12 hours).
pub(crate) const ROLE_DURATION: (u32, u32) = (900, 43_200);

/// The `DurationSeconds` bounds of `GetSessionToken` (15 minutes to 36
/// hours).
pub(crate) const SESSION_TOKEN_DURATION: (u32, u32) = (900, 129_600);

/// Seconds within `min..=max`; the checked value.
pub(crate) fn duration(action: &str, seconds: u32, (min, max): (u32, u32)) -> Result<u32> {
    if (min..=max).contains(&seconds) {
        Ok(seconds)
    } else {
        Err(invalid(
            action,
            format!(
                "DurationSeconds {seconds} is outside {min}..={max} (15 minutes to {} hours)",
                max / 3600
            ),
        ))
    }
}

/// 2–1224 characters of `[\w+=,.@:/-]`; the checked value.
pub(crate) fn external_id(action: &str, id: String) -> Result<String> {
    check_len(action, "ExternalId", &id, 2, 1224)?;
    check_chars(
        action,
        "ExternalId",
        &id,
        ":/",
        "letters, digits and _+=,.@:/-",
    )?;
    Ok(id)
}

/// The MFA device: 9–256 characters of `[\w+=/:,.@-]`; the code: 6
/// digits. The checked pair.
pub(crate) fn mfa(
    action: &str,
    serial_number: String,
    token_code: String,
) -> Result<(String, String)> {
    check_len(action, "SerialNumber", &serial_number, 9, 256)?;
    check_chars(
        action,
        "SerialNumber",
        &serial_number,
        "/:",
        "letters, digits and _+=/:,.@-",
    )?;
    if token_code.len() != 6 || !token_code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid(
            action,
            String::from("TokenCode must be the 6 digits the MFA device shows"),
        ));
    }
    Ok((serial_number, token_code))
}

/// A session policy: 1–2048 characters of tab, LF, CR and U+0020–U+00FF;
/// the checked value.
pub(crate) fn policy(action: &str, policy: String) -> Result<String> {
    let n = policy.chars().count();
    if !(1..=2048).contains(&n) {
        return Err(invalid(
            action,
            format!("Policy is {n} characters long; allowed are 1 to 2048"),
        ));
    }
    match policy
        .chars()
        .find(|&c| !matches!(c, '\t' | '\n' | '\r' | ' '..='\u{FF}'))
    {
        None => Ok(policy),
        Some(c) => Err(invalid(
            action,
            format!("Policy contains {c:?}; allowed are tab, LF, CR and U+0020 to U+00FF"),
        )),
    }
}

/// 4–20000 characters; the token is never shown.
pub(crate) fn web_identity_token(action: &str, token: &str) -> Result<()> {
    let n = token.chars().count();
    if (4..=20_000).contains(&n) {
        Ok(())
    } else {
        Err(invalid(
            action,
            format!("WebIdentityToken is {n} characters long; allowed are 4 to 20000"),
        ))
    }
}

/// The parameters of one call, borrowed from its builder (each checked
/// when it was set), written by [`Params::form_body`] in the API model's
/// member order, which is the same for the three calls: `RoleArn`,
/// `RoleSessionName`, `WebIdentityToken`, `Policy`, `DurationSeconds`,
/// `ExternalId`, `SerialNumber`, `TokenCode`. A parameter not set is not
/// sent (STS's default applies).
#[derive(Default)]
pub(crate) struct Params<'a> {
    pub(crate) role: Option<(&'a str, &'a str)>,
    pub(crate) web_identity_token: Option<&'a str>,
    pub(crate) policy: Option<&'a str>,
    pub(crate) duration_seconds: Option<u32>,
    pub(crate) external_id: Option<&'a str>,
    pub(crate) mfa: Option<&'a (String, String)>,
}

impl Params<'_> {
    /// The form body of `action` with these parameters.
    pub(crate) fn form_body(&self, action: &str) -> String {
        let duration = self.duration_seconds.map(|d| format!("{d}"));
        let mut p: Vec<(&str, &str)> = Vec::with_capacity(8);
        if let Some((arn, session)) = self.role {
            p.push(("RoleArn", arn));
            p.push(("RoleSessionName", session));
        }
        if let Some(token) = self.web_identity_token {
            p.push(("WebIdentityToken", token));
        }
        if let Some(policy) = self.policy {
            p.push(("Policy", policy));
        }
        if let Some(d) = &duration {
            p.push(("DurationSeconds", d));
        }
        if let Some(id) = self.external_id {
            p.push(("ExternalId", id));
        }
        if let Some((serial, code)) = self.mfa {
            p.push(("SerialNumber", serial));
            p.push(("TokenCode", code));
        }
        super::request::form_body(action, &p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    const A: &str = "AssumeRole";

    #[test]
    fn role_arns_of_aws_ceph_and_the_recorded_traffic_pass() {
        for arn in [
            "arn:aws:iam::123456789012:role/reader",
            "arn:aws:iam::123456789:role/integration-test",
            "arn:aws-cn:iam::123456789012:role/path/to/role",
            "arn:aws:iam:::role/ceph-role",
        ] {
            assert!(role_arn(A, arn).is_ok(), "{arn}");
        }
    }

    #[test]
    fn malformed_role_arns_say_what_is_wrong() {
        for (arn, why) in [
            ("arn:aws:iam::1234:user/bob", "does not name a role"),
            ("arn:aws:s3:::bucket/role/x", "not an IAM ARN"),
            ("arn:aws:iam:us-east-1:1:role/x", "not an IAM ARN"),
            ("arn::iam::123456789012:role/x", "no partition"),
            ("arn:aws:iam::12ab56789012:role/x", "not digits"),
            ("arn:aws:iam::123456789012:role/", "no role name"),
            ("arn:aws:iam::123456789012:role/a b", "contains ' '"),
            ("role/x", "is 6 characters long"),
        ] {
            let e = role_arn(A, arn).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::CredentialSource);
            let m = e.to_string();
            assert!(m.starts_with("STS AssumeRole: "), "{m}");
            assert!(m.contains(why), "{arn}: {m}");
        }
    }

    #[test]
    fn session_names_are_2_to_64_characters_of_the_allowed_set() {
        assert!(session_name(A, "ab").is_ok());
        assert!(session_name(A, "user+name=x,y.z@e-1_2").is_ok());
        assert!(session_name(A, &"a".repeat(64)).is_ok());
        assert!(session_name(A, "a")
            .unwrap_err()
            .to_string()
            .contains("2 to 64"));
        assert!(session_name(A, &"a".repeat(65)).is_err());
        assert!(session_name(A, "a b")
            .unwrap_err()
            .to_string()
            .contains("' '"));
        assert!(session_name(A, "a/b").is_err());
    }

    #[test]
    fn durations_are_checked_against_the_actions_bounds() {
        assert!(duration(A, 900, ROLE_DURATION).is_ok());
        assert!(duration(A, 43_200, ROLE_DURATION).is_ok());
        let e = duration(A, 899, ROLE_DURATION).unwrap_err().to_string();
        assert_eq!(
            e,
            "STS AssumeRole: DurationSeconds 899 is outside 900..=43200 (15 minutes to 12 hours)"
        );
        assert!(duration(A, 43_201, ROLE_DURATION).is_err());
    }

    #[test]
    fn external_ids_mfa_policies_and_tokens_are_checked() {
        assert!(external_id(A, "a:b/c".into()).is_ok());
        assert!(external_id(A, "x".into()).is_err());
        assert!(external_id(A, "a b".into()).is_err());
        assert!(mfa(
            A,
            "arn:aws:iam::123456789012:mfa/user".into(),
            "123456".into()
        )
        .is_ok());
        assert!(mfa(A, "GAHT12345678".into(), "123456".into()).is_ok());
        assert!(mfa(A, "short".into(), "123456".into()).is_err());
        assert!(mfa(A, "GAHT12345678".into(), "12345".into()).is_err());
        assert!(mfa(A, "GAHT12345678".into(), "12345a".into()).is_err());
        assert!(policy(A, "{\"Version\":\"2012-10-17\"}\n".into()).is_ok());
        assert!(policy(A, "".into()).is_err());
        assert!(policy(A, "\u{1}".into()).is_err());
        assert!(policy(A, "\u{100}".into()).is_err());
        assert!(policy(A, "x".repeat(2049)).is_err());
        assert!(web_identity_token(A, "abcd").is_ok());
        let e = web_identity_token(A, "abc").unwrap_err().to_string();
        assert!(!e.contains("abc\""), "the token is not shown: {e}");
    }
}
