/**
 * Cross-jurisdiction contact referrals. A tracer who names, at interview, a contact living in a
 * commune outside their jurisdiction learns nothing about that person and writes nothing onto
 * their record: the named details go to that commune as a referral. The commune's own tracer
 * reviews it and either links it (record linkage in their commune: the contact edge is proposed
 * on their resident) or dismisses it. The referring tracer only ever sees a count.
 */
import { AppError } from '@epilink/core';
import { and, eq } from 'drizzle-orm';
import type { Access } from '../access/context.ts';
import { actorId, placeWithin, scopeFor } from '../access/context.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import { writeAudit } from '../audit/audit.ts';
import type { Db, DbOrTx, Tx } from '../db/client.ts';
import { afterCursor, keyText, orderByKey, pageOf } from '../http/page.ts';
import type { KeyPart } from '../http/page.ts';
import { contactReferrals, persons } from '../db/schema/index.ts';
import type { cases } from '../db/schema/index.ts';
import { publishEvents } from '../events/publish.ts';
import { enqueue } from '../outbox/outbox.ts';
import { ingestPersons } from '../registry/linkage/ingest.ts';
import { findUnit } from '../registry/units/repository.ts';
import { recomputeComponent } from './graph.ts';
import { insertProposals } from './proposals.ts';
import type { NamedContact } from './update.ts';

/** A named contact with the full place of its named commune. */
interface PlacedContact {
  contact: NamedContact;
  place: { provinceCode: string; districtCode: string | null; communeCode: string };
}

/** The full place (province, district, commune) of a commune code, or null if unknown. */
async function placeOfCommune(db: DbOrTx, communeCode: string): Promise<PlacedContact['place'] | null> {
  const commune = await findUnit(db, communeCode);
  if (!commune) return null;
  const district = commune.parentCode ? await findUnit(db, commune.parentCode) : null;
  const provinceCode = district?.parentCode ?? commune.parentCode;
  if (!provinceCode) return null;
  return { provinceCode, districtCode: district?.code ?? null, communeCode: commune.code };
}

/**
 * Split interview contacts into those named inside the caller's jurisdiction (linked as usual)
 * and those named in a commune outside it (referred).
 */
export async function splitByJurisdiction(
  db: DbOrTx,
  access: Access,
  contacts: NamedContact[],
): Promise<{ local: NamedContact[]; referred: PlacedContact[] }> {
  const local: NamedContact[] = [];
  const referred: PlacedContact[] = [];
  for (const contact of contacts) {
    const place = contact.communeCode ? await placeOfCommune(db, contact.communeCode) : null;
    if (place && !placeWithin(access, place)) referred.push({ contact, place });
    else local.push(contact);
  }
  return { local, referred };
}

/** Store referrals for the named communes, audited (no person: nothing was linked). */
export async function referContacts(
  tx: Tx,
  access: Access,
  origin: AuditOrigin,
  caseRow: typeof cases.$inferSelect,
  referred: PlacedContact[],
): Promise<void> {
  if (referred.length === 0) return;
  const rows = await tx
    .insert(contactReferrals)
    .values(
      referred.map((r) => ({
        caseId: caseRow.id,
        sourcePersonId: caseRow.personId,
        diseaseCode: caseRow.diseaseCode,
        named: r.contact,
        createdBy: actorId(access),
        ...r.place,
      })),
    )
    .returning({ id: contactReferrals.id, communeCode: contactReferrals.communeCode });
  await writeAudit(
    tx,
    access,
    origin,
    rows.map((r) => ({
      action: 'create' as const,
      entity: 'contact_referral',
      entityId: r.id,
      personId: caseRow.personId,
      fields: ['namedContact'],
      details: { caseId: caseRow.id, toCommune: r.communeCode },
    })),
  );
}

/** A referral as its reviewing commune sees it. */
export interface ReferralView {
  id: string;
  status: 'pending' | 'linked' | 'dismissed';
  fullName: string;
  phone: string | null;
  idNumber: string | null;
  dateOfBirth: string | null;
  exposureType: string;
  exposureDate: string | null;
  communeCode: string | null;
  personId: string | null;
  createdAt: string;
}

function view(row: typeof contactReferrals.$inferSelect): ReferralView {
  const named = row.named as NamedContact;
  return {
    id: row.id,
    status: row.status,
    fullName: named.fullName,
    phone: named.phone ?? null,
    idNumber: named.idNumber ?? null,
    dateOfBirth: named.dateOfBirth ?? null,
    exposureType: named.exposureType,
    exposureDate: named.exposureDate ?? null,
    communeCode: row.communeCode,
    personId: row.personId,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Referrals to review in the caller's jurisdiction (by the named place), newest first. */
export async function listReferrals(
  db: DbOrTx,
  access: Access,
  query: { status: 'pending' | 'linked' | 'dismissed'; limit: number; cursor?: string },
): Promise<{ items: ReferralView[]; nextCursor: string | null }> {
  const [k0, k1] = keyText(REFERRAL_KEY);
  const rows = await db
    .select({ r: contactReferrals, k0: k0!, k1: k1! })
    .from(contactReferrals)
    .where(
      and(
        eq(contactReferrals.status, query.status),
        scopeFor(access, contactReferrals),
        afterCursor(REFERRAL_KEY, query.cursor, 'desc'),
      ),
    )
    .orderBy(...orderByKey(REFERRAL_KEY, 'desc'))
    .limit(query.limit + 1);
  const page = pageOf(rows, query.limit, (x) => [x.k0, x.k1]);
  return { items: page.items.map((x) => view(x.r)), nextCursor: page.nextCursor };
}

/** The referral list's order: newest first (keyset). */
const REFERRAL_KEY: KeyPart[] = [
  { column: contactReferrals.createdAt, type: 'timestamptz' },
  { column: contactReferrals.id, type: 'uuid' },
];

/** A person the reviewing tracer chose: inside their jurisdiction (NOT_FOUND otherwise), survivor id. */
async function residentInScope(tx: Tx, access: Access, id: string): Promise<string> {
  const [p] = await tx
    .select({ id: persons.id, mergedInto: persons.mergedInto })
    .from(persons)
    .where(and(eq(persons.id, id), scopeFor(access, persons)));
  if (!p) throw new AppError('NOT_FOUND');
  return p.mergedInto ?? p.id;
}

/** Record linkage of the named details in the referral's commune (a match inside resolves to it). */
async function linkNamed(
  tx: Tx,
  access: Access,
  origin: AuditOrigin,
  row: typeof contactReferrals.$inferSelect,
  named: NamedContact,
): Promise<string> {
  const idNumber = named.idNumber?.trim() ?? null;
  const [outcome] = await ingestPersons(
    tx,
    access,
    origin,
    [
      {
        source: 'interview-referral',
        fullName: named.fullName,
        dateOfBirth: named.dateOfBirth ?? null,
        sex: null,
        cccd: idNumber && /^\d{12}$/u.test(idNumber) ? idNumber : null,
        cmnd: idNumber && /^\d{9}$/u.test(idNumber) ? idNumber : null,
        phone: named.phone ?? null,
        communeCode: row.communeCode,
        districtCode: row.districtCode,
        provinceCode: row.provinceCode,
      },
    ],
    { within: access },
  );
  return outcome!.decision === 'merged' && outcome!.matchedId ? outcome!.matchedId : outcome!.personId;
}

/**
 * Decide a referral of the caller's jurisdiction: `link` adds the named contact through record
 * linkage in the named commune (a match inside the caller's jurisdiction resolves to that
 * person), or to the resident the tracer chose, and proposes the contact edge; `dismiss` ends it. NOT_FOUND outside the jurisdiction.
 */
export async function decideReferral(
  database: Db,
  access: Access,
  origin: AuditOrigin,
  id: string,
  decision: 'link' | 'dismiss',
  chosenPersonId?: string,
): Promise<ReferralView> {
  return database.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(contactReferrals)
      .where(and(eq(contactReferrals.id, id), scopeFor(access, contactReferrals)))
      .for('update');
    if (!row) throw new AppError('NOT_FOUND');
    if (row.status !== 'pending') throw new AppError('CONFLICT');
    const now = new Date();
    if (decision === 'dismiss') {
      const [done] = await tx
        .update(contactReferrals)
        .set({ status: 'dismissed', decidedBy: actorId(access), decidedAt: now })
        .where(eq(contactReferrals.id, row.id))
        .returning();
      await writeAudit(tx, access, origin, {
        action: 'update',
        entity: 'contact_referral',
        entityId: row.id,
        fields: ['status'],
        details: { decision },
      });
      return view(done!);
    }
    const named = row.named as NamedContact;
    const personId = chosenPersonId
      ? await residentInScope(tx, access, chosenPersonId)
      : await linkNamed(tx, access, origin, row, named);
    const proposed = await insertProposals(
      tx,
      { caseId: row.caseId, sourcePersonId: row.sourcePersonId, diseaseCode: row.diseaseCode },
      [
        {
          personId,
          exposureType: named.exposureType,
          exposureDate: named.exposureDate ?? null,
          durationMinutes: named.durationMinutes ?? null,
          source: 'interview',
          venueId: null,
          note: named.note ?? null,
        },
      ],
    );
    const [done] = await tx
      .update(contactReferrals)
      .set({
        status: 'linked',
        personId,
        contactId: proposed[0]?.id ?? null,
        decidedBy: actorId(access),
        decidedAt: now,
      })
      .where(eq(contactReferrals.id, row.id))
      .returning();
    await writeAudit(tx, access, origin, [
      {
        action: 'update',
        entity: 'contact_referral',
        entityId: row.id,
        personId,
        fields: ['status', 'personId'],
        details: { decision },
      },
      ...proposed.map((c) => ({
        action: 'create' as const,
        entity: 'contact',
        entityId: c.id,
        personId,
        fields: ['proposal'],
        details: { caseId: row.caseId, source: 'interview-referral' },
      })),
    ]);
    if (proposed.length > 0) {
      await enqueue(tx, 'contact.proposed', { caseId: row.caseId, contactIds: proposed.map((c) => c.id) });
    }
    const statusEvents = await recomputeComponent(tx, [row.sourcePersonId], row.diseaseCode);
    await publishEvents(tx, [...proposed, ...statusEvents]);
    return view(done!);
  });
}
