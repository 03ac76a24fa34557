//! The package model across managers: wrappers, programs and what is not a package command.

use super::*;
use crate::model::shell::parse_posix;

fn commands(text: &str) -> Vec<PackageCommand> {
    package_commands(&parse_posix(text))
}

#[test]
fn wrappers_are_looked_through() {
    let found = commands(
        "sudo -E apt-get install -y curl && env DEBIAN_FRONTEND=noninteractive apt-get install -y git && xargs -r apt-get install -y < list && /usr/bin/apk add x",
    );
    let programs: Vec<(&str, Manager)> = found.iter().map(|c| (c.program.as_str(), c.manager)).collect();
    assert_eq!(
        programs,
        [("apt-get", Manager::Apt), ("apt-get", Manager::Apt), ("apt-get", Manager::Apt), ("apk", Manager::Apk)]
    );
    assert_eq!(found[0].packages[0].name, "curl");
    assert_eq!(found[1].packages[0].name, "git");
    assert!(found[2].packages.is_empty() && found[2].has_option(&["-y"]));
}

#[test]
fn what_is_not_a_package_command() {
    assert!(
        commands("echo apt-get install x && python3 app.py && python -m venv /v && uv sync && gopher get").is_empty()
    );
    // A program with no subcommand is still a command (yarn's bare form), but not an install for others.
    let found = commands("apt-get --version");
    assert_eq!(found.len(), 0, "no subcommand, no action");
}

#[test]
fn the_head_ends_after_the_subcommand() {
    let text = "apt-get install curl";
    let found = commands(text);
    assert_eq!(&text[..found[0].head_end()], "apt-get install");
    assert_eq!(&text[found[0].program_span.range()], "apt-get");
}

#[test]
fn manager_words_for_the_cheap_look() {
    for word in ["apt-get", "/usr/bin/pip3", "python3.12", "uv", "microdnf", "cargo", "xx-apk", "xx-go"] {
        assert!(is_manager_word(word), "{word}");
    }
    for word in ["echo", "pipx", "gopls", "make"] {
        assert!(!is_manager_word(word), "{word}");
    }
}
