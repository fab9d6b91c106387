//! Where "now" comes from: the system clock, or one a test controls.

use crate::time::SigningTime;

/// A source of the current time, for [`Refreshing`](super::Refreshing)
/// and the chain. Any `Fn() -> SigningTime + Send + Sync` is one, so a test
/// can move time forward at will.
///
/// ```
/// use std::sync::atomic::{AtomicI64, Ordering};
/// use awssig::SigningTime;
/// use awssig::credentials::io::{Clock, SystemClock};
///
/// let t = AtomicI64::new(1_700_000_000);
/// let test_clock = || SigningTime::from_unix(t.load(Ordering::Relaxed)).unwrap();
/// assert_eq!(test_clock.now().unix(), 1_700_000_000);
/// t.store(1_700_000_060, Ordering::Relaxed);
/// assert_eq!(test_clock.now().unix(), 1_700_000_060);
/// assert!(SystemClock.now().unix() > 1_700_000_000);
/// ```
pub trait Clock: Send + Sync {
    /// The current time.
    ///
    /// ```
    /// use awssig::credentials::io::{Clock, SystemClock};
    /// let now = SystemClock.now();
    /// assert!(now <= awssig::SigningTime::now());
    /// ```
    fn now(&self) -> SigningTime;
}

/// The system clock ([`SigningTime::now`]), the default.
///
/// ```
/// use awssig::credentials::io::{Clock, SystemClock};
/// assert!(SystemClock.now().unix() > 0);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> SigningTime {
        SigningTime::now()
    }
}

impl<F: Fn() -> SigningTime + Send + Sync> Clock for F {
    fn now(&self) -> SigningTime {
        self()
    }
}
