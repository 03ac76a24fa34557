//! Inline suppressions: what a Dockerfile says about its own findings.
//!
//! Four forms are read, all from top-level comment lines:
//! - `# layerlint ignore=CODE[,CODE…]` on the comment lines directly above an instruction (a contiguous
//!   block of comment lines, no blank line in between): findings on any line of that instruction;
//!   `# layerlint global ignore=…` anywhere: the whole file. Entries are codes, names, code prefixes
//!   (`PKG`), aliases, or `ALL`, exactly as in `--ignore`.
//! - `# hadolint ignore=DL3008,…` and `# hadolint global ignore=…`: the same, and a `DLxxxx` code
//!   reaches the rules that list it as an alias.
//! - BuildKit's `# check=skip=Name,…|all;error=<bool>;experimental=Name,…|all` directive, read exactly as
//!   `parser.ParseDirective("check")` and `linter.ParseLintOptions` read it; `--build-arg
//!   BUILDKIT_DOCKERFILE_CHECK=…` replaces it. Names are BuildKit's (case-sensitive) and reach the rule
//!   whose `Rule::buildkit_name()` they are. `skip=` never turns off an experimental check
//!   (`InvalidDefinitionDescription`); `experimental=` turns it on. `error=true` makes `docker build` fail
//!   on any BuildKit finding, so those findings are raised to `error`. A directive that does not parse
//!   fails the build in BuildKit; here it is a `SYN001` finding on the directive.
//! - Per-instruction `# check=` comments (BuildKit's `PrevComment`): the first comment above an
//!   instruction whose directive name is `check` is merged into the file's options for that instruction
//!   only (above FROM: only the FROM line's own checks); `error=` is ignored there, and a malformed one
//!   is ignored, as BuildKit does.
//!
//! A suppression entry that suppresses nothing, names no rule, or can have no effect is reported as
//! `SUP001 unused-suppression`, unless the rules it names are not selected (then it may well matter
//! under another selection).

use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::options::LintOptions;
use crate::rules::{self, Rule};
use crate::syntax::dockerfile::{Dockerfile, Keyword};
use crate::syntax::dockerignore::IgnoreFile;
use crate::syntax::source::Span;

/// The build-arg that replaces a file's `# check=` directive.
pub const CHECK_BUILD_ARG: &str = "BUILDKIT_DOCKERFILE_CHECK";

/// BuildKit's check names (`linter/ruleset.go`), so that a `# check=skip=` entry for a check layerlint
/// has no rule for is not mistaken for a typo.
const BUILDKIT_CHECKS: &[&str] = &[
    "StageNameCasing",
    "FromAsCasing",
    "NoEmptyContinuation",
    "ConsistentInstructionCasing",
    "DuplicateStageName",
    "ReservedStageName",
    "JSONArgsRecommended",
    "MaintainerDeprecated",
    "UndefinedArgInFrom",
    "WorkdirRelativePath",
    "UndefinedVar",
    "MultipleInstructionsDisallowed",
    "LegacyKeyValueFormat",
    "InvalidBaseImagePlatform",
    "RedundantTargetPlatform",
    "SecretsUsedInArgOrEnv",
    "InvalidDefaultArgInFrom",
    "FromPlatformFlagConstDisallowed",
    "CopyIgnoredFile",
    "InvalidDefinitionDescription",
    "ExposeProtoCasing",
    "ExposeInvalidFormat",
];

/// Experimental checks: off unless `experimental=` names them, and `skip=` never applies to them.
const EXPERIMENTAL: &[&str] = &["InvalidDefinitionDescription"];

/// The checks a `# check=` comment above FROM applies to: the FROM line's own.
const FROM_LEVEL: &[&str] = &[
    "StageNameCasing",
    "FromAsCasing",
    "InvalidDefinitionDescription",
    "UndefinedArgInFrom",
    "RedundantTargetPlatform",
    "FromPlatformFlagConstDisallowed",
];

/// Checks BuildKit runs with the file's linter only: per-instruction `# check=` comments never reach them.
const FILE_LEVEL_ONLY: &[&str] = &[
    "NoEmptyContinuation",
    "ConsistentInstructionCasing",
    "DuplicateStageName",
    "ReservedStageName",
    "InvalidDefaultArgInFrom",
];

/// One entry of a `check=` list, with where it is written (relative to the `base` given to the parser).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckItem {
    pub name: String,
    pub span: Span,
}

/// A parsed `check=` value: BuildKit's `linter.ParseLintOptions`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckOptions {
    pub skip: Vec<CheckItem>,
    /// The `all` of `skip=all`.
    pub skip_all: Option<CheckItem>,
    pub experimental: Vec<CheckItem>,
    pub experimental_all: bool,
    pub error: bool,
}

/// Parse a `check=` value as `linter.ParseLintOptions` does; `base` is the offset of `value` in the file,
/// for the items' spans. The error text is BuildKit's.
pub fn parse_check_options(value: &str, base: usize) -> Result<CheckOptions, String> {
    let mut options = CheckOptions::default();
    let (s, s_off) = trim_with_offset(value, base);
    if s.is_empty() {
        return Ok(options);
    }
    // `strings.SplitN(s, ";", 3)`: a fourth option stays inside the third part.
    let mut parts = Vec::new();
    let (mut rest, mut off) = (s, s_off);
    while parts.len() < 2 {
        let Some(i) = rest.find(';') else { break };
        parts.push((&rest[..i], off));
        off += i + 1;
        rest = &rest[i + 1..];
    }
    parts.push((rest, off));

    for (part, off) in parts {
        let Some(eq) = part.find('=') else {
            return Err(format!("invalid check option {}", go_quote(part)));
        };
        let key = part[..eq].trim();
        let (v, v_off) = trim_with_offset(&part[eq + 1..], off + eq + 1);
        match key {
            "skip" if v == "all" => {
                options.skip_all = Some(CheckItem { name: v.to_string(), span: Span::new(v_off, v_off + v.len()) })
            }
            "skip" => options.skip = split_items(v, v_off),
            "experimental" if v == "all" => options.experimental_all = true,
            "experimental" => options.experimental = split_items(v, v_off),
            "error" => {
                options.error = parse_go_bool(v).ok_or_else(|| {
                    format!(
                        "failed to parse check option {}: strconv.ParseBool: parsing {}: invalid syntax",
                        go_quote(part),
                        go_quote(v)
                    )
                })?
            }
            _ => return Err(format!("invalid check option {}", go_quote(key))),
        }
    }
    Ok(options)
}

/// A comma list of check names, each trimmed (empty ones dropped: they name nothing).
fn split_items(list: &str, base: usize) -> Vec<CheckItem> {
    let mut items = Vec::new();
    let mut off = base;
    for piece in list.split(',') {
        let (name, name_off) = trim_with_offset(piece, off);
        if !name.is_empty() {
            items.push(CheckItem { name: name.to_string(), span: Span::new(name_off, name_off + name.len()) });
        }
        off += piece.len() + 1;
    }
    items
}

/// `strings.TrimSpace`, keeping track of where the result starts.
fn trim_with_offset(s: &str, base: usize) -> (&str, usize) {
    let start = s.len() - s.trim_start().len();
    (s.trim(), base + start)
}

/// Go's `strconv.ParseBool`.
fn parse_go_bool(s: &str) -> Option<bool> {
    match s {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

/// Go's `%q` for the strings BuildKit quotes in its messages.
fn go_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Whitespace as RE2's `\s` means it: `[\t\n\f\r ]`.
fn is_re_space(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\x0c' | '\r' | ' ')
}

/// BuildKit's directive regexp `^([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$` on one line: the key, the value
/// and the value's offset in `line`.
fn match_directive(line: &str) -> Option<(&str, &str, usize)> {
    if !line.as_bytes().first()?.is_ascii_alphabetic() {
        return None;
    }
    let key_end = line.bytes().position(|b| !b.is_ascii_alphanumeric()).unwrap_or(line.len());
    let after_eq = line[key_end..].trim_start_matches(is_re_space).strip_prefix('=')?;
    let value_part = after_eq.trim_start_matches(is_re_space);
    let (value, start) = if value_part.is_empty() {
        // `(.+?)` needs one character: the regexp gives it the last blank.
        let (last, _) = after_eq.char_indices().last()?;
        (&after_eq[last..], line.len() - (after_eq.len() - last))
    } else {
        (value_part.trim_end_matches(is_re_space), line.len() - value_part.len())
    };
    Some((&line[..key_end], value, start))
}

/// The file's `# check=` directive as BuildKit's `parser.ParseDirective("check", dt)` finds it: a BOM
/// and a leading `#!` line are skipped, lines are not left-trimmed, the directive section ends at the
/// first line that is not a known directive (or repeats one), and the value is cut at the first space.
/// Returns the value, its offset in `text`, and the directive line's span.
fn find_check_directive(text: &str) -> Option<(&str, usize, Span)> {
    let mut off = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    if text[off..].starts_with("#!") {
        off += text[off..].find('\n')? + 1;
    }
    let mut seen: Vec<String> = Vec::new();
    for raw in text[off..].split_inclusive('\n') {
        let line_start = off;
        off += raw.len();
        let line = raw.strip_suffix('\n').unwrap_or(raw);
        let line = line.strip_suffix('\r').unwrap_or(line);
        let after_hash = line.strip_prefix('#')?;
        let body = after_hash.trim_start();
        let body_off = line_start + 1 + (after_hash.len() - body.len());
        let (key, value, value_off) = match_directive(body)?;
        let key = key.to_ascii_lowercase();
        if !matches!(key.as_str(), "syntax" | "escape" | "check") || seen.contains(&key) {
            return None;
        }
        if key == "check" {
            let value = value.split(' ').next().unwrap_or_default();
            return Some((value, body_off + value_off, Span::new(line_start, line_start + line.len())));
        }
        seen.push(key);
    }
    None
}

/// Which comment form an entry was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Layerlint,
    Hadolint,
    CheckDirective,
    /// `--build-arg BUILDKIT_DOCKERFILE_CHECK=…`: applied, never reported (it is not in the file).
    CheckBuildArg,
    CheckComment,
}

impl Form {
    fn is_check(self) -> bool {
        matches!(self, Form::CheckDirective | Form::CheckBuildArg | Form::CheckComment)
    }
}

/// Where an entry applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    File,
    Instruction(usize),
    /// An instruction-level ignore with no instruction directly below it.
    Nowhere,
}

/// What an entry names.
#[derive(Debug, Clone)]
enum Target {
    /// These rules (empty for a BuildKit check layerlint has no rule for).
    Rules(Vec<&'static Rule>),
    /// `skip=all`: every (non-experimental) BuildKit check.
    AllBuildkit,
    /// Nothing layerlint knows; the message says what it could have meant.
    Unknown(String),
    /// Can never suppress anything, for this reason.
    NoEffect(String),
}

/// One name in one suppression comment.
#[derive(Debug, Clone)]
struct Entry {
    form: Form,
    text: String,
    span: Span,
    scope: Scope,
    target: Target,
    used: bool,
}

/// The experimental checks a `check=` turns on.
#[derive(Debug, Clone, Default)]
struct Experimental {
    all: bool,
    names: Vec<String>,
}

impl Experimental {
    fn from_options(options: &CheckOptions) -> Experimental {
        Experimental {
            all: options.experimental_all,
            names: options.experimental.iter().map(|i| i.name.clone()).collect(),
        }
    }

    fn enables(&self, check: &str) -> bool {
        self.all || self.names.iter().any(|n| n == check)
    }
}

/// Everything a file says about its own findings, read before the rules run.
#[derive(Debug, Clone, Default)]
pub struct Inline {
    entries: Vec<Entry>,
    /// `error=true` in the file's effective check options.
    check_error_on_warn: bool,
    file_experimental: Experimental,
    /// Per instruction, the experimental checks its `# check=` comment turns on.
    comment_experimental: Vec<Experimental>,
    /// A check directive (or build-arg) BuildKit would refuse: where, and BuildKit's message.
    check_parse_error: Option<(Span, String)>,
    /// The line of the file's `# check=` directive. After a shebang it is also a comment above the
    /// first instruction; read once, as the directive.
    directive_line: Option<Span>,
}

impl Inline {
    pub fn read(tree: &Dockerfile, options: &LintOptions) -> Inline {
        let mut inline = Inline {
            comment_experimental: vec![Experimental::default(); tree.instructions.len()],
            ..Inline::default()
        };
        inline.read_file_check(tree, options);
        inline.read_pragmas(tree);
        inline.read_check_comments(tree);
        inline
    }

    /// The file's check options: the build-arg if given (it replaces the directive), else the directive.
    fn read_file_check(&mut self, tree: &Dockerfile, options: &LintOptions) {
        let (parsed, form) = if let Some(value) = options.build_args.get(CHECK_BUILD_ARG) {
            let parsed = parse_check_options(value, 0)
                .map_err(|e| (Span::new(0, 0), format!("failed to parse build-arg:{CHECK_BUILD_ARG}: {e}")));
            (parsed, Form::CheckBuildArg)
        } else if let Some((value, offset, line)) = find_check_directive(&tree.text) {
            self.directive_line = Some(line);
            let parsed =
                parse_check_options(value, offset).map_err(|e| (line, format!("failed to parse check options: {e}")));
            (parsed, Form::CheckDirective)
        } else {
            return;
        };
        match parsed {
            Ok(check) => {
                self.check_error_on_warn = check.error;
                self.file_experimental = Experimental::from_options(&check);
                self.add_check_items(&check, form, Scope::File, None);
            }
            Err(error) => self.check_parse_error = Some(error),
        }
    }

    fn add_check_items(&mut self, check: &CheckOptions, form: Form, scope: Scope, keyword: Option<Keyword>) {
        if let Some(all) = &check.skip_all {
            self.entries.push(Entry {
                form,
                text: all.name.clone(),
                span: all.span,
                scope,
                target: Target::AllBuildkit,
                used: false,
            });
        }
        for item in &check.skip {
            let target = check_target(&item.name, keyword);
            self.entries.push(Entry { form, text: item.name.clone(), span: item.span, scope, target, used: false });
        }
    }

    /// `# layerlint [global] ignore=…` and `# hadolint [global] ignore=…` comments.
    fn read_pragmas(&mut self, tree: &Dockerfile) {
        let comments: Vec<(usize, Span)> = tree.comments.iter().map(|c| (c.line, c.span)).collect();
        self.read_pragma_comments(&tree.text, &comments, |line| {
            let found = tree.instructions.partition_point(|i| i.start_line < line);
            tree.instructions.get(found).is_some_and(|i| i.start_line == line).then_some(found)
        });
    }

    /// Reads the ignore comments among `comments` (line and span, in line order); `unit_at(line)` is
    /// the instruction (or pattern) that starts on that line, which a comment block directly above it
    /// applies to.
    fn read_pragma_comments(
        &mut self,
        text: &str,
        comments: &[(usize, Span)],
        unit_at: impl Fn(usize) -> Option<usize>,
    ) {
        // For each comment, the first line below its block of consecutive comment lines.
        let mut below_block = vec![0; comments.len()];
        for index in (0..comments.len()).rev() {
            below_block[index] = match comments.get(index + 1) {
                Some(next) if next.0 == comments[index].0 + 1 => below_block[index + 1],
                _ => comments[index].0 + 1,
            };
        }
        for (index, (_, span)) in comments.iter().enumerate() {
            let raw = text.get(span.range()).unwrap_or_default();
            let Some(after_hash) = raw.strip_prefix('#') else {
                continue;
            };
            let body = after_hash.trim_start();
            let body_off = span.start + 1 + (after_hash.len() - body.len());
            let Some(Pragma { form, global, items }) = parse_pragma(body, body_off) else {
                continue;
            };
            let scope = if global {
                Scope::File
            } else {
                unit_at(below_block[index]).map_or(Scope::Nowhere, Scope::Instruction)
            };
            for (text, span) in items {
                let target = selector_target(&text, form);
                self.entries.push(Entry { form, text, span, scope, target, used: false });
            }
        }
    }

    /// The suppressions of a `.dockerignore`: `# layerlint [global] ignore=…` (and hadolint's) comment
    /// lines, each applying to the pattern directly below its block, or (global) to the whole file.
    pub fn read_ignore_file(file: &IgnoreFile) -> Inline {
        let mut inline = Inline::default();
        let comments: Vec<(usize, Span)> =
            file.comments.iter().map(|(line, range)| (*line, Span::new(range.start, range.end))).collect();
        // In a `.dockerignore` the unit a comment applies to is the line below it, if it holds a
        // pattern (or a line Docker refuses, where IGN002 reports).
        inline.read_pragma_comments(&file.text, &comments, |line| {
            let holds_pattern = file.ignore.patterns().iter().any(|p| p.line() == line);
            (holds_pattern || file.errors.iter().any(|e| e.line == line)).then_some(line)
        });
        inline
    }

    /// [`Inline::apply`] for a `.dockerignore`: its findings sit on pattern lines.
    pub fn apply_to_ignore_file(
        &mut self,
        file: &IgnoreFile,
        options: &LintOptions,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let line_of = |span: Span| Some(file.line_index.line_of(span.start));
        self.apply_in(&file.text, &line_of, &|_| None, options, diagnostics);
    }

    /// Per-instruction `# check=` comments: the first comment of an instruction's `PrevComment` whose
    /// directive name is `check` decides; one that does not parse is ignored, as BuildKit ignores it.
    fn read_check_comments(&mut self, tree: &Dockerfile) {
        let mut previous_end = 0;
        for (index, instruction) in tree.instructions.iter().enumerate() {
            // BuildKit's PrevComment: the comment lines since the previous instruction, reset by an empty `#`.
            let first = tree.comments.partition_point(|c| c.line <= previous_end);
            let end = tree.comments.partition_point(|c| c.line < instruction.start_line);
            let above = tree.comments.get(first..end).unwrap_or_default();
            let since_reset = above.iter().rposition(|c| c.text.is_empty()).map_or(0, |i| i + 1);
            previous_end = instruction.end_line;
            for comment in above[since_reset..]
                .iter()
                .filter(|c| !matches!(self.directive_line, Some(d) if d.range().contains(&c.span.start)))
            {
                let Some((key, value, value_off)) = match_directive(&comment.text) else {
                    continue;
                };
                if !key.eq_ignore_ascii_case("check") {
                    continue;
                }
                let value = value.split(' ').next().unwrap_or_default();
                let line = tree.slice(comment.span);
                // `text` is the comment's `TrimSpace(line[1:])`; find where it starts in the file.
                let text_off = line
                    .get(1..)
                    .and_then(|l| l.find(comment.text.as_str()))
                    .map_or(comment.span.start, |i| comment.span.start + 1 + i);
                match parse_check_options(value, text_off + value_off) {
                    Ok(check) => {
                        self.comment_experimental[index] = Experimental::from_options(&check);
                        self.add_check_items(
                            &check,
                            Form::CheckComment,
                            Scope::Instruction(index),
                            Some(instruction.kind),
                        );
                    }
                    Err(error) => self.entries.push(Entry {
                        form: Form::CheckComment,
                        text: comment.text.clone(),
                        span: comment.span,
                        scope: Scope::Instruction(index),
                        target: Target::NoEffect(format!(
                            "BuildKit ignores a `# check=` comment that does not parse ({error})"
                        )),
                        used: false,
                    }),
                }
                break;
            }
        }
    }

    /// The rules to run: the selected ones, plus experimental BuildKit checks this file turns on with
    /// `experimental=` (unless the configuration or command line ignores them).
    pub fn rules_to_run(&self, options: &LintOptions) -> Vec<&'static Rule> {
        let mut run = options.rules.clone();
        for rule in rules::ALL.iter().copied() {
            let Some(check) = rule.buildkit_name() else {
                continue;
            };
            let turned_on =
                self.file_experimental.enables(check) || self.comment_experimental.iter().any(|e| e.enables(check));
            if EXPERIMENTAL.contains(&check)
                && turned_on
                && !run.iter().any(|r| r.code == rule.code)
                && !options.ignored.contains(&rule.code)
            {
                run.push(rule);
            }
        }
        run
    }

    /// Drop the suppressed findings, apply `error=true`, and add the findings about the suppressions
    /// themselves (`SUP001`, and `SYN001` for a check directive BuildKit refuses).
    pub fn apply(&mut self, tree: &Dockerfile, options: &LintOptions, diagnostics: &mut Vec<Diagnostic>) {
        let keyword_of = |i: usize| tree.instructions.get(i).map(|inst| inst.kind);
        self.apply_in(&tree.text, &|span| instruction_at(tree, span), &keyword_of, options, diagnostics);
    }

    /// Applies the suppressions where `unit_of` says which instruction (or line) a finding is on, and
    /// `keyword_of` what kind of instruction that is.
    fn apply_in(
        &mut self,
        text: &str,
        unit_of: &dyn Fn(Span) -> Option<usize>,
        keyword_of: &dyn Fn(usize) -> Option<Keyword>,
        options: &LintOptions,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let selected = self.rules_to_run(options);
        let is_selected = |code: &str| selected.iter().any(|r| r.code == code);
        let mut file_wide = Vec::new();
        let mut by_instruction: std::collections::HashMap<usize, Vec<usize>> = std::collections::HashMap::new();
        for (index, entry) in self.entries.iter().enumerate() {
            match entry.scope {
                Scope::File => file_wide.push(index),
                Scope::Instruction(i) => by_instruction.entry(i).or_default().push(index),
                Scope::Nowhere => {}
            }
        }
        let mut kept = Vec::with_capacity(diagnostics.len());
        for mut diagnostic in diagnostics.drain(..) {
            let Some(rule) = rules::ALL.iter().copied().find(|r| r.code == diagnostic.code) else {
                kept.push(diagnostic);
                continue;
            };
            let instruction = unit_of(diagnostic.span);
            let check = rule.buildkit_name();
            if let Some(check) = check.filter(|c| EXPERIMENTAL.contains(c)) {
                let by_comment = instruction.is_some_and(|i| {
                    self.comment_experimental.get(i).is_some_and(|e| e.enables(check))
                        && keyword_of(i).is_some_and(|kind| comment_applies(check, kind))
                });
                let selected_by_user = options.rules.iter().any(|r| r.code == rule.code);
                if !selected_by_user && !self.file_experimental.enables(check) && !by_comment {
                    continue;
                }
            }
            let mut suppressed = false;
            let here = instruction.and_then(|i| by_instruction.get(&i)).map_or(&[][..], Vec::as_slice);
            for &index in file_wide.iter().chain(here) {
                let entry = &mut self.entries[index];
                if entry.suppresses(rule, instruction, keyword_of) {
                    entry.used = true;
                    suppressed = true;
                }
            }
            if suppressed {
                continue;
            }
            if self.check_error_on_warn && check.is_some() {
                diagnostic.severity = Severity::Error;
                diagnostic.notes.push(
                    "the file's `check=error=true` makes `docker build` fail on any BuildKit check finding".to_string(),
                );
            }
            kept.push(diagnostic);
        }
        *diagnostics = kept;

        let syn001 = rules::ALL.iter().copied().find(|r| r.code == "SYN001");
        if let (Some((span, message)), Some(rule)) = (self.check_parse_error.clone(), syn001) {
            if is_selected(rule.code) {
                diagnostics.push(Diagnostic {
                    code: rule.code,
                    name: rule.name,
                    severity: options.severity_of(rule),
                    message,
                    span,
                    label: "BuildKit rejects this".to_string(),
                    secondary: Vec::new(),
                    notes: vec!["`docker build` fails before any lint check runs".to_string()],
                    help: Some(
                        "write `# check=skip=<Name>[,<Name>…]|all;error=<bool>;experimental=<Name>[,…]|all`"
                            .to_string(),
                    ),
                    fix: None,
                });
            }
        }

        let Some(sup001) = rules::ALL.iter().copied().find(|r| r.code == "SUP001") else {
            return;
        };
        if !is_selected(sup001.code) {
            return;
        }
        let mut unused = Vec::new();
        for entry in &self.entries {
            let Some(message) = entry.unused_message(&selected) else {
                continue;
            };
            unused.push(Diagnostic {
                code: sup001.code,
                name: sup001.name,
                severity: options.severity_of(sup001),
                message,
                span: entry.span,
                label: "suppresses nothing".to_string(),
                secondary: Vec::new(),
                notes: Vec::new(),
                help: Some("remove it, or correct the name".to_string()),
                fix: (entry.form == Form::Layerlint).then(|| removal(text, entry.span)).flatten(),
            });
        }
        // SUP001 findings answer only to file-wide ignores (they sit on comments, not instructions).
        let mut silencers = self
            .entries
            .iter_mut()
            .filter(|e| e.scope == Scope::File && !e.form.is_check() && e.covers(sup001))
            .peekable();
        if silencers.peek().is_none() {
            diagnostics.extend(unused);
        } else if !unused.is_empty() {
            silencers.for_each(|e| e.used = true);
        }
    }
}

impl Entry {
    /// Whether this entry names `rule` (for the check forms: through its BuildKit name).
    fn covers(&self, rule: &Rule) -> bool {
        match &self.target {
            Target::Rules(rules) => rules.iter().any(|r| r.code == rule.code),
            Target::AllBuildkit => rule.buildkit_name().is_some_and(|c| !EXPERIMENTAL.contains(&c)),
            Target::Unknown(_) | Target::NoEffect(_) => false,
        }
    }

    fn suppresses(
        &self,
        rule: &Rule,
        instruction: Option<usize>,
        keyword_of: &dyn Fn(usize) -> Option<Keyword>,
    ) -> bool {
        let in_scope = match self.scope {
            Scope::File => true,
            Scope::Instruction(i) => instruction == Some(i),
            Scope::Nowhere => false,
        };
        if !in_scope || !self.covers(rule) {
            return false;
        }
        match (self.form, rule.buildkit_name(), self.scope) {
            (Form::CheckComment, Some(check), Scope::Instruction(i)) => {
                keyword_of(i).is_some_and(|kind| comment_applies(check, kind))
            }
            (Form::CheckComment | Form::CheckDirective | Form::CheckBuildArg, None, _) => false,
            _ => true,
        }
    }

    /// Why this entry is worth a SUP001 finding, if it is.
    fn unused_message(&self, selected: &[&'static Rule]) -> Option<String> {
        if self.form == Form::CheckBuildArg || self.used {
            return None;
        }
        let text = &self.text;
        let where_ = match self.scope {
            Scope::File => "in this file",
            Scope::Instruction(_) => "on the line below it",
            Scope::Nowhere => {
                return Some(format!(
                    "`{text}` suppresses nothing: this ignore comment is not directly above an instruction or pattern (a blank line or the end of the file follows it)"
                ))
            }
        };
        match &self.target {
            Target::Unknown(why) => Some(why.clone()),
            Target::NoEffect(why) => Some(format!("`{text}` suppresses nothing: {why}")),
            Target::Rules(rules) => {
                let relevant: Vec<&str> =
                    rules.iter().filter(|r| selected.iter().any(|s| s.code == r.code)).map(|r| r.code).collect();
                let names_sup001 = rules.iter().any(|r| r.code == "SUP001");
                let what = if relevant.len() <= 3 {
                    format!("{} finding", relevant.join("/"))
                } else {
                    "finding it names".to_string()
                };
                (!relevant.is_empty() && !names_sup001)
                    .then(|| format!("`{text}` suppresses nothing: no {what} {where_}"))
            }
            Target::AllBuildkit => {
                let relevant = selected.iter().any(|r| r.buildkit_name().is_some_and(|c| !EXPERIMENTAL.contains(&c)));
                relevant.then(|| format!("`skip=all` suppresses nothing: no BuildKit check fires {where_}"))
            }
        }
    }
}

/// What a `# layerlint`/`# hadolint` ignore entry names.
fn selector_target(text: &str, form: Form) -> Target {
    if text.eq_ignore_ascii_case("ALL") {
        return Target::Rules(rules::ALL.to_vec());
    }
    let matched: Vec<&'static Rule> = rules::ALL.iter().copied().filter(|r| r.matches(text)).collect();
    if !matched.is_empty() {
        return Target::Rules(matched);
    }
    // A hadolint code layerlint has no rule for yet (`DL3006`, `SC2086`) is left alone: the comment may be
    // there for hadolint itself, which teams often run alongside for a while.
    if form == Form::Hadolint && is_hadolint_code(text) {
        return Target::Rules(Vec::new());
    }
    Target::Unknown(match form {
        Form::Hadolint => format!("`{text}` is not the alias of any layerlint rule, so this hadolint ignore does nothing here"),
        _ => format!("`{text}` names no layerlint rule (use a code like SYN001, a name like parse-error, a code prefix or an alias)"),
    })
}

/// `DL` or `SC` followed by four digits: the shape of hadolint's (and ShellCheck's) codes.
fn is_hadolint_code(text: &str) -> bool {
    let upper = text.to_ascii_uppercase();
    (upper.starts_with("DL") || upper.starts_with("SC"))
        && text.len() == 6
        && text[2..].bytes().all(|b| b.is_ascii_digit())
}

/// What a `check=skip=` entry names; `keyword` is the instruction a per-instruction comment is above.
fn check_target(name: &str, keyword: Option<Keyword>) -> Target {
    if EXPERIMENTAL.contains(&name) {
        return Target::NoEffect(format!("BuildKit's `skip=` never turns off the experimental check {name}"));
    }
    if let Some(keyword) = keyword {
        if !comment_applies(name, keyword) && BUILDKIT_CHECKS.contains(&name) {
            let why = if FILE_LEVEL_ONLY.contains(&name) {
                format!("{name} runs for the whole file and a per-instruction `# check=` comment never reaches it; use the `# check=` directive at the top")
            } else {
                format!(
                    "above FROM a `# check=` comment applies only to the FROM line's own checks, and {name} is not one"
                )
            };
            return Target::NoEffect(why);
        }
    }
    if BUILDKIT_CHECKS.contains(&name) {
        return Target::Rules(rules::ALL.iter().copied().filter(|r| r.buildkit_name() == Some(name)).collect());
    }
    let hint = BUILDKIT_CHECKS
        .iter()
        .find(|c| c.eq_ignore_ascii_case(name))
        .map_or(String::new(), |c| format!(" (check names are case-sensitive: did you mean {c}?)"));
    Target::Unknown(format!("`{name}` is not a BuildKit check name{hint}"))
}

/// Whether a per-instruction `# check=` comment above an instruction of this kind reaches `check`.
fn comment_applies(check: &str, keyword: Keyword) -> bool {
    !FILE_LEVEL_ONLY.contains(&check) && (keyword != Keyword::From || FROM_LEVEL.contains(&check))
}

/// The instruction whose lines hold the start of `span`.
fn instruction_at(tree: &Dockerfile, span: Span) -> Option<usize> {
    let line = tree.line_index.line_of(span.start);
    let index = tree.instructions.partition_point(|i| i.start_line <= line).checked_sub(1)?;
    (tree.instructions[index].end_line >= line).then_some(index)
}

/// A `# layerlint …` or `# hadolint …` ignore comment: its form, whether it is global, and its entries
/// with their spans.
#[derive(Debug, PartialEq, Eq)]
struct Pragma {
    form: Form,
    global: bool,
    items: Vec<(String, Span)>,
}

/// `layerlint [global] ignore=A,B …` or `hadolint [global] ignore=A,B …` (the text after `#`); text
/// after the list (a reason) is allowed. Returns the form, whether it is global, and the entries with
/// their spans (`body_off` is where `body` starts in the file).
fn parse_pragma(body: &str, body_off: usize) -> Option<Pragma> {
    let (form, rest) = if let Some(rest) = body.strip_prefix("layerlint") {
        (Form::Layerlint, rest)
    } else {
        (Form::Hadolint, body.strip_prefix("hadolint")?)
    };
    let rest = rest.strip_prefix(char::is_whitespace)?.trim_start();
    let (global, rest) = match rest.strip_prefix("global") {
        Some(after) if after.starts_with(char::is_whitespace) => (true, after.trim_start()),
        _ => (false, rest),
    };
    let mut rest = rest.strip_prefix("ignore")?.trim_start().strip_prefix('=')?.trim_start();
    let mut items = Vec::new();
    loop {
        let end = rest.find(|c: char| c.is_whitespace() || c == ',').unwrap_or(rest.len());
        if end == 0 {
            break;
        }
        let start = body_off + (body.len() - rest.len());
        items.push((rest[..end].to_string(), Span::new(start, start + end)));
        match rest[end..].trim_start().strip_prefix(',') {
            Some(next) => rest = next.trim_start(),
            None => break,
        }
    }
    (!items.is_empty()).then_some(Pragma { form, global, items })
}

/// Removing an unused `# layerlint ignore=` entry: its name and one comma from the list, or the whole
/// comment line when it is the list's only name. Safe: it suppressed nothing.
fn removal(text: &str, entry: Span) -> Option<Fix> {
    let name = text.get(entry.start..entry.end)?;
    let line_start = text[..entry.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[entry.end..].find('\n').map_or(text.len(), |i| entry.end + i);
    let line = &text[line_start..line_end];
    if !line.trim_start().starts_with('#') || !line.contains("layerlint") {
        return None;
    }
    // Blanks around the commas are allowed (`A, B`): look past them.
    let past_blanks = |at: usize| line_end - text[at..line_end].trim_start_matches([' ', '\t']).len();
    let after_blanks = past_blanks(entry.end);
    let before_blanks = line_start + text[line_start..entry.start].trim_end_matches([' ', '\t']).len();
    let edit = if text[after_blanks..line_end].starts_with(',') {
        Edit::delete(Span::new(entry.start, past_blanks(after_blanks + 1)))
    } else if text[line_start..before_blanks].ends_with(',') {
        Edit::delete(Span::new(before_blanks - 1, entry.end))
    } else {
        // The only name: the comment goes, with its line break; but not above the first instruction,
        // where removing it could turn a following comment into a parser directive.
        let first_instruction = text.lines().position(|l| {
            let l = l.trim_start();
            !l.is_empty() && !l.starts_with('#')
        });
        let line_number = text[..line_start].matches('\n').count();
        if first_instruction.is_none_or(|first| line_number < first) {
            return None;
        }
        Edit::delete(Span::new(line_start, (line_end + 1).min(text.len())))
    };
    Some(Fix::safe(format!("Remove `{name}` from the comment"), vec![edit]))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text after removing `name` (its first occurrence after `ignore=`) with [`removal`].
    fn removed(text: &str, name: &str) -> Option<String> {
        let at = text.find("ignore=")? + text[text.find("ignore=")?..].find(name)?;
        let fix = removal(text, Span::new(at, at + name.len()))?;
        Some(crate::fix::apply(text, &[&fix]).0)
    }

    #[test]
    fn unused_entries_go_with_their_comma_and_blanks() {
        let file = "FROM a\n# layerlint ignore=SYN004, LYR001 -- why\nRUN x\n";
        assert_eq!(removed(file, "LYR001").as_deref(), Some("FROM a\n# layerlint ignore=SYN004 -- why\nRUN x\n"));
        assert_eq!(removed(file, "SYN004").as_deref(), Some("FROM a\n# layerlint ignore=LYR001 -- why\nRUN x\n"));
        let alone = "FROM a\n# layerlint ignore=LYR001\nRUN x\n";
        assert_eq!(removed(alone, "LYR001").as_deref(), Some("FROM a\nRUN x\n"));
        // Above the first instruction a removed line could turn the next comment into a directive.
        assert_eq!(removed("# layerlint ignore=LYR001\n# check=error=true\nFROM a\n", "LYR001"), None);
    }

    fn item(name: &str, start: usize) -> CheckItem {
        CheckItem { name: name.to_string(), span: Span::new(start, start + name.len()) }
    }

    #[test]
    fn check_options_parse_as_buildkit_does() {
        let o = parse_check_options("skip=A, B;error=true", 0).unwrap();
        assert_eq!(o.skip, vec![item("A", 5), item("B", 8)]);
        assert!(o.error && o.skip_all.is_none());
        let o = parse_check_options(" skip=all ; experimental=all", 10).unwrap();
        assert_eq!(o.skip_all, Some(item("all", 16)));
        assert!(o.experimental_all);
        // A fourth option stays inside the third part's value.
        let o = parse_check_options("skip=A;error=false;experimental=B;foo=bar", 0).unwrap();
        assert_eq!(o.experimental.iter().map(|i| i.name.as_str()).collect::<Vec<_>>(), ["B;foo=bar"]);
        assert_eq!(parse_check_options("", 0), Ok(CheckOptions::default()));
        assert_eq!(parse_check_options("foo", 0).unwrap_err(), "invalid check option \"foo\"");
        assert_eq!(parse_check_options("foo=bar", 0).unwrap_err(), "invalid check option \"foo\"");
        assert_eq!(
            parse_check_options("error=yes", 0).unwrap_err(),
            "failed to parse check option \"error=yes\": strconv.ParseBool: parsing \"yes\": invalid syntax"
        );
        assert!(parse_check_options("error=T", 0).unwrap().error);
    }

    #[test]
    fn check_directive_is_found_as_parse_directive_finds_it() {
        let value = |t: &str| find_check_directive(t).map(|(v, _, _)| v.to_string());
        assert_eq!(value("# check=skip=all\nFROM a\n"), Some("skip=all".into()));
        assert_eq!(value("#!/bin/x\n# escape=`\n#CHECK = skip=A // why\nFROM a\n"), Some("skip=A".into()));
        assert_eq!(value("\u{feff}# check=skip=A\r\nFROM a\n"), Some("skip=A".into()));
        // Not left-trimmed, unlike the AST parser.
        assert_eq!(value("  # check=skip=A\nFROM a\n"), None);
        // The directive section ends at a plain comment, a blank line or an unknown directive.
        assert_eq!(value("# hello\n# check=skip=A\n"), None);
        assert_eq!(value("\n# check=skip=A\n"), None);
        assert_eq!(value("# foo=bar\n# check=skip=A\n"), None);
        // A repeated directive stops the parser; the first check directive is used.
        assert_eq!(value("# syntax=a\n# syntax=b\n# check=skip=A\n"), None);
        let text = "# syntax=x\n# check = skip=A,B\n";
        let (v, off, line) = find_check_directive(text).unwrap();
        assert_eq!(&text[off..off + v.len()], "skip=A,B");
        assert_eq!(&text[line.range()], "# check = skip=A,B");
    }

    #[test]
    fn directive_regexp_quirks() {
        assert_eq!(match_directive("check=skip=A  "), Some(("check", "skip=A", 6)));
        assert_eq!(match_directive("check =  x"), Some(("check", "x", 9)));
        assert_eq!(match_directive("check= "), Some(("check", " ", 6)));
        assert_eq!(match_directive("check="), None);
        assert_eq!(match_directive("# check=x"), None);
        assert_eq!(match_directive("1check=x"), None);
    }

    #[test]
    fn pragmas() {
        let body = "layerlint ignore=SYN001, DL3008 because reasons";
        let Pragma { form, global, items } = parse_pragma(body, 100).unwrap();
        assert_eq!((form, global), (Form::Layerlint, false));
        assert_eq!(
            items,
            vec![("SYN001".to_string(), Span::new(117, 123)), ("DL3008".to_string(), Span::new(125, 131))]
        );
        let Pragma { form, global, items } = parse_pragma("hadolint global ignore = DL3006", 0).unwrap();
        assert_eq!((form, global, items.len()), (Form::Hadolint, true, 1));
        assert!(parse_pragma("layerlint ignore=", 0).is_none());
        assert!(parse_pragma("layerlintignore=X", 0).is_none());
        assert!(parse_pragma("hadolint shell=bash", 0).is_none());
        assert!(parse_pragma("layerlint ignore SYN001", 0).is_none());
    }

    #[test]
    fn per_instruction_comments_reach_only_what_buildkit_lets_them() {
        assert!(comment_applies("JSONArgsRecommended", Keyword::Cmd));
        assert!(!comment_applies("JSONArgsRecommended", Keyword::From));
        assert!(comment_applies("StageNameCasing", Keyword::From));
        assert!(!comment_applies("ConsistentInstructionCasing", Keyword::Run));
        assert!(!comment_applies("DuplicateStageName", Keyword::From));
    }
}
