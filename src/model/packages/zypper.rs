//! `zypper`: global options before the command (`-n`, `--non-interactive`), the command's own after it
//! (`-y`, `--no-confirm`, `-t pattern`); packages as `name`, `name=1.2`, `name>=1.2`,
//! and local or remote `.rpm` files.

use super::{is_path, is_url, split_package, subcommand_form, Action, Package, Parsed, Source};
use crate::model::shell::Word;

const VALUED: &[&str] = &[
    "-R",
    "--root",
    "-D",
    "--reposd-dir",
    "-C",
    "--cache-dir",
    "--raw-cache-dir",
    "--solv-cache-dir",
    "--pkg-cache-dir",
    "-c",
    "--config",
    "-t",
    "--type",
    "-r",
    "--repo",
    "--from",
    "--download",
];

pub(super) fn parse(args: &[Word]) -> Parsed {
    let mut parsed = subcommand_form(args, VALUED, |s, _| action(s), package);
    // `zypper in -t pattern devel_basis`: patterns, patches and products are not packages.
    if parsed
        .options
        .iter()
        .any(|o| matches!(o.name.as_str(), "-t" | "--type") && o.value.as_deref() != Some("package"))
    {
        parsed.packages.iter_mut().for_each(|p| p.source = Source::Group);
    }
    parsed
}

fn action(subcommand: &str) -> Option<Action> {
    Some(match subcommand {
        "install" | "in" => Action::Install,
        "remove" | "rm" => Action::Remove,
        "refresh" | "ref" => Action::Refresh,
        "update" | "up" | "patch" => Action::Upgrade,
        "dist-upgrade" | "dup" => Action::DistUpgrade,
        "clean" | "cc" => Action::Clean,
        _ => Action::Other,
    })
}

fn package(word: &Word) -> Option<Package> {
    let text = super::unquoted(word);
    if is_url(&text) || is_path(&text) || text.ends_with(".rpm") {
        return split_package(word, None, Source::Local);
    }
    // zypper reads `name-1.2` as a package name, not as a version: only operators pin.
    let at = text.find(['=', '>', '<']);
    split_package(word, at, Source::Registry)
}

#[cfg(test)]
mod tests {
    use super::super::{package_commands, Action, Source};
    use crate::model::shell::parse_posix;

    #[test]
    fn global_and_command_options_patterns_and_versions() {
        let found = package_commands(&parse_posix(
            "zypper -n --gpg-auto-import-keys install -y curl=8.0 'git>=2' && zypper in -t pattern devel_basis && zypper dup && zypper cc -a",
        ));
        assert!(found[0].has_option(&["-n"]) && found[0].has_option(&["-y"]));
        assert_eq!(found[0].packages[0].version.as_deref(), Some("=8.0"));
        assert_eq!(found[0].packages[1].version.as_deref(), Some(">=2"));
        assert_eq!(found[1].packages[0].source, Source::Group);
        assert_eq!(found[2].action, Action::DistUpgrade);
        assert_eq!(found[3].action, Action::Clean);
    }
}
