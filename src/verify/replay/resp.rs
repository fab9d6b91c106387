//! The few Redis commands a replay guard sends, written and their replies
//! read (RESP2), with no IO: the `redis` feature's [`super::RedisGuard`]
//! drives them over a socket, and any other client can too.

use alloc::vec::Vec;

/// `SET key 1 NX PXAT until_ms`: set the key unless it exists, to expire
/// at `until_ms` (Unix milliseconds). The reply is `+OK` when it was set,
/// a nil bulk string when it existed.
///
/// ```
/// use awssig::verify::replay::resp::set_nx_pxat;
/// assert_eq!(
///     set_nx_pxat("k", 1_700_000_000_999),
///     b"*6\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\n1\r\n$2\r\nNX\r\n$4\r\nPXAT\r\n$13\r\n1700000000999\r\n".to_vec()
/// );
/// ```
pub fn set_nx_pxat(key: &str, until_ms: i64) -> Vec<u8> {
    let ms = alloc::format!("{until_ms}");
    command(&[b"SET", key.as_bytes(), b"1", b"NX", b"PXAT", ms.as_bytes()])
}

/// `DEL key`.
///
/// ```
/// use awssig::verify::replay::resp::del;
/// assert_eq!(del("k"), b"*2\r\n$3\r\nDEL\r\n$1\r\nk\r\n".to_vec());
/// ```
pub fn del(key: &str) -> Vec<u8> {
    command(&[b"DEL", key.as_bytes()])
}

/// A command as a RESP array of bulk strings.
///
/// ```
/// use awssig::verify::replay::resp::command;
/// assert_eq!(command(&[b"PING"]), b"*1\r\n$4\r\nPING\r\n".to_vec());
/// ```
pub fn command(parts: &[&[u8]]) -> Vec<u8> {
    let mut out = Vec::with_capacity(16 + parts.iter().map(|p| p.len() + 16).sum::<usize>());
    out.extend_from_slice(alloc::format!("*{}\r\n", parts.len()).as_bytes());
    for p in parts {
        out.extend_from_slice(alloc::format!("${}\r\n", p.len()).as_bytes());
        out.extend_from_slice(p);
        out.extend_from_slice(b"\r\n");
    }
    out
}

/// One reply, as far as a guard needs to tell them apart.
///
/// ```
/// use awssig::verify::replay::resp::{parse_reply, Reply};
/// assert_eq!(parse_reply(b"+OK\r\n"), Ok(Some((Reply::Simple("OK".into()), 5))));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Reply {
    /// `+text`.
    Simple(alloc::string::String),
    /// `-text`: the server refused the command.
    Error(alloc::string::String),
    /// `:n`.
    Integer(i64),
    /// `$n` and its bytes.
    Bulk(Vec<u8>),
    /// `$-1` or `*-1`.
    Nil,
    /// `*n` replies.
    Array(Vec<Reply>),
}

/// The longest reply read (a guard's replies are a few bytes; a server
/// that sends more is not answering our command).
///
/// ```
/// use awssig::verify::replay::resp::{parse_reply, MAX_REPLY};
/// let long = format!("${}\r\n", MAX_REPLY + 1);
/// assert!(parse_reply(long.as_bytes()).is_err());
/// assert_eq!(parse_reply(b"$3\r\nab").unwrap(), None); // not all there yet
/// ```
pub const MAX_REPLY: usize = 64 * 1024;

/// Parses one reply from the start of `buf`: `Ok(None)` when more bytes
/// are needed, `Ok(Some((reply, bytes used)))`, or `Err` with what is
/// wrong.
///
/// ```
/// use awssig::verify::replay::resp::{parse_reply, Reply};
/// assert_eq!(parse_reply(b"$-1\r\n"), Ok(Some((Reply::Nil, 5))));
/// assert_eq!(parse_reply(b":1\r"), Ok(None));
/// assert!(parse_reply(b"?x\r\n").is_err());
/// ```
pub fn parse_reply(buf: &[u8]) -> Result<Option<(Reply, usize)>, &'static str> {
    parse_at(buf, 0, 0)
}

fn parse_at(buf: &[u8], at: usize, depth: usize) -> Result<Option<(Reply, usize)>, &'static str> {
    if depth > 8 {
        return Err("reply nested too deeply");
    }
    let Some(line_end) = find_crlf(buf, at) else {
        return if buf.len().saturating_sub(at) > MAX_REPLY {
            Err("reply line too long")
        } else {
            Ok(None)
        };
    };
    let Some((&kind, rest)) = buf[at..line_end].split_first() else {
        return Err("empty reply line");
    };
    let text = core::str::from_utf8(rest).map_err(|_| "reply line is not UTF-8")?;
    let next = line_end + 2;
    let number = || {
        text.parse::<i64>()
            .map_err(|_| "reply length is not a number")
    };
    match kind {
        b'+' => Ok(Some((Reply::Simple(text.into()), next))),
        b'-' => Ok(Some((Reply::Error(text.into()), next))),
        b':' => Ok(Some((Reply::Integer(number()?), next))),
        b'$' => {
            let n = number()?;
            if n == -1 {
                return Ok(Some((Reply::Nil, next)));
            }
            let n = usize::try_from(n).map_err(|_| "negative bulk length")?;
            if n > MAX_REPLY {
                return Err("bulk reply too long");
            }
            if buf.len() < next + n + 2 {
                return Ok(None);
            }
            if &buf[next + n..next + n + 2] != b"\r\n" {
                return Err("bulk reply does not end in CRLF");
            }
            Ok(Some((
                Reply::Bulk(buf[next..next + n].to_vec()),
                next + n + 2,
            )))
        }
        b'*' => {
            let n = number()?;
            if n == -1 {
                return Ok(Some((Reply::Nil, next)));
            }
            let n = usize::try_from(n).map_err(|_| "negative array length")?;
            if n > 1024 {
                return Err("array reply too long");
            }
            let mut items = Vec::new();
            let mut at = next;
            for _ in 0..n {
                match parse_at(buf, at, depth + 1)? {
                    Some((r, end)) => {
                        items.push(r);
                        at = end;
                    }
                    None => return Ok(None),
                }
            }
            Ok(Some((Reply::Array(items), at)))
        }
        _ => Err("not a RESP2 reply"),
    }
}

fn find_crlf(buf: &[u8], from: usize) -> Option<usize> {
    buf.get(from..)?
        .windows(2)
        .position(|w| w == b"\r\n")
        .map(|i| from + i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;
    use proptest::prelude::*;

    #[test]
    fn replies_a_guard_sees_are_read() {
        assert_eq!(
            parse_reply(b"+OK\r\n"),
            Ok(Some((Reply::Simple("OK".into()), 5)))
        );
        assert_eq!(parse_reply(b"$-1\r\n"), Ok(Some((Reply::Nil, 5))));
        assert_eq!(parse_reply(b":1\r\n"), Ok(Some((Reply::Integer(1), 4))));
        assert_eq!(
            parse_reply(b"-ERR wrong\r\n"),
            Ok(Some((Reply::Error("ERR wrong".into()), 12)))
        );
        assert_eq!(
            parse_reply(b"$3\r\nabc\r\n+OK\r\n"),
            Ok(Some((Reply::Bulk(b"abc".to_vec()), 9)))
        );
        assert_eq!(
            parse_reply(b"*2\r\n:1\r\n$-1\r\n"),
            Ok(Some((
                Reply::Array(vec![Reply::Integer(1), Reply::Nil]),
                13
            )))
        );
    }

    #[test]
    fn a_reply_cut_anywhere_asks_for_more() {
        let whole = b"*2\r\n$3\r\nabc\r\n:12\r\n";
        for cut in 0..whole.len() {
            assert_eq!(parse_reply(&whole[..cut]), Ok(None), "cut at {cut}");
        }
        assert!(parse_reply(whole).unwrap().is_some());
    }

    proptest! {
        #[test]
        fn no_bytes_make_the_reader_panic(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            let _ = parse_reply(&bytes);
        }
    }
}
