//! Typed literals: quantities, ports, names, addresses, durations and versions, each checked
//! the way Kubernetes, Traefik or RKE will check it.

use std::borrow::Cow;

use crate::diagnostics::{Code, Diagnostic};
use crate::source::Span;
use crate::syntax::ast::{Value, ValueKind};

/// What a quantity measures; decides which suffixes make sense.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dimension {
    Cpu,
    Memory,
    Storage,
}

impl Dimension {
    fn describe(self) -> &'static str {
        match self {
            Self::Cpu => "CPU",
            Self::Memory => "memory",
            Self::Storage => "storage",
        }
    }
}

/// A checked quantity: its text as Kubernetes will read it, and its size in nano-units.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quantity {
    pub text: String,
    pub nanos: u128,
}

/// How many nano-units one unit of a Kubernetes quantity suffix is (`m` → 10⁶, `Gi` → 2³⁰ · 10⁹);
/// `None` for a suffix Kubernetes does not know.
pub fn suffix_nanos(suffix: &str) -> Option<u128> {
    Some(match suffix {
        "n" => 1,
        "u" => 1_000,
        "m" => 1_000_000,
        "" => 1_000_000_000,
        "k" => 10u128.pow(12),
        "M" => 10u128.pow(15),
        "G" => 10u128.pow(18),
        "T" => 10u128.pow(21),
        "P" => 10u128.pow(24),
        "E" => 10u128.pow(27),
        "Ki" => 1_000_000_000 << 10,
        "Mi" => 1_000_000_000 << 20,
        "Gi" => 1_000_000_000 << 30,
        "Ti" => 1_000_000_000 << 40,
        "Pi" => 1_000_000_000 << 50,
        "Ei" => 1_000_000_000 << 60,
        _ => return None,
    })
}

/// Parses `500m`, `1`, `0.5`, `15Gi` as a quantity of `dimension`.
pub fn quantity(value: &Value, dimension: Dimension) -> Result<Quantity, Diagnostic> {
    let text = match &value.kind {
        ValueKind::Number(text) => text.as_str().to_owned(),
        ValueKind::Str(_) => value.as_plain_str().unwrap_or_default(),
        _ => return Err(type_mismatch(value, &format!("a {} amount", dimension.describe()))),
    };
    let span = value.span;
    let split = text
        .find(|character: char| !(character.is_ascii_digit() || character == '.'))
        .unwrap_or(text.len());
    let (number, suffix) = text.split_at(split);
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    if whole.is_empty() && fraction.is_empty() {
        return Err(bad_quantity(span, &text, "it has no digits", dimension));
    }
    if dimension == Dimension::Cpu {
        match suffix {
            "" | "m" | "k" | "M" | "G" => {}
            _ => {
                return Err(Diagnostic::error(
                    Code::BadQuantity,
                    format!("`{text}` is not a CPU amount"),
                )
                .with_label(span, "CPU is counted in cores or millicores")
                .with_help("write cores (`1`, `0.5`) or millicores (`500m`)"));
            }
        }
    } else if suffix == "m" {
        let whole_number: u128 = whole.parse().unwrap_or(0);
        let hint = if whole_number >= 1 {
            format!("`{whole}Mi`")
        } else {
            "a size in `Mi` or `Gi`".to_owned()
        };
        return Err(Diagnostic::error(
            Code::MemoryInMillis,
            format!("`{text}` is {} in thousandths of a byte", dimension.describe()),
        )
        .with_label(
            span,
            format!("`m` means milli: this is {} bytes", format_millis(whole, fraction)),
        )
        .with_help(format!("did you mean {hint} (mebibytes) or `{whole}M` (megabytes)?")));
    }
    let Some(factor) = suffix_nanos(suffix).filter(|_| !matches!(suffix, "n" | "u")) else {
        let other = suffix;
        let hint = match other {
            "K" | "KB" | "kb" => "`k` (1000) or `Ki` (1024)".to_owned(),
            "MB" | "mb" => "`M` (10⁶) or `Mi` (2²⁰)".to_owned(),
            "GB" | "gb" | "g" => "`G` (10⁹) or `Gi` (2³⁰)".to_owned(),
            "TB" | "tb" => "`T` or `Ti`".to_owned(),
            _ => "one of `k M G T P E` (powers of 1000) or `Ki Mi Gi Ti Pi Ei` (powers of 1024)"
                .to_owned(),
        };
        return Err(bad_quantity(
            span,
            &text,
            &format!("`{other}` is not a Kubernetes unit"),
            dimension,
        )
        .with_help(format!("use {hint}")));
    };
    if fraction.len() > 9 {
        return Err(bad_quantity(span, &text, "too many decimals", dimension));
    }
    // The digits of `whole` and `fraction` as one number, read in place (every container has
    // four quantities: this runs tens of thousands of times in a large project).
    let digits = whole.bytes().chain(fraction.bytes()).try_fold(0u128, |number, byte| {
        let digit = byte.checked_sub(b'0').filter(|digit| *digit <= 9)?;
        number.checked_mul(10)?.checked_add(u128::from(digit))
    });
    let scaled = digits.and_then(|digits| digits.checked_mul(factor));
    let nanos = match (scaled, fraction.len()) {
        (Some(scaled), 0) => scaled,
        (Some(scaled), places) => scaled / 10u128.pow(u32::try_from(places).unwrap_or(0)),
        (None, _) => return Err(bad_quantity(span, &text, "too large", dimension)),
    };
    if nanos == 0 {
        return Err(Diagnostic::error(
            Code::BadQuantity,
            format!("{} amount `{text}` is zero", dimension.describe()),
        )
        .with_label(span, "zero here")
        .with_help("give a positive amount, or leave the request or limit out"));
    }
    if dimension == Dimension::Cpu && nanos % 1_000_000 != 0 {
        return Err(bad_quantity(
            span,
            &text,
            "CPU is counted in whole millicores at the finest",
            dimension,
        )
        .with_help("round it to `1m` steps"));
    }
    if dimension != Dimension::Cpu && nanos % 1_000_000_000 != 0 {
        return Err(bad_quantity(span, &text, "it is not a whole number of bytes", dimension)
            .with_help("use a smaller unit (`1536Mi` rather than `1.5Gi` is not needed, but `0.1Ki` is not whole bytes)"));
    }
    Ok(Quantity { text, nanos })
}

fn format_millis(whole: &str, fraction: &str) -> String {
    let whole: u128 = whole.parse().unwrap_or(0);
    if fraction.is_empty() {
        format!("{}.{:03}", whole / 1000, whole % 1000)
    } else {
        format!("0.{whole:03}…")
    }
}

fn bad_quantity(span: Span, text: &str, why: &str, dimension: Dimension) -> Diagnostic {
    Diagnostic::error(
        Code::BadQuantity,
        format!("`{text}` is not a valid {} quantity", dimension.describe()),
    )
    .with_label(span, why.to_owned())
    .with_help(match dimension {
        Dimension::Cpu => "write cores (`1`, `0.5`) or millicores (`500m`)",
        Dimension::Memory | Dimension::Storage => "write a size such as `512Mi`, `2Gi` or `1G`",
    })
}

/// A plain (unitless) whole number within `min..=max`.
pub fn count(value: &Value, min: i64, max: i64, what: &str) -> Result<i64, Diagnostic> {
    let ValueKind::Number(text) = &value.kind else {
        return Err(type_mismatch(value, &format!("a whole number ({what})")));
    };
    let Ok(number) = text.parse::<i64>() else {
        return Err(Diagnostic::error(Code::BadCount, format!("`{text}` is not a whole number"))
            .with_label(value.span, format!("{what} is a whole number"))
            .with_help(format!("write a number from {min} to {max}")));
    };
    if number < min || number > max {
        return Err(Diagnostic::error(
            Code::BadCount,
            format!("{what} must be between {min} and {max}, not {number}"),
        )
        .with_label(value.span, "out of range")
        .with_help(format!("write a number from {min} to {max}")));
    }
    Ok(number)
}

/// A port number, 1–65535.
pub fn port_number(value: &Value) -> Result<u16, Diagnostic> {
    let ValueKind::Number(text) = &value.kind else {
        return Err(type_mismatch(value, "a port number"));
    };
    match text.parse::<u32>() {
        Ok(number @ 1..=65535) => Ok(u16::try_from(number).unwrap_or(u16::MAX)),
        _ => Err(Diagnostic::error(Code::PortOutOfRange, format!("`{text}` is not a port number"))
            .with_label(value.span, "ports run from 1 to 65535")
            .with_help("pick a port between 1 and 65535")),
    }
}

/// Checks an IANA service name (a container port name).
pub fn port_name(name: &str, span: Span) -> Result<(), Diagnostic> {
    let why = if name.len() > 15 {
        Some(format!("it has {} characters; at most 15 are allowed", name.len()))
    } else if !name.chars().all(|character| {
        character.is_ascii_lowercase() || character.is_ascii_digit() || character == '-'
    }) {
        Some("only lowercase letters, digits and `-` are allowed".to_owned())
    } else if !name.chars().any(|character| character.is_ascii_lowercase()) {
        Some("it needs at least one letter".to_owned())
    } else if name.starts_with('-') || name.ends_with('-') || name.contains("--") {
        Some("`-` may not start or end it, nor appear twice in a row".to_owned())
    } else {
        None
    };
    match why {
        None => Ok(()),
        Some(why) => Err(Diagnostic::error(Code::BadPortName, format!("`{name}` is not a valid port name"))
            .with_label(span, why)
            .with_help("port names are IANA service names: at most 15 characters of `a-z`, `0-9` and `-`, e.g. `http`, `postgres`")),
    }
}

/// The kinds of Kubernetes names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameRule {
    /// DNS-1123 label: namespaces, container names, port names of Services.
    Label,
    /// DNS-1123 subdomain: most object names.
    Subdomain,
    /// DNS-1035 label: Service names (must start with a letter).
    Service,
}

/// Checks a Kubernetes object name; `what` names the object in the message.
pub fn k8s_name(name: &str, rule: NameRule, span: Span, what: &str) -> Result<(), Diagnostic> {
    let max = if rule == NameRule::Subdomain { 253 } else { 63 };
    let label_ok = |label: &str| {
        !label.is_empty()
            && label.len() <= 63
            && label.chars().all(|character| {
                character.is_ascii_lowercase() || character.is_ascii_digit() || character == '-'
            })
            && !label.starts_with('-')
            && !label.ends_with('-')
    };
    let why = if name.is_empty() {
        Some("it is empty".to_owned())
    } else if name.len() > max {
        Some(format!("it has {} characters; at most {max} are allowed", name.len()))
    } else if name.chars().any(|character| character.is_ascii_uppercase()) {
        Some("uppercase letters are not allowed".to_owned())
    } else if rule == NameRule::Subdomain && !name.split('.').all(label_ok) {
        Some("only lowercase letters, digits, `-` and `.` are allowed, and each part must start and end with a letter or digit".to_owned())
    } else if rule != NameRule::Subdomain && !label_ok(name) {
        Some("only lowercase letters, digits and `-` are allowed, starting and ending with a letter or digit".to_owned())
    } else if rule == NameRule::Service
        && !name.starts_with(|character: char| character.is_ascii_lowercase())
    {
        Some("a Service name must start with a letter".to_owned())
    } else {
        None
    };
    match why {
        None => Ok(()),
        Some(why) => {
            Err(Diagnostic::error(Code::BadName, format!("`{name}` is not a valid {what} name"))
                .with_label(span, why)
                .with_help(format!("suggested: `{}`", suggest_name(name))))
        }
    }
}

fn suggest_name(name: &str) -> String {
    let lowered: String = name
        .to_ascii_lowercase()
        .chars()
        .map(|character| if character.is_ascii_alphanumeric() { character } else { '-' })
        .collect();
    let trimmed = lowered.trim_matches('-');
    let trimmed = trimmed.trim_start_matches(|character: char| character.is_ascii_digit());
    let mut result = trimmed.trim_matches('-').to_owned();
    while result.contains("--") {
        result = result.replace("--", "-");
    }
    if result.is_empty() { "my-name".to_owned() } else { result.chars().take(63).collect() }
}

/// Checks a host name for a route (`*.example.com` allowed).
pub fn host_name(host: &str, span: Span) -> Result<(), Diagnostic> {
    let body = host.strip_prefix("*.").unwrap_or(host);
    let valid = !body.is_empty()
        && host.len() <= 253
        && body.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label
                    .chars()
                    .all(|character| character.is_ascii_alphanumeric() || character == '-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        });
    if valid {
        return Ok(());
    }
    Err(Diagnostic::error(Code::BadHostName, format!("`{host}` is not a valid host name"))
        .with_label(span, "a host name is dot-separated labels of letters, digits and `-`")
        .with_help("write a name such as `app.example.com` (no scheme, port or path; `*.` is allowed first)"))
}

/// An IPv4 address.
pub fn ipv4(text: &str, span: Span) -> Result<[u8; 4], Diagnostic> {
    let octets: Vec<&str> = text.split('.').collect();
    let parsed: Option<Vec<u8>> = (octets.len() == 4)
        .then(|| octets.iter().map(|octet| octet.parse::<u8>().ok()).collect())
        .flatten();
    match parsed {
        Some(octets) => Ok([octets[0], octets[1], octets[2], octets[3]]),
        None => {
            Err(Diagnostic::error(Code::BadAddress, format!("`{text}` is not an IPv4 address"))
                .with_label(span, "each of the four parts is a number from 0 to 255")
                .with_help("write an address such as `10.0.1.11`"))
        }
    }
}

/// A CIDR block: `(network, prefix length)`; host bits must be zero.
pub fn cidr(text: &str, span: Span) -> Result<([u8; 4], u8), Diagnostic> {
    let Some((address, prefix)) = text.split_once('/') else {
        return Err(Diagnostic::error(Code::BadAddress, format!("`{text}` is not a CIDR block"))
            .with_label(span, "the prefix length is missing")
            .with_help(format!("write `{text}/16` or the length you mean")));
    };
    let octets = ipv4(address, span)?;
    let prefix: u8 = match prefix.parse() {
        Ok(length @ 0..=32) => length,
        _ => {
            return Err(Diagnostic::error(
                Code::BadAddress,
                format!("`/{prefix}` is not a prefix length"),
            )
            .with_label(span, "an IPv4 prefix length runs from 0 to 32")
            .with_help("write a block such as `10.43.0.0/16`"));
        }
    };
    let bits = u32::from_be_bytes(octets);
    let mask = if prefix == 0 { 0 } else { u32::MAX << (32 - prefix) };
    if bits & !mask != 0 {
        let network = (bits & mask).to_be_bytes();
        return Err(Diagnostic::error(Code::BadAddress, format!("`{text}` has host bits set"))
            .with_label(span, "the address is not the start of its block")
            .with_help(format!(
                "did you mean `{}.{}.{}.{}/{prefix}`?",
                network[0], network[1], network[2], network[3]
            )));
    }
    Ok((octets, prefix))
}

/// True when `address` lies in the CIDR block.
pub fn cidr_contains((network, prefix): ([u8; 4], u8), address: [u8; 4]) -> bool {
    let mask = if prefix == 0 { 0 } else { u32::MAX << (32 - prefix) };
    u32::from_be_bytes(network) & mask == u32::from_be_bytes(address) & mask
}

/// A duration in whole seconds: `30s`, `2m`, `1h`.
pub fn duration_seconds(value: &Value) -> Result<i64, Diagnostic> {
    let ValueKind::Number(text) = &value.kind else {
        return Err(type_mismatch(value, "a duration such as `30s`"));
    };
    let split = text.find(|character: char| !character.is_ascii_digit()).unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let multiplier = match unit {
        "s" => Some(1),
        "m" => Some(60),
        "h" => Some(3600),
        _ => None,
    };
    match (number.parse::<i64>(), multiplier) {
        (Ok(number), Some(multiplier)) => Ok(number * multiplier),
        _ => Err(Diagnostic::error(Code::BadDuration, format!("`{text}` is not a duration"))
            .with_label(value.span, "a whole number followed by `s`, `m` or `h`")
            .with_help(if unit.is_empty() {
                format!("did you mean `{text}s`?")
            } else {
                "write `30s`, `5m` or `1h`".to_owned()
            })),
    }
}

/// An RKE Kubernetes version (`v1.19.16-rancher1-1`): `(major, minor, patch)`.
pub fn rke_version(text: &str, span: Span) -> Result<(u64, u64, u64), Diagnostic> {
    let parsed = (|| {
        let rest = text.strip_prefix('v')?;
        let (semver, rancher) = rest.split_once("-rancher")?;
        let mut numbers = semver.split('.').map(|part| part.parse::<u64>().ok());
        let version = (numbers.next()??, numbers.next()??, numbers.next()??);
        if numbers.next().is_some() {
            return None;
        }
        let (build, revision) = rancher.split_once('-').unwrap_or((rancher, "1"));
        build.parse::<u64>().ok()?;
        revision.parse::<u64>().ok()?;
        Some(version)
    })();
    parsed.ok_or_else(|| {
        Diagnostic::error(
            Code::BadKubernetesVersion,
            format!("`{text}` is not an RKE Kubernetes version"),
        )
        .with_label(span, "RKE names versions `vMAJOR.MINOR.PATCH-rancherN-M`")
        .with_help("write e.g. `v1.19.16-rancher1-1`; `rke config --list-version --all` lists them")
    })
}

/// A Traefik version: `2.4`, `v2.11.3`, `3`.
pub fn traefik_version(value: &Value) -> Result<(u64, u64), Diagnostic> {
    let text = match &value.kind {
        ValueKind::Number(text) => Cow::Borrowed(text.as_str()),
        ValueKind::Str(_) => Cow::Owned(value.as_plain_str().unwrap_or_default()),
        _ => return Err(type_mismatch(value, "a Traefik version")),
    };
    let trimmed = text.trim_start_matches('v');
    let mut parts = trimmed.split('.').map(str::parse::<u64>);
    match (parts.next(), parts.next()) {
        (Some(Ok(major)), None) => Ok((major, 0)),
        (Some(Ok(major)), Some(Ok(minor))) if parts.all(|part| part.is_ok()) => Ok((major, minor)),
        _ => Err(Diagnostic::error(
            Code::BadTraefikVersion,
            format!("`{text}` is not a Traefik version"),
        )
        .with_label(value.span, "expected `MAJOR.MINOR`")
        .with_help("write e.g. `\"2.11\"` or `\"3.1\"`")),
    }
}

/// Checks a label key (`prefix/name`) and value.
pub fn label(key: &str, value: &str, span: Span) -> Result<(), Diagnostic> {
    let name_ok = |name: &str| {
        !name.is_empty()
            && name.len() <= 63
            && name.chars().all(|character| {
                character.is_ascii_alphanumeric() || matches!(character, '-' | '_' | '.')
            })
            && name.starts_with(|character: char| character.is_ascii_alphanumeric())
            && name.ends_with(|character: char| character.is_ascii_alphanumeric())
    };
    let (prefix, name) =
        key.rsplit_once('/').map_or((None, key), |(prefix, name)| (Some(prefix), name));
    let key_ok = name_ok(name)
        && prefix.is_none_or(|prefix| {
            prefix.len() <= 253 && k8s_name(prefix, NameRule::Subdomain, span, "").is_ok()
        });
    if !key_ok {
        return Err(Diagnostic::error(Code::BadLabel, format!("`{key}` is not a valid label key"))
            .with_label(span, "a key is an optional DNS prefix and `/`, then up to 63 letters, digits, `-`, `_` or `.`")
            .with_help("write a key such as `team` or `example.com/team`"));
    }
    if !(value.is_empty() || name_ok(value)) {
        return Err(Diagnostic::error(Code::BadLabel, format!("`{value}` is not a valid label value"))
            .with_label(span, "a value is up to 63 letters, digits, `-`, `_` or `.`, starting and ending with a letter or digit")
            .with_help("shorten it or replace the other characters with `-`"));
    }
    Ok(())
}

/// Checks a container image reference: `[registry/]repository[:tag][@digest]`.
pub fn image(reference: &str, span: Span) -> Result<(), Diagnostic> {
    let (rest, digest) =
        reference.split_once('@').map_or((reference, None), |(rest, digest)| (rest, Some(digest)));
    let (repository, tag) = match rest.rsplit_once(':') {
        Some((repository, tag)) if !tag.contains('/') => (repository, Some(tag)),
        _ => (rest, None),
    };
    let mut components: Vec<&str> = repository.split('/').collect();
    // The first component is a registry host when it has a dot or a port, or is `localhost`.
    if components.len() > 1
        && (components[0].contains('.')
            || components[0].contains(':')
            || components[0] == "localhost")
    {
        components.remove(0);
    }
    let why = if reference.is_empty() {
        Some("it is empty")
    } else if reference.chars().any(char::is_whitespace) {
        Some("it contains white space")
    } else if !components.iter().all(|component| {
        !component.is_empty()
            && component.chars().all(|character| {
                character.is_ascii_lowercase()
                    || character.is_ascii_digit()
                    || matches!(character, '.' | '_' | '-')
            })
    }) {
        Some("repository names are lowercase letters, digits, `.`, `_` and `-`")
    } else if tag.is_some_and(|tag| {
        tag.is_empty()
            || tag.len() > 128
            || !tag.chars().all(|character| {
                character.is_ascii_alphanumeric() || matches!(character, '.' | '_' | '-')
            })
    }) {
        Some("a tag is up to 128 letters, digits, `.`, `_` and `-`")
    } else if digest.is_some_and(|digest| !digest.contains(':')) {
        Some("a digest is `algorithm:hex`, e.g. `sha256:…`")
    } else {
        None
    };
    match why {
        None => Ok(()),
        Some(why) => Err(Diagnostic::error(
            Code::BadImage,
            format!("`{reference}` is not a valid image reference"),
        )
        .with_label(span, why)
        .with_help("write e.g. `postgres:16.4-alpine` or `registry.example.com/team/app:1.2.3`")),
    }
}

/// "expected X, found Y" for a value of the wrong shape.
pub fn type_mismatch(value: &Value, expected: &str) -> Diagnostic {
    Diagnostic::error(
        Code::TypeMismatch,
        format!("expected {expected}, found {}", value.describe()),
    )
    .with_label(value.span, format!("this is {}", value.describe()))
    .with_help(format!("write {expected} here"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceId;

    fn number(text: &str) -> Value {
        Value { kind: ValueKind::Number(text.into()), span: Span::new(SourceId(0), 0, text.len()) }
    }

    #[test]
    fn quantities_compare_across_units() {
        let one = quantity(&number("1"), Dimension::Cpu).unwrap();
        let thousand_millis = quantity(&number("1000m"), Dimension::Cpu).unwrap();
        assert_eq!(one.nanos, thousand_millis.nanos);
        let gibibyte = quantity(&number("1Gi"), Dimension::Memory).unwrap();
        let mebibytes = quantity(&number("1024Mi"), Dimension::Memory).unwrap();
        assert_eq!(gibibyte.nanos, mebibytes.nanos);
        assert!(quantity(&number("1.5Gi"), Dimension::Memory).is_ok());
    }

    #[test]
    fn quantity_mistakes_are_named() {
        assert_eq!(
            quantity(&number("500m"), Dimension::Memory).unwrap_err().code,
            Code::MemoryInMillis.as_str()
        );
        assert_eq!(
            quantity(&number("1K"), Dimension::Memory).unwrap_err().code,
            Code::BadQuantity.as_str()
        );
        assert_eq!(
            quantity(&number("1Gi"), Dimension::Cpu).unwrap_err().code,
            Code::BadQuantity.as_str()
        );
        assert_eq!(
            quantity(&number("0.0001"), Dimension::Cpu).unwrap_err().code,
            Code::BadQuantity.as_str()
        );
        assert_eq!(
            quantity(&number("0"), Dimension::Storage).unwrap_err().code,
            Code::BadQuantity.as_str()
        );
    }

    #[test]
    fn names_and_ports() {
        let span = Span::new(SourceId(0), 0, 1);
        assert!(port_name("http", span).is_ok());
        assert!(port_name("postgres-replica", span).is_err());
        assert!(port_name("8080", span).is_err());
        assert!(k8s_name("prd-lan-coolcorp", NameRule::Label, span, "namespace").is_ok());
        assert!(k8s_name("1db", NameRule::Service, span, "Service").is_err());
        assert!(k8s_name("Confluence", NameRule::Subdomain, span, "x").is_err());
        assert!(cidr("10.43.0.0/21", span).is_ok());
        assert!(cidr("10.43.0.1/21", span).is_err());
        assert_eq!(rke_version("v1.19.16-rancher1-1", span).unwrap(), (1, 19, 16));
        assert!(rke_version("1.19.16", span).is_err());
        assert!(image("atlassian/confluence-server:7.4", span).is_ok());
        assert!(image("registry.example.com:5000/team/app@sha256:abc", span).is_ok());
        assert!(image("Postgres:9", span).is_err());
    }
}
