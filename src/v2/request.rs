//! The request to sign, [`Request`]: the method, the path to sign, the
//! query and the headers, borrowed from the caller.

use crate::syntax::Query;

/// A request to sign, borrowed from the caller.
///
/// * `path` is the **path to sign**: `/bucket/key` as encoded on the wire
///   (also for virtual-hosted requests, whose URL path lacks the bucket),
///   `/bucket/` for a virtual-hosted bucket-level request, `/` for the
///   service. It is signed exactly as given.
/// * The query, raw (`raw_query`, as sent) or as decoded pairs
///   (`query_pairs`): only its [`SUB_RESOURCES`](super::SUB_RESOURCES) are
///   signed, with their values decoded.
/// * The headers: `Content-MD5`, `Content-Type` and every `x-amz-*` header
///   are signed; `Host` and the rest are not (and a presigned URL cannot
///   carry them, see [`Signer::presign`](super::Signer::presign)).
///
/// ```
/// use awssig::v2::Request;
/// let headers = [("Content-Type", "image/jpeg"), ("x-amz-acl", "public-read")];
/// let req = Request::new("PUT", "/johnsmith/photos/puppy.jpg").headers(&headers);
/// assert_eq!(req.path(), "/johnsmith/photos/puppy.jpg");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Request<'a> {
    pub(crate) method: &'a str,
    pub(crate) path: &'a str,
    pub(crate) query: Query<'a>,
    pub(crate) headers: &'a [(&'a str, &'a str)],
}

impl<'a> Request<'a> {
    /// A request with no query and no headers.
    ///
    /// ```
    /// let req = awssig::v2::Request::new("DELETE", "/johnsmith/photos/puppy.jpg");
    /// assert_eq!(req.method(), "DELETE");
    /// ```
    pub fn new(method: &'a str, path_to_sign: &'a str) -> Self {
        Request {
            method,
            path: path_to_sign,
            query: Query::Raw(""),
            headers: &[],
        }
    }

    /// The query string as sent, without the `?` (`versionId=a%2Bb&acl`).
    /// Sub-resource values are percent-decoded for the signature (a `+`
    /// stays a `+`); a presigned URL keeps this text as it is.
    ///
    /// ```
    /// let req = awssig::v2::Request::new("GET", "/b/").raw_query("acl");
    /// # let _ = req;
    /// ```
    pub fn raw_query(mut self, query: &'a str) -> Self {
        self.query = Query::Raw(query);
        self
    }

    /// The query as decoded name/value pairs; a presigned URL carries them
    /// percent-encoded, and a pair with an empty value as a bare name
    /// (`?uploads`).
    ///
    /// ```
    /// let q = [("response-content-disposition", "attachment; filename=\"a b.txt\"")];
    /// let req = awssig::v2::Request::new("GET", "/b/a%20b.txt").query_pairs(&q);
    /// # let _ = req;
    /// ```
    pub fn query_pairs(mut self, pairs: &'a [(&'a str, &'a str)]) -> Self {
        self.query = Query::Pairs(pairs);
        self
    }

    /// The request headers (name, value). A `Date` or `x-amz-date` header
    /// is replaced by the signer's in header signing.
    ///
    /// ```
    /// let h = [("Content-MD5", "4gJE4saaMU4BqNR0kLY+lw=="), ("X-Amz-Meta-Reviewer", "joe")];
    /// let req = awssig::v2::Request::new("PUT", "/b/k").headers(&h);
    /// # let _ = req;
    /// ```
    pub fn headers(mut self, headers: &'a [(&'a str, &'a str)]) -> Self {
        self.headers = headers;
        self
    }

    /// The method.
    ///
    /// ```
    /// assert_eq!(awssig::v2::Request::new("HEAD", "/b/k").method(), "HEAD");
    /// ```
    pub fn method(&self) -> &'a str {
        self.method
    }

    /// The path to sign.
    ///
    /// ```
    /// assert_eq!(awssig::v2::Request::new("GET", "/b/a%20b").path(), "/b/a%20b");
    /// ```
    pub fn path(&self) -> &'a str {
        self.path
    }
}
