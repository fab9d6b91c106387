//! A POST form's auth fields and its signature: SigV4 (`x-amz-*`, over
//! the base64 policy with the scope's signing key) or SigV2
//! (`AWSAccessKeyId`, `signature`), one of them, each field once.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use base64::Engine;

use crate::credentials::Credentials;
use crate::encode;
use crate::error::{Error, Result, S3ErrorCode};
use crate::post::fields::{
    AWS_ACCESS_KEY_ID, KEY, POLICY, SIGNATURE, X_AMZ_ALGORITHM, X_AMZ_CREDENTIAL, X_AMZ_DATE,
    X_AMZ_SECURITY_TOKEN, X_AMZ_SIGNATURE,
};
use crate::post::policy_parse::bad_policy;
use crate::post::{policy_signature_v4, signature_v2};
use crate::time::SigningTime;
use crate::v4::ALGORITHM;
use crate::verify::credential::parse_credential;
use crate::verify::{mismatch, secret_of, SecretLookup, Verifier};
use crate::SignatureVersion;

use super::fields::{find, invalid_arg};

/// The longest `policy` field accepted, in bytes of base64: S3 limits all
/// the fields before the file to 20 KiB.
///
/// ```
/// assert_eq!(awssig::verify::MAX_POLICY_LEN, 20 * 1024);
/// ```
pub const MAX_POLICY_LEN: usize = 20 * 1024;

/// The SigV4 auth fields, and how S3 names them when one is missing.
const V4_AUTH: [(&str, &str); 4] = [
    (X_AMZ_ALGORITHM, "X-Amz-Algorithm"),
    (X_AMZ_CREDENTIAL, "X-Amz-Credential"),
    (X_AMZ_DATE, "X-Amz-Date"),
    (X_AMZ_SIGNATURE, "X-Amz-Signature"),
];

/// The SigV2 auth fields, and how S3 names them when one is missing.
const V2_AUTH: [(&str, &str); 2] = [
    (AWS_ACCESS_KEY_ID, "AWSAccessKeyId"),
    (SIGNATURE, "Signature"),
];

fn missing(name: &str) -> Error {
    invalid_arg(alloc::format!(
        "Bucket POST must contain a field named '{name}'.  If it is specified, please check the order of the fields."
    ))
}

/// Who signed a form, and how.
pub(super) struct Auth {
    pub(super) version: SignatureVersion,
    pub(super) access_key_id: String,
    /// SigV4's signing time, region and service (SigV2 signs none).
    pub(super) scope: Option<(SigningTime, String, String)>,
    pub(super) signature: Vec<u8>,
    /// The `policy` field as received: what the signature covers.
    pub(super) policy_b64: String,
    pub(super) session_token: Option<String>,
}

/// Steps 1 to 3 of [`Verifier::verify_post`]: the auth fields, the
/// credential's scope and access key, and the signature over the policy.
pub(super) fn check(
    verifier: &Verifier,
    fields: &[(String, String)],
    lookup: impl SecretLookup,
) -> Result<Auth> {
    let get = |n: &str| find(fields, n).map(String::from);
    let found = |auth: &[(&str, &str)]| auth.iter().any(|(n, _)| find(fields, n).is_some());
    let (v4, v2) = (found(&V4_AUTH), found(&V2_AUTH));
    if v4 && v2 {
        return Err(invalid_arg(
            "Only one auth mechanism allowed: the form has both SigV4 (X-Amz-*) and SigV2 (AWSAccessKeyId, Signature) fields",
        ));
    }
    if !v4 && !v2 {
        return Err(Error::rejected(
            S3ErrorCode::AccessDenied,
            "Access Denied: the form carries no signature (an anonymous upload)",
        ));
    }
    let auth: &[(&str, &str)] = if v4 { &V4_AUTH } else { &V2_AUTH };
    for (n, shown) in auth.iter().chain(&[(POLICY, "Policy"), (KEY, "key")]) {
        if find(fields, n).is_none() {
            return Err(missing(shown));
        }
    }
    let policy_b64 = get(POLICY).unwrap_or_default();
    if policy_b64.len() > MAX_POLICY_LEN {
        return Err(bad_policy(alloc::format!(
            "the policy field is {} bytes; at most {MAX_POLICY_LEN} are accepted",
            policy_b64.len()
        )));
    }
    let session_token = get(X_AMZ_SECURITY_TOKEN);

    // The time and scope are SigV4's alone.
    let (access_key_id, scope, signature) = if v4 {
        let alg = get(X_AMZ_ALGORITHM).unwrap_or_default();
        if alg != ALGORITHM {
            return Err(invalid_arg(alloc::format!(
                "X-Amz-Algorithm {alg:?} is not supported; only {ALGORITHM}"
            )));
        }
        let credential = get(X_AMZ_CREDENTIAL).unwrap_or_default();
        let cred = parse_credential(&credential, invalid_arg)?;
        let date = get(X_AMZ_DATE).unwrap_or_default();
        let signed_at = SigningTime::from_amz_date(&date).map_err(|_| {
            invalid_arg(alloc::format!(
                "X-Amz-Date must be formated via ISO8601 Long format: {date:?}"
            ))
        })?;
        verifier.check_scope(&cred, &signed_at, invalid_arg)?;
        let provided = get(X_AMZ_SIGNATURE).unwrap_or_default();
        let secret = secret_of(&lookup, cred.access_key_id)?;
        let provided = encode::unhex32(&provided).ok_or_else(mismatch)?;
        let expected = policy_signature_v4(
            &verifier.cache,
            &secret,
            cred.date,
            cred.region,
            cred.service,
            &policy_b64,
        );
        if !crate::ct_eq::ct_eq(&expected.bytes, &provided) {
            return Err(mismatch());
        }
        let scope = (signed_at, cred.region.to_string(), cred.service.to_string());
        (
            cred.access_key_id.to_string(),
            Some(scope),
            provided.to_vec(),
        )
    } else {
        let akid = get(AWS_ACCESS_KEY_ID).unwrap_or_default();
        let provided = get(SIGNATURE).unwrap_or_default();
        let secret = secret_of(&lookup, &akid)?;
        let creds = Credentials::new(akid.clone(), secret.as_str())
            .map_err(|e| Error::rejected(S3ErrorCode::InvalidAccessKeyId, e.to_string()))?;
        let expected = signature_v2(&creds, &policy_b64);
        if !crate::ct_eq::ct_eq(expected.as_bytes(), provided.as_bytes()) {
            return Err(mismatch());
        }
        let raw = base64::engine::general_purpose::STANDARD
            .decode(provided.as_bytes())
            .unwrap_or_default();
        (akid, None, raw)
    };

    Ok(Auth {
        version: if v4 {
            SignatureVersion::V4
        } else {
            SignatureVersion::V2
        },
        access_key_id,
        scope,
        signature,
        policy_b64,
        session_token,
    })
}
