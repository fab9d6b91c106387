//! The SigV4A signer: credentials, settings (whose region is the region
//! set) and the ECDSA key they derive, signing through v4's pipeline.

use alloc::string::String;

use crate::credentials::Credentials;
use crate::error::Result;
use crate::expiry_policy::{self, ExpiryPolicy};
use crate::time::SigningTime;
use crate::v4::configured::Configured;
use crate::v4::context::Context;
use crate::v4::{PresignedQuery, Request, SignedHeaders, SigningSettings, Steps};

use super::key::{EcdsaKey, PublicKey};

/// Signs requests with SigV4A for one service and region set.
///
/// The settings are v4's ([`SigningSettings`]), and their region is the
/// region set: `*` for any region (S3 multi-region access points),
/// `us-east-1,us-west-2` for a list. The ECDSA key is derived from the
/// credentials once, when the signer is made.
///
/// ```
/// use awssig::{Credentials, SigningTime};
/// use awssig::v4::{Request, SigningSettings};
/// use awssig::v4a::Signer;
/// let creds = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")?;
/// let signer = Signer::new(creds, SigningSettings::new("service", "us-east-1"))?;
/// let h = [("Host", "example.amazonaws.com")];
/// let t = SigningTime::from_amz_date("20150830T123600Z")?;
/// let steps = signer.sign_headers_steps(&Request::new("GET", "/").headers(&h), t)?;
/// assert_eq!(
///     steps.string_to_sign,
///     "AWS4-ECDSA-P256-SHA256\n20150830T123600Z\n20150830/service/aws4_request\n\
///      cf59db423e841c8b7e3444158185aa261b724a5c27cbe762676f3eed19f4dc02"
/// );
/// assert!(signer.public_key().verifies(steps.string_to_sign.as_bytes(), &steps.signature));
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Debug)]
pub struct Signer {
    credentials: Credentials,
    configured: Configured,
    key: EcdsaKey,
    expiry_policy: ExpiryPolicy,
}

impl Clone for Signer {
    /// The same signer; the key is copied, not derived again.
    fn clone(&self) -> Self {
        Signer {
            credentials: self.credentials.clone(),
            configured: self.configured.clone(),
            key: self.key.clone(),
            expiry_policy: self.expiry_policy,
        }
    }
}

impl Signer {
    /// A signer; checks the settings (region set, service) and derives the
    /// key.
    ///
    /// ```
    /// use awssig::{Credentials, v4::SigningSettings, v4a::Signer};
    /// let creds = || Credentials::new("AKID", "secret").unwrap();
    /// assert!(Signer::new(creds(), SigningSettings::s3("*")).is_ok());
    /// assert!(Signer::new(creds(), SigningSettings::s3("")).is_err());
    /// ```
    pub fn new(credentials: Credentials, settings: SigningSettings) -> Result<Self> {
        let key = EcdsaKey::derive(credentials.access_key_id(), credentials.secret_access_key())?;
        Ok(Signer {
            credentials,
            configured: Configured::new(settings)?,
            key,
            expiry_policy: ExpiryPolicy::Refuse,
        })
    }

    /// What [`Signer::presign`] does when the credentials expire before
    /// the URL would (see [`ExpiryPolicy`]).
    ///
    /// ```
    /// use awssig::{Credentials, ExpiryPolicy, SigningTime};
    /// use awssig::v4::{Request, SigningSettings};
    /// let creds = Credentials::new("ASIAEXAMPLE", "secret")?.expiring_at(SigningTime::from_unix(1_000)?);
    /// let signer = awssig::v4a::Signer::new(creds, SigningSettings::s3("*"))?.expiry_policy(ExpiryPolicy::Clamp);
    /// let host = [("host", "b.s3.amazonaws.com")];
    /// let q = signer.presign(&Request::new("GET", "/k").headers(&host), SigningTime::from_unix(400)?, 3600)?;
    /// assert_eq!(q.expires_at().unix(), 1_000);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn expiry_policy(mut self, policy: ExpiryPolicy) -> Self {
        self.expiry_policy = policy;
        self
    }

    fn lifetime(&self, time: SigningTime, expires_in: u64) -> Result<u64> {
        expiry_policy::signer_lifetime(
            &self.credentials,
            time,
            expires_in,
            self.expiry_policy,
            || crate::v4::presign::check_expires(expires_in),
        )
    }

    /// The credentials.
    ///
    /// ```
    /// # use awssig::{Credentials, v4::SigningSettings, v4a::Signer};
    /// let signer = Signer::new(Credentials::new("AKID", "secret")?, SigningSettings::s3("*"))?;
    /// assert_eq!(signer.credentials().access_key_id(), "AKID");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    /// The settings; their region is the region set.
    ///
    /// ```
    /// # use awssig::{Credentials, v4::SigningSettings, v4a::Signer};
    /// let signer = Signer::new(Credentials::new("AKID", "secret")?, SigningSettings::s3("*"))?;
    /// assert_eq!(signer.settings().region(), "*");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn settings(&self) -> &SigningSettings {
        self.configured.settings()
    }

    /// The public key of the signing key, for a verifier that is not given
    /// the secret.
    ///
    /// ```
    /// # use awssig::{Credentials, v4::SigningSettings, v4a::{EcdsaKey, Signer}};
    /// let signer = Signer::new(Credentials::new("AKID", "secret")?, SigningSettings::s3("*"))?;
    /// assert_eq!(signer.public_key(), EcdsaKey::derive("AKID", "secret")?.public_key());
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn public_key(&self) -> PublicKey {
        self.key.public_key()
    }

    pub(crate) fn context(&self) -> Context<'_> {
        self.configured.context(&self.credentials).sigv4a(&self.key)
    }

    /// Signs a request for the `Authorization` header
    /// (`AWS4-ECDSA-P256-SHA256 Credential=AKID/DATE/SERVICE/aws4_request, …`).
    /// Returns the headers to add, `x-amz-region-set` among them.
    ///
    /// ```
    /// use awssig::{Credentials, SigningTime};
    /// use awssig::v4::{Request, SigningSettings};
    /// let signer = awssig::v4a::Signer::new(Credentials::new("AKID", "secret")?, SigningSettings::s3("*"))?;
    /// let h = [("host", "mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com")];
    /// let signed = signer.sign_headers(&Request::new("GET", "/k").headers(&h), SigningTime::from_unix(0)?)?;
    /// assert!(signed.authorization().starts_with("AWS4-ECDSA-P256-SHA256 Credential=AKID/19700101/s3/aws4_request, \
    ///     SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-region-set, Signature=3"));
    /// assert!(signed.iter().any(|h| h == ("x-amz-region-set", "*")));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn sign_headers(&self, req: &Request<'_>, time: SigningTime) -> Result<SignedHeaders> {
        expiry_policy::check_alive(&self.credentials, time)?;
        self.context().sign_headers(req, time)
    }

    /// The chunk signer of a SigV4A aws-chunked upload whose seed request
    /// `seed` is (signed by this signer with
    /// [`Payload::StreamingSignedEcdsa`](crate::v4::Payload::StreamingSignedEcdsa)
    /// or its trailer form): it starts the chain at the seed's signature.
    ///
    /// ```
    /// use awssig::{Credentials, SigningTime};
    /// use awssig::v4::{Payload, Request, SigningSettings};
    /// let signer = awssig::v4a::Signer::new(Credentials::new("AKID", "secret")?, SigningSettings::s3("*"))?;
    /// let h = [("host", "b.s3.amazonaws.com"), ("content-encoding", "aws-chunked")];
    /// let req = Request::new("PUT", "/k").headers(&h).payload(Payload::StreamingSignedEcdsa);
    /// let seed = signer.sign_headers(&req, SigningTime::from_unix(0)?)?;
    /// assert_eq!(signer.chunk_signer(&seed)?.previous_signature(), seed.signature());
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn chunk_signer(&self, seed: &SignedHeaders) -> Result<super::ChunkSigner> {
        let time = SigningTime::from_amz_date(seed.x_amz_date())?;
        Ok(super::chunked::ChunkSigner::from_parts(
            self.key.clone(),
            time,
            self.settings().service(),
            seed.signature.clone(),
        ))
    }

    /// The intermediate texts of [`Signer::sign_headers`].
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime};
    /// # use awssig::v4::{Request, SigningSettings};
    /// # let signer = awssig::v4a::Signer::new(Credentials::new("AKID", "secret")?, SigningSettings::new("service", "us-east-1"))?;
    /// let h = [("Host", "example.amazonaws.com")];
    /// let steps = signer.sign_headers_steps(&Request::new("GET", "/").headers(&h), SigningTime::from_unix(0)?)?;
    /// assert!(steps.canonical_request.contains("\nx-amz-region-set:us-east-1\n"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn sign_headers_steps(&self, req: &Request<'_>, time: SigningTime) -> Result<Steps> {
        expiry_policy::check_alive(&self.credentials, time)?;
        let context = self.context();
        context.with_header_creq(req, &time, |creq, scope, _| {
            context.steps(creq, scope, &time)
        })
    }

    /// Presigns a request: the query string (with `X-Amz-Region-Set`)
    /// that makes its URL usable for `expires_in` seconds (1..=604800).
    ///
    /// ```
    /// use awssig::{Credentials, SigningTime};
    /// use awssig::v4::{Request, SigningSettings};
    /// let signer = awssig::v4a::Signer::new(Credentials::new("AKID", "secret")?, SigningSettings::s3("*"))?;
    /// let h = [("host", "mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com")];
    /// let q = signer.presign(&Request::new("GET", "/k").headers(&h), SigningTime::from_unix(0)?, 60)?;
    /// assert!(q.as_str().starts_with("X-Amz-Algorithm=AWS4-ECDSA-P256-SHA256&X-Amz-Credential=AKID%2F19700101%2Fs3%2Faws4_request&"));
    /// assert!(q.as_str().contains("&X-Amz-SignedHeaders=host&X-Amz-Region-Set=%2A&X-Amz-Signature=3"));
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
    /// # use awssig::v4::{Request, SigningSettings};
    /// # let signer = awssig::v4a::Signer::new(Credentials::new("AKID", "secret")?, SigningSettings::new("service", "us-east-1"))?;
    /// let h = [("Host", "example.amazonaws.com")];
    /// let steps = signer.presign_steps(&Request::new("GET", "/").headers(&h), SigningTime::from_unix(0)?, 3600)?;
    /// assert!(steps.canonical_request.contains("&X-Amz-Expires=3600&X-Amz-Region-Set=us-east-1&X-Amz-SignedHeaders=host\n"));
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
