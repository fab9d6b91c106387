//! SHA-256 and HMAC-SHA256 as SigV4 uses them, on `sha2`'s compression
//! function (which picks SHA-NI or the like at run time).
//!
//! The canonical request and the string to sign are written in many short
//! runs; [`Sha256`] takes them straight into its 128-byte buffer (no
//! buffer in front, no per-`update` bookkeeping), and compresses whole
//! blocks straight from a long run. [`MacKey`] is a key as HMAC uses it:
//! the states after the inner and outer pad blocks, so that a MAC with a
//! cached key starts with no compression and copies 64 bytes, not a whole
//! keyed hasher. Every SHA-256 of the crate goes through here (request
//! bodies and aws-chunked data too). Checked against `sha2` and `hmac` in
//! the tests below, and by every published signature the crate's tests run.

use core::slice;

use sha2::block_api::compress256;
use zeroize::Zeroize;

use crate::encode::{copy_short, Sink};

/// The initial hash value (FIPS 180-4, 5.3.3).
const H0: [u32; 8] = [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

/// Bytes held before compressing: whole blocks go to the compression
/// function together, and most runs are copied inline.
const BUF: usize = 128;

/// SHA-256 being computed; bytes go in through [`Sink::put`].
#[derive(Clone)]
pub(crate) struct Sha256 {
    state: [u32; 8],
    /// Bytes not compressed yet; zero after `len`, so that padding
    /// writes only the 0x80 and the length.
    block: [u8; BUF],
    /// Bytes in `block`; always below `BUF`.
    len: usize,
    /// Blocks compressed so far.
    blocks: u64,
}

impl Sha256 {
    pub(crate) fn new() -> Self {
        Self::resume(H0, 0)
    }

    /// Goes on from `state`, reached after `blocks` whole blocks.
    fn resume(state: [u32; 8], blocks: u64) -> Self {
        Sha256 {
            state,
            block: [0; BUF],
            len: 0,
            blocks,
        }
    }

    /// SHA-256 of `data`.
    pub(crate) fn digest(data: &[u8]) -> [u8; 32] {
        let mut h = Self::new();
        h.put(data);
        h.finish()
    }

    /// Fills the buffer from the start of `bytes` and compresses it, then
    /// compresses every whole block of the rest where it lies, and keeps
    /// what is left. The buffer is zero after `len` again afterwards.
    #[inline(never)]
    fn absorb(&mut self, mut bytes: &[u8]) {
        if self.len > 0 {
            let take = (BUF - self.len).min(bytes.len());
            let (head, rest) = bytes.split_at(take);
            self.block[self.len..self.len + take].copy_from_slice(head);
            self.len += take;
            if self.len < BUF {
                return;
            }
            compress256(&mut self.state, self.block.as_chunks::<64>().0);
            self.blocks += (BUF / 64) as u64;
            bytes = rest;
        }
        let (whole, rest) = bytes.as_chunks::<64>();
        if !whole.is_empty() {
            compress256(&mut self.state, whole);
            self.blocks += whole.len() as u64;
        }
        self.block = [0; BUF];
        self.block[..rest.len()].copy_from_slice(rest);
        self.len = rest.len();
    }

    /// Pads, and gives the digest. `self` is left spent.
    pub(crate) fn finish(&mut self) -> [u8; 32] {
        let bits = ((self.blocks * 64 + self.len as u64) * 8).to_be_bytes();
        // Padded in place: 0x80 (the bytes after `len` are zero already),
        // and the length in bits at the end of that block or, when it has
        // no room for it, of one more.
        let len = self.len.min(BUF - 1);
        let end = (len / 64 + 1) * 64;
        self.block[len] = 0x80;
        if len % 64 < 56 {
            self.block[end - 8..end].copy_from_slice(&bits);
            compress256(&mut self.state, self.block[..end].as_chunks::<64>().0);
        } else {
            compress256(&mut self.state, self.block[..end].as_chunks::<64>().0);
            let mut last = [0u8; 64];
            last[56..].copy_from_slice(&bits);
            compress256(&mut self.state, slice::from_ref(&last));
        }
        be_bytes(&self.state)
    }
}

/// The outer hash of HMAC from the state after its pad block: one block
/// of the inner digest, 0x80, zeros and the length, 768 bits.
fn outer_hash(mut state: [u32; 8], inner: &[u8; 32]) -> [u8; 32] {
    let mut block = [0u8; 64];
    block[..32].copy_from_slice(inner);
    block[32] = 0x80;
    block[62..].copy_from_slice(&768u16.to_be_bytes());
    compress256(&mut state, slice::from_ref(&block));
    be_bytes(&state)
}

fn be_bytes(state: &[u32; 8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    for (o, s) in out.chunks_exact_mut(4).zip(state) {
        o.copy_from_slice(&s.to_be_bytes());
    }
    out
}

/// Shows no state (what was hashed may be a request body).
impl core::fmt::Debug for Sha256 {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Sha256 { .. }")
    }
}

impl Sink for Sha256 {
    #[inline]
    fn put(&mut self, bytes: &[u8]) {
        let end = self.len + bytes.len();
        match self.block.get_mut(self.len..end) {
            // Room to spare (the buffer is compressed once it is full).
            Some(dst) if end < BUF => {
                copy_short(dst, bytes);
                self.len = end;
            }
            _ => self.absorb(bytes),
        }
    }
}

/// HMAC's inner pad byte (RFC 2104): the key block XOR `IPAD` starts the
/// inner hash.
const IPAD: u8 = 0x36;
/// HMAC's outer pad byte (RFC 2104): the key block XOR `OPAD` starts the
/// outer hash.
const OPAD: u8 = 0x5c;

/// An HMAC-SHA256 key, kept as the states after its inner (`key ^ IPAD…`)
/// and outer (`key ^ OPAD…`) pad blocks. Zeroed on drop.
#[derive(Clone)]
pub(crate) struct MacKey {
    inner: [u32; 8],
    outer: [u32; 8],
}

impl MacKey {
    pub(crate) fn new(key: &[u8]) -> Self {
        let mut block = [0u8; 64];
        if key.len() > 64 {
            let mut digest = Sha256::digest(key);
            block[..32].copy_from_slice(&digest);
            digest.as_mut_slice().zeroize();
        } else {
            block[..key.len()].copy_from_slice(key);
        }
        let (mut inner, mut outer) = (H0, H0);
        let mut pad = block.map(|b| b ^ IPAD);
        compress256(&mut inner, slice::from_ref(&pad));
        pad = block.map(|b| b ^ OPAD);
        compress256(&mut outer, slice::from_ref(&pad));
        block.as_mut_slice().zeroize();
        pad.as_mut_slice().zeroize();
        MacKey { inner, outer }
    }

    /// A MAC with this key, to write the message into.
    #[inline]
    pub(crate) fn start(&self) -> Mac {
        Mac {
            inner: Sha256::resume(self.inner, 1),
            outer: self.outer,
        }
    }

    /// The two states as eight words (for a lock-free copy).
    pub(crate) fn to_words(&self) -> [u64; 8] {
        let mut w = [0u64; 8];
        for (i, w) in w.iter_mut().enumerate() {
            let s = if i < 4 { &self.inner } else { &self.outer };
            let j = (i % 4) * 2;
            *w = u64::from(s[j]) | u64::from(s[j + 1]) << 32;
        }
        w
    }

    /// HMAC-SHA256 of `data`. A message that fits in one block with its
    /// padding (every step of the key derivation) is hashed from a block
    /// built on the stack, with no hasher set up.
    pub(crate) fn mac(&self, data: &[u8]) -> [u8; 32] {
        if data.len() > 55 {
            let mut m = self.start();
            m.put(data);
            return m.finish();
        }
        let mut block = [0u8; 64];
        block[..data.len()].copy_from_slice(data);
        block[data.len()] = 0x80;
        block[56..].copy_from_slice(&((64 + data.len() as u64) * 8).to_be_bytes());
        let mut inner = self.inner;
        compress256(&mut inner, slice::from_ref(&block));
        let digest = be_bytes(&inner);
        inner.as_mut_slice().zeroize();
        block.as_mut_slice().zeroize();
        outer_hash(self.outer, &digest)
    }
}

impl Drop for MacKey {
    fn drop(&mut self) {
        self.inner.as_mut_slice().zeroize();
        self.outer.as_mut_slice().zeroize();
    }
}

/// HMAC-SHA256 being computed: the message goes in through [`Sink::put`].
/// The outer key state is zeroed on drop.
pub(crate) struct Mac {
    inner: Sha256,
    outer: [u32; 8],
}

impl Mac {
    /// A MAC with the key [`MacKey::to_words`] gave.
    #[inline]
    pub(crate) fn from_words(w: &[u64; 8]) -> Self {
        let (mut inner, mut outer) = ([0u32; 8], [0u32; 8]);
        for (i, w) in w.iter().enumerate() {
            let s = if i < 4 { &mut inner } else { &mut outer };
            let j = (i % 4) * 2;
            s[j] = *w as u32;
            s[j + 1] = (*w >> 32) as u32;
        }
        Mac {
            inner: Sha256::resume(inner, 1),
            outer,
        }
    }

    pub(crate) fn finish(mut self) -> [u8; 32] {
        outer_hash(self.outer, &self.inner.finish())
    }
}

impl Sink for Mac {
    #[inline]
    fn put(&mut self, bytes: &[u8]) {
        self.inner.put(bytes);
    }
}

impl Drop for Mac {
    fn drop(&mut self) {
        self.outer.as_mut_slice().zeroize();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;
    use hmac::{Hmac, KeyInit, Mac as _};
    use sha2::Digest;

    /// Bytes that are not all alike, so a misplaced run shows.
    fn text(n: usize) -> Vec<u8> {
        (0..n).map(|i| (i * 31 + 7) as u8).collect()
    }

    #[test]
    fn digest_matches_sha2_at_every_length_around_the_block_edges() {
        for n in 0..300 {
            let t = text(n);
            let want: [u8; 32] = sha2::Sha256::digest(&t).into();
            assert_eq!(Sha256::digest(&t), want, "length {n}");
        }
    }

    #[test]
    fn digest_is_the_same_however_the_input_is_cut() {
        let t = text(700);
        let want: [u8; 32] = sha2::Sha256::digest(&t).into();
        for step in [1, 2, 3, 7, 13, 31, 63, 64, 65, 100, 127, 128, 129, 300] {
            for first in [0, 1, 5, 63, 64, 65] {
                let mut h = Sha256::new();
                h.put(&t[..first]);
                for c in t[first..].chunks(step) {
                    h.put(c);
                }
                assert_eq!(h.finish(), want, "first {first}, then runs of {step}");
            }
        }
    }

    #[test]
    fn mac_matches_the_hmac_crate_for_every_key_length_and_many_messages() {
        for key_len in [0, 1, 20, 32, 44, 63, 64, 65, 100, 200] {
            let key = text(key_len);
            let mk = MacKey::new(&key);
            for n in [0, 1, 55, 56, 63, 64, 65, 119, 120, 145, 300] {
                let msg = text(n + 3);
                let mut want = <Hmac<sha2::Sha256> as KeyInit>::new_from_slice(&key).unwrap();
                want.update(&msg);
                let want: [u8; 32] = want.finalize().into_bytes().into();
                assert_eq!(
                    mk.mac(&msg),
                    want,
                    "key {key_len} bytes, message {} bytes",
                    n + 3
                );
                // In pieces, as the string to sign is written.
                let mut m = mk.start();
                for c in msg.chunks(9) {
                    m.put(c);
                }
                assert_eq!(
                    m.finish(),
                    want,
                    "key {key_len}, message {} in pieces",
                    n + 3
                );
            }
        }
    }

    #[test]
    fn mac_key_words_round_trip() {
        let k = MacKey::new(b"key");
        let mut m = Mac::from_words(&k.to_words());
        m.put(b"m");
        assert_eq!(m.finish(), k.mac(b"m"));
        assert_ne!(k.to_words(), MacKey::new(b"other").to_words());
    }

    #[test]
    fn mac_keys_pad_with_zeros_as_rfc_2104_says() {
        // A key and the same key with a trailing zero byte are the same
        // HMAC key; another key is not.
        assert_eq!(MacKey::new(b"a").mac(b"m"), MacKey::new(b"a\0").mac(b"m"));
        assert_ne!(MacKey::new(b"a").mac(b"m"), MacKey::new(b"b").mac(b"m"));
    }
}
