//! The default credential chain in the aws cli's order, performed with IO.
//!
//! The order is botocore's (the aws cli's), which differs from smithy-rs's
//! in one place noted below:
//!
//! 1. the environment (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
//!    `AWS_SESSION_TOKEN`, `AWS_CREDENTIAL_EXPIRATION`), skipped when a
//!    profile was named explicitly ([`DefaultChain::profile`], the CLI's
//!    `--profile`), as the aws cli skips it;
//! 2. the profile, when it assumes a role (`role_arn` with
//!    `source_profile` or `credential_source`);
//! 3. `AssumeRoleWithWebIdentity` from the environment
//!    (`AWS_WEB_IDENTITY_TOKEN_FILE`, `AWS_ROLE_ARN`,
//!    `AWS_ROLE_SESSION_NAME`) — botocore's place for it; smithy-rs asks
//!    the whole profile first;
//! 4. the rest of the profile: web identity, SSO, static keys,
//!    `credential_process` ([`crate::credentials::profile`] orders them);
//! 5. the container endpoint (ECS, EKS Pod Identity);
//! 6. the EC2 instance metadata service (IMDSv2).
//!
//! A source that is not configured is skipped; a source that is configured
//! and fails stops the chain with its error (the aws cli does the same: a
//! broken profile is not papered over by IMDS). When nothing is
//! configured, the error lists what each source lacked.

use alloc::string::{String, ToString};
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::fmt;
use std::path::Path;
use std::time::Duration;

use zeroize::Zeroizing;

use crate::credentials::imds::ImdsConfig;
use crate::credentials::profile::{locate_files, Platform, ProfileFile, ProfileSet};
use crate::credentials::{env, Credentials};
use crate::error::{Error, Result};
use crate::time::SigningTime;

mod steps;

use super::{
    read_file, BlockingClient, HttpClient, ProcessRunner, ProvideCredentials, DEFAULT_MAX_FILE_LEN,
};

type EnvFn = dyn Fn(&str) -> Option<String> + Send + Sync;
type FileFn = dyn Fn(&Path) -> Result<Option<Zeroizing<String>>> + Send + Sync;

/// The aws cli's credential chain (see the module docs for the order),
/// reading the process's environment, the files it names, and the network,
/// unless told otherwise (every input can be replaced, for tests and for
/// programs that keep their own environment).
///
/// It is a [`ProvideCredentials`]: wrap it in [`super::Refreshing`] to
/// share it between threads and refresh ahead of expiry.
///
/// ```no_run
/// use awssig::SigningTime;
/// use awssig::credentials::io::{DefaultChain, ProvideCredentials, Refreshing};
/// let chain = Refreshing::new(DefaultChain::new().profile("dev"));
/// let creds = chain.credentials()?;
/// println!("{} until {:?}", creds.access_key_id(), creds.expires_at());
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone)]
pub struct DefaultChain {
    profile: Option<String>,
    env: Arc<EnvFn>,
    files: Arc<FileFn>,
    http: Arc<dyn HttpClient>,
    process: ProcessRunner,
    platform: Platform,
    retry_pause: Duration,
}

impl fmt::Debug for DefaultChain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DefaultChain")
            .field("profile", &self.profile)
            .field("platform", &self.platform)
            .field("process", &self.process)
            .finish_non_exhaustive()
    }
}

impl Default for DefaultChain {
    fn default() -> Self {
        Self::new()
    }
}

/// What the chain resolved: the credentials and where they came from.
///
/// ```
/// use awssig::SigningTime;
/// use awssig::credentials::io::DefaultChain;
/// let chain = DefaultChain::new()
///     .env(|k| match k {
///         "AWS_ACCESS_KEY_ID" => Some("AKIDEXAMPLE".to_string()),
///         "AWS_SECRET_ACCESS_KEY" => Some("secret".to_string()),
///         "AWS_CREDENTIAL_EXPIRATION" => Some("2030-01-01T00:00:00Z".to_string()),
///         _ => None,
///     });
/// let resolved = chain.resolve(SigningTime::from_unix(0)?)?;
/// assert_eq!(resolved.source, "environment");
/// assert_eq!(resolved.credentials.expires_at(), Some(SigningTime::from_rfc3339("2030-01-01T00:00:00Z")?));
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Resolved {
    /// The credentials, with their expiry when the source gave one.
    pub credentials: Credentials,
    /// The source, e.g. `environment`, `profile "dev": credential_process`,
    /// `profile "dev": assume role arn:aws:iam::…`, `IMDS`.
    pub source: String,
}

impl DefaultChain {
    /// The chain over the process's environment, the files it names, a
    /// [`BlockingClient`] and a [`ProcessRunner`] with its defaults.
    ///
    /// ```
    /// let chain = awssig::credentials::io::DefaultChain::new();
    /// # let _ = chain;
    /// ```
    pub fn new() -> Self {
        DefaultChain {
            profile: None,
            env: Arc::new(|name: &str| std::env::var(name).ok()),
            files: Arc::new(|path: &Path| read_file(path, DEFAULT_MAX_FILE_LEN)),
            http: Arc::new(BlockingClient::new()),
            process: ProcessRunner::new(),
            platform: Platform::current(),
            retry_pause: Duration::from_millis(200),
        }
    }

    /// Uses this profile, as `--profile` does: it must exist, and the
    /// environment's keys are not used (the default is `AWS_PROFILE`, then
    /// `AWS_DEFAULT_PROFILE`, then `default`, after the environment's keys).
    ///
    /// ```
    /// let chain = awssig::credentials::io::DefaultChain::new().profile("dev");
    /// # let _ = chain;
    /// ```
    #[must_use]
    pub fn profile(mut self, name: impl Into<String>) -> Self {
        self.profile = Some(name.into());
        self
    }

    /// Reads environment variables from `env` instead of the process's.
    ///
    /// ```
    /// use std::collections::HashMap;
    /// use awssig::SigningTime;
    /// use awssig::credentials::io::DefaultChain;
    /// let vars: HashMap<&str, &str> = [("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"), ("AWS_SECRET_ACCESS_KEY", "secret")].into();
    /// let chain = DefaultChain::new().env(move |k| vars.get(k).map(|v| v.to_string()));
    /// let resolved = chain.resolve(SigningTime::from_unix(0)?)?;
    /// assert_eq!(resolved.credentials.access_key_id(), "AKIDEXAMPLE");
    /// assert_eq!(resolved.source, "environment");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    #[must_use]
    pub fn env(mut self, env: impl Fn(&str) -> Option<String> + Send + Sync + 'static) -> Self {
        self.env = Arc::new(env);
        self
    }

    /// Reads files with `files` instead of the file system: `Ok(None)` for
    /// a file that does not exist.
    ///
    /// ```
    /// use awssig::SigningTime;
    /// use awssig::credentials::io::DefaultChain;
    /// let chain = DefaultChain::new()
    ///     .env(|k| (k == "HOME").then(|| "/home/u".to_string()))
    ///     .files(|p| Ok((p.to_str() == Some("/home/u/.aws/credentials")).then(|| {
    ///         "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = s\n".to_string().into()
    ///     })));
    /// assert_eq!(chain.resolve(SigningTime::from_unix(0)?)?.credentials.access_key_id(), "AKIDFILE");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    #[must_use]
    pub fn files(
        mut self,
        files: impl Fn(&Path) -> Result<Option<Zeroizing<String>>> + Send + Sync + 'static,
    ) -> Self {
        self.files = Arc::new(files);
        self
    }

    /// Sends requests (STS, SSO, IMDS, the container endpoint) with this
    /// client.
    ///
    /// ```
    /// use awssig::credentials::io::{BlockingClient, DefaultChain};
    /// let chain = DefaultChain::new().http_client(BlockingClient::new());
    /// # let _ = chain;
    /// ```
    #[must_use]
    pub fn http_client(mut self, client: impl HttpClient + 'static) -> Self {
        self.http = Arc::new(client);
        self
    }

    /// Runs `credential_process` commands with this runner.
    ///
    /// ```
    /// use std::time::Duration;
    /// use awssig::credentials::io::{DefaultChain, ProcessRunner};
    /// let chain = DefaultChain::new().process_runner(ProcessRunner::new().with_timeout(Duration::from_secs(5)));
    /// # let _ = chain;
    /// ```
    #[must_use]
    pub fn process_runner(mut self, runner: ProcessRunner) -> Self {
        self.process = runner;
        self
    }

    /// Names files as on this platform (default: the one compiled for).
    ///
    /// ```
    /// use awssig::credentials::{io::DefaultChain, profile::Platform};
    /// let chain = DefaultChain::new().platform(Platform::Unix);
    /// # let _ = chain;
    /// ```
    #[must_use]
    pub fn platform(mut self, platform: Platform) -> Self {
        self.platform = platform;
        self
    }

    /// Waits this long before repeating a request IMDS answered with 5xx
    /// (default 200 ms).
    ///
    /// ```
    /// use std::time::Duration;
    /// let chain = awssig::credentials::io::DefaultChain::new().retry_pause(Duration::ZERO);
    /// # let _ = chain;
    /// ```
    #[must_use]
    pub fn retry_pause(mut self, pause: Duration) -> Self {
        self.retry_pause = pause;
        self
    }

    fn var(&self, name: &str) -> Option<String> {
        (self.env)(name).filter(|v| !v.trim().is_empty())
    }

    /// The profile files as the aws cli finds them (`AWS_CONFIG_FILE`,
    /// `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/`), parsed, and the
    /// profile the chain uses. Missing files count as empty.
    ///
    /// ```
    /// use awssig::credentials::io::DefaultChain;
    /// let chain = DefaultChain::new()
    ///     .env(|k| (k == "HOME").then(|| "/home/u".to_string()))
    ///     .files(|p| Ok((p.to_str() == Some("/home/u/.aws/config")).then(|| "[default]\nregion = eu-west-1\n".to_string().into())));
    /// let (set, name) = chain.profiles()?;
    /// assert_eq!(name, "default");
    /// assert_eq!(set.profile("default").and_then(|p| p.get("region")), Some("eu-west-1"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn profiles(&self) -> Result<(ProfileSet, String)> {
        let locations = locate_files(|k| (self.env)(k), self.platform);
        let config = match &locations.config {
            Some(path) => (self.files)(Path::new(path))?,
            None => None,
        };
        let credentials = match &locations.credentials {
            Some(path) => (self.files)(Path::new(path))?,
            None => None,
        };
        let mut files = Vec::new();
        if let (Some(path), Some(text)) = (&locations.config, &config) {
            files.push(ProfileFile::config(path, text));
        }
        if let (Some(path), Some(text)) = (&locations.credentials, &credentials) {
            files.push(ProfileFile::credentials(path, text));
        }
        let set = ProfileSet::parse(&files)?;
        let name = self.profile.clone().unwrap_or(locations.profile);
        Ok((set, name))
    }

    /// Runs the chain at `now`: the first configured source's credentials,
    /// and which source that was.
    ///
    /// ```
    /// use awssig::{ErrorKind, SigningTime};
    /// use awssig::credentials::io::DefaultChain;
    /// let nothing = DefaultChain::new()
    ///     .env(|k| match k {
    ///         "HOME" => Some("/nowhere".to_string()),
    ///         "AWS_EC2_METADATA_DISABLED" => Some("true".to_string()),
    ///         _ => None,
    ///     })
    ///     .files(|_| Ok(None));
    /// let err = nothing.resolve(SigningTime::from_unix(0)?).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::CredentialSource);
    /// assert!(err.to_string().starts_with("no credentials found"), "{err}");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn resolve(&self, now: SigningTime) -> Result<Resolved> {
        let mut lacked: Vec<String> = Vec::new();
        if self.profile.is_none() {
            if let Some(credentials) = env::from_env(|k| (self.env)(k))? {
                return Ok(resolved(credentials, "environment"));
            }
            lacked.push("environment: AWS_ACCESS_KEY_ID is not set".into());
        } else {
            lacked.push("environment: not used with an explicit profile".into());
        }

        let (set, name) = self.profiles()?;
        let flags = self.flags(&set, &name);
        let plan = if set.declares_credentials(&name) {
            Some(set.resolve(&name)?)
        } else {
            if self.profile.is_some() && set.profile(&name).is_none() {
                // `--profile` must name a profile; `AWS_PROFILE` too (the
                // aws cli refuses both), but `default` may be absent.
                return Err(set.resolve(&name).err().unwrap_or_else(|| {
                    Error::credential_source("profile", "the profile does not exist")
                }));
            }
            lacked.push(alloc::format!(
                "profile {name:?}: no credentials in the config or credentials file"
            ));
            None
        };
        if let Some(plan) = plan.as_ref().filter(|p| !p.roles.is_empty()) {
            return self.perform(plan, now, &set, flags);
        }
        match self.env_web_identity(now, flags) {
            Some(result) => return result,
            None => lacked.push(
                "web identity: AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN are not set".into(),
            ),
        }
        if let Some(plan) = &plan {
            return self.perform(plan, now, &set, flags);
        }
        if let Some(result) = self.container(now)? {
            return Ok(resolved(result, "container credentials"));
        }
        lacked.push(
            "container: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and _FULL_URI are not set".into(),
        );
        let section = set.profile(&name);
        let imds = ImdsConfig::builder().resolve(
            |k| self.var(k),
            |k| section.and_then(|s| s.get(k)).map(ToString::to_string),
        )?;
        if imds.is_disabled() {
            lacked.push("IMDS: disabled by AWS_EC2_METADATA_DISABLED".into());
        } else {
            match self.imds(imds, now) {
                Ok(credentials) => return Ok(resolved(credentials, "IMDS")),
                Err(e) => lacked.push(e.to_string()),
            }
        }
        Err(Error::credential_source(
            "no credentials found",
            alloc::format!("tried {}", lacked.join("; ")),
        ))
    }
}

fn resolved(credentials: Credentials, source: &str) -> Resolved {
    Resolved {
        credentials,
        source: source.into(),
    }
}

impl ProvideCredentials for DefaultChain {
    fn provide(&self, now: SigningTime) -> Result<Credentials> {
        self.resolve(now).map(|r| r.credentials)
    }

    fn name(&self) -> &str {
        "default chain"
    }
}
