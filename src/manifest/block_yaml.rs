//! A fast path for the block-style YAML that Kubernetes manifests are written in: it produces
//! exactly the `(Event, Span)` sequence that `saphyr-parser` would, or declines.
//!
//! # Why
//!
//! On plain Kubernetes YAML, `timon check` spent 65% of its instructions in `saphyr-parser`
//! (callgrind, 1,001 generated files: 555 M of 848 M instructions, 28% in its plain scalar
//! scanner alone). saphyr is a general YAML 1.2 parser that copies every scalar into a `String`
//! and walks each character through a token queue. The manifests we read are almost always
//! the same small subset of YAML, which a line-by-line reader handles at a fraction of the cost
//! and with borrowed scalars: on that workload this reader takes 118 M instructions where saphyr
//! took 556 M, and the whole check 392 M instead of 848 M.
//!
//! # The subset
//!
//! - a stream of documents, separated by `---` lines (a comment may follow the marker); the
//!   first may omit it, and a document may be empty;
//! - block mappings and block sequences, the root at column 0: `- key: value` compact mappings
//!   as sequence entries, and sequences written at the indentation of their key
//!   (`containers:` then `- name: x`);
//! - keys and values that are single-line plain scalars (`image: nginx:1.27`, `url: http://x`,
//!   `a#b`), single-quoted scalars (`''` included) or double-quoted scalars without escapes;
//! - empty values (`key:` or `-` at the end of the line), full-line and trailing comments, blank
//!   lines and non-ASCII text.
//!
//! Anything else — tabs, carriage returns, NUL, a byte order mark, `...`, directives, flow
//! collections, anchors, aliases, tags, block scalars, multi-line scalars, `?` keys, `- -`,
//! backslash escapes, a root scalar, unusual indentation and every syntax error — is declined
//! ([`events`] returns `None`) and the whole file goes to saphyr, which alone decides what it
//! means and words the errors. When in doubt, the reader declines.
//!
//! # Markers
//!
//! saphyr's markers count characters, not bytes, from 0 (index and column) and lines from 1.
//! Its spans follow its tokens, and those rules are reproduced here: a collection starts where
//! its first key or `-` is (an indentless sequence where its first entry's content is) and ends
//! where the next token is; an omitted value sits at its `:`, or after the blanks and comment
//! that follow its `-`; a quoted scalar's span runs over the blanks and comment after it; the
//! end of the stream is on the line after the last character, except for collections deeper
//! than a last line without a line break, which end on it. The differential tests and the
//! `yaml_fast_path` fuzz target hold the two readers to the same output.

use std::borrow::Cow;

use memchr::{memchr, memchr2, memchr3};
use saphyr_parser::{Event, Marker, ScalarStyle, Span};

/// Deeper documents are left to saphyr, so that the recursion here stays shallow.
const MAX_NESTING: usize = 64;

/// saphyr forgets a possible key once its `:` is more than 1,024 characters away, so long keys
/// are left to it. Measured in bytes, which are never fewer than characters.
const MAX_KEY_BYTES: usize = 1000;

/// The events saphyr would produce for `text`, ending with `StreamEnd`, or `None` when `text` is
/// outside the subset this module reads.
pub(super) fn events(text: &str) -> Option<Vec<(Event<'_>, Span)>> {
    let bytes = text.as_bytes();
    // saphyr treats these specially in ways the line reader does not model.
    if memchr3(b'\t', b'\r', b'\0', bytes).is_some()
        || memchr::memmem::find(bytes, "\u{FEFF}".as_bytes()).is_some()
    {
        return None;
    }
    let mut reader = LineReader::new(text);
    reader.stream()?;
    Some(reader.events)
}

/// A line with content: not blank and not only a comment.
#[derive(Clone, Copy)]
struct Line {
    /// Byte offset of its first character.
    start: usize,
    /// Byte offset of its `\n`, or the length of the text.
    end: usize,
    /// Its leading spaces: the column of its first token.
    indent: usize,
    /// Its number, from 1.
    number: usize,
    /// The character index of its first character.
    char_start: usize,
    /// Whether it is a `---` document marker.
    is_document_start: bool,
}

impl Line {
    fn content(&self) -> usize {
        self.start + self.indent
    }
}

/// A scalar read from one line.
struct Scalar<'text> {
    value: Cow<'text, str>,
    style: ScalarStyle,
    /// Byte offsets of its span, as saphyr gives it.
    start: usize,
    end: usize,
    /// The `:` after it that makes it a key, if there is one.
    colon: Option<usize>,
}

struct LineReader<'text> {
    text: &'text str,
    bytes: &'text [u8],
    /// When the text is ASCII, character indices are byte offsets.
    ascii: bool,
    events: Vec<(Event<'text>, Span)>,
    /// The content line being read; `None` past the last one.
    line: Option<Line>,
    /// Where the line after `line` starts: byte offset, number and character index.
    next_start: usize,
    next_number: usize,
    next_char: usize,
    total_chars: usize,
    /// The number and length in characters of a last line that has no line break.
    unterminated_tail: Option<(usize, usize)>,
    nesting: usize,
}

impl<'text> LineReader<'text> {
    fn new(text: &'text str) -> Self {
        let ascii = text.is_ascii();
        Self {
            text,
            bytes: text.as_bytes(),
            ascii,
            // Block YAML has two or three events a line; growing the vector instead would copy
            // it over and over, at more than 100 bytes an event.
            events: Vec::with_capacity(3 * memchr::memchr_iter(b'\n', text.as_bytes()).count() + 8),
            line: None,
            next_start: 0,
            next_number: 1,
            next_char: 0,
            total_chars: if ascii { text.len() } else { text.chars().count() },
            unterminated_tail: None,
            nesting: 0,
        }
    }

    fn chars_between(&self, start: usize, end: usize) -> usize {
        if self.ascii { end - start } else { self.text[start..end].chars().count() }
    }

    /// The marker of byte offset `at` on `line`.
    fn marker(&self, line: &Line, at: usize) -> Marker {
        let col = self.chars_between(line.start, at);
        Marker::new(line.char_start + col, line.number, col)
    }

    /// Where saphyr's scanner stands once the whole text is read: a line that does not end
    /// with a line break is closed, as if it did.
    fn stream_end(&self) -> Marker {
        Marker::new(self.total_chars, self.next_number, 0)
    }

    fn push(&mut self, event: Event<'text>, start: Marker, end: Marker) {
        self.events.push((event, Span::new(start, end)));
    }

    fn push_scalar(&mut self, line: &Line, scalar: Scalar<'text>) {
        let start = self.marker(line, scalar.start);
        let end = self.marker(line, scalar.end);
        self.push(Event::Scalar(scalar.value, scalar.style, 0, None), start, end);
    }

    fn push_empty_scalar(&mut self, at: Marker) {
        self.push(Event::Scalar(Cow::Borrowed(""), ScalarStyle::Plain, 0, None), at, at);
    }

    /// Where the block at `column` ends: where the next token is. At the end of the stream,
    /// saphyr first closes the blocks deeper than where it stands, at the end of a last line
    /// that has no line break, and then the others on the line after.
    fn block_end(&self, column: usize) -> Marker {
        match (&self.line, self.unterminated_tail) {
            (None, Some((number, length))) if column > length => {
                Marker::new(self.total_chars, number, length)
            }
            _ => self.next_token().0,
        }
    }

    /// The span of saphyr's next token: the `---` marker, the first token of the next line, or
    /// the end of the stream.
    fn next_token(&self) -> (Marker, Marker) {
        match &self.line {
            None => (self.stream_end(), self.stream_end()),
            Some(line) if line.is_document_start => {
                (self.marker(line, line.start), self.marker(line, line.start + 3))
            }
            Some(line) => {
                let at = self.marker(line, line.content());
                (at, at)
            }
        }
    }

    /// Moves to the next line with content. Declines on `...`, which ends a document in ways
    /// this reader does not follow.
    fn advance(&mut self) -> Option<()> {
        loop {
            let start = self.next_start;
            if start >= self.bytes.len() {
                self.line = None;
                return Some(());
            }
            let end = memchr(b'\n', &self.bytes[start..]).map_or(self.bytes.len(), |i| start + i);
            let number = self.next_number;
            let char_start = self.next_char;
            self.next_start = end + 1;
            self.next_number += 1;
            let chars = self.chars_between(start, end);
            self.next_char += chars + 1;
            if end == self.bytes.len() {
                self.unterminated_tail = Some((number, chars));
            }
            let indent = self.bytes[start..end].iter().take_while(|&&byte| byte == b' ').count();
            let content = start + indent;
            if content == end || self.bytes[content] == b'#' {
                continue;
            }
            let marker = |three: &[u8]| {
                indent == 0
                    && self.bytes[start..end].starts_with(three)
                    && (end == start + 3 || self.bytes[start + 3] == b' ')
            };
            if marker(b"...") {
                return None;
            }
            let is_document_start = marker(b"---");
            self.line = Some(Line { start, end, indent, number, char_start, is_document_start });
            return Some(());
        }
    }

    /// The line being read, if it has content other than a document marker.
    fn content_line(&self) -> Option<Line> {
        self.line.filter(|line| !line.is_document_start)
    }

    fn stream(&mut self) -> Option<()> {
        let origin = Marker::new(0, 1, 0);
        self.push(Event::StreamStart, origin, origin);
        self.advance()?;
        let mut first = true;
        while let Some(line) = self.line {
            if line.is_document_start {
                if !self.only_comment_after(line.start + 3, line.end) {
                    return None;
                }
                let start = self.marker(&line, line.start);
                let end = self.marker(&line, line.start + 3);
                self.push(Event::DocumentStart(true), start, end);
                self.advance()?;
            } else if first {
                let at = self.marker(&line, line.content());
                self.push(Event::DocumentStart(false), at, at);
            } else {
                // A second document needs its `---`.
                return None;
            }
            first = false;
            if let Some(root) = self.content_line() {
                if root.indent != 0 {
                    return None;
                }
                self.block_node(root)?;
                if self.content_line().is_some() {
                    return None;
                }
            } else {
                let (start, end) = self.next_token();
                self.push(
                    Event::Scalar(Cow::Borrowed(""), ScalarStyle::Plain, 0, None),
                    start,
                    end,
                );
            }
            let (start, end) = self.next_token();
            self.push(Event::DocumentEnd, start, end);
        }
        let end = self.stream_end();
        self.push(Event::StreamEnd, end, end);
        Some(())
    }

    /// Whether only blanks and a comment come between `from` and `end`.
    fn only_comment_after(&self, from: usize, end: usize) -> bool {
        let at = self.skip_spaces(from, end);
        at == end || (self.bytes[at] == b'#' && at > from)
    }

    fn skip_spaces(&self, mut at: usize, end: usize) -> usize {
        while at < end && self.bytes[at] == b' ' {
            at += 1;
        }
        at
    }

    /// Whether a `-` entry indicator is at `at`.
    fn is_entry(&self, line: &Line, at: usize) -> bool {
        self.bytes[at] == b'-' && (at + 1 == line.end || self.bytes[at + 1] == b' ')
    }

    /// A mapping or sequence whose first token starts the content of `line`.
    fn block_node(&mut self, line: Line) -> Option<()> {
        let at = line.content();
        if self.is_entry(&line, at) {
            return self.sequence(false);
        }
        let key = self.scalar(&line, at)?;
        // A scalar alone on its line could continue on the next one: saphyr's business.
        key.colon?;
        self.mapping(line, key)
    }

    fn enter(&mut self) -> Option<()> {
        self.nesting += 1;
        (self.nesting <= MAX_NESTING).then_some(())
    }

    /// A block sequence whose first `-` starts the content of the current line. An indentless
    /// sequence is the value of a mapping key at the same column.
    fn sequence(&mut self, indentless: bool) -> Option<()> {
        self.enter()?;
        let first = self.line?;
        let column = first.indent;
        let mut line = first;
        loop {
            let after_dash = self.skip_spaces(line.content() + 1, line.end);
            let is_empty = after_dash == line.end || self.bytes[after_dash] == b'#';
            // saphyr's entry token sits after the `-`, its blanks and its comment.
            let entry_at = if is_empty { line.end } else { after_dash };
            if line.start == first.start {
                let at = if indentless { entry_at } else { first.content() };
                let at = self.marker(&line, at);
                self.push(Event::SequenceStart(0, None), at, at);
            }
            if is_empty {
                let at = self.marker(&line, entry_at);
                self.push_empty_scalar(at);
                self.advance()?;
            } else {
                if self.is_entry(&line, after_dash) {
                    return None;
                }
                let scalar = self.scalar(&line, after_dash)?;
                if scalar.colon.is_some() {
                    self.mapping(line, scalar)?;
                } else {
                    self.push_scalar(&line, scalar);
                    self.advance()?;
                }
            }
            match self.content_line() {
                Some(next) if next.indent == column && self.is_entry(&next, next.content()) => {
                    line = next;
                }
                Some(next) if next.indent > column || (next.indent == column && !indentless) => {
                    return None;
                }
                _ => break,
            }
        }
        let at = self.block_end(column);
        self.push(Event::SequenceEnd, at, at);
        self.nesting -= 1;
        Some(())
    }

    /// A block mapping whose first key, already read, is on `line`.
    fn mapping(&mut self, mut line: Line, first_key: Scalar<'text>) -> Option<()> {
        self.enter()?;
        let column = first_key.start - line.start;
        let at = self.marker(&line, first_key.start);
        self.push(Event::MappingStart(0, None), at, at);
        let mut key = first_key;
        loop {
            let colon = key.colon?;
            if colon - key.start > MAX_KEY_BYTES {
                return None;
            }
            self.push_scalar(&line, key);
            let value_at = self.skip_spaces(colon + 1, line.end);
            if value_at == line.end || self.bytes[value_at] == b'#' {
                self.advance()?;
                match self.content_line() {
                    Some(next) if next.indent > column => self.block_node(next)?,
                    Some(next) if next.indent == column && self.is_entry(&next, next.content()) => {
                        self.sequence(true)?;
                    }
                    _ => {
                        let at = self.marker(&line, colon);
                        self.push_empty_scalar(at);
                    }
                }
            } else {
                let value = self.scalar(&line, value_at)?;
                if value.colon.is_some() {
                    return None;
                }
                self.push_scalar(&line, value);
                self.advance()?;
            }
            match self.content_line() {
                Some(next) if next.indent == column && !self.is_entry(&next, next.content()) => {
                    key = self.scalar(&next, next.content())?;
                    line = next;
                }
                Some(next) if next.indent >= column => return None,
                _ => break,
            }
        }
        let at = self.block_end(column);
        self.push(Event::MappingEnd, at, at);
        self.nesting -= 1;
        Some(())
    }

    /// The scalar starting at `at` on `line`, which must be followed by nothing but blanks and a
    /// comment, or by the `:` of a key.
    fn scalar(&self, line: &Line, at: usize) -> Option<Scalar<'text>> {
        match self.bytes[at] {
            b'\'' => self.single_quoted(line, at),
            b'"' => self.double_quoted(line, at),
            _ => self.plain(line, at),
        }
    }

    fn plain(&self, line: &Line, start: usize) -> Option<Scalar<'text>> {
        let bytes = self.bytes;
        let end = line.end;
        let is_blank_at = |at: usize| at == end || bytes[at] == b' ';
        match bytes[start] {
            // Indicators: flow collections, anchors, aliases, tags, block scalars, quotes,
            // reserved characters and comments.
            b'[' | b']' | b'{' | b'}' | b',' | b'*' | b'&' | b'!' | b'|' | b'>' | b'%' | b'@'
            | b'`' | b'#' => return None,
            // An entry, a complex key or a value indicator when a blank follows.
            b'-' | b'?' | b':' if is_blank_at(start + 1) => return None,
            _ => {}
        }
        let is_value_indicator = |at: usize| bytes[at] == b':' && is_blank_at(at + 1);
        let mut at = start;
        let content_end = loop {
            // One word: up to a blank or a `:` that a blank follows. A `#` inside a word is
            // text (`a#b`); only a blank before it makes a comment.
            while at < end && bytes[at] != b' ' && !is_value_indicator(at) {
                at += 1;
            }
            let word_end = at;
            if at == end || bytes[at] != b' ' {
                break word_end;
            }
            at = self.skip_spaces(at, end);
            if at == end || bytes[at] == b'#' || is_value_indicator(at) {
                break word_end;
            }
        };
        let after = self.skip_spaces(content_end, end);
        let colon = (after < end && bytes[after] == b':').then_some(after);
        Some(Scalar {
            value: Cow::Borrowed(&self.text[start..content_end]),
            style: ScalarStyle::Plain,
            start,
            end: content_end,
            colon,
        })
    }

    fn single_quoted(&self, line: &Line, start: usize) -> Option<Scalar<'text>> {
        let bytes = self.bytes;
        let mut at = start + 1;
        let mut has_escaped_quote = false;
        let close = loop {
            let quote = at + memchr(b'\'', &bytes[at..line.end])?;
            if bytes.get(quote + 1) == Some(&b'\'') {
                has_escaped_quote = true;
                at = quote + 2;
            } else {
                break quote;
            }
        };
        let written = &self.text[start + 1..close];
        let value = if has_escaped_quote {
            Cow::Owned(written.replace("''", "'"))
        } else {
            Cow::Borrowed(written)
        };
        self.after_quote(line, start, close, value, ScalarStyle::SingleQuoted)
    }

    fn double_quoted(&self, line: &Line, start: usize) -> Option<Scalar<'text>> {
        let from = start + 1;
        let close = from + memchr2(b'"', b'\\', &self.bytes[from..line.end])?;
        // Escapes are saphyr's to resolve.
        if self.bytes[close] == b'\\' {
            return None;
        }
        let value = Cow::Borrowed(&self.text[from..close]);
        self.after_quote(line, start, close, value, ScalarStyle::DoubleQuoted)
    }

    /// A quoted scalar from `start` to its closing quote at `close`. saphyr's span runs over
    /// the blanks after the quote, and over a comment up to the end of the line.
    fn after_quote(
        &self,
        line: &Line,
        start: usize,
        close: usize,
        value: Cow<'text, str>,
        style: ScalarStyle,
    ) -> Option<Scalar<'text>> {
        let after_quote = close + 1;
        let after = self.skip_spaces(after_quote, line.end);
        let (end, colon) = if after == line.end {
            (after, None)
        } else if self.bytes[after] == b'#' && after > after_quote {
            (line.end, None)
        } else if self.bytes[after] == b':'
            && (after + 1 == line.end || self.bytes[after + 1] == b' ')
        {
            (after, Some(after))
        } else {
            return None;
        };
        Some(Scalar { value, style, start, end, colon })
    }
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;
    use std::path::Path;

    use proptest::prelude::*;

    use super::events;
    use crate::manifest::yaml_fast_path_events;

    /// Asserts that the fast path reads `text`, and exactly as saphyr does.
    #[track_caller]
    fn agrees(text: &str) {
        let Some((fast, saphyr)) = yaml_fast_path_events(text) else {
            panic!("the fast path declined {text:?}");
        };
        assert_eq!(fast, saphyr, "{text:?}");
    }

    #[track_caller]
    fn declined(text: &str) {
        assert!(events(text).is_none(), "the fast path read {text:?}");
    }

    #[test]
    fn kubernetes_manifests_are_read_as_saphyr_reads_them() {
        agrees(
            "# app: generated\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  labels:\n    \
             app: web   # the selector\n  name: web\nspec:\n  template:\n    spec:\n      \
             containers:\n      - image: nginx:1.27\n        name: main\n        ports:\n        \
             - containerPort: 80\n\n        args:\n          - --url=http://x.y/z?a=b#c\n      \
             volumes:\n      - name: data\n---\napiVersion: v1\nkind: Service\n",
        );
    }

    #[test]
    fn empty_values_sit_at_their_colon_or_after_their_dash() {
        agrees("a:\nb:   # nothing\nc:\n- \n-   # nothing\n-\nd:");
        agrees("- a:\n  b:\n-\n");
    }

    #[test]
    fn quoted_scalars_span_their_trailing_blanks_and_comment() {
        agrees("a: 'it''s'   \nb: \"x # y\" # z\n'k' : v\n\"q\": ''\n");
        agrees("- 'a: b'\n- \"\"\n");
    }

    #[test]
    fn plain_scalars_stop_at_a_value_indicator_or_a_comment() {
        agrees("a: b:c d  e # f\nurl: http://x:80/#y\nk  : v\n-x: ?y\n:z: a#b\n");
    }

    #[test]
    fn markers_count_characters_not_bytes() {
        agrees("é: ü\nnäme: '日本'  # コメント\nx: \"ö\"\ny: ");
        agrees("a:\n- é\n- b: 日本\n  c: d");
    }

    #[test]
    fn documents_and_their_markers() {
        agrees("");
        agrees("# only a comment\n");
        agrees("---\n---\na: 1\n--- # c\n");
        agrees("a: 1\n---\n- b\n---");
        agrees("\n\n# c\n--- # d\n\nk: v\n\n");
    }

    #[test]
    fn the_end_of_the_stream_is_on_the_next_line() {
        agrees("a: b");
        agrees("a: b\n");
        agrees("a: b\n  ");
        agrees("a:\n  b:\n    c: d\n #");
        agrees("a:\n  b:\n  - c\n #");
        agrees("- a:\n  - b: c\n#");
    }

    #[test]
    fn what_the_fast_path_leaves_to_saphyr() {
        for text in [
            "a:\tb\n",
            "a: b\r\n",
            "\u{feff}a: b\n",
            "a: b\n...\n",
            "%YAML 1.2\n---\na: b\n",
            "a: [b]\n",
            "a: {b: c}\n",
            "a: &x b\nc: *x\n",
            "a: !!str b\n",
            "a: |\n  b\n",
            "a: >\n  b\n",
            "a: b\n  c\n",
            "a: 'b\n  c'\n",
            "? a\n: b\n",
            "- - a\n",
            "a: \"b\\n\"\n",
            "just a scalar\n",
            "  a: b\n",
            "a: b: c\n",
            "a: b\n - c\n",
            "a:\n  b: c\n d: e\n",
            "a: 'b'c\n",
            "a: 'b'#c\n",
            "-\n  a: b\n",
            "a: b\nc: d\n---x\n",
            "a: b\nc\n",
        ] {
            declined(text);
        }
    }

    #[test]
    fn long_keys_are_left_to_saphyr() {
        declined(&format!("{}: v\n", "k".repeat(1200)));
        agrees(&format!("k: {}\n", "v".repeat(3000)));
    }

    #[test]
    fn every_yaml_fixture_and_example_is_read_as_saphyr_reads_it() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut read = 0;
        for folder in ["tests/fixtures", "examples"] {
            for entry in walkdir::WalkDir::new(root.join(folder)) {
                let entry = entry.unwrap();
                let path = entry.path();
                if !matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")) {
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(path) else { continue };
                if let Some((fast, saphyr)) = yaml_fast_path_events(&text) {
                    assert_eq!(fast, saphyr, "{}", path.display());
                    read += 1;
                }
            }
        }
        // Most fixtures use flow collections on purpose; the generated documents cover the rest.
        assert!(read >= 1, "the fast path read no fixture");
    }

    /// A block node as the generator writes it.
    #[derive(Debug, Clone)]
    enum Tree {
        Scalar(String),
        Empty,
        /// Its entries, and how much deeper than their parent they are written.
        Map(Vec<(String, Tree, Decoration)>, usize),
        /// Its items, how much deeper they are written, and whether a mapping value is written
        /// at the column of its key.
        Seq(Vec<(Tree, Decoration)>, usize, bool),
    }

    /// What surrounds a line: blanks after it, a comment, blank and comment lines below.
    #[derive(Debug, Clone)]
    struct Decoration {
        trailing_spaces: usize,
        comment: bool,
        lines_below: Vec<Option<usize>>,
    }

    fn decoration() -> impl Strategy<Value = Decoration> {
        let line = prop_oneof![3 => Just(None), 1 => (0..8usize).prop_map(Some)];
        (
            prop_oneof![3 => Just(0usize), 1 => 1..3usize],
            prop::bool::weighted(0.2),
            prop::collection::vec(line, 0..2),
        )
            .prop_map(|(trailing_spaces, comment, lines_below)| Decoration {
                trailing_spaces,
                comment,
                lines_below,
            })
    }

    fn plain_scalar() -> impl Strategy<Value = String> {
        let first = prop::sample::select(vec![
            "a",
            "name",
            "nginx:1.27",
            "http://x.y/z?q=1#f",
            "a#b",
            "é",
            "日本",
            "-1",
            "1.5",
            "true",
            "~",
            "?x",
            ":x",
            "x]",
            "x,y",
            "50%",
            "a@b",
            "it's",
            "a\"b",
            "C:\\x",
            "--x",
            "a::b",
            "null",
            "ö:ü",
        ]);
        let more = prop::sample::select(vec!["b", ":c", "-", "d#", "e:f", "ñ", "'g'", "[h]"]);
        (first, prop::collection::vec((1..3usize, more), 0..3)).prop_map(|(first, words)| {
            let mut text = first.to_owned();
            for (spaces, word) in words {
                text.push_str(&" ".repeat(spaces));
                text.push_str(word);
            }
            text
        })
    }

    fn quoted_scalar() -> impl Strategy<Value = String> {
        let piece = prop::sample::select(vec!["a", " ", ": ", " # ", "#", "é", "-", "{x}", "*"]);
        (prop::bool::ANY, prop::collection::vec(piece, 0..4), prop::bool::ANY).prop_map(
            |(single, pieces, quote_inside)| {
                let mut inner = pieces.concat();
                if single {
                    if quote_inside {
                        inner.push_str("''\"");
                    }
                    format!("'{inner}'")
                } else {
                    if quote_inside {
                        inner.push('\'');
                    }
                    format!("\"{inner}\"")
                }
            },
        )
    }

    fn scalar() -> impl Strategy<Value = String> {
        prop_oneof![3 => plain_scalar(), 1 => quoted_scalar()]
    }

    fn tree() -> impl Strategy<Value = Tree> {
        let leaf = prop_oneof![4 => scalar().prop_map(Tree::Scalar), 1 => Just(Tree::Empty)];
        leaf.prop_recursive(5, 40, 4, |inner| {
            prop_oneof![
                (prop::collection::vec((scalar(), inner.clone(), decoration()), 1..4), 1..4usize)
                    .prop_map(|(entries, step)| Tree::Map(entries, step)),
                (prop::collection::vec((inner, decoration()), 1..4), 1..4usize, prop::bool::ANY)
                    .prop_map(|(items, step, indentless)| Tree::Seq(items, step, indentless)),
            ]
        })
    }

    fn decorate(out: &mut String, decoration: &Decoration) {
        out.push_str(&" ".repeat(decoration.trailing_spaces));
        if decoration.comment {
            out.push_str(" # comment: 'x' \"y\"");
        }
        out.push('\n');
        for line in &decoration.lines_below {
            if let Some(indent) = line {
                let _ = writeln!(out, "{}# note", " ".repeat(*indent));
            } else {
                out.push('\n');
            }
        }
    }

    /// Writes the entries of a mapping at `column`; the first one follows what is already on
    /// the line when `inline` is set.
    fn write_map(
        out: &mut String,
        entries: &[(String, Tree, Decoration)],
        column: usize,
        inline: bool,
    ) {
        for (index, (key, value, decoration)) in entries.iter().enumerate() {
            if index > 0 || !inline {
                out.push_str(&" ".repeat(column));
            }
            out.push_str(key);
            out.push(':');
            write_value(out, value, column, decoration);
        }
    }

    /// Writes a value after `key:`, its key at `column`.
    fn write_value(out: &mut String, value: &Tree, column: usize, decoration: &Decoration) {
        match value {
            Tree::Scalar(text) => {
                out.push(' ');
                out.push_str(text);
                decorate(out, decoration);
            }
            Tree::Empty => decorate(out, decoration),
            Tree::Map(entries, step) => {
                decorate(out, decoration);
                write_map(out, entries, column + step, false);
            }
            Tree::Seq(items, step, indentless) => {
                decorate(out, decoration);
                write_seq(out, items, if *indentless { column } else { column + step });
            }
        }
    }

    fn write_seq(out: &mut String, items: &[(Tree, Decoration)], column: usize) {
        for (item, decoration) in items {
            out.push_str(&" ".repeat(column));
            out.push('-');
            match item {
                Tree::Scalar(text) => {
                    out.push(' ');
                    out.push_str(text);
                    decorate(out, decoration);
                }
                Tree::Map(entries, step) => {
                    // A compact mapping: its first key on the `-` line.
                    out.push_str(&" ".repeat(*step));
                    write_map(out, entries, column + 1 + step, true);
                }
                // `- - a` and `-` above a deeper node are outside the subset.
                Tree::Empty | Tree::Seq(..) => decorate(out, decoration),
            }
        }
    }

    fn document() -> impl Strategy<Value = String> {
        let root = tree()
            .prop_filter("a root collection", |tree| matches!(tree, Tree::Map(..) | Tree::Seq(..)));
        (
            prop::collection::vec((root, prop::bool::ANY, prop::bool::weighted(0.1)), 1..4),
            prop::bool::ANY,
        )
            .prop_map(|(documents, leading_comment)| {
                let mut out = String::new();
                if leading_comment {
                    out.push_str("# a file\n\n");
                }
                for (index, (root, comment, empty)) in documents.iter().enumerate() {
                    if index > 0 || *comment || *empty {
                        out.push_str(if *comment { "--- # next\n" } else { "---\n" });
                    }
                    if *empty {
                        continue;
                    }
                    match root {
                        Tree::Map(entries, _) => write_map(&mut out, entries, 0, false),
                        Tree::Seq(items, ..) => write_seq(&mut out, items, 0),
                        _ => unreachable!(),
                    }
                }
                out
            })
    }

    /// Inserts and deletes characters, most of them meaningful to YAML.
    fn mutated() -> impl Strategy<Value = String> {
        let inserted = prop::sample::select(vec![
            ' ', ' ', '\n', ':', '-', '#', '\'', '"', '\t', '\r', '{', '[', '&', '*', '!', '|',
            '>', '?', '.', '\\', 'é', 'x', '%', '\u{feff}', ',',
        ]);
        let edit = (prop::bool::ANY, any::<prop::sample::Index>(), inserted);
        (document(), prop::collection::vec(edit, 1..4)).prop_map(|(text, edits)| {
            let mut chars: Vec<char> = text.chars().collect();
            for (insert, at, inserted) in edits {
                if insert {
                    chars.insert(at.index(chars.len() + 1), inserted);
                } else if !chars.is_empty() {
                    chars.remove(at.index(chars.len()));
                }
            }
            chars.into_iter().collect()
        })
    }

    proptest! {
        #![proptest_config(crate::test_support::proptest_config())]

        #[test]
        fn generated_block_yaml_is_read_as_saphyr_reads_it(text in document()) {
            let outcome = yaml_fast_path_events(&text);
            prop_assert!(outcome.is_some(), "declined {:?}", text);
            let (fast, saphyr) = outcome.unwrap();
            prop_assert_eq!(fast, saphyr, "{:?}", text);
        }

        #[test]
        fn mutated_yaml_is_read_as_saphyr_reads_it_or_declined(text in mutated()) {
            if let Some((fast, saphyr)) = yaml_fast_path_events(&text) {
                prop_assert_eq!(fast, saphyr, "{:?}", text);
            }
        }
    }
}
