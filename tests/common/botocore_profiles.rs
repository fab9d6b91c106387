//! The botocore profile-resolution corpus (`tests/data/botocore/profiles.json`)
//! and the cases where awssig departs from botocore on purpose, shared by
//! the library's comparison (`tests/vectors/credentials_botocore.rs`) and
//! the CLI's (`tests/cli.rs`).

/// Cases where awssig follows the cross-SDK shared-config suite (vendored
/// in `tests/data/smithy-rs-aws-config`, `profile-parser-tests.json`) or
/// its own documented rule instead of botocore, and why.
pub const DELIBERATE: &[(&str, &str)] = &[
    (
        "static/profile-default-then-default",
        "the cross-SDK parser suite: \"Default profile with profile prefix overrides default profile without prefix when profile prefix is first.\"; botocore takes the later section",
    ),
    (
        "format/config/inline-hash-comment-region",
        "the cross-SDK parser suite cuts a comment that follows whitespace (\"Pound sign comments are ignored.\", \"Semicolon sign comments are ignored.\"); botocore's configparser keeps it in the value",
    ),
    (
        "format/config/inline-semicolon-comment-region",
        "the cross-SDK parser suite cuts a comment that follows whitespace (\"Pound sign comments are ignored.\", \"Semicolon sign comments are ignored.\"); botocore's configparser keeps it in the value",
    ),
    (
        "format/config/inline-hash-comment-secret",
        "the cross-SDK parser suite cuts a comment that follows whitespace (\"Pound sign comments are ignored.\", \"Semicolon sign comments are ignored.\"); botocore's configparser keeps it in the value",
    ),
    (
        "format/config/blank-access-key",
        "Credentials::new refuses an empty access key id or secret (no AWS signature can be valid with one); botocore hands out credentials that fail at the server",
    ),
    (
        "format/config/blank-secret",
        "Credentials::new refuses an empty access key id or secret (no AWS signature can be valid with one); botocore hands out credentials that fail at the server",
    ),
    (
        "format/config/duplicate-key",
        "the cross-SDK parser suite: \"Duplicate properties in a profile use the last one defined.\"; botocore's configparser refuses the file",
    ),
    (
        "format/config/duplicate-key-other-case",
        "the cross-SDK parser suite: \"Duplicate properties in a profile use the last one defined.\"; botocore's configparser refuses the file",
    ),
    (
        "format/config/duplicate-section",
        "the cross-SDK parser suite: \"Duplicate profiles in the same file merge properties.\"; botocore's configparser refuses the file",
    ),
    (
        "format/config/section-spaces-inside",
        "the cross-SDK parser suite trims a profile name (\"profile name with extra whitespace\"); botocore sees no `profile` prefix",
    ),
    (
        "format/config/colon-separator",
        "the cross-SDK parser suite: \"Property definitions must contain an equals sign.\"; configparser also accepts `:`",
    ),
    (
        "format/credentials/inline-hash-comment-region",
        "the cross-SDK parser suite cuts a comment that follows whitespace (\"Pound sign comments are ignored.\", \"Semicolon sign comments are ignored.\"); botocore's configparser keeps it in the value",
    ),
    (
        "format/credentials/inline-semicolon-comment-region",
        "the cross-SDK parser suite cuts a comment that follows whitespace (\"Pound sign comments are ignored.\", \"Semicolon sign comments are ignored.\"); botocore's configparser keeps it in the value",
    ),
    (
        "format/credentials/inline-hash-comment-secret",
        "the cross-SDK parser suite cuts a comment that follows whitespace (\"Pound sign comments are ignored.\", \"Semicolon sign comments are ignored.\"); botocore's configparser keeps it in the value",
    ),
    (
        "format/credentials/blank-access-key",
        "Credentials::new refuses an empty access key id or secret (no AWS signature can be valid with one); botocore hands out credentials that fail at the server",
    ),
    (
        "format/credentials/blank-secret",
        "Credentials::new refuses an empty access key id or secret (no AWS signature can be valid with one); botocore hands out credentials that fail at the server",
    ),
    (
        "format/credentials/duplicate-key",
        "the cross-SDK parser suite: \"Duplicate properties in a profile use the last one defined.\"; botocore's configparser refuses the file",
    ),
    (
        "format/credentials/duplicate-key-other-case",
        "the cross-SDK parser suite: \"Duplicate properties in a profile use the last one defined.\"; botocore's configparser refuses the file",
    ),
    (
        "format/credentials/duplicate-section",
        "the cross-SDK parser suite: \"Duplicate profiles in the same file merge properties.\"; botocore's configparser refuses the file",
    ),
    (
        "format/credentials/section-spaces-inside",
        "the cross-SDK parser suite trims a profile name (\"profile name with extra whitespace\"); botocore sees no `profile` prefix",
    ),
    (
        "format/credentials/colon-separator",
        "the cross-SDK parser suite: \"Property definitions must contain an equals sign.\"; configparser also accepts `:`",
    ),
    (
        "role/duration-not-a-number",
        "AssumeRole::duration_seconds is checked (900 to 43200) when the plan is made; botocore drops a value that is not a number and sends 60 to STS, which refuses it",
    ),
    (
        "role/duration-too-short",
        "AssumeRole::duration_seconds is checked (900 to 43200) when the plan is made; botocore drops a value that is not a number and sends 60 to STS, which refuses it",
    ),
    (
        "role/role-arn-inline-comment",
        "the cross-SDK parser suite cuts a comment that follows whitespace (\"Pound sign comments are ignored.\", \"Semicolon sign comments are ignored.\"); botocore's configparser keeps it in the value",
    ),
    (
        "sso/session-same-start-url-in-profile",
        "the cross-SDK assume-role suite refuses sso_start_url / sso_region in a profile that names an sso-session (\"invalid SSO token configuration: sso_region must be in sso-session\"); botocore accepts an equal value",
    ),
    (
        "sso/session-token-only",
        "the cross-SDK assume-role suite (\"SSO token profile selected\") makes a profile with only sso_session an SSO (token) plan; botocore's credential chain skips it",
    ),
    (
        "sso/session-token-only-with-keys",
        "the cross-SDK assume-role suite (\"SSO token profile selected\") makes a profile with only sso_session an SSO (token) plan; botocore's credential chain skips it",
    ),
    (
        "sso/start-url-only-with-keys",
        "the cross-SDK assume-role suite treats any sso_* key as SSO configuration and refuses it incomplete; botocore's chain needs sso_account_id or sso_role_name and falls through to the keys",
    ),
];

/// The corpus.
pub fn corpus() -> serde_json::Value {
    super::read_json(&super::data_dir().join("botocore/profiles.json"))
}
