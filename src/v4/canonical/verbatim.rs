//! A received request that is its own canonical request.
//!
//! A conforming client sends the parts of a signed request in canonical
//! form already: the path encoded once, the query parameters encoded and
//! sorted, the signed headers listed in order. Then the canonical request
//! is made of slices of the request, and verification need not decode,
//! sort and encode it again. [`Verbatim::check`] proves that byte by byte
//! and answers `None` as soon as any part would be written differently (or
//! would be refused); the caller then writes the request with
//! [`super::CanonicalRequest`], the reference. The test
//! `verbatim_writes_what_the_canonical_request_writes` holds the two equal
//! over generated requests.

use crate::encode::{self, Sink, UNRESERVED};
use crate::syntax::{check_header, check_method, SplitAscii};

use super::headers::write_trimmed;

/// At most this many signed headers are written verbatim.
const MAX_SIGNED: usize = 16;

/// Where a signed header's value is: an index into the request's headers,
/// or the added host.
const ADDED_HOST: u8 = u8::MAX;

/// A received request to write as its canonical request.
#[derive(Clone, Copy)]
pub(crate) struct Received<'a> {
    pub(crate) method: &'a str,
    /// The path, still encoded.
    pub(crate) path: &'a str,
    /// The raw query, still encoded.
    pub(crate) query: &'a str,
    pub(crate) headers: &'a [(&'a str, &'a str)],
    /// A `host` header the request implies (the host of an absolute URL)
    /// when it carries none.
    pub(crate) host: Option<&'a str>,
    /// The request's own `;`-separated signed-header list.
    pub(crate) signed: &'a str,
    /// The query parameter left out (`X-Amz-Signature`), by name.
    pub(crate) skip_query: Option<&'a str>,
    pub(crate) payload_hash: &'a [u8],
    pub(crate) normalize_path: bool,
    pub(crate) double_encode_path: bool,
}

/// A received request shown to be in canonical form.
pub(crate) struct Verbatim<'a> {
    req: Received<'a>,
    /// The canonical query: the raw query less the skipped parameter, as
    /// at most two runs joined by `&`.
    query: [&'a [u8]; 2],
    /// For each signed header, in the list's order, where its value is.
    values: [u8; MAX_SIGNED],
}

impl<'a> Verbatim<'a> {
    /// `Some` when writing the request as it came equals its canonical
    /// request, and the reference would not refuse it.
    #[cfg(test)]
    pub(crate) fn check(req: Received<'a>) -> Option<Self> {
        let query = scan_query(req.query, req.skip_query, |_, _| {})?;
        Self::check_scanned(req, query)
    }

    /// [`Verbatim::check`] with the query already read: `query` is
    /// [`scan_query`] of `req.query` and `req.skip_query`.
    pub(crate) fn check_scanned(req: Received<'a>, query: CanonicalQuery<'a>) -> Option<Self> {
        check_method(req.method).ok()?;
        if !path_is_canonical(
            req.path.as_bytes(),
            req.normalize_path,
            req.double_encode_path,
        ) {
            return None;
        }
        let query = query.0;
        if req.headers.len() >= usize::from(ADDED_HOST) {
            return None;
        }
        for (name, value) in req.headers {
            check_header(name, value).ok()?;
        }
        let mut values = [0u8; MAX_SIGNED];
        let mut previous: &str = "";
        let mut host = false;
        for (i, name) in SplitAscii::new(req.signed, b';').enumerate() {
            // Lowercase, each once, in order: the list as the reference
            // writes it.
            if i == MAX_SIGNED
                || name.is_empty()
                || name.bytes().any(|b| b.is_ascii_uppercase())
                || (i > 0 && name <= previous)
            {
                return None;
            }
            previous = name;
            host |= name == "host";
            let mut at = None;
            for (k, (n, _)) in req.headers.iter().enumerate() {
                if n.eq_ignore_ascii_case(name) {
                    if at.is_some() {
                        // Repeated: the reference joins the values.
                        return None;
                    }
                    at = Some(k as u8);
                }
            }
            values[i] = match (at, req.host) {
                (Some(k), _) => k,
                (None, Some(_)) if name == "host" => ADDED_HOST,
                (None, _) => return None,
            };
        }
        // SigV4 always signs the host (the reference refuses otherwise).
        host.then_some(Verbatim { req, query, values })
    }

    /// Writes the canonical request.
    pub(crate) fn write<S: Sink + ?Sized>(&self, out: &mut S) {
        let req = &self.req;
        out.put(req.method.as_bytes());
        out.put(b"\n");
        out.put(req.path.as_bytes());
        out.put(b"\n");
        let [before, after] = self.query;
        out.put(before);
        if !before.is_empty() && !after.is_empty() {
            out.put(b"&");
        }
        out.put(after);
        out.put(b"\n");
        for (name, &at) in SplitAscii::new(req.signed, b';').zip(self.values.iter()) {
            let value = match at {
                ADDED_HOST => req.host.unwrap_or(""),
                k => req.headers[usize::from(k)].1,
            };
            out.put(name.as_bytes());
            out.put(b":");
            write_trimmed(out, value.as_bytes());
            out.put(b"\n");
        }
        out.put(b"\n");
        out.put(req.signed.as_bytes());
        out.put(b"\n");
        out.put(req.payload_hash);
    }
}

/// The byte a `%XX` escape at `b[i..]` stands for, when its hex digits are
/// uppercase (the reference writes escapes in uppercase, so a lowercase
/// one is not verbatim).
#[inline]
fn escape_at(b: &[u8], i: usize) -> Option<u8> {
    let v = encode::escape_at(b, i)?;
    (!b[i + 1].is_ascii_lowercase() && !b[i + 2].is_ascii_lowercase()).then_some(v)
}

/// The first byte at or after `i` that is not unreserved.
#[inline]
fn skip_unreserved(b: &[u8], i: usize) -> usize {
    encode::first_not_unreserved(b, i)
}

/// A path its canonical form writes as it is: S3's (encoded once, not
/// normalized) keeps unreserved bytes, `/` and uppercase escapes; a path
/// encoded again keeps no `%`; a normalized one has no empty, `.` or `..`
/// segment (but a lone or final `/`).
fn path_is_canonical(path: &[u8], normalize: bool, double_encode: bool) -> bool {
    if path.first() != Some(&b'/') {
        return false;
    }
    let mut i = 0;
    loop {
        i = skip_unreserved(path, i);
        match path.get(i) {
            None => break,
            Some(b'/') => i += 1,
            Some(b'%') if !double_encode && escape_at(path, i).is_some() => i += 3,
            Some(_) => return false,
        }
    }
    if normalize && path.len() > 1 {
        let inner = &path[1..];
        let inner = inner.strip_suffix(b"/").unwrap_or(inner);
        if inner
            .split(|&b| b == b'/')
            .any(|s| s.is_empty() || s == b"." || s == b"..")
        {
            return false;
        }
    }
    true
}

/// A raw query shown to be in canonical form by [`scan_query`]: the
/// canonical query is the query less the skipped parameter, the runs
/// before and after it.
#[derive(Clone, Copy)]
pub(crate) struct CanonicalQuery<'q>([&'q [u8]; 2]);

/// Reads a raw query once: passes each parameter's name and value (still
/// encoded) to `f` as they go by, and answers the canonical query when the
/// raw one is canonical already: each parameter `name=value`, none empty,
/// both parts unreserved bytes and uppercase escapes of bytes that are not
/// unreserved, sorted by name then value; `skip` (by name) at most once.
/// `None` at the first byte that is not so; `f` has then seen only the
/// parameters before it.
pub(crate) fn scan_query<'q>(
    query: &'q str,
    skip: Option<&str>,
    mut f: impl FnMut(&'q str, &'q str),
) -> Option<CanonicalQuery<'q>> {
    let q = query.as_bytes();
    if q.is_empty() {
        return Some(CanonicalQuery([&[], &[]]));
    }
    let mut previous: Option<(&[u8], &[u8])> = None;
    let mut skipped: Option<(usize, usize)> = None;
    let (mut start, mut eq, mut i) = (0, None, 0);
    loop {
        i = skip_unreserved(q, i);
        match q.get(i) {
            Some(b'%') => {
                match escape_at(q, i) {
                    Some(v) if !UNRESERVED[usize::from(v)] => i += 3,
                    _ => return None,
                }
                continue;
            }
            Some(b'=') if eq.is_none() => {
                eq = Some(i);
                i += 1;
                continue;
            }
            Some(b'&') | None => {}
            Some(_) => return None,
        }
        // A parameter ends at `i`; every byte before it is ASCII, so the
        // slices fall on character boundaries.
        let e = eq.take()?;
        let (name, value) = (&query[start..e], &query[e + 1..i]);
        f(name, value);
        let (name, value) = (name.as_bytes(), value.as_bytes());
        if skip.is_some_and(|s| s.as_bytes() == name) {
            if skipped.replace((start, i)).is_some() {
                return None;
            }
        } else {
            if previous.is_some_and(|p| p > (name, value)) {
                return None;
            }
            previous = Some((name, value));
        }
        if i == q.len() {
            break;
        }
        i += 1;
        start = i;
    }
    Some(CanonicalQuery(match skipped {
        None => [q, &[]],
        Some((s, e)) => [
            q.get(..s.saturating_sub(1)).unwrap_or(&[]),
            q.get(e + 1..).unwrap_or(&[]),
        ],
    }))
}

#[cfg(test)]
mod tests {
    use super::super::{CanonicalRequest, SignerAdditions};
    use super::*;
    use crate::v4::scope::Scope;
    use crate::v4::Request;
    use alloc::string::String;
    use alloc::vec;
    use alloc::vec::Vec;
    use proptest::prelude::*;

    /// The reference's canonical request of `r`, or `None` when it refuses.
    fn reference(r: &Received<'_>) -> Option<Vec<u8>> {
        let mut headers: Vec<(&str, &str)> = r.headers.to_vec();
        if let Some(h) = r.host {
            headers.push(("host", h));
        }
        let request = Request::new(r.method, r.path)
            .headers(&headers)
            .raw_query(r.query);
        let scope = Scope {
            access_key_id: "AKID",
            date: b"20150830",
            region: "us-east-1",
            service: "s3",
            plain: false,
        };
        let mut out = Vec::new();
        CanonicalRequest::with(
            &request,
            r.normalize_path,
            r.double_encode_path,
            r.payload_hash,
            &scope,
            SignerAdditions {
                signed_list: Some(r.signed),
                skip_query: r.skip_query,
                ..SignerAdditions::default()
            },
            |c| c.write(&mut out),
        )
        .ok()?;
        Some(out)
    }

    fn verbatim(r: Received<'_>) -> Option<Vec<u8>> {
        let v = Verbatim::check(r)?;
        let mut out = Vec::new();
        v.write(&mut out);
        Some(out)
    }

    fn received<'a>(
        path: &'a str,
        query: &'a str,
        headers: &'a [(&'a str, &'a str)],
        signed: &'a str,
    ) -> Received<'a> {
        Received {
            method: "GET",
            path,
            query,
            headers,
            host: None,
            signed,
            skip_query: Some("X-Amz-Signature"),
            payload_hash: b"UNSIGNED-PAYLOAD",
            normalize_path: false,
            double_encode_path: false,
        }
    }

    #[test]
    fn a_presigned_url_as_signed_is_written_verbatim() {
        let headers = [("Host", "b.s3.amazonaws.com"), ("x-amz-meta-a", " a  b ")];
        let q = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host%3Bx-amz-meta-a&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404&x-id=GetObject";
        let r = received("/a%20b/c~d", q, &headers, "host;x-amz-meta-a");
        let got = verbatim(r).expect("verbatim");
        assert_eq!(Some(&got), reference(&r).as_ref());
        let text = String::from_utf8(got).unwrap();
        assert!(text.contains("&X-Amz-SignedHeaders=host%3Bx-amz-meta-a&x-id=GetObject\n"));
        assert!(text.contains("\nx-amz-meta-a:a b\n"));
    }

    #[test]
    fn what_the_reference_would_change_is_not_verbatim() {
        let h = [("host", "h")];
        for (path, query, signed) in [
            ("/a%2fb", "", "host"),    // lowercase escape
            ("/a b", "", "host"),      // byte to encode
            ("a", "", "host"),         // no leading slash
            ("/", "b=1&a=1", "host"),  // unsorted
            ("/", "a=%41", "host"),    // escape of an unreserved byte
            ("/", "a", "host"),        // bare name
            ("/", "a=1&&b=2", "host"), // empty pair
            ("/", "a=+", "host"),      // `+` is encoded
            ("/", "X-Amz-Signature=1&X-Amz-Signature=2", "host"),
            ("/", "", "Host"),         // uppercase in the list
            ("/", "", "host;host"),    // repeated in the list
            ("/", "", "host;missing"), // not in the request
        ] {
            let r = received(path, query, &h, signed);
            assert!(verbatim(r).is_none(), "{path} {query} {signed}");
        }
        let repeated = [("host", "h"), ("x-a", "1"), ("X-A", "2")];
        assert!(verbatim(received("/", "", &repeated, "host;x-a")).is_none());
        let bad_value = [("host", "h"), ("x-b", "a\u{1}")];
        assert!(verbatim(received("/", "", &bad_value, "host")).is_none());
    }

    #[test]
    fn normalized_and_double_encoded_paths_are_verbatim_only_when_unchanged() {
        let h = [("host", "h")];
        for (path, normalize, double, verbatim_ok) in [
            ("/a/b/", true, true, true),
            ("/", true, true, true),
            ("/a//b", true, true, false),
            ("/a/./b", true, true, false),
            ("/a/../b", true, true, false),
            ("/a%20b", true, true, false),
            ("/a%20b", true, false, true),
            ("//a", false, false, true),
        ] {
            let r = Received {
                normalize_path: normalize,
                double_encode_path: double,
                ..received(path, "", &h, "host")
            };
            let got = verbatim(r);
            assert_eq!(got.is_some(), verbatim_ok, "{path} {normalize} {double}");
            if got.is_some() {
                assert_eq!(got, reference(&r), "{path}");
            }
        }
    }

    /// Mostly canonical pieces, and a few of each kind the reference
    /// changes.
    fn component() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                8 => Just("a"),
                4 => Just("B"),
                2 => Just("~"),
                2 => Just("-"),
                4 => Just("%2F"),
                4 => Just("%20"),
                2 => Just("%E2%82%AC"),
                1 => Just("%2f"),
                1 => Just("%41"),
                1 => Just("+"),
                1 => Just(" "),
                1 => Just("%"),
                2 => Just("X-Amz-Signature"),
            ],
            0..4,
        )
        .prop_map(|v| v.concat())
    }

    fn path() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                6 => Just("/"),
                8 => Just("a"),
                4 => Just("%20"),
                1 => Just("."),
                1 => Just("%7e"),
                1 => Just(" "),
            ],
            0..6,
        )
        .prop_map(|v| alloc::format!("/{}", v.concat()))
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

        /// Whenever the request is taken as written, it is exactly what the
        /// reference writes. (About one generated request in seven is
        /// taken, some 400 a run; `ordinary_requests_are_taken_verbatim`
        /// holds the common shapes.)
        #[test]
        fn verbatim_writes_what_the_canonical_request_writes(
            path in path(),
            params in proptest::collection::vec((component(), component(), proptest::bool::weighted(0.1)), 0..5),
            unsorted in proptest::bool::weighted(0.2),
            with_a in any::<bool>(),
            with_b in any::<bool>(),
            list_change in prop_oneof![6 => Just(0u8), 1 => Just(1u8), 1 => Just(2u8), 1 => Just(3u8)],
            value in prop_oneof![Just("v"), Just(" v  w "), Just("\tv"), Just(""), Just("a\u{1}")],
            upper_names in any::<bool>(),
            repeat in proptest::bool::weighted(0.1),
            url_host in any::<bool>(),
            normalize in any::<bool>(),
            double in any::<bool>(),
        ) {
            let mut params = params;
            if !unsorted {
                params.sort();
            }
            let query = params
                .iter()
                .map(|(n, v, bare)| if *bare && v.is_empty() { n.clone() } else { alloc::format!("{n}={v}") })
                .collect::<Vec<_>>()
                .join("&");
            let mut signed = alloc::vec!["host"];
            let mut hs: Vec<(&str, &str)> = Vec::new();
            if with_a {
                signed.push("x-a");
                hs.push((if upper_names { "X-A" } else { "x-a" }, value));
            }
            if with_b {
                signed.push("x-b");
                hs.push(("x-b", "b"));
            }
            if repeat {
                hs.push(("x-b", "again"));
            }
            match list_change {
                1 => signed.reverse(),
                2 => signed.push("x-c"),
                3 => signed[0] = "Host",
                _ => {}
            }
            let signed = signed.join(";");
            if !url_host {
                hs.push(("Host", "h"));
            }
            let r = Received {
                host: url_host.then_some("h"),
                normalize_path: normalize,
                double_encode_path: double,
                ..received(&path, &query, &hs, &signed)
            };
            if let Some(got) = verbatim(r) {
                prop_assert_eq!(Some(got), reference(&r), "{:?} {:?} {:?}", path, query, signed);
            }
        }
    }

    #[test]
    fn ordinary_requests_are_taken_verbatim() {
        // The common shapes must not fall back (the speed depends on it).
        let h = [("host", "h"), ("x-amz-date", "20130524T000000Z")];
        for (path, query, signed) in [
            (
                "/photos/2024/01/cat%20picture%20%281%29.jpg",
                "",
                "host;x-amz-date",
            ),
            ("/", "list-type=2&prefix=a%2Fb", "host"),
            ("/k", "partNumber=1&uploadId=abc", "host;x-amz-date"),
        ] {
            assert!(
                verbatim(received(path, query, &h, signed)).is_some(),
                "{path}?{query}"
            );
        }
    }
}
