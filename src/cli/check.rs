//! `timon check`: type-checks a project and reports every diagnostic.

use std::path::PathBuf;
use std::process::ExitCode;

use super::{Printer, project, project_path, summary};
use crate::pipeline;

#[derive(Debug, clap::Args)]
pub(super) struct CheckArgs {
    /// The project: a folder of `.timon` files or one `.timon` file.
    path: Option<PathBuf>,
}

pub(super) fn run(args: &CheckArgs, printer: &Printer) -> ExitCode {
    let path = project_path(args.path.as_ref());
    let project = match project::load(&path) {
        Ok(project) => project,
        Err(message) => return printer.fatal(&message),
    };
    let checked = pipeline::check(project.files);
    printer.diagnostics(&checked.diagnostics, &checked.sources);
    if let Some(summary) = summary(&checked.diagnostics) {
        eprintln!("{summary}");
    }
    if checked.diagnostics.iter().any(crate::diagnostics::Diagnostic::is_error) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
