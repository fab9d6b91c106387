//! The one-process guard: a bounded map of used keys, each dropped when
//! its URL expires.

use std::collections::{BinaryHeap, HashMap};
use std::sync::Mutex;

use core::cmp::Reverse;

use crate::error::{Error, ErrorKind, Result};
use crate::time::SigningTime;

use super::{ReplayGuard, ReplayKey};

/// A [`ReplayGuard`] in this process's memory, for one server (replicas
/// need a shared store: [`super::RedisGuard`]). At most `capacity` URLs
/// are remembered at once; an entry goes when its URL expires (swept as
/// new ones come), so memory is bounded by the links alive at one time.
/// When that many are alive, a new one-time URL is refused (the guard
/// fails closed) rather than one forgotten.
///
/// ```
/// use awssig::SigningTime;
/// use awssig::verify::replay::{MemoryGuard, ReplayGuard, ReplayKey};
/// let guard = MemoryGuard::new(2);
/// let t = |s| SigningTime::from_unix(s).unwrap();
/// assert!(guard.try_claim(&ReplayKey::of_signature(b"a"), t(10), t(0))?);
/// assert!(guard.try_claim(&ReplayKey::of_signature(b"b"), t(10), t(0))?);
/// assert!(guard.try_claim(&ReplayKey::of_signature(b"c"), t(10), t(0)).is_err()); // full
/// assert!(guard.try_claim(&ReplayKey::of_signature(b"c"), t(20), t(11))?); // a and b expired
/// assert_eq!(guard.len(), 1);
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Debug)]
pub struct MemoryGuard {
    inner: Mutex<Inner>,
    capacity: usize,
}

#[derive(Debug, Default)]
struct Inner {
    /// Each used key and the last second its URL is valid.
    until: HashMap<ReplayKey, i64>,
    /// The same entries by expiry, earliest first (an entry released or
    /// claimed again is left here stale and skipped when it comes up).
    by_expiry: BinaryHeap<Reverse<(i64, ReplayKey)>>,
}

impl MemoryGuard {
    /// A guard remembering at most `capacity` live one-time URLs.
    ///
    /// ```
    /// let guard = awssig::verify::replay::MemoryGuard::new(100_000);
    /// assert!(guard.is_empty());
    /// ```
    pub fn new(capacity: usize) -> Self {
        MemoryGuard {
            inner: Mutex::new(Inner::default()),
            capacity,
        }
    }

    /// How many URLs are remembered now (expired ones included until the
    /// next claim sweeps them).
    ///
    /// ```
    /// assert_eq!(awssig::verify::replay::MemoryGuard::new(1).len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.lock().until.len()
    }

    /// Whether no URL is remembered.
    ///
    /// ```
    /// assert!(awssig::verify::replay::MemoryGuard::new(1).is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A panic elsewhere while holding the lock leaves the map as it
        // was between two whole operations: still sound to use.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Inner {
    /// Drops every entry whose URL expired before `now`.
    fn sweep(&mut self, now: i64) {
        while let Some(Reverse((until, key))) = self.by_expiry.peek().copied() {
            if until >= now {
                break;
            }
            self.by_expiry.pop();
            if self.until.get(&key) == Some(&until) {
                self.until.remove(&key);
            }
        }
        // Stale heap entries (released keys) are bounded by the live ones.
        if self.by_expiry.len() > 2 * self.until.len() + 64 {
            self.by_expiry = self.until.iter().map(|(k, u)| Reverse((*u, *k))).collect();
        }
    }
}

impl ReplayGuard for MemoryGuard {
    fn try_claim(&self, key: &ReplayKey, until: SigningTime, now: SigningTime) -> Result<bool> {
        let mut inner = self.lock();
        inner.sweep(now.unix());
        if inner.until.contains_key(key) {
            return Ok(false);
        }
        if inner.until.len() >= self.capacity {
            return Err(Error::new(
                ErrorKind::Rejected,
                alloc::format!(
                    "the in-memory one-time link guard holds {} live links, its capacity",
                    self.capacity
                ),
            ));
        }
        inner.until.insert(*key, until.unix());
        inner.by_expiry.push(Reverse((until.unix(), *key)));
        Ok(true)
    }

    fn release(&self, key: &ReplayKey) -> Result<()> {
        self.lock().until.remove(key);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn t(s: i64) -> SigningTime {
        SigningTime::from_unix(s).unwrap()
    }

    fn key(i: u64) -> ReplayKey {
        ReplayKey::of_signature(&i.to_le_bytes())
    }

    #[test]
    fn a_key_is_kept_until_its_url_expires_and_no_longer() {
        let g = MemoryGuard::new(10);
        assert!(g.try_claim(&key(1), t(100), t(0)).unwrap());
        assert!(
            !g.try_claim(&key(1), t(100), t(100)).unwrap(),
            "valid through 100"
        );
        // At 101 the URL has expired: the verifier refuses it before the
        // guard is asked, and the entry is swept.
        assert!(g.try_claim(&key(2), t(200), t(101)).unwrap());
        assert_eq!(g.len(), 1);
    }

    #[test]
    fn a_released_key_can_be_claimed_again() {
        let g = MemoryGuard::new(10);
        assert!(g.try_claim(&key(1), t(100), t(0)).unwrap());
        g.release(&key(1)).unwrap();
        assert!(g.try_claim(&key(1), t(100), t(1)).unwrap());
        assert!(!g.try_claim(&key(1), t(100), t(2)).unwrap());
    }

    #[test]
    fn each_url_is_claimed_exactly_once_by_eight_threads() {
        let g = Arc::new(MemoryGuard::new(100_000));
        let wins: Vec<usize> = (0..8)
            .map(|_| {
                let g = Arc::clone(&g);
                std::thread::spawn(move || {
                    (0..2_000u64)
                        .filter(|i| g.try_claim(&key(*i), t(1_000), t(0)).unwrap())
                        .count()
                })
            })
            .collect::<Vec<_>>()
            .into_iter()
            .map(|h| h.join().unwrap())
            .collect();
        assert_eq!(wins.iter().sum::<usize>(), 2_000, "{wins:?}");
    }

    #[test]
    fn memory_stays_bounded_as_urls_expire() {
        // 200 000 one-second links over time, never more than 100 alive:
        // the guard never holds more than the live ones (plus the sweep's
        // slack), and never refuses.
        let g = MemoryGuard::new(200);
        for i in 0..200_000u64 {
            let now = (i / 100) as i64;
            assert!(g.try_claim(&key(i), t(now), t(now)).unwrap(), "link {i}");
            let inner = g.lock();
            assert!(
                inner.until.len() <= 200,
                "{} live at link {i}",
                inner.until.len()
            );
            assert!(
                inner.by_expiry.len() <= 2 * 200 + 64,
                "heap {} at {i}",
                inner.by_expiry.len()
            );
        }
    }

    #[test]
    fn a_full_guard_refuses_rather_than_forgets() {
        let g = MemoryGuard::new(1);
        assert!(g.try_claim(&key(1), t(100), t(0)).unwrap());
        assert!(g.try_claim(&key(2), t(100), t(0)).is_err());
        assert!(!g.try_claim(&key(1), t(100), t(0)).unwrap());
    }
}
