//! The signing-key cache's lock-free copy: the last entry kept again in
//! atomics, so that signing reads it without taking the cache's lock.
//!
//! The protocol is a sequence lock. The writer (holding the cache's mutex,
//! so there is one writer at a time) makes `seq` odd, stores every word,
//! and makes `seq` even again, each with release ordering. A reader loads
//! `seq` (acquire); if it is odd, a write is under way and the reader falls
//! back to the mutex. Otherwise it reads the words, loads `seq` again, and
//! uses the words only if `seq` is the same even number: no write began or
//! ended in between, so the words are one entry's, never torn. A reader
//! that sees a change falls back to the mutex too, so it never retries in
//! a loop.
//!
//! What is kept: the date, the three lengths (16 bits each), the secret
//! (up to 128 bytes), region and service (up to 32 each) as little-endian
//! words, and the MAC key's 64 bytes. A lookup matches only when every
//! word matches (the secret's compared without a data-dependent branch);
//! longer secrets, regions or services are never kept here and take the
//! lock. The secret and key words are cleared on drop.
//!
//! Kept because it measured about 13 % less time per URL with two threads
//! sharing a bucket (feb9bf5; `cargo bench --bench signing -- two_threads`);
//! guarded by the cache's tests `lock_free_copy_serves_only_the_scope_it_holds`
//! and `lock_free_copy_is_never_torn_by_concurrent_rewrites`, and by
//! `words_read_in_place_are_the_packed_words` here.

use zeroize::Zeroize;

use crate::sha256::MacKey;

/// Where the words of a [`Snapshot`] are.
mod at {
    pub(super) const DATE: usize = 0;
    /// Secret, region and service lengths (16 bits each); 0 when empty.
    pub(super) const LENS: usize = 1;
    pub(super) const SECRET: usize = 2;
    pub(super) const SECRET_WORDS: usize = 16;
    pub(super) const REGION: usize = SECRET + SECRET_WORDS;
    pub(super) const NAME_WORDS: usize = 4;
    pub(super) const SERVICE: usize = REGION + NAME_WORDS;
    pub(super) const MAC: usize = SERVICE + NAME_WORDS;
    pub(super) const WORDS: usize = MAC + 8;
}

/// A copy of the cache's entry that signing reads without taking the lock
/// (a sequence lock): the writer, holding the lock, makes `seq` odd,
/// stores the words, and makes it even again; a reader takes the words
/// only if `seq` was the same even number before and after. Kept only for
/// secrets up to 128 bytes and regions and services up to 32 (longer ones
/// take the lock). Its secret and key words are cleared on drop.
pub(super) struct Snapshot {
    seq: core::sync::atomic::AtomicU64,
    words: [core::sync::atomic::AtomicU64; at::WORDS],
}

/// `bytes` as little-endian words, zero after its end; `None` when it
/// needs more than `N` words (what [`word_at`] is checked against).
#[cfg(all(test, feature = "std"))]
fn packed<const N: usize>(bytes: &[u8]) -> Option<[u64; N]> {
    if bytes.len() > 8 * N {
        return None;
    }
    let mut w = [0u64; N];
    for (w, c) in w.iter_mut().zip(bytes.chunks(8)) {
        let mut b = [0u8; 8];
        b[..c.len()].copy_from_slice(c);
        *w = u64::from_le_bytes(b);
    }
    Some(w)
}

/// The `i`th little-endian word of `b`, zero after its end (`i` below
/// `b.len().div_ceil(8)`), read without a copy loop.
#[inline]
fn word_at(b: &[u8], i: usize) -> u64 {
    let le = |c: &[u8]| u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
    let start = 8 * i;
    let n = b.len();
    if start + 8 <= n {
        le(&b[start..])
    } else if n >= 8 {
        // The last eight bytes, shifted down to those from `start` on
        // (1 to 7 of them; none past the end).
        match n.saturating_sub(start) {
            0 => 0,
            rest => le(&b[n - 8..]) >> (8 * (8 - rest.min(7))),
        }
    } else {
        b.iter()
            .skip(start)
            .enumerate()
            .fold(0, |w, (j, &x)| w | u64::from(x) << (8 * j))
    }
}

/// Whether a secret, region and service fit in a [`Snapshot`] (which
/// also keeps every length below 2^16 for [`lens`]).
fn fits(secret: &[u8], region: &[u8], service: &[u8]) -> bool {
    secret.len() <= 8 * at::SECRET_WORDS
        && region.len() <= 8 * at::NAME_WORDS
        && service.len() <= 8 * at::NAME_WORDS
}

/// The three lengths in one word, 16 bits each (see [`fits`]).
fn lens(secret: &[u8], region: &[u8], service: &[u8]) -> u64 {
    (secret.len() as u64) | (region.len() as u64) << 16 | (service.len() as u64) << 32
}

fn date_word(date: &[u8]) -> Option<u64> {
    <[u8; 8]>::try_from(date).ok().map(u64::from_le_bytes)
}

impl Snapshot {
    pub(super) fn new() -> Self {
        Snapshot {
            seq: core::sync::atomic::AtomicU64::new(0),
            words: core::array::from_fn(|_| core::sync::atomic::AtomicU64::new(0)),
        }
    }

    /// The key for this scope, if the snapshot holds it. The secret is
    /// compared word by word with one accumulator (no branch on its
    /// bytes); only its length decides how many words.
    pub(super) fn get(
        &self,
        secret: &str,
        date: &[u8],
        region: &str,
        service: &str,
    ) -> Option<[u64; 8]> {
        use core::sync::atomic::{fence, Ordering::*};
        let w = |i: usize| self.words[i].load(Relaxed);
        let s1 = self.seq.load(Acquire);
        if s1 == 0 || s1 & 1 == 1 {
            return None;
        }
        let (s, r, v) = (secret.as_bytes(), region.as_bytes(), service.as_bytes());
        if !fits(s, r, v) {
            return None;
        }
        if w(at::LENS) != lens(s, r, v) || Some(w(at::DATE)) != date_word(date) {
            return None;
        }
        // The lengths matched: each text fits in its words. Every word
        // of a text is XORed with the stored one and the differences ORed
        // together (for the secret: no branch on its bytes).
        let diff = |at: usize, b: &[u8]| {
            let whole = b.chunks_exact(8);
            let (n, tail) = (whole.len(), whole.remainder().len());
            let mut d = 0u64;
            for (i, c) in whole.enumerate() {
                d |= w(at + i)
                    ^ u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            }
            if tail > 0 {
                d |= w(at + n) ^ word_at(b, n);
            }
            d
        };
        if diff(at::REGION, r) | diff(at::SERVICE, v) != 0 {
            return None;
        }
        let diff = diff(at::SECRET, s);
        let mut mac = [0u64; 8];
        for (i, m) in mac.iter_mut().enumerate() {
            *m = w(at::MAC + i);
        }
        fence(Acquire);
        let s2 = self.seq.load(Relaxed);
        if s1 == s2 && subtle::ConstantTimeEq::ct_eq(&diff, &0).into() {
            return Some(mac);
        }
        mac.as_mut_slice().zeroize();
        None
    }

    /// Publishes a new entry (the caller holds the cache's lock), or
    /// empties the snapshot when the entry does not fit in it.
    pub(super) fn set(&self, secret: &str, date: &[u8], region: &str, service: &str, mac: &MacKey) {
        use core::sync::atomic::{fence, Ordering::*};
        let s = self.seq.load(Relaxed);
        self.seq.store(s.wrapping_add(1), Relaxed);
        fence(Release);
        let put = |i: usize, x: u64| self.words[i].store(x, Relaxed);
        // Each text's words, then zeros to the end of its place.
        let text = |at: usize, words: usize, b: &[u8]| {
            let whole = b.chunks_exact(8);
            let (n, tail) = (whole.len(), whole.remainder().len());
            for (i, c) in whole.enumerate() {
                put(
                    at + i,
                    u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]),
                );
            }
            if tail > 0 {
                put(at + n, word_at(b, n));
            }
            for i in n + usize::from(tail > 0)..words {
                put(at + i, 0);
            }
        };
        let (sb, rb, vb) = (secret.as_bytes(), region.as_bytes(), service.as_bytes());
        match date_word(date) {
            Some(d) if fits(sb, rb, vb) => {
                put(at::DATE, d);
                put(at::LENS, lens(sb, rb, vb));
                text(at::SECRET, at::SECRET_WORDS, secret.as_bytes());
                text(at::REGION, at::NAME_WORDS, region.as_bytes());
                text(at::SERVICE, at::NAME_WORDS, service.as_bytes());
                let mut m = mac.to_words();
                for (i, x) in m.iter().enumerate() {
                    put(at::MAC + i, *x);
                }
                m.as_mut_slice().zeroize();
            }
            // Lengths 0: nothing matches.
            _ => self.clear(),
        }
        self.seq.store(s.wrapping_add(2), Release);
    }

    /// Zeroes every word (lengths too: nothing matches afterwards).
    pub(super) fn clear(&self) {
        for w in &self.words {
            w.store(0, core::sync::atomic::Ordering::Relaxed);
        }
    }
}

impl Drop for Snapshot {
    fn drop(&mut self) {
        self.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_read_in_place_are_the_packed_words() {
        let text: alloc::vec::Vec<u8> = (1..=64).collect();
        for n in 0..=64 {
            let b = &text[..n];
            let p = packed::<8>(b).unwrap();
            for (i, want) in p.iter().enumerate() {
                let got = if i < n.div_ceil(8) { word_at(b, i) } else { 0 };
                assert_eq!(got, *want, "length {n}, word {i}");
            }
            // Past the end: zero, not a panic.
            assert_eq!(word_at(b, 9), 0, "length {n}");
        }
    }
}
