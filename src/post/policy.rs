//! The POST policy document: an expiration and an ordered list of
//! conditions, written as JSON by the crate itself.
//!
//! The JSON is byte-for-byte what Python's `json.dumps` writes with its
//! defaults (as botocore's `generate_presigned_post` does): `", "` and
//! `": "` separators, `expiration` before `conditions`, and `ensure_ascii`
//! escaping: `"` and `\` are escaped, `\n \r \t \b \f` use their short
//! forms, every other character outside `' '..='~'` (other control
//! characters, DEL, all non-ASCII) is written `\uXXXX` with lowercase hex,
//! and characters beyond U+FFFF as a UTF-16 surrogate pair. `/` is not
//! escaped. The result is plain ASCII, so its base64 never depends on an
//! encoding choice.

use alloc::string::String;
use alloc::vec::Vec;

use crate::error::{Error, ErrorKind, Result};
use crate::time::SigningTime;

/// How the policy's `expiration` is written. S3 accepts both.
///
/// ```
/// use awssig::SigningTime;
/// use awssig::post::{ExpirationFormat, Policy};
/// let t = SigningTime::from_amz_date("20151230T120000Z")?;
/// assert_eq!(Policy::new(t).to_json()?, r#"{"expiration": "2015-12-30T12:00:00.000Z", "conditions": []}"#);
/// let botocore = Policy::new(t).expiration_format(ExpirationFormat::Seconds);
/// assert_eq!(botocore.to_json()?, r#"{"expiration": "2015-12-30T12:00:00Z", "conditions": []}"#);
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ExpirationFormat {
    /// `2015-12-30T12:00:00.000Z`: ISO 8601 with milliseconds (always
    /// `.000`), as the S3 documentation writes it. The default.
    #[default]
    Milliseconds,
    /// `2015-12-30T12:00:00Z`: whole seconds, as botocore writes it
    /// (`%Y-%m-%dT%H:%M:%SZ`). Use it for byte-identical botocore output.
    Seconds,
}

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
        self.write_json(&mut out);
        out
    }

    pub(crate) fn write_json(&self, out: &mut String) {
        match self {
            Condition::Exact { name, value } => {
                out.push('{');
                write_json_string(out, name);
                out.push_str(": ");
                write_json_string(out, value);
                out.push('}');
            }
            Condition::Eq { field, value } => write_array(out, "eq", field, value),
            Condition::StartsWith { field, prefix } => {
                write_array(out, "starts-with", field, prefix)
            }
            Condition::ContentLengthRange { min, max } => {
                out.push_str("[\"content-length-range\", ");
                push_int(out, *min);
                out.push_str(", ");
                push_int(out, *max);
                out.push(']');
            }
        }
    }
}

fn write_array(out: &mut String, op: &str, field: &str, value: &str) {
    out.push_str("[\"");
    out.push_str(op);
    out.push_str("\", ");
    let mut name = String::with_capacity(field.len() + 1);
    name.push('$');
    name.push_str(field);
    write_json_string(out, &name);
    out.push_str(", ");
    write_json_string(out, value);
    out.push(']');
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
    if let Some(c) = text.chars().find(|c| matches!(c, '\r' | '\n' | '\0')) {
        return Err(policy_err(alloc::format!(
            "{what} {text:?} contains {c:?}; CR, LF and NUL are not allowed in POST form fields or conditions"
        )));
    }
    Ok(())
}

const HEX_LOWER: &[u8; 16] = b"0123456789abcdef";

fn push_u_escape(out: &mut String, unit: u16) {
    out.push_str("\\u");
    for shift in [12u16, 8, 4, 0] {
        out.push(char::from(HEX_LOWER[usize::from((unit >> shift) & 15)]));
    }
}

/// Writes `s` as a JSON string the way Python's `json.dumps` does with
/// `ensure_ascii=True`.
pub(crate) fn write_json_string(out: &mut String, s: &str) {
    out.push('"');
    let mut start = 0;
    for (i, c) in s.char_indices() {
        let short = match c {
            '"' => Some("\\\""),
            '\\' => Some("\\\\"),
            '\n' => Some("\\n"),
            '\r' => Some("\\r"),
            '\t' => Some("\\t"),
            '\u{8}' => Some("\\b"),
            '\u{c}' => Some("\\f"),
            ' '..='~' => continue,
            _ => None,
        };
        out.push_str(&s[start..i]);
        start = i + c.len_utf8();
        match short {
            Some(e) => out.push_str(e),
            None => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    push_u_escape(out, *unit);
                }
            }
        }
    }
    out.push_str(&s[start..]);
    out.push('"');
}

/// A POST policy: the expiration and the conditions, in order.
///
/// The JSON is byte-for-byte what Python's `json.dumps` writes with its
/// defaults, as botocore's `generate_presigned_post` does: `", "` and
/// `": "` separators, `expiration` before `conditions`, and `ensure_ascii`
/// escaping (`"` and `\` escaped, `\n \r \t \b \f` in short form, every
/// other character outside `' '..='~'` as `\uXXXX` with lowercase hex,
/// characters beyond U+FFFF as a UTF-16 surrogate pair, `/` not escaped).
/// The result is plain ASCII.
///
/// This is the document alone; [`crate::s3::Bucket::post_policy`] builds
/// one with the bucket, key and credential conditions and signs it. Use
/// `Policy` directly to write a policy by hand, or to check one.
///
/// ```
/// use awssig::SigningTime;
/// use awssig::post::{Condition, Policy};
/// let policy = Policy::new(SigningTime::from_amz_date("20151230T120000Z")?)
///     .condition(Condition::exact("bucket", "sigv4examplebucket"))
///     .condition(Condition::starts_with("$key", "user/user1/"))
///     .condition(Condition::content_length_range(0, 1_048_576));
/// assert_eq!(
///     policy.to_json()?,
///     r#"{"expiration": "2015-12-30T12:00:00.000Z", "conditions": [{"bucket": "sigv4examplebucket"}, ["starts-with", "$key", "user/user1/"], ["content-length-range", 0, 1048576]]}"#
/// );
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Policy {
    expiration: SigningTime,
    format: ExpirationFormat,
    conditions: Vec<Condition>,
}

impl Policy {
    /// An empty policy expiring at `expiration` (written with milliseconds).
    ///
    /// ```
    /// use awssig::{SigningTime, post::Policy};
    /// let p = Policy::new(SigningTime::from_unix(0)?);
    /// assert!(p.conditions().is_empty());
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn new(expiration: SigningTime) -> Self {
        Policy {
            expiration,
            format: ExpirationFormat::default(),
            conditions: Vec::new(),
        }
    }

    /// Chooses how the expiration is written.
    ///
    /// ```
    /// use awssig::{SigningTime, post::{ExpirationFormat, Policy}};
    /// let p = Policy::new(SigningTime::from_unix(0)?).expiration_format(ExpirationFormat::Seconds);
    /// assert_eq!(p.expiration_text(), "1970-01-01T00:00:00Z");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn expiration_format(mut self, format: ExpirationFormat) -> Self {
        self.format = format;
        self
    }

    /// Appends a condition.
    ///
    /// ```
    /// use awssig::{SigningTime, post::{Condition, Policy}};
    /// let p = Policy::new(SigningTime::from_unix(0)?).condition(Condition::exact("acl", "private"));
    /// assert_eq!(p.conditions().len(), 1);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn condition(mut self, condition: Condition) -> Self {
        self.conditions.push(condition);
        self
    }

    pub(crate) fn push(&mut self, condition: Condition) {
        self.conditions.push(condition);
    }

    /// The conditions, in order.
    ///
    /// ```
    /// use awssig::{SigningTime, post::{Condition, Policy}};
    /// let p = Policy::new(SigningTime::from_unix(0)?).condition(Condition::starts_with("key", ""));
    /// assert_eq!(p.conditions(), [Condition::starts_with("key", "")]);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn conditions(&self) -> &[Condition] {
        &self.conditions
    }

    /// The expiration instant.
    ///
    /// ```
    /// use awssig::{SigningTime, post::Policy};
    /// assert_eq!(Policy::new(SigningTime::from_unix(60)?).expiration().unix(), 60);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn expiration(&self) -> SigningTime {
        self.expiration
    }

    /// The expiration as the policy writes it.
    ///
    /// ```
    /// use awssig::{SigningTime, post::Policy};
    /// let p = Policy::new(SigningTime::from_amz_date("20151230T120000Z")?);
    /// assert_eq!(p.expiration_text(), "2015-12-30T12:00:00.000Z");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn expiration_text(&self) -> String {
        let a = self.expiration.amz_date().as_bytes();
        let mut s = String::with_capacity(24);
        let parts: [(&[u8], &str); 6] = [
            (&a[0..4], "-"),
            (&a[4..6], "-"),
            (&a[6..8], "T"),
            (&a[9..11], ":"),
            (&a[11..13], ":"),
            (&a[13..15], ""),
        ];
        for (digits, sep) in parts {
            for &d in digits {
                s.push(char::from(d));
            }
            s.push_str(sep);
        }
        s.push_str(match self.format {
            ExpirationFormat::Milliseconds => ".000Z",
            ExpirationFormat::Seconds => "Z",
        });
        s
    }

    /// Checks every condition ([`Condition::validate`]).
    ///
    /// ```
    /// use awssig::{SigningTime, post::{Condition, Policy}};
    /// let p = Policy::new(SigningTime::from_unix(0)?).condition(Condition::content_length_range(5, 4));
    /// assert!(p.validate().is_err());
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn validate(&self) -> Result<()> {
        self.conditions.iter().try_for_each(Condition::validate)
    }

    /// The policy JSON, exactly as Python's `json.dumps` writes it (see
    /// [`Policy`]); an error if a condition is invalid.
    ///
    /// ```
    /// use awssig::{SigningTime, post::{Condition, Policy}};
    /// let p = Policy::new(SigningTime::from_unix(0)?).condition(Condition::starts_with("key", "🎉/"));
    /// assert_eq!(
    ///     p.to_json()?,
    ///     r#"{"expiration": "1970-01-01T00:00:00.000Z", "conditions": [["starts-with", "$key", "\ud83c\udf89/"]]}"#
    /// );
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn to_json(&self) -> Result<String> {
        self.validate()?;
        let mut out = String::with_capacity(64 + self.conditions.len() * 48);
        out.push_str("{\"expiration\": \"");
        out.push_str(&self.expiration_text());
        out.push_str("\", \"conditions\": [");
        for (i, c) in self.conditions.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            c.write_json(&mut out);
        }
        out.push_str("]}");
        Ok(out)
    }

    /// The base64 of [`Policy::to_json`]: the form's `policy` field and
    /// the text that is signed.
    ///
    /// ```
    /// use awssig::{SigningTime, post::Policy};
    /// assert_eq!(
    ///     Policy::new(SigningTime::from_unix(0)?).to_base64()?,
    ///     "eyJleHBpcmF0aW9uIjogIjE5NzAtMDEtMDFUMDA6MDA6MDAuMDAwWiIsICJjb25kaXRpb25zIjogW119"
    /// );
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn to_base64(&self) -> Result<String> {
        Ok(base64_encode(self.to_json()?.as_bytes()))
    }
}

pub(crate) fn base64_encode(bytes: &[u8]) -> String {
    base64::Engine::encode(&base64::engine::general_purpose::STANDARD, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn js(s: &str) -> String {
        let mut o = String::new();
        write_json_string(&mut o, s);
        o
    }

    #[test]
    fn python_json_escapes() {
        assert_eq!(js("a\"b\\c/d"), r#""a\"b\\c/d""#);
        assert_eq!(js("\n\r\t\u{8}\u{c}"), r#""\n\r\t\b\f""#);
        assert_eq!(
            js("\u{0}\u{1}\u{1f}\u{7f}"),
            r#""\u0000\u0001\u001f\u007f""#
        );
        assert_eq!(js("é€\u{ffff}"), r#""\u00e9\u20ac\uffff""#);
        assert_eq!(js("🎉x"), r#""\ud83c\udf89x""#);
        assert_eq!(js(" ~"), "\" ~\"");
        assert_eq!(js(""), "\"\"");
    }

    #[test]
    fn ints() {
        let mut s = String::new();
        push_int(&mut s, i64::MIN);
        assert_eq!(s, "-9223372036854775808");
    }
}
