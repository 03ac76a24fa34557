//! MS001 build-tools-in-final-stage: the image that ships (the final stage and the stages it builds
//! on) installs compilers, build systems or development headers (`gcc`, `make`, `build-essential`,
//! `*-dev`/`*-devel`, `golang`, `rustup`…), or a Node project's development dependencies, and does not
//! remove them. They are needed to build, not to run: hundreds of megabytes and a larger attack surface.
//!
//! Only application images are checked (see `images::ImagePurpose`): not base images whose CMD is a
//! bare interpreter (`CMD ["python3"]`), nor environments that set nothing to run. Also not reported:
//! tools installed in a build stage whose output is copied into the final one (that is the fix), tools
//! removed again in the stage (`apt-get purge`, `apk del` of an `--virtual` group, Debian's
//! `apt-mark auto` + `purge --auto-remove` idiom), images whose ENTRYPOINT/CMD runs a build tool (build
//! and CI images: the tools are the product), and development images (dev containers, `-devel` bases,
//! final stages named `dev`).

use std::collections::BTreeMap;

use crate::diagnostic::Severity;
use crate::model::shell::ShellCommand;
use crate::model::stage_graph::{build_tools_of, mentions};
use crate::model::final_image::ImagePurpose;
use crate::model::Model;
use crate::rules::images::{is_dev_image, runs_build_script, runs_tool};
use crate::rules::{Check, Finding, Fixable, Rule};
use crate::syntax::dockerfile::Keyword;
use crate::syntax::source::Span;

pub const RULE: Rule = Rule {
    code: "MS001",
    name: "build-tools-in-final-stage",
    severity: Severity::Warning,
    default_enabled: true,
    aliases: &[],
    summary: "The final stage installs compilers, build tools or development packages.",
    fixable: Fixable::No,
    options: &[],
    check: Check::Dockerfile(check),
};

/// Commands whose use as ENTRYPOINT/CMD makes the image a build tool itself. `npm start` runs an
/// application, so the Node package managers count only with a build subcommand.
const TOOL_PROGRAMS: &[&str] = &[
    "gcc", "g++", "cc", "c++", "clang", "make", "cmake", "ninja", "meson", "go", "cargo", "rustc", "mvn", "mvnw",
    "gradle", "gradlew", "javac", "bazel", "bazelisk", "node-gyp", "esy", "opam", "dune", "cabal", "stack", "conan", "ballerina", "bal",
    "zig", "npm test", "npm ci", "npm install", "npm run build",
    "npm run test", "npm run lint", "yarn test", "yarn build", "yarn lint", "yarn install", "pnpm test", "pnpm build",
    "npm $", "yarn $", "pnpm $",
];

fn check(model: &Model) -> Vec<Finding> {
    if model.image_purpose() != ImagePurpose::Application || runs_tool(model, TOOL_PROGRAMS) || runs_build_script(model) || is_dev_image(model) {
        return Vec::new();
    }
    let final_index = model.final_stage().map(|s| s.index);
    let mut findings = Vec::new();
    let mut reported: Vec<String> = Vec::new();
    // Stages in build order, so a package reinstalled later (a security update) is reported once, first.
    for stage in model.final_chain().into_iter().rev() {
        let tools = build_tools_of(model, stage);
        // One finding per RUN, at its first tool.
        let mut by_run: BTreeMap<usize, Vec<(&str, Span)>> = BTreeMap::new();
        for tool in tools.iter().filter(|t| !t.removed) {
            if reported.contains(&tool.name) {
                continue;
            }
            reported.push(tool.name.clone());
            by_run.entry(tool.instruction).or_default().push((&tool.name, tool.span));
        }
        for tools in by_run.values() {
            let names: Vec<&str> = tools.iter().map(|(n, _)| *n).collect();
            let mut finding = Finding::new(tools[0].1, format!("The final image keeps build tools: {}", names.join(", ")))
                .label("needed to build, not to run")
                .help("install them in a build stage (`FROM … AS build`) and `COPY --from=build` only what it produces; or remove them in the same RUN");
            for (_, span) in &tools[1..] {
                finding = finding.secondary(*span, "also a build tool");
            }
            if Some(stage.index) != final_index {
                finding = finding.note(format!("installed in stage {}, which the final stage builds on", stage_label(stage)));
            }
            findings.push(finding);
        }
    }
    findings.extend(dev_dependency_installs(model));
    findings
}

fn stage_label(stage: &crate::model::Stage) -> String {
    stage.name.as_ref().map_or_else(|| format!("{}", stage.index), |n| format!("`{n}`"))
}

/// `npm install`/`npm ci`/`yarn install` of a project's dependencies without leaving out the
/// development ones, in the image that ships, unless `NODE_ENV=production` or a later `npm prune` does.
fn dev_dependency_installs(model: &Model) -> Vec<Finding> {
    let chain = model.final_chain();
    let mut found: Vec<(usize, Span)> = Vec::new();
    let mut pruned_after: Option<usize> = None;
    for step in &model.dispatch().steps {
        if !chain.iter().any(|s| s.index == step.stage) || step.trigger.is_some() {
            continue;
        }
        let inst = model.instruction(step.index);
        if inst.kind != Keyword::Run || inst.has_error {
            continue;
        }
        let production_env = step.scope.get("NODE_ENV").is_some_and(|v| v == "production");
        if !mentions(inst, |w| matches!(w, "npm" | "yarn" | "pnpm")) {
            continue;
        }
        for command in &model.shell_script(step.index).commands {
            if is_prune(command) {
                pruned_after = Some(step.index);
            }
            let production = production_env
                || command.assignments.iter().any(|a| a.name == "NODE_ENV" && a.value.is("production"));
            if !production && installs_dev_dependencies(command) {
                found.push((step.index, command.span));
            }
        }
    }
    found
        .into_iter()
        .filter(|(index, _)| pruned_after.is_none_or(|p| p < *index))
        .map(|(_, span)| {
            Finding::new(span, "The final image installs the project's development dependencies")
                .label("installs devDependencies too")
                .help("install with `npm ci --omit=dev` (`yarn install --production`), or build in an earlier stage and copy only the result")
        })
        .collect()
}

/// Options of a project install that change how, not what, it installs.
const INSTALL_FLAGS: &[&str] = &[
    "--frozen-lockfile", "--immutable", "--pure-lockfile", "--prefer-offline", "--ignore-scripts", "--network-timeout",
    "--non-interactive", "--silent", "--no-progress", "--no-audit", "--no-fund", "--loglevel", "--unsafe-perm",
    "--legacy-peer-deps", "--check-files", "--verbose", "--ci", "--no-optional", "--cache", "--registry",
];

/// `npm install`/`npm i`/`npm ci`, `yarn`/`yarn install`, `pnpm install` of the project (no package names)
/// without a production-only flag.
fn installs_dev_dependencies(command: &ShellCommand) -> bool {
    let positional = command.positional();
    let sub = positional.first().map(|w| w.as_str());
    // A bare `yarn` installs; `yarn --version` does not: only install options may come with it.
    let only_install_flags = command.flags().iter().all(|f| INSTALL_FLAGS.contains(&f.name) || f.name.starts_with("--omit") || matches!(f.name, "--production" | "--prod" | "-P" | "--only"));
    let project_install = match command.name() {
        Some("npm") => matches!(sub, Some("install" | "i" | "ci")) && positional.len() == 1 && only_install_flags,
        Some("yarn") => matches!(sub, None | Some("install")) && positional.len() <= 1 && only_install_flags,
        Some("pnpm") => matches!(sub, Some("install" | "i")) && positional.len() == 1,
        _ => false,
    };
    let production_only = command.flags().iter().any(|f| {
        matches!(f.name, "--production" | "--prod" | "-P")
            || (f.name == "--omit" && f.value == Some("dev"))
            || (f.name == "--only" && matches!(f.value, Some("prod" | "production")))
    }) || command.args.windows(2).any(|w| w[0].is("--omit") && w[1].is("dev"));
    project_install && !production_only && command.substitution_depth == 0
}

/// `npm prune --production` / `--omit=dev`: development dependencies removed.
fn is_prune(command: &ShellCommand) -> bool {
    command.name() == Some("npm")
        && command.positional().first().is_some_and(|w| w.is("prune"))
        && command.flags().iter().any(|f| f.name == "--production" || f.name == "--omit")
}
