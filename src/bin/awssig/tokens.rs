//! `awssig rds-token`, `dsql-token`, `eks-token`, `elasticache-token`,
//! `memorydb-token`: the library's tokens with the credential chain, the
//! region rules and `--at` of the other subcommands. The inputs are
//! checked before the credential chain runs (it may call STS, SSO or
//! IMDS), and a bad one is a usage error (exit 2).

use awssig::tokens::{
    DsqlToken, EksToken, ElastiCacheToken, ExecCredentialVersion, MemoryDbToken, RdsToken,
};
use awssig::{Credentials, ErrorKind, SigningTime};
use clap::ArgMatches;

use crate::{config, signing_time, Failure};

/// A bad input the library names (host, port, user, name, lifetime,
/// region) is a usage error; the others (credentials) are not.
fn token_failure(e: awssig::Error) -> Failure {
    match e.kind() {
        // The library names its parameter; say the flag instead.
        ErrorKind::InvalidTokenInput | ErrorKind::InvalidExpiry | ErrorKind::InvalidRegion => {
            Failure::usage(e.to_string().replacen("expires_in ", "--expires-in ", 1))
        }
        _ => Failure::from(e),
    }
}

fn arg<'a>(m: &'a ArgMatches, id: &str) -> &'a str {
    m.get_one::<String>(id).map(String::as_str).unwrap_or("")
}

fn expires_in(m: &ArgMatches) -> u64 {
    m.get_one::<u64>("expires-in").copied().unwrap_or(900)
}

/// The signing time, region and credentials every token needs, in that
/// order (a bad `--at` is reported before the chain runs).
fn inputs(m: &ArgMatches) -> Result<(SigningTime, String, config::Profile), Failure> {
    let time = signing_time(m)?;
    let profile = config::load_profile(m.get_one::<String>("profile").map(String::as_str))?;
    let region = config::region(m.get_one::<String>("region").map(String::as_str), &profile);
    Ok((time, region, profile))
}

fn creds(profile: &config::Profile) -> Result<Credentials, Failure> {
    config::credentials(profile)
}

pub fn rds(m: &ArgMatches) -> Result<String, Failure> {
    let port = m.get_one::<u64>("port").copied().unwrap_or(0);
    let port = u16::try_from(port).map_err(|_| {
        Failure::usage(format!(
            "port {port} is out of range; allowed are 1 to 65535"
        ))
    })?;
    let (time, region, profile) = inputs(m)?;
    let token = RdsToken::new(arg(m, "hostname"), port, arg(m, "username"), region)
        .expires_in(expires_in(m));
    token.check().map_err(token_failure)?;
    token.token(&creds(&profile)?, time).map_err(token_failure)
}

pub fn dsql(m: &ArgMatches) -> Result<String, Failure> {
    let (time, region, profile) = inputs(m)?;
    let token = DsqlToken::new(arg(m, "hostname"), region)
        .admin(m.get_flag("admin"))
        .expires_in(expires_in(m));
    token.check().map_err(token_failure)?;
    token.token(&creds(&profile)?, time).map_err(token_failure)
}

pub fn eks(m: &ArgMatches) -> Result<String, Failure> {
    let cluster = match m.get_one::<String>("cluster-id") {
        Some(id) => id.as_str(),
        None => arg(m, "cluster-name"),
    };
    let (time, region, profile) = inputs(m)?;
    let token = EksToken::new(cluster, region.as_str());
    token.check().map_err(token_failure)?;
    let source = creds(&profile)?;
    let signing = match m.get_one::<String>("role-arn") {
        Some(arn) => assume_role(arn, &region, &source)?,
        None => source,
    };
    let cred = token.token(&signing, time).map_err(token_failure)?;
    let info = std::env::var("KUBERNETES_EXEC_INFO").ok();
    let (version, warning) = ExecCredentialVersion::from_exec_info(info.as_deref());
    if let Some(w) = warning {
        eprintln!("{w}");
    }
    // The aws cli ends the JSON with a newline and prints one more.
    let mut out = cred.exec_credential(version);
    out.push('\n');
    Ok(out)
}

/// `--role-arn`: the role's credentials, as `aws eks get-token` gets
/// them (AssumeRole, session name `EKSGetTokenAuth`), now.
fn assume_role(arn: &str, region: &str, source: &Credentials) -> Result<Credentials, Failure> {
    use awssig::credentials::io::{BlockingClient, HttpClient, Timeouts};
    use awssig::credentials::sts::{AssumeRole, StsEndpoint};
    let call = AssumeRole::new(arn, "EKSGetTokenAuth")
        .map_err(|e| Failure::usage(format!("--role-arn: {e}")))?;
    let url = ["AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|u| !u.is_empty()));
    let endpoint = match url {
        Some(url) => StsEndpoint::custom(&url, region)?,
        None => StsEndpoint::regional(region).map_err(token_failure)?,
    };
    let request = call.signed_request(&endpoint, source, SigningTime::now())?;
    let answer = BlockingClient::new().send(&request, &Timeouts::default())?;
    Ok(call
        .parse_response(answer.as_response())?
        .into_credentials())
}

pub fn elasticache(m: &ArgMatches) -> Result<String, Failure> {
    let (time, region, profile) = inputs(m)?;
    let token = match m.get_one::<String>("serverless-cache-name") {
        Some(name) => ElastiCacheToken::serverless_cache(name, arg(m, "user-id"), region),
        None => ElastiCacheToken::replication_group(
            arg(m, "replication-group-id"),
            arg(m, "user-id"),
            region,
        ),
    }
    .expires_in(expires_in(m));
    token.check().map_err(token_failure)?;
    token.token(&creds(&profile)?, time).map_err(token_failure)
}

pub fn memorydb(m: &ArgMatches) -> Result<String, Failure> {
    let (time, region, profile) = inputs(m)?;
    let token = MemoryDbToken::new(arg(m, "cluster-name"), arg(m, "username"), region)
        .expires_in(expires_in(m));
    token.check().map_err(token_failure)?;
    token.token(&creds(&profile)?, time).map_err(token_failure)
}
