//! The lint rules, one file each; `registry.rs` lists them. Helpers shared by several rules
//! live here.

// Rule doc comments are user documentation (`timon explain`, docs/lints.md): Kubernetes kind
// names such as StatefulSet read better there without code formatting.
#![allow(clippy::doc_markdown)]

pub mod ceph_pool_single_replica;
pub mod docker_socket_mount;
pub mod duplicate_env_var;
pub mod etcd_even_member_count;
pub mod host_namespace;
pub mod image_tag_latest;
pub mod invalid_name;
pub mod missing_resource_limits;
pub mod missing_resource_requests;
pub mod multiple_default_storage_classes;
pub mod plaintext_secret;
pub mod pod_port_clash;
pub mod privilege_escalation_allowed;
pub mod privileged_container;
pub mod probe_port_undefined;
pub mod readiness_probe_missing;
pub mod reference_undefined;
pub mod requests_above_limits;
pub mod route_target_missing;
pub mod selector_template_mismatch;
pub mod service_selects_no_pod;
pub mod shared_rwo_claim;
pub mod single_control_plane_node;
pub mod traefik_api_group_mismatch;
pub mod upgrade_skips_minor_version;

use crate::lint::LintContext;
use crate::manifest::Node;

/// Reports containers without a CPU or memory entry under `resources.<field>`.
fn missing_resources(context: &mut LintContext<'_>, field: &str, word: &str) {
    for pod in context.docs().pods() {
        for container in pod.containers() {
            let resources = container.node.get("resources");
            let has = |name: &str, field: &str| {
                resources
                    .and_then(|resources| resources.get(field))
                    .and_then(|map| map.get(name))
                    .is_some()
            };
            let missing: Vec<&str> = ["cpu", "memory"]
                .into_iter()
                // A request left out defaults to the limit.
                .filter(|name| !(has(name, field) || (field == "requests" && has(name, "limits"))))
                .collect();
            if missing.is_empty() {
                continue;
            }
            let what = missing.join(" and ");
            let kind_of = if container.is_init { "init container" } else { "container" };
            let pointer = if resources.is_some() {
                format!("{}/resources", container.pointer)
            } else {
                container.pointer.clone()
            };
            let example = if field == "limits" {
                "limits: {cpu: 500m, memory: 256Mi}"
            } else {
                "requests: {cpu: 100m, memory: 128Mi}"
            };
            context.report(
                pod.document,
                &pointer,
                format!("{kind_of} `{}` of {} `{}` has no {what} {word}", container.name, pod.kind, pod.name),
                format!("set `resources.{field}` (`{example}`); in timon, `resources {{ cpu REQUEST..LIMIT  memory REQUEST..LIMIT }}`"),
            );
        }
    }
}

/// A Kubernetes quantity in nano-units (`500m` → 5e8, `1Gi` → 2^30 · 1e9), when it parses.
pub(crate) fn quantity_nanos(text: &str) -> Option<u128> {
    let split = text
        .find(|character: char| !(character.is_ascii_digit() || character == '.'))
        .unwrap_or(text.len());
    let (number, suffix) = text.split_at(split);
    let factor = crate::check::values::suffix_nanos(suffix)?;
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    // The digits of both parts as one integer, folded in place (this runs for every
    // container's four quantities: no formatted string).
    if whole.is_empty() && fraction.is_empty() {
        return None;
    }
    let mut digits: u128 = 0;
    for byte in whole.bytes().chain(fraction.bytes()) {
        let digit = char::from(byte).to_digit(10)?;
        digits = digits.checked_mul(10)?.checked_add(u128::from(digit))?;
    }
    let scale = 10u128.checked_pow(u32::try_from(fraction.len()).ok()?)?;
    digits.checked_mul(factor).map(|scaled| scaled / scale)
}

/// A quantity node's text (quantities may be written as numbers: `cpu: 1`).
pub(crate) fn quantity_text(node: &Node) -> Option<String> {
    match &node.value {
        crate::manifest::NodeValue::Str(text) => Some(text.clone()),
        crate::manifest::NodeValue::Int(number) => Some(number.to_string()),
        crate::manifest::NodeValue::Float(number) => Some(number.to_string()),
        _ => None,
    }
}

/// The namespace of an object (`default` when unset).
pub(crate) fn namespace_of(object: &Node) -> &str {
    object.pointer("/metadata/namespace").and_then(Node::as_str).unwrap_or("default")
}

/// How many nodes of an RKE cluster hold `role`.
pub(crate) fn nodes_with_role(cluster: &Node, role: &str) -> usize {
    cluster
        .get("nodes")
        .map(Node::as_seq)
        .unwrap_or_default()
        .iter()
        .filter(|node| {
            node.get("role")
                .map(Node::as_seq)
                .unwrap_or_default()
                .iter()
                .any(|candidate| candidate.as_str() == Some(role))
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reading of a quantity before its digits were folded in place.
    fn through_a_string(text: &str) -> Option<u128> {
        let split = text
            .find(|character: char| !(character.is_ascii_digit() || character == '.'))
            .unwrap_or(text.len());
        let (number, suffix) = text.split_at(split);
        let factor = crate::check::values::suffix_nanos(suffix)?;
        let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
        let digits: u128 = format!("{whole}{fraction}").parse().ok()?;
        let scale = 10u128.checked_pow(u32::try_from(fraction.len()).ok()?)?;
        digits.checked_mul(factor).map(|scaled| scaled / scale)
    }

    #[test]
    fn quantities_read_as_through_a_formatted_string() {
        let cases = [
            "",
            ".",
            "m",
            "1",
            "250m",
            "0.5",
            ".5",
            "1.",
            "1.2.3",
            "512Mi",
            "1Gi",
            "2.5Gi",
            "1e3",
            "100k",
            "0",
            "000",
            "1.0000000000000000000001",
            "340282366920938463463374607431768211456",
            "99999999999999999999999999999999999999Ei",
            "1..5",
            "..",
            "12x",
            "7n",
            "3u",
        ];
        for text in cases {
            assert_eq!(quantity_nanos(text), through_a_string(text), "{text:?}");
        }
    }
}
