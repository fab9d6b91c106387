//! [`UrlWriter`]: the sink a URL is written into, in place, fast (see
//! `docs/performance.md`); [`super::encode_runs`] is the plain reference
//! its tests hold it equal to.

use alloc::vec::Vec;

use super::copy_short::copy_short;
use super::{encode_runs, Sink, ENCODED, ENCODED_OR_SLASH};

/// Appends to a `Vec<u8>` in place: the vector is first extended by the
/// `room` the text is expected to need (zeroed once), the short runs a URL
/// is written in are copied inline into it (no `memcpy` call each), and
/// [`UrlWriter::finish`] cuts it to what was written (more than `room`
/// grows it). [`UrlWriter::pos`] is the position the next byte will have
/// in the vector.
pub(crate) struct UrlWriter<'v> {
    vec: &'v mut Vec<u8>,
    len: usize,
}

impl<'v> UrlWriter<'v> {
    #[inline]
    pub(crate) fn new(vec: &'v mut Vec<u8>, room: usize) -> Self {
        let len = vec.len();
        vec.resize(len + room, 0);
        UrlWriter { vec, len }
    }

    #[inline]
    pub(crate) fn pos(&self) -> usize {
        self.len
    }

    /// What was written so far (after what the vector held before).
    #[inline]
    pub(crate) fn written(&self) -> &[u8] {
        &self.vec[..self.len]
    }

    #[inline]
    pub(crate) fn finish(self) -> &'v mut Vec<u8> {
        self.vec.truncate(self.len);
        self.vec
    }

    /// More than the room given: grow.
    #[inline(never)]
    fn spill(&mut self, bytes: &[u8]) {
        self.vec.truncate(self.len);
        self.vec.extend_from_slice(bytes);
        self.len = self.vec.len();
        self.vec.resize(self.len + 64, 0);
    }
}

impl Sink for UrlWriter<'_> {
    /// With room for every byte escaped, each byte is written whole as
    /// four (itself, or its escape and a spare) and the position moves by
    /// one or three: no branch on the bytes, so none mispredicted where a
    /// run of plain bytes ends (object keys mix both).
    #[inline(never)]
    fn put_encoded(&mut self, bytes: &[u8], keep_slash: bool) {
        let table = if keep_slash {
            &ENCODED_OR_SLASH
        } else {
            &ENCODED
        };
        let end = bytes.len().saturating_mul(3).saturating_add(self.len + 1);
        let Some(dst) = self.vec.get_mut(self.len..end) else {
            encode_runs(self, bytes, keep_slash);
            return;
        };
        let mut at = 0;
        for &b in bytes {
            let e = table[usize::from(b)];
            if let Some(d) = dst.get_mut(at..at + 4) {
                d.copy_from_slice(&e.to_le_bytes());
            }
            // The length is in the spare (fourth) byte's place: 1 or 3.
            at += 1 + 2 * usize::from(e >> 24 != 0);
        }
        self.len += at;
    }

    #[inline]
    fn put(&mut self, bytes: &[u8]) {
        let end = self.len + bytes.len();
        match self.vec.get_mut(self.len..end) {
            Some(dst) => {
                copy_short(dst, bytes);
                self.len = end;
            }
            None => self.spill(bytes),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_writer_and_buffer_keep_every_byte_past_their_room() {
        let pieces: Vec<Vec<u8>> = (0..60u8)
            .map(|i| alloc::vec![b'a' + i % 26; usize::from(i) * 3 % 70])
            .collect();
        let want: Vec<u8> = pieces.concat();
        // A URL writer over a vector with too little room grows it.
        let mut v = Vec::with_capacity(16);
        v.extend_from_slice(b"head");
        let mut w = UrlWriter::new(&mut v, 10);
        for p in &pieces {
            w.put(p);
        }
        assert_eq!(w.pos(), 4 + want.len());
        let out = w.finish();
        assert_eq!(&out[..4], b"head");
        assert_eq!(&out[4..], &want[..]);
    }

    #[test]
    fn url_writer_encodes_every_byte_as_the_runs_do_with_and_without_room() {
        // Every byte value, alone and between plain bytes, each way; the
        // writer given room for every byte escaped, or too little (it
        // then writes in runs).
        let all: Vec<u8> = (0..=255u8).collect();
        let mixed: Vec<u8> = (0..=255u8).flat_map(|b| [b'a', b, b'/', b]).collect();
        for text in [
            &all[..],
            &mixed[..],
            b"",
            b"a",
            b" ",
            b"photos/2024/01/cat picture (1).jpg",
        ] {
            for keep_slash in [false, true] {
                let mut want = Vec::new();
                encode_runs(&mut want, text, keep_slash);
                for room in [0, 3 * text.len() + 1, 3 * text.len() + 40] {
                    let mut v = b"head".to_vec();
                    let mut w = UrlWriter::new(&mut v, room);
                    w.put_encoded(text, keep_slash);
                    w.put(b"|");
                    assert_eq!(w.pos(), 4 + want.len() + 1);
                    let out = w.finish();
                    assert_eq!(&out[..4], b"head");
                    assert_eq!(
                        &out[4..out.len() - 1],
                        &want[..],
                        "room {room}, keep_slash {keep_slash}"
                    );
                    assert_eq!(out.last(), Some(&b'|'));
                }
            }
        }
    }
}
