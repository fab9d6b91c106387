//! The Kubernetes `ExecCredential` an `exec` credential plugin prints,
//! and the API version it answers in.

use alloc::string::String;

/// The `client.authentication.k8s.io` version of an `ExecCredential`.
///
/// ```
/// use awssig::tokens::ExecCredentialVersion;
/// assert_eq!(ExecCredentialVersion::default().as_str(), "client.authentication.k8s.io/v1beta1");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ExecCredentialVersion {
    /// `v1alpha1`, deprecated.
    V1Alpha1,
    /// `v1beta1`, the aws cli's default.
    #[default]
    V1Beta1,
    /// `v1`.
    V1,
}

impl ExecCredentialVersion {
    /// The `apiVersion` text.
    ///
    /// ```
    /// assert_eq!(awssig::tokens::ExecCredentialVersion::V1.as_str(), "client.authentication.k8s.io/v1");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            ExecCredentialVersion::V1Alpha1 => "client.authentication.k8s.io/v1alpha1",
            ExecCredentialVersion::V1Beta1 => "client.authentication.k8s.io/v1beta1",
            ExecCredentialVersion::V1 => "client.authentication.k8s.io/v1",
        }
    }

    /// The version to answer in, read as the aws cli reads it from the
    /// `KUBERNETES_EXEC_INFO` the client sets (`None` or empty: unset),
    /// with the warning the aws cli prints on stderr when there is one
    /// (malformed JSON, an unknown version: `v1beta1`; `v1alpha1`:
    /// deprecated).
    ///
    /// ```
    /// use awssig::tokens::ExecCredentialVersion;
    /// let info = r#"{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","spec":{"interactive":false}}"#;
    /// assert_eq!(ExecCredentialVersion::from_exec_info(Some(info)), (ExecCredentialVersion::V1, None));
    /// assert_eq!(ExecCredentialVersion::from_exec_info(None).0, ExecCredentialVersion::V1Beta1);
    /// assert!(ExecCredentialVersion::from_exec_info(Some("{")).1.is_some());
    /// ```
    pub fn from_exec_info(info: Option<&str>) -> (Self, Option<&'static str>) {
        let raw = match info {
            Some(raw) if !raw.is_empty() => raw,
            _ => return (Self::V1Beta1, None),
        };
        let Ok(doc) = crate::json::parse(raw) else {
            return (
                Self::V1Beta1,
                Some("Error parsing KUBERNETES_EXEC_INFO, defaulting to client.authentication.k8s.io/v1beta1. This is likely a bug in your Kubernetes client. Please update your Kubernetes client."),
            );
        };
        match doc.get("apiVersion").and_then(|v| v.as_str()) {
            Some("client.authentication.k8s.io/v1") => (Self::V1, None),
            Some("client.authentication.k8s.io/v1beta1") => (Self::V1Beta1, None),
            Some("client.authentication.k8s.io/v1alpha1") => (
                Self::V1Alpha1,
                Some("Kubeconfig user entry is using deprecated API version client.authentication.k8s.io/v1alpha1. Run 'aws eks update-kubeconfig' to update."),
            ),
            _ => (
                Self::V1Beta1,
                Some("Unrecognized API version in KUBERNETES_EXEC_INFO, defaulting to client.authentication.k8s.io/v1beta1. This is likely due to an outdated AWS CLI. Please update your AWS CLI."),
            ),
        }
    }
}

/// The `ExecCredential` JSON as the aws cli's formatter writes it
/// (`json.dump(indent=4)`); its values are ASCII with nothing to escape
/// (a version name, an RFC 3339 time, a base64url token).
pub(crate) fn write(version: ExecCredentialVersion, expiration: &str, token: &str) -> String {
    const PARTS: [&str; 4] = [
        "{\n    \"kind\": \"ExecCredential\",\n    \"apiVersion\": \"",
        "\",\n    \"spec\": {},\n    \"status\": {\n        \"expirationTimestamp\": \"",
        "\",\n        \"token\": \"",
        "\"\n    }\n}",
    ];
    let version = version.as_str();
    let len = PARTS.iter().map(|p| p.len()).sum::<usize>()
        + version.len()
        + expiration.len()
        + token.len();
    let mut out = String::with_capacity(len);
    for (part, value) in PARTS.iter().zip([version, expiration, token, ""]) {
        out.push_str(part);
        out.push_str(value);
    }
    out
}
