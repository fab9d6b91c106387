//! A small, strict JSON reader (RFC 8259) for POST policies and the
//! credential sources' responses: objects, arrays, strings with every
//! escape (`\uXXXX` surrogate pairs included), numbers, `true`, `false`,
//! `null`. No serde in the core.
//!
//! Strict: no trailing commas, no comments, no leading zeros, no lone
//! surrogates, no raw control characters in strings, nothing after the
//! value. Bounded: nesting deeper than [`MAX_DEPTH`] is an error (the
//! recursion never goes deeper), and the caller bounds the input size.
//! Never panics.

use alloc::string::String;
use alloc::vec::Vec;

/// The deepest nesting accepted (a POST policy needs 3: the document, the
/// `conditions` array, a condition; credential responses need 2).
pub(crate) const MAX_DEPTH: usize = 16;

/// A parsed JSON value. Numbers keep their text (checked against the
/// grammar), so a huge number is not an error until someone needs it as
/// an integer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Value {
    Null,
    Bool(bool),
    Number(String),
    String(String),
    Array(Vec<Value>),
    /// Members in document order; duplicate names are kept (the caller
    /// decides).
    Object(Vec<(String, Value)>),
}

impl Value {
    /// The first member of an object with this name (`None` for another
    /// kind of value or a missing member).
    pub(crate) fn get(&self, name: &str) -> Option<&Value> {
        match self {
            Value::Object(members) => members.iter().find(|(n, _)| n == name).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The text of a string value.
    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// What kind of value this is, for messages.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }
}

impl zeroize::Zeroize for Value {
    /// Wipes every string and number (credential responses carry secrets);
    /// hold a parsed response in `zeroize::Zeroizing`.
    fn zeroize(&mut self) {
        match self {
            Value::Null | Value::Bool(_) => {}
            Value::Number(s) | Value::String(s) => s.zeroize(),
            Value::Array(items) => items.iter_mut().for_each(zeroize::Zeroize::zeroize),
            Value::Object(members) => members.iter_mut().for_each(|(n, v)| {
                n.zeroize();
                v.zeroize();
            }),
        }
    }
}

/// Why the text is not JSON, and the byte offset where that was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct JsonError {
    pub(crate) offset: usize,
    pub(crate) what: &'static str,
}

impl core::fmt::Display for JsonError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{} at byte {}", self.what, self.offset)
    }
}

/// Parses one JSON value filling the whole text (whitespace around it
/// allowed).
pub(crate) fn parse(text: &str) -> Result<Value, JsonError> {
    let mut p = Parser {
        s: text,
        b: text.as_bytes(),
        i: 0,
    };
    p.ws();
    let v = p.value(0)?;
    p.ws();
    if p.i != p.b.len() {
        return Err(p.err("unexpected text after the JSON value"));
    }
    Ok(v)
}

struct Parser<'a> {
    s: &'a str,
    b: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn err(&self, what: &'static str) -> JsonError {
        JsonError {
            offset: self.i,
            what,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, JsonError> {
        match self.peek() {
            None => Err(self.err("unexpected end of input, expected a value")),
            Some(b'{') => self.object(depth + 1),
            Some(b'[') => self.array(depth + 1),
            Some(b'"') => self.string().map(Value::String),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'n') => self.literal("null", Value::Null),
            Some(_) => Err(self.err("unexpected character, expected a value")),
        }
    }

    fn literal(&mut self, word: &'static str, v: Value) -> Result<Value, JsonError> {
        if self.b.get(self.i..self.i + word.len()) == Some(word.as_bytes()) {
            self.i += word.len();
            Ok(v)
        } else {
            Err(self.err("invalid literal (true, false or null expected)"))
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, JsonError> {
        if depth > MAX_DEPTH {
            return Err(self.err("nested too deeply"));
        }
        self.i += 1; // '{'
        let mut members = Vec::new();
        self.ws();
        if self.eat(b'}') {
            return Ok(Value::Object(members));
        }
        loop {
            self.ws();
            if self.peek() != Some(b'"') {
                return Err(self.err("expected a member name in double quotes"));
            }
            let name = self.string()?;
            self.ws();
            if !self.eat(b':') {
                return Err(self.err("expected ':' after a member name"));
            }
            self.ws();
            let v = self.value(depth)?;
            members.push((name, v));
            self.ws();
            if self.eat(b',') {
                continue;
            }
            if self.eat(b'}') {
                return Ok(Value::Object(members));
            }
            return Err(self.err("expected ',' or '}' in an object"));
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, JsonError> {
        if depth > MAX_DEPTH {
            return Err(self.err("nested too deeply"));
        }
        self.i += 1; // '['
        let mut items = Vec::new();
        self.ws();
        if self.eat(b']') {
            return Ok(Value::Array(items));
        }
        loop {
            self.ws();
            items.push(self.value(depth)?);
            self.ws();
            if self.eat(b',') {
                continue;
            }
            if self.eat(b']') {
                return Ok(Value::Array(items));
            }
            return Err(self.err("expected ',' or ']' in an array"));
        }
    }

    fn hex4(&mut self) -> Result<u16, JsonError> {
        let mut v: u16 = 0;
        for _ in 0..4 {
            let Some(d) = self.peek().and_then(crate::encode::hex_val) else {
                return Err(self.err("\\u must be followed by 4 hex digits"));
            };
            v = (v << 4) | u16::from(d);
            self.i += 1;
        }
        Ok(v)
    }

    /// A string; the cursor is on its opening quote.
    fn string(&mut self) -> Result<String, JsonError> {
        self.i += 1; // '"'
        let mut out = String::new();
        let mut start = self.i;
        loop {
            let Some(c) = self.peek() else {
                return Err(self.err("unterminated string"));
            };
            match c {
                b'"' | b'\\' => {
                    // Both are ASCII, so `start..i` lies on char boundaries.
                    out.push_str(
                        self.s
                            .get(start..self.i)
                            .ok_or_else(|| self.err("invalid string"))?,
                    );
                    self.i += 1;
                    if c == b'"' {
                        return Ok(out);
                    }
                    self.escape(&mut out)?;
                    start = self.i;
                }
                0..=0x1f => return Err(self.err("control character in a string (escape it)")),
                _ => self.i += 1,
            }
        }
    }

    /// One escape; the cursor is after the backslash.
    fn escape(&mut self, out: &mut String) -> Result<(), JsonError> {
        let Some(c) = self.peek() else {
            return Err(self.err("unterminated escape"));
        };
        self.i += 1;
        let ch = match c {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let hi = self.hex4()?;
                match hi {
                    0xD800..=0xDBFF => {
                        if !(self.eat(b'\\') && self.eat(b'u')) {
                            return Err(
                                self.err("high surrogate not followed by a \\u low surrogate")
                            );
                        }
                        let lo = self.hex4()?;
                        if !(0xDC00..=0xDFFF).contains(&lo) {
                            return Err(self.err("high surrogate not followed by a low surrogate"));
                        }
                        let cp =
                            0x10000 + ((u32::from(hi) - 0xD800) << 10) + (u32::from(lo) - 0xDC00);
                        char::from_u32(cp).ok_or_else(|| self.err("invalid surrogate pair"))?
                    }
                    0xDC00..=0xDFFF => return Err(self.err("lone low surrogate")),
                    _ => char::from_u32(u32::from(hi))
                        .ok_or_else(|| self.err("invalid \\u escape"))?,
                }
            }
            _ => {
                self.i -= 1;
                return Err(self.err("invalid escape"));
            }
        };
        out.push(ch);
        Ok(())
    }

    fn digits(&mut self) -> usize {
        let from = self.i;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.i += 1;
        }
        self.i - from
    }

    fn number(&mut self) -> Result<Value, JsonError> {
        let from = self.i;
        self.eat(b'-');
        match self.peek() {
            Some(b'0') => {
                self.i += 1;
                if matches!(self.peek(), Some(b'0'..=b'9')) {
                    return Err(self.err("leading zero in a number"));
                }
            }
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(self.err("expected a digit")),
        }
        if self.eat(b'.') && self.digits() == 0 {
            return Err(self.err("expected a digit after '.'"));
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.i += 1;
            if !self.eat(b'+') {
                self.eat(b'-');
            }
            if self.digits() == 0 {
                return Err(self.err("expected a digit in the exponent"));
            }
        }
        let text = self
            .s
            .get(from..self.i)
            .ok_or_else(|| self.err("invalid number"))?;
        Ok(Value::Number(String::from(text)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;
    use alloc::vec;

    fn s(v: &str) -> Value {
        Value::String(v.to_string())
    }

    #[test]
    fn values() {
        assert_eq!(parse(" null ").unwrap(), Value::Null);
        assert_eq!(parse("true").unwrap(), Value::Bool(true));
        assert_eq!(parse("-0.5e+3").unwrap(), Value::Number("-0.5e+3".into()));
        assert_eq!(
            parse(r#"{"a": [1, "x", {}], "b": false}"#).unwrap(),
            Value::Object(vec![
                (
                    "a".into(),
                    Value::Array(vec![
                        Value::Number("1".into()),
                        s("x"),
                        Value::Object(vec![])
                    ])
                ),
                ("b".into(), Value::Bool(false)),
            ])
        );
    }

    #[test]
    fn escapes() {
        assert_eq!(
            parse(r#""\"\\\/\b\f\n\r\t\u00e9\ud83c\udf89é""#).unwrap(),
            s("\"\\/\u{8}\u{c}\n\r\té🎉é")
        );
        assert_eq!(parse(r#""\uFFFF""#).unwrap(), s("\u{ffff}"));
    }

    #[test]
    fn rejects() {
        for bad in [
            "",
            "[1,]",
            "{\"a\":1,}",
            "01",
            "1.",
            "1e",
            "-",
            "+1",
            ".5",
            "[1 2]",
            "{\"a\" 1}",
            "{a:1}",
            "'a'",
            "\"\\x\"",
            "\"\\ud800\"",
            "\"\\udc00\"",
            "\"\\ud800\\u0041\"",
            "\"\\u12\"",
            "\"a\u{1}\"",
            "\"abc",
            "tru",
            "nul",
            "[",
            "{",
            "1 2",
            "[1]x",
            "NaN",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn depth_limit() {
        let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(parse(&ok).is_ok());
        let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        assert!(parse(&deep).is_err());
        assert!(parse(&"[".repeat(100_000)).is_err());
        assert!(parse(&"{\"a\":".repeat(100_000)).is_err());
    }
}
