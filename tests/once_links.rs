//! One-time links through `verify::replay::OnceLinks`, with the
//! in-process guard and a guard that fails (the Redis guard against a real
//! server is in tests/once_redis.rs).

use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};

use awssig::s3::Bucket;
use awssig::verify::replay::{
    MemoryGuard, OnceLinks, ReplayGuard, ReplayKey, UseCounts, ONCE_PARAM,
};
use awssig::verify::{Incoming, Verifier};
use awssig::{Credentials, Error, ErrorKind, S3ErrorCode, SignatureVersion, SigningTime};

const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

fn creds() -> Credentials {
    Credentials::new("AKIAIOSFODNN7EXAMPLE", SECRET).unwrap()
}

fn t(s: i64) -> SigningTime {
    SigningTime::from_unix(1_700_000_000 + s).unwrap()
}

fn lookup(_: &str) -> Option<String> {
    Some(SECRET.to_string())
}

fn once_url(nonce: u8) -> String {
    Bucket::new("examplebucket", "us-east-1")
        .unwrap()
        .get("report.pdf")
        .once([nonce; 16])
        .presign(&creds(), t(0), 600)
        .unwrap()
}

/// Verifies, then admits: the order a server must keep.
fn use_link<G: ReplayGuard>(
    once: &OnceLinks<G>,
    url: &str,
    now: SigningTime,
) -> Result<bool, Error> {
    let req = Incoming::new("GET", url, &[]);
    let verified = Verifier::s3().verify(&req, now, lookup)?;
    let admission = once.admit(&req, &verified, now)?;
    let was_once = admission.is_once();
    admission.commit();
    Ok(was_once)
}

#[test]
fn a_marked_url_is_admitted_once_then_refused_with_access_denied() {
    let once = OnceLinks::new(MemoryGuard::new(100));
    let url = once_url(1);
    assert!(use_link(&once, &url, t(1)).unwrap());
    let err = use_link(&once, &url, t(2)).unwrap_err();
    assert_eq!(err.s3_code(), Some(S3ErrorCode::AccessDenied));
    assert!(err.to_string().contains("already used"), "{err}");
}

#[test]
fn two_once_urls_for_the_same_object_in_the_same_second_differ() {
    assert_ne!(once_url(1), once_url(2));
    let once = OnceLinks::new(MemoryGuard::new(100));
    assert!(use_link(&once, &once_url(1), t(1)).unwrap());
    assert!(use_link(&once, &once_url(2), t(1)).unwrap());
}

#[test]
fn an_unmarked_url_is_admitted_any_number_of_times() {
    let once = OnceLinks::new(MemoryGuard::new(100));
    let url = Bucket::new("examplebucket", "us-east-1")
        .unwrap()
        .get("report.pdf")
        .presign(&creds(), t(0), 600)
        .unwrap();
    for i in 1..4 {
        assert!(!use_link(&once, &url, t(i)).unwrap());
    }
    assert!(once.guard().is_empty());
}

#[test]
fn a_forged_url_consumes_nothing() {
    let once = OnceLinks::new(MemoryGuard::new(100));
    let url = once_url(3);
    // The signature's last digit changed: refused by the verifier, and the
    // guard is never asked.
    let mut forged = url.clone();
    let last = forged.pop().unwrap();
    forged.push(if last == '0' { '1' } else { '0' });
    let err = use_link(&once, &forged, t(1)).unwrap_err();
    assert_eq!(err.s3_code(), Some(S3ErrorCode::SignatureDoesNotMatch));
    assert!(once.guard().is_empty());
    assert!(use_link(&once, &url, t(1)).unwrap());
}

#[test]
fn an_escaped_marker_name_is_still_the_marker() {
    // `%2D` decodes to `-`: the canonical query, and so the signature, are
    // the same, so the marker must not be lost.
    let once = OnceLinks::new(MemoryGuard::new(100));
    let url = once_url(4);
    let escaped = url.replace("x-awssig-once=", "x-awssig%2Donce=");
    assert_ne!(url, escaped);
    assert!(use_link(&once, &escaped, t(1)).unwrap());
    assert!(use_link(&once, &url, t(2)).is_err());
}

#[test]
fn sigv2_cannot_make_or_carry_a_marker() {
    let v2 = Bucket::new("examplebucket", "us-east-1")
        .unwrap()
        .signature_version(SignatureVersion::V2);
    let err = v2
        .get("k")
        .once([5; 16])
        .presign(&creds(), t(0), 600)
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidQuery);
    assert!(err.to_string().contains("SigV4"), "{err}");
    // A marker added to a SigV2 URL (which does not sign it) is refused
    // rather than trusted.
    let url = v2.get("k").presign(&creds(), t(0), 600).unwrap();
    let marked = format!("{url}&{ONCE_PARAM}=AAAAAAAAAAAAAAAAAAAAAA");
    let req = Incoming::new("GET", &marked, &[]);
    let verifier = Verifier::s3().virtual_host_domain("s3.amazonaws.com");
    let verified = verifier.verify(&req, t(1), lookup).unwrap();
    let once = OnceLinks::new(MemoryGuard::new(100));
    let err = once.admit(&req, &verified, t(1)).unwrap_err();
    assert_eq!(err.s3_code(), Some(S3ErrorCode::AccessDenied));
}

#[test]
fn on_success_a_dropped_admission_releases_and_a_committed_one_counts() {
    let once = OnceLinks::new(MemoryGuard::new(100)).counts(UseCounts::OnSuccess);
    let url = once_url(6);
    let req = Incoming::new("GET", &url, &[]);
    let verified = Verifier::s3().verify(&req, t(1), lookup).unwrap();
    {
        let first = once.admit(&req, &verified, t(1)).unwrap();
        // While reserved, a second use is refused.
        assert!(once.admit(&req, &verified, t(1)).is_err());
        drop(first); // the download failed half way
    }
    once.admit(&req, &verified, t(2)).unwrap().commit();
    assert!(once.admit(&req, &verified, t(3)).is_err());
}

/// A store that cannot answer.
struct Down(AtomicUsize);

impl ReplayGuard for Down {
    fn try_claim(&self, _: &ReplayKey, _: SigningTime, _: SigningTime) -> awssig::Result<bool> {
        self.0.fetch_add(1, SeqCst);
        Err(Error::credential_source("store", "connection refused"))
    }
    fn release(&self, _: &ReplayKey) -> awssig::Result<()> {
        Ok(())
    }
}

#[test]
fn a_guard_that_cannot_answer_refuses_with_503() {
    let once = OnceLinks::new(Down(AtomicUsize::new(0)));
    let err = use_link(&once, &once_url(7), t(1)).unwrap_err();
    assert_eq!(err.s3_code(), Some(S3ErrorCode::ServiceUnavailable));
    assert_eq!(S3ErrorCode::ServiceUnavailable.http_status(), 503);
    assert!(err.to_string().contains("cannot answer"), "{err}");
    assert_eq!(once.guard().0.load(SeqCst), 1);
}

#[test]
fn an_expired_once_url_is_refused_by_the_verifier_before_the_guard() {
    let once = OnceLinks::new(Down(AtomicUsize::new(0)));
    let err = use_link(&once, &once_url(8), t(601)).unwrap_err();
    assert_eq!(err.s3_code(), Some(S3ErrorCode::AccessDenied));
    assert_eq!(once.guard().0.load(SeqCst), 0);
}
