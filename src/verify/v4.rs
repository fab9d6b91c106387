//! SigV4 verification: presigned URLs and `Authorization` headers.

use alloc::borrow::Cow;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use subtle::ConstantTimeEq;

use crate::credentials::Credentials;
use crate::encode;
use crate::error::{Details, Error, Result, S3ErrorCode};
use crate::syntax::{check_raw_query, raw_pairs};
use crate::time::SigningTime;
use crate::v4::canonical::{Additions, CanonicalRequest, RESERVED_QUERY};
use crate::v4::context::Context;
use crate::v4::payload::PayloadHash;
use crate::v4::scope::Scope;
use crate::v4::Steps;
use crate::v4::{Payload, Request, SigningSettings, ALGORITHM, MAX_EXPIRES_IN, UNSIGNED_PAYLOAD};

use super::policy::refuse_unsigned_amz;
use super::{mismatch, secret_of, Incoming, SecretLookup, Verified, Verifier};

/// The signature computed for a request, and in debug mode the texts it
/// was computed from.
struct Expected {
    sig: [u8; 32],
    steps: Option<Steps>,
}

impl Expected {
    /// Compares in constant time; a mismatch carries the texts in debug
    /// mode.
    fn check(self, provided: &[u8; 32]) -> Result<()> {
        if bool::from(self.sig.ct_eq(provided)) {
            return Ok(());
        }
        let err = mismatch();
        Err(match self.steps {
            Some(steps) => err.with_details(Details {
                canonical_request: Some(steps.canonical_request),
                string_to_sign: Some(steps.string_to_sign),
                ..Details::default()
            }),
            None => err,
        })
    }
}

/// A raw query component decoded (`%XX` → byte), borrowed when it has no
/// escape; `Err` when the decoded bytes are not UTF-8.
fn decoded_utf8(raw: &[u8]) -> core::result::Result<Cow<'_, str>, ()> {
    if raw.contains(&b'%') {
        String::from_utf8(encode::decode(raw))
            .map(Cow::Owned)
            .map_err(|_| ())
    } else {
        core::str::from_utf8(raw).map(Cow::Borrowed).map_err(|_| ())
    }
}

fn qerr(msg: impl Into<String>) -> Error {
    Error::rejected(S3ErrorCode::AuthorizationQueryParametersError, msg)
}

fn herr(msg: impl Into<String>) -> Error {
    Error::rejected(S3ErrorCode::AuthorizationHeaderMalformed, msg)
}

/// A scope error of a presigned URL, in S3's words.
fn qscope(msg: String) -> Error {
    qerr(alloc::format!(
        "Error parsing the X-Amz-Credential parameter; {msg}"
    ))
}

/// A scope error of an `Authorization` header, in S3's words.
fn hscope(msg: String) -> Error {
    herr(alloc::format!(
        "The authorization header is malformed; {msg}"
    ))
}

/// `AKID/20130524/us-east-1/s3/aws4_request`, split.
pub(super) struct Credential {
    pub(super) access_key_id: String,
    pub(super) date: String,
    pub(super) region: String,
    pub(super) service: String,
}

pub(super) fn parse_credential(value: &str, err: fn(String) -> Error) -> Result<Credential> {
    let mut parts = value.rsplitn(5, '/');
    let (term, service, region, date, akid) = (
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
    );
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
        access_key_id: akid.to_string(),
        date: date.to_string(),
        region: region.to_string(),
        service: service.to_string(),
    })
}

fn check_signed_list(
    list: &str,
    req: &Incoming<'_>,
    err: fn(String) -> Error,
) -> Result<Vec<String>> {
    let names: Vec<String> = list.split(';').map(String::from).collect();
    if list.is_empty()
        || names
            .iter()
            .any(|n| n.is_empty() || n.bytes().any(|b| b.is_ascii_uppercase()))
    {
        return Err(err(alloc::format!(
            "signed headers {list:?} must be lowercase header names separated by ';'"
        )));
    }
    if !names.iter().any(|n| n == "host") {
        return Err(err(alloc::format!(
            "signed headers {list:?} must include host"
        )));
    }
    for n in &names {
        let present = req.header_count(n) > 0 || (n == "host" && req.url_host.is_some());
        if !present {
            return Err(Error::rejected(
                S3ErrorCode::SignatureDoesNotMatch,
                alloc::format!("the signed header {n:?} is missing from the request"),
            ));
        }
    }
    Ok(names)
}

impl Verifier {
    pub(super) fn check_scope(
        &self,
        c: &Credential,
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
        if !self.accepts_service(&c.service) {
            return Err(err(alloc::format!(
                "incorrect service {:?}. This endpoint belongs to {:?}.",
                c.service,
                self.service
            )));
        }
        if !self.accepts_region(&c.region) {
            return Err(err(alloc::format!(
                "the region '{}' is wrong; expecting {}",
                c.region,
                self.regions_text()
            )));
        }
        Ok(())
    }

    /// The signature the request should carry, computed with the signing
    /// code itself (with its texts in debug mode).
    ///
    /// `query`: the request's query parameters already decoded (all of
    /// them, in order, as `raw_pairs` splits `req.query`). The canonical
    /// query is then encoded from them, which writes what re-encoding the
    /// raw query writes (`reencode` is `encode` after one decoding) with
    /// the encoder's fast runs; the raw query is still checked as the raw
    /// path checks it.
    #[allow(clippy::too_many_arguments)]
    fn expected(
        &self,
        req: &Incoming<'_>,
        query: Option<&[(&str, &str)]>,
        cred: &Credential,
        secret: String,
        time: &SigningTime,
        payload: PayloadHash,
        signed_list: &str,
        skip_query: Option<&str>,
    ) -> Result<Expected> {
        let creds = Credentials::new(cred.access_key_id.clone(), secret)
            .map_err(|e| Error::rejected(S3ErrorCode::InvalidAccessKeyId, e.to_string()))?;
        let settings = SigningSettings::new(cred.service.clone(), cred.region.clone())
            .normalize_path(self.normalize_path)
            .double_encode_path(self.double_encode_path);
        let host_header;
        let mut with_host: Vec<(&str, &str)> = Vec::new();
        let headers = match &req.url_host {
            Some(h) => {
                host_header = h.as_str();
                with_host.extend_from_slice(req.headers);
                with_host.push(("host", host_header));
                &with_host[..]
            }
            None => req.headers,
        };
        let request = Request::new(req.method, req.path).headers(headers);
        let request = match query {
            Some(pairs) => request.query_pairs(pairs),
            None => request.raw_query(req.query),
        };
        let scope = Scope {
            access_key_id: &cred.access_key_id,
            date: cred.date.as_bytes(),
            region: &cred.region,
            service: &cred.service,
            plain: false,
        };
        let ctx = Context::new(&creds, &settings, &self.cache);
        let debug = self.policy.debug;
        CanonicalRequest::with(
            &request,
            self.normalize_path,
            self.double_encode_path,
            payload.as_bytes(),
            &scope,
            Additions {
                signed_list: Some(signed_list),
                skip_query,
                ..Additions::default()
            },
            |creq| {
                let sig = ctx.sign(creq, &scope, time).bytes;
                let steps = debug.then(|| ctx.steps(creq, &scope, time));
                (sig, steps)
            },
        )
        .and_then(|r| match query {
            // What the raw query's canonicalization would have refused.
            Some(_) => check_raw_query(req.query).map(|()| r),
            None => Ok(r),
        })
        .map_err(|e| Error::rejected(S3ErrorCode::SignatureDoesNotMatch, e.to_string()))
        .map(|(sig, steps)| Expected { sig, steps })
    }

    /// Verifies a SigV4 presigned URL (`X-Amz-Algorithm`, `X-Amz-Credential`,
    /// `X-Amz-Date`, `X-Amz-Expires`, `X-Amz-SignedHeaders`,
    /// `X-Amz-Signature` in the query).
    ///
    /// The URL is valid from its `X-Amz-Date` (up to the clock-skew window
    /// early) until `X-Amz-Date + X-Amz-Expires` inclusive. The payload is
    /// `UNSIGNED-PAYLOAD` for S3 unless the request carries
    /// `x-amz-content-sha256` (its value, signed or not, as S3 does); for
    /// other services the empty body unless [`Incoming::payload`] says
    /// otherwise.
    ///
    /// Refused as S3 refuses them: an `x-amz-*` header the signature does
    /// not cover (`AccessDenied`, names in [`crate::Error::headers_not_signed`];
    /// `x-amz-content-sha256` is exempt, see the module's policy), and what
    /// the verifier's policy refuses ([`Verifier::max_signature_age`],
    /// [`Verifier::require_signed_header`], [`Verifier::regions`]).
    ///
    /// ```
    /// use awssig::{Credentials, S3ErrorCode, SigningTime, s3::Bucket, verify::{Incoming, Verifier}};
    /// let creds = Credentials::new("AKID", "secret")?;
    /// let url = Bucket::new("b-1", "us-east-1")?.get("k").presign(&creds, SigningTime::from_unix(0)?, 60)?;
    /// let v = Verifier::s3();
    /// let lookup = |_: &str| Some("secret".to_string());
    /// assert!(v.verify_presigned(&Incoming::new("GET", &url, &[]), SigningTime::from_unix(60)?, lookup).is_ok());
    /// let tampered = url.replace("/k?", "/K?");
    /// let err = v.verify_presigned(&Incoming::new("GET", &tampered, &[]), SigningTime::from_unix(1)?, lookup).unwrap_err();
    /// assert_eq!(err.s3_code(), Some(S3ErrorCode::SignatureDoesNotMatch));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn verify_presigned(
        &self,
        req: &Incoming<'_>,
        now: SigningTime,
        lookup: impl SecretLookup,
    ) -> Result<Verified> {
        // Every parameter decoded once (borrowed unless it has an escape):
        // the signer's are read from them, and the canonical query is
        // written from them (see `expected`).
        let mut pairs: Vec<(Cow<'_, str>, Cow<'_, str>)> =
            Vec::with_capacity(req.query.bytes().filter(|&b| b == b'&').count() + 1);
        // Whether every parameter decodes to UTF-8 (else the canonical
        // query is written from the raw query).
        let mut all_utf8 = true;
        // The parameters the signer writes, in its order (RESERVED_QUERY):
        // their index in `pairs`.
        let mut found: [Option<usize>; 7] = [None; 7];
        const NAMES: [&str; 7] = RESERVED_QUERY;
        let mut problem: Option<Error> = None;
        raw_pairs(req.query, |name, value| {
            let name = decoded_utf8(name.bytes);
            let value = decoded_utf8(value.bytes);
            let reserved = name
                .as_deref()
                .ok()
                .and_then(|n| NAMES.iter().position(|r| *r == n));
            if let Some(i) = reserved {
                if found[i].is_some() {
                    problem.get_or_insert_with(|| {
                        qerr(alloc::format!("{} appears more than once", NAMES[i]))
                    });
                    return;
                }
                if value.is_err() {
                    problem
                        .get_or_insert_with(|| qerr(alloc::format!("{} is not UTF-8", NAMES[i])));
                    return;
                }
                found[i] = Some(pairs.len());
            }
            match (name, value) {
                (Ok(n), Ok(v)) => pairs.push((n, v)),
                _ => all_utf8 = false,
            }
        });
        if let Some(e) = problem {
            return Err(e);
        }
        let [alg, cred, date, expires, signed, sig, token] =
            found.map(|i| i.map(|k| pairs[k].1.as_ref()));
        let missing = |n: &str| {
            qerr(alloc::format!("Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters; the query has no {n}"))
        };
        let alg = alg.ok_or_else(|| missing("X-Amz-Algorithm"))?;
        let cred = cred.ok_or_else(|| missing("X-Amz-Credential"))?;
        let date = date.ok_or_else(|| missing("X-Amz-Date"))?;
        let expires = expires.ok_or_else(|| missing("X-Amz-Expires"))?;
        let signed = signed.ok_or_else(|| missing("X-Amz-SignedHeaders"))?;
        let sig = sig.ok_or_else(|| missing("X-Amz-Signature"))?;
        if alg != ALGORITHM {
            return Err(qerr(alloc::format!(
                "X-Amz-Algorithm {alg:?} is not supported; only {ALGORITHM}"
            )));
        }
        let cred = parse_credential(cred, qerr)?;
        let signed_at = SigningTime::from_amz_date(date).map_err(|e| qerr(e.to_string()))?;
        let expires_in: u64 = match expires.parse::<u64>() {
            Ok(n)
                if (1..=MAX_EXPIRES_IN).contains(&n)
                    && expires.bytes().all(|b| b.is_ascii_digit()) =>
            {
                n
            }
            Ok(n) if n > MAX_EXPIRES_IN && expires.bytes().all(|b| b.is_ascii_digit()) => {
                return Err(qerr(alloc::format!(
                    "X-Amz-Expires must be less than a week (in seconds) that is; {MAX_EXPIRES_IN} (it is {n})"
                )))
            }
            _ => {
                return Err(qerr(alloc::format!(
                "X-Amz-Expires {expires:?} must be a number of seconds from 1 to {MAX_EXPIRES_IN}"
            )))
            }
        };
        let provided = encode::unhex32(sig).ok_or_else(|| {
            qerr(alloc::format!(
                "X-Amz-Signature {sig:?} is not 64 hex digits"
            ))
        })?;
        self.check_scope(&cred, &signed_at, qscope)?;
        let names = check_signed_list(signed, req, qerr)?;
        refuse_unsigned_amz(req, &names)?;
        self.policy.check_required(req.method, &names)?;

        let expires_at = SigningTime::from_unix(signed_at.unix() + expires_in as i64)
            .map_err(|e| qerr(e.to_string()))?;
        if now.unix() > expires_at.unix() {
            return Err(Error::rejected(
                S3ErrorCode::AccessDenied,
                alloc::format!("Request has expired: it expired at {expires_at}, it is now {now}"),
            ));
        }
        if signed_at.unix() > now.unix().saturating_add(self.clock_skew as i64) {
            return Err(Error::rejected(
                S3ErrorCode::AccessDenied,
                alloc::format!("Request is not yet valid: signed for {signed_at}, it is now {now}"),
            ));
        }
        self.policy.check_age(&signed_at, &now)?;
        let secret = secret_of(&lookup, &cred.access_key_id)?;
        let payload = self.presigned_payload(req)?;
        let decoded: Vec<(&str, &str)>;
        let query = if all_utf8 {
            decoded = pairs
                .iter()
                .map(|(n, v)| (n.as_ref(), v.as_ref()))
                .collect();
            Some(&decoded[..])
        } else {
            None
        };
        let expected = self.expected(
            req,
            query,
            &cred,
            secret,
            &signed_at,
            payload,
            signed,
            Some("X-Amz-Signature"),
        )?;
        expected.check(&provided)?;
        Ok(Verified {
            access_key_id: cred.access_key_id,
            signed_at,
            region: cred.region,
            service: cred.service,
            signed_headers: names,
            expires_at: Some(expires_at),
            signature: provided.to_vec(),
            session_token: token.map(String::from),
        })
    }

    fn presigned_payload(&self, req: &Incoming<'_>) -> Result<PayloadHash> {
        if let Some(p) = req.payload {
            return PayloadHash::of(&p)
                .map_err(|e| Error::rejected(S3ErrorCode::InvalidArgument, e.to_string()));
        }
        // S3 takes the header's value as the payload line whether or not it
        // is signed (so an unsigned digest there fails the signature).
        if let Some(h) = req.header("x-amz-content-sha256") {
            return Ok(PayloadHash::literal(h.trim()));
        }
        Ok(if self.service == "s3" {
            PayloadHash::literal(UNSIGNED_PAYLOAD)
        } else {
            PayloadHash::of(&Payload::Empty)?
        })
    }

    /// Verifies a request signed with a SigV4 `Authorization` header.
    ///
    /// Its `x-amz-date` must be within the clock-skew window of `now`. For
    /// S3, `x-amz-content-sha256` is required and is the payload hash
    /// signed; when [`Incoming::payload`] gives the body (or its hash), it
    /// must match (`XAmzContentSHA256Mismatch`), otherwise the server must
    /// check the body against that header as it reads it.
    ///
    /// ```
    /// use awssig::{Credentials, SigningTime};
    /// use awssig::v4::{Payload, Request, Signer, SigningSettings};
    /// use awssig::verify::{Incoming, Verifier};
    /// let signer = Signer::new(Credentials::new("AKID", "secret")?, SigningSettings::s3("us-east-1"))?;
    /// let t = SigningTime::from_unix(1_700_000_000)?;
    /// let host = [("host", "b-1.s3.amazonaws.com")];
    /// let signed = signer.sign_headers(&Request::new("PUT", "/k").headers(&host).payload(Payload::Bytes(b"hi")), t)?;
    /// let mut headers: Vec<(&str, &str)> = host.to_vec();
    /// headers.extend(signed.iter());
    /// let req = Incoming::new("PUT", "/k", &headers).payload(Payload::Bytes(b"hi"));
    /// let ok = Verifier::s3().verify_headers(&req, t, |_: &str| Some("secret".to_string()))?;
    /// assert_eq!(ok.expires_at(), None);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn verify_headers(
        &self,
        req: &Incoming<'_>,
        now: SigningTime,
        lookup: impl SecretLookup,
    ) -> Result<Verified> {
        if req.header_count("authorization") != 1 {
            return Err(Error::rejected(
                S3ErrorCode::AccessDenied,
                "the request needs exactly one Authorization header",
            ));
        }
        let auth = req.header("authorization").unwrap_or("").trim();
        let rest = auth
            .strip_prefix(ALGORITHM)
            .filter(|r| r.starts_with(' '))
            .ok_or_else(|| {
                herr(alloc::format!(
                    "the Authorization header must start with \"{ALGORITHM} \""
                ))
            })?;
        let (mut cred, mut signed, mut sig) = (None, None, None);
        for part in rest.split(',') {
            let part = part.trim();
            let (k, v) = part.split_once('=').ok_or_else(|| {
                herr(alloc::format!(
                    "Authorization component {part:?} is not name=value"
                ))
            })?;
            let slot = match k {
                "Credential" => &mut cred,
                "SignedHeaders" => &mut signed,
                "Signature" => &mut sig,
                _ => {
                    return Err(herr(alloc::format!(
                        "Authorization has an unknown component {k:?}"
                    )))
                }
            };
            if slot.replace(v).is_some() {
                return Err(herr(alloc::format!("Authorization repeats {k}")));
            }
        }
        let cred = cred.ok_or_else(|| herr("Authorization has no Credential"))?;
        let signed = signed.ok_or_else(|| herr("Authorization has no SignedHeaders"))?;
        let sig = sig.ok_or_else(|| herr("Authorization has no Signature"))?;
        let cred = parse_credential(cred, herr)?;
        let provided = encode::unhex32(sig)
            .ok_or_else(|| herr(alloc::format!("Signature {sig:?} is not 64 hex digits")))?;
        let date = req.header("x-amz-date").ok_or_else(|| {
            Error::rejected(
                S3ErrorCode::AccessDenied,
                "AWS authentication requires a valid Date or x-amz-date header",
            )
        })?;
        let signed_at = SigningTime::from_amz_date(date.trim()).map_err(|e| herr(e.to_string()))?;
        self.check_scope(&cred, &signed_at, hscope)?;
        let names = check_signed_list(signed, req, herr)?;
        if !names.iter().any(|n| n == "x-amz-date") {
            return Err(herr("SignedHeaders must include x-amz-date"));
        }
        refuse_unsigned_amz(req, &names)?;
        self.policy.check_required(req.method, &names)?;
        if signed_at.unix().abs_diff(now.unix()) > self.clock_skew {
            return Err(Error::rejected(
                S3ErrorCode::RequestTimeTooSkewed,
                alloc::format!(
                    "The difference between the request time and the current time is too large: the request time is {signed_at}, the server's time {now}, the limit {} s",
                    self.clock_skew
                ),
            ));
        }
        self.policy.check_age(&signed_at, &now)?;
        let payload = self.header_payload(req)?;
        let secret = secret_of(&lookup, &cred.access_key_id)?;
        let expected =
            self.expected(req, None, &cred, secret, &signed_at, payload, signed, None)?;
        expected.check(&provided)?;
        Ok(Verified {
            access_key_id: cred.access_key_id,
            signed_at,
            region: cred.region,
            service: cred.service,
            signed_headers: names,
            expires_at: None,
            signature: provided.to_vec(),
            session_token: req
                .header("x-amz-security-token")
                .map(|t| t.trim().to_string()),
        })
    }

    fn header_payload(&self, req: &Incoming<'_>) -> Result<PayloadHash> {
        let stated = req.header("x-amz-content-sha256").map(str::trim);
        let known = match req.payload {
            Some(p) => Some(
                PayloadHash::of(&p)
                    .map_err(|e| Error::rejected(S3ErrorCode::InvalidArgument, e.to_string()))?,
            ),
            None => None,
        };
        match (stated, known) {
            (Some(s), Some(k)) => {
                let is_digest = s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit());
                if is_digest && s != k.as_str() {
                    return Err(Error::rejected(
                        S3ErrorCode::XAmzContentSHA256Mismatch,
                        alloc::format!(
                            "x-amz-content-sha256 {s} does not match the body's SHA-256 {}",
                            k.as_str()
                        ),
                    ));
                }
                Ok(PayloadHash::literal(s))
            }
            (Some(s), None) => Ok(PayloadHash::literal(s)),
            (None, _) if self.service == "s3" => Err(Error::rejected(
                S3ErrorCode::InvalidRequest,
                "Missing required header for this request: x-amz-content-sha256",
            )),
            (None, Some(k)) => Ok(k),
            (None, None) => Ok(PayloadHash::of(&Payload::Empty)?),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The canonical query written from the decoded pairs (the verifier's
    /// fast path) signs exactly what the raw query's re-encoding signs.
    #[test]
    fn decoded_pairs_sign_what_the_raw_query_signs() {
        let v = Verifier::s3();
        let cred = parse_credential("AKID/20130524/us-east-1/s3/aws4_request", qerr).unwrap();
        let time = SigningTime::from_unix(1_369_353_600).unwrap();
        let headers = [("host", "b.s3.amazonaws.com")];
        for query in [
            "X-Amz-Credential=AKID%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Signature=00",
            "a=%2f&b=%41&c=+&d=%zz&e=&f&%7E=~&g=%E2%82%AC&h=%2&a=1&&b=a%20b%2Bc",
            "acl&x=%25%32%35&y=%2525&z=%3D%26",
            "",
        ] {
            let req = Incoming::new("GET", "/k", &headers);
            let req = Incoming { query, ..req };
            let mut pairs: Vec<(Cow<'_, str>, Cow<'_, str>)> = Vec::new();
            raw_pairs(query, |n, x| {
                pairs.push((
                    decoded_utf8(n.bytes).unwrap(),
                    decoded_utf8(x.bytes).unwrap(),
                ))
            });
            let decoded: Vec<(&str, &str)> = pairs
                .iter()
                .map(|(n, x)| (n.as_ref(), x.as_ref()))
                .collect();
            let sign = |q| {
                v.expected(
                    &req,
                    q,
                    &cred,
                    "secret".into(),
                    &time,
                    PayloadHash::literal(UNSIGNED_PAYLOAD),
                    "host",
                    Some("X-Amz-Signature"),
                )
                .unwrap()
                .sig
            };
            assert_eq!(sign(Some(&decoded[..])), sign(None), "{query}");
        }
        // A query the raw path refuses is refused on the fast path too.
        let req = Incoming::new("GET", "/k", &headers);
        let req = Incoming {
            query: "a=\u{1}",
            ..req
        };
        let err = |q| {
            v.expected(
                &req,
                q,
                &cred,
                "secret".into(),
                &time,
                PayloadHash::literal(UNSIGNED_PAYLOAD),
                "host",
                None,
            )
            .err()
            .map(|e| e.to_string())
        };
        assert!(err(None).is_some());
        assert_eq!(err(Some(&[("a", "\u{1}")])), err(None));
    }
}
