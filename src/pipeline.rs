//! Runs the stages in order over sources held in memory. The CLI reads the files and writes
//! the results; tests call this directly.

use crate::check::{self, hir};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::emit::{self, Emitted};
use crate::lower::{self, Inputs};
use crate::resolve;
use crate::source::{Origin, SourceMap};
use crate::syntax;

/// One source file of a project: its display name, its path relative to the project root,
/// and its text.
#[derive(Debug, Clone)]
pub struct ProjectFile {
    pub name: String,
    pub relative_path: std::path::PathBuf,
    pub text: String,
}

/// The result of checking a project (no output).
#[derive(Debug)]
pub struct Checked {
    pub sources: SourceMap,
    pub project: Option<hir::Project>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses, resolves and checks. `project` is `None` when errors prevent later stages.
pub fn check(files: Vec<ProjectFile>) -> Checked {
    let mut sources = SourceMap::default();
    let mut diagnostics = Diagnostics::default();
    let mut parsed = Vec::new();
    for file in files {
        let id = sources.add(file.name, Origin::Project { path: file.relative_path }, file.text);
        match syntax::parse(id, &sources.get(id).text) {
            Ok(tree) => parsed.push((id, tree)),
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    let (program, resolve_diagnostics) = resolve::resolve(&mut sources, parsed);
    diagnostics.extend(resolve_diagnostics);
    let (project, check_diagnostics) = check::check(&program);
    diagnostics.extend(check_diagnostics);
    let project = (!diagnostics.has_errors()).then_some(project);
    Checked { sources, project, diagnostics: diagnostics.into_sorted() }
}

/// The result of a build.
#[derive(Debug)]
pub struct Built {
    pub sources: SourceMap,
    /// `None` when an error stopped the build.
    pub emitted: Option<Emitted>,
    pub project: Option<hir::Project>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Runs every stage for one environment.
pub fn build(files: Vec<ProjectFile>, environment: Option<&str>, inputs: &dyn Inputs) -> Built {
    let Checked { sources, project, mut diagnostics } = check(files);
    let Some(project) = project else {
        return Built { sources, emitted: None, project: None, diagnostics };
    };
    let (output, lower_diagnostics) = lower::lower(&project, environment, inputs);
    let failed = lower_diagnostics.iter().any(Diagnostic::is_error);
    diagnostics.extend(lower_diagnostics);
    let emitted = (!failed).then(|| emit::emit(&output, &sources));
    Built { sources, emitted, project: Some(project), diagnostics }
}
