//! A form signed: its policy JSON written in one pass (sized first), the
//! form's URL and fields, then the SigV4 or SigV2 signature of the base64
//! policy.

use alloc::string::String;

use crate::credentials::Credentials;
use crate::error::Result;
use crate::post::condition::{Condition, ConditionJson};
use crate::post::fields::{
    KEY, POLICY, SIGNATURE, X_AMZ_ALGORITHM, X_AMZ_CREDENTIAL, X_AMZ_DATE, X_AMZ_SECURITY_TOKEN,
    X_AMZ_SIGNATURE,
};
use crate::post::form::{
    policy_signature_v4, signature_v2, Fields, FormText, PostForm, MAX_EXPIRES_IN_V4,
};
use crate::post::policy::{base64_len, write_document, JSON_FRAME_LEN};
use crate::s3::bucket::Bucket;
use crate::time::SigningTime;
use crate::v4::ALGORITHM;

use super::PostPolicy;

impl PostPolicy<'_> {
    /// At least the length of [`PostPolicy::policy_json`] when nothing
    /// needs escaping (the usual case; a capacity hint otherwise), `auth`
    /// being the length its auth conditions take ([`exact_len`]).
    fn policy_len(&self, auth: usize) -> usize {
        let key = self.key.as_ref();
        JSON_FRAME_LEN
            + self
                .conditions
                .iter()
                .map(Condition::json_len_hint)
                .sum::<usize>()
            + exact_len("bucket", self.bucket.name().len())
            + match key.strip_suffix("${filename}") {
                // ["starts-with", "$key", "prefix"]
                Some(prefix) => prefix.len() + 29,
                None => exact_len(KEY, key.len()),
            }
            + auth
            - 2 // no separator after the last condition
    }

    /// The policy JSON, written in one pass into one buffer of `len`
    /// bytes reserved: the user's conditions (each checked), `bucket`,
    /// `key` (a `starts-with` on the prefix when the key ends in
    /// `${filename}`), then the `auth` fields as exact-match conditions.
    /// What a [`Policy`](crate::post::Policy) of these conditions writes,
    /// without building one.
    fn policy_json(&self, expiration: SigningTime, len: usize, auth: Fields<'_>) -> Result<String> {
        self.conditions.iter().try_for_each(Condition::validate)?;
        let key = self.key.as_ref();
        let key = match key.strip_suffix("${filename}") {
            Some(prefix) => ConditionJson::Array("starts-with", KEY, prefix),
            None => ConditionJson::Exact(KEY, key),
        };
        let conditions = (self.conditions.iter().map(Condition::json))
            .chain([ConditionJson::Exact("bucket", self.bucket.name()), key])
            .chain(auth.map(|(name, value)| ConditionJson::Exact(name, value)));
        let mut out = String::with_capacity(len);
        write_document(&mut out, expiration, self.format, conditions);
        Ok(out)
    }

    /// A form with the URL, the user's fields and `key` written, with
    /// room for `more` fields taking `more_len` bytes.
    fn start_form(&self, more: usize, more_len: usize) -> FormText {
        let bucket = self.bucket;
        let prefix = bucket.endpoint().path_prefix();
        let url_len =
            bucket.origin().len() + prefix.len() + 1 + bucket.path_bucket().map_or(0, str::len);
        let len = url_len
            + self
                .fields
                .iter()
                .map(|(name, value)| name.len() + value.len())
                .sum::<usize>()
            + 3
            + self.key.len()
            + more_len;
        let mut url = String::with_capacity(len);
        write_post_url(bucket, &mut url);
        let mut form = FormText::new(url, self.fields.len() + 1 + more);
        for (name, value) in &self.fields {
            form.push(name, &[value]);
        }
        form.push(KEY, &[&self.key]);
        form
    }

    /// Signs with SigV4 (`AWS4-HMAC-SHA256`, the bucket's region, service
    /// `s3`). Fields, in order: yours, `key`, `x-amz-algorithm`,
    /// `x-amz-credential`, `x-amz-date`, `x-amz-security-token` (temporary credentials),
    /// `policy`, `x-amz-signature`. The signing key comes from the
    /// bucket's cache. Credentials that expire before the form would are
    /// refused or clamped as [`PostPolicy::expiry_policy`] says.
    ///
    /// ```
    /// use awssig::{Credentials, SigningTime, s3::Bucket};
    /// let creds = Credentials::new("ASIAEXAMPLE", "secret")?.with_session_token("token")?;
    /// let form = Bucket::new("uploads", "eu-west-1")?
    ///     .post_policy("a.txt")
    ///     .sign_v4(&creds, SigningTime::from_amz_date("20240501T123456Z")?)?;
    /// let names: Vec<&str> = form.fields().map(|(name, _)| name).collect();
    /// assert_eq!(names, ["key", "x-amz-algorithm", "x-amz-credential", "x-amz-date",
    ///                    "x-amz-security-token", "policy", "x-amz-signature"]);
    /// assert_eq!(form.field("x-amz-credential"), Some("ASIAEXAMPLE/20240501/eu-west-1/s3/aws4_request"));
    /// assert_eq!(form.signature().len(), 64);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn sign_v4(&self, credentials: &Credentials, time: SigningTime) -> Result<PostForm> {
        self.check_inputs()?;
        let expiration = self.expiration(credentials, time, Some(MAX_EXPIRES_IN_V4))?;
        let settings = self.bucket.configured.settings();
        let (region, service) = (settings.region(), settings.service());
        let amz_date = time.amz_date();
        let date = &amz_date[..8];
        let credential = [
            credentials.access_key_id(),
            "/",
            date,
            "/",
            region,
            "/",
            service,
            "/aws4_request",
        ];
        let credential_len = credential.iter().map(|part| part.len()).sum();
        // The auth fields are also the policy's last conditions. They need
        // no check: `Credentials` refuses control characters in the key id
        // and the token, `Bucket` a bad region.
        let token = credentials.session_token();
        let auth_len = exact_len(X_AMZ_ALGORITHM, ALGORITHM.len())
            + exact_len(X_AMZ_CREDENTIAL, credential_len)
            + exact_len(X_AMZ_DATE, amz_date.len())
            + token.map_or(0, |t| exact_len(X_AMZ_SECURITY_TOKEN, t.len()));
        let json_len = self.policy_len(auth_len);
        // Auth names and values take less than their JSON; then `policy`
        // and `x-amz-signature`.
        let more = 5 + usize::from(token.is_some());
        let mut form = self.start_form(more, auth_len + base64_len(json_len) + 6 + 15 + 64);
        let auth = form.field_count();
        form.push(X_AMZ_ALGORITHM, &[ALGORITHM]);
        form.push(X_AMZ_CREDENTIAL, &credential);
        form.push(X_AMZ_DATE, &[amz_date]);
        if let Some(token) = token {
            form.push(X_AMZ_SECURITY_TOKEN, &[token]);
        }
        let json = self.policy_json(expiration, json_len, form.fields_from(auth))?;
        let policy = form.push_base64(POLICY, json.as_bytes());
        let signature = policy_signature_v4(
            self.bucket.configured.keys(),
            credentials.secret_access_key(),
            date,
            region,
            service,
            policy,
        );
        form.push(X_AMZ_SIGNATURE, &[signature.hex_str()]);
        Ok(form.finish(json, expiration))
    }

    /// Signs with the legacy SigV2 (`signature` = base64 HMAC-SHA1 of the
    /// base64 policy), for stores that only speak SigV2. Fields, in order:
    /// yours, `key`, `AWSAccessKeyId`, `x-amz-security-token` (temporary credentials), `policy`,
    /// `signature` (botocore's order). The time only fixes the expiration
    /// (and, with [`PostPolicy::expiry_policy`], meets the credentials').
    ///
    /// ```
    /// use awssig::{Credentials, SigningTime, s3::Bucket};
    /// let creds = Credentials::new("AKIAIOSFODNN7EXAMPLE", "secret")?;
    /// let form = Bucket::new("uploads", "us-east-1")?
    ///     .post_policy("a.txt")
    ///     .expires_in(30 * 86_400)
    ///     .sign_v2(&creds, SigningTime::from_unix(0)?)?;
    /// let names: Vec<&str> = form.fields().map(|(name, _)| name).collect();
    /// assert_eq!(names, ["key", "AWSAccessKeyId", "policy", "signature"]);
    /// assert_eq!(form.signature().len(), 28);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn sign_v2(&self, credentials: &Credentials, time: SigningTime) -> Result<PostForm> {
        self.check_inputs()?;
        let expiration = self.expiration(credentials, time, None)?;
        let (access_key, token) = (credentials.access_key_id(), credentials.session_token());
        // The token is the policy's last condition.
        let auth_len = token.map_or(0, |t| exact_len(X_AMZ_SECURITY_TOKEN, t.len()));
        let json_len = self.policy_len(auth_len);
        let more_len = 14 + access_key.len() + auth_len + 6 + base64_len(json_len) + 9 + 28;
        let mut form = self.start_form(3 + usize::from(token.is_some()), more_len);
        form.push("AWSAccessKeyId", &[access_key]);
        let auth = form.field_count();
        if let Some(token) = token {
            form.push(X_AMZ_SECURITY_TOKEN, &[token]);
        }
        let json = self.policy_json(expiration, json_len, form.fields_from(auth))?;
        let policy = form.push_base64(POLICY, json.as_bytes());
        let signature = signature_v2(credentials, policy);
        form.push(SIGNATURE, &[&signature]);
        Ok(form.finish(json, expiration))
    }
}

/// The length of `{"name": "value"}, ` for a value of `value_len` bytes
/// with nothing to escape.
fn exact_len(name: &str, value_len: usize) -> usize {
    name.len() + value_len + 10
}

/// The form's action: `origin[/prefix]/` when virtual-hosted (with an
/// endpoint path prefix, `origin/prefix` without the slash, as botocore
/// writes it), `origin[/prefix]/bucket` in path style.
fn write_post_url(bucket: &Bucket, url: &mut String) {
    let prefix = bucket.endpoint().path_prefix();
    url.push_str(bucket.origin());
    url.push_str(prefix);
    match bucket.path_bucket() {
        Some(name) => {
            url.push('/');
            url.push_str(name);
        }
        None if prefix.is_empty() => url.push('/'),
        None => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buffers_are_reserved_exactly_when_nothing_needs_escaping() {
        let bucket = Bucket::new("uploads", "eu-west-1").unwrap();
        let time = SigningTime::from_unix(1_700_000_000).unwrap();
        let plain = Credentials::new("AKIAIOSFODNN7EXAMPLE", "secret").unwrap();
        let temporary = plain.clone().with_session_token("FwoGZXIvYXdz+/=").unwrap();
        for key in ["k", "user/42/${filename}"] {
            for creds in [&plain, &temporary] {
                let policy = bucket
                    .post_policy(key)
                    .acl("private")
                    .field("x-amz-meta-tag", "")
                    .condition(Condition::starts_with("$x-amz-meta-tag", ""))
                    .condition(Condition::eq("$Content-Type", "image/png"))
                    .field("Content-Type", "image/png");
                for form in [
                    policy.sign_v4(creds, time).unwrap(),
                    policy.sign_v2(creds, time).unwrap(),
                ] {
                    let (json, text, ends) = form.spare_capacity();
                    assert_eq!(json, 0, "{}", form.policy_json());
                    // Reserved with 10 bytes to spare per auth condition
                    // (counted as JSON); grown, it would have doubled.
                    assert!(text <= 40, "{text} bytes spare");
                    assert_eq!(ends, 0, "{form:?}");
                }
            }
        }
    }
}
