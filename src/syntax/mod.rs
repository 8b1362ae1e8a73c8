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

/// [`parse`], for a build: the bodies of apps with no instance in them are passed over, to be
/// read by [`parse_deferred`] on the thread that builds each app, so that no build holds
/// every app's syntax tree at once (for 10,000 apps, 58 MB). With no `${` nor `override` in
/// the project, nothing reads an app's body before it is built.
pub fn parse_deferring_apps(source: SourceId, text: &str) -> Result<ast::File, Diagnostic> {
    match descent::parse_file_deferring_apps(source, text) {
        Some(file) => Ok(file),
        None => parse_with_pest(source, text),
    }
}

/// The app whose body [`parse_deferring_apps`] passed over, read whole from its span; `None`
/// when it does not parse there (the file does not parse: [`parse`] says why).
pub fn parse_deferred(text: &str, span: crate::source::Span) -> Option<ast::Stmt> {
    descent::parse_app_at(span.source, text, span)
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

    /// Every app whose body a build puts off is, read later from its span, the statement a
    /// whole reading makes; every other statement is the same too.
    #[test]
    fn apps_put_off_and_read_later_are_those_read_at_once() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut put_off = 0;
        for folder in ["examples", "tests/fixtures", "stdlib"] {
            for entry in walkdir::WalkDir::new(root.join(folder)).sort_by_file_name() {
                let entry = entry.expect("readable");
                if entry.path().extension().is_none_or(|extension| extension != "timon") {
                    continue;
                }
                let text = std::fs::read_to_string(entry.path()).expect("readable");
                let (Ok(whole), Ok(deferring)) =
                    (parse(SourceId(3), &text), parse_deferring_apps(SourceId(3), &text))
                else {
                    continue;
                };
                assert_eq!(whole.items.len(), deferring.items.len(), "{}", entry.path().display());
                for (index, (read, maybe_put_off)) in
                    whole.items.iter().zip(&deferring.items).enumerate()
                {
                    let later = if deferring.deferred.contains(&index) {
                        put_off += 1;
                        parse_deferred(&text, maybe_put_off.span).expect("it parses from its span")
                    } else {
                        maybe_put_off.clone()
                    };
                    assert_eq!(
                        format!("{read:?}"),
                        format!("{later:?}"),
                        "{}",
                        entry.path().display()
                    );
                }
            }
        }
        assert!(put_off > 20, "only {put_off} apps put off");
    }

    /// A body is put off only where nothing in it needs reading first, and its braces are
    /// matched past strings and comments.
    #[test]
    fn only_bodies_without_instances_or_interpolations_are_put_off() {
        let put_off = |text: &str| parse_deferring_apps(SourceId(0), text).expect(text).deferred;
        let plain = "app a { tier t { container c { image \"x}{\" } } // }\n /* { */ }\napp b { }";
        assert_eq!(put_off(plain), [0, 1]);
        assert!(put_off("app a { tier t = postgres.database(size: 1Gi) }").is_empty());
        assert!(put_off("app a { tier t { container c { env { A = \"${b.t}\" } } } }").is_empty());
        // A body that does not parse is put off too: reading it later says so.
        let broken = "app a { tier t { replicas } }";
        let file = parse_deferring_apps(SourceId(0), broken).expect("its braces match");
        assert_eq!(file.deferred, [0]);
        assert!(parse_deferred(broken, file.items[0].span).is_none());
        assert!(parse(SourceId(0), broken).is_err());
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
