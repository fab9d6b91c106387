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

use crate::error::Result;
use crate::time::SigningTime;

use super::condition::{Condition, ConditionJson};

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
