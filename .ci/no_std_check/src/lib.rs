//! Uses the core signing API from a `#![no_std]` crate (see Cargo.toml).
#![no_std]

extern crate alloc;

use alloc::string::String;
use awssig::s3::Bucket;
use awssig::v4::{Payload, Request, Signer, SigningSettings};
use awssig::verify::{Incoming, Verifier};
use awssig::{Credentials, SigningTime};

/// Signs with every core entry point and verifies the presigned URL.
pub fn exercise(secret: &str, unix: i64) -> Result<String, awssig::Error> {
    let creds = Credentials::new("AKIDEXAMPLE", secret)?;
    let time = SigningTime::from_unix(unix)?;
    let signer = Signer::new(creds.clone(), SigningSettings::new("service", "us-east-1"))?;
    let host = [("host", "example.amazonaws.com")];
    let req = Request::new("GET", "/").headers(&host).payload(Payload::Empty);
    let mut out = String::from(signer.sign_headers(&req, time)?.authorization());
    out.push_str(signer.presign(&req, time, 60)?.as_str());
    let v2 = awssig::v2::Signer::new(creds.clone());
    out.push_str(v2.presign(&awssig::v2::Request::new("GET", "/b/k"), time, 60)?.as_str());
    let bucket = Bucket::new("b-1", "us-east-1")?;
    let url = bucket.get("k").presign(&creds, time, 60)?;
    let form = bucket.post_policy("k").sign_v4(&creds, time)?;
    out.push_str(form.policy());
    let lookup = |_: &str| Some(String::from(secret));
    Verifier::s3().verify(&Incoming::new("GET", &url, &[]), time, lookup)?;
    out.push_str(&url);
    Ok(out)
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    loop {}
}
