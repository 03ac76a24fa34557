//! CTX003 add-instead-of-copy: ADD of local files or folders that are not archives. ADD also unpacks
//! local tar archives and fetches URLs; for plain files that magic only surprises (a `.tar.gz` someone
//! meant to copy as is gets unpacked), and COPY says what happens. Sources are judged as they expand;
//! one that cannot be expanded is not judged.

use crate::diagnostic::Severity;
use crate::model::dispatch::dispatch;
use crate::model::Model;
use crate::rules::copies::{copy_parts, source_kind, SourceKind};
use crate::rules::{replace_written, Check, Finding, Fix, Fixable, Rule};
use crate::syntax::dockerfile::Keyword;

pub const RULE: Rule = Rule {
    code: "CTX003",
    name: "add-instead-of-copy",
    severity: Severity::Warning,
    default_enabled: true,
    aliases: &["DL3020", "DS005", "CKV_DOCKER_4"],
    summary: "ADD of local files that are not archives; use COPY.",
    fixable: Fixable::Unsafe,
    options: &[],
    check: Check::Dockerfile(check),
};

/// The flags ADD and COPY share, with the same meaning.
const COPY_FLAGS: [&str; 5] = ["chown", "chmod", "link", "exclude", "parents"];

fn check(model: &Model) -> Vec<Finding> {
    let mut findings = Vec::new();
    dispatch(model, |_, _, inst, scope| {
        if inst.kind != Keyword::Add {
            return;
        }
        let Some((sources, _)) = copy_parts(inst) else { return };
        // Sources are judged as they expand (`ADD ${PACKAGE_URL} /tmp/` with a URL default is remote).
        let expand = |w: &str| match model.lexer.process_word(w, &|k| scope.get(k)) {
            Ok(e) if e.unmatched.is_empty() => e.result,
            _ => w.to_string(),
        };
        let kinds: Vec<SourceKind> = sources.iter().map(|s| source_kind(&expand(&s.value))).collect();
        // With an archive (or a source that may be one) among the sources, ADD is doing its job.
        if kinds.iter().any(|k| matches!(k, SourceKind::Archive | SourceKind::Unknown)) {
            return;
        }
        let Some((local, kind)) = sources.iter().zip(&kinds).find(|(_, k)| matches!(k, SourceKind::Local | SourceKind::Heredoc)) else {
            return;
        };
        let what = if *kind == SourceKind::Heredoc { "a heredoc" } else { "a local file or folder" };
        let finding = Finding::new(inst.keyword_span, "Use COPY instead of ADD for files and folders")
            .label("ADD also unpacks archives and fetches URLs")
            .secondary(local.span, what)
            .help("write `COPY`: it copies exactly what it is given; keep ADD for URLs and for archives you want unpacked");
        // COPY does the same only when every source is local and every flag is one COPY takes.
        let all_local = kinds.iter().all(|k| matches!(k, SourceKind::Local | SourceKind::Heredoc));
        let copy_flags = inst.flags.iter().all(|f| COPY_FLAGS.contains(&f.name()));
        let copy = if inst.keyword.chars().all(|c| c.is_ascii_lowercase()) { "copy" } else { "COPY" };
        // ADD recognises archives by their content: only sources read from the context and found to
        // be folders or non-archive files make the rewrite safe.
        let root = match model.build_context() {
            Some(Ok(context)) => Some(context.root()),
            _ => None,
        };
        let checked = root.is_some_and(|root| {
            sources.iter().zip(&kinds).all(|(s, k)| *k == SourceKind::Heredoc || copied_as_is(root, &expand(&s.value)))
        });
        let message = format!("Write `{copy}`");
        match replace_written(model, inst.keyword_span, &inst.keyword, copy).filter(|_| all_local && copy_flags) {
            Some(edit) if checked => findings.push(finding.fix(Fix::safe(message, vec![edit]))),
            Some(edit) => findings.push(finding.fix(Fix::unsafe_(message, vec![edit]))),
            None => findings.push(finding),
        }
    });
    findings
}

/// Whether ADD copies `source` exactly as COPY would: it is a folder of the context, or a file whose
/// first bytes are none of the archives ADD unpacks (tar, gzip, bzip2, xz, zstd). Globs and paths
/// leaving the context are not judged.
fn copied_as_is(root: &std::path::Path, source: &str) -> bool {
    let relative = source.trim_start_matches("./").trim_start_matches('/');
    if relative.contains(['*', '?', '[', '$']) || relative.split('/').any(|part| part == "..") {
        return false;
    }
    let path = root.join(relative);
    let Ok(meta) = std::fs::metadata(&path) else { return false };
    if meta.is_dir() {
        return true;
    }
    let mut head = [0u8; 512];
    let Ok(mut file) = std::fs::File::open(&path) else { return false };
    let read = std::io::Read::read(&mut file, &mut head).unwrap_or(0);
    let head = &head[..read];
    let compressed = head.starts_with(&[0x1f, 0x8b])
        || head.starts_with(b"BZh")
        || head.starts_with(&[0xfd, b'7', b'z', b'X', b'Z', 0x00])
        || head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]);
    let tar = head.get(257..262) == Some(b"ustar".as_slice());
    !(compressed || tar)
}

#[cfg(test)]
mod tests {
    use super::copied_as_is;

    #[test]
    fn archives_are_told_by_their_bytes_not_their_names() {
        let dir = std::env::temp_dir().join(format!("layerlint-ctx003-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("folder")).unwrap();
        std::fs::write(dir.join("app.py"), "print('hi')\n").unwrap();
        std::fs::write(dir.join("bundle.bin"), [0x1f, 0x8b, 8, 0, 0, 0]).unwrap();
        let mut tar = vec![0u8; 512];
        tar[257..262].copy_from_slice(b"ustar");
        std::fs::write(dir.join("plain-name"), tar).unwrap();
        assert!(copied_as_is(&dir, "app.py"));
        assert!(copied_as_is(&dir, "./folder"));
        assert!(!copied_as_is(&dir, "bundle.bin"), "gzip by content");
        assert!(!copied_as_is(&dir, "plain-name"), "tar by content");
        assert!(!copied_as_is(&dir, "missing.txt"));
        assert!(!copied_as_is(&dir, "*.py"), "globs are not judged");
        assert!(!copied_as_is(&dir, "../outside"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
