//! The browser POST form builder of a bucket, [`PostPolicy`]: the
//! bucket's URL, name and signing key, the user's fields and conditions,
//! signed into a [`PostForm`]. The policy document, its conditions and
//! the signatures are [`crate::post`]'s.
//!
//! [`Bucket::post_policy`], which starts a form, is written here rather
//! than in `bucket.rs`, so that the bucket knows nothing of forms and only
//! this file imports the other.

use alloc::borrow::Cow;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use crate::credentials::Credentials;
use crate::error::{Error, ErrorKind, Result};
use crate::post::fields::{
    is_reserved, KEY, POLICY, SIGNATURE, X_AMZ_ALGORITHM, X_AMZ_CREDENTIAL, X_AMZ_DATE,
    X_AMZ_SECURITY_TOKEN, X_AMZ_SIGNATURE,
};
use crate::post::form::{
    policy_signature_v4, signature_v2, Fields, FormText, PostForm, DEFAULT_EXPIRES_IN,
    MAX_EXPIRES_IN_V4,
};
use crate::post::policy::{
    base64_len, check_text, policy_err, write_document, Condition, ConditionJson, ExpirationFormat,
    JSON_FRAME_LEN,
};
use crate::time::SigningTime;
use crate::v4::ALGORITHM;

use super::bucket::Bucket;
use super::object::MAX_KEY_LEN;

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

impl Bucket {
    /// A browser POST upload form for `key` (boto3's
    /// `generate_presigned_post`); a key ending in `${filename}` lets the
    /// browser's file name complete it. See [`crate::post`].
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let form = Bucket::new("uploads", "eu-west-1")?
    ///     .post_policy("incoming/${filename}")
    ///     .content_length_range(0, 1_048_576)
    ///     .sign_v4(&creds, SigningTime::from_unix(1_700_000_000)?)?;
    /// assert_eq!(form.url(), "https://uploads.s3.eu-west-1.amazonaws.com/");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn post_policy<'b>(&'b self, key: impl Into<Cow<'b, str>>) -> PostPolicy<'b> {
        PostPolicy::new(self, key.into())
    }
}

impl<'b> PostPolicy<'b> {
    fn new(bucket: &'b Bucket, key: Cow<'b, str>) -> Self {
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
    /// Names in [`RESERVED_FIELDS`](crate::post::RESERVED_FIELDS), a name
    /// given twice, or CR/LF/NUL are errors when signing.
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
    /// What a [`Policy`](crate::post::Policy) of these conditions writes,
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
        let mut url = String::with_capacity(len);
        write_post_url(bucket, &mut url);
        let mut form = FormText::new(url, self.fields.len() + 1 + more);
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
        let auth = form.field_count();
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
        let auth = form.field_count();
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
                    let (json, text, ends) = form.spare_capacity();
                    assert_eq!(json, 0, "{}", form.policy_json());
                    // Reserved with 10 bytes to spare per auth condition
                    // (counted as JSON); grown, it would have doubled.
                    assert!(text <= 40, "{text} bytes spare");
                    assert_eq!(ends, 0, "{form:?}");
                }
            }
        }
    }
}
