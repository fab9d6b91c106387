//! One-time links in the layer: the guard it asks, and a use reserved
//! until the response has been sent ([`UseCounts::OnSuccess`]).

use alloc::boxed::Box;
use alloc::sync::Arc;

use crate::verify::replay::{OnceLinks, ReplayGuard, ReplayKey, UseCounts};

/// The layer's one-time links, whatever the guard.
pub(super) type Links = OnceLinks<Box<dyn ReplayGuard + Send + Sync>>;

/// A one-time link's use, reserved at verification under
/// [`UseCounts::OnSuccess`]: counted by [`PendingUse::commit`], released
/// (the link works again until it expires) when dropped uncommitted.
pub(super) struct PendingUse {
    links: Arc<Links>,
    key: Option<ReplayKey>,
}

impl PendingUse {
    /// The reservation of `key`, or `None` when uses count on
    /// verification (the claim was the use).
    pub(super) fn reserve(links: &Arc<Links>, key: ReplayKey) -> Option<Self> {
        (links.use_counts() == UseCounts::OnSuccess).then(|| PendingUse {
            links: Arc::clone(links),
            key: Some(key),
        })
    }

    /// Counts the use: the link stays used.
    pub(super) fn commit(&mut self) {
        self.key = None;
    }
}

impl Drop for PendingUse {
    fn drop(&mut self) {
        if let Some(key) = self.key.take() {
            // A release that fails leaves the link used: closed, not open.
            let _ = self.links.guard().release(&key);
        }
    }
}
