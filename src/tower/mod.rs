//! The server side as a [`tower`](https://docs.rs/tower) layer (feature
//! `tower`): every request is verified with the crate's one
//! [`Verifier`](crate::verify::Verifier) before the inner service sees it.
//!
//! [`VerifyLayer`] wraps any `tower::Service<http::Request<_>>` (an axum
//! `Router`, a hyper 1.x `service_fn` adapted to tower, …):
//!
//! * it verifies whatever signature the request carries (presigned SigV4
//!   or SigV2, an `Authorization` header SigV4 or SigV2, the seed of an
//!   aws-chunked upload) against the injected clock, finding secrets with
//!   the existing [`SecretLookup`](crate::verify::SecretLookup);
//! * a refused request never reaches the inner service: it is answered
//!   with S3's XML error body and status ([`error_response`]);
//! * an accepted one reaches it with the [`Verified`](crate::verify::Verified)
//!   identity in its extensions and its body wrapped in a [`VerifiedBody`],
//!   which decodes aws-chunked framing and checks every chunk signature,
//!   the trailer, `x-amz-content-sha256`, `Content-MD5` and any
//!   `x-amz-checksum-*` as the bytes pass, without buffering. A body that
//!   breaks any of them ends in an error ([`BodyError`], carrying the S3
//!   code) instead of its end, so a handler that commits only after it has
//!   read the body to its end never stores an unchecked byte. When the body
//!   ended well, [`BodyOutcome`] (also in the extensions) holds its
//!   [`BodyDigests`](crate::verify::BodyDigests): the MD5 for the `ETag`, the
//!   checked checksum.
//!
//! Browser POST form uploads (`multipart/form-data`) carry their signature
//! in the form, not the request, and are left to the service
//! ([`Verifier::verify_post`](crate::verify::Verifier::verify_post)): the
//! layer lets a `POST` whose `Content-Type` is `multipart/form-data` and
//! which has no other signature through, marked [`Unverified`] in the
//! extensions, with the body passed as is.
//!
//! One-time links ([`crate::verify::replay`]): with
//! [`VerifyLayer::once_links`], a presigned URL marked at signing
//! ([`crate::s3::PresignRequest::once`]) is admitted once across every
//! server that shares the guard, after its signature verified (a forged
//! URL consumes nothing). Under [`UseCounts::OnSuccess`](crate::verify::replay::UseCounts::OnSuccess)
//! the use is reserved at verification and counted when the inner
//! service answered 2xx and its response body was sent to its end; an
//! error answer, or a body dropped before its end (a download cut off),
//! releases it.
//!
//! ```
//! use std::convert::Infallible;
//! use awssig::{Credentials, SigningTime, s3::{Bucket, Endpoint}};
//! use awssig::tower::{VerifiedBody, VerifyLayer};
//! use awssig::verify::{Verified, Verifier};
//! use tower_layer::Layer;
//! use tower_service::Service;
//!
//! // The inner service: answers with who signed.
//! #[derive(Clone)]
//! struct Hello;
//! impl Service<http::Request<VerifiedBody<String>>> for Hello {
//!     type Response = http::Response<String>;
//!     type Error = Infallible;
//!     type Future = std::future::Ready<Result<Self::Response, Infallible>>;
//!     fn poll_ready(&mut self, _: &mut std::task::Context<'_>) -> std::task::Poll<Result<(), Infallible>> {
//!         std::task::Poll::Ready(Ok(()))
//!     }
//!     fn call(&mut self, req: http::Request<VerifiedBody<String>>) -> Self::Future {
//!         let who = req.extensions().get::<Verified>().map(|v| v.access_key_id().to_string());
//!         std::future::ready(Ok(http::Response::new(who.unwrap_or_default())))
//!     }
//! }
//!
//! let t = SigningTime::from_unix(1_700_000_000)?;
//! let lookup = |id: &str| (id == "AKID").then(|| "secret".to_string());
//! let mut service = VerifyLayer::new(Verifier::s3(), lookup).clock(move || t).layer(Hello);
//!
//! let creds = Credentials::new("AKID", "secret")?;
//! let bucket = Bucket::with_endpoint("b", "us-east-1", Endpoint::parse("http://127.0.0.1:9000")?)?;
//! let url = bucket.get("k").presign(&creds, t, 60)?;
//! let mut run = |req| {
//!     let fut = service.call(req);
//!     // Any executor; this future is ready at once.
//!     let waker = std::task::Waker::noop();
//!     let mut cx = std::task::Context::from_waker(&waker);
//!     let mut fut = std::pin::pin!(fut);
//!     match fut.as_mut().poll(&mut cx) {
//!         std::task::Poll::Ready(r) => r.expect("infallible"),
//!         std::task::Poll::Pending => unreachable!(),
//!     }
//! };
//! # use std::future::Future;
//! let ok = run(http::Request::get(url.as_str()).body(String::new()).expect("request"));
//! assert_eq!(ok.status(), 200);
//! let bad = run(http::Request::get(url.replace("X-Amz-Expires=60", "X-Amz-Expires=61")).body(String::new()).expect("request"));
//! assert_eq!(bad.status(), 403);
//! # Ok::<(), awssig::Error>(())
//! ```

mod body;
mod error_response;
mod layer;
mod once;
mod outcome;
mod response_body;
mod service;

pub use body::{BodyError, VerifiedBody};
pub use error_response::error_response;
pub use layer::VerifyLayer;
pub use outcome::{BodyOutcome, Unverified};
pub use response_body::ResponseBody;
pub use service::VerifyService;
