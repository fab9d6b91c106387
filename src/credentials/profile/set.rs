//! The profiles, sso-sessions and services sections of the shared files,
//! merged as the SDKs merge them: the config file first, the credentials
//! file on top (its properties win); in the config file `[profile default]`
//! hides every `[default]`; sections and property names that are not valid
//! identifiers are skipped (and listed in [`ProfileSet::ignored`]).

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use zeroize::Zeroize;

use super::lines::{self, RawSection};
use crate::error::Result;

/// Which of the two shared files a text is.
///
/// ```
/// use awssig::credentials::profile::{FileKind, ProfileFile, ProfileSet};
/// let set = ProfileSet::parse(&[
///     ProfileFile::config("config", "[default]\nregion = eu-west-1\n"),
///     ProfileFile::credentials("credentials", "[default]\naws_access_key_id = AKID\n"),
/// ])?;
/// let p = set.profile("default").unwrap();
/// assert_eq!(p.origin("region"), Some(FileKind::Config));
/// assert_eq!(p.origin("aws_access_key_id"), Some(FileKind::Credentials));
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FileKind {
    /// `~/.aws/config`: `[default]`, `[profile name]`, `[sso-session
    /// name]`, `[services name]`.
    Config,
    /// `~/.aws/credentials`: bare `[name]` sections only.
    Credentials,
}

/// The text of one shared file and the name its errors give it.
///
/// ```
/// use awssig::credentials::profile::ProfileFile;
/// let file = ProfileFile::config("~/.aws/config", "[default]\nregion = eu-west-1\n");
/// # let _ = file;
/// ```
#[derive(Clone, Copy)]
pub struct ProfileFile<'a> {
    kind: FileKind,
    path: &'a str,
    text: &'a str,
}

impl fmt::Debug for ProfileFile<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProfileFile")
            .field("kind", &self.kind)
            .field("path", &self.path)
            .field("len", &self.text.len())
            .finish()
    }
}

impl<'a> ProfileFile<'a> {
    /// The config file's text; `path` names it in error messages.
    ///
    /// ```
    /// # use awssig::credentials::profile::{FileKind, ProfileFile};
    /// assert_eq!(ProfileFile::config("~/.aws/config", "").kind(), FileKind::Config);
    /// ```
    pub fn config(path: &'a str, text: &'a str) -> Self {
        ProfileFile {
            kind: FileKind::Config,
            path,
            text,
        }
    }

    /// The credentials file's text; `path` names it in error messages.
    ///
    /// ```
    /// # use awssig::credentials::profile::{FileKind, ProfileFile};
    /// let f = ProfileFile::credentials("~/.aws/credentials", "");
    /// assert_eq!(f.kind(), FileKind::Credentials);
    /// ```
    pub fn credentials(path: &'a str, text: &'a str) -> Self {
        ProfileFile {
            kind: FileKind::Credentials,
            path,
            text,
        }
    }

    /// Which file this is.
    ///
    /// ```
    /// # use awssig::credentials::profile::{FileKind, ProfileFile};
    /// assert_eq!(ProfileFile::credentials("c", "").kind(), FileKind::Credentials);
    /// ```
    pub fn kind(&self) -> FileKind {
        self.kind
    }

    fn source(&self) -> String {
        let what = match self.kind {
            FileKind::Config => "config file",
            FileKind::Credentials => "credentials file",
        };
        if self.path.is_empty() {
            what.into()
        } else {
            format!("{what} {}", self.path)
        }
    }
}

/// One section: a profile, an sso-session or a services block. Property
/// names are lower-case; values are trimmed (continuation lines joined
/// with `\n`, a sub-property block kept as its text).
///
/// `Debug` shows the names of the properties, never their values (they
/// hold secrets), and the values are zeroed when the set is dropped.
///
/// ```
/// use awssig::credentials::profile::{ProfileFile, ProfileSet};
/// let set = ProfileSet::parse(&[ProfileFile::config("c", "[profile dev]\nRegion = eu-west-1\n")])?;
/// let dev = set.profile("dev").unwrap();
/// assert_eq!(dev.name(), "dev");
/// assert_eq!(dev.get("region"), Some("eu-west-1"));
/// assert_eq!(dev.get("REGION"), Some("eu-west-1"));
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Section {
    name: String,
    /// Name, value, and the file that set it last.
    properties: Vec<(String, String, FileKind)>,
}

impl Section {
    fn new(name: &str) -> Self {
        Section {
            name: name.into(),
            properties: Vec::new(),
        }
    }

    /// The section's name (`dev` for `[profile dev]`).
    ///
    /// ```
    /// # use awssig::credentials::profile::{ProfileFile, ProfileSet};
    /// let set = ProfileSet::parse(&[ProfileFile::credentials("c", "[ci]\n")])?;
    /// assert_eq!(set.profile("ci").unwrap().name(), "ci");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The value of a property (names compare ASCII case-insensitively).
    ///
    /// ```
    /// # use awssig::credentials::profile::{ProfileFile, ProfileSet};
    /// let set = ProfileSet::parse(&[ProfileFile::config("c", "[default]\nregion = us-east-2\n")])?;
    /// assert_eq!(set.profile("default").unwrap().get("region"), Some("us-east-2"));
    /// assert_eq!(set.profile("default").unwrap().get("output"), None);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn get(&self, name: &str) -> Option<&str> {
        self.entry(name).map(|(_, v, _)| v.as_str())
    }

    /// The file that set a property (the credentials file wins a tie).
    ///
    /// ```
    /// # use awssig::credentials::profile::{FileKind, ProfileFile, ProfileSet};
    /// let set = ProfileSet::parse(&[
    ///     ProfileFile::config("c", "[profile a]\nx = 1\n"),
    ///     ProfileFile::credentials("k", "[a]\nx = 2\n"),
    /// ])?;
    /// let a = set.profile("a").unwrap();
    /// assert_eq!((a.get("x"), a.origin("x")), (Some("2"), Some(FileKind::Credentials)));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn origin(&self, name: &str) -> Option<FileKind> {
        self.entry(name).map(|(_, _, k)| *k)
    }

    fn entry(&self, name: &str) -> Option<&(String, String, FileKind)> {
        self.properties
            .iter()
            .find(|(n, _, _)| n.eq_ignore_ascii_case(name))
    }

    /// The properties, names and values, in the order first set.
    ///
    /// ```
    /// # use awssig::credentials::profile::{ProfileFile, ProfileSet};
    /// let set = ProfileSet::parse(&[ProfileFile::config("c", "[default]\nb = 2\na = 1\n")])?;
    /// let all: Vec<_> = set.profile("default").unwrap().properties().collect();
    /// assert_eq!(all, [("b", "2"), ("a", "1")]);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn properties(&self) -> impl Iterator<Item = (&str, &str)> {
        self.properties
            .iter()
            .map(|(n, v, _)| (n.as_str(), v.as_str()))
    }

    /// The sub-properties of a property written as a block
    /// (`s3 =` then indented `name = value` lines), names lower-cased;
    /// lines without `=` are skipped. Empty when the property is missing
    /// or plain.
    ///
    /// ```
    /// # use awssig::credentials::profile::{ProfileFile, ProfileSet};
    /// let text = "[services local]\nsts =\n  endpoint_url = http://127.0.0.1:5000\n";
    /// let set = ProfileSet::parse(&[ProfileFile::config("c", text)])?;
    /// let sts: Vec<_> = set.services("local").unwrap().sub_properties("sts").collect();
    /// assert_eq!(sts, [("endpoint_url".to_string(), "http://127.0.0.1:5000")]);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn sub_properties(&self, name: &str) -> impl Iterator<Item = (String, &str)> {
        self.get(name)
            .unwrap_or("")
            .split('\n')
            .filter_map(|line| line.split_once('='))
            .map(|(k, v)| {
                (
                    k.trim_matches([' ', '\t']).to_ascii_lowercase(),
                    v.trim_matches([' ', '\t']),
                )
            })
            .filter(|(k, _)| !k.is_empty())
    }

    fn set(&mut self, name: &str, value: &str, kind: FileKind) {
        if let Some(p) = self.properties.iter_mut().find(|(n, _, _)| n == name) {
            p.1.zeroize();
            p.1 = value.into();
            p.2 = kind;
        } else {
            self.properties.push((name.into(), value.into(), kind));
        }
    }
}

impl fmt::Debug for Section {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Section")
            .field("name", &self.name)
            .field(
                "properties",
                &self
                    .properties
                    .iter()
                    .map(|(n, _, _)| n)
                    .collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl Drop for Section {
    fn drop(&mut self) {
        for (_, v, _) in &mut self.properties {
            v.zeroize();
        }
    }
}

/// The shared `config` and `credentials` files, parsed and merged.
///
/// ```
/// use awssig::credentials::profile::{ProfileFile, ProfileSet};
/// let config = "[default]\nregion = eu-west-1\n\n[profile dev] # comment\nregion = us-east-2\n";
/// let credentials = "[dev]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = secret\n";
/// let set = ProfileSet::parse(&[
///     ProfileFile::config("~/.aws/config", config),
///     ProfileFile::credentials("~/.aws/credentials", credentials),
/// ])?;
/// let dev = set.profile("dev").unwrap();
/// assert_eq!(dev.get("region"), Some("us-east-2"));
/// assert_eq!(dev.get("aws_access_key_id"), Some("AKIDEXAMPLE"));
/// assert!(!format!("{set:?}").contains("secret\""));
///
/// let bad = ProfileSet::parse(&[ProfileFile::config("~/.aws/config", "[default\n")]);
/// assert!(bad.unwrap_err().to_string().contains("config file ~/.aws/config, line 1"));
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProfileSet {
    profiles: BTreeMap<String, Section>,
    sso_sessions: BTreeMap<String, Section>,
    services: BTreeMap<String, Section>,
    ignored: Vec<String>,
}

/// Whether a profile, section or property name may be used: ASCII
/// letters, digits and `_ - / . % @ : +`.
fn is_identifier(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_-/.%@:+".contains(&b))
}

/// What a section header means in a file.
enum Kind<'h> {
    Profile(&'h str),
    SsoSession(&'h str),
    Services(&'h str),
}

impl ProfileSet {
    /// Parses the files and merges them: every config file first, then
    /// every credentials file (whose properties win), each in the order
    /// given. A malformed line is an error naming the file and the line;
    /// sections and properties the SDKs skip are skipped here too and
    /// listed in [`ProfileSet::ignored`].
    ///
    /// ```
    /// # use awssig::credentials::profile::{ProfileFile, ProfileSet};
    /// let set = ProfileSet::parse(&[ProfileFile::config("c", "[profile default]\na = 1\n[default]\nb = 2\n")])?;
    /// let default = set.profile("default").unwrap();
    /// assert_eq!((default.get("a"), default.get("b")), (Some("1"), None));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn parse(files: &[ProfileFile<'_>]) -> Result<ProfileSet> {
        let mut set = ProfileSet::default();
        for kind in [FileKind::Config, FileKind::Credentials] {
            for file in files.iter().filter(|f| f.kind == kind) {
                let source = file.source();
                let sections = lines::parse(&source, file.text)?;
                set.merge(&source, kind, &sections);
            }
        }
        Ok(set)
    }

    fn classify<'h>(&mut self, source: &str, kind: FileKind, header: &'h str) -> Option<Kind<'h>> {
        let header = header.trim_matches([' ', '\t']);
        let (prefix, name) = match header.split_once([' ', '\t']) {
            Some((p, n)) => (Some(p), n.trim_matches([' ', '\t'])),
            None => (None, header),
        };
        let why = match (kind, prefix) {
            (FileKind::Config, Some(p)) if !is_identifier(name) => {
                format!("[{p} {name}]: {name:?} is not a valid name (letters, digits, _-/.%@:+)")
            }
            (FileKind::Config, Some("profile")) => return Some(Kind::Profile(name)),
            (FileKind::Config, Some("sso-session")) => return Some(Kind::SsoSession(name)),
            (FileKind::Config, Some("services")) => return Some(Kind::Services(name)),
            (FileKind::Config, Some(p)) => format!("[{p} {name}]: unknown section type {p:?}"),
            (FileKind::Config, None) if name == "default" => return Some(Kind::Profile(name)),
            (FileKind::Config, None) => format!(
                "[{name}]: sections in the config file other than [default] need a prefix, e.g. [profile {name}]"
            ),
            (FileKind::Credentials, Some(p)) => format!(
                "[{p} {name}]: sections in the credentials file have no prefix, e.g. [{name}]"
            ),
            (FileKind::Credentials, None) if is_identifier(name) => {
                return Some(Kind::Profile(name))
            }
            (FileKind::Credentials, None) => {
                format!("[{name}]: {name:?} is not a valid name (letters, digits, _-/.%@:+)")
            }
        };
        self.ignored.push(format!("{source}: section {why}"));
        None
    }

    fn merge(&mut self, source: &str, kind: FileKind, sections: &[RawSection]) {
        let kinds: Vec<Option<Kind<'_>>> = sections
            .iter()
            .map(|s| self.classify(source, kind, &s.header))
            .collect();
        // `[profile default]` anywhere in a config file hides `[default]`.
        let prefixed_default = sections.iter().zip(&kinds).any(|(s, k)| {
            matches!(k, Some(Kind::Profile("default")))
                && s.header.trim_matches([' ', '\t']) != "default"
        });
        for (raw, k) in sections.iter().zip(kinds) {
            let (map, name) = match k {
                None => continue,
                Some(Kind::Profile(name)) => {
                    if prefixed_default && raw.header.trim_matches([' ', '\t']) == "default" {
                        self.ignored.push(format!(
                            "{source}: section [default] ignored: [profile default] takes priority"
                        ));
                        continue;
                    }
                    (&mut self.profiles, name)
                }
                Some(Kind::SsoSession(name)) => (&mut self.sso_sessions, name),
                Some(Kind::Services(name)) => (&mut self.services, name),
            };
            let section = map.entry(name.into()).or_insert_with(|| Section::new(name));
            for (key, value) in &raw.properties {
                if is_identifier(key) {
                    section.set(key, value, kind);
                } else {
                    self.ignored.push(format!(
                        "{source}: property {key:?} in [{}] ignored: not a valid name (letters, digits, _-/.%@:+)",
                        raw.header
                    ));
                }
            }
        }
    }

    /// A profile by name (`default` for `[default]` or `[profile default]`).
    ///
    /// ```
    /// # use awssig::credentials::profile::{ProfileFile, ProfileSet};
    /// let set = ProfileSet::parse(&[ProfileFile::config("c", "[foo]\n[profile bar]\n")])?;
    /// assert!(set.profile("foo").is_none()); // the config file needs `profile `
    /// assert!(set.profile("bar").is_some());
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn profile(&self, name: &str) -> Option<&Section> {
        self.profiles.get(name)
    }

    /// Every profile, sorted by name.
    ///
    /// ```
    /// # use awssig::credentials::profile::{ProfileFile, ProfileSet};
    /// let set = ProfileSet::parse(&[ProfileFile::credentials("c", "[b]\n[a]\n")])?;
    /// assert_eq!(set.profiles().map(|p| p.name()).collect::<Vec<_>>(), ["a", "b"]);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn profiles(&self) -> impl Iterator<Item = &Section> {
        self.profiles.values()
    }

    /// An `[sso-session name]` section of the config file.
    ///
    /// ```
    /// # use awssig::credentials::profile::{ProfileFile, ProfileSet};
    /// let set = ProfileSet::parse(&[ProfileFile::config("c", "[sso-session corp]\nsso_region = eu-west-1\n")])?;
    /// assert_eq!(set.sso_session("corp").unwrap().get("sso_region"), Some("eu-west-1"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn sso_session(&self, name: &str) -> Option<&Section> {
        self.sso_sessions.get(name)
    }

    /// Every sso-session section, sorted by name.
    ///
    /// ```
    /// # use awssig::credentials::profile::{ProfileFile, ProfileSet};
    /// let set = ProfileSet::parse(&[ProfileFile::config("c", "[sso-session corp]\n")])?;
    /// assert_eq!(set.sso_sessions().count(), 1);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn sso_sessions(&self) -> impl Iterator<Item = &Section> {
        self.sso_sessions.values()
    }

    /// A `[services name]` section of the config file (per-service
    /// settings as sub-properties; see [`Section::sub_properties`]).
    ///
    /// ```
    /// # use awssig::credentials::profile::{ProfileFile, ProfileSet};
    /// let set = ProfileSet::parse(&[ProfileFile::config("c", "[services local]\ns3 =\n  endpoint_url = http://localhost:9000\n")])?;
    /// assert!(set.services("local").is_some());
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn services(&self, name: &str) -> Option<&Section> {
        self.services.get(name)
    }

    /// What was skipped and why, one line each, naming the file (the SDKs
    /// log these as warnings): sections with a bad name or the wrong form
    /// for their file, `[default]` hidden by `[profile default]`,
    /// properties with a bad name.
    ///
    /// ```
    /// # use awssig::credentials::profile::{ProfileFile, ProfileSet};
    /// let set = ProfileSet::parse(&[ProfileFile::credentials("creds", "[profile x]\n")])?;
    /// assert!(set.ignored()[0].starts_with("credentials file creds: section [profile x]"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn ignored(&self) -> &[String] {
        &self.ignored
    }

    /// Whether no profile was found.
    ///
    /// ```
    /// # use awssig::credentials::profile::{ProfileFile, ProfileSet};
    /// assert!(ProfileSet::parse(&[ProfileFile::config("c", "# nothing\n")])?.is_empty());
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.profiles.is_empty()
    }
}
