//! What a RUN does with package managers: the distribution's (`apt-get`/`apt`/`aptitude`, `apk`,
//! `yum`/`dnf`/`microdnf`/`tdnf`, `zypper`) and the languages' (`pip`, `npm`, `yarn`, `pnpm`, `gem`,
//! `go`, `cargo`). Each command is read with its manager's own option grammar (one module per manager),
//! so a rule asks "which packages does this install, how pinned, with which options" instead of
//! parsing words. Each package keeps its span, so a rule can point at `gcc` in a long install line.
//! Words that are not static (`$BUILD_DEPS`, `$(cat list)`) are left out: nothing is guessed about
//! them; a package whose version alone is a variable (`curl=${CURL_VERSION}`) is kept, pinned.

mod apk;
mod apt;
mod cargo;
mod gem;
mod go;
pub mod moot;
mod npm;
mod pip;
mod pnpm;
mod rpm;
mod yarn;
mod zypper;

use super::shell::{ShellCommand, ShellScript, Word};
use super::stage_graph::mentions;
use super::Model;
use crate::syntax::dockerfile::Keyword;
use crate::syntax::source::Span;

/// A package manager.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Manager {
    /// `apt-get`, `apt`, `aptitude`.
    Apt,
    Apk,
    Yum,
    /// `dnf`, `dnf5`, `microdnf`, `tdnf`.
    Dnf,
    Zypper,
    /// `pip`, `pip3`, `python -m pip`, `uv pip`.
    Pip,
    Npm,
    Yarn,
    Pnpm,
    Gem,
    Go,
    Cargo,
}

impl Manager {
    /// Whether it installs the distribution's packages (as opposed to a language's).
    pub fn is_distribution(self) -> bool {
        matches!(self, Manager::Apt | Manager::Apk | Manager::Yum | Manager::Dnf | Manager::Zypper)
    }
}

/// Where a package comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// By name from the manager's index or registry: the only kind a version pin applies to.
    Registry,
    /// A file or folder in the image or the build context (`./app.deb`, `.`, `/tmp/x.whl`).
    Local,
    /// A URL or a version-control reference (`https://…/x.rpm`, `git+https://…`, `github:user/repo`).
    Remote,
    /// A group, pattern or module (`@development`, `zypper in -t pattern devel_basis`).
    Group,
}

/// One package named in a command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Package {
    /// The name without version, release or extras (`gcc` of `gcc=4:12.2.0-3`, `requests` of
    /// `requests[socks]==2.31`, `@types/node` of `@types/node@20`).
    pub name: String,
    /// The version part as written, operator included (`=1.2.3`, `~=1.2`, `-1.2.3`, `==2.31`, `@20`).
    /// For `gem install -v`, `cargo install --version`: the option's value.
    pub version: Option<String>,
    pub source: Source,
    /// The word in the Dockerfile.
    pub span: Span,
}

impl Package {
    /// Whether the version comes from a build argument or environment variable (`=${CURL_VERSION}`).
    pub fn version_from_variable(&self) -> bool {
        self.version.as_deref().is_some_and(|v| v.contains('$'))
    }
}

/// An option given to a command, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CmdOption {
    /// `-y`, `-qy` (a bundle), `--yes`, `-o`: the word up to `=` (for a short option with its value
    /// attached, `-oAPT::…`, the two characters).
    pub name: String,
    /// `--opt=value`, `--opt value` (for options that take one), `-ovalue`.
    pub value: Option<String>,
    /// The option word (and its value word).
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Install packages: `apt-get install`, `apk add`, `pip install`, `npm install`, `go install`, …
    Install,
    Remove,
    /// Refresh the package index: `apt-get update`, `apk update`, `yum`/`dnf makecache`, `zypper refresh`.
    Refresh,
    /// Upgrade installed packages from the index: `apt-get upgrade`, `apk upgrade`, `yum`/`dnf
    /// update`/`upgrade`, `zypper update`, `npm update`, `gem update`.
    Upgrade,
    /// Upgrade to a new distribution release: `apt-get dist-upgrade`/`full-upgrade`, `zypper
    /// dist-upgrade`, `dnf distro-sync`.
    DistUpgrade,
    /// Empty a cache: `apt-get clean`, `yum clean all`, `pip cache purge`, `yarn cache clean`, …
    Clean,
    /// Anything else (`apt-get build-dep`, `npm ci`, `yum check-update`, `pip download`).
    Other,
}

/// One package-manager command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageCommand {
    pub manager: Manager,
    /// The program as invoked, without its folder: `apt-get`, `apt`, `microdnf`, `pip3`, `python3 -m
    /// pip`, `uv pip`.
    pub program: String,
    /// The program word (`apt` of `apt install`, `pip` of `python -m pip`), in the file.
    pub program_span: Span,
    pub action: Action,
    /// The subcommand as written (`install`, `in`, `add`, `clean`), when there is one.
    pub subcommand: Option<Word>,
    /// Words after the subcommand that are not options or their values (for `clean`: `all`).
    pub operands: Vec<Word>,
    /// The operands that name packages, read with the manager's syntax.
    pub packages: Vec<Package>,
    pub options: Vec<CmdOption>,
    /// `apk add --virtual NAME` (`-t NAME`): the group the packages are installed as.
    pub virtual_name: Option<String>,
    /// The command's position in its script.
    pub command: usize,
    /// The whole command in the file.
    pub span: Span,
}

impl PackageCommand {
    /// Whether any of `names` is given: a long name (`--yes`) matches `--yes` and `--yes=…`; a short
    /// one (`-y`) also matches inside a bundle of letters (`-qy`).
    pub fn has_option(&self, names: &[&str]) -> bool {
        self.options.iter().any(|o| names.iter().any(|&want| option_matches(&o.name, want)))
    }

    /// The value of the first of `names` given with one (`-o X`, `--opt=X`, `-oX`).
    pub fn option_value(&self, names: &[&str]) -> Option<&str> {
        self.options.iter().find(|o| names.contains(&o.name.as_str())).and_then(|o| o.value.as_deref())
    }

    /// Every value given to any of `names`.
    pub fn option_values<'c>(&'c self, names: &'c [&str]) -> impl Iterator<Item = &'c str> + 'c {
        self.options.iter().filter(|o| names.contains(&o.name.as_str())).filter_map(|o| o.value.as_deref())
    }

    /// The packages installed by name from the registry.
    pub fn registry_packages(&self) -> impl Iterator<Item = &Package> {
        self.packages.iter().filter(|p| p.source == Source::Registry)
    }

    /// The subcommand's value (`install`), if static.
    pub fn subcommand_is(&self, names: &[&str]) -> bool {
        self.subcommand.as_ref().and_then(|w| w.value.as_deref()).is_some_and(|s| names.contains(&s))
    }

    /// Where the command's head ends: after the subcommand word, else after the program. A fix that
    /// adds an option inserts it here.
    pub fn head_end(&self) -> usize {
        self.subcommand.as_ref().map_or(self.program_span.end, |w| w.span.end)
    }
}

/// Whether an option word `given` is the option `want` (`-y` is inside the bundle `-qy`).
fn option_matches(given: &str, want: &str) -> bool {
    if given == want {
        return true;
    }
    let (Some(letter), true) = (want.strip_prefix('-'), want.len() == 2) else { return false };
    let Some(bundle) = given.strip_prefix('-') else { return false };
    !bundle.starts_with('-')
        && bundle.len() > 1
        && bundle.chars().all(|c| c.is_ascii_alphabetic())
        && bundle.contains(letter)
}

/// What a manager module makes of its arguments.
#[derive(Debug, Default)]
struct Parsed {
    action: Option<Action>,
    subcommand: Option<Word>,
    operands: Vec<Word>,
    packages: Vec<Package>,
    options: Vec<CmdOption>,
    virtual_name: Option<String>,
}

/// Options and the other words of an argument list, by a manager's grammar.
struct Scanned<'w> {
    options: Vec<CmdOption>,
    positional: Vec<&'w Word>,
}

/// Split `args` into options and positional words. `valued` lists the options that take the next
/// word as their value (`-o`, `--repository`); a short one also takes the rest of its word (`-oFoo`).
/// After `--`, every word is positional.
fn scan<'w>(args: &'w [Word], valued: &[&str]) -> Scanned<'w> {
    let mut options = Vec::new();
    let mut positional = Vec::new();
    let mut words = args.iter();
    while let Some(word) = words.next() {
        let text = word.as_str();
        if text == "--" {
            positional.extend(words.by_ref());
            break;
        }
        if text.len() < 2 || !text.starts_with('-') {
            positional.push(word);
            continue;
        }
        let option = if let Some((name, value)) = text.split_once('=').filter(|_| text.starts_with("--")) {
            CmdOption { name: name.to_string(), value: Some(value.to_string()), span: word.span }
        } else if valued.contains(&text) {
            let value = words.next();
            let span = value.map_or(word.span, |v| word.span.cover(v.span));
            CmdOption { name: text.to_string(), value: value.map(|v| v.as_str().to_string()), span }
        } else if !text.starts_with("--") && text.is_char_boundary(2) && valued.contains(&&text[..2]) {
            CmdOption { name: text[..2].to_string(), value: Some(text[2..].to_string()), span: word.span }
        } else {
            CmdOption { name: text.to_string(), value: None, span: word.span }
        };
        options.push(option);
    }
    Scanned { options, positional }
}

/// The word's value with quotes removed: its static value, else its text without quote characters
/// (`python=${VERSION}`).
fn unquoted(word: &Word) -> std::borrow::Cow<'_, str> {
    match &word.value {
        Some(v) => std::borrow::Cow::Borrowed(v.as_str()),
        None => std::borrow::Cow::Owned(word.text.replace(['"', '\''], "")),
    }
}

/// A package word split at `at` into name and version. A word that is not static is kept when its name
/// starts static: `curl=${V}` (a variable version counts as a pin) and `clang-${LLVM}` (a name with a
/// variable, unpinned); `$PKGS` is dropped.
fn split_package(word: &Word, at: Option<usize>, source: Source) -> Option<Package> {
    let text = unquoted(word);
    let (name, version) = match at {
        Some(i) if text.is_char_boundary(i) => (&text[..i], Some(text[i..].to_string())),
        _ => (text.as_ref(), None),
    };
    // `$PKGS` names nothing that can be known; `clang-${LLVM}` is a name with no version.
    if name.is_empty() || name.starts_with(['$', '`']) || name.contains('`') {
        return None;
    }
    Some(Package { name: name.to_string(), version, source, span: word.span })
}

/// Whether a word is a URL or a version-control reference.
fn is_url(value: &str) -> bool {
    value.contains("://") || value.starts_with("git+") || value.starts_with("git@")
}

/// Whether a word names a file or folder rather than a package (`.`, `./x`, `../x`, `/x`, `~/x`).
fn is_path(value: &str) -> bool {
    value == "."
        || value == ".."
        || value.starts_with(".[")
        || value.starts_with("./")
        || value.starts_with("../")
        || value.starts_with('/')
        || value.starts_with('~')
}

/// The program behind wrappers (`sudo`, `env X=1`, `xargs -r`, `nice`, …) and the arguments after
/// it; for `python -m pip` and `uv pip` the program is `pip`'s and the arguments follow it.
fn invocation(cmd: &ShellCommand) -> Option<(String, Span, &[Word])> {
    let all: Vec<&Word> = std::iter::once(&cmd.program).chain(&cmd.args).collect();
    let mut at = 0;
    for _ in 0..6 {
        let name = base_name(all.get(at)?.as_str());
        let valued: &[&str] = match name {
            "sudo" | "doas" => &["-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U", "--user", "--group"],
            "xargs" => &[
                "-n",
                "-I",
                "-L",
                "-P",
                "-d",
                "-E",
                "-s",
                "-a",
                "--max-args",
                "--max-procs",
                "--delimiter",
                "--arg-file",
            ],
            "nice" => &["-n"],
            "env" | "exec" | "nohup" | "time" | "command" | "eatmydata" | "fakeroot" | "chroot" => &[],
            _ => break,
        };
        at += 1;
        if name == "chroot" {
            at += 1;
        }
        while let Some(word) = all.get(at) {
            let text = word.as_str();
            if text == "--" {
                at += 1;
                break;
            }
            if text.starts_with('-') && text.len() > 1 {
                at += if valued.contains(&text) { 2 } else { 1 };
            } else if name == "env" && text.contains('=') {
                at += 1;
            } else {
                break;
            }
        }
    }
    let program = all.get(at)?;
    let name = base_name(program.value.as_deref()?);
    // `args` is `cmd.args` from the word after the program.
    let rest = |skip: usize| cmd.args.get(at + skip..).unwrap_or(&[]);
    if is_python(name) {
        // `python -m pip …`, `python3 -I -m pip …`
        let after = rest(0);
        let m = after.iter().position(|w| w.is("-m") || w.is("-mpip"))?;
        if after.iter().take(m).any(|w| !w.as_str().starts_with('-')) {
            return None;
        }
        let module_at = if after[m].is("-mpip") { m } else { m + 1 };
        let module = after.get(module_at)?;
        if !(module.is("pip") || after[m].is("-mpip")) {
            return None;
        }
        let words = after.get(module_at + 1..).unwrap_or(&[]);
        return Some((format!("{name} -m pip"), module.span, words));
    }
    if name == "uv" {
        let sub = rest(0).first()?;
        if !sub.is("pip") {
            return None;
        }
        return Some(("uv pip".to_string(), sub.span, rest(1)));
    }
    Some((name.to_string(), program.span, rest(0)))
}

fn base_name(word: &str) -> &str {
    word.rsplit('/').next().unwrap_or(word)
}

fn is_python(name: &str) -> bool {
    let Some(version) = name.strip_prefix("python") else { return false };
    version.chars().all(|c| c.is_ascii_digit() || c == '.')
}

/// `pip`, `pip3`, `pip3.12`.
fn is_pip(name: &str) -> bool {
    let Some(version) = name.strip_prefix("pip") else { return false };
    version.chars().all(|c| c.is_ascii_digit() || c == '.')
}

/// The manager a program name belongs to.
fn manager_of(program: &str) -> Option<Manager> {
    Some(match program {
        // `xx-apk`, `xx-apt-get`, `xx-go`: tonistiigi/xx's cross-compilation wrappers, same grammar.
        "apt-get" | "apt" | "aptitude" | "xx-apt-get" | "xx-apt" => Manager::Apt,
        "apk" | "xx-apk" => Manager::Apk,
        "yum" => Manager::Yum,
        "dnf" | "dnf5" | "microdnf" | "tdnf" => Manager::Dnf,
        "zypper" => Manager::Zypper,
        "npm" => Manager::Npm,
        "yarn" => Manager::Yarn,
        "pnpm" => Manager::Pnpm,
        "gem" => Manager::Gem,
        "go" | "xx-go" => Manager::Go,
        "cargo" => Manager::Cargo,
        p if p.ends_with(" -m pip") || p == "uv pip" || is_pip(p) => Manager::Pip,
        _ => return None,
    })
}

/// Whether a word in a RUN's text may start a package-manager command: the cheap look before parsing.
pub fn is_manager_word(word: &str) -> bool {
    let name = base_name(word);
    matches!(name, "uv") || is_python(name) || manager_of(name).is_some()
}

/// The package-manager commands of a script, in order.
pub fn package_commands(script: &ShellScript) -> Vec<PackageCommand> {
    script.commands.iter().enumerate().filter_map(|(i, c)| package_command(c, i)).collect()
}

fn package_command(cmd: &ShellCommand, index: usize) -> Option<PackageCommand> {
    let (program, program_span, args) = invocation(cmd)?;
    let manager = manager_of(&program)?;
    let parsed = match manager {
        Manager::Apt => apt::parse(args),
        Manager::Apk => apk::parse(args),
        Manager::Yum | Manager::Dnf => rpm::parse(args),
        Manager::Zypper => zypper::parse(args),
        Manager::Pip => pip::parse(args),
        Manager::Npm => npm::parse(args),
        Manager::Yarn => yarn::parse(args),
        Manager::Pnpm => pnpm::parse(args),
        Manager::Gem => gem::parse(args),
        Manager::Go => go::parse(args),
        Manager::Cargo => cargo::parse(args),
    };
    Some(PackageCommand {
        manager,
        program,
        program_span,
        action: parsed.action?,
        subcommand: parsed.subcommand,
        operands: parsed.operands,
        packages: parsed.packages,
        options: parsed.options,
        virtual_name: parsed.virtual_name,
        command: index,
        span: cmd.span,
    })
}

/// The common shape, `PROGRAM [options] SUBCOMMAND [options] OPERANDS…`: the first positional word is
/// the subcommand, `action` names what it does from the subcommand and its operands (`None`: not a command a rule asks about), `package`
/// reads each operand.
fn subcommand_form(
    args: &[Word],
    valued: &[&str],
    action: impl Fn(&str, &[Word]) -> Option<Action>,
    package: impl Fn(&Word) -> Option<Package>,
) -> Parsed {
    let scanned = scan(args, valued);
    let mut positional = scanned.positional.into_iter();
    let Some(subcommand) = positional.next() else {
        return Parsed { options: scanned.options, ..Parsed::default() };
    };
    let operands: Vec<Word> = positional.cloned().collect();
    let action = subcommand.value.as_deref().and_then(|s| action(s, &operands));
    let packages = if matches!(action, Some(Action::Install | Action::Remove | Action::Upgrade)) {
        operands.iter().filter_map(&package).collect()
    } else {
        Vec::new()
    };
    Parsed {
        action,
        subcommand: Some(subcommand.clone()),
        operands,
        packages,
        options: scanned.options,
        virtual_name: None,
    }
}

/// One RUN's package-manager commands, with where the RUN is.
#[derive(Debug, Clone)]
pub struct PackageRun {
    /// The stage's index in `Model::stages`.
    pub stage: usize,
    /// The RUN's index in the file (for `ONBUILD RUN`, the ONBUILD's).
    pub instruction: usize,
    /// An `ONBUILD RUN`: it runs in the images built from this one, which ship it.
    pub onbuild: bool,
    pub commands: Vec<PackageCommand>,
}

impl Model<'_> {
    /// Every RUN (and `ONBUILD RUN`) that runs a package manager, with its commands: parsed once per
    /// file for all the package rules. RUNs BuildKit rejects are left out.
    pub fn package_runs(&self) -> &[PackageRun] {
        self.package_runs.get_or_init(|| {
            let mut runs = Vec::new();
            for stage in &self.stages {
                for (index, inst) in self.commands(stage) {
                    let onbuild = inst.trigger.as_deref().is_some_and(|t| t.kind == Keyword::Run);
                    if (inst.kind != Keyword::Run && !onbuild) || inst.has_error || !mentions(inst, is_manager_word) {
                        continue;
                    }
                    let commands = package_commands(self.shell_script(index));
                    if !commands.is_empty() {
                        runs.push(PackageRun { stage: stage.index, instruction: index, onbuild, commands });
                    }
                }
            }
            runs
        })
    }

    /// Every command of `managers`, with its RUN.
    /// Whether what the RUN leaves behind ships: its stage is part of the final image, or it is an
    /// `ONBUILD RUN`, which runs in the images built from this one.
    pub fn package_run_ships(&self, run: &PackageRun) -> bool {
        run.onbuild || self.in_final_image(run.stage)
    }

    pub fn package_commands_of<'m>(
        &'m self,
        managers: &'m [Manager],
    ) -> impl Iterator<Item = (&'m PackageRun, &'m PackageCommand)> + 'm {
        self.package_runs()
            .iter()
            .flat_map(|run| run.commands.iter().map(move |c| (run, c)))
            .filter(move |(_, c)| managers.contains(&c.manager))
    }
}

#[cfg(test)]
mod tests;
