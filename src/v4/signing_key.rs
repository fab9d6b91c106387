//! Step 3: the signing key,
//! `HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")`,
//! and a cache so it is derived once per (secret, date, region, service).

use core::fmt;

use zeroize::Zeroize;

use crate::sha256::{Mac, MacKey};

/// `kDate = HMAC("AWS4" + secret, date)`; "AWS4" + secret is on the stack
/// for any secret AWS issues (40 bytes), and zeroed after use.
fn k_date(secret: &str, date: &[u8]) -> [u8; 32] {
    if secret.len() <= 124 {
        let mut k_secret = [0u8; 128];
        let n = 4 + secret.len();
        k_secret[..4].copy_from_slice(b"AWS4");
        k_secret[4..n].copy_from_slice(secret.as_bytes());
        let k = hmac(&k_secret[..n], date);
        // Only the first `n` bytes were written.
        k_secret[..n].zeroize();
        k
    } else {
        let mut k_secret = alloc::vec::Vec::with_capacity(4 + secret.len());
        k_secret.extend_from_slice(b"AWS4");
        k_secret.extend_from_slice(secret.as_bytes());
        let k = hmac(&k_secret, date);
        k_secret.zeroize();
        k
    }
}

fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    MacKey::new(key).mac(data)
}

/// A derived SigV4 signing key. `Debug` does not show it; it is zeroed on drop.
///
/// ```
/// use awssig::v4::SigningKey;
/// let key = SigningKey::derive("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20120215", "us-east-1", "iam");
/// assert_eq!(key.to_hex(), "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");
/// assert_eq!(format!("{key:?}"), "SigningKey(<redacted>)");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct SigningKey([u8; 32]);

impl SigningKey {
    /// Derives the key for a secret and a scope (date `YYYYMMDD`, region, service).
    ///
    /// ```
    /// use awssig::v4::SigningKey;
    /// let a = SigningKey::derive("secret", "20240101", "us-east-1", "s3");
    /// let b = SigningKey::derive("secret", "20240102", "us-east-1", "s3");
    /// assert_ne!(a, b);
    /// ```
    pub fn derive(secret: &str, date: &str, region: &str, service: &str) -> Self {
        Self::derive_bytes(secret, date.as_bytes(), region, service)
    }

    fn derive_bytes(secret: &str, date: &[u8], region: &str, service: &str) -> Self {
        // The intermediate keys share one buffer, zeroed once at the end.
        let mut k = k_date(secret, date);
        k = hmac(&k, region.as_bytes());
        k = hmac(&k, service.as_bytes());
        let signing = SigningKey(hmac(&k, b"aws4_request"));
        // As a slice: zeroize clears a slice in one pass (an array, a
        // volatile write per byte).
        k.as_mut_slice().zeroize();
        signing
    }

    /// Every step of the derivation, for checking against published
    /// examples: `kDate`, `kRegion`, `kService`, `kSigning` (the HMAC key
    /// of `kDate` is `"AWS4" + secret`).
    ///
    /// ```
    /// use awssig::v4::SigningKey;
    /// let [k_date, ..] = SigningKey::derive_steps("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20120215", "us-east-1", "iam");
    /// assert_eq!(k_date.to_hex(), "969fbb94feb542b71ede6f87fe4d5fa29c789342b0f407474670f0c2489e0a0d");
    /// ```
    pub fn derive_steps(secret: &str, date: &str, region: &str, service: &str) -> [SigningKey; 4] {
        let k_date = k_date(secret, date.as_bytes());
        let k_region = hmac(&k_date, region.as_bytes());
        let k_service = hmac(&k_region, service.as_bytes());
        let k_signing = hmac(&k_service, b"aws4_request");
        [
            SigningKey(k_date),
            SigningKey(k_region),
            SigningKey(k_service),
            SigningKey(k_signing),
        ]
    }

    /// The raw key bytes.
    ///
    /// ```
    /// # use awssig::v4::SigningKey;
    /// assert_eq!(SigningKey::derive("s", "20240101", "r", "s3").as_bytes().len(), 32);
    /// ```
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// The key as lowercase hex.
    ///
    /// ```
    /// # use awssig::v4::SigningKey;
    /// assert_eq!(SigningKey::derive("s", "20240101", "r", "s3").to_hex().len(), 64);
    /// ```
    pub fn to_hex(&self) -> alloc::string::String {
        let mut v = alloc::vec::Vec::with_capacity(64);
        crate::encode::hex_lower(&mut v, &self.0);
        alloc::string::String::from_utf8(v).unwrap_or_default()
    }

    /// The key as HMAC uses it.
    pub(crate) fn mac_key(&self) -> MacKey {
        MacKey::new(&self.0)
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SigningKey(<redacted>)")
    }
}

impl Drop for SigningKey {
    fn drop(&mut self) {
        self.0.as_mut_slice().zeroize();
    }
}

#[cfg(feature = "std")]
use crate::ct_eq::ct_eq;

#[cfg(feature = "std")]
use super::key_snapshot::LockFreeCopy;

#[cfg(feature = "std")]
struct Entry {
    secret: alloc::string::String,
    date: [u8; 8],
    region: alloc::string::String,
    service: alloc::string::String,
    key: SigningKey,
    mac: MacKey,
}

#[cfg(feature = "std")]
impl Drop for Entry {
    fn drop(&mut self) {
        self.secret.zeroize();
    }
}

/// Remembers the last derived signing key, so that signing many requests
/// on one day costs one derivation (four HMACs), not one per request.
///
/// A lookup matches only when the secret (compared in constant time), the
/// date, the region and the service are all the same; anything else derives
/// afresh. Safe to share between threads: signing reads the last key
/// without taking a lock (for secrets up to 128 bytes and regions and
/// services up to 32), so threads sharing one cache do not wait on each
/// other. Without the `std` feature it holds nothing and derives every
/// time.
///
/// ```
/// use awssig::v4::{SigningKey, SigningKeyCache};
/// let cache = SigningKeyCache::new();
/// let k = cache.get("secret", "20240101", "us-east-1", "s3");
/// assert_eq!(k, SigningKey::derive("secret", "20240101", "us-east-1", "s3"));
/// assert_ne!(cache.get("other", "20240101", "us-east-1", "s3"), k);
/// ```
pub struct SigningKeyCache {
    #[cfg(feature = "std")]
    last: std::sync::Mutex<Option<Entry>>,
    /// The entry again, for [`SigningKeyCache::mac`] to read without the lock.
    #[cfg(feature = "std")]
    snapshot: LockFreeCopy,
}

impl Default for SigningKeyCache {
    fn default() -> Self {
        SigningKeyCache {
            #[cfg(feature = "std")]
            last: std::sync::Mutex::new(None),
            #[cfg(feature = "std")]
            snapshot: LockFreeCopy::new(),
        }
    }
}

impl fmt::Debug for SigningKeyCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SigningKeyCache")
    }
}

impl SigningKeyCache {
    /// An empty cache.
    ///
    /// ```
    /// let _ = awssig::v4::SigningKeyCache::new();
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// The signing key for this secret and scope, from the cache when the
    /// last one matches.
    ///
    /// ```
    /// use awssig::v4::SigningKeyCache;
    /// let cache = SigningKeyCache::new();
    /// assert_eq!(cache.get("s", "20240101", "eu-west-1", "s3"), cache.get("s", "20240101", "eu-west-1", "s3"));
    /// ```
    pub fn get(&self, secret: &str, date: &str, region: &str, service: &str) -> SigningKey {
        self.with(secret, date.as_bytes(), region, service, |key, _| {
            key.clone()
        })
    }

    /// A MAC with the signing key, ready for a string to sign.
    #[inline]
    pub(crate) fn mac(&self, secret: &str, date: &[u8], region: &str, service: &str) -> Mac {
        // Set up where it is used: the words (64 bytes) are returned, not
        // the MAC (a few hundred).
        let mut words = self.mac_words(secret, date, region, service);
        let mac = Mac::from_words(&words);
        words.as_mut_slice().zeroize();
        mac
    }

    fn mac_words(&self, secret: &str, date: &[u8], region: &str, service: &str) -> [u64; 8] {
        #[cfg(feature = "std")]
        if let Some(words) = self.snapshot.get(secret, date, region, service) {
            return words;
        }
        self.with(secret, date, region, service, |_, mac| mac.to_words())
    }

    /// The signing key as HMAC uses it.
    pub(crate) fn mac_key(&self, secret: &str, date: &[u8], region: &str, service: &str) -> MacKey {
        self.with(secret, date, region, service, |_, mac| mac.clone())
    }

    #[cfg(feature = "std")]
    fn with<T>(
        &self,
        secret: &str,
        date: &[u8],
        region: &str,
        service: &str,
        f: impl FnOnce(&SigningKey, &MacKey) -> T,
    ) -> T {
        let mut guard = match self.last.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        if let Some(e) = guard.as_ref() {
            if e.date.as_slice() == date
                && e.region == region
                && e.service == service
                && ct_eq(e.secret.as_bytes(), secret.as_bytes())
            {
                return f(&e.key, &e.mac);
            }
        }
        let key = SigningKey::derive_bytes(secret, date, region, service);
        let mac = key.mac_key();
        let out = f(&key, &mac);
        let mut d = [0u8; 8];
        if date.len() == 8 {
            d.copy_from_slice(date);
            match guard.as_mut() {
                // Reuse the entry's strings: a miss allocates nothing once
                // they have room.
                Some(e) => {
                    // The same secret on another day (the usual miss)
                    // is kept as it is: not erased and written again.
                    if !ct_eq(e.secret.as_bytes(), secret.as_bytes()) {
                        e.secret.zeroize();
                        e.secret.push_str(secret);
                    }
                    e.date = d;
                    e.region.clear();
                    e.region.push_str(region);
                    e.service.clear();
                    e.service.push_str(service);
                    e.key = key;
                    e.mac = mac;
                }
                None => {
                    *guard = Some(Entry {
                        secret: secret.into(),
                        date: d,
                        region: region.into(),
                        service: service.into(),
                        key,
                        mac,
                    })
                }
            }
            if let Some(e) = guard.as_ref() {
                self.snapshot
                    .set(&e.secret, &e.date, &e.region, &e.service, &e.mac);
            }
        }
        out
    }

    #[cfg(not(feature = "std"))]
    fn with<T>(
        &self,
        secret: &str,
        date: &[u8],
        region: &str,
        service: &str,
        f: impl FnOnce(&SigningKey, &MacKey) -> T,
    ) -> T {
        let key = SigningKey::derive_bytes(secret, date, region, service);
        let mac = key.mac_key();
        f(&key, &mac)
    }
}

#[cfg(all(test, feature = "std"))]
mod tests {
    use super::*;
    use crate::encode::Sink;
    use alloc::string::String;

    fn signed(cache: &SigningKeyCache, s: &str, d: &str, r: &str, v: &str) -> [u8; 32] {
        let mut m = cache.mac(s, d.as_bytes(), r, v);
        m.put(b"string to sign");
        m.finish()
    }

    fn wanted(s: &str, d: &str, r: &str, v: &str) -> [u8; 32] {
        SigningKey::derive(s, d, r, v)
            .mac_key()
            .mac(b"string to sign")
    }

    #[test]
    fn lock_free_copy_serves_only_the_scope_it_holds() {
        let cache = SigningKeyCache::new();
        let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        let snap = |s: &str, d: &str, r: &str, v: &str| {
            cache.snapshot.get(s, d.as_bytes(), r, v).map(|w| {
                let mut m = Mac::from_words(&w);
                m.put(b"string to sign");
                m.finish()
            })
        };
        assert_eq!(snap(secret, "20240101", "us-east-1", "s3"), None, "empty");
        let want = wanted(secret, "20240101", "us-east-1", "s3");
        assert_eq!(signed(&cache, secret, "20240101", "us-east-1", "s3"), want);
        assert_eq!(snap(secret, "20240101", "us-east-1", "s3"), Some(want));
        // A secret one byte off, at every position, or one byte shorter or
        // longer, is not served.
        for i in 0..secret.len() {
            let mut other = String::from(secret);
            other.replace_range(i..i + 1, if &secret[i..i + 1] == "x" { "y" } else { "x" });
            assert_eq!(
                snap(&other, "20240101", "us-east-1", "s3"),
                None,
                "byte {i}"
            );
        }
        assert_eq!(snap(&secret[1..], "20240101", "us-east-1", "s3"), None);
        assert_eq!(
            snap(
                &(String::from(secret) + "\0"),
                "20240101",
                "us-east-1",
                "s3"
            ),
            None
        );
        for (d, r, v) in [
            ("20240102", "us-east-1", "s3"),
            ("20240101", "us-east-2", "s3"),
            ("20240101", "us-east-1", "s3x"),
            ("20240101", "us-east-1", "iam"),
            ("2024010", "us-east-1", "s3"),
        ] {
            assert_eq!(snap(secret, d, r, v), None, "{d} {r} {v}");
        }
        // A miss moves the copy to the new scope.
        let want2 = wanted(secret, "20240102", "us-east-1", "s3");
        assert_eq!(signed(&cache, secret, "20240102", "us-east-1", "s3"), want2);
        assert_eq!(snap(secret, "20240102", "us-east-1", "s3"), Some(want2));
        assert_eq!(snap(secret, "20240101", "us-east-1", "s3"), None);
        // Lengths that would alias another entry's if they were packed
        // without the size check (secret length 40 + 9 * 2^16, no
        // region) are refused, not read past the copy.
        let huge = "s".repeat(40 + 9 * 65536);
        assert_eq!(snap(&huge, "20240102", "", "s3"), None);
        let want = wanted(&huge, "20240102", "", "s3");
        assert_eq!(signed(&cache, &huge, "20240102", "", "s3"), want);
        // Too long for the copy: served through the lock, and the copy
        // holds nothing.
        let long_secret = "s".repeat(129);
        let long_region = "r".repeat(33);
        for (s, r) in [
            (long_secret.as_str(), "us-east-1"),
            (secret, long_region.as_str()),
        ] {
            let want = wanted(s, "20240103", r, "s3");
            assert_eq!(signed(&cache, s, "20240103", r, "s3"), want);
            assert_eq!(signed(&cache, s, "20240103", r, "s3"), want);
            assert_eq!(snap(s, "20240103", r, "s3"), None);
            assert_eq!(snap(secret, "20240102", "us-east-1", "s3"), None);
        }
        // The longest that fit.
        let s128 = "k".repeat(128);
        let r32 = "r".repeat(32);
        let want = wanted(&s128, "20240104", &r32, "s3");
        assert_eq!(signed(&cache, &s128, "20240104", &r32, "s3"), want);
        assert_eq!(snap(&s128, "20240104", &r32, "s3"), Some(want));
    }

    #[test]
    fn lock_free_copy_is_never_torn_by_concurrent_rewrites() {
        // Threads sign with three scopes in turn, so the entry is rewritten
        // all the time while others read the copy: every MAC must be the
        // one its own scope derives.
        let scopes = [
            (
                "secret-one-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                "20240101",
                "us-east-1",
                "s3",
            ),
            (
                "secret-two-BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB",
                "20240102",
                "eu-west-3",
                "s3",
            ),
            ("secret-3", "20240103", "ap-southeast-2", "iam"),
        ];
        let wants: alloc::vec::Vec<[u8; 32]> = scopes
            .iter()
            .map(|&(s, d, r, v)| wanted(s, d, r, v))
            .collect();
        let cache = SigningKeyCache::new();
        std::thread::scope(|t| {
            for n in 0..4 {
                let (cache, scopes, wants) = (&cache, &scopes, &wants);
                t.spawn(move || {
                    for i in 0..20_000 {
                        // Mostly the same scope (hits), sometimes another.
                        let j = if i % 7 == 0 { (i / 7 + n) % 3 } else { n % 3 };
                        let (s, d, r, v) = scopes[j];
                        assert_eq!(signed(cache, s, d, r, v), wants[j], "thread {n} step {i}");
                    }
                });
            }
        });
    }
}
