//! What a server says it computed: S3's `SignatureDoesNotMatch` body
//! (`CanonicalRequest`, `StringToSign`, or their `…Bytes` in hex), or
//! Ceph RGW's log at `debug_rgw` 10 and above.

use alloc::string::String;
use alloc::vec::Vec;

use crate::error::{Error, ErrorKind, Result};

/// The canonical request and string to sign a server computed, either
/// or both.
///
/// ```
/// use awssig::explain::ServerSteps;
/// let s = ServerSteps::new(Some("GET\n/\n".into()), None);
/// assert_eq!(s.canonical_request(), Some("GET\n/\n"));
/// assert_eq!(s.string_to_sign(), None);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ServerSteps {
    canonical_request: Option<String>,
    string_to_sign: Option<String>,
}

fn bad(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::InvalidServerAnswer, message)
}

/// `47 45 54` → `GET` (S3's `…Bytes` fields: two hex digits a byte,
/// separated by spaces).
fn from_hex_bytes(what: &str, text: &str) -> Result<String> {
    let mut bytes = Vec::with_capacity(text.len() / 3 + 1);
    for pair in text.split_ascii_whitespace() {
        let byte = (pair.len() == 2)
            .then(|| u8::from_str_radix(pair, 16).ok())
            .flatten()
            .ok_or_else(|| {
                bad(alloc::format!(
                    "<{what}> holds {pair:?}; expected two hex digits a byte, separated by spaces"
                ))
            })?;
        bytes.push(byte);
    }
    String::from_utf8(bytes).map_err(|_| bad(alloc::format!("<{what}> is not UTF-8 text")))
}

impl ServerSteps {
    /// From the two texts.
    ///
    /// ```
    /// let s = awssig::explain::ServerSteps::new(None, Some("AWS4-HMAC-SHA256\n".into()));
    /// assert!(s.canonical_request().is_none());
    /// ```
    pub fn new(canonical_request: Option<String>, string_to_sign: Option<String>) -> Self {
        ServerSteps {
            canonical_request,
            string_to_sign,
        }
    }

    /// From an S3 error body: `<CanonicalRequest>` (else
    /// `<CanonicalRequestBytes>`) and `<StringToSign>` (else
    /// `<StringToSignBytes>`). A body with none of them is an error that
    /// says where else to look.
    ///
    /// ```
    /// use awssig::explain::ServerSteps;
    /// let body = "<Error><Code>SignatureDoesNotMatch</Code>\
    ///     <StringToSignBytes>41 57 53 34</StringToSignBytes>\
    ///     <CanonicalRequest>GET\n/k\n</CanonicalRequest></Error>";
    /// let s = ServerSteps::from_error_body(body)?;
    /// assert_eq!(s.canonical_request(), Some("GET\n/k\n"));
    /// assert_eq!(s.string_to_sign(), Some("AWS4"));
    /// assert!(ServerSteps::from_error_body("<Error><Code>AccessDenied</Code></Error>").is_err());
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn from_error_body(body: &str) -> Result<Self> {
        let root = crate::xml::parse(body).map_err(|e| {
            bad(alloc::format!(
                "the error body is not XML ({} at byte {})",
                e.what,
                e.offset
            ))
        })?;
        let field = |text: &str, bytes: &str| -> Result<Option<String>> {
            if let Some(t) = root.descendant(text) {
                return Ok(Some(String::from(t.text())));
            }
            root.descendant(bytes)
                .map(|b| from_hex_bytes(bytes, b.text()))
                .transpose()
        };
        let steps = ServerSteps {
            canonical_request: field("CanonicalRequest", "CanonicalRequestBytes")?,
            string_to_sign: field("StringToSign", "StringToSignBytes")?,
        };
        if steps.canonical_request.is_none() && steps.string_to_sign.is_none() {
            let code = root.descendant("Code").map_or("", |c| c.text());
            return Err(bad(alloc::format!(
                "the error body ({code}) has no CanonicalRequest, StringToSign or StringToSignBytes; S3 sends them with SignatureDoesNotMatch, Ceph RGW logs them instead (debug_rgw = 10: give its log)"
            )));
        }
        Ok(steps)
    }

    /// From a Ceph RGW log at `debug_rgw` 10 or more: the last
    /// `canonical request = …` block and the `string to sign = …` block
    /// after it (each runs until the next timestamped line).
    ///
    /// ```
    /// use awssig::explain::ServerSteps;
    /// let log = "2026-01-01T00:00:00.000+0000 7f 10 req 1 0.0s canonical request = GET\n/b/k\nx=1\n\
    /// 2026-01-01T00:00:00.000+0000 7f 10 req 1 0.0s string to sign = AWS4-HMAC-SHA256\n20260101T000000Z\n\
    /// 2026-01-01T00:00:00.000+0000 7f 10 req 1 0.0s date_k = …\n";
    /// let s = ServerSteps::from_rgw_log(log)?;
    /// assert_eq!(s.canonical_request(), Some("GET\n/b/k\nx=1"));
    /// assert_eq!(s.string_to_sign(), Some("AWS4-HMAC-SHA256\n20260101T000000Z"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn from_rgw_log(log: &str) -> Result<Self> {
        const CREQ: &str = " canonical request = ";
        const STS: &str = " string to sign = ";
        let start = log.rfind(CREQ).ok_or_else(|| {
            bad("the log has no \"canonical request = \" line; start radosgw with debug_rgw = 10 (RGW_DEBUG=10) and repeat the request")
        })?;
        let creq = block(&log[start + CREQ.len()..]);
        let after = &log[start..];
        let sts = after.find(STS).map(|i| block(&after[i + STS.len()..]));
        Ok(ServerSteps {
            canonical_request: Some(String::from(creq)),
            string_to_sign: sts.map(String::from),
        })
    }

    /// The server's canonical request.
    ///
    /// ```
    /// assert_eq!(awssig::explain::ServerSteps::default().canonical_request(), None);
    /// ```
    pub fn canonical_request(&self) -> Option<&str> {
        self.canonical_request.as_deref()
    }

    /// The server's string to sign.
    ///
    /// ```
    /// assert_eq!(awssig::explain::ServerSteps::default().string_to_sign(), None);
    /// ```
    pub fn string_to_sign(&self) -> Option<&str> {
        self.string_to_sign.as_deref()
    }
}

/// A log value that runs over lines: up to the next line that starts a
/// log entry (`YYYY-MM-DDT`), without the final newline.
fn block(text: &str) -> &str {
    let mut end = text.len();
    let mut at = 0;
    while let Some(nl) = text[at..].find('\n') {
        let next = at + nl + 1;
        if starts_entry(&text[next..]) || next == text.len() {
            end = at + nl;
            break;
        }
        at = next;
    }
    &text[..end]
}

fn starts_entry(line: &str) -> bool {
    let b = line.as_bytes();
    b.len() > 11
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
}
