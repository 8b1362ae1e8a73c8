//! Checks the Traefik instance a project may declare: certificate resolvers, providers, and the
//! instance's entry points (its static configuration, written to `traefik/traefik.yml`).
//!
//! A project declares its instance when its `traefik { … }` block holds an entry point, a
//! resolver or `providers`, or when any resolver has a body. Entry points and resolvers are
//! registered by `resolve/` wherever they are declared (top level or in the block).

use std::collections::BTreeMap;

use super::Checker;
use super::hir::{self, AcmeChallenge, AcmeResolver, TraefikProvider};
use crate::diagnostics::{Code, Diagnostic, closest};
use crate::resolve::DeclKind;
use crate::source::Span;
use crate::syntax::ast::{Part, Stmt, Value};

/// The provider words of `providers …`, as Traefik's docs name the providers.
const PROVIDERS: &[&str] = &["kubernetes-crd", "kubernetes-ingress", "file"];

/// Reads the resolvers and, when the project declares one, the instance (without its entry
/// points, which depend on the routes: see [`finish_instance`]).
pub(super) fn check_instance(checker: &mut Checker<'_>, project: &mut hir::Project) {
    let program = checker.program;
    let mut first_body: Option<Span> = None;
    for (name, item) in program.scope.all(DeclKind::Resolver) {
        let stmt = program.stmt(item);
        let resolver = if has_block(stmt) {
            first_body = first_body.or(Some(item.name_span));
            check_resolver(checker, project, stmt, item.name_span)
        } else {
            None
        };
        project.resolvers.insert(name.to_owned(), resolver);
    }
    let block = program.scope.all(DeclKind::Traefik).next().map(|(_, item)| program.stmt(item));
    let declares = block.is_some_and(|block| {
        block.body().iter().any(|stmt| matches!(stmt.kind, "entrypoint" | "resolver"))
    });
    let providers_stmt = block.and_then(|block| {
        let mut seen = BTreeMap::new();
        block
            .body()
            .iter()
            .filter(|stmt| stmt.kind == "providers")
            .filter(|stmt| checker.once(&mut seen, stmt))
            .last()
    });
    let span = match block {
        Some(block) if declares || providers_stmt.is_some() => block.head.span,
        _ => match first_body {
            Some(span) => span,
            None => return,
        },
    };
    let providers = match providers_stmt {
        Some(stmt) => check_providers(checker, stmt),
        // Every Traefik object timon writes is a CRD.
        None => vec![TraefikProvider::KubernetesCrd],
    };
    project.traefik_instance =
        Some(hir::TraefikInstance { entrypoints: Vec::new(), providers, span });
}

fn has_block(stmt: &Stmt) -> bool {
    stmt.parts.iter().any(|part| matches!(part, Part::Block(_)))
}

fn check_resolver(
    checker: &mut Checker<'_>,
    project: &hir::Project,
    stmt: &Stmt,
    name_span: Span,
) -> Option<AcmeResolver> {
    let mut seen = BTreeMap::new();
    let mut email = None;
    let mut storage = None;
    let mut ca_server = None;
    let mut challenge = None;
    let mut complete = true;
    for inner in stmt.body() {
        if !checker.once(&mut seen, inner) {
            continue;
        }
        match inner.kind {
            "email" => email = inner.value().and_then(|value| checked_email(checker, value)),
            "storage" => {
                storage = inner.value().and_then(|value| {
                    non_empty(checker, value, "an ACME storage path", "storage \"/data/acme.json\"")
                });
            }
            "ca_server" => {
                ca_server = inner.value().and_then(|value| checked_ca_server(checker, value));
            }
            "challenge" => {
                challenge = if inner.has_keyword("http") {
                    let value = inner.value()?;
                    let entrypoint = http_challenge_entrypoint(checker, project, value);
                    complete &= entrypoint.is_some();
                    entrypoint.map(|entrypoint| AcmeChallenge::Http { entrypoint })
                } else if inner.has_keyword("dns") {
                    let value = inner.value()?;
                    non_empty(checker, value, "a DNS provider", "challenge dns cloudflare")
                        .map(|provider| AcmeChallenge::Dns { provider })
                } else {
                    Some(AcmeChallenge::Tls)
                };
                complete &= challenge.is_some();
            }
            _ => {}
        }
    }
    if challenge.is_none() && complete {
        checker.missing(stmt, "challenge", "challenge http on web");
    }
    Some(AcmeResolver { email, storage, ca_server, challenge: challenge?, span: name_span })
}

/// The entry point of `challenge http on NAME`: declared, and plain HTTP.
fn http_challenge_entrypoint(
    checker: &mut Checker<'_>,
    project: &hir::Project,
    value: &Value,
) -> Option<String> {
    let Some(word) = value.as_word() else {
        checker.report(super::values::type_mismatch(value, "an entry point name"));
        return None;
    };
    checker
        .program
        .scope
        .lookup(DeclKind::Entrypoint, &word.text, word.span)
        .map_err(|diagnostic| checker.report(diagnostic))
        .ok()?;
    if let Some(entrypoint) = project.entrypoints.get(word.text.as_str())
        && entrypoint.tls
    {
        let plain: Vec<&str> = project
            .entrypoints
            .iter()
            .filter(|(_, entrypoint)| !entrypoint.tls)
            .map(|(name, _)| name.as_str())
            .collect();
        let diagnostic = Diagnostic::error(
            Code::InconsistentTraefik,
            format!("the HTTP challenge cannot run on TLS entry point `{}`", word.text),
        )
        .with_label(word.span, "the CA fetches the challenge token over plain HTTP (port 80)")
        .with_label(entrypoint.span, "declared with `tls` here");
        checker.report(match plain.first() {
            Some(name) => diagnostic.with_help(format!(
                "answer it on a plain entry point: `challenge http on {name}`, or use `challenge tls`"
            )),
            None => diagnostic.with_help(
                "declare a plain entry point (`entrypoint web port 80`) and answer the challenge there, or use `challenge tls`",
            ),
        });
        return None;
    }
    Some(word.text.as_str().to_owned())
}

fn checked_email(checker: &mut Checker<'_>, value: &Value) -> Option<String> {
    let email = checker.string(value, "an email address")?;
    let valid = match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
                && !email.chars().any(|character| character.is_whitespace() || character == ',')
        }
        None => false,
    };
    if valid {
        return Some(email);
    }
    checker.report(
        Diagnostic::error(Code::BadTraefikSetting, format!("`{email}` is not an email address"))
            .with_label(value.span, "the CA registers the account with this address")
            .with_help("write one address: `email \"ops@example.com\"`"),
    );
    None
}

fn checked_ca_server(checker: &mut Checker<'_>, value: &Value) -> Option<String> {
    let url = checker.string(value, "a CA server URL")?;
    let host = url.strip_prefix("https://").map(|rest| rest.split(['/', '?', '#']).next());
    let valid = matches!(host, Some(Some(host)) if !host.is_empty())
        && !url.chars().any(char::is_whitespace);
    if valid {
        return Some(url);
    }
    checker.report(
        Diagnostic::error(Code::BadTraefikSetting, format!("`{url}` is not an ACME directory URL"))
            .with_label(value.span, "ACME servers are reached over HTTPS only")
            .with_help(
                "write the directory URL, e.g. `ca-server \"https://acme-staging-v02.api.letsencrypt.org/directory\"`",
            ),
    );
    None
}

/// A string or word that must not be empty.
fn non_empty(
    checker: &mut Checker<'_>,
    value: &Value,
    what: &str,
    example: &str,
) -> Option<String> {
    let text = checker.word_or_string(value, what)?;
    if text.trim().is_empty() {
        checker.report(
            Diagnostic::error(Code::BadTraefikSetting, format!("{what} cannot be empty"))
                .with_label(value.span, "empty")
                .with_help(format!("write e.g. `{example}`")),
        );
        return None;
    }
    Some(text)
}

fn check_providers(checker: &mut Checker<'_>, stmt: &Stmt) -> Vec<TraefikProvider> {
    let mut providers: Vec<TraefikProvider> = Vec::new();
    let mut seen: BTreeMap<&'static str, Span> = BTreeMap::new();
    let mut after_file = false;
    for part in &stmt.parts {
        let value = match part {
            Part::Keyword(word) if word.text == "file" => {
                after_file = true;
                continue;
            }
            Part::Value(value) => value,
            _ => continue,
        };
        let (key, provider) = if std::mem::take(&mut after_file) {
            let Some(directory) = non_empty(
                checker,
                value,
                "the file provider's folder",
                "file \"/etc/traefik/dynamic\"",
            ) else {
                continue;
            };
            ("file", TraefikProvider::File { directory })
        } else {
            match provider_word(checker, value) {
                Some(found) => found,
                None => continue,
            }
        };
        if let Some(first) = seen.insert(key, value.span) {
            checker.report(
                Diagnostic::error(
                    Code::DuplicateStatement,
                    format!("provider `{key}` is given twice"),
                )
                .with_label(value.span, "given again here")
                .with_label(first, "first given here")
                .with_help("keep one of them"),
            );
            continue;
        }
        providers.push(provider);
    }
    providers
}

fn provider_word(
    checker: &mut Checker<'_>,
    value: &Value,
) -> Option<(&'static str, TraefikProvider)> {
    let Some(word) = value.as_word() else {
        checker.report(super::values::type_mismatch(value, "a provider (`kubernetes-crd`, …)"));
        return None;
    };
    match word.text.as_str() {
        "kubernetes-crd" => Some(("kubernetes-crd", TraefikProvider::KubernetesCrd)),
        "kubernetes-ingress" => Some(("kubernetes-ingress", TraefikProvider::KubernetesIngress)),
        "file" => {
            checker.report(
                Diagnostic::error(Code::BadTraefikSetting, "the file provider needs its folder")
                    .with_label(word.span, "which folder of Traefik's container?")
                    .with_help("write `file \"/etc/traefik/dynamic\"`"),
            );
            None
        }
        other => {
            let listed =
                PROVIDERS.iter().map(|name| format!("`{name}`")).collect::<Vec<_>>().join(", ");
            let diagnostic = Diagnostic::error(
                Code::UnknownChoice,
                format!("`{other}` is not a provider timon configures"),
            )
            .with_label(word.span, format!("expected one of {listed}"));
            checker.report(match closest(other, PROVIDERS.iter().copied()) {
                Some(suggestion) => diagnostic.with_help(format!("did you mean `{suggestion}`?")),
                None => diagnostic.with_help(format!("write one of {listed}")),
            });
            None
        }
    }
}

/// A route's `tls resolver NAME`: a declared resolver, configured by the instance when the
/// project declares one.
pub(super) fn check_route_resolver(
    checker: &mut Checker<'_>,
    project: &hir::Project,
    name: &str,
    span: Span,
) {
    let item = match checker.program.scope.lookup(DeclKind::Resolver, name, span) {
        Ok(item) => *item,
        Err(diagnostic) => {
            checker.report(diagnostic);
            return;
        }
    };
    if project.traefik_instance.is_none() || !matches!(project.resolvers.get(name), Some(None)) {
        return;
    }
    let diagnostic = Diagnostic::error(
        Code::UnconfiguredResolver,
        format!(
            "certificate resolver `{name}` is not configured by the project's Traefik instance"
        ),
    )
    .with_label(span, "traefik/traefik.yml would not define it")
    .with_label(item.name_span, "declared without a body: configured outside timon");
    checker.report(if item.is_std {
        diagnostic.with_help(format!(
            "`{name}` of `std.traefik` has no settings: declare your own in the `traefik` block, e.g. `resolver letsencrypt {{ email \"ops@example.com\"  challenge http on web }}`, and use it"
        ))
    } else {
        diagnostic.with_help(format!(
            "give it a body: `resolver {name} {{ email \"ops@example.com\"  challenge http on web }}`"
        ))
    });
}

/// Once the routes are checked: the instance's entry points (the project's, and the standard
/// library's that something uses), two of which may not share a port, and the providers the
/// routes and middlewares need.
pub(super) fn finish_instance(
    checker: &mut Checker<'_>,
    project: &mut hir::Project,
    routes: &hir::RouteUses,
) {
    let Some(instance) = &project.traefik_instance else { return };
    let mut used: Vec<&str> = routes.entrypoints.iter().map(String::as_str).collect();
    for resolver in project.resolvers.values().flatten() {
        if let AcmeChallenge::Http { entrypoint } = &resolver.challenge {
            used.push(entrypoint);
        }
    }
    let entrypoints: Vec<String> = project
        .entrypoints
        .iter()
        .filter(|(name, entrypoint)| !entrypoint.is_std || used.contains(&name.as_str()))
        .map(|(name, _)| name.clone())
        .collect();
    let mut ports: BTreeMap<u16, (&str, Span)> = BTreeMap::new();
    let mut by_position: Vec<(&String, &hir::Entrypoint)> = entrypoints
        .iter()
        .filter_map(|name| Some((name, project.entrypoints.get(name)?)))
        .collect();
    // Report the clash at the later declaration, whichever name sorts first.
    by_position.sort_by_key(|(_, entrypoint)| (entrypoint.span.source, entrypoint.span.start));
    for (name, entrypoint) in by_position {
        if let Some((first_name, first_span)) = ports.get(&entrypoint.port) {
            checker.report(
                Diagnostic::error(
                    Code::InconsistentTraefik,
                    format!(
                        "entry points `{first_name}` and `{name}` both listen on port {}",
                        entrypoint.port
                    ),
                )
                .with_label(entrypoint.span, "Traefik could not open this one")
                .with_label(*first_span, "this one takes the port first")
                .with_help("give each entry point its own port"),
            );
            continue;
        }
        ports.insert(entrypoint.port, (name, entrypoint.span));
    }
    let needs_crd = routes.first_route.is_some() || !project.middlewares.is_empty();
    if needs_crd && !instance.providers.contains(&TraefikProvider::KubernetesCrd) {
        let mut diagnostic = Diagnostic::error(
            Code::InconsistentTraefik,
            "the Traefik instance does not read the routes and middlewares timon writes",
        )
        .with_label(instance.span, "its providers leave out `kubernetes-crd`")
        .with_help(
            "add `kubernetes-crd` to `providers`: IngressRoutes and Middlewares are Traefik CRDs",
        );
        if let Some(route) = routes.first_route {
            diagnostic = diagnostic.with_label(route, "this route becomes an IngressRoute");
        }
        checker.report(diagnostic);
    }
    if let Some(instance) = &mut project.traefik_instance {
        instance.entrypoints = entrypoints;
    }
}

#[cfg(test)]
mod tests {
    use crate::emit::Emitted;
    use crate::pipeline::{self, NoInputs, ProjectFile};

    fn build(text: &str) -> (Option<Emitted>, Vec<String>) {
        let files = vec![ProjectFile {
            name: "main.timon".to_owned(),
            relative_path: "main.timon".into(),
            text: text.to_owned(),
        }];
        let built = pipeline::build(files, None, &NoInputs);
        let codes = built.diagnostics.iter().map(|diagnostic| diagnostic.code.to_string());
        (built.emitted, codes.collect())
    }

    fn static_config(text: &str) -> Option<String> {
        let (emitted, codes) = build(text);
        assert!(codes.is_empty(), "{codes:?}");
        emitted.and_then(|emitted| emitted.traefik).map(|file| file.contents)
    }

    const APP: &str = "environment prd { namespace prd }
        app web { tier front {
          container nginx { image \"nginx:1.27\" port http 80 }
          route \"web.example.com\" to http { tls resolver letsencrypt }
        } }";

    #[test]
    fn no_instance_without_declarations_in_the_block() {
        let text = "import std.traefik\ntraefik { version \"3.3\" }\n";
        assert_eq!(static_config(text), None);
        let text = format!("import std.traefik\n{}", APP.replace("letsencrypt", "le"));
        assert_eq!(static_config(&text), None, "a body-less resolver is configured elsewhere");
    }

    #[test]
    fn a_resolver_with_a_body_declares_the_instance_with_the_crd_provider() {
        let text = format!("import std.traefik\nresolver letsencrypt {{ challenge tls }}\n{APP}");
        let config = static_config(&text).expect("an instance");
        assert!(config.contains("kubernetesCRD: {}"), "{config}");
        // The route listens on `websecure` only: `web` of std.traefik is not used.
        assert!(config.contains("websecure:\n    address: :443"), "{config}");
        assert!(!config.contains("  web:"), "{config}");
    }

    #[test]
    fn std_entry_points_join_when_a_challenge_uses_them() {
        let text = "import std.traefik
            traefik { resolver letsencrypt { challenge http on web } }";
        let config = static_config(text).expect("an instance");
        assert!(config.contains("  web:\n    address: :80"), "{config}");
        assert!(!config.contains("websecure"), "{config}");
        assert!(config.contains("httpChallenge:\n        entryPoint: web"), "{config}");
    }

    #[test]
    fn block_entry_points_serve_routes_like_top_level_ones() {
        let text = format!(
            "traefik {{
               entrypoint websecure port 8443 tls
               resolver letsencrypt {{ challenge tls }}
             }}
             {APP}"
        );
        let (emitted, codes) = build(&text);
        assert!(codes.is_empty(), "{codes:?}");
        let emitted = emitted.expect("built");
        let route = emitted.kubernetes.iter().find(|file| file.path.contains("ingressroute"));
        assert!(route.is_some_and(|file| file.contents.contains("- websecure")));
    }

    #[test]
    fn an_unknown_resolver_is_an_error_even_without_an_instance() {
        let (_, codes) = build(&format!("import std.traefik\n{APP}"));
        assert_eq!(codes, ["E0201"]);
    }
}
