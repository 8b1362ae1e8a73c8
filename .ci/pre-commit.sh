#!/usr/bin/env bash
# Proves the pre-commit hook with the real `pre-commit try-repo` (PyPI): in a scratch git
# repository, the hook fails on a Deployment without limits and passes once they are set.
set -euo pipefail
cd "$(dirname "$0")/.."
repo_root=$(pwd)

venv="${TIMON_CI_PRECOMMIT_VENV:-target/ci-precommit}"
if [ ! -x "$venv/bin/pre-commit" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check 'pre-commit==4.7.0'
fi
export PRE_COMMIT_HOME="${PRE_COMMIT_HOME:-$repo_root/target/ci-precommit-home}"
# pre-commit installs a `language: rust` hook with `cargo install` (release profile). CI only
# needs the hook to behave, not to be fast: an unoptimised build takes a third of the time.
export CARGO_PROFILE_RELEASE_OPT_LEVEL=0 CARGO_PROFILE_RELEASE_DEBUG=false

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cd "$scratch"
git init --quiet
git config user.email ci@example.com
git config user.name CI
cat > deployment.yaml <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: nginx:1.27.2
YAML
git add deployment.yaml

if "$repo_root/$venv/bin/pre-commit" try-repo "$repo_root" timon-check --files deployment.yaml > bad.log 2>&1; then
  cat bad.log
  echo "the hook passed on a Deployment without limits"
  exit 1
fi
grep -q "missing-resource-limits" bad.log || { cat bad.log; echo "the hook failed for another reason"; exit 1; }
echo "pre-commit: the hook fails on a Deployment without limits"

cat > deployment.yaml <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: nginx:1.27.2
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {cpu: 500m, memory: 256Mi}
YAML
git add deployment.yaml
"$repo_root/$venv/bin/pre-commit" try-repo "$repo_root" timon-check --files deployment.yaml > good.log 2>&1 || { cat good.log; echo "the hook failed on a clean Deployment"; exit 1; }
echo "pre-commit: the hook passes on a clean Deployment"
