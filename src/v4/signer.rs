//! The signer: credentials + settings + a signing-key cache, and the two
//! signing modes built from the steps.

use alloc::string::String;

use crate::credentials::Credentials;
use crate::error::Result;
use crate::expiry_policy::{self, ExpiryPolicy};
use crate::time::SigningTime;

use super::configured::Configured;
use super::context::Context;
use super::header::SignedHeaders;
use super::presign::PresignedQuery;
use super::{Request, SigningSettings};

/// Signs requests with one set of credentials for one service and region.
///
/// It caches the signing key, so signing many requests a day derives it
/// once. Share it between threads freely (`Send + Sync`).
///
/// ```
/// use awssig::{Credentials, SigningTime};
/// use awssig::v4::{Request, Signer, SigningSettings};
/// let signer = Signer::new(
///     Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")?,
///     SigningSettings::new("iam", "us-east-1"),
/// )?;
/// let headers = [("Host", "iam.amazonaws.com"), ("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")];
/// let query = [("Action", "ListUsers"), ("Version", "2010-05-08")];
/// let req = Request::new("GET", "/").query_pairs(&query).headers(&headers);
/// let signed = signer.sign_headers(&req, SigningTime::from_amz_date("20150830T123600Z")?)?;
/// assert_eq!(signed.signature(), "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Debug)]
pub struct Signer {
    credentials: Credentials,
    configured: Configured,
    expiry_policy: ExpiryPolicy,
}

/// The intermediate texts of one signature, for debugging and for checking
/// against published examples (the same code that signs wrote them).
///
/// ```
/// use awssig::{Credentials, SigningTime};
/// use awssig::v4::{Request, Signer, SigningSettings};
/// let signer = Signer::new(Credentials::new("AKID", "secret")?, SigningSettings::new("service", "us-east-1"))?;
/// let h = [("Host", "example.amazonaws.com")];
/// let steps = signer.sign_headers_steps(&Request::new("GET", "/").headers(&h), SigningTime::from_unix(0)?)?;
/// assert!(steps.canonical_request.starts_with("GET\n/\n\nhost:example.amazonaws.com\n"));
/// assert!(steps.string_to_sign.starts_with("AWS4-HMAC-SHA256\n19700101T000000Z\n"));
/// assert_eq!(steps.signature.len(), 64);
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Steps {
    /// Step 1.
    pub canonical_request: String,
    /// Step 2.
    pub string_to_sign: String,
    /// Step 4, lowercase hex.
    pub signature: String,
}

impl Signer {
    /// A signer; checks the settings (region, service).
    ///
    /// ```
    /// use awssig::{Credentials, v4::{Signer, SigningSettings}};
    /// let creds = || Credentials::new("AKID", "secret").unwrap();
    /// assert!(Signer::new(creds(), SigningSettings::s3("us-east-1")).is_ok());
    /// assert!(Signer::new(creds(), SigningSettings::s3("")).is_err());
    /// ```
    pub fn new(credentials: Credentials, settings: SigningSettings) -> Result<Self> {
        Ok(Signer {
            credentials,
            configured: Configured::new(settings)?,
            expiry_policy: ExpiryPolicy::Refuse,
        })
    }

    /// What [`Signer::presign`] does when the credentials expire before
    /// the URL would (see [`ExpiryPolicy`]): refuse (the default) or clamp
    /// `X-Amz-Expires` to end with them.
    ///
    /// ```
    /// use awssig::{Credentials, ExpiryPolicy, SigningTime};
    /// use awssig::v4::{Request, Signer, SigningSettings};
    /// let creds = Credentials::new("ASIAEXAMPLE", "secret")?.expiring_at(SigningTime::from_unix(1_000)?);
    /// let signer = Signer::new(creds, SigningSettings::s3("us-east-1"))?.expiry_policy(ExpiryPolicy::Clamp);
    /// let host = [("host", "b.s3.amazonaws.com")];
    /// let q = signer.presign(&Request::new("GET", "/k").headers(&host), SigningTime::from_unix(400)?, 3600)?;
    /// assert!(q.as_str().contains("&X-Amz-Expires=600&"));
    /// assert_eq!(q.expires_at().unix(), 1_000);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn expiry_policy(mut self, policy: ExpiryPolicy) -> Self {
        self.expiry_policy = policy;
        self
    }

    /// The lifetime [`Signer::presign`] signs for: `expires_in`, checked,
    /// with the [`ExpiryPolicy`] applied.
    fn lifetime(&self, time: SigningTime, expires_in: u64) -> Result<u64> {
        expiry_policy::signer_lifetime(
            &self.credentials,
            time,
            expires_in,
            self.expiry_policy,
            || super::presign::check_expires(expires_in),
        )
    }

    /// The credentials.
    ///
    /// ```
    /// # use awssig::{Credentials, v4::{Signer, SigningSettings}};
    /// let signer = Signer::new(Credentials::new("AKID", "secret")?, SigningSettings::s3("us-east-1"))?;
    /// assert_eq!(signer.credentials().access_key_id(), "AKID");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    /// The settings.
    ///
    /// ```
    /// # use awssig::{Credentials, v4::{Signer, SigningSettings}};
    /// let signer = Signer::new(Credentials::new("AKID", "secret")?, SigningSettings::s3("us-east-1"))?;
    /// assert_eq!(signer.settings().region(), "us-east-1");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn settings(&self) -> &SigningSettings {
        self.configured.settings()
    }

    pub(crate) fn context(&self) -> Context<'_> {
        self.configured.context(&self.credentials)
    }

    /// Signs a request for the `Authorization` header. Returns the headers
    /// to add; the request's own headers are sent as they are.
    ///
    /// Credentials already expired at `time` ([`Credentials::expires_at`])
    /// are an [`ErrorKind::CredentialsExpire`](crate::ErrorKind::CredentialsExpire)
    /// error: the request could only be refused.
    ///
    /// ```
    /// use awssig::{Credentials, SigningTime};
    /// use awssig::v4::{Payload, Request, Signer, SigningSettings};
    /// let creds = Credentials::new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")?;
    /// let signer = Signer::new(creds, SigningSettings::s3("us-east-1"))?;
    /// let headers = [("Host", "examplebucket.s3.amazonaws.com"), ("Range", "bytes=0-9")];
    /// let req = Request::new("GET", "/test.txt").headers(&headers).payload(Payload::Empty);
    /// let signed = signer.sign_headers(&req, SigningTime::from_amz_date("20130524T000000Z")?)?;
    /// assert_eq!(signed.signature(), "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn sign_headers(&self, req: &Request<'_>, time: SigningTime) -> Result<SignedHeaders> {
        expiry_policy::check_alive(&self.credentials, time)?;
        self.context().sign_headers(req, time)
    }

    /// The chunk signer of an aws-chunked upload whose seed request `seed`
    /// is (signed by this signer with a streaming payload, see
    /// [`super::chunked`]): it starts the chain at the seed's signature.
    ///
    /// ```
    /// use awssig::{Credentials, SigningTime};
    /// use awssig::v4::{Payload, Request, Signer, SigningSettings};
    /// let signer = Signer::new(Credentials::new("AKID", "secret")?, SigningSettings::s3("us-east-1"))?;
    /// let h = [("host", "b.s3.amazonaws.com"), ("content-encoding", "aws-chunked")];
    /// let req = Request::new("PUT", "/k").headers(&h).payload(Payload::StreamingSigned);
    /// let seed = signer.sign_headers(&req, SigningTime::from_unix(0)?)?;
    /// let chunks = signer.chunk_signer(&seed)?;
    /// assert_eq!(chunks.previous_signature(), seed.signature());
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn chunk_signer(&self, seed: &SignedHeaders) -> Result<super::chunked::ChunkSigner> {
        self.context().chunk_signer(seed)
    }

    /// The intermediate texts of [`Signer::sign_headers`].
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime};
    /// # use awssig::v4::{Request, Signer, SigningSettings};
    /// # let signer = Signer::new(Credentials::new("AKID", "secret")?, SigningSettings::new("service", "us-east-1"))?;
    /// let h = [("Host", "example.amazonaws.com")];
    /// let req = Request::new("GET", "/").headers(&h);
    /// let t = SigningTime::from_unix(0)?;
    /// assert_eq!(signer.sign_headers_steps(&req, t)?.signature, signer.sign_headers(&req, t)?.signature());
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn sign_headers_steps(&self, req: &Request<'_>, time: SigningTime) -> Result<Steps> {
        expiry_policy::check_alive(&self.credentials, time)?;
        let context = self.context();
        context.with_header_creq(req, &time, |creq, scope, _| {
            context.steps(creq, scope, &time)
        })
    }

    /// Presigns a request: the query string that makes its URL usable for
    /// `expires_in` seconds (1..=604800) without other credentials. Headers
    /// other than `Host` that the request carries are signed too, and
    /// whoever uses the URL must send them with the same values.
    ///
    /// With credentials that expire before `time + expires_in`
    /// ([`Credentials::expires_at`]) it is an
    /// [`ErrorKind::CredentialsExpire`](crate::ErrorKind::CredentialsExpire)
    /// error, or the lifetime is clamped to their end: see
    /// [`Signer::expiry_policy`]. [`PresignedQuery::expires_at`] tells when
    /// the URL stops working.
    ///
    /// ```
    /// use awssig::{Credentials, ErrorKind, SigningTime};
    /// use awssig::v4::{Payload, Request, Signer, SigningSettings};
    /// let signer = Signer::new(Credentials::new("AKID", "secret")?, SigningSettings::s3("us-east-1"))?;
    /// let host = [("host", "b.s3.amazonaws.com")];
    /// let req = Request::new("GET", "/k").headers(&host).payload(Payload::Unsigned);
    /// let err = signer.presign(&req, SigningTime::from_unix(0)?, 604_801).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::InvalidExpiry);
    /// assert_eq!(err.to_string(), "expires_in 604801 s exceeds the SigV4 maximum of 604800 s (7 days)");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn presign(
        &self,
        req: &Request<'_>,
        time: SigningTime,
        expires_in: u64,
    ) -> Result<PresignedQuery> {
        let expires_in = self.lifetime(time, expires_in)?;
        let mut query = String::new();
        let signature =
            self.context()
                .presign_into(req, time, expires_in, &mut query, 0, |_| None)?;
        Ok(PresignedQuery {
            query,
            signature,
            signed_at: time,
            expires_in,
        })
    }

    /// The intermediate texts of [`Signer::presign`].
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime};
    /// # use awssig::v4::{Request, Signer, SigningSettings};
    /// # let signer = Signer::new(Credentials::new("AKID", "secret")?, SigningSettings::new("service", "us-east-1"))?;
    /// let h = [("Host", "example.amazonaws.com")];
    /// let steps = signer.presign_steps(&Request::new("GET", "/").headers(&h), SigningTime::from_unix(0)?, 3600)?;
    /// assert!(steps.canonical_request.contains("&X-Amz-Expires=3600&X-Amz-SignedHeaders=host\n"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn presign_steps(
        &self,
        req: &Request<'_>,
        time: SigningTime,
        expires_in: u64,
    ) -> Result<Steps> {
        let expires_in = self.lifetime(time, expires_in)?;
        let context = self.context();
        context.with_presign_creq(req, &time, expires_in, |creq, scope, _| {
            context.steps(creq, scope, &time)
        })
    }
}
