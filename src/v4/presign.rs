//! Output 2: the query string of a presigned URL.
//!
//! The caller's parameters come first, as given, then the signature's in
//! botocore's order: `X-Amz-Algorithm`, `X-Amz-Credential`, `X-Amz-Date`,
//! `X-Amz-Expires`, `X-Amz-SignedHeaders`, `X-Amz-Security-Token` (with
//! temporary credentials), `X-Amz-Signature`.

use alloc::string::String;

use crate::encode::{self, Sink, UrlWriter};
use crate::error::{Error, ErrorKind, Result};

use super::canonical::{CanonicalRequest, QueryParam, SignerAdditions, Value, WrittenUrl, INLINE};
use super::context::Context;
use super::payload::PayloadHash;
use super::scope::Scope;
use super::signature::Signature;
use super::Request;
use super::{Query, ALGORITHM, MAX_EXPIRES_IN};
use crate::inline_vec::InlineVec;
use crate::syntax::Component;
use crate::time::SigningTime;

/// A presigned query string, ready to follow `?` in the URL.
///
/// ```
/// use awssig::{Credentials, SigningTime};
/// use awssig::v4::{Request, Payload, Signer, SigningSettings};
/// let creds = Credentials::new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")?;
/// let signer = Signer::new(creds, SigningSettings::s3("us-east-1"))?;
/// let host = [("host", "examplebucket.s3.amazonaws.com")];
/// let req = Request::new("GET", "/test.txt").headers(&host).payload(Payload::Unsigned);
/// let q = signer.presign(&req, SigningTime::from_amz_date("20130524T000000Z")?, 86400)?;
/// assert_eq!(q.signature(), "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
/// assert!(q.as_str().starts_with("X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2F"));
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct PresignedQuery {
    pub(crate) query: String,
    pub(crate) signature: Signature,
    pub(crate) signed_at: SigningTime,
    /// `X-Amz-Expires`, after the [`crate::ExpiryPolicy`].
    pub(crate) expires_in: u64,
}

impl PresignedQuery {
    /// The query string, without the leading `?`.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime};
    /// # use awssig::v4::{Request, Signer, SigningSettings};
    /// # let signer = Signer::new(Credentials::new("AKID", "secret")?, SigningSettings::s3("us-east-1"))?;
    /// # let host = [("host", "b.s3.amazonaws.com")];
    /// let q = signer.presign(&Request::new("GET", "/k").headers(&host), SigningTime::from_unix(0)?, 60)?;
    /// assert!(q.as_str().contains("&X-Amz-Expires=60&"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn as_str(&self) -> &str {
        &self.query
    }

    /// The signature, 64 lowercase hex digits (SigV4A: a DER ECDSA
    /// signature in hex, up to 144 digits).
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime};
    /// # use awssig::v4::{Request, Signer, SigningSettings};
    /// # let signer = Signer::new(Credentials::new("AKID", "secret")?, SigningSettings::s3("us-east-1"))?;
    /// # let host = [("host", "b.s3.amazonaws.com")];
    /// let q = signer.presign(&Request::new("GET", "/k").headers(&host), SigningTime::from_unix(0)?, 60)?;
    /// assert!(q.as_str().ends_with(q.signature()));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn signature(&self) -> &str {
        self.signature.hex_str()
    }

    /// When the URL stops working: the signing time plus its
    /// `X-Amz-Expires`, which a clamping [`crate::ExpiryPolicy`] may have
    /// shortened to the credentials' end (at most 9999-12-31T23:59:59Z).
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime};
    /// # use awssig::v4::{Request, Signer, SigningSettings};
    /// # let signer = Signer::new(Credentials::new("AKID", "secret")?, SigningSettings::s3("us-east-1"))?;
    /// # let host = [("host", "b.s3.amazonaws.com")];
    /// let q = signer.presign(&Request::new("GET", "/k").headers(&host), SigningTime::from_unix(100)?, 60)?;
    /// assert_eq!(q.expires_at().unix(), 160);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn expires_at(&self) -> SigningTime {
        self.signed_at.plus_saturating(self.expires_in)
    }

    /// The query string, owned.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime};
    /// # use awssig::v4::{Request, Signer, SigningSettings};
    /// # let signer = Signer::new(Credentials::new("AKID", "secret")?, SigningSettings::s3("us-east-1"))?;
    /// # let host = [("host", "b.s3.amazonaws.com")];
    /// let q: String = signer.presign(&Request::new("GET", "/k").headers(&host), SigningTime::from_unix(0)?, 60)?.into_string();
    /// assert!(q.starts_with("X-Amz-Algorithm="));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn into_string(self) -> String {
        self.query
    }
}

impl core::fmt::Debug for PresignedQuery {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_tuple("PresignedQuery").field(&self.query).finish()
    }
}

impl core::fmt::Display for PresignedQuery {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.query)
    }
}

/// The URL's first signature parameter and the name of the second, as
/// one run.
const ALGORITHM_TO_CREDENTIAL: &str = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=";
const _: () = {
    // The algorithm in the run is the one signed.
    let (run, alg) = (ALGORITHM_TO_CREDENTIAL.as_bytes(), ALGORITHM.as_bytes());
    let mut i = 0;
    while i < alg.len() {
        assert!(run["X-Amz-Algorithm=".len() + i] == alg[i]);
        i += 1;
    }
    assert!(run["X-Amz-Algorithm=".len() + alg.len()] == b'&');
};

/// The same run for SigV4A.
const SIGV4A_TO_CREDENTIAL: &str = "X-Amz-Algorithm=AWS4-ECDSA-P256-SHA256&X-Amz-Credential=";

/// Checks a SigV4 presign expiry: 1..=604800 seconds.
pub(crate) fn check_expires(expires_in: u64) -> Result<()> {
    if expires_in == 0 {
        return Err(Error::new(
            ErrorKind::InvalidExpiry,
            "expires_in 0 s is below the SigV4 minimum of 1 s",
        ));
    }
    if expires_in > MAX_EXPIRES_IN {
        return Err(Error::new(
            ErrorKind::InvalidExpiry,
            alloc::format!(
                "expires_in {expires_in} s exceeds the SigV4 maximum of {MAX_EXPIRES_IN} s (7 days)"
            ),
        ));
    }
    Ok(())
}

/// An upper bound of the length [`write_query`] writes (exact but for the
/// caller's parameters, counted as if every byte were escaped), so the URL
/// is allocated once.
pub(crate) fn query_len_max(
    query: &Query<'_>,
    creq: &CanonicalRequest<'_>,
    scope: &Scope<'_>,
    expires: &[u8],
    token: Option<&str>,
    region_set: Option<&str>,
) -> usize {
    let caller = match query {
        Query::Raw(raw) => raw.len() + 1,
        Query::Pairs(pairs) => pairs.iter().map(|(n, v)| 3 * (n.len() + v.len()) + 2).sum(),
    };
    let fixed = "X-Amz-Algorithm=".len()
        + ALGORITHM.len()
        + "&X-Amz-Credential=".len()
        + 3 * "%2F".len()
        + "%2Faws4_request".len()
        + "&X-Amz-Date=".len()
        + 16
        + "&X-Amz-Expires=".len()
        + "&X-Amz-SignedHeaders=".len()
        + "&X-Amz-Signature=".len()
        + 64;
    let scope_len = 3
        * (scope.access_key_id.len() + scope.date.len() + scope.region.len() + scope.service.len());
    let token_len = token.map_or(0, |t| "&X-Amz-Security-Token=".len() + 3 * t.len());
    // SigV4A: a longer algorithm name and signature, and the region set.
    let v4a_len = region_set.map_or(0, |r| {
        SIGV4A_TO_CREDENTIAL.len() - ALGORITHM_TO_CREDENTIAL.len()
            + "&X-Amz-Region-Set=".len()
            + 3 * r.len()
            + (144 - 64)
    });
    caller
        + fixed
        + scope_len
        + expires.len()
        + creq.signed_headers_len_max(true)
        + token_len
        + v4a_len
}

/// Appends the URL's query (caller's parameters, then the signature's) to
/// `out`, up to `X-Amz-Signature` (the caller appends it), and records the
/// range of each `name=value` in `params`. SigV4A (`region_set`) names
/// its algorithm and adds `X-Amz-Region-Set` after `X-Amz-SignedHeaders`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn write_query(
    out: &mut UrlWriter<'_>,
    query: &Query<'_>,
    creq: &CanonicalRequest<'_>,
    scope: &Scope<'_>,
    amz_date: &[u8],
    expires: &[u8],
    token: Option<&str>,
    region_set: Option<&str>,
    params: &mut InlineVec<(usize, usize), INLINE>,
) {
    let mut first = true;
    match query {
        Query::Raw(raw) => {
            let raw = raw.trim_start_matches('&');
            if !raw.is_empty() {
                out.put(raw.as_bytes());
                first = raw.ends_with('&');
            }
        }
        Query::Pairs(pairs) => {
            for (n, v) in pairs.iter() {
                if !first {
                    out.put(b"&");
                }
                let start = out.pos();
                encode::encode(out, n.as_bytes(), false);
                out.put(b"=");
                encode::encode(out, v.as_bytes(), false);
                params.push((start, out.pos()));
                first = false;
            }
        }
    }
    if !first {
        out.put(b"&");
    }
    // The constant text between the values goes in whole runs; each
    // parameter's range is found from where its value starts.
    let algorithm = out.pos();
    out.put(match region_set {
        Some(_) => SIGV4A_TO_CREDENTIAL.as_bytes(),
        None => ALGORITHM_TO_CREDENTIAL.as_bytes(),
    });
    let credential = out.pos() - "X-Amz-Credential=".len();
    params.push((algorithm, credential - 1));
    scope.write_credential_key_encoded(out);
    out.put(b"%2Faws4_request&X-Amz-Date=");
    let date = out.pos() - "X-Amz-Date=".len();
    params.push((credential, date - 1));
    out.put(amz_date);
    out.put(b"&X-Amz-Expires=");
    let expires_at = out.pos() - "X-Amz-Expires=".len();
    params.push((date, expires_at - 1));
    out.put(expires);
    out.put(b"&X-Amz-SignedHeaders=");
    let signed_headers = out.pos() - "X-Amz-SignedHeaders=".len();
    params.push((expires_at, signed_headers - 1));
    creq.write_signed_headers(out, true);
    params.push((signed_headers, out.pos()));
    if let Some(r) = region_set {
        out.put(b"&");
        let start = out.pos();
        out.put(b"X-Amz-Region-Set=");
        encode::encode(out, r.as_bytes(), false);
        params.push((start, out.pos()));
    }
    if let Some(t) = token {
        out.put(b"&");
        let start = out.pos();
        out.put(b"X-Amz-Security-Token=");
        encode::encode(out, t.as_bytes(), false);
        params.push((start, out.pos()));
    }
}

impl Context<'_> {
    /// Runs `f` on the canonical request of presign mode.
    pub(crate) fn with_presign_creq<R>(
        &self,
        req: &Request<'_>,
        time: &SigningTime,
        expires_in: u64,
        f: impl FnOnce(&CanonicalRequest<'_>, &Scope<'_>, &[u8]) -> R,
    ) -> Result<R> {
        check_expires(expires_in)?;
        let mut digest = [0u8; 64];
        let payload = PayloadHash::line(&req.payload, &mut digest)?;
        let scope = self.scope(time);
        let mut digits = [0u8; 20];
        let expires = encode::decimal(expires_in, &mut digits);
        // In canonical order; `pos` is the order [`write_query`]
        // writes them in (the session token last).
        let plain = |bytes| Value::Plain(Component { bytes, raw: false });
        let algorithm = QueryParam {
            name: Component::decoded("X-Amz-Algorithm"),
            value: plain(self.algorithm().as_bytes()),
            pos: 0,
        };
        let credential = QueryParam {
            name: Component::decoded("X-Amz-Credential"),
            value: Value::Credential,
            pos: 1,
        };
        let date = QueryParam {
            name: Component::decoded("X-Amz-Date"),
            value: plain(time.amz_bytes()),
            pos: 2,
        };
        let expires_param = QueryParam {
            name: Component::decoded("X-Amz-Expires"),
            value: plain(expires),
            pos: 3,
        };
        let signed_headers = QueryParam {
            name: Component::decoded("X-Amz-SignedHeaders"),
            value: Value::SignedHeaders,
            pos: 4,
        };
        // One array and one call for both algorithms: a second
        // `CanonicalRequest::with` for SigV4A would be a second copy of
        // the canonicalizer in this function (code the SigV4 path would
        // carry through the instruction cache: docs/performance.md,
        // "SigV4A kept off SigV4's path").
        let (added, n) = match self.region_set() {
            // SigV4A: X-Amz-Region-Set sorts after X-Amz-Expires and goes
            // after X-Amz-SignedHeaders in the URL, before the token.
            Some(set) => {
                let region_set = QueryParam {
                    name: Component::decoded("X-Amz-Region-Set"),
                    value: plain(set.as_bytes()),
                    pos: 5,
                };
                let token = self.token_signed().map(|token| QueryParam {
                    name: Component::decoded("X-Amz-Security-Token"),
                    value: plain(token.as_bytes()),
                    pos: 6,
                });
                let mut added = [
                    algorithm,
                    credential,
                    date,
                    expires_param,
                    region_set,
                    signed_headers,
                    signed_headers,
                ];
                let n = match token {
                    Some(t) => {
                        added[5] = t;
                        7
                    }
                    None => 6,
                };
                (added, n)
            }
            // The session token, when signed, sorts before
            // X-Amz-SignedHeaders and goes last in the URL.
            None => {
                let (fifth, n) = match self.token_signed() {
                    Some(token) => (
                        QueryParam {
                            name: Component::decoded("X-Amz-Security-Token"),
                            value: plain(token.as_bytes()),
                            pos: 5,
                        },
                        6,
                    ),
                    None => (signed_headers, 5),
                };
                (
                    [
                        algorithm,
                        credential,
                        date,
                        expires_param,
                        fifth,
                        signed_headers,
                        signed_headers,
                    ],
                    n,
                )
            }
        };
        CanonicalRequest::with(
            req,
            self.settings().normalizes_path(),
            self.settings().double_encodes_path(),
            payload,
            &scope,
            SignerAdditions {
                headers: &[],
                query: &added[..n],
                replaces: &["x-amz-date"],
                reserve_query: true,
                ..SignerAdditions::default()
            },
            |creq| f(creq, &scope, expires),
        )
    }

    /// Appends the presigned query string to `out`, after `head` (at most
    /// `head_len` bytes: the URL up to `?`, written here so that one
    /// `reserve` covers the whole URL). `head` returns the range of the path
    /// it wrote when that is the canonical path (S3).
    ///
    /// The URL is written first and the canonical request then copies the
    /// path and the parameters from it: each is encoded once. Copying the
    /// parameters by their ranges is a trick on the ledger
    /// (`docs/performance.md`): writing the canonical query the plain way
    /// instead took 10–17 % more time per presigned URL in alternating
    /// `benches/peers` runs. `tests::query_copied_from_the_url_signs_what_the_plain_query_signs`
    /// holds the two equal.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn presign_into(
        &self,
        req: &Request<'_>,
        time: SigningTime,
        expires_in: u64,
        out: &mut String,
        head_len: usize,
        head: impl FnOnce(&mut UrlWriter<'_>) -> Option<(usize, usize)>,
    ) -> Result<Signature> {
        self.with_presign_creq(req, &time, expires_in, |creq, scope, expires| {
            let token = self.credentials().session_token();
            let region_set = self.region_set();
            let room =
                head_len + query_len_max(&req.query, creq, scope, expires, token, region_set);
            out.reserve(room);
            encode::with_bytes(out, |out| {
                let mut w = UrlWriter::new(out, room);
                let path = head(&mut w);
                let mut params: InlineVec<_, INLINE> = InlineVec::new();
                write_query(
                    &mut w,
                    &req.query,
                    creq,
                    scope,
                    time.amz_bytes(),
                    expires,
                    token,
                    region_set,
                    &mut params,
                );
                // A raw query is copied into the URL as given, not in its
                // canonical encoding: then only the path is reused.
                let params = match req.query {
                    Query::Pairs(_) => Some(&params),
                    Query::Raw(_) => None,
                };
                let url = WrittenUrl {
                    bytes: w.written(),
                    path,
                    params,
                };
                let signature = self.sign_from(creq, Some(&url), scope, &time);
                w.put(b"&X-Amz-Signature=");
                w.put(signature.hex());
                w.finish();
                signature
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::v4::{Request, Signer, SigningSettings};
    use crate::{Credentials, SigningTime};

    /// `presign` signs a canonical query copied from the URL it has just
    /// written (the parameters' ranges); `presign_steps` writes it the
    /// plain way. The two sign the same, for parameters that sort before,
    /// among and after the signer's, repeated names, escapes, empty
    /// names and values, header names that the query encodes, and a
    /// session token.
    #[test]
    fn query_copied_from_the_url_signs_what_the_plain_query_signs() {
        let time = SigningTime::from_amz_date("20130524T000000Z").unwrap();
        let pairs: [&[(&str, &str)]; 6] = [
            &[],
            &[("a", "1")],
            &[("b", "2"), ("a", "1"), ("a", "0"), ("a", "")],
            &[
                ("X-Amz-Meta", "v"),
                ("z z", "ü/~*"),
                ("", ""),
                ("list-type", "2"),
            ],
            &[("X-Amz-Date2", "x"), ("X-Amz-Expires-", "1"), ("Y", "")],
            &[("%", "%20"), ("+", "+"), ("X-Amz-Credential2", "a/b")],
        ];
        let headers: [&[(&str, &str)]; 2] = [
            &[("host", "h")],
            &[
                ("host", "h"),
                ("X*Y", "v"),
                ("x-amz-meta-a", "b"),
                ("X-A", "1"),
            ],
        ];
        let creds = Credentials::new("AKIAIOSFODNN7EXAMPLE", "secret").unwrap();
        for creds in [creds.clone(), creds.with_session_token("tok/en+").unwrap()] {
            for settings in [
                SigningSettings::s3("us-east-1"),
                SigningSettings::new("execute-api", "eu-west-3"),
            ] {
                let signer = Signer::new(creds.clone(), settings).unwrap();
                for p in pairs {
                    for h in headers {
                        let req = Request::new("GET", "/a b/c").query_pairs(p).headers(h);
                        let url = signer.presign(&req, time, 60).unwrap();
                        let plain = signer.presign_steps(&req, time, 60).unwrap();
                        assert_eq!(url.signature(), plain.signature, "{p:?} {h:?}");
                    }
                }
            }
        }
    }
}
