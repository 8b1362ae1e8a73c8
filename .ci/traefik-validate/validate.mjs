// Validates the Traefik custom resources in YAML files against Traefik's CRD schemas, as
// compiled into @kubernetes-models/traefik (see README.md for the schema versions and limits).
//
//   node validate.mjs FILE.yaml...
//
// Every document whose apiVersion is in a Traefik API group (traefik.io/*, traefik.containo.us/*)
// is validated with the package's model class for that apiVersion and kind; other documents are
// skipped. One line per Traefik object:
//   ok <file> <kind>/<name>
//   FAIL <file> <kind>/<name>: <errors>
// A file that cannot be read or parsed gives one FAIL line for the file.
// Exit status: 1 if anything failed, else 2 if no Traefik object was validated, else 0.

import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";
import * as traefikIo from "@kubernetes-models/traefik/traefik.io/v1alpha1";
import * as traefikContainoUs from "@kubernetes-models/traefik/traefik.containo.us/v1alpha1";

const TRAEFIK_GROUPS = ["traefik.io", "traefik.containo.us"];

// "apiVersion kind" -> model class, built from what the package exports.
const models = new Map();
for (const mod of [traefikIo, traefikContainoUs]) {
  for (const value of Object.values(mod)) {
    if (typeof value === "function" && typeof value.apiVersion === "string" && typeof value.kind === "string") {
      models.set(`${value.apiVersion} ${value.kind}`, value);
    }
  }
}

function isTraefikApiVersion(apiVersion) {
  if (typeof apiVersion !== "string") return false;
  const group = apiVersion.split("/")[0];
  return TRAEFIK_GROUPS.includes(group);
}

function oneLine(text) {
  return String(text).replace(/\s+/g, " ").trim();
}

function describe(doc) {
  const kind = typeof doc.kind === "string" && doc.kind ? doc.kind : "<no kind>";
  const meta = doc.metadata && typeof doc.metadata === "object" ? doc.metadata : {};
  const name = typeof meta.name === "string" && meta.name ? meta.name : "<no name>";
  return `${kind}/${name}`;
}

// The package's ValidationError carries ajv's error objects (already given English messages);
// enum errors get their allowed values appended.
function formatValidationError(err) {
  if (err && Array.isArray(err.errors) && err.errors.length) {
    return err.errors
      .map((e) => {
        let text = `data${e.instancePath || ""} ${e.message || e.keyword}`;
        if (e.keyword === "enum" && e.params && Array.isArray(e.params.allowedValues)) {
          text += ` (${e.params.allowedValues.map((v) => JSON.stringify(v)).join(", ")})`;
        }
        return oneLine(text);
      })
      .join(", ");
  }
  return oneLine(err && err.message ? err.message : err);
}

// Errors for one Traefik document; an empty list means it is valid.
function validateDoc(doc) {
  const Model = models.get(`${doc.apiVersion} ${doc.kind}`);
  if (!Model) {
    const known = [...models.keys()].filter((k) => k.startsWith(`${doc.apiVersion} `)).map((k) => k.split(" ")[1]);
    return [
      known.length
        ? `no schema for kind ${JSON.stringify(doc.kind)} in ${doc.apiVersion} (known: ${known.join(", ")})`
        : `no schema for apiVersion ${JSON.stringify(doc.apiVersion)} (known: ${[...new Set([...models.keys()].map((k) => k.split(" ")[0]))].join(", ")})`,
    ];
  }
  const errors = [];
  try {
    new Model(doc).validate();
  } catch (err) {
    errors.push(formatValidationError(err));
  }
  // Not part of the CRD schema (ObjectMeta leaves name optional because of generateName), but the
  // API server rejects an object that has neither.
  const meta = doc.metadata;
  if (meta && typeof meta === "object" && !Array.isArray(meta)) {
    const hasName = typeof meta.name === "string" && meta.name !== "";
    const hasGenerateName = typeof meta.generateName === "string" && meta.generateName !== "";
    if (!hasName && !hasGenerateName) errors.push("data/metadata must have name or generateName (extra check, not from the CRD schema)");
  }
  return errors;
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node validate.mjs FILE.yaml...");
  process.exit(2);
}

let passed = 0;
let failed = 0;

for (const file of files) {
  let source;
  try {
    source = readFileSync(file, "utf8");
  } catch (err) {
    console.log(`FAIL ${file} <file>: cannot read: ${oneLine(err.message)}`);
    failed++;
    continue;
  }
  // YAML 1.1, as Kubernetes' own YAML reader (sigs.k8s.io/yaml) resolves scalars: unquoted
  // yes/no/on/off are booleans there too. Duplicate keys are errors.
  const docs = parseAllDocuments(source, { version: "1.1", uniqueKeys: true, prettyErrors: false });
  const parsed = Array.isArray(docs) ? docs : [docs];
  docs: for (const [index, document] of parsed.entries()) {
    if (document.errors && document.errors.length) {
      console.log(`FAIL ${file} <document ${index + 1}>: YAML: ${document.errors.map((e) => oneLine(e.message)).join("; ")}`);
      failed++;
      continue docs;
    }
    const doc = document.toJS();
    if (doc === null || doc === undefined) continue; // empty document
    if (typeof doc !== "object" || Array.isArray(doc)) continue; // not a Kubernetes object
    if (!isTraefikApiVersion(doc.apiVersion)) continue;
    const errors = validateDoc(doc);
    if (errors.length) {
      console.log(`FAIL ${file} ${describe(doc)}: ${errors.join("; ")}`);
      failed++;
    } else {
      console.log(`ok ${file} ${describe(doc)}`);
      passed++;
    }
  }
}

console.log(`traefik-validate: ${passed} passed, ${failed} failed`);
if (failed > 0) process.exit(1);
if (passed === 0) {
  console.error("traefik-validate: no Traefik object (apiVersion traefik.io/* or traefik.containo.us/*) found");
  process.exit(2);
}
