//! Base image tags as the image-versioning policy sees them.
//!
//! Registry tags are free text, but most follow a few shapes, and the policy (SemVer tags; `latest`,
//! `edge` and `stable` float) cares which one a tag has:
//! - a **version**, SemVer or shorter, optionally `v`-prefixed, with variant suffixes:
//!   `3.12.1-slim-bookworm`, `20-alpine3.20`, `v2`, `8.0`; its precision is how many numeric parts it
//!   has (`3` → 1, `3.12` → 2);
//! - a **pre-release** version: `1.2.3-rc.4`, `3.13.0rc1`, `9.0-preview`, `22-ea`;
//! - a **date** or build tag: `20240101`, `2024-01-01`, `jammy-20240513`;
//! - a **branch build** (`{service}-{branch}-{short-hash}`): `api-main-1a2b3c4`;
//! - a **floating** tag of only moving, codename or variant words: `latest`, `edge`, `lts-alpine`,
//!   `bookworm-slim`, `nonroot`;
//! - anything else (`windowsservercore-ltsc2022`, `python3.12-nodejs20`) is `Other`: the rules say
//!   nothing of a shape they cannot read.

use super::knowledge::is_floating_word;

/// What a tag says about how the image it names can change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TagClass {
    /// A version number: `parts` numeric components (`3.12` → 2), with its text.
    Version {
        parts: usize,
        version: String,
    },
    /// A SemVer pre-release or other unreleased build of a version (`1.2.3-rc.4`): the marker word.
    Prerelease {
        marker: String,
    },
    /// A date (or date-stamped) tag: pinned to one build.
    Date,
    /// `{service}-{branch}-{short-hash}`: a feature-branch build.
    BranchBuild,
    /// Only moving, codename and variant words; `word` is the first of them (`latest` for `latest`).
    Floating {
        word: String,
    },
    Other,
}

/// Pre-release markers, as SemVer identifiers after a `-` (`-rc.1`, `-beta`) or glued to the last
/// number as Python writes them (`3.13.0rc1`, `3.14.0a2`, `3.13.0b1`).
const PRERELEASE_WORDS: &[&str] = &["rc", "alpha", "beta", "pre", "preview", "snapshot", "canary", "ea", "nightly"];
const GLUED_PRERELEASE: &[&str] = &["rc", "a", "b", "alpha", "beta", "dev"];

/// Classify a tag. `extra_floating` adds words to the floating list (`floating-tags`).
pub fn classify(tag: &str, extra_floating: &[String]) -> TagClass {
    let lower = tag.to_ascii_lowercase();
    let words: Vec<&str> = lower.split(['-', '_', '.']).filter(|w| !w.is_empty()).collect();
    if let Some(version) = leading_version(&lower) {
        if is_date(&lower) {
            return TagClass::Date;
        }
        return match prerelease_marker(&lower[version.len()..]) {
            Some(marker) => TagClass::Prerelease { marker },
            None => TagClass::Version { parts: version.trim_start_matches('v').split('.').count(), version },
        };
    }
    if lower.split(['-', '_']).any(is_date) {
        return TagClass::Date;
    }
    if is_branch_build(&lower) {
        return TagClass::BranchBuild;
    }
    if !words.is_empty()
        && !lower.bytes().any(|b| b.is_ascii_digit())
        && words.iter().all(|w| is_floating_word(w, extra_floating))
    {
        return TagClass::Floating { word: words[0].to_string() };
    }
    TagClass::Other
}

/// The version at the start of a tag (`v1.2.3` of `v1.2.3-alpine`): digits and dots, ending at a
/// separator, a letter or the end. `None` when the tag does not start with a number.
fn leading_version(tag: &str) -> Option<String> {
    let body = tag.strip_prefix('v').filter(|b| b.starts_with(|c: char| c.is_ascii_digit())).unwrap_or(tag);
    if !body.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let len = body.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(body.len());
    let version = body[..len].trim_end_matches('.');
    if version.split('.').any(str::is_empty) {
        return None;
    }
    Some(format!("{}{version}", &tag[..tag.len() - body.len()]))
}

/// The pre-release marker in what follows the version, if any.
fn prerelease_marker(rest: &str) -> Option<String> {
    // Glued to the number: `rc1`, `a2`, `b1`, `dev0` (Python's own versions).
    let glued: String = rest.chars().take_while(char::is_ascii_alphabetic).collect();
    if !glued.is_empty() && GLUED_PRERELEASE.contains(&glued.as_str()) {
        let after = &rest[glued.len()..];
        if after.is_empty() || after.starts_with(|c: char| c.is_ascii_digit() || "-_.".contains(c)) {
            return Some(glued);
        }
    }
    // SemVer identifiers after `-`: the first one decides (`-rc.4`, `-beta`, `-rc4`).
    let first = rest.strip_prefix('-')?.split(['-', '_', '.', '+']).next()?;
    let word: String = first.chars().take_while(char::is_ascii_alphabetic).collect();
    let number_after = &first[word.len()..];
    (PRERELEASE_WORDS.contains(&word.as_str()) && number_after.chars().all(|c| c.is_ascii_digit())).then_some(word)
}

/// `20240101`, `2024-01-01`, `2024.01.01`, `20240101.1` (a stamped build).
fn is_date(text: &str) -> bool {
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let year = |s: &str| digits(s, 4) && (s.starts_with("19") || s.starts_with("20"));
    let month = |s: &str| digits(s, 2) && s.parse::<u8>().is_ok_and(|m| (1..=12).contains(&m));
    let compact = text.split(['.', '_']).next().is_some_and(|head| {
        let (Some(y), Some(m), Some(d)) = (head.get(..4), head.get(4..6), head.get(6..8)) else { return false };
        head.bytes().all(|b| b.is_ascii_digit()) && year(y) && month(m) && digits(d, 2)
    });
    let parts: Vec<&str> = text.split(['-', '.']).collect();
    let separated = parts.len() >= 3 && year(parts[0]) && month(parts[1]) && digits(parts[2], 2);
    compact || separated
}

/// `{service}-{branch}-{short-hash}`: three or more `-` parts, the last 7–12 lowercase hex digits with at
/// least one letter and one digit, the first not a number.
fn is_branch_build(tag: &str) -> bool {
    let parts: Vec<&str> = tag.split('-').collect();
    let Some(hash) = parts.last() else { return false };
    parts.len() >= 3
        && !parts[0].starts_with(|c: char| c.is_ascii_digit())
        && (7..=12).contains(&hash.len())
        && hash.bytes().all(|b| b.is_ascii_hexdigit())
        && hash.bytes().any(|b| b.is_ascii_digit())
        && hash.bytes().any(|b| b.is_ascii_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(tag: &str) -> TagClass {
        classify(tag, &[])
    }

    fn parts(tag: &str) -> usize {
        match class(tag) {
            TagClass::Version { parts, .. } => parts,
            other => panic!("{tag}: {other:?}"),
        }
    }

    #[test]
    fn versions_and_their_precision() {
        assert_eq!(parts("3.12.1-slim-bookworm"), 3);
        assert_eq!(parts("20-alpine3.20"), 1);
        assert_eq!(parts("v2"), 1);
        assert_eq!(parts("8.0"), 2);
        assert_eq!(parts("1.22"), 2);
        assert_eq!(parts("3"), 1);
        assert_eq!(parts("17-jdk-slim"), 1);
        assert_eq!(parts("12.4.1-cudnn-devel-ubuntu22.04"), 3);
        assert_eq!(parts("8u412-b08-jre"), 1);
        assert_eq!(parts("2.7.18"), 3);
    }

    #[test]
    fn prereleases() {
        for (tag, marker) in [
            ("1.2.3-rc.4", "rc"),
            ("1.2.3-rc.4+build.7", "rc"),
            ("3.13.0rc1-slim", "rc"),
            ("3.14.0a2", "a"),
            ("9.0-preview", "preview"),
            ("22-ea-jdk", "ea"),
            ("2.0.0-beta", "beta"),
            ("1.0.0-alpha.1", "alpha"),
        ] {
            assert_eq!(class(tag), TagClass::Prerelease { marker: marker.into() }, "{tag}");
        }
        assert!(matches!(class("12.2.0-devel-ubuntu22.04"), TagClass::Version { .. }));
        assert!(matches!(class("3.12-bookworm"), TagClass::Version { .. }));
    }

    #[test]
    fn dates_branches_and_floating_tags() {
        assert_eq!(class("20240101"), TagClass::Date);
        assert_eq!(class("2024-01-01"), TagClass::Date);
        assert_eq!(class("jammy-20240513"), TagClass::Date);
        assert_eq!(class("api-feature-login-1a2b3c4"), TagClass::BranchBuild);
        for tag in ["latest", "edge", "stable", "lts-alpine", "bookworm-slim", "slim", "nonroot", "alpine"] {
            assert!(matches!(class(tag), TagClass::Floating { .. }), "{tag}");
        }
        assert_eq!(class("latest"), TagClass::Floating { word: "latest".into() });
        assert_eq!(class("windowsservercore-ltsc2022"), TagClass::Other);
        assert_eq!(class("mybranch"), TagClass::Other);
        assert_eq!(classify("mybranch", &["mybranch".into()]), TagClass::Floating { word: "mybranch".into() });
        assert_eq!(class("ubuntu-22.04"), TagClass::Other);
    }
}
