//! SigV2 verification: presigned URLs (`AWSAccessKeyId`, `Signature`,
//! `Expires`) and `Authorization: AWS id:signature` headers, with the
//! signer's own string to sign ([`crate::v2::string_to_sign`]).

use alloc::borrow::Cow;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::encode;
use crate::error::{Error, Result, S3ErrorCode};
use crate::syntax::{self, raw_pairs};
use crate::time::SigningTime;
use crate::v2::string_to_sign::{classify, HeaderClass, StringToSign};
use crate::v2::Request;

use super::verified::Proof;
use super::{mismatch, secret_of, Incoming, SecretLookup, Verified, Verifier};

fn query_auth_error(msg: impl Into<String>) -> Error {
    Error::rejected(S3ErrorCode::AuthorizationQueryParametersError, msg)
}

/// A SigV2 signature: 28 base64 characters, 20 bytes.
fn decode_signature(b64: &str) -> Option<[u8; 20]> {
    if b64.len() != 28 {
        return None;
    }
    let mut buf = [0u8; 21];
    match base64::Engine::decode_slice(
        &base64::engine::general_purpose::STANDARD,
        b64.as_bytes(),
        &mut buf,
    ) {
        Ok(20) => {
            let mut out = [0u8; 20];
            out.copy_from_slice(&buf[..20]);
            Some(out)
        }
        _ => None,
    }
}

/// Parses an RFC 1123 date (`Tue, 27 Mar 2007 19:36:42 GMT`; zone `GMT`,
/// `UTC`, `+0000` or `-0000`; a one-digit day is accepted).
fn parse_http_date(value: &str) -> Option<SigningTime> {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let mut parts = value.split_ascii_whitespace();
    let wday = parts.next()?;
    if wday.len() != 4 || !wday.ends_with(',') {
        return None;
    }
    let day = parts.next()?;
    let month = parts.next()?;
    let year = parts.next()?;
    let hms = parts.next()?;
    let zone = parts.next()?;
    if parts.next().is_some() || !matches!(zone, "GMT" | "UTC" | "+0000" | "-0000") {
        return None;
    }
    let num = |s: &str, min: usize, max: usize| -> Option<u32> {
        if s.len() < min || s.len() > max || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        s.parse().ok()
    };
    let day = num(day, 1, 2)?;
    let month = MONTHS.iter().position(|m| *m == month)?;
    let year = num(year, 4, 4)?;
    let mut t = hms.split(':');
    let (h, m, s) = (
        num(t.next()?, 2, 2)?,
        num(t.next()?, 2, 2)?,
        num(t.next()?, 2, 2)?,
    );
    if t.next().is_some() {
        return None;
    }
    let month = time::Month::try_from(u8::try_from(month + 1).ok()?).ok()?;
    let date =
        time::Date::from_calendar_date(i32::try_from(year).ok()?, month, u8::try_from(day).ok()?)
            .ok()?;
    let tod = time::Time::from_hms(
        u8::try_from(h).ok()?,
        u8::try_from(m).ok()?,
        u8::try_from(s).ok()?,
    )
    .ok()?;
    SigningTime::from_datetime(time::PrimitiveDateTime::new(date, tod).assume_utc()).ok()
}

/// The host without its port (`[v6]` kept whole), lowercase.
fn host_name(host: &str) -> String {
    let host = host.trim();
    let name = if host.starts_with('[') {
        match host.find(']') {
            Some(i) => &host[..=i],
            None => host,
        }
    } else {
        match host.rsplit_once(':') {
            Some((n, port)) if port.bytes().all(|b| b.is_ascii_digit()) => n,
            _ => host,
        }
    };
    name.to_ascii_lowercase()
}

/// A DNS name with at least three labels (`bucket.s3.example.com`, not
/// `localhost` or `example.com`): one that could name a bucket under a
/// domain.
fn looks_virtual_hosted(name: &str) -> bool {
    name.split('.').count() >= 3 && name.split('.').all(|l| !l.is_empty())
}

/// What the verifier made of a host that matched no virtual-host domain.
enum Unmatched {
    /// No domains are configured: every request is checked as path style.
    NoDomains,
    /// Taken as a CNAME: the whole host (here) is the bucket.
    Cname(String),
}

/// `SignatureDoesNotMatch`, saying what the verifier assumed about a host
/// that matched no domain when it could name a bucket.
fn mismatch_with(req: &Incoming<'_>, unmatched: Option<Unmatched>) -> Error {
    let note = match unmatched {
        Some(Unmatched::NoDomains) => {
            let host = req
                .header("host")
                .or(req.url_host.as_deref())
                .map(host_name)
                .filter(|h| !syntax::is_ip_literal(h) && looks_virtual_hosted(h));
            let Some(host) = host else {
                return mismatch();
            };
            alloc::format!(
                "The host {host:?} looks virtual-hosted (a bucket under a domain) but matches no configured domain, so the request was checked as path style; if the host names a bucket, configure its domain (Verifier::virtual_host_domain)."
            )
        }
        Some(Unmatched::Cname(host)) => alloc::format!(
            "The host {host:?} matches no configured domain, so it was taken as a CNAME naming the bucket {host:?}; if the host names a bucket under a domain, configure that domain (Verifier::virtual_host_domain)."
        ),
        None => return mismatch(),
    };
    Error::rejected(
        S3ErrorCode::SignatureDoesNotMatch,
        alloc::format!("{} {note}", mismatch()),
    )
}

/// Sorted, unique, lowercase names of the signed headers.
fn signed_names(headers: &[(&str, &str)]) -> Vec<String> {
    let mut names: Vec<String> = headers
        .iter()
        .filter(|(n, _)| {
            !matches!(
                classify(n),
                HeaderClass::Date | HeaderClass::Host | HeaderClass::Other
            )
        })
        .map(|(n, _)| n.to_ascii_lowercase())
        .collect();
    names.sort();
    names.dedup();
    names
}

impl Verifier {
    /// The path SigV2 signs: `/bucket` + path when the `Host` names a
    /// bucket (see [`Verifier::virtual_host_domain`] and
    /// [`Verifier::aws_s3_domains`]), the path otherwise; and a host that
    /// matched no domain, for the message if the signature does not match.
    fn v2_path<'r>(&self, req: &Incoming<'r>) -> (Cow<'r, str>, Option<Unmatched>) {
        if self.domains.is_empty() && !self.aws_domains {
            return (Cow::Borrowed(req.path), Some(Unmatched::NoDomains));
        }
        let host = match req.header("host").or(req.url_host.as_deref()) {
            Some(h) => host_name(h),
            None => return (Cow::Borrowed(req.path), None),
        };
        let is_domain = |d: &str| {
            self.domains.iter().any(|c| c == d)
                || (self.aws_domains && super::aws_domains::is_aws_s3_domain(d))
        };
        if host.is_empty() || syntax::is_ip_literal(&host) || is_domain(&host) {
            return (Cow::Borrowed(req.path), None);
        }
        // The longest domain that the host is a subdomain of: the first
        // dot from the left after which a domain follows.
        let bucket = host
            .match_indices('.')
            .map(|(i, _)| i)
            .filter(|&i| i > 0)
            .find(|&i| is_domain(&host[i + 1..]))
            .map_or(host.as_str(), |i| &host[..i]);
        let cname = bucket.len() == host.len();
        let mut p = String::with_capacity(1 + bucket.len() + req.path.len());
        p.push('/');
        p.push_str(bucket);
        p.push_str(req.path);
        (Cow::Owned(p), cname.then_some(Unmatched::Cname(host)))
    }

    fn v2_expected(
        &self,
        req: &Incoming<'_>,
        path: &str,
        headers: &[(&str, &str)],
        date_line: &str,
        secret: &str,
    ) -> Result<[u8; 20]> {
        let request = Request::new(req.method, path)
            .raw_query(req.query)
            .headers(headers);
        let sts = StringToSign::for_verify(&request, date_line)
            .map_err(|e| Error::rejected(S3ErrorCode::InvalidArgument, e.to_string()))?;
        Ok(crate::v2::digest(secret.as_bytes(), &sts))
    }

    /// Verifies a SigV2 presigned URL (`AWSAccessKeyId`, `Signature` and
    /// `Expires` in the query).
    ///
    /// The URL is valid while `now <= Expires` (seconds since the epoch);
    /// SigV2 URLs carry no signing time, so [`Verified::signed_at`] is the
    /// expiry too. The `x-amz-*` headers carried in the query (lowercase names
    /// only, as botocore and this crate write them, `x-amz-security-token`
    /// included) are signed, and so are the request's own `x-amz-*`
    /// headers; one that is in both must have the same value.
    /// `Content-Type` and `Content-MD5` are the request's headers, or
    /// the query's when the request has none. For virtual-hosted URLs, see
    /// [`Verifier::virtual_host_domain`].
    ///
    /// ```
    /// use awssig::{Credentials, S3ErrorCode, SigningTime};
    /// use awssig::s3::{AddressingStyle, Bucket, SignatureVersion};
    /// use awssig::verify::{Incoming, Verifier};
    /// let creds = Credentials::new("AKID", "secret")?;
    /// let bucket = Bucket::new("b-1", "us-east-1")?
    ///     .addressing_style(AddressingStyle::Path)?
    ///     .signature_version(SignatureVersion::V2);
    /// let url = bucket.get("k").presign(&creds, SigningTime::from_unix(1_000)?, 60)?;
    /// let lookup = |_: &str| Some("secret".to_string());
    /// let ok = Verifier::s3().verify_presigned_v2(&Incoming::new("GET", &url, &[]), SigningTime::from_unix(1_060)?, lookup)?;
    /// assert_eq!((ok.access_key_id(), ok.region(), ok.service()), ("AKID", "", "s3"));
    /// assert_eq!(ok.expires_at().map(|t| t.unix()), Some(1_060));
    /// assert_eq!(ok.signature().len(), 20);
    /// let late = Verifier::s3().verify_presigned_v2(&Incoming::new("GET", &url, &[]), SigningTime::from_unix(1_061)?, lookup);
    /// assert_eq!(late.unwrap_err().s3_code(), Some(S3ErrorCode::AccessDenied));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn verify_presigned_v2(
        &self,
        req: &Incoming<'_>,
        now: SigningTime,
        lookup: impl SecretLookup,
    ) -> Result<Verified> {
        const NAMES: [&str; 3] = ["AWSAccessKeyId", "Signature", "Expires"];
        let mut found: [Option<String>; 3] = Default::default();
        let mut carried: Vec<(String, String)> = Vec::new();
        let mut problem: Option<Error> = None;
        raw_pairs(req.query, |name, value| {
            let name = encode::decode(name.bytes);
            // Only the auth parameters and the carried headers are read;
            // any other parameter may hold any bytes.
            let decode_value = |problem: &mut Option<Error>| match String::from_utf8(
                encode::decode(value.bytes),
            ) {
                Ok(v) => Some(v),
                Err(_) => {
                    problem.get_or_insert_with(|| {
                        query_auth_error("an auth parameter or carried header is not UTF-8")
                    });
                    None
                }
            };
            if let Some(i) = NAMES.iter().position(|n| n.as_bytes() == name.as_slice()) {
                let Some(value) = decode_value(&mut problem) else {
                    return;
                };
                if found[i].replace(value).is_some() {
                    problem.get_or_insert_with(|| {
                        query_auth_error(alloc::format!("{} appears more than once", NAMES[i]))
                    });
                }
                return;
            }
            let Ok(name) = String::from_utf8(name) else {
                return;
            };
            // Carried headers are lowercase, as botocore and this crate
            // write them; `X-Amz-Meta-A=…` is an ordinary query parameter.
            if !name.bytes().any(|b| b.is_ascii_uppercase())
                && !matches!(
                    classify(&name),
                    HeaderClass::Other | HeaderClass::Host | HeaderClass::Date
                )
            {
                if let Some(value) = decode_value(&mut problem) {
                    carried.push((name, value));
                }
            }
        });
        if let Some(e) = problem {
            return Err(e);
        }
        let [akid, sig, expires] = found;
        let (Some(akid), Some(sig), Some(expires)) = (akid, sig, expires) else {
            return Err(Error::rejected(
                S3ErrorCode::AccessDenied,
                "Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters",
            ));
        };
        let expires_at = (!expires.is_empty() && expires.len() <= 19)
            .then_some(())
            .filter(|_| expires.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|_| expires.parse::<i64>().ok())
            .and_then(|e| SigningTime::from_unix(e).ok())
            .ok_or_else(|| {
                Error::rejected(
                    S3ErrorCode::AccessDenied,
                    alloc::format!(
                        "Invalid date (should be seconds since epoch, at most year 9999): Expires {expires:?}"
                    ),
                )
            })?;
        let provided = decode_signature(&sig).ok_or_else(|| {
            query_auth_error(alloc::format!(
                "Signature {sig:?} is not the base64 of 20 bytes"
            ))
        })?;
        if akid.is_empty() {
            return Err(query_auth_error("AWSAccessKeyId is empty"));
        }
        if now.unix() > expires_at.unix() {
            return Err(Error::rejected(
                S3ErrorCode::AccessDenied,
                alloc::format!("Request has expired: it expired at {expires_at}, it is now {now}"),
            ));
        }
        let secret = secret_of(&lookup, &akid)?;

        // The signed headers: the query's, then the request's own amz
        // headers not in the query; Content-Type/MD5 from the request first.
        let mut headers: Vec<(&str, &str)> = Vec::with_capacity(carried.len() + 4);
        for &(name, value) in req.headers {
            match classify(name) {
                HeaderClass::ContentMd5 | HeaderClass::ContentType => headers.push((name, value)),
                HeaderClass::XAmzDate | HeaderClass::SecurityToken | HeaderClass::Amz => {
                    let lower = name.to_ascii_lowercase();
                    match carried.iter().find(|(n, _)| *n == lower) {
                        Some((_, v)) if v.trim() != value.trim() => {
                            return Err(Error::rejected(
                                S3ErrorCode::SignatureDoesNotMatch,
                                alloc::format!(
                                    "header {name:?} differs from the value signed in the query"
                                ),
                            ))
                        }
                        Some(_) => {}
                        None => headers.push((name, value)),
                    }
                }
                _ => {}
            }
        }
        for (name, value) in &carried {
            let in_request = match classify(name) {
                HeaderClass::ContentMd5 | HeaderClass::ContentType => req.has_header(name),
                _ => false,
            };
            if !in_request {
                headers.push((name.as_str(), value.as_str()));
            }
        }
        let (path, hint) = self.v2_path(req);
        let expected = self.v2_expected(req, &path, &headers, &expires, &secret)?;
        if !crate::ct_eq::ct_eq(&expected, &provided) {
            return Err(mismatch_with(req, hint));
        }
        let session_token = carried
            .iter()
            .find(|(n, _)| n == "x-amz-security-token")
            .map(|(_, v)| v.as_str())
            .or_else(|| req.header("x-amz-security-token").map(str::trim));
        Ok(Verified::new(Proof {
            access_key_id: &akid,
            region: "",
            service: "s3",
            signed_headers: signed_names(&headers).iter().map(String::as_str),
            session_token,
            signed_at: expires_at,
            expires_at: Some(expires_at),
            signature: &provided,
        }))
    }

    /// Verifies a request signed with a SigV2 `Authorization: AWS
    /// AccessKeyId:Signature` header.
    ///
    /// The time is the `x-amz-date` header if there is one (the `Date`
    /// line of the string to sign is then empty, as the SigV2 spec says),
    /// else `Date`; it must be within the clock-skew window of `now`
    /// (`RequestTimeTooSkewed`). For requests with both headers, the form
    /// botocore signs (the `Date` line filled although `x-amz-date` is
    /// set) is accepted too. For virtual-hosted requests, see
    /// [`Verifier::virtual_host_domain`].
    ///
    /// ```
    /// use awssig::{Credentials, S3ErrorCode, SigningTime};
    /// use awssig::v2::{Request, Signer};
    /// use awssig::verify::{Incoming, Verifier};
    /// let signer = Signer::new(Credentials::new("AKID", "secret")?);
    /// let t = SigningTime::from_unix(1_700_000_000)?;
    /// let h = [("Content-Type", "text/plain"), ("x-amz-meta-a", "1")];
    /// let signed = signer.sign_headers(&Request::new("PUT", "/b-1/k").headers(&h), t)?;
    /// let mut headers = h.to_vec();
    /// headers.extend(signed.iter());
    /// let lookup = |_: &str| Some("secret".to_string());
    /// let v = Verifier::s3();
    /// let ok = v.verify_headers_v2(&Incoming::new("PUT", "/b-1/k", &headers), t, lookup)?;
    /// assert_eq!(ok.signed_headers(), ["content-type", "x-amz-meta-a"]);
    /// let skewed = v.verify_headers_v2(&Incoming::new("PUT", "/b-1/k", &headers), SigningTime::from_unix(1_700_001_000)?, lookup);
    /// assert_eq!(skewed.unwrap_err().s3_code(), Some(S3ErrorCode::RequestTimeTooSkewed));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn verify_headers_v2(
        &self,
        req: &Incoming<'_>,
        now: SigningTime,
        lookup: impl SecretLookup,
    ) -> Result<Verified> {
        let malformed = || {
            Error::rejected(
                S3ErrorCode::InvalidArgument,
                "AWS authorization header is invalid. Expected AwsAccessKeyId:signature",
            )
        };
        if req.header_count("authorization") != 1 {
            return Err(Error::rejected(
                S3ErrorCode::AccessDenied,
                "the request needs exactly one Authorization header",
            ));
        }
        let auth = req.header("authorization").unwrap_or("").trim();
        let (akid, sig) = auth
            .strip_prefix("AWS ")
            .and_then(|r| r.rsplit_once(':'))
            .ok_or_else(malformed)?;
        let akid = akid.trim();
        if akid.is_empty() {
            return Err(malformed());
        }
        let provided = decode_signature(sig.trim()).ok_or_else(malformed)?;
        let no_date = || {
            Error::rejected(
                S3ErrorCode::AccessDenied,
                "AWS authentication requires a valid Date or x-amz-date header",
            )
        };
        let x_amz_date = match req.header_count("x-amz-date") {
            0 => None,
            1 => req.header("x-amz-date").map(str::trim),
            _ => return Err(no_date()),
        };
        let date = match req.header_count("date") {
            0 => None,
            1 => req.header("date").map(str::trim),
            _ => return Err(no_date()),
        };
        let signed_at = x_amz_date
            .or(date)
            .and_then(parse_http_date)
            .ok_or_else(no_date)?;
        if signed_at.unix().abs_diff(now.unix()) > self.clock_skew {
            return Err(Error::rejected(
                S3ErrorCode::RequestTimeTooSkewed,
                alloc::format!(
                    "The difference between the request time and the current time is too large: the request time is {signed_at}, the server's time {now}, the limit {} s",
                    self.clock_skew
                ),
            ));
        }
        let secret = secret_of(&lookup, akid)?;
        let (path, hint) = self.v2_path(req);
        let date_line = if x_amz_date.is_some() {
            ""
        } else {
            date.unwrap_or("")
        };
        let expected = self.v2_expected(req, &path, req.headers, date_line, &secret)?;
        let mut ok = crate::ct_eq::ct_eq(&expected, &provided);
        if !ok && x_amz_date.is_some() {
            if let Some(d) = date {
                // botocore's form: the Date line filled as well.
                let expected = self.v2_expected(req, &path, req.headers, d, &secret)?;
                ok = crate::ct_eq::ct_eq(&expected, &provided);
            }
        }
        if !ok {
            return Err(mismatch_with(req, hint));
        }
        Ok(Verified::new(Proof {
            access_key_id: akid,
            region: "",
            service: "s3",
            signed_headers: signed_names(req.headers).iter().map(String::as_str),
            session_token: req.header("x-amz-security-token").map(str::trim),
            signed_at,
            expires_at: None,
            signature: &provided,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_dates() {
        for (s, unix) in [
            ("Tue, 27 Mar 2007 19:36:42 GMT", Some(1_175_024_202)),
            ("Tue, 27 Mar 2007 19:36:42 +0000", Some(1_175_024_202)),
            ("Tue,  7 Mar 2007 19:36:42 -0000", Some(1_173_296_202)),
            ("Thu, 01 Jan 1970 00:00:00 UTC", Some(0)),
            ("Tue, 27 Mar 2007 19:36:42", None),
            ("Tue, 27 Mar 2007 19:36:42 EST", None),
            ("Tue, 32 Mar 2007 19:36:42 GMT", None),
            ("Tue, 27 Mrz 2007 19:36:42 GMT", None),
            ("Tue, 27 Mar 2007 24:00:00 GMT", None),
            ("Tue, 27 Mar 2007 19:36 GMT", None),
            ("Tue, 27 Mar 2007 19:36:42:1 GMT", None),
            ("Tue, 27 Mar +007 19:36:42 GMT", None),
            ("", None),
            ("Tue, 27 Mar 2007 19:36:42 GMT x", None),
        ] {
            assert_eq!(parse_http_date(s).map(|t| t.unix()), unix, "{s:?}");
        }
    }

    #[test]
    fn hosts() {
        assert_eq!(host_name("B.Example.com:8080"), "b.example.com");
        assert_eq!(host_name("[::1]:9000"), "[::1]");
        assert_eq!(host_name("h"), "h");
        assert!(syntax::is_ip_literal(&host_name("127.0.0.1:9000")));
        assert!(syntax::is_ip_literal(&host_name("[::1]:9000")));
        assert!(!syntax::is_ip_literal(&host_name("a.b.c.d")));
    }

    #[test]
    fn the_verifier_and_the_endpoint_agree_on_ip_hosts() {
        // The verifier takes a Host as an IP when the S3 endpoint would
        // (and so never addresses a bucket in its name).
        for authority in [
            "127.0.0.1:9000",
            "192.168.1.1",
            "999.1.1.1",
            "[::1]:9000",
            "[fe80::1]",
            "1234.1.1.1",
            "1.2.3.4.5:9000",
            "minio.local:9000",
            "s3.amazonaws.com",
        ] {
            let url = alloc::format!("http://{authority}");
            let endpoint = crate::s3::Endpoint::parse(&url).unwrap();
            assert_eq!(
                endpoint.is_ip(),
                syntax::is_ip_literal(&host_name(authority)),
                "{authority}"
            );
        }
    }

    #[test]
    fn signatures() {
        assert!(decode_signature("NpgCjnDzrM+WFzoENXmpNDUsSn8=").is_some());
        for bad in [
            "",
            "NpgCjnDzrM+WFzoENXmpNDUsSn8",
            "NpgCjnDzrM+WFzoENXmpNDUsSn8==",
            "NpgCjnDzrM-WFzoENXmpNDUsSn8=",
            "NpgCjnDzrM+WFzoENXmpNDUsSn==",
            "é".repeat(14).as_str(),
        ] {
            assert!(decode_signature(bad).is_none(), "{bad:?}");
        }
    }
}
