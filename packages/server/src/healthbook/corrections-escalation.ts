/**
 * Open correction requests climb like quarantine alerts (#17 item 3): unsettled past the days of
 * policy `correction.escalation` at the owning unit they go to the district (or the province where
 * there is no district), then to the province (core `correctionEscalationDue`).
 * `escalateCorrections(db, now)` runs with the time it is given (the worker passes the real clock,
 * tests a controlled one); each step is audited.
 */
import { localDay } from '@epilink/core';
import { correctionEscalationDue } from '@epilink/core/healthbook/corrections';
import type { CorrectionLevel } from '@epilink/core/healthbook/corrections';
import { eq, sql } from 'drizzle-orm';
import { systemAccess } from '../access/context.ts';
import type { AuditEntry } from '../audit/audit.ts';
import { writeAudit } from '../audit/audit.ts';
import type { Db } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { correctionRequests } from '../db/schema/index.ts';
import { policyInForce } from '../policy/store.ts';

const WORKER = systemAccess('correction requests escalation');

/** Move every open request whose delay has passed one level up; returns how many moved. */
export async function escalateCorrections(db: Db, now: Date): Promise<number> {
  return db.transaction(async (tx) => {
    const rule = (await policyInForce(tx, 'correction.escalation', localDay(now), null))?.value;
    if (!rule) return 0;
    const oldest = new Date(now.getTime() - Math.min(rule.unitDays, rule.districtDays) * 86_400_000);
    const open = await queryRows<{
      id: string;
      person_id: string;
      level: CorrectionLevel;
      level_since: string;
      district_code: string | null;
    }>(
      tx,
      sql`select id, person_id, level, level_since, district_code from correction_requests
        where status = 'open' and level <> 'province' and level_since <= ${oldest.toISOString()}::timestamptz
        order by level_since for update skip locked limit 1000`,
    );
    const audits: AuditEntry[] = [];
    for (const r of open) {
      const next = correctionEscalationDue(
        rule,
        { level: r.level, levelSince: new Date(r.level_since), hasDistrict: r.district_code !== null },
        now,
      );
      if (!next) continue;
      await tx
        .update(correctionRequests)
        .set({ level: next, levelSince: now })
        .where(eq(correctionRequests.id, r.id));
      audits.push({
        action: 'update',
        entity: 'correction_request',
        entityId: r.id,
        personId: r.person_id,
        fields: ['level'],
        details: { from: r.level, to: next, openSince: r.level_since },
      });
    }
    await writeAudit(tx, WORKER, { ip: null }, audits);
    return audits.length;
  });
}

/** Run the escalation every `everyMs` (default 10 min); the returned function stops it. */
export function startCorrectionWorker(db: Db, onError: (e: unknown) => void, everyMs = 600_000): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    escalateCorrections(db, new Date())
      .catch(onError)
      .finally(() => {
        running = false;
      });
  }, everyMs);
  timer.unref();
  return () => {
    clearInterval(timer);
  };
}
