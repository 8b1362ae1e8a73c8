//! Lowers to core Kubernetes objects through k8s-openapi's types.

use std::collections::BTreeMap;

use k8s_openapi::ByteString;
use k8s_openapi::api::apps::v1::{
    Deployment, DeploymentSpec, DeploymentStrategy, RollingUpdateDeployment, StatefulSet,
    StatefulSetSpec,
};
use k8s_openapi::api::core::v1::{
    ConfigMap, ConfigMapKeySelector, ConfigMapVolumeSource, Container, ContainerPort,
    EmptyDirVolumeSource, EnvVar, EnvVarSource, ExecAction, GRPCAction, HTTPGetAction,
    LocalObjectReference, NFSVolumeSource, Namespace, PersistentVolumeClaim,
    PersistentVolumeClaimSpec, PersistentVolumeClaimVolumeSource, PodSpec, PodTemplateSpec, Probe,
    ResourceRequirements, Secret, SecretKeySelector, SecretVolumeSource, Service, ServicePort,
    ServiceSpec, TCPSocketAction, Volume, VolumeMount, VolumeResourceRequirements,
};
use k8s_openapi::api::storage::v1::StorageClass;
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::Inputs;
use super::ir::ObjectBody;
use crate::check::hir::{self, EnvValue, SecretSource};
use crate::diagnostics::{Code, Diagnostic};
use crate::source::Span;

/// What every lowering function of one build shares.
pub(super) struct Context<'a> {
    pub(super) project: &'a hir::Project,
    pub(super) environment: Option<&'a hir::Environment>,
    pub(super) namespace: String,
}

impl Context<'_> {
    /// Metadata of a namespaced object.
    pub(super) fn metadata(&self, name: &str, labels: BTreeMap<String, String>) -> ObjectMeta {
        ObjectMeta {
            name: Some(name.to_owned()),
            namespace: (!self.namespace.is_empty()).then(|| self.namespace.clone()),
            labels: (!labels.is_empty()).then_some(labels),
            ..ObjectMeta::default()
        }
    }

    /// `env` and `zone` labels of the environment, plus its own labels.
    pub(super) fn environment_labels(&self) -> BTreeMap<String, String> {
        let mut labels = BTreeMap::new();
        if let Some(environment) = self.environment {
            labels.extend(environment.labels.clone());
            labels.insert("env".to_owned(), environment.name.clone());
            if let Some(zone) = &environment.zone {
                labels.insert("zone".to_owned(), zone.clone());
            }
        }
        labels
    }

    /// Every label of a tier's objects: derived `app`, `tier`, `env`, `zone` and the user's.
    pub(super) fn tier_labels(&self, app: &hir::App, tier: &hir::Tier) -> BTreeMap<String, String> {
        let mut labels = self.environment_labels();
        labels.extend(app.labels.clone());
        labels.extend(tier.labels.clone());
        labels.extend(selector(tier));
        labels
    }
}

/// The labels that select a tier's pods: only the stable `app` and `tier`, because a
/// Deployment's selector cannot change after creation.
pub(super) fn selector(tier: &hir::Tier) -> BTreeMap<String, String> {
    BTreeMap::from([("app".to_owned(), tier.app.clone()), ("tier".to_owned(), tier.name.clone())])
}

pub(super) fn namespace(environment: &hir::Environment) -> Namespace {
    let mut labels = environment.labels.clone();
    labels.insert("env".to_owned(), environment.name.clone());
    if let Some(zone) = &environment.zone {
        labels.insert("zone".to_owned(), zone.clone());
    }
    Namespace {
        metadata: ObjectMeta {
            name: Some(environment.namespace.clone()),
            labels: Some(labels),
            annotations: (!environment.annotations.is_empty())
                .then(|| environment.annotations.clone()),
            ..ObjectMeta::default()
        },
        ..Namespace::default()
    }
}

pub(super) fn storage_class(class: &hir::StorageClass) -> StorageClass {
    let annotations = class.is_default.then(|| {
        BTreeMap::from([(
            "storageclass.kubernetes.io/is-default-class".to_owned(),
            "true".to_owned(),
        )])
    });
    StorageClass {
        metadata: ObjectMeta {
            name: Some(class.name.clone()),
            annotations,
            ..ObjectMeta::default()
        },
        provisioner: class.provisioner.clone(),
        parameters: (!class.parameters.is_empty()).then(|| class.parameters.clone()),
        reclaim_policy: class.reclaim.map(str::to_owned),
        allow_volume_expansion: class.expandable.then_some(true),
        volume_binding_mode: class.binding.map(str::to_owned),
        mount_options: (!class.mount_options.is_empty()).then(|| class.mount_options.clone()),
        ..StorageClass::default()
    }
}

pub(super) fn config_map(
    context: &Context<'_>,
    config: &hir::Config,
    inputs: &dyn Inputs,
) -> Result<ConfigMap, Diagnostic> {
    let mut data = BTreeMap::new();
    for (key, value) in &config.data {
        let text = match value {
            hir::ConfigValue::Literal(text) => text.clone(),
            hir::ConfigValue::File { path, span } => {
                inputs.read_project_file(path).map_err(|why| file_unreadable(*span, path, &why))?
            }
        };
        data.insert(key.clone(), text);
    }
    Ok(ConfigMap {
        metadata: context.metadata(&config.name, context.environment_labels()),
        data: Some(data),
        ..ConfigMap::default()
    })
}

fn file_unreadable(span: Span, path: &str, why: &str) -> Diagnostic {
    Diagnostic::error(Code::FileUnreadable, format!("cannot read `{path}`"))
        .with_label(span, why.to_owned())
        .with_help("the path is relative to the project folder and must stay inside it")
}

/// A Secret with its values, or `None` for an external secret (created out of band).
pub(super) fn secret(
    context: &Context<'_>,
    secret: &hir::Secret,
    inputs: &dyn Inputs,
) -> Result<Option<Secret>, Diagnostic> {
    let values: BTreeMap<String, String> = match &secret.source {
        SecretSource::External => return Ok(None),
        SecretSource::Env { prefix } => {
            let mut values = BTreeMap::new();
            for key in &secret.keys {
                let variable =
                    format!("{prefix}{}", key.to_ascii_uppercase().replace(['-', '.'], "_"));
                let Some(value) = inputs.env_var(&variable) else {
                    return Err(Diagnostic::error(
                        Code::SecretSourceUnreadable,
                        format!("environment variable `{variable}` is not set"),
                    )
                    .with_label(secret.span, format!("key `{key}` of this secret comes from it"))
                    .with_help(format!(
                        "export `{variable}` before the build, or build without `--include-secrets`"
                    )));
                };
                values.insert(key.clone(), value);
            }
            values
        }
        SecretSource::File { path, span } => {
            let text = inputs.read_project_file(path).map_err(|why| {
                Diagnostic::error(
                    Code::SecretSourceUnreadable,
                    format!("cannot read secret file `{path}`"),
                )
                .with_label(*span, why)
                .with_help(
                    "the file holds `KEY=value` lines; its path is relative to the project folder",
                )
            })?;
            let pairs: BTreeMap<String, String> = text
                .lines()
                .map(str::trim)
                .filter(|line| !line.is_empty() && !line.starts_with('#'))
                .filter_map(|line| {
                    line.split_once('=')
                        .map(|(key, value)| (key.trim().to_owned(), value.trim().to_owned()))
                })
                .collect();
            let mut values = BTreeMap::new();
            for key in &secret.keys {
                let Some(value) = pairs.get(key) else {
                    return Err(Diagnostic::error(
                        Code::SecretSourceUnreadable,
                        format!("secret file `{path}` has no key `{key}`"),
                    )
                    .with_label(*span, "read from here")
                    .with_help(format!("add a line `{key}=…` to the file")));
                };
                values.insert(key.clone(), value.clone());
            }
            values
        }
    };
    Ok(Some(Secret {
        metadata: context.metadata(&secret.name, context.environment_labels()),
        type_: Some(secret.secret_type.clone().unwrap_or_else(|| "Opaque".to_owned())),
        data: Some(
            values.into_iter().map(|(key, value)| (key, ByteString(value.into_bytes()))).collect(),
        ),
        ..Secret::default()
    }))
}

/// The `PersistentVolumeClaims` of a tier's claim volumes, with their origins.
pub(super) fn claims(
    context: &Context<'_>,
    app: &hir::App,
    tier: &hir::Tier,
) -> Vec<(Span, PersistentVolumeClaim)> {
    tier.volumes
        .iter()
        .filter_map(|volume| {
            let hir::VolumeSource::Claim { claim_name, size, class, access_modes } = &volume.source
            else {
                return None;
            };
            let labels = context.tier_labels(app, tier);
            Some((
                volume.span,
                PersistentVolumeClaim {
                    metadata: context.metadata(claim_name, labels),
                    spec: Some(claim_spec(size, class.as_ref(), access_modes)),
                    ..PersistentVolumeClaim::default()
                },
            ))
        })
        .collect()
}

fn claim_spec(
    size: &str,
    class: Option<&String>,
    access_modes: &[&str],
) -> PersistentVolumeClaimSpec {
    PersistentVolumeClaimSpec {
        access_modes: Some(access_modes.iter().map(|mode| (*mode).to_owned()).collect()),
        resources: Some(VolumeResourceRequirements {
            requests: Some(BTreeMap::from([("storage".to_owned(), Quantity(size.to_owned()))])),
            ..VolumeResourceRequirements::default()
        }),
        storage_class_name: class.cloned(),
        ..PersistentVolumeClaimSpec::default()
    }
}

/// The tier's Deployment or `StatefulSet`.
pub(super) fn workload(context: &Context<'_>, app: &hir::App, tier: &hir::Tier) -> ObjectBody {
    let labels = context.tier_labels(app, tier);
    let selector = LabelSelector { match_labels: Some(selector(tier)), ..LabelSelector::default() };
    let is_stateful = tier.kind == hir::WorkloadKind::StatefulSet;
    let template = PodTemplateSpec {
        metadata: Some(ObjectMeta {
            labels: Some(labels.clone()),
            annotations: (!tier.annotations.is_empty()).then(|| tier.annotations.clone()),
            ..ObjectMeta::default()
        }),
        spec: Some(pod_spec(context, tier, is_stateful)),
    };
    let metadata = context.metadata(&tier.workload_name, labels.clone());
    let replicas = Some(tier.replicas.unwrap_or(1));
    if is_stateful {
        let claim_templates: Vec<PersistentVolumeClaim> = tier
            .volumes
            .iter()
            .filter_map(|volume| match &volume.source {
                hir::VolumeSource::Claim { size, class, access_modes, .. } => {
                    Some(PersistentVolumeClaim {
                        metadata: ObjectMeta {
                            name: Some(volume.name.clone()),
                            labels: Some(labels.clone()),
                            ..ObjectMeta::default()
                        },
                        spec: Some(claim_spec(size, class.as_ref(), access_modes)),
                        ..PersistentVolumeClaim::default()
                    })
                }
                _ => None,
            })
            .collect();
        return ObjectBody::StatefulSet(Box::new(StatefulSet {
            metadata,
            spec: Some(StatefulSetSpec {
                replicas,
                selector,
                service_name: Some(tier.service_name.clone()),
                template,
                volume_claim_templates: (!claim_templates.is_empty()).then_some(claim_templates),
                ..StatefulSetSpec::default()
            }),
            ..StatefulSet::default()
        }));
    }
    let strategy = tier.strategy.as_ref().map(|strategy| match strategy {
        hir::Strategy::Recreate => {
            DeploymentStrategy { type_: Some("Recreate".to_owned()), rolling_update: None }
        }
        hir::Strategy::Rolling { max_surge, max_unavailable } => DeploymentStrategy {
            type_: Some("RollingUpdate".to_owned()),
            rolling_update: (max_surge.is_some() || max_unavailable.is_some()).then(|| {
                RollingUpdateDeployment {
                    max_surge: max_surge.as_deref().map(int_or_string),
                    max_unavailable: max_unavailable.as_deref().map(int_or_string),
                }
            }),
        },
    });
    ObjectBody::Deployment(Box::new(Deployment {
        metadata,
        spec: Some(DeploymentSpec {
            replicas,
            selector,
            strategy,
            template,
            ..DeploymentSpec::default()
        }),
        ..Deployment::default()
    }))
}

fn int_or_string(text: &str) -> IntOrString {
    text.parse::<i32>().map_or_else(|_| IntOrString::String(text.to_owned()), IntOrString::Int)
}

fn pod_spec(context: &Context<'_>, tier: &hir::Tier, is_stateful: bool) -> PodSpec {
    let volumes: Vec<Volume> = tier
        .volumes
        .iter()
        .filter(|volume| !(is_stateful && matches!(volume.source, hir::VolumeSource::Claim { .. })))
        .map(|volume| {
            let mut object = Volume { name: volume.name.clone(), ..Volume::default() };
            match &volume.source {
                hir::VolumeSource::Claim { claim_name, .. } => {
                    object.persistent_volume_claim = Some(PersistentVolumeClaimVolumeSource {
                        claim_name: claim_name.clone(),
                        read_only: volume.read_only.then_some(true),
                    });
                }
                hir::VolumeSource::Nfs { server, path } => {
                    object.nfs = Some(NFSVolumeSource {
                        server: server.clone(),
                        path: path.clone(),
                        read_only: Some(volume.read_only),
                    });
                }
                hir::VolumeSource::EmptyDir { memory, size } => {
                    object.empty_dir = Some(EmptyDirVolumeSource {
                        medium: memory.then(|| "Memory".to_owned()),
                        size_limit: size.clone().map(Quantity),
                    });
                }
                hir::VolumeSource::Config { name } => {
                    object.config_map = Some(ConfigMapVolumeSource {
                        name: name.clone(),
                        ..ConfigMapVolumeSource::default()
                    });
                }
                hir::VolumeSource::Secret { name } => {
                    object.secret = Some(SecretVolumeSource {
                        secret_name: Some(name.clone()),
                        ..SecretVolumeSource::default()
                    });
                }
            }
            object
        })
        .collect();
    let containers = |list: &[hir::Container]| {
        list.iter().map(|container| self::container(context, container)).collect::<Vec<_>>()
    };
    PodSpec {
        containers: containers(&tier.containers),
        init_containers: (!tier.init_containers.is_empty())
            .then(|| containers(&tier.init_containers)),
        volumes: (!volumes.is_empty()).then_some(volumes),
        image_pull_secrets: (!tier.pull_secrets.is_empty()).then(|| {
            tier.pull_secrets
                .iter()
                .map(|name| LocalObjectReference { name: name.clone() })
                .collect()
        }),
        node_selector: (!tier.node_selector.is_empty()).then(|| tier.node_selector.clone()),
        ..PodSpec::default()
    }
}

fn container(context: &Context<'_>, container: &hir::Container) -> Container {
    let mut requests = BTreeMap::new();
    let mut limits = BTreeMap::new();
    for (name, bounds) in [
        ("cpu", &container.resources.cpu),
        ("memory", &container.resources.memory),
        ("ephemeral-storage", &container.resources.ephemeral_storage),
    ] {
        if let Some(request) = &bounds.request {
            requests.insert(name.to_owned(), Quantity(request.clone()));
        }
        if let Some(limit) = &bounds.limit {
            limits.insert(name.to_owned(), Quantity(limit.clone()));
        }
    }
    let resources = (!requests.is_empty() || !limits.is_empty()).then(|| ResourceRequirements {
        requests: (!requests.is_empty()).then_some(requests),
        limits: (!limits.is_empty()).then_some(limits),
        ..ResourceRequirements::default()
    });
    let ports: Vec<ContainerPort> = container
        .ports
        .iter()
        .map(|port| ContainerPort {
            name: Some(port.name.clone()),
            container_port: i32::from(port.number),
            protocol: (port.protocol != "TCP").then(|| port.protocol.to_owned()),
            host_port: port.host_port.map(i32::from),
            ..ContainerPort::default()
        })
        .collect();
    let env: Vec<EnvVar> = container
        .env
        .iter()
        .map(|variable| match &variable.value {
            EnvValue::Text(text) => EnvVar {
                name: variable.name.clone(),
                value: Some(text.render(context.environment)),
                value_from: None,
            },
            EnvValue::SecretKey { secret, key } => EnvVar {
                name: variable.name.clone(),
                value: None,
                value_from: Some(EnvVarSource {
                    secret_key_ref: Some(SecretKeySelector {
                        name: secret.clone(),
                        key: key.clone(),
                        optional: None,
                    }),
                    ..EnvVarSource::default()
                }),
            },
            EnvValue::ConfigKey { config, key } => EnvVar {
                name: variable.name.clone(),
                value: None,
                value_from: Some(EnvVarSource {
                    config_map_key_ref: Some(ConfigMapKeySelector {
                        name: config.clone(),
                        key: key.clone(),
                        optional: None,
                    }),
                    ..EnvVarSource::default()
                }),
            },
        })
        .collect();
    let mounts: Vec<VolumeMount> = container
        .mounts
        .iter()
        .map(|mount| VolumeMount {
            name: mount.volume.clone(),
            mount_path: mount.path.clone(),
            read_only: mount.read_only.then_some(true),
            sub_path: mount.sub_path.clone(),
            ..VolumeMount::default()
        })
        .collect();
    let probe =
        |kind: &str| container.probes.iter().find(|probe| probe.kind == kind).map(self::probe);
    Container {
        name: container.name.clone(),
        image: Some(container.image.clone()),
        image_pull_policy: container.pull.map(str::to_owned),
        command: (!container.command.is_empty()).then(|| container.command.clone()),
        args: (!container.args.is_empty()).then(|| container.args.clone()),
        working_dir: container.workdir.clone(),
        resources,
        ports: (!ports.is_empty()).then_some(ports),
        env: (!env.is_empty()).then_some(env),
        volume_mounts: (!mounts.is_empty()).then_some(mounts),
        liveness_probe: probe("liveness"),
        readiness_probe: probe("readiness"),
        startup_probe: probe("startup"),
        ..Container::default()
    }
}

fn probe(probe: &hir::Probe) -> Probe {
    let port = |text: &str| int_or_string(text);
    let mut object = Probe {
        initial_delay_seconds: probe.delay,
        period_seconds: probe.period,
        timeout_seconds: probe.timeout,
        failure_threshold: probe.failures,
        success_threshold: probe.successes,
        ..Probe::default()
    };
    match &probe.action {
        hir::ProbeAction::Http { path, port: target } => {
            object.http_get = Some(HTTPGetAction {
                path: Some(path.clone()),
                port: port(target),
                ..HTTPGetAction::default()
            });
        }
        hir::ProbeAction::Tcp { port: target } => {
            object.tcp_socket = Some(TCPSocketAction { port: port(target), host: None });
        }
        hir::ProbeAction::Grpc { port } => {
            object.grpc = Some(GRPCAction { port: i32::from(*port), service: None });
        }
        hir::ProbeAction::Exec { command } => {
            object.exec = Some(ExecAction { command: Some(command.clone()) });
        }
    }
    object
}

/// The tier's Service: one port per published container port, targeted by name.
pub(super) fn service(context: &Context<'_>, app: &hir::App, tier: &hir::Tier) -> Option<Service> {
    let ports: Vec<ServicePort> = tier
        .containers
        .iter()
        .flat_map(|container| &container.ports)
        .filter(|port| !port.internal)
        .map(|port| ServicePort {
            name: Some(port.name.clone()),
            port: i32::from(port.number),
            target_port: Some(IntOrString::String(port.name.clone())),
            protocol: (port.protocol != "TCP").then(|| port.protocol.to_owned()),
            ..ServicePort::default()
        })
        .collect();
    if ports.is_empty() {
        return None;
    }
    Some(Service {
        metadata: context.metadata(&tier.service_name, context.tier_labels(app, tier)),
        spec: Some(ServiceSpec {
            selector: Some(selector(tier)),
            ports: Some(ports),
            ..ServiceSpec::default()
        }),
        ..Service::default()
    })
}
