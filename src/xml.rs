//! A small, strict XML reader for AWS responses: the query protocol's
//! (STS `AssumeRoleResponse`, `ErrorResponse`) and S3's (`Error`,
//! multipart uploads). No serde, no XML crate in the core. One idea in
//! one file, a little over 600 lines because its tests (malformed input,
//! every prefix of a document) take the last 140.
//!
//! What it reads: one root element with nested elements, text, CDATA
//! sections, the five predefined entities (`&amp;` `&lt;` `&gt;` `&quot;`
//! `&apos;`) and numeric character references (`&#38;`, `&#x26;`), an
//! optional XML declaration, comments and processing instructions.
//! Attributes are checked for syntax and dropped: namespaces come as
//! `xmlns` attributes and are ignored, and names are matched by their
//! local part (`s3:Key` is `Key`).
//!
//! What it refuses: a document type declaration (`<!DOCTYPE`, so no
//! entity expansion of any kind), unknown entities, mismatched or
//! unclosed tags, text outside the root, control characters XML forbids,
//! nesting deeper than [`MAX_DEPTH`], duplicate attributes. It never
//! recurses (an explicit stack), never panics, and the caller bounds the
//! input size.

use alloc::string::String;
use alloc::vec::Vec;
use zeroize::Zeroize;

/// The deepest nesting accepted (an STS response needs 4: the response,
/// the result, `Credentials`, `AccessKeyId`; S3's listings need 3).
pub(crate) const MAX_DEPTH: usize = 32;

/// An element: its name, its text (every text and CDATA piece directly
/// inside it, joined, entities decoded) and its child elements in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Element {
    name: String,
    text: String,
    children: Vec<Element>,
}

/// Why the text is not XML this reader accepts, and the byte offset where
/// that was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct XmlError {
    pub(crate) offset: usize,
    pub(crate) what: &'static str,
}

impl core::fmt::Display for XmlError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{} at byte {}", self.what, self.offset)
    }
}

fn local(name: &str) -> &str {
    name.rsplit_once(':').map_or(name, |(_, l)| l)
}

#[allow(dead_code)] // S3's responses will use the rest
impl Element {
    /// The name without its namespace prefix.
    pub(crate) fn name(&self) -> &str {
        local(&self.name)
    }

    /// The element's own text (not its children's), entities decoded.
    pub(crate) fn text(&self) -> &str {
        &self.text
    }

    /// The child elements, in document order.
    pub(crate) fn children(&self) -> &[Element] {
        &self.children
    }

    /// The first child element with this local name.
    pub(crate) fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name() == name)
    }

    /// The element reached by following child names from this one.
    pub(crate) fn path(&self, names: &[&str]) -> Option<&Element> {
        names.iter().try_fold(self, |e, n| e.child(n))
    }

    /// The text of the element at `names` below this one.
    pub(crate) fn path_text(&self, names: &[&str]) -> Option<&str> {
        self.path(names).map(Element::text)
    }

    /// The first element with this local name below this one, depth
    /// first, in document order (this element itself excluded).
    pub(crate) fn descendant(&self, name: &str) -> Option<&Element> {
        // Iterative: the tree is at most MAX_DEPTH deep, but no recursion
        // is simpler to trust.
        let mut stack: Vec<core::slice::Iter<'_, Element>> = Vec::new();
        stack.push(self.children.iter());
        while let Some(top) = stack.last_mut() {
            match top.next() {
                Some(e) if e.name() == name => return Some(e),
                Some(e) => stack.push(e.children.iter()),
                None => {
                    stack.pop();
                }
            }
        }
        None
    }
}

impl Zeroize for Element {
    /// Wipes every name and text (credential responses carry secrets).
    fn zeroize(&mut self) {
        self.name.zeroize();
        self.text.zeroize();
        self.children.iter_mut().for_each(Zeroize::zeroize);
        self.children.clear();
    }
}

/// Parses a document: an optional BOM and XML declaration, comments and
/// processing instructions, exactly one root element, and then only
/// whitespace, comments and processing instructions.
pub(crate) fn parse(text: &str) -> Result<Element, XmlError> {
    let mut p = Parser {
        s: text,
        b: text.as_bytes(),
        i: 0,
    };
    p.document()
}

struct Parser<'a> {
    s: &'a str,
    b: &'a [u8],
    i: usize,
}

fn is_name_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_' || c == ':' || (!c.is_ascii() && is_xml_char(c))
}

fn is_name_char(c: char) -> bool {
    is_name_start(c) || c.is_ascii_digit() || c == '-' || c == '.'
}

/// XML 1.0's `Char`: tab, LF, CR and everything from U+0020 but the
/// surrogates (not `char`s anyway), U+FFFE and U+FFFF.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
}

impl Parser<'_> {
    fn err<T>(&self, what: &'static str) -> Result<T, XmlError> {
        Err(XmlError {
            offset: self.i,
            what,
        })
    }

    fn rest(&self) -> &str {
        self.s.get(self.i..).unwrap_or("")
    }

    fn starts_with(&self, p: &str) -> bool {
        self.rest().starts_with(p)
    }

    fn ws(&mut self) -> bool {
        let start = self.i;
        while matches!(self.b.get(self.i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
        self.i > start
    }

    fn document(&mut self) -> Result<Element, XmlError> {
        if self.starts_with("\u{FEFF}") {
            self.i += 3;
        }
        if self.starts_with("<?xml")
            && matches!(
                self.b.get(self.i + 5),
                Some(b' ' | b'\t' | b'\n' | b'\r' | b'?')
            )
        {
            self.declaration()?;
        }
        self.misc()?;
        if !self.starts_with("<") {
            return self.err(if self.i == self.b.len() {
                "no root element"
            } else {
                "text before the root element"
            });
        }
        let root = self.root()?;
        self.misc()?;
        if self.i != self.b.len() {
            return self.err("content after the root element");
        }
        Ok(root)
    }

    /// `<?xml version="1.0" ...?>`: checked for shape (a version, then
    /// attributes), content otherwise ignored.
    fn declaration(&mut self) -> Result<(), XmlError> {
        self.i += 5;
        let end = match self.rest().find("?>") {
            Some(n) => self.i + n,
            None => return self.err("unterminated XML declaration"),
        };
        let inner = self.s.get(self.i..end).unwrap_or("");
        if !inner.trim_start().starts_with("version") {
            return self.err("the XML declaration has no version");
        }
        if inner.chars().any(|c| !is_xml_char(c) || c == '<') {
            return self.err("a forbidden character in the XML declaration");
        }
        self.i = end + 2;
        Ok(())
    }

    /// Whitespace, comments and processing instructions; a DTD is refused.
    fn misc(&mut self) -> Result<(), XmlError> {
        loop {
            self.ws();
            if self.starts_with("<!--") {
                self.comment()?;
            } else if self.starts_with("<?") {
                self.pi()?;
            } else if self.starts_with("<!") {
                return self.err("a document type declaration (DTD) is not allowed");
            } else {
                return Ok(());
            }
        }
    }

    fn comment(&mut self) -> Result<(), XmlError> {
        self.i += 4;
        let Some(n) = self.rest().find("--") else {
            return self.err("unterminated comment");
        };
        let body = self.s.get(self.i..self.i + n).unwrap_or("");
        if body.chars().any(|c| !is_xml_char(c)) {
            return self.err("a forbidden character in a comment");
        }
        self.i += n;
        if !self.starts_with("-->") {
            return self.err("`--` inside a comment");
        }
        self.i += 3;
        Ok(())
    }

    fn pi(&mut self) -> Result<(), XmlError> {
        self.i += 2;
        let target = self.name()?;
        if target.eq_ignore_ascii_case("xml") {
            return self.err("an XML declaration that is not at the start");
        }
        let Some(n) = self.rest().find("?>") else {
            return self.err("unterminated processing instruction");
        };
        let body = self.s.get(self.i..self.i + n).unwrap_or("");
        if !body.is_empty() && !body.starts_with([' ', '\t', '\n', '\r']) {
            return self.err("a processing instruction's target runs into its text");
        }
        if body.chars().any(|c| !is_xml_char(c)) {
            return self.err("a forbidden character in a processing instruction");
        }
        self.i += n + 2;
        Ok(())
    }

    fn name(&mut self) -> Result<&str, XmlError> {
        let start = self.i;
        let mut chars = self.rest().char_indices();
        match chars.next() {
            Some((_, c)) if is_name_start(c) => {}
            _ => return self.err("expected a name"),
        }
        let mut end = self.b.len();
        for (k, c) in chars {
            if !is_name_char(c) {
                end = start + k;
                break;
            }
        }
        self.i = end;
        Ok(self.s.get(start..end).unwrap_or(""))
    }

    /// The root element and everything in it, with an explicit stack;
    /// what was read of a document that then fails is wiped.
    fn root(&mut self) -> Result<Element, XmlError> {
        let mut stack: Vec<Element> = Vec::new();
        let r = self.elements(&mut stack);
        stack.iter_mut().for_each(Zeroize::zeroize);
        r
    }

    fn elements(&mut self, stack: &mut Vec<Element>) -> Result<Element, XmlError> {
        loop {
            // At `<` of a start tag, an end tag, a comment, a PI or CDATA,
            // or at text.
            if self.starts_with("</") {
                self.i += 2;
                let at = self.i;
                let name = self.name()?;
                let Some(done) = stack.pop() else {
                    return self.err("an end tag without a start tag");
                };
                if name != done.name {
                    self.i = at;
                    return self.err("an end tag that does not match its start tag");
                }
                self.ws();
                if !self.starts_with(">") {
                    return self.err("expected `>` to close the end tag");
                }
                self.i += 1;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(done),
                    None => return Ok(done),
                }
            } else if self.starts_with("<!--") {
                self.comment()?;
            } else if self.starts_with("<![CDATA[") {
                self.i += 9;
                let Some(n) = self.rest().find("]]>") else {
                    return self.err("unterminated CDATA section");
                };
                let body = self.s.get(self.i..self.i + n).unwrap_or("");
                if body.chars().any(|c| !is_xml_char(c)) {
                    return self.err("a forbidden character in a CDATA section");
                }
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(body);
                }
                self.i += n + 3;
            } else if self.starts_with("<!") {
                return self.err("a declaration inside the document (DTD) is not allowed");
            } else if self.starts_with("<?") {
                self.pi()?;
            } else if self.starts_with("<") {
                self.i += 1;
                if stack.len() >= MAX_DEPTH {
                    return self.err("elements nested too deep");
                }
                let name = String::from(self.name()?);
                let empty = self.attributes()?;
                let e = Element {
                    name,
                    ..Element::default()
                };
                if empty {
                    match stack.last_mut() {
                        Some(parent) => parent.children.push(e),
                        None => return Ok(e),
                    }
                } else {
                    stack.push(e);
                }
            } else if self.i >= self.b.len() {
                return self.err("unexpected end of input: an element is not closed");
            } else {
                let Some(top) = stack.last_mut() else {
                    return self.err("text outside the root element");
                };
                let mut text = core::mem::take(&mut top.text);
                let r = self.text(&mut text);
                if let Some(top) = stack.last_mut() {
                    top.text = text;
                }
                r?;
            }
        }
    }

    /// After a start tag's name: attributes, then `>` (returns false) or
    /// `/>` (returns true).
    fn attributes(&mut self) -> Result<bool, XmlError> {
        let mut seen: Vec<(usize, usize)> = Vec::new();
        loop {
            let spaced = self.ws();
            if self.starts_with("/>") {
                self.i += 2;
                return Ok(true);
            }
            if self.starts_with(">") {
                self.i += 1;
                return Ok(false);
            }
            if !spaced {
                return self.err("expected whitespace, `>` or `/>` in a start tag");
            }
            let start = self.i;
            self.name()?;
            let (end, name) = (self.i, self.s.get(start..self.i).unwrap_or(""));
            if seen.iter().any(|&(a, b)| self.s.get(a..b) == Some(name)) {
                self.i = start;
                return self.err("a duplicate attribute");
            }
            seen.push((start, end));
            self.ws();
            if !self.starts_with("=") {
                return self.err("expected `=` after an attribute name");
            }
            self.i += 1;
            self.ws();
            let quote = match self.b.get(self.i) {
                Some(&q @ (b'"' | b'\'')) => q,
                _ => return self.err("expected a quoted attribute value"),
            };
            self.i += 1;
            // The value is checked (references included) and dropped.
            let mut value = String::new();
            loop {
                match self.b.get(self.i) {
                    None => return self.err("unterminated attribute value"),
                    Some(&q) if q == quote => {
                        self.i += 1;
                        break;
                    }
                    Some(b'<') => return self.err("`<` in an attribute value"),
                    Some(b'&') => self.reference(&mut value)?,
                    Some(_) => self.one_char(&mut value)?,
                }
            }
        }
    }

    /// Character data up to the next `<`, into `out`.
    fn text(&mut self, out: &mut String) -> Result<(), XmlError> {
        loop {
            match self.b.get(self.i) {
                None | Some(b'<') => return Ok(()),
                Some(b'&') => self.reference(out)?,
                Some(b']') if self.starts_with("]]>") => {
                    return self.err("`]]>` in text");
                }
                Some(_) => self.one_char(out)?,
            }
        }
    }

    fn one_char(&mut self, out: &mut String) -> Result<(), XmlError> {
        let Some(c) = self.rest().chars().next() else {
            return self.err("unexpected end of input");
        };
        if !is_xml_char(c) {
            return self.err("a control character XML does not allow");
        }
        out.push(c);
        self.i += c.len_utf8();
        Ok(())
    }

    /// `&name;` or `&#N;` / `&#xH;`, at `&`.
    fn reference(&mut self, out: &mut String) -> Result<(), XmlError> {
        let rest = self.rest();
        // By bytes: the 12th byte may fall inside a multi-byte character
        // after a short reference (`&lt;` then U+FEFF), which `str::get`
        // would refuse as a whole.
        let Some(semi) = rest.bytes().take(12).position(|b| b == b';') else {
            return self.err("`&` that does not start a reference (write `&amp;`)");
        };
        let body = rest.get(1..semi).unwrap_or("");
        let c = match body {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let code = if let Some(hex) = body.strip_prefix("#x") {
                    (!hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()))
                        .then(|| u32::from_str_radix(hex, 16).ok())
                        .flatten()
                } else if let Some(dec) = body.strip_prefix('#') {
                    (!dec.is_empty() && dec.bytes().all(|b| b.is_ascii_digit()))
                        .then(|| dec.parse::<u32>().ok())
                        .flatten()
                } else {
                    return self
                        .err("an unknown entity (only amp, lt, gt, quot, apos are defined)");
                };
                match code.and_then(char::from_u32) {
                    Some(c) if is_xml_char(c) => c,
                    _ => {
                        return self.err("a character reference to a character XML does not allow")
                    }
                }
            }
        };
        out.push(c);
        self.i += semi + 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    fn ok(s: &str) -> Element {
        match parse(s) {
            Ok(e) => e,
            Err(e) => panic!("{s:?}: {e}"),
        }
    }

    fn bad(s: &str) -> XmlError {
        match parse(s) {
            Ok(e) => panic!("{s:?} parsed: {e:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn an_sts_response_with_declaration_namespace_and_whitespace() {
        let doc = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
            <AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n  \
            <AssumeRoleResult>\n    <Credentials>\n      <AccessKeyId>ASIA</AccessKeyId>\n    \
            </Credentials>\n  </AssumeRoleResult>\n</AssumeRoleResponse>\n";
        let root = ok(doc);
        assert_eq!(root.name(), "AssumeRoleResponse");
        assert_eq!(
            root.path_text(&["AssumeRoleResult", "Credentials", "AccessKeyId"]),
            Some("ASIA")
        );
        assert_eq!(
            root.descendant("AccessKeyId").map(Element::text),
            Some("ASIA")
        );
        assert_eq!(root.path(&["AssumeRoleResult", "Nope"]), None);
    }

    /// Found by the multipart fuzz target: a reference followed within 12
    /// bytes by a multi-byte character was refused as no reference.
    #[test]
    fn a_reference_followed_by_multi_byte_text_is_decoded() {
        let e = parse("<a>&lt;K\u{FEFF}ey\u{FEFF}</a>").unwrap();
        assert_eq!(e.text(), "<K\u{FEFF}ey\u{FEFF}");
        let e = parse("<a>&amp;\u{1F389}\u{1F389}\u{1F389}</a>").unwrap();
        assert_eq!(e.text(), "&\u{1F389}\u{1F389}\u{1F389}");
    }

    #[test]
    fn entities_and_character_references_are_decoded() {
        let root = ok("<a>&amp;&lt;&gt;&quot;&apos;&#65;&#x42;&#x1F600;</a>");
        assert_eq!(root.text(), "&<>\"'AB\u{1F600}");
    }

    #[test]
    fn cdata_comments_and_pis_inside_are_kept_or_skipped() {
        let root = ok("<a>x<!-- c --><![CDATA[<&>]]><?pi data?>y<b/></a>");
        assert_eq!(root.text(), "x<&>y");
        assert_eq!(root.children().len(), 1);
        assert_eq!(root.children()[0].name(), "b");
    }

    #[test]
    fn prefixed_names_match_by_local_part_and_end_tags_by_full_name() {
        let root = ok("<s3:Root xmlns:s3='u'><s3:Key>k</s3:Key></s3:Root>");
        assert_eq!(root.name(), "Root");
        assert_eq!(root.path_text(&["Key"]), Some("k"));
        assert!(parse("<s3:Root></Root>").is_err());
    }

    #[test]
    fn descendant_is_depth_first_in_document_order() {
        let root = ok("<r><a><c>1</c></a><c>2</c></r>");
        assert_eq!(root.descendant("c").map(Element::text), Some("1"));
        assert_eq!(root.child("c").map(Element::text), Some("2"));
        assert!(root.descendant("r").is_none());
    }

    #[test]
    fn utf8_text_and_bom_pass() {
        let root = ok("\u{FEFF}<a>h\u{e9}llo \u{1F600}</a>");
        assert_eq!(root.text(), "h\u{e9}llo \u{1F600}");
    }

    #[test]
    fn malformed_documents_are_errors_with_a_reason() {
        let cases: &[(&str, &str)] = &[
            ("", "no root element"),
            ("   ", "no root element"),
            ("text", "text before the root"),
            ("<a>", "not closed"),
            ("<a></b>", "does not match"),
            ("<a><b></a></b>", "does not match"),
            ("<a></a><b></b>", "after the root"),
            ("<a></a>tail", "after the root"),
            ("<!DOCTYPE a [<!ENTITY x 'y'>]><a>&x;</a>", "DTD"),
            ("<a><!ENTITY x 'y'></a>", "DTD"),
            ("<a>&x;</a>", "unknown entity"),
            ("<a>& b</a>", "`&`"),
            ("<a>&#0;</a>", "does not allow"),
            ("<a>&#xD800;</a>", "does not allow"),
            ("<a>&#x110000;</a>", "does not allow"),
            ("<a>&#;</a>", "does not allow"),
            ("<a>\u{1}</a>", "control character"),
            ("<a>]]></a>", "`]]>`"),
            ("<a b='1' b='2'/>", "duplicate attribute"),
            ("<a b=1/>", "quoted"),
            ("<a b='<'/>", "`<`"),
            ("<a b='1'c='2'/>", "whitespace"),
            ("<a><!-- x -- y --></a>", "`--`"),
            ("<a><!-- x", "unterminated comment"),
            ("<a><![CDATA[x</a>", "unterminated CDATA"),
            ("<a>x</a><?xml version='1.0'?>", "not at the start"),
            ("<?xml encoding='x'?><a/>", "no version"),
            ("<1a/>", "expected a name"),
            ("</a>", "without a start tag"),
        ];
        for (doc, want) in cases {
            let e = bad(doc);
            assert!(
                e.to_string().contains(want),
                "{doc:?}: {e} does not say {want:?}"
            );
        }
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = |n: usize| "<a>".repeat(n) + &"</a>".repeat(n);
        assert!(parse(&deep(MAX_DEPTH)).is_ok());
        assert!(bad(&deep(MAX_DEPTH + 1)).what.contains("too deep"));
        // Far deeper than any stack: still an error, not an overflow.
        assert!(parse(&deep(100_000)).is_err());
    }

    #[test]
    fn every_prefix_of_a_document_is_an_error_not_a_panic() {
        let doc = "<?xml version='1.0'?><r a=\"&amp;\"><!--c--><b>&#x41;<![CDATA[z]]></b><c/></r>";
        assert!(parse(doc).is_ok());
        for (i, _) in doc.char_indices().skip(1) {
            assert!(parse(&doc[..i]).is_err(), "prefix {:?}", &doc[..i]);
        }
    }

    #[test]
    fn zeroize_wipes_the_tree() {
        let mut root = ok("<a>secret<b>more</b></a>");
        root.zeroize();
        assert_eq!(root.text(), "");
        assert!(root.children().is_empty());
    }
}
