//! A POST policy held against the form: its expiration, each condition in
//! order, the coverage rule (every field needs a condition) and
//! `content-length-range`, with S3's errors.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::error::{Error, Result, S3ErrorCode};
use crate::post::fields::is_exempt;
use crate::post::policy_parse::Rule;
use crate::post::Condition;
use crate::syntax;
use crate::time::SigningTime;

use super::fields::find;

fn denied(msg: impl fmt::Display) -> Error {
    Error::rejected(
        S3ErrorCode::AccessDenied,
        alloc::format!("Invalid according to Policy: {msg}"),
    )
}

/// The field a condition names (without `$`), if it names one.
pub(super) fn condition_field(c: &Condition) -> Option<&str> {
    match c {
        Condition::Exact { name, .. } => Some(name),
        Condition::Eq { field, .. } | Condition::StartsWith { field, .. } => Some(field),
        _ => None,
    }
}

/// The values a condition on `name` is checked against: the bucket posted
/// to (and a `bucket` field, if sent) for `bucket`, the field otherwise.
fn values_of<'v>(fields: &'v [(String, String)], bucket: &'v str, name: &str) -> Vec<&'v str> {
    let mut out = Vec::with_capacity(2);
    if name.eq_ignore_ascii_case("bucket") {
        out.push(bucket);
    }
    if let Some(v) = find(fields, name) {
        out.push(v);
    }
    out
}

fn holds(c: &Condition, fields: &[(String, String)], bucket: &str) -> bool {
    match c {
        Condition::Exact { name, value } | Condition::Eq { field: name, value } => {
            let values = values_of(fields, bucket, name);
            !values.is_empty() && values.iter().all(|v| v == value)
        }
        Condition::StartsWith { field, prefix } => {
            let values = values_of(fields, bucket, field);
            let list = field.eq_ignore_ascii_case("content-type");
            !values.is_empty()
                && values.iter().all(|v| {
                    if list {
                        v.split(',')
                            .all(|part| syntax::trim_ows_str(part).starts_with(prefix.as_str()))
                    } else {
                        v.starts_with(prefix.as_str())
                    }
                })
        }
        _ => true,
    }
}

/// Step 5 of [`crate::verify::Verifier::verify_post`]: the policy is valid
/// up to and including its expiration.
pub(super) fn check_expiration(expiration: SigningTime, now: SigningTime) -> Result<()> {
    if now.unix() > expiration.unix() {
        return Err(denied("Policy expired."));
    }
    Ok(())
}

/// Steps 6 to 8 of [`crate::verify::Verifier::verify_post`]: each condition
/// against the fields (`${filename}` substituted), every field covered,
/// the file's length in `content-length-range`.
pub(super) fn check(
    rules: &[Rule],
    fields: &[(String, String)],
    bucket: &str,
    file_len: u64,
) -> Result<()> {
    for rule in rules {
        match &rule.condition {
            Some(c) if holds(c, fields, bucket) => {}
            _ => {
                return Err(denied(alloc::format!(
                    "Policy Condition failed: {}",
                    rule.text
                )))
            }
        }
    }
    for (name, _) in fields {
        let covered = rules
            .iter()
            .filter_map(|r| r.condition.as_ref().and_then(condition_field))
            .any(|f| f.eq_ignore_ascii_case(name));
        if !covered && !is_exempt(name) {
            return Err(denied(alloc::format!("Extra input fields: {name}")));
        }
    }
    for rule in rules {
        if let Some(Condition::ContentLengthRange { min, max }) = rule.condition {
            let len = i128::from(file_len);
            if len < i128::from(min) {
                return Err(Error::rejected(
                    S3ErrorCode::EntityTooSmall,
                    alloc::format!("Your proposed upload is smaller than the minimum allowed size (ProposedSize {}, MinSizeAllowed {min})", file_len),
                ));
            }
            if len > i128::from(max) {
                return Err(Error::rejected(
                    S3ErrorCode::EntityTooLarge,
                    alloc::format!("Your proposed upload exceeds the maximum allowed size (ProposedSize {}, MaxSizeAllowed {max})", file_len),
                ));
            }
        }
    }
    Ok(())
}
