//! STS's answers: `<{Action}Response><{Action}Result><Credentials>…` on
//! success, `<ErrorResponse><Error><Type/><Code/><Message/></Error>` on
//! failure.

use alloc::format;
use alloc::string::String;
use zeroize::Zeroizing;

use crate::credentials::{Credentials, HttpResponse};
use crate::error::{Error, ErrorKind, Result};
use crate::time::SigningTime;
use crate::xml::{self, Element};

/// Temporary credentials from STS, with the identity they act as.
///
/// ```
/// use awssig::credentials::HttpResponse;
/// use awssig::credentials::sts::GetSessionToken;
/// let body = b"<GetSessionTokenResponse><GetSessionTokenResult><Credentials>\
///   <AccessKeyId>ASIAEXAMPLE</AccessKeyId><SecretAccessKey>s</SecretAccessKey>\
///   <SessionToken>t</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration>\
///   </Credentials></GetSessionTokenResult></GetSessionTokenResponse>";
/// let session = GetSessionToken::new().parse_response(HttpResponse::new(200, body))?;
/// assert_eq!(session.credentials().access_key_id(), "ASIAEXAMPLE");
/// assert_eq!(session.assumed_role_arn(), None);
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct StsCredentials {
    credentials: Credentials,
    assumed_role_arn: Option<String>,
    assumed_role_id: Option<String>,
}

impl StsCredentials {
    /// The credentials, with their expiry.
    ///
    /// ```
    /// # use awssig::credentials::{HttpResponse, sts::GetSessionToken};
    /// # let body = b"<GetSessionTokenResponse><GetSessionTokenResult><Credentials><AccessKeyId>ASIA1</AccessKeyId><SecretAccessKey>s</SecretAccessKey><SessionToken>t</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration></Credentials></GetSessionTokenResult></GetSessionTokenResponse>";
    /// let session = GetSessionToken::new().parse_response(HttpResponse::new(200, body))?;
    /// assert!(session.credentials().expires_at().is_some());
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    /// The credentials, taken out.
    ///
    /// ```
    /// # use awssig::credentials::{HttpResponse, sts::GetSessionToken};
    /// # let body = b"<GetSessionTokenResponse><GetSessionTokenResult><Credentials><AccessKeyId>ASIA1</AccessKeyId><SecretAccessKey>s</SecretAccessKey><SessionToken>t</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration></Credentials></GetSessionTokenResult></GetSessionTokenResponse>";
    /// let creds = GetSessionToken::new().parse_response(HttpResponse::new(200, body))?.into_credentials();
    /// assert_eq!(creds.session_token(), Some("t"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn into_credentials(self) -> Credentials {
        self.credentials
    }

    /// The assumed role's session ARN
    /// (`arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`), for the two
    /// `AssumeRole*` actions.
    ///
    /// ```
    /// # use awssig::credentials::{HttpResponse, sts::AssumeRole};
    /// # let body = b"<AssumeRoleResponse><AssumeRoleResult><AssumedRoleUser><AssumedRoleId>AROA1:s</AssumedRoleId><Arn>arn:aws:sts::123456789012:assumed-role/r/s</Arn></AssumedRoleUser><Credentials><AccessKeyId>ASIA1</AccessKeyId><SecretAccessKey>s</SecretAccessKey><SessionToken>t</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>";
    /// let session = AssumeRole::new("arn:aws:iam::123456789012:role/r", "s1")?.parse_response(HttpResponse::new(200, body))?;
    /// assert_eq!(session.assumed_role_arn(), Some("arn:aws:sts::123456789012:assumed-role/r/s"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn assumed_role_arn(&self) -> Option<&str> {
        self.assumed_role_arn.as_deref()
    }

    /// The assumed role's id and session (`AROA…:SESSION`).
    ///
    /// ```
    /// # use awssig::credentials::{HttpResponse, sts::AssumeRole};
    /// # let body = b"<AssumeRoleResponse><AssumeRoleResult><AssumedRoleUser><AssumedRoleId>AROA1:s</AssumedRoleId><Arn>arn:aws:sts::123456789012:assumed-role/r/s</Arn></AssumedRoleUser><Credentials><AccessKeyId>ASIA1</AccessKeyId><SecretAccessKey>s</SecretAccessKey><SessionToken>t</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>";
    /// let session = AssumeRole::new("arn:aws:iam::123456789012:role/r", "s1")?.parse_response(HttpResponse::new(200, body))?;
    /// assert_eq!(session.assumed_role_id(), Some("AROA1:s"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn assumed_role_id(&self) -> Option<&str> {
        self.assumed_role_id.as_deref()
    }

    /// The account of the assumed role: the fifth field of
    /// [`assumed_role_arn`](Self::assumed_role_arn), when not empty.
    ///
    /// ```
    /// # use awssig::credentials::{HttpResponse, sts::AssumeRole};
    /// # let body = b"<AssumeRoleResponse><AssumeRoleResult><AssumedRoleUser><AssumedRoleId>AROA1:s</AssumedRoleId><Arn>arn:aws:sts::123456789012:assumed-role/r/s</Arn></AssumedRoleUser><Credentials><AccessKeyId>ASIA1</AccessKeyId><SecretAccessKey>s</SecretAccessKey><SessionToken>t</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>";
    /// let session = AssumeRole::new("arn:aws:iam::123456789012:role/r", "s1")?.parse_response(HttpResponse::new(200, body))?;
    /// assert_eq!(session.account_id(), Some("123456789012"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn account_id(&self) -> Option<&str> {
        let arn = self.assumed_role_arn.as_deref()?;
        arn.split(':').nth(4).filter(|a| !a.is_empty())
    }
}

/// The longest service message repeated in an error.
const MAX_MESSAGE: usize = 512;

fn source_error(action: &str, message: String) -> Error {
    Error::new(
        ErrorKind::CredentialSource,
        format!("STS {action}: {message}"),
    )
}

/// A service's text made safe for a message: control characters become
/// spaces, and it is cut at [`MAX_MESSAGE`] characters.
fn clean(text: &str) -> String {
    let mut out: String = text
        .trim()
        .chars()
        .take(MAX_MESSAGE)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if text.trim().chars().count() > MAX_MESSAGE {
        out.push('…');
    }
    out
}

/// The error an `<ErrorResponse>` (or S3-style `<Error>`, as Ceph RGW
/// answers) describes: `HTTP 403 AccessDenied (Sender): message`.
fn service_error(action: &str, status: u16, root: &Element) -> Error {
    let error = if root.name() == "Error" {
        Some(root)
    } else {
        root.child("Error")
    };
    let field = |n: &str| error.and_then(|e| e.child(n)).map(|e| clean(e.text()));
    let code = field("Code").filter(|c| !c.is_empty());
    let message = field("Message").filter(|m| !m.is_empty());
    let kind = field("Type").filter(|t| !t.is_empty());
    let mut m = format!("the service refused the request: HTTP {status}");
    if let Some(code) = code {
        m.push(' ');
        m.push_str(&code);
    }
    if let Some(kind) = kind {
        m.push_str(" (");
        m.push_str(&kind);
        m.push(')');
    }
    match message {
        Some(message) => {
            m.push_str(": ");
            m.push_str(&message);
        }
        None => m.push_str(" (no message)"),
    }
    source_error(action, m)
}

/// Parses `res` as the answer to `action`.
pub(crate) fn parse(action: &str, res: HttpResponse<'_>) -> Result<StsCredentials> {
    let status = res.status();
    let Ok(text) = core::str::from_utf8(res.body()) else {
        return Err(source_error(
            action,
            format!(
                "HTTP {status} with a body that is not UTF-8 ({} bytes)",
                res.body().len()
            ),
        ));
    };
    let root = match xml::parse(text) {
        Ok(root) => Zeroizing::new(root),
        Err(e) if res.is_success() => {
            return Err(source_error(
                action,
                format!("the response is not XML: {e}"),
            ))
        }
        // The body is not shown: an unknown body may hold anything.
        Err(e) => {
            return Err(source_error(
                action,
                format!(
                    "HTTP {status} with a body that is not an STS error document ({} bytes; {e})",
                    res.body().len()
                ),
            ))
        }
    };
    if !res.is_success() || matches!(root.name(), "ErrorResponse" | "Error") {
        return Err(service_error(action, status, &root));
    }
    let response = format!("{action}Response");
    let result = format!("{action}Result");
    if root.name() != response {
        return Err(source_error(
            action,
            format!("expected a <{response}> document, got <{}>", root.name()),
        ));
    }
    let Some(creds) = root.path(&[result.as_str(), "Credentials"]) else {
        return Err(source_error(
            action,
            format!("the response has no <{result}><Credentials>"),
        ));
    };
    let field = |name: &str| {
        creds.child(name).map(Element::text).ok_or_else(|| {
            source_error(
                action,
                format!("the response's <Credentials> has no <{name}>"),
            )
        })
    };
    let unusable = |e: Error| {
        source_error(
            action,
            format!("the response's credentials are unusable: {e}"),
        )
    };
    let expiration = field("Expiration")?;
    let expires_at = SigningTime::from_rfc3339(expiration.trim()).map_err(|e| {
        source_error(
            action,
            format!("the response's <Expiration> is unusable: {e}"),
        )
    })?;
    let credentials = Credentials::new(field("AccessKeyId")?, field("SecretAccessKey")?)
        .and_then(|c| c.with_session_token(field("SessionToken")?))
        .map_err(unusable)?
        .expiring_at(expires_at);
    let user = root.path(&[result.as_str(), "AssumedRoleUser"]);
    let user_field = |n: &str| {
        user.and_then(|u| u.child(n))
            .map(|e| String::from(e.text()))
    };
    Ok(StsCredentials {
        credentials,
        assumed_role_arn: user_field("Arn"),
        assumed_role_id: user_field("AssumedRoleId"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    const OK: &str = "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\
        <AssumeRoleResult><Credentials><AccessKeyId>ASIA1</AccessKeyId>\
        <SecretAccessKey>sec</SecretAccessKey><SessionToken>tok</SessionToken>\
        <Expiration>2021-08-05T19:58:02Z</Expiration></Credentials></AssumeRoleResult>\
        </AssumeRoleResponse>";

    fn err(status: u16, body: &str) -> String {
        match parse("AssumeRole", HttpResponse::new(status, body.as_bytes())) {
            Ok(c) => panic!("parsed: {c:?}"),
            Err(e) => {
                assert_eq!(e.kind(), ErrorKind::CredentialSource);
                e.to_string()
            }
        }
    }

    #[test]
    fn a_success_gives_credentials_with_their_expiry() {
        let c = parse("AssumeRole", HttpResponse::new(200, OK.as_bytes())).unwrap();
        assert_eq!(c.credentials().access_key_id(), "ASIA1");
        assert_eq!(c.credentials().secret_access_key(), "sec");
        assert_eq!(c.credentials().session_token(), Some("tok"));
        assert_eq!(
            c.credentials().expires_at().map(|t| t.unix()),
            Some(1_628_193_482)
        );
        assert_eq!(c.account_id(), None);
    }

    #[test]
    fn an_error_response_names_action_code_type_and_message() {
        let body = "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\
            <Error><Type>Sender</Type><Code>AccessDenied</Code>\
            <Message>User: arn:aws:iam::1:user/x is not authorized to perform: sts:AssumeRole</Message>\
            </Error><RequestId>r</RequestId></ErrorResponse>";
        assert_eq!(
            err(403, body),
            "STS AssumeRole: the service refused the request: HTTP 403 AccessDenied (Sender): \
             User: arn:aws:iam::1:user/x is not authorized to perform: sts:AssumeRole"
        );
    }

    #[test]
    fn an_s3_style_error_as_ceph_sends_it_is_read_too() {
        let body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>AccessDenied</Code>\
            <RequestId>tx1</RequestId><HostId>h</HostId></Error>";
        assert_eq!(
            err(403, body),
            "STS AssumeRole: the service refused the request: HTTP 403 AccessDenied (no message)"
        );
    }

    #[test]
    fn an_error_document_with_status_200_is_still_an_error() {
        let body = "<ErrorResponse><Error><Code>Throttling</Code><Message>Rate exceeded</Message></Error></ErrorResponse>";
        assert!(err(200, body).ends_with("HTTP 200 Throttling: Rate exceeded"));
    }

    #[test]
    fn a_non_xml_error_body_is_not_repeated() {
        let m = err(503, "<html>secret-looking stuff");
        assert!(
            m.starts_with(
                "STS AssumeRole: HTTP 503 with a body that is not an STS error document (26 bytes;"
            ),
            "{m}"
        );
        assert!(!m.contains("secret-looking"));
    }

    #[test]
    fn missing_or_bad_fields_are_named() {
        let without = |tag: &str| {
            let start = OK.find(&format!("<{tag}>")).unwrap();
            let end = OK.find(&format!("</{tag}>")).unwrap() + tag.len() + 3;
            format!("{}{}", &OK[..start], &OK[end..])
        };
        for tag in [
            "AccessKeyId",
            "SecretAccessKey",
            "SessionToken",
            "Expiration",
        ] {
            let m = err(200, &without(tag));
            assert!(m.contains(&format!("has no <{tag}>")), "{m}");
        }
        assert!(err(200, &OK.replace("2021-08-05T19:58:02Z", "tomorrow"))
            .contains("<Expiration> is unusable"));
        assert!(err(
            200,
            &OK.replace(
                "<SessionToken>tok</SessionToken>",
                "<SessionToken></SessionToken>"
            )
        )
        .contains("unusable"));
        let m = err(
            200,
            &OK.replace("AssumeRoleResponse", "GetSessionTokenResponse"),
        );
        assert_eq!(m, "STS AssumeRole: expected a <AssumeRoleResponse> document, got <GetSessionTokenResponse>");
        assert!(
            err(200, "<AssumeRoleResponse/>").contains("has no <AssumeRoleResult><Credentials>")
        );
        assert!(err(200, "{}").contains("not XML"));
        assert!(err(200, &OK.replace("</AssumeRoleResponse>", "")).contains("not XML"));
    }

    #[test]
    fn a_secret_in_a_malformed_response_is_not_repeated() {
        let m = err(200, &OK.replace("<Expiration>", "<Expiration>&bogus;"));
        assert!(!m.contains(">sec<"), "{m}");
        assert!(!m.contains("tok"), "{m}");
    }

    #[test]
    fn long_or_control_laden_messages_are_cleaned() {
        let long = "x".repeat(2000);
        let body = format!("<ErrorResponse><Error><Code>C</Code><Message>a\tb {long}</Message></Error></ErrorResponse>");
        let m = err(400, &body);
        assert!(m.contains("a b xxx"), "{m}");
        assert!(m.ends_with('…'));
        assert!(m.len() < 700);
    }
}
