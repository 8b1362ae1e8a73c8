//! The one place where pest errors become diagnostics, with grammar rules named in prose.

use pest::error::{ErrorVariant, InputLocation};

use super::parser::Rule;
use crate::diagnostics::{Code, Diagnostic, closest};
use crate::source::{SourceId, Span};

/// Turns a pest error into a diagnostic; `text` is the whole source.
/// `expected_tokens` lists the literal tokens (`}`, `=`) the parser would have accepted, when
/// known: pest reports them only with its error detail switched on.
pub(super) fn from_pest(
    source: SourceId,
    text: &str,
    error: &pest::error::Error<Rule>,
    expected_tokens: Option<String>,
) -> Diagnostic {
    let offset = match error.location {
        InputLocation::Pos(offset) | InputLocation::Span((offset, _)) => offset,
    };
    if let Some(quote) = unterminated_string(text, offset) {
        return Diagnostic::error(Code::UnterminatedString, "unterminated string")
            .with_label(Span::new(source, quote, quote + 1), "this string is never closed")
            .with_help("close it with `\"` on the same line (write `\\n` for a line break)");
    }
    let ErrorVariant::ParsingError { positives, .. } = &error.variant else {
        return Diagnostic::error(Code::SyntaxError, "syntax error")
            .with_label(Span::new(source, offset, offset), "here");
    };
    let keywords: Vec<String> = positives.iter().filter_map(|rule| keyword_of(*rule)).collect();
    let found = word_at(text, offset);
    if let Some(found) =
        found.clone().filter(|word| !keywords.is_empty() && !keywords.contains(word))
    {
        let span = Span::new(source, offset, offset + found.len());
        let mut diagnostic =
            Diagnostic::error(Code::UnknownStatement, format!("unknown statement `{found}` here"))
                .with_label(span, "not a statement of this block");
        diagnostic = match closest(&found, keywords.iter().map(String::as_str)) {
            Some(suggestion) => diagnostic.with_help(format!("did you mean `{suggestion}`?")),
            None => diagnostic.with_help(format!("expected {}", expected_list(positives))),
        };
        return diagnostic;
    }
    let found_text = match found {
        Some(word) => format!("`{word}`"),
        None => match text[offset.min(text.len())..].chars().next() {
            Some(character) if !character.is_whitespace() => format!("`{character}`"),
            Some(_) | None => "end of file".to_owned(),
        },
    };
    let mut expected = expected_list(positives);
    if let Some(tokens) = expected_tokens {
        expected = tokens;
    }
    let length = text[offset.min(text.len())..].chars().next().map_or(0, char::len_utf8);
    let (label_span, label) = if found_text == "end of file" {
        let end = text.trim_end().len();
        let last = text[..end].chars().next_back().map_or(0, char::len_utf8);
        (Span::new(source, end - last, end), "the file ends here")
    } else {
        (Span::new(source, offset, offset + length), "unexpected here")
    };
    Diagnostic::error(Code::SyntaxError, format!("expected {expected}, found {found_text}"))
        .with_label(label_span, label)
        .with_help(help_for(positives))
}

/// The keyword a rule stands for, if it is a keyword or a statement that starts with one.
fn keyword_of(rule: Rule) -> Option<String> {
    let name = format!("{rule:?}");
    if let Some(word) = name.strip_prefix("kw_") {
        return Some(word.replace('_', "-"));
    }
    let stem = name.strip_suffix("_stmt").or_else(|| name.strip_suffix("_decl"))?;
    Some(match stem {
        "ceph_pool" => "ceph pool".to_owned(),
        "ceph_fs" => "ceph filesystem".to_owned(),
        "init_container" => "init container".to_owned(),
        "rke_service" => "kubelet".to_owned(),
        "secret_literal" | "probe" | "resource" | "probe_timing" | "cluster_ref" => return None,
        other => other.replace('_', "-"),
    })
}

fn describe(rule: Rule) -> String {
    if let Some(keyword) = keyword_of(rule) {
        return format!("`{keyword}`");
    }
    match rule {
        Rule::EOI => "end of file",
        Rule::ident | Rule::path => "a name",
        Rule::string => "a string",
        Rule::number => "a number",
        Rule::ip => "an IP address",
        Rule::map | Rule::env_map | Rule::map_entry | Rule::env_entry => "a `{ key: value }` block",
        Rule::map_key | Rule::env_name => "a key",
        rule if format!("{rule:?}").ends_with("_body") => "`{`",
        Rule::probe_stmt => "`liveness`, `readiness` or `startup`",
        Rule::resource_stmt => "`cpu`, `memory` or `ephemeral-storage`",
        Rule::probe_timing_stmt => "`delay`, `period`, `timeout`, `failures` or `successes`",
        _ => "a value",
    }
    .to_owned()
}

fn expected_list(positives: &[Rule]) -> String {
    let mut names: Vec<String> = positives.iter().map(|rule| describe(*rule)).collect();
    names.sort();
    names.dedup();
    match names.len() {
        0 => "something else".to_owned(),
        1 => names.remove(0),
        count if count <= 8 => {
            let last = names.pop().unwrap_or_default();
            format!("{} or {last}", names.join(", "))
        }
        _ => format!("{}, … ({} choices)", names[..6].join(", "), names.len()),
    }
}

fn help_for(positives: &[Rule]) -> String {
    if positives.iter().any(|rule| format!("{rule:?}").ends_with("_body")) {
        "a declaration's name is followed by its statements in `{ … }`".to_owned()
    } else if positives.contains(&Rule::EOI) {
        "a file holds declarations: `import`, `environment`, `storage`, `secret`, `app`, `cluster`, …"
            .to_owned()
    } else if positives.iter().any(|rule| keyword_of(*rule).is_some()) {
        "check the statement's spelling and that it belongs in this block (see docs/language.md)"
            .to_owned()
    } else {
        "a value is a string (`\"…\"`), a number with its unit (`500m`, `15Gi`), an address or a name"
            .to_owned()
    }
}

/// The word (letters, digits, `-`, `_`) starting at `offset`, if one does.
fn word_at(text: &str, offset: usize) -> Option<String> {
    let rest = text.get(offset..)?;
    let word: String = rest
        .chars()
        .take_while(|character| {
            character.is_ascii_alphanumeric() || *character == '-' || *character == '_'
        })
        .collect();
    (!word.is_empty() && word.starts_with(|character: char| character.is_ascii_alphabetic()))
        .then_some(word)
}

/// The offset of an opening quote on the error's line that is never closed on that line.
fn unterminated_string(text: &str, offset: usize) -> Option<usize> {
    let offset = offset.min(text.len());
    let line_start = text[..offset].rfind('\n').map_or(0, |index| index + 1);
    let line_end = text[line_start..].find('\n').map_or(text.len(), |index| line_start + index);
    let line = &text[line_start..line_end];
    let mut open = None;
    let mut escaped = false;
    let mut in_comment = false;
    let mut previous = '\0';
    for (index, character) in line.char_indices() {
        if open.is_none() && previous == '/' && character == '/' {
            in_comment = true;
        }
        previous = character;
        if in_comment {
            break;
        }
        if escaped {
            escaped = false;
            continue;
        }
        match character {
            '\\' if open.is_some() => escaped = true,
            '"' => open = if open.is_some() { None } else { Some(line_start + index) },
            _ => {}
        }
    }
    open
}

/// Merges the rules and literal tokens of a detailed pest error into one "expected" list, or
/// `None` when the detail adds nothing.
pub(super) fn detailed_expected(error: &pest::error::Error<Rule>) -> Option<String> {
    let attempts = error.parse_attempts()?;
    let tokens: Vec<String> = attempts
        .expected_tokens()
        .into_iter()
        .map(|token| token.to_string())
        .filter(|token| matches!(token.as_str(), "{" | "}" | "=" | ":" | "," | ".." | "(" | ")"))
        .map(|token| format!("`{token}`"))
        .collect();
    if tokens.is_empty() {
        return None;
    }
    let ErrorVariant::ParsingError { positives, .. } = &error.variant else { return None };
    let mut names: Vec<String> =
        positives.iter().map(|rule| describe(*rule)).chain(tokens).collect();
    names.sort();
    names.dedup();
    Some(match names.len() {
        1 => names.remove(0),
        count if count <= 8 => {
            let last = names.pop().unwrap_or_default();
            format!("{} or {last}", names.join(", "))
        }
        _ => format!("{}, … ({} choices)", names[..6].join(", "), names.len()),
    })
}
