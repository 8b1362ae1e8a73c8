#!/usr/bin/env bash
# Validates the Traefik objects in every *.yaml under the given directories against Traefik's CRD
# schemas (see README.md).
#
#   bash .ci/traefik-validate/run.sh DIR...       exit 0 ok, 1 a Traefik object failed, 2 none found
#   bash .ci/traefik-validate/run.sh --self-test  every fixtures/good file passes, every fixtures/bad
#                                                 file fails with the error named by its "# expect:"
#
# Installs the pinned packages with `npm ci` into node_modules beside this script when missing.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

usage() {
  echo "usage: $0 DIR... | --self-test" >&2
  exit 2
}

[ "$#" -gt 0 ] || usage

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "traefik-validate: node and npm are required (Node >= 20)" >&2
  exit 2
fi
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" -lt 20 ]; then
  echo "traefik-validate: Node >= 20 is required, found $(node --version)" >&2
  exit 2
fi

if [ ! -f "$here/node_modules/@kubernetes-models/traefik/package.json" ] ||
  [ ! -f "$here/node_modules/yaml/package.json" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error) >&2
fi

validate() {
  node "$here/validate.mjs" "$@"
}

if [ "$1" = "--self-test" ]; then
  [ "$#" -eq 1 ] || usage
  passed=0
  failed=0
  for dir in good bad; do
    found=0
    for file in "$here/fixtures/$dir"/*.yaml; do
      [ -e "$file" ] || continue
      found=1
      rel="fixtures/$dir/$(basename "$file")"
      set +e
      out="$(validate "$file" 2>&1)"
      status=$?
      set -e
      if [ "$dir" = good ]; then
        if [ "$status" -eq 0 ]; then
          passed=$((passed + 1))
        else
          echo "self-test FAIL: $rel should pass (exit $status):"
          printf '%s\n' "$out" | sed 's/^/  /'
          failed=$((failed + 1))
        fi
      else
        expect="$(sed -n 's/^# expect: //p' "$file" | head -n 1)"
        if [ -z "$expect" ]; then
          echo "self-test FAIL: $rel has no '# expect: <text of the error>' line"
          failed=$((failed + 1))
        elif [ "$status" -ne 1 ]; then
          echo "self-test FAIL: $rel should fail validation (exit 1), got exit $status:"
          printf '%s\n' "$out" | sed 's/^/  /'
          failed=$((failed + 1))
        elif ! printf '%s\n' "$out" | grep '^FAIL ' | grep -qF -- "$expect"; then
          echo "self-test FAIL: $rel failed, but not with the expected error '$expect':"
          printf '%s\n' "$out" | sed 's/^/  /'
          failed=$((failed + 1))
        else
          passed=$((passed + 1))
        fi
      fi
    done
    if [ "$found" -eq 0 ]; then
      echo "self-test FAIL: no fixtures in fixtures/$dir"
      failed=$((failed + 1))
    fi
  done
  echo "traefik-validate self-test: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit
fi

files=()
for dir in "$@"; do
  if [ ! -d "$dir" ]; then
    echo "traefik-validate: not a directory: $dir" >&2
    exit 2
  fi
  while IFS= read -r -d '' file; do
    files+=("$file")
  done < <(find "$dir" -type f -name '*.yaml' -print0 | sort -z)
done

if [ "${#files[@]}" -eq 0 ]; then
  echo "traefik-validate: no *.yaml files under: $*" >&2
  exit 2
fi

validate "${files[@]}"
