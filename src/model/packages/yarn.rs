//! `yarn` (classic and berry): `yarn`/`yarn install` install from the lockfile, `add` and `global add`
//! add packages (`name@version`, like npm's), `cache clean` empties the cache.

use super::{scan, Action, Parsed};
use crate::model::shell::Word;

const VALUED: &[&str] = &[
    "--cache-folder",
    "--modules-folder",
    "--network-timeout",
    "--mutex",
    "--registry",
    "--cwd",
    "--global-folder",
    "--link-folder",
];

pub(super) fn parse(args: &[Word]) -> Parsed {
    let scanned = scan(args, VALUED);
    let mut positional = scanned.positional.into_iter().peekable();
    // `yarn global add x`: the command is `add`, globally.
    if positional.peek().is_some_and(|w| w.is("global")) {
        positional.next();
    }
    let subcommand = positional.next();
    let operands: Vec<Word> = positional.cloned().collect();
    let action = match subcommand.and_then(|w| w.value.as_deref()) {
        // A bare `yarn` runs `yarn install` (`yarn --version` does not).
        None if subcommand.is_none() => {
            let query = scanned.options.iter().any(|o| matches!(o.name.as_str(), "--version" | "-v" | "--help" | "-h"));
            if query {
                Action::Other
            } else {
                Action::Install
            }
        }
        Some("install" | "add") => Action::Install,
        Some("remove") => Action::Remove,
        Some("upgrade" | "up") => Action::Upgrade,
        Some("cache") if operands.first().is_some_and(|w| w.is("clean")) => Action::Clean,
        _ => Action::Other,
    };
    let packages = if subcommand.is_some_and(|w| w.is("add")) {
        operands.iter().filter_map(super::npm::package).collect()
    } else {
        Vec::new()
    };
    Parsed {
        action: Some(action),
        subcommand: subcommand.cloned(),
        operands,
        packages,
        options: scanned.options,
        virtual_name: None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::{package_commands, Action};
    use crate::model::shell::parse_posix;

    #[test]
    fn bare_install_global_add_and_cache_clean() {
        let found = package_commands(&parse_posix(
            "yarn --frozen-lockfile && yarn global add serve@14 && yarn cache clean && yarn --version",
        ));
        assert_eq!((found[0].action, found[0].subcommand.is_none()), (Action::Install, true));
        assert_eq!(found[1].packages[0].version.as_deref(), Some("@14"));
        assert_eq!(found[2].action, Action::Clean);
        assert_eq!(found[3].action, Action::Other);
    }
}
