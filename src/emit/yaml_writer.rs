//! A YAML writer: a `serde::Serializer` that writes block-style YAML straight into a `String`.
//!
//! **Why it exists.** `serde_yaml::to_string` drives libyaml's event emitter: every scalar becomes
//! an event in a queue, is analysed and copied, and the text goes out through an `io::Write`
//! adapter; a scalar that is a string is first run through the YAML resolver to choose its
//! style. Issue 6 measured that at 58 ms for the 1,000 apps of the benchmark, against 20 ms for
//! writing the same text directly. This writer makes one pass over each string to choose its
//! style and appends the text: no event queue, no copy of the scalars, no `io::Write` adapter.
//!
//! **Same bytes as `serde_yaml`** on everything timon emits, which the tests check byte for byte
//! on the examples' objects and on random values: block mappings and sequences indented by two, a sequence under a mapping
//! key written at the key's own indentation (`key:` then `- item`), a mapping or sequence that is
//! an item starting on the item's line (`- key: value`, `- - x`), `{}` and `[]` when empty, keys
//! longer than 128 bytes or spanning lines written as explicit `? key` / `: value` entries,
//! multi-line strings as literal blocks (`|`, `|-` or `|+` after the trailing line breaks, an
//! indentation indicator when the first line starts with a space or is empty), a string
//! single-quoted when it cannot be plain and double-quoted (with escapes) when it holds a
//! character that single quotes cannot carry, numbers as `serde_yaml` writes them. Where this
//! writer differs, it quotes what `serde_yaml` leaves plain, or double-quotes what `serde_yaml`
//! writes in a form that readers disagree on (both listed below).
//!
//! **Misreadings it guards against.** A plain scalar is read by the YAML resolver of whoever
//! parses the file — kubectl (YAML 1.1 rules through `sigs.k8s.io/yaml`), Python's `PyYAML` (1.1),
//! Go's `yaml.v3` and most newer parsers (1.2 core schema). A string is quoted when any of them
//! could read it as something else:
//!
//! - null: empty, `~`, `null`, `Null`, `NULL`;
//! - booleans, YAML 1.2 (`true`, `True`, `TRUE`, `false`, …) and YAML 1.1 (`y`, `Y`, `yes`, `Yes`,
//!   `YES`, `n`, `N`, `no`, `No`, `NO`, `on`, `On`, `ON`, `off`, `Off`, `OFF`) — `serde_yaml`
//!   writes the 1.1 ones plain, and `country: no` becomes `false` for kubectl;
//! - numbers in every form, with or without a sign: decimal (`1`, `017`, `1_000`), floats
//!   (`1.0`, `1.`, `.5`, `1e3`, `1E-3`, `1e400`), `0x`/`0o`/`0b` integers (any case of the
//!   letter), `.inf`, `.nan` and their capitalised forms, YAML 1.1 sexagesimal numbers
//!   (`12:30:00`, `1:20.5`), and underscores anywhere in them (`1e3_0`: go-yaml v2 drops every
//!   `_` before reading a number);
//! - YAML 1.1 timestamps (`2001-12-14`, `2001-12-14t21:59:43.10-05:00`) and the 1.1 merge and
//!   value keys `<<` and `=`;
//! - indicators: a leading `- ? : , [ ] { } # & * ! | > ' " % @` or backtick (`-`, `?` and `:`
//!   only when followed by a space or nothing, as YAML allows `-x`), a leading `---` or `...`,
//!   `: ` or a final `:`, ` #`, and leading or trailing spaces.
//!
//! A string holding a character YAML cannot print (control characters, tab, DEL, C1 controls,
//! U+FEFF, U+FFFE, U+FFFF) or a line break other than `\n` (`\r`, U+0085, and the U+2028 and
//! U+2029 separators that YAML 1.1 counts as line breaks and YAML 1.2 does not) is
//! double-quoted with escapes, so that no reader folds or trims it. `serde_yaml` writes the two
//! separators raw inside single quotes or literal blocks, where 1.1 and 1.2 readers disagree.
//! A multi-line string becomes a literal block, except when a line ends in a space (as
//! `serde_yaml` does) or, at the top level, when an indentation indicator is needed (YAML 1.2
//! and libyaml disagree on its meaning there); then it is double-quoted.
//! Floats in exponent form get a fraction and a signed exponent (`1.0e+20` where `serde_yaml`
//! writes `1e20`), which YAML 1.1 requires to read them as numbers.
//!
//! **Errors, never panics.** Bytes, enum variants that carry data (which `serde_yaml` writes as
//! YAML tags), mapping keys that are not scalars and `serde_yaml::Value` tags are refused with
//! an [`Error`]; the caller decides what to do (`emit::to_yaml` falls back to `serde_yaml`).
//! None of timon's objects contains any of them.

use std::fmt::{self, Write as _};

use serde::ser::{self, Impossible, Serialize};

/// Why a value could not be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    message: String,
}

impl Error {
    fn unsupported(what: &str) -> Self {
        Error { message: format!("the YAML writer does not support {what}") }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Error { message: message.to_string() }
    }
}

/// Writes `value` as one YAML document (without a `---` line), ending in a line break.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    let mut out = String::with_capacity(2048);
    append(&mut out, value)?;
    Ok(out)
}

/// Appends `value` to `out` as one YAML document, ending in a line break. `out` must be empty or
/// end in a line break. On error, `out` is left as it was.
pub fn append<T: Serialize + ?Sized>(out: &mut String, value: &T) -> Result<(), Error> {
    let start = out.len();
    let mut writer = Writer { out, position: Position::Root };
    match value.serialize(&mut writer) {
        Ok(()) => {
            if !writer.out.ends_with('\n') {
                writer.out.push('\n');
            }
            Ok(())
        }
        Err(error) => {
            writer.out.truncate(start);
            Err(error)
        }
    }
}

/// Where the next node goes, which decides what precedes it and how far it is indented.
#[derive(Debug, Clone, Copy)]
enum Position {
    /// The start of the document.
    Root,
    /// Right after `key:` of a block mapping whose keys are at this column.
    Value(usize),
    /// Right after an indicator at this column: the `-` of a sequence item, or the `?` or `:`
    /// of an explicit mapping entry. A mapping or sequence starts on the same line.
    Inline(usize),
}

impl Position {
    /// The column of the lines of a literal block written here.
    fn block_indent(self) -> usize {
        match self {
            Position::Root => 2,
            Position::Value(column) | Position::Inline(column) => column + 2,
        }
    }
}

/// How a string is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
}

struct Writer<'o> {
    out: &'o mut String,
    position: Position,
}

const SPACES: &str = "                                                                ";

impl<'o> Writer<'o> {
    fn spaces(&mut self, mut count: usize) {
        while count > 0 {
            let chunk = count.min(SPACES.len());
            self.out.push_str(&SPACES[..chunk]);
            count -= chunk;
        }
    }

    /// Starts a new line at `column`, unless a literal block has just ended one.
    fn new_line(&mut self, column: usize) {
        if !self.out.ends_with('\n') {
            self.out.push('\n');
        }
        self.spaces(column);
    }

    /// What separates a scalar from the indicator or key before it.
    fn scalar_separator(&mut self) {
        if !matches!(self.position, Position::Root) {
            self.out.push(' ');
        }
    }

    /// A scalar that is never quoted: a number, a boolean, `null`.
    fn plain(&mut self, text: &str) {
        self.scalar_separator();
        self.out.push_str(text);
    }

    fn string(&mut self, text: &str) {
        let mut style = style_of(text);
        if style == Style::Literal
            && matches!(self.position, Position::Root)
            && needs_indentation_indicator(text)
        {
            style = Style::DoubleQuoted;
        }
        self.scalar_separator();
        self.styled(text, style);
    }

    fn character(&mut self, character: char) {
        self.scalar_separator();
        let mut buffer = [0; 4];
        let text: &str = character.encode_utf8(&mut buffer);
        self.styled(text, char_style(text));
    }

    fn styled(&mut self, text: &str, style: Style) {
        match style {
            Style::Plain => self.out.push_str(text),
            Style::SingleQuoted => write_single_quoted(self.out, text),
            Style::DoubleQuoted => write_double_quoted(self.out, text),
            Style::Literal => {
                let indent = self.position.block_indent();
                self.literal(text, indent);
            }
        }
    }

    /// A literal block scalar; `text` holds `\n` and no other line break.
    fn literal(&mut self, text: &str, indent: usize) {
        self.out.push('|');
        if needs_indentation_indicator(text) {
            self.out.push('2');
        }
        let bytes = text.as_bytes();
        match bytes {
            [.., b'\n', b'\n'] | [b'\n'] => self.out.push('+'),
            [.., b'\n'] => {}
            _ => self.out.push('-'),
        }
        self.out.push('\n');
        for (index, line) in text.split('\n').enumerate() {
            if index > 0 {
                self.out.push('\n');
            }
            if !line.is_empty() {
                self.spaces(indent);
                self.out.push_str(line);
            }
        }
    }

    /// Writes a mapping key whose text is `key` (already rendered when `plain`), then `:`, and
    /// leaves the position for its value.
    fn key(&mut self, column: usize, key: &str, plain: bool) {
        let style = if plain { Style::Plain } else { style_of(key) };
        self.key_styled(column, key, style);
    }

    /// [`Writer::key`] once the key's style is known.
    fn key_styled(&mut self, column: usize, key: &str, style: Style) {
        // Only a quoted or block key can hold a line break.
        let simple = key.len() <= 128
            && (matches!(style, Style::Plain | Style::SingleQuoted)
                || !key.contains(is_line_break));
        if simple {
            self.styled(key, style);
            self.out.push(':');
            self.position = Position::Value(column);
        } else {
            // An explicit entry: `? key`, then `: value` on the next line.
            self.out.push('?');
            self.position = Position::Inline(column);
            self.scalar_separator();
            self.styled(key, style);
            self.new_line(column);
            self.out.push(':');
            self.position = Position::Inline(column);
        }
    }

    fn collection(&mut self, kind: Kind, single_entry: bool) -> Collection<'_, 'o> {
        let parent = self.position;
        Collection { writer: self, parent, kind, column: 0, started: false, single_entry }
    }
}

fn is_line_break(character: char) -> bool {
    matches!(character, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

fn needs_indentation_indicator(text: &str) -> bool {
    text.starts_with([' ', '\n'])
}

/// Whether YAML can print `character` as it is (its `c-printable`, less U+FEFF); `\n` counts.
fn is_printable(character: char) -> bool {
    matches!(character,
        '\n' | '\u{20}'..='\u{7E}' | '\u{A0}'..='\u{D7FF}' | '\u{10000}'..)
        || ('\u{E000}'..='\u{FFFD}').contains(&character) && character != '\u{FEFF}'
}

/// Chooses how to write a string (as a value or as a key: the rules are the same; a key that
/// holds a line break is written as an explicit `? key` entry, where a block is allowed).
fn style_of(text: &str) -> Style {
    let bytes = text.as_bytes();
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
        return Style::SingleQuoted;
    };
    let mut multi_line = false;
    let mut space_before_break = false;
    let mut indicator = match first {
        b'#' | b',' | b'[' | b']' | b'{' | b'}' | b'&' | b'*' | b'!' | b'|' | b'>' | b'\''
        | b'"' | b'%' | b'@' | b'`' => true,
        b'-' | b'?' | b':' => matches!(bytes.get(1), None | Some(b' ')),
        _ => false,
    } || bytes.starts_with(b"---")
        || bytes.starts_with(b"...");
    let mut index = 0;
    while index < bytes.len() {
        if ORDINARY[usize::from(bytes[index])] {
            index += 1;
            continue;
        }
        match bytes[index] {
            b'\n' => {
                multi_line = true;
                if index > 0 && bytes[index - 1] == b' ' {
                    space_before_break = true;
                }
            }
            b':' if matches!(bytes.get(index + 1), None | Some(b' ')) => indicator = true,
            b'#' if index > 0 && bytes[index - 1] == b' ' => indicator = true,
            0x00..=0x1F | 0x7F => return Style::DoubleQuoted,
            0x80.. => {
                let Some(character) = text.get(index..).and_then(|rest| rest.chars().next()) else {
                    return Style::DoubleQuoted;
                };
                if !is_printable(character) || is_line_break(character) {
                    return Style::DoubleQuoted;
                }
                index += character.len_utf8();
                continue;
            }
            _ => {}
        }
        index += 1;
    }
    if multi_line {
        return if last == b' ' || space_before_break {
            Style::DoubleQuoted
        } else {
            Style::Literal
        };
    }
    if indicator || first == b' ' || last == b' ' || is_ambiguous(text) {
        Style::SingleQuoted
    } else {
        Style::Plain
    }
}

/// The style of a struct field's name. The same few dozen names (`name`, `containerPort`…) come
/// in every object and are `'static`: their styles are remembered per thread, by address, in a
/// small table where a name that meets another's slot is simply worked out again.
fn field_name_style(name: &'static str) -> Style {
    const SLOTS: usize = 256;
    thread_local! {
        static STYLES: std::cell::RefCell<[(usize, usize, Style); SLOTS]> =
            const { std::cell::RefCell::new([(0, 0, Style::Plain); SLOTS]) };
    }
    let address = name.as_ptr() as usize;
    let slot = (address >> 2 ^ name.len()) % SLOTS;
    STYLES.with(|styles| {
        let mut styles = styles.borrow_mut();
        let (known_address, known_length, style) = styles[slot];
        if known_address == address && known_length == name.len() && address != 0 {
            return style;
        }
        let style = style_of(name);
        styles[slot] = (address, name.len(), style);
        style
    })
}

/// The bytes that need no look in [`style_of`]: printable ASCII but `:` and `#`.
const ORDINARY: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = b' ';
    while byte < 0x7F {
        table[byte as usize] = byte != b':' && byte != b'#';
        byte += 1;
    }
    table
};

/// A `char` is quoted whenever it can be (as `serde_yaml` does).
fn char_style(text: &str) -> Style {
    match style_of(text) {
        Style::Plain => Style::SingleQuoted,
        Style::Literal => Style::DoubleQuoted,
        style => style,
    }
}

/// Whether a plain scalar with this text could be read as something other than this string by
/// a YAML 1.1 or 1.2 reader: null, a boolean, a number, a timestamp, a merge or value key.
fn is_ambiguous(text: &str) -> bool {
    match text.as_bytes().first() {
        None => true,
        Some(b'0'..=b'9' | b'+' | b'-' | b'.') => is_number_like(text) || is_timestamp_like(text),
        Some(
            b'~' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'y' | b'Y' | b'o' | b'O' | b'<'
            | b'=',
        ) => is_reserved_word(text),
        Some(_) => false,
    }
}

/// What YAML 1.1 or 1.2 reads as null or a boolean, and YAML 1.1's merge and value keys. A
/// `match` rather than a list: it compares the length first, then the bytes, and `style_of`
/// asks this of most keys (`name`, `ports`, `type`…).
#[rustfmt::skip]
fn is_reserved_word(text: &str) -> bool {
    matches!(
        text,
        "" | "~" | "null" | "Null" | "NULL"
            | "true" | "True" | "TRUE" | "false" | "False" | "FALSE"
            | "y" | "Y" | "yes" | "Yes" | "YES" | "n" | "N" | "no" | "No" | "NO"
            | "on" | "On" | "ON" | "off" | "Off" | "OFF"
            | "<<" | "="
    )
}

fn is_digit_or_underscore(byte: u8) -> bool {
    byte.is_ascii_digit() || byte == b'_'
}

/// Numbers of YAML 1.2 (core and JSON schemas) and YAML 1.1, read generously: underscores
/// anywhere (go-yaml v2, and so kubectl, drops every `_` before reading a number), either case
/// of the base letters, a sign on anything.
fn is_number_like(text: &str) -> bool {
    if text.contains('_') {
        let without: String = text.chars().filter(|&character| character != '_').collect();
        if is_number_like_as_written(&without) {
            return true;
        }
    }
    is_number_like_as_written(text)
}

fn is_number_like_as_written(text: &str) -> bool {
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    if matches!(unsigned, ".inf" | ".Inf" | ".INF" | ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    let bytes = unsigned.as_bytes();
    if let [b'0', base, rest @ ..] = bytes {
        let digit: Option<fn(u8) -> bool> = match base {
            b'x' | b'X' => Some(|byte| byte.is_ascii_hexdigit() || byte == b'_'),
            b'o' | b'O' => Some(|byte| matches!(byte, b'0'..=b'7' | b'_')),
            b'b' | b'B' => Some(|byte| matches!(byte, b'0' | b'1' | b'_')),
            _ => None,
        };
        if let Some(digit) = digit
            && !rest.is_empty()
            && rest.iter().all(|&byte| digit(byte))
        {
            return true;
        }
    }
    is_decimal_like(bytes) || is_sexagesimal_like(bytes)
}

/// `[0-9_]*(\.[0-9_]*)?([eE][-+]?[0-9]+)?` with at least one digit before the exponent.
fn is_decimal_like(bytes: &[u8]) -> bool {
    let mut index = 0;
    let mut digits = 0;
    let mut run = |index: &mut usize| {
        while *index < bytes.len() && is_digit_or_underscore(bytes[*index]) {
            if bytes[*index] != b'_' {
                digits += 1;
            }
            *index += 1;
        }
    };
    run(&mut index);
    if bytes.get(index) == Some(&b'.') {
        index += 1;
        run(&mut index);
    }
    if digits == 0 {
        return false;
    }
    if matches!(bytes.get(index), Some(b'e' | b'E')) {
        index += 1;
        if matches!(bytes.get(index), Some(b'+' | b'-')) {
            index += 1;
        }
        let start = index;
        while index < bytes.len() && bytes[index].is_ascii_digit() {
            index += 1;
        }
        if index == start {
            return false;
        }
    }
    index == bytes.len()
}

/// YAML 1.1 base 60: `[0-9][0-9_]*(:[0-9_]+)+(\.[0-9_]*)?`.
fn is_sexagesimal_like(bytes: &[u8]) -> bool {
    if !bytes.first().is_some_and(u8::is_ascii_digit) {
        return false;
    }
    let mut index = 0;
    while index < bytes.len() && is_digit_or_underscore(bytes[index]) {
        index += 1;
    }
    let mut groups = 0;
    while bytes.get(index) == Some(&b':') {
        index += 1;
        let start = index;
        while index < bytes.len() && is_digit_or_underscore(bytes[index]) {
            index += 1;
        }
        if index == start {
            return false;
        }
        groups += 1;
    }
    if groups == 0 {
        return false;
    }
    if bytes.get(index) == Some(&b'.') {
        index += 1;
        while index < bytes.len() && is_digit_or_underscore(bytes[index]) {
            index += 1;
        }
    }
    index == bytes.len()
}

/// The start of a YAML 1.1 timestamp: `YYYY-M-D`, then nothing or `T`, `t`, a space or a tab.
fn is_timestamp_like(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.len() < 8 || !bytes[..4].iter().all(u8::is_ascii_digit) || bytes[4] != b'-' {
        return false;
    }
    let digits =
        |from: usize| bytes[from..].iter().take(2).take_while(|b| b.is_ascii_digit()).count();
    let month = digits(5);
    if month == 0 || bytes.get(5 + month) != Some(&b'-') {
        return false;
    }
    let day_start = 6 + month;
    if day_start > bytes.len() {
        return false;
    }
    let day = digits(day_start);
    day > 0 && matches!(bytes.get(day_start + day), None | Some(b'T' | b't' | b' ' | b'\t'))
}

fn write_single_quoted(out: &mut String, text: &str) {
    out.push('\'');
    if text.contains('\'') {
        for piece in text.split_inclusive('\'') {
            out.push_str(piece);
            if piece.ends_with('\'') {
                out.push('\'');
            }
        }
    } else {
        out.push_str(text);
    }
    out.push('\'');
}

fn write_double_quoted(out: &mut String, text: &str) {
    out.push('"');
    for character in text.chars() {
        let escape = match character {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\0' => "\\0",
            '\u{7}' => "\\a",
            '\u{8}' => "\\b",
            '\t' => "\\t",
            '\n' => "\\n",
            '\u{B}' => "\\v",
            '\u{C}' => "\\f",
            '\r' => "\\r",
            '\u{1B}' => "\\e",
            '\u{85}' => "\\N",
            '\u{2028}' => "\\L",
            '\u{2029}' => "\\P",
            _ if is_printable(character) => {
                out.push(character);
                continue;
            }
            _ => {
                let code = u32::from(character);
                let _ = match code {
                    0..=0xFF => write!(out, "\\x{code:02X}"),
                    0x100..=0xFFFF => write!(out, "\\u{code:04X}"),
                    _ => write!(out, "\\U{code:08X}"),
                };
                continue;
            }
        };
        out.push_str(escape);
    }
    out.push('"');
}

/// Appends a finite float the way `serde_yaml` (through `ryu`) lays it out, from the shortest
/// digits that read back as the same number: `1.0`, `0.25`, `100000.0`, `0.0001`; in exponent
/// form (from 10^16 for `f64`, 10^13 for `f32`, and below 10^-5 and 10^-6) with a fraction and a
/// signed exponent, `1.0e+20`, `1.5e-7`, as YAML 1.1 needs.
fn write_float(out: &mut String, scientific: &str, fixed_digits: i32, small: i32) {
    // `scientific` is Rust's shortest `{:e}` form: `-1.2345e-7`, `5e0`.
    let (negative, unsigned) = match scientific.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, scientific),
    };
    let (mantissa, exponent) = unsigned.split_once('e').unwrap_or((unsigned, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let length = i32::try_from(digits.len()).unwrap_or(i32::MAX);
    // The value is 0.DIGITS × 10^point.
    let point = exponent + 1;
    if negative {
        out.push('-');
    }
    if digits == "0" {
        out.push_str("0.0");
    } else if point >= length && point <= fixed_digits {
        out.push_str(&digits);
        for _ in length..point {
            out.push('0');
        }
        out.push_str(".0");
    } else if point > 0 && point <= fixed_digits {
        let (whole, fraction) = digits.split_at(usize::try_from(point).unwrap_or(0));
        out.push_str(whole);
        out.push('.');
        out.push_str(fraction);
    } else if point > small && point <= 0 {
        out.push_str("0.");
        for _ in point..0 {
            out.push('0');
        }
        out.push_str(&digits);
    } else {
        let (first, rest) = digits.split_at(1);
        out.push_str(first);
        out.push('.');
        out.push_str(if rest.is_empty() { "0" } else { rest });
        let _ = write!(out, "e{}{}", if exponent < 0 { '-' } else { '+' }, exponent.unsigned_abs());
    }
}

fn float_text(value: f64, scientific: impl FnOnce() -> String, fixed: i32, small: i32) -> String {
    if value.is_nan() {
        ".nan".to_owned()
    } else if value.is_infinite() {
        if value > 0.0 { ".inf" } else { "-.inf" }.to_owned()
    } else {
        let mut text = String::new();
        write_float(&mut text, &scientific(), fixed, small);
        text
    }
}

fn f64_text(value: f64) -> String {
    float_text(value, || format!("{value:e}"), 16, -5)
}

fn f32_text(value: f32) -> String {
    float_text(f64::from(value), || format!("{value:e}"), 13, -6)
}

fn unsupported_enum() -> Error {
    Error::unsupported("enum variants with data (serde_yaml writes them as YAML tags)")
}

impl<'a, 'o> ser::Serializer for &'a mut Writer<'o> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Collection<'a, 'o>;
    type SerializeTuple = Collection<'a, 'o>;
    type SerializeTupleStruct = Collection<'a, 'o>;
    type SerializeTupleVariant = Impossible<(), Error>;
    type SerializeMap = Collection<'a, 'o>;
    type SerializeStruct = Collection<'a, 'o>;
    type SerializeStructVariant = Impossible<(), Error>;

    fn serialize_bool(self, value: bool) -> Result<(), Error> {
        self.plain(if value { "true" } else { "false" });
        Ok(())
    }

    fn serialize_i8(self, value: i8) -> Result<(), Error> {
        self.serialize_i64(i64::from(value))
    }

    fn serialize_i16(self, value: i16) -> Result<(), Error> {
        self.serialize_i64(i64::from(value))
    }

    fn serialize_i32(self, value: i32) -> Result<(), Error> {
        self.serialize_i64(i64::from(value))
    }

    fn serialize_i64(self, value: i64) -> Result<(), Error> {
        self.scalar_separator();
        let _ = write!(self.out, "{value}");
        Ok(())
    }

    fn serialize_i128(self, value: i128) -> Result<(), Error> {
        self.scalar_separator();
        let _ = write!(self.out, "{value}");
        Ok(())
    }

    fn serialize_u8(self, value: u8) -> Result<(), Error> {
        self.serialize_u64(u64::from(value))
    }

    fn serialize_u16(self, value: u16) -> Result<(), Error> {
        self.serialize_u64(u64::from(value))
    }

    fn serialize_u32(self, value: u32) -> Result<(), Error> {
        self.serialize_u64(u64::from(value))
    }

    fn serialize_u64(self, value: u64) -> Result<(), Error> {
        self.scalar_separator();
        let _ = write!(self.out, "{value}");
        Ok(())
    }

    fn serialize_u128(self, value: u128) -> Result<(), Error> {
        self.scalar_separator();
        let _ = write!(self.out, "{value}");
        Ok(())
    }

    fn serialize_f32(self, value: f32) -> Result<(), Error> {
        self.plain(&f32_text(value));
        Ok(())
    }

    fn serialize_f64(self, value: f64) -> Result<(), Error> {
        self.plain(&f64_text(value));
        Ok(())
    }

    fn serialize_char(self, value: char) -> Result<(), Error> {
        self.character(value);
        Ok(())
    }

    fn serialize_str(self, value: &str) -> Result<(), Error> {
        self.string(value);
        Ok(())
    }

    fn serialize_bytes(self, _value: &[u8]) -> Result<(), Error> {
        Err(Error::unsupported("bytes"))
    }

    fn serialize_none(self) -> Result<(), Error> {
        self.serialize_unit()
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), Error> {
        self.plain("null");
        Ok(())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.string(variant);
        Ok(())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), Error> {
        Err(unsupported_enum())
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Collection<'a, 'o>, Error> {
        Ok(self.collection(Kind::Sequence, false))
    }

    fn serialize_tuple(self, _len: usize) -> Result<Collection<'a, 'o>, Error> {
        Ok(self.collection(Kind::Sequence, false))
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Collection<'a, 'o>, Error> {
        Ok(self.collection(Kind::Sequence, false))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(unsupported_enum())
    }

    fn serialize_map(self, len: Option<usize>) -> Result<Collection<'a, 'o>, Error> {
        Ok(self.collection(Kind::Mapping, len == Some(1)))
    }

    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Collection<'a, 'o>, Error> {
        Ok(self.collection(Kind::Mapping, false))
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(unsupported_enum())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Sequence,
    Mapping,
}

/// A block sequence or mapping being written. Nothing is written until its first entry, so an
/// empty one can still become `[]` or `{}`.
struct Collection<'a, 'o> {
    writer: &'a mut Writer<'o>,
    parent: Position,
    kind: Kind,
    /// The column of its `-` indicators or keys, once started.
    column: usize,
    started: bool,
    /// A mapping announced with one entry: where `serde_yaml::Value` writes a tag.
    single_entry: bool,
}

impl Collection<'_, '_> {
    /// Moves to where the next item or key starts.
    fn next_entry(&mut self) {
        if self.started {
            self.writer.new_line(self.column);
            return;
        }
        self.started = true;
        self.column = match (self.parent, self.kind) {
            (Position::Root, _) => 0,
            // A sequence under a key is written at the key's column, a mapping below it.
            (Position::Value(column), Kind::Sequence) => {
                self.writer.new_line(column);
                column
            }
            (Position::Value(column), Kind::Mapping) => {
                self.writer.new_line(column + 2);
                column + 2
            }
            (Position::Inline(column), _) => {
                self.writer.out.push(' ');
                column + 2
            }
        };
    }

    fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.next_entry();
        self.writer.out.push('-');
        self.writer.position = Position::Inline(self.column);
        value.serialize(&mut *self.writer)
    }

    fn finish(self) {
        if !self.started {
            if !matches!(self.parent, Position::Root) {
                self.writer.out.push(' ');
            }
            self.writer.out.push_str(match self.kind {
                Kind::Sequence => "[]",
                Kind::Mapping => "{}",
            });
        }
    }
}

impl ser::SerializeSeq for Collection<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.item(value)
    }

    fn end(self) -> Result<(), Error> {
        self.finish();
        Ok(())
    }
}

impl ser::SerializeTuple for Collection<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.item(value)
    }

    fn end(self) -> Result<(), Error> {
        self.finish();
        Ok(())
    }
}

impl ser::SerializeTupleStruct for Collection<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.item(value)
    }

    fn end(self) -> Result<(), Error> {
        self.finish();
        Ok(())
    }
}

impl ser::SerializeMap for Collection<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.next_entry();
        key.serialize(KeyWriter {
            writer: &mut *self.writer,
            column: self.column,
            single_entry: self.single_entry,
        })
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(&mut *self.writer)
    }

    fn end(self) -> Result<(), Error> {
        self.finish();
        Ok(())
    }
}

impl ser::SerializeStruct for Collection<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.next_entry();
        let style = field_name_style(key);
        self.writer.key_styled(self.column, key, style);
        value.serialize(&mut *self.writer)
    }

    fn end(self) -> Result<(), Error> {
        self.finish();
        Ok(())
    }
}

/// Writes a mapping key, which must be a scalar, and the `:` after it.
struct KeyWriter<'a, 'o> {
    writer: &'a mut Writer<'o>,
    column: usize,
    single_entry: bool,
}

impl KeyWriter<'_, '_> {
    /// A key written as it is: a number, a boolean, `null`, a quoted character.
    fn plain(self, text: &str) -> Result<(), Error> {
        self.write(text, true)
    }

    fn string(self, text: &str) -> Result<(), Error> {
        self.write(text, false)
    }

    #[allow(clippy::unnecessary_wraps)] // The value of every `Serializer` method.
    fn write(self, text: &str, plain: bool) -> Result<(), Error> {
        self.writer.key(self.column, text, plain);
        Ok(())
    }
}

fn non_scalar_key() -> Error {
    Error::unsupported("mapping keys that are not scalars")
}

impl ser::Serializer for KeyWriter<'_, '_> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Impossible<(), Error>;
    type SerializeTuple = Impossible<(), Error>;
    type SerializeTupleStruct = Impossible<(), Error>;
    type SerializeTupleVariant = Impossible<(), Error>;
    type SerializeMap = Impossible<(), Error>;
    type SerializeStruct = Impossible<(), Error>;
    type SerializeStructVariant = Impossible<(), Error>;

    fn serialize_bool(self, value: bool) -> Result<(), Error> {
        self.plain(if value { "true" } else { "false" })
    }

    fn serialize_i8(self, value: i8) -> Result<(), Error> {
        self.plain(&value.to_string())
    }

    fn serialize_i16(self, value: i16) -> Result<(), Error> {
        self.plain(&value.to_string())
    }

    fn serialize_i32(self, value: i32) -> Result<(), Error> {
        self.plain(&value.to_string())
    }

    fn serialize_i64(self, value: i64) -> Result<(), Error> {
        self.plain(&value.to_string())
    }

    fn serialize_i128(self, value: i128) -> Result<(), Error> {
        self.plain(&value.to_string())
    }

    fn serialize_u8(self, value: u8) -> Result<(), Error> {
        self.plain(&value.to_string())
    }

    fn serialize_u16(self, value: u16) -> Result<(), Error> {
        self.plain(&value.to_string())
    }

    fn serialize_u32(self, value: u32) -> Result<(), Error> {
        self.plain(&value.to_string())
    }

    fn serialize_u64(self, value: u64) -> Result<(), Error> {
        self.plain(&value.to_string())
    }

    fn serialize_u128(self, value: u128) -> Result<(), Error> {
        self.plain(&value.to_string())
    }

    fn serialize_f32(self, value: f32) -> Result<(), Error> {
        self.plain(&f32_text(value))
    }

    fn serialize_f64(self, value: f64) -> Result<(), Error> {
        self.plain(&f64_text(value))
    }

    fn serialize_char(self, value: char) -> Result<(), Error> {
        // Quoted, and on one line: a short key, never an explicit entry.
        let text = value.encode_utf8(&mut [0; 4]).to_owned();
        let mut quoted = String::new();
        if char_style(&text) == Style::SingleQuoted {
            write_single_quoted(&mut quoted, &text);
        } else {
            write_double_quoted(&mut quoted, &text);
        }
        self.plain(&quoted)
    }

    fn serialize_str(self, value: &str) -> Result<(), Error> {
        self.string(value)
    }

    fn serialize_bytes(self, _value: &[u8]) -> Result<(), Error> {
        Err(Error::unsupported("bytes"))
    }

    fn serialize_none(self) -> Result<(), Error> {
        self.plain("null")
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), Error> {
        self.plain("null")
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.plain("null")
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.string(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), Error> {
        Err(non_scalar_key())
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        Err(non_scalar_key())
    }

    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, Error> {
        Err(non_scalar_key())
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, Error> {
        Err(non_scalar_key())
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(non_scalar_key())
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Err(non_scalar_key())
    }

    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, Error> {
        Err(non_scalar_key())
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(non_scalar_key())
    }

    fn collect_str<T: fmt::Display + ?Sized>(self, value: &T) -> Result<(), Error> {
        let text = value.to_string();
        // `serde_yaml::Value` writes a tagged value as a one-entry mapping whose key, given
        // through `collect_str`, is the tag.
        if self.single_entry && text.starts_with('!') {
            return Err(Error::unsupported("YAML tags"));
        }
        self.string(&text)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::{Path, PathBuf};

    use proptest::prelude::*;
    use serde_json::{Value, json};

    use super::{Error, append, to_string};
    use crate::lower::ir::ObjectBody;
    use crate::lower::{self, Inputs};
    use crate::pipeline::{self, ProjectFile};

    /// Writes `value` and checks that two YAML readers read it back unchanged: `serde_yaml`
    /// (libyaml) and timon's own (saphyr, a YAML 1.2 parser, with plain scalars typed by
    /// go-yaml v2's YAML 1.1 rules as kubectl types them).
    fn written<T: serde::Serialize + ?Sized>(value: &T) -> String {
        let text = to_string(value).unwrap_or_else(|error| panic!("{error}"));
        let json = serde_json::to_value(value).unwrap();
        let back: Value = serde_yaml::from_str(&text)
            .unwrap_or_else(|error| panic!("{text:?} does not parse: {error}"));
        assert_eq!(back, json, "{text:?} reads back as something else");
        assert_eq!(read_as_kubectl(&text), Ok(comparable(json)), "{text:?} (YAML 1.1 typing)");
        text
    }

    /// The one document of `text`, read by timon's YAML reader.
    fn read_as_kubectl(text: &str) -> Result<Value, String> {
        let parsed = crate::manifest::yaml::parse(crate::source::SourceId(0), text);
        if !parsed.diagnostics.is_empty() {
            return Err(format!("{:?}", parsed.diagnostics));
        }
        match parsed.documents.as_slice() {
            // It leaves out a document that is only `null`.
            [] => Ok(Value::Null),
            [document] => Ok(node_value(&document.root)),
            documents => Err(format!("{} documents", documents.len())),
        }
    }

    fn node_value(node: &crate::manifest::Node) -> Value {
        use crate::manifest::NodeValue;
        match &node.value {
            NodeValue::Null => Value::Null,
            NodeValue::Bool(value) => Value::Bool(*value),
            NodeValue::Int(value) => Value::from(*value),
            NodeValue::Float(value) => float_value(*value),
            NodeValue::Str(value) => Value::String(value.clone()),
            NodeValue::Seq(items) => Value::Array(items.iter().map(node_value).collect()),
            NodeValue::Map(entries) => Value::Object(
                entries.iter().map(|(key, node)| (key.text.clone(), node_value(node))).collect(),
            ),
        }
    }

    fn float_value(value: f64) -> Value {
        serde_json::Number::from_f64(value).map_or(Value::Null, Value::Number)
    }

    /// `value` as go-yaml v2 types it: integers beyond `i64` are floats.
    fn comparable(value: Value) -> Value {
        match value {
            Value::Number(number) if number.is_u64() && number.as_i64().is_none() =>
            {
                #[allow(clippy::cast_precision_loss)]
                float_value(number.as_u64().unwrap_or_default() as f64)
            }
            Value::Array(items) => Value::Array(items.into_iter().map(comparable).collect()),
            Value::Object(map) => Value::Object(
                map.into_iter().map(|(key, value)| (key, comparable(value))).collect(),
            ),
            other => other,
        }
    }

    /// `text` is written exactly as `expected`, as a value, in a sequence and as a key.
    fn check(text: &str, expected: &str) {
        assert_eq!(written(text), format!("{expected}\n"), "{text:?}");
        assert_eq!(written(&[text]), format!("- {expected}\n"), "{text:?} in a sequence");
        let mut map = BTreeMap::new();
        map.insert(text, 1);
        // A key holding a line break is an explicit entry, as `serde_yaml` writes it.
        let key = if text.contains(super::is_line_break) {
            format!("? {expected}\n: 1\n")
        } else {
            format!("{expected}: 1\n")
        };
        assert_eq!(written(&map), key, "{text:?} as a key");
    }

    #[test]
    fn null_and_booleans_of_yaml_1_1_and_1_2_are_quoted() {
        for word in [
            "yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "y", "Y",
            "n", "N", "true", "True", "TRUE", "false", "False", "FALSE", "~", "null", "Null",
            "NULL", "",
        ] {
            check(word, &format!("'{word}'"));
        }
    }

    #[test]
    fn numbers_in_every_form_are_quoted() {
        for number in [
            "1",
            "-1",
            "+1",
            "0",
            "1.0",
            "1.",
            ".5",
            "-.5",
            "+.5",
            "1e3",
            "1E3",
            "1e-3",
            "1e+3",
            "1.5e3",
            "1e400",
            "0x1F",
            "0X1f",
            "-0x1F",
            "0o17",
            "0O17",
            "0b101",
            "0B1",
            "017",
            "-017",
            "00",
            "1_000",
            "1e3_0",
            "1e_3",
            "+_1",
            "1_e3",
            "._5",
            "1_000.5",
            "0x_1F",
            "12:30:00",
            "1:20",
            "-1:20.5",
            ".inf",
            "-.inf",
            "+.inf",
            ".Inf",
            ".INF",
            ".nan",
            ".NaN",
            ".NAN",
            "123456789012345678901234567890",
        ] {
            check(number, &format!("'{number}'"));
        }
    }

    #[test]
    fn timestamps_and_merge_keys_are_quoted() {
        for text in [
            "2001-12-14",
            "2001-1-1",
            "2001-12-14t21:59:43.10-05:00",
            "2001-12-14T21:59:43Z",
            "<<",
            "=",
        ] {
            check(text, &format!("'{text}'"));
        }
        // A space after the date (YAML 1.1's `2001-12-14 21:59:43.10 -5`) cannot be a key.
        assert_eq!(written("2001-12-14 21:59:43.10 -5"), "'2001-12-14 21:59:43.10 -5'\n");
    }

    #[test]
    fn what_no_reader_takes_for_a_number_stays_plain() {
        for text in [
            "1.2.3",
            "10Gi",
            "500m",
            "1000Mi",
            "v1",
            "0x",
            "0xG",
            "1e",
            "1e+",
            "_",
            "+",
            ".",
            "-a",
            "a-b",
            "a:b",
            "a#b",
            "nginx:1.25",
            "postgres:9.6.16-alpine",
            "yesno",
            "On1",
            "2001-12",
            "12:30:xx",
            "1:a",
            "http://example.com/a?b=c#d",
            "a, b",
            "a[0]",
            "héllo",
            "日本語",
            "😀",
            "a\u{a0}b",
            "?a",
            ":a",
            "--a",
            "..a",
            "a ?",
            "a -",
        ] {
            check(text, text);
        }
    }

    #[test]
    fn leading_indicators_are_quoted() {
        for text in [
            "-", "- a", "?", "? a", ":", ": a", ",a", "[a", "]a", "{a", "}a", "#a", "&a", "*a",
            "!a", "|a", ">a", "%a", "@a", "`a", "\"a", "---", "--- a", "...", "... a",
        ] {
            check(text, &format!("'{text}'"));
        }
        check("'a", "'''a'");
        check("a'b", "a'b");
    }

    #[test]
    fn colon_space_and_space_hash_inside_are_quoted() {
        for text in ["a: b", "a:", "a #b", "a #", "key:  value"] {
            check(text, &format!("'{text}'"));
        }
    }

    #[test]
    fn leading_and_trailing_spaces_are_quoted() {
        for text in [" ", " a", "a ", "  a  "] {
            check(text, &format!("'{text}'"));
        }
    }

    #[test]
    fn control_and_non_printable_characters_are_escaped() {
        for (text, expected) in [
            ("a\tb", r#""a\tb""#),
            ("\t", r#""\t""#),
            ("\0", r#""\0""#),
            ("\u{7}", r#""\a""#),
            ("\u{8}", r#""\b""#),
            ("\u{b}", r#""\v""#),
            ("\u{c}", r#""\f""#),
            ("\r", r#""\r""#),
            ("a\r\nb", r#""a\r\nb""#),
            ("\u{1b}[0m", r#""\e[0m""#),
            ("\u{1}", r#""\x01""#),
            ("\u{7f}", r#""\x7F""#),
            ("\u{85}", r#""\N""#),
            ("\u{9f}", r#""\x9F""#),
            ("a\u{2028}b", r#""a\Lb""#),
            ("a\u{2029}b", r#""a\Pb""#),
            ("a\u{2028}b\nc", r#""a\Lb\nc""#),
            ("\u{feff}a", r#""\uFEFFa""#),
            ("\u{fffe}", r#""\uFFFE""#),
            ("\u{ffff}", r#""\uFFFF""#),
            ("\"\\\t", r#""\"\\\t""#),
            ("yes\t", r#""yes\t""#),
        ] {
            check(text, expected);
        }
    }

    #[test]
    fn multi_line_text_is_a_literal_block() {
        assert_eq!(written("a\nb"), "|-\n  a\n  b\n");
        assert_eq!(written("a\nb\n"), "|\n  a\n  b\n");
        assert_eq!(written("a\n\n"), "|+\n  a\n\n");
        assert_eq!(written(&json!({"k": "\n"})), "k: |2+\n\n");
        assert_eq!(written(&json!({"k": "a\n\nb #c: d\n"})), "k: |\n  a\n\n  b #c: d\n");
        assert_eq!(written(&json!({"k": " a\nb"})), "k: |2-\n   a\n  b\n");
        assert_eq!(written(&json!({"k": "\na"})), "k: |2-\n\n  a\n");
        assert_eq!(
            written(&json!({"k": ["a\nb", {"l": "c\n"}], "m": 1})),
            "k:\n- |-\n  a\n  b\n- l: |\n    c\nm: 1\n"
        );
        // A line ending in a space, or a first line indented at the top level, is quoted.
        assert_eq!(written("a \nb"), "\"a \\nb\"\n");
        assert_eq!(written("a\nb "), "\"a\\nb \"\n");
        assert_eq!(written(" a\nb"), "\" a\\nb\"\n");
        assert_eq!(written("\na"), "\"\\na\"\n");
        assert_eq!(written("\n"), "\"\\n\"\n");
    }

    #[test]
    fn keys_are_quoted_like_values_and_long_or_multi_line_keys_are_explicit() {
        let long = "k".repeat(129);
        let longest_simple = "k".repeat(128);
        let value = json!({
            "yes": "no",
            "": "",
            "a: b": 1,
            long.clone(): [1, 2],
            longest_simple.clone(): {"x": 1},
            "a\nb": {"x": [1]},
            "c\nd\n": "v",
        });
        assert_eq!(
            written(&value),
            format!(
                "'': ''\n? |-\n  a\n  b\n: x:\n  - 1\n'a: b': 1\n? |\n  c\n  d\n: v\n\
                 {longest_simple}:\n  x: 1\n? {long}\n: - 1\n  - 2\n'yes': 'no'\n"
            )
        );
        assert_eq!(
            written(&json!([{ long.clone(): {"side": "z\nw"} }])),
            format!("- ? {long}\n  : side: |-\n      z\n      w\n")
        );
    }

    #[test]
    fn scalar_keys_that_are_not_strings() {
        let numbers: BTreeMap<i64, &str> = [(-1, "a"), (2, "b")].into_iter().collect();
        assert_eq!(to_string(&numbers).unwrap(), "-1: a\n2: b\n");
        let booleans: BTreeMap<bool, u8> = [(false, 0), (true, 1)].into_iter().collect();
        assert_eq!(to_string(&booleans).unwrap(), "false: 0\ntrue: 1\n");
        let mut mapping = serde_yaml::Mapping::new();
        mapping.insert(serde_yaml::Value::Null, 1.into());
        mapping.insert(1.5.into(), 2.into());
        mapping.insert('x'.to_string().into(), 3.into());
        let text = to_string(&mapping).unwrap();
        assert_eq!(text, "null: 1\n1.5: 2\nx: 3\n");
        assert_eq!(serde_yaml::from_str::<serde_yaml::Mapping>(&text).unwrap(), mapping);
        let characters: BTreeMap<char, char> = [('a', 'b'), ('\n', ' ')].into_iter().collect();
        let text = to_string(&characters).unwrap();
        assert_eq!(text, "\"\\n\": ' '\n'a': 'b'\n");
        assert_eq!(serde_yaml::from_str::<BTreeMap<char, char>>(&text).unwrap(), characters);
    }

    #[test]
    fn layout_of_nested_collections() {
        let value = json!([[1, [2, 3]], {"a": [], "b": {}}, [], {}, null, true, -1.5]);
        assert_eq!(
            written(&value),
            "- - 1\n  - - 2\n    - 3\n- a: []\n  b: {}\n- []\n- {}\n- null\n- true\n- -1.5\n"
        );
        assert_eq!(written(&json!({})), "{}\n");
        assert_eq!(written(&json!([])), "[]\n");
        assert_eq!(written(&json!(null)), "null\n");
        assert_eq!(
            written(&json!({"a": {"b": [{"c": [[]], "d": "e"}]}})),
            "a:\n  b:\n  - c:\n    - []\n    d: e\n"
        );
    }

    #[test]
    fn floats_are_written_as_serde_yaml_writes_them_with_yaml_1_1_exponents() {
        for (value, expected) in [
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (1.0, "1.0"),
            (0.25, "0.25"),
            (-1.5, "-1.5"),
            (123_456.789, "123456.789"),
            (1e15, "1000000000000000.0"),
            (0.0001, "0.0001"),
            (0.00001, "0.00001"),
            (1e16, "1.0e+16"),
            (1.5e300, "1.5e+300"),
            (1e-6, "1.0e-6"),
            (1.5e-7, "1.5e-7"),
            (f64::MAX, "1.7976931348623157e+308"),
            (f64::MIN_POSITIVE, "2.2250738585072014e-308"),
            (f64::INFINITY, ".inf"),
            (f64::NEG_INFINITY, "-.inf"),
            (f64::NAN, ".nan"),
        ] {
            let text = to_string(&value).unwrap();
            assert_eq!(text, format!("{expected}\n"), "{value:e}");
            let back: f64 = serde_yaml::from_str(&text).unwrap();
            assert!(back.to_bits() == value.to_bits() || back.is_nan() && value.is_nan(), "{text}");
        }
        assert_eq!(to_string(&0.1f32).unwrap(), "0.1\n");
        assert_eq!(to_string(&1e13f32).unwrap(), "1.0e+13\n");
        assert_eq!(to_string(&1e12f32).unwrap(), "1000000000000.0\n");
        assert_eq!(to_string(&1e-6f32).unwrap(), "0.000001\n");
        assert_eq!(to_string(&u128::MAX).unwrap(), format!("{}\n", u128::MAX));
        assert_eq!(to_string(&i128::MIN).unwrap(), format!("{}\n", i128::MIN));
    }

    #[derive(serde::Serialize)]
    enum Shape {
        Unit,
        Newtype(u8),
        Tuple(u8, u8),
        Struct { side: u8 },
    }

    struct Failing;

    impl serde::Serialize for Failing {
        fn serialize<S: serde::Serializer>(&self, _serializer: S) -> Result<S::Ok, S::Error> {
            Err(serde::ser::Error::custom("no"))
        }
    }

    #[test]
    fn what_the_writer_refuses_is_an_error_and_to_yaml_falls_back_to_serde_yaml() {
        assert_eq!(to_string(&Shape::Unit).unwrap(), "Unit\n");
        let tagged = serde_yaml::Value::Tagged(Box::new(serde_yaml::value::TaggedValue {
            tag: serde_yaml::value::Tag::new("Thing"),
            value: 1.into(),
        }));
        let mut sequence_keys = BTreeMap::new();
        sequence_keys.insert(vec![1], 2);
        let mut map_keys = serde_yaml::Mapping::new();
        map_keys.insert(serde_yaml::Mapping::new().into(), 1.into());
        let refused: [(&dyn erased::Serialize, &str); 7] = [
            (&Shape::Newtype(1), "enum variants with data"),
            (&Shape::Tuple(1, 2), "enum variants with data"),
            (&Shape::Struct { side: 1 }, "enum variants with data"),
            (&tagged, "YAML tags"),
            (&sequence_keys, "keys that are not scalars"),
            (&map_keys, "keys that are not scalars"),
            (&serde_bytes(), "bytes"),
        ];
        for (value, message) in refused {
            let error = value.to_yaml_writer().unwrap_err();
            assert!(error.to_string().contains(message), "{error}");
            // `emit::to_yaml` writes what `serde_yaml` writes, or says why it could not.
            let fallback = value.to_yaml();
            match value.to_serde_yaml() {
                Ok(text) => assert_eq!(fallback, text),
                Err(error) => assert_eq!(fallback, format!("# serialisation failed: {error}\n")),
            }
        }
        assert_eq!(to_string(&Failing).unwrap_err(), <Error as serde::ser::Error>::custom("no"));
        // A failure half-way leaves what `append` was given as it was.
        let mut out = String::from("# header\n");
        let half = json!({"a": 1});
        assert!(append(&mut out, &(half, Failing)).is_err());
        assert_eq!(out, "# header\n");
        append(&mut out, &json!({"a": [1]})).unwrap();
        assert_eq!(out, "# header\na:\n- 1\n");
    }

    /// A value whose `Serialize` calls `serialize_bytes`.
    fn serde_bytes() -> impl serde::Serialize {
        struct Bytes;
        impl serde::Serialize for Bytes {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_bytes(b"ab")
            }
        }
        Bytes
    }

    /// Object-safe `Serialize`, so that values of different types share one table.
    mod erased {
        pub(super) trait Serialize {
            fn to_yaml_writer(&self) -> Result<String, super::Error>;
            fn to_serde_yaml(&self) -> Result<String, serde_yaml::Error>;
            fn to_yaml(&self) -> String;
        }

        impl<T: serde::Serialize> Serialize for T {
            fn to_yaml_writer(&self) -> Result<String, super::Error> {
                super::to_string(self)
            }
            fn to_serde_yaml(&self) -> Result<String, serde_yaml::Error> {
                serde_yaml::to_string(self)
            }
            fn to_yaml(&self) -> String {
                super::super::super::to_yaml(self)
            }
        }
    }

    // ---------------------------------------------------------------------------------------
    // The examples: every lowered object, byte for byte what serde_yaml writes.

    struct ExampleInputs {
        base: PathBuf,
        include_secrets: bool,
    }

    impl Inputs for ExampleInputs {
        fn include_secrets(&self) -> bool {
            self.include_secrets
        }

        fn env_var(&self, name: &str) -> Option<String> {
            (name == "TIMON_TEST_PASSWORD").then(|| "not-a-real-password".to_owned())
        }

        fn read_project_file(&self, path: &str) -> Result<String, String> {
            std::fs::read_to_string(self.base.join(path)).map_err(|error| error.to_string())
        }
    }

    fn load(folder: &Path) -> Vec<ProjectFile> {
        crate::cli::project::load(folder).unwrap_or_else(|message| panic!("{message}")).files
    }

    /// The example projects: folders of `examples/` with `.timon` files, or one level down.
    fn examples() -> Vec<PathBuf> {
        let has_sources = |folder: &Path| {
            std::fs::read_dir(folder).unwrap().any(|entry| {
                entry.unwrap().path().extension().is_some_and(|extension| extension == "timon")
            })
        };
        let mut folders = Vec::new();
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
        for entry in std::fs::read_dir(root).unwrap() {
            let path = entry.unwrap().path();
            if !path.is_dir() {
                continue;
            }
            if has_sources(&path) {
                folders.push(path);
            } else {
                for inner in std::fs::read_dir(&path).unwrap() {
                    let inner = inner.unwrap().path();
                    if inner.is_dir() && has_sources(&inner) {
                        folders.push(inner);
                    }
                }
            }
        }
        folders.sort();
        folders
    }

    fn both(value: &impl serde::Serialize) -> (String, String) {
        (to_string(value).unwrap(), serde_yaml::to_string(value).unwrap())
    }

    fn both_of(body: &ObjectBody) -> (String, String) {
        match body {
            ObjectBody::Namespace(object) => both(object),
            ObjectBody::CephBlockPool(object) => both(object),
            ObjectBody::CephFilesystem(object) => both(object),
            ObjectBody::StorageClass(object) => both(object),
            ObjectBody::Middleware(object) => both(object),
            ObjectBody::ConfigMap(object) => both(object),
            ObjectBody::Secret(object) => both(object),
            ObjectBody::PersistentVolumeClaim(object) => both(object),
            ObjectBody::Deployment(object) => both(object),
            ObjectBody::StatefulSet(object) => both(object),
            ObjectBody::Service(object) => both(object),
            ObjectBody::IngressRoute(object) => both(object),
        }
    }

    #[test]
    fn every_lowered_object_of_the_examples_is_written_as_serde_yaml_writes_it() {
        let (mut compared, mut clusters, mut traefiks, mut deployments) = (0, 0, 0, 0);
        for example in examples() {
            let names = pipeline::environments(load(&example));
            let environments: Vec<Option<String>> =
                if names.is_empty() { vec![None] } else { names.into_iter().map(Some).collect() };
            for environment in &environments {
                for include_secrets in [false, true] {
                    let inputs = ExampleInputs { base: example.clone(), include_secrets };
                    let project =
                        pipeline::check_one_environment(load(&example), environment.as_deref())
                            .expect("the examples check");
                    let (output, diagnostics) =
                        lower::lower(&project, environment.as_deref(), &inputs);
                    assert!(diagnostics.is_empty(), "{}: {diagnostics:?}", example.display());
                    for object in &output.objects {
                        deployments += usize::from(matches!(
                            object.body,
                            ObjectBody::Deployment(_) | ObjectBody::StatefulSet(_)
                        ));
                        let (ours, theirs) = both_of(&object.body);
                        assert_eq!(ours, theirs, "{}", object.body.name());
                        compared += 1;
                    }
                    if let Some(cluster) = &output.cluster {
                        let (ours, theirs) = both(&cluster.config);
                        assert_eq!(ours, theirs, "cluster.yml of {}", example.display());
                        clusters += 1;
                    }
                    if let Some(traefik) = &output.traefik {
                        let (ours, theirs) = both(&traefik.config);
                        assert_eq!(ours, theirs, "traefik.yml of {}", example.display());
                        traefiks += 1;
                    }
                }
            }
        }
        assert!(compared > 100, "only {compared} objects compared");
        assert!(deployments > 10, "only {deployments} workloads compared");
        assert!(clusters > 0 && traefiks > 0, "{clusters} cluster.yml, {traefiks} traefik.yml");
    }

    // ---------------------------------------------------------------------------------------
    // Properties.

    /// Pieces that YAML misreads, indicators, breaks, controls, and ordinary text.
    const PIECES: &[&str] = &[
        "yes",
        "no",
        "on",
        "off",
        "y",
        "n",
        "Y",
        "N",
        "true",
        "True",
        "FALSE",
        "~",
        "null",
        "NULL",
        "",
        "1",
        "-1",
        "+1",
        "1.0",
        "1.",
        ".5",
        "1e3",
        "1E-3",
        "0x1F",
        "0X1F",
        "0o17",
        "0b101",
        "017",
        "1_000",
        "12:30:00",
        "-.inf",
        ".inf",
        ".nan",
        ".NaN",
        "2001-12-14",
        "<<",
        "=",
        "-",
        "?",
        ":",
        ",",
        "[",
        "]",
        "{",
        "}",
        "#",
        "&",
        "*",
        "!",
        "|",
        ">",
        "'",
        "\"",
        "%",
        "@",
        "`",
        ": ",
        " #",
        " ",
        "  ",
        "\t",
        "\n",
        "\n\n",
        "\r",
        "\r\n",
        "\u{85}",
        "\u{2028}",
        "\u{2029}",
        "\u{feff}",
        "\0",
        "\u{7f}",
        "\u{a0}",
        "\\",
        "---",
        "...",
        "- ",
        "? ",
        "a",
        "b",
        "key",
        "value",
        "é",
        "日本",
        "😀",
        "\u{fffe}",
        "\u{e000}",
    ];

    fn adversarial_string() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            3 => prop::sample::select(PIECES).prop_map(str::to_owned),
            1 => any::<char>().prop_map(String::from),
        ];
        prop_oneof![
            2 => prop::sample::select(PIECES).prop_map(str::to_owned),
            4 => prop::collection::vec(piece, 0..5).prop_map(|pieces| pieces.concat()),
            1 => prop::collection::vec(any::<char>(), 0..12)
                .prop_map(|characters| characters.into_iter().collect()),
        ]
    }

    fn value(float: BoxedStrategy<f64>) -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            float.prop_map(
                |float| serde_json::Number::from_f64(float).map_or(Value::Null, Value::Number)
            ),
            adversarial_string().prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::btree_map(adversarial_string(), inner, 0..6)
                    .prop_map(|map| Value::Object(map.into_iter().collect())),
            ]
        })
    }

    fn any_float() -> BoxedStrategy<f64> {
        prop_oneof![
            any::<f64>(),
            (-1e6..1e6f64),
            prop::sample::select(vec![0.0, -0.0, 1e16, 1e-5, 1e-6, 1e15, 0.1, 1e300]),
        ]
        .boxed()
    }

    /// Floats that `serde_yaml` writes without an exponent (this writer adds a fraction and a
    /// sign to exponents).
    fn plain_float() -> BoxedStrategy<f64> {
        prop_oneof![(-1e6..1e6f64), (-1e-3..1e-3f64)]
            .prop_filter("no exponent", |float| float.abs() >= 1e-5 || *float == 0.0)
            .boxed()
    }

    /// Replaces each string (value or key) that this writer quotes differently from
    /// `serde_yaml` by one it quotes the same, so that the whole layout can be compared.
    fn same_quoting(value: Value) -> Value {
        let same = |text: String| {
            let ours = to_string(&text).unwrap();
            if Some(&ours) == serde_yaml::to_string(&text).ok().as_ref() {
                text
            } else {
                format!("replaced {}", ours.len())
            }
        };
        match value {
            Value::String(text) => Value::String(same(text)),
            Value::Array(items) => Value::Array(items.into_iter().map(same_quoting).collect()),
            Value::Object(map) => Value::Object(
                map.into_iter().map(|(key, value)| (same(key), same_quoting(value))).collect(),
            ),
            other => other,
        }
    }

    proptest! {
        #![proptest_config(crate::test_support::proptest_config())]

        #[test]
        fn any_value_reads_back_unchanged(value in value(any_float())) {
            let text = to_string(&value).unwrap();
            let back: Value = serde_yaml::from_str(&text)
                .map_err(|error| TestCaseError::fail(format!("{text:?}: {error}")))?;
            prop_assert_eq!(back, value, "{:?}", text);
        }

        #[test]
        fn any_value_reads_back_unchanged_with_yaml_1_1_typing(value in value(any_float())) {
            let text = to_string(&value).unwrap();
            prop_assert_eq!(read_as_kubectl(&text), Ok(comparable(value)), "{:?}", text);
        }

        #[test]
        fn any_string_reads_back_unchanged_as_value_and_key(text in adversarial_string()) {
            let map: BTreeMap<&str, &str> = [(text.as_str(), text.as_str())].into_iter().collect();
            let document = (&text, &map, [&text]);
            let written = to_string(&document).unwrap();
            let back: (String, BTreeMap<String, String>, [String; 1]) =
                serde_yaml::from_str(&written)
                    .map_err(|error| TestCaseError::fail(format!("{written:?}: {error}")))?;
            prop_assert_eq!(&back.0, &text, "{:?}", written);
            prop_assert_eq!(back.1.get(&text), Some(&text), "{:?}", written);
            prop_assert_eq!(&back.2[0], &text, "{:?}", written);
        }

        #[test]
        fn reads_as_what_serde_yaml_writes_reads_as(value in value(any_float())) {
            if let Ok(theirs) = serde_yaml::to_string(&value) {
                let theirs: Value = serde_yaml::from_str(&theirs)
                    .map_err(|error| TestCaseError::fail(format!("{theirs:?}: {error}")))?;
                let ours: Value = serde_yaml::from_str(&to_string(&value).unwrap()).unwrap();
                prop_assert_eq!(ours, theirs);
            }
        }

        #[test]
        fn lays_out_like_serde_yaml(value in value(plain_float()).prop_map(same_quoting)) {
            prop_assert_eq!(to_string(&value).unwrap(), serde_yaml::to_string(&value).unwrap());
        }
    }
}
