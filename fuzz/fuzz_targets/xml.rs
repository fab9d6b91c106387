//! The crate's XML reader (crate-private), through the public STS parser:
//! an `AssumeRoleResponse` whose four credential values are arbitrary
//! text, escaped as a writer would (the five predefined entities,
//! numeric character references, or CDATA), wrapped in arbitrary
//! comments, processing instructions and unknown elements. Properties: no
//! panic; a parse that succeeds reads back exactly the values written
//! (the key pair and token; the expiry as the instant it names).
#![no_main]

use arbitrary::Arbitrary;
use awssig::credentials::sts::GetSessionToken;
use awssig::credentials::HttpResponse;
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
enum Escape {
    Entities,
    Numeric,
    Cdata,
}

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    id: &'a str,
    secret: &'a str,
    token: &'a str,
    escapes: [Escape; 3],
    expires_unix: u32,
    noise: Vec<&'a str>,
    prolog: bool,
}

fn escape(out: &mut String, value: &str, how: &Escape) {
    match how {
        Escape::Entities => {
            for c in value.chars() {
                match c {
                    '<' => out.push_str("&lt;"),
                    '>' => out.push_str("&gt;"),
                    '&' => out.push_str("&amp;"),
                    '"' => out.push_str("&quot;"),
                    '\'' => out.push_str("&apos;"),
                    c => out.push(c),
                }
            }
        }
        Escape::Numeric => {
            for c in value.chars() {
                out.push_str(&format!("&#x{:X};", c as u32));
            }
        }
        Escape::Cdata => {
            out.push_str("<![CDATA[");
            out.push_str(&value.replace("]]>", "]]]]><![CDATA[>"));
            out.push_str("]]>");
        }
    }
}

/// Text that is markup the reader must skip: a comment or an unknown
/// empty element (or nothing, when the noise cannot be one).
fn noise(out: &mut String, n: &str) {
    if !n.contains("--") && !n.ends_with('-') {
        out.push_str(&format!("<!--{n}-->"));
    } else if !n.is_empty() && n.bytes().all(|b| b.is_ascii_alphabetic()) {
        out.push_str(&format!("<{n}/>"));
    }
}

fuzz_target!(|input: Input<'_>| {
    // XML 1.0 cannot carry most control characters, and the reader trims
    // nothing from these values only if they are not surrounded by space.
    let ok = |s: &str| {
        !s.is_empty()
            && s.trim() == s
            && !s
                .chars()
                .any(|c| (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}')
    };
    if !(ok(input.id) && ok(input.secret) && ok(input.token)) {
        return;
    }
    let expires = 946_684_800 + i64::from(input.expires_unix % 2_000_000_000);
    let expiration = awssig::SigningTime::from_unix(expires).unwrap();
    let mut noise_iter = input.noise.iter().cycle().take(input.noise.len());
    let mut next_noise = |out: &mut String| {
        if let Some(n) = noise_iter.next() {
            noise(out, n);
        }
    };
    let mut doc = String::new();
    if input.prolog {
        doc.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    }
    doc.push_str("<GetSessionTokenResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">");
    next_noise(&mut doc);
    doc.push_str("<GetSessionTokenResult><Credentials>");
    for (name, value, how) in [
        ("AccessKeyId", input.id, &input.escapes[0]),
        ("SecretAccessKey", input.secret, &input.escapes[1]),
        ("SessionToken", input.token, &input.escapes[2]),
    ] {
        next_noise(&mut doc);
        doc.push_str(&format!("<{name}>"));
        escape(&mut doc, value, how);
        doc.push_str(&format!("</{name}>"));
    }
    doc.push_str(&format!(
        "<Expiration>{}</Expiration>",
        expiration.rfc3339()
    ));
    next_noise(&mut doc);
    doc.push_str("</Credentials></GetSessionTokenResult>");
    doc.push_str("<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata>");
    doc.push_str("</GetSessionTokenResponse>");
    let parsed = GetSessionToken::new().parse_response(HttpResponse::new(200, doc.as_bytes()));
    if let Ok(session) = parsed {
        let c = session.credentials();
        assert_eq!(c.access_key_id(), input.id, "{doc}");
        assert_eq!(c.secret_access_key(), input.secret, "{doc}");
        assert_eq!(c.session_token(), Some(input.token), "{doc}");
        assert_eq!(c.expires_at(), Some(expiration), "{doc}");
    }
});
