//! S3's answers in a multipart upload, read with the crate's small strict
//! XML reader: [`InitiateResult`] (CreateMultipartUpload),
//! [`CompleteOutcome`] (CompleteMultipartUpload, which can fail after its
//! `200 OK`) and [`ErrorResponse`] (any S3 `<Error>` body).

use alloc::string::String;

use crate::error::{Error, ErrorKind, Result};
use crate::xml::{self, Element};

/// The longest response body read: S3's answers here are a few hundred
/// bytes; a body this long is not one of them.
const MAX_RESPONSE_LEN: usize = 1 << 20;

fn response_err(message: String) -> Error {
    Error::new(ErrorKind::InvalidResponse, message)
}

/// The root of `body`, which must be `<root>`; an `<Error>` document is an
/// error naming its code.
fn parse_root(body: &str, root: &str) -> Result<Element> {
    let el = parse_any(body, root)?;
    if el.name() == "Error" {
        let e = ErrorResponse::from_element(&el);
        return Err(response_err(alloc::format!(
            "S3 answered an error instead of <{root}>: {} ({})",
            e.code,
            e.message
        )));
    }
    if el.name() != root {
        return Err(response_err(alloc::format!(
            "expected an S3 <{root}> document, got <{}>",
            el.name()
        )));
    }
    Ok(el)
}

fn parse_any(body: &str, what: &str) -> Result<Element> {
    if body.len() > MAX_RESPONSE_LEN {
        return Err(response_err(alloc::format!(
            "the <{what}> response is {} bytes; at most {MAX_RESPONSE_LEN} are read",
            body.len()
        )));
    }
    xml::parse(body)
        .map_err(|e| response_err(alloc::format!("the <{what}> response is not XML: {e}")))
}

fn required(el: &Element, name: &str) -> Result<String> {
    match el.child(name) {
        Some(c) if !c.text().is_empty() => Ok(String::from(c.text())),
        _ => Err(response_err(alloc::format!(
            "the <{}> response has no <{name}>",
            el.name()
        ))),
    }
}

fn optional(el: &Element, name: &str) -> String {
    el.child(name)
        .map(|c| String::from(c.text()))
        .unwrap_or_default()
}

/// `<InitiateMultipartUploadResult>`: what `CreateMultipartUpload`
/// answers, above all the upload id.
///
/// ```
/// use awssig::s3::multipart::InitiateResult;
/// let r = InitiateResult::parse(r#"<?xml version="1.0" encoding="UTF-8"?>
/// <InitiateMultipartUploadResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
///   <Bucket>b-1</Bucket><Key>big.bin</Key><UploadId>2~abc&amp;d</UploadId>
/// </InitiateMultipartUploadResult>"#)?;
/// assert_eq!((r.bucket(), r.key(), r.upload_id()), ("b-1", "big.bin", "2~abc&d"));
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct InitiateResult {
    bucket: String,
    key: String,
    upload_id: String,
}

impl InitiateResult {
    /// Reads the body. Not XML, another root (an `<Error>` names its
    /// code), or no `<UploadId>`: an [`ErrorKind::InvalidResponse`] error.
    ///
    /// ```
    /// use awssig::{ErrorKind, s3::multipart::InitiateResult};
    /// let err = InitiateResult::parse("<InitiateMultipartUploadResult/>").unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::InvalidResponse);
    /// ```
    pub fn parse(body: &str) -> Result<InitiateResult> {
        let el = parse_root(body, "InitiateMultipartUploadResult")?;
        Ok(InitiateResult {
            upload_id: required(&el, "UploadId")?,
            bucket: optional(&el, "Bucket"),
            key: optional(&el, "Key"),
        })
    }

    /// The bucket (empty if the answer did not say).
    ///
    /// ```
    /// # let r = awssig::s3::multipart::InitiateResult::parse("<InitiateMultipartUploadResult><Bucket>b</Bucket><UploadId>u</UploadId></InitiateMultipartUploadResult>")?;
    /// assert_eq!(r.bucket(), "b");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn bucket(&self) -> &str {
        &self.bucket
    }

    /// The key (empty if the answer did not say).
    ///
    /// ```
    /// # let r = awssig::s3::multipart::InitiateResult::parse("<InitiateMultipartUploadResult><Key>k</Key><UploadId>u</UploadId></InitiateMultipartUploadResult>")?;
    /// assert_eq!(r.key(), "k");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The upload id every later step names.
    ///
    /// ```
    /// # let r = awssig::s3::multipart::InitiateResult::parse("<InitiateMultipartUploadResult><UploadId>u</UploadId></InitiateMultipartUploadResult>")?;
    /// assert_eq!(r.upload_id(), "u");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn upload_id(&self) -> &str {
        &self.upload_id
    }
}

/// `<CompleteMultipartUploadResult>`: the assembled object.
///
/// ```
/// use awssig::s3::multipart::{CompleteOutcome, CompleteResult};
/// let body = "<CompleteMultipartUploadResult><Location>http://h/b/k</Location>\
///     <Bucket>b</Bucket><Key>k</Key><ETag>\"3858f62230ac3c915f300c664312c11f-9\"</ETag>\
///     </CompleteMultipartUploadResult>";
/// let CompleteOutcome::Completed(r) = CompleteOutcome::parse(body)? else { panic!() };
/// assert_eq!(r.etag(), "\"3858f62230ac3c915f300c664312c11f-9\"");
/// assert_eq!((r.location(), r.bucket(), r.key()), ("http://h/b/k", "b", "k"));
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct CompleteResult {
    location: String,
    bucket: String,
    key: String,
    etag: String,
}

impl CompleteResult {
    /// The object's URL as S3 states it (empty if absent).
    ///
    /// ```
    /// # use awssig::s3::multipart::CompleteOutcome;
    /// # let CompleteOutcome::Completed(r) = CompleteOutcome::parse("<CompleteMultipartUploadResult><Location>L</Location><ETag>e</ETag></CompleteMultipartUploadResult>")? else { panic!() };
    /// assert_eq!(r.location(), "L");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn location(&self) -> &str {
        &self.location
    }

    /// The bucket (empty if absent).
    ///
    /// ```
    /// # use awssig::s3::multipart::CompleteOutcome;
    /// # let CompleteOutcome::Completed(r) = CompleteOutcome::parse("<CompleteMultipartUploadResult><Bucket>b</Bucket><ETag>e</ETag></CompleteMultipartUploadResult>")? else { panic!() };
    /// assert_eq!(r.bucket(), "b");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn bucket(&self) -> &str {
        &self.bucket
    }

    /// The key (empty if absent).
    ///
    /// ```
    /// # use awssig::s3::multipart::CompleteOutcome;
    /// # let CompleteOutcome::Completed(r) = CompleteOutcome::parse("<CompleteMultipartUploadResult><Key>k</Key><ETag>e</ETag></CompleteMultipartUploadResult>")? else { panic!() };
    /// assert_eq!(r.key(), "k");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The object's `ETag` (for a multipart object, `"<md5 of the parts'
    /// md5s>-<parts>"`; empty from Ceph RGW 16.2, which answers
    /// `<ETag></ETag>`).
    ///
    /// ```
    /// # use awssig::s3::multipart::CompleteOutcome;
    /// # let CompleteOutcome::Completed(r) = CompleteOutcome::parse("<CompleteMultipartUploadResult><ETag>e-2</ETag></CompleteMultipartUploadResult>")? else { panic!() };
    /// assert_eq!(r.etag(), "e-2");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn etag(&self) -> &str {
        &self.etag
    }
}

/// What a `CompleteMultipartUpload` answered. S3 may answer `200 OK` and
/// then fail while assembling, with an `<Error>` body: read the body
/// whatever the status.
///
/// ```
/// use awssig::s3::multipart::CompleteOutcome;
/// let body = "<Error><Code>InvalidPart</Code><Message>One or more of the specified parts could not be found.</Message></Error>";
/// let CompleteOutcome::Failed(e) = CompleteOutcome::parse(body)? else { panic!() };
/// assert_eq!(e.code(), "InvalidPart");
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CompleteOutcome {
    /// The object was assembled.
    Completed(CompleteResult),
    /// S3 refused or failed.
    Failed(ErrorResponse),
}

impl CompleteOutcome {
    /// Reads the body: `<CompleteMultipartUploadResult>` or `<Error>`.
    /// Anything else, or a result without an `<ETag>` element, is an
    /// [`ErrorKind::InvalidResponse`] error (an empty one is read as empty:
    /// Ceph RGW 16.2 answers so).
    ///
    /// ```
    /// use awssig::{ErrorKind, s3::multipart::CompleteOutcome};
    /// assert_eq!(CompleteOutcome::parse("<Other/>").unwrap_err().kind(), ErrorKind::InvalidResponse);
    /// ```
    pub fn parse(body: &str) -> Result<CompleteOutcome> {
        let el = parse_any(body, "CompleteMultipartUploadResult")?;
        match el.name() {
            "Error" => Ok(CompleteOutcome::Failed(ErrorResponse::from_element(&el))),
            "CompleteMultipartUploadResult" => Ok(CompleteOutcome::Completed(CompleteResult {
                // Ceph 16.2 answers `<ETag></ETag>`: present, maybe empty.
                etag: el
                    .child("ETag")
                    .map(|e| String::from(e.text()))
                    .ok_or_else(|| {
                        response_err(String::from(
                            "the <CompleteMultipartUploadResult> response has no <ETag>",
                        ))
                    })?,
                location: optional(&el, "Location"),
                bucket: optional(&el, "Bucket"),
                key: optional(&el, "Key"),
            })),
            other => Err(response_err(alloc::format!(
                "expected <CompleteMultipartUploadResult> or <Error>, got <{other}>"
            ))),
        }
    }
}

/// An S3 `<Error>` body: code, message, and the ids S3 support asks for.
///
/// ```
/// use awssig::s3::multipart::ErrorResponse;
/// let e = ErrorResponse::parse("<Error><Code>NoSuchUpload</Code><Message>The specified upload does not exist.</Message>\
///     <UploadId>u</UploadId><RequestId>r</RequestId><HostId>h</HostId></Error>")?;
/// assert_eq!((e.code(), e.request_id(), e.host_id()), ("NoSuchUpload", "r", "h"));
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ErrorResponse {
    code: String,
    message: String,
    resource: String,
    request_id: String,
    host_id: String,
}

impl ErrorResponse {
    /// Reads an `<Error>` document; another root, or no `<Code>`, is an
    /// [`ErrorKind::InvalidResponse`] error.
    ///
    /// ```
    /// use awssig::{ErrorKind, s3::multipart::ErrorResponse};
    /// assert_eq!(ErrorResponse::parse("<Error><Message>m</Message></Error>").unwrap_err().kind(), ErrorKind::InvalidResponse);
    /// ```
    pub fn parse(body: &str) -> Result<ErrorResponse> {
        let el = parse_any(body, "Error")?;
        if el.name() != "Error" {
            return Err(response_err(alloc::format!(
                "expected an S3 <Error> document, got <{}>",
                el.name()
            )));
        }
        required(&el, "Code")?;
        Ok(ErrorResponse::from_element(&el))
    }

    fn from_element(el: &Element) -> ErrorResponse {
        ErrorResponse {
            code: optional(el, "Code"),
            message: optional(el, "Message"),
            resource: optional(el, "Resource"),
            request_id: optional(el, "RequestId"),
            host_id: optional(el, "HostId"),
        }
    }

    /// The S3 error code (`NoSuchUpload`, `InvalidPart`, `EntityTooSmall`, …).
    ///
    /// ```
    /// # let e = awssig::s3::multipart::ErrorResponse::parse("<Error><Code>EntityTooSmall</Code></Error>")?;
    /// assert_eq!(e.code(), "EntityTooSmall");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn code(&self) -> &str {
        &self.code
    }

    /// The message (empty if absent).
    ///
    /// ```
    /// # let e = awssig::s3::multipart::ErrorResponse::parse("<Error><Code>C</Code><Message>m</Message></Error>")?;
    /// assert_eq!(e.message(), "m");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn message(&self) -> &str {
        &self.message
    }

    /// `<Resource>` (empty if absent).
    ///
    /// ```
    /// # let e = awssig::s3::multipart::ErrorResponse::parse("<Error><Code>C</Code><Resource>/b/k</Resource></Error>")?;
    /// assert_eq!(e.resource(), "/b/k");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn resource(&self) -> &str {
        &self.resource
    }

    /// `<RequestId>` (empty if absent).
    ///
    /// ```
    /// # let e = awssig::s3::multipart::ErrorResponse::parse("<Error><Code>C</Code><RequestId>r</RequestId></Error>")?;
    /// assert_eq!(e.request_id(), "r");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn request_id(&self) -> &str {
        &self.request_id
    }

    /// `<HostId>` (empty if absent).
    ///
    /// ```
    /// # let e = awssig::s3::multipart::ErrorResponse::parse("<Error><Code>C</Code><HostId>h</HostId></Error>")?;
    /// assert_eq!(e.host_id(), "h");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn host_id(&self) -> &str {
        &self.host_id
    }
}
