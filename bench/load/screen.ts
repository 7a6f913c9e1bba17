/**
 * event_to_screen_ms: a positive result entered through the API (POST /api/testing/results, as a
 * lab technician) until the situation dashboard (`/situation`, engineer D's page) open in real
 * Chromium for a provincial epidemiologist shows the new count in its "cases today" tile. The
 * server is the real app on the benchmark's database (API + built web app).
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { makeBarcode } from '@epilink/core';
import { sql } from 'drizzle-orm';
import { chromium } from 'playwright-core';
import { buildApp } from '../../packages/server/src/app.ts';
import { createUser } from '../../packages/server/src/auth/users.ts';
import type { Config } from '../../packages/server/src/config.ts';
import type { Database } from '../../packages/server/src/db/client.ts';
import { queryRows } from '../../packages/server/src/db/client.ts';
import { HttpSession, REPO_ROOT, freePort, msSince, say } from '../lib.ts';

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PAGE = join(REPO_ROOT, 'packages/web/src/pages/situation/SituationPage.tsx');
const DIST = join(REPO_ROOT, 'packages/web/dist/index.html');
const PASSWORD = 'bench-situation-room-2026!';
const TILE = '[data-testid="tile-casesToday"] .tile__value';

/** Why the measurement cannot run here, or null when it can. */
export function screenUnavailable(): string | null {
  if (!existsSync(PAGE)) return 'the /situation page (engineer D) is not in the tree yet';
  if (!existsSync(DIST)) return 'the web app is not built (npm run build -w @epilink/web)';
  if (!existsSync(CHROMIUM_PATH)) return `no Chromium at ${CHROMIUM_PATH}`;
  return null;
}

/** Measure `events` positives, one after another; returns milliseconds each. */
export async function eventToScreen(
  database: Database,
  config: Config,
  options: { events: number; provinceCode: string; disease: string },
): Promise<number[]> {
  const { db } = database;
  const suffix = randomUUID().slice(0, 8);
  const viewer = `bench.situation.${suffix}`;
  const lab = `bench.lab.${suffix}`;
  await createUser(db, {
    username: viewer,
    displayName: 'Bench situation room',
    password: PASSWORD,
    role: 'provincial_epidemiologist',
    jurisdictionCode: options.provinceCode,
  });
  await createUser(db, {
    username: lab,
    displayName: 'Bench lab',
    password: PASSWORD,
    role: 'lab_technician',
    jurisdictionCode: options.provinceCode,
  });
  // Specimens collected now from people with no open case: each positive opens a case today.
  const people = await queryRows<{
    id: string;
    province_code: string;
    district_code: string | null;
    commune_code: string | null;
  }>(
    db,
    sql`select p.id, p.province_code, p.district_code, p.commune_code from persons p
        where p.province_code = ${options.provinceCode} and p.merged_into is null
          and not exists (select 1 from cases c where c.person_id = p.id and c.status = 'open')
        order by p.id limit ${options.events}`,
  );
  if (people.length < options.events) throw new Error(`only ${people.length} people without an open case`);
  // Specimen barcodes of the product's format (letter, 9 digits, Luhn), from a serial of this second.
  const base = 900_000_000 + (Math.floor(Date.now() / 1000) % 99_999) * 1_000;
  const barcodes = people.map((_, i) => makeBarcode('specimen', base + i));
  await db.execute(sql`
    insert into specimens (barcode, person_id, test_type, disease_code, collected_at, status, province_code, district_code, commune_code)
    select x.barcode, x.person_id::uuid, 'rtPcr', ${options.disease}, now(), 'collected', x.province_code, x.district_code, x.commune_code
    from jsonb_to_recordset(${JSON.stringify(
      people.map((p, i) => ({ ...p, person_id: p.id, barcode: barcodes[i] })),
    )}::jsonb) as x(barcode text, person_id text, province_code text, district_code text, commune_code text)`);

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const app = await buildApp(
    { config: { ...config, port, publicUrl: url }, database },
    { logger: false, serveWeb: true },
  );
  await app.listen({ port, host: '127.0.0.1' });
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  try {
    const viewing = new HttpSession(url);
    await viewing.login(viewer, PASSWORD);
    const entering = new HttpSession(url);
    await entering.login(lab, PASSWORD);
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'vi-VN' });
    await context.addCookies(
      viewing.cookie.split('; ').map((c) => {
        const eq = c.indexOf('=');
        return { name: c.slice(0, eq), value: c.slice(eq + 1), url };
      }),
    );
    const page = await context.newPage();
    await page.goto(
      `${url}/situation?unit=${options.provinceCode}&disease=${encodeURIComponent(options.disease)}`,
    );
    const read = async () => {
      const text = (await page.locator(TILE).first().textContent({ timeout: 60_000 })) ?? '';
      const digits = text.replace(/\D/gu, '');
      return digits === '' ? null : Number(digits);
    };
    await page.locator(TILE).first().waitFor({ timeout: 60_000 });
    await page.waitForFunction((sel) => /\d/u.test(document.querySelector(sel)?.textContent ?? ''), TILE, {
      timeout: 60_000,
    });
    const times: number[] = [];
    for (const [i, barcode] of barcodes.entries()) {
      const before = (await read()) ?? 0;
      const start = performance.now();
      const res = await entering.post('/api/testing/results', { barcode, outcome: 'positive', ct: 21 });
      if (res.status !== 201) throw new Error(`result entry: HTTP ${res.status} ${JSON.stringify(res.body)}`);
      await page.waitForFunction(
        ({ sel, want }) =>
          Number((document.querySelector(sel)?.textContent ?? '').replace(/\D/gu, '')) >= want,
        { sel: TILE, want: before + 1 },
        { polling: 'raf', timeout: 30_000 },
      );
      const ms = msSince(start);
      times.push(ms);
      say(`  event ${i + 1}: ${before} → ${before + 1} on screen after ${ms.toFixed(0)} ms`);
    }
    await context.close();
    return times;
  } finally {
    await browser.close();
    await app.close();
  }
}
