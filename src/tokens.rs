//! Presigned tokens that are passwords rather than URLs to fetch: the IAM
//! authentication tokens of RDS, Aurora DSQL, ElastiCache and MemoryDB,
//! and the bearer token of an EKS cluster (with the `ExecCredential` a
//! kubeconfig `exec` plugin prints).
//!
//! Each is a SigV4 presigned `GET /` on a host that names the database or
//! cluster, written without its scheme (EKS: the whole URL, base64url).
//! They are byte-identical to what botocore and the aws cli make (the
//! corpus in `tests/data/botocore/tokens.json`), and each builder checks
//! its service's documented bounds before signing.
//!
//! | token | service | query | lifetime | made like |
//! |---|---|---|---|---|
//! | [`RdsToken`] | `rds-db` | `Action=connect&DBUser=…` | ≤ 900 s (900) | botocore `generate_db_auth_token` |
//! | [`DsqlToken`] | `dsql` | `Action=DbConnect` or `DbConnectAdmin` | 1..=604800 s (900) | botocore `generate_db_connect[_admin]_auth_token` |
//! | [`EksToken`] | `sts` | `Action=GetCallerIdentity&Version=2011-06-15`, signed `x-k8s-aws-id` | 60 s | `aws eks get-token` |
//! | [`ElastiCacheToken`] | `elasticache` | `Action=connect&User=…[&ResourceType=ServerlessCache]` | ≤ 900 s (900) | AWS's `developer-toolkit-elasticache` |
//! | [`MemoryDbToken`] | `memorydb` | `Action=connect&User=…` | ≤ 900 s (900) | the MemoryDB guide's example |
//!
//! ```
//! use awssig::{Credentials, SigningTime};
//! use awssig::tokens::RdsToken;
//!
//! let creds = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")?;
//! let token = RdsToken::new("mydb.123456789012.us-east-1.rds.amazonaws.com", 5432, "app_user", "us-east-1")
//!     .token(&creds, SigningTime::from_amz_date("20240102T030405Z")?)?;
//! assert!(token.starts_with(
//!     "mydb.123456789012.us-east-1.rds.amazonaws.com:5432/?Action=connect&DBUser=app_user&X-Amz-Algorithm="
//! ));
//! # Ok::<(), awssig::Error>(())
//! ```
//!
//! Credentials that expire before the token would are refused
//! ([`ErrorKind::CredentialsExpire`](crate::ErrorKind::CredentialsExpire)),
//! as for any presigned URL.

mod checks;
mod dsql;
mod eks;
mod elasticache;
mod exec_credential;
mod memorydb;
mod presign;
mod rds;

pub use dsql::DsqlToken;
pub use eks::{EksCredential, EksToken};
pub use elasticache::ElastiCacheToken;
pub use exec_credential::ExecCredentialVersion;
pub use memorydb::MemoryDbToken;
pub use rds::RdsToken;

/// The lifetime of the IAM tokens of RDS, ElastiCache and MemoryDB, and
/// the longest they allow: 15 minutes.
///
/// ```
/// assert_eq!(awssig::tokens::IAM_TOKEN_MAX_EXPIRES_IN, 900);
/// ```
pub const IAM_TOKEN_MAX_EXPIRES_IN: u64 = 900;
