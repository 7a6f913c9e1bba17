/**
 * Whose specimen it is, for the person entering its result (#19 item 2): name, date of birth and
 * the identity number masked, so two people of the same name are told apart before a positive
 * result is saved. Read through the site rule (`readSiteSubjects`), which audits every person: a
 * visitor from outside the caller's jurisdiction shows only name and year of birth (#9 item 5:
 * their date of birth and identity numbers stay behind their home jurisdiction).
 */
import { eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Access } from '../access/context.ts';
import { readSiteSubjects } from '../access/site.ts';
import type { SiteSubject } from '../access/site.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import type { DbOrTx } from '../db/client.ts';
import { persons } from '../db/schema/index.ts';
import { maskIdNumber } from '../registry/persons/presenter.ts';

/** The presenter of a specimen's person. */
export const specimenSubjectSchema = z.object({
  fullName: z.string(),
  dateOfBirth: z.string().nullable(),
  /** The CCCD (else CMND, else passport) with only its first and last three characters. */
  idNumberMasked: z.string().nullable(),
  /** The year of birth (all the site rule shows of a visitor from elsewhere). */
  yearOfBirth: z.string().nullable(),
  /** The person lives in the caller's jurisdiction (else date of birth and ID are withheld). */
  resident: z.boolean(),
});
export type SpecimenSubject = z.infer<typeof specimenSubjectSchema>;

/** The person of a specimen already found in the caller's scope, audited as read. */
export async function specimenSubject(
  db: DbOrTx,
  access: Access,
  origin: AuditOrigin,
  specimen: { id: string; personId: string },
  extraFields: readonly string[] = [],
): Promise<SpecimenSubject> {
  const subject = (
    await readSiteSubjects(
      db,
      access,
      origin,
      {
        entity: 'specimen',
        entityId: specimen.id,
        fields: ['fullName', 'dateOfBirth', 'idNumberMasked', ...extraFields],
      },
      [specimen.personId],
    )
  ).get(specimen.personId);
  const resident = subject?.resident ?? false;
  const [p] = await db
    .select({
      fullName: persons.fullName,
      dateOfBirth: persons.dateOfBirth,
      cccd: persons.cccd,
      cmnd: persons.cmnd,
      passport: persons.passport,
    })
    .from(persons)
    .where(eq(persons.id, specimen.personId));
  return {
    fullName: p?.fullName ?? '',
    dateOfBirth: resident ? (p?.dateOfBirth ?? null) : null,
    idNumberMasked: resident ? maskIdNumber(p?.cccd ?? p?.cmnd ?? p?.passport ?? null) : null,
    yearOfBirth: subject?.yearOfBirth ?? null,
    resident,
  };
}

/**
 * Date of birth and masked identity number of the people of a site screen who live in the
 * caller's jurisdiction (#19 item 10: the collection card tells namesakes apart); a visitor from
 * elsewhere keeps only the name and year of birth the site rule gives. The caller audits these
 * fields with the subjects (`readSiteSubjects` fields).
 */
export async function residentIdentities(
  db: DbOrTx,
  subjects: ReadonlyMap<string, SiteSubject>,
): Promise<Map<string, { dateOfBirth: string | null; idNumberMasked: string | null }>> {
  const ids = [...subjects.values()].filter((s) => s.resident).map((s) => s.personId);
  const out = new Map<string, { dateOfBirth: string | null; idNumberMasked: string | null }>();
  if (ids.length === 0) return out;
  const rows = await db
    .select({
      id: persons.id,
      dateOfBirth: persons.dateOfBirth,
      cccd: persons.cccd,
      cmnd: persons.cmnd,
      passport: persons.passport,
    })
    .from(persons)
    .where(inArray(persons.id, ids));
  for (const p of rows) {
    out.set(p.id, {
      dateOfBirth: p.dateOfBirth ?? null,
      idNumberMasked: maskIdNumber(p.cccd ?? p.cmnd ?? p.passport ?? null),
    });
  }
  return out;
}
