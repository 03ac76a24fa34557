//! `layerlint rule CODE|NAME|ALIAS` prints a rule's documentation; `rule --all` lists the registry.

use serde::Serialize;

use super::{DataFormat, RuleArgs, EXIT_CLEAN, EXIT_ERROR};
use crate::problem::Problem;
use crate::rules::{self, Fixable, Rule};

#[derive(Serialize)]
struct RuleJson<'a> {
    code: &'a str,
    name: &'a str,
    severity: &'a str,
    default_enabled: bool,
    aliases: &'a [&'a str],
    fixable: bool,
    summary: &'a str,
    options: Vec<OptionJson<'a>>,
}

#[derive(Serialize)]
struct OptionJson<'a> {
    name: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
    default: &'a str,
    doc: &'a str,
    /// For integers: `[smallest, largest]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    range: Option<(i64, i64)>,
}

fn rule_json(rule: &'static Rule) -> RuleJson<'static> {
    RuleJson {
        code: rule.code,
        name: rule.name,
        severity: rule.severity.as_str(),
        default_enabled: rule.default_enabled,
        aliases: rule.aliases,
        fixable: rule.fixable != Fixable::No,
        summary: rule.summary,
        options: rule
            .options
            .iter()
            .map(|o| OptionJson { name: o.name, kind: o.kind.as_str(), default: o.default, doc: o.doc, range: o.range })
            .collect(),
    }
}

pub fn run(args: &RuleArgs) -> u8 {
    let key = args.rule.as_deref().filter(|_| !args.all);
    let Some(key) = key else {
        print!("{}", listing(rules::ALL, args.format));
        return EXIT_CLEAN;
    };
    if let Some(rule) = rules::find(key) {
        match args.format {
            DataFormat::Json => {
                let mut value = serde_json::to_value(rule_json(rule)).unwrap_or_default();
                value["doc"] = rules::doc(rule.code).unwrap_or_default().into();
                println!("{}", serde_json::to_string_pretty(&value).unwrap_or_default());
            }
            DataFormat::Text => print!("{}", rules::doc(rule.code).unwrap_or_default()),
        }
        return EXIT_CLEAN;
    }
    // A code prefix (`SYN0`, `PIN`), as `--select` takes it: the rules it selects.
    let matching: Vec<&'static Rule> = rules::ALL.iter().copied().filter(|r| r.matches(key)).collect();
    if !matching.is_empty() {
        print!("{}", listing(&matching, args.format));
        return EXIT_CLEAN;
    }
    let help = match rules::closest_selector(key) {
        Some(near) => format!("did you mean `{near}`? `layerlint rule` lists every rule"),
        None => "name a rule by code (SYN002), name, alias or code prefix; `layerlint rule` lists every rule".into(),
    };
    Problem::new(format!("rule `{key}`: no rule answers to it"), help).print();
    EXIT_ERROR
}

/// The rules as a table (one line each) or as JSON.
pub fn listing(list: &[&'static Rule], format: DataFormat) -> String {
    match format {
        DataFormat::Json => {
            let list: Vec<RuleJson> = list.iter().map(|r| rule_json(r)).collect();
            serde_json::to_string_pretty(&list).unwrap_or_default() + "\n"
        }
        DataFormat::Text => {
            let width = list.iter().map(|r| r.name.len()).max().unwrap_or(0);
            list.iter()
                .map(|r| {
                    let off = if r.default_enabled { "" } else { " (off by default)" };
                    let fix = match r.fixable {
                        Fixable::No => "",
                        Fixable::Safe => " [fix]",
                        Fixable::Unsafe => " [unsafe fix]",
                    };
                    let aliases = if r.aliases.is_empty() {
                        String::new()
                    } else {
                        format!(" [aliases: {}]", r.aliases.join(", "))
                    };
                    format!(
                        "{:<7} {:<width$} {:<8} {}{off}{fix}{aliases}\n",
                        r.code,
                        r.name,
                        r.severity.as_str(),
                        r.summary
                    )
                })
                .collect()
        }
    }
}
