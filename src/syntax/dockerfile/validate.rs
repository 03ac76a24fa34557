//! The errors BuildKit's `instructions.Parse` raises for a parsed node: flags (BFlags), argument
//! counts, stage names, ONBUILD triggers, HEALTHCHECK options and RUN mount/network/security values.
//!
//! Each check runs in BuildKit's order so the reported error is the one BuildKit reports first.

use super::duration::{go_quote, parse_go_duration};
use super::heredoc::parse_heredoc;
use super::{Instruction, Keyword, SyntaxErrorKind};
use crate::suggest::closest as suggest;
use crate::syntax::source::Span;

#[derive(Clone, Copy, PartialEq, Eq)]
enum FlagType {
    Bool,
    Text,
    /// May be repeated.
    List,
}

use FlagType::{Bool, List, Text};

const ADD_FLAGS: &[(&str, FlagType)] = &[
    ("chown", Text),
    ("chmod", Text),
    ("link", Bool),
    ("keep-git-dir", Bool),
    ("checksum", Text),
    ("unpack", Bool),
    ("exclude", List),
];
const COPY_FLAGS: &[(&str, FlagType)] =
    &[("chown", Text), ("from", Text), ("chmod", Text), ("link", Bool), ("parents", Bool), ("exclude", List)];
const FROM_FLAGS: &[(&str, FlagType)] = &[("platform", Text)];
const RUN_FLAGS: &[(&str, FlagType)] = &[("mount", List), ("network", Text), ("security", Text), ("device", List)];
const HEALTHCHECK_FLAGS: &[(&str, FlagType)] =
    &[("interval", Text), ("timeout", Text), ("start-period", Text), ("start-interval", Text), ("retries", Text)];

fn flag_table(kind: Keyword) -> &'static [(&'static str, FlagType)] {
    match kind {
        Keyword::Add => ADD_FLAGS,
        Keyword::Copy => COPY_FLAGS,
        Keyword::From => FROM_FLAGS,
        Keyword::Run => RUN_FLAGS,
        Keyword::Healthcheck => HEALTHCHECK_FLAGS,
        _ => &[],
    }
}

type Failure = (String, Span);

/// The first error BuildKit raises for this instruction, with the span to underline and its family.
pub fn instruction_error(node: &Instruction) -> Option<(String, Span, SyntaxErrorKind)> {
    let (message, span) = check(node).err()?;
    let kind = if node.kind == Keyword::Onbuild && onbuild_trigger_error(node).as_ref() == Some(&message) {
        SyntaxErrorKind::InvalidOnbuildTrigger
    } else if node.kind == Keyword::Healthcheck && !message.contains("flag") {
        SyntaxErrorKind::InvalidHealthcheck
    } else {
        SyntaxErrorKind::General
    };
    Some((message, span, kind))
}

/// The error for a trigger BuildKit forbids: `ONBUILD ONBUILD`, `ONBUILD FROM`, `ONBUILD MAINTAINER`.
fn onbuild_trigger_error(node: &Instruction) -> Option<String> {
    let trigger = node.trigger.as_ref()?.keyword.trim().to_uppercase();
    match trigger.as_str() {
        "ONBUILD" => Some("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed".into()),
        "MAINTAINER" | "FROM" => Some(format!("{trigger} isn't allowed as an ONBUILD trigger")),
        _ => None,
    }
}

fn check(node: &Instruction) -> Result<(), Failure> {
    let whole = |message: String| (message, node.span);
    let args: Vec<&str> = node_args(node);
    let name = node.kind.as_str();
    let exactly_one = || {
        if args.len() != 1 {
            Err(whole(format!("{name} requires exactly one argument")))
        } else {
            Ok(())
        }
    };
    let at_least_one = || {
        if args.is_empty() {
            Err(whole(format!("{name} requires at least one argument")))
        } else {
            Ok(())
        }
    };
    match node.kind {
        Keyword::Env | Keyword::Label => {
            parse_flags(node, &[])?;
            at_least_one()?;
            if node.args.chunks(3).any(|kv| kv[0].value.is_empty()) {
                return Err(whole(format!("{name} names can not be blank")));
            }
        }
        Keyword::Maintainer | Keyword::Workdir | Keyword::User => {
            exactly_one()?;
            parse_flags(node, &[])?;
        }
        Keyword::Add | Keyword::Copy => {
            if args.len() < 2 {
                return Err(whole(format!(
                    "{name} requires at least two arguments, but only one was provided. Destination could not be determined"
                )));
            }
            parse_flags(node, flag_table(node.kind))?;
            let dest = node.args.last().map_or("", |a| a.value.as_str());
            if matches!(parse_heredoc(dest), Ok(Some(_))) {
                return Err(whole(format!("{name} cannot accept a heredoc as a destination")));
            }
        }
        Keyword::From => {
            check_stage_name(node, &args)?;
            parse_flags(node, FROM_FLAGS)?;
        }
        Keyword::Onbuild => {
            at_least_one()?;
            parse_flags(node, &[])?;
            if let Some(message) = onbuild_trigger_error(node) {
                return Err(whole(message));
            }
        }
        Keyword::Run => {
            parse_flags(node, RUN_FLAGS)?;
            check_run_options(node)?;
        }
        Keyword::Cmd | Keyword::Entrypoint => parse_flags(node, &[])?,
        Keyword::Healthcheck => check_healthcheck(node, &args)?,
        Keyword::Expose => {
            at_least_one()?;
            parse_flags(node, &[])?;
        }
        Keyword::Volume => {
            at_least_one()?;
            parse_flags(node, &[])?;
            if node.args.iter().any(|a| a.value.trim().is_empty()) {
                return Err(whole("VOLUME specified can not be an empty string".into()));
            }
        }
        // BuildKit never validates STOPSIGNAL's flags.
        Keyword::Stopsignal => exactly_one()?,
        Keyword::Arg => {
            at_least_one()?;
            parse_flags(node, &[])?;
            if args.iter().any(|a| a.starts_with('=')) {
                return Err(whole("ARG names can not be blank".into()));
            }
        }
        Keyword::Shell => {
            parse_flags(node, &[])?;
            at_least_one()?;
            if !node.json {
                return Err(whole("SHELL requires the arguments to be in JSON form".into()));
            }
        }
        Keyword::Unknown => {
            let suggestion = suggest(&node.keyword, Keyword::ALL.iter().map(|k| k.as_str()), false);
            let message = match suggestion {
                Some(s) => format!("unknown instruction: {} (did you mean {s}?)", node.keyword),
                None => format!("unknown instruction: {}", node.keyword),
            };
            return Err((message, node.keyword_span));
        }
    }
    Ok(())
}

/// BuildKit's `nodeArgs`: an ONBUILD's arguments are its trigger's keyword and arguments.
fn node_args(node: &Instruction) -> Vec<&str> {
    match &node.trigger {
        Some(trigger) => {
            std::iter::once(trigger.keyword.as_str()).chain(trigger.args.iter().map(|a| a.value.as_str())).collect()
        }
        None => node.args.iter().map(|a| a.value.as_str()).collect(),
    }
}

/// `BFlags.Parse`: unknown, duplicate, missing-value and bad boolean flags.
fn parse_flags(node: &Instruction, table: &[(&str, FlagType)]) -> Result<(), Failure> {
    let mut used: Vec<&str> = Vec::new();
    for flag in &node.flags {
        let body = flag.raw.strip_prefix("--").unwrap_or(&flag.raw);
        let (name, value) = match body.split_once('=') {
            Some((n, v)) => (n, Some(v)),
            None => (body, None),
        };
        let Some(&(_, kind)) = table.iter().find(|(n, _)| *n == name) else {
            let message = match suggest(name, table.iter().map(|(n, _)| *n), false) {
                Some(s) => format!("unknown flag: --{name} (did you mean --{s}?)"),
                None => format!("unknown flag: --{name}"),
            };
            return Err((message, flag.span));
        };
        if used.contains(&name) && kind != List {
            return Err((format!("duplicate flag specified: --{name}"), flag.span));
        }
        used.push(name);
        match (kind, value) {
            (Bool, Some("")) => return Err((format!("missing a value on flag: --{name}"), flag.span)),
            (Bool, Some(v)) if !v.eq_ignore_ascii_case("true") && !v.eq_ignore_ascii_case("false") => {
                return Err((format!("expecting boolean value for flag --{name}, not: {v}"), flag.span))
            }
            (Text | List, None) => return Err((format!("missing a value on flag: --{name}"), flag.span)),
            _ => {}
        }
    }
    Ok(())
}

fn check_stage_name(node: &Instruction, args: &[&str]) -> Result<(), Failure> {
    if args.len() == 3 && args[1].eq_ignore_ascii_case("as") {
        let name = args[2].to_lowercase();
        let valid = name.starts_with(|c: char| c.is_ascii_lowercase())
            && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.'));
        if !valid {
            let message = format!(
                "invalid name for build stage: {}, name can't start with a number or contain symbols",
                go_quote(args[2])
            );
            return Err((message, node.args[2].span));
        }
        return Ok(());
    }
    if args.len() != 1 {
        return Err(("FROM requires either one or three arguments".into(), node.span));
    }
    Ok(())
}

/// HEALTHCHECK: NONE takes nothing (and its flags are never read); CMD needs a command and valid
/// durations; any other type is unknown.
fn check_healthcheck(node: &Instruction, args: &[&str]) -> Result<(), Failure> {
    let whole = |message: String| (message, node.span);
    let Some(kind) = args.first() else {
        return Err(whole("HEALTHCHECK requires at least one argument".into()));
    };
    let kind = kind.to_uppercase();
    if kind == "NONE" {
        if args.len() > 1 {
            return Err(whole("HEALTHCHECK NONE takes no arguments".into()));
        }
        return Ok(());
    }
    parse_flags(node, HEALTHCHECK_FLAGS)?;
    if kind != "CMD" {
        return Err(whole(format!("Unknown type {} in HEALTHCHECK (try CMD)", go_quote(&kind))));
    }
    if args.len() < 2 {
        return Err(whole("Missing command after HEALTHCHECK CMD".into()));
    }
    for name in ["interval", "timeout", "start-period", "start-interval"] {
        let Some(flag) = node.flags.iter().find(|f| f.name() == name) else { continue };
        let value = flag.value().unwrap_or("");
        if value.is_empty() {
            continue;
        }
        match parse_go_duration(value) {
            Err(message) => return Err((message, flag.span)),
            Ok(0) => {}
            Ok(nanos) if nanos < 1_000_000 => {
                return Err((format!("Interval {} cannot be less than 1ms", go_quote(name)), flag.span))
            }
            Ok(_) => {}
        }
    }
    if let Some(flag) = node.flags.iter().find(|f| f.name() == "retries") {
        let value = flag.value().unwrap_or("");
        if !value.is_empty() {
            match parse_go_int32(value) {
                Err(reason) => {
                    return Err((format!("strconv.ParseInt: parsing {}: {reason}", go_quote(value)), flag.span))
                }
                Ok(n) if n < 0 => return Err((format!("--retries cannot be negative ({n})"), flag.span)),
                Ok(_) => {}
            }
        }
    }
    Ok(())
}

/// `strconv.ParseInt(s, 10, 32)`.
fn parse_go_int32(s: &str) -> Result<i64, &'static str> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err("invalid syntax");
    }
    match s.parse::<i64>() {
        Ok(n) if i32::try_from(n).is_ok() => Ok(n),
        _ => Err("value out of range"),
    }
}

/// RUN's option values that BuildKit rejects: mount fields, network and security modes.
fn check_run_options(node: &Instruction) -> Result<(), Failure> {
    for flag in &node.flags {
        let value = flag.value().unwrap_or("");
        match flag.name() {
            "mount" => check_mount(value).map_err(|m| (m, flag.span))?,
            "network" if !matches!(value, "default" | "none" | "host") => {
                return Err((format!("invalid network mode {}", go_quote(value)), flag.span))
            }
            "security" if !matches!(value, "sandbox" | "insecure") => {
                return Err((format!("security mode {} not supported", go_quote(value)), flag.span))
            }
            _ => {}
        }
    }
    Ok(())
}

const MOUNT_KEYS: &[&str] = &[
    "type",
    "from",
    "source",
    "src",
    "target",
    "dst",
    "destination",
    "readonly",
    "ro",
    "readwrite",
    "rw",
    "id",
    "sharing",
    "mode",
    "uid",
    "gid",
    "required",
    "size",
    "env",
];

/// The `--mount` checks whose outcome does not depend on variable values.
fn check_mount(value: &str) -> Result<(), String> {
    for field in csv_fields(value) {
        match field.split_once('=') {
            None => {
                let key = field.to_lowercase();
                if !matches!(key.as_str(), "readonly" | "ro" | "readwrite" | "rw" | "required") {
                    return Err(format!("invalid field '{field}' must be a key=value pair"));
                }
            }
            Some((key, val)) => {
                let key = key.to_lowercase();
                if !MOUNT_KEYS.contains(&key.as_str()) {
                    return Err(format!("unexpected key '{key}' in '{field}'"));
                }
                if key == "from" && val.find('$').is_some_and(|i| i + 1 < val.len()) {
                    return Err("'from' doesn't support variable expansion, define alias stage instead".into());
                }
                if key == "type"
                    && !val.contains('$')
                    && !matches!(val.to_lowercase().as_str(), "bind" | "cache" | "tmpfs" | "secret" | "ssh")
                {
                    return Err(format!("unsupported mount type {}", go_quote(val)));
                }
            }
        }
    }
    Ok(())
}

/// One CSV record (`csvvalue.Fields`): comma-separated, `"` quoting with `""` for a quote.
fn csv_fields(value: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut chars = value.chars().peekable();
    let mut in_quotes = false;
    let mut at_field_start = true;
    while let Some(c) = chars.next() {
        match c {
            '"' if in_quotes && chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            '"' if in_quotes => in_quotes = false,
            '"' if at_field_start => in_quotes = true,
            ',' if !in_quotes => {
                fields.push(std::mem::take(&mut field));
                at_field_start = true;
                continue;
            }
            _ => field.push(c),
        }
        at_field_start = false;
    }
    if !value.is_empty() {
        fields.push(field);
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_mount_fields() {
        assert_eq!(csv_fields("type=cache,target=/x"), ["type=cache", "target=/x"]);
        assert_eq!(csv_fields("\"a,b\",c"), ["a,b", "c"]);
    }

    #[test]
    fn mount_values() {
        assert!(check_mount("type=bind,source=.,target=/test,z").is_err());
        assert!(check_mount("type=secret,id=x,required").is_ok());
        assert!(check_mount("type=cache,target=/root/.cache,ro").is_ok());
        // BuildKit allows a `$` in `from` only as its last character.
        assert!(check_mount("from=build$").is_ok());
        assert!(check_mount("from=$X").is_err());
    }

    #[test]
    fn suggestions() {
        assert_eq!(suggest("RUNN", Keyword::ALL.iter().map(|k| k.as_str()), false), Some("RUN"));
        assert_eq!(suggest("BOGUS", Keyword::ALL.iter().map(|k| k.as_str()), false), None);
    }
}
