//! `apt-get`, `apt` and `aptitude`: options before or after the subcommand, short options bundled
//! (`-qy`), `-o Key=Value` (or `-oKey=Value`), packages as `name`, `name=version`, `name/release`, and
//! local `.deb` files.

use super::{is_path, is_url, split_package, subcommand_form, Action, Package, Parsed, Source};
use crate::model::shell::Word;

/// Options that take the next word as their value.
const VALUED: &[&str] = &[
    "-o",
    "--option",
    "-c",
    "--config-file",
    "-t",
    "--target-release",
    "--default-release",
    "-a",
    "--host-architecture",
    "-P",
    "--build-profiles",
];

pub(super) fn parse(args: &[Word]) -> Parsed {
    subcommand_form(args, VALUED, |s, _| action(s), package)
}

fn action(subcommand: &str) -> Option<Action> {
    Some(match subcommand {
        "install" | "reinstall" => Action::Install,
        "remove" | "purge" | "autoremove" | "autopurge" => Action::Remove,
        "update" => Action::Refresh,
        "upgrade" | "safe-upgrade" => Action::Upgrade,
        "dist-upgrade" | "full-upgrade" => Action::DistUpgrade,
        "clean" | "autoclean" | "auto-clean" | "distclean" | "dist-clean" => Action::Clean,
        _ => Action::Other,
    })
}

fn package(word: &Word) -> Option<Package> {
    let text = word.value.as_deref().unwrap_or(&word.text);
    // `apt-get install a b-`: a trailing `-` removes `b`.
    if text.len() > 1 && text.ends_with('-') {
        return None;
    }
    if is_url(text) || is_path(text) || text.ends_with(".deb") {
        return split_package(word, None, Source::Local);
    }
    // `name=version`, `name/release` (a release is not a version: it is kept in `version` but rules
    // read `=` only).
    split_package(word, super::unquoted(word).find(['=', '/']), Source::Registry)
}

#[cfg(test)]
mod tests {
    use super::super::{package_commands, Action, Source};
    use crate::model::shell::parse_posix;

    #[test]
    fn options_anywhere_versions_releases_and_files() {
        let text = "apt-get -qq install -y --no-install-recommends -o Dpkg::Options::=--force-confnew gcc=4:12 libssl-dev/bookworm ./x.deb $EXTRA curl=${CURL_V}";
        let found = package_commands(&parse_posix(text));
        let cmd = &found[0];
        assert_eq!(cmd.action, Action::Install);
        let names: Vec<&str> = cmd.packages.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["gcc", "libssl-dev", "./x.deb", "curl"]);
        assert_eq!(cmd.packages[0].version.as_deref(), Some("=4:12"));
        assert_eq!(cmd.packages[2].source, Source::Local);
        assert!(cmd.packages[3].version_from_variable());
        assert!(cmd.has_option(&["-y"]) && cmd.has_option(&["--no-install-recommends"]));
        assert_eq!(cmd.option_value(&["-o"]), Some("Dpkg::Options::=--force-confnew"));
        assert_eq!(&text[cmd.packages[0].span.range()], "gcc=4:12");
    }

    #[test]
    fn bundles_attached_values_and_the_end_of_options() {
        let found =
            package_commands(&parse_posix("apt -qy -oAPT::Install-Recommends=0 install -- -weird && apt-get clean"));
        assert!(found[0].has_option(&["-y"]));
        assert_eq!(found[0].option_value(&["-o"]), Some("APT::Install-Recommends=0"));
        assert_eq!(found[0].packages[0].name, "-weird");
        assert_eq!(found[1].action, Action::Clean);
    }
}
