//! A YAML writer: a `serde::Serializer` that writes block-style YAML straight into a `String`.
//!
//! **Why it exists.** `serde_yaml::to_string` drives libyaml's event emitter: every scalar becomes
//! an event in a queue, is analysed and copied, and the text goes out through an `io::Write`
//! adapter; a scalar that is a string is first run through the YAML resolver to choose its
//! style. Issue 6 measured that at 58 ms for the 1,000 apps of the benchmark, against 20 ms for
//! writing the same text directly. This writer makes one pass over each string to choose its
//! style and appends the text; nothing else is allocated.
//!
//! **Same bytes as `serde_yaml`** on everything timon emits, which the tests check byte for byte
//! on the examples: block mappings and sequences indented by two, a sequence under a mapping
//! key written at the key's own indentation (`key:` then `- item`), a mapping or sequence that is
//! an item starting on the item's line (`- key: value`, `- - x`), `{}` and `[]` when empty, keys
//! longer than 128 bytes or spanning lines written as explicit `? key` / `: value` entries,
//! multi-line strings as literal blocks (`|`, `|-` or `|+` after the trailing line breaks, an
//! indentation indicator when the first line starts with a space or is empty), a string
//! single-quoted when it cannot be plain and double-quoted (with escapes) when it holds a
//! character that single quotes cannot carry, numbers as `serde_yaml` writes them. Where this
//! writer quotes more than `serde_yaml`, it only ever turns a plain scalar into a quoted one.
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
//!   letter, underscores allowed), `.inf`, `.nan` and their capitalised forms, and YAML 1.1
//!   sexagesimal numbers (`12:30:00`, `1:20.5`);
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
//! A multi-line string becomes a literal block, except when a line ends in a space (the block
//! would keep it but many tools strip it) or, at the top level, when an indentation indicator
//! is needed (YAML 1.2 and libyaml disagree on its meaning there); then it is double-quoted.
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
        let text = character.encode_utf8(&mut [0; 4]).to_owned();
        self.styled(&text, char_style(&text));
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
        let simple = key.len() <= 128 && !key.contains(is_line_break);
        if simple {
            if plain {
                self.out.push_str(key);
            } else {
                self.styled(key, style_of(key));
            }
            self.out.push(':');
            self.position = Position::Value(column);
        } else {
            // An explicit entry: `? key`, then `: value` on the next line.
            self.out.push('?');
            self.position = Position::Inline(column);
            if plain {
                self.plain(key);
            } else {
                self.string(key);
            }
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
    (text.len() <= 5 && RESERVED_WORDS.contains(&text))
        || is_number_like(text)
        || is_timestamp_like(text)
}

/// What YAML 1.1 or 1.2 reads as null or a boolean, and YAML 1.1's merge and value keys.
#[rustfmt::skip]
const RESERVED_WORDS: [&str; 29] = [
    "", "~", "null", "Null", "NULL",
    "true", "True", "TRUE", "false", "False", "FALSE",
    "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
    "on", "On", "ON", "off", "Off", "OFF",
    "<<", "=",
];

fn is_digit_or_underscore(byte: u8) -> bool {
    byte.is_ascii_digit() || byte == b'_'
}

/// Numbers of YAML 1.2 (core and JSON schemas) and YAML 1.1, read generously: underscores
/// anywhere in the digits, either case of the base letters, a sign on anything.
fn is_number_like(text: &str) -> bool {
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
        self.writer.key(self.column, key, false);
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
