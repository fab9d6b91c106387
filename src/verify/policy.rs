//! What the verifier refuses besides a wrong signature: headers that were
//! not signed (always, as S3 does), and the server's own policy (off by
//! default): a maximum signature age, headers that must be signed, the
//! regions and services accepted.

use alloc::string::String;
use alloc::vec::Vec;

use crate::error::{Details, Error, Result, S3ErrorCode};
use crate::time::SigningTime;

use super::signed_list::SignedList;
use super::{Incoming, Verifier};

/// `x-amz-*` headers S3 lets a SigV4 request carry without signing them.
///
/// Amazon S3's documentation requires every `x-amz-*` header the request
/// carries to be signed: "Any x-amz-* headers that you plan to add to the
/// request" are among "the headers that you used to calculate the
/// signature" (S3 API Reference, *Authenticating Requests: Using Query
/// Parameters (AWS Signature Version 4)*, `X-Amz-SignedHeaders`), and
/// "Any x-amz-* headers that you plan to include in your request must also
/// be added" to the canonical headers (*Signature Calculations for the
/// Authorization Header*). S3 refuses a request that carries one unsigned
/// with `403 AccessDenied` "There were headers present in the request
/// which were not signed" and `<HeadersNotSigned>a, b</HeadersNotSigned>`.
///
/// The documentation names no exemption; S3 as observed makes one:
/// `x-amz-content-sha256`, presigned or header-signed. Its value is the
/// payload line of the canonical request either way, so the signature
/// covers it whether or not it is listed (ceph/ceph#71292 "aws sigv4 does
/// not require s3 requests to sign x-amz-content-sha256"; s3s#830 narrowed
/// its exemptions to this one header after probing S3). Every other
/// `x-amz-*` header is refused unsigned, `x-amz-date`,
/// `x-amz-security-token`, `x-amz-checksum-*`, `x-amz-trailer` and
/// `x-amz-decoded-content-length` included (the SDKs sign all of them). So
/// is a request whose session token was added after signing
/// ([`crate::v4::SessionTokenMode::AfterSigning`]): its
/// `x-amz-security-token` is an unsigned `x-amz-*` header.
///
/// `x-amzn-*` (AWS's other prefix, e.g. `x-amzn-trace-id` added by load
/// balancers) is not `x-amz-*` and is never refused.
pub(crate) const UNSIGNED_OK: &[&str] = &["x-amz-content-sha256"];

fn is_amz(name: &str) -> bool {
    name.as_bytes()
        .get(..6)
        .is_some_and(|p| p.eq_ignore_ascii_case(b"x-amz-"))
}

/// Refuses a request that carries an `x-amz-*` header its signature does
/// not cover; the error lists them for S3's `<HeadersNotSigned>`.
pub(crate) fn refuse_unsigned_amz(req: &Incoming<'_>, signed: SignedList<'_>) -> Result<()> {
    let mut unsigned: Vec<String> = Vec::new();
    for (name, _) in req.headers {
        let name = name.trim();
        if !is_amz(name)
            || signed.names().any(|s| s.eq_ignore_ascii_case(name))
            || UNSIGNED_OK.iter().any(|e| e.eq_ignore_ascii_case(name))
        {
            continue;
        }
        let lower = name.to_ascii_lowercase();
        if !unsigned.contains(&lower) {
            unsigned.push(lower);
        }
    }
    if unsigned.is_empty() {
        return Ok(());
    }
    let message = alloc::format!(
        "There were headers present in the request which were not signed: {}",
        unsigned.join(", ")
    );
    Err(
        Error::rejected(S3ErrorCode::AccessDenied, message).with_details(Details {
            headers_not_signed: unsigned,
            ..Details::default()
        }),
    )
}

/// The server's own rules, on top of S3's. All off by default.
#[derive(Clone, Debug, Default)]
pub(crate) struct Policy {
    /// Longest time from signing to use, in seconds (`s3:signatureAge`).
    pub(crate) max_age: Option<u64>,
    /// `(method or "*", header name or "prefix*")` that must be signed.
    pub(crate) required: Vec<(String, String)>,
    /// Regions accepted in the credential scope (empty: any).
    pub(crate) regions: Vec<String>,
    /// Services accepted besides the verifier's own.
    pub(crate) services: Vec<String>,
    /// Whether `SignatureDoesNotMatch` carries the canonical request and
    /// the string to sign.
    pub(crate) debug: bool,
}

impl Policy {
    pub(crate) fn check_age(&self, signed_at: &SigningTime, now: &SigningTime) -> Result<()> {
        let Some(max) = self.max_age else {
            return Ok(());
        };
        let age = now.unix().saturating_sub(signed_at.unix());
        if age > 0 && age as u64 > max {
            return Err(Error::rejected(
                S3ErrorCode::AccessDenied,
                alloc::format!(
                    "the signature is {age} s old (signed at {signed_at}, it is now {now}); this server accepts signatures up to {max} s old"
                ),
            ));
        }
        Ok(())
    }

    pub(crate) fn check_required(&self, method: &str, signed: SignedList<'_>) -> Result<()> {
        for (m, name) in &self.required {
            if m != "*" && !m.eq_ignore_ascii_case(method) {
                continue;
            }
            let covered = match name.strip_suffix('*') {
                Some(prefix) => signed.names().any(|s| s.starts_with(prefix)),
                None => signed.contains(name),
            };
            if !covered {
                return Err(Error::rejected(
                    S3ErrorCode::AccessDenied,
                    alloc::format!(
                        "this server requires {method} requests to sign the header {name}; the request signed only {}",
                        signed.as_str()
                    ),
                ));
            }
        }
        Ok(())
    }
}

impl Verifier {
    /// Refuses signatures older than `seconds` at the time of use, as the
    /// `s3:signatureAge` condition of a bucket policy does (S3 counts it in
    /// milliseconds; the signing time has whole seconds): a presigned URL
    /// valid for a week can be cut to an hour by the server. `AccessDenied`.
    /// Off by default.
    ///
    /// ```
    /// use awssig::{Credentials, S3ErrorCode, SigningTime, s3::Bucket, verify::{Incoming, Verifier}};
    /// let creds = Credentials::new("AKID", "secret")?;
    /// let url = Bucket::new("b-1", "us-east-1")?.get("k").presign(&creds, SigningTime::from_unix(0)?, 86_400)?;
    /// let v = Verifier::s3().max_signature_age(3600);
    /// let lookup = |_: &str| Some("secret".to_string());
    /// let req = Incoming::new("GET", &url, &[]);
    /// assert!(v.verify(&req, SigningTime::from_unix(3600)?, lookup).is_ok());
    /// let err = v.verify(&req, SigningTime::from_unix(3601)?, lookup).unwrap_err();
    /// assert_eq!(err.s3_code(), Some(S3ErrorCode::AccessDenied));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn max_signature_age(mut self, seconds: u64) -> Self {
        self.policy.max_age = Some(seconds);
        self
    }

    /// Requires requests with `method` (`"*"`: every method) to sign the
    /// header `name` (lowercase; a trailing `*` matches a prefix, as
    /// `x-amz-checksum-*`), e.g. `content-length` on `PUT` so that a
    /// presigned upload cannot be larger than its signer meant. A request
    /// that does not is `AccessDenied`, naming the header. Call it once per
    /// rule. Applies to SigV4 (SigV2 signs a fixed set of headers).
    ///
    /// ```
    /// use awssig::{Credentials, S3ErrorCode, SigningTime, s3::Bucket, verify::{Incoming, Verifier}};
    /// let creds = Credentials::new("AKID", "secret")?;
    /// let url = Bucket::new("b-1", "us-east-1")?.put("k").presign(&creds, SigningTime::from_unix(0)?, 60)?;
    /// let v = Verifier::s3().require_signed_header("PUT", "content-length");
    /// let err = v.verify(&Incoming::new("PUT", &url, &[]), SigningTime::from_unix(1)?, |_: &str| Some("secret".to_string())).unwrap_err();
    /// assert_eq!(err.s3_code(), Some(S3ErrorCode::AccessDenied));
    /// assert!(err.to_string().contains("content-length"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn require_signed_header(
        mut self,
        method: impl Into<String>,
        name: impl Into<String>,
    ) -> Self {
        let mut name = name.into();
        name.make_ascii_lowercase();
        self.policy.required.push((method.into(), name));
        self
    }

    /// Accepts only these regions in the credential scope (replacing any
    /// set before; [`Verifier::region`] sets one). A scope with another
    /// region is `AuthorizationHeaderMalformed` (header) or
    /// `AuthorizationQueryParametersError` (presigned), as S3 answers.
    ///
    /// ```
    /// use awssig::{Credentials, SigningTime, s3::Bucket, verify::{Incoming, Verifier}};
    /// let creds = Credentials::new("AKID", "secret")?;
    /// let url = Bucket::new("b-1", "eu-west-1")?.get("k").presign(&creds, SigningTime::from_unix(0)?, 60)?;
    /// let lookup = |_: &str| Some("secret".to_string());
    /// let req = Incoming::new("GET", &url, &[]);
    /// let t = SigningTime::from_unix(1)?;
    /// assert!(Verifier::s3().regions(["us-east-1", "eu-west-1"]).verify(&req, t, lookup).is_ok());
    /// assert!(Verifier::s3().regions(["us-east-1"]).verify(&req, t, lookup).is_err());
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn regions<I, S>(mut self, regions: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.policy.regions = regions.into_iter().map(Into::into).collect();
        self
    }

    /// Also accepts credential scopes for these services (e.g.
    /// `s3-object-lambda` beside `s3`). Paths are still canonicalized the
    /// way this verifier's own service does.
    ///
    /// ```
    /// use awssig::{Credentials, SigningTime, v4::{Payload, Request, Signer, SigningSettings}};
    /// use awssig::verify::{Incoming, Verifier};
    /// let signer = Signer::new(Credentials::new("AKID", "secret")?, SigningSettings::new("s3-object-lambda", "us-east-1"))?;
    /// let t = SigningTime::from_unix(0)?;
    /// let host = [("host", "b.s3.amazonaws.com")];
    /// let q = signer.presign(&Request::new("GET", "/k").headers(&host).payload(Payload::Unsigned), t, 60)?;
    /// let url = format!("https://b.s3.amazonaws.com/k?{}", q.as_str());
    /// let lookup = |_: &str| Some("secret".to_string());
    /// assert!(Verifier::s3().verify(&Incoming::new("GET", &url, &[]), t, lookup).is_err());
    /// assert!(Verifier::s3().also_services(["s3-object-lambda"]).verify(&Incoming::new("GET", &url, &[]), t, lookup).is_ok());
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn also_services<I, S>(mut self, services: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.policy
            .services
            .extend(services.into_iter().map(Into::into));
        self
    }

    /// Debug mode (off by default): `SignatureDoesNotMatch` from a SigV4
    /// check carries the canonical request and the string to sign the
    /// server computed ([`Error::canonical_request`],
    /// [`Error::string_to_sign`]), as S3's error body does, so a client
    /// can find the line where its request differs. They reveal nothing
    /// secret but do echo the request: keep it for development servers.
    ///
    /// ```
    /// let v = awssig::verify::Verifier::s3().debug(true);
    /// # let _ = v;
    /// ```
    pub fn debug(mut self, on: bool) -> Self {
        self.policy.debug = on;
        self
    }

    /// Whether the credential scope's service is one this verifier takes.
    pub(crate) fn accepts_service(&self, service: &str) -> bool {
        service == self.service || self.policy.services.iter().any(|s| s == service)
    }

    /// Whether the credential scope's region is one this verifier takes.
    pub(crate) fn accepts_region(&self, region: &str) -> bool {
        self.policy.regions.is_empty() || self.policy.regions.iter().any(|r| r == region)
    }

    /// SigV4A: a region set (`*`, or regions joined by `,`) is accepted
    /// when any of its regions is (or any region is).
    #[cfg_attr(not(feature = "sigv4a"), allow(dead_code))]
    pub(crate) fn check_region_set(
        &self,
        set: &str,
        err: fn(String) -> crate::Error,
    ) -> crate::Result<()> {
        let regions = || set.split(',').map(str::trim);
        if set.is_empty() || regions().any(|r| r.is_empty() || !r.is_ascii()) {
            return Err(err(alloc::format!(
                "the region set {set:?} is malformed: expected * or regions joined by ','"
            )));
        }
        if self.policy.regions.is_empty() || regions().any(|r| r == "*" || self.accepts_region(r)) {
            return Ok(());
        }
        Err(err(alloc::format!(
            "the region set '{set}' is wrong; expecting {}",
            self.regions_text()
        )))
    }

    /// The accepted regions, for messages.
    pub(crate) fn regions_text(&self) -> String {
        match self.policy.regions.as_slice() {
            [one] => alloc::format!("'{one}'"),
            many => many
                .iter()
                .map(|r| alloc::format!("'{r}'"))
                .collect::<Vec<_>>()
                .join(" or "),
        }
    }
}
