//! `npm`: `install` and its aliases (`i`, `add`, …), `ci`, `uninstall`, `update`, `cache clean`;
//! packages as `name`, `name@1.2.3`, `@scope/name@^1`, tags (`name@latest`), tarballs, local folders,
//! git URLs and GitHub shorthands (`user/repo#sha`).

use super::{is_path, is_url, split_package, subcommand_form, Action, Package, Parsed, Source};
use crate::model::shell::Word;

const VALUED: &[&str] = &[
    "--prefix",
    "--registry",
    "--cache",
    "--omit",
    "--include",
    "-w",
    "--workspace",
    "--tag",
    "--userconfig",
    "--globalconfig",
    "--loglevel",
    "--install-strategy",
    "--location",
    "--before",
];

pub(super) fn parse(args: &[Word]) -> Parsed {
    subcommand_form(args, VALUED, |s, _| action(s), package)
}

fn action(subcommand: &str) -> Option<Action> {
    Some(match subcommand {
        "install" | "i" | "in" | "ins" | "inst" | "insta" | "instal" | "isnt" | "isnta" | "isntal" | "isntall"
        | "add" => Action::Install,
        "uninstall" | "remove" | "rm" | "r" | "un" | "unlink" => Action::Remove,
        "update" | "up" | "upgrade" | "udpate" => Action::Upgrade,
        "cache" => Action::Clean,
        _ => Action::Other,
    })
}

/// A package word: `name@version` splits at the `@` after the scope's.
pub(super) fn package(word: &Word) -> Option<Package> {
    let text = super::unquoted(word);
    if is_url(&text) || text.starts_with("github:") || text.starts_with("gitlab:") || text.starts_with("bitbucket:") {
        return split_package(word, None, Source::Remote);
    }
    let archive = [".tgz", ".tar.gz", ".tar"].iter().any(|e| text.ends_with(e)) || text.starts_with("file:");
    if is_path(&text) || archive {
        return split_package(word, None, Source::Local);
    }
    let at = text.get(1..).and_then(|rest| rest.find('@')).map(|i| i + 1);
    // `user/repo` without a scope is a GitHub shorthand.
    if !text.starts_with('@') && text[..at.unwrap_or(text.len())].contains('/') {
        return split_package(word, None, Source::Remote);
    }
    split_package(word, at, Source::Registry)
}

#[cfg(test)]
mod tests {
    use super::super::{package_commands, Action, Source};
    use crate::model::shell::parse_posix;

    #[test]
    fn scopes_versions_tags_and_sources() {
        let found = package_commands(&parse_posix(
            "npm install -g --loglevel warn @angular/cli@17 typescript yarn@latest ./local user/repo#abc && npm ci && npm cache clean --force",
        ));
        let got: Vec<(&str, Option<&str>, Source)> =
            found[0].packages.iter().map(|p| (p.name.as_str(), p.version.as_deref(), p.source)).collect();
        assert_eq!(
            got,
            [
                ("@angular/cli", Some("@17"), Source::Registry),
                ("typescript", None, Source::Registry),
                ("yarn", Some("@latest"), Source::Registry),
                ("./local", None, Source::Local),
                ("user/repo#abc", None, Source::Remote),
            ]
        );
        assert!(found[1].subcommand_is(&["ci"]) && found[1].action == Action::Other);
        assert_eq!(found[2].action, Action::Clean);
    }
}
