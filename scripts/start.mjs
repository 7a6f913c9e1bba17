#!/usr/bin/env node
// `npm start`: start the server (embedded PGlite with the demo province by default; PostgreSQL when
// DATABASE_URL is set) and, when the web app's sources changed, build it at the same time: the
// build is its own process and PGlite is single-threaded, so a first start uses both cores. The
// server prepares its database meanwhile and serves nothing until the build has finished
// (packages/server/src/webBuild.ts); a failed build stops the server once its database is ready.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const dist = join(root, 'packages/web/dist/index.html');

function newest(dir) {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const sources = ['packages/web/src', 'packages/web/index.html', 'packages/core/src'].map((p) =>
  join(root, p),
);
const stale =
  !existsSync(dist) ||
  sources.some((s) => (statSync(s).isDirectory() ? newest(s) : statSync(s).mtimeMs) > statSync(dist).mtimeMs);

let build = null;
if (stale) {
  process.stdout.write('Building the web app (while the server prepares its database)…\n');
  build = spawn('npm', ['run', 'build', '-w', '@epilink/web'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

const server = spawn(
  process.execPath,
  ['--import', 'tsx', join(root, 'packages/server/src/main.ts'), ...(build ? ['--wait-for-web-build'] : [])],
  { cwd: root, stdio: build ? ['inherit', 'inherit', 'inherit', 'ipc'] : 'inherit' },
);
// The build's outcome goes to the server, which waits for it after preparing its database: a failed
// build then stops a server whose database is in a finished state, not one halfway through it.
let buildFailed = null;
const buildEnded = (code, reason) => {
  if (build === null) return; // 'error' and 'exit' may both come
  build = null;
  if (code !== 0) {
    buildFailed = code ?? 1;
    process.stderr.write(`Building the web app failed (${reason}).\n`);
  }
  if (server.connected) server.send({ webBuild: code === 0 ? 'done' : 'failed' });
};
build?.on('error', (e) => buildEnded(1, e.message));
build?.on('exit', (code, signal) => buildEnded(code, signal ?? `exit code ${code}`));
for (const sig of ['SIGINT', 'SIGTERM'])
  process.on(sig, () => {
    build?.kill(sig);
    server.kill(sig);
  });
server.on('exit', (code, signal) => {
  build?.kill('SIGTERM');
  process.exit(buildFailed ?? code ?? (signal ? 1 : 0));
});
