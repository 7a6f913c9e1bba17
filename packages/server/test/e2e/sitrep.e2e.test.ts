import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { addDays, formatNumber, today } from '@epilink/core';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, secondFactorInPage, startServer } from './browser.ts';
import type { FileBrowser, RunningServer } from './browser.ts';

const PASSWORD = 'sitrep-epi-pw-2026';
const require = createRequire(import.meta.url);
const PDFJS_DIR = join(dirname(require.resolve('pdfjs-dist/package.json')), 'build');

/** What pdf.js made of one page in Chromium: its text layer, a PNG of it, and how much is inked. */
interface RenderedPage {
  text: string;
  png: string;
  inked: number;
}

/**
 * A sitrep generated from the reports screen, then its PDF rendered page by page to PNG by pdf.js
 * in real Chromium: the pages draw (charts and map are ink, not blank), and the first page's text
 * carries the headline numbers the API stored with the report.
 */
describe('the daily sitrep in real Chromium', () => {
  let server: RunningServer;
  let browser: FileBrowser;

  beforeAll(async () => {
    server = await startServer({
      users: [
        {
          username: 'dichte.tinh',
          password: PASSWORD,
          role: 'provincial_epidemiologist',
          jurisdictionCode: '83',
        },
      ],
    });
    // Confirmed cases of the story: 3 sampled yesterday and 7 today (the province's local days).
    const day = today();
    const yesterday = addDays(day, -1);
    await server.database.db.execute(sql`
      with p as (
        insert into persons (full_name, name_key, province_code, district_code, commune_code, source)
        select 'Ca bệnh ' || g, 'ca benh ' || g, '83', '829', '28756', 'sitrep-e2e' from generate_series(1, 10) g
        returning id, full_name)
      insert into cases (person_id, disease_code, classification, onset_date, sample_date, status,
                         province_code, district_code, commune_code)
      select id, 'COVID-19', 'confirmed', ${yesterday}::date,
             case when substring(full_name from 9)::int <= 3 then ${yesterday}::date else ${day}::date end,
             'open', '83', '829', '28756'
      from p`);
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('is generated from the reports screen and its PDF pages, rendered to PNG, show the headline numbers', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Tên đăng nhập').fill('dichte.tinh');
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await secondFactorInPage(page, 'dichte.tinh');
    await page.getByRole('heading', { level: 1, name: 'Tổng quan' }).waitFor();

    await page.goto(`${server.url}/situation/reports`);
    await page.getByRole('heading', { level: 1, name: 'Báo cáo tình hình hằng ngày' }).waitFor();
    await page.getByText('Chưa có báo cáo nào.').waitFor();
    await page.getByRole('button', { name: 'Tạo báo cáo ngay' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã tạo báo cáo' }).waitFor();
    // The stored report, as the API gives it: its headline and generated sentences.
    const listed = await page.request.get(`${server.url}/api/sitreps?unit=83`);
    const body = (await listed.json()) as {
      items: { id: string; headline: Record<string, number>; sentences: string[] }[];
    };
    const sitrep = body.items[0];
    expect(sitrep).toBeDefined();
    const { id, headline, sentences } = sitrep!;
    // At least the story's cases (the demo's own history may add more).
    expect(headline.newCases).toBeGreaterThanOrEqual(7);
    await page.getByRole('link', { name: 'Tải PDF' }).first().waitFor();
    await page.getByText(sentences[0]!).first().waitFor();

    // pdf.js served from the server's origin (so the PDF download carries the session cookie).
    await page.route(`${server.url}/__pdfjs/**`, async (route) => {
      const name = new URL(route.request().url()).pathname.split('/').pop()!;
      if (name === 'render.html') {
        await route.fulfill({
          contentType: 'text/html',
          body: '<!doctype html><meta charset="utf-8"><script type="module" src="/__pdfjs/render.mjs"></script>',
        });
        return;
      }
      if (name === 'render.mjs') {
        await route.fulfill({
          contentType: 'text/javascript',
          body: `import * as pdfjs from '/__pdfjs/pdf.min.mjs';
pdfjs.GlobalWorkerOptions.workerSrc = '/__pdfjs/pdf.worker.min.mjs';
window.renderPdf = async (href) => {
  const data = await (await fetch(href)).arrayBuffer();
  const doc = await pdfjs.getDocument({ data }).promise;
  const pages = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const p = await doc.getPage(n);
    const viewport = p.getViewport({ scale: 1.5 });
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(viewport.width);
    canvas.height = Math.ceil(viewport.height);
    const ctx = canvas.getContext('2d');
    await p.render({ canvas, canvasContext: ctx, viewport }).promise;
    const px = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let inked = 0;
    for (let i = 0; i < px.length; i += 4) if (px[i] + px[i + 1] + px[i + 2] < 600) inked++;
    const text = (await p.getTextContent()).items.map((it) => it.str ?? '').join(' ');
    pages.push({ text, png: canvas.toDataURL('image/png'), inked });
  }
  return pages;
};
window.pdfReady = true;`,
        });
        return;
      }
      await route.fulfill({ contentType: 'text/javascript', body: readFileSync(join(PDFJS_DIR, name)) });
    });
    await page.goto(`${server.url}/__pdfjs/render.html`);
    await page.waitForFunction(() => (window as unknown as { pdfReady?: boolean }).pdfReady === true);
    const pages = await page.evaluate(
      (href) => (window as unknown as { renderPdf: (h: string) => Promise<RenderedPage[]> }).renderPdf(href),
      `/api/sitreps/${id}/pdf`,
    );

    expect(pages).toHaveLength(3);
    for (const p of pages) {
      expect(p.png.startsWith('data:image/png;base64,')).toBe(true);
      expect(Buffer.from(p.png.split(',')[1]!, 'base64').subarray(1, 4).toString('latin1')).toBe('PNG');
      // Text, boxes, bars and the map's cells are drawn: far more than a blank page's nothing.
      expect(p.inked).toBeGreaterThan(5_000);
    }
    const first = pages[0]!.text.replace(/\s+/gu, ' ');
    expect(first).toContain('Báo cáo tình hình dịch hằng ngày');
    expect(first).toContain('Daily situation report');
    for (const key of ['newCases', 'activeCases', 'deaths', 'tests', 'doses', 'checkins'] as const) {
      expect(first).toContain(formatNumber('vi', headline[key]!));
    }
    expect(first).toContain('Ca mới');
    expect(first).toContain('New cases');
    expect(pages[2]!.text).toContain('Bản đồ');
    await context.close();
  });

  it('shows adoption by commune, lowest first, beside the province’s 2021 starting point, at 1366 and 360 px', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Tên đăng nhập').fill('dichte.tinh');
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await secondFactorInPage(page, 'dichte.tinh');
    await page.getByRole('heading', { level: 1, name: 'Tổng quan' }).waitFor();
    await page.goto(`${server.url}/situation/adoption`);
    await page.getByRole('heading', { level: 1, name: 'Mức độ sử dụng ứng dụng' }).waitFor();
    const baseline = page.getByRole('region', { name: 'Điểm xuất phát của tỉnh' });
    await baseline.getByText('7.430').waitFor();
    await baseline.getByText('370', { exact: true }).waitFor();
    await baseline.getByText('5,34 %').waitFor();
    await baseline
      .getByText('Nguồn: số liệu của tỉnh Bến Tre ngày 16/09/2021, trước khi có EpiLink.')
      .waitFor();
    // The communes of the province as the API lists them: lowest first.
    const api = (await (
      await page.request.get(`${server.url}/api/indicators/adoption?unit=83&asOf=${today()}`)
    ).json()) as { communes: { communeName: string }[] };
    expect(api.communes.length).toBeGreaterThan(0);
    const rows = page.getByRole('table').getByRole('row');
    await rows.nth(1).getByRole('rowheader', { name: api.communes[0]!.communeName }).waitFor();
    expect(await rows.count()).toBe(api.communes.length + 1);
    // The same page, and the reports page, fit a 360 px phone.
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.goto(`${server.url}/situation/reports`);
    await page.getByRole('heading', { level: 1, name: 'Báo cáo tình hình hằng ngày' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await context.close();
  });
});
