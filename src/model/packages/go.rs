//! `go install`, `go get` and `go run`: packages as import paths with an optional `@version`
//! (`golang.org/x/tools/gopls@v0.16.0`, `…@latest`); local packages (`.`, `./cmd/app`, `./...`,
//! `main.go`) and standard-library names (no dot in the first path element) are not downloaded.

use super::{is_path, split_package, subcommand_form, Action, Package, Parsed, Source};
use crate::model::shell::Word;

/// go's flags are single-dash words; these take the next word as their value (`-tags x`).
const VALUED: &[&str] = &[
    "-o",
    "-C",
    "-p",
    "-tags",
    "-ldflags",
    "-gcflags",
    "-asmflags",
    "-gccgoflags",
    "-mod",
    "-modfile",
    "-overlay",
    "-pkgdir",
    "-buildmode",
    "-compiler",
    "-toolexec",
    "-exec",
    "-installsuffix",
    "-pgo",
];

pub(super) fn parse(args: &[Word]) -> Parsed {
    let mut parsed = subcommand_form(args, VALUED, |s, _| action(s), package);
    // `go run pkg@version [args]`: only the first operand is the package; a local one runs the module's code.
    if parsed.subcommand.as_ref().is_some_and(|w| w.is("run")) {
        parsed.packages =
            parsed.operands.first().and_then(package).filter(|p| p.source != Source::Local).into_iter().collect();
        parsed.action = Some(if parsed.packages.is_empty() { Action::Other } else { Action::Install });
    }
    parsed
}

fn action(subcommand: &str) -> Option<Action> {
    Some(match subcommand {
        "install" | "get" | "run" => Action::Install,
        "clean" => Action::Clean,
        _ => Action::Other,
    })
}

fn package(word: &Word) -> Option<Package> {
    let text = super::unquoted(word);
    let path = text.split('@').next().unwrap_or(&text);
    let remote = path.split('/').next().is_some_and(|first| first.contains('.')) && !path.ends_with(".go");
    if is_path(&text) || !remote {
        return split_package(word, None, Source::Local);
    }
    split_package(word, text.find('@'), Source::Registry)
}

#[cfg(test)]
mod tests {
    use super::super::{package_commands, Action, Source};
    use crate::model::shell::parse_posix;

    #[test]
    fn remote_and_local_packages() {
        let found = package_commands(&parse_posix(
            "go install -ldflags '-s -w' golang.org/x/tools/gopls@v0.16.0 github.com/x/y ./cmd/... && go run main.go && go run github.com/a/b@v1 -flag",
        ));
        let got: Vec<(&str, Option<&str>, Source)> =
            found[0].packages.iter().map(|p| (p.name.as_str(), p.version.as_deref(), p.source)).collect();
        assert_eq!(
            got,
            [
                ("golang.org/x/tools/gopls", Some("@v0.16.0"), Source::Registry),
                ("github.com/x/y", None, Source::Registry),
                ("./cmd/...", None, Source::Local),
            ]
        );
        assert_eq!(found[1].action, Action::Other);
        assert_eq!((found[2].action, found[2].packages.len()), (Action::Install, 1));
    }
}
