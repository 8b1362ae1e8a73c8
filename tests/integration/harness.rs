//! Shared helpers: loading a project from disk into memory, fake inputs, rendering.

use std::path::{Path, PathBuf};

use timon::diagnostics::Diagnostic;
use timon::diagnostics::render::render_report;
use timon::lower::Inputs;
use timon::pipeline::ProjectFile;
use timon::source::SourceMap;

/// The repository root.
pub(crate) fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Reads the `.timon` files of a folder, or one file, as the CLI does.
pub(crate) fn load(path: &Path) -> Vec<ProjectFile> {
    // The CLI's own loader, so that tests see a project exactly as `timon build` does.
    // Names relative to the project, so that snapshots do not depend on the checkout's place.
    match timon::cli::project::load(path) {
        Ok(project) => project
            .files
            .into_iter()
            .map(|file| ProjectFile {
                name: file.relative_path.to_string_lossy().replace('\\', "/"),
                ..file
            })
            .collect(),
        Err(message) => panic!("{message}"),
    }
}

/// Inputs with no environment variables and the project's files read from `base`.
pub(crate) struct TestInputs {
    pub(crate) base: PathBuf,
    pub(crate) include_secrets: bool,
}

impl Inputs for TestInputs {
    fn include_secrets(&self) -> bool {
        self.include_secrets
    }

    fn env_var(&self, name: &str) -> Option<String> {
        // A fixed, fake environment: tests never read the real one.
        (name == "TIMON_TEST_PASSWORD").then(|| "not-a-real-password".to_owned())
    }

    fn read_project_file(&self, path: &str) -> Result<String, String> {
        std::fs::read_to_string(self.base.join(path))
            .map_err(|_| "no such file in the project".to_owned())
    }
}

/// Every diagnostic rendered as a person sees it, without colours.
pub(crate) fn render(diagnostics: &[Diagnostic], sources: &SourceMap) -> String {
    diagnostics
        .iter()
        .map(|diagnostic| render_report(diagnostic, sources, false))
        .collect::<Vec<_>>()
        .join("\n")
}

/// insta settings that put snapshots under `snapshots/<folder>/`.
pub(crate) fn settings(folder: &str) -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(root().join("snapshots").join(folder));
    settings.set_prepend_module_to_snapshot(false);
    settings
}
