//! Every error the SigV2 signer returns: its kind, and a message that names
//! the input. Also: no panic on hostile input, and the secret never shows.

use awssig::v2::{DateHeader, Request, Signer};
use awssig::{Credentials, ErrorKind, SigningTime};

fn signer() -> Signer {
    Signer::new(
        Credentials::new("AKIDEXAMPLE", "s3cr3t-do-not-print")
            .unwrap()
            .with_session_token("tok3n-do-not-print")
            .unwrap(),
    )
}

fn t() -> SigningTime {
    SigningTime::from_unix(1_700_000_000).unwrap()
}

/// The error of both header signing and presigning (they validate alike).
fn both(req: Request<'_>) -> (awssig::Error, awssig::Error) {
    let s = signer();
    (
        s.sign_headers(&req, t()).unwrap_err(),
        s.presign(&req, t(), 60).unwrap_err(),
    )
}

#[test]
fn invalid_method() {
    for m in ["", "GE T", "GET\n", "G(ET)"] {
        let (a, b) = both(Request::new(m, "/b/k"));
        assert_eq!(a.kind(), ErrorKind::InvalidMethod, "{m:?}");
        assert_eq!(b.kind(), ErrorKind::InvalidMethod, "{m:?}");
        assert!(a.to_string().contains("method"), "{a}");
    }
}

#[test]
fn invalid_path() {
    for p in ["", "b/k", "/b/k?acl", "/b/k#x", "/b/\nk", "/b/\u{7f}"] {
        let (a, b) = both(Request::new("GET", p));
        assert_eq!(a.kind(), ErrorKind::InvalidPath, "{p:?}");
        assert_eq!(b.kind(), ErrorKind::InvalidPath, "{p:?}");
        assert!(a.to_string().contains("path"), "{a}");
    }
}

#[test]
fn invalid_query() {
    for q in ["acl#x", "versionId=a\nb", "a=\u{0}"] {
        let (a, b) = both(Request::new("GET", "/b/k").raw_query(q));
        assert_eq!(a.kind(), ErrorKind::InvalidQuery, "{q:?}");
        assert_eq!(b.kind(), ErrorKind::InvalidQuery, "{q:?}");
    }
}

#[test]
fn presign_reserved_query_parameters() {
    for q in [
        "Signature=x",
        "AWSAccessKeyId=A",
        "expires=1",
        "acl&Expires=5",
    ] {
        let req = Request::new("GET", "/b/k").raw_query(q);
        let err = signer().presign(&req, t(), 60).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidQuery, "{q}");
        assert!(err.to_string().contains("reserved"), "{err}");
        // Header signing does not add these parameters: no conflict.
        assert!(signer().sign_headers(&req, t()).is_ok());
    }
    let pairs = [("Signature", "x")];
    let err = signer()
        .presign(&Request::new("GET", "/b/k").query_pairs(&pairs), t(), 60)
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidQuery);
}

#[test]
fn invalid_header_name() {
    for n in ["", "X Amz", "x-amz-meta:a", "caf\u{e9}"] {
        let h = [(n, "v")];
        let (a, b) = both(Request::new("GET", "/b/k").headers(&h));
        assert_eq!(a.kind(), ErrorKind::InvalidHeaderName, "{n:?}");
        assert_eq!(b.kind(), ErrorKind::InvalidHeaderName, "{n:?}");
    }
}

#[test]
fn invalid_header_value_injection() {
    for v in ["a\r\nx-amz-acl: public-read", "a\nb", "a\u{0}", "\u{7f}"] {
        let h = [("x-amz-meta-a", v)];
        let (a, b) = both(Request::new("PUT", "/b/k").headers(&h));
        assert_eq!(a.kind(), ErrorKind::InvalidHeaderValue, "{v:?}");
        assert_eq!(b.kind(), ErrorKind::InvalidHeaderValue, "{v:?}");
        assert!(a.to_string().contains("x-amz-meta-a"), "{a}");
    }
    // A tab is allowed (trimmed at the ends).
    let h = [("x-amz-meta-a", "\tv\t")];
    assert!(signer()
        .sign_headers(&Request::new("PUT", "/b/k").headers(&h), t())
        .is_ok());
}

#[test]
fn repeated_content_md5_or_type() {
    for n in ["Content-MD5", "Content-Type"] {
        let h = [(n, "a"), (&*n.to_ascii_lowercase(), "b")];
        let (a, b) = both(Request::new("PUT", "/b/k").headers(&h));
        assert_eq!(a.kind(), ErrorKind::InvalidHeaderValue, "{n}");
        assert_eq!(b.kind(), ErrorKind::InvalidHeaderValue, "{n}");
        assert!(a.to_string().contains("twice"), "{a}");
    }
}

#[test]
fn presign_unsupported_headers_are_errors_naming_them() {
    for n in [
        "Range",
        "If-Match",
        "If-None-Match",
        "Cache-Control",
        "Date",
        "Authorization",
        "User-Agent",
    ] {
        let h = [("x-amz-meta-ok", "1"), (n, "v")];
        let req = Request::new("GET", "/b/k").headers(&h);
        let err = signer().presign(&req, t(), 60).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::UnsupportedHeader, "{n}");
        assert!(err.to_string().contains(n), "{err}");
        // Header signing sends them unsigned.
        assert!(signer().sign_headers(&req, t()).is_ok(), "{n}");
    }
    // Host, x-amz-*, Content-Type and Content-MD5 are fine.
    let h = [
        ("Host", "b.s3.amazonaws.com"),
        ("x-amz-acl", "private"),
        ("Content-Type", "text/plain"),
        ("Content-MD5", "1B2M2Y8AsgTpgAmY+7AoTw=="),
        ("x-amz-date", "Tue, 14 Nov 2023 22:13:20 GMT"),
    ];
    assert!(signer()
        .presign(&Request::new("PUT", "/b/k").headers(&h), t(), 60)
        .is_ok());
}

#[test]
fn presign_repeated_amz_header() {
    let h = [("x-amz-meta-a", "1"), ("X-Amz-Meta-A", "2")];
    let req = Request::new("PUT", "/b/k").headers(&h);
    let err = signer().presign(&req, t(), 60).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnsupportedHeader);
    assert!(err.to_string().contains("twice"), "{err}");
    // Header signing joins them.
    let steps = signer().sign_headers_steps(&req, t()).unwrap();
    assert!(steps.string_to_sign.contains("\nx-amz-meta-a:1,2\n"));
}

#[test]
fn invalid_expiry() {
    let req = Request::new("GET", "/b/k");
    let err = signer().presign(&req, t(), 0).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidExpiry);
    assert!(err.to_string().contains("expires_in 0"), "{err}");
    for e in [u64::MAX, i64::MAX as u64] {
        let err = signer().presign(&req, t(), e).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidExpiry, "{e}");
    }
    // Before the epoch: Expires would be negative.
    let old = SigningTime::from_unix(-100).unwrap();
    assert_eq!(
        signer().presign(&req, old, 50).unwrap_err().kind(),
        ErrorKind::InvalidExpiry
    );
    assert_eq!(signer().presign(&req, old, 100).unwrap().expires(), 0);
    assert_eq!(
        signer().presign_steps(&req, t(), 0).unwrap_err().kind(),
        ErrorKind::InvalidExpiry
    );
}

#[test]
fn invalid_credentials_and_time_come_from_their_types() {
    assert_eq!(
        Credentials::new("", "s").unwrap_err().kind(),
        ErrorKind::InvalidCredentials
    );
    assert_eq!(
        SigningTime::from_unix(i64::MAX).unwrap_err().kind(),
        ErrorKind::InvalidTime
    );
}

#[test]
fn secret_and_token_never_printed() {
    let s = signer().date_header(DateHeader::XAmzDate);
    let h = [("Range", "x")];
    let req = Request::new("GET", "/b/k").headers(&h);
    let signed = s.sign_headers(&req, t()).unwrap();
    let err = s.presign(&req, t(), 60).unwrap_err();
    for text in [
        format!("{s:?}"),
        format!("{signed:?}"),
        format!("{err:?} {err}"),
        format!("{req:?}"),
    ] {
        assert!(!text.contains("s3cr3t"), "{text}");
        assert!(!text.contains("tok3n"), "{text}");
    }
}

#[test]
fn no_panic_on_hostile_input() {
    let s = signer();
    let inputs = [
        "",
        "%",
        "%%",
        "%G1",
        "%c3",
        "&&&",
        "=",
        "acl=%",
        "versionId=%ff%fe%",
        "uploadId==&=&acl==x",
        "\u{1F389}=\u{1F389}",
        "a=b=c",
    ];
    for q in inputs {
        for p in ["/", "//", "/%", "/\u{e9}", "/b/%ZZ"] {
            let req = Request::new("GET", p).raw_query(q);
            let _ = s.sign_headers(&req, t());
            let _ = s.sign_headers_steps(&req, t());
            let _ = s.presign(&req, t(), 1);
            let _ = s.presign_steps(
                &req,
                SigningTime::from_unix(253_402_300_799).unwrap(),
                u64::MAX,
            );
        }
    }
    let long = "x".repeat(100_000);
    let h = [
        (long.as_str(), long.as_str()),
        ("x-amz-meta-l", long.as_str()),
    ];
    let _ = s.sign_headers(&Request::new("GET", "/").headers(&h), t());
    let name = format!("x-amz-{long}");
    let h = [(name.as_str(), "v")];
    let q = s
        .presign(&Request::new("GET", "/").headers(&h), t(), 1)
        .unwrap();
    assert!(q.as_str().contains(&name));
    let odd = [("x-amz-meta-!#$%&'*+^`|~", "v")];
    let q = s
        .presign(&Request::new("GET", "/").headers(&odd), t(), 1)
        .unwrap();
    assert!(
        q.as_str()
            .contains("&x-amz-meta-%21%23%24%25%26%27%2A%2B%5E%60%7C~=v&"),
        "{q}"
    );
}

/// Found by fuzzing: the signer accepted an `Expires` past the year 9999,
/// which the verifier (like `SigningTime`) cannot represent.
#[test]
fn expires_after_the_year_9999_is_refused() {
    let signer = awssig::v2::Signer::new(awssig::Credentials::new("AKID", "secret").unwrap());
    let req = awssig::v2::Request::new("GET", "/b/k");
    let t = awssig::SigningTime::from_unix(0).unwrap();
    assert!(signer.presign(&req, t, 253_402_300_799).is_ok());
    let e = signer.presign(&req, t, 253_402_300_800).unwrap_err();
    assert_eq!(e.kind(), awssig::ErrorKind::InvalidExpiry);
    assert!(e.to_string().contains("9999"), "{e}");
}

/// Found by fuzzing: a SigV2 presigned URL carries its signed headers as
/// `x-amz-*` (and Content-Type/-MD5) query parameters, so a query parameter
/// named like a header was read back as a signed header by the server.
#[test]
fn presign_refuses_query_parameters_named_like_headers() {
    let signer = awssig::v2::Signer::new(awssig::Credentials::new("AKID", "secret").unwrap());
    let t = awssig::SigningTime::from_unix(0).unwrap();
    for q in [
        "x-amz-meta-a=1",
        "X-Amz-Acl=private",
        "x%2Damz-foo=1",
        "content-type=text/plain",
        "Content-MD5=x",
    ] {
        let e = signer
            .presign(&awssig::v2::Request::new("GET", "/b/k").raw_query(q), t, 60)
            .unwrap_err();
        assert_eq!(e.kind(), awssig::ErrorKind::InvalidQuery, "{q}: {e}");
        assert!(e.to_string().contains("pass it as a header"), "{e}");
    }
    let pairs = [("x-amz-meta-a", "1")];
    assert!(signer
        .presign(
            &awssig::v2::Request::new("GET", "/b/k").query_pairs(&pairs),
            t,
            60
        )
        .is_err());
    // Header signing keeps them as ordinary query parameters.
    let h = [("host", "b.s3.amazonaws.com")];
    assert!(signer
        .sign_headers(
            &awssig::v2::Request::new("GET", "/b/k")
                .raw_query("x-amz-meta-a=1")
                .headers(&h),
            t
        )
        .is_ok());
    // Other parameters, sub-resources included, are fine.
    assert!(signer
        .presign(
            &awssig::v2::Request::new("GET", "/b/k").raw_query("versionId=1&date=x&prefix=a"),
            t,
            60
        )
        .is_ok());
}
