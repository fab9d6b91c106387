//! Reading a stream of unknown length into a zeroizing buffer, up to a
//! bound, without leaving copies of the bytes behind when the buffer grows.

use alloc::vec::Vec;
use std::io::{self, Read};
use zeroize::Zeroizing;

/// The first capacity when the caller has no size hint.
const FIRST_CAPACITY: usize = 1024;

/// Reads `reader` to its end into a buffer that is zeroed when dropped.
///
/// `Ok(None)` when the stream holds more than `max` bytes: reading stops
/// after `max + 1` bytes and the bytes read are wiped. `size_hint` (a
/// `Content-Length`, a file's length) sizes the first allocation so that a
/// buffer of the announced size is never reallocated; when the buffer must
/// grow, the old one is zeroed before it is freed (a plain `Vec` would
/// leave a copy of the secret in freed memory).
pub(crate) fn read_bounded<R: Read + ?Sized>(
    reader: &mut R,
    max: usize,
    size_hint: Option<u64>,
) -> io::Result<Option<Zeroizing<Vec<u8>>>> {
    let limit = max.saturating_add(1);
    let first = size_hint
        .and_then(|n| usize::try_from(n).ok())
        .map_or(FIRST_CAPACITY, |n| n.saturating_add(1))
        .min(limit);
    let mut buf = Zeroizing::new(Vec::with_capacity(first));
    loop {
        if buf.len() >= limit {
            return Ok(None);
        }
        if buf.len() == buf.capacity() {
            let grown = buf
                .capacity()
                .saturating_mul(2)
                .clamp(FIRST_CAPACITY, limit);
            let mut bigger = Zeroizing::new(Vec::with_capacity(grown));
            bigger.extend_from_slice(&buf);
            buf = bigger; // the old buffer is zeroed as it drops
        }
        let filled = buf.len();
        let room = buf.capacity().min(limit);
        buf.resize(room, 0);
        match reader.read(&mut buf[filled..]) {
            Ok(0) => {
                buf.truncate(filled);
                return Ok(Some(buf));
            }
            Ok(n) => buf.truncate(filled + n),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => buf.truncate(filled),
            Err(e) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::read_bounded;

    #[test]
    fn reads_up_to_the_bound_and_refuses_one_byte_more() {
        let data = vec![7u8; 5000];
        let got = read_bounded(&mut &data[..], 5000, None).unwrap().unwrap();
        assert_eq!(&got[..], &data[..]);
        assert!(read_bounded(&mut &data[..], 4999, None).unwrap().is_none());
        assert!(read_bounded(&mut &data[..], 4999, Some(5000))
            .unwrap()
            .is_none());
    }

    #[test]
    fn a_size_hint_sizes_the_buffer_once() {
        let data = vec![1u8; 3000];
        let got = read_bounded(&mut &data[..], 1 << 20, Some(3000))
            .unwrap()
            .unwrap();
        assert_eq!(got.len(), 3000);
        assert_eq!(got.capacity(), 3001);
    }

    #[test]
    fn empty_input_is_an_empty_buffer() {
        let got = read_bounded(&mut &b""[..], 0, None).unwrap().unwrap();
        assert!(got.is_empty());
        assert!(read_bounded(&mut &b"x"[..], 0, None).unwrap().is_none());
    }
}
