//! The signing-key cache's lock-free copy: the last entry kept again in
//! atomics, so that signing reads it without taking the cache's lock.
//!
//! The protocol is a sequence lock (Boehm's, with fences). The writer
//! (holding the cache's mutex, so there is one writer at a time) makes
//! `seq` odd, then a release fence, stores every word (relaxed), and makes
//! `seq` even again with a release store. A reader loads `seq` (acquire);
//! if it is odd, or 0 (nothing published yet), it falls back to the
//! mutex. Otherwise it reads the words (relaxed), then an acquire fence,
//! loads `seq` again, and uses the words only if `seq` is the same even
//! number: no write began or ended in between, so the words are one
//! entry's, never torn. A reader that sees a change falls back to the
//! mutex too, so it never retries in a loop. The six functions of the
//! protocol (`begin_read`, `word`, `end_read`, `begin_write`, `put`,
//! `end_write`) are the only code that touches the atomics.
//!
//! What is kept: the date, the three lengths (16 bits each), the secret
//! (up to 128 bytes), region and service (up to 32 each) as little-endian
//! words, and the MAC key's 64 bytes. A lookup matches only when every
//! word matches (the secret's compared without a data-dependent branch);
//! longer secrets, regions or services are never kept here and take the
//! lock. The secret and key words are cleared on drop.
//!
//! Kept because it is worth it: with two threads presigning through one
//! shared `Bucket` (`cargo bench --bench signing -- two_threads`), it took
//! 17 % less time per URL than the same build with every lookup through
//! the mutex (medians of eight alternating criterion runs of each, 1.29
//! against 1.55 µs; faster in every pair); on one thread it costs what
//! the uncontended mutex does. Guarded by the model-checked test
//! `model::a_reader_never_accepts_torn_words` below (loom; run it with
//! `RUSTFLAGS="--cfg awssig_loom" cargo test --release --lib key_snapshot`,
//! about 15 s once built, 4 min to build; `.ci/run` runs it), by the
//! cache's tests `lock_free_copy_serves_only_the_scope_it_holds` and
//! `lock_free_copy_is_never_torn_by_concurrent_rewrites` (real threads),
//! and by `words_read_in_place_are_the_packed_words` here.

use zeroize::Zeroize;

// loom's atomics under `cfg(awssig_loom)`, for the model-checked test at
// the end of this file; the core ones everywhere else.
#[cfg(not(all(awssig_loom, test)))]
use core::sync::atomic::{
    fence, AtomicU64,
    Ordering::{Acquire, Relaxed, Release},
};
#[cfg(all(awssig_loom, test))]
use loom::sync::atomic::{
    fence, AtomicU64,
    Ordering::{Acquire, Relaxed, Release},
};

use crate::sha256::MacKey;

/// Where the words of a [`LockFreeCopy`] are.
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
pub(super) struct LockFreeCopy {
    seq: AtomicU64,
    words: [AtomicU64; at::WORDS],
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

/// Whether a secret, region and service fit in a [`LockFreeCopy`] (which
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

/// The protocol (see the module doc): nothing else touches `seq` or the
/// words, and the model-checked test at the end of this file runs these
/// as they are.
impl LockFreeCopy {
    /// A read's start: the sequence number, if a write was published
    /// and none is under way.
    #[inline]
    fn begin_read(&self) -> Option<u64> {
        let s = self.seq.load(Acquire);
        (s != 0 && s & 1 == 0).then_some(s)
    }

    #[inline]
    fn word(&self, i: usize) -> u64 {
        self.words[i].load(Relaxed)
    }

    /// A read's end: whether every word read since [`Self::begin_read`]
    /// returned `s` is the same write's (no write began or ended since).
    #[inline]
    fn end_read(&self, s: u64) -> bool {
        fence(Acquire);
        self.seq.load(Relaxed) == s
    }

    /// A write's start (one writer at a time: the cache's lock is held):
    /// `seq` made odd before any word is stored.
    #[inline]
    fn begin_write(&self) -> u64 {
        let s = self.seq.load(Relaxed);
        self.seq.store(s.wrapping_add(1), Relaxed);
        fence(Release);
        s
    }

    #[inline]
    fn put(&self, i: usize, x: u64) {
        self.words[i].store(x, Relaxed);
    }

    /// A write's end: `seq` even again, after every word.
    #[inline]
    fn end_write(&self, s: u64) {
        self.seq.store(s.wrapping_add(2), Release);
    }
}

impl LockFreeCopy {
    pub(super) fn new() -> Self {
        LockFreeCopy {
            seq: AtomicU64::new(0),
            words: core::array::from_fn(|_| AtomicU64::new(0)),
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
        let w = |i: usize| self.word(i);
        let s1 = self.begin_read()?;
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
        if self.end_read(s1) && subtle::ConstantTimeEq::ct_eq(&diff, &0).into() {
            return Some(mac);
        }
        mac.as_mut_slice().zeroize();
        None
    }

    /// Publishes a new entry (the caller holds the cache's lock), or
    /// empties the snapshot when the entry does not fit in it.
    pub(super) fn set(&self, secret: &str, date: &[u8], region: &str, service: &str, mac: &MacKey) {
        let s = self.begin_write();
        let put = |i: usize, x: u64| self.put(i, x);
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
        self.end_write(s);
    }

    /// Zeroes every word (lengths too: nothing matches afterwards);
    /// inside a write, or with the snapshot to itself (drop).
    fn clear(&self) {
        for i in 0..at::WORDS {
            self.put(i, 0);
        }
    }
}

impl Drop for LockFreeCopy {
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

/// The protocol, model-checked with loom: one writer publishes two
/// versions of the words while one reader reads them, in every
/// interleaving and with every value each load may return under the C++
/// memory model; a read that [`LockFreeCopy::end_read`] accepts must hold one
/// version's words, never a mix. Four words, not the snapshot's 34: the
/// protocol does not depend on how many, and loom's search grows
/// exponentially with them (`get` and `set` on the whole layout are
/// checked by the cache's tests, under real threads). Run with
/// `RUSTFLAGS="--cfg awssig_loom" cargo test --release --lib key_snapshot`
/// (the filter matters: under that cfg any other test that builds a key
/// cache would touch loom's atomics outside a model, and panic).
#[cfg(all(awssig_loom, test))]
mod model {
    use super::*;
    use loom::sync::Arc;

    const WORDS: usize = 4;

    /// Version `v`'s words: each tells its version and its place.
    fn version(v: u64) -> [u64; WORDS] {
        core::array::from_fn(|i| v << 8 | i as u64)
    }

    fn write(snap: &LockFreeCopy, v: u64) {
        let s = snap.begin_write();
        for (i, x) in version(v).into_iter().enumerate() {
            snap.put(i, x);
        }
        snap.end_write(s);
    }

    /// The words, if the protocol accepts the read.
    fn read(snap: &LockFreeCopy) -> Option<[u64; WORDS]> {
        let s = snap.begin_read()?;
        let words = core::array::from_fn(|i| snap.word(i));
        snap.end_read(s).then_some(words)
    }

    #[test]
    fn a_reader_never_accepts_torn_words() {
        // Up to three preemptions (about 15 s in release; more with
        // LOOM_MAX_PREEMPTIONS): a torn read needs two, the reader
        // between the writer's stores and back.
        let mut model = loom::model::Builder::new();
        model.preemption_bound = model.preemption_bound.or(Some(3));
        model.check(|| {
            let snap = Arc::new(LockFreeCopy::new());
            write(&snap, 1);
            let writer = {
                let snap = snap.clone();
                loom::thread::spawn(move || {
                    write(&snap, 2);
                    write(&snap, 3);
                })
            };
            // Two reads, so that one may straddle a whole write.
            for _ in 0..2 {
                if let Some(words) = read(&snap) {
                    assert!(
                        (1..=3).any(|v| words == version(v)),
                        "accepted torn words {words:x?}"
                    );
                }
            }
            writer.join().unwrap();
            assert_eq!(read(&snap), Some(version(3)));
        });
    }
}
