//! The POST policy document read back, strictly: the base64 `policy`
//! field of a form, decoded, parsed as JSON ([`super::json`]) and checked
//! the way S3 checks it, with S3's error wording
//! (`InvalidPolicyDocument`). The reader of what [`super::policy`]
//! writes; the verifier checks the conditions it returns.

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use base64::Engine;

use crate::error::{Error, Result, S3ErrorCode};
use crate::time::SigningTime;

use super::condition::Condition;
use super::json_string::write_json_string;
use super::policy::{ExpirationFormat, Policy};
use crate::json::{self, Value};

/// A policy as read: its expiration (and how it was written) and its
/// conditions, in order.
pub(crate) struct ParsedPolicy {
    pub(crate) expiration: SigningTime,
    pub(crate) format: ExpirationFormat,
    pub(crate) rules: Vec<Rule>,
}

impl ParsedPolicy {
    /// The document as a [`Policy`]: the conditions a form can meet.
    pub(crate) fn into_policy(self) -> Policy {
        let mut policy = Policy::new(self.expiration).expiration_format(self.format);
        for rule in self.rules {
            if let Some(c) = rule.condition {
                policy = policy.condition(c);
            }
        }
        policy
    }
}

/// `InvalidPolicyDocument`, in S3's wording: why a policy cannot be read.
pub(crate) fn bad_policy(msg: impl fmt::Display) -> Error {
    Error::rejected(
        S3ErrorCode::InvalidPolicyDocument,
        alloc::format!("Invalid Policy: {msg}"),
    )
}

/// `2015-12-30T12:00:00.000Z` or `2015-12-30T12:00:00Z` (1 to 9
/// fractional digits, truncated to the second).
fn parse_expiration(text: &str) -> Option<(SigningTime, ExpirationFormat)> {
    let b = text.as_bytes();
    if b.len() < 20 || b.last() != Some(&b'Z') {
        return None;
    }
    let shape = [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':')];
    if shape.iter().any(|&(i, c)| b.get(i) != Some(&c)) {
        return None;
    }
    let digits_at = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18];
    if digits_at
        .iter()
        .any(|&i| !b.get(i).is_some_and(u8::is_ascii_digit))
    {
        return None;
    }
    let format = match &b[19..b.len() - 1] {
        [] => ExpirationFormat::Seconds,
        [b'.', frac @ ..]
            if (1..=9).contains(&frac.len()) && frac.iter().all(u8::is_ascii_digit) =>
        {
            ExpirationFormat::Milliseconds
        }
        _ => return None,
    };
    let mut amz = String::with_capacity(16);
    for &i in &digits_at[..8] {
        amz.push(char::from(b[i]));
    }
    amz.push('T');
    for &i in &digits_at[8..] {
        amz.push(char::from(b[i]));
    }
    amz.push('Z');
    SigningTime::from_amz_date(&amz).ok().map(|t| (t, format))
}

/// A condition as parsed: the typed condition, or `None` for one S3
/// accepts as a condition but that no form can meet (a field name without
/// `$`, a `content-length-range` bound that is not a number), and the
/// condition as S3 prints it in "Policy Condition failed".
pub(crate) struct Rule {
    pub(crate) condition: Option<Condition>,
    pub(crate) text: String,
}

fn json_text(v: &Value) -> String {
    match v {
        Value::String(s) => {
            let mut out = String::new();
            write_json_string(&mut out, s);
            out
        }
        Value::Number(n) => n.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Null => String::from("null"),
        Value::Array(_) | Value::Object(_) => String::from("…"),
    }
}

fn render(op: &str, a: &Value, b: &Value) -> String {
    alloc::format!("[\"{op}\", {}, {}]", json_text(a), json_text(b))
}

/// A `content-length-range` bound: `Ok(Some(n))`, `Ok(None)` for a string
/// that is not a size (S3: the condition fails), an error for a bound
/// that is not an integer of 0 or more.
fn size_bound(v: &Value) -> Result<Option<i64>> {
    match v {
        Value::Number(n) => {
            if n.starts_with('-') {
                return Err(bad_policy(alloc::format!(
                    "Invalid content-length-range: {n} is negative."
                )));
            }
            if !n.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad_policy(alloc::format!(
                    "Invalid JSON. (content-length-range bound {n} is not an integer)"
                )));
            }
            n.parse::<i64>().map(Some).map_err(|_| {
                bad_policy(alloc::format!(
                    "Invalid content-length-range: {n} is too large."
                ))
            })
        }
        Value::String(s) => Ok(if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
            s.parse::<i64>().ok()
        } else {
            None
        }),
        other => Err(bad_policy(alloc::format!(
            "Invalid JSON. (content-length-range bound is {})",
            other.kind()
        ))),
    }
}

fn parse_condition(v: &Value) -> Result<Rule> {
    match v {
        Value::Object(members) => {
            let [(name, value)] = members.as_slice() else {
                return Err(bad_policy(
                    "Invalid Simple-Condition: Simple-Conditions must have exactly one property specified.",
                ));
            };
            let value = match value {
                Value::String(s) => s,
                Value::Null => {
                    return Err(bad_policy(alloc::format!(
                        "Invalid JSON. (the condition on {name:?} is null)"
                    )))
                }
                _ => {
                    return Err(bad_policy(
                        "Invalid Simple-Condition: value must be a string.",
                    ))
                }
            };
            let mut dollar = String::with_capacity(name.len() + 1);
            dollar.push('$');
            dollar.push_str(name);
            Ok(Rule {
                text: render("eq", &Value::String(dollar), &Value::String(value.clone())),
                condition: Some(Condition::exact(name.as_str(), value.as_str())),
            })
        }
        Value::Array(items) => {
            let Some(Value::String(op)) = items.first() else {
                return Err(bad_policy(
                    "Invalid Condition: missing operation identifier.",
                ));
            };
            let op_lower = op.to_ascii_lowercase();
            let known = matches!(
                op_lower.as_str(),
                "eq" | "starts-with" | "content-length-range"
            );
            if !known {
                return Err(bad_policy(alloc::format!(
                    "Invalid Condition: unknown operation '{op}'."
                )));
            }
            let [_, a, b] = items.as_slice() else {
                return Err(bad_policy(alloc::format!(
                    "Invalid {op_lower}: wrong number of arguments."
                )));
            };
            let text = render(&op_lower, a, b);
            if op_lower == "content-length-range" {
                let (min, max) = (size_bound(a)?, size_bound(b)?);
                let condition = match (min, max) {
                    (Some(min), Some(max)) if min > max => {
                        return Err(bad_policy(alloc::format!(
                            "Invalid content-length-range: minimum {min} exceeds maximum {max}."
                        )))
                    }
                    (Some(min), Some(max)) => Some(Condition::content_length_range(min, max)),
                    _ => None,
                };
                return Ok(Rule { condition, text });
            }
            let (Value::String(field), Value::String(operand)) = (a, b) else {
                return Err(bad_policy(alloc::format!(
                    "Invalid JSON. (the {op_lower} condition's field and value must be strings)"
                )));
            };
            let condition = field.strip_prefix('$').map(|f| {
                if op_lower == "eq" {
                    Condition::eq(f, operand.as_str())
                } else {
                    Condition::starts_with(f, operand.as_str())
                }
            });
            Ok(Rule { condition, text })
        }
        _ => Err(bad_policy(
            "Invalid condition test: must be a List or Object.",
        )),
    }
}

/// The decoded policy text: expiration and rules.
fn parse_policy(text: &str) -> Result<ParsedPolicy> {
    let doc = json::parse(text).map_err(|e| bad_policy(alloc::format!("Invalid JSON. ({e})")))?;
    let Value::Object(members) = doc else {
        return Err(bad_policy("Invalid JSON. (the policy is not an object)"));
    };
    let (mut expiration, mut conditions) = (None, None);
    for (name, value) in &members {
        let slot = match name.as_str() {
            "expiration" => &mut expiration,
            "conditions" => &mut conditions,
            other => {
                return Err(bad_policy(alloc::format!(
                    "Unexpected: '{}'",
                    other.to_lowercase()
                )))
            }
        };
        if slot.replace(value).is_some() {
            return Err(bad_policy(alloc::format!(
                "'{name}' appears more than once."
            )));
        }
    }
    let expiration = expiration.ok_or_else(|| bad_policy("Policy missing expiration."))?;
    let conditions = conditions.ok_or_else(|| bad_policy("Policy missing conditions."))?;
    let (time, format) = match expiration {
        Value::String(s) => parse_expiration(s)
            .ok_or_else(|| bad_policy(alloc::format!("Invalid 'expiration' value: '{s}'")))?,
        other => {
            return Err(bad_policy(alloc::format!(
                "Invalid 'expiration' value: {} (expected an ISO 8601 UTC time)",
                other.kind()
            )))
        }
    };
    let Value::Array(items) = conditions else {
        return Err(bad_policy("Invalid 'conditions' value: must be a List."));
    };
    let rules = items
        .iter()
        .map(parse_condition)
        .collect::<Result<Vec<_>>>()?;
    Ok(ParsedPolicy {
        expiration: time,
        format,
        rules,
    })
}

/// Reads a form's `policy` field: base64, UTF-8, then the strict JSON
/// document with `expiration` and `conditions`.
pub(crate) fn parse_base64(policy: &str) -> Result<ParsedPolicy> {
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(policy.as_bytes())
        .map_err(|_| bad_policy("invalid Base64 encoding."))?;
    let text = core::str::from_utf8(&decoded)
        .map_err(|_| bad_policy("Invalid JSON. (the policy is not UTF-8)"))?;
    parse_policy(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expirations() {
        let t = |s: &str| parse_expiration(s).map(|(t, f)| (t.unix(), f));
        assert_eq!(
            t("2015-12-30T12:00:00.000Z"),
            Some((1_451_476_800, ExpirationFormat::Milliseconds))
        );
        assert_eq!(
            t("2015-12-30T12:00:00Z"),
            Some((1_451_476_800, ExpirationFormat::Seconds))
        );
        assert_eq!(
            t("2015-12-30T12:00:00.999999999Z").map(|x| x.0),
            Some(1_451_476_800)
        );
        for bad in [
            "2015-12-30T12:00:00.Z",
            "2015-12-30T12:00:00.0000000000Z",
            "2015-12-30 12:00:00Z",
            "2015-12-30T12:00:00+00:00",
            "2015-12-30T12:00:00",
            "2015-13-30T12:00:00Z",
            "2015-02-30T12:00:00Z",
            "2015-12-30T24:00:00Z",
            "１０15-12-30T12:00:00Z",
            "",
            "Z",
        ] {
            assert_eq!(t(bad), None, "{bad}");
        }
    }
}
