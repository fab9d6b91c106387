//! Links that work once: a presigned URL marked at signing
//! ([`crate::s3::PresignRequest::once`] adds the signed query parameter
//! [`ONCE_PARAM`]) is admitted by [`OnceLinks`] only the first time, as
//! long as every server in front of the storage asks the same
//! [`ReplayGuard`].
//!
//! The guard is asked only after the signature verified, so a forged or
//! tampered URL consumes nothing. Its key is the SHA-256 of the URL's
//! signature ([`ReplayKey`]): the store never sees a usable signature, and
//! two one-time URLs signed for the same object in the same second differ
//! (the marker holds a nonce). The key is kept until the URL's own expiry
//! and no longer.
//!
//! When a use counts is a setting ([`UseCounts`]): by default as soon as
//! the URL verifies (a download cut off cannot be retried); with
//! [`UseCounts::OnSuccess`] the use is reserved at verification and the
//! server commits it when it has served the request, or it is released
//! (the URL works again, until its expiry) when the handle is dropped
//! uncommitted. While reserved, a second use is refused.
//!
//! A guard that cannot answer (its store down or slow) fails closed:
//! `503 ServiceUnavailable`, never a second use.
//!
//! Only SigV4 presigned URLs carry a marker a server can trust: SigV2
//! signs no custom query parameter, so a SigV2 URL with a marker is
//! refused, and the CLI and builder refuse to mark one.
//!
//! ```
//! # #[cfg(feature = "std")] {
//! use awssig::{Credentials, S3ErrorCode, SigningTime, s3::Bucket};
//! use awssig::verify::{Incoming, Verifier};
//! use awssig::verify::replay::{MemoryGuard, OnceLinks};
//! let creds = Credentials::new("AKID", "secret")?;
//! let t = SigningTime::from_unix(1_700_000_000)?;
//! let url = Bucket::new("b-1", "us-east-1")?.get("k").once([7; 16]).presign(&creds, t, 600)?;
//! let verifier = Verifier::s3();
//! let once = OnceLinks::new(MemoryGuard::new(10_000));
//! let lookup = |_: &str| Some("secret".to_string());
//! let req = Incoming::new("GET", &url, &[]);
//! let ok = verifier.verify(&req, t, lookup)?;
//! assert!(once.admit(&req, &ok, t)?.is_once());
//! let ok = verifier.verify(&req, t, lookup)?;
//! let again = once.admit(&req, &ok, t).unwrap_err();
//! assert_eq!(again.s3_code(), Some(S3ErrorCode::AccessDenied));
//! # }
//! # Ok::<(), awssig::Error>(())
//! ```

#[cfg(feature = "std")]
mod memory;
#[cfg(feature = "redis")]
mod redis;
pub mod resp;

#[cfg(feature = "std")]
pub use memory::MemoryGuard;
#[cfg(feature = "redis")]
pub use redis::RedisGuard;

use core::fmt;

use crate::error::{Error, Result, S3ErrorCode};
use crate::syntax::raw_pairs;
use crate::time::SigningTime;

use super::{Incoming, Verified};

/// The query parameter that marks a presigned URL as one-time.
///
/// ```
/// assert_eq!(awssig::verify::replay::ONCE_PARAM, awssig::s3::ONCE_PARAM);
/// ```
pub use crate::s3::ONCE_PARAM;

/// What a guard stores for a one-time URL: the SHA-256 of its signature.
///
/// ```
/// use awssig::verify::replay::ReplayKey;
/// let key = ReplayKey::of_signature(&[0u8; 32]);
/// assert_eq!(key.to_hex().len(), 64);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ReplayKey([u8; 32]);

impl ReplayKey {
    /// The key of a URL whose signature is `signature` (its bytes).
    ///
    /// ```
    /// use awssig::verify::replay::ReplayKey;
    /// assert_ne!(ReplayKey::of_signature(b"a"), ReplayKey::of_signature(b"b"));
    /// ```
    pub fn of_signature(signature: &[u8]) -> Self {
        use crate::encode::Sink as _;
        let mut h = crate::sha256::Sha256::new();
        h.put(b"awssig-once\n");
        h.put(signature);
        ReplayKey(h.finish())
    }

    /// The key's 32 bytes.
    ///
    /// ```
    /// # use awssig::verify::replay::ReplayKey;
    /// assert_eq!(ReplayKey::of_signature(b"s").as_bytes().len(), 32);
    /// ```
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// Lowercase hex, for stores keyed by text.
    ///
    /// ```
    /// # use awssig::verify::replay::ReplayKey;
    /// assert!(ReplayKey::of_signature(b"s").to_hex().bytes().all(|b| b.is_ascii_hexdigit()));
    /// ```
    pub fn to_hex(&self) -> alloc::string::String {
        let hex = crate::encode::hex32(&self.0);
        hex.iter().map(|&b| char::from(b)).collect()
    }
}

impl fmt::Debug for ReplayKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ReplayKey({})", self.to_hex())
    }
}

/// A store that records which one-time URLs were used. Implement it over
/// any store with an atomic set-if-absent with expiry; [`MemoryGuard`]
/// serves one process, [`RedisGuard`] (feature `redis`) many.
///
/// ```
/// # #[cfg(feature = "std")] {
/// use awssig::SigningTime;
/// use awssig::verify::replay::{MemoryGuard, ReplayGuard, ReplayKey};
/// let guard = MemoryGuard::new(100);
/// let (key, t) = (ReplayKey::of_signature(b"sig"), SigningTime::from_unix(0)?);
/// let until = SigningTime::from_unix(60)?;
/// assert!(guard.try_claim(&key, until, t)?);
/// assert!(!guard.try_claim(&key, until, t)?);
/// # }
/// # Ok::<(), awssig::Error>(())
/// ```
pub trait ReplayGuard {
    /// Records `key` as used until `until` (inclusive) unless it already
    /// is: `true` when this call recorded it, `false` when it was there.
    /// An error when the store cannot answer (the use is then refused).
    fn try_claim(&self, key: &ReplayKey, until: SigningTime, now: SigningTime) -> Result<bool>;

    /// Forgets `key` (a reserved use that did not happen).
    fn release(&self, key: &ReplayKey) -> Result<()>;
}

impl<G: ReplayGuard + ?Sized> ReplayGuard for &G {
    fn try_claim(&self, key: &ReplayKey, until: SigningTime, now: SigningTime) -> Result<bool> {
        (**self).try_claim(key, until, now)
    }
    fn release(&self, key: &ReplayKey) -> Result<()> {
        (**self).release(key)
    }
}

impl<G: ReplayGuard + ?Sized> ReplayGuard for alloc::boxed::Box<G> {
    fn try_claim(&self, key: &ReplayKey, until: SigningTime, now: SigningTime) -> Result<bool> {
        (**self).try_claim(key, until, now)
    }
    fn release(&self, key: &ReplayKey) -> Result<()> {
        (**self).release(key)
    }
}

impl<G: ReplayGuard + ?Sized> ReplayGuard for alloc::sync::Arc<G> {
    fn try_claim(&self, key: &ReplayKey, until: SigningTime, now: SigningTime) -> Result<bool> {
        (**self).try_claim(key, until, now)
    }
    fn release(&self, key: &ReplayKey) -> Result<()> {
        (**self).release(key)
    }
}

/// When a one-time URL's use counts.
///
/// ```
/// use awssig::verify::replay::UseCounts;
/// assert_eq!(UseCounts::default(), UseCounts::OnVerify);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum UseCounts {
    /// As soon as the URL verifies (the default: the safest; a use that
    /// fails half way cannot be retried).
    #[default]
    OnVerify,
    /// Reserved at verification, counted when the server calls
    /// [`Admission::commit`]; released (the URL works again until it
    /// expires) when the [`Admission`] is dropped uncommitted.
    OnSuccess,
}

/// One-time links: admits a verified request, consulting the guard when
/// its URL is marked.
///
/// ```
/// # #[cfg(feature = "std")] {
/// use awssig::verify::replay::{MemoryGuard, OnceLinks, UseCounts};
/// let once = OnceLinks::new(MemoryGuard::new(1_000)).counts(UseCounts::OnSuccess);
/// # let _ = once;
/// # }
/// ```
#[derive(Debug)]
pub struct OnceLinks<G> {
    guard: G,
    counts: UseCounts,
}

impl<G: ReplayGuard> OnceLinks<G> {
    /// One-time links over `guard`, a use counting on verification.
    ///
    /// ```
    /// # #[cfg(feature = "std")] {
    /// use awssig::verify::replay::{MemoryGuard, OnceLinks};
    /// let once = OnceLinks::new(MemoryGuard::new(1_000));
    /// # let _ = once;
    /// # }
    /// ```
    pub fn new(guard: G) -> Self {
        OnceLinks {
            guard,
            counts: UseCounts::OnVerify,
        }
    }

    /// When a use counts ([`UseCounts::OnVerify`] unless set).
    ///
    /// ```
    /// # #[cfg(feature = "std")] {
    /// use awssig::verify::replay::{MemoryGuard, OnceLinks, UseCounts};
    /// let once = OnceLinks::new(MemoryGuard::new(1_000)).counts(UseCounts::OnSuccess);
    /// # let _ = once;
    /// # }
    /// ```
    pub fn counts(mut self, counts: UseCounts) -> Self {
        self.counts = counts;
        self
    }

    /// The same links over another form of the guard (the tower layer
    /// boxes it).
    #[cfg(feature = "tower")]
    pub(crate) fn map_guard<H>(self, f: impl FnOnce(G) -> H) -> OnceLinks<H> {
        OnceLinks {
            guard: f(self.guard),
            counts: self.counts,
        }
    }

    /// The guard.
    ///
    /// ```
    /// # #[cfg(feature = "std")] {
    /// use awssig::verify::replay::{MemoryGuard, OnceLinks};
    /// let once = OnceLinks::new(MemoryGuard::new(1_000));
    /// assert_eq!(once.guard().len(), 0);
    /// # }
    /// ```
    pub fn guard(&self) -> &G {
        &self.guard
    }

    /// Admits `req`, which `verified` is the verification of (call it
    /// only after [`super::Verifier::verify`] succeeded on the same
    /// request). A URL with no marker is admitted as it is; a marked SigV4
    /// presigned URL is admitted the first time only (`403 AccessDenied`
    /// "This one-time link was already used" after); a marker on any other
    /// request is refused (`AccessDenied`: SigV2 does not sign it); a guard
    /// that cannot answer refuses with `503 ServiceUnavailable`.
    ///
    /// ```
    /// # #[cfg(feature = "std")] {
    /// # use awssig::{Credentials, SigningTime, s3::Bucket};
    /// # use awssig::verify::{Incoming, Verifier};
    /// use awssig::verify::replay::{MemoryGuard, OnceLinks};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// # let t = SigningTime::from_unix(1_700_000_000)?;
    /// let url = Bucket::new("b-1", "us-east-1")?.get("k").presign(&creds, t, 600)?;
    /// let req = Incoming::new("GET", &url, &[]);
    /// let ok = Verifier::s3().verify(&req, t, |_: &str| Some("secret".to_string()))?;
    /// let once = OnceLinks::new(MemoryGuard::new(10));
    /// assert!(!once.admit(&req, &ok, t)?.is_once()); // not marked: any number of times
    /// # }
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn admit(
        &self,
        req: &Incoming<'_>,
        verified: &Verified,
        now: SigningTime,
    ) -> Result<Admission<'_, G>> {
        let claimed = self.claim(req, verified, now)?;
        Ok(Admission {
            pending: claimed
                .filter(|_| self.counts == UseCounts::OnSuccess)
                .map(|key| (&self.guard, key)),
            once: claimed.is_some(),
        })
    }

    /// When a use counts.
    #[cfg(feature = "tower")]
    pub(crate) fn use_counts(&self) -> UseCounts {
        self.counts
    }

    /// [`OnceLinks::admit`]'s check and claim, without the handle: the
    /// claimed key when `req` is a one-time link used now, `None` when it
    /// is not one.
    pub(crate) fn claim(
        &self,
        req: &Incoming<'_>,
        verified: &Verified,
        now: SigningTime,
    ) -> Result<Option<ReplayKey>> {
        let (marked, sigv4_presigned) = marker_in(req.query);
        if !marked {
            return Ok(None);
        }
        let until = match verified.expires_at() {
            Some(until) if sigv4_presigned => until,
            _ => {
                return Err(Error::rejected(
                    S3ErrorCode::AccessDenied,
                    alloc::format!(
                        "a one-time marker ({ONCE_PARAM}) counts only on a SigV4 presigned URL, which signs it"
                    ),
                ))
            }
        };
        let key = ReplayKey::of_signature(verified.signature());
        let claimed = self.guard.try_claim(&key, until, now).map_err(|e| {
            Error::rejected(
                S3ErrorCode::ServiceUnavailable,
                alloc::format!(
                    "the one-time link store cannot answer, so the link is refused: {e}"
                ),
            )
        })?;
        if !claimed {
            return Err(Error::rejected(
                S3ErrorCode::AccessDenied,
                "This one-time link was already used (or is in use)",
            ));
        }
        Ok(Some(key))
    }
}

/// A request [`OnceLinks::admit`] let through. With
/// [`UseCounts::OnSuccess`], dropping it without [`Admission::commit`]
/// releases the use.
///
/// ```
/// # #[cfg(feature = "std")] {
/// use awssig::{Credentials, SigningTime, s3::Bucket};
/// use awssig::verify::{Incoming, Verifier};
/// use awssig::verify::replay::{MemoryGuard, OnceLinks, UseCounts};
/// let t = SigningTime::from_unix(1_700_000_000)?;
/// let url = Bucket::new("b-1", "us-east-1")?.get("k").once([3; 16]).presign(&Credentials::new("AKID", "s")?, t, 60)?;
/// let req = Incoming::new("GET", &url, &[]);
/// let ok = Verifier::s3().verify(&req, t, |_: &str| Some("s".to_string()))?;
/// let once = OnceLinks::new(MemoryGuard::new(10)).counts(UseCounts::OnSuccess);
/// let admission = once.admit(&req, &ok, t)?;
/// assert!(once.admit(&req, &ok, t).is_err()); // reserved: a second use waits
/// admission.commit();
/// # }
/// # Ok::<(), awssig::Error>(())
/// ```
#[must_use = "with UseCounts::OnSuccess, dropping the admission releases the use"]
pub struct Admission<'a, G: ReplayGuard> {
    pending: Option<(&'a G, ReplayKey)>,
    once: bool,
}

impl<G: ReplayGuard> Admission<'_, G> {
    /// Whether the URL was a one-time link (and this was its use).
    ///
    /// ```
    /// # #[cfg(feature = "std")] {
    /// # use awssig::{Credentials, SigningTime, s3::Bucket};
    /// # use awssig::verify::{Incoming, Verifier};
    /// # use awssig::verify::replay::{MemoryGuard, OnceLinks};
    /// # let t = SigningTime::from_unix(1_700_000_000)?;
    /// # let url = Bucket::new("b-1", "us-east-1")?.get("k").once([1; 16]).presign(&Credentials::new("AKID", "s")?, t, 60)?;
    /// # let req = Incoming::new("GET", &url, &[]);
    /// # let ok = Verifier::s3().verify(&req, t, |_: &str| Some("s".to_string()))?;
    /// let once = OnceLinks::new(MemoryGuard::new(10));
    /// assert!(once.admit(&req, &ok, t)?.is_once());
    /// # }
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn is_once(&self) -> bool {
        self.once
    }

    /// Counts the use (with [`UseCounts::OnSuccess`]; a no-op otherwise).
    ///
    /// ```
    /// # #[cfg(feature = "std")] {
    /// # use awssig::{Credentials, SigningTime, s3::Bucket};
    /// # use awssig::verify::{Incoming, Verifier};
    /// use awssig::verify::replay::{MemoryGuard, OnceLinks, UseCounts};
    /// # let t = SigningTime::from_unix(1_700_000_000)?;
    /// # let url = Bucket::new("b-1", "us-east-1")?.get("k").once([1; 16]).presign(&Credentials::new("AKID", "s")?, t, 60)?;
    /// # let req = Incoming::new("GET", &url, &[]);
    /// # let ok = Verifier::s3().verify(&req, t, |_: &str| Some("s".to_string()))?;
    /// let once = OnceLinks::new(MemoryGuard::new(10)).counts(UseCounts::OnSuccess);
    /// drop(once.admit(&req, &ok, t)?); // the download failed: released
    /// once.admit(&req, &ok, t)?.commit(); // served: used
    /// assert!(once.admit(&req, &ok, t).is_err());
    /// # }
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn commit(mut self) {
        self.pending = None;
    }
}

impl<G: ReplayGuard> Drop for Admission<'_, G> {
    fn drop(&mut self) {
        if let Some((guard, key)) = self.pending.take() {
            // A release that fails leaves the link used: closed, not open.
            let _ = guard.release(&key);
        }
    }
}

impl<G: ReplayGuard> fmt::Debug for Admission<'_, G> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Admission")
            .field("once", &self.once)
            .field("pending", &self.pending.is_some())
            .finish()
    }
}

/// Whether the raw query holds the marker, and whether it is a SigV4
/// presigned query (`X-Amz-Algorithm`), whose signature covers it. Names
/// are compared decoded, as the canonical query compares them: an escape
/// (`x-awssig%2Donce`) signs the same, so it must not hide the marker.
fn marker_in(query: &str) -> (bool, bool) {
    let (mut marked, mut v4) = (false, false);
    raw_pairs(query, |name, _| {
        let decoded;
        let name = if name.bytes.contains(&b'%') {
            decoded = crate::encode::decode(name.bytes);
            &decoded[..]
        } else {
            name.bytes
        };
        marked |= name == ONCE_PARAM.as_bytes();
        v4 |= name == b"X-Amz-Algorithm";
    });
    (marked, v4)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_marker_is_found_by_its_exact_name_only() {
        assert_eq!(
            marker_in("x-awssig-once=abc&X-Amz-Algorithm=A"),
            (true, true)
        );
        assert_eq!(
            marker_in("X-Awssig-Once=abc&X-Amz-Algorithm=A"),
            (false, true)
        );
        assert_eq!(marker_in("x-awssig-once=abc&Signature=s"), (true, false));
        assert_eq!(marker_in(""), (false, false));
        // An escaped name signs as the plain one: it is the marker too.
        assert_eq!(
            marker_in("x-awssig%2Donce=abc&X-Amz-Algorith%6D=A"),
            (true, true)
        );
    }
}
