//! IGN001 dockerignore-missing-common-entries: the `.dockerignore` lets through what an ecosystem's
//! tools leave in a working copy: `node_modules` beside a `package.json`, Rust's `target`, Python's
//! `__pycache__` and virtual environments, .NET's `bin`/`obj`, an unused Go `vendor`, and `.git`. A
//! whole-context `COPY . .` sends them to the builder and into the image (host-built `node_modules`
//! even replace the ones the image installed).
//!
//! The ecosystem is detected from the context folder (`package.json`, `Cargo.toml`, `pyproject.toml`…)
//! and from what the Dockerfiles copy. BuildKit only sends what COPY/ADD ask for, so the rule speaks
//! only when a Dockerfile using this file copies the whole context (or none is known). `.git`,
//! virtual environments and `vendor` are named only when they exist in the context; an entry that a
//! Dockerfile copies from (`COPY target/app.jar`) is never asked for.

use std::path::Path;

use crate::diagnostic::Severity;
use crate::model::ignore_file::IgnoreModel;
use crate::rules::copies::{context_sources, whole_context_source};
use crate::rules::{Check, Edit, Finding, Fix, Fixable, Rule};
use crate::syntax::dockerignore::DockerIgnore;
use crate::syntax::source::Span;

pub const RULE: Rule = Rule {
    code: "IGN001",
    name: "dockerignore-missing-common-entries",
    severity: Severity::Warning,
    default_enabled: true,
    aliases: &[],
    summary: "`.dockerignore` does not exclude `.git` or the detected ecosystem's build output.",
    fixable: Fixable::Unsafe,
    options: &[],
    check: Check::Dockerignore(check),
};

/// An ecosystem: the files that show it is there, and what its tools leave behind.
struct Ecosystem {
    name: &'static str,
    /// File names at the context root (or copied by a Dockerfile) that show the ecosystem; a leading
    /// `*` matches any name with that ending.
    markers: &'static [&'static str],
    entries: &'static [Entry],
}

/// An entry a `.dockerignore` should have.
pub struct Entry {
    /// What to write.
    pub pattern: &'static str,
    /// Paths it should exclude; excluding any of them is enough (`bin` or `**/bin`).
    probes: &'static [&'static str],
    /// Asked for only when this exists in the context folder.
    only_if_present: Option<&'static str>,
    why: &'static str,
}

const ALWAYS: Entry = Entry {
    pattern: ".git",
    probes: &[".git/HEAD"],
    only_if_present: Some(".git"),
    why: "the repository's history is sent with every whole-context COPY",
};

const ECOSYSTEMS: &[Ecosystem] = &[
    Ecosystem {
        name: "Node.js",
        markers: &["package.json", "package-lock.json", "yarn.lock", "pnpm-lock.yaml"],
        entries: &[Entry {
            pattern: "node_modules",
            probes: &["node_modules/x"],
            only_if_present: None,
            why: "host-installed packages are sent, and `COPY . .` overwrites the ones the image installed",
        }],
    },
    Ecosystem {
        name: "Rust",
        markers: &["Cargo.toml", "Cargo.lock"],
        entries: &[Entry {
            pattern: "target",
            probes: &["target/x"],
            only_if_present: None,
            why: "Cargo's build folder is often gigabytes",
        }],
    },
    Ecosystem {
        name: "Python",
        markers: &["pyproject.toml", "requirements.txt", "setup.py", "Pipfile", "poetry.lock", "uv.lock"],
        entries: &[
            Entry {
                pattern: "**/__pycache__",
                probes: &["__pycache__/x.pyc", "app/__pycache__/x.pyc"],
                only_if_present: None,
                why: "bytecode caches are rebuilt in the image anyway",
            },
            Entry { pattern: ".venv", probes: &[".venv/x"], only_if_present: Some(".venv"), why: "a host virtual environment does not run in the image" },
            Entry { pattern: "venv", probes: &["venv/x"], only_if_present: Some("venv/pyvenv.cfg"), why: "a host virtual environment does not run in the image" },
        ],
    },
    Ecosystem {
        name: ".NET",
        markers: &["*.csproj", "*.fsproj", "*.vbproj", "*.sln"],
        entries: &[
            Entry { pattern: "**/bin", probes: &["bin/x", "src/App/bin/x"], only_if_present: None, why: "build output is rebuilt in the image" },
            Entry { pattern: "**/obj", probes: &["obj/x", "src/App/obj/x"], only_if_present: None, why: "intermediate build files clash with the image's restore" },
        ],
    },
    Ecosystem {
        name: "Go",
        markers: &["go.mod"],
        entries: &[Entry {
            pattern: "vendor",
            probes: &["vendor/x"],
            only_if_present: Some("vendor"),
            why: "without `vendor/modules.txt` Go does not use the folder, so it is dead weight",
        }],
    },
];

fn check(model: &IgnoreModel) -> Vec<Finding> {
    let dir = model.context.map(|c| c.spec().dir.as_path());
    let mut copies_whole_context = model.dockerfiles.is_empty();
    let mut copied_paths: Vec<String> = Vec::new();
    for (used, dockerfile) in model.dockerfile_models() {
        copies_whole_context |= used.tree.instructions.iter().any(|inst| whole_context_source(inst).is_some());
        copied_paths.extend(context_sources(&dockerfile).into_iter().map(|copied| copied.path));
    }
    if !copies_whole_context {
        return Vec::new();
    }
    let ignore = &model.file.ignore;
    let wanted = wanted_entries(dir, &copied_paths);
    let first_line = first_line_span(&model.file.text);
    let text = &model.file.text;
    // Appended as the last line: after any `!` exception that re-included such files, which is why
    // the fix is unsafe.
    let append = |pattern: &str| {
        let newline = if text.is_empty() || text.ends_with('\n') { "" } else { "\n" };
        let edit = Edit::insert(text.len(), format!("{newline}{pattern}\n"));
        Fix::unsafe_(format!("Add `{pattern}` as the last line"), vec![edit])
    };
    wanted
        .into_iter()
        .filter(|(entry, _)| !excludes_any(ignore, entry.probes))
        .map(|(entry, reason)| {
            Finding::new(first_line, format!("`.dockerignore` does not exclude `{}`: {reason} detected", entry.pattern))
                .label(format!("add `{}`", entry.pattern))
                .note(entry.why)
                .help(format!("add a line `{}`", entry.pattern))
                .fix(append(entry.pattern))
        })
        .collect()
}

/// The entries a `.dockerignore` of the context `dir` should have, with why: `.git` when there is a
/// repository, and the build output of each ecosystem detected (by marker files in the context or copied
/// by the Dockerfiles), except what a Dockerfile copies from explicitly (`copied_paths`, the context paths
/// the Dockerfiles' COPY and ADD sources name).
pub fn wanted_entries(dir: Option<&Path>, copied_paths: &[String]) -> Vec<(&'static Entry, String)> {
    let copied_names: Vec<String> =
        copied_paths.iter().map(|p| p.rsplit('/').next().unwrap_or_default().to_owned()).collect();
    let present = |path: &str| dir.is_some_and(|d| d.join(path).symlink_metadata().is_ok());
    let copied_from = |entry: &Entry| {
        let folder = entry.pattern.trim_start_matches("**/");
        copied_paths.iter().any(|p| p == folder || p.starts_with(&format!("{folder}/")) || p.contains(&format!("/{folder}/")))
    };
    let mut wanted: Vec<(&'static Entry, String)> = Vec::new();
    if present(".git") {
        wanted.push((&ALWAYS, "a git repository".to_owned()));
    }
    for ecosystem in ECOSYSTEMS {
        let Some(reason) = detect(ecosystem, dir, &copied_names) else { continue };
        for entry in ecosystem.entries {
            if entry.only_if_present.is_some_and(|p| !present(p)) {
                continue;
            }
            if entry.pattern == "vendor" && present("vendor/modules.txt") {
                continue;
            }
            wanted.push((entry, format!("{} ({reason})", ecosystem.name)));
        }
    }
    wanted.retain(|(entry, _)| !copied_from(entry));
    wanted
}

/// Why the ecosystem is detected, if it is: a marker file in the context or copied by a Dockerfile.
fn detect(ecosystem: &Ecosystem, dir: Option<&Path>, copied_names: &[String]) -> Option<String> {
    let matches = |name: &str, marker: &str| match marker.strip_prefix('*') {
        Some(ending) => name.ends_with(ending),
        None => name == marker,
    };
    if let Some(dir) = dir {
        for marker in ecosystem.markers {
            if let Some(ending) = marker.strip_prefix('*') {
                let found = std::fs::read_dir(dir).into_iter().flatten().flatten().find_map(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    name.ends_with(ending).then_some(name)
                });
                if let Some(name) = found {
                    return Some(format!("`{name}` in the context"));
                }
            } else if dir.join(marker).is_file() {
                return Some(format!("`{marker}` in the context"));
            }
        }
    }
    let copied = copied_names.iter().find(|name| ecosystem.markers.iter().any(|m| matches(name, m)))?;
    Some(format!("the Dockerfile copies `{copied}`"))
}

fn excludes_any(ignore: &DockerIgnore, probes: &[&str]) -> bool {
    probes.iter().any(|probe| ignore.decide(probe).is_ok_and(|d| d.excluded))
}

/// The first line of the file (where a finding about the file as a whole is shown).
fn first_line_span(text: &str) -> Span {
    Span::new(0, text.find(['\n', '\r']).unwrap_or(text.len()))
}
