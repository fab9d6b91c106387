//! Browser uploads: S3 POST policies and signed HTML form fields, SigV4
//! and SigV2 (boto3's `generate_presigned_post`).
//!
//! The seed scenario: a web page lets a user upload a photo straight to S3,
//! under rules the server sets. The server, which holds the credentials,
//! builds and signs the form; the browser posts it (file included) to S3,
//! and the bytes never pass through the server.
//!
//! ```
//! use awssig::{Credentials, SigningTime};
//! use awssig::post::Condition;
//! use awssig::s3::Bucket;
//!
//! // On the server.
//! let creds = Credentials::new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")?;
//! let bucket = Bucket::new("photos-upload", "eu-west-1")?;
//! let form = bucket
//!     .post_policy("users/42/${filename}") // the browser's file name is appended
//!     .expires_in(15 * 60)
//!     .content_length_range(1, 10 * 1024 * 1024) // 1 byte .. 10 MiB
//!     .acl("private")
//!     .success_action_status(201)
//!     .field("Content-Type", "image/jpeg")
//!     .condition(Condition::starts_with("$Content-Type", "image/"))
//!     .sign_v4(&creds, SigningTime::from_amz_date("20240501T120000Z")?)?;
//!
//! // Render the page: hidden inputs, then the file input, last.
//! let html = format!(
//!     "<form action=\"{}\" method=\"post\" enctype=\"multipart/form-data\">\n{}\
//!      <input type=\"file\" name=\"file\">\n<input type=\"submit\" value=\"Upload\">\n</form>",
//!     form.url(),
//!     form.html_inputs(),
//! );
//! assert!(html.starts_with("<form action=\"https://photos-upload.s3.eu-west-1.amazonaws.com/\""));
//! assert!(html.contains("<input type=\"hidden\" name=\"key\" value=\"users/42/${filename}\">"));
//! assert!(html.contains("<input type=\"hidden\" name=\"x-amz-algorithm\" value=\"AWS4-HMAC-SHA256\">"));
//! assert_eq!(
//!     form.policy_json(),
//!     concat!(
//!         r#"{"expiration": "2024-05-01T12:15:00.000Z", "conditions": ["#,
//!         r#"["content-length-range", 1, 10485760], {"acl": "private"}, "#,
//!         r#"{"success_action_status": "201"}, ["starts-with", "$Content-Type", "image/"], "#,
//!         r#"{"bucket": "photos-upload"}, ["starts-with", "$key", "users/42/"], "#,
//!         r#"{"x-amz-algorithm": "AWS4-HMAC-SHA256"}, "#,
//!         r#"{"x-amz-credential": "AKIAIOSFODNN7EXAMPLE/20240501/eu-west-1/s3/aws4_request"}, "#,
//!         r#"{"x-amz-date": "20240501T120000Z"}]}"#,
//!     )
//! );
//! # Ok::<(), awssig::Error>(())
//! ```
//!
//! The page the browser gets (values shortened):
//!
//! ```html
//! <form action="https://photos-upload.s3.eu-west-1.amazonaws.com/" method="post"
//!       enctype="multipart/form-data">
//!   <input type="hidden" name="acl" value="private">
//!   <input type="hidden" name="success_action_status" value="201">
//!   <input type="hidden" name="Content-Type" value="image/jpeg">
//!   <input type="hidden" name="key" value="users/42/${filename}">
//!   <input type="hidden" name="x-amz-algorithm" value="AWS4-HMAC-SHA256">
//!   <input type="hidden" name="x-amz-credential" value="AKIAIOSFODNN7EXAMPLE/20240501/eu-west-1/s3/aws4_request">
//!   <input type="hidden" name="x-amz-date" value="20240501T120000Z">
//!   <input type="hidden" name="policy" value="eyJleHBpcmF0aW9uIjog…">
//!   <input type="hidden" name="x-amz-signature" value="…64 hex digits…">
//!   <input type="file" name="file">  <!-- must be the last field -->
//!   <input type="submit" value="Upload">
//! </form>
//! ```
//!
//! S3 checks every field against the policy: each field the form sends
//! (except `policy`, the signature fields and `file`) needs a condition,
//! each condition must hold, and the file's size must fall in the
//! `content-length-range`. A JavaScript page can post the same fields with
//! `FormData` and `fetch`, appending the file last.
//!
//! Choices:
//!
//! * **Order**: conditions are yours (in order), then `bucket`, `key` (a
//!   `starts-with` on the prefix when the key ends in `${filename}`), then
//!   the auth conditions; fields are yours, `key`, the auth fields, `policy`,
//!   the signature. This is botocore's order, and with
//!   [`ExpirationFormat::Seconds`] the policy JSON is byte-identical to
//!   botocore's (tests/vectors/post_botocore.rs checks 98 cases).
//! * **Expiration**: written with milliseconds (`2015-12-30T12:00:00.000Z`)
//!   by default, as the S3 documentation does; botocore writes whole
//!   seconds. S3 accepts both.
//! * **Expiry bounds**: SigV4 forms accept 1 s to 7 days
//!   ([`MAX_EXPIRES_IN_V4`]), like SigV4 presigned URLs; SigV2 forms any
//!   lifetime from 1 s whose expiration falls before the year 10000.
//!   botocore checks neither.
//! * **Rejected** (typed errors, no panics): `min > max` or a negative
//!   size in `content-length-range`, CR, LF or NUL in any key, field or
//!   condition (browsers rewrite line breaks in form values, so such a
//!   policy could never be met), fields the signer sets itself
//!   ([`RESERVED_FIELDS`]), a field given twice. botocore accepts all of
//!   these and lets S3 refuse the upload.
//! * **JSON**: written by the crate (no serde), Python-`json.dumps`
//!   compatible; see [`Policy`].

pub(crate) mod condition;
pub(crate) mod fields;
pub(crate) mod form;
pub(crate) mod json_string;
pub(crate) mod policy;
pub(crate) mod policy_parse;

pub use condition::Condition;
pub use fields::RESERVED_FIELDS;
pub(crate) use form::policy_signature_v4;
pub use form::{
    signature_v2, signature_v4, Fields, PostForm, DEFAULT_EXPIRES_IN, MAX_EXPIRES_IN_V4,
};
pub use policy::{ExpirationFormat, Policy};
