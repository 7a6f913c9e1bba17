/**
 * Records handled at a site — doses given in a vaccination session, specimens taken at a test
 * site or pooled, registrations for a test slot, visits to a check-in venue — are reached through
 * the SITE, which `scopeFor` places in the caller's jurisdiction. People from elsewhere come to
 * such sites, so the one rule (issue #9 item 5) is:
 *
 * - An official whose jurisdiction holds the site sees, for every record handled there, the
 *   **operational fields** the site needs: the record itself, the person's name (and for a
 *   specimen label the year of birth) and the opaque person id to act on the record.
 * - Everything else about a person — date of birth, phone, ID numbers, address, status, other
 *   records — stays behind the person's **home** jurisdiction (`scopeFor` on `persons`: the person
 *   page and every person route answer 404 outside it). `resident` tells the caller which is which.
 * - Every such read is audited **per person** (`read` on entity `site_record`, the site record's
 *   entity and id in `details`), so the person's commune and the security officer see who looked.
 *
 * The only way for a site screen to read a person's name is `readSiteSubjects`, which applies it.
 */
import { inArray } from 'drizzle-orm';
import { writeAudit } from '../audit/audit.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import type { DbOrTx } from '../db/client.ts';
import { persons } from '../db/schema/index.ts';
import { placeWithin } from './context.ts';
import type { Access } from './context.ts';

/** What a site screen may show of a person whose record it handled. */
export interface SiteSubject {
  personId: string;
  fullName: string;
  /** Year of birth (specimen labels), never the date. */
  yearOfBirth: string | null;
  /** The person lives in the caller's jurisdiction (their other data is reachable there). */
  resident: boolean;
}

/** The site a set of records was handled at, for the audit rows. */
export interface SiteContext {
  /** e.g. `vaccination_session`, `test_site`, `test_pool`, `specimen`, `checkin_venue`. */
  entity: string;
  entityId: string | null;
  /** The operational fields shown. */
  fields: string[];
  purpose?: string | null;
}

/** The largest page of a site screen (its routes' `limit` maximum); every person shown is audited. */
export const SITE_AUDIT_LIMIT = 1000;

/**
 * The operational view of the people whose records the caller reached through a site in their
 * jurisdiction, audited per person in `db` (pass the request's transaction when there is one).
 */
export async function readSiteSubjects(
  db: DbOrTx,
  access: Access,
  origin: AuditOrigin,
  site: SiteContext,
  personIds: readonly string[],
): Promise<Map<string, SiteSubject>> {
  const ids = [...new Set(personIds)];
  const out = new Map<string, SiteSubject>();
  if (ids.length === 0) return out;
  const rows = await db
    .select({
      id: persons.id,
      fullName: persons.fullName,
      dateOfBirth: persons.dateOfBirth,
      provinceCode: persons.provinceCode,
      districtCode: persons.districtCode,
      communeCode: persons.communeCode,
    })
    .from(persons)
    .where(inArray(persons.id, ids));
  for (const p of rows) {
    out.set(p.id, {
      personId: p.id,
      fullName: p.fullName,
      yearOfBirth: p.dateOfBirth?.slice(0, 4) ?? null,
      resident: placeWithin(access, p),
    });
  }
  await writeAudit(
    db,
    access,
    origin,
    // Every person returned is audited: a row left out would be a read nobody sees.
    [...out.values()].map((s) => ({
      action: 'read' as const,
      entity: 'site_record',
      entityId: site.entityId,
      personId: s.personId,
      fields: site.fields,
      purpose: site.purpose ?? null,
      details: { site: site.entity, resident: s.resident },
    })),
  );
  return out;
}
