//! L016 `invalid-name`: object names, label keys and label values Kubernetes accepts.

use crate::check::values::{self, NameRule};
use crate::declare_rule;
use crate::lint::{LintContext, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags an object name that is not a DNS-1123 subdomain (a DNS-1123 label for Namespaces,
    /// a DNS-1035 label for Services), and label keys or values that Kubernetes rejects.
    ///
    /// ## Why is this bad?
    /// The API server refuses the object, at deploy time, often halfway through a `kubectl
    /// apply` of a folder.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Service
    /// metadata: {name: 1st-web, labels: {team: "web team"}}
    /// spec: {ports: [{port: 80}]}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// apiVersion: v1
    /// kind: Service
    /// metadata: {name: web-1, labels: {team: web-team}}
    /// spec: {ports: [{port: 80}]}
    /// ```
    InvalidName { code: "L016", name: "invalid-name", default: Error }
}

impl Rule for InvalidName {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &mut LintContext<'_>) {
        for (document, _, kind, object) in context.docs().objects() {
            if let Some(name_node) = object.pointer("/metadata/name")
                && let Some(name) = name_node.as_str()
            {
                let rule = match kind {
                    "Namespace" => NameRule::Label,
                    "Service" => NameRule::Service,
                    _ => NameRule::Subdomain,
                };
                if let Err(diagnostic) = values::k8s_name(name, rule, name_node.span, kind) {
                    let why = diagnostic
                        .labels
                        .first()
                        .map(|label| label.text.clone())
                        .unwrap_or_default();
                    context.report(
                        document,
                        "/metadata/name",
                        format!("{}: {why}", diagnostic.message),
                        diagnostic.help.unwrap_or_default(),
                    );
                }
            }
            let Some(labels) = object.pointer("/metadata/labels") else { continue };
            for (key, value) in labels.entries() {
                let text = value.as_str().unwrap_or_default();
                if let Err(diagnostic) = values::label(&key.text, text, key.span) {
                    context.report_at(
                        document,
                        key.span.to(value.span),
                        diagnostic.message,
                        diagnostic.help.unwrap_or_default(),
                    );
                }
            }
        }
    }
}
