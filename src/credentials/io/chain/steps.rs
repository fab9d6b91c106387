//! The chain's steps: carrying out a profile's plan (its base, then each
//! role) and asking each source (STS, SSO, the container endpoint, IMDS)
//! through the chain's client, files and runner.

use alloc::string::{String, ToString};
use std::path::Path;

use crate::credentials::container::{self, ContainerConfig};
use crate::credentials::imds::{ImdsClient, ImdsConfig, ImdsStep};
use crate::credentials::profile::{
    home_dir, AssumeRole, Base, CredentialSource, Plan, ProfileSet, Sso, WebIdentity,
};
use crate::credentials::sso::{cache_file_name, GetRoleCredentials, SsoEndpoint, SsoToken};
use crate::credentials::sts::{self, AssumeRoleWithWebIdentity, StsEndpoint};
use crate::credentials::{env, process, Credentials, HttpRequest};
use crate::error::{Error, Result};
use crate::time::SigningTime;

use super::super::{HttpClient, HttpResponseBuf, Timeouts};

use super::{resolved, DefaultChain, Resolved};

impl DefaultChain {
    pub(super) fn flags(&self, set: &ProfileSet, profile: &str) -> EndpointFlags {
        let on = |env: &str, key: &str| {
            self.var(env)
                .or_else(|| {
                    set.profile(profile)
                        .and_then(|p| p.get(key))
                        .map(ToString::to_string)
                })
                .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
        };
        EndpointFlags {
            fips: on("AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint"),
            dual_stack: on("AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint"),
        }
    }

    /// Performs a resolved profile: its base, then each role in order.
    pub(super) fn perform(
        &self,
        plan: &Plan,
        now: SigningTime,
        set: &ProfileSet,
        flags: EndpointFlags,
    ) -> Result<Resolved> {
        let who = alloc::format!("profile {:?}", plan.profile);
        let (mut credentials, mut source) = match &plan.base {
            Base::AccessKey(keys) => (
                keys.credentials.clone(),
                alloc::format!("{who}: static keys"),
            ),
            Base::Named(named) => (
                self.named(*named, now, &who, set, plan)?,
                alloc::format!("{who}: credential_source {}", named.as_str()),
            ),
            Base::Process(p) => {
                let out = self.process.run(&p.command).map_err(|e| e.context(&who))?;
                let creds = process::parse_output(&out, now).map_err(|e| e.context(&who))?;
                (creds, alloc::format!("{who}: credential_process"))
            }
            Base::Sso(sso) => (
                self.sso(sso, now, plan, flags)?,
                alloc::format!("{who}: SSO"),
            ),
            Base::WebIdentity(w) => (
                self.web_identity(w, now, plan, flags)?,
                alloc::format!("{who}: web identity"),
            ),
        };
        for role in &plan.roles {
            credentials = self.assume_role(role, &credentials, now, plan, flags)?;
            source = alloc::format!("{source}, then assume role {}", role.role_arn);
        }
        Ok(Resolved {
            credentials,
            source,
        })
    }

    pub(super) fn named(
        &self,
        named: CredentialSource,
        now: SigningTime,
        who: &str,
        set: &ProfileSet,
        plan: &Plan,
    ) -> Result<Credentials> {
        match named {
            CredentialSource::Environment => env::from_env(|k| (self.env)(k))?.ok_or_else(|| {
                Error::credential_source(who, "credential_source = Environment, but AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set")
            }),
            CredentialSource::EcsContainer => self.container(now)?.ok_or_else(|| {
                Error::credential_source(who, "credential_source = EcsContainer, but AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and _FULL_URI are not set")
            }),
            CredentialSource::Ec2InstanceMetadata => {
                let section = set.profile(&plan.profile);
                let config = ImdsConfig::builder().resolve(
                    |k| self.var(k),
                    |k| section.and_then(|s| s.get(k)).map(ToString::to_string),
                )?;
                self.imds(config, now)
            }
        }
    }

    pub(super) fn send(
        &self,
        request: &HttpRequest,
        timeouts: &Timeouts,
    ) -> Result<HttpResponseBuf> {
        self.http.send(request, timeouts)
    }

    pub(super) fn region(&self, plan: Option<&Plan>) -> String {
        self.var("AWS_REGION")
            .or_else(|| self.var("AWS_DEFAULT_REGION"))
            .or_else(|| plan.and_then(|p| p.region.clone()))
            .unwrap_or_else(|| "us-east-1".into())
    }

    /// The endpoint configured for a service, in the SDKs' order:
    /// `AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ENDPOINT_URL`, the profile's
    /// `[services]` entry, its `endpoint_url` (none of them when
    /// `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` is true).
    pub(super) fn endpoint(&self, service: &str, plan: Option<&Plan>) -> Option<String> {
        if self
            .var("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
        {
            return None;
        }
        let upper = service.to_ascii_uppercase().replace([' ', '-'], "_");
        self.var(&alloc::format!("AWS_ENDPOINT_URL_{upper}"))
            .or_else(|| self.var("AWS_ENDPOINT_URL"))
            .or_else(|| {
                plan.and_then(|p| p.endpoint_url_for(service))
                    .map(ToString::to_string)
            })
    }

    pub(super) fn sts_endpoint(
        &self,
        plan: Option<&Plan>,
        flags: EndpointFlags,
    ) -> Result<StsEndpoint> {
        let region = self.region(plan);
        match self.endpoint("sts", plan) {
            Some(url) => StsEndpoint::custom(&url, &region),
            None => Ok(StsEndpoint::regional(&region)?
                .fips(flags.fips)
                .dual_stack(flags.dual_stack)),
        }
    }

    /// Sends a request to STS, repeating it (up to three
    /// attempts, [`DefaultChain::retry_pause`] apart) when the service
    /// answers 5xx or 429 or the connection fails, as the SDKs' standard
    /// retry mode does.
    pub(super) fn send_retrying(&self, request: &HttpRequest) -> Result<HttpResponseBuf> {
        let mut attempt = 1;
        loop {
            let result = self.send(request, &Timeouts::default());
            let again = match &result {
                Ok(r) => r.status() >= 500 || r.status() == 429,
                Err(_) => true,
            };
            if !again || attempt == 3 {
                return result;
            }
            attempt += 1;
            std::thread::sleep(self.retry_pause);
        }
    }

    pub(super) fn assume_role(
        &self,
        role: &AssumeRole,
        with: &Credentials,
        now: SigningTime,
        plan: &Plan,
        flags: EndpointFlags,
    ) -> Result<Credentials> {
        let who = alloc::format!("profile {:?}", role.profile);
        if let Some(serial) = &role.mfa_serial {
            return Err(Error::credential_source(
                &who,
                alloc::format!(
                    "mfa_serial {serial} asks for a token code, and this chain does not prompt; assume the role with the aws cli, or use credentials that need no MFA"
                ),
            ));
        }
        let name = role
            .role_session_name
            .clone()
            .unwrap_or_else(|| sts::default_session_name(now));
        let mut call = sts::AssumeRole::new(&role.role_arn, name)?;
        if let Some(seconds) = role.duration_seconds {
            call = call.duration_seconds(seconds)?;
        }
        if let Some(id) = &role.external_id {
            call = call.external_id(id)?;
        }
        let request = call.signed_request(&self.sts_endpoint(Some(plan), flags)?, with, now)?;
        let response = self.send_retrying(&request)?;
        Ok(call
            .parse_response(response.as_response())?
            .into_credentials())
    }

    /// `AssumeRoleWithWebIdentity` from the environment, if configured.
    pub(super) fn env_web_identity(
        &self,
        now: SigningTime,
        flags: EndpointFlags,
    ) -> Option<Result<Resolved>> {
        let token_file = self.var("AWS_WEB_IDENTITY_TOKEN_FILE")?;
        let role_arn = self.var("AWS_ROLE_ARN")?;
        let web = WebIdentitySettings {
            role_arn,
            token_file,
            session_name: self.var("AWS_ROLE_SESSION_NAME"),
        };
        Some(
            self.assume_web_identity(&web, now, None, flags)
                .map(|c| resolved(c, "web identity (environment)")),
        )
    }

    pub(super) fn web_identity(
        &self,
        w: &WebIdentity,
        now: SigningTime,
        plan: &Plan,
        flags: EndpointFlags,
    ) -> Result<Credentials> {
        let web = WebIdentitySettings {
            role_arn: w.role_arn.clone(),
            token_file: w.token_file.clone(),
            session_name: self
                .var("AWS_ROLE_SESSION_NAME")
                .or_else(|| w.role_session_name.clone()),
        };
        self.assume_web_identity(&web, now, Some(plan), flags)
    }

    fn assume_web_identity(
        &self,
        web: &WebIdentitySettings,
        now: SigningTime,
        plan: Option<&Plan>,
        flags: EndpointFlags,
    ) -> Result<Credentials> {
        let who = "web identity";
        let token = (self.files)(Path::new(&web.token_file))?.ok_or_else(|| {
            Error::credential_source(
                who,
                alloc::format!("the token file {} does not exist", web.token_file),
            )
        })?;
        let name = web
            .session_name
            .clone()
            .unwrap_or_else(|| sts::default_session_name(now));
        // As read: the SDKs send the file's contents unchanged.
        let call = AssumeRoleWithWebIdentity::new(&web.role_arn, name, token.as_str())?;
        let request = call.request(&self.sts_endpoint(plan, flags)?);
        let response = self.send_retrying(&request)?;
        Ok(call
            .parse_response(response.as_response())?
            .into_credentials())
    }

    pub(super) fn sso(
        &self,
        sso: &Sso,
        now: SigningTime,
        plan: &Plan,
        flags: EndpointFlags,
    ) -> Result<Credentials> {
        let who = alloc::format!("profile {:?}: SSO", sso.profile);
        let (Some(account), Some(role)) = (&sso.account_id, &sso.role_name) else {
            return Err(Error::credential_source(
                &who,
                "sso_account_id and sso_role_name are needed for credentials (the profile only names a token)",
            ));
        };
        let key = sso.session_name.as_deref().unwrap_or(&sso.start_url);
        let home = home_dir(|k| (self.env)(k), self.platform).ok_or_else(|| {
            Error::credential_source(&who, "no home folder (HOME) to find ~/.aws/sso/cache in")
        })?;
        let sep = self.platform.separator();
        let path = alloc::format!(
            "{home}{sep}.aws{sep}sso{sep}cache{sep}{}",
            cache_file_name(key)
        );
        let file = (self.files)(Path::new(&path))?.ok_or_else(|| {
            Error::credential_source(
                &who,
                alloc::format!("no cached token at {path}; run `aws sso login` first"),
            )
        })?;
        let token = SsoToken::parse_cached(file.as_bytes(), now)?;
        let endpoint = match self.endpoint("sso", Some(plan)) {
            Some(url) => SsoEndpoint::custom(&url)?,
            None => SsoEndpoint::regional(&sso.region)?
                .fips(flags.fips)
                .dual_stack(flags.dual_stack),
        };
        let call = GetRoleCredentials::new(account, role)?;
        // One attempt, as smithy-rs's recorded `sso_server_error` makes it.
        let response = self.send(&call.request(&endpoint, &token), &Timeouts::default())?;
        call.parse_response(response.as_response())
    }

    /// The container endpoint's credentials, or `None` when it is not
    /// configured.
    pub(super) fn container(&self, _now: SigningTime) -> Result<Option<Credentials>> {
        let Some(config) = ContainerConfig::resolve(|k| self.var(k))? else {
            return Ok(None);
        };
        let token = match config.authorization_token_file() {
            Some(path) => Some((self.files)(Path::new(path))?.ok_or_else(|| {
                Error::credential_source(
                    "container credentials",
                    alloc::format!(
                        "the authorization token file {path} (AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE) does not exist"
                    ),
                )
            })?),
            None => None,
        };
        let request = config.request(token.as_ref().map(|t| t.as_str()))?;
        let response = self.send(&request, &Timeouts::metadata())?;
        container::parse_credentials(response.as_response()).map(Some)
    }

    /// IMDSv2: the token, the role name, its credentials.
    pub(super) fn imds(&self, config: ImdsConfig, now: SigningTime) -> Result<Credentials> {
        let mut client = ImdsClient::new(config)?;
        let mut request = client.start(now);
        let mut last_status = 0;
        loop {
            if last_status >= 500 || last_status == 429 {
                std::thread::sleep(self.retry_pause);
            }
            let response = self
                .send(&request, &Timeouts::metadata())
                .map_err(|e| e.context("IMDS"))?;
            last_status = response.status();
            match client.handle(response.as_response())? {
                ImdsStep::Send(next) => request = next,
                ImdsStep::Done(credentials) => return Ok(credentials),
            }
        }
    }
}

/// `use_fips_endpoint` / `use_dualstack_endpoint` (the environment's
/// `AWS_USE_FIPS_ENDPOINT` / `AWS_USE_DUALSTACK_ENDPOINT` first), for the
/// STS and SSO endpoints the chain calls.
#[derive(Clone, Copy, Default)]
pub(super) struct EndpointFlags {
    pub(super) fips: bool,
    pub(super) dual_stack: bool,
}

/// Web identity settings from the profile or the environment.
struct WebIdentitySettings {
    role_arn: String,
    token_file: String,
    session_name: Option<String>,
}
