//! What the `.dockerignore` rules (IGN) see: the file with its patterns and refused lines, the build
//! context it belongs to, and the Dockerfiles built from that context, so a pattern can be judged by
//! what those Dockerfiles copy.
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::build_context::{ContextFiles, SharedContext};
use super::Model;
use crate::syntax::dockerfile::{self, Dockerfile};
use crate::syntax::dockerignore::IgnoreFile;

/// A Dockerfile built with the context of the `.dockerignore` being linted.
#[derive(Debug)]
pub struct DockerfileUse {
    pub path: PathBuf,
    pub tree: Dockerfile,
}

impl DockerfileUse {
    /// Reads and parses the Dockerfile; `None` when it cannot be read as text (its own lint says why).
    pub fn read(path: &Path) -> Option<DockerfileUse> {
        let text = crate::input::read_text(path).ok()?;
        Some(DockerfileUse { path: path.to_path_buf(), tree: dockerfile::parse(&text) })
    }
}

/// The input of a `.dockerignore` rule.
pub struct IgnoreModel<'a> {
    pub file: &'a IgnoreFile,
    /// The build context the file belongs to, when it is on disk.
    pub context: Option<&'a SharedContext>,
    /// The Dockerfiles built from this context that use this ignore file (possibly none known).
    pub dockerfiles: &'a [DockerfileUse],
    pub build_args: &'a BTreeMap<String, String>,
    rule_options: &'a BTreeMap<&'static str, toml::Table>,
}

impl<'a> IgnoreModel<'a> {
    pub fn new(file: &'a IgnoreFile, build_args: &'a BTreeMap<String, String>) -> IgnoreModel<'a> {
        IgnoreModel { file, context: None, dockerfiles: &[], build_args, rule_options: &super::NO_RULE_OPTIONS }
    }

    pub fn with_context(mut self, context: Option<&'a SharedContext>, dockerfiles: &'a [DockerfileUse]) -> Self {
        self.context = context;
        self.dockerfiles = dockerfiles;
        self
    }

    pub fn with_rule_options(mut self, options: &'a BTreeMap<&'static str, toml::Table>) -> Self {
        self.rule_options = options;
        self
    }

    /// A rule's option from `[rules.<CODE>]`, if the config sets it.
    pub fn option(&self, code: &str, name: &str) -> Option<&toml::Value> {
        self.rule_options.get(code)?.get(name)
    }

    /// The files the context sends, when it is on disk and readable.
    pub fn context_files(&self) -> Option<&ContextFiles> {
        self.context?.files().ok()
    }

    /// Each Dockerfile's model, with this context, for rules that ask what the Dockerfiles copy.
    pub fn dockerfile_models(&self) -> impl Iterator<Item = (&'a DockerfileUse, Model<'a>)> + '_ {
        self.dockerfiles
            .iter()
            .map(|used| (used, Model::new(&used.tree, self.build_args).with_build_context(self.context)))
    }
}
