//! The signed form: a [`PostPolicy`] builder on a bucket, and its result,
//! [`PostForm`] (the URL to post to and the fields, in order).

use alloc::borrow::Cow;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use crate::encode::Sink;

use crate::credentials::Credentials;
use crate::error::{Error, ErrorKind, Result};
use crate::s3::{Bucket, MAX_KEY_LEN};
use crate::time::SigningTime;
use crate::v4::signature::Signature;
use crate::v4::{SigningKey, SigningKeyCache, SigningSettings, ALGORITHM};

use super::fields::{
    is_reserved, KEY, POLICY, SIGNATURE, X_AMZ_ALGORITHM, X_AMZ_CREDENTIAL, X_AMZ_DATE,
    X_AMZ_SECURITY_TOKEN, X_AMZ_SIGNATURE,
};
use super::policy::{
    base64_encode_into, base64_len, check_text, policy_err, write_document, Condition,
    ConditionJson, ExpirationFormat, JSON_FRAME_LEN,
};

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

/// A browser POST upload being prepared for one key of a bucket: add
/// fields and conditions, then sign with [`PostPolicy::sign_v4`] (or the
/// legacy [`PostPolicy::sign_v2`]).
///
/// The policy's conditions are, in order: yours (as added), then
/// `{"bucket": …}`, then `{"key": …}` — or, when the key ends in
/// `${filename}`, `["starts-with", "$key", <prefix>]` — then for SigV4
/// `x-amz-algorithm`, `x-amz-credential`, `x-amz-date`, and
/// `x-amz-security-token` for temporary credentials: botocore's order.
/// A [`PostPolicy::field`] adds a form field only; the convenience methods
/// ([`PostPolicy::acl`], [`PostPolicy::content_type`], …) add the field
/// *and* its exact-match condition.
///
/// ```
/// use awssig::{Credentials, SigningTime, s3::Bucket, post::Condition};
/// let creds = Credentials::new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")?;
/// let bucket = Bucket::new("uploads", "eu-west-1")?;
/// let form = bucket
///     .post_policy("incoming/${filename}")
///     .expires_in(600)
///     .content_length_range(1, 10 * 1024 * 1024)
///     .condition(Condition::starts_with("$Content-Type", "image/"))
///     .sign_v4(&creds, SigningTime::from_unix(1_700_000_000)?)?;
/// assert_eq!(form.url(), "https://uploads.s3.eu-west-1.amazonaws.com/");
/// assert_eq!(form.field("key"), Some("incoming/${filename}"));
/// assert!(form.policy_json().contains(r#"["starts-with", "$key", "incoming/"]"#));
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone)]
#[must_use = "a PostPolicy does nothing until sign_v4() or sign_v2() is called"]
pub struct PostPolicy<'b> {
    bucket: &'b Bucket,
    key: Cow<'b, str>,
    fields: Vec<(String, String)>,
    conditions: Vec<Condition>,
    expires_in: u64,
    format: ExpirationFormat,
}

impl fmt::Debug for PostPolicy<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PostPolicy")
            .field("bucket", &self.bucket.name())
            .field("key", &self.key)
            .field("fields", &self.fields)
            .field("conditions", &self.conditions)
            .field("expires_in", &self.expires_in)
            .field("format", &self.format)
            .finish()
    }
}

/// A control character or `"` in a form field name, if any.
fn bad_name_char(name: &str) -> Option<char> {
    if name.is_ascii() {
        // The ASCII control characters are exactly the ones below 0x20 and DEL.
        name.bytes()
            .find(|b| b.is_ascii_control() || *b == b'"')
            .map(char::from)
    } else {
        name.chars().find(|c| c.is_control() || *c == '"')
    }
}

fn key_err(key: &str, why: &str) -> Error {
    Error::new(
        ErrorKind::InvalidKey,
        alloc::format!("POST key {key:?} {why}"),
    )
}

impl<'b> PostPolicy<'b> {
    pub(crate) fn new(bucket: &'b Bucket, key: Cow<'b, str>) -> Self {
        PostPolicy {
            bucket,
            key,
            fields: Vec::new(),
            conditions: Vec::new(),
            expires_in: DEFAULT_EXPIRES_IN,
            format: ExpirationFormat::default(),
        }
    }

    /// How long the form stays usable, in seconds from the signing time
    /// (default [`DEFAULT_EXPIRES_IN`]). SigV4 accepts `1..=604800`; SigV2
    /// any value from 1 whose expiration still falls before the year 10000.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket, ErrorKind};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let bucket = Bucket::new("uploads", "eu-west-1")?;
    /// let err = bucket.post_policy("k").expires_in(604_801).sign_v4(&creds, SigningTime::from_unix(0)?).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::InvalidExpiry);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn expires_in(mut self, seconds: u64) -> Self {
        self.expires_in = seconds;
        self
    }

    /// How the policy writes its `expiration` (default
    /// [`ExpirationFormat::Milliseconds`]; [`ExpirationFormat::Seconds`]
    /// gives botocore's exact bytes).
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket};
    /// use awssig::post::ExpirationFormat;
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let form = Bucket::new("uploads", "eu-west-1")?
    ///     .post_policy("k")
    ///     .expiration_format(ExpirationFormat::Seconds)
    ///     .sign_v4(&creds, SigningTime::from_unix(0)?)?;
    /// assert!(form.policy_json().starts_with(r#"{"expiration": "1970-01-01T01:00:00Z", "#));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn expiration_format(mut self, format: ExpirationFormat) -> Self {
        self.format = format;
        self
    }

    /// Adds a form field, **without** a condition (as botocore's `Fields`):
    /// S3 rejects a form that sends a field no condition covers, so pair it
    /// with a [`PostPolicy::condition`], or use the methods that add both.
    /// Names in [`RESERVED_FIELDS`], a name given twice, or CR/LF/NUL are
    /// errors when signing.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket};
    /// use awssig::post::Condition;
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let form = Bucket::new("uploads", "eu-west-1")?
    ///     .post_policy("k")
    ///     .field("Content-Type", "image/png")
    ///     .condition(Condition::starts_with("$Content-Type", "image/"))
    ///     .sign_v4(&creds, SigningTime::from_unix(0)?)?;
    /// assert_eq!(form.fields().next(), Some(("Content-Type", "image/png")));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn field(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.fields.push((name.into(), value.into()));
        self
    }

    /// Appends a policy condition (no form field).
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket};
    /// use awssig::post::Condition;
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let form = Bucket::new("uploads", "eu-west-1")?
    ///     .post_policy("k")
    ///     .condition(Condition::starts_with("$x-amz-meta-tag", ""))
    ///     .sign_v2(&creds, SigningTime::from_unix(0)?)?;
    /// assert!(form.policy_json().contains(r#"["starts-with", "$x-amz-meta-tag", ""]"#));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn condition(mut self, condition: Condition) -> Self {
        self.conditions.push(condition);
        self
    }

    /// Adds the field and an exact-match condition for it.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let form = Bucket::new("uploads", "eu-west-1")?
    ///     .post_policy("k")
    ///     .field_exact("x-amz-server-side-encryption", "AES256")
    ///     .sign_v4(&creds, SigningTime::from_unix(0)?)?;
    /// assert_eq!(form.field("x-amz-server-side-encryption"), Some("AES256"));
    /// assert!(form.policy_json().contains(r#"{"x-amz-server-side-encryption": "AES256"}"#));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn field_exact(self, name: impl Into<String>, value: impl Into<String>) -> Self {
        let (name, value) = (name.into(), value.into());
        let c = Condition::exact(name.clone(), value.clone());
        self.field(name, value).condition(c)
    }

    /// `["content-length-range", min, max]`: the file's size in bytes must
    /// lie in `min..=max`. Negative sizes and `min > max` are errors when
    /// signing.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket, ErrorKind};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let bucket = Bucket::new("uploads", "eu-west-1")?;
    /// let err = bucket.post_policy("k").content_length_range(10, 1).sign_v4(&creds, SigningTime::from_unix(0)?).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::InvalidPolicy);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn content_length_range(self, min: i64, max: i64) -> Self {
        self.condition(Condition::content_length_range(min, max))
    }

    /// The `acl` field and its condition (`private`, `public-read`, …).
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let form = Bucket::new("uploads", "eu-west-1")?.post_policy("k").acl("public-read").sign_v4(&creds, SigningTime::from_unix(0)?)?;
    /// assert_eq!(form.field("acl"), Some("public-read"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn acl(self, acl: impl Into<String>) -> Self {
        self.field_exact("acl", acl)
    }

    /// The `Content-Type` field (the stored object's type) and its condition.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let form = Bucket::new("uploads", "eu-west-1")?.post_policy("k").content_type("image/jpeg").sign_v4(&creds, SigningTime::from_unix(0)?)?;
    /// assert!(form.policy_json().contains(r#"{"Content-Type": "image/jpeg"}"#));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn content_type(self, content_type: impl Into<String>) -> Self {
        self.field_exact("Content-Type", content_type)
    }

    /// The `success_action_status` field (`200`, `201` or `204`: what S3
    /// answers when no redirect is given) and its condition.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let form = Bucket::new("uploads", "eu-west-1")?.post_policy("k").success_action_status(201).sign_v4(&creds, SigningTime::from_unix(0)?)?;
    /// assert_eq!(form.field("success_action_status"), Some("201"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn success_action_status(self, status: u16) -> Self {
        self.field_exact("success_action_status", status.to_string())
    }

    /// The `success_action_redirect` field (where the browser goes after
    /// the upload) and its condition.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let form = Bucket::new("uploads", "eu-west-1")?.post_policy("k")
    ///     .success_action_redirect("https://example.com/done")
    ///     .sign_v4(&creds, SigningTime::from_unix(0)?)?;
    /// assert_eq!(form.field("success_action_redirect"), Some("https://example.com/done"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn success_action_redirect(self, url: impl Into<String>) -> Self {
        self.field_exact("success_action_redirect", url)
    }

    /// A user metadata field `x-amz-meta-<name>` and its condition.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let form = Bucket::new("uploads", "eu-west-1")?.post_policy("k").metadata("uuid", "14365123651274").sign_v4(&creds, SigningTime::from_unix(0)?)?;
    /// assert_eq!(form.field("x-amz-meta-uuid"), Some("14365123651274"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn metadata(self, name: &str, value: impl Into<String>) -> Self {
        let mut full = String::with_capacity(11 + name.len());
        full.push_str("x-amz-meta-");
        full.push_str(name);
        self.field_exact(full, value)
    }

    fn check_inputs(&self) -> Result<()> {
        let key = self.key.as_ref();
        if key.is_empty() {
            return Err(key_err(key, "is empty"));
        }
        if key.len() > MAX_KEY_LEN {
            return Err(key_err(
                key,
                &alloc::format!("is {} bytes; S3 allows {MAX_KEY_LEN}", key.len()),
            ));
        }
        // CR, LF and NUL are ASCII: a byte scan finds them.
        if let Some(c) = key
            .bytes()
            .find(|b| matches!(b, b'\r' | b'\n' | 0))
            .map(char::from)
        {
            return Err(key_err(
                key,
                &alloc::format!(
                    "contains {c:?}; CR, LF and NUL cannot travel in a form field unchanged"
                ),
            ));
        }
        for (i, (name, value)) in self.fields.iter().enumerate() {
            check_text("form field name", name, false)?;
            if let Some(c) = bad_name_char(name) {
                return Err(policy_err(alloc::format!(
                    "form field name {name:?} contains {c:?}"
                )));
            }
            if is_reserved(name) {
                return Err(policy_err(alloc::format!(
                    "form field {name:?} is set by the signer (or, for \"file\", must be the form's last input); remove it"
                )));
            }
            if self.fields[..i]
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case(name))
            {
                return Err(policy_err(alloc::format!(
                    "form field {name:?} is given twice (S3 compares field names case-insensitively)"
                )));
            }
            check_text("form field value", value, true)?;
        }
        Ok(())
    }

    fn expiration(&self, time: SigningTime, max: Option<u64>) -> Result<SigningTime> {
        let n = self.expires_in;
        let bad = |why: String| Error::new(ErrorKind::InvalidExpiry, why);
        if n == 0 {
            return Err(bad(String::from(
                "expires_in 0 s: a POST policy must stay valid for at least 1 s",
            )));
        }
        if let Some(max) = max {
            if n > max {
                return Err(bad(alloc::format!(
                    "expires_in {n} s exceeds the SigV4 POST maximum of {max} s"
                )));
            }
        }
        i64::try_from(n)
            .ok()
            .and_then(|n| time.unix().checked_add(n))
            .and_then(|t| SigningTime::from_unix(t).ok())
            .ok_or_else(|| {
                bad(alloc::format!(
                    "expires_in {n} s puts the expiration after the year 9999"
                ))
            })
    }

    /// At least the length of [`PostPolicy::policy_json`] when nothing
    /// needs escaping (the usual case; a capacity hint otherwise), `auth`
    /// being the length its auth conditions take ([`exact_len`]).
    fn policy_len(&self, auth: usize) -> usize {
        let key = self.key.as_ref();
        JSON_FRAME_LEN
            + self
                .conditions
                .iter()
                .map(Condition::json_len_hint)
                .sum::<usize>()
            + exact_len("bucket", self.bucket.name().len())
            + match key.strip_suffix("${filename}") {
                // ["starts-with", "$key", "prefix"]
                Some(prefix) => prefix.len() + 29,
                None => exact_len(KEY, key.len()),
            }
            + auth
            - 2 // no separator after the last condition
    }

    /// The policy JSON, written in one pass into one buffer of `len`
    /// bytes reserved: the user's conditions (each checked), `bucket`,
    /// `key` (a `starts-with` on the prefix when the key ends in
    /// `${filename}`), then the `auth` fields as exact-match conditions.
    /// What a [`Policy`](super::Policy) of these conditions writes,
    /// without building one.
    fn policy_json(&self, expiration: SigningTime, len: usize, auth: Fields<'_>) -> Result<String> {
        self.conditions.iter().try_for_each(Condition::validate)?;
        let key = self.key.as_ref();
        let key = match key.strip_suffix("${filename}") {
            Some(prefix) => ConditionJson::Array("starts-with", KEY, prefix),
            None => ConditionJson::Exact(KEY, key),
        };
        let conditions = (self.conditions.iter().map(Condition::json))
            .chain([ConditionJson::Exact("bucket", self.bucket.name()), key])
            .chain(auth.map(|(name, value)| ConditionJson::Exact(name, value)));
        let mut out = String::with_capacity(len);
        write_document(&mut out, expiration, self.format, conditions);
        Ok(out)
    }

    /// A form with the URL, the user's fields and `key` written, with
    /// room for `more` fields taking `more_len` bytes.
    fn start_form(&self, more: usize, more_len: usize) -> FormText {
        let bucket = self.bucket;
        let prefix = bucket.endpoint().path_prefix();
        let url_len =
            bucket.origin().len() + prefix.len() + 1 + bucket.path_bucket().map_or(0, str::len);
        let len = url_len
            + self
                .fields
                .iter()
                .map(|(name, value)| name.len() + value.len())
                .sum::<usize>()
            + 3
            + self.key.len()
            + more_len;
        let mut text = String::with_capacity(len);
        write_post_url(bucket, &mut text);
        let mut form = FormText {
            url_end: text.len(),
            text,
            ends: Vec::with_capacity(self.fields.len() + 1 + more),
        };
        for (name, value) in &self.fields {
            form.push(name, &[value]);
        }
        form.push(KEY, &[&self.key]);
        form
    }

    /// Signs with SigV4 (`AWS4-HMAC-SHA256`, the bucket's region, service
    /// `s3`). Fields, in order: yours, `key`, `x-amz-algorithm`,
    /// `x-amz-credential`, `x-amz-date`, `x-amz-security-token` (temporary credentials),
    /// `policy`, `x-amz-signature`. The signing key comes from the
    /// bucket's cache.
    ///
    /// ```
    /// use awssig::{Credentials, SigningTime, s3::Bucket};
    /// let creds = Credentials::new("ASIAEXAMPLE", "secret")?.with_session_token("token")?;
    /// let form = Bucket::new("uploads", "eu-west-1")?
    ///     .post_policy("a.txt")
    ///     .sign_v4(&creds, SigningTime::from_amz_date("20240501T123456Z")?)?;
    /// let names: Vec<&str> = form.fields().map(|(name, _)| name).collect();
    /// assert_eq!(names, ["key", "x-amz-algorithm", "x-amz-credential", "x-amz-date",
    ///                    "x-amz-security-token", "policy", "x-amz-signature"]);
    /// assert_eq!(form.field("x-amz-credential"), Some("ASIAEXAMPLE/20240501/eu-west-1/s3/aws4_request"));
    /// assert_eq!(form.signature().len(), 64);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn sign_v4(&self, credentials: &Credentials, time: SigningTime) -> Result<PostForm> {
        self.check_inputs()?;
        let expiration = self.expiration(time, Some(MAX_EXPIRES_IN_V4))?;
        let settings = &self.bucket.settings;
        let (region, service) = (settings.region(), settings.service());
        let amz_date = time.amz_date();
        let date = &amz_date[..8];
        let credential = [
            credentials.access_key_id(),
            "/",
            date,
            "/",
            region,
            "/",
            service,
            "/aws4_request",
        ];
        let credential_len = credential.iter().map(|part| part.len()).sum();
        // The auth fields are also the policy's last conditions. They need
        // no check: `Credentials` refuses control characters in the key id
        // and the token, `Bucket` a bad region.
        let token = credentials.session_token();
        let auth_len = exact_len(X_AMZ_ALGORITHM, ALGORITHM.len())
            + exact_len(X_AMZ_CREDENTIAL, credential_len)
            + exact_len(X_AMZ_DATE, amz_date.len())
            + token.map_or(0, |t| exact_len(X_AMZ_SECURITY_TOKEN, t.len()));
        let json_len = self.policy_len(auth_len);
        // Auth names and values take less than their JSON; then `policy`
        // and `x-amz-signature`.
        let more = 5 + usize::from(token.is_some());
        let mut form = self.start_form(more, auth_len + base64_len(json_len) + 6 + 15 + 64);
        let auth = form.ends.len();
        form.push(X_AMZ_ALGORITHM, &[ALGORITHM]);
        form.push(X_AMZ_CREDENTIAL, &credential);
        form.push(X_AMZ_DATE, &[amz_date]);
        if let Some(token) = token {
            form.push(X_AMZ_SECURITY_TOKEN, &[token]);
        }
        let json = self.policy_json(expiration, json_len, form.fields_from(auth))?;
        let policy = form.push_base64(POLICY, json.as_bytes());
        let signature = policy_signature_v4(
            &self.bucket.cache,
            credentials.secret_access_key(),
            date,
            region,
            service,
            policy,
        );
        form.push(X_AMZ_SIGNATURE, &[signature.hex_str()]);
        Ok(form.finish(json, expiration))
    }

    /// Signs with the legacy SigV2 (`signature` = base64 HMAC-SHA1 of the
    /// base64 policy), for stores that only speak SigV2. Fields, in order:
    /// yours, `key`, `AWSAccessKeyId`, `x-amz-security-token` (temporary credentials), `policy`,
    /// `signature` (botocore's order). The time only fixes the expiration.
    ///
    /// ```
    /// use awssig::{Credentials, SigningTime, s3::Bucket};
    /// let creds = Credentials::new("AKIAIOSFODNN7EXAMPLE", "secret")?;
    /// let form = Bucket::new("uploads", "us-east-1")?
    ///     .post_policy("a.txt")
    ///     .expires_in(30 * 86_400)
    ///     .sign_v2(&creds, SigningTime::from_unix(0)?)?;
    /// let names: Vec<&str> = form.fields().map(|(name, _)| name).collect();
    /// assert_eq!(names, ["key", "AWSAccessKeyId", "policy", "signature"]);
    /// assert_eq!(form.signature().len(), 28);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn sign_v2(&self, credentials: &Credentials, time: SigningTime) -> Result<PostForm> {
        self.check_inputs()?;
        let expiration = self.expiration(time, None)?;
        let (access_key, token) = (credentials.access_key_id(), credentials.session_token());
        // The token is the policy's last condition.
        let auth_len = token.map_or(0, |t| exact_len(X_AMZ_SECURITY_TOKEN, t.len()));
        let json_len = self.policy_len(auth_len);
        let more_len = 14 + access_key.len() + auth_len + 6 + base64_len(json_len) + 9 + 28;
        let mut form = self.start_form(3 + usize::from(token.is_some()), more_len);
        form.push("AWSAccessKeyId", &[access_key]);
        let auth = form.ends.len();
        if let Some(token) = token {
            form.push(X_AMZ_SECURITY_TOKEN, &[token]);
        }
        let json = self.policy_json(expiration, json_len, form.fields_from(auth))?;
        let policy = form.push_base64(POLICY, json.as_bytes());
        let signature = signature_v2(credentials, policy);
        form.push(SIGNATURE, &[&signature]);
        Ok(form.finish(json, expiration))
    }
}

/// The length of `{"name": "value"}, ` for a value of `value_len` bytes
/// with nothing to escape.
fn exact_len(name: &str, value_len: usize) -> usize {
    name.len() + value_len + 10
}

/// The form's action: `origin[/prefix]/` when virtual-hosted (with an
/// endpoint path prefix, `origin/prefix` without the slash, as botocore
/// writes it), `origin[/prefix]/bucket` in path style.
fn write_post_url(bucket: &Bucket, url: &mut String) {
    let prefix = bucket.endpoint().path_prefix();
    url.push_str(bucket.origin());
    url.push_str(prefix);
    match bucket.path_bucket() {
        Some(name) => {
            url.push('/');
            url.push_str(name);
        }
        None if prefix.is_empty() => url.push('/'),
        None => {}
    }
}

/// A [`PostForm`] being written: the URL, then each field's name and
/// value, back to back in one `String`.
struct FormText {
    text: String,
    url_end: usize,
    ends: Vec<(usize, usize)>,
}

impl FormText {
    /// Appends a field, its value in `parts`.
    fn push(&mut self, name: &str, value: &[&str]) {
        self.text.push_str(name);
        let name_end = self.text.len();
        for part in value {
            self.text.push_str(part);
        }
        self.ends.push((name_end, self.text.len()));
    }

    /// Appends a field whose value is the base64 of `bytes`; the value.
    fn push_base64(&mut self, name: &str, bytes: &[u8]) -> &str {
        self.text.push_str(name);
        let name_end = self.text.len();
        base64_encode_into(bytes, &mut self.text);
        self.ends.push((name_end, self.text.len()));
        self.text.get(name_end..).unwrap_or_default()
    }

    /// The fields from the `first`-th on.
    fn fields_from(&self, first: usize) -> Fields<'_> {
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

    fn finish(self, policy_json: String, expiration: SigningTime) -> PostForm {
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
/// the one step [`PostPolicy::sign_v4`] and the verifier
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

impl fmt::Debug for PostForm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The session token is a credential: `Fields` never shows it.
        f.debug_struct("PostForm")
            .field("url", &self.url())
            .field("fields", &self.fields())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buffers_are_reserved_exactly_when_nothing_needs_escaping() {
        let bucket = Bucket::new("uploads", "eu-west-1").unwrap();
        let time = SigningTime::from_unix(1_700_000_000).unwrap();
        let plain = Credentials::new("AKIAIOSFODNN7EXAMPLE", "secret").unwrap();
        let temporary = plain.clone().with_session_token("FwoGZXIvYXdz+/=").unwrap();
        for key in ["k", "user/42/${filename}"] {
            for creds in [&plain, &temporary] {
                let policy = bucket
                    .post_policy(key)
                    .acl("private")
                    .field("x-amz-meta-tag", "")
                    .condition(Condition::starts_with("$x-amz-meta-tag", ""))
                    .condition(Condition::eq("$Content-Type", "image/png"))
                    .field("Content-Type", "image/png");
                for form in [
                    policy.sign_v4(creds, time).unwrap(),
                    policy.sign_v2(creds, time).unwrap(),
                ] {
                    let json = &form.policy_json;
                    assert_eq!(json.capacity(), json.len(), "{json}");
                    // Reserved with 10 bytes to spare per auth condition
                    // (counted as JSON); grown, it would have doubled.
                    let spare = form.text.capacity() - form.text.len();
                    assert!(spare <= 40, "{spare} bytes spare");
                    assert_eq!(form.ends.capacity(), form.ends.len(), "{form:?}");
                }
            }
        }
    }
}
