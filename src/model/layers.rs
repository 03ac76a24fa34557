//! The layers of the image that ships, as far as they can be known from the Dockerfile: for every RUN,
//! COPY and ADD of the final stage and the stages it builds on, the paths it adds (COPY/ADD destinations, files a RUN downloads), the paths a RUN deletes,
//! recursively chowns or chmods, and the archives it downloads and unpacks. Paths are absolute, resolved
//! against the WORKDIR in effect, with `.` and `..` folded. Computed once per file ([`Model::layers`]).
//!
//! Only what is written out is known: a path with a variable the stage does not set, a `cd` before a
//! relative path, or a file a script writes by other means is not recorded, and the rules that read
//! this stay silent about it.

use super::dispatch::join_workdir;
use super::shell::{ShellCommand, Word};
use super::stage_graph::mentions;
use super::Model;
use crate::syntax::dockerfile::Keyword;
use crate::syntax::source::Span;

/// A path an instruction touches, and where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathUse {
    /// Absolute and normalized; a trailing `/*` or `*` is kept as written (`/var/lib/apt/lists/*`).
    pub path: String,
    pub span: Span,
}

/// A file a RUN downloads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Download {
    pub file: PathUse,
    /// The same RUN unpacks it (`tar -x…`, `unzip`).
    pub extracted: bool,
    /// The same RUN deletes it afterwards.
    pub removed: bool,
}

/// One layer: a RUN, COPY or ADD.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layer {
    pub stage: usize,
    pub instruction: usize,
    pub kind: Keyword,
    /// COPY/ADD: the destination (for several sources or a folder destination, the folder).
    pub adds: Vec<PathUse>,
    /// RUN: paths given to `rm`.
    pub removes: Vec<PathUse>,
    /// RUN: paths given to `chown -R` / `chmod -R`.
    pub recursive_owner_changes: Vec<PathUse>,
    /// RUN: files downloaded with `curl -o`/`-O` or `wget [-O]`.
    pub downloads: Vec<Download>,
}

/// The words that make a RUN worth parsing for layer facts.
fn interesting(word: &str) -> bool {
    matches!(word, "rm" | "chown" | "chmod" | "curl" | "wget" | "tar" | "unzip")
}

/// Every layer of the image that ships (the final stage and the stages it is built on), in order: a
/// build stage's layers are never pulled, so no rule asks about them, and their RUNs are not parsed.
pub fn compute(model: &Model) -> Vec<Layer> {
    let mut layers = Vec::new();
    let shipped: Vec<usize> = model.final_chain().iter().map(|s| s.index).collect();
    for step in model.dispatch().steps.iter().filter(|s| s.trigger.is_none() && shipped.contains(&s.stage)) {
        let inst = model.instruction(step.index);
        if inst.has_error || !matches!(inst.kind, Keyword::Run | Keyword::Copy | Keyword::Add) {
            continue;
        }
        let workdir = step.scope.workdir.as_deref();
        let mut layer = Layer {
            stage: step.stage,
            instruction: step.index,
            kind: inst.kind,
            adds: Vec::new(),
            removes: Vec::new(),
            recursive_owner_changes: Vec::new(),
            downloads: Vec::new(),
        };
        if inst.kind == Keyword::Run {
            if mentions(inst, interesting) {
                read_run(&model.shell_script(step.index).commands, workdir, &mut layer);
            }
        } else if let Some((dest, sources)) = inst.args.split_last() {
            let expanded = model.lexer.process_word(&dest.value, &|k| step.scope.get(k)).ok();
            if let Some(e) = expanded.filter(|e| e.unmatched.is_empty()) {
                let dest_path = absolute(workdir, &e.result);
                let into_folder = e.result.ends_with('/') || sources.len() > 1;
                for source in sources {
                    // A file copied into a folder lands as folder/name; a folder's contents land in the
                    // folder itself. Which a source is only the context can tell: a name with an
                    // extension is taken as a file; anything else (and a wildcard or a heredoc) is
                    // recorded as the destination folder.
                    let name = source.value.rsplit('/').next().unwrap_or("");
                    let has_extension =
                        name.rsplit_once('.').is_some_and(|(stem, ext)| !stem.is_empty() && !ext.is_empty());
                    let plain = has_extension && !name.contains(['*', '?', '[', '$']) && !name.starts_with("<<");
                    let path = if into_folder && plain {
                        format!("{}/{name}", dest_path.trim_end_matches('/'))
                    } else {
                        dest_path.clone()
                    };
                    if !layer.adds.iter().any(|a| a.path == path) {
                        layer.adds.push(PathUse { path, span: dest.span });
                    }
                }
            }
        }
        layers.push(layer);
    }
    layers
}

/// A path resolved against the working directory, with `.`, `..` and repeated `/` folded.
pub fn absolute(workdir: Option<&str>, path: &str) -> String {
    let joined = join_workdir(workdir, path);
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    format!("/{}", parts.join("/"))
}

/// Whether deleting `removed` (a path, possibly with `*` wildcards: `/tmp/pip-*`) deletes `path`: it
/// matches the path or one of its folders.
pub fn deletes(removed: &str, path: &str) -> bool {
    let mut prefix = String::new();
    for part in path.split('/').filter(|p| !p.is_empty()) {
        prefix.push('/');
        prefix.push_str(part);
        if crate::model::knowledge::glob_match(removed.trim_end_matches('/'), &prefix) {
            return true;
        }
    }
    false
}

/// Whether `inner` is `outer` or lies inside it (`outer` may end in `*`: `/var/lib/apt/lists/*`).
pub fn is_within(inner: &str, outer: &str) -> bool {
    let outer = outer.trim_end_matches('*').trim_end_matches('/');
    let inner = inner.trim_end_matches('*').trim_end_matches('/');
    outer.is_empty() || inner == outer || inner.strip_prefix(outer).is_some_and(|rest| rest.starts_with('/'))
}

fn static_path(word: &Word, workdir: Option<&str>) -> Option<PathUse> {
    let value = word.value.as_deref()?;
    (!value.is_empty()).then(|| PathUse { path: absolute(workdir, value), span: word.span })
}

/// The layer facts of a RUN's commands. A `cd` makes later relative paths unknown: they are skipped.
fn read_run(commands: &[ShellCommand], workdir: Option<&str>, layer: &mut Layer) {
    let mut cwd_known = true;
    for command in commands.iter().filter(|c| c.substitution_depth == 0) {
        let relative_ok = |w: &Word| cwd_known || w.value.as_deref().is_some_and(|v| v.starts_with('/'));
        match command.name() {
            Some("cd" | "pushd" | "popd") => cwd_known = false,
            Some("rm") => {
                let paths =
                    command.positional().into_iter().filter(|w| relative_ok(w)).filter_map(|w| static_path(w, workdir));
                layer.removes.extend(paths);
            }
            Some("chown" | "chmod") if command.has_flag(&["-R", "--recursive"]) => {
                // The first operand is the owner or mode.
                let paths = command
                    .positional()
                    .into_iter()
                    .skip(1)
                    .filter(|w| relative_ok(w))
                    .filter_map(|w| static_path(w, workdir));
                layer.recursive_owner_changes.extend(paths);
            }
            Some("curl" | "wget") if command.pipeline.index + 1 == command.pipeline.len => {
                if let Some((name, word)) = download_target(command).filter(|(n, _)| cwd_known || n.starts_with('/')) {
                    let file = PathUse { path: absolute(workdir, &name), span: word.span };
                    layer.downloads.push(Download { file, extracted: false, removed: false });
                }
            }
            Some("tar") if command.has_flag(&["-x", "--extract", "--get"]) || first_bundle_extracts(command) => {
                mark(&mut layer.downloads, command, workdir, Naming::Exact, |d| d.extracted = true);
            }
            Some("unzip") => mark(&mut layer.downloads, command, workdir, Naming::Exact, |d| d.extracted = true),
            _ => {}
        }
        if command.name() == Some("rm") {
            mark(&mut layer.downloads, command, workdir, Naming::OrFolder, |d| d.removed = true);
        }
    }
}

/// `tar xzf file` (a bundle without a dash).
fn first_bundle_extracts(command: &ShellCommand) -> bool {
    command.args.first().and_then(|a| a.value.as_deref()).is_some_and(|v| !v.starts_with('-') && v.starts_with('x'))
}

/// How a command must name a download to concern it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Naming {
    /// By its path (`tar -xzf tool.tgz`).
    Exact,
    /// By its path or a folder that holds it (`rm -rf /tmp/build`).
    OrFolder,
}

/// Apply `f` to the downloads a command names.
fn mark(
    downloads: &mut [Download],
    command: &ShellCommand,
    workdir: Option<&str>,
    naming: Naming,
    f: impl Fn(&mut Download),
) {
    let named: Vec<String> = command
        .args
        .iter()
        .filter_map(|a| a.value.as_deref())
        .flat_map(|v| [v.to_string(), v.split_once('=').map(|(_, p)| p.to_string()).unwrap_or_default()])
        .filter(|v| !v.is_empty() && !v.starts_with('-'))
        .map(|v| absolute(workdir, &v))
        .collect();
    for download in downloads.iter_mut() {
        let concerned = match naming {
            Naming::Exact => named.contains(&download.file.path),
            // `rm -rf /tmp/build`, `rm -f /tmp/*.tgz`: the file, a folder that holds it, or a wildcard.
            Naming::OrFolder => {
                named.iter().any(|n| is_within(&download.file.path, n) || deletes(n, &download.file.path))
            }
        };
        if concerned {
            f(download);
        }
    }
}

/// The file `curl -o F`/`--output F`/`-O` or `wget -O F`/`wget URL` writes to (for `-O` and a bare
/// `wget URL`, the URL's last segment in the working directory), with the word that names it; `-`
/// (standard output) is no file.
fn download_target(command: &ShellCommand) -> Option<(String, &Word)> {
    let curl = command.name() == Some("curl");
    let mut args = command.args.iter();
    let mut url: Option<&Word> = None;
    while let Some(arg) = args.next() {
        let text = arg.as_str();
        let explicit =
            if curl { matches!(text, "-o" | "--output") } else { matches!(text, "-O" | "--output-document") };
        if explicit {
            let word = args.next().filter(|w| !w.is("-"))?;
            return Some((word.value.clone()?, word));
        }
        if text.contains("://") {
            url = Some(arg);
        }
    }
    let remote_name = if curl { command.has_flag(&["-O", "--remote-name"]) } else { true };
    let url = url.filter(|_| remote_name)?;
    let value = url.value.as_deref()?;
    let name = value.split(['?', '#']).next()?.rsplit('/').next()?;
    (!name.is_empty()).then(|| (name.to_string(), url))
}

/// The layers before `layers[n]` that its filesystem holds (those of its stage and of the stages it is
/// built `FROM`), nearest first.
pub fn earlier_layers<'l>(model: &Model, layers: &'l [Layer], n: usize) -> impl Iterator<Item = &'l Layer> {
    let chain = layers.get(n).map(|l| model.chain_of(l.stage)).unwrap_or_default();
    layers[..n.min(layers.len())].iter().rev().filter(move |l| chain.contains(&l.stage))
}

impl Model<'_> {
    /// Every RUN, COPY and ADD with what it adds, deletes, re-owns and downloads (see [`Layer`]).
    pub fn layers(&self) -> &[Layer] {
        self.layers.get_or_init(|| compute(self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::dockerfile::parse;
    use std::collections::BTreeMap;

    fn layers(text: &str) -> Vec<Layer> {
        let tree = parse(text);
        let args = BTreeMap::new();
        compute(&Model::new(&tree, &args))
    }

    #[test]
    fn paths() {
        assert_eq!(absolute(Some("/app"), "./src/../bin"), "/app/bin");
        assert_eq!(absolute(None, "a//b/"), "/a/b");
        assert!(is_within("/var/lib/apt/lists/x", "/var/lib/apt/lists/*"));
        assert!(is_within("/app", "/app/"));
        assert!(!is_within("/application", "/app"));
        assert!(
            deletes("/tmp/*", "/tmp/x.whl") && deletes("/src", "/src/tests/a") && deletes("/tmp/pip-*", "/tmp/pip-1/a")
        );
        assert!(!deletes("/tmp/pip-*", "/tmp/x.whl") && !deletes("/src/tests", "/src"));
    }

    #[test]
    fn what_each_layer_touches() {
        let found = layers(
            "FROM alpine:3.20\nWORKDIR /app\nCOPY . .\n\
             RUN curl -fsSL -o tool.tgz https://x/t.tgz && tar -xzf tool.tgz && chown -R app /app\n\
             RUN wget https://x/data.zip && unzip data.zip && rm data.zip\n\
             RUN cd /tmp && rm -rf cache && rm -rf /app/tmp\n",
        );
        assert_eq!(found[0].adds[0].path, "/app");
        let d = &found[1].downloads[0];
        assert_eq!((d.file.path.as_str(), d.extracted, d.removed), ("/app/tool.tgz", true, false));
        assert_eq!(found[1].recursive_owner_changes[0].path, "/app");
        let d = &found[2].downloads[0];
        assert_eq!((d.file.path.as_str(), d.extracted, d.removed), ("/app/data.zip", true, true));
        let removed: Vec<&str> = found[3].removes.iter().map(|r| r.path.as_str()).collect();
        assert_eq!(removed, ["/app/tmp"]);
    }
}
