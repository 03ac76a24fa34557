//! `apk`: `add`, `del`, `update`, `upgrade`, `cache clean`; packages as `name`, `name=1.2`, `name~1.2`,
//! `name>1.2`, `name<1.2`, `name@tag` (a repository tag, not a version), and local `.apk` files.

use super::{is_path, is_url, split_package, subcommand_form, Action, Package, Parsed, Source};
use crate::model::shell::Word;

const VALUED: &[&str] = &[
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
    "--cache-max-age",
    "--timeout",
    "--progress-fd",
];

pub(super) fn parse(args: &[Word]) -> Parsed {
    let mut parsed = subcommand_form(args, VALUED, action, package);
    parsed.virtual_name =
        parsed.options.iter().find(|o| matches!(o.name.as_str(), "-t" | "--virtual")).and_then(|o| o.value.clone());
    parsed
}

fn action(subcommand: &str, operands: &[Word]) -> Option<Action> {
    Some(match subcommand {
        "add" => Action::Install,
        "del" => Action::Remove,
        "update" => Action::Refresh,
        "upgrade" => Action::Upgrade,
        "cache" if operands.first().is_some_and(|w| w.is("clean") || w.is("purge")) => Action::Clean,
        _ => Action::Other,
    })
}

fn package(word: &Word) -> Option<Package> {
    let text = super::unquoted(word);
    if is_url(&text) || is_path(&text) || text.ends_with(".apk") {
        return split_package(word, None, Source::Local);
    }
    let at = text.find(['=', '~', '>', '<']).or_else(|| text.find('@'));
    split_package(word, at, Source::Registry)
}

#[cfg(test)]
mod tests {
    use super::super::{package_commands, Action};
    use crate::model::shell::parse_posix;

    #[test]
    fn virtual_groups_versions_tags_and_removal() {
        let found = package_commands(&parse_posix(
            "apk add --no-cache --virtual .build-deps gcc musl-dev~=1.2 curl@edge && pip install x && apk del .build-deps && apk cache clean",
        ));
        assert_eq!(found[0].virtual_name.as_deref(), Some(".build-deps"));
        let names: Vec<&str> = found[0].packages.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["gcc", "musl-dev", "curl"]);
        assert_eq!(found[0].packages[1].version.as_deref(), Some("~=1.2"));
        assert_eq!(found[0].packages[2].version.as_deref(), Some("@edge"));
        assert_eq!(found[1].action, Action::Install, "pip is read too");
        assert_eq!((found[2].action, found[2].packages[0].name.as_str()), (Action::Remove, ".build-deps"));
        assert_eq!(found[3].action, Action::Clean);
    }
}
