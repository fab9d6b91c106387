//! `Refreshing`: caching, refreshing ahead of expiry with an injected
//! clock, failures while valid and after expiry, no stampede.

use std::sync::atomic::{AtomicBool, AtomicI64, AtomicUsize, Ordering};
use std::sync::{Arc, Barrier};
use std::thread;
use std::time::Duration;

use awssig::credentials::io::{ProvideCredentials, Refreshing};
use awssig::{Credentials, Error, ErrorKind, SigningTime};

const T0: i64 = 1_700_000_000;

fn at(unix: i64) -> SigningTime {
    SigningTime::from_unix(unix).unwrap()
}

/// A source that counts its calls, hands out credentials expiring
/// `lifetime` seconds after `now` (or never), optionally fails, and
/// optionally takes its time.
#[derive(Default)]
struct Source {
    calls: AtomicUsize,
    lifetime: Option<i64>,
    failing: AtomicBool,
    delay: Duration,
}

impl Source {
    fn lasting(lifetime: i64) -> Self {
        Source {
            lifetime: Some(lifetime),
            ..Source::default()
        }
    }
    fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }
}

impl ProvideCredentials for Source {
    fn provide(&self, now: SigningTime) -> awssig::Result<Credentials> {
        let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
        thread::sleep(self.delay);
        if self.failing.load(Ordering::SeqCst) {
            return Err(Error::credential_source(
                "test-source",
                "the endpoint is down",
            ));
        }
        let creds = Credentials::new(format!("ASIA{n}"), "secret").unwrap();
        Ok(match self.lifetime {
            Some(s) => creds.expiring_at(at(now.unix() + s)),
            None => creds,
        })
    }
    fn name(&self) -> &str {
        "test-source"
    }
}

#[test]
fn sixteen_threads_asking_at_once_call_the_source_once() {
    let source = Source {
        delay: Duration::from_millis(200),
        ..Source::lasting(3600)
    };
    let cache = Arc::new(Refreshing::new(source));
    let start = Arc::new(Barrier::new(16));
    let handles: Vec<_> = (0..16)
        .map(|_| {
            let (cache, start) = (Arc::clone(&cache), Arc::clone(&start));
            thread::spawn(move || {
                start.wait();
                cache.provide(at(T0)).unwrap().access_key_id().to_string()
            })
        })
        .collect();
    let keys: Vec<String> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    assert_eq!(cache.provider().calls(), 1);
    assert!(keys.iter().all(|k| k == "ASIA1"), "{keys:?}");
}

#[test]
fn threads_asking_during_an_early_refresh_take_the_valid_cached_credentials() {
    let source = Source {
        delay: Duration::from_millis(300),
        ..Source::lasting(3600)
    };
    let cache = Arc::new(Refreshing::new(source));
    cache.provide(at(T0)).unwrap();
    // Inside the margin: one thread refreshes (slowly), the others are
    // served the old, still valid, credentials without waiting.
    let inside = at(T0 + 3600 - 60);
    let refresher = {
        let cache = Arc::clone(&cache);
        thread::spawn(move || cache.provide(inside).unwrap().access_key_id().to_string())
    };
    while cache.provider().calls() < 2 {
        thread::yield_now();
    }
    assert_eq!(cache.provide(inside).unwrap().access_key_id(), "ASIA1");
    assert_eq!(refresher.join().unwrap(), "ASIA2");
    assert_eq!(cache.provider().calls(), 2);
}

#[test]
fn an_injected_clock_crossing_the_margin_triggers_one_refresh() {
    let now = Arc::new(AtomicI64::new(T0));
    let clock = {
        let now = Arc::clone(&now);
        move || at(now.load(Ordering::SeqCst))
    };
    let cache = Refreshing::new(Source::lasting(3600)).with_clock(clock);
    assert_eq!(cache.credentials().unwrap().access_key_id(), "ASIA1");
    now.store(T0 + 3600 - 301, Ordering::SeqCst); // one second before the margin
    assert_eq!(cache.credentials().unwrap().access_key_id(), "ASIA1");
    assert_eq!(cache.provider().calls(), 1);
    now.store(T0 + 3600 - 300, Ordering::SeqCst); // the margin: refresh
    assert_eq!(cache.credentials().unwrap().access_key_id(), "ASIA2");
    assert_eq!(cache.credentials().unwrap().access_key_id(), "ASIA2");
    assert_eq!(cache.provider().calls(), 2);
}

#[test]
fn a_set_margin_moves_the_refresh() {
    let cache = Refreshing::new(Source::lasting(3600)).with_margin(Duration::from_secs(900));
    cache.provide(at(T0)).unwrap();
    cache.provide(at(T0 + 3600 - 901)).unwrap();
    assert_eq!(cache.provider().calls(), 1);
    cache.provide(at(T0 + 3600 - 900)).unwrap();
    assert_eq!(cache.provider().calls(), 2);
}

#[test]
fn a_failed_refresh_while_valid_serves_the_cached_and_retries_after_the_pause() {
    let cache = Refreshing::new(Source::lasting(3600)).with_retry_after(Duration::from_secs(30));
    cache.provide(at(T0)).unwrap();
    cache.provider().failing.store(true, Ordering::SeqCst);
    let inside = T0 + 3600 - 200;
    assert_eq!(cache.provide(at(inside)).unwrap().access_key_id(), "ASIA1");
    assert_eq!(cache.provider().calls(), 2);
    // Within the pause: the source is left alone.
    assert_eq!(
        cache.provide(at(inside + 29)).unwrap().access_key_id(),
        "ASIA1"
    );
    assert_eq!(cache.provider().calls(), 2);
    // After it: asked again; it has recovered.
    cache.provider().failing.store(false, Ordering::SeqCst);
    assert_eq!(
        cache.provide(at(inside + 30)).unwrap().access_key_id(),
        "ASIA3"
    );
    assert_eq!(cache.provider().calls(), 3);
}

#[test]
fn a_failed_refresh_after_expiry_is_an_error_naming_the_source() {
    let cache = Refreshing::new(Source::lasting(3600));
    cache.provide(at(T0)).unwrap();
    cache.provider().failing.store(true, Ordering::SeqCst);
    // Expired: the cached credentials are never handed out.
    let err = cache.provide(at(T0 + 3600)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::CredentialSource);
    assert_eq!(err.to_string(), "test-source: the endpoint is down");
    // No pause after expiry: the next caller asks again.
    cache.provide(at(T0 + 3601)).unwrap_err();
    assert_eq!(cache.provider().calls(), 3);
}

#[test]
fn an_error_without_the_source_name_gets_it() {
    struct Bare;
    impl ProvideCredentials for Bare {
        fn provide(&self, _: SigningTime) -> awssig::Result<Credentials> {
            Err(SigningTime::from_amz_date("garbage").unwrap_err())
        }
        fn name(&self) -> &str {
            "bare"
        }
    }
    let err = Refreshing::new(Bare).provide(at(T0)).unwrap_err();
    assert!(err.to_string().starts_with("bare: "), "{err}");
    assert_eq!(err.kind(), ErrorKind::InvalidTime);
}

#[test]
fn credentials_already_expired_from_the_source_are_refused() {
    let cache = Refreshing::new(Source::lasting(0));
    let err = cache.provide(at(T0)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "test-source: returned credentials that expired at 2023-11-14T22:13:20Z (now 2023-11-14T22:13:20Z)"
    );
}

#[test]
fn credentials_inside_the_margin_from_the_start_are_not_refetched_on_every_call() {
    // A source whose credentials last less than the margin.
    let cache = Refreshing::new(Source::lasting(120)).with_retry_after(Duration::from_secs(30));
    cache.provide(at(T0)).unwrap();
    cache.provide(at(T0 + 1)).unwrap();
    cache.provide(at(T0 + 29)).unwrap();
    assert_eq!(cache.provider().calls(), 1);
    cache.provide(at(T0 + 30)).unwrap();
    assert_eq!(cache.provider().calls(), 2);
}

#[test]
fn credentials_without_expiry_are_cached_forever() {
    let cache = Refreshing::new(Source::default());
    cache.provide(at(T0)).unwrap();
    cache.provide(at(253_402_300_799)).unwrap(); // 9999-12-31T23:59:59Z
    assert_eq!(cache.provider().calls(), 1);
}

#[test]
fn waiters_share_the_error_of_the_refresh_they_waited_for() {
    let source = Source {
        delay: Duration::from_millis(200),
        ..Source::lasting(3600)
    };
    source.failing.store(true, Ordering::SeqCst);
    let cache = Arc::new(Refreshing::new(source));
    let start = Arc::new(Barrier::new(8));
    let handles: Vec<_> = (0..8)
        .map(|_| {
            let (cache, start) = (Arc::clone(&cache), Arc::clone(&start));
            thread::spawn(move || {
                start.wait();
                cache.provide(at(T0)).unwrap_err().to_string()
            })
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().unwrap(), "test-source: the endpoint is down");
    }
    assert_eq!(cache.provider().calls(), 1);
}

#[test]
fn a_panicking_source_does_not_leave_waiters_stuck() {
    struct PanicsOnce(AtomicUsize);
    impl ProvideCredentials for PanicsOnce {
        fn provide(&self, _: SigningTime) -> awssig::Result<Credentials> {
            if self.0.fetch_add(1, Ordering::SeqCst) == 0 {
                panic!("source bug");
            }
            Credentials::new("AKID", "secret")
        }
        fn name(&self) -> &str {
            "panics-once"
        }
    }
    let cache = Refreshing::new(PanicsOnce(AtomicUsize::new(0)));
    let first = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| cache.provide(at(T0))));
    assert!(first.is_err());
    assert_eq!(cache.provide(at(T0)).unwrap().access_key_id(), "AKID");
}
