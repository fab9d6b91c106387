//! The RDS (and Aurora) IAM database authentication token.

use alloc::string::String;

use crate::credentials::Credentials;
use crate::error::Result;
use crate::time::SigningTime;

use super::presign::{signed_host, write_token, TokenRequest};
use super::{checks, IAM_TOKEN_MAX_EXPIRES_IN};

/// An RDS IAM authentication token: the password for `username` on the
/// database at `hostname:port`, as botocore's `generate_db_auth_token`
/// and `aws rds generate-db-auth-token` make it (`rds-db`,
/// `Action=connect&DBUser=…`, 900 s, `host:port/?…` without a scheme).
///
/// ```
/// use awssig::{Credentials, SigningTime};
/// use awssig::tokens::RdsToken;
/// let creds = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")?;
/// let token = RdsToken::new("mydb.123456789012.us-east-1.rds.amazonaws.com", 3306, "admin", "us-east-1")
///     .token(&creds, SigningTime::from_amz_date("20240102T030405Z")?)?;
/// assert!(token.contains("&X-Amz-Credential=AKIDEXAMPLE%2F20240102%2Fus-east-1%2Frds-db%2Faws4_request&"));
/// assert!(token.contains("&X-Amz-Expires=900&"));
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RdsToken {
    hostname: String,
    port: u16,
    username: String,
    region: String,
    expires_in: u64,
}

impl RdsToken {
    /// A token for `username` at `hostname:port` in `region`; checked when
    /// made ([`RdsToken::token`]).
    ///
    /// ```
    /// let t = awssig::tokens::RdsToken::new("db.example.com", 5432, "app", "eu-west-1");
    /// # let _ = t;
    /// ```
    pub fn new(
        hostname: impl Into<String>,
        port: u16,
        username: impl Into<String>,
        region: impl Into<String>,
    ) -> Self {
        RdsToken {
            hostname: hostname.into(),
            port,
            username: username.into(),
            region: region.into(),
            expires_in: IAM_TOKEN_MAX_EXPIRES_IN,
        }
    }

    /// A shorter lifetime than the default and maximum, 900 s (botocore
    /// always signs 900).
    ///
    /// ```
    /// # use awssig::{Credentials, ErrorKind, SigningTime};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let t = awssig::tokens::RdsToken::new("db.example.com", 5432, "app", "us-east-1");
    /// let err = t.expires_in(901).token(&creds, SigningTime::from_unix(0)?).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::InvalidExpiry);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn expires_in(mut self, seconds: u64) -> Self {
        self.expires_in = seconds;
        self
    }

    /// Checks the inputs without signing ([`RdsToken::token`] does too):
    /// the host name alone (no scheme or port), the port 1-65535, the
    /// user not empty, the lifetime 1-900 s.
    ///
    /// ```
    /// use awssig::tokens::RdsToken;
    /// assert!(RdsToken::new("db.example.com", 5432, "app", "us-east-1").check().is_ok());
    /// assert!(RdsToken::new("db.example.com", 5432, "", "us-east-1").check().is_err());
    /// ```
    pub fn check(&self) -> Result<()> {
        checks::host("RDS host name", &self.hostname)?;
        checks::port(self.port)?;
        checks::user("RDS user name", &self.username)?;
        checks::expires(self.expires_in, IAM_TOKEN_MAX_EXPIRES_IN, "RDS")
    }

    /// The token, signed at `time`: the host name must be a host name
    /// alone (no scheme or port), the port 1-65535, the user not empty.
    ///
    /// ```
    /// # use awssig::{Credentials, ErrorKind, SigningTime};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let t = awssig::tokens::RdsToken::new("db.example.com", 0, "app", "us-east-1");
    /// let err = t.token(&creds, SigningTime::from_unix(0)?).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::InvalidTokenInput);
    /// assert_eq!(err.to_string(), "port 0 is out of range; allowed are 1 to 65535");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn token(&self, creds: &Credentials, time: SigningTime) -> Result<String> {
        self.check()?;
        let mut digits = [0u8; 20];
        let port = crate::encode::decimal(u64::from(self.port), &mut digits);
        let mut authority = String::with_capacity(self.hostname.len() + 6);
        authority.push_str(&self.hostname);
        authority.push(':');
        authority.extend(port.iter().map(|&d| char::from(d)));
        let host = signed_host(&authority);
        write_token(
            creds,
            &TokenRequest {
                service: "rds-db",
                region: &self.region,
                authority: &authority,
                headers: &[("host", &host)],
                query: &[("Action", "connect"), ("DBUser", &self.username)],
                expires_in: self.expires_in,
            },
            time,
            "",
        )
    }
}
