//! The last ECDSA key an S3 bucket derived, kept so that presigning many
//! URLs with one access key derives it once (as the SigV4 signing key is
//! cached). Keyed by the access key id and the SHA-256 of the secret
//! (compared in constant time; the secret itself is not kept). Without
//! `std` there is no lock, and every presign derives the key.

use crate::credentials::Credentials;
use crate::error::Result;

use super::key::EcdsaKey;

/// A one-entry cache of derived SigV4A keys.
#[derive(Default)]
pub(crate) struct KeyCache {
    #[cfg(feature = "std")]
    last: std::sync::Mutex<Option<Cached>>,
}

#[cfg(feature = "std")]
struct Cached {
    access_key_id: alloc::string::String,
    secret_sha256: zeroize::Zeroizing<[u8; 32]>,
    key: EcdsaKey,
}

impl KeyCache {
    /// The key of `credentials`, derived or from the cache.
    pub(crate) fn key(&self, credentials: &Credentials) -> Result<EcdsaKey> {
        let (id, secret) = (credentials.access_key_id(), credentials.secret_access_key());
        #[cfg(feature = "std")]
        {
            use subtle::ConstantTimeEq;
            let digest = zeroize::Zeroizing::new(crate::sha256::Sha256::digest(secret.as_bytes()));
            let mut last = match self.last.lock() {
                Ok(guard) => guard,
                Err(poisoned) => poisoned.into_inner(),
            };
            if let Some(c) = last.as_ref() {
                if c.access_key_id == id && bool::from(c.secret_sha256.ct_eq(&digest[..])) {
                    return Ok(c.key.clone());
                }
            }
            let key = EcdsaKey::derive(id, secret)?;
            *last = Some(Cached {
                access_key_id: id.into(),
                secret_sha256: digest,
                key: key.clone(),
            });
            Ok(key)
        }
        #[cfg(not(feature = "std"))]
        EcdsaKey::derive(id, secret)
    }
}

impl core::fmt::Debug for KeyCache {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("KeyCache(<redacted>)")
    }
}

#[cfg(all(test, feature = "std"))]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_derived_once_per_key_pair() {
        let cache = KeyCache::default();
        let a = Credentials::new("AKID", "secret").unwrap();
        let b = Credentials::new("AKID", "other").unwrap();
        let ka = cache.key(&a).unwrap();
        assert_eq!(ka, EcdsaKey::derive("AKID", "secret").unwrap());
        assert_eq!(cache.key(&a).unwrap(), ka);
        // Another secret for the same id is another key, not the cached one.
        assert_eq!(
            cache.key(&b).unwrap(),
            EcdsaKey::derive("AKID", "other").unwrap()
        );
        assert_ne!(cache.key(&b).unwrap(), ka);
    }
}
