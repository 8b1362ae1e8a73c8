//! RKE1 `cluster.yml` as typed structs, with the exact YAML keys RKE reads.
//!
//! Keys follow the `yaml:` tags of `types/rke_types.go`, `types/backup_types.go` and
//! `types/update_strategy_types.go` in rancher/rke v1.6.3 (facts B.1–B.6). RKE reads the file
//! with `gopkg.in/yaml.v2`, so a Go field without a `yaml:` tag is read under its lower-cased Go
//! name (`s3backupconfig`, `cloudprovider`, `cacertificates`); those keys are renamed explicitly
//! below. Deeply nested and rarely used parts (ACI, cloud provider bodies, audit policy,
//! admission configuration, encryption configuration, update strategies, tolerations) are kept
//! as untyped YAML values.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{EnvVar, Volume, VolumeMount};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The whole `cluster.yml` (RKE's `RancherKubernetesEngineConfig`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RkeClusterConfig {
    /// The cluster nodes.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub nodes: Option<Vec<RkeNode>>,
    /// The Kubernetes components.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub services: Option<RkeServices>,
    /// The network plugin.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub network: Option<NetworkConfig>,
    /// API server authentication.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub authentication: Option<AuthnConfig>,
    /// User add-ons as one multi-document YAML string.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub addons: Option<String>,
    /// URLs or paths of add-on manifests.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub addons_include: Option<Vec<String>>,
    /// Image overrides. When both this and `kubernetes_version` are set, these images win.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub system_images: Option<SystemImages>,
    /// The cluster-wide SSH private key path; `~/.ssh/id_rsa` by default.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ssh_key_path: Option<String>,
    /// The cluster-wide SSH certificate path.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ssh_cert_path: Option<String>,
    /// Whether the local SSH agent is used.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ssh_agent_auth: Option<bool>,
    /// API server authorization.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub authorization: Option<AuthzConfig>,
    /// Whether unsupported Docker versions are accepted; true by default.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ignore_docker_version: Option<bool>,
    /// Whether cri-dockerd is used; false by default and only allowed for Kubernetes 1.21 and
    /// later.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub enable_cri_dockerd: Option<bool>,
    /// The Kubernetes version, `v<major>.<minor>.<patch>-rancher<N>-<M>`; it must be a version
    /// RKE knows, or RKE errors out.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub kubernetes_version: Option<String>,
    /// Private registries and their credentials.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub private_registries: Option<Vec<PrivateRegistry>>,
    /// The ingress controller add-on.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ingress: Option<IngressConfig>,
    /// The cluster name used in the kubeconfig; `local` by default.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub cluster_name: Option<String>,
    /// The cloud provider integration.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub cloud_provider: Option<CloudProvider>,
    /// The Kubernetes directory prefix on Linux nodes.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub prefix_path: Option<String>,
    /// The Kubernetes directory prefix on Windows nodes.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub win_prefix_path: Option<String>,
    /// Seconds to wait for add-on jobs; 45 by default.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub addon_job_timeout: Option<u32>,
    /// A jump host for SSH.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub bastion_host: Option<BastionHost>,
    /// The metrics add-on.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub monitoring: Option<MonitoringConfig>,
    /// Restore from an etcd snapshot.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub restore: Option<RestoreConfig>,
    /// Certificate rotation; normally set by `rke cert rotate` rather than written by hand.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub rotate_certificates: Option<RotateCertificates>,
    /// Whether the secrets encryption key is rotated.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub rotate_encryption_key: Option<bool>,
    /// The cluster DNS add-on.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub dns: Option<DnsConfig>,
    /// How nodes are upgraded.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub upgrade_strategy: Option<NodeUpgradeStrategy>,
    /// The cri-dockerd stream server address.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub cri_dockerd_stream_server_address: Option<String>,
    /// The cri-dockerd stream server port; a string in RKE.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub cri_dockerd_stream_server_port: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// Nodes.
// ---------------------------------------------------------------------------------------------

/// A role of an RKE node.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum RkeRole {
    /// Runs kube-apiserver, kube-controller-manager and kube-scheduler.
    Controlplane,
    /// Runs etcd.
    Etcd,
    /// Runs workloads.
    Worker,
}

/// One entry of `nodes` (RKE's `RKEConfigNode`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RkeNode {
    /// The Rancher machine name. Rancher sets it; hand-written files leave it out. The Go type
    /// carries a `yaml:"nodeName"` tag, so RKE does read it.
    #[serde(rename = "nodeName", skip_serializing_if = "Option::is_none", default)]
    pub node_name: Option<String>,
    /// The IP or FQDN used for SSH. Required.
    pub address: String,
    /// The SSH port; a string in RKE, `"22"` by default.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub port: Option<String>,
    /// The address used for traffic between cluster components.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub internal_address: Option<String>,
    /// The node roles. Required and non-empty.
    pub role: Vec<RkeRole>,
    /// The Kubernetes node name; must be a DNS-1123 subdomain and unique.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub hostname_override: Option<String>,
    /// The SSH user. Required.
    pub user: String,
    /// The Docker socket; `/var/run/docker.sock` by default.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub docker_socket: Option<String>,
    /// Whether the local SSH agent is used for this node.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ssh_agent_auth: Option<bool>,
    /// The SSH private key itself.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ssh_key: Option<String>,
    /// The SSH private key path.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ssh_key_path: Option<String>,
    /// The SSH certificate itself.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ssh_cert: Option<String>,
    /// The SSH certificate path.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ssh_cert_path: Option<String>,
    /// Kubernetes node labels.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub labels: Option<BTreeMap<String, String>>,
    /// Kubernetes node taints.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub taints: Option<Vec<RkeTaint>>,
}

/// A node taint (RKE's `RKETaint`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RkeTaint {
    /// The taint key.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub key: Option<String>,
    /// The taint value.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub value: Option<String>,
    /// `NoSchedule`, `PreferNoSchedule` or `NoExecute`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub effect: Option<String>,
    /// When the taint was added; set by Kubernetes, not by hand.
    #[serde(rename = "timeAdded", skip_serializing_if = "Option::is_none", default)]
    pub time_added: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// Services.
// ---------------------------------------------------------------------------------------------

/// The Kubernetes components (RKE's `RKEConfigServices`). Note the hyphenated keys
/// `kube-api` and `kube-controller`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RkeServices {
    /// etcd.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub etcd: Option<EtcdService>,
    /// kube-apiserver.
    #[serde(rename = "kube-api", skip_serializing_if = "Option::is_none", default)]
    pub kube_api: Option<KubeApiService>,
    /// kube-controller-manager.
    #[serde(rename = "kube-controller", skip_serializing_if = "Option::is_none", default)]
    pub kube_controller: Option<KubeControllerService>,
    /// kube-scheduler.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub scheduler: Option<SchedulerService>,
    /// kubelet.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub kubelet: Option<KubeletService>,
    /// kube-proxy.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub kubeproxy: Option<KubeproxyService>,
}

/// The keys every RKE service accepts (RKE's `BaseService`).
///
/// RKE inlines these keys into each service. The service structs repeat them (see
/// `rke_service!`) and return them through their `base` method.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BaseService {
    /// The container image; the system image of the Kubernetes version when absent.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub image: Option<String>,
    /// Extra `--flag=value` arguments.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub extra_args: Option<BTreeMap<String, String>>,
    /// Extra arguments that may repeat.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub extra_args_array: Option<BTreeMap<String, Vec<String>>>,
    /// Extra bind mounts, `host:container[:options]`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub extra_binds: Option<Vec<String>>,
    /// Extra environment variables, `NAME=value`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub extra_env: Option<Vec<String>>,
    /// Extra arguments on Windows nodes.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub win_extra_args: Option<BTreeMap<String, String>>,
    /// Extra repeatable arguments on Windows nodes.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub win_extra_args_array: Option<BTreeMap<String, Vec<String>>>,
    /// Extra bind mounts on Windows nodes.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub win_extra_binds: Option<Vec<String>>,
    /// Extra environment variables on Windows nodes.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub win_extra_env: Option<Vec<String>>,
}

/// Defines an RKE service struct: the [`BaseService`] keys followed by the service's own keys,
/// plus a `base` method returning the former.
///
/// Serde cannot combine `flatten` with `deny_unknown_fields`, so the base keys are written into
/// each struct by this macro instead of being flattened.
macro_rules! rke_service {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $(
                $(#[$field_meta:meta])*
                pub $field:ident: $ty:ty,
            )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            /// The container image; the system image of the Kubernetes version when absent.
            #[serde(skip_serializing_if = "Option::is_none", default)]
            pub image: Option<String>,
            /// Extra `--flag=value` arguments.
            #[serde(skip_serializing_if = "Option::is_none", default)]
            pub extra_args: Option<BTreeMap<String, String>>,
            /// Extra arguments that may repeat.
            #[serde(skip_serializing_if = "Option::is_none", default)]
            pub extra_args_array: Option<BTreeMap<String, Vec<String>>>,
            /// Extra bind mounts, `host:container[:options]`.
            #[serde(skip_serializing_if = "Option::is_none", default)]
            pub extra_binds: Option<Vec<String>>,
            /// Extra environment variables, `NAME=value`.
            #[serde(skip_serializing_if = "Option::is_none", default)]
            pub extra_env: Option<Vec<String>>,
            /// Extra arguments on Windows nodes.
            #[serde(skip_serializing_if = "Option::is_none", default)]
            pub win_extra_args: Option<BTreeMap<String, String>>,
            /// Extra repeatable arguments on Windows nodes.
            #[serde(skip_serializing_if = "Option::is_none", default)]
            pub win_extra_args_array: Option<BTreeMap<String, Vec<String>>>,
            /// Extra bind mounts on Windows nodes.
            #[serde(skip_serializing_if = "Option::is_none", default)]
            pub win_extra_binds: Option<Vec<String>>,
            /// Extra environment variables on Windows nodes.
            #[serde(skip_serializing_if = "Option::is_none", default)]
            pub win_extra_env: Option<Vec<String>>,
            $(
                $(#[$field_meta])*
                pub $field: $ty,
            )*
        }

        impl $name {
            /// Returns a copy of the keys shared by all RKE services.
            #[must_use]
            pub fn base(&self) -> BaseService {
                BaseService {
                    image: self.image.clone(),
                    extra_args: self.extra_args.clone(),
                    extra_args_array: self.extra_args_array.clone(),
                    extra_binds: self.extra_binds.clone(),
                    extra_env: self.extra_env.clone(),
                    win_extra_args: self.win_extra_args.clone(),
                    win_extra_args_array: self.win_extra_args_array.clone(),
                    win_extra_binds: self.win_extra_binds.clone(),
                    win_extra_env: self.win_extra_env.clone(),
                }
            }
        }
    };
}

rke_service! {
    /// The `etcd` service (RKE's `ETCDService`).
    pub struct EtcdService {
        /// URLs of an external etcd; RKE then deploys no etcd and needs no `etcd` role.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        pub external_urls: Option<Vec<String>>,
        /// The external etcd CA certificate.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        pub ca_cert: Option<String>,
        /// The external etcd client certificate.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        pub cert: Option<String>,
        /// The external etcd client key.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        pub key: Option<String>,
        /// The external etcd key prefix.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        pub path: Option<String>,
        /// The user ID the etcd container runs as.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        pub uid: Option<i64>,
        /// The group ID the etcd container runs as.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        pub gid: Option<i64>,
        /// Legacy recurring snapshots switch; use `backup_config`.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        pub snapshot: Option<bool>,
        /// Legacy snapshot retention, `72h` by default; use `backup_config`.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        pub retention: Option<String>,
        /// Legacy snapshot interval, `12h` by default; use `backup_config`.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        pub creation: Option<String>,
        /// Recurring snapshots.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        pub backup_config: Option<BackupConfig>,
    }
}

rke_service! {
    /// The `kube-api` service (RKE's `KubeAPIService`).
    pub struct KubeApiService {
        /// The Service IP range, `10.43.0.0/16` by default; must match `kube-controller`'s and
        /// cannot change after the cluster is created.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        pub service_cluster_ip_range: Option<String>,
        /// The `NodePort` range, `30000-32767` by default.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        pub service_node_port_range: Option<String>,
        /// The default Pod Security Admission level, `privileged` or `restricted`. Since RKE
        /// v1.5; needs `authorization.mode: rbac` and Kubernetes 1.23 or later.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        pub pod_security_configuration: Option<String>,
        /// Removed in RKE v1.6.0 (present through v1.5.x). Kept so the linter can report it
        /// precisely instead of failing on an unknown key.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        pub pod_security_policy: Option<bool>,
        /// Whether the `AlwaysPullImages` admission plugin is enabled.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        pub always_pull_images: Option<bool>,
        /// Encryption of Secrets at rest.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        pub secrets_encryption_config: Option<SecretsEncryptionConfig>,
        /// API audit logging.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        pub audit_log: Option<AuditLog>,
        /// An apiserver `AdmissionConfiguration` object; kept untyped.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        #[schemars(with = "Option<serde_json::Value>")]
        pub admission_configuration: Option<serde_yaml::Value>,
        /// The `EventRateLimit` admission plugin.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        pub event_rate_limit: Option<EventRateLimit>,
    }
}

rke_service! {
    /// The `kube-controller` service (RKE's `KubeControllerService`).
    pub struct KubeControllerService {
        /// The Pod CIDR, `10.42.0.0/16` by default; cannot change after the cluster is created.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        pub cluster_cidr: Option<String>,
        /// The Service IP range; must match `kube-api`'s.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        pub service_cluster_ip_range: Option<String>,
    }
}

rke_service! {
    /// The `scheduler` service; only the base keys.
    pub struct SchedulerService {}
}

rke_service! {
    /// The `kubelet` service (RKE's `KubeletService`).
    pub struct KubeletService {
        /// The cluster domain, `cluster.local` by default.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        pub cluster_domain: Option<String>,
        /// The pause image.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        pub infra_container_image: Option<String>,
        /// The cluster DNS Service IP, `10.43.0.10` by default; must lie in the Service range.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        pub cluster_dns_server: Option<String>,
        /// Whether the kubelet refuses to start with swap on.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        pub fail_swap_on: Option<bool>,
        /// Whether per-node serving certificates signed by kube-ca are generated.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        pub generate_serving_certificate: Option<bool>,
    }
}

rke_service! {
    /// The `kubeproxy` service; only the base keys.
    pub struct KubeproxyService {}
}

/// Recurring etcd snapshots (RKE's `BackupConfig`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BackupConfig {
    /// Whether recurring snapshots are taken; true by default.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub enabled: Option<bool>,
    /// Hours between snapshots; 12 by default.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub interval_hours: Option<u32>,
    /// Snapshots kept; 6 by default.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub retention: Option<u32>,
    /// An S3 target. The Go field has no `yaml` name, so the key is the lower-cased field name
    /// `s3backupconfig`, not `s3_backup_config`.
    #[serde(rename = "s3backupconfig", skip_serializing_if = "Option::is_none", default)]
    pub s3_backup_config: Option<S3BackupConfig>,
    /// Whether snapshot names avoid special characters.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub safe_timestamp: Option<bool>,
    /// The snapshot timeout in seconds; 300 by default.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub timeout: Option<u32>,
}

/// An S3 target for etcd snapshots. When set, `endpoint` and `bucket_name` are required.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct S3BackupConfig {
    /// The access key ID.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub access_key: Option<String>,
    /// The secret access key.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub secret_key: Option<String>,
    /// The bucket.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub bucket_name: Option<String>,
    /// The AWS region.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub region: Option<String>,
    /// The S3 endpoint, for example `s3.amazonaws.com`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub endpoint: Option<String>,
    /// A CA certificate for a custom endpoint.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub custom_ca: Option<String>,
    /// The folder inside the bucket.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub folder: Option<String>,
}

/// Encryption of Secrets at rest.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SecretsEncryptionConfig {
    /// Whether encryption is enabled.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub enabled: Option<bool>,
    /// A custom `EncryptionConfiguration` object; kept untyped.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    #[schemars(with = "Option<serde_json::Value>")]
    pub custom_config: Option<serde_yaml::Value>,
}

/// API audit logging.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AuditLog {
    /// Whether audit logging is enabled.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub enabled: Option<bool>,
    /// Log file settings and policy.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub configuration: Option<AuditLogConfig>,
}

/// Audit log file settings.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AuditLogConfig {
    /// Days to keep old log files.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub max_age: Option<u32>,
    /// Old log files to keep.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub max_backup: Option<u32>,
    /// The maximum log file size in megabytes.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub max_size: Option<u32>,
    /// The log file path.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub path: Option<String>,
    /// The log format, `json` or `legacy`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub format: Option<String>,
    /// An `audit.k8s.io/v1` `Policy` object; kept untyped.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    #[schemars(with = "Option<serde_json::Value>")]
    pub policy: Option<serde_yaml::Value>,
}

/// The `EventRateLimit` admission plugin.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EventRateLimit {
    /// Whether the plugin is enabled.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub enabled: Option<bool>,
    /// The plugin `Configuration` object; kept untyped.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    #[schemars(with = "Option<serde_json::Value>")]
    pub configuration: Option<serde_yaml::Value>,
}

// ---------------------------------------------------------------------------------------------
// Network, authentication, authorization.
// ---------------------------------------------------------------------------------------------

/// The network plugin (RKE's `NetworkConfig`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NetworkConfig {
    /// `canal` (the default), `flannel`, `calico`, `weave`, `aci` or `none`. Weave is rejected
    /// for Kubernetes 1.30 and later.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub plugin: Option<String>,
    /// Plugin options.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub options: Option<BTreeMap<String, String>>,
    /// The CNI MTU; the flannel plugin rejects it.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub mtu: Option<u32>,
    /// Calico settings.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub calico_network_provider: Option<CalicoNetworkProvider>,
    /// Canal settings.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub canal_network_provider: Option<CanalNetworkProvider>,
    /// Flannel settings.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub flannel_network_provider: Option<FlannelNetworkProvider>,
    /// Weave settings.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub weave_network_provider: Option<WeaveNetworkProvider>,
    /// Cisco ACI settings (around a hundred keys); kept untyped.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    #[schemars(with = "Option<serde_json::Value>")]
    pub aci_network_provider: Option<serde_yaml::Value>,
    /// The node selector of the plugin pods.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub node_selector: Option<BTreeMap<String, String>>,
    /// The `DaemonSet` update strategy (`strategy`, `rollingUpdate`); kept untyped.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    #[schemars(with = "Option<serde_json::Value>")]
    pub update_strategy: Option<serde_yaml::Value>,
    /// Tolerations of the plugin pods; kept untyped. RKE decodes them with yaml.v2 into
    /// core/v1 `Toleration`, which has no `yaml` tags, so its keys are lower-cased
    /// (`tolerationseconds`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    #[schemars(with = "Option<Vec<serde_json::Value>>")]
    pub tolerations: Option<Vec<serde_yaml::Value>>,
    /// Whether `br_netfilter` is loaded on the nodes. Not in RKE v1.6.3; later releases add it
    /// (default true).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub enable_br_netfilter: Option<bool>,
}

/// Calico settings.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CalicoNetworkProvider {
    /// The cloud provider used with Calico. The Go field has no `yaml` name, so the key is
    /// `cloudprovider`.
    #[serde(rename = "cloudprovider", skip_serializing_if = "Option::is_none", default)]
    pub cloud_provider: Option<String>,
}

/// Canal settings: flannel's `iface`, inlined as in RKE, plus a blackhole route.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CanalNetworkProvider {
    /// The interface flannel uses.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub iface: Option<String>,
    /// The blackhole route. Not in RKE v1.6.3; later releases add it.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub blackhole_route: Option<String>,
}

/// Flannel settings.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FlannelNetworkProvider {
    /// The interface flannel uses.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub iface: Option<String>,
}

/// Weave settings.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WeaveNetworkProvider {
    /// The Weave encryption password.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub password: Option<String>,
}

/// API server authentication (RKE's `AuthnConfig`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AuthnConfig {
    /// `x509` (the default) or a `|`-separated list such as `x509|webhook`; `x509` must be in it.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub strategy: Option<String>,
    /// Extra names and IPs in the API server certificate.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub sans: Option<Vec<String>>,
    /// Webhook authentication.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub webhook: Option<AuthWebhookConfig>,
}

/// Webhook authentication settings.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AuthWebhookConfig {
    /// The webhook kubeconfig file contents.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub config_file: Option<String>,
    /// How long decisions are cached; `5s` by default.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub cache_timeout: Option<String>,
}

/// API server authorization (RKE's `AuthzConfig`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AuthzConfig {
    /// `rbac` (the default) or `none`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub mode: Option<String>,
    /// Mode options.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub options: Option<BTreeMap<String, String>>,
}

// ---------------------------------------------------------------------------------------------
// Add-ons: ingress, DNS, monitoring.
// ---------------------------------------------------------------------------------------------

/// The ingress controller add-on (RKE's `IngressConfig`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IngressConfig {
    /// `nginx` (the default) or `none`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub provider: Option<String>,
    /// Entries of the controller `ConfigMap`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub options: Option<BTreeMap<String, String>>,
    /// The node selector of the controller pods.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub node_selector: Option<BTreeMap<String, String>>,
    /// Extra controller arguments.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub extra_args: Option<BTreeMap<String, String>>,
    /// The pods' DNS policy.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub dns_policy: Option<String>,
    /// Extra environment variables (core/v1 `EnvVar`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub extra_envs: Option<Vec<EnvVar>>,
    /// Extra volumes (core/v1 `Volume`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub extra_volumes: Option<Vec<Volume>>,
    /// Extra volume mounts (core/v1 `VolumeMount`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub extra_volume_mounts: Option<Vec<VolumeMount>>,
    /// The `DaemonSet` update strategy; kept untyped.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    #[schemars(with = "Option<serde_json::Value>")]
    pub update_strategy: Option<serde_yaml::Value>,
    /// The HTTP port; must differ from `https_port` in `hostPort` mode.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub http_port: Option<u16>,
    /// The HTTPS port.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub https_port: Option<u16>,
    /// `hostNetwork`, `hostPort` or `none`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub network_mode: Option<String>,
    /// Tolerations of the controller pods; kept untyped (see [`NetworkConfig::tolerations`]).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    #[schemars(with = "Option<Vec<serde_json::Value>>")]
    pub tolerations: Option<Vec<serde_yaml::Value>>,
    /// Whether the default HTTP backend is deployed; true by default.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub default_backend: Option<bool>,
    /// The `PriorityClass` of the default backend.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub default_http_backend_priority_class_name: Option<String>,
    /// The `PriorityClass` of the controller.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub nginx_ingress_controller_priority_class_name: Option<String>,
    /// Whether the `IngressClass` is the default one; true by default.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub default_ingress_class: Option<bool>,
}

/// The cluster DNS add-on (RKE's `DNSConfig`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DnsConfig {
    /// `coredns` (the default from Kubernetes 1.14), `kube-dns` or `none`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub provider: Option<String>,
    /// Provider options.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub options: Option<BTreeMap<String, String>>,
    /// Upstream name servers. The key is one word: `upstreamnameservers`.
    #[serde(rename = "upstreamnameservers", skip_serializing_if = "Option::is_none", default)]
    pub upstream_nameservers: Option<Vec<String>>,
    /// Reverse lookup CIDRs. The key is one word: `reversecidrs`.
    #[serde(rename = "reversecidrs", skip_serializing_if = "Option::is_none", default)]
    pub reverse_cidrs: Option<Vec<String>>,
    /// Stub domains and their servers. The key is one word: `stubdomains`.
    #[serde(rename = "stubdomains", skip_serializing_if = "Option::is_none", default)]
    pub stub_domains: Option<BTreeMap<String, Vec<String>>>,
    /// The node selector of the DNS pods.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub node_selector: Option<BTreeMap<String, String>>,
    /// `NodeLocal DNSCache`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub nodelocal: Option<NodelocalConfig>,
    /// The Deployment update strategy; kept untyped.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    #[schemars(with = "Option<serde_json::Value>")]
    pub update_strategy: Option<serde_yaml::Value>,
    /// Autoscaler parameters for the DNS replica count.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub linear_autoscaler_params: Option<LinearAutoscalerParams>,
    /// Tolerations of the DNS pods; kept untyped (see [`NetworkConfig::tolerations`]).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    #[schemars(with = "Option<Vec<serde_json::Value>>")]
    pub tolerations: Option<Vec<serde_yaml::Value>>,
}

/// `NodeLocal DNSCache` settings.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NodelocalConfig {
    /// The link-local IP of the cache, for example `169.254.20.10`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ip_address: Option<String>,
    /// The `DaemonSet` update strategy; kept untyped.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    #[schemars(with = "Option<serde_json::Value>")]
    pub update_strategy: Option<serde_yaml::Value>,
    /// The node selector of the cache pods.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub node_selector: Option<BTreeMap<String, String>>,
    /// The `PriorityClass` of the cache pods.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub node_local_dns_priority_class_name: Option<String>,
}

/// Parameters of the cluster-proportional autoscaler for DNS.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LinearAutoscalerParams {
    /// Cores per replica; 128 by default.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub cores_per_replica: Option<f64>,
    /// Nodes per replica; 4 by default.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub nodes_per_replica: Option<f64>,
    /// The minimum replica count; 1 by default.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub min: Option<u32>,
    /// The maximum replica count.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub max: Option<u32>,
    /// Whether at least two replicas run when there is more than one node; true by default.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub prevent_single_point_failure: Option<bool>,
}

/// The metrics add-on (RKE's `MonitoringConfig`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MonitoringConfig {
    /// `metrics-server` (the default) or `none`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub provider: Option<String>,
    /// Extra metrics-server arguments.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub options: Option<BTreeMap<String, String>>,
    /// The node selector of the metrics-server pods.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub node_selector: Option<BTreeMap<String, String>>,
    /// The Deployment update strategy; kept untyped.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    #[schemars(with = "Option<serde_json::Value>")]
    pub update_strategy: Option<serde_yaml::Value>,
    /// The replica count; 1 by default.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub replicas: Option<i32>,
    /// Tolerations of the metrics-server pods; kept untyped (see [`NetworkConfig::tolerations`]).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    #[schemars(with = "Option<Vec<serde_json::Value>>")]
    pub tolerations: Option<Vec<serde_yaml::Value>>,
    /// The `PriorityClass` of metrics-server.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub metrics_server_priority_class_name: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// Other top-level objects.
// ---------------------------------------------------------------------------------------------

/// A private registry and its credentials.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PrivateRegistry {
    /// The registry host, for example `registry.example.com`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub url: Option<String>,
    /// The user name.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub user: Option<String>,
    /// The password.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub password: Option<String>,
    /// Whether system images are pulled from this registry.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub is_default: Option<bool>,
    /// AWS ECR credentials.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ecr_credential_plugin: Option<EcrCredentialPlugin>,
}

/// AWS ECR credentials of a private registry.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EcrCredentialPlugin {
    /// The access key ID.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub aws_access_key_id: Option<String>,
    /// The secret access key.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub aws_secret_access_key: Option<String>,
    /// The session token.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub aws_session_token: Option<String>,
}

/// A jump host for SSH.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BastionHost {
    /// The bastion address.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub address: Option<String>,
    /// The SSH port; a string in RKE.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub port: Option<String>,
    /// The SSH user.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub user: Option<String>,
    /// Whether the local SSH agent is used.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ssh_agent_auth: Option<bool>,
    /// The SSH private key itself.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ssh_key: Option<String>,
    /// The SSH private key path.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ssh_key_path: Option<String>,
    /// The SSH certificate itself.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ssh_cert: Option<String>,
    /// The SSH certificate path.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ssh_cert_path: Option<String>,
    /// Whether proxy environment variables are ignored.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ignore_proxy_env_vars: Option<bool>,
}

/// The cloud provider integration. The provider bodies are kept untyped; note that these keys
/// are camelCase, unlike the rest of `cluster.yml`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CloudProvider {
    /// The provider name, for example `aws`, `azure`, `openstack`, `vsphere`, `harvester` or
    /// `external`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub name: Option<String>,
    /// Whether instance metadata provides the hostname (AWS only).
    #[serde(
        rename = "useInstanceMetadataHostname",
        skip_serializing_if = "Option::is_none",
        default
    )]
    pub use_instance_metadata_hostname: Option<bool>,
    /// AWS settings.
    #[serde(rename = "awsCloudProvider", skip_serializing_if = "Option::is_none", default)]
    #[schemars(with = "Option<serde_json::Value>")]
    pub aws_cloud_provider: Option<serde_yaml::Value>,
    /// Azure settings.
    #[serde(rename = "azureCloudProvider", skip_serializing_if = "Option::is_none", default)]
    #[schemars(with = "Option<serde_json::Value>")]
    pub azure_cloud_provider: Option<serde_yaml::Value>,
    /// `OpenStack` settings.
    #[serde(rename = "openstackCloudProvider", skip_serializing_if = "Option::is_none", default)]
    #[schemars(with = "Option<serde_json::Value>")]
    pub openstack_cloud_provider: Option<serde_yaml::Value>,
    /// vSphere settings.
    #[serde(rename = "vsphereCloudProvider", skip_serializing_if = "Option::is_none", default)]
    #[schemars(with = "Option<serde_json::Value>")]
    pub vsphere_cloud_provider: Option<serde_yaml::Value>,
    /// Harvester settings.
    #[serde(rename = "harvesterCloudProvider", skip_serializing_if = "Option::is_none", default)]
    #[schemars(with = "Option<serde_json::Value>")]
    pub harvester_cloud_provider: Option<serde_yaml::Value>,
    /// A custom cloud config file, as one string.
    #[serde(rename = "customCloudProvider", skip_serializing_if = "Option::is_none", default)]
    pub custom_cloud_provider: Option<String>,
}

/// Restore from an etcd snapshot.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RestoreConfig {
    /// Whether a restore is requested.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub restore: Option<bool>,
    /// The snapshot to restore.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub snapshot_name: Option<String>,
}

/// Certificate rotation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RotateCertificates {
    /// Whether the CA is rotated too. The Go field only has a JSON tag (`caCertificates`);
    /// yaml.v2 therefore reads the lower-cased field name `cacertificates`.
    #[serde(rename = "cacertificates", skip_serializing_if = "Option::is_none", default)]
    pub ca_certificates: Option<bool>,
    /// Services whose certificates are rotated: `etcd`, `kubelet`, `kube-apiserver`,
    /// `kube-proxy`, `kube-scheduler`, `kube-controller-manager`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub services: Option<Vec<String>>,
}

/// How nodes are upgraded (RKE's `NodeUpgradeStrategy`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NodeUpgradeStrategy {
    /// Workers upgraded at once: a count (`2`) or a percentage (`20%`); `10%` by default. A
    /// string in RKE; plain numbers are accepted too.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub max_unavailable_worker: Option<String>,
    /// Control plane nodes upgraded at once; `1` by default.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub max_unavailable_controlplane: Option<String>,
    /// Whether nodes are drained before their upgrade.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub drain: Option<bool>,
    /// Drain options.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub node_drain_input: Option<NodeDrainInput>,
}

/// Drain options of a node upgrade.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NodeDrainInput {
    /// Whether pods without a controller are deleted too.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub force: Option<bool>,
    /// Whether `DaemonSet` pods are ignored; true by default.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ignore_daemonsets: Option<bool>,
    /// Whether pods with emptyDir volumes are deleted.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub delete_local_data: Option<bool>,
    /// The pod termination grace period in seconds; `-1` (the default) uses each pod's own.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub grace_period: Option<i64>,
    /// Seconds before a drain attempt gives up, 1–10800; 120 by default.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub timeout: Option<u32>,
}

/// Image overrides (RKE's `RKESystemImages`), one key per image.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SystemImages {
    /// etcd.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub etcd: Option<String>,
    /// Alpine tools image.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub alpine: Option<String>,
    /// The nginx proxy on worker nodes.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub nginx_proxy: Option<String>,
    /// The certificate deployer.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub cert_downloader: Option<String>,
    /// The service sidekick.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub kubernetes_services_sidecar: Option<String>,
    /// kube-dns.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub kubedns: Option<String>,
    /// dnsmasq.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub dnsmasq: Option<String>,
    /// The kube-dns sidecar.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub kubedns_sidecar: Option<String>,
    /// The kube-dns autoscaler.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub kubedns_autoscaler: Option<String>,
    /// `CoreDNS`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub coredns: Option<String>,
    /// The `CoreDNS` autoscaler.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub coredns_autoscaler: Option<String>,
    /// `NodeLocal DNSCache`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub nodelocal: Option<String>,
    /// The Kubernetes (hyperkube) image.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub kubernetes: Option<String>,
    /// flannel.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub flannel: Option<String>,
    /// The flannel CNI plugin.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub flannel_cni: Option<String>,
    /// calico-node.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub calico_node: Option<String>,
    /// The Calico CNI plugin.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub calico_cni: Option<String>,
    /// The Calico controllers.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub calico_controllers: Option<String>,
    /// calicoctl.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub calico_ctl: Option<String>,
    /// The Calico flexvolume driver.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub calico_flexvol: Option<String>,
    /// The Canal node image.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub canal_node: Option<String>,
    /// The Canal CNI plugin.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub canal_cni: Option<String>,
    /// The Canal controllers.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub canal_controllers: Option<String>,
    /// Canal's flannel.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub canal_flannel: Option<String>,
    /// The Canal flexvolume driver.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub canal_flexvol: Option<String>,
    /// The Weave node image.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub weave_node: Option<String>,
    /// The Weave CNI plugin.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub weave_cni: Option<String>,
    /// The pause image.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub pod_infra_container: Option<String>,
    /// The ingress controller.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ingress: Option<String>,
    /// The ingress default backend.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ingress_backend: Option<String>,
    /// The ingress admission webhook.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ingress_webhook: Option<String>,
    /// metrics-server.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub metrics_server: Option<String>,
    /// The Windows pause image.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub windows_pod_infra_container: Option<String>,
    /// Cisco ACI: the CNI deployer.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub aci_cni_deploy_container: Option<String>,
    /// Cisco ACI: the host agent.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub aci_host_container: Option<String>,
    /// Cisco ACI: the `OpFlex` agent.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub aci_opflex_container: Option<String>,
    /// Cisco ACI: the multicast daemon.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub aci_mcast_container: Option<String>,
    /// Cisco ACI: Open vSwitch.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub aci_ovs_container: Option<String>,
    /// Cisco ACI: the controller.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub aci_controller_container: Option<String>,
    /// Cisco ACI: the GBP server.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub aci_gbp_server_container: Option<String>,
    /// Cisco ACI: the `OpFlex` server.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub aci_opflex_server_container: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Deserializes `yaml`, re-serializes it, deserializes again and checks both values agree.
    fn round_trip<T>(yaml: &str) -> T
    where
        T: serde::de::DeserializeOwned + Serialize + PartialEq + std::fmt::Debug,
    {
        let first: T = serde_yaml::from_str(yaml).expect("the document deserializes");
        let text = serde_yaml::to_string(&first).expect("the value serializes");
        let second: T = serde_yaml::from_str(&text).expect("the re-serialized text deserializes");
        assert_eq!(first, second);
        first
    }

    const CLUSTER: &str = r"
cluster_name: lab
kubernetes_version: v1.26.7-rancher1-1
ssh_key_path: ~/.ssh/id_ed25519
nodes:
  - address: 10.0.0.11
    internal_address: 192.168.10.11
    user: rancher
    role: [controlplane, etcd]
    hostname_override: cp-1
  - address: 10.0.0.12
    user: rancher
    port: 2222
    role: [controlplane, etcd]
    hostname_override: cp-2
  - address: 10.0.0.13
    user: rancher
    role: [controlplane, etcd]
    hostname_override: cp-3
    labels: {tier: control}
    taints:
      - {key: dedicated, value: control, effect: NoSchedule}
services:
  etcd:
    backup_config:
      interval_hours: 12
      retention: 6
      s3backupconfig:
        bucket_name: etcd-snapshots
        endpoint: s3.example.com
  kube-api:
    service_cluster_ip_range: 10.43.0.0/21
    service_node_port_range: 30000-32767
    pod_security_configuration: privileged
    audit_log:
      enabled: true
      configuration: {max_age: 30, path: /var/log/kube-audit/audit.log, format: json}
  kube-controller:
    cluster_cidr: 10.42.0.0/16
    service_cluster_ip_range: 10.43.0.0/21
  scheduler:
    extra_args: {v: '2'}
  kubelet:
    cluster_domain: cluster.local
    cluster_dns_server: 10.43.0.10
    fail_swap_on: false
    extra_args:
      volume-plugin-dir: /usr/libexec/kubernetes/kubelet-plugins/volume/exec
    extra_binds:
      - /usr/libexec/kubernetes/kubelet-plugins:/usr/libexec/kubernetes/kubelet-plugins
  kubeproxy: {}
network:
  plugin: canal
  mtu: 1450
  canal_network_provider: {iface: eth1}
authentication: {strategy: x509, sans: [k8s.example.com]}
authorization: {mode: rbac}
ingress: {provider: none}
dns:
  provider: coredns
  upstreamnameservers: [1.1.1.1]
  nodelocal: {ip_address: 169.254.20.10}
  linear_autoscaler_params: {cores_per_replica: 128, min: 1, prevent_single_point_failure: true}
private_registries:
  - {url: registry.example.com, user: robot, password: secret, is_default: true}
upgrade_strategy:
  max_unavailable_worker: 10%
  max_unavailable_controlplane: 1
  drain: true
  node_drain_input: {ignore_daemonsets: true, delete_local_data: false, timeout: 120}
";

    #[test]
    fn cluster_round_trips() {
        let cluster: RkeClusterConfig = round_trip(CLUSTER);
        let nodes = cluster.nodes.as_ref().expect("nodes are set");
        assert_eq!(nodes.len(), 3);
        assert!(nodes.iter().all(|n| n.role == [RkeRole::Controlplane, RkeRole::Etcd]));
        // RKE's port is a string; a plain number is accepted as its text.
        assert_eq!(nodes[1].port.as_deref(), Some("2222"));

        let services = cluster.services.as_ref().expect("services are set");
        let kube_api = services.kube_api.as_ref().expect("kube-api is set");
        assert_eq!(kube_api.service_cluster_ip_range.as_deref(), Some("10.43.0.0/21"));
        let s3 = services
            .etcd
            .as_ref()
            .and_then(|e| e.backup_config.as_ref())
            .and_then(|b| b.s3_backup_config.as_ref())
            .expect("s3backupconfig is set");
        assert_eq!(s3.bucket_name.as_deref(), Some("etcd-snapshots"));

        let kubelet = services.kubelet.as_ref().expect("kubelet is set").base();
        let args = kubelet.extra_args.expect("extra_args are set");
        assert!(args["volume-plugin-dir"].ends_with("/volume/exec"));
        assert_eq!(kubelet.extra_binds.map(|b| b.len()), Some(1));

        let network = cluster.network.as_ref().expect("network is set");
        assert_eq!(network.plugin.as_deref(), Some("canal"));
        assert_eq!(network.mtu, Some(1450));
        let strategy = cluster.upgrade_strategy.as_ref().expect("upgrade_strategy is set");
        assert_eq!(strategy.max_unavailable_controlplane.as_deref(), Some("1"));
        let dns = cluster.dns.as_ref().expect("dns is set");
        assert_eq!(dns.upstream_nameservers.as_deref(), Some(&["1.1.1.1".to_owned()][..]));
    }

    #[test]
    fn cluster_serializes_rke_key_names() {
        let cluster: RkeClusterConfig = serde_yaml::from_str(CLUSTER).expect("it parses");
        let text = serde_yaml::to_string(&cluster).expect("it serializes");
        for key in [
            "\n  kube-api:\n",
            "\n  kube-controller:\n",
            "\n      s3backupconfig:\n",
            "\n  upstreamnameservers:\n",
            "\n  - controlplane\n",
        ] {
            assert!(text.contains(key), "missing {key:?} in\n{text}");
        }
        assert!(!text.contains("null"));
        assert!(!text.contains("bastion_host"));
    }

    #[test]
    fn node_requires_address_user_and_role() {
        let result: Result<RkeNode, _> = serde_yaml::from_str("{address: 10.0.0.1, role: [etcd]}");
        let message = result.expect_err("a node without user is rejected").to_string();
        assert!(message.contains("missing field `user`"), "{message}");

        let result: Result<RkeNode, _> =
            serde_yaml::from_str("{address: 10.0.0.1, user: u, role: [master]}");
        let message = result.expect_err("an unknown role is rejected").to_string();
        assert!(message.contains("unknown variant `master`"), "{message}");
    }

    #[test]
    fn unknown_fields_are_rejected() {
        // `s3_backup_config` is the intuitive spelling, but RKE only reads `s3backupconfig`.
        let result: Result<RkeClusterConfig, _> = serde_yaml::from_str(
            "services: {etcd: {backup_config: {s3_backup_config: {bucket_name: b}}}}",
        );
        let message = result.expect_err("the snake_case key is rejected").to_string();
        assert!(message.contains("unknown field `s3_backup_config`"), "{message}");

        // Services are spelled with hyphens.
        let result: Result<RkeServices, _> = serde_yaml::from_str("{kube_api: {}}");
        let message = result.expect_err("kube_api is rejected").to_string();
        assert!(message.contains("unknown field `kube_api`"), "{message}");

        // Base keys are repeated into each service without losing strictness.
        let result: Result<KubeletService, _> = serde_yaml::from_str("{extra_bind: [/a:/a]}");
        let message = result.expect_err("a misspelled base key is rejected").to_string();
        assert!(message.contains("unknown field `extra_bind`"), "{message}");
    }
}
