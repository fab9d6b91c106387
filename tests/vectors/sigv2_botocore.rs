//! SigV2 against botocore 1.44.5: tests/data/botocore/sigv2.json, made by
//! tests/tools/gen_botocore_sigv2.py (frozen clock, no network, pure-Python
//! signers). Each case records the inputs of the low-level API as botocore
//! had them when it signed (method, path to sign = botocore's `auth_path`,
//! raw query, headers, credentials, time, expiry) and its outputs.
//!
//! * Presign (`generate_presigned_url`, `signature_version='s3'`): string to
//!   sign and signature byte-identical, URL equal.
//!   Departure: where botocore silently drops a header a SigV2 URL cannot
//!   carry (`Range`, `If-Match`, `Cache-Control`, …: `dropped_headers`),
//!   awssig returns `ErrorKind::UnsupportedHeader` naming it; without that
//!   header awssig's URL is botocore's, which shows that the header was
//!   neither signed nor sent.
//! * Header signing (`HmacV1Auth`): string to sign and signature
//!   byte-identical, `Authorization` and `Date` equal (botocore writes
//!   `GMT` dates, awssig's default [`DateFormat::Gmt`]).
//!   Departure: for requests carrying `x-amz-date` botocore fills the Date
//!   line anyway; awssig follows the SigV2 spec ([`DateHeader::XAmzDate`]:
//!   empty Date line), so its string to sign is botocore's with line 4
//!   emptied and the signatures differ.

use crate::common::*;
use awssig::v2::{DateFormat, DateHeader, Request, Signer};
use awssig::ErrorKind;
use serde_json::Value;

fn corpus() -> Vec<Value> {
    let v = read_json(&data_dir().join("botocore/sigv2.json"));
    assert_eq!(v["botocore"], "1.44.5");
    v["cases"].as_array().unwrap().clone()
}

fn signer(c: &Value) -> Signer {
    Signer::new(json_creds(&c["credentials"]))
}

fn check_presign(c: &Value) -> Result<bool, String> {
    let id = field(c, "id");
    let signer = signer(c);
    let h = json_pairs(&c["headers"]);
    let hr = str_pairs(&h);
    let expires_in = c["expires_in"].as_u64().unwrap();
    let dropped = json_strs(&c["dropped_headers"]);
    let req = Request::new(field(c, "method"), field(c, "path"))
        .raw_query(field(c, "query"))
        .headers(&hr);
    if !dropped.is_empty() {
        // Departure: an error, not a silent drop.
        let err = signer
            .presign(&req, botocore_time(c), expires_in)
            .unwrap_err();
        if err.kind() != ErrorKind::UnsupportedHeader || !err.to_string().contains(dropped[0]) {
            return Err(format!(
                "{id}: expected UnsupportedHeader for {dropped:?}, got {err}"
            ));
        }
        let kept: Vec<(&str, &str)> = hr
            .iter()
            .copied()
            .filter(|(n, _)| !dropped.contains(n))
            .collect();
        let req = req.headers(&kept);
        let q = signer
            .presign(&req, botocore_time(c), expires_in)
            .map_err(|e| format!("{id}: {e}"))?;
        let url = format!("{}?{}", field(c, "url_base"), q);
        if url != field(c, "url") {
            return Err(format!(
                "{id}: without {dropped:?}\n ours {url}\n boto {}",
                field(c, "url")
            ));
        }
        return Ok(false);
    }
    let steps = signer
        .presign_steps(&req, botocore_time(c), expires_in)
        .map_err(|e| format!("{id}: {e}"))?;
    if steps.string_to_sign != field(c, "string_to_sign") {
        return Err(format!(
            "{id}: string to sign\n ours {:?}\n boto {:?}",
            steps.string_to_sign,
            field(c, "string_to_sign")
        ));
    }
    let q = signer.presign(&req, botocore_time(c), expires_in).unwrap();
    if q.signature() != field(c, "signature") || steps.signature != field(c, "signature") {
        return Err(format!(
            "{id}: signature {} vs {}",
            q.signature(),
            field(c, "signature")
        ));
    }
    let url = format!("{}?{}", field(c, "url_base"), q);
    if url != field(c, "url") {
        return Err(format!("{id}: url\n ours {url}\n boto {}", field(c, "url")));
    }
    Ok(true)
}

fn check_header(c: &Value) -> Result<bool, String> {
    let id = field(c, "id");
    let h = json_pairs(&c["headers"]);
    let hr = str_pairs(&h);
    let req = Request::new(field(c, "method"), field(c, "path"))
        .raw_query(field(c, "query"))
        .headers(&hr);
    let boto_sts = field(c, "string_to_sign");
    if c["x_amz_date"].as_bool().unwrap() {
        // Departure: the spec's empty Date line, x-amz-date among the amz
        // headers. botocore's string to sign with line 4 emptied is ours.
        let signer = signer(c).date_header(DateHeader::XAmzDate);
        let steps = signer
            .sign_headers_steps(&req, botocore_time(c))
            .map_err(|e| format!("{id}: {e}"))?;
        let mut lines: Vec<&str> = boto_sts.split('\n').collect();
        assert_eq!(lines[3], field(c, "date"));
        lines[3] = "";
        let spec = lines.join("\n");
        if steps.string_to_sign != spec {
            return Err(format!(
                "{id}: spec form\n ours {:?}\n want {spec:?}",
                steps.string_to_sign
            ));
        }
        if steps.signature == field(c, "signature") {
            return Err(format!("{id}: expected the signatures to differ"));
        }
        let signed = signer.sign_headers(&req, botocore_time(c)).unwrap();
        let xd = hr
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("x-amz-date"))
            .unwrap()
            .1;
        if signed.x_amz_date() != Some(xd) || signed.date().is_some() {
            return Err(format!("{id}: x-amz-date {:?}", signed.x_amz_date()));
        }
        return Ok(false);
    }
    let signer = signer(c);
    assert_eq!(signer.date_format_used(), DateFormat::Gmt);
    let steps = signer
        .sign_headers_steps(&req, botocore_time(c))
        .map_err(|e| format!("{id}: {e}"))?;
    if steps.string_to_sign != boto_sts {
        return Err(format!(
            "{id}: string to sign\n ours {:?}\n boto {boto_sts:?}",
            steps.string_to_sign
        ));
    }
    let signed = signer.sign_headers(&req, botocore_time(c)).unwrap();
    if signed.signature() != field(c, "signature") || steps.signature != field(c, "signature") {
        return Err(format!(
            "{id}: signature {} vs {}",
            signed.signature(),
            field(c, "signature")
        ));
    }
    if signed.authorization() != field(c, "authorization")
        || signed.date() != Some(field(c, "date"))
    {
        return Err(format!("{id}: {signed:?}"));
    }
    let token = c["credentials"]["session_token"].as_str();
    let ours_token = signed
        .iter()
        .find(|(n, _)| *n == "x-amz-security-token")
        .map(|(_, v)| v);
    if ours_token != token {
        return Err(format!("{id}: token header"));
    }
    Ok(true)
}

#[test]
fn botocore_sigv2_corpus() {
    let cases = corpus();
    let mut failures = Vec::new();
    let (mut presign, mut header) = ((0, 0), (0, 0)); // (exact, departures)
    for c in &cases {
        let r = match field(c, "kind") {
            "presign" => check_presign(c).map(|exact| {
                if exact {
                    presign.0 += 1
                } else {
                    presign.1 += 1
                }
            }),
            "header" => {
                check_header(c).map(|exact| if exact { header.0 += 1 } else { header.1 += 1 })
            }
            k => panic!("kind {k}"),
        };
        if let Err(e) = r {
            failures.push(e);
        }
    }
    finish(failures, cases.len());
    eprintln!(
        "presign: {} identical, {} refused headers botocore drops; header: {} identical, {} x-amz-date (spec) cases",
        presign.0, presign.1, header.0, header.1
    );
    assert!(presign.0 >= 40, "{presign:?}");
    assert!(header.0 >= 40, "{header:?}");
    assert!(presign.1 >= 2 && header.1 >= 2);
}

#[test]
fn corpus_covers_what_the_issue_asks() {
    let cases = corpus();
    let any = |f: &dyn Fn(&Value) -> bool| cases.iter().any(f);
    for kind in ["presign", "header"] {
        let of = |f: &dyn Fn(&Value) -> bool| cases.iter().any(|c| c["kind"] == kind && f(c));
        assert!(
            of(&|c| c["credentials"]["session_token"].is_string()),
            "{kind} token"
        );
        assert!(
            of(&|c| field(c, "string_to_sign").contains("?response-")),
            "{kind} overrides"
        );
        assert!(
            of(&|c| field(c, "string_to_sign").contains("x-amz-meta-")),
            "{kind} metadata"
        );
        assert!(
            of(&|c| field(c, "path").contains("%C3%A9")),
            "{kind} unicode"
        );
        assert!(
            of(&|c| field(c, "path").contains("%21%2A%27%28%29")),
            "{kind} nasty"
        );
    }
    // Virtual and path style: the URL path lacks the bucket, or has it.
    assert!(any(
        &|c| c["kind"] == "presign" && !field(c, "url_base").contains(field(c, "path"))
    ));
    assert!(any(
        &|c| c["kind"] == "presign" && field(c, "url_base").ends_with(field(c, "path"))
    ));
}
