//! `read_file`: present, missing, too large, not UTF-8, not a file.

use std::path::PathBuf;

use awssig::credentials::io::{read_file, DEFAULT_MAX_FILE_LEN};
use awssig::ErrorKind;

/// A fresh folder under the system temp folder, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("awssig-files-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn a_file_up_to_the_bound_is_read_whole() {
    let dir = TempDir::new("whole");
    let path = dir.0.join("config");
    std::fs::write(&path, "[profile dev]\nregion = eu-west-1\n").unwrap();
    let text = read_file(&path, 33).unwrap().unwrap();
    assert_eq!(text.as_str(), "[profile dev]\nregion = eu-west-1\n");
}

#[test]
fn a_missing_file_or_folder_is_none_not_an_error() {
    let dir = TempDir::new("missing");
    assert!(read_file(&dir.0.join("credentials"), DEFAULT_MAX_FILE_LEN)
        .unwrap()
        .is_none());
    assert!(
        read_file(&dir.0.join("no/such/credentials"), DEFAULT_MAX_FILE_LEN)
            .unwrap()
            .is_none()
    );
    // A path through a file: no such folder either.
    std::fs::write(dir.0.join("file"), "x").unwrap();
    assert!(
        read_file(&dir.0.join("file/credentials"), DEFAULT_MAX_FILE_LEN)
            .unwrap()
            .is_none()
    );
}

#[test]
fn a_file_over_the_bound_is_an_error_naming_the_path() {
    let dir = TempDir::new("large");
    let path = dir.0.join("token");
    std::fs::write(&path, "x".repeat(34)).unwrap();
    let err = read_file(&path, 33).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::CredentialSource);
    assert_eq!(
        err.to_string(),
        format!(
            "the file {}: is larger than the 33 bytes allowed",
            path.display()
        )
    );
}

#[test]
fn a_file_that_is_not_utf8_is_an_error_naming_the_path_and_byte() {
    let dir = TempDir::new("binary");
    let path = dir.0.join("cache.json");
    std::fs::write(&path, b"{\"a\": \"\xff\"}").unwrap();
    let err = read_file(&path, DEFAULT_MAX_FILE_LEN).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("the file {}: is not UTF-8 text (byte 7)", path.display())
    );
}

#[test]
fn a_folder_is_an_error_not_a_missing_file() {
    let dir = TempDir::new("folder");
    let err = read_file(&dir.0, DEFAULT_MAX_FILE_LEN).unwrap_err();
    assert!(
        err.to_string()
            .starts_with(&format!("the file {}: cannot be", dir.0.display())),
        "{err}"
    );
}
