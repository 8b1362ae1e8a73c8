//! Pest pairs to the syntax tree of `ast.rs`, using the naming conventions of the grammar.

use std::collections::HashMap;
use std::sync::OnceLock;

use pest::iterators::Pair;

use super::ast::{
    Argument, Call, File, MapEntry, Param, Part, Stmt, StrPart, Text, Value, ValueKind, Word,
};
use super::parser::Rule;
use crate::source::{SourceId, Span};

pub(super) fn build_file(source: SourceId, file: Pair<'_, Rule>) -> File {
    let items = file
        .into_inner()
        .filter(|pair| pair.as_rule() != Rule::EOI)
        .map(|pair| build_stmt(source, pair))
        .collect();
    File::new(items)
}

fn rule_name(rule: Rule) -> String {
    format!("{rule:?}")
}

fn is_keyword(rule: Rule) -> bool {
    rule_name(rule).starts_with("kw_")
}

fn span_of(source: SourceId, pair: &Pair<'_, Rule>) -> Span {
    let span = pair.as_span();
    Span::new(source, span.start(), span.end())
}

fn word(source: SourceId, pair: &Pair<'_, Rule>) -> Word {
    Word { text: Text::from(pair.as_str()), span: span_of(source, pair) }
}

/// A statement rule's name without its `_stmt`/`_decl` suffix, as a slice of the grammar's own
/// text: `Stmt::kind` is a `&'static str`, and pest names a rule only through `Debug`, which
/// makes a new `String`. The table is made once, from every rule the grammar defines.
fn stmt_kind(rule: Rule) -> &'static str {
    static KINDS: OnceLock<HashMap<Rule, &'static str>> = OnceLock::new();
    let kinds = KINDS.get_or_init(|| {
        let grammar = include_str!("../../grammar/timon.pest");
        Rule::all_rules()
            .iter()
            .filter_map(|&rule| {
                let name = rule_name(rule);
                // Where the rule is defined: `name = { … }` at the start of a line, spaces
                // aligning some `=`.
                let start = grammar.match_indices(&name).map(|(at, _)| at).find(|&at| {
                    grammar[..at].ends_with('\n')
                        && grammar[at + name.len()..].trim_start_matches(' ').starts_with('=')
                })?;
                let kind = name.trim_end_matches("_stmt").trim_end_matches("_decl");
                Some((rule, &grammar[start..start + kind.len()]))
            })
            .collect()
    });
    kinds.get(&rule).copied().unwrap_or_else(|| unreachable!("{rule:?} is defined in the grammar"))
}

fn build_stmt(source: SourceId, pair: Pair<'_, Rule>) -> Stmt {
    let kind = stmt_kind(pair.as_rule());
    // A statement's trailing optional parts may swallow the white space after it: trim it so
    // that labels end where the statement does.
    let text = pair.as_str();
    let start = pair.as_span().start();
    let span = Span::new(source, start, start + text.trim_end().len());
    let mut head = None;
    let mut parts = Vec::new();
    let mut is_private = false;
    for child in pair.into_inner() {
        let rule = child.as_rule();
        if head.is_none() && rule == Rule::kw_private {
            is_private = true;
        } else if rule == Rule::params {
            parts.push(Part::Params(
                child.into_inner().map(|param| build_param(source, param)).collect(),
            ));
        } else if rule == Rule::instance {
            parts.push(Part::Instance(Box::new(build_call(source, child))));
        } else if head.is_none() && (is_keyword(rule) || rule == Rule::env_name) {
            head = Some(word(source, &child));
        } else if is_keyword(rule) {
            parts.push(Part::Keyword(word(source, &child)));
        } else if rule == Rule::ident {
            parts.push(Part::Name(word(source, &child)));
        } else if rule_name(rule).ends_with("_body") {
            parts.push(Part::Block(
                child.into_inner().map(|stmt| build_stmt(source, stmt)).collect(),
            ));
        } else {
            parts.push(Part::Value(build_value(source, child)));
        }
    }
    let head = head.unwrap_or(Word { text: kind.into(), span });
    Stmt { kind, head, parts, span, is_private }
}

fn build_param(source: SourceId, pair: Pair<'_, Rule>) -> Param {
    let mut inner = pair.into_inner();
    let empty = || Word { text: Text::default(), span: Span::default() };
    let name = inner.next().map_or_else(empty, |pair| word(source, &pair));
    let ty = inner.next().map_or_else(empty, |pair| word(source, &pair));
    let default = inner.next().map(|pair| build_value(source, pair));
    Param { name, ty, default }
}

fn build_call(source: SourceId, pair: Pair<'_, Rule>) -> Call {
    let span = span_of(source, &pair);
    let mut inner = pair.into_inner();
    let template = inner
        .next()
        .map(|path| path.into_inner().map(|ident| word(source, &ident)).collect())
        .unwrap_or_default();
    let arguments = inner
        .map(|argument| {
            let mut name = None;
            let mut value = None;
            for part in argument.into_inner() {
                if part.as_rule() == Rule::argument_name {
                    name = Some(word(source, &part));
                } else {
                    value = Some(build_value(source, part));
                }
            }
            let value = value.unwrap_or(Value { kind: ValueKind::List(Vec::new()), span });
            Argument { name, value }
        })
        .collect();
    Call { template, arguments, span }
}

fn build_value(source: SourceId, pair: Pair<'_, Rule>) -> Value {
    let span = span_of(source, &pair);
    let kind = match pair.as_rule() {
        Rule::value | Rule::range => {
            let Some(inner) = pair.into_inner().next() else {
                return Value { kind: ValueKind::List(Vec::new()), span };
            };
            return build_value(source, inner);
        }
        Rule::range_both => {
            let mut values = pair.into_inner().map(|value| Box::new(build_value(source, value)));
            ValueKind::Range { request: values.next(), limit: values.next() }
        }
        Rule::range_request => ValueKind::Range {
            request: pair.into_inner().next().map(|value| Box::new(build_value(source, value))),
            limit: None,
        },
        Rule::range_limit => ValueKind::Range {
            request: None,
            limit: pair.into_inner().next().map(|value| Box::new(build_value(source, value))),
        },
        Rule::string => ValueKind::Str(string_parts(source, pair)),
        Rule::number => ValueKind::Number(Text::from(pair.as_str())),
        Rule::ip => ValueKind::Ip(Text::from(pair.as_str())),
        Rule::port_range => ValueKind::PortRange(Text::from(pair.as_str())),
        Rule::path => {
            ValueKind::Path(pair.into_inner().map(|ident| word(source, &ident)).collect())
        }
        Rule::list => {
            ValueKind::List(pair.into_inner().map(|item| build_value(source, item)).collect())
        }
        Rule::map => ValueKind::Map(map_entries(source, pair)),
        Rule::env_map => ValueKind::Env(map_entries(source, pair)),
        _ => ValueKind::Str(vec![StrPart::Text(Text::from(pair.as_str()))]),
    };
    Value { kind, span }
}

fn map_entries(source: SourceId, pair: Pair<'_, Rule>) -> Vec<MapEntry> {
    pair.into_inner()
        .filter_map(|entry| {
            let mut inner = entry.into_inner();
            let key = inner.next()?;
            let value = inner.next()?;
            let key = match key.as_rule() {
                // `map_key` wraps a string or a bare word; a quoted key loses its quotes.
                Rule::map_key => {
                    let span = span_of(source, &key);
                    let inner_key = key.into_inner().next();
                    let text = match inner_key {
                        Some(inner) if inner.as_rule() == Rule::string => {
                            string_parts(source, inner)
                                .into_iter()
                                .map(|part| match part {
                                    StrPart::Text(text) => text,
                                    StrPart::Interpolation { .. } => Text::default(),
                                })
                                .collect()
                        }
                        Some(inner) => Text::from(inner.as_str()),
                        None => Text::default(),
                    };
                    Word { text, span }
                }
                _ => word(source, &key),
            };
            Some(MapEntry { key, value: build_value(source, value) })
        })
        .collect()
}

fn string_parts(source: SourceId, pair: Pair<'_, Rule>) -> Vec<StrPart> {
    let mut parts: Vec<StrPart> = Vec::new();
    for piece in pair.into_inner() {
        match piece.as_rule() {
            Rule::string_text => StrPart::push_text(&mut parts, piece.as_str()),
            Rule::escape => {
                let escaped = match piece.as_str() {
                    "\\n" => "\n",
                    "\\t" => "\t",
                    "\\r" => "\r",
                    other => &other[1..],
                };
                StrPart::push_text(&mut parts, escaped);
            }
            Rule::interpolation => {
                let span = span_of(source, &piece);
                let path = piece
                    .into_inner()
                    .next()
                    .map(|path| path.into_inner().map(|ident| word(source, &ident)).collect())
                    .unwrap_or_default();
                parts.push(StrPart::Interpolation { path, span });
            }
            _ => {}
        }
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_statement_rule_has_its_kind() {
        for &rule in Rule::all_rules() {
            let name = rule_name(rule);
            if let Some(kind) = name.strip_suffix("_stmt").or_else(|| name.strip_suffix("_decl")) {
                assert_eq!(stmt_kind(rule), kind);
            }
        }
    }
}
