/**
 * The live-session list at scale (issue #11 item 1): it stopped at 1,000 sessions; now it is
 * keyset-paginated (newest sign-in first) and a security officer following `nextCursor` reaches
 * every live session once, the oldest last.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAs } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';

const SEEDED = 1_100;

describe('live sessions past the old cap of 1,000', () => {
  let t: TestApp;
  let officer: Record<string, string>;
  beforeAll(async () => {
    t = await createTestApp();
    const signedIn = await signInAs(t, 'security_officer', '83');
    officer = signedIn.headers;
    // 1,100 more live sessions of the same official, signed in one minute apart (one statement).
    await t.database.db.execute(sql`
      insert into sessions (token_hash, user_id, stage, created_at, last_seen_at, expires_at)
      select 'scale-' || g, ${signedIn.userId}, 'active', now() - g * interval '1 minute', now(),
        now() + interval '1 hour'
      from generate_series(1, ${SEEDED}) g`);
  });
  afterAll(async () => {
    await t.close();
  });

  it('every live session is reached once by cursor, the earliest sign-in last', async () => {
    const seen: { id: string; createdAt: string }[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/admin/sessions?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const res = await t.app.inject({ method: 'GET', url, headers: officer });
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json<{ items: { id: string; createdAt: string }[]; nextCursor: string | null }>();
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(seen).toHaveLength(SEEDED + 1);
    expect(new Set(seen.map((s) => s.id)).size).toBe(SEEDED + 1);
    const earliest = Math.min(...seen.map((s) => Date.parse(s.createdAt)));
    expect(Date.parse(seen.at(-1)!.createdAt)).toBe(earliest);
  });

  it('a page size beyond the maximum is refused, not silently cut', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/admin/sessions?limit=5000',
      headers: officer,
    });
    expect(res.statusCode).toBe(400);
  });
});
