/** The database work behind the webhook routes, inside the caller's jurisdiction (`scopeFor`). */
import { and, desc, eq } from 'drizzle-orm';
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
