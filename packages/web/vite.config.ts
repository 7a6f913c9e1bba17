import { access, readFile, readdir, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { promisify } from 'node:util';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { CITIZEN_CATALOGUE, pickBranches } from './src/citizenCatalogue.ts';

/** The API server of `npm run dev` / `npm start`; the dev server forwards API calls to it. */
const API_TARGET = 'http://127.0.0.1:3000';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);
/** Text files worth compressing; smaller files are sent as they are. */
const COMPRESSIBLE = /\.(?:js|css|html|svg|json|txt|webmanifest)$/u;
const MIN_BYTES = 1024;

/**
 * Precompress the build (brotli at the highest quality, and gzip for older clients) once, at
 * build time, so the server sends `.br`/`.gz` siblings (@fastify/static `preCompressed`) with
 * no CPU per request. A compressed sibling no smaller than the file is not written.
 */
function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'epilink-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    async closeBundle() {
      const files = await readdir(outDir, { recursive: true });
      await Promise.all(
        files
          .filter((f) => COMPRESSIBLE.test(f))
          .map(async (f) => {
            const path = join(outDir, f);
            // The second build (citizen entry) leaves the first one's files as they are.
            if (
              await access(`${path}.br`).then(
                () => true,
                () => false,
              )
            )
              return;
            const raw = await readFile(path);
            if (raw.length < MIN_BYTES) return;
            const [br, gzipped] = await Promise.all([
              brotli(raw, {
                params: {
                  [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
                  [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
                },
              }),
              gz(raw, { level: constants.Z_BEST_COMPRESSION }),
            ]);
            if (br.length < raw.length) await writeFile(`${path}.br`, br);
            if (gzipped.length < raw.length) await writeFile(`${path}.gz`, gzipped);
          }),
      );
    },
  };
}

const VIRTUAL_MESSAGES = 'virtual:epilink-messages/';
const SPLIT_MESSAGES = fileURLToPath(new URL('./src/messages.split.ts', import.meta.url));
const CITIZEN_MESSAGES = fileURLToPath(new URL('./src/messages.citizen.ts', import.meta.url));

/**
 * One catalogue per language in the build: src/messages.ts (both languages, for tests and
 * `vite dev`) is replaced by src/messages.split.ts, which imports `virtual:epilink-messages/vi`
 * statically and `…/en` on use; in the citizen build by src/messages.citizen.ts, whose entry
 * carries only the citizen pages' parts of it (`…/vi-citizen`) and loads the rest on use. The trees are computed once from `@epilink/core` (TypeScript,
 * run with tsx in a child process: the catalogue is the one source of truth).
 */
function splitMessages(): Plugin {
  let trees: Record<string, Record<string, unknown>> | undefined;
  let citizen = false;
  return {
    name: 'epilink-split-messages',
    apply: 'build',
    enforce: 'pre',
    configResolved(config) {
      citizen = config.mode === 'citizen';
    },
    resolveId(source, importer) {
      if (source === './messages.ts' && importer?.endsWith('/src/i18n.ts'))
        return citizen ? CITIZEN_MESSAGES : SPLIT_MESSAGES;
      if (source.startsWith(VIRTUAL_MESSAGES)) return `\0${source}`;
      return null;
    },
    load(id) {
      if (!id.startsWith(`\0${VIRTUAL_MESSAGES}`)) return null;
      trees ??= JSON.parse(
        execFileSync(
          process.execPath,
          [
            '--import',
            'tsx',
            '--input-type=module',
            '-e',
            "import { LANGUAGES, messagesFor } from '@epilink/core'; process.stdout.write(JSON.stringify(Object.fromEntries(LANGUAGES.map((l) => [l, messagesFor(l)]))));",
          ],
          {
            cwd: fileURLToPath(new URL('.', import.meta.url)),
            encoding: 'utf8',
            maxBuffer: 64 * 1024 * 1024,
          },
        ),
      ) as Record<string, Record<string, unknown>>;
      // `vi` is a language's whole catalogue, `vi-citizen` the citizen entry's parts of it.
      const [lang = '', part] = id.slice(`\0${VIRTUAL_MESSAGES}`.length).split('-');
      const whole = trees[lang];
      if (!whole || (part !== undefined && part !== 'citizen'))
        throw new Error(`no catalogue ${id.slice(1)}`);
      const tree = part === 'citizen' ? pickBranches(whole, CITIZEN_CATALOGUE) : whole;
      // JSON.parse of a string literal is faster to start than the same object literal.
      return `export default JSON.parse(${JSON.stringify(JSON.stringify(tree))});`;
    },
  };
}

/**
 * React's module names mapped to preact/compat's, for the citizen build only. The build warns that
 * react-router's `useOptimistic` is undefined under preact/compat: react-router checks for it and
 * falls back (its data routers' optimistic state, which the citizen pages do not use).
 */
const PREACT_ALIASES = [
  { find: /^react-dom\/client$/u, replacement: 'preact/compat/client' },
  { find: /^react-dom$/u, replacement: 'preact/compat' },
  { find: /^react\/jsx-(dev-)?runtime$/u, replacement: 'preact/jsx-runtime' },
  { find: /^react$/u, replacement: 'preact/compat' },
];

/**
 * Two builds into one dist (see package.json `build`): the officials' app (index.html), then,
 * with `--mode citizen`, the light citizen entry (citizen.html: check-in QR, verifier, health
 * book). The citizen build is self-contained: its entry chunk holds everything the check-in page
 * needs (one request on a slow network instead of a dozen shared chunks), and none of the
 * officials' pages, maps or charts.
 */
export default defineConfig(({ mode }) => ({
  plugins: [react(), splitMessages(), precompress()],
  // The citizen build renders with Preact (preact/compat: React's API in ~12 KB instead of
  // react-dom's ~60 KB compressed / ~200 KB to parse on a cheap phone); the officials' app keeps React.
  resolve: { alias: mode === 'citizen' ? PREACT_ALIASES : [] },
  // No source maps in the build: the server would not serve them anyway (docs/security.md).
  build: {
    outDir: 'dist',
    emptyOutDir: mode !== 'citizen',
    sourcemap: false,
    rolldownOptions: {
      input: (mode === 'citizen' ? { citizen: 'citizen.html' } : { main: 'index.html' }) as Record<
        string,
        string
      >,
      // Citizen build: every module the entry imports statically in one chunk (one request on a
      // slow network); the other citizen pages stay lazy chunks.
      output:
        mode === 'citizen'
          ? { codeSplitting: { groups: [{ name: 'citizen-initial', tags: ['$initial'] }] } }
          : {},
    },
  },
  server: {
    proxy: {
      '/api': { target: API_TARGET, changeOrigin: false },
      '/healthz': { target: API_TARGET, changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      '/api': { target: API_TARGET, changeOrigin: false },
      '/healthz': { target: API_TARGET, changeOrigin: false },
    },
  },
}));
