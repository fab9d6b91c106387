//! The layer's response body: the inner service's, or S3's error XML.

use alloc::boxed::Box;
use core::fmt;
use core::pin::Pin;
use core::task::{Context, Poll};

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};

use super::once::PendingUse;

/// The body of the layer's responses: the inner service's own, or the
/// XML error of a request the layer refused. When it carries a one-time
/// link's reserved use, the use counts when the body reaches its end and
/// is released if the body is dropped before (a download cut off) or
/// ends in an error.
///
/// ```
/// use http_body::Body;
/// let body: awssig::tower::ResponseBody<String> = awssig::tower::ResponseBody::new(String::from("ok"));
/// assert_eq!(body.size_hint().exact(), Some(2));
/// ```
pub struct ResponseBody<B>(Kind<B>, Option<PendingUse>);

enum Kind<B> {
    Inner(Pin<Box<B>>),
    Refused(Option<Bytes>),
}

impl<B> ResponseBody<B> {
    /// The inner service's body.
    ///
    /// ```
    /// let body = awssig::tower::ResponseBody::new(String::new());
    /// # let _ = body;
    /// ```
    pub fn new(inner: B) -> Self {
        ResponseBody(Kind::Inner(Box::pin(inner)), None)
    }

    pub(super) fn refused(xml: Bytes) -> Self {
        ResponseBody(Kind::Refused(Some(xml).filter(|b| !b.is_empty())), None)
    }
}

impl<B> fmt::Debug for ResponseBody<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.0 {
            Kind::Inner(_) => "ResponseBody::Inner",
            Kind::Refused(_) => "ResponseBody::Refused",
        })
    }
}

impl<B: Body<Data = Bytes>> ResponseBody<B> {
    /// The same body, counting `pending` when it ends (at once if it is
    /// empty: a server need not poll a body that says it has ended).
    pub(super) fn counting(mut self, pending: Option<PendingUse>) -> Self {
        self.1 = pending;
        self.commit_if_ended();
        self
    }

    fn commit_if_ended(&mut self) {
        if let (Some(p), Kind::Inner(inner)) = (self.1.as_mut(), &self.0) {
            if inner.is_end_stream() {
                p.commit();
            }
        }
    }
}

impl<B: Body<Data = Bytes>> Body for ResponseBody<B> {
    type Data = Bytes;
    type Error = B::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, B::Error>>> {
        let this = self.get_mut();
        match &mut this.0 {
            Kind::Inner(inner) => {
                let frame = inner.as_mut().poll_frame(cx);
                match &frame {
                    Poll::Ready(None) => {
                        if let Some(p) = this.1.as_mut() {
                            p.commit();
                        }
                    }
                    // After the last frame a server may stop polling.
                    Poll::Ready(Some(Ok(_))) => this.commit_if_ended(),
                    // An error: the use is released.
                    Poll::Ready(Some(Err(_))) => this.1 = None,
                    Poll::Pending => {}
                }
                frame
            }
            Kind::Refused(xml) => Poll::Ready(xml.take().map(|b| Ok(Frame::data(b)))),
        }
    }

    fn is_end_stream(&self) -> bool {
        match &self.0 {
            Kind::Inner(inner) => inner.is_end_stream(),
            Kind::Refused(xml) => xml.is_none(),
        }
    }

    fn size_hint(&self) -> SizeHint {
        match &self.0 {
            Kind::Inner(inner) => inner.size_hint(),
            Kind::Refused(xml) => SizeHint::with_exact(xml.as_ref().map_or(0, |b| b.len() as u64)),
        }
    }
}
