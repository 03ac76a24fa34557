//! SYN010 workdir-relative-path: the first WORKDIR of a stage is a relative path (BuildKit's
//! WorkdirRelativePath). It is then relative to whatever working directory the base image sets, which
//! changes when the base image does. Later relative WORKDIRs build on the first and are fine, and so is a
//! relative WORKDIR in a stage built on an earlier stage that set one (BuildKit inherits `workdirSet`).
//! In a Windows stage ([`is_windows_stage`]) a drive path (`C:\app`, `c:/app`) is absolute, as
//! BuildKit resolves it on Windows.

use crate::diagnostic::Severity;
use crate::model::shell::is_windows_stage;
use crate::model::Model;
use crate::rules::{is_written, Check, Edit, Finding, Fix, Fixable, Rule};
use crate::model::dispatch::dispatch;
use crate::syntax::dockerfile::Keyword;

pub const RULE: Rule = Rule {
    code: "SYN010",
    name: "workdir-relative-path",
    severity: Severity::Warning,
    default_enabled: true,
    aliases: &["DL3000", "WorkdirRelativePath"],
    summary: "The first WORKDIR of a stage is relative.",
    fixable: Fixable::Unsafe,
    options: &[],
    check: Check::Dockerfile(check),
};

fn check(model: &Model) -> Vec<Finding> {
    let mut findings = Vec::new();
    dispatch(model, |stage, _, inst, scope| {
        if inst.kind != Keyword::Workdir || inst.has_error || scope.workdir_set {
            return;
        }
        let Some(arg) = inst.args.first() else { return };
        let Ok(path) = model.lexer.process_word(&arg.value, &|k| scope.get(k)) else { return };
        // The word as written too: with the default escape, `C:\app` expands to `C:app`.
        let drive = is_drive_path(&path.result) || is_drive_path(&arg.value);
        let absolute = path.result.starts_with('/') || (drive && is_windows_stage(model, stage));
        if !absolute {
            let finding =
                Finding::new(arg.span, format!("Relative workdir {:?} can have unexpected results if the base image changes", path.result))
                    .label("relative to the base image's working directory")
                    .help("use an absolute path");
            // Unsafe: `/app` is where `app` was only when the base image's WORKDIR is `/`.
            let fix = Fix::unsafe_(format!("Write `/{}`", arg.value), vec![Edit::insert(arg.span.start, "/")]);
            findings.push(if is_written(model, arg.span, &arg.value) { finding.fix(fix) } else { finding });
        }
    });
    findings
}

/// `C:\\app`, `c:/app`, or a bare `C:`: absolute on Windows.
fn is_drive_path(path: &str) -> bool {
    let bytes = path.as_bytes();
    bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' && matches!(bytes.get(2), None | Some(b'\\' | b'/'))
}
