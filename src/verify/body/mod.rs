//! Body integrity, streamed: the digests a request promises for its body
//! (`x-amz-content-sha256`, `Content-MD5`, one `x-amz-checksum-*` header or
//! trailer) checked as the body goes by, without buffering it.
//!
//! Build a [`BodyCheck`] from the request once its signature is verified,
//! feed it every body byte ([`BodyCheck::update`]; for an aws-chunked body,
//! the decoded data), and call [`BodyCheck::finish`] (or
//! [`BodyCheck::finish_with_trailers`] with the trailers an aws-chunked body
//! ended with) before committing anything. Errors carry the S3 code and
//! S3's message ([`crate::Error::s3_code`]), so a server answers as S3 does.
//!
//! S3's wording, as AWS S3 answers and as S3 reimplementations reproduce
//! it: `XAmzContentSHA256Mismatch` and the `InvalidArgument` for a
//! malformed `x-amz-content-sha256` from
//! <https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html>
//! and openstack/swift `swift/common/middleware/s3api/s3request.py`; the
//! checksum messages (`Value for x-amz-checksum-crc32 header is invalid.`,
//! `The CRC32 you specified did not match the calculated checksum.`,
//! `Expecting a single x-amz-checksum- header. Multiple checksum Types are
//! not allowed.`, `Value for x-amz-sdk-checksum-algorithm header is
//! invalid.`) from openstack/swift `test/s3api/test_object_checksums.py`,
//! a test suite run against AWS S3, and scality/cloudserver's checksum
//! validation; `InvalidDigest` / `BadDigest` for `Content-MD5` from the
//! same error table.
//!
//! ```
//! use awssig::S3ErrorCode;
//! use awssig::v4::chunked::ChecksumAlgorithm;
//! use awssig::verify::{BodyCheck, Incoming};
//!
//! let body = b"hello world";
//! let sum = ChecksumAlgorithm::Sha256.compute(body);
//! let headers = [("x-amz-content-sha256", "UNSIGNED-PAYLOAD"), ("x-amz-checksum-sha256", sum.as_str())];
//! let req = Incoming::new("PUT", "/bucket/key", &headers);
//!
//! let mut check = BodyCheck::new(&req)?;
//! for piece in body.chunks(4) {
//!     check.update(piece); // and write the piece to a staging area
//! }
//! let digests = check.finish()?; // now commit
//! assert_eq!(digests.checksum(), Some((ChecksumAlgorithm::Sha256, sum.as_str())));
//!
//! // The same request with another body.
//! let mut check = BodyCheck::new(&req)?;
//! check.update(b"hello there");
//! let err = check.finish().unwrap_err();
//! assert_eq!(err.s3_code(), Some(S3ErrorCode::BadDigest));
//! assert_eq!(err.to_string(), "The SHA256 you specified did not match the calculated checksum.");
//! # Ok::<(), awssig::Error>(())
//! ```

mod digests;
mod promised;
mod trailer;

pub use digests::BodyDigests;
pub use promised::Promises;

use alloc::string::String;
use core::fmt;

use subtle::ConstantTimeEq as _;

use crate::encode::Sink as _;
use crate::error::{Error, Result, S3ErrorCode};
use crate::sha256::Sha256;
use crate::v4::chunked::{ChecksumAlgorithm, Checksummer};

use super::Incoming;
use promised::Stated;

#[derive(Clone)]
struct Running {
    algorithm: ChecksumAlgorithm,
    state: Checksummer,
    /// `None`: the value comes in the trailer.
    stated: Option<Stated>,
}

/// Checks a request body against the digests the request promises, as the
/// body streams through: the SHA-256 of a hex `x-amz-content-sha256`,
/// `Content-MD5`, and one `x-amz-checksum-*` (CRC32, CRC32C, CRC64NVME,
/// SHA1, SHA256) given as a header, as a presigned URL's query parameter
/// (aws-sdk-js-v3 signs `x-amz-checksum-crc32` into the URL; S3 holds the
/// body to it), or as an aws-chunked trailer announced by `x-amz-trailer`.
///
/// For an aws-chunked body, pass the decoded data to
/// [`BodyCheck::update`] and the decoder's trailers to
/// [`BodyCheck::finish_with_trailers`]; `x-amz-content-sha256` is then a
/// `STREAMING-*` value and the chunk signatures are the decoder's job. A
/// decoder from [`super::Verifier::chunk_decoder`] already requires the
/// announced checksum trailer (`MalformedTrailerError` when it is absent)
/// and checks its value; this check looks at the same value again, so a
/// server that builds its decoder by hand is covered too.
///
/// CRC32, CRC32C, CRC64NVME and `Content-MD5` need the `checksums`
/// feature: without it a request that promises one is refused by
/// [`BodyCheck::new`] (it is never let through unchecked).
///
/// `Debug` shows which checks are active, nothing else.
///
/// ```
/// use awssig::S3ErrorCode;
/// use awssig::verify::{BodyCheck, Incoming};
/// let sha = "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"; // "hello world"
/// let headers = [("x-amz-content-sha256", sha)];
/// let req = Incoming::new("PUT", "/k", &headers);
/// let mut check = BodyCheck::new(&req)?;
/// check.update(b"hello ");
/// check.update(b"world");
/// assert_eq!(check.finish()?.body_len(), 11);
///
/// let mut check = BodyCheck::new(&req)?;
/// check.update(b"hello");
/// let err = check.finish().unwrap_err();
/// assert_eq!(err.s3_code(), Some(S3ErrorCode::XAmzContentSHA256Mismatch));
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone)]
pub struct BodyCheck {
    len: u64,
    sha256: Option<(Sha256, [u8; 32])>,
    /// The running MD5 and the `Content-MD5` it must equal (`None`: only
    /// computed, for an ETag; see [`BodyCheck::with_md5`]).
    #[cfg(feature = "checksums")]
    md5: Option<(md5::Md5, Option<[u8; 16]>)>,
    checksum: Option<Running>,
}

impl fmt::Debug for BodyCheck {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BodyCheck")
            .field("promises", &self.promises())
            .field("body_len", &self.len)
            .finish()
    }
}

impl BodyCheck {
    /// The checks `req` promises: from its headers (`x-amz-content-sha256`,
    /// `Content-MD5`, `x-amz-checksum-*`, `x-amz-sdk-checksum-algorithm`,
    /// `x-amz-trailer`) and from the `x-amz-checksum-*` and
    /// `x-amz-sdk-checksum-algorithm` parameters of a presigned URL's query.
    ///
    /// Errors, S3's: `InvalidArgument` for an `x-amz-content-sha256` that is
    /// neither a SHA-256 in hex nor `UNSIGNED-PAYLOAD` / `STREAMING-*`;
    /// `InvalidDigest` for a `Content-MD5` that is not the base64 of 16
    /// bytes; `InvalidRequest` for a checksum value that is not the base64
    /// of its algorithm's length, two checksums (two headers, or a header
    /// and a trailer), an unknown checksum algorithm, an
    /// `x-amz-sdk-checksum-algorithm` that names another algorithm than
    /// the checksum sent (or none), a promise header given twice with
    /// different values, and a check this build cannot do (without the
    /// `checksums` feature).
    ///
    /// ```
    /// use awssig::S3ErrorCode;
    /// use awssig::verify::{BodyCheck, Incoming};
    /// let bad = Incoming::new("PUT", "/k", &[("x-amz-checksum-sha1", "not base64")]);
    /// let err = BodyCheck::new(&bad).unwrap_err();
    /// assert_eq!(err.s3_code(), Some(S3ErrorCode::InvalidRequest));
    /// assert_eq!(err.to_string(), "Value for x-amz-checksum-sha1 header is invalid.");
    ///
    /// // A presigned URL carrying the checksum in its query.
    /// let url = "/k?X-Amz-Signature=abc&x-amz-checksum-sha1=qZk%2BNkcGgWq6PiVxeFDCbJzQ2J0%3D";
    /// let check = BodyCheck::new(&Incoming::new("PUT", url, &[]))?;
    /// assert_eq!(check.promises().checksum, Some(awssig::v4::chunked::ChecksumAlgorithm::Sha1));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn new(req: &Incoming<'_>) -> Result<BodyCheck> {
        let read = promised::read(req)?;
        Ok(BodyCheck {
            len: 0,
            sha256: read.sha256.map(|digest| (Sha256::new(), digest)),
            #[cfg(feature = "checksums")]
            md5: read
                .md5
                .map(|d| (<md5::Md5 as md5::Digest>::new(), Some(d))),
            checksum: read.checksum.map(|(algorithm, stated)| Running {
                algorithm,
                state: Checksummer::new(algorithm),
                stated,
            }),
        })
    }

    /// Also computes the body's MD5 when the request promised none, for
    /// the `ETag` an S3 server answers a PUT with (the quoted hex of the
    /// MD5): [`BodyDigests::md5`] then always has it.
    ///
    /// ```
    /// use awssig::verify::{BodyCheck, Incoming};
    /// let mut check = BodyCheck::new(&Incoming::new("PUT", "/k", &[]))?.with_md5();
    /// check.update(b"hello");
    /// let etag: String = check.finish()?.md5().unwrap().iter().map(|b| format!("{b:02x}")).collect();
    /// assert_eq!(etag, "5d41402abc4b2a76b9719d911017c592");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    #[cfg(feature = "checksums")]
    pub fn with_md5(mut self) -> Self {
        if self.md5.is_none() {
            self.md5 = Some((<md5::Md5 as md5::Digest>::new(), None));
        }
        self
    }

    /// Feeds the next piece of the body (for aws-chunked, of the decoded
    /// data), in pieces of any size.
    ///
    /// ```
    /// use awssig::verify::{BodyCheck, Incoming};
    /// let mut check = BodyCheck::new(&Incoming::new("PUT", "/k", &[]))?;
    /// check.update(b"abc");
    /// check.update(b"");
    /// assert_eq!(check.finish()?.body_len(), 3);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn update(&mut self, data: &[u8]) {
        self.len = self.len.saturating_add(data.len() as u64);
        if let Some((h, _)) = &mut self.sha256 {
            h.put(data);
        }
        #[cfg(feature = "checksums")]
        if let Some((h, _)) = &mut self.md5 {
            md5::Digest::update(h, data);
        }
        if let Some(c) = &mut self.checksum {
            c.state.update(data);
        }
    }

    /// Which checks are active.
    ///
    /// ```
    /// use awssig::v4::chunked::ChecksumAlgorithm;
    /// use awssig::verify::{BodyCheck, Incoming};
    /// let headers = [("x-amz-trailer", "x-amz-checksum-sha256")];
    /// let p = BodyCheck::new(&Incoming::new("PUT", "/k", &headers))?.promises();
    /// assert_eq!((p.checksum, p.trailer), (Some(ChecksumAlgorithm::Sha256), true));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn promises(&self) -> Promises {
        #[cfg(feature = "checksums")]
        let md5 = self.md5.as_ref().is_some_and(|(_, want)| want.is_some());
        #[cfg(not(feature = "checksums"))]
        let md5 = false;
        Promises {
            sha256: self.sha256.is_some(),
            md5,
            checksum: self.checksum.as_ref().map(|c| c.algorithm),
            trailer: self.checksum.as_ref().is_some_and(|c| c.stated.is_none()),
        }
    }

    /// Ends the body: every promised digest must match. A checksum that
    /// `x-amz-trailer` announced cannot have come (no trailers were given):
    /// `IncompleteBody`; use [`BodyCheck::finish_with_trailers`] for a body
    /// that ended with trailers.
    ///
    /// Errors, S3's: `XAmzContentSHA256Mismatch`, `BadDigest` (`Content-MD5`
    /// or the checksum), `IncompleteBody`.
    ///
    /// ```
    /// use awssig::S3ErrorCode;
    /// use awssig::verify::{BodyCheck, Incoming};
    /// let headers = [("x-amz-trailer", "x-amz-checksum-sha1")];
    /// let err = BodyCheck::new(&Incoming::new("PUT", "/k", &headers))?.finish().unwrap_err();
    /// assert_eq!(err.s3_code(), Some(S3ErrorCode::IncompleteBody));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn finish(self) -> Result<BodyDigests> {
        if let Some(c) = &self.checksum {
            if c.stated.is_none() {
                return Err(Error::rejected(
                    S3ErrorCode::IncompleteBody,
                    alloc::format!(
                        "The request body ended without the {} trailer that x-amz-trailer announced.",
                        c.algorithm.header_name()
                    ),
                ));
            }
        }
        self.check()
    }

    /// Ends an aws-chunked body whose trailer block held `trailers` (what
    /// [`crate::v4::chunked::ChunkDecoder::trailers`] returns once the
    /// decoder is done): the announced checksum trailer is checked like a
    /// header, then everything [`BodyCheck::finish`] checks.
    ///
    /// Errors beyond `finish`'s: `MalformedTrailerError` when the announced
    /// checksum trailer is missing or given twice, or another checksum
    /// trailer comes (as the decoder answers); `InvalidRequest` (`Value for
    /// x-amz-checksum-crc32 trailing header is invalid.`) when its value is
    /// not base64 of the right length.
    ///
    /// ```
    /// use awssig::v4::chunked::{ChecksumAlgorithm, ChunkDecoder, Chunked, ChunkedMode};
    /// use awssig::verify::{BodyCheck, Incoming};
    /// let data = b"hello world";
    /// let chunked = Chunked::new(ChunkedMode::UnsignedTrailer, 8192)?.checksum(ChecksumAlgorithm::Sha256)?;
    /// let wire = chunked.encode(None, data, &[])?;
    /// let headers = [
    ///     ("x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER"),
    ///     ("x-amz-trailer", "x-amz-checksum-sha256"),
    /// ];
    /// let mut check = BodyCheck::new(&Incoming::new("PUT", "/k", &headers))?;
    /// let mut decoder = ChunkDecoder::new(ChunkedMode::UnsignedTrailer, None)?;
    /// let mut staged = Vec::new();
    /// for piece in wire.chunks(7) {
    ///     let at = staged.len();
    ///     decoder.decode_into(piece, &mut staged)?;
    ///     check.update(&staged[at..]);
    /// }
    /// decoder.finish()?;
    /// let digests = check.finish_with_trailers(decoder.trailers())?;
    /// assert_eq!(digests.checksum().map(|c| c.0), Some(ChecksumAlgorithm::Sha256));
    /// assert_eq!(staged, data);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn finish_with_trailers<'t>(
        mut self,
        trailers: impl IntoIterator<Item = (&'t str, &'t str)>,
    ) -> Result<BodyDigests> {
        let announced = self
            .checksum
            .as_ref()
            .filter(|c| c.stated.is_none())
            .map(|c| c.algorithm);
        if let Some(stated) = trailer::announced_value(announced, trailers)? {
            if let Some(c) = &mut self.checksum {
                c.stated = Some(stated);
            }
        }
        self.check()
    }

    fn check(self) -> Result<BodyDigests> {
        let sha256 = match self.sha256 {
            Some((mut h, want)) => {
                if !bool::from(h.finish().ct_eq(&want)) {
                    return Err(Error::rejected(
                        S3ErrorCode::XAmzContentSHA256Mismatch,
                        "The provided 'x-amz-content-sha256' header does not match what was computed.",
                    ));
                }
                Some(want)
            }
            None => None,
        };
        #[cfg(feature = "checksums")]
        let md5 = match self.md5 {
            Some((h, want)) => {
                let got: [u8; 16] = md5::Digest::finalize(h).into();
                if want.is_some_and(|want| !bool::from(got.ct_eq(&want))) {
                    return Err(Error::rejected(
                        S3ErrorCode::BadDigest,
                        "The Content-MD5 you specified did not match what we received.",
                    ));
                }
                Some(got)
            }
            None => None,
        };
        #[cfg(not(feature = "checksums"))]
        let md5 = None;
        let checksum = match self.checksum {
            Some(Running {
                algorithm,
                state,
                stated: Some(stated),
            }) => {
                let got = state.finish();
                if !stated.matches(got.as_bytes()) {
                    return Err(Error::rejected(
                        S3ErrorCode::BadDigest,
                        alloc::format!(
                            "The {} you specified did not match the calculated checksum.",
                            algorithm.sdk_name()
                        ),
                    ));
                }
                Some((algorithm, String::from(got.as_str())))
            }
            // `finish` and `finish_with_trailers` have set the value.
            Some(Running { stated: None, .. }) | None => None,
        };
        Ok(BodyDigests {
            len: self.len,
            sha256,
            md5,
            checksum,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_shows_promises_not_values() {
        let headers = [("x-amz-checksum-sha1", "2jmj7l5rSw0yVb/vlWAYkK/YBwk=")];
        let check = BodyCheck::new(&Incoming::new("PUT", "/k", &headers)).unwrap();
        let text = alloc::format!("{check:?}");
        assert!(text.contains("Sha1") && !text.contains("2jmj"), "{text}");
    }
}
