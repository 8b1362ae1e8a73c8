//! Located trees from lowered objects: every node of an object points at the timon
//! declaration that produced it, so lint findings on timon sources name the right line.

use super::{Document, Node, NodeValue, serialize};
use crate::lower::ir::{Cluster, Object, Output};
use crate::source::Span;

/// One document per lowered object, then RKE's `cluster.yml` when there is one.
pub fn documents(output: &Output) -> Vec<Document> {
    // Objects are independent: they are converted on every core, in order.
    let mut documents: Vec<Document> = crate::parallel::map_in_order(&output.objects, 64, document);
    documents.extend(output.cluster.as_ref().map(cluster_document));
    documents
}

/// The document of one lowered object.
pub fn document(object: &Object) -> Document {
    Document {
        root: tree(&object.body, object.origin, &object.spans),
        allowances: object.allowances.clone(),
    }
}

/// The document of RKE's `cluster.yml`.
pub fn cluster_document(cluster: &Cluster) -> Document {
    Document {
        root: tree(&cluster.config, cluster.origin, &cluster.spans),
        allowances: cluster.allowances.clone(),
    }
}

/// The located tree of one lowered value, built straight from its typed form (no JSON in
/// between); null, as `serde_json::to_value` would give, for a value JSON cannot hold.
fn tree<T: serde::Serialize>(value: &T, origin: Span, spans: &[(String, Span)]) -> Node {
    serialize::to_node(value, origin, spans).unwrap_or_else(|_| {
        let span =
            spans.iter().find(|(pointer, _)| pointer.is_empty()).map_or(origin, |(_, span)| *span);
        Node { value: NodeValue::Null, span }
    })
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;
    use crate::pipeline::{self, NoInputs};

    /// Folders holding `.timon` files under `folder`, itself included.
    fn projects(folder: &Path, found: &mut Vec<PathBuf>) {
        let mut entries: Vec<PathBuf> =
            std::fs::read_dir(folder).unwrap().map(|entry| entry.unwrap().path()).collect();
        entries.sort();
        if entries.iter().any(|path| path.extension().is_some_and(|extension| extension == "timon"))
        {
            found.push(folder.to_path_buf());
        }
        for path in entries.iter().filter(|path| path.is_dir()) {
            projects(path, found);
        }
    }

    /// The trees built directly equal those built through `serde_json::Value`, as they were
    /// built before, for every object of the examples and lint fixtures: findings on timon
    /// sources cannot differ between the two.
    #[test]
    fn direct_trees_equal_trees_through_json() {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let mut folders = Vec::new();
        projects(&root.join("examples"), &mut folders);
        projects(&root.join("tests/fixtures/lint"), &mut folders);
        let mut compared = 0;
        for folder in folders {
            let Ok(loaded) = crate::cli::project::load(&folder) else { continue };
            let environment = pipeline::environments(loaded.files.clone()).into_iter().next();
            let Some(project) = pipeline::check(loaded.files).project else { continue };
            let (output, _) = crate::lower::lower(&project, environment.as_deref(), &NoInputs);
            for object in &output.objects {
                let through_json =
                    Node::from_json(&object.body.to_json(), object.origin, &object.spans);
                assert_eq!(tree(&object.body, object.origin, &object.spans), through_json);
                compared += 1;
            }
            if let Some(cluster) = &output.cluster {
                let value = serde_json::to_value(&cluster.config).unwrap();
                let through_json = Node::from_json(&value, cluster.origin, &cluster.spans);
                assert_eq!(tree(&cluster.config, cluster.origin, &cluster.spans), through_json);
                compared += 1;
            }
        }
        assert!(compared > 50, "only {compared} objects compared");
    }
}
