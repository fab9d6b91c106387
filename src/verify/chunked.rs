//! The aws-chunked body of a verified, header-signed request: the decoder
//! built from the seed request, so a server does not rebuild the chunk
//! signer by hand.

use alloc::string::String;

use crate::encode;
use crate::error::{Error, Result, S3ErrorCode};
use crate::v4::chunked::{ChecksumAlgorithm, ChunkDecoder, ChunkSigner, ChunkedMode};

use super::{secret_of, Incoming, SecretLookup, Verified, Verifier};

fn refuse(msg: impl Into<String>) -> Error {
    Error::rejected(S3ErrorCode::InvalidArgument, msg)
}

impl Verifier {
    /// The decoder for the aws-chunked body of a request whose seed
    /// [`Verifier::verify_headers`] (or [`Verifier::verify`]) accepted: the
    /// mode from its `x-amz-content-sha256` (signed with the seed), the
    /// chunk signer from the seed's signature, time and scope and the
    /// signing key of its access key id (`lookup`, as for the seed), the
    /// length from `x-amz-decoded-content-length` and the checksum trailer
    /// from `x-amz-trailer` when present.
    ///
    /// Feed it the body as it arrives ([`ChunkDecoder::decode_into`] or
    /// [`ChunkDecoder::decode`]) and commit nothing before
    /// [`ChunkDecoder::finish`] succeeds; its errors carry the S3 code to
    /// answer with ([`Error::s3_code`]).
    ///
    /// Errors (`InvalidArgument`): the request is not aws-chunked, the seed
    /// was not a SigV4 `Authorization` header (a presigned URL or SigV2
    /// cannot start a chunk chain), a malformed
    /// `x-amz-decoded-content-length`, a checksum trailer this build does
    /// not know; `InvalidAccessKeyId` when `lookup` no longer knows the key.
    ///
    /// ```
    /// use awssig::{Credentials, S3ErrorCode, SigningTime};
    /// use awssig::v4::{Request, Signer, SigningSettings};
    /// use awssig::v4::chunked::{Chunked, ChunkedMode};
    /// use awssig::verify::{Incoming, Verifier};
    ///
    /// // Client: a header-signed seed and its aws-chunked body.
    /// let signer = Signer::new(Credentials::new("AKID", "secret")?, SigningSettings::s3("us-east-1"))?;
    /// let t = SigningTime::from_unix(1_700_000_000)?;
    /// let data = vec![7u8; 10_000];
    /// let chunked = Chunked::new(ChunkedMode::Signed, 8192)?;
    /// let (length, decoded) = (chunked.content_length(10_000)?.to_string(), data.len().to_string());
    /// let mut headers = vec![
    ///     ("host", "b-1.s3.amazonaws.com"),
    ///     ("content-encoding", "aws-chunked"),
    ///     ("content-length", length.as_str()),
    ///     ("x-amz-decoded-content-length", decoded.as_str()),
    /// ];
    /// let seed = signer.sign_headers(&Request::new("PUT", "/k").headers(&headers).payload(chunked.payload()), t)?;
    /// let body = chunked.encode(Some(signer.chunk_signer(&seed)?), &data, &[])?;
    ///
    /// // Server: verify the seed, then the body as it streams in.
    /// headers.extend(seed.iter());
    /// let req = Incoming::new("PUT", "/k", &headers);
    /// let verifier = Verifier::s3();
    /// let lookup = |id: &str| (id == "AKID").then(|| "secret".to_string());
    /// let seed_ok = verifier.verify_headers(&req, t, lookup)?;
    /// let mut decoder = verifier.chunk_decoder(&req, &seed_ok, lookup)?;
    /// let mut staged = Vec::new();
    /// for piece in body.chunks(1500) {
    ///     decoder.decode_into(piece, &mut staged)?;
    /// }
    /// decoder.finish()?;
    /// assert_eq!(staged, data);
    ///
    /// // One flipped data byte: the chunk's signature no longer matches.
    /// let mut bad = body.clone();
    /// bad[200] ^= 1;
    /// let mut decoder = verifier.chunk_decoder(&req, &seed_ok, lookup)?;
    /// let err = decoder.decode_into(&bad, &mut Vec::new()).unwrap_err();
    /// assert_eq!(err.s3_code(), Some(S3ErrorCode::SignatureDoesNotMatch));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn chunk_decoder(
        &self,
        req: &Incoming<'_>,
        verified: &Verified,
        lookup: impl SecretLookup,
    ) -> Result<ChunkDecoder> {
        let stated = req.header("x-amz-content-sha256").map(str::trim);
        if stated.is_some_and(|s| s.starts_with("STREAMING-AWS4-ECDSA-P256-SHA256-")) {
            return Err(refuse(
                "SigV4A aws-chunked bodies (STREAMING-AWS4-ECDSA-P256-SHA256-…) are not verified yet: their chunk signatures cannot be checked, so the body is refused",
            ));
        }
        let mode = stated
            .and_then(ChunkedMode::from_content_sha256)
            .ok_or_else(|| {
                refuse(alloc::format!(
                    "x-amz-content-sha256 {stated:?} is not an aws-chunked payload (STREAMING-…)"
                ))
            })?;
        let seed = <[u8; 32]>::try_from(verified.signature())
            .ok()
            .filter(|_| verified.expires_at().is_none())
            .ok_or_else(|| {
                refuse("an aws-chunked body needs a seed signed with a SigV4 Authorization header")
            })?;
        let signer = if mode.is_signed() {
            let secret = secret_of(&lookup, verified.access_key_id())?;
            let key = self.cache.get(
                &secret,
                verified.signed_at().date(),
                verified.region(),
                verified.service(),
            );
            let seed = encode::hex32(&seed);
            let seed = core::str::from_utf8(&seed).unwrap_or("");
            Some(ChunkSigner::new(
                &key,
                verified.signed_at(),
                verified.region(),
                verified.service(),
                seed,
            )?)
        } else {
            None
        };
        let mut decoder = ChunkDecoder::new(mode, signer)?;
        if let Some(len) = req.header("x-amz-decoded-content-length").map(str::trim) {
            let n = len
                .parse::<u64>()
                .ok()
                .filter(|_| len.bytes().all(|b| b.is_ascii_digit()))
                .ok_or_else(|| {
                    refuse(alloc::format!(
                        "x-amz-decoded-content-length {len:?} is not a number of bytes"
                    ))
                })?;
            decoder = decoder.decoded_content_length(n);
        }
        if mode.has_trailer() {
            let names = req.header("x-amz-trailer").unwrap_or("");
            for name in names.split(',').map(str::trim).filter(|n| !n.is_empty()) {
                match ChecksumAlgorithm::from_header_name(name) {
                    Some(alg) => decoder = decoder.checksum(alg),
                    None if name
                        .get(..15)
                        .is_some_and(|p| p.eq_ignore_ascii_case("x-amz-checksum-")) =>
                    {
                        return Err(refuse(alloc::format!(
                            "x-amz-trailer names {name:?}, a checksum this build does not support"
                        )))
                    }
                    None => {}
                }
            }
        }
        Ok(decoder)
    }
}
