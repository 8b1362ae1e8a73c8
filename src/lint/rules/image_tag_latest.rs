//! L007 `image-tag-latest`: container images must be pinned.

use crate::declare_rule;
use crate::lint::{LintContext, Rule, RuleMeta};
use crate::manifest::Node;

declare_rule! {
    /// ## What it does
    /// Flags a container image with no tag and no digest, or with the tag `latest`.
    ///
    /// ## Why is this bad?
    /// The deployed image changes without any change to the configuration: two pods of one
    /// Deployment can run different code, and a rollback goes nowhere.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: db}
    /// spec:
    ///   containers:
    ///     - name: adminer
    ///       image: adminer
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: db}
    /// spec:
    ///   containers:
    ///     - name: adminer
    ///       image: adminer:4.8.1
    /// ```
    ImageTagLatest { code: "L007", name: "image-tag-latest", default: Warning }
}

/// The tag of an image reference, `None` when it has none (a digest counts as pinned).
fn unpinned(image: &str) -> bool {
    if image.contains('@') {
        return false;
    }
    let last = image.rsplit('/').next().unwrap_or(image);
    match last.split_once(':') {
        Some((_, tag)) => tag == "latest",
        None => true,
    }
}

impl Rule for ImageTagLatest {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &mut LintContext<'_>) {
        for pod in context.docs().pods() {
            for container in pod.containers() {
                let Some(image) = container.node.get("image").and_then(Node::as_str) else {
                    continue;
                };
                if unpinned(image) {
                    context.report(
                        pod.document,
                        &format!("{}/image", container.pointer),
                        format!(
                            "image `{image}` of container `{}` is not pinned to a version",
                            container.name
                        ),
                        format!(
                            "pin a tag or a digest, e.g. `{}:1.2.3`",
                            image.trim_end_matches(":latest")
                        ),
                    );
                }
            }
        }
    }
}
