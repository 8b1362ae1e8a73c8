//! Pod templates wherever they live: a Pod's spec, a workload's template, a `CronJob`'s job
//! template. Rules about containers and pods go through here so that every pod-bearing kind
//! is covered alike.

use crate::manifest::Node;

/// Kinds whose objects hold a pod template, with the JSON pointer of their pod spec.
pub const POD_SPEC_POINTERS: &[(&str, &str)] = &[
    ("Pod", "/spec"),
    ("Deployment", "/spec/template/spec"),
    ("StatefulSet", "/spec/template/spec"),
    ("DaemonSet", "/spec/template/spec"),
    ("ReplicaSet", "/spec/template/spec"),
    ("ReplicationController", "/spec/template/spec"),
    ("Job", "/spec/template/spec"),
    ("CronJob", "/spec/jobTemplate/spec/template/spec"),
];

/// One pod spec of one object.
pub struct PodView<'a> {
    pub document: usize,
    pub kind: &'a str,
    pub name: &'a str,
    pub object: &'a Node,
    /// JSON pointer of the pod spec.
    pub pointer: &'static str,
    pub spec: &'a Node,
}

/// One container of a pod.
pub struct ContainerView<'a> {
    /// JSON pointer of the container.
    pub pointer: String,
    pub node: &'a Node,
    pub name: &'a str,
    pub is_init: bool,
}

impl<'a> PodView<'a> {
    /// Init containers first, then containers.
    pub fn containers(&self) -> Vec<ContainerView<'a>> {
        let mut containers = Vec::new();
        for (field, is_init) in [("initContainers", true), ("containers", false)] {
            let Some(list) = self.spec.get(field) else { continue };
            for (index, node) in list.as_seq().iter().enumerate() {
                containers.push(ContainerView {
                    pointer: format!("{}/{field}/{index}", self.pointer),
                    node,
                    name: node.get("name").and_then(Node::as_str).unwrap_or("<unnamed>"),
                    is_init,
                });
            }
        }
        containers
    }

    /// The labels of the pods (the template's labels; a Pod's own labels).
    pub fn labels(&self) -> Vec<(&'a str, &'a str)> {
        let pointer = match self.pointer.strip_suffix("/spec") {
            Some(template) if !template.is_empty() => format!("{template}/metadata/labels"),
            _ => "/metadata/labels".to_owned(),
        };
        self.object.pointer(&pointer).map(Node::string_map).unwrap_or_default()
    }

    /// The number of pods the object keeps (1 when unset; `DaemonSets` count as several).
    pub fn replicas(&self) -> i64 {
        match self.kind {
            "DaemonSet" => 2,
            "Deployment" | "StatefulSet" | "ReplicaSet" | "ReplicationController" => {
                self.object.pointer("/spec/replicas").and_then(Node::as_i64).unwrap_or(1)
            }
            _ => 1,
        }
    }
}

/// Every pod spec of the documents.
pub(super) fn pods(documents: super::Documents<'_>) -> Vec<PodView<'_>> {
    let mut pods = Vec::new();
    for (document, _, kind, object) in documents.objects() {
        let Some((_, pointer)) = POD_SPEC_POINTERS.iter().find(|(candidate, _)| *candidate == kind)
        else {
            continue;
        };
        let Some(spec) = object.pointer(pointer) else { continue };
        pods.push(PodView {
            document,
            kind,
            name: super::object_name(object),
            object,
            pointer,
            spec,
        });
    }
    pods
}
