//! What a presigned upload pins about its body, checked before it is
//! signed: an `x-amz-checksum-*` value (a digest of the algorithm's
//! length, or its canonical base64), a `Content-MD5` (16 bytes) and a
//! content length. The presign builder and the POST form share these
//! checks, so a pin is refused the same way wherever it is given.

use alloc::string::String;

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;

use crate::error::{Error, ErrorKind, Result};
use crate::v4::chunked::ChecksumAlgorithm;

/// Base64 as S3 reads a digest: standard alphabet, canonical padding, no
/// stray bits.
const STRICT_BASE64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::RequireCanonical),
);

/// The length of an MD5 digest, which `Content-MD5` carries.
const MD5_LEN: usize = 16;

fn checksum_err(message: String) -> Error {
    Error::new(ErrorKind::InvalidChecksum, message)
}

/// The base64 `x-amz-checksum-*` value of a raw digest, after checking
/// its length against the algorithm's.
pub(crate) fn checksum_from_digest(alg: ChecksumAlgorithm, digest: &[u8]) -> Result<String> {
    if digest.len() != alg.digest_len() {
        return Err(checksum_err(alloc::format!(
            "a {} digest is {} bytes, not {}: give the raw digest (or its base64 to checksum_base64)",
            alg.sdk_name(),
            alg.digest_len(),
            digest.len()
        )));
    }
    Ok(STRICT_BASE64.encode(digest))
}

/// Checks a base64 `x-amz-checksum-*` value: canonical base64 of exactly
/// the algorithm's digest length.
pub(crate) fn check_checksum_base64(alg: ChecksumAlgorithm, value: &str) -> Result<()> {
    check_base64(
        alg.header_name(),
        alg.sdk_name(),
        alg.digest_len(),
        alg.value_len(),
        value,
    )
}

/// The base64 `Content-MD5` value of a raw MD5 digest.
pub(crate) fn md5_from_digest(digest: &[u8]) -> Result<String> {
    if digest.len() != MD5_LEN {
        return Err(checksum_err(alloc::format!(
            "an MD5 digest is {MD5_LEN} bytes, not {}: give the raw digest (or its base64 to content_md5)",
            digest.len()
        )));
    }
    Ok(STRICT_BASE64.encode(digest))
}

/// Checks a `Content-MD5` value: canonical base64 of 16 bytes.
pub(crate) fn check_md5_base64(value: &str) -> Result<()> {
    check_base64("Content-MD5", "MD5", MD5_LEN, 24, value)
}

fn check_base64(
    header: &str,
    alg: &str,
    digest_len: usize,
    value_len: usize,
    value: &str,
) -> Result<()> {
    let mut raw = [0u8; 33];
    let decoded = (value.len() == value_len)
        .then(|| STRICT_BASE64.decode_slice(value, &mut raw).ok())
        .flatten();
    if decoded == Some(digest_len) {
        return Ok(());
    }
    let shown: String = value.chars().take(64).collect();
    Err(checksum_err(alloc::format!(
        "{header} {shown:?} is not the base64 of a {digest_len}-byte {alg} digest: \
         it must be {value_len} characters of canonical standard base64 (A-Z a-z 0-9 + / and = padding)"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn sha256_digest_must_be_32_bytes() {
        let err = checksum_from_digest(ChecksumAlgorithm::Sha256, &[0; 31]).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidChecksum);
        assert!(err
            .to_string()
            .contains("SHA256 digest is 32 bytes, not 31"));
        assert_eq!(
            checksum_from_digest(ChecksumAlgorithm::Sha256, &[0; 32]).unwrap(),
            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
        );
    }

    #[test]
    fn base64_values_must_be_canonical_and_of_the_right_length() {
        let ok = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
        check_checksum_base64(ChecksumAlgorithm::Sha256, ok).unwrap();
        for bad in [
            "",
            "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU",
            "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFV=",
            "47DEQpj8HBSa-_TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
            "2jmj7l5rSw0yVb/vlWAYkK/YBwk=",
        ] {
            let err = check_checksum_base64(ChecksumAlgorithm::Sha256, bad).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidChecksum, "{bad:?}");
            assert!(err.to_string().contains("x-amz-checksum-sha256"), "{err}");
        }
        check_checksum_base64(ChecksumAlgorithm::Sha1, "2jmj7l5rSw0yVb/vlWAYkK/YBwk=").unwrap();
    }

    #[test]
    fn content_md5_is_16_bytes() {
        check_md5_base64("1B2M2Y8AsgTpgAmY+7AoTw==").unwrap();
        assert!(check_md5_base64("1B2M2Y8AsgTpgAmY+7AoTx==").is_err());
        assert!(check_md5_base64("d41d8cd98f00b204e9800998ecf8427e").is_err());
        assert_eq!(
            md5_from_digest(&[0; 16]).unwrap(),
            "AAAAAAAAAAAAAAAAAAAAAA=="
        );
        assert_eq!(
            md5_from_digest(&[0; 15]).unwrap_err().kind(),
            ErrorKind::InvalidChecksum
        );
    }
}
