//! Manifests as located trees: YAML files parsed with the place of every node, strict schema
//! validation, and the same trees built from timon's lowered objects, so that lint rules run
//! alike on both.

mod block_yaml;
pub mod lowered;
pub mod node;
pub mod schema;
pub mod serialize;
pub mod yaml;

pub use node::{Allowance, Document, Key, Node, NodeValue};
pub use schema::{SchemaResult, validate, validate_rke};
pub use yaml::{ParsedYaml, parse};

/// What the block-YAML fast path and saphyr make of `text`, one event and span a line, or `None`
/// when the fast path declines: the two must be equal. For the `yaml_fast_path` fuzz target
/// and the differential tests.
#[doc(hidden)]
pub fn yaml_fast_path_events(text: &str) -> Option<(String, String)> {
    use std::fmt::Write as _;

    let fast = block_yaml::events(text)?;
    let mut fast_text = String::new();
    for (event, span) in &fast {
        let _ = writeln!(fast_text, "{event:?} {span:?}");
    }
    let mut saphyr_text = String::new();
    let mut parser = saphyr_parser::Parser::new_from_str(text);
    while let Some(result) = parser.next_event() {
        match result {
            Ok((event, span)) => {
                let _ = writeln!(saphyr_text, "{event:?} {span:?}");
            }
            Err(error) => {
                let _ = writeln!(saphyr_text, "error: {error:?}");
                break;
            }
        }
    }
    Some((fast_text, saphyr_text))
}
