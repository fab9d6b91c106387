//! Hex: the one hex-digit parser, the lowercase writers (the plain one and
//! the fast one for SHA-256 digests, held equal by a test).

use super::Sink;

const HEX_LOWER: &[u8; 16] = b"0123456789abcdef";

/// The value of one hex digit, either case: the one hex parser.
#[inline]
pub(crate) fn hex_val(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// Decodes 64 hex digits (either case) into 32 bytes.
pub(crate) fn unhex32(s: &str) -> Option<[u8; 32]> {
    let b = s.as_bytes();
    if b.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, o) in out.iter_mut().enumerate() {
        *o = hex_val(b[2 * i])? << 4 | hex_val(b[2 * i + 1])?;
    }
    Some(out)
}

/// Lowercase hex of `bytes` into `out`, two digits a byte (`out` holds
/// `2 * bytes.len()` bytes; any room after that is left as it is). The
/// plain writer: every lowercase hex in the crate is this one, or
/// [`hex32`], which tests hold equal to it.
pub(crate) fn hex_lower_to(out: &mut [u8], bytes: &[u8]) {
    for (pair, b) in out.chunks_exact_mut(2).zip(bytes) {
        pair[0] = HEX_LOWER[usize::from(b >> 4)];
        pair[1] = HEX_LOWER[usize::from(b & 15)];
    }
}

/// Lowercase hex of a SHA-256 digest: [`hex_lower_to`] for 32 bytes,
/// written for speed (it is on every signature's path). The test
/// `hex32_equals_hex_lower_to` holds the two equal.
pub(crate) fn hex32(digest: &[u8; 32]) -> [u8; 64] {
    // Arithmetic rather than a table lookup per nibble, so the compiler
    // turns the loop into a few vector instructions.
    #[inline(always)]
    fn digit(n: u8) -> u8 {
        // '0'..'9' for 0..9, 'a'..'f' for 10..15 (39 = 'a' - '0' - 10).
        n + b'0' + (((9u8.wrapping_sub(n)) >> 7) * 39)
    }
    let mut out = [0u8; 64];
    for (pair, b) in out.chunks_exact_mut(2).zip(digest) {
        pair[0] = digit(b >> 4);
        pair[1] = digit(b & 15);
    }
    out
}

/// Lowercase hex into a sink ([`hex_lower_to`], 32 bytes at a time).
pub(crate) fn hex_lower<S: Sink + ?Sized>(out: &mut S, bytes: &[u8]) {
    let mut buf = [0u8; 64];
    for chunk in bytes.chunks(32) {
        hex_lower_to(&mut buf, chunk);
        out.put(&buf[..chunk.len() * 2]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    #[test]
    fn hex_lower_writes_two_digits_a_byte() {
        let mut v = Vec::new();
        hex_lower(&mut v, &[0x00, 0xab, 0xff]);
        assert_eq!(v, b"00abff".to_vec());
    }

    #[test]
    fn hex32_equals_hex_lower_to() {
        // Every byte value, in both nibble positions, in every slot.
        for start in 0..=255u8 {
            let digest: [u8; 32] = core::array::from_fn(|i| start.wrapping_add(i as u8 * 8));
            let mut plain = [0u8; 64];
            hex_lower_to(&mut plain, &digest);
            assert_eq!(hex32(&digest), plain);
        }
    }
}
