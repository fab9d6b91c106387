//! Uploads a file with a presigned PUT and a real HTTP client (ureq), as
//! one would with Python `requests`: presign with awssig, then send the
//! bytes to the URL with the headers it signed.
//!
//! ```text
//! AWS_ACCESS_KEY_ID=… AWS_SECRET_ACCESS_KEY=… AWS_REGION=us-east-1 \
//! S3_BUCKET=my-bucket [S3_ENDPOINT=http://127.0.0.1:9000] \
//! cargo run --example upload_file -- FILE [KEY]
//! ```
//!
//! Tested against s3s-fs in `tests/examples.rs`.

use awssig::s3::{AddressingStyle, Bucket, Endpoint};
use awssig::{Credentials, SigningTime};

/// What the server answered to the upload.
#[derive(Debug)]
pub struct Uploaded {
    /// HTTP status (200 when stored).
    pub status: u16,
    /// The `ETag` header, if any.
    pub etag: Option<String>,
    /// The response body (an S3 XML error when the status is not 2xx).
    pub body: String,
}

/// Presigns a PUT of `key` (signing `Content-Type` when given) and sends
/// `body` to it.
pub fn upload(
    bucket: &Bucket,
    credentials: &Credentials,
    key: &str,
    body: &[u8],
    content_type: Option<&str>,
) -> Result<Uploaded, String> {
    let mut request = bucket.put(key);
    if let Some(ct) = content_type {
        request = request.content_type(ct);
    }
    let presigned = request
        .presign_detailed(credentials, SigningTime::now(), 900)
        .map_err(|e| e.to_string())?;
    let config = ureq::config::Config::builder()
        .http_status_as_error(false)
        .build();
    let agent = ureq::Agent::new_with_config(config);
    let mut put = agent.put(presigned.url());
    // The headers signed besides `host` must be sent with these values.
    for (name, value) in presigned.headers() {
        put = put.header(name, value);
    }
    let mut response = put.send(body).map_err(|e| format!("PUT: {e}"))?;
    let status = response.status().as_u16();
    let etag = response
        .headers()
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let body = response
        .body_mut()
        .read_to_string()
        .map_err(|e| format!("reading the answer: {e}"))?;
    Ok(Uploaded { status, etag, body })
}

/// The bucket and credentials from the environment (the variable names
/// the AWS tools use, plus `S3_BUCKET` and an optional `S3_ENDPOINT`, which
/// selects path-style addressing).
pub fn from_env() -> Result<(Bucket, Credentials), String> {
    let var = |name: &str| std::env::var(name).map_err(|_| format!("{name} is not set"));
    let credentials = Credentials::new(var("AWS_ACCESS_KEY_ID")?, var("AWS_SECRET_ACCESS_KEY")?)
        .map_err(|e| e.to_string())?;
    let region = var("AWS_REGION").unwrap_or_else(|_| "us-east-1".to_string());
    let bucket = match std::env::var("S3_ENDPOINT") {
        Ok(endpoint) => Bucket::with_endpoint(
            var("S3_BUCKET")?,
            region,
            Endpoint::parse(&endpoint).map_err(|e| e.to_string())?,
        )
        .and_then(|b| b.addressing_style(AddressingStyle::Path)),
        Err(_) => Bucket::new(var("S3_BUCKET")?, region),
    }
    .map_err(|e| e.to_string())?;
    Ok((bucket, credentials))
}

fn main() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let file = args
        .next()
        .ok_or("usage: upload_file FILE [KEY] (see the example's docs)")?;
    let key = args.next().unwrap_or_else(|| {
        std::path::Path::new(&file)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| file.clone())
    });
    let body = std::fs::read(&file).map_err(|e| format!("{file}: {e}"))?;
    let (bucket, credentials) = from_env()?;
    let answer = upload(&bucket, &credentials, &key, &body, None)?;
    if answer.status / 100 != 2 {
        return Err(format!("HTTP {}: {}", answer.status, answer.body));
    }
    println!(
        "uploaded {} bytes to {key} (HTTP {}, ETag {})",
        body.len(),
        answer.status,
        answer.etag.as_deref().unwrap_or("-")
    );
    Ok(())
}
