#!/usr/bin/env node
// Type-check and type-aware lint in ONE process sharing the TypeScript programs (`npm test`'s
// static step). `tsc -p X` then `eslint` built every program twice and computed the same types
// twice; here each tsconfig's program is built and fully checked once (the diagnostics tsc
// reports), then ESLint lints with those programs (`parserOptions.programs`), its type queries
// answered from the checker's caches. Same compiler options, same lint config and rules.
//
//   node scripts/check-and-lint.mjs --project <tsconfig>... [--lint <path>...] [--ignore <glob>...]
//
// A file to lint must be in one of the programs (the first that holds it is used), else ESLint
// fails on it: nothing is skipped. Exit 1 on any type error, lint error or warning
// (`--max-warnings=0`).
import { ESLint } from 'eslint';
import ts from 'typescript';

const projects = [];
const lint = [];
const ignore = [];
let list = null;
for (const arg of process.argv.slice(2)) {
  if (arg === '--project') list = projects;
  else if (arg === '--lint') list = lint;
  else if (arg === '--ignore') list = ignore;
  else if (list) list.push(arg);
  else throw new Error(`unexpected argument ${arg}`);
}

const formatHost = {
  getCanonicalFileName: (f) => f,
  getCurrentDirectory: ts.sys.getCurrentDirectory,
  getNewLine: () => ts.sys.newLine,
};
const report = (diagnostics) =>
  process.stdout.write(ts.formatDiagnosticsWithColorAndContext(diagnostics, formatHost));

let failed = false;
const programs = [];
for (const project of projects) {
  const started = process.cpuUsage();
  const parsed = ts.getParsedCommandLineOfConfigFile(
    project,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => report([d]),
    },
  );
  if (!parsed) {
    failed = true;
    continue;
  }
  const program = ts.createProgram({
    rootNames: parsed.fileNames,
    options: parsed.options,
    projectReferences: parsed.projectReferences,
    configFileParsingDiagnostics: ts.getConfigFileParsingDiagnostics(parsed),
  });
  // What `tsc -p` reports with noEmit: config, options, syntax, global and semantic errors.
  const diagnostics = ts.getPreEmitDiagnostics(program);
  if (diagnostics.length > 0) {
    report(diagnostics);
    failed = true;
  }
  const { user, system } = process.cpuUsage(started);
  process.stdout.write(
    `typecheck ${project}: ${program.getSourceFiles().length} files, ${diagnostics.length} errors, ` +
      `${Math.round((user + system) / 1e6)} CPU-s\n`,
  );
  programs.push(program);
}

if (lint.length > 0 && programs.length > 0) {
  const started = process.cpuUsage();
  const eslint = new ESLint({
    ignorePatterns: ignore,
    overrideConfig: {
      languageOptions: { parserOptions: { projectService: false, programs } },
    },
  });
  const results = await eslint.lintFiles(lint);
  const errors = results.reduce((n, r) => n + r.errorCount, 0);
  const warnings = results.reduce((n, r) => n + r.warningCount, 0);
  const formatter = await eslint.loadFormatter('stylish');
  const text = await formatter.format(results);
  if (text) process.stdout.write(text);
  // `eslint --max-warnings=0`: a warning fails the check as an error does.
  if (errors > 0 || warnings > 0) failed = true;
  const { user, system } = process.cpuUsage(started);
  process.stdout.write(
    `lint ${lint.join(' ')}: ${results.length} files, ${errors} errors, ${warnings} warnings, ` +
      `${Math.round((user + system) / 1e6)} CPU-s\n`,
  );
}
process.exit(failed ? 1 : 0);
