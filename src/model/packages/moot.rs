//! What makes a package-manager finding moot, in one place so that every rule respects the same
//! facts: a cache or tmpfs mount over the cache, a cleaning command later in the same RUN, an
//! environment variable that turns the cache off, apt configuration written earlier, and whether the
//! stage reaches the image that ships at all.

use super::{PackageCommand, PackageRun};
use crate::model::dispatch::Scope;
use crate::model::layers::{deletes, is_within};
use crate::model::shell::{mounts, MountType, ShellScript};
use crate::model::Model;
use crate::syntax::dockerfile::Keyword;

/// Whether the RUN mounts a cache or a tmpfs over one of `dirs` (or over a folder holding one, or
/// inside one): what the manager writes there is not kept in the layer.
pub fn cache_mounted(model: &Model, run: &PackageRun, dirs: &[&str]) -> bool {
    mounts(model.instruction(run.instruction)).iter().any(|m| {
        matches!(m.kind, MountType::Cache | MountType::Tmpfs)
            && m.target.as_deref().map(home_to_root).is_some_and(|t| {
                let t = t.trim_end_matches('/');
                dirs.iter().map(|d| home_to_root(d)).any(|d| is_within(&d, t) || is_within(t, &d))
            })
    })
}

/// Whether a command after `command` in the same RUN deletes one of `dirs` or what is in it
/// (`rm -rf /var/lib/apt/lists/*`, `rm -rf ~/.cache/pip`).
pub fn removed_after(model: &Model, run: &PackageRun, command: usize, dirs: &[&str]) -> bool {
    let script = model.shell_script(run.instruction);
    removed_in(script, command, dirs)
}

/// [`removed_after`] on a script.
pub fn removed_in(script: &ShellScript, command: usize, dirs: &[&str]) -> bool {
    let dirs: Vec<String> = dirs.iter().map(|d| home_to_root(d)).collect();
    script.commands.iter().skip(command + 1).filter(|c| c.name() == Some("rm")).any(|rm| {
        rm.args
            .iter()
            .map(|w| w.text.replace(['"', '\''], ""))
            .filter(|a| !a.starts_with('-'))
            .flat_map(|a| braces(&a))
            .any(|arg| {
                let removed = home_to_root(&arg);
                removed.starts_with('/') && dirs.iter().any(|dir| deletes(&removed, dir) || is_within(&removed, dir))
            })
    })
}

/// A word with one brace expansion (`/var/lib/{apt,dpkg}/`) as the words the shell makes of it.
fn braces(word: &str) -> Vec<String> {
    let (Some(open), Some(close)) = (word.find('{'), word.find('}')) else { return vec![word.to_string()] };
    if close < open || word[..open].ends_with('$') {
        return vec![word.to_string()];
    }
    word[open + 1..close].split(',').map(|part| format!("{}{part}{}", &word[..open], &word[close + 1..])).collect()
}

/// `~/x`, `$HOME/x` and `${HOME}/x` as `/root/x` (the build runs as root unless a USER says otherwise,
/// and the rules only ask whether a cache folder is named).
fn home_to_root(path: &str) -> String {
    for home in ["~", "$HOME", "${HOME}"] {
        if let Some(rest) = path.strip_prefix(home).filter(|r| r.is_empty() || r.starts_with('/')) {
            return format!("/root{rest}");
        }
    }
    path.to_string()
}

/// Whether a later command of the same RUN satisfies `test` (`yum clean all` after `yum install`).
pub fn later_command(run: &PackageRun, command: usize, test: impl Fn(&PackageCommand) -> bool) -> bool {
    run.commands.iter().any(|c| c.command > command && test(c))
}

/// The scope BuildKit has before the RUN: its ENV and ARG values.
pub fn scope_before<'m>(model: &'m Model, run: &PackageRun) -> Option<&'m Scope> {
    model.dispatch().steps.iter().find(|s| s.index == run.instruction && s.trigger.is_none()).map(|s| &s.scope)
}

/// The value a variable has for `command`: set on the command itself (`PIP_NO_CACHE_DIR=1 pip …`), by
/// an earlier `export` in the same RUN, or by ENV or ARG before the RUN (in the stage or the stages it
/// builds on).
pub fn variable(model: &Model, run: &PackageRun, command: usize, name: &str) -> Option<String> {
    let script = model.shell_script(run.instruction);
    let own = script.commands.get(command)?.assignments.iter().find(|a| a.name == name);
    if let Some(assignment) = own {
        return Some(assignment.value.as_str().to_string());
    }
    let exported = script.commands.iter().take(command).rev().find_map(|c| {
        (c.name() == Some("export"))
            .then(|| c.args.iter().find_map(|a| a.as_str().strip_prefix(name)?.strip_prefix('=').map(str::to_string)))?
    });
    exported.or_else(|| scope_before(model, run)?.get(name))
}

/// Whether apt is configured with `key` (`Install-Recommends`, `Assume-Yes`) set to `wanted` before
/// `command`: by a file written earlier in the same RUN or in an earlier RUN of the stage (or the stages
/// it builds on), e.g. `echo 'APT::Install-Recommends "false";' > /etc/apt/apt.conf.d/…`. A COPY or ADD
/// into `/etc/apt/apt.conf.d` counts too: what it holds cannot be seen, so nothing is claimed.
pub fn apt_configured(model: &Model, run: &PackageRun, command: usize, key: &str, wanted: bool) -> bool {
    let script = model.shell_script(run.instruction);
    let before = script.commands.get(command).map_or(0, |c| c.span.start);
    let own = model.instruction(run.instruction);
    let own_text = model.tree.text.get(own.span.start..before.max(own.span.start)).unwrap_or("");
    if sets_apt_key(own_text, key, wanted) {
        return true;
    }
    model.chain_of(run.stage).iter().filter_map(|&s| model.stages.get(s)).any(|stage| {
        model.commands(stage).filter(|(i, _)| *i < run.instruction).any(|(_, inst)| match inst.kind {
            Keyword::Run => {
                sets_apt_key(&inst.original, key, wanted)
                    || inst.heredocs.iter().any(|h| sets_apt_key(&h.content, key, wanted))
            }
            Keyword::Copy | Keyword::Add => inst.args.last().is_some_and(|d| d.value.starts_with("/etc/apt/apt.conf")),
            _ => false,
        })
    })
}

/// Whether `text` sets apt's `key` (case-insensitively, as `APT::…::Key "value"` or `Key=value`) to
/// `wanted`.
fn sets_apt_key(text: &str, key: &str, wanted: bool) -> bool {
    let lower = text.to_ascii_lowercase();
    let key = key.to_ascii_lowercase();
    lower.match_indices(&key).any(|(i, _)| {
        let value = lower[i + key.len()..].trim_start_matches(['"', '\'', '=', ' ', '\\']);
        let is_true = ["true", "yes", "1", "on"].iter().any(|t| value.starts_with(t));
        let is_false = ["false", "no", "0", "off"].iter().any(|t| value.starts_with(t));
        if wanted {
            is_true
        } else {
            is_false
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::shell::parse_posix;

    #[test]
    fn removal_later_in_the_script() {
        let script = parse_posix("apt-get install -y x && rm -rf /var/lib/apt/lists/* && rm -rf ~/.cache/pip");
        assert!(removed_in(&script, 0, &["/var/lib/apt/lists"]));
        assert!(removed_in(&script, 0, &["/root/.cache/pip"]));
        assert!(!removed_in(&script, 1, &["/var/lib/apt/lists"]));
        assert!(!removed_in(&script, 0, &["/var/cache/apk"]));
        let braced = parse_posix("apt-get update && rm -rf /var/lib/{apt,dpkg,cache,log}/");
        assert!(removed_in(&braced, 0, &["/var/lib/apt/lists"]));
    }

    #[test]
    fn apt_keys_in_text() {
        assert!(sets_apt_key(
            r#"echo 'APT::Install-Recommends "false";' > /etc/apt/apt.conf.d/x"#,
            "install-recommends",
            false
        ));
        assert!(sets_apt_key("echo 'APT::Get::Assume-Yes \"true\";'", "assume-yes", true));
        assert!(!sets_apt_key("APT::Install-Recommends \"true\"", "install-recommends", false));
    }
}
