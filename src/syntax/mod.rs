//! Stage 1, parse: text to syntax tree. Only this module knows pest.
//!
//! Two parsers read the one grammar: `descent.rs`, written by hand for speed, parses every text
//! it accepts; pest, generated from `grammar/timon.pest`, parses the rest and reports the error.
//! They agree on every text (tests and a fuzz target compare their trees).

pub mod ast;
mod build_ast;
mod descent;
#[cfg(test)]
mod differential;
mod errors;
mod parser;

use pest::Parser as _;

use crate::diagnostics::Diagnostic;
use crate::source::SourceId;
use parser::{Rule, TimonParser};

/// Parses one file. A syntax error stops the file (pest does not recover), so the result is
/// either a tree or the one diagnostic.
pub fn parse(source: SourceId, text: &str) -> Result<ast::File, Diagnostic> {
    match descent::parse_file(source, text) {
        Some(file) => Ok(file),
        None => parse_with_pest(source, text),
    }
}

/// The hand-written parser alone: `None` where the grammar rejects the text. For the tests and
/// the fuzz target that compare it with pest.
#[doc(hidden)]
pub fn parse_by_descent(source: SourceId, text: &str) -> Option<ast::File> {
    descent::parse_file(source, text)
}

/// The pest parser alone, with its diagnostic.
#[doc(hidden)]
pub fn parse_with_pest(source: SourceId, text: &str) -> Result<ast::File, Diagnostic> {
    match TimonParser::parse(Rule::file, text) {
        Ok(mut pairs) => match pairs.next() {
            Some(file) => Ok(build_ast::build_file(source, file)),
            None => Ok(ast::File::new(Vec::new())),
        },
        Err(error) => {
            // Parse again with pest's error detail on, only on failure: it is slower, but it
            // also names the literal tokens (`}`, `=`) that were expected.
            pest::set_error_detail(true);
            let detailed = TimonParser::parse(Rule::file, text)
                .err()
                .and_then(|error| errors::detailed_expected(&error));
            pest::set_error_detail(false);
            Err(errors::from_pest(source, text, &error, detailed))
        }
    }
}

/// The keywords of the language, as listed by the grammar's `keyword` rule.
pub fn keywords() -> Vec<&'static str> {
    let grammar = include_str!("../../grammar/timon.pest");
    let Some(start) = grammar.find("\nkeyword = @{ (") else { return Vec::new() };
    let rest = &grammar[start..];
    let end = rest.find(')').unwrap_or(rest.len());
    rest[..end].split('"').skip(1).step_by(2).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parses(text: &str) -> ast::File {
        match parse(SourceId(0), text) {
            Ok(file) => file,
            Err(diagnostic) => panic!("{text}\n{diagnostic:?}"),
        }
    }

    #[test]
    fn keywords_are_contextual() {
        let file = parses("app app { tier data { container app { image \"x\" } } }");
        assert_eq!(file.items[0].name().map(|word| word.text.as_str()), Some("app"));
        assert_eq!(file.items[0].body()[0].kind, "tier");
    }

    #[test]
    fn statements_can_share_a_line() {
        let file = parses(
            "cluster c { node n1 { address 10.0.1.11  user \"rke\"  roles controlplane, etcd } }",
        );
        let node = &file.items[0].body()[0];
        assert_eq!(node.body().len(), 3);
        assert_eq!(node.body()[2].value().map(|value| value.items().len()), Some(2));
    }

    #[test]
    fn ranges_and_units() {
        let file =
            parses("app a { tier t { container c { resources { cpu 500m..1 memory ..1Gi } } } }");
        let resources = &file.items[0].body()[0].body()[0].body()[0].body();
        assert!(matches!(
            resources[0].value().map(|value| &value.kind),
            Some(ast::ValueKind::Range { request: Some(_), limit: Some(_) })
        ));
        assert!(matches!(
            resources[1].value().map(|value| &value.kind),
            Some(ast::ValueKind::Range { request: None, limit: Some(_) })
        ));
    }

    /// The later stages skip a walk over the whole tree on these: each must be true whenever
    /// the file holds one, wherever it is (both parsers agree on them, see `differential`).
    #[test]
    fn a_file_tells_whether_it_holds_instances_and_interpolations() {
        let plain = "app a { tier t { container c { image \"x\" env { A = \"b\" } } } }";
        let file = parses(plain);
        assert!(!file.has_instances && !file.has_interpolations);
        let nested_instance = "app a { tier t = postgres.database(size: 1Gi) }";
        assert!(parses(nested_instance).has_instances);
        let instance_in_template = "template big(size: memory) tier = small(size: size) { }";
        let file = parses(instance_in_template);
        assert!(!file.has_instances, "a template's own call is made when it is instantiated");
        for interpolating in [
            "app a { tier t { container c { env { A = \"${env.name}\" } } } }",
            "app a { tier t { container c { args \"--x\", \"${b.web}\" } } }",
            "template t(host: string = \"${env.zone}.example\") tier { }",
            "app a { tier t = postgres.database(database: \"db-${env.name}\") }",
        ] {
            assert!(parses(interpolating).has_interpolations, "{interpolating}");
        }
    }

    #[test]
    fn every_keyword_rule_spells_a_listed_keyword() {
        let grammar = include_str!("../../grammar/timon.pest");
        let listed = keywords();
        assert!(listed.len() > 100);
        let mut rules = 0;
        for line in grammar.lines().filter(|line| line.starts_with("kw_")) {
            rules += 1;
            let spelled = line.split('"').nth(1).unwrap_or_default();
            let name = line.split(' ').next().unwrap_or_default();
            assert_eq!(name, format!("kw_{}", spelled.replace('-', "_")), "{line}");
            assert!(listed.contains(&spelled), "`{spelled}` is missing from the keyword rule");
        }
        assert_eq!(rules, listed.len(), "every keyword needs its kw_ rule");
    }
}
