//! L005 `upgrade-skips-minor-version`: a cluster upgrade must not skip a Kubernetes minor.

use crate::declare_rule;
use crate::lint::{LintContext, Rule, RuleMeta};
use crate::manifest::Node;

declare_rule! {
    /// ## What it does
    /// Compares a cluster's Kubernetes version (RKE's `kubernetes_version`, such as
    /// `v1.19.16-rancher1-1`; RKE2's `v1.30.4+rke2r1`) with the previous one and flags a move of
    /// more than one minor version, or a downgrade. The previous version is the same file at
    /// git `HEAD` (what the commit changes) or at `--since REV`; for timon sources it is the
    /// version recorded in `timon.lock` by the last `timon build`.
    ///
    /// ## Why is this bad?
    /// Kubernetes supports upgrading one minor version at a time: the API server, the
    /// controllers and the kubelets must stay within the version skew policy, and storage
    /// migrations run per release. RKE does not stop a skipped version; the cluster breaks.
    ///
    /// ## Example
    /// ```text
    /// kubernetes_version: v1.17.17-rancher1-1   # at HEAD
    /// kubernetes_version: v1.19.16-rancher1-1   # in the commit
    /// ```
    ///
    /// Use instead: upgrade to `v1.18.20-rancher1-3` first, run `rke up`, then to `v1.19.16`.
    UpgradeSkipsMinorVersion { code: "L005", name: "upgrade-skips-minor-version", default: Error }
}

/// `(major, minor)` of `v1.19.16-rancher1-1`, `v1.30.4+rke2r1` or `1.30.4`.
pub(crate) fn major_minor(version: &str) -> Option<(u64, u64)> {
    let mut parts = version.trim().trim_start_matches('v').split(['.', '-', '+']);
    Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?))
}

impl Rule for UpgradeSkipsMinorVersion {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &mut LintContext<'_>) {
        let facts = context.facts;
        for (document, previous, origin) in &facts.previous_versions {
            let Some(root) = context.documents.get(*document).map(|document| &document.root) else {
                continue;
            };
            let Some(current) = root.get("kubernetes_version").and_then(Node::as_str) else {
                continue;
            };
            let (Some(old), Some(new)) = (major_minor(previous), major_minor(current)) else {
                continue;
            };
            let message = if new.0 != old.0 {
                Some(format!(
                    "the Kubernetes version moves from {previous} to {current}, across major versions"
                ))
            } else if new.1 > old.1 + 1 {
                Some(format!(
                    "the upgrade from {previous} to {current} skips {} minor version{}",
                    new.1 - old.1 - 1,
                    if new.1 - old.1 == 2 { "" } else { "s" }
                ))
            } else if new.1 < old.1 {
                Some(format!("the Kubernetes version goes down from {previous} to {current}"))
            } else {
                None
            };
            if let Some(message) = message {
                let help = if new.1 < old.1 {
                    "a downgrade needs an etcd snapshot restore; keep the previous version"
                        .to_owned()
                } else {
                    format!(
                        "upgrade one minor version at a time: v{}.{}.x first ({origin})",
                        old.0,
                        old.1 + 1
                    )
                };
                context.report(*document, "/kubernetes_version", message, help);
            }
        }
    }
}
