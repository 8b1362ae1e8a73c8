//! L015 `duplicate-env-var`: a container sets each environment variable once.

use crate::declare_rule;
use crate::lint::{LintContext, Rule, RuleMeta};
use crate::manifest::Node;

declare_rule! {
    /// ## What it does
    /// Flags an environment variable set twice in one container's `env`.
    ///
    /// ## Why is this bad?
    /// Only the last one counts: the first is dead configuration that someone will edit in
    /// vain.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: web}
    /// spec:
    ///   containers:
    ///     - name: web
    ///       image: nginx:1.27.2
    ///       env: [{name: MODE, value: a}, {name: MODE, value: b}]
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: web}
    /// spec:
    ///   containers:
    ///     - name: web
    ///       image: nginx:1.27.2
    ///       env: [{name: MODE, value: b}]
    /// ```
    DuplicateEnvVar { code: "L015", name: "duplicate-env-var", default: Warning }
}

impl Rule for DuplicateEnvVar {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &mut LintContext<'_>) {
        for pod in context.docs().pods() {
            for container in pod.containers() {
                let mut seen: Vec<(&str, crate::source::Span)> = Vec::new();
                for (index, variable) in container
                    .node
                    .get("env")
                    .map(Node::as_seq)
                    .unwrap_or_default()
                    .iter()
                    .enumerate()
                {
                    let Some(name) = variable.get("name").and_then(Node::as_str) else { continue };
                    if let Some((_, first)) = seen.iter().find(|(seen_name, _)| *seen_name == name)
                    {
                        let first = *first;
                        context.report(
                            pod.document,
                            &format!("{}/env/{index}/name", container.pointer),
                            format!("container `{}` sets `{name}` twice", container.name),
                            "only the last value counts: remove the other",
                        );
                        context.with_related(first, "first set here");
                    } else {
                        seen.push((name, variable.span));
                    }
                }
            }
        }
    }
}
