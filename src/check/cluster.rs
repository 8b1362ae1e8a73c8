//! Checks an RKE cluster: version, network, services, nodes and upgrade settings.

use std::collections::BTreeMap;

use super::Checker;
use super::hir;
use super::values::{self, NameRule};
use crate::diagnostics::{Code, Diagnostic};
use crate::source::Span;
use crate::syntax::ast::{Stmt, Value, ValueKind};

pub(super) fn check_cluster(checker: &mut Checker<'_>, stmt: &Stmt) -> Option<hir::Cluster> {
    let name = stmt.name()?;
    let mut cluster = hir::Cluster {
        name: name.text.as_str().to_owned(),
        span: name.span,
        allowances: checker.allowances(stmt),
        ..hir::Cluster::default()
    };
    let mut seen = BTreeMap::new();
    let mut service_cidr = None;
    let mut pod_cidr = None;
    let mut dns_span = None;
    for inner in stmt.body() {
        if !matches!(inner.kind, "node" | "registry" | "rke_service")
            && !checker.once(&mut seen, inner)
        {
            continue;
        }
        let value = inner.value();
        match inner.kind {
            "kubernetes" => {
                let Some(value) = value else { continue };
                if let Some(version) = checker.string(value, "an RKE Kubernetes version")
                    && checker.ok(values::rke_version(&version, value.span)).is_some()
                {
                    cluster.kubernetes_version = Some(version);
                    cluster.kubernetes_version_span = Some(value.span);
                }
            }
            "network" => {
                let Some(value) = value else { continue };
                cluster.network_plugin = checker
                    .choice(
                        value,
                        &[
                            ("canal", "canal"),
                            ("flannel", "flannel"),
                            ("calico", "calico"),
                            ("weave", "weave"),
                            ("aci", "aci"),
                            ("none", "none"),
                        ],
                        "network plugin",
                    )
                    .map(str::to_owned);
                if let Some(mtu) = inner.value_after("mtu") {
                    if cluster.network_plugin.as_deref() == Some("flannel") {
                        checker.report(
                            Diagnostic::error(
                                Code::InconsistentCluster,
                                "RKE's flannel does not support setting the MTU",
                            )
                            .with_label(mtu.span, "RKE rejects `mtu` with flannel")
                            .with_help("remove `mtu`, or use canal or calico"),
                        );
                    }
                    cluster.network_mtu = checker.ok(values::count(mtu, 576, 9000, "an MTU"));
                }
                cluster.network_iface = inner
                    .value_after("iface")
                    .and_then(|iface| checker.string(iface, "an interface name"));
                cluster.network_options = inner
                    .value_after("options")
                    .map(|options| checker.string_map(options))
                    .unwrap_or_default();
            }
            "ssh_key" => {
                cluster.ssh_key_path = value.and_then(|value| checker.string(value, "a key path"));
            }
            "ssh_agent" => cluster.ssh_agent_auth = true,
            "ignore_docker_version" => cluster.ignore_docker_version = true,
            "service_cidr" => {
                service_cidr = value.and_then(|value| cidr(checker, value));
                cluster.service_cidr = value.and_then(ip_text);
            }
            "pod_cidr" => {
                pod_cidr = value.and_then(|value| cidr(checker, value));
                cluster.pod_cidr = value.and_then(ip_text);
            }
            "cluster_dns" => {
                let Some(value) = value else { continue };
                let Some(text) = ip_text(value) else {
                    checker.report(values::type_mismatch(value, "an IP address"));
                    continue;
                };
                if checker.ok(values::ipv4(&text, value.span)).is_some() {
                    dns_span = Some(value.span);
                    cluster.cluster_dns = Some(text);
                }
            }
            "cluster_domain" => {
                if let Some(value) = value
                    && let Some(domain) = checker.word_or_string(value, "a cluster domain")
                {
                    checker.ok(values::host_name(&domain, value.span));
                    cluster.cluster_domain = Some(domain);
                }
            }
            "node_port_range" => {
                let Some(value) = value else { continue };
                match &value.kind {
                    ValueKind::PortRange(text) => {
                        let (low, high) = text.split_once('-').unwrap_or((text, text));
                        match (low.parse::<u32>(), high.parse::<u32>()) {
                            (Ok(low), Ok(high)) if low >= 1 && low < high && high <= 65535 => {
                                cluster.node_port_range = Some(text.as_str().to_owned());
                            }
                            _ => checker.report(
                                Diagnostic::error(
                                    Code::PortOutOfRange,
                                    format!("`{text}` is not a port range"),
                                )
                                .with_label(
                                    value.span,
                                    "expected `LOW-HIGH` with 1 ≤ LOW < HIGH ≤ 65535",
                                )
                                .with_help("the default is `30000-32767`"),
                            ),
                        }
                    }
                    _ => checker
                        .report(values::type_mismatch(value, "a port range such as `30000-32767`")),
                }
            }
            "authentication" => {
                let Some(value) = value else { continue };
                for item in value.items() {
                    if let Some(strategy) = checker.choice(
                        item,
                        &[("x509", "x509"), ("webhook", "webhook")],
                        "authentication strategy",
                    ) {
                        cluster.authentication.push(strategy.to_owned());
                    }
                }
                if !cluster.authentication.iter().any(|strategy| strategy == "x509") {
                    checker.report(
                        Diagnostic::error(
                            Code::InconsistentCluster,
                            "RKE requires the `x509` authentication strategy",
                        )
                        .with_label(value.span, "`x509` is missing")
                        .with_help("write `authentication x509` or `authentication x509, webhook`"),
                    );
                }
                cluster.sans = inner
                    .value_after("sans")
                    .map(|sans| checker.strings(sans, "a subject alternative name"))
                    .unwrap_or_default();
            }
            "authorization" => {
                cluster.authorization = value
                    .and_then(|value| {
                        checker.choice(
                            value,
                            &[("rbac", "rbac"), ("none", "none")],
                            "authorization mode",
                        )
                    })
                    .map(str::to_owned);
            }
            "ingress" => {
                cluster.ingress = value
                    .and_then(|value| {
                        checker.choice(
                            value,
                            &[("nginx", "nginx"), ("none", "none")],
                            "ingress provider",
                        )
                    })
                    .map(str::to_owned);
            }
            "dns" => {
                cluster.dns_provider = value
                    .and_then(|value| {
                        checker.choice(
                            value,
                            &[("coredns", "coredns"), ("kube-dns", "kube-dns"), ("none", "none")],
                            "DNS provider",
                        )
                    })
                    .map(str::to_owned);
                if let Some(upstream) = inner.value_after("upstream") {
                    for item in upstream.items() {
                        match ip_text(item) {
                            Some(text) if checker.ok(values::ipv4(&text, item.span)).is_some() => {
                                cluster.dns_upstream.push(text);
                            }
                            Some(_) => {}
                            None => checker.report(values::type_mismatch(item, "an IP address")),
                        }
                    }
                }
            }
            "rke_service" => {
                let service = check_service(checker, inner);
                let key = match inner.head.text.as_str() {
                    "kube-api" => "kube-api",
                    "kube-controller" => "kube-controller",
                    "kubelet" => "kubelet",
                    "kubeproxy" => "kubeproxy",
                    "scheduler" => "scheduler",
                    _ => "etcd",
                };
                if cluster.services.insert(key.to_owned(), service).is_some() {
                    checker.report(
                        Diagnostic::error(
                            Code::DuplicateStatement,
                            format!("`{key}` is configured twice"),
                        )
                        .with_label(inner.head.span, "configured again here")
                        .with_help("merge the two blocks"),
                    );
                }
            }
            "node" => {
                if let Some(node) = check_node(checker, inner) {
                    cluster.nodes.push(node);
                }
            }
            "registry" => {
                let Some(value) = value else { continue };
                let Some(url) = checker.string(value, "a registry host") else { continue };
                let user = inner
                    .body()
                    .iter()
                    .find(|body| body.kind == "user")
                    .and_then(Stmt::value)
                    .and_then(|user| checker.string(user, "a user name"));
                let is_default = inner.body().iter().any(|body| body.kind == "default");
                cluster.registries.push(hir::Registry { url, user, is_default });
            }
            "upgrade" => cluster.upgrade = Some(check_upgrade(checker, inner)),
            _ => {}
        }
    }
    check_consistency(checker, &cluster, stmt, service_cidr, pod_cidr, dns_span);
    Some(cluster)
}

fn ip_text(value: &Value) -> Option<String> {
    match &value.kind {
        ValueKind::Ip(text) => Some(text.as_str().to_owned()),
        ValueKind::Str(_) => value.as_plain_str(),
        _ => None,
    }
}

fn cidr(checker: &mut Checker<'_>, value: &Value) -> Option<([u8; 4], u8)> {
    let Some(text) = ip_text(value) else {
        checker.report(values::type_mismatch(value, "a CIDR block such as `10.43.0.0/16`"));
        return None;
    };
    checker.ok(values::cidr(&text, value.span))
}

fn check_consistency(
    checker: &mut Checker<'_>,
    cluster: &hir::Cluster,
    stmt: &Stmt,
    service_cidr: Option<([u8; 4], u8)>,
    pod_cidr: Option<([u8; 4], u8)>,
    dns_span: Option<Span>,
) {
    let name_span = cluster.span;
    if cluster.nodes.is_empty() {
        checker.report(
            Diagnostic::error(Code::EmptyBlock, format!("cluster `{}` has no node", cluster.name))
                .with_label(name_span, "RKE needs at least one node")
                .with_help("add `node NAME { address 10.0.0.11  user \"rke\"  roles controlplane, etcd, worker }`"),
        );
    } else {
        for (role, article) in [("etcd", "an"), ("controlplane", "a")] {
            if !cluster
                .nodes
                .iter()
                .any(|node| node.roles.iter().any(|candidate| candidate == role))
            {
                checker.report(
                    Diagnostic::error(
                        Code::InconsistentCluster,
                        format!("cluster `{}` has no {role} node", cluster.name),
                    )
                    .with_label(
                        name_span,
                        format!("RKE refuses a cluster without {article} {role} node"),
                    )
                    .with_help(format!("give at least one node the `{role}` role")),
                );
            }
        }
    }
    let mut addresses: BTreeMap<&str, Span> = BTreeMap::new();
    let mut names: BTreeMap<&str, Span> = BTreeMap::new();
    for node in &cluster.nodes {
        if let Some(first) = addresses.insert(&node.address, node.span) {
            checker.report(
                Diagnostic::error(
                    Code::DuplicateName,
                    format!("address `{}` is given to two nodes", node.address),
                )
                .with_label(node.span, "used again here")
                .with_label(first, "first used here")
                .with_help("RKE refuses duplicate node addresses"),
            );
        }
        if let Some(first) = names.insert(&node.name, node.span) {
            checker.report(
                Diagnostic::error(
                    Code::DuplicateName,
                    format!("node `{}` is declared twice", node.name),
                )
                .with_label(node.span, "declared again here")
                .with_label(first, "first declared here")
                .with_help("node names become host names and must be unique"),
            );
        }
    }
    if let (Some(service), Some(pod)) = (service_cidr, pod_cidr)
        && (values::cidr_contains(service, pod.0) || values::cidr_contains(pod, service.0))
    {
        checker.report(
                Diagnostic::error(Code::InconsistentCluster, "the pod and service CIDR blocks overlap")
                    .with_label(stmt.body().iter().find(|inner| inner.kind == "pod_cidr").map_or(name_span, |inner| inner.span), "pod addresses")
                    .with_label(stmt.body().iter().find(|inner| inner.kind == "service_cidr").map_or(name_span, |inner| inner.span), "service addresses")
                    .with_help("pick disjoint blocks, e.g. `pod-cidr 10.42.0.0/16` and `service-cidr 10.43.0.0/16`"),
            );
    }
    let dns = cluster.cluster_dns.as_deref().and_then(|text| values::ipv4(text, name_span).ok());
    if let (Some(dns), Some(dns_span)) = (dns, dns_span) {
        let service = service_cidr.unwrap_or(([10, 43, 0, 0], 16));
        if !values::cidr_contains(service, dns) {
            checker.report(
                Diagnostic::error(Code::InconsistentCluster, "the cluster DNS address lies outside the service CIDR")
                    .with_label(dns_span, "not a service address")
                    .with_help("pick an address of the service block; leave `cluster-dns` out to get its tenth address"),
            );
        }
    }
}

fn check_service(checker: &mut Checker<'_>, stmt: &Stmt) -> hir::RkeService {
    let mut service = hir::RkeService::default();
    for inner in stmt.body() {
        let value = inner.value();
        match inner.kind {
            "service_args" => {
                if let Some(value) = value {
                    service.args.extend(checker.string_map(value));
                }
            }
            "bind" => {
                let Some(host) = value.and_then(|value| checker.string(value, "a host path"))
                else {
                    continue;
                };
                let container = inner
                    .value_after("to")
                    .and_then(|to| checker.string(to, "a container path"))
                    .unwrap_or_else(|| host.clone());
                for (path, span) in [
                    (&host, value.map(|value| value.span)),
                    (&container, inner.value_after("to").map(|to| to.span)),
                ] {
                    if !path.starts_with('/') {
                        checker.report(
                            Diagnostic::error(
                                Code::BadPath,
                                format!("`{path}` is not an absolute path"),
                            )
                            .with_label(
                                span.unwrap_or(inner.span),
                                "bind paths must start with `/`",
                            )
                            .with_help("write the full path"),
                        );
                    }
                }
                service.binds.push(format!("{host}:{container}"));
            }
            "service_env" => {
                if let Some(Value { kind: ValueKind::Env(entries), .. }) = value {
                    for entry in entries {
                        if let Some(text) = checker.word_or_string(&entry.value, "a value") {
                            service.env.push(format!("{}={text}", entry.key.text));
                        }
                    }
                }
            }
            "service_image" => {
                service.image = value.and_then(|value| checker.string(value, "an image"));
            }
            "backup" => {
                if stmt.head.text != "etcd" {
                    checker.report(
                        Diagnostic::error(Code::ConflictingStatements, "only etcd takes `backup`")
                            .with_label(
                                inner.head.span,
                                format!("not a setting of `{}`", stmt.head.text),
                            )
                            .with_help("move it into the `etcd { … }` block"),
                    );
                    continue;
                }
                let hours = value.and_then(|value| checker.ok(values::duration_seconds(value)));
                let keep = inner.value_after("keep").and_then(|keep| {
                    checker.ok(values::count(keep, 1, 10_000, "a number of snapshots"))
                });
                match (hours, keep) {
                    (Some(seconds), Some(keep)) if seconds % 3600 == 0 && seconds > 0 => {
                        service.backup = Some((
                            u32::try_from(seconds / 3600).unwrap_or(12),
                            u32::try_from(keep).unwrap_or(6),
                        ));
                    }
                    (Some(_), _) => checker.report(
                        Diagnostic::error(
                            Code::BadDuration,
                            "etcd backups run every whole number of hours",
                        )
                        .with_label(value.map_or(inner.span, |value| value.span), "not whole hours")
                        .with_help("write e.g. `backup every 12h keep 6`"),
                    ),
                    _ => {}
                }
            }
            "fail_swap_on" => {
                service.fail_swap_on = value
                    .and_then(|value| {
                        checker.choice(value, &[("true", "true"), ("false", "false")], "boolean")
                    })
                    .map(|word| word == "true");
            }
            _ => {}
        }
    }
    service
}

fn check_node(checker: &mut Checker<'_>, stmt: &Stmt) -> Option<hir::Node> {
    let name = stmt.name()?;
    checker.ok(values::k8s_name(&name.text, NameRule::Subdomain, name.span, "node"));
    let mut node = hir::Node {
        name: name.text.as_str().to_owned(),
        address: String::new(),
        internal_address: None,
        user: String::new(),
        roles: Vec::new(),
        ssh_port: None,
        ssh_key_path: None,
        labels: BTreeMap::new(),
        taints: Vec::new(),
        span: name.span,
    };
    let mut seen = BTreeMap::new();
    for inner in stmt.body() {
        if inner.kind != "taint" && !checker.once(&mut seen, inner) {
            continue;
        }
        let Some(value) = inner.value() else { continue };
        match inner.kind {
            "address" | "internal_address" => {
                let address = match &value.kind {
                    ValueKind::Ip(text) => {
                        checker.ok(values::ipv4(text, value.span)).map(|_| text.as_str().to_owned())
                    }
                    _ => checker.word_or_string(value, "an address"),
                };
                if inner.kind == "address" {
                    node.address = address.unwrap_or_default();
                } else {
                    node.internal_address = address;
                }
            }
            "user" => node.user = checker.word_or_string(value, "a user name").unwrap_or_default(),
            "roles" => {
                for item in value.items() {
                    if let Some(role) = checker.choice(
                        item,
                        &[("controlplane", "controlplane"), ("etcd", "etcd"), ("worker", "worker")],
                        "node role",
                    ) && !node.roles.iter().any(|existing| existing == role)
                    {
                        node.roles.push(role.to_owned());
                    }
                }
            }
            "ssh_port" => node.ssh_port = checker.ok(values::port_number(value)),
            "ssh_key" => node.ssh_key_path = checker.string(value, "a key path"),
            "labels" => node.labels = checker.labels(value),
            "taint" => {
                let Some(text) = checker.string(value, "a taint") else { continue };
                match parse_taint(&text) {
                    Some(taint) => node.taints.push(taint),
                    None => checker.report(
                        Diagnostic::error(Code::UnknownChoice, format!("`{text}` is not a taint"))
                            .with_label(value.span, "expected `key[=value]:effect`")
                            .with_help("effects are `NoSchedule`, `PreferNoSchedule` and `NoExecute`, e.g. `\"dedicated=db:NoSchedule\"`"),
                    ),
                }
            }
            _ => {}
        }
    }
    for (what, missing, example) in [
        ("address", node.address.is_empty(), "address 10.0.1.21"),
        ("user", node.user.is_empty(), "user \"rke\""),
        ("roles", node.roles.is_empty(), "roles worker"),
    ] {
        if missing && !seen.contains_key(what) {
            checker.missing(stmt, what, example);
        }
    }
    Some(node)
}

fn parse_taint(text: &str) -> Option<(String, Option<String>, String)> {
    let (pair, effect) = text.rsplit_once(':')?;
    if !matches!(effect, "NoSchedule" | "PreferNoSchedule" | "NoExecute") {
        return None;
    }
    let (key, value) =
        pair.split_once('=').map_or((pair, None), |(key, value)| (key, Some(value.to_owned())));
    (!key.is_empty()).then(|| (key.to_owned(), value, effect.to_owned()))
}

fn check_upgrade(checker: &mut Checker<'_>, stmt: &Stmt) -> hir::Upgrade {
    let mut upgrade = hir::Upgrade::default();
    for inner in stmt.body() {
        match inner.kind {
            "max_unavailable_worker" | "max_unavailable_controlplane" => {
                let Some(value) = inner.value() else { continue };
                let text = match &value.kind {
                    ValueKind::Number(text)
                        if text.strip_suffix('%').unwrap_or(text).parse::<u32>().is_ok() =>
                    {
                        Some(text.as_str().to_owned())
                    }
                    _ => {
                        checker.report(values::type_mismatch(
                            value,
                            "a count or a percentage (`1`, `10%`)",
                        ));
                        None
                    }
                };
                if inner.kind == "max_unavailable_worker" {
                    upgrade.max_unavailable_worker = text;
                } else {
                    upgrade.max_unavailable_controlplane = text;
                }
            }
            "drain" => {
                upgrade.drain = Some(hir::Drain {
                    grace_period: inner
                        .value_after("grace-period")
                        .and_then(|value| checker.ok(values::duration_seconds(value))),
                    timeout: inner
                        .value_after("timeout")
                        .and_then(|value| checker.ok(values::duration_seconds(value))),
                    force: inner.has_keyword("force"),
                    ignore_daemonsets: inner.has_keyword("ignore-daemonsets"),
                    delete_local_data: inner.has_keyword("delete-local-data"),
                });
            }
            _ => {}
        }
    }
    upgrade
}
