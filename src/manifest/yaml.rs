//! YAML manifests to located trees: the reading step of `timon check` for plain Kubernetes YAML.
//!
//! [`parse`] turns a YAML stream into one [`Document`] per non-empty document. Every node and
//! every map key carries its exact byte span in the file, so schema errors and lint findings
//! point at the line and column where the value is written. Syntax errors, duplicate keys,
//! excessive nesting and runaway aliases are reported as diagnostics; parsing never panics.
//!
//! # Parser
//!
//! Events come from `saphyr-parser`, a pure-Rust YAML 1.2 parser that gives each event a start
//! and end marker. Its markers count characters; they are turned into byte offsets here, and the
//! end of quoted and block scalars is recomputed from the text because the parser's end marker
//! can run over trailing blanks and comments. The tree is built from the events with an
//! explicit stack, so deep input cannot overflow the call stack. Plain block YAML, what most
//! manifests are, is read first by `block_yaml`, which makes the very same events and spans at
//! a fraction of the cost; any file it declines is read by saphyr.
//!
//! # Scalar types: YAML 1.1, as Kubernetes reads them
//!
//! `kubectl` and the API server read manifests through `sigs.k8s.io/yaml`, that is go-yaml v2,
//! which types plain (unquoted) scalars by YAML 1.1 rules. timon types them the same way, so
//! that what it validates is what the cluster receives:
//!
//! - `~`, `null`, `Null`, `NULL` and the empty value are null;
//! - `y`, `yes`, `on`, `true` (also capitalised and upper-case) are `true`, and `n`, `no`,
//!   `off`, `false` are `false`: `enabled: yes` is a boolean, `country: NO` is not a string;
//! - integers may carry a sign, `_` separators (`1_000`) and a `0x` (hex), `0o` or a leading `0`
//!   (octal: `0644` is 420) or `0b` (binary) prefix; integers beyond 64 bits become floats;
//! - floats are `1.5`, `.5`, `1.`, `1e3`, `.inf`, `-.inf` and `.nan`;
//! - everything else, timestamps included, is a string.
//!
//! Quoted and block scalars are always strings. The core tags `!!str`, `!!int`, `!!float`,
//! `!!bool` and `!!null` are obeyed; other tags are ignored. Map keys are kept as written
//! (`on:` is the key `on`), since Kubernetes objects only have string keys.
//!
//! # Aliases, merge keys, duplicates and limits
//!
//! An alias (`*name`) is replaced by a copy of its anchored node; the copy's root takes the
//! alias's span and its children keep the spans of the anchored text. Merge keys (`<<: *base`)
//! are applied as go-yaml v2 does: keys written in the mapping win over merged ones. A key
//! written twice is reported and the later value is kept, which is what go-yaml v2 does.
//! Nesting is limited to [`MAX_DEPTH`] levels and alias expansion to [`MAX_ALIAS_NODES`] nodes
//! per document; a document over either limit is reported and dropped.
//!
//! # Allowances
//!
//! A `# timon:allow RULE reason…` comment anywhere in a document, and an annotation
//! `timon.dev/allow-RULE: "reason"` in its `metadata.annotations`, become an [`Allowance`] for
//! the whole document (pointer `""`). An allowance without a reason, or even without a rule,
//! is still recorded (with empty strings) so that the lint engine can report it.

use std::borrow::Cow;
use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Tag};

use super::block_yaml;
use super::node::{Allowance, Document, Key, Node, NodeValue};
use crate::diagnostics::Diagnostic;
use crate::source::{SourceId, Span};

/// The deepest nesting of sequences and mappings a document may have.
pub const MAX_DEPTH: usize = 256;

/// The most nodes that aliases may copy into one document (a guard against "billion laughs").
pub const MAX_ALIAS_NODES: usize = 100_000;

/// The result of reading one YAML file: its non-empty documents and what was wrong with it.
#[derive(Debug, Default)]
pub struct ParsedYaml {
    /// The documents in file order. A document with a syntax error, or over a limit, is left
    /// out; documents after a syntax error are not read.
    pub documents: Vec<Document>,
    /// Syntax errors, duplicate keys and limit violations, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads a YAML stream (`---`-separated documents) into located trees.
pub fn parse(source: SourceId, text: &str) -> ParsedYaml {
    let mut reader = Reader::new(source, text);
    // Most manifests are plain block YAML, which the fast path reads with saphyr's very events.
    if let Some(events) = block_yaml::events(text) {
        for (event, span) in events {
            if matches!(event, Event::StreamEnd) {
                break;
            }
            reader.event(event, span);
        }
        return reader.finish();
    }
    let mut parser = Parser::new_from_str(text);
    while let Some(result) = parser.next_event() {
        match result {
            Ok((event, span)) => {
                if matches!(event, Event::StreamEnd) {
                    break;
                }
                reader.event(event, span);
            }
            Err(error) => {
                reader.syntax_error(&error);
                break;
            }
        }
    }
    reader.finish()
}

/// The prefix of an annotation that allows a rule: `timon.dev/allow-RULE`.
const ANNOTATION_PREFIX: &str = "timon.dev/allow-";

/// The word that makes a comment an allowance: `# timon:allow RULE reason`.
const COMMENT_MARKER: &str = "timon:allow";

/// The tag handle the parser gives the `!!` core tags.
const CORE_TAG_HANDLE: &str = "tag:yaml.org,2002:";

/// Maps of more entries than this get a hash index for duplicate detection.
const INDEXED_MAP_LEN: usize = 16;

/// Builds documents from parser events.
struct Reader<'text> {
    source: SourceId,
    text: &'text str,
    offsets: Offsets,
    documents: Vec<Document>,
    diagnostics: Vec<Diagnostic>,
    /// Byte ranges of quoted and block scalars, in file order: a `#` there is not a comment.
    scalar_ranges: Vec<(usize, usize)>,
    /// The byte range of every document seen, kept or not, to place comments.
    regions: Vec<Region>,
    /// The document being read, if any.
    current: Option<DocumentState>,
}

/// The part of the file a document covers, and its index in `documents` if it was kept.
struct Region {
    start: usize,
    end: usize,
    document: Option<usize>,
}

/// What is known about the document being read.
struct DocumentState {
    start: usize,
    stack: Vec<Frame>,
    anchors: HashMap<usize, Anchored>,
    alias_nodes: usize,
    root: Option<Node>,
    /// Set when the document went over a limit: its remaining events are ignored.
    abandoned: bool,
}

/// A node with an anchor, ready to be copied by aliases.
struct Anchored {
    node: Node,
    height: usize,
    size: usize,
}

/// An open sequence or mapping.
struct Frame {
    start: usize,
    anchor: usize,
    kind: FrameKind,
}

enum FrameKind {
    Seq(Vec<Node>),
    Map(MapBuilder),
}

/// A mapping being read: its entries so far and what the next node is.
#[derive(Default)]
struct MapBuilder {
    entries: Vec<(Key, Node)>,
    next: Pending,
    /// The values of `<<` merge keys, applied when the mapping ends.
    merges: Vec<(Span, Node)>,
    /// Key text → entry index, once the mapping is large.
    index: Option<HashMap<String, usize>>,
}

/// What the next node of a mapping is.
#[derive(Default)]
enum Pending {
    /// A key.
    #[default]
    Key,
    /// The value of this key.
    Value(Key),
    /// The value of a `<<` merge key.
    Merge(Span),
    /// The value of a key that could not be used; it is dropped.
    Dropped,
}

impl MapBuilder {
    fn find(&self, text: &str) -> Option<usize> {
        match &self.index {
            Some(index) => index.get(text).copied(),
            None => self.entries.iter().position(|(key, _)| key.text == text),
        }
    }

    /// Adds an entry; when the key is already there, the new entry replaces the old one and the
    /// old key's span is returned, with the entry's position.
    fn insert(&mut self, key: Key, value: Node) -> Option<(Span, usize)> {
        if let Some(position) = self.find(&key.text) {
            let first = self.entries[position].0.span;
            self.entries[position] = (key, value);
            return Some((first, position));
        }
        if let Some(index) = &mut self.index {
            index.insert(key.text.clone(), self.entries.len());
        }
        self.entries.push((key, value));
        if self.index.is_none() && self.entries.len() > INDEXED_MAP_LEN {
            let index = self
                .entries
                .iter()
                .enumerate()
                .map(|(position, (key, _))| (key.text.clone(), position))
                .collect();
            self.index = Some(index);
        }
        None
    }

    /// Applies the merge keys: entries of the merged mappings whose key is not written in this
    /// mapping (nor merged before) are appended.
    fn apply_merges(&mut self) -> Vec<Span> {
        let mut invalid = Vec::new();
        for (span, merged) in std::mem::take(&mut self.merges) {
            let sources: Vec<Node> = match merged.value {
                NodeValue::Map(_) => vec![merged],
                NodeValue::Seq(items) => items,
                _ => {
                    invalid.push(span);
                    continue;
                }
            };
            for source in sources {
                let NodeValue::Map(entries) = source.value else {
                    invalid.push(source.span);
                    continue;
                };
                for (key, value) in entries {
                    if self.find(&key.text).is_none() {
                        self.insert(key, value);
                    }
                }
            }
        }
        invalid
    }
}

impl<'text> Reader<'text> {
    fn new(source: SourceId, text: &'text str) -> Self {
        Self {
            source,
            text,
            offsets: Offsets::new(text),
            documents: Vec::new(),
            diagnostics: Vec::new(),
            scalar_ranges: Vec::new(),
            regions: Vec::new(),
            current: None,
        }
    }

    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.source, start, end.max(start))
    }

    fn byte(&self, marker: saphyr_parser::Marker) -> usize {
        self.offsets.byte(marker.index())
    }

    fn event(&mut self, event: Event<'_>, span: saphyr_parser::Span) {
        match event {
            Event::DocumentStart(_) => self.start_document(),
            Event::DocumentEnd => {
                let end = self.byte(span.start);
                self.end_document(end);
            }
            Event::Scalar(value, style, anchor, tag) => {
                // Quoted and block scalars are recorded even in abandoned documents, so that a
                // `#` inside them is never taken for a comment.
                let (start, end) = self.scalar_range(style, span);
                if style != ScalarStyle::Plain {
                    self.scalar_ranges.push((start, end));
                }
                if self.is_open() {
                    self.scalar(&value, style, anchor, tag.as_deref(), start, end);
                }
            }
            Event::Alias(id) if self.is_open() => self.alias(id, span),
            Event::SequenceStart(anchor, _) if self.is_open() => {
                let start = self.byte(span.start);
                self.open(Frame { start, anchor, kind: FrameKind::Seq(Vec::new()) }, start);
            }
            Event::MappingStart(anchor, _) if self.is_open() => {
                let start = self.byte(span.start);
                self.open(
                    Frame { start, anchor, kind: FrameKind::Map(MapBuilder::default()) },
                    start,
                );
            }
            Event::SequenceEnd | Event::MappingEnd if self.is_open() => self.close(span),
            _ => {}
        }
    }

    /// Whether a document is being read and has not been abandoned.
    fn is_open(&self) -> bool {
        self.current.as_ref().is_some_and(|state| !state.abandoned)
    }

    fn state(&mut self) -> &mut DocumentState {
        self.current.get_or_insert_with(|| DocumentState {
            start: 0,
            stack: Vec::new(),
            anchors: HashMap::new(),
            alias_nodes: 0,
            root: None,
            abandoned: false,
        })
    }

    fn start_document(&mut self) {
        let start = self.regions.last().map_or(0, |region| region.end);
        self.current = None;
        self.state().start = start;
    }

    fn end_document(&mut self, end: usize) {
        let Some(state) = self.current.take() else { return };
        let document = match state.root {
            Some(root) if !state.abandoned && root.value != NodeValue::Null => {
                let allowances = annotation_allowances(&root);
                self.documents.push(Document { root, allowances });
                Some(self.documents.len() - 1)
            }
            _ => None,
        };
        self.regions.push(Region { start: state.start, end, document });
    }

    /// Reports a syntax error; the document being read is dropped.
    fn syntax_error(&mut self, error: &ScanError) {
        let offset = self.offsets.byte(error.marker().index()).min(self.text.len());
        let end =
            self.text[offset..].chars().next().map_or(offset, |next| offset + next.len_utf8());
        let span = self.span(offset, end);
        let info = error.info();
        let diagnostic = if info.contains("recursion limit") {
            errors::too_deep(span)
        } else {
            errors::syntax(span, info)
        };
        self.diagnostics.push(diagnostic);
        if let Some(state) = self.current.take() {
            self.regions.push(Region { start: state.start, end: offset, document: None });
        }
    }

    /// Drops the current document after a limit was crossed.
    fn abandon(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
        let state = self.state();
        state.abandoned = true;
        state.stack.clear();
        state.anchors.clear();
    }

    /// The byte range of a scalar: quoted scalars end at their closing quote, plain and block
    /// scalars at their last non-blank character.
    fn scalar_range(&self, style: ScalarStyle, span: saphyr_parser::Span) -> (usize, usize) {
        let start = self.byte(span.start);
        let marker_end = self.byte(span.end).max(start);
        let quote = match style {
            ScalarStyle::SingleQuoted => Some(b'\''),
            ScalarStyle::DoubleQuoted => Some(b'"'),
            _ => None,
        };
        if let Some(end) = quote.and_then(|quote| quoted_end(self.text, start, quote)) {
            return (start, end);
        }
        let written = self.text.get(start..marker_end).unwrap_or("");
        (start, start + written.trim_end().len())
    }

    fn scalar(
        &mut self,
        value: &str,
        style: ScalarStyle,
        anchor: usize,
        tag: Option<&Tag>,
        start: usize,
        end: usize,
    ) {
        let source = self.source;
        let text = self.text;
        let expecting_key = matches!(
            self.state().stack.last(),
            Some(Frame { kind: FrameKind::Map(MapBuilder { next: Pending::Key, .. }), .. })
        );
        if expecting_key {
            let span = Span::new(source, start, end);
            let is_merge = style == ScalarStyle::Plain && tag.is_none() && value == "<<";
            if anchor != 0 {
                let node = Node { value: NodeValue::Str(value.to_owned()), span };
                self.state().anchors.insert(anchor, Anchored { node, height: 0, size: 1 });
            }
            if let Some(Frame { kind: FrameKind::Map(map), .. }) = self.state().stack.last_mut() {
                map.next = if is_merge {
                    Pending::Merge(span)
                } else {
                    Pending::Value(Key { text: value.to_owned(), span })
                };
            }
            return;
        }
        let (value, span) = if value.is_empty() && style == ScalarStyle::Plain && tag.is_none() {
            // An omitted value: a zero-width span right after the key's colon.
            let at = self.empty_value_position(start);
            (NodeValue::Null, Span::new(source, at, at))
        } else {
            let span = Span::new(source, start, end);
            let typed = match (style, tag) {
                (ScalarStyle::Plain, None) => resolve_plain(value),
                (_, None) => NodeValue::Str(value.to_owned()),
                (_, Some(tag)) => match resolve_tagged(value, style, tag) {
                    Ok(typed) => typed,
                    Err(expected) => {
                        let written = text.get(start..end).unwrap_or(value);
                        self.diagnostics.push(errors::bad_tagged_value(span, written, expected));
                        NodeValue::Str(value.to_owned())
                    }
                },
            };
            (typed, span)
        };
        self.push(Node { value, span }, anchor, 0, 1);
    }

    /// Where an omitted mapping value is: just after the colon that follows its key.
    fn empty_value_position(&mut self, fallback: usize) -> usize {
        let text = self.text;
        let Some(Frame {
            kind: FrameKind::Map(MapBuilder { next: Pending::Value(key), .. }), ..
        }) = self.state().stack.last()
        else {
            return fallback;
        };
        let key_end = key.span.end as usize;
        let rest = text.get(key_end..).unwrap_or("");
        let line = rest.split('\n').next().unwrap_or("");
        line.find(':').map_or(key_end, |colon| key_end + colon + 1)
    }

    fn alias(&mut self, id: usize, span: saphyr_parser::Span) {
        let start = self.byte(span.start);
        let end = start + self.text.get(start..).map_or(0, alias_len);
        let alias_span = self.span(start, end);
        let name = self.text.get(start..end).unwrap_or("*").to_owned();
        let state = self.state();
        let depth = state.stack.len();
        let Some(anchored) = state.anchors.get(&id) else {
            self.abandon(errors::alias_inside_anchor(alias_span, &name));
            return;
        };
        let (height, size) = (anchored.height, anchored.size);
        if depth + height > MAX_DEPTH {
            self.abandon(errors::too_deep(alias_span));
            return;
        }
        if state.alias_nodes + size > MAX_ALIAS_NODES {
            self.abandon(errors::too_many_alias_nodes(alias_span));
            return;
        }
        let mut node = anchored.node.clone();
        node.span = alias_span;
        state.alias_nodes += size;
        self.push(node, 0, height, size);
    }

    fn open(&mut self, frame: Frame, start: usize) {
        if self.state().stack.len() >= MAX_DEPTH {
            let end =
                self.text[start..].chars().next().map_or(start, |next| start + next.len_utf8());
            let span = self.span(start, end);
            self.abandon(errors::too_deep(span));
            return;
        }
        self.state().stack.push(frame);
    }

    fn close(&mut self, span: saphyr_parser::Span) {
        let flow_end = (span.end.index() > span.start.index()).then(|| self.byte(span.start) + 1);
        let Some(frame) = self.state().stack.pop() else { return };
        let (value, last_end) = match frame.kind {
            FrameKind::Seq(items) => {
                let last_end = items.last().map(|item| item.span.end as usize);
                (NodeValue::Seq(items), last_end)
            }
            FrameKind::Map(mut map) => {
                for invalid in map.apply_merges() {
                    self.diagnostics.push(errors::bad_merge(invalid));
                }
                let last_end = map
                    .entries
                    .iter()
                    .map(|(key, value)| key.span.end.max(value.span.end) as usize)
                    .max();
                (NodeValue::Map(map.entries), last_end)
            }
        };
        let end = flow_end.or(last_end).unwrap_or(frame.start).max(frame.start);
        let node = Node { value, span: self.span(frame.start, end) };
        let (height, size) = if frame.anchor == 0 { (0, 0) } else { measure(&node) };
        self.push(node, frame.anchor, height, size);
    }

    /// Places a finished node: as the document root, a sequence item, a key or a value.
    fn push(&mut self, node: Node, anchor: usize, height: usize, size: usize) {
        let Some(state) = self.current.as_mut() else { return };
        if anchor != 0 {
            state.anchors.insert(anchor, Anchored { node: node.clone(), height, size });
        }
        let Some(parent) = state.stack.last_mut() else {
            state.root = Some(node);
            return;
        };
        let map = match &mut parent.kind {
            FrameKind::Seq(items) => {
                items.push(node);
                return;
            }
            FrameKind::Map(map) => map,
        };
        match std::mem::take(&mut map.next) {
            Pending::Key => {
                // A key that is not a plain scalar event: an alias or a collection.
                if let Some(text) = scalar_text(&node.value) {
                    map.next = Pending::Value(Key { text, span: node.span });
                } else {
                    map.next = Pending::Dropped;
                    self.diagnostics.push(errors::complex_key(node.span));
                }
            }
            Pending::Value(key) => {
                let second = key.span;
                if let Some((first, position)) = map.insert(key, node) {
                    let text = &map.entries[position].0.text;
                    self.diagnostics.push(errors::duplicate_key(second, first, text));
                }
            }
            Pending::Merge(span) => map.merges.push((span, node)),
            Pending::Dropped => {}
        }
    }

    fn finish(mut self) -> ParsedYaml {
        if let Some(state) = self.current.take() {
            // A stream that ends without a document end event (only after errors).
            self.regions.push(Region { start: state.start, end: self.text.len(), document: None });
        }
        self.collect_comment_allowances();
        ParsedYaml { documents: self.documents, diagnostics: self.diagnostics }
    }

    /// Finds `# timon:allow RULE reason` comments and gives each to the document it is in.
    fn collect_comment_allowances(&mut self) {
        let text = self.text;
        for (marker, _) in text.match_indices(COMMENT_MARKER) {
            let Some(hash) = comment_start(text, marker) else { continue };
            if self.in_scalar(hash) {
                continue;
            }
            let Some(document) = self
                .regions
                .iter()
                .find(|region| region.start <= hash && hash < region.end)
                .and_then(|region| region.document)
            else {
                continue;
            };
            let after = marker + COMMENT_MARKER.len();
            let line_end = text[after..].find('\n').map_or(text.len(), |newline| after + newline);
            let rest = &text[after..line_end];
            if rest.chars().next().is_some_and(|next| !next.is_whitespace()) {
                // `timon:allowed` and the like are not allowances.
                continue;
            }
            let rest = rest.trim();
            let (rule, reason) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
            let comment_end = hash + text[hash..line_end].trim_end().len();
            let span = self.span(hash, comment_end);
            self.documents[document].allowances.push(Allowance {
                rule: rule.to_owned(),
                reason: reason.trim().to_owned(),
                pointer: String::new(),
                span,
            });
        }
    }

    /// Whether a byte offset lies inside a quoted or block scalar.
    fn in_scalar(&self, offset: usize) -> bool {
        let after = self.scalar_ranges.partition_point(|(start, _)| *start <= offset);
        after > 0 && self.scalar_ranges[after - 1].1 > offset
    }
}

/// Character index → byte offset, for the parser's markers.
enum Offsets {
    /// ASCII text: character and byte offsets agree.
    Ascii,
    /// The byte offset of each character, then the text length.
    Table(Vec<usize>),
}

impl Offsets {
    fn new(text: &str) -> Self {
        if text.is_ascii() {
            return Self::Ascii;
        }
        let mut table: Vec<usize> = text.char_indices().map(|(offset, _)| offset).collect();
        table.push(text.len());
        Self::Table(table)
    }

    fn byte(&self, index: usize) -> usize {
        match self {
            Self::Ascii => index,
            Self::Table(table) => table.get(index).or(table.last()).copied().unwrap_or(0),
        }
    }
}

/// The end (exclusive) of a quoted scalar whose opening quote is at or after `start`.
fn quoted_end(text: &str, start: usize, quote: u8) -> Option<usize> {
    let bytes = text.as_bytes();
    let open = start + bytes.get(start..)?.iter().position(|&byte| byte == quote)?;
    let mut position = open + 1;
    while let Some(&byte) = bytes.get(position) {
        if quote == b'"' && byte == b'\\' {
            position += 2;
        } else if byte == quote {
            if quote == b'\'' && bytes.get(position + 1) == Some(&b'\'') {
                position += 2;
            } else {
                return Some(position + 1);
            }
        } else {
            position += 1;
        }
    }
    None
}

/// The length of an alias (`*name`) written at the start of `text`.
fn alias_len(text: &str) -> usize {
    text.char_indices()
        .skip(1)
        .find(|(_, character)| character.is_whitespace() || ",[]{}".contains(*character))
        .map_or(text.len(), |(offset, _)| offset)
}

/// The offset of the `#` that starts the comment holding `marker`, if `marker` is in a comment.
fn comment_start(text: &str, marker: usize) -> Option<usize> {
    let line_start = text[..marker].rfind('\n').map_or(0, |newline| newline + 1);
    let before = text[line_start..marker].trim_end_matches([' ', '\t']);
    let hash = line_start + before.strip_suffix('#').map(str::len)?;
    let preceded_by_blank = hash == line_start || text[..hash].ends_with([' ', '\t']);
    preceded_by_blank.then_some(hash)
}

/// The height (levels of nesting) and size (node count) of a node.
fn measure(node: &Node) -> (usize, usize) {
    let children: Box<dyn Iterator<Item = &Node>> = match &node.value {
        NodeValue::Seq(items) => Box::new(items.iter()),
        NodeValue::Map(entries) => Box::new(entries.iter().map(|(_, value)| value)),
        _ => return (0, 1),
    };
    children.fold((1, 1), |(height, size), child| {
        let (child_height, child_size) = measure(child);
        (height.max(child_height + 1), size + child_size)
    })
}

/// The text of a scalar used as a key through an alias.
fn scalar_text(value: &NodeValue) -> Option<String> {
    match value {
        NodeValue::Null => Some(String::new()),
        NodeValue::Bool(flag) => Some(flag.to_string()),
        NodeValue::Int(number) => Some(number.to_string()),
        NodeValue::Float(number) => Some(number.to_string()),
        NodeValue::Str(text) => Some(text.clone()),
        NodeValue::Seq(_) | NodeValue::Map(_) => None,
    }
}

/// Types a plain scalar by go-yaml v2's YAML 1.1 rules (see the module documentation).
fn resolve_plain(text: &str) -> NodeValue {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return NodeValue::Null,
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "true" | "True" | "TRUE" => {
            return NodeValue::Bool(true);
        }
        "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" | "false" | "False" | "FALSE" => {
            return NodeValue::Bool(false);
        }
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return NodeValue::Float(f64::INFINITY);
        }
        "-.inf" | "-.Inf" | "-.INF" => return NodeValue::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return NodeValue::Float(f64::NAN),
        _ => {}
    }
    let Some(first) = text.chars().next() else { return NodeValue::Null };
    if !"+-.0123456789".contains(first) {
        return NodeValue::Str(text.to_owned());
    }
    let plain: Cow<'_, str> =
        if text.contains('_') { Cow::Owned(text.replace('_', "")) } else { Cow::Borrowed(text) };
    if let Some(number) = parse_integer(&plain) {
        return number;
    }
    if is_yaml_float(&plain)
        && let Ok(number) = plain.parse::<f64>()
    {
        return NodeValue::Float(number);
    }
    NodeValue::Str(text.to_owned())
}

/// Parses an integer the way Go's `strconv.ParseInt(text, 0, 64)` does; values beyond `i64`
/// become floats.
fn parse_integer(text: &str) -> Option<NodeValue> {
    let (negative, unsigned) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let prefix =
        unsigned.as_bytes().get(..2).map(|prefix| [prefix[0], prefix[1].to_ascii_lowercase()]);
    let (radix, digits) = match prefix {
        Some([b'0', b'x']) => (16, &unsigned[2..]),
        Some([b'0', b'o']) => (8, &unsigned[2..]),
        Some([b'0', b'b']) => (2, &unsigned[2..]),
        _ if unsigned.len() > 1 && unsigned.starts_with('0') => (8, &unsigned[1..]),
        _ => (10, unsigned),
    };
    if digits.is_empty() || !digits.chars().all(|digit| digit.is_digit(radix)) {
        return None;
    }
    let magnitude = u128::from_str_radix(digits, radix).ok()?;
    let value =
        if negative { -i128::try_from(magnitude).ok()? } else { i128::try_from(magnitude).ok()? };
    match i64::try_from(value) {
        Ok(integer) => Some(NodeValue::Int(integer)),
        #[allow(
            clippy::cast_precision_loss,
            reason = "integers beyond i64 are floats, as in go-yaml"
        )]
        Err(_) => Some(NodeValue::Float(value as f64)),
    }
}

/// go-yaml v2's float syntax: `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
fn is_yaml_float(text: &str) -> bool {
    let text = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(position) => (&text[..position], Some(&text[position + 1..])),
        None => (text, None),
    };
    let all_digits = |part: &str| part.bytes().all(|byte| byte.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some(("", fraction)) => !fraction.is_empty() && all_digits(fraction),
        Some((whole, fraction)) => all_digits(whole) && all_digits(fraction),
        None => !mantissa.is_empty() && all_digits(mantissa),
    };
    let exponent_ok = exponent.is_none_or(|exponent| {
        let digits = exponent.strip_prefix(['-', '+']).unwrap_or(exponent);
        !digits.is_empty() && all_digits(digits)
    });
    mantissa_ok && exponent_ok
}

/// Types a scalar with an explicit tag; a core tag whose value does not fit gives the tag.
fn resolve_tagged(text: &str, style: ScalarStyle, tag: &Tag) -> Result<NodeValue, &'static str> {
    if tag.handle != CORE_TAG_HANDLE {
        return Ok(if style == ScalarStyle::Plain {
            resolve_plain(text)
        } else {
            NodeValue::Str(text.to_owned())
        });
    }
    let resolved = resolve_plain(text);
    match tag.suffix.as_str() {
        "int" => match resolved {
            NodeValue::Int(_) => Ok(resolved),
            _ => Err("!!int"),
        },
        "float" => match resolved {
            NodeValue::Float(_) => Ok(resolved),
            #[allow(clippy::cast_precision_loss, reason = "a `!!float` is a float")]
            NodeValue::Int(integer) => Ok(NodeValue::Float(integer as f64)),
            _ => Err("!!float"),
        },
        "bool" => match resolved {
            NodeValue::Bool(_) => Ok(resolved),
            _ => Err("!!bool"),
        },
        "null" => match resolved {
            NodeValue::Null => Ok(resolved),
            _ => Err("!!null"),
        },
        _ => Ok(NodeValue::Str(text.to_owned())),
    }
}

/// The allowances written as `timon.dev/allow-RULE` annotations.
fn annotation_allowances(root: &Node) -> Vec<Allowance> {
    let Some(annotations) = root.get("metadata").and_then(|metadata| metadata.get("annotations"))
    else {
        return Vec::new();
    };
    annotations
        .entries()
        .iter()
        .filter_map(|(key, value)| {
            let rule = key.text.strip_prefix(ANNOTATION_PREFIX)?;
            Some(Allowance {
                rule: rule.to_owned(),
                reason: value.as_str().unwrap_or("").trim().to_owned(),
                pointer: String::new(),
                span: key.span.to(value.span),
            })
        })
        .collect()
}

/// The diagnostics of this module, worded in one place.
mod errors {
    use super::MAX_ALIAS_NODES;
    use super::MAX_DEPTH;
    use crate::diagnostics::{Code, Diagnostic};
    use crate::source::Span;

    pub(super) fn syntax(span: Span, info: &str) -> Diagnostic {
        let mut info = info.to_owned();
        if let Some(first) = info.get(..1) {
            info.replace_range(..1, &first.to_lowercase());
        }
        let help = if info.contains("tab") {
            "indent with spaces: YAML does not allow tabs in indentation"
        } else if info.contains("mapping values are not allowed") {
            "put the value on its own line, or quote it if it contains `: `"
        } else if info.contains("did not find expected key") || info.contains("indentation") {
            "check the indentation of this line against the lines above it"
        } else if info.contains("unknown anchor") {
            "define the anchor with `&name` before using it as `*name`"
        } else if info.contains("quoted scalar") || info.contains("end of stream") {
            "close the quote, bracket or brace that is still open above this point"
        } else {
            "check the indentation and quoting around this point"
        };
        Diagnostic::error(Code::YamlSyntax, format!("invalid YAML: {info}"))
            .with_label(span, "the YAML parser stopped here")
            .with_help(help)
    }

    pub(super) fn too_deep(span: Span) -> Diagnostic {
        Diagnostic::error(
            Code::YamlSyntax,
            format!("YAML nested more than {MAX_DEPTH} levels deep"),
        )
        .with_label(span, "the nesting limit is reached here")
        .with_help("flatten the document: no Kubernetes object nests this deep")
    }

    pub(super) fn too_many_alias_nodes(span: Span) -> Diagnostic {
        Diagnostic::error(
            Code::YamlSyntax,
            format!("aliases expand this document to more than {MAX_ALIAS_NODES} nodes"),
        )
        .with_label(span, "this alias goes over the limit")
        .with_help("write the repeated values out, or alias smaller parts")
    }

    pub(super) fn alias_inside_anchor(span: Span, name: &str) -> Diagnostic {
        Diagnostic::error(Code::YamlSyntax, format!("alias `{name}` is used inside its own anchor"))
            .with_label(span, "this alias would copy the node that contains it")
            .with_help("move the alias out of the anchored node")
    }

    pub(super) fn complex_key(span: Span) -> Diagnostic {
        Diagnostic::error(Code::YamlSyntax, "a sequence or mapping is used as a key")
            .with_label(span, "this key is not a string")
            .with_help("use a string as the key: Kubernetes objects only have string keys")
    }

    pub(super) fn bad_merge(span: Span) -> Diagnostic {
        Diagnostic::error(Code::YamlSyntax, "`<<` merges only mappings")
            .with_label(span, "not a mapping")
            .with_help("give `<<` an alias of a mapping, or a list of such aliases")
    }

    pub(super) fn bad_tagged_value(span: Span, written: &str, tag: &str) -> Diagnostic {
        Diagnostic::error(Code::YamlSyntax, format!("`{written}` is not a valid `{tag}`"))
            .with_label(span, format!("tagged `{tag}`"))
            .with_help("remove the tag, or write a value of that type")
    }

    pub(super) fn duplicate_key(second: Span, first: Span, key: &str) -> Diagnostic {
        Diagnostic::error(Code::DuplicateKey, format!("duplicate key `{key}`"))
            .with_label(second, format!("`{key}` is written again here"))
            .with_label(first, "first written here")
            .with_help("remove one of them: tools disagree on which value wins")
    }
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use super::*;
    use crate::diagnostics::Code;

    const SOURCE: SourceId = SourceId(7);

    /// The text a span covers.
    fn text_of(text: &str, span: Span) -> &str {
        assert_eq!(span.source, SOURCE);
        &text[span.start as usize..span.end as usize]
    }

    fn parse_one(text: &str) -> Document {
        let parsed = parse(SOURCE, text);
        assert!(parsed.diagnostics.is_empty(), "{:#?}", parsed.diagnostics);
        assert_eq!(parsed.documents.len(), 1);
        parsed.documents.into_iter().next().unwrap()
    }

    /// 1-based line and column of a byte offset.
    fn line_column(text: &str, offset: u32) -> (usize, usize) {
        let before = &text[..offset as usize];
        let line = before.matches('\n').count() + 1;
        let column = before.len() - before.rfind('\n').map_or(0, |newline| newline + 1) + 1;
        (line, column)
    }

    #[test]
    fn node_spans_cover_exactly_the_written_value() {
        let text = "\u{feff}kind: Deployment\nspec:\n  replicas: 3   # three\n  name: 'it''s é'  \n  quoted: \"a \\\" b\" # c\n  plain: two words  \n  block: |\n    line one\n    line two\n\n  flow: {a: [1, \"x\"], b: c}\n  list:\n    - é\n    - k: v\n";
        let document = parse_one(text);
        let cases = [
            ("/kind", "Deployment"),
            ("/spec/replicas", "3"),
            ("/spec/name", "'it''s é'"),
            ("/spec/quoted", "\"a \\\" b\""),
            ("/spec/plain", "two words"),
            ("/spec/block", "line one\n    line two"),
            ("/spec/flow", "{a: [1, \"x\"], b: c}"),
            ("/spec/flow/a", "[1, \"x\"]"),
            ("/spec/flow/a/1", "\"x\""),
            ("/spec/list/0", "é"),
            ("/spec/list/1", "k: v"),
            ("/spec/list/1/k", "v"),
        ];
        for (pointer, expected) in cases {
            let node = document.root.pointer(pointer).unwrap_or_else(|| panic!("{pointer}"));
            assert_eq!(text_of(text, node.span), expected, "{pointer}");
        }
        let spec = document.root.get("spec").unwrap();
        let keys: Vec<&str> =
            spec.entries().iter().map(|(key, _)| text_of(text, key.span)).collect();
        assert_eq!(keys, ["replicas", "name", "quoted", "plain", "block", "flow", "list"]);
        let (first_key, _) = &document.root.entries()[0];
        assert_eq!(line_column(text, first_key.span.start), (1, 4), "after the BOM");
        assert_eq!(text_of(text, spec.span).lines().next(), Some("replicas: 3   # three"));
        assert!(text_of(text, spec.span).ends_with("- k: v"));
    }

    #[test]
    fn scalars_are_typed_as_go_yaml_v2_types_them() {
        let cases: &[(&str, NodeValue)] = &[
            ("yes", NodeValue::Bool(true)),
            ("On", NodeValue::Bool(true)),
            ("n", NodeValue::Bool(false)),
            ("OFF", NodeValue::Bool(false)),
            ("~", NodeValue::Null),
            ("", NodeValue::Null),
            ("0x1F", NodeValue::Int(31)),
            ("-0x1F", NodeValue::Int(-31)),
            ("0o17", NodeValue::Int(15)),
            ("0644", NodeValue::Int(420)),
            ("0b101", NodeValue::Int(5)),
            ("1_000", NodeValue::Int(1000)),
            ("+7", NodeValue::Int(7)),
            ("1e3", NodeValue::Float(1000.0)),
            (".5", NodeValue::Float(0.5)),
            ("08", NodeValue::Float(8.0)),
            ("-.inf", NodeValue::Float(f64::NEG_INFINITY)),
            ("9223372036854775808", NodeValue::Float(9_223_372_036_854_775_808.0)),
            ("'yes'", NodeValue::Str("yes".into())),
            ("\"0x1F\"", NodeValue::Str("0x1F".into())),
            ("!!str 12", NodeValue::Str("12".into())),
            ("!!float 1", NodeValue::Float(1.0)),
            ("1.2.3", NodeValue::Str("1.2.3".into())),
            ("2024-01-01", NodeValue::Str("2024-01-01".into())),
            ("500m", NodeValue::Str("500m".into())),
            ("0x", NodeValue::Str("0x".into())),
            ("-x", NodeValue::Str("-x".into())),
        ];
        for (written, expected) in cases {
            let document = parse_one(&format!("value: {written}\n"));
            assert_eq!(&document.root.get("value").unwrap().value, expected, "{written}");
        }
    }

    #[test]
    fn omitted_values_are_null_just_after_the_colon() {
        let text = "a:\nb: 1\n";
        let document = parse_one(text);
        let node = document.root.get("a").unwrap();
        assert_eq!(node.value, NodeValue::Null);
        assert_eq!((node.span.start, node.span.end), (2, 2));
    }

    #[test]
    fn streams_keep_non_empty_documents() {
        let cases: &[(&str, &[&str])] = &[
            ("kind: A\n---\nkind: B\n", &["A", "B"]),
            ("---\nkind: A\n...\n---\n---\n# only a comment\n---\nkind: B\n", &["A", "B"]),
            ("# nothing\n", &[]),
            ("", &[]),
            ("---\n~\n---\nkind: C\n", &["C"]),
        ];
        for (text, kinds) in cases {
            let parsed = parse(SOURCE, text);
            assert!(parsed.diagnostics.is_empty(), "{text:?}: {:?}", parsed.diagnostics);
            let found: Vec<&str> = parsed
                .documents
                .iter()
                .map(|document| document.root.get("kind").and_then(Node::as_str).unwrap())
                .collect();
            assert_eq!(&found, kinds, "{text:?}");
        }
        let text = "kind: A\n---\nkind: B\n";
        let second = &parse(SOURCE, text).documents[1];
        assert_eq!(line_column(text, second.root.get("kind").unwrap().span.start), (3, 7));
    }

    #[test]
    fn duplicate_keys_point_at_the_second_key() {
        let text = "metadata:\n  name: a\n  labels: {}\n  name: b\n";
        let parsed = parse(SOURCE, text);
        assert_eq!(parsed.diagnostics.len(), 1);
        let diagnostic = &parsed.diagnostics[0];
        assert_eq!(diagnostic.code, Code::DuplicateKey.as_str());
        assert_eq!(diagnostic.message, "duplicate key `name`");
        assert_eq!(line_column(text, diagnostic.labels[0].span.start), (4, 3));
        assert_eq!(text_of(text, diagnostic.labels[0].span), "name");
        assert_eq!(line_column(text, diagnostic.labels[1].span.start), (2, 3));
        let metadata = parsed.documents[0].root.get("metadata").unwrap();
        assert_eq!(metadata.get("name").and_then(Node::as_str), Some("b"), "the later value wins");
        assert_eq!(metadata.entries().len(), 2);
    }

    #[test]
    fn duplicate_keys_are_found_in_large_maps() {
        let mut text: String =
            (0..40).map(|index| format!("key{index}: {index}\n")).collect::<Vec<_>>().concat();
        text.push_str("key3: again\n");
        let parsed = parse(SOURCE, &text);
        assert_eq!(parsed.diagnostics.len(), 1);
        assert_eq!(parsed.diagnostics[0].message, "duplicate key `key3`");
    }

    #[test]
    fn syntax_errors_point_at_the_line_and_column() {
        let cases = [
            ("a:\n  b: 1\n c: 2\n", (3, 2)),
            ("a: b: c\n", (1, 5)),
            ("kind: A\n---\nx: [1, 2\ny: 3\n", (4, 2)),
            ("a: \"open\n", (1, 4)),
            ("- &a x\n- *b\n", (2, 3)),
        ];
        for (text, position) in cases {
            let parsed = parse(SOURCE, text);
            let errors: Vec<_> = parsed
                .diagnostics
                .iter()
                .filter(|diagnostic| diagnostic.code == Code::YamlSyntax.as_str())
                .collect();
            assert_eq!(errors.len(), 1, "{text:?}: {:?}", parsed.diagnostics);
            let span = errors[0].labels[0].span;
            assert_eq!(line_column(text, span.start), position, "{text:?}: {}", errors[0].message);
            assert!(errors[0].help.is_some());
        }
        let parsed = parse(SOURCE, "kind: A\n---\nx: [1, 2\ny: 3\n");
        assert_eq!(parsed.documents.len(), 1, "documents before the error are kept");
    }

    #[test]
    fn comments_and_annotations_become_allowances() {
        let text = "\
# timon:allow missing-resource-limits batch job, runs once
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web   # timon:allow image-tag-latest
  annotations:
    timon.dev/allow-pod-port-clash: \"sidecar shares the port on purpose\"
    note: \"# timon:allow not-a-comment inside quotes\"
  script: |
    # timon:allow not-a-comment inside a block scalar
spec:
  x: 1 # timon:allowed is not the marker
---
kind: Service # timon:allow service-without-pods external endpoints
";
        let parsed = parse(SOURCE, text);
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        let found = |document: &Document| -> Vec<(String, String, String)> {
            document
                .allowances
                .iter()
                .map(|allowance| {
                    assert_eq!(allowance.pointer, "");
                    (
                        allowance.rule.clone(),
                        allowance.reason.clone(),
                        text_of(text, allowance.span).to_owned(),
                    )
                })
                .collect()
        };
        let first = found(&parsed.documents[0]);
        assert_eq!(
            first,
            [
                (
                    "pod-port-clash".to_owned(),
                    "sidecar shares the port on purpose".to_owned(),
                    "timon.dev/allow-pod-port-clash: \"sidecar shares the port on purpose\""
                        .to_owned()
                ),
                (
                    "missing-resource-limits".to_owned(),
                    "batch job, runs once".to_owned(),
                    "# timon:allow missing-resource-limits batch job, runs once".to_owned()
                ),
                (
                    "image-tag-latest".to_owned(),
                    String::new(),
                    "# timon:allow image-tag-latest".to_owned()
                ),
            ]
        );
        let second = found(&parsed.documents[1]);
        assert_eq!(second.len(), 1);
        assert_eq!(second[0].0, "service-without-pods");
        assert_eq!(second[0].1, "external endpoints");
    }

    #[test]
    fn aliases_are_copied_and_merge_keys_applied() {
        let text =
            "base: &base {cpu: 1, memory: 2Gi}\nlimits: *base\nmerged:\n  <<: *base\n  cpu: 2\n";
        let document = parse_one(text);
        let limits = document.root.get("limits").unwrap();
        assert_eq!(limits.get("memory").and_then(Node::as_str), Some("2Gi"));
        assert_eq!(text_of(text, limits.span), "*base");
        let merged = document.root.get("merged").unwrap();
        assert_eq!(merged.get("cpu").and_then(Node::as_i64), Some(2), "written keys win");
        assert_eq!(merged.get("memory").and_then(Node::as_str), Some("2Gi"));
    }

    #[test]
    fn alias_bombs_are_stopped() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        let mut previous = 'a';
        for name in 'b'..='j' {
            let aliases = vec![format!("*{previous}"); 10].join(", ");
            let _ = writeln!(text, "{name}: &{name} [{aliases}]");
            previous = name;
        }
        let parsed = parse(SOURCE, &text);
        assert!(parsed.documents.is_empty());
        assert_eq!(parsed.diagnostics.len(), 1);
        assert!(
            parsed.diagnostics[0].message.contains("aliases expand"),
            "{:?}",
            parsed.diagnostics
        );
    }

    #[test]
    fn deep_nesting_is_reported_without_overflowing() {
        let cases = ["[".repeat(10_000), "- ".repeat(10_000) + "x", {
            let mut text = String::new();
            for depth in 0..1_000 {
                text.push_str(&" ".repeat(depth));
                text.push_str("a:\n");
            }
            text
        }];
        for text in cases {
            let parsed = parse(SOURCE, &text);
            assert!(parsed.documents.is_empty());
            assert!(
                parsed
                    .diagnostics
                    .iter()
                    .any(|diagnostic| diagnostic.message.contains("nested more than")),
                "{:?}",
                parsed.diagnostics
            );
        }
        let nested_alias = format!(
            "a: &a {}1{}\nb: {}*a{}\n",
            "[".repeat(200),
            "]".repeat(200),
            "[".repeat(100),
            "]".repeat(100)
        );
        let parsed = parse(SOURCE, &nested_alias);
        assert!(
            parsed
                .diagnostics
                .iter()
                .any(|diagnostic| diagnostic.message.contains("nested more than"))
        );
    }

    #[test]
    fn odd_input_never_panics() {
        let cases = [
            "? [a]\n: b\n",
            "<<: 1\n",
            "a: &a [*a]\n",
            "!!int abc\n",
            "\t\n",
            "key: \"unterminated",
            "]",
            "{",
            "a: *",
            "- é\n  - ü: [",
            "\u{0}",
            "--- |\n  é\n...\n--- >\n",
        ];
        for text in cases {
            let _ = parse(SOURCE, text);
        }
    }
}
