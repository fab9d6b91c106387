//! The trailer block: the one canonical form of a trailer line (name
//! lowercased, value trimmed), its SHA-256 for the trailer signature, the
//! checks on trailers a caller gives, and the reading of a received block.

use crate::encode::Sink;
use crate::error::{Error, ErrorKind, Result};
use crate::sha256::Sha256;
use crate::syntax::{check_header, trim_ows, write_lower};

use super::{CRLF, TRAILER_SIGNATURE_NAME};

/// One trailer line: `lowercase(name):trim_ows(value)` then `end` (`\n` for the
/// signature, `\r\n` on the wire). The one canonical form of a trailer.
pub(super) fn write_trailer<S: Sink + ?Sized>(out: &mut S, name: &[u8], value: &[u8], end: &[u8]) {
    write_lower(out, name);
    out.put(b":");
    out.put(trim_ows(value));
    out.put(end);
}

pub(super) fn trailer_line_len(name: &str, value: &str) -> u64 {
    (name.len() + 1 + trim_ows(value.as_bytes()).len() + 2) as u64
}

pub(crate) fn check_trailers(trailers: &[(&str, &str)]) -> Result<()> {
    for &(name, value) in trailers {
        check_header(name, value)?;
        if name.eq_ignore_ascii_case(TRAILER_SIGNATURE_NAME) {
            return Err(Error::new(
                ErrorKind::InvalidHeaderName,
                "the trailer x-amz-trailer-signature is written by the signer, not given",
            ));
        }
    }
    Ok(())
}

pub(crate) fn trailers_digest<'t>(lines: impl Iterator<Item = (&'t [u8], &'t [u8])>) -> [u8; 32] {
    let mut h = Sha256::new();
    for (name, value) in lines {
        write_trailer(&mut h, name, value, b"\n");
    }
    h.finish()
}

/// Every line of a complete trailer block (`…\r\n\r\n`, or just `\r\n`) is
/// `name:value` with no bare CR or LF.
pub(super) fn lines_well_formed(block: &[u8]) -> bool {
    let body = &block[..block.len().saturating_sub(2)];
    let mut rest = body;
    while !rest.is_empty() {
        let Some(i) = rest.windows(2).position(|w| w == CRLF) else {
            return false;
        };
        let line = &rest[..i];
        if line.is_empty()
            || line.contains(&b'\r')
            || line.contains(&b'\n')
            || !line.contains(&b':')
        {
            return false;
        }
        rest = &rest[i + 2..];
    }
    true
}

/// The `(name, value)` lines of a trailer block (value untrimmed).
pub(super) fn trailer_lines(block: &[u8]) -> impl Iterator<Item = (&[u8], &[u8])> {
    let body = &block[..block.len().saturating_sub(2)];
    body.split(|&b| b == b'\n').filter_map(|line| {
        let line = line.strip_suffix(b"\r")?;
        let colon = line.iter().position(|&b| b == b':')?;
        Some((&line[..colon], &line[colon + 1..]))
    })
}
