//! Constant-time equality of MACs, signatures and secrets.

use subtle::ConstantTimeEq;

/// Whether `a` and `b` are equal, in time that depends on their lengths
/// only (a length is not secret): the XOR of every eight-byte word is ORed
/// into one accumulator with no branch on the data, and one `subtle`
/// comparison decides. `subtle`'s own slice comparison, the reference,
/// passes each byte through an optimisation barrier; the test
/// `ct_eq_agrees_with_subtle` holds the two equal.
///
/// ```ignore
/// assert!(ct_eq(b"same", b"same"));
/// ```
pub(crate) fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let (xs, ys) = (a.chunks_exact(8), b.chunks_exact(8));
    let mut tail = 0u8;
    for (x, y) in xs.remainder().iter().zip(ys.remainder()) {
        tail |= x ^ y;
    }
    let mut diff = u64::from(tail);
    for (x, y) in xs.zip(ys) {
        diff |= word(x) ^ word(y);
    }
    diff.ct_eq(&0).into()
}

/// An eight-byte chunk as a word.
#[inline(always)]
fn word(c: &[u8]) -> u64 {
    u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]])
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn ct_eq_agrees_with_subtle(
            a in proptest::collection::vec(any::<u8>(), 0..80),
            flip in any::<Option<(usize, u8)>>(),
            extra in any::<bool>(),
        ) {
            let mut b: Vec<u8> = a.clone();
            if let Some((at, bits)) = flip {
                if !b.is_empty() {
                    let at = at % b.len();
                    b[at] ^= bits;
                }
            }
            if extra {
                b.push(0);
            }
            prop_assert_eq!(ct_eq(&a, &b), bool::from(a.ct_eq(&b)));
        }
    }

    #[test]
    fn every_byte_of_a_signature_counts() {
        let sig = [0x5au8; 32];
        for at in 0..32 {
            for bit in 0..8 {
                let mut other = sig;
                other[at] ^= 1 << bit;
                assert!(!ct_eq(&sig, &other), "byte {at} bit {bit}");
            }
        }
        assert!(ct_eq(&sig, &sig));
        assert!(!ct_eq(&sig, &sig[..31]));
    }
}
