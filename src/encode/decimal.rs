//! Decimal digits of a number, written without `core::fmt`.

/// Decimal digits of `n` into `buf`, returned as the used tail.
pub(crate) fn decimal(n: u64, buf: &mut [u8; 20]) -> &[u8] {
    if n < 100_000_000 {
        // Up to eight digits gathered in a word and stored at once: the
        // reader's wide loads then forward from one store, not eight.
        let (mut word, mut len, mut n) = (0u64, 0, n);
        loop {
            word = word << 8 | (u64::from(b'0') + n % 10);
            len += 1;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        buf[..8].copy_from_slice(&word.to_le_bytes());
        return &buf[..len];
    }
    let mut i = buf.len();
    let mut n = n;
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    &buf[i..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_digits() {
        let mut b = [0u8; 20];
        assert_eq!(decimal(0, &mut b), b"0");
        assert_eq!(decimal(604800, &mut b), b"604800");
        assert_eq!(decimal(u64::MAX, &mut b), b"18446744073709551615");
    }
}
