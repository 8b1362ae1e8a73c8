//! Located trees straight from typed values: a serde `Serializer` whose output is a [`Node`].
//!
//! `timon check` on timon sources used to turn every lowered object into a `serde_json::Value`
//! and that into a `Node` ([`Node::from_json`]): two trees built, one dropped, every string
//! copied twice. This serialiser builds the `Node` in one pass and gives the same tree as
//! `Node::from_json(&serde_json::to_value(value)?, span, spans)` would — the tests below
//! compare the two on every example — so that findings stay byte for byte what they were:
//!
//! - map entries come out sorted by key, later duplicates winning, because `serde_json::Map`
//!   (without `preserve_order`) is a `BTreeMap`;
//! - numbers are typed as `serde_json` types them: integers that fit `i64` are `Int`, larger
//!   unsigned ones and floats are `Float`, non-finite floats are `Null`;
//! - map keys may be strings, characters, integers or booleans (spelled out), or unit
//!   variants, as `serde_json` accepts; anything else fails;
//! - every node takes the span of the entry of `spans` naming its JSON pointer, else its
//!   parent's span; map keys take their map's span.

use std::ops::Range;

use serde::Serialize;
use serde::ser::{self, Impossible};

use super::node::{Key, Node, NodeValue};
use crate::source::Span;

/// Why a value could not become a tree (only for values `serde_json` rejects as well).
#[derive(Debug)]
pub struct Unsupported(String);

impl std::fmt::Display for Unsupported {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(&self.0)
    }
}

impl std::error::Error for Unsupported {}

impl ser::Error for Unsupported {
    fn custom<T: std::fmt::Display>(message: T) -> Self {
        Unsupported(message.to_string())
    }
}

/// The tree of `value`, every node spanning `span` unless `spans` (JSON pointer → span)
/// refines it.
pub fn to_node<T: Serialize + ?Sized>(
    value: &T,
    span: Span,
    spans: &[(String, Span)],
) -> Result<Node, Unsupported> {
    // Sorted (stably: of equal pointers the first still wins), the spans under any pointer are
    // one run of the list, which narrows as the serialisation descends; under most nodes the
    // run is empty and no pointer is written at all.
    let mut sorted: Vec<&(String, Span)> = spans.iter().collect();
    sorted.sort_by(|(left, _), (right, _)| left.cmp(right));
    let under = 0..sorted.len();
    let mut builder = Builder { spans: sorted, under, pointer: String::new(), inherited: span };
    value.serialize(&mut builder)
}

/// The state shared by the whole serialisation.
struct Builder<'s> {
    /// JSON pointer → span, sorted by pointer.
    spans: Vec<&'s (String, Span)>,
    /// The entries of `spans` whose pointer starts with `pointer`.
    under: Range<usize>,
    /// The JSON pointer of the node being serialised, while `under` is not empty.
    pointer: String,
    /// The span of the parent of the node being serialised.
    inherited: Span,
}

impl Builder<'_> {
    /// The span of the node at the current pointer.
    fn span(&self) -> Span {
        match self.spans.get(self.under.start) {
            Some((pointer, span)) if !self.under.is_empty() && *pointer == self.pointer => *span,
            _ => self.inherited,
        }
    }

    fn leaf(&self, value: NodeValue) -> Node {
        Node { value, span: self.span() }
    }

    /// Steps one pointer segment down; returns the pointer length and the run of spans to
    /// restore when the node is done.
    fn descend(&mut self, segment: Segment<'_>) -> (usize, Range<usize>) {
        let saved = (self.pointer.len(), self.under.clone());
        if self.under.is_empty() {
            return saved;
        }
        self.pointer.push('/');
        match segment {
            Segment::Index(index) => {
                use std::fmt::Write as _;
                let _ = write!(self.pointer, "{index}");
            }
            Segment::Key(key) => {
                for character in key.chars() {
                    match character {
                        '~' => self.pointer.push_str("~0"),
                        '/' => self.pointer.push_str("~1"),
                        other => self.pointer.push(other),
                    }
                }
            }
        }
        let run = &self.spans[self.under.clone()];
        let start = run.partition_point(|(pointer, _)| pointer.as_str() < self.pointer.as_str());
        let length =
            run[start..].partition_point(|(pointer, _)| pointer.starts_with(self.pointer.as_str()));
        let start = self.under.start + start;
        self.under = start..start + length;
        saved
    }

    /// Steps back up to where [`Builder::descend`] started.
    fn ascend(&mut self, (length, under): (usize, Range<usize>)) {
        self.pointer.truncate(length);
        self.under = under;
    }

    /// Serialises a child of a node spanning `parent`, one pointer segment further down.
    fn child<T: Serialize + ?Sized>(
        &mut self,
        parent: Span,
        segment: Segment<'_>,
        value: &T,
    ) -> Result<Node, Unsupported> {
        let saved = self.descend(segment);
        let outer = std::mem::replace(&mut self.inherited, parent);
        let node = value.serialize(&mut *self);
        self.inherited = outer;
        self.ascend(saved);
        node
    }
}

/// One step of a JSON pointer.
#[derive(Clone, Copy)]
enum Segment<'k> {
    Index(usize),
    Key(&'k str),
}

/// Map entries in `serde_json::Map` order: sorted by key, the last of equal keys kept.
fn into_map(mut entries: Vec<(Key, Node)>) -> NodeValue {
    if !entries.is_sorted_by(|(left, _), (right, _)| left.text < right.text) {
        entries.sort_by(|(left, _), (right, _)| left.text.cmp(&right.text));
        entries.dedup_by(|later, kept| {
            let same = later.0.text == kept.0.text;
            if same {
                std::mem::swap(later, kept);
            }
            same
        });
    }
    NodeValue::Map(entries)
}

impl<'b, 's> ser::Serializer for &'b mut Builder<'s> {
    type Ok = Node;
    type Error = Unsupported;
    type SerializeSeq = SeqBuilder<'b, 's>;
    type SerializeTuple = SeqBuilder<'b, 's>;
    type SerializeTupleStruct = SeqBuilder<'b, 's>;
    type SerializeTupleVariant = VariantBuilder<SeqBuilder<'b, 's>>;
    type SerializeMap = MapBuilder<'b, 's>;
    type SerializeStruct = MapBuilder<'b, 's>;
    type SerializeStructVariant = VariantBuilder<MapBuilder<'b, 's>>;

    fn serialize_bool(self, value: bool) -> Result<Node, Unsupported> {
        Ok(self.leaf(NodeValue::Bool(value)))
    }

    fn serialize_i8(self, value: i8) -> Result<Node, Unsupported> {
        self.serialize_i64(i64::from(value))
    }

    fn serialize_i16(self, value: i16) -> Result<Node, Unsupported> {
        self.serialize_i64(i64::from(value))
    }

    fn serialize_i32(self, value: i32) -> Result<Node, Unsupported> {
        self.serialize_i64(i64::from(value))
    }

    fn serialize_i64(self, value: i64) -> Result<Node, Unsupported> {
        Ok(self.leaf(NodeValue::Int(value)))
    }

    fn serialize_i128(self, value: i128) -> Result<Node, Unsupported> {
        if let Ok(value) = i64::try_from(value) {
            self.serialize_i64(value)
        } else if let Ok(value) = u64::try_from(value) {
            self.serialize_u64(value)
        } else {
            Err(Unsupported("number out of range".to_owned()))
        }
    }

    fn serialize_u8(self, value: u8) -> Result<Node, Unsupported> {
        self.serialize_i64(i64::from(value))
    }

    fn serialize_u16(self, value: u16) -> Result<Node, Unsupported> {
        self.serialize_i64(i64::from(value))
    }

    fn serialize_u32(self, value: u32) -> Result<Node, Unsupported> {
        self.serialize_i64(i64::from(value))
    }

    fn serialize_u64(self, value: u64) -> Result<Node, Unsupported> {
        match i64::try_from(value) {
            Ok(value) => self.serialize_i64(value),
            #[allow(
                clippy::cast_precision_loss,
                reason = "serde_json reads a u64 beyond i64 back as a float"
            )]
            Err(_) => Ok(self.leaf(NodeValue::Float(value as f64))),
        }
    }

    fn serialize_u128(self, value: u128) -> Result<Node, Unsupported> {
        match u64::try_from(value) {
            Ok(value) => self.serialize_u64(value),
            Err(_) => Err(Unsupported("number out of range".to_owned())),
        }
    }

    fn serialize_f32(self, value: f32) -> Result<Node, Unsupported> {
        self.serialize_f64(f64::from(value))
    }

    fn serialize_f64(self, value: f64) -> Result<Node, Unsupported> {
        // serde_json has no number for infinities and NaN: they become null.
        let value = if value.is_finite() { NodeValue::Float(value) } else { NodeValue::Null };
        Ok(self.leaf(value))
    }

    fn serialize_char(self, value: char) -> Result<Node, Unsupported> {
        Ok(self.leaf(NodeValue::Str(value.to_string())))
    }

    fn serialize_str(self, value: &str) -> Result<Node, Unsupported> {
        Ok(self.leaf(NodeValue::Str(value.to_owned())))
    }

    fn serialize_bytes(self, value: &[u8]) -> Result<Node, Unsupported> {
        let span = self.span();
        let items = value
            .iter()
            .map(|byte| Node { value: NodeValue::Int(i64::from(*byte)), span })
            .collect();
        Ok(Node { value: NodeValue::Seq(items), span })
    }

    fn serialize_none(self) -> Result<Node, Unsupported> {
        Ok(self.leaf(NodeValue::Null))
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Node, Unsupported> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<Node, Unsupported> {
        Ok(self.leaf(NodeValue::Null))
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<Node, Unsupported> {
        self.serialize_unit()
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<Node, Unsupported> {
        self.serialize_str(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<Node, Unsupported> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Node, Unsupported> {
        let span = self.span();
        let inner = self.child(span, Segment::Key(variant), value)?;
        let key = Key { text: variant.to_owned(), span };
        Ok(Node { value: NodeValue::Map(vec![(key, inner)]), span })
    }

    fn serialize_seq(self, length: Option<usize>) -> Result<SeqBuilder<'b, 's>, Unsupported> {
        let span = self.span();
        Ok(SeqBuilder { builder: self, span, items: Vec::with_capacity(length.unwrap_or(0)) })
    }

    fn serialize_tuple(self, length: usize) -> Result<SeqBuilder<'b, 's>, Unsupported> {
        self.serialize_seq(Some(length))
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        length: usize,
    ) -> Result<SeqBuilder<'b, 's>, Unsupported> {
        self.serialize_seq(Some(length))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        length: usize,
    ) -> Result<Self::SerializeTupleVariant, Unsupported> {
        let (outer, length_before) = self.enter_variant(variant);
        let inner = self.serialize_seq(Some(length))?;
        Ok(VariantBuilder { inner, variant, outer, length_before })
    }

    fn serialize_map(self, length: Option<usize>) -> Result<MapBuilder<'b, 's>, Unsupported> {
        let span = self.span();
        Ok(MapBuilder {
            builder: self,
            span,
            entries: Vec::with_capacity(length.unwrap_or(0)),
            key: None,
        })
    }

    fn serialize_struct(
        self,
        _name: &'static str,
        length: usize,
    ) -> Result<MapBuilder<'b, 's>, Unsupported> {
        self.serialize_map(Some(length))
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        length: usize,
    ) -> Result<Self::SerializeStructVariant, Unsupported> {
        let (outer, length_before) = self.enter_variant(variant);
        let inner = self.serialize_map(Some(length))?;
        Ok(VariantBuilder { inner, variant, outer, length_before })
    }
}

impl Builder<'_> {
    /// Steps into the one-entry map `{variant: …}` that `serde_json` makes of a tuple or struct
    /// variant: returns the span of that map and the pointer length to restore afterwards.
    fn enter_variant(&mut self, variant: &str) -> (Span, (usize, Range<usize>)) {
        let outer = self.span();
        let saved = self.descend(Segment::Key(variant));
        self.inherited = outer;
        (outer, saved)
    }
}

/// A sequence being serialised.
pub struct SeqBuilder<'b, 's> {
    builder: &'b mut Builder<'s>,
    span: Span,
    items: Vec<Node>,
}

impl ser::SerializeSeq for SeqBuilder<'_, '_> {
    type Ok = Node;
    type Error = Unsupported;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        let node = self.builder.child(self.span, Segment::Index(self.items.len()), value)?;
        self.items.push(node);
        Ok(())
    }

    fn end(self) -> Result<Node, Unsupported> {
        Ok(Node { value: NodeValue::Seq(self.items), span: self.span })
    }
}

impl ser::SerializeTuple for SeqBuilder<'_, '_> {
    type Ok = Node;
    type Error = Unsupported;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        ser::SerializeSeq::serialize_element(self, value)
    }

    fn end(self) -> Result<Node, Unsupported> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleStruct for SeqBuilder<'_, '_> {
    type Ok = Node;
    type Error = Unsupported;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        ser::SerializeSeq::serialize_element(self, value)
    }

    fn end(self) -> Result<Node, Unsupported> {
        ser::SerializeSeq::end(self)
    }
}

/// A map or struct being serialised.
pub struct MapBuilder<'b, 's> {
    builder: &'b mut Builder<'s>,
    span: Span,
    entries: Vec<(Key, Node)>,
    /// The key whose value comes next.
    key: Option<String>,
}

impl MapBuilder<'_, '_> {
    fn entry<T: Serialize + ?Sized>(&mut self, key: String, value: &T) -> Result<(), Unsupported> {
        let node = self.builder.child(self.span, Segment::Key(&key), value)?;
        self.entries.push((Key { text: key, span: self.span }, node));
        Ok(())
    }

    fn finish(self) -> Node {
        Node { value: into_map(self.entries), span: self.span }
    }
}

impl ser::SerializeMap for MapBuilder<'_, '_> {
    type Ok = Node;
    type Error = Unsupported;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Unsupported> {
        self.key = Some(key.serialize(KeySerializer)?);
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        let key =
            self.key.take().ok_or_else(|| Unsupported("a map value without its key".to_owned()))?;
        self.entry(key, value)
    }

    fn end(self) -> Result<Node, Unsupported> {
        Ok(self.finish())
    }
}

impl ser::SerializeStruct for MapBuilder<'_, '_> {
    type Ok = Node;
    type Error = Unsupported;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        self.entry(key.to_owned(), value)
    }

    fn end(self) -> Result<Node, Unsupported> {
        Ok(self.finish())
    }
}

/// A tuple or struct variant: `{variant: [...]}` or `{variant: {...}}`, as `serde_json` writes
/// them.
pub struct VariantBuilder<Inner> {
    inner: Inner,
    variant: &'static str,
    /// The span of the one-entry map around the variant's content.
    outer: Span,
    /// The pointer length and run of spans to restore when the variant ends.
    length_before: (usize, Range<usize>),
}

impl VariantBuilder<SeqBuilder<'_, '_>> {
    fn finish(self) -> Node {
        let SeqBuilder { builder, span, items } = self.inner;
        builder.ascend(self.length_before);
        wrap(self.variant, self.outer, Node { value: NodeValue::Seq(items), span })
    }
}

impl VariantBuilder<MapBuilder<'_, '_>> {
    fn finish(self) -> Node {
        let MapBuilder { builder, span, entries, .. } = self.inner;
        builder.ascend(self.length_before);
        wrap(self.variant, self.outer, Node { value: into_map(entries), span })
    }
}

fn wrap(variant: &str, span: Span, inner: Node) -> Node {
    let key = Key { text: variant.to_owned(), span };
    Node { value: NodeValue::Map(vec![(key, inner)]), span }
}

impl ser::SerializeTupleVariant for VariantBuilder<SeqBuilder<'_, '_>> {
    type Ok = Node;
    type Error = Unsupported;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        ser::SerializeSeq::serialize_element(&mut self.inner, value)
    }

    fn end(self) -> Result<Node, Unsupported> {
        Ok(self.finish())
    }
}

impl ser::SerializeStructVariant for VariantBuilder<MapBuilder<'_, '_>> {
    type Ok = Node;
    type Error = Unsupported;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        self.inner.entry(key.to_owned(), value)
    }

    fn end(self) -> Result<Node, Unsupported> {
        Ok(self.finish())
    }
}

/// Map keys as `serde_json` spells them.
struct KeySerializer;

fn key_error() -> Unsupported {
    Unsupported("key must be a string".to_owned())
}

impl ser::Serializer for KeySerializer {
    type Ok = String;
    type Error = Unsupported;
    type SerializeSeq = Impossible<String, Unsupported>;
    type SerializeTuple = Impossible<String, Unsupported>;
    type SerializeTupleStruct = Impossible<String, Unsupported>;
    type SerializeTupleVariant = Impossible<String, Unsupported>;
    type SerializeMap = Impossible<String, Unsupported>;
    type SerializeStruct = Impossible<String, Unsupported>;
    type SerializeStructVariant = Impossible<String, Unsupported>;

    fn serialize_bool(self, value: bool) -> Result<String, Unsupported> {
        Ok(value.to_string())
    }

    fn serialize_i8(self, value: i8) -> Result<String, Unsupported> {
        Ok(value.to_string())
    }

    fn serialize_i16(self, value: i16) -> Result<String, Unsupported> {
        Ok(value.to_string())
    }

    fn serialize_i32(self, value: i32) -> Result<String, Unsupported> {
        Ok(value.to_string())
    }

    fn serialize_i64(self, value: i64) -> Result<String, Unsupported> {
        Ok(value.to_string())
    }

    fn serialize_i128(self, value: i128) -> Result<String, Unsupported> {
        Ok(value.to_string())
    }

    fn serialize_u8(self, value: u8) -> Result<String, Unsupported> {
        Ok(value.to_string())
    }

    fn serialize_u16(self, value: u16) -> Result<String, Unsupported> {
        Ok(value.to_string())
    }

    fn serialize_u32(self, value: u32) -> Result<String, Unsupported> {
        Ok(value.to_string())
    }

    fn serialize_u64(self, value: u64) -> Result<String, Unsupported> {
        Ok(value.to_string())
    }

    fn serialize_u128(self, value: u128) -> Result<String, Unsupported> {
        Ok(value.to_string())
    }

    fn serialize_f32(self, _value: f32) -> Result<String, Unsupported> {
        Err(key_error())
    }

    fn serialize_f64(self, _value: f64) -> Result<String, Unsupported> {
        Err(key_error())
    }

    fn serialize_char(self, value: char) -> Result<String, Unsupported> {
        Ok(value.to_string())
    }

    fn serialize_str(self, value: &str) -> Result<String, Unsupported> {
        Ok(value.to_owned())
    }

    fn serialize_bytes(self, _value: &[u8]) -> Result<String, Unsupported> {
        Err(key_error())
    }

    fn serialize_none(self) -> Result<String, Unsupported> {
        Err(key_error())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, _value: &T) -> Result<String, Unsupported> {
        Err(key_error())
    }

    fn serialize_unit(self) -> Result<String, Unsupported> {
        Err(key_error())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<String, Unsupported> {
        Err(key_error())
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<String, Unsupported> {
        Ok(variant.to_owned())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<String, Unsupported> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<String, Unsupported> {
        Err(key_error())
    }

    fn serialize_seq(self, _length: Option<usize>) -> Result<Self::SerializeSeq, Unsupported> {
        Err(key_error())
    }

    fn serialize_tuple(self, _length: usize) -> Result<Self::SerializeTuple, Unsupported> {
        Err(key_error())
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _length: usize,
    ) -> Result<Self::SerializeTupleStruct, Unsupported> {
        Err(key_error())
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _length: usize,
    ) -> Result<Self::SerializeTupleVariant, Unsupported> {
        Err(key_error())
    }

    fn serialize_map(self, _length: Option<usize>) -> Result<Self::SerializeMap, Unsupported> {
        Err(key_error())
    }

    fn serialize_struct(
        self,
        _name: &'static str,
        _length: usize,
    ) -> Result<Self::SerializeStruct, Unsupported> {
        Err(key_error())
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _length: usize,
    ) -> Result<Self::SerializeStructVariant, Unsupported> {
        Err(key_error())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::source::SourceId;

    fn span(start: usize) -> Span {
        Span::new(SourceId(0), start, start + 1)
    }

    /// What `to_node` must agree with: the tree built through `serde_json::Value`.
    fn through_json<T: Serialize>(value: &T, spans: &[(String, Span)]) -> Node {
        Node::from_json(&serde_json::to_value(value).unwrap(), span(0), spans)
    }

    #[derive(Serialize)]
    enum Shape {
        Unit,
        Newtype(u8),
        Tuple(i32, String),
        Struct { zeta: bool, alpha: Option<f64> },
    }

    #[derive(Serialize)]
    struct Object {
        name: String,
        #[serde(rename = "a/b~c")]
        escaped: Vec<u64>,
        shapes: Vec<Shape>,
        labels: BTreeMap<i32, char>,
        #[serde(flatten)]
        extra: BTreeMap<String, serde_json::Value>,
        nothing: Option<()>,
        big: u64,
        not_a_number: f32,
    }

    fn object() -> Object {
        Object {
            name: "web".to_owned(),
            escaped: vec![1, 2],
            shapes: vec![
                Shape::Unit,
                Shape::Newtype(7),
                Shape::Tuple(-1, "x".to_owned()),
                Shape::Struct { zeta: true, alpha: Some(0.5) },
            ],
            labels: BTreeMap::from([(2, 'b'), (10, 'a')]),
            // `name` again, through `flatten`: the later entry wins, as in a `BTreeMap`.
            extra: BTreeMap::from([("name".to_owned(), serde_json::json!("flattened"))]),
            nothing: None,
            big: u64::MAX,
            not_a_number: f32::NAN,
        }
    }

    #[test]
    fn agrees_with_serde_json_without_spans() {
        assert_eq!(to_node(&object(), span(0), &[]).unwrap(), through_json(&object(), &[]));
    }

    #[test]
    fn agrees_with_serde_json_with_refined_spans() {
        let spans: Vec<(String, Span)> = [
            ("", 1),
            ("/a~1b~0c", 2),
            ("/a~1b~0c/1", 3),
            ("/shapes/2/Tuple", 4),
            ("/shapes/3/Struct/alpha", 5),
            ("/shapes/1", 6),
            ("/labels/10", 7),
            ("/missing/0", 8),
        ]
        .into_iter()
        .map(|(pointer, start)| (pointer.to_owned(), span(start)))
        .collect();
        let direct = to_node(&object(), span(0), &spans).unwrap();
        assert_eq!(direct, through_json(&object(), &spans));
        assert_eq!(direct.pointer("/shapes/3/Struct/alpha").unwrap().span, span(5));
        assert_eq!(direct.pointer("/shapes/3/Struct/zeta").unwrap().span, span(1));
    }

    #[test]
    fn json_values_come_out_unchanged() {
        let value = serde_json::json!({"b": [1, -2, 2.5, null, true], "a": {"c/d": "e"}});
        let spans = vec![("/a/c~1d".to_owned(), span(9))];
        assert_eq!(to_node(&value, span(0), &spans).unwrap(), through_json(&value, &spans));
    }

    #[test]
    fn non_string_keys_fail_as_in_serde_json() {
        let map = BTreeMap::from([(vec![1], 1)]);
        assert!(to_node(&map, span(0), &[]).is_err());
        assert!(serde_json::to_value(&map).is_err());
    }
}
