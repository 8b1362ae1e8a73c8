//! Finds and reads a project's `.timon` files.

use std::path::{Component, Path, PathBuf};

use crate::pipeline::ProjectFile;

/// A project on disk: its root folder and its source files.
pub(crate) struct Project {
    pub(crate) root: PathBuf,
    pub(crate) files: Vec<ProjectFile>,
}

/// Loads `path`: a `.timon` file, or a folder whose `.timon` files (not those of its
/// sub-folders) form the project.
pub(crate) fn load(path: &Path) -> Result<Project, String> {
    let metadata = std::fs::metadata(path)
        .map_err(|error| format!("cannot read `{}`: {error}", path.display()))?;
    let (root, paths) = if metadata.is_dir() {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(|error| format!("cannot list `{}`: {error}", path.display()))?
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|candidate| {
                candidate.extension().is_some_and(|extension| extension == "timon")
                    && candidate.is_file()
            })
            .collect();
        paths.sort();
        if paths.is_empty() {
            return Err(format!("no `.timon` file in `{}`", path.display()));
        }
        (path.to_path_buf(), paths)
    } else {
        let root = path
            .parent()
            .filter(|parent| !parent.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf();
        (root, vec![path.to_path_buf()])
    };
    let mut files = Vec::new();
    for file in paths {
        let text = std::fs::read_to_string(&file)
            .map_err(|error| format!("cannot read `{}`: {error}", file.display()))?;
        let relative_path =
            file.strip_prefix(&root).map_or_else(|_| file.clone(), Path::to_path_buf);
        files.push(ProjectFile { name: display(&file), relative_path, text });
    }
    Ok(Project { root, files })
}

fn display(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    text.strip_prefix("./").map(str::to_owned).unwrap_or(text)
}

/// Reads a file named by the sources, refusing any path that leaves the project root
/// (`..`, absolute paths, or symbolic links pointing outside).
pub(crate) fn read_inside(root: &Path, relative: &str) -> Result<String, String> {
    let candidate = Path::new(relative);
    if candidate.is_absolute()
        || candidate.components().any(|component| matches!(component, Component::ParentDir))
    {
        return Err("the path leaves the project folder".to_owned());
    }
    let root = root.canonicalize().map_err(|error| error.to_string())?;
    let resolved = root.join(candidate).canonicalize().map_err(|error| error.to_string())?;
    if !resolved.starts_with(&root) {
        return Err("the path leads outside the project folder (through a link)".to_owned());
    }
    std::fs::read_to_string(&resolved).map_err(|error| error.to_string())
}
