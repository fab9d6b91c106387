//! A bucket: name, region, endpoint and addressing style, resolved once
//! into the URL origin and the signed host.

use alloc::string::String;
use core::fmt;

use crate::error::{Error, ErrorKind, Result};
use crate::syntax;
use crate::v4::configured::Configured;
use crate::v4::SigningSettings;
use crate::SignatureVersion;

use super::endpoint::{Endpoint, Scheme};
use super::object::PresignRequest;

/// How the bucket appears in the URL.
///
/// ```
/// use awssig::s3::{AddressingStyle, Bucket};
/// let b = Bucket::new("my.bucket", "eu-west-1")?; // Auto: dots over https → path style
/// assert!(!b.is_virtual_hosted());
/// assert!(Bucket::new("my.bucket", "eu-west-1")?.addressing_style(AddressingStyle::VirtualHosted).is_err());
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AddressingStyle {
    /// Virtual-hosted (`bucket.host/key`) when the bucket can be a host
    /// label (lowercase letters, digits, `-` and `.`, 3–63 characters, no
    /// dots over https, not an IP address) and the endpoint host is not an
    /// IP address; path style otherwise. What botocore does for
    /// `addressing_style='virtual'`.
    #[default]
    Auto,
    /// Always virtual-hosted; an error when the bucket or endpoint cannot be.
    VirtualHosted,
    /// Always path style (`host/bucket/key`), as MinIO or Ceph without a
    /// wildcard DNS name need.
    Path,
}

/// An S3 bucket to presign requests for.
///
/// It resolves its URL once and keeps a signing-key cache, so presigning
/// many URLs costs one key derivation a day. Share it between threads.
///
/// ```
/// use awssig::{Credentials, SigningTime};
/// use awssig::s3::Bucket;
///
/// let creds = Credentials::new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")?;
/// let bucket = Bucket::new("examplebucket", "us-east-1")?;
/// let url = bucket.get("test.txt").presign(&creds, SigningTime::from_amz_date("20130524T000000Z")?, 86_400)?;
/// assert_eq!(url, "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256\
///     &X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request\
///     &X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host\
///     &X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
/// # Ok::<(), awssig::Error>(())
/// ```
pub struct Bucket {
    name: String,
    endpoint: Endpoint,
    style: AddressingStyle,
    virtual_hosted: bool,
    origin: String,
    signed_host: String,
    pub(crate) configured: Configured,
    pub(crate) version: SignatureVersion,
    /// A multi-region access point: always on its own host.
    mrap: bool,
    /// SigV4A's derived key, cached.
    #[cfg(feature = "sigv4a")]
    pub(crate) v4a_keys: crate::v4a::key_cache::KeyCache,
}

/// Checks the name against what S3 accepts at all (botocore's rule):
/// 1–255 characters of `A-Z a-z 0-9 . - _`.
fn check_name(name: &str) -> Result<()> {
    let err = |rule: &str| {
        Err(Error::new(
            ErrorKind::InvalidBucketName,
            alloc::format!("bucket name {name:?} {rule}"),
        ))
    };
    if name.is_empty() {
        return err("is empty");
    }
    if name.len() > 255 {
        return err("is longer than 255 characters");
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')))
    {
        return err(&alloc::format!(
            "contains {c:?}; bucket names use letters, digits, '.', '-' and '_'"
        ));
    }
    Ok(())
}

/// The alias of a multi-region access point ARN,
/// `arn:aws:s3::ACCOUNT:accesspoint/ALIAS.mrap` (or `accesspoint:ALIAS.mrap`).
#[cfg(feature = "sigv4a")]
fn mrap_alias(arn: &str) -> Result<&str> {
    let err = |what: &str| {
        Err(Error::new(
            ErrorKind::InvalidBucketName,
            alloc::format!(
                "multi-region access point ARN {arn:?}: {what}; expected arn:aws:s3::ACCOUNT:accesspoint/ALIAS.mrap"
            ),
        ))
    };
    let mut parts = arn.splitn(6, ':');
    let (Some("arn"), Some(partition), Some(service), Some(region), Some(account), Some(resource)) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return err("it is not an ARN (six ':'-separated parts)");
    };
    if partition != "aws" {
        return err("multi-region access points are in the aws partition only");
    }
    if service != "s3" {
        return err("the service is not s3");
    }
    if !region.is_empty() {
        return err("a multi-region access point ARN has no region (arn:aws:s3::…)");
    }
    if account.len() != 12 || !account.bytes().all(|b| b.is_ascii_digit()) {
        return err("the account is not 12 digits");
    }
    let alias = match resource
        .strip_prefix("accesspoint/")
        .or_else(|| resource.strip_prefix("accesspoint:"))
    {
        Some(a) => a,
        None => return err("the resource is not accesspoint/ALIAS"),
    };
    let label = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && l.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    match alias.strip_suffix(".mrap") {
        Some(name) if label(name) => Ok(alias),
        _ => err("the alias is not NAME.mrap (lowercase letters, digits and '-')"),
    }
}

/// Why the bucket cannot be a virtual host, or `None` if it can.
fn virtual_host_problem(name: &str, endpoint: &Endpoint) -> Option<&'static str> {
    let b = name.as_bytes();
    if endpoint.is_ip() {
        return Some("the endpoint host is an IP address");
    }
    if b.len() < 3 || b.len() > 63 {
        return Some("a host label needs 3 to 63 characters");
    }
    if b.iter().any(u8::is_ascii_uppercase) {
        return Some("it has uppercase letters");
    }
    if b.contains(&b'_') {
        return Some("it has an underscore");
    }
    if !b[0].is_ascii_alphanumeric() || !b[b.len() - 1].is_ascii_alphanumeric() {
        return Some("it must start and end with a letter or digit");
    }
    if name.contains("..") || name.contains(".-") || name.contains("-.") {
        return Some("it has an empty or malformed label");
    }
    if syntax::is_ipv4(name) {
        return Some("it looks like an IP address");
    }
    if name.contains('.') && endpoint.scheme() == Scheme::Https {
        return Some("its dots break TLS wildcard certificates over https");
    }
    None
}

impl Bucket {
    /// A bucket in an AWS region, addressed [`AddressingStyle::Auto`].
    ///
    /// ```
    /// use awssig::s3::Bucket;
    /// assert!(Bucket::new("photos", "eu-west-1")?.is_virtual_hosted());
    /// assert!(Bucket::new("", "eu-west-1").is_err());
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn new(name: impl Into<String>, region: impl Into<String>) -> Result<Self> {
        let region = region.into();
        let endpoint = Endpoint::aws(&region)?;
        Self::with_endpoint(name, region, endpoint)
    }

    /// A bucket on a custom endpoint (MinIO `http://127.0.0.1:9000`, Ceph,
    /// Garage, R2 `https://<account>.r2.cloudflarestorage.com` with region
    /// `auto`, …), addressed [`AddressingStyle::Auto`].
    ///
    /// ```
    /// use awssig::s3::{Bucket, Endpoint};
    /// let minio = Bucket::with_endpoint("media", "us-east-1", Endpoint::parse("http://127.0.0.1:9000")?)?;
    /// assert!(!minio.is_virtual_hosted()); // an IP endpoint: path style
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn with_endpoint(
        name: impl Into<String>,
        region: impl Into<String>,
        endpoint: Endpoint,
    ) -> Result<Self> {
        let name = name.into();
        check_name(&name)?;
        let configured = Configured::new(SigningSettings::s3(region))?;
        let mut b = Bucket {
            name,
            endpoint,
            style: AddressingStyle::Auto,
            virtual_hosted: false,
            origin: String::new(),
            signed_host: String::new(),
            configured,
            version: SignatureVersion::V4,
            mrap: false,
            #[cfg(feature = "sigv4a")]
            v4a_keys: Default::default(),
        };
        b.resolve()?;
        Ok(b)
    }

    /// An S3 multi-region access point, from its ARN
    /// (`arn:aws:s3::ACCOUNT:accesspoint/ALIAS.mrap`, or `accesspoint:`):
    /// URLs go to `https://ALIAS.mrap.accesspoint.s3-global.amazonaws.com`
    /// and are signed with SigV4A for the region set `*` (feature
    /// `sigv4a`). Errors say which part of the ARN is wrong.
    ///
    /// ```
    /// use awssig::{Credentials, SigningTime, s3::{Bucket, SignatureVersion}};
    /// let mrap = Bucket::multi_region_access_point("arn:aws:s3::123456789012:accesspoint/mfzwi23gnjvgw.mrap")?;
    /// assert_eq!(mrap.origin(), "https://mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com");
    /// assert_eq!((mrap.region(), mrap.signature_version_used()), ("*", SignatureVersion::V4a));
    /// let creds = Credentials::new("AKID", "secret")?;
    /// let url = mrap.get("photos/cat.jpg").presign(&creds, SigningTime::from_unix(0)?, 3600)?;
    /// assert!(url.starts_with(
    ///     "https://mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com/photos/cat.jpg?\
    ///      X-Amz-Algorithm=AWS4-ECDSA-P256-SHA256&X-Amz-Credential=AKID%2F19700101%2Fs3%2Faws4_request&"
    /// ));
    /// assert!(url.contains("&X-Amz-Region-Set=%2A&X-Amz-Signature=30"));
    /// assert!(Bucket::multi_region_access_point("arn:aws:s3:us-east-1:123456789012:accesspoint/ap").is_err());
    /// # Ok::<(), awssig::Error>(())
    /// ```
    #[cfg(feature = "sigv4a")]
    pub fn multi_region_access_point(arn: &str) -> Result<Self> {
        let alias = mrap_alias(arn)?;
        let endpoint = Endpoint::parse("https://accesspoint.s3-global.amazonaws.com")?;
        let mut b = Self::with_endpoint(alias, "*", endpoint)?;
        b.mrap = true;
        b.version = SignatureVersion::V4a;
        b.resolve()?;
        Ok(b)
    }

    /// Chooses the addressing style.
    ///
    /// ```
    /// use awssig::s3::{AddressingStyle, Bucket};
    /// let b = Bucket::new("photos", "us-east-1")?.addressing_style(AddressingStyle::Path)?;
    /// assert!(!b.is_virtual_hosted());
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn addressing_style(mut self, style: AddressingStyle) -> Result<Self> {
        self.style = style;
        self.resolve()?;
        Ok(self)
    }

    /// Chooses the signature of presigned URLs ([`SignatureVersion::V4`]
    /// by default). Addressing, endpoint and the request builder stay the
    /// same.
    ///
    /// ```
    /// use awssig::{Credentials, SigningTime, s3::{Bucket, SignatureVersion}};
    /// let creds = Credentials::new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")?;
    /// let bucket = Bucket::new("johnsmith", "us-east-1")?.signature_version(SignatureVersion::V2);
    /// assert_eq!(bucket.signature_version_used(), SignatureVersion::V2);
    /// // The S3 documentation's query-string example.
    /// let url = bucket.get("photos/puppy.jpg").presign(&creds, SigningTime::from_unix(1_175_139_620 - 3600)?, 3600)?;
    /// assert_eq!(
    ///     url,
    ///     "https://johnsmith.s3.amazonaws.com/photos/puppy.jpg?AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE\
    ///      &Signature=NpgCjnDzrM%2BWFzoENXmpNDUsSn8%3D&Expires=1175139620"
    /// );
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn signature_version(mut self, version: SignatureVersion) -> Self {
        self.version = version;
        self
    }

    /// The signature of presigned URLs.
    ///
    /// ```
    /// use awssig::s3::{Bucket, SignatureVersion};
    /// assert_eq!(Bucket::new("photos", "us-east-1")?.signature_version_used(), SignatureVersion::V4);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn signature_version_used(&self) -> SignatureVersion {
        self.version
    }

    fn resolve(&mut self) -> Result<()> {
        let problem = virtual_host_problem(&self.name, &self.endpoint);
        self.virtual_hosted = match (self.style, problem) {
            // The access point's own host, whatever the style asked.
            _ if self.mrap => true,
            (AddressingStyle::Path, _) => false,
            (AddressingStyle::Auto, p) => p.is_none(),
            (AddressingStyle::VirtualHosted, None) => true,
            (AddressingStyle::VirtualHosted, Some(why)) => {
                return Err(Error::new(
                    ErrorKind::InvalidAddressing,
                    alloc::format!(
                        "bucket {:?} cannot be virtual-hosted on {}: {why}; use AddressingStyle::Path or Auto",
                        self.name, self.endpoint
                    ),
                ))
            }
        };
        let host_bucket = self.virtual_hosted.then_some(self.name.as_str());
        self.origin.clear();
        self.endpoint.write_origin(&mut self.origin, host_bucket);
        self.signed_host = self.endpoint.signed_host(host_bucket);
        Ok(())
    }

    /// The bucket name.
    ///
    /// ```
    /// assert_eq!(awssig::s3::Bucket::new("photos", "us-east-1")?.name(), "photos");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The region of the credential scope.
    ///
    /// ```
    /// assert_eq!(awssig::s3::Bucket::new("photos", "eu-west-1")?.region(), "eu-west-1");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn region(&self) -> &str {
        self.configured.settings().region()
    }

    /// The endpoint.
    ///
    /// ```
    /// assert_eq!(awssig::s3::Bucket::new("photos", "eu-west-1")?.endpoint().host(), "s3.eu-west-1.amazonaws.com");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }

    /// Whether URLs put the bucket in the host name.
    ///
    /// ```
    /// assert!(awssig::s3::Bucket::new("photos", "eu-west-1")?.is_virtual_hosted());
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn is_virtual_hosted(&self) -> bool {
        self.virtual_hosted
    }

    /// `scheme://host[:port]` of this bucket's URLs (the bucket included
    /// when virtual-hosted).
    ///
    /// ```
    /// use awssig::s3::Bucket;
    /// assert_eq!(Bucket::new("photos", "us-east-1")?.origin(), "https://photos.s3.amazonaws.com");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The `host` value that is signed (lowercase, default port dropped).
    ///
    /// ```
    /// use awssig::s3::{Bucket, Endpoint};
    /// let b = Bucket::with_endpoint("files", "us-east-1", Endpoint::parse("https://Minio.Example.com:443")?)?;
    /// assert_eq!(b.signed_host(), "files.minio.example.com");
    /// assert_eq!(b.origin(), "https://files.Minio.Example.com:443");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn signed_host(&self) -> &str {
        &self.signed_host
    }

    pub(crate) fn path_bucket(&self) -> Option<&str> {
        (!self.virtual_hosted).then_some(self.name.as_str())
    }

    /// A presigned `GET` of an object (download link).
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let url = Bucket::new("photos", "eu-west-1")?.get("2024/cat.jpg").presign(&creds, SigningTime::from_unix(0)?, 3600)?;
    /// assert!(url.starts_with("https://photos.s3.eu-west-1.amazonaws.com/2024/cat.jpg?X-Amz-Algorithm="));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn get<'b>(&'b self, key: &'b str) -> PresignRequest<'b> {
        PresignRequest::new(self, "GET", key)
    }

    /// A presigned `PUT` of an object (let someone upload).
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let signed = Bucket::new("uploads", "eu-west-1")?
    ///     .put("incoming/report.pdf")
    ///     .content_type("application/pdf")
    ///     .presign_detailed(&creds, SigningTime::from_unix(0)?, 600)?;
    /// assert_eq!(signed.headers(), [("content-type".to_string(), "application/pdf".to_string())]);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn put<'b>(&'b self, key: &'b str) -> PresignRequest<'b> {
        PresignRequest::new(self, "PUT", key)
    }

    /// A presigned `HEAD` of an object.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let url = Bucket::new("photos", "eu-west-1")?.head("a.jpg").presign(&creds, SigningTime::from_unix(0)?, 60)?;
    /// # let _ = url;
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn head<'b>(&'b self, key: &'b str) -> PresignRequest<'b> {
        PresignRequest::new(self, "HEAD", key)
    }

    /// A presigned `DELETE` of an object.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let url = Bucket::new("photos", "eu-west-1")?.delete("a.jpg").presign(&creds, SigningTime::from_unix(0)?, 60)?;
    /// # let _ = url;
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn delete<'b>(&'b self, key: &'b str) -> PresignRequest<'b> {
        PresignRequest::new(self, "DELETE", key)
    }

    /// A request with any method, to presign; an empty key addresses the
    /// bucket itself (ListObjectsV2, GetBucketLocation, …).
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime, s3::Bucket};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let bucket = Bucket::new("photos", "eu-west-1")?;
    /// let url = bucket.request("GET", "").query("list-type", "2").query("prefix", "2024/").presign(&creds, SigningTime::from_unix(0)?, 60)?;
    /// assert!(url.starts_with("https://photos.s3.eu-west-1.amazonaws.com/?list-type=2&prefix=2024%2F&X-Amz-"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn request<'b>(&'b self, method: &'b str, key: &'b str) -> PresignRequest<'b> {
        PresignRequest::new(self, method, key)
    }
}

impl Clone for Bucket {
    fn clone(&self) -> Self {
        Bucket {
            name: self.name.clone(),
            endpoint: self.endpoint.clone(),
            style: self.style,
            virtual_hosted: self.virtual_hosted,
            origin: self.origin.clone(),
            signed_host: self.signed_host.clone(),
            configured: self.configured.clone(),
            version: self.version,
            mrap: self.mrap,
            #[cfg(feature = "sigv4a")]
            v4a_keys: Default::default(),
        }
    }
}

impl fmt::Debug for Bucket {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Bucket")
            .field("name", &self.name)
            .field("region", &self.region())
            .field("endpoint", &self.endpoint)
            .field("style", &self.style)
            .field("virtual_hosted", &self.virtual_hosted)
            .field("signature_version", &self.version)
            .finish()
    }
}
