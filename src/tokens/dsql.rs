//! The Aurora DSQL authentication token.

use alloc::string::String;

use crate::credentials::Credentials;
use crate::error::Result;
use crate::time::SigningTime;

use super::checks;
use super::presign::{signed_host, write_token, TokenRequest};

/// The longest an Aurora DSQL token may live: one week.
const DSQL_MAX_EXPIRES_IN: u64 = crate::v4::MAX_EXPIRES_IN;

/// An Aurora DSQL authentication token for the cluster endpoint
/// `hostname`, as botocore's `generate_db_connect_auth_token` (role
/// `DbConnect`) and `generate_db_connect_admin_auth_token` (the `admin`
/// role, `DbConnectAdmin`) make it: `dsql`, 900 s unless told, at most
/// 604800 s.
///
/// ```
/// use awssig::{Credentials, SigningTime};
/// use awssig::tokens::DsqlToken;
/// let creds = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")?;
/// let token = DsqlToken::new("abcdefghijklmnop.dsql.us-east-1.on.aws", "us-east-1")
///     .admin(true)
///     .expires_in(3600)
///     .token(&creds, SigningTime::from_amz_date("20240102T030405Z")?)?;
/// assert!(token.starts_with("abcdefghijklmnop.dsql.us-east-1.on.aws/?Action=DbConnectAdmin&X-Amz-Algorithm="));
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DsqlToken {
    hostname: String,
    region: String,
    admin: bool,
    expires_in: u64,
}

impl DsqlToken {
    /// A `DbConnect` token for the cluster at `hostname` in `region`,
    /// valid 900 s.
    ///
    /// ```
    /// let t = awssig::tokens::DsqlToken::new("abc.dsql.us-east-1.on.aws", "us-east-1");
    /// # let _ = t;
    /// ```
    pub fn new(hostname: impl Into<String>, region: impl Into<String>) -> Self {
        DsqlToken {
            hostname: hostname.into(),
            region: region.into(),
            admin: false,
            expires_in: 900,
        }
    }

    /// For the `admin` role (`DbConnectAdmin`) rather than a custom
    /// database role (`DbConnect`).
    ///
    /// ```
    /// let t = awssig::tokens::DsqlToken::new("abc.dsql.us-east-1.on.aws", "us-east-1").admin(true);
    /// # let _ = t;
    /// ```
    pub fn admin(mut self, admin: bool) -> Self {
        self.admin = admin;
        self
    }

    /// The lifetime: 1 to 604800 s (default 900).
    ///
    /// ```
    /// # use awssig::{Credentials, ErrorKind, SigningTime};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let t = awssig::tokens::DsqlToken::new("abc.dsql.us-east-1.on.aws", "us-east-1");
    /// let err = t.expires_in(604_801).token(&creds, SigningTime::from_unix(0)?).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::InvalidExpiry);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn expires_in(mut self, seconds: u64) -> Self {
        self.expires_in = seconds;
        self
    }

    /// Checks the inputs without signing ([`DsqlToken::token`] does too):
    /// a host name alone, a lifetime of 1-604800 s.
    ///
    /// ```
    /// use awssig::tokens::DsqlToken;
    /// assert!(DsqlToken::new("abc.dsql.us-east-1.on.aws", "us-east-1").check().is_ok());
    /// assert!(DsqlToken::new("abc.dsql.us-east-1.on.aws", "us-east-1").expires_in(0).check().is_err());
    /// ```
    pub fn check(&self) -> Result<()> {
        checks::host("DSQL host name", &self.hostname)?;
        checks::expires(self.expires_in, DSQL_MAX_EXPIRES_IN, "DSQL")
    }

    /// The token, signed at `time`.
    ///
    /// ```
    /// # use awssig::{Credentials, ErrorKind, SigningTime};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let t = awssig::tokens::DsqlToken::new("https://abc.dsql.us-east-1.on.aws", "us-east-1");
    /// assert_eq!(t.token(&creds, SigningTime::from_unix(0)?).unwrap_err().kind(), ErrorKind::InvalidTokenInput);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn token(&self, creds: &Credentials, time: SigningTime) -> Result<String> {
        self.check()?;
        let action = if self.admin {
            "DbConnectAdmin"
        } else {
            "DbConnect"
        };
        let host = signed_host(&self.hostname);
        write_token(
            creds,
            &TokenRequest {
                service: "dsql",
                region: &self.region,
                authority: &self.hostname,
                headers: &[("host", &host)],
                query: &[("Action", action)],
                expires_in: self.expires_in,
            },
            time,
            "",
        )
    }
}
