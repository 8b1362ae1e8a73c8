#!/usr/bin/env bash
# Tests the editor plugins (editors/) with the real engines:
#   * VS Code: vscode-tmgrammar-test over the scope-annotated files in editors/vscode/test/, a
#     check that vscode-textmate + vscode-oniguruma tokenize every example and stdlib file fully,
#     and `vsce package` into target/editors/;
#   * tree-sitter: `tree-sitter generate`, `tree-sitter test` (corpus and highlight tests), and
#     `tree-sitter parse` over every example and stdlib file with no ERROR or MISSING node;
#   * Vim: the syntax, ftplugin and indent files loaded headless, with highlight groups asserted.
# Installs what it needs itself (tree-sitter CLI from crates.io, built without QuickJS; npm
# packages pinned by editors/vscode/package-lock.json; Debian's vim if missing) and caches it
# under target/ci-tools/, so that a rerun only runs the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
tools=$root/target/ci-tools
out=$root/target/editors
ts_version=0.27.1
mkdir -p "$tools" "$out"

started=$SECONDS
phase_started=$SECONDS
phase() {
  printf '\n--- %s (%ss so far)\n' "$*" "$((SECONDS - started))"
  phase_started=$SECONDS
}
phase_done() { printf '    done in %ss\n' "$((SECONDS - phase_started))"; }

# Every .timon file of the examples and the standard library, whatever appears there.
mapfile -t timon_files < <(find examples stdlib -name '*.timon' -type f | LC_ALL=C sort)
if [ "${#timon_files[@]}" -eq 0 ]; then
  echo "no .timon file under examples/ or stdlib/" >&2
  exit 1
fi

# ------------------------------------------------------------------------------------ tools

phase "tools: generated regions are fresh (cargo xtask codegen --check)"
cargo run --quiet --locked -p xtask -- codegen --check
phase_done

phase "tools: tree-sitter CLI $ts_version (crates.io)"
tree_sitter=$tools/bin/tree-sitter
if ! "$tree_sitter" --version 2>/dev/null | grep -qx "tree-sitter $ts_version"; then
  # Without the embedded JavaScript engine (grammar.js is evaluated by the machine's node) and
  # unoptimised: 2 minutes to build instead of 9, and our grammar is small enough not to notice.
  cargo install tree-sitter-cli --version "$ts_version" --locked --no-default-features \
    --profile dev --root "$tools"
fi
"$tree_sitter" --version
phase_done

phase "tools: npm packages of editors/vscode (vscode-tmgrammar-test, vscode-textmate, vsce)"
npm_dir=$tools/vscode-npm
export npm_config_cache=$tools/npm-cache
npm_stamp=$(cat editors/vscode/package.json editors/vscode/package-lock.json | sha256sum | cut -d' ' -f1)
if [ ! -d "$npm_dir/node_modules" ] || [ "$(cat "$npm_dir/.stamp" 2>/dev/null)" != "$npm_stamp" ]; then
  rm -rf "$npm_dir"
  mkdir -p "$npm_dir"
  cp editors/vscode/package.json editors/vscode/package-lock.json "$npm_dir/"
  # --ignore-scripts: no package here needs one, and keytar's (an optional dependency of vsce,
  # used only to publish) would try to download a prebuilt binary.
  (cd "$npm_dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  echo "$npm_stamp" >"$npm_dir/.stamp"
fi
npm_bin=$npm_dir/node_modules/.bin
phase_done

phase "tools: vim"
if ! command -v vim >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends vim \
    || $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends vim-nox
fi
vim --version | sed -n 1p
phase_done

# ------------------------------------------------------------------------------------ VS Code

phase "VS Code: vscode-tmgrammar-test over editors/vscode/test/*.timon"
(cd editors/vscode && "$npm_bin/vscode-tmgrammar-test" -g syntaxes/timon.tmLanguage.json 'test/*.timon')
phase_done

phase "VS Code: every example and stdlib file fully tokenized (vscode-textmate + vscode-oniguruma)"
NODE_PATH=$npm_dir/node_modules node editors/vscode/test/fully-tokenized.js "${timon_files[@]}"
phase_done

phase "VS Code: vsce package"
vsix=$out/timon-vscode.vsix
rm -f "$vsix"
(cd editors/vscode && "$npm_bin/vsce" package --no-dependencies --allow-missing-repository \
  --out "$vsix")
python3 - "$vsix" <<'PY'
import sys, zipfile
names = set(zipfile.ZipFile(sys.argv[1]).namelist())
needed = {"extension/package.json", "extension/syntaxes/timon.tmLanguage.json",
          "extension/snippets/timon.json", "extension/language-configuration.json",
          "extension/LICENSE.txt", "extension/readme.md"}
missing = sorted(n for n in needed if n not in names and n.lower() not in {m.lower() for m in names})
stray = sorted(n for n in names if n.startswith(("extension/test/", "extension/node_modules/")))
if missing or stray:
    sys.exit(f"{sys.argv[1]}: missing {missing}, should not hold {stray}")
print(f"{sys.argv[1]}: {len(names)} entries")
PY
phase_done

# ------------------------------------------------------------------------------------ tree-sitter

# Keep the CLI's configuration and compiled parsers under target/, away from $HOME.
export TREE_SITTER_DIR=$tools/tree-sitter-config
export TREE_SITTER_LIBDIR=$tools/tree-sitter-lib
mkdir -p "$TREE_SITTER_DIR" "$TREE_SITTER_LIBDIR" "$tools/tree-sitter-parsers"
printf '{ "parser-directories": ["%s"] }\n' "$tools/tree-sitter-parsers" >"$TREE_SITTER_DIR/config.json"

phase "tree-sitter: generate, test (corpus and highlight tests), and compile every query"
(cd editors/tree-sitter-timon && "$tree_sitter" generate && "$tree_sitter" test)
for query in editors/tree-sitter-timon/queries/*.scm; do
  (cd editors/tree-sitter-timon && "$tree_sitter" query "$root/$query" "$root/${timon_files[0]}") \
    >/dev/null
  echo "query $query: compiles"
done
phase_done

phase "tree-sitter: parse every example and stdlib file with no ERROR or MISSING node"
parse_log=$out/tree-sitter-parse.txt
parse_status=0
(cd editors/tree-sitter-timon && "$tree_sitter" parse "${timon_files[@]/#/$root/}") \
  >"$parse_log" 2>&1 || parse_status=$?
if [ "$parse_status" -ne 0 ] || grep -qE '\((ERROR|MISSING)' "$parse_log"; then
  grep -E '\((ERROR|MISSING)|Parse:' "$parse_log" >&2 || tail -n 20 "$parse_log" >&2
  echo "tree-sitter parse failed (status $parse_status); the full output is in $parse_log" >&2
  exit 1
fi
echo "tree-sitter parse: ${#timon_files[@]} passed, 0 failed"
phase_done

# ------------------------------------------------------------------------------------ Vim

phase "Vim: syntax, ftplugin and indent loaded headless"
vim_report=$out/vim-report.txt
rm -f "$vim_report"
vim_status=0
TIMON_VIM_REPORT=$vim_report timeout 120 vim -N -u NONE -i NONE -es \
  --cmd "set rtp^=$root/editors/vim" -S editors/vim/test/highlight.vim </dev/null \
  >/dev/null 2>&1 || vim_status=$?
cat "$vim_report" 2>/dev/null || echo "vim wrote no report" >&2
if [ "$vim_status" -ne 0 ] || [ ! -s "$vim_report" ]; then
  echo "the Vim test failed (status $vim_status)" >&2
  exit 1
fi
phase_done

printf '\neditor plugins: all checks passed in %ss\n' "$((SECONDS - started))"
