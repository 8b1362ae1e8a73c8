//! Manifests as located trees: YAML files parsed with the place of every node, strict schema
//! validation, and the same trees built from timon's lowered objects, so that lint rules run
//! alike on both.

pub mod lowered;
pub mod node;
pub mod schema;
pub mod serialize;
pub mod yaml;

pub use node::{Allowance, Document, Key, Node, NodeValue};
pub use schema::{SchemaResult, validate, validate_rke};
pub use yaml::{ParsedYaml, parse};
