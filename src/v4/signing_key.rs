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

/// Constant-time equality (for equal lengths; a length is not secret):
/// the XOR of every eight-byte word is ORed into one accumulator (no
/// data-dependent branch), and one `subtle` comparison decides.
#[cfg(feature = "std")]
fn ct_eq_words(a: &[u8], b: &[u8]) -> bool {
    use subtle::ConstantTimeEq;
    if a.len() != b.len() {
        return false;
    }
    let (xs, ys) = (a.chunks_exact(8), b.chunks_exact(8));
    let eq = xs.remainder().ct_eq(ys.remainder());
    let mut diff = 0u64;
    for (x, y) in xs.zip(ys) {
        let word = |c: &[u8]| u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        diff |= word(x) ^ word(y);
    }
    bool::from(eq & diff.ct_eq(&0))
}

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

/// Where the words of a [`Snapshot`] are.
#[cfg(feature = "std")]
mod at {
    pub(super) const DATE: usize = 0;
    /// Secret, region and service lengths (16 bits each); 0 when empty.
    pub(super) const LENS: usize = 1;
    pub(super) const SECRET: usize = 2;
    pub(super) const SECRET_WORDS: usize = 16;
    pub(super) const REGION: usize = SECRET + SECRET_WORDS;
    pub(super) const NAME_WORDS: usize = 4;
    pub(super) const SERVICE: usize = REGION + NAME_WORDS;
    pub(super) const MAC: usize = SERVICE + NAME_WORDS;
    pub(super) const WORDS: usize = MAC + 8;
}

/// A copy of the cache's entry that signing reads without taking the lock
/// (a sequence lock): the writer, holding the lock, makes `seq` odd,
/// stores the words, and makes it even again; a reader takes the words
/// only if `seq` was the same even number before and after. Kept only for
/// secrets up to 128 bytes and regions and services up to 32 (longer ones
/// take the lock). Its secret and key words are cleared on drop.
#[cfg(feature = "std")]
struct Snapshot {
    seq: core::sync::atomic::AtomicU64,
    words: [core::sync::atomic::AtomicU64; at::WORDS],
}

/// `bytes` as little-endian words, zero after its end; `None` when it
/// needs more than `N` words (what [`word_at`] is checked against).
#[cfg(all(test, feature = "std"))]
fn packed<const N: usize>(bytes: &[u8]) -> Option<[u64; N]> {
    if bytes.len() > 8 * N {
        return None;
    }
    let mut w = [0u64; N];
    for (w, c) in w.iter_mut().zip(bytes.chunks(8)) {
        let mut b = [0u8; 8];
        b[..c.len()].copy_from_slice(c);
        *w = u64::from_le_bytes(b);
    }
    Some(w)
}

/// The `i`th little-endian word of `b`, zero after its end (`i` below
/// `b.len().div_ceil(8)`), read without a copy loop.
#[cfg(feature = "std")]
#[inline]
fn word_at(b: &[u8], i: usize) -> u64 {
    let le = |c: &[u8]| u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
    let start = 8 * i;
    let n = b.len();
    if start + 8 <= n {
        le(&b[start..])
    } else if n >= 8 {
        // The last eight bytes, shifted down to those from `start` on
        // (1 to 7 of them; none past the end).
        match n.saturating_sub(start) {
            0 => 0,
            rest => le(&b[n - 8..]) >> (8 * (8 - rest.min(7))),
        }
    } else {
        b.iter()
            .skip(start)
            .enumerate()
            .fold(0, |w, (j, &x)| w | u64::from(x) << (8 * j))
    }
}

/// Whether a secret, region and service fit in a [`Snapshot`] (which
/// also keeps every length below 2^16 for [`lens`]).
#[cfg(feature = "std")]
fn fits(secret: &[u8], region: &[u8], service: &[u8]) -> bool {
    secret.len() <= 8 * at::SECRET_WORDS
        && region.len() <= 8 * at::NAME_WORDS
        && service.len() <= 8 * at::NAME_WORDS
}

/// The three lengths in one word, 16 bits each (see [`fits`]).
#[cfg(feature = "std")]
fn lens(secret: &[u8], region: &[u8], service: &[u8]) -> u64 {
    (secret.len() as u64) | (region.len() as u64) << 16 | (service.len() as u64) << 32
}

#[cfg(feature = "std")]
fn date_word(date: &[u8]) -> Option<u64> {
    <[u8; 8]>::try_from(date).ok().map(u64::from_le_bytes)
}

#[cfg(feature = "std")]
impl Snapshot {
    fn new() -> Self {
        Snapshot {
            seq: core::sync::atomic::AtomicU64::new(0),
            words: core::array::from_fn(|_| core::sync::atomic::AtomicU64::new(0)),
        }
    }

    /// The key for this scope, if the snapshot holds it. The secret is
    /// compared word by word with one accumulator (no branch on its
    /// bytes); only its length decides how many words.
    fn get(&self, secret: &str, date: &[u8], region: &str, service: &str) -> Option<[u64; 8]> {
        use core::sync::atomic::{fence, Ordering::*};
        let w = |i: usize| self.words[i].load(Relaxed);
        let s1 = self.seq.load(Acquire);
        if s1 == 0 || s1 & 1 == 1 {
            return None;
        }
        let (s, r, v) = (secret.as_bytes(), region.as_bytes(), service.as_bytes());
        if !fits(s, r, v) {
            return None;
        }
        if w(at::LENS) != lens(s, r, v) || Some(w(at::DATE)) != date_word(date) {
            return None;
        }
        // The lengths matched: each text fits in its words. Every word
        // of a text is XORed with the stored one and the differences ORed
        // together (for the secret: no branch on its bytes).
        let diff = |at: usize, b: &[u8]| {
            let whole = b.chunks_exact(8);
            let (n, tail) = (whole.len(), whole.remainder().len());
            let mut d = 0u64;
            for (i, c) in whole.enumerate() {
                d |= w(at + i)
                    ^ u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            }
            if tail > 0 {
                d |= w(at + n) ^ word_at(b, n);
            }
            d
        };
        if diff(at::REGION, r) | diff(at::SERVICE, v) != 0 {
            return None;
        }
        let diff = diff(at::SECRET, s);
        let mut mac = [0u64; 8];
        for (i, m) in mac.iter_mut().enumerate() {
            *m = w(at::MAC + i);
        }
        fence(Acquire);
        let s2 = self.seq.load(Relaxed);
        if s1 == s2 && subtle::ConstantTimeEq::ct_eq(&diff, &0).into() {
            return Some(mac);
        }
        mac.as_mut_slice().zeroize();
        None
    }

    /// Publishes a new entry (the caller holds the cache's lock), or
    /// empties the snapshot when the entry does not fit in it.
    fn set(&self, secret: &str, date: &[u8], region: &str, service: &str, mac: &MacKey) {
        use core::sync::atomic::{fence, Ordering::*};
        let s = self.seq.load(Relaxed);
        self.seq.store(s.wrapping_add(1), Relaxed);
        fence(Release);
        let put = |i: usize, x: u64| self.words[i].store(x, Relaxed);
        // Each text's words, then zeros to the end of its place.
        let text = |at: usize, words: usize, b: &[u8]| {
            let whole = b.chunks_exact(8);
            let (n, tail) = (whole.len(), whole.remainder().len());
            for (i, c) in whole.enumerate() {
                put(
                    at + i,
                    u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]),
                );
            }
            if tail > 0 {
                put(at + n, word_at(b, n));
            }
            for i in n + usize::from(tail > 0)..words {
                put(at + i, 0);
            }
        };
        let (sb, rb, vb) = (secret.as_bytes(), region.as_bytes(), service.as_bytes());
        match date_word(date) {
            Some(d) if fits(sb, rb, vb) => {
                put(at::DATE, d);
                put(at::LENS, lens(sb, rb, vb));
                text(at::SECRET, at::SECRET_WORDS, secret.as_bytes());
                text(at::REGION, at::NAME_WORDS, region.as_bytes());
                text(at::SERVICE, at::NAME_WORDS, service.as_bytes());
                let mut m = mac.to_words();
                for (i, x) in m.iter().enumerate() {
                    put(at::MAC + i, *x);
                }
                m.as_mut_slice().zeroize();
            }
            // Lengths 0: nothing matches.
            _ => self.clear(),
        }
        self.seq.store(s.wrapping_add(2), Release);
    }

    /// Zeroes every word (lengths too: nothing matches afterwards).
    fn clear(&self) {
        for w in &self.words {
            w.store(0, core::sync::atomic::Ordering::Relaxed);
        }
    }
}

#[cfg(feature = "std")]
impl Drop for Snapshot {
    fn drop(&mut self) {
        self.clear();
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
    snapshot: Snapshot,
}

impl Default for SigningKeyCache {
    fn default() -> Self {
        SigningKeyCache {
            #[cfg(feature = "std")]
            last: std::sync::Mutex::new(None),
            #[cfg(feature = "std")]
            snapshot: Snapshot::new(),
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
                && ct_eq_words(e.secret.as_bytes(), secret.as_bytes())
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
                    if !ct_eq_words(e.secret.as_bytes(), secret.as_bytes()) {
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
    fn words_read_in_place_are_the_packed_words() {
        let text: alloc::vec::Vec<u8> = (1..=64).collect();
        for n in 0..=64 {
            let b = &text[..n];
            let p = packed::<8>(b).unwrap();
            for (i, want) in p.iter().enumerate() {
                let got = if i < n.div_ceil(8) { word_at(b, i) } else { 0 };
                assert_eq!(got, *want, "length {n}, word {i}");
            }
            // Past the end: zero, not a panic.
            assert_eq!(word_at(b, 9), 0, "length {n}");
        }
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
