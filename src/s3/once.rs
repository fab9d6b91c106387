//! The one-time marker of a presigned URL: a signed query parameter that
//! holds a nonce ([`super::PresignRequest::once`]); the server side reads
//! it in [`crate::verify::replay`].

/// The query parameter that marks a presigned URL as one-time; its value
/// is the nonce, unpadded base64url.
///
/// ```
/// assert_eq!(awssig::s3::ONCE_PARAM, "x-awssig-once");
/// ```
pub const ONCE_PARAM: &str = "x-awssig-once";

/// The marker's value for a 16-byte nonce: unpadded base64url.
pub(crate) fn marker_value(nonce: &[u8; 16]) -> alloc::string::String {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(nonce)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_marker_value_is_22_characters_of_base64url() {
        let v = marker_value(&[0xff; 16]);
        assert_eq!(v, "_____________________w");
        assert_eq!(v.len(), 22);
    }
}
