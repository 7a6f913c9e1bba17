import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/helpers.ts';
import type { Database } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { systemAccess } from './context.ts';
import { readSiteSubjects, SITE_AUDIT_LIMIT } from './site.ts';

/**
 * The site rule audits every person a site screen reads, however many: a large session's or
 * site's page of more people than the routes' page size still leaves one audit row per person
 * (the rows after the first SITE_AUDIT_LIMIT were silently left unaudited before).
 */
describe('reading people through a site', () => {
  let database: Database;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.close());

  it('audits each of 1,200 people read, once', async () => {
    const made = await queryRows<{ id: string }>(
      database.db,
      sql`insert into persons (full_name, name_key, date_of_birth, province_code, district_code, commune_code, source)
          select 'Người ' || g, 'nguoi ' || g, date '1980-01-01' + g, '83', '829', '28756', 'test'
          from generate_series(1, 1200) g returning id`,
    );
    expect(made.length).toBeGreaterThan(SITE_AUDIT_LIMIT);
    const subjects = await readSiteSubjects(
      database.db,
      systemAccess('test: a site screen'),
      { ip: null },
      { entity: 'vaccination_session', entityId: 'session-1', fields: ['fullName'] },
      made.map((p) => p.id),
    );
    expect(subjects.size).toBe(1200);
    const audited = await queryRows<{ people: number; rows: number }>(
      database.db,
      sql`select count(distinct person_id)::int as people, count(*)::int as rows from audit_log
          where action = 'read' and entity = 'site_record' and entity_id = 'session-1'`,
    );
    expect(audited[0]).toEqual({ people: 1200, rows: 1200 });
  });
});
