//! The one percent-encoder (RFC 3986, as AWS signs) and the byte sink that
//! lets the same writer fill a buffer or feed a hasher; beside it, in their
//! own files, the fast URL sink, the short copy, eight-bytes-at-a-time
//! scans, hex and decimal digits.

mod copy_short;
mod decimal;
mod hex;
mod swar;
mod url_writer;

pub(crate) use copy_short::copy_short;
pub(crate) use decimal::decimal;
pub(crate) use hex::{hex32, hex_lower, hex_lower_to, hex_val, unhex32};
pub(crate) use swar::{any_byte, first_not_unreserved, word_below, word_has, HIGH};
pub(crate) use url_writer::UrlWriter;

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
}
