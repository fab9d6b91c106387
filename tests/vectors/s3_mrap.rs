//! S3 multi-region access points: the ARN names the global host, URLs are
//! SigV4A for the region set `*` and verify (with the secret and with the
//! public key), presigning is deterministic (RFC 6979) and its key cached,
//! and a malformed ARN is an error that says which part is wrong.

use crate::common::*;
use awssig::s3::{AddressingStyle, Bucket, SignatureVersion};
use awssig::v4a::EcdsaKey;
use awssig::verify::{Incoming, Verifier};
use awssig::ErrorKind;

const ARN: &str = "arn:aws:s3::123456789012:accesspoint/mfzwi23gnjvgw.mrap";

#[test]
fn mrap_urls_go_to_the_global_host_and_verify() {
    let b = Bucket::multi_region_access_point(ARN).unwrap();
    assert_eq!(
        b.signed_host(),
        "mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com"
    );
    assert_eq!(b.signature_version_used(), SignatureVersion::V4a);
    assert_eq!(b.region(), "*");
    // The access point keeps its host whatever addressing is asked.
    let path = b.clone().addressing_style(AddressingStyle::Path).unwrap();
    assert_eq!(path.origin(), b.origin());
    let t = unix_time(1_700_000_000);
    let url = b
        .get("a b/c.txt")
        .presign(&example_creds(), t, 900)
        .unwrap();
    assert!(
        url.starts_with("https://mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com/a%20b/c.txt?X-Amz-Algorithm=AWS4-ECDSA-P256-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20231114%2Fs3%2Faws4_request&"),
        "{url}"
    );
    // Deterministic, and the second presign uses the cached key.
    assert_eq!(
        b.get("a b/c.txt")
            .presign(&example_creds(), t, 900)
            .unwrap(),
        url
    );
    let req = Incoming::new("GET", &url, &[]);
    let ok = Verifier::s3().verify(&req, t, example_lookup).unwrap();
    assert_eq!(
        (ok.region(), ok.expires_at().map(|e| e.unix())),
        ("*", Some(1_700_000_900))
    );
    let public = EcdsaKey::derive(EXAMPLE_KEY_ID, EXAMPLE_SECRET)
        .unwrap()
        .public_key();
    Verifier::s3()
        .region("ap-southeast-2")
        .verify_with_public_keys(&req, t, |_: &str| Some(public))
        .unwrap();
    // Another credential's URL is another signature, verified with its own key.
    let other = awssig::Credentials::new("AKIDOTHER", "other").unwrap();
    let url2 = b.get("a b/c.txt").presign(&other, t, 900).unwrap();
    assert_ne!(url2, url);
    let look = |id: &str| (id == "AKIDOTHER").then(|| "other".to_string());
    Verifier::s3()
        .verify(&Incoming::new("GET", &url2, &[]), t, look)
        .unwrap();
}

#[test]
fn malformed_mrap_arns_say_what_is_wrong() {
    for (arn, says) in [
        ("mfzwi23gnjvgw.mrap", "not an ARN"),
        (
            "arn:aws-cn:s3::123456789012:accesspoint/mfzwi23gnjvgw.mrap",
            "aws partition",
        ),
        (
            "arn:aws:s3-outposts::123456789012:accesspoint/mfzwi23gnjvgw.mrap",
            "not s3",
        ),
        (
            "arn:aws:s3:us-east-1:123456789012:accesspoint/mfzwi23gnjvgw.mrap",
            "no region",
        ),
        (
            "arn:aws:s3::1234:accesspoint/mfzwi23gnjvgw.mrap",
            "12 digits",
        ),
        (
            "arn:aws:s3::123456789012:bucket/mfzwi23gnjvgw.mrap",
            "accesspoint/ALIAS",
        ),
        ("arn:aws:s3::123456789012:accesspoint/my-ap", "NAME.mrap"),
        (
            "arn:aws:s3::123456789012:accesspoint/Upper.mrap",
            "NAME.mrap",
        ),
        ("arn:aws:s3::123456789012:accesspoint/.mrap", "NAME.mrap"),
    ] {
        let e = Bucket::multi_region_access_point(arn).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidBucketName, "{arn}");
        assert!(e.to_string().contains(says), "{arn}: {e}");
    }
    // Both resource separators are ARNs of the same access point.
    let colon =
        Bucket::multi_region_access_point(&ARN.replace("accesspoint/", "accesspoint:")).unwrap();
    assert_eq!(
        colon.origin(),
        Bucket::multi_region_access_point(ARN).unwrap().origin()
    );
}
