//! What a body that passed its check was: [`BodyDigests`].

use alloc::string::String;

use crate::v4::chunked::ChecksumAlgorithm;

/// What a body that passed its [`BodyCheck`](super::BodyCheck) was: its length and the
/// digests that were checked (to store with the object, e.g. the checksum
/// S3 returns with `x-amz-checksum-mode: ENABLED`).
///
/// ```
/// use awssig::verify::{BodyCheck, Incoming};
/// let digests = BodyCheck::new(&Incoming::new("PUT", "/k", &[]))?.finish()?;
/// assert_eq!((digests.body_len(), digests.checksum(), digests.sha256()), (0, None, None));
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BodyDigests {
    pub(super) len: u64,
    pub(super) sha256: Option<[u8; 32]>,
    pub(super) md5: Option<[u8; 16]>,
    pub(super) checksum: Option<(ChecksumAlgorithm, String)>,
}

impl BodyDigests {
    /// The body's length in bytes (for aws-chunked, of the decoded data).
    ///
    /// ```
    /// use awssig::verify::{BodyCheck, Incoming};
    /// let mut check = BodyCheck::new(&Incoming::new("PUT", "/k", &[]))?;
    /// check.update(&[0; 10]);
    /// assert_eq!(check.finish()?.body_len(), 10);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn body_len(&self) -> u64 {
        self.len
    }

    /// The SHA-256 `x-amz-content-sha256` stated and the body matched.
    ///
    /// ```
    /// use awssig::verify::{BodyCheck, Incoming};
    /// let empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    /// let d = BodyCheck::new(&Incoming::new("PUT", "/k", &[("x-amz-content-sha256", empty)]))?.finish()?;
    /// assert_eq!(d.sha256().map(|h| h[0]), Some(0xe3));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn sha256(&self) -> Option<&[u8; 32]> {
        self.sha256.as_ref()
    }

    /// The MD5 `Content-MD5` stated and the body matched (`checksums`
    /// feature).
    ///
    /// ```
    /// use awssig::verify::{BodyCheck, Incoming};
    /// let d = BodyCheck::new(&Incoming::new("PUT", "/k", &[]))?.finish()?;
    /// assert_eq!(d.md5(), None);
    /// # #[cfg(feature = "checksums")]
    /// # {
    /// let headers = [("Content-MD5", "1B2M2Y8AsgTpgAmY7PhCfg==")]; // MD5("")
    /// let d = BodyCheck::new(&Incoming::new("PUT", "/k", &headers))?.finish()?;
    /// assert_eq!(d.md5().map(|m| m[0]), Some(0xd4));
    /// # }
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn md5(&self) -> Option<&[u8; 16]> {
        self.md5.as_ref()
    }

    /// The checksum the request stated (header, query or trailer) and the
    /// body matched: its algorithm and base64 value.
    ///
    /// ```
    /// use awssig::v4::chunked::ChecksumAlgorithm;
    /// use awssig::verify::{BodyCheck, Incoming};
    /// let headers = [("x-amz-checksum-sha1", "2jmj7l5rSw0yVb/vlWAYkK/YBwk=")]; // SHA-1("")
    /// let d = BodyCheck::new(&Incoming::new("PUT", "/k", &headers))?.finish()?;
    /// assert_eq!(d.checksum(), Some((ChecksumAlgorithm::Sha1, "2jmj7l5rSw0yVb/vlWAYkK/YBwk=")));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn checksum(&self) -> Option<(ChecksumAlgorithm, &str)> {
        self.checksum.as_ref().map(|(a, v)| (*a, v.as_str()))
    }
}
