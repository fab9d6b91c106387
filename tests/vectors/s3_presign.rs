//! The S3 presigning API: the doc example, addressing rules, endpoints,
//! and a typed error for every bad input.

use crate::common::*;
use awssig::s3::{AddressingStyle, Bucket, Endpoint};
use awssig::ErrorKind;

#[test]
fn s3_doc_presigned_get_through_the_bucket_api() {
    let c = read_json(&data_dir().join("s3-sigv4-docs/presigned-get-url/case.json"));
    let url = Bucket::new("examplebucket", "us-east-1")
        .unwrap()
        .get("test.txt")
        .presign(
            &example_creds(),
            example_time(),
            c["expires_seconds"].as_u64().unwrap(),
        )
        .unwrap();
    assert_eq!(url, c["expected"]["url"].as_str().unwrap());
    assert!(url.ends_with("aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"));
}

#[test]
fn auto_addressing_follows_botocore_virtual_rules() {
    let https = |b: &str| Bucket::new(b, "eu-west-1").unwrap().is_virtual_hosted();
    assert!(https("photos"));
    assert!(!https("my.bucket"), "dots over https");
    assert!(!https("MyBucket"), "uppercase");
    assert!(!https("my_bucket"), "underscore");
    assert!(!https("ab"), "too short");
    assert!(!https("bucket-"), "ends with '-'");
    assert!(!https("192.168.1.1"), "IP-like");
    let http = |b: &str, ep: &str| {
        Bucket::with_endpoint(b, "us-east-1", Endpoint::parse(ep).unwrap())
            .unwrap()
            .is_virtual_hosted()
    };
    assert!(
        http("my.bucket", "http://minio.local:9000"),
        "dots over http stay virtual"
    );
    assert!(!http("media", "http://127.0.0.1:9000"), "IP endpoint");
    assert!(!http("media", "http://[::1]:9000"), "IPv6 endpoint");
    // A bucket named like an IPv4 address is botocore's IPV4_RE (one to
    // three digits a group): botocore 1.x with addressing_style='virtual'
    // keeps 192.168.1.1 and 999.1.1.1 in the path, puts 1234.1.1.1 in the
    // host.
    assert!(!http("192.168.1.1", "http://minio.local:9000"), "IP-like");
    assert!(!http("999.1.1.1", "http://minio.local:9000"), "IP-like");
    assert!(http("1234.1.1.1", "http://minio.local:9000"), "not IP-like");
}

#[test]
fn virtual_hosted_is_strict_and_path_always_works() {
    let e = Bucket::new("my_bucket", "eu-west-1")
        .unwrap()
        .addressing_style(AddressingStyle::VirtualHosted)
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidAddressing);
    assert!(e.to_string().contains("underscore"), "{e}");
    let b = Bucket::new("my_bucket", "eu-west-1")
        .unwrap()
        .addressing_style(AddressingStyle::Path)
        .unwrap();
    let url = b
        .get("k")
        .presign(&example_creds(), example_time(), 60)
        .unwrap();
    assert!(
        url.starts_with("https://s3.eu-west-1.amazonaws.com/my_bucket/k?"),
        "{url}"
    );
}

#[test]
fn endpoints_keep_url_form_and_sign_canonical_host() {
    let b = Bucket::with_endpoint(
        "files",
        "us-east-1",
        Endpoint::parse("https://Minio.Example.com:443").unwrap(),
    )
    .unwrap();
    assert_eq!(b.origin(), "https://files.Minio.Example.com:443");
    assert_eq!(b.signed_host(), "files.minio.example.com");
    let b = Bucket::with_endpoint(
        "v6",
        "us-east-1",
        Endpoint::parse("http://[::1]:9000").unwrap(),
    )
    .unwrap();
    assert_eq!(b.signed_host(), "[::1]:9000");
    let b = Bucket::with_endpoint(
        "r2-bucket",
        "auto",
        Endpoint::parse("https://acc.r2.cloudflarestorage.com").unwrap(),
    )
    .unwrap();
    let url = b
        .get("k")
        .presign(&example_creds(), example_time(), 60)
        .unwrap();
    assert!(
        url.starts_with("https://r2-bucket.acc.r2.cloudflarestorage.com/k?"),
        "{url}"
    );
    assert!(url.contains("%2Fauto%2Fs3%2Faws4_request"), "{url}");
    let b = Bucket::with_endpoint(
        "p",
        "us-east-1",
        Endpoint::parse("https://h.example.com:9443/prefix/").unwrap(),
    )
    .unwrap()
    .addressing_style(AddressingStyle::Path)
    .unwrap();
    let url = b
        .get("k")
        .presign(&example_creds(), example_time(), 60)
        .unwrap();
    assert!(
        url.starts_with("https://h.example.com:9443/prefix/p/k?"),
        "{url}"
    );
}

#[test]
fn keys_are_encoded_like_botocore_and_never_normalized() {
    let b = Bucket::new("b-1", "us-east-1").unwrap();
    for (key, path) in [
        ("a b+c", "/a%20b%2Bc"),
        ("a//b/./c/../d", "/a//b/./c/../d"),
        ("/lead", "//lead"),
        ("e\u{301}", "/e%CC%81"),
        ("~!*'()", "/~%21%2A%27%28%29"),
        ("a%2Fb", "/a%252Fb"),
    ] {
        let url = b
            .get(key)
            .presign(&example_creds(), example_time(), 60)
            .unwrap();
        let got = &url["https://b-1.s3.amazonaws.com".len()..url.find('?').unwrap()];
        assert_eq!(got, path, "key {key:?}");
    }
}

#[test]
fn detailed_result_lists_headers_to_send_and_expiry() {
    let p = Bucket::new("b-1", "us-east-1")
        .unwrap()
        .put("k")
        .content_type("text/plain")
        .metadata("Owner", "me")
        .presign_detailed(&example_creds(), example_time(), 600)
        .unwrap();
    assert_eq!(
        p.headers(),
        [
            ("content-type".to_string(), "text/plain".to_string()),
            ("x-amz-meta-owner".to_string(), "me".to_string())
        ]
    );
    assert!(p
        .url()
        .contains("X-Amz-SignedHeaders=content-type%3Bhost%3Bx-amz-meta-owner&"));
    assert_eq!(p.expires_at().unix(), example_time().unix() + 600);
    assert!(p.url().ends_with(p.signature()));
}

#[test]
fn session_token_is_signed_in_the_query() {
    let c = example_creds().with_session_token("tok/en+=").unwrap();
    let url = Bucket::new("b-1", "us-east-1")
        .unwrap()
        .get("k")
        .presign(&c, example_time(), 60)
        .unwrap();
    assert!(
        url.contains(
            "&X-Amz-SignedHeaders=host&X-Amz-Security-Token=tok%2Fen%2B%3D&X-Amz-Signature="
        ),
        "{url}"
    );
}

#[test]
fn presign_into_reuses_the_buffer() {
    let b = Bucket::new("b-1", "us-east-1").unwrap();
    let mut buf = String::from("old contents");
    b.get("a")
        .presign_into(&example_creds(), example_time(), 60, &mut buf)
        .unwrap();
    assert_eq!(
        buf,
        b.get("a")
            .presign(&example_creds(), example_time(), 60)
            .unwrap()
    );
}

// ---- bad inputs ----

#[test]
fn key_longer_than_1024_bytes() {
    let b = Bucket::new("b-1", "us-east-1").unwrap();
    assert!(b
        .get(&"k".repeat(1024))
        .presign(&example_creds(), example_time(), 60)
        .is_ok());
    let e = b
        .get(&"k".repeat(1025))
        .presign(&example_creds(), example_time(), 60)
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidKey);
    assert!(
        e.to_string().contains("1025 bytes") && e.to_string().contains("1024"),
        "{e}"
    );
    // 342 three-byte characters: 1026 bytes.
    let e = b
        .get(&"€".repeat(342))
        .presign(&example_creds(), example_time(), 60)
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidKey);
}

#[test]
fn invalid_bucket_names_name_the_rule() {
    for (name, rule) in [
        ("", "empty"),
        ("a/b", "'/'"),
        ("bucket name", "' '"),
        ("b\u{e9}", "'é'"),
        (&"b".repeat(256) as &str, "longer than 255"),
    ] {
        let e = Bucket::new(name, "us-east-1").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidBucketName, "{name:?}");
        assert!(e.to_string().contains(rule), "{name:?}: {e}");
    }
}

#[test]
fn expiry_zero_and_over_seven_days() {
    let b = Bucket::new("b-1", "us-east-1").unwrap();
    for (s, msg) in [
        (0, "expires_in 0 s is below the SigV4 minimum of 1 s"),
        (
            604_801,
            "expires_in 604801 s exceeds the SigV4 maximum of 604800 s (7 days)",
        ),
    ] {
        let e = b
            .get("k")
            .presign(&example_creds(), example_time(), s)
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidExpiry);
        assert_eq!(e.to_string(), msg);
    }
    assert!(b
        .get("k")
        .presign(&example_creds(), example_time(), 1)
        .is_ok());
    assert!(b
        .get("k")
        .presign(&example_creds(), example_time(), 604_800)
        .is_ok());
}

#[test]
fn crlf_in_a_header_or_host_given() {
    let b = Bucket::new("b-1", "us-east-1").unwrap();
    let e = b
        .put("k")
        .header("x-amz-meta-a", "v\r\nX-Evil: 1")
        .presign(&example_creds(), example_time(), 60)
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidHeaderValue);
    let e = b
        .put("k")
        .header("Host", "evil.example.com")
        .presign(&example_creds(), example_time(), 60)
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidHeaderName);
    let e = b
        .get("k")
        .query("X-Amz-Signature", "x")
        .presign(&example_creds(), example_time(), 60)
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidQuery);
}

#[test]
fn region_with_slash_or_whitespace() {
    for region in ["us-east-1/x", "us east 1", "", "eu-west-1\n"] {
        let e = Bucket::new("b-1", region).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidRegion, "{region:?}");
        let e = Bucket::with_endpoint(
            "b-1",
            region,
            Endpoint::parse("http://127.0.0.1:9000").unwrap(),
        )
        .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidRegion, "{region:?}: {e}");
    }
}

#[test]
fn bad_endpoints() {
    for (url, needle) in [
        ("127.0.0.1:9000", "no scheme"),
        ("ftp://h", "scheme"),
        ("https://u:p@h", "'@'"),
        ("https://h?x=1", "'?'"),
        ("https://h:0", "port"),
        ("https://h:99999", "port"),
        ("https://[::1", "']'"),
        ("https://h h", "' '"),
        ("https://", "host"),
    ] {
        let e = Endpoint::parse(url).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidEndpoint, "{url}");
        assert!(e.to_string().contains(needle), "{url}: {e}");
    }
}

#[cfg(feature = "url")]
#[test]
fn url_form_refuses_what_the_url_crate_would_rewrite() {
    let b = Bucket::new("b-1", "us-east-1").unwrap();
    let u = b
        .get("a b/c")
        .presign_url(&example_creds(), example_time(), 60)
        .unwrap();
    assert_eq!(
        u.as_str(),
        b.get("a b/c")
            .presign(&example_creds(), example_time(), 60)
            .unwrap()
    );
    for key in ["a/../b", "./x", "a/."] {
        let e = b
            .get(key)
            .presign_url(&example_creds(), example_time(), 60)
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidKey, "{key}");
    }
}
