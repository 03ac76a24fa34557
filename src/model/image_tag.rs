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
//! - a **floating** tag: one that starts with a channel word (`latest`, `edge`, `stable`,
//!   `lts-alpine3.20`), or is made only of codename and variant words on an image whose version is
//!   not the distribution's (`python:bookworm`, `node:alpine`, `nonroot`);
//! - a distribution **codename** on the distribution's own image (`debian:bookworm-slim`,
//!   `ubuntu:jammy`): the release it names (12, 22.04), as a version.
//! - anything else (`windowsservercore-ltsc2022`, `python3.12-nodejs20`) is `Other`: the rules say
//!   nothing of a shape they cannot read.

use super::knowledge::{codename_version, glob_match, is_floating_word, MOVING_TAGS};

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
    /// Starts with a channel word, or has only codename and variant words; `word` is the first.
    Floating {
        word: String,
    },
    /// A named release that is as precise as the image's tags get (`buildpack-deps:bookworm`).
    Release,
    Other,
}

/// Pre-release markers, as SemVer identifiers after a `-` (`-rc.1`, `-beta`) or glued to the last
/// number as Python writes them (`3.13.0rc1`, `3.14.0a2`, `3.13.0b1`).
const PRERELEASE_WORDS: &[&str] = &["rc", "alpha", "beta", "pre", "preview", "snapshot", "canary", "ea", "nightly"];
const GLUED_PRERELEASE: &[&str] = &["rc", "a", "b", "alpha", "beta", "dev"];

/// Classify a tag of `repository` (as [`super::knowledge::short_repository`] spells it).
/// `extra_floating` adds words to the floating list (`floating-tags`).
pub fn classify(tag: &str, repository: &str, extra_floating: &[String]) -> TagClass {
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
    if contains_date(&lower) {
        return TagClass::Date;
    }
    if is_branch_build(&lower) {
        return TagClass::BranchBuild;
    }
    let Some(first) = words.first() else { return TagClass::Other };
    let moving = |w: &str| MOVING_TAGS.contains(&w) || extra_floating.iter().any(|e| e.eq_ignore_ascii_case(w));
    // CentOS Stream (`stream9`) is a rolling preview of the next RHEL minor release.
    let stream = first.strip_prefix("stream").is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()));
    if moving(first) || stream {
        return TagClass::Floating { word: first.to_string() };
    }
    if lower.bytes().any(|b| b.is_ascii_digit()) || !words.iter().all(|w| is_floating_word(w, extra_floating)) {
        return TagClass::Other;
    }
    // Only codename and variant words: on the distribution's own image a codename is a release.
    if let Some(version) = words.iter().find_map(|w| codename_version(repository, w)) {
        if glob_match("*buildpack-deps", repository) {
            return TagClass::Release;
        }
        return TagClass::Version { parts: version.split('.').count(), version: format!("{first} ({version})") };
    }
    TagClass::Floating { word: first.to_string() }
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
        let digit_after = after.starts_with(|c: char| c.is_ascii_digit());
        // A lone `a`/`b` needs its number (`3.14.0a2`); `1.1.1b` is OpenSSL's letter release.
        let word_ok = glued.len() > 1 && (after.is_empty() || after.starts_with(['-', '_', '.']));
        if digit_after || word_ok {
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

/// Whether a date starts anywhere in the tag after a separator (`jammy-20240513`,
/// `RELEASE.2025-09-07T16-13-09Z`): a stamped build, whatever words come before it.
fn contains_date(tag: &str) -> bool {
    let starts = std::iter::once(0).chain(tag.char_indices().filter(|(_, c)| "-_.".contains(*c)).map(|(i, _)| i + 1));
    starts.into_iter().any(|i| {
        let rest = tag.get(i..).unwrap_or("");
        let head: String = rest.chars().take_while(|c| c.is_ascii_digit() || *c == '-').collect();
        is_date(&head) || is_date(rest.split(['-', '_']).next().unwrap_or(""))
    })
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
        classify(tag, "app", &[])
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
        assert_eq!(classify("mybranch", "app", &["mybranch".into()]), TagClass::Floating { word: "mybranch".into() });
        assert_eq!(class("ubuntu-22.04"), TagClass::Other);
        for tag in ["lts-alpine3.20", "stable-alpine3.20", "latest-rust-1.92-bookworm", "preview-debian-12"] {
            assert!(matches!(class(tag), TagClass::Floating { .. }), "{tag}");
        }
        assert_eq!(class("1.1.1b"), TagClass::Version { parts: 3, version: "1.1.1".into() });
        assert_eq!(class("release.2025-09-07t16-13-09z"), TagClass::Date);
        assert_eq!(class("nightly-2024-01-01"), TagClass::Date);
        assert_eq!(classify("stream9", "centos", &[]), TagClass::Floating { word: "stream9".into() });
    }

    #[test]
    fn codenames_are_releases_on_distribution_images() {
        assert_eq!(classify("jammy", "ubuntu", &[]), TagClass::Version { parts: 2, version: "jammy (22.04)".into() });
        assert_eq!(
            classify("bookworm-slim", "debian", &[]),
            TagClass::Version { parts: 1, version: "bookworm (12)".into() }
        );
        assert_eq!(classify("bookworm", "buildpack-deps", &[]), TagClass::Release);
        assert_eq!(classify("bookworm", "python", &[]), TagClass::Floating { word: "bookworm".into() });
        assert_eq!(classify("sid", "debian", &[]), TagClass::Floating { word: "sid".into() });
        assert_eq!(classify("stable-slim", "debian", &[]), TagClass::Floating { word: "stable".into() });
    }
}
