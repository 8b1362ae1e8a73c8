//! The project's own modules: which files an `import` names, and import cycles.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::diagnostics::{Code, Diagnostic};
use crate::pipeline::ProjectFile;
use crate::source::Span;

/// The project's `.timon` files outside its top folder, which `import` can name: `lib/db.timon`
/// is module `lib.db`, and the files directly in folder `lib/` are module `lib`.
#[derive(Debug, Default)]
pub struct ModuleFiles {
    files: Vec<ProjectFile>,
}

impl ModuleFiles {
    pub fn new(files: Vec<ProjectFile>) -> Self {
        Self { files }
    }

    /// The files of module `name` (empty when none), or why the name is ambiguous.
    pub fn files_of(&self, name: &str) -> Result<Vec<&ProjectFile>, String> {
        let as_file: Vec<&ProjectFile> = self
            .files
            .iter()
            .filter(|file| file_module(&file.relative_path).as_deref() == Some(name))
            .collect();
        let as_folder: Vec<&ProjectFile> = self
            .files
            .iter()
            .filter(|file| folder_module(&file.relative_path).as_deref() == Some(name))
            .collect();
        match (as_file.is_empty(), as_folder.is_empty()) {
            (false, false) => Err(format!(
                "both the file `{}` and the folder `{}/` exist",
                as_file[0].relative_path.display(),
                name.replace('.', "/")
            )),
            (false, true) => Ok(as_file),
            _ => Ok(as_folder),
        }
    }

    /// Every importable module name, sorted.
    pub fn names(&self) -> Vec<String> {
        let mut names = BTreeSet::new();
        for file in &self.files {
            names.extend(file_module(&file.relative_path));
            names.extend(folder_module(&file.relative_path));
        }
        names.into_iter().collect()
    }
}

/// `lib/db.timon` → `lib.db`; `None` when a segment is not a name timon can write.
fn file_module(path: &Path) -> Option<String> {
    let mut segments = folder_segments(path)?;
    segments.push(path.file_stem()?.to_str()?.to_owned());
    segments.iter().all(|segment| is_name(segment)).then(|| segments.join("."))
}

/// `lib/db.timon` → `lib`; `None` for a file of the top folder.
fn folder_module(path: &Path) -> Option<String> {
    let segments = folder_segments(path)?;
    (!segments.is_empty() && segments.iter().all(|segment| is_name(segment)))
        .then(|| segments.join("."))
}

fn folder_segments(path: &Path) -> Option<Vec<String>> {
    path.parent()?
        .components()
        .map(|component| component.as_os_str().to_str().map(str::to_owned))
        .collect()
}

/// A name the grammar's `ident` accepts.
fn is_name(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|first| first.is_ascii_alphabetic())
        && chars.all(|char| char.is_ascii_alphanumeric() || char == '-' || char == '_')
}

/// One error per import cycle, at the import that closes it.
pub(super) fn cycles(imports: &BTreeMap<String, Vec<(String, Span)>>) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let mut reported: BTreeSet<BTreeSet<String>> = BTreeSet::new();
    for start in imports.keys() {
        // Depth-first from every module; a path that comes back to `start` is a cycle.
        let mut stack: Vec<(String, usize)> = vec![(start.clone(), 0)];
        let mut path: Vec<String> = vec![start.clone()];
        let mut visited: BTreeSet<String> = BTreeSet::new();
        while let Some((module, next)) = stack.last().cloned() {
            let edges = imports.get(&module).map_or(&[][..], Vec::as_slice);
            if next >= edges.len() {
                stack.pop();
                path.pop();
                continue;
            }
            if let Some(top) = stack.last_mut() {
                top.1 += 1;
            }
            let (target, span) = &edges[next];
            if target == start {
                let members: BTreeSet<String> = path.iter().cloned().collect();
                if reported.insert(members) {
                    let mut chain: Vec<String> =
                        path.iter().map(|name| format!("`{name}`")).collect();
                    chain.push(format!("`{start}`"));
                    diagnostics.push(
                        Diagnostic::error(
                            Code::ImportCycle,
                            format!("modules import each other in a cycle: {}", chain.join(" → ")),
                        )
                        .with_label(*span, "this import closes the cycle")
                        .with_help(
                            "move what the modules share into a module that imports neither",
                        ),
                    );
                }
                continue;
            }
            if visited.insert(target.clone()) && imports.contains_key(target) {
                stack.push((target.clone(), 0));
                path.push(target.clone());
            }
        }
    }
    diagnostics
}
