//! The lint engine: rules over located manifest trees, whether they come from timon sources
//! (lowered objects) or from plain YAML. One file per rule under `rules/`; the only list of
//! rules is `registry.rs`; a rule's doc comment is its documentation.

pub mod config;
pub mod pods;
pub mod registry;
pub mod rules;

use crate::diagnostics::{Diagnostic, Label, Severity};
use crate::manifest::{Document, Node};
use crate::source::Span;
pub use config::LintConfig;

/// What a rule is: its stable code and name, its default severity, its documentation.
#[derive(Debug)]
pub struct RuleMeta {
    /// `L001`; never reused or renumbered.
    pub code: &'static str,
    /// `missing-resource-limits`: what is flagged, not the fix.
    pub name: &'static str,
    pub default: Severity,
    /// The rule's doc comment: what it does, why it is bad, an example, what to use instead.
    pub docs: &'static str,
}

/// A lint rule. Rules read documents through [`LintContext`] and report findings there.
pub trait Rule: Sync {
    fn meta(&self) -> &'static RuleMeta;
    fn check(&self, context: &mut LintContext<'_>);
}

/// Declares a rule's struct and metadata; the doc comment becomes its documentation.
#[macro_export]
macro_rules! declare_rule {
    ($(#[doc = $doc:literal])* $name:ident { code: $code:literal, name: $kebab:literal, default: $severity:ident $(,)? }) => {
        $(#[doc = $doc])*
        pub struct $name;

        impl $name {
            /// The rule's metadata.
            pub const META: $crate::lint::RuleMeta = $crate::lint::RuleMeta {
                code: $code,
                name: $kebab,
                default: $crate::diagnostics::Severity::$severity,
                docs: concat!($($doc, "\n"),*),
            };
        }
    };
}

/// What the engine knows besides the documents.
#[derive(Debug, Default, Clone)]
pub struct Facts {
    /// The Traefik the manifests target, `(major, minor)`, when known.
    pub traefik_version: Option<(u64, u64)>,
    /// The previous Kubernetes version of a cluster document, by document index: from git
    /// (YAML) or from `timon.lock` (timon sources), with a word on where it comes from.
    pub previous_versions: Vec<(usize, String, String)>,
    /// Secrets that exist outside the checked files (timon's `source external`).
    pub external_secrets: Vec<String>,
}

/// One finding before rendering.
#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: &'static RuleMeta,
    pub document: usize,
    pub span: Span,
    pub message: String,
    pub help: String,
    pub related: Vec<Label>,
}

/// The documents under check and the findings reported so far.
pub struct LintContext<'a> {
    pub documents: &'a [Document],
    pods: &'a pods::PodIndex<'a>,
    pub facts: &'a Facts,
    rule: &'static RuleMeta,
    findings: Vec<Finding>,
}

impl<'a> LintContext<'a> {
    /// Reports a finding of the running rule at `pointer` in document `document`.
    pub fn report(
        &mut self,
        document: usize,
        pointer: &str,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        let span = self.documents[document].root.span_at(pointer);
        self.report_at(document, span, message, help);
    }

    /// Reports a finding at an explicit span (a map key, say).
    pub fn report_at(
        &mut self,
        document: usize,
        span: Span,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.findings.push(Finding {
            rule: self.rule,
            document,
            span,
            message: message.into(),
            help: help.into(),
            related: Vec::new(),
        });
    }

    /// Adds a secondary label to the last finding.
    pub fn with_related(&mut self, span: Span, text: impl Into<String>) {
        if let Some(last) = self.findings.last_mut() {
            last.related.push(Label { span, text: text.into() });
        }
    }

    /// The documents, as a copyable view that outlives borrows of the context.
    pub fn docs(&self) -> Documents<'a> {
        Documents { documents: self.documents, pods: self.pods }
    }
}

/// The documents under check, with the queries rules need.
#[derive(Clone, Copy)]
pub struct Documents<'a> {
    documents: &'a [Document],
    pods: &'a pods::PodIndex<'a>,
}

impl<'a> Documents<'a> {
    /// `(index, apiVersion, kind, root)` of every Kubernetes object.
    pub fn objects(self) -> impl Iterator<Item = (usize, &'a str, &'a str, &'a Node)> {
        self.documents.iter().enumerate().filter_map(|(index, document)| {
            let api_version = document.root.get("apiVersion")?.as_str()?;
            let kind = document.root.get("kind")?.as_str()?;
            Some((index, api_version, kind, &document.root))
        })
    }

    /// The objects of one kind.
    pub fn of_kind(self, wanted: &'a str) -> impl Iterator<Item = (usize, &'a Node)> {
        self.objects()
            .filter(move |(_, _, kind, _)| *kind == wanted)
            .map(|(index, _, _, root)| (index, root))
    }

    /// RKE `cluster.yml` documents: no apiVersion/kind, and RKE's top-level keys.
    pub fn rke_clusters(self) -> impl Iterator<Item = (usize, &'a Node)> {
        self.documents
            .iter()
            .enumerate()
            .filter(|(_, document)| is_rke_cluster(&document.root))
            .map(|(index, document)| (index, &document.root))
    }

    /// Every pod spec of the documents (computed once per run).
    pub fn pods(self) -> &'a [pods::PodView<'a>] {
        self.pods.pods()
    }

    /// The pods by namespace and label, to find those a selector selects (computed once per
    /// run).
    pub fn pod_index(self) -> &'a pods::PodIndex<'a> {
        self.pods
    }
}

/// True for a document shaped like RKE's `cluster.yml`.
pub fn is_rke_cluster(root: &Node) -> bool {
    root.get("kind").is_none()
        && root.get("apiVersion").is_none()
        && (root.get("nodes").is_some() || root.get("kubernetes_version").is_some())
}

/// The name and namespace of an object, for messages.
pub fn object_name(root: &Node) -> &str {
    root.pointer("/metadata/name").and_then(Node::as_str).unwrap_or("<unnamed>")
}

/// The outcome of linting: diagnostics to show and the number of allowed findings.
#[derive(Debug, Default)]
pub struct LintOutcome {
    pub diagnostics: Vec<Diagnostic>,
    pub allowed: usize,
}

/// Runs every enabled rule over `documents`.
pub fn run(documents: &[Document], config: &LintConfig, facts: &Facts) -> LintOutcome {
    let pod_views = pods::pods(documents);
    let pod_index = pods::PodIndex::new(&pod_views);
    // Rules only read the documents: they run on every core, each taken by the first core free
    // (their costs differ tenfold), and their findings are gathered in registry order, as if
    // they had run one after the other.
    let findings: Vec<(Finding, Severity)> =
        crate::parallel::map_each_in_order(registry::RULES, |rule| {
            let meta = rule.meta();
            let Some(severity) = config.severity(meta) else { return Vec::new() };
            let mut context = LintContext {
                documents,
                pods: &pod_index,
                facts,
                rule: meta,
                findings: Vec::new(),
            };
            rule.check(&mut context);
            context.findings.into_iter().map(|finding| (finding, severity)).collect::<Vec<_>>()
        })
        .into_iter()
        .flatten()
        .collect();
    let mut outcome = LintOutcome::default();
    for (finding, severity) in findings {
        let document = &documents[finding.document];
        let allowance = document.allowances.iter().find(|allowance| {
            allowance.rule == finding.rule.name
                && covers(document, &allowance.pointer, finding.span)
        });
        if let Some(allowance) = allowance
            && !allowance.reason.trim().is_empty()
        {
            outcome.allowed += 1;
            continue;
        }
        let mut diagnostic =
            Diagnostic::finding(finding.rule.code, finding.rule.name, severity, finding.message)
                .with_label(finding.span, format!("`{}`", finding.rule.name))
                .with_help(finding.help);
        diagnostic.labels.extend(finding.related);
        outcome.diagnostics.push(diagnostic);
    }
    for document in documents {
        for allowance in
            document.allowances.iter().filter(|allowance| allowance.reason.trim().is_empty())
        {
            let diagnostic = Diagnostic::finding(
                "L000",
                "allow-without-reason",
                Severity::Error,
                format!("allowing `{}` needs a reason", allowance.rule),
            )
            .with_label(allowance.span, "no reason given")
            .with_help(format!(
                "say why the finding is acceptable: `# timon:allow {} the reason`",
                allowance.rule
            ));
            outcome.diagnostics.push(diagnostic);
        }
        for allowance in &document.allowances {
            if registry::find(&allowance.rule).is_none() {
                let mut diagnostic = Diagnostic::finding(
                    "L000",
                    "unknown-rule",
                    Severity::Warning,
                    format!("no lint rule is named `{}`", allowance.rule),
                )
                .with_label(allowance.span, "unknown rule");
                diagnostic = match crate::diagnostics::closest(
                    &allowance.rule,
                    registry::RULES.iter().map(|rule| rule.meta().name),
                ) {
                    Some(suggestion) => {
                        diagnostic.with_help(format!("did you mean `{suggestion}`?"))
                    }
                    None => diagnostic.with_help("`timon rules` lists the rules"),
                };
                outcome.diagnostics.push(diagnostic);
            }
        }
    }
    outcome
}

/// True when an allowance at `pointer` covers a finding at `span`.
fn covers(document: &Document, pointer: &str, span: Span) -> bool {
    if pointer.is_empty() {
        return true;
    }
    let Some(node) = document.root.pointer(pointer) else { return false };
    node.span.source == span.source && node.span.start <= span.start && span.end <= node.span.end
}
