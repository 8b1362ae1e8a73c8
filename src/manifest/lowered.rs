//! Located trees from lowered objects: every node of an object points at the timon
//! declaration that produced it, so lint findings on timon sources name the right line.

use super::{Document, Node};
use crate::lower::ir::Output;

/// One document per lowered object, then RKE's `cluster.yml` when there is one.
pub fn documents(output: &Output) -> Vec<Document> {
    let mut documents: Vec<Document> = output
        .objects
        .iter()
        .map(|object| Document {
            root: Node::from_json(&object.body.to_json(), object.origin, &object.spans),
            allowances: object.allowances.clone(),
        })
        .collect();
    if let Some(cluster) = &output.cluster {
        let value = serde_json::to_value(&cluster.config).unwrap_or(serde_json::Value::Null);
        documents.push(Document {
            root: Node::from_json(&value, cluster.origin, &cluster.spans),
            allowances: cluster.allowances.clone(),
        });
    }
    documents
}
