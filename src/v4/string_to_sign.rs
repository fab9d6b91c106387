//! Step 2: the string to sign.
//!
//! ```text
//! AWS4-HMAC-SHA256 \n AMZ-DATE \n DATE/REGION/SERVICE/aws4_request \n HEX(SHA256(CANONICAL-REQUEST))
//! ```

use crate::encode::{self, Sink};
use crate::time::SigningTime;

use super::scope::Scope;

/// Writes the string to sign for a canonical request whose SHA-256 is
/// `creq_hash`, with `algorithm` on the first line.
pub(crate) fn write<S: Sink + ?Sized>(
    out: &mut S,
    algorithm: &str,
    time: &SigningTime,
    scope: &Scope<'_>,
    creq_hash: &[u8; 32],
) {
    write_head(out, algorithm, time, scope);
    out.put(&encode::hex32(creq_hash));
}

/// The lines before the hash: `algorithm \n amz-date \n scope \n` (what a
/// SigV4A chunk's string to sign shares, its previous signature being
/// longer than a hash).
#[inline(always)]
pub(crate) fn write_head<S: Sink + ?Sized>(
    out: &mut S,
    algorithm: &str,
    time: &SigningTime,
    scope: &Scope<'_>,
) {
    out.put(algorithm.as_bytes());
    out.put(b"\n");
    out.put(time.amz_bytes());
    out.put(b"\n");
    scope.write(out);
    out.put(b"\n");
}
