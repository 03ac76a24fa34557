//! What the COPY/ADD rules (CTX) share: an instruction's sources and destination, and what a source
//! is (remote URL, git repository, local archive, local file or folder).

use crate::model::dispatch::dispatch;
use crate::model::layers::absolute;
use crate::model::Model;
use crate::syntax::dockerfile::{Arg, Instruction, Keyword};
use crate::syntax::dockerignore::DockerIgnore;

/// A COPY/ADD source taken from the build context, as it expands: literal (no wildcard), local.
pub struct ContextSource<'m> {
    pub instruction: &'m Instruction,
    pub source: &'m Arg,
    /// The expanded source as written (`./src/`).
    pub expanded: String,
    /// Context-relative, `/`-separated, no leading `/` (`""` for the whole context).
    pub path: String,
}

/// Every COPY/ADD source read from the build context whose path is known statically.
pub fn context_sources<'m>(model: &'m Model<'m>) -> Vec<ContextSource<'m>> {
    let mut out = Vec::new();
    dispatch(model, |_, _, inst, scope| {
        if inst.flags.iter().any(|f| f.name() == "from") {
            return;
        }
        let Some((sources, _)) = copy_parts(inst) else { return };
        for source in sources {
            let Ok(expanded) = model.lexer.process_word(&source.value, &|k| scope.get(k)) else { continue };
            let local = matches!(source_kind(&expanded.result), SourceKind::Local | SourceKind::Archive);
            if !expanded.unmatched.is_empty() || !local || expanded.result.contains(['*', '?', '[']) {
                continue;
            }
            let path = absolute(None, &expanded.result).trim_start_matches('/').to_string();
            out.push(ContextSource { instruction: inst, source, expanded: expanded.result, path });
        }
    });
    out
}

/// Whether Docker leaves `path` (a [`ContextSource::path`]) out of the context. An excluded folder with
/// something re-included inside (`**` then `!folder/file`) still sends that, so it is not excluded;
/// `.` is excluded only when the file excludes everything (`*`, `**`, `**/*`, and no `!` line).
pub fn excluded_by<'i>(ignore: &'i DockerIgnore, path: &str) -> Option<&'i crate::syntax::dockerignore::Pattern> {
    let patterns = ignore.patterns();
    if path.is_empty() {
        let everything = patterns.iter().find(|p| !p.is_exception() && matches!(p.cleaned(), "*" | "**" | "**/*"));
        return everything.filter(|_| !patterns.iter().any(|p| p.is_exception()));
    }
    let decision = ignore.decide(path).ok()?;
    if !decision.excluded || ignore.may_reinclude_inside(path) {
        return None;
    }
    decision.deciding
}

/// A COPY or ADD without errors: its sources and its destination.
pub fn copy_parts(inst: &Instruction) -> Option<(&[Arg], &Arg)> {
    if !matches!(inst.kind, Keyword::Copy | Keyword::Add) || inst.has_error {
        return None;
    }
    let (dest, sources) = inst.args.split_last()?;
    (!sources.is_empty()).then_some((sources, dest))
}

/// The source of a COPY/ADD that copies the whole build context (`.`, `./`, `*`, `./*`), if any;
/// `COPY --from` copies from a stage or image, not the context.
pub fn whole_context_source(inst: &Instruction) -> Option<&Arg> {
    if inst.flags.iter().any(|f| f.name() == "from") {
        return None;
    }
    let (sources, _) = copy_parts(inst)?;
    sources.iter().find(|s| matches!(s.value.as_str(), "." | "./" | "*" | "./*"))
}

/// What an ADD source is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// `https://…`, `http://…` (not a git repository).
    Url,
    /// A git repository: `git@…`, `git://…`, `https://….git`, `…​.git#ref`.
    Git,
    /// A local tar archive (`.tar`, `.tar.gz`, `.tgz`, `.tar.bz2`, `.tar.xz`, `.tar.zst`…), which ADD
    /// unpacks.
    Archive,
    /// A heredoc (`<<EOF`).
    Heredoc,
    /// A local file or folder.
    Local,
    /// Not known statically: it holds a variable.
    Unknown,
}

/// Extensions of the archives ADD unpacks (tar, and tar compressed with gzip, bzip2, xz or zstd).
const ARCHIVE_EXTENSIONS: &[&str] = &[
    ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz", ".tbz2", ".tar.xz", ".txz", ".tar.zst", ".tzst", ".gz", ".bz2",
    ".xz",
];

/// Classify an ADD/COPY source word.
pub fn source_kind(source: &str) -> SourceKind {
    let lower = source.to_ascii_lowercase();
    if lower.starts_with("<<") {
        return SourceKind::Heredoc;
    }
    let git = lower.starts_with("git@")
        || lower.starts_with("git://")
        || lower.starts_with("ssh://")
        || lower.split('#').next().is_some_and(|u| u.ends_with(".git"));
    if git {
        return SourceKind::Git;
    }
    if lower.starts_with("http://") || lower.starts_with("https://") {
        return SourceKind::Url;
    }
    if source.contains('$') {
        return SourceKind::Unknown;
    }
    if ARCHIVE_EXTENSIONS.iter().any(|e| lower.ends_with(e)) {
        return SourceKind::Archive;
    }
    // A wildcard may match archives, unless its name ends in a fixed extension (`*.py`).
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    if name.contains(['*', '?', '[']) {
        let fixed_extension =
            name.rsplit_once('.').is_some_and(|(_, ext)| !ext.is_empty() && !ext.contains(['*', '?', '[']));
        if !fixed_extension {
            return SourceKind::Unknown;
        }
    }
    SourceKind::Local
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources() {
        assert_eq!(source_kind("https://example.com/a.tar.gz"), SourceKind::Url);
        assert_eq!(source_kind("https://github.com/moby/buildkit.git#v0.14.0"), SourceKind::Git);
        assert_eq!(source_kind("git@github.com:moby/buildkit.git"), SourceKind::Git);
        assert_eq!(source_kind("rootfs.tar.xz"), SourceKind::Archive);
        assert_eq!(source_kind("vendor/*.tgz"), SourceKind::Archive);
        assert_eq!(source_kind("."), SourceKind::Local);
        assert_eq!(source_kind("app.py"), SourceKind::Local);
        assert_eq!(source_kind("$SRC"), SourceKind::Unknown);
        assert_eq!(source_kind("<<EOF"), SourceKind::Heredoc);
        assert_eq!(source_kind("sub/*"), SourceKind::Unknown);
        assert_eq!(source_kind("src/*.py"), SourceKind::Local);
    }
}
