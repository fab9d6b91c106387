//! The documented bounds of the tokens' inputs, each refused with what
//! was wrong and what is allowed.

use alloc::format;

use crate::error::{Error, ErrorKind, Result};

fn bad(message: alloc::string::String) -> Error {
    Error::new(ErrorKind::InvalidTokenInput, message)
}

/// A host name as the token's URL carries it: 1-253 letters, digits,
/// `.`, `-` and `_` (no scheme, port, path or user info).
pub(crate) fn host(what: &str, host: &str) -> Result<()> {
    if host.is_empty() {
        return Err(bad(format!("the {what} is empty; give the endpoint's host name, e.g. mydb.123456789012.us-east-1.rds.amazonaws.com")));
    }
    if host.len() > 253 {
        return Err(bad(format!(
            "the {what} is {} bytes long; a host name has at most 253",
            host.len()
        )));
    }
    if let Some(c) = host
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')))
    {
        return Err(bad(format!(
            "the {what} {host:?} contains {c:?}; allowed are letters, digits, '.', '-' and '_' (a host name alone: no scheme, port or path)"
        )));
    }
    Ok(())
}

/// A TCP port: 1-65535.
pub(crate) fn port(port: u16) -> Result<()> {
    if port == 0 {
        return Err(bad("port 0 is out of range; allowed are 1 to 65535".into()));
    }
    Ok(())
}

/// A database user name: not empty, no control characters.
pub(crate) fn user(what: &str, user: &str) -> Result<()> {
    if user.is_empty() {
        return Err(bad(format!(
            "the {what} is empty; give the name to log in as"
        )));
    }
    if let Some(c) = user.chars().find(|c| c.is_control()) {
        return Err(bad(format!(
            "the {what} {user:?} contains the control character {c:?}; allowed are printable characters"
        )));
    }
    Ok(())
}

/// A lifetime of 1..=`max` seconds (`name` says whose maximum).
pub(crate) fn expires(expires_in: u64, max: u64, name: &str) -> Result<()> {
    if expires_in == 0 || expires_in > max {
        return Err(Error::new(
            ErrorKind::InvalidExpiry,
            format!(
                "expires_in {expires_in} s is outside the {name} token's range of 1 to {max} s"
            ),
        ));
    }
    Ok(())
}

/// An ElastiCache or MemoryDB cache/cluster name (the token's host):
/// 1-40 letters, digits and hyphens, starting with a letter, not ending
/// with a hyphen, no two hyphens in a row (the CreateReplicationGroup,
/// CreateServerlessCache and MemoryDB CreateCluster rules).
pub(crate) fn cache_name(what: &str, name: &str) -> Result<()> {
    let b = name.as_bytes();
    let ok = !b.is_empty()
        && b.len() <= 40
        && b[0].is_ascii_alphabetic()
        && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
        && !name.ends_with('-')
        && !name.contains("--");
    if !ok {
        return Err(bad(format!(
            "the {what} {name:?} is not a valid name; allowed are 1 to 40 letters, digits and hyphens, starting with a letter, not ending with a hyphen, without two hyphens in a row"
        )));
    }
    Ok(())
}

/// An ElastiCache user id or MemoryDB user name: a letter, then letters,
/// digits and hyphens (`default.` may lead an ElastiCache id when
/// `default_prefix`): the CreateUser patterns, which set no maximum.
pub(crate) fn cache_user(what: &str, user: &str, default_prefix: bool) -> Result<()> {
    let rest = match user.strip_prefix("default.") {
        Some(r) if default_prefix => r,
        _ => user,
    };
    let b = rest.as_bytes();
    let ok = !b.is_empty()
        && b[0].is_ascii_alphabetic()
        && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-');
    if !ok {
        let prefix = if default_prefix {
            " (optionally after \"default.\")"
        } else {
            ""
        };
        return Err(bad(format!(
            "the {what} {user:?} is not valid; allowed are a letter{prefix}, then letters, digits and hyphens"
        )));
    }
    Ok(())
}

/// An EKS cluster name or id: 1-100 letters, digits, `-` and `_`,
/// starting with a letter or digit.
pub(crate) fn eks_cluster(name: &str) -> Result<()> {
    let b = name.as_bytes();
    let ok = !b.is_empty()
        && b.len() <= 100
        && b[0].is_ascii_alphanumeric()
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_'));
    if !ok {
        return Err(bad(format!(
            "the EKS cluster name {name:?} is not valid; allowed are 1 to 100 letters, digits, '-' and '_', starting with a letter or digit"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn bounds_refuse_with_the_rule() {
        assert!(host("host name", "db.example.com").is_ok());
        assert!(host("host name", "").is_err());
        assert!(host("host name", "https://db").is_err());
        assert!(host("host name", "db:5432").is_err());
        assert!(port(0).is_err() && port(1).is_ok() && port(65535).is_ok());
        assert!(user("user name", "").is_err() && user("user name", "a\nb").is_err());
        assert!(expires(900, 900, "RDS").is_ok());
        let e = expires(901, 900, "RDS").unwrap_err();
        assert_eq!(
            e.to_string(),
            "expires_in 901 s is outside the RDS token's range of 1 to 900 s"
        );
        assert!(expires(0, 900, "RDS").is_err());
        assert!(cache_name("c", "my-cache-1").is_ok());
        for n in ["", "1a", "a-", "a--b", "a_b", &"a".repeat(41)] {
            assert!(cache_name("c", n).is_err(), "{n}");
        }
        assert!(cache_user("u", "default.iam-user", true).is_ok());
        assert!(cache_user("u", "default.iam-user", false).is_err());
        assert!(cache_user("u", "9user", true).is_err());
        assert!(eks_cluster("prod_cluster-1").is_ok());
        assert!(eks_cluster("-x").is_err() && eks_cluster("").is_err());
        assert!(eks_cluster(&"a".repeat(101)).is_err());
    }
}
