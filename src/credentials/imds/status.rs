//! What IMDS's status codes mean, per request: the errors the parsers
//! return for them, and how the client reacts (new token, retry, stop).

use alloc::format;

use crate::error::Error;

/// The three requests of a credentials fetch, named in errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Request {
    Token,
    RoleName,
    Credentials,
}

impl Request {
    fn describe(self) -> &'static str {
        match self {
            Request::Token => "the token request (PUT /latest/api/token)",
            Request::RoleName => {
                "the role name request (GET /latest/meta-data/iam/security-credentials/)"
            }
            Request::Credentials => {
                "the credentials request (GET /latest/meta-data/iam/security-credentials/<role>)"
            }
        }
    }
}

/// How the client reacts to a non-2xx status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Reaction {
    /// 401 on a metadata request: the token expired or is missing; get a
    /// new one and send the request again.
    NewToken,
    /// 5xx (and 429): IMDS is busy; send the same request again.
    Retry,
    /// Anything else: the error says what it means.
    Stop,
}

pub(super) fn reaction(request: Request, status: u16) -> Reaction {
    match status {
        401 if request != Request::Token => Reaction::NewToken,
        429 | 500..=599 => Reaction::Retry,
        _ => Reaction::Stop,
    }
}

/// The error for a non-2xx `status` answering `request`, saying what IMDS
/// means by it.
pub(super) fn status_error(request: Request, status: u16) -> Error {
    let what = request.describe();
    let meaning = match (request, status) {
        (Request::Token, 400) => {
            "the token lifetime header is missing or outside 1 to 21600 seconds"
        }
        (Request::Token, 403) => {
            "request forbidden: IMDS is disabled on this instance, or the token PUT was refused"
        }
        (Request::Token, 404 | 405) => {
            "this endpoint does not serve IMDSv2 tokens (IMDSv1 is not supported)"
        }
        (_, 401) => "the token expired or is missing; fetch a new token",
        (_, 403) => "request forbidden: access to instance metadata is not allowed",
        (Request::RoleName, 404) => "no IAM role attached to this instance",
        (Request::Credentials, 404) => {
            "the role has no credentials (was the instance profile changed?)"
        }
        (_, 429) => "too many requests; retry later",
        (_, 500..=599) => "IMDS is unavailable; retry later",
        _ => "unexpected status",
    };
    Error::credential_source(
        "IMDS",
        format!("{what} failed with HTTP {status}: {meaning}"),
    )
}
