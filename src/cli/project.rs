//! Finds and reads a project's `.timon` files.

use std::path::{Component, Path, PathBuf};

use crate::pipeline::ProjectFile;

/// A project on disk: its root folder and its source files.
pub struct Project {
    pub root: PathBuf,
    pub files: Vec<ProjectFile>,
}

/// Loads `path`: a folder, whose `.timon` files form the project and whose sub-folders hold the
/// modules `import` may name; or one `.timon` file, alone at the top of its folder's modules.
pub fn load(path: &Path) -> Result<Project, String> {
    let metadata = std::fs::metadata(path)
        .map_err(|error| format!("cannot read `{}`: {error}", path.display()))?;
    let (root, top) = if metadata.is_dir() {
        (path.to_path_buf(), None)
    } else {
        let root = path
            .parent()
            .filter(|parent| !parent.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf();
        (root, Some(path.to_path_buf()))
    };
    let paths = sources_under(&root)?;
    let paths: Vec<PathBuf> = match &top {
        // One file: it, and the files of the sub-folders (modules), not its neighbours.
        Some(file) => paths
            .into_iter()
            .filter(|candidate| {
                candidate == file || candidate.parent().is_some_and(|parent| parent != root)
            })
            .collect(),
        None => paths,
    };
    if !paths.iter().any(|candidate| candidate.parent() == Some(root.as_path())) {
        return Err(format!("no `.timon` file in `{}`", path.display()));
    }
    let mut files = Vec::new();
    for file in paths {
        let text = read_source(&file)?;
        let relative_path =
            file.strip_prefix(&root).map_or_else(|_| file.clone(), Path::to_path_buf);
        files.push(ProjectFile { name: display(&file), relative_path, text });
    }
    Ok(Project { root, files })
}

/// Folders that never hold sources: hidden ones, build output and tool folders.
fn skipped(name: &str) -> bool {
    name.starts_with('.') || matches!(name, "out" | "target" | "node_modules")
}

/// The `.timon` files under `root`, sorted. Symbolic links are followed only when they lead
/// to a file inside the project: an import can never read outside it.
fn sources_under(root: &Path) -> Result<Vec<PathBuf>, String> {
    let canonical_root = root
        .canonicalize()
        .map_err(|error| format!("cannot read `{}`: {error}", root.display()))?;
    let walker = walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !skipped(&entry.file_name().to_string_lossy()));
    let mut paths = Vec::new();
    for entry in walker {
        let entry = entry.map_err(|error| format!("cannot read `{}`: {error}", root.display()))?;
        let path = entry.path();
        if path.extension().is_none_or(|extension| extension != "timon") {
            continue;
        }
        let inside = path
            .canonicalize()
            .is_ok_and(|resolved| resolved.starts_with(&canonical_root) && resolved.is_file());
        if inside {
            paths.push(path.to_path_buf());
        }
    }
    paths.sort();
    Ok(paths)
}

/// The largest source file timon reads (`.timon` or YAML): 32 MiB, far above any hand-written
/// file, so that a stray dump or binary cannot make a run take minutes and gigabytes.
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// Reads a source file, refusing files over [`MAX_FILE_BYTES`] and text that is not UTF-8.
pub fn read_source(file: &Path) -> Result<String, String> {
    let size = std::fs::metadata(file)
        .map_err(|error| format!("cannot read `{}`: {error}", file.display()))?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(format!(
            "`{}` is {} MiB: timon reads source files of at most {} MiB",
            file.display(),
            size / (1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        ));
    }
    std::fs::read_to_string(file)
        .map_err(|error| format!("cannot read `{}`: {error}", file.display()))
}

fn display(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    text.strip_prefix("./").map(str::to_owned).unwrap_or(text)
}

/// Reads a file named by the sources, refusing any path that leaves the project root
/// (`..`, absolute paths, or symbolic links pointing outside).
pub fn read_inside(root: &Path, relative: &str) -> Result<String, String> {
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
