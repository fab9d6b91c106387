//! Where the verifier's keys come from: the secret of an access key
//! (SigV4 and SigV2 sign with it; SigV4A derives its public key from
//! it), or, for SigV4A only, the public key itself.

use alloc::string::{String, ToString};

use zeroize::Zeroizing;

use crate::credentials::check_key_pair;
use crate::error::{Error, Result, S3ErrorCode};

use super::{secret_of, SecretLookup};

/// The key a request's signature is checked with.
pub(super) enum Resolved {
    /// SigV4: the secret, for the signing key.
    Secret(Zeroizing<String>),
    /// SigV4A: the public key (given, or derived from the secret).
    #[cfg(feature = "sigv4a")]
    Public(crate::v4a::PublicKey),
}

/// A source of keys for [`super::Verifier`]'s SigV4 paths.
pub(super) trait KeySource {
    /// The key for `access_key_id`, for a SigV4A request when `v4a`.
    fn resolve(&self, access_key_id: &str, v4a: bool) -> Result<Resolved>;
}

/// Keys from the secrets (the usual source).
pub(super) struct Secrets<L>(pub(super) L);

impl<L: SecretLookup> KeySource for Secrets<L> {
    fn resolve(&self, access_key_id: &str, v4a: bool) -> Result<Resolved> {
        let secret = secret_of(&self.0, access_key_id)?;
        check_key_pair(access_key_id, &secret)
            .map_err(|e| Error::rejected(S3ErrorCode::InvalidAccessKeyId, e.to_string()))?;
        #[cfg(feature = "sigv4a")]
        if v4a {
            let key = crate::v4a::EcdsaKey::derive(access_key_id, &secret)
                .map_err(|e| Error::rejected(S3ErrorCode::InvalidAccessKeyId, e.to_string()))?;
            return Ok(Resolved::Public(key.public_key()));
        }
        let _ = v4a;
        Ok(Resolved::Secret(secret))
    }
}

/// Finds the SigV4A public key of an access key id (`None`: unknown key).
/// A verifier given public keys checks SigV4A only: SigV4 and SigV2 need
/// the secret.
///
/// Implemented for closures `Fn(&str) -> Option<PublicKey>`.
///
/// ```
/// use awssig::v4a::{EcdsaKey, PublicKey};
/// use awssig::verify::PublicKeyLookup;
/// let key = EcdsaKey::derive("AKID", "secret")?.public_key();
/// let lookup = move |id: &str| (id == "AKID").then_some(key);
/// assert_eq!(lookup.public_key_for("AKID"), Some(key));
/// assert_eq!(lookup.public_key_for("OTHER"), None);
/// # Ok::<(), awssig::Error>(())
/// ```
#[cfg(feature = "sigv4a")]
pub trait PublicKeyLookup {
    /// The public key of `access_key_id`, or `None` if the key is unknown.
    fn public_key_for(&self, access_key_id: &str) -> Option<crate::v4a::PublicKey>;
}

#[cfg(feature = "sigv4a")]
impl<F: Fn(&str) -> Option<crate::v4a::PublicKey>> PublicKeyLookup for F {
    fn public_key_for(&self, access_key_id: &str) -> Option<crate::v4a::PublicKey> {
        self(access_key_id)
    }
}

/// Keys from the public keys: SigV4A only.
#[cfg(feature = "sigv4a")]
pub(super) struct PublicKeys<L>(pub(super) L);

#[cfg(feature = "sigv4a")]
impl<L: PublicKeyLookup> KeySource for PublicKeys<L> {
    fn resolve(&self, access_key_id: &str, v4a: bool) -> Result<Resolved> {
        if !v4a {
            return Err(Error::rejected(
                S3ErrorCode::AccessDenied,
                "this request is signed with SigV4 (HMAC), which needs the secret access key; only public keys were given, which check SigV4A",
            ));
        }
        self.0
            .public_key_for(access_key_id)
            .map(Resolved::Public)
            .ok_or_else(|| {
                Error::rejected(
                    S3ErrorCode::InvalidAccessKeyId,
                    alloc::format!(
                        "The AWS Access Key Id you provided does not exist in our records: {access_key_id:?}"
                    ),
                )
            })
    }
}

#[cfg(feature = "sigv4a")]
impl super::Verifier {
    /// Verifies a SigV4A request (an `AWS4-ECDSA-P256-SHA256`
    /// `Authorization` header or presigned URL) with public keys instead
    /// of secrets: the server needs no secret at all. Everything else is
    /// as for [`Verifier::verify_headers`](super::Verifier::verify_headers)
    /// and [`Verifier::verify_presigned`](super::Verifier::verify_presigned);
    /// a SigV4 or SigV2 request is refused (`AccessDenied`), for those need
    /// the secret.
    ///
    /// ```
    /// use awssig::{Credentials, S3ErrorCode, SigningTime};
    /// use awssig::v4::{Payload, Request, SigningSettings};
    /// use awssig::v4a::{EcdsaKey, Signer};
    /// use awssig::verify::{Incoming, Verifier};
    /// let signer = Signer::new(Credentials::new("AKID", "secret")?, SigningSettings::s3("*"))?;
    /// let t = SigningTime::from_unix(1_700_000_000)?;
    /// let host = [("host", "mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com")];
    /// let req = Request::new("GET", "/k").headers(&host).payload(Payload::Unsigned);
    /// let q = signer.presign(&req, t, 60)?;
    /// let url = format!("https://{}/k?{q}", host[0].1);
    ///
    /// let public = EcdsaKey::derive("AKID", "secret")?.public_key(); // stored by the server
    /// let lookup = |id: &str| (id == "AKID").then_some(public);
    /// let ok = Verifier::s3().verify_with_public_keys(&Incoming::new("GET", &url, &[]), t, lookup)?;
    /// assert_eq!(ok.region(), "*"); // the region set
    /// let tampered = url.replace("/k?", "/K?");
    /// let err = Verifier::s3().verify_with_public_keys(&Incoming::new("GET", &tampered, &[]), t, lookup).unwrap_err();
    /// assert_eq!(err.s3_code(), Some(S3ErrorCode::SignatureDoesNotMatch));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn verify_with_public_keys(
        &self,
        req: &super::Incoming<'_>,
        now: crate::time::SigningTime,
        lookup: impl PublicKeyLookup,
    ) -> Result<super::Verified> {
        let keys = PublicKeys(lookup);
        let mut signed_query = false;
        crate::syntax::raw_pairs(req.query, |name, _| {
            signed_query |= name.decoded_eq("X-Amz-Algorithm")
                || name.decoded_eq("X-Amz-Signature")
                || name.decoded_eq("X-Amz-Credential");
        });
        match req.header("authorization") {
            Some(_) if signed_query => Err(Error::rejected(
                S3ErrorCode::InvalidArgument,
                "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter or the Authorization header should be specified",
            )),
            _ if signed_query => self.presigned_with(req, now, &keys),
            Some(_) => self.headers_with(req, now, &keys),
            None => Err(Error::rejected(
                S3ErrorCode::AccessDenied,
                "the request carries no signature (no Authorization header, no signed query)",
            )),
        }
    }
}
