/**
 * The demo inbox is keyset-paginated (issue #11 item 1: it was cut at the newest 200): with 450
 * messages seeded in one statement, following `nextCursor` reaches every message once, the oldest
 * included, newest first. On PGlite and PostgreSQL.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ DEMO: 'true' });
  await t.database.db.execute(
    sql`insert into demo_messages (channel, recipient, subject, body)
        select 'sms', '09' || lpad(g::text, 8, '0'), null, 'message ' || g from generate_series(1, 450) g`,
  );
});
afterAll(async () => {
  await t?.close();
});

describe('demo inbox pages', () => {
  it('walks every message by cursor, the oldest one last', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/demo/inbox?limit=200${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      const page = res.json<{ items: { body: string }[]; nextCursor: string | null }>();
      seen.push(...page.items.map((m) => m.body));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(seen).toHaveLength(450);
    expect(new Set(seen).size).toBe(450);
    expect(seen[0]).toBe('message 450');
    expect(seen.at(-1)).toBe('message 1');
  });
});
