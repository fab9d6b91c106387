//! Credentials that know when they expire, against every presigner: S3
//! object URLs (SigV4 and SigV2), `v4::Signer::presign`,
//! `v2::Signer::presign`, POST forms (SigV4 and SigV2), each with the
//! default policy (refuse), `ExpiryPolicy::Clamp`, credentials already
//! expired, and credentials whose expiry is not known; then the time
//! window of S3 object URLs, alone and with either policy.
//!
//! The expected lifetimes, instants and URL parameters are written out
//! here (2026-01-01T00:00:00Z is 1767225600 s since the epoch).

mod common;

use awssig::s3::{Bucket, SignatureVersion};
use awssig::{Credentials, ErrorKind, ExpiryPolicy, Result, SigningTime};
use common::*;

/// 2026-01-01T00:00:00Z.
const T0: i64 = 1_767_225_600;

fn at(unix: i64) -> SigningTime {
    SigningTime::from_unix(unix).unwrap()
}

fn creds() -> Credentials {
    example_creds()
        .with_session_token("FwoGZXIvYXdzEXAMPLE")
        .unwrap()
}

/// [`creds`] ending at `end`.
fn expiring(end: i64) -> Credentials {
    creds().expiring_at(at(end))
}

/// What a presigner returns: its output text and the expiry it reports.
type Signed = Result<(String, SigningTime)>;

/// One presigner.
struct Presigner {
    name: &'static str,
    sign: fn(&Credentials, ExpiryPolicy, SigningTime, u64) -> Signed,
    /// What the output says for a lifetime of `n` s from T0.
    says: fn(u64) -> String,
}

fn bucket(version: SignatureVersion) -> Bucket {
    Bucket::new("b-1", "us-east-1")
        .unwrap()
        .signature_version(version)
}

fn s3_url(
    version: SignatureVersion,
    c: &Credentials,
    p: ExpiryPolicy,
    t: SigningTime,
    n: u64,
) -> Result<(String, SigningTime)> {
    let u = bucket(version)
        .get("k")
        .expiry_policy(p)
        .presign_detailed(c, t, n)?;
    Ok((u.url().to_string(), u.expires_at()))
}

fn post(
    v4: bool,
    c: &Credentials,
    p: ExpiryPolicy,
    t: SigningTime,
    n: u64,
) -> Result<(String, SigningTime)> {
    let b = bucket(SignatureVersion::V4);
    let policy = b.post_policy("k").expires_in(n).expiry_policy(p);
    let form = if v4 {
        policy.sign_v4(c, t)?
    } else {
        policy.sign_v2(c, t)?
    };
    Ok((form.policy_json().to_string(), form.expiration()))
}

fn v4_says(n: u64) -> String {
    format!("&X-Amz-Expires={n}&")
}

fn v2_says(n: u64) -> String {
    format!("&Expires={}", T0 + n as i64)
}

fn post_says(n: u64) -> String {
    let end = match n {
        600 => "2026-01-01T00:10:00.000Z",
        3600 => "2026-01-01T01:00:00.000Z",
        _ => unreachable!("no expiration written out for {n} s"),
    };
    format!(r#"{{"expiration": "{end}""#)
}

fn presigners() -> Vec<Presigner> {
    vec![
        Presigner {
            name: "s3 object url, SigV4",
            sign: |c, p, t, n| s3_url(SignatureVersion::V4, c, p, t, n),
            says: v4_says,
        },
        Presigner {
            name: "s3 object url, SigV2",
            sign: |c, p, t, n| s3_url(SignatureVersion::V2, c, p, t, n),
            says: v2_says,
        },
        Presigner {
            name: "v4::Signer::presign",
            sign: |c, p, t, n| {
                let signer = awssig::v4::Signer::new(
                    c.clone(),
                    awssig::v4::SigningSettings::s3("us-east-1"),
                )?
                .expiry_policy(p);
                let host = [("host", "b-1.s3.amazonaws.com")];
                let q =
                    signer.presign(&awssig::v4::Request::new("GET", "/k").headers(&host), t, n)?;
                Ok((q.as_str().to_string(), q.expires_at()))
            },
            says: v4_says,
        },
        Presigner {
            name: "v2::Signer::presign",
            sign: |c, p, t, n| {
                let signer = awssig::v2::Signer::new(c.clone()).expiry_policy(p);
                let q = signer.presign(&awssig::v2::Request::new("GET", "/b-1/k"), t, n)?;
                Ok((q.as_str().to_string(), q.expires_at()))
            },
            says: v2_says,
        },
        Presigner {
            name: "POST form, SigV4",
            sign: |c, p, t, n| post(true, c, p, t, n),
            says: post_says,
        },
        Presigner {
            name: "POST form, SigV2",
            sign: |c, p, t, n| post(false, c, p, t, n),
            says: post_says,
        },
    ]
}

fn contains_says(name: &str, out: &str, says: &str) {
    assert!(out.contains(says), "{name}: {out:?} should say {says:?}");
}

#[test]
fn by_default_a_url_or_form_outliving_its_credentials_is_refused_naming_both_instants() {
    for p in presigners() {
        let err = (p.sign)(&expiring(T0 + 600), ExpiryPolicy::default(), at(T0), 3600).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::CredentialsExpire, "{}", p.name);
        let msg = err.to_string();
        for needle in [
            "2026-01-01T00:10:00Z",
            "2026-01-01T01:00:00Z",
            "ExpiryPolicy::Clamp",
            "600 s",
        ] {
            assert!(msg.contains(needle), "{}: {msg:?} lacks {needle:?}", p.name);
        }
        // Ending exactly with the credentials is not outliving them.
        let (out, end) = (p.sign)(&expiring(T0 + 600), ExpiryPolicy::Refuse, at(T0), 600).unwrap();
        contains_says(p.name, &out, &(p.says)(600));
        assert_eq!(end, at(T0 + 600), "{}", p.name);
    }
}

#[test]
fn clamped_the_lifetime_ends_with_the_credentials_and_is_reported() {
    for p in presigners() {
        let (out, end) = (p.sign)(&expiring(T0 + 600), ExpiryPolicy::Clamp, at(T0), 3600).unwrap();
        contains_says(p.name, &out, &(p.says)(600));
        assert_eq!(end, at(T0 + 600), "{}", p.name);
        // The same bytes as asking for 600 s with keys that never expire.
        let (plain, _) = (p.sign)(&creds(), ExpiryPolicy::Refuse, at(T0), 600).unwrap();
        assert_eq!(out, plain, "{}", p.name);
        // A lifetime within the credentials' is left alone.
        let (out, end) = (p.sign)(&expiring(T0 + 7200), ExpiryPolicy::Clamp, at(T0), 3600).unwrap();
        contains_says(p.name, &out, &(p.says)(3600));
        assert_eq!(end, at(T0 + 3600), "{}", p.name);
    }
}

#[test]
fn credentials_expired_at_the_signing_time_are_refused_whatever_the_policy() {
    for p in presigners() {
        for policy in [ExpiryPolicy::Refuse, ExpiryPolicy::Clamp] {
            for now in [T0, T0 + 1] {
                let err = (p.sign)(&expiring(T0), policy, at(now), 60).unwrap_err();
                assert_eq!(
                    err.kind(),
                    ErrorKind::CredentialsExpire,
                    "{} {policy:?}",
                    p.name
                );
                assert!(
                    err.to_string().contains("clamping cannot help"),
                    "{}: {err}",
                    p.name
                );
            }
        }
    }
}

#[test]
fn credentials_without_a_known_expiry_are_never_refused_or_clamped() {
    for p in presigners() {
        for policy in [ExpiryPolicy::Refuse, ExpiryPolicy::Clamp] {
            let (out, end) = (p.sign)(&creds(), policy, at(T0), 3600).unwrap();
            contains_says(p.name, &out, &(p.says)(3600));
            assert_eq!(end, at(T0 + 3600), "{}", p.name);
        }
    }
}

#[test]
fn the_lifetimes_own_bounds_are_checked_before_the_credentials() {
    // 604801 s is over SigV4's week even when clamping would shorten it.
    for p in presigners()
        .iter()
        .filter(|p| !p.name.contains("SigV2") && !p.name.contains("v2::"))
    {
        let err = (p.sign)(&expiring(T0 + 600), ExpiryPolicy::Clamp, at(T0), 604_801).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidExpiry, "{}", p.name);
    }
    for p in presigners() {
        let err = (p.sign)(&expiring(T0 + 600), ExpiryPolicy::Clamp, at(T0), 0).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidExpiry, "{}", p.name);
    }
}

#[test]
fn header_signing_with_credentials_expired_at_the_signing_time_is_refused() {
    let dead = expiring(T0);
    let host = [("host", "b-1.s3.amazonaws.com")];
    let req = awssig::v4::Request::new("GET", "/k").headers(&host);
    let v4 = awssig::v4::Signer::new(dead.clone(), awssig::v4::SigningSettings::s3("us-east-1"))
        .unwrap();
    let v2 = awssig::v2::Signer::new(dead);
    let v2_req = awssig::v2::Request::new("GET", "/b-1/k");
    for now in [T0, T0 + 1] {
        assert_eq!(
            v4.sign_headers(&req, at(now)).unwrap_err().kind(),
            ErrorKind::CredentialsExpire
        );
        assert_eq!(
            v4.sign_headers_steps(&req, at(now)).unwrap_err().kind(),
            ErrorKind::CredentialsExpire
        );
        assert_eq!(
            v2.sign_headers(&v2_req, at(now)).unwrap_err().kind(),
            ErrorKind::CredentialsExpire
        );
    }
    // One second before their end they still sign.
    assert!(v4.sign_headers(&req, at(T0 - 1)).is_ok());
    assert!(v2.sign_headers(&v2_req, at(T0 - 1)).is_ok());
}

// ------------------------------------------------------------ time window

/// The S3 object URL presigners with a window of `window` s.
fn windowed(
    version: SignatureVersion,
    c: &Credentials,
    p: ExpiryPolicy,
    window: u64,
    t: i64,
    n: u64,
) -> Result<awssig::s3::PresignedUrl> {
    bucket(version)
        .get("k")
        .expiry_policy(p)
        .time_window(window)
        .presign_detailed(c, at(t), n)
}

const VERSIONS: [SignatureVersion; 2] = [SignatureVersion::V4, SignatureVersion::V2];

#[test]
fn a_time_window_gives_one_url_per_window_signed_at_its_start() {
    // T0 is a multiple of 300 s.
    for v in VERSIONS {
        let first = windowed(v, &creds(), ExpiryPolicy::Refuse, 300, T0, 3600).unwrap();
        let last = windowed(v, &creds(), ExpiryPolicy::Refuse, 300, T0 + 299, 3600).unwrap();
        let next = windowed(v, &creds(), ExpiryPolicy::Refuse, 300, T0 + 300, 3600).unwrap();
        assert_eq!(first.url(), last.url(), "{v:?}");
        assert_ne!(first.url(), next.url(), "{v:?}");
        assert_eq!(first.expires_at(), at(T0 + 3600), "{v:?}");
        assert_eq!(last.expires_at(), at(T0 + 3600), "{v:?}");
        assert_eq!(next.expires_at(), at(T0 + 300 + 3600), "{v:?}");
        // From the window's last call it is valid for more than 3600 - 300 s.
        assert!(last.expires_at().unix() - (T0 + 299) > 3600 - 300);
        // The same URL as presigning at the window's start without one.
        let plain = bucket(v).get("k").presign(&creds(), at(T0), 3600).unwrap();
        assert_eq!(last.url(), plain, "{v:?}");
    }
    let v4 = windowed(
        SignatureVersion::V4,
        &creds(),
        ExpiryPolicy::Refuse,
        300,
        T0 + 299,
        3600,
    )
    .unwrap();
    assert!(v4
        .url()
        .contains("X-Amz-Date=20260101T000000Z&X-Amz-Expires=3600&"));
    let v2 = windowed(
        SignatureVersion::V2,
        &creds(),
        ExpiryPolicy::Refuse,
        300,
        T0 + 299,
        3600,
    )
    .unwrap();
    assert!(v2.url().ends_with("&Expires=1767229200"));
}

#[test]
fn a_time_window_must_lie_between_one_second_and_the_lifetime() {
    for v in VERSIONS {
        for window in [0, 3601] {
            let err = windowed(v, &creds(), ExpiryPolicy::Refuse, window, T0, 3600).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidExpiry, "{v:?} {window}");
            assert!(err.to_string().contains("time_window"), "{err}");
        }
        assert!(windowed(v, &creds(), ExpiryPolicy::Refuse, 3600, T0 + 3599, 3600).is_ok());
    }
}

#[test]
fn a_time_window_clamps_the_url_as_signed_the_same_for_the_whole_window() {
    // The credentials end 100 s into the next window.
    let c = expiring(T0 + 400);
    for v in VERSIONS {
        let first = windowed(v, &c, ExpiryPolicy::Clamp, 300, T0, 3600).unwrap();
        let last = windowed(v, &c, ExpiryPolicy::Clamp, 300, T0 + 299, 3600).unwrap();
        assert_eq!(first.url(), last.url(), "{v:?}");
        assert_eq!(last.expires_at(), at(T0 + 400), "{v:?}");
        // In the next window: signed at T0 + 300, 100 s left.
        let next = windowed(v, &c, ExpiryPolicy::Clamp, 300, T0 + 399, 3600).unwrap();
        assert_eq!(next.expires_at(), at(T0 + 400), "{v:?}");
        // SigV4 writes the signing time; a SigV2 URL carries only its end,
        // the same in both windows.
        match v {
            SignatureVersion::V2 => assert_eq!(next.url(), last.url()),
            _ => assert_ne!(next.url(), last.url()),
        }
    }
    let v4 = windowed(
        SignatureVersion::V4,
        &c,
        ExpiryPolicy::Clamp,
        300,
        T0 + 299,
        3600,
    )
    .unwrap();
    assert!(v4
        .url()
        .contains("X-Amz-Date=20260101T000000Z&X-Amz-Expires=400&"));
    let next = windowed(
        SignatureVersion::V4,
        &c,
        ExpiryPolicy::Clamp,
        300,
        T0 + 399,
        3600,
    )
    .unwrap();
    assert!(next
        .url()
        .contains("X-Amz-Date=20260101T000500Z&X-Amz-Expires=100&"));
}

#[test]
fn a_time_window_refuses_by_the_url_as_signed_and_by_the_calls_own_time() {
    // Window start + lifetime ends exactly with the credentials: accepted
    // under the default policy from anywhere in the window, although the
    // call's own time + lifetime would outlive them.
    let c = expiring(T0 + 3600);
    for v in VERSIONS {
        let u = windowed(v, &c, ExpiryPolicy::Refuse, 300, T0 + 200, 3600).unwrap();
        assert_eq!(u.expires_at(), at(T0 + 3600), "{v:?}");
        let err = windowed(v, &c, ExpiryPolicy::Refuse, 300, T0 + 300, 3600).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::CredentialsExpire, "{v:?}");
    }
    // Expired at the call, though alive at the window's start: refused.
    let c = expiring(T0 + 100);
    for v in VERSIONS {
        for policy in [ExpiryPolicy::Refuse, ExpiryPolicy::Clamp] {
            let err = windowed(v, &c, policy, 300, T0 + 100, 3600).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::CredentialsExpire, "{v:?} {policy:?}");
            assert!(err.to_string().contains("clamping cannot help"));
        }
    }
}
