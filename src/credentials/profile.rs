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
//! use awssig::credentials::profile::{ProfileFile, ProfileSet};
//! let config = "[default]\nregion = us-east-1\n";
//! let set = ProfileSet::parse(&[ProfileFile::config("~/.aws/config", config)])?;
//! assert_eq!(set.profile("default").unwrap().get("region"), Some("us-east-1"));
//! # Ok::<(), awssig::Error>(())
//! ```

mod lines;
mod location;
mod set;

pub use location::{locate_files, FileLocations, Platform};
pub use set::{FileKind, ProfileFile, ProfileSet, Section};
