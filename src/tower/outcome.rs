//! What the layer leaves in a request's extensions besides the identity:
//! the body's outcome, and the mark of a POST form it let through.

use std::sync::{Arc, Mutex};

use crate::verify::BodyDigests;

/// The digests of a [`VerifiedBody`](super::VerifiedBody) once it ended
/// with every check passed (in the request's extensions; clones share it).
///
/// `None` until then: while the body is still being read, or when it
/// failed a check. The MD5 makes S3's `ETag`; the checksum is the value
/// S3 echoes in its `x-amz-checksum-*` answer header.
///
/// ```
/// let outcome = awssig::tower::BodyOutcome::default();
/// assert!(outcome.digests().is_none());
/// ```
#[derive(Clone, Debug, Default)]
pub struct BodyOutcome(Arc<Mutex<Option<BodyDigests>>>);

impl BodyOutcome {
    /// The digests of the body, if it ended with every check passed.
    ///
    /// ```
    /// let outcome = awssig::tower::BodyOutcome::default();
    /// assert_eq!(outcome.digests(), None);
    /// ```
    pub fn digests(&self) -> Option<BodyDigests> {
        self.0.lock().ok().and_then(|d| d.clone())
    }

    pub(super) fn set(&self, digests: BodyDigests) {
        if let Ok(mut slot) = self.0.lock() {
            *slot = Some(digests);
        }
    }
}

/// The mark of a browser POST form upload that the layer let through
/// unverified ([`VerifyLayer::post_forms`](super::VerifyLayer::post_forms)):
/// its signature is in the form, and the service must check it with
/// [`Verifier::verify_post`](crate::verify::Verifier::verify_post) before
/// it stores anything.
///
/// ```
/// let mark = awssig::tower::Unverified;
/// assert_eq!(format!("{mark:?}"), "Unverified");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Unverified;
