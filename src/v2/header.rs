//! Output 1: the headers of a header-signed request: the date header
//! (`Date`, or `x-amz-date`, see [`super::DateHeader`]),
//! `x-amz-security-token` with temporary credentials, and
//! `Authorization: AWS AccessKeyId:Signature`.
//!
//! ```
//! use awssig::{Credentials, SigningTime};
//! use awssig::v2::{Request, Signer};
//! let signer = Signer::new(Credentials::new("AKID", "secret")?);
//! let signed = signer.sign_headers(&Request::new("GET", "/b/k"), SigningTime::from_unix(0)?)?;
//! assert!(signed.authorization().starts_with("AWS AKID:"));
//! # Ok::<(), awssig::Error>(())
//! ```

use alloc::string::String;
use core::fmt;

use crate::encode::{Sink, StringSink};
use crate::time::SigningTime;

use super::settings::{DateFormat, DateHeader};
use super::signature::Signature;

/// The headers to add to a request signed with [`super::Signer::sign_headers`].
///
/// ```
/// use awssig::{Credentials, SigningTime};
/// use awssig::v2::{Request, Signer};
/// let signer = Signer::new(Credentials::new("AKID", "secret")?);
/// let signed = signer.sign_headers(&Request::new("GET", "/b/k"), SigningTime::from_unix(0)?)?;
/// let names: Vec<&str> = signed.iter().map(|(name, _)| name).collect();
/// assert_eq!(names, ["date", "authorization"]);
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct SignedHeaders {
    date_header: DateHeader,
    date: String,
    security_token: Option<String>,
    authorization: String,
    signature: Signature,
}

pub(crate) fn signed_headers(
    access_key_id: &str,
    token: Option<&str>,
    date_header: DateHeader,
    format: DateFormat,
    time: &SigningTime,
    signature: Signature,
) -> SignedHeaders {
    let mut date = String::with_capacity(31);
    time.write_rfc1123(&mut StringSink(&mut date), format.zone());
    let mut authorization = String::with_capacity(5 + access_key_id.len() + 28);
    let mut out = StringSink(&mut authorization);
    out.put(b"AWS ");
    out.put(access_key_id.as_bytes());
    out.put(b":");
    out.put(&signature.b64);
    SignedHeaders {
        date_header,
        date,
        security_token: token.map(String::from),
        authorization,
        signature,
    }
}

impl SignedHeaders {
    /// The `Authorization` value, `AWS AccessKeyId:Signature`.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime};
    /// # use awssig::v2::{Request, Signer};
    /// let signer = Signer::new(Credentials::new("AKID", "secret")?);
    /// let signed = signer.sign_headers(&Request::new("GET", "/"), SigningTime::from_unix(0)?)?;
    /// assert_eq!(signed.authorization(), format!("AWS AKID:{}", signed.signature()));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn authorization(&self) -> &str {
        &self.authorization
    }

    /// The signature, base64 (28 characters).
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime};
    /// # use awssig::v2::{Request, Signer};
    /// let signer = Signer::new(Credentials::new("AKID", "secret")?);
    /// let signed = signer.sign_headers(&Request::new("GET", "/"), SigningTime::from_unix(0)?)?;
    /// assert_eq!(signed.signature().len(), 28);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn signature(&self) -> &str {
        self.signature.as_str()
    }

    /// The `Date` value, when the signer uses [`DateHeader::Date`].
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime};
    /// # use awssig::v2::{Request, Signer};
    /// let signer = Signer::new(Credentials::new("AKID", "secret")?);
    /// let signed = signer.sign_headers(&Request::new("GET", "/"), SigningTime::from_unix(0)?)?;
    /// assert_eq!(signed.date(), Some("Thu, 01 Jan 1970 00:00:00 GMT"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn date(&self) -> Option<&str> {
        (self.date_header == DateHeader::Date).then_some(self.date.as_str())
    }

    /// The `x-amz-date` value, when the signer uses [`DateHeader::XAmzDate`].
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime};
    /// # use awssig::v2::{Request, Signer};
    /// let signer = Signer::new(Credentials::new("AKID", "secret")?);
    /// let signed = signer.sign_headers(&Request::new("GET", "/"), SigningTime::from_unix(0)?)?;
    /// assert_eq!(signed.x_amz_date(), None);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn x_amz_date(&self) -> Option<&str> {
        (self.date_header == DateHeader::XAmzDate).then_some(self.date.as_str())
    }

    /// The headers to add, as (lowercase name, value), in the order
    /// `date` or `x-amz-date`, `x-amz-security-token` (temporary
    /// credentials), `authorization`. They replace any header of the same
    /// name; with `x-amz-date`, a `Date` header the client adds is ignored
    /// by the server.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime};
    /// # use awssig::v2::{DateHeader, Request, Signer};
    /// let creds = Credentials::new("AKID", "secret")?.with_session_token("tok")?;
    /// let signer = Signer::new(creds).date_header(DateHeader::XAmzDate);
    /// let signed = signer.sign_headers(&Request::new("GET", "/"), SigningTime::from_unix(0)?)?;
    /// let names: Vec<&str> = signed.iter().map(|(n, _)| n).collect();
    /// assert_eq!(names, ["x-amz-date", "x-amz-security-token", "authorization"]);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &str)> + '_ {
        let date_name = match self.date_header {
            DateHeader::XAmzDate => "x-amz-date",
            _ => "date",
        };
        [
            Some((date_name, self.date.as_str())),
            self.security_token
                .as_deref()
                .map(|t| ("x-amz-security-token", t)),
            Some(("authorization", self.authorization.as_str())),
        ]
        .into_iter()
        .flatten()
    }
}

impl fmt::Debug for SignedHeaders {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignedHeaders")
            .field("date_header", &self.date_header)
            .field("date", &self.date)
            .field(
                "security_token",
                &self.security_token.as_ref().map(|_| "<redacted>"),
            )
            .field("authorization", &self.authorization)
            .finish()
    }
}
