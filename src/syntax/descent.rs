//! A hand-written recursive-descent parser for `grammar/timon.pest`, rule for rule.
//!
//! Why it exists: pest spent two thirds of `timon build`'s instructions (BENCHMARKS.md). This
//! parser walks the same grammar by hand, with the same ordered choices and the same implicit
//! white space (`~` skips white space and comments between the parts of a non-atomic rule; `*`
//! skips before each repetition but the first), so it accepts the same texts and builds the same
//! tree, spans included. It only parses: on a text it does not accept it returns `None`, and
//! `syntax::parse` asks pest again for the diagnostic, so error messages stay pest's.
//!
//! Kept honest by the test `the_descent_parser_builds_pest_s_tree` (every `.timon` file of the
//! repository, and mutations of them, through both parsers) and the fuzz target
//! `parse_differential`. A change to the grammar must be made here too: those two fail until it is.
//!
//! Reading guide: each method is named after the grammar rule it parses and quotes it; `skip` is
//! pest's implicit `WHITESPACE | COMMENT`; `attempt`/`optional`/`repeat` are pest's choice, `?`
//! and `*`, which restore the position (and drop what was built) when their part fails.

use std::sync::OnceLock;

use super::ast::{
    Argument, Call, File, MapEntry, Param, Part, Stmt, StrPart, Text, Value, ValueKind, Word,
};
use crate::source::{SourceId, Span};

/// Parses a whole file, or returns `None` where pest would report an error.
pub(super) fn parse_file(source: SourceId, text: &str) -> Option<File> {
    parse_items(source, text, false)
}

/// [`parse_file`], but the body of an `app` that holds no `(` (no template instance) is only
/// passed over, its braces matched: the app is left with its head and name, and its index in
/// `File::deferred`. `None` where pest would report an error outside such bodies.
pub(super) fn parse_file_deferring_apps(source: SourceId, text: &str) -> Option<File> {
    parse_items(source, text, true)
}

/// The app statement at `span`, read whole: what [`parse_file`] makes of it there. `None`
/// when it does not parse or ends elsewhere.
pub(super) fn parse_app_at(source: SourceId, text: &str, span: Span) -> Option<Stmt> {
    let mut parser = Parser::new(source, text);
    parser.pos = usize::try_from(span.start).ok().filter(|start| *start <= text.len())?;
    let app = parser.item().filter(|app| app.kind == "app" && app.span == span)?;
    (!parser.made_instance).then_some(app)
}

fn parse_items(source: SourceId, text: &str, defer_apps: bool) -> Option<File> {
    let mut parser = Parser::new(source, text);
    let mut items = Vec::new();
    let mut deferred = Vec::new();
    // file = { SOI ~ item* ~ EOI }
    parser.skip();
    parser.repeat(&mut items, |parser, items| {
        if defer_apps && let Some(app) = parser.app_passed_over() {
            deferred.push(items.len());
            items.push(app);
            return Some(());
        }
        let item = parser.item()?;
        items.push(item);
        Some(())
    });
    parser.skip();
    if parser.pos != parser.bytes.len() {
        return None;
    }
    let mut file = File::with_hints(items, parser.made_instance, parser.made_interpolation);
    file.deferred = deferred;
    Some(file)
}

impl<'t> Parser<'t> {
    fn new(source: SourceId, text: &'t str) -> Self {
        Parser {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            source,
            made_instance: false,
            made_interpolation: false,
            word_at: std::cell::Cell::new((usize::MAX, 0)),
        }
    }

    /// `app NAME { … }` with its body's braces matched but nothing in it read, when the body
    /// holds no `(` (an instance) and no `$` (an interpolation): the statement with its head
    /// and name, as `resolve::Program::take_stmt` leaves it.
    fn app_passed_over(&mut self) -> Option<Stmt> {
        let start = self.pos;
        let app = (|| {
            let head = self.keyword("app")?;
            self.skip();
            let name = self.ident()?;
            self.skip();
            let end = self.matching_brace()?;
            self.pos = end;
            let span = self.span(start, end);
            Some(Stmt { kind: "app", head, parts: vec![Part::Name(name)], span, is_private: false })
        })();
        if app.is_none() {
            self.pos = start;
        }
        app
    }

    /// Just past the `}` that closes the `{` at `pos`, strings and comments skipped; `None`
    /// when the braces do not balance, or a `(` or `$` comes first outside a comment.
    fn matching_brace(&self) -> Option<usize> {
        let bytes = self.bytes;
        if bytes.get(self.pos) != Some(&b'{') {
            return None;
        }
        let mut depth = 0usize;
        let mut at = self.pos;
        while let Some(&byte) = bytes.get(at) {
            match byte {
                b'{' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(at + 1);
                    }
                }
                b'(' | b'$' => return None,
                b'"' => {
                    at += 1;
                    loop {
                        match bytes.get(at)? {
                            b'"' => break,
                            b'\\' => at += 2,
                            b'\n' | b'$' => return None,
                            _ => at += 1,
                        }
                    }
                }
                b'/' if bytes.get(at + 1) == Some(&b'/') => {
                    at += bytes[at..].iter().position(|&byte| byte == b'\n')?;
                }
                b'/' if bytes.get(at + 1) == Some(&b'*') => {
                    at += 2 + find(&bytes[at + 2..], b"*/")? + 1;
                }
                _ => {}
            }
            at += 1;
        }
        None
    }
}

struct Parser<'t> {
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
    source: SourceId,
    /// An instance, or an interpolation, was made, maybe in an alternative given up later:
    /// without one, the file holds none, and no walk over its tree needs to say so.
    made_instance: bool,
    made_interpolation: bool,
    /// Where the word at `pos` ends, for the `pos` it was found at: ordered choices ask for
    /// the word at one place once per keyword they try.
    word_at: std::cell::Cell<(usize, usize)>,
}

/// What `attempt`, `optional` and `repeat` roll back when a part fails: the parts built so far.
trait Checkpoint {
    fn mark(&self) -> usize;
    fn reset(&mut self, mark: usize);
}

impl<T> Checkpoint for Vec<T> {
    fn mark(&self) -> usize {
        self.len()
    }
    fn reset(&mut self, mark: usize) {
        self.truncate(mark);
    }
}

/// The statement being built: what `build_ast::build_stmt` makes of a pest pair's children.
#[derive(Default)]
struct Build {
    head: Option<Word>,
    parts: Vec<Part>,
    is_private: bool,
}

impl Checkpoint for Build {
    fn mark(&self) -> usize {
        self.parts.len()
    }
    fn reset(&mut self, mark: usize) {
        self.parts.truncate(mark);
    }
}

/// A statement's part after its head keyword, for the many `kw ~ X` statements.
#[derive(Clone, Copy)]
enum Then {
    Nothing,
    Value,
    List,
    Map,
    EnvMap,
    Path,
    Range,
}

/// `items` in an allocation of exactly their number. A vector grown by pushing keeps up to
/// twice the room it needs, and shrinking it in place gives nothing back (the allocator keeps
/// a block that is at least half used): the syntax tree of 10,000 apps holds hundreds of
/// thousands of these vectors until lowering starts.
fn exact<T>(mut items: Vec<T>) -> Vec<T> {
    if items.capacity() == items.len() {
        return items;
    }
    let mut fitted = Vec::with_capacity(items.len());
    fitted.append(&mut items);
    fitted
}

type ItemParser<'t> = fn(&mut Parser<'t>, &str) -> Option<Stmt>;

fn is_ident_char(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_'
}

/// The grammar's `keyword` rule, read from the grammar itself (the one list of keywords).
fn is_keyword(word: &str) -> bool {
    static KEYWORDS: OnceLock<foldhash::HashSet<&'static str>> = OnceLock::new();
    KEYWORDS.get_or_init(|| super::keywords().into_iter().collect()).contains(word)
}

impl<'t> Parser<'t> {
    // ------------------------------------------------------------------ pest's combinators

    /// An ordered-choice alternative or a sequence that must fail as a whole.
    fn attempt<C: Checkpoint>(
        &mut self,
        built: &mut C,
        part: impl FnOnce(&mut Self, &mut C) -> Option<()>,
    ) -> Option<()> {
        let (pos, mark) = (self.pos, built.mark());
        let result = part(self, built);
        if result.is_none() {
            self.pos = pos;
            built.reset(mark);
        }
        result
    }

    /// `X?`
    fn optional<C: Checkpoint>(
        &mut self,
        built: &mut C,
        part: impl FnOnce(&mut Self, &mut C) -> Option<()>,
    ) {
        let _ = self.attempt(built, part);
    }

    /// `X*` in a non-atomic rule: white space is skipped before every repetition but the first,
    /// and given back when that repetition fails.
    fn repeat<C: Checkpoint>(
        &mut self,
        built: &mut C,
        mut part: impl FnMut(&mut Self, &mut C) -> Option<()>,
    ) {
        if self.attempt(built, &mut part).is_none() {
            return;
        }
        loop {
            let succeeded = self.attempt(built, |parser, built| {
                parser.skip();
                part(parser, built)
            });
            if succeeded.is_none() {
                return;
            }
        }
    }

    // ------------------------------------------------------------------ lexical rules

    /// `WHITESPACE = _{ " " | "\t" | "\r" | "\n" }` and
    /// `COMMENT = _{ ("/*" ~ (!"*/" ~ ANY)* ~ "*/") | ("//" ~ (!"\n" ~ ANY)*) }`, as many as
    /// there are.
    fn skip(&mut self) {
        loop {
            while let Some(b' ' | b'\t' | b'\r' | b'\n') = self.bytes.get(self.pos) {
                self.pos += 1;
            }
            let rest = &self.bytes[self.pos..];
            if rest.starts_with(b"/*") {
                match find(&rest[2..], b"*/") {
                    Some(end) => self.pos += 2 + end + 2,
                    None => return,
                }
            } else if rest.starts_with(b"//") {
                self.pos += rest.iter().position(|&byte| byte == b'\n').unwrap_or(rest.len());
            } else {
                return;
            }
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn eat(&mut self, literal: &str) -> Option<()> {
        if self.bytes[self.pos..].starts_with(literal.as_bytes()) {
            self.pos += literal.len();
            Some(())
        } else {
            None
        }
    }

    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.source, start, end)
    }

    fn word_between(&self, start: usize, end: usize) -> Word {
        Word { text: Text::from(&self.text[start..end]), span: self.span(start, end) }
    }

    /// The run of `ident_char`s at the position: a keyword `kw_x = @{ "x" ~ !ident_char }`
    /// matches exactly when this run is `x`.
    fn word_here(&self) -> &'t str {
        let (at, end) = self.word_at.get();
        if at == self.pos {
            return &self.text[self.pos..end];
        }
        let end = self.bytes[self.pos..]
            .iter()
            .position(|&byte| !is_ident_char(byte))
            .map_or(self.bytes.len(), |length| self.pos + length);
        self.word_at.set((self.pos, end));
        &self.text[self.pos..end]
    }

    /// `kw_x`
    fn keyword(&mut self, keyword: &str) -> Option<Word> {
        if self.word_here() != keyword {
            return None;
        }
        let start = self.pos;
        self.pos += keyword.len();
        Some(self.word_between(start, self.pos))
    }

    /// `ident = @{ ASCII_ALPHA ~ ident_char* }`
    fn ident(&mut self) -> Option<Word> {
        if !self.peek()?.is_ascii_alphabetic() {
            return None;
        }
        let start = self.pos;
        self.pos += self.word_here().len();
        Some(self.word_between(start, self.pos))
    }

    /// `path = ${ ident ~ ("." ~ ident)* }`
    fn path(&mut self) -> Option<Value> {
        let start = self.pos;
        let words = self.path_words()?;
        Some(Value { kind: ValueKind::Path(words), span: self.span(start, self.pos) })
    }

    fn path_words(&mut self) -> Option<Vec<Word>> {
        let mut words = vec![self.ident()?];
        while self.peek() == Some(b'.')
            && self.bytes.get(self.pos + 1).is_some_and(u8::is_ascii_alphabetic)
        {
            self.pos += 1;
            words.push(self.ident()?);
        }
        Some(exact(words))
    }

    fn digits(&mut self) -> usize {
        let count = self.bytes[self.pos..].iter().take_while(|byte| byte.is_ascii_digit()).count();
        self.pos += count;
        count
    }

    /// `number = @{ ASCII_DIGIT+ ~ ("." ~ ASCII_DIGIT+)? ~ (ASCII_ALPHA+ | "%")? }`
    fn number(&mut self) -> Option<ValueKind> {
        let start = self.pos;
        if self.digits() == 0 {
            self.pos = start;
            return None;
        }
        if self.peek() == Some(b'.') && self.bytes.get(self.pos + 1).is_some_and(u8::is_ascii_digit)
        {
            self.pos += 1;
            self.digits();
        }
        let letters =
            self.bytes[self.pos..].iter().take_while(|byte| byte.is_ascii_alphabetic()).count();
        if letters > 0 {
            self.pos += letters;
        } else if self.peek() == Some(b'%') {
            self.pos += 1;
        }
        Some(ValueKind::Number(Text::from(&self.text[start..self.pos])))
    }

    /// `ip = @{ octet ~ "." ~ octet ~ "." ~ octet ~ "." ~ octet ~ ("/" ~ ASCII_DIGIT+)? }`,
    /// `octet = _{ ASCII_DIGIT{1,3} }`
    fn ip(&mut self) -> Option<ValueKind> {
        let start = self.pos;
        let octet = |parser: &mut Self| {
            let count = parser.bytes[parser.pos..]
                .iter()
                .take(3)
                .take_while(|b| b.is_ascii_digit())
                .count();
            parser.pos += count;
            (count > 0).then_some(())
        };
        let matched = (|| {
            octet(self)?;
            for _ in 0..3 {
                self.eat(".")?;
                octet(self)?;
            }
            Some(())
        })();
        if matched.is_none() {
            self.pos = start;
            return None;
        }
        if self.peek() == Some(b'/') && self.bytes.get(self.pos + 1).is_some_and(u8::is_ascii_digit)
        {
            self.pos += 1;
            self.digits();
        }
        Some(ValueKind::Ip(Text::from(&self.text[start..self.pos])))
    }

    /// `port_range = @{ ASCII_DIGIT+ ~ "-" ~ ASCII_DIGIT+ }`
    fn port_range(&mut self) -> Option<ValueKind> {
        let start = self.pos;
        let matched = self.digits() > 0 && self.eat("-").is_some() && self.digits() > 0;
        if !matched {
            self.pos = start;
            return None;
        }
        Some(ValueKind::PortRange(Text::from(&self.text[start..self.pos])))
    }

    /// `string = ${ "\"" ~ (interpolation | escape | string_text)* ~ "\"" }`
    fn string(&mut self) -> Option<Vec<StrPart>> {
        let start = self.pos;
        let parts = self.string_parts();
        if parts.is_none() {
            self.pos = start;
        }
        parts
    }

    fn string_parts(&mut self) -> Option<Vec<StrPart>> {
        self.eat("\"")?;
        let mut parts: Vec<StrPart> = Vec::new();
        loop {
            match self.peek()? {
                b'"' => {
                    self.pos += 1;
                    return Some(exact(parts));
                }
                b'\n' => return None,
                // escape = @{ "\\" ~ ANY }
                b'\\' => {
                    let escaped = self.text[self.pos + 1..].chars().next()?;
                    self.pos += 1 + escaped.len_utf8();
                    match escaped {
                        'n' => StrPart::push_text(&mut parts, "\n"),
                        't' => StrPart::push_text(&mut parts, "\t"),
                        'r' => StrPart::push_text(&mut parts, "\r"),
                        other => StrPart::push_text(&mut parts, other.encode_utf8(&mut [0; 4])),
                    }
                }
                // interpolation = ${ "${" ~ path ~ "}" }
                b'$' if self.bytes.get(self.pos + 1) == Some(&b'{') => {
                    let start = self.pos;
                    self.pos += 2;
                    let path = self.path_words()?;
                    self.eat("}")?;
                    parts.push(StrPart::Interpolation { path, span: self.span(start, self.pos) });
                    self.made_interpolation = true;
                }
                // string_text = @{ (!("\"" | "\\" | "${" | "\n") ~ ANY)+ }
                _ => {
                    let start = self.pos;
                    let mut end = self.pos;
                    while let Some(&byte) = self.bytes.get(end) {
                        let interpolation = byte == b'$' && self.bytes.get(end + 1) == Some(&b'{');
                        if byte == b'"' || byte == b'\\' || byte == b'\n' || interpolation {
                            break;
                        }
                        end += 1;
                    }
                    self.pos = end;
                    StrPart::push_text(&mut parts, &self.text[start..end]);
                }
            }
        }
    }

    /// `value = { string | ip | port_range | number | path }`
    fn value(&mut self) -> Option<Value> {
        let start = self.pos;
        let kind = match self.peek()? {
            b'"' => ValueKind::Str(self.string()?),
            b'0'..=b'9' => self.ip().or_else(|| self.port_range()).or_else(|| self.number())?,
            _ => return self.path(),
        };
        Some(Value { kind, span: self.span(start, self.pos) })
    }

    /// `list = { value ~ ("," ~ value)* }`
    fn list(&mut self) -> Option<Value> {
        let start = self.pos;
        let mut values = vec![self.value()?];
        self.skip();
        self.repeat(&mut values, |parser, values| {
            parser.eat(",")?;
            parser.skip();
            values.push(parser.value()?);
            Some(())
        });
        Some(Value { kind: ValueKind::List(exact(values)), span: self.span(start, self.pos) })
    }

    /// `map = { "{" ~ (map_entry ~ ","?)* ~ "}" }`, `map_entry = { map_key ~ ":" ~ value }`
    fn map(&mut self) -> Option<Value> {
        let start = self.pos;
        let entries = self.entries(|parser| {
            let key = parser.map_key()?;
            parser.skip();
            parser.eat(":")?;
            Some(key)
        })?;
        Some(Value { kind: ValueKind::Map(entries), span: self.span(start, self.pos) })
    }

    /// `env_map = { "{" ~ (env_entry ~ ","?)* ~ "}" }`, `env_entry = { env_name ~ "=" ~ value }`
    fn env_map(&mut self) -> Option<Value> {
        let start = self.pos;
        let entries = self.entries(|parser| {
            let key = parser.env_name()?;
            parser.skip();
            parser.eat("=")?;
            Some(key)
        })?;
        Some(Value { kind: ValueKind::Env(entries), span: self.span(start, self.pos) })
    }

    /// The braces and entries shared by `map` and `env_map`; `key` reads up to the separator.
    fn entries(&mut self, key: impl Fn(&mut Self) -> Option<Word>) -> Option<Vec<MapEntry>> {
        let start = self.pos;
        let mut entries = Vec::new();
        let matched = (|| {
            self.eat("{")?;
            self.skip();
            self.repeat(&mut entries, |parser, entries| {
                let key = key(parser)?;
                parser.skip();
                let value = parser.value()?;
                entries.push(MapEntry { key, value });
                parser.skip();
                let _ = parser.eat(",");
                Some(())
            });
            self.skip();
            self.eat("}")
        })();
        if matched.is_none() {
            self.pos = start;
            return None;
        }
        Some(exact(entries))
    }

    /// `map_key = { string | map_word }`, `map_word = @{ (ASCII_ALPHANUMERIC | "-" | "_" | "."
    /// | "/")+ }`; a quoted key loses its quotes (and its interpolations).
    fn map_key(&mut self) -> Option<Word> {
        let start = self.pos;
        if let Some(parts) = self.string() {
            let text = parts
                .into_iter()
                .map(|part| match part {
                    StrPart::Text(text) => text,
                    StrPart::Interpolation { .. } => Text::default(),
                })
                .collect();
            return Some(Word { text, span: self.span(start, self.pos) });
        }
        let length = self.bytes[self.pos..]
            .iter()
            .take_while(|&&byte| is_ident_char(byte) || byte == b'.' || byte == b'/')
            .count();
        if length == 0 {
            return None;
        }
        self.pos += length;
        Some(self.word_between(start, self.pos))
    }

    /// `env_name = @{ (ASCII_ALPHA | "_") ~ (ASCII_ALPHANUMERIC | "_" | "-" | ".")* }`
    fn env_name(&mut self) -> Option<Word> {
        let first = self.peek()?;
        if !(first.is_ascii_alphabetic() || first == b'_') {
            return None;
        }
        let start = self.pos;
        let length = self.bytes[self.pos..]
            .iter()
            .take_while(|&&byte| is_ident_char(byte) || byte == b'.')
            .count();
        self.pos += length;
        Some(self.word_between(start, self.pos))
    }

    /// `range = { range_both | range_request | range_limit | value }`:
    /// `range_both = { value ~ ".." ~ !(kw_cpu | kw_memory | kw_ephemeral_storage) ~ value }`,
    /// `range_request = { value ~ ".." }`, `range_limit = { ".." ~ value }`.
    fn range(&mut self) -> Option<Value> {
        let start = self.pos;
        if let Some(request) = self.value() {
            let after_request = self.pos;
            self.skip();
            if self.eat("..").is_some() {
                let after_dots = self.pos;
                self.skip();
                let next_is_resource =
                    matches!(self.word_here(), "cpu" | "memory" | "ephemeral-storage");
                if !next_is_resource && let Some(limit) = self.value() {
                    let kind = ValueKind::Range {
                        request: Some(Box::new(request)),
                        limit: Some(Box::new(limit)),
                    };
                    return Some(Value { kind, span: self.span(start, self.pos) });
                }
                self.pos = after_dots;
                let kind = ValueKind::Range { request: Some(Box::new(request)), limit: None };
                return Some(Value { kind, span: self.span(start, self.pos) });
            }
            self.pos = after_request;
            return Some(request);
        }
        self.eat("..")?;
        self.skip();
        let Some(limit) = self.value() else {
            self.pos = start;
            return None;
        };
        let kind = ValueKind::Range { request: None, limit: Some(Box::new(limit)) };
        Some(Value { kind, span: self.span(start, self.pos) })
    }

    /// `argument_value = _{ map | range }`
    fn argument_value(&mut self) -> Option<Value> {
        if self.peek() == Some(b'{') { self.map() } else { self.range() }
    }

    // ------------------------------------------------------------------ statement parts

    /// Starts a statement rule: `build` fills it; the rule fails as a whole.
    fn stmt(
        &mut self,
        kind: &'static str,
        parts: impl FnOnce(&mut Self, &mut Build) -> Option<()>,
    ) -> Option<Stmt> {
        let start = self.pos;
        let mut built = Build::default();
        if parts(self, &mut built).is_none() {
            self.pos = start;
            return None;
        }
        // As in build_ast: a statement's trailing optional parts may swallow the white space
        // after it, which its span leaves out.
        let end = start + self.text[start..self.pos].trim_end().len();
        let span = self.span(start, end);
        let head = built.head.unwrap_or_else(|| Word { text: Text::from(kind), span });
        let parts = exact(built.parts);
        Some(Stmt { kind, head, parts, span, is_private: built.is_private })
    }

    /// A keyword child: the statement's head when it is the first, a part after that.
    fn kw(&mut self, built: &mut Build, keyword: &str) -> Option<()> {
        let word = self.keyword(keyword)?;
        if built.head.is_none() {
            built.head = Some(word);
        } else {
            built.parts.push(Part::Keyword(word));
        }
        Some(())
    }

    /// One of several keywords: `(kw_liveness | kw_readiness | kw_startup)`.
    fn kw_of(&mut self, built: &mut Build, keywords: &[&str]) -> Option<()> {
        let word = self.word_here();
        let keyword = keywords.iter().find(|keyword| **keyword == word)?;
        self.kw(built, keyword)
    }

    /// `kw_private?` before a declaration's keyword.
    fn private(&mut self, built: &mut Build) {
        if self.keyword("private").is_some() {
            built.is_private = true;
            self.skip();
        }
    }

    /// An `ident` child: a declared name.
    fn name(&mut self, built: &mut Build) -> Option<()> {
        let word = self.ident()?;
        built.parts.push(Part::Name(word));
        Some(())
    }

    fn then(&mut self, built: &mut Build, then: Then) -> Option<()> {
        let value = match then {
            Then::Nothing => return Some(()),
            Then::Value => self.value()?,
            Then::List => self.list()?,
            Then::Map => self.map()?,
            Then::EnvMap => self.env_map()?,
            Then::Path => self.path()?,
            Then::Range => self.range()?,
        };
        built.parts.push(Part::Value(value));
        Some(())
    }

    /// `kw ~ X`: the shape of most statements.
    fn kw_then(&mut self, built: &mut Build, keyword: &str, then: Then) -> Option<()> {
        self.kw(built, keyword)?;
        if let Then::Nothing = then {
            return Some(());
        }
        self.skip();
        self.then(built, then)
    }

    /// A whole `kind_stmt = { kw_kind ~ X }`.
    fn simple(&mut self, kind: &'static str, keyword: &str, then: Then) -> Option<Stmt> {
        self.stmt(kind, |parser, built| parser.kw_then(built, keyword, then))
    }

    /// `"{" ~ (item | …)* ~ "}"`, the items chosen by the word they start with.
    fn body(&mut self, built: &mut Build, item: ItemParser<'t>) -> Option<()> {
        let mut stmts = Vec::new();
        self.attempt(&mut stmts, |parser, stmts| {
            parser.eat("{")?;
            parser.skip();
            parser.repeat(stmts, |parser, stmts| {
                let word = parser.word_here();
                stmts.push(item(parser, word)?);
                Some(())
            });
            parser.skip();
            parser.eat("}")
        })?;
        built.parts.push(Part::Block(exact(stmts)));
        Some(())
    }

    /// `(instance ~ X_body? | X_body)`
    fn instance_or_body(&mut self, built: &mut Build, item: ItemParser<'t>) -> Option<()> {
        let with_instance = self.attempt(built, |parser, built| {
            parser.instance(built)?;
            parser.skip();
            parser.optional(built, |parser, built| parser.body(built, item));
            Some(())
        });
        with_instance.or_else(|| self.body(built, item))
    }

    /// `instance = { "=" ~ path ~ "(" ~ (argument ~ ("," ~ argument)* ~ ","?)? ~ ")" }`
    fn instance(&mut self, built: &mut Build) -> Option<()> {
        let start = self.pos;
        self.eat("=")?;
        self.skip();
        let template = self.path_words()?;
        self.skip();
        self.eat("(")?;
        self.skip();
        let mut arguments = Vec::new();
        self.comma_separated(&mut arguments, Self::argument);
        self.skip();
        self.eat(")")?;
        let call = Call { template, arguments, span: self.span(start, self.pos) };
        built.parts.push(Part::Instance(Box::new(call)));
        self.made_instance = true;
        Some(())
    }

    /// `(X ~ ("," ~ X)* ~ ","?)?`
    fn comma_separated<T>(&mut self, items: &mut Vec<T>, item: fn(&mut Self) -> Option<T>) {
        self.optional(items, |parser, items| {
            items.push(item(parser)?);
            parser.skip();
            parser.repeat(items, |parser, items| {
                parser.eat(",")?;
                parser.skip();
                items.push(item(parser)?);
                Some(())
            });
            parser.skip();
            let _ = parser.eat(",");
            Some(())
        });
    }

    /// `argument = { (argument_name ~ ":")? ~ argument_value }`,
    /// `argument_name = @{ ident ~ &(WHITESPACE* ~ ":") }`
    fn argument(&mut self) -> Option<Argument> {
        let start = self.pos;
        let mut name = None;
        if let Some(word) = self.ident() {
            let after = self.bytes[self.pos..]
                .iter()
                .position(|byte| !matches!(byte, b' ' | b'\t' | b'\r' | b'\n'))
                .map(|offset| self.pos + offset);
            if after.is_some_and(|after| self.bytes[after] == b':') {
                // The look-ahead saw only white space before the `:`: `skip` stops at it.
                self.skip();
                self.pos += 1;
                name = Some(word);
            } else {
                self.pos = start;
            }
        }
        self.skip();
        let Some(value) = self.argument_value() else {
            self.pos = start;
            return None;
        };
        Some(Argument { name, value })
    }

    /// `params = { "(" ~ (param ~ ("," ~ param)* ~ ","?)? ~ ")" }`
    fn params(&mut self, built: &mut Build) -> Option<()> {
        self.eat("(")?;
        self.skip();
        let mut params = Vec::new();
        self.comma_separated(&mut params, Self::param);
        self.skip();
        self.eat(")")?;
        built.parts.push(Part::Params(params));
        Some(())
    }

    /// `param = { ident ~ ":" ~ ident ~ ("=" ~ argument_value)? }`
    fn param(&mut self) -> Option<Param> {
        let start = self.pos;
        let param = (|| {
            let name = self.ident()?;
            self.skip();
            self.eat(":")?;
            self.skip();
            let ty = self.ident()?;
            // The white space before `(…)?` stays consumed, as in pest; a failed default gives
            // back only what follows it.
            self.skip();
            let before_default = self.pos;
            let default = (|| {
                self.eat("=")?;
                self.skip();
                self.argument_value()
            })();
            if default.is_none() {
                self.pos = before_default;
            }
            Some(Param { name, ty, default })
        })();
        if param.is_none() {
            self.pos = start;
        }
        param
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

// ---------------------------------------------------------------------- items and bodies
//
// Each `*_body` item parser receives the word its statement starts with and tries the rule's
// alternatives that can start with it, in the grammar's order (the others would fail at once).

impl<'t> Parser<'t> {
    /// `item = _{ import_decl | template_decl | traefik_decl | entrypoint_decl | resolver_decl
    /// | environments_decl | environment_decl | storage_decl | ceph_pool_decl | ceph_fs_decl
    /// | secret_decl | config_decl | middleware_decl | app_decl | cluster_decl }`
    fn item(&mut self) -> Option<Stmt> {
        let mut word = self.word_here();
        if word == "private" {
            // Only the declarations that allow `kw_private?` can follow it.
            let start = self.pos;
            self.pos += word.len();
            self.skip();
            word = self.word_here();
            self.pos = start;
            return match word {
                "template" => self.template_decl(),
                "storage" => self.storage_decl(),
                "ceph" => self.ceph_pool_decl().or_else(|| self.ceph_fs_decl()),
                "secret" => self.secret_decl(),
                "config" => self.config_decl(),
                "middleware" => self.middleware_decl(),
                _ => None,
            };
        }
        match word {
            "import" => self.simple("import", "import", Then::Path),
            "template" => self.template_decl(),
            "traefik" => self.stmt("traefik", |parser, built| {
                parser.kw(built, "traefik")?;
                parser.skip();
                parser.body(built, Self::traefik_item)
            }),
            "entrypoint" => self.entrypoint_decl(),
            "resolver" => self.resolver_decl(),
            "environments" => self.stmt("environments", |parser, built| {
                parser.kw(built, "environments")?;
                parser.skip();
                parser.body(built, Self::environment_item)
            }),
            "environment" => self.stmt("environment", |parser, built| {
                parser.kw(built, "environment")?;
                parser.skip();
                parser.name(built)?;
                parser.skip();
                parser.body(built, Self::environment_item)
            }),
            "storage" => self.storage_decl(),
            "ceph" => self.ceph_pool_decl().or_else(|| self.ceph_fs_decl()),
            "secret" => self.secret_decl(),
            "config" => self.config_decl(),
            "middleware" => self.middleware_decl(),
            "app" => self.named_decl("app", "app", Self::app_item),
            "cluster" => self.stmt("cluster", |parser, built| {
                parser.kw(built, "cluster")?;
                parser.skip();
                parser.name(built)?;
                parser.skip();
                parser.body(built, Self::cluster_item)
            }),
            _ => None,
        }
    }

    /// `kw ~ ident ~ (instance ~ X_body? | X_body)`: app, tier, container.
    fn named_decl(
        &mut self,
        kind: &'static str,
        keyword: &str,
        item: ItemParser<'t>,
    ) -> Option<Stmt> {
        self.stmt(kind, |parser, built| {
            parser.kw(built, keyword)?;
            parser.skip();
            parser.name(built)?;
            parser.skip();
            parser.instance_or_body(built, item)
        })
    }

    /// `kw_private? ~ kw ~ ident ~ (instance ~ X_body? | X_body)`: storage, middleware.
    fn private_decl(
        &mut self,
        kind: &'static str,
        keywords: &[&str],
        item: ItemParser<'t>,
    ) -> Option<Stmt> {
        self.stmt(kind, |parser, built| {
            parser.private(built);
            for (index, keyword) in keywords.iter().enumerate() {
                if index > 0 {
                    parser.skip();
                }
                parser.kw(built, keyword)?;
            }
            parser.skip();
            parser.name(built)?;
            parser.skip();
            parser.instance_or_body(built, item)
        })
    }

    /// `template_decl = { kw_private? ~ kw_template ~ ident ~ params ~ ( kw_tier ~ (instance ~
    /// tier_body? | tier_body) | kw_container ~ … | kw_route ~ … | kw_storage ~ … | kw_ceph ~
    /// kw_pool ~ … | kw_ceph ~ kw_filesystem ~ … | kw_middleware ~ … | kw_app ~ … ) }`
    fn template_decl(&mut self) -> Option<Stmt> {
        self.stmt("template", |parser, built| {
            parser.private(built);
            parser.kw(built, "template")?;
            parser.skip();
            parser.name(built)?;
            parser.skip();
            parser.params(built)?;
            parser.skip();
            let shapes: [(&[&str], ItemParser<'t>); 8] = [
                (&["tier"], Self::tier_item),
                (&["container"], Self::container_item),
                (&["route"], Self::route_item),
                (&["storage"], Self::storage_item),
                (&["ceph", "pool"], Self::ceph_pool_item),
                (&["ceph", "filesystem"], Self::ceph_fs_item),
                (&["middleware"], Self::middleware_item),
                (&["app"], Self::app_item),
            ];
            for (keywords, item) in shapes {
                let shape = parser.attempt(built, |parser, built| {
                    for (index, keyword) in keywords.iter().enumerate() {
                        if index > 0 {
                            parser.skip();
                        }
                        parser.kw(built, keyword)?;
                    }
                    parser.skip();
                    parser.instance_or_body(built, item)
                });
                if shape.is_some() {
                    return Some(());
                }
            }
            None
        })
    }

    fn storage_decl(&mut self) -> Option<Stmt> {
        self.private_decl("storage", &["storage"], Self::storage_item)
    }

    fn ceph_pool_decl(&mut self) -> Option<Stmt> {
        self.private_decl("ceph_pool", &["ceph", "pool"], Self::ceph_pool_item)
    }

    fn ceph_fs_decl(&mut self) -> Option<Stmt> {
        self.private_decl("ceph_fs", &["ceph", "filesystem"], Self::ceph_fs_item)
    }

    fn middleware_decl(&mut self) -> Option<Stmt> {
        self.private_decl("middleware", &["middleware"], Self::middleware_item)
    }

    /// `secret_decl = { kw_private? ~ kw_secret ~ ident ~ secret_body }`, and `config_decl`.
    fn private_block_decl(&mut self, kind: &'static str, item: ItemParser<'t>) -> Option<Stmt> {
        self.stmt(kind, |parser, built| {
            parser.private(built);
            parser.kw(built, kind)?;
            parser.skip();
            parser.name(built)?;
            parser.skip();
            parser.body(built, item)
        })
    }

    fn secret_decl(&mut self) -> Option<Stmt> {
        self.private_block_decl("secret", Self::secret_item)
    }

    fn config_decl(&mut self) -> Option<Stmt> {
        self.private_block_decl("config", Self::config_item)
    }

    /// `entrypoint_decl = { kw_entrypoint ~ ident ~ kw_port ~ value ~ kw_tls? }`
    fn entrypoint_decl(&mut self) -> Option<Stmt> {
        self.stmt("entrypoint", |parser, built| {
            parser.kw(built, "entrypoint")?;
            parser.skip();
            parser.name(built)?;
            parser.skip();
            parser.kw_then(built, "port", Then::Value)?;
            parser.skip();
            parser.optional(built, |parser, built| parser.kw(built, "tls"));
            Some(())
        })
    }

    /// `resolver_decl = { kw_resolver ~ ident ~ resolver_body? }`
    fn resolver_decl(&mut self) -> Option<Stmt> {
        self.stmt("resolver", |parser, built| {
            parser.kw(built, "resolver")?;
            parser.skip();
            parser.name(built)?;
            parser.skip();
            parser.optional(built, |parser, built| parser.body(built, Self::resolver_item));
            Some(())
        })
    }

    /// `traefik_body = { "{" ~ (version_stmt | entrypoint_decl | resolver_decl |
    /// providers_stmt)* ~ "}" }`
    fn traefik_item(&mut self, word: &str) -> Option<Stmt> {
        match word {
            "version" => self.simple("version", "version", Then::Value),
            "entrypoint" => self.entrypoint_decl(),
            "resolver" => self.resolver_decl(),
            // providers_stmt = { kw_providers ~ (kw_file ~ value | value) ~ ("," ~ (kw_file ~
            // value | value))* }
            "providers" => self.stmt("providers", |parser, built| {
                parser.kw(built, "providers")?;
                parser.skip();
                parser.provider(built)?;
                parser.skip();
                parser.repeat(built, |parser, built| {
                    parser.eat(",")?;
                    parser.skip();
                    parser.provider(built)
                });
                Some(())
            }),
            _ => None,
        }
    }

    /// `(kw_file ~ value | value)` of `providers_stmt`
    fn provider(&mut self, built: &mut Build) -> Option<()> {
        self.attempt(built, |parser, built| parser.kw_then(built, "file", Then::Value))
            .or_else(|| self.then(built, Then::Value))
    }

    /// `resolver_body = { "{" ~ (email_stmt | storage_stmt | challenge_stmt |
    /// ca_server_stmt)* ~ "}" }`
    fn resolver_item(&mut self, word: &str) -> Option<Stmt> {
        match word {
            "email" => self.simple("email", "email", Then::Value),
            "storage" => self.simple("storage", "storage", Then::Value),
            // challenge_stmt = { kw_challenge ~ (kw_http ~ kw_on ~ value | kw_tls | kw_dns ~
            // value) }
            "challenge" => self.stmt("challenge", |parser, built| {
                parser.kw(built, "challenge")?;
                parser.skip();
                parser
                    .attempt(built, |parser, built| {
                        parser.kw(built, "http")?;
                        parser.skip();
                        parser.kw_then(built, "on", Then::Value)
                    })
                    .or_else(|| parser.kw(built, "tls"))
                    .or_else(|| parser.attempt(built, |p, b| p.kw_then(b, "dns", Then::Value)))
            }),
            "ca-server" => self.simple("ca_server", "ca-server", Then::Value),
            _ => None,
        }
    }

    /// `middleware_body`
    fn middleware_item(&mut self, word: &str) -> Option<Stmt> {
        match word {
            // redirect_scheme_stmt = { kw_redirect_scheme ~ ident ~ (kw_permanent | kw_port ~
            // value)* }
            "redirect-scheme" => self.stmt("redirect_scheme", |parser, built| {
                parser.kw(built, "redirect-scheme")?;
                parser.skip();
                parser.name(built)?;
                parser.skip();
                parser.repeat(built, |parser, built| {
                    parser
                        .kw(built, "permanent")
                        .or_else(|| parser.attempt(built, |p, b| p.kw_then(b, "port", Then::Value)))
                });
                Some(())
            }),
            "strip-prefix" => self.simple("strip_prefix", "strip-prefix", Then::List),
            "add-prefix" => self.simple("add_prefix", "add-prefix", Then::Value),
            // basic_auth_stmt = { kw_basic_auth ~ path ~ (kw_realm ~ value)? }
            "basic-auth" => {
                self.kw_then_optional("basic_auth", "basic-auth", Then::Path, "realm", Then::Value)
            }
            "ip-allow" => self.simple("ip_allow", "ip-allow", Then::List),
            // rate_limit_stmt = { kw_rate_limit ~ value ~ (kw_burst ~ value)? }
            "rate-limit" => {
                self.kw_then_optional("rate_limit", "rate-limit", Then::Value, "burst", Then::Value)
            }
            "compress" => self.simple("compress", "compress", Then::Nothing),
            "request-headers" => self.simple("request_headers", "request-headers", Then::Map),
            "response-headers" => self.simple("response_headers", "response-headers", Then::Map),
            "name" => self.simple("name", "name", Then::Value),
            _ => None,
        }
    }

    /// `kw ~ X ~ (kw2 ~ Y)?`
    fn kw_then_optional(
        &mut self,
        kind: &'static str,
        keyword: &str,
        then: Then,
        second: &'static str,
        second_then: Then,
    ) -> Option<Stmt> {
        self.stmt(kind, |parser, built| {
            parser.kw_then(built, keyword, then)?;
            parser.skip();
            parser.optional(built, |parser, built| parser.kw_then(built, second, second_then));
            Some(())
        })
    }

    /// `environment_body = { "{" ~ (namespace_stmt | zone_stmt | labels_stmt | annotations_stmt
    /// | override_decl)* ~ "}" }`
    fn environment_item(&mut self, word: &str) -> Option<Stmt> {
        match word {
            "namespace" => self.simple("namespace", "namespace", Then::Value),
            "zone" => self.simple("zone", "zone", Then::Value),
            "labels" => self.simple("labels", "labels", Then::Map),
            "annotations" => self.simple("annotations", "annotations", Then::Map),
            // override_decl = { kw_override ~ path ~ override_body }
            "override" => self.stmt("override", |parser, built| {
                parser.kw_then(built, "override", Then::Path)?;
                parser.skip();
                parser.body(built, Self::override_item)
            }),
            _ => None,
        }
    }

    /// `override_item`: what a tier, a container, a route, a storage class, a secret or a
    /// config may hold.
    fn override_item(&mut self, word: &str) -> Option<Stmt> {
        match word {
            "tier" => self.named_decl("tier", "tier", Self::tier_item),
            "labels" | "annotations" | "kind" | "replicas" | "strategy" | "service-name"
            | "pull-secret" | "node-selector" | "volume" | "init" | "container" | "route" => {
                self.tier_item(word)
            }
            "image" | "pull" | "command" | "args" | "workdir" | "resources" | "port" | "env"
            | "mount" | "liveness" | "readiness" | "startup" => self.container_item(word),
            "entrypoints" | "tls" | "middlewares" | "redirect-https" | "priority" => {
                self.route_item(word)
            }
            "provisioner" | "parameters" | "reclaim" | "expandable" | "binding" | "default"
            | "mount-options" => self.storage_item(word),
            "failure-domain" | "device-class" => self.ceph_pool_item(word),
            "keys" | "source" => self.secret_keyword_item(word),
            "data" | "file" => self.config_item(word),
            "name" => self.simple("name", "name", Then::Value),
            "allow" => self.allow_stmt(),
            _ => None,
        }
    }

    /// `allow_stmt = { kw_allow ~ ident ~ value }`
    fn allow_stmt(&mut self) -> Option<Stmt> {
        self.stmt("allow", |parser, built| {
            parser.kw(built, "allow")?;
            parser.skip();
            parser.name(built)?;
            parser.skip();
            parser.then(built, Then::Value)
        })
    }

    /// `storage_body`
    fn storage_item(&mut self, word: &str) -> Option<Stmt> {
        match word {
            "provisioner" => self.simple("provisioner", "provisioner", Then::Value),
            "ceph-block" => self.simple("ceph_block", "ceph-block", Then::Path),
            "ceph-fs" => self.simple("ceph_fs", "ceph-fs", Then::Path),
            "parameters" => self.simple("parameters", "parameters", Then::Map),
            "reclaim" => self.simple("reclaim", "reclaim", Then::Value),
            "expandable" => self.flag_stmt("expandable"),
            "binding" => self.simple("binding", "binding", Then::Value),
            "default" => self.flag_stmt("default"),
            "mount-options" => self.simple("mount_options", "mount-options", Then::List),
            "name" => self.simple("name", "name", Then::Value),
            "allow" => self.allow_stmt(),
            _ => None,
        }
    }

    /// `expandable_stmt = { kw_expandable ~ (!keyword ~ value)? }`, and `default_stmt`
    fn flag_stmt(&mut self, keyword: &'static str) -> Option<Stmt> {
        self.stmt(keyword, |parser, built| {
            parser.kw(built, keyword)?;
            parser.skip();
            if !is_keyword(parser.word_here()) {
                parser.optional(built, |parser, built| parser.then(built, Then::Value));
            }
            Some(())
        })
    }

    /// `ceph_pool_body`
    fn ceph_pool_item(&mut self, word: &str) -> Option<Stmt> {
        match word {
            "cluster" => self.simple("cluster_ref", "cluster", Then::Value),
            "replicas" => self.simple("replicas", "replicas", Then::Value),
            "failure-domain" => self.simple("failure_domain", "failure-domain", Then::Value),
            "device-class" => self.simple("device_class", "device-class", Then::Value),
            "require-safe-replicas" => {
                self.simple("require_safe_replicas", "require-safe-replicas", Then::Value)
            }
            "allow" => self.allow_stmt(),
            _ => None,
        }
    }

    /// `ceph_fs_body`
    fn ceph_fs_item(&mut self, word: &str) -> Option<Stmt> {
        match word {
            "cluster" => self.simple("cluster_ref", "cluster", Then::Value),
            "metadata-replicas" => {
                self.simple("metadata_replicas", "metadata-replicas", Then::Value)
            }
            // data_pool_stmt = { kw_data_pool ~ ident ~ kw_replicas ~ value }
            "data-pool" => self.stmt("data_pool", |parser, built| {
                parser.kw(built, "data-pool")?;
                parser.skip();
                parser.name(built)?;
                parser.skip();
                parser.kw_then(built, "replicas", Then::Value)
            }),
            "failure-domain" => self.simple("failure_domain", "failure-domain", Then::Value),
            "active-mds" => self.simple("active_mds", "active-mds", Then::Value),
            "allow" => self.allow_stmt(),
            _ => None,
        }
    }

    /// `secret_body = { "{" ~ (keys_stmt | source_stmt | name_stmt | type_stmt |
    /// secret_literal_stmt)* ~ "}" }`
    fn secret_item(&mut self, word: &str) -> Option<Stmt> {
        let keyword_stmt = match word {
            "keys" | "source" => self.secret_keyword_item(word),
            "name" => self.simple("name", "name", Then::Value),
            "type" => self.simple("type", "type", Then::Value),
            _ => None,
        };
        // secret_literal_stmt = { env_name ~ ("=" | ":") ~ value }
        keyword_stmt.or_else(|| {
            self.stmt("secret_literal", |parser, built| {
                built.head = Some(parser.env_name()?);
                parser.skip();
                parser.eat("=").or_else(|| parser.eat(":"))?;
                parser.skip();
                parser.then(built, Then::Value)
            })
        })
    }

    /// `keys_stmt = { kw_keys ~ list }`, `source_stmt = { kw_source ~ (kw_external | kw_env ~
    /// value | kw_file ~ value) }`
    fn secret_keyword_item(&mut self, word: &str) -> Option<Stmt> {
        match word {
            "keys" => self.simple("keys", "keys", Then::List),
            "source" => self.stmt("source", |parser, built| {
                parser.kw(built, "source")?;
                parser.skip();
                parser
                    .kw(built, "external")
                    .or_else(|| parser.attempt(built, |p, b| p.kw_then(b, "env", Then::Value)))
                    .or_else(|| parser.attempt(built, |p, b| p.kw_then(b, "file", Then::Value)))
            }),
            _ => None,
        }
    }

    /// `config_body = { "{" ~ (data_stmt | config_file_stmt | name_stmt)* ~ "}" }`
    fn config_item(&mut self, word: &str) -> Option<Stmt> {
        match word {
            "data" => self.simple("data", "data", Then::Map),
            // config_file_stmt = { kw_file ~ map_key ~ kw_from ~ value }; the key is a value
            // holding its text as written (quotes included), as build_ast makes it.
            "file" => self.stmt("config_file", |parser, built| {
                parser.kw(built, "file")?;
                parser.skip();
                let start = parser.pos;
                parser.map_key()?;
                let written = Text::from(&parser.text[start..parser.pos]);
                let kind = ValueKind::Str(vec![StrPart::Text(written)]);
                built.parts.push(Part::Value(Value { kind, span: parser.span(start, parser.pos) }));
                parser.skip();
                parser.kw_then(built, "from", Then::Value)
            }),
            "name" => self.simple("name", "name", Then::Value),
            _ => None,
        }
    }

    /// `app_body = { "{" ~ (tier_decl | labels_stmt | allow_stmt)* ~ "}" }`
    fn app_item(&mut self, word: &str) -> Option<Stmt> {
        match word {
            "tier" => self.named_decl("tier", "tier", Self::tier_item),
            "labels" => self.simple("labels", "labels", Then::Map),
            "allow" => self.allow_stmt(),
            _ => None,
        }
    }

    /// `tier_body`
    fn tier_item(&mut self, word: &str) -> Option<Stmt> {
        match word {
            "kind" => self.simple("kind", "kind", Then::Value),
            "replicas" => self.simple("replicas", "replicas", Then::Value),
            // strategy_stmt = { kw_strategy ~ (kw_recreate | kw_rolling ~ (kw_max_surge ~ value
            // | kw_max_unavailable ~ value)*) }
            "strategy" => self.stmt("strategy", |parser, built| {
                parser.kw(built, "strategy")?;
                parser.skip();
                parser.kw(built, "recreate").or_else(|| {
                    parser.attempt(built, |parser, built| {
                        parser.kw(built, "rolling")?;
                        parser.skip();
                        parser.repeat(built, |parser, built| {
                            parser
                                .attempt(built, |p, b| p.kw_then(b, "max-surge", Then::Value))
                                .or_else(|| {
                                    parser.attempt(built, |p, b| {
                                        p.kw_then(b, "max-unavailable", Then::Value)
                                    })
                                })
                        });
                        Some(())
                    })
                })
            }),
            "service-name" => self.simple("service_name", "service-name", Then::Value),
            "name" => self.simple("name", "name", Then::Value),
            "pull-secret" => self.simple("pull_secret", "pull-secret", Then::Path),
            "node-selector" => self.simple("node_selector", "node-selector", Then::Map),
            "labels" => self.simple("labels", "labels", Then::Map),
            "annotations" => self.simple("annotations", "annotations", Then::Map),
            "volume" => self.volume_decl(),
            "init" => self.stmt("init_container", |parser, built| {
                parser.kw(built, "init")?;
                parser.skip();
                parser.kw(built, "container")?;
                parser.skip();
                parser.name(built)?;
                parser.skip();
                parser.instance_or_body(built, Self::container_item)
            }),
            "container" => self.named_decl("container", "container", Self::container_item),
            "route" => self.route_decl(),
            "allow" => self.allow_stmt(),
            _ => None,
        }
    }

    /// `volume_decl = { kw_volume ~ ident ~ ( kw_claim ~ value ~ (kw_on ~ path)? | kw_nfs ~
    /// value | kw_empty_dir ~ (kw_memory | kw_size ~ value)* | kw_config ~ path | kw_secret ~
    /// path ) ~ (kw_access ~ value | kw_read_only | kw_name ~ value)* }`
    fn volume_decl(&mut self) -> Option<Stmt> {
        self.stmt("volume", |parser, built| {
            parser.kw(built, "volume")?;
            parser.skip();
            parser.name(built)?;
            parser.skip();
            let source = match parser.word_here() {
                "claim" => parser.attempt(built, |parser, built| {
                    parser.kw_then(built, "claim", Then::Value)?;
                    parser.skip();
                    parser.optional(built, |p, b| p.kw_then(b, "on", Then::Path));
                    Some(())
                }),
                "nfs" => parser.attempt(built, |p, b| p.kw_then(b, "nfs", Then::Value)),
                "empty-dir" => parser.attempt(built, |parser, built| {
                    parser.kw(built, "empty-dir")?;
                    parser.skip();
                    parser.repeat(built, |parser, built| {
                        parser.kw(built, "memory").or_else(|| {
                            parser.attempt(built, |p, b| p.kw_then(b, "size", Then::Value))
                        })
                    });
                    Some(())
                }),
                "config" => parser.attempt(built, |p, b| p.kw_then(b, "config", Then::Path)),
                "secret" => parser.attempt(built, |p, b| p.kw_then(b, "secret", Then::Path)),
                _ => None,
            };
            source?;
            parser.skip();
            parser.repeat(built, |parser, built| match parser.word_here() {
                "access" => parser.attempt(built, |p, b| p.kw_then(b, "access", Then::Value)),
                "read-only" => parser.kw(built, "read-only"),
                "name" => parser.attempt(built, |p, b| p.kw_then(b, "name", Then::Value)),
                _ => None,
            });
            Some(())
        })
    }

    /// `container_body`
    fn container_item(&mut self, word: &str) -> Option<Stmt> {
        match word {
            "image" => self.simple("image", "image", Then::Value),
            "pull" => self.simple("pull", "pull", Then::Value),
            "command" => self.simple("command", "command", Then::List),
            "args" => self.simple("args", "args", Then::List),
            "workdir" => self.simple("workdir", "workdir", Then::Value),
            // resources_stmt = { kw_resources ~ resources_body }, resources_body = { "{" ~
            // resource_stmt* ~ "}" }, resource_stmt = { (kw_cpu | kw_memory |
            // kw_ephemeral_storage) ~ range }
            "resources" => self.stmt("resources", |parser, built| {
                parser.kw(built, "resources")?;
                parser.skip();
                parser.body(built, |parser, word| match word {
                    "cpu" | "memory" | "ephemeral-storage" => {
                        parser.simple("resource", word, Then::Range)
                    }
                    _ => None,
                })
            }),
            // port_stmt = { kw_port ~ ident ~ value ~ (kw_udp | kw_tcp | kw_sctp | kw_internal
            // | kw_host_port ~ value)* }
            "port" => self.stmt("port", |parser, built| {
                parser.kw(built, "port")?;
                parser.skip();
                parser.name(built)?;
                parser.skip();
                parser.then(built, Then::Value)?;
                parser.skip();
                parser.repeat(built, |parser, built| match parser.word_here() {
                    word @ ("udp" | "tcp" | "sctp" | "internal") => parser.kw(built, word),
                    "host-port" => {
                        parser.attempt(built, |p, b| p.kw_then(b, "host-port", Then::Value))
                    }
                    _ => None,
                });
                Some(())
            }),
            "env" => self.simple("env", "env", Then::EnvMap),
            // mount_stmt = { kw_mount ~ ident ~ kw_at ~ value ~ (kw_read_only | kw_sub_path ~
            // value)* }
            "mount" => self.stmt("mount", |parser, built| {
                parser.kw(built, "mount")?;
                parser.skip();
                parser.name(built)?;
                parser.skip();
                parser.kw_then(built, "at", Then::Value)?;
                parser.skip();
                parser.repeat(built, |parser, built| match parser.word_here() {
                    "read-only" => parser.kw(built, "read-only"),
                    "sub-path" => {
                        parser.attempt(built, |p, b| p.kw_then(b, "sub-path", Then::Value))
                    }
                    _ => None,
                });
                Some(())
            }),
            "liveness" | "readiness" | "startup" => self.probe_stmt(),
            "allow" => self.allow_stmt(),
            _ => None,
        }
    }

    /// `probe_stmt = { (kw_liveness | kw_readiness | kw_startup) ~ ( kw_http ~ value ~ kw_on ~
    /// value | kw_tcp ~ value | kw_grpc ~ value | kw_exec ~ list ) ~ probe_body? }`
    fn probe_stmt(&mut self) -> Option<Stmt> {
        self.stmt("probe", |parser, built| {
            parser.kw_of(built, &["liveness", "readiness", "startup"])?;
            parser.skip();
            let check = match parser.word_here() {
                "http" => parser.attempt(built, |parser, built| {
                    parser.kw_then(built, "http", Then::Value)?;
                    parser.skip();
                    parser.kw_then(built, "on", Then::Value)
                }),
                "tcp" => parser.attempt(built, |p, b| p.kw_then(b, "tcp", Then::Value)),
                "grpc" => parser.attempt(built, |p, b| p.kw_then(b, "grpc", Then::Value)),
                "exec" => parser.attempt(built, |p, b| p.kw_then(b, "exec", Then::List)),
                _ => None,
            };
            check?;
            parser.skip();
            // probe_body = { "{" ~ probe_timing_stmt* ~ "}" }, probe_timing_stmt = { (kw_delay
            // | kw_period | kw_timeout | kw_failures | kw_successes) ~ value }
            parser.optional(built, |parser, built| {
                parser.body(built, |parser, word| match word {
                    "delay" | "period" | "timeout" | "failures" | "successes" => {
                        parser.simple("probe_timing", word, Then::Value)
                    }
                    _ => None,
                })
            });
            Some(())
        })
    }

    /// `route_decl = { kw_route ~ value ~ (kw_path ~ value)? ~ kw_to ~ path ~ instance? ~
    /// route_body? }`
    fn route_decl(&mut self) -> Option<Stmt> {
        self.stmt("route", |parser, built| {
            parser.kw_then(built, "route", Then::Value)?;
            parser.skip();
            parser.optional(built, |p, b| p.kw_then(b, "path", Then::Value));
            parser.skip();
            parser.kw_then(built, "to", Then::Path)?;
            parser.skip();
            parser.optional(built, Self::instance);
            parser.skip();
            parser.optional(built, |parser, built| parser.body(built, Self::route_item));
            Some(())
        })
    }

    /// `route_body`
    fn route_item(&mut self, word: &str) -> Option<Stmt> {
        match word {
            "entrypoints" => self.simple("entrypoints", "entrypoints", Then::List),
            // tls_stmt = { kw_tls ~ (kw_resolver ~ value | kw_secret ~ value) }
            "tls" => self.stmt("tls", |parser, built| {
                parser.kw(built, "tls")?;
                parser.skip();
                parser
                    .attempt(built, |p, b| p.kw_then(b, "resolver", Then::Value))
                    .or_else(|| parser.attempt(built, |p, b| p.kw_then(b, "secret", Then::Value)))
            }),
            "middlewares" => self.simple("middlewares", "middlewares", Then::List),
            "redirect-https" => self.simple("redirect_https", "redirect-https", Then::Nothing),
            "name" => self.simple("name", "name", Then::Value),
            "priority" => self.simple("priority", "priority", Then::Value),
            _ => None,
        }
    }

    /// `cluster_body`
    fn cluster_item(&mut self, word: &str) -> Option<Stmt> {
        match word {
            "kubernetes" => self.simple("kubernetes", "kubernetes", Then::Value),
            // network_stmt = { kw_network ~ value ~ (kw_mtu ~ value | kw_iface ~ value |
            // kw_options ~ map)* }
            "network" => self.stmt("network", |parser, built| {
                parser.kw_then(built, "network", Then::Value)?;
                parser.skip();
                parser.repeat(built, |parser, built| match parser.word_here() {
                    "mtu" => parser.attempt(built, |p, b| p.kw_then(b, "mtu", Then::Value)),
                    "iface" => parser.attempt(built, |p, b| p.kw_then(b, "iface", Then::Value)),
                    "options" => parser.attempt(built, |p, b| p.kw_then(b, "options", Then::Map)),
                    _ => None,
                });
                Some(())
            }),
            "ssh-key" => self.simple("ssh_key", "ssh-key", Then::Value),
            "ssh-agent" => self.simple("ssh_agent", "ssh-agent", Then::Nothing),
            "ignore-docker-version" => {
                self.simple("ignore_docker_version", "ignore-docker-version", Then::Nothing)
            }
            "service-cidr" => self.simple("service_cidr", "service-cidr", Then::Value),
            "pod-cidr" => self.simple("pod_cidr", "pod-cidr", Then::Value),
            "cluster-dns" => self.simple("cluster_dns", "cluster-dns", Then::Value),
            "cluster-domain" => self.simple("cluster_domain", "cluster-domain", Then::Value),
            "node-port-range" => self.simple("node_port_range", "node-port-range", Then::Value),
            // authentication_stmt = { kw_authentication ~ list ~ (kw_sans ~ list)? }
            "authentication" => self.kw_then_optional(
                "authentication",
                "authentication",
                Then::List,
                "sans",
                Then::List,
            ),
            "authorization" => self.simple("authorization", "authorization", Then::Value),
            "ingress" => self.simple("ingress", "ingress", Then::Value),
            // dns_stmt = { kw_dns ~ value ~ (kw_upstream ~ list)? }
            "dns" => self.kw_then_optional("dns", "dns", Then::Value, "upstream", Then::List),
            // rke_service_decl = { (kw_etcd | kw_kube_api | kw_kube_controller | kw_scheduler |
            // kw_kubelet | kw_kubeproxy) ~ rke_service_body }
            "etcd" | "kube-api" | "kube-controller" | "scheduler" | "kubelet" | "kubeproxy" => self
                .stmt("rke_service", |parser, built| {
                    parser.kw(built, word)?;
                    parser.skip();
                    parser.body(built, Self::rke_service_item)
                }),
            // node_decl = { kw_node ~ ident ~ node_body }
            "node" => self.stmt("node", |parser, built| {
                parser.kw(built, "node")?;
                parser.skip();
                parser.name(built)?;
                parser.skip();
                parser.body(built, Self::node_item)
            }),
            // registry_decl = { kw_registry ~ value ~ registry_body? }, registry_body = { "{" ~
            // (user_stmt | default_stmt)* ~ "}" }
            "registry" => self.stmt("registry", |parser, built| {
                parser.kw_then(built, "registry", Then::Value)?;
                parser.skip();
                parser.optional(built, |parser, built| {
                    parser.body(built, |parser, word| match word {
                        "user" => parser.simple("user", "user", Then::Value),
                        "default" => parser.flag_stmt("default"),
                        _ => None,
                    })
                });
                Some(())
            }),
            // upgrade_decl = { kw_upgrade ~ upgrade_body }
            "upgrade" => self.stmt("upgrade", |parser, built| {
                parser.kw(built, "upgrade")?;
                parser.skip();
                parser.body(built, Self::upgrade_item)
            }),
            "allow" => self.allow_stmt(),
            _ => None,
        }
    }

    /// `rke_service_body`
    fn rke_service_item(&mut self, word: &str) -> Option<Stmt> {
        match word {
            "args" => self.simple("service_args", "args", Then::Map),
            // bind_stmt = { kw_bind ~ value ~ (kw_to ~ value)? }
            "bind" => self.kw_then_optional("bind", "bind", Then::Value, "to", Then::Value),
            "env" => self.simple("service_env", "env", Then::EnvMap),
            "image" => self.simple("service_image", "image", Then::Value),
            // backup_stmt = { kw_backup ~ kw_every ~ value ~ kw_keep ~ value }
            "backup" => self.stmt("backup", |parser, built| {
                parser.kw(built, "backup")?;
                parser.skip();
                parser.kw_then(built, "every", Then::Value)?;
                parser.skip();
                parser.kw_then(built, "keep", Then::Value)
            }),
            "fail-swap-on" => self.simple("fail_swap_on", "fail-swap-on", Then::Value),
            _ => None,
        }
    }

    /// `node_body`
    fn node_item(&mut self, word: &str) -> Option<Stmt> {
        match word {
            "address" => self.simple("address", "address", Then::Value),
            "internal-address" => self.simple("internal_address", "internal-address", Then::Value),
            "user" => self.simple("user", "user", Then::Value),
            "roles" => self.simple("roles", "roles", Then::List),
            "ssh-port" => self.simple("ssh_port", "ssh-port", Then::Value),
            "ssh-key" => self.simple("ssh_key", "ssh-key", Then::Value),
            "labels" => self.simple("labels", "labels", Then::Map),
            "taint" => self.simple("taint", "taint", Then::Value),
            _ => None,
        }
    }

    /// `upgrade_body`
    fn upgrade_item(&mut self, word: &str) -> Option<Stmt> {
        match word {
            "max-unavailable-worker" => {
                self.simple("max_unavailable_worker", "max-unavailable-worker", Then::Value)
            }
            "max-unavailable-controlplane" => self.simple(
                "max_unavailable_controlplane",
                "max-unavailable-controlplane",
                Then::Value,
            ),
            // drain_stmt = { kw_drain ~ (kw_grace_period ~ value | kw_timeout ~ value | kw_force
            // | kw_ignore_daemonsets | kw_delete_local_data)* }
            "drain" => self.stmt("drain", |parser, built| {
                parser.kw(built, "drain")?;
                parser.skip();
                parser.repeat(built, |parser, built| match parser.word_here() {
                    "grace-period" => {
                        parser.attempt(built, |p, b| p.kw_then(b, "grace-period", Then::Value))
                    }
                    "timeout" => parser.attempt(built, |p, b| p.kw_then(b, "timeout", Then::Value)),
                    word @ ("force" | "ignore-daemonsets" | "delete-local-data") => {
                        parser.kw(built, word)
                    }
                    _ => None,
                });
                Some(())
            }),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::ast::{Part, Stmt, StrPart, Value, ValueKind};

    /// Counts the vectors of `stmts` that hold more room than items.
    fn loose_vectors(stmts: &[Stmt]) -> usize {
        fn loose_in_value(value: &Value) -> usize {
            match &value.kind {
                ValueKind::Str(parts) => {
                    usize::from(parts.capacity() != parts.len())
                        + parts
                            .iter()
                            .map(|part| match part {
                                StrPart::Interpolation { path, .. } => {
                                    usize::from(path.capacity() != path.len())
                                }
                                StrPart::Text(_) => 0,
                            })
                            .sum::<usize>()
                }
                ValueKind::Path(words) => usize::from(words.capacity() != words.len()),
                ValueKind::List(values) => {
                    usize::from(values.capacity() != values.len())
                        + values.iter().map(loose_in_value).sum::<usize>()
                }
                ValueKind::Map(entries) | ValueKind::Env(entries) => {
                    usize::from(entries.capacity() != entries.len())
                        + entries.iter().map(|entry| loose_in_value(&entry.value)).sum::<usize>()
                }
                _ => 0,
            }
        }
        stmts
            .iter()
            .map(|stmt| {
                usize::from(stmt.parts.capacity() != stmt.parts.len())
                    + stmt
                        .parts
                        .iter()
                        .map(|part| match part {
                            Part::Block(inner) => {
                                usize::from(inner.capacity() != inner.len()) + loose_vectors(inner)
                            }
                            Part::Value(inner) => loose_in_value(inner),
                            _ => 0,
                        })
                        .sum::<usize>()
            })
            .sum()
    }

    #[test]
    fn the_tree_holds_no_spare_room() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let text =
            std::fs::read_to_string(root.join("examples/confluence/confluence.timon")).unwrap();
        let file = parse_file(SourceId(0), &text).expect("the example parses");
        assert!(!file.items.is_empty());
        assert_eq!(loose_vectors(&file.items), 0);
    }
}
