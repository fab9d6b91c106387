//! The URL of a [`PresignRequest`] written and signed: SigV4 (and SigV4A)
//! through the signing pipeline with the path written once into the URL,
//! SigV2 with its own string to sign.

use alloc::string::String;
use alloc::vec::Vec;

use crate::credentials::Credentials;
use crate::encode::{Sink, StringSink};
use crate::error::Result;
use crate::time::SigningTime;
use crate::v4::canonical::S3Path;
use crate::v4::{Payload, Request};
use crate::SignatureVersion;

use super::presigned::UrlSignature;
use super::PresignRequest;

impl PresignRequest<'_> {
    /// Writes the URL into `out` (cleared first) and returns the
    /// signature, the time it is signed at and its lifetime from then
    /// (the window's start and the [`ExpiryPolicy`](crate::ExpiryPolicy)
    /// applied).
    pub(super) fn write(
        &self,
        credentials: &Credentials,
        now: SigningTime,
        expires_in: u64,
        out: &mut String,
    ) -> Result<(UrlSignature, SigningTime, u64)> {
        self.check()?;
        let (time, expires_in) = self.lifetime(credentials, now, expires_in)?;
        let b = self.bucket;
        if b.version == SignatureVersion::V2 {
            let sig = self.write_v2(credentials, time, expires_in, out)?;
            return Ok((sig, time, expires_in));
        }
        let path = S3Path {
            prefix: b.endpoint().path_prefix(),
            bucket: b.path_bucket(),
            key: self.key,
        };
        // Borrowed views of the builder's lists, on the stack when short.
        let mut headers_inline = [("", ""); PAIRS_INLINE];
        let mut headers_heap: Vec<(&str, &str)> = Vec::new();
        let all_headers = core::iter::once(("host", b.signed_host()))
            .chain(self.headers.iter().map(|(n, v)| (n.as_ref(), v.as_ref())));
        let headers = pairs_view(
            self.headers.len() + 1,
            all_headers,
            &mut headers_inline,
            &mut headers_heap,
        );
        let mut query_inline = [("", ""); PAIRS_INLINE];
        let mut query_heap: Vec<(&str, &str)> = Vec::new();
        let query = pairs_view(
            self.query.len(),
            self.query.iter().map(|(n, v)| (n.as_ref(), v.as_ref())),
            &mut query_inline,
            &mut query_heap,
        );
        // The bucket's host (first) was checked when the bucket was made.
        let req = Request::s3(self.method, path)
            .headers(headers)
            .headers_checked(1)
            .query_pairs(query)
            .payload(Payload::Unsigned);
        out.clear();
        let origin = b.origin();
        let head_len = origin.len() + path.len_max() + 1;
        #[cfg(feature = "sigv4a")]
        let v4a_key;
        #[allow(unused_mut)]
        let mut ctx = b.configured.context(credentials);
        #[cfg(feature = "sigv4a")]
        if b.version == SignatureVersion::V4a {
            v4a_key = b.v4a_keys.key(credentials)?;
            ctx = ctx.sigv4a(&v4a_key);
        }
        ctx.presign_into(&req, time, expires_in, out, head_len, |out| {
            out.put(origin.as_bytes());
            let start = out.pos();
            path.write(out);
            let end = out.pos();
            out.put(b"?");
            Some((start, end))
        })
        .map(|s| (UrlSignature::V4(s), time, expires_in))
    }

    /// SigV2: the same URL with the SigV2 query. The path signed is the
    /// path sent, with `/bucket` in front when the bucket is in the host
    /// (botocore's `auth_path`, S3's canonicalized resource). For a
    /// path-style bucket-level URL (`…/bucket`) that is `/bucket`: botocore
    /// signs `/bucket/` there, which no server accepts.
    fn write_v2(
        &self,
        credentials: &Credentials,
        time: SigningTime,
        expires_in: u64,
        out: &mut String,
    ) -> Result<UrlSignature> {
        let b = self.bucket;
        let path = S3Path {
            prefix: b.endpoint().path_prefix(),
            bucket: b.path_bucket(),
            key: self.key,
        };
        out.clear();
        out.reserve(b.origin().len() + 3 * self.key.len() + 160);
        out.push_str(b.origin());
        let start = out.len();
        path.write(&mut StringSink(out));
        let mut to_sign = String::with_capacity(out.len() - start + b.name().len() + 1);
        if b.is_virtual_hosted() {
            to_sign.push('/');
            to_sign.push_str(b.name());
        }
        to_sign.push_str(&out[start..]);
        out.push('?');
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(n, v)| (n.as_ref(), v.as_ref()))
            .collect();
        let query: Vec<(&str, &str)> = self
            .query
            .iter()
            .map(|(n, v)| (n.as_ref(), v.as_ref()))
            .collect();
        let req = crate::v2::Request::new(self.method, &to_sign)
            .query_pairs(&query)
            .headers(&headers);
        let (expires, signature) =
            crate::v2::presign_append(credentials, &req, time, expires_in, out)?;
        Ok(UrlSignature::V2 {
            b64: signature.b64,
            expires,
        })
    }
}

/// How many headers or query parameters a presign borrows without the heap.
const PAIRS_INLINE: usize = 8;

/// `items` (`n` of them) as a slice: in `inline` when they fit, else in `heap`.
fn pairs_view<'a, 'r>(
    n: usize,
    items: impl Iterator<Item = (&'a str, &'a str)>,
    inline: &'r mut [(&'a str, &'a str); PAIRS_INLINE],
    heap: &'r mut Vec<(&'a str, &'a str)>,
) -> &'r [(&'a str, &'a str)] {
    if n <= PAIRS_INLINE {
        for (slot, item) in inline.iter_mut().zip(items) {
            *slot = item;
        }
        &inline[..n]
    } else {
        heap.extend(items);
        heap
    }
}
