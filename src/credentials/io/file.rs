//! Reading the files the chain needs (the shared config and credentials
//! files, token files, the SSO token cache), bounded, into a buffer that is
//! wiped when dropped.

use alloc::format;
use alloc::string::String;
use std::fs::File;
use std::io;
use std::path::Path;
use zeroize::Zeroizing;

use super::bounded::read_bounded;
use crate::error::{Error, Result};

/// The size bound the chain uses for its files: 1 MiB (a config file, a
/// token or an SSO cache entry is a few KiB).
///
/// ```
/// assert_eq!(awssig::credentials::io::DEFAULT_MAX_FILE_LEN, 1 << 20);
/// ```
pub const DEFAULT_MAX_FILE_LEN: usize = 1 << 20;

/// Reads the UTF-8 text file at `path` (taken as given: expand `~` first),
/// at most `max_len` bytes.
///
/// `Ok(None)` when there is no such file (nor its folder), which the chain
/// treats as "this source has nothing to say"; every other failure is an
/// error naming the path: unreadable (permissions, a folder), longer than
/// `max_len`, not UTF-8. The text is zeroed in memory when dropped (a
/// credentials file or a token holds secrets).
///
/// ```
/// use awssig::credentials::io::{read_file, DEFAULT_MAX_FILE_LEN};
/// let dir = std::env::temp_dir().join(format!("awssig-read-file-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir).unwrap();
/// let path = dir.join("credentials");
/// std::fs::write(&path, "[default]\naws_access_key_id = AKID\n").unwrap();
///
/// let text = read_file(&path, DEFAULT_MAX_FILE_LEN)?.expect("the file exists");
/// assert!(text.starts_with("[default]"));
/// assert!(read_file(&dir.join("config"), DEFAULT_MAX_FILE_LEN)?.is_none());
/// let err = read_file(&path, 8).unwrap_err();
/// assert!(err.to_string().contains("credentials"));
/// # std::fs::remove_dir_all(&dir).unwrap();
/// # Ok::<(), awssig::Error>(())
/// ```
pub fn read_file(path: &Path, max_len: usize) -> Result<Option<Zeroizing<String>>> {
    let fail = |message: &dyn core::fmt::Display| {
        Error::credential_source(&format!("the file {}", path.display()), message)
    };
    let mut file = match File::open(path) {
        Ok(file) => file,
        Err(e) if is_missing(&e) => return Ok(None),
        Err(e) => return Err(fail(&format_args!("cannot be opened ({e})"))),
    };
    let hint = file.metadata().ok().map(|m| m.len());
    let mut bytes = match read_bounded(&mut file, max_len, hint) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => {
            return Err(fail(&format_args!(
                "is larger than the {max_len} bytes allowed"
            )))
        }
        Err(e) => return Err(fail(&format_args!("cannot be read ({e})"))),
    };
    match String::from_utf8(core::mem::take(&mut *bytes)) {
        Ok(text) => Ok(Some(Zeroizing::new(text))),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            // Wipe the bytes handed back by the failed conversion.
            drop(Zeroizing::new(e.into_bytes()));
            Err(fail(&format_args!("is not UTF-8 text (byte {at})")))
        }
    }
}

/// No such file, or a path through something that is not a folder: the
/// file is not there.
fn is_missing(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
    )
}
