//! `pnpm`: `install`/`i` from the lockfile, `add` packages (`name@version`, like npm's), `store prune`.

use super::{subcommand_form, Action, Parsed};
use crate::model::shell::Word;

const VALUED: &[&str] = &["--filter", "-F", "--store-dir", "--dir", "-C", "--registry", "--reporter", "--config-dir"];

pub(super) fn parse(args: &[Word]) -> Parsed {
    let mut parsed = subcommand_form(args, VALUED, |s, _| action(s), super::npm::package);
    if !parsed.subcommand.as_ref().is_some_and(|w| w.is("add")) {
        parsed.packages.clear();
    }
    parsed
}

fn action(subcommand: &str) -> Option<Action> {
    Some(match subcommand {
        "install" | "i" | "add" => Action::Install,
        "remove" | "rm" | "uninstall" | "un" => Action::Remove,
        "update" | "up" | "upgrade" => Action::Upgrade,
        "store" => Action::Clean,
        _ => Action::Other,
    })
}

#[cfg(test)]
mod tests {
    use super::super::{package_commands, Action};
    use crate::model::shell::parse_posix;

    #[test]
    fn add_install_and_store() {
        let found =
            package_commands(&parse_posix("pnpm add -g pnpm@9 && pnpm install --frozen-lockfile && pnpm store prune"));
        assert_eq!(found[0].packages[0].version.as_deref(), Some("@9"));
        assert!(found[1].packages.is_empty() && found[1].action == Action::Install);
        assert_eq!(found[2].action, Action::Clean);
    }
}
