//! Checksums for the `x-amz-checksum-*` trailer or header:
//! [`ChecksumAlgorithm`] (public: names, lengths, one-shot compute) and
//! the crate's one running checksum, `Checksummer`, which the encoder, the
//! decoder and the body check ([`crate::verify::BodyCheck`]) share.

use alloc::string::String;
use core::fmt;

use base64::Engine as _;

use crate::encode::Sink;
use crate::sha256::Sha256;

/// A checksum algorithm for the `x-amz-checksum-*` trailer or header.
///
/// CRC32, CRC32C and CRC64NVME need the `checksums` feature; SHA-1 and
/// SHA-256 are always there. Values are base64 of the big-endian checksum,
/// as S3 wants.
///
/// ```
/// use awssig::v4::chunked::ChecksumAlgorithm;
/// let alg = ChecksumAlgorithm::Sha256;
/// assert_eq!(alg.header_name(), "x-amz-checksum-sha256");
/// assert_eq!(alg.compute(b""), "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
/// assert_eq!(ChecksumAlgorithm::from_header_name("X-Amz-Checksum-SHA256"), Some(alg));
/// assert_eq!(ChecksumAlgorithm::from_sdk_name("sha256"), Some(alg));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ChecksumAlgorithm {
    /// CRC32 (ISO-HDLC, as zlib), `x-amz-checksum-crc32`.
    #[cfg(feature = "checksums")]
    Crc32,
    /// CRC32C (Castagnoli), `x-amz-checksum-crc32c`.
    #[cfg(feature = "checksums")]
    Crc32c,
    /// CRC-64/NVME, `x-amz-checksum-crc64nvme` (S3's default since 2025).
    #[cfg(feature = "checksums")]
    Crc64Nvme,
    /// SHA-1, `x-amz-checksum-sha1`.
    Sha1,
    /// SHA-256, `x-amz-checksum-sha256`.
    Sha256,
}

impl ChecksumAlgorithm {
    const ALL: &'static [ChecksumAlgorithm] = &[
        #[cfg(feature = "checksums")]
        ChecksumAlgorithm::Crc32,
        #[cfg(feature = "checksums")]
        ChecksumAlgorithm::Crc32c,
        #[cfg(feature = "checksums")]
        ChecksumAlgorithm::Crc64Nvme,
        ChecksumAlgorithm::Sha1,
        ChecksumAlgorithm::Sha256,
    ];

    /// The trailer (or header) name, lowercase.
    ///
    /// ```
    /// assert_eq!(awssig::v4::chunked::ChecksumAlgorithm::Sha1.header_name(), "x-amz-checksum-sha1");
    /// ```
    pub fn header_name(self) -> &'static str {
        match self {
            #[cfg(feature = "checksums")]
            ChecksumAlgorithm::Crc32 => "x-amz-checksum-crc32",
            #[cfg(feature = "checksums")]
            ChecksumAlgorithm::Crc32c => "x-amz-checksum-crc32c",
            #[cfg(feature = "checksums")]
            ChecksumAlgorithm::Crc64Nvme => "x-amz-checksum-crc64nvme",
            ChecksumAlgorithm::Sha1 => "x-amz-checksum-sha1",
            ChecksumAlgorithm::Sha256 => "x-amz-checksum-sha256",
        }
    }

    /// The name SDKs send in `x-amz-sdk-checksum-algorithm` (and S3 in its
    /// error messages): `CRC32`, `CRC32C`, `CRC64NVME`, `SHA1`, `SHA256`.
    ///
    /// ```
    /// assert_eq!(awssig::v4::chunked::ChecksumAlgorithm::Sha1.sdk_name(), "SHA1");
    /// ```
    pub fn sdk_name(self) -> &'static str {
        match self {
            #[cfg(feature = "checksums")]
            ChecksumAlgorithm::Crc32 => "CRC32",
            #[cfg(feature = "checksums")]
            ChecksumAlgorithm::Crc32c => "CRC32C",
            #[cfg(feature = "checksums")]
            ChecksumAlgorithm::Crc64Nvme => "CRC64NVME",
            ChecksumAlgorithm::Sha1 => "SHA1",
            ChecksumAlgorithm::Sha256 => "SHA256",
        }
    }

    /// The algorithm an `x-amz-sdk-checksum-algorithm` value names (ASCII
    /// case-insensitive); `None` for a name this build does not know.
    ///
    /// ```
    /// use awssig::v4::chunked::ChecksumAlgorithm;
    /// assert_eq!(ChecksumAlgorithm::from_sdk_name("SHA256"), Some(ChecksumAlgorithm::Sha256));
    /// assert_eq!(ChecksumAlgorithm::from_sdk_name("sha1"), Some(ChecksumAlgorithm::Sha1));
    /// assert_eq!(ChecksumAlgorithm::from_sdk_name("MD5"), None);
    /// ```
    pub fn from_sdk_name(name: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .copied()
            .find(|a| a.sdk_name().eq_ignore_ascii_case(name))
    }

    /// The algorithm whose header name this is (ASCII case-insensitive).
    ///
    /// ```
    /// use awssig::v4::chunked::ChecksumAlgorithm;
    /// assert_eq!(ChecksumAlgorithm::from_header_name("x-amz-checksum-sha1"), Some(ChecksumAlgorithm::Sha1));
    /// assert_eq!(ChecksumAlgorithm::from_header_name("x-amz-meta-a"), None);
    /// ```
    pub fn from_header_name(name: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .copied()
            .find(|a| a.header_name().eq_ignore_ascii_case(name))
    }

    /// The length of the base64 value: 8 for CRC32 and CRC32C, 12 for
    /// CRC64NVME, 28 for SHA-1, 44 for SHA-256.
    ///
    /// ```
    /// assert_eq!(awssig::v4::chunked::ChecksumAlgorithm::Sha256.value_len(), 44);
    /// ```
    pub fn value_len(self) -> usize {
        self.digest_len().div_ceil(3) * 4
    }

    /// The length of the checksum in bytes (before base64).
    pub(crate) fn digest_len(self) -> usize {
        match self {
            #[cfg(feature = "checksums")]
            ChecksumAlgorithm::Crc32 | ChecksumAlgorithm::Crc32c => 4,
            #[cfg(feature = "checksums")]
            ChecksumAlgorithm::Crc64Nvme => 8,
            ChecksumAlgorithm::Sha1 => 20,
            ChecksumAlgorithm::Sha256 => 32,
        }
    }

    /// The base64 checksum of `data`.
    ///
    /// ```
    /// use awssig::v4::chunked::ChecksumAlgorithm;
    /// assert_eq!(ChecksumAlgorithm::Sha1.compute(b"abc"), "qZk+NkcGgWq6PiVxeFDCbJzQ2J0=");
    /// ```
    pub fn compute(self, data: &[u8]) -> String {
        let mut c = Checksummer::new(self);
        c.update(data);
        String::from(c.finish().as_str())
    }
}

/// CRC-64/NVME, slice-by-16 (the `crc` crate's table is built at compile
/// time).
#[cfg(feature = "checksums")]
static CRC64_NVME: crc::Crc<u64, crc::Table<16>> =
    crc::Crc::<u64, crc::Table<16>>::new(&crc::CRC_64_NVME);

/// A running checksum: the one code path of the encoder, the decoder and
/// the body check ([`crate::verify::BodyCheck`]).
#[derive(Clone)]
pub(crate) enum Checksummer {
    #[cfg(feature = "checksums")]
    Crc32(crc32fast::Hasher),
    #[cfg(feature = "checksums")]
    Crc32c(u32),
    #[cfg(feature = "checksums")]
    Crc64Nvme(crc::Digest<'static, u64, crc::Table<16>>),
    Sha1(sha1::Sha1),
    Sha256(Sha256),
}

impl fmt::Debug for Checksummer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Checksummer")
    }
}

/// A base64 checksum value on the stack.
pub(crate) struct ChecksumValue {
    buf: [u8; 44],
    len: usize,
}

impl ChecksumValue {
    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }

    pub(crate) fn as_str(&self) -> &str {
        core::str::from_utf8(self.as_bytes()).unwrap_or("")
    }
}

impl Checksummer {
    pub(crate) fn new(alg: ChecksumAlgorithm) -> Self {
        match alg {
            #[cfg(feature = "checksums")]
            ChecksumAlgorithm::Crc32 => Checksummer::Crc32(crc32fast::Hasher::new()),
            #[cfg(feature = "checksums")]
            ChecksumAlgorithm::Crc32c => Checksummer::Crc32c(0),
            #[cfg(feature = "checksums")]
            ChecksumAlgorithm::Crc64Nvme => Checksummer::Crc64Nvme(CRC64_NVME.digest()),
            ChecksumAlgorithm::Sha1 => Checksummer::Sha1(sha1::Sha1::default()),
            ChecksumAlgorithm::Sha256 => Checksummer::Sha256(Sha256::new()),
        }
    }

    pub(crate) fn update(&mut self, data: &[u8]) {
        match self {
            #[cfg(feature = "checksums")]
            Checksummer::Crc32(h) => h.update(data),
            #[cfg(feature = "checksums")]
            Checksummer::Crc32c(c) => *c = crc32c::crc32c_append(*c, data),
            #[cfg(feature = "checksums")]
            Checksummer::Crc64Nvme(d) => d.update(data),
            Checksummer::Sha1(h) => sha1::Digest::update(h, data),
            Checksummer::Sha256(h) => h.put(data),
        }
    }

    pub(crate) fn finish(self) -> ChecksumValue {
        let mut raw = [0u8; 32];
        let n = match self {
            #[cfg(feature = "checksums")]
            Checksummer::Crc32(h) => {
                raw[..4].copy_from_slice(&h.finalize().to_be_bytes());
                4
            }
            #[cfg(feature = "checksums")]
            Checksummer::Crc32c(c) => {
                raw[..4].copy_from_slice(&c.to_be_bytes());
                4
            }
            #[cfg(feature = "checksums")]
            Checksummer::Crc64Nvme(d) => {
                raw[..8].copy_from_slice(&d.finalize().to_be_bytes());
                8
            }
            Checksummer::Sha1(h) => {
                raw[..20].copy_from_slice(&sha1::Digest::finalize(h));
                20
            }
            Checksummer::Sha256(mut h) => {
                raw.copy_from_slice(&h.finish());
                32
            }
        };
        let mut v = ChecksumValue {
            buf: [0; 44],
            len: 0,
        };
        // 44 bytes hold the base64 of up to 33 bytes: this never fails.
        v.len = base64::engine::general_purpose::STANDARD
            .encode_slice(&raw[..n], &mut v.buf)
            .unwrap_or(0);
        v
    }
}
