//! What a verified request proved, kept in one allocation.

use alloc::string::String;
use core::fmt;

use crate::syntax::SplitAscii;
use crate::time::SigningTime;

/// What a valid request proved: who signed it, for what scope, and until
/// when.
///
/// ```
/// # use awssig::{Credentials, SigningTime, s3::Bucket, verify::{Incoming, Verifier}};
/// # let creds = Credentials::new("AKID", "secret")?;
/// # let url = Bucket::new("b-1", "us-east-1")?.get("k").presign(&creds, SigningTime::from_unix(0)?, 60)?;
/// let ok = Verifier::s3().verify_presigned(&Incoming::new("GET", &url, &[]), SigningTime::from_unix(1)?, |_: &str| Some("secret".into()))?;
/// assert_eq!((ok.region(), ok.service()), ("us-east-1", "s3"));
/// assert_eq!(ok.signed_headers(), ["host"]);
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Verified {
    /// The access key id, region, service, signed headers (`;`-joined),
    /// session token and SigV4A's signature as sent, one after the other.
    text: String,
    /// Where each of the six ends in `text`.
    ends: [usize; 6],
    has_token: bool,
    signed_at: SigningTime,
    expires_at: Option<SigningTime>,
    signature: [u8; 72],
    signature_len: u8,
}

/// What [`Verified::new`] is made of.
pub(crate) struct Proof<'a, I> {
    pub(crate) access_key_id: &'a str,
    pub(crate) region: &'a str,
    pub(crate) service: &'a str,
    /// Lowercase header names.
    pub(crate) signed_headers: I,
    pub(crate) session_token: Option<&'a str>,
    pub(crate) signed_at: SigningTime,
    pub(crate) expires_at: Option<SigningTime>,
    /// 32 bytes (SigV4), 20 (SigV2) or SigV4A's DER (up to 72, low S).
    pub(crate) signature: &'a [u8],
}

impl Verified {
    pub(crate) fn new<'a, I: IntoIterator<Item = &'a str>>(p: Proof<'a, I>) -> Self {
        let mut text = String::with_capacity(
            p.access_key_id.len()
                + p.region.len()
                + p.service.len()
                + 64
                + p.session_token.map_or(0, str::len),
        );
        let mut ends = [0; 6];
        text.push_str(p.access_key_id);
        ends[0] = text.len();
        text.push_str(p.region);
        ends[1] = text.len();
        text.push_str(p.service);
        ends[2] = text.len();
        let list_start = text.len();
        for name in p.signed_headers {
            if text.len() > list_start {
                text.push(';');
            }
            text.push_str(name);
        }
        ends[3] = text.len();
        text.push_str(p.session_token.unwrap_or(""));
        ends[4] = text.len();
        ends[5] = text.len();
        let mut signature = [0u8; 72];
        let n = p.signature.len().min(72);
        signature[..n].copy_from_slice(&p.signature[..n]);
        Verified {
            text,
            ends,
            has_token: p.session_token.is_some(),
            signed_at: p.signed_at,
            expires_at: p.expires_at,
            signature,
            signature_len: n as u8,
        }
    }

    /// Keeps a SigV4A header signature's hex as it was sent: the seed of
    /// its aws-chunked body's chain (whose first string to sign holds the
    /// text the client signed after, not the low-S form kept in
    /// `signature`).
    #[cfg(feature = "sigv4a")]
    pub(crate) fn with_chain_seed(mut self, hex: &str) -> Self {
        self.text.truncate(self.ends[4]);
        self.text.push_str(hex);
        self.ends[5] = self.text.len();
        self
    }

    /// The SigV4A signature as sent, if [`Verified::with_chain_seed`]
    /// kept one.
    #[cfg_attr(not(feature = "sigv4a"), allow(dead_code))]
    pub(crate) fn chain_seed(&self) -> Option<&str> {
        Some(self.part(5)).filter(|s| !s.is_empty())
    }

    /// The `i`th part of `text`.
    fn part(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start..self.ends[i]]
    }

    /// The access key id that signed.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket, verify::{Incoming, Verifier}};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// # let url = Bucket::new("b-1", "us-east-1")?.get("k").presign(&creds, SigningTime::from_unix(0)?, 60)?;
    /// # let ok = Verifier::s3().verify_presigned(&Incoming::new("GET", &url, &[]), SigningTime::from_unix(1)?, |_: &str| Some("secret".into()))?;
    /// assert_eq!(ok.access_key_id(), "AKID");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn access_key_id(&self) -> &str {
        self.part(0)
    }

    /// When it was signed.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket, verify::{Incoming, Verifier}};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// # let url = Bucket::new("b-1", "us-east-1")?.get("k").presign(&creds, SigningTime::from_unix(0)?, 60)?;
    /// # let ok = Verifier::s3().verify_presigned(&Incoming::new("GET", &url, &[]), SigningTime::from_unix(1)?, |_: &str| Some("secret".into()))?;
    /// assert_eq!(ok.signed_at().unix(), 0);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn signed_at(&self) -> SigningTime {
        self.signed_at
    }

    /// The region of the credential scope (SigV4; empty for SigV2).
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket, verify::{Incoming, Verifier}};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// # let url = Bucket::new("b-1", "eu-west-1")?.get("k").presign(&creds, SigningTime::from_unix(0)?, 60)?;
    /// # let ok = Verifier::s3().verify_presigned(&Incoming::new("GET", &url, &[]), SigningTime::from_unix(1)?, |_: &str| Some("secret".into()))?;
    /// assert_eq!(ok.region(), "eu-west-1");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn region(&self) -> &str {
        self.part(1)
    }

    /// The service of the credential scope (SigV4; `s3` for SigV2).
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket, verify::{Incoming, Verifier}};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// # let url = Bucket::new("b-1", "us-east-1")?.get("k").presign(&creds, SigningTime::from_unix(0)?, 60)?;
    /// # let ok = Verifier::s3().verify_presigned(&Incoming::new("GET", &url, &[]), SigningTime::from_unix(1)?, |_: &str| Some("secret".into()))?;
    /// assert_eq!(ok.service(), "s3");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn service(&self) -> &str {
        self.part(2)
    }

    /// The signed headers (lowercase names).
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket, verify::{Incoming, Verifier}};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// # let url = Bucket::new("b-1", "us-east-1")?.get("k").presign(&creds, SigningTime::from_unix(0)?, 60)?;
    /// # let ok = Verifier::s3().verify_presigned(&Incoming::new("GET", &url, &[]), SigningTime::from_unix(1)?, |_: &str| Some("secret".into()))?;
    /// assert_eq!(ok.signed_headers(), ["host"]);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn signed_headers(&self) -> SignedHeaders<'_> {
        SignedHeaders(self.part(3))
    }

    /// When a presigned URL stops being valid (`None` for header auth).
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket, verify::{Incoming, Verifier}};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// # let url = Bucket::new("b-1", "us-east-1")?.get("k").presign(&creds, SigningTime::from_unix(0)?, 60)?;
    /// # let ok = Verifier::s3().verify_presigned(&Incoming::new("GET", &url, &[]), SigningTime::from_unix(1)?, |_: &str| Some("secret".into()))?;
    /// assert_eq!(ok.expires_at().map(|t| t.unix()), Some(60));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn expires_at(&self) -> Option<SigningTime> {
        self.expires_at
    }

    /// The signature bytes (32 for SigV4, 20 for SigV2; for SigV4A the
    /// DER ECDSA signature in its low-S form, up to 72, since an ECDSA
    /// signature can be rewritten into another valid one): record them to
    /// make a link usable once.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket, verify::{Incoming, Verifier}};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// # let url = Bucket::new("b-1", "us-east-1")?.get("k").presign(&creds, SigningTime::from_unix(0)?, 60)?;
    /// # let ok = Verifier::s3().verify_presigned(&Incoming::new("GET", &url, &[]), SigningTime::from_unix(1)?, |_: &str| Some("secret".into()))?;
    /// assert_eq!(ok.signature().len(), 32);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn signature(&self) -> &[u8] {
        &self.signature[..usize::from(self.signature_len)]
    }

    /// The session token the request carried, for the server to check.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket, verify::{Incoming, Verifier}};
    /// # let creds = Credentials::new("AKID", "secret")?.with_session_token("tok")?;
    /// # let url = Bucket::new("b-1", "us-east-1")?.get("k").presign(&creds, SigningTime::from_unix(0)?, 60)?;
    /// # let ok = Verifier::s3().verify_presigned(&Incoming::new("GET", &url, &[]), SigningTime::from_unix(1)?, |_: &str| Some("secret".into()))?;
    /// assert_eq!(ok.session_token(), Some("tok"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn session_token(&self) -> Option<&str> {
        self.has_token.then(|| self.part(4))
    }
}

impl fmt::Debug for Verified {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verified")
            .field("access_key_id", &self.access_key_id())
            .field("signed_at", &self.signed_at)
            .field("region", &self.region())
            .field("service", &self.service())
            .field("signed_headers", &self.signed_headers())
            .field("expires_at", &self.expires_at)
            .field("session_token", &self.has_token.then_some("<redacted>"))
            .finish()
    }
}

/// The headers a request signed: lowercase names, in the order of its
/// signed-header list.
///
/// ```
/// # use awssig::{Credentials, SigningTime, s3::Bucket, verify::{Incoming, Verifier}};
/// # let creds = Credentials::new("AKID", "secret")?;
/// # let url = Bucket::new("b-1", "us-east-1")?.get("k").presign(&creds, SigningTime::from_unix(0)?, 60)?;
/// let ok = Verifier::s3().verify_presigned(&Incoming::new("GET", &url, &[]), SigningTime::from_unix(1)?, |_: &str| Some("secret".into()))?;
/// let signed = ok.signed_headers();
/// assert_eq!(signed, ["host"]);
/// assert_eq!(signed.as_str(), "host");
/// assert!(signed.contains("Host") && !signed.contains("x-amz-acl"));
/// assert_eq!(signed.iter().collect::<Vec<_>>(), ["host"]);
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct SignedHeaders<'a>(&'a str);

impl<'a> SignedHeaders<'a> {
    /// The names joined by `;`, as in `X-Amz-SignedHeaders`.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket, verify::{Incoming, Verifier}};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// # let url = Bucket::new("b-1", "us-east-1")?.get("k").presign(&creds, SigningTime::from_unix(0)?, 60)?;
    /// # let ok = Verifier::s3().verify_presigned(&Incoming::new("GET", &url, &[]), SigningTime::from_unix(1)?, |_: &str| Some("secret".into()))?;
    /// assert_eq!(ok.signed_headers().as_str(), "host");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn as_str(&self) -> &'a str {
        self.0
    }

    /// The names, in order.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket, verify::{Incoming, Verifier}};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// # let url = Bucket::new("b-1", "us-east-1")?.get("k").presign(&creds, SigningTime::from_unix(0)?, 60)?;
    /// # let ok = Verifier::s3().verify_presigned(&Incoming::new("GET", &url, &[]), SigningTime::from_unix(1)?, |_: &str| Some("secret".into()))?;
    /// assert_eq!(ok.signed_headers().iter().next(), Some("host"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn iter(&self) -> SignedHeaderNames<'a> {
        SignedHeaderNames(if self.0.is_empty() {
            None
        } else {
            Some(SplitAscii::new(self.0, b';'))
        })
    }

    /// Whether `name` (any case) is signed.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket, verify::{Incoming, Verifier}};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// # let url = Bucket::new("b-1", "us-east-1")?.get("k").presign(&creds, SigningTime::from_unix(0)?, 60)?;
    /// # let ok = Verifier::s3().verify_presigned(&Incoming::new("GET", &url, &[]), SigningTime::from_unix(1)?, |_: &str| Some("secret".into()))?;
    /// assert!(ok.signed_headers().contains("HOST"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn contains(&self, name: &str) -> bool {
        self.iter().any(|n| n.eq_ignore_ascii_case(name))
    }

    /// How many names.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket, verify::{Incoming, Verifier}};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// # let url = Bucket::new("b-1", "us-east-1")?.get("k").presign(&creds, SigningTime::from_unix(0)?, 60)?;
    /// # let ok = Verifier::s3().verify_presigned(&Incoming::new("GET", &url, &[]), SigningTime::from_unix(1)?, |_: &str| Some("secret".into()))?;
    /// assert_eq!(ok.signed_headers().len(), 1);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn len(&self) -> usize {
        self.iter().count()
    }

    /// Whether no header is signed (a SigV2 request without `x-amz-*`
    /// headers or `Content-Type`, or a POST form).
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket, verify::{Incoming, Verifier}};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// # let url = Bucket::new("b-1", "us-east-1")?.get("k").presign(&creds, SigningTime::from_unix(0)?, 60)?;
    /// # let ok = Verifier::s3().verify_presigned(&Incoming::new("GET", &url, &[]), SigningTime::from_unix(1)?, |_: &str| Some("secret".into()))?;
    /// assert!(!ok.signed_headers().is_empty());
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'a> IntoIterator for SignedHeaders<'a> {
    type Item = &'a str;
    type IntoIter = SignedHeaderNames<'a>;

    fn into_iter(self) -> SignedHeaderNames<'a> {
        self.iter()
    }
}

impl fmt::Debug for SignedHeaders<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<const N: usize> PartialEq<[&str; N]> for SignedHeaders<'_> {
    fn eq(&self, other: &[&str; N]) -> bool {
        self.iter().eq(other.iter().copied())
    }
}

impl PartialEq<[&str]> for SignedHeaders<'_> {
    fn eq(&self, other: &[&str]) -> bool {
        self.iter().eq(other.iter().copied())
    }
}

impl PartialEq<&[&str]> for SignedHeaders<'_> {
    fn eq(&self, other: &&[&str]) -> bool {
        self.iter().eq(other.iter().copied())
    }
}

/// The names of [`SignedHeaders`], in order.
///
/// ```
/// # use awssig::{Credentials, SigningTime, s3::Bucket, verify::{Incoming, Verifier}};
/// # let creds = Credentials::new("AKID", "secret")?;
/// # let url = Bucket::new("b-1", "us-east-1")?.get("k").presign(&creds, SigningTime::from_unix(0)?, 60)?;
/// # let ok = Verifier::s3().verify_presigned(&Incoming::new("GET", &url, &[]), SigningTime::from_unix(1)?, |_: &str| Some("secret".into()))?;
/// let mut names: awssig::verify::SignedHeaderNames<'_> = ok.signed_headers().iter();
/// assert_eq!((names.next(), names.next()), (Some("host"), None));
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct SignedHeaderNames<'a>(Option<SplitAscii<'a>>);

impl<'a> Iterator for SignedHeaderNames<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        self.0.as_mut()?.next()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_come_back_as_they_went_in() {
        let v = Verified::new(Proof {
            access_key_id: "AKID",
            region: "eu-west-1",
            service: "s3",
            signed_headers: ["host", "x-amz-date"],
            session_token: Some("FwoGZXIvYXdzEXAMPLE"),
            signed_at: SigningTime::from_unix(1).unwrap(),
            expires_at: None,
            signature: &[7; 20],
        });
        assert_eq!(
            (v.access_key_id(), v.region(), v.service()),
            ("AKID", "eu-west-1", "s3")
        );
        assert_eq!(v.signed_headers(), ["host", "x-amz-date"]);
        assert_eq!(v.signed_headers().len(), 2);
        assert_eq!(v.session_token(), Some("FwoGZXIvYXdzEXAMPLE"));
        assert_eq!(v.signature(), &[7; 20]);
        let none = Verified::new(Proof {
            access_key_id: "AKID",
            region: "",
            service: "s3",
            signed_headers: [],
            session_token: None,
            signed_at: SigningTime::from_unix(1).unwrap(),
            expires_at: None,
            signature: &[1; 32],
        });
        assert!(none.signed_headers().is_empty());
        assert_eq!(none.signed_headers().iter().count(), 0);
        assert_eq!(none.session_token(), None);
        assert!(!alloc::format!("{v:?}").contains("FwoG"));
    }
}
