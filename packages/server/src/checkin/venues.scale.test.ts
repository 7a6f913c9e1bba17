/**
 * A province's venue registry at scale (Bến Tre registered 7,430 check-in points): an official
 * finds the oldest venue as surely as the newest, and the list walks every venue once, page by
 * page, with nothing silently cut off.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/client.ts';
import { createTestApp, signInAs } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { approvedVenue } from '../../test/checkin/fixtures.ts';

const SEEDED = 7_430;

describe('venues at province scale', () => {
  let t: TestApp;
  let oldest: Awaited<ReturnType<typeof approvedVenue>>;
  let district: Record<string, string>;
  beforeAll(async () => {
    t = await createTestApp();
    oldest = await approvedVenue(t, { name: 'Chợ Mỏ Cày (đăng ký đầu tiên)' });
    const [place] = await queryRows<{ district: string }>(
      t.database.db,
      sql`update venues set created_at = now() - interval '2 years' where id = ${oldest.id}
        returning district_code as district`,
    );
    // Thousands of newer venues in the same commune, in one statement.
    await t.database.db.execute(sql`
      insert into venues (name, type, address, province_code, district_code, commune_code, status, created_at)
      select 'Điểm ' || g, 'shop', 'Ấp ' || (g % 9), v.province_code, v.district_code, v.commune_code,
        'approved', now() - interval '1 year' + g * interval '1 minute'
      from venues v, generate_series(1, ${SEEDED}) g where v.id = ${oldest.id}`);
    district = (await signInAs(t, 'district_officer', place!.district)).headers;
  });
  afterAll(async () => {
    await t.close();
  });

  it('a district official re-issues the QR of the oldest venue and prints its poster (was "not found")', async () => {
    const reissue = await t.app.inject({
      method: 'POST',
      url: `/api/venues/${oldest.id}/token`,
      headers: district,
    });
    expect(reissue.statusCode, reissue.body).toBe(200);
    const venue = reissue.json<{ venue: { id: string; token: string } }>().venue;
    expect(venue.id).toBe(oldest.id);
    expect(venue.token).not.toBe(oldest.token);
    const poster = await t.app.inject({
      method: 'GET',
      url: `/api/venues/${oldest.id}/poster.pdf`,
      headers: district,
    });
    expect(poster.statusCode).toBe(200);
    expect(poster.headers['content-type']).toBe('application/pdf');
  });

  it('the venue list walks every venue exactly once, newest first, and says when it is complete', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/api/venues?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const res = await t.app.inject({ method: 'GET', url, headers: district });
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json<{ items: { id: string; createdAt: string }[]; nextCursor: string | null }>();
      expect(page.items.length).toBeLessThanOrEqual(500);
      seen.push(...page.items.map((v) => v.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor !== null);
    expect(pages).toBe(Math.ceil((SEEDED + 1) / 500));
    expect(seen).toHaveLength(SEEDED + 1);
    expect(new Set(seen).size).toBe(SEEDED + 1);
    expect(seen.at(-1)).toBe(oldest.id);
  });

  it('a forged cursor is refused with the field named, not a server error', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/venues?cursor=bm9wZQ', headers: district });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ error: { code: string; details: { path: string }[] } }>().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ path: 'cursor' }],
    });
  });
});
