//! AWS partitions: which DNS suffix a region's service endpoints use, as
//! the SDKs' endpoint rules (`partitions.json`) map them, for the
//! credential sources' endpoints (STS, the SSO portal), and the host of a
//! service's regional endpoint with its FIPS and dual-stack variants.
//!
//! `s3::Endpoint::aws` takes its suffix from here too, and checks regions
//! its own (looser) way.

use crate::error::{Error, ErrorKind, Result};

/// The DNS suffixes of one partition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Partition {
    /// `aws`, `aws-cn`, `aws-us-gov`, ...
    pub(crate) name: &'static str,
    /// `amazonaws.com`, `amazonaws.com.cn`, ...
    pub(crate) dns_suffix: &'static str,
    /// `api.aws`, `api.amazonwebservices.com.cn`, ...
    pub(crate) dual_stack_dns_suffix: &'static str,
}

const fn p(
    name: &'static str,
    dns_suffix: &'static str,
    dual_stack_dns_suffix: &'static str,
) -> Partition {
    Partition {
        name,
        dns_suffix,
        dual_stack_dns_suffix,
    }
}

/// `(region prefix, partition)`, longest prefixes first; a region that
/// matches none is in `aws`, as the endpoint rules fall back.
const TABLE: &[(&str, Partition)] = &[
    ("us-gov-", p("aws-us-gov", "amazonaws.com", "api.aws")),
    (
        "us-isob-",
        p("aws-iso-b", "sc2s.sgov.gov", "api.aws.scloud"),
    ),
    (
        "us-isof-",
        p("aws-iso-f", "csp.hci.ic.gov", "api.aws.hci.ic.gov"),
    ),
    ("us-iso-", p("aws-iso", "c2s.ic.gov", "api.aws.ic.gov")),
    (
        "eu-isoe-",
        p("aws-iso-e", "cloud.adc-e.uk", "api.cloud-aws.adc-e.uk"),
    ),
    (
        "eusc-",
        p("aws-eusc", "amazonaws.eu", "api.amazonwebservices.eu"),
    ),
    (
        "cn-",
        p("aws-cn", "amazonaws.com.cn", "api.amazonwebservices.com.cn"),
    ),
];

const AWS: Partition = p("aws", "amazonaws.com", "api.aws");

impl Partition {
    /// The host of `service`'s regional endpoint in `region` (of this
    /// partition): `{service}[-fips].{region}.{suffix}`, the dual-stack
    /// suffix with `dual_stack`. GovCloud's plain regional endpoints are
    /// already FIPS endpoints, so `fips` adds `-fips` there only to a
    /// dual-stack host.
    pub(crate) fn regional_host(
        &self,
        service: &str,
        region: &str,
        fips: bool,
        dual_stack: bool,
    ) -> alloc::string::String {
        let fips = fips && (dual_stack || self.name != "aws-us-gov");
        let suffix = if dual_stack {
            self.dual_stack_dns_suffix
        } else {
            self.dns_suffix
        };
        alloc::format!(
            "{service}{}.{region}.{suffix}",
            if fips { "-fips" } else { "" }
        )
    }
}

/// The partition of `region`, after checking that the region can be a
/// DNS label (`source` names the caller in the error).
pub(crate) fn for_region(source: &str, region: &str) -> Result<Partition> {
    let ok = !region.is_empty()
        && region.len() <= 63
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !region.starts_with('-')
        && !region.ends_with('-');
    if !ok {
        return Err(Error::new(
            ErrorKind::InvalidRegion,
            alloc::format!(
                "{source}: region {region:?} cannot name an endpoint; expected 1-63 lowercase letters, digits and inner hyphens, e.g. us-east-1"
            ),
        ));
    }
    Ok(of(region))
}

/// The partition of `region`, unchecked (`s3::Endpoint::aws` checks
/// regions its own way): by prefix, else `aws`.
pub(crate) fn of(region: &str) -> Partition {
    TABLE
        .iter()
        .find(|(prefix, _)| region.starts_with(prefix))
        .map_or(AWS, |(_, p)| *p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn regions_map_to_their_partitions() {
        let name = |r| for_region("t", r).map(|p| p.name).unwrap_or("error");
        assert_eq!(name("us-east-1"), "aws");
        assert_eq!(name("eu-west-1"), "aws");
        assert_eq!(name("cn-north-1"), "aws-cn");
        assert_eq!(name("us-gov-west-1"), "aws-us-gov");
        assert_eq!(name("us-iso-east-1"), "aws-iso");
        assert_eq!(name("us-isob-east-1"), "aws-iso-b");
        assert_eq!(name("eusc-de-east-1"), "aws-eusc");
        assert_eq!(
            for_region("t", "cn-north-1").map(|p| p.dns_suffix),
            Ok("amazonaws.com.cn")
        );
    }

    #[test]
    fn regional_hosts_have_the_fips_and_dual_stack_variants() {
        let host = |r, fips, ds| {
            for_region("t", r)
                .unwrap()
                .regional_host("sts", r, fips, ds)
        };
        assert_eq!(
            host("us-east-1", false, false),
            "sts.us-east-1.amazonaws.com"
        );
        assert_eq!(host("us-east-1", true, true), "sts-fips.us-east-1.api.aws");
        assert_eq!(
            host("cn-north-1", false, true),
            "sts.cn-north-1.api.amazonwebservices.com.cn"
        );
        assert_eq!(
            host("us-gov-west-1", true, false),
            "sts.us-gov-west-1.amazonaws.com"
        );
        assert_eq!(
            host("us-gov-west-1", true, true),
            "sts-fips.us-gov-west-1.api.aws"
        );
    }

    #[test]
    fn regions_that_cannot_be_a_host_label_are_refused() {
        for r in ["", "US-EAST-1", "us east 1", "-us", "us-", "a.b", "x/y"] {
            let e = for_region("STS", r).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::InvalidRegion, "{r:?}");
            assert!(e.to_string().starts_with("STS: region"), "{e}");
        }
    }
}
