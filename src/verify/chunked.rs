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
    /// A SigV4A body (`STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD(-TRAILER)`,
    /// feature `sigv4a`) is checked with the public key the secret derives,
    /// each chunk's ECDSA signature chained from the seed's as sent; for a
    /// server with public keys only see
    /// [`Verifier::chunk_decoder_with_public_keys`].
    ///
    /// Errors (`InvalidArgument`): the request is not aws-chunked, the seed
    /// was not an `Authorization` header of the chunks' algorithm (a
    /// presigned URL or SigV2 cannot start a chunk chain), a malformed
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
        let mode = streaming_mode(req)?;
        let decoder = if mode.is_ecdsa() {
            #[cfg(feature = "sigv4a")]
            {
                let seed = v4a_seed(verified)?;
                let secret = secret_of(&lookup, verified.access_key_id())?;
                let key = crate::v4a::EcdsaKey::derive(verified.access_key_id(), &secret).map_err(
                    |e| Error::rejected(S3ErrorCode::InvalidAccessKeyId, alloc::format!("{e}")),
                )?;
                v4a_decoder(mode, verified, key.public_key(), seed)?
            }
            #[cfg(not(feature = "sigv4a"))]
            return Err(refuse(
                "SigV4A aws-chunked bodies (STREAMING-AWS4-ECDSA-P256-SHA256-…) are checked only \
                 with awssig's sigv4a feature: this build cannot check their chunk signatures, so \
                 the body is refused",
            ));
        } else {
            let header_seed = verified.expires_at().is_none();
            let seed = <[u8; 32]>::try_from(verified.signature())
                .ok()
                .filter(|_| header_seed);
            let signer = match seed {
                _ if !mode.is_signed() => None,
                Some(seed) => {
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
                }
                None => {
                    return Err(refuse(alloc::format!(
                        "{} chunks are signed with SigV4: the body needs a seed signed with a \
                         SigV4 Authorization header",
                        mode.content_sha256()
                    )))
                }
            };
            // An unsigned body follows any header-signed seed (SigV4 or
            // SigV4A), never a presigned URL or SigV2.
            let v4_or_v4a_header =
                seed.is_some() || (header_seed && verified.chain_seed().is_some());
            if !mode.is_signed() && !v4_or_v4a_header {
                return Err(refuse(
                    "an aws-chunked body needs a seed signed with a SigV4 or SigV4A Authorization header",
                ));
            }
            ChunkDecoder::new(mode, signer)?
        };
        configure(req, mode, decoder)
    }

    /// [`Verifier::chunk_decoder`] for a server that holds SigV4A public
    /// keys instead of secrets (as
    /// [`Verifier::verify_with_public_keys`]): the decoder of a
    /// `STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD(-TRAILER)` or
    /// `STREAMING-UNSIGNED-PAYLOAD-TRAILER` body whose SigV4A seed was
    /// accepted. Each chunk's and the trailer's ECDSA signature is checked
    /// with the public key, chained from the seed's signature as sent.
    ///
    /// Errors (`InvalidArgument`) as for [`Verifier::chunk_decoder`], and
    /// for a SigV4 (HMAC) streaming body, which needs the secret;
    /// `InvalidAccessKeyId` when `lookup` no longer knows the key.
    ///
    /// ```
    /// use awssig::{Credentials, S3ErrorCode, SigningTime};
    /// use awssig::v4::{Request, SigningSettings};
    /// use awssig::v4::chunked::{Chunked, ChunkedMode};
    /// use awssig::v4a::{EcdsaKey, Signer};
    /// use awssig::verify::{Incoming, Verifier};
    ///
    /// // Client: a SigV4A seed and its aws-chunked body.
    /// let signer = Signer::new(Credentials::new("AKID", "secret")?, SigningSettings::s3("*"))?;
    /// let t = SigningTime::from_unix(1_700_000_000)?;
    /// let data = vec![7u8; 10_000];
    /// let chunked = Chunked::new(ChunkedMode::SignedEcdsa, 8192)?;
    /// let (length, decoded) = (chunked.content_length(10_000)?.to_string(), data.len().to_string());
    /// let mut headers = vec![
    ///     ("host", "mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com"),
    ///     ("content-encoding", "aws-chunked"),
    ///     ("content-length", length.as_str()),
    ///     ("x-amz-decoded-content-length", decoded.as_str()),
    /// ];
    /// let seed = signer.sign_headers(&Request::new("PUT", "/k").headers(&headers).payload(chunked.payload()), t)?;
    /// let body = chunked.encode_v4a(signer.chunk_signer(&seed)?, &data, &[])?;
    ///
    /// // Server: public keys only.
    /// headers.extend(seed.iter());
    /// let req = Incoming::new("PUT", "/k", &headers);
    /// let public = EcdsaKey::derive("AKID", "secret")?.public_key();
    /// let lookup = |id: &str| (id == "AKID").then_some(public);
    /// let verifier = Verifier::s3();
    /// let seed_ok = verifier.verify_with_public_keys(&req, t, lookup)?;
    /// let mut decoder = verifier.chunk_decoder_with_public_keys(&req, &seed_ok, lookup)?;
    /// let mut staged = Vec::new();
    /// for piece in body.chunks(1500) {
    ///     decoder.decode_into(piece, &mut staged)?;
    /// }
    /// decoder.finish()?;
    /// assert_eq!(staged, data);
    ///
    /// // A truncated body is incomplete.
    /// let mut decoder = verifier.chunk_decoder_with_public_keys(&req, &seed_ok, lookup)?;
    /// decoder.decode_into(&body[..body.len() - 10], &mut Vec::new())?;
    /// assert_eq!(decoder.finish().unwrap_err().s3_code(), Some(S3ErrorCode::IncompleteBody));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    #[cfg(feature = "sigv4a")]
    pub fn chunk_decoder_with_public_keys(
        &self,
        req: &Incoming<'_>,
        verified: &Verified,
        lookup: impl super::PublicKeyLookup,
    ) -> Result<ChunkDecoder> {
        let mode = streaming_mode(req)?;
        let decoder = if mode.is_ecdsa() {
            let seed = v4a_seed(verified)?;
            let key = lookup
                .public_key_for(verified.access_key_id())
                .ok_or_else(|| {
                    Error::rejected(
                        S3ErrorCode::InvalidAccessKeyId,
                        alloc::format!(
                            "The AWS Access Key Id you provided does not exist in our records: {:?}",
                            verified.access_key_id()
                        ),
                    )
                })?;
            v4a_decoder(mode, verified, key, seed)?
        } else if mode.is_signed() {
            return Err(refuse(alloc::format!(
                "{} chunks are signed with SigV4 (HMAC), which needs the secret access key; \
                 only public keys were given, which check SigV4A",
                mode.content_sha256()
            )));
        } else {
            v4a_seed(verified)?;
            ChunkDecoder::new(mode, None)?
        };
        configure(req, mode, decoder)
    }
}

/// The aws-chunked mode the request's `x-amz-content-sha256` announces.
fn streaming_mode(req: &Incoming<'_>) -> Result<ChunkedMode> {
    let stated = req.header("x-amz-content-sha256").map(str::trim);
    stated
        .and_then(ChunkedMode::from_content_sha256)
        .ok_or_else(|| {
            refuse(alloc::format!(
                "x-amz-content-sha256 {stated:?} is not an aws-chunked payload (STREAMING-…)"
            ))
        })
}

/// The SigV4A header signature that starts a chain, as sent.
#[cfg(feature = "sigv4a")]
fn v4a_seed(verified: &Verified) -> Result<&str> {
    verified
        .chain_seed()
        .filter(|_| verified.expires_at().is_none())
        .ok_or_else(|| {
            refuse(
                "a SigV4A aws-chunked body needs a seed signed with a SigV4A (AWS4-ECDSA-P256-SHA256) \
                 Authorization header",
            )
        })
}

/// The decoder of a SigV4A body: chunk signatures checked with `key`,
/// chained from `seed`.
#[cfg(feature = "sigv4a")]
fn v4a_decoder(
    mode: ChunkedMode,
    verified: &Verified,
    key: crate::v4a::PublicKey,
    seed: &str,
) -> Result<ChunkDecoder> {
    let chain =
        crate::v4a::ChunkVerifier::new(key, verified.signed_at(), verified.service(), seed)?;
    ChunkDecoder::new_v4a(mode, chain)
}

/// The decoded length and checksum trailer the request announces.
fn configure(
    req: &Incoming<'_>,
    mode: ChunkedMode,
    mut decoder: ChunkDecoder,
) -> Result<ChunkDecoder> {
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
