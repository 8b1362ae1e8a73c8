//! Checks apps: tiers (one pod each), their volumes, containers, ports, environment, probes and
//! routes.

use std::collections::BTreeMap;

use super::Checker;
use super::hir::{self, EnvValue, Text, TextPart};
use super::values::{self, Dimension, NameRule};
use crate::diagnostics::{Code, Diagnostic, closest};
use crate::resolve::DeclKind;
use crate::source::Span;
use crate::syntax::ast::{Stmt, StrPart, Value, ValueKind, Word};

/// Labels that timon derives and a user may not set by hand.
const DERIVED_LABELS: &[&str] = &["app", "tier", "env", "zone"];

pub(super) fn check_app(
    checker: &mut Checker<'_>,
    project: &hir::Project,
    stmt: &Stmt,
) -> Option<hir::App> {
    let name = stmt.name()?;
    checker.ok(values::k8s_name(&name.text, NameRule::Label, name.span, "app"));
    checker.ok(values::label("app", &name.text, name.span));
    let mut app = hir::App {
        name: name.text.as_str().to_owned(),
        labels: BTreeMap::new(),
        tiers: Vec::new(),
        span: name.span,
        allowances: checker.allowances(stmt),
    };
    for inner in stmt.body() {
        match inner.kind {
            "labels" => app.labels = user_labels(checker, inner),
            "tier" => {
                if let Some(tier) = check_tier(checker, project, &app.name, inner) {
                    app.tiers.push(tier);
                }
            }
            _ => {}
        }
    }
    duplicate_names(
        checker,
        app.tiers.iter().map(|tier| (tier.name.as_str(), tier.span)),
        "tier",
        &format!("app `{}`", app.name),
    );
    if app.tiers.is_empty() {
        checker.report(
            Diagnostic::error(Code::EmptyBlock, format!("app `{}` has no tier", app.name))
                .with_label(name.span, "nothing to deploy")
                .with_help("add a tier: `tier web { container web { image \"…\" } }`"),
        );
    }
    Some(app)
}

fn user_labels(checker: &mut Checker<'_>, stmt: &Stmt) -> BTreeMap<String, String> {
    let Some(value) = stmt.value() else { return BTreeMap::new() };
    let labels = checker.labels(value);
    if let ValueKind::Map(entries) = &value.kind {
        for entry in
            entries.iter().filter(|entry| DERIVED_LABELS.contains(&entry.key.text.as_str()))
        {
            checker.report(
                Diagnostic::error(Code::ConflictingStatements, format!("label `{}` is derived by timon", entry.key.text))
                    .with_label(entry.key.span, "set by hand here")
                    .with_help("`app`, `tier`, `env` and `zone` come from the app, tier and environment names; remove it"),
            );
        }
    }
    labels.into_iter().filter(|(key, _)| !DERIVED_LABELS.contains(&key.as_str())).collect()
}

/// The names a tier's objects get, from its statements or the defaults.
fn tier_names(tier: &Stmt, app: &str) -> (String, String) {
    let named = |kind: &str| {
        tier.body()
            .iter()
            .find(|inner| inner.kind == kind)
            .and_then(Stmt::value)
            .and_then(Value::as_plain_str)
    };
    let default = format!("{app}-{}", tier.name().map_or("", |word| word.text.as_str()));
    (named("name").unwrap_or_else(|| default.clone()), named("service_name").unwrap_or(default))
}

fn check_tier(
    checker: &mut Checker<'_>,
    project: &hir::Project,
    app: &str,
    stmt: &Stmt,
) -> Option<hir::Tier> {
    let name = stmt.name()?;
    checker.ok(values::label("tier", &name.text, name.span));
    let (workload_name, service_name) = tier_names(stmt, app);
    let mut tier = hir::Tier {
        name: name.text.as_str().to_owned(),
        app: app.to_owned(),
        kind: hir::WorkloadKind::Deployment,
        workload_name,
        service_name,
        replicas: None,
        strategy: None,
        pull_secrets: Vec::new(),
        node_selector: BTreeMap::new(),
        labels: BTreeMap::new(),
        annotations: BTreeMap::new(),
        volumes: Vec::new(),
        init_containers: Vec::new(),
        containers: Vec::new(),
        routes: Vec::new(),
        span: name.span,
        allowances: checker.allowances(stmt),
    };
    let mut seen = BTreeMap::new();
    let mut strategy_span = None;
    for inner in stmt.body() {
        if matches!(
            inner.kind,
            "kind"
                | "replicas"
                | "strategy"
                | "name"
                | "service_name"
                | "node_selector"
                | "labels"
                | "annotations"
        ) && !checker.once(&mut seen, inner)
        {
            continue;
        }
        match inner.kind {
            "kind" => {
                if let Some(kind) = inner.value().and_then(|value| {
                    checker.choice(
                        value,
                        &[("deployment", "Deployment"), ("statefulset", "StatefulSet")],
                        "workload kind",
                    )
                }) {
                    tier.kind = if kind == "StatefulSet" {
                        hir::WorkloadKind::StatefulSet
                    } else {
                        hir::WorkloadKind::Deployment
                    };
                }
            }
            "replicas" => {
                tier.replicas = inner
                    .value()
                    .and_then(|value| {
                        checker.ok(values::count(value, 0, 10_000, "a replica count"))
                    })
                    .map(|count| i32::try_from(count).unwrap_or(1));
            }
            "strategy" => {
                strategy_span = Some(inner.head.span);
                tier.strategy = Some(if inner.has_keyword("recreate") {
                    hir::Strategy::Recreate
                } else {
                    hir::Strategy::Rolling {
                        max_surge: inner
                            .value_after("max-surge")
                            .and_then(|value| surge(checker, value)),
                        max_unavailable: inner
                            .value_after("max-unavailable")
                            .and_then(|value| surge(checker, value)),
                    }
                });
            }
            "name" => {
                if let Some(value) = inner.value() {
                    checker.ok(values::k8s_name(
                        &tier.workload_name,
                        NameRule::Subdomain,
                        value.span,
                        "workload",
                    ));
                }
            }
            "service_name" => {
                if let Some(value) = inner.value() {
                    checker.ok(values::k8s_name(
                        &tier.service_name,
                        NameRule::Service,
                        value.span,
                        "Service",
                    ));
                }
            }
            "pull_secret" => {
                if let Some(secret) =
                    inner.value().and_then(|value| secret_object_name(checker, project, value))
                {
                    tier.pull_secrets.push(secret);
                }
            }
            "node_selector" => {
                tier.node_selector =
                    inner.value().map(|value| checker.labels(value)).unwrap_or_default();
            }
            "labels" => tier.labels = user_labels(checker, inner),
            "annotations" => {
                tier.annotations =
                    inner.value().map(|value| checker.string_map(value)).unwrap_or_default();
            }
            "volume" => {
                if let Some(volume) = check_volume(checker, project, app, &name.text, inner) {
                    tier.volumes.push(volume);
                }
            }
            _ => {}
        }
    }
    if !seen.contains_key("name") {
        checker.ok(values::k8s_name(
            &tier.workload_name,
            NameRule::Subdomain,
            name.span,
            "workload",
        ));
    }
    if !seen.contains_key("service_name") {
        checker.ok(values::k8s_name(&tier.service_name, NameRule::Service, name.span, "Service"));
    }
    if tier.kind == hir::WorkloadKind::StatefulSet && tier.strategy == Some(hir::Strategy::Recreate)
    {
        checker.report(
            Diagnostic::error(
                Code::ConflictingStatements,
                "a StatefulSet cannot use the `recreate` strategy",
            )
            .with_label(
                strategy_span.unwrap_or(name.span),
                "StatefulSets update with `rolling` only",
            )
            .with_help("remove `strategy recreate`, or make the tier a deployment"),
        );
    }
    duplicate_names(
        checker,
        tier.volumes.iter().map(|volume| (volume.name.as_str(), volume.span)),
        "volume",
        &format!("tier `{}`", tier.name),
    );
    for inner in stmt.body() {
        let is_init = inner.kind == "init_container";
        if inner.kind != "container" && !is_init {
            continue;
        }
        if let Some(container) = check_container(checker, project, &tier, inner) {
            if is_init {
                tier.init_containers.push(container);
            } else {
                tier.containers.push(container);
            }
        }
    }
    duplicate_names(
        checker,
        tier.init_containers
            .iter()
            .chain(&tier.containers)
            .map(|container| (container.name.as_str(), container.span)),
        "container",
        &format!("tier `{}`", tier.name),
    );
    check_pod_ports(checker, &tier);
    let mut route_index = 0;
    for inner in stmt.body().iter().filter(|inner| inner.kind == "route") {
        route_index += 1;
        if let Some(route) = check_route(checker, project, &tier, inner, route_index) {
            tier.routes.push(route);
        }
    }
    if tier.containers.is_empty() {
        checker.report(
            Diagnostic::error(Code::EmptyBlock, format!("tier `{}` has no container", tier.name))
                .with_label(name.span, "a tier is one pod, and a pod needs a container")
                .with_help("add `container NAME { image \"…\" }`"),
        );
    }
    Some(tier)
}

/// Reports names given twice among the `what`s (tiers, volumes, containers) of `owner`.
fn duplicate_names<'a>(
    checker: &mut Checker<'_>,
    names: impl Iterator<Item = (&'a str, Span)>,
    what: &str,
    owner: &str,
) {
    let mut seen: BTreeMap<&str, Span> = BTreeMap::new();
    for (name, span) in names {
        if let Some(first) = seen.insert(name, span) {
            checker.report(
                Diagnostic::error(
                    Code::DuplicateName,
                    format!("{what} `{name}` is declared twice in {owner}"),
                )
                .with_label(span, "declared again here")
                .with_label(first, "first declared here")
                .with_help(format!("give each {what} of {owner} its own name")),
            );
        }
    }
}

/// A surge or unavailability: a count or a percentage.
fn surge(checker: &mut Checker<'_>, value: &Value) -> Option<String> {
    if let ValueKind::Number(text) = &value.kind {
        let number = text.strip_suffix('%').unwrap_or(text);
        if number.parse::<u32>().is_ok()
            && (!text.ends_with('%') || number.parse::<u32>().is_ok_and(|percent| percent <= 100))
        {
            return Some(text.as_str().to_owned());
        }
    }
    checker.report(values::type_mismatch(value, "a count or a percentage (`1`, `25%`)"));
    None
}

/// The Kubernetes name of the secret a value refers to.
fn secret_object_name(
    checker: &mut Checker<'_>,
    project: &hir::Project,
    value: &Value,
) -> Option<String> {
    let word = value.as_word()?;
    checker
        .program
        .scope
        .lookup(DeclKind::Secret, &word.text, word.span)
        .map_err(|diagnostic| checker.report(diagnostic))
        .ok()?;
    project
        .secrets
        .iter()
        .find(|secret| secret.decl_name == word.text)
        .map(|secret| secret.name.clone())
}

fn check_volume(
    checker: &mut Checker<'_>,
    project: &hir::Project,
    app: &str,
    tier: &str,
    stmt: &Stmt,
) -> Option<hir::Volume> {
    let name = stmt.name()?;
    checker.ok(values::k8s_name(&name.text, NameRule::Label, name.span, "volume"));
    let read_only = stmt.has_keyword("read-only");
    let source = if stmt.has_keyword("claim") {
        let size_value = stmt.value()?;
        let size = checker.ok(values::quantity(size_value, Dimension::Storage))?;
        let class = match stmt.value_after("on") {
            Some(value) => {
                let word = value.as_word()?;
                checker
                    .program
                    .scope
                    .lookup(DeclKind::Storage, &word.text, word.span)
                    .map_err(|diagnostic| checker.report(diagnostic))
                    .ok()?;
                project
                    .storage_classes
                    .iter()
                    .find(|class| {
                        checker
                            .program
                            .scope
                            .get(DeclKind::Storage, &word.text)
                            .is_some_and(|item| item.name_span == class.span)
                    })
                    .map(|class| class.name.clone())
                    .or_else(|| Some(word.text.as_str().to_owned()))
            }
            None => project
                .storage_classes
                .iter()
                .find(|class| class.is_default)
                .map(|class| class.name.clone()),
        };
        let access_modes = match stmt.value_after("access") {
            Some(value) => vec![checker.choice(
                value,
                &[
                    ("rwo", "ReadWriteOnce"),
                    ("rwx", "ReadWriteMany"),
                    ("rox", "ReadOnlyMany"),
                    ("rwop", "ReadWriteOncePod"),
                ],
                "access mode",
            )?],
            None => vec!["ReadWriteOnce"],
        };
        let claim_name = match stmt.value_after("name") {
            Some(value) => {
                let claim_name = checker.string(value, "a claim name")?;
                checker.ok(values::k8s_name(
                    &claim_name,
                    NameRule::Subdomain,
                    value.span,
                    "claim",
                ))?;
                claim_name
            }
            None => format!("{app}-{tier}-{}", name.text),
        };
        hir::VolumeSource::Claim { claim_name, size: size.text, class, access_modes }
    } else if stmt.has_keyword("nfs") {
        let value = stmt.value()?;
        let target = checker.string(value, "an NFS export `server:/path`")?;
        let Some((server, path)) = target
            .split_once(':')
            .filter(|(server, path)| !server.is_empty() && path.starts_with('/'))
        else {
            checker.report(
                Diagnostic::error(Code::BadPath, format!("`{target}` is not an NFS export"))
                    .with_label(value.span, "expected `server:/absolute/path`")
                    .with_help("write e.g. `\"storage.example.com:/exports/app\"`"),
            );
            return None;
        };
        hir::VolumeSource::Nfs { server: server.to_owned(), path: path.to_owned() }
    } else if stmt.has_keyword("empty-dir") {
        let size = stmt
            .value_after("size")
            .and_then(|value| checker.ok(values::quantity(value, Dimension::Storage)))
            .map(|size| size.text);
        hir::VolumeSource::EmptyDir { memory: stmt.has_keyword("memory"), size }
    } else if stmt.has_keyword("config") {
        let word = stmt.value()?.as_word()?;
        checker
            .program
            .scope
            .lookup(DeclKind::Config, &word.text, word.span)
            .map_err(|diagnostic| checker.report(diagnostic))
            .ok()?;
        let config = project.configs.iter().find(|config| config.decl_name == word.text)?;
        hir::VolumeSource::Config { name: config.name.clone() }
    } else {
        hir::VolumeSource::Secret { name: secret_object_name(checker, project, stmt.value()?)? }
    };
    Some(hir::Volume { name: name.text.as_str().to_owned(), source, read_only, span: name.span })
}

fn check_container(
    checker: &mut Checker<'_>,
    project: &hir::Project,
    tier: &hir::Tier,
    stmt: &Stmt,
) -> Option<hir::Container> {
    let name = stmt.name()?;
    checker.ok(values::k8s_name(&name.text, NameRule::Label, name.span, "container"));
    let mut container = hir::Container {
        name: name.text.as_str().to_owned(),
        image: String::new(),
        pull: None,
        command: Vec::new(),
        args: Vec::new(),
        workdir: None,
        resources: hir::Resources::default(),
        ports: Vec::new(),
        env: Vec::new(),
        mounts: Vec::new(),
        probes: Vec::new(),
        span: name.span,
        allowances: checker.allowances(stmt),
    };
    let mut seen = BTreeMap::new();
    for inner in stmt.body() {
        if !matches!(inner.kind, "port" | "mount" | "probe") && !checker.once(&mut seen, inner) {
            continue;
        }
        match inner.kind {
            "image" => {
                if let Some(value) = inner.value()
                    && let Some(image) = checker.string(value, "an image")
                    && checker.ok(values::image(&image, value.span)).is_some()
                {
                    container.image = image;
                }
            }
            "pull" => {
                container.pull = inner.value().and_then(|value| {
                    checker.choice(
                        value,
                        &[
                            ("always", "Always"),
                            ("if-not-present", "IfNotPresent"),
                            ("never", "Never"),
                        ],
                        "pull policy",
                    )
                });
            }
            "command" => {
                container.command = inner
                    .value()
                    .map(|value| checker.strings(value, "a command word"))
                    .unwrap_or_default();
            }
            "args" => {
                container.args = inner
                    .value()
                    .map(|value| checker.strings(value, "an argument"))
                    .unwrap_or_default();
            }
            "workdir" => {
                container.workdir = inner
                    .value()
                    .and_then(|value| absolute_path(checker, value, "a working directory"));
            }
            "resources" => container.resources = check_resources(checker, inner),
            "port" => {
                if let Some(port) = check_port(checker, inner) {
                    container.ports.push(port);
                }
            }
            "env" => container.env = check_env(checker, project, inner),
            "mount" => {
                if let Some(mount) = check_mount(checker, tier, inner) {
                    container.mounts.push(mount);
                }
            }
            "probe" => {
                if let Some(probe) = check_probe(checker, &container.ports, inner) {
                    if let Some(first) =
                        container.probes.iter().find(|probe_seen| probe_seen.kind == probe.kind)
                    {
                        checker.report(
                            Diagnostic::error(
                                Code::DuplicateStatement,
                                format!("two {} probes", first.kind),
                            )
                            .with_label(inner.head.span, "a container has one probe of each kind")
                            .with_help("keep one of them"),
                        );
                    } else {
                        container.probes.push(probe);
                    }
                }
            }
            _ => {}
        }
    }
    if !seen.contains_key("image") {
        // Reported, but the container is kept so that the tier is not also called empty.
        checker.missing(stmt, "image", "image \"nginx:1.27\"");
    }
    let mut port_seen: BTreeMap<(u16, &str), Span> = BTreeMap::new();
    for port in &container.ports {
        if let Some(first) = port_seen.insert((port.number, port.protocol), port.span) {
            checker.report(
                Diagnostic::error(
                    Code::DuplicatePort,
                    format!(
                        "container `{}` declares port {}/{} twice",
                        container.name, port.number, port.protocol
                    ),
                )
                .with_label(port.span, "declared again here")
                .with_label(first, "first declared here")
                .with_help("the API server rejects a duplicate port in one container; remove one"),
            );
        }
    }
    Some(container)
}

fn absolute_path(checker: &mut Checker<'_>, value: &Value, what: &str) -> Option<String> {
    let path = checker.string(value, what)?;
    if path.starts_with('/') {
        return Some(path);
    }
    checker.report(
        Diagnostic::error(Code::BadPath, format!("`{path}` is not an absolute path"))
            .with_label(value.span, format!("{what} must start with `/`"))
            .with_help(format!("write `\"/{path}\"`")),
    );
    None
}

fn check_resources(checker: &mut Checker<'_>, stmt: &Stmt) -> hir::Resources {
    let mut resources = hir::Resources::default();
    let mut seen = BTreeMap::new();
    for inner in stmt.body() {
        // `cpu` and `memory` share the rule `resource`: key the duplicate check on the head.
        if !checker.once_as(&mut seen, &inner.head.text, inner) {
            continue;
        }
        let Some(value) = inner.value() else { continue };
        let (dimension, bounds) = match inner.head.text.as_str() {
            "cpu" => (Dimension::Cpu, &mut resources.cpu),
            "memory" => (Dimension::Memory, &mut resources.memory),
            _ => (Dimension::Storage, &mut resources.ephemeral_storage),
        };
        let (request_value, limit_value) = match &value.kind {
            ValueKind::Range { request, limit } => (request.as_deref(), limit.as_deref()),
            _ => (Some(value), Some(value)),
        };
        let request =
            request_value.and_then(|value| checker.ok(values::quantity(value, dimension)));
        let limit = limit_value.and_then(|value| checker.ok(values::quantity(value, dimension)));
        if let (Some(request), Some(limit), Some(request_value), Some(limit_value)) =
            (&request, &limit, request_value, limit_value)
            && request.nanos > limit.nanos
        {
            checker.report(
                Diagnostic::error(
                    Code::RequestAboveLimit,
                    format!(
                        "{} request `{}` is above its limit `{}`",
                        inner.head.text, request.text, limit.text
                    ),
                )
                .with_label(request_value.span, "the request")
                .with_label(limit_value.span, "the limit")
                .with_help(format!(
                    "Kubernetes rejects the pod: write `{} {}..{}` or raise the limit",
                    inner.head.text, limit.text, request.text
                )),
            );
        }
        bounds.request = request.map(|quantity| quantity.text);
        bounds.limit = limit.map(|quantity| quantity.text);
    }
    resources
}

fn check_port(checker: &mut Checker<'_>, stmt: &Stmt) -> Option<hir::Port> {
    let name = stmt.name()?;
    checker.ok(values::port_name(&name.text, name.span))?;
    let number = checker.ok(values::port_number(stmt.value()?))?;
    let protocol = if stmt.has_keyword("udp") {
        "UDP"
    } else if stmt.has_keyword("sctp") {
        "SCTP"
    } else {
        "TCP"
    };
    let host_port =
        stmt.value_after("host-port").and_then(|value| checker.ok(values::port_number(value)));
    Some(hir::Port {
        name: name.text.as_str().to_owned(),
        number,
        protocol,
        host_port,
        internal: stmt.has_keyword("internal"),
        span: name.span.to(stmt.span),
    })
}

/// Port names are unique across the pod: the tier's Service names its ports after them.
fn check_pod_ports(checker: &mut Checker<'_>, tier: &hir::Tier) {
    let mut seen: BTreeMap<&str, Span> = BTreeMap::new();
    for port in
        tier.init_containers.iter().chain(&tier.containers).flat_map(|container| &container.ports)
    {
        if let Some(first) = seen.insert(&port.name, port.span) {
            checker.report(
                Diagnostic::error(
                    Code::DuplicatePort,
                    format!("port name `{}` is used twice in tier `{}`", port.name, tier.name),
                )
                .with_label(port.span, "used again here")
                .with_label(first, "first used here")
                .with_help(
                    "the tier's Service names its ports after the containers' ports: rename one",
                ),
            );
        }
    }
}

fn check_mount(checker: &mut Checker<'_>, tier: &hir::Tier, stmt: &Stmt) -> Option<hir::Mount> {
    let volume = stmt.name()?;
    if !tier.volumes.iter().any(|candidate| candidate.name == volume.text) {
        let names: Vec<&str> =
            tier.volumes.iter().map(|candidate| candidate.name.as_str()).collect();
        let diagnostic = Diagnostic::error(
            Code::UnknownVolume,
            format!("tier `{}` has no volume `{}`", tier.name, volume.text),
        )
        .with_label(volume.span, "not a volume of this tier");
        checker.report(match closest(&volume.text, names.iter().copied()) {
            Some(suggestion) => diagnostic.with_help(format!("did you mean `{suggestion}`?")),
            None => diagnostic.with_help(format!(
                "declare it in the tier: `volume {} claim 1Gi on CLASS`",
                volume.text
            )),
        });
        return None;
    }
    let path = absolute_path(checker, stmt.value_after("at")?, "a mount path")?;
    let sub_path =
        stmt.value_after("sub-path").and_then(|value| checker.string(value, "a sub-path"));
    Some(hir::Mount {
        volume: volume.text.as_str().to_owned(),
        path,
        read_only: stmt.has_keyword("read-only"),
        sub_path,
    })
}

fn check_env(checker: &mut Checker<'_>, project: &hir::Project, stmt: &Stmt) -> Vec<hir::EnvVar> {
    let Some(Value { kind: ValueKind::Env(entries), .. }) = stmt.value() else { return Vec::new() };
    let mut variables = Vec::new();
    let mut seen: BTreeMap<&str, Span> = BTreeMap::new();
    for entry in entries {
        if let Some(first) = seen.insert(&entry.key.text, entry.key.span) {
            checker.report(
                Diagnostic::error(
                    Code::DuplicateStatement,
                    format!("environment variable `{}` is set twice", entry.key.text),
                )
                .with_label(entry.key.span, "set again here")
                .with_label(first, "first set here")
                .with_help("the container would only see the last one: keep one"),
            );
            continue;
        }
        let value = match &entry.value.kind {
            ValueKind::Str(parts) => interpolate(checker, project, parts).map(EnvValue::Text),
            ValueKind::Number(text) | ValueKind::Ip(text) | ValueKind::PortRange(text) => {
                Some(EnvValue::Text(Text::literal(text.as_str())))
            }
            ValueKind::Path(words) if words.len() == 2 => {
                key_reference(checker, project, &words[0], &words[1])
            }
            _ => {
                checker.report(values::type_mismatch(
                    &entry.value,
                    "a string or a `secret.key` reference",
                ));
                None
            }
        };
        if let Some(value) = value {
            variables.push(hir::EnvVar { name: entry.key.text.as_str().to_owned(), value });
        }
    }
    variables
}

/// `secret.key` or `config.key` in an environment block.
fn key_reference(
    checker: &mut Checker<'_>,
    project: &hir::Project,
    owner: &Word,
    key: &Word,
) -> Option<EnvValue> {
    if let Some(config) = project.configs.iter().find(|config| config.decl_name == owner.text) {
        if !config.data.contains_key(key.text.as_str()) {
            let diagnostic = Diagnostic::error(
                Code::UnknownSecretKey,
                format!("config `{}` has no key `{}`", owner.text, key.text),
            )
            .with_label(key.span, "not a key of this config");
            checker.report(match closest(&key.text, config.data.keys().map(String::as_str)) {
                Some(suggestion) => diagnostic.with_help(format!("did you mean `{suggestion}`?")),
                None => diagnostic.with_help("add the key to the config's `data`"),
            });
            return None;
        }
        return Some(EnvValue::ConfigKey {
            config: config.name.clone(),
            key: key.text.as_str().to_owned(),
        });
    }
    checker
        .program
        .scope
        .lookup(DeclKind::Secret, &owner.text, owner.span)
        .map_err(|diagnostic| checker.report(diagnostic))
        .ok()?;
    let secret = project.secrets.iter().find(|secret| secret.decl_name == owner.text)?;
    if !secret.keys.iter().any(|known| *known == key.text) {
        let diagnostic = Diagnostic::error(
            Code::UnknownSecretKey,
            format!("secret `{}` has no key `{}`", owner.text, key.text),
        )
        .with_label(key.span, "not one of the secret's keys")
        .with_label(secret.span, format!("`{}` declares: {}", owner.text, secret.keys.join(", ")));
        checker.report(match closest(&key.text, secret.keys.iter().map(String::as_str)) {
            Some(suggestion) => diagnostic.with_help(format!("did you mean `{suggestion}`?")),
            None => diagnostic.with_help(format!("add `{}` to the secret's `keys`", key.text)),
        });
        return None;
    }
    Some(EnvValue::SecretKey { secret: secret.name.clone(), key: key.text.as_str().to_owned() })
}

/// Resolves `${app.tier}` (a Service name), `${app.tier.port}` (its number), `${env.name}` and
/// `${env.namespace}`.
fn interpolate(
    checker: &mut Checker<'_>,
    project: &hir::Project,
    parts: &[StrPart],
) -> Option<Text> {
    let mut text = Vec::new();
    let mut failed = false;
    for part in parts {
        match part {
            StrPart::Text(literal) => text.push(TextPart::Literal(literal.as_str().to_owned())),
            StrPart::Interpolation { path, span } => {
                let segments: Vec<&str> = path.iter().map(|word| word.text.as_str()).collect();
                match resolve_interpolation(checker, project, &segments, path, *span) {
                    Some(part) => text.push(part),
                    None => failed = true,
                }
            }
        }
    }
    (!failed).then_some(Text(text))
}

fn resolve_interpolation(
    checker: &mut Checker<'_>,
    project: &hir::Project,
    segments: &[&str],
    path: &[Word],
    span: Span,
) -> Option<TextPart> {
    let _ = project;
    match segments {
        ["env", "name"] => return Some(TextPart::EnvName),
        ["env", "namespace"] => return Some(TextPart::Namespace),
        [app, tier] | [app, tier, _] => {
            let item = checker
                .program
                .scope
                .lookup(DeclKind::App, app, path[0].span)
                .map_err(|diagnostic| checker.report(diagnostic))
                .ok()?;
            let app_stmt = checker.program.stmt(item);
            let tiers: Vec<&Stmt> =
                app_stmt.body().iter().filter(|inner| inner.kind == "tier").collect();
            let Some(tier_stmt) = tiers
                .iter()
                .find(|candidate| candidate.name().is_some_and(|word| word.text == *tier))
            else {
                let names: Vec<&str> = tiers
                    .iter()
                    .filter_map(|candidate| candidate.name())
                    .map(|word| word.text.as_str())
                    .collect();
                let diagnostic = Diagnostic::error(
                    Code::BadInterpolation,
                    format!("app `{app}` has no tier `{tier}`"),
                )
                .with_label(path[1].span, "not a tier of this app");
                checker.report(match closest(tier, names.iter().copied()) {
                    Some(suggestion) => {
                        diagnostic.with_help(format!("did you mean `{suggestion}`?"))
                    }
                    None => diagnostic.with_help("`${APP.TIER}` gives the tier's Service name"),
                });
                return None;
            };
            let (_, service_name) = tier_names(tier_stmt, app);
            if let [_, _, port] = segments {
                let number = tier_stmt
                    .body()
                    .iter()
                    .filter(|inner| inner.kind == "container" || inner.kind == "init_container")
                    .flat_map(Stmt::body)
                    .filter(|inner| inner.kind == "port")
                    .find(|inner| inner.name().is_some_and(|word| word.text == *port))
                    .and_then(Stmt::value)
                    .and_then(|value| match &value.kind {
                        ValueKind::Number(text) => Some(text.as_str().to_owned()),
                        _ => None,
                    });
                return if let Some(number) = number {
                    Some(TextPart::Literal(number))
                } else {
                    checker.report(
                        Diagnostic::error(
                            Code::UnknownPort,
                            format!("tier `{app}.{tier}` has no port `{port}`"),
                        )
                        .with_label(path[2].span, "no container of the tier declares it")
                        .with_help(
                            "`${APP.TIER.PORT}` gives the number of a named port of the tier",
                        ),
                    );
                    None
                };
            }
            return Some(TextPart::Literal(service_name));
        }
        _ => {}
    }
    checker.report(
        Diagnostic::error(Code::BadInterpolation, format!("`${{{}}}` names nothing", segments.join(".")))
            .with_label(span, "cannot be interpolated")
            .with_help("interpolate `${APP.TIER}` (a Service name), `${APP.TIER.PORT}`, `${env.name}` or `${env.namespace}`"),
    );
    None
}

fn check_probe(checker: &mut Checker<'_>, ports: &[hir::Port], stmt: &Stmt) -> Option<hir::Probe> {
    let kind = match stmt.head.text.as_str() {
        "liveness" => "liveness",
        "readiness" => "readiness",
        _ => "startup",
    };
    let port_of = |checker: &mut Checker<'_>, value: &Value| -> Option<String> {
        if let ValueKind::Number(_) = &value.kind {
            checker.ok(values::port_number(value)).map(|number| number.to_string())
        } else {
            let word = value.as_word()?;
            if ports.iter().any(|port| port.name == word.text) {
                return Some(word.text.as_str().to_owned());
            }
            checker.report(unknown_port(&word.text, word.span, ports, "the probe's container"));
            None
        }
    };
    let action = if stmt.has_keyword("http") {
        let path = absolute_path(checker, stmt.value()?, "an HTTP probe path")?;
        hir::ProbeAction::Http { path, port: port_of(checker, stmt.value_after("on")?)? }
    } else if stmt.has_keyword("tcp") {
        hir::ProbeAction::Tcp { port: port_of(checker, stmt.value()?)? }
    } else if stmt.has_keyword("grpc") {
        let value = stmt.value()?;
        let number = match value.as_word() {
            Some(word) => {
                if let Some(port) = ports.iter().find(|port| port.name == word.text) {
                    port.number
                } else {
                    checker.report(unknown_port(
                        &word.text,
                        word.span,
                        ports,
                        "the probe's container",
                    ));
                    return None;
                }
            }
            None => checker.ok(values::port_number(value))?,
        };
        hir::ProbeAction::Grpc { port: number }
    } else {
        hir::ProbeAction::Exec { command: checker.strings(stmt.value()?, "a command word") }
    };
    let mut probe = hir::Probe {
        kind,
        action,
        delay: None,
        period: None,
        timeout: None,
        failures: None,
        successes: None,
    };
    for timing in stmt.body() {
        let Some(value) = timing.value() else { continue };
        let seconds = |checker: &mut Checker<'_>| {
            checker
                .ok(values::duration_seconds(value))
                .map(|seconds| i32::try_from(seconds).unwrap_or(i32::MAX))
        };
        match timing.head.text.as_str() {
            "delay" => probe.delay = seconds(checker),
            "period" => probe.period = seconds(checker),
            "timeout" => probe.timeout = seconds(checker),
            "failures" => {
                probe.failures = checker
                    .ok(values::count(value, 1, 1000, "a failure threshold"))
                    .map(|count| i32::try_from(count).unwrap_or(1));
            }
            _ => {
                probe.successes = checker
                    .ok(values::count(value, 1, 1000, "a success threshold"))
                    .map(|count| i32::try_from(count).unwrap_or(1));
            }
        }
    }
    Some(probe)
}

fn unknown_port(name: &str, span: Span, ports: &[hir::Port], owner: &str) -> Diagnostic {
    let diagnostic = Diagnostic::error(Code::UnknownPort, format!("no port named `{name}`"))
        .with_label(span, format!("{owner} declares no such port"));
    match closest(name, ports.iter().map(|port| port.name.as_str())) {
        Some(suggestion) => diagnostic.with_help(format!("did you mean `{suggestion}`?")),
        None if ports.is_empty() => diagnostic.with_help(format!("declare it: `port {name} 8080`")),
        None => diagnostic.with_help(format!(
            "declared ports: {}",
            ports.iter().map(|port| format!("`{}`", port.name)).collect::<Vec<_>>().join(", ")
        )),
    }
}

fn check_route(
    checker: &mut Checker<'_>,
    project: &hir::Project,
    tier: &hir::Tier,
    stmt: &Stmt,
    index: usize,
) -> Option<hir::Route> {
    let host_value = stmt.value()?;
    let host = checker.string(host_value, "a host name")?;
    checker.ok(values::host_name(&host, host_value.span));
    let path = match stmt.value_after("path") {
        Some(value) => Some(absolute_path(checker, value, "a route path")?),
        None => None,
    };
    let port_value = stmt.value_after("to")?;
    let port_word = port_value.as_word().cloned().or_else(|| match &port_value.kind {
        ValueKind::Path(words) => words.last().cloned(),
        _ => None,
    })?;
    let ports: Vec<hir::Port> =
        tier.containers.iter().flat_map(|container| container.ports.clone()).collect();
    let port_name = match ports.iter().find(|port| port.name == port_word.text) {
        Some(port) if port.internal => {
            checker.report(
                Diagnostic::error(Code::UnknownPort, format!("port `{}` is internal", port.name))
                    .with_label(port_word.span, "the tier's Service does not publish it")
                    .with_label(port.span, "marked `internal` here")
                    .with_help("remove `internal` from the port, or route to another port"),
            );
            return None;
        }
        Some(port) => port.name.clone(),
        None => {
            checker.report(unknown_port(
                &port_word.text,
                port_word.span,
                &ports,
                &format!("tier `{}`", tier.name),
            ));
            return None;
        }
    };
    let default_name = if index == 1 {
        format!("{}-{}", tier.app, tier.name)
    } else {
        format!("{}-{}-{index}", tier.app, tier.name)
    };
    let mut route = hir::Route {
        name: default_name,
        host,
        path,
        port_name,
        entrypoints: Vec::new(),
        tls: None,
        middlewares: Vec::new(),
        redirect_https: None,
        priority: None,
        span: host_value.span,
    };
    let mut seen = BTreeMap::new();
    let mut entrypoints_span = None;
    let mut redirect_span = None;
    for inner in stmt.body() {
        if !checker.once(&mut seen, inner) {
            continue;
        }
        match inner.kind {
            "entrypoints" => {
                entrypoints_span = Some(inner.span);
                for value in inner.value().map(|value| value.items()).unwrap_or_default() {
                    let Some(word) = value.as_word() else {
                        checker.report(values::type_mismatch(value, "an entry point name"));
                        continue;
                    };
                    if checker
                        .program
                        .scope
                        .lookup(DeclKind::Entrypoint, &word.text, word.span)
                        .map_err(|diagnostic| checker.report(diagnostic))
                        .is_ok()
                    {
                        route.entrypoints.push(word.text.as_str().to_owned());
                    }
                }
            }
            "tls" => {
                let value = inner.value()?;
                route.tls = if inner.has_keyword("resolver") {
                    let name = checker.word_or_string(value, "a certificate resolver")?;
                    super::traefik::check_route_resolver(checker, project, &name, value.span);
                    Some(hir::Tls::Resolver(name))
                } else {
                    let name = checker.word_or_string(value, "a TLS secret")?;
                    let object = project
                        .secrets
                        .iter()
                        .find(|secret| secret.decl_name == name)
                        .map_or(name, |secret| secret.name.clone());
                    Some(hir::Tls::Secret(object))
                };
            }
            "middlewares" => {
                for value in inner.value().map(|value| value.items()).unwrap_or_default() {
                    let Some(word) = value.as_word() else {
                        checker.report(values::type_mismatch(value, "a middleware name"));
                        continue;
                    };
                    if checker
                        .program
                        .scope
                        .lookup(DeclKind::Middleware, &word.text, word.span)
                        .map_err(|diagnostic| checker.report(diagnostic))
                        .is_ok()
                        && let Some(middleware) = project
                            .middlewares
                            .iter()
                            .find(|middleware| middleware.decl_name == word.text)
                    {
                        route.middlewares.push(middleware.name.clone());
                    }
                }
            }
            "redirect_https" => redirect_span = Some(inner.span),
            "name" => {
                let value = inner.value()?;
                let name = checker.string(value, "a route name")?;
                checker.ok(values::k8s_name(
                    &name,
                    NameRule::Subdomain,
                    value.span,
                    "IngressRoute",
                ))?;
                route.name = name;
            }
            "priority" => {
                route.priority = inner.value().and_then(|value| {
                    checker.ok(values::count(value, 1, 9_223_372_036_854_774_807, "a priority"))
                });
            }
            _ => {}
        }
    }
    if route.entrypoints.is_empty() && entrypoints_span.is_none() {
        route.entrypoints =
            default_entrypoints(project, route.tls.is_some(), redirect_span.is_some());
        if route.entrypoints.is_empty() {
            checker.report(
                Diagnostic::error(Code::UnknownName, "this route has no entry point")
                    .with_label(route.span, "Traefik would not know where to listen for it")
                    .with_help("add `import std.traefik` (entry points `web` and `websecure`) or `entrypoints NAME`"),
            );
            return None;
        }
    }
    let has_tls_entrypoint = route
        .entrypoints
        .iter()
        .any(|name| project.entrypoints.get(name).is_some_and(|entrypoint| entrypoint.tls));
    let has_plain_entrypoint = route
        .entrypoints
        .iter()
        .any(|name| project.entrypoints.get(name).is_some_and(|entrypoint| !entrypoint.tls));
    if route.tls.is_some() && !has_tls_entrypoint {
        checker.report(
            Diagnostic::error(Code::RouteEntrypointMismatch, "the route asks for TLS but none of its entry points serves TLS")
                .with_label(entrypoints_span.unwrap_or(route.span), "no TLS entry point here")
                .with_help("add a TLS entry point such as `websecure`, or declare one with `entrypoint NAME port 443 tls`"),
        );
    }
    if let Some(span) = redirect_span {
        if route.tls.is_none() || !has_plain_entrypoint {
            checker.report(
                Diagnostic::error(
                    Code::RouteEntrypointMismatch,
                    "`redirect-https` needs TLS and a plain HTTP entry point",
                )
                .with_label(span, "nothing to redirect from or to")
                .with_help(
                    "give the route `tls resolver NAME` and a plain entry point such as `web`",
                ),
            );
        } else {
            match checker.program.scope.lookup(DeclKind::Middleware, "https-redirect", span) {
                Ok(_) => {
                    route.redirect_https = project.middlewares.iter().find(|middleware| middleware.decl_name == "https-redirect").map(|middleware| middleware.name.clone());
                }
                Err(diagnostic) => checker.report(diagnostic.with_help("`import std.traefik`, or declare `middleware https-redirect { redirect-scheme https permanent }`")),
            }
        }
    }
    Some(route)
}

fn default_entrypoints(project: &hir::Project, tls: bool, redirect: bool) -> Vec<String> {
    project
        .entrypoints
        .iter()
        .filter(|(_, entrypoint)| if tls { entrypoint.tls || redirect } else { !entrypoint.tls })
        .map(|(name, _)| name.clone())
        .collect()
}
