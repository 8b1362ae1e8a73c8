#!/usr/bin/env node
// Checks that the TextMate grammar tokenizes every timon file completely.
//
// Usage: node test/fully-tokenized.js DIR_OR_FILE...
//
// Every `*.timon` file under the arguments is tokenized with vscode-textmate and
// vscode-oniguruma, the engines that VS Code itself uses. The check fails if a token that is not
// only whitespace and punctuation is left with nothing but the root scope `source.timon`, or if
// any token is scoped `invalid.illegal` (the grammar's catch-all for characters it does not know).
// The modules are found through the usual `require` lookup, so run it with `NODE_PATH` pointing at
// a `node_modules` folder that holds them (`.ci/editors.sh` does), or after `npm ci` here.

'use strict';

const fs = require('fs');
const path = require('path');
const vsctm = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const ROOT_SCOPE = 'source.timon';
const GRAMMAR_PATH = path.join(__dirname, '..', 'syntaxes', 'timon.tmLanguage.json');
// Text that may stay in the root scope: whitespace and punctuation.
const BARE_TEXT_ALLOWED = /^[\s{}()[\],;:=.]*$/;

/** Every `*.timon` file under `target` (a file or a directory), sorted. */
function timonFiles(target) {
  const stat = fs.statSync(target);
  if (stat.isFile()) {
    return target.endsWith('.timon') ? [target] : [];
  }
  return fs
    .readdirSync(target, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap(entry => timonFiles(path.join(target, entry.name)));
}

async function loadGrammar() {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: patterns => new oniguruma.OnigScanner(patterns),
      createOnigString: text => new oniguruma.OnigString(text),
    }),
    loadGrammar: async scopeName => {
      if (scopeName !== ROOT_SCOPE) {
        return null;
      }
      return vsctm.parseRawGrammar(fs.readFileSync(GRAMMAR_PATH, 'utf8'), GRAMMAR_PATH);
    },
  });
  return registry.loadGrammar(ROOT_SCOPE);
}

/** The problems of one file, as `file:line:column: message` strings. */
function checkFile(grammar, file) {
  const problems = [];
  let ruleStack = vsctm.INITIAL;
  let nTokens = 0;
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
  lines.forEach((line, lineIdx) => {
    const result = grammar.tokenizeLine(line, ruleStack);
    for (const token of result.tokens) {
      const text = line.slice(token.startIndex, token.endIndex);
      const where = `${file}:${lineIdx + 1}:${token.startIndex + 1}`;
      nTokens += 1;
      if (token.scopes.length === 1 && !BARE_TEXT_ALLOWED.test(text)) {
        problems.push(`${where}: \`${text}\` has only the scope ${ROOT_SCOPE}`);
      }
      const invalid = token.scopes.find(scope => scope.startsWith('invalid'));
      if (invalid) {
        problems.push(`${where}: \`${text}\` is scoped ${invalid}`);
      }
    }
    ruleStack = result.ruleStack;
  });
  return { problems, nTokens };
}

async function main() {
  const targets = process.argv.slice(2);
  if (targets.length === 0) {
    console.error('usage: node test/fully-tokenized.js DIR_OR_FILE...');
    return 2;
  }
  const files = targets.flatMap(timonFiles);
  if (files.length === 0) {
    console.error(`no .timon file under ${targets.join(', ')}`);
    return 1;
  }
  const grammar = await loadGrammar();
  let nProblems = 0;
  let nTokens = 0;
  let nFailed = 0;
  for (const file of files) {
    const outcome = checkFile(grammar, file);
    nTokens += outcome.nTokens;
    nProblems += outcome.problems.length;
    if (outcome.problems.length > 0) {
      nFailed += 1;
    }
    outcome.problems.forEach(problem => console.error(problem));
  }
  console.log(`fully tokenized: ${files.length} files, ${nTokens} tokens, ${nProblems} problems`);
  console.log(`${files.length - nFailed} passed, ${nFailed} failed`);
  return nFailed === 0 ? 0 : 1;
}

main().then(
  code => {
    process.exitCode = code;
  },
  error => {
    console.error(error);
    process.exitCode = 1;
  },
);
