//! Which files to lint: files named on the command line whatever their name, and inside folders the
//! Dockerfiles found by name, honouring `.gitignore` (the `ignore` crate's walker).

use std::path::{Path, PathBuf};

/// Whether a file name is one layerlint looks for inside folders.
pub fn is_dockerfile_name(name: &str) -> bool {
    if name.ends_with(".dockerignore") {
        return false;
    }
    name == "Dockerfile"
        || name == "Containerfile"
        || name.starts_with("Dockerfile.")
        || name.starts_with("Containerfile.")
        || name.ends_with(".Dockerfile")
        || name.ends_with(".dockerfile")
        || name.ends_with(".Containerfile")
}

/// Whether a file is a `.dockerignore` (or a Dockerfile's own `<Dockerfile>.dockerignore`), linted by the
/// IGN rules rather than as a Dockerfile.
pub fn is_ignore_file_name(name: &str) -> bool {
    name.ends_with(".dockerignore")
}

/// The Dockerfiles directly in `dir`, by the names folder discovery looks for, sorted.
pub fn dockerfiles_beside(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut found: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter(|e| e.file_name().to_str().is_some_and(is_dockerfile_name))
        .map(|e| if dir == Path::new(".") { PathBuf::from(e.file_name()) } else { e.path() })
        .collect();
    found.sort();
    found
}

/// A path to lint, or why a named path could not be searched.
pub enum Found {
    File(PathBuf),
    Stdin,
    Missing(PathBuf),
    /// A folder named on the command line holding no file layerlint looks for.
    Empty(PathBuf),
}

/// The names folders are searched for, as users are told when a folder holds none.
pub const SEARCHED_NAMES: &str = "Dockerfile, Dockerfile.*, *.Dockerfile, *.dockerfile, Containerfile, \
Containerfile.*, *.Containerfile, .dockerignore, *.dockerignore";

/// Expand the command-line paths into files, in a deterministic order.
pub fn discover(paths: &[PathBuf]) -> Vec<Found> {
    let default = [PathBuf::from(".")];
    let paths = if paths.is_empty() { &default[..] } else { paths };
    let mut found = Vec::new();
    for path in paths {
        if path == Path::new("-") {
            found.push(Found::Stdin);
        } else if path.is_dir() {
            let files = walk(path);
            if files.is_empty() {
                found.push(Found::Empty(path.clone()));
            }
            found.extend(files.into_iter().map(Found::File));
        } else if path.exists() {
            found.push(Found::File(path.clone()));
        } else {
            found.push(Found::Missing(path.clone()));
        }
    }
    // A file reached twice (named, and inside a named folder) is linted once, where first met. Only
    // several paths can overlap, so one path costs no file-system calls here.
    if paths.len() > 1 {
        let mut seen = std::collections::HashSet::new();
        found.retain(|item| match item {
            Found::File(path) => seen.insert(std::fs::canonicalize(path).unwrap_or_else(|_| path.clone())),
            _ => true,
        });
    }
    found
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = ignore::WalkBuilder::new(dir)
        .hidden(false)
        .require_git(false)
        .filter_entry(|entry| entry.file_name() != ".git")
        .build()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_some_and(|t| t.is_file()))
        .filter(|entry| {
            entry.file_name().to_str().is_some_and(|name| is_dockerfile_name(name) || is_ignore_file_name(name))
        })
        .map(|entry| {
            let path = entry.into_path();
            // Report `Dockerfile`, not `./Dockerfile`, when the folder is the current one.
            path.strip_prefix(".").map(Path::to_path_buf).unwrap_or(path)
        })
        .collect();
    files.sort();
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dockerfile_names() {
        for name in [
            "Dockerfile",
            "Dockerfile.prod",
            "api.Dockerfile",
            "x.dockerfile",
            "Containerfile",
            "Containerfile.x",
            "a.Containerfile",
        ] {
            assert!(is_dockerfile_name(name), "{name}");
        }
        for name in ["Dockerfile.dockerignore", "README.md", "dockerfile.txt", "Makefile"] {
            assert!(!is_dockerfile_name(name), "{name}");
        }
    }
}
