//! Presign an S3 URL offline, with credentials from the environment.
//!
//! ```sh
//! AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY \
//!   cargo run --example presign -- s3://examplebucket/photos/cat.jpg
//! ```
//!
//! Arguments: `s3://BUCKET/KEY [METHOD] [EXPIRES_IN_SECONDS]` (default GET,
//! 3600). Environment: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
//! optional `AWS_SESSION_TOKEN`, `AWS_REGION` (or `AWS_DEFAULT_REGION`,
//! default us-east-1), `AWS_ENDPOINT_URL` for MinIO, Ceph, R2, …, and
//! `AWS_S3_ADDRESSING_STYLE=path` to force path style.

use awssig::s3::{AddressingStyle, Bucket, Endpoint};
use awssig::{Credentials, SigningTime};
use std::env;
use std::process::ExitCode;

fn run() -> Result<String, String> {
    let args: Vec<String> = env::args().skip(1).collect();
    let target = args
        .first()
        .ok_or("usage: presign s3://BUCKET/KEY [METHOD] [EXPIRES_IN_SECONDS]")?;
    let rest = target
        .strip_prefix("s3://")
        .ok_or_else(|| format!("{target:?} is not an s3://BUCKET/KEY URI"))?;
    let (bucket, key) = rest.split_once('/').unwrap_or((rest, ""));
    let method = args.get(1).map(String::as_str).unwrap_or("GET");
    let expires_in: u64 = match args.get(2) {
        Some(s) => s
            .parse()
            .map_err(|_| format!("expires_in {s:?} is not a number of seconds"))?,
        None => 3600,
    };
    let var = |name: &str| env::var(name).ok().filter(|v| !v.is_empty());
    let id = var("AWS_ACCESS_KEY_ID").ok_or("AWS_ACCESS_KEY_ID is not set")?;
    let secret = var("AWS_SECRET_ACCESS_KEY").ok_or("AWS_SECRET_ACCESS_KEY is not set")?;
    let mut creds = Credentials::new(id, secret).map_err(|e| e.to_string())?;
    if let Some(token) = var("AWS_SESSION_TOKEN") {
        creds = creds.with_session_token(token).map_err(|e| e.to_string())?;
    }
    let region = var("AWS_REGION")
        .or_else(|| var("AWS_DEFAULT_REGION"))
        .unwrap_or_else(|| "us-east-1".into());
    let bucket = match var("AWS_ENDPOINT_URL") {
        Some(url) => {
            let endpoint = Endpoint::parse(&url).map_err(|e| e.to_string())?;
            Bucket::with_endpoint(bucket, region, endpoint)
        }
        None => Bucket::new(bucket, region),
    }
    .map_err(|e| e.to_string())?;
    let bucket = if var("AWS_S3_ADDRESSING_STYLE").as_deref() == Some("path") {
        bucket
            .addressing_style(AddressingStyle::Path)
            .map_err(|e| e.to_string())?
    } else {
        bucket
    };
    bucket
        .presign(method, key)
        .presign(&creds, SigningTime::now(), expires_in)
        .map_err(|e| e.to_string())
}

fn main() -> ExitCode {
    match run() {
        Ok(url) => {
            println!("{url}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("presign: {e}");
            ExitCode::FAILURE
        }
    }
}
