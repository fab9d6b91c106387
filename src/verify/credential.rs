//! The credential scope a SigV4 request names
//! (`AKID/20130524/us-east-1/s3/aws4_request`), checked against the
//! verifier (SigV4A's has no region).

use alloc::string::String;

use crate::error::{Error, Result};
use crate::time::SigningTime;

use super::Verifier;

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

/// SigV4A's `AKID/20130524/s3/aws4_request` (no region: the region set is
/// a header or parameter of its own), split; the region is left empty.
#[cfg(feature = "sigv4a")]
pub(super) fn parse_credential_v4a(
    value: &str,
    err: fn(String) -> Error,
) -> Result<Credential<'_>> {
    let mut cut = [None; 3];
    let mut end = value.len();
    for c in cut.iter_mut() {
        *c = value.as_bytes()[..end].iter().rposition(|&b| b == b'/');
        end = c.unwrap_or(0);
    }
    let (term, service, date, akid) = match cut {
        [Some(t), Some(s), Some(d)] => (
            &value[t + 1..],
            &value[s + 1..t],
            &value[d + 1..s],
            &value[..d],
        ),
        _ => ("", "", "", ""),
    };
    if term != "aws4_request"
        || akid.is_empty()
        || service.is_empty()
        || date.len() != 8
        || !date.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(err(alloc::format!(
            "credential {value:?} is malformed: SigV4A expects <access key id>/<YYYYMMDD>/<service>/aws4_request"
        )));
    }
    Ok(Credential {
        access_key_id: akid,
        date,
        region: "",
        service,
    })
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
        // SigV4A's scope has no region: its region set is checked apart.
        if !c.region.is_empty() && !self.accepts_region(c.region) {
            return Err(err(alloc::format!(
                "the region '{}' is wrong; expecting {}",
                c.region,
                self.regions_text()
            )));
        }
        Ok(())
    }
}
