//! Secrets are wiped before their memory goes back to the allocator.
//!
//! A global allocator looks into every block as it is freed (and into the
//! old block of every `realloc`, which it turns into alloc, copy, free) and
//! counts the blocks that still hold a marker secret. Each scenario makes
//! credentials from the marker, uses them the way a caller would (signing,
//! presigning, verifying, parsing the sources' texts) and drops everything;
//! no freed block may still hold the marker. The test's own copies of the
//! marker live in `Zeroizing` buffers, so what is found came from the
//! library.
//!
//! The stack is not looked at: only the heap outlives a call.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::SeqCst};
use std::sync::Mutex;

use awssig::credentials::profile::{ProfileFile, ProfileSet};
use awssig::credentials::{env, process};
use awssig::s3::Bucket;
use awssig::v4::{Payload, Request, Signer, SigningSettings};
use awssig::verify::{Incoming, Verifier};
use awssig::{Credentials, SigningTime};
use zeroize::Zeroizing;

/// The marker: a secret access key, and a session token made from it.
const SECRET: &[u8] = b"zEr0izeMarkerSecretKeyEXAMPLEwJalrXUtnFE";
const TOKEN_MARK: &[u8] = b"tokEnMarkerThatMustNotLinger";

struct Scanning;
static ARMED: AtomicBool = AtomicBool::new(false);
static FOUND: AtomicUsize = AtomicUsize::new(0);

fn holds_marker(block: &[u8]) -> bool {
    [SECRET, TOKEN_MARK]
        .iter()
        .any(|m| block.windows(m.len()).any(|w| w == *m))
}

unsafe impl GlobalAlloc for Scanning {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        unsafe { System.alloc(l) }
    }
    unsafe fn alloc_zeroed(&self, l: Layout) -> *mut u8 {
        unsafe { System.alloc_zeroed(l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, n: usize) -> *mut u8 {
        // Never in place: the old block is freed through `dealloc`, where
        // it is looked into.
        let new_layout = unsafe { Layout::from_size_align_unchecked(n, l.align()) };
        let q = unsafe { System.alloc(new_layout) };
        if !q.is_null() {
            unsafe { std::ptr::copy_nonoverlapping(p, q, l.size().min(n)) };
            unsafe { self.dealloc(p, l) };
        }
        q
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        if ARMED.load(SeqCst) {
            let block = unsafe { std::slice::from_raw_parts(p, l.size()) };
            if holds_marker(block) {
                FOUND.fetch_add(1, SeqCst);
                if std::env::var_os("SECRET_WIPING_TRACE").is_some() {
                    ARMED.store(false, SeqCst);
                    eprintln!("{}", std::backtrace::Backtrace::force_capture());
                    ARMED.store(true, SeqCst);
                }
            }
        }
        unsafe { System.dealloc(p, l) }
    }
}

#[global_allocator]
static GLOBAL: Scanning = Scanning;

/// One scenario at a time (the counters are global).
static ONE: Mutex<()> = Mutex::new(());

fn secret() -> Zeroizing<String> {
    Zeroizing::new(String::from_utf8(SECRET.to_vec()).unwrap())
}

fn token() -> Zeroizing<String> {
    let mut t = Zeroizing::new(String::with_capacity(64));
    t.push_str("IQoJb3JpZ2luX2VjE");
    t.push_str(std::str::from_utf8(TOKEN_MARK).unwrap());
    t
}

/// Runs `f` with the allocator looking, and answers how many freed blocks
/// still held the marker.
fn blocks_left_holding_the_marker(f: impl FnOnce()) -> usize {
    let _one = ONE.lock().unwrap_or_else(|e| e.into_inner());
    FOUND.store(0, SeqCst);
    ARMED.store(true, SeqCst);
    f();
    ARMED.store(false, SeqCst);
    FOUND.load(SeqCst)
}

fn creds() -> Credentials {
    Credentials::new("AKIDEXAMPLE", (*secret()).clone())
        .unwrap()
        .with_session_token((*token()).clone())
        .unwrap()
}

fn at() -> SigningTime {
    SigningTime::from_unix(1_700_000_000).unwrap()
}

#[test]
fn the_marker_is_found_when_a_copy_is_freed_unwiped() {
    // The control: without it, a scanner that never finds anything would
    // pass every test below.
    let found = blocks_left_holding_the_marker(|| {
        let copy = String::from_utf8(SECRET.to_vec()).unwrap();
        drop(std::hint::black_box(copy));
    });
    assert_eq!(found, 1);
}

#[test]
fn credentials_wipe_secret_and_token_on_drop() {
    let found = blocks_left_holding_the_marker(|| {
        let c = creds();
        let c2 = c.clone();
        drop(c);
        drop(c2);
        // Refused credentials wipe what they were given too.
        // Room reserved first: a `realloc` here would leave the test's own
        // copy behind.
        let mut bad = String::with_capacity(64);
        bad.push('\n');
        bad.push_str(&secret());
        assert!(Credentials::new("AKID/EXAMPLE", bad).is_err());
    });
    assert_eq!(found, 0, "freed blocks still held the secret or token");
}

#[test]
fn signing_and_presigning_leave_no_copy() {
    let found = blocks_left_holding_the_marker(|| {
        let signer = Signer::new(creds(), SigningSettings::s3("us-east-1")).unwrap();
        let headers = [("host", "examplebucket.s3.amazonaws.com")];
        let req = Request::new("GET", "/k")
            .headers(&headers)
            .payload(Payload::Empty);
        let signed = signer.sign_headers(&req, at()).unwrap();
        assert!(signed.authorization().starts_with("AWS4-HMAC-SHA256"));
        drop(signed);
        drop(signer);
        let bucket = Bucket::new("examplebucket", "us-east-1").unwrap();
        let url = bucket.get("k").presign(&creds(), at(), 60).unwrap();
        // The URL carries the token (it must), not the secret; it is the
        // caller's to drop, so it goes through a Zeroizing here.
        drop(Zeroizing::new(url));
        drop(bucket);
        // SigV2 presigning derives nothing; it keys an HMAC with the secret.
        let v2 = Bucket::new("examplebucket", "us-east-1")
            .unwrap()
            .signature_version(awssig::SignatureVersion::V2);
        let url = v2.get("k").presign(&creds(), at(), 60).unwrap();
        drop(Zeroizing::new(url));
        drop(v2);
    });
    assert_eq!(found, 0, "freed blocks still held the secret or token");
}

#[test]
fn verification_wipes_the_looked_up_secret() {
    let bucket = Bucket::new("examplebucket", "us-east-1").unwrap();
    let url = Zeroizing::new(
        bucket
            .get("k")
            .presign(
                &Credentials::new("AKIDEXAMPLE", (*secret()).clone()).unwrap(),
                at(),
                60,
            )
            .unwrap(),
    );
    let found = blocks_left_holding_the_marker(|| {
        let verifier = Verifier::s3();
        let lookup = |id: &str| (id == "AKIDEXAMPLE").then(|| (*secret()).clone());
        for _ in 0..3 {
            let ok = verifier
                .verify_presigned(&Incoming::new("GET", &url, &[]), at(), lookup)
                .unwrap();
            assert_eq!(ok.access_key_id(), "AKIDEXAMPLE");
        }
        // A wrong secret, refused, is wiped as well.
        let wrong = |_: &str| {
            let mut s = String::with_capacity(64);
            s.push_str(&secret());
            s.push('x');
            Some(s)
        };
        assert!(verifier
            .verify_presigned(&Incoming::new("GET", &url, &[]), at(), wrong)
            .is_err());
        drop(verifier);
    });
    assert_eq!(found, 0, "freed blocks still held the secret");
}

#[test]
fn the_sources_wipe_what_they_read() {
    let found = blocks_left_holding_the_marker(|| {
        let mut json = Zeroizing::new(String::with_capacity(512));
        json.push_str("{\"Version\": 1, \"AccessKeyId\": \"AKIDEXAMPLE\", \"SecretAccessKey\": \"");
        json.push_str(&secret());
        json.push_str("\", \"SessionToken\": \"");
        json.push_str(&token());
        json.push_str("\"}");
        let c = process::parse_output(json.as_bytes(), at()).unwrap();
        drop(process::write_process_json(&c));
        drop(process::write_env_exports(&c));
        drop(c);
        let from_env = env::from_env(|name| match name {
            "AWS_ACCESS_KEY_ID" => Some("AKIDEXAMPLE".to_string()),
            "AWS_SECRET_ACCESS_KEY" => Some((*secret()).clone()),
            "AWS_SESSION_TOKEN" => Some((*token()).clone()),
            _ => None,
        })
        .unwrap()
        .unwrap();
        drop(from_env);
        let mut text = Zeroizing::new(String::with_capacity(512));
        text.push_str("[default]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = ");
        text.push_str(&secret());
        text.push_str("\naws_session_token = ");
        text.push_str(&token());
        text.push('\n');
        let set = ProfileSet::parse(&[ProfileFile::credentials("credentials", &text)]).unwrap();
        assert!(set.profile("default").is_some());
        drop(set);
    });
    assert_eq!(found, 0, "freed blocks still held the secret or token");
}
