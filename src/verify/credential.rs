//! The credential scope a SigV4 request names
//! (`AKID/20130524/us-east-1/s3/aws4_request`), checked against the
//! verifier, and the secret of its key.

use alloc::string::{String, ToString};

use crate::credentials::check_key_pair;
use crate::error::{Error, Result, S3ErrorCode};
use crate::time::SigningTime;

use super::{secret_of, SecretLookup, Verifier};

/// `AKID/20130524/us-east-1/s3/aws4_request`, split.
pub(super) struct Credential<'a> {
    pub(super) access_key_id: &'a str,
    pub(super) date: &'a str,
    pub(super) region: &'a str,
    pub(super) service: &'a str,
}

pub(super) fn parse_credential(value: &str, err: fn(String) -> Error) -> Result<Credential<'_>> {
    // The last four `/` (the key id may hold more), found from the end.
    let mut cut = [None; 4];
    let mut end = value.len();
    for c in cut.iter_mut() {
        *c = value.as_bytes()[..end].iter().rposition(|&b| b == b'/');
        end = c.unwrap_or(0);
    }
    let (term, service, region, date, akid) = match cut {
        [Some(t), Some(s), Some(r), Some(d)] => (
            &value[t + 1..],
            &value[s + 1..t],
            &value[r + 1..s],
            &value[d + 1..r],
            &value[..d],
        ),
        _ => ("", "", "", "", ""),
    };
    if term != "aws4_request"
        || akid.is_empty()
        || region.is_empty()
        || service.is_empty()
        || date.len() != 8
        || !date.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(err(alloc::format!(
            "credential {value:?} is malformed: expected <access key id>/<YYYYMMDD>/<region>/<service>/aws4_request"
        )));
    }
    Ok(Credential {
        access_key_id: akid,
        date,
        region,
        service,
    })
}

/// The secret of the credential's key, checked as signing checks it.
pub(super) fn secret_for(
    lookup: &impl SecretLookup,
    cred: &Credential<'_>,
) -> Result<zeroize::Zeroizing<String>> {
    let secret = secret_of(lookup, cred.access_key_id)?;
    check_key_pair(cred.access_key_id, &secret)
        .map_err(|e| Error::rejected(S3ErrorCode::InvalidAccessKeyId, e.to_string()))?;
    Ok(secret)
}

impl Verifier {
    pub(super) fn check_scope(
        &self,
        c: &Credential<'_>,
        date: &SigningTime,
        err: fn(String) -> Error,
    ) -> Result<()> {
        if c.date != date.date() {
            return Err(err(alloc::format!(
                "credential date {} is not the date of X-Amz-Date {}",
                c.date,
                date.amz_date()
            )));
        }
        if !self.accepts_service(c.service) {
            return Err(err(alloc::format!(
                "incorrect service {:?}. This endpoint belongs to {:?}.",
                c.service,
                self.service
            )));
        }
        if !self.accepts_region(c.region) {
            return Err(err(alloc::format!(
                "the region '{}' is wrong; expecting {}",
                c.region,
                self.regions_text()
            )));
        }
        Ok(())
    }
}
