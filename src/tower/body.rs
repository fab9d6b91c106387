//! The request body as it streams through the layer: aws-chunked framing
//! decoded and each chunk's signature checked, the body held to every
//! digest the request promised, nothing buffered beyond one frame.

use alloc::boxed::Box;
use alloc::vec::Vec;
use core::fmt;
use core::pin::Pin;
use core::task::{Context, Poll};

use bytes::{Buf, Bytes};
use http_body::{Body, Frame, SizeHint};

use crate::error::Error;
use crate::v4::chunked::ChunkDecoder;
use crate::verify::BodyCheck;

use super::outcome::BodyOutcome;

/// What a [`VerifiedBody`] ends with instead of its end when something is
/// wrong: a check the body failed (with the S3 code to answer with), or
/// the transport's own error.
///
/// ```
/// use awssig::{S3ErrorCode, tower::BodyError};
/// # fn check(e: &BodyError) {
/// if let Some(refused) = e.refusal() {
///     let _answer = awssig::tower::error_response(refused, "/b/k", false);
/// }
/// # }
/// ```
#[derive(Debug)]
pub struct BodyError(Inner);

#[derive(Debug)]
enum Inner {
    Refused(Error),
    Transport(Box<dyn std::error::Error + Send + Sync>),
}

impl BodyError {
    /// The check the body failed (its [`Error::s3_code`] is the answer),
    /// or `None` for a transport error (the connection broke).
    ///
    /// ```
    /// # fn check(e: &awssig::tower::BodyError) {
    /// let code = e.refusal().and_then(|r| r.s3_code());
    /// # let _ = code;
    /// # }
    /// ```
    pub fn refusal(&self) -> Option<&Error> {
        match &self.0 {
            Inner::Refused(e) => Some(e),
            Inner::Transport(_) => None,
        }
    }

    /// The body error as an [`Error`]: the refusal, or an `IncompleteBody`
    /// refusal for a transport error (the body did not arrive whole).
    ///
    /// ```
    /// # fn check(e: awssig::tower::BodyError) {
    /// let err: awssig::Error = e.into_error();
    /// # let _ = err;
    /// # }
    /// ```
    pub fn into_error(self) -> Error {
        match self.0 {
            Inner::Refused(e) => e,
            Inner::Transport(e) => match refusal_in(&*e) {
                // A framework that boxed our error again (axum's `Body`).
                Some(refused) => refused.clone(),
                None => Error::rejected(
                    crate::S3ErrorCode::IncompleteBody,
                    alloc::format!("the request body did not arrive whole: {e}"),
                ),
            },
        }
    }

    /// The same as [`BodyError::into_error`] for an error a framework
    /// wrapped around a `BodyError` (axum's `Body` boxes it in its
    /// `axum::Error`): the refusal found in the error or its sources, or
    /// an `IncompleteBody` refusal.
    ///
    /// ```
    /// use awssig::{S3ErrorCode, tower::BodyError};
    /// let io = std::io::Error::other("connection reset");
    /// let err = BodyError::refusal_or_incomplete(&io);
    /// assert_eq!(err.s3_code(), Some(S3ErrorCode::IncompleteBody));
    /// ```
    pub fn refusal_or_incomplete(err: &(dyn std::error::Error + 'static)) -> Error {
        match refusal_in(err) {
            Some(refused) => refused.clone(),
            None => Error::rejected(
                crate::S3ErrorCode::IncompleteBody,
                alloc::format!("the request body did not arrive whole: {err}"),
            ),
        }
    }
}

impl fmt::Display for BodyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Inner::Refused(e) => fmt::Display::fmt(e, f),
            Inner::Transport(e) => write!(f, "request body: {e}"),
        }
    }
}

impl std::error::Error for BodyError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.0 {
            Inner::Refused(e) => Some(e),
            Inner::Transport(e) => Some(&**e),
        }
    }
}

/// The refusal of the first `BodyError` in `err` or its sources.
fn refusal_in<'e>(err: &'e (dyn std::error::Error + 'static)) -> Option<&'e Error> {
    let mut next = Some(err);
    while let Some(e) = next {
        if let Some(body) = e.downcast_ref::<BodyError>() {
            if let Some(refused) = body.refusal() {
                return Some(refused);
            }
        }
        next = e.source();
    }
    None
}

/// A request body checked as it streams (the layer's inner service gets
/// `http::Request<VerifiedBody<B>>`).
///
/// Its data frames are the object's bytes: for an aws-chunked upload the
/// decoded payload, each chunk's signature checked before its bytes are
/// handed on. At the end of the incoming body it checks what the request
/// promised (`x-amz-content-sha256`, `Content-MD5`, `x-amz-checksum-*` as
/// a header, query parameter or trailer, the decoded length); if all
/// holds it ends and records the [`BodyDigests`](crate::verify::BodyDigests)
/// in the request's [`BodyOutcome`], otherwise its last frame is a
/// [`BodyError`]. Commit nothing before the end.
///
/// ```
/// use http_body::Body;
/// let body = awssig::tower::VerifiedBody::passthrough(String::from("hello"));
/// assert_eq!(body.size_hint().exact(), Some(5));
/// ```
pub struct VerifiedBody<B> {
    inner: Pin<Box<B>>,
    state: State,
}

enum State {
    /// Every frame goes through the checks.
    Checking(Box<Checks>),
    /// Frames pass unchecked (a POST form the service verifies).
    Passthrough,
    /// Ended (checked, or failed): nothing more is read.
    Done,
}

struct Checks {
    check: BodyCheck,
    decoder: Option<ChunkDecoder>,
    outcome: BodyOutcome,
    decoded: Vec<u8>,
}

impl<B> fmt::Debug for VerifiedBody<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VerifiedBody")
            .field(
                "checking",
                &match &self.state {
                    State::Checking(c) => Some(&c.check),
                    _ => None,
                },
            )
            .finish_non_exhaustive()
    }
}

impl<B> VerifiedBody<B> {
    pub(super) fn checked(
        inner: B,
        check: BodyCheck,
        decoder: Option<ChunkDecoder>,
        outcome: BodyOutcome,
    ) -> Self {
        VerifiedBody {
            inner: Box::pin(inner),
            state: State::Checking(Box::new(Checks {
                check,
                decoder,
                outcome,
                decoded: Vec::new(),
            })),
        }
    }

    /// A body passed on unchecked: a POST form the layer let through
    /// ([`Unverified`](super::Unverified)), whose service verifies it.
    ///
    /// ```
    /// let body = awssig::tower::VerifiedBody::passthrough(String::new());
    /// # let _ = body;
    /// ```
    pub fn passthrough(inner: B) -> Self {
        VerifiedBody {
            inner: Box::pin(inner),
            state: State::Passthrough,
        }
    }
}

impl<B> Body for VerifiedBody<B>
where
    B: Body,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    type Data = Bytes;
    type Error = BodyError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BodyError>>> {
        let this = self.get_mut();
        loop {
            if matches!(this.state, State::Done) {
                return Poll::Ready(None);
            }
            let frame = match this.inner.as_mut().poll_frame(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(frame) => frame,
            };
            let checks = match &mut this.state {
                State::Checking(checks) => checks,
                State::Done => return Poll::Ready(None),
                State::Passthrough => {
                    return Poll::Ready(frame.map(|f| {
                        f.map(|f| f.map_data(|mut d| d.copy_to_bytes(d.remaining())))
                            .map_err(|e| BodyError(Inner::Transport(e.into())))
                    }))
                }
            };
            let data = match frame {
                None => {
                    let State::Checking(checks) = core::mem::replace(&mut this.state, State::Done)
                    else {
                        return Poll::Ready(None);
                    };
                    return Poll::Ready(finish(*checks).map(Err));
                }
                Some(Err(e)) => {
                    this.state = State::Done;
                    return Poll::Ready(Some(Err(BodyError(Inner::Transport(e.into())))));
                }
                Some(Ok(frame)) => match frame.into_data() {
                    Ok(mut data) => data.copy_to_bytes(data.remaining()),
                    // HTTP trailers are not S3's (aws-chunked carries its own).
                    Err(_) => continue,
                },
            };
            let out = match checks.decoder.as_mut() {
                None => data,
                Some(decoder) => {
                    checks.decoded.clear();
                    if let Err(e) = decoder.decode_into(&data, &mut checks.decoded) {
                        this.state = State::Done;
                        return Poll::Ready(Some(Err(BodyError(Inner::Refused(e)))));
                    }
                    if checks.decoded.is_empty() {
                        continue;
                    }
                    Bytes::from(core::mem::take(&mut checks.decoded))
                }
            };
            checks.check.update(&out);
            return Poll::Ready(Some(Ok(Frame::data(out))));
        }
    }

    fn is_end_stream(&self) -> bool {
        // A checked body ends only after its checks ran.
        match self.state {
            State::Done => true,
            State::Passthrough => self.inner.is_end_stream(),
            State::Checking(_) => false,
        }
    }

    fn size_hint(&self) -> SizeHint {
        match &self.state {
            State::Checking(c) if c.decoder.is_some() => SizeHint::default(),
            _ => self.inner.size_hint(),
        }
    }
}

/// The end of the incoming body: the decoder's end and trailer, then
/// every promised digest. `Some(error)` if one fails.
fn finish(checks: Checks) -> Option<BodyError> {
    let Checks {
        check,
        decoder,
        outcome,
        ..
    } = checks;
    let digests = match &decoder {
        Some(decoder) => decoder
            .finish()
            .and_then(|()| check.finish_with_trailers(decoder.trailers())),
        None => check.finish(),
    };
    match digests {
        Ok(d) => {
            outcome.set(d);
            None
        }
        Err(e) => Some(BodyError(Inner::Refused(e))),
    }
}
