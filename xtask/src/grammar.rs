//! Reading `grammar/timon.pest`, the one source of truth for the keywords of the editor grammars.

use std::{collections::BTreeSet, fs, path::Path};

use pest::iterators::Pair;
use pest_meta::ast::{Expr, Rule};

/// Where the grammar lives, relative to the workspace root.
pub const GRAMMAR_PATH: &str = "grammar/timon.pest";

/// The rule that lists every keyword: `keyword = @{ ("…" | …) ~ !ident_char }`.
const KEYWORD_RULE: &str = "keyword";

/// The rule that a keyword must not be followed by, so that `ceph-blocks` is not `ceph-block`.
const IDENT_CHAR_RULE: &str = "ident_char";

/// The pest grammar of timon, read with `pest_meta` as `pest_derive` reads it.
pub struct Grammar {
    source: String,
    rules: Vec<Rule>,
}

impl Grammar {
    /// Reads and parses `grammar/timon.pest` under the workspace root.
    pub fn load(root: &Path) -> Result<Self, String> {
        let path = root.join(GRAMMAR_PATH);
        let source = fs::read_to_string(&path)
            .map_err(|error| format!("cannot read `{}`: {error}", path.display()))?;
        Self::parse(source)
    }

    /// Parses the text of a pest grammar.
    pub fn parse(source: String) -> Result<Self, String> {
        let pairs = pest_meta::parser::parse(pest_meta::parser::Rule::grammar_rules, &source)
            .map_err(|error| format!("`{GRAMMAR_PATH}` is not a valid pest grammar:\n{error}"))?;
        let rules = pest_meta::parser::consume_rules(pairs).map_err(|errors| {
            let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
            format!("`{GRAMMAR_PATH}` is not a valid pest grammar:\n{}", messages.join("\n"))
        })?;
        Ok(Self { source, rules })
    }

    /// The words of the `keyword` rule, sorted and without duplicates.
    ///
    /// The rule must keep its documented shape, a choice of string literals followed by
    /// `!ident_char`, and every word must be a valid timon identifier; anything else is an error
    /// rather than a silently wrong editor grammar.
    pub fn keywords(&self) -> Result<Vec<String>, String> {
        let Some(rule) = self.rules.iter().find(|rule| rule.name == KEYWORD_RULE) else {
            return Err(format!("`{GRAMMAR_PATH}` has no `{KEYWORD_RULE}` rule"));
        };
        let shape_error = || {
            format!(
                "the `{KEYWORD_RULE}` rule of `{GRAMMAR_PATH}` must read \
                 `{KEYWORD_RULE} = @{{ (\"…\" | \"…\") ~ !{IDENT_CHAR_RULE} }}`"
            )
        };
        let Expr::Seq(alternatives, guard) = &rule.expr else {
            return Err(shape_error());
        };
        if !matches!(guard.as_ref(), Expr::NegPred(inner) if matches!(inner.as_ref(), Expr::Ident(name) if name == IDENT_CHAR_RULE))
        {
            return Err(shape_error());
        }
        let mut words = BTreeSet::new();
        collect_choice_of_strings(alternatives, &mut words).ok_or_else(shape_error)?;
        if let Some(bad) = words.iter().find(|word| !is_identifier(word)) {
            return Err(format!(
                "keyword `{bad}` of `{GRAMMAR_PATH}` is not an identifier \
                 (a letter, then letters, digits, `-` or `_`)"
            ));
        }
        Ok(words.into_iter().collect())
    }

    /// The names that a timon source declares: every `ident` directly under a `*_decl` rule,
    /// such as `web` in `entrypoint web port 80`, found by running the grammar itself on it.
    pub fn declared_names(&self, file_name: &str, text: &str) -> Result<Vec<String>, String> {
        let (_, optimized) = pest_meta::parse_and_optimize(&self.source).map_err(|errors| {
            let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
            messages.join("\n")
        })?;
        let vm = pest_vm::Vm::new(optimized);
        let pairs = vm
            .parse("file", text)
            .map_err(|error| format!("`{file_name}` does not parse:\n{error}"))?;
        // The names a module exports: those of its top-level declarations (templates
        // included). A template's inner names (`volume data`) are its own.
        let mut names = Vec::new();
        for file in pairs {
            for pair in file.into_inner() {
                if pair.as_rule().ends_with("_decl") {
                    names.extend(direct_idents(pair));
                }
            }
        }
        Ok(names)
    }
}

/// Whether `word` is an `ident` of the grammar: `ASCII_ALPHA ~ (ASCII_ALPHANUMERIC | "-" | "_")*`.
pub fn is_identifier(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(|first| first.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Adds the strings of a choice of string literals to `words`; `None` if `expr` is anything else.
fn collect_choice_of_strings(expr: &Expr, words: &mut BTreeSet<String>) -> Option<()> {
    match expr {
        Expr::Str(word) => {
            words.insert(word.clone());
            Some(())
        }
        Expr::Choice(left, right) => {
            collect_choice_of_strings(left, words)?;
            collect_choice_of_strings(right, words)
        }
        _ => None,
    }
}

/// The texts of the `ident` pairs directly under `pair`.
fn direct_idents(pair: Pair<'_, &str>) -> Vec<String> {
    pair.into_inner()
        .filter(|child| child.as_rule() == "ident")
        .map(|child| child.as_str().to_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keywords_of(grammar: &str) -> Result<Vec<String>, String> {
        Grammar::parse(grammar.to_owned())?.keywords()
    }

    #[test]
    fn reads_the_words_of_the_keyword_rule_sorted() {
        let grammar = r#"
            ident_char = _{ ASCII_ALPHANUMERIC | "-" | "_" }
            keyword = @{ ("tier" | "app" | "ceph-block") ~ !ident_char }
        "#;
        assert_eq!(keywords_of(grammar).unwrap(), ["app", "ceph-block", "tier"]);
    }

    #[test]
    fn rejects_a_keyword_rule_of_another_shape() {
        let grammar = r#"
            ident_char = _{ ASCII_ALPHANUMERIC | "-" | "_" }
            keyword = @{ "app" | "tier" }
        "#;
        assert!(keywords_of(grammar).unwrap_err().contains("must read"));
    }

    #[test]
    fn rejects_a_keyword_that_is_not_an_identifier() {
        let grammar = r#"
            ident_char = _{ ASCII_ALPHANUMERIC | "-" | "_" }
            keyword = @{ ("app" | "=>") ~ !ident_char }
        "#;
        assert!(keywords_of(grammar).unwrap_err().contains("`=>`"));
    }

    #[test]
    fn finds_the_names_declared_by_decl_rules() {
        let grammar = r#"
            WHITESPACE = _{ " " | "\n" }
            ident_char = _{ ASCII_ALPHANUMERIC | "-" | "_" }
            ident = @{ ASCII_ALPHA ~ ident_char* }
            file = { SOI ~ (app_decl | port_stmt)* ~ EOI }
            app_decl = { "app" ~ ident ~ "{" ~ "}" }
            port_stmt = { "port" ~ ident }
        "#;
        let grammar = Grammar::parse(grammar.to_owned()).unwrap();
        let names =
            grammar.declared_names("t.timon", "app web {}\nport http\napp https-redirect {}");
        assert_eq!(names.unwrap(), ["web", "https-redirect"]);
    }
}
