//! The one list of lint rules. Registering a rule is one line here.

use super::Rule;
use super::rules::{
    ceph_pool_single_replica::CephPoolSingleReplica, docker_socket_mount::DockerSocketMount,
    duplicate_env_var::DuplicateEnvVar, etcd_even_member_count::EtcdEvenMemberCount,
    host_namespace::HostNamespace, image_tag_latest::ImageTagLatest, invalid_name::InvalidName,
    missing_resource_limits::MissingResourceLimits,
    missing_resource_requests::MissingResourceRequests,
    multiple_default_storage_classes::MultipleDefaultStorageClasses,
    plaintext_secret::PlaintextSecret, pod_port_clash::PodPortClash,
    privilege_escalation_allowed::PrivilegeEscalationAllowed,
    privileged_container::PrivilegedContainer, probe_port_undefined::ProbePortUndefined,
    readiness_probe_missing::ReadinessProbeMissing, reference_undefined::ReferenceUndefined,
    requests_above_limits::RequestsAboveLimits, route_target_missing::RouteTargetMissing,
    selector_template_mismatch::SelectorTemplateMismatch,
    service_selects_no_pod::ServiceSelectsNoPod, shared_rwo_claim::SharedRwoClaim,
    single_control_plane_node::SingleControlPlaneNode,
    traefik_api_group_mismatch::TraefikApiGroupMismatch,
    upgrade_skips_minor_version::UpgradeSkipsMinorVersion,
};

/// Every rule, in code order.
pub static RULES: &[&dyn Rule] = &[
    &MissingResourceLimits,
    &MissingResourceRequests,
    &CephPoolSingleReplica,
    &PodPortClash,
    &UpgradeSkipsMinorVersion,
    &RequestsAboveLimits,
    &ImageTagLatest,
    &ServiceSelectsNoPod,
    &SelectorTemplateMismatch,
    &RouteTargetMissing,
    &ProbePortUndefined,
    &ReadinessProbeMissing,
    &ReferenceUndefined,
    &SharedRwoClaim,
    &DuplicateEnvVar,
    &InvalidName,
    &PrivilegedContainer,
    &PrivilegeEscalationAllowed,
    &HostNamespace,
    &DockerSocketMount,
    &TraefikApiGroupMismatch,
    &EtcdEvenMemberCount,
    &SingleControlPlaneNode,
    &PlaintextSecret,
    &MultipleDefaultStorageClasses,
];

/// The rule with this name (`missing-resource-limits`) or code (`L001`).
pub fn find(name_or_code: &str) -> Option<&'static dyn Rule> {
    RULES.iter().copied().find(|rule| {
        rule.meta().name == name_or_code || rule.meta().code.eq_ignore_ascii_case(name_or_code)
    })
}
