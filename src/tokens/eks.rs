//! The EKS bearer token: a presigned STS `GetCallerIdentity` that names
//! the cluster in a signed header.

use alloc::string::String;

use base64::Engine;

use crate::credentials::Credentials;
use crate::error::Result;
use crate::time::SigningTime;

use super::checks;
use super::exec_credential::{self, ExecCredentialVersion};
use super::presign::{write_token, TokenRequest};

/// The token's prefix before the base64url URL.
const PREFIX: &str = "k8s-aws-v1.";
/// The presigned URL's lifetime (`aws eks get-token`'s).
const URL_EXPIRES_IN: u64 = 60;
/// How long clients may reuse the token: the aws cli writes 14 minutes
/// into the `ExecCredential` (STS accepts the URL for 15).
const REUSE_FOR: u64 = 14 * 60;

/// An EKS cluster token, as `aws eks get-token --cluster-name C` makes it:
/// STS `GetCallerIdentity` presigned for 60 s on the regional STS
/// endpoint with the signed header `x-k8s-aws-id: C`, written as
/// `k8s-aws-v1.` and the URL in unpadded base64url.
///
/// ```
/// use awssig::{Credentials, SigningTime};
/// use awssig::tokens::EksToken;
/// let creds = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")?;
/// let cred = EksToken::new("prod", "eu-west-1").token(&creds, SigningTime::from_amz_date("20240102T030405Z")?)?;
/// assert!(cred.token().starts_with("k8s-aws-v1.aHR0cHM6Ly9zdHMuZXUtd2VzdC0xLmFtYXpvbmF3cy5jb20v"));
/// assert_eq!(cred.expiration().rfc3339(), "2024-01-02T03:18:05Z");
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EksToken {
    cluster: String,
    region: String,
}

/// A made EKS token and when clients should stop reusing it.
///
/// ```
/// # use awssig::{Credentials, SigningTime};
/// # let creds = Credentials::new("AKID", "secret")?;
/// let cred = awssig::tokens::EksToken::new("c", "us-east-1").token(&creds, SigningTime::from_unix(0)?)?;
/// assert_eq!(cred.expiration().unix(), 840);
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EksCredential {
    token: String,
    expiration: SigningTime,
}

impl EksToken {
    /// A token for the cluster `cluster_name` (or, for a local cluster on
    /// Outposts, its id), signed for STS in `region`.
    ///
    /// ```
    /// let t = awssig::tokens::EksToken::new("prod", "us-west-2");
    /// # let _ = t;
    /// ```
    pub fn new(cluster_name: impl Into<String>, region: impl Into<String>) -> Self {
        EksToken {
            cluster: cluster_name.into(),
            region: region.into(),
        }
    }

    /// Checks the inputs without signing ([`EksToken::token`] does too):
    /// the cluster name by EKS's rule, a region that names an STS
    /// endpoint.
    ///
    /// ```
    /// use awssig::tokens::EksToken;
    /// assert!(EksToken::new("prod", "eu-west-1").check().is_ok());
    /// assert!(EksToken::new("prod", "EU WEST").check().is_err());
    /// ```
    pub fn check(&self) -> Result<()> {
        self.sts_host().map(|_| ())
    }

    /// The regional STS host, after checking the inputs.
    fn sts_host(&self) -> Result<String> {
        checks::eks_cluster(&self.cluster)?;
        let partition = crate::partition::for_region("EKS token", &self.region)?;
        Ok(partition.regional_host("sts", &self.region, false, false))
    }

    /// The token, signed at `time`.
    ///
    /// ```
    /// # use awssig::{Credentials, ErrorKind, SigningTime};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let err = awssig::tokens::EksToken::new("", "us-east-1").token(&creds, SigningTime::from_unix(0)?).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::InvalidTokenInput);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn token(&self, creds: &Credentials, time: SigningTime) -> Result<EksCredential> {
        let host = self.sts_host()?;
        let url = write_token(
            creds,
            &TokenRequest {
                service: "sts",
                region: &self.region,
                authority: &host,
                headers: &[("host", &host), ("x-k8s-aws-id", &self.cluster)],
                query: &[("Action", "GetCallerIdentity"), ("Version", "2011-06-15")],
                expires_in: URL_EXPIRES_IN,
            },
            time,
            "https://",
        )?;
        let engine = &base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let mut token = String::with_capacity(PREFIX.len() + url.len().div_ceil(3) * 4);
        token.push_str(PREFIX);
        engine.encode_string(url.as_bytes(), &mut token);
        Ok(EksCredential {
            token,
            expiration: time.plus_saturating(REUSE_FOR),
        })
    }
}

impl EksCredential {
    /// The bearer token, `k8s-aws-v1.…`.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let cred = awssig::tokens::EksToken::new("c", "us-east-1").token(&creds, SigningTime::from_unix(0)?)?;
    /// assert!(cred.token().starts_with("k8s-aws-v1."));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn token(&self) -> &str {
        &self.token
    }

    /// The signing time plus 14 minutes, the `expirationTimestamp` after
    /// which clients make a new token.
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// let cred = awssig::tokens::EksToken::new("c", "us-east-1").token(&creds, SigningTime::from_unix(60)?)?;
    /// assert_eq!(cred.expiration().unix(), 900);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn expiration(&self) -> SigningTime {
        self.expiration
    }

    /// The `ExecCredential` a kubeconfig `exec` plugin prints, byte for
    /// byte as `aws eks get-token` prints it (4-space indent, no final
    /// newline; the aws cli then prints two).
    ///
    /// ```
    /// # use awssig::{Credentials, SigningTime};
    /// # let creds = Credentials::new("AKID", "secret")?;
    /// use awssig::tokens::{EksToken, ExecCredentialVersion};
    /// let cred = EksToken::new("c", "us-east-1").token(&creds, SigningTime::from_unix(0)?)?;
    /// let json = cred.exec_credential(ExecCredentialVersion::V1Beta1);
    /// assert!(json.starts_with("{\n    \"kind\": \"ExecCredential\",\n    \"apiVersion\": \"client.authentication.k8s.io/v1beta1\",\n"));
    /// assert!(json.contains("\"expirationTimestamp\": \"1970-01-01T00:14:00Z\""));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn exec_credential(&self, version: ExecCredentialVersion) -> String {
        exec_credential::write(version, &self.expiration.rfc3339(), &self.token)
    }
}
