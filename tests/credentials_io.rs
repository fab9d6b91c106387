//! The credential sources' IO edge (feature `credentials-io`): the default
//! HTTP client against local servers, the `credential_process` runner, the
//! bounded file reads, the refreshing cache, and the replaying client the
//! recorded default-chain cases run through.
#![cfg(feature = "credentials-io")]

mod common;

#[path = "credentials_io/client.rs"]
mod client;
#[path = "credentials_io/files.rs"]
mod files;
#[cfg(unix)]
#[path = "credentials_io/process.rs"]
mod process;
#[path = "credentials_io/refreshing.rs"]
mod refreshing;
#[path = "credentials_io/replay.rs"]
mod replay;
