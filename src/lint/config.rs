//! Per-project lint settings from `timon.toml`: each rule's severity, and the Traefik version
//! plain YAML targets.

use std::collections::BTreeMap;

use super::{RuleMeta, registry};
use crate::diagnostics::Severity;

/// The settings of one project.
#[derive(Debug, Default, Clone)]
pub struct LintConfig {
    /// Rule name → severity (`None` switches the rule off).
    overrides: BTreeMap<String, Option<Severity>>,
    /// `[traefik] version = "3.1"`: the Traefik that the project's YAML targets.
    pub traefik_version: Option<(u64, u64)>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    lint: BTreeMap<String, String>,
    #[serde(default)]
    traefik: Option<TraefikTable>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct TraefikTable {
    version: String,
}

impl LintConfig {
    /// Parses `timon.toml`:
    ///
    /// ```toml
    /// [lint]
    /// image-tag-latest = "off"          # error | warning | info | off
    /// missing-resource-limits = "warning"
    ///
    /// [traefik]
    /// version = "3.1"
    /// ```
    pub fn from_toml(text: &str) -> Result<Self, String> {
        let file: File = toml::from_str(text).map_err(|error| error.to_string())?;
        let mut config = LintConfig::default();
        for (name, level) in file.lint {
            if registry::find(&name).is_none() {
                let hint = crate::diagnostics::closest(
                    &name,
                    registry::RULES.iter().map(|rule| rule.meta().name),
                )
                .map_or_else(
                    || " (`timon rules` lists them)".to_owned(),
                    |suggestion| format!("; did you mean `{suggestion}`?"),
                );
                return Err(format!("[lint] names no rule `{name}`{hint}"));
            }
            let severity = match level.as_str() {
                "error" => Some(Severity::Error),
                "warning" => Some(Severity::Warning),
                "info" => Some(Severity::Info),
                "off" => None,
                other => {
                    return Err(format!(
                        "[lint] {name} = \"{other}\": expected \"error\", \"warning\", \"info\" or \"off\""
                    ));
                }
            };
            config.overrides.insert(name, severity);
        }
        if let Some(traefik) = file.traefik {
            let trimmed = traefik.version.trim_start_matches('v');
            let mut parts = trimmed.split('.').map(str::parse::<u64>);
            config.traefik_version = match (parts.next(), parts.next()) {
                (Some(Ok(major)), Some(Ok(minor))) => Some((major, minor)),
                (Some(Ok(major)), None) => Some((major, 0)),
                _ => {
                    return Err(format!(
                        "[traefik] version = \"{}\": expected \"MAJOR.MINOR\"",
                        traefik.version
                    ));
                }
            };
        }
        Ok(config)
    }

    /// The severity of a rule, `None` when switched off.
    pub fn severity(&self, meta: &RuleMeta) -> Option<Severity> {
        match self.overrides.get(meta.name) {
            Some(severity) => *severity,
            None => Some(meta.default),
        }
    }
}
