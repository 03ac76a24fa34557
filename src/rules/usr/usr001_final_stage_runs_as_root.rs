//! USR001 final-stage-runs-as-root: the image runs its process as root: the final stage (and the
//! stages it builds on) has no USER, or the last one is `root`/`0` (`root:root`, `0:0`). A process that
//! is root in the container is root on the host's kernel: one escape away from the host.
//!
//! Not reported: bases that run as a non-root user by default (`gcr.io/distroless/*:nonroot`, .NET
//! chiseled images, Chainguard, `*-rootless`, Bitnami…, the table in `model::knowledge`, plus
//! `nonroot-bases`), images whose start command drops privileges itself (`gosu`, `su-exec`, `setpriv`,
//! `runuser`, `chroot --userspec`) or that bring `gosu`/`su-exec` in for their entrypoint script, a USER
//! whose value is only known at build time (`USER $APP_UID`), `FROM scratch` images with nothing to run
//! (files to copy from), and Windows images (whose users are not Linux's root).

use crate::diagnostic::Severity;
use crate::model::knowledge::is_nonroot_base;
use crate::model::shell::is_windows_stage;
use crate::model::final_image::ImagePurpose;
use crate::model::stage_graph::mentions;
use crate::model::Model;
use crate::rules::images::{final_root_image, final_user};
use crate::rules::{Check, Finding, Fixable, OptionKind, Rule, RuleOption};
use crate::syntax::dockerfile::Keyword;

pub const RULE: Rule = Rule {
    code: "USR001",
    name: "final-stage-runs-as-root",
    severity: Severity::Warning,
    default_enabled: true,
    aliases: &["DL3002", "DS002", "CKV_DOCKER_3", "CKV_DOCKER_8"],
    summary: "The image runs as root: no USER in the final stage, or the last USER is root.",
    fixable: Fixable::No,
    options: &[RuleOption {
        name: "nonroot-bases",
        kind: OptionKind::StringList,
        default: "[]",
        doc: "Base images that already run as a non-root user, as repository patterns (`myorg/base-*`) or \
              `repository:tag` patterns (`myorg/python:*-nonroot`), added to the built-in list.",
        range: None,
    }],
    check: Check::Dockerfile(check),
};

/// Programs that start the real process as another user.
const PRIVILEGE_DROPPERS: &[&str] = &["gosu", "su-exec", "setpriv", "runuser", "setuidgid", "chpst", "s6-setuidgid"];

/// Whether a USER value names root: `root`, `0`, with any group.
pub fn is_root(user: &str) -> bool {
    let name = user.split(':').next().unwrap_or(user).trim();
    name == "root" || name == "0"
}

fn check(model: &Model) -> Vec<Finding> {
    let Some(last) = model.final_stage() else { return Vec::new() };
    if is_windows_stage(model, last) {
        return Vec::new();
    }
    if drops_privileges(model) || model.image_purpose() == ImagePurpose::Data {
        return Vec::new();
    }
    // An explicit last `USER root` is reported whatever the base; with no USER the base decides.
    if let Some(step) = final_user(model) {
        let inst = model.instruction(step.index);
        let Some(arg) = inst.args.first() else { return Vec::new() };
        let Ok(expansion) = model.lexer.process_word(&arg.value, &|k| step.scope.get(k)) else { return Vec::new() };
        if !expansion.unmatched.is_empty() || !is_root(&expansion.result) {
            return Vec::new();
        }
        return vec![Finding::new(arg.span, format!("The image runs as root: the last USER is `{}`", expansion.result))
            .label("root")
            .help("switch to a non-root user after the steps that need root: `USER 10001`")];
    }
    let extra = model.string_list_option("USR001", "nonroot-bases");
    if let Some(from) = final_root_image(model) {
        if from.image.repository().is_some_and(|repo| is_nonroot_base(repo, from.image.tag(), &extra)) {
            return Vec::new();
        }
    }
    let Some(from) = model.from_instruction(last) else { return Vec::new() };
    vec![Finding::new(from.keyword_span.cover(last.base_span), "The image runs as root: no USER is set")
        .label("the final stage starts here")
        .help("create a user and switch to it before CMD: `RUN useradd --uid 10001 app` then `USER 10001`")
        .note("if the base image already runs as a non-root user, list it in `[rules.USR001] nonroot-bases`")]
}

/// A word that names `gosu` or `su-exec`: the program, a path to it (`/usr/local/bin/gosu`), or a
/// download of it (`…/gosu-amd64`).
fn names_privilege_helper(word: &str) -> bool {
    let last = word.rsplit('/').next().unwrap_or(word);
    let last = last.split(':').next().unwrap_or(last);
    ["gosu", "su-exec"].iter().any(|h| last == *h || last.strip_prefix(h).is_some_and(|r| r.starts_with(['-', '.'])))
}

/// The start command drops privileges (`gosu`, `su-exec`, `setpriv`…), or the image brings `gosu` or
/// `su-exec` in for its entrypoint script to (installed, downloaded, built or copied from an image).
fn drops_privileges(model: &Model) -> bool {
    let in_command = model.final_commands().iter().any(|&i| {
        model.shell_script(i).commands.iter().any(|c| {
            let words: Vec<&str> = std::iter::once(&c.program).chain(&c.args).map(|w| w.as_str()).collect();
            let name = words.first().map(|w| w.rsplit('/').next().unwrap_or(w));
            words.iter().any(|w| names_privilege_helper(w) || PRIVILEGE_DROPPERS.contains(&w.rsplit('/').next().unwrap_or(w)))
                || (name == Some("chroot") && words.iter().any(|a| a.starts_with("--userspec")))
        })
    });
    let brought_in = model.final_chain().iter().any(|stage| {
        model.commands(stage).filter(|(_, i)| matches!(i.kind, Keyword::Run | Keyword::Copy | Keyword::Add)).any(|(_, i)| {
            mentions(i, names_privilege_helper)
                || i.flags.iter().any(|f| f.name() == "from" && f.value().is_some_and(names_privilege_helper))
        })
    });
    in_command || brought_in
}
