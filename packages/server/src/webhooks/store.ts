/** The database work behind the webhook routes, inside the caller's jurisdiction (`scopeFor`). */
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Access } from '../access/context.ts';
import { scopeFor } from '../access/context.ts';
import type { DbOrTx } from '../db/client.ts';
import { webhookDeliveries, webhookSubscriptions } from '../db/schema/index.ts';

/** Subscriptions inside the caller's jurisdiction, newest first. */
export function listSubscriptions(db: DbOrTx, access: Access) {
  return db
    .select()
    .from(webhookSubscriptions)
    .where(scopeFor(access, webhookSubscriptions))
    .orderBy(desc(webhookSubscriptions.createdAt));
}

/** Store a new subscription. */
export async function insertSubscription(tx: DbOrTx, values: typeof webhookSubscriptions.$inferInsert) {
  const [row] = await tx.insert(webhookSubscriptions).values(values).returning();
  return row!;
}

/** The last 100 deliveries of a subscription of the caller's jurisdiction (null when not found). */
export async function deliveriesOf(db: DbOrTx, access: Access, id: string) {
  const [sub] = await db
    .select({ id: webhookSubscriptions.id })
    .from(webhookSubscriptions)
    .where(and(eq(webhookSubscriptions.id, id), scopeFor(access, webhookSubscriptions)));
  if (!sub) return null;
  return db
    .select()
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.subscriptionId, sub.id))
    .orderBy(desc(webhookDeliveries.id))
    .limit(100);
}

/** Enable a subscription again (its failure count restarts); false when not found. */
export async function enableSubscription(tx: DbOrTx, access: Access, id: string): Promise<boolean> {
  const rows = await tx
    .update(webhookSubscriptions)
    .set({ disabledAt: null, consecutiveFailures: 0 })
    .where(and(eq(webhookSubscriptions.id, id), scopeFor(access, webhookSubscriptions)))
    .returning({ id: webhookSubscriptions.id });
  return rows.length > 0;
}

/** Disable an active subscription by hand (deliveries wait until enabled); false when not found. */
export async function disableSubscription(tx: DbOrTx, access: Access, id: string): Promise<boolean> {
  const [sub] = await tx
    .select({ id: webhookSubscriptions.id, disabledAt: webhookSubscriptions.disabledAt })
    .from(webhookSubscriptions)
    .where(and(eq(webhookSubscriptions.id, id), scopeFor(access, webhookSubscriptions)));
  if (!sub) return false;
  await tx
    .update(webhookSubscriptions)
    .set({ disabledAt: sql`now()` })
    .where(and(eq(webhookSubscriptions.id, sub.id), isNull(webhookSubscriptions.disabledAt)));
  return true;
}

/**
 * Queue a `webhook.test` delivery to one subscription of the caller's jurisdiction (sent by the
 * delivery worker like any event, signed, logged); null when not found. Test deliveries have no
 * outbox row: a negative outbox id keeps them apart from events.
 */
export async function queueTestDelivery(tx: DbOrTx, access: Access, id: string): Promise<number | null> {
  const [sub] = await tx
    .select()
    .from(webhookSubscriptions)
    .where(and(eq(webhookSubscriptions.id, id), scopeFor(access, webhookSubscriptions)));
  if (!sub) return null;
  const createdAt = new Date();
  const [row] = await tx
    .insert(webhookDeliveries)
    .values({
      subscriptionId: sub.id,
      outboxId: -createdAt.getTime(),
      topic: 'webhook.test',
      body: { id: null, topic: 'webhook.test', createdAt, data: { subscriptionId: sub.id } },
      provinceCode: sub.provinceCode,
      districtCode: sub.districtCode,
      communeCode: sub.communeCode,
    })
    .onConflictDoNothing()
    .returning({ id: webhookDeliveries.id });
  return row?.id ?? 0;
}
