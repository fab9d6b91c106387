//! The signer: credentials + settings + a signing-key cache, and the two
//! signing modes built from the steps.

use alloc::string::String;
use alloc::vec::Vec;

use crate::sha256::Sha256;

use crate::credentials::Credentials;
use crate::encode::{self, Sink, UrlWriter};
use crate::error::Result;
use crate::time::SigningTime;

use super::canonical::{
    Additions, CanonicalRequest, Header, QueryParam, Value, WrittenUrl, INLINE,
};
use super::header::{self, SignedHeaders};
use super::payload::PayloadHash;
use super::presign::{self, PresignedQuery};
use super::scope::Scope;
use super::signature::Signature;
use super::signing_key::SigningKeyCache;
use super::{string_to_sign, Query, Request, SessionTokenMode, SigningSettings, ALGORITHM};
use crate::small::Small;
use crate::syntax::Component;

/// Signs requests with one set of credentials for one service and region.
///
/// It caches the signing key, so signing many requests a day derives it
/// once. Share it between threads freely (`Send + Sync`).
///
/// ```
/// use awssig::{Credentials, SigningTime};
/// use awssig::v4::{Request, Signer, SigningSettings};
/// let signer = Signer::new(
///     Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")?,
///     SigningSettings::new("iam", "us-east-1"),
/// )?;
/// let headers = [("Host", "iam.amazonaws.com"), ("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")];
/// let query = [("Action", "ListUsers"), ("Version", "2010-05-08")];
/// let req = Request::new("GET", "/").query_pairs(&query).headers(&headers);
/// let signed = signer.sign_headers(&req, SigningTime::from_amz_date("20150830T123600Z")?)?;
/// assert_eq!(signed.signature(), "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Debug)]
pub struct Signer {
    credentials: Credentials,
    settings: SigningSettings,
    cache: SigningKeyCache,
}

/// The intermediate texts of one signature, for debugging and for checking
/// against published examples (the same code that signs wrote them).
///
/// ```
/// use awssig::{Credentials, SigningTime};
/// use awssig::v4::{Request, Signer, SigningSettings};
/// let signer = Signer::new(Credentials::new("AKID", "secret")?, SigningSettings::new("service", "us-east-1"))?;
/// let h = [("Host", "example.amazonaws.com")];
/// let steps = signer.sign_headers_steps(&Request::new("GET", "/").headers(&h), SigningTime::from_unix(0)?)?;
/// assert!(steps.canonical_request.starts_with("GET\n/\n\nhost:example.amazonaws.com\n"));
/// assert!(steps.string_to_sign.starts_with("AWS4-HMAC-SHA256\n19700101T000000Z\n"));
/// assert_eq!(steps.signature.len(), 64);
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Steps {
    /// Step 1.
    pub canonical_request: String,
    /// Step 2.
    pub string_to_sign: String,
    /// Step 4, lowercase hex.
    pub signature: String,
}

impl Signer {
    /// A signer; checks the settings (region, service).
    ///
    /// ```
    /// use awssig::{Credentials, v4::{Signer, SigningSettings}};
    /// let creds = || Credentials::new("AKID", "secret").unwrap();
    /// assert!(Signer::new(creds(), SigningSettings::s3("us-east-1")).is_ok());
    /// assert!(Signer::new(creds(), SigningSettings::s3("")).is_err());
    /// ```
    pub fn new(credentials: Credentials, settings: SigningSettings) -> Result<Self> {
        settings.validate()?;
        Ok(Signer {
            credentials,
            settings,
            cache: SigningKeyCache::new(),
        })
    }

    /// The credentials.
    ///
    /// ```
    /// # use awssig::{Credentials, v4::{Signer, SigningSettings}};
    /// let signer = Signer::new(Credentials::new("AKID", "secret")?, SigningSettings::s3("us-east-1"))?;
    /// assert_eq!(signer.credentials().access_key_id(), "AKID");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    /// The settings.
    ///
    /// ```
    /// # use awssig::{Credentials, v4::{Signer, SigningSettings}};
    /// let signer = Signer::new(Credentials::new("AKID", "secret")?, SigningSettings::s3("us-east-1"))?;
    /// assert_eq!(signer.settings().region(), "us-east-1");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn settings(&self) -> &SigningSettings {
        &self.settings
    }

    pub(crate) fn ctx(&self) -> Ctx<'_> {
        Ctx {
            credentials: &self.credentials,
            settings: &self.settings,
            cache: &self.cache,
        }
    }

    /// Signs a request for the `Authorization` header. Returns the headers
    /// to add; the request's own headers are sent as they are.
    ///
    /// ```
    /// use awssig::{Credentials, SigningTime};
    /// use awssig::v4::{Payload, Request, Signer, SigningSettings};
    /// let creds = Credentials::new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")?;
    /// let signer = Signer::new(creds, SigningSettings::s3("us-east-1"))?;
    /// let headers = [("Host", "examplebucket.s3.amazonaws.com"), ("Range", "bytes=0-9")];
    /// let req = Request::new("GET", "/test.txt").headers(&headers).payload(Payload::Empty);
    /// let signed = signer.sign_headers(&req, SigningTime::from_amz_date("20130524T000000Z")?)?;
    /// assert_eq!(signed.signature(), "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn sign_headers(&self, req: &Request<'_>, time: SigningTime) -> Result<SignedHeaders> {
        self.ctx().sign_headers(req, time)
    }

    /// The chunk signer of an aws-chunked upload whose seed request `seed`
    /// is (signed by this signer with a streaming payload, see
    /// [`super::chunked`]): it starts the chain at the seed's signature.
    ///
    /// ```
    /// use awssig::{Credentials, SigningTime};
    /// use awssig::v4::{Payload, Request, Signer, SigningSettings};
    /// let signer = Signer::new(Credentials::new("AKID", "secret")?, SigningSettings::s3("us-east-1"))?;
    /// let h = [("host", "b.s3.amazonaws.com"), ("content-encoding", "aws-chunked")];
    /// let req = Request::new("PUT", "/k").headers(&h).payload(Payload::StreamingSigned);
    /// let seed = signer.sign_headers(&req, SigningTime::from_unix(0)?)?;
    /// let chunks = signer.chunk_signer(&seed)?;
    /// assert_eq!(chunks.previous_signature(), seed.signature());
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn chunk_signer(&self, seed: &SignedHeaders) -> Result<super::chunked::ChunkSigner> {
        self.ctx().chunk_signer(seed)
    }

    /// The intermediate texts of [`Signer::sign_headers`].
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime};
    /// # use awssig::v4::{Request, Signer, SigningSettings};
    /// # let signer = Signer::new(Credentials::new("AKID", "secret")?, SigningSettings::new("service", "us-east-1"))?;
    /// let h = [("Host", "example.amazonaws.com")];
    /// let req = Request::new("GET", "/").headers(&h);
    /// let t = SigningTime::from_unix(0)?;
    /// assert_eq!(signer.sign_headers_steps(&req, t)?.signature, signer.sign_headers(&req, t)?.signature());
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn sign_headers_steps(&self, req: &Request<'_>, time: SigningTime) -> Result<Steps> {
        let ctx = self.ctx();
        ctx.with_header_creq(req, &time, |creq, scope, _| ctx.steps(creq, scope, &time))
    }

    /// Presigns a request: the query string that makes its URL usable for
    /// `expires_in` seconds (1..=604800) without other credentials. Headers
    /// other than `Host` that the request carries are signed too, and
    /// whoever uses the URL must send them with the same values.
    ///
    /// ```
    /// use awssig::{Credentials, ErrorKind, SigningTime};
    /// use awssig::v4::{Payload, Request, Signer, SigningSettings};
    /// let signer = Signer::new(Credentials::new("AKID", "secret")?, SigningSettings::s3("us-east-1"))?;
    /// let host = [("host", "b.s3.amazonaws.com")];
    /// let req = Request::new("GET", "/k").headers(&host).payload(Payload::Unsigned);
    /// let err = signer.presign(&req, SigningTime::from_unix(0)?, 604_801).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::InvalidExpiry);
    /// assert_eq!(err.to_string(), "expires_in 604801 s exceeds the SigV4 maximum of 604800 s (7 days)");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn presign(
        &self,
        req: &Request<'_>,
        time: SigningTime,
        expires_in: u64,
    ) -> Result<PresignedQuery> {
        let mut query = String::new();
        let signature = self
            .ctx()
            .presign_into(req, time, expires_in, &mut query, 0, |_| None)?;
        Ok(PresignedQuery { query, signature })
    }

    /// The intermediate texts of [`Signer::presign`].
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime};
    /// # use awssig::v4::{Request, Signer, SigningSettings};
    /// # let signer = Signer::new(Credentials::new("AKID", "secret")?, SigningSettings::new("service", "us-east-1"))?;
    /// let h = [("Host", "example.amazonaws.com")];
    /// let steps = signer.presign_steps(&Request::new("GET", "/").headers(&h), SigningTime::from_unix(0)?, 3600)?;
    /// assert!(steps.canonical_request.contains("&X-Amz-Expires=3600&X-Amz-SignedHeaders=host\n"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn presign_steps(
        &self,
        req: &Request<'_>,
        time: SigningTime,
        expires_in: u64,
    ) -> Result<Steps> {
        let ctx = self.ctx();
        ctx.with_presign_creq(req, &time, expires_in, |creq, scope, _| {
            ctx.steps(creq, scope, &time)
        })
    }
}

/// A signer borrowed from its parts, so that an S3 bucket (which holds its
/// own settings and key cache) signs with the same code.
#[derive(Clone, Copy)]
pub(crate) struct Ctx<'s> {
    pub(crate) credentials: &'s Credentials,
    pub(crate) settings: &'s SigningSettings,
    pub(crate) cache: &'s SigningKeyCache,
}

impl<'s> Ctx<'s> {
    fn scope<'t>(&self, time: &'t SigningTime) -> Scope<'t>
    where
        's: 't,
    {
        Scope {
            access_key_id: self.credentials.access_key_id(),
            date: time.date_bytes(),
            region: self.settings.region(),
            service: self.settings.service(),
            plain: self.credentials.key_id_plain() && self.settings.scope_plain(),
        }
    }

    fn token_signed(&self) -> Option<&'s str> {
        match self.settings.get_session_token_mode() {
            SessionTokenMode::Signed => self.credentials.session_token(),
            _ => None,
        }
    }

    /// The signature of a canonical request (steps 1–4, streamed).
    pub(crate) fn sign(
        &self,
        creq: &CanonicalRequest<'_>,
        scope: &Scope<'_>,
        time: &SigningTime,
    ) -> Signature {
        self.sign_from(creq, None, scope, time)
    }

    /// [`Ctx::sign`], reusing the encoded text of a URL being presigned.
    fn sign_from(
        &self,
        creq: &CanonicalRequest<'_>,
        url: Option<&WrittenUrl<'_>>,
        scope: &Scope<'_>,
        time: &SigningTime,
    ) -> Signature {
        // Both are written straight into the hash's buffer.
        let mut sha = Sha256::new();
        creq.write_from(&mut sha, url);
        let digest = sha.finish();
        let mut mac = self.cache.mac(
            self.credentials.secret_access_key(),
            scope.date,
            scope.region,
            scope.service,
        );
        string_to_sign::write(&mut mac, ALGORITHM, time, scope, &digest);
        Signature::finish(mac)
    }

    pub(crate) fn steps(
        &self,
        creq: &CanonicalRequest<'_>,
        scope: &Scope<'_>,
        time: &SigningTime,
    ) -> Steps {
        let mut c = Vec::new();
        creq.write(&mut c);
        let digest = Sha256::digest(&c);
        let mut sts = Vec::new();
        string_to_sign::write(&mut sts, ALGORITHM, time, scope, &digest);
        let sig = self.sign(creq, scope, time);
        Steps {
            canonical_request: String::from_utf8_lossy(&c).into_owned(),
            string_to_sign: String::from_utf8_lossy(&sts).into_owned(),
            signature: String::from(sig.hex_str()),
        }
    }

    /// Runs `f` on the canonical request of header mode.
    fn with_header_creq<R>(
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
        let mut added = [Header::default(); 3];
        let mut n = 0;
        let mut replaces = [""; 4];
        let mut r = 0;
        replaces[r] = "x-amz-date";
        r += 1;
        if self.settings.get_content_sha256_header() {
            replaces[r] = "x-amz-content-sha256";
            r += 1;
            added[n] = Header::lowercase_plain("x-amz-content-sha256", payload);
            n += 1;
        }
        added[n] = Header::lowercase_plain("x-amz-date", time.amz_bytes());
        n += 1;
        if self.credentials.session_token().is_some() {
            replaces[r] = "x-amz-security-token";
            r += 1;
        }
        if let Some(token) = self.token_signed() {
            added[n] = Header::lowercase("x-amz-security-token", token.as_bytes());
            n += 1;
        }
        CanonicalRequest::with(
            req,
            self.settings.get_normalize_path(),
            self.settings.get_double_encode_path(),
            payload,
            &scope,
            Additions {
                headers: &added[..n],
                query: &[],
                replaces: &replaces[..r],
                reserve_query: false,
                ..Additions::default()
            },
            |creq| f(creq, &scope, payload),
        )
    }

    /// Runs `f` on the canonical request of presign mode.
    fn with_presign_creq<R>(
        &self,
        req: &Request<'_>,
        time: &SigningTime,
        expires_in: u64,
        f: impl FnOnce(&CanonicalRequest<'_>, &Scope<'_>, &[u8]) -> R,
    ) -> Result<R> {
        presign::check_expires(expires_in)?;
        let mut digest = [0u8; 64];
        let payload = PayloadHash::line(&req.payload, &mut digest)?;
        let scope = self.scope(time);
        let mut digits = [0u8; 20];
        let expires = encode::decimal(expires_in, &mut digits);
        // In canonical order; `pos` is the order [`presign::write_query`]
        // writes them in (the session token last).
        let plain = |bytes| Value::Plain(Component { bytes, raw: false });
        let algorithm = QueryParam {
            name: Component::decoded("X-Amz-Algorithm"),
            value: plain(ALGORITHM.as_bytes()),
            pos: 0,
        };
        let credential = QueryParam {
            name: Component::decoded("X-Amz-Credential"),
            value: Value::Credential,
            pos: 1,
        };
        let date = QueryParam {
            name: Component::decoded("X-Amz-Date"),
            value: plain(time.amz_bytes()),
            pos: 2,
        };
        let expires_param = QueryParam {
            name: Component::decoded("X-Amz-Expires"),
            value: plain(expires),
            pos: 3,
        };
        let signed_headers = QueryParam {
            name: Component::decoded("X-Amz-SignedHeaders"),
            value: Value::SignedHeaders,
            pos: 4,
        };
        // Built whole (no default first): the session token, when signed,
        // sorts before X-Amz-SignedHeaders and goes last in the URL.
        let (fifth, n) = match self.token_signed() {
            Some(token) => (
                QueryParam {
                    name: Component::decoded("X-Amz-Security-Token"),
                    value: plain(token.as_bytes()),
                    pos: 5,
                },
                6,
            ),
            None => (signed_headers, 5),
        };
        let added = [
            algorithm,
            credential,
            date,
            expires_param,
            fifth,
            signed_headers,
        ];
        CanonicalRequest::with(
            req,
            self.settings.get_normalize_path(),
            self.settings.get_double_encode_path(),
            payload,
            &scope,
            Additions {
                headers: &[],
                query: &added[..n],
                replaces: &["x-amz-date"],
                reserve_query: true,
                ..Additions::default()
            },
            |creq| f(creq, &scope, expires),
        )
    }

    pub(crate) fn sign_headers(
        &self,
        req: &Request<'_>,
        time: SigningTime,
    ) -> Result<SignedHeaders> {
        self.with_header_creq(req, &time, |creq, scope, payload| {
            let signature = self.sign(creq, scope, &time);
            SignedHeaders {
                amz_date: *time.amz_bytes(),
                security_token: self.credentials.session_token().map(String::from),
                content_sha256: self
                    .settings
                    .get_content_sha256_header()
                    .then(|| PayloadHash::keep(&req.payload, payload)),
                authorization: header::authorization(creq, scope, &signature),
                signature,
            }
        })
    }

    /// Appends the presigned query string to `out`, after `head` (at most
    /// `head_len` bytes: the URL up to `?`, written here so that one
    /// `reserve` covers the whole URL). `head` returns the range of the path
    /// it wrote when that is the canonical path (S3).
    ///
    /// The URL is written first and the canonical request then copies the
    /// path and the parameters from it: each is encoded once.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn presign_into(
        &self,
        req: &Request<'_>,
        time: SigningTime,
        expires_in: u64,
        out: &mut String,
        head_len: usize,
        head: impl FnOnce(&mut UrlWriter<'_>) -> Option<(usize, usize)>,
    ) -> Result<Signature> {
        self.with_presign_creq(req, &time, expires_in, |creq, scope, expires| {
            let token = self.credentials.session_token();
            let room = head_len + presign::query_len_max(&req.query, creq, scope, expires, token);
            out.reserve(room);
            encode::with_bytes(out, |out| {
                let mut w = UrlWriter::new(out, room);
                let path = head(&mut w);
                let mut params: Small<_, INLINE> = Small::new();
                presign::write_query(
                    &mut w,
                    &req.query,
                    creq,
                    scope,
                    time.amz_bytes(),
                    expires,
                    token,
                    &mut params,
                );
                // A raw query is copied into the URL as given, not in its
                // canonical encoding: then only the path is reused.
                let params = match req.query {
                    Query::Pairs(_) => Some(&params),
                    Query::Raw(_) => None,
                };
                let url = WrittenUrl {
                    bytes: w.written(),
                    path,
                    params,
                };
                let signature = self.sign_from(creq, Some(&url), scope, &time);
                w.put(b"&X-Amz-Signature=");
                w.put(&signature.hex);
                w.finish();
                signature
            })
        })
    }
}

impl Ctx<'_> {
    /// The chunk signer that follows a header-signed seed request.
    pub(crate) fn chunk_signer(&self, seed: &SignedHeaders) -> Result<super::chunked::ChunkSigner> {
        let time = SigningTime::from_amz_date(seed.x_amz_date())?;
        let mac = self.cache.mac_key(
            self.credentials.secret_access_key(),
            time.date_bytes(),
            self.settings.region(),
            self.settings.service(),
        );
        Ok(super::chunked::ChunkSigner::from_parts(
            mac,
            time,
            self.settings.region(),
            self.settings.service(),
            seed.signature,
        ))
    }
}
