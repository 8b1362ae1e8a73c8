//! Stage 4, lower: the checked project and one environment to objects in apply order.

pub mod ir;
mod kubernetes;
mod rke;
mod rook;
mod traefik;
mod traefik_static;

use std::borrow::Cow;

use foldhash::HashMap;

use crate::check::hir;
use crate::diagnostics::{Code, Diagnostic};
use crate::manifest::Allowance;
use crate::source::Span;
use ir::{Object, ObjectBody, Output};

/// What lowering needs from outside the sources: secret values and project files. The CLI
/// implements it; lowering itself does no I/O.
pub trait Inputs {
    /// Whether the user asked for Secret objects with their values (`--include-secrets`).
    fn include_secrets(&self) -> bool;
    /// An environment variable of the build.
    fn env_var(&self, name: &str) -> Option<String>;
    /// A file of the project, by its path relative to the project root.
    fn read_project_file(&self, path: &str) -> Result<String, String>;
}

/// Lowers the project for environment `environment` (required when the project has apps).
pub fn lower(
    project: &hir::Project,
    environment: Option<&str>,
    inputs: &dyn Inputs,
) -> (Output, Vec<Diagnostic>) {
    let mut objects = Vec::new();
    let (mut output, diagnostics) =
        lower_each(project, environment, inputs, &mut |object| objects.push(object));
    output.objects = objects;
    (output, diagnostics)
}

/// Lowers the project, handing each Kubernetes object to `sink` as soon as it is made, in apply
/// order; the output returned holds the cluster and Traefik's configuration but no object.
/// `timon check` converts each object and frees it at once: all held until the end, the objects
/// of 10,000 apps were most of its memory.
pub fn lower_each(
    project: &hir::Project,
    environment: Option<&str>,
    inputs: &dyn Inputs,
    sink: &mut dyn FnMut(Object),
) -> (Output, Vec<Diagnostic>) {
    let lowering = match Lowering::new(project, environment) {
        Ok(lowering) => lowering,
        Err(diagnostic) => return (Output::default(), vec![diagnostic]),
    };
    let mut names = FileNames::default();
    let mut push = |object: Object| {
        names.add(object.body.file_kind(), object.body.name().to_owned(), object.origin);
        sink(object);
    };
    let has_apps = !project.apps.is_empty();
    let mut diagnostics = lowering.platform(inputs, has_apps, &mut push);
    if lowering.lowers_apps(has_apps) {
        for app in &project.apps {
            lowering.app_claims(app).into_iter().for_each(&mut push);
        }
        for app in &project.apps {
            lowering.app_objects(app).into_iter().for_each(&mut push);
        }
    }
    diagnostics.extend(names.into_duplicates());
    (finish(project), diagnostics)
}

/// Lowering for one environment: the checked platform and the namespace objects go into.
/// `timon build` lowers each app on its own ([`Lowering::app_claims`],
/// [`Lowering::app_objects`]) right after checking it, so that a build never holds every
/// app's checked model and objects at once.
pub struct Lowering<'p> {
    context: kubernetes::Context<'p>,
}

impl<'p> Lowering<'p> {
    /// Chooses environment `environment` of `project` (required when the project has apps).
    pub fn new(project: &'p hir::Project, environment: Option<&str>) -> Result<Self, Diagnostic> {
        let environment = select_environment(project, environment)?;
        let namespace = environment.map(|environment| environment.namespace.clone());
        let context =
            kubernetes::Context { project, environment, namespace: namespace.unwrap_or_default() };
        Ok(Self { context })
    }

    /// Whether apps (and what only makes sense in a namespace) are lowered: not without an
    /// environment when there are apps or configs, which reports an error instead.
    pub fn lowers_apps(&self, has_apps: bool) -> bool {
        let needs_namespace = has_apps || !self.context.project.configs.is_empty();
        self.context.environment.is_some() || !needs_namespace
    }

    /// The objects that come before every app's, in apply order: the namespace, Ceph pools
    /// and file systems, storage classes, middlewares, config maps and (when asked for)
    /// secrets. `has_apps`: whether the project has apps, lowered separately.
    pub fn platform(
        &self,
        inputs: &dyn Inputs,
        has_apps: bool,
        push: &mut dyn FnMut(Object),
    ) -> Vec<Diagnostic> {
        let mut diagnostics = Vec::new();
        let context = &self.context;
        let project = context.project;
        let mut push = |origin: Span, body: ObjectBody| {
            push(Object { body, origin, spans: Vec::new(), allowances: Vec::new() });
        };
        if let Some(environment) = context.environment {
            let namespace = ObjectBody::Namespace(Box::new(kubernetes::namespace(environment)));
            push(environment.span, namespace);
        }
        for pool in &project.ceph_pools {
            push(pool.span, ObjectBody::CephBlockPool(Box::new(rook::block_pool(pool))));
        }
        for filesystem in &project.ceph_filesystems {
            let body = ObjectBody::CephFilesystem(Box::new(rook::filesystem(filesystem)));
            push(filesystem.span, body);
        }
        for class in &project.storage_classes {
            let body = ObjectBody::StorageClass(Box::new(kubernetes::storage_class(class)));
            push(class.span, body);
        }
        if !self.lowers_apps(has_apps) {
            return diagnostics;
        }
        for middleware in &project.middlewares {
            let body = ObjectBody::Middleware(Box::new(traefik::middleware(context, middleware)));
            push(middleware.span, body);
        }
        for config in &project.configs {
            match kubernetes::config_map(context, config, inputs) {
                Ok(object) => push(config.span, ObjectBody::ConfigMap(Box::new(object))),
                Err(diagnostic) => diagnostics.push(diagnostic),
            }
        }
        if inputs.include_secrets() {
            for secret in &project.secrets {
                match kubernetes::secret(context, secret, inputs) {
                    Ok(Some(object)) => push(secret.span, ObjectBody::Secret(Box::new(object))),
                    Ok(None) => {}
                    Err(diagnostic) => diagnostics.push(diagnostic),
                }
            }
        }
        diagnostics
    }

    /// An app's claims: applied before every workload, so that a pod never waits for its
    /// volume's claim.
    pub fn app_claims(&self, app: &hir::App) -> Vec<Object> {
        let mut objects = Vec::new();
        for tier in app.tiers.iter().filter(|tier| tier.kind != hir::WorkloadKind::StatefulSet) {
            for (origin, claim) in kubernetes::claims(&self.context, app, tier) {
                objects.push(Object {
                    body: ObjectBody::PersistentVolumeClaim(Box::new(claim)),
                    origin,
                    spans: Vec::new(),
                    allowances: allowances("", app.allowances.iter().chain(&tier.allowances)),
                });
            }
        }
        objects
    }

    /// An app's workloads, services and routes, tier by tier.
    pub fn app_objects(&self, app: &hir::App) -> Vec<Object> {
        let context = &self.context;
        let mut objects = Vec::new();
        for tier in &app.tiers {
            let tier_allowances = || allowances("", app.allowances.iter().chain(&tier.allowances));
            let (spans, mut allowed) = workload_spans(tier);
            allowed.extend(tier_allowances());
            let body = kubernetes::workload(context, app, tier);
            objects.push(Object { body, origin: tier.span, spans, allowances: allowed });
            if let Some(service) = kubernetes::service(context, app, tier) {
                objects.push(Object {
                    body: ObjectBody::Service(Box::new(service)),
                    origin: tier.span,
                    spans: Vec::new(),
                    allowances: tier_allowances(),
                });
            }
            for route in &tier.routes {
                for object in traefik::ingress_routes(context, app, tier, route) {
                    objects.push(Object {
                        body: ObjectBody::IngressRoute(Box::new(object)),
                        origin: route.span,
                        spans: Vec::new(),
                        allowances: tier_allowances(),
                    });
                }
            }
        }
        objects
    }
}

/// RKE's `cluster.yml` and Traefik's static configuration: the output without its objects.
pub fn finish(project: &hir::Project) -> Output {
    let mut output = Output::default();
    if let Some(cluster) = project.clusters.first() {
        let mut spans: Vec<(String, Span)> = cluster
            .nodes
            .iter()
            .enumerate()
            .map(|(index, node)| (format!("/nodes/{index}"), node.span))
            .collect();
        if let Some(span) = cluster.kubernetes_version_span {
            spans.push(("/kubernetes_version".to_owned(), span));
        }
        output.cluster = Some(ir::Cluster {
            config: rke::cluster_config(cluster),
            origin: cluster.span,
            spans,
            allowances: allowances("", &cluster.allowances),
        });
    }
    if let Some(instance) = &project.traefik_instance {
        output.traefik = Some(ir::TraefikStatic {
            config: traefik_static::configuration(project, instance),
            origin: instance.span,
        });
    }
    output
}

/// The file names objects take, in apply order: two objects of one kind and name would be one
/// file (and one object in the cluster).
#[derive(Default)]
pub struct FileNames<'n> {
    /// [`name_hash`] of (kind, name) → the first object with that hash: its kind, name and
    /// declaration. A name is compared only when its hash is already there, so a build's
    /// 40,000 names are checked without reading them (they are scattered in memory; each
    /// read was a cache miss).
    first: HashMap<u64, (&'static str, Cow<'n, str>, Span)>,
    /// The objects whose hash an object of another kind or name had first (hardly ever).
    collided: HashMap<(&'static str, Cow<'n, str>), Span>,
    duplicates: Vec<Diagnostic>,
}

/// The hash of an object's kind and name that [`FileNames::add_hashed`] takes: worked out
/// where the object is made, while its name is at hand.
pub fn name_hash(kind: &str, name: &str) -> u64 {
    use std::hash::BuildHasher as _;
    foldhash::fast::FixedState::with_seed(0x0074_696d_6f6e).hash_one((kind, name))
}

impl<'n> FileNames<'n> {
    /// Room for `objects` names from the start: growing the table as names come was most of
    /// the time it took for 40,000 objects.
    pub fn with_capacity(objects: usize) -> Self {
        Self {
            first: HashMap::with_capacity_and_hasher(
                objects,
                foldhash::fast::RandomState::default(),
            ),
            collided: HashMap::default(),
            duplicates: Vec::new(),
        }
    }

    /// Records the next object's kind and name, and the declaration that made it.
    pub fn add(&mut self, kind: &'static str, name: impl Into<Cow<'n, str>>, origin: Span) {
        let name = name.into();
        let hash = name_hash(kind, &name);
        self.add_hashed(kind, name, hash, origin);
    }

    /// [`FileNames::add`] with the [`name_hash`] of `kind` and `name` worked out already.
    pub fn add_hashed(
        &mut self,
        kind: &'static str,
        name: impl Into<Cow<'n, str>>,
        hash: u64,
        origin: Span,
    ) {
        let name = name.into();
        let first = match self.first.entry(hash) {
            std::collections::hash_map::Entry::Vacant(entry) => {
                entry.insert((kind, name, origin));
                return;
            }
            std::collections::hash_map::Entry::Occupied(entry) => entry.into_mut(),
        };
        // A third object of one name is reported against the second, and so on.
        let earlier = if first.0 == kind && first.1 == name {
            Some(std::mem::replace(&mut first.2, origin))
        } else {
            self.collided.insert((kind, name.clone()), origin)
        };
        if let Some(earlier) = earlier {
            self.duplicates.push(
                Diagnostic::error(
                    Code::DuplicateName,
                    format!("two {kind} objects are both named `{name}`"),
                )
                .with_label(origin, "this declaration produces it")
                .with_label(earlier, "and so does this one")
                .with_help("give one of them another name (`name \"…\"`)"),
            );
        }
    }

    /// An error for every object named like an earlier one of its kind.
    pub fn into_duplicates(self) -> Vec<Diagnostic> {
        self.duplicates
    }
}

/// Allowances of declarations, as covering the whole object (`pointer` empty) or one part.
fn allowances<'h>(
    pointer: &str,
    allows: impl IntoIterator<Item = &'h hir::Allow>,
) -> Vec<Allowance> {
    allows
        .into_iter()
        .map(|allow| Allowance {
            rule: allow.rule.clone(),
            reason: allow.reason.clone(),
            pointer: pointer.to_owned(),
            span: allow.span,
        })
        .collect()
}

/// The places of a tier's containers, ports and volumes inside its workload.
fn workload_spans(tier: &hir::Tier) -> (Vec<(String, Span)>, Vec<Allowance>) {
    let pod = "/spec/template/spec";
    let mut spans = Vec::new();
    let mut allowed = Vec::new();
    for (field, containers) in
        [("initContainers", &tier.init_containers), ("containers", &tier.containers)]
    {
        for (index, container) in containers.iter().enumerate() {
            let pointer = format!("{pod}/{field}/{index}");
            spans.push((pointer.clone(), container.span));
            for (port_index, port) in container.ports.iter().enumerate() {
                spans.push((format!("{pointer}/ports/{port_index}"), port.span));
            }
            allowed.extend(allowances(&pointer, &container.allowances));
        }
    }
    let mut volume_index = 0;
    for volume in &tier.volumes {
        if tier.kind == hir::WorkloadKind::StatefulSet
            && matches!(volume.source, hir::VolumeSource::Claim { .. })
        {
            continue;
        }
        spans.push((format!("{pod}/volumes/{volume_index}"), volume.span));
        volume_index += 1;
    }
    (spans, allowed)
}

fn select_environment<'p>(
    project: &'p hir::Project,
    requested: Option<&str>,
) -> Result<Option<&'p hir::Environment>, Diagnostic> {
    let names: Vec<String> =
        project.environments.iter().map(|environment| environment.name.clone()).collect();
    match requested {
        Some(name) => project
            .environments
            .iter()
            .find(|environment| environment.name == name)
            .map(Some)
            .ok_or_else(|| environment_choice_error(&names, requested)),
        None if project.environments.len() == 1 => Ok(project.environments.first()),
        None if project.environments.is_empty() => {
            if let Some(app) = project.apps.first() {
                return Err(apps_without_environment(app.span));
            }
            Ok(None)
        }
        None => Err(environment_choice_error(&names, None)),
    }
}

/// The error of a project with apps (the first at `app`) but no environment to put them in.
pub fn apps_without_environment(app: Span) -> Diagnostic {
    Diagnostic::error(Code::NoEnvironment, "the project has apps but no environment")
        .with_label(app, "this app needs a namespace to be deployed into")
        .with_help("declare one: `environment prd { namespace \"prd-lan-coolcorp\" }`")
}

/// Why `requested` does not choose one of the environments `names`.
pub fn environment_choice_error(names: &[String], requested: Option<&str>) -> Diagnostic {
    let listed = names.iter().map(|name| format!("`{name}`")).collect::<Vec<_>>().join(", ");
    let Some(name) = requested else {
        return Diagnostic::error(
            Code::NoEnvironment,
            "the project has several environments: choose one with `--env`",
        )
        .with_help(format!(
            "the project declares: {listed}; `--env all` builds each into `out/<env>/`"
        ));
    };
    let diagnostic =
        Diagnostic::error(Code::NoEnvironment, format!("the project has no environment `{name}`"));
    match crate::diagnostics::closest(name, names.iter().map(String::as_str)) {
        Some(suggestion) => diagnostic.with_help(format!("did you mean `--env {suggestion}`?")),
        None if names.is_empty() => {
            diagnostic.with_help("declare one: `environment prd { namespace \"prd\" }`")
        }
        None => diagnostic.with_help(format!("the project declares: {listed}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceId;

    fn at(offset: usize) -> Span {
        Span::new(SourceId(0), offset, offset + 1)
    }

    fn labels(duplicates: &[Diagnostic]) -> Vec<(String, u32, u32)> {
        duplicates
            .iter()
            .map(|diagnostic| {
                let spans: Vec<u32> =
                    diagnostic.labels.iter().map(|label| label.span.start).collect();
                (diagnostic.message.clone(), spans[0], spans[1])
            })
            .collect()
    }

    /// Names are compared only when their hashes meet: two names of one hash are still two
    /// names, and a third object of one name is reported against the second.
    #[test]
    fn names_that_share_a_hash_are_told_apart() {
        let mut names = FileNames::with_capacity(4);
        names.add_hashed("service", "web", 7, at(1));
        names.add_hashed("service", "db", 7, at(2));
        names.add_hashed("deployment", "web", 7, at(3));
        names.add_hashed("service", "db", 7, at(4));
        names.add_hashed("service", "web", 7, at(5));
        names.add_hashed("service", "web", 7, at(6));
        let duplicates = names.into_duplicates();
        assert_eq!(
            labels(&duplicates),
            [
                ("two service objects are both named `db`".to_owned(), 4, 2),
                ("two service objects are both named `web`".to_owned(), 5, 1),
                ("two service objects are both named `web`".to_owned(), 6, 5),
            ]
        );
    }

    #[test]
    fn names_hashed_here_or_where_they_were_made_find_the_same_duplicates() {
        let objects = [("service", "web"), ("pvc", "web"), ("service", "db"), ("service", "web")];
        let mut hashed_here = FileNames::default();
        let mut hashed_before = FileNames::with_capacity(objects.len());
        for (offset, (kind, name)) in objects.into_iter().enumerate() {
            hashed_here.add(kind, name, at(offset));
            hashed_before.add_hashed(kind, name, name_hash(kind, name), at(offset));
        }
        let (here, before) = (hashed_here.into_duplicates(), hashed_before.into_duplicates());
        assert_eq!(labels(&here), [("two service objects are both named `web`".to_owned(), 3, 0)]);
        assert_eq!(labels(&here), labels(&before));
    }
}
