//! The checked program: typed, resolved declarations that `lower/` turns into objects.
//!
//! Every value here has passed its checks; names of Kubernetes objects are final except where
//! they depend on the environment (`Text`).

use std::collections::BTreeMap;

use crate::source::Span;

/// A lint rule switched off on purpose at a declaration: `allow RULE "reason"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allow {
    pub rule: String,
    pub reason: String,
    pub span: Span,
}

/// The whole checked project.
#[derive(Debug, Default)]
pub struct Project {
    pub traefik: TraefikTarget,
    pub environments: Vec<Environment>,
    pub entrypoints: BTreeMap<String, Entrypoint>,
    pub storage_classes: Vec<StorageClass>,
    pub ceph_pools: Vec<CephPool>,
    pub ceph_filesystems: Vec<CephFilesystem>,
    pub secrets: Vec<Secret>,
    pub configs: Vec<Config>,
    pub middlewares: Vec<Middleware>,
    pub apps: Vec<App>,
    pub clusters: Vec<Cluster>,
    /// Certificate resolvers by name: `None` for one configured outside timon (`resolver le`).
    pub resolvers: BTreeMap<String, Option<AcmeResolver>>,
    /// The Traefik instance, when the project declares one (`traefik/traefik.yml`).
    pub traefik_instance: Option<TraefikInstance>,
}

/// Which Traefik the project targets, which decides the CRD API group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TraefikTarget {
    /// `(major, minor)`; `None` means "a current Traefik" (v3).
    pub version: Option<(u64, u64)>,
}

#[derive(Debug, Clone)]
pub struct Environment {
    pub name: String,
    pub namespace: String,
    pub zone: Option<String>,
    pub labels: BTreeMap<String, String>,
    pub annotations: BTreeMap<String, String>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Entrypoint {
    pub port: u16,
    pub tls: bool,
    pub span: Span,
    /// Declared by a standard module: part of a declared instance only when something uses it.
    pub is_std: bool,
}

#[derive(Debug, Clone)]
pub struct StorageClass {
    pub name: String,
    pub provisioner: String,
    pub parameters: BTreeMap<String, String>,
    /// `Delete` or `Retain`.
    pub reclaim: Option<&'static str>,
    pub expandable: bool,
    /// `Immediate` or `WaitForFirstConsumer`.
    pub binding: Option<&'static str>,
    pub is_default: bool,
    pub mount_options: Vec<String>,
    pub span: Span,
    pub allowances: Vec<Allow>,
}

#[derive(Debug, Clone)]
pub struct CephPool {
    pub name: String,
    /// The namespace of the `CephCluster` (Rook's `clusterID`).
    pub cluster_namespace: String,
    pub replicas: u32,
    pub failure_domain: String,
    pub device_class: Option<String>,
    pub require_safe_replicas: Option<bool>,
    pub span: Span,
    pub allowances: Vec<Allow>,
}

#[derive(Debug, Clone)]
pub struct CephFilesystem {
    pub name: String,
    pub cluster_namespace: String,
    pub metadata_replicas: u32,
    pub data_pools: Vec<(String, u32)>,
    pub failure_domain: String,
    pub active_mds: u32,
    pub span: Span,
    pub allowances: Vec<Allow>,
}

#[derive(Debug, Clone)]
pub struct Secret {
    /// The name in timon source.
    pub decl_name: String,
    /// The Kubernetes object's name (`name "…"` or the declared name).
    pub name: String,
    pub keys: Vec<String>,
    pub source: SecretSource,
    pub secret_type: Option<String>,
    pub span: Span,
}

/// Where a secret's values come from; never from the source text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretSource {
    /// Created out of band (`kubectl create secret …`); timon only refers to it.
    External,
    /// From environment variables `PREFIX` + key, read only with `--include-secrets`.
    Env { prefix: String },
    /// From a `KEY=value` file, read only with `--include-secrets`.
    File { path: String, span: Span },
}

#[derive(Debug, Clone)]
pub struct Config {
    pub decl_name: String,
    pub name: String,
    pub data: BTreeMap<String, ConfigValue>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub enum ConfigValue {
    Literal(String),
    /// A file of the project, read when building.
    File {
        path: String,
        span: Span,
    },
}

#[derive(Debug, Clone, Default)]
pub struct Middleware {
    pub decl_name: String,
    pub name: String,
    pub is_std: bool,
    pub redirect_scheme: Option<RedirectScheme>,
    pub strip_prefix: Vec<String>,
    pub add_prefix: Option<String>,
    pub basic_auth: Option<(String, Option<String>)>,
    pub ip_allow: Vec<String>,
    pub rate_limit: Option<(u64, Option<u64>)>,
    pub compress: bool,
    pub request_headers: BTreeMap<String, String>,
    pub response_headers: BTreeMap<String, String>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RedirectScheme {
    pub scheme: String,
    pub permanent: bool,
    pub port: Option<u16>,
}

#[derive(Debug, Clone)]
pub struct App {
    pub name: String,
    pub labels: BTreeMap<String, String>,
    pub tiers: Vec<Tier>,
    pub span: Span,
    pub allowances: Vec<Allow>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkloadKind {
    Deployment,
    StatefulSet,
}

#[derive(Debug, Clone)]
pub struct Tier {
    pub name: String,
    pub app: String,
    pub kind: WorkloadKind,
    pub workload_name: String,
    pub service_name: String,
    pub replicas: Option<i32>,
    pub strategy: Option<Strategy>,
    pub pull_secrets: Vec<String>,
    pub node_selector: BTreeMap<String, String>,
    pub labels: BTreeMap<String, String>,
    pub annotations: BTreeMap<String, String>,
    pub volumes: Vec<Volume>,
    pub init_containers: Vec<Container>,
    pub containers: Vec<Container>,
    pub routes: Vec<Route>,
    pub span: Span,
    pub allowances: Vec<Allow>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Strategy {
    Recreate,
    Rolling { max_surge: Option<String>, max_unavailable: Option<String> },
}

#[derive(Debug, Clone)]
pub struct Volume {
    pub name: String,
    pub source: VolumeSource,
    pub read_only: bool,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub enum VolumeSource {
    Claim {
        claim_name: String,
        size: String,
        class: Option<String>,
        access_modes: Vec<&'static str>,
    },
    Nfs {
        server: String,
        path: String,
    },
    EmptyDir {
        memory: bool,
        size: Option<String>,
    },
    Config {
        name: String,
    },
    Secret {
        name: String,
    },
}

#[derive(Debug, Clone)]
pub struct Container {
    pub name: String,
    pub image: String,
    pub pull: Option<&'static str>,
    pub command: Vec<String>,
    pub args: Vec<String>,
    pub workdir: Option<String>,
    pub resources: Resources,
    pub ports: Vec<Port>,
    pub env: Vec<EnvVar>,
    pub mounts: Vec<Mount>,
    pub probes: Vec<Probe>,
    pub span: Span,
    pub allowances: Vec<Allow>,
}

/// Requests and limits, as canonical quantity strings.
#[derive(Debug, Clone, Default)]
pub struct Resources {
    pub cpu: Bounds,
    pub memory: Bounds,
    pub ephemeral_storage: Bounds,
}

#[derive(Debug, Clone, Default)]
pub struct Bounds {
    pub request: Option<String>,
    pub limit: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Port {
    pub name: String,
    pub number: u16,
    /// `TCP`, `UDP` or `SCTP`.
    pub protocol: &'static str,
    pub host_port: Option<u16>,
    /// Not published by the tier's Service.
    pub internal: bool,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct EnvVar {
    pub name: String,
    pub value: EnvValue,
}

#[derive(Debug, Clone)]
pub enum EnvValue {
    Text(Text),
    SecretKey { secret: String, key: String },
    ConfigKey { config: String, key: String },
}

/// A string that may depend on the environment it is built for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Text(pub Vec<TextPart>);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextPart {
    Literal(String),
    EnvName,
    Namespace,
}

impl Text {
    pub fn literal(text: impl Into<String>) -> Self {
        Self(vec![TextPart::Literal(text.into())])
    }

    /// The text for one environment.
    pub fn render(&self, environment: Option<&Environment>) -> String {
        self.0
            .iter()
            .map(|part| match part {
                TextPart::Literal(text) => text.as_str(),
                TextPart::EnvName => {
                    environment.map_or("", |environment| environment.name.as_str())
                }
                TextPart::Namespace => {
                    environment.map_or("", |environment| environment.namespace.as_str())
                }
            })
            .collect()
    }
}

#[derive(Debug, Clone)]
pub struct Mount {
    pub volume: String,
    pub path: String,
    pub read_only: bool,
    pub sub_path: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Probe {
    /// `liveness`, `readiness` or `startup`.
    pub kind: &'static str,
    pub action: ProbeAction,
    pub delay: Option<i32>,
    pub period: Option<i32>,
    pub timeout: Option<i32>,
    pub failures: Option<i32>,
    pub successes: Option<i32>,
}

#[derive(Debug, Clone)]
pub enum ProbeAction {
    Http { path: String, port: String },
    Tcp { port: String },
    Grpc { port: u16 },
    Exec { command: Vec<String> },
}

#[derive(Debug, Clone)]
pub struct Route {
    pub name: String,
    pub host: String,
    pub path: Option<String>,
    /// The Service port (named like the container port) the route sends traffic to.
    pub port_name: String,
    pub entrypoints: Vec<String>,
    pub tls: Option<Tls>,
    /// Kubernetes names of the middlewares, in order.
    pub middlewares: Vec<String>,
    /// Kubernetes name of the redirect middleware for the plain entry points.
    pub redirect_https: Option<String>,
    pub priority: Option<i64>,
    pub span: Span,
}

/// What the checks made once every app is checked read of the routes: the entry points and
/// middlewares they name, and where the first route is. A build keeps this of each app instead
/// of its routes (10,000 routes took 11 MiB).
#[derive(Debug, Default)]
pub struct RouteUses {
    /// Sorted, each name once.
    pub entrypoints: Vec<String>,
    /// The middlewares the routes name, the redirect ones included: sorted, each name once.
    pub middlewares: Vec<String>,
    pub first_route: Option<Span>,
}

impl RouteUses {
    pub fn of<'a>(routes: impl IntoIterator<Item = &'a Route>) -> Self {
        let mut uses = Self::default();
        for route in routes {
            uses.first_route.get_or_insert(route.span);
            uses.entrypoints.extend(route.entrypoints.iter().cloned());
            uses.middlewares.extend(route.middlewares.iter().chain(&route.redirect_https).cloned());
        }
        uses.tidy();
        uses
    }

    /// Adds what `later` uses (the first route stays this one's, if it has one).
    pub fn merge(&mut self, later: Self) {
        self.first_route = self.first_route.or(later.first_route);
        self.entrypoints.extend(later.entrypoints);
        self.middlewares.extend(later.middlewares);
        self.tidy();
    }

    fn tidy(&mut self) {
        for names in [&mut self.entrypoints, &mut self.middlewares] {
            names.sort_unstable();
            names.dedup();
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tls {
    Resolver(String),
    Secret(String),
}

#[derive(Debug, Clone, Default)]
pub struct Cluster {
    pub name: String,
    pub kubernetes_version: Option<String>,
    pub network_plugin: Option<String>,
    pub network_mtu: Option<i64>,
    pub network_iface: Option<String>,
    pub network_options: BTreeMap<String, String>,
    pub ssh_key_path: Option<String>,
    pub ssh_agent_auth: bool,
    pub ignore_docker_version: bool,
    pub service_cidr: Option<String>,
    pub pod_cidr: Option<String>,
    pub cluster_dns: Option<String>,
    pub cluster_domain: Option<String>,
    pub node_port_range: Option<String>,
    pub authentication: Vec<String>,
    pub sans: Vec<String>,
    pub authorization: Option<String>,
    pub ingress: Option<String>,
    pub dns_provider: Option<String>,
    pub dns_upstream: Vec<String>,
    pub services: BTreeMap<String, RkeService>,
    pub nodes: Vec<Node>,
    pub registries: Vec<Registry>,
    pub upgrade: Option<Upgrade>,
    pub span: Span,
    pub allowances: Vec<Allow>,
    /// Where `kubernetes` is written, for findings about the version.
    pub kubernetes_version_span: Option<Span>,
}

#[derive(Debug, Clone, Default)]
pub struct RkeService {
    pub args: BTreeMap<String, String>,
    pub binds: Vec<String>,
    pub env: Vec<String>,
    pub image: Option<String>,
    pub backup: Option<(u32, u32)>,
    pub fail_swap_on: Option<bool>,
}

#[derive(Debug, Clone)]
pub struct Node {
    pub name: String,
    pub address: String,
    pub internal_address: Option<String>,
    pub user: String,
    pub roles: Vec<String>,
    pub ssh_port: Option<u16>,
    pub ssh_key_path: Option<String>,
    pub labels: BTreeMap<String, String>,
    pub taints: Vec<(String, Option<String>, String)>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Registry {
    pub url: String,
    pub user: Option<String>,
    pub is_default: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Upgrade {
    pub max_unavailable_worker: Option<String>,
    pub max_unavailable_controlplane: Option<String>,
    pub drain: Option<Drain>,
}

#[derive(Debug, Clone, Default)]
#[allow(clippy::struct_excessive_bools)] // Each flag is one of RKE's drain options.
pub struct Drain {
    pub grace_period: Option<i64>,
    pub timeout: Option<i64>,
    pub force: bool,
    pub ignore_daemonsets: bool,
    pub delete_local_data: bool,
}

/// The Traefik instance a project declares: its static configuration.
#[derive(Debug, Clone)]
pub struct TraefikInstance {
    /// The entry points it listens on: the project's, and the standard library's that a route
    /// or a challenge uses (filled once the routes are checked).
    pub entrypoints: Vec<String>,
    pub providers: Vec<TraefikProvider>,
    /// The `traefik` block (or the first resolver with a body), named in the file's header.
    pub span: Span,
}

/// Where the instance reads routing configuration from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TraefikProvider {
    KubernetesCrd,
    KubernetesIngress,
    /// A folder of dynamic configuration files, inside Traefik's container.
    File {
        directory: String,
    },
}

/// A certificate resolver the instance configures: Let's Encrypt or another ACME CA.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AcmeResolver {
    pub email: Option<String>,
    pub storage: Option<String>,
    pub ca_server: Option<String>,
    pub challenge: AcmeChallenge,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AcmeChallenge {
    /// HTTP-01 on a plain entry point.
    Http { entrypoint: String },
    /// TLS-ALPN-01.
    Tls,
    /// DNS-01 through a lego DNS provider (`cloudflare`, `route53`, …).
    Dns { provider: String },
}

#[cfg(test)]
mod route_uses_tests {
    use super::*;

    fn route(at: u32, entrypoints: &[&str], middlewares: &[&str], redirect: Option<&str>) -> Route {
        Route {
            name: "r".to_owned(),
            host: "h.example.com".to_owned(),
            path: None,
            port_name: "http".to_owned(),
            entrypoints: entrypoints.iter().map(|name| (*name).to_owned()).collect(),
            tls: None,
            middlewares: middlewares.iter().map(|name| (*name).to_owned()).collect(),
            redirect_https: redirect.map(str::to_owned),
            priority: None,
            span: Span::new(crate::source::SourceId(0), at as usize, at as usize + 1),
        }
    }

    #[test]
    fn uses_merged_app_by_app_are_those_of_every_route_at_once() {
        let routes = [
            route(10, &["websecure"], &["auth"], None),
            route(20, &["web", "websecure"], &[], Some("redirect-https")),
            route(30, &["web"], &["auth", "compress"], None),
        ];
        let mut merged = RouteUses::default();
        for app in [&routes[..1], &[], &routes[1..]] {
            merged.merge(RouteUses::of(app));
        }
        let whole = RouteUses::of(&routes);
        assert_eq!(merged.entrypoints, ["web", "websecure"]);
        assert_eq!(merged.middlewares, ["auth", "compress", "redirect-https"]);
        assert_eq!(merged.first_route.map(|span| span.start), Some(10));
        assert_eq!(
            (merged.entrypoints, merged.middlewares, merged.first_route),
            (whole.entrypoints, whole.middlewares, whole.first_route)
        );
    }
}
