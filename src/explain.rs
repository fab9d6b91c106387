//! A doctor for `SignatureDoesNotMatch`: compares the canonical request
//! and string to sign a server computed (S3's error body, a Ceph RGW log,
//! this crate's [`Verifier`](crate::verify::Verifier) in debug mode) with
//! the [`Steps`](crate::v4::Steps) awssig computes for the request as it
//! was meant, and names the first line that differs and its likely
//! cause: path or query encoding, a header changed in transit or not
//! signed, the payload, the time, the region, the scope, or (when both
//! texts agree) the secret.
//!
//! ```
//! use awssig::{Credentials, SigningTime};
//! use awssig::explain::{explain, Cause, ServerSteps};
//! use awssig::v4::{Request, Signer, SigningSettings};
//!
//! let signer = Signer::new(Credentials::new("AKID", "secret")?, SigningSettings::s3("us-east-1"))?;
//! let headers = [("host", "b.s3.amazonaws.com")];
//! // The request as the client signed it: a key with a space…
//! let ours = signer.sign_headers_steps(&Request::new("GET", "/a%20b").headers(&headers), SigningTime::from_unix(0)?)?;
//! // …and what the server computed: the space arrived as '+'.
//! let theirs = ServerSteps::new(Some(ours.canonical_request.replacen("/a%20b", "/a%2Bb", 1)), None);
//! let found = explain(&ours, &theirs);
//! assert_eq!(found.cause(), Cause::PathEncoding);
//! assert_eq!(found.line(), 2);
//! # Ok::<(), awssig::Error>(())
//! ```

mod compare;
mod server_steps;

pub use compare::{explain, Cause, Explanation, Step};
pub use server_steps::ServerSteps;
