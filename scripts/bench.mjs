#!/usr/bin/env node
// `npm run bench -- NAME [--param value ...]`: run bench/NAME.ts with tsx; it writes bench-results/NAME.json.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = join(root, 'bench');
const available = readdirSync(benchDir)
  .filter((f) => f.endsWith('.ts') && f !== 'lib.ts' && !f.endsWith('.d.ts'))
  .map((f) => f.slice(0, -3))
  .sort();

const [name, ...args] = process.argv.slice(2);
if (!name || name.startsWith('-') || !available.includes(name)) {
  if (name && !name.startsWith('-')) process.stderr.write(`Unknown benchmark "${name}".\n`);
  process.stderr.write(
    `Usage: npm run bench -- NAME [--param value ...]\nAvailable benchmarks: ${available.join(', ')}\n` +
      'Each writes bench-results/NAME.json; PostgreSQL benchmarks read DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test).\n',
  );
  process.exit(name ? 2 : 1);
}

const tsx = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'tsx.cmd' : 'tsx');
const command = existsSync(tsx) ? tsx : 'npx';
const commandArgs = existsSync(tsx)
  ? [join(benchDir, `${name}.ts`), ...args]
  : ['tsx', join(benchDir, `${name}.ts`), ...args];
const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
