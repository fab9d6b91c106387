//! The canonical URI: S3's path as sent (encoded once, never normalized),
//! or, for every other service, the path with dot and empty segments
//! removed and each segment encoded again.

use crate::encode::{self, Sink};
use crate::inline_vec::InlineVec;

use super::CanonicalRequest;

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

impl<'a> CanonicalRequest<'a> {
    fn write_segment<S: Sink + ?Sized>(&self, out: &mut S, bytes: &[u8]) {
        if self.double_encode_path {
            encode::encode(out, bytes, true);
        } else {
            encode::encode_path_once(out, bytes);
        }
    }

    /// The canonical URI.
    pub(super) fn write_path<S: Sink + ?Sized>(&self, out: &mut S) {
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
        let mut segs: InlineVec<(usize, usize), 32> = InlineVec::new();
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
}

#[cfg(test)]
mod tests {
    use super::super::creq;
    use crate::v4::Request;

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
}
