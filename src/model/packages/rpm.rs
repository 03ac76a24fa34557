//! `yum`, `dnf`, `dnf5`, `microdnf` and `tdnf`: packages as `name`, `name-1.2.3` (a `-` before a
//! digit starts the version), `name-1.2.3-1.el9`, `"name >= 1.2"`, groups and modules (`@core`,
//! `@nodejs:20`), capabilities (`'dnf-command(config-manager)'`) and local or remote `.rpm` files.

use super::{is_path, is_url, split_package, subcommand_form, Action, Package, Parsed, Source};
use crate::model::shell::Word;

const VALUED: &[&str] = &[
    "-x",
    "--exclude",
    "--installroot",
    "--releasever",
    "--setopt",
    "-c",
    "--config",
    "--enablerepo",
    "--disablerepo",
    "--repo",
    "--repoid",
    "-d",
    "--debuglevel",
    "-e",
    "--errorlevel",
    "--rpmverbosity",
    "--forcearch",
    "--downloaddir",
    "--destdir",
    "--disableplugin",
    "--enableplugin",
    "-R",
    "--randomwait",
];

pub(super) fn parse(args: &[Word]) -> Parsed {
    let mut parsed = subcommand_form(args, VALUED, |s, _| action(s), package);
    // `yum group install "Development Tools"`, `dnf module install nodejs:20`: the operands are groups.
    if parsed.subcommand.as_ref().is_some_and(|s| s.is("group") || s.is("groups") || s.is("module")) {
        let install = parsed.operands.first().is_some_and(|w| w.is("install"));
        parsed.action = Some(if install { Action::Install } else { Action::Other });
        // A module without a stream (`nodejs`, not `nodejs:20`) installs the default stream of the day.
        let module = parsed.subcommand.as_ref().is_some_and(|s| s.is("module"));
        let source = |w: &Word| if module && !w.as_str().contains(':') { Source::Registry } else { Source::Group };
        parsed.packages =
            parsed.operands.iter().skip(1).filter_map(|w| super::split_package(w, None, source(w))).collect();
    }
    // `yum groupinstall "Development Tools"`: groups too.
    if parsed.subcommand.as_ref().is_some_and(|s| s.is("groupinstall") || s.is("groupremove")) {
        parsed.packages.iter_mut().for_each(|p| p.source = Source::Group);
    }
    parsed
}

fn action(subcommand: &str) -> Option<Action> {
    Some(match subcommand {
        "install" | "in" | "groupinstall" | "localinstall" => Action::Install,
        "remove" | "erase" | "rm" | "autoremove" | "groupremove" => Action::Remove,
        "makecache" => Action::Refresh,
        "update" | "upgrade" | "up" | "update-minimal" | "upgrade-minimal" => Action::Upgrade,
        "distro-sync" | "distribution-synchronization" | "dsync" => Action::DistUpgrade,
        "clean" => Action::Clean,
        _ => Action::Other,
    })
}

fn package(word: &Word) -> Option<Package> {
    let text = super::unquoted(word);
    if is_url(&text) || is_path(&text) || text.ends_with(".rpm") {
        return split_package(word, None, Source::Local);
    }
    if text.starts_with('@') || text.contains('(') {
        return split_package(word, None, Source::Group);
    }
    let at = text.find(['=', '>', '<']).map(|i| text[..i].trim_end().len()).or_else(|| version_dash(&text));
    split_package(word, at, Source::Registry)
}

/// Where `name-1.2.3` (or `name-1.2.3-1.el9`) starts its version: a `-` followed by a digit (or a
/// variable) that ends the word or is followed by a release that starts with a digit too. In
/// `java-17-openjdk` and `gcc-toolset-13-gcc` the digits belong to the name.
fn version_dash(text: &str) -> Option<usize> {
    let versionish = |s: &str| s.starts_with(|d: char| d.is_ascii_digit() || d == '$');
    text.char_indices().filter(|&(_, c)| c == '-').map(|(i, _)| i).find(|&i| {
        let rest: Vec<&str> = text[i + 1..].split('-').collect();
        match rest.as_slice() {
            [version] => versionish(version),
            [version, release] => versionish(version) && versionish(release),
            _ => false,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::super::{package_commands, Action, Manager, Source};
    use crate::model::shell::parse_posix;

    #[test]
    fn versions_groups_files_and_other_commands() {
        let found = package_commands(&parse_posix(
            "yum install -y gcc-c++ make-4.3 'python3 >= 3.9' @core https://x/y.rpm && dnf -y remove gcc && yum makecache && microdnf clean all && dnf module install -y nodejs:20 && yum groupinstall -y 'Development Tools'",
        ));
        let names: Vec<&str> = found[0].packages.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["gcc-c++", "make", "python3", "@core", "https://x/y.rpm"]);
        assert_eq!(found[0].packages[1].version.as_deref(), Some("-4.3"));
        let names =
            package_commands(&parse_posix("dnf install -y java-17-openjdk gcc-toolset-13-gcc nginx-1.24.0-1.el9"));
        let versions: Vec<Option<&str>> = names[0].packages.iter().map(|p| p.version.as_deref()).collect();
        assert_eq!(versions, [None, None, Some("-1.24.0-1.el9")]);
        assert_eq!(found[0].packages[2].version.as_deref(), Some(" >= 3.9"));
        assert_eq!(found[0].packages[3].source, Source::Group);
        assert_eq!(found[0].packages[4].source, Source::Local);
        assert_eq!(found[1].action, Action::Remove);
        assert_eq!(found[2].action, Action::Refresh);
        assert_eq!(
            (found[3].manager, found[3].action, found[3].program.as_str()),
            (Manager::Dnf, Action::Clean, "microdnf")
        );
        assert_eq!((found[4].action, found[4].packages[0].source), (Action::Install, Source::Group));
        assert_eq!((found[5].action, found[5].packages[0].source), (Action::Install, Source::Group));
        let module = package_commands(&parse_posix("dnf module install -y tomcat"));
        assert_eq!(module[0].packages[0].source, Source::Registry, "no stream: not pinned");
    }
}
