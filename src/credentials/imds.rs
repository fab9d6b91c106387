//! EC2 instance-profile credentials from the Instance Metadata Service,
//! version 2 (IMDSv2), without IO.
//!
//! The wire format, as AWS documents it ("Use the Instance Metadata
//! Service to access instance metadata" and "Retrieve security credentials
//! from instance metadata", EC2 User Guide):
//!
//! 1. `PUT /latest/api/token` with `x-aws-ec2-metadata-token-ttl-seconds:
//!    <1..=21600>` answers a session token (400 without the header, 403
//!    when IMDS is disabled or the PUT is refused);
//! 2. `GET /latest/meta-data/iam/security-credentials/` with
//!    `x-aws-ec2-metadata-token: <token>` answers the role name (404: no
//!    role attached; 401: the token expired or is missing);
//! 3. `GET /latest/meta-data/iam/security-credentials/<role>` answers a
//!    JSON document: `Code` (`Success`), `AccessKeyId`, `SecretAccessKey`,
//!    `Token`, `Expiration`.
//!
//! [`ImdsConfig`] resolves the endpoint and settings from the caller's
//! overrides, the environment and the profile (inputs, not read here);
//! it builds the three requests, and [`ImdsToken::from_response`],
//! [`parse_role_name`] and [`parse_credentials`] read the answers. An edge
//! that would rather not sequence them uses [`ImdsClient`], a state
//! machine that returns the next request and takes each response.
//! IMDSv1 (no token) is not spoken.
//!
//! ```
//! use awssig::credentials::{HttpResponse, imds::{ImdsClient, ImdsConfig, ImdsStep}};
//! use awssig::SigningTime;
//! let config = ImdsConfig::builder().resolve(|_| None, |_| None)?;
//! let mut client = ImdsClient::new(config)?;
//! let request = client.start(SigningTime::from_unix(1_700_000_000)?);
//! assert_eq!((request.method(), request.url()), ("PUT", "http://169.254.169.254/latest/api/token"));
//! // IMDS says the instance has no role:
//! let ImdsStep::Send(next) = client.handle(HttpResponse::new(200, b"token"))? else { unreachable!() };
//! assert!(next.url().ends_with("/security-credentials/"));
//! assert!(client.handle(HttpResponse::new(404, b"")).is_err());
//! # Ok::<(), awssig::Error>(())
//! ```

mod client;
mod config;
mod role;
mod security_credentials;
mod status;
mod token;

pub use client::{ImdsClient, ImdsStep};
pub use config::{
    EndpointMode, ImdsConfig, ImdsConfigBuilder, DEFAULT_MAX_ATTEMPTS, MAX_TOKEN_TTL_SECONDS,
};
pub use role::parse_role_name;
pub use security_credentials::parse_credentials;
pub use token::{ImdsToken, TOKEN_HEADER, TTL_HEADER};
