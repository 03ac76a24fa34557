//! Configuration: `layerlint.toml` / `.layerlint.toml`, and how it combines with the command line.
//!
//! Discovery: for each linted file, the closest config file in its folder or a folder above wins; the
//! walk stops at the repository root (a folder holding `.git`) or the filesystem root. `--config FILE`
//! replaces discovery, `--isolated` uses no file. Discovery is cached per folder, and the lint options
//! per config and set of matching per-file ignores, since one call lints many files.
//!
//! Rule selection is ruff's: the defaults (every rule that is on by default), then the config file,
//! then the command line. In each of those layers `select` replaces the selection so far, `extend-select`
//! adds to it and `ignore` removes from it; within one layer the most specific selector decides for a
//! rule (an exact code, name or alias beats a prefix, a longer prefix beats a shorter one, any prefix
//! beats `ALL`; on a tie `ignore` wins). Rules that are off by default (policy rules) are turned on only
//! by their exact code, name or alias, or by `ALL`: a prefix such as `SYN` or `PIN` does not turn them
//! on. `[per-file-ignores]` remove rules from the files they match, after every layer.
//!
//! Every mistake in a config file is an error naming the file, the line and column, and the key: an
//! unknown key, a value of the wrong type, an unknown rule, a bad glob, a bad severity.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use globset::{GlobBuilder, GlobMatcher};
use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::Severity;
use crate::options::LintOptions;
use crate::problem::Problem;
use crate::rules::{self, Rule};
use crate::suppress;

/// The names a config file may have, in the order they are looked for in each folder.
pub const FILE_NAMES: [&str; 2] = ["layerlint.toml", ".layerlint.toml"];

/// What a config file may hold, as written (spans kept for error messages).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    select: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    extend_select: Vec<Spanned<String>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    failure_threshold: Option<Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    per_file_ignores: BTreeMap<Spanned<String>, Vec<Spanned<String>>>,
    #[serde(default)]
    rules: BTreeMap<Spanned<String>, BTreeMap<Spanned<String>, Spanned<toml::Value>>>,
    #[serde(default)]
    trusted_registries: Vec<String>,
    #[serde(default)]
    error_on_no_files: bool,
    #[serde(default)]
    contexts: Vec<RawContext>,
    #[serde(default)]
    build_args: BTreeMap<Spanned<String>, Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContext {
    dockerfile: Spanned<String>,
    context: String,
}

/// One layer of rule selection: a config file's, or the command line's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleSelection {
    /// Replaces the selection so far when given.
    pub select: Option<Vec<String>>,
    pub extend_select: Vec<String>,
    pub ignore: Vec<String>,
}

/// `[per-file-ignores]`: rules turned off for the files a glob matches.
#[derive(Debug, Clone)]
pub struct PerFileIgnore {
    /// The glob as written, relative to the config file's folder.
    pub pattern: String,
    matcher: GlobMatcher,
    /// A pattern without `/` also matches a file name in any folder (as in `.gitignore`).
    match_file_name: bool,
    pub selectors: Vec<String>,
}

impl PerFileIgnore {
    /// Whether this entry applies to `path`, given relative to the config file's folder.
    pub fn matches(&self, path: &Path) -> bool {
        self.matcher.is_match(path)
            || (self.match_file_name && path.file_name().is_some_and(|n| self.matcher.is_match(n)))
    }
}

/// `[[contexts]]`: the build context of the Dockerfiles a glob matches.
#[derive(Debug, Clone)]
pub struct ContextMapping {
    /// The glob as written, relative to the config file's folder.
    pub dockerfile: String,
    matcher: GlobMatcher,
    /// The context folder, resolved against the config file's folder.
    pub context: PathBuf,
}

/// A validated config file.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file it was read from.
    pub path: PathBuf,
    /// Its folder: globs and context folders are relative to it.
    pub root: PathBuf,
    pub selection: RuleSelection,
    pub failure_threshold: Option<Severity>,
    /// Severity overrides, by rule code.
    pub severities: HashMap<&'static str, Severity>,
    pub per_file_ignores: Vec<PerFileIgnore>,
    /// `[rules.<CODE>]` tables, by rule code, for the rules to read.
    pub rule_options: BTreeMap<&'static str, toml::Table>,
    pub trusted_registries: Vec<String>,
    /// Exit 2 when a folder named on the command line holds no Dockerfile.
    pub error_on_no_files: bool,
    pub contexts: Vec<ContextMapping>,
    pub build_args: BTreeMap<String, String>,
}

/// A config file that cannot be used, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub path: PathBuf,
    /// 1-based; 0 when the error has no position (the file could not be read).
    pub line: usize,
    pub column: usize,
    /// The key at fault, dotted (`severity.SYN001`), when known.
    pub key: Option<String>,
    pub message: String,
    /// What to do about it.
    pub help: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if self.line > 0 {
            write!(f, ":{}:{}", self.line, self.column)?;
        }
        write!(f, ": ")?;
        if let Some(key) = &self.key {
            write!(f, "key `{key}`: ")?;
        }
        write!(f, "{}", self.message)
    }
}

impl std::error::Error for ConfigError {}

impl ConfigError {
    /// The error as it is printed: where and what, then what to do.
    pub fn problem(&self) -> Problem {
        Problem::new(self.to_string(), self.help.clone())
    }
}

/// What to say about a selector that names no rule: the closest rule, else how rules are named.
fn selector_help(selector: &str) -> String {
    match rules::closest_selector(selector) {
        Some(near) => format!("did you mean `{near}`? {SELECTOR_HELP}"),
        None => SELECTOR_HELP.to_string(),
    }
}

const SELECTOR_HELP: &str =
    "name rules by code (SYN001), name (parse-error), code prefix (SYN), alias (DL1000), or ALL";

impl Config {
    /// Read and validate a config file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            path: path.to_path_buf(),
            line: 0,
            column: 0,
            key: None,
            message: format!("cannot read the config file: {e}"),
            help: "check the path and its permissions".to_string(),
        })?;
        let root = absolute(path).parent().map(Path::to_path_buf).unwrap_or_default();
        Config::parse(&text, path, &root)
    }

    /// Validate a config file's text; `path` names it in errors, `root` is the folder globs are
    /// relative to.
    pub fn parse(text: &str, path: &Path, root: &Path) -> Result<Config, ConfigError> {
        let at = |span: Range<usize>, key: String, message: String, help: &str| {
            let (line, column) = line_col(text, span.start);
            ConfigError { path: path.to_path_buf(), line, column, key: Some(key), message, help: help.to_string() }
        };
        let raw: RawConfig = toml::from_str(text).map_err(|e| toml_error(text, path, &e))?;

        let selectors = |key: &str, items: &[Spanned<String>]| -> Result<Vec<String>, ConfigError> {
            items
                .iter()
                .map(|item| {
                    if rules::is_known_selector(item.get_ref()) {
                        Ok(item.get_ref().clone())
                    } else {
                        Err(at(
                            item.span(),
                            key.to_string(),
                            format!("no rule answers to `{}`", item.get_ref()),
                            &selector_help(item.get_ref()),
                        ))
                    }
                })
                .collect()
        };
        let selection = RuleSelection {
            select: raw.select.as_deref().map(|s| selectors("select", s)).transpose()?,
            extend_select: selectors("extend-select", &raw.extend_select)?,
            ignore: selectors("ignore", &raw.ignore)?,
        };

        let failure_threshold = raw
            .failure_threshold
            .map(|v| {
                Severity::parse(v.get_ref()).ok_or_else(|| {
                    at(
                        v.span(),
                        "failure-threshold".into(),
                        format!("`{}` is not a severity", v.get_ref()),
                        "use error, warning, info or style",
                    )
                })
            })
            .transpose()?;

        let mut severities = HashMap::new();
        for (key, value) in &raw.severity {
            let dotted = format!("severity.{}", key.get_ref());
            let named = exact_rules(key.get_ref());
            if named.is_empty() {
                return Err(at(
                    key.span(),
                    dotted,
                    format!("no rule is named `{}`", key.get_ref()),
                    "use a rule's code, name or alias",
                ));
            }
            let severity = Severity::parse(value.get_ref()).ok_or_else(|| {
                at(
                    value.span(),
                    dotted.clone(),
                    format!("`{}` is not a severity", value.get_ref()),
                    "use error, warning, info or style",
                )
            })?;
            severities.extend(named.into_iter().map(|r| (r.code, severity)));
        }

        let mut per_file_ignores = Vec::new();
        for (pattern, items) in &raw.per_file_ignores {
            let dotted = format!("per-file-ignores.{}", pattern.get_ref());
            let matcher = glob(pattern.get_ref()).map_err(|e| at(pattern.span(), dotted.clone(), e, GLOB_HELP))?;
            per_file_ignores.push(PerFileIgnore {
                pattern: pattern.get_ref().clone(),
                matcher,
                match_file_name: !pattern.get_ref().contains('/'),
                selectors: selectors(&dotted, items)?,
            });
        }

        let mut rule_options = BTreeMap::new();
        for (key, table) in raw.rules {
            let Some(rule) = rules::find(key.get_ref()) else {
                return Err(at(
                    key.span(),
                    format!("rules.{}", key.get_ref()),
                    format!("no rule is named `{}`", key.get_ref()),
                    "use a rule's code, name or alias: `[rules.PIN004]`",
                ));
            };
            let mut options = toml::Table::new();
            for (name_key, value) in table {
                let name = name_key.get_ref();
                let dotted = format!("rules.{}.{name}", key.get_ref());
                let Some(option) = rule.options.iter().find(|o| o.name == name) else {
                    let known: Vec<&str> = rule.options.iter().map(|o| o.name).collect();
                    let help = if known.is_empty() {
                        format!("{} takes no options", rule.code)
                    } else {
                        format!("{} takes: {}", rule.code, known.join(", "))
                    };
                    return Err(at(name_key.span(), dotted, format!("{} has no option `{name}`", rule.code), &help));
                };
                if let Err(message) = option.check(value.get_ref()) {
                    return Err(at(value.span(), dotted, message, "see `layerlint rule CODE` for the rule's options"));
                }
                options.insert(name.clone(), value.into_inner());
            }
            rule_options.insert(rule.code, options);
        }

        let mut contexts = Vec::new();
        for entry in raw.contexts {
            let matcher = glob(entry.dockerfile.get_ref())
                .map_err(|e| at(entry.dockerfile.span(), "contexts.dockerfile".into(), e, GLOB_HELP))?;
            contexts.push(ContextMapping {
                dockerfile: entry.dockerfile.into_inner(),
                matcher,
                context: root.join(entry.context),
            });
        }

        let mut build_args = BTreeMap::new();
        for (key, value) in raw.build_args {
            if key.get_ref() == suppress::CHECK_BUILD_ARG {
                if let Err(e) = suppress::parse_check_options(value.get_ref(), 0) {
                    let message = format!(
                        "BuildKit refuses this value: failed to parse build-arg:{}: {e}",
                        suppress::CHECK_BUILD_ARG
                    );
                    return Err(at(value.span(), format!("build-args.{}", key.get_ref()), message, CHECK_HELP));
                }
            }
            build_args.insert(key.into_inner(), value.into_inner());
        }

        Ok(Config {
            path: path.to_path_buf(),
            root: root.to_path_buf(),
            selection,
            failure_threshold,
            severities,
            per_file_ignores,
            rule_options,
            trusted_registries: raw.trusted_registries,
            error_on_no_files: raw.error_on_no_files,
            contexts,
            build_args,
        })
    }

    /// The `[rules.<CODE>]` table of a rule, if the config has one.
    /// The `[rules.<CODE>]` tables with the top-level keys that feed rule options folded in:
    /// `trusted-registries` adds to PIN007's `trusted-registries`.
    pub fn effective_rule_options(&self) -> BTreeMap<&'static str, toml::Table> {
        let mut options = self.rule_options.clone();
        if !self.trusted_registries.is_empty() {
            let table = options.entry("PIN007").or_default();
            let mut list: Vec<toml::Value> =
                table.get("trusted-registries").and_then(toml::Value::as_array).cloned().unwrap_or_default();
            list.extend(self.trusted_registries.iter().cloned().map(toml::Value::String));
            table.insert("trusted-registries".to_string(), toml::Value::Array(list));
        }
        options
    }

    pub fn rule_options(&self, code: &str) -> Option<&toml::Table> {
        self.rule_options.get(code)
    }

    /// The build context `[[contexts]]` maps this Dockerfile to, if any (the first matching entry).
    pub fn context_for(&self, dockerfile: &Path) -> Option<&Path> {
        let path = absolute(dockerfile);
        let relative = path.strip_prefix(&self.root).unwrap_or(&path);
        self.contexts.iter().find(|c| c.matcher.is_match(relative)).map(|c| c.context.as_path())
    }
}

const GLOB_HELP: &str =
    "write a glob relative to the config file's folder, e.g. `services/*/Dockerfile` or `**/*.dev.Dockerfile`";
const CHECK_HELP: &str = "write `skip=<Name>[,<Name>…]|all;error=<bool>;experimental=<Name>[,…]|all`";

/// A glob where `*` does not cross `/` (`**` does).
fn glob(pattern: &str) -> Result<GlobMatcher, String> {
    GlobBuilder::new(pattern).literal_separator(true).build().map(|g| g.compile_matcher()).map_err(|e| e.to_string())
}

/// The rules with this exact code, name or alias (no prefixes).
fn exact_rules(key: &str) -> Vec<&'static Rule> {
    rules::ALL
        .iter()
        .copied()
        .filter(|r| {
            r.code.eq_ignore_ascii_case(key)
                || r.name.eq_ignore_ascii_case(key)
                || r.aliases.iter().any(|a| a.eq_ignore_ascii_case(key))
        })
        .collect()
}

/// A TOML or schema error with its position and the key it concerns.
fn toml_error(text: &str, path: &Path, error: &toml::de::Error) -> ConfigError {
    let message = error.message().trim().to_string();
    let unknown = unknown_field(&message);
    // An unknown key is reported at its own line, not at the header of the table holding it.
    let offset = match (error.span(), unknown) {
        (Some(span), Some(name)) => Some(key_offset_in_table(text, span.start, name).unwrap_or(span.start)),
        (span, _) => span.map(|s| s.start),
    };
    let (line, column) = offset.map_or((0, 0), |o| line_col(text, o));
    let help = if let Some(name) = unknown {
        match crate::suggest::closest(name, backticked_after(&message, "expected"), false) {
            Some(near) => format!("did you mean `{near}`?"),
            None => "remove the key or correct its spelling; docs/configuration.md lists the keys".to_string(),
        }
    } else if message.starts_with("unknown variant") {
        "use one of the values listed".to_string()
    } else if message.starts_with("invalid type") {
        "give the key a value of the type it takes (docs/configuration.md)".to_string()
    } else {
        "fix the TOML syntax at this position".to_string()
    };
    ConfigError { path: path.to_path_buf(), line, column, key: offset.and_then(|o| key_at(text, o)), message, help }
}

/// The key of an ``unknown field `name` `` message.
fn unknown_field(message: &str) -> Option<&str> {
    message.strip_prefix("unknown field `")?.split('`').next()
}

/// The backticked words of a message after `marker` (the keys an ``expected one of `a`, `b` `` lists).
fn backticked_after<'a>(message: &'a str, marker: &str) -> impl Iterator<Item = &'a str> {
    let tail = message.find(marker).map_or("", |i| &message[i..]);
    tail.split('`').skip(1).step_by(2)
}

/// Where `key` is written as `key =` in the table that starts at or after `from` (before the next header).
fn key_offset_in_table(text: &str, from: usize, key: &str) -> Option<usize> {
    let mut offset = text[..from.min(text.len())].rfind('\n').map_or(0, |i| i + 1);
    let mut first = true;
    for line in text[offset..].split_inclusive('\n') {
        let trimmed = line.trim_start();
        if !first && trimmed.starts_with('[') {
            return None;
        }
        if key_of_line(trimmed.trim_end()) == Some(key) {
            return Some(offset + (line.len() - trimmed.len()));
        }
        first = false;
        offset += line.len();
    }
    None
}

/// 1-based line and character column of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (before.matches('\n').count() + 1, before[line_start..].chars().count() + 1)
}

/// The dotted key an offset belongs to, read from the text around it: the last `[table]` header before
/// it and the last `key =` line at or before its line.
fn key_at(text: &str, offset: usize) -> Option<String> {
    let (line, _) = line_col(text, offset);
    let mut table: Option<String> = None;
    let mut key: Option<String> = None;
    for current in text.lines().take(line) {
        let trimmed = current.trim();
        if trimmed.starts_with('[') {
            let name = trimmed.trim_start_matches('[').split(']').next().unwrap_or("").trim();
            table = Some(name.replace(['"', '\''], ""));
            key = None;
        } else if let Some(k) = key_of_line(trimmed) {
            key = Some(k.to_string());
        }
    }
    match (table, key) {
        (Some(t), Some(k)) => Some(format!("{t}.{k}")),
        (t, k) => k.or(t),
    }
}

/// The key of a `key = value` line (bare or quoted), if the line is one.
fn key_of_line(line: &str) -> Option<&str> {
    let (key, rest) = match line.chars().next()? {
        quote @ ('"' | '\'') => {
            let end = line[1..].find(quote)? + 1;
            (&line[1..end], &line[end + 1..])
        }
        _ => {
            let end =
                line.find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))).unwrap_or(line.len());
            (&line[..end], &line[end..])
        }
    };
    (!key.is_empty() && rest.trim_start().starts_with('=')).then_some(key)
}

/// Where a rule stands after the selection layers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    On,
    Off,
    /// Turned off by an `ignore` (or a per-file ignore): a file's `# check=experimental=` does not turn
    /// it back on.
    Ignored,
}

/// How specifically `selector` names `rule`, if it does: `ALL` 0, a prefix its length, an exact code,
/// name or alias the most. An off-by-default rule is not turned on by a prefix.
fn specificity(selector: &str, rule: &Rule, enabling: bool) -> Option<usize> {
    if selector.eq_ignore_ascii_case("ALL") {
        return Some(0);
    }
    let exact = rule.code.eq_ignore_ascii_case(selector)
        || rule.name.eq_ignore_ascii_case(selector)
        || rule.aliases.iter().any(|a| a.eq_ignore_ascii_case(selector));
    if exact {
        Some(usize::MAX)
    } else if rule.matches(selector) && (rule.default_enabled || !enabling) {
        Some(selector.len())
    } else {
        None
    }
}

/// Apply selection layers to the defaults: the selected rules (in code order) and the codes an
/// `ignore` turned off.
pub fn select_rules(layers: &[&RuleSelection]) -> (Vec<&'static Rule>, Vec<&'static str>) {
    let mut states: Vec<State> =
        rules::ALL.iter().map(|r| if r.default_enabled { State::On } else { State::Off }).collect();
    for layer in layers {
        let enabling = layer.select.iter().flatten().chain(&layer.extend_select).map(|s| (s, true));
        let selectors: Vec<(&String, bool)> = enabling.chain(layer.ignore.iter().map(|s| (s, false))).collect();
        for (rule, state) in rules::ALL.iter().zip(states.iter_mut()) {
            // The most specific selector decides; on a tie, `ignore` wins.
            let decision = selectors
                .iter()
                .filter_map(|(s, enable)| specificity(s, rule, *enable).map(|spec| (spec, !enable)))
                .max()
                .map(|(_, ignore)| !ignore);
            *state = match decision {
                Some(true) => State::On,
                Some(false) => State::Ignored,
                None if layer.select.is_some() => State::Off,
                None => *state,
            };
        }
    }
    let selected = rules::ALL.iter().zip(&states).filter(|(_, s)| **s == State::On).map(|(r, _)| *r).collect();
    let ignored = rules::ALL.iter().zip(&states).filter(|(_, s)| **s == State::Ignored).map(|(r, _)| r.code).collect();
    (selected, ignored)
}

/// Whether a selector names a rule, for removals (per-file ignores): exact, prefix or `ALL`.
fn selector_names(selector: &str, rule: &Rule) -> bool {
    specificity(selector, rule, false).is_some()
}

/// Which config file to use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigSource {
    /// The closest `layerlint.toml` / `.layerlint.toml` above each file.
    Discover,
    /// `--config FILE`.
    File(PathBuf),
    /// `--isolated`.
    None,
}

/// What the command line says on top of the config file.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub selection: RuleSelection,
    pub failure_threshold: Option<Severity>,
    /// `--build-arg`: replaces the config's value of the same key.
    pub build_args: BTreeMap<String, String>,
    /// `--target`: the stage that is the final one.
    pub target: Option<String>,
    /// `--context`: the build context of every Dockerfile linted.
    pub context: Option<PathBuf>,
}

impl Overrides {
    /// Validate command-line values: the selectors must name rules, `--build-arg` must be `KEY=VALUE`
    /// (or `KEY`, taking the value from the environment as `docker build` does), and a
    /// `BUILDKIT_DOCKERFILE_CHECK` value must parse.
    pub fn from_command_line(
        selection: RuleSelection,
        failure_threshold: Option<Severity>,
        build_args: &[String],
    ) -> Result<Overrides, Problem> {
        let lists = [
            ("--select", selection.select.as_deref().unwrap_or_default()),
            ("--extend-select", &selection.extend_select),
            ("--ignore", &selection.ignore),
        ];
        for (option, list) in lists {
            if let Some(bad) = list.iter().find(|s| !rules::is_known_selector(s)) {
                return Err(Problem::new(format!("{option} {bad}: no rule answers to `{bad}`"), selector_help(bad)));
            }
        }
        let mut args = BTreeMap::new();
        for arg in build_args {
            let (key, value) = match arg.split_once('=') {
                Some((key, value)) => (key.to_string(), Some(value.to_string())),
                None => (arg.clone(), std::env::var(arg).ok()),
            };
            if key.is_empty() {
                return Err(Problem::new(format!("--build-arg {arg:?}: the key is empty"), "write KEY=VALUE"));
            }
            if key == suppress::CHECK_BUILD_ARG {
                if let Some(Err(e)) = value.as_deref().map(|v| suppress::parse_check_options(v, 0)) {
                    return Err(Problem::new(
                        format!("--build-arg {arg}: failed to parse build-arg:{key}: {e}"),
                        CHECK_HELP,
                    ));
                }
            }
            if let Some(value) = value {
                args.insert(key, value);
            }
        }
        Ok(Overrides { selection, failure_threshold, build_args: args, target: None, context: None })
    }
}

/// What applies to one file.
#[derive(Debug, Clone)]
pub struct FileSettings {
    pub options: Arc<LintOptions>,
    pub failure_threshold: Severity,
    /// The config file in effect, if any.
    pub config: Option<Arc<Config>>,
    /// The build context folder: `--context`, else the config's `[[contexts]]` entry matching the file,
    /// else the Dockerfile's own folder.
    pub context_dir: PathBuf,
    /// Whether `context_dir` was named (`--context` or `[[contexts]]`) rather than taken from the
    /// file's folder: standard input has a context only then.
    pub context_named: bool,
}

impl FileSettings {
    /// Whether the config in effect asks for exit 2 when a folder holds no Dockerfile.
    pub fn error_on_no_files(&self) -> bool {
        self.config.as_ref().is_some_and(|c| c.error_on_no_files)
    }
}

/// Finds each file's config and builds its lint options, caching both.
#[derive(Debug)]
pub struct Resolver {
    source: ConfigSource,
    overrides: Overrides,
    configs: Vec<Arc<Config>>,
    errors: Vec<ConfigError>,
    /// Per folder: the config that applies (an index into `configs`), or the error (into `errors`).
    by_folder: HashMap<PathBuf, Result<Option<usize>, usize>>,
    /// Per config and set of matching per-file ignores.
    options: HashMap<(Option<usize>, Vec<usize>), Arc<LintOptions>>,
}

impl Resolver {
    /// With `ConfigSource::File`, the file is read now: an error there stops everything.
    pub fn new(source: ConfigSource, overrides: Overrides) -> Result<Resolver, ConfigError> {
        let mut configs = Vec::new();
        if let ConfigSource::File(path) = &source {
            configs.push(Arc::new(Config::load(path)?));
        }
        Ok(Resolver {
            source,
            overrides,
            configs,
            errors: Vec::new(),
            by_folder: HashMap::new(),
            options: HashMap::new(),
        })
    }

    /// The errors of the config files met so far, each once.
    pub fn errors(&self) -> &[ConfigError] {
        &self.errors
    }

    /// The settings for the file at `path` (as named on the command line, or `--stdin-filename`);
    /// `None` when its config file is broken (the error is in `errors()`).
    pub fn for_file(&mut self, path: &Path) -> Option<FileSettings> {
        let path = absolute(path);
        let config_index = match &self.source {
            ConfigSource::None => None,
            ConfigSource::File(_) => Some(0),
            ConfigSource::Discover => self.discover(path.parent().unwrap_or(Path::new("/"))).ok()?,
        };
        let config = config_index.map(|i| Arc::clone(&self.configs[i]));
        let matched: Vec<usize> = config.as_ref().map_or_else(Vec::new, |c| {
            let relative = path.strip_prefix(&c.root).unwrap_or(&path);
            c.per_file_ignores.iter().enumerate().filter(|(_, p)| p.matches(relative)).map(|(i, _)| i).collect()
        });
        let key = (config_index, matched);
        let options = match self.options.get(&key) {
            Some(options) => Arc::clone(options),
            None => {
                let options = Arc::new(self.lint_options(config.as_deref(), &key.1));
                self.options.insert(key, Arc::clone(&options));
                options
            }
        };
        let failure_threshold = self
            .overrides
            .failure_threshold
            .or_else(|| config.as_ref().and_then(|c| c.failure_threshold))
            .unwrap_or(Severity::Info);
        let named = self
            .overrides
            .context
            .clone()
            .or_else(|| config.as_ref().and_then(|c| c.context_for(&path)).map(Path::to_path_buf));
        let context_named = named.is_some();
        let context_dir = named.unwrap_or_else(|| path.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf));
        Some(FileSettings { options, failure_threshold, config, context_dir, context_named })
    }

    fn lint_options(&self, config: Option<&Config>, per_file: &[usize]) -> LintOptions {
        let mut layers = Vec::new();
        if let Some(config) = config {
            layers.push(&config.selection);
        }
        layers.push(&self.overrides.selection);
        let (mut selected, mut ignored) = select_rules(&layers);
        if let Some(config) = config {
            for entry in per_file.iter().filter_map(|&i| config.per_file_ignores.get(i)) {
                for rule in rules::ALL.iter().filter(|r| entry.selectors.iter().any(|s| selector_names(s, r))) {
                    selected.retain(|r| r.code != rule.code);
                    if !ignored.contains(&rule.code) {
                        ignored.push(rule.code);
                    }
                }
            }
        }
        let mut build_args = config.map_or_else(BTreeMap::new, |c| c.build_args.clone());
        build_args.extend(self.overrides.build_args.clone());
        LintOptions {
            rules: selected,
            severities: config.map_or_else(HashMap::new, |c| c.severities.clone()),
            build_args,
            ignored,
            rule_options: config.map_or_else(BTreeMap::new, Config::effective_rule_options),
            target: self.overrides.target.clone(),
        }
    }

    /// The config that applies in `folder`: the closest one at or above it, up to the repository root.
    fn discover(&mut self, folder: &Path) -> Result<Option<usize>, usize> {
        let mut visited = Vec::new();
        let mut result = Ok(None);
        for dir in folder.ancestors() {
            if let Some(known) = self.by_folder.get(dir) {
                result = *known;
                break;
            }
            visited.push(dir.to_path_buf());
            let present: Vec<PathBuf> = FILE_NAMES.iter().map(|n| dir.join(n)).filter(|p| p.is_file()).collect();
            if let [first, second] = present.as_slice() {
                self.errors.push(ConfigError {
                    path: shown(second),
                    line: 0,
                    column: 0,
                    key: None,
                    message: format!(
                        "{} is in the same folder; layerlint would not know which to use",
                        first.display()
                    ),
                    help: "keep one of the two files".to_string(),
                });
                result = Err(self.errors.len() - 1);
                break;
            }
            if let Some(file) = present.first() {
                result = match Config::load(&shown(file)) {
                    Ok(config) => {
                        self.configs.push(Arc::new(config));
                        Ok(Some(self.configs.len() - 1))
                    }
                    Err(error) => {
                        self.errors.push(error);
                        Err(self.errors.len() - 1)
                    }
                };
                break;
            }
            if dir.join(".git").exists() {
                break;
            }
        }
        for dir in visited {
            self.by_folder.insert(dir, result);
        }
        result
    }
}

/// A discovered path as messages show it: relative to the current folder when it is below it.
fn shown(path: &Path) -> PathBuf {
    let cwd = std::env::current_dir().unwrap_or_default();
    path.strip_prefix(&cwd).map_or_else(|_| path.to_path_buf(), Path::to_path_buf)
}

/// An absolute path with `.` and `..` resolved lexically (symlinks are left alone, so paths relative
/// to a config file's folder stay the ones the user sees).
fn absolute(path: &Path) -> PathBuf {
    let joined =
        if path.is_absolute() { path.to_path_buf() } else { std::env::current_dir().unwrap_or_default().join(path) };
    let mut out = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(text, Path::new("layerlint.toml"), Path::new("/repo"))
    }

    fn codes(rules: &[&Rule]) -> Vec<&'static str> {
        rules.iter().map(|r| r.code).collect()
    }

    #[test]
    fn every_key_parses() {
        let config = parse(
            r#"
select = ["ALL"]
extend-select = ["SYN001"]
ignore = ["DL1000"]
failure-threshold = "warning"
trusted-registries = ["*.dkr.ecr.*.amazonaws.com"]

[severity]
parse-error = "warning"

[per-file-ignores]
"legacy/**" = ["SYN"]

[rules.SYN009]
assume-base-image-env = false

[[contexts]]
dockerfile = "services/*/Dockerfile"
context = "."

[build-args]
VERSION = "1.2.3"
"#,
        )
        .unwrap();
        assert_eq!(config.selection.select, Some(vec!["ALL".to_string()]));
        assert_eq!(config.failure_threshold, Some(Severity::Warning));
        assert_eq!(config.severities.get("SYN001"), Some(&Severity::Warning));
        assert!(config.per_file_ignores[0].matches(Path::new("legacy/a/Dockerfile")));
        assert!(!config.per_file_ignores[0].matches(Path::new("new/Dockerfile")));
        assert_eq!(
            config.rule_options("SYN009").and_then(|t| t.get("assume-base-image-env")),
            Some(&toml::Value::Boolean(false))
        );
        assert_eq!(config.context_for(Path::new("/repo/services/api/Dockerfile")), Some(Path::new("/repo/.")));
        assert_eq!(config.context_for(Path::new("/repo/Dockerfile")), None);
        assert_eq!(config.build_args.get("VERSION").map(String::as_str), Some("1.2.3"));
    }

    #[test]
    fn errors_name_the_line_column_and_key() {
        let e = parse("select = [\"SYN001\"]\nselekt = []\n").unwrap_err();
        assert_eq!((e.line, e.column, e.key.as_deref()), (2, 1, Some("selekt")));
        assert!(e.message.contains("unknown field `selekt`"), "{e}");
        assert_eq!(e.help, "did you mean `select`?");

        let e = parse("failure-threshhold = \"error\"\n").unwrap_err();
        assert_eq!(e.help, "did you mean `failure-threshold`?");

        let e = parse("[[contexts]]\ndockerfile = \"x\"\ncontxt = \".\"\n").unwrap_err();
        assert_eq!((e.line, e.column, e.key.as_deref()), (3, 1, Some("contexts.contxt")));
        assert_eq!(e.help, "did you mean `context`?");

        let e = parse("ignore = [\"undefined-vars\"]\n").unwrap_err();
        assert!(e.help.starts_with("did you mean `undefined-var`?"), "{}", e.help);

        let e = parse("ignore = 3\n").unwrap_err();
        assert_eq!((e.line, e.key.as_deref()), (1, Some("ignore")));

        let e = parse("select = [\n  \"SYN001\",\n  \"NOPE\",\n]\n").unwrap_err();
        assert_eq!((e.line, e.column, e.key.as_deref()), (3, 3, Some("select")));
        assert!(e.message.contains("NOPE"));

        let e = parse("[severity]\nSYN001 = \"loud\"\n").unwrap_err();
        assert_eq!((e.line, e.key.as_deref()), (2, Some("severity.SYN001")));

        let e = parse("[severity]\nNOPE = \"error\"\n").unwrap_err();
        assert_eq!((e.line, e.key.as_deref()), (2, Some("severity.NOPE")));

        let e = parse("[rules.NOPE]\nx = 1\n").unwrap_err();
        assert_eq!((e.line, e.key.as_deref()), (1, Some("rules.NOPE")));

        let e = parse("[per-file-ignores]\n\"a/[b\" = [\"SYN001\"]\n").unwrap_err();
        assert_eq!((e.line, e.key.as_deref()), (2, Some("per-file-ignores.a/[b")));

        let e = parse("[build-args]\nBUILDKIT_DOCKERFILE_CHECK = \"foo\"\n").unwrap_err();
        assert!(e.message.contains("invalid check option"), "{e}");

        let e = parse("[[contexts]]\ndockerfile = \"x\"\ncontext = \".\"\nextra = 1\n").unwrap_err();
        assert_eq!((e.line, e.key.as_deref()), (4, Some("contexts.extra")));
        assert!(e.to_string().starts_with("layerlint.toml:4:1: key `contexts.extra`: unknown field"), "{e}");
    }

    #[test]
    fn selection_layers_are_ruff_like() {
        let layer = |select: Option<&[&str]>, extend: &[&str], ignore: &[&str]| RuleSelection {
            select: select.map(|s| s.iter().map(|x| x.to_string()).collect()),
            extend_select: extend.iter().map(|x| x.to_string()).collect(),
            ignore: ignore.iter().map(|x| x.to_string()).collect(),
        };
        let defaults: Vec<&str> = rules::ALL.iter().filter(|r| r.default_enabled).map(|r| r.code).collect();
        assert_eq!(codes(&select_rules(&[]).0), defaults);
        // An ignore by alias, then a command-line select that starts over.
        let (selected, ignored) = select_rules(&[&layer(None, &[], &["DL1000"])]);
        assert!(!codes(&selected).contains(&"SYN001"));
        assert_eq!(ignored, vec!["SYN001"]);
        let (selected, _) = select_rules(&[&layer(None, &[], &["DL1000"]), &layer(Some(&["SYN001"]), &[], &[])]);
        assert_eq!(codes(&selected), vec!["SYN001"]);
        // The more specific selector wins within a layer.
        let (selected, _) = select_rules(&[&layer(Some(&["SYN001"]), &[], &["SYN"])]);
        assert_eq!(codes(&selected), vec!["SYN001"]);
        let (selected, _) = select_rules(&[&layer(Some(&["SYN"]), &[], &["parse-error"])]);
        assert!(!codes(&selected).contains(&"SYN001"));
        // ALL selects everything, off-by-default rules included.
        let (selected, _) = select_rules(&[&layer(Some(&["ALL"]), &[], &[])]);
        assert_eq!(selected.len(), rules::ALL.len());
    }

    #[test]
    fn prefixes_do_not_turn_on_off_by_default_rules() {
        for rule in rules::ALL.iter().filter(|r| !r.default_enabled) {
            let prefix = &rule.code[..rule.code.len() - 1];
            let by_prefix = RuleSelection { select: Some(vec![prefix.to_string()]), ..RuleSelection::default() };
            assert!(!codes(&select_rules(&[&by_prefix]).0).contains(&rule.code));
            let exact = RuleSelection { select: Some(vec![rule.code.to_string()]), ..RuleSelection::default() };
            assert!(codes(&select_rules(&[&exact]).0).contains(&rule.code));
        }
    }

    #[test]
    fn command_line_values_are_checked() {
        let bad = RuleSelection { select: Some(vec!["FOO".into()]), ..RuleSelection::default() };
        assert!(Overrides::from_command_line(bad, None, &[]).unwrap_err().message.contains("FOO"));
        let o = Overrides::from_command_line(RuleSelection::default(), None, &["A=1".into(), "B=x=y".into()]).unwrap();
        assert_eq!(o.build_args.get("B").map(String::as_str), Some("x=y"));
        let bad_check = ["BUILDKIT_DOCKERFILE_CHECK=foo".to_string()];
        assert!(Overrides::from_command_line(RuleSelection::default(), None, &bad_check).is_err());
    }

    #[test]
    fn the_documented_example_is_valid() {
        let readme = include_str!("../docs/configuration.md");
        let example = readme.split("```toml\n").nth(1).and_then(|rest| rest.split("```").next()).expect("a toml block");
        if let Err(e) = parse(example) {
            panic!("docs/configuration.md's example config: {e}");
        }
    }

    #[test]
    fn key_at_reads_tables_and_keys() {
        let text = "a = 1\n[t]\nb = [\n 1,\n]\n";
        assert_eq!(key_at(text, text.find(" 1,").unwrap()), Some("t.b".into()));
        assert_eq!(key_at(text, 0), Some("a".into()));
    }

    #[test]
    fn build_context_comes_from_the_command_line_then_contexts_then_the_dockerfiles_folder() {
        let dir = std::env::temp_dir().join(format!("layerlint-config-contexts-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("services/api")).unwrap();
        let config = dir.join("layerlint.toml");
        std::fs::write(&config, "[[contexts]]\ndockerfile = \"services/*/Dockerfile\"\ncontext = \".\"\n").unwrap();
        let mapped = dir.join("services/api/Dockerfile");
        let unmapped = dir.join("services/api/Dockerfile.dev");
        let mut resolver = Resolver::new(ConfigSource::File(config.clone()), Overrides::default()).unwrap();
        assert_eq!(resolver.for_file(&mapped).unwrap().context_dir, dir.join("."));
        assert_eq!(resolver.for_file(&unmapped).unwrap().context_dir, dir.join("services/api"));
        let overrides = Overrides { context: Some(PathBuf::from("/elsewhere")), ..Overrides::default() };
        let mut resolver = Resolver::new(ConfigSource::File(config), overrides).unwrap();
        assert_eq!(resolver.for_file(&mapped).unwrap().context_dir, PathBuf::from("/elsewhere"));
    }
}
