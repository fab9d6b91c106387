//! A short byte run copied inline, in a few overlapping word moves
//! rather than a `memcpy` call: the URL writer and the hash buffer copy
//! runs of a few bytes at a time.

#[inline(always)]
pub(crate) fn copy_short(dst: &mut [u8], src: &[u8]) {
    let n = src.len();
    if n > 32 || dst.len() != n {
        dst.copy_from_slice(src);
    } else if n >= 16 {
        let (a, b) = (word::<16>(src, 0), word::<16>(src, n - 16));
        dst[..16].copy_from_slice(&a);
        dst[n - 16..].copy_from_slice(&b);
    } else if n >= 8 {
        let (a, b) = (word::<8>(src, 0), word::<8>(src, n - 8));
        dst[..8].copy_from_slice(&a);
        dst[n - 8..].copy_from_slice(&b);
    } else if n >= 4 {
        let (a, b) = (word::<4>(src, 0), word::<4>(src, n - 4));
        dst[..4].copy_from_slice(&a);
        dst[n - 4..].copy_from_slice(&b);
    } else if n >= 2 {
        // 2 or 3 bytes: the first two and the last two (overlapping).
        let (a, b) = (word::<2>(src, 0), word::<2>(src, n - 2));
        dst[..2].copy_from_slice(&a);
        dst[n - 2..].copy_from_slice(&b);
    } else if let (Some(d), Some(s)) = (dst.first_mut(), src.first()) {
        *d = *s;
    }
}

#[inline(always)]
fn word<const W: usize>(src: &[u8], at: usize) -> [u8; W] {
    let mut w = [0u8; W];
    w.copy_from_slice(&src[at..at + W]);
    w
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    #[test]
    fn copy_short_copies_every_length() {
        let src: Vec<u8> = (0..40u8).map(|i| i + 1).collect();
        for n in 0..=40 {
            let mut dst = [0u8; 40];
            copy_short(&mut dst[..n], &src[..n]);
            assert_eq!(&dst[..n], &src[..n], "length {n}");
            assert!(
                dst[n..].iter().all(|&b| b == 0),
                "length {n} wrote past the end"
            );
        }
    }
}
