/**
 * Epidemic levels over HTTP (Contract B): the committee's week (scoped, with inputs and the
 * deciding criterion), the list of weeks, computing a proposal on demand, confirming with
 * overrides; and the public open JSON feed of confirmed levels (no sign-in, rate-limited, no
 * personal data: units, levels and guidance only).
 */
import { translate } from '@epilink/core';
import { z } from 'zod';
import { nextCursorSchema, pageQuery } from '../http/page.ts';
import { defineRoute } from '../http/route.ts';
import { computeLevels } from './compute.ts';
import { assertProvinceInScope, confirmWeek } from './confirm.ts';
import { confirmedHistory, latestConfirmed, listWeeks, readWeek } from './read.ts';

const DISEASE = 'COVID-19';
const level = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);
const unitLevel = z.enum(['commune', 'district', 'area', 'province']);
const criterion = z.enum(['incidence', 'coverage', 'capacity', 'noPopulation', 'aggregation', 'override']);
/** Public routes: besides the global per-IP limit, 60 a minute per IP. */
const PUBLIC_LIMIT = { max: 60, perSeconds: 60 };

const publicUnit = z.object({
  code: z.string(),
  name: z.string(),
  level: unitLevel,
  parentCode: z.string().nullable(),
  epidemicLevel: level,
});
const publicWeek = z.object({
  week: z.string(),
  confirmedAt: z.string().nullable(),
  units: z.array(publicUnit),
});
const guidanceSchema = z.object({ '1': z.string(), '2': z.string(), '3': z.string(), '4': z.string() });

export const levelRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/levels',
    summary:
      "A week's epidemic levels (default: the newest assessed) in my jurisdiction, with inputs and the deciding criterion; units are those of the week's own list (asOf is accepted, levels keep the units of their week)",
    tags: ['levels'],
    auth: { kind: 'user', permission: 'level:read' },
    personalData: false,
    query: z.strictObject({ week: z.iso.date().optional(), asOf: z.iso.date().optional() }),
    response: z.object({
      week: z.string(),
      status: z.enum(['proposed', 'confirmed']),
      assessedFrom: z.string(),
      assessedTo: z.string(),
      computedAt: z.string(),
      confirmedAt: z.string().nullable(),
      rules: z.unknown(),
      units: z.array(
        z.object({
          code: z.string(),
          name: z.string(),
          level: unitLevel,
          districtCode: z.string().nullable(),
          epidemicLevel: level,
          proposedLevel: level,
          overridden: z.boolean(),
          reason: z.string().optional(),
          inputs: z.record(z.string(), z.unknown()),
          decidingCriterion: criterion,
        }),
      ),
    }),
    async handler({ tx, access, query, deps }) {
      return readWeek(tx, access, {
        provinceCode: deps.config.provinceCode,
        disease: DISEASE,
        ...(query.week ? { week: query.week } : {}),
      });
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/levels/weeks',
    summary:
      'The weeks assessed, newest first, with their status (proposed or confirmed); keyset-paginated: `cursor` = the previous page’s `nextCursor`',
    tags: ['levels'],
    auth: { kind: 'user', permission: 'level:read' },
    personalData: false,
    query: z.strictObject(pageQuery(60, 200)),
    response: z.object({
      items: z.array(
        z.object({
          week: z.string(),
          status: z.enum(['proposed', 'confirmed']),
          computedAt: z.string(),
          confirmedAt: z.string().nullable(),
        }),
      ),
      nextCursor: nextCursorSchema,
    }),
    async handler({ tx, deps, query }) {
      return listWeeks(tx, deps.config.provinceCode, DISEASE, query);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/levels/compute',
    summary: "Compute (or recompute) a week's proposal now; a confirmed week is refused",
    tags: ['levels'],
    auth: { kind: 'user', permission: 'level:confirm' },
    personalData: false,
    body: z.strictObject({ week: z.iso.date() }),
    response: z.object({ week: z.string(), communes: z.number(), units: z.number() }),
    async handler({ tx, access, body, deps, audit }) {
      await assertProvinceInScope(tx, access, deps.config.provinceCode);
      const result = await computeLevels(tx, { provinceCode: deps.config.provinceCode, week: body.week });
      await audit({
        action: 'create',
        entity: 'epidemic_level_week',
        entityId: `${deps.config.provinceCode}:${DISEASE}:${body.week}`,
        details: { week: body.week, units: result.units },
      });
      return result;
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/levels/confirm',
    summary:
      "Confirm a week's proposal (steering committee); overrides set a unit's level with a mandatory reason, the proposal is kept",
    tags: ['levels'],
    auth: { kind: 'user', permission: 'level:confirm' },
    personalData: false,
    body: z.strictObject({
      week: z.iso.date(),
      overrides: z
        .array(
          z.strictObject({
            unitCode: z.string().regex(/^[0-9A-Za-z._-]{1,20}$/u),
            unitLevel,
            level,
            reason: z.string().trim().min(5).max(1000),
          }),
        )
        .max(2000)
        .default([]),
    }),
    response: z.object({ week: z.string(), confirmed: z.number(), overridden: z.number() }),
    async handler({ tx, access, body, deps, audit }) {
      const { result, audit: entries } = await confirmWeek(tx, access, {
        provinceCode: deps.config.provinceCode,
        disease: DISEASE,
        week: body.week,
        overrides: body.overrides,
      });
      await audit(entries);
      return result;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/public/levels',
    summary: 'Open feed: the latest confirmed epidemic levels of every unit, with guidance per level',
    tags: ['levels', 'public'],
    auth: { kind: 'public' },
    personalData: false,
    rateLimit: PUBLIC_LIMIT,
    response: z.object({
      provinceCode: z.string(),
      disease: z.string(),
      latest: publicWeek.nullable(),
      guidance: guidanceSchema,
    }),
    async handler({ tx, lang, deps }) {
      const latest = await latestConfirmed(tx, deps.config.provinceCode, DISEASE);
      const guidance = (n: 1 | 2 | 3 | 4) => translate(lang, `levels.guidance.level${n}`);
      return {
        provinceCode: deps.config.provinceCode,
        disease: DISEASE,
        latest,
        guidance: { '1': guidance(1), '2': guidance(2), '3': guidance(3), '4': guidance(4) },
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/public/levels/history',
    summary: 'Open feed: confirmed epidemic levels of every week between two days (at most two years)',
    tags: ['levels', 'public'],
    auth: { kind: 'public' },
    personalData: false,
    rateLimit: PUBLIC_LIMIT,
    query: z
      .strictObject({ from: z.iso.date(), to: z.iso.date() })
      .refine((q) => q.from <= q.to, { path: ['to'], message: 'to before from' })
      .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 731 * 86_400_000, {
        path: ['to'],
        message: 'at most two years',
      }),
    response: z.object({ provinceCode: z.string(), disease: z.string(), weeks: z.array(publicWeek) }),
    async handler({ tx, query, deps }) {
      const weeks = await confirmedHistory(tx, {
        provinceCode: deps.config.provinceCode,
        disease: DISEASE,
        from: query.from,
        to: query.to,
      });
      return { provinceCode: deps.config.provinceCode, disease: DISEASE, weeks };
    },
  }),
];
