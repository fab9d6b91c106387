//! The IO edge of the credential sources (feature `credentials-io`).
//!
//! The sources in [`crate::credentials`] are pure: they build an
//! [`HttpRequest`](crate::credentials::HttpRequest) and parse an
//! [`HttpResponse`](crate::credentials::HttpResponse), or parse bytes a
//! file or a process produced. This module performs that IO, and only
//! that, with nothing specific to any one source:
//!
//! * [`HttpClient`], the trait a source's exchange runs through, with
//!   per-request [`Timeouts`]; [`BlockingClient`] is the default (http and
//!   https, no proxy, no redirects), or bring your own;
//! * [`ProcessRunner`] runs a `credential_process` command line through the
//!   platform shell and captures its output, bounded and with a timeout;
//! * [`read_file`] reads a config, token or cache file, bounded, telling a
//!   missing file apart from an unreadable one;
//! * [`DefaultChain`] asks the sources in the aws cli's order and performs
//!   what the profile plans (processes, SSO, roles, web identity);
//! * [`ProvideCredentials`] is a source that can be asked for credentials
//!   at an instant, [`Clock`] where that instant comes from, and
//!   [`Refreshing`] a thread-safe cache that refreshes ahead of expiry.
//!
//! Secrets pass through here (response bodies, process output, token
//! files): they are kept in [`Zeroizing`](zeroize::Zeroizing) buffers that
//! are wiped when dropped, and never shown by `Debug`.

mod bounded;
mod chain;
mod clock;
mod file;
mod http_client;
mod process;
mod provider;
mod refreshing;
mod ureq_client;

pub use chain::{DefaultChain, Resolved};
pub use clock::{Clock, SystemClock};
pub use file::{read_file, DEFAULT_MAX_FILE_LEN};
pub use http_client::{HttpClient, HttpResponseBuf, Timeouts};
pub use process::ProcessRunner;
pub use provider::ProvideCredentials;
pub use refreshing::Refreshing;
pub use ureq_client::BlockingClient;
