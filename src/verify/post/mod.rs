//! Browser POST uploads: the policy signature (SigV4 or SigV2), the
//! policy's expiration, every condition, and the coverage rule (every
//! form field needs a condition). The policy document itself is read by
//! `post::policy_parse`, beside its writer.
//!
//! [`Verifier::verify_post`] runs the steps, one concern a file: the
//! form's fields (`fields.rs`), its auth fields and signature (`auth.rs`),
//! the policy's conditions (`conditions.rs`); its answer is a
//! [`VerifiedPost`] (`verified.rs`).

mod auth;
mod conditions;
mod fields;
mod verified;

pub use auth::MAX_POLICY_LEN;
pub use verified::VerifiedPost;

use alloc::string::{String, ToString};

use crate::error::Result;
use crate::post::fields::KEY;
use crate::post::policy_parse;
use crate::time::SigningTime;

use super::verified::Proof;
use super::{SecretLookup, Verified, Verifier};

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
        let mut fields = fields::collect(post.fields)?;
        let auth = auth::check(self, &fields, lookup)?;

        let parsed = policy_parse::parse_base64(&auth.policy_b64)?;
        conditions::check_expiration(parsed.expiration, now)?;
        fields::substitute_filename(&mut fields, post.file_name());
        conditions::check(&parsed.rules, &fields, post.bucket, post.file_len)?;

        let expiration = parsed.expiration;
        let (signed_at, region, service) = auth
            .scope
            .unwrap_or_else(|| (expiration, String::new(), String::from("s3")));
        let verified = Verified::new(Proof {
            access_key_id: &auth.access_key_id,
            region: &region,
            service: &service,
            signed_headers: [],
            session_token: auth.session_token.as_deref(),
            signed_at,
            expires_at: Some(expiration),
            signature: &auth.signature,
        });
        let key = fields::find(&fields, KEY).unwrap_or_default().to_string();
        Ok(VerifiedPost {
            verified,
            version: auth.version,
            key,
            policy: parsed.into_policy(),
            fields,
        })
    }
}
