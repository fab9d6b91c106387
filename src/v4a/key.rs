//! SigV4A's keys: the ECDSA P-256 key pair an access key's secret
//! derives (NIST SP 800-108 counter-mode KDF with HMAC-SHA256, as
//! aws-c-auth and IAM do), and the public key that checks its signatures.
//!
//! ```text
//! for counter in 1..=254:
//!   k = HMAC-SHA256("AWS4A" + secret,
//!         00 00 00 01 || "AWS4-ECDSA-P256-SHA256" || 00 || access key id || counter || 00 00 01 00)
//!   if k <= n - 2: private key = k + 1
//! ```

use core::fmt;

use p256::ecdsa::signature::hazmat::{PrehashSigner, PrehashVerifier};
use zeroize::{Zeroize, Zeroizing};

use crate::encode::{self, Sink};
use crate::error::{Error, ErrorKind, Result};
use crate::sha256::MacKey;

use super::ALGORITHM;

/// The private key SigV4A signs with, derived from an access key pair.
/// `Debug` does not show it; p256 zeroes it on drop. Derive it once and
/// keep it ([`super::Signer`] does): a derivation is a few HMACs and a
/// scalar multiplication.
///
/// ```
/// use awssig::v4a::EcdsaKey;
/// let key = EcdsaKey::derive("AKISORANDOMAASORANDOM", "q+jcrXGc+0zWN6uzclKVhvMmUsIfRPa4rlRandom")?;
/// assert_eq!(key.public_key().x_hex(), "15d242ceebf8d8169fd6a8b5a746c41140414c3b07579038da06af89190fffcb");
/// assert_eq!(format!("{key:?}"), "EcdsaKey(<redacted>)");
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone)]
pub struct EcdsaKey {
    key: p256::ecdsa::SigningKey,
}

impl fmt::Debug for EcdsaKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("EcdsaKey(<redacted>)")
    }
}

impl PartialEq for EcdsaKey {
    /// Compares the public halves (the private ones follow from them).
    fn eq(&self, other: &Self) -> bool {
        self.key.verifying_key() == other.key.verifying_key()
    }
}

impl Eq for EcdsaKey {}

/// `k + 1` in place, big-endian; true when it overflowed 256 bits.
fn add_one(k: &mut [u8; 32]) -> bool {
    for b in k.iter_mut().rev() {
        let (v, carry) = b.overflowing_add(1);
        *b = v;
        if !carry {
            return false;
        }
    }
    true
}

impl EcdsaKey {
    /// Derives the key pair of an access key id and its secret (the
    /// counter-mode KDF above). Errors only for an empty key id or secret,
    /// or in the 2^-8000 chance that no counter gives a key.
    ///
    /// ```
    /// use awssig::v4a::EcdsaKey;
    /// let a = EcdsaKey::derive("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")?;
    /// let b = EcdsaKey::derive("AKIDEXAMPLF", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")?;
    /// assert_ne!(a, b); // the key id is an input too
    /// assert!(EcdsaKey::derive("", "secret").is_err());
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn derive(access_key_id: &str, secret_access_key: &str) -> Result<Self> {
        crate::credentials::check_key_pair(access_key_id, secret_access_key)?;
        let mut input = Zeroizing::new(alloc::vec::Vec::with_capacity(5 + secret_access_key.len()));
        input.extend_from_slice(b"AWS4A");
        input.extend_from_slice(secret_access_key.as_bytes());
        let mac = MacKey::new(&input);
        for counter in 1u8..=254 {
            let mut m = mac.start();
            m.put(&[0, 0, 0, 1]);
            m.put(ALGORITHM.as_bytes());
            m.put(&[0]);
            m.put(access_key_id.as_bytes());
            m.put(&[counter]);
            m.put(&[0, 0, 1, 0]);
            let mut k = m.finish();
            // k <= n - 2 exactly when k + 1 is a valid scalar (0 < k + 1 < n).
            let key = if add_one(&mut k) {
                None
            } else {
                p256::ecdsa::SigningKey::from_slice(&k).ok()
            };
            k.zeroize();
            if let Some(key) = key {
                return Ok(EcdsaKey { key });
            }
        }
        Err(Error::new(
            ErrorKind::InvalidCredentials,
            "no SigV4A key derives from this access key pair (all 254 counters exceeded the P-256 order)",
        ))
    }

    /// The public key of this key pair, to give a verifier.
    ///
    /// ```
    /// # use awssig::v4a::EcdsaKey;
    /// let key = EcdsaKey::derive("AKISORANDOMAASORANDOM", "q+jcrXGc+0zWN6uzclKVhvMmUsIfRPa4rlRandom")?;
    /// assert_eq!(key.public_key().y_hex(), "0515242cedd82e94799482e4c0514b505afccf2c0c98d6a553bf539f424c5ec0");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn public_key(&self) -> PublicKey {
        PublicKey {
            key: *self.key.verifying_key(),
        }
    }

    /// The private scalar, 64 lowercase hex digits (what the KDF's
    /// known-answer test states; keep it secret).
    ///
    /// ```
    /// # use awssig::v4a::EcdsaKey;
    /// let key = EcdsaKey::derive("AKISORANDOMAASORANDOM", "q+jcrXGc+0zWN6uzclKVhvMmUsIfRPa4rlRandom")?;
    /// assert_eq!(&*key.private_hex(), "7fd3bd010c0d9c292141c2b77bfbde1042c92e6836fff749d1269ec890fca1bd");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn private_hex(&self) -> Zeroizing<alloc::string::String> {
        let mut bytes = Zeroizing::new([0u8; 32]);
        bytes.copy_from_slice(&self.key.to_bytes());
        let mut hex = Zeroizing::new([0u8; 64]);
        encode::hex_lower_to(&mut hex[..], &bytes[..]);
        Zeroizing::new(alloc::string::String::from_utf8_lossy(&hex[..]).into_owned())
    }

    /// The DER signature of a SHA-256 digest (of a string to sign), with
    /// the deterministic nonce of RFC 6979: no random source is needed,
    /// and the same input signs the same.
    pub(crate) fn sign_digest(&self, digest: &[u8; 32]) -> super::super::v4::signature::Signature {
        let sig: p256::ecdsa::Signature = match self.key.sign_prehash(digest) {
            Ok(s) => s,
            // A 32-byte prehash never fails; an empty signature never verifies.
            Err(_) => return super::super::v4::signature::Signature::from_der(&[]),
        };
        super::super::v4::signature::Signature::from_der(sig.to_der().as_bytes())
    }
}

/// The public key that checks SigV4A signatures: a point on P-256.
///
/// ```
/// use awssig::v4a::PublicKey;
/// let key = PublicKey::from_xy_hex(
///     "b6618f6a65740a99e650b33b6b4b5bd0d43b176d721a3edfea7e7d2d56d936b1",
///     "865ed22a7eadc9c5cb9d2cbaca1b3699139fedc5043dc6661864218330c8e518",
/// )?;
/// assert!(PublicKey::from_xy_hex("00", "01").is_err());
/// # let _ = key;
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PublicKey {
    key: p256::ecdsa::VerifyingKey,
}

fn unhex_coordinate(what: &str, hex: &str) -> Result<[u8; 32]> {
    let bad = || {
        Error::new(
            ErrorKind::InvalidCredentials,
            alloc::format!(
                "the public key's {what} coordinate {hex:?} is not 64 hex digits (32 bytes, big-endian)"
            ),
        )
    };
    encode::unhex32(hex).ok_or_else(bad)
}

impl PublicKey {
    /// A public key from its affine coordinates, 64 hex digits each (as
    /// the suite's `public-key.json` gives them). Errors when a
    /// coordinate is not 64 hex digits or the point is not on the curve.
    ///
    /// ```
    /// # use awssig::v4a::PublicKey;
    /// let err = PublicKey::from_xy_hex(&"1".repeat(64), &"2".repeat(64)).unwrap_err();
    /// assert!(err.to_string().contains("not a point on P-256"));
    /// ```
    pub fn from_xy_hex(x: &str, y: &str) -> Result<Self> {
        let mut sec1 = [0u8; 65];
        sec1[0] = 4;
        sec1[1..33].copy_from_slice(&unhex_coordinate("x", x)?);
        sec1[33..].copy_from_slice(&unhex_coordinate("y", y)?);
        Self::from_sec1(&sec1)
    }

    /// A public key in SEC1 form: 65 bytes uncompressed (`04 X Y`) or 33
    /// compressed (`02 X` / `03 X`).
    ///
    /// ```
    /// # use awssig::v4a::{EcdsaKey, PublicKey};
    /// let key = EcdsaKey::derive("AKID", "secret")?.public_key();
    /// assert_eq!(PublicKey::from_sec1(&key.to_sec1())?, key);
    /// assert!(PublicKey::from_sec1(&[4, 1, 2]).is_err());
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn from_sec1(bytes: &[u8]) -> Result<Self> {
        p256::ecdsa::VerifyingKey::from_sec1_bytes(bytes)
            .map(|key| PublicKey { key })
            .map_err(|_| {
                Error::new(
                    ErrorKind::InvalidCredentials,
                    "the public key is not a point on P-256 in SEC1 form (04 X Y, 65 bytes, or 02/03 X, 33 bytes)",
                )
            })
    }

    /// The uncompressed SEC1 form, `04 X Y` (65 bytes).
    ///
    /// ```
    /// # use awssig::v4a::EcdsaKey;
    /// let sec1 = EcdsaKey::derive("AKID", "secret")?.public_key().to_sec1();
    /// assert_eq!((sec1.len(), sec1[0]), (65, 4));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn to_sec1(&self) -> alloc::vec::Vec<u8> {
        self.key.to_sec1_point(false).as_bytes().to_vec()
    }

    /// The x coordinate, 64 lowercase hex digits.
    ///
    /// ```
    /// # use awssig::v4a::EcdsaKey;
    /// assert_eq!(EcdsaKey::derive("AKID", "secret")?.public_key().x_hex().len(), 64);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn x_hex(&self) -> alloc::string::String {
        self.coordinate_hex(1)
    }

    /// The y coordinate, 64 lowercase hex digits.
    ///
    /// ```
    /// # use awssig::v4a::EcdsaKey;
    /// assert_eq!(EcdsaKey::derive("AKID", "secret")?.public_key().y_hex().len(), 64);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn y_hex(&self) -> alloc::string::String {
        self.coordinate_hex(33)
    }

    fn coordinate_hex(&self, at: usize) -> alloc::string::String {
        let sec1 = self.to_sec1();
        let mut hex = [0u8; 64];
        encode::hex_lower_to(&mut hex, sec1.get(at..at + 32).unwrap_or(&[]));
        alloc::string::String::from_utf8_lossy(&hex).into_owned()
    }

    /// Whether `signature_hex` (a DER ECDSA signature in hex, as in
    /// `Authorization` or `X-Amz-Signature`) signs `string_to_sign`.
    ///
    /// ```
    /// use awssig::v4a::PublicKey;
    /// let key = PublicKey::from_xy_hex(
    ///     "b6618f6a65740a99e650b33b6b4b5bd0d43b176d721a3edfea7e7d2d56d936b1",
    ///     "865ed22a7eadc9c5cb9d2cbaca1b3699139fedc5043dc6661864218330c8e518",
    /// )?;
    /// // aws-c-auth's suite, get-vanilla, header mode.
    /// let sts = "AWS4-ECDSA-P256-SHA256\n20150830T123600Z\n20150830/service/aws4_request\n\
    ///            cf59db423e841c8b7e3444158185aa261b724a5c27cbe762676f3eed19f4dc02";
    /// let sig = "3045022018b4e277d0281864beb51d3600e23f88510ea5031d68ddfbb68614b82a5eb7d2022100\
    ///            effb9c5f22ed9ef3ae0ab243d21f06bce82365bbb79529a07b6888c343ae5f8c";
    /// assert!(key.verifies(sts.as_bytes(), sig));
    /// assert!(!key.verifies(b"another string", sig));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn verifies(&self, string_to_sign: &[u8], signature_hex: &str) -> bool {
        self.verifies_digest(
            &crate::sha256::Sha256::digest(string_to_sign),
            signature_hex,
        )
    }

    /// [`PublicKey::verifies`] given the string to sign's SHA-256.
    pub(crate) fn verifies_digest(&self, digest: &[u8; 32], signature_hex: &str) -> bool {
        let mut der = [0u8; 72];
        let Some(der) = unhex_into(signature_hex, &mut der) else {
            return false;
        };
        match p256::ecdsa::DerSignature::from_bytes(der) {
            Ok(sig) => self.key.verify_prehash(digest, &sig).is_ok(),
            Err(_) => false,
        }
    }
}

/// The DER signature of `signature_hex` in one canonical form (low S):
/// ECDSA signatures are malleable (`(r, s)` and `(r, n - s)` both
/// verify), so what a server records to make a URL usable once must not
/// be the bytes as sent. `None` when it is not a DER signature.
pub(crate) fn canonical_der(signature_hex: &str, out: &mut [u8; 72]) -> Option<usize> {
    let mut der = [0u8; 72];
    let der = unhex_into(signature_hex, &mut der)?;
    let sig = p256::ecdsa::Signature::from_der(der).ok()?;
    let sig = sig.normalize_s();
    let der = sig.to_der();
    let bytes = der.as_bytes();
    out.get_mut(..bytes.len())?.copy_from_slice(bytes);
    Some(bytes.len())
}

/// Hex digits (either case) into `out`; `None` if odd, too long or not hex.
fn unhex_into<'o>(hex: &str, out: &'o mut [u8]) -> Option<&'o [u8]> {
    let h = hex.as_bytes();
    if !h.len().is_multiple_of(2) || h.len() / 2 > out.len() {
        return None;
    }
    for (o, pair) in out.iter_mut().zip(h.chunks_exact(2)) {
        *o = (encode::hex_val(pair[0])? << 4) | encode::hex_val(pair[1])?;
    }
    out.get(..h.len() / 2)
}
