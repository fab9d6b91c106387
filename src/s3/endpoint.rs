//! Where a bucket lives: an AWS region's S3 endpoint or a custom one
//! (MinIO, Ceph RGW, Garage, Cloudflare R2, …).

use alloc::string::String;
use core::fmt;

use crate::encode::{self, Sink};
use crate::error::{Error, ErrorKind, Result};
use crate::syntax;

/// `http` or `https`.
///
/// ```
/// use awssig::s3::{Endpoint, Scheme};
/// assert_eq!(Endpoint::parse("https://h")?.scheme(), Scheme::Https);
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scheme {
    /// Plain HTTP (local servers).
    Http,
    /// HTTPS.
    Https,
}

impl Scheme {
    fn as_str(self) -> &'static str {
        match self {
            Scheme::Http => "http",
            Scheme::Https => "https",
        }
    }

    fn default_port(self) -> u16 {
        match self {
            Scheme::Http => 80,
            Scheme::Https => 443,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum HostKind {
    Name,
    Ipv4,
    Ipv6,
}

/// An S3 endpoint: scheme, host, optional port and optional path prefix.
///
/// The host is kept as given for the URL and lowercased when signed; an
/// explicit default port (`:443` on https, `:80` on http) stays in the URL
/// but is not signed, as botocore does.
///
/// ```
/// use awssig::s3::Endpoint;
/// let e = Endpoint::parse("https://Minio.Example.com:443/prefix/")?;
/// assert_eq!(e.to_string(), "https://Minio.Example.com:443/prefix");
/// assert_eq!(Endpoint::aws("us-east-1")?.to_string(), "https://s3.amazonaws.com");
/// assert_eq!(Endpoint::aws("cn-north-1")?.to_string(), "https://s3.cn-north-1.amazonaws.com.cn");
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Endpoint {
    scheme: Scheme,
    host: String,
    port: Option<u16>,
    prefix: String,
    kind: HostKind,
}

fn bad(url: &str, why: &str) -> Error {
    Error::new(
        ErrorKind::InvalidEndpoint,
        alloc::format!("endpoint {url:?} {why}"),
    )
}

fn check_region(region: &str) -> Result<()> {
    if region.is_empty()
        || !region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Err(Error::new(
            ErrorKind::InvalidRegion,
            alloc::format!(
                "region {region:?} cannot name an AWS S3 endpoint: use lowercase letters, digits and '-' (e.g. eu-west-1), or give a custom endpoint"
            ),
        ));
    }
    Ok(())
}

impl Endpoint {
    /// The S3 endpoint of an AWS region, as botocore resolves it:
    /// `s3.amazonaws.com` for us-east-1, else `s3.<region>.<suffix>` with
    /// the DNS suffix of the region's partition (the SDKs'
    /// `partitions.json`): `amazonaws.com` (GovCloud included),
    /// `amazonaws.com.cn` in China, `c2s.ic.gov` (`us-iso-`),
    /// `sc2s.sgov.gov` (`us-isob-`), `csp.hci.ic.gov` (`us-isof-`),
    /// `cloud.adc-e.uk` (`eu-isoe-`), `amazonaws.eu` (`eusc-`).
    ///
    /// ```
    /// use awssig::s3::Endpoint;
    /// assert_eq!(Endpoint::aws("eu-west-1")?.host(), "s3.eu-west-1.amazonaws.com");
    /// assert_eq!(Endpoint::aws("us-gov-west-1")?.host(), "s3.us-gov-west-1.amazonaws.com");
    /// assert_eq!(Endpoint::aws("us-iso-east-1")?.host(), "s3.us-iso-east-1.c2s.ic.gov");
    /// assert!(Endpoint::aws("EU West").is_err());
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn aws(region: &str) -> Result<Self> {
        check_region(region)?;
        let host = if region == "us-east-1" {
            String::from("s3.amazonaws.com")
        } else {
            let suffix = crate::partition::of(region).dns_suffix;
            alloc::format!("s3.{region}.{suffix}")
        };
        Ok(Endpoint {
            scheme: Scheme::Https,
            host,
            port: None,
            prefix: String::new(),
            kind: HostKind::Name,
        })
    }

    /// Parses a custom endpoint URL: `http(s)://host[:port][/path/prefix]`.
    /// IPv6 hosts go in brackets. User info, a query or a fragment are
    /// errors.
    ///
    /// ```
    /// use awssig::s3::Endpoint;
    /// assert_eq!(Endpoint::parse("http://127.0.0.1:9000")?.port(), Some(9000));
    /// assert_eq!(Endpoint::parse("http://[::1]:9000")?.host(), "[::1]");
    /// assert_eq!(Endpoint::parse("https://h.example.com:9443/prefix")?.path_prefix(), "/prefix");
    /// assert!(Endpoint::parse("ftp://h").is_err());
    /// assert!(Endpoint::parse("https://user:pw@h").is_err());
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn parse(url: &str) -> Result<Self> {
        let (scheme, rest) = match url.find("://") {
            Some(i) => (&url[..i], &url[i + 3..]),
            None => return Err(bad(url, "has no scheme: expected http://… or https://…")),
        };
        let scheme = if scheme.eq_ignore_ascii_case("https") {
            Scheme::Https
        } else if scheme.eq_ignore_ascii_case("http") {
            Scheme::Http
        } else {
            return Err(bad(url, "has an unsupported scheme: use http or https"));
        };
        if let Some(c) = rest
            .chars()
            .find(|c| c.is_control() || c.is_whitespace() || matches!(c, '?' | '#' | '@' | '\\'))
        {
            return Err(bad(
                url,
                &alloc::format!(
                    "contains {c:?}: an endpoint is scheme://host[:port][/prefix], without whitespace, user info, query or fragment"
                ),
            ));
        }
        let (authority, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        };
        let (host, port_str, kind) = if let Some(inner) = authority.strip_prefix('[') {
            let close = inner
                .find(']')
                .ok_or_else(|| bad(url, "has an IPv6 host without its closing ']'"))?;
            let addr = &inner[..close];
            if addr.is_empty()
                || !addr
                    .bytes()
                    .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.')
            {
                return Err(bad(url, "has an invalid IPv6 address"));
            }
            let after = &inner[close + 1..];
            let port = match after.strip_prefix(':') {
                Some(p) => Some(p),
                None if after.is_empty() => None,
                None => return Err(bad(url, "has characters after the IPv6 address")),
            };
            (&authority[..close + 2], port, HostKind::Ipv6)
        } else {
            let (h, p) = match authority.rfind(':') {
                Some(i) => (&authority[..i], Some(&authority[i + 1..])),
                None => (authority, None),
            };
            if h.is_empty()
                || !h
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
            {
                return Err(bad(
                    url,
                    "has an invalid host: use letters, digits, '.', '-' and '_' (or [IPv6])",
                ));
            }
            let kind = if syntax::is_ipv4(h) {
                HostKind::Ipv4
            } else {
                HostKind::Name
            };
            (h, p, kind)
        };
        let port = match port_str {
            None => None,
            Some(p) => match p.parse::<u16>() {
                Ok(n) if n > 0 && p.bytes().all(|b| b.is_ascii_digit()) => Some(n),
                _ => return Err(bad(url, "has an invalid port: expected 1-65535")),
            },
        };
        let trimmed = path.trim_end_matches('/');
        let mut prefix = String::with_capacity(trimmed.len());
        encode::encode_path_once(
            &mut crate::encode::StringSink(&mut prefix),
            trimmed.as_bytes(),
        );
        Ok(Endpoint {
            scheme,
            host: String::from(host),
            port,
            prefix,
            kind,
        })
    }

    /// The scheme.
    ///
    /// ```
    /// use awssig::s3::{Endpoint, Scheme};
    /// assert_eq!(Endpoint::parse("http://localhost:9000")?.scheme(), Scheme::Http);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn scheme(&self) -> Scheme {
        self.scheme
    }

    /// The host as given (IPv6 in brackets).
    ///
    /// ```
    /// assert_eq!(awssig::s3::Endpoint::parse("https://Minio.Example.com")?.host(), "Minio.Example.com");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The port, when the URL names one.
    ///
    /// ```
    /// assert_eq!(awssig::s3::Endpoint::parse("https://h")?.port(), None);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn port(&self) -> Option<u16> {
        self.port
    }

    /// The path prefix (`/prefix`, or empty), percent-encoded.
    ///
    /// ```
    /// assert_eq!(awssig::s3::Endpoint::parse("http://h/proxy/s3/")?.path_prefix(), "/proxy/s3");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn path_prefix(&self) -> &str {
        &self.prefix
    }

    pub(crate) fn is_ip(&self) -> bool {
        self.kind != HostKind::Name
    }

    /// `scheme://[bucket.]host[:port]` as the URL shows it.
    pub(crate) fn write_origin(&self, out: &mut String, bucket: Option<&str>) {
        out.push_str(self.scheme.as_str());
        out.push_str("://");
        if let Some(b) = bucket {
            out.push_str(b);
            out.push('.');
        }
        out.push_str(&self.host);
        if let Some(p) = self.port {
            out.push(':');
            let mut buf = [0u8; 20];
            crate::encode::StringSink(out).put(encode::decimal(u64::from(p), &mut buf));
        }
    }

    /// The signed `host` value: lowercase, default port dropped.
    pub(crate) fn signed_host(&self, bucket: Option<&str>) -> String {
        let mut s = String::with_capacity(self.host.len() + 70);
        if let Some(b) = bucket {
            s.push_str(b);
            s.push('.');
        }
        s.push_str(&self.host);
        s.make_ascii_lowercase();
        if let Some(p) = self.port {
            if p != self.scheme.default_port() {
                s.push(':');
                let mut buf = [0u8; 20];
                crate::encode::StringSink(&mut s).put(encode::decimal(u64::from(p), &mut buf));
            }
        }
        s
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = String::new();
        self.write_origin(&mut s, None);
        f.write_str(&s)?;
        f.write_str(&self.prefix)
    }
}

impl fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Endpoint({self})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hosts botocore 1.43.11 puts in `generate_presigned_url`
    /// ("get_object", bucket `examplebucket`) for a region of each
    /// partition, without the bucket label: printed by botocore, not by
    /// this crate.
    #[test]
    fn each_partition_gets_botocores_s3_host() {
        for (region, host) in [
            ("us-iso-east-1", "s3.us-iso-east-1.c2s.ic.gov"),
            ("us-isob-east-1", "s3.us-isob-east-1.sc2s.sgov.gov"),
            ("us-isof-south-1", "s3.us-isof-south-1.csp.hci.ic.gov"),
            ("eu-isoe-west-1", "s3.eu-isoe-west-1.cloud.adc-e.uk"),
            ("eusc-de-east-1", "s3.eusc-de-east-1.amazonaws.eu"),
            ("cn-north-1", "s3.cn-north-1.amazonaws.com.cn"),
            ("us-gov-west-1", "s3.us-gov-west-1.amazonaws.com"),
            ("us-east-1", "s3.amazonaws.com"),
        ] {
            assert_eq!(Endpoint::aws(region).unwrap().host(), host, "{region}");
        }
    }
}
