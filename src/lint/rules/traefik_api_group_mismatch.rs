//! L021 `traefik-api-group-mismatch`.

use crate::declare_rule;
use crate::lint::{LintContext, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Compares the API group of Traefik objects with the Traefik version the project targets
    /// (`traefik { version "…" }` in timon, `[traefik] version` in `timon.toml`): flags
    /// `traefik.containo.us` with Traefik v3 (removed) or v2.10–v2.11 (deprecated), and
    /// `traefik.io` with Traefik before v2.10 (not served yet).
    ///
    /// ## Why is this bad?
    /// Traefik ignores the objects of a group it does not serve: the routes silently vanish
    /// after an upgrade.
    ///
    /// ## Example
    /// ```text
    /// # timon.toml: [traefik] version = "3.1"
    /// apiVersion: traefik.containo.us/v1alpha1
    /// kind: IngressRoute
    /// ```
    ///
    /// Use instead: `apiVersion: traefik.io/v1alpha1` (in timon, the group follows the declared
    /// version).
    TraefikApiGroupMismatch { code: "L021", name: "traefik-api-group-mismatch", default: Error }
}

impl Rule for TraefikApiGroupMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &mut LintContext<'_>) {
        let Some((major, minor)) = context.facts.traefik_version else { return };
        for (document, api_version, kind, object) in context.docs().objects() {
            let group = api_version.split('/').next().unwrap_or_default();
            let name = crate::lint::object_name(object);
            let problem = match group {
                "traefik.containo.us" if major >= 3 => Some(format!(
                    "Traefik v{major} no longer serves `traefik.containo.us`: {kind} `{name}` is ignored"
                )),
                "traefik.containo.us" if major == 2 && minor >= 10 => Some(format!(
                    "`traefik.containo.us` is deprecated since Traefik v2.10 and removed in v3 ({kind} `{name}`)"
                )),
                "traefik.io" if major < 2 || (major == 2 && minor < 10) => Some(format!(
                    "Traefik v{major}.{minor} does not serve `traefik.io` yet: {kind} `{name}` is ignored"
                )),
                _ => None,
            };
            if let Some(message) = problem {
                let wanted = if group == "traefik.io" {
                    "traefik.containo.us/v1alpha1"
                } else {
                    "traefik.io/v1alpha1"
                };
                context.report(
                    document,
                    "/apiVersion",
                    message,
                    format!("use `apiVersion: {wanted}` for Traefik v{major}.{minor}"),
                );
            }
        }
    }
}
