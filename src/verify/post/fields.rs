//! A POST form's fields as the verifier reads them: the ones before the
//! file, a repeated name's values joined, `${filename}` substituted.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::error::{Error, Result, S3ErrorCode};
use crate::post::fields::{is_signers, is_single, FILE};

/// The value of the field `name` (any case).
pub(super) fn find<'f>(fields: &'f [(String, String)], name: &str) -> Option<&'f str> {
    fields
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

pub(super) fn invalid_arg(msg: impl Into<String>) -> Error {
    Error::rejected(S3ErrorCode::InvalidArgument, msg)
}

/// The form fields before `file`, repeated names joined (auth fields and
/// `key` must be single).
pub(super) fn collect(fields: &[(&str, &str)]) -> Result<Vec<(String, String)>> {
    let mut out: Vec<(String, String)> = Vec::with_capacity(fields.len());
    for (name, value) in fields {
        if name.eq_ignore_ascii_case(FILE) {
            break;
        }
        match out.iter_mut().find(|(n, _)| n.eq_ignore_ascii_case(name)) {
            Some(_) if is_single(name) => {
                return Err(invalid_arg(alloc::format!(
                    "the form field '{name}' appears more than once"
                )))
            }
            Some((_, v)) => {
                v.push(',');
                v.push_str(value);
            }
            None => out.push((name.to_string(), value.to_string())),
        }
    }
    Ok(out)
}

/// Replaces `${filename}` in every field the form's signer did not fill
/// in with the file part's name, if it has one.
pub(super) fn substitute_filename(fields: &mut [(String, String)], file_name: Option<&str>) {
    if let Some(name) = file_name {
        for (n, v) in fields.iter_mut() {
            if !is_signers(n) && v.contains("${filename}") {
                *v = v.replace("${filename}", name);
            }
        }
    }
}
