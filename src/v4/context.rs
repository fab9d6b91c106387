//! The signing pipeline shared by both outputs: a signer borrowed from its
//! parts (credentials, settings, key cache), so that [`super::Signer`], an
//! S3 bucket and the verifier sign with the same code. Steps 1 to 4 run
//! here ([`Context::sign`]); the header and presign outputs add their own
//! parts in `header.rs` and `presign.rs`.
//!
//! With the `sigv4a` feature a context may sign SigV4A instead: the same
//! canonical request, with the settings' region as the region set
//! (`x-amz-region-set` / `X-Amz-Region-Set`, signed) and a scope without
//! a region; only the algorithm line and the final step differ.

use alloc::string::String;
use alloc::vec::Vec;

use crate::credentials::Credentials;
use crate::sha256::Sha256;
use crate::time::SigningTime;

use super::canonical::{CanonicalRequest, WrittenUrl};
use super::scope::Scope;
use super::signature::Signature;
use super::signing_key::SigningKeyCache;
use super::{string_to_sign, SessionTokenMode, SigningSettings, Steps, ALGORITHM};

/// The SigV4A algorithm name (the `sigv4a` feature's `v4a::ALGORITHM`).
pub(crate) const SIGV4A: &str = "AWS4-ECDSA-P256-SHA256";

/// A signer borrowed from its parts.
#[derive(Clone, Copy)]
pub(crate) struct Context<'s> {
    credentials: &'s Credentials,
    settings: &'s SigningSettings,
    cache: &'s SigningKeyCache,
    /// SigV4A: the key pair's private half.
    #[cfg(feature = "sigv4a")]
    v4a: Option<&'s crate::v4a::EcdsaKey>,
}

impl<'s> Context<'s> {
    /// Signs with these credentials and settings, keys cached in `cache`.
    pub(super) fn new(
        credentials: &'s Credentials,
        settings: &'s SigningSettings,
        cache: &'s SigningKeyCache,
    ) -> Self {
        Context {
            credentials,
            settings,
            cache,
            #[cfg(feature = "sigv4a")]
            v4a: None,
        }
    }

    /// The same context signing SigV4A with `key`.
    #[cfg(feature = "sigv4a")]
    pub(crate) fn sigv4a(mut self, key: &'s crate::v4a::EcdsaKey) -> Self {
        self.v4a = Some(key);
        self
    }

    /// SigV4A's region set (the settings' region), or `None` for SigV4.
    #[inline(always)]
    pub(crate) fn region_set(&self) -> Option<&'s str> {
        #[cfg(feature = "sigv4a")]
        if self.v4a.is_some() {
            return Some(self.settings.region());
        }
        None
    }

    /// The algorithm line of the string to sign.
    #[inline(always)]
    pub(crate) fn algorithm(&self) -> &'static str {
        match self.region_set() {
            Some(_) => SIGV4A,
            None => ALGORITHM,
        }
    }

    pub(super) fn credentials(&self) -> &'s Credentials {
        self.credentials
    }

    pub(super) fn settings(&self) -> &'s SigningSettings {
        self.settings
    }

    pub(super) fn cache(&self) -> &'s SigningKeyCache {
        self.cache
    }

    pub(super) fn scope<'t>(&self, time: &'t SigningTime) -> Scope<'t>
    where
        's: 't,
    {
        Scope {
            access_key_id: self.credentials.access_key_id(),
            date: time.date_bytes(),
            // SigV4A: no region in the scope (see `scope.rs`).
            region: match self.region_set() {
                Some(_) => "",
                None => self.settings.region(),
            },
            service: self.settings.service(),
            plain: self.credentials.key_id_plain() && self.settings.scope_plain(),
        }
    }

    pub(super) fn token_signed(&self) -> Option<&'s str> {
        match self.settings.session_token_mode_used() {
            SessionTokenMode::Signed => self.credentials.session_token(),
            _ => None,
        }
    }

    /// The signature of a canonical request (steps 1–4, streamed).
    pub(crate) fn sign(
        &self,
        creq: &CanonicalRequest<'_>,
        scope: &Scope<'_>,
        time: &SigningTime,
    ) -> Signature {
        self.sign_from(creq, None, scope, time)
    }

    /// [`Context::sign`], reusing the encoded text of a URL being presigned.
    pub(super) fn sign_from(
        &self,
        creq: &CanonicalRequest<'_>,
        url: Option<&WrittenUrl<'_>>,
        scope: &Scope<'_>,
        time: &SigningTime,
    ) -> Signature {
        // Both are written straight into the hash's buffer.
        let mut sha = Sha256::new();
        creq.write_from(&mut sha, url);
        let digest = sha.finish();
        #[cfg(feature = "sigv4a")]
        if let Some(key) = self.v4a {
            return crate::v4a::signature::sign_digest(key, scope, time, &digest);
        }
        sign_digest(
            self.cache,
            self.credentials.secret_access_key(),
            scope,
            time,
            &digest,
        )
    }

    pub(crate) fn steps(
        &self,
        creq: &CanonicalRequest<'_>,
        scope: &Scope<'_>,
        time: &SigningTime,
    ) -> Steps {
        let mut c = Vec::new();
        creq.write(&mut c);
        let digest = Sha256::digest(&c);
        let sig = self.sign(creq, scope, time);
        Steps {
            canonical_request: String::from_utf8_lossy(&c).into_owned(),
            string_to_sign: string_to_sign_text(self.algorithm(), scope, time, &digest),
            signature: String::from(sig.hex_str()),
        }
    }
}

/// Steps 2 to 4 from the canonical request's SHA-256: the string to sign,
/// MACed with the signing key of `secret` and the scope (cached in
/// `cache`). The verifier signs through this, from borrowed parts.
pub(crate) fn sign_digest(
    cache: &SigningKeyCache,
    secret: &str,
    scope: &Scope<'_>,
    time: &SigningTime,
    digest: &[u8; 32],
) -> Signature {
    let mut mac = cache.mac(secret, scope.date, scope.region, scope.service);
    string_to_sign::write(&mut mac, ALGORITHM, time, scope, digest);
    Signature::finish(mac)
}

/// Step 2 as text, for a debugging answer.
pub(crate) fn string_to_sign_text(
    algorithm: &str,
    scope: &Scope<'_>,
    time: &SigningTime,
    digest: &[u8; 32],
) -> String {
    let mut sts = Vec::new();
    string_to_sign::write(&mut sts, algorithm, time, scope, digest);
    String::from_utf8_lossy(&sts).into_owned()
}
