//! The S3 SigV2 (RESTAuthentication) documentation examples, in every
//! edition whose values are consistent: the 2017 awsdocs edition (bucket
//! `johnsmith`, key `AKIAIOSFODNN7EXAMPLE`), the 2020 edition (bucket
//! `awsexamplebucket1`) and the legacy pre-2014 edition (key
//! `0PN5J17HBGZHT7JJ3X82`).
//!
//! Data: tests/data/sigv2-s3-docs (awsdocs/amazon-s3-developer-guide,
//! CC-BY-SA-4.0, see tests/data/LICENSES; provenance and errata in
//! tests/data/VECTORS-README.md, "SigV2" entries).
//!
//! Skipped, each with a test below that shows why:
//! * `delete` 2017 and 2020: the printed string to sign puts the
//!   `x-amz-date` value on the Date line and leaves the `x-amz-date` header
//!   out, which contradicts the page's own rule (empty Date line,
//!   `x-amz-date:` among the amz headers). Their signatures match that
//!   printed form; we follow the rule, which the legacy signature confirms
//!   (`delete_printed_form_*`, `delete_legacy_follows_the_rule`).
//! * `query-string-auth` 2020: the string to sign was renamed to
//!   `/awsexamplebucket1/…` but the signature `NpgCjnDz…` was kept from 2017;
//!   it is the 2017 johnsmith signature (`query_string_auth_2020_is_stale`).
//! * `post-file-upload`, `post-textarea-upload`: browser POST forms belong
//!   to the POST issue; only their policy signatures are checked here with
//!   [`Signer::sign_string`] (`post_policy_signatures`).

use crate::common::*;
use awssig::v2::{DateFormat, DateHeader, Request, Signer};
use awssig::{Credentials, SigningTime};
use serde_json::Value;

fn case(name: &str) -> Value {
    read_json(
        &data_dir()
            .join("sigv2-s3-docs")
            .join(name)
            .join("case.json"),
    )
}

fn edition<'v>(c: &'v Value, prefix: &str) -> &'v Value {
    c["editions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["edition"].as_str().unwrap().starts_with(prefix))
        .unwrap_or_else(|| panic!("edition {prefix}"))
}

/// The path to sign: `/bucket` + the Request-URI path. The bucket is the
/// first label of a virtual-hosted `*.amazonaws.com` host, the whole host
/// (without port) for a CNAME, none for a path-style `s3.*` host.
fn path_to_sign(host: &str, uri_path: &str) -> String {
    let host = host.split(':').next().unwrap();
    if host.starts_with("s3.") {
        uri_path.to_string()
    } else if host.ends_with(".amazonaws.com") {
        format!("/{}{uri_path}", host.split('.').next().unwrap())
    } else {
        format!("/{host}{uri_path}")
    }
}

struct Prepared {
    method: String,
    path: String,
    query: String,
    headers: Vec<(String, String)>,
}

fn prepare(e: &Value) -> Prepared {
    let r = &e["request"];
    let uri = r["request_uri"].as_str().unwrap();
    let (p, q) = uri.split_once('?').unwrap_or((uri, ""));
    Prepared {
        method: r["method"].as_str().unwrap().to_string(),
        path: path_to_sign(r["host"].as_str().unwrap(), p),
        query: q.to_string(),
        headers: r["headers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| {
                (
                    h[0].as_str().unwrap().to_string(),
                    h[1].as_str().unwrap().to_string(),
                )
            })
            .collect(),
    }
}

fn header<'a>(p: &'a Prepared, name: &str) -> Option<&'a str> {
    p.headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Header-signs a doc edition with the date header `which`, checking the
/// string to sign (when printed), the signature, `Authorization`, and that
/// the date header we produce is the doc's.
fn check_header_edition(name: &str, ed: &str, which: DateHeader) {
    let c = case(name);
    let e = edition(&c, ed);
    let p = prepare(e);
    let date_name = match which {
        DateHeader::XAmzDate => "x-amz-date",
        _ => "date",
    };
    let date = header(&p, date_name).unwrap();
    let (unix, format) = parse_http_date(date);
    let signer = Signer::new(json_creds(&e["credentials"]))
        .date_header(which)
        .date_format(format);
    let h = str_pairs(&p.headers);
    let req = Request::new(&p.method, &p.path)
        .raw_query(&p.query)
        .headers(&h);
    let t = SigningTime::from_unix(unix).unwrap();
    let steps = signer.sign_headers_steps(&req, t).unwrap();
    if let Some(sts) = e["expected_string_to_sign"].as_str() {
        assert_eq!(steps.string_to_sign, sts, "{name} {ed}: string to sign");
    }
    let signed = signer.sign_headers(&req, t).unwrap();
    assert_eq!(signed.signature(), steps.signature, "{name} {ed}");
    assert_eq!(
        signed.signature(),
        e["expected_signature"].as_str().unwrap(),
        "{name} {ed}: signature"
    );
    assert_eq!(
        signed.authorization(),
        e["expected_authorization"].as_str().unwrap(),
        "{name} {ed}"
    );
    let ours: Vec<(&str, &str)> = signed.iter().collect();
    assert!(ours.contains(&(date_name, date)), "{name} {ed}: {ours:?}");
}

const EDITIONS: [&str; 3] = ["2017", "2020", "legacy"];

macro_rules! header_cases {
    ($($test:ident => $name:literal),* $(,)?) => {$(
        #[test]
        fn $test() {
            for ed in EDITIONS {
                check_header_edition($name, ed, DateHeader::Date);
            }
        }
    )*};
}

header_cases! {
    object_get => "object-get",
    object_put => "object-put",
    list => "list",
    fetch_acl => "fetch-acl",
    list_all_my_buckets => "list-all-my-buckets",
    unicode_keys => "unicode-keys",
    upload_with_metadata => "upload-with-metadata",
}

#[test]
fn unicode_keys_path_is_signed_literally() {
    // Mixed-case escapes (%C3 and %c3) are kept: re-encoding would change them.
    let c = case("unicode-keys");
    let p = prepare(edition(&c, "2017"));
    assert_eq!(p.path, "/dictionary/fran%C3%A7ais/pr%c3%a9f%c3%a8re");
    check_header_edition("unicode-keys", "2017", DateHeader::Date);
    let signer = Signer::new(json_creds(&edition(&c, "2017")["credentials"]))
        .date_format(DateFormat::NumericOffset);
    let t = SigningTime::from_unix(parse_http_date("Wed, 28 Mar 2007 01:49:49 +0000").0).unwrap();
    let upper = signer
        .sign_headers(
            &Request::new("GET", "/dictionary/fran%C3%A7ais/pr%C3%A9f%C3%A8re"),
            t,
        )
        .unwrap();
    assert_ne!(upper.signature(), "DNEZGsoieTZ92F3bUfSPQcbGmlM=");
}

#[test]
fn delete_legacy_follows_the_rule() {
    // x-amz-date mode: empty Date line, `x-amz-date:` among the amz headers.
    check_header_edition("delete", "legacy", DateHeader::XAmzDate);
    let c = case("delete");
    let e = edition(&c, "legacy");
    let p = prepare(e);
    let (unix, format) = parse_http_date(header(&p, "x-amz-date").unwrap());
    let signer = Signer::new(json_creds(&e["credentials"]))
        .date_header(DateHeader::XAmzDate)
        .date_format(format);
    let h = str_pairs(&p.headers);
    let steps = signer
        .sign_headers_steps(
            &Request::new(&p.method, &p.path).headers(&h),
            SigningTime::from_unix(unix).unwrap(),
        )
        .unwrap();
    assert_eq!(
        steps.string_to_sign,
        "DELETE\n\n\n\nx-amz-date:Tue, 27 Mar 2007 21:20:26 +0000\n/johnsmith/photos/puppy.jpg"
    );
}

#[test]
fn delete_printed_form_2017_2020_skipped() {
    // SKIPPED as vectors: the printed string to sign breaks the page's rule.
    // Evidence: the printed form is what Date mode at the x-amz-date time
    // produces, and the printed signatures verify against it, not against
    // the rule-following x-amz-date form.
    for ed in ["2017", "2020"] {
        let c = case("delete");
        let e = edition(&c, ed);
        let p = prepare(e);
        let (unix, format) = parse_http_date(header(&p, "x-amz-date").unwrap());
        let t = SigningTime::from_unix(unix).unwrap();
        let printed = e["expected_string_to_sign"].as_str().unwrap();
        let expected_sig = e["expected_signature"].as_str().unwrap();

        let date_mode = Signer::new(json_creds(&e["credentials"])).date_format(format);
        let req = Request::new(&p.method, &p.path);
        let steps = date_mode.sign_headers_steps(&req, t).unwrap();
        assert_eq!(steps.string_to_sign, printed, "{ed}");
        assert_eq!(steps.signature, expected_sig, "{ed}");
        assert_eq!(date_mode.sign_string(printed), expected_sig, "{ed}");

        let rule = Signer::new(json_creds(&e["credentials"]))
            .date_format(format)
            .date_header(DateHeader::XAmzDate);
        let h = str_pairs(&p.headers);
        let ours = rule
            .sign_headers_steps(&Request::new(&p.method, &p.path).headers(&h), t)
            .unwrap();
        assert!(
            ours.string_to_sign.starts_with("DELETE\n\n\n\nx-amz-date:"),
            "{ed}"
        );
        assert_ne!(ours.signature, expected_sig, "{ed}");
    }
}

/// Presigns a query-string-auth edition and compares the signature, the
/// string to sign and the URL's query (in order for 2017, whose URL has
/// botocore's order; as a set for legacy, which prints `Expires` before
/// `Signature`).
fn check_query_edition(ed: &str, ordered: bool) {
    let c = case("query-string-auth");
    let e = edition(&c, ed);
    let p = prepare(e);
    let expires = e["expires"].as_u64().unwrap();
    let signer = Signer::new(json_creds(&e["credentials"]));
    // Any split of Expires into time + expires_in gives the same URL.
    for expires_in in [1, 3600, 86_400 * 30] {
        let t = SigningTime::from_unix((expires - expires_in) as i64).unwrap();
        let req = Request::new(&p.method, &p.path);
        let steps = signer.presign_steps(&req, t, expires_in).unwrap();
        assert_eq!(
            steps.string_to_sign,
            e["expected_string_to_sign"].as_str().unwrap(),
            "{ed}"
        );
        let q = signer.presign(&req, t, expires_in).unwrap();
        assert_eq!(
            q.signature(),
            e["expected_signature"].as_str().unwrap(),
            "{ed}"
        );
        assert_eq!(q.expires(), expires);
        assert!(q.as_str().contains(&format!(
            "Signature={}",
            e["expected_signature_url_encoded"].as_str().unwrap()
        )));
        let mut want: Vec<&str> = p.query.split('&').collect();
        let mut got: Vec<&str> = q.as_str().split('&').collect();
        if !ordered {
            want.sort_unstable();
            got.sort_unstable();
        }
        assert_eq!(got, want, "{ed}");
    }
}

#[test]
fn query_string_auth_2017() {
    check_query_edition("2017", true);
}

#[test]
fn query_string_auth_legacy() {
    check_query_edition("legacy", false);
}

#[test]
fn query_string_auth_2020_is_stale() {
    // SKIPPED: the 2020 signature was kept from 2017. Evidence: it is what
    // the johnsmith path gives, while the printed awsexamplebucket1 string
    // to sign gives another signature.
    let c = case("query-string-auth");
    let e = edition(&c, "2020");
    let signer = Signer::new(json_creds(&e["credentials"]));
    let stale = e["expected_signature"].as_str().unwrap();
    let printed = e["expected_string_to_sign"].as_str().unwrap();
    assert_ne!(signer.sign_string(printed), stale);
    let t = SigningTime::from_unix(1_175_139_620 - 3600).unwrap();
    let johnsmith = signer
        .presign(&Request::new("GET", "/johnsmith/photos/puppy.jpg"), t, 3600)
        .unwrap();
    assert_eq!(johnsmith.signature(), stale);
    let renamed = signer
        .presign(
            &Request::new("GET", "/awsexamplebucket1/photos/puppy.jpg"),
            t,
            3600,
        )
        .unwrap();
    assert_eq!(signer.sign_string(printed), renamed.signature());
}

#[test]
fn query_string_auth_blank_fifth_line_is_layout_only() {
    // The page prints an empty line for the (empty) amz headers; with that
    // newline the signature does not verify.
    let c = case("query-string-auth");
    for ed in ["2017", "legacy"] {
        let e = edition(&c, ed);
        let signer = Signer::new(json_creds(&e["credentials"]));
        let sts = e["expected_string_to_sign"].as_str().unwrap();
        let expected = e["expected_signature"].as_str().unwrap();
        assert_eq!(signer.sign_string(sts), expected, "{ed}");
        let (head, resource) = sts.rsplit_once('\n').unwrap();
        assert_ne!(
            signer.sign_string(&format!("{head}\n\n{resource}")),
            expected,
            "{ed}"
        );
    }
}

#[test]
fn post_policy_signatures() {
    // SKIPPED as forms (POST issue). post-file-upload verifies only with
    // the legacy secret; post-textarea-upload's signature is a doc typo.
    let legacy = Signer::new(
        Credentials::new(
            "AKIAIOSFODNN7EXAMPLE",
            "uV3F3YluFJax1cknvbcGwgjvx4QpvB+leU8dUj2o",
        )
        .unwrap(),
    );
    let listed = Signer::new(example_creds());
    let c = case("post-file-upload");
    let e = &c["editions"][0];
    let policy = e["policy_base64"].as_str().unwrap();
    assert_eq!(
        legacy.sign_string(policy),
        e["expected_signature"].as_str().unwrap()
    );
    assert_ne!(
        listed.sign_string(policy),
        e["expected_signature"].as_str().unwrap()
    );

    let c = case("post-textarea-upload");
    let e = &c["editions"][0];
    let policy = e["policy_base64"].as_str().unwrap();
    let typo = e["expected_signature"].as_str().unwrap();
    let ours = legacy.sign_string(policy);
    assert_ne!(ours, typo);
    assert_ne!(listed.sign_string(policy), typo);
    // Differs only in the last character before the padding.
    assert_eq!(ours[..26], typo[..26]);
}

#[test]
fn every_case_is_covered() {
    let mut names: Vec<String> = std::fs::read_dir(data_dir().join("sigv2-s3-docs"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "delete",
            "fetch-acl",
            "list",
            "list-all-my-buckets",
            "object-get",
            "object-put",
            "post-file-upload",
            "post-textarea-upload",
            "query-string-auth",
            "unicode-keys",
            "upload-with-metadata",
        ]
    );
}
