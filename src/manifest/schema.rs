//! Strict schema validation of manifest documents: the checking step of `timon check` for plain
//! Kubernetes, Traefik, Rook and RKE YAML.
//!
//! # Where the schemas come from
//!
//! timon derives every schema itself, at run time, from types it owns: the built-in Kubernetes
//! kinds from k8s-openapi's `schemars` implementations (Kubernetes 1.33), Traefik's CRDs (both
//! API groups), Rook's `ceph.rook.io/v1` pools and RKE's `cluster.yml` from the typed structs in
//! `model/`. A schema is generated and compiled the first time a document of its kind is seen,
//! then kept for the life of the process.
//!
//! # Making the schemas strict
//!
//! The generated schemas describe what serialises, not what the API server accepts, so each is
//! rewritten before compiling:
//!
//! - every object schema that lists `properties` and says nothing about other properties gets
//!   `additionalProperties: false`, so an unknown field is an error. Free-form maps (labels,
//!   annotations, `data`: schemas with `additionalProperties` of their own) and schemas marked
//!   `x-kubernetes-preserve-unknown-fields` are left open;
//! - `resource.Quantity` (which the generated schema leaves untyped) becomes a number or a string
//!   matching the Kubernetes quantity grammar [`QUANTITY_PATTERN`]; this reaches every quantity
//!   field, also the values of `resources.limits` and `resources.requests`;
//! - `IntOrString` becomes "an integer or a string", and `int32` fields get their range;
//! - `null` is removed from the types of optional fields (`anyOf: [T, null]` becomes `T`),
//!   because a `null` member is treated as absent, as the API server treats it: this keeps the
//!   errors inside an optional object precise instead of one vague `anyOf` failure;
//! - descriptions and titles are dropped, to keep the compiled validators small.
//!
//! # How documents are validated
//!
//! Documents are validated in place: [`Node`] trees are handed to `jsonschema` through its
//! custom-representation traits, with no JSON copy. A document that passes costs one
//! `is_valid` walk; only an invalid one is walked again to collect its errors, each of which
//! becomes one [`Code::SchemaViolation`] diagnostic at the exact node (for an unknown field, at
//! its key).

use std::borrow::Cow;
use std::sync::OnceLock;

use jsonschema::json::{Array, Json, JsonNumber, Node as JsonNode, NodeIdentity, Object};
use jsonschema::{JsonType, PatternOptions, ValidationError, Validator};
use k8s_openapi::api::{
    apps, autoscaling, batch, coordination, core, discovery, networking, node, policy, rbac,
    scheduling, storage,
};
use schemars::JsonSchema;
use schemars::generate::SchemaSettings;
use serde_json::{Map, Value, json};

use super::node::{Document, Key, Node, NodeValue};
use crate::diagnostics::{Code, Diagnostic, Severity, closest};
use crate::model::{rke, rook, traefik};
use crate::source::Span;

/// The grammar of a Kubernetes `resource.Quantity` written as a string (`500m`, `1.5Gi`, `1e3`).
pub const QUANTITY_PATTERN: &str =
    r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)(([KMGTPE]i)|[numkMGTPE]|([eE][+-]?[0-9]+))?$";

/// The outcome of validating one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemaResult {
    /// The document matches its kind's schema.
    Valid,
    /// The document breaks its schema, or is not a Kubernetes object at all: one diagnostic per
    /// problem, in source order.
    Invalid(Vec<Diagnostic>),
    /// timon has no schema for this kind (a CRD it does not know): nothing was checked.
    NoSchema { api_version: String, kind: String },
}

/// Validates a Kubernetes-style document (`apiVersion` + `kind`) against the schema of its kind.
pub fn validate(document: &Document) -> SchemaResult {
    let root = &document.root;
    if !matches!(root.value, NodeValue::Map(_)) {
        return SchemaResult::Invalid(vec![errors::not_a_mapping(root)]);
    }
    let api_version = root.get("apiVersion").and_then(Node::as_str);
    let kind = root.get("kind").and_then(Node::as_str);
    let (Some(api_version), Some(kind)) = (api_version, kind) else {
        return SchemaResult::Invalid(vec![errors::not_an_object(root)]);
    };
    let Some(index) =
        KINDS.iter().position(|entry| entry.api_version == api_version && entry.kind == kind)
    else {
        if let Some(known) = known_version_of(api_version, kind) {
            let span = root.get("apiVersion").map_or(root.span, |node| node.span);
            return SchemaResult::Invalid(vec![errors::unknown_version(
                span,
                api_version,
                kind,
                known,
            )]);
        }
        return SchemaResult::NoSchema {
            api_version: api_version.to_owned(),
            kind: kind.to_owned(),
        };
    };
    let Some(compiled) = COMPILED[index].get_or_init(|| compile(KINDS[index].schema)) else {
        return SchemaResult::NoSchema {
            api_version: api_version.to_owned(),
            kind: kind.to_owned(),
        };
    };
    let diagnostics = check(compiled, root, kind);
    if diagnostics.is_empty() { SchemaResult::Valid } else { SchemaResult::Invalid(diagnostics) }
}

/// Validates an RKE `cluster.yml` (which has no `apiVersion` or `kind`) against RKE's schema.
pub fn validate_rke(document: &Document) -> Vec<Diagnostic> {
    static RKE: OnceLock<Option<Compiled>> = OnceLock::new();
    let root = &document.root;
    if !matches!(root.value, NodeValue::Map(_)) {
        return vec![errors::not_a_mapping(root)];
    }
    match RKE.get_or_init(|| compile(schema_for::<rke::RkeClusterConfig>)) {
        Some(compiled) => check(compiled, root, RKE_DISPLAY_NAME),
        None => Vec::new(),
    }
}

/// The diagnostic for a [`SchemaResult::NoSchema`] document: an informational note, never an
/// error, pointing at its `kind`.
pub fn not_validated(document: &Document, api_version: &str, kind: &str) -> Diagnostic {
    let span = document.root.get("kind").map_or(document.root.span, |node| node.span);
    Diagnostic {
        severity: Severity::Info,
        ..Diagnostic::error(
            Code::NotValidated,
            format!("`{kind}` (`{api_version}`) is not validated"),
        )
        .with_label(span, "timon has no schema for this kind")
        .with_help("nothing to do: unknown fields and wrong types in it go unnoticed")
    }
}

/// Whether timon has a schema for documents of this `apiVersion` and `kind`.
pub fn has_schema(api_version: &str, kind: &str) -> bool {
    KINDS.iter().any(|entry| entry.api_version == api_version && entry.kind == kind)
}

/// Compiles the schema of a kind before its first document needs it, for example on another
/// thread while files are read (compiling the `Deployment` schema takes several milliseconds);
/// returns whether timon has a schema for the kind.
pub fn prepare(api_version: &str, kind: &str) -> bool {
    let Some(index) =
        KINDS.iter().position(|entry| entry.api_version == api_version && entry.kind == kind)
    else {
        return false;
    };
    COMPILED[index].get_or_init(|| compile(KINDS[index].schema)).is_some()
}

/// How the root of an RKE `cluster.yml` is named in messages.
const RKE_DISPLAY_NAME: &str = "cluster.yml";

// ---------------------------------------------------------------------------------------------
// The schema table.
// ---------------------------------------------------------------------------------------------

/// One kind timon validates, and how to make its schema.
struct KindSchema {
    api_version: &'static str,
    kind: &'static str,
    schema: fn() -> Value,
}

/// A built-in Kubernetes kind, keyed by its k8s-openapi `apiVersion` and `kind`.
const fn builtin<T: k8s_openapi::Resource + JsonSchema>() -> KindSchema {
    KindSchema { api_version: T::API_VERSION, kind: T::KIND, schema: schema_for::<T> }
}

/// A kind from timon's own typed structs.
const fn typed<T: JsonSchema>(api_version: &'static str, kind: &'static str) -> KindSchema {
    KindSchema { api_version, kind, schema: schema_for::<T> }
}

const TRAEFIK_IO: &str = "traefik.io/v1alpha1";
const TRAEFIK_CONTAINOUS: &str = "traefik.containo.us/v1alpha1";

/// Every kind with a schema. Lookups scan it; it is short and the comparison is cheap.
static KINDS: &[KindSchema] = &[
    builtin::<core::v1::Pod>(),
    builtin::<apps::v1::Deployment>(),
    builtin::<apps::v1::StatefulSet>(),
    builtin::<apps::v1::DaemonSet>(),
    builtin::<apps::v1::ReplicaSet>(),
    builtin::<core::v1::ReplicationController>(),
    builtin::<batch::v1::Job>(),
    builtin::<batch::v1::CronJob>(),
    builtin::<core::v1::Service>(),
    builtin::<core::v1::ConfigMap>(),
    builtin::<core::v1::Secret>(),
    builtin::<core::v1::PersistentVolumeClaim>(),
    builtin::<core::v1::PersistentVolume>(),
    builtin::<core::v1::Namespace>(),
    builtin::<core::v1::ServiceAccount>(),
    builtin::<core::v1::LimitRange>(),
    builtin::<core::v1::ResourceQuota>(),
    builtin::<core::v1::Endpoints>(),
    builtin::<core::v1::PodTemplate>(),
    builtin::<storage::v1::StorageClass>(),
    builtin::<storage::v1::CSIDriver>(),
    builtin::<networking::v1::Ingress>(),
    builtin::<networking::v1::IngressClass>(),
    builtin::<networking::v1::NetworkPolicy>(),
    builtin::<rbac::v1::Role>(),
    builtin::<rbac::v1::RoleBinding>(),
    builtin::<rbac::v1::ClusterRole>(),
    builtin::<rbac::v1::ClusterRoleBinding>(),
    builtin::<autoscaling::v2::HorizontalPodAutoscaler>(),
    builtin::<autoscaling::v1::HorizontalPodAutoscaler>(),
    builtin::<policy::v1::PodDisruptionBudget>(),
    builtin::<scheduling::v1::PriorityClass>(),
    builtin::<coordination::v1::Lease>(),
    builtin::<discovery::v1::EndpointSlice>(),
    builtin::<node::v1::RuntimeClass>(),
    typed::<traefik::IngressRoute>(TRAEFIK_IO, traefik::IngressRoute::KIND),
    typed::<traefik::IngressRouteTcp>(TRAEFIK_IO, traefik::IngressRouteTcp::KIND),
    typed::<traefik::Middleware>(TRAEFIK_IO, traefik::Middleware::KIND),
    typed::<traefik::TlsOption>(TRAEFIK_IO, traefik::TlsOption::KIND),
    typed::<traefik::TlsStore>(TRAEFIK_IO, traefik::TlsStore::KIND),
    typed::<traefik::IngressRoute>(TRAEFIK_CONTAINOUS, traefik::IngressRoute::KIND),
    typed::<traefik::IngressRouteTcp>(TRAEFIK_CONTAINOUS, traefik::IngressRouteTcp::KIND),
    typed::<traefik::Middleware>(TRAEFIK_CONTAINOUS, traefik::Middleware::KIND),
    typed::<traefik::TlsOption>(TRAEFIK_CONTAINOUS, traefik::TlsOption::KIND),
    typed::<traefik::TlsStore>(TRAEFIK_CONTAINOUS, traefik::TlsStore::KIND),
    typed::<rook::CephBlockPool>(rook::API_VERSION, rook::CephBlockPool::KIND),
    typed::<rook::CephFilesystem>(rook::API_VERSION, rook::CephFilesystem::KIND),
    typed::<rook::CephObjectStore>(rook::API_VERSION, rook::CephObjectStore::KIND),
];

/// The compiled validators, one slot per entry of [`KINDS`], filled on first use. `None` marks
/// a schema that failed to compile (a bug, caught by the tests): its documents are treated as
/// having no schema rather than crashing the run.
static COMPILED: [OnceLock<Option<Compiled>>; KINDS.len()] =
    [const { OnceLock::new() }; KINDS.len()];

/// The `apiVersion` timon knows `kind` under, when `api_version` looks like a wrong version of
/// it: the same API group (or the retired `extensions` group), another version.
fn known_version_of(api_version: &str, kind: &str) -> Option<&'static str> {
    let group = |version: &str| version.rsplit_once('/').map_or("", |(group, _)| group).to_owned();
    let wanted = group(api_version);
    KINDS
        .iter()
        .filter(|entry| entry.kind == kind)
        .find(|entry| wanted == "extensions" || group(entry.api_version) == wanted)
        .map(|entry| entry.api_version)
}

/// A schema ready for validation, with the hardened schema kept to look up field names.
struct Compiled {
    validator: Validator<Tree>,
    schema: Value,
}

fn schema_for<T: JsonSchema>() -> Value {
    SchemaSettings::draft2020_12().into_generator().into_root_schema_for::<T>().to_value()
}

fn compile(make: fn() -> Value) -> Option<Compiled> {
    let mut schema = make();
    harden_root(&mut schema);
    let validator = jsonschema::options_for::<Tree>()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(false)
        .with_pattern_options(PatternOptions::regex())
        .build(&schema)
        .ok()?;
    Some(Compiled { validator, schema })
}

// ---------------------------------------------------------------------------------------------
// Hardening the generated schemas.
// ---------------------------------------------------------------------------------------------

const QUANTITY_DEF: &str = "io.k8s.apimachinery.pkg.api.resource.Quantity";
const INT_OR_STRING_DEF: &str = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";

/// Keywords whose value is one subschema.
const SCHEMA_KEYWORDS: &[&str] = &[
    "additionalProperties",
    "items",
    "not",
    "contains",
    "if",
    "then",
    "else",
    "propertyNames",
    "unevaluatedProperties",
    "unevaluatedItems",
];

/// Keywords whose value is a list of subschemas.
const SCHEMA_LIST_KEYWORDS: &[&str] = &["allOf", "anyOf", "oneOf", "prefixItems"];

/// Keywords whose value maps names to subschemas.
const SCHEMA_MAP_KEYWORDS: &[&str] =
    &["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"];

/// Rewrites a generated root schema as described in the module documentation.
fn harden_root(schema: &mut Value) {
    if let Some(defs) = schema.get_mut("$defs").and_then(Value::as_object_mut) {
        if let Some(quantity) = defs.get_mut(QUANTITY_DEF) {
            *quantity = json!({ "type": ["string", "number"], "pattern": QUANTITY_PATTERN });
        }
        if let Some(int_or_string) = defs.get_mut(INT_OR_STRING_DEF) {
            *int_or_string = json!({ "type": ["integer", "string"] });
        }
    }
    harden(schema);
}

fn harden(schema: &mut Value) {
    let Value::Object(object) = schema else { return };
    object.remove("description");
    object.remove("title");
    hoist_optional(object);
    drop_null_type(object);
    collapse_constants(object);
    if object.get("format").and_then(Value::as_str) == Some("int32") {
        object.entry("minimum").or_insert(json!(i32::MIN));
        object.entry("maximum").or_insert(json!(i32::MAX));
    }
    let preserves_unknown =
        object.get("x-kubernetes-preserve-unknown-fields").and_then(Value::as_bool) == Some(true);
    let open_ended = ["additionalProperties", "patternProperties", "unevaluatedProperties"]
        .iter()
        .any(|keyword| object.contains_key(*keyword));
    if object.contains_key("properties") && !open_ended && !preserves_unknown {
        object.insert("additionalProperties".to_owned(), Value::Bool(false));
    }
    for (keyword, value) in object.iter_mut() {
        let keyword = keyword.as_str();
        if SCHEMA_KEYWORDS.contains(&keyword) {
            match value {
                Value::Array(items) => items.iter_mut().for_each(harden),
                _ => harden(value),
            }
        } else if SCHEMA_LIST_KEYWORDS.contains(&keyword) {
            if let Value::Array(items) = value {
                items.iter_mut().for_each(harden);
            }
        } else if SCHEMA_MAP_KEYWORDS.contains(&keyword)
            && let Value::Object(members) = value
        {
            members.values_mut().for_each(harden);
        }
    }
}

/// `anyOf: [T, {type: null}]` (an `Option<T>`) becomes `T`, merged into the schema.
fn hoist_optional(object: &mut Map<String, Value>) {
    let Some(Value::Array(alternatives)) = object.get("anyOf") else { return };
    let is_null =
        |alternative: &Value| alternative.get("type").and_then(Value::as_str) == Some("null");
    let mut rest = alternatives.iter().filter(|alternative| !is_null(alternative));
    let (Some(only), None) = (rest.next(), rest.next()) else { return };
    if alternatives.len() < 2 {
        return;
    }
    match only.clone() {
        Value::Object(inner) if inner.keys().all(|key| !object.contains_key(key)) => {
            object.remove("anyOf");
            object.extend(inner);
        }
        Value::Bool(true) => {
            object.remove("anyOf");
        }
        _ => {}
    }
}

/// `oneOf: [{const: a}, {const: b}]` (a Rust enum whose variants have doc comments) becomes
/// `enum: [a, b]`, so that a wrong value is reported with the list of allowed ones.
fn collapse_constants(object: &mut Map<String, Value>) {
    let Some(Value::Array(alternatives)) = object.get("oneOf") else { return };
    let mut values = Vec::new();
    for alternative in alternatives {
        let Value::Object(alternative) = alternative else { return };
        let only_constants = alternative
            .keys()
            .all(|key| matches!(key.as_str(), "const" | "enum" | "type" | "description" | "title"));
        if !only_constants {
            return;
        }
        match (alternative.get("const"), alternative.get("enum")) {
            (Some(constant), None) => values.push(constant.clone()),
            (None, Some(Value::Array(listed))) => values.extend(listed.iter().cloned()),
            _ => return,
        }
    }
    object.remove("oneOf");
    object.insert("enum".to_owned(), Value::Array(values));
}

/// `type: [T, "null"]` becomes `type: T`.
fn drop_null_type(object: &mut Map<String, Value>) {
    let Some(Value::Array(types)) = object.get_mut("type") else { return };
    if types.len() > 1 {
        types.retain(|ty| ty != "null");
    }
    if let [single] = types.as_slice() {
        let single = single.clone();
        object.insert("type".to_owned(), single);
    }
}

// ---------------------------------------------------------------------------------------------
// Validation and the errors it reports.
// ---------------------------------------------------------------------------------------------

/// Validates `root` and turns every schema error into a diagnostic, in source order.
fn check(compiled: &Compiled, root: &Node, display: &str) -> Vec<Diagnostic> {
    if compiled.validator.is_valid(root) {
        return Vec::new();
    }
    let mut diagnostics: Vec<Diagnostic> = compiled
        .validator
        .iter_errors(root)
        .flat_map(|error| describe(&error, compiled, root, display))
        .collect();
    diagnostics
        .sort_by_key(|diagnostic| diagnostic.primary_span().map(|span| (span.start, span.end)));
    diagnostics.dedup();
    diagnostics
}

/// The diagnostics for one schema error.
fn describe(
    error: &ValidationError<'_>,
    compiled: &Compiled,
    root: &Node,
    display: &str,
) -> Vec<Diagnostic> {
    use jsonschema::error::{TypeKind, ValidationErrorKind as Kind};

    let pointer = error.instance_path().as_str();
    let node = root.pointer(pointer).unwrap_or(root);
    let path = Path::new(root, pointer);
    match error.kind() {
        Kind::AdditionalProperties { unexpected } | Kind::UnevaluatedProperties { unexpected } => {
            let schema_pointer = error.schema_path().as_str();
            let parent = schema_pointer.rsplit_once('/').map_or("", |(parent, _)| parent);
            let known: Vec<&str> = compiled
                .schema
                .pointer(parent)
                .and_then(|schema| schema.get("properties"))
                .and_then(Value::as_object)
                .map(|properties| properties.keys().map(String::as_str).collect())
                .unwrap_or_default();
            unexpected
                .iter()
                .map(|field| {
                    let key = node.entries().iter().find(|(key, _)| key.text == *field);
                    let span = key.map_or(node.span, |(key, _)| key.span);
                    let suggestion = closest(field, known.iter().copied());
                    errors::unknown_field(span, field, &path.container(display), suggestion)
                })
                .collect()
        }
        Kind::Required { property } => {
            let field = property.as_str().unwrap_or_default();
            let span = holder_span(root, pointer);
            vec![errors::missing_field(
                span,
                field,
                &path.container(display),
                &path.holder(display),
            )]
        }
        Kind::Type { kind } => {
            let expected: Vec<JsonType> = match kind {
                TypeKind::Single(ty) => vec![*ty],
                TypeKind::Multiple(types) => types.iter().collect(),
            };
            let span = value_span(root, pointer);
            vec![errors::wrong_type(span, &path.relative(display), &expected, node)]
        }
        Kind::Pattern { pattern } if pattern == QUANTITY_PATTERN => {
            let written = node.as_str().unwrap_or_default();
            vec![errors::bad_quantity(node.span, written, &path.relative(display))]
        }
        Kind::Enum { options } => {
            let options: Vec<&str> = options
                .as_array()
                .map(|items| items.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            vec![errors::not_one_of(node.span, node, &path.relative(display), &options)]
        }
        Kind::Minimum { limit } | Kind::ExclusiveMinimum { limit } => {
            vec![errors::out_of_range(node.span, node, &path.relative(display), "at least", limit)]
        }
        Kind::Maximum { limit } | Kind::ExclusiveMaximum { limit } => {
            vec![errors::out_of_range(node.span, node, &path.relative(display), "at most", limit)]
        }
        _ => vec![errors::other(
            value_span(root, pointer),
            &error.to_string(),
            &path.relative(display),
        )],
    }
}

/// The span to label when a whole mapping or list is at fault: the key that holds it, or for
/// list items and the root, its first key; a scalar's own span otherwise.
fn value_span(root: &Node, pointer: &str) -> Span {
    match root.pointer(pointer) {
        Some(node) if matches!(node.value, NodeValue::Map(_) | NodeValue::Seq(_)) => {
            holder_span(root, pointer)
        }
        Some(node) => node.span,
        None => root.span_at(pointer),
    }
}

/// The key under which the node at `pointer` is written (its first key for list items; the
/// `kind` value for the root).
fn holder_span(root: &Node, pointer: &str) -> Span {
    if pointer.is_empty() {
        return match (root.get("kind"), root.entries().first()) {
            (Some(kind), _) => kind.span,
            (None, Some((key, _))) => key.span,
            (None, None) => root.span,
        };
    }
    let (parent, last) = pointer.rsplit_once('/').unwrap_or(("", pointer));
    let last = unescape(last);
    if let Some(parent) = root.pointer(parent)
        && let Some((key, _)) = parent.entries().iter().find(|(key, _)| key.text == last)
    {
        return key.span;
    }
    let node = root.pointer(pointer).unwrap_or(root);
    node.entries().first().map_or(node.span, |(key, _): &(Key, Node)| key.span)
}

fn unescape(segment: &str) -> Cow<'_, str> {
    if segment.contains('~') {
        Cow::Owned(segment.replace("~1", "/").replace("~0", "~"))
    } else {
        Cow::Borrowed(segment)
    }
}

/// A JSON pointer into a document, written for people: `spec.template.spec.containers[0]`.
struct Path {
    /// Each step: a field name or a list index.
    steps: Vec<Step>,
}

enum Step {
    Field(String),
    Index(String),
}

impl Path {
    fn new(root: &Node, pointer: &str) -> Self {
        let mut node = Some(root);
        let mut steps = Vec::new();
        for segment in pointer.split('/').skip(1) {
            let segment = unescape(segment).into_owned();
            let is_list = node.is_some_and(|node| matches!(node.value, NodeValue::Seq(_)));
            node = node.and_then(|node| match &node.value {
                NodeValue::Seq(items) => {
                    segment.parse::<usize>().ok().and_then(|index| items.get(index))
                }
                NodeValue::Map(_) => node.get(&segment),
                _ => None,
            });
            steps.push(if is_list { Step::Index(segment) } else { Step::Field(segment) });
        }
        Self { steps }
    }

    fn render(steps: &[Step]) -> String {
        let mut text = String::new();
        for step in steps {
            match step {
                Step::Index(index) => {
                    text.push('[');
                    text.push_str(index);
                    text.push(']');
                }
                Step::Field(name) if is_plain_name(name) => {
                    if !text.is_empty() {
                        text.push('.');
                    }
                    text.push_str(name);
                }
                Step::Field(name) => {
                    text.push_str("[\"");
                    text.push_str(name);
                    text.push_str("\"]");
                }
            }
        }
        text
    }

    /// The path from the document root (`spec.replicas`), or the kind for the root itself.
    fn relative(&self, display: &str) -> String {
        if self.steps.is_empty() { display.to_owned() } else { Self::render(&self.steps) }
    }

    /// The path with the kind in front (`Service.spec`), for the mapping an error is in.
    fn container(&self, display: &str) -> String {
        let rendered = Self::render(&self.steps);
        match rendered.chars().next() {
            None => display.to_owned(),
            Some('[') => format!("{display}{rendered}"),
            Some(_) => format!("{display}.{rendered}"),
        }
    }

    /// How the label names the mapping: "this `spec`", "this item", "this `Deployment`".
    fn holder(&self, display: &str) -> String {
        match self.steps.last() {
            None => format!("this `{display}`"),
            Some(Step::Index(_)) => "this item".to_owned(),
            Some(Step::Field(name)) => format!("this `{name}`"),
        }
    }
}

fn is_plain_name(name: &str) -> bool {
    !name.is_empty()
        && name.chars().all(|character| character.is_alphanumeric() || "_-".contains(character))
}

/// Whether a string is a Kubernetes quantity (the grammar of [`QUANTITY_PATTERN`]).
fn is_quantity(text: &str) -> bool {
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let number_end =
        unsigned.find(|character: char| !(character.is_ascii_digit() || character == '.'));
    let (number, suffix) = unsigned.split_at(number_end.unwrap_or(unsigned.len()));
    let digits = |part: &str| part.bytes().all(|byte| byte.is_ascii_digit());
    let number_ok = match number.split_once('.') {
        Some(("", fraction)) => !fraction.is_empty() && digits(fraction),
        Some((whole, fraction)) => digits(whole) && digits(fraction),
        None => !number.is_empty() && digits(number),
    };
    let suffix_ok = match suffix {
        "" | "Ki" | "Mi" | "Gi" | "Ti" | "Pi" | "Ei" | "n" | "u" | "m" | "k" | "M" | "G" | "T"
        | "P" | "E" => true,
        _ => suffix.strip_prefix(['e', 'E']).is_some_and(|exponent| {
            let exponent = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
            !exponent.is_empty() && digits(exponent)
        }),
    };
    number_ok && suffix_ok
}

/// The quantity a malformed one most likely meant: `1GB` → `1Gi`, `512mi` → `512Mi`.
fn suggest_quantity(written: &str) -> Option<String> {
    let compact: String = written.chars().filter(|character| !character.is_whitespace()).collect();
    let without_bytes = compact.strip_suffix(['B', 'b']).unwrap_or(&compact);
    let number_end = without_bytes
        .find(|character: char| !(character.is_ascii_digit() || "+-.".contains(character)))
        .unwrap_or(without_bytes.len());
    let (number, suffix) = without_bytes.split_at(number_end);
    let binary = match suffix.to_ascii_lowercase().as_str() {
        "" => String::new(),
        "k" | "ki" => "Ki".to_owned(),
        "m" | "mi" => "Mi".to_owned(),
        "g" | "gi" => "Gi".to_owned(),
        "t" | "ti" => "Ti".to_owned(),
        "p" | "pi" => "Pi".to_owned(),
        "e" | "ei" => "Ei".to_owned(),
        _ => return None,
    };
    let candidate = format!("{number}{binary}");
    (candidate != written && is_quantity(&candidate)).then_some(candidate)
}

/// The diagnostics of this module, worded in one place.
mod errors {
    use serde_json::Value;

    use super::{JsonType, Node, NodeValue, suggest_quantity};
    use crate::diagnostics::{Code, Diagnostic, closest};
    use crate::source::Span;

    pub(super) fn not_a_mapping(root: &Node) -> Diagnostic {
        let found = describe_value(root);
        Diagnostic::error(Code::NotAnObject, "this YAML document is not a Kubernetes object")
            .with_label(first_line(root), format!("{found}, not a mapping"))
            .with_help("a manifest is a mapping with `apiVersion`, `kind` and `metadata`")
    }

    pub(super) fn not_an_object(root: &Node) -> Diagnostic {
        let has = |field: &str| root.get(field).and_then(Node::as_str).is_some();
        let missing = match (has("apiVersion"), has("kind")) {
            (false, false) => "`apiVersion` and `kind`",
            (false, true) => "`apiVersion`",
            _ => "`kind`",
        };
        Diagnostic::error(Code::NotAnObject, format!("this YAML document has no {missing}"))
            .with_label(first_line(root), "not a Kubernetes object")
            .with_help(format!("add {missing}, or leave this file out of the checked paths"))
    }

    pub(super) fn unknown_version(
        span: Span,
        api_version: &str,
        kind: &str,
        known: &str,
    ) -> Diagnostic {
        Diagnostic::error(
            Code::SchemaViolation,
            format!("`{kind}` is not served as `{api_version}`"),
        )
        .with_label(span, format!("timon knows `{kind}` as `{known}`"))
        .with_help(format!("use `apiVersion: {known}`"))
    }

    pub(super) fn unknown_field(
        span: Span,
        field: &str,
        container: &str,
        suggestion: Option<&str>,
    ) -> Diagnostic {
        let help = match suggestion {
            Some(suggestion) => format!("did you mean `{suggestion}`?"),
            None => "remove it".to_owned(),
        };
        Diagnostic::error(
            Code::SchemaViolation,
            format!("unknown field `{field}` in `{container}`"),
        )
        .with_label(span, "unknown field")
        .with_help(help)
    }

    pub(super) fn missing_field(
        span: Span,
        field: &str,
        container: &str,
        holder: &str,
    ) -> Diagnostic {
        Diagnostic::error(
            Code::SchemaViolation,
            format!("missing required field `{field}` in `{container}`"),
        )
        .with_label(span, format!("{holder} has no `{field}`"))
        .with_help(format!("add `{field}`"))
    }

    pub(super) fn wrong_type(
        span: Span,
        path: &str,
        expected: &[JsonType],
        node: &Node,
    ) -> Diagnostic {
        let expected_text =
            expected.iter().map(|ty| type_name(*ty)).collect::<Vec<_>>().join(" or ");
        let found = describe_value(node);
        let wants = |ty: JsonType| expected.contains(&ty);
        let help = match &node.value {
            NodeValue::Str(text) if (wants(JsonType::Integer) || wants(JsonType::Number)) && text.trim().parse::<f64>().is_ok() => {
                format!("remove the quotes: `{}`", text.trim())
            }
            NodeValue::Bool(_) | NodeValue::Int(_) | NodeValue::Float(_) if wants(JsonType::String) => {
                "quote the value: unquoted `yes`, `no`, `on`, `off` and numbers are not strings in YAML".to_owned()
            }
            NodeValue::Null if wants(JsonType::String) => "write a value, or remove the field".to_owned(),
            NodeValue::Seq(_) if wants(JsonType::Object) => "write `field: value` lines here, not `- ` items".to_owned(),
            NodeValue::Map(_) if wants(JsonType::Array) => "write the items as a list, each starting with `- `".to_owned(),
            _ if wants(JsonType::Object) => "indent the fields of this mapping under its key".to_owned(),
            _ => format!("write {expected_text}"),
        };
        Diagnostic::error(
            Code::SchemaViolation,
            format!("expected {expected_text} at `{path}`, found {found}"),
        )
        .with_label(span, found)
        .with_help(help)
    }

    pub(super) fn bad_quantity(span: Span, written: &str, path: &str) -> Diagnostic {
        let help = match suggest_quantity(written) {
            Some(suggestion) => format!("did you mean `{suggestion}`?"),
            None => "write a number with a unit suffix, e.g. `512Mi`, `1Gi` or `250m`".to_owned(),
        };
        Diagnostic::error(
            Code::SchemaViolation,
            format!("`{written}` is not a Kubernetes quantity"),
        )
        .with_label(span, format!("`{path}` must be a quantity"))
        .with_help(help)
        .with_note(
            "suffixes are `Ki` `Mi` `Gi` `Ti` `Pi` `Ei` (powers of 1024), `m` `k` `M` `G` `T` `P` \
                 `E` (powers of 1000) or an exponent such as `e3`",
        )
    }

    pub(super) fn not_one_of(span: Span, node: &Node, path: &str, options: &[&str]) -> Diagnostic {
        let written =
            node.as_str().map_or_else(|| describe_value(node), |text| format!("`{text}`"));
        let listed =
            options.iter().map(|option| format!("`{option}`")).collect::<Vec<_>>().join(", ");
        let help = match node.as_str().and_then(|text| closest(text, options.iter().copied())) {
            Some(suggestion) => format!("did you mean `{suggestion}`?"),
            None => format!("use one of {listed}"),
        };
        Diagnostic::error(Code::SchemaViolation, format!("unexpected value {written} at `{path}`"))
            .with_label(span, format!("expected one of {listed}"))
            .with_help(help)
    }

    pub(super) fn out_of_range(
        span: Span,
        node: &Node,
        path: &str,
        bound: &str,
        limit: &Value,
    ) -> Diagnostic {
        let written = node.to_json();
        Diagnostic::error(Code::SchemaViolation, format!("`{written}` is out of range at `{path}`"))
            .with_label(span, format!("must be {bound} {limit}"))
            .with_help(format!("use a value {bound} {limit}"))
    }

    pub(super) fn other(span: Span, message: &str, path: &str) -> Diagnostic {
        let mut message = message.to_owned();
        if let Some(first) = message.get(..1) {
            message.replace_range(..1, &first.to_lowercase());
        }
        Diagnostic::error(Code::SchemaViolation, format!("invalid value at `{path}`: {message}"))
            .with_label(span, "rejected by the schema")
            .with_help("check this value against the kind's documentation")
    }

    fn type_name(ty: JsonType) -> &'static str {
        match ty {
            JsonType::Array => "a list",
            JsonType::Boolean => "a boolean",
            JsonType::Integer => "an integer",
            JsonType::Null => "null",
            JsonType::Number => "a number",
            JsonType::Object => "a mapping",
            JsonType::String => "a string",
        }
    }

    fn describe_value(node: &Node) -> String {
        match node.value {
            NodeValue::Null => "null",
            NodeValue::Bool(_) => "a boolean",
            NodeValue::Int(_) => "an integer",
            NodeValue::Float(_) => "a number",
            NodeValue::Str(_) => "a string",
            NodeValue::Seq(_) => "a list",
            NodeValue::Map(_) => "a mapping",
        }
        .to_owned()
    }

    /// A short span at the start of a node, for labels on whole documents.
    fn first_line(node: &Node) -> Span {
        match &node.value {
            NodeValue::Map(entries) => entries.first().map_or(node.span, |(key, _)| key.span),
            NodeValue::Seq(items) => items.first().map_or(node.span, first_line),
            _ => node.span,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The manifest tree as a `jsonschema` instance.
// ---------------------------------------------------------------------------------------------

/// The [`Node`] tree seen by `jsonschema`, validated in place. A `null` member of a mapping is
/// hidden, so it counts as absent, as the API server counts it.
struct Tree;

/// Scratch space for the property names `jsonschema` validates as strings.
struct NameBuffer(Node);

impl Default for NameBuffer {
    fn default() -> Self {
        Self(Node { value: NodeValue::Null, span: Span::default() })
    }
}

impl Json for Tree {
    type Node<'a> = &'a Node;
    type PreparedKey = String;
    type StringBuffer = NameBuffer;

    /// Lookups scan the entries, so a scan of the members is preferred for `required`.
    const KEYS_PER_LOOKUP: usize = 8;

    fn prepare_key(key: &str) -> String {
        key.to_owned()
    }

    fn with_string_node<T>(buffer: &mut NameBuffer, string: &str, f: impl FnOnce(&Node) -> T) -> T {
        buffer.0.value = NodeValue::Str(string.to_owned());
        f(&buffer.0)
    }
}

/// A number of the tree.
#[derive(Clone, Copy)]
enum Number {
    Int(i64),
    Float(f64),
}

impl JsonNumber for Number {
    fn as_u64(&self) -> Option<u64> {
        match *self {
            Number::Int(integer) => u64::try_from(integer).ok(),
            Number::Float(_) => None,
        }
    }

    fn as_i64(&self) -> Option<i64> {
        match *self {
            Number::Int(integer) => Some(integer),
            Number::Float(_) => None,
        }
    }

    #[allow(clippy::cast_precision_loss, reason = "JSON Schema compares numbers as floats")]
    fn as_f64(&self) -> Option<f64> {
        match *self {
            Number::Int(integer) => Some(integer as f64),
            Number::Float(float) => Some(float),
        }
    }

    fn as_str(&self) -> Cow<'_, str> {
        match *self {
            Number::Int(integer) => Cow::Owned(integer.to_string()),
            Number::Float(float) => Cow::Owned(float.to_string()),
        }
    }

    fn to_number(&self) -> Cow<'_, serde_json::Number> {
        Cow::Owned(match *self {
            Number::Int(integer) => serde_json::Number::from(integer),
            Number::Float(float) => {
                serde_json::Number::from_f64(float).unwrap_or_else(|| serde_json::Number::from(0))
            }
        })
    }

    fn is_integer(&self) -> bool {
        match *self {
            Number::Int(_) => true,
            Number::Float(float) => float.is_finite() && float.fract() == 0.0,
        }
    }

    fn is_written_as_integer(&self) -> bool {
        matches!(self, Number::Int(_))
    }
}

impl<'a> JsonNode<'a, Tree> for &'a Node {
    type Object = Members<'a>;
    type Array = &'a [Node];
    type Number = Number;

    fn as_object(&self) -> Option<Members<'a>> {
        match &self.value {
            NodeValue::Map(entries) => Some(Members(entries)),
            _ => None,
        }
    }

    fn as_array(&self) -> Option<&'a [Node]> {
        match &self.value {
            NodeValue::Seq(items) => Some(items),
            _ => None,
        }
    }

    fn as_string(&self) -> Option<Cow<'a, str>> {
        match &self.value {
            NodeValue::Str(text) => Some(Cow::Borrowed(text)),
            _ => None,
        }
    }

    fn as_number(&self) -> Option<Number> {
        match self.value {
            NodeValue::Int(integer) => Some(Number::Int(integer)),
            NodeValue::Float(float) => Some(Number::Float(float)),
            _ => None,
        }
    }

    fn as_boolean(&self) -> Option<bool> {
        match self.value {
            NodeValue::Bool(flag) => Some(flag),
            _ => None,
        }
    }

    fn is_null(&self) -> bool {
        matches!(self.value, NodeValue::Null)
    }

    fn json_type(&self) -> JsonType {
        match self.value {
            NodeValue::Null => JsonType::Null,
            NodeValue::Bool(_) => JsonType::Boolean,
            NodeValue::Int(_) | NodeValue::Float(_) => JsonType::Number,
            NodeValue::Str(_) => JsonType::String,
            NodeValue::Seq(_) => JsonType::Array,
            NodeValue::Map(_) => JsonType::Object,
        }
    }

    fn to_value(&self) -> Cow<'a, Value> {
        Cow::Owned(self.to_json())
    }

    fn identity(&self) -> Option<NodeIdentity> {
        Some(NodeIdentity::new(std::ptr::from_ref::<Node>(self) as usize))
    }
}

/// The non-null entries of a mapping.
#[derive(Clone, Copy)]
struct Members<'a>(&'a [(Key, Node)]);

/// Iterates over the non-null entries of a mapping.
struct MembersIter<'a>(std::slice::Iter<'a, (Key, Node)>);

impl<'a> Iterator for MembersIter<'a> {
    type Item = (&'a str, &'a Node);

    fn next(&mut self) -> Option<Self::Item> {
        self.0
            .by_ref()
            .find(|(_, value)| value.value != NodeValue::Null)
            .map(|(key, value)| (key.text.as_str(), value))
    }
}

impl<'a> Object<'a, Tree> for Members<'a> {
    type Node = &'a Node;
    type MemberName = &'a str;
    type MembersIter = MembersIter<'a>;

    fn len(&self) -> usize {
        self.0.iter().filter(|(_, value)| value.value != NodeValue::Null).count()
    }

    fn get(&self, key: &String) -> Option<&'a Node> {
        self.0
            .iter()
            .find(|(candidate, value)| candidate.text == *key && value.value != NodeValue::Null)
            .map(|(_, value)| value)
    }

    fn members(&self) -> MembersIter<'a> {
        MembersIter(self.0.iter())
    }
}

impl<'a> Array<'a, Tree> for &'a [Node] {
    type Node = &'a Node;
    type ElementsIter = std::slice::Iter<'a, Node>;

    fn len(&self) -> usize {
        <[Node]>::len(self)
    }

    fn elements(&self) -> std::slice::Iter<'a, Node> {
        self.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::yaml;
    use crate::source::SourceId;

    fn document(text: &str) -> Document {
        let parsed = yaml::parse(SourceId(0), text);
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        parsed.documents.into_iter().next().expect("one document")
    }

    /// Every schema error of `text`: (message, text under the primary label, help).
    fn errors_of(text: &str) -> Vec<(String, String, String)> {
        let diagnostics = match validate(&document(text)) {
            SchemaResult::Valid => Vec::new(),
            SchemaResult::Invalid(diagnostics) => diagnostics,
            SchemaResult::NoSchema { api_version, kind } => {
                panic!("no schema for {api_version} {kind}")
            }
        };
        render(text, &diagnostics)
    }

    fn render(text: &str, diagnostics: &[Diagnostic]) -> Vec<(String, String, String)> {
        diagnostics
            .iter()
            .map(|diagnostic| {
                let span = diagnostic.primary_span().expect("a label");
                let labelled = text[span.start as usize..span.end as usize].to_owned();
                (diagnostic.message.clone(), labelled, diagnostic.help.clone().unwrap_or_default())
            })
            .collect()
    }

    /// Checks that the first error of `text` has this message, labelled text and help.
    fn check(text: &str, expected: (&str, &str, &str)) {
        let found = errors_of(text);
        assert_eq!(found.len(), 1, "{text}\n{found:#?}");
        let (message, labelled, help) = &found[0];
        assert_eq!((message.as_str(), labelled.as_str(), help.as_str()), expected, "{text}");
    }

    const DEPLOYMENT: &str = "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  labels: {app: web, tier: frontend}
  annotations:
    timon.dev/allow-image-tag-latest: \"pinned by digest upstream\"
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  strategy:
    type: RollingUpdate
    rollingUpdate: {maxSurge: 25%, maxUnavailable: 0}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:1.27.0
          ports:
            - {name: http, containerPort: 8080, protocol: TCP}
          env:
            - {name: MODE, value: \"production\"}
          resources:
            requests: {cpu: 250m, memory: 256Mi}
            limits: {cpu: 1, memory: 1Gi, ephemeral-storage: 2e9}
          readinessProbe:
            httpGet: {path: /healthz, port: http}
          livenessProbe:
            tcpSocket: {port: 8080}
      volumes:
        - name: cache
          emptyDir: {sizeLimit: 500Mi}
        - name: config
          configMap: {name: web-config, defaultMode: 0644}
";

    #[test]
    fn a_seed_like_deployment_is_valid() {
        assert_eq!(validate(&document(DEPLOYMENT)), SchemaResult::Valid);
        let with_nulls = DEPLOYMENT
            .replace("  replicas: 2\n", "  replicas: 2\n  paused: ~\n  minReadySeconds:\n");
        assert_eq!(
            validate(&document(&with_nulls)),
            SchemaResult::Valid,
            "null members count as absent"
        );
    }

    #[test]
    fn deployment_errors() {
        check(
            &DEPLOYMENT.replace("  replicas: 2", "  replica: 2"),
            ("unknown field `replica` in `Deployment.spec`", "replica", "did you mean `replicas`?"),
        );
        check(
            &DEPLOYMENT.replace("  replicas: 2", "  replicas: \"2\""),
            (
                "expected an integer at `spec.replicas`, found a string",
                "\"2\"",
                "remove the quotes: `2`",
            ),
        );
        check(
            &DEPLOYMENT.replace("      containers:", "      sidecars: []\n      containers:"),
            (
                "unknown field `sidecars` in `Deployment.spec.template.spec`",
                "sidecars",
                "remove it",
            ),
        );
        let missing = errors_of(&DEPLOYMENT.replace("      containers:", "      containerz:"));
        assert!(
            missing.contains(&(
                "missing required field `containers` in `Deployment.spec.template.spec`".to_owned(),
                "spec".to_owned(),
                "add `containers`".to_owned()
            )),
            "{missing:#?}"
        );
        check(
            &DEPLOYMENT.replace("memory: 1Gi", "memory: 1GB"),
            ("`1GB` is not a Kubernetes quantity", "1GB", "did you mean `1Gi`?"),
        );
        check(
            &DEPLOYMENT.replace("sizeLimit: 500Mi", "sizeLimit: 500 megs"),
            (
                "`500 megs` is not a Kubernetes quantity",
                "500 megs",
                "write a number with a unit suffix, e.g. `512Mi`, `1Gi` or `250m`",
            ),
        );
    }

    #[test]
    fn quantities_follow_the_kubernetes_grammar() {
        for good in [
            "1", "0.5", ".5", "1.", "+1", "-1", "250m", "1Gi", "1e3", "1E+3", "2Ei", "1n", "1u",
            "12k",
        ] {
            assert!(is_quantity(good), "{good}");
            let text = DEPLOYMENT.replace("memory: 1Gi", &format!("memory: \"{good}\""));
            assert_eq!(validate(&document(&text)), SchemaResult::Valid, "{good}");
        }
        for bad in ["1GB", "1K", "1gi", "", "1.2.3", "Gi", "1 Gi", "1e", "0x10", "1mi"] {
            assert!(!is_quantity(bad), "{bad}");
            let text = DEPLOYMENT.replace("memory: 1Gi", &format!("memory: \"{bad}\""));
            assert!(matches!(validate(&document(&text)), SchemaResult::Invalid(_)), "{bad}");
        }
        assert_eq!(suggest_quantity("512MiB").as_deref(), Some("512Mi"));
        assert_eq!(suggest_quantity("2gb").as_deref(), Some("2Gi"));
        assert_eq!(suggest_quantity("1K").as_deref(), Some("1Ki"));
        assert_eq!(suggest_quantity("lots"), None);
    }

    const SERVICE: &str = "\
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports:
    - {name: http, port: 80, targetPort: http}
    - {name: admin, port: 81, targetPort: 9090}
";

    #[test]
    fn service_errors() {
        assert_eq!(validate(&document(SERVICE)), SchemaResult::Valid);
        check(
            &SERVICE.replace("  ports:", "  portz:"),
            ("unknown field `portz` in `Service.spec`", "portz", "did you mean `ports`?"),
        );
        check(
            &SERVICE.replace("port: 81", "port: eighty-one"),
            (
                "expected an integer at `spec.ports[1].port`, found a string",
                "eighty-one",
                "write an integer",
            ),
        );
        check(
            &SERVICE.replace("targetPort: 9090", "targetPort: [9090]"),
            (
                "expected an integer or a string at `spec.ports[1].targetPort`, found a list",
                "targetPort",
                "write an integer or a string",
            ),
        );
        check(
            &SERVICE.replace(
                "{name: admin, port: 81, targetPort: 9090}",
                "{name: admin, targetPort: 9090}",
            ),
            ("missing required field `port` in `Service.spec.ports[1]`", "name", "add `port`"),
        );
        check(
            &SERVICE.replace("port: 80,", "port: 3000000000,"),
            (
                "`3000000000` is out of range at `spec.ports[0].port`",
                "3000000000",
                "use a value at most 2147483647",
            ),
        );
        check(
            &SERVICE
                .replace("metadata: {name: web}", "metadata: {name: web, labels: {enabled: yes}}"),
            (
                "expected a string at `metadata.labels.enabled`, found a boolean",
                "yes",
                "quote the value: unquoted `yes`, `no`, `on`, `off` and numbers are not strings in YAML",
            ),
        );
        check(
            &SERVICE.replace(
                "metadata: {name: web}",
                "metadata: {name: web, labels: {app.kubernetes.io/version: 1.10}}",
            ),
            (
                "expected a string at `metadata.labels[\"app.kubernetes.io/version\"]`, found a number",
                "1.10",
                "quote the value: unquoted `yes`, `no`, `on`, `off` and numbers are not strings in YAML",
            ),
        );
    }

    fn ingress_route(api_version: &str) -> String {
        format!(
            "\
apiVersion: {api_version}
kind: IngressRoute
metadata: {{name: web}}
spec:
  entryPoints: [websecure]
  routes:
    - match: Host(`shop.example.com`)
      kind: Rule
      middlewares: [{{name: compress}}]
      services:
        - {{name: web, port: 80}}
  tls: {{secretName: shop-tls}}
"
        )
    }

    #[test]
    fn traefik_errors_in_both_groups() {
        for group in [TRAEFIK_IO, TRAEFIK_CONTAINOUS] {
            let route = ingress_route(group);
            assert_eq!(validate(&document(&route)), SchemaResult::Valid, "{group}");
            check(
                &route.replace("entryPoints", "entrypoints"),
                (
                    "unknown field `entrypoints` in `IngressRoute.spec`",
                    "entrypoints",
                    "did you mean `entryPoints`?",
                ),
            );
            check(
                &route.replace("secretName: shop-tls", "secretNam: shop-tls"),
                (
                    "unknown field `secretNam` in `IngressRoute.spec.tls`",
                    "secretNam",
                    "did you mean `secretName`?",
                ),
            );
            check(
                &route.replace("port: 80", "port: {number: 80}"),
                (
                    "expected an integer or a string at `spec.routes[0].services[0].port`, found a mapping",
                    "port",
                    "write an integer or a string",
                ),
            );
            let missing = errors_of(
                &route
                    .replace("    - match: Host(`shop.example.com`)\n", "    - kind: Rule\n")
                    .replacen("      kind: Rule\n", "", 1),
            );
            assert!(
                missing.iter().any(|(message, labelled, _)| message
                    == "missing required field `match` in `IngressRoute.spec.routes[0]`"
                    && labelled == "kind"),
                "{missing:#?}"
            );
        }
    }

    const POOL: &str = "\
apiVersion: ceph.rook.io/v1
kind: CephBlockPool
metadata: {name: replicated, namespace: rook-ceph}
spec:
  failureDomain: host
  replicated:
    size: 3
    requireSafeReplicaSize: true
";

    #[test]
    fn ceph_block_pool_errors() {
        assert_eq!(validate(&document(POOL)), SchemaResult::Valid);
        check(
            &POOL.replace("failureDomain", "failureDomian"),
            (
                "unknown field `failureDomian` in `CephBlockPool.spec`",
                "failureDomian",
                "did you mean `failureDomain`?",
            ),
        );
        check(
            &POOL.replace("size: 3", "size: three"),
            (
                "expected an integer at `spec.replicated.size`, found a string",
                "three",
                "write an integer",
            ),
        );
        check(
            &POOL.replace("size: 3", "size: -1"),
            ("`-1` is out of range at `spec.replicated.size`", "-1", "use a value at least 0"),
        );
        let missing = errors_of(&POOL.replace("    size: 3\n", ""));
        assert_eq!(
            missing,
            [(
                "missing required field `size` in `CephBlockPool.spec.replicated`".to_owned(),
                "replicated".to_owned(),
                "add `size`".to_owned()
            )]
        );
        let erasure_coded = POOL.replace(
            "  replicated:\n    size: 3\n    requireSafeReplicaSize: true\n",
            "  erasureCoded: {dataChunks: 2, codingChunks: 1, stripeUnit: 4KB}\n",
        );
        check(&erasure_coded, ("`4KB` is not a Kubernetes quantity", "4KB", "did you mean `4Ki`?"));
        let filesystem = "apiVersion: ceph.rook.io/v1\nkind: CephFilesystem\nmetadata: {name: fs}\n\
                          spec:\n  metadataPool: {replicated: {size: 3}}\n  \
                          dataPools: [{name: data0, replicated: {size: 3}}]\n  \
                          metadataServer: {activeCount: 1, resources: {limits: {memory: 4 GiB}}}\n";
        check(filesystem, ("`4 GiB` is not a Kubernetes quantity", "4 GiB", "did you mean `4Gi`?"));
    }

    const CLUSTER: &str = "\
kubernetes_version: v1.28.9-rancher1-1
nodes:
  - address: 10.0.0.1
    user: rancher
    role: [controlplane, etcd, worker]
services:
  etcd:
    snapshot: true
    retention: 24h
  kube-api:
    service_cluster_ip_range: 10.43.0.0/16
network:
  plugin: canal
";

    fn rke_errors(text: &str) -> Vec<(String, String, String)> {
        render(text, &validate_rke(&document(text)))
    }

    #[test]
    fn rke_cluster_errors() {
        assert_eq!(rke_errors(CLUSTER), []);
        assert_eq!(
            rke_errors(&CLUSTER.replace("kubernetes_version", "kubernetes_verison")),
            [(
                "unknown field `kubernetes_verison` in `cluster.yml`".to_owned(),
                "kubernetes_verison".to_owned(),
                "did you mean `kubernetes_version`?".to_owned()
            )]
        );
        assert_eq!(
            rke_errors(&CLUSTER.replace("snapshot: true", "snapshot: [true]")),
            [(
                "expected a boolean at `services.etcd.snapshot`, found a list".to_owned(),
                "snapshot".to_owned(),
                "write a boolean".to_owned()
            )]
        );
        assert_eq!(
            rke_errors(&CLUSTER.replace("etcd, worker]", "etcd, master]")),
            [(
                "unexpected value `master` at `nodes[0].role[2]`".to_owned(),
                "master".to_owned(),
                "use one of `controlplane`, `etcd`, `worker`".to_owned()
            )]
        );
        let missing = rke_errors(
            &CLUSTER
                .replace("    user: rancher\n", "")
                .replace("  - address: 10.0.0.1\n", "  - port: \"22\"\n"),
        );
        assert!(
            missing.iter().any(|(message, labelled, _)| message
                == "missing required field `address` in `cluster.yml.nodes[0]`"
                && labelled == "port"),
            "{missing:#?}"
        );
    }

    #[test]
    fn documents_without_a_schema_or_kind() {
        let crd = "apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata: {name: x}\nspec: {anything: goes}\n";
        assert_eq!(
            validate(&document(crd)),
            SchemaResult::NoSchema {
                api_version: "cert-manager.io/v1".to_owned(),
                kind: "Certificate".to_owned()
            }
        );
        let knative = "apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata: {name: x}\n";
        assert!(matches!(validate(&document(knative)), SchemaResult::NoSchema { .. }));
        let cases = [
            (
                "metadata: {name: x}\nspec: {}\n",
                "this YAML document has no `apiVersion` and `kind`",
                "metadata",
            ),
            (
                "apiVersion: v1\nmetadata: {name: x}\n",
                "this YAML document has no `kind`",
                "apiVersion",
            ),
            ("- a\n- b\n", "this YAML document is not a Kubernetes object", "a"),
        ];
        for (text, message, labelled) in cases {
            let SchemaResult::Invalid(diagnostics) = validate(&document(text)) else {
                panic!("{text}")
            };
            assert_eq!(diagnostics.len(), 1);
            assert_eq!(diagnostics[0].code, Code::NotAnObject.as_str());
            assert_eq!(render(text, &diagnostics)[0].0, message);
            assert_eq!(render(text, &diagnostics)[0].1, labelled);
        }
        let old = "apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata: {name: x}\n";
        let SchemaResult::Invalid(diagnostics) = validate(&document(old)) else { panic!() };
        assert_eq!(
            render(old, &diagnostics),
            [(
                "`Deployment` is not served as `extensions/v1beta1`".to_owned(),
                "extensions/v1beta1".to_owned(),
                "use `apiVersion: apps/v1`".to_owned()
            )]
        );
    }

    #[test]
    fn every_schema_compiles_and_accepts_a_minimal_object() {
        for entry in KINDS {
            assert!(
                COMPILED.iter().zip(KINDS).any(|(slot, candidate)| std::ptr::eq(candidate, entry)
                    && slot.get_or_init(|| compile(entry.schema)).is_some()),
                "{} {} does not compile",
                entry.api_version,
                entry.kind
            );
            let text = format!(
                "apiVersion: {}\nkind: {}\nmetadata: {{name: x}}\n",
                entry.api_version, entry.kind
            );
            // Kinds with a required spec report only that; none reports anything else.
            if let SchemaResult::Invalid(diagnostics) = validate(&document(&text)) {
                for diagnostic in &diagnostics {
                    assert!(
                        diagnostic.message.starts_with("missing required field"),
                        "{}: {}",
                        entry.kind,
                        diagnostic.message
                    );
                }
            }
        }
        assert!(has_schema("apps/v1", "Deployment"));
        assert!(prepare("apps/v1", "Deployment"));
        assert!(!prepare("example.com/v1", "Widget"));
        assert!(!has_schema("apps/v1", "Deploymnt"));
    }

    #[test]
    fn strictness_is_injected_only_where_fields_are_listed() {
        let mut schema = json!({
            "$defs": {
                "Strict": {"type": "object", "properties": {"a": {"type": "string"}}},
                "Labels": {"type": "object", "additionalProperties": {"type": "string"}},
                "Open": {"type": "object", "properties": {"a": {}}, "x-kubernetes-preserve-unknown-fields": true},
                "Optional": {"anyOf": [{"$ref": "#/$defs/Strict"}, {"type": "null"}], "description": "gone"},
                "Nullable": {"type": ["string", "null"]},
                "io.k8s.apimachinery.pkg.api.resource.Quantity": {"x-kubernetes-int-or-string": true}
            }
        });
        harden_root(&mut schema);
        let defs = &schema["$defs"];
        assert_eq!(defs["Strict"]["additionalProperties"], json!(false));
        assert_eq!(defs["Labels"]["additionalProperties"], json!({"type": "string"}));
        assert!(defs["Open"].get("additionalProperties").is_none());
        assert_eq!(defs["Optional"], json!({"$ref": "#/$defs/Strict"}));
        assert_eq!(defs["Nullable"], json!({"type": "string"}));
        assert_eq!(defs[QUANTITY_DEF]["pattern"], json!(QUANTITY_PATTERN));
    }

    #[test]
    fn not_validated_is_informational() {
        let crd = document("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: x}\n");
        let diagnostic = not_validated(&crd, "example.com/v1", "Widget");
        assert_eq!(diagnostic.code, Code::NotValidated.as_str());
        assert_eq!(diagnostic.severity, Severity::Info);
        assert_eq!(diagnostic.message, "`Widget` (`example.com/v1`) is not validated");
    }
}
