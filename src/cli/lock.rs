//! `timon.lock`: the Kubernetes version each cluster was last built with, written by `timon
//! build` beside the sources and committed, so that `timon check` can see an upgrade that
//! skips a minor version.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

/// The lock file's name, in the project folder.
pub(crate) const LOCK_FILE: &str = "timon.lock";

#[derive(serde::Deserialize, Default)]
struct LockFile {
    #[serde(default)]
    clusters: BTreeMap<String, String>,
}

/// Cluster name → last built Kubernetes version; empty when there is no lock file yet.
pub(crate) fn read(project_root: &Path) -> Result<BTreeMap<String, String>, String> {
    let path = project_root.join(LOCK_FILE);
    let Ok(text) = std::fs::read_to_string(&path) else { return Ok(BTreeMap::new()) };
    toml::from_str::<LockFile>(&text)
        .map(|lock| lock.clusters)
        .map_err(|error| format!("cannot read `{}`: {error}", path.display()))
}

/// Records the clusters' versions; leaves the file untouched when nothing changed.
pub(crate) fn write(
    project_root: &Path,
    clusters: &BTreeMap<String, String>,
) -> Result<(), String> {
    if clusters.is_empty() || read(project_root).ok().as_ref() == Some(clusters) {
        return Ok(());
    }
    let mut text = String::from(
        "# timon.lock: the Kubernetes version each cluster was last built with. Written by\n# `timon build`; commit it, so that `timon check` catches an upgrade that skips a minor version.\n[clusters]\n",
    );
    for (name, version) in clusters {
        let _ = writeln!(text, "{name} = \"{version}\"");
    }
    let path = project_root.join(LOCK_FILE);
    let staging = project_root.join(format!(".{LOCK_FILE}.tmp-{}", std::process::id()));
    std::fs::write(&staging, text)
        .and_then(|()| std::fs::rename(&staging, &path))
        .map_err(|error| format!("cannot write `{}`: {error}", path.display()))
}
