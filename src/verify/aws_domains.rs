//! AWS's own S3 host names, for any region: the domains under which AWS
//! virtual-hosts buckets (see [`crate::verify::Verifier::aws_s3_domains`]
//! for the sources).

/// Whether `name` (lowercase, no port) is an S3 service host of AWS:
///
/// * `s3.amazonaws.com` (the legacy global endpoint);
/// * `s3.<region>.amazonaws.com` and `s3.<region>.amazonaws.com.cn`;
/// * `s3.dualstack.<region>.amazonaws.com` and `….amazonaws.com.cn`;
/// * `s3-<region>.amazonaws.com` (legacy dash form of older regions);
/// * `s3-fips.<region>.amazonaws.com`, `s3-fips.dualstack.<region>.amazonaws.com`.
pub(crate) fn is_aws_s3_domain(name: &str) -> bool {
    let (rest, china) = if let Some(r) = name.strip_suffix(".amazonaws.com") {
        (r, false)
    } else if let Some(r) = name.strip_suffix(".amazonaws.com.cn") {
        (r, true)
    } else {
        return false;
    };
    if rest == "s3" {
        return !china;
    }
    let region = if let Some(r) = rest.strip_prefix("s3.dualstack.") {
        r
    } else if let Some(r) = rest.strip_prefix("s3.") {
        r
    } else if china {
        return false;
    } else if let Some(r) = rest.strip_prefix("s3-fips.dualstack.") {
        r
    } else if let Some(r) = rest.strip_prefix("s3-fips.") {
        r
    } else if let Some(r) = rest.strip_prefix("s3-") {
        r
    } else {
        return false;
    };
    is_region(region)
}

/// A region code's shape: one DNS label of lowercase letters, digits and
/// single dashes, starting with a letter and ending with a digit, with at
/// least one dash (`us-east-1`, `us-gov-west-1`, `cn-north-1`).
fn is_region(r: &str) -> bool {
    let b = r.as_bytes();
    matches!(b.first(), Some(c) if c.is_ascii_lowercase())
        && matches!(b.last(), Some(c) if c.is_ascii_digit())
        && r.contains('-')
        && !r.contains("--")
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aws_s3_domains() {
        for yes in [
            "s3.amazonaws.com",
            "s3.us-east-1.amazonaws.com",
            "s3.eu-west-1.amazonaws.com",
            "s3.us-gov-west-1.amazonaws.com",
            "s3.ap-southeast-5.amazonaws.com",
            "s3-us-west-2.amazonaws.com",
            "s3-external-1.amazonaws.com",
            "s3.dualstack.us-east-1.amazonaws.com",
            "s3.cn-north-1.amazonaws.com.cn",
            "s3.dualstack.cn-northwest-1.amazonaws.com.cn",
            "s3-fips.us-east-2.amazonaws.com",
            "s3-fips.dualstack.us-east-2.amazonaws.com",
        ] {
            assert!(is_aws_s3_domain(yes), "{yes}");
        }
        for no in [
            "",
            "amazonaws.com",
            "s3.amazonaws.com.cn",
            "s3-cn-north-1.amazonaws.com.cn",
            "b.s3.amazonaws.com",
            "b.s3.eu-west-1.amazonaws.com",
            "s3.dualstack.amazonaws.com",
            "s3.eu-west.amazonaws.com",
            "s3.eu--west-1.amazonaws.com",
            "s3.1eu-west-1.amazonaws.com",
            "s3.EU-west-1.amazonaws.com",
            "s3.x.eu-west-1.amazonaws.com",
            "s3-accesspoint.us-east-1.amazonaws.com",
            "s3-control.us-east-1.amazonaws.com",
            "ec2.us-east-1.amazonaws.com",
            "s3.eu-west-1.amazonaws.com.evil.example",
            "s3.example.com",
        ] {
            assert!(!is_aws_s3_domain(no), "{no}");
        }
    }
}
