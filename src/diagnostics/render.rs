//! Turns [`Diagnostic`]s into text: miette's graphical report for people, one line per finding
//! for tools.

use std::fmt;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode, SourceSpan,
};

use super::{Diagnostic, Severity};
use crate::source::{SourceId, SourceMap};

/// Renders a diagnostic as miette's graphical report (`color` for terminals).
pub fn render_report(diagnostic: &Diagnostic, sources: &SourceMap, color: bool) -> String {
    let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    // Fixed width and no URLs keep the text identical across terminals (and in snapshots).
    let handler = GraphicalReportHandler::new_themed(theme).with_width(100).with_urls(false);
    let view = MietteView::new(diagnostic, sources);
    let mut out = String::new();
    if handler.render_report(&mut out, &view).is_err() {
        out = render_line(diagnostic, sources);
    }
    out
}

/// Renders a diagnostic on one line: `path:line:column: error[E0304]: message`.
pub fn render_line(diagnostic: &Diagnostic, sources: &SourceMap) -> String {
    let place = match diagnostic.primary_span() {
        Some(span) => {
            let (line, column) = sources.line_column(span.source, span.start);
            format!("{}:{line}:{column}: ", sources.get(span.source).name)
        }
        None => String::new(),
    };
    format!(
        "{place}{}[{}]: {}",
        severity_word(diagnostic.severity),
        diagnostic.code,
        diagnostic.message
    )
}

pub fn severity_word(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

/// A diagnostic as miette sees it: the labels of the primary file, and one related report per
/// label that lies in another file.
struct MietteView {
    code: &'static str,
    message: String,
    severity: miette::Severity,
    help: Option<String>,
    source: Option<NamedSource<String>>,
    labels: Vec<LabeledSpan>,
    related: Vec<MietteView>,
}

impl MietteView {
    fn new(diagnostic: &Diagnostic, sources: &SourceMap) -> Self {
        let primary_source = diagnostic.primary_span().map(|span| span.source);
        let mut labels = Vec::new();
        let mut related = Vec::new();
        for (index, label) in diagnostic.labels.iter().enumerate() {
            if Some(label.span.source) == primary_source {
                let span = SourceSpan::new((label.span.start as usize).into(), label.span.len());
                let text = (!label.text.is_empty()).then(|| label.text.clone());
                labels.push(if index == 0 {
                    LabeledSpan::new_primary_with_span(text, span)
                } else {
                    LabeledSpan::new_with_span(text, span)
                });
            } else {
                related.push(MietteView {
                    code: "",
                    message: label.text.clone(),
                    severity: miette::Severity::Advice,
                    help: None,
                    source: Some(named_source(sources, label.span.source)),
                    labels: vec![LabeledSpan::new_primary_with_span(
                        None,
                        SourceSpan::new((label.span.start as usize).into(), label.span.len()),
                    )],
                    related: Vec::new(),
                });
            }
        }
        let help = match (&diagnostic.help, &diagnostic.note) {
            (Some(help), Some(note)) => Some(format!("{help}\nnote: {note}")),
            (Some(help), None) => Some(help.clone()),
            (None, Some(note)) => Some(format!("note: {note}")),
            (None, None) => None,
        };
        MietteView {
            code: diagnostic.code,
            message: diagnostic.message.clone(),
            severity: match diagnostic.severity {
                Severity::Error => miette::Severity::Error,
                Severity::Warning => miette::Severity::Warning,
                Severity::Info => miette::Severity::Advice,
            },
            help,
            source: primary_source.map(|source| named_source(sources, source)),
            labels,
            related,
        }
    }
}

fn named_source(sources: &SourceMap, id: SourceId) -> NamedSource<String> {
    let file = sources.get(id);
    NamedSource::new(file.name.clone(), file.text.to_string())
}

impl fmt::Debug for MietteView {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.message)
    }
}

impl fmt::Display for MietteView {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.message)
    }
}

impl std::error::Error for MietteView {}

impl miette::Diagnostic for MietteView {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        (!self.code.is_empty()).then(|| Box::new(self.code) as Box<dyn fmt::Display>)
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help.as_ref().map(|help| Box::new(help) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|source| source as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        (!self.labels.is_empty()).then(|| Box::new(self.labels.iter().cloned()) as Box<_>)
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        (!self.related.is_empty()).then(|| {
            Box::new(self.related.iter().map(|view| view as &dyn miette::Diagnostic)) as Box<_>
        })
    }
}
