//! A YAML/JSON value tree in which every node knows where it was written: the common input of
//! schema validation and lint rules, whether it comes from a YAML file or from timon sources.

use crate::source::Span;

/// One value and its place in the source.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: NodeValue,
    pub span: Span,
}

/// The shapes a value can have.
#[derive(Debug, Clone, PartialEq)]
pub enum NodeValue {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    /// Entries in source order; keys are strings (Kubernetes manifests have no other keys).
    Map(Vec<(Key, Node)>),
}

/// A map key and its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    pub text: String,
    pub span: Span,
}

/// One document of a manifest file, or one object lowered from timon sources.
#[derive(Debug, Clone)]
pub struct Document {
    pub root: Node,
    /// The rules a `# timon:allow RULE reason` comment or a `timon.dev/allow-RULE` annotation
    /// (YAML), or an `allow RULE "reason"` statement (timon) switches off, with the place of
    /// the allowance: `(rule, reason, JSON pointer prefix it covers, span)`.
    pub allowances: Vec<Allowance>,
}

/// A finding switched off on purpose, always with a reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allowance {
    pub rule: String,
    pub reason: String,
    /// The allowance covers findings at this JSON pointer and below (`""` = whole document).
    pub pointer: String,
    pub span: Span,
}

impl Node {
    /// The value at `key` of a map.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            NodeValue::Map(entries) => {
                entries.iter().find(|(candidate, _)| candidate.text == key).map(|(_, node)| node)
            }
            _ => None,
        }
    }

    /// The value at a JSON pointer (`/spec/template/spec/containers/0`).
    pub fn pointer(&self, pointer: &str) -> Option<&Node> {
        let mut node = self;
        for segment in segments(pointer) {
            node = node.child(segment)?;
        }
        Some(node)
    }

    fn child(&self, segment: &str) -> Option<&Node> {
        match &self.value {
            NodeValue::Map(_) if segment.bytes().any(|byte| byte == b'~') => {
                self.get(&segment.replace("~1", "/").replace("~0", "~"))
            }
            NodeValue::Map(_) => self.get(segment),
            NodeValue::Seq(items) => items.get(segment.parse::<usize>().ok()?),
            _ => None,
        }
    }

    /// The span of the deepest node on the way to `pointer` (the node itself when it exists).
    pub fn span_at(&self, pointer: &str) -> Span {
        let mut node = self;
        for segment in segments(pointer) {
            match node.child(segment) {
                Some(next) => node = next,
                None => break,
            }
        }
        node.span
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            NodeValue::Str(text) => Some(text),
            _ => None,
        }
    }

    pub fn as_i64(&self) -> Option<i64> {
        match &self.value {
            NodeValue::Int(number) => Some(*number),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match &self.value {
            NodeValue::Bool(flag) => Some(*flag),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> &[Node] {
        match &self.value {
            NodeValue::Seq(items) => items,
            _ => &[],
        }
    }

    pub fn entries(&self) -> &[(Key, Node)] {
        match &self.value {
            NodeValue::Map(entries) => entries,
            _ => &[],
        }
    }

    /// A string-to-string map (labels, selectors); other values are skipped.
    pub fn string_map(&self) -> Vec<(&str, &str)> {
        self.entries()
            .iter()
            .filter_map(|(key, value)| Some((key.text.as_str(), value.as_str()?)))
            .collect()
    }

    /// The tree as JSON, for schema validation.
    pub fn to_json(&self) -> serde_json::Value {
        match &self.value {
            NodeValue::Null => serde_json::Value::Null,
            NodeValue::Bool(flag) => serde_json::Value::Bool(*flag),
            NodeValue::Int(number) => serde_json::Value::from(*number),
            NodeValue::Float(number) => serde_json::Number::from_f64(*number)
                .map_or(serde_json::Value::Null, serde_json::Value::Number),
            NodeValue::Str(text) => serde_json::Value::String(text.clone()),
            NodeValue::Seq(items) => {
                serde_json::Value::Array(items.iter().map(Node::to_json).collect())
            }
            NodeValue::Map(entries) => serde_json::Value::Object(
                entries.iter().map(|(key, value)| (key.text.clone(), value.to_json())).collect(),
            ),
        }
    }

    /// A tree from JSON where every node has `span`, then `spans` (JSON pointer → span) refine
    /// the nodes they name and everything below them.
    pub fn from_json(value: &serde_json::Value, span: Span, spans: &[(String, Span)]) -> Node {
        build_from_json(value, span, "", spans)
    }
}

fn build_from_json(
    value: &serde_json::Value,
    inherited: Span,
    pointer: &str,
    spans: &[(String, Span)],
) -> Node {
    let span = spans
        .iter()
        .find(|(candidate, _)| candidate == pointer)
        .map_or(inherited, |(_, span)| *span);
    // Child pointers are only spelled out while some refinement lies below this node: most
    // nodes of an object have none, and building a string for each would dominate.
    let refined_below = spans
        .iter()
        .any(|(candidate, _)| candidate.len() > pointer.len() && candidate.starts_with(pointer));
    let child = |suffix: &dyn std::fmt::Display| {
        if refined_below { format!("{pointer}/{suffix}") } else { String::new() }
    };
    let value = match value {
        serde_json::Value::Null => NodeValue::Null,
        serde_json::Value::Bool(flag) => NodeValue::Bool(*flag),
        serde_json::Value::Number(number) => match number.as_i64() {
            Some(integer) => NodeValue::Int(integer),
            None => NodeValue::Float(number.as_f64().unwrap_or_default()),
        },
        serde_json::Value::String(text) => NodeValue::Str(text.clone()),
        serde_json::Value::Array(items) => NodeValue::Seq(
            items
                .iter()
                .enumerate()
                .map(|(index, item)| {
                    build_from_json(
                        item,
                        span,
                        &child(&index),
                        if refined_below { spans } else { &[] },
                    )
                })
                .collect(),
        ),
        serde_json::Value::Object(entries) => NodeValue::Map(
            entries
                .iter()
                .map(|(key, item)| {
                    let escaped = if key.contains(['~', '/']) {
                        key.replace('~', "~0").replace('/', "~1")
                    } else {
                        key.clone()
                    };
                    (
                        Key { text: key.clone(), span },
                        build_from_json(
                            item,
                            span,
                            &child(&escaped),
                            if refined_below { spans } else { &[] },
                        ),
                    )
                })
                .collect(),
        ),
    };
    Node { value, span }
}

/// The segments of a JSON pointer, after the empty one before its first `/`. Pointers are
/// looked up millions of times by the lint rules: a byte loop is much cheaper here than
/// `str::split` with its general pattern searcher.
fn segments(pointer: &str) -> impl Iterator<Item = &str> {
    let mut rest = pointer.bytes().position(|byte| byte == b'/').map(|slash| &pointer[slash + 1..]);
    std::iter::from_fn(move || {
        let text = rest?;
        if let Some(slash) = text.bytes().position(|byte| byte == b'/') {
            rest = Some(&text[slash + 1..]);
            Some(&text[..slash])
        } else {
            rest = None;
            Some(text)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_segments_are_those_of_split_after_the_first() {
        for pointer in [
            "",
            "/",
            "//",
            "a",
            "/a",
            "/a/",
            "/spec/template/spec/containers/0",
            "x/y/z",
            "/a~1b/c~0d",
        ] {
            let expected: Vec<&str> = pointer.split('/').skip(1).collect();
            assert_eq!(segments(pointer).collect::<Vec<_>>(), expected, "{pointer:?}");
        }
    }
}
