//! The command line: argument definitions (clap) and dispatch to each command.
//!
//! The contract these follow is `docs/cli-contract.md` of the project's shared docs: commands, options and
//! exit codes are relied on by scripts, CI jobs, editors and pre-commit, so they are only ever extended.
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

pub mod check_cmd;
pub mod context_cmd;
pub mod parse_cmd;
pub mod rule_cmd;

/// Exit codes of the contract: 0 clean, 1 findings, 2 something could not be linted.
pub const EXIT_CLEAN: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

#[derive(Debug, Parser)]
#[command(name = "layerlint", version, about = "A Dockerfile linter that parses exactly as BuildKit does")]
#[command(args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// `check` is the default command: `layerlint PATH…` means `layerlint check PATH…`.
    #[command(flatten)]
    pub check: CheckArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint Dockerfiles and folders (the default command).
    Check(CheckArgs),
    /// Print the syntax tree of a Dockerfile.
    Parse(ParseArgs),
    /// Print a rule's documentation, or list every rule.
    Rule(RuleArgs),
    /// Run the language server over stdio (for editors).
    Server,
    /// Show what `docker build DIR` would send, or why given paths are sent or excluded.
    Context(ContextArgs),
}

#[derive(Debug, Args, Default)]
pub struct CheckArgs {
    /// Files and folders to lint (default: the current folder); `-` reads standard input.
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum)]
    pub format: Option<crate::render::Format>,
    /// The path to report standard input under; alone (no PATH), it means "read standard input".
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<PathBuf>,
    /// The lowest severity that makes the exit code 1: error, warning, info (default), style.
    #[arg(long, value_name = "SEVERITY")]
    pub failure_threshold: Option<String>,
    /// The build context of every Dockerfile linted (default: config `[[contexts]]`, else the Dockerfile's
    /// folder).
    #[arg(long, value_name = "DIR")]
    pub context: Option<PathBuf>,
    /// The stage that is the final one (as `docker build --target`); default: the last stage.
    #[arg(long, value_name = "STAGE")]
    pub target: Option<String>,
    /// Exit 0 even with findings.
    #[arg(long)]
    pub exit_zero: bool,
    /// Plain output without colours (also `NO_COLOR`).
    #[arg(long)]
    pub no_color: bool,
    /// Rules to run, replacing the configured selection: codes, names, code prefixes, aliases, or ALL
    /// (comma list, repeatable).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub select: Option<Vec<String>>,
    /// Rules to run in addition to the configured selection (comma list, repeatable).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub extend_select: Vec<String>,
    /// Rules not to run (comma list, repeatable).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub ignore: Vec<String>,
    /// Use this config file instead of looking for `layerlint.toml` / `.layerlint.toml`.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Use no config file.
    #[arg(long, conflicts_with = "config")]
    pub isolated: bool,
    /// A build argument, as `docker build --build-arg` takes it (repeatable).
    #[arg(long = "build-arg", value_name = "KEY=VALUE")]
    pub build_args: Vec<String>,
    /// Print how many findings each rule has instead of the findings.
    #[arg(long)]
    pub statistics: bool,
    /// Apply the safe fixes in place (standard input: print the fixed text), then report what remains.
    #[arg(long)]
    pub fix: bool,
    /// Also apply (with --fix) or show (with --diff) the unsafe fixes, which may change behaviour.
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print the fixes as a unified diff and change nothing (exit 1 when there would be changes).
    #[arg(long)]
    pub diff: bool,
    /// Exit 2 when a folder named holds no Dockerfile (also config `error-on-no-files`).
    #[arg(long)]
    pub error_on_no_files: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum DataFormat {
    #[default]
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct ParseArgs {
    /// The Dockerfile to parse (`-` for standard input).
    pub file: PathBuf,
    #[arg(long, value_enum, default_value = "json")]
    pub format: DataFormat,
}

#[derive(Debug, Args)]
pub struct RuleArgs {
    /// A rule code (`SYN002`), name (`json-args-recommended`) or alias (`DL3025`, `JSONArgsRecommended`);
    /// a code prefix (`SYN0`) lists the matching rules, and no argument lists them all.
    pub rule: Option<String>,
    /// List every rule (as giving no rule does).
    #[arg(long)]
    pub all: bool,
    #[arg(long, value_enum, default_value = "text")]
    pub format: DataFormat,
}

#[derive(Debug, Args)]
pub struct ContextArgs {
    /// The build context folder (default: the current folder), then with `--explain` the paths to explain
    /// (after `--` when a path starts with `-`).
    pub args: Vec<String>,
    /// The Dockerfile whose `<name>.dockerignore` takes precedence over `.dockerignore`.
    #[arg(long)]
    pub dockerfile: Option<PathBuf>,
    /// Say for each path whether it is sent or excluded, and by which `.dockerignore` line.
    #[arg(long)]
    pub explain: bool,
    #[arg(long, value_enum, default_value = "text")]
    pub format: DataFormat,
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Some(Command::Context(args)) => context_cmd::run(&args),
        Some(Command::Parse(args)) => parse_cmd::run(&args),
        Some(Command::Rule(args)) => rule_cmd::run(&args),
        Some(Command::Server) => crate::server::run(),
        Some(Command::Check(args)) => check_cmd::run(&args),
        None => check_cmd::run(&cli.check),
    };
    ExitCode::from(code)
}
