//! The body of `CompleteMultipartUpload`: [`CompleteMultipartUpload`]
//! collects the parts and writes the XML, refusing what S3 would
//! (`InvalidPartOrder`, part numbers out of range, no part at all).

use alloc::string::String;
use alloc::vec::Vec;

use crate::error::{Error, ErrorKind, Result};
use crate::s3::pin;
use crate::v4::chunked::ChecksumAlgorithm;

use super::check_part_number;

/// The S3 namespace the body is written in.
const XMLNS: &str = "http://s3.amazonaws.com/doc/2006-03-01/";

/// The parts a `CompleteMultipartUpload` request lists, in ascending part
/// number, each with the `ETag` its upload answered (and the checksum, if
/// the upload was created with `x-amz-checksum-algorithm`).
///
/// ```
/// use awssig::{ErrorKind, s3::multipart::CompleteMultipartUpload};
/// let xml = CompleteMultipartUpload::new().part(1, "\"a54357aff0632cce46d942af68356b38\"").to_xml()?;
/// assert_eq!(xml, "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">\
///     <Part><ETag>\"a54357aff0632cce46d942af68356b38\"</ETag><PartNumber>1</PartNumber></Part>\
///     </CompleteMultipartUpload>");
/// let err = CompleteMultipartUpload::new().part(2, "\"b\"").part(1, "\"a\"").to_xml().unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::InvalidMultipart);
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CompleteMultipartUpload {
    parts: Vec<CompletedPart>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct CompletedPart {
    number: u16,
    etag: String,
    checksum: Option<(ChecksumAlgorithm, String)>,
}

fn err(message: String) -> Error {
    Error::new(ErrorKind::InvalidMultipart, message)
}

/// Appends `text` with `&`, `<` and `>` escaped (what botocore's
/// ElementTree writes; quotes stay literal in element text).
fn push_text(out: &mut String, text: &str) {
    let mut rest = text;
    // The three are ASCII: `i` and `i + 1` are character boundaries.
    while let Some(i) = rest.find(['&', '<', '>']) {
        out.push_str(&rest[..i]);
        out.push_str(match rest.as_bytes()[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            _ => "&gt;",
        });
        rest = &rest[i + 1..];
    }
    out.push_str(rest);
}

impl CompleteMultipartUpload {
    /// No parts yet.
    ///
    /// ```
    /// let body = awssig::s3::multipart::CompleteMultipartUpload::new();
    /// assert!(body.to_xml().is_err()); // S3 needs at least one part
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a part: its number and the `ETag` S3 answered for it (quotes
    /// included, as S3 sends it).
    ///
    /// ```
    /// let body = awssig::s3::multipart::CompleteMultipartUpload::new().part(1, "\"e1\"").part(2, "\"e2\"");
    /// assert!(body.to_xml()?.contains("<PartNumber>2</PartNumber>"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn part(mut self, number: u16, etag: impl Into<String>) -> Self {
        self.parts.push(CompletedPart {
            number,
            etag: etag.into(),
            checksum: None,
        });
        self
    }

    /// Adds a part with the checksum its upload carried (base64, as in
    /// `x-amz-checksum-*`), which S3 needs when the upload was created
    /// with `x-amz-checksum-algorithm`.
    ///
    /// ```
    /// use awssig::s3::{ChecksumAlgorithm, multipart::CompleteMultipartUpload};
    /// let body = CompleteMultipartUpload::new()
    ///     .part_with_checksum(1, "\"e1\"", ChecksumAlgorithm::Sha1, "2jmj7l5rSw0yVb/vlWAYkK/YBwk=")
    ///     .to_xml()?;
    /// assert!(body.contains("<ChecksumSHA1>2jmj7l5rSw0yVb/vlWAYkK/YBwk=</ChecksumSHA1>"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn part_with_checksum(
        mut self,
        number: u16,
        etag: impl Into<String>,
        algorithm: ChecksumAlgorithm,
        checksum_base64: impl Into<String>,
    ) -> Self {
        self.parts.push(CompletedPart {
            number,
            etag: etag.into(),
            checksum: Some((algorithm, checksum_base64.into())),
        });
        self
    }

    /// The XML body, after the checks S3 makes: at least one part, part
    /// numbers 1–10000 in strictly ascending order (S3:
    /// `InvalidPartOrder`), non-empty `ETag`s without control characters,
    /// well-formed checksums. Each refusal is an
    /// [`ErrorKind::InvalidMultipart`] (or, for a checksum,
    /// [`ErrorKind::InvalidChecksum`]) error naming the part.
    ///
    /// ```
    /// use awssig::{ErrorKind, s3::multipart::CompleteMultipartUpload};
    /// let twice = CompleteMultipartUpload::new().part(1, "\"a\"").part(1, "\"a\"");
    /// assert!(twice.to_xml().unwrap_err().to_string().contains("part 1 is listed twice"));
    /// let zero = CompleteMultipartUpload::new().part(0, "\"a\"");
    /// assert_eq!(zero.to_xml().unwrap_err().kind(), ErrorKind::InvalidMultipart);
    /// ```
    pub fn to_xml(&self) -> Result<String> {
        if self.parts.is_empty() {
            return Err(err(String::from(
                "a CompleteMultipartUpload body lists at least one part",
            )));
        }
        let mut len = 160;
        for (i, p) in self.parts.iter().enumerate() {
            check_part_number(p.number)?;
            if let Some(prev) = i.checked_sub(1).map(|j| &self.parts[j]) {
                if p.number == prev.number {
                    return Err(err(alloc::format!(
                        "part {} is listed twice: each part appears once in CompleteMultipartUpload",
                        p.number
                    )));
                }
                if p.number < prev.number {
                    return Err(err(alloc::format!(
                        "parts out of order: part {} comes after part {} (entry {} of the list); \
                         S3 wants ascending part numbers (InvalidPartOrder)",
                        p.number,
                        prev.number,
                        i + 1
                    )));
                }
            }
            if p.etag.is_empty() || p.etag.chars().any(char::is_control) {
                return Err(err(alloc::format!(
                    "part {}: the ETag {:?} must be the non-empty value S3 answered, without control characters",
                    p.number, p.etag
                )));
            }
            if let Some((alg, v)) = &p.checksum {
                pin::check_checksum_base64(*alg, v)?;
            }
            len += p.etag.len() + 96;
        }
        let mut out = String::with_capacity(len);
        out.push_str("<CompleteMultipartUpload xmlns=\"");
        out.push_str(XMLNS);
        out.push_str("\">");
        let mut digits = [0u8; 20];
        for p in &self.parts {
            out.push_str("<Part><ETag>");
            push_text(&mut out, &p.etag);
            out.push_str("</ETag>");
            if let Some((alg, v)) = &p.checksum {
                out.push_str("<Checksum");
                out.push_str(alg.sdk_name());
                out.push('>');
                out.push_str(v);
                out.push_str("</Checksum");
                out.push_str(alg.sdk_name());
                out.push('>');
            }
            out.push_str("<PartNumber>");
            let d = crate::encode::decimal(u64::from(p.number), &mut digits);
            out.push_str(core::str::from_utf8(d).unwrap_or("0"));
            out.push_str("</PartNumber></Part>");
        }
        out.push_str("</CompleteMultipartUpload>");
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn text_is_escaped_as_element_tree_does() {
        let mut s = String::new();
        push_text(&mut s, "\"a&b<c>d'\"");
        assert_eq!(s, "\"a&amp;b&lt;c&gt;d'\"");
    }

    /// Found by the multipart fuzz target: text ending in a multi-byte
    /// character (the old split at `len - 1` panicked).
    #[test]
    fn text_ending_in_non_ascii_is_kept_whole() {
        for t in ["ä", "a&ä", "é<", "\u{1F389}>\u{1F389}", ""] {
            let mut s = String::new();
            push_text(&mut s, t);
            let back = s
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&");
            assert_eq!(back, t);
        }
        let xml = CompleteMultipartUpload::new()
            .part(1, "\"ä\"")
            .to_xml()
            .unwrap();
        assert!(xml.contains("<ETag>\"ä\"</ETag>"), "{xml}");
    }

    #[test]
    fn out_of_order_names_both_parts() {
        let e = CompleteMultipartUpload::new()
            .part(1, "a")
            .part(3, "c")
            .part(2, "b")
            .to_xml()
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidMultipart);
        assert!(
            e.to_string().contains("part 2 comes after part 3 (entry 3"),
            "{e}"
        );
    }
}
