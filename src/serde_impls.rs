//! `Serialize` / `Deserialize` implementations (feature `serde`), written
//! against the types' public accessors.
//!
//! * [`PostForm`]: boto3's `generate_presigned_post` shape,
//!   `{"url": …, "fields": {…}}`, the fields in form order, and its
//!   `"expires_at"`.
//! * [`PresignedUrl`]: `{"url": …, "headers": {…}, "expires_at": …}`.
//! * [`Verified`]: who signed, for what scope, until when; never the
//!   session token.
//! * [`SigningTime`]: the `x-amz-date` text (`20150830T123600Z`), both ways.
//!
//! No secret access key is ever serialized (no type holding one implements
//! `Serialize`). A form or URL made with temporary credentials carries its
//! session token, as it must for the upload or download to work; that is
//! the output handed to the client, exactly what boto3 returns.

use core::fmt;

use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeStruct, Serializer};

use crate::post::PostForm;
use crate::s3::PresignedUrl;
use crate::time::SigningTime;
use crate::verify::{SignedHeaders, Verified};

/// Pairs serialized as a map, in order.
struct OrderedMap<I>(I);

impl<'a, I> Serialize for OrderedMap<I>
where
    I: ExactSizeIterator<Item = (&'a str, &'a str)> + Clone,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, value) in self.0.clone() {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

/// `{"url": …, "fields": {…}, "expires_at": "YYYYMMDDTHHMMSSZ"}`, fields in
/// the order to send them (what a service returns to a browser: boto3's
/// `generate_presigned_post` shape), and when the policy expires (after a
/// clamping [`ExpiryPolicy`](crate::ExpiryPolicy), the credentials' end).
///
/// ```
/// use awssig::{Credentials, SigningTime, s3::Bucket};
/// let creds = Credentials::new("AKID", "secret")?;
/// let form = Bucket::new("uploads", "eu-west-1")?.post_policy("a.txt").sign_v4(&creds, SigningTime::from_unix(0)?)?;
/// let json = serde_json::to_string(&form).expect("json");
/// assert!(json.starts_with(r#"{"url":"https://uploads.s3.eu-west-1.amazonaws.com/","fields":{"key":"a.txt","x-amz-algorithm":"AWS4-HMAC-SHA256","#));
/// assert!(json.ends_with(r#"},"expires_at":"19700101T010000Z"}"#));
/// assert!(!json.contains("secret"));
/// # Ok::<(), awssig::Error>(())
/// ```
impl Serialize for PostForm {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("PostForm", 3)?;
        s.serialize_field("url", self.url())?;
        s.serialize_field("fields", &OrderedMap(self.fields()))?;
        s.serialize_field("expires_at", &self.expiration())?;
        s.end()
    }
}

/// `{"url": …, "headers": {…}, "expires_at": "YYYYMMDDTHHMMSSZ"}`: the URL,
/// the headers its request must carry, and when it stops working (after a
/// clamping [`ExpiryPolicy`](crate::ExpiryPolicy), the credentials' end).
///
/// ```
/// use awssig::{Credentials, SigningTime, s3::Bucket};
/// let creds = Credentials::new("AKID", "secret")?;
/// let p = Bucket::new("b-1", "us-east-1")?.put("k").content_type("text/plain").presign_detailed(&creds, SigningTime::from_unix(0)?, 60)?;
/// let v = serde_json::to_value(&p).expect("json");
/// assert_eq!(v["url"], p.url());
/// assert_eq!(v["headers"]["content-type"], "text/plain");
/// assert_eq!(v["expires_at"], "19700101T000100Z");
/// # Ok::<(), awssig::Error>(())
/// ```
impl Serialize for PresignedUrl {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("PresignedUrl", 3)?;
        s.serialize_field("url", self.url())?;
        let headers = self.headers().iter();
        s.serialize_field(
            "headers",
            &OrderedMap(headers.map(|(name, value)| (name.as_str(), value.as_str()))),
        )?;
        s.serialize_field("expires_at", &self.expires_at())?;
        s.end()
    }
}

/// `{"access_key_id", "signed_at", "region", "service", "signed_headers",
/// "expires_at"}` (times as `x-amz-date` text, `expires_at` null for a
/// header-signed request). The session token and the signature are left
/// out.
///
/// ```
/// use awssig::{Credentials, SigningTime, s3::Bucket, verify::{Incoming, Verifier}};
/// let creds = Credentials::new("AKID", "secret")?.with_session_token("tok")?;
/// let url = Bucket::new("b-1", "us-east-1")?.get("k").presign(&creds, SigningTime::from_unix(0)?, 60)?;
/// let ok = Verifier::s3().verify(&Incoming::new("GET", &url, &[]), SigningTime::from_unix(1)?, |_: &str| Some("secret".into()))?;
/// let json = serde_json::to_string(&ok).expect("json");
/// assert_eq!(json, r#"{"access_key_id":"AKID","signed_at":"19700101T000000Z","region":"us-east-1","service":"s3","signed_headers":["host"],"expires_at":"19700101T000100Z"}"#);
/// # Ok::<(), awssig::Error>(())
/// ```
impl Serialize for Verified {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Verified", 6)?;
        s.serialize_field("access_key_id", self.access_key_id())?;
        s.serialize_field("signed_at", &self.signed_at())?;
        s.serialize_field("region", self.region())?;
        s.serialize_field("service", self.service())?;
        s.serialize_field("signed_headers", &self.signed_headers())?;
        s.serialize_field("expires_at", &self.expires_at())?;
        s.end()
    }
}

/// A list of names.
///
/// ```
/// use awssig::{Credentials, SigningTime, s3::Bucket, verify::{Incoming, Verifier}};
/// let creds = Credentials::new("AKID", "secret")?;
/// let url = Bucket::new("b-1", "us-east-1")?.get("k").presign(&creds, SigningTime::from_unix(0)?, 60)?;
/// let ok = Verifier::s3().verify(&Incoming::new("GET", &url, &[]), SigningTime::from_unix(1)?, |_: &str| Some("secret".into()))?;
/// assert_eq!(serde_json::to_string(&ok.signed_headers()).expect("json"), r#"["host"]"#);
/// # Ok::<(), awssig::Error>(())
/// ```
impl Serialize for SignedHeaders<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

/// The `x-amz-date` text, `20150830T123600Z`.
///
/// ```
/// use awssig::SigningTime;
/// let t = SigningTime::from_amz_date("20150830T123600Z")?;
/// assert_eq!(serde_json::to_string(&t).expect("json"), r#""20150830T123600Z""#);
/// # Ok::<(), awssig::Error>(())
/// ```
impl Serialize for SigningTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.amz_date())
    }
}

/// From the `x-amz-date` text, `20150830T123600Z`.
///
/// ```
/// use awssig::SigningTime;
/// let t: SigningTime = serde_json::from_str(r#""20150830T123600Z""#).expect("json");
/// assert_eq!(t, SigningTime::from_amz_date("20150830T123600Z")?);
/// assert!(serde_json::from_str::<SigningTime>(r#""2015-08-30""#).is_err());
/// # Ok::<(), awssig::Error>(())
/// ```
impl<'de> Deserialize<'de> for SigningTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct AmzDate;
        impl Visitor<'_> for AmzDate {
            type Value = SigningTime;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an x-amz-date such as \"20150830T123600Z\"")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<SigningTime, E> {
                SigningTime::from_amz_date(v).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(AmzDate)
    }
}
