//! The public SigV2 signer, [`Signer`]: the credentials and settings,
//! and the two outputs with their [`Steps`] for debugging.

use alloc::string::String;
use core::fmt;

use crate::credentials::Credentials;
use crate::encode::{Sink, StringSink};
use crate::error::Result;
use crate::expiry_policy::{self, ExpiryPolicy};
use crate::time::SigningTime;

use super::header::{self, SignedHeaders};
use super::presign::{self, presign_append, PresignedQuery};
use super::request::Request;
use super::settings::{DateFormat, DateHeader};
use super::signature::{mac_for, MacSink, Signature};
use super::string_to_sign::{Mode, StringToSign};

/// The string to sign and the signature of one request, for debugging and
/// for checking against published examples (the same code that signs wrote
/// them).
///
/// ```
/// use awssig::{Credentials, SigningTime};
/// use awssig::v2::{Request, Signer};
/// let signer = Signer::new(Credentials::new("AKID", "secret")?);
/// let steps = signer.presign_steps(&Request::new("GET", "/b/k"), SigningTime::from_unix(0)?, 60)?;
/// assert_eq!(steps.string_to_sign, "GET\n\n\n60\n/b/k");
/// assert_eq!(steps.signature.len(), 28);
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Steps {
    /// The `StringToSign`.
    pub string_to_sign: String,
    /// `Base64(HMAC-SHA1(secret, StringToSign))`.
    pub signature: String,
}

/// Signs S3 requests with SigV2 for one set of credentials.
///
/// `Debug` never shows the secret.
///
/// ```
/// use awssig::{Credentials, SigningTime};
/// use awssig::v2::{Request, Signer};
/// let creds = Credentials::new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")?;
/// let signer = Signer::new(creds);
/// let req = Request::new("GET", "/johnsmith/photos/puppy.jpg");
/// let q = signer.presign(&req, SigningTime::from_unix(1_175_139_620 - 3600)?, 3600)?;
/// assert_eq!(
///     q.as_str(),
///     "AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Signature=NpgCjnDzrM%2BWFzoENXmpNDUsSn8%3D&Expires=1175139620"
/// );
/// assert!(!format!("{signer:?}").contains("wJalr"));
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone)]
pub struct Signer {
    credentials: Credentials,
    date_header: DateHeader,
    date_format: DateFormat,
    expiry_policy: ExpiryPolicy,
}

impl fmt::Debug for Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signer")
            .field("credentials", &self.credentials)
            .field("date_header", &self.date_header)
            .field("date_format", &self.date_format)
            .field("expiry_policy", &self.expiry_policy)
            .finish()
    }
}

impl Signer {
    /// A signer with the defaults: a `Date` header ([`DateHeader::Date`])
    /// in the `GMT` form ([`DateFormat::Gmt`]).
    ///
    /// ```
    /// use awssig::{Credentials, v2::{DateFormat, DateHeader, Signer}};
    /// let signer = Signer::new(Credentials::new("AKID", "secret")?);
    /// assert_eq!(signer.date_header_used(), DateHeader::Date);
    /// assert_eq!(signer.date_format_used(), DateFormat::Gmt);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn new(credentials: Credentials) -> Self {
        Signer {
            credentials,
            date_header: DateHeader::Date,
            date_format: DateFormat::Gmt,
            expiry_policy: ExpiryPolicy::Refuse,
        }
    }

    /// What [`Signer::presign`] does when the credentials expire before
    /// the URL would (see [`ExpiryPolicy`]): refuse (the default) or clamp
    /// `Expires` to their end.
    ///
    /// ```
    /// use awssig::{Credentials, ExpiryPolicy, SigningTime};
    /// use awssig::v2::{Request, Signer};
    /// let creds = Credentials::new("ASIAEXAMPLE", "secret")?.expiring_at(SigningTime::from_unix(1_000)?);
    /// let signer = Signer::new(creds).expiry_policy(ExpiryPolicy::Clamp);
    /// let q = signer.presign(&Request::new("GET", "/b/k"), SigningTime::from_unix(400)?, 3600)?;
    /// assert!(q.as_str().ends_with("&Expires=1000"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn expiry_policy(mut self, policy: ExpiryPolicy) -> Self {
        self.expiry_policy = policy;
        self
    }

    /// The lifetime [`Signer::presign`] signs for: `expires_in`, checked,
    /// with the [`ExpiryPolicy`] applied.
    fn lifetime(&self, time: SigningTime, expires_in: u64) -> Result<u64> {
        expiry_policy::signer_lifetime(
            &self.credentials,
            time,
            expires_in,
            self.expiry_policy,
            || presign::expires_at(&time, expires_in).map(|_| ()),
        )
    }

    /// Which header carries the time in header signing; see [`DateHeader`].
    ///
    /// ```
    /// use awssig::{Credentials, v2::{DateHeader, Signer}};
    /// let signer = Signer::new(Credentials::new("AKID", "secret")?).date_header(DateHeader::XAmzDate);
    /// assert_eq!(signer.date_header_used(), DateHeader::XAmzDate);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn date_header(mut self, header: DateHeader) -> Self {
        self.date_header = header;
        self
    }

    /// How the date is written; see [`DateFormat`].
    ///
    /// ```
    /// use awssig::{Credentials, v2::{DateFormat, Signer}};
    /// let signer = Signer::new(Credentials::new("AKID", "secret")?).date_format(DateFormat::NumericOffset);
    /// assert_eq!(signer.date_format_used(), DateFormat::NumericOffset);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn date_format(mut self, format: DateFormat) -> Self {
        self.date_format = format;
        self
    }

    /// The date header used in header signing.
    ///
    /// ```
    /// # use awssig::{Credentials, v2::{DateHeader, Signer}};
    /// assert_eq!(Signer::new(Credentials::new("AKID", "s")?).date_header_used(), DateHeader::Date);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn date_header_used(&self) -> DateHeader {
        self.date_header
    }

    /// The date format used in header signing.
    ///
    /// ```
    /// # use awssig::{Credentials, v2::{DateFormat, Signer}};
    /// assert_eq!(Signer::new(Credentials::new("AKID", "s")?).date_format_used(), DateFormat::Gmt);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn date_format_used(&self) -> DateFormat {
        self.date_format
    }

    /// The credentials.
    ///
    /// ```
    /// # use awssig::{Credentials, v2::Signer};
    /// assert_eq!(Signer::new(Credentials::new("AKID", "s")?).credentials().access_key_id(), "AKID");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    fn mac(&self) -> MacSink {
        mac_for(self.credentials.secret_access_key().as_bytes())
    }

    fn sign_sts(&self, sts: &StringToSign<'_>) -> Signature {
        let mut mac = self.mac();
        sts.write(&mut mac);
        mac.finish()
    }

    fn steps(&self, sts: &StringToSign<'_>) -> Steps {
        let mut string_to_sign = String::new();
        sts.write(&mut StringSink(&mut string_to_sign));
        Steps {
            string_to_sign,
            signature: String::from(self.sign_sts(sts).as_str()),
        }
    }

    /// `Base64(HMAC-SHA1(secret, text))`: the SigV2 signature of any text,
    /// e.g. the base64 policy of a browser POST form, or a string to sign
    /// built elsewhere.
    ///
    /// ```
    /// use awssig::{Credentials, v2::Signer};
    /// let signer = Signer::new(Credentials::new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")?);
    /// assert_eq!(
    ///     signer.sign_string("GET\n\n\nTue, 27 Mar 2007 19:36:42 +0000\n/johnsmith/photos/puppy.jpg"),
    ///     "bWq2s1WEIj+Ydj0vQ697zp+IXMU="
    /// );
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn sign_string(&self, text: &str) -> String {
        let mut mac = self.mac();
        mac.put(text.as_bytes());
        String::from(mac.finish().as_str())
    }

    fn header_mode(&self, time: SigningTime) -> Mode {
        Mode::Header {
            time,
            date_header: self.date_header,
            format: self.date_format,
        }
    }

    /// Signs a request for the `Authorization` header. Returns the headers
    /// to add: the date header (`Date` or `x-amz-date`, replacing any the
    /// request has), `x-amz-security-token` with temporary credentials, and
    /// `Authorization: AWS AKID:signature`.
    ///
    /// Credentials already expired at `time` ([`Credentials::expires_at`])
    /// are an [`ErrorKind::CredentialsExpire`](crate::ErrorKind::CredentialsExpire)
    /// error: the request could only be refused.
    ///
    /// ```
    /// use awssig::{Credentials, SigningTime};
    /// use awssig::v2::{Request, Signer};
    /// let creds = Credentials::new("AKID", "secret")?.with_session_token("token")?;
    /// let h = [("Content-Type", "text/plain"), ("x-amz-meta-a", " 1 ")];
    /// let req = Request::new("PUT", "/bucket/key").headers(&h);
    /// let signed = Signer::new(creds).sign_headers(&req, SigningTime::from_unix(0)?)?;
    /// let names: Vec<&str> = signed.iter().map(|(n, _)| n).collect();
    /// assert_eq!(names, ["date", "x-amz-security-token", "authorization"]);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn sign_headers(&self, req: &Request<'_>, time: SigningTime) -> Result<SignedHeaders> {
        expiry_policy::check_alive(&self.credentials, time)?;
        let token = self.credentials.session_token();
        let sts = StringToSign::new(req, self.header_mode(time), token)?;
        let signature = self.sign_sts(&sts);
        Ok(header::signed_headers(
            self.credentials.access_key_id(),
            token,
            self.date_header,
            self.date_format,
            &time,
            signature,
        ))
    }

    /// The string to sign and signature of [`Signer::sign_headers`].
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime};
    /// # use awssig::v2::{DateHeader, Request, Signer};
    /// let signer = Signer::new(Credentials::new("AKID", "secret")?).date_header(DateHeader::XAmzDate);
    /// let steps = signer.sign_headers_steps(&Request::new("GET", "/b/k"), SigningTime::from_unix(0)?)?;
    /// assert_eq!(steps.string_to_sign, "GET\n\n\n\nx-amz-date:Thu, 01 Jan 1970 00:00:00 GMT\n/b/k");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn sign_headers_steps(&self, req: &Request<'_>, time: SigningTime) -> Result<Steps> {
        expiry_policy::check_alive(&self.credentials, time)?;
        let sts = StringToSign::new(
            req,
            self.header_mode(time),
            self.credentials.session_token(),
        )?;
        Ok(self.steps(&sts))
    }

    /// Presigns a request: the query string that makes its URL usable until
    /// `time + expires_in` (the absolute `Expires`, in seconds since the
    /// epoch). `expires_in` must be at least 1; SigV2 sets no maximum.
    ///
    /// The `x-amz-*`, `Content-Type` and `Content-MD5` headers of the
    /// request are signed and carried in the query with lowercase names.
    /// Any other header but `Host` (`Range`, `If-Match`, `Date`, …) cannot
    /// be carried by a SigV2 URL and is an [`ErrorKind::UnsupportedHeader`](crate::ErrorKind::UnsupportedHeader)
    /// error, never silently dropped; so is a header given twice.
    ///
    /// The query is the request's own query (as given), then
    /// `AWSAccessKeyId`, `Signature`, the carried headers (in request
    /// order), `x-amz-security-token` (temporary credentials) and
    /// `Expires`, botocore's order.
    ///
    /// With credentials that expire before `time + expires_in`
    /// ([`Credentials::expires_at`]) it is an
    /// [`ErrorKind::CredentialsExpire`](crate::ErrorKind::CredentialsExpire)
    /// error, or `Expires` is clamped to their end: see
    /// [`Signer::expiry_policy`].
    ///
    /// ```
    /// use awssig::{Credentials, ErrorKind, SigningTime};
    /// use awssig::v2::{Request, Signer};
    /// let signer = Signer::new(Credentials::new("AKID", "secret")?);
    /// let t = SigningTime::from_unix(1_700_000_000)?;
    /// let q = [("response-content-type", "text/plain")];
    /// let url = signer.presign(&Request::new("GET", "/b/k").query_pairs(&q), t, 600)?;
    /// assert!(url.as_str().starts_with("response-content-type=text%2Fplain&AWSAccessKeyId=AKID&Signature="));
    /// assert!(url.as_str().ends_with("&Expires=1700000600"));
    ///
    /// let range = [("Range", "bytes=0-9")];
    /// let err = signer.presign(&Request::new("GET", "/b/k").headers(&range), t, 600).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::UnsupportedHeader);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn presign(
        &self,
        req: &Request<'_>,
        time: SigningTime,
        expires_in: u64,
    ) -> Result<PresignedQuery> {
        let expires_in = self.lifetime(time, expires_in)?;
        let token = self.credentials.session_token();
        let mut query = String::with_capacity(
            128 + self.credentials.access_key_id().len() + token.map_or(0, |t| t.len() * 2),
        );
        let (expires, signature) =
            presign_append(&self.credentials, req, time, expires_in, &mut query)?;
        Ok(presign::PresignedQuery::new(query, expires, signature))
    }

    /// The string to sign and signature of [`Signer::presign`].
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime};
    /// # use awssig::v2::{Request, Signer};
    /// let signer = Signer::new(Credentials::new("AKID", "secret")?.with_session_token("tok")?);
    /// let h = [("x-amz-meta-x", "1")];
    /// let steps = signer.presign_steps(&Request::new("PUT", "/b/k").headers(&h), SigningTime::from_unix(0)?, 5)?;
    /// assert_eq!(steps.string_to_sign, "PUT\n\n\n5\nx-amz-meta-x:1\nx-amz-security-token:tok\n/b/k");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn presign_steps(
        &self,
        req: &Request<'_>,
        time: SigningTime,
        expires_in: u64,
    ) -> Result<Steps> {
        let expires_in = self.lifetime(time, expires_in)?;
        let expires = presign::expires_at(&time, expires_in)?;
        let sts = StringToSign::new(
            req,
            Mode::Presign { expires },
            self.credentials.session_token(),
        )?;
        Ok(self.steps(&sts))
    }
}
