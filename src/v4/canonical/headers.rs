//! The canonical headers and the signed-header list: names lowercased,
//! values trimmed with inner runs of spaces collapsed, duplicates joined
//! with `,` in their order, sorted by name.

use crate::encode::{self, any_byte, word_below, Sink};
use crate::syntax;

use super::CanonicalRequest;
use crate::v4::UNSIGNED_HEADERS;

#[derive(Clone, Copy, Default, Debug)]
pub(crate) struct Header<'a> {
    pub(crate) name: &'a str,
    /// Bytes: the signer's own values (date, payload hash) are kept as
    /// bytes, and a value is only ever written.
    pub(crate) value: &'a [u8],
    /// The name has no uppercase letter (set by [`CanonicalRequest::fill`]):
    /// it is written and compared as it is.
    pub(crate) lower: bool,
}

impl<'a> Header<'a> {
    /// One of the signer's own headers, whose name is lowercase.
    pub(crate) fn lowercase(name: &'a str, value: &'a [u8]) -> Self {
        debug_assert!(!name.bytes().any(|b| b.is_ascii_uppercase()));
        Header {
            name,
            value,
            lower: true,
        }
    }

    /// Same name, ASCII case-insensitively.
    #[inline]
    pub(super) fn same_name(&self, other: &Header<'_>) -> bool {
        if self.lower && other.lower {
            self.name == other.name
        } else {
            self.name.eq_ignore_ascii_case(other.name)
        }
    }

    /// Orders by lowercase name.
    #[inline]
    pub(super) fn cmp_name(&self, other: &Header<'_>) -> core::cmp::Ordering {
        if self.lower && other.lower {
            // Names mostly differ in their first byte: no `memcmp` call.
            let (a, b) = (self.name.as_bytes(), other.name.as_bytes());
            a.first().cmp(&b.first()).then_with(|| a.cmp(b))
        } else {
            syntax::cmp_lowercase(self.name, other.name)
        }
    }

    #[inline]
    fn write_name<S: Sink + ?Sized>(&self, out: &mut S) {
        if self.lower {
            out.put(self.name.as_bytes());
        } else {
            write_lower(out, self.name);
        }
    }
}

/// A bit for a name's length (lengths of 63 and more share one).
pub(super) const fn length_bit(name: &str) -> u64 {
    let n = if name.len() < 63 { name.len() } else { 63 };
    1 << n
}

/// The lengths of [`UNSIGNED_HEADERS`], as [`length_bit`]s.
pub(super) const UNSIGNED_LENGTHS: u64 = {
    let mut m = 0;
    let mut i = 0;
    while i < UNSIGNED_HEADERS.len() {
        m |= length_bit(UNSIGNED_HEADERS[i]);
        i += 1;
    }
    m
};

pub(super) fn in_signed_list(list: &str, name: &str) -> bool {
    syntax::SplitAscii::new(list, b';').any(|n| n.eq_ignore_ascii_case(name))
}

/// [`syntax::write_lower`], with a first scan that writes a name holding
/// no uppercase letter as it is: most names are lowercase already, and
/// this is on every signature's path. The canonical-request vectors and
/// `lowercase_writer_equals_the_plain_one` hold the two equal.
fn write_lower<S: Sink + ?Sized>(out: &mut S, name: &str) {
    let b = name.as_bytes();
    if !b.iter().any(u8::is_ascii_uppercase) {
        out.put(b);
        return;
    }
    syntax::write_lower(out, b);
}

/// Trims the ends and collapses inner runs of spaces and tabs to one space.
pub(super) fn write_trimmed<S: Sink + ?Sized>(out: &mut S, v: &[u8]) {
    // Most values (hosts, dates, hashes) hold no space or tab at all.
    if !any_byte(v, |x| word_below(x, 0x21)) {
        out.put(v);
        return;
    }
    let is_ws = |b: &u8| *b == b' ' || *b == b'\t';
    let mut first = true;
    for word in v.split(is_ws).filter(|w| !w.is_empty()) {
        if !first {
            out.put(b" ");
        }
        out.put(word);
        first = false;
    }
}

impl<'a> CanonicalRequest<'a> {
    pub(super) fn write_headers<S: Sink + ?Sized>(&self, out: &mut S) {
        let mut hs = self.headers.iter().peekable();
        while let Some(h) = hs.next() {
            h.write_name(out);
            out.put(b":");
            write_trimmed(out, h.value);
            while let Some(same) = hs.next_if(|n| n.same_name(h)) {
                out.put(b",");
                write_trimmed(out, same.value);
            }
            out.put(b"\n");
        }
    }

    /// [`Self::write_signed_headers`] (not in a query) appended to a
    /// `String`: from `&str`s, so that the string needs no UTF-8 check.
    pub(crate) fn push_signed_headers(&self, out: &mut alloc::string::String) {
        // The walk of `write_signed_headers`, written out again: through
        // a shared closure both measured slower.
        let mut previous: Option<&Header<'_>> = None;
        for h in self.headers.iter() {
            match previous {
                Some(p) if p.same_name(h) => continue,
                Some(_) => out.push(';'),
                None => {}
            }
            previous = Some(h);
            if h.lower {
                out.push_str(h.name);
            } else {
                out.extend(h.name.chars().map(|c| c.to_ascii_lowercase()));
            }
        }
    }

    /// At least the length [`Self::write_signed_headers`] writes.
    pub(crate) fn signed_headers_len_max(&self, in_query: bool) -> usize {
        let names: usize = self.headers.iter().map(|h| h.name.len()).sum();
        let n = self.headers.len();
        if in_query {
            3 * names + 3 * n
        } else {
            names + n
        }
    }

    /// `host;x-amz-date`; as a query value (`in_query`), each name is
    /// URI-encoded and the separator is `%3B` (header names may hold
    /// `*`, `!`, `'` … which a query value encodes).
    pub(crate) fn write_signed_headers<S: Sink + ?Sized>(&self, out: &mut S, in_query: bool) {
        let mut previous: Option<&Header<'_>> = None;
        for h in self.headers.iter() {
            match previous {
                Some(p) if p.same_name(h) => continue,
                Some(_) => out.put(if in_query { b"%3B" } else { b";" }),
                None => {}
            }
            previous = Some(h);
            match (in_query, h.lower) {
                (true, true) => encode::encode(out, h.name.as_bytes(), false),
                (true, false) => syntax::write_lower(&mut encode::Encoding(out), h.name.as_bytes()),
                (false, _) => h.write_name(out),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::creq;
    use super::*;

    #[test]
    fn lowercase_writer_equals_the_plain_one() {
        let long = "X-Amz-Meta-".repeat(9);
        for name in [
            "host",
            "Host",
            "X-AMZ-DATE",
            "x-amz-date",
            long.as_str(),
            "",
        ] {
            let (mut fast, mut plain) = (alloc::vec::Vec::new(), alloc::vec::Vec::new());
            write_lower(&mut fast, name);
            syntax::write_lower(&mut plain, name.as_bytes());
            assert_eq!(fast, plain, "{name:?}");
        }
    }
    use crate::v4::Request;
    use alloc::vec::Vec;

    #[test]
    fn header_values_are_trimmed_with_and_without_blanks() {
        let trimmed = |v: &str| {
            let mut out = Vec::new();
            write_trimmed(&mut out, v.as_bytes());
            alloc::string::String::from_utf8(out).unwrap()
        };
        for (v, want) in [
            (
                "examplebucket.s3.amazonaws.com",
                "examplebucket.s3.amazonaws.com",
            ),
            ("", ""),
            ("  a  b\tc  ", "a b c"),
            ("text/plain; charset=utf-8", "text/plain; charset=utf-8"),
            ("0123456789abcdef\t", "0123456789abcdef"),
            ("\u{e9}t\u{e9} caf\u{e9}", "\u{e9}t\u{e9} caf\u{e9}"),
        ] {
            assert_eq!(trimmed(v), want, "{v:?}");
        }
    }

    #[test]
    fn unsigned_lengths_cover_every_unsigned_header() {
        for n in UNSIGNED_HEADERS {
            assert_ne!(UNSIGNED_LENGTHS & length_bit(n), 0, "{n}");
        }
        assert_eq!(UNSIGNED_LENGTHS & length_bit("host"), 0);
        assert_eq!(length_bit(&"x".repeat(100)), 1 << 63);
    }

    #[test]
    fn header_values_trimmed_and_duplicates_joined_in_order() {
        let h = [
            ("host", "h"),
            ("X-B", "  two   inner\truns  "),
            ("x-a", "2"),
            ("X-A", "1"),
        ];
        let s = creq(Request::new("GET", "/").headers(&h), false, false);
        assert!(
            s.contains("\nhost:h\nx-a:2,1\nx-b:two inner runs\n\nhost;x-a;x-b\n"),
            "{s}"
        );
    }
}
