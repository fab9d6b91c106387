//! SigV4 verification: presigned URLs and `Authorization` headers; with
//! the `sigv4a` feature SigV4A's too (same canonical request, a scope
//! without a region, the region set signed, an ECDSA signature checked
//! with the public key).
//!
//! Both read the request's signature parameters, check them and the
//! verifier's policy, then compute the signature the request should carry
//! and compare in constant time. The canonical request is written from
//! slices of the request when it is already canonical, as conforming
//! clients send it ([`Verbatim`]), else by the canonicalizer that signs;
//! steps 2 to 4 then run with the cached signing key. On the way nothing
//! is allocated but the answer ([`Verified`], one allocation) and escaped
//! parameters too long for a buffer on the stack.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::encode;
use crate::error::{Details, Error, Result, S3ErrorCode};
use crate::sha256::Sha256;
use crate::syntax::raw_pairs;
use crate::time::SigningTime;
use crate::v4::canonical::{
    scan_query, CanonicalQuery, CanonicalRequest, Received, SignerAdditions, Verbatim,
};
use crate::v4::context::{sign_digest, string_to_sign_text};
use crate::v4::payload::PayloadHash;
use crate::v4::scope::Scope;
use crate::v4::{Payload, Request, ALGORITHM, MAX_EXPIRES_IN, UNSIGNED_PAYLOAD};

use super::credential::{parse_credential, Credential};
use super::keys::{KeySource, Resolved, Secrets};
use super::policy::refuse_unsigned_amz;
use super::presign_params::{Arena, PresignParams};
use super::signed_list::SignedList;
use super::verified::Proof;
use super::{mismatch, Incoming, SecretLookup, Verified, Verifier};

/// The signature computed for a request, and in debug mode the canonical
/// request and string to sign it was computed from.
struct Expected {
    sig: [u8; 32],
    texts: Option<(String, String)>,
}

impl Expected {
    /// Compares in constant time; a mismatch carries the texts in debug
    /// mode.
    fn check(self, provided: &[u8; 32]) -> Result<()> {
        if crate::ct_eq::ct_eq(&self.sig, provided) {
            return Ok(());
        }
        let err = mismatch();
        Err(match self.texts {
            Some((canonical_request, string_to_sign)) => err.with_details(Details {
                canonical_request: Some(canonical_request),
                string_to_sign: Some(string_to_sign),
                ..Details::default()
            }),
            None => err,
        })
    }
}

/// The signature a request carries.
#[derive(Clone, Copy)]
enum Provided<'a> {
    /// SigV4: the HMAC.
    Hmac([u8; 32]),
    /// SigV4A: the DER ECDSA signature in hex, and the region set.
    #[cfg_attr(not(feature = "sigv4a"), allow(dead_code))]
    Ecdsa { hex: &'a str, region_set: &'a str },
}

/// What the algorithm name says: SigV4A or not (an unknown name is an
/// error, in the caller's words).
fn is_v4a(alg: &str) -> Option<bool> {
    match alg {
        ALGORITHM => Some(false),
        #[cfg(feature = "sigv4a")]
        crate::v4a::ALGORITHM => Some(true),
        _ => None,
    }
}

/// The algorithms this build verifies, for messages.
#[cfg(feature = "sigv4a")]
const ALGORITHMS: &str = "AWS4-HMAC-SHA256 or AWS4-ECDSA-P256-SHA256";
#[cfg(not(feature = "sigv4a"))]
const ALGORITHMS: &str = ALGORITHM;

/// The credential of a SigV4 or SigV4A request.
fn parse_any_credential(
    v4a: bool,
    value: &str,
    err: fn(String) -> Error,
) -> Result<Credential<'_>> {
    #[cfg(feature = "sigv4a")]
    if v4a {
        return super::credential::parse_credential_v4a(value, err);
    }
    let _ = v4a;
    parse_credential(value, err)
}

/// A SigV4A signature: hex digits of at most 72 DER bytes.
#[cfg_attr(not(feature = "sigv4a"), allow(dead_code))]
fn is_der_hex(sig: &str) -> bool {
    !sig.is_empty()
        && sig.len() <= 144
        && sig.len().is_multiple_of(2)
        && sig.bytes().all(|b| b.is_ascii_hexdigit())
}

/// What a request claims: its signature parameters, read and checked.
struct Claim<'a> {
    cred: Credential<'a>,
    signed_at: SigningTime,
    signed: SignedList<'a>,
    payload: PayloadHash,
    provided: Provided<'a>,
    /// The query parameter the signature leaves out (`X-Amz-Signature`).
    skip_query: Option<&'a str>,
    /// The query, when it is canonical as it came.
    query: Option<CanonicalQuery<'a>>,
    expires_at: Option<SigningTime>,
    session_token: Option<&'a str>,
}

fn query_auth_error(msg: impl Into<String>) -> Error {
    Error::rejected(S3ErrorCode::AuthorizationQueryParametersError, msg)
}

fn header_auth_error(msg: impl Into<String>) -> Error {
    Error::rejected(S3ErrorCode::AuthorizationHeaderMalformed, msg)
}

/// A scope error of a presigned URL, in S3's words.
fn query_scope_error(msg: String) -> Error {
    query_auth_error(alloc::format!(
        "Error parsing the X-Amz-Credential parameter; {msg}"
    ))
}

/// A scope error of an `Authorization` header, in S3's words.
fn header_scope_error(msg: String) -> Error {
    header_auth_error(alloc::format!(
        "The authorization header is malformed; {msg}"
    ))
}

impl Verifier {
    /// Compares the request's signature with the one it should carry and
    /// answers what it proved.
    fn settle(&self, req: &Incoming<'_>, claim: Claim<'_>, key: &Resolved) -> Result<Verified> {
        let cred = &claim.cred;
        #[cfg(feature = "sigv4a")]
        let mut der = [0u8; 72];
        #[cfg(feature = "sigv4a")]
        let mut chain_seed = None;
        let (region, signature): (&str, &[u8]) = match (&claim.provided, key) {
            (Provided::Hmac(provided), Resolved::Secret(secret)) => {
                self.expected(req, &claim, secret)?.check(provided)?;
                (cred.region, provided)
            }
            #[cfg(feature = "sigv4a")]
            (Provided::Ecdsa { hex, region_set }, Resolved::Public(public)) => {
                self.check_v4a(req, &claim, public, hex)?;
                // Verified: a DER signature; kept in its low-S form, and
                // as sent for an aws-chunked body's chain.
                let n = crate::v4a::key::canonical_der(hex, &mut der).unwrap_or(0);
                chain_seed = Some(*hex);
                (region_set, &der[..n])
            }
            // The key is resolved for the algorithm the request names.
            #[allow(unreachable_patterns)]
            _ => return Err(mismatch()),
        };
        let verified = Verified::new(Proof {
            access_key_id: cred.access_key_id,
            region,
            service: cred.service,
            signed_headers: claim.signed.names(),
            session_token: claim.session_token,
            signed_at: claim.signed_at,
            expires_at: claim.expires_at,
            signature,
        });
        #[cfg(feature = "sigv4a")]
        if let Some(hex) = chain_seed {
            return Ok(verified.with_chain_seed(hex));
        }
        Ok(verified)
    }

    /// SigV4A: whether the request's ECDSA signature verifies over the
    /// string to sign of its canonical request.
    #[cfg(feature = "sigv4a")]
    fn check_v4a(
        &self,
        req: &Incoming<'_>,
        claim: &Claim<'_>,
        key: &crate::v4a::PublicKey,
        hex: &str,
    ) -> Result<()> {
        let (scope, digest, text) = self.creq_digest(req, claim)?;
        let time = &claim.signed_at;
        if crate::v4a::signature::verifies(key, &scope, time, &digest, hex) {
            return Ok(());
        }
        let err = mismatch();
        Err(match text {
            Some(t) => err.with_details(Details {
                canonical_request: Some(String::from_utf8_lossy(&t).into_owned()),
                string_to_sign: Some(string_to_sign_text(
                    crate::v4a::ALGORITHM,
                    &scope,
                    time,
                    &digest,
                )),
                ..Details::default()
            }),
            None => err,
        })
    }

    /// The signature the request should carry (with its texts in debug
    /// mode), then steps 2 to 4 with the cached key.
    fn expected(&self, req: &Incoming<'_>, claim: &Claim<'_>, secret: &str) -> Result<Expected> {
        let (scope, digest, text) = self.creq_digest(req, claim)?;
        let time = &claim.signed_at;
        let sig = sign_digest(&self.cache, secret, &scope, time, &digest).bytes;
        let texts = text.map(|t| {
            (
                String::from_utf8_lossy(&t).into_owned(),
                string_to_sign_text(ALGORITHM, &scope, time, &digest),
            )
        });
        Ok(Expected { sig, texts })
    }

    /// The scope and the SHA-256 of the canonical request (and its text in
    /// debug mode): written verbatim when the request is already
    /// canonical, else by the canonicalizer that signs.
    fn creq_digest<'c>(
        &self,
        req: &Incoming<'_>,
        claim: &'c Claim<'c>,
    ) -> Result<(Scope<'c>, [u8; 32], Option<Vec<u8>>)> {
        let cred = &claim.cred;
        let scope = Scope {
            access_key_id: cred.access_key_id,
            date: cred.date.as_bytes(),
            region: cred.region,
            service: cred.service,
            plain: false,
        };
        let received = Received {
            method: req.method,
            path: req.path,
            query: req.query,
            headers: req.headers,
            host: req.url_host.as_deref(),
            signed: claim.signed.as_str(),
            skip_query: claim.skip_query,
            payload_hash: claim.payload.as_bytes(),
            normalize_path: self.normalize_path,
            double_encode_path: self.double_encode_path,
        };
        let mut sha = Sha256::new();
        let mut text = self.policy.debug.then(Vec::new);
        match claim
            .query
            .and_then(|q| Verbatim::check_scanned(received, q))
        {
            Some(v) => {
                v.write(&mut sha);
                if let Some(t) = &mut text {
                    v.write(t);
                }
            }
            None => canonicalize(&received, &scope, &mut sha, text.as_mut())?,
        }
        Ok((scope, sha.finish(), text))
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
        self.presigned_with(req, now, &Secrets(lookup))
    }

    /// [`Verifier::verify_presigned`] with keys from `keys`.
    pub(super) fn presigned_with(
        &self,
        req: &Incoming<'_>,
        now: SigningTime,
        keys: &impl KeySource,
    ) -> Result<Verified> {
        // One pass reads the signer's parameters (RESERVED_QUERY) and shows
        // whether the query is canonical as it came; when it is not, the
        // parameters are read again by the general splitter.
        let mut params = PresignParams::default();
        let query = scan_query(req.query, Some("X-Amz-Signature"), |n, v| params.note(n, v));
        if query.is_none() {
            params = PresignParams::default();
            raw_pairs(req.query, |n, v| {
                // Split at ASCII bytes of a `str`: both are UTF-8.
                if let (Ok(n), Ok(v)) =
                    (core::str::from_utf8(n.bytes), core::str::from_utf8(v.bytes))
                {
                    params.note(n, v)
                }
            });
        }
        let mut room = [0u8; 256];
        let found = params
            .decode(&mut Arena::new(&mut room))
            .map_err(query_auth_error)?;
        let [alg, cred, date, expires, signed, sig, token, region_set] = &found;
        let missing = |n: &str| {
            query_auth_error(alloc::format!("Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters; the query has no {n}"))
        };
        let alg = alg.as_deref().ok_or_else(|| missing("X-Amz-Algorithm"))?;
        let cred = cred.as_deref().ok_or_else(|| missing("X-Amz-Credential"))?;
        let date = date.as_deref().ok_or_else(|| missing("X-Amz-Date"))?;
        let expires = expires.as_deref().ok_or_else(|| missing("X-Amz-Expires"))?;
        let signed = signed
            .as_deref()
            .ok_or_else(|| missing("X-Amz-SignedHeaders"))?;
        let sig = sig.as_deref().ok_or_else(|| missing("X-Amz-Signature"))?;
        let v4a = is_v4a(alg).ok_or_else(|| {
            query_auth_error(alloc::format!(
                "X-Amz-Algorithm {alg:?} is not supported; only {ALGORITHMS}"
            ))
        })?;
        let cred = parse_any_credential(v4a, cred, query_auth_error)?;
        let signed_at =
            SigningTime::from_amz_date(date).map_err(|e| query_auth_error(e.to_string()))?;
        let expires_in: u64 = match expires.parse::<u64>() {
            Ok(n)
                if (1..=MAX_EXPIRES_IN).contains(&n)
                    && expires.bytes().all(|b| b.is_ascii_digit()) =>
            {
                n
            }
            Ok(n) if n > MAX_EXPIRES_IN && expires.bytes().all(|b| b.is_ascii_digit()) => {
                return Err(query_auth_error(alloc::format!(
                    "X-Amz-Expires must be less than a week (in seconds) that is; {MAX_EXPIRES_IN} (it is {n})"
                )))
            }
            _ => {
                return Err(query_auth_error(alloc::format!(
                "X-Amz-Expires {expires:?} must be a number of seconds from 1 to {MAX_EXPIRES_IN}"
            )))
            }
        };
        let provided = if v4a {
            let region_set = region_set.as_deref().ok_or_else(|| {
                query_auth_error("Query-string authentication version 4A requires the X-Amz-Region-Set parameter")
            })?;
            if !is_der_hex(sig) {
                return Err(query_auth_error(alloc::format!(
                    "X-Amz-Signature {sig:?} is not a SigV4A signature (a DER ECDSA signature in hex, at most 144 digits)"
                )));
            }
            self.check_region_set(region_set, query_scope_error)?;
            Provided::Ecdsa {
                hex: sig,
                region_set,
            }
        } else {
            Provided::Hmac(encode::unhex32(sig).ok_or_else(|| {
                query_auth_error(alloc::format!(
                    "X-Amz-Signature {sig:?} is not 64 hex digits"
                ))
            })?)
        };
        self.check_scope(&cred, &signed_at, query_scope_error)?;
        let signed = SignedList::check(signed, req, query_auth_error)?;
        refuse_unsigned_amz(req, signed)?;
        self.policy.check_required(req.method, signed)?;

        let expires_at = SigningTime::from_unix(signed_at.unix() + expires_in as i64)
            .map_err(|e| query_auth_error(e.to_string()))?;
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
        let key = keys.resolve(cred.access_key_id, v4a)?;
        let payload = self.presigned_payload(req)?;
        let claim = Claim {
            cred,
            signed_at,
            signed,
            payload,
            provided,
            skip_query: Some("X-Amz-Signature"),
            query,
            expires_at: Some(expires_at),
            session_token: token.as_deref(),
        };
        self.settle(req, claim, &key)
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
        self.headers_with(req, now, &Secrets(lookup))
    }

    /// [`Verifier::verify_headers`] with keys from `keys`.
    pub(super) fn headers_with(
        &self,
        req: &Incoming<'_>,
        now: SigningTime,
        keys: &impl KeySource,
    ) -> Result<Verified> {
        if req.header_count("authorization") != 1 {
            return Err(Error::rejected(
                S3ErrorCode::AccessDenied,
                "the request needs exactly one Authorization header",
            ));
        }
        let auth = req.header("authorization").unwrap_or("").trim();
        let (alg, rest) = auth
            .split_once(' ')
            .and_then(|(alg, rest)| Some((is_v4a(alg)?, rest)))
            .ok_or_else(|| {
                header_auth_error(alloc::format!(
                    "the Authorization header must start with {ALGORITHMS} and a space"
                ))
            })?;
        let v4a = alg;
        let (mut cred, mut signed, mut sig) = (None, None, None);
        for part in rest.split(',') {
            let part = part.trim();
            let (k, v) = part.split_once('=').ok_or_else(|| {
                header_auth_error(alloc::format!(
                    "Authorization component {part:?} is not name=value"
                ))
            })?;
            let slot = match k {
                "Credential" => &mut cred,
                "SignedHeaders" => &mut signed,
                "Signature" => &mut sig,
                _ => {
                    return Err(header_auth_error(alloc::format!(
                        "Authorization has an unknown component {k:?}"
                    )))
                }
            };
            if slot.replace(v).is_some() {
                return Err(header_auth_error(alloc::format!(
                    "Authorization repeats {k}"
                )));
            }
        }
        let cred = cred.ok_or_else(|| header_auth_error("Authorization has no Credential"))?;
        let signed =
            signed.ok_or_else(|| header_auth_error("Authorization has no SignedHeaders"))?;
        let sig = sig.ok_or_else(|| header_auth_error("Authorization has no Signature"))?;
        let cred = parse_any_credential(v4a, cred, header_auth_error)?;
        let provided = if v4a {
            if !is_der_hex(sig) {
                return Err(header_auth_error(alloc::format!(
                    "Signature {sig:?} is not a SigV4A signature (a DER ECDSA signature in hex, at most 144 digits)"
                )));
            }
            None
        } else {
            Some(encode::unhex32(sig).ok_or_else(|| {
                header_auth_error(alloc::format!("Signature {sig:?} is not 64 hex digits"))
            })?)
        };
        let date = req.header("x-amz-date").ok_or_else(|| {
            Error::rejected(
                S3ErrorCode::AccessDenied,
                "AWS authentication requires a valid Date or x-amz-date header",
            )
        })?;
        let signed_at = SigningTime::from_amz_date(date.trim())
            .map_err(|e| header_auth_error(e.to_string()))?;
        self.check_scope(&cred, &signed_at, header_scope_error)?;
        let signed = SignedList::check(signed, req, header_auth_error)?;
        if !signed.contains("x-amz-date") {
            return Err(header_auth_error("SignedHeaders must include x-amz-date"));
        }
        let provided = match provided {
            Some(mac) => Provided::Hmac(mac),
            None => {
                if !signed.contains("x-amz-region-set") {
                    return Err(header_auth_error(
                        "SigV4A's SignedHeaders must include x-amz-region-set",
                    ));
                }
                let region_set = req.header("x-amz-region-set").unwrap_or("").trim();
                self.check_region_set(region_set, header_scope_error)?;
                Provided::Ecdsa {
                    hex: sig,
                    region_set,
                }
            }
        };
        refuse_unsigned_amz(req, signed)?;
        self.policy.check_required(req.method, signed)?;
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
        let key = keys.resolve(cred.access_key_id, v4a)?;
        let claim = Claim {
            cred,
            signed_at,
            signed,
            payload,
            provided,
            skip_query: None,
            query: scan_query(req.query, None, |_, _| {}),
            expires_at: None,
            session_token: req.header("x-amz-security-token").map(str::trim),
        };
        self.settle(req, claim, &key)
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

/// The reference: the canonicalizer that signs writes the canonical
/// request of a request that is not already canonical.
fn canonicalize(
    r: &Received<'_>,
    scope: &Scope<'_>,
    sha: &mut Sha256,
    text: Option<&mut Vec<u8>>,
) -> Result<()> {
    let with_host: Vec<(&str, &str)>;
    let headers = match r.host {
        Some(host) => {
            with_host = r.headers.iter().copied().chain([("host", host)]).collect();
            &with_host[..]
        }
        None => r.headers,
    };
    let request = Request::new(r.method, r.path)
        .headers(headers)
        .raw_query(r.query);
    CanonicalRequest::with(
        &request,
        r.normalize_path,
        r.double_encode_path,
        r.payload_hash,
        scope,
        SignerAdditions {
            signed_list: Some(r.signed),
            skip_query: r.skip_query,
            ..SignerAdditions::default()
        },
        |c| {
            c.write(sha);
            if let Some(t) = text {
                c.write(t);
            }
        },
    )
    .map_err(|e| Error::rejected(S3ErrorCode::SignatureDoesNotMatch, e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::s3::Bucket;
    use crate::Credentials;

    /// A presigned URL a proxy rewrote (parameters reordered, escapes in
    /// lowercase) is not canonical as received: it is canonicalized, and
    /// verifies as the original does. (S3 signs the path as sent, so a
    /// path rewritten is another path.)
    #[test]
    fn a_url_rewritten_in_transit_still_verifies() {
        let creds = Credentials::new("AKID", "secret").unwrap();
        let t = SigningTime::from_unix(1_700_000_000).unwrap();
        let url = Bucket::new("b-1", "us-east-1")
            .unwrap()
            .get("a b/c")
            .presign(&creds, t, 60)
            .unwrap();
        let (path, query) = url.split_once('?').unwrap();
        let mut params: Vec<&str> = query.split('&').collect();
        params.reverse();
        let rewritten = alloc::format!("{path}?{}", params.join("&").replace("%2F", "%2f"));
        let v = Verifier::s3();
        let lookup = |_: &str| Some(String::from("secret"));
        for target in [&url, &rewritten] {
            let ok = v
                .verify_presigned(&Incoming::new("GET", target, &[]), t, lookup)
                .unwrap_or_else(|e| panic!("{target}: {e}"));
            assert_eq!(ok.access_key_id(), "AKID");
        }
        let verbatim = |target: &str| {
            let req = Incoming::new("GET", target, &[]);
            Verbatim::check(Received {
                method: "GET",
                path: req.path,
                query: req.query,
                headers: &[],
                host: req.url_host.as_deref(),
                signed: "host",
                skip_query: Some("X-Amz-Signature"),
                payload_hash: b"UNSIGNED-PAYLOAD",
                normalize_path: false,
                double_encode_path: false,
            })
            .is_some()
        };
        assert!(verbatim(&url), "the signer's own URL is taken verbatim");
        assert!(!verbatim(&rewritten), "the rewritten one is canonicalized");
    }
}
