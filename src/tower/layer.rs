//! The layer: the settings shared by every service it makes.

use alloc::boxed::Box;
use alloc::sync::Arc;
use core::fmt;

use crate::time::SigningTime;
use crate::verify::replay::{OnceLinks, ReplayGuard};
use crate::verify::{SecretLookup, Verifier};

use super::once::Links;
use super::service::VerifyService;

/// How much of a refused request's body the layer reads (and drops)
/// before it answers, by default: 1 MiB (see [`VerifyLayer::drain_limit`]).
pub(super) const DEFAULT_DRAIN_LIMIT: u64 = 1 << 20;

/// A `tower::Layer` that verifies every request before its service sees
/// it (see the [module](super) documentation).
///
/// The [`Verifier`] carries the policy (region, clock skew, maximum
/// signature age, virtual-host domains); `lookup` finds secrets; the
/// clock is [`SigningTime::now`] unless [`VerifyLayer::clock`] sets one.
///
/// ```
/// use awssig::{SigningTime, tower::VerifyLayer, verify::Verifier};
/// let lookup = |id: &str| (id == "AKID").then(|| "secret".to_string());
/// let layer = VerifyLayer::new(Verifier::s3().region("eu-west-1"), lookup)
///     .clock(|| SigningTime::from_unix(1_700_000_000).expect("time"))
///     .post_forms(true);
/// # let _ = layer;
/// ```
pub struct VerifyLayer<L, C = fn() -> SigningTime> {
    pub(super) verifier: Arc<Verifier>,
    pub(super) lookup: Arc<L>,
    pub(super) clock: Arc<C>,
    pub(super) drain_limit: u64,
    pub(super) post_forms: bool,
    pub(super) once: Option<Arc<Links>>,
}

impl<L, C> Clone for VerifyLayer<L, C> {
    fn clone(&self) -> Self {
        VerifyLayer {
            verifier: Arc::clone(&self.verifier),
            lookup: Arc::clone(&self.lookup),
            clock: Arc::clone(&self.clock),
            drain_limit: self.drain_limit,
            post_forms: self.post_forms,
            once: self.once.clone(),
        }
    }
}

impl<L, C> fmt::Debug for VerifyLayer<L, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VerifyLayer")
            .field("verifier", &self.verifier)
            .field("drain_limit", &self.drain_limit)
            .field("post_forms", &self.post_forms)
            .field("once_links", &self.once.is_some())
            .finish_non_exhaustive()
    }
}

impl<L: SecretLookup> VerifyLayer<L> {
    /// A layer that verifies with `verifier`, finding secrets with
    /// `lookup`, at the system clock's time.
    ///
    /// ```
    /// let layer = awssig::tower::VerifyLayer::new(awssig::verify::Verifier::s3(), |_: &str| None);
    /// # let _ = layer;
    /// ```
    pub fn new(verifier: Verifier, lookup: L) -> Self {
        VerifyLayer {
            verifier: Arc::new(verifier),
            lookup: Arc::new(lookup),
            clock: Arc::new(SigningTime::now as fn() -> SigningTime),
            drain_limit: DEFAULT_DRAIN_LIMIT,
            post_forms: false,
            once: None,
        }
    }
}

impl<L, C> VerifyLayer<L, C> {
    /// Where "now" comes from (a test's fixed or moving clock).
    ///
    /// ```
    /// use awssig::{SigningTime, tower::VerifyLayer, verify::Verifier};
    /// let t = SigningTime::from_unix(1_700_000_000)?;
    /// let layer = VerifyLayer::new(Verifier::s3(), |_: &str| None).clock(move || t);
    /// # let _ = layer;
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn clock<C2: Fn() -> SigningTime>(self, clock: C2) -> VerifyLayer<L, C2> {
        VerifyLayer {
            verifier: self.verifier,
            lookup: self.lookup,
            clock: Arc::new(clock),
            drain_limit: self.drain_limit,
            post_forms: self.post_forms,
            once: self.once,
        }
    }

    /// How many bytes of a refused request's body are read and dropped
    /// before the answer, so that a client still sending reads the error
    /// rather than a reset connection (default 1 MiB; a client that sent
    /// `Expect: 100-continue` is answered at once, its body unread).
    ///
    /// ```
    /// let layer = awssig::tower::VerifyLayer::new(awssig::verify::Verifier::s3(), |_: &str| None)
    ///     .drain_limit(64 << 10);
    /// # let _ = layer;
    /// ```
    pub fn drain_limit(mut self, bytes: u64) -> Self {
        self.drain_limit = bytes;
        self
    }

    /// Lets browser POST form uploads (`POST` with a `multipart/form-data`
    /// body and no other signature) through unverified, marked
    /// [`Unverified`](super::Unverified), for the service to check with
    /// [`Verifier::verify_post`] (their signature is inside the form).
    /// Off by default: such a request is refused (`AccessDenied`).
    ///
    /// ```
    /// let layer = awssig::tower::VerifyLayer::new(awssig::verify::Verifier::s3(), |_: &str| None)
    ///     .post_forms(true);
    /// # let _ = layer;
    /// ```
    pub fn post_forms(mut self, on: bool) -> Self {
        self.post_forms = on;
        self
    }

    /// Admits one-time links once ([`crate::verify::replay`]): a URL
    /// marked at signing is refused after its first use (`403
    /// AccessDenied`), across every server whose layer asks the same
    /// store; a guard that cannot answer refuses with `503
    /// ServiceUnavailable`. Unmarked requests are not affected. When the
    /// use counts follows the links' [`UseCounts`](crate::verify::replay::UseCounts):
    /// on verification, or (`OnSuccess`) when the inner service answered
    /// 2xx and the response body was sent to its end.
    ///
    /// ```
    /// use awssig::verify::replay::{MemoryGuard, OnceLinks, UseCounts};
    /// let once = OnceLinks::new(MemoryGuard::new(100_000)).counts(UseCounts::OnSuccess);
    /// let layer = awssig::tower::VerifyLayer::new(awssig::verify::Verifier::s3(), |_: &str| None)
    ///     .once_links(once);
    /// # let _ = layer;
    /// ```
    pub fn once_links<G: ReplayGuard + Send + Sync + 'static>(
        mut self,
        once: OnceLinks<G>,
    ) -> Self {
        let boxed = once.map_guard(|g| Box::new(g) as Box<dyn ReplayGuard + Send + Sync>);
        self.once = Some(Arc::new(boxed));
        self
    }
}

impl<S, L, C> tower_layer::Layer<S> for VerifyLayer<L, C> {
    type Service = VerifyService<S, L, C>;

    fn layer(&self, inner: S) -> Self::Service {
        VerifyService::new(inner, self.clone())
    }
}
