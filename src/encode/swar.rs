//! Eight bytes at a time (SWAR): whether any byte of a text is one of a
//! few, for the checks that pass over every byte of a header or a policy.

/// Whether any byte of `bytes` matches, eight bytes per step: `word` is
/// non-zero when one of a word's bytes matches (build it from
/// [`word_below`] and [`word_has`]; it must not match `A`, the padding).
/// No byte is tested alone: the last few are covered by the last eight
/// bytes (overlapping the steps before), and shorter texts by two
/// overlapping halves, or by their first, middle and last byte.
#[inline(always)]
pub(crate) fn any_byte(bytes: &[u8], word: impl Fn(u64) -> u64) -> bool {
    const PAD: u64 = u64::from_le_bytes([b'A'; 8]);
    debug_assert_eq!(word(PAD), 0);
    let n = bytes.len();
    let le = |c: &[u8]| u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
    if n >= 8 {
        let mut acc = word(le(&bytes[n - 8..]));
        for c in bytes.chunks_exact(8) {
            acc |= word(le(c));
        }
        acc != 0
    } else if n >= 4 {
        let half = |c: &[u8]| u64::from(u32::from_le_bytes([c[0], c[1], c[2], c[3]]));
        word(half(bytes) | half(&bytes[n - 4..]) << 32) != 0
    } else if let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) {
        let mid = bytes[n / 2];
        let w = (PAD << 24) | u64::from(first) | u64::from(mid) << 8 | u64::from(last) << 16;
        word(w) != 0
    } else {
        false
    }
}

const ONES: u64 = u64::from_le_bytes([0x01; 8]);
/// The high bit of each byte of a word.
pub(crate) const HIGH: u64 = u64::from_le_bytes([0x80; 8]);

/// Non-zero exactly when some byte of `x` is below `n` (`n` <= 0x80; a
/// byte with its high bit set never counts).
#[inline(always)]
pub(crate) fn word_below(x: u64, n: u8) -> u64 {
    x.wrapping_sub(u64::from(n) * ONES) & !x & HIGH
}

/// Non-zero exactly when some byte of `x` is `b`.
#[inline(always)]
pub(crate) fn word_has(x: u64, b: u8) -> u64 {
    word_below(x ^ (u64::from(b) * ONES), 1)
}
