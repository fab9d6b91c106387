//! Heap allocations of the signing hot path, counted by a global allocator
//! (its own test binary; not timed): a presigned GET with a warm key cache
//! allocates only the returned `String`, nothing at all into a reused
//! buffer, and header signing allocates only the `Authorization` value.

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use awssig::s3::Bucket;
use awssig::v4::{Payload, Request, Signer, SigningSettings};
use common::*;

struct Counting;

thread_local! {
    // Per thread, so the test harness's other threads do not count.
    static ALLOCS: Cell<u64> = const { Cell::new(0) };
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let _ = ALLOCS.try_with(|c| c.set(c.get() + 1));
        unsafe { System.alloc(l) }
    }
    unsafe fn alloc_zeroed(&self, l: Layout) -> *mut u8 {
        let _ = ALLOCS.try_with(|c| c.set(c.get() + 1));
        unsafe { System.alloc_zeroed(l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, n: usize) -> *mut u8 {
        let _ = ALLOCS.try_with(|c| c.set(c.get() + 1));
        unsafe { System.realloc(p, l, n) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        unsafe { System.dealloc(p, l) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn count<T>(f: impl FnOnce() -> T) -> (u64, T) {
    let before = ALLOCS.with(Cell::get);
    let out = f();
    (ALLOCS.with(Cell::get) - before, out)
}

const KEY: &str = "photos/2024/01/cat picture (1).jpg";

#[test]
fn presign_get_with_a_warm_cache_allocates_only_the_url() {
    let time = example_time();
    let creds = example_creds();
    let bucket = Bucket::new("examplebucket", "us-east-1").unwrap();
    let warm = bucket.get(KEY).presign(&creds, time, 3600).unwrap();
    let (n, url) = count(|| bucket.get(KEY).presign(&creds, time, 3600).unwrap());
    assert_eq!(url, warm);
    assert!(url.ends_with(
        "X-Amz-Signature=51b3fd05a21e09b3732e13ac306024825030854a2a4cf2dc7d8b9faaedaf5733"
    ));
    assert_eq!(n, 1, "allocations per presigned URL (the returned String)");
}

#[test]
fn presign_into_a_reused_buffer_allocates_nothing() {
    let time = example_time();
    let creds = example_creds();
    let bucket = Bucket::new("examplebucket", "us-east-1").unwrap();
    let mut buf = String::new();
    bucket
        .get(KEY)
        .presign_into(&creds, time, 3600, &mut buf)
        .unwrap();
    let first = buf.clone();
    let (n, ()) = count(|| {
        bucket
            .get(KEY)
            .presign_into(&creds, time, 3600, &mut buf)
            .unwrap()
    });
    assert_eq!(buf, first);
    assert_eq!(n, 0, "allocations presigning into a buffer with capacity");
}

#[test]
fn presign_with_a_long_session_token_allocates_once() {
    let time = example_time();
    // Session tokens run to ~1 KiB; the URL is reserved once, exactly enough.
    let token = "FwoGZXIvYXdzEJr//////////wEaDOeE+5rVmQ/tz6a1CiKwAR".repeat(16);
    let creds = example_creds().with_session_token(token).unwrap();
    let bucket = Bucket::new("examplebucket", "us-east-1").unwrap();
    let _ = bucket.get(KEY).presign(&creds, time, 3600).unwrap();
    let (n, url) = count(|| bucket.get(KEY).presign(&creds, time, 3600).unwrap());
    assert!(url.contains("X-Amz-Security-Token=FwoGZXIvYXdzEJr%2F%2F"));
    assert_eq!(n, 1);
}

#[test]
fn header_signing_allocates_only_the_authorization_value() {
    let time = example_time();
    let signer = Signer::new(example_creds(), SigningSettings::s3("us-east-1")).unwrap();
    let headers = [
        ("Host", "examplebucket.s3.amazonaws.com"),
        ("Range", "bytes=0-9"),
    ];
    let req = Request::new("GET", "/test.txt")
        .headers(&headers)
        .payload(Payload::Empty);
    let _ = signer.sign_headers(&req, time).unwrap();
    let (n, signed) = count(|| signer.sign_headers(&req, time).unwrap());
    assert_eq!(
        signed.signature(),
        "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"
    );
    assert_eq!(
        n, 1,
        "allocations per header signing (the Authorization String)"
    );
}

#[test]
fn post_form_v4_allocates_its_text_field_ends_and_policy_json() {
    let time = example_time();
    // issue 8's POST fixture (benches/signing.rs), then with a session
    // token, metadata and path-style addressing: each buffer is reserved
    // up front (enough when nothing needs escaping), so none grows.
    let token = "FwoGZXIvYXdzEJr//////////wEaDOeE+5rVmQ/tz6a1CiKwAR".repeat(16);
    let with_token = example_creds().with_session_token(token).unwrap();
    let bucket = Bucket::new("examplebucket", "us-east-1").unwrap();
    let path_style = bucket
        .clone()
        .addressing_style(awssig::s3::AddressingStyle::Path)
        .unwrap();
    let forms = [
        (&bucket, example_creds(), "uploads/${filename}"),
        (&path_style, with_token, "uploads/photo 1.jpg"),
    ];
    for (i, (bucket, creds, key)) in forms.iter().enumerate() {
        let mut policy = bucket
            .post_policy(*key)
            .content_length_range(0, 10_485_760)
            .content_type("image/jpeg");
        if i == 1 {
            policy = policy.metadata("uuid", "14365123651274").acl("private");
        }
        let warm = policy.sign_v4(creds, time).unwrap();
        let (n, form) = count(|| policy.sign_v4(creds, time).unwrap());
        assert_eq!(form, warm);
        assert_eq!(
            n, 3,
            "allocations per POST form (fields text, field ends, policy JSON), form {i}"
        );
    }
}
