//! `gem`: `install` (`i`), `uninstall`, `update`, `cleanup`; packages as `name`, `name:1.2.3`, or with
//! `-v`/`--version` for all of them; local `.gem` files.

use super::{is_path, split_package, subcommand_form, Action, Package, Parsed, Source};
use crate::model::shell::Word;

const VALUED: &[&str] = &[
    "-v",
    "--version",
    "-i",
    "--install-dir",
    "-n",
    "--bindir",
    "-s",
    "--source",
    "--platform",
    "-g",
    "--file",
    "--build-root",
    "-P",
    "--trust-policy",
];

pub(super) fn parse(args: &[Word]) -> Parsed {
    // After `--` come the gem's build options (`-- --with-pg-config=…`), not gems.
    let args = args.iter().position(|w| w.is("--")).map_or(args, |end| &args[..end]);
    let mut parsed = subcommand_form(args, VALUED, |s, _| action(s), package);
    if let Some(version) =
        parsed.options.iter().find(|o| matches!(o.name.as_str(), "-v" | "--version")).and_then(|o| o.value.clone())
    {
        for package in parsed.packages.iter_mut().filter(|p| p.version.is_none()) {
            package.version = Some(version.clone());
        }
    }
    parsed
}

fn action(subcommand: &str) -> Option<Action> {
    Some(match subcommand {
        "install" | "i" => Action::Install,
        "uninstall" => Action::Remove,
        "update" => Action::Upgrade,
        "cleanup" => Action::Clean,
        _ => Action::Other,
    })
}

fn package(word: &Word) -> Option<Package> {
    let text = super::unquoted(word);
    if is_path(&text) || text.ends_with(".gem") {
        return split_package(word, None, Source::Local);
    }
    split_package(word, text.find(':'), Source::Registry)
}

#[cfg(test)]
mod tests {
    use super::super::package_commands;
    use crate::model::shell::parse_posix;

    #[test]
    fn versions_by_option_or_colon() {
        let found = package_commands(&parse_posix("gem install bundler:2.5.3 rake && gem install -N rails -v 7.1.0 && gem install pg:1.5.6 -- --with-pg-config=/usr/bin/pg_config"));
        assert_eq!(found[0].packages[0].version.as_deref(), Some(":2.5.3"));
        assert_eq!(found[0].packages[1].version, None);
        assert_eq!(found[1].packages[0].version.as_deref(), Some("7.1.0"));
        assert_eq!(found[2].packages.len(), 1, "build options after `--` are not gems");
    }
}
