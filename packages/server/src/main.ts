import { buildApp } from './app.ts';
import { prepareDatabase } from './bootstrap.ts';
import { ConfigError, DEFAULT_DB_WORKER_POOL_SIZE, loadConfig } from './config.ts';
import type { Config } from './config.ts';
import { openDatabase } from './db/client.ts';
import { startWorkers } from './workers.ts';
import { DEMO_PASSWORD, demoAccounts, demoCitizenHint } from './demo/seed.ts';
import { webBuildFinished } from './webBuild.ts';

/** Start EpiLink: validate config, open and prepare the database, serve the API and the web app. */
async function main(): Promise<void> {
  let requested: Config;
  try {
    requested = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  const started = Date.now();
  // npm start may be building the web app meanwhile (webBuild.ts): listen before the first await.
  const webBuilt = webBuildFinished();
  webBuilt.catch(() => undefined); // awaited below; a failure must not surface as unhandled before then
  const database = await openDatabase(requested.database);
  // The background workers get connections of their own on PostgreSQL (DB_WORKER_POOL_SIZE): a
  // slow webhook receiver or a long import batch never holds one of the requests' (config.ts).
  const workerDatabase =
    requested.database.kind === 'postgres'
      ? await openDatabase({
          ...requested.database,
          poolSize: requested.database.workerPoolSize ?? DEFAULT_DB_WORKER_POOL_SIZE,
        })
      : database;
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    process.stderr.write(`\n${signal}: shutting down\n`);
    await app.close().catch(() => undefined);
    await stopWorkers().catch(() => undefined);
    if (workerDatabase !== database) await workerDatabase.close().catch(() => undefined);
    await database.close().catch(() => undefined);
    process.exit(0);
  };
  // Demo mode is the database's, recorded at its creation: DEMO only chooses for a new database.
  const { demo, config, mode } = await prepareDatabase(database, requested);
  await webBuilt;
  const app = await buildApp({ config, database });
  const stopWorkers = startWorkers({ config, database: workerDatabase }, (what, e) => {
    app.log.error({ err: e }, `${what} failed`); // the serializer keeps class + code only
  });
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  const lines = [
    `EpiLink is running on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port} (database: ${database.kind}, ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
  ];
  if (mode.configIgnored)
    lines.push(
      mode.demo
        ? 'This database was created as a demo: it stays one (DEMO=false does not turn it into a real install; start a real install on a new database).'
        : 'This database is a real install: the demo province, demo accounts and demo inbox are never loaded into it (DEMO ignored).',
    );
  if (demo)
    lines.push(
      `Demo province loaded: ${demo.people} people, ${demo.merged} duplicates merged, ${demo.reviews} pairs to review.`,
    );
  if (config.demo.enabled) {
    lines.push(
      `Demo accounts (password "${DEMO_PASSWORD}"; province-level and administrator accounts enrol two-factor sign-in at first sign-in): ${demoAccounts(
        config.provinceCode,
        config.unitLists.includes('2025-07'),
      )
        .map((a) => a.username)
        .join(', ')}`,
      `Citizen sign-in: /me/login${await demoCitizenHint(database)}; the one-time codes appear in the demo inbox at /demo/inbox.`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`EpiLink failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
