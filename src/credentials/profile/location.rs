//! Where the shared files are and which profile is selected, as a pure
//! function of environment values and the platform (the SDKs' rules:
//! `AWS_CONFIG_FILE` / `AWS_SHARED_CREDENTIALS_FILE` override
//! `~/.aws/config` / `~/.aws/credentials`; the home directory is `HOME`,
//! and on Windows then `USERPROFILE`, then `HOMEDRIVE` + `HOMEPATH`).

use alloc::format;
use alloc::string::String;

/// The operating-system family, which decides the home directory rules
/// and the path separator.
///
/// ```
/// use awssig::credentials::profile::{locate_files, Platform};
/// let env = |k: &str| (k == "USERPROFILE").then(|| "C:\\Users\\ana".to_string());
/// let found = locate_files(env, Platform::Windows);
/// assert_eq!(found.config.as_deref(), Some("C:\\Users\\ana\\.aws\\config"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Platform {
    /// Linux, macOS and other Unix-likes: `HOME`, `/`.
    Unix,
    /// Windows: `HOME`, `USERPROFILE`, `HOMEDRIVE` + `HOMEPATH`, `\`.
    Windows,
}

impl Platform {
    /// The platform this program was built for (a compile-time fact).
    ///
    /// ```
    /// use awssig::credentials::profile::Platform;
    /// assert_eq!(Platform::current() == Platform::Windows, cfg!(windows));
    /// ```
    pub fn current() -> Platform {
        if cfg!(windows) {
            Platform::Windows
        } else {
            Platform::Unix
        }
    }

    pub(crate) fn separator(self) -> char {
        match self {
            Platform::Unix => '/',
            Platform::Windows => '\\',
        }
    }
}

/// The paths of the two shared files and the selected profile.
///
/// A path is `None` when it was not overridden and no home directory is
/// known.
///
/// ```
/// use awssig::credentials::profile::{locate_files, Platform};
/// let env = |k: &str| match k {
///     "HOME" => Some("/home/ana".to_string()),
///     "AWS_PROFILE" => Some("dev".to_string()),
///     _ => None,
/// };
/// let found = locate_files(env, Platform::Unix);
/// assert_eq!(found.credentials.as_deref(), Some("/home/ana/.aws/credentials"));
/// assert_eq!(found.profile, "dev");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct FileLocations {
    /// `AWS_CONFIG_FILE`, else `~/.aws/config`.
    pub config: Option<String>,
    /// `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/credentials`.
    pub credentials: Option<String>,
    /// `AWS_PROFILE`, else `AWS_DEFAULT_PROFILE` (the aws cli v1's name),
    /// else `default`.
    pub profile: String,
}

/// The home folder the SDKs use for `~` and `~/.aws`: `HOME`; on Windows
/// then `USERPROFILE`, then `HOMEDRIVE` + `HOMEPATH`. Blank counts as
/// unset.
///
/// ```
/// use awssig::credentials::profile::{home_dir, Platform};
/// let env = |k: &str| (k == "USERPROFILE").then(|| "C:\\Users\\ana".to_string());
/// assert_eq!(home_dir(env, Platform::Windows).as_deref(), Some("C:\\Users\\ana"));
/// assert_eq!(home_dir(env, Platform::Unix), None);
/// ```
pub fn home_dir<F: Fn(&str) -> Option<String>>(env: F, platform: Platform) -> Option<String> {
    let get = |k: &str| env(k).filter(|v| !v.trim().is_empty());
    get("HOME").or_else(|| match platform {
        Platform::Windows => get("USERPROFILE").or_else(|| {
            let (drive, path) = (get("HOMEDRIVE")?, get("HOMEPATH")?);
            Some(format!("{drive}{path}"))
        }),
        Platform::Unix => None,
    })
}

/// Finds the shared files and the selected profile from environment values
/// (`env` looks one up; blank counts as unset) and the platform. A leading
/// `~` in an override is the home directory. Nothing is read: the caller
/// passes `|k| std::env::var(k).ok()` or a map of its own.
///
/// ```
/// use awssig::credentials::profile::{locate_files, Platform};
/// let env = |k: &str| match k {
///     "HOME" => Some("/home/ana".to_string()),
///     "AWS_CONFIG_FILE" => Some("~/work/config".to_string()),
///     _ => None,
/// };
/// let found = locate_files(env, Platform::Unix);
/// assert_eq!(found.config.as_deref(), Some("/home/ana/work/config"));
/// assert_eq!(found.credentials.as_deref(), Some("/home/ana/.aws/credentials"));
/// assert_eq!(found.profile, "default");
/// ```
pub fn locate_files<F: Fn(&str) -> Option<String>>(env: F, platform: Platform) -> FileLocations {
    let get = |k: &str| env(k).filter(|v| !v.trim().is_empty());
    let home = home_dir(&env, platform);
    let sep = platform.separator();
    let under_home = |file: &str| {
        home.as_deref().map(|h| {
            let h = h.strip_suffix(sep).unwrap_or(h);
            format!("{h}{sep}.aws{sep}{file}")
        })
    };
    let expand = |path: String| -> String {
        let Some(home) = home.as_deref() else {
            return path;
        };
        match path.strip_prefix('~') {
            Some("") => home.into(),
            Some(rest) if rest.starts_with('/') || rest.starts_with(sep) => format!("{home}{rest}"),
            _ => path,
        }
    };
    FileLocations {
        config: get("AWS_CONFIG_FILE")
            .map(expand)
            .or_else(|| under_home("config")),
        credentials: get("AWS_SHARED_CREDENTIALS_FILE")
            .map(expand)
            .or_else(|| under_home("credentials")),
        profile: get("AWS_PROFILE")
            .or_else(|| get("AWS_DEFAULT_PROFILE"))
            .unwrap_or_else(|| "default".into()),
    }
}
