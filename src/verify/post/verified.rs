//! What a valid POST upload proved: [`VerifiedPost`].

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::post::fields::X_AMZ_SECURITY_TOKEN;
use crate::post::{Condition, Policy};
use crate::time::SigningTime;
use crate::verify::Verified;
use crate::SignatureVersion;

use super::conditions::condition_field;
use super::fields::find;

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
    pub(super) verified: Verified,
    pub(super) version: SignatureVersion,
    pub(super) key: String,
    pub(super) policy: Policy,
    pub(super) fields: Vec<(String, String)>,
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
