//! Step 1: the canonical request.
//!
//! ```text
//! METHOD \n CANONICAL-URI \n CANONICAL-QUERY \n CANONICAL-HEADERS \n \n SIGNED-HEADERS \n PAYLOAD-HASH
//! ```
//!
//! It is written through a byte sink, so the same code fills a `String`
//! (for debugging and tests) or streams straight into SHA-256 (signing).

use crate::encode::{self, any_byte, word_below, word_has, EncodedBytes, Sink};
use crate::error::{Error, ErrorKind, Result};
use crate::small::Small;

use super::{Payload, Query, Request, EMPTY_SHA256, UNSIGNED_HEADERS, UNSIGNED_PAYLOAD};

/// Inline capacity for headers and query parameters.
pub(crate) const INLINE: usize = 16;

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
    fn encoded(&self) -> EncodedBytes<'a> {
        EncodedBytes::new(self.bytes, self.raw, false)
    }

    fn write<S: Sink + ?Sized>(&self, out: &mut S) {
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
    fn decoded_eq_ignore_case(&self, s: &str) -> bool {
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

struct DecodedBytes<'a> {
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

/// A query value: a plain component, or one the signer writes itself.
#[derive(Clone, Copy, Default, Debug)]
pub(crate) enum Value<'a> {
    Plain(Component<'a>),
    /// `AKID/date/region/service/aws4_request`
    #[default]
    Credential,
    /// `host;x-amz-date;…`
    SignedHeaders,
}

#[derive(Clone, Copy, Default, Debug)]
pub(crate) struct QueryParam<'a> {
    pub(crate) name: Component<'a>,
    pub(crate) value: Value<'a>,
    /// Position in the request's order (the caller's parameters, then the
    /// signer's): set by [`CanonicalRequest::fill`], from the signer's own
    /// position among its parameters in [`Additions::query`].
    pub(crate) pos: usize,
}

#[derive(Clone, Copy, Default, Debug)]
pub(crate) struct Header<'a> {
    pub(crate) name: &'a str,
    /// Bytes: the signer's own values (date, payload hash) are kept as
    /// bytes, and a value is only ever written.
    pub(crate) value: &'a [u8],
    /// The name has no uppercase letter (set by [`CanonicalRequest::fill`]):
    /// it is written and compared as it is.
    pub(crate) lower: bool,
    /// The value holds no space, tab or other byte below `!`: nothing to
    /// trim or collapse, it is written as it is (found while it was
    /// checked, or known for the signer's own).
    pub(crate) plain: bool,
}

impl<'a> Header<'a> {
    /// One of the signer's own headers, whose name is lowercase.
    pub(crate) fn lowercase(name: &'a str, value: &'a [u8]) -> Self {
        debug_assert!(!name.bytes().any(|b| b.is_ascii_uppercase()));
        Header {
            name,
            value,
            lower: true,
            plain: false,
        }
    }

    /// One of the signer's own headers whose value is known to need no
    /// trimming (a date, a payload hash).
    pub(crate) fn lowercase_plain(name: &'a str, value: &'a [u8]) -> Self {
        debug_assert!(value.iter().all(|&b| b > b' ' && b != 0x7f));
        Header {
            plain: true,
            ..Self::lowercase(name, value)
        }
    }

    /// Same name, ASCII case-insensitively.
    #[inline]
    fn same_name(&self, other: &Header<'_>) -> bool {
        if self.lower && other.lower {
            self.name == other.name
        } else {
            self.name.eq_ignore_ascii_case(other.name)
        }
    }

    /// Orders by lowercase name.
    #[inline]
    fn cmp_name(&self, other: &Header<'_>) -> core::cmp::Ordering {
        if self.lower && other.lower {
            // Names mostly differ in their first byte: no `memcmp` call.
            let (a, b) = (self.name.as_bytes(), other.name.as_bytes());
            a.first().cmp(&b.first()).then_with(|| a.cmp(b))
        } else {
            cmp_ignore_case(self.name, other.name)
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

/// The query parameters a presigned URL carries for its own signature.
pub(crate) const RESERVED_QUERY: [&str; 7] = [
    "X-Amz-Algorithm",
    "X-Amz-Credential",
    "X-Amz-Date",
    "X-Amz-Expires",
    "X-Amz-SignedHeaders",
    "X-Amz-Signature",
    "X-Amz-Security-Token",
];

/// An S3 request path made of its parts: the endpoint's path prefix
/// (already encoded), the bucket for path-style addressing, and the object
/// key (encoded here, `/` kept). An empty key addresses the bucket.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct S3Path<'a> {
    pub(crate) prefix: &'a str,
    pub(crate) bucket: Option<&'a str>,
    pub(crate) key: &'a str,
}

impl S3Path<'_> {
    /// At least the length [`Self::write`] writes.
    pub(crate) fn len_max(&self) -> usize {
        self.prefix.len() + self.bucket.map_or(0, |b| b.len() + 1) + 3 * self.key.len() + 2
    }

    /// The path as it goes on the wire (and, S3 signing it as sent, into
    /// the canonical request): `prefix[/bucket][/key]`, or `/`.
    pub(crate) fn write<S: Sink + ?Sized>(&self, out: &mut S) {
        let mut wrote = false;
        if !self.prefix.is_empty() {
            out.put(self.prefix.as_bytes());
            wrote = true;
        }
        if let Some(b) = self.bucket {
            out.put(b"/");
            out.put(b.as_bytes());
            wrote = true;
        }
        if !self.key.is_empty() {
            out.put(b"/");
            encode::encode(out, self.key.as_bytes(), true);
            wrote = true;
        }
        if !wrote {
            out.put(b"/");
        }
    }
}

/// What the credential scope needs, for the `X-Amz-Credential` value.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Scope<'a> {
    pub(crate) access_key_id: &'a str,
    /// `YYYYMMDD`, as bytes (the signing time keeps it so).
    pub(crate) date: &'a [u8],
    pub(crate) region: &'a str,
    pub(crate) service: &'a str,
    /// Key ID, region and service need no percent-encoding (the date never
    /// does): the credential goes into a URL as it is.
    pub(crate) plain: bool,
}

impl Scope<'_> {
    /// `date/region/service/aws4_request`
    pub(crate) fn write<S: Sink + ?Sized>(&self, out: &mut S) {
        self.write_key(out);
        out.put(b"/aws4_request");
    }

    /// `date/region/service`, what the scope's key is derived from.
    #[inline]
    pub(crate) fn write_key<S: Sink + ?Sized>(&self, out: &mut S) {
        out.put(self.date);
        out.put(b"/");
        out.put(self.region.as_bytes());
        out.put(b"/");
        out.put(self.service.as_bytes());
    }

    /// [`Self::write_key`] appended to a `String` from `&str`s (the
    /// `Authorization` value: no UTF-8 check of the whole value after).
    #[inline]
    pub(crate) fn push_key(&self, out: &mut alloc::string::String) {
        // The date is the signing time's digits (checked ASCII, 8 bytes).
        out.push_str(core::str::from_utf8(self.date).unwrap_or(""));
        out.push('/');
        out.push_str(self.region);
        out.push('/');
        out.push_str(self.service);
    }

    pub(crate) fn write_credential_encoded<S: Sink + ?Sized>(&self, out: &mut S) {
        self.write_credential_key_encoded(out);
        out.put(b"%2Faws4_request");
    }

    /// [`Self::write_credential_encoded`] but for its `%2Faws4_request`.
    #[inline]
    pub(crate) fn write_credential_key_encoded<S: Sink + ?Sized>(&self, out: &mut S) {
        let part = |out: &mut S, s: &[u8]| {
            if self.plain {
                out.put(s);
            } else {
                encode::encode(out, s, false);
            }
        };
        part(out, self.access_key_id.as_bytes());
        out.put(b"%2F");
        part(out, self.date);
        out.put(b"%2F");
        part(out, self.region.as_bytes());
        out.put(b"%2F");
        part(out, self.service.as_bytes());
    }
}

/// The payload hash line: 64 hex digits or a literal such as `UNSIGNED-PAYLOAD`.
/// The named ones are kept by reference, so setting one up writes two
/// words, not a 64-byte buffer.
#[derive(Clone, Copy)]
pub(crate) enum PayloadHash {
    Named(&'static str),
    Inline { buf: [u8; 64], len: u8 },
}

impl PayloadHash {
    /// A copy of `s` (at most 64 bytes: longer is no payload hash).
    pub(crate) fn literal(s: &str) -> Self {
        Self::literal_bytes(s.as_bytes())
    }

    fn literal_bytes(s: &[u8]) -> Self {
        let mut buf = [0u8; 64];
        let len = s.len().min(64);
        buf[..len].copy_from_slice(&s[..len]);
        PayloadHash::Inline {
            buf,
            len: len as u8,
        }
    }

    /// The line for `payload`, owned (verification keeps it). The named
    /// kinds need no work; a body is hashed, a given digest checked, out
    /// of line.
    pub(crate) fn of(payload: &Payload<'_>) -> Result<Self> {
        Ok(match *payload {
            Payload::Bytes(body) => Self::digest(body),
            Payload::Sha256Hex(hex) => Self::checked_hex(hex)?,
            _ => Self::Named(Self::named(payload).unwrap_or(EMPTY_SHA256)),
        })
    }

    /// The line for `payload`, borrowed: a name is static, a given digest
    /// is checked and used where it lies, a body is hashed into `buf`.
    /// Nothing is moved through memory but a slice (a `Result` of the
    /// 72-byte [`PayloadHash`] is copied piece by piece on the hot path).
    #[inline(always)]
    pub(crate) fn line<'p>(payload: &Payload<'p>, buf: &'p mut [u8; 64]) -> Result<&'p [u8]> {
        Ok(match *payload {
            Payload::Bytes(body) => {
                Self::hash_into(body, buf);
                buf
            }
            Payload::Sha256Hex(hex) => {
                Self::check_hex(hex)?;
                hex.as_bytes()
            }
            _ => Self::named(payload).unwrap_or(EMPTY_SHA256).as_bytes(),
        })
    }

    /// Kept with a signed request: the payload's [`PayloadHash::line`].
    #[inline(always)]
    pub(crate) fn keep(payload: &Payload<'_>, line: &[u8]) -> Self {
        match Self::named(payload) {
            Some(name) => Self::Named(name),
            None => Self::literal_bytes(line),
        }
    }

    #[inline(always)]
    fn named(payload: &Payload<'_>) -> Option<&'static str> {
        Some(match payload {
            Payload::Empty => EMPTY_SHA256,
            Payload::Unsigned => UNSIGNED_PAYLOAD,
            Payload::StreamingSigned => super::STREAMING_PAYLOAD,
            Payload::StreamingSignedTrailer => super::STREAMING_PAYLOAD_TRAILER,
            Payload::StreamingUnsignedTrailer => super::STREAMING_UNSIGNED_PAYLOAD_TRAILER,
            Payload::Bytes(_) | Payload::Sha256Hex(_) => return None,
        })
    }

    #[inline(never)]
    fn hash_into(body: &[u8], buf: &mut [u8; 64]) {
        *buf = encode::hex32(&crate::sha256::Sha256::digest(body));
    }

    fn digest(body: &[u8]) -> Self {
        let mut buf = [0u8; 64];
        Self::hash_into(body, &mut buf);
        PayloadHash::Inline { buf, len: 64 }
    }

    #[inline(never)]
    fn checked_hex(hex: &str) -> Result<Self> {
        Self::check_hex(hex)?;
        Ok(Self::literal(hex))
    }

    fn check_hex(hex: &str) -> Result<()> {
        if hex.len() != 64 || !hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
            return Err(Error::new(
                ErrorKind::InvalidPayloadHash,
                alloc::format!(
                    "payload hash {hex:?} is not a SHA-256 digest: expected 64 lowercase hex digits"
                ),
            ));
        }
        Ok(())
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        match self {
            PayloadHash::Named(s) => s.as_bytes(),
            PayloadHash::Inline { buf, len } => &buf[..usize::from(*len).min(64)],
        }
    }

    pub(crate) fn as_str(&self) -> &str {
        match self {
            PayloadHash::Named(s) => s,
            PayloadHash::Inline { .. } => {
                core::str::from_utf8(self.as_bytes()).unwrap_or(EMPTY_SHA256)
            }
        }
    }
}

/// Equal when the lines are (however each is kept).
impl PartialEq for PayloadHash {
    fn eq(&self, other: &Self) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl Eq for PayloadHash {}

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
    check_header_plain(name, value).map(|(lower, _)| lower)
}

/// [`check_header`], also telling whether the value is plain (no byte
/// below `!`: nothing to trim), from the same scan.
pub(crate) fn check_header_plain(name: &str, value: &str) -> Result<(bool, bool)> {
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
    // A word-at-a-time scan first (values are almost always clean, and
    // most hold no space either), then the offending byte for the message.
    let bad = |b: u8| (b < 0x20 && b != b'\t') || b == 0x7f;
    let plain = !maybe_control_or_space(value.as_bytes());
    if !plain && value.bytes().any(bad) {
        let b = value.bytes().find(|&b| bad(b)).unwrap_or(0);
        return Err(Error::new(
            ErrorKind::InvalidHeaderValue,
            alloc::format!(
                "the value of header {name:?} contains the control byte 0x{b:02x}; CR, LF, NUL and other controls (but tab) are not allowed"
            ),
        ));
    }
    Ok((any & NAME_UPPER == 0, plain))
}

/// Whether `bytes` holds a control byte (below 0x20, tab included, or
/// 0x7f) or a space.
fn maybe_control_or_space(bytes: &[u8]) -> bool {
    any_byte(bytes, |x| word_below(x, 0x21) | word_has(x, 0x7f))
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

fn cmp_ignore_case(a: &str, b: &str) -> core::cmp::Ordering {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    for (p, q) in x.iter().zip(y) {
        let (p, q) = (p.to_ascii_lowercase(), q.to_ascii_lowercase());
        if p != q {
            return p.cmp(&q);
        }
    }
    x.len().cmp(&y.len())
}

/// Compares the encoded forms of two components without writing them: a
/// common prefix of unreserved bytes (which encode as themselves, and hold no
/// `%` escape) is skipped with plain byte compares, the rest is compared
/// encoded byte by byte.
fn cmp_encoded(a: &Component<'_>, b: &Component<'_>) -> core::cmp::Ordering {
    let (x, y) = (a.bytes, b.bytes);
    let n = x.len().min(y.len());
    let mut i = 0;
    while i < n && x[i] == y[i] && encode::is_unreserved(x[i]) {
        i += 1;
    }
    if i < n && encode::is_unreserved(x[i]) && encode::is_unreserved(y[i]) {
        return x[i].cmp(&y[i]);
    }
    EncodedBytes::new(&x[i..], a.raw, false).cmp(EncodedBytes::new(&y[i..], b.raw, false))
}

fn cmp_param(a: &QueryParam<'_>, b: &QueryParam<'_>) -> core::cmp::Ordering {
    cmp_encoded(&a.name, &b.name).then_with(|| match (&a.value, &b.value) {
        (Value::Plain(x), Value::Plain(y)) => cmp_encoded(x, y),
        // Names the signer writes are unique: callers may not pass them.
        _ => core::cmp::Ordering::Equal,
    })
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
        let (name, value) = match part.find('=') {
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

/// What the signer adds to a request: headers (header mode) or query
/// parameters (presign mode).
#[derive(Clone, Copy, Default)]
pub(crate) struct Additions<'a> {
    pub(crate) headers: &'a [Header<'a>],
    /// The signer's query parameters, in canonical (sorted) order, each
    /// with its position among them in the URL.
    pub(crate) query: &'a [QueryParam<'a>],
    /// Caller headers with these names are dropped: the signer sets them.
    pub(crate) replaces: &'a [&'a str],
    /// Reject caller query parameters named like the presign parameters.
    pub(crate) reserve_query: bool,
    /// Verification: sign exactly the headers of this `;`-separated list
    /// (the request's own `SignedHeaders`), not the signer's choice.
    pub(crate) signed_list: Option<&'a str>,
    /// Verification: leave out the query parameter with this decoded name
    /// (`X-Amz-Signature`).
    pub(crate) skip_query: Option<&'a str>,
}

/// A bit for a name's length (lengths of 63 and more share one).
const fn length_bit(name: &str) -> u64 {
    let n = if name.len() < 63 { name.len() } else { 63 };
    1 << n
}

/// The lengths of [`UNSIGNED_HEADERS`], as [`length_bit`]s.
const UNSIGNED_LENGTHS: u64 = {
    let mut m = 0;
    let mut i = 0;
    while i < UNSIGNED_HEADERS.len() {
        m |= length_bit(UNSIGNED_HEADERS[i]);
        i += 1;
    }
    m
};

fn in_signed_list(list: &str, name: &str) -> bool {
    list.split(';').any(|n| n.eq_ignore_ascii_case(name))
}

/// A presigned URL as written, for [`CanonicalRequest::write_from`].
pub(crate) struct WrittenUrl<'u> {
    pub(crate) bytes: &'u [u8],
    /// The path, when it is the canonical path (S3 signs the path as sent).
    pub(crate) path: Option<(usize, usize)>,
    /// `name=value` of each query parameter, in the request's order.
    pub(crate) params: Option<&'u Small<(usize, usize), INLINE>>,
}

/// A request made canonical: validated, sorted, ready to write.
pub(crate) struct CanonicalRequest<'a> {
    /// Borrowed, as the scope is: not copied in (a copy of what the
    /// caller has just written stalls on its stores).
    req: &'a Request<'a>,
    normalize_path: bool,
    double_encode_path: bool,
    /// The caller's parameters, sorted.
    query: Small<QueryParam<'a>, INLINE>,
    /// The signer's own, in canonical order already (merged when written).
    signer_query: &'a [QueryParam<'a>],
    headers: Small<Header<'a>, INLINE>,
    /// Borrowed: the hash is made once by the caller, never moved.
    payload_hash: &'a [u8],
    scope: &'a Scope<'a>,
}

impl<'a> CanonicalRequest<'a> {
    #[cfg(test)]
    pub(crate) fn new(
        req: &'a Request<'a>,
        normalize_path: bool,
        double_encode_path: bool,
        payload_hash: &'a [u8],
        scope: &'a Scope<'a>,
        add: Additions<'a>,
    ) -> Result<Self> {
        let mut c = Self::empty(req, normalize_path, double_encode_path, payload_hash, scope);
        c.fill(add)?;
        Ok(c)
    }

    /// Builds the canonical request in place (its inline lists are large:
    /// not moved through a `Result`) and runs `f` on it.
    #[inline(always)]
    pub(crate) fn with<R>(
        req: &'a Request<'a>,
        normalize_path: bool,
        double_encode_path: bool,
        payload_hash: &'a [u8],
        scope: &'a Scope<'a>,
        add: Additions<'a>,
        f: impl FnOnce(&CanonicalRequest<'a>) -> R,
    ) -> Result<R> {
        let mut c = Self::empty(req, normalize_path, double_encode_path, payload_hash, scope);
        c.fill(add)?;
        Ok(f(&c))
    }

    #[inline(always)]
    fn empty(
        req: &'a Request<'a>,
        normalize_path: bool,
        double_encode_path: bool,
        payload_hash: &'a [u8],
        scope: &'a Scope<'a>,
    ) -> Self {
        CanonicalRequest {
            req,
            normalize_path,
            double_encode_path,
            query: Small::new(),
            signer_query: &[],
            headers: Small::new(),
            payload_hash,
            scope,
        }
    }

    /// Validates the request and fills the sorted header and query lists.
    fn fill(&mut self, add: Additions<'a>) -> Result<()> {
        let req = self.req;
        check_method(req.method)?;
        if req.s3_path.is_none() {
            check_path(req.path)?;
        }

        let headers = &mut self.headers;
        let mut has_host = false;
        // Only a name as long as one left out can be left out.
        let left_out_lengths = add
            .replaces
            .iter()
            .fold(UNSIGNED_LENGTHS, |m, n| m | length_bit(n));
        for (i, &(name, value)) in req.headers.iter().enumerate() {
            let (lower, plain) = if i >= req.checked_headers {
                check_header_plain(name, value)?
            } else {
                (!name.bytes().any(|b| b.is_ascii_uppercase()), false)
            };
            let skip = match add.signed_list {
                Some(list) => !in_signed_list(list, name),
                None => {
                    left_out_lengths & length_bit(name) != 0
                        && UNSIGNED_HEADERS
                            .iter()
                            .chain(add.replaces.iter())
                            .any(|n| n.eq_ignore_ascii_case(name))
                }
            };
            if skip {
                continue;
            }
            has_host |= name.eq_ignore_ascii_case("host");
            headers.push(Header {
                name,
                value: value.as_bytes(),
                lower,
                plain,
            });
        }
        if !has_host {
            return Err(Error::new(
                ErrorKind::MissingHost,
                "the request has no Host header; SigV4 always signs the host",
            ));
        }
        // The signer's own come sorted: merged in, never compared with
        // each other.
        headers.sort_by(Header::cmp_name);
        debug_assert!(add.headers.windows(2).all(|w| w[0].cmp_name(&w[1]).is_le()));
        headers.merge_sorted(add.headers, Header::cmp_name);

        let query = &mut self.query;
        let mut reserved = None;
        let mut push = |name: Component<'a>, value: Component<'a>| {
            if let Some(skip) = add.skip_query {
                if name.decoded_eq(skip) {
                    return;
                }
            }
            if add.reserve_query
                && reserved.is_none()
                && RESERVED_QUERY
                    .iter()
                    .any(|r| name.decoded_eq_ignore_case(r))
            {
                reserved = Some(name);
            }
            let pos = query.len();
            query.push(QueryParam {
                name,
                value: Value::Plain(value),
                pos,
            });
        };
        match req.query {
            Query::Raw(raw) => {
                check_raw_query(raw)?;
                raw_pairs(raw, &mut push);
            }
            Query::Pairs(pairs) => {
                for (n, v) in pairs {
                    push(Component::decoded(n), Component::decoded(v));
                }
            }
        }
        if let Some(name) = reserved {
            return Err(Error::new(
                ErrorKind::InvalidQuery,
                alloc::format!(
                    "query parameter {:?} is reserved for the presigned URL's own signature",
                    alloc::string::String::from_utf8_lossy(name.bytes)
                ),
            ));
        }
        query.sort_by(cmp_param);
        // The signer's parameters come in canonical order (their `pos` is
        // their place in the URL, after the caller's): they are merged
        // with the caller's as the query is written, never copied.
        self.signer_query = add.query;
        debug_assert!(self
            .params()
            .zip(self.params().skip(1))
            .all(|(a, b)| cmp_param(a.1, b.1).is_le()));
        Ok(())
    }

    /// The canonical query's parameters in order, each with its place in
    /// the URL: the caller's (sorted) merged with the signer's.
    fn params(&self) -> impl Iterator<Item = (usize, &QueryParam<'a>)> + '_ {
        let callers = self.query.len();
        let signer = self.signer_query.iter().map(move |p| (callers + p.pos, p));
        if callers == 0 {
            // The usual presigned URL: nothing to merge.
            return Either::Left(signer);
        }
        let mut mine = self.query.iter().map(|p| (p.pos, p)).peekable();
        let mut signer = signer.peekable();
        Either::Right(core::iter::from_fn(move || {
            match (mine.peek(), signer.peek()) {
                (Some(a), Some(b)) if cmp_param(a.1, b.1).is_gt() => signer.next(),
                (Some(_), _) => mine.next(),
                (None, _) => signer.next(),
            }
        }))
    }

    /// Writes the whole canonical request.
    pub(crate) fn write<S: Sink + ?Sized>(&self, out: &mut S) {
        self.write_from(out, None);
    }

    /// Writes the whole canonical request, copying the path and the query
    /// parameters from a presigned URL already written with the same
    /// encoding (`url.params[i]` is the `name=value` of the parameter at
    /// position `i`), instead of encoding them a second time.
    pub(crate) fn write_from<S: Sink + ?Sized>(&self, out: &mut S, url: Option<&WrittenUrl<'_>>) {
        out.put(self.req.method.as_bytes());
        out.put(b"\n");
        match url.and_then(|u| u.path.map(|(s, e)| &u.bytes[s..e])) {
            Some(path) => out.put(path),
            None => self.write_path(out),
        }
        out.put(b"\n");
        match url {
            Some(u) => {
                // Parameters that follow each other in the URL as in the
                // canonical query (joined by `&` there too) go as one run.
                let mut run: Option<(usize, usize)> = None;
                for (i, (pos, p)) in self.params().enumerate() {
                    match u.params.and_then(|ps| ps.get(pos)) {
                        Some(&(s, e)) => {
                            run = match run {
                                Some((rs, re)) if re + 1 == s && u.bytes[re] == b'&' => {
                                    Some((rs, e))
                                }
                                Some((rs, re)) => {
                                    out.put(&u.bytes[rs..re]);
                                    out.put(b"&");
                                    Some((s, e))
                                }
                                None => {
                                    if i > 0 {
                                        out.put(b"&");
                                    }
                                    Some((s, e))
                                }
                            };
                        }
                        None => {
                            if let Some((rs, re)) = run.take() {
                                out.put(&u.bytes[rs..re]);
                            }
                            if i > 0 {
                                out.put(b"&");
                            }
                            self.write_param(out, p);
                        }
                    }
                }
                if let Some((rs, re)) = run {
                    out.put(&u.bytes[rs..re]);
                }
            }
            None => self.write_query(out),
        }
        out.put(b"\n");
        self.write_headers(out);
        out.put(b"\n");
        self.write_signed_headers(out, false);
        out.put(b"\n");
        out.put(self.payload_hash);
    }

    fn write_segment<S: Sink + ?Sized>(&self, out: &mut S, bytes: &[u8]) {
        if self.double_encode_path {
            encode::encode(out, bytes, true);
        } else {
            encode::encode_path_once(out, bytes);
        }
    }

    /// The canonical URI.
    fn write_path<S: Sink + ?Sized>(&self, out: &mut S) {
        if let Some(p) = &self.req.s3_path {
            // S3 signs the path as sent, which this writes already encoded.
            p.write(out);
            return;
        }
        if !self.normalize_path {
            self.write_segment(out, self.req.path.as_bytes());
            return;
        }
        // Remove dot segments and empty segments, as botocore does.
        let path = self.req.path.as_bytes();
        let mut segs: Small<(usize, usize), 32> = Small::new();
        let mut start = 0;
        for i in 0..=path.len() {
            if i == path.len() || path[i] == b'/' {
                let seg = &path[start..i];
                match seg {
                    b"" | b"." => {}
                    b".." => {
                        segs.pop();
                    }
                    _ => segs.push((start, i)),
                }
                start = i + 1;
            }
        }
        out.put(b"/");
        for (n, &(s, e)) in segs.iter().enumerate() {
            if n > 0 {
                out.put(b"/");
            }
            self.write_segment(out, &path[s..e]);
        }
        if !segs.is_empty() && path.ends_with(b"/") {
            out.put(b"/");
        }
    }

    fn write_query<S: Sink + ?Sized>(&self, out: &mut S) {
        for (i, (_, p)) in self.params().enumerate() {
            if i > 0 {
                out.put(b"&");
            }
            self.write_param(out, p);
        }
    }

    fn write_param<S: Sink + ?Sized>(&self, out: &mut S, p: &QueryParam<'_>) {
        p.name.write(out);
        out.put(b"=");
        match p.value {
            Value::Plain(v) => v.write(out),
            Value::Credential => self.scope.write_credential_encoded(out),
            Value::SignedHeaders => self.write_signed_headers(out, true),
        }
    }

    fn write_headers<S: Sink + ?Sized>(&self, out: &mut S) {
        let mut hs = self.headers.iter().peekable();
        let value = |out: &mut S, h: &Header<'_>| {
            if h.plain {
                out.put(h.value);
            } else {
                write_trimmed(out, h.value);
            }
        };
        while let Some(h) = hs.next() {
            h.write_name(out);
            out.put(b":");
            value(out, h);
            while let Some(same) = hs.next_if(|n| n.same_name(h)) {
                out.put(b",");
                value(out, same);
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
                (true, false) => write_lower_encoded(out, h.name),
                (false, _) => h.write_name(out),
            }
        }
    }
}

fn write_lower<S: Sink + ?Sized>(out: &mut S, name: &str) {
    let b = name.as_bytes();
    if !b.iter().any(u8::is_ascii_uppercase) {
        out.put(b);
        return;
    }
    let mut buf = [0u8; 64];
    for chunk in b.chunks(64) {
        for (d, s) in buf.iter_mut().zip(chunk) {
            *d = s.to_ascii_lowercase();
        }
        out.put(&buf[..chunk.len()]);
    }
}

fn write_lower_encoded<S: Sink + ?Sized>(out: &mut S, name: &str) {
    let mut buf = [0u8; 64];
    for chunk in name.as_bytes().chunks(64) {
        for (d, s) in buf.iter_mut().zip(chunk) {
            *d = s.to_ascii_lowercase();
        }
        encode::encode(out, &buf[..chunk.len()], false);
    }
}

/// One iterator or another, of the same items.
enum Either<L, R> {
    Left(L),
    Right(R),
}

impl<T, L: Iterator<Item = T>, R: Iterator<Item = T>> Iterator for Either<L, R> {
    type Item = T;

    #[inline]
    fn next(&mut self) -> Option<T> {
        match self {
            Either::Left(l) => l.next(),
            Either::Right(r) => r.next(),
        }
    }
}

/// Trims the ends and collapses inner runs of spaces and tabs to one space.
fn write_trimmed<S: Sink + ?Sized>(out: &mut S, v: &[u8]) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    #[test]
    fn maybe_control_or_space_is_true_for_every_control_byte_and_space_at_every_offset() {
        for len in 0..20 {
            for at in 0..len {
                for v in 0..=255u8 {
                    // High bytes around, where a subtraction could borrow.
                    let mut b = alloc::vec![0xffu8; len];
                    b[at] = v;
                    let control = v <= 0x20 || v == 0x7f;
                    assert_eq!(
                        maybe_control_or_space(&b),
                        control,
                        "len {len} at {at} byte {v:#04x}"
                    );
                    b.fill(b'a');
                    b[at] = v;
                    assert_eq!(
                        maybe_control_or_space(&b),
                        control,
                        "len {len} at {at} byte {v:#04x}"
                    );
                }
            }
        }
    }

    #[test]
    fn header_check_tells_plain_values_from_ones_to_trim() {
        for (value, plain) in [
            ("bytes=0-9", true),
            ("", true),
            ("a b", false),
            (" a", false),
            ("a\t", false),
            ("examplebucket.s3.amazonaws.com", true),
        ] {
            assert_eq!(
                check_header_plain("x-h", value).unwrap(),
                (true, plain),
                "{value:?}"
            );
        }
        assert_eq!(check_header_plain("X-H", "v").unwrap(), (false, true));
        for bad in ["a\nb", "a\x7f", "\0"] {
            assert!(check_header_plain("x-h", bad).is_err(), "{bad:?}");
        }
    }

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
    fn credential_written_plain_only_when_no_part_needs_encoding() {
        let scope = |access_key_id, plain| Scope {
            access_key_id,
            date: b"20150830",
            region: "us-east-1",
            service: "s3",
            plain,
        };
        let written = |s: Scope<'_>| {
            let mut v = Vec::new();
            s.write_credential_encoded(&mut v);
            alloc::string::String::from_utf8(v).unwrap()
        };
        let want = "AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fs3%2Faws4_request";
        assert_eq!(written(scope("AKIDEXAMPLE", true)), want);
        assert_eq!(written(scope("AKIDEXAMPLE", false)), want);
        assert_eq!(
            written(scope("AK+ID", false)),
            "AK%2BID%2F20150830%2Fus-east-1%2Fs3%2Faws4_request"
        );
        // The flags the signer reads: computed once from the inputs.
        assert!(crate::Credentials::new("AKIDEXAMPLE", "s")
            .unwrap()
            .key_id_plain());
        assert!(!crate::Credentials::new("AK+ID", "s")
            .unwrap()
            .key_id_plain());
        assert!(super::super::SigningSettings::s3("us-east-1").scope_plain());
        assert!(!super::super::SigningSettings::new("my service", "us-east-1").scope_plain());
    }

    fn creq(req: Request<'_>, normalize: bool, double: bool) -> alloc::string::String {
        let scope = Scope {
            access_key_id: "AKID",
            date: b"20150830",
            region: "us-east-1",
            service: "service",
            plain: false,
        };
        let c = CanonicalRequest::new(
            &req,
            normalize,
            double,
            UNSIGNED_PAYLOAD.as_bytes(),
            &scope,
            Additions::default(),
        )
        .unwrap();
        let mut v = Vec::new();
        c.write(&mut v);
        alloc::string::String::from_utf8(v).unwrap()
    }

    #[test]
    fn query_sorts_by_name_then_value_not_joined_string() {
        let h = [("host", "h")];
        let s = creq(
            Request::new("GET", "/").raw_query("a-b=1&a=2").headers(&h),
            false,
            false,
        );
        assert!(s.contains("\na=2&a-b=1\n"), "{s}");
    }

    #[test]
    fn query_plus_is_literal_and_hex_uppercased() {
        let h = [("host", "h")];
        let s = creq(
            Request::new("GET", "/")
                .raw_query("k=a+b%2fc&acl")
                .headers(&h),
            false,
            false,
        );
        assert!(s.contains("\nacl=&k=a%2Bb%2Fc\n"), "{s}");
    }

    #[test]
    fn cmp_encoded_equals_comparing_the_encoded_bytes() {
        let samples: &[&[u8]] = &[
            b"",
            b"a",
            b"A",
            b"a-b",
            b"a b",
            b"a+b",
            b"a%20b",
            b"a%2",
            b"a%",
            b"a%41",
            b"aA",
            b"X-Amz-Date",
            b"X-Amz-Algorithm",
            b"x-amz-date",
            b"~",
            b"a~",
            b"a%7E",
            b"%C3%A9",
            b"\xc3\xa9",
            b"a/b",
            b"a%2Fb",
            b"a%2fb",
            b"ab",
            b"a.b",
            b"a_b",
            b"0",
        ];
        for &x in samples {
            for &y in samples {
                for (rx, ry) in [(false, false), (true, true), (false, true), (true, false)] {
                    let a = Component { bytes: x, raw: rx };
                    let b = Component { bytes: y, raw: ry };
                    assert_eq!(
                        cmp_encoded(&a, &b),
                        a.encoded().cmp(b.encoded()),
                        "{x:?} ({rx}) vs {y:?} ({ry})"
                    );
                }
            }
        }
    }

    #[test]
    fn normalization_matches_botocore() {
        let h = [("host", "h")];
        for (path, want) in [
            ("/a/./b/../c/", "/a/c/"),
            ("//x//y", "/x/y"),
            ("/a/..", "/"),
            ("/", "/"),
            ("/a/.", "/a"),
        ] {
            let s = creq(Request::new("GET", path).headers(&h), true, true);
            assert_eq!(s.lines().nth(1), Some(want), "path {path}");
        }
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

    /// `Authorization` builds its text as a `String` from `&str`s: the same
    /// text as the writers the canonical request uses.
    #[test]
    fn string_builders_write_what_the_sink_writers_write() {
        let h = [
            ("Host", "h"),
            ("X-B", "b"),
            ("x-a", "2"),
            ("X-A", "1"),
            ("content-type", "t"),
        ];
        let req = Request::new("GET", "/").headers(&h);
        for (region, service) in [("us-east-1", "s3"), ("eu-west-3", "my service")] {
            let scope = Scope {
                access_key_id: "AKID",
                date: b"20150830",
                region,
                service,
                plain: false,
            };
            let c = CanonicalRequest::new(
                &req,
                false,
                false,
                UNSIGNED_PAYLOAD.as_bytes(),
                &scope,
                Additions::default(),
            )
            .unwrap();
            let (mut written, mut pushed) = (Vec::new(), alloc::string::String::new());
            c.write_signed_headers(&mut written, false);
            c.push_signed_headers(&mut pushed);
            assert_eq!(pushed.as_bytes(), &written[..]);
            assert_eq!(pushed, "content-type;host;x-a;x-b");
            let (mut written, mut pushed) = (Vec::new(), alloc::string::String::new());
            scope.write_key(&mut written);
            scope.push_key(&mut pushed);
            assert_eq!(pushed.as_bytes(), &written[..]);
            assert_eq!(pushed, alloc::format!("20150830/{region}/{service}"));
        }
    }
}
