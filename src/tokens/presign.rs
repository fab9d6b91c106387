//! The one presign every token is: `GET /` on the token's host, its
//! query parameters first, written as `host/?query` without a scheme.

use alloc::string::String;

use crate::credentials::Credentials;
use crate::error::Result;
use crate::time::SigningTime;
use crate::v4::{Payload, Request, Signer, SigningSettings};

/// What one token signs.
pub(crate) struct TokenRequest<'a> {
    /// The scope's service (`rds-db`, `dsql`, `sts`, …).
    pub(crate) service: &'a str,
    pub(crate) region: &'a str,
    /// The authority as the token carries it (case kept, port included).
    pub(crate) authority: &'a str,
    /// The headers signed, `host` first (its value lowercase, without a
    /// default port, as botocore signs it).
    pub(crate) headers: &'a [(&'a str, &'a str)],
    /// The token's own parameters, decoded, in the order they are written.
    pub(crate) query: &'a [(&'a str, &'a str)],
    pub(crate) expires_in: u64,
}

/// Presigns `req` at `time` and writes `authority/?query` into one
/// buffer (`prefix` first, e.g. `https://`).
pub(crate) fn write_token(
    creds: &Credentials,
    req: &TokenRequest<'_>,
    time: SigningTime,
    prefix: &str,
) -> Result<String> {
    let signer = Signer::new(creds.clone(), SigningSettings::new(req.service, req.region))?;
    // botocore's SigV4QueryAuth (not S3's) signs the empty body's hash.
    let request = Request::new("GET", "/")
        .query_pairs(req.query)
        .headers(req.headers)
        .payload(Payload::Empty);
    let query = signer.presign(&request, time, req.expires_in)?;
    let query = query.as_str();
    let mut out = String::with_capacity(prefix.len() + req.authority.len() + 2 + query.len());
    out.push_str(prefix);
    out.push_str(req.authority);
    out.push_str("/?");
    out.push_str(query);
    Ok(out)
}

/// The host botocore signs for `https://{authority}`: lowercase, without
/// `:443`.
pub(crate) fn signed_host(authority: &str) -> String {
    let mut host = authority.to_ascii_lowercase();
    if host.ends_with(":443") {
        host.truncate(host.len() - 4);
    }
    host
}
