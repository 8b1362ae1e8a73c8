//! Traefik's static configuration (`traefik.yml`) as typed structs: the part timon writes when
//! a project declares its Traefik instance.
//!
//! Keys follow the `yaml:` tags of Traefik's `static.Configuration` (`pkg/config/static/`),
//! `acme.Configuration` (`pkg/provider/acme/provider.go`) and the providers' structs
//! (`pkg/provider/kubernetes/crd`, `…/ingress`, `pkg/provider/file`), which are the same in v2.11
//! and v3. Traefik reads the file strictly: an unknown key stops it ("field not found"). Only
//! the sections timon fills are modelled, with the options a reader most often adds by hand;
//! everything else is rejected here too (`deny_unknown_fields`).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The whole static configuration file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct StaticConfiguration {
    /// The ports Traefik listens on, by entry point name. Without any, Traefik opens one on
    /// `:80` named `http`.
    #[serde(skip_serializing_if = "BTreeMap::is_empty", default)]
    pub entry_points: BTreeMap<String, EntryPoint>,
    /// Where Traefik reads its routing (dynamic) configuration from.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub providers: Option<Providers>,
    /// Certificate resolvers, by the name routers use in `tls.certResolver`.
    #[serde(skip_serializing_if = "BTreeMap::is_empty", default)]
    pub certificates_resolvers: BTreeMap<String, CertificateResolver>,
}

/// One entry point.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct EntryPoint {
    /// `[host]:port[/tcp|/udp]`; timon writes `:PORT` (every interface, TCP).
    pub address: String,
}

/// The enabled providers. An empty struct (`kubernetesCRD: {}`) enables one with its defaults.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Providers {
    /// Reads `IngressRoute`, `Middleware` and the other Traefik CRDs (what timon emits).
    #[serde(rename = "kubernetesCRD", skip_serializing_if = "Option::is_none", default)]
    pub kubernetes_crd: Option<KubernetesCrd>,
    /// Reads standard `networking.k8s.io/v1` Ingress objects.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub kubernetes_ingress: Option<KubernetesIngress>,
    /// Reads dynamic configuration files; needs `directory` or `filename`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub file: Option<FileProvider>,
}

/// The Kubernetes CRD provider.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct KubernetesCrd {
    /// Namespaces to watch; all when empty.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub namespaces: Option<Vec<String>>,
    /// A label selector the resources must match.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub label_selector: Option<String>,
    /// Only resources with this `kubernetes.io/ingress.class` annotation.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ingress_class: Option<String>,
    /// Whether routes may refer to services and middlewares of other namespaces.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub allow_cross_namespace: Option<bool>,
}

/// The Kubernetes Ingress provider.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct KubernetesIngress {
    /// Namespaces to watch; all when empty.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub namespaces: Option<Vec<String>>,
    /// A label selector the Ingresses must match.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub label_selector: Option<String>,
    /// Only Ingresses of this class.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ingress_class: Option<String>,
}

/// The file provider.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct FileProvider {
    /// A folder of dynamic configuration files (YAML or TOML).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub directory: Option<String>,
    /// One dynamic configuration file (instead of `directory`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub filename: Option<String>,
    /// Whether Traefik reloads the files when they change.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub watch: Option<bool>,
}

/// One certificate resolver.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CertificateResolver {
    /// An ACME (Let's Encrypt) resolver.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub acme: Option<Acme>,
}

/// ACME settings. Traefik needs exactly one challenge to obtain certificates.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Acme {
    /// The account's contact address.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub email: Option<String>,
    /// The ACME directory URL; Let's Encrypt's production directory by default.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ca_server: Option<String>,
    /// Where certificates and the account are kept (`acme.json` by default, in the working
    /// folder: put it on a volume).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub storage: Option<String>,
    /// `EC256`, `EC384`, `RSA2048`, `RSA4096` (default) or `RSA8192`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub key_type: Option<String>,
    /// HTTP-01: the CA fetches a token over plain HTTP on port 80.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub http_challenge: Option<HttpChallenge>,
    /// TLS-ALPN-01: the CA connects with TLS on port 443.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub tls_challenge: Option<TlsChallenge>,
    /// DNS-01: a TXT record through a DNS provider's API (credentials from the environment).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub dns_challenge: Option<DnsChallenge>,
}

/// The HTTP-01 challenge.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct HttpChallenge {
    /// The entry point that answers the challenge (reached by the CA on port 80).
    pub entry_point: String,
}

/// The TLS-ALPN-01 challenge: no settings (`tlsChallenge: {}`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TlsChallenge {}

/// The DNS-01 challenge.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DnsChallenge {
    /// The lego DNS provider code (`cloudflare`, `route53`, `ovh`, …).
    pub provider: String,
    /// DNS servers used to check propagation (`host:port`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub resolvers: Option<Vec<String>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_traefiks() {
        let config = StaticConfiguration {
            entry_points: BTreeMap::from([(
                "web".to_owned(),
                EntryPoint { address: ":80".to_owned() },
            )]),
            providers: Some(Providers {
                kubernetes_crd: Some(KubernetesCrd::default()),
                kubernetes_ingress: Some(KubernetesIngress::default()),
                file: Some(FileProvider {
                    directory: Some("/dyn".to_owned()),
                    ..FileProvider::default()
                }),
            }),
            certificates_resolvers: BTreeMap::from([(
                "le".to_owned(),
                CertificateResolver {
                    acme: Some(Acme {
                        email: Some("ops@example.com".to_owned()),
                        ca_server: Some("https://ca.example.com/directory".to_owned()),
                        http_challenge: Some(HttpChallenge { entry_point: "web".to_owned() }),
                        tls_challenge: Some(TlsChallenge {}),
                        ..Acme::default()
                    }),
                },
            )]),
        };
        let yaml = serde_yaml::to_string(&config).unwrap();
        for key in [
            "entryPoints:",
            "providers:",
            "kubernetesCRD: {}",
            "kubernetesIngress: {}",
            "directory: /dyn",
            "certificatesResolvers:",
            "caServer:",
            "httpChallenge:",
            "entryPoint: web",
            "tlsChallenge: {}",
        ] {
            assert!(yaml.contains(key), "{key} missing from\n{yaml}");
        }
        assert_eq!(serde_yaml::from_str::<StaticConfiguration>(&yaml).unwrap(), config);
        assert!(serde_yaml::from_str::<StaticConfiguration>("entrypoints: {}").is_err());
    }
}
