//! Where STS requests go: the regional endpoint of a region (FIPS and
//! dual-stack variants), or an endpoint URL the caller resolved.

use alloc::string::String;

use crate::error::{Error, ErrorKind, Result};
use crate::partition;

/// The STS endpoint a request goes to, and the region it is signed for.
///
/// [`StsEndpoint::regional`] follows the SDKs' endpoint rules:
/// `https://sts.{region}.amazonaws.com` (`.amazonaws.com.cn` in China,
/// each partition its own suffix), `sts-fips.` with [`fips`](Self::fips),
/// the `api.aws` suffix with [`dual_stack`](Self::dual_stack) (GovCloud's
/// plain endpoints are already FIPS). The legacy global endpoint
/// (`sts.amazonaws.com`) is not offered: the SDKs default to regional
/// endpoints, and a regional token works in every region.
///
/// [`StsEndpoint::custom`] takes an endpoint URL the caller resolved,
/// which wins over the regional one. Apply the aws cli's precedence when
/// looking for it: `AWS_ENDPOINT_URL_STS`, then `AWS_ENDPOINT_URL`, then
/// the profile's `services` section (`sts = \n  endpoint_url = …`), then
/// the profile's `endpoint_url`; none of them (or
/// `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true`, or the profile's
/// `ignore_configured_endpoint_urls = true`) means regional.
///
/// ```
/// use awssig::credentials::sts::StsEndpoint;
/// assert_eq!(StsEndpoint::regional("us-east-1")?.url(), "https://sts.us-east-1.amazonaws.com/");
/// assert_eq!(StsEndpoint::regional("cn-north-1")?.url(), "https://sts.cn-north-1.amazonaws.com.cn/");
/// let both = StsEndpoint::regional("us-east-1")?.fips(true).dual_stack(true);
/// assert_eq!(both.url(), "https://sts-fips.us-east-1.api.aws/");
/// let local = StsEndpoint::custom("http://127.0.0.1:5000", "us-east-1")?;
/// assert_eq!(local.url(), "http://127.0.0.1:5000/");
/// assert_eq!(local.host(), "127.0.0.1:5000");
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StsEndpoint {
    region: String,
    kind: Kind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Kind {
    Regional {
        partition: partition::Partition,
        fips: bool,
        dual_stack: bool,
    },
    Custom {
        /// `scheme://host[:port]` as given.
        origin: String,
        /// The signed host: lowercase, default port dropped.
        host: String,
        /// The path prefix, then `/`.
        path: String,
    },
}

impl StsEndpoint {
    /// The regional endpoint of `region`, which the request is signed for.
    /// The region must be a DNS label of lowercase letters, digits and
    /// hyphens.
    ///
    /// ```
    /// use awssig::credentials::sts::StsEndpoint;
    /// assert_eq!(StsEndpoint::regional("eu-west-1")?.host(), "sts.eu-west-1.amazonaws.com");
    /// assert!(StsEndpoint::regional("EU West 1").is_err());
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn regional(region: &str) -> Result<Self> {
        let partition = partition::for_region("STS endpoint", region)?;
        Ok(StsEndpoint {
            region: region.into(),
            kind: Kind::Regional {
                partition,
                fips: false,
                dual_stack: false,
            },
        })
    }

    /// An endpoint URL the caller resolved (`AWS_ENDPOINT_URL_STS`, a
    /// local STS such as Ceph RGW or moto), and the region to sign for:
    /// `http(s)://host[:port][/prefix]`; user info, a query or a fragment
    /// are errors.
    ///
    /// ```
    /// use awssig::credentials::sts::StsEndpoint;
    /// let e = StsEndpoint::custom("https://STS.Example.com:443/proxy/", "us-east-1")?;
    /// assert_eq!(e.url(), "https://STS.Example.com:443/proxy/");
    /// assert_eq!(e.host(), "sts.example.com");
    /// assert!(StsEndpoint::custom("ftp://h", "us-east-1").is_err());
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn custom(url: &str, region: &str) -> Result<Self> {
        crate::v4::SigningSettings::new("sts", region)
            .validate()
            .map_err(|e| {
                Error::new(
                    ErrorKind::InvalidRegion,
                    alloc::format!("STS endpoint: {e}"),
                )
            })?;
        let parsed = crate::s3::Endpoint::parse(url).map_err(|e| {
            Error::new(
                ErrorKind::InvalidEndpoint,
                alloc::format!("STS endpoint URL {url:?}: {e}"),
            )
        })?;
        let mut origin = String::new();
        parsed.write_origin(&mut origin, None);
        let mut path = String::from(parsed.path_prefix());
        path.push('/');
        Ok(StsEndpoint {
            region: region.into(),
            kind: Kind::Custom {
                origin,
                host: parsed.signed_host(None),
                path,
            },
        })
    }

    /// Uses the FIPS endpoint (`sts-fips.`; GovCloud's regional endpoint
    /// already is one). No effect on a custom endpoint.
    ///
    /// ```
    /// use awssig::credentials::sts::StsEndpoint;
    /// assert_eq!(StsEndpoint::regional("us-west-2")?.fips(true).host(), "sts-fips.us-west-2.amazonaws.com");
    /// assert_eq!(StsEndpoint::regional("us-gov-west-1")?.fips(true).host(), "sts.us-gov-west-1.amazonaws.com");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    #[must_use]
    pub fn fips(mut self, on: bool) -> Self {
        if let Kind::Regional { fips, .. } = &mut self.kind {
            *fips = on;
        }
        self
    }

    /// Uses the dual-stack (IPv4 and IPv6) endpoint. No effect on a custom
    /// endpoint.
    ///
    /// ```
    /// use awssig::credentials::sts::StsEndpoint;
    /// assert_eq!(StsEndpoint::regional("cn-north-1")?.dual_stack(true).host(), "sts.cn-north-1.api.amazonwebservices.com.cn");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    #[must_use]
    pub fn dual_stack(mut self, on: bool) -> Self {
        if let Kind::Regional { dual_stack, .. } = &mut self.kind {
            *dual_stack = on;
        }
        self
    }

    /// The region requests are signed for.
    ///
    /// ```
    /// # use awssig::credentials::sts::StsEndpoint;
    /// assert_eq!(StsEndpoint::custom("http://127.0.0.1:7480", "default")?.region(), "default");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn region(&self) -> &str {
        &self.region
    }

    /// The host as signed: lowercase, a default port dropped.
    ///
    /// ```
    /// # use awssig::credentials::sts::StsEndpoint;
    /// assert_eq!(StsEndpoint::custom("http://localhost:80", "us-east-1")?.host(), "localhost");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn host(&self) -> String {
        match &self.kind {
            Kind::Regional {
                partition,
                fips,
                dual_stack,
            } => partition.regional_host("sts", &self.region, *fips, *dual_stack),
            Kind::Custom { host, .. } => host.clone(),
        }
    }

    /// The path requests go to (`/`, or a custom endpoint's prefix and `/`).
    pub(crate) fn path(&self) -> &str {
        match &self.kind {
            Kind::Regional { .. } => "/",
            Kind::Custom { path, .. } => path,
        }
    }

    /// The URL requests go to.
    ///
    /// ```
    /// # use awssig::credentials::sts::StsEndpoint;
    /// assert_eq!(StsEndpoint::regional("us-gov-east-1")?.dual_stack(true).url(), "https://sts.us-gov-east-1.api.aws/");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn url(&self) -> String {
        match &self.kind {
            Kind::Regional { .. } => alloc::format!("https://{}/", self.host()),
            Kind::Custom { origin, path, .. } => alloc::format!("{origin}{path}"),
        }
    }
}
