//! USR001 final-stage-runs-as-root: the image runs its process as root: the final stage (and the
//! stages it builds on) has no USER, or the last one is `root`/`0` (`root:root`, `0:0`). A process that
//! is root in the container is root on the host's kernel: one escape away from the host.
//!
//! Not reported: bases that run as a non-root user by default (`gcr.io/distroless/*:nonroot`,
//! Chainguard, `*-rootless`, Bitnami…, the table in `model::knowledge`, plus `nonroot-bases`), images
//! whose start command drops privileges itself (`gosu`, `su-exec`, `setpriv`, `runuser`, `chroot
//! --userspec`), a USER whose value is only known at build time (`USER $APP_UID`), and Windows images
//! (whose users are not Linux's root).

use crate::diagnostic::Severity;
use crate::model::knowledge::is_nonroot_base;
use crate::model::shell::is_windows_stage;
use crate::model::Model;
use crate::rules::images::{final_chain, final_commands, final_root_image, final_user};
use crate::rules::{Finding, Fixable, OptionKind, Rule, RuleOption};
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
    check: Some(check),
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
    let extra = model.string_list_option("USR001", "nonroot-bases");
    if let Some(from) = final_root_image(model) {
        if from.image.repository().is_some_and(|repo| is_nonroot_base(repo, from.image.tag(), &extra)) {
            return Vec::new();
        }
    }
    if drops_privileges(model) {
        return Vec::new();
    }
    match final_user(model) {
        None => {
            let from = model.instruction(last.from);
            vec![Finding::new(from.keyword_span.cover(last.base_span), "The image runs as root: no USER is set")
                .label("the final stage starts here")
                .help("create a user and switch to it before CMD: `RUN useradd --uid 10001 app` then `USER 10001`")
                .note("if the base image already runs as a non-root user, list it in `[rules.USR001] nonroot-bases`")]
        }
        Some(step) => {
            let inst = model.instruction(step.index);
            let Some(arg) = inst.args.first() else { return Vec::new() };
            let Ok(expansion) = model.lexer.process_word(&arg.value, &|k| step.scope.get(k)) else { return Vec::new() };
            if !expansion.unmatched.is_empty() || !is_root(&expansion.result) {
                return Vec::new();
            }
            vec![Finding::new(arg.span, format!("The image runs as root: the last USER is `{}`", expansion.result))
                .label("root")
                .help("switch to a non-root user after the steps that need root: `USER 10001`")]
        }
    }
}

/// The start command, or a package the image installs, is a privilege-dropping helper.
fn drops_privileges(model: &Model) -> bool {
    let in_command = final_commands(model).into_iter().any(|i| {
        model.shell_script(i).commands.iter().any(|c| {
            c.name().is_some_and(|n| PRIVILEGE_DROPPERS.contains(&n))
                || (c.name() == Some("chroot") && c.args.iter().any(|a| a.as_str().starts_with("--userspec")))
        })
    });
    let installed = final_chain(model).iter().any(|stage| {
        model.commands(stage).filter(|(_, i)| i.kind == Keyword::Run).any(|(i, _)| {
            crate::model::packages::package_commands(model.shell_script(i))
                .iter()
                .any(|c| c.packages.iter().any(|p| p.name == "gosu" || p.name == "su-exec"))
        })
    });
    in_command || installed
}
