import { AppError, classifyIdNumber, normalizePhone } from '@epilink/core';
import { z } from 'zod';
import { writeAudit } from '../../audit/audit.ts';
import { defineRoute } from '../../http/route.ts';
import { ingestPersons } from '../linkage/ingest.ts';
import { findUnit } from '../units/repository.ts';
import { personDetailSchema, personSummarySchema } from './presenter.ts';
import { getPersonDetail, searchPersons } from './repository.ts';
import { parsePersonQuery } from './search.ts';
import { placeWithin } from '../../access/context.ts';

const uuid = z.uuid();

const createBody = z.strictObject({
  fullName: z.string().trim().min(1).max(200),
  dateOfBirth: z.iso.date().nullable(),
  sex: z.enum(['male', 'female']).nullable(),
  idNumber: z.string().max(20).nullable().optional(),
  phone: z.string().max(20).nullable().optional(),
  address: z.string().max(300).nullable().optional(),
  communeCode: z.string().regex(/^\d{5}$/u),
});

export const personRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/persons',
    summary: 'Search people by name prefix (tone-insensitive), ID number or phone, within your jurisdiction',
    tags: ['registry'],
    auth: { kind: 'user', permission: 'person:read' },
    personalData: true,
    query: z.strictObject({
      q: z.string().max(100).default(''),
      limit: z.coerce.number().int().min(1).max(100).default(20),
    }),
    response: z.object({ items: z.array(personSummarySchema) }),
    async handler({ deps, access, query, origin }) {
      const parsed = parsePersonQuery(query.q);
      const items = await searchPersons(deps.database.db, access, parsed, query.limit);
      await writeAudit(deps.database.db, access, origin, {
        action: 'search',
        entity: 'person',
        fields: ['summary'],
        details: { kind: parsed.kind, results: items.length },
      });
      return { items };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/persons/:id',
    summary: 'A person page: identity, household, merged records and history (a merged ID resolves)',
    tags: ['registry'],
    auth: { kind: 'user', permission: 'person:read' },
    personalData: true,
    params: z.strictObject({ id: uuid }),
    response: z.object({ person: personDetailSchema, resolvedFrom: z.string().nullable() }),
    async handler({ deps, access, params, origin }) {
      const result = await getPersonDetail(deps.database.db, access, params.id);
      await writeAudit(deps.database.db, access, origin, {
        action: 'read',
        entity: 'person',
        entityId: result.person.id,
        personId: result.person.id,
        fields: ['identity', 'idNumbers', 'phone', 'address', 'household'],
      });
      return result;
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/persons',
    summary: 'Register a person; record linkage matches them against existing people first',
    tags: ['registry'],
    auth: { kind: 'user', permission: 'person:write' },
    personalData: true,
    body: createBody,
    successStatus: 201,
    response: z.object({
      personId: z.string(),
      decision: z.enum(['new', 'merged', 'review']),
      matchedId: z.string().nullable(),
    }),
    async handler({ deps, access, body, origin }) {
      const { db } = deps.database;
      const commune = await findUnit(db, body.communeCode);
      if (commune?.level !== 'commune')
        throw new AppError('UNKNOWN_CODE', { params: { code: body.communeCode } });
      const district = commune.parentCode ? await findUnit(db, commune.parentCode) : null;
      const provinceCode = district?.parentCode ?? deps.config.provinceCode;
      let ids: { cccd?: string; cmnd?: string; passport?: string } = {};
      if (body.idNumber) {
        const c = classifyIdNumber(body.idNumber);
        if (!c.ok)
          throw new AppError('INVALID_ID_NUMBER', {
            params: { reason: c.reason },
            details: [{ path: 'body.idNumber', messageKey: `registry.idReason.${c.reason}` }],
          });
        ids = { [c.kind]: c.value };
      }
      if (body.phone && !normalizePhone(body.phone)) {
        throw new AppError('INVALID_PHONE', {
          details: [{ path: 'body.phone', messageKey: 'errors.invalidPhone' }],
        });
      }
      // A new record must fall inside the caller's own jurisdiction.
      if (
        !placeWithin(access, {
          provinceCode,
          districtCode: district?.code ?? null,
          communeCode: commune.code,
        })
      ) {
        throw new AppError('FORBIDDEN');
      }
      return db.transaction(async (tx) => {
        const [outcome] = await ingestPersons(
          tx,
          access,
          origin,
          [
            {
              source: 'manual',
              fullName: body.fullName,
              dateOfBirth: body.dateOfBirth,
              sex: body.sex,
              ...ids,
              phone: body.phone ?? null,
              address: body.address ?? null,
              communeCode: commune.code,
              districtCode: district?.code ?? null,
              provinceCode,
            },
          ],
          // A likely match outside the caller's jurisdiction goes to the review queue (someone who
          // sees both decides); the caller learns neither that it exists nor its id.
          { within: access },
        );
        if (outcome!.foreign)
          return { personId: outcome!.personId, decision: 'new' as const, matchedId: null };
        return { personId: outcome!.personId, decision: outcome!.decision, matchedId: outcome!.matchedId };
      });
    },
  }),
];
