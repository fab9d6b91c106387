//! The form fields S3 reads itself: the ones the signer writes (the auth
//! fields, `key`, `policy`) and `file`. Their names live here once, for
//! the form builder (which refuses them as user fields) and the verifier
//! (which requires them, once each, and asks no condition for some).

/// The object key.
pub(crate) const KEY: &str = "key";
/// The base64 policy document.
pub(crate) const POLICY: &str = "policy";
/// The SigV2 signature.
pub(crate) const SIGNATURE: &str = "signature";
/// The SigV2 access key id (the form writes it `AWSAccessKeyId`).
pub(crate) const AWS_ACCESS_KEY_ID: &str = "awsaccesskeyid";
/// The SigV4 algorithm.
pub(crate) const X_AMZ_ALGORITHM: &str = "x-amz-algorithm";
/// The SigV4 credential (key id and scope).
pub(crate) const X_AMZ_CREDENTIAL: &str = "x-amz-credential";
/// The SigV4 signing time.
pub(crate) const X_AMZ_DATE: &str = "x-amz-date";
/// The session token of temporary credentials.
pub(crate) const X_AMZ_SECURITY_TOKEN: &str = "x-amz-security-token";
/// The SigV4 signature.
pub(crate) const X_AMZ_SIGNATURE: &str = "x-amz-signature";
/// The file input, the form's last field.
pub(crate) const FILE: &str = "file";

/// Form field names the signer sets itself (compared case-insensitively,
/// as S3 compares POST field names), which
/// [`PostPolicy::field`](crate::s3::PostPolicy::field) refuses.
/// `file` is refused too: it must be the form's **last** field, the file
/// input itself (S3 ignores every field after it).
///
/// ```
/// assert!(awssig::post::RESERVED_FIELDS.contains(&"policy"));
/// ```
pub const RESERVED_FIELDS: &[&str] = &[
    KEY,
    POLICY,
    SIGNATURE,
    AWS_ACCESS_KEY_ID,
    X_AMZ_ALGORITHM,
    X_AMZ_CREDENTIAL,
    X_AMZ_DATE,
    X_AMZ_SECURITY_TOKEN,
    X_AMZ_SIGNATURE,
    FILE,
];

/// Fields S3 never asks a condition for (compared case-insensitively);
/// names starting with `x-ignore-` are exempt too.
///
/// ```
/// assert!(awssig::verify::POST_EXEMPT_FIELDS.contains(&"policy"));
/// ```
pub const POST_EXEMPT_FIELDS: &[&str] =
    &[X_AMZ_SIGNATURE, SIGNATURE, POLICY, AWS_ACCESS_KEY_ID, FILE];

fn listed(list: &[&str], name: &str) -> bool {
    list.iter().any(|n| n.eq_ignore_ascii_case(name))
}

/// Whether `name` is in [`RESERVED_FIELDS`].
pub(crate) fn is_reserved(name: &str) -> bool {
    listed(RESERVED_FIELDS, name)
}

/// Whether a form may send `name` once only: the signer's fields and
/// `key` (everything reserved but `file`).
pub(crate) fn is_single(name: &str) -> bool {
    is_reserved(name) && !name.eq_ignore_ascii_case(FILE)
}

/// Whether the signer wrote `name` (the auth fields and `policy`): its
/// value is never rewritten by `${filename}`.
pub(crate) fn is_signers(name: &str) -> bool {
    is_single(name) && !name.eq_ignore_ascii_case(KEY)
}

/// Whether S3 asks no condition for `name`: [`POST_EXEMPT_FIELDS`] and
/// `x-ignore-*`.
pub(crate) fn is_exempt(name: &str) -> bool {
    listed(POST_EXEMPT_FIELDS, name)
        || name
            .get(..9)
            .is_some_and(|p| p.eq_ignore_ascii_case("x-ignore-"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exempt() {
        assert!(is_exempt("X-Ignore-foo"));
        assert!(is_exempt("Policy"));
        assert!(!is_exempt("x-ignore"));
        assert!(!is_exempt("bucket"));
        assert!(!is_exempt("é-ignore-xx"));
    }

    #[test]
    fn single_and_signers() {
        assert!(is_single("Key") && !is_signers("Key"));
        assert!(is_single("X-Amz-Date") && is_signers("X-Amz-Date"));
        assert!(!is_single("file") && !is_signers("FILE"));
        assert!(!is_single("acl") && !is_signers("acl"));
    }
}
