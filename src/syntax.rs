//! Request syntax that both signature versions check and read: RFC 9110
//! tokens (methods, header names), header values, paths and raw queries,
//! and the splitting of a raw query into its `name=value` components.
//!
//! Nothing here is specific to SigV4 or SigV2; both canonicalizers and the
//! verifiers build on it.

#[cfg(test)]
use crate::encode::EncodedBytes;
use crate::encode::{self, any_byte, word_below, word_has, Sink};
use crate::error::{Error, ErrorKind, Result};

/// The query of a request: either as sent on the wire, or as decoded pairs
/// that the signer encodes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Query<'a> {
    Raw(&'a str),
    Pairs(&'a [(&'a str, &'a str)]),
}

/// A query name or value: decoded (encode it) or as sent (normalize it).
#[derive(Clone, Copy, Default, Debug)]
pub(crate) struct Component<'a> {
    pub(crate) bytes: &'a [u8],
    pub(crate) raw: bool,
}

impl<'a> Component<'a> {
    pub(crate) fn decoded(s: &'a str) -> Self {
        Component {
            bytes: s.as_bytes(),
            raw: false,
        }
    }

    #[cfg(test)]
    pub(crate) fn encoded(&self) -> EncodedBytes<'a> {
        EncodedBytes::new(self.bytes, self.raw, false)
    }

    pub(crate) fn write<S: Sink + ?Sized>(&self, out: &mut S) {
        if self.raw {
            encode::reencode(out, self.bytes, false);
        } else {
            encode::encode(out, self.bytes, false);
        }
    }

    /// The decoded form equals `s` exactly.
    pub(crate) fn decoded_eq(&self, s: &str) -> bool {
        DecodedBytes {
            bytes: self.bytes,
            pos: 0,
            raw: self.raw,
        }
        .eq(s.bytes())
    }

    /// The decoded form equals `s`, ASCII case-insensitively.
    pub(crate) fn decoded_eq_ignore_case(&self, s: &str) -> bool {
        let mut it = DecodedBytes {
            bytes: self.bytes,
            pos: 0,
            raw: self.raw,
        };
        let mut expected = s.bytes();
        loop {
            match (it.next(), expected.next()) {
                (None, None) => return true,
                (Some(a), Some(b)) if a.eq_ignore_ascii_case(&b) => {}
                _ => return false,
            }
        }
    }
}

pub(crate) struct DecodedBytes<'a> {
    bytes: &'a [u8],
    pos: usize,
    raw: bool,
}

impl Iterator for DecodedBytes<'_> {
    type Item = u8;
    fn next(&mut self) -> Option<u8> {
        let b = *self.bytes.get(self.pos)?;
        if self.raw {
            if let Some(v) = encode::escape_at(self.bytes, self.pos) {
                self.pos += 3;
                return Some(v);
            }
        }
        self.pos += 1;
        Some(b)
    }
}

/// RFC 9110 `tchar`, by table.
const fn tchar_table() -> [bool; 256] {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        t[i] = c.is_ascii_alphanumeric()
            || matches!(
                c,
                b'!' | b'#'
                    | b'$'
                    | b'%'
                    | b'&'
                    | b'\''
                    | b'*'
                    | b'+'
                    | b'-'
                    | b'.'
                    | b'^'
                    | b'_'
                    | b'`'
                    | b'|'
                    | b'~'
            );
        i += 1;
    }
    t
}

static TCHAR: [bool; 256] = tchar_table();

/// RFC 9110 `tchar`.
#[inline]
fn is_tchar(b: u8) -> bool {
    TCHAR[b as usize]
}

pub(crate) fn check_method(method: &str) -> Result<()> {
    if method.is_empty() || !method.bytes().all(is_tchar) {
        return Err(Error::new(
            ErrorKind::InvalidMethod,
            alloc::format!(
                "method {method:?} is not an HTTP token (letters, digits and !#$%&'*+-.^_`|~)"
            ),
        ));
    }
    Ok(())
}

/// Name classes for [`check_header`]: a `tchar`, and an uppercase letter.
const NAME_TCHAR: u8 = 1;
const NAME_UPPER: u8 = 2;
static NAME_CLASS: [u8; 256] = {
    let tchar = tchar_table();
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        if tchar[i] {
            t[i] = NAME_TCHAR;
        }
        if (i as u8).is_ascii_uppercase() {
            t[i] |= NAME_UPPER;
        }
        i += 1;
    }
    t
};

/// Checks a header: the name is a token, the value holds no control byte
/// but tab. `Ok(true)` when the name has no uppercase letter (found in the
/// same pass as the token check).
pub(crate) fn check_header(name: &str, value: &str) -> Result<bool> {
    let (mut all, mut any) = (NAME_TCHAR, 0);
    for b in name.bytes() {
        let c = NAME_CLASS[b as usize];
        all &= c;
        any |= c;
    }
    if name.is_empty() || all & NAME_TCHAR == 0 {
        return Err(Error::new(
            ErrorKind::InvalidHeaderName,
            alloc::format!(
                "header name {name:?} is not an HTTP token (letters, digits and !#$%&'*+-.^_`|~)"
            ),
        ));
    }
    // A word-at-a-time scan first (values are almost always clean), then
    // the offending byte for the message.
    let bad = |b: u8| (b < 0x20 && b != b'\t') || b == 0x7f;
    if maybe_control(value.as_bytes()) && value.bytes().any(bad) {
        let b = value.bytes().find(|&b| bad(b)).unwrap_or(0);
        return Err(Error::new(
            ErrorKind::InvalidHeaderValue,
            alloc::format!(
                "the value of header {name:?} contains the control byte 0x{b:02x}; CR, LF, NUL and other controls (but tab) are not allowed"
            ),
        ));
    }
    Ok(any & NAME_UPPER == 0)
}

/// A header or trailer name, ASCII-lowercased, into a sink (64 bytes at a
/// time through a stack buffer). The one lowercasing of names.
pub(crate) fn write_lower<S: Sink + ?Sized>(out: &mut S, name: &[u8]) {
    let mut buf = [0u8; 64];
    for chunk in name.chunks(64) {
        for (d, s) in buf.iter_mut().zip(chunk) {
            *d = s.to_ascii_lowercase();
        }
        out.put(&buf[..chunk.len()]);
    }
}

/// Orders two names as their lowercase forms order, without making them.
#[inline]
pub(crate) fn cmp_lowercase(a: &str, b: &str) -> core::cmp::Ordering {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    for (p, q) in x.iter().zip(y) {
        let (p, q) = (p.to_ascii_lowercase(), q.to_ascii_lowercase());
        if p != q {
            return p.cmp(&q);
        }
    }
    x.len().cmp(&y.len())
}

/// A header or trailer value without the spaces and tabs at its ends
/// (RFC 9110 `OWS`); inner ones are kept. SigV4's canonical headers also
/// collapse inner runs, which `v4::canonical::headers` does as it writes.
pub(crate) fn trim_ows(value: &[u8]) -> &[u8] {
    &value[ows_trimmed(value)]
}

/// [`trim_ows`] of a `str` (only ASCII is cut, so the ends stay on
/// character boundaries).
pub(crate) fn trim_ows_str(value: &str) -> &str {
    &value[ows_trimmed(value.as_bytes())]
}

/// Where `value` is once its leading and trailing spaces and tabs are cut.
fn ows_trimmed(value: &[u8]) -> core::ops::Range<usize> {
    let is_ws = |b: &u8| *b == b' ' || *b == b'\t';
    let start = value.iter().position(|b| !is_ws(b)).unwrap_or(value.len());
    let end = value
        .iter()
        .rposition(|b| !is_ws(b))
        .map_or(start, |e| e + 1);
    start..end
}

/// Whether `bytes` holds a control byte (below 0x20, tab included, or 0x7f).
pub(crate) fn maybe_control(bytes: &[u8]) -> bool {
    any_byte(bytes, |x| word_below(x, 0x20) | word_has(x, 0x7f))
}

pub(crate) fn check_path(path: &str) -> Result<()> {
    if !path.starts_with('/') {
        return Err(Error::new(
            ErrorKind::InvalidPath,
            alloc::format!("path {path:?} must start with '/'"),
        ));
    }
    let bad = |b: u8| b < 0x20 || b == 0x7f || b == b'?' || b == b'#';
    // A word-at-a-time scan first (paths are almost always clean), then
    // the offending byte for the message.
    let suspect = any_byte(path.as_bytes(), |x| {
        word_below(x, 0x20) | word_has(x, 0x7f) | word_has(x, b'?') | word_has(x, b'#')
    });
    if let Some(b) = suspect.then(|| path.bytes().find(|&b| bad(b))).flatten() {
        return Err(Error::new(
            ErrorKind::InvalidPath,
            alloc::format!(
                "path contains {:?}; control characters are not allowed, and '?'/'#' must be percent-encoded (the query is passed separately)",
                b as char
            ),
        ));
    }
    Ok(())
}

pub(crate) fn check_raw_query(query: &str) -> Result<()> {
    if let Some(b) = query.bytes().find(|&b| b < 0x20 || b == 0x7f || b == b'#') {
        return Err(Error::new(
            ErrorKind::InvalidQuery,
            alloc::format!(
                "query contains {:?}; control characters and '#' are not allowed",
                b as char
            ),
        ));
    }
    Ok(())
}

/// `s` split at each `sep` (an ASCII byte), as `str::split` splits it,
/// but byte by byte: the lists a signature carries (`host;x-amz-date`) are
/// short, and a search per piece costs more than it saves on them.
#[derive(Clone, Debug)]
pub(crate) struct SplitAscii<'a> {
    rest: Option<&'a str>,
    sep: u8,
}

impl<'a> SplitAscii<'a> {
    pub(crate) fn new(s: &'a str, sep: u8) -> Self {
        debug_assert!(sep.is_ascii());
        SplitAscii { rest: Some(s), sep }
    }
}

impl<'a> Iterator for SplitAscii<'a> {
    type Item = &'a str;

    #[inline]
    fn next(&mut self) -> Option<&'a str> {
        let rest = self.rest?;
        match rest.bytes().position(|b| b == self.sep) {
            Some(i) => {
                self.rest = Some(&rest[i + 1..]);
                Some(&rest[..i])
            }
            None => {
                self.rest = None;
                Some(rest)
            }
        }
    }
}

/// Calls `f` for each `name=value` pair of a raw query (a bare `name` has
/// an empty value; empty pairs from `&&` are skipped).
pub(crate) fn raw_pairs<'q>(query: &'q str, mut f: impl FnMut(Component<'q>, Component<'q>)) {
    // No query (the usual request): nothing to split.
    if query.is_empty() {
        return;
    }
    for part in query.split('&') {
        if part.is_empty() {
            continue;
        }
        // Names are short: a byte loop finds `=` sooner than a search.
        let (name, value) = match part.bytes().position(|b| b == b'=') {
            Some(i) => (&part[..i], &part[i + 1..]),
            None => (part, ""),
        };
        f(
            Component {
                bytes: name.as_bytes(),
                raw: true,
            },
            Component {
                bytes: value.as_bytes(),
                raw: true,
            },
        );
    }
}

/// Whether a host (without its port) is an IPv4 address as botocore's
/// `IPV4_RE` reads one: four dot-separated groups of one to three digits
/// (`192.168.1.1`, also `999.1.1.1`; not `1234.1.1.1`, which is a name).
/// A bucket so named is not virtual-hosted, nor is a bucket on such an
/// endpoint.
pub(crate) fn is_ipv4(host: &str) -> bool {
    let mut parts = 0;
    for p in host.split('.') {
        parts += 1;
        if p.is_empty() || p.len() > 3 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
    }
    parts == 4
}

/// Whether a host (without its port) is an IP literal: an IPv4 address
/// ([`is_ipv4`]) or an IPv6 one in brackets (`[::1]`; a DNS name never
/// starts with `[`). The one test of "is an IP" for the S3 endpoint and
/// the verifier's `Host`.
pub(crate) fn is_ip_literal(host: &str) -> bool {
    host.starts_with('[') || is_ipv4(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_ascii_splits_as_str_split() {
        for s in ["", ";", "a", "a;b", ";a;;b;", "host;x-amz-date", "é;x"] {
            let got: alloc::vec::Vec<&str> = SplitAscii::new(s, b';').collect();
            let want: alloc::vec::Vec<&str> = s.split(';').collect();
            assert_eq!(got, want, "{s:?}");
        }
    }

    /// The splitter splits as `split('&')` then `find('=')` do.
    #[test]
    fn raw_pairs_splits_as_split_and_find() {
        for q in [
            "",
            "a",
            "a=",
            "=b",
            "a=b",
            "a=b=c",
            "&",
            "&&a=1&&",
            "a&b=2&c",
            "x=%26&y=&z",
            "=",
            "==",
            "a=1&a=2",
            "&=&",
        ] {
            let mut got = alloc::vec::Vec::new();
            raw_pairs(q, |n, v| got.push((n.bytes, v.bytes)));
            let want: alloc::vec::Vec<(&[u8], &[u8])> = q
                .split('&')
                .filter(|p| !p.is_empty())
                .map(|p| match p.find('=') {
                    Some(i) => (&p.as_bytes()[..i], &p.as_bytes()[i + 1..]),
                    None => (p.as_bytes(), &b""[..]),
                })
                .collect();
            assert_eq!(got, want, "{q:?}");
        }
    }

    #[test]
    fn ip_literals_are_botocore_ipv4_or_bracketed() {
        for ip in [
            "127.0.0.1",
            "192.168.1.1",
            "999.1.1.1",
            "0.0.0.0",
            "[::1]",
            "[fe80::1]",
        ] {
            assert!(is_ip_literal(ip), "{ip}");
        }
        for name in [
            "1234.1.1.1",
            "1.2.3",
            "1.2.3.4.5",
            "1..2.3",
            "1.2.3.",
            "a.b.c.d",
            "1.2.3.a",
            "localhost",
            "s3.amazonaws.com",
            "",
        ] {
            assert!(!is_ip_literal(name), "{name}");
        }
        assert!(is_ipv4("10.0.0.1") && !is_ipv4("[::1]"));
    }

    #[test]
    fn maybe_control_is_true_for_every_control_byte_at_every_offset() {
        for len in 0..20 {
            for at in 0..len {
                for v in 0..=255u8 {
                    // High bytes around, where a subtraction could borrow.
                    let mut b = alloc::vec![0xffu8; len];
                    b[at] = v;
                    let control = v < 0x20 || v == 0x7f;
                    assert_eq!(
                        maybe_control(&b),
                        control,
                        "len {len} at {at} byte {v:#04x}"
                    );
                    b.fill(b'a');
                    b[at] = v;
                    assert_eq!(
                        maybe_control(&b),
                        control,
                        "len {len} at {at} byte {v:#04x}"
                    );
                }
            }
        }
    }

    #[test]
    fn header_check_tells_lowercase_names_and_refuses_controls() {
        for value in [
            "bytes=0-9",
            "",
            "a b",
            " a",
            "a\t",
            "examplebucket.s3.amazonaws.com",
        ] {
            assert!(check_header("x-h", value).unwrap(), "{value:?}");
        }
        assert!(!check_header("X-H", "v").unwrap());
        for bad in ["a\nb", "a\x7f", "\0"] {
            assert!(check_header("x-h", bad).is_err(), "{bad:?}");
        }
        assert!(check_header("x h", "v").is_err());
    }
}
