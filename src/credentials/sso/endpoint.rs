//! Where the SSO portal is: `portal.sso.{sso_region}` in the region's
//! partition (FIPS and dual-stack variants), or a URL the caller resolved.

use alloc::string::String;

use crate::error::{Error, ErrorKind, Result};
use crate::partition;

/// The SSO portal endpoint (`sso_region`'s), where `GetRoleCredentials`
/// goes.
///
/// [`SsoEndpoint::custom`] takes an endpoint URL the caller resolved
/// (`AWS_ENDPOINT_URL_SSO`, then `AWS_ENDPOINT_URL`, then the profile's
/// `services` section's `sso`, then its `endpoint_url`).
///
/// ```
/// use awssig::credentials::sso::SsoEndpoint;
/// assert_eq!(SsoEndpoint::regional("us-east-2")?.origin(), "https://portal.sso.us-east-2.amazonaws.com");
/// let both = SsoEndpoint::regional("us-east-2")?.fips(true).dual_stack(true);
/// assert_eq!(both.origin(), "https://portal.sso-fips.us-east-2.api.aws");
/// assert_eq!(SsoEndpoint::regional("cn-north-1")?.origin(), "https://portal.sso.cn-north-1.amazonaws.com.cn");
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SsoEndpoint {
    kind: Kind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Kind {
    Regional {
        region: String,
        partition: partition::Partition,
        fips: bool,
        dual_stack: bool,
    },
    /// `scheme://host[:port][/prefix]`, no trailing `/`.
    Custom(String),
}

impl SsoEndpoint {
    /// The portal of `sso_region`.
    ///
    /// ```
    /// use awssig::credentials::sso::SsoEndpoint;
    /// assert!(SsoEndpoint::regional("us-east-1").is_ok());
    /// assert!(SsoEndpoint::regional("us east").is_err());
    /// ```
    pub fn regional(sso_region: &str) -> Result<Self> {
        let partition = partition::for_region("SSO endpoint", sso_region)?;
        Ok(SsoEndpoint {
            kind: Kind::Regional {
                region: sso_region.into(),
                partition,
                fips: false,
                dual_stack: false,
            },
        })
    }

    /// An endpoint URL the caller resolved: `http(s)://host[:port][/prefix]`.
    ///
    /// ```
    /// use awssig::credentials::sso::SsoEndpoint;
    /// assert_eq!(SsoEndpoint::custom("http://127.0.0.1:9000/")?.origin(), "http://127.0.0.1:9000");
    /// assert!(SsoEndpoint::custom("127.0.0.1:9000").is_err());
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn custom(url: &str) -> Result<Self> {
        let parsed = crate::s3::Endpoint::parse(url).map_err(|e| {
            Error::new(
                ErrorKind::InvalidEndpoint,
                alloc::format!("SSO endpoint URL {url:?}: {e}"),
            )
        })?;
        let mut origin = String::new();
        parsed.write_origin(&mut origin, None);
        origin.push_str(parsed.path_prefix());
        Ok(SsoEndpoint {
            kind: Kind::Custom(origin),
        })
    }

    /// Uses the FIPS endpoint (`portal.sso-fips.`). No effect on a custom
    /// endpoint.
    ///
    /// ```
    /// use awssig::credentials::sso::SsoEndpoint;
    /// assert_eq!(SsoEndpoint::regional("us-east-1")?.fips(true).origin(), "https://portal.sso-fips.us-east-1.amazonaws.com");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    #[must_use]
    pub fn fips(mut self, on: bool) -> Self {
        if let Kind::Regional { fips, .. } = &mut self.kind {
            *fips = on;
        }
        self
    }

    /// Uses the dual-stack endpoint. No effect on a custom endpoint.
    ///
    /// ```
    /// use awssig::credentials::sso::SsoEndpoint;
    /// assert_eq!(SsoEndpoint::regional("us-east-1")?.dual_stack(true).origin(), "https://portal.sso.us-east-1.api.aws");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    #[must_use]
    pub fn dual_stack(mut self, on: bool) -> Self {
        if let Kind::Regional { dual_stack, .. } = &mut self.kind {
            *dual_stack = on;
        }
        self
    }

    /// `scheme://host[:port]` (and a custom endpoint's path prefix), no
    /// trailing `/`.
    ///
    /// ```
    /// use awssig::credentials::sso::SsoEndpoint;
    /// assert_eq!(SsoEndpoint::regional("us-gov-west-1")?.fips(true).origin(), "https://portal.sso.us-gov-west-1.amazonaws.com");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn origin(&self) -> String {
        match &self.kind {
            Kind::Regional {
                region,
                partition,
                fips,
                dual_stack,
            } => alloc::format!(
                "https://{}",
                partition.regional_host("portal.sso", region, *fips, *dual_stack)
            ),
            Kind::Custom(origin) => origin.clone(),
        }
    }
}
