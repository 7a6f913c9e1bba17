import { existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { inject } from 'vitest';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { currentTotp } from '../../src/auth/totp.ts';
import { createUser } from '../../src/auth/users.ts';
import type { Database } from '../../src/db/client.ts';
import { seedDemoProvince } from '../../src/demo/seed.ts';
import { pooledTemplateCopy } from '../db-pool.ts';
import { copyDataDir, openDataDirCopy } from '../db-template.ts';
import { createTestDatabase, testConfig } from '../helpers.ts';

/** Debian's Chromium (CI installs it with apt-get; no browser download is possible here). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Launch headless Chromium with the flags this machine needs. */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...extraArgs,
    ],
  });
}

/**
 * What a test file sees of Chromium: contexts and pages of its own; `close()` closes them (and the
 * browser, when the file launched one for itself).
 */
export interface FileBrowser {
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** A page in a context of its own (closing the page closes the context), as `Browser.newPage`. */
  newPage(options?: BrowserContextOptions): Promise<Page>;
  close(): Promise<void>;
}

/** The worker's Chromium, launched by the first file that asks and shared by the later ones. */
let sharedChromium: Promise<Browser> | undefined;

/**
 * Chromium for one test file. Files without flags of their own share one Chromium per worker
 * (vitest runs the browser files in one process, `isolate: false`): each file gets fresh browser
 * contexts (own cookies, storage, cache, service workers), and the launch (~1 CPU-s with its
 * close) is paid once per run instead of once per file. The shared browser ends with the worker
 * process (Playwright kills the browsers it launched when its process exits). A file that needs
 * flags of its own (a fake camera) gets a Chromium of its own, closed with the file.
 */
export async function openBrowser(extraArgs: string[] = []): Promise<FileBrowser> {
  let browser: Browser;
  if (extraArgs.length > 0) browser = await launchChromium(extraArgs);
  else {
    sharedChromium ??= launchChromium();
    browser = await sharedChromium;
    if (!browser.isConnected()) {
      sharedChromium = launchChromium();
      browser = await sharedChromium;
    }
  }
  const contexts = new Set<BrowserContext>();
  const newContext = async (options?: BrowserContextOptions): Promise<BrowserContext> => {
    const context = await browser.newContext(options);
    contexts.add(context);
    context.once('close', () => contexts.delete(context));
    return context;
  };
  return {
    newContext,
    newPage: async (options) => {
      const context = await newContext(options);
      const page = await context.newPage();
      page.once('close', () => void context.close());
      return page;
    },
    close: async () => {
      await Promise.all([...contexts].map((c) => c.close()));
      if (extraArgs.length > 0) await browser.close();
    },
  };
}

export interface RunningServer {
  url: string;
  app: FastifyInstance;
  database: Database;
  close(): Promise<void>;
}

/** A real server (API + built web app) on a loopback port, with a small demo province and an admin. */
export async function startServer(
  options: {
    scale?: number;
    users?: {
      username: string;
      password: string;
      role: Parameters<typeof createUser>[1]['role'];
      jurisdictionCode: string;
    }[];
  } = {},
): Promise<RunningServer> {
  const database = await seededDatabase(options.scale ?? 0.002);
  for (const u of options.users ?? []) await createUser(database.db, { ...u, displayName: u.username });
  // The server's public address (posters' QR links) is configured, as in production: take a free
  // port first so the configuration can name it.
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const app = await buildApp(
    { config: testConfig({ DEMO: 'true', PORT: String(port), PUBLIC_URL: url }), database },
    { logger: false, serveWeb: true },
  );
  await app.listen({ port, host: '127.0.0.1' });
  return {
    url,
    app,
    database,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

/**
 * On the two-factor enrolment screen: read the secret shown beside the QR code, type the current
 * code as an authenticator app would, and continue past the recovery codes. Returns the secret.
 */
export async function enrolTotpInPage(page: Page): Promise<string> {
  const secretEl = page.getByTestId('totp-secret');
  await secretEl.waitFor({ timeout: 10_000 });
  const secret = (await secretEl.textContent())!.trim();
  await page.getByRole('img', { name: /QR/u }).waitFor();
  await page.getByLabel(/Mã xác thực|Authentication code/u).fill(await currentTotp(secret));
  await page.getByRole('button', { name: /Xác nhận|Confirm/u }).click();
  await page.getByRole('button', { name: /Tôi đã lưu mã|I have saved them/u }).click();
  return secret;
}

const enrolledSecrets = new Map<string, { secret: string; uses: number }>();

/**
 * After the password step: enrol TOTP (first sign-in of the account) or type the next code
 * (later sign-ins; each use takes a later time step, since a code never works twice).
 */
export async function secondFactorInPage(page: Page, username: string): Promise<void> {
  await page.getByLabel(/Mã xác thực|Authentication code/u).waitFor({ timeout: 10_000 });
  const known = enrolledSecrets.get(username);
  if (!known) {
    enrolledSecrets.set(username, { secret: await enrolTotpInPage(page), uses: 0 });
    return;
  }
  known.uses += 1;
  const code = await currentTotp(known.secret, Math.floor(Date.now() / 1000) + 30 * known.uses);
  await page.getByLabel(/Mã xác thực|Authentication code/u).fill(code);
  await page.getByRole('button', { name: /Xác nhận|Confirm/u }).click();
}

/**
 * A database holding the demo province at this scale, as freshly seeded. On the embedded database the
 * first file of the run seeds it and saves a copy beside the run's template, which then serves as the
 * template of the worker's database pool (`db-pool.ts`): the first file opens a copy of it, and each
 * later file gets that same database back, reset to the seeded state (rows, sequences, session; a
 * changed schema is never reused), instead of copying and opening a PGlite folder (~1.3 CPU-s) per
 * file. On PostgreSQL every file seeds its own.
 */
async function seededDatabase(scale: number): Promise<Database> {
  const template = inject('dbTemplate');
  const seed = 7;
  if (template.kind !== 'pglite') {
    const database = await createTestDatabase();
    await seedDemoProvince(database.db, { provinceCode: '83', scale, seed });
    return database;
  }
  const seeded = `${template.dir}-province-${String(scale)}-${String(seed)}`;
  if (existsSync(seeded)) return pooledTemplateCopy({ kind: 'pglite', dir: seeded });
  // Seeded in a folder of its own, closed cleanly, then copied under a temporary name and renamed,
  // so a file never opens a half-written copy.
  const first = `${template.dir}-seeding-${String(process.pid)}`;
  const database = await openDataDirCopy(template.dir, first);
  await seedDemoProvince(database.db, { provinceCode: '83', scale, seed });
  await database.pglite!.close();
  const partial = `${seeded}-${String(process.pid)}.partial`;
  await copyDataDir(first, partial);
  // Another worker may have saved the same province meanwhile: its copy is as good as this one.
  await rename(partial, seeded).catch(() => rm(partial, { recursive: true, force: true }));
  await database.close().catch(() => undefined);
  return pooledTemplateCopy({ kind: 'pglite', dir: seeded });
}

/** A TCP port free on 127.0.0.1 right now (the OS picks it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => {
        resolve(port);
      });
    });
  });
}
