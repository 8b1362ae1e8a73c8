//! Writes a build's files so that nothing is ever lost: the new folder is assembled beside the
//! old one and swapped in whole, and a folder holding files timon did not generate is refused.

use std::fs;
use std::io::Write as _;
use std::os::unix::fs::OpenOptionsExt as _;
use std::path::{Path, PathBuf};

use crate::emit::{Emitted, GENERATED_MARKER};

/// Replaces `target` by a folder holding exactly `emitted`'s files.
pub(crate) fn replace_folder(
    target: &Path,
    emitted: &Emitted,
    create_parent: bool,
) -> Result<(), String> {
    let parent = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if create_parent {
        fs::create_dir_all(&parent)
            .map_err(|error| format!("cannot create `{}`: {error}", parent.display()))?;
    } else if !parent.is_dir() {
        return Err(format!("the output folder's parent `{}` does not exist", parent.display()));
    }
    if target.exists() {
        refuse_foreign_files(target)?;
    }
    let name = target
        .file_name()
        .map_or_else(|| "out".to_owned(), |name| name.to_string_lossy().into_owned());
    let staging = parent.join(format!(".{name}.timon-tmp-{}", std::process::id()));
    remove_stale_staging(&parent, &name);
    let result = write_all(&staging, emitted).and_then(|()| swap_in(&staging, target));
    if result.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    result
}

/// Fails when `folder` holds anything that timon did not write.
fn refuse_foreign_files(folder: &Path) -> Result<(), String> {
    if !folder.is_dir() {
        return Err(format!("`{}` exists and is not a folder", folder.display()));
    }
    let mut foreign = Vec::new();
    for entry in walkdir::WalkDir::new(folder).min_depth(1) {
        let entry =
            entry.map_err(|error| format!("cannot read `{}`: {error}", folder.display()))?;
        if entry.file_type().is_dir() {
            continue;
        }
        let generated = entry.file_type().is_file() && starts_with_marker(entry.path());
        if !generated {
            foreign.push(entry.path().display().to_string());
        }
    }
    if foreign.is_empty() {
        return Ok(());
    }
    foreign.sort();
    let shown: Vec<String> = foreign.iter().take(5).map(|path| format!("  {path}")).collect();
    Err(format!(
        "`{}` holds {} file(s) that timon did not generate; refusing to replace it:\n{}{}\nhelp: move them away, or build into another folder with `-o DIR`",
        folder.display(),
        foreign.len(),
        shown.join("\n"),
        if foreign.len() > 5 { "\n  …" } else { "" }
    ))
}

fn starts_with_marker(path: &Path) -> bool {
    let mut buffer = [0u8; GENERATED_MARKER.len()];
    let Ok(mut file) = fs::File::open(path) else { return false };
    std::io::Read::read_exact(&mut file, &mut buffer).is_ok()
        && buffer == GENERATED_MARKER.as_bytes()
}

/// Removes staging folders left by builds that were killed, when they hold only our files.
fn remove_stale_staging(parent: &Path, name: &str) {
    let prefix = format!(".{name}.timon-tmp-");
    let Ok(entries) = fs::read_dir(parent) else { return };
    for entry in entries.filter_map(Result::ok) {
        let stale = entry.file_name().to_string_lossy().starts_with(&prefix);
        if stale && refuse_foreign_files(&entry.path()).is_ok() {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

fn write_all(staging: &Path, emitted: &Emitted) -> Result<(), String> {
    fs::create_dir(staging)
        .map_err(|error| format!("cannot create `{}`: {error}", staging.display()))?;
    for file in emitted.all() {
        let path = staging.join(&file.path);
        if let Some(folder) = path.parent() {
            fs::create_dir_all(folder)
                .map_err(|error| format!("cannot create `{}`: {error}", folder.display()))?;
        }
        let mut options = fs::OpenOptions::new();
        options.write(true).create_new(true).mode(if file.sensitive { 0o600 } else { 0o644 });
        let mut handle = options
            .open(&path)
            .map_err(|error| format!("cannot create `{}`: {error}", path.display()))?;
        handle
            .write_all(file.contents.as_bytes())
            .map_err(|error| format!("cannot write `{}`: {error}", path.display()))?;
    }
    // One flush of the file system before the swap, rather than one fsync per file: the new
    // folder is on disk before it replaces the old one, at the cost of a single call.
    let folder = fs::File::open(staging)
        .map_err(|error| format!("cannot open `{}`: {error}", staging.display()))?;
    rustix::fs::syncfs(&folder)
        .map_err(|error| format!("cannot flush `{}` to disk: {error}", staging.display()))
}

/// Puts `staging` in place of `target`: an atomic exchange when the target exists.
fn swap_in(staging: &Path, target: &Path) -> Result<(), String> {
    if target.exists() {
        rustix::fs::renameat_with(
            rustix::fs::CWD,
            staging,
            rustix::fs::CWD,
            target,
            rustix::fs::RenameFlags::EXCHANGE,
        )
        .or_else(|_| {
            // Without RENAME_EXCHANGE (old kernels, some file systems): move the old folder
            // aside first; the window without a target is two renames long.
            let aside = staging.with_extension("old");
            fs::rename(target, &aside)?;
            fs::rename(staging, target)?;
            fs::rename(&aside, staging)
        })
        .map_err(|error| format!("cannot replace `{}`: {error}", target.display()))?;
        // `staging` now holds the previous build, checked above to be timon's own files.
        fs::remove_dir_all(staging).map_err(|error| {
            format!("cannot remove the previous build `{}`: {error}", staging.display())
        })
    } else {
        fs::rename(staging, target)
            .map_err(|error| format!("cannot create `{}`: {error}", target.display()))
    }
}
