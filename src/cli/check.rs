//! `timon check`: type-checks timon projects, validates plain Kubernetes YAML against strict
//! schemas, and runs the lint rules over both.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::report::{self, Located};
use super::{Printer, lock, project};
use crate::diagnostics::{Diagnostic, Severity};
use crate::emit::GENERATED_MARKER;
use crate::lint::LintConfig;
use crate::pipeline;
use crate::source::SourceMap;

#[derive(Debug, clap::Args)]
pub(super) struct CheckArgs {
    /// Files or folders: `.timon` projects and Kubernetes YAML (folders are walked; hidden and
    /// generated files are skipped).
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// The lowest severity that fails the check (exit code 1).
    #[arg(long, value_enum, default_value = "error")]
    fail_on: FailOn,
    /// Compare cluster versions with this git revision instead of `HEAD`.
    #[arg(long)]
    since: Option<String>,
    /// Settings file (default: the nearest `timon.toml` above the first path).
    #[arg(long)]
    config: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Human,
    Short,
    Json,
    Sarif,
    Github,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

/// Counts for the closing summary.
#[derive(Default)]
struct Tally {
    timon_files: usize,
    yaml_files: usize,
    objects: usize,
    not_validated: usize,
    allowed: usize,
}

pub(super) fn run(args: &CheckArgs, printer: &Printer) -> ExitCode {
    let paths = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths.clone() };
    let config = match load_config(args.config.as_deref(), &paths[0]) {
        Ok(config) => config,
        Err(message) => return printer.fatal(&message),
    };
    let (projects, yaml_files) = match collect(&paths) {
        Ok(found) => found,
        Err(message) => return printer.fatal(&message),
    };
    let mut tally = Tally::default();
    let mut findings: Vec<Located> = Vec::new();
    let mut groups: Vec<(SourceMap, Vec<Diagnostic>)> = Vec::new();

    for root in &projects {
        match check_project(root, &config, &mut tally) {
            Ok(group) => groups.push(group),
            Err(message) => return printer.fatal(&message),
        }
    }
    if !yaml_files.is_empty() {
        match check_yaml(&yaml_files, &config, args.since.as_deref(), &mut tally) {
            Ok(group) => groups.push(group),
            Err(message) => return printer.fatal(&message),
        }
    }
    for (sources, diagnostics) in &groups {
        if args.format == Format::Human {
            printer.diagnostics(diagnostics, sources);
        }
        findings.extend(
            diagnostics.iter().cloned().map(|diagnostic| Located::new(diagnostic, sources)),
        );
    }
    findings.sort_by(|left, right| {
        (&left.path, left.line, left.column).cmp(&(&right.path, right.line, right.column))
    });
    match args.format {
        Format::Human => {}
        Format::Short => {
            for (sources, diagnostics) in &groups {
                for diagnostic in diagnostics {
                    eprintln!("{}", crate::diagnostics::render::render_line(diagnostic, sources));
                }
            }
        }
        Format::Json => print!("{}", report::json(&findings)),
        Format::Sarif => print!("{}", report::sarif(&findings)),
        Format::Github => print!("{}", report::github(&findings)),
    }
    let count = |severity: Severity| {
        findings.iter().filter(|finding| finding.diagnostic.severity == severity).count()
    };
    let (errors, warnings, infos) =
        (count(Severity::Error), count(Severity::Warning), count(Severity::Info));
    eprintln!(
        "checked {} timon file{}, {} YAML file{} ({} object{}, {} without a schema): {errors} error{}, {warnings} warning{}, {infos} info, {} allowed",
        tally.timon_files,
        plural(tally.timon_files),
        tally.yaml_files,
        plural(tally.yaml_files),
        tally.objects,
        plural(tally.objects),
        tally.not_validated,
        plural(errors),
        plural(warnings),
        tally.allowed,
    );
    let failing = match args.fail_on {
        FailOn::Error => errors,
        FailOn::Warning => errors + warnings,
        FailOn::Info => errors + warnings + infos,
        FailOn::Never => 0,
    };
    if failing > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}

/// The settings: `--config`, or the nearest `timon.toml` at or above `start`.
fn load_config(explicit: Option<&Path>, start: &Path) -> Result<LintConfig, String> {
    let path = if let Some(path) = explicit {
        Some(path.to_path_buf())
    } else {
        let start = std::fs::canonicalize(start).unwrap_or_else(|_| start.to_path_buf());
        let first = if start.is_dir() { Some(start.as_path()) } else { start.parent() };
        first.and_then(|folder| {
            folder
                .ancestors()
                .map(|ancestor| ancestor.join("timon.toml"))
                .find(|candidate| candidate.is_file())
        })
    };
    let Some(path) = path else { return Ok(LintConfig::default()) };
    let text = std::fs::read_to_string(&path)
        .map_err(|error| format!("cannot read `{}`: {error}", path.display()))?;
    LintConfig::from_toml(&text).map_err(|message| format!("{}: {message}", path.display()))
}

/// Project folders (holding `.timon` files) and YAML files under the paths.
fn collect(paths: &[PathBuf]) -> Result<(Vec<PathBuf>, Vec<PathBuf>), String> {
    let mut projects: Vec<PathBuf> = Vec::new();
    let mut yaml: Vec<PathBuf> = Vec::new();
    for path in paths {
        if !path.exists() {
            return Err(format!("`{}` does not exist", path.display()));
        }
        let files = match git_files(path) {
            Some(files) => files,
            None => walk(path)?,
        };
        for file in files {
            match file.extension().and_then(|extension| extension.to_str()) {
                Some("timon") => {
                    let folder = file
                        .parent()
                        .filter(|parent| !parent.as_os_str().is_empty())
                        .unwrap_or(Path::new("."))
                        .to_path_buf();
                    if !projects.contains(&folder) {
                        projects.push(folder);
                    }
                }
                Some("yaml" | "yml") if !is_generated(&file) => yaml.push(file),
                _ => {}
            }
        }
    }
    yaml.sort();
    yaml.dedup();
    // A folder of `.timon` files inside a project folder holds that project's modules.
    let roots: Vec<PathBuf> = projects
        .iter()
        .filter(|folder| {
            !projects.iter().any(|other| other != *folder && folder.starts_with(other))
        })
        .cloned()
        .collect();
    Ok((roots, yaml))
}

/// Skipped folders: hidden ones, and tool folders that are never sources.
fn skipped(name: &str) -> bool {
    name.starts_with('.') || matches!(name, "node_modules" | "target")
}

/// Every file under `path`, without hidden and tool folders.
fn walk(path: &Path) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    let walker = walkdir::WalkDir::new(path)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !skipped(&entry.file_name().to_string_lossy()));
    for entry in walker {
        let entry = entry.map_err(|error| format!("cannot read `{}`: {error}", path.display()))?;
        if entry.file_type().is_file() {
            files.push(entry.path().to_path_buf());
        }
    }
    Ok(files)
}

/// In a git work tree, the files git tracks or would track (ignored files left out), as
/// `git ls-files` lists them; `None` outside a work tree or without git.
fn git_files(path: &Path) -> Option<Vec<PathBuf>> {
    if path.is_file() {
        return Some(vec![path.to_path_buf()]);
    }
    let output = std::process::Command::new("git")
        .arg("-C")
        .arg(path)
        .args(["ls-files", "--cached", "--others", "--exclude-standard", "-z", "."])
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    let mut files: Vec<PathBuf> = output
        .stdout
        .split(|byte| *byte == 0)
        .filter(|entry| !entry.is_empty())
        .map(|entry| PathBuf::from(String::from_utf8_lossy(entry).into_owned()))
        .filter(|relative| {
            !relative
                .components()
                .any(|component| skipped(&component.as_os_str().to_string_lossy()))
        })
        .map(|relative| path.join(relative))
        .filter(|file| file.is_file())
        .collect();
    files.sort();
    Some(files)
}

/// Files timon wrote are checked through their sources, not again.
fn is_generated(path: &Path) -> bool {
    let mut head = [0u8; GENERATED_MARKER.len()];
    std::fs::File::open(path)
        .and_then(|mut file| std::io::Read::read_exact(&mut file, &mut head))
        .is_ok()
        && head == GENERATED_MARKER.as_bytes()
}

/// Checks one timon project: compile errors, then the lint rules over every environment.
fn check_project(
    root: &Path,
    config: &LintConfig,
    tally: &mut Tally,
) -> Result<(SourceMap, Vec<Diagnostic>), String> {
    let loaded = project::load(root)?;
    tally.timon_files += loaded.files.len();
    let locked = lock::read(root)?;
    let linted = pipeline::lint_timon(loaded.files, config, &locked);
    tally.objects += linted.objects;
    tally.allowed += linted.allowed;
    // `timon check` exits soon after: freeing the project's trees one allocation at a time
    // would only delay it, for memory the operating system takes back at exit anyway.
    std::mem::forget(linted.retained);
    Ok((linted.sources, linted.diagnostics))
}

/// Validates and lints YAML files together (rules see references across files).
fn check_yaml(
    files: &[PathBuf],
    config: &LintConfig,
    since: Option<&str>,
    tally: &mut Tally,
) -> Result<(SourceMap, Vec<Diagnostic>), String> {
    let mut loaded = Vec::new();
    for file in files {
        let text = project::read_source(file)?;
        let name = file.to_string_lossy().trim_start_matches("./").to_owned();
        loaded.push(pipeline::ManifestFile { name, path: file.clone(), text });
    }
    tally.yaml_files += loaded.len();
    let previous = |file: &pipeline::ManifestFile| {
        previous_version(&file.path, since)
            .map(|version| (version, format!("the version at {}", since.unwrap_or("HEAD"))))
    };
    let linted = pipeline::lint_yaml(&loaded, config, &previous);
    tally.objects += linted.objects;
    tally.not_validated += linted.not_validated;
    tally.allowed += linted.allowed;
    // As for timon projects: the process exits soon after, the trees need not be freed.
    std::mem::forget(linted.retained);
    Ok((linted.sources, linted.diagnostics))
}

/// The `kubernetes_version` of the same file at a git revision, when the file is in a git
/// work tree and existed then.
fn previous_version(file: &Path, revision: Option<&str>) -> Option<String> {
    let folder =
        file.parent().filter(|parent| !parent.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = file.file_name()?.to_string_lossy().into_owned();
    let output = std::process::Command::new("git")
        .arg("-C")
        .arg(folder)
        .arg("show")
        .arg(format!("{}:./{name}", revision.unwrap_or("HEAD")))
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    let text = String::from_utf8(output.stdout).ok()?;
    let value: BTreeMap<String, serde_yaml::Value> = serde_yaml::from_str(&text).ok()?;
    value.get("kubernetes_version")?.as_str().map(str::to_owned)
}
