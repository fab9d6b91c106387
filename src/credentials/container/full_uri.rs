//! Which URLs the container credentials source may call: any `https` URL,
//! and over plain `http` only the loopback interface, the ECS agent
//! (`169.254.170.2`) and the EKS Pod Identity agent (`169.254.170.23`,
//! `[fd00:ec2::23]`): the credentials must not cross a network in clear.

use alloc::string::{String, ToString};
use core::net::{Ipv4Addr, Ipv6Addr};

use crate::error::{Error, Result};

use super::SOURCE;

/// The ECS agent's address, which a relative URI is rooted at.
pub(super) const ECS_AGENT: &str = "http://169.254.170.2";

/// Checks `AWS_CONTAINER_CREDENTIALS_FULL_URI` and returns it unchanged.
pub(super) fn checked_full_uri(uri: &str) -> Result<String> {
    let name = "AWS_CONTAINER_CREDENTIALS_FULL_URI";
    no_bad_characters(name, uri)?;
    let (https, rest) = if let Some(rest) = strip_prefix_ignore_case(uri, "https://") {
        (true, rest)
    } else if let Some(rest) = strip_prefix_ignore_case(uri, "http://") {
        (false, rest)
    } else if uri.contains("://") {
        return Err(Error::credential_source(
            SOURCE,
            format_args!("{name} `{uri}` has an unsupported scheme; expected http:// or https://"),
        ));
    } else {
        return Err(Error::credential_source(
            SOURCE,
            format_args!("{name} `{uri}` is not absolute: the URI did not specify a host; expected http(s)://host[:port]/path"),
        ));
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.contains('@') {
        return Err(Error::credential_source(
            SOURCE,
            format_args!("{name} `{uri}` carries user info; put credentials in AWS_CONTAINER_AUTHORIZATION_TOKEN"),
        ));
    }
    let (host, port) = split_host_port(authority);
    if host.is_empty() {
        return Err(Error::credential_source(
            SOURCE,
            format_args!("{name} `{uri}`: the URI did not specify a host"),
        ));
    }
    if let Some(port) = port {
        if port.is_empty() || port.len() > 5 || !port.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Error::credential_source(
                SOURCE,
                format_args!("{name} `{uri}` has an invalid port `{port}`"),
            ));
        }
    }
    if !https && !is_allowed_http_host(host) {
        return Err(Error::credential_source(
            SOURCE,
            format_args!(
                "{name} `{uri}` uses plain http to `{host}`; http is allowed only to loopback addresses, localhost, 169.254.170.2, 169.254.170.23 and [fd00:ec2::23] (host names are not resolved), anything else needs https"
            ),
        ));
    }
    Ok(uri.to_string())
}

/// Checks `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` and roots it at the
/// ECS agent.
pub(super) fn relative_to_agent(path: &str) -> Result<String> {
    let name = "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI";
    no_bad_characters(name, path)?;
    if !path.starts_with('/') {
        return Err(Error::credential_source(
            SOURCE,
            format_args!("{name} `{path}` does not start with `/`; expected a path such as /v2/credentials/<id>"),
        ));
    }
    Ok(alloc::format!("{ECS_AGENT}{path}"))
}

fn no_bad_characters(name: &str, value: &str) -> Result<()> {
    match value
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || !c.is_ascii())
    {
        Some(c) => Err(Error::credential_source(
            SOURCE,
            format_args!(
                "{name} `{}` holds {c:?}; a URI is visible ASCII (percent-encode the rest)",
                value.escape_debug()
            ),
        )),
        None => Ok(()),
    }
}

fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| s.get(prefix.len()..))
        .flatten()
}

/// `host[:port]` or `[v6][:port]` → (host without brackets, port).
fn split_host_port(authority: &str) -> (&str, Option<&str>) {
    if let Some(rest) = authority.strip_prefix('[') {
        return match rest.split_once(']') {
            Some((host, after)) => (host, after.strip_prefix(':')),
            None => ("", None),
        };
    }
    match authority.split_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (authority, None),
    }
}

fn is_allowed_http_host(host: &str) -> bool {
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    if let Ok(ip) = host.parse::<Ipv4Addr>() {
        return ip.is_loopback()
            || ip == Ipv4Addr::new(169, 254, 170, 2)
            || ip == Ipv4Addr::new(169, 254, 170, 23);
    }
    if let Ok(ip) = host.parse::<Ipv6Addr>() {
        return ip.is_loopback() || ip == Ipv6Addr::new(0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x23);
    }
    false
}
