/**
 * Citizen and public pages log nothing in the console (#19 item 14), in Vietnamese and English, on
 * a phone: the citizen sign-in, the health book (not signed in: sent to the sign-in), a venue's QR
 * check-in page, the certificate verifier, the declarations' home (its namespace is not in the
 * light entry's catalogue: loaded before the page renders) and the public map. Before, each page asked for the
 * officials' session and the browser logged its 401. The site's root offers residents their way
 * in (#19 item 13). The officials' sign-in page too: its "who am I" answers nobody (200), not 401.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translate } from '@epilink/core';
import { queryRows } from '../../src/db/client.ts';
import { openBrowser, startServer } from './browser.ts';
import type { FileBrowser, RunningServer } from './browser.ts';

describe('citizen and public pages in the browser console', () => {
  let server: RunningServer;
  let browser: FileBrowser;
  let token = '';

  beforeAll(async () => {
    server = await startServer();
    const db = server.database.db;
    const [place] = await queryRows<{ province_code: string; district_code: string; commune_code: string }>(
      db,
      sql`select province_code, district_code, commune_code from persons where commune_code is not null limit 1`,
    );
    const [venue] = await queryRows<{ id: string }>(
      db,
      sql`insert into venues (name, type, address, province_code, district_code, commune_code, status)
        values ('Chợ Phú Hưng', 'market', 'Ấp 2', ${place!.province_code}, ${place!.district_code},
          ${place!.commune_code}, 'approved') returning id`,
    );
    token = 'e2eConsoleToken19_abcd';
    await db.execute(sql`insert into venue_tokens (token, venue_id) values (${token}, ${venue!.id})`);
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const lang of ['vi', 'en'] as const) {
    it(`no console error on the citizen and public pages (${lang})`, async () => {
      const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
      await context.addInitScript((l) => {
        localStorage.setItem('epilink.lang', l);
      }, lang);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(`${page.url()}: ${m.text()}`);
      });
      // A refused request is logged by the browser as an error: name it.
      page.on('response', (r) => {
        if (r.status() >= 400)
          errors.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`);
      });
      page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
      const heading = page.getByRole('heading', { level: 1 }).first();
      // The officials' sign-in asks "who am I": nobody signed in is an answer, not a logged 401.
      for (const path of ['/me/login', '/me', `/c/${token}`, '/verify', '/declare', '/map', '/login']) {
        await page.goto(`${server.url}${path}`);
        await heading.waitFor();
      }
      // A citizen page outside the light entry's catalogue namespaces waits for the whole
      // catalogue: its heading is in words, never a key.
      await page.goto(`${server.url}/declare`);
      await page
        .getByRole('heading', { level: 1, name: translate(lang, 'declarationsWeb.citizen.title') })
        .waitFor();
      // Signed out, the health book leads to the sign-in.
      await page.goto(`${server.url}/me`);
      await page.waitForURL(/\/me\/login/u);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
      expect(errors).toEqual([]);

      // The site's root on a phone: the residents' way in beside the officials' sign-in.
      await page.goto(`${server.url}/`);
      const landing = page.getByRole('complementary', {
        name: lang === 'vi' ? 'Bạn là người dân?' : 'Are you a resident?',
      });
      await landing.waitFor();
      expect(await landing.getByRole('link').count()).toBe(4);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      await landing
        .getByRole('link', { name: lang === 'vi' ? 'Sổ sức khỏe của tôi' : 'My health book' })
        .click();
      await page.waitForURL(/\/me\/login/u);
      // The root sent the visitor to the officials' sign-in first: still nothing logged.
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});
