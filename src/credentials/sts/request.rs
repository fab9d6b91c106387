//! The query protocol's request: `POST /` with the form-encoded
//! parameters, signed with SigV4 for service `sts` or unsigned.

use alloc::string::String;

use crate::credentials::{Credentials, HttpRequest};
use crate::error::Result;
use crate::time::SigningTime;
use crate::v4::{Payload, Request, Signer, SigningSettings};

use super::endpoint::StsEndpoint;
use super::API_VERSION;

/// The content type of every STS request (what botocore sends).
pub(crate) const CONTENT_TYPE: &str = "application/x-www-form-urlencoded; charset=utf-8";

/// `Action=…&Version=2011-06-15&name=value…`, names and values encoded
/// with RFC 3986's unreserved set (space is `%20`, never `+`), in the
/// order given (the model's member order, as the SDKs send them).
pub(crate) fn form_body(action: &str, params: &[(&str, &str)]) -> String {
    let mut body = String::with_capacity(
        64 + params
            .iter()
            .map(|(n, v)| n.len() + v.len() * 3 + 2)
            .sum::<usize>(),
    );
    body.push_str("Action=");
    body.push_str(action);
    body.push_str("&Version=");
    body.push_str(API_VERSION);
    for (name, value) in params {
        body.push('&');
        crate::encode::encode(
            &mut crate::encode::StringSink(&mut body),
            name.as_bytes(),
            false,
        );
        body.push('=');
        crate::encode::encode(
            &mut crate::encode::StringSink(&mut body),
            value.as_bytes(),
            false,
        );
    }
    body
}

/// The `POST`, unsigned (`AssumeRoleWithWebIdentity`: the token is the
/// proof).
pub(crate) fn unsigned_post(endpoint: &StsEndpoint, body: String) -> HttpRequest {
    HttpRequest::new("POST", endpoint.url())
        .header("content-type", CONTENT_TYPE)
        .with_body(body.into_bytes())
}

/// The `POST`, signed with `credentials` at `time` for service `sts` in
/// the endpoint's region. Signed: `host` (the URL's, as the client will
/// send it), `content-type`, `x-amz-date`, the session token if any, and
/// the body's SHA-256.
pub(crate) fn signed_post(
    endpoint: &StsEndpoint,
    credentials: &Credentials,
    time: SigningTime,
    body: String,
) -> Result<HttpRequest> {
    let signer = Signer::new(
        credentials.clone(),
        SigningSettings::new("sts", endpoint.region()),
    )?;
    let host = endpoint.host();
    let headers = [("host", host.as_str()), ("content-type", CONTENT_TYPE)];
    let req = Request::new("POST", endpoint.path())
        .headers(&headers)
        .payload(Payload::Bytes(body.as_bytes()));
    let signed = signer.sign_headers(&req, time)?;
    let mut out = HttpRequest::new("POST", endpoint.url()).header("content-type", CONTENT_TYPE);
    for (name, value) in signed.iter() {
        out = out.header(name, value);
    }
    Ok(out.with_body(body.into_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_body_encodes_every_reserved_byte() {
        let body = form_body(
            "AssumeRole",
            &[("RoleArn", "arn:aws:iam::1:role/a b+c~"), ("X", "é\n")],
        );
        assert_eq!(
            body,
            "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fa%20b%2Bc~&X=%C3%A9%0A"
        );
    }
}
