//! Runs the stages in order over sources held in memory. The CLI reads the files and writes
//! the results; tests call this directly.

use std::collections::BTreeMap;
use std::sync::Mutex;

use crate::check::{self, hir};
use crate::diagnostics::{Code, Diagnostic, Diagnostics, Severity};
use crate::emit::{self, Emitted};
use crate::expand;
use crate::lint::{self, Facts, LintConfig};
use crate::lower::{self, Inputs};
use crate::manifest::{self, Document};
use crate::resolve;
use crate::source::{Origin, SourceId, SourceMap, Span};
use crate::syntax;
use crate::syntax::ast::Stmt;

/// One source file of a project: its display name, its path relative to the project root,
/// and its text.
#[derive(Debug, Clone)]
pub struct ProjectFile {
    pub name: String,
    pub relative_path: std::path::PathBuf,
    pub text: String,
}

/// The result of checking a project (no output).
#[derive(Debug)]
pub struct Checked {
    pub sources: SourceMap,
    /// The checked project of the first environment (`None` when errors prevent later
    /// stages).
    pub project: Option<hir::Project>,
    pub diagnostics: Vec<Diagnostic>,
}

/// A project parsed, resolved and with its templates expanded: everything before one
/// environment is chosen.
struct Compiled {
    sources: SourceMap,
    program: resolve::Program,
    diagnostics: Diagnostics,
    /// A template instance could not be made: checking what is left would only report the
    /// hole it leaves (an app without its tier), so the check waits for the fix.
    expand_failed: bool,
}

/// The fewest files parsed on one thread.
const PARSE_CHUNK: usize = 1;

fn compile(files: Vec<ProjectFile>) -> Compiled {
    compile_deferring(files, false)
}

/// [`compile`]; with `defer_apps`, the bodies of apps with no instance are left to be read
/// when each is built ([`syntax::parse_deferring_apps`]).
fn compile_deferring(files: Vec<ProjectFile>, defer_apps: bool) -> Compiled {
    let mut sources = SourceMap::default();
    let mut diagnostics = Diagnostics::default();
    // The files of the project folder are the root module; the others are modules that
    // `import` may name.
    let (root, library): (Vec<ProjectFile>, Vec<ProjectFile>) =
        files.into_iter().partition(is_root);
    let ids: Vec<_> = root
        .into_iter()
        .map(|file| sources.add(file.name, Origin::Project { path: file.relative_path }, file.text))
        .collect();
    // Files parse independently: on every core. (Each app is later built by the thread that
    // parsed its file: see `build`.)
    let trees = crate::parallel::map_in_order(&ids, PARSE_CHUNK, |&id| {
        let text = &sources.get(id).text;
        if defer_apps { syntax::parse_deferring_apps(id, text) } else { syntax::parse(id, text) }
    });
    let mut parsed = Vec::new();
    for (id, tree) in ids.into_iter().zip(trees) {
        match tree {
            Ok(tree) => parsed.push((id, tree)),
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    let library = resolve::ModuleFiles::new(library);
    let (mut program, resolve_diagnostics) = resolve::resolve(&mut sources, parsed, &library);
    diagnostics.extend(resolve_diagnostics);
    let expand_diagnostics = expand::instantiate_all(&mut sources, &mut program);
    let expand_failed = expand_diagnostics.iter().any(Diagnostic::is_error);
    diagnostics.extend(expand_diagnostics);
    diagnostics.extend(expand::apply_defaults(&mut program));
    Compiled { sources, program, diagnostics, expand_failed }
}

/// Checks the program as environment `environment` sees it (overrides merged in). Returns
/// that program too: the caller decides when to free it.
fn check_environment(
    program: resolve::Program,
    environment: Option<&str>,
) -> (hir::Project, Vec<Diagnostic>, resolve::Program) {
    let Some(name) = environment else {
        let (project, diagnostics) = check::check(&program);
        return (project, diagnostics, program);
    };
    let (program, mut diagnostics) = expand::for_environment(program, name);
    let (project, check_diagnostics) = check::check(&program);
    diagnostics.extend(check_diagnostics);
    (project, diagnostics, program)
}

/// The environments the project declares, or `[None]` when it declares none.
fn every_environment(compiled: &Compiled) -> Vec<Option<String>> {
    if compiled.expand_failed {
        return Vec::new();
    }
    let program = &compiled.program;
    let names = expand::environment_names(program);
    if names.is_empty() { vec![None] } else { names.into_iter().map(Some).collect() }
}

/// The program for each environment: a copy for every one but the last, which takes the
/// program itself (most projects have one environment, or none: no copy at all).
fn once_per_environment(
    program: resolve::Program,
    environments: Vec<Option<String>>,
) -> impl Iterator<Item = (Option<String>, resolve::Program)> {
    let last = environments.len().saturating_sub(1);
    let mut program = Some(program);
    environments.into_iter().enumerate().filter_map(move |(index, environment)| {
        let copy = if index == last { program.take() } else { program.clone() };
        copy.map(|program| (environment, program))
    })
}

/// Adds the calls that made a template instance to every diagnostic inside one, so that a
/// mistake in a template shows both the template line and the call.
fn with_instance_calls(diagnostics: Vec<Diagnostic>, sources: &SourceMap) -> Vec<Diagnostic> {
    diagnostics
        .into_iter()
        .map(|mut diagnostic| {
            let mut seen: Vec<Span> = Vec::new();
            let mut added = Vec::new();
            for label in &diagnostic.labels {
                for (template, call) in sources.instance_calls(label.span.source) {
                    if !seen.contains(&call) {
                        seen.push(call);
                        added.push((call, format!("in this instance of `{template}`")));
                    }
                }
            }
            for (span, text) in added {
                diagnostic = diagnostic.with_label(span, text);
            }
            diagnostic
        })
        .collect()
}

/// The names of the environments a project declares (empty when it declares none).
pub fn environments(files: Vec<ProjectFile>) -> Vec<String> {
    expand::environment_names(&compile(files).program)
}

/// Parses, resolves, expands and checks every environment. `project` is `None` when errors
/// prevent later stages.
pub fn check(files: Vec<ProjectFile>) -> Checked {
    let compiled = compile(files);
    let environments = every_environment(&compiled);
    let Compiled { sources, program, mut diagnostics, .. } = compiled;
    let mut first = None;
    for (environment, program) in once_per_environment(program, environments) {
        let (project, check_diagnostics, _) = check_environment(program, environment.as_deref());
        diagnostics.extend(check_diagnostics);
        first.get_or_insert(project);
    }
    let project = if diagnostics.has_errors() { None } else { first };
    let diagnostics = with_instance_calls(diagnostics.into_sorted(), &sources);
    Checked { sources, project, diagnostics }
}

/// The whole checked project as environment `environment` sees it (every app included, which
/// `build` does not keep), or `None` when it has errors: for callers that lower it themselves.
pub fn check_one_environment(
    files: Vec<ProjectFile>,
    environment: Option<&str>,
) -> Option<hir::Project> {
    let Compiled { program, diagnostics, expand_failed, .. } = compile(files);
    if expand_failed || diagnostics.has_errors() {
        return None;
    }
    let (project, check_diagnostics, _) = check_environment(program, environment);
    (!check_diagnostics.iter().any(Diagnostic::is_error)).then_some(project)
}

/// The result of a build.
#[derive(Debug)]
pub struct Built {
    pub sources: SourceMap,
    /// `None` when an error stopped the build.
    pub emitted: Option<Emitted>,
    /// The checked project without its apps (each is freed once built).
    pub project: Option<hir::Project>,
    pub diagnostics: Vec<Diagnostic>,
    /// The syntax tree, kept so that its holder chooses when to free it: `timon build` exits
    /// without freeing it (freeing 10,000 apps' tree one allocation at a time was a tenth of
    /// a build's work).
    #[expect(dead_code, reason = "held until its holder drops or forgets it, never read")]
    program: Option<resolve::Program>,
}

/// Whether `file` is one of the project folder's own (the root module), not one `import`
/// names.
fn is_root(file: &ProjectFile) -> bool {
    file.relative_path.parent().is_none_or(|parent| parent.as_os_str().is_empty())
}

/// Runs every stage for one environment (`None`: the only one, or none).
///
/// An app's body is read only when the app is built, on the thread that builds it, unless
/// something reads it before: an interpolation (`${…}`) or an environment's `override`. The
/// syntax tree of every app is then never held at once. Should an app so put off not parse,
/// or an interpolation read it after all, the build starts again reading every file whole,
/// and reports what a build always reported.
pub fn build(files: Vec<ProjectFile>, environment: Option<&str>, inputs: &dyn Inputs) -> Built {
    let defer_apps =
        files.iter().all(|file| !file.text.contains("${") && !file.text.contains("override"));
    if !defer_apps {
        return build_once(files, environment, inputs, false)
            .unwrap_or_else(|unfinished| *unfinished);
    }
    let library: Vec<ProjectFile> = files.iter().filter(|file| !is_root(file)).cloned().collect();
    let roots = files.len() - library.len();
    match build_once(files, environment, inputs, true) {
        Ok(built) => built,
        Err(unfinished) => {
            // The root files are the first sources, in their order.
            let mut files: Vec<ProjectFile> = (0..roots)
                .filter_map(|index| {
                    let file = unfinished.sources.get(SourceId(u32::try_from(index).ok()?));
                    let Origin::Project { path } = &file.origin else { return None };
                    Some(ProjectFile {
                        name: file.name.clone(),
                        relative_path: path.clone(),
                        text: file.text.as_ref().to_owned(),
                    })
                })
                .collect();
            drop(unfinished);
            files.extend(library);
            build_once(files, environment, inputs, false).unwrap_or_else(|unfinished| *unfinished)
        }
    }
}

/// [`build`], with app bodies left to be read when each is built when `defer_apps`. `Err`
/// when one of those did not parse, or is read by an interpolation (the result then holds
/// the sources only): the caller builds again without putting any off.
fn build_once(
    files: Vec<ProjectFile>,
    environment: Option<&str>,
    inputs: &dyn Inputs,
    defer_apps: bool,
) -> Result<Built, Box<Built>> {
    let Compiled { sources, program, mut diagnostics, expand_failed } =
        compile_deferring(files, defer_apps);
    let failed = |diagnostics: Diagnostics, sources: SourceMap| {
        let diagnostics = with_instance_calls(diagnostics.into_sorted(), &sources);
        Built { sources, emitted: None, project: None, diagnostics, program: None }
    };
    if expand_failed {
        return Ok(failed(diagnostics, sources));
    }
    let names = expand::environment_names(&program);
    // Without `--env`, a project with one environment builds that one.
    let chosen = environment.map(str::to_owned).or_else(|| match names.as_slice() {
        [only] => Some(only.clone()),
        _ => None,
    });
    if !names.is_empty() && chosen.as_ref().is_none_or(|name| !names.contains(name)) {
        diagnostics.push(lower::environment_choice_error(&names, environment));
        return Ok(failed(diagnostics, sources));
    }
    let (mut program, environment_diagnostics) = match chosen.as_deref() {
        Some(name) => expand::for_environment(program, name),
        None => (program, Vec::new()),
    };
    diagnostics.extend(environment_diagnostics);
    let (mut project, platform_diagnostics) = check::check_platform(&program);
    diagnostics.extend(platform_diagnostics);
    // Each app is checked, lowered and rendered in one go, on whichever core is free, and
    // only its texts and routes are kept: a build never holds every app's checked model and
    // objects at once (for 10,000 apps, 92 MiB and 27 MiB). Each app's statement goes to the
    // core that builds the app, which frees it, unless an interpolation reads it from the
    // program: nor does it hold their syntax tree (65 MiB) until their texts are made. Apps
    // are not lowered once an error is known, but still checked, so that every error is
    // reported at once.
    let platform_failed = diagnostics.has_errors();
    let interpolates = program.has_interpolations();
    let Some(apps) = hand_out_app_statements(&mut program, interpolates) else {
        return Err(Box::new(failed(diagnostics, sources)));
    };
    let unreadable = std::sync::atomic::AtomicBool::new(false);
    let mut apps = {
        let lowering = lower::Lowering::new(&project, chosen.as_deref()).ok();
        let lowering = lowering.as_ref().filter(|_| !platform_failed);
        // The project's files are the first modules, in the order `compile` parsed them.
        let files = program.modules.iter().filter(|module| module.name == resolve::ROOT_MODULE);
        let files = files.count();
        let parsed_by =
            |app: &HandedApp| crate::parallel::worker_of(app.item.module, files, PARSE_CHUNK);
        crate::parallel::map_each_near(
            &apps,
            parsed_by,
            |HandedApp { item, stmt: handed, deferred }| {
                if *deferred {
                    let span = program.stmt(item).span;
                    let Some(stmt) = syntax::parse_deferred(&sources.get(span.source).text, span)
                    else {
                        unreadable.store(true, std::sync::atomic::Ordering::Relaxed);
                        return BuiltApp::default();
                    };
                    return build_app(&program, &project, lowering, &sources, &stmt);
                }
                let owned = handed.lock().map_or(None, |mut handed| handed.take());
                let stmt = owned.as_ref().unwrap_or_else(|| program.stmt(item));
                build_app(&program, &project, lowering, &sources, stmt)
            },
        )
    };
    if unreadable.into_inner() {
        return Err(Box::new(failed(diagnostics, sources)));
    }
    for app in &mut apps {
        diagnostics.extend(std::mem::take(&mut app.diagnostics));
    }
    let mut routes = hir::RouteUses::default();
    for app in &mut apps {
        routes.merge(std::mem::take(&mut app.routes));
    }
    diagnostics.extend(check::check_after_apps(&program, &mut project, &routes));
    if diagnostics.has_errors() {
        return Ok(failed(diagnostics, sources));
    }
    let (emitted, lower_diagnostics) =
        lower_platform_and_assemble(&project, chosen.as_deref(), inputs, &sources, apps);
    let lower_failed = lower_diagnostics.iter().any(Diagnostic::is_error);
    diagnostics.extend(lower_diagnostics);
    let emitted = (!lower_failed).then_some(emitted);
    let diagnostics = with_instance_calls(diagnostics.into_sorted(), &sources);
    Ok(Built { sources, emitted, project: Some(project), diagnostics, program: Some(program) })
}

/// What a build keeps of one app: its diagnostics, its objects' texts (claims apart: they are
/// applied before every workload) and what the Traefik instance's checks read of its routes.
#[derive(Default)]
struct BuiltApp {
    diagnostics: Vec<Diagnostic>,
    claims: Vec<emit::Rendered>,
    objects: Vec<emit::Rendered>,
    routes: hir::RouteUses,
    span: Option<Span>,
}

/// The apps of the program, each with its statement taken out of the program when nothing
/// else reads it there (see [`check::apps_read_by_interpolation`]). `interpolates`: whether
/// the program holds an interpolation at all ([`resolve::Program::has_interpolations`]);
/// without one, the walk that finds what they read is skipped.
fn hand_out_app_statements(
    program: &mut resolve::Program,
    interpolates: bool,
) -> Option<Vec<HandedApp>> {
    let items: Vec<resolve::Item> = check::app_items(program).into_iter().copied().collect();
    let read = if interpolates {
        check::apps_read_by_interpolation(program, &items)
    } else {
        std::collections::BTreeSet::new()
    };
    items
        .into_iter()
        .map(|item| {
            let name = program.stmt(&item).name().map(|name| name.text.as_str());
            let is_read = name.is_none_or(|name| read.contains(name));
            let file = &program.modules[item.module].file;
            let deferred = item.child.is_none() && file.deferred.binary_search(&item.index).is_ok();
            if deferred {
                // Its body was never read: the program holds what reading would leave there.
                return (!is_read).then_some(HandedApp { item, stmt: Mutex::new(None), deferred });
            }
            let stmt = Mutex::new((!is_read).then(|| program.take_stmt(&item)));
            Some(HandedApp { item, stmt, deferred })
        })
        .collect()
}

/// An app as the pass that builds apps gets it.
struct HandedApp {
    item: resolve::Item,
    /// Its statement, taken out of the program; `None` where the program holds it still (an
    /// interpolation reads it there) and when its body was put off.
    stmt: Mutex<Option<Stmt>>,
    /// Its body was passed over when its file was parsed (`syntax::parse_deferring_apps`):
    /// it is read from its span when the app is built.
    deferred: bool,
}

/// Checks one app; lowers and renders it when `lowering` is given and the app is sound.
fn build_app(
    program: &resolve::Program,
    platform: &hir::Project,
    lowering: Option<&lower::Lowering<'_>>,
    sources: &SourceMap,
    stmt: &Stmt,
) -> BuiltApp {
    let (app, diagnostics) = check::check_one_app(program, platform, stmt);
    let mut built = BuiltApp {
        diagnostics,
        claims: Vec::new(),
        objects: Vec::new(),
        routes: hir::RouteUses::default(),
        span: None,
    };
    let Some(app) = app else { return built };
    built.span = Some(app.span);
    let clean = !built.diagnostics.iter().any(Diagnostic::is_error);
    if let Some(lowering) = lowering.filter(|lowering| clean && lowering.lowers_apps(true)) {
        // Into vectors of exactly their length: collected in place, they would keep the
        // lowered objects' vectors, twice as large as needed, until every file is numbered.
        let render = |objects: Vec<lower::ir::Object>| {
            let mut rendered = Vec::with_capacity(objects.len());
            rendered.extend(objects.iter().map(|object| emit::Rendered::new(sources, object)));
            rendered
        };
        built.claims = render(lowering.app_claims(&app));
        built.objects = render(lowering.app_objects(&app));
    }
    built.routes = hir::RouteUses::of(app.tiers.iter().flat_map(|tier| &tier.routes));
    built
}

/// Lowers what comes before the apps, then numbers every file in apply order: the platform's
/// objects, every app's claims, every app's other objects.
fn lower_platform_and_assemble(
    project: &hir::Project,
    environment: Option<&str>,
    inputs: &dyn Inputs,
    sources: &SourceMap,
    apps: Vec<BuiltApp>,
) -> (Emitted, Vec<Diagnostic>) {
    let lowering = match lower::Lowering::new(project, environment) {
        Ok(lowering) => lowering,
        Err(diagnostic) => return (Emitted::default(), vec![diagnostic]),
    };
    let mut platform = Vec::new();
    let mut diagnostics = lowering.platform(inputs, !apps.is_empty(), &mut |object| {
        platform.push(emit::Rendered::new(sources, &object));
    });
    if let Some(first) = apps.iter().find_map(|app| app.span)
        && !lowering.lowers_apps(true)
    {
        diagnostics.push(lower::apps_without_environment(first));
    }
    // The texts stay where they are until their files take them: the platform's, every
    // app's claims, every app's other objects.
    let mut apps = apps;
    let (claims, objects): (Vec<_>, Vec<_>) =
        apps.iter_mut().map(|app| (&mut app.claims, &mut app.objects)).unzip();
    let groups: Vec<&mut Vec<emit::Rendered>> =
        std::iter::once(&mut platform).chain(claims).chain(objects).collect();
    let count = groups.iter().map(|group| group.len()).sum();
    let in_order = || groups.iter().flat_map(|group| group.iter());
    // Names checked and files named at once, on two cores.
    let (duplicates, paths) = rayon::join(
        || {
            let mut names = lower::FileNames::with_capacity(count);
            for object in in_order() {
                names.add_hashed(
                    object.kind,
                    object.name.as_str(),
                    object.name_hash,
                    object.origin,
                );
            }
            names.into_duplicates()
        },
        || emit::file_paths(in_order(), count),
    );
    diagnostics.extend(duplicates);
    let texts = groups.into_iter().flat_map(std::mem::take);
    (emit::files_at(paths, texts, &lower::finish(project), sources), diagnostics)
}

/// The result of linting: diagnostics (compile errors, schema violations and findings) and
/// counts for the summary.
#[derive(Debug)]
pub struct Linted {
    pub sources: SourceMap,
    pub diagnostics: Vec<Diagnostic>,
    pub objects: usize,
    pub not_validated: usize,
    pub allowed: usize,
    /// What linting made on the way, kept so that its holder chooses when to free it: `timon
    /// check` exits without freeing it (freeing hundreds of thousands of small allocations one
    /// by one costs time, for memory the operating system takes back at exit anyway).
    pub retained: LintRetained,
}

/// The intermediate results of linting: checked projects, what lowering returned besides the
/// objects, and the located trees the rules read. Nothing reads them any more; they are only
/// freed (or not).
#[derive(Debug, Default)]
pub struct LintRetained {
    projects: Vec<hir::Project>,
    outputs: Vec<lower::ir::Output>,
    documents: Vec<Vec<Document>>,
}

/// Lowering inputs without secret values and without reading files (config file contents
/// come out empty): what linting needs, since no rule looks into `ConfigMap` data.
pub struct NoInputs;

impl Inputs for NoInputs {
    fn include_secrets(&self) -> bool {
        false
    }

    fn env_var(&self, _name: &str) -> Option<String> {
        None
    }

    fn read_project_file(&self, _path: &str) -> Result<String, String> {
        Ok(String::new())
    }
}

/// Checks a timon project, then runs the lint rules over its objects in every environment.
/// `locked` holds the versions of `timon.lock` (cluster name → version).
pub fn lint_timon(
    files: Vec<ProjectFile>,
    config: &LintConfig,
    locked: &BTreeMap<String, String>,
) -> Linted {
    let compiled = compile(files);
    let environments = every_environment(&compiled);
    let Compiled { sources, program, mut diagnostics, .. } = compiled;
    let mut projects = Vec::new();
    let mut programs = Vec::new();
    for (environment, program) in once_per_environment(program, environments) {
        let (project, check_diagnostics, program) =
            check_environment(program, environment.as_deref());
        diagnostics.extend(check_diagnostics);
        projects.push((environment, project));
        programs.push(program);
    }
    let mut linted = Linted {
        sources,
        diagnostics: Vec::new(),
        objects: 0,
        not_validated: 0,
        allowed: 0,
        retained: LintRetained::default(),
    };
    if diagnostics.has_errors() {
        linted.diagnostics = with_instance_calls(diagnostics.into_sorted(), &linted.sources);
        return linted;
    }
    // Freed on a thread of its own while the first environment is lowered, rather than kept:
    // lowering and the located trees reuse its memory (the syntax tree of 10,000 apps is about
    // 160 MiB in small pieces).
    std::thread::scope(|scope| {
        scope.spawn(move || drop(programs));
        for (environment, project) in &projects {
            // Objects become located trees on the second core as lowering makes them; each
            // object is freed once converted, so that the next ones reuse its memory.
            let ((output, lower_diagnostics), mut documents) =
                crate::parallel::convert_while_producing(
                    64,
                    2,
                    |sink| lower::lower_each(project, environment.as_deref(), &NoInputs, sink),
                    |object| manifest::lowered::document(&object),
                );
            diagnostics.extend(lower_diagnostics);
            documents.extend(output.cluster.as_ref().map(manifest::lowered::cluster_document));
            linted.objects += documents.len();
            let mut facts = Facts {
                traefik_version: project
                    .traefik
                    .version
                    .or(config.traefik_version)
                    .or(Some((3, 0))),
                external_secrets: project
                    .secrets
                    .iter()
                    .filter(|secret| secret.source == hir::SecretSource::External)
                    .map(|secret| secret.name.clone())
                    .collect(),
                ..Facts::default()
            };
            if let (Some(cluster), Some(index)) =
                (project.clusters.first(), documents.len().checked_sub(1))
                && let Some(previous) = locked.get(&cluster.name)
            {
                facts.previous_versions.push((
                    index,
                    previous.clone(),
                    "the version in timon.lock".to_owned(),
                ));
            }
            let outcome = lint::run(&documents, config, &facts);
            linted.allowed += outcome.allowed;
            diagnostics.extend(outcome.diagnostics);
            linted.retained.outputs.push(output);
            linted.retained.documents.push(documents);
        }
    });
    // One finding per place, although several environments may produce it.
    linted.diagnostics = with_instance_calls(diagnostics.into_sorted(), &linted.sources);
    linted.retained.projects = projects.into_iter().map(|(_, project)| project).collect();
    linted
}

/// One YAML file to check.
#[derive(Debug, Clone)]
pub struct ManifestFile {
    /// The name shown in findings.
    pub name: String,
    pub path: std::path::PathBuf,
    pub text: String,
}

/// Validates YAML files against strict schemas and lints them together. `previous` gives the
/// earlier Kubernetes version of a cluster file and where it comes from.
pub fn lint_yaml(
    files: &[ManifestFile],
    config: &LintConfig,
    previous: &dyn Fn(&ManifestFile) -> Option<(String, String)>,
) -> Linted {
    let mut sources = SourceMap::default();
    let ids: Vec<SourceId> = files
        .iter()
        .map(|file| {
            sources.add(
                file.name.clone(),
                Origin::Project { path: file.path.clone() },
                file.text.clone(),
            )
        })
        .collect();
    // Parsing and validating are most of the work, and files are independent: on every core.
    // The results come back in file order and are gathered below in that order, so the
    // output does not depend on the threads.
    let read =
        crate::parallel::map_in_order(&ids, 1, |&id| read_manifest(id, &sources.get(id).text));
    let mut diagnostics = Diagnostics::default();
    let mut documents: Vec<Document> = Vec::new();
    let mut facts = Facts { traefik_version: config.traefik_version, ..Facts::default() };
    let mut not_validated = 0;
    for (file, read) in files.iter().zip(read) {
        diagnostics.extend(read.diagnostics);
        not_validated += read.not_validated;
        for (document, is_rke_cluster) in read.documents {
            if is_rke_cluster && let Some((version, origin)) = previous(file) {
                facts.previous_versions.push((documents.len(), version, origin));
            }
            documents.push(document);
        }
    }
    let outcome = lint::run(&documents, config, &facts);
    diagnostics.extend(outcome.diagnostics);
    Linted {
        sources,
        diagnostics: diagnostics.into_sorted(),
        objects: documents.len(),
        not_validated,
        allowed: outcome.allowed,
        retained: LintRetained { documents: vec![documents], ..LintRetained::default() },
    }
}

/// One YAML file parsed and validated: the documents to lint (each with whether it is an RKE
/// `cluster.yml`) and the diagnostics, in the order they were found.
struct ReadManifest {
    documents: Vec<(Document, bool)>,
    diagnostics: Vec<Diagnostic>,
    not_validated: usize,
}

fn read_manifest(id: SourceId, text: &str) -> ReadManifest {
    let parsed = manifest::yaml::parse(id, text);
    let mut read =
        ReadManifest { documents: Vec::new(), diagnostics: parsed.diagnostics, not_validated: 0 };
    for document in parsed.documents {
        let is_rke_cluster = lint::is_rke_cluster(&document.root);
        if is_rke_cluster {
            read.diagnostics.extend(manifest::schema::validate_rke(&document));
        } else if document.root.get("apiVersion").is_none() && document.root.get("kind").is_none() {
            // Not a Kubernetes object (a Helm values file, a compose file): not ours to judge.
            continue;
        } else {
            match manifest::schema::validate(&document) {
                manifest::schema::SchemaResult::Valid => {}
                manifest::schema::SchemaResult::Invalid(found) => read.diagnostics.extend(found),
                manifest::schema::SchemaResult::NoSchema { api_version, kind } => {
                    read.not_validated += 1;
                    let mut diagnostic = Diagnostic::warning(Code::NotValidated, format!("`{kind}` (`{api_version}`) is not validated: timon has no schema for it"))
                        .with_label(document.root.span_at("/kind"), "no schema")
                        .with_help("its fields are not checked; the lint rules still run");
                    diagnostic.severity = Severity::Info;
                    read.diagnostics.push(diagnostic);
                }
            }
        }
        read.documents.push((document, is_rke_cluster));
    }
    read
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use super::*;

    /// A project of `apps` apps in one file, each with a claim, a Service and a route, so that
    /// claims (applied before every workload) and the rest interleave across apps.
    fn project_of(apps: usize, extra: &str) -> Vec<ProjectFile> {
        let mut text =
            "environment prd {\n  namespace prd-apps\n}\nimport std.traefik\n".to_owned();
        text.push_str(extra);
        for number in 0..apps {
            let _ = write!(
                text,
                "app app{number:03} {{\n  tier web {{\n    volume data claim 1Gi\n    container main {{\n      \
                 image \"nginx:1.{number}\"\n      resources {{ cpu 100m..200m  memory 64Mi..128Mi }}\n      \
                 port http 8080\n      mount data at \"/data\"\n    }}\n    \
                 route \"app{number:03}.example.com\" to http {{ entrypoints web }}\n  }}\n}}\n"
            );
        }
        vec![ProjectFile { name: "apps.timon".into(), relative_path: "apps.timon".into(), text }]
    }

    /// What `build` writes, made the long way: the whole project checked, then lowered, then
    /// rendered.
    fn built_the_long_way(files: Vec<ProjectFile>) -> (Emitted, Vec<Diagnostic>) {
        let sources = check(files.clone()).sources;
        let project = check_one_environment(files, Some("prd")).expect("the project checks");
        let (output, diagnostics) = lower::lower(&project, Some("prd"), &NoInputs);
        (emit::emit(&output, &sources), diagnostics)
    }

    /// Apps checked, lowered and rendered one by one on every core give the files, in the
    /// order, that lowering the whole checked project gives: the platform's objects, every
    /// claim, then each app's workload, Service and routes.
    #[test]
    fn apps_built_one_by_one_give_what_the_whole_project_gives() {
        let files = project_of(300, "");
        let built = build(files.clone(), Some("prd"), &NoInputs);
        assert!(built.diagnostics.is_empty(), "{:?}", built.diagnostics);
        let emitted = built.emitted.expect("the project builds");
        let (expected, _) = built_the_long_way(files);
        assert_eq!(
            expected.kubernetes.len(),
            1 + 300 * 4,
            "namespace; claim, workload, service, route"
        );
        assert_eq!(emitted.kubernetes, expected.kubernetes);
        let kinds: Vec<&str> = emitted.kubernetes.iter().map(|file| &file.path[16..20]).collect();
        assert_eq!(kinds[1..301], ["pvc-"; 300], "every claim before the first workload");
        assert_eq!(kinds[301..305], ["depl", "serv", "ingr", "depl"]);
    }

    /// The apps of a project with no interpolation nor override are read only when each is
    /// built; the build is the one of a project read whole.
    #[test]
    fn apps_read_only_when_built_give_what_apps_read_at_once_give() {
        let files = project_of(120, "");
        let compiled = compile_deferring(files.clone(), true);
        let deferred: usize =
            compiled.program.modules.iter().map(|module| module.file.deferred.len()).sum();
        assert_eq!(deferred, 120, "every app is put off");
        let put_off =
            build_once(files.clone(), Some("prd"), &NoInputs, true).expect("every app parses");
        let read_whole = build_once(files, Some("prd"), &NoInputs, false).expect("nothing put off");
        assert!(put_off.diagnostics.is_empty(), "{:?}", put_off.diagnostics);
        let (put_off, read_whole) =
            (put_off.emitted.expect("built"), read_whole.emitted.expect("built"));
        assert_eq!(put_off.kubernetes.len(), 1 + 120 * 4);
        assert_eq!(put_off.kubernetes, read_whole.kubernetes);
    }

    /// An app put off that does not parse sends the build back to reading every file whole:
    /// it reports what that build reports (the file's syntax error, and only what follows
    /// from the file being left out), not what the apps around it would add.
    #[test]
    fn an_app_put_off_that_does_not_parse_is_reported_as_a_build_reading_whole_reports_it() {
        let broken = "app broken {\n  tier web {\n    replicas\n  }\n}\n";
        let files = project_of(20, broken);
        assert!(
            build_once(files.clone(), Some("prd"), &NoInputs, true).is_err(),
            "the body put off does not parse when the app is built"
        );
        let built = build(files.clone(), Some("prd"), &NoInputs);
        let read_whole = build_once(files, Some("prd"), &NoInputs, false).expect("nothing put off");
        assert!(built.emitted.is_none());
        let messages = |built: &Built| -> Vec<String> {
            built.diagnostics.iter().map(|diagnostic| format!("{diagnostic:?}")).collect()
        };
        assert_eq!(messages(&built), messages(&read_whole));
        assert!(
            messages(&built).iter().any(|message| message.contains("E0100")),
            "{:?}",
            messages(&built)
        );
    }

    /// An app's statement is taken out of the program for the core that builds it, except
    /// when an interpolation reads it there: `${zz.web}` in app `aa` needs app `zz`'s tiers
    /// whichever core checks `zz` first.
    #[test]
    fn apps_read_by_an_interpolation_stay_in_the_program() {
        let other = "app aa {\n  tier web {\n    container main {\n      image \"nginx:1\"\n      \
                     resources { cpu 100m..200m  memory 64Mi..128Mi }\n      \
                     env { PEER = \"http://${zz.web}:${zz.web.http}\" }\n    }\n  }\n}\n\
                     app zz {\n  tier web {\n    container main {\n      image \"nginx:1\"\n      \
                     resources { cpu 100m..200m  memory 64Mi..128Mi }\n      port http 8080\n    }\n  }\n}\n";
        let files = project_of(50, other);
        let mut compiled = compile(files.clone());
        assert!(compiled.program.has_interpolations());
        let handed = hand_out_app_statements(&mut compiled.program, true).expect("none put off");
        let kept: Vec<String> = handed
            .iter()
            .filter(|app| app.stmt.lock().expect("not poisoned").is_none())
            .map(|app| compiled.program.stmt(&app.item).name().expect("named").text.to_string())
            .collect();
        assert_eq!(kept, ["zz"]);
        assert_eq!(handed.len(), 52);
        let built = build(files.clone(), Some("prd"), &NoInputs);
        assert!(built.diagnostics.is_empty(), "{:?}", built.diagnostics);
        let (expected, _) = built_the_long_way(files);
        let emitted = built.emitted.expect("the project builds");
        assert_eq!(emitted.kubernetes, expected.kubernetes);
        let peer = emitted.kubernetes.iter().find(|file| file.path.contains("deployment-aa-web"));
        assert!(peer.expect("app aa's workload").contents.contains("http://zz-web:8080"));
    }

    /// Two apps making objects of one kind and name are reported at the second, as the
    /// whole-project lowering reports them, and nothing is emitted.
    #[test]
    fn objects_named_alike_across_apps_are_an_error() {
        let files = project_of(
            3,
            "app other {\n  tier web {\n    name \"app001-web\"\n    container main {\n      image \"nginx:1\"\n      resources { cpu 100m..200m  memory 64Mi..128Mi }\n    }\n  }\n}\n",
        );
        let built = build(files.clone(), Some("prd"), &NoInputs);
        assert!(built.emitted.is_none());
        let codes: Vec<String> =
            built.diagnostics.iter().map(|diagnostic| diagnostic.code.to_string()).collect();
        let (_, expected) = built_the_long_way(files);
        let expected: Vec<String> =
            expected.iter().map(|diagnostic| diagnostic.code.to_string()).collect();
        assert_eq!(codes, [Code::DuplicateName.as_str()]);
        assert_eq!(codes, expected);
    }
}
