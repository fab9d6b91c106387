//! A SigV4 request's own signed-header list (`SignedHeaders=` of the
//! `Authorization` header, `X-Amz-SignedHeaders` of a presigned URL).

use alloc::string::String;

use crate::error::{Error, Result, S3ErrorCode};
use crate::syntax::SplitAscii;

use super::Incoming;

/// A request's signed-header list, checked: lowercase header names
/// separated by `;`, `host` among them, each carried by the request.
#[derive(Clone, Copy, Debug)]
pub(crate) struct SignedList<'a>(&'a str);

impl<'a> SignedList<'a> {
    /// Checks `list` against the request; `err` words a malformed list in
    /// the error of its authorization kind.
    pub(crate) fn check(
        list: &'a str,
        req: &Incoming<'_>,
        err: fn(String) -> Error,
    ) -> Result<Self> {
        let mut host = false;
        for n in SplitAscii::new(list, b';') {
            if n.is_empty() || n.bytes().any(|b| b.is_ascii_uppercase()) {
                return Err(err(alloc::format!(
                    "signed headers {list:?} must be lowercase header names separated by ';'"
                )));
            }
            host |= n == "host";
        }
        if !host {
            return Err(err(alloc::format!(
                "signed headers {list:?} must include host"
            )));
        }
        for n in SplitAscii::new(list, b';') {
            let present = req.has_header(n) || (n == "host" && req.url_host.is_some());
            if !present {
                return Err(Error::rejected(
                    S3ErrorCode::SignatureDoesNotMatch,
                    alloc::format!("the signed header {n:?} is missing from the request"),
                ));
            }
        }
        Ok(SignedList(list))
    }

    /// The list as the request wrote it.
    pub(crate) fn as_str(&self) -> &'a str {
        self.0
    }

    /// The names, in the request's order.
    pub(crate) fn names(&self) -> SplitAscii<'a> {
        SplitAscii::new(self.0, b';')
    }

    /// Whether `name` (lowercase) is in the list.
    pub(crate) fn contains(&self, name: &str) -> bool {
        self.names().any(|n| n == name)
    }
}
