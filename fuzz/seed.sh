#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ with seeds: the examples and the standard library for the timon
# targets, the YAML lint fixtures and error fixtures for `check_yaml`.
set -euo pipefail
cd "$(dirname "$0")/.."
for target in parse pipeline check_yaml; do mkdir -p "fuzz/corpus/$target"; done
n=0
while IFS= read -r -d '' file; do
  name=$(echo "$file" | tr / _)
  cp "$file" "fuzz/corpus/parse/$name"
  cp "$file" "fuzz/corpus/pipeline/$name"
  n=$((n + 1))
done < <(find examples stdlib tests/fixtures/errors -name '*.timon' -print0)
m=0
while IFS= read -r -d '' file; do
  cp "$file" "fuzz/corpus/check_yaml/$(echo "$file" | tr / _)"
  m=$((m + 1))
done < <(find tests/fixtures -name '*.yaml' -print0)
echo "seeded $n timon files and $m YAML files"
