//! What a presigner does with credentials that expire before the URL or
//! form it signs would: [`ExpiryPolicy`], and the one check every
//! presigner runs ([`lifetime`]), plus the header signers' check that the
//! credentials are still alive ([`check_alive`]).

use crate::credentials::Credentials;
use crate::error::{Error, ErrorKind, Result};
use crate::time::SigningTime;

/// What to do when the credentials expire before a presigned URL or POST
/// form would ([`Credentials::expires_at`]): a URL signed with them stops
/// working when they do, whatever its own expiry says.
///
/// Every presigner takes it the same way, through a builder method named
/// `expiry_policy`: [`PresignRequest`](crate::s3::PresignRequest),
/// [`PostPolicy`](crate::s3::PostPolicy), [`v4::Signer`](crate::v4::Signer)
/// and [`v2::Signer`](crate::v2::Signer). Credentials already expired at
/// the signing time are an [`ErrorKind::CredentialsExpire`] error under
/// either policy (clamping cannot help); so is signing headers with them.
/// Credentials whose expiry is not known are never refused.
///
/// ```
/// use awssig::{Credentials, ErrorKind, ExpiryPolicy, SigningTime, s3::Bucket};
/// let t = SigningTime::from_rfc3339("2026-01-01T00:00:00Z")?;
/// let creds = Credentials::new("ASIAEXAMPLE", "secret")?
///     .with_session_token("token")?
///     .expiring_at(SigningTime::from_rfc3339("2026-01-01T00:10:00Z")?);
/// let bucket = Bucket::new("b-1", "us-east-1")?;
///
/// // By default, a URL that would outlive its credentials is refused.
/// let err = bucket.get("k").presign(&creds, t, 3600).unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::CredentialsExpire);
/// assert!(err.to_string().contains("2026-01-01T00:10:00Z"));
/// assert!(err.to_string().contains("2026-01-01T01:00:00Z"));
///
/// // Clamped, it lives as long as they do, and says so.
/// let url = bucket.get("k").expiry_policy(ExpiryPolicy::Clamp).presign_detailed(&creds, t, 3600)?;
/// assert!(url.url().contains("&X-Amz-Expires=600&"));
/// assert_eq!(url.expires_at().rfc3339(), "2026-01-01T00:10:00Z");
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ExpiryPolicy {
    /// An [`ErrorKind::CredentialsExpire`] error naming both instants (the
    /// default): nothing is handed out that dies earlier than it says.
    #[default]
    Refuse,
    /// Shorten the lifetime to end when the credentials do (SigV4:
    /// `X-Amz-Expires`; SigV2: `Expires`; POST: the policy's
    /// `expiration`); the result reports the instant it ends.
    Clamp,
}

/// The lifetime, in seconds from `signed_at`, that a URL or form asked to
/// live `expires_in` seconds may have with `credentials` under `policy`.
///
/// `now` is the instant of the call and `signed_at` the time written in
/// the URL: the same, but for a time window, whose URL is signed at the
/// window's start. Credentials expired at `now` are refused whatever the
/// policy. `expires_in` was checked by the caller (its signature
/// version's bounds); a clamped lifetime is shorter, so it stays in them.
#[inline]
pub(crate) fn lifetime(
    credentials: &Credentials,
    now: SigningTime,
    signed_at: SigningTime,
    expires_in: u64,
    policy: ExpiryPolicy,
) -> Result<u64> {
    // The hot path: one comparison when no expiry is known.
    let Some(end) = credentials.expires_at() else {
        return Ok(expires_in);
    };
    check_alive_until(end, now)?;
    // `signed_at <= now < end`: at least 1 s remains.
    let remaining = end.unix().saturating_sub(signed_at.unix()).unsigned_abs();
    if expires_in <= remaining {
        return Ok(expires_in);
    }
    match policy {
        ExpiryPolicy::Clamp => Ok(remaining),
        ExpiryPolicy::Refuse => Err(outlives(end, signed_at, expires_in, remaining)),
    }
}

/// The lifetime a signer's `presign` signs for at `time`: `expires_in`
/// as asked when the credentials' expiry is not known (the presign step
/// checks its bounds as it always has); otherwise `expires_in` is checked
/// by `bounds` (the signature version's limits) first, so that a bad
/// lifetime is named as such, and then [`lifetime`] applies `policy`.
/// SigV4's and SigV2's `Signer` share it; only their bounds differ.
#[inline]
pub(crate) fn signer_lifetime(
    credentials: &Credentials,
    time: SigningTime,
    expires_in: u64,
    policy: ExpiryPolicy,
    bounds: impl FnOnce() -> Result<()>,
) -> Result<u64> {
    if credentials.expires_at().is_none() {
        return Ok(expires_in);
    }
    bounds()?;
    lifetime(credentials, time, time, expires_in, policy)
}

/// The header signers' check: signing with credentials expired at `time`
/// can only produce a request the server refuses.
#[inline]
pub(crate) fn check_alive(credentials: &Credentials, time: SigningTime) -> Result<()> {
    match credentials.expires_at() {
        None => Ok(()),
        Some(end) => check_alive_until(end, time),
    }
}

fn check_alive_until(end: SigningTime, now: SigningTime) -> Result<()> {
    if now < end {
        return Ok(());
    }
    Err(Error::new(
        ErrorKind::CredentialsExpire,
        alloc::format!(
            "the credentials expired at {}, at or before the signing time {}; get fresh ones (clamping cannot help)",
            end.rfc3339(),
            now.rfc3339()
        ),
    ))
}

#[cold]
fn outlives(end: SigningTime, signed_at: SigningTime, expires_in: u64, remaining: u64) -> Error {
    let would = i64::try_from(expires_in)
        .ok()
        .and_then(|n| signed_at.unix().checked_add(n))
        .and_then(|t| SigningTime::from_unix(t).ok())
        .map_or_else(
            || alloc::format!("{expires_in} s after {}", signed_at.rfc3339()),
            |t| t.rfc3339(),
        );
    Error::new(
        ErrorKind::CredentialsExpire,
        alloc::format!(
            "the credentials expire at {}, before the presigned URL or form would ({would}: signed at {} for {expires_in} s); ask for at most {remaining} s, or clamp the lifetime to the credentials' end with .expiry_policy(ExpiryPolicy::Clamp)",
            end.rfc3339(),
            signed_at.rfc3339(),
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    fn at(unix: i64) -> SigningTime {
        SigningTime::from_unix(unix).unwrap()
    }

    fn creds(end: Option<i64>) -> Credentials {
        let c = Credentials::new("AKID", "secret").unwrap();
        match end {
            Some(e) => c.expiring_at(at(e)),
            None => c,
        }
    }

    #[test]
    fn no_known_expiry_keeps_any_lifetime() {
        for policy in [ExpiryPolicy::Refuse, ExpiryPolicy::Clamp] {
            assert_eq!(
                lifetime(&creds(None), at(0), at(0), 604_800, policy),
                Ok(604_800)
            );
        }
    }

    #[test]
    fn a_lifetime_ending_with_the_credentials_is_kept() {
        let c = creds(Some(1_000));
        assert_eq!(
            lifetime(&c, at(400), at(400), 600, ExpiryPolicy::Refuse),
            Ok(600)
        );
        assert_eq!(
            lifetime(&c, at(400), at(400), 599, ExpiryPolicy::Refuse),
            Ok(599)
        );
    }

    #[test]
    fn one_second_too_long_is_refused_or_clamped() {
        let c = creds(Some(1_000));
        let err = lifetime(&c, at(400), at(400), 601, ExpiryPolicy::Refuse).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::CredentialsExpire);
        let msg = err.to_string();
        assert!(msg.contains("1970-01-01T00:16:40Z"), "{msg}"); // 1000
        assert!(msg.contains("1970-01-01T00:16:41Z"), "{msg}"); // 400 + 601
        assert!(msg.contains("at most 600 s"), "{msg}");
        assert!(msg.contains("ExpiryPolicy::Clamp"), "{msg}");
        assert_eq!(
            lifetime(&c, at(400), at(400), 601, ExpiryPolicy::Clamp),
            Ok(600)
        );
    }

    #[test]
    fn expired_at_the_call_is_refused_whatever_the_policy() {
        let c = creds(Some(1_000));
        for policy in [ExpiryPolicy::Refuse, ExpiryPolicy::Clamp] {
            for now in [1_000, 1_001] {
                let err = lifetime(&c, at(now), at(now), 1, policy).unwrap_err();
                assert_eq!(err.kind(), ErrorKind::CredentialsExpire);
                assert!(err.to_string().contains("clamping cannot help"));
            }
            // A window's start before the end does not revive them.
            let err = lifetime(&c, at(1_000), at(900), 60, policy).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::CredentialsExpire);
        }
    }

    #[test]
    fn a_window_clamps_from_its_start() {
        let c = creds(Some(1_000));
        assert_eq!(
            lifetime(&c, at(950), at(900), 3600, ExpiryPolicy::Clamp),
            Ok(100)
        );
    }

    #[test]
    fn a_signer_checks_bounds_only_when_the_expiry_is_known() {
        let refuse = || Err(Error::new(ErrorKind::InvalidExpiry, "bounds"));
        assert_eq!(
            signer_lifetime(&creds(None), at(0), 0, ExpiryPolicy::Refuse, refuse),
            Ok(0)
        );
        let err = signer_lifetime(&creds(Some(9)), at(0), 0, ExpiryPolicy::Clamp, refuse);
        assert_eq!(err.unwrap_err().kind(), ErrorKind::InvalidExpiry);
        assert_eq!(
            signer_lifetime(&creds(Some(9)), at(0), 60, ExpiryPolicy::Clamp, || Ok(())),
            Ok(9)
        );
    }

    #[test]
    fn header_signing_needs_live_credentials() {
        assert!(check_alive(&creds(None), at(5)).is_ok());
        assert!(check_alive(&creds(Some(6)), at(5)).is_ok());
        let err = check_alive(&creds(Some(5)), at(5)).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::CredentialsExpire);
        assert!(err.to_string().contains("1970-01-01T00:00:05Z"));
    }
}
