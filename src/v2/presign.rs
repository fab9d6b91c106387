//! Output 2: the query string of a SigV2 presigned URL.
//!
//! The request's own query comes first, as given, then the signature's
//! parameters in botocore's order: `AWSAccessKeyId`, `Signature`, the
//! carried headers (`x-amz-*`, `content-type`, `content-md5`, lowercase, in
//! request order), `x-amz-security-token` (temporary credentials),
//! `Expires`. Names and values are percent-encoded with the crate's one
//! RFC 3986 encoder (`+` → `%2B`, `/` → `%2F`, `=` → `%3D`).
//!
//! ```
//! use awssig::{Credentials, SigningTime};
//! use awssig::v2::{Request, Signer};
//! let signer = Signer::new(Credentials::new("AKID", "secret")?.with_session_token("a/b+c")?);
//! let h = [("Content-Type", "text/plain"), ("X-Amz-Meta-Note", "two words")];
//! let q = signer.presign(&Request::new("PUT", "/b/k").headers(&h), SigningTime::from_unix(100)?, 20)?;
//! let s = q.as_str();
//! assert!(s.starts_with("AWSAccessKeyId=AKID&Signature="));
//! assert!(s.ends_with("&content-type=text%2Fplain&x-amz-meta-note=two%20words&x-amz-security-token=a%2Fb%2Bc&Expires=120"));
//! # Ok::<(), awssig::Error>(())
//! ```

use alloc::string::String;
use core::fmt;

use crate::encode::{self, Sink, StringSink};
use crate::error::{Error, ErrorKind, Result};
use crate::syntax::{self, Query};
use crate::time::SigningTime;

use super::request::Request;
use super::signature::{mac_for, Signature};
use super::string_to_sign::{classify, HeaderClass, Mode, StringToSign};
use crate::credentials::Credentials;

/// A SigV2 presigned query string, ready to follow `?` in the URL.
///
/// ```
/// use awssig::{Credentials, SigningTime};
/// use awssig::v2::{Request, Signer};
/// let signer = Signer::new(Credentials::new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")?);
/// let q = signer.presign(&Request::new("GET", "/johnsmith/photos/puppy.jpg"), SigningTime::from_unix(1_175_139_000)?, 620)?;
/// assert_eq!(q.signature(), "NpgCjnDzrM+WFzoENXmpNDUsSn8=");
/// assert_eq!(q.expires(), 1_175_139_620);
/// let url = format!("https://johnsmith.s3.amazonaws.com/photos/puppy.jpg?{q}");
/// assert!(url.ends_with("&Signature=NpgCjnDzrM%2BWFzoENXmpNDUsSn8%3D&Expires=1175139620"));
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct PresignedQuery {
    query: String,
    expires: u64,
    signature: Signature,
}

impl PresignedQuery {
    pub(crate) fn new(query: String, expires: u64, signature: Signature) -> Self {
        PresignedQuery {
            query,
            expires,
            signature,
        }
    }

    /// The query string, without the leading `?`.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime};
    /// # use awssig::v2::{Request, Signer};
    /// # let signer = Signer::new(Credentials::new("AKID", "secret")?);
    /// let q = signer.presign(&Request::new("GET", "/b/k"), SigningTime::from_unix(0)?, 60)?;
    /// assert!(q.as_str().ends_with("&Expires=60"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn as_str(&self) -> &str {
        &self.query
    }

    /// The signature, base64 (28 characters; the query carries it
    /// percent-encoded).
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime};
    /// # use awssig::v2::{Request, Signer};
    /// # let signer = Signer::new(Credentials::new("AKID", "secret")?);
    /// let q = signer.presign(&Request::new("GET", "/b/k"), SigningTime::from_unix(0)?, 60)?;
    /// assert_eq!(q.signature().len(), 28);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn signature(&self) -> &str {
        self.signature.as_str()
    }

    /// The absolute expiry, seconds since the epoch (the `Expires` value).
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime};
    /// # use awssig::v2::{Request, Signer};
    /// # let signer = Signer::new(Credentials::new("AKID", "secret")?);
    /// let q = signer.presign(&Request::new("GET", "/b/k"), SigningTime::from_unix(1_000)?, 60)?;
    /// assert_eq!(q.expires(), 1_060);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn expires(&self) -> u64 {
        self.expires
    }

    /// The absolute expiry as an instant: when the URL stops working
    /// (after a clamping [`crate::ExpiryPolicy`], the credentials' end).
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime};
    /// # use awssig::v2::{Request, Signer};
    /// # let signer = Signer::new(Credentials::new("AKID", "secret")?);
    /// let q = signer.presign(&Request::new("GET", "/b/k"), SigningTime::from_unix(1_000)?, 60)?;
    /// assert_eq!(q.expires_at().unix(), 1_060);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn expires_at(&self) -> SigningTime {
        // At most MAX_EXPIRES: always an instant.
        SigningTime::EPOCH.plus_saturating(self.expires)
    }

    /// The query string, owned.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime};
    /// # use awssig::v2::{Request, Signer};
    /// # let signer = Signer::new(Credentials::new("AKID", "secret")?);
    /// let q: String = signer.presign(&Request::new("GET", "/b/k"), SigningTime::from_unix(0)?, 60)?.into_string();
    /// assert!(q.starts_with("AWSAccessKeyId=AKID&"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn into_string(self) -> String {
        self.query
    }
}

impl fmt::Debug for PresignedQuery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("PresignedQuery").field(&self.query).finish()
    }
}

impl fmt::Display for PresignedQuery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.query)
    }
}

/// The latest SigV2 `Expires` accepted: 9999-12-31T23:59:59Z, the last
/// instant the verifier (and `SigningTime`) can represent.
const MAX_EXPIRES: i64 = 253_402_300_799;

/// `time + expires_in`, checked: `expires_in` at least 1 and the result a
/// number of seconds since the epoch no later than the year 9999.
pub(crate) fn expires_at(time: &SigningTime, expires_in: u64) -> Result<u64> {
    if expires_in == 0 {
        return Err(Error::new(
            ErrorKind::InvalidExpiry,
            "expires_in 0 s is below the minimum of 1 s",
        ));
    }
    let at = i64::try_from(expires_in)
        .ok()
        .and_then(|e| time.unix().checked_add(e))
        .filter(|at| *at <= MAX_EXPIRES)
        .and_then(|at| u64::try_from(at).ok());
    at.ok_or_else(|| {
        Error::new(
            ErrorKind::InvalidExpiry,
            alloc::format!(
                "signing time {} + expires_in {expires_in} s is not a valid SigV2 Expires (seconds since 1970, at most {MAX_EXPIRES}: the end of the year 9999)",
                time.unix()
            ),
        )
    })
}

fn put_param<S: Sink + ?Sized>(out: &mut S, name: &[u8], value: &[u8]) {
    out.put(b"&");
    out.put(name);
    out.put(b"=");
    encode::encode(out, value, false);
}

/// Appends the query to `out`; the request was validated by the string
/// to sign.
pub(crate) fn write_query(
    out: &mut String,
    req: &Request<'_>,
    access_key_id: &str,
    token: Option<&str>,
    expires: u64,
    signature: &Signature,
) {
    let mut s = StringSink(out);
    match req.query {
        Query::Raw(raw) => {
            if !raw.is_empty() {
                s.put(raw.as_bytes());
                if !raw.ends_with('&') {
                    s.put(b"&");
                }
            }
        }
        Query::Pairs(pairs) => {
            for (n, v) in pairs.iter() {
                encode::encode(&mut s, n.as_bytes(), false);
                if !v.is_empty() {
                    s.put(b"=");
                    encode::encode(&mut s, v.as_bytes(), false);
                }
                s.put(b"&");
            }
        }
    }
    s.put(b"AWSAccessKeyId=");
    encode::encode(&mut s, access_key_id.as_bytes(), false);
    s.put(b"&Signature=");
    encode::encode(&mut s, &signature.b64, false);
    for &(name, value) in req.headers {
        let carried = match classify(name) {
            HeaderClass::ContentMd5
            | HeaderClass::ContentType
            | HeaderClass::XAmzDate
            | HeaderClass::Amz => true,
            HeaderClass::SecurityToken => token.is_none(),
            _ => false,
        };
        if carried {
            s.put(b"&");
            // Header names are HTTP tokens, lowercased as botocore writes
            // them; the rare non-unreserved marks (`!#$%&'*+^`|`) are encoded.
            if name.bytes().all(encode::is_unreserved) {
                syntax::write_lower(&mut s, name.as_bytes());
            } else {
                syntax::write_lower(&mut encode::Encoding(&mut s), name.as_bytes());
            }
            s.put(b"=");
            encode::encode(&mut s, value.as_bytes(), false);
        }
    }
    if let Some(t) = token {
        put_param(&mut s, b"x-amz-security-token", t.as_bytes());
    }
    s.put(b"&Expires=");
    let mut digits = [0u8; 20];
    s.put(encode::decimal(expires, &mut digits));
}

/// Presigns for the S3 API: appends the query (without `?`) to `out` and
/// returns the absolute expiry and the signature.
pub(crate) fn presign_append(
    credentials: &Credentials,
    req: &Request<'_>,
    time: SigningTime,
    expires_in: u64,
    out: &mut String,
) -> Result<(u64, Signature)> {
    let expires = expires_at(&time, expires_in)?;
    let token = credentials.session_token();
    let sts = StringToSign::new(req, Mode::Presign { expires }, token)?;
    let mut mac = mac_for(credentials.secret_access_key().as_bytes());
    sts.write(&mut mac);
    let signature = mac.finish();
    write_query(
        out,
        req,
        credentials.access_key_id(),
        token,
        expires,
        &signature,
    );
    Ok((expires, signature))
}
