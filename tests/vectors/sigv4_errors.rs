//! Every bad input to the SigV4 signer gives a typed error that names the
//! input; secrets never show in `Debug`.

use crate::common::*;
use awssig::v4::{Payload, Request, Signer, SigningSettings};
use awssig::{Credentials, ErrorKind, SigningTime};

fn signer() -> Signer {
    let creds = suite_creds()
        .with_session_token("SESSIONTOKENVALUE")
        .unwrap();
    Signer::new(creds, SigningSettings::new("service", "us-east-1")).unwrap()
}

fn t() -> SigningTime {
    SigningTime::from_unix(1_440_938_160).unwrap()
}

const HOST: [(&str, &str); 1] = [("Host", "example.amazonaws.com")];

#[track_caller]
fn header_err(req: Request<'_>, kind: ErrorKind, needle: &str) {
    let e = signer().sign_headers(&req, t()).unwrap_err();
    assert_eq!(e.kind(), kind, "{e}");
    assert!(
        e.to_string().contains(needle),
        "{e:?} should mention {needle:?}"
    );
    // Presigning rejects the same input the same way.
    let e = signer().presign(&req, t(), 60).unwrap_err();
    assert_eq!(e.kind(), kind, "{e}");
}

#[test]
fn bad_method() {
    header_err(
        Request::new("GE T", "/").headers(&HOST),
        ErrorKind::InvalidMethod,
        "GE T",
    );
    header_err(
        Request::new("", "/").headers(&HOST),
        ErrorKind::InvalidMethod,
        "method",
    );
}

#[test]
fn bad_path() {
    header_err(
        Request::new("GET", "no-slash").headers(&HOST),
        ErrorKind::InvalidPath,
        "must start with '/'",
    );
    header_err(
        Request::new("GET", "/a\nb").headers(&HOST),
        ErrorKind::InvalidPath,
        "control",
    );
    header_err(
        Request::new("GET", "/a?b").headers(&HOST),
        ErrorKind::InvalidPath,
        "'?'",
    );
}

#[test]
fn crlf_in_header_is_rejected_not_signed() {
    let h = [
        ("Host", "example.amazonaws.com"),
        ("X-Meta", "a\r\nInjected: yes"),
    ];
    header_err(
        Request::new("GET", "/").headers(&h),
        ErrorKind::InvalidHeaderValue,
        "X-Meta",
    );
    let h = [("Host", "example.amazonaws.com"), ("Bad Name", "v")];
    header_err(
        Request::new("GET", "/").headers(&h),
        ErrorKind::InvalidHeaderName,
        "Bad Name",
    );
}

#[test]
fn missing_host() {
    header_err(Request::new("GET", "/"), ErrorKind::MissingHost, "Host");
}

#[test]
fn bad_query() {
    header_err(
        Request::new("GET", "/")
            .headers(&HOST)
            .raw_query("a=1#frag"),
        ErrorKind::InvalidQuery,
        "'#'",
    );
}

#[test]
fn presign_rejects_the_signatures_own_parameters() {
    for q in [
        "X-Amz-Signature=abc",
        "x-amz-credential=a",
        "X-Amz-Security-Token=t",
    ] {
        let e = signer()
            .presign(
                &Request::new("GET", "/").headers(&HOST).raw_query(q),
                t(),
                60,
            )
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidQuery, "{q}: {e}");
    }
    let pairs = [("X-Amz-Date", "20150830T123600Z")];
    let e = signer()
        .presign(
            &Request::new("GET", "/").headers(&HOST).query_pairs(&pairs),
            t(),
            60,
        )
        .unwrap_err();
    assert!(e.to_string().contains("X-Amz-Date"), "{e}");
}

#[test]
fn bad_payload_hash() {
    for h in [
        "abc",
        "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
    ] {
        let req = Request::new("GET", "/")
            .headers(&HOST)
            .payload(Payload::Sha256Hex(h));
        header_err(req, ErrorKind::InvalidPayloadHash, "64 lowercase hex");
    }
}

#[test]
fn expiry_bounds() {
    let req = Request::new("GET", "/").headers(&HOST);
    let e = signer().presign(&req, t(), 0).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidExpiry);
    assert_eq!(
        e.to_string(),
        "expires_in 0 s is below the SigV4 minimum of 1 s"
    );
    let e = signer().presign(&req, t(), 604_801).unwrap_err();
    assert_eq!(
        e.to_string(),
        "expires_in 604801 s exceeds the SigV4 maximum of 604800 s (7 days)"
    );
    assert!(signer().presign(&req, t(), 1).is_ok());
    assert!(signer().presign(&req, t(), 604_800).is_ok());
}

#[test]
fn bad_region_and_service() {
    let creds = || Credentials::new("AKID", "secret").unwrap();
    for (region, needle) in [
        ("us-east-1/x", "'/'"),
        ("us east", "' '"),
        ("", "empty"),
        ("r\n", "'\\n'"),
    ] {
        let e = Signer::new(creds(), SigningSettings::s3(region)).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidRegion, "{region:?}");
        assert!(e.to_string().contains(needle), "{e}");
    }
    let e = Signer::new(creds(), SigningSettings::new("s 3", "us-east-1")).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidService);
}

#[test]
fn bad_credentials_and_time() {
    assert_eq!(
        Credentials::new("", "s").unwrap_err().kind(),
        ErrorKind::InvalidCredentials
    );
    assert_eq!(
        Credentials::new("A B", "s").unwrap_err().kind(),
        ErrorKind::InvalidCredentials
    );
    assert_eq!(
        Credentials::new("AKID", "").unwrap_err().kind(),
        ErrorKind::InvalidCredentials
    );
    assert_eq!(
        SigningTime::from_unix(-62_167_219_201).unwrap_err().kind(),
        ErrorKind::InvalidTime
    );
    assert_eq!(
        SigningTime::from_unix(253_402_300_800).unwrap_err().kind(),
        ErrorKind::InvalidTime
    );
    assert_eq!(
        SigningTime::from_amz_date("20150230T000000Z")
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidTime
    );
    assert_eq!(
        SigningTime::from_amz_date("2015083OT123600Z")
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidTime
    );
}

#[test]
fn debug_never_shows_secrets() {
    let s = signer();
    let shown = format!("{s:?}");
    assert!(!shown.contains("wJalrXUtnFEMI"), "{shown}");
    assert!(!shown.contains("SESSIONTOKENVALUE"), "{shown}");
    let signed = s
        .sign_headers(&Request::new("GET", "/").headers(&HOST), t())
        .unwrap();
    let shown = format!("{signed:?}");
    assert!(!shown.contains("SESSIONTOKENVALUE"), "{shown}");
    let key = awssig::v4::SigningKey::derive("secret", "20150830", "us-east-1", "s3");
    assert!(!format!("{key:?}").contains(&key.to_hex()));
}

#[test]
fn unsigned_headers_are_left_out() {
    let h = [
        ("Host", "example.amazonaws.com"),
        ("User-Agent", "x"),
        ("Connection", "keep-alive"),
        ("X-Amzn-Trace-Id", "Root=1"),
        ("Authorization", "old"),
        ("X-Amz-Date", "19990101T000000Z"),
    ];
    let steps = signer()
        .sign_headers_steps(&Request::new("GET", "/").headers(&h), t())
        .unwrap();
    assert!(
        steps.canonical_request.ends_with("\nhost;x-amz-date;x-amz-security-token\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        "{}",
        steps.canonical_request
    );
    assert!(steps
        .canonical_request
        .contains("x-amz-date:20150830T123600Z\n"));
}
