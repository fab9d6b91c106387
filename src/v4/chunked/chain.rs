//! The signature chain a body is framed or checked with: SigV4's HMAC
//! [`ChunkSigner`], or (feature `sigv4a`) SigV4A's ECDSA signer on the
//! client and its verifier on the server. One framing and one decoder
//! serve both; what differs is how a signature is made or checked and how
//! wide it is on the wire ([`ChunkedMode::signature_width`]): 64 hex
//! digits, or the DER hex `*`-padded to 144 characters.

use crate::ct_eq::ct_eq;

use super::{ChunkSigner, ChunkedMode};

/// What signs the chunks of a body being framed.
#[derive(Clone, Debug)]
pub(super) enum ChainSigner {
    Hmac(ChunkSigner),
    #[cfg(feature = "sigv4a")]
    Ecdsa(crate::v4a::ChunkSigner),
}

impl ChainSigner {
    /// Whether this chain signs `mode`'s chunks (HMAC the SigV4 modes,
    /// ECDSA the SigV4A ones).
    pub(super) fn fits(&self, mode: ChunkedMode) -> bool {
        match self {
            ChainSigner::Hmac(_) => mode.is_signed() && !mode.is_ecdsa(),
            #[cfg(feature = "sigv4a")]
            ChainSigner::Ecdsa(_) => mode.is_ecdsa(),
        }
    }

    /// The signature of the next chunk, given its SHA-256 (unpadded).
    pub(super) fn sign_chunk_sha256(&mut self, sha256: &[u8; 32]) -> &str {
        match self {
            ChainSigner::Hmac(s) => s.sign_chunk_sha256(sha256),
            #[cfg(feature = "sigv4a")]
            ChainSigner::Ecdsa(s) => s.sign_chunk_sha256(sha256),
        }
    }

    /// The signature of the trailer block, given its lines' SHA-256.
    pub(super) fn sign_trailer_sha256(&mut self, sha256: &[u8; 32]) -> &str {
        match self {
            ChainSigner::Hmac(s) => s.sign_trailer_sha256(sha256),
            #[cfg(feature = "sigv4a")]
            ChainSigner::Ecdsa(s) => s.sign_trailer_sha256(sha256),
        }
    }
}

/// What checks the chunks of a body being decoded.
#[derive(Clone, Debug)]
pub(super) enum ChainChecker {
    Hmac(ChunkSigner),
    #[cfg(feature = "sigv4a")]
    Ecdsa(crate::v4a::ChunkVerifier),
}

impl ChainChecker {
    /// As [`ChainSigner::fits`].
    pub(super) fn fits(&self, mode: ChunkedMode) -> bool {
        match self {
            ChainChecker::Hmac(_) => mode.is_signed() && !mode.is_ecdsa(),
            #[cfg(feature = "sigv4a")]
            ChainChecker::Ecdsa(_) => mode.is_ecdsa(),
        }
    }

    /// The signature text of a chunk line or trailer as the wire carries
    /// it, reduced to what is checked: 64 hex digits as they are (SigV4),
    /// the DER hex without its padding (SigV4A). `None` when malformed.
    pub(super) fn signature_text<'s>(&self, wire: &'s [u8]) -> Option<&'s [u8]> {
        match self {
            ChainChecker::Hmac(_) => (wire.len() == 64).then_some(wire),
            #[cfg(feature = "sigv4a")]
            ChainChecker::Ecdsa(_) => crate::v4a::unpad(wire),
        }
    }

    /// Whether `provided` (from [`ChainChecker::signature_text`]) signs
    /// the chunk whose SHA-256 is `sha256`; the chain moves on.
    pub(super) fn check_chunk_sha256(&mut self, sha256: &[u8; 32], provided: &[u8]) -> bool {
        match self {
            ChainChecker::Hmac(s) => ct_eq(s.sign_chunk_sha256(sha256).as_bytes(), provided),
            #[cfg(feature = "sigv4a")]
            ChainChecker::Ecdsa(v) => v.verify_chunk_sha256(sha256, provided),
        }
    }

    /// Whether `provided` signs the trailer block whose lines hash to
    /// `sha256`.
    pub(super) fn check_trailer_sha256(&mut self, sha256: &[u8; 32], provided: &[u8]) -> bool {
        match self {
            ChainChecker::Hmac(s) => ct_eq(s.sign_trailer_sha256(sha256).as_bytes(), provided),
            #[cfg(feature = "sigv4a")]
            ChainChecker::Ecdsa(v) => v.verify_trailer_sha256(sha256, provided),
        }
    }
}
