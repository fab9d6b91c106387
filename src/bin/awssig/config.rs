//! Credentials, region and endpoint, resolved like the aws cli: the
//! credentials from the whole default chain
//! (`awssig::credentials::io::DefaultChain`: the environment, then the
//! profile — static keys, `credential_process`, SSO, roles, web identity —
//! then the container endpoint and IMDS); the region and endpoint from
//! the flags, the environment, then the profile.

use std::env;

use awssig::credentials::io::{DefaultChain, Resolved};
use awssig::credentials::profile::ProfileSet;
use awssig::SigningTime;

use crate::Failure;

/// The selected profile and the chain that resolves its credentials.
pub struct Profile {
    pub name: String,
    set: ProfileSet,
    chain: DefaultChain,
}

impl Profile {
    fn get(&self, key: &str) -> Option<&str> {
        self.set
            .profile(&self.name)
            .and_then(|p| p.get(key))
            .filter(|v| !v.is_empty())
    }
}

fn var(name: &str) -> Option<String> {
    env::var(name).ok().filter(|v| !v.is_empty())
}

/// The profile `--profile` names (it must exist), else `AWS_PROFILE`,
/// `AWS_DEFAULT_PROFILE`, `default`, from the files the aws cli reads.
pub fn load_profile(explicit: Option<&str>) -> Result<Profile, Failure> {
    let mut chain = DefaultChain::new();
    if let Some(name) = explicit {
        chain = chain.profile(name);
    }
    let (set, name) = chain.profiles().map_err(|e| {
        Failure::other(format!(
            "{e} (fix the file or point AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE elsewhere)"
        ))
    })?;
    if explicit.is_some() && set.profile(&name).is_none() {
        return Err(Failure::other(format!(
            "profile {name:?} is not in ~/.aws/credentials or ~/.aws/config (check --profile or AWS_PROFILE)"
        )));
    }
    Ok(Profile { name, set, chain })
}

/// The credentials and where they came from, resolved now.
pub fn resolve(profile: &Profile) -> Result<Resolved, Failure> {
    profile.chain.resolve(SigningTime::now()).map_err(|e| {
        Failure::other(format!(
            "no usable credentials: {e} (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or configure profile {:?} in ~/.aws/credentials or ~/.aws/config)",
            profile.name
        ))
    })
}

/// The credentials alone.
pub fn credentials(profile: &Profile) -> Result<awssig::Credentials, Failure> {
    resolve(profile).map(|r| r.credentials)
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
