//! The credential scope: `date/region/service/aws4_request`, the part of
//! the string to sign and of `X-Amz-Credential` that names what a signing
//! key is for.
//!
//! SigV4A's scope has no region (`date/service/aws4_request`; the regions
//! go in `X-Amz-Region-Set`): a scope whose region is empty is written so.
//! SigV4 never has one (an empty region is refused by the settings and
//! the verifier reads a four-part credential as SigV4A).

use crate::encode::{self, Sink};

/// What the credential scope needs, for the `X-Amz-Credential` value.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Scope<'a> {
    pub(crate) access_key_id: &'a str,
    /// `YYYYMMDD`, as bytes (the signing time keeps it so).
    pub(crate) date: &'a [u8],
    pub(crate) region: &'a str,
    pub(crate) service: &'a str,
    /// Key ID, region and service need no percent-encoding (the date never
    /// does): the credential goes into a URL as it is.
    pub(crate) plain: bool,
}

impl Scope<'_> {
    /// `date/region/service/aws4_request`
    pub(crate) fn write<S: Sink + ?Sized>(&self, out: &mut S) {
        self.write_key(out);
        out.put(b"/aws4_request");
    }

    /// `date/region/service`, what the scope's key is derived from
    /// (SigV4A: `date/service`).
    #[inline]
    pub(crate) fn write_key<S: Sink + ?Sized>(&self, out: &mut S) {
        out.put(self.date);
        out.put(b"/");
        if !self.region.is_empty() {
            out.put(self.region.as_bytes());
            out.put(b"/");
        }
        out.put(self.service.as_bytes());
    }

    /// [`Self::write_key`] appended to a `String` from `&str`s (the
    /// `Authorization` value: no UTF-8 check of the whole value after).
    #[inline]
    pub(crate) fn push_key(&self, out: &mut alloc::string::String) {
        // The date is the signing time's digits (checked ASCII, 8 bytes).
        out.push_str(core::str::from_utf8(self.date).unwrap_or(""));
        out.push('/');
        if !self.region.is_empty() {
            out.push_str(self.region);
            out.push('/');
        }
        out.push_str(self.service);
    }

    pub(crate) fn write_credential_encoded<S: Sink + ?Sized>(&self, out: &mut S) {
        self.write_credential_key_encoded(out);
        out.put(b"%2Faws4_request");
    }

    /// [`Self::write_credential_encoded`] but for its `%2Faws4_request`.
    #[inline]
    pub(crate) fn write_credential_key_encoded<S: Sink + ?Sized>(&self, out: &mut S) {
        let part = |out: &mut S, s: &[u8]| {
            if self.plain {
                out.put(s);
            } else {
                encode::encode(out, s, false);
            }
        };
        part(out, self.access_key_id.as_bytes());
        out.put(b"%2F");
        part(out, self.date);
        out.put(b"%2F");
        if !self.region.is_empty() {
            part(out, self.region.as_bytes());
            out.put(b"%2F");
        }
        part(out, self.service.as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    #[test]
    fn credential_written_plain_only_when_no_part_needs_encoding() {
        let scope = |access_key_id, plain| Scope {
            access_key_id,
            date: b"20150830",
            region: "us-east-1",
            service: "s3",
            plain,
        };
        let written = |s: Scope<'_>| {
            let mut v = Vec::new();
            s.write_credential_encoded(&mut v);
            alloc::string::String::from_utf8(v).unwrap()
        };
        let want = "AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fs3%2Faws4_request";
        assert_eq!(written(scope("AKIDEXAMPLE", true)), want);
        assert_eq!(written(scope("AKIDEXAMPLE", false)), want);
        assert_eq!(
            written(scope("AK+ID", false)),
            "AK%2BID%2F20150830%2Fus-east-1%2Fs3%2Faws4_request"
        );
        // The flags the signer reads: computed once from the inputs.
        assert!(crate::Credentials::new("AKIDEXAMPLE", "s")
            .unwrap()
            .key_id_plain());
        assert!(!crate::Credentials::new("AK+ID", "s")
            .unwrap()
            .key_id_plain());
        assert!(crate::v4::SigningSettings::s3("us-east-1").scope_plain());
        assert!(!crate::v4::SigningSettings::new("my service", "us-east-1").scope_plain());
    }
}
