#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ with seeds: the examples and the standard library for the timon
# targets, the YAML lint fixtures and error fixtures for `check_yaml` and `yaml_fast_path`, and
# for the latter also 50 files of the benchmark workload when it has been generated (plain block
# YAML, which the fixtures rarely are).
set -euo pipefail
cd "$(dirname "$0")/.."
for target in parse pipeline check_yaml yaml_fast_path; do mkdir -p "fuzz/corpus/$target"; done
n=0
# Left out: the fixture that makes 100,000 template instances on purpose (the limit, E0608) is
# slow by design, a second or more under the sanitizer, and would only be reported as a timeout.
while IFS= read -r -d '' file; do
  name=$(echo "$file" | tr / _)
  cp "$file" "fuzz/corpus/parse/$name"
  cp "$file" "fuzz/corpus/pipeline/$name"
  n=$((n + 1))
done < <(find examples stdlib tests/fixtures/errors -name '*.timon' ! -name 'template_too_many_instances.timon' -print0)
m=0
while IFS= read -r -d '' file; do
  cp "$file" "fuzz/corpus/check_yaml/$(echo "$file" | tr / _)"
  cp "$file" "fuzz/corpus/yaml_fast_path/$(echo "$file" | tr / _)"
  m=$((m + 1))
done < <(find tests/fixtures -name '*.yaml' -print0)
if [ -d target/bench ]; then
  find target/bench -path '*/yaml/*' -name '*.yaml' | sort | head -n 50 | while IFS= read -r file; do
    cp "$file" "fuzz/corpus/yaml_fast_path/$(basename "$file")"
  done
fi
echo "seeded $n timon files and $m YAML files"
