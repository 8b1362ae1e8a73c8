//! The command line: the only module that reads or writes files, prints, or exits.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod build;
mod check;
mod explain;
mod lock;
pub mod project;
mod report;
mod write;

use std::io::IsTerminal as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::diagnostics::Diagnostic;
use crate::diagnostics::render::{render_line, render_report};
use crate::source::SourceMap;

/// timon: a typed language for self-hosted Kubernetes, compiled to numbered YAML.
#[derive(Debug, Parser)]
#[command(name = "timon", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
    /// How to print diagnostics.
    #[arg(long, global = true, value_enum, default_value = "human")]
    message_format: MessageFormat,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum MessageFormat {
    /// miette's report with the source excerpt.
    Human,
    /// One line per finding: `path:line:column: error[CODE]: message`.
    Short,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Compile a project into numbered Kubernetes YAML files and RKE's cluster.yml.
    Build(build::BuildArgs),
    /// Type-check and lint timon projects, and validate and lint Kubernetes YAML.
    Check(check::CheckArgs),
    /// List the lint rules with their codes and default severities.
    Rules,
    /// Explain a diagnostic code or lint rule: `timon explain E0302`, `timon explain L001`,
    /// `timon explain missing-resource-limits`.
    Explain {
        /// A code (`E0302`, `L001`) or a rule name.
        code: String,
    },
}

/// Exit codes: 0 success, 1 errors in the sources, 2 usage or I/O errors.
pub fn run(cli: Cli) -> ExitCode {
    let printer = Printer { format: cli.message_format, color: std::io::stderr().is_terminal() };
    match cli.command {
        Command::Build(args) => build::run(&args, &printer),
        Command::Check(args) => check::run(&args, &printer),
        Command::Rules => explain::rules(),
        Command::Explain { code } => explain::run(&code),
    }
}

/// Prints diagnostics to standard error.
pub(crate) struct Printer {
    format: MessageFormat,
    color: bool,
}

impl Printer {
    pub(crate) fn diagnostics(&self, diagnostics: &[Diagnostic], sources: &SourceMap) {
        for diagnostic in diagnostics {
            match self.format {
                MessageFormat::Human => {
                    eprintln!("{}", render_report(diagnostic, sources, self.color));
                }
                MessageFormat::Short => eprintln!("{}", render_line(diagnostic, sources)),
            }
        }
    }

    /// A failure outside the sources (I/O, usage): one line, exit code 2.
    #[allow(clippy::unused_self)] // A method, so that every print goes through the printer.
    pub(crate) fn fatal(&self, message: &str) -> ExitCode {
        eprintln!("error: {message}");
        ExitCode::from(2)
    }
}

fn summary(diagnostics: &[Diagnostic]) -> Option<String> {
    let errors = diagnostics.iter().filter(|diagnostic| diagnostic.is_error()).count();
    let warnings = diagnostics.len() - errors;
    match (errors, warnings) {
        (0, 0) => None,
        (errors, warnings) => Some(format!(
            "{errors} error{}, {warnings} warning{}",
            if errors == 1 { "" } else { "s" },
            if warnings == 1 { "" } else { "s" }
        )),
    }
}

/// The project path given on the command line, `.` by default.
fn project_path(path: Option<&PathBuf>) -> PathBuf {
    path.cloned().unwrap_or_else(|| PathBuf::from("."))
}
