//! The comparison: the first line where the server's texts differ from
//! awssig's, and what that line says about the cause.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use super::ServerSteps;
use crate::v4::Steps;

/// Which text the first difference is in.
///
/// ```
/// use awssig::explain::Step;
/// assert_ne!(Step::CanonicalRequest, Step::StringToSign);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Step {
    /// The canonical request (step 1).
    CanonicalRequest,
    /// The string to sign (step 2).
    StringToSign,
    /// Neither text differs: only the signature (step 4).
    Signature,
}

/// The likely cause of a difference.
///
/// ```
/// assert_eq!(awssig::explain::Cause::PathEncoding.as_str(), "path encoding");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Cause {
    /// The method differs.
    Method,
    /// The path was sent encoded differently from how it was signed
    /// (`+` for a space, `%2F` decoded, a second encoding, dot segments
    /// resolved).
    PathEncoding,
    /// The query was sent encoded differently from how it was signed, or
    /// a parameter was added, dropped or changed.
    QueryEncoding,
    /// A signed header arrived with another value, or arrived when the
    /// request as given has none (a proxy or client library changed or
    /// added it).
    HeaderChanged,
    /// The request carries a header its signature did not sign (added
    /// after signing, or left out of `SignedHeaders`).
    HeaderNotSigned,
    /// The payload hash differs: the body changed, or was signed as
    /// another kind (`UNSIGNED-PAYLOAD`, streaming).
    Payload,
    /// The signing time differs (`X-Amz-Date`, `Date`, or the scope's
    /// date): a clock, a retry that re-stamped the date, a proxy.
    Time,
    /// The credential scope names another region.
    Region,
    /// The credential scope names another service, or is malformed.
    Scope,
    /// Both texts agree: the secret key differs (the client's, or the one
    /// the server has for the access key id).
    Secret,
    /// The canonical requests differ (their hashes in the string to sign)
    /// but the server did not return its canonical request.
    CanonicalRequest,
}

impl Cause {
    /// A short name.
    ///
    /// ```
    /// assert_eq!(awssig::explain::Cause::HeaderNotSigned.as_str(), "header not signed");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Cause::Method => "method",
            Cause::PathEncoding => "path encoding",
            Cause::QueryEncoding => "query encoding",
            Cause::HeaderChanged => "header changed in transit",
            Cause::HeaderNotSigned => "header not signed",
            Cause::Payload => "payload",
            Cause::Time => "time",
            Cause::Region => "region",
            Cause::Scope => "scope",
            Cause::Secret => "secret",
            Cause::CanonicalRequest => "canonical request",
        }
    }

    fn advice(self) -> &'static str {
        match self {
            Cause::Method => "the request was sent with another method than the one signed",
            Cause::PathEncoding => "the path was sent encoded differently from how it was signed (a space as '+', '%2F' decoded or encoded twice, dot segments resolved): sign the path exactly as it goes on the wire",
            Cause::QueryEncoding => "the query was sent differently from how it was signed (encoded twice, '+' for a space, a parameter added or dropped): sign the query exactly as it goes on the wire",
            Cause::HeaderChanged => "a signed header arrived with another value, or was added, on the way (a proxy, a load balancer or the HTTP library): sign the value that is sent, or stop signing that header",
            Cause::HeaderNotSigned => "the request carries a header its signature did not cover (added after signing, or left out of SignedHeaders): sign it, or do not send it",
            Cause::Payload => "the body's hash differs from the signed one (the body changed, or the server expected UNSIGNED-PAYLOAD or a streaming payload)",
            Cause::Time => "the signing time differs (X-Amz-Date changed, a retry re-stamped it, or the clocks differ): sign with the time that is sent",
            Cause::Region => "the credential scope names another region than the endpoint's: sign with the bucket's or endpoint's region",
            Cause::Scope => "the credential scope names another service (or is malformed): sign for the service the endpoint is (s3, execute-api, …)",
            Cause::Secret => "the canonical request and the string to sign agree: the secret access key differs from the one the server has for this access key id",
            Cause::CanonicalRequest => "the canonical requests differ but the server did not return its own: get it (S3's CanonicalRequest, Ceph's log at debug_rgw 10) to see which line",
        }
    }
}

impl fmt::Display for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The first difference and its likely cause.
///
/// ```
/// use awssig::{Credentials, SigningTime};
/// use awssig::explain::{explain, Cause, ServerSteps, Step};
/// use awssig::v4::{Request, Signer, SigningSettings};
/// let signer = Signer::new(Credentials::new("AKID", "secret")?, SigningSettings::s3("us-east-1"))?;
/// let h = [("host", "b.s3.amazonaws.com")];
/// let ours = signer.sign_headers_steps(&Request::new("GET", "/k").headers(&h), SigningTime::from_unix(0)?)?;
/// let same = ServerSteps::new(Some(ours.canonical_request.clone()), Some(ours.string_to_sign.clone()));
/// let found = explain(&ours, &same);
/// assert_eq!((found.cause(), found.step()), (Cause::Secret, Step::Signature));
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explanation {
    cause: Cause,
    step: Step,
    line: usize,
    ours: String,
    theirs: String,
    name: Option<String>,
}

impl Explanation {
    /// The likely cause.
    ///
    /// ```
    /// # use awssig::explain::{explain, Cause, ServerSteps};
    /// # let ours = awssig::v4::Signer::new(awssig::Credentials::new("AKID", "s")?, awssig::v4::SigningSettings::s3("us-east-1"))?
    /// #     .sign_headers_steps(&awssig::v4::Request::new("GET", "/").headers(&[("host", "h")]), awssig::SigningTime::from_unix(0)?)?;
    /// let theirs = ServerSteps::new(Some(ours.canonical_request.replacen("GET", "PUT", 1)), None);
    /// assert_eq!(explain(&ours, &theirs).cause(), Cause::Method);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn cause(&self) -> Cause {
        self.cause
    }

    /// The text the difference is in.
    ///
    /// ```
    /// # use awssig::explain::{explain, ServerSteps, Step};
    /// # let ours = awssig::v4::Signer::new(awssig::Credentials::new("AKID", "s")?, awssig::v4::SigningSettings::s3("us-east-1"))?
    /// #     .sign_headers_steps(&awssig::v4::Request::new("GET", "/").headers(&[("host", "h")]), awssig::SigningTime::from_unix(0)?)?;
    /// let theirs = ServerSteps::new(None, Some(ours.string_to_sign.replacen("us-east-1", "eu-west-1", 1)));
    /// assert_eq!(explain(&ours, &theirs).step(), Step::StringToSign);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn step(&self) -> Step {
        self.step
    }

    /// The line (from 1) of that text where the first difference is; 0
    /// when the texts agree.
    ///
    /// ```
    /// # use awssig::explain::{explain, ServerSteps};
    /// # let ours = awssig::v4::Signer::new(awssig::Credentials::new("AKID", "s")?, awssig::v4::SigningSettings::s3("us-east-1"))?
    /// #     .sign_headers_steps(&awssig::v4::Request::new("GET", "/").headers(&[("host", "h")]), awssig::SigningTime::from_unix(0)?)?;
    /// let theirs = ServerSteps::new(None, Some(ours.string_to_sign.replacen("us-east-1", "eu-west-1", 1)));
    /// assert_eq!(explain(&ours, &theirs).line(), 3);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn line(&self) -> usize {
        self.line
    }

    /// awssig's text of that line.
    ///
    /// ```
    /// # use awssig::explain::{explain, ServerSteps};
    /// # let ours = awssig::v4::Signer::new(awssig::Credentials::new("AKID", "s")?, awssig::v4::SigningSettings::s3("us-east-1"))?
    /// #     .sign_headers_steps(&awssig::v4::Request::new("GET", "/").headers(&[("host", "h")]), awssig::SigningTime::from_unix(0)?)?;
    /// let theirs = ServerSteps::new(None, Some(ours.string_to_sign.replacen("us-east-1", "eu-west-1", 1)));
    /// assert_eq!(explain(&ours, &theirs).ours(), "19700101/us-east-1/s3/aws4_request");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn ours(&self) -> &str {
        &self.ours
    }

    /// The server's text of that line.
    ///
    /// ```
    /// # use awssig::explain::{explain, ServerSteps};
    /// # let ours = awssig::v4::Signer::new(awssig::Credentials::new("AKID", "s")?, awssig::v4::SigningSettings::s3("us-east-1"))?
    /// #     .sign_headers_steps(&awssig::v4::Request::new("GET", "/").headers(&[("host", "h")]), awssig::SigningTime::from_unix(0)?)?;
    /// let theirs = ServerSteps::new(None, Some(ours.string_to_sign.replacen("us-east-1", "eu-west-1", 1)));
    /// assert_eq!(explain(&ours, &theirs).theirs(), "19700101/eu-west-1/s3/aws4_request");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn theirs(&self) -> &str {
        &self.theirs
    }

    /// The header or query parameter concerned, when one is.
    ///
    /// ```
    /// # use awssig::explain::{explain, Cause, ServerSteps};
    /// # let ours = awssig::v4::Signer::new(awssig::Credentials::new("AKID", "s")?, awssig::v4::SigningSettings::s3("us-east-1"))?
    /// #     .sign_headers_steps(&awssig::v4::Request::new("GET", "/").headers(&[("host", "h")]), awssig::SigningTime::from_unix(0)?)?;
    /// let theirs = ServerSteps::new(Some(ours.canonical_request.replacen("host:h", "host:h2", 1)), None);
    /// let found = explain(&ours, &theirs);
    /// assert_eq!((found.cause(), found.name()), (Cause::HeaderChanged, Some("host")));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }
}

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.step {
            Step::Signature => {
                f.write_str("the canonical request and the string to sign match the server's")?
            }
            step => {
                let text = match step {
                    Step::CanonicalRequest => "canonical request",
                    _ => "string to sign",
                };
                write!(
                    f,
                    "{text} line {} differs:\n  awssig: {}\n  server: {}",
                    self.line, self.ours, self.theirs
                )?;
            }
        }
        write!(f, "\nlikely cause: {}", self.cause)?;
        if let Some(name) = &self.name {
            write!(f, " ({name})")?;
        }
        write!(f, ": {}", self.cause.advice())
    }
}

fn found(cause: Cause, step: Step, line: usize, ours: &str, theirs: &str) -> Explanation {
    Explanation {
        cause,
        step,
        line,
        ours: String::from(ours),
        theirs: String::from(theirs),
        name: None,
    }
}

fn named(mut e: Explanation, name: &str) -> Explanation {
    e.name = Some(String::from(name));
    e
}

/// Compares awssig's `ours` with what the server computed, and names
/// the first difference (the canonical request first, then the string
/// to sign) and its likely cause.
///
/// ```
/// use awssig::{Credentials, SigningTime};
/// use awssig::explain::{explain, Cause, ServerSteps};
/// use awssig::v4::{Request, Signer, SigningSettings};
/// let signer = Signer::new(Credentials::new("AKID", "secret")?, SigningSettings::s3("us-east-1"))?;
/// let h = [("host", "b.s3.amazonaws.com"), ("content-type", "text/plain")];
/// let ours = signer.sign_headers_steps(&Request::new("PUT", "/k").headers(&h), SigningTime::from_unix(0)?)?;
/// // The server's request did not sign content-type.
/// let theirs = ours.canonical_request.replacen("content-type:text/plain\n", "", 1).replacen("content-type;", "", 1);
/// let found = explain(&ours, &ServerSteps::new(Some(theirs), None));
/// assert_eq!((found.cause(), found.name()), (Cause::HeaderNotSigned, Some("content-type")));
/// # Ok::<(), awssig::Error>(())
/// ```
pub fn explain(ours: &Steps, server: &ServerSteps) -> Explanation {
    if let Some(theirs) = server.canonical_request() {
        if let Some(e) = compare_canonical(&ours.canonical_request, theirs) {
            return e;
        }
    }
    if let Some(theirs) = server.string_to_sign() {
        if let Some(e) = compare_string_to_sign(&ours.string_to_sign, theirs) {
            return e;
        }
    }
    found(Cause::Secret, Step::Signature, 0, "", "")
}

/// Lines without a trailing `\r` (a log or body copied on Windows).
fn lines(text: &str) -> Vec<&str> {
    text.split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect()
}

fn header_name(line: &str) -> &str {
    line.split_once(':').map_or(line, |(n, _)| n)
}

fn compare_canonical(ours: &str, theirs: &str) -> Option<Explanation> {
    let (a, b) = (lines(ours), lines(theirs));
    let cr = Step::CanonicalRequest;
    let i = (0..a.len().max(b.len())).find(|&i| a.get(i) != b.get(i))?;
    let (x, y) = (
        a.get(i).copied().unwrap_or(""),
        b.get(i).copied().unwrap_or(""),
    );
    let e = |cause| found(cause, cr, i + 1, x, y);
    // The headers run from line 4 to the empty line.
    let headers_end = |l: &[&str]| l.iter().skip(3).position(|s| s.is_empty()).map(|p| p + 3);
    let (end_a, end_b) = (headers_end(&a), headers_end(&b));
    Some(match i {
        0 => e(Cause::Method),
        1 => e(Cause::PathEncoding),
        2 => compare_query(x, y, i + 1),
        _ if Some(i) == end_a.map(|e| e + 1) && end_a == end_b => {
            // The signed-header lists differ with the same header lines.
            e(Cause::HeaderNotSigned)
        }
        _ if Some(i) == end_a.map(|e| e + 2) && end_a == end_b => e(Cause::Payload),
        _ => {
            let ours_names: Vec<&str> = a
                .iter()
                .skip(3)
                .take_while(|l| !l.is_empty())
                .map(|l| header_name(l))
                .collect();
            let their_names: Vec<&str> = b
                .iter()
                .skip(3)
                .take_while(|l| !l.is_empty())
                .map(|l| header_name(l))
                .collect();
            let (nx, ny) = (header_name(x), header_name(y));
            if !x.is_empty() && nx == ny {
                let cause = match nx {
                    "x-amz-date" | "date" => Cause::Time,
                    "x-amz-content-sha256" => Cause::Payload,
                    _ => Cause::HeaderChanged,
                };
                named(e(cause), nx)
            } else if !x.is_empty() && !their_names.contains(&nx) {
                named(e(Cause::HeaderNotSigned), nx)
            } else if !y.is_empty() && !ours_names.contains(&ny) {
                named(e(Cause::HeaderChanged), ny)
            } else {
                e(Cause::HeaderChanged)
            }
        }
    })
}

/// The first parameter that differs between two canonical query lines.
fn compare_query(ours: &str, theirs: &str, line: usize) -> Explanation {
    let a: Vec<&str> = ours.split('&').collect();
    let b: Vec<&str> = theirs.split('&').collect();
    let diff = (0..a.len().max(b.len())).find(|&i| a.get(i) != b.get(i));
    let e = found(
        Cause::QueryEncoding,
        Step::CanonicalRequest,
        line,
        ours,
        theirs,
    );
    let Some(i) = diff else { return e };
    fn name<'q>(p: Option<&&'q str>) -> Option<&'q str> {
        p.map(|p| p.split_once('=').map_or(*p, |(n, _)| n))
    }
    let (na, nb) = (name(a.get(i)), name(b.get(i)));
    match (na, nb) {
        (Some("X-Amz-Date"), Some("X-Amz-Date")) => named(
            Explanation {
                cause: Cause::Time,
                ..e
            },
            "X-Amz-Date",
        ),
        (Some("X-Amz-Credential"), Some("X-Amz-Credential")) => {
            let part = |p: &str| -> Vec<String> {
                p.split_once('=')
                    .map_or("", |(_, v)| v)
                    .split("%2F")
                    .map(String::from)
                    .collect()
            };
            let (pa, pb) = (part(a[i]), part(b[i]));
            let cause = if pa.get(1) != pb.get(1) {
                Cause::Time
            } else if pa.get(2) != pb.get(2) {
                Cause::Region
            } else {
                Cause::Scope
            };
            named(Explanation { cause, ..e }, "X-Amz-Credential")
        }
        (Some(n), _) | (None, Some(n)) => named(e, n),
        _ => e,
    }
}

fn compare_string_to_sign(ours: &str, theirs: &str) -> Option<Explanation> {
    let (a, b) = (lines(ours), lines(theirs));
    let i = (0..a.len().max(b.len())).find(|&i| a.get(i) != b.get(i))?;
    let (x, y) = (
        a.get(i).copied().unwrap_or(""),
        b.get(i).copied().unwrap_or(""),
    );
    let e = |cause| found(cause, Step::StringToSign, i + 1, x, y);
    Some(match i {
        0 => e(Cause::Scope),
        1 => e(Cause::Time),
        2 => {
            let (pa, pb): (Vec<&str>, Vec<&str>) = (x.split('/').collect(), y.split('/').collect());
            if pa.first() != pb.first() {
                e(Cause::Time)
            } else if pa.get(1) != pb.get(1) {
                e(Cause::Region)
            } else {
                e(Cause::Scope)
            }
        }
        _ => e(Cause::CanonicalRequest),
    })
}
