//! The SigV2 string to sign.
//!
//! ```text
//! HTTP-Verb \n
//! Content-MD5 \n
//! Content-Type \n
//! Date \n                        (the Expires value when presigning; empty with x-amz-date)
//! CanonicalizedAmzHeaders        (each line `name:value\n`, none when there are none)
//! CanonicalizedResource          (path to sign, then `?` and the sorted sub-resources)
//! ```
//!
//! * The amz headers are every `x-amz-*` header, names lowercased and
//!   sorted, values trimmed at the ends only (SigV2 never collapses inner
//!   whitespace), repeated names joined with `,` in request order.
//! * The canonicalized resource is the path to sign, unchanged, then the
//!   query parameters named in [`super::SUB_RESOURCES`], sorted by name
//!   (stably: repeats keep their order), values percent-decoded (`+` stays
//!   `+`), `name=value` or the bare `name` when the value is empty, joined
//!   with `&`.
//!
//! The text is written through a byte sink, straight into the HMAC when
//! signing; [`super::Signer::sign_headers_steps`] and
//! [`super::Signer::presign_steps`] show it.
//!
//! ```
//! use awssig::{Credentials, SigningTime};
//! use awssig::v2::{DateFormat, Request, Signer};
//! let signer = Signer::new(Credentials::new("AKID", "secret")?).date_format(DateFormat::NumericOffset);
//! let h = [("X-Amz-Meta-B", " 2 "), ("Content-Type", "text/plain"), ("x-amz-meta-a", "x  y"), ("X-AMZ-META-B", "1")];
//! let req = Request::new("PUT", "/bucket/k%C3%A9y").raw_query("versionId=a%2Bb+c&prefix=x&acl").headers(&h);
//! let steps = signer.sign_headers_steps(&req, SigningTime::from_unix(0)?)?;
//! assert_eq!(
//!     steps.string_to_sign,
//!     "PUT\n\ntext/plain\nThu, 01 Jan 1970 00:00:00 +0000\n\
//!      x-amz-meta-a:x  y\nx-amz-meta-b:2,1\n\
//!      /bucket/k%C3%A9y?acl&versionId=a+b+c"
//! );
//! # Ok::<(), awssig::Error>(())
//! ```

use alloc::borrow::Cow;
use alloc::vec::Vec;

use crate::encode::{self, Sink};
use crate::error::{Error, ErrorKind, Result};
use crate::inline_vec::InlineVec;
use crate::syntax::{self, check_header, check_method, check_path, check_raw_query, Query};
use crate::time::SigningTime;

use super::request::Request;
use super::settings::{DateFormat, DateHeader};
use super::SUB_RESOURCES;

/// What fills the date line and which headers a request may carry.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Mode {
    /// Header signing: the signer sets `Date` or `x-amz-date`.
    Header {
        time: SigningTime,
        date_header: DateHeader,
        format: DateFormat,
    },
    /// Query signing: the date line is `Expires`.
    Presign { expires: u64 },
    /// Verification: the date line is given as received, and every
    /// `x-amz-*` header of the request is signed as it is.
    Verify,
}

/// An amz header value: the caller's text, or the signer's date.
#[derive(Clone, Copy, Debug, Default)]
enum AmzValue<'a> {
    Text(&'a str),
    #[default]
    Date,
}

#[derive(Clone, Copy, Debug, Default)]
struct AmzHeader<'a> {
    name: &'a str,
    value: AmzValue<'a>,
}

#[derive(Clone, Debug)]
struct SubResource<'a> {
    name: &'a str,
    value: Cow<'a, str>,
}

/// A request's string to sign, validated and sorted, ready to write.
pub(crate) struct StringToSign<'a> {
    method: &'a str,
    content_md5: &'a str,
    content_type: &'a str,
    mode: Mode,
    /// The date line in [`Mode::Verify`].
    given_date: &'a str,
    amz: InlineVec<AmzHeader<'a>, 16>,
    path: &'a str,
    sub_resources: Vec<SubResource<'a>>,
}

/// How a header is treated.
pub(crate) enum HeaderClass {
    ContentMd5,
    ContentType,
    Date,
    XAmzDate,
    SecurityToken,
    Amz,
    Host,
    Other,
}

pub(crate) fn classify(name: &str) -> HeaderClass {
    let is = |n: &str| name.eq_ignore_ascii_case(n);
    if is("content-md5") {
        HeaderClass::ContentMd5
    } else if is("content-type") {
        HeaderClass::ContentType
    } else if is("date") {
        HeaderClass::Date
    } else if is("x-amz-date") {
        HeaderClass::XAmzDate
    } else if is("x-amz-security-token") {
        HeaderClass::SecurityToken
    } else if name.len() >= 6 && name.as_bytes()[..6].eq_ignore_ascii_case(b"x-amz-") {
        HeaderClass::Amz
    } else if is("host") {
        HeaderClass::Host
    } else {
        HeaderClass::Other
    }
}

pub(crate) fn unsupported(name: &str, why: &str) -> Error {
    Error::new(
        ErrorKind::UnsupportedHeader,
        alloc::format!("header {name:?} {why}"),
    )
}

/// The parameters of a presigned URL's own signature.
pub(crate) const RESERVED_QUERY: &[&str] = &["AWSAccessKeyId", "Signature", "Expires"];

/// Percent-decodes a raw query value as botocore does (`unquote`): valid
/// `%XX` escapes are decoded, `+` stays `+`, invalid UTF-8 becomes U+FFFD.
fn decode_value(raw: &str) -> Cow<'_, str> {
    if !raw.contains('%') {
        return Cow::Borrowed(raw);
    }
    let out = encode::decode(raw.as_bytes());
    match alloc::string::String::from_utf8(out) {
        Ok(s) => Cow::Owned(s),
        Err(e) => Cow::Owned(alloc::string::String::from_utf8_lossy(e.as_bytes()).into_owned()),
    }
}

impl<'a> StringToSign<'a> {
    /// Validates and sorts; `token` is the credentials' session token,
    /// which replaces any `x-amz-security-token` header of the request.
    pub(crate) fn new(req: &Request<'a>, mode: Mode, token: Option<&'a str>) -> Result<Self> {
        check_method(req.method)?;
        check_path(req.path)?;
        let presign = matches!(mode, Mode::Presign { .. });
        let mut content_md5: Option<&'a str> = None;
        let mut content_type: Option<&'a str> = None;
        let mut amz: InlineVec<AmzHeader<'a>, 16> = InlineVec::new();
        for &(name, value) in req.headers {
            check_header(name, value)?;
            match classify(name) {
                HeaderClass::ContentMd5 | HeaderClass::ContentType => {
                    let slot = if matches!(classify(name), HeaderClass::ContentMd5) {
                        &mut content_md5
                    } else {
                        &mut content_type
                    };
                    if slot.is_some() {
                        return Err(Error::new(
                            ErrorKind::InvalidHeaderValue,
                            alloc::format!(
                                "header {name:?} is given twice; SigV2 signs a single {name} value"
                            ),
                        ));
                    }
                    *slot = Some(value);
                }
                HeaderClass::Date => {
                    if presign {
                        return Err(unsupported(
                            name,
                            "cannot be carried by a SigV2 presigned URL (its date line is Expires)",
                        ));
                    }
                    // Header signing: replaced by the signer's date.
                }
                HeaderClass::XAmzDate if matches!(mode, Mode::Header { .. }) => {
                    // Replaced by the signer's date (or dropped in Date mode).
                }
                HeaderClass::SecurityToken if token.is_some() => {
                    // Replaced by the credentials' token.
                }
                HeaderClass::XAmzDate | HeaderClass::SecurityToken | HeaderClass::Amz => {
                    if presign && amz.iter().any(|h| h.name.eq_ignore_ascii_case(name)) {
                        return Err(unsupported(
                            name,
                            "is given twice; a SigV2 presigned URL carries each header once",
                        ));
                    }
                    amz.push(AmzHeader {
                        name,
                        value: AmzValue::Text(value),
                    });
                }
                HeaderClass::Host => {}
                HeaderClass::Other => {
                    if presign {
                        return Err(unsupported(
                            name,
                            "cannot be carried by a SigV2 presigned URL (only x-amz-*, Content-Type and Content-MD5 can); send it unsigned or use SigV4",
                        ));
                    }
                }
            }
        }
        if let Some(t) = token {
            amz.push(AmzHeader {
                name: "x-amz-security-token",
                value: AmzValue::Text(t),
            });
        }
        if let Mode::Header {
            date_header: DateHeader::XAmzDate,
            ..
        } = mode
        {
            amz.push(AmzHeader {
                name: "x-amz-date",
                value: AmzValue::Date,
            });
        }
        amz.sort_by(|a, b| syntax::cmp_lowercase(a.name, b.name));

        let mut sub_resources = Vec::new();
        let mut reserved: Option<&'a str> = None;
        let mut header_like: Option<&'a str> = None;
        let mut push = |name: &'a str, value: Cow<'a, str>| {
            if presign
                && reserved.is_none()
                && RESERVED_QUERY.iter().any(|r| r.eq_ignore_ascii_case(name))
            {
                reserved = Some(name);
            }
            // A presigned URL carries its signed headers as query
            // parameters; a parameter named like one would be read back
            // as a signed header by the server.
            if presign && header_like.is_none() {
                let decoded = crate::encode::decode(name.as_bytes());
                let class = classify(&alloc::string::String::from_utf8_lossy(&decoded));
                if !matches!(
                    class,
                    HeaderClass::Other | HeaderClass::Host | HeaderClass::Date
                ) {
                    header_like = Some(name);
                }
            }
            if SUB_RESOURCES.contains(&name) {
                sub_resources.push(SubResource { name, value });
            }
        };
        match req.query {
            Query::Raw(raw) => {
                check_raw_query(raw)?;
                for part in raw.split('&').filter(|p| !p.is_empty()) {
                    match part.split_once('=') {
                        Some((n, v)) => push(n, decode_value(v)),
                        None => push(part, Cow::Borrowed("")),
                    }
                }
            }
            Query::Pairs(pairs) => {
                for &(n, v) in pairs {
                    push(n, Cow::Borrowed(v));
                }
            }
        }
        if let Some(name) = reserved {
            return Err(Error::new(
                ErrorKind::InvalidQuery,
                alloc::format!(
                    "query parameter {name:?} is reserved for the presigned URL's own signature"
                ),
            ));
        }
        if let Some(name) = header_like {
            return Err(Error::new(
                ErrorKind::InvalidQuery,
                alloc::format!(
                    "query parameter {name:?} is named like a header, which a SigV2 presigned URL carries in its query; pass it as a header"
                ),
            ));
        }
        sub_resources.sort_by(|a, b| a.name.cmp(b.name));

        Ok(StringToSign {
            method: req.method,
            content_md5: content_md5.map(syntax::trim_ows_str).unwrap_or(""),
            content_type: content_type.map(syntax::trim_ows_str).unwrap_or(""),
            mode,
            given_date: "",
            amz,
            path: req.path,
            sub_resources,
        })
    }

    /// The string to sign of a received request ([`Mode::Verify`]): its
    /// `Date` line is `date_line` (the `Date` header, empty with
    /// `x-amz-date`, or a presigned URL's `Expires`), its amz headers are
    /// the request's `x-amz-*` headers, as they are.
    pub(crate) fn for_verify(req: &Request<'a>, date_line: &'a str) -> Result<Self> {
        let mut sts = Self::new(req, Mode::Verify, None)?;
        sts.given_date = date_line;
        Ok(sts)
    }

    fn write_date<S: Sink + ?Sized>(&self, out: &mut S) {
        if let Mode::Header { time, format, .. } = self.mode {
            time.write_rfc1123(out, format.zone());
        }
    }

    /// Writes the whole string to sign.
    pub(crate) fn write<S: Sink + ?Sized>(&self, out: &mut S) {
        out.put(self.method.as_bytes());
        out.put(b"\n");
        out.put(self.content_md5.as_bytes());
        out.put(b"\n");
        out.put(self.content_type.as_bytes());
        out.put(b"\n");
        match self.mode {
            Mode::Header {
                date_header: DateHeader::Date,
                ..
            } => self.write_date(out),
            Mode::Header { .. } => {}
            Mode::Presign { expires } => {
                let mut digits = [0u8; 20];
                out.put(encode::decimal(expires, &mut digits));
            }
            Mode::Verify => out.put(self.given_date.as_bytes()),
        }
        out.put(b"\n");
        self.write_amz(out);
        out.put(self.path.as_bytes());
        for (i, s) in self.sub_resources.iter().enumerate() {
            out.put(if i == 0 { b"?" } else { b"&" });
            out.put(s.name.as_bytes());
            if !s.value.is_empty() {
                out.put(b"=");
                out.put(s.value.as_bytes());
            }
        }
    }

    fn write_amz<S: Sink + ?Sized>(&self, out: &mut S) {
        let mut hs = self.amz.iter().peekable();
        while let Some(h) = hs.next() {
            syntax::write_lower(out, h.name.as_bytes());
            out.put(b":");
            self.write_amz_value(out, &h.value);
            while let Some(same) = hs.next_if(|n| n.name.eq_ignore_ascii_case(h.name)) {
                out.put(b",");
                self.write_amz_value(out, &same.value);
            }
            out.put(b"\n");
        }
    }

    fn write_amz_value<S: Sink + ?Sized>(&self, out: &mut S, value: &AmzValue<'_>) {
        match value {
            AmzValue::Text(t) => out.put(syntax::trim_ows_str(t).as_bytes()),
            AmzValue::Date => self.write_date(out),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::String;

    fn sts(req: Request<'_>, mode: Mode, token: Option<&str>) -> String {
        let mut s = String::new();
        StringToSign::new(&req, mode, token)
            .unwrap()
            .write(&mut crate::encode::StringSink(&mut s));
        s
    }

    const PRESIGN: Mode = Mode::Presign { expires: 42 };

    #[test]
    fn sub_resources_filtered_sorted_stably_and_decoded() {
        let req = Request::new("GET", "/b/k").raw_query(
            "versionId=2&prefix=a&uploadId=x%2By+z&acl&versionId=1&response-content-type=a%2Fb&%61cl=1&torrent=",
        );
        assert_eq!(
            sts(req, PRESIGN, None),
            "GET\n\n\n42\n/b/k?acl&response-content-type=a/b&torrent&uploadId=x+y+z&versionId=2&versionId=1"
        );
    }

    #[test]
    fn pairs_are_taken_decoded() {
        let q = [
            (
                "response-content-disposition",
                "attachment; filename=\"é%.pdf\"",
            ),
            ("uploads", ""),
        ];
        let req = Request::new("POST", "/b/k").query_pairs(&q);
        assert_eq!(
            sts(req, PRESIGN, None),
            "POST\n\n\n42\n/b/k?response-content-disposition=attachment; filename=\"é%.pdf\"&uploads"
        );
    }

    #[test]
    fn invalid_utf8_escapes_become_replacement_characters() {
        let req = Request::new("GET", "/b/k").raw_query("versionId=%FFa%C3");
        assert!(sts(req, PRESIGN, None).ends_with("?versionId=\u{fffd}a\u{fffd}"));
    }

    #[test]
    fn token_replaces_callers_and_sorts_in() {
        let h = [
            ("x-amz-security-token", "old"),
            ("x-amz-acl", "private"),
            ("X-Amz-Zed", "z"),
        ];
        let req = Request::new("GET", "/b/k").headers(&h);
        assert_eq!(
            sts(req, PRESIGN, Some("new")),
            "GET\n\n\n42\nx-amz-acl:private\nx-amz-security-token:new\nx-amz-zed:z\n/b/k"
        );
        // Without credentials' token, a caller's token header is an amz header.
        assert_eq!(
            sts(req, PRESIGN, None),
            "GET\n\n\n42\nx-amz-acl:private\nx-amz-security-token:old\nx-amz-zed:z\n/b/k"
        );
    }

    #[test]
    fn verify_mode_signs_received_amz_headers_and_given_date() {
        let h = [
            ("Date", "ignored"),
            ("X-Amz-Date", "Thu, 01 Jan 1970 00:00:00 GMT"),
            ("x-amz-security-token", "tok"),
            ("Range", "bytes=0-1"),
            ("Content-Type", "a/b"),
        ];
        let req = Request::new("GET", "/b/k")
            .raw_query("acl&Signature=x")
            .headers(&h);
        let mut s = String::new();
        StringToSign::for_verify(&req, "")
            .unwrap()
            .write(&mut crate::encode::StringSink(&mut s));
        assert_eq!(
            s,
            "GET\n\na/b\n\nx-amz-date:Thu, 01 Jan 1970 00:00:00 GMT\nx-amz-security-token:tok\n/b/k?acl"
        );
    }

    #[test]
    fn only_ascii_blanks_trimmed() {
        let h = [
            ("x-amz-meta-a", "\t a \u{a0}b  c \t"),
            ("Content-Type", "  text/plain "),
        ];
        let req = Request::new("PUT", "/b/k").headers(&h);
        assert_eq!(
            sts(req, PRESIGN, None),
            "PUT\n\ntext/plain\n42\nx-amz-meta-a:a \u{a0}b  c\n/b/k"
        );
    }
}
