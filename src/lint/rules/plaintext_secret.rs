//! L024 `plaintext-secret`.

use crate::declare_rule;
use crate::lint::{LintContext, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags a Secret that carries its values (`data` or `stringData`) in a file under check.
    ///
    /// ## Why is this bad?
    /// Base64 is not encryption: whoever reads the repository reads the password, forever (git
    /// keeps history).
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Secret
    /// metadata: {name: db}
    /// stringData: {password: monpassword}
    /// ```
    ///
    /// Use instead: create the Secret out of band (`kubectl create secret generic db
    /// --from-literal=…`), or a sealed/external secret; in timon, `secret db { keys password
    /// source external }`.
    PlaintextSecret { code: "L024", name: "plaintext-secret", default: Error }
}

impl Rule for PlaintextSecret {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &mut LintContext<'_>) {
        for (document, secret) in context.docs().of_kind("Secret") {
            for field in ["data", "stringData"] {
                if secret.get(field).is_some_and(|values| !values.entries().is_empty()) {
                    context.report(
                        document,
                        &format!("/{field}"),
                        format!("Secret `{}` holds its values in the file (`{field}`)", crate::lint::object_name(secret)),
                        "keep secret values out of the repository: create the Secret out of band or seal it",
                    );
                }
            }
        }
    }
}
