//! The ElastiCache (Valkey, Redis OSS) IAM authentication token.

use alloc::string::String;

use crate::credentials::Credentials;
use crate::error::Result;
use crate::time::SigningTime;

use super::presign::{write_token, TokenRequest};
use super::{checks, IAM_TOKEN_MAX_EXPIRES_IN};

/// An ElastiCache IAM authentication token: the password of the
/// IAM-enabled user `user_id` on a replication group or a serverless
/// cache, as AWS's `developer-toolkit-elasticache` makes it (`elasticache`,
/// `Action=connect&User=…`, `&ResourceType=ServerlessCache` for a
/// serverless cache, 900 s, `name/?…`). ElastiCache stores names and user
/// ids lowercase, so both are lowercased before signing.
///
/// ```
/// use awssig::{Credentials, SigningTime};
/// use awssig::tokens::ElastiCacheToken;
/// let creds = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")?;
/// let token = ElastiCacheToken::serverless_cache("My-Cache", "iam-user", "us-east-1")
///     .token(&creds, SigningTime::from_amz_date("20240102T030405Z")?)?;
/// assert!(token.starts_with("my-cache/?Action=connect&User=iam-user&ResourceType=ServerlessCache&X-Amz-"));
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ElastiCacheToken {
    name: String,
    user_id: String,
    region: String,
    serverless: bool,
    expires_in: u64,
}

impl ElastiCacheToken {
    /// A token for a node-based cluster, named by its replication group id.
    ///
    /// ```
    /// let t = awssig::tokens::ElastiCacheToken::replication_group("sessions", "iam-user", "eu-west-1");
    /// # let _ = t;
    /// ```
    pub fn replication_group(
        replication_group_id: impl Into<String>,
        user_id: impl Into<String>,
        region: impl Into<String>,
    ) -> Self {
        ElastiCacheToken {
            name: replication_group_id.into(),
            user_id: user_id.into(),
            region: region.into(),
            serverless: false,
            expires_in: IAM_TOKEN_MAX_EXPIRES_IN,
        }
    }

    /// A token for a serverless cache (signs `ResourceType=ServerlessCache`).
    ///
    /// ```
    /// let t = awssig::tokens::ElastiCacheToken::serverless_cache("my-cache", "iam-user", "eu-west-1");
    /// # let _ = t;
    /// ```
    pub fn serverless_cache(
        cache_name: impl Into<String>,
        user_id: impl Into<String>,
        region: impl Into<String>,
    ) -> Self {
        ElastiCacheToken {
            serverless: true,
            ..Self::replication_group(cache_name, user_id, region)
        }
    }

    /// A shorter lifetime than the default and maximum, 900 s.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let t = awssig::tokens::ElastiCacheToken::replication_group("g", "u", "us-east-1").expires_in(300);
    /// assert!(t.token(&creds, SigningTime::from_unix(0)?)?.contains("&X-Amz-Expires=300&"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn expires_in(mut self, seconds: u64) -> Self {
        self.expires_in = seconds;
        self
    }

    /// Checks the inputs without signing ([`ElastiCacheToken::token`] does
    /// too): the name and user id by ElastiCache's rules (after
    /// lowercasing), the lifetime 1-900 s.
    ///
    /// ```
    /// use awssig::tokens::ElastiCacheToken;
    /// assert!(ElastiCacheToken::replication_group("Sessions", "default.iam-user", "us-east-1").check().is_ok());
    /// assert!(ElastiCacheToken::replication_group("sessions--1", "u", "us-east-1").check().is_err());
    /// ```
    pub fn check(&self) -> Result<()> {
        self.checked().map(|_| ())
    }

    /// The name and user id, lowercased and checked.
    fn checked(&self) -> Result<(String, String)> {
        let (name, user) = (
            self.name.to_ascii_lowercase(),
            self.user_id.to_ascii_lowercase(),
        );
        let what = if self.serverless {
            "ElastiCache serverless cache name"
        } else {
            "ElastiCache replication group id"
        };
        checks::cache_name(what, &name)?;
        checks::cache_user("ElastiCache user id", &user, true)?;
        checks::expires(self.expires_in, IAM_TOKEN_MAX_EXPIRES_IN, "ElastiCache")?;
        Ok((name, user))
    }

    /// The token, signed at `time`.
    ///
    /// ```
    /// # use awssig::{Credentials, ErrorKind, SigningTime};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let t = awssig::tokens::ElastiCacheToken::replication_group("my_group", "u", "us-east-1");
    /// assert_eq!(t.token(&creds, SigningTime::from_unix(0)?).unwrap_err().kind(), ErrorKind::InvalidTokenInput);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn token(&self, creds: &Credentials, time: SigningTime) -> Result<String> {
        let (name, user) = self.checked()?;
        let all = [
            ("Action", "connect"),
            ("User", user.as_str()),
            ("ResourceType", "ServerlessCache"),
        ];
        write_token(
            creds,
            &TokenRequest {
                service: "elasticache",
                region: &self.region,
                authority: &name,
                headers: &[("host", &name)],
                query: if self.serverless { &all } else { &all[..2] },
                expires_in: self.expires_in,
            },
            time,
            "",
        )
    }
}
