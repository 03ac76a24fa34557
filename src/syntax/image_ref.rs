//! Docker image references, `[registry[:port]/]path[:tag][@digest]`, with the part at fault located.
//!
//! Docker's own parser (`ParseNormalizedNamed` in distribution/reference, which BuildKit applies to every
//! `FROM` image) is a regular expression that answers "invalid reference format" for every mistake. A
//! linter needs more: which part is wrong, why, and where, so it can underline it. This module accepts
//! and rejects exactly the strings Docker does, but it walks the parts one at a time (registry, path,
//! tag, digest) so that the first part that breaks the grammar is the one reported, with its byte range.
//!
//! The grammar (distribution/reference `regexp.go`):
//!
//! ```text
//! reference        := name [ ":" tag ] [ "@" digest ]
//! name             := [ domain "/" ] path
//! domain           := host [ ":" port ]          port := [0-9]+
//! host             := label ( "." label )* | "[" [a-fA-F0-9:]+ "]"
//! label            := [a-zA-Z0-9] | [a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]
//! path             := component ( "/" component )*
//! component        := [a-z0-9]+ ( separator [a-z0-9]+ )*
//! separator        := "." | "_" | "__" | "-"+
//! tag              := [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}
//! digest           := algorithm ":" hex          (go-digest: sha256 → 64, sha384 → 96, sha512 → 128
//!                                                 lowercase hex digits; other algorithms are unsupported)
//! ```
//!
//! And the rules of `normalize.go` on top of it:
//! - the first `/`-separated component is a registry only if it contains `.` or `:`, is `localhost`, or
//!   has an uppercase letter (Docker's heuristic: repository paths are lowercase, so `MyHost/app` must be
//!   a host); otherwise the whole name is a Docker Hub path (`alpine` → `docker.io/library/alpine`);
//! - `index.docker.io` is Docker Hub (`docker.io`);
//! - if such a registry-looking component is not a valid host but the whole name is a valid path
//!   (`my_reg.io/app`), Docker accepts it as a path with no registry, and so does this module;
//! - a bare 64-hex-digit string is refused: it is an image ID, not a name;
//! - the repository path, after normalization (`library/` prefix included), is at most 255 bytes
//!   (distribution/reference ≥ 0.6.0 counts the path only, not the registry).

use std::fmt;
use std::ops::Range;

/// Docker Hub, the registry of every reference that names none.
const DEFAULT_DOMAIN: &str = "docker.io";
/// The legacy name of Docker Hub, normalized to [`DEFAULT_DOMAIN`].
const LEGACY_DEFAULT_DOMAIN: &str = "index.docker.io";
/// The Docker Hub namespace of official images (`alpine` is `library/alpine`).
const OFFICIAL_REPO_PREFIX: &str = "library/";
/// `RepositoryNameTotalLengthMax` of distribution/reference.
const MAX_PATH_LEN: usize = 255;
/// The tag grammar allows one leading character plus up to 127 more.
const MAX_TAG_LEN: usize = 128;
/// Digest algorithms go-digest knows, with the number of hex digits each needs.
const DIGEST_ALGORITHMS: [(&str, usize); 3] = [("sha256", 64), ("sha384", 96), ("sha512", 128)];

/// One part of a reference as written, and where it is in the parsed string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefPart {
    pub text: String,
    /// Byte range within the string given to [`ImageRef::parse`].
    pub span: Range<usize>,
}

/// A syntactically valid image reference, split into its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    /// The registry (`host[:port]`) if the reference names one; `None` means Docker Hub, or (rarely, see
    /// the module docs) a registry-looking path component that Docker reads as part of the path.
    pub domain: Option<RefPart>,
    /// The repository path as written, without `library/` added.
    pub path: RefPart,
    /// The tag without its `:`.
    pub tag: Option<RefPart>,
    /// The digest (`sha256:…`) without its `@`.
    pub digest: Option<RefPart>,
    /// The fully qualified name Docker pulls, without tag or digest (`Named.Name()` of distribution/reference;
    /// computed while parsing, since it depends on which of the normalization rules applied).
    normalized_name: String,
}

/// Which part of a reference is wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageRefErrorKind {
    /// Nothing at all.
    Empty,
    /// 64 hex digits: an image ID, which Docker refuses as a name.
    ImageId,
    /// The registry host: bad character, empty label, label starting or ending with `-`, bad IPv6 form.
    InvalidDomain,
    /// The registry port: empty or not a number.
    InvalidPort,
    /// An empty path component: `gcr.io//x`, `gcr.io/`, `:tag`, a leading `/`.
    EmptyPathComponent,
    /// Uppercase letters in the repository path.
    UppercasePath,
    /// Any other path mistake: a character outside `a-z 0-9 . _ -`, or separators in the wrong place.
    InvalidPath,
    /// The normalized repository path is longer than 255 bytes.
    NameTooLong,
    /// A `:` with no tag after it.
    EmptyTag,
    /// A tag that does not start with a letter, digit or `_`, or has other characters than those and `.-`.
    InvalidTag,
    /// A tag longer than 128 characters.
    TagTooLong,
    /// A digest that is not `algorithm:hex` (nothing after `@`, no `:`, malformed algorithm).
    InvalidDigest,
    /// A well-formed digest algorithm other than sha256, sha384 and sha512.
    UnsupportedDigestAlgorithm,
    /// Digest hex digits: wrong count for the algorithm, not hexadecimal, or uppercase.
    InvalidDigestHex,
}

/// Why a string is not a valid image reference, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRefError {
    pub kind: ImageRefErrorKind,
    /// Byte range of the offending text (or of the separator next to a missing part).
    pub span: Range<usize>,
    /// What is wrong and what to do about it, for the user.
    pub message: String,
}

impl fmt::Display for ImageRefError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ImageRefError {}

impl ImageRef {
    /// Parses `s` as Docker does; on failure, reports the first part (left to right) that is wrong.
    pub fn parse(s: &str) -> Result<ImageRef, ImageRefError> {
        if s.is_empty() {
            return Err(error(ImageRefErrorKind::Empty, 0..0, "the image reference is empty".to_owned()));
        }
        if s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
            return Err(error(
                ImageRefErrorKind::ImageId,
                0..s.len(),
                "this is an image ID, not an image name; use a repository name, pinned with \
                 `name@sha256:<digest>` if needed"
                    .to_owned(),
            ));
        }

        // The digest is everything after the first `@`: no other part may contain one.
        let (name_and_tag_end, digest) = match s.find('@') {
            Some(at) => (at, Some(at + 1..s.len())),
            None => (s.len(), None),
        };
        // The tag starts at the first `:` after the last `/`: a `:` before a `/` can only be a port.
        let last_component_start = s[..name_and_tag_end].rfind('/').map_or(0, |slash| slash + 1);
        let tag_colon = s[last_component_start..name_and_tag_end].find(':').map(|i| last_component_start + i);
        let name_end = tag_colon.unwrap_or(name_and_tag_end);
        let tag = tag_colon.map(|colon| colon + 1..name_and_tag_end);

        let name = split_name(s, name_end)?;
        check_path(s, name.path.clone())?;
        let normalized_path = name.normalized_path(s);
        if normalized_path.len() > MAX_PATH_LEN {
            return Err(error(
                ImageRefErrorKind::NameTooLong,
                name.path.clone(),
                format!(
                    "the repository name `{normalized_path}` is {} characters long; the maximum is \
                     {MAX_PATH_LEN}",
                    normalized_path.len()
                ),
            ));
        }
        if let Some(tag) = &tag {
            check_tag(s, tag.clone())?;
        }
        if let Some(digest) = &digest {
            check_digest(s, digest.clone())?;
        }

        let normalized_name = match name.normalized_domain(s) {
            Some(domain) => format!("{domain}/{normalized_path}"),
            None => normalized_path,
        };
        let part = |span: Range<usize>| RefPart { text: s[span.clone()].to_owned(), span };
        Ok(ImageRef {
            domain: name.domain.map(part),
            path: part(name.path),
            tag: tag.map(part),
            digest: digest.map(part),
            normalized_name,
        })
    }

    /// The fully qualified repository Docker pulls from, without tag or digest: `alpine` →
    /// `docker.io/library/alpine`, `index.docker.io/x/y` → `docker.io/x/y`, `gcr.io/a/b` → `gcr.io/a/b`.
    pub fn normalized_name(&self) -> &str {
        &self.normalized_name
    }

    /// Whether this is BuildKit's empty base image. BuildKit compares the `FROM` name to the exact
    /// string `scratch`, so `scratch:latest` or `docker.io/library/scratch` are ordinary (unpullable) images.
    pub fn is_scratch(&self) -> bool {
        self.domain.is_none() && self.path.text == "scratch" && self.tag.is_none() && self.digest.is_none()
    }
}

/// How the name part (before tag and digest) divides into registry and path.
struct NameSplit {
    domain: Option<Range<usize>>,
    path: Range<usize>,
    /// A registry-looking first component that is not a valid host, so Docker's grammar read the whole
    /// name as a path and the name is not on Docker Hub either (`my_reg.io/app` stays `my_reg.io/app`).
    registry_like_path: bool,
}

impl NameSplit {
    /// The registry the normalized name starts with, if any.
    fn normalized_domain<'s>(&self, s: &'s str) -> Option<&'s str> {
        match &self.domain {
            Some(domain) if &s[domain.clone()] == LEGACY_DEFAULT_DOMAIN => Some(DEFAULT_DOMAIN),
            Some(domain) => Some(&s[domain.clone()]),
            None if self.registry_like_path => None,
            None => Some(DEFAULT_DOMAIN),
        }
    }

    /// The path Docker checks and pulls: Docker Hub names of one component are official images, so
    /// `alpine` becomes `library/alpine`.
    fn normalized_path(&self, s: &str) -> String {
        let path = &s[self.path.clone()];
        if self.normalized_domain(s) == Some(DEFAULT_DOMAIN) && !path.contains('/') {
            format!("{OFFICIAL_REPO_PREFIX}{path}")
        } else {
            path.to_owned()
        }
    }
}

/// Splits `s[..name_end]` into registry and path the way normalize.go's `splitDockerDomain` and then the
/// reference regexp do, reporting a registry error only when the name cannot be read as a path either.
fn split_name(s: &str, name_end: usize) -> Result<NameSplit, ImageRefError> {
    let whole = NameSplit { domain: None, path: 0..name_end, registry_like_path: false };
    let Some(slash) = s[..name_end].find('/') else {
        return Ok(whole);
    };
    let first = &s[..slash];
    let looks_like_registry = first == "localhost" || first.contains(['.', ':']) || first.to_lowercase() != first;
    if !looks_like_registry {
        return Ok(whole);
    }
    match check_domain(s, 0..slash) {
        Ok(()) => Ok(NameSplit { domain: Some(0..slash), path: slash + 1..name_end, registry_like_path: false }),
        Err(_) if check_path(s, 0..name_end).is_ok() => Ok(NameSplit { registry_like_path: true, ..whole }),
        Err(domain_error) => Err(domain_error),
    }
}

/// `host[:port]`, where host is a dotted DNS-like name or a bracketed IPv6 address.
fn check_domain(s: &str, span: Range<usize>) -> Result<(), ImageRefError> {
    let domain = &s[span.clone()];
    let port_colon = if domain.starts_with('[') {
        let Some(close) = domain.find(']') else {
            return Err(error(
                ImageRefErrorKind::InvalidDomain,
                span,
                "the registry's IPv6 address has no closing `]`".to_owned(),
            ));
        };
        check_ipv6(s, span.start + 1..span.start + close)?;
        let after = span.start + close + 1;
        match s[after..span.end].chars().next() {
            None => None,
            Some(':') => Some(after),
            Some(other) => {
                return Err(error(
                    ImageRefErrorKind::InvalidDomain,
                    char_span(s, after),
                    format!("unexpected {} after the registry's IPv6 address", describe(other)),
                ))
            }
        }
    } else {
        let colon = domain.find(':').map(|i| span.start + i);
        check_host_name(s, span.start..colon.unwrap_or(span.end))?;
        colon
    };
    match port_colon {
        Some(colon) => check_port(s, colon, colon + 1..span.end),
        None => Ok(()),
    }
}

/// Dot-separated labels of letters, digits and inner hyphens (`label` in the module grammar).
fn check_host_name(s: &str, span: Range<usize>) -> Result<(), ImageRefError> {
    let mut label_start = span.start;
    for label in s[span.clone()].split('.') {
        let label_span = label_start..label_start + label.len();
        label_start = label_span.end + 1;
        if label.is_empty() {
            return Err(error(
                ImageRefErrorKind::InvalidDomain,
                around_empty(s, label_span.start, '.'),
                "the registry host has an empty label (two `.` in a row, or a `.` at an end)".to_owned(),
            ));
        }
        if let Some((i, c)) = label.char_indices().find(|&(_, c)| !c.is_ascii_alphanumeric() && c != '-') {
            return Err(error(
                ImageRefErrorKind::InvalidDomain,
                char_span(s, label_span.start + i),
                format!("{} is not allowed in a registry host name (letters, digits, `-` and `.` only)", describe(c)),
            ));
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(error(
                ImageRefErrorKind::InvalidDomain,
                label_span,
                format!("the registry host label `{label}` must not start or end with `-`"),
            ));
        }
    }
    Ok(())
}

/// The inside of `[…]`: hex digits and colons (no zone identifier, no embedded IPv4).
fn check_ipv6(s: &str, span: Range<usize>) -> Result<(), ImageRefError> {
    if span.is_empty() {
        return Err(error(
            ImageRefErrorKind::InvalidDomain,
            span.start.saturating_sub(1)..span.end + 1,
            "the registry's IPv6 address is empty".to_owned(),
        ));
    }
    match s[span.clone()].char_indices().find(|&(_, c)| !c.is_ascii_hexdigit() && c != ':') {
        Some((i, c)) => Err(error(
            ImageRefErrorKind::InvalidDomain,
            char_span(s, span.start + i),
            format!("{} is not allowed in the registry's IPv6 address (hex digits and `:` only, no zone)", describe(c)),
        )),
        None => Ok(()),
    }
}

/// Decimal digits after the registry's `:`. Docker does not check the range.
fn check_port(s: &str, colon: usize, span: Range<usize>) -> Result<(), ImageRefError> {
    let port = &s[span.clone()];
    if port.is_empty() {
        return Err(error(
            ImageRefErrorKind::InvalidPort,
            colon..colon + 1,
            "the registry has a `:` but no port number after it".to_owned(),
        ));
    }
    if !port.bytes().all(|b| b.is_ascii_digit()) {
        return Err(error(ImageRefErrorKind::InvalidPort, span, format!("the registry port `{port}` is not a number")));
    }
    Ok(())
}

/// `/`-separated lowercase components (`path` in the module grammar).
fn check_path(s: &str, span: Range<usize>) -> Result<(), ImageRefError> {
    if span.is_empty() {
        let span = match s[span.start..].chars().next() {
            Some(next) if next != '/' => span.start..span.start + next.len_utf8(),
            _ => around_empty(s, span.start, '/'),
        };
        return Err(error(ImageRefErrorKind::EmptyPathComponent, span, "the repository name is missing".to_owned()));
    }
    let mut component_start = span.start;
    for component in s[span.clone()].split('/') {
        let component_span = component_start..component_start + component.len();
        component_start = component_span.end + 1;
        check_path_component(s, component_span)?;
    }
    Ok(())
}

/// One path component: `[a-z0-9]+` runs joined by `.`, `_`, `__` or any number of `-`.
fn check_path_component(s: &str, span: Range<usize>) -> Result<(), ImageRefError> {
    let component = &s[span.clone()];
    if component.is_empty() {
        return Err(error(
            ImageRefErrorKind::EmptyPathComponent,
            around_empty(s, span.start, '/'),
            "the repository path has an empty component (two `/` in a row, or a `/` at an end)".to_owned(),
        ));
    }
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-');
    if let Some((i, c)) = component.char_indices().find(|&(_, c)| !allowed(c)) {
        return Err(error(
            ImageRefErrorKind::InvalidPath,
            char_span(s, span.start + i),
            format!(
                "{} is not allowed in a repository name (lowercase letters, digits, `.`, `_` and `-` only)",
                describe(c)
            ),
        ));
    }
    if component.bytes().any(|b| b.is_ascii_uppercase()) {
        return Err(error(
            ImageRefErrorKind::UppercasePath,
            span,
            format!("repository names must be lowercase: write `{}`", component.to_ascii_lowercase()),
        ));
    }
    let is_separator = |b: u8| matches!(b, b'.' | b'_' | b'-');
    let bytes = component.as_bytes();
    if bytes.first().is_some_and(|&b| is_separator(b)) || bytes.last().is_some_and(|&b| is_separator(b)) {
        let at = if bytes.first().is_some_and(|&b| is_separator(b)) { span.start } else { span.end - 1 };
        return Err(error(
            ImageRefErrorKind::InvalidPath,
            at..at + 1,
            format!("the repository name component `{component}` must start and end with a letter or digit"),
        ));
    }
    // Every maximal run of separators must be `.`, `_`, `__` or only dashes.
    let mut i = 0;
    while i < bytes.len() {
        if !is_separator(bytes[i]) {
            i += 1;
            continue;
        }
        let run_start = i;
        while i < bytes.len() && is_separator(bytes[i]) {
            i += 1;
        }
        let run = &component[run_start..i];
        if !(run == "." || run == "_" || run == "__" || run.bytes().all(|b| b == b'-')) {
            return Err(error(
                ImageRefErrorKind::InvalidPath,
                span.start + run_start..span.start + i,
                format!(
                    "`{run}` cannot separate words in a repository name; use one `.`, one or two `_`, \
                     or dashes"
                ),
            ));
        }
    }
    Ok(())
}

/// `[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`.
fn check_tag(s: &str, span: Range<usize>) -> Result<(), ImageRefError> {
    let tag = &s[span.clone()];
    let Some(first) = tag.chars().next() else {
        return Err(error(
            ImageRefErrorKind::EmptyTag,
            span.start - 1..span.start,
            "the tag after `:` is empty; remove the `:` or write a tag".to_owned(),
        ));
    };
    let word_char = |c: char| c.is_ascii_alphanumeric() || c == '_';
    if !word_char(first) {
        return Err(error(
            ImageRefErrorKind::InvalidTag,
            char_span(s, span.start),
            format!("a tag must start with a letter, digit or `_`, not {}", describe(first)),
        ));
    }
    if let Some((i, c)) = tag.char_indices().find(|&(_, c)| !word_char(c) && c != '.' && c != '-') {
        return Err(error(
            ImageRefErrorKind::InvalidTag,
            char_span(s, span.start + i),
            format!("{} is not allowed in a tag (letters, digits, `_`, `.` and `-` only)", describe(c)),
        ));
    }
    if tag.len() > MAX_TAG_LEN {
        return Err(error(
            ImageRefErrorKind::TagTooLong,
            span,
            format!("the tag is {} characters long; the maximum is {MAX_TAG_LEN}", tag.len()),
        ));
    }
    Ok(())
}

/// `algorithm:hex`, accepted only if go-digest would accept it (supported algorithm, exact lowercase hex).
fn check_digest(s: &str, span: Range<usize>) -> Result<(), ImageRefError> {
    let digest = &s[span.clone()];
    if digest.is_empty() {
        return Err(error(
            ImageRefErrorKind::InvalidDigest,
            span.start - 1..span.start,
            "the digest after `@` is missing; write `@sha256:<64 hex digits>` or remove the `@`".to_owned(),
        ));
    }
    let Some(colon) = digest.find(':') else {
        return Err(error(
            ImageRefErrorKind::InvalidDigest,
            span,
            "a digest looks like `sha256:<64 hex digits>`; this one has no `:`".to_owned(),
        ));
    };
    let algorithm = &digest[..colon];
    let algorithm_span = span.start..span.start + colon;
    let Some(&(_, hex_len)) = DIGEST_ALGORITHMS.iter().find(|(name, _)| *name == algorithm) else {
        let known = DIGEST_ALGORITHMS.iter().any(|(name, _)| *name == algorithm.to_ascii_lowercase());
        return Err(if is_digest_algorithm(algorithm) {
            error(
                ImageRefErrorKind::UnsupportedDigestAlgorithm,
                algorithm_span,
                if known {
                    format!("digest algorithm names are lowercase: write `{}`", algorithm.to_ascii_lowercase())
                } else {
                    format!("unsupported digest algorithm `{algorithm}`; use sha256, sha384 or sha512")
                },
            )
        } else {
            error(
                ImageRefErrorKind::InvalidDigest,
                if algorithm.is_empty() { span.start..span.start + 1 } else { algorithm_span },
                format!("`{algorithm}` is not a digest algorithm; a digest looks like `sha256:<64 hex digits>`"),
            )
        });
    };
    let hex_span = span.start + colon + 1..span.end;
    let hex = &s[hex_span.clone()];
    if let Some((i, c)) = hex.char_indices().find(|&(_, c)| !matches!(c, '0'..='9' | 'a'..='f')) {
        let message = if c.is_ascii_hexdigit() {
            "digest hex digits must be lowercase".to_owned()
        } else {
            format!("{} is not a hex digit (0-9, a-f)", describe(c))
        };
        return Err(error(ImageRefErrorKind::InvalidDigestHex, char_span(s, hex_span.start + i), message));
    }
    if hex.len() != hex_len {
        return Err(error(
            ImageRefErrorKind::InvalidDigestHex,
            if hex.is_empty() { hex_span.start - 1..hex_span.start } else { hex_span },
            format!("a {algorithm} digest has {hex_len} hex digits, this one has {}", hex.len()),
        ));
    }
    Ok(())
}

/// `[A-Za-z][A-Za-z0-9]*([-_+.][A-Za-z][A-Za-z0-9]*)*`: the shape of an algorithm name, supported or not.
fn is_digest_algorithm(name: &str) -> bool {
    name.split(['-', '_', '+', '.']).all(|part| {
        let mut chars = part.chars();
        chars.next().is_some_and(|c| c.is_ascii_alphabetic()) && chars.all(|c| c.is_ascii_alphanumeric())
    })
}

fn error(kind: ImageRefErrorKind, span: Range<usize>, message: String) -> ImageRefError {
    ImageRefError { kind, span, message }
}

/// The byte range of the character starting at `at` (empty at the end of `s`).
fn char_span(s: &str, at: usize) -> Range<usize> {
    let len = s.get(at..).and_then(|rest| rest.chars().next()).map_or(0, char::len_utf8);
    at..at + len
}

/// A visible range for an empty piece at `at` between `separator`s: the separators around it.
fn around_empty(s: &str, at: usize, separator: char) -> Range<usize> {
    let bytes = s.as_bytes();
    let sep = separator as u8;
    let start = if at > 0 && bytes.get(at - 1) == Some(&sep) { at - 1 } else { at };
    let end = if bytes.get(at) == Some(&sep) { at + 1 } else { at };
    start..end
}

/// A character as the user should see it in a message.
fn describe(c: char) -> String {
    if c.is_whitespace() || c.is_control() {
        format!("the character {c:?}")
    } else {
        format!("`{c}`")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEX64: &str = "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff";

    fn ok(s: &str) -> ImageRef {
        ImageRef::parse(s).unwrap_or_else(|e| panic!("{s:?} should parse: {e}"))
    }

    fn err(s: &str) -> ImageRefError {
        match ImageRef::parse(s) {
            Ok(r) => panic!("{s:?} should not parse, got {r:?}"),
            Err(e) => e,
        }
    }

    /// (domain, path, tag, digest) as written.
    type Parts<'a> = (Option<&'a str>, &'a str, Option<&'a str>, Option<&'a str>);

    fn parts(r: &ImageRef) -> Parts<'_> {
        (
            r.domain.as_ref().map(|p| p.text.as_str()),
            r.path.text.as_str(),
            r.tag.as_ref().map(|p| p.text.as_str()),
            r.digest.as_ref().map(|p| p.text.as_str()),
        )
    }

    #[test]
    fn valid_references_split_into_parts() {
        let digest = format!("sha256:{HEX64}");
        let cases: Vec<(String, Parts, &str)> = vec![
            ("alpine".into(), (None, "alpine", None, None), "docker.io/library/alpine"),
            ("alpine:3.12".into(), (None, "alpine", Some("3.12"), None), "docker.io/library/alpine"),
            ("python:3.12-slim".into(), (None, "python", Some("3.12-slim"), None), "docker.io/library/python"),
            (
                "library/alpine:latest".into(),
                (None, "library/alpine", Some("latest"), None),
                "docker.io/library/alpine",
            ),
            ("bitnami/redis".into(), (None, "bitnami/redis", None, None), "docker.io/bitnami/redis"),
            ("docker.io/alpine".into(), (Some("docker.io"), "alpine", None, None), "docker.io/library/alpine"),
            (
                "index.docker.io/library/alpine".into(),
                (Some("index.docker.io"), "library/alpine", None, None),
                "docker.io/library/alpine",
            ),
            (
                "index.docker.io/alpine".into(),
                (Some("index.docker.io"), "alpine", None, None),
                "docker.io/library/alpine",
            ),
            (
                "gcr.io/distroless/static-debian12:nonroot".into(),
                (Some("gcr.io"), "distroless/static-debian12", Some("nonroot"), None),
                "gcr.io/distroless/static-debian12",
            ),
            (
                "mcr.microsoft.com/windows/servercore:ltsc2022".into(),
                (Some("mcr.microsoft.com"), "windows/servercore", Some("ltsc2022"), None),
                "mcr.microsoft.com/windows/servercore",
            ),
            ("localhost/app".into(), (Some("localhost"), "app", None, None), "localhost/app"),
            // No `/`: `localhost:5000` is the image `localhost` with tag `5000`, as in Docker.
            ("localhost:5000".into(), (None, "localhost", Some("5000"), None), "docker.io/library/localhost"),
            (
                format!("localhost:5000/a/b:tag@{digest}"),
                (Some("localhost:5000"), "a/b", Some("tag"), Some(digest.as_str())),
                "localhost:5000/a/b",
            ),
            ("[::1]:5000/repo".into(), (Some("[::1]:5000"), "repo", None, None), "[::1]:5000/repo"),
            ("[2001:db8::1]/repo:tag".into(), (Some("[2001:db8::1]"), "repo", Some("tag"), None), "[2001:db8::1]/repo"),
            (
                "192.168.1.1:5000/repo:5050".into(),
                (Some("192.168.1.1:5000"), "repo", Some("5050"), None),
                "192.168.1.1:5000/repo",
            ),
            (
                "xn--n3h.com/myimage:xn--n3h.com".into(),
                (Some("xn--n3h.com"), "myimage", Some("xn--n3h.com"), None),
                "xn--n3h.com/myimage",
            ),
            // An uppercase first component can only be a registry (paths are lowercase).
            ("Foo/bar".into(), (Some("Foo"), "bar", None, None), "Foo/bar"),
            // Looks like a registry, is not a valid host, but is a valid path: Docker reads it as a path.
            ("foo_bar.com/x".into(), (None, "foo_bar.com/x", None, None), "foo_bar.com/x"),
            (format!("ubuntu@{digest}"), (None, "ubuntu", None, Some(digest.as_str())), "docker.io/library/ubuntu"),
            ("a__b/c---d.e_f:v".into(), (None, "a__b/c---d.e_f", Some("v"), None), "docker.io/a__b/c---d.e_f"),
            (
                "lowercase:Uppercase_TAG".into(),
                (None, "lowercase", Some("Uppercase_TAG"), None),
                "docker.io/library/lowercase",
            ),
            ("test.com:5000".into(), (None, "test.com", Some("5000"), None), "docker.io/library/test.com"),
        ];
        for (input, expected, normalized) in cases {
            let r = ok(&input);
            assert_eq!(parts(&r), expected, "{input}");
            assert_eq!(r.normalized_name(), normalized, "{input}");
        }
    }

    #[test]
    fn spans_locate_each_part() {
        let input = format!("localhost:5000/a/b:tag@sha256:{HEX64}");
        let r = ok(&input);
        for part in [r.domain.as_ref(), Some(&r.path), r.tag.as_ref(), r.digest.as_ref()].into_iter().flatten() {
            assert_eq!(&input[part.span.clone()], part.text);
        }
        assert_eq!(r.domain.map(|d| d.span), Some(0..14));
        assert_eq!(r.path.span, 15..18);
        assert_eq!(r.tag.map(|t| t.span), Some(19..22));
        assert_eq!(r.digest.map(|d| d.span), Some(23..input.len()));
    }

    #[test]
    fn longer_digests() {
        let sha512 = format!("sha512:{}", "a".repeat(128));
        assert_eq!(ok(&format!("x@{sha512}")).digest.map(|d| d.text), Some(sha512));
        ok(&format!("x@sha384:{}", "0".repeat(96)));
    }

    #[test]
    fn scratch_is_only_the_bare_word() {
        assert!(ok("scratch").is_scratch());
        assert!(!ok("scratch:latest").is_scratch());
        assert!(!ok("docker.io/library/scratch").is_scratch());
        assert!(!ok("alpine").is_scratch());
    }

    #[test]
    fn path_length_counts_the_normalized_path_only() {
        // 255 bytes of path is the limit; the registry does not count.
        let path255 = format!("{}a", "a/".repeat(127));
        ok(&path255);
        ok(&format!("registry.example.com:5000/{path255}:tag"));
        let e = err(&format!("{}a:tag", "a/".repeat(128)));
        assert_eq!(e.kind, ImageRefErrorKind::NameTooLong);
        // A one-component Hub name gets `library/` (8 bytes) added before the check.
        ok(&"a".repeat(247));
        let e = err(&"a".repeat(248));
        assert_eq!(e.kind, ImageRefErrorKind::NameTooLong);
        assert!(e.message.contains(&format!("`library/{}`", "a".repeat(248))), "{}", e.message);
    }

    #[test]
    fn invalid_references_name_the_part_and_its_span() {
        use ImageRefErrorKind::*;
        let long_tag = format!("alpine:{}", "t".repeat(129));
        let cases: Vec<(String, ImageRefErrorKind, Range<usize>)> = vec![
            ("".into(), Empty, 0..0),
            (":".into(), EmptyPathComponent, 0..1),
            (":justtag".into(), EmptyPathComponent, 0..1),
            (format!("@sha256:{HEX64}"), EmptyPathComponent, 0..1),
            ("alpine:".into(), EmptyTag, 6..7),
            ("mcr.microsoft.com/windows/servercore:".into(), EmptyTag, 36..37),
            ("node:-alpine".into(), InvalidTag, 5..6),
            ("node:18:alpine".into(), InvalidTag, 7..8),
            ("node:18 alpine".into(), InvalidTag, 7..8),
            (long_tag.clone(), TagTooLong, 7..long_tag.len()),
            ("gcr.io//cache".into(), EmptyPathComponent, 6..8),
            ("gcr.io/".into(), EmptyPathComponent, 6..7),
            ("/alpine".into(), EmptyPathComponent, 0..1),
            ("alpine/".into(), EmptyPathComponent, 6..7),
            ("[server-modules]".into(), InvalidPath, 0..1),
            ("MyApp".into(), UppercasePath, 0..5),
            ("Uppercase:tag".into(), UppercasePath, 0..9),
            ("test:5000/Uppercase/lowercase:tag".into(), UppercasePath, 10..19),
            ("a..b".into(), InvalidPath, 1..3),
            ("a___b".into(), InvalidPath, 1..4),
            ("-a".into(), InvalidPath, 0..1),
            ("a-".into(), InvalidPath, 1..2),
            ("aa/asdf$$^/aa".into(), InvalidPath, 7..8),
            ("héllo".into(), InvalidPath, 1..3),
            ("myregistry:port/app".into(), InvalidPort, 11..15),
            ("myregistry:/app".into(), InvalidPort, 10..11),
            ("my_reg.io/App".into(), InvalidDomain, 2..3),
            ("-host.com/x".into(), InvalidDomain, 0..5),
            ("a..com/x".into(), InvalidDomain, 1..3),
            ("[fe80::1%eth0]:5000/repo".into(), InvalidDomain, 8..9),
            ("[::1/repo".into(), InvalidDomain, 0..4),
            ("ubuntu@".into(), InvalidDigest, 6..7),
            ("ubuntu@sha256".into(), InvalidDigest, 7..13),
            ("ubuntu@sha256:short".into(), InvalidDigestHex, 14..15),
            ("repo@sha256:ffffffffffffffffffffffffffffffffff".into(), InvalidDigestHex, 12..46),
            ("ubuntu@sha256:".into(), InvalidDigestHex, 13..14),
            (format!("ubuntu@sha256:{}", HEX64.to_uppercase()), InvalidDigestHex, 14..15),
            (format!("validname@invaliddigest:{HEX64}"), UnsupportedDigestAlgorithm, 10..23),
            (format!("ubuntu@SHA256:{HEX64}"), UnsupportedDigestAlgorithm, 7..13),
            (format!("ubuntu@1sha:{HEX64}"), InvalidDigest, 7..11),
            (format!("ubuntu@sha256:{HEX64}@sha256:{HEX64}"), InvalidDigestHex, 78..79),
            ("f".repeat(64), ImageId, 0..64),
        ];
        for (input, kind, span) in cases {
            let e = err(&input);
            assert_eq!((e.kind, e.span.clone()), (kind, span), "{input:?}: {}", e.message);
            assert!(!e.message.is_empty());
        }
    }

    #[test]
    fn messages_say_what_to_do() {
        assert_eq!(err("MyApp").message, "repository names must be lowercase: write `myapp`");
        assert_eq!(err("ubuntu@sha256:abc").message, "a sha256 digest has 64 hex digits, this one has 3");
        assert_eq!(err("node:-alpine").message, "a tag must start with a letter, digit or `_`, not `-`");
        assert_eq!(err(&format!("x@SHA256:{HEX64}")).message, "digest algorithm names are lowercase: write `sha256`");
    }

    #[test]
    fn never_panics_on_prefixes_and_odd_bytes() {
        let samples = [
            format!("localhost:5000/a/b:tag@sha256:{HEX64}"),
            "[2001:db8::1]:5000/répo:tåg@sha256:é".to_owned(),
            "::/@@::/".to_owned(),
            "a/b/../:@[]{}".to_owned(),
            "\u{feff}ü/ß:ñ@∂:∆".to_owned(),
        ];
        for sample in samples {
            for (i, _) in sample.char_indices().chain([(sample.len(), ' ')]) {
                for piece in [&sample[..i], &sample[i..]] {
                    if let Err(e) = ImageRef::parse(piece) {
                        assert!(e.span.end <= piece.len(), "{piece:?}: {e:?}");
                        assert!(piece.is_char_boundary(e.span.start) && piece.is_char_boundary(e.span.end));
                    }
                }
            }
        }
    }
}
