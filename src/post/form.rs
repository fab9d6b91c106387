//! The signed form: a [`PostPolicy`] builder on a bucket, and its result,
//! [`PostForm`] (the URL to post to and the fields, in order).

use alloc::borrow::Cow;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use hmac::Mac;

use crate::credentials::Credentials;
use crate::error::{Error, ErrorKind, Result};
use crate::s3::{Bucket, MAX_KEY_LEN};
use crate::time::SigningTime;
use crate::v4::signature::Signature;
use crate::v4::{SigningKey, SigningKeyCache, SigningSettings, ALGORITHM};

use super::policy::{base64_encode, check_text, policy_err, Condition, ExpirationFormat, Policy};

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

/// Form field names the signer sets itself (compared case-insensitively,
/// as S3 compares POST field names), which [`PostPolicy::field`] refuses.
/// `file` is refused too: it must be the form's **last** field, the file
/// input itself (S3 ignores every field after it).
///
/// ```
/// assert!(awssig::post::RESERVED_FIELDS.contains(&"policy"));
/// ```
pub const RESERVED_FIELDS: &[&str] = &[
    "key",
    "policy",
    "signature",
    "awsaccesskeyid",
    "x-amz-algorithm",
    "x-amz-credential",
    "x-amz-date",
    "x-amz-security-token",
    "x-amz-signature",
    "file",
];

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
    /// assert_eq!(form.fields()[0], ("Content-Type".to_string(), "image/png".to_string()));
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
        if let Some(c) = key.chars().find(|c| matches!(c, '\r' | '\n' | '\0')) {
            return Err(key_err(
                key,
                &alloc::format!(
                    "contains {c:?}; CR, LF and NUL cannot travel in a form field unchanged"
                ),
            ));
        }
        for (i, (name, value)) in self.fields.iter().enumerate() {
            check_text("form field name", name, false)?;
            if let Some(c) = name.chars().find(|c| c.is_control() || *c == '"') {
                return Err(policy_err(alloc::format!(
                    "form field name {name:?} contains {c:?}"
                )));
            }
            if RESERVED_FIELDS.iter().any(|r| r.eq_ignore_ascii_case(name)) {
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

    /// The user's conditions, then bucket and key.
    fn base_policy(&self, expiration: SigningTime) -> Policy {
        let mut policy = Policy::new(expiration).expiration_format(self.format);
        for c in &self.conditions {
            policy.push(c.clone());
        }
        policy.push(Condition::exact("bucket", self.bucket.name()));
        let key = self.key.as_ref();
        match key.strip_suffix("${filename}") {
            Some(prefix) => policy.push(Condition::starts_with("key", prefix)),
            None => policy.push(Condition::exact("key", key)),
        }
        policy
    }

    fn user_fields(&self) -> Vec<(String, String)> {
        let mut fields = Vec::with_capacity(self.fields.len() + 7);
        fields.extend(self.fields.iter().cloned());
        fields.push(("key".into(), self.key.to_string()));
        fields
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
    /// let names: Vec<&str> = form.fields().iter().map(|(n, _)| n.as_str()).collect();
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
        let credential = alloc::format!(
            "{}/{}/{}/{}/aws4_request",
            credentials.access_key_id(),
            time.date(),
            settings.region(),
            settings.service()
        );
        let mut policy = self.base_policy(expiration);
        policy.push(Condition::exact("x-amz-algorithm", ALGORITHM));
        policy.push(Condition::exact("x-amz-credential", credential.clone()));
        policy.push(Condition::exact("x-amz-date", time.amz_date()));
        if let Some(token) = credentials.session_token() {
            policy.push(Condition::exact("x-amz-security-token", token));
        }
        let json = policy.to_json()?;
        let b64 = base64_encode(json.as_bytes());
        let signature = policy_signature_v4(
            &self.bucket.cache,
            credentials.secret_access_key(),
            time.date(),
            settings.region(),
            settings.service(),
            &b64,
        );

        let mut fields = self.user_fields();
        fields.push(("x-amz-algorithm".into(), ALGORITHM.into()));
        fields.push(("x-amz-credential".into(), credential));
        fields.push(("x-amz-date".into(), time.amz_date().into()));
        if let Some(token) = credentials.session_token() {
            fields.push(("x-amz-security-token".into(), token.into()));
        }
        fields.push(("policy".into(), b64));
        fields.push(("x-amz-signature".into(), signature.hex_str().into()));
        Ok(PostForm {
            url: post_url(self.bucket),
            fields,
            policy_json: json,
            expiration,
            signature_field: "x-amz-signature",
        })
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
    /// let names: Vec<&str> = form.fields().iter().map(|(n, _)| n.as_str()).collect();
    /// assert_eq!(names, ["key", "AWSAccessKeyId", "policy", "signature"]);
    /// assert_eq!(form.signature().len(), 28);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn sign_v2(&self, credentials: &Credentials, time: SigningTime) -> Result<PostForm> {
        self.check_inputs()?;
        let expiration = self.expiration(time, None)?;
        let mut policy = self.base_policy(expiration);
        if let Some(token) = credentials.session_token() {
            policy.push(Condition::exact("x-amz-security-token", token));
        }
        let json = policy.to_json()?;
        let b64 = base64_encode(json.as_bytes());
        let signature = signature_v2(credentials, &b64);
        let mut fields = self.user_fields();
        fields.push(("AWSAccessKeyId".into(), credentials.access_key_id().into()));
        if let Some(token) = credentials.session_token() {
            fields.push(("x-amz-security-token".into(), token.into()));
        }
        fields.push(("policy".into(), b64));
        fields.push(("signature".into(), signature));
        Ok(PostForm {
            url: post_url(self.bucket),
            fields,
            policy_json: json,
            expiration,
            signature_field: "signature",
        })
    }
}

/// The form's action: `origin[/prefix]/` when virtual-hosted (with an
/// endpoint path prefix, `origin/prefix` without the slash, as botocore
/// writes it), `origin[/prefix]/bucket` in path style.
fn post_url(bucket: &Bucket) -> String {
    let prefix = bucket.endpoint().path_prefix();
    let mut url = String::with_capacity(bucket.origin().len() + prefix.len() + 64);
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
    url
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
    let mut mac = key.mac();
    mac.update(policy_base64.as_bytes());
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
    let mut mac = cache.mac(secret, date, region, service);
    mac.update(policy_base64.as_bytes());
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
    url: String,
    fields: Vec<(String, String)>,
    policy_json: String,
    expiration: SigningTime,
    signature_field: &'static str,
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
        &self.url
    }

    /// The form fields `(name, value)`, in the order to send them.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let form = Bucket::new("uploads", "eu-west-1")?.post_policy("k").acl("private").sign_v2(&creds, SigningTime::from_unix(0)?)?;
    /// assert_eq!(form.fields()[0], ("acl".to_string(), "private".to_string()));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn fields(&self) -> &[(String, String)] {
        &self.fields
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
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
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
        self.field("policy").unwrap_or("")
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
        self.field(self.signature_field).unwrap_or("")
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
        let mut out = String::with_capacity(self.fields.len() * 64 + self.policy_json.len() * 2);
        for (name, value) in &self.fields {
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
        // The session token is a credential: never shown.
        let fields: Vec<(&str, &str)> = self
            .fields
            .iter()
            .map(|(n, v)| {
                if n.eq_ignore_ascii_case("x-amz-security-token") {
                    (n.as_str(), "<redacted>")
                } else {
                    (n.as_str(), v.as_str())
                }
            })
            .collect();
        f.debug_struct("PostForm")
            .field("url", &self.url)
            .field("fields", &fields)
            .finish()
    }
}
