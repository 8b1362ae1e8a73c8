//! Checks the platform declarations: Traefik target and entry points, environments, storage
//! classes, Ceph pools and filesystems, secrets, configs and middlewares.

use std::collections::BTreeMap;

use super::Checker;
use super::hir::{self, SecretSource};
use super::values::{self, NameRule};
use crate::diagnostics::{Code, Diagnostic};
use crate::resolve::DeclKind;
use crate::source::Span;
use crate::syntax::ast::{Part, Stmt, ValueKind};

pub(super) fn check_platform(checker: &mut Checker<'_>, project: &mut hir::Project) {
    let program = checker.program;
    if let Some((_, item)) = program.scope.all(DeclKind::Traefik).next() {
        for stmt in program.stmt(item).body().iter().filter(|stmt| stmt.kind == "version") {
            if let Some(version) =
                stmt.value().and_then(|value| checker.ok(values::traefik_version(value)))
            {
                project.traefik.version = Some(version);
            }
        }
    }
    for (name, item) in program.scope.all(DeclKind::Entrypoint) {
        let stmt = program.stmt(item);
        let Some(port) = stmt.value().and_then(|value| checker.ok(values::port_number(value)))
        else {
            continue;
        };
        project.entrypoints.insert(
            name.to_owned(),
            hir::Entrypoint {
                port,
                tls: stmt.has_keyword("tls"),
                span: item.name_span,
                is_std: item.is_std,
            },
        );
    }
    for (_, item) in program.scope.all(DeclKind::Environment) {
        if let Some(environment) = check_environment(checker, program.stmt(item)) {
            project.environments.push(environment);
        }
    }
    for (_, item) in program.scope.all(DeclKind::CephPool) {
        if let Some(pool) = check_ceph_pool(checker, program.stmt(item)) {
            project.ceph_pools.push(pool);
        }
    }
    for (_, item) in program.scope.all(DeclKind::CephFilesystem) {
        if let Some(filesystem) = check_ceph_filesystem(checker, program.stmt(item)) {
            project.ceph_filesystems.push(filesystem);
        }
    }
    for (_, item) in program.scope.all(DeclKind::Storage) {
        if let Some(class) = check_storage(checker, project, program.stmt(item)) {
            project.storage_classes.push(class);
        }
    }
    for (_, item) in program.scope.all(DeclKind::Secret) {
        if let Some(secret) = check_secret(checker, program.stmt(item)) {
            project.secrets.push(secret);
        }
    }
    for (_, item) in program.scope.all(DeclKind::Config) {
        if let Some(config) = check_config(checker, program.stmt(item)) {
            project.configs.push(config);
        }
    }
    for (_, item) in program.scope.all(DeclKind::Middleware) {
        if let Some(mut middleware) = check_middleware(checker, program.stmt(item)) {
            middleware.is_std = item.is_std;
            project.middlewares.push(middleware);
        }
    }
}

/// Drops the standard library's middlewares that no route uses: importing `std.traefik`
/// must not add objects to the output.
pub(super) fn mark_used_middlewares(project: &mut hir::Project, routes: &hir::RouteUses) {
    project.middlewares.retain(|middleware| {
        !middleware.is_std || routes.middlewares.binary_search(&middleware.name).is_ok()
    });
}

fn check_environment(checker: &mut Checker<'_>, stmt: &Stmt) -> Option<hir::Environment> {
    let name = stmt.name()?;
    let mut seen = BTreeMap::new();
    let mut environment = hir::Environment {
        name: name.text.as_str().to_owned(),
        namespace: String::new(),
        zone: None,
        labels: BTreeMap::new(),
        annotations: BTreeMap::new(),
        span: name.span,
    };
    let mut namespace_seen = false;
    // `override` blocks were merged by the expand stage.
    for inner in stmt.body().iter().filter(|inner| inner.kind != "override") {
        if !checker.once(&mut seen, inner) {
            continue;
        }
        let Some(value) = inner.value() else { continue };
        match inner.kind {
            "namespace" => {
                namespace_seen = true;
                if let Some(namespace) = checker.word_or_string(value, "a namespace")
                    && checker
                        .ok(values::k8s_name(&namespace, NameRule::Label, value.span, "namespace"))
                        .is_some()
                {
                    environment.namespace = namespace;
                }
            }
            "zone" => {
                if let Some(zone) = checker.word_or_string(value, "a zone") {
                    checker.ok(values::label("zone", &zone, value.span));
                    environment.zone = Some(zone);
                }
            }
            "labels" => environment.labels = checker.labels(value),
            "annotations" => environment.annotations = checker.string_map(value),
            _ => {}
        }
    }
    checker.ok(values::label("env", &name.text, name.span));
    if !namespace_seen {
        // The environment's name is a fine namespace when none is given.
        name.text.as_str().clone_into(&mut environment.namespace);
        checker.ok(values::k8s_name(&name.text, NameRule::Label, name.span, "namespace"));
    }
    Some(environment)
}

fn check_storage(
    checker: &mut Checker<'_>,
    project: &hir::Project,
    stmt: &Stmt,
) -> Option<hir::StorageClass> {
    let name = checker.object_name(stmt, NameRule::Subdomain, "storage class")?;
    let mut seen = BTreeMap::new();
    let mut class = hir::StorageClass {
        name,
        provisioner: String::new(),
        parameters: BTreeMap::new(),
        reclaim: None,
        expandable: false,
        binding: None,
        is_default: false,
        mount_options: Vec::new(),
        span: stmt.name()?.span,
        allowances: checker.allowances(stmt),
    };
    let mut source_span: Option<Span> = None;
    let mut explicit_parameters = BTreeMap::new();
    for inner in stmt.body() {
        if !checker.once(&mut seen, inner) {
            continue;
        }
        if matches!(inner.kind, "provisioner" | "ceph_block" | "ceph_fs") {
            if let Some(first) = source_span {
                checker.report(
                    Diagnostic::error(
                        Code::ConflictingStatements,
                        "a storage class has one provisioner",
                    )
                    .with_label(inner.head.span, "a second provisioner")
                    .with_label(first, "the first one")
                    .with_help("keep `provisioner`, `ceph-block` or `ceph-fs`, not several"),
                );
                continue;
            }
            source_span = Some(inner.head.span);
        }
        match inner.kind {
            "provisioner" => {
                if let Some(provisioner) =
                    inner.value().and_then(|value| checker.string(value, "a provisioner"))
                {
                    class.provisioner = provisioner;
                }
            }
            "ceph_block" => {
                let value = inner.value()?;
                let word = &ceph_reference(value)?;
                if let Ok(item) = checker
                    .program
                    .scope
                    .lookup(DeclKind::CephPool, &word.0, word.1)
                    .map_err(|diagnostic| checker.report(diagnostic))
                {
                    let pool_name = item_name(checker, item);
                    let pool = project.ceph_pools.iter().find(|pool| pool.name == pool_name);
                    let namespace =
                        pool.map_or("rook-ceph".to_owned(), |pool| pool.cluster_namespace.clone());
                    class.provisioner = format!("{namespace}.rbd.csi.ceph.com");
                    class.parameters = rook_parameters(&namespace, "rbd");
                    class.parameters.insert("pool".to_owned(), pool_name);
                    class.parameters.insert("imageFormat".to_owned(), "2".to_owned());
                    class.parameters.insert("imageFeatures".to_owned(), "layering".to_owned());
                    class
                        .parameters
                        .insert("csi.storage.k8s.io/fstype".to_owned(), "ext4".to_owned());
                    class.reclaim = class.reclaim.or(Some("Delete"));
                    class.expandable = true;
                }
            }
            "ceph_fs" => {
                let value = inner.value()?;
                let word = &ceph_reference(value)?;
                if let Ok(item) = checker
                    .program
                    .scope
                    .lookup(DeclKind::CephFilesystem, &word.0, word.1)
                    .map_err(|diagnostic| checker.report(diagnostic))
                {
                    let fs_name = item_name(checker, item);
                    let filesystem = project
                        .ceph_filesystems
                        .iter()
                        .find(|filesystem| filesystem.name == fs_name);
                    let namespace = filesystem.map_or("rook-ceph".to_owned(), |filesystem| {
                        filesystem.cluster_namespace.clone()
                    });
                    let data_pool = filesystem
                        .and_then(|filesystem| filesystem.data_pools.first())
                        .map_or("data0".to_owned(), |(pool, _)| pool.clone());
                    class.provisioner = format!("{namespace}.cephfs.csi.ceph.com");
                    class.parameters = rook_parameters(&namespace, "cephfs");
                    // Rook names a filesystem's pools `<filesystem>-<pool>`.
                    class.parameters.insert("pool".to_owned(), format!("{fs_name}-{data_pool}"));
                    class.parameters.insert("fsName".to_owned(), fs_name);
                    class.reclaim = class.reclaim.or(Some("Delete"));
                    class.expandable = true;
                }
            }
            "parameters" => {
                if let Some(value) = inner.value() {
                    explicit_parameters = checker.string_map(value);
                }
            }
            "reclaim" => {
                class.reclaim = inner.value().and_then(|value| {
                    checker.choice(
                        value,
                        &[("delete", "Delete"), ("retain", "Retain")],
                        "reclaim policy",
                    )
                });
            }
            "expandable" => class.expandable = flag(checker, inner),
            "binding" => {
                class.binding = inner.value().and_then(|value| {
                    checker.choice(
                        value,
                        &[
                            ("immediate", "Immediate"),
                            ("wait-for-consumer", "WaitForFirstConsumer"),
                        ],
                        "binding mode",
                    )
                });
            }
            "default" => class.is_default = flag(checker, inner),
            "mount_options" => {
                class.mount_options = inner
                    .value()
                    .map(|value| checker.strings(value, "a mount option"))
                    .unwrap_or_default();
            }
            _ => {}
        }
    }
    if class.provisioner == "csi.vsphere.vmware.com" {
        check_vsphere_parameters(checker, stmt, &explicit_parameters);
    }
    class.parameters.extend(explicit_parameters);
    if source_span.is_none() {
        checker.missing(
            stmt,
            "provisioner",
            "provisioner \"csi.vsphere.vmware.com\"` or `ceph-block POOL",
        );
        return None;
    }
    Some(class)
}

/// The parameter keys the vSphere CSI driver accepts (it lower-cases keys and rejects others).
const VSPHERE_PARAMETERS: &[&str] = &[
    "datastoreurl",
    "storagepolicyname",
    "fstype",
    "csimigration",
    "datastore-migrationparam",
    "diskformat-migrationparam",
];

/// A flag statement: `expandable` alone, or `expandable true|false` (what a template's `bool`
/// parameter gives).
fn flag(checker: &mut Checker<'_>, stmt: &Stmt) -> bool {
    match stmt.value() {
        None => true,
        Some(value) => {
            checker.choice(value, &[("true", "true"), ("false", "false")], "flag value")
                == Some("true")
        }
    }
}

fn check_vsphere_parameters(
    checker: &mut Checker<'_>,
    stmt: &Stmt,
    parameters: &BTreeMap<String, String>,
) {
    let Some(block) =
        stmt.body().iter().find(|inner| inner.kind == "parameters").and_then(Stmt::value)
    else {
        return;
    };
    let ValueKind::Map(entries) = &block.kind else { return };
    for (key, entry) in parameters.keys().zip(entries) {
        let lowered = key.to_ascii_lowercase();
        if lowered.starts_with("csi.storage.k8s.io/")
            || VSPHERE_PARAMETERS.contains(&lowered.as_str())
        {
            continue;
        }
        let diagnostic = Diagnostic::error(
            Code::UnknownChoice,
            format!("the vSphere CSI driver rejects parameter `{key}`"),
        )
        .with_label(entry.key.span, "the driver fails provisioning with `invalid param`");
        checker.report(
            match crate::diagnostics::closest(&lowered, VSPHERE_PARAMETERS.iter().copied()) {
                Some(suggestion) => diagnostic.with_help(format!("did you mean `{suggestion}`?")),
                None => diagnostic.with_help(
                    "use `datastoreurl`, `storagepolicyname` or a `csi.storage.k8s.io/…` key",
                ),
            },
        );
    }
}

fn ceph_reference(value: &crate::syntax::ast::Value) -> Option<(String, Span)> {
    value.as_word().map(|word| (word.text.as_str().to_owned(), word.span))
}

fn item_name(checker: &Checker<'_>, item: &crate::resolve::Item) -> String {
    checker.program.stmt(item).name().map(|word| word.text.as_str().to_owned()).unwrap_or_default()
}

/// The CSI secret parameters Rook's `StorageClasses` carry, for driver `rbd` or `cephfs`.
fn rook_parameters(namespace: &str, driver: &str) -> BTreeMap<String, String> {
    let mut parameters = BTreeMap::new();
    parameters.insert("clusterID".to_owned(), namespace.to_owned());
    for (role, secret) in [
        ("provisioner", "provisioner"),
        ("controller-expand", "provisioner"),
        ("node-stage", "node"),
    ] {
        parameters.insert(
            format!("csi.storage.k8s.io/{role}-secret-name"),
            format!("rook-csi-{driver}-{secret}"),
        );
        parameters
            .insert(format!("csi.storage.k8s.io/{role}-secret-namespace"), namespace.to_owned());
    }
    parameters
}

fn cluster_namespace(checker: &mut Checker<'_>, stmt: &Stmt) -> String {
    stmt.body()
        .iter()
        .find(|inner| inner.kind == "cluster_ref")
        .and_then(Stmt::value)
        .and_then(|value| {
            let namespace = checker.word_or_string(value, "a Rook cluster namespace")?;
            checker
                .ok(values::k8s_name(&namespace, NameRule::Label, value.span, "namespace"))
                .map(|()| namespace)
        })
        .unwrap_or_else(|| "rook-ceph".to_owned())
}

fn check_ceph_pool(checker: &mut Checker<'_>, stmt: &Stmt) -> Option<hir::CephPool> {
    let name = checker.object_name(stmt, NameRule::Subdomain, "Ceph pool")?;
    let mut pool = hir::CephPool {
        name,
        cluster_namespace: cluster_namespace(checker, stmt),
        replicas: 3,
        failure_domain: "host".to_owned(),
        device_class: None,
        require_safe_replicas: None,
        span: stmt.name()?.span,
        allowances: checker.allowances(stmt),
    };
    let mut seen = BTreeMap::new();
    for inner in stmt.body() {
        if !checker.once(&mut seen, inner) {
            continue;
        }
        let Some(value) = inner.value() else { continue };
        match inner.kind {
            "replicas" => {
                pool.replicas = checker
                    .ok(values::count(value, 1, 9, "a pool's replica count"))
                    .map_or(3, |count| u32::try_from(count).unwrap_or(3));
            }
            "failure_domain" => {
                pool.failure_domain =
                    checker.word_or_string(value, "a failure domain").unwrap_or_default();
            }
            "device_class" => pool.device_class = checker.word_or_string(value, "a device class"),
            "require_safe_replicas" => {
                pool.require_safe_replicas = checker
                    .choice(value, &[("true", "true"), ("false", "false")], "boolean")
                    .map(|word| word == "true");
            }
            _ => {}
        }
    }
    Some(pool)
}

fn check_ceph_filesystem(checker: &mut Checker<'_>, stmt: &Stmt) -> Option<hir::CephFilesystem> {
    let name = checker.object_name(stmt, NameRule::Subdomain, "Ceph filesystem")?;
    let mut filesystem = hir::CephFilesystem {
        name,
        cluster_namespace: cluster_namespace(checker, stmt),
        metadata_replicas: 3,
        data_pools: Vec::new(),
        failure_domain: "host".to_owned(),
        active_mds: 1,
        span: stmt.name()?.span,
        allowances: checker.allowances(stmt),
    };
    for inner in stmt.body() {
        let Some(value) = inner.value() else { continue };
        match inner.kind {
            "metadata_replicas" => {
                filesystem.metadata_replicas = checker
                    .ok(values::count(value, 1, 9, "a replica count"))
                    .map_or(3, |count| u32::try_from(count).unwrap_or(3));
            }
            "data_pool" => {
                let pool_name =
                    inner.name().map(|word| word.text.as_str().to_owned()).unwrap_or_default();
                let replicas = checker
                    .ok(values::count(value, 1, 9, "a replica count"))
                    .map_or(3, |count| u32::try_from(count).unwrap_or(3));
                filesystem.data_pools.push((pool_name, replicas));
            }
            "failure_domain" => {
                filesystem.failure_domain =
                    checker.word_or_string(value, "a failure domain").unwrap_or_default();
            }
            "active_mds" => {
                filesystem.active_mds = checker
                    .ok(values::count(value, 1, 64, "an MDS count"))
                    .map_or(1, |count| u32::try_from(count).unwrap_or(1));
            }
            _ => {}
        }
    }
    if filesystem.data_pools.is_empty() {
        checker.missing(stmt, "data-pool", "data-pool replicated replicas 3");
    }
    Some(filesystem)
}

fn check_secret(checker: &mut Checker<'_>, stmt: &Stmt) -> Option<hir::Secret> {
    let decl_name = stmt.name()?.text.as_str().to_owned();
    let name = checker.object_name(stmt, NameRule::Subdomain, "secret")?;
    let mut secret = hir::Secret {
        decl_name,
        name,
        keys: Vec::new(),
        source: SecretSource::External,
        secret_type: None,
        span: stmt.name()?.span,
    };
    let mut seen = BTreeMap::new();
    for inner in stmt.body() {
        if inner.kind == "secret_literal" {
            checker.report(
                Diagnostic::error(Code::SecretLiteral, format!("secret `{}` is given a literal value", secret.decl_name))
                    .with_label(inner.span, "secret values never go in timon sources")
                    .with_help(format!(
                        "declare the key (`keys {}`) and where its value comes from: `source external`, `source env \"PREFIX_\"` or `source file \"…\"`",
                        inner.head.text
                    )),
            );
            continue;
        }
        if !checker.once(&mut seen, inner) {
            continue;
        }
        match inner.kind {
            "keys" => {
                for value in inner.value().map(|value| value.items()).unwrap_or_default() {
                    let Some(key) = checker.word_or_string(value, "a key") else { continue };
                    let valid = !key.is_empty()
                        && key.chars().all(|character| {
                            character.is_ascii_alphanumeric()
                                || matches!(character, '-' | '_' | '.')
                        });
                    if !valid {
                        checker.report(
                            Diagnostic::error(
                                Code::BadName,
                                format!("`{key}` is not a valid secret key"),
                            )
                            .with_label(value.span, "keys are letters, digits, `-`, `_` and `.`")
                            .with_help("rename the key"),
                        );
                    }
                    secret.keys.push(key);
                }
            }
            "source" => {
                let value = inner.value();
                secret.source = if inner.has_keyword("env") {
                    SecretSource::Env {
                        prefix: value
                            .and_then(|value| checker.string(value, "a variable prefix"))
                            .unwrap_or_default(),
                    }
                } else if inner.has_keyword("file") {
                    let span = value.map_or(inner.span, |value| value.span);
                    let path = value
                        .and_then(|value| checker.string(value, "a file path"))
                        .unwrap_or_default();
                    checker.ok(project_relative(&path, span));
                    SecretSource::File { path, span }
                } else {
                    SecretSource::External
                };
            }
            "type" => {
                secret.secret_type = inner
                    .value()
                    .and_then(|value| {
                        checker.choice(
                            value,
                            &[
                                ("opaque", "Opaque"),
                                ("docker-config", "kubernetes.io/dockerconfigjson"),
                                ("tls", "kubernetes.io/tls"),
                                ("basic-auth", "kubernetes.io/basic-auth"),
                            ],
                            "secret type",
                        )
                    })
                    .map(str::to_owned);
            }
            _ => {}
        }
    }
    if secret.keys.is_empty() && secret.secret_type.is_none() {
        checker.missing(stmt, "keys", "keys user, password");
    }
    Some(secret)
}

fn check_config(checker: &mut Checker<'_>, stmt: &Stmt) -> Option<hir::Config> {
    let decl_name = stmt.name()?.text.as_str().to_owned();
    let name = checker.object_name(stmt, NameRule::Subdomain, "config")?;
    let mut data = BTreeMap::new();
    for inner in stmt.body() {
        match inner.kind {
            "data" => {
                if let Some(value) = inner.value() {
                    for (key, text) in checker.string_map(value) {
                        data.insert(key, hir::ConfigValue::Literal(text));
                    }
                }
            }
            "config_file" => {
                let key = inner.parts.iter().find_map(|part| match part {
                    Part::Value(value) => match &value.kind {
                        ValueKind::Str(_) => value.as_plain_str(),
                        ValueKind::Path(words) => Some(
                            words
                                .iter()
                                .map(|word| word.text.as_str())
                                .collect::<Vec<_>>()
                                .join("."),
                        ),
                        _ => None,
                    },
                    _ => None,
                });
                let Some(path_value) = inner.value_after("from") else { continue };
                if let (Some(key), Some(path)) = (key, checker.string(path_value, "a file path"))
                    && checker.ok(project_relative(&path, path_value.span)).is_some()
                {
                    data.insert(key, hir::ConfigValue::File { path, span: path_value.span });
                }
            }
            _ => {}
        }
    }
    Some(hir::Config { decl_name, name, data, span: stmt.name()?.span })
}

fn check_middleware(checker: &mut Checker<'_>, stmt: &Stmt) -> Option<hir::Middleware> {
    let decl_name = stmt.name()?.text.as_str().to_owned();
    let name = checker.object_name(stmt, NameRule::Subdomain, "middleware")?;
    let mut middleware =
        hir::Middleware { decl_name, name, span: stmt.name()?.span, ..hir::Middleware::default() };
    let mut seen = BTreeMap::new();
    for inner in stmt.body() {
        if !checker.once(&mut seen, inner) {
            continue;
        }
        match inner.kind {
            "redirect_scheme" => {
                let scheme =
                    inner.name().map(|word| word.text.as_str().to_owned()).unwrap_or_default();
                if scheme != "https" && scheme != "http" {
                    checker.report(
                        Diagnostic::error(
                            Code::UnknownChoice,
                            format!("`{scheme}` is not a scheme to redirect to"),
                        )
                        .with_label(
                            inner.name().map_or(inner.span, |word| word.span),
                            "expected `https` or `http`",
                        )
                        .with_help("write `redirect-scheme https permanent`"),
                    );
                }
                let port = inner
                    .value_after("port")
                    .and_then(|value| checker.ok(values::port_number(value)));
                middleware.redirect_scheme = Some(hir::RedirectScheme {
                    scheme,
                    permanent: inner.has_keyword("permanent"),
                    port,
                });
            }
            "strip_prefix" => {
                middleware.strip_prefix = inner
                    .value()
                    .map(|value| checker.strings(value, "a path prefix"))
                    .unwrap_or_default();
            }
            "add_prefix" => {
                middleware.add_prefix =
                    inner.value().and_then(|value| checker.string(value, "a path prefix"));
            }
            "basic_auth" => {
                let Some(value) = inner.value() else { continue };
                let Some(word) = value.as_word() else { continue };
                if let Ok(item) = checker
                    .program
                    .scope
                    .lookup(DeclKind::Secret, &word.text, word.span)
                    .map_err(|diagnostic| checker.report(diagnostic))
                {
                    let secret_stmt = checker.program.stmt(item);
                    let secret_name = secret_stmt
                        .body()
                        .iter()
                        .find(|inner| inner.kind == "name")
                        .and_then(Stmt::value)
                        .and_then(super::super::syntax::ast::Value::as_plain_str)
                        .unwrap_or_else(|| word.text.as_str().to_owned());
                    let realm = inner
                        .value_after("realm")
                        .and_then(|value| checker.string(value, "a realm"));
                    middleware.basic_auth = Some((secret_name, realm));
                }
            }
            "ip_allow" => {
                for value in inner.value().map(|value| value.items()).unwrap_or_default() {
                    if let ValueKind::Ip(text) = &value.kind {
                        let block = if text.contains('/') {
                            text.as_str().to_owned()
                        } else {
                            format!("{text}/32")
                        };
                        if checker.ok(values::cidr(&block, value.span)).is_some() {
                            middleware.ip_allow.push(text.as_str().to_owned());
                        }
                    } else {
                        checker.report(values::type_mismatch(value, "an address or CIDR block"));
                    }
                }
            }
            "rate_limit" => {
                let average = inner.value().and_then(|value| {
                    checker.ok(values::count(value, 1, 1_000_000, "requests per second"))
                });
                let burst = inner
                    .value_after("burst")
                    .and_then(|value| checker.ok(values::count(value, 1, 1_000_000, "a burst")));
                if let Some(average) = average {
                    middleware.rate_limit =
                        Some((average.unsigned_abs(), burst.map(i64::unsigned_abs)));
                }
            }
            "compress" => middleware.compress = true,
            "request_headers" => {
                middleware.request_headers =
                    inner.value().map(|value| checker.string_map(value)).unwrap_or_default();
            }
            "response_headers" => {
                middleware.response_headers =
                    inner.value().map(|value| checker.string_map(value)).unwrap_or_default();
            }
            _ => {}
        }
    }
    Some(middleware)
}

/// Files named by the sources are read from the project folder and may not leave it.
fn project_relative(path: &str, span: Span) -> Result<(), Diagnostic> {
    let leaves = path.starts_with('/')
        || path.starts_with('~')
        || std::path::Path::new(path)
            .components()
            .any(|component| matches!(component, std::path::Component::ParentDir));
    if !leaves {
        return Ok(());
    }
    Err(Diagnostic::error(Code::FileUnreadable, format!("`{path}` is outside the project"))
        .with_label(span, "timon reads files from the project folder only")
        .with_help(
            "copy the file into the project and give its path relative to the project folder",
        ))
}
