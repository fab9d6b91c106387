//! The checksum trailer of an aws-chunked body: the one `x-amz-trailer`
//! announced, found once in the trailer block, with no other checksum
//! trailer beside it (as the chunk decoder answers).

use alloc::string::String;

use crate::error::{Error, Result, S3ErrorCode};
use crate::v4::chunked::ChecksumAlgorithm;

use super::promised::{checksum_suffix, invalid_request, Stated};

/// The value of the `announced` checksum trailer among `trailers` (`None`
/// when none was announced). Errors: `MalformedTrailerError` when the
/// announced trailer is missing or given twice, or another checksum trailer
/// comes; `InvalidRequest` when its value is not the base64 of the
/// algorithm's length.
pub(super) fn announced_value<'t>(
    announced: Option<ChecksumAlgorithm>,
    trailers: impl IntoIterator<Item = (&'t str, &'t str)>,
) -> Result<Option<Stated>> {
    let malformed = |what: String| Error::rejected(S3ErrorCode::MalformedTrailerError, what);
    let mut found: Option<Stated> = None;
    let mut seen = false;
    for (name, value) in trailers {
        let name = name.trim();
        if checksum_suffix(name).is_none() {
            continue;
        }
        let alg = ChecksumAlgorithm::from_header_name(name);
        match announced {
            Some(a) if alg == Some(a) => {
                if seen {
                    return Err(malformed(alloc::format!(
                        "The trailer {} is given more than once.",
                        a.header_name()
                    )));
                }
                seen = true;
                found = Some(Stated::parse(value.trim(), a.digest_len()).ok_or_else(|| {
                    invalid_request(alloc::format!(
                        "Value for {} trailing header is invalid.",
                        a.header_name()
                    ))
                })?);
            }
            _ => {
                return Err(malformed(alloc::format!(
                    "The trailer {name} was not announced in x-amz-trailer."
                )))
            }
        }
    }
    match announced {
        Some(a) if found.is_none() => Err(malformed(alloc::format!(
            "The trailer block lacks the {} trailer that x-amz-trailer announced.",
            a.header_name()
        ))),
        _ => Ok(found),
    }
}
