//! The line grammar of one shared `config` or `credentials` file, as the
//! AWS SDKs and Tools Reference Guide and the cross-SDK parser suite
//! define it: section lines (`[…]`), property lines (`name = value`),
//! continuation lines (indented; after an empty value they are
//! sub-properties), blank lines and comment lines (`#` or `;` in the first
//! column). What a section *means* (profile, sso-session, services, or
//! ignored) is decided by the caller (`set.rs`); this file only cuts lines.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use zeroize::Zeroize;

use crate::error::{Error, Result};

/// Spaces and tabs: the only whitespace the grammar trims.
const WS: &[char] = &[' ', '\t'];

/// A section as written: the text between the brackets (comments cut,
/// trimmed) and its properties in file order (later ones win).
pub(super) struct RawSection {
    pub(super) header: String,
    pub(super) properties: Vec<(String, String)>,
}

impl Drop for RawSection {
    fn drop(&mut self) {
        for (_, v) in &mut self.properties {
            v.zeroize();
        }
    }
}

/// Cuts a comment off a line: `#` or `;` start one anywhere in a section
/// line, but in a property line only after whitespace (`value;x` keeps its
/// `;`). The rest is trimmed.
fn strip_comment(line: &str, needs_whitespace: bool) -> &str {
    let line = line.trim_matches(WS);
    let mut prev_ws = false;
    for (i, c) in line.char_indices() {
        if (c == '#' || c == ';') && (prev_ws || !needs_whitespace) {
            return line[..i].trim_matches(WS);
        }
        prev_ws = c.is_whitespace();
    }
    line
}

/// Why a `name = value` line is not one.
enum PropertyError {
    NoEquals,
    NoName,
}

/// Splits a property (or sub-property) line into its lower-cased name and
/// its value, both trimmed, comments cut.
fn split_property(line: &str) -> core::result::Result<(String, &str), PropertyError> {
    let line = strip_comment(line, true);
    let (k, v) = line.split_once('=').ok_or(PropertyError::NoEquals)?;
    let k = k.trim_matches(WS);
    if k.is_empty() {
        return Err(PropertyError::NoName);
    }
    Ok((k.to_ascii_lowercase(), v.trim_matches(WS)))
}

/// Where a line's error points: `config file ~/.aws/config, line 3`.
fn at(source: &str, line: usize, message: &str) -> Error {
    Error::credential_source(&format!("{source}, line {line}"), message)
}

fn property_error(e: PropertyError, what: &str, source: &str, line: usize) -> Error {
    match e {
        PropertyError::NoEquals => at(
            source,
            line,
            &format!("expected an '=' sign defining a {what} (name = value)"),
        ),
        PropertyError::NoName => at(
            source,
            line,
            &format!("{what} did not have a name (nothing before '=')"),
        ),
    }
}

/// Parses one file into its sections, in file order. `source` names the
/// file in messages (`config file ~/.aws/config`). A bad line is an error
/// naming the line; the line's text is never shown (it may hold a secret).
pub(super) fn parse(source: &str, text: &str) -> Result<Vec<RawSection>> {
    let mut sections: Vec<RawSection> = Vec::new();
    // The property continuation lines extend, and whether it is a
    // sub-property block (its value was empty).
    let mut property: Option<(usize, bool)> = None;
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        if line.trim_matches(WS).is_empty() || line.starts_with(['#', ';']) {
            continue;
        }
        if line.starts_with('[') {
            let Some(header) = strip_comment(line, false)
                .strip_prefix('[')
                .and_then(|h| h.strip_suffix(']'))
            else {
                return Err(at(
                    source,
                    n,
                    "profile definition must end with ']' (e.g. [profile dev])",
                ));
            };
            sections.push(RawSection {
                header: header.into(),
                properties: Vec::new(),
            });
            property = None;
            continue;
        }
        let Some(section) = sections.last_mut() else {
            return Err(at(
                source,
                n,
                "expected a profile definition ([default], [profile name], …) before any property",
            ));
        };
        if line.starts_with(WS) {
            let Some((index, sub)) = property else {
                return Err(at(
                    source,
                    n,
                    "expected a property definition, found continuation (an indented line must follow a name = value line)",
                ));
            };
            if sub {
                split_property(line).map_err(|e| property_error(e, "sub-property", source, n))?;
            }
            if let Some((_, value)) = section.properties.get_mut(index) {
                value.push('\n');
                value.push_str(line.trim_matches(WS));
            }
            continue;
        }
        let (name, value) =
            split_property(line).map_err(|e| property_error(e, "property", source, n))?;
        property = Some((section.properties.len(), value.is_empty()));
        section.properties.push((name, value.into()));
    }
    Ok(sections)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn comments_in_values_need_whitespace_before_them() {
        assert_eq!(strip_comment("a = b;c # d", true), "a = b;c");
        assert_eq!(strip_comment("[profile x];c", false), "[profile x]");
    }

    #[test]
    fn errors_name_the_file_and_line_but_not_the_text() {
        let e = parse("config file f", "[default]\nsecret s3cr3t\n")
            .err()
            .unwrap();
        let shown = e.to_string();
        assert!(
            shown.starts_with("config file f, line 2: expected an '='"),
            "{shown}"
        );
        assert!(!shown.contains("s3cr3t"), "{shown}");
    }
}
