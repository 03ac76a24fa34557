//! The rules. Each lives in its own file, `src/rules/<category>/<code>_<name>.rs`, defining a `RULE`
//! constant: metadata (code, name, default severity, aliases, summary) beside its check, a small pure
//! function over the model. `build.rs` collects the files, so adding a rule touches no central list.

pub use crate::diagnostic::{Edit, Fix};
use crate::diagnostic::{Label, Severity};
use crate::model::ignore_file::IgnoreModel;
use crate::model::Model;
use crate::syntax::source::Span;

include!(concat!(env!("OUT_DIR"), "/registry.rs"));

pub mod copies;
pub mod images;
pub mod packages;

/// Whether a rule's findings can be fixed automatically.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fixable {
    No,
    /// The fix keeps the build's meaning.
    Safe,
    /// The fix may change behaviour; applied only with `--unsafe-fixes`.
    Unsafe,
}

/// A rule: its identity, defaults and check.
pub struct Rule {
    /// Stable code, e.g. `SYN002`.
    pub code: &'static str,
    /// Stable kebab-case name, e.g. `json-args-recommended`.
    pub name: &'static str,
    pub severity: Severity,
    /// Off-by-default policy rules ("off" in the catalog) run only when selected.
    pub default_enabled: bool,
    /// Codes and names other tools use for the same finding (hadolint, BuildKit, Trivy, Checkov). The
    /// BuildKit check name, where there is one, comes last: tools that map a code to one alias take the last.
    pub aliases: &'static [&'static str],
    /// One sentence for listings.
    pub summary: &'static str,
    pub fixable: Fixable,
    /// The options `[rules.<CODE>]` may set; any other key there is a config error.
    pub options: &'static [RuleOption],
    /// What the rule reads and how it checks it.
    pub check: Check,
}

/// A rule's check, by the kind of file it reads.
#[derive(Clone, Copy)]
pub enum Check {
    /// A Dockerfile, through its model (stages, scopes, shell commands, the build context).
    Dockerfile(fn(&Model) -> Vec<Finding>),
    /// A `.dockerignore`, with the build context it belongs to and the Dockerfiles built from it.
    Dockerignore(fn(&IgnoreModel) -> Vec<Finding>),
    /// Findings the engine itself produces (unused suppressions), in either kind of file.
    Engine,
}

/// An option a rule reads from `[rules.<CODE>]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleOption {
    pub name: &'static str,
    pub kind: OptionKind,
    /// The default, as it would be written in TOML.
    pub default: &'static str,
    pub doc: &'static str,
    /// For integers: the smallest and largest value allowed.
    pub range: Option<(i64, i64)>,
}

impl RuleOption {
    /// Whether `value` is a valid setting: of the right type (and, for integers, within range).
    pub fn check(&self, value: &toml::Value) -> Result<(), String> {
        if !self.kind.accepts(value) {
            let kind = self.kind.as_str();
            let article = if kind.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
            return Err(format!("`{}` must be {article} {kind}, not {}", self.name, value.type_str()));
        }
        match (self.range, value.as_integer()) {
            (Some((low, high)), Some(n)) if n < low || n > high => {
                Err(format!("`{}` must be between {low} and {high}, not {n}", self.name))
            }
            _ => Ok(()),
        }
    }
}

/// The TOML type an option takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptionKind {
    Bool,
    Integer,
    String,
    StringList,
}

impl OptionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            OptionKind::Bool => "boolean",
            OptionKind::Integer => "integer",
            OptionKind::String => "string",
            OptionKind::StringList => "list of strings",
        }
    }

    /// Whether a TOML value has this type.
    pub fn accepts(self, value: &toml::Value) -> bool {
        match self {
            OptionKind::Bool => value.is_bool(),
            OptionKind::Integer => value.is_integer(),
            OptionKind::String => value.is_str(),
            OptionKind::StringList => value.as_array().is_some_and(|a| a.iter().all(toml::Value::is_str)),
        }
    }
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.code, self.name)
    }
}

impl Rule {
    /// The BuildKit check this rule mirrors, if any (its alias written in CamelCase).
    pub fn buildkit_name(&self) -> Option<&'static str> {
        self.aliases.iter().copied().find(|a| {
            a.chars().next().is_some_and(|c| c.is_ascii_uppercase()) && a.chars().any(|c| c.is_ascii_lowercase())
        })
    }

    /// Whether `selector` names this rule: its code, name, an alias, or a code prefix (`SYN`, `SYN00`).
    pub fn matches(&self, selector: &str) -> bool {
        self.code.eq_ignore_ascii_case(selector)
            || self.name.eq_ignore_ascii_case(selector)
            || self.aliases.iter().any(|a| a.eq_ignore_ascii_case(selector))
            || (!selector.is_empty()
                && selector.len() < self.code.len()
                && self.code.get(..selector.len()).is_some_and(|p| p.eq_ignore_ascii_case(selector)))
    }
}

/// Whether any rule answers to `selector` (for validating config and command-line lists).
pub fn is_known_selector(selector: &str) -> bool {
    selector.eq_ignore_ascii_case("ALL") || ALL.iter().any(|r| r.matches(selector))
}

/// The rule name, code or alias closest to a selector that names no rule (`undefined-vars` →
/// `undefined-var`), for a did-you-mean.
pub fn closest_selector(selector: &str) -> Option<&'static str> {
    let words = ALL
        .iter()
        .flat_map(|r| std::iter::once(r.name).chain(std::iter::once(r.code)).chain(r.aliases.iter().copied()));
    crate::suggest::closest(selector, words, false)
}

/// The rule with this exact code, name or alias.
pub fn find(key: &str) -> Option<&'static Rule> {
    ALL.iter().copied().find(|r| {
        r.code.eq_ignore_ascii_case(key)
            || r.name.eq_ignore_ascii_case(key)
            || r.aliases.iter().any(|a| a.eq_ignore_ascii_case(key))
    })
}

/// An edit replacing `span` with `content` when the file holds exactly `written` there: a token that a
/// continuation splits, or that came from expansion, is not rewritten.
pub fn replace_written(model: &Model, span: Span, written: &str, content: impl Into<String>) -> Option<Edit> {
    is_written(model, span, written).then(|| Edit::replace(span, content))
}

/// Whether the file holds exactly `written` at `span` (a token the parser saw as written, so that an
/// edit of its bytes means an edit of it).
pub fn is_written(model: &Model, span: Span, written: &str) -> bool {
    model.tree.text.get(span.start..span.end) == Some(written)
}

/// The syntax errors of one family, for the rules that report parse errors (SYN001, SYN018, SYN019).
pub fn syntax_errors<'m>(
    model: &'m Model,
    kind: crate::syntax::dockerfile::SyntaxErrorKind,
) -> impl Iterator<Item = &'m crate::syntax::dockerfile::SyntaxError> {
    model.tree.errors.iter().filter(move |e| e.kind == kind)
}

/// What a check reports: where and what; the engine adds the rule's code, name and severity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub span: Span,
    pub message: String,
    pub label: String,
    pub secondary: Vec<Label>,
    pub notes: Vec<String>,
    pub help: Option<String>,
    pub fix: Option<Fix>,
}

impl Finding {
    pub fn new(span: Span, message: impl Into<String>) -> Finding {
        Finding {
            span,
            message: message.into(),
            label: String::new(),
            secondary: Vec::new(),
            notes: Vec::new(),
            help: None,
            fix: None,
        }
    }

    pub fn fix(mut self, fix: Fix) -> Finding {
        self.fix = Some(fix);
        self
    }

    pub fn label(mut self, label: impl Into<String>) -> Finding {
        self.label = label.into();
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Finding {
        self.notes.push(note.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Finding {
        self.help = Some(help.into());
        self
    }

    pub fn secondary(mut self, span: Span, message: impl Into<String>) -> Finding {
        self.secondary.push(Label { span, message: message.into() });
        self
    }
}
