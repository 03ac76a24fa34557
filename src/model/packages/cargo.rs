//! `cargo install`: crates as `name` or `name@1.2.3`, `--version`/`--vers` for all of them, `--git URL`
//! (pinned by `--rev` or `--tag`), `--path DIR` (local); `--locked` uses the crate's own lockfile.

use super::{split_package, subcommand_form, Action, Package, Parsed, Source};
use crate::model::shell::Word;

const VALUED: &[&str] = &[
    "--version",
    "--vers",
    "--git",
    "--branch",
    "--tag",
    "--rev",
    "--path",
    "--root",
    "--target",
    "--target-dir",
    "-F",
    "--features",
    "--profile",
    "-j",
    "--jobs",
    "--registry",
    "--index",
    "--bin",
    "--example",
    "--config",
    "-Z",
    "--color",
];

pub(super) fn parse(args: &[Word]) -> Parsed {
    let mut parsed = subcommand_form(args, VALUED, |s, _| action(s), package);
    let version =
        parsed.options.iter().find(|o| matches!(o.name.as_str(), "--version" | "--vers")).and_then(|o| o.value.clone());
    let git = parsed.options.iter().any(|o| o.name == "--git");
    let local = parsed.options.iter().any(|o| o.name == "--path");
    for package in &mut parsed.packages {
        if package.version.is_none() {
            package.version = version.clone();
        }
        if git {
            package.source = Source::Remote;
        } else if local {
            package.source = Source::Local;
        }
    }
    parsed
}

fn action(subcommand: &str) -> Option<Action> {
    Some(match subcommand {
        "install" => Action::Install,
        "uninstall" => Action::Remove,
        _ => Action::Other,
    })
}

fn package(word: &Word) -> Option<Package> {
    let text = super::unquoted(word);
    split_package(word, text.find('@'), Source::Registry)
}

#[cfg(test)]
mod tests {
    use super::super::{package_commands, Source};
    use crate::model::shell::parse_posix;

    #[test]
    fn versions_git_and_paths() {
        let found = package_commands(&parse_posix(
            "cargo install ripgrep@14.1.0 fd-find && cargo install --locked --version 0.9 just && cargo install --git https://g/x tool && cargo install --path .",
        ));
        assert_eq!(found[0].packages[0].version.as_deref(), Some("@14.1.0"));
        assert_eq!(found[0].packages[1].version, None);
        assert_eq!(found[1].packages[0].version.as_deref(), Some("0.9"));
        assert_eq!(found[2].packages[0].source, Source::Remote);
        assert!(found[3].packages.is_empty() && found[3].has_option(&["--path"]));
    }
}
