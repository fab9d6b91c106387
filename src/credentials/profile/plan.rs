//! What a profile resolves into: a plan of where the first credentials
//! come from (the base) and the roles to assume with them, in order.
//! `resolve.rs` makes it; the IO edge (or your code) carries it out.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::credentials::Credentials;

/// A profile resolved: the base credentials, the roles to assume with them
/// (first to last), and the profile's own settings.
///
/// ```
/// use awssig::credentials::profile::{Base, ProfileFile, ProfileSet};
/// let config = "[profile dev]\nrole_arn = arn:aws:iam::123456789012:role/Dev\nsource_profile = root\nregion = eu-west-1\n";
/// let credentials = "[root]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = secret\n";
/// let set = ProfileSet::parse(&[
///     ProfileFile::config("config", config),
///     ProfileFile::credentials("credentials", credentials),
/// ])?;
/// let plan = set.resolve("dev")?;
/// let Base::AccessKey(keys) = &plan.base else { panic!("static keys expected") };
/// assert_eq!(keys.credentials.access_key_id(), "AKIDEXAMPLE");
/// assert_eq!(plan.roles[0].role_arn, "arn:aws:iam::123456789012:role/Dev");
/// assert_eq!(plan.region.as_deref(), Some("eu-west-1"));
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Plan {
    /// The profile that was resolved.
    pub profile: String,
    /// Where the first credentials come from.
    pub base: Base,
    /// Roles to assume, in order, each with the credentials before it.
    pub roles: Vec<AssumeRole>,
    /// The profile's `region`.
    pub region: Option<String>,
    /// The profile's `endpoint_url` (for every service).
    pub endpoint_url: Option<String>,
    /// Per-service `endpoint_url`s from the `[services name]` section the
    /// profile names with `services = name`: (service id, URL), the
    /// service id lower-case with `_` for spaces (`sts`, `sso`, `s3`).
    pub service_endpoints: Vec<(String, String)>,
    /// `ignore_configured_endpoint_urls = true`: the endpoints above are
    /// not to be used.
    pub ignore_configured_endpoint_urls: bool,
}

impl Plan {
    /// The endpoint configured for a service: its `[services]` entry, else
    /// the profile's `endpoint_url`; `None` when neither is set or
    /// `ignore_configured_endpoint_urls` is on. (The environment's
    /// `AWS_ENDPOINT_URL_<SERVICE>` / `AWS_ENDPOINT_URL` come first; the
    /// caller checks them.)
    ///
    /// ```
    /// # use awssig::credentials::profile::{ProfileFile, ProfileSet};
    /// let config = "[default]\naws_access_key_id = A\naws_secret_access_key = s\n\
    ///               services = local\nendpoint_url = http://everything\n\
    ///               [services local]\nsts =\n  endpoint_url = http://127.0.0.1:5000\n";
    /// let plan = ProfileSet::parse(&[ProfileFile::config("c", config)])?.resolve("default")?;
    /// assert_eq!(plan.endpoint_url_for("sts"), Some("http://127.0.0.1:5000"));
    /// assert_eq!(plan.endpoint_url_for("sso"), Some("http://everything"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn endpoint_url_for(&self, service_id: &str) -> Option<&str> {
        if self.ignore_configured_endpoint_urls {
            return None;
        }
        let id = service_key(service_id);
        self.service_endpoints
            .iter()
            .find(|(s, _)| *s == id)
            .map(|(_, u)| u.as_str())
            .or(self.endpoint_url.as_deref())
    }
}

pub(super) fn service_key(id: &str) -> String {
    id.trim().to_ascii_lowercase().replace(' ', "_")
}

/// Where the first credentials of a plan come from.
///
/// ```
/// use awssig::credentials::profile::{Base, ProfileFile, ProfileSet};
/// let config = "[profile p]\ncredential_process = /usr/local/bin/vault-creds\n";
/// let plan = ProfileSet::parse(&[ProfileFile::config("config", config)])?.resolve("p")?;
/// assert!(matches!(plan.base, Base::Process(_)));
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Base {
    /// `aws_access_key_id`, `aws_secret_access_key`, `aws_session_token`.
    AccessKey(AccessKey),
    /// `credential_source`: a source outside the files.
    Named(CredentialSource),
    /// `credential_process`: run the command, parse its output with
    /// [`crate::credentials::process::parse_output`].
    Process(Process),
    /// `sso_session` or the legacy `sso_*` keys.
    Sso(Sso),
    /// `web_identity_token_file` with `role_arn`:
    /// `AssumeRoleWithWebIdentity`.
    WebIdentity(WebIdentity),
}

/// Static keys from a profile.
///
/// ```
/// use awssig::credentials::profile::{Base, ProfileFile, ProfileSet};
/// let text = "[default]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = s\naws_account_id = 123456789012\n";
/// let plan = ProfileSet::parse(&[ProfileFile::credentials("credentials", text)])?.resolve("default")?;
/// let Base::AccessKey(keys) = &plan.base else { panic!("static keys expected") };
/// assert_eq!(keys.credentials.access_key_id(), "AKIDEXAMPLE");
/// assert_eq!(keys.account_id.as_deref(), Some("123456789012"));
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct AccessKey {
    /// The keys (and session token, if any).
    pub credentials: Credentials,
    /// `aws_account_id`, if set.
    pub account_id: Option<String>,
    /// The profile they came from.
    pub profile: String,
}

/// The `credential_source` values.
///
/// ```
/// use awssig::credentials::profile::{Base, CredentialSource, ProfileFile, ProfileSet};
/// let config = "[profile ec2]\nrole_arn = arn:aws:iam::123456789012:role/App\ncredential_source = Ec2InstanceMetadata\n";
/// let plan = ProfileSet::parse(&[ProfileFile::config("config", config)])?.resolve("ec2")?;
/// assert_eq!(plan.base, Base::Named(CredentialSource::Ec2InstanceMetadata));
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CredentialSource {
    /// `Environment`: the `AWS_ACCESS_KEY_ID`… variables.
    Environment,
    /// `Ec2InstanceMetadata`: IMDS.
    Ec2InstanceMetadata,
    /// `EcsContainer`: the container credentials endpoint.
    EcsContainer,
}

impl CredentialSource {
    /// The value as written in the config file.
    ///
    /// ```
    /// use awssig::credentials::profile::CredentialSource;
    /// assert_eq!(CredentialSource::EcsContainer.as_str(), "EcsContainer");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            CredentialSource::Environment => "Environment",
            CredentialSource::Ec2InstanceMetadata => "Ec2InstanceMetadata",
            CredentialSource::EcsContainer => "EcsContainer",
        }
    }
}

/// A `credential_process` command line, to run through the platform's
/// shell (as the aws cli does). `Debug` shows only its first word: the
/// arguments may hold secrets.
///
/// ```
/// use awssig::credentials::profile::{Base, ProfileFile, ProfileSet};
/// let config = "[profile p]\ncredential_process = vault-creds --token s3cr3t\n";
/// let plan = ProfileSet::parse(&[ProfileFile::config("config", config)])?.resolve("p")?;
/// let Base::Process(process) = &plan.base else { panic!("a process expected") };
/// assert_eq!(process.command, "vault-creds --token s3cr3t");
/// assert!(!format!("{process:?}").contains("s3cr3t"));
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Process {
    /// The command line as written.
    pub command: String,
    /// `aws_account_id`, if set (used when the output has no `AccountId`).
    pub account_id: Option<String>,
    /// The profile it came from.
    pub profile: String,
}

impl fmt::Debug for Process {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let program = self.command.split_whitespace().next().unwrap_or("");
        f.debug_struct("Process")
            .field("command", &format_args!("{program} …"))
            .field("account_id", &self.account_id)
            .field("profile", &self.profile)
            .finish()
    }
}

/// IAM Identity Center (SSO) settings.
///
/// ```
/// use awssig::credentials::profile::{Base, ProfileFile, ProfileSet};
/// let config = "[profile dev]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = Dev\n\
///               [sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n";
/// let plan = ProfileSet::parse(&[ProfileFile::config("config", config)])?.resolve("dev")?;
/// let Base::Sso(sso) = &plan.base else { panic!("SSO expected") };
/// assert_eq!(sso.session_name.as_deref(), Some("corp"));
/// assert_eq!(sso.region, "eu-west-1");
/// assert_eq!(sso.role_name.as_deref(), Some("Dev"));
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Sso {
    /// `sso_session`, when the settings come from an `[sso-session]`
    /// section (then the token cache is keyed by this name).
    pub session_name: Option<String>,
    /// `sso_start_url`.
    pub start_url: String,
    /// `sso_region`.
    pub region: String,
    /// `sso_account_id` (absent for a token-only profile).
    pub account_id: Option<String>,
    /// `sso_role_name` (absent for a token-only profile).
    pub role_name: Option<String>,
    /// The profile they came from.
    pub profile: String,
}

/// `AssumeRoleWithWebIdentity` settings.
///
/// ```
/// use awssig::credentials::profile::{Base, ProfileFile, ProfileSet};
/// let config = "[profile k8s]\nrole_arn = arn:aws:iam::123456789012:role/Pod\nweb_identity_token_file = /var/run/token\n";
/// let plan = ProfileSet::parse(&[ProfileFile::config("config", config)])?.resolve("k8s")?;
/// let Base::WebIdentity(w) = &plan.base else { panic!("web identity expected") };
/// assert_eq!(w.token_file, "/var/run/token");
/// assert!(plan.roles.is_empty());
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct WebIdentity {
    /// `role_arn`.
    pub role_arn: String,
    /// `web_identity_token_file`.
    pub token_file: String,
    /// `role_session_name`.
    pub role_session_name: Option<String>,
    /// The profile they came from.
    pub profile: String,
}

/// One `AssumeRole` step.
///
/// ```
/// use awssig::credentials::profile::{ProfileFile, ProfileSet};
/// let config = "[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/Admin\nsource_profile = base\n\
///               external_id = xyz\nduration_seconds = 1800\n\
///               [profile base]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = s\n";
/// let plan = ProfileSet::parse(&[ProfileFile::config("config", config)])?.resolve("admin")?;
/// assert_eq!(plan.roles[0].external_id.as_deref(), Some("xyz"));
/// assert_eq!(plan.roles[0].duration_seconds, Some(1800));
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct AssumeRole {
    /// `role_arn`.
    pub role_arn: String,
    /// `role_session_name`.
    pub role_session_name: Option<String>,
    /// `external_id`.
    pub external_id: Option<String>,
    /// `mfa_serial`: the caller must ask for a token code.
    pub mfa_serial: Option<String>,
    /// `duration_seconds` (checked: 900 to 43200).
    pub duration_seconds: Option<u32>,
    /// The profile it came from.
    pub profile: String,
}
