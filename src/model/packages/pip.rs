//! `pip`, `pip3`, `python -m pip` and `uv pip`: `install`, `uninstall`, `cache purge`; packages as
//! requirement specifiers (`name`, `name==1.2`, `name>=1,<2`, `name[extra]~=1.2`, `name @ URL`),
//! requirement and constraint files (`-r`, `-c`), editable installs (`-e .`), local paths, wheels,
//! archives and URLs.

use super::{is_path, is_url, split_package, subcommand_form, Action, Package, Parsed, Source};
use crate::model::shell::Word;

const VALUED: &[&str] = &[
    "-r",
    "--requirement",
    "-c",
    "--constraint",
    "-e",
    "--editable",
    "-i",
    "--index-url",
    "--extra-index-url",
    "--index",
    "--default-index",
    "-f",
    "--find-links",
    "-t",
    "--target",
    "--prefix",
    "--root",
    "--trusted-host",
    "--platform",
    "--python-version",
    "--python",
    "-p",
    "--implementation",
    "--abi",
    "--src",
    "--upgrade-strategy",
    "--progress-bar",
    "--cache-dir",
    "--log",
    "--proxy",
    "--retries",
    "--timeout",
    "--exists-action",
    "--cert",
    "--client-cert",
    "--global-option",
    "--install-option",
    "-C",
    "--config-settings",
    "--only-binary",
    "--no-binary",
    "--report",
    "--build-constraint",
    "--override",
    "--extra",
];

pub(super) fn parse(args: &[Word]) -> Parsed {
    // Specifiers are read from the whole operand list (`name @ URL` is three words), for installs only.
    let mut parsed = subcommand_form(args, VALUED, action, |_| None);
    if parsed.action == Some(Action::Install) {
        parsed.packages = packages(&parsed.operands);
    }
    parsed
}

fn action(subcommand: &str, operands: &[Word]) -> Option<Action> {
    Some(match subcommand {
        "install" => Action::Install,
        "uninstall" => Action::Remove,
        "cache" if operands.first().is_some_and(|w| w.is("purge") || w.is("remove") || w.is("clean")) => Action::Clean,
        _ => Action::Other,
    })
}

/// The requirement specifiers among the operands; `name @ URL` (three words) is one remote package.
fn packages(operands: &[Word]) -> Vec<Package> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(word) = operands.get(i) {
        if operands.get(i + 1).is_some_and(|w| w.is("@")) {
            out.extend(split_package(word, None, Source::Remote));
            i += 3;
            continue;
        }
        out.extend(package(word));
        i += 1;
    }
    out
}

fn package(word: &Word) -> Option<Package> {
    let text = super::unquoted(word);
    if is_url(&text) || text.contains(" @ ") {
        return split_package(word, None, Source::Remote);
    }
    let archive = [".whl", ".tar.gz", ".tgz", ".zip", ".tar.bz2"].iter().any(|e| text.ends_with(e));
    if is_path(&text) || archive || (text.contains('/') && !text.contains(['=', '<', '>'])) {
        return split_package(word, None, Source::Local);
    }
    // Name, then extras (`[socks]`), then the version specifier; an environment marker (`; python_version…`)
    // ends it.
    let first_operator = text.find(['=', '<', '>', '!', '~', ';', ' ', ',']);
    let extras_at = text.find('[').filter(|&e| first_operator.is_none_or(|v| e < v));
    // The specifier comes after the extras, which may hold commas (`pkg[s3,gcs]>=1`).
    let after_extras = extras_at.and_then(|e| text[e..].find(']').map(|c| e + c + 1)).unwrap_or(0);
    let version_at = text[after_extras..].find(['=', '<', '>', '!', '~', ';', ' ', ',']).map(|v| after_extras + v);
    let mut package = split_package(word, extras_at.or(version_at), Source::Registry)?;
    if extras_at.is_some() {
        let version = version_at.and_then(|v| text.get(v..)).map(str::to_string);
        package.version = version;
    }
    Some(package)
}

#[cfg(test)]
mod tests {
    use super::super::{package_commands, Action, Manager, Source};
    use crate::model::shell::parse_posix;

    #[test]
    fn specifiers_files_paths_and_interpreters() {
        let found = package_commands(&parse_posix(
            "python3 -m pip install --no-cache-dir -r requirements.txt -e . 'requests[socks,http2]==2.31' 'flask>=3' ./wheels/x.whl git+https://g/x.git name @ https://x/y.zip && uv pip install ruff && pip3.12 cache purge",
        ));
        let cmd = &found[0];
        assert_eq!((cmd.manager, cmd.program.as_str()), (Manager::Pip, "python3 -m pip"));
        assert_eq!(cmd.option_value(&["-r"]), Some("requirements.txt"));
        assert_eq!(cmd.option_value(&["-e"]), Some("."));
        let names: Vec<(&str, Option<&str>, Source)> =
            cmd.packages.iter().map(|p| (p.name.as_str(), p.version.as_deref(), p.source)).collect();
        assert_eq!(
            names,
            [
                ("requests", Some("==2.31"), Source::Registry),
                ("flask", Some(">=3"), Source::Registry),
                ("./wheels/x.whl", None, Source::Local),
                ("git+https://g/x.git", None, Source::Remote),
                ("name", None, Source::Remote),
            ]
        );
        assert_eq!((found[1].program.as_str(), found[1].packages[0].name.as_str()), ("uv pip", "ruff"));
        assert_eq!(found[2].action, Action::Clean);
    }
}
