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

/// The first byte at or after `i` that is not unreserved (RFC 3986:
/// `A-Z a-z 0-9 - . _ ~`), eight bytes per step; `bytes.len()` when there
/// is none. The verifier's scans of a path and a query run through it.
/// The test `first_not_unreserved_equals_the_table` holds it equal to the
/// byte-by-byte walk over [`super::UNRESERVED`].
#[inline]
pub(crate) fn first_not_unreserved(bytes: &[u8], mut i: usize) -> usize {
    while let Some(c) = bytes.get(i..i + 8) {
        let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        let bad = not_unreserved(w);
        if bad != 0 {
            return i + (bad.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < bytes.len() && super::UNRESERVED[usize::from(bytes[i])] {
        i += 1;
    }
    i
}

/// The high bit of each byte of `w` that is not unreserved, exactly (no
/// carry crosses a byte: each sum below stays under 0x100).
#[inline(always)]
fn not_unreserved(w: u64) -> u64 {
    let x = w & !HIGH;
    // The high bit of each byte of `v` in `lo..=hi` (`v`'s bytes < 0x80).
    let within = |v: u64, lo: u8, hi: u8| {
        let at_least = v.wrapping_add(u64::from(0x80 - lo) * ONES);
        let above = v.wrapping_add(u64::from(0x7f - hi) * ONES);
        at_least & !above & HIGH
    };
    // `| 0x20` folds A-Z onto a-z and nothing else onto a-z.
    let ok = within(x | (0x20 * ONES), b'a', b'z')
        | within(x, b'0', b'9')
        | within(x, b'-', b'.')
        | within(x, b'_', b'_')
        | within(x, b'~', b'~');
    (!ok | w) & HIGH
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;
    use alloc::vec::Vec;
    use proptest::prelude::*;

    fn by_table(bytes: &[u8], mut i: usize) -> usize {
        while i < bytes.len() && crate::encode::UNRESERVED[usize::from(bytes[i])] {
            i += 1;
        }
        i
    }

    #[test]
    fn first_not_unreserved_equals_the_table() {
        // Every byte value at every place of a word and of the tail,
        // from every start, among unreserved bytes.
        for b in 0..=255u8 {
            for at in 0..19 {
                let mut text = vec![b'a'; 19];
                text[at] = b;
                for start in 0..=at {
                    assert_eq!(
                        first_not_unreserved(&text, start),
                        by_table(&text, start),
                        "byte {b:#04x} at {at}, from {start}"
                    );
                }
            }
        }
    }

    proptest! {
        #[test]
        fn first_not_unreserved_equals_the_table_on_any_text(
            text in proptest::collection::vec(any::<u8>(), 0..64),
            start in 0usize..64,
        ) {
            let start = start.min(text.len());
            prop_assert_eq!(first_not_unreserved(&text, start), by_table(&text, start));
        }

        #[test]
        fn first_not_unreserved_on_mostly_unreserved_text(
            text in "[A-Za-z0-9._~-]{0,40}[%&=/+ \\x00-\\x2c\\x7f-\\u{ff}]?[A-Za-z0-9._~-]{0,40}",
        ) {
            let text: Vec<u8> = text.into_bytes();
            prop_assert_eq!(first_not_unreserved(&text, 0), by_table(&text, 0));
        }
    }
}
