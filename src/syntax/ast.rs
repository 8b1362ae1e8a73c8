//! The syntax tree: statements made of a head keyword, parts and nested blocks.
//!
//! The tree is uniform on purpose: the grammar fixes each statement's shape, so the later
//! stages read a statement by asking for "the value after `on`" or "the block" instead of
//! matching one Rust type per grammar rule.

use crate::source::Span;

/// The text of a word, a number or a piece of a string: inline up to 24 bytes, which holds
/// nearly every word of a source, so that parsing, copying (template instances, environment
/// overrides) and freeing a tree cost no allocation per word. Where the checked model keeps a
/// `String`, copy one with `as_str().to_owned()`: `to_string()` goes through `Display` and a
/// formatter, which costs several times the copy.
pub type Text = compact_str::CompactString;

/// One parsed `.timon` file.
#[derive(Debug, Clone)]
pub struct File {
    pub items: Vec<Stmt>,
    /// A statement other than a template declaration is or holds a template instance.
    pub has_instances: bool,
    /// A string somewhere in the file, templates included, holds a `${…}` interpolation.
    pub has_interpolations: bool,
    /// The items whose body was passed over unread ([`crate::syntax::parse_deferring_apps`]):
    /// `app` statements holding their head and name only, which
    /// [`crate::syntax::parse_deferred`] reads whole from their span when they are built.
    pub deferred: Vec<usize>,
}

impl File {
    /// The file of `items`, with what it holds worked out while its tree is fresh in the
    /// cache: the later stages skip the walks these tell them are needless (each walk over
    /// the tree of 10,000 apps, cold, took 3 to 7 ms on one core).
    pub fn new(items: Vec<Stmt>) -> Self {
        Self::with_hints(items, true, true)
    }

    /// [`File::new`] for a parser that knows it made no instance (`may_have_instances`
    /// false) or no interpolation: the walk that would find none is skipped (it was 3% of
    /// a 10,000-app build's instructions).
    pub fn with_hints(
        items: Vec<Stmt>,
        may_have_instances: bool,
        may_have_interpolations: bool,
    ) -> Self {
        let has_instances = may_have_instances
            && items.iter().any(|item| item.kind != "template" && item.holds_instance());
        let has_interpolations =
            may_have_interpolations && items.iter().any(Stmt::holds_interpolation);
        Self { items, has_instances, has_interpolations, deferred: Vec::new() }
    }
}

/// A word of the source with its place: a keyword or a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub text: Text,
    pub span: Span,
}

/// A statement or declaration: `replicas 2`, `tier app { … }`, `volume data claim 8Gi on nfs`.
#[derive(Debug, Clone)]
pub struct Stmt {
    /// The grammar rule without its `_stmt`/`_decl` suffix: `tier`, `ceph_pool`, `volume`.
    /// One of a fixed set, so a `&'static str`: a statement kind is never allocated, copied
    /// or freed, and comparing it with a literal needs no check of where its bytes are.
    pub kind: &'static str,
    /// The first keyword (for `secret_literal`, the key being assigned).
    pub head: Word,
    pub parts: Vec<Part>,
    pub span: Span,
    /// Written with `private`: visible only inside its own module.
    pub is_private: bool,
}

/// What follows a statement's head.
#[derive(Debug, Clone)]
pub enum Part {
    /// A keyword inside the statement: `on`, `at`, `permanent`.
    Keyword(Word),
    /// A declared name: `data` in `volume data …`.
    Name(Word),
    Value(Value),
    /// A `{ … }` block of nested statements.
    Block(Vec<Stmt>),
    /// A template's parameters: `(version: string, size: memory = 10Gi)`.
    Params(Vec<Param>),
    /// `= postgres(version: "13")`: the declaration is an instance of a template. Boxed: the
    /// largest part and a rare one; unboxed, every part would take its 64 bytes instead of 48.
    Instance(Box<Call>),
}

/// A template parameter: its name, its type and an optional default.
#[derive(Debug, Clone)]
pub struct Param {
    pub name: Word,
    pub ty: Word,
    pub default: Option<Value>,
}

/// A template call: `postgres.database(version: "13", size: 15Gi)`.
#[derive(Debug, Clone)]
pub struct Call {
    /// The template's (possibly qualified) name.
    pub template: Vec<Word>,
    pub arguments: Vec<Argument>,
    pub span: Span,
}

/// One argument of a call, named (`size: 15Gi`) or positional.
#[derive(Debug, Clone)]
pub struct Argument {
    pub name: Option<Word>,
    pub value: Value,
}

/// A value as written.
#[derive(Debug, Clone)]
pub struct Value {
    pub kind: ValueKind,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub enum ValueKind {
    /// A string literal: text pieces and `${…}` interpolations.
    Str(Vec<StrPart>),
    /// A number with an optional unit, as written: `1`, `500m`, `15Gi`, `30s`, `25%`.
    Number(Text),
    /// An IPv4 address or CIDR block: `10.0.1.11`, `10.43.0.0/21`.
    Ip(Text),
    /// A port range: `30000-32767`.
    PortRange(Text),
    /// A (possibly dotted) name: `vsphere-dts-ssd`, `confluencedb.user`, `always`.
    Path(Vec<Word>),
    List(Vec<Value>),
    Map(Vec<MapEntry>),
    /// `{ NAME = value … }` of a container's environment.
    Env(Vec<MapEntry>),
    /// `request..limit`, either side optional.
    Range {
        request: Option<Box<Value>>,
        limit: Option<Box<Value>>,
    },
}

/// A piece of a string literal.
#[derive(Debug, Clone)]
pub enum StrPart {
    Text(Text),
    Interpolation { path: Vec<Word>, span: Span },
}

impl StrPart {
    /// Appends `text` to a string's parts, joined to the text before it: a string's text is
    /// one part between two interpolations, however it was written (escapes, pieces).
    pub fn push_text(parts: &mut Vec<StrPart>, text: &str) {
        if let Some(StrPart::Text(last)) = parts.last_mut() {
            last.push_str(text);
        } else {
            parts.push(StrPart::Text(text.into()));
        }
    }
}

/// `key: value` in a map, or `NAME = value` in an environment block.
#[derive(Debug, Clone)]
pub struct MapEntry {
    pub key: Word,
    pub value: Value,
}

impl Stmt {
    /// The first declared name (`database` in `tier database { … }`).
    pub fn name(&self) -> Option<&Word> {
        self.parts.iter().find_map(|part| match part {
            Part::Name(word) => Some(word),
            _ => None,
        })
    }

    /// The template call of an instance (`tier database = postgres(…)`).
    pub fn instance(&self) -> Option<&Call> {
        self.parts.iter().find_map(|part| match part {
            Part::Instance(call) => Some(&**call),
            _ => None,
        })
    }

    /// The parameters of a template declaration.
    pub fn params(&self) -> &[Param] {
        self.parts
            .iter()
            .find_map(|part| match part {
                Part::Params(params) => Some(params.as_slice()),
                _ => None,
            })
            .unwrap_or(&[])
    }

    /// The nested block, mutable, created empty when the statement has none.
    pub fn body_mut(&mut self) -> &mut Vec<Stmt> {
        let position = self.parts.iter().position(|part| matches!(part, Part::Block(_)));
        let position = position.unwrap_or_else(|| {
            self.parts.push(Part::Block(Vec::new()));
            self.parts.len() - 1
        });
        match &mut self.parts[position] {
            Part::Block(stmts) => stmts,
            _ => unreachable!("the position of a block"),
        }
    }

    /// The nested block, if any.
    pub fn body(&self) -> &[Stmt] {
        self.parts
            .iter()
            .find_map(|part| match part {
                Part::Block(stmts) => Some(stmts.as_slice()),
                _ => None,
            })
            .unwrap_or(&[])
    }

    /// Calls `visit` with the path of every interpolation (`${app.tier}` gives `[app, tier]`)
    /// in the statement's values, nested statements, template parameters' defaults and call
    /// arguments included.
    pub fn visit_interpolations(&self, visit: &mut impl FnMut(&[Word])) {
        for part in &self.parts {
            match part {
                Part::Value(value) => value.visit_interpolations(visit),
                Part::Block(stmts) => {
                    for inner in stmts {
                        inner.visit_interpolations(visit);
                    }
                }
                Part::Instance(call) => {
                    call.arguments
                        .iter()
                        .for_each(|argument| argument.value.visit_interpolations(visit));
                }
                Part::Params(params) => params
                    .iter()
                    .filter_map(|param| param.default.as_ref())
                    .for_each(|default| default.visit_interpolations(visit)),
                Part::Keyword(_) | Part::Name(_) => {}
            }
        }
    }

    /// Whether the statement or one inside it is a template instance.
    pub fn holds_instance(&self) -> bool {
        self.parts.iter().any(|part| match part {
            Part::Instance(_) => true,
            Part::Block(stmts) => stmts.iter().any(Stmt::holds_instance),
            _ => false,
        })
    }

    /// Whether a string of the statement holds an interpolation (wherever
    /// [`Stmt::visit_interpolations`] looks).
    pub fn holds_interpolation(&self) -> bool {
        let mut found = false;
        self.visit_interpolations(&mut |_| found = true);
        found
    }

    /// The first value of the statement (after its head and names).
    pub fn value(&self) -> Option<&Value> {
        self.parts.iter().find_map(|part| match part {
            Part::Value(value) => Some(value),
            _ => None,
        })
    }

    /// The value right after keyword `keyword` (`on` in `claim 8Gi on nfs`).
    pub fn value_after(&self, keyword: &str) -> Option<&Value> {
        let position = self
            .parts
            .iter()
            .position(|part| matches!(part, Part::Keyword(word) if word.text == keyword))?;
        match self.parts.get(position + 1) {
            Some(Part::Value(value)) => Some(value),
            _ => None,
        }
    }

    /// The name right after keyword `keyword` (`data` in `init container data { … }`).
    pub fn keyword(&self, keyword: &str) -> Option<&Word> {
        self.parts.iter().find_map(|part| match part {
            Part::Keyword(word) if word.text == keyword => Some(word),
            _ => None,
        })
    }

    pub fn has_keyword(&self, keyword: &str) -> bool {
        self.keyword(keyword).is_some()
    }

    /// The keywords of the statement, in order (its head excluded).
    pub fn keywords(&self) -> impl Iterator<Item = &Word> {
        self.parts.iter().filter_map(|part| match part {
            Part::Keyword(word) => Some(word),
            _ => None,
        })
    }
}

impl Value {
    /// Calls `visit` with the path of every interpolation in the value.
    pub fn visit_interpolations(&self, visit: &mut impl FnMut(&[Word])) {
        match &self.kind {
            ValueKind::Str(parts) => {
                for part in parts {
                    if let StrPart::Interpolation { path, .. } = part {
                        visit(path);
                    }
                }
            }
            ValueKind::List(values) => {
                for inner in values {
                    inner.visit_interpolations(visit);
                }
            }
            ValueKind::Map(entries) | ValueKind::Env(entries) => {
                for entry in entries {
                    entry.value.visit_interpolations(visit);
                }
            }
            ValueKind::Range { request, limit } => {
                for side in [request, limit].into_iter().flatten() {
                    side.visit_interpolations(visit);
                }
            }
            ValueKind::Number(_)
            | ValueKind::Ip(_)
            | ValueKind::PortRange(_)
            | ValueKind::Path(_) => {}
        }
    }

    /// The string's text when it has no interpolation.
    pub fn as_plain_str(&self) -> Option<String> {
        let ValueKind::Str(parts) = &self.kind else { return None };
        let mut text = String::new();
        for part in parts {
            match part {
                StrPart::Text(piece) => text.push_str(piece),
                StrPart::Interpolation { .. } => return None,
            }
        }
        Some(text)
    }

    /// The single word of a one-segment path (`always` in `pull always`).
    pub fn as_word(&self) -> Option<&Word> {
        match &self.kind {
            ValueKind::Path(words) if words.len() == 1 => words.first(),
            _ => None,
        }
    }

    /// What kind of value this is, for "expected …, found …" messages.
    pub fn describe(&self) -> &'static str {
        match &self.kind {
            ValueKind::Str(_) => "a string",
            ValueKind::Number(_) => "a number",
            ValueKind::Ip(_) => "an IP address",
            ValueKind::PortRange(_) => "a port range",
            ValueKind::Path(_) => "a name",
            ValueKind::List(_) => "a list",
            ValueKind::Map(_) | ValueKind::Env(_) => "a map",
            ValueKind::Range { .. } => "a range",
        }
    }

    /// The values of a list, or the value itself when it is not a list.
    pub fn items(&self) -> Vec<&Value> {
        match &self.kind {
            ValueKind::List(values) => values.iter().collect(),
            _ => vec![self],
        }
    }
}
