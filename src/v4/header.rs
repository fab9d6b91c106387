//! Output 1: the headers of a header-signed request (`Authorization`,
//! `X-Amz-Date`, and the token and payload hash when they apply).

use alloc::string::String;

use super::canonical::CanonicalRequest;
use super::payload::PayloadHash;
use super::scope::Scope;
use super::signature::Signature;
use super::ALGORITHM;

/// The headers to add to a request signed with [`super::Signer::sign_headers`].
///
/// ```
/// use awssig::{Credentials, SigningTime};
/// use awssig::v4::{Request, Signer, SigningSettings};
/// let signer = Signer::new(Credentials::new("AKIDEXAMPLE", "secret")?, SigningSettings::s3("us-east-1"))?;
/// let headers = [("host", "examplebucket.s3.amazonaws.com")];
/// let signed = signer.sign_headers(&Request::new("GET", "/test.txt").headers(&headers), SigningTime::from_unix(0)?)?;
/// let names: Vec<&str> = signed.iter().map(|(name, _)| name).collect();
/// assert_eq!(names, ["x-amz-date", "x-amz-content-sha256", "authorization"]);
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct SignedHeaders {
    pub(crate) amz_date: [u8; 16],
    pub(crate) security_token: Option<String>,
    pub(crate) content_sha256: Option<PayloadHash>,
    pub(crate) authorization: String,
    pub(crate) signature: Signature,
}

impl SignedHeaders {
    /// The `Authorization` value:
    /// `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime};
    /// # use awssig::v4::{Request, Signer, SigningSettings};
    /// # let signer = Signer::new(Credentials::new("AKID", "secret")?, SigningSettings::new("sts", "us-east-1"))?;
    /// # let h = [("host", "sts.amazonaws.com")];
    /// let signed = signer.sign_headers(&Request::new("GET", "/").headers(&h), SigningTime::from_unix(0)?)?;
    /// assert!(signed.authorization().starts_with("AWS4-HMAC-SHA256 Credential=AKID/19700101/us-east-1/sts/aws4_request, SignedHeaders=host;x-amz-date, Signature="));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn authorization(&self) -> &str {
        &self.authorization
    }

    /// The `X-Amz-Date` value.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime};
    /// # use awssig::v4::{Request, Signer, SigningSettings};
    /// # let signer = Signer::new(Credentials::new("AKID", "secret")?, SigningSettings::new("sts", "us-east-1"))?;
    /// # let h = [("host", "sts.amazonaws.com")];
    /// let signed = signer.sign_headers(&Request::new("GET", "/").headers(&h), SigningTime::from_unix(0)?)?;
    /// assert_eq!(signed.x_amz_date(), "19700101T000000Z");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn x_amz_date(&self) -> &str {
        core::str::from_utf8(&self.amz_date).unwrap_or("")
    }

    /// The signature, 64 lowercase hex digits.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime};
    /// # use awssig::v4::{Request, Signer, SigningSettings};
    /// # let signer = Signer::new(Credentials::new("AKID", "secret")?, SigningSettings::new("sts", "us-east-1"))?;
    /// # let h = [("host", "sts.amazonaws.com")];
    /// let signed = signer.sign_headers(&Request::new("GET", "/").headers(&h), SigningTime::from_unix(0)?)?;
    /// assert_eq!(signed.signature().len(), 64);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn signature(&self) -> &str {
        self.signature.hex_str()
    }

    /// The headers to add, as (lowercase name, value), in the order
    /// `x-amz-date`, `x-amz-security-token`, `x-amz-content-sha256`,
    /// `authorization` (those that apply).
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime};
    /// # use awssig::v4::{Request, Signer, SigningSettings};
    /// # let creds = Credentials::new("AKID", "secret")?.with_session_token("tok")?;
    /// # let signer = Signer::new(creds, SigningSettings::new("sts", "us-east-1"))?;
    /// # let h = [("host", "sts.amazonaws.com")];
    /// let signed = signer.sign_headers(&Request::new("GET", "/").headers(&h), SigningTime::from_unix(0)?)?;
    /// assert!(signed.iter().any(|(n, v)| n == "x-amz-security-token" && v == "tok"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &str)> + '_ {
        [
            Some(("x-amz-date", self.x_amz_date())),
            self.security_token
                .as_deref()
                .map(|t| ("x-amz-security-token", t)),
            self.content_sha256
                .as_ref()
                .map(|h| ("x-amz-content-sha256", h.as_str())),
            Some(("authorization", self.authorization.as_str())),
        ]
        .into_iter()
        .flatten()
    }
}

impl core::fmt::Debug for SignedHeaders {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("SignedHeaders")
            .field("x_amz_date", &self.x_amz_date())
            .field(
                "security_token",
                &self.security_token.as_ref().map(|_| "<redacted>"),
            )
            .field(
                "content_sha256",
                &self.content_sha256.as_ref().map(|h| h.as_str()),
            )
            .field("authorization", &self.authorization)
            .finish()
    }
}

/// The header's first run: the algorithm and the credential's name.
const ALGORITHM_CREDENTIAL: &str = "AWS4-HMAC-SHA256 Credential=";
const _: () = {
    let (run, alg) = (ALGORITHM_CREDENTIAL.as_bytes(), ALGORITHM.as_bytes());
    assert!(run.len() == alg.len() + " Credential=".len());
    let mut i = 0;
    while i < alg.len() {
        assert!(run[i] == alg[i]);
        i += 1;
    }
};

/// `AWS4-HMAC-SHA256 Credential=AKID/scope, SignedHeaders=a;b, Signature=hex`
pub(crate) fn authorization(
    creq: &CanonicalRequest<'_>,
    scope: &Scope<'_>,
    signature: &Signature,
) -> String {
    let len = ALGORITHM.len()
        + " Credential=".len()
        + scope.access_key_id.len()
        + "/".len()
        + scope.date.len()
        + scope.region.len()
        + scope.service.len()
        + "///aws4_request".len()
        + ", SignedHeaders=".len()
        + creq.signed_headers_len_max(false)
        + ", Signature=".len()
        + signature.hex.len();
    // Built from `&str`s (the date and the hex are checked ASCII, 72
    // bytes): no UTF-8 check of the whole value, which costs more than
    // the few copies that are not inlined.
    let mut s = String::with_capacity(len);
    s.push_str(ALGORITHM_CREDENTIAL);
    s.push_str(scope.access_key_id);
    s.push('/');
    scope.push_key(&mut s);
    s.push_str("/aws4_request, SignedHeaders=");
    creq.push_signed_headers(&mut s);
    s.push_str(", Signature=");
    s.push_str(signature.hex_str());
    s
}
