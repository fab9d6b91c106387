//! Step 1: the canonical request.
//!
//! ```text
//! METHOD \n CANONICAL-URI \n CANONICAL-QUERY \n CANONICAL-HEADERS \n \n SIGNED-HEADERS \n PAYLOAD-HASH
//! ```
//!
//! It is written through a byte sink, so the same code fills a `String`
//! (for debugging and tests) or streams straight into SHA-256 (signing).
//! The request is checked and its headers and query parameters sorted once
//! ([`CanonicalRequest::with`]); its parts are written by `path`, `query`
//! and `headers`, one file each.

mod headers;
mod path;
mod query;
mod verbatim;

pub(crate) use headers::Header;
pub(crate) use path::S3Path;
pub(crate) use query::{QueryParam, Value, RESERVED_QUERY};
pub(crate) use verbatim::{scan_query, CanonicalQuery, Received, Verbatim};

use crate::encode::Sink;
use crate::error::{Error, ErrorKind, Result};
use crate::inline_vec::InlineVec;
use crate::syntax::{
    check_header, check_method, check_path, check_raw_query, raw_pairs, Component, Query,
};

use super::scope::Scope;
use super::{Request, UNSIGNED_HEADERS};
use headers::{in_signed_list, length_bit, UNSIGNED_LENGTHS};
use query::cmp_param;

/// Inline capacity for headers and query parameters.
pub(crate) const INLINE: usize = 16;

/// What the signer adds to a request: headers (header mode) or query
/// parameters (presign mode).
#[derive(Clone, Copy, Default)]
pub(crate) struct SignerAdditions<'a> {
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

/// A presigned URL as written, for [`CanonicalRequest::write_from`].
pub(crate) struct WrittenUrl<'u> {
    pub(crate) bytes: &'u [u8],
    /// The path, when it is the canonical path (S3 signs the path as sent).
    pub(crate) path: Option<(usize, usize)>,
    /// `name=value` of each query parameter, in the request's order.
    pub(crate) params: Option<&'u InlineVec<(usize, usize), INLINE>>,
}

/// A request made canonical: validated, sorted, ready to write.
pub(crate) struct CanonicalRequest<'a> {
    /// Borrowed, as the scope is: not copied in (a copy of what the
    /// caller has just written stalls on its stores).
    req: &'a Request<'a>,
    normalize_path: bool,
    double_encode_path: bool,
    /// The caller's parameters, sorted.
    query: InlineVec<QueryParam<'a>, INLINE>,
    /// The signer's own, in canonical order already (merged when written).
    signer_query: &'a [QueryParam<'a>],
    headers: InlineVec<Header<'a>, INLINE>,
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
        add: SignerAdditions<'a>,
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
        add: SignerAdditions<'a>,
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
            query: InlineVec::new(),
            signer_query: &[],
            headers: InlineVec::new(),
            payload_hash,
            scope,
        }
    }

    /// Validates the request and fills the sorted header and query lists.
    fn fill(&mut self, add: SignerAdditions<'a>) -> Result<()> {
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
            let lower = if i >= req.checked_headers {
                check_header(name, value)?
            } else {
                !name.bytes().any(|b| b.is_ascii_uppercase())
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
}

/// The canonical request of `req` with nothing added, as text (tests).
#[cfg(test)]
pub(super) fn creq(
    req: super::Request<'_>,
    normalize: bool,
    double: bool,
) -> alloc::string::String {
    use crate::v4::UNSIGNED_PAYLOAD;
    use alloc::vec::Vec;
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
        SignerAdditions::default(),
    )
    .unwrap();
    let mut v = Vec::new();
    c.write(&mut v);
    alloc::string::String::from_utf8(v).unwrap()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::v4::UNSIGNED_PAYLOAD;
    use alloc::vec::Vec;

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
                SignerAdditions::default(),
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
