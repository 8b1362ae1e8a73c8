//! Criterion benches of the pipeline stages over the workload of `bench/generate.py`.
//!
//! The workload (N apps, each a Deployment with two containers, a 10Gi claim, a two-port
//! Service and a Traefik `IngressRoute`) is not ported to Rust: the bench runs the Python
//! generator once per N (`python3 bench/generate.py --apps N --out target/bench/stages-nN`),
//! so that these benches and the whole-process figures of `bench/run.py` measure the same
//! sources. Each stage is measured on its own, its input prepared outside the timed loop:
//!
//! - `check`: `pipeline::check` (parse, resolve and type-check the timon sources);
//! - `lower`: `lower::lower` of the checked project for environment `prd`;
//! - `emit`: `emit::emit` of the lowered objects (file names and YAML texts);
//! - `lint_timon`: `pipeline::lint_timon`, what `timon check` runs on timon sources (check,
//!   lower for every environment, lint rules);
//! - `lint_yaml`: `pipeline::lint_yaml`, what `timon check` runs on the plain YAML (parse,
//!   strict schemas, lint rules).
//!
//! Run with `cargo bench --bench stages` (or `-- --quick` for a short pass). No timing is
//! asserted anywhere.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use criterion::{BatchSize, BenchmarkId, Criterion, criterion_group, criterion_main};
use timon::lint::LintConfig;
use timon::pipeline::{self, ManifestFile, NoInputs, ProjectFile};

/// The sizes measured: N apps.
const SIZES: [usize; 2] = [100, 1000];

/// The environment that the generated project declares.
const ENVIRONMENT: &str = "prd";

/// The settings `bench/run.py` gives the YAML side: its secret is created out of band.
const YAML_CONFIG: &str = "[lint]\nreference-undefined = \"off\"\n\n[traefik]\nversion = \"3.1\"\n";

/// The generated workload for one N, read into memory.
struct Workload {
    timon: Vec<ProjectFile>,
    yaml: Vec<ManifestFile>,
}

/// Runs the Python generator for `apps` apps and reads what it wrote.
fn workload(apps: usize) -> Workload {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = root.join("target").join("bench").join(format!("stages-n{apps}"));
    let status = Command::new("python3")
        .arg(root.join("bench").join("generate.py"))
        .args(["--apps", &apps.to_string(), "--out"])
        .arg(&out)
        .status()
        .expect("python3 runs bench/generate.py");
    assert!(status.success(), "bench/generate.py failed for {apps} apps");

    let timon = files_with_extension(&out.join("timon"), "timon")
        .into_iter()
        .map(|path| {
            let relative_path = PathBuf::from(path.file_name().expect("a file name"));
            ProjectFile {
                name: relative_path.display().to_string(),
                text: std::fs::read_to_string(&path).expect("a generated timon file"),
                relative_path,
            }
        })
        .collect();
    let yaml = files_with_extension(&out.join("yaml"), "yaml")
        .into_iter()
        .map(|path| ManifestFile {
            name: path.display().to_string(),
            text: std::fs::read_to_string(&path).expect("a generated YAML file"),
            path,
        })
        .collect();
    Workload { timon, yaml }
}

/// The files under `folder` (recursively) whose name ends in `.extension`, sorted.
fn files_with_extension(folder: &Path, extension: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![folder.to_path_buf()];
    while let Some(current) = pending.pop() {
        for entry in std::fs::read_dir(&current).expect("a generated folder") {
            let path = entry.expect("a folder entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|found| found == extension) {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

fn stages(criterion: &mut Criterion) {
    let config = LintConfig::from_toml(YAML_CONFIG).expect("valid settings");
    let workloads: Vec<(usize, Workload)> =
        SIZES.iter().map(|&apps| (apps, workload(apps))).collect();

    let mut group = criterion.benchmark_group("check");
    for (apps, workload) in &workloads {
        group.bench_with_input(BenchmarkId::from_parameter(apps), workload, |bencher, workload| {
            bencher.iter_batched(|| workload.timon.clone(), pipeline::check, BatchSize::LargeInput);
        });
    }
    group.finish();

    // Lower and emit start from a checked project, built once per N outside the timed loop.
    let checked: Vec<(usize, pipeline::Checked)> = workloads
        .iter()
        .map(|(apps, workload)| {
            let checked = pipeline::check(workload.timon.clone());
            assert!(checked.project.is_some(), "the generated project has errors");
            (*apps, checked)
        })
        .collect();

    let mut group = criterion.benchmark_group("lower");
    for (apps, checked) in &checked {
        let project = checked.project.as_ref().expect("checked above");
        group.bench_with_input(BenchmarkId::from_parameter(apps), project, |bencher, project| {
            bencher.iter(|| timon::lower::lower(black_box(project), Some(ENVIRONMENT), &NoInputs));
        });
    }
    group.finish();

    let mut group = criterion.benchmark_group("emit");
    for (apps, checked) in &checked {
        let project = checked.project.as_ref().expect("checked above");
        let (output, diagnostics) = timon::lower::lower(project, Some(ENVIRONMENT), &NoInputs);
        assert!(diagnostics.is_empty(), "the generated project does not lower cleanly");
        group.bench_with_input(BenchmarkId::from_parameter(apps), &output, |bencher, output| {
            bencher.iter(|| timon::emit::emit(black_box(output), &checked.sources));
        });
    }
    group.finish();

    // The two `timon check` paths are slow enough that ten samples are plenty.
    let mut group = criterion.benchmark_group("lint_timon");
    group.sample_size(10).measurement_time(Duration::from_secs(10));
    let locked = BTreeMap::new();
    for (apps, workload) in &workloads {
        group.bench_with_input(BenchmarkId::from_parameter(apps), workload, |bencher, workload| {
            bencher.iter_batched(
                || workload.timon.clone(),
                |files| pipeline::lint_timon(files, &LintConfig::default(), &locked),
                BatchSize::LargeInput,
            );
        });
    }
    group.finish();

    let mut group = criterion.benchmark_group("lint_yaml");
    group.sample_size(10).measurement_time(Duration::from_secs(10));
    for (apps, workload) in &workloads {
        group.bench_with_input(BenchmarkId::from_parameter(apps), workload, |bencher, workload| {
            bencher.iter(|| pipeline::lint_yaml(black_box(&workload.yaml), &config, &|_| None));
        });
    }
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
