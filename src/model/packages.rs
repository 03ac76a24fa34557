//! What a RUN installs and removes with the distribution's package manager: `apt-get`/`apt`/`aptitude`,
//! `apk`, `yum`/`dnf`/`microdnf`/`tdnf`, `zypper`. Each package word keeps its span, so a rule can
//! point at `gcc` in a long install line. Words that are not static (`$BUILD_DEPS`, `$(cat list)`) are
//! left out: nothing is guessed about them.

use super::shell::{ShellCommand, ShellScript, Word};
use crate::syntax::source::Span;

/// A distribution package manager.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Manager {
    Apt,
    Apk,
    Yum,
    Dnf,
    Zypper,
}

/// One package named in an install command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Package {
    /// The name without version or release (`gcc` of `gcc=4:12.2.0-3`, `musl-dev` of `musl-dev~=1.2`).
    pub name: String,
    /// The version pin as written, if any (`=1.2.3`, `~=1.2`, `-1.2.3`).
    pub version: Option<String>,
    /// The word in the Dockerfile.
    pub span: Span,
}

/// One install or removal command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageCommand {
    pub manager: Manager,
    pub action: Action,
    pub packages: Vec<Package>,
    /// `apk add --virtual NAME` (`-t NAME`): the group the packages are installed as.
    pub virtual_name: Option<String>,
    /// The command's position in its script.
    pub command: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Install,
    Remove,
    /// Refresh the package index: `apt-get update`, `apk update`, `yum`/`dnf makecache`, `zypper refresh`.
    Refresh,
    /// Upgrade installed packages from the index: `apt-get upgrade`/`dist-upgrade`, `apk upgrade`,
    /// `yum`/`dnf update`/`upgrade`, `zypper update`/`dist-upgrade`.
    Upgrade,
}

/// The install and removal commands of a script, in order.
pub fn package_commands(script: &ShellScript) -> Vec<PackageCommand> {
    script.commands.iter().enumerate().filter_map(|(i, c)| package_command(c, i)).collect()
}

fn package_command(cmd: &ShellCommand, index: usize) -> Option<PackageCommand> {
    // `sudo apt-get …`, `env X=1 apk …`: the package manager behind the wrapper.
    let words = cmd.effective_words();
    let skip = (1 + cmd.args.len()).saturating_sub(words.len());
    let program = match cmd.name()? {
        "sudo" | "doas" => cmd.args.iter().skip(skip).find(|w| !w.as_str().starts_with('-')).map(|w| w.as_str()),
        _ => words.first().copied(),
    }?;
    let program = program.rsplit('/').next().unwrap_or(program);
    let args_from = if matches!(cmd.name(), Some("sudo" | "doas")) {
        cmd.args.iter().position(|w| w.as_str().rsplit('/').next() == Some(program)).map_or(cmd.args.len(), |i| i + 1)
    } else {
        skip
    };
    let manager = match program {
        "apt-get" | "apt" | "aptitude" => Manager::Apt,
        "apk" => Manager::Apk,
        "yum" => Manager::Yum,
        "dnf" | "microdnf" | "tdnf" => Manager::Dnf,
        "zypper" => Manager::Zypper,
        _ => return None,
    };
    // Options that take the next word as their value, per manager.
    let valued: &[&str] = match manager {
        Manager::Apt => &["-o", "-t", "--target-release", "-c", "--config-file", "-a", "--host-architecture"],
        Manager::Apk => &[
            "-t",
            "--virtual",
            "-X",
            "--repository",
            "-p",
            "--root",
            "--arch",
            "--cache-dir",
            "--keys-dir",
            "--repositories-file",
        ],
        Manager::Yum | Manager::Dnf => &[
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
        ],
        Manager::Zypper => &["-r", "--repo", "-n", "--from", "-t", "--type"],
    };
    let mut words = cmd.args.iter().skip(args_from).peekable();
    let mut virtual_name = None;
    let mut action = None;
    let mut packages = Vec::new();
    while let Some(word) = words.next() {
        let text = word.as_str();
        if text.starts_with('-') && text.len() > 1 {
            if valued.contains(&text) {
                let value = words.next();
                if manager == Manager::Apk && matches!(text, "-t" | "--virtual") {
                    virtual_name = value.and_then(|v| v.value.clone());
                }
            } else if let Some(v) = text.strip_prefix("--virtual=") {
                virtual_name = Some(v.to_string());
            }
            continue;
        }
        if action.is_none() {
            action = Some(match (manager, text) {
                (Manager::Apt, "install") | (Manager::Apk, "add") => Action::Install,
                (Manager::Yum | Manager::Dnf, "install" | "groupinstall") => Action::Install,
                (Manager::Zypper, "install" | "in") => Action::Install,
                (Manager::Apt, "remove" | "purge" | "autoremove") | (Manager::Apk, "del") => Action::Remove,
                (Manager::Yum | Manager::Dnf, "remove" | "erase" | "autoremove") => Action::Remove,
                (Manager::Zypper, "remove" | "rm") => Action::Remove,
                (Manager::Apt | Manager::Apk, "update") | (Manager::Yum | Manager::Dnf, "makecache") => Action::Refresh,
                (Manager::Zypper, "refresh" | "ref") => Action::Refresh,
                (Manager::Apt, "upgrade" | "dist-upgrade" | "full-upgrade") | (Manager::Apk, "upgrade") => {
                    Action::Upgrade
                }
                (Manager::Yum | Manager::Dnf, "update" | "upgrade" | "distro-sync") => Action::Upgrade,
                (Manager::Zypper, "update" | "up" | "dist-upgrade" | "dup") => Action::Upgrade,
                _ => return None,
            });
            continue;
        }
        if let Some(package) = package_word(manager, word) {
            packages.push(package);
        }
    }
    Some(PackageCommand { manager, action: action?, packages, virtual_name, command: index })
}

/// A package word split into name and version; `None` for non-static words, local files and URLs.
fn package_word(manager: Manager, word: &Word) -> Option<Package> {
    let value = word.value.as_deref()?;
    if value.is_empty()
        || value.contains('/') && (value.contains("://") || value.ends_with(".rpm") || value.ends_with(".deb"))
    {
        return None;
    }
    let split_at = match manager {
        // `pkg=1.2`, `pkg/bookworm-backports`
        Manager::Apt => value.find(['=', '/']),
        // `pkg=1.2`, `pkg~1.2`, `pkg>1.2`, `pkg<1.2`
        Manager::Apk => value.find(['=', '~', '>', '<']),
        // `pkg-1.2.3` (a `-` followed by a digit), `pkg = 1.2` is not one word
        Manager::Yum | Manager::Dnf | Manager::Zypper => value.find(['=', '>', '<']).or_else(|| {
            value
                .char_indices()
                .find(|&(i, c)| c == '-' && value[i + 1..].starts_with(|d: char| d.is_ascii_digit()))
                .map(|(i, _)| i)
        }),
    };
    let (name, version) = match split_at {
        Some(i) => (&value[..i], Some(value[i..].to_string())),
        None => (value, None),
    };
    Some(Package { name: name.to_string(), version, span: word.span })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::shell::parse_posix;

    fn commands(text: &str) -> Vec<PackageCommand> {
        package_commands(&parse_posix(text))
    }

    fn names(cmd: &PackageCommand) -> Vec<&str> {
        cmd.packages.iter().map(|p| p.name.as_str()).collect()
    }

    #[test]
    fn installs_with_options_and_versions() {
        let text = "apt-get update && apt-get install -y --no-install-recommends -o Dpkg::Options::=--force-confnew gcc=4:12 libssl-dev/bookworm $EXTRA && rm -rf /var/lib/apt/lists/*";
        let found = commands(text);
        assert_eq!(found.iter().map(|c| c.action).collect::<Vec<_>>(), [Action::Refresh, Action::Install]);
        assert_eq!(names(&found[1]), ["gcc", "libssl-dev"]);
        assert_eq!(found[1].packages[0].version.as_deref(), Some("=4:12"));
        assert_eq!(&text[found[1].packages[0].span.range()], "gcc=4:12");
    }

    #[test]
    fn apk_virtual_groups_and_removal() {
        let found =
            commands("apk add --no-cache --virtual .build-deps gcc musl-dev && pip install x && apk del .build-deps");
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].virtual_name.as_deref(), Some(".build-deps"));
        assert_eq!(names(&found[0]), ["gcc", "musl-dev"]);
        assert_eq!((found[1].action, names(&found[1])), (Action::Remove, vec![".build-deps"]));
    }

    #[test]
    fn rpm_versions_and_other_commands() {
        let found = commands(
            "yum install -y gcc-c++ make-4.3 && dnf -y remove gcc && yum makecache && sudo apt-get upgrade -y",
        );
        assert_eq!(names(&found[0]), ["gcc-c++", "make"]);
        assert_eq!(found[0].packages[1].version.as_deref(), Some("-4.3"));
        assert_eq!(found[1].action, Action::Remove);
        assert_eq!(found[2].action, Action::Refresh);
        assert_eq!((found[3].manager, found[3].action), (Manager::Apt, Action::Upgrade));
        assert_eq!(found.len(), 4);
    }
}
