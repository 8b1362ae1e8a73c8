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
    /// The labels of the pods (the template's labels; a Pod's own labels).
    pub labels: Vec<(&'a str, &'a str)>,
    /// The object's namespace (`default` when unset).
    pub namespace: &'a str,
    /// Init containers first, then containers: most rules look at them, so they are listed
    /// once per run rather than once per rule.
    containers: Vec<ContainerView<'a>>,
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
    pub fn containers(&self) -> &[ContainerView<'a>] {
        &self.containers
    }

    /// True when the pods carry every pair of `selector` (an empty selector selects nothing).
    pub fn matches(&self, selector: &[(&str, &str)]) -> bool {
        !selector.is_empty() && selector.iter().all(|pair| self.labels.contains(pair))
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
pub(super) fn pods(documents: &[crate::manifest::Document]) -> Vec<PodView<'_>> {
    let mut pods = Vec::new();
    for (document, object) in
        documents.iter().enumerate().map(|(index, document)| (index, &document.root))
    {
        let Some(kind) = object.get("kind").and_then(Node::as_str) else { continue };
        let Some((_, pointer)) = POD_SPEC_POINTERS.iter().find(|(candidate, _)| *candidate == kind)
        else {
            continue;
        };
        let Some(spec) = object.pointer(pointer) else { continue };
        let labels_pointer = match pointer.strip_suffix("/spec") {
            Some(template) if !template.is_empty() => format!("{template}/metadata/labels"),
            _ => "/metadata/labels".to_owned(),
        };
        let labels = object.pointer(&labels_pointer).map(Node::string_map).unwrap_or_default();
        let namespace =
            object.pointer("/metadata/namespace").and_then(Node::as_str).unwrap_or("default");
        let name = super::object_name(object);
        let containers = containers(pointer, spec);
        pods.push(PodView {
            document,
            kind,
            name,
            object,
            pointer,
            spec,
            labels,
            namespace,
            containers,
        });
    }
    pods
}

/// The containers of the pod spec `spec` at `pointer`: init containers first.
fn containers<'a>(pointer: &str, spec: &'a Node) -> Vec<ContainerView<'a>> {
    let mut containers = Vec::new();
    for (field, is_init) in [("initContainers", true), ("containers", false)] {
        let Some(list) = spec.get(field) else { continue };
        for (index, node) in list.as_seq().iter().enumerate() {
            containers.push(ContainerView {
                pointer: format!("{pointer}/{field}/{index}"),
                node,
                name: node.get("name").and_then(Node::as_str).unwrap_or("<unnamed>"),
                is_init,
            });
        }
    }
    containers
}

/// Pods indexed by namespace and label, to find the pods a selector selects without comparing
/// every Service with every pod. A hash map: the index is only looked up, never iterated, so
/// its order cannot reach the output, and a lookup does not compare strings a dozen times.
pub struct PodIndex<'a> {
    pods: &'a [PodView<'a>],
    by_label: foldhash::HashMap<(&'a str, &'a str, &'a str), Vec<usize>>,
}

impl<'a> PodIndex<'a> {
    pub fn new(pods: &'a [PodView<'a>]) -> Self {
        let mut by_label: foldhash::HashMap<(&'a str, &'a str, &'a str), Vec<usize>> =
            foldhash::HashMap::default();
        for (index, pod) in pods.iter().enumerate() {
            for (key, value) in &pod.labels {
                by_label.entry((pod.namespace, key, value)).or_default().push(index);
            }
        }
        PodIndex { pods, by_label }
    }

    pub fn pods(&self) -> &'a [PodView<'a>] {
        self.pods
    }

    /// The pods of `namespace` that `selector` selects.
    pub fn selected(&self, namespace: &str, selector: &[(&str, &str)]) -> Vec<&'a PodView<'a>> {
        let Some(candidates) = selector
            .iter()
            .map(|(key, value)| {
                self.by_label.get(&(namespace, *key, *value)).map_or(&[][..], Vec::as_slice)
            })
            .min_by_key(|candidates| candidates.len())
        else {
            return Vec::new();
        };
        candidates
            .iter()
            .map(|index| &self.pods[*index])
            .filter(|pod| pod.matches(selector))
            .collect()
    }
}
