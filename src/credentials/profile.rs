//! The shared `config` and `credentials` files, as the aws cli and the AWS
//! SDKs read them, and the resolution of a profile into a [`Plan`].
//!
//! Pure: the caller finds the files ([`locate_files`], from environment
//! values it passes in), reads them, and hands the text to
//! [`ProfileSet::parse`]; [`ProfileSet::resolve`] then says where a
//! profile's credentials come from (static keys, a `credential_process`,
//! SSO, web identity, a `credential_source`) and which roles to assume
//! with them. Performing the plan (running the process, calling STS or
//! the SSO portal) is the IO edge's job.
//!
//! ```
//! use awssig::credentials::profile::{Base, ProfileFile, ProfileSet};
//! let config = "[default]\nregion = us-east-1\ncredential_process = /usr/bin/get-creds --profile x\n";
//! let set = ProfileSet::parse(&[ProfileFile::config("~/.aws/config", config)])?;
//! let plan = set.resolve("default")?;
//! let Base::Process(process) = &plan.base else { panic!("a process expected") };
//! assert_eq!(process.command, "/usr/bin/get-creds --profile x");
//! assert!(plan.roles.is_empty());
//! # Ok::<(), awssig::Error>(())
//! ```

mod lines;
mod location;
mod plan;
mod resolve;
mod set;

pub use location::{home_dir, locate_files, FileLocations, Platform};
pub use plan::{AccessKey, AssumeRole, Base, CredentialSource, Plan, Process, Sso, WebIdentity};
pub use set::{FileKind, ProfileFile, ProfileSet, Section};
