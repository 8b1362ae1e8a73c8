//! L013 `reference-undefined`: referenced Secrets, `ConfigMaps` and claims should be defined.

use crate::declare_rule;
use crate::lint::{LintContext, Rule, RuleMeta};
use crate::manifest::Node;

declare_rule! {
    /// ## What it does
    /// Flags a reference from a pod to a Secret, ConfigMap or PersistentVolumeClaim (in `env`,
    /// `envFrom`, `volumes` or `imagePullSecrets`) that the checked files do not define in the
    /// pod's namespace. Secrets that timon sources declare as `source external` count as
    /// defined.
    ///
    /// ## Why is this bad?
    /// The pod stays in `CreateContainerConfigError` or `Pending` until the object exists.
    /// Objects created out of band are fine, and this rule is informational by default.
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
    ///       envFrom: [{configMapRef: {name: web-config}}]
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// apiVersion: v1
    /// kind: ConfigMap
    /// metadata: {name: web-config}
    /// data: {MODE: production}
    /// ---
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: web}
    /// spec:
    ///   containers:
    ///     - name: web
    ///       image: nginx:1.27.2
    ///       envFrom: [{configMapRef: {name: web-config}}]
    /// ```
    ReferenceUndefined { code: "L013", name: "reference-undefined", default: Info }
}

impl Rule for ReferenceUndefined {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &mut LintContext<'_>) {
        let docs = context.docs();
        let external = &context.facts.external_secrets;
        // Only looked up, never iterated: a hash set, whose order cannot reach the output.
        let defined: foldhash::HashSet<(&str, &str, &str)> = docs
            .objects()
            .map(|(_, _, kind, object)| {
                (kind, super::namespace_of(object), crate::lint::object_name(object))
            })
            .collect();
        for pod in docs.pods() {
            let namespace = super::namespace_of(pod.object);
            let mut references: Vec<(&str, String, &str)> = Vec::new();
            for container in pod.containers() {
                for (index, variable) in container
                    .node
                    .get("env")
                    .map(Node::as_seq)
                    .unwrap_or_default()
                    .iter()
                    .enumerate()
                {
                    for (field, kind) in
                        [("secretKeyRef", "Secret"), ("configMapKeyRef", "ConfigMap")]
                    {
                        if let Some(name) = variable
                            .get("valueFrom")
                            .and_then(|source| source.get(field))
                            .and_then(|reference| reference.get("name"))
                            .and_then(Node::as_str)
                        {
                            references.push((
                                kind,
                                format!("{}/env/{index}/valueFrom/{field}/name", container.pointer),
                                name,
                            ));
                        }
                    }
                }
                for (index, source) in container
                    .node
                    .get("envFrom")
                    .map(Node::as_seq)
                    .unwrap_or_default()
                    .iter()
                    .enumerate()
                {
                    for (field, kind) in [("secretRef", "Secret"), ("configMapRef", "ConfigMap")] {
                        if let Some(name) = source
                            .get(field)
                            .and_then(|reference| reference.get("name"))
                            .and_then(Node::as_str)
                        {
                            references.push((
                                kind,
                                format!("{}/envFrom/{index}/{field}/name", container.pointer),
                                name,
                            ));
                        }
                    }
                }
            }
            for (index, volume) in
                pod.spec.get("volumes").map(Node::as_seq).unwrap_or_default().iter().enumerate()
            {
                for (field, key, kind) in [
                    ("secret", "secretName", "Secret"),
                    ("configMap", "name", "ConfigMap"),
                    ("persistentVolumeClaim", "claimName", "PersistentVolumeClaim"),
                ] {
                    if let Some(name) =
                        volume.get(field).and_then(|source| source.get(key)).and_then(Node::as_str)
                    {
                        references.push((
                            kind,
                            format!("{}/volumes/{index}/{field}/{key}", pod.pointer),
                            name,
                        ));
                    }
                }
            }
            for (index, secret) in pod
                .spec
                .get("imagePullSecrets")
                .map(Node::as_seq)
                .unwrap_or_default()
                .iter()
                .enumerate()
            {
                if let Some(name) = secret.get("name").and_then(Node::as_str) {
                    references.push((
                        "Secret",
                        format!("{}/imagePullSecrets/{index}/name", pod.pointer),
                        name,
                    ));
                }
            }
            if pod.kind == "StatefulSet" {
                // Claims of a StatefulSet's own volumeClaimTemplates are created by it.
                let templates: Vec<&str> = pod
                    .object
                    .pointer("/spec/volumeClaimTemplates")
                    .map(Node::as_seq)
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|template| {
                        template.pointer("/metadata/name").and_then(Node::as_str)
                    })
                    .collect();
                references.retain(|(kind, _, name)| {
                    *kind != "PersistentVolumeClaim" || !templates.contains(name)
                });
            }
            for (kind, pointer, name) in references {
                let is_defined = defined.contains(&(kind, namespace, name))
                    || (kind == "Secret" && external.iter().any(|secret| secret == name));
                if !is_defined {
                    context.report(
                        pod.document,
                        &pointer,
                        format!("{} `{}` refers to {kind} `{name}`, which the checked files do not define", pod.kind, pod.name),
                        format!("create it before the pod (`kubectl get {} {name} -n {namespace}`), or declare it", kind.to_ascii_lowercase()),
                    );
                }
            }
        }
    }
}
