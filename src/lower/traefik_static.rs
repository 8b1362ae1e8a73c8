//! Lowers the declared Traefik instance to its static configuration (`traefik/traefik.yml`).
//! It does not depend on the environment: every environment's build writes the same file.

use crate::check::hir::{self, AcmeChallenge, TraefikProvider};
use crate::model::traefik_static::{
    Acme, CertificateResolver, DnsChallenge, EntryPoint, FileProvider, HttpChallenge,
    KubernetesCrd, KubernetesIngress, Providers, StaticConfiguration, TlsChallenge,
};

pub(super) fn configuration(
    project: &hir::Project,
    instance: &hir::TraefikInstance,
) -> StaticConfiguration {
    let entry_points = instance
        .entrypoints
        .iter()
        .filter_map(|name| {
            let entrypoint = project.entrypoints.get(name)?;
            Some((name.clone(), EntryPoint { address: format!(":{}", entrypoint.port) }))
        })
        .collect();
    let mut providers = Providers::default();
    for provider in &instance.providers {
        match provider {
            TraefikProvider::KubernetesCrd => {
                providers.kubernetes_crd = Some(KubernetesCrd::default());
            }
            TraefikProvider::KubernetesIngress => {
                providers.kubernetes_ingress = Some(KubernetesIngress::default());
            }
            TraefikProvider::File { directory } => {
                providers.file = Some(FileProvider {
                    directory: Some(directory.clone()),
                    ..FileProvider::default()
                });
            }
        }
    }
    let certificates_resolvers = project
        .resolvers
        .iter()
        .filter_map(|(name, resolver)| {
            let resolver = resolver.as_ref()?;
            let mut acme = Acme {
                email: resolver.email.clone(),
                ca_server: resolver.ca_server.clone(),
                storage: resolver.storage.clone(),
                ..Acme::default()
            };
            match &resolver.challenge {
                AcmeChallenge::Http { entrypoint } => {
                    acme.http_challenge = Some(HttpChallenge { entry_point: entrypoint.clone() });
                }
                AcmeChallenge::Tls => acme.tls_challenge = Some(TlsChallenge {}),
                AcmeChallenge::Dns { provider } => {
                    acme.dns_challenge =
                        Some(DnsChallenge { provider: provider.clone(), resolvers: None });
                }
            }
            Some((name.clone(), CertificateResolver { acme: Some(acme) }))
        })
        .collect();
    StaticConfiguration {
        entry_points,
        providers: (providers != Providers::default()).then_some(providers),
        certificates_resolvers,
    }
}
