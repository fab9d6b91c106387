//! A form's inputs checked before it is signed: the key, each field's
//! name and value, and the expiration its `expires_in` gives.

use alloc::string::String;

use crate::credentials::Credentials;
use crate::error::{Error, ErrorKind, Result};
use crate::expiry_policy::lifetime;
use crate::post::condition::{check_text, policy_err};
use crate::post::fields::is_reserved;
use crate::s3::object::MAX_KEY_LEN;
use crate::s3::pin::check_checksum_base64;
use crate::time::SigningTime;
use crate::v4::chunked::ChecksumAlgorithm;

use super::PostPolicy;

/// A control character or `"` in a form field name, if any.
fn bad_name_char(name: &str) -> Option<char> {
    if name.is_ascii() {
        // The ASCII control characters are exactly the ones below 0x20 and DEL.
        name.bytes()
            .find(|b| b.is_ascii_control() || *b == b'"')
            .map(char::from)
    } else {
        name.chars().find(|c| c.is_control() || *c == '"')
    }
}

fn key_err(key: &str, why: &str) -> Error {
    Error::new(
        ErrorKind::InvalidKey,
        alloc::format!("POST key {key:?} {why}"),
    )
}

impl PostPolicy<'_> {
    pub(super) fn check_inputs(&self) -> Result<()> {
        if let Some(e) = &self.invalid {
            return Err(e.clone());
        }
        let key = self.key.as_ref();
        if key.is_empty() {
            return Err(key_err(key, "is empty"));
        }
        if key.len() > MAX_KEY_LEN {
            return Err(key_err(
                key,
                &alloc::format!("is {} bytes; S3 allows {MAX_KEY_LEN}", key.len()),
            ));
        }
        // CR, LF and NUL are ASCII: a byte scan finds them.
        if let Some(c) = key
            .bytes()
            .find(|b| matches!(b, b'\r' | b'\n' | 0))
            .map(char::from)
        {
            return Err(key_err(
                key,
                &alloc::format!(
                    "contains {c:?}; CR, LF and NUL cannot travel in a form field unchanged"
                ),
            ));
        }
        for (i, (name, value)) in self.fields.iter().enumerate() {
            check_text("form field name", name, false)?;
            if let Some(c) = bad_name_char(name) {
                return Err(policy_err(alloc::format!(
                    "form field name {name:?} contains {c:?}"
                )));
            }
            if is_reserved(name) {
                return Err(policy_err(alloc::format!(
                    "form field {name:?} is set by the signer (or, for \"file\", must be the form's last input); remove it"
                )));
            }
            if self.fields[..i]
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case(name))
            {
                return Err(policy_err(alloc::format!(
                    "form field {name:?} is given twice (S3 compares field names case-insensitively)"
                )));
            }
            check_text("form field value", value, true)?;
            if let Some(alg) = ChecksumAlgorithm::from_header_name(name) {
                check_checksum_base64(alg, value)?;
            }
        }
        Ok(())
    }

    /// The policy's `expiration`: `expires_in` checked (`max` is SigV4's
    /// bound), then the [`ExpiryPolicy`](crate::ExpiryPolicy) applied.
    pub(super) fn expiration(
        &self,
        credentials: &Credentials,
        time: SigningTime,
        max: Option<u64>,
    ) -> Result<SigningTime> {
        let n = self.expires_in;
        let bad = |why: String| Error::new(ErrorKind::InvalidExpiry, why);
        if n == 0 {
            return Err(bad(String::from(
                "expires_in 0 s: a POST policy must stay valid for at least 1 s",
            )));
        }
        if let Some(max) = max {
            if n > max {
                return Err(bad(alloc::format!(
                    "expires_in {n} s exceeds the SigV4 POST maximum of {max} s"
                )));
            }
        }
        let expiration = i64::try_from(n)
            .ok()
            .and_then(|n| time.unix().checked_add(n))
            .and_then(|t| SigningTime::from_unix(t).ok())
            .ok_or_else(|| {
                bad(alloc::format!(
                    "expires_in {n} s puts the expiration after the year 9999"
                ))
            })?;
        if credentials.expires_at().is_none() {
            return Ok(expiration);
        }
        let n = lifetime(credentials, time, time, n, self.expiry_policy)?;
        Ok(time.plus_saturating(n))
    }
}
