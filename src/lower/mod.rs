//! Stage 4, lower: the checked project and one environment to objects in apply order.

pub mod ir;
mod kubernetes;
mod rke;
mod rook;
mod traefik;
mod traefik_static;

use foldhash::{HashMap, HashMapExt};

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
/// order; the output returned holds the cluster and Traefik's configuration but no object. A
/// build writes each object and frees it at once: all held until the end, the objects of 10,000
/// apps were most of its memory.
pub fn lower_each(
    project: &hir::Project,
    environment: Option<&str>,
    inputs: &dyn Inputs,
    sink: &mut dyn FnMut(Object),
) -> (Output, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut output = Output::default();
    let mut objects = Objects { sink, files: HashMap::new(), duplicates: Vec::new() };
    let environment = match select_environment(project, environment) {
        Ok(environment) => environment,
        Err(diagnostic) => return (output, vec![diagnostic]),
    };
    let namespace = environment.map(|environment| environment.namespace.clone());
    let context = kubernetes::Context {
        project,
        environment,
        namespace: namespace.clone().unwrap_or_default(),
    };

    if let Some(environment) = environment {
        let namespace = ObjectBody::Namespace(Box::new(kubernetes::namespace(environment)));
        objects.push(environment.span, namespace, Vec::new(), Vec::new());
    }
    for pool in &project.ceph_pools {
        objects.push(
            pool.span,
            ObjectBody::CephBlockPool(Box::new(rook::block_pool(pool))),
            Vec::new(),
            Vec::new(),
        );
    }
    for filesystem in &project.ceph_filesystems {
        objects.push(
            filesystem.span,
            ObjectBody::CephFilesystem(Box::new(rook::filesystem(filesystem))),
            Vec::new(),
            Vec::new(),
        );
    }
    for class in &project.storage_classes {
        objects.push(
            class.span,
            ObjectBody::StorageClass(Box::new(kubernetes::storage_class(class))),
            Vec::new(),
            Vec::new(),
        );
    }
    let apps_need_namespace = !project.apps.is_empty() || !project.configs.is_empty();
    if environment.is_some() || !apps_need_namespace {
        for middleware in &project.middlewares {
            objects.push(
                middleware.span,
                ObjectBody::Middleware(Box::new(traefik::middleware(&context, middleware))),
                Vec::new(),
                Vec::new(),
            );
        }
        for config in &project.configs {
            match kubernetes::config_map(&context, config, inputs) {
                Ok(object) => {
                    objects.push(
                        config.span,
                        ObjectBody::ConfigMap(Box::new(object)),
                        Vec::new(),
                        Vec::new(),
                    );
                }
                Err(diagnostic) => diagnostics.push(diagnostic),
            }
        }
        if inputs.include_secrets() {
            for secret in &project.secrets {
                match kubernetes::secret(&context, secret, inputs) {
                    Ok(Some(object)) => {
                        objects.push(
                            secret.span,
                            ObjectBody::Secret(Box::new(object)),
                            Vec::new(),
                            Vec::new(),
                        );
                    }
                    Ok(None) => {}
                    Err(diagnostic) => diagnostics.push(diagnostic),
                }
            }
        }
        for app in &project.apps {
            for tier in app.tiers.iter().filter(|tier| tier.kind != hir::WorkloadKind::StatefulSet)
            {
                for claim in kubernetes::claims(&context, app, tier) {
                    let allowed = allowances("", app.allowances.iter().chain(&tier.allowances));
                    let claim_body = ObjectBody::PersistentVolumeClaim(Box::new(claim.1));
                    objects.push(claim.0, claim_body, Vec::new(), allowed);
                }
            }
        }
        for app in &project.apps {
            for tier in &app.tiers {
                let tier_allowances =
                    || allowances("", app.allowances.iter().chain(&tier.allowances));
                let workload = kubernetes::workload(&context, app, tier);
                let (spans, mut allowed) = workload_spans(tier);
                allowed.extend(tier_allowances());
                objects.push(tier.span, workload, spans, allowed);
                if let Some(service) = kubernetes::service(&context, app, tier) {
                    let service = ObjectBody::Service(Box::new(service));
                    objects.push(tier.span, service, Vec::new(), tier_allowances());
                }
                for route in &tier.routes {
                    for object in traefik::ingress_routes(&context, app, tier, route) {
                        objects.push(
                            route.span,
                            ObjectBody::IngressRoute(Box::new(object)),
                            Vec::new(),
                            tier_allowances(),
                        );
                    }
                }
            }
        }
    }
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
    diagnostics.append(&mut objects.duplicates);
    (output, diagnostics)
}

/// Where lowered objects go, and the file names they take so far.
struct Objects<'s> {
    sink: &'s mut dyn FnMut(Object),
    /// (kind, name) → the declaration of the first object so named: two objects of one kind
    /// and name would be one file (and one object in the cluster). Only looked up, never
    /// listed: a hash map (a B-tree compared whole names at every level).
    files: HashMap<(&'static str, String), Span>,
    duplicates: Vec<Diagnostic>,
}

impl Objects<'_> {
    /// Hands over an object, with the places of its parts and its allowances.
    fn push(
        &mut self,
        origin: Span,
        body: ObjectBody,
        spans: Vec<(String, Span)>,
        allowances: Vec<Allowance>,
    ) {
        let key = (body.file_kind(), body.name().to_owned());
        if let Some(&first) = self.files.get(&key) {
            self.duplicates.push(
                Diagnostic::error(
                    Code::DuplicateName,
                    format!("two {} objects are both named `{}`", key.0, key.1),
                )
                .with_label(origin, "this declaration produces it")
                .with_label(first, "and so does this one")
                .with_help("give one of them another name (`name \"…\"`)"),
            );
        }
        self.files.insert(key, origin);
        (self.sink)(Object { body, origin, spans, allowances });
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
                return Err(Diagnostic::error(
                    Code::NoEnvironment,
                    "the project has apps but no environment",
                )
                .with_label(app.span, "this app needs a namespace to be deployed into")
                .with_help("declare one: `environment prd { namespace \"prd-lan-coolcorp\" }`"));
            }
            Ok(None)
        }
        None => Err(environment_choice_error(&names, None)),
    }
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
