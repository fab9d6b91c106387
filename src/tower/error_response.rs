//! S3's XML error answer for a refused request.

use alloc::string::String;

use bytes::Bytes;

use crate::error::Error;

/// S3's answer to a refused request: the status of the error's S3 code
/// (400 `InvalidRequest` for an error without one) and the XML body S3
/// writes, `<Error><Code>…</Code><Message>…</Message><Resource>…</Resource>`
/// (and `<HeadersNotSigned>` with the names, or the canonical request and
/// string to sign when the verifier's debug mode recorded them).
///
/// A server also uses it for a [`BodyError`](super::BodyError) met while
/// reading a [`VerifiedBody`](super::VerifiedBody). `HEAD` answers carry
/// no body: pass `head = true` (the status alone tells the client).
///
/// ```
/// use awssig::{Error, S3ErrorCode};
/// use awssig::verify::{Incoming, Verifier};
/// let now = awssig::SigningTime::from_unix(1_700_000_000)?;
/// let err = Verifier::s3().verify(&Incoming::new("GET", "/b/k", &[]), now, |_: &str| None).unwrap_err();
/// let response = awssig::tower::error_response(&err, "/b/k", false);
/// assert_eq!(response.status(), 403);
/// let body = String::from_utf8(response.body().to_vec()).expect("utf-8");
/// assert!(body.contains("<Code>AccessDenied</Code>"));
/// assert!(body.contains("<Resource>/b/k</Resource>"));
/// # Ok::<(), awssig::Error>(())
/// ```
pub fn error_response(err: &Error, resource: &str, head: bool) -> http::Response<Bytes> {
    let (status, code) = match err.s3_code() {
        Some(code) => (code.http_status(), code.as_str()),
        None => (400, "InvalidRequest"),
    };
    let body = if head {
        Bytes::new()
    } else {
        let mut xml = String::with_capacity(256);
        xml.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>");
        xml.push_str(code);
        xml.push_str("</Code><Message>");
        escape_into(&mut xml, &alloc::string::ToString::to_string(err));
        xml.push_str("</Message><Resource>");
        escape_into(&mut xml, resource);
        xml.push_str("</Resource>");
        let unsigned = err.headers_not_signed();
        if !unsigned.is_empty() {
            xml.push_str("<HeadersNotSigned>");
            escape_into(&mut xml, &unsigned.join(", "));
            xml.push_str("</HeadersNotSigned>");
        }
        if let Some(text) = err.string_to_sign() {
            xml.push_str("<StringToSign>");
            escape_into(&mut xml, text);
            xml.push_str("</StringToSign>");
        }
        if let Some(text) = err.canonical_request() {
            xml.push_str("<CanonicalRequest>");
            escape_into(&mut xml, text);
            xml.push_str("</CanonicalRequest>");
        }
        xml.push_str("</Error>");
        Bytes::from(xml)
    };
    let mut response = http::Response::new(body);
    *response.status_mut() =
        http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::BAD_REQUEST);
    response.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("application/xml"),
    );
    response
}

/// Appends `text` with XML's five special characters escaped.
fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::S3ErrorCode;

    #[test]
    fn error_body_escapes_message_and_resource() {
        let err = Error::rejected(S3ErrorCode::SignatureDoesNotMatch, "a <b> & 'c'");
        let r = error_response(&err, "/b/k&<x>", false);
        let body = core::str::from_utf8(r.body()).unwrap_or("");
        assert!(
            body.contains("<Message>a &lt;b&gt; &amp; &apos;c&apos;</Message>"),
            "{body}"
        );
        assert!(
            body.contains("<Resource>/b/k&amp;&lt;x&gt;</Resource>"),
            "{body}"
        );
        assert_eq!(r.status(), 403);
    }

    #[test]
    fn head_error_has_status_and_no_body() {
        let err = Error::rejected(S3ErrorCode::AccessDenied, "no");
        let r = error_response(&err, "/b/k", true);
        assert_eq!((r.status().as_u16(), r.body().len()), (403, 0));
    }
}
