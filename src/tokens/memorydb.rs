//! The MemoryDB IAM authentication token.

use alloc::string::String;

use crate::credentials::Credentials;
use crate::error::Result;
use crate::time::SigningTime;

use super::presign::{write_token, TokenRequest};
use super::{checks, IAM_TOKEN_MAX_EXPIRES_IN};

/// A MemoryDB IAM authentication token: the password of the IAM-enabled
/// user `username` on `cluster_name`, as the MemoryDB developer guide's
/// example makes it (`memorydb`, `Action=connect&User=…`, 900 s,
/// `cluster/?…`). No SDK has a helper; the corpus signs it with
/// botocore's `SigV4QueryAuth` the way AWS's ElastiCache toolkit does.
/// The cluster name, which MemoryDB stores lowercase, is lowercased; the
/// user name is signed as given.
///
/// ```
/// use awssig::{Credentials, SigningTime};
/// use awssig::tokens::MemoryDbToken;
/// let creds = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")?;
/// let token = MemoryDbToken::new("orders", "iam-user", "us-east-1")
///     .token(&creds, SigningTime::from_amz_date("20240102T030405Z")?)?;
/// assert!(token.starts_with("orders/?Action=connect&User=iam-user&X-Amz-Algorithm="));
/// assert!(token.contains("%2Fmemorydb%2Faws4_request&"));
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemoryDbToken {
    cluster_name: String,
    username: String,
    region: String,
    expires_in: u64,
}

impl MemoryDbToken {
    /// A token for `username` on `cluster_name` in `region`.
    ///
    /// ```
    /// let t = awssig::tokens::MemoryDbToken::new("orders", "iam-user", "us-east-1");
    /// # let _ = t;
    /// ```
    pub fn new(
        cluster_name: impl Into<String>,
        username: impl Into<String>,
        region: impl Into<String>,
    ) -> Self {
        MemoryDbToken {
            cluster_name: cluster_name.into(),
            username: username.into(),
            region: region.into(),
            expires_in: IAM_TOKEN_MAX_EXPIRES_IN,
        }
    }

    /// A shorter lifetime than the default and maximum, 900 s.
    ///
    /// ```
    /// # use awssig::{Credentials, ErrorKind, SigningTime};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let t = awssig::tokens::MemoryDbToken::new("orders", "u", "us-east-1").expires_in(1000);
    /// assert_eq!(t.token(&creds, SigningTime::from_unix(0)?).unwrap_err().kind(), ErrorKind::InvalidExpiry);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn expires_in(mut self, seconds: u64) -> Self {
        self.expires_in = seconds;
        self
    }

    /// Checks the inputs without signing ([`MemoryDbToken::token`] does
    /// too): the cluster and user names by MemoryDB's rules, the lifetime
    /// 1-900 s.
    ///
    /// ```
    /// use awssig::tokens::MemoryDbToken;
    /// assert!(MemoryDbToken::new("Orders", "iam-user", "us-east-1").check().is_ok());
    /// assert!(MemoryDbToken::new("orders", "iam user", "us-east-1").check().is_err());
    /// ```
    pub fn check(&self) -> Result<()> {
        checks::cache_name(
            "MemoryDB cluster name",
            &self.cluster_name.to_ascii_lowercase(),
        )?;
        checks::cache_user("MemoryDB user name", &self.username, false)?;
        checks::expires(self.expires_in, IAM_TOKEN_MAX_EXPIRES_IN, "MemoryDB")
    }

    /// The token, signed at `time`.
    ///
    /// ```
    /// # use awssig::{Credentials, ErrorKind, SigningTime};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let t = awssig::tokens::MemoryDbToken::new("orders", "", "us-east-1");
    /// assert_eq!(t.token(&creds, SigningTime::from_unix(0)?).unwrap_err().kind(), ErrorKind::InvalidTokenInput);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn token(&self, creds: &Credentials, time: SigningTime) -> Result<String> {
        self.check()?;
        let name = self.cluster_name.to_ascii_lowercase();
        write_token(
            creds,
            &TokenRequest {
                service: "memorydb",
                region: &self.region,
                authority: &name,
                headers: &[("host", &name)],
                query: &[("Action", "connect"), ("User", &self.username)],
                expires_in: self.expires_in,
            },
            time,
            "",
        )
    }
}
