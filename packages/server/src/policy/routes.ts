import { AppError, isPolicyKey, POLICY_KEYS, ruleInForce, validatePolicyValue } from '@epilink/core';
import type { PolicyKey } from '@epilink/core';
import { z } from 'zod';
import { defineRoute } from '../http/route.ts';
import { today } from '../registry/units/repository.ts';
import { addPolicyRule } from './add.ts';
import { listRules } from './store.ts';

const ruleSchema = z.object({
  id: z.string(),
  key: z.string(),
  diseaseCode: z.string().nullable(),
  effectiveFrom: z.string(),
  value: z.unknown(),
  source: z.object({
    document: z.string(),
    date: z.string().optional(),
    article: z.string().optional(),
    url: z.string().optional(),
  }),
  verification: z.enum(['confirmed', 'unverified']),
  unverifiedPaths: z.array(z.string()).optional(),
  note: z.string().optional(),
  createdAt: z.string(),
  inForce: z.boolean(),
});

export const policyRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/policy/rules',
    summary: 'Policy rules (every version), marking those in force on a date',
    tags: ['policy'],
    auth: { kind: 'user', permission: 'policy:read' },
    personalData: false,
    query: z.strictObject({ key: z.string().max(100).optional(), at: z.iso.date().optional() }),
    response: z.object({
      keys: z.array(z.object({ key: z.string(), description: z.string() })),
      rules: z.array(ruleSchema),
    }),
    async handler({ tx, query }) {
      const rules = await listRules(tx, query.key);
      const at = query.at ?? today();
      const inForce = new Set<string>();
      const combos = new Set(rules.map((r) => `${r.key}|${r.diseaseCode ?? ''}`));
      for (const combo of combos) {
        const [key, disease] = combo.split('|') as [PolicyKey, string];
        const rule = ruleInForce(rules, key, at, disease === '' ? null : disease) as
          { id?: string } | undefined;
        if (rule?.id) inForce.add(rule.id);
      }
      return {
        keys: Object.entries(POLICY_KEYS).map(([key, def]) => ({ key, description: def.description })),
        rules: rules.map((r) => ({ ...r, inForce: inForce.has(r.id) })),
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/policy/rules',
    summary: 'Add a new version of a policy rule (effective from a date; earlier versions stay)',
    tags: ['policy'],
    auth: { kind: 'user', permission: 'policy:write' },
    personalData: false,
    body: z.strictObject({
      key: z.string().max(100),
      diseaseCode: z.string().max(50).nullable(),
      effectiveFrom: z.iso.date(),
      value: z.unknown(),
      source: z.strictObject({
        document: z.string().min(1).max(200),
        date: z.iso.date().optional(),
        article: z.string().max(200).optional(),
        url: z.url().max(500).optional(),
      }),
      verification: z.enum(['confirmed', 'unverified']),
      note: z.string().max(2000).optional(),
    }),
    successStatus: 201,
    response: z.object({ id: z.string() }),
    async handler({ tx, access, body, audit }) {
      if (!isPolicyKey(body.key)) throw new AppError('UNKNOWN_CODE', { params: { code: body.key } });
      const problems = validatePolicyValue(body.key, body.value);
      if (problems.length > 0) {
        throw new AppError('VALIDATION_FAILED', {
          details: problems.map((p) => ({
            path: `body.value ${p}`,
            messageKey: 'errors.field.invalidValue',
          })),
        });
      }
      const id = await addPolicyRule(tx, access, body);
      await audit({
        action: 'create',
        entity: 'policy_rule',
        entityId: id,
        fields: ['value'],
        details: { key: body.key, effectiveFrom: body.effectiveFrom },
      });
      return { id };
    },
  }),
];
