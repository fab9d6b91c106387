//! The one percent-encoder (RFC 3986, as AWS signs), hex, and the byte sink
//! that lets the same writer fill a buffer or feed a hasher.

use alloc::string::String;
use alloc::vec::Vec;

/// Where canonical text goes: a buffer, or straight into a hash.
pub(crate) trait Sink {
    fn put(&mut self, bytes: &[u8]);

    /// `bytes` URI-encoded (see [`encode`]).
    #[inline]
    fn put_encoded(&mut self, bytes: &[u8], keep_slash: bool) {
        encode_runs(self, bytes, keep_slash);
    }
}

impl Sink for Vec<u8> {
    #[inline]
    fn put(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
}

/// Appends ASCII produced by this module to a `String`.
///
/// Everything the encoders write is ASCII, except header values and raw
/// strings copied through unchanged, which come from `&str`s: the buffer
/// stays valid UTF-8 as long as callers only put whole `&str`s or the
/// encoders' output, which is why this sink is crate-private.
pub(crate) struct StringSink<'a>(pub(crate) &'a mut String);

impl Sink for StringSink<'_> {
    #[inline]
    fn put(&mut self, bytes: &[u8]) {
        // Every byte run put here is ASCII or a whole UTF-8 string.
        match core::str::from_utf8(bytes) {
            Ok(s) => self.0.push_str(s),
            Err(_) => self.0.push_str(&String::from_utf8_lossy(bytes)),
        }
    }
}

impl<S: Sink + ?Sized> Sink for &mut S {
    #[inline]
    fn put(&mut self, bytes: &[u8]) {
        (**self).put(bytes);
    }

    #[inline]
    fn put_encoded(&mut self, bytes: &[u8], keep_slash: bool) {
        (**self).put_encoded(bytes, keep_slash);
    }
}

/// A sink that URI-encodes (see [`encode`], `/` encoded too) what is put
/// into it before passing it on.
pub(crate) struct Encoding<'a, S: Sink + ?Sized>(pub(crate) &'a mut S);

impl<S: Sink + ?Sized> Sink for Encoding<'_, S> {
    #[inline]
    fn put(&mut self, bytes: &[u8]) {
        encode(self.0, bytes, false);
    }
}

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

#[inline(always)]
pub(crate) fn copy_short(dst: &mut [u8], src: &[u8]) {
    let n = src.len();
    if n > 32 || dst.len() != n {
        dst.copy_from_slice(src);
    } else if n >= 16 {
        let (a, b) = (word::<16>(src, 0), word::<16>(src, n - 16));
        dst[..16].copy_from_slice(&a);
        dst[n - 16..].copy_from_slice(&b);
    } else if n >= 8 {
        let (a, b) = (word::<8>(src, 0), word::<8>(src, n - 8));
        dst[..8].copy_from_slice(&a);
        dst[n - 8..].copy_from_slice(&b);
    } else if n >= 4 {
        let (a, b) = (word::<4>(src, 0), word::<4>(src, n - 4));
        dst[..4].copy_from_slice(&a);
        dst[n - 4..].copy_from_slice(&b);
    } else if n >= 2 {
        // 2 or 3 bytes: the first two and the last two (overlapping).
        let (a, b) = (word::<2>(src, 0), word::<2>(src, n - 2));
        dst[..2].copy_from_slice(&a);
        dst[n - 2..].copy_from_slice(&b);
    } else if let (Some(d), Some(s)) = (dst.first_mut(), src.first()) {
        *d = *s;
    }
}

#[inline(always)]
fn word<const W: usize>(src: &[u8], at: usize) -> [u8; W] {
    let mut w = [0u8; W];
    w.copy_from_slice(&src[at..at + W]);
    w
}

/// Appends to `s` through its bytes (a `Vec<u8>` sink, no UTF-8 check per
/// run), then checks UTF-8 once. The writers of this crate only put ASCII
/// or whole `&str`s, so the check cannot fail; if it ever did, the text
/// would be kept lossily rather than panic.
#[inline]
pub(crate) fn with_bytes<R>(s: &mut String, f: impl FnOnce(&mut Vec<u8>) -> R) -> R {
    let mut v = core::mem::take(s).into_bytes();
    let r = f(&mut v);
    *s = match String::from_utf8(v) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    };
    r
}

/// `A-Z a-z 0-9 - _ . ~`
const fn unreserved_table() -> [bool; 256] {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        t[i] = c.is_ascii_alphanumeric() || c == b'-' || c == b'_' || c == b'.' || c == b'~';
        i += 1;
    }
    t
}

pub(crate) static UNRESERVED: [bool; 256] = unreserved_table();
static UNRESERVED_OR_SLASH: [bool; 256] = {
    let mut t = unreserved_table();
    t[b'/' as usize] = true;
    t
};
const HEX_UPPER: &[u8; 16] = b"0123456789ABCDEF";
const HEX_LOWER: &[u8; 16] = b"0123456789abcdef";

/// Whether any byte of `bytes` matches, eight bytes per step: `word` is
/// non-zero when one of a word's bytes matches (build it from
/// [`word_below`] and [`word_has`]; it must not match `A`, the padding).
/// No byte is tested alone: the last few are covered by the last eight
/// bytes (overlapping the steps before), and shorter texts by two
/// overlapping halves, or by their first, middle and last byte.
#[inline(always)]
pub(crate) fn any_byte(bytes: &[u8], word: impl Fn(u64) -> u64) -> bool {
    const PAD: u64 = u64::from_le_bytes([b'A'; 8]);
    debug_assert_eq!(word(PAD), 0);
    let n = bytes.len();
    let le = |c: &[u8]| u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
    if n >= 8 {
        let mut acc = word(le(&bytes[n - 8..]));
        for c in bytes.chunks_exact(8) {
            acc |= word(le(c));
        }
        acc != 0
    } else if n >= 4 {
        let half = |c: &[u8]| u64::from(u32::from_le_bytes([c[0], c[1], c[2], c[3]]));
        word(half(bytes) | half(&bytes[n - 4..]) << 32) != 0
    } else if let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) {
        let mid = bytes[n / 2];
        let w = (PAD << 24) | u64::from(first) | u64::from(mid) << 8 | u64::from(last) << 16;
        word(w) != 0
    } else {
        false
    }
}

const ONES: u64 = u64::from_le_bytes([0x01; 8]);
/// The high bit of each byte of a word.
pub(crate) const HIGH: u64 = u64::from_le_bytes([0x80; 8]);

/// Non-zero exactly when some byte of `x` is below `n` (`n` <= 0x80; a
/// byte with its high bit set never counts).
#[inline(always)]
pub(crate) fn word_below(x: u64, n: u8) -> u64 {
    x.wrapping_sub(u64::from(n) * ONES) & !x & HIGH
}

/// Non-zero exactly when some byte of `x` is `b`.
#[inline(always)]
pub(crate) fn word_has(x: u64, b: u8) -> u64 {
    word_below(x ^ (u64::from(b) * ONES), 1)
}

/// Whether `s` goes into a URL as it is (every byte unreserved).
pub(crate) fn is_plain(s: &str) -> bool {
    s.bytes().all(is_unreserved)
}

#[inline]
pub(crate) fn is_unreserved(b: u8) -> bool {
    UNRESERVED[b as usize]
}

/// `%XX` for every byte, built at compile time: an escape is copied from
/// here (memory no store has just written), not assembled on the stack.
static ESCAPES: [[u8; 3]; 256] = {
    let mut t = [[0u8; 3]; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = [b'%', HEX_UPPER[i >> 4], HEX_UPPER[i & 15]];
        i += 1;
    }
    t
};

/// Each byte as [`UrlWriter::put_encoded`] writes it: itself, or its
/// escape with a non-zero fourth byte (which is overwritten after).
const fn encoded_table(unreserved: &[bool; 256]) -> [u32; 256] {
    let mut t = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = if unreserved[i] {
            i as u32
        } else {
            u32::from_le_bytes([b'%', HEX_UPPER[i >> 4], HEX_UPPER[i & 15], 1])
        };
        i += 1;
    }
    t
}

static ENCODED: [u32; 256] = encoded_table(&UNRESERVED);
static ENCODED_OR_SLASH: [u32; 256] = encoded_table(&UNRESERVED_OR_SLASH);

#[inline]
fn escape(b: u8) -> &'static [u8; 3] {
    &ESCAPES[usize::from(b)]
}

/// The value of one hex digit, either case: the one hex parser.
#[inline]
pub(crate) fn hex_val(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// A valid `%XX` escape at `bytes[i..]`, decoded.
#[inline]
pub(crate) fn escape_at(bytes: &[u8], i: usize) -> Option<u8> {
    if bytes.get(i) != Some(&b'%') {
        return None;
    }
    let hi = hex_val(*bytes.get(i + 1)?)?;
    let lo = hex_val(*bytes.get(i + 2)?)?;
    Some(hi << 4 | lo)
}

/// URI-encodes `bytes` (RFC 3986 unreserved kept, everything else `%XX`
/// uppercase); `/` is kept when `keep_slash`.
///
/// Through the sink's [`Sink::put_encoded`]: a URL being written encodes
/// byte by byte with no branch on the bytes; other sinks take runs.
pub(crate) fn encode<S: Sink + ?Sized>(out: &mut S, bytes: &[u8], keep_slash: bool) {
    out.put_encoded(bytes, keep_slash);
}

/// [`encode`] as runs: each run that needs no escape goes out in one
/// `put`, each escape in another (the hash buffer copies short runs
/// inline).
fn encode_runs<S: Sink + ?Sized>(out: &mut S, bytes: &[u8], keep_slash: bool) {
    let table = if keep_slash {
        &UNRESERVED_OR_SLASH
    } else {
        &UNRESERVED
    };
    let mut rest = bytes;
    loop {
        let plain = rest
            .iter()
            .position(|&b| !table[usize::from(b)])
            .unwrap_or(rest.len());
        let (run, tail) = rest.split_at(plain);
        if !run.is_empty() {
            out.put(run);
        }
        let Some((&b, tail)) = tail.split_first() else {
            return;
        };
        out.put(escape(b));
        rest = tail;
    }
}

/// Normalizes an already-encoded component: each valid `%XX` is decoded,
/// then every byte is encoded as [`encode`] does. A literal `+` is `%2B`,
/// never a space; `%2f` becomes `%2F`; `%41` becomes `A`.
pub(crate) fn reencode<S: Sink + ?Sized>(out: &mut S, bytes: &[u8], keep_slash: bool) {
    let mut it = EncodedBytes::new(bytes, true, keep_slash);
    let mut buf = [0u8; 64];
    let mut n = 0;
    for b in &mut it {
        buf[n] = b;
        n += 1;
        if n == buf.len() {
            out.put(&buf);
            n = 0;
        }
    }
    if n > 0 {
        out.put(&buf[..n]);
    }
}

/// Encodes a path that is already encoded once (S3's single encoding):
/// unreserved bytes, `/` and valid `%XX` escapes stay (hex uppercased);
/// every other byte is encoded.
pub(crate) fn encode_path_once<S: Sink + ?Sized>(out: &mut S, bytes: &[u8]) {
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if is_unreserved(b) || b == b'/' {
            i += 1;
            continue;
        }
        if start < i {
            out.put(&bytes[start..i]);
        }
        if let Some(v) = escape_at(bytes, i) {
            out.put(escape(v));
            i += 3;
        } else {
            out.put(escape(b));
            i += 1;
        }
        start = i;
    }
    if start < bytes.len() {
        out.put(&bytes[start..]);
    }
}

/// The bytes [`encode`] (or, for raw input, [`reencode`]) would write, one
/// at a time: used to sort query parameters by their encoded form without
/// building them.
#[derive(Clone)]
pub(crate) struct EncodedBytes<'a> {
    bytes: &'a [u8],
    pos: usize,
    raw: bool,
    keep_slash: bool,
    pending: [u8; 2],
    pending_len: u8,
}

impl<'a> EncodedBytes<'a> {
    pub(crate) fn new(bytes: &'a [u8], raw: bool, keep_slash: bool) -> Self {
        EncodedBytes {
            bytes,
            pos: 0,
            raw,
            keep_slash,
            pending: [0; 2],
            pending_len: 0,
        }
    }
}

impl Iterator for EncodedBytes<'_> {
    type Item = u8;
    #[inline]
    fn next(&mut self) -> Option<u8> {
        if self.pending_len > 0 {
            let b = self.pending[2 - self.pending_len as usize];
            self.pending_len -= 1;
            return Some(b);
        }
        let mut b = *self.bytes.get(self.pos)?;
        self.pos += 1;
        if self.raw {
            if let Some(v) = escape_at(self.bytes, self.pos - 1) {
                b = v;
                self.pos += 2;
            }
        }
        if is_unreserved(b) || (self.keep_slash && b == b'/') {
            return Some(b);
        }
        let e = escape(b);
        self.pending = [e[1], e[2]];
        self.pending_len = 2;
        Some(b'%')
    }
}

/// Percent-decodes `bytes` (`%XX` escapes; `+` stays `+`).
pub(crate) fn decode(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    decode_each(bytes, |b| out.push(b));
    out
}

/// [`decode`], byte by byte into `f` (the decoded text is never longer
/// than `bytes`).
pub(crate) fn decode_each(bytes: &[u8], mut f: impl FnMut(u8)) {
    let mut i = 0;
    while i < bytes.len() {
        if let Some(v) = escape_at(bytes, i) {
            f(v);
            i += 3;
        } else {
            f(bytes[i]);
            i += 1;
        }
    }
}

/// Decodes 64 hex digits (either case) into 32 bytes.
pub(crate) fn unhex32(s: &str) -> Option<[u8; 32]> {
    let b = s.as_bytes();
    if b.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, o) in out.iter_mut().enumerate() {
        *o = hex_val(b[2 * i])? << 4 | hex_val(b[2 * i + 1])?;
    }
    Some(out)
}

/// Lowercase hex of `bytes` into `out`, two digits a byte (`out` holds
/// `2 * bytes.len()` bytes; any room after that is left as it is). The
/// plain writer: every lowercase hex in the crate is this one, or
/// [`hex32`], which tests hold equal to it.
pub(crate) fn hex_lower_to(out: &mut [u8], bytes: &[u8]) {
    for (pair, b) in out.chunks_exact_mut(2).zip(bytes) {
        pair[0] = HEX_LOWER[usize::from(b >> 4)];
        pair[1] = HEX_LOWER[usize::from(b & 15)];
    }
}

/// Lowercase hex of a SHA-256 digest: [`hex_lower_to`] for 32 bytes,
/// written for speed (it is on every signature's path). The test
/// `hex32_equals_hex_lower_to` holds the two equal.
pub(crate) fn hex32(digest: &[u8; 32]) -> [u8; 64] {
    // Arithmetic rather than a table lookup per nibble, so the compiler
    // turns the loop into a few vector instructions.
    #[inline(always)]
    fn digit(n: u8) -> u8 {
        // '0'..'9' for 0..9, 'a'..'f' for 10..15 (39 = 'a' - '0' - 10).
        n + b'0' + (((9u8.wrapping_sub(n)) >> 7) * 39)
    }
    let mut out = [0u8; 64];
    for (pair, b) in out.chunks_exact_mut(2).zip(digest) {
        pair[0] = digit(b >> 4);
        pair[1] = digit(b & 15);
    }
    out
}

/// Lowercase hex into a sink ([`hex_lower_to`], 32 bytes at a time).
pub(crate) fn hex_lower<S: Sink + ?Sized>(out: &mut S, bytes: &[u8]) {
    let mut buf = [0u8; 64];
    for chunk in bytes.chunks(32) {
        hex_lower_to(&mut buf, chunk);
        out.put(&buf[..chunk.len() * 2]);
    }
}

/// Decimal digits of `n` into `buf`, returned as the used tail.
pub(crate) fn decimal(n: u64, buf: &mut [u8; 20]) -> &[u8] {
    if n < 100_000_000 {
        // Up to eight digits gathered in a word and stored at once: the
        // reader's wide loads then forward from one store, not eight.
        let (mut word, mut len, mut n) = (0u64, 0, n);
        loop {
            word = word << 8 | (u64::from(b'0') + n % 10);
            len += 1;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        buf[..8].copy_from_slice(&word.to_le_bytes());
        return &buf[..len];
    }
    let mut i = buf.len();
    let mut n = n;
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    &buf[i..]
}

/// Percent-encodes `value` as AWS signs it (RFC 3986: only `A-Z a-z 0-9 - _ . ~`
/// stay literal, hex is uppercase, UTF-8 bytes, no Unicode normalization);
/// `/` stays literal when `keep_slash` is true, as in S3 object keys.
///
/// ```
/// assert_eq!(awssig::uri_encode("a b+c/é~", false), "a%20b%2Bc%2F%C3%A9~");
/// assert_eq!(awssig::uri_encode("photos/2024/cat (1).jpg", true), "photos/2024/cat%20%281%29.jpg");
/// ```
pub fn uri_encode(value: &str, keep_slash: bool) -> String {
    let mut out = String::with_capacity(value.len() + value.len() / 2);
    encode(&mut StringSink(&mut out), value.as_bytes(), keep_slash);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    #[test]
    fn copy_short_copies_every_length() {
        let src: Vec<u8> = (0..40u8).map(|i| i + 1).collect();
        for n in 0..=40 {
            let mut dst = [0u8; 40];
            copy_short(&mut dst[..n], &src[..n]);
            assert_eq!(&dst[..n], &src[..n], "length {n}");
            assert!(
                dst[n..].iter().all(|&b| b == 0),
                "length {n} wrote past the end"
            );
        }
    }

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

    fn enc_iter(s: &[u8], raw: bool) -> Vec<u8> {
        EncodedBytes::new(s, raw, false).collect()
    }

    #[test]
    fn encode_keeps_only_unreserved() {
        let mut v = Vec::new();
        encode(&mut v, b"AZaz09-_.~ !*'()=&?#%:@,;$+/", false);
        assert_eq!(
            v,
            b"AZaz09-_.~%20%21%2A%27%28%29%3D%26%3F%23%25%3A%40%2C%3B%24%2B%2F".to_vec()
        );
    }

    #[test]
    fn iterator_matches_writers() {
        for s in [&b"a b+c%2f%41%zz%"[..], b"\xe1\x88\xb4=x", b""] {
            let mut w = Vec::new();
            encode(&mut w, s, false);
            assert_eq!(enc_iter(s, false), w);
            let mut w = Vec::new();
            reencode(&mut w, s, false);
            assert_eq!(enc_iter(s, true), w);
        }
    }

    #[test]
    fn reencode_normalizes_escapes() {
        let mut v = Vec::new();
        reencode(&mut v, b"a+b%2fc%41%zz", false);
        assert_eq!(v, b"a%2Bb%2FcA%25zz".to_vec());
    }

    #[test]
    fn path_once_keeps_escapes_and_slashes() {
        let mut v = Vec::new();
        encode_path_once(&mut v, b"/test$file.text/%c3%A9 x%");
        assert_eq!(v, b"/test%24file.text/%C3%A9%20x%25".to_vec());
    }

    #[test]
    fn decimal_and_hex() {
        let mut b = [0u8; 20];
        assert_eq!(decimal(0, &mut b), b"0");
        assert_eq!(decimal(604800, &mut b), b"604800");
        assert_eq!(decimal(u64::MAX, &mut b), b"18446744073709551615");
        let mut v = Vec::new();
        hex_lower(&mut v, &[0x00, 0xab, 0xff]);
        assert_eq!(v, b"00abff".to_vec());
    }

    #[test]
    fn hex32_equals_hex_lower_to() {
        // Every byte value, in both nibble positions, in every slot.
        for start in 0..=255u8 {
            let digest: [u8; 32] = core::array::from_fn(|i| start.wrapping_add(i as u8 * 8));
            let mut plain = [0u8; 64];
            hex_lower_to(&mut plain, &digest);
            assert_eq!(hex32(&digest), plain);
        }
    }
}
