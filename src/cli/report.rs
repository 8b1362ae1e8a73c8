//! Findings for machines: JSON, SARIF 2.1.0 and GitHub Actions annotations.

use std::fmt::Write as _;

use serde_json::json;

use crate::diagnostics::render::severity_word;
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::SourceMap;

/// A finding with its place resolved to a path, lines and columns (1-based).
pub(crate) struct Located {
    pub(crate) diagnostic: Diagnostic,
    pub(crate) path: String,
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) end_line: usize,
    pub(crate) end_column: usize,
}

impl Located {
    pub(crate) fn new(diagnostic: Diagnostic, sources: &SourceMap) -> Self {
        let (path, (line, column), (end_line, end_column)) = match diagnostic.primary_span() {
            Some(span) => (
                sources.get(span.source).name.clone(),
                sources.line_column(span.source, span.start),
                sources.line_column(
                    span.source,
                    span.end.max(span.start + 1).min(
                        u32::try_from(sources.get(span.source).text.len()).unwrap_or(u32::MAX),
                    ),
                ),
            ),
            None => (String::new(), (1, 1), (1, 1)),
        };
        Located { diagnostic, path, line, column, end_line, end_column }
    }

    fn rule(&self) -> &str {
        self.diagnostic.rule.unwrap_or(self.diagnostic.code)
    }
}

/// `[{rule, code, severity, path, line, column, end_line, end_column, message, help}]`.
pub(crate) fn json(findings: &[Located]) -> String {
    let items: Vec<serde_json::Value> = findings
        .iter()
        .map(|finding| {
            json!({
                "rule": finding.rule(),
                "code": finding.diagnostic.code,
                "severity": severity_word(finding.diagnostic.severity),
                "path": finding.path,
                "line": finding.line,
                "column": finding.column,
                "end_line": finding.end_line,
                "end_column": finding.end_column,
                "message": finding.diagnostic.message,
                "help": finding.diagnostic.help,
            })
        })
        .collect();
    serde_json::to_string_pretty(&items).unwrap_or_default() + "\n"
}

fn sarif_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A SARIF 2.1.0 log with one run, its rules and results with real regions.
pub(crate) fn sarif(findings: &[Located]) -> String {
    let mut rules: Vec<serde_json::Value> = Vec::new();
    let mut rule_ids: Vec<String> = Vec::new();
    for finding in findings {
        let id = finding.diagnostic.code.to_owned();
        if rule_ids.contains(&id) {
            continue;
        }
        let description = crate::lint::registry::find(&id)
            .map(|rule| {
                rule.meta()
                    .docs
                    .lines()
                    .map(str::trim)
                    .find(|line| !line.is_empty() && !line.starts_with('#'))
                    .unwrap_or_default()
                    .to_owned()
            })
            .or_else(|| {
                crate::diagnostics::Code::ALL
                    .iter()
                    .find(|code| code.as_str() == id)
                    .map(|code| code.docs().split_whitespace().collect::<Vec<_>>().join(" "))
            })
            .unwrap_or_default();
        rules.push(json!({
            "id": id,
            "name": finding.rule(),
            "shortDescription": { "text": finding.rule() },
            "fullDescription": { "text": description },
        }));
        rule_ids.push(id);
    }
    let results: Vec<serde_json::Value> = findings
        .iter()
        .map(|finding| {
            let text = match &finding.diagnostic.help {
                Some(help) => format!("{} ({help})", finding.diagnostic.message),
                None => finding.diagnostic.message.clone(),
            };
            json!({
                "ruleId": finding.diagnostic.code,
                "ruleIndex": rule_ids.iter().position(|id| id == finding.diagnostic.code).unwrap_or(0),
                "level": sarif_level(finding.diagnostic.severity),
                "message": { "text": text },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": finding.path },
                        "region": {
                            "startLine": finding.line,
                            "startColumn": finding.column,
                            "endLine": finding.end_line,
                            "endColumn": finding.end_column,
                        }
                    }
                }],
            })
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "timon",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "results": results,
        }],
    });
    serde_json::to_string_pretty(&log).unwrap_or_default() + "\n"
}

/// GitHub Actions workflow commands: `::error file=…,line=…::message`.
pub(crate) fn github(findings: &[Located]) -> String {
    let escape = |text: &str| text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
    let escape_property = |text: &str| escape(text).replace(':', "%3A").replace(',', "%2C");
    let mut out = String::new();
    for finding in findings {
        let level = match finding.diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let _ = writeln!(
            out,
            "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(&finding.path),
            finding.line,
            finding.column,
            finding.end_line,
            finding.end_column,
            escape_property(&format!("{} {}", finding.diagnostic.code, finding.rule())),
            escape(&finding.diagnostic.message),
        );
    }
    out
}
