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

    /// The condition, borrowed for [`write_document`].
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
/// [`write_document`] takes, so a form can write its bucket, key and
/// auth conditions without building [`Condition`]s.
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
    fn write(self, out: &mut String) {
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

fn push_u_escape(out: &mut String, unit: u16) {
    let mut hex = [0u8; 4];
    crate::encode::hex_lower_to(&mut hex, &unit.to_be_bytes());
    out.push_str("\\u");
    out.extend(hex.iter().map(|&c| char::from(c)));
}

/// Writes `s` as a JSON string the way Python's `json.dumps` does with
/// `ensure_ascii=True`.
pub(crate) fn write_json_string(out: &mut String, s: &str) {
    out.push('"');
    write_json_chars(out, s);
    out.push('"');
}

/// Non-zero when any of the eight bytes of `w` needs escaping in a JSON
/// string (below `' '`, `"`, `\`, DEL or not ASCII).
fn needs_escape(w: u64) -> u64 {
    use crate::encode::{word_below, word_has, HIGH};
    (w & HIGH) | word_below(w, 0x20) | word_has(w, b'"') | word_has(w, b'\\') | word_has(w, 0x7f)
}

/// Whether any byte of `bytes` needs escaping, eight at a time
/// ([`needs_escape`]).
fn any_needs_escape(bytes: &[u8]) -> bool {
    crate::encode::any_byte(bytes, needs_escape)
}

/// [`write_json_string`] without the quotes. Text with nothing to escape
/// (the usual case) is copied whole; otherwise runs of printable ASCII
/// (other than `"` and `\`) are, found eight bytes at a time.
pub(crate) fn write_json_chars(out: &mut String, s: &str) {
    let bytes = s.as_bytes();
    if !any_needs_escape(bytes) {
        out.push_str(s);
        return;
    }
    let (mut start, mut i) = (0, 0);
    while i < bytes.len() {
        if let Some(chunk) = bytes.get(i..i + 8) {
            if !any_needs_escape(chunk) {
                i += 8;
                continue;
            }
        }
        let b = bytes[i];
        if matches!(b, b' '..=b'~') && b != b'"' && b != b'\\' {
            i += 1;
            continue;
        }
        out.push_str(&s[start..i]);
        let c = match s[i..].chars().next() {
            Some(c) => c,
            None => break, // unreachable: `i` is a character boundary
        };
        i += c.len_utf8();
        start = i;
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            _ => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    push_u_escape(out, *unit);
                }
            }
        }
    }
    out.push_str(&s[start..]);
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
        let mut s = String::with_capacity(24);
        write_expiration(&mut s, self.expiration, self.format);
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
        let hint: usize = self.conditions.iter().map(Condition::json_len_hint).sum();
        let mut out = String::with_capacity(JSON_FRAME_LEN + hint);
        let conditions = self.conditions.iter().map(Condition::json);
        write_document(&mut out, self.expiration, self.format, conditions);
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

/// `{"expiration": "…", "conditions": [` and `]}`: the bytes of a policy
/// document around its conditions (with the longer expiration format).
pub(crate) const JSON_FRAME_LEN: usize = 60;

/// Writes a policy document, `{"expiration": "<expiration>",
/// "conditions": [<condition>, …]}`: the one writer of policy JSON, for
/// [`Policy::to_json`] and the form builder.
pub(crate) fn write_document<'a>(
    out: &mut String,
    expiration: SigningTime,
    format: ExpirationFormat,
    conditions: impl IntoIterator<Item = ConditionJson<'a>>,
) {
    out.push_str("{\"expiration\": \"");
    write_expiration(out, expiration, format);
    out.push_str("\", \"conditions\": [");
    for (i, c) in conditions.into_iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        c.write(out);
    }
    out.push_str("]}");
}

/// Writes the expiration as ISO 8601 UTC (`2015-12-30T12:00:00.000Z`, or
/// without `.000` for [`ExpirationFormat::Seconds`]).
fn write_expiration(out: &mut String, expiration: SigningTime, format: ExpirationFormat) {
    // `YYYYMMDDTHHMMSSZ` to `YYYY-MM-DDTHH:MM:SS.000Z`, on the stack.
    let a = expiration.amz_date().as_bytes();
    let mut text = *b"0000-00-00T00:00:00.000Z";
    for (to, from) in [(0, 0), (5, 4), (8, 6), (11, 9), (14, 11), (17, 13)] {
        let digits = if from == 0 { 4 } else { 2 };
        text[to..to + digits].copy_from_slice(&a[from..from + digits]);
    }
    let text = match format {
        ExpirationFormat::Milliseconds => &text[..],
        ExpirationFormat::Seconds => {
            text[19] = b'Z';
            &text[..20]
        }
    };
    // Only ASCII digits and separators were written.
    out.push_str(core::str::from_utf8(text).unwrap_or("0000-00-00T00:00:00Z"));
}

/// The length of the base64 (padded) of `n` bytes.
pub(crate) fn base64_len(n: usize) -> usize {
    n.div_ceil(3) * 4
}

/// Appends the base64 (standard alphabet, padded) of `bytes` to `out`.
pub(crate) fn base64_encode_into(bytes: &[u8], out: &mut String) {
    base64::Engine::encode_string(&base64::engine::general_purpose::STANDARD, bytes, out);
}

pub(crate) fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(base64_len(bytes.len()));
    base64_encode_into(bytes, &mut out);
    out
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
    fn escapes_found_at_every_offset() {
        // Each byte that needs escaping, at every position of a 17-byte
        // run (the eight-at-a-time scan's words and tail), and every byte
        // that needs none, against the one-character writer.
        let one = |c: char| js(c.encode_utf8(&mut [0; 4]));
        for c in (0u32..0x100).filter_map(char::from_u32).chain(['€', '🎉']) {
            let e = one(c);
            let e = &e[1..e.len() - 1];
            for at in 0..17 {
                let mut text: String = "abcdefghijklmnopq".into();
                text.replace_range(at..=at, c.encode_utf8(&mut [0; 4]));
                let mut want = String::from("\"");
                want.push_str(&"abcdefghijklmnopq"[..at]);
                want.push_str(e);
                want.push_str(&"abcdefghijklmnopq"[at + 1..]);
                want.push('"');
                assert_eq!(js(&text), want, "{c:?} at {at}");
            }
        }
        for b in 0u8..=0x7f {
            let c = char::from(b);
            let escaped = one(c) != alloc::format!("\"{c}\"");
            assert_eq!(
                escaped,
                !matches!(b, b' '..=b'~') || b == b'"' || b == b'\\',
                "{b:#x}"
            );
        }
    }

    #[test]
    fn ints() {
        let mut s = String::new();
        push_int(&mut s, i64::MIN);
        assert_eq!(s, "-9223372036854775808");
    }
}
