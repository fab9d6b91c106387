//! Credentials, region and endpoint, resolved like the aws cli: the
//! environment first (with `AWS_CREDENTIAL_EXPIRATION`, RFC 3339, as
//! `aws configure export-credentials --format env` writes it), then the
//! profile in ~/.aws/credentials and ~/.aws/config. Nothing is fetched
//! from the network.

use std::collections::HashMap;
use std::env;
use std::path::PathBuf;

use awssig::{Credentials, SigningTime};

use crate::Failure;

/// One profile's keys, merged from the credentials and config files.
#[derive(Default, Debug)]
pub struct Profile {
    pub name: String,
    values: HashMap<String, String>,
}

impl Profile {
    fn get(&self, key: &str) -> Option<&str> {
        self.values
            .get(key)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }
}

fn var(name: &str) -> Option<String> {
    env::var(name).ok().filter(|v| !v.is_empty())
}

fn home_file(env_name: &str, default: &str) -> Option<PathBuf> {
    if let Some(p) = var(env_name) {
        return Some(PathBuf::from(p));
    }
    var("HOME").map(|h| PathBuf::from(h).join(".aws").join(default))
}

/// Reads `section` from an INI file; config files name profiles
/// `[profile x]` (but `[default]`), credentials files `[x]`.
fn read_section(
    path: Option<PathBuf>,
    section: &str,
    config_style: bool,
) -> Result<HashMap<String, String>, Failure> {
    let Some(path) = path else {
        return Ok(HashMap::new());
    };
    if !path.exists() {
        return Ok(HashMap::new());
    }
    let ini = ini::Ini::load_from_file(&path).map_err(|e| {
        Failure::other(format!(
            "cannot read {}: {e} (fix the file or point AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE elsewhere)",
            path.display()
        ))
    })?;
    let wanted = if config_style && section != "default" {
        format!("profile {section}")
    } else {
        section.to_string()
    };
    let mut out = HashMap::new();
    for (name, props) in ini.iter() {
        let Some(name) = name else { continue };
        if name.trim() == wanted || (config_style && name.trim() == section && section == "default")
        {
            for (k, v) in props.iter() {
                out.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
            }
        }
    }
    Ok(out)
}

pub fn load_profile(explicit: Option<&str>) -> Result<Profile, Failure> {
    let name = explicit
        .map(String::from)
        .or_else(|| var("AWS_PROFILE"))
        .unwrap_or_else(|| "default".into());
    let mut values = read_section(home_file("AWS_CONFIG_FILE", "config"), &name, true)?;
    // The credentials file wins over the config file for the same key.
    values.extend(read_section(
        home_file("AWS_SHARED_CREDENTIALS_FILE", "credentials"),
        &name,
        false,
    )?);
    if explicit.is_some() && values.is_empty() {
        return Err(Failure::other(format!(
            "profile {name:?} is not in ~/.aws/credentials or ~/.aws/config (check --profile or AWS_PROFILE)"
        )));
    }
    Ok(Profile { name, values })
}

pub fn credentials(profile: &Profile) -> Result<Credentials, Failure> {
    let bad = |e: awssig::Error| Failure::other(format!("unusable credentials: {e}"));
    if let (Some(id), Some(secret)) = (var("AWS_ACCESS_KEY_ID"), var("AWS_SECRET_ACCESS_KEY")) {
        let mut creds = Credentials::new(id, secret).map_err(bad)?;
        if let Some(t) = var("AWS_SESSION_TOKEN") {
            creds = creds.with_session_token(t).map_err(bad)?;
        }
        // What `aws configure export-credentials --format env` writes.
        if let Some(end) = var("AWS_CREDENTIAL_EXPIRATION") {
            let end = SigningTime::from_rfc3339(end.trim()).map_err(|e| {
                Failure::other(format!(
                    "AWS_CREDENTIAL_EXPIRATION: {e} (or unset it when the credentials do not expire)"
                ))
            })?;
            creds = creds.expiring_at(end);
        }
        return Ok(creds);
    }
    match (profile.get("aws_access_key_id"), profile.get("aws_secret_access_key")) {
        (Some(id), Some(secret)) => {
            let creds = Credentials::new(id, secret).map_err(bad)?;
            match profile.get("aws_session_token") {
                Some(t) => creds.with_session_token(t).map_err(bad),
                None => Ok(creds),
            }
        }
        _ => Err(Failure::other(format!(
            "no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or add aws_access_key_id and aws_secret_access_key to profile {:?} in ~/.aws/credentials",
            profile.name
        ))),
    }
}

pub fn region(flag: Option<&str>, profile: &Profile) -> String {
    flag.map(String::from)
        .or_else(|| var("AWS_REGION"))
        .or_else(|| var("AWS_DEFAULT_REGION"))
        .or_else(|| profile.get("region").map(String::from))
        .unwrap_or_else(|| "us-east-1".into())
}

pub fn endpoint(flag: Option<&str>, profile: &Profile) -> Option<String> {
    flag.map(String::from)
        .or_else(|| var("AWS_ENDPOINT_URL_S3"))
        .or_else(|| var("AWS_ENDPOINT_URL"))
        .or_else(|| profile.get("endpoint_url").map(String::from))
}
