//! The service the layer makes: verify, then hand over or answer.

use alloc::boxed::Box;
use alloc::string::String;
use core::fmt;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};

use bytes::Bytes;
use http::{Request, Response};
use http_body::Body;

use crate::error::Result;
use crate::http::RequestParts;
use crate::time::SigningTime;
use crate::v4::chunked::ChunkedMode;
use crate::verify::{BodyCheck, SecretLookup};

use super::body::VerifiedBody;
use super::error_response::error_response;
use super::layer::VerifyLayer;
use super::once::PendingUse;
use super::outcome::{BodyOutcome, Unverified};
use super::response_body::ResponseBody;

/// The service [`VerifyLayer`] wraps around `S` (see the
/// [module](super) documentation).
///
/// ```
/// use tower_layer::Layer;
/// let layer = awssig::tower::VerifyLayer::new(awssig::verify::Verifier::s3(), |_: &str| None);
/// let service: awssig::tower::VerifyService<(), _, _> = layer.layer(());
/// # let _ = service;
/// ```
pub struct VerifyService<S, L, C> {
    inner: S,
    layer: VerifyLayer<L, C>,
}

impl<S: Clone, L, C> Clone for VerifyService<S, L, C> {
    fn clone(&self) -> Self {
        VerifyService {
            inner: self.inner.clone(),
            layer: self.layer.clone(),
        }
    }
}

impl<S, L, C> fmt::Debug for VerifyService<S, L, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VerifyService")
            .field("layer", &self.layer)
            .finish_non_exhaustive()
    }
}

impl<S, L, C> VerifyService<S, L, C> {
    pub(super) fn new(inner: S, layer: VerifyLayer<L, C>) -> Self {
        VerifyService { inner, layer }
    }
}

impl<S, L, C> VerifyService<S, L, C>
where
    L: SecretLookup,
    C: Fn() -> SigningTime,
{
    /// The request for the inner service (and the one-time link's use
    /// it reserved), or the refusal, the body (to drain) and the path.
    fn check<B>(&self, req: Request<B>) -> Checked<B> {
        let (mut parts, body) = req.into_parts();
        match self.verify_parts(&mut parts) {
            Ok(None) => Ok((
                Request::from_parts(parts, VerifiedBody::passthrough(body)),
                None,
            )),
            Ok(Some(Admitted {
                check,
                decoder,
                pending,
            })) => {
                let outcome = BodyOutcome::default();
                parts.extensions.insert(outcome.clone());
                let body = VerifiedBody::checked(body, check, decoder, outcome);
                Ok((Request::from_parts(parts, body), pending))
            }
            // The path is copied only for a refusal (the XML error's
            // `<Resource>`): an accepted request copies nothing.
            Err(e) => Err((e, body, String::from(parts.uri.path()))),
        }
    }

    /// The identity into the extensions, the body's checks and the
    /// one-time link's use, or `None` for a POST form let through.
    fn verify_parts(&self, parts: &mut http::request::Parts) -> Result<Option<Admitted>> {
        let view = RequestParts::new(parts)?;
        let incoming = view.incoming();
        if self.layer.post_forms && is_post_form(parts) {
            parts.extensions.insert(Unverified);
            return Ok(None);
        }
        let lookup = |id: &str| self.layer.lookup.secret_for(id);
        let verifier = &self.layer.verifier;
        let now = (self.layer.clock)();
        let verified = verifier.verify(&incoming, now, lookup)?;
        let check = BodyCheck::new(&incoming)?.with_md5();
        let chunked = parts
            .headers
            .get("x-amz-content-sha256")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| ChunkedMode::from_content_sha256(v.trim()))
            .is_some();
        let decoder = if chunked {
            Some(verifier.chunk_decoder(&incoming, &verified, lookup)?)
        } else {
            None
        };
        // Last, once nothing else can refuse the request: a one-time
        // link's use is claimed only for a request that goes through.
        let pending = match &self.layer.once {
            Some(links) => links
                .claim(&incoming, &verified, now)?
                .and_then(|key| PendingUse::reserve(links, key)),
            None => None,
        };
        parts.extensions.insert(verified);
        Ok(Some(Admitted {
            check,
            decoder,
            pending,
        }))
    }
}

/// What [`VerifyService::check`] answers.
type Checked<B> =
    core::result::Result<(Request<VerifiedBody<B>>, Option<PendingUse>), (crate::Error, B, String)>;

/// A verified request the layer lets through: its body's checks and,
/// under `UseCounts::OnSuccess`, the one-time link's reserved use.
struct Admitted {
    check: BodyCheck,
    decoder: Option<crate::v4::chunked::ChunkDecoder>,
    pending: Option<PendingUse>,
}

/// A browser POST form upload: `POST` with a `multipart/form-data` body,
/// no `Authorization` header and no signature in the query.
fn is_post_form(parts: &http::request::Parts) -> bool {
    let multipart = parts
        .headers
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim_start()
                .get(..19)
                .is_some_and(|p| p.eq_ignore_ascii_case("multipart/form-data"))
        });
    let query = parts.uri.query().unwrap_or("");
    parts.method == http::Method::POST
        && multipart
        && !parts.headers.contains_key(http::header::AUTHORIZATION)
        && !query.contains("Signature")
        && !query.contains("X-Amz-")
}

/// Reads and drops up to `limit` bytes of a refused request's body.
async fn drain<B: Body>(body: B, limit: u64) {
    let mut body = core::pin::pin!(body);
    let mut seen = 0u64;
    while seen <= limit {
        match core::future::poll_fn(|cx| body.as_mut().poll_frame(cx)).await {
            Some(Ok(frame)) => {
                if let Some(data) = frame.data_ref() {
                    seen = seen.saturating_add(bytes::Buf::remaining(data) as u64);
                }
            }
            _ => return,
        }
    }
}

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

impl<S, L, C, B, ResBody> tower_service::Service<Request<B>> for VerifyService<S, L, C>
where
    S: tower_service::Service<Request<VerifiedBody<B>>, Response = Response<ResBody>>
        + Clone
        + Send
        + 'static,
    S::Future: Send + 'static,
    L: SecretLookup,
    C: Fn() -> SigningTime,
    B: Body + Send + 'static,
    B::Data: Send,
    ResBody: Body<Data = Bytes> + Send + 'static,
{
    type Response = Response<ResponseBody<ResBody>>;
    type Error = S::Error;
    type Future = BoxFuture<core::result::Result<Self::Response, S::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<core::result::Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request<B>) -> Self::Future {
        // The clone is ready only if polled; keep the ready one (tower's rule).
        let clone = self.inner.clone();
        let mut inner = core::mem::replace(&mut self.inner, clone);
        let head = req.method() == http::Method::HEAD;
        let expect = req.headers().contains_key(http::header::EXPECT);
        match self.check(req) {
            Ok((req, pending)) => {
                let fut = inner.call(req);
                Box::pin(async move {
                    let response = fut.await?;
                    // A reserved use counts only for a 2xx whose body is
                    // sent to its end; otherwise it is released here.
                    let pending = pending.filter(|_| response.status().is_success());
                    Ok(response.map(|b| ResponseBody::new(b).counting(pending)))
                })
            }
            Err((e, body, resource)) => {
                let limit = if expect { 0 } else { self.layer.drain_limit };
                let answer = error_response(&e, &resource, head).map(ResponseBody::refused);
                Box::pin(async move {
                    if limit > 0 {
                        drain(body, limit).await;
                    }
                    Ok(answer)
                })
            }
        }
    }
}
