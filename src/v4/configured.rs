//! What every SigV4 signer holds besides its credentials: the settings and
//! the cache of the signing keys they derive. [`super::Signer`] and an S3
//! bucket hold one each and sign through [`Configured::context`], so the
//! pair is built, cloned and read in one place.
//!
//! The verifier holds the same key cache but not this pair: it has no
//! region of its own (each request's credential scope names one), no
//! `x-amz-content-sha256` choice and no session-token mode, so three of
//! the six settings would mean nothing there.

use crate::credentials::Credentials;

use super::context::Context;
use super::signing_key::SigningKeyCache;
use super::SigningSettings;

/// Settings checked once, and their signing-key cache.
#[derive(Debug)]
pub(crate) struct Configured {
    settings: SigningSettings,
    keys: SigningKeyCache,
}

impl Configured {
    /// Checks the settings (region, service) and starts an empty cache.
    pub(crate) fn new(settings: SigningSettings) -> crate::Result<Self> {
        settings.validate()?;
        Ok(Configured {
            settings,
            keys: SigningKeyCache::new(),
        })
    }

    pub(crate) fn settings(&self) -> &SigningSettings {
        &self.settings
    }

    pub(crate) fn keys(&self) -> &SigningKeyCache {
        &self.keys
    }

    /// The signing pipeline with these credentials.
    pub(crate) fn context<'a>(&'a self, credentials: &'a Credentials) -> Context<'a> {
        Context::new(credentials, &self.settings, &self.keys)
    }
}

impl Clone for Configured {
    /// The same settings and an empty cache (a cache is never shared).
    fn clone(&self) -> Self {
        Configured {
            settings: self.settings.clone(),
            keys: SigningKeyCache::new(),
        }
    }
}
