//! A presigned URL's own parameters (`X-Amz-Algorithm` … `X-Amz-Security-Token`),
//! read as the query goes by and decoded into a buffer on the stack.

use alloc::borrow::Cow;
use alloc::string::String;

use crate::encode;
use crate::v4::canonical::RESERVED_QUERY;

/// Room for the presign parameters that need decoding (the credential's
/// `%2F`s, an escaped signed-header list), carved from a buffer on the
/// stack.
pub(super) struct Arena<'b> {
    rest: &'b mut [u8],
}

impl<'b> Arena<'b> {
    pub(super) fn new(room: &'b mut [u8]) -> Self {
        Arena { rest: room }
    }

    /// `raw` decoded (`%XX` → byte): borrowed when it has no escape, in the
    /// arena when it fits, else on the heap; `Err` when not UTF-8.
    fn decoded<'r>(&mut self, raw: &'r str) -> core::result::Result<Cow<'r, str>, ()>
    where
        'b: 'r,
    {
        if !raw.contains('%') {
            return Ok(Cow::Borrowed(raw));
        }
        let raw = raw.as_bytes();
        if raw.len() > self.rest.len() {
            return String::from_utf8(encode::decode(raw))
                .map(Cow::Owned)
                .map_err(drop);
        }
        let (room, rest) = core::mem::take(&mut self.rest).split_at_mut(raw.len());
        self.rest = rest;
        let mut n = 0;
        encode::decode_each(raw, |b| {
            room[n] = b;
            n += 1;
        });
        let room: &'r [u8] = room;
        core::str::from_utf8(&room[..n])
            .map(Cow::Borrowed)
            .map_err(drop)
    }
}

/// Which of [`RESERVED_QUERY`] a raw query parameter name is (decoded).
fn reserved_index(name: &[u8]) -> Option<usize> {
    // As written first (the usual case: nothing to decode), then decoded
    // when the name holds an escape.
    reserved_index_decoded(name).or_else(|| {
        name.contains(&b'%')
            .then(|| reserved_index_decoded(&encode::decode(name)))
            .flatten()
    })
}

/// [`reserved_index`] of a name already decoded.
fn reserved_index_decoded(name: &[u8]) -> Option<usize> {
    // RESERVED_QUERY's order (a test holds them equal).
    match name {
        b"X-Amz-Algorithm" => Some(0),
        b"X-Amz-Credential" => Some(1),
        b"X-Amz-Date" => Some(2),
        b"X-Amz-Expires" => Some(3),
        b"X-Amz-SignedHeaders" => Some(4),
        b"X-Amz-Signature" => Some(5),
        b"X-Amz-Security-Token" => Some(6),
        b"X-Amz-Region-Set" => Some(7),
        _ => None,
    }
}

/// The signer's parameters of a presigned URL as they go by: each one's
/// first value (still encoded) and its place, and the first repeated.
#[derive(Default)]
pub(super) struct PresignParams<'q> {
    values: [Option<(&'q str, usize)>; 8],
    repeated: Option<(usize, usize)>,
    seen: usize,
}

impl<'q> PresignParams<'q> {
    pub(super) fn note(&mut self, name: &str, value: &'q str) {
        let at = self.seen;
        self.seen += 1;
        let Some(i) = reserved_index(name.as_bytes()) else {
            return;
        };
        match self.values[i] {
            Some(_) => {
                self.repeated.get_or_insert((i, at));
            }
            None => self.values[i] = Some((value, at)),
        }
    }

    /// The values decoded; the error is the first problem in the query's
    /// order (a repeated parameter, or a value that is not UTF-8).
    pub(super) fn decode<'r>(
        self,
        arena: &mut Arena<'r>,
    ) -> core::result::Result<[Option<Cow<'r, str>>; 8], String>
    where
        'q: 'r,
    {
        let mut problem: Option<(usize, String)> = self.repeated.map(|(i, at)| {
            (
                at,
                alloc::format!("{} appears more than once", RESERVED_QUERY[i]),
            )
        });
        let mut found: [Option<Cow<'r, str>>; 8] = Default::default();
        for (i, v) in self.values.iter().enumerate() {
            let Some((raw, at)) = *v else { continue };
            match arena.decoded(raw) {
                Ok(v) => found[i] = Some(v),
                Err(()) if problem.as_ref().is_none_or(|p| at < p.0) => {
                    problem = Some((at, alloc::format!("{} is not UTF-8", RESERVED_QUERY[i])))
                }
                Err(()) => {}
            }
        }
        match problem {
            Some((_, msg)) => Err(msg),
            None => Ok(found),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserved_names_are_matched_in_reserved_query_order() {
        for (i, name) in RESERVED_QUERY.iter().enumerate() {
            assert_eq!(reserved_index(name.as_bytes()), Some(i), "{name}");
        }
        assert_eq!(reserved_index(b"X-Amz-Signatur%65"), Some(5));
        assert_eq!(reserved_index(b"x-amz-signature"), None);
    }

    #[test]
    fn the_first_problem_in_query_order_is_reported() {
        let mut room = [0u8; 8];
        // Repeated after a value that is not UTF-8: the value's problem.
        let mut p = PresignParams::default();
        p.note("X-Amz-Date", "%FF");
        p.note("X-Amz-Expires", "1");
        p.note("X-Amz-Expires", "2");
        let err = p.decode(&mut Arena::new(&mut room)).err().unwrap();
        assert_eq!(err, "X-Amz-Date is not UTF-8");
        // A value too long for the room goes to the heap, still decoded.
        let mut p = PresignParams::default();
        p.note(
            "X-Amz-Credential",
            "AKID%2F20130524%2Fus-east-1%2Fs3%2Faws4_request",
        );
        let found = p.decode(&mut Arena::new(&mut room)).unwrap();
        assert_eq!(
            found[1].as_deref(),
            Some("AKID/20130524/us-east-1/s3/aws4_request")
        );
    }
}
