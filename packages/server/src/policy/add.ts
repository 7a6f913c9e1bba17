/** Adding a versioned rule: the service behind `POST /api/policy/rules`. */
import { AppError } from '@epilink/core';
import { actorId } from '../access/context.ts';
import type { Access } from '../access/context.ts';
import type { DbOrTx } from '../db/client.ts';
import { policyRules } from '../db/schema/index.ts';
import { policyRulesWritten } from './store.ts';

/** Store a new rule (a rule of the same key, disease and date already stored is a CONFLICT). */
export async function addPolicyRule(
  tx: DbOrTx,
  access: Access,
  rule: Omit<typeof policyRules.$inferInsert, 'id' | 'createdBy' | 'createdAt'>,
): Promise<string> {
  const [row] = await tx
    .insert(policyRules)
    .values({ ...rule, note: rule.note ?? null, createdBy: actorId(access) })
    .onConflictDoNothing()
    .returning({ id: policyRules.id });
  policyRulesWritten();
  if (!row) throw new AppError('CONFLICT');
  return row.id;
}
