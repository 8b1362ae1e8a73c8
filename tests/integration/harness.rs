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
    let (base, mut paths): (PathBuf, Vec<PathBuf>) = if path.is_dir() {
        let paths = std::fs::read_dir(path)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|file| file.extension().is_some_and(|extension| extension == "timon"))
            .collect();
        (path.to_path_buf(), paths)
    } else {
        (path.parent().unwrap().to_path_buf(), vec![path.to_path_buf()])
    };
    paths.sort();
    paths
        .into_iter()
        .map(|file| {
            let relative_path = file.strip_prefix(&base).unwrap().to_path_buf();
            ProjectFile {
                name: relative_path.to_string_lossy().into_owned(),
                relative_path,
                text: std::fs::read_to_string(&file).unwrap(),
            }
        })
        .collect()
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
