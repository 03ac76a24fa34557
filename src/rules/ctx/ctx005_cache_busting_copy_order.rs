//! CTX005 cache-busting-copy-order: a COPY of the whole build context (`COPY . .`) comes before the
//! RUN that installs the project's dependencies (`npm ci`, `pip install -r requirements.txt`,
//! `bundle install`, `go mod download`…) in the same stage. Any change to any file then invalidates the
//! COPY layer and every layer after it: the dependencies are downloaded again on every code change.
//! Copy the manifests first, install, then copy the rest.

use crate::diagnostic::Severity;
use crate::model::shell::ShellCommand;
use crate::model::stage_graph::mentions;
use crate::model::Model;
use crate::rules::copies::whole_context_source;
use crate::rules::{Check, Finding, Fixable, Rule};
use crate::syntax::dockerfile::Keyword;

pub const RULE: Rule = Rule {
    code: "CTX005",
    name: "cache-busting-copy-order",
    severity: Severity::Warning,
    default_enabled: true,
    aliases: &[],
    summary: "The whole context is copied before the dependency install: every change reinstalls.",
    fixable: Fixable::No,
    options: &[],
    check: Check::Dockerfile(check),
};

/// Programs whose dependency installs are looked for.
fn is_installer(word: &str) -> bool {
    matches!(word, "npm" | "yarn" | "pnpm" | "pip" | "pip3" | "poetry" | "pipenv" | "bundle" | "go" | "cargo" | "composer" | "mvn" | "uv" | "dotnet")
}

/// A command that installs the project's dependencies from its manifests, and which manifest it reads.
fn dependency_install(command: &ShellCommand) -> Option<&'static str> {
    let words = command.effective_words();
    let (program, args) = words.split_first()?;
    let program = program.rsplit('/').next().unwrap_or(program);
    let positional: Vec<&str> = args.iter().copied().filter(|a| !a.starts_with('-')).collect();
    let sub = positional.first().copied();
    match (program, sub) {
        ("npm", Some("ci")) => Some("package.json and package-lock.json"),
        ("npm", Some("install" | "i")) if positional.len() == 1 => Some("package.json and package-lock.json"),
        ("yarn", None | Some("install")) if positional.len() <= 1 && args.iter().all(|a| a.starts_with('-') || *a == "install") => {
            Some("package.json and yarn.lock")
        }
        ("pnpm", Some("install" | "i")) if positional.len() == 1 => Some("package.json and pnpm-lock.yaml"),
        ("pip" | "pip3", Some("install")) if args.iter().any(|a| matches!(*a, "-r" | "--requirement") || a.starts_with("--requirement=")) => {
            Some("the requirements file")
        }
        ("poetry", Some("install")) => Some("pyproject.toml and poetry.lock"),
        ("pipenv", Some("install" | "sync")) => Some("Pipfile and Pipfile.lock"),
        ("uv", Some("sync")) => Some("pyproject.toml and uv.lock"),
        ("bundle", Some("install")) | ("bundle", None) => Some("Gemfile and Gemfile.lock"),
        ("go", Some("mod")) if positional.get(1) == Some(&"download") => Some("go.mod and go.sum"),
        ("cargo", Some("fetch")) => Some("Cargo.toml and Cargo.lock"),
        ("dotnet", Some("restore")) => Some("the project files (`*.csproj`) and their lock files"),
        ("composer", Some("install")) => Some("composer.json and composer.lock"),
        ("mvn", _) if args.iter().any(|a| a.starts_with("dependency:go-offline") || a.starts_with("dependency:resolve")) => Some("pom.xml"),
        _ => None,
    }
}

fn check(model: &Model) -> Vec<Finding> {
    let mut findings = Vec::new();
    for stage in &model.stages {
        let mut whole_copy = None;
        for (index, inst) in model.commands(stage) {
            if matches!(inst.kind, Keyword::Copy | Keyword::Add) && whole_copy.is_none() {
                whole_copy = whole_context_source(inst);
                continue;
            }
            let Some(copy) = whole_copy else { continue };
            if inst.kind != Keyword::Run || inst.has_error || !mentions(inst, is_installer) {
                continue;
            }
            let Some(manifest) = model.shell_script(index).commands.iter().find_map(dependency_install) else { continue };
            findings.push(
                Finding::new(copy.span, "The whole build context is copied before the dependencies are installed")
                    .label("any change to any file invalidates this layer and the install after it")
                    .secondary(inst.keyword_span, "the install runs again on every change")
                    .help(format!("copy {manifest} first, install, then copy the rest of the context")),
            );
            break;
        }
    }
    findings
}
