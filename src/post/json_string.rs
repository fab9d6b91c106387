//! JSON strings written as Python's `json.dumps` writes them with its
//! defaults (`ensure_ascii`): `"` and `\` escaped, `\n \r \t \b \f` in
//! short form, every other character outside `' '..='~'` as `\uXXXX`
//! (lowercase hex; beyond U+FFFF a UTF-16 surrogate pair), `/` not
//! escaped. Text with nothing to escape is found eight bytes at a time.

use alloc::string::String;

fn push_u_escape(out: &mut String, unit: u16) {
    let mut hex = [0u8; 4];
    crate::encode::hex_lower_to(&mut hex, &unit.to_be_bytes());
    out.push_str("\\u");
    out.extend(hex.iter().map(|&c| char::from(c)));
}

/// Writes `s` as a JSON string the way Python's `json.dumps` does with
/// `ensure_ascii=True`.
pub(crate) fn write_json_string(out: &mut String, s: &str) {
    out.push('"');
    write_json_chars(out, s);
    out.push('"');
}

/// Non-zero when any of the eight bytes of `w` needs escaping in a JSON
/// string (below `' '`, `"`, `\`, DEL or not ASCII).
fn needs_escape(w: u64) -> u64 {
    use crate::encode::{word_below, word_has, HIGH};
    (w & HIGH) | word_below(w, 0x20) | word_has(w, b'"') | word_has(w, b'\\') | word_has(w, 0x7f)
}

/// Whether any byte of `bytes` needs escaping, eight at a time
/// ([`needs_escape`]).
fn any_needs_escape(bytes: &[u8]) -> bool {
    crate::encode::any_byte(bytes, needs_escape)
}

/// [`write_json_string`] without the quotes. Text with nothing to escape
/// (the usual case) is copied whole; otherwise runs of printable ASCII
/// (other than `"` and `\`) are, found eight bytes at a time.
pub(crate) fn write_json_chars(out: &mut String, s: &str) {
    let bytes = s.as_bytes();
    if !any_needs_escape(bytes) {
        out.push_str(s);
        return;
    }
    let (mut start, mut i) = (0, 0);
    while i < bytes.len() {
        if let Some(chunk) = bytes.get(i..i + 8) {
            if !any_needs_escape(chunk) {
                i += 8;
                continue;
            }
        }
        let b = bytes[i];
        if matches!(b, b' '..=b'~') && b != b'"' && b != b'\\' {
            i += 1;
            continue;
        }
        out.push_str(&s[start..i]);
        let c = match s[i..].chars().next() {
            Some(c) => c,
            None => break, // unreachable: `i` is a character boundary
        };
        i += c.len_utf8();
        start = i;
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            _ => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    push_u_escape(out, *unit);
                }
            }
        }
    }
    out.push_str(&s[start..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn js(s: &str) -> String {
        let mut o = String::new();
        write_json_string(&mut o, s);
        o
    }

    #[test]
    fn python_json_escapes() {
        assert_eq!(js("a\"b\\c/d"), r#""a\"b\\c/d""#);
        assert_eq!(js("\n\r\t\u{8}\u{c}"), r#""\n\r\t\b\f""#);
        assert_eq!(
            js("\u{0}\u{1}\u{1f}\u{7f}"),
            r#""\u0000\u0001\u001f\u007f""#
        );
        assert_eq!(js("é€\u{ffff}"), r#""\u00e9\u20ac\uffff""#);
        assert_eq!(js("🎉x"), r#""\ud83c\udf89x""#);
        assert_eq!(js(" ~"), "\" ~\"");
        assert_eq!(js(""), "\"\"");
    }

    #[test]
    fn escapes_found_at_every_offset() {
        // Each byte that needs escaping, at every position of a 17-byte
        // run (the eight-at-a-time scan's words and tail), and every byte
        // that needs none, against the one-character writer.
        let one = |c: char| js(c.encode_utf8(&mut [0; 4]));
        for c in (0u32..0x100).filter_map(char::from_u32).chain(['€', '🎉']) {
            let e = one(c);
            let e = &e[1..e.len() - 1];
            for at in 0..17 {
                let mut text: String = "abcdefghijklmnopq".into();
                text.replace_range(at..=at, c.encode_utf8(&mut [0; 4]));
                let mut want = String::from("\"");
                want.push_str(&"abcdefghijklmnopq"[..at]);
                want.push_str(e);
                want.push_str(&"abcdefghijklmnopq"[at + 1..]);
                want.push('"');
                assert_eq!(js(&text), want, "{c:?} at {at}");
            }
        }
        for b in 0u8..=0x7f {
            let c = char::from(b);
            let escaped = one(c) != alloc::format!("\"{c}\"");
            assert_eq!(
                escaped,
                !matches!(b, b' '..=b'~') || b == b'"' || b == b'\\',
                "{b:#x}"
            );
        }
    }
}
