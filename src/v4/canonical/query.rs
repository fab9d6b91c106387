//! The canonical query: parameters encoded once (RFC 3986, uppercase hex),
//! sorted by encoded name and then by encoded value, the signer's own
//! merged in as they are written.

use crate::encode::{self, EncodedBytes, Sink};
use crate::syntax::Component;

use super::CanonicalRequest;

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
    /// position among its parameters in [`SignerAdditions::query`].
    pub(crate) pos: usize,
}

/// The query parameters a presigned URL carries for its own signature.
pub(crate) const RESERVED_QUERY: [&str; 8] = [
    "X-Amz-Algorithm",
    "X-Amz-Credential",
    "X-Amz-Date",
    "X-Amz-Expires",
    "X-Amz-SignedHeaders",
    "X-Amz-Signature",
    "X-Amz-Security-Token",
    "X-Amz-Region-Set",
];

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

pub(super) fn cmp_param(a: &QueryParam<'_>, b: &QueryParam<'_>) -> core::cmp::Ordering {
    cmp_encoded(&a.name, &b.name).then_with(|| match (&a.value, &b.value) {
        (Value::Plain(x), Value::Plain(y)) => cmp_encoded(x, y),
        // Names the signer writes are unique: callers may not pass them.
        _ => core::cmp::Ordering::Equal,
    })
}

/// One iterator or another, of the same items.
pub(super) enum Either<L, R> {
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

impl<'a> CanonicalRequest<'a> {
    /// The canonical query's parameters in order, each with its place in
    /// the URL: the caller's (sorted) merged with the signer's.
    pub(super) fn params(&self) -> impl Iterator<Item = (usize, &QueryParam<'a>)> + '_ {
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

    pub(super) fn write_query<S: Sink + ?Sized>(&self, out: &mut S) {
        for (i, (_, p)) in self.params().enumerate() {
            if i > 0 {
                out.put(b"&");
            }
            self.write_param(out, p);
        }
    }

    pub(super) fn write_param<S: Sink + ?Sized>(&self, out: &mut S, p: &QueryParam<'_>) {
        p.name.write(out);
        out.put(b"=");
        match p.value {
            Value::Plain(v) => v.write(out),
            Value::Credential => self.scope.write_credential_encoded(out),
            Value::SignedHeaders => self.write_signed_headers(out, true),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::creq;
    use super::*;
    use crate::v4::Request;

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
}
