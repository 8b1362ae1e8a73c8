//! Lowers a cluster declaration to RKE's `cluster.yml`.

use std::collections::BTreeMap;

use crate::check::hir;
use crate::model::rke::{
    AuthnConfig, AuthzConfig, BackupConfig, CanalNetworkProvider, DnsConfig, EtcdService,
    FlannelNetworkProvider, IngressConfig, KubeApiService, KubeControllerService, KubeletService,
    KubeproxyService, NetworkConfig, NodeDrainInput, NodeUpgradeStrategy, PrivateRegistry,
    RkeClusterConfig, RkeNode, RkeRole, RkeServices, RkeTaint, SchedulerService,
};

/// `Some` unless the service sets nothing: RKE's defaults then apply.
fn present<T: Default + PartialEq>(service: T) -> Option<T> {
    (service != T::default()).then_some(service)
}

fn non_empty<T: Clone>(items: &[T]) -> Option<Vec<T>> {
    (!items.is_empty()).then(|| items.to_vec())
}

fn non_empty_map(map: &BTreeMap<String, String>) -> Option<BTreeMap<String, String>> {
    (!map.is_empty()).then(|| map.clone())
}

/// The tenth address of a service block (`10.43.0.0/16` → `10.43.0.10`): RKE's convention
/// for the cluster DNS service.
fn tenth_address(cidr: &str) -> Option<String> {
    let (address, _) = cidr.split_once('/')?;
    let octets: Vec<u8> =
        address.split('.').map(|octet| octet.parse().ok()).collect::<Option<_>>()?;
    let base = u32::from_be_bytes(octets.try_into().ok()?);
    let [a, b, c, d] = base.checked_add(10)?.to_be_bytes();
    Some(format!("{a}.{b}.{c}.{d}"))
}

pub(super) fn cluster_config(cluster: &hir::Cluster) -> RkeClusterConfig {
    let service = |name: &str| cluster.services.get(name).cloned().unwrap_or_default();
    let args = |service: &hir::RkeService| non_empty_map(&service.args);
    let binds = |service: &hir::RkeService| non_empty(&service.binds);
    let env = |service: &hir::RkeService| non_empty(&service.env);

    let etcd = service("etcd");
    let kube_api = service("kube-api");
    let kube_controller = service("kube-controller");
    let scheduler = service("scheduler");
    let kubelet = service("kubelet");
    let kubeproxy = service("kubeproxy");
    let cluster_dns = cluster
        .cluster_dns
        .clone()
        .or_else(|| cluster.service_cidr.as_deref().and_then(tenth_address));

    let services = RkeServices {
        etcd: present(EtcdService {
            image: etcd.image.clone(),
            extra_args: args(&etcd),
            extra_binds: binds(&etcd),
            extra_env: env(&etcd),
            backup_config: etcd.backup.map(|(interval_hours, retention)| BackupConfig {
                enabled: Some(true),
                interval_hours: Some(interval_hours),
                retention: Some(retention),
                ..BackupConfig::default()
            }),
            ..EtcdService::default()
        }),
        // One `service-cidr` feeds both kube-api and kube-controller, which RKE requires to agree.
        kube_api: present(KubeApiService {
            image: kube_api.image.clone(),
            extra_args: args(&kube_api),
            extra_binds: binds(&kube_api),
            extra_env: env(&kube_api),
            service_cluster_ip_range: cluster.service_cidr.clone(),
            service_node_port_range: cluster.node_port_range.clone(),
            ..KubeApiService::default()
        }),
        kube_controller: present(KubeControllerService {
            image: kube_controller.image.clone(),
            extra_args: args(&kube_controller),
            extra_binds: binds(&kube_controller),
            extra_env: env(&kube_controller),
            cluster_cidr: cluster.pod_cidr.clone(),
            service_cluster_ip_range: cluster.service_cidr.clone(),
            ..KubeControllerService::default()
        }),
        scheduler: present(SchedulerService {
            image: scheduler.image.clone(),
            extra_args: args(&scheduler),
            extra_binds: binds(&scheduler),
            extra_env: env(&scheduler),
            ..SchedulerService::default()
        }),
        kubelet: present(KubeletService {
            image: kubelet.image.clone(),
            extra_args: args(&kubelet),
            extra_binds: binds(&kubelet),
            extra_env: env(&kubelet),
            cluster_domain: cluster.cluster_domain.clone(),
            cluster_dns_server: cluster_dns,
            fail_swap_on: kubelet.fail_swap_on,
            ..KubeletService::default()
        }),
        kubeproxy: present(KubeproxyService {
            image: kubeproxy.image.clone(),
            extra_args: args(&kubeproxy),
            extra_binds: binds(&kubeproxy),
            extra_env: env(&kubeproxy),
            ..KubeproxyService::default()
        }),
    };

    let nodes = cluster
        .nodes
        .iter()
        .map(|node| RkeNode {
            address: node.address.clone(),
            port: node.ssh_port.map(|port| port.to_string()),
            internal_address: node.internal_address.clone(),
            role: node
                .roles
                .iter()
                .map(|role| match role.as_str() {
                    "controlplane" => RkeRole::Controlplane,
                    "etcd" => RkeRole::Etcd,
                    _ => RkeRole::Worker,
                })
                .collect(),
            hostname_override: Some(node.name.clone()),
            user: node.user.clone(),
            ssh_key_path: node.ssh_key_path.clone(),
            labels: non_empty_map(&node.labels),
            taints: (!node.taints.is_empty()).then(|| {
                node.taints
                    .iter()
                    .map(|(key, value, effect)| RkeTaint {
                        key: Some(key.clone()),
                        value: value.clone(),
                        effect: Some(effect.clone()),
                        ..RkeTaint::default()
                    })
                    .collect()
            }),
            ..RkeNode::default()
        })
        .collect();

    let network = cluster.network_plugin.as_ref().map(|plugin| NetworkConfig {
        plugin: Some(plugin.clone()),
        options: non_empty_map(&cluster.network_options),
        mtu: cluster.network_mtu.and_then(|mtu| u32::try_from(mtu).ok()),
        canal_network_provider: (plugin == "canal" && cluster.network_iface.is_some()).then(|| {
            CanalNetworkProvider {
                iface: cluster.network_iface.clone(),
                ..CanalNetworkProvider::default()
            }
        }),
        flannel_network_provider: (plugin == "flannel" && cluster.network_iface.is_some())
            .then(|| FlannelNetworkProvider { iface: cluster.network_iface.clone() }),
        ..NetworkConfig::default()
    });

    RkeClusterConfig {
        cluster_name: Some(cluster.name.clone()),
        kubernetes_version: cluster.kubernetes_version.clone(),
        nodes: Some(nodes),
        services: Some(services),
        network,
        authentication: (!cluster.authentication.is_empty() || !cluster.sans.is_empty()).then(
            || AuthnConfig {
                strategy: Some(if cluster.authentication.is_empty() {
                    "x509".to_owned()
                } else {
                    cluster.authentication.join("|")
                }),
                sans: non_empty(&cluster.sans),
                ..AuthnConfig::default()
            },
        ),
        authorization: cluster
            .authorization
            .clone()
            .map(|mode| AuthzConfig { mode: Some(mode), ..AuthzConfig::default() }),
        ingress: cluster
            .ingress
            .clone()
            .map(|provider| IngressConfig { provider: Some(provider), ..IngressConfig::default() }),
        dns: (cluster.dns_provider.is_some() || !cluster.dns_upstream.is_empty()).then(|| {
            DnsConfig {
                provider: cluster.dns_provider.clone(),
                upstream_nameservers: non_empty(&cluster.dns_upstream),
                ..DnsConfig::default()
            }
        }),
        ssh_key_path: cluster.ssh_key_path.clone(),
        ssh_agent_auth: cluster.ssh_agent_auth.then_some(true),
        ignore_docker_version: cluster.ignore_docker_version.then_some(true),
        private_registries: (!cluster.registries.is_empty()).then(|| {
            cluster
                .registries
                .iter()
                .map(|registry| PrivateRegistry {
                    url: Some(registry.url.clone()),
                    user: registry.user.clone(),
                    is_default: registry.is_default.then_some(true),
                    ..PrivateRegistry::default()
                })
                .collect()
        }),
        upgrade_strategy: cluster.upgrade.as_ref().map(|upgrade| NodeUpgradeStrategy {
            max_unavailable_worker: upgrade.max_unavailable_worker.clone(),
            max_unavailable_controlplane: upgrade.max_unavailable_controlplane.clone(),
            drain: Some(upgrade.drain.is_some()),
            node_drain_input: upgrade.drain.as_ref().map(|drain| NodeDrainInput {
                force: drain.force.then_some(true),
                ignore_daemonsets: Some(drain.ignore_daemonsets),
                delete_local_data: drain.delete_local_data.then_some(true),
                grace_period: drain.grace_period,
                timeout: drain.timeout.and_then(|timeout| u32::try_from(timeout).ok()),
            }),
        }),
        ..RkeClusterConfig::default()
    }
}
