//! Reading input files with errors a user can act on: missing, unreadable, binary, too large or not
//! UTF-8 files are reported by name, and the caller goes on with the other files.

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::problem::Problem;

/// Files larger than this are refused: no real Dockerfile comes near it, and a mistaken path to a
/// huge file must not stall a pre-commit hook.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// Why a file could not be read as text.
#[derive(Debug)]
pub struct InputError {
    pub path: PathBuf,
    /// What is wrong with it.
    pub message: String,
    /// What to do about it.
    pub help: String,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

impl InputError {
    pub fn problem(&self) -> Problem {
        Problem::new(self.to_string(), self.help.clone())
    }
}

/// Read `path` (or standard input for `-`) as UTF-8 text.
pub fn read_text(path: &Path) -> Result<String, InputError> {
    let fail = |r: Problem| InputError { path: path.to_path_buf(), message: r.message, help: r.help };
    let bytes = if path == Path::new("-") {
        let mut buf = Vec::new();
        std::io::stdin().take(MAX_FILE_BYTES + 1).read_to_end(&mut buf).map_err(|e| {
            fail(Problem::new(format!("cannot read standard input: {e}"), "pipe a Dockerfile into layerlint"))
        })?;
        buf
    } else {
        let meta = std::fs::metadata(path).map_err(|e| fail(describe_io_error(&e)))?;
        if meta.is_dir() {
            return Err(fail(Problem::new(
                "is a folder, not a file",
                "name a Dockerfile, or lint the folder with `layerlint check DIR`",
            )));
        }
        if meta.len() > MAX_FILE_BYTES {
            return Err(fail(too_large(meta.len())));
        }
        std::fs::read(path).map_err(|e| fail(describe_io_error(&e)))?
    };
    decode(bytes).map_err(fail)
}

/// Turn file bytes into text, refusing binary, oversized and non-UTF-8 content.
pub fn decode(bytes: Vec<u8>) -> Result<String, Problem> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    if let Some(pos) = bytes.iter().take(8192).position(|&b| b == 0) {
        return Err(Problem::new(
            format!("looks like a binary file (NUL byte at offset {pos}), not a Dockerfile"),
            "check the path, or exclude the file",
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(&e.as_bytes()[..offset]);
        let line = text.matches('\n').count() + 1;
        Problem::new(format!("is not valid UTF-8 (line {line}, byte offset {offset})"), "re-save the file as UTF-8")
    })
}

fn too_large(len: u64) -> Problem {
    let message = format!(
        "is {} MiB, larger than the {} MiB a Dockerfile may have",
        len / (1024 * 1024),
        MAX_FILE_BYTES / (1024 * 1024)
    );
    Problem::new(message, "check the path, or exclude the file")
}

fn describe_io_error(e: &std::io::Error) -> Problem {
    match e.kind() {
        std::io::ErrorKind::NotFound => Problem::new("no such file", "check the path"),
        std::io::ErrorKind::PermissionDenied => Problem::new("permission denied", "check the file's permissions"),
        _ => Problem::new(format!("cannot read: {e}"), "check the file"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_binary_and_invalid_utf8() {
        assert!(decode(b"FROM a\0".to_vec()).unwrap_err().message.contains("binary"));
        let err = decode(b"FROM a\nRUN \xff\n".to_vec()).unwrap_err();
        assert!(err.message.contains("line 2"), "{err:?}");
        assert_eq!(decode(b"FROM a\n".to_vec()).unwrap(), "FROM a\n");
    }
}
