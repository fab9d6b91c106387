//! The signed form, [`PostForm`] (the URL to post to and the fields, in
//! order), and the POST signatures. The builder that writes one for a
//! bucket is [`crate::s3::PostPolicy`].

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::encode::Sink;

use crate::credentials::Credentials;
use crate::error::Result;
use crate::time::SigningTime;
use crate::v4::signature::Signature;
use crate::v4::{SigningKey, SigningKeyCache, SigningSettings};

use super::fields::X_AMZ_SECURITY_TOKEN;
use super::policy::base64_encode_into;

/// The longest `expires_in` a SigV4 POST form accepts: 7 days, like SigV4
/// presigned URLs (the SigV4 credential scope is good for 7 days).
///
/// ```
/// # use awssig::{Credentials, SigningTime, s3::Bucket};
/// let creds = Credentials::new("AKID", "secret")?;
/// let b = Bucket::new("uploads", "us-east-1")?;
/// let t = SigningTime::from_unix(0)?;
/// assert!(b.post_policy("k").expires_in(awssig::post::MAX_EXPIRES_IN_V4).sign_v4(&creds, t).is_ok());
/// assert!(b.post_policy("k").expires_in(awssig::post::MAX_EXPIRES_IN_V4 + 1).sign_v4(&creds, t).is_err());
/// # Ok::<(), awssig::Error>(())
/// ```
pub const MAX_EXPIRES_IN_V4: u64 = 604_800;

/// The default lifetime of a form, one hour (botocore's default too).
///
/// ```
/// # use awssig::{Credentials, SigningTime, s3::Bucket};
/// let creds = Credentials::new("AKID", "secret")?;
/// let form = Bucket::new("uploads", "us-east-1")?.post_policy("k").sign_v4(&creds, SigningTime::from_unix(0)?)?;
/// assert_eq!(form.expiration().unix(), awssig::post::DEFAULT_EXPIRES_IN as i64);
/// # Ok::<(), awssig::Error>(())
/// ```
pub const DEFAULT_EXPIRES_IN: u64 = 3600;

/// A [`PostForm`] being written: the URL, then each field's name and
/// value, back to back in one `String`.
pub(crate) struct FormText {
    text: String,
    url_end: usize,
    ends: Vec<(usize, usize)>,
}

impl FormText {
    /// A form whose text so far is its URL, `url` (reserved for the
    /// whole form), with room for `fields` fields.
    pub(crate) fn new(url: String, fields: usize) -> Self {
        FormText {
            url_end: url.len(),
            text: url,
            ends: Vec::with_capacity(fields),
        }
    }

    /// How many fields are written.
    pub(crate) fn field_count(&self) -> usize {
        self.ends.len()
    }

    /// Appends a field, its value in `parts`.
    pub(crate) fn push(&mut self, name: &str, value: &[&str]) {
        self.text.push_str(name);
        let name_end = self.text.len();
        for part in value {
            self.text.push_str(part);
        }
        self.ends.push((name_end, self.text.len()));
    }

    /// Appends a field whose value is the base64 of `bytes`; the value.
    pub(crate) fn push_base64(&mut self, name: &str, bytes: &[u8]) -> &str {
        self.text.push_str(name);
        let name_end = self.text.len();
        base64_encode_into(bytes, &mut self.text);
        self.ends.push((name_end, self.text.len()));
        self.text.get(name_end..).unwrap_or_default()
    }

    /// The fields from the `first`-th on.
    pub(crate) fn fields_from(&self, first: usize) -> Fields<'_> {
        let start = match first.checked_sub(1) {
            Some(i) => self.ends.get(i).map_or(self.text.len(), |e| e.1),
            None => self.url_end,
        };
        Fields {
            text: &self.text,
            start,
            ends: self.ends.get(first..).unwrap_or_default().iter(),
        }
    }

    pub(crate) fn finish(self, policy_json: String, expiration: SigningTime) -> PostForm {
        PostForm {
            text: self.text,
            url_end: self.url_end,
            ends: self.ends,
            policy_json,
            expiration,
        }
    }
}

/// The SigV4 POST signature of a base64 policy: hex HMAC-SHA256 with the
/// signing key of `time`'s date, `region` and service `s3`. For policies
/// written elsewhere; [`PostPolicy::sign_v4`] does this for you.
///
/// [`PostPolicy::sign_v4`]: crate::s3::PostPolicy::sign_v4
///
/// ```
/// use awssig::{Credentials, SigningTime, post};
/// let creds = Credentials::new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")?;
/// let sig = post::signature_v4(&creds, "us-east-1", SigningTime::from_amz_date("20151229T000000Z")?, "eyJ9")?;
/// assert_eq!(sig.len(), 64);
/// assert!(post::signature_v4(&creds, "us east", SigningTime::from_unix(0)?, "eyJ9").is_err());
/// # Ok::<(), awssig::Error>(())
/// ```
pub fn signature_v4(
    credentials: &Credentials,
    region: &str,
    time: SigningTime,
    policy_base64: &str,
) -> Result<String> {
    let settings = SigningSettings::s3(region);
    settings.validate()?;
    let key = SigningKey::derive(
        credentials.secret_access_key(),
        time.date(),
        settings.region(),
        settings.service(),
    );
    let mut mac = key.mac_key().start();
    mac.put(policy_base64.as_bytes());
    Ok(Signature::finish(mac).hex_str().into())
}

/// The SigV4 POST signature of a base64 policy with a cached signing key:
/// the one step [`crate::s3::PostPolicy::sign_v4`] and the verifier
/// ([`crate::verify::Verifier::verify_post`]) share.
pub(crate) fn policy_signature_v4(
    cache: &SigningKeyCache,
    secret: &str,
    date: &str,
    region: &str,
    service: &str,
    policy_base64: &str,
) -> Signature {
    let mut mac = cache.mac(secret, date.as_bytes(), region, service);
    mac.put(policy_base64.as_bytes());
    Signature::finish(mac)
}

/// The SigV2 POST signature of a base64 policy: base64 HMAC-SHA1 with the
/// secret key. For policies written elsewhere; [`PostPolicy::sign_v2`]
/// does this for you.
///
/// [`PostPolicy::sign_v2`]: crate::s3::PostPolicy::sign_v2
///
/// ```
/// use awssig::{Credentials, post};
/// let creds = Credentials::new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")?;
/// assert_eq!(post::signature_v2(&creds, "eyJ9").len(), 28);
/// # Ok::<(), awssig::Error>(())
/// ```
pub fn signature_v2(credentials: &Credentials, policy_base64: &str) -> String {
    crate::v2::Signer::new(credentials.clone()).sign_string(policy_base64)
}

/// A signed browser POST form: the URL to post to and the fields to send,
/// in order, before the `file` input (which must come last).
///
/// ```
/// use awssig::{Credentials, SigningTime, s3::Bucket};
/// let creds = Credentials::new("AKID", "secret")?;
/// let form = Bucket::new("uploads", "eu-west-1")?.post_policy("a.txt").sign_v4(&creds, SigningTime::from_unix(0)?)?;
/// assert_eq!(form.expiration().unix(), 3600);
/// assert!(form.html_inputs().contains(r#"<input type="hidden" name="key" value="a.txt">"#));
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct PostForm {
    /// The URL (`..url_end`), then each field's name and value, back to
    /// back: one allocation for the whole form.
    text: String,
    url_end: usize,
    /// Per field, where its name ends and where its value ends in `text`
    /// (it starts where the previous one ended). The last two fields are
    /// the policy and the signature.
    ends: Vec<(usize, usize)>,
    policy_json: String,
    expiration: SigningTime,
}

/// The fields of a [`PostForm`], `(name, value)` in the order to send
/// them: an iterator over text the form holds (see [`PostForm::fields`]).
/// Collect it into a `Vec<(&str, &str)>` for
/// [`IncomingPost::new`](crate::verify::IncomingPost::new).
///
/// ```
/// use awssig::{Credentials, SigningTime, s3::Bucket};
/// let creds = Credentials::new("AKID", "secret")?;
/// let form = Bucket::new("uploads", "eu-west-1")?.post_policy("k").sign_v2(&creds, SigningTime::from_unix(0)?)?;
/// let mut fields = form.fields();
/// assert_eq!(fields.len(), 4);
/// assert_eq!(fields.next(), Some(("key", "k")));
/// assert_eq!(fields.next_back().map(|(name, _)| name), Some("signature"));
/// let all: Vec<(&str, &str)> = form.fields().collect();
/// assert_eq!(all[1], ("AWSAccessKeyId", "AKID"));
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone)]
pub struct Fields<'a> {
    text: &'a str,
    /// Where the next field from the front starts.
    start: usize,
    ends: core::slice::Iter<'a, (usize, usize)>,
}

impl<'a> Fields<'a> {
    fn field(&self, start: usize, (name_end, value_end): (usize, usize)) -> (&'a str, &'a str) {
        let text = self.text;
        (
            text.get(start..name_end).unwrap_or_default(),
            text.get(name_end..value_end).unwrap_or_default(),
        )
    }
}

impl<'a> Iterator for Fields<'a> {
    type Item = (&'a str, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        let &ends = self.ends.next()?;
        let field = self.field(self.start, ends);
        self.start = ends.1;
        Some(field)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.ends.size_hint()
    }
}

impl DoubleEndedIterator for Fields<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        let &ends = self.ends.next_back()?;
        let start = self.ends.as_slice().last().map_or(self.start, |e| e.1);
        Some(self.field(start, ends))
    }
}

impl ExactSizeIterator for Fields<'_> {}

impl core::iter::FusedIterator for Fields<'_> {}

impl fmt::Debug for Fields<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The session token is a credential: never shown.
        f.debug_list()
            .entries(self.clone().map(|(name, value)| {
                if name.eq_ignore_ascii_case(X_AMZ_SECURITY_TOKEN) {
                    (name, "<redacted>")
                } else {
                    (name, value)
                }
            }))
            .finish()
    }
}

impl PostForm {
    /// The URL to post to (the form's `action`).
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::{AddressingStyle, Bucket}};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let bucket = Bucket::new("uploads", "eu-west-1")?.addressing_style(AddressingStyle::Path)?;
    /// let form = bucket.post_policy("k").sign_v4(&creds, SigningTime::from_unix(0)?)?;
    /// assert_eq!(form.url(), "https://s3.eu-west-1.amazonaws.com/uploads");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn url(&self) -> &str {
        self.text.get(..self.url_end).unwrap_or_default()
    }

    /// The form fields `(name, value)`, in the order to send them.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let form = Bucket::new("uploads", "eu-west-1")?.post_policy("k").acl("private").sign_v2(&creds, SigningTime::from_unix(0)?)?;
    /// assert_eq!(form.fields().next(), Some(("acl", "private")));
    /// for (name, value) in form.fields() {
    ///     assert!(!name.is_empty() && !value.is_empty());
    /// }
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn fields(&self) -> Fields<'_> {
        Fields {
            text: &self.text,
            start: self.url_end,
            ends: self.ends.iter(),
        }
    }

    /// The value of a field, by exact name.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let form = Bucket::new("uploads", "eu-west-1")?.post_policy("k").sign_v2(&creds, SigningTime::from_unix(0)?)?;
    /// assert_eq!(form.field("AWSAccessKeyId"), Some("AKID"));
    /// assert_eq!(form.field("x-amz-date"), None);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    /// The base64 policy (the `policy` field).
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let form = Bucket::new("uploads", "eu-west-1")?.post_policy("k").sign_v4(&creds, SigningTime::from_unix(0)?)?;
    /// assert!(form.policy().starts_with("eyJleHBpcmF0aW9uIjog"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn policy(&self) -> &str {
        // The last field but one, after the user's (which may not be
        // named `policy`).
        self.fields().nth_back(1).map_or("", |(_, v)| v)
    }

    /// The policy JSON that [`PostForm::policy`] encodes.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let form = Bucket::new("uploads", "eu-west-1")?.post_policy("k").sign_v2(&creds, SigningTime::from_unix(0)?)?;
    /// assert_eq!(form.policy_json(), r#"{"expiration": "1970-01-01T01:00:00.000Z", "conditions": [{"bucket": "uploads"}, {"key": "k"}]}"#);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn policy_json(&self) -> &str {
        &self.policy_json
    }

    /// The signature: 64 hex digits (`x-amz-signature`, SigV4) or 28
    /// base64 characters (`signature`, SigV2).
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let form = Bucket::new("uploads", "eu-west-1")?.post_policy("k").sign_v4(&creds, SigningTime::from_unix(0)?)?;
    /// assert_eq!(form.field("x-amz-signature"), Some(form.signature()));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn signature(&self) -> &str {
        // The last field.
        self.fields().next_back().map_or("", |(_, v)| v)
    }

    /// When the policy expires.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let form = Bucket::new("uploads", "eu-west-1")?.post_policy("k").expires_in(60).sign_v4(&creds, SigningTime::from_unix(0)?)?;
    /// assert_eq!(form.expiration().unix(), 60);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn expiration(&self) -> SigningTime {
        self.expiration
    }

    /// The fields as HTML hidden inputs, one per line, names and values
    /// escaped (`&`, `<`, `>`, `"`, `'`). Put them in a
    /// `<form method="post" enctype="multipart/form-data">` whose action is
    /// [`PostForm::url`], before the `<input type="file" name="file">`.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let form = Bucket::new("uploads", "eu-west-1")?.post_policy("a&b \"c\".txt").sign_v4(&creds, SigningTime::from_unix(0)?)?;
    /// assert!(form.html_inputs().starts_with(
    ///     "<input type=\"hidden\" name=\"key\" value=\"a&amp;b &quot;c&quot;.txt\">\n"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn html_inputs(&self) -> String {
        let mut out = String::with_capacity(self.text.len() + self.ends.len() * 40);
        for (name, value) in self.fields() {
            out.push_str("<input type=\"hidden\" name=\"");
            html_escape(&mut out, name);
            out.push_str("\" value=\"");
            html_escape(&mut out, value);
            out.push_str("\">\n");
        }
        out
    }
}

fn html_escape(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
impl PostForm {
    /// The unused capacity of the policy JSON, the text and the field
    /// ends (the builder's tests check its reservations).
    pub(crate) fn spare_capacity(&self) -> (usize, usize, usize) {
        (
            self.policy_json.capacity() - self.policy_json.len(),
            self.text.capacity() - self.text.len(),
            self.ends.capacity() - self.ends.len(),
        )
    }
}

impl fmt::Debug for PostForm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The session token is a credential: `Fields` never shows it.
        f.debug_struct("PostForm")
            .field("url", &self.url())
            .field("fields", &self.fields())
            .finish()
    }
}
