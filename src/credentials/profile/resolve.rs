//! Resolving a profile into a [`Plan`], following `source_profile`
//! chains. Which keys of one profile win follows the aws cli (botocore)
//! and smithy-rs, which agree on the cross-SDK suite:
//!
//! * in the selected profile, `role_arn` (with `source_profile` or
//!   `credential_source`) beats static keys; in a *source* profile any
//!   static key ends the chain, whatever its `role_arn`, and its
//!   credentials come from botocore's profile chain (below, without
//!   `credential_source`);
//! * `role_arn` with `web_identity_token_file` is a web identity base, not
//!   an assume-role step;
//! * otherwise: web identity, `credential_source` (only with `role_arn`),
//!   SSO, static keys from the credentials file, `credential_process`,
//!   static keys from the config file (the aws cli's provider order;
//!   smithy-rs puts the process before all static keys);
//! * static keys come whole from the file that set `aws_access_key_id`;
//!   a profile may name itself as `source_profile` only to use its own
//!   static keys (anything else is a loop, as in botocore).
//!
//! `tests/vectors/credentials_botocore.rs` checks all this against a
//! botocore session, case by case.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use super::plan::{
    service_key, AccessKey, AssumeRole, Base, CredentialSource, Plan, Process, Sso, WebIdentity,
};
use super::set::{FileKind, ProfileSet, Section};
use crate::credentials::Credentials;
use crate::error::{Error, Result};

fn err(profile: &str, message: impl fmt::Display) -> Error {
    Error::credential_source(&format!("profile {profile:?}"), message)
}

fn owned(s: Option<&str>) -> Option<String> {
    s.map(String::from)
}

fn assume_role(p: &Section) -> Result<Option<AssumeRole>> {
    let Some(role_arn) = p.get("role_arn") else {
        return Ok(None);
    };
    if p.get("web_identity_token_file").is_some() {
        return Ok(None);
    }
    let duration_seconds = match p.get("duration_seconds") {
        None => None,
        Some(d) => match d.parse::<u32>() {
            Ok(n) if (900..=43200).contains(&n) => Some(n),
            _ => {
                return Err(err(
                    p.name(),
                    format_args!(
                        "duration_seconds {d:?} is not a whole number of seconds from 900 to 43200"
                    ),
                ))
            }
        },
    };
    Ok(Some(AssumeRole {
        role_arn: role_arn.into(),
        role_session_name: owned(p.get("role_session_name")),
        external_id: owned(p.get("external_id")),
        mfa_serial: owned(p.get("mfa_serial")),
        duration_seconds,
        profile: p.name().into(),
    }))
}

/// Static keys, if the profile has any of them: `None` when none is set.
///
/// As botocore reads them: the keys come from one file, the one that set
/// `aws_access_key_id` (a secret set only in the other file is missing; a
/// session token from the other file is not used); the token is
/// `aws_security_token` (the legacy name) or `aws_session_token`, and an
/// empty one is no token (botocore holds `""` and signs none).
fn static_keys(p: &Section) -> Option<Result<AccessKey>> {
    let file = p.origin("aws_access_key_id");
    let same_file = |key: &str| {
        p.get(key)
            .filter(|_| file.is_none() || p.origin(key) == file)
    };
    let id = p.get("aws_access_key_id");
    if id.is_none()
        && p.get("aws_secret_access_key").is_none()
        && p.get("aws_session_token").is_none()
    {
        return None;
    }
    let secret = same_file("aws_secret_access_key");
    let token = ["aws_security_token", "aws_session_token"]
        .into_iter()
        .find_map(same_file)
        .filter(|t| !t.is_empty());
    let keys = || {
        let id = id.ok_or_else(|| {
            err(p.name(), "profile missing aws_access_key_id (aws_secret_access_key or aws_session_token is set; static keys need both the id and the secret)")
        })?;
        let secret = secret.ok_or_else(|| {
            err(p.name(), "profile missing aws_secret_access_key (aws_access_key_id or aws_session_token is set; static keys need both the id and the secret)")
        })?;
        let mut creds = Credentials::new(id, secret).map_err(|e| err(p.name(), e))?;
        if let Some(t) = token {
            creds = creds.with_session_token(t).map_err(|e| err(p.name(), e))?;
        }
        Ok(AccessKey {
            credentials: creds,
            account_id: owned(p.get("aws_account_id")),
            profile: p.name().into(),
        })
    };
    Some(keys())
}

fn no_credentials(p: &Section) -> Error {
    err(
        p.name(),
        format_args!(
            "profile {:?} did not contain credential information (aws_access_key_id and aws_secret_access_key, credential_process, sso_session or sso_*, web_identity_token_file, or role_arn with source_profile or credential_source)",
            p.name()
        ),
    )
}

fn sso(set: &ProfileSet, p: &Section) -> Result<Option<Sso>> {
    let keys = [
        "sso_account_id",
        "sso_region",
        "sso_role_name",
        "sso_start_url",
        "sso_session",
    ];
    if keys.iter().all(|k| p.get(k).is_none()) {
        return Ok(None);
    }
    let (mut start_url, mut region) = (p.get("sso_start_url"), p.get("sso_region"));
    let session_name = p.get("sso_session");
    if let Some(name) = session_name {
        for (key, value) in [("sso_start_url", start_url), ("sso_region", region)] {
            if value.is_some() {
                return Err(err(
                    p.name(),
                    format_args!("`{key}` can only be specified in the [sso-session] config when a session name is given (sso_session = {name}); move it to [sso-session {name}]"),
                ));
            }
        }
        let Some(session) = set.sso_session(name) else {
            return Err(err(
                p.name(),
                format_args!("sso-session named {name:?} (referenced by profile {:?}) was not found; add a [sso-session {name}] section to the config file", p.name()),
            ));
        };
        start_url = session.get("sso_start_url");
        region = session.get("sso_region");
    }
    let (account_id, role_name) = (p.get("sso_account_id"), p.get("sso_role_name"));
    match (account_id, role_name) {
        (Some(_), None) => {
            return Err(err(
                p.name(),
                "if `sso_account_id` is set, then `sso_role_name` must also be set",
            ))
        }
        (None, Some(_)) => {
            return Err(err(
                p.name(),
                "if `sso_role_name` is set, then `sso_account_id` must also be set",
            ))
        }
        _ => {}
    }
    let where_ = match session_name {
        Some(name) => format!("[sso-session {name}]"),
        None => "the profile".into(),
    };
    let start_url = start_url.ok_or_else(|| {
        err(
            p.name(),
            format_args!("sso_start_url is missing from {where_}"),
        )
    })?;
    let region = region.ok_or_else(|| {
        err(
            p.name(),
            format_args!("sso_region is missing from {where_}"),
        )
    })?;
    Ok(Some(Sso {
        session_name: owned(session_name),
        start_url: start_url.into(),
        region: region.into(),
        account_id: owned(account_id),
        role_name: owned(role_name),
        profile: p.name().into(),
    }))
}

/// The base a profile gives by itself (not through `source_profile`).
/// `named`: whether `credential_source` counts (with `role_arn`, in a
/// profile that assumes its role; botocore's chain for a *source*
/// profile has no named sources).
fn base(set: &ProfileSet, p: &Section, named: bool) -> Result<Base> {
    match (p.get("role_arn"), p.get("web_identity_token_file")) {
        (Some(role_arn), Some(file)) => {
            return Ok(Base::WebIdentity(WebIdentity {
                role_arn: role_arn.into(),
                token_file: file.into(),
                role_session_name: owned(p.get("role_session_name")),
                profile: p.name().into(),
            }))
        }
        (None, Some(_)) => {
            return Err(err(
                p.name(),
                "web_identity_token_file is set but `role_arn` was missing",
            ))
        }
        _ => {}
    }
    if let (Some(source), true, Some(_)) = (p.get("credential_source"), named, p.get("role_arn")) {
        let source = match source {
            "Environment" => CredentialSource::Environment,
            "Ec2InstanceMetadata" => CredentialSource::Ec2InstanceMetadata,
            "EcsContainer" => CredentialSource::EcsContainer,
            other => {
                return Err(err(
                    p.name(),
                    format_args!("credential_source {other:?} is not supported; allowed are Environment, Ec2InstanceMetadata and EcsContainer"),
                ))
            }
        };
        return Ok(Base::Named(source));
    }
    if let Some(s) = sso(set, p)? {
        return Ok(Base::Sso(s));
    }
    if p.origin("aws_access_key_id") == Some(FileKind::Credentials) {
        if let Some(keys) = static_keys(p) {
            return keys.map(Base::AccessKey);
        }
    }
    if let Some(command) = p.get("credential_process") {
        return Ok(Base::Process(Process {
            command: command.into(),
            account_id: owned(p.get("aws_account_id")),
            profile: p.name().into(),
        }));
    }
    match static_keys(p) {
        Some(keys) => keys.map(Base::AccessKey),
        None => Err(no_credentials(p)),
    }
}

/// The keys that make a profile a source of credentials.
const CREDENTIAL_KEYS: &[&str] = &[
    "aws_access_key_id",
    "aws_secret_access_key",
    "aws_session_token",
    "role_arn",
    "credential_source",
    "credential_process",
    "web_identity_token_file",
    "sso_session",
    "sso_start_url",
    "sso_account_id",
    "sso_role_name",
];

impl ProfileSet {
    /// Whether the profile exists and sets any key that gives credentials
    /// (static keys, a role, a process, web identity, SSO). A chain skips a
    /// profile that sets none (e.g. only `region`), as the aws cli does,
    /// and resolves one that sets any (its errors then stop the chain).
    ///
    /// ```
    /// use awssig::credentials::profile::{ProfileFile, ProfileSet};
    /// let set = ProfileSet::parse(&[ProfileFile::config("c", "[default]\nregion = eu-west-1\n[profile p]\ncredential_process = x\n")])?;
    /// assert!(!set.declares_credentials("default"));
    /// assert!(set.declares_credentials("p"));
    /// assert!(!set.declares_credentials("absent"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn declares_credentials(&self, profile: &str) -> bool {
        self.profile(profile)
            .is_some_and(|p| CREDENTIAL_KEYS.iter().any(|k| p.get(k).is_some()))
    }

    /// Resolves a profile into a [`Plan`], following `source_profile`
    /// through other profiles. Errors name the profile and say what is
    /// wrong: a missing profile, a `source_profile` loop (listing the
    /// profiles), `role_arn` with neither or both of `source_profile` and
    /// `credential_source`, partial static keys, incomplete SSO settings, a
    /// profile with no credentials.
    ///
    /// ```
    /// use awssig::credentials::profile::{ProfileFile, ProfileSet};
    /// let config = "[profile a]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = b\n\
    ///               [profile b]\nrole_arn = arn:aws:iam::1:role/B\nsource_profile = a\n";
    /// let set = ProfileSet::parse(&[ProfileFile::config("c", config)])?;
    /// let e = set.resolve("a").unwrap_err();
    /// assert!(e.to_string().contains("\"a\" -> \"b\" -> \"a\""), "{e}");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn resolve(&self, profile: &str) -> Result<Plan> {
        let Some(selected) = self.profile(profile) else {
            let why = if self.is_empty() {
                "no profiles were defined in the config or credentials file".to_string()
            } else {
                format!("not found in the config file (as [profile {profile}]) or the credentials file (as [{profile}])")
            };
            return Err(err(profile, why));
        };
        let mut visited: Vec<&str> = Vec::new();
        let mut roles = Vec::new();
        let mut current = selected;
        let base = loop {
            visited.push(current.name());
            let is_source = visited.len() > 1;
            // A source profile with any static key ends the chain; its
            // credentials come from botocore's profile chain (web
            // identity, SSO, keys in the credentials file, process, keys
            // in the config file), whatever its own role_arn.
            let has_keys = current.get("aws_access_key_id").is_some()
                || current.get("aws_secret_access_key").is_some();
            let role = match is_source && has_keys {
                true => None,
                false => assume_role(current)?,
            };
            let Some(role) = role else {
                let b = base(self, current, !is_source);
                break match (b, visited.len() > 1) {
                    (Err(e), true) => {
                        return Err(err(
                            visited[visited.len() - 2],
                            format_args!("could not load source profile {:?}: {e}", current.name()),
                        ))
                    }
                    (b, _) => b?,
                };
            };
            roles.push(role);
            let next = match (current.get("source_profile"), current.get("credential_source")) {
                (Some(_), Some(_)) => {
                    return Err(err(
                        current.name(),
                        "the profile contained both source_profile and credential_source; only one of them may be set with role_arn",
                    ))
                }
                (None, None) => {
                    return Err(err(
                        current.name(),
                        "role_arn is set, so the profile must contain `source_profile` or `credential_source`, but neither is set",
                    ))
                }
                (None, Some(_)) => break base(self, current, true)?,
                // A profile may name itself to use its own static keys
                // (and nothing else: botocore calls anything else a loop).
                (Some(next), None) if next == current.name() => match static_keys(current) {
                    Some(keys) => break Base::AccessKey(keys?),
                    None => {
                        return Err(err(
                            profile,
                            format_args!("source_profile formed an infinite loop: {next:?} -> {next:?} (a profile may name itself only to use its own aws_access_key_id and aws_secret_access_key)"),
                        ))
                    }
                },
                (Some(next), None) => next,
            };
            if visited.contains(&next) {
                let mut path: Vec<String> = visited.iter().map(|v| format!("{v:?}")).collect();
                path.push(format!("{next:?}"));
                return Err(err(
                    profile,
                    format_args!(
                        "source_profile formed an infinite loop: {}",
                        path.join(" -> ")
                    ),
                ));
            }
            current = self.profile(next).ok_or_else(|| {
                err(
                    current.name(),
                    format_args!(
                        "could not find source profile {next:?} referenced from {:?}",
                        current.name()
                    ),
                )
            })?;
        };
        roles.reverse();
        let service_endpoints = selected
            .get("services")
            .and_then(|name| self.services(name))
            .map(|services| {
                services
                    .properties()
                    .filter_map(|(service, _)| {
                        services
                            .sub_properties(service)
                            .find(|(k, _)| k == "endpoint_url")
                            .map(|(_, url)| (service_key(service), url.to_string()))
                    })
                    .collect()
            })
            .unwrap_or_default();
        Ok(Plan {
            profile: profile.into(),
            base,
            roles,
            region: owned(selected.get("region")),
            endpoint_url: owned(selected.get("endpoint_url")),
            service_endpoints,
            ignore_configured_endpoint_urls: selected
                .get("ignore_configured_endpoint_urls")
                .is_some_and(|v| v.eq_ignore_ascii_case("true")),
        })
    }
}
