//! A thread-safe cache in front of a credential source, refreshing ahead of
//! expiry, one caller at a time.

use core::time::Duration;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

use super::clock::{Clock, SystemClock};
use super::provider::ProvideCredentials;
use crate::credentials::Credentials;
use crate::error::{Error, Result};
use crate::time::SigningTime;

/// Caches the credentials of a source and refreshes them ahead of expiry.
///
/// * Credentials are fresh until `margin` before they expire
///   ([`Refreshing::DEFAULT_MARGIN`], 5 minutes); credentials without an
///   expiry stay fresh forever and the source is asked once.
/// * Once they are no longer fresh, the next caller refreshes them. While
///   it does, callers who can be served the cached credentials (still valid
///   at their `now`) take them without waiting; callers who cannot wait
///   for its result. So the source is never asked twice at once, however
///   many threads ask (no stampede).
/// * Credentials expired at `now` are never handed out: neither cached
///   ones nor ones the source returns already expired (that is an error).
/// * When a refresh fails while the cached credentials are still valid,
///   they are handed out, and the source is not asked again before
///   `retry_after` has passed ([`Refreshing::DEFAULT_RETRY_AFTER`], 30 s,
///   a fixed delay; the same pause follows a refresh whose credentials are
///   already inside the margin). When nothing valid is cached, the error
///   is returned, naming the source, to the caller and to those who waited
///   for that refresh; the next caller asks the source again.
///
/// Time is what the caller says ([`ProvideCredentials::provide`]) or what
/// the clock says ([`Refreshing::credentials`]; [`SystemClock`] unless
/// [`Refreshing::with_clock`] sets another).
///
/// ```
/// use std::sync::atomic::{AtomicUsize, Ordering};
/// use awssig::{Credentials, SigningTime};
/// use awssig::credentials::io::{ProvideCredentials, Refreshing};
///
/// struct Sts(AtomicUsize);
/// impl ProvideCredentials for Sts {
///     fn provide(&self, now: SigningTime) -> awssig::Result<Credentials> {
///         self.0.fetch_add(1, Ordering::SeqCst);
///         let end = SigningTime::from_unix(now.unix() + 3600)?;
///         Ok(Credentials::new("ASIA", "secret")?.with_session_token("t")?.expiring_at(end))
///     }
///     fn name(&self) -> &str { "sts" }
/// }
///
/// let cache = Refreshing::new(Sts(AtomicUsize::new(0)));
/// let t0 = SigningTime::from_unix(1_700_000_000)?;
/// cache.provide(t0)?;
/// cache.provide(SigningTime::from_unix(t0.unix() + 3000)?)?; // fresh: cached
/// assert_eq!(cache.provider().0.load(Ordering::SeqCst), 1);
/// cache.provide(SigningTime::from_unix(t0.unix() + 3400)?)?; // inside 5 min: refreshed
/// assert_eq!(cache.provider().0.load(Ordering::SeqCst), 2);
/// # Ok::<(), awssig::Error>(())
/// ```
pub struct Refreshing<P, C = SystemClock> {
    provider: P,
    clock: C,
    margin: i64,
    retry_after: i64,
    state: Mutex<State>,
    refreshed: Condvar,
}

#[derive(Default)]
struct State {
    cached: Option<Credentials>,
    /// A caller is asking the source right now.
    refreshing: bool,
    /// No refresh before this instant (Unix seconds) while the cached
    /// credentials are valid.
    retry_at: Option<i64>,
    /// Counts finished refreshes, so a waiter knows one ended.
    generation: u64,
    /// The error of the last refresh, if it failed.
    last_error: Option<Error>,
}

impl<P: ProvideCredentials> Refreshing<P> {
    /// A cache in front of `provider`, with the default margin, retry delay
    /// and the system clock.
    ///
    /// ```
    /// use awssig::credentials::io::Refreshing;
    /// let cache = Refreshing::new(awssig::Credentials::new("AKID", "secret")?);
    /// assert_eq!(cache.credentials()?.access_key_id(), "AKID");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn new(provider: P) -> Self {
        Refreshing {
            provider,
            clock: SystemClock,
            margin: secs(Self::DEFAULT_MARGIN),
            retry_after: secs(Self::DEFAULT_RETRY_AFTER),
            state: Mutex::new(State::default()),
            refreshed: Condvar::new(),
        }
    }
}

impl<P, C> Refreshing<P, C> {
    /// How long before expiry credentials are refreshed: 5 minutes.
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use awssig::credentials::io::Refreshing;
    /// assert_eq!(Refreshing::<awssig::Credentials>::DEFAULT_MARGIN, Duration::from_secs(300));
    /// ```
    pub const DEFAULT_MARGIN: Duration = Duration::from_secs(5 * 60);

    /// How long after a failed refresh (with valid credentials cached) the
    /// source is asked again: 30 s.
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use awssig::credentials::io::Refreshing;
    /// assert_eq!(Refreshing::<awssig::Credentials>::DEFAULT_RETRY_AFTER, Duration::from_secs(30));
    /// ```
    pub const DEFAULT_RETRY_AFTER: Duration = Duration::from_secs(30);

    /// Sets how long before expiry credentials are refreshed (whole
    /// seconds).
    ///
    /// ```
    /// use std::time::Duration;
    /// use awssig::credentials::io::Refreshing;
    /// let cache = Refreshing::new(awssig::Credentials::new("AKID", "s")?).with_margin(Duration::from_secs(900));
    /// assert_eq!(cache.margin(), Duration::from_secs(900));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    #[must_use]
    pub fn with_margin(mut self, margin: Duration) -> Self {
        self.margin = secs(margin);
        self
    }

    /// Sets the pause after a failed refresh while valid credentials are
    /// cached (whole seconds).
    ///
    /// ```
    /// use std::time::Duration;
    /// use awssig::credentials::io::Refreshing;
    /// let cache = Refreshing::new(awssig::Credentials::new("AKID", "s")?).with_retry_after(Duration::from_secs(5));
    /// assert_eq!(cache.retry_after(), Duration::from_secs(5));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    #[must_use]
    pub fn with_retry_after(mut self, retry_after: Duration) -> Self {
        self.retry_after = secs(retry_after);
        self
    }

    /// The same cache reading time from `clock` (a test's clock).
    ///
    /// ```
    /// use awssig::{Credentials, SigningTime};
    /// use awssig::credentials::io::Refreshing;
    /// let creds = Credentials::new("ASIA", "s")?.expiring_at(SigningTime::from_unix(1000)?);
    /// let cache = Refreshing::new(creds).with_clock(|| SigningTime::from_unix(2000).unwrap());
    /// assert!(cache.credentials().is_err()); // expired by that clock
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn with_clock<C2: Clock>(self, clock: C2) -> Refreshing<P, C2> {
        Refreshing {
            provider: self.provider,
            clock,
            margin: self.margin,
            retry_after: self.retry_after,
            state: self.state,
            refreshed: self.refreshed,
        }
    }

    /// How long before expiry credentials are refreshed.
    ///
    /// ```
    /// # use std::time::Duration;
    /// let cache = awssig::credentials::io::Refreshing::new(awssig::Credentials::new("AKID", "s")?);
    /// assert_eq!(cache.margin(), Duration::from_secs(300));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn margin(&self) -> Duration {
        Duration::from_secs(self.margin.unsigned_abs())
    }

    /// The pause after a failed refresh while valid credentials are cached.
    ///
    /// ```
    /// # use std::time::Duration;
    /// let cache = awssig::credentials::io::Refreshing::new(awssig::Credentials::new("AKID", "s")?);
    /// assert_eq!(cache.retry_after(), Duration::from_secs(30));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn retry_after(&self) -> Duration {
        Duration::from_secs(self.retry_after.unsigned_abs())
    }

    /// The source behind the cache.
    ///
    /// ```
    /// use awssig::credentials::io::{ProvideCredentials, Refreshing};
    /// let cache = Refreshing::new(awssig::Credentials::new("AKID", "s")?);
    /// assert_eq!(cache.provider().name(), "static credentials");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn provider(&self) -> &P {
        &self.provider
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // The state is consistent at every unlock (the source is asked
        // with the lock released), so a poisoned lock is still usable.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl<P: ProvideCredentials, C: Clock> Refreshing<P, C> {
    /// Credentials valid now, by the cache's clock: the cached ones, or
    /// fresh ones from the source. See [`Refreshing`].
    ///
    /// ```
    /// use awssig::credentials::io::Refreshing;
    /// let cache = Refreshing::new(awssig::Credentials::new("AKID", "secret")?);
    /// assert_eq!(cache.credentials()?.secret_access_key(), "secret");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn credentials(&self) -> Result<Credentials> {
        self.provide(self.clock.now())
    }
}

/// Clears the "refreshing" flag if the source panics, so that waiters
/// wake up and one of them asks again instead of waiting forever.
struct Unflag<'a, P, C> {
    owner: &'a Refreshing<P, C>,
    armed: bool,
}

impl<P, C> Drop for Unflag<'_, P, C> {
    fn drop(&mut self) {
        if self.armed {
            self.owner.lock().refreshing = false;
            self.owner.refreshed.notify_all();
        }
    }
}

impl<P: ProvideCredentials, C: Clock> ProvideCredentials for Refreshing<P, C> {
    /// Credentials valid at `now`. See [`Refreshing`].
    fn provide(&self, now: SigningTime) -> Result<Credentials> {
        let t = now.unix();
        let mut state = self.lock();
        loop {
            let valid = state.cached.as_ref().filter(|c| !c.is_expired_at(now));
            if let Some(creds) = valid {
                let fresh = creds
                    .expires_at()
                    .is_none_or(|end| t < end.unix().saturating_sub(self.margin));
                let backing_off = state.retry_at.is_some_and(|at| t < at);
                if fresh || state.refreshing || backing_off {
                    return Ok(creds.clone());
                }
                break; // this caller refreshes
            }
            if !state.refreshing {
                break;
            }
            // Nothing valid to hand out: wait for the refresh under way.
            let generation = state.generation;
            while state.refreshing {
                state = self
                    .refreshed
                    .wait(state)
                    .unwrap_or_else(PoisonError::into_inner);
            }
            if state.generation != generation {
                if let Some(err) = &state.last_error {
                    return Err(err.clone());
                }
            }
            // It succeeded (take its result) or its source panicked (ask
            // again): look again.
        }

        state.refreshing = true;
        drop(state);
        let mut unflag = Unflag {
            owner: self,
            armed: true,
        };
        let result = self
            .provider
            .provide(now)
            .and_then(|creds| match creds.expires_at() {
                Some(end) if creds.is_expired_at(now) => Err(Error::credential_source(
                    self.provider.name(),
                    format_args!(
                        "returned credentials that expired at {} (now {})",
                        end.rfc3339(),
                        now.rfc3339()
                    ),
                )),
                _ => Ok(creds),
            });

        let mut state = self.lock();
        unflag.armed = false;
        state.refreshing = false;
        state.generation = state.generation.wrapping_add(1);
        let answer = match result {
            Ok(creds) => {
                let inside_margin = creds
                    .expires_at()
                    .is_some_and(|end| t >= end.unix().saturating_sub(self.margin));
                state.retry_at = inside_margin.then(|| t.saturating_add(self.retry_after));
                state.last_error = None;
                state.cached = Some(creds.clone());
                Ok(creds)
            }
            Err(err) => {
                let err = Error::context(err, self.provider.name());
                match state.cached.as_ref().filter(|c| !c.is_expired_at(now)) {
                    Some(cached) => {
                        let cached = cached.clone();
                        state.retry_at = Some(t.saturating_add(self.retry_after));
                        state.last_error = None;
                        Ok(cached)
                    }
                    None => {
                        state.cached = None;
                        state.last_error = Some(err.clone());
                        Err(err)
                    }
                }
            }
        };
        drop(state);
        self.refreshed.notify_all();
        answer
    }

    fn name(&self) -> &str {
        self.provider.name()
    }
}

fn secs(d: Duration) -> i64 {
    i64::try_from(d.as_secs()).unwrap_or(i64::MAX)
}

impl<P: core::fmt::Debug, C> core::fmt::Debug for Refreshing<P, C> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let state = self.lock();
        f.debug_struct("Refreshing")
            .field("provider", &self.provider)
            .field("margin_secs", &self.margin)
            .field("retry_after_secs", &self.retry_after)
            .field("cached", &state.cached) // Credentials redacts its secrets
            .field("refreshing", &state.refreshing)
            .finish_non_exhaustive()
    }
}
