//! The signer's settings for header signing: which header carries the
//! time ([`DateHeader`]) and how its date is written ([`DateFormat`]).

/// Which header carries the signing time in header signing.
///
/// ```
/// use awssig::{Credentials, SigningTime};
/// use awssig::v2::{DateHeader, Request, Signer};
/// let signer = Signer::new(Credentials::new("AKID", "secret")?).date_header(DateHeader::XAmzDate);
/// let signed = signer.sign_headers(&Request::new("GET", "/b/k"), SigningTime::from_unix(0)?)?;
/// assert_eq!(signed.x_amz_date(), Some("Thu, 01 Jan 1970 00:00:00 GMT"));
/// assert_eq!(signed.date(), None);
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DateHeader {
    /// A `Date` header, signed on the fourth line of the string to sign.
    #[default]
    Date,
    /// An `x-amz-date` header (for clients that cannot set `Date`). As the
    /// SigV2 spec says, the `Date` line of the string to sign is then
    /// **empty** and `x-amz-date:…` is signed among the amz headers.
    ///
    /// botocore departs from the spec here (it fills the `Date` line anyway
    /// and also signs `x-amz-date`), so its signatures differ in this mode.
    XAmzDate,
}

/// How the date header value is written. Both are RFC 1123 dates that S3
/// accepts; the signature covers the exact text.
///
/// ```
/// use awssig::{Credentials, SigningTime};
/// use awssig::v2::{DateFormat, Request, Signer};
/// let t = SigningTime::from_unix(1_175_024_202)?;
/// let req = Request::new("GET", "/");
/// let gmt = Signer::new(Credentials::new("AKID", "secret")?);
/// assert_eq!(gmt.sign_headers(&req, t)?.date(), Some("Tue, 27 Mar 2007 19:36:42 GMT"));
/// let doc = Signer::new(Credentials::new("AKID", "secret")?).date_format(DateFormat::NumericOffset);
/// assert_eq!(doc.sign_headers(&req, t)?.date(), Some("Tue, 27 Mar 2007 19:36:42 +0000"));
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DateFormat {
    /// `Tue, 27 Mar 2007 19:36:42 GMT`: the HTTP `IMF-fixdate` form
    /// (RFC 9110), and what botocore writes (`formatdate(usegmt=True)`).
    #[default]
    Gmt,
    /// `Tue, 27 Mar 2007 19:36:42 +0000`: the form the S3 SigV2
    /// documentation examples print and sign.
    NumericOffset,
}

impl DateFormat {
    pub(crate) fn zone(self) -> &'static [u8] {
        match self {
            DateFormat::Gmt => b"GMT",
            DateFormat::NumericOffset => b"+0000",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encode::StringSink;
    use crate::time::SigningTime;
    use alloc::string::String;

    #[test]
    fn rfc1123_dates() {
        for (unix, want) in [
            (0, "Thu, 01 Jan 1970 00:00:00 GMT"),
            (1_175_024_202, "Tue, 27 Mar 2007 19:36:42 GMT"),
            (951_782_400, "Tue, 29 Feb 2000 00:00:00 GMT"),
            (253_402_300_799, "Fri, 31 Dec 9999 23:59:59 GMT"),
            (-62_167_219_200, "Sat, 01 Jan 0000 00:00:00 GMT"),
        ] {
            let mut s = String::new();
            SigningTime::from_unix(unix)
                .unwrap()
                .write_rfc1123(&mut StringSink(&mut s), DateFormat::Gmt.zone());
            assert_eq!(s, want, "{unix}");
        }
    }
}
