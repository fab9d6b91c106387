//! Signs the AWS suite's `get-vanilla` request and prints every step.
//!
//! `cargo run --example sign_request`

use awssig::v4::{Payload, Request, Signer, SigningSettings};
use awssig::{Credentials, SigningTime};

fn main() -> Result<(), awssig::Error> {
    let creds = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")?;
    let signer = Signer::new(creds, SigningSettings::new("service", "us-east-1"))?;
    let headers = [("Host", "example.amazonaws.com")];
    let request = Request::new("GET", "/")
        .headers(&headers)
        .payload(Payload::Empty);
    let time = SigningTime::from_amz_date("20150830T123600Z")?;
    let steps = signer.sign_headers_steps(&request, time)?;
    println!("canonical request:\n{}\n", steps.canonical_request);
    println!("string to sign:\n{}\n", steps.string_to_sign);
    for (name, value) in signer.sign_headers(&request, time)?.iter() {
        println!("{name}: {value}");
    }
    Ok(())
}
