//! Browser POST uploads: the policy signature (SigV4 or SigV2), the
//! policy's expiration, every condition, and the coverage rule (every
//! form field needs a condition). The policy document itself is read by
//! `post::policy_parse`, beside its writer.

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use base64::Engine;
use subtle::ConstantTimeEq;

use crate::credentials::Credentials;
use crate::encode;
use crate::error::{Error, Result, S3ErrorCode};
use crate::post::fields::{
    is_exempt, is_signers, is_single, AWS_ACCESS_KEY_ID, FILE, KEY, POLICY, SIGNATURE,
    X_AMZ_ALGORITHM, X_AMZ_CREDENTIAL, X_AMZ_DATE, X_AMZ_SECURITY_TOKEN, X_AMZ_SIGNATURE,
};
use crate::post::policy_parse::{self, bad_policy};
use crate::post::{policy_signature_v4, signature_v2, Condition, Policy};
use crate::syntax;
use crate::time::SigningTime;
use crate::v4::ALGORITHM;
use crate::SignatureVersion;

use super::v4::parse_credential;
use super::verified::Proof;
use super::{mismatch, secret_of, SecretLookup, Verified, Verifier};

/// The longest `policy` field accepted, in bytes of base64: S3 limits all
/// the fields before the file to 20 KiB.
///
/// ```
/// assert_eq!(awssig::verify::MAX_POLICY_LEN, 20 * 1024);
/// ```
pub const MAX_POLICY_LEN: usize = 20 * 1024;

/// The SigV4 auth fields, and how S3 names them when one is missing.
const V4_AUTH: [(&str, &str); 4] = [
    (X_AMZ_ALGORITHM, "X-Amz-Algorithm"),
    (X_AMZ_CREDENTIAL, "X-Amz-Credential"),
    (X_AMZ_DATE, "X-Amz-Date"),
    (X_AMZ_SIGNATURE, "X-Amz-Signature"),
];

/// The SigV2 auth fields, and how S3 names them when one is missing.
const V2_AUTH: [(&str, &str); 2] = [
    (AWS_ACCESS_KEY_ID, "AWSAccessKeyId"),
    (SIGNATURE, "Signature"),
];

/// A browser POST upload as the server received it: the bucket it was
/// posted to, the form fields in order (names in any case), and the
/// file part's length and file name.
///
/// Fields from one named `file` on are ignored, as S3 ignores everything
/// after the file. A field sent twice is matched as its values joined by
/// commas (the S3 documentation's rule), except the auth fields and `key`,
/// which must appear once.
///
/// ```
/// use awssig::verify::IncomingPost;
/// let fields = [("key", "uploads/${filename}"), ("policy", "…")];
/// let post = IncomingPost::new("photos", &fields, 1024).filename("C:\\pics\\cat.jpg");
/// assert_eq!(post.bucket(), "photos");
/// ```
#[derive(Clone, Copy, Debug)]
pub struct IncomingPost<'a> {
    bucket: &'a str,
    fields: &'a [(&'a str, &'a str)],
    file_len: u64,
    filename: Option<&'a str>,
}

impl<'a> IncomingPost<'a> {
    /// A POST to `bucket` with these form fields and a file of `file_len`
    /// bytes (checked against `content-length-range`).
    ///
    /// ```
    /// let post = awssig::verify::IncomingPost::new("photos", &[("key", "a.txt")], 3);
    /// assert_eq!(post.file_len(), 3);
    /// ```
    pub fn new(bucket: &'a str, fields: &'a [(&'a str, &'a str)], file_len: u64) -> Self {
        IncomingPost {
            bucket,
            fields,
            file_len,
            filename: None,
        }
    }

    /// The `filename` parameter of the file part's `Content-Disposition`.
    /// It replaces `${filename}` in the form's fields before the
    /// conditions are checked; only the text after the last `/` or `\`
    /// is used, as S3 does. Without it (no `filename` parameter at all),
    /// `${filename}` stays as it is, as S3 was observed to do; an empty
    /// name replaces it with nothing.
    ///
    /// ```
    /// let post = awssig::verify::IncomingPost::new("b", &[], 0).filename("/home/me/a.txt");
    /// assert_eq!(post.file_name(), Some("a.txt"));
    /// ```
    pub fn filename(mut self, name: &'a str) -> Self {
        self.filename = Some(name);
        self
    }

    /// The bucket the form was posted to.
    ///
    /// ```
    /// assert_eq!(awssig::verify::IncomingPost::new("b", &[], 0).bucket(), "b");
    /// ```
    pub fn bucket(&self) -> &'a str {
        self.bucket
    }

    /// The file's length in bytes.
    ///
    /// ```
    /// assert_eq!(awssig::verify::IncomingPost::new("b", &[], 7).file_len(), 7);
    /// ```
    pub fn file_len(&self) -> u64 {
        self.file_len
    }

    /// The file name that replaces `${filename}`: the given name after its
    /// last `/` or `\`.
    ///
    /// ```
    /// let post = awssig::verify::IncomingPost::new("b", &[], 0).filename("C:\\x\\y.png");
    /// assert_eq!(post.file_name(), Some("y.png"));
    /// ```
    pub fn file_name(&self) -> Option<&'a str> {
        self.filename
            .map(|n| n.rsplit(['/', '\\']).next().unwrap_or(n))
    }
}

/// What a valid POST upload proved: who signed its policy, with which
/// signature version, until when, and the key to store the file under.
///
/// ```
/// use awssig::{Credentials, SigningTime, s3::Bucket, verify::{IncomingPost, Verifier}};
/// let creds = Credentials::new("AKID", "secret")?;
/// let form = Bucket::new("photos", "eu-west-1")?.post_policy("u/${filename}").sign_v4(&creds, SigningTime::from_unix(0)?)?;
/// let fields: Vec<(&str, &str)> = form.fields().collect();
/// let post = IncomingPost::new("photos", &fields, 10).filename("cat.jpg");
/// let ok = Verifier::s3().verify_post(&post, SigningTime::from_unix(60)?, |_: &str| Some("secret".to_string()))?;
/// assert_eq!((ok.access_key_id(), ok.key()), ("AKID", "u/cat.jpg"));
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct VerifiedPost {
    /// Who signed, the scope, the signature and the session token. A
    /// SigV2 form signs no time and no scope: it is reported as a SigV2
    /// presigned URL is, signed at its expiration, region empty, service
    /// `s3` (and [`VerifiedPost::signed_at`], [`VerifiedPost::region`]
    /// say `None`).
    verified: Verified,
    version: SignatureVersion,
    key: String,
    policy: Policy,
    fields: Vec<(String, String)>,
}

impl VerifiedPost {
    fn is_v4(&self) -> bool {
        self.version == SignatureVersion::V4
    }

    /// The access key id that signed the policy.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket, verify::{IncomingPost, Verifier}};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// # let form = Bucket::new("photos", "eu-west-1")?.post_policy("k").sign_v4(&creds, SigningTime::from_unix(0)?)?;
    /// # let fields: Vec<(&str, &str)> = form.fields().collect();
    /// # let ok = Verifier::s3().verify_post(&IncomingPost::new("photos", &fields, 0), SigningTime::from_unix(1)?, |_: &str| Some("secret".to_string()))?;
    /// assert_eq!(ok.access_key_id(), "AKID");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn access_key_id(&self) -> &str {
        self.verified.access_key_id()
    }

    /// SigV4 (`x-amz-signature`) or SigV2 (`signature`).
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::{Bucket, SignatureVersion}, verify::{IncomingPost, Verifier}};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// # let form = Bucket::new("photos", "eu-west-1")?.post_policy("k").sign_v2(&creds, SigningTime::from_unix(0)?)?;
    /// # let fields: Vec<(&str, &str)> = form.fields().collect();
    /// # let ok = Verifier::s3().verify_post(&IncomingPost::new("photos", &fields, 0), SigningTime::from_unix(1)?, |_: &str| Some("secret".to_string()))?;
    /// assert_eq!(ok.signature_version(), SignatureVersion::V2);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn signature_version(&self) -> SignatureVersion {
        self.version
    }

    /// The form's `x-amz-date` (SigV4; `None` for SigV2).
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket, verify::{IncomingPost, Verifier}};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// # let form = Bucket::new("photos", "eu-west-1")?.post_policy("k").sign_v4(&creds, SigningTime::from_unix(0)?)?;
    /// # let fields: Vec<(&str, &str)> = form.fields().collect();
    /// # let ok = Verifier::s3().verify_post(&IncomingPost::new("photos", &fields, 0), SigningTime::from_unix(1)?, |_: &str| Some("secret".to_string()))?;
    /// assert_eq!(ok.signed_at().map(|t| t.unix()), Some(0));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn signed_at(&self) -> Option<SigningTime> {
        self.is_v4().then_some(self.verified.signed_at())
    }

    /// The region of the SigV4 credential scope (`None` for SigV2).
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket, verify::{IncomingPost, Verifier}};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// # let form = Bucket::new("photos", "eu-west-1")?.post_policy("k").sign_v4(&creds, SigningTime::from_unix(0)?)?;
    /// # let fields: Vec<(&str, &str)> = form.fields().collect();
    /// # let ok = Verifier::s3().verify_post(&IncomingPost::new("photos", &fields, 0), SigningTime::from_unix(1)?, |_: &str| Some("secret".to_string()))?;
    /// assert_eq!(ok.region(), Some("eu-west-1"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn region(&self) -> Option<&str> {
        self.is_v4().then_some(self.verified.region())
    }

    /// When the policy expires.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket, verify::{IncomingPost, Verifier}};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// # let form = Bucket::new("photos", "eu-west-1")?.post_policy("k").expires_in(60).sign_v4(&creds, SigningTime::from_unix(0)?)?;
    /// # let fields: Vec<(&str, &str)> = form.fields().collect();
    /// # let ok = Verifier::s3().verify_post(&IncomingPost::new("photos", &fields, 0), SigningTime::from_unix(1)?, |_: &str| Some("secret".to_string()))?;
    /// assert_eq!(ok.expiration().unix(), 60);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn expiration(&self) -> SigningTime {
        self.policy.expiration()
    }

    /// The object key: the `key` field with `${filename}` replaced.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket, verify::{IncomingPost, Verifier}};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// # let form = Bucket::new("photos", "eu-west-1")?.post_policy("in/${filename}").sign_v4(&creds, SigningTime::from_unix(0)?)?;
    /// # let fields: Vec<(&str, &str)> = form.fields().collect();
    /// let post = IncomingPost::new("photos", &fields, 0).filename("dir/a b.txt");
    /// # let ok = Verifier::s3().verify_post(&post, SigningTime::from_unix(1)?, |_: &str| Some("secret".to_string()))?;
    /// assert_eq!(ok.key(), "in/a b.txt");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The decoded policy: its expiration and conditions, in order.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket, verify::{IncomingPost, Verifier}};
    /// use awssig::post::Condition;
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// # let form = Bucket::new("photos", "eu-west-1")?.post_policy("k").sign_v4(&creds, SigningTime::from_unix(0)?)?;
    /// # let fields: Vec<(&str, &str)> = form.fields().collect();
    /// # let ok = Verifier::s3().verify_post(&IncomingPost::new("photos", &fields, 0), SigningTime::from_unix(1)?, |_: &str| Some("secret".to_string()))?;
    /// assert_eq!(ok.policy().conditions()[0], Condition::exact("bucket", "photos"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// The policy's conditions, in order (`{"k": "v"}` as
    /// [`Condition::Exact`], field names without `$`, as written).
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket, verify::{IncomingPost, Verifier}};
    /// use awssig::post::Condition;
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// # let form = Bucket::new("photos", "eu-west-1")?.post_policy("k").content_length_range(1, 5).sign_v4(&creds, SigningTime::from_unix(0)?)?;
    /// # let fields: Vec<(&str, &str)> = form.fields().collect();
    /// # let ok = Verifier::s3().verify_post(&IncomingPost::new("photos", &fields, 3), SigningTime::from_unix(1)?, |_: &str| Some("secret".to_string()))?;
    /// assert_eq!(ok.conditions()[0], Condition::content_length_range(1, 5));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn conditions(&self) -> &[Condition] {
        self.policy.conditions()
    }

    /// The `x-amz-security-token` field, for the server to check.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket, verify::{IncomingPost, Verifier}};
    /// # let creds = Credentials::new("AKID", "secret")?.with_session_token("tok")?;
    /// # let form = Bucket::new("photos", "eu-west-1")?.post_policy("k").sign_v4(&creds, SigningTime::from_unix(0)?)?;
    /// # let fields: Vec<(&str, &str)> = form.fields().collect();
    /// # let ok = Verifier::s3().verify_post(&IncomingPost::new("photos", &fields, 0), SigningTime::from_unix(1)?, |_: &str| Some("secret".to_string()))?;
    /// assert_eq!(ok.session_token(), Some("tok"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn session_token(&self) -> Option<&str> {
        self.verified.session_token()
    }

    /// The signature bytes (32 for SigV4, 20 for SigV2): record them to
    /// make a form usable once.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket, verify::{IncomingPost, Verifier}};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// # let form = Bucket::new("photos", "eu-west-1")?.post_policy("k").sign_v4(&creds, SigningTime::from_unix(0)?)?;
    /// # let fields: Vec<(&str, &str)> = form.fields().collect();
    /// # let ok = Verifier::s3().verify_post(&IncomingPost::new("photos", &fields, 0), SigningTime::from_unix(1)?, |_: &str| Some("secret".to_string()))?;
    /// assert_eq!(ok.signature().len(), 32);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn signature(&self) -> &[u8] {
        self.verified.signature()
    }

    /// The form fields before the file, as checked: repeated names joined
    /// with commas, `${filename}` replaced (names as sent).
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket, verify::{IncomingPost, Verifier}};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// # let form = Bucket::new("photos", "eu-west-1")?.post_policy("k").acl("private").sign_v4(&creds, SigningTime::from_unix(0)?)?;
    /// # let fields: Vec<(&str, &str)> = form.fields().collect();
    /// # let ok = Verifier::s3().verify_post(&IncomingPost::new("photos", &fields, 0), SigningTime::from_unix(1)?, |_: &str| Some("secret".to_string()))?;
    /// assert_eq!(ok.field("ACL"), Some("private"));
    /// assert_eq!(ok.fields()[0].0, "acl");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn fields(&self) -> &[(String, String)] {
        &self.fields
    }

    /// A field's value by name, compared case-insensitively (see
    /// [`VerifiedPost::fields`]).
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket, verify::{IncomingPost, Verifier}};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// # let form = Bucket::new("photos", "eu-west-1")?.post_policy("k").content_type("image/png").sign_v4(&creds, SigningTime::from_unix(0)?)?;
    /// # let fields: Vec<(&str, &str)> = form.fields().collect();
    /// # let ok = Verifier::s3().verify_post(&IncomingPost::new("photos", &fields, 0), SigningTime::from_unix(1)?, |_: &str| Some("secret".to_string()))?;
    /// assert_eq!(ok.field("content-type"), Some("image/png"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn field(&self, name: &str) -> Option<&str> {
        find(&self.fields, name)
    }
}

impl fmt::Debug for VerifiedPost {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The session token is a credential: never shown, neither as a
        // field nor as the policy condition that names it.
        let conditions: Vec<String> = self
            .policy
            .conditions()
            .iter()
            .map(|c| match condition_field(c) {
                Some(f) if f.eq_ignore_ascii_case(X_AMZ_SECURITY_TOKEN) => {
                    String::from("<x-amz-security-token: redacted>")
                }
                _ => c.to_json(),
            })
            .collect();
        f.debug_struct("VerifiedPost")
            .field("access_key_id", &self.access_key_id())
            .field("version", &self.version)
            .field("signed_at", &self.signed_at())
            .field("region", &self.region())
            .field("key", &self.key)
            .field("expiration", &self.policy.expiration())
            .field("conditions", &conditions)
            .field("session_token", &self.session_token().map(|_| "<redacted>"))
            .finish()
    }
}

fn find<'f>(fields: &'f [(String, String)], name: &str) -> Option<&'f str> {
    fields
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

fn invalid_arg(msg: impl Into<String>) -> Error {
    Error::rejected(S3ErrorCode::InvalidArgument, msg)
}

fn missing(name: &str) -> Error {
    invalid_arg(alloc::format!(
        "Bucket POST must contain a field named '{name}'.  If it is specified, please check the order of the fields."
    ))
}

fn denied(msg: impl fmt::Display) -> Error {
    Error::rejected(
        S3ErrorCode::AccessDenied,
        alloc::format!("Invalid according to Policy: {msg}"),
    )
}

/// The form fields before `file`, repeated names joined (auth fields and
/// `key` must be single).
fn collect_fields(post: &IncomingPost<'_>) -> Result<Vec<(String, String)>> {
    let mut out: Vec<(String, String)> = Vec::with_capacity(post.fields.len());
    for (name, value) in post.fields {
        if name.eq_ignore_ascii_case(FILE) {
            break;
        }
        match out.iter_mut().find(|(n, _)| n.eq_ignore_ascii_case(name)) {
            Some(_) if is_single(name) => {
                return Err(invalid_arg(alloc::format!(
                    "the form field '{name}' appears more than once"
                )))
            }
            Some((_, v)) => {
                v.push(',');
                v.push_str(value);
            }
            None => out.push((name.to_string(), value.to_string())),
        }
    }
    Ok(out)
}

/// The field a condition names (without `$`), if it names one.
fn condition_field(c: &Condition) -> Option<&str> {
    match c {
        Condition::Exact { name, .. } => Some(name),
        Condition::Eq { field, .. } | Condition::StartsWith { field, .. } => Some(field),
        _ => None,
    }
}

/// The values a condition on `name` is checked against: the bucket posted
/// to (and a `bucket` field, if sent) for `bucket`, the field otherwise.
fn values_of<'v>(fields: &'v [(String, String)], bucket: &'v str, name: &str) -> Vec<&'v str> {
    let mut out = Vec::with_capacity(2);
    if name.eq_ignore_ascii_case("bucket") {
        out.push(bucket);
    }
    if let Some(v) = find(fields, name) {
        out.push(v);
    }
    out
}

fn holds(c: &Condition, fields: &[(String, String)], bucket: &str) -> bool {
    match c {
        Condition::Exact { name, value } | Condition::Eq { field: name, value } => {
            let values = values_of(fields, bucket, name);
            !values.is_empty() && values.iter().all(|v| v == value)
        }
        Condition::StartsWith { field, prefix } => {
            let values = values_of(fields, bucket, field);
            let list = field.eq_ignore_ascii_case("content-type");
            !values.is_empty()
                && values.iter().all(|v| {
                    if list {
                        v.split(',')
                            .all(|part| syntax::trim_ows_str(part).starts_with(prefix.as_str()))
                    } else {
                        v.starts_with(prefix.as_str())
                    }
                })
        }
        _ => true,
    }
}

impl Verifier {
    /// Verifies a browser POST upload (SigV4 or SigV2 form fields) as S3
    /// does, in this order:
    ///
    /// 1. the auth fields (`x-amz-algorithm`, `x-amz-credential`,
    ///    `x-amz-date`, `x-amz-signature`, or `AWSAccessKeyId`,
    ///    `signature`), `policy` and `key` are present, once
    ///    (`InvalidArgument`; none of them: `AccessDenied`, an anonymous
    ///    upload); field names compare case-insensitively;
    /// 2. the credential's scope (service, the verifier's region, its day
    ///    equal to `x-amz-date`'s) and the access key (`InvalidAccessKeyId`);
    /// 3. the signature over the base64 policy text as received, in
    ///    constant time (`SignatureDoesNotMatch`), computed with the code
    ///    that signs forms ([`crate::s3::PostPolicy::sign_v4`],
    ///    [`crate::post::signature_v2`]);
    /// 4. the policy: base64, UTF-8, strict JSON with `expiration` and
    ///    `conditions` (`InvalidPolicyDocument`, with S3's wording);
    /// 5. `expiration` against `now` (`AccessDenied` "Invalid according to
    ///    Policy: Policy expired."; valid up to and including the instant);
    /// 6. each condition, in order, against the fields after `${filename}`
    ///    substitution (`AccessDenied` "Invalid according to Policy: Policy
    ///    Condition failed: […]"); a condition on a field the form lacks
    ///    fails, even `starts-with ""`; `bucket` conditions are checked
    ///    against the bucket posted to; a `starts-with` on `Content-Type`
    ///    applies to each comma-separated type;
    /// 7. every field is covered by a condition except `policy`, the
    ///    signature fields, `AWSAccessKeyId`, `file` and `x-ignore-*`
    ///    (`AccessDenied` "Invalid according to Policy: Extra input
    ///    fields: …");
    /// 8. `content-length-range` against the file's length
    ///    (`EntityTooSmall`, `EntityTooLarge`; inclusive bounds).
    ///
    /// ```
    /// use awssig::{Credentials, S3ErrorCode, SigningTime, s3::Bucket};
    /// use awssig::verify::{IncomingPost, Verifier};
    /// let creds = Credentials::new("AKID", "secret")?;
    /// let form = Bucket::new("photos", "eu-west-1")?
    ///     .post_policy("users/42/${filename}")
    ///     .content_length_range(1, 1024)
    ///     .sign_v4(&creds, SigningTime::from_unix(1_700_000_000)?)?;
    /// let fields: Vec<(&str, &str)> = form.fields().collect();
    /// let lookup = |id: &str| (id == "AKID").then(|| "secret".to_string());
    /// let now = SigningTime::from_unix(1_700_000_060)?;
    /// let v = Verifier::s3().region("eu-west-1");
    ///
    /// let ok = v.verify_post(&IncomingPost::new("photos", &fields, 100).filename("cat.jpg"), now, lookup)?;
    /// assert_eq!(ok.key(), "users/42/cat.jpg");
    ///
    /// let err = v.verify_post(&IncomingPost::new("photos", &fields, 2048), now, lookup).unwrap_err();
    /// assert_eq!(err.s3_code(), Some(S3ErrorCode::EntityTooLarge));
    /// let mut extra = fields.clone();
    /// extra.insert(0, ("acl", "public-read"));
    /// let err = v.verify_post(&IncomingPost::new("photos", &extra, 100), now, lookup).unwrap_err();
    /// assert_eq!(err.to_string(), "Invalid according to Policy: Extra input fields: acl");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn verify_post(
        &self,
        post: &IncomingPost<'_>,
        now: SigningTime,
        lookup: impl SecretLookup,
    ) -> Result<VerifiedPost> {
        let mut fields = collect_fields(post)?;
        let get = |n: &str| find(&fields, n).map(String::from);
        let found = |auth: &[(&str, &str)]| auth.iter().any(|(n, _)| find(&fields, n).is_some());
        let (v4, v2) = (found(&V4_AUTH), found(&V2_AUTH));
        if v4 && v2 {
            return Err(invalid_arg(
                "Only one auth mechanism allowed: the form has both SigV4 (X-Amz-*) and SigV2 (AWSAccessKeyId, Signature) fields",
            ));
        }
        if !v4 && !v2 {
            return Err(Error::rejected(
                S3ErrorCode::AccessDenied,
                "Access Denied: the form carries no signature (an anonymous upload)",
            ));
        }
        let auth: &[(&str, &str)] = if v4 { &V4_AUTH } else { &V2_AUTH };
        for (n, shown) in auth.iter().chain(&[(POLICY, "Policy"), (KEY, "key")]) {
            if find(&fields, n).is_none() {
                return Err(missing(shown));
            }
        }
        let policy_b64 = get(POLICY).unwrap_or_default();
        if policy_b64.len() > MAX_POLICY_LEN {
            return Err(bad_policy(alloc::format!(
                "the policy field is {} bytes; at most {MAX_POLICY_LEN} are accepted",
                policy_b64.len()
            )));
        }
        let session_token = get(X_AMZ_SECURITY_TOKEN);

        // The time and scope are SigV4's alone.
        let (access_key_id, scope, signature) = if v4 {
            let alg = get(X_AMZ_ALGORITHM).unwrap_or_default();
            if alg != ALGORITHM {
                return Err(invalid_arg(alloc::format!(
                    "X-Amz-Algorithm {alg:?} is not supported; only {ALGORITHM}"
                )));
            }
            let credential = get(X_AMZ_CREDENTIAL).unwrap_or_default();
            let cred = parse_credential(&credential, invalid_arg)?;
            let date = get(X_AMZ_DATE).unwrap_or_default();
            let signed_at = SigningTime::from_amz_date(&date).map_err(|_| {
                invalid_arg(alloc::format!(
                    "X-Amz-Date must be formated via ISO8601 Long format: {date:?}"
                ))
            })?;
            self.check_scope(&cred, &signed_at, invalid_arg)?;
            let provided = get(X_AMZ_SIGNATURE).unwrap_or_default();
            let secret = secret_of(&lookup, cred.access_key_id)?;
            let provided = encode::unhex32(&provided).ok_or_else(mismatch)?;
            let expected = policy_signature_v4(
                &self.cache,
                &secret,
                cred.date,
                cred.region,
                cred.service,
                &policy_b64,
            );
            if !bool::from(expected.bytes.ct_eq(&provided)) {
                return Err(mismatch());
            }
            let scope = (signed_at, cred.region.to_string(), cred.service.to_string());
            (
                cred.access_key_id.to_string(),
                Some(scope),
                provided.to_vec(),
            )
        } else {
            let akid = get(AWS_ACCESS_KEY_ID).unwrap_or_default();
            let provided = get(SIGNATURE).unwrap_or_default();
            let secret = secret_of(&lookup, &akid)?;
            let creds = Credentials::new(akid.clone(), secret.as_str())
                .map_err(|e| Error::rejected(S3ErrorCode::InvalidAccessKeyId, e.to_string()))?;
            let expected = signature_v2(&creds, &policy_b64);
            if !bool::from(expected.as_bytes().ct_eq(provided.as_bytes())) {
                return Err(mismatch());
            }
            let raw = base64::engine::general_purpose::STANDARD
                .decode(provided.as_bytes())
                .unwrap_or_default();
            (akid, None, raw)
        };

        let parsed = policy_parse::parse_base64(&policy_b64)?;
        let rules = &parsed.rules;
        if now.unix() > parsed.expiration.unix() {
            return Err(denied("Policy expired."));
        }

        if let Some(name) = post.file_name() {
            for (n, v) in fields.iter_mut() {
                if !is_signers(n) && v.contains("${filename}") {
                    *v = v.replace("${filename}", name);
                }
            }
        }
        for rule in rules {
            match &rule.condition {
                Some(c) if holds(c, &fields, post.bucket) => {}
                _ => {
                    return Err(denied(alloc::format!(
                        "Policy Condition failed: {}",
                        rule.text
                    )))
                }
            }
        }
        for (name, _) in &fields {
            let covered = rules
                .iter()
                .filter_map(|r| r.condition.as_ref().and_then(condition_field))
                .any(|f| f.eq_ignore_ascii_case(name));
            if !covered && !is_exempt(name) {
                return Err(denied(alloc::format!("Extra input fields: {name}")));
            }
        }
        for rule in rules {
            if let Some(Condition::ContentLengthRange { min, max }) = rule.condition {
                let len = i128::from(post.file_len);
                if len < i128::from(min) {
                    return Err(Error::rejected(
                        S3ErrorCode::EntityTooSmall,
                        alloc::format!("Your proposed upload is smaller than the minimum allowed size (ProposedSize {}, MinSizeAllowed {min})", post.file_len),
                    ));
                }
                if len > i128::from(max) {
                    return Err(Error::rejected(
                        S3ErrorCode::EntityTooLarge,
                        alloc::format!("Your proposed upload exceeds the maximum allowed size (ProposedSize {}, MaxSizeAllowed {max})", post.file_len),
                    ));
                }
            }
        }

        let expiration = parsed.expiration;
        let (signed_at, region, service) =
            scope.unwrap_or_else(|| (expiration, String::new(), String::from("s3")));
        let verified = Verified::new(Proof {
            access_key_id: &access_key_id,
            region: &region,
            service: &service,
            signed_headers: [],
            session_token: session_token.as_deref(),
            signed_at,
            expires_at: Some(expiration),
            signature: &signature,
        });
        let key = find(&fields, KEY).unwrap_or_default().to_string();
        Ok(VerifiedPost {
            verified,
            version: if v4 {
                SignatureVersion::V4
            } else {
                SignatureVersion::V2
            },
            key,
            policy: parsed.into_policy(),
            fields,
        })
    }
}
