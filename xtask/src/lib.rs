//! xtask: timon's maintenance tasks, run as `cargo xtask <task>` (today only `codegen`).

pub mod codegen;
pub mod grammar;

use std::path::{Path, PathBuf};

/// The root of the cargo workspace, which holds `grammar/`, `editors/` and `stdlib/`.
pub fn workspace_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().unwrap_or(manifest_dir).to_path_buf()
}
