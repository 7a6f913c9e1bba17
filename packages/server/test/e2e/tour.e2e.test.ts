/**
 * Every role's screens clicked through in real Chromium: each role signs in, opens every link its
 * menu offers and every link those screens offer in turn (one address of each shape), and on each
 * screen nothing fails — no uncaught script error, no console error, no 5xx, no missing file, no API
 * refusal (a 403 means a screen offered what the role may not read), no screen still loading after
 * 15 s, no message key or "{{placeholder}}" shown in place of words, no offered link that ends on the
 * "no access" or "not found" page, and nothing wider than the screen.
 * The roles alternate between Vietnamese on a 1366 px desktop and English on a 360 px phone (most
 * screens are seen both ways, by different roles: CI's time; the tracer, the commune officer and the
 * venue owner on the phone); TOUR_ALL=1 takes every role through both, TOUR_WIDTH=N sets the width.
 */
import { sql } from 'drizzle-orm';
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translate, type Role } from '@epilink/core';
import { createUser } from '../../src/auth/users.ts';
import { queryRows } from '../../src/db/client.ts';
import { openBrowser, secondFactorInPage, startServer } from './browser.ts';
import type { FileBrowser, RunningServer } from './browser.ts';

const PASSWORD = 'tour-password-every-screen';
/** A role's screens at most (the largest menu with its sub-pages is ~50). */
const MAX_SCREENS = 80;
const ALL = process.env.TOUR_ALL === '1';
/** The screen: a desktop in Vietnamese, a phone in English (TOUR_WIDTH overrides both). */
const widthOf = (lang: 'vi' | 'en') => Number(process.env.TOUR_WIDTH ?? (lang === 'vi' ? 1366 : 360));

/** Text that is a message key (`cases.list.title`) or an unfilled placeholder, not words. */
const RAW_KEY = /\b(?:web|citizen|errors?|common|nav)\.[a-zA-Z0-9_]+(?:\.[a-zA-Z0-9_]+)+\b|\{\{\s*\w+/u;

describe("every role's screens, in Vietnamese and English", () => {
  let server: RunningServer;
  let browser: FileBrowser;
  const accounts: { username: string; role: Role; unit: string }[] = [];
  /** A record's own screen under each module (menu address → one record's address). */
  const records: [string, string][] = [];

  beforeAll(async () => {
    server = await startServer();
    const db = server.database.db;
    const [c] = await queryRows<{ commune: string; district: string }>(
      db,
      // The commune with the most cases (then people): its officials have records to open.
      sql`select p.commune_code as commune, u.parent_code as district from persons p
        join admin_units u on u.code = p.commune_code and u.valid_to is null
        left join cases k on k.person_id = p.id
        where p.merged_into is null group by p.commune_code, u.parent_code
        order by count(k.id) desc, count(*) desc limit 1`,
    );
    // In the commune every commune-level account works in, so each role may open them.
    const [person] = await queryRows<{ id: string }>(
      db,
      sql`select id from persons where commune_code = ${c!.commune} and merged_into is null limit 1`,
    );
    const [kase] = await queryRows<{ id: string }>(
      db,
      sql`select k.id from cases k join persons p on p.id = k.person_id where p.commune_code = ${c!.commune} limit 1`,
    );
    const [zone] = await queryRows<{ id: string }>(db, sql`select id from zones limit 1`);
    if (person) records.push(['/people', `/people/${person.id}`]);
    if (kase) records.push(['/cases', `/cases/${kase.id}`]);
    if (zone) records.push(['/zones', `/zones/${zone.id}`]);
    expect(records.length).toBeGreaterThanOrEqual(1);
    const unitOf: Record<Role, string> = {
      province_admin: '83',
      provincial_epidemiologist: '83',
      district_officer: c!.district,
      commune_officer: c!.commune,
      lab_technician: '83',
      tracer: c!.commune,
      vaccinator: c!.commune,
      quarantine_officer: c!.district,
      security_officer: '83',
      venue_owner: c!.commune,
      steering_committee: '83',
    };
    for (const [role, unit] of Object.entries(unitOf) as [Role, string][]) {
      const username = `tour.${role.replaceAll('_', '.')}`;
      await createUser(db, {
        username,
        password: PASSWORD,
        role,
        jurisdictionCode: unit,
        displayName: username,
      });
      accounts.push({ username, role, unit });
    }
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signIn(
    username: string,
    lang: 'vi' | 'en',
  ): Promise<{ page: Page; problems: string[]; open: (href: string) => Promise<void> }> {
    const context = await browser.newContext({ viewport: { width: widthOf(lang), height: 900 } });
    await context.addInitScript((l) => {
      localStorage.setItem('epilink.lang', l);
    }, lang);
    const page = await context.newPage();
    const problems: string[] = [];
    // API requests in flight (the live event streams, which never end, aside).
    const inFlight = new Set<Request>();
    const isApi = (url: string) => {
      const path = new URL(url).pathname;
      return path.startsWith('/api/') && !path.startsWith('/api/events');
    };
    page.on('request', (r) => {
      if (isApi(r.url())) inFlight.add(r);
    });
    page.on('requestfinished', (r) => {
      inFlight.delete(r);
    });
    page.on('requestfailed', (r) => {
      inFlight.delete(r);
    });
    page.on('pageerror', (e) => problems.push(`script error: ${e.message}`));
    page.on('console', (m) => {
      // A refused or missing resource is Chromium's echo of a response, judged below.
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource'))
        problems.push(`console: ${m.text()}`);
    });
    page.on('response', (r) => {
      const path = new URL(r.url()).pathname;
      // 5xx anywhere; a missing file of the app; an API refusal (the screen asked what the role may
      // not read). An API 404 is an answer ("no levels for this week yet"), not a fault.
      const api = path.startsWith('/api/');
      if (r.status() >= 500 || (!api && r.status() === 404) || (api && r.status() === 403))
        problems.push(`${r.status()} ${r.request().method()} ${path}`);
    });
    await page.goto(`${server.url}/`);
    await page.getByLabel(lang === 'vi' ? 'Tên đăng nhập' : 'Username').fill(username);
    await page.getByLabel(lang === 'vi' ? 'Mật khẩu' : 'Password').fill(PASSWORD);
    await page.getByRole('button', { name: lang === 'vi' ? 'Đăng nhập' : 'Sign in' }).click();
    const second = page.getByLabel(/Mã xác thực|Authentication code/u);
    // The signed-in layout's menu button (the menu itself is folded away on a phone).
    const menu = page.locator('header button[aria-controls]');
    await Promise.race([
      second.waitFor({ timeout: 15_000 }),
      menu.waitFor({ state: 'attached', timeout: 15_000 }),
    ]);
    if (await second.isVisible()) await secondFactorInPage(page, username);
    await menu.waitFor({ state: 'attached', timeout: 15_000 });
    /**
     * Until no API request of this screen has been in flight for 250 ms (its reads done, however
     * chained); one still pending after 15 s is a fault of its own.
     */
    const settled = async () => {
      const started = Date.now();
      let quietSince = started;
      for (;;) {
        await page.waitForTimeout(50);
        if (inFlight.size > 0) quietSince = Date.now();
        else if (Date.now() - quietSince >= 250) return;
        if (Date.now() - started > 15_000) {
          problems.push(`still loading after 15 s: ${[...inFlight].map((r) => r.url()).join(', ')}`);
          return;
        }
      }
    };
    /** Open a screen by its address (requests of the screen before are no longer this one's). */
    const open = async (href: string) => {
      await page.goto(`${server.url}${href}`);
      inFlight.clear();
      await page.locator('main').first().waitFor();
      await settled();
    };
    return { page, problems, open };
  }

  for (const lang of ['vi', 'en'] as const)
    it(`in ${lang === 'vi' ? 'Vietnamese' : 'English'}`, { timeout: 600_000 }, async () => {
      const found: string[] = [];
      let visited = 0;
      const roles = accounts.filter((_, i) => ALL || (i % 2 === 0) === (lang === 'vi'));
      for (const { username, role } of roles) {
        const { page, problems, open } = await signIn(username, lang);
        const navId = await page.locator('header button[aria-controls]').getAttribute('aria-controls');
        const hrefs = await page
          .locator(`[id="${navId}"] a[href^="/"]`)
          .evaluateAll((as) => [...new Set(as.map((a) => a.getAttribute('href')!))]);
        const queue = ['/', ...hrefs, ...records.filter(([menu]) => hrefs.includes(menu)).map(([, r]) => r)];
        const seen = new Set<string>();
        const pattern = (href: string) =>
          href
            .split('?')[0]!
            .replace(/[0-9a-f]{8}-[0-9a-f-]{27}/giu, ':id')
            .replace(/\/\d+(?=\/|$)/gu, '/:n');
        while (queue.length > 0 && seen.size < MAX_SCREENS) {
          const href = queue.shift()!;
          if (seen.has(pattern(href))) continue;
          seen.add(pattern(href));
          problems.length = 0;
          await open(href);
          const text = await page.locator('body').innerText();
          // A link offered to the role leads to a page it may open (not the "no access" page, nor "not found").
          for (const key of ['web.noAccess.title', 'web.notFound.title'])
            if (text.includes(translate(lang, key)))
              problems.push(`offered, but shows "${translate(lang, key)}"`);
          const raw = RAW_KEY.exec(text);
          if (raw) problems.push(`raw text "${raw[0]}"`);
          // Nothing makes the page wider than the screen (wide tables scroll inside their own box).
          const wider = await page.evaluate(() => {
            const root = document.documentElement;
            const over = root.scrollWidth - root.clientWidth;
            if (over <= 1) return null;
            // The outermost elements that reach past the screen's right edge, to name the culprit.
            const past = Array.from(document.querySelectorAll('main *')).filter(
              (e) =>
                e.getBoundingClientRect().right > root.clientWidth + 1 &&
                !e.parentElement?.closest('[data-past]'),
            );
            const named = past.slice(0, 3).map((e) => {
              e.setAttribute('data-past', '');
              return `${e.tagName.toLowerCase()}${e.className ? `.${e.className.split(' ').join('.')}` : ''}`;
            });
            return `${over} px (${named.join(', ')})`;
          });
          if (wider) problems.push(`page wider than the screen by ${wider}`);
          for (const p of problems) found.push(`${role} ${href}: ${p}`);
          const inner = await page
            .locator('main a[href^="/"]')
            .evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
          for (const h of inner) if (!seen.has(pattern(h)) && !h.startsWith('/api/')) queue.push(h);
        }
        visited += seen.size;
        await page.context().close();
      }
      expect(found).toEqual([]);
      // The tour went somewhere: each role its menu and more.
      expect(visited).toBeGreaterThan(roles.length * 5);
    });
});
