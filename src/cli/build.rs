//! `timon build`: compiles a project for one environment and writes the files.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{Printer, lock, project, project_path, summary, write};
use crate::check::hir::SecretSource;
use crate::lower::Inputs;
use crate::pipeline;

#[derive(Debug, clap::Args)]
pub(super) struct BuildArgs {
    /// The project: a folder of `.timon` files or one `.timon` file.
    path: Option<PathBuf>,
    /// The environment to build (required when the project declares several); `all` builds
    /// every environment, each into `out/<env>/` (or `OUTPUT/<env>/`).
    #[arg(long = "env", short = 'e')]
    environment: Option<String>,
    /// Output folder, or `-` to print the Kubernetes objects as one YAML stream. Defaults to
    /// `out/<env>` inside the project.
    #[arg(long = "output", short = 'o')]
    output: Option<PathBuf>,
    /// Also write Secret objects with their values, read from the secrets' `env` or `file`
    /// sources. Secret files are written with mode 0600.
    #[arg(long)]
    include_secrets: bool,
}

struct DiskInputs<'a> {
    root: &'a Path,
    include_secrets: bool,
}

impl Inputs for DiskInputs<'_> {
    fn include_secrets(&self) -> bool {
        self.include_secrets
    }

    fn env_var(&self, name: &str) -> Option<String> {
        std::env::var(name).ok()
    }

    fn read_project_file(&self, path: &str) -> Result<String, String> {
        project::read_inside(self.root, path)
    }
}

pub(super) fn run(args: &BuildArgs, printer: &Printer) -> ExitCode {
    let path = project_path(args.path.as_ref());
    let mut project = match project::load(&path) {
        Ok(project) => project,
        Err(message) => return printer.fatal(&message),
    };
    if args.environment.as_deref() != Some("all") {
        // One build: it takes the sources rather than a copy (7 MB for 10,000 apps).
        let files = std::mem::take(&mut project.files);
        return build_one(
            args,
            printer,
            &project,
            files,
            args.environment.as_deref(),
            args.output.as_deref(),
        );
    }
    if args.output.as_deref() == Some(Path::new("-")) {
        return printer.fatal("`--env all` writes one folder per environment: give `-o DIR`, or choose one environment for `-o -`");
    }
    let names = pipeline::environments(project.files.clone());
    if names.is_empty() {
        return printer.fatal("`--env all`: the project declares no environment");
    }
    let mut status = ExitCode::SUCCESS;
    for name in &names {
        let output = args.output.as_ref().map(|output| output.join(name));
        let files = project.files.clone();
        if build_one(args, printer, &project, files, Some(name), output.as_deref())
            != ExitCode::SUCCESS
        {
            status = ExitCode::from(1);
        }
    }
    status
}

/// Builds one environment of `project` (whose sources are `files`) into `output` (`None`:
/// `out/<env>` in the project).
fn build_one(
    args: &BuildArgs,
    printer: &Printer,
    project: &project::Project,
    files: Vec<pipeline::ProjectFile>,
    environment: Option<&str>,
    output: Option<&Path>,
) -> ExitCode {
    let inputs = DiskInputs { root: &project.root, include_secrets: args.include_secrets };
    let built = pipeline::build(files, environment, &inputs);
    let status = report_and_write(args, printer, project, environment, output, &built);
    // The process is about to exit (or to build the next environment, which shares nothing
    // with this one): freeing the checked project and the texts one allocation at a time costs
    // time, for memory the operating system takes back at exit anyway.
    std::mem::forget(built);
    status
}

/// Prints the diagnostics of a build and writes what it emitted.
fn report_and_write(
    args: &BuildArgs,
    printer: &Printer,
    project: &project::Project,
    environment: Option<&str>,
    output: Option<&Path>,
    built: &pipeline::Built,
) -> ExitCode {
    printer.diagnostics(&built.diagnostics, &built.sources);
    let Some(emitted) = &built.emitted else {
        if let Some(summary) = summary(&built.diagnostics) {
            let which = environment.map(|name| format!(" for `{name}`")).unwrap_or_default();
            eprintln!("{summary}: nothing written{which}");
        }
        return ExitCode::from(1);
    };
    if let Some(project_hir) = &built.project
        && !args.include_secrets
    {
        for secret in
            project_hir.secrets.iter().filter(|secret| secret.source != SecretSource::External)
        {
            eprintln!(
                "note: Secret `{}` is not written: pass `--include-secrets` to write it with its values",
                secret.name
            );
        }
    }
    if output == Some(Path::new("-")) {
        let mut stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
        if emitted.write_stream(&mut stdout).and_then(|()| stdout.flush()).is_err() {
            return printer.fatal("cannot write to standard output");
        }
        if emitted.rke.is_some() {
            eprintln!(
                "note: rke/cluster.yml is not part of the stream; build with `-o DIR` to write it"
            );
        }
        if emitted.traefik.is_some() {
            eprintln!(
                "note: traefik/traefik.yml is not part of the stream; build with `-o DIR` to write it"
            );
        }
        return ExitCode::SUCCESS;
    }
    let (target, create_parent) = if let Some(output) = output {
        (output.to_path_buf(), args.environment.as_deref() == Some("all"))
    } else {
        let environment = built.project.as_ref().and_then(|project| {
            environment.map(str::to_owned).or_else(|| {
                project.environments.first().map(|environment| environment.name.clone())
            })
        });
        let out = project.root.join("out");
        (environment.map_or(out.clone(), |environment| out.join(environment)), true)
    };
    match write::replace_folder(&target, emitted, create_parent) {
        Ok(()) => {
            let versions: std::collections::BTreeMap<String, String> = built
                .project
                .iter()
                .flat_map(|project| &project.clusters)
                .filter_map(|cluster| {
                    Some((cluster.name.clone(), cluster.kubernetes_version.clone()?))
                })
                .collect();
            if let Err(message) = lock::write(&project.root, &versions) {
                return printer.fatal(&message);
            }
            let shown = target.to_string_lossy().trim_start_matches("./").to_owned();
            for file in emitted.all() {
                println!("{shown}/{}", file.path);
            }
            eprintln!("wrote {} files to {shown}", emitted.all().count());
            ExitCode::SUCCESS
        }
        Err(message) => printer.fatal(&message),
    }
}
