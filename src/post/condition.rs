//! One condition of a POST policy, [`Condition`]: built, checked
//! (`CR`, `LF` and `NUL` refused, sizes in order) and written as policy
//! JSON, also borrowed ([`ConditionJson`]) for the form builder.

use alloc::string::String;

use crate::error::{Error, ErrorKind, Result};

use super::json_string::{write_json_chars, write_json_string};

/// One condition of a POST policy.
///
/// Field names of [`Condition::Eq`] and [`Condition::StartsWith`] are
/// stored without the `$` the JSON gives them; the constructors accept the
/// name with or without it.
///
/// ```
/// use awssig::post::Condition;
/// let c = Condition::starts_with("$key", "uploads/");
/// assert_eq!(c, Condition::starts_with("key", "uploads/"));
/// assert_eq!(c.to_json(), r#"["starts-with", "$key", "uploads/"]"#);
/// assert_eq!(Condition::exact("acl", "public-read").to_json(), r#"{"acl": "public-read"}"#);
/// assert_eq!(Condition::content_length_range(1, 10_485_760).to_json(), r#"["content-length-range", 1, 10485760]"#);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Condition {
    /// `{"name": "value"}`: the form field must equal the value exactly.
    Exact {
        /// The form field name (`acl`, `bucket`, `x-amz-meta-uuid`, …).
        name: String,
        /// The value it must have.
        value: String,
    },
    /// `["eq", "$field", "value"]`: the same test as [`Condition::Exact`],
    /// in array form.
    Eq {
        /// The form field name, without `$`.
        field: String,
        /// The value it must have.
        value: String,
    },
    /// `["starts-with", "$field", "prefix"]`: the field must start with
    /// the prefix; an empty prefix allows any value (but the field must
    /// still be present).
    StartsWith {
        /// The form field name, without `$`.
        field: String,
        /// The prefix; empty for "any value".
        prefix: String,
    },
    /// `["content-length-range", min, max]`: the uploaded file's size in
    /// bytes must lie in `min..=max`. A condition only, never a form field.
    ContentLengthRange {
        /// Smallest allowed size in bytes (not negative).
        min: i64,
        /// Largest allowed size in bytes (not below `min`).
        max: i64,
    },
}

fn strip_dollar(field: impl Into<String>) -> String {
    let mut s = field.into();
    if s.starts_with('$') {
        s.remove(0);
    }
    s
}

impl Condition {
    /// `{"name": "value"}`.
    ///
    /// ```
    /// use awssig::post::Condition;
    /// assert_eq!(Condition::exact("success_action_status", "201").to_json(), r#"{"success_action_status": "201"}"#);
    /// ```
    pub fn exact(name: impl Into<String>, value: impl Into<String>) -> Self {
        Condition::Exact {
            name: name.into(),
            value: value.into(),
        }
    }

    /// `["eq", "$field", "value"]`.
    ///
    /// ```
    /// use awssig::post::Condition;
    /// assert_eq!(Condition::eq("$Content-Type", "text/html").to_json(), r#"["eq", "$Content-Type", "text/html"]"#);
    /// ```
    pub fn eq(field: impl Into<String>, value: impl Into<String>) -> Self {
        Condition::Eq {
            field: strip_dollar(field),
            value: value.into(),
        }
    }

    /// `["starts-with", "$field", "prefix"]`; an empty prefix means any value.
    ///
    /// ```
    /// use awssig::post::Condition;
    /// assert_eq!(Condition::starts_with("x-amz-meta-tag", "").to_json(), r#"["starts-with", "$x-amz-meta-tag", ""]"#);
    /// ```
    pub fn starts_with(field: impl Into<String>, prefix: impl Into<String>) -> Self {
        Condition::StartsWith {
            field: strip_dollar(field),
            prefix: prefix.into(),
        }
    }

    /// `["content-length-range", min, max]` (bytes, inclusive). Negative
    /// sizes and `min > max` are reported when the policy is written or
    /// signed.
    ///
    /// ```
    /// use awssig::post::Condition;
    /// assert!(Condition::content_length_range(10, 1).validate().is_err());
    /// assert!(Condition::content_length_range(-1, 1).validate().is_err());
    /// assert!(Condition::content_length_range(0, 0).validate().is_ok());
    /// ```
    pub fn content_length_range(min: i64, max: i64) -> Self {
        Condition::ContentLengthRange { min, max }
    }

    /// Checks the condition: names non-empty, no `$` on an exact-match
    /// name, no CR, LF or NUL anywhere (a browser rewrites line breaks in
    /// form values, so such a condition could never be met, and they are
    /// a classic injection vector), sizes not negative and `min <= max`.
    ///
    /// ```
    /// use awssig::{ErrorKind, post::Condition};
    /// let err = Condition::exact("x-amz-meta-a", "line\r\nbreak").validate().unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::InvalidPolicy);
    /// assert!(Condition::exact("$acl", "private").validate().is_err());
    /// ```
    pub fn validate(&self) -> Result<()> {
        match self {
            Condition::Exact { name, value } => {
                check_text("condition field name", name, false)?;
                if let Some(bare) = name.strip_prefix('$') {
                    return Err(policy_err(alloc::format!(
                        "exact-match condition name {name:?} starts with '$'; write {{\"{bare}\": …}} or use Condition::eq"
                    )));
                }
                check_text("condition value", value, true)
            }
            Condition::Eq { field, value } => {
                check_text("condition field name", field, false)?;
                check_text("condition value", value, true)
            }
            Condition::StartsWith { field, prefix } => {
                check_text("condition field name", field, false)?;
                check_text("starts-with prefix", prefix, true)
            }
            Condition::ContentLengthRange { min, max } => {
                if *min < 0 || *max < 0 {
                    return Err(policy_err(alloc::format!(
                        "content-length-range [{min}, {max}] has a negative size; sizes are bytes, 0 or more"
                    )));
                }
                if min > max {
                    return Err(policy_err(alloc::format!(
                        "content-length-range minimum {min} exceeds its maximum {max}"
                    )));
                }
                Ok(())
            }
        }
    }

    /// The condition as policy JSON (Python `json.dumps` style).
    ///
    /// ```
    /// use awssig::post::Condition;
    /// assert_eq!(Condition::exact("x-amz-meta-name", "José \"J\"").to_json(), r#"{"x-amz-meta-name": "Jos\u00e9 \"J\""}"#);
    /// ```
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        self.json().write(&mut out);
        out
    }

    /// At least the length of [`Condition::to_json`] and a `, `
    /// separator when nothing needs escaping (a capacity hint; exact but
    /// for `content-length-range`, counted with 20 characters a number).
    pub(crate) fn json_len_hint(&self) -> usize {
        match self {
            // {"n": "v"}
            Condition::Exact { name, value } => name.len() + value.len() + 10,
            // ["eq", "$f", "v"]
            Condition::Eq { field, value } => field.len() + value.len() + 17,
            // ["starts-with", "$f", "p"]
            Condition::StartsWith { field, prefix } => field.len() + prefix.len() + 26,
            // ["content-length-range", min, max]: up to 20 characters each
            Condition::ContentLengthRange { .. } => 70,
        }
    }

    /// The condition, borrowed for
    /// [`write_document`](super::policy::write_document).
    pub(crate) fn json(&self) -> ConditionJson<'_> {
        match self {
            Condition::Exact { name, value } => ConditionJson::Exact(name, value),
            Condition::Eq { field, value } => ConditionJson::Array("eq", field, value),
            Condition::StartsWith { field, prefix } => {
                ConditionJson::Array("starts-with", field, prefix)
            }
            Condition::ContentLengthRange { min, max } => ConditionJson::Range(*min, *max),
        }
    }
}

/// A condition as the policy JSON writes it, borrowed: what
/// [`write_document`](super::policy::write_document) takes, so a form can
/// write its bucket, key and auth conditions without building
/// [`Condition`]s.
#[derive(Clone, Copy, Debug)]
pub(crate) enum ConditionJson<'a> {
    /// `{"name": "value"}`.
    Exact(&'a str, &'a str),
    /// `["op", "$field", "value"]`.
    Array(&'static str, &'a str, &'a str),
    /// `["content-length-range", min, max]`.
    Range(i64, i64),
}

impl ConditionJson<'_> {
    pub(crate) fn write(self, out: &mut String) {
        match self {
            ConditionJson::Exact(name, value) => {
                out.push('{');
                write_json_string(out, name);
                out.push_str(": ");
                write_json_string(out, value);
                out.push('}');
            }
            ConditionJson::Array(op, field, value) => {
                out.push_str("[\"");
                out.push_str(op);
                out.push_str("\", \"$");
                write_json_chars(out, field);
                out.push_str("\", ");
                write_json_string(out, value);
                out.push(']');
            }
            ConditionJson::Range(min, max) => {
                out.push_str("[\"content-length-range\", ");
                push_int(out, min);
                out.push_str(", ");
                push_int(out, max);
                out.push(']');
            }
        }
    }
}

fn push_int(out: &mut String, v: i64) {
    if v < 0 {
        out.push('-');
    }
    let mut buf = [0u8; 20];
    let digits = crate::encode::decimal(v.unsigned_abs(), &mut buf);
    crate::encode::Sink::put(&mut crate::encode::StringSink(out), digits);
}

pub(crate) fn policy_err(message: String) -> Error {
    Error::new(ErrorKind::InvalidPolicy, message)
}

/// Rejects CR, LF and NUL (and an empty name when `allow_empty` is false).
pub(crate) fn check_text(what: &str, text: &str, allow_empty: bool) -> Result<()> {
    if !allow_empty && text.is_empty() {
        return Err(policy_err(alloc::format!("{what} is empty")));
    }
    // All three are ASCII, so a byte scan finds them (never inside a
    // multi-byte character).
    if let Some(i) = text.bytes().position(|b| matches!(b, b'\r' | b'\n' | 0)) {
        let c = char::from(text.as_bytes()[i]);
        return Err(policy_err(alloc::format!(
            "{what} {text:?} contains {c:?}; CR, LF and NUL are not allowed in POST form fields or conditions"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ints() {
        let mut s = String::new();
        push_int(&mut s, i64::MIN);
        assert_eq!(s, "-9223372036854775808");
    }
}
