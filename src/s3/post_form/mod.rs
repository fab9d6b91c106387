//! The browser POST form builder of a bucket, [`PostPolicy`]: the
//! bucket's URL, name and signing key, the user's fields and conditions,
//! signed into a [`PostForm`](crate::post::PostForm). The policy document,
//! its conditions and the signatures are [`crate::post`]'s.
//!
//! [`Bucket::post_policy`], which starts a form, is written here rather
//! than in `bucket.rs`, so that the bucket knows nothing of forms and only
//! this folder imports the other. The builder is here; its inputs are
//! checked in `check.rs`, and the form is written and signed in `sign.rs`.

mod check;
mod sign;

use alloc::borrow::Cow;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use crate::error::Error;
use crate::post::condition::Condition;
use crate::post::form::DEFAULT_EXPIRES_IN;
use crate::post::policy::ExpirationFormat;
use crate::s3::bucket::Bucket;
use crate::s3::pin;
use crate::v4::chunked::ChecksumAlgorithm;
use crate::ExpiryPolicy;

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
    expiry_policy: ExpiryPolicy,
    /// The first unusable pin given, reported when signing.
    invalid: Option<Error>,
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
            .field("expiry_policy", &self.expiry_policy)
            .field("invalid", &self.invalid)
            .finish()
    }
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
            expiry_policy: ExpiryPolicy::Refuse,
            invalid: None,
        }
    }

    /// What signing does when the credentials expire before the form
    /// would (see [`ExpiryPolicy`]): refuse (the default) or clamp the
    /// policy's `expiration` to their end ([`PostForm::expiration`]
    /// reports it).
    ///
    /// [`PostForm::expiration`]: crate::post::PostForm::expiration
    ///
    /// ```
    /// use awssig::{Credentials, ErrorKind, ExpiryPolicy, SigningTime, s3::Bucket};
    /// let creds = Credentials::new("ASIAEXAMPLE", "secret")?.expiring_at(SigningTime::from_unix(1_000)?);
    /// let bucket = Bucket::new("uploads", "eu-west-1")?;
    /// let policy = bucket.post_policy("k").expires_in(3600);
    /// let t = SigningTime::from_unix(400)?;
    /// assert_eq!(policy.sign_v4(&creds, t).unwrap_err().kind(), ErrorKind::CredentialsExpire);
    /// let form = policy.expiry_policy(ExpiryPolicy::Clamp).sign_v4(&creds, t)?;
    /// assert_eq!(form.expiration().unix(), 1_000);
    /// assert!(form.policy_json().starts_with(r#"{"expiration": "1970-01-01T00:16:40.000Z""#));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn expiry_policy(mut self, policy: ExpiryPolicy) -> Self {
        self.expiry_policy = policy;
        self
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

    /// Pins the file by its checksum: the `x-amz-checksum-<algorithm>`
    /// field (base64 of `digest`, the raw checksum) and its exact-match
    /// condition, so S3 refuses another file (`BadDigest`). A digest of
    /// the wrong length is an [`ErrorKind::InvalidChecksum`](crate::ErrorKind::InvalidChecksum) error when
    /// signing.
    ///
    /// ```
    /// use awssig::{Credentials, ErrorKind, SigningTime, s3::{Bucket, ChecksumAlgorithm}};
    /// let creds = Credentials::new("AKID", "secret")?;
    /// let bucket = Bucket::new("uploads", "eu-west-1")?;
    /// let form = bucket.post_policy("k").checksum(ChecksumAlgorithm::Sha256, &[0; 32]).sign_v4(&creds, SigningTime::from_unix(0)?)?;
    /// assert_eq!(form.field("x-amz-checksum-sha256"), Some("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="));
    /// assert!(form.policy_json().contains(r#"{"x-amz-checksum-sha256": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="}"#));
    /// let err = bucket.post_policy("k").checksum(ChecksumAlgorithm::Sha1, &[0; 32]).sign_v4(&creds, SigningTime::from_unix(0)?).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::InvalidChecksum);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn checksum(mut self, algorithm: ChecksumAlgorithm, digest: &[u8]) -> Self {
        match pin::checksum_from_digest(algorithm, digest) {
            Ok(v) => self.field_exact(algorithm.header_name(), v),
            Err(e) => {
                self.invalid.get_or_insert(e);
                self
            }
        }
    }

    /// [`PostPolicy::checksum`] from the base64 value; one that is not the
    /// canonical base64 of a digest of the algorithm's length is an
    /// [`ErrorKind::InvalidChecksum`](crate::ErrorKind::InvalidChecksum) error when signing (as is an
    /// `x-amz-checksum-*` field given any other way).
    ///
    /// ```
    /// use awssig::{Credentials, ErrorKind, SigningTime, s3::{Bucket, ChecksumAlgorithm}};
    /// let creds = Credentials::new("AKID", "secret")?;
    /// let bucket = Bucket::new("uploads", "eu-west-1")?;
    /// let form = bucket.post_policy("k")
    ///     .checksum_base64(ChecksumAlgorithm::Sha1, "2jmj7l5rSw0yVb/vlWAYkK/YBwk=")
    ///     .sign_v4(&creds, SigningTime::from_unix(0)?)?;
    /// assert_eq!(form.field("x-amz-checksum-sha1"), Some("2jmj7l5rSw0yVb/vlWAYkK/YBwk="));
    /// let err = bucket.post_policy("k").checksum_base64(ChecksumAlgorithm::Sha1, "2jmj7l5rSw0yVb")
    ///     .sign_v4(&creds, SigningTime::from_unix(0)?).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::InvalidChecksum);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn checksum_base64(self, algorithm: ChecksumAlgorithm, value: impl Into<String>) -> Self {
        self.field_exact(algorithm.header_name(), value)
    }
}
