//! L020 `docker-socket-mount`.

use crate::declare_rule;
use crate::lint::{LintContext, Rule, RuleMeta};
use crate::manifest::Node;

declare_rule! {
    /// ## What it does
    /// Flags a `hostPath` volume on the container runtime's socket (`/var/run/docker.sock`,
    /// `/run/docker.sock`, `/run/containerd/containerd.sock`, `/var/run/crio/crio.sock`).
    ///
    /// ## Why is this bad?
    /// Whoever talks to the runtime socket starts privileged containers on the node: the pod
    /// is root on the host.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: ci}
    /// spec:
    ///   containers: [{name: ci, image: "docker:27.3"}]
    ///   volumes: [{name: docker, hostPath: {path: /var/run/docker.sock}}]
    /// ```
    ///
    /// Use instead: build images with a rootless builder (BuildKit rootless, kaniko).
    DockerSocketMount { code: "L020", name: "docker-socket-mount", default: Error }
}

impl Rule for DockerSocketMount {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &mut LintContext<'_>) {
        const SOCKETS: &[&str] = &[
            "/var/run/docker.sock",
            "/run/docker.sock",
            "/run/containerd/containerd.sock",
            "/var/run/containerd/containerd.sock",
            "/var/run/crio/crio.sock",
        ];
        for pod in context.docs().pods() {
            for (index, volume) in
                pod.spec.get("volumes").map(Node::as_seq).unwrap_or_default().iter().enumerate()
            {
                let Some(path) = volume.pointer("/hostPath/path").and_then(Node::as_str) else {
                    continue;
                };
                if SOCKETS.contains(&path.trim_end_matches('/')) {
                    context.report(
                        pod.document,
                        &format!("{}/volumes/{index}/hostPath/path", pod.pointer),
                        format!(
                            "{} `{}` mounts the container runtime socket `{path}`",
                            pod.kind, pod.name
                        ),
                        "do not hand the runtime to a pod; use a rootless image builder",
                    );
                }
            }
        }
    }
}
