//! The encoder: only unreserved bytes (and `/` when kept) stay literal,
//! escapes are uppercase, and decoding gives the input back.
#![no_main]

use libfuzzer_sys::fuzz_target;

fn decode(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    out
}

fuzz_target!(|input: (&str, bool)| {
    let (s, keep_slash) = input;
    let e = awssig::uri_encode(s, keep_slash);
    let b = e.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'%' {
            assert!(
                b[i + 1..i + 3]
                    .iter()
                    .all(|h| h.is_ascii_digit() || (b'A'..=b'F').contains(h)),
                "{e}"
            );
            i += 3;
        } else {
            assert!(
                c.is_ascii_alphanumeric() || b"-_.~".contains(&c) || (keep_slash && c == b'/'),
                "{e}"
            );
            i += 1;
        }
    }
    assert_eq!(decode(&e), s.as_bytes());
});
