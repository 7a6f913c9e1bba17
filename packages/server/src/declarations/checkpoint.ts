/**
 * Checkpoints (border or district): staff with `declaration:write` scan a declaration's QR; the
 * token is the traveller's consent to show it, so any checkpoint may scan (a district checkpoint
 * sees people of other districts). The answer is the triage result and the name to check against
 * an identity document — not the answers; the passage is recorded and audited.
 */
import { AppError } from '@epilink/core';
import { eq } from 'drizzle-orm';
import type { Access } from '../access/context.ts';
import { actorId } from '../access/context.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import { writeAudit } from '../audit/audit.ts';
import type { DbOrTx } from '../db/client.ts';
import { checkpointPassages, declarations, persons } from '../db/schema/index.ts';
import type { DccVerdict } from './dcc.ts';
import { declarationOfToken } from './token.ts';

/** Record a checkpoint passage for the declaration of a QR token. */
export async function scanAtCheckpoint(
  tx: DbOrTx,
  access: Access,
  origin: AuditOrigin,
  input: { token: string; checkpoint: string },
) {
  const id = await declarationOfToken(tx, input.token);
  if (!id) throw new AppError('NOT_FOUND');
  const [row] = await tx
    .select({ d: declarations, fullName: persons.fullName, dateOfBirth: persons.dateOfBirth })
    .from(declarations)
    .innerJoin(persons, eq(persons.id, declarations.personId))
    .where(eq(declarations.id, id));
  if (!row) throw new AppError('NOT_FOUND');
  const d = row.d;
  const [passage] = await tx
    .insert(checkpointPassages)
    .values({
      declarationId: d.id,
      checkpoint: input.checkpoint,
      action: d.action,
      scannedBy: access.actor.kind === 'user' ? actorId(access) : null,
      provinceCode: d.provinceCode,
      districtCode: d.districtCode,
      communeCode: d.communeCode,
    })
    .returning({ id: checkpointPassages.id, scannedAt: checkpointPassages.scannedAt });
  await writeAudit(tx, access, origin, {
    action: 'read',
    entity: 'declaration',
    entityId: d.id,
    personId: d.personId,
    fields: ['triage', 'fullName', 'dateOfBirth'],
    details: { checkpoint: input.checkpoint, passageId: passage!.id },
  });
  return {
    passageId: passage!.id,
    scannedAt: passage!.scannedAt.toISOString(),
    declaration: {
      id: d.id,
      kind: d.kind,
      day: d.day,
      action: d.action,
      reasons: d.reasons,
      flagStatus: d.flagStatus,
      dcc: d.dcc as DccVerdict | null,
      person: {
        fullName: row.fullName,
        birthYear: row.dateOfBirth ? Number(row.dateOfBirth.slice(0, 4)) : null,
      },
    },
  };
}
