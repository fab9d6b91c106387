//! Output 1: the headers of a header-signed request (`Authorization`,
//! `X-Amz-Date`, and the token and payload hash when they apply).

use alloc::string::String;

use crate::error::Result;
use crate::time::SigningTime;

use super::canonical::{CanonicalRequest, Header, SignerAdditions};
use super::context::Context;
use super::payload::PayloadHash;
use super::scope::Scope;
use super::signature::Signature;
use super::Request;
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
    /// SigV4A's `x-amz-region-set`.
    pub(crate) region_set: Option<String>,
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

    /// The signature, 64 lowercase hex digits (SigV4A: a DER ECDSA
    /// signature in hex, up to 144 digits).
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
    /// `x-amz-date`, `x-amz-region-set` (SigV4A), `x-amz-security-token`,
    /// `x-amz-content-sha256`, `authorization` (those that apply).
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
            self.region_set.as_deref().map(|r| ("x-amz-region-set", r)),
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

/// The session token is a credential: wiped when the headers go.
impl Drop for SignedHeaders {
    fn drop(&mut self) {
        if let Some(t) = self.security_token.as_mut() {
            zeroize::Zeroize::zeroize(t);
        }
    }
}

impl core::fmt::Debug for SignedHeaders {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("SignedHeaders")
            .field("x_amz_date", &self.x_amz_date())
            .field("region_set", &self.region_set)
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

/// The same run for SigV4A.
const SIGV4A_CREDENTIAL: &str = "AWS4-ECDSA-P256-SHA256 Credential=";

/// `AWS4-HMAC-SHA256 Credential=AKID/scope, SignedHeaders=a;b, Signature=hex`
/// (`run` is the text up to the key id: [`ALGORITHM_CREDENTIAL`] or
/// SigV4A's).
pub(crate) fn authorization(
    run: &str,
    creq: &CanonicalRequest<'_>,
    scope: &Scope<'_>,
    signature: &Signature,
) -> String {
    let len = run.len()
        + scope.access_key_id.len()
        + "/".len()
        + scope.date.len()
        + scope.region.len()
        + scope.service.len()
        + "///aws4_request".len()
        + ", SignedHeaders=".len()
        + creq.signed_headers_len_max(false)
        + ", Signature=".len()
        + signature.hex().len();
    // Built from `&str`s (the date and the hex are checked ASCII, 72
    // bytes): no UTF-8 check of the whole value, which costs more than
    // the few copies that are not inlined.
    let mut s = String::with_capacity(len);
    s.push_str(run);
    s.push_str(scope.access_key_id);
    s.push('/');
    scope.push_key(&mut s);
    s.push_str("/aws4_request, SignedHeaders=");
    // The list's own walk for a `String` (the canonical request has
    // another): `write_signed_headers` through a `StringSink` instead,
    // one walk for both, took 6–9 % more time per header signing in
    // alternating `benches/peers` runs (docs/performance.md).
    creq.push_signed_headers(&mut s);
    s.push_str(", Signature=");
    s.push_str(signature.hex_str());
    s
}

impl Context<'_> {
    /// Runs `f` on the canonical request of header mode.
    pub(crate) fn with_header_creq<R>(
        &self,
        req: &Request<'_>,
        time: &SigningTime,
        f: impl FnOnce(&CanonicalRequest<'_>, &Scope<'_>, &[u8]) -> R,
    ) -> Result<R> {
        let mut digest = [0u8; 64];
        let payload = PayloadHash::line(&req.payload, &mut digest)?;
        let scope = self.scope(time);
        // Added in their sorted order: merged into the caller's sorted
        // headers, never compared with each other.
        let mut added = [Header::default(); 4];
        let mut n = 0;
        let mut replaces = [""; 5];
        let mut r = 0;
        replaces[r] = "x-amz-date";
        r += 1;
        if self.settings().adds_content_sha256_header() {
            replaces[r] = "x-amz-content-sha256";
            r += 1;
            added[n] = Header::lowercase("x-amz-content-sha256", payload);
            n += 1;
        }
        added[n] = Header::lowercase("x-amz-date", time.amz_bytes());
        n += 1;
        if let Some(set) = self.region_set() {
            replaces[r] = "x-amz-region-set";
            r += 1;
            added[n] = Header::lowercase("x-amz-region-set", set.as_bytes());
            n += 1;
        }
        if self.credentials().session_token().is_some() {
            replaces[r] = "x-amz-security-token";
            r += 1;
        }
        if let Some(token) = self.token_signed() {
            added[n] = Header::lowercase("x-amz-security-token", token.as_bytes());
            n += 1;
        }
        CanonicalRequest::with(
            req,
            self.settings().normalizes_path(),
            self.settings().double_encodes_path(),
            payload,
            &scope,
            SignerAdditions {
                headers: &added[..n],
                query: &[],
                replaces: &replaces[..r],
                reserve_query: false,
                ..SignerAdditions::default()
            },
            |creq| f(creq, &scope, payload),
        )
    }

    pub(crate) fn sign_headers(
        &self,
        req: &Request<'_>,
        time: SigningTime,
    ) -> Result<SignedHeaders> {
        self.with_header_creq(req, &time, |creq, scope, payload| {
            let signature = self.sign(creq, scope, &time);
            let run = match self.region_set() {
                Some(_) => SIGV4A_CREDENTIAL,
                None => ALGORITHM_CREDENTIAL,
            };
            SignedHeaders {
                amz_date: *time.amz_bytes(),
                region_set: self.region_set().map(String::from),
                security_token: self.credentials().session_token().map(String::from),
                content_sha256: self
                    .settings()
                    .adds_content_sha256_header()
                    .then(|| PayloadHash::keep(&req.payload, payload)),
                authorization: authorization(run, creq, scope, &signature),
                signature,
            }
        })
    }

    /// The chunk signer that follows a header-signed seed request.
    pub(crate) fn chunk_signer(&self, seed: &SignedHeaders) -> Result<super::chunked::ChunkSigner> {
        let time = SigningTime::from_amz_date(seed.x_amz_date())?;
        let mac = self.cache().mac_key(
            self.credentials().secret_access_key(),
            time.date_bytes(),
            self.settings().region(),
            self.settings().service(),
        );
        Ok(super::chunked::ChunkSigner::from_parts(
            mac,
            time,
            self.settings().region(),
            self.settings().service(),
            seed.signature.clone(),
        ))
    }
}
